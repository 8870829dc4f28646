/*
 * spi.c - the only file that exports symbols from ntlmgss.so.
 *
 * MIT's mechglue (g_initialize.c, build_dynamicMech) dlsym()s each mechanism
 * entry point by its public name (gss_init_sec_context, ...) and a few
 * extension names (gssspi_acquire_cred_with_password,
 * gssspi_authorize_localname, ...).  Each exported function here is a
 * trampoline into an ntlmgss_* internal.  The module is linked with
 * -Bsymbolic so that a call made inside it never lands in mechglue, and
 * with -export-symbols-regex so nothing else is visible.
 */
#include "config.h"

#include "gss_int.h"

#define SPI __attribute__((visibility("default")))

/* Exported names need prototypes for -Wmissing-prototypes: the public ones
 * come from gssapi.h; these are mechglue-only. */
SPI OM_uint32 gssspi_acquire_cred_with_password(OM_uint32 *, const gss_name_t,
    const gss_buffer_t, OM_uint32, const gss_OID_set, int, gss_cred_id_t *,
    gss_OID_set *, OM_uint32 *);
SPI OM_uint32 gssspi_authorize_localname(OM_uint32 *, const gss_name_t,
    gss_const_buffer_t, gss_const_OID);
SPI OM_uint32 gssspi_set_cred_option(OM_uint32 *, gss_cred_id_t *,
    const gss_OID, const gss_buffer_t);
SPI OM_uint32 gssspi_mech_invoke(OM_uint32 *, const gss_OID, const gss_OID,
    gss_buffer_t);
SPI OM_uint32 gss_get_mic_iov_length(OM_uint32 *, gss_ctx_id_t, gss_qop_t,
    gss_iov_buffer_desc *, int);

SPI OM_uint32
gss_init_sec_context(OM_uint32 *minor_status, gss_cred_id_t cred,
                     gss_ctx_id_t *ctx, gss_name_t target, gss_OID mech,
                     OM_uint32 req_flags, OM_uint32 time_req,
                     gss_channel_bindings_t cb, gss_buffer_t input,
                     gss_OID *actual_mech, gss_buffer_t output,
                     OM_uint32 *ret_flags, OM_uint32 *time_rec)
{
    return ntlmgss_init_sec_context(minor_status, cred, ctx, target, mech,
                                    req_flags, time_req, cb, input,
                                    actual_mech, output, ret_flags,
                                    time_rec);
}

SPI OM_uint32
gss_accept_sec_context(OM_uint32 *minor_status, gss_ctx_id_t *ctx,
                       gss_cred_id_t cred, gss_buffer_t input,
                       gss_channel_bindings_t cb, gss_name_t *src_name,
                       gss_OID *mech, gss_buffer_t output,
                       OM_uint32 *ret_flags, OM_uint32 *time_rec,
                       gss_cred_id_t *deleg)
{
    return ntlmgss_accept_sec_context(minor_status, ctx, cred, input, cb,
                                      src_name, mech, output, ret_flags,
                                      time_rec, deleg);
}

SPI OM_uint32
gss_delete_sec_context(OM_uint32 *minor_status, gss_ctx_id_t *ctx,
                       gss_buffer_t output)
{
    return ntlmgss_delete_sec_context(minor_status, ctx, output);
}

SPI OM_uint32
gss_context_time(OM_uint32 *minor_status, gss_ctx_id_t ctx,
                 OM_uint32 *time_rec)
{
    return ntlmgss_context_time(minor_status, ctx, time_rec);
}

SPI OM_uint32
gss_inquire_context(OM_uint32 *minor_status, gss_ctx_id_t ctx,
                    gss_name_t *src, gss_name_t *targ, OM_uint32 *lifetime,
                    gss_OID *mech, OM_uint32 *flags, int *locally_initiated,
                    int *open)
{
    return ntlmgss_inquire_context(minor_status, ctx, src, targ, lifetime,
                                   mech, flags, locally_initiated, open);
}

SPI OM_uint32
gss_inquire_sec_context_by_oid(OM_uint32 *minor_status,
                               const gss_ctx_id_t ctx, const gss_OID oid,
                               gss_buffer_set_t *data)
{
    return ntlmgss_inquire_sec_context_by_oid(minor_status, ctx, oid, data);
}

SPI OM_uint32
gss_set_sec_context_option(OM_uint32 *minor_status, gss_ctx_id_t *ctx,
                           const gss_OID oid, const gss_buffer_t value)
{
    return ntlmgss_set_sec_context_option(minor_status, ctx, oid, value);
}

SPI OM_uint32
gss_export_sec_context(OM_uint32 *minor_status, gss_ctx_id_t *ctx,
                       gss_buffer_t token)
{
    return ntlmgss_export_sec_context(minor_status, ctx, token);
}

SPI OM_uint32
gss_import_sec_context(OM_uint32 *minor_status, gss_buffer_t token,
                       gss_ctx_id_t *ctx)
{
    return ntlmgss_import_sec_context(minor_status, token, ctx);
}

SPI OM_uint32
gss_get_mic(OM_uint32 *minor_status, gss_ctx_id_t ctx, gss_qop_t qop,
            gss_buffer_t msg, gss_buffer_t token)
{
    return ntlmgss_get_mic(minor_status, ctx, qop, msg, token);
}

SPI OM_uint32
gss_verify_mic(OM_uint32 *minor_status, gss_ctx_id_t ctx, gss_buffer_t msg,
               gss_buffer_t token, gss_qop_t *qop)
{
    return ntlmgss_verify_mic(minor_status, ctx, msg, token, qop);
}

SPI OM_uint32
gss_wrap(OM_uint32 *minor_status, gss_ctx_id_t ctx, int conf_req,
         gss_qop_t qop, gss_buffer_t in, int *conf_state, gss_buffer_t out)
{
    return ntlmgss_wrap(minor_status, ctx, conf_req, qop, in, conf_state,
                        out);
}

SPI OM_uint32
gss_unwrap(OM_uint32 *minor_status, gss_ctx_id_t ctx, gss_buffer_t in,
           gss_buffer_t out, int *conf_state, gss_qop_t *qop)
{
    return ntlmgss_unwrap(minor_status, ctx, in, out, conf_state, qop);
}

SPI OM_uint32
gss_wrap_size_limit(OM_uint32 *minor_status, gss_ctx_id_t ctx, int conf_req,
                    gss_qop_t qop, OM_uint32 req_out, OM_uint32 *max_in)
{
    return ntlmgss_wrap_size_limit(minor_status, ctx, conf_req, qop,
                                   req_out, max_in);
}

SPI OM_uint32
gss_wrap_iov(OM_uint32 *minor_status, gss_ctx_id_t ctx, int conf_req,
             gss_qop_t qop, int *conf_state, gss_iov_buffer_desc *iov,
             int iov_count)
{
    return ntlmgss_wrap_iov(minor_status, ctx, conf_req, qop, conf_state,
                            iov, iov_count);
}

SPI OM_uint32
gss_unwrap_iov(OM_uint32 *minor_status, gss_ctx_id_t ctx, int *conf_state,
               gss_qop_t *qop, gss_iov_buffer_desc *iov, int iov_count)
{
    return ntlmgss_unwrap_iov(minor_status, ctx, conf_state, qop, iov,
                              iov_count);
}

SPI OM_uint32
gss_wrap_iov_length(OM_uint32 *minor_status, gss_ctx_id_t ctx, int conf_req,
                    gss_qop_t qop, int *conf_state, gss_iov_buffer_desc *iov,
                    int iov_count)
{
    return ntlmgss_wrap_iov_length(minor_status, ctx, conf_req, qop,
                                   conf_state, iov, iov_count);
}

SPI OM_uint32
gss_get_mic_iov(OM_uint32 *minor_status, gss_ctx_id_t ctx, gss_qop_t qop,
                gss_iov_buffer_desc *iov, int iov_count)
{
    return ntlmgss_get_mic_iov(minor_status, ctx, qop, iov, iov_count);
}

SPI OM_uint32
gss_verify_mic_iov(OM_uint32 *minor_status, gss_ctx_id_t ctx,
                   gss_qop_t *qop, gss_iov_buffer_desc *iov, int iov_count)
{
    return ntlmgss_verify_mic_iov(minor_status, ctx, qop, iov, iov_count);
}

SPI OM_uint32
gss_get_mic_iov_length(OM_uint32 *minor_status, gss_ctx_id_t ctx,
                       gss_qop_t qop, gss_iov_buffer_desc *iov,
                       int iov_count)
{
    return ntlmgss_get_mic_iov_length(minor_status, ctx, qop, iov,
                                      iov_count);
}

SPI OM_uint32
gss_acquire_cred(OM_uint32 *minor_status, gss_name_t name, OM_uint32 time_req,
                 gss_OID_set mechs, gss_cred_usage_t usage,
                 gss_cred_id_t *cred, gss_OID_set *actual_mechs,
                 OM_uint32 *time_rec)
{
    return ntlmgss_acquire_cred_from(minor_status, name, time_req, mechs,
                                     usage, GSS_C_NO_CRED_STORE, cred,
                                     actual_mechs, time_rec);
}

SPI OM_uint32
gss_acquire_cred_from(OM_uint32 *minor_status, gss_name_t name,
                      OM_uint32 time_req, gss_OID_set mechs,
                      gss_cred_usage_t usage, gss_const_key_value_set_t store,
                      gss_cred_id_t *cred, gss_OID_set *actual_mechs,
                      OM_uint32 *time_rec)
{
    return ntlmgss_acquire_cred_from(minor_status, name, time_req, mechs,
                                     usage, store, cred, actual_mechs,
                                     time_rec);
}

SPI OM_uint32
gssspi_acquire_cred_with_password(OM_uint32 *minor_status,
                                  const gss_name_t name,
                                  const gss_buffer_t password,
                                  OM_uint32 time_req,
                                  const gss_OID_set mechs, int usage,
                                  gss_cred_id_t *cred,
                                  gss_OID_set *actual_mechs,
                                  OM_uint32 *time_rec)
{
    return ntlmgss_acquire_cred_with_password(minor_status, name, password,
                                              time_req, mechs, usage, cred,
                                              actual_mechs, time_rec);
}

SPI OM_uint32
gss_release_cred(OM_uint32 *minor_status, gss_cred_id_t *cred)
{
    return ntlmgss_release_cred(minor_status, cred);
}

SPI OM_uint32
gss_inquire_cred(OM_uint32 *minor_status, gss_cred_id_t cred,
                 gss_name_t *name, OM_uint32 *lifetime,
                 gss_cred_usage_t *usage, gss_OID_set *mechs)
{
    return ntlmgss_inquire_cred(minor_status, cred, name, lifetime, usage,
                                mechs);
}

SPI OM_uint32
gss_inquire_cred_by_mech(OM_uint32 *minor_status, gss_cred_id_t cred,
                         gss_OID mech, gss_name_t *name,
                         OM_uint32 *init_lifetime, OM_uint32 *accept_lifetime,
                         gss_cred_usage_t *usage)
{
    return ntlmgss_inquire_cred_by_mech(minor_status, cred, mech, name,
                                        init_lifetime, accept_lifetime,
                                        usage);
}

SPI OM_uint32
gss_export_cred(OM_uint32 *minor_status, gss_cred_id_t cred,
                gss_buffer_t token)
{
    return ntlmgss_export_cred(minor_status, cred, token);
}

SPI OM_uint32
gssspi_mech_invoke(OM_uint32 *minor_status, const gss_OID mech,
                   const gss_OID oid, gss_buffer_t value)
{
    return ntlmgss_mech_invoke(minor_status, mech, oid, value);
}

SPI OM_uint32
gss_pseudo_random(OM_uint32 *minor_status, gss_ctx_id_t ctx, int prf_key,
                  const gss_buffer_t prf_in, ssize_t desired_output_len,
                  gss_buffer_t prf_out)
{
    return ntlmgss_pseudo_random(minor_status, ctx, prf_key, prf_in,
                                 desired_output_len, prf_out);
}

/* mechglue looks the option hook up under its old name, with a pointer to
 * the credential (it may be replaced). */
SPI OM_uint32
gssspi_set_cred_option(OM_uint32 *minor_status, gss_cred_id_t *cred,
                       const gss_OID oid, const gss_buffer_t value)
{
    return ntlmgss_set_cred_option(minor_status, cred, oid, value);
}

SPI OM_uint32
gss_import_cred(OM_uint32 *minor_status, gss_buffer_t token,
                gss_cred_id_t *cred)
{
    return ntlmgss_import_cred(minor_status, token, cred);
}

SPI OM_uint32
gss_import_name(OM_uint32 *minor_status, gss_buffer_t in, gss_OID type,
                gss_name_t *out)
{
    return ntlmgss_import_name(minor_status, in, type, out);
}

SPI OM_uint32
gss_display_name(OM_uint32 *minor_status, gss_name_t name, gss_buffer_t out,
                 gss_OID *type)
{
    return ntlmgss_display_name(minor_status, name, out, type);
}

SPI OM_uint32
gss_compare_name(OM_uint32 *minor_status, gss_name_t a, gss_name_t b,
                 int *equal)
{
    return ntlmgss_compare_name(minor_status, a, b, equal);
}

SPI OM_uint32
gss_release_name(OM_uint32 *minor_status, gss_name_t *name)
{
    return ntlmgss_release_name(minor_status, name);
}

SPI OM_uint32
gss_duplicate_name(OM_uint32 *minor_status, const gss_name_t in,
                   gss_name_t *out)
{
    return ntlmgss_duplicate_name(minor_status, in, out);
}

SPI OM_uint32
gss_export_name(OM_uint32 *minor_status, const gss_name_t name,
                gss_buffer_t out)
{
    return ntlmgss_export_name(minor_status, name, out);
}

SPI OM_uint32
gss_canonicalize_name(OM_uint32 *minor_status, const gss_name_t in,
                      const gss_OID mech, gss_name_t *out)
{
    return ntlmgss_canonicalize_name(minor_status, in, mech, out);
}

SPI OM_uint32
gss_inquire_names_for_mech(OM_uint32 *minor_status, gss_OID mech,
                           gss_OID_set *types)
{
    return ntlmgss_inquire_names_for_mech(minor_status, mech, types);
}

SPI OM_uint32
gss_localname(OM_uint32 *minor_status, const gss_name_t name,
              gss_const_OID mech, gss_buffer_t localname)
{
    return ntlmgss_localname(minor_status, name, (gss_OID)mech, localname);
}

SPI OM_uint32
gssspi_authorize_localname(OM_uint32 *minor_status, const gss_name_t name,
                           gss_const_buffer_t user, gss_const_OID type)
{
    return ntlmgss_authorize_localname(minor_status, name,
                                       (gss_buffer_t)user, (gss_OID)type);
}

SPI OM_uint32
gss_inquire_name(OM_uint32 *minor_status, gss_name_t name, int *name_is_mn,
                 gss_OID *mn_mech, gss_buffer_set_t *attrs)
{
    return ntlmgss_inquire_name(minor_status, name, name_is_mn, mn_mech,
                                attrs);
}

SPI OM_uint32
gss_get_name_attribute(OM_uint32 *minor_status, gss_name_t name,
                       gss_buffer_t attr, int *authenticated, int *complete,
                       gss_buffer_t value, gss_buffer_t display_value,
                       int *more)
{
    return ntlmgss_get_name_attribute(minor_status, name, attr,
                                      authenticated, complete, value,
                                      display_value, more);
}

SPI OM_uint32
gss_display_status(OM_uint32 *minor_status, OM_uint32 status, int type,
                   gss_OID mech, OM_uint32 *ctx, gss_buffer_t out)
{
    return ntlmgss_display_status(minor_status, status, type, mech, ctx,
                                  out);
}

SPI OM_uint32
gss_indicate_mechs(OM_uint32 *minor_status, gss_OID_set *mechs)
{
    return ntlmgss_indicate_mechs(minor_status, mechs);
}

SPI OM_uint32
gss_inquire_attrs_for_mech(OM_uint32 *minor_status, gss_const_OID mech,
                           gss_OID_set *attrs, gss_OID_set *known)
{
    return ntlmgss_inquire_attrs_for_mech(minor_status, mech, attrs, known);
}

SPI OM_uint32
gss_inquire_saslname_for_mech(OM_uint32 *minor_status, const gss_OID mech,
                              gss_buffer_t sasl, gss_buffer_t name,
                              gss_buffer_t desc)
{
    return ntlmgss_inquire_saslname_for_mech(minor_status, mech, sasl, name,
                                             desc);
}

SPI OM_uint32
gss_inquire_mech_for_saslname(OM_uint32 *minor_status,
                              const gss_buffer_t sasl, gss_OID *mech)
{
    return ntlmgss_inquire_mech_for_saslname(minor_status, sasl, mech);
}
