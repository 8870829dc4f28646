/* sspi_test.h - helpers shared by the SSPI shim suites. */
#ifndef SSPI_TEST_H
#define SSPI_TEST_H

#define SECURITY_WIN32
#include <security.h>
#include <check.h>

#define TEST_DOMAIN   "TESTDOM"
#define TEST_USER     "alice"
#define TEST_PASSWORD "S3cret!pw"
#define TOKEN_MAX     12288

Suite *conformance_suite(void);
Suite *handshake_suite(void);
Suite *message_suite(void);
Suite *handles_suite(void);
Suite *threads_suite(void);

/* Nonzero when the tests run against our own mechanism (not the system's
 * gss-ntlmssp); used only where the two are known to differ. */
int test_ours(void);

/* Say loudly on stderr that the calling test skips (part of) its checks
 * because the mechanism under test is gss-ntlmssp, and why. */
void test_skip_other(const char *test, const char *why);

/* Fill an ANSI identity (NULL fields allowed). */
void test_identity(SEC_WINNT_AUTH_IDENTITY_A *id, const char *user,
                   const char *domain, const char *password);

/* ACH for pkg: OUTBOUND with alice's identity (or the given one), INBOUND
 * with none. */
SECURITY_STATUS test_client_cred(const char *pkg, const char *user,
                                 const char *password, CredHandle *out);
SECURITY_STATUS test_server_cred(const char *pkg, CredHandle *out);

/* One side of a loop: statuses of each leg are kept for inspection. */
struct test_pair {
    CredHandle ccred, scred;
    CtxtHandle cctx, sctx;
    int have_cctx, have_sctx;
    SECURITY_STATUS legs[8];
    int num_legs;
    ULONG cattr, sattr;
    SECURITY_STATUS client_status, server_status;
};

/* Run the ISC/ASC loop with the given credentials; returns the first
 * failing status or SEC_E_OK when both sides are complete. */
SECURITY_STATUS test_loop(struct test_pair *p, ULONG creq, ULONG sreq,
                          const char *target);

/* Acquire alice + a server credential for pkg and run the loop. */
SECURITY_STATUS test_handshake(struct test_pair *p, const char *pkg,
                               ULONG creq, ULONG sreq);
void test_pair_free(struct test_pair *p);

#endif
