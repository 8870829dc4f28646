/* gsstest.h - helpers for the end-to-end suites: everything goes through
 * the public GSSAPI of libgssapi_krb5, which loads the freshly built module
 * through a private GSS_MECH_CONFIG. */
#ifndef GSSTEST_H
#define GSSTEST_H

#include <check.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include "ntlmgss.h"

extern gss_OID_desc t_ntlm_oid;
extern gss_OID_set_desc t_ntlm_set;
extern char t_dir[];

/* Write the configuration file (base lines plus extra) for this test. */
void t_config(const char *extra);
/* The same under a file name not used before in this run, for a change in
 * the middle of a test (after the mechanism has read the configuration):
 * NTLMGSS_CONFIG then names another file, which the module reads at once
 * whatever its re-check interval for an unchanged path (tests/TIMING.md). */
void t_config_new(const char *extra);
/* Per-test timeout (s) of every TCase: about 40 times the slowest test of
 * a loaded sanitizer build; `make check-valgrind` multiplies it
 * (CK_TIMEOUT_MULTIPLIER). */
#define T_TIMEOUT 20
/* Checked fixture: default configuration before each test. */
void t_reset(void);
/* Import "DOMAIN\user" (user name) or "svc@host" (service). */
gss_name_t t_user(const char *s);
gss_name_t t_service(const char *s);
/* Initiator cred with a password; acceptor cred from the user file. */
gss_cred_id_t t_init_cred(const char *user, const char *pw);
gss_cred_id_t t_acc_cred(void);

struct t_hs {
    gss_ctx_id_t ictx, actx;
    OM_uint32 imaj, imin, amaj, amin;
    OM_uint32 iflags, aflags;
    gss_name_t src;
    gss_channel_bindings_t icb, acb;
    gss_name_t target;
    OM_uint32 time_req;
    gss_OID mech;
    /* hook to tamper with the token sent to the acceptor (step 0 =
     * NEGOTIATE, 1 = AUTHENTICATE) or to the initiator (CHALLENGE) */
    void (*tamper_to_acc)(int step, gss_buffer_t tok);
    void (*tamper_to_init)(gss_buffer_t tok);
};
/* Run a handshake; returns 1 when both sides completed. */
int t_handshake(struct t_hs *h, gss_cred_id_t ic, gss_cred_id_t ac,
                OM_uint32 flags);
void t_hs_cleanup(struct t_hs *h);
/* Establish a default INTEG|CONF context pair (asserts success). */
void t_pair(struct t_hs *h);

Suite *hs_suite(void);
Suite *msg_suite(void);
Suite *names_suite(void);
Suite *misc_suite(void);
Suite *interop_suite(void);
Suite *flags_suite(void);
Suite *domain_suite(void);

#endif
