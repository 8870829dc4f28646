/*
 * gss_int.h - private structures of the GSS mechanism: names, credentials,
 * security contexts, and the ntlmgss_* internals that spi.c trampolines to.
 * Only spi.c exports symbols; everything here is hidden.
 */
#ifndef NTLMGSS_GSS_INT_H
#define NTLMGSS_GSS_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include "ntlmgss.h"
#include "../common/errors.h"
#include "../common/secure.h"
#include "../ntlm/ntlm.h"
#include "../nconfig.h"
#include "../userdb.h"
#include "../trace.h"

/* ---- names ------------------------------------------------------------ */
enum ntlmgss_name_kind {
    NTLMGSS_NAME_USER = 1,
    NTLMGSS_NAME_SERVICE,
    NTLMGSS_NAME_ANON
};

struct ntlmgss_name {
    enum ntlmgss_name_kind kind;
    char *domain;       /* user: NULL when none was given */
    char *user;         /* user */
    char *service;      /* service: e.g. "HTTP" */
    char *host;         /* service: may be NULL */
    /* acceptor, domain logons only: the SIDs the domain controller
     * returned (name attributes, see NTLMGSS_ATTR_* in ntlmgss.h) */
    char *user_sid;
    char *primary_group_sid;
    char **group_sids;
    size_t num_group_sids;
};

/* Copy the SIDs of a domain logon into a name. */
struct ntlmgss_wb_info;
int ntlmgss_name_set_sids(struct ntlmgss_name *name,
                          const struct ntlmgss_wb_info *info);

int ntlmgss_name_new_user(const char *domain, const char *user,
                          struct ntlmgss_name **out_name);
int ntlmgss_name_dup(const struct ntlmgss_name *in,
                     struct ntlmgss_name **out_name);
void ntlmgss_name_free(struct ntlmgss_name *name);
/* Parse "DOMAIN\user", "user@domain", "user" (UTF-8, len bytes). */
int ntlmgss_name_parse_user(const char *s, size_t len,
                            struct ntlmgss_name **out_name);
/* Display form (malloc'd, NUL-terminated, *out_len excludes the NUL). */
int ntlmgss_name_display(const struct ntlmgss_name *name, char **out_str,
                         size_t *out_len);
/* SPN "service/host" for MsvAvTargetName (malloc'd) or NULL if none. */
int ntlmgss_name_spn(const struct ntlmgss_name *name, char **out_spn);

/* Serialisation of names inside exported creds and contexts. */
void ntlmgss_put_name(struct wire_out *w, const struct ntlmgss_name *n);
int ntlmgss_get_name(struct wire_in *in, struct ntlmgss_name **out);

/* ---- credentials ------------------------------------------------------ */
/* How the initiator turns GSS request flags into NTLM flags. */
enum ntlmgss_flag_rules {
    NTLMGSS_FLAGS_CONFIG = 0,   /* configuration: seal_by_default */
    NTLMGSS_FLAGS_WINDOWS,      /* SSPI's: SEAL only for CONF */
    NTLMGSS_FLAGS_SEAL          /* SEAL whenever protection is asked */
};

struct ntlmgss_cred {
    gss_cred_usage_t usage;
    /* initiator */
    struct ntlmgss_name *user;      /* NTLMGSS_NAME_USER or _ANON */
    bool have_hash;
    uint8_t nt_hash[16];
    /* acceptor */
    struct ntlmgss_name *acceptor;  /* NULL = any service */
    char *user_file;                /* NULL = configuration's */
    time_t expiry;                  /* 0 = indefinite */
    /* options (gss_set_cred_option) */
    enum ntlmgss_flag_rules flag_rules;
    bool have_neg_flags;            /* NTLMGSS_OID_NEG_FLAGS was set */
    uint32_t neg_flags;             /* base NEGOTIATE flags */
    bool sso;                       /* initiator: winbind's cached creds */
    /* initiator: NTOWFv2(nt_hash, user, domain), kept by the first context
     * that computes it (0 none, 1 being stored, 2 ready; atomic), so a
     * reused credential does not recompute it on every handshake.  Wiped
     * with the credential. */
    int ntowfv2_state;
    uint8_t ntowfv2[16];
};

void ntlmgss_cred_free(struct ntlmgss_cred *cred);     /* wipes */
int ntlmgss_cred_acquire(const struct ntlmgss_name *name,
                         gss_cred_usage_t usage,
                         gss_const_key_value_set_t store,
                         const gss_buffer_t password,
                         struct ntlmgss_cred **out_cred);

/* ---- security contexts ------------------------------------------------ */
enum ntlmgss_ctx_state {
    NTLMGSS_STATE_START = 0,
    NTLMGSS_STATE_NEGOTIATE_SENT,   /* initiator waits for CHALLENGE */
    NTLMGSS_STATE_CHALLENGE_SENT,   /* acceptor waits for AUTHENTICATE */
    NTLMGSS_STATE_DONE,
    NTLMGSS_STATE_FAILED            /* a step failed: no further steps */
};

struct ntlmgss_ctx {
    bool initiator;
    enum ntlmgss_ctx_state state;
    OM_uint32 req_flags;            /* GSS flags asked by the application */
    uint32_t neg_flags;             /* NTLM flags negotiated */
    bool anonymous;
    bool mic_done;                  /* MIC sent (initiator) / verified */
    struct ntlmgss_config *cfg;
    /* initiator identity (copied from the cred) */
    struct ntlmgss_name *user;
    bool have_hash;
    uint8_t nt_hash[16];
    bool have_ntowfv2;              /* ntowfv2 is the user's (from the cred) */
    uint8_t ntowfv2[16];
    bool sso;                       /* winbind runs the NTLMSSP client */
    struct ntlmgss_name *target;    /* initiator: target name */
    /* acceptor */
    char *user_file;
    struct ntlmgss_name *acceptor;
    struct ntlmgss_name *src_name;  /* acceptor: authenticated user */
    bool domain;                    /* acceptor: domain logons (winbind) */
    int domain_error;               /* why not, when auto mode gave up */
    char *dom_nb;                   /* the member's NetBIOS domain */
    char *dom_dns;                  /* the member's DNS domain (or NULL) */
    /* transcript for the MIC */
    uint8_t *nego_msg;
    size_t nego_len;
    uint8_t *chal_msg;
    size_t chal_len;
    uint8_t server_challenge[8];
    time_t expiry;                  /* 0 = indefinite */
    struct ntlm_session sess;
    bool have_session;
    int last_minor;
};

void ntlmgss_ctx_free(struct ntlmgss_ctx *ctx);        /* wipes */
/* Established: state DONE, handshake-only data released. */
void ntlmgss_ctx_complete(struct ntlmgss_ctx *ctx);
/*
 * ntlmgss_ctx_integ - whether the context has message integrity: SIGN, or
 * SEAL alone (MS-NLMP 3.4.3: sealing always signs; python3-ntlm-auth
 * announces SEAL without SIGN against a CHALLENGE lacking OEM and
 * REQUEST_TARGET, then signs and seals every message).  neg_flags stay
 * what was negotiated on the wire.
 */
static inline bool
ntlmgss_ctx_integ(const struct ntlmgss_ctx *ctx)
{
    return (ctx->neg_flags & (NTLMSSP_NEGOTIATE_SIGN |
                              NTLMSSP_NEGOTIATE_SEAL)) != 0;
}
/* Hash gss channel bindings the way Windows does (addresses included). */
int ntlmgss_cb_hash(gss_channel_bindings_t cb, uint8_t out[16]);

/* Reflection detection (reflect.c): acceptors remember the server
 * challenges they issue; initiators refuse a CHALLENGE carrying one. */
void ntlmgss_reflect_remember(const uint8_t chal[8]);
int ntlmgss_reflect_seen(const uint8_t chal[8]);
/* NTLM flags to ask for, from GSS request flags.  seal: SIGN+SEAL for
 * any protection flag (INTEG, CONF, REPLAY, SEQUENCE); otherwise Windows'
 * rules (SIGN for those, SEAL only for CONF).  base: the NEGOTIATE flags
 * before protection (0 = the built-in defaults). */
uint32_t ntlmgss_flags_from_gss(OM_uint32 req_flags, bool seal,
                                uint32_t base);
OM_uint32 ntlmgss_ctx_ret_flags(const struct ntlmgss_ctx *ctx);

/* ---- error boundary --------------------------------------------------- */
/* GSS major for an NTLM_ERR_* (or errno) code, from the table. */
OM_uint32 ntlmgss_major(int code);
/* Set *minor_status to code and return its major (0 -> COMPLETE). */
OM_uint32 ntlmgss_fail(OM_uint32 *minor_status, int code);

/* ---- helpers ---------------------------------------------------------- */
extern gss_OID_desc ntlmgss_mech_oid_desc;
bool ntlmgss_is_our_mech(gss_const_OID oid);
int ntlmgss_buffer_set(gss_buffer_t buf, const void *p, size_t len);
uint64_t ntlmgss_filetime_now(void);
/* True if the OID is 1.3.6.1.4.1.7165.655.1.<leaf>. */
bool ntlmgss_is_private_oid(gss_const_OID oid, unsigned leaf);

/* ---- internals called by spi.c ---------------------------------------- */
OM_uint32 ntlmgss_init_sec_context(OM_uint32 *, gss_cred_id_t,
    gss_ctx_id_t *, gss_name_t, gss_OID, OM_uint32, OM_uint32,
    gss_channel_bindings_t, gss_buffer_t, gss_OID *, gss_buffer_t,
    OM_uint32 *, OM_uint32 *);
OM_uint32 ntlmgss_accept_sec_context(OM_uint32 *, gss_ctx_id_t *,
    gss_cred_id_t, gss_buffer_t, gss_channel_bindings_t, gss_name_t *,
    gss_OID *, gss_buffer_t, OM_uint32 *, OM_uint32 *, gss_cred_id_t *);
OM_uint32 ntlmgss_delete_sec_context(OM_uint32 *, gss_ctx_id_t *,
    gss_buffer_t);
OM_uint32 ntlmgss_context_time(OM_uint32 *, gss_ctx_id_t, OM_uint32 *);
OM_uint32 ntlmgss_inquire_context(OM_uint32 *, gss_ctx_id_t, gss_name_t *,
    gss_name_t *, OM_uint32 *, gss_OID *, OM_uint32 *, int *, int *);
OM_uint32 ntlmgss_inquire_sec_context_by_oid(OM_uint32 *, gss_ctx_id_t,
    gss_OID, gss_buffer_set_t *);
OM_uint32 ntlmgss_set_sec_context_option(OM_uint32 *, gss_ctx_id_t *,
    gss_OID, gss_buffer_t);
OM_uint32 ntlmgss_export_sec_context(OM_uint32 *, gss_ctx_id_t *,
    gss_buffer_t);
OM_uint32 ntlmgss_mech_invoke(OM_uint32 *, gss_OID, gss_OID, gss_buffer_t);
OM_uint32 ntlmgss_pseudo_random(OM_uint32 *, gss_ctx_id_t, int,
    const gss_buffer_t, ssize_t, gss_buffer_t);
OM_uint32 ntlmgss_import_sec_context(OM_uint32 *, gss_buffer_t,
    gss_ctx_id_t *);

OM_uint32 ntlmgss_get_mic(OM_uint32 *, gss_ctx_id_t, gss_qop_t,
    gss_buffer_t, gss_buffer_t);
OM_uint32 ntlmgss_verify_mic(OM_uint32 *, gss_ctx_id_t, gss_buffer_t,
    gss_buffer_t, gss_qop_t *);
OM_uint32 ntlmgss_wrap(OM_uint32 *, gss_ctx_id_t, int, gss_qop_t,
    gss_buffer_t, int *, gss_buffer_t);
OM_uint32 ntlmgss_unwrap(OM_uint32 *, gss_ctx_id_t, gss_buffer_t,
    gss_buffer_t, int *, gss_qop_t *);
OM_uint32 ntlmgss_wrap_size_limit(OM_uint32 *, gss_ctx_id_t, int,
    gss_qop_t, OM_uint32, OM_uint32 *);
OM_uint32 ntlmgss_wrap_iov(OM_uint32 *, gss_ctx_id_t, int, gss_qop_t,
    int *, gss_iov_buffer_desc *, int);
OM_uint32 ntlmgss_unwrap_iov(OM_uint32 *, gss_ctx_id_t, int *, gss_qop_t *,
    gss_iov_buffer_desc *, int);
OM_uint32 ntlmgss_wrap_iov_length(OM_uint32 *, gss_ctx_id_t, int,
    gss_qop_t, int *, gss_iov_buffer_desc *, int);
OM_uint32 ntlmgss_get_mic_iov(OM_uint32 *, gss_ctx_id_t, gss_qop_t,
    gss_iov_buffer_desc *, int);
OM_uint32 ntlmgss_verify_mic_iov(OM_uint32 *, gss_ctx_id_t, gss_qop_t *,
    gss_iov_buffer_desc *, int);
OM_uint32 ntlmgss_get_mic_iov_length(OM_uint32 *, gss_ctx_id_t, gss_qop_t,
    gss_iov_buffer_desc *, int);

OM_uint32 ntlmgss_acquire_cred_from(OM_uint32 *, gss_name_t, OM_uint32,
    gss_OID_set, gss_cred_usage_t, gss_const_key_value_set_t,
    gss_cred_id_t *, gss_OID_set *, OM_uint32 *);
OM_uint32 ntlmgss_acquire_cred_with_password(OM_uint32 *, gss_name_t,
    gss_buffer_t, OM_uint32, gss_OID_set, gss_cred_usage_t, gss_cred_id_t *,
    gss_OID_set *, OM_uint32 *);
OM_uint32 ntlmgss_release_cred(OM_uint32 *, gss_cred_id_t *);
OM_uint32 ntlmgss_inquire_cred(OM_uint32 *, gss_cred_id_t, gss_name_t *,
    OM_uint32 *, gss_cred_usage_t *, gss_OID_set *);
OM_uint32 ntlmgss_inquire_cred_by_mech(OM_uint32 *, gss_cred_id_t, gss_OID,
    gss_name_t *, OM_uint32 *, OM_uint32 *, gss_cred_usage_t *);
OM_uint32 ntlmgss_export_cred(OM_uint32 *, gss_cred_id_t, gss_buffer_t);
OM_uint32 ntlmgss_set_cred_option(OM_uint32 *, gss_cred_id_t *, gss_OID,
    gss_buffer_t);
OM_uint32 ntlmgss_import_cred(OM_uint32 *, gss_buffer_t, gss_cred_id_t *);

OM_uint32 ntlmgss_import_name(OM_uint32 *, gss_buffer_t, gss_OID,
    gss_name_t *);
OM_uint32 ntlmgss_display_name(OM_uint32 *, gss_name_t, gss_buffer_t,
    gss_OID *);
OM_uint32 ntlmgss_compare_name(OM_uint32 *, gss_name_t, gss_name_t, int *);
OM_uint32 ntlmgss_release_name(OM_uint32 *, gss_name_t *);
OM_uint32 ntlmgss_duplicate_name(OM_uint32 *, gss_name_t, gss_name_t *);
OM_uint32 ntlmgss_export_name(OM_uint32 *, gss_name_t, gss_buffer_t);
OM_uint32 ntlmgss_canonicalize_name(OM_uint32 *, gss_name_t, gss_OID,
    gss_name_t *);
OM_uint32 ntlmgss_inquire_names_for_mech(OM_uint32 *, gss_OID,
    gss_OID_set *);
OM_uint32 ntlmgss_localname(OM_uint32 *, gss_name_t, gss_OID,
    gss_buffer_t);
OM_uint32 ntlmgss_authorize_localname(OM_uint32 *, gss_name_t,
    gss_buffer_t, gss_OID);
OM_uint32 ntlmgss_inquire_name(OM_uint32 *, gss_name_t, int *, gss_OID *,
    gss_buffer_set_t *);
OM_uint32 ntlmgss_get_name_attribute(OM_uint32 *, gss_name_t, gss_buffer_t,
    int *, int *, gss_buffer_t, gss_buffer_t, int *);

OM_uint32 ntlmgss_display_status(OM_uint32 *, OM_uint32, int, gss_OID,
    OM_uint32 *, gss_buffer_t);
OM_uint32 ntlmgss_indicate_mechs(OM_uint32 *, gss_OID_set *);
OM_uint32 ntlmgss_inquire_attrs_for_mech(OM_uint32 *, gss_const_OID,
    gss_OID_set *, gss_OID_set *);
OM_uint32 ntlmgss_inquire_saslname_for_mech(OM_uint32 *, const gss_OID,
    gss_buffer_t, gss_buffer_t, gss_buffer_t);
OM_uint32 ntlmgss_inquire_mech_for_saslname(OM_uint32 *, const gss_buffer_t,
    gss_OID *);

#endif /* NTLMGSS_GSS_INT_H */
