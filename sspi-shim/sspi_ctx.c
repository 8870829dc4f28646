/*
 * sspi_ctx.c - InitializeSecurityContext, AcceptSecurityContext and the
 * other context calls.
 *
 * Buffer rules (sspi-reference §4.2, §4.4, §5 items 7-11):
 *  - the input token is the first SECBUFFER_TOKEN of pInput; a
 *    SECBUFFER_CHANNEL_BINDINGS buffer becomes GSS channel bindings;
 *  - the output token goes to the first SECBUFFER_TOKEN of pOutput, whose
 *    cbBuffer is set to the real length, or to a buffer allocated for the
 *    caller with ISC_REQ/ASC_REQ_ALLOCATE_MEMORY (FreeContextBuffer);
 *  - first ISC leg: no output buffer, no TOKEN buffer or cbBuffer 0 ->
 *    SEC_E_BUFFER_TOO_SMALL, pvBuffer NULL -> SEC_E_INTERNAL_ERROR, and no
 *    context is created;
 *  - a later leg whose token does not fit keeps the token in the context
 *    and returns SEC_E_BUFFER_TOO_SMALL; calling again delivers it;
 *  - the handshake never returns SEC_I_COMPLETE_NEEDED: CompleteAuthToken
 *    is a no-op that succeeds on a valid context.
 * pfContextAttr is always written (0 on failure).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sspi_int.h"
#include "ntlmgss.h"

/* First buffer of a type (attribute bits masked off), or NULL. */
static SecBuffer *
find_buffer(PSecBufferDesc desc, ULONG type)
{
    ULONG i;

    if (desc == NULL || desc->pBuffers == NULL)
        return NULL;
    for (i = 0; i < desc->cBuffers; i++) {
        if ((desc->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK) == type)
            return &desc->pBuffers[i];
    }
    return NULL;
}

/*
 * Convert a SECBUFFER_CHANNEL_BINDINGS buffer (SEC_CHANNEL_BINDINGS
 * followed by its data; offsets from the structure's start) into *cb.
 * Returns 0 and sets *have, or SEC_E_INVALID_TOKEN for bad offsets.
 */
static SECURITY_STATUS
read_bindings(PSecBufferDesc desc, struct gss_channel_bindings_struct *cb,
              int *have)
{
    SecBuffer *buf = find_buffer(desc, SECBUFFER_CHANNEL_BINDINGS);
    SEC_CHANNEL_BINDINGS scb;
    unsigned char *base;

    *have = 0;
    memset(cb, 0, sizeof(*cb));
    if (buf == NULL)
        return SEC_E_OK;
    if (buf->pvBuffer == NULL || buf->cbBuffer < sizeof(scb))
        return SEC_E_INVALID_TOKEN;
    base = buf->pvBuffer;
    memcpy(&scb, base, sizeof(scb));
#define CB_FIELD_OK(off, len) \
    ((len) == 0 || ((off) <= buf->cbBuffer && (len) <= buf->cbBuffer - (off)))
    if (!CB_FIELD_OK(scb.dwInitiatorOffset, scb.cbInitiatorLength) ||
        !CB_FIELD_OK(scb.dwAcceptorOffset, scb.cbAcceptorLength) ||
        !CB_FIELD_OK(scb.dwApplicationDataOffset,
                     scb.cbApplicationDataLength))
        return SEC_E_INVALID_TOKEN;
#undef CB_FIELD_OK
    cb->initiator_addrtype = scb.dwInitiatorAddrType;
    cb->initiator_address.length = scb.cbInitiatorLength;
    cb->initiator_address.value = scb.cbInitiatorLength ?
        base + scb.dwInitiatorOffset : NULL;
    cb->acceptor_addrtype = scb.dwAcceptorAddrType;
    cb->acceptor_address.length = scb.cbAcceptorLength;
    cb->acceptor_address.value = scb.cbAcceptorLength ?
        base + scb.dwAcceptorOffset : NULL;
    cb->application_data.length = scb.cbApplicationDataLength;
    cb->application_data.value = scb.cbApplicationDataLength ?
        base + scb.dwApplicationDataOffset : NULL;
    *have = 1;
    return SEC_E_OK;
}

/*
 * Hand a token to the caller's output descriptor.  *allocated is set when
 * the shim allocated pvBuffer.  Returns SEC_E_OK, SEC_E_BUFFER_TOO_SMALL,
 * SEC_E_INTERNAL_ERROR (no pvBuffer) or SEC_E_INSUFFICIENT_MEMORY; the
 * caller's buffers are unchanged on failure.
 */
static SECURITY_STATUS
deliver(PSecBufferDesc pOutput, int alloc, const gss_buffer_desc *tok,
        int *allocated)
{
    SecBuffer *out = find_buffer(pOutput, SECBUFFER_TOKEN);
    void *p;

    if (tok->length == 0) {
        if (out != NULL) {
            out->cbBuffer = 0;
            if (alloc)
                out->pvBuffer = NULL;
        }
        return SEC_E_OK;
    }
    if (out == NULL || tok->length > 0xFFFFFFFFu)
        return SEC_E_BUFFER_TOO_SMALL;
    if (alloc) {
        p = malloc(tok->length);
        if (p == NULL)
            return SEC_E_INSUFFICIENT_MEMORY;
        memcpy(p, tok->value, tok->length);
        out->pvBuffer = p;
        *allocated = 1;
    } else {
        if (out->cbBuffer < tok->length)
            return SEC_E_BUFFER_TOO_SMALL;
        if (out->pvBuffer == NULL)
            return SEC_E_INTERNAL_ERROR;
        memcpy(out->pvBuffer, tok->value, tok->length);
    }
    out->cbBuffer = (ULONG)tok->length;
    return SEC_E_OK;
}

/* Whether two OIDs are equal (the mechanism reports the same one on
 * every leg: one comparison instead of a package table search). */
static int
same_oid(gss_const_OID a, gss_const_OID b)
{
    return a == b || (a->length == b->length &&
                      memcmp(a->elements, b->elements, a->length) == 0);
}

/* ISC/ASC return flags of a context (the mapping of its GSS flags is
 * kept: they rarely change between legs). */
static ULONG
ctx_attrs(struct sspi_ctx *ctx)
{
    if (!ctx->ret_valid || ctx->ret_memo_flags != ctx->gss_flags) {
        ctx->ret_memo = sspi_gss_to_ret(ctx->gss_flags, !ctx->initiator);
        ctx->ret_memo_flags = ctx->gss_flags;
        ctx->ret_valid = 1;
    }
    return ctx->ret_memo | ctx->ret_extra;
}

/* Record mechanism, flags and lifetime once the handshake is complete. */
static void
ctx_established(struct sspi_ctx *ctx)
{
    OM_uint32 major, minor, lifetime = 0, flags = 0;
    gss_OID mech = GSS_C_NO_OID;
    const struct sspi_pkg *pkg;

    ctx->established = 1;
    major = gss_inquire_context(&minor, ctx->gctx, NULL, NULL, &lifetime,
                                &mech, &flags, NULL, NULL);
    if (GSS_ERROR(major))
        return;
    pkg = sspi_pkg_by_oid(mech);
    if (pkg != NULL)
        ctx->mech = pkg;
    ctx->gss_flags = flags;
    ctx->lifetime = lifetime;
}

/* Import an ISC target name: "svc/host[:port]" -> GSS host-based service
 * "svc@host"; "svc/host@REALM" and "user@REALM" -> krb5 principal (a user
 * name for NTLM); a bare "host" -> host-based service "host@host". */
static OM_uint32
import_target(OM_uint32 *minor, const char *text,
              const struct sspi_pkg *pkg, gss_name_t *out)
{
    gss_buffer_desc buf;
    gss_OID type;
    char *copy, *slash;
    OM_uint32 major;

    *out = GSS_C_NO_NAME;
    copy = strdup(text);
    if (copy == NULL) {
        *minor = ENOMEM;
        return GSS_S_FAILURE;
    }
    slash = strchr(copy, '/');
    if (slash != NULL && strchr(slash, '@') == NULL) {
        *slash = '@';
        type = GSS_C_NT_HOSTBASED_SERVICE;
    } else if (strchr(copy, '@') != NULL) {
        type = pkg->id == SSPI_PKG_NTLM ? GSS_C_NT_USER_NAME
                                        : (gss_OID)GSS_KRB5_NT_PRINCIPAL_NAME;
    } else {
        /* a bare host name: the "host" service on it */
        free(copy);
        copy = malloc(strlen(text) + 6);
        if (copy == NULL) {
            *minor = ENOMEM;
            return GSS_S_FAILURE;
        }
        strcpy(copy, "host@");
        strcat(copy, text);
        type = GSS_C_NT_HOSTBASED_SERVICE;
    }
    buf.value = copy;
    buf.length = strlen(copy);
    major = gss_import_name(minor, &buf, type, out);
    free(copy);
    return major;
}

/*
 * The target for a new initiator context: the credential's kept name when
 * the caller names the same target again, else a fresh import that the
 * credential then keeps.  Returns GSS_S_COMPLETE and a counted reference.
 */
static OM_uint32
ctx_target(OM_uint32 *minor, struct sspi_cred *cred, const char *text,
           const struct sspi_pkg *pkg, struct sspi_target **out)
{
    struct sspi_target *t;
    OM_uint32 major;

    *minor = 0;
    *out = sspi_target_find(cred, text);
    if (*out != NULL)
        return GSS_S_COMPLETE;
    t = calloc(1, sizeof(*t));
    if (t == NULL || (t->text = strdup(text)) == NULL) {
        free(t);
        *minor = ENOMEM;
        return GSS_S_FAILURE;
    }
    t->refs = 1;
    major = import_target(minor, text, pkg, &t->name);
    if (GSS_ERROR(major)) {
        sspi_target_unref(t);
        return major;
    }
    sspi_target_keep(cred, t);
    *out = t;
    return GSS_S_COMPLETE;
}

/* Deliver a kept token (later leg retried after SEC_E_BUFFER_TOO_SMALL). */
static SECURITY_STATUS
deliver_pending(struct sspi_ctx *ctx, PSecBufferDesc pOutput, int alloc)
{
    SECURITY_STATUS ret;
    OM_uint32 minor;
    int allocated = 0;

    ret = deliver(pOutput, alloc, &ctx->pending, &allocated);
    if (ret != SEC_E_OK)
        return ret;
    (void)gss_release_buffer(&minor, &ctx->pending);
    ctx->has_pending = 0;
    if (allocated)
        ctx->ret_extra |= ctx->initiator ? ISC_RET_ALLOCATED_MEMORY
                                         : ASC_RET_ALLOCATED_MEMORY;
    return ctx->pending_status;
}

/* Shim-level return flags echoed from the request. */
static ULONG
echo_flags(ULONG req, int accept)
{
    ULONG out = 0;

    if (accept) {
        if (req & ASC_REQ_CONNECTION)
            out |= ASC_RET_CONNECTION;
        if (req & ASC_REQ_EXTENDED_ERROR)
            out |= ASC_RET_EXTENDED_ERROR;
    } else {
        if ((req & ISC_REQ_CONNECTION) && !(req & ISC_REQ_DATAGRAM))
            out |= ISC_RET_CONNECTION;
        if (req & ISC_REQ_EXTENDED_ERROR)
            out |= ISC_RET_EXTENDED_ERROR;
    }
    return out;
}

/*
 * The common body of ISC (accept = 0) and ASC (accept = 1).
 */
static SECURITY_STATUS
handshake(int accept, PCredHandle phCredential, PCtxtHandle phContext,
          const char *target, ULONG req, PSecBufferDesc pInput,
          PCtxtHandle phNewContext, PSecBufferDesc pOutput,
          ULONG *pfContextAttr, PTimeStamp ptsExpiry)
{
    struct sspi_ctx *ctx = NULL;
    struct sspi_cred *cred = NULL;
    struct gss_channel_bindings_struct cb;
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    gss_OID mech = GSS_C_NO_OID;
    OM_uint32 major, minor, ret_flags = 0, time_rec = 0;
    SECURITY_STATUS ret, status;
    SecBuffer *inbuf, *outbuf;
    int first = (phContext == NULL), have_cb, allocated = 0;
    int alloc = (req & (accept ? ASC_REQ_ALLOCATE_MEMORY
                               : ISC_REQ_ALLOCATE_MEMORY)) != 0;

    if (pfContextAttr != NULL)
        *pfContextAttr = 0;

    if (first) {
        if (phNewContext == NULL)
            return SEC_E_INVALID_PARAMETER;
        cred = sspi_cred_ref(phCredential);
        if (cred == NULL)
            return SEC_E_INVALID_HANDLE;
        if (cred->gcred == GSS_C_NO_CREDENTIAL &&
            cred->deferred != SEC_E_OK) {
            ret = cred->deferred;
            goto done;
        }
        if (cred->usage != GSS_C_BOTH &&
            cred->usage != (accept ? GSS_C_ACCEPT : GSS_C_INITIATE)) {
            ret = SEC_E_NO_CREDENTIALS;
            goto done;
        }
        if (!accept) {
            /* Windows' first-leg output checks, before anything else. */
            outbuf = find_buffer(pOutput, SECBUFFER_TOKEN);
            if (outbuf == NULL || (!alloc && outbuf->cbBuffer == 0)) {
                ret = SEC_E_BUFFER_TOO_SMALL;
                goto done;
            }
            if (!alloc && outbuf->pvBuffer == NULL) {
                ret = SEC_E_INTERNAL_ERROR;
                goto done;
            }
        }
        ctx = calloc(1, sizeof(*ctx));
        if (ctx == NULL) {
            ret = SEC_E_INSUFFICIENT_MEMORY;
            goto done;
        }
        ctx->pkg = cred->pkg;
        ctx->mech = cred->pkg;
        ctx->cred = cred;
        cred = NULL;
        ctx->gctx = GSS_C_NO_CONTEXT;
        ctx->target = NULL;
        ctx->initiator = !accept;
        sspi_filetime_now(&ctx->start);
        if (!accept) {
            /* The mechglue needs a target; Windows NTLM does not. */
            if (target == NULL || *target == '\0')
                target = "localhost";
            major = ctx_target(&minor, ctx->cred, target, ctx->pkg,
                               &ctx->target);
            if (GSS_ERROR(major)) {
                ret = sspi_map_status(major, minor, SSPI_OP_TARGET, 0);
                goto done;
            }
        }
    } else {
        ctx = sspi_handle_get(phContext, SSPI_KIND_CTX);
        if (ctx == NULL || ctx->initiator == accept)
            return SEC_E_INVALID_HANDLE;
        if (ctx->has_pending) {
            ret = deliver_pending(ctx, pOutput, alloc);
            if (pfContextAttr != NULL && SEC_SUCCESS(ret))
                *pfContextAttr = ctx_attrs(ctx);
            if (phNewContext != NULL && phNewContext != phContext)
                *phNewContext = *phContext;
            return ret;
        }
        if (ctx->established)
            return SEC_E_OUT_OF_SEQUENCE;
    }
    if (!accept && (first || req != ctx->req))
        ctx->gss_req = sspi_req_to_gss(req, 0);
    ctx->req = req;

    inbuf = find_buffer(pInput, SECBUFFER_TOKEN);
    if (accept || !first) {
        if (inbuf == NULL) {
            ret = accept ? SEC_E_INCOMPLETE_MESSAGE : SEC_E_INVALID_TOKEN;
            goto done;
        }
        if (inbuf->cbBuffer == 0 || inbuf->pvBuffer == NULL) {
            ret = SEC_E_INVALID_TOKEN;
            goto done;
        }
        in.value = inbuf->pvBuffer;
        in.length = inbuf->cbBuffer;
    }
    ret = read_bindings(pInput, &cb, &have_cb);
    if (ret != SEC_E_OK)
        goto done;

    if (accept) {
        major = gss_accept_sec_context(&minor, &ctx->gctx,
                                       ctx->cred->gcred, &in,
                                       have_cb ? &cb
                                               : GSS_C_NO_CHANNEL_BINDINGS,
                                       NULL, &mech, &out, &ret_flags,
                                       &time_rec, NULL);
    } else {
        major = gss_init_sec_context(&minor, ctx->cred->gcred, &ctx->gctx,
                                     ctx->target != NULL ? ctx->target->name
                                                         : GSS_C_NO_NAME,
                                     (gss_OID)&ctx->pkg->oid,
                                     ctx->gss_req, 0,
                                     have_cb ? &cb
                                             : GSS_C_NO_CHANNEL_BINDINGS,
                                     in.length ? &in : GSS_C_NO_BUFFER,
                                     &mech, &out, &ret_flags, &time_rec);
    }
    if (GSS_ERROR(major)) {
        ret = sspi_map_status(major, minor,
                              accept ? (first ? SSPI_OP_ACCEPT
                                              : SSPI_OP_ACCEPT_LAST)
                                     : SSPI_OP_INIT, 0);
        /* Windows lets the caller delete a failed later-leg context. */
        if (!first)
            ctx = NULL;
        goto done;
    }
    status = sspi_map_status(major, minor,
                             accept ? SSPI_OP_ACCEPT : SSPI_OP_INIT, 0);
    ctx->gss_flags = ret_flags;
    if (mech != GSS_C_NO_OID && mech != ctx->seen_mech) {
        if (ctx->mech == NULL || !same_oid(&ctx->mech->oid, mech)) {
            const struct sspi_pkg *pkg = sspi_pkg_by_oid(mech);

            if (pkg != NULL)
                ctx->mech = pkg;
        }
        ctx->seen_mech = mech;
    }
    ctx->lifetime = time_rec;
    ctx->ret_extra = echo_flags(req, accept);
    if (status == SEC_E_OK) {
        /* A plain mechanism already told us its mechanism, flags and
         * lifetime; SPNEGO is asked which mechanism it chose. */
        if (ctx->mech != NULL && ctx->mech->id != SSPI_PKG_NEGOTIATE)
            ctx->established = 1;
        else
            ctx_established(ctx);
    }

    ret = deliver(pOutput, alloc, &out, &allocated);
    if (ret != SEC_E_OK) {
        if (first)
            goto done;
        /* keep the token: a retried call delivers it */
        ctx->pending = out;
        out.value = NULL;
        out.length = 0;
        ctx->has_pending = 1;
        ctx->pending_status = status;
        ctx = NULL;
        goto done;
    }
    if (allocated)
        ctx->ret_extra |= accept ? ASC_RET_ALLOCATED_MEMORY
                                 : ISC_RET_ALLOCATED_MEMORY;

    if (first) {
        ret = sspi_handle_new(SSPI_KIND_CTX, ctx, phNewContext);
        if (ret != SEC_E_OK) {
            if (allocated) {
                outbuf = find_buffer(pOutput, SECBUFFER_TOKEN);
                free(outbuf->pvBuffer);
                outbuf->pvBuffer = NULL;
                outbuf->cbBuffer = 0;
            }
            goto done;
        }
    } else if (phNewContext != NULL && phNewContext != phContext) {
        *phNewContext = *phContext;
    }
    if (pfContextAttr != NULL)
        *pfContextAttr = ctx_attrs(ctx);
    sspi_filetime(ptsExpiry, ctx->lifetime);
    ctx = NULL;
    ret = status;

done:
    (void)gss_release_buffer(&minor, &out);
    if (first)
        sspi_ctx_free(ctx);
    sspi_cred_unref(cred);
    return ret;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
InitializeSecurityContextA(PCredHandle phCredential, PCtxtHandle phContext,
                           SEC_CHAR *pszTargetName, ULONG fContextReq,
                           ULONG Reserved1, ULONG TargetDataRep,
                           PSecBufferDesc pInput, ULONG Reserved2,
                           PCtxtHandle phNewContext, PSecBufferDesc pOutput,
                           ULONG *pfContextAttr, PTimeStamp ptsExpiry)
{
    return handshake(0, phCredential, phContext, pszTargetName, fContextReq,
                     pInput, phNewContext, pOutput, pfContextAttr,
                     ptsExpiry);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
InitializeSecurityContextW(PCredHandle phCredential, PCtxtHandle phContext,
                           SEC_WCHAR *pszTargetName, ULONG fContextReq,
                           ULONG Reserved1, ULONG TargetDataRep,
                           PSecBufferDesc pInput, ULONG Reserved2,
                           PCtxtHandle phNewContext, PSecBufferDesc pOutput,
                           ULONG *pfContextAttr, PTimeStamp ptsExpiry)
{
    const uint16_t *w = (const uint16_t *)pszTargetName;
    SECURITY_STATUS ret;
    char *target = NULL;

    if (w != NULL) {
        target = sspi_utf16_to_utf8(w, sspi_utf16_len(w));
        if (target == NULL) {
            if (pfContextAttr != NULL)
                *pfContextAttr = 0;
            return SEC_E_INSUFFICIENT_MEMORY;
        }
    }
    ret = handshake(0, phCredential, phContext, target, fContextReq, pInput,
                    phNewContext, pOutput, pfContextAttr, ptsExpiry);
    free(target);
    return ret;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
AcceptSecurityContext(PCredHandle phCredential, PCtxtHandle phContext,
                      PSecBufferDesc pInput, ULONG fContextReq,
                      ULONG TargetDataRep, PCtxtHandle phNewContext,
                      PSecBufferDesc pOutput, ULONG *pfContextAttr,
                      PTimeStamp ptsExpiry)
{
    return handshake(1, phCredential, phContext, NULL, fContextReq, pInput,
                     phNewContext, pOutput, pfContextAttr, ptsExpiry);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
DeleteSecurityContext(PCtxtHandle phContext)
{
    struct sspi_ctx *ctx;

    ctx = sspi_handle_remove(phContext, SSPI_KIND_CTX);
    if (ctx == NULL)
        return SEC_E_INVALID_HANDLE;
    sspi_ctx_free(ctx);
    return SEC_E_OK;
}

/* CompleteAuthToken - nothing to complete over GSSAPI. */
SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
CompleteAuthToken(PCtxtHandle phContext, PSecBufferDesc pToken)
{
    if (sspi_handle_get(phContext, SSPI_KIND_CTX) == NULL)
        return SEC_E_INVALID_HANDLE;
    return SEC_E_OK;
}

static SECURITY_STATUS
ctx_unsupported(PCtxtHandle phContext)
{
    if (sspi_handle_get(phContext, SSPI_KIND_CTX) == NULL)
        return SEC_E_INVALID_HANDLE;
    return SEC_E_UNSUPPORTED_FUNCTION;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
ApplyControlToken(PCtxtHandle phContext, PSecBufferDesc pInput)
{
    return ctx_unsupported(phContext);
}

/*
 * Impersonation: Linux has no per-thread access tokens, so the shim does
 * not pretend to impersonate.  ImpersonateSecurityContext,
 * RevertSecurityContext and QuerySecurityContextToken validate the handle
 * and return SEC_E_UNSUPPORTED_FUNCTION; use QueryContextAttributes
 * (SECPKG_ATTR_NAMES) for the client's name.
 */
SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
ImpersonateSecurityContext(PCtxtHandle phContext)
{
    return ctx_unsupported(phContext);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
RevertSecurityContext(PCtxtHandle phContext)
{
    return ctx_unsupported(phContext);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
QuerySecurityContextToken(PCtxtHandle phContext, void **Token)
{
    if (Token != NULL)
        *Token = NULL;
    return ctx_unsupported(phContext);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
SetContextAttributesA(PCtxtHandle phContext, ULONG ulAttribute,
                      void *pBuffer, ULONG cbBuffer)
{
    return ctx_unsupported(phContext);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
SetContextAttributesW(PCtxtHandle phContext, ULONG ulAttribute,
                      void *pBuffer, ULONG cbBuffer)
{
    return ctx_unsupported(phContext);
}

/* ---- export / import ---------------------------------------------------
 * Packed context: "SSPX" | package id | mechanism id | initiator | 0 |
 * the gss_export_sec_context token.
 */
#define PACK_HDR_LEN 8

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
ExportSecurityContext(PCtxtHandle phContext, ULONG fFlags,
                      PSecBuffer pPackedContext, void **pToken)
{
    struct sspi_ctx *ctx;
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;
    unsigned char *p;

    if (pToken != NULL)
        *pToken = NULL;
    ctx = sspi_handle_get(phContext, SSPI_KIND_CTX);
    if (ctx == NULL || ctx->gctx == GSS_C_NO_CONTEXT)
        return SEC_E_INVALID_HANDLE;
    if (pPackedContext == NULL)
        return SEC_E_INVALID_PARAMETER;
    if (!ctx->established)
        return SEC_E_INVALID_HANDLE;
    major = gss_export_sec_context(&minor, &ctx->gctx, &tok);
    if (GSS_ERROR(major))
        return sspi_map_status(major, minor, SSPI_OP_QUERY, 0);
    p = malloc(tok.length + PACK_HDR_LEN);
    if (p == NULL) {
        (void)gss_release_buffer(&minor, &tok);
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    memcpy(p, "SSPX", 4);
    p[4] = (unsigned char)ctx->pkg->id;
    p[5] = (unsigned char)ctx->mech->id;
    p[6] = (unsigned char)ctx->initiator;
    p[7] = 0;
    memcpy(p + PACK_HDR_LEN, tok.value, tok.length);
    pPackedContext->BufferType = SECBUFFER_EMPTY;
    pPackedContext->pvBuffer = p;
    pPackedContext->cbBuffer = (ULONG)(tok.length + PACK_HDR_LEN);
    sspi_zero(tok.value, tok.length);
    (void)gss_release_buffer(&minor, &tok);
    if (fFlags & SECPKG_CONTEXT_EXPORT_DELETE_OLD)
        (void)DeleteSecurityContext(phContext);
    return SEC_E_OK;
}

static SECURITY_STATUS
import_ctx(const char *package, PSecBuffer packed, PCtxtHandle phContext)
{
    const struct sspi_pkg *pkg;
    struct sspi_ctx *ctx;
    gss_buffer_desc tok;
    OM_uint32 major, minor;
    const unsigned char *p;
    SECURITY_STATUS ret;

    if (phContext == NULL || packed == NULL)
        return SEC_E_INVALID_PARAMETER;
    pkg = sspi_pkg_by_name(package);
    if (pkg == NULL)
        return SEC_E_SECPKG_NOT_FOUND;
    p = packed->pvBuffer;
    if (p == NULL || packed->cbBuffer <= PACK_HDR_LEN ||
        memcmp(p, "SSPX", 4) != 0 || p[4] >= SSPI_PKG_COUNT ||
        p[5] >= SSPI_PKG_COUNT || p[4] != pkg->id)
        return SEC_E_INVALID_TOKEN;
    ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return SEC_E_INSUFFICIENT_MEMORY;
    ctx->pkg = pkg;
    ctx->mech = sspi_pkg_get((enum sspi_pkg_id)p[5]);
    ctx->initiator = p[6] != 0;
    ctx->gctx = GSS_C_NO_CONTEXT;
    ctx->target = NULL;
    sspi_filetime_now(&ctx->start);
    tok.value = (void *)(p + PACK_HDR_LEN);
    tok.length = packed->cbBuffer - PACK_HDR_LEN;
    major = gss_import_sec_context(&minor, &tok, &ctx->gctx);
    if (GSS_ERROR(major)) {
        ret = sspi_map_status(major, minor, SSPI_OP_QUERY, 0);
        if (ret == SEC_E_INTERNAL_ERROR)
            ret = SEC_E_INVALID_TOKEN;
        sspi_ctx_free(ctx);
        return ret;
    }
    ctx_established(ctx);
    ret = sspi_handle_new(SSPI_KIND_CTX, ctx, phContext);
    if (ret != SEC_E_OK)
        sspi_ctx_free(ctx);
    return ret;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
ImportSecurityContextA(SEC_CHAR *pszPackage, PSecBuffer pPackedContext,
                       void *Token, PCtxtHandle phContext)
{
    return import_ctx(pszPackage, pPackedContext, phContext);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
ImportSecurityContextW(SEC_WCHAR *pszPackage, PSecBuffer pPackedContext,
                       void *Token, PCtxtHandle phContext)
{
    const uint16_t *w = (const uint16_t *)pszPackage;
    SECURITY_STATUS ret;
    char *package;

    if (w == NULL)
        return SEC_E_SECPKG_NOT_FOUND;
    package = sspi_utf16_to_utf8(w, sspi_utf16_len(w));
    if (package == NULL)
        return SEC_E_INSUFFICIENT_MEMORY;
    ret = import_ctx(package, pPackedContext, phContext);
    free(package);
    return ret;
}
