/*
 * sspi_query.c - QueryContextAttributesA/W (sspi-reference §4.5).
 *
 * Every pointer handed back is one malloc block freed by
 * FreeContextBuffer.  The A form returns UTF-8 strings, the W form UTF-16.
 * Answered: SIZES, NAMES, LIFESPAN, KEY_INFO (NTLM), AUTHORITY,
 * SESSION_KEY, PACKAGE_INFO, NEGOTIATION_INFO, NATIVE_NAMES, FLAGS.
 * STREAM_SIZES and everything else: SEC_E_UNSUPPORTED_FUNCTION, as
 * Windows NTLM.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sspi_int.h"
#include "ntlmgss.h"

#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY 0x00080000u
#define NTLMSSP_NEGOTIATE_128                      0x20000000u
#define NTLMSSP_NEGOTIATE_56                       0x80000000u

/* Display form of a GSS name as a new C string in *out (NULL for no
 * name); a failure of gss_display_name or of the copy is reported, not
 * turned into an empty name. */
static SECURITY_STATUS
name_text(gss_name_t name, char **out)
{
    gss_buffer_desc buf = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;

    *out = NULL;
    if (name == GSS_C_NO_NAME)
        return SEC_E_OK;
    major = gss_display_name(&minor, name, &buf, NULL);
    if (GSS_ERROR(major))
        return sspi_map_status(major, minor, SSPI_OP_QUERY, 0);
    *out = strndup(buf.value, buf.length);
    (void)gss_release_buffer(&minor, &buf);
    return *out == NULL ? SEC_E_INSUFFICIENT_MEMORY : SEC_E_OK;
}

/* Client and server names of the context. */
static SECURITY_STATUS
ctx_names(struct sspi_ctx *ctx, char **out_client, char **out_server)
{
    gss_name_t src = GSS_C_NO_NAME, targ = GSS_C_NO_NAME;
    OM_uint32 major, minor;
    SECURITY_STATUS ret;

    *out_client = NULL;
    if (out_server != NULL)
        *out_server = NULL;
    /* An acceptor's own name is not asked for: gss-ntlmssp 1.2 crashes
     * when its acceptor credential had no name. */
    major = gss_inquire_context(&minor, ctx->gctx, &src,
                                (out_server != NULL && ctx->initiator)
                                    ? &targ : NULL,
                                NULL, NULL, NULL, NULL, NULL);
    if (GSS_ERROR(major))
        return sspi_map_status(major, minor, SSPI_OP_QUERY, 0);
    ret = name_text(src, out_client);
    if (ret == SEC_E_OK && out_server != NULL)
        ret = name_text(targ, out_server);
    if (ret != SEC_E_OK) {
        free(*out_client);
        *out_client = NULL;
    }
    if (src != GSS_C_NO_NAME)
        (void)gss_release_name(&minor, &src);
    if (targ != GSS_C_NO_NAME)
        (void)gss_release_name(&minor, &targ);
    return ret;
}

/* Negotiated NTLM flags from the ntlmgss mechanism's inquire OID; 0 and
 * failure if the mechanism does not answer it. */
static int
ntlm_flags(struct sspi_ctx *ctx, uint32_t *out)
{
    unsigned char oid_bytes[NTLMGSS_OID_ARC_LENGTH + 1];
    gss_OID_desc oid;
    gss_buffer_set_t set = GSS_C_NO_BUFFER_SET;
    OM_uint32 major, minor;
    const unsigned char *p;
    int ok = 0;

    *out = 0;
    memcpy(oid_bytes, NTLMGSS_OID_ARC_BYTES, NTLMGSS_OID_ARC_LENGTH);
    oid_bytes[NTLMGSS_OID_ARC_LENGTH] = NTLMGSS_OID_NTLM_FLAGS;
    oid.length = sizeof(oid_bytes);
    oid.elements = oid_bytes;
    major = gss_inquire_sec_context_by_oid(&minor, ctx->gctx, &oid, &set);
    if (!GSS_ERROR(major) && set != GSS_C_NO_BUFFER_SET &&
        set->count >= 1 && set->elements[0].length == 4) {
        p = set->elements[0].value;
        *out = (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
               ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
        ok = 1;
    }
    (void)gss_release_buffer_set(&minor, &set);
    return ok;
}

static SECURITY_STATUS
key_info(struct sspi_ctx *ctx, int wide, SecPkgContext_KeyInfoA *ki)
{
    SECURITY_STATUS ret;
    uint32_t flags;
    int ess = 1;

    memset(ki, 0, sizeof(*ki));
    if (ctx->mech->id != SSPI_PKG_NTLM)
        return SEC_E_UNSUPPORTED_FUNCTION;
    ki->KeySize = 128;
    /* Without the ntlmgss OID assume NTLMv2 with ESS and 128-bit keys. */
    if (ntlm_flags(ctx, &flags)) {
        ess = (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) != 0;
        if (flags & NTLMSSP_NEGOTIATE_128)
            ki->KeySize = 128;
        else if (flags & NTLMSSP_NEGOTIATE_56)
            ki->KeySize = 56;
        else
            ki->KeySize = 40;
    }
    ki->SignatureAlgorithm = ess ? 0xFFFFFF76 : 0xFFFFFF7C;
    ki->EncryptAlgorithm = CALG_RC4;
    ret = sspi_string_out(ess ? "HMAC-MD5" : "RSADSI RC4-CRC32", wide,
                          (void **)&ki->sSignatureAlgorithmName);
    if (ret != SEC_E_OK)
        return ret;
    ret = sspi_string_out("RSADSI RC4", wide,
                          (void **)&ki->sEncryptAlgorithmName);
    if (ret != SEC_E_OK) {
        free(ki->sSignatureAlgorithmName);
        ki->sSignatureAlgorithmName = NULL;
    }
    return ret;
}

static SECURITY_STATUS
session_key(struct sspi_ctx *ctx, SecPkgContext_SessionKey *sk)
{
    gss_buffer_set_t set = GSS_C_NO_BUFFER_SET;
    OM_uint32 major, minor;
    SECURITY_STATUS ret;

    sk->SessionKeyLength = 0;
    sk->SessionKey = NULL;
    major = gss_inquire_sec_context_by_oid(&minor, ctx->gctx,
                                           GSS_C_INQ_SSPI_SESSION_KEY, &set);
    if (GSS_ERROR(major))
        return sspi_map_status(major, minor, SSPI_OP_QUERY, 0);
    if (set == GSS_C_NO_BUFFER_SET || set->count < 1 ||
        set->elements[0].length == 0) {
        ret = SEC_E_UNSUPPORTED_FUNCTION;
        goto done;
    }
    sk->SessionKey = malloc(set->elements[0].length);
    if (sk->SessionKey == NULL) {
        ret = SEC_E_INSUFFICIENT_MEMORY;
        goto done;
    }
    memcpy(sk->SessionKey, set->elements[0].value, set->elements[0].length);
    sk->SessionKeyLength = (ULONG)set->elements[0].length;
    ret = SEC_E_OK;

done:
    if (set != GSS_C_NO_BUFFER_SET) {
        size_t i;

        for (i = 0; i < set->count; i++)
            sspi_zero(set->elements[i].value, set->elements[i].length);
    }
    (void)gss_release_buffer_set(&minor, &set);
    return ret;
}

/* The domain ("DOMAIN\user" or "user@REALM") of a name, as a new string. */
static char *
authority_of(const char *name)
{
    const char *p;

    if (name == NULL)
        return NULL;
    p = strchr(name, '\\');
    if (p != NULL)
        return strndup(name, (size_t)(p - name));
    p = strrchr(name, '@');
    if (p != NULL)
        return strdup(p + 1);
    return strdup("");
}

static SECURITY_STATUS
query(PCtxtHandle phContext, ULONG attr, void *buffer, int wide)
{
    struct sspi_ctx *ctx;
    SECURITY_STATUS ret;
    char *client = NULL, *server = NULL, *auth = NULL;
    OM_uint32 major, minor, lifetime;

    ctx = sspi_handle_get(phContext, SSPI_KIND_CTX);
    if (ctx == NULL)
        return SEC_E_INVALID_HANDLE;
    if (buffer == NULL)
        return SEC_E_INVALID_PARAMETER;

    switch (attr) {
    case SECPKG_ATTR_SIZES:
        *(SecPkgContext_Sizes *)buffer = ctx->mech->sizes;
        return SEC_E_OK;
    case SECPKG_ATTR_FLAGS:
        ((SecPkgContext_Flags *)buffer)->Flags =
            sspi_gss_to_ret(ctx->gss_flags, !ctx->initiator) |
            ctx->ret_extra;
        return SEC_E_OK;
    case SECPKG_ATTR_PACKAGE_INFO:
        return sspi_pkg_info_new(ctx->pkg, wide, buffer);
    case SECPKG_ATTR_NEGOTIATION_INFO: {
        SecPkgContext_NegotiationInfoA *ni = buffer;

        ni->NegotiationState = ctx->established
            ? SECPKG_NEGOTIATION_COMPLETE : SECPKG_NEGOTIATION_IN_PROGRESS;
        return sspi_pkg_info_new(ctx->mech, wide,
                                 (void **)&ni->PackageInfo);
    }
    default:
        break;
    }

    if (!ctx->established || ctx->gctx == GSS_C_NO_CONTEXT)
        return SEC_E_INVALID_HANDLE;

    switch (attr) {
    case SECPKG_ATTR_NAMES:
        ret = ctx_names(ctx, &client, NULL);
        if (ret == SEC_E_OK)
            ret = sspi_string_out(client, wide,
                                  (void **)&((SecPkgContext_NamesA *)
                                             buffer)->sUserName);
        break;
    case SECPKG_ATTR_NATIVE_NAMES: {
        SecPkgContext_NativeNamesA *nn = buffer;

        ret = ctx_names(ctx, &client, &server);
        if (ret != SEC_E_OK)
            break;
        ret = sspi_string_out(client, wide, (void **)&nn->sClientName);
        if (ret != SEC_E_OK)
            break;
        ret = sspi_string_out(server, wide, (void **)&nn->sServerName);
        if (ret != SEC_E_OK) {
            free(nn->sClientName);
            nn->sClientName = NULL;
        }
        break;
    }
    case SECPKG_ATTR_AUTHORITY:
        ret = ctx_names(ctx, &client, NULL);
        if (ret != SEC_E_OK)
            break;
        auth = authority_of(client);
        ret = sspi_string_out(auth, wide,
                              (void **)&((SecPkgContext_AuthorityA *)
                                         buffer)->sAuthorityName);
        break;
    case SECPKG_ATTR_LIFESPAN: {
        SecPkgContext_Lifespan *ls = buffer;

        major = gss_inquire_context(&minor, ctx->gctx, NULL, NULL,
                                    &lifetime, NULL, NULL, NULL, NULL);
        if (GSS_ERROR(major)) {
            ret = sspi_map_status(major, minor, SSPI_OP_QUERY, 0);
            break;
        }
        ls->tsStart = ctx->start;
        sspi_filetime(&ls->tsExpiry, lifetime);
        ret = SEC_E_OK;
        break;
    }
    case SECPKG_ATTR_KEY_INFO:
        ret = key_info(ctx, wide, buffer);
        break;
    case SECPKG_ATTR_SESSION_KEY:
        ret = session_key(ctx, buffer);
        break;
    default:
        ret = SEC_E_UNSUPPORTED_FUNCTION;
        break;
    }
    free(client);
    free(server);
    free(auth);
    return ret;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
QueryContextAttributesA(PCtxtHandle phContext, ULONG ulAttribute,
                        void *pBuffer)
{
    return query(phContext, ulAttribute, pBuffer, 0);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
QueryContextAttributesW(PCtxtHandle phContext, ULONG ulAttribute,
                        void *pBuffer)
{
    return query(phContext, ulAttribute, pBuffer, 1);
}
