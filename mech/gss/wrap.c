/*
 * wrap.c - per-message protection: get_mic/verify_mic, wrap/unwrap,
 * wrap_size_limit and the IOV family.
 *
 * Token layout (as the existing mechanism and Windows): wrap output is the
 * 16-byte NTLMSSP_MESSAGE_SIGNATURE followed by the (sealed) message.
 * conf_req_flag = 0 gives a sign-only token (conf_state 0); unwrap tells
 * the two apart by verification.  Empty messages are valid.
 *
 * Sequence: the receive direction expects sequence numbers in order.  With
 * extended session security the number is readable before verification:
 * an older one is reported as GSS_S_DUPLICATE_TOKEN, a newer one as
 * GSS_S_GAP_TOKEN (both with GSS_S_BAD_SIG, since an RC4 stream cannot
 * verify a token out of order).  A rejected token never changes the
 * receive state (RC4 and sequence are restored), so later valid tokens
 * still verify.
 *
 * Integrity: SIGN, or SEAL alone (sealing always signs).  A context that
 * negotiated neither (no protection flag asked) has no keys to sign with;
 * as Windows (MS-NLMP 3.4.4, SSPI MakeSignature/VerifySignature) get_mic
 * then produces the dummy signature (version 1, twelve zero bytes) and
 * verify_mic accepts exactly that signature and nothing else; wrap and
 * unwrap refuse with NTLM_ERR_NO_INTEG.  A context with integrity never
 * accepts the dummy (its check is the real MAC).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gss_int.h"

#define SIG_LEN NTLM_SIGNATURE_LEN

/*
 * ctx_ready - 0 if the context is established, unexpired and offers what
 * need asks: NTLMSSP_NEGOTIATE_SIGN = message integrity (SIGN, or SEAL
 * which always signs, see ntlmgss_ctx_integ), NTLMSSP_NEGOTIATE_SEAL =
 * confidentiality, 0 = nothing.
 */
static int
ctx_ready(struct ntlmgss_ctx *ctx, uint32_t need)
{
    if (ctx == NULL)
        return NTLM_ERR_NO_CONTEXT;
    if (ctx->state != NTLMGSS_STATE_DONE || !ctx->have_session)
        return NTLM_ERR_CONTEXT_INCOMPLETE;
    if (ctx->expiry != 0 && ctx->expiry <= time(NULL))
        return NTLM_ERR_CONTEXT_EXPIRED;
    if (need == NTLMSSP_NEGOTIATE_SIGN && !ntlmgss_ctx_integ(ctx))
        return NTLM_ERR_NO_INTEG;
    if (need == NTLMSSP_NEGOTIATE_SEAL &&
        !(ctx->neg_flags & NTLMSSP_NEGOTIATE_SEAL))
        return NTLM_ERR_NO_CONF;
    return 0;
}

/*
 * seq_precheck - with ESS the signature carries the sequence number in
 * clear; compare it with the expected one.  Returns 0, SEQ_DUPLICATE or
 * SEQ_GAP.
 */
static int
seq_precheck(struct ntlmgss_ctx *ctx, const uint8_t sig[SIG_LEN])
{
    uint32_t got, want;

    if (!(ctx->neg_flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) ||
        !ntlmgss_ctx_integ(ctx))
        return 0;       /* encrypted, or the dummy signature (no seq) */
    got = ntlm_sig_seq(sig);
    want = ctx->sess.recv.seq_num;
    if (got == want)
        return 0;
    if ((int32_t)(got - want) < 0)
        return ntlm_err_detail(NTLM_ERR_SEQ_DUPLICATE,
                               "sequence %u, expected %u", got, want);
    return ntlm_err_detail(NTLM_ERR_SEQ_GAP, "sequence %u, expected %u", got,
                           want);
}

/* Major status for a rejected token. */
static OM_uint32
msg_fail(OM_uint32 *minor_status, struct ntlmgss_ctx *ctx, int ret)
{
    OM_uint32 maj = ntlmgss_fail(minor_status, ret);

    if (ctx != NULL)
        ctx->last_minor = ret;
    if (ret == NTLM_ERR_SEQ_DUPLICATE || ret == NTLM_ERR_SEQ_GAP ||
        ret == NTLM_ERR_SEQ_UNSEQ)
        maj |= GSS_S_BAD_SIG;
    return maj;
}

/* Verify sig over parts (sign-only).  ntlm_verify changes no state when
 * it fails, so a rejected token leaves the stream usable. */
static int
verify_parts(struct ntlmgss_ctx *ctx, const struct ncrypto_part *parts,
             size_t n, const uint8_t *sig)
{
    int ret;

    ret = seq_precheck(ctx, sig);
    if (ret != 0)
        return ret;
    return ntlm_verify(&ctx->sess, parts, n, sig);
}

/*
 * unseal_or_verify - data (len bytes, decrypted in place) is either sealed
 * or signed only.  With SEAL negotiated, unsealing is tried first; when it
 * fails ntlm_unseal has put the ciphertext back and changed no state, so
 * the same bytes are then verified as a sign-only token.  No copy of the
 * message is made.  sign_parts as for ntlm_unseal (NULL: the data).
 */
static int
unseal_or_verify(struct ntlmgss_ctx *ctx, uint8_t *data, size_t len,
                 const struct ncrypto_part *parts, size_t n,
                 const uint8_t *sig, int *out_conf)
{
    struct ncrypto_part whole;
    int ret;

    *out_conf = 0;
    ret = seq_precheck(ctx, sig);
    if (ret != 0)
        return ret;
    if (ctx->neg_flags & NTLMSSP_NEGOTIATE_SEAL) {
        ret = ntlm_unseal(&ctx->sess, data, len, parts, parts ? n : 0, sig);
        if (ret == 0) {
            *out_conf = 1;
            return 0;
        }
    }
    if (parts == NULL) {
        whole.ptr = len ? data : (const uint8_t *)"";
        whole.len = len;
        parts = &whole;
        n = 1;
    }
    return ntlm_verify(&ctx->sess, parts, n, sig);
}

/*
 * unseal_or_verify_to - as unseal_or_verify, but from the token (src) into
 * a separate output buffer (dst), so a sealed message is decrypted with no
 * intermediate copy.  On failure ntlm_unseal_to leaves the state and src
 * untouched.
 */
static int
unseal_or_verify_to(struct ntlmgss_ctx *ctx, const uint8_t *src,
                    uint8_t *dst, size_t len, const uint8_t *sig,
                    int *out_conf)
{
    struct ncrypto_part whole;
    int ret;

    *out_conf = 0;
    ret = seq_precheck(ctx, sig);
    if (ret != 0)
        return ret;
    if (ctx->neg_flags & NTLMSSP_NEGOTIATE_SEAL) {
        ret = ntlm_unseal_to(&ctx->sess, src, dst, len, NULL, 0, sig);
        if (ret == 0) {
            *out_conf = 1;
            return 0;
        }
    }
    whole.ptr = len ? src : (const uint8_t *)"";
    whole.len = len;
    ret = ntlm_verify(&ctx->sess, &whole, 1, sig);
    if (ret == 0 && len > 0)
        memcpy(dst, src, len);
    return ret;
}

OM_uint32
ntlmgss_get_mic(OM_uint32 *minor_status, gss_ctx_id_t ctx_h, gss_qop_t qop,
                gss_buffer_t msg, gss_buffer_t token)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    struct ncrypto_part part;
    uint8_t sig[SIG_LEN];
    int ret;

    if (token == GSS_C_NO_BUFFER)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    token->length = 0;
    token->value = NULL;
    if (msg == GSS_C_NO_BUFFER || (msg->value == NULL && msg->length != 0))
        return GSS_S_CALL_INACCESSIBLE_READ;
    if (qop != GSS_C_QOP_DEFAULT)
        return GSS_S_BAD_QOP;
    ret = ctx_ready(ctx, 0);     /* no integrity: dummy signature */
    if (ret != 0)
        return msg_fail(minor_status, ctx, ret);
    part.ptr = msg->length ? msg->value : "";
    part.len = msg->length;
    ret = ntlm_sign(&ctx->sess, &part, 1, sig);
    if (ret == 0)
        ret = ntlmgss_buffer_set(token, sig, SIG_LEN);
    return msg_fail(minor_status, ctx, ret);
}

OM_uint32
ntlmgss_verify_mic(OM_uint32 *minor_status, gss_ctx_id_t ctx_h,
                   gss_buffer_t msg, gss_buffer_t token, gss_qop_t *qop)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    struct ncrypto_part part;
    int ret;

    if (qop != NULL)
        *qop = GSS_C_QOP_DEFAULT;
    if (msg == GSS_C_NO_BUFFER || token == GSS_C_NO_BUFFER ||
        (msg->value == NULL && msg->length != 0))
        return GSS_S_CALL_INACCESSIBLE_READ;
    ret = ctx_ready(ctx, 0);     /* no integrity: dummy signature */
    if (ret != 0)
        return msg_fail(minor_status, ctx, ret);
    if (token->length != SIG_LEN || token->value == NULL)
        return msg_fail(minor_status, ctx,
                        ntlm_err_detail(NTLM_ERR_TRUNCATED,
                                        "MIC token of %zu bytes",
                                        token->length));
    part.ptr = msg->length ? msg->value : "";
    part.len = msg->length;
    ret = verify_parts(ctx, &part, 1, token->value);
    return msg_fail(minor_status, ctx, ret);
}

OM_uint32
ntlmgss_wrap(OM_uint32 *minor_status, gss_ctx_id_t ctx_h, int conf_req,
             gss_qop_t qop, gss_buffer_t in, int *conf_state,
             gss_buffer_t out)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    struct ncrypto_part part;
    uint8_t *buf = NULL;
    bool seal;
    int ret;

    if (conf_state != NULL)
        *conf_state = 0;
    if (out == GSS_C_NO_BUFFER)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    out->length = 0;
    out->value = NULL;
    if (in == GSS_C_NO_BUFFER || (in->value == NULL && in->length != 0))
        return GSS_S_CALL_INACCESSIBLE_READ;
    if (qop != GSS_C_QOP_DEFAULT)
        return GSS_S_BAD_QOP;
    ret = ctx_ready(ctx, NTLMSSP_NEGOTIATE_SIGN);
    if (ret != 0)
        return msg_fail(minor_status, ctx, ret);
    if (in->length > 0xFFFFFFFFu - SIG_LEN)
        return msg_fail(minor_status, ctx, NTLM_ERR_TOO_LARGE);
    buf = malloc(SIG_LEN + in->length + 1);
    if (buf == NULL)
        return msg_fail(minor_status, ctx, NTLM_ERR_NOMEM);
    seal = conf_req && (ctx->neg_flags & NTLMSSP_NEGOTIATE_SEAL);
    if (seal) {
        /* encrypt straight from the caller's buffer into the token */
        ret = ntlm_seal_to(&ctx->sess, in->value, buf + SIG_LEN, in->length,
                           NULL, 0, buf);
    } else {
        if (in->length > 0)
            memcpy(buf + SIG_LEN, in->value, in->length);
        part.ptr = buf + SIG_LEN;
        part.len = in->length;
        ret = ntlm_sign(&ctx->sess, &part, 1, buf);
    }
    if (ret != 0) {
        free(buf);
        return msg_fail(minor_status, ctx, ret);
    }
    out->value = buf;
    out->length = SIG_LEN + in->length;
    if (conf_state != NULL)
        *conf_state = seal ? 1 : 0;
    return msg_fail(minor_status, ctx, 0);
}

OM_uint32
ntlmgss_unwrap(OM_uint32 *minor_status, gss_ctx_id_t ctx_h, gss_buffer_t in,
               gss_buffer_t out, int *conf_state, gss_qop_t *qop)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    uint8_t *buf = NULL;
    size_t len;
    int conf = 0, ret;

    if (conf_state != NULL)
        *conf_state = 0;
    if (qop != NULL)
        *qop = GSS_C_QOP_DEFAULT;
    if (out == GSS_C_NO_BUFFER)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    out->length = 0;
    out->value = NULL;
    if (in == GSS_C_NO_BUFFER || (in->value == NULL && in->length != 0))
        return GSS_S_CALL_INACCESSIBLE_READ;
    ret = ctx_ready(ctx, NTLMSSP_NEGOTIATE_SIGN);
    if (ret != 0)
        return msg_fail(minor_status, ctx, ret);
    if (in->length < SIG_LEN)
        return msg_fail(minor_status, ctx,
                        ntlm_err_detail(NTLM_ERR_TRUNCATED,
                                        "wrap token of %zu bytes",
                                        in->length));
    len = in->length - SIG_LEN;
    buf = malloc(len + 1);
    if (buf == NULL)
        return msg_fail(minor_status, ctx, NTLM_ERR_NOMEM);
    buf[len] = 0;
    ret = unseal_or_verify_to(ctx, (const uint8_t *)in->value + SIG_LEN, buf,
                              len, in->value, &conf);
    if (ret != 0) {
        ntlm_zfree(buf, len);
        return msg_fail(minor_status, ctx, ret);
    }
    if (len > 0) {
        out->value = buf;
        out->length = len;
    } else {
        free(buf);      /* mechglue frees only non-empty buffers */
    }
    if (conf_state != NULL)
        *conf_state = conf;
    return msg_fail(minor_status, ctx, 0);
}

OM_uint32
ntlmgss_wrap_size_limit(OM_uint32 *minor_status, gss_ctx_id_t ctx_h,
                        int conf_req, gss_qop_t qop, OM_uint32 req_out,
                        OM_uint32 *max_in)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    int ret;

    if (max_in == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    *max_in = 0;
    if (qop != GSS_C_QOP_DEFAULT)
        return GSS_S_BAD_QOP;
    ret = ctx_ready(ctx, NTLMSSP_NEGOTIATE_SIGN);
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    *max_in = req_out > SIG_LEN ? req_out - SIG_LEN : 0;
    return ntlmgss_fail(minor_status, 0);
}

/* ---- IOV ---------------------------------------------------------------- */

#define IOV_TYPE(b) GSS_IOV_BUFFER_TYPE((b)->type)

static gss_iov_buffer_desc *
iov_find(gss_iov_buffer_desc *iov, int n, OM_uint32 type)
{
    gss_iov_buffer_desc *found = NULL;
    int i;

    for (i = 0; i < n; i++) {
        if (IOV_TYPE(&iov[i]) == type) {
            if (found != NULL)
                return NULL;    /* more than one: invalid */
            found = &iov[i];
        }
    }
    return found;
}

/* Make sure a HEADER/MIC buffer holds 16 bytes (allocating if asked). */
static int
iov_sig_buffer(gss_iov_buffer_desc *b)
{
    if (b->type & GSS_IOV_BUFFER_FLAG_ALLOCATE) {
        b->buffer.value = malloc(SIG_LEN);
        if (b->buffer.value == NULL)
            return NTLM_ERR_NOMEM;
        b->buffer.length = SIG_LEN;
        b->type |= GSS_IOV_BUFFER_FLAG_ALLOCATED;
        return 0;
    }
    if (b->buffer.length < SIG_LEN || b->buffer.value == NULL)
        return NTLM_ERR_BUFFER_TOO_SMALL;
    b->buffer.length = SIG_LEN;
    return 0;
}

/* Collect the parts to sign (DATA and SIGN_ONLY, in order).  data_base,
 * when not NULL, replaces the DATA buffers' memory by consecutive slices
 * of a concatenated copy. */
static int
iov_parts(gss_iov_buffer_desc *iov, int n, const uint8_t *data_base,
          struct ncrypto_part **out_parts, size_t *out_num,
          size_t *out_data_len)
{
    struct ncrypto_part *p;
    size_t k = 0, off = 0;
    int i;

    *out_parts = NULL;
    *out_num = 0;
    *out_data_len = 0;
    p = calloc((size_t)n + 1, sizeof(*p));
    if (p == NULL)
        return NTLM_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        OM_uint32 t = IOV_TYPE(&iov[i]);

        if (t != GSS_IOV_BUFFER_TYPE_DATA &&
            t != GSS_IOV_BUFFER_TYPE_SIGN_ONLY)
            continue;
        if (iov[i].buffer.length != 0 && iov[i].buffer.value == NULL) {
            free(p);
            return NTLM_ERR_INVALID_ARGUMENT;
        }
        /* the DATA total sizes the gather buffer: it must not wrap */
        if (t == GSS_IOV_BUFFER_TYPE_DATA &&
            iov[i].buffer.length > SIZE_MAX - 1 - off) {
            free(p);
            return NTLM_ERR_TOO_LARGE;
        }
        p[k].len = iov[i].buffer.length;
        if (t == GSS_IOV_BUFFER_TYPE_DATA && data_base != NULL)
            p[k].ptr = data_base + off;
        else
            p[k].ptr = iov[i].buffer.length ? iov[i].buffer.value : "";
        if (t == GSS_IOV_BUFFER_TYPE_DATA)
            off += iov[i].buffer.length;
        k++;
    }
    *out_parts = p;
    *out_num = k;
    *out_data_len = off;
    return 0;
}

static uint8_t *
iov_gather(gss_iov_buffer_desc *iov, int n, size_t len)
{
    uint8_t *buf = malloc(len + 1);
    size_t off = 0;
    int i;

    if (buf == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        if (IOV_TYPE(&iov[i]) == GSS_IOV_BUFFER_TYPE_DATA &&
            iov[i].buffer.length > 0) {
            memcpy(buf + off, iov[i].buffer.value, iov[i].buffer.length);
            off += iov[i].buffer.length;
        }
    }
    return buf;
}

static void
iov_scatter(gss_iov_buffer_desc *iov, int n, const uint8_t *buf)
{
    size_t off = 0;
    int i;

    for (i = 0; i < n; i++) {
        if (IOV_TYPE(&iov[i]) == GSS_IOV_BUFFER_TYPE_DATA &&
            iov[i].buffer.length > 0) {
            memcpy(iov[i].buffer.value, buf + off, iov[i].buffer.length);
            off += iov[i].buffer.length;
        }
    }
}

/* The only DATA buffer when there is exactly one, else NULL: it can then
 * be sealed or unsealed in place, with no gather/scatter copy. */
static gss_iov_buffer_desc *
iov_one_data(gss_iov_buffer_desc *iov, int n)
{
    gss_iov_buffer_desc *found = NULL;
    int i;

    for (i = 0; i < n; i++) {
        if (IOV_TYPE(&iov[i]) != GSS_IOV_BUFFER_TYPE_DATA)
            continue;
        if (found != NULL)
            return NULL;
        found = &iov[i];
    }
    return found;
}

static uint8_t iov_empty[1];

OM_uint32
ntlmgss_wrap_iov(OM_uint32 *minor_status, gss_ctx_id_t ctx_h, int conf_req,
                 gss_qop_t qop, int *conf_state, gss_iov_buffer_desc *iov,
                 int iov_count)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    gss_iov_buffer_desc *hdr, *one;
    struct ncrypto_part *parts = NULL;
    size_t nparts, dlen = 0;
    uint8_t *buf = NULL;
    bool seal;
    int ret;

    if (conf_state != NULL)
        *conf_state = 0;
    if (iov == NULL || iov_count < 0)
        return GSS_S_CALL_INACCESSIBLE_READ;
    if (qop != GSS_C_QOP_DEFAULT)
        return GSS_S_BAD_QOP;
    ret = ctx_ready(ctx, NTLMSSP_NEGOTIATE_SIGN);
    if (ret != 0)
        return msg_fail(minor_status, ctx, ret);
    hdr = iov_find(iov, iov_count, GSS_IOV_BUFFER_TYPE_HEADER);
    if (hdr == NULL)
        return msg_fail(minor_status, ctx, NTLM_ERR_INVALID_ARGUMENT);
    ret = iov_sig_buffer(hdr);
    if (ret != 0)
        return msg_fail(minor_status, ctx, ret);
    ret = iov_parts(iov, iov_count, NULL, &parts, &nparts, &dlen);
    if (ret != 0)
        goto done;
    seal = conf_req && (ctx->neg_flags & NTLMSSP_NEGOTIATE_SEAL);
    one = seal ? iov_one_data(iov, iov_count) : NULL;
    if (one != NULL) {
        /* parts (read before encryption) include the buffer itself */
        ret = ntlm_seal(&ctx->sess, one->buffer.length ?
                        one->buffer.value : iov_empty, one->buffer.length,
                        parts, nparts, hdr->buffer.value);
    } else if (seal) {
        buf = iov_gather(iov, iov_count, dlen);
        if (buf == NULL) {
            ret = NTLM_ERR_NOMEM;
            goto done;
        }
        /* parts point at the plaintext in the caller's buffers */
        ret = ntlm_seal(&ctx->sess, buf, dlen, parts, nparts,
                        hdr->buffer.value);
        if (ret == 0)
            iov_scatter(iov, iov_count, buf);
    } else {
        ret = ntlm_sign(&ctx->sess, parts, nparts, hdr->buffer.value);
    }
    if (ret == 0 && conf_state != NULL)
        *conf_state = seal ? 1 : 0;
done:
    free(parts);
    ntlm_zfree(buf, dlen);
    return msg_fail(minor_status, ctx, ret);
}

OM_uint32
ntlmgss_unwrap_iov(OM_uint32 *minor_status, gss_ctx_id_t ctx_h,
                   int *conf_state, gss_qop_t *qop, gss_iov_buffer_desc *iov,
                   int iov_count)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    gss_iov_buffer_desc *hdr, *stream, *data, *one;
    struct ncrypto_part *parts = NULL;
    size_t nparts, dlen = 0;
    uint8_t *buf = NULL;
    int conf = 0, ret;

    if (conf_state != NULL)
        *conf_state = 0;
    if (qop != NULL)
        *qop = GSS_C_QOP_DEFAULT;
    if (iov == NULL || iov_count < 0)
        return GSS_S_CALL_INACCESSIBLE_READ;
    ret = ctx_ready(ctx, NTLMSSP_NEGOTIATE_SIGN);
    if (ret != 0)
        return msg_fail(minor_status, ctx, ret);
    stream = iov_find(iov, iov_count, GSS_IOV_BUFFER_TYPE_STREAM);
    if (stream != NULL) {
        /* STREAM = signature || data; DATA is pointed into it. */
        data = iov_find(iov, iov_count, GSS_IOV_BUFFER_TYPE_DATA);
        if (data == NULL)
            return msg_fail(minor_status, ctx, NTLM_ERR_INVALID_ARGUMENT);
        if (stream->buffer.length < SIG_LEN || stream->buffer.value == NULL)
            return msg_fail(minor_status, ctx, NTLM_ERR_TRUNCATED);
        data->buffer.value = (uint8_t *)stream->buffer.value + SIG_LEN;
        data->buffer.length = stream->buffer.length - SIG_LEN;
        hdr = stream;
    } else {
        hdr = iov_find(iov, iov_count, GSS_IOV_BUFFER_TYPE_HEADER);
        if (hdr == NULL)
            return msg_fail(minor_status, ctx, NTLM_ERR_INVALID_ARGUMENT);
        if (hdr->buffer.length != SIG_LEN || hdr->buffer.value == NULL)
            return msg_fail(minor_status, ctx, NTLM_ERR_TRUNCATED);
    }
    ret = iov_parts(iov, iov_count, NULL, &parts, &nparts, &dlen);
    if (ret != 0)
        goto done;
    one = iov_one_data(iov, iov_count);
    if (one != NULL) {
        /* in place: parts point at the caller's buffers, the DATA one is
         * decrypted before verification and put back if it fails */
        ret = unseal_or_verify(ctx, one->buffer.length ?
                               one->buffer.value : iov_empty,
                               one->buffer.length, parts, nparts,
                               hdr->buffer.value, &conf);
        if (ret == 0 && conf_state != NULL)
            *conf_state = conf;
        goto done;
    }
    free(parts);
    parts = NULL;
    buf = iov_gather(iov, iov_count, dlen);
    if (buf == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    /* parts point into buf, which is decrypted before verification */
    ret = iov_parts(iov, iov_count, buf, &parts, &nparts, &dlen);
    if (ret != 0)
        goto done;
    ret = unseal_or_verify(ctx, buf, dlen, parts, nparts, hdr->buffer.value,
                           &conf);
    if (ret == 0) {
        iov_scatter(iov, iov_count, buf);
        if (conf_state != NULL)
            *conf_state = conf;
    }
done:
    free(parts);
    ntlm_zfree(buf, dlen);
    return msg_fail(minor_status, ctx, ret);
}

OM_uint32
ntlmgss_wrap_iov_length(OM_uint32 *minor_status, gss_ctx_id_t ctx_h,
                        int conf_req, gss_qop_t qop, int *conf_state,
                        gss_iov_buffer_desc *iov, int iov_count)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    int i, ret;

    if (conf_state != NULL)
        *conf_state = 0;
    if (iov == NULL || iov_count < 0)
        return GSS_S_CALL_INACCESSIBLE_READ;
    ret = ctx_ready(ctx, NTLMSSP_NEGOTIATE_SIGN);
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    for (i = 0; i < iov_count; i++) {
        switch (IOV_TYPE(&iov[i])) {
        case GSS_IOV_BUFFER_TYPE_HEADER:
            iov[i].buffer.length = SIG_LEN;
            break;
        case GSS_IOV_BUFFER_TYPE_TRAILER:
        case GSS_IOV_BUFFER_TYPE_PADDING:
            iov[i].buffer.length = 0;
            break;
        default:
            break;
        }
    }
    if (conf_state != NULL)
        *conf_state = conf_req && (ctx->neg_flags & NTLMSSP_NEGOTIATE_SEAL);
    return ntlmgss_fail(minor_status, 0);
}

OM_uint32
ntlmgss_get_mic_iov(OM_uint32 *minor_status, gss_ctx_id_t ctx_h,
                    gss_qop_t qop, gss_iov_buffer_desc *iov, int iov_count)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    gss_iov_buffer_desc *mic;
    struct ncrypto_part *parts = NULL;
    size_t nparts, dlen;
    int ret;

    if (iov == NULL || iov_count < 0)
        return GSS_S_CALL_INACCESSIBLE_READ;
    if (qop != GSS_C_QOP_DEFAULT)
        return GSS_S_BAD_QOP;
    ret = ctx_ready(ctx, 0);     /* no integrity: dummy signature */
    if (ret != 0)
        return msg_fail(minor_status, ctx, ret);
    mic = iov_find(iov, iov_count, GSS_IOV_BUFFER_TYPE_MIC_TOKEN);
    if (mic == NULL)
        return msg_fail(minor_status, ctx, NTLM_ERR_INVALID_ARGUMENT);
    ret = iov_sig_buffer(mic);
    if (ret == 0)
        ret = iov_parts(iov, iov_count, NULL, &parts, &nparts, &dlen);
    if (ret == 0)
        ret = ntlm_sign(&ctx->sess, parts, nparts, mic->buffer.value);
    free(parts);
    return msg_fail(minor_status, ctx, ret);
}

OM_uint32
ntlmgss_verify_mic_iov(OM_uint32 *minor_status, gss_ctx_id_t ctx_h,
                       gss_qop_t *qop, gss_iov_buffer_desc *iov,
                       int iov_count)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    gss_iov_buffer_desc *mic;
    struct ncrypto_part *parts = NULL;
    size_t nparts, dlen;
    int ret;

    if (qop != NULL)
        *qop = GSS_C_QOP_DEFAULT;
    if (iov == NULL || iov_count < 0)
        return GSS_S_CALL_INACCESSIBLE_READ;
    ret = ctx_ready(ctx, 0);     /* no integrity: dummy signature */
    if (ret != 0)
        return msg_fail(minor_status, ctx, ret);
    mic = iov_find(iov, iov_count, GSS_IOV_BUFFER_TYPE_MIC_TOKEN);
    if (mic == NULL)
        return msg_fail(minor_status, ctx, NTLM_ERR_INVALID_ARGUMENT);
    if (mic->buffer.length != SIG_LEN || mic->buffer.value == NULL)
        return msg_fail(minor_status, ctx, NTLM_ERR_TRUNCATED);
    ret = iov_parts(iov, iov_count, NULL, &parts, &nparts, &dlen);
    if (ret == 0)
        ret = verify_parts(ctx, parts, nparts, mic->buffer.value);
    free(parts);
    return msg_fail(minor_status, ctx, ret);
}

OM_uint32
ntlmgss_get_mic_iov_length(OM_uint32 *minor_status, gss_ctx_id_t ctx_h,
                           gss_qop_t qop, gss_iov_buffer_desc *iov,
                           int iov_count)
{
    gss_iov_buffer_desc *mic;

    if (iov == NULL || iov_count < 0)
        return GSS_S_CALL_INACCESSIBLE_READ;
    mic = iov_find(iov, iov_count, GSS_IOV_BUFFER_TYPE_MIC_TOKEN);
    if (mic == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_INVALID_ARGUMENT);
    mic->buffer.length = SIG_LEN;
    return ntlmgss_fail(minor_status, 0);
}
