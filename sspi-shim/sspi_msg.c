/*
 * sspi_msg.c - MakeSignature, VerifySignature, EncryptMessage and
 * DecryptMessage over the GSS IOV calls (sspi-reference §4.3).
 *
 * SecBuffer -> IOV mapping: the first SECBUFFER_TOKEN is the HEADER (wrap)
 * or MIC_TOKEN (sign); plain DATA is DATA; DATA|READONLY_WITH_CHECKSUM is
 * SIGN_ONLY; DATA|READONLY and other types are left out; PADDING is
 * PADDING; STREAM is STREAM (decrypt: DATA is pointed into it).  If the
 * mechanism has no IOV support (GSS_S_UNAVAILABLE), a single plain DATA
 * buffer is handled with gss_wrap / gss_unwrap (the NTLM wrap token is
 * signature || sealed data) and signatures with gss_get_mic over the
 * concatenated signable buffers.
 * MessageSeqNo is ignored: the mechanism keeps one sequence counter per
 * direction, as Windows' connection-oriented NTLM.  For NTLM pfQOP is left
 * untouched (reference §5 item 24).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sspi_int.h"

enum msg_op { MSG_SIGN, MSG_VERIFY, MSG_WRAP, MSG_UNWRAP };

struct iov_map {
    gss_iov_buffer_desc *iov;
    ULONG *src;             /* SecBuffer index of each IOV */
    int count;
    SecBuffer *token;
    SecBuffer *stream;
    int num_data;           /* plain DATA buffers */
    int num_sign_only;
};

static void
iov_map_free(struct iov_map *m)
{
    free(m->iov);
    free(m->src);
    memset(m, 0, sizeof(*m));
}

static SECURITY_STATUS
iov_map_build(PSecBufferDesc msg, enum msg_op op, struct iov_map *m)
{
    ULONG i, type, attr;
    OM_uint32 iov_type;
    int sign = (op == MSG_SIGN || op == MSG_VERIFY);

    memset(m, 0, sizeof(*m));
    if (msg == NULL || msg->pBuffers == NULL || msg->cBuffers == 0)
        return SEC_E_INVALID_TOKEN;
    m->iov = calloc(msg->cBuffers, sizeof(*m->iov));
    m->src = calloc(msg->cBuffers, sizeof(*m->src));
    if (m->iov == NULL || m->src == NULL) {
        iov_map_free(m);
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    for (i = 0; i < msg->cBuffers; i++) {
        SecBuffer *b = &msg->pBuffers[i];

        type = b->BufferType & ~SECBUFFER_ATTRMASK;
        attr = b->BufferType & SECBUFFER_ATTRMASK;
        switch (type) {
        case SECBUFFER_TOKEN:
            if (m->token != NULL)
                continue;
            m->token = b;
            iov_type = sign ? GSS_IOV_BUFFER_TYPE_MIC_TOKEN
                            : GSS_IOV_BUFFER_TYPE_HEADER;
            break;
        case SECBUFFER_DATA:
            if (attr & SECBUFFER_READONLY)
                continue;
            if (attr & SECBUFFER_READONLY_WITH_CHECKSUM) {
                iov_type = GSS_IOV_BUFFER_TYPE_SIGN_ONLY;
                m->num_sign_only++;
            } else {
                iov_type = GSS_IOV_BUFFER_TYPE_DATA;
                m->num_data++;
            }
            break;
        case SECBUFFER_PADDING:
            if (sign)
                continue;
            iov_type = GSS_IOV_BUFFER_TYPE_PADDING;
            break;
        case SECBUFFER_STREAM:
            if (op != MSG_UNWRAP || m->stream != NULL)
                continue;
            m->stream = b;
            iov_type = GSS_IOV_BUFFER_TYPE_STREAM;
            break;
        default:
            continue;
        }
        if (b->pvBuffer == NULL && b->cbBuffer != 0) {
            iov_map_free(m);
            return SEC_E_INVALID_TOKEN;
        }
        m->iov[m->count].type = iov_type;
        m->iov[m->count].buffer.value = b->pvBuffer;
        m->iov[m->count].buffer.length = b->cbBuffer;
        m->src[m->count] = i;
        m->count++;
    }
    return SEC_E_OK;
}

static struct sspi_ctx *
msg_ctx(PCtxtHandle phContext)
{
    struct sspi_ctx *ctx = sspi_handle_get(phContext, SSPI_KIND_CTX);

    if (ctx == NULL || ctx->gctx == GSS_C_NO_CONTEXT || !ctx->established)
        return NULL;
    return ctx;
}

/* Concatenation of the signable buffers (DATA and SIGN_ONLY). */
static SECURITY_STATUS
concat_signable(const struct iov_map *m, gss_buffer_desc *out)
{
    size_t len = 0;
    int i;
    unsigned char *p;

    out->value = NULL;
    out->length = 0;
    for (i = 0; i < m->count; i++) {
        if (m->iov[i].type == GSS_IOV_BUFFER_TYPE_DATA ||
            m->iov[i].type == GSS_IOV_BUFFER_TYPE_SIGN_ONLY)
            len += m->iov[i].buffer.length;
    }
    p = malloc(len ? len : 1);
    if (p == NULL)
        return SEC_E_INSUFFICIENT_MEMORY;
    out->value = p;
    for (i = 0; i < m->count; i++) {
        if (m->iov[i].type == GSS_IOV_BUFFER_TYPE_DATA ||
            m->iov[i].type == GSS_IOV_BUFFER_TYPE_SIGN_ONLY) {
            if (m->iov[i].buffer.length)
                memcpy(p + out->length, m->iov[i].buffer.value,
                       m->iov[i].buffer.length);
            out->length += m->iov[i].buffer.length;
        }
    }
    return SEC_E_OK;
}

/* Index of the only plain DATA IOV, or -1. */
static int
single_data(const struct iov_map *m)
{
    int i;

    if (m->num_data != 1 || m->num_sign_only != 0)
        return -1;
    for (i = 0; i < m->count; i++) {
        if (m->iov[i].type == GSS_IOV_BUFFER_TYPE_DATA)
            return i;
    }
    return -1;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
MakeSignature(PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage,
              ULONG MessageSeqNo)
{
    struct sspi_ctx *ctx;
    struct iov_map m;
    gss_iov_buffer_desc *mic;
    gss_buffer_desc msg = GSS_C_EMPTY_BUFFER, tok = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;
    SECURITY_STATUS ret;
    int i;

    ctx = msg_ctx(phContext);
    if (ctx == NULL)
        return SEC_E_INVALID_HANDLE;
    if (fQOP != 0)
        return SEC_E_QOP_NOT_SUPPORTED;
    ret = iov_map_build(pMessage, MSG_SIGN, &m);
    if (ret != SEC_E_OK)
        return ret;
    if (m.token == NULL) {
        ret = SEC_E_INVALID_TOKEN;
        goto done;
    }
    mic = NULL;
    for (i = 0; i < m.count; i++) {
        if (m.iov[i].type == GSS_IOV_BUFFER_TYPE_MIC_TOKEN)
            mic = &m.iov[i];
    }
    mic->buffer.length = 0;
    major = gss_get_mic_iov_length(&minor, ctx->gctx, GSS_C_QOP_DEFAULT,
                                   m.iov, m.count);
    if (major == GSS_S_UNAVAILABLE || major == GSS_S_BAD_MECH) {
        /* no IOV: one MIC over the concatenated signable buffers */
        ret = concat_signable(&m, &msg);
        if (ret != SEC_E_OK)
            goto done;
        major = gss_get_mic(&minor, ctx->gctx, GSS_C_QOP_DEFAULT, &msg,
                            &tok);
        if (GSS_ERROR(major)) {
            ret = sspi_map_status(major, minor, SSPI_OP_MESSAGE,
                                  ctx->gss_flags);
            goto done;
        }
        if (m.token->cbBuffer < tok.length || m.token->pvBuffer == NULL) {
            ret = SEC_E_BUFFER_TOO_SMALL;
            goto done;
        }
        memcpy(m.token->pvBuffer, tok.value, tok.length);
        m.token->cbBuffer = (ULONG)tok.length;
        ret = SEC_E_OK;
        goto done;
    }
    if (GSS_ERROR(major)) {
        ret = sspi_map_status(major, minor, SSPI_OP_MESSAGE,
                              ctx->gss_flags);
        goto done;
    }
    if (m.token->cbBuffer < mic->buffer.length ||
        m.token->pvBuffer == NULL) {
        ret = SEC_E_BUFFER_TOO_SMALL;
        goto done;
    }
    mic->buffer.value = m.token->pvBuffer;
    major = gss_get_mic_iov(&minor, ctx->gctx, GSS_C_QOP_DEFAULT, m.iov,
                            m.count);
    if (GSS_ERROR(major)) {
        ret = sspi_map_status(major, minor, SSPI_OP_MESSAGE,
                              ctx->gss_flags);
        goto done;
    }
    m.token->cbBuffer = (ULONG)mic->buffer.length;
    ret = SEC_E_OK;

done:
    free(msg.value);
    (void)gss_release_buffer(&minor, &tok);
    iov_map_free(&m);
    return ret;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
VerifySignature(PCtxtHandle phContext, PSecBufferDesc pMessage,
                ULONG MessageSeqNo, ULONG *pfQOP)
{
    struct sspi_ctx *ctx;
    struct iov_map m;
    gss_buffer_desc msg = GSS_C_EMPTY_BUFFER, tok;
    gss_qop_t qop = 0;
    OM_uint32 major, minor;
    SECURITY_STATUS ret;

    ctx = msg_ctx(phContext);
    if (ctx == NULL)
        return SEC_E_INVALID_HANDLE;
    ret = iov_map_build(pMessage, MSG_VERIFY, &m);
    if (ret != SEC_E_OK)
        return ret;
    if (m.token == NULL) {
        ret = SEC_E_INVALID_TOKEN;
        goto done;
    }
    major = gss_verify_mic_iov(&minor, ctx->gctx, &qop, m.iov, m.count);
    if (major == GSS_S_UNAVAILABLE || major == GSS_S_BAD_MECH) {
        ret = concat_signable(&m, &msg);
        if (ret != SEC_E_OK)
            goto done;
        tok.value = m.token->pvBuffer;
        tok.length = m.token->cbBuffer;
        major = gss_verify_mic(&minor, ctx->gctx, &msg, &tok, &qop);
    }
    ret = sspi_map_status(major, minor, SSPI_OP_MESSAGE, ctx->gss_flags);
    if (ret == SEC_E_OK && pfQOP != NULL && ctx->mech->id != SSPI_PKG_NTLM)
        *pfQOP = qop;

done:
    free(msg.value);
    iov_map_free(&m);
    return ret;
}

/* gss_wrap fallback for a single DATA buffer: output = header || data. */
static SECURITY_STATUS
wrap_fallback(struct sspi_ctx *ctx, struct iov_map *m, int conf)
{
    gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;
    SECURITY_STATUS ret;
    size_t hdr;
    int d = single_data(m);

    if (d < 0)
        return SEC_E_UNSUPPORTED_FUNCTION;
    in = m->iov[d].buffer;
    major = gss_wrap(&minor, ctx->gctx, conf, GSS_C_QOP_DEFAULT, &in, NULL,
                     &out);
    if (GSS_ERROR(major))
        return sspi_map_status(major, minor, SSPI_OP_MESSAGE,
                               ctx->gss_flags);
    if (out.length < in.length) {
        ret = SEC_E_INTERNAL_ERROR;
        goto done;
    }
    hdr = out.length - in.length;
    if (m->token->cbBuffer < hdr || m->token->pvBuffer == NULL) {
        ret = SEC_E_BUFFER_TOO_SMALL;
        goto done;
    }
    memcpy(m->token->pvBuffer, out.value, hdr);
    m->token->cbBuffer = (ULONG)hdr;
    if (in.length)
        memcpy(in.value, (unsigned char *)out.value + hdr, in.length);
    ret = SEC_E_OK;

done:
    (void)gss_release_buffer(&minor, &out);
    return ret;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
EncryptMessage(PCtxtHandle phContext, ULONG fQOP, PSecBufferDesc pMessage,
               ULONG MessageSeqNo)
{
    struct sspi_ctx *ctx;
    struct iov_map m;
    OM_uint32 major, minor;
    SECURITY_STATUS ret;
    int i, conf = 1, conf_state = 0;

    ctx = msg_ctx(phContext);
    if (ctx == NULL)
        return SEC_E_INVALID_HANDLE;
    if (fQOP == SECQOP_WRAP_NO_ENCRYPT && ctx->mech->id != SSPI_PKG_NTLM)
        conf = 0;
    else if (fQOP != 0)
        return SEC_E_QOP_NOT_SUPPORTED;
    ret = iov_map_build(pMessage, MSG_WRAP, &m);
    if (ret != SEC_E_OK)
        return ret;
    if (m.token == NULL) {
        ret = SEC_E_INVALID_TOKEN;
        goto done;
    }
    for (i = 0; i < m.count; i++) {
        if (m.iov[i].type == GSS_IOV_BUFFER_TYPE_HEADER ||
            m.iov[i].type == GSS_IOV_BUFFER_TYPE_PADDING)
            m.iov[i].buffer.length = 0;
    }
    major = gss_wrap_iov_length(&minor, ctx->gctx, conf, GSS_C_QOP_DEFAULT,
                                &conf_state, m.iov, m.count);
    if (major == GSS_S_UNAVAILABLE || major == GSS_S_BAD_MECH) {
        if (conf && ctx->mech->id == SSPI_PKG_NTLM &&
            !(ctx->gss_flags & GSS_C_CONF_FLAG)) {
            ret = SEC_E_UNSUPPORTED_FUNCTION;   /* see below */
            goto done;
        }
        ret = wrap_fallback(ctx, &m, conf);
        goto done;
    }
    if (GSS_ERROR(major)) {
        ret = sspi_map_status(major, minor, SSPI_OP_MESSAGE,
                              ctx->gss_flags);
        goto done;
    }
    /* NTLM without SEAL negotiated: Windows (Vista and later) refuses to
     * seal (reference §5 item 25) rather than sending the data in clear
     * with a signature, which is what GSS wrap(conf_req=1) would do. */
    if (conf && !conf_state && ctx->mech->id == SSPI_PKG_NTLM) {
        ret = SEC_E_UNSUPPORTED_FUNCTION;
        goto done;
    }
    /* every HEADER / PADDING must fit in the caller's buffer */
    for (i = 0; i < m.count; i++) {
        SecBuffer *b = &pMessage->pBuffers[m.src[i]];

        if (m.iov[i].type != GSS_IOV_BUFFER_TYPE_HEADER &&
            m.iov[i].type != GSS_IOV_BUFFER_TYPE_PADDING)
            continue;
        if (b->cbBuffer < m.iov[i].buffer.length ||
            (m.iov[i].buffer.length && b->pvBuffer == NULL)) {
            ret = SEC_E_BUFFER_TOO_SMALL;
            goto done;
        }
        m.iov[i].buffer.value = b->pvBuffer;
    }
    major = gss_wrap_iov(&minor, ctx->gctx, conf, GSS_C_QOP_DEFAULT, NULL,
                         m.iov, m.count);
    if (GSS_ERROR(major)) {
        ret = sspi_map_status(major, minor, SSPI_OP_MESSAGE,
                              ctx->gss_flags);
        goto done;
    }
    for (i = 0; i < m.count; i++) {
        if (m.iov[i].type == GSS_IOV_BUFFER_TYPE_HEADER ||
            m.iov[i].type == GSS_IOV_BUFFER_TYPE_PADDING)
            pMessage->pBuffers[m.src[i]].cbBuffer =
                (ULONG)m.iov[i].buffer.length;
    }
    ret = SEC_E_OK;

done:
    iov_map_free(&m);
    return ret;
}

/* gss_unwrap fallback: [TOKEN, DATA] or [STREAM, DATA]. */
static SECURITY_STATUS
unwrap_fallback(struct sspi_ctx *ctx, PSecBufferDesc msg,
                struct iov_map *m, int *conf_state, gss_qop_t *qop)
{
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;
    SECURITY_STATUS ret;
    unsigned char *p = NULL;
    SecBuffer *data = NULL;
    ULONG i;
    int d;

    for (i = 0; i < msg->cBuffers; i++) {
        if ((msg->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK) ==
                SECBUFFER_DATA &&
            !(msg->pBuffers[i].BufferType & SECBUFFER_ATTRMASK)) {
            data = &msg->pBuffers[i];
            break;
        }
    }
    if (data == NULL)
        return SEC_E_INVALID_TOKEN;
    if (m->stream != NULL) {
        in.value = m->stream->pvBuffer;
        in.length = m->stream->cbBuffer;
    } else {
        d = single_data(m);
        if (d < 0 || m->token == NULL)
            return m->token == NULL ? SEC_E_INVALID_TOKEN
                                    : SEC_E_UNSUPPORTED_FUNCTION;
        in.length = (size_t)m->token->cbBuffer + data->cbBuffer;
        p = malloc(in.length ? in.length : 1);
        if (p == NULL)
            return SEC_E_INSUFFICIENT_MEMORY;
        if (m->token->cbBuffer)
            memcpy(p, m->token->pvBuffer, m->token->cbBuffer);
        if (data->cbBuffer)
            memcpy(p + m->token->cbBuffer, data->pvBuffer, data->cbBuffer);
        in.value = p;
    }
    major = gss_unwrap(&minor, ctx->gctx, &in, &out, conf_state, qop);
    ret = sspi_map_status(major, minor, SSPI_OP_MESSAGE, ctx->gss_flags);
    if (GSS_ERROR(major))
        goto done;
    if (m->stream != NULL) {
        if (out.length > m->stream->cbBuffer) {
            ret = SEC_E_INTERNAL_ERROR;
            goto done;
        }
        data->pvBuffer = (unsigned char *)m->stream->pvBuffer +
                         (m->stream->cbBuffer - out.length);
        data->cbBuffer = (ULONG)out.length;
        if (out.length)
            memmove(data->pvBuffer, out.value, out.length);
    } else {
        if (out.length != data->cbBuffer) {
            ret = SEC_E_MESSAGE_ALTERED;
            goto done;
        }
        if (out.length)
            memcpy(data->pvBuffer, out.value, out.length);
    }

done:
    free(p);
    (void)gss_release_buffer(&minor, &out);
    return ret;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
DecryptMessage(PCtxtHandle phContext, PSecBufferDesc pMessage,
               ULONG MessageSeqNo, ULONG *pfQOP)
{
    struct sspi_ctx *ctx;
    struct iov_map m;
    OM_uint32 major, minor;
    gss_qop_t qop = 0;
    SECURITY_STATUS ret;
    int i, conf_state = 1;

    ctx = msg_ctx(phContext);
    if (ctx == NULL)
        return SEC_E_INVALID_HANDLE;
    ret = iov_map_build(pMessage, MSG_UNWRAP, &m);
    if (ret != SEC_E_OK)
        return ret;
    if (m.token == NULL && m.stream == NULL) {
        ret = SEC_E_INVALID_TOKEN;
        goto done;
    }
    if (m.stream != NULL) {
        /* [STREAM, DATA]: the mechanism points DATA into the stream */
        int n = 0;

        for (i = 0; i < m.count; i++) {
            if (m.iov[i].type == GSS_IOV_BUFFER_TYPE_STREAM ||
                m.iov[i].type == GSS_IOV_BUFFER_TYPE_DATA)
                m.iov[n++] = m.iov[i], m.src[n - 1] = m.src[i];
        }
        m.count = n;
    }
    major = gss_unwrap_iov(&minor, ctx->gctx, &conf_state, &qop, m.iov,
                           m.count);
    if (major == GSS_S_UNAVAILABLE || major == GSS_S_BAD_MECH) {
        ret = unwrap_fallback(ctx, pMessage, &m, &conf_state, &qop);
    } else {
        ret = sspi_map_status(major, minor, SSPI_OP_MESSAGE,
                              ctx->gss_flags);
        if (!GSS_ERROR(major) && m.stream != NULL) {
            for (i = 0; i < m.count; i++) {
                if (m.iov[i].type != GSS_IOV_BUFFER_TYPE_DATA)
                    continue;
                pMessage->pBuffers[m.src[i]].pvBuffer =
                    m.iov[i].buffer.value;
                pMessage->pBuffers[m.src[i]].cbBuffer =
                    (ULONG)m.iov[i].buffer.length;
            }
        }
    }
    if (ret == SEC_E_OK && pfQOP != NULL && ctx->mech->id != SSPI_PKG_NTLM)
        *pfQOP = conf_state ? 0 : SECQOP_WRAP_NO_ENCRYPT;

done:
    iov_map_free(&m);
    return ret;
}
