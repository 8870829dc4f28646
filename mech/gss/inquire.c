/*
 * inquire.c - context queries by OID and options (SPNEGO's NTLMSSP hooks,
 * the SSPI session key, negotiated flags, last minor), mechanism
 * attributes and SASL names.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gss_int.h"

/* GSS_C_INQ_SSPI_SESSION_KEY 1.2.840.113554.1.2.2.5.5 */
static const uint8_t sspi_key_oid[] =
    "\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x05\x05";

static OM_uint32
one_buffer(OM_uint32 *minor_status, const void *p, size_t len,
           gss_buffer_set_t *data)
{
    gss_buffer_desc b;
    OM_uint32 maj, tmp;

    b.value = (void *)p;
    b.length = len;
    maj = gss_add_buffer_set_member(&tmp, &b, data);
    if (maj != GSS_S_COMPLETE)
        return ntlmgss_fail(minor_status, NTLM_ERR_NOMEM);
    return ntlmgss_fail(minor_status, 0);
}

static void
le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

OM_uint32
ntlmgss_inquire_sec_context_by_oid(OM_uint32 *minor_status,
                                   gss_ctx_id_t ctx_h, gss_OID oid,
                                   gss_buffer_set_t *data)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    uint8_t v[4];

    if (data == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    *data = GSS_C_NO_BUFFER_SET;
    if (ctx == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_NO_CONTEXT);
    if (oid == GSS_C_NO_OID)
        return ntlmgss_fail(minor_status, NTLM_ERR_UNSUPPORTED);
    if (ntlmgss_is_private_oid(oid, NTLMGSS_OID_SPNEGO_REQ_MIC)) {
        /* MIT SPNEGO: one byte 1 when a MIC was sent/verified in the
         * AUTHENTICATE message, so it forces a mechListMIC. */
        v[0] = ctx->mic_done ? 1 : 0;
        return one_buffer(minor_status, v, 1, data);
    }
    if (ntlmgss_is_private_oid(oid, NTLMGSS_OID_NTLM_FLAGS)) {
        le32(v, ctx->neg_flags);
        return one_buffer(minor_status, v, 4, data);
    }
    if (ntlmgss_is_private_oid(oid, NTLMGSS_OID_LAST_MINOR)) {
        le32(v, (uint32_t)ctx->last_minor);
        return one_buffer(minor_status, v, 4, data);
    }
    if (oid->length == sizeof(sspi_key_oid) - 1 &&
        memcmp(oid->elements, sspi_key_oid, oid->length) == 0) {
        if (ctx->state != NTLMGSS_STATE_DONE || !ctx->have_session)
            return ntlmgss_fail(minor_status, NTLM_ERR_CONTEXT_INCOMPLETE);
        return one_buffer(minor_status, ctx->sess.exported_session_key, 16,
                          data);
    }
    return ntlmgss_fail(minor_status, NTLM_ERR_UNSUPPORTED);
}

OM_uint32
ntlmgss_set_sec_context_option(OM_uint32 *minor_status, gss_ctx_id_t *ctx_h,
                               gss_OID oid, gss_buffer_t value)
{
    struct ntlmgss_ctx *ctx;
    uint32_t which;
    int ret;

    if (ctx_h == NULL)
        return GSS_S_CALL_INACCESSIBLE_READ;
    ctx = (struct ntlmgss_ctx *)*ctx_h;
    if (ctx == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_NO_CONTEXT);
    if (ntlmgss_is_private_oid(oid, NTLMGSS_OID_RESET_CRYPTO)) {
        /* MIT SPNEGO after a mechListMIC: value is a host-order uint32,
         * 1 = reset the verifying (receive) side, 0 = the sending side. */
        if (value == GSS_C_NO_BUFFER || value->length != 4)
            return ntlmgss_fail(minor_status, NTLM_ERR_INVALID_ARGUMENT);
        memcpy(&which, value->value, 4);
        if (!ctx->have_session)
            return ntlmgss_fail(minor_status, NTLM_ERR_CONTEXT_INCOMPLETE);
        if (!(ctx->neg_flags & (NTLMSSP_NEGOTIATE_SIGN |
                                NTLMSSP_NEGOTIATE_SEAL)))
            return ntlmgss_fail(minor_status, 0);
        ret = ntlm_session_reset_rc4(&ctx->sess, which != 1);
        NTLMGSS_TRACE("ctx: RC4 %s state reset", which == 1 ? "receive" :
                      "send");
        return ntlmgss_fail(minor_status, ret);
    }
    if (ntlmgss_is_private_oid(oid, NTLMGSS_OID_SEQ_NUM)) {
        /* As the existing mechanism's option (meant for datagram-style
         * use): a host-order uint32 becomes both directions' next
         * sequence number.  Both peers must set the same value. */
        if (value == GSS_C_NO_BUFFER || value->length != 4 ||
            value->value == NULL)
            return ntlmgss_fail(minor_status, ntlm_err_detail(
                NTLM_ERR_INVALID_ARGUMENT, "sequence number: 4 bytes"));
        if (!ctx->have_session)
            return ntlmgss_fail(minor_status, NTLM_ERR_CONTEXT_INCOMPLETE);
        memcpy(&which, value->value, 4);
        ctx->sess.send.seq_num = which;
        ctx->sess.recv.seq_num = which;
        NTLMGSS_TRACE("ctx: sequence numbers set to %u", (unsigned)which);
        return ntlmgss_fail(minor_status, 0);
    }
    return ntlmgss_fail(minor_status, NTLM_ERR_UNSUPPORTED);
}

/*
 * ntlmgss_mech_invoke - gssspi_mech_invoke: NTLMGSS_OID_DEBUG (.4) sends
 * the trace to the file named by value (not NUL-terminated; "stderr" or
 * "-" for standard error; an empty value switches it off), as the
 * existing mechanism's debug-file option.  Other objects: UNAVAILABLE.
 */
OM_uint32
ntlmgss_mech_invoke(OM_uint32 *minor_status, gss_OID mech, gss_OID oid,
                    gss_buffer_t value)
{
    char *path = NULL;
    int ret;

    if (mech != GSS_C_NO_OID && !ntlmgss_is_our_mech(mech))
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_MECH);
    if (!ntlmgss_is_private_oid(oid, NTLMGSS_OID_DEBUG))
        return ntlmgss_fail(minor_status, NTLM_ERR_UNSUPPORTED);
    if (value != GSS_C_NO_BUFFER && value->length != 0) {
        if (value->value == NULL || value->length > 4096 ||
            memchr(value->value, 0, value->length) != NULL)
            return ntlmgss_fail(minor_status, ntlm_err_detail(
                NTLM_ERR_INVALID_ARGUMENT, "debug file name"));
        path = malloc(value->length + 1);
        if (path == NULL)
            return ntlmgss_fail(minor_status, NTLM_ERR_NOMEM);
        memcpy(path, value->value, value->length);
        path[value->length] = '\0';
    }
    ret = ntlmgss_trace_open(path, false);
    NTLMGSS_TRACE("debug: trace directed to %s by gssspi_mech_invoke",
                  path != NULL ? path : "(off)");
    free(path);
    return ntlmgss_fail(minor_status, ret);
}

/*
 * ntlmgss_pseudo_random - RFC 4401 gss_pseudo_random: no PRF is specified
 * for NTLM (MS-NLMP defines none, and no peer would compute the same
 * output), so this is honestly unavailable rather than an invented one.
 */
OM_uint32
ntlmgss_pseudo_random(OM_uint32 *minor_status, gss_ctx_id_t ctx_h,
                      int prf_key, const gss_buffer_t prf_in,
                      ssize_t desired_output_len, gss_buffer_t prf_out)
{
    (void)prf_key;
    (void)prf_in;
    (void)desired_output_len;
    if (prf_out != GSS_C_NO_BUFFER) {
        prf_out->length = 0;
        prf_out->value = NULL;
    }
    if (ctx_h == GSS_C_NO_CONTEXT)
        return ntlmgss_fail(minor_status, NTLM_ERR_NO_CONTEXT);
    return ntlmgss_fail(minor_status, ntlm_err_detail(NTLM_ERR_UNSUPPORTED,
        "gss_pseudo_random: no PRF is defined for NTLM"));
}

OM_uint32
ntlmgss_indicate_mechs(OM_uint32 *minor_status, gss_OID_set *mechs)
{
    OM_uint32 maj, tmp;

    if (mechs == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    maj = gss_create_empty_oid_set(&tmp, mechs);
    if (maj == GSS_S_COMPLETE)
        maj = gss_add_oid_set_member(&tmp, &ntlmgss_mech_oid_desc, mechs);
    if (maj != GSS_S_COMPLETE)
        return ntlmgss_fail(minor_status, NTLM_ERR_NOMEM);
    return ntlmgss_fail(minor_status, 0);
}

OM_uint32
ntlmgss_inquire_attrs_for_mech(OM_uint32 *minor_status, gss_const_OID mech,
                               gss_OID_set *attrs, gss_OID_set *known)
{
    OM_uint32 maj = GSS_S_COMPLETE, tmp;

    if (attrs != NULL)
        *attrs = GSS_C_NO_OID_SET;
    if (known != NULL)
        *known = GSS_C_NO_OID_SET;
    if (mech != GSS_C_NO_OID && !ntlmgss_is_our_mech(mech))
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_MECH);
    if (attrs != NULL) {
        gss_const_OID ma[] = {
            GSS_C_MA_MECH_CONCRETE, GSS_C_MA_AUTH_INIT,
            GSS_C_MA_AUTH_INIT_ANON, GSS_C_MA_INTEG_PROT, GSS_C_MA_CONF_PROT,
            GSS_C_MA_MIC, GSS_C_MA_WRAP, GSS_C_MA_REPLAY_DET,
            GSS_C_MA_OOS_DET, GSS_C_MA_CBINDINGS, GSS_C_MA_CTX_TRANS
        };
        size_t i;

        maj |= gss_create_empty_oid_set(&tmp, attrs);
        for (i = 0; i < sizeof(ma) / sizeof(ma[0]); i++)
            maj |= gss_add_oid_set_member(&tmp, (gss_OID)ma[i], attrs);
    }
    if (known != NULL)
        maj |= gss_create_empty_oid_set(&tmp, known);
    if (maj != GSS_S_COMPLETE)
        return ntlmgss_fail(minor_status, NTLM_ERR_NOMEM);
    return ntlmgss_fail(minor_status, 0);
}

#define SASL_NAME "GS2-NTLM"

OM_uint32
ntlmgss_inquire_saslname_for_mech(OM_uint32 *minor_status, const gss_OID mech,
                                  gss_buffer_t sasl, gss_buffer_t name,
                                  gss_buffer_t desc)
{
    int ret = 0;

    if (!ntlmgss_is_our_mech(mech))
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_MECH);
    if (sasl != GSS_C_NO_BUFFER)
        ret = ntlmgss_buffer_set(sasl, SASL_NAME, strlen(SASL_NAME));
    if (ret == 0 && name != GSS_C_NO_BUFFER)
        ret = ntlmgss_buffer_set(name, "NTLM", 4);
    if (ret == 0 && desc != GSS_C_NO_BUFFER)
        ret = ntlmgss_buffer_set(desc, "NTLM Security Support Provider",
                                 strlen("NTLM Security Support Provider"));
    return ntlmgss_fail(minor_status, ret);
}

OM_uint32
ntlmgss_inquire_mech_for_saslname(OM_uint32 *minor_status,
                                  const gss_buffer_t sasl, gss_OID *mech)
{
    if (mech != NULL)
        *mech = GSS_C_NO_OID;
    if (sasl == GSS_C_NO_BUFFER || sasl->length != strlen(SASL_NAME) ||
        memcmp(sasl->value, SASL_NAME, sasl->length) != 0)
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_MECH);
    if (mech != NULL)
        *mech = &ntlmgss_mech_oid_desc;
    return ntlmgss_fail(minor_status, 0);
}
