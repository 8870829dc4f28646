/* gsstest.h - helpers for the end-to-end suites: everything goes through
 * the public GSSAPI of libgssapi_krb5, which loads the freshly built module
 * through a private GSS_MECH_CONFIG. */
#ifndef GSSTEST_H
#define GSSTEST_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include "ntlmgss.h"

extern gss_OID_desc t_ntlm_oid;
extern gss_OID_set_desc t_ntlm_set;
extern char t_dir[];

/* Write the configuration (base lines plus extra) for this test and point
 * NTLMGSS_CONFIG at it.  Every call rewrites the same file in place: the
 * module re-checks it at each context start, so each handshake sees the
 * file as it stands, however fast it changes (issue 11). */
void t_config(const char *extra);
/* Per-test timeout (s) of the TCases without a longer one of their own:
 * about 40 times the slowest test of a loaded sanitizer build;
 * `make check-valgrind` multiplies it (CK_TIMEOUT_MULTIPLIER). */
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

/* A legacy (LM / NTLMv1) client's primitives, independent of the module
 * (gsstest.c); passwords are ASCII. */
void t_md4(const void *p, size_t n, uint8_t out[16]);
void t_md5(const void *p, size_t n, uint8_t out[16]);
void t_hmac_md5(const uint8_t *key, size_t key_len, const void *p, size_t n,
                uint8_t out[16]);
void t_des7(const uint8_t k7[7], const uint8_t in[8], uint8_t out[8]);
void t_desl(const uint8_t k[16], const uint8_t d[8], uint8_t out[24]);
void t_rc4(const uint8_t *key, size_t key_len, const uint8_t *in,
           uint8_t *out, size_t n);
void t_ntowfv1(const char *pw, uint8_t out[16]);
void t_lmowfv1(const char *pw, uint8_t out[16]);

Suite *hs_suite(void);
Suite *msg_suite(void);
Suite *names_suite(void);
Suite *misc_suite(void);
Suite *interop_suite(void);
Suite *flags_suite(void);
Suite *domain_suite(void);
Suite *reload_suite(void);

#endif
