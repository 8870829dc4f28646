/*
 * check_review.c - regression tests for the defects found by the security
 * review of the GSS layer (one test per finding; each failed before its
 * fix).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gsstest.h"

/* gss_unwrap_iov with a STREAM buffer whose value is NULL (length >= 16):
 * an error, not a NULL dereference while reading the sequence number. */
START_TEST(t_review_unwrap_iov_stream_null)
{
    gss_iov_buffer_desc iov[2];
    struct t_hs h;
    OM_uint32 maj, min;
    int cs = -1;

    t_pair(&h);
    memset(iov, 0, sizeof(iov));
    iov[0].type = GSS_IOV_BUFFER_TYPE_STREAM;
    iov[0].buffer.length = 64;
    iov[0].buffer.value = NULL;
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    maj = gss_unwrap_iov(&min, h.actx, &cs, NULL, iov, 2);
    ck_assert(GSS_ERROR(maj));
    t_hs_cleanup(&h);
}
END_TEST

/*
 * Domain logons against fakewb.c (a DC that accepts every response).  An
 * attacker writes its own AUTHENTICATE, so it sends no MIC (the session
 * key is what the DC says, here zero) - our initiator with send_mic = no.
 * Returns 1 when the handshake completed; *out_name gets the source name
 * as displayed (malloc'd) when it did.
 */
static int
fake_domain_logon(const char *user_flags, char **out_name)
{
    gss_cred_id_t ic, ac;
    gss_buffer_desc d = GSS_C_EMPTY_BUFFER;
    struct t_hs h;
    OM_uint32 min;
    int ok;

    *out_name = NULL;
    setenv("NTLMGSS_WBCLIENT", FAKEWB_PATH, 1);
    if (user_flags != NULL)
        setenv("FAKEWB_USER_FLAGS", user_flags, 1);
    else
        unsetenv("FAKEWB_USER_FLAGS");
    /* no MIC: the fake DC's session key is not the client's */
    t_config("domain_logins = yes\nsend_mic = no");
    ic = t_init_cred("CORP\\nobody", "not the password");
    ac = t_acc_cred();
    memset(&h, 0, sizeof(h));
    ok = t_handshake(&h, ic, ac, GSS_C_INTEG_FLAG);
    if (ok && gss_display_name(&min, h.src, &d, NULL) == GSS_S_COMPLETE) {
        *out_name = strndup(d.value, d.length);
        gss_release_buffer(&min, &d);
    }
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
    return ok;
}

/* Control for the next test: the fake DC's ordinary answer is a logon
 * (so the harness reaches the domain branch). */
START_TEST(t_review_domain_fake_dc)
{
    char *name = NULL;

    ck_assert(fake_domain_logon(NULL, &name));
    ck_assert_ptr_nonnull(name);
    ck_assert_str_eq(name, "CORP\\alice");
    free(name);
}
END_TEST

/* A DC (or winbindd) that maps an unknown user or a wrong password to the
 * Guest account answers "success" with NETLOGON_GUEST in user_flags: that
 * proves no password, so the acceptor must not complete. */
START_TEST(t_review_domain_guest_refused)
{
    char *name = NULL;

    ck_assert_msg(!fake_domain_logon("1", &name),
                  "guest logon accepted as %s", name ? name : "?");
    free(name);
}
END_TEST

/* IOV DATA lengths whose sum wraps around SIZE_MAX: an error before any
 * buffer is touched, not a small gather buffer overrun by memcpy. */
START_TEST(t_review_iov_length_wrap)
{
    static uint8_t hdr[16], byte;
    gss_iov_buffer_desc iov[3];
    struct t_hs h;
    OM_uint32 maj, min;
    int cs = -1;

    t_pair(&h);
    memset(iov, 0, sizeof(iov));
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
    iov[0].buffer.length = sizeof(hdr);
    iov[0].buffer.value = hdr;
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer.length = SIZE_MAX / 2 + 1;
    iov[1].buffer.value = &byte;
    iov[2] = iov[1];
    maj = gss_wrap_iov(&min, h.ictx, 1, GSS_C_QOP_DEFAULT, &cs, iov, 3);
    ck_assert(GSS_ERROR(maj));
    maj = gss_unwrap_iov(&min, h.actx, &cs, NULL, iov, 3);
    ck_assert(GSS_ERROR(maj));
    t_hs_cleanup(&h);
}
END_TEST

Suite *review_suite(void);

Suite *
review_suite(void)
{
    Suite *s = suite_create("review");
    TCase *tc = tcase_create("review");

    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_review_unwrap_iov_stream_null);
    tcase_add_test(tc, t_review_iov_length_wrap);
    tcase_add_test(tc, t_review_domain_fake_dc);
    tcase_add_test(tc, t_review_domain_guest_refused);
    suite_add_tcase(s, tc);
    return s;
}
