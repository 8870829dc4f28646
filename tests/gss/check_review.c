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

/* A CHALLENGE (no target name) whose TargetInfo is one unknown AV pair
 * of av_len bytes (0: only MsvAvEOL).  Returns the length; buf has room
 * for 56 + 65540 bytes. */
static size_t
make_challenge(uint8_t *buf, size_t av_len)
{
    static const uint8_t hdr[] = {
        'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0,
        0, 0, 0, 0, 56, 0, 0, 0,            /* TargetName: empty */
        0x31, 0x82, 0x88, 0xE2,             /* flags (see below) */
        1, 2, 3, 4, 5, 6, 7, 8,             /* server challenge */
        0, 0, 0, 0, 0, 0, 0, 0 };
    size_t ti = av_len > 0 ? 4 + av_len + 4 : 4, p;

    /* UNICODE|SIGN|SEAL|NTLM|ALWAYS_SIGN|ESS|TARGET_INFO|VERSION|128|
     * KEY_EXCH|56 */
    memcpy(buf, hdr, sizeof(hdr));
    p = sizeof(hdr);
    buf[p++] = (uint8_t)ti;                 /* TargetInfo */
    buf[p++] = (uint8_t)(ti >> 8);
    buf[p++] = (uint8_t)ti;
    buf[p++] = (uint8_t)(ti >> 8);
    buf[p++] = 56;
    buf[p++] = 0;
    buf[p++] = 0;
    buf[p++] = 0;
    memcpy(buf + p, "\x0a\x00\x7c\x4f\x00\x00\x00\x0f", 8);  /* VERSION */
    p += 8;
    if (av_len > 0) {
        buf[p++] = 0xFF;                    /* unknown AvId 0x00FF */
        buf[p++] = 0;
        buf[p++] = (uint8_t)av_len;
        buf[p++] = (uint8_t)(av_len >> 8);
        memset(buf + p, 'x', av_len);
        p += av_len;
    }
    memset(buf + p, 0, 4);                  /* MsvAvEOL */
    return p + 4;
}

/* An initiator whose CHALLENGE step failed is finished, as an acceptor is
 * after a failed AUTHENTICATE: a second CHALLENGE for the same NEGOTIATE
 * is refused (it used to be processed, leaking the first one's state). */
START_TEST(t_review_init_no_second_challenge)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER;
    gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
    OM_uint32 maj, min;
    gss_name_t tgt = t_service("HTTP@testsrv.example.test");
    uint8_t *buf = malloc(56 + 8 + 65536);

    ck_assert_ptr_nonnull(buf);
    maj = gss_init_sec_context(&min, ic, &ctx, tgt, &t_ntlm_oid,
                               GSS_C_INTEG_FLAG, 0, NULL, GSS_C_NO_BUFFER,
                               NULL, &out, NULL, NULL);
    ck_assert_uint_eq(maj, GSS_S_CONTINUE_NEEDED);
    gss_release_buffer(&min, &out);
    /* valid, but the NT response it asks for does not fit in 16 bits */
    in.value = buf;
    in.length = make_challenge(buf, 65500);
    maj = gss_init_sec_context(&min, ic, &ctx, tgt, &t_ntlm_oid,
                               GSS_C_INTEG_FLAG, 0, NULL, &in, NULL, &out,
                               NULL, NULL);
    ck_assert_msg(GSS_ERROR(maj), "huge CHALLENGE: %x/%x", maj, min);
    gss_release_buffer(&min, &out);
    in.length = make_challenge(buf, 0);
    maj = gss_init_sec_context(&min, ic, &ctx, tgt, &t_ntlm_oid,
                               GSS_C_INTEG_FLAG, 0, NULL, &in, NULL, &out,
                               NULL, NULL);
    ck_assert_msg(GSS_ERROR(maj), "second CHALLENGE accepted: %x/%x", maj,
                  min);
    gss_release_buffer(&min, &out);
    gss_delete_sec_context(&min, &ctx, GSS_C_NO_BUFFER);
    gss_release_cred(&min, &ic);
    gss_release_name(&min, &tgt);
    free(buf);
}
END_TEST

static uint32_t
get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
        (uint32_t)p[3] << 24;
}

static void
put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Put a DomainName with an ANSI escape sequence into the (MIC-less)
 * AUTHENTICATE of a user whose domain is empty: the payload is shifted
 * and the offsets behind it adjusted. */
static void
tamper_domain(int step, gss_buffer_t tok)
{
    static const uint8_t dom[] = { 'E', 0, 'V', 0, 0x1b, 0, '[', 0,
                                   '3', 0, '1', 0, 'm', 0 };
    uint8_t *m = tok->value, *n;
    uint32_t at;
    size_t i, len = tok->length;

    if (step != 1)
        return;
    ck_assert_uint_ge(len, 64);
    ck_assert_uint_eq(m[28] | m[29] << 8, 0);   /* empty domain */
    at = get_u32(m + 32);
    ck_assert_uint_le(at, len);
    n = malloc(len + sizeof(dom));
    ck_assert_ptr_nonnull(n);
    memcpy(n, m, at);
    memcpy(n + at, dom, sizeof(dom));
    memcpy(n + at + sizeof(dom), m + at, len - at);
    for (i = 12; i <= 52; i += 8) {
        if (i != 28 && get_u32(n + i + 4) >= at)
            put_u32(n + i + 4, get_u32(n + i + 4) + sizeof(dom));
    }
    n[28] = n[30] = sizeof(dom);
    free(tok->value);
    tok->value = n;
    tok->length = len + sizeof(dom);
}

/* Names in an AUTHENTICATE with control characters (here the domain,
 * which a user file entry without domain lets the client choose freely)
 * are refused: they would reach the application's logs and ACL checks as
 * the authenticated name. */
START_TEST(t_review_name_control_chars)
{
    gss_cred_id_t ic, ac;
    gss_buffer_desc d = GSS_C_EMPTY_BUFFER;
    struct t_hs h;
    OM_uint32 min;
    int ok;

    t_config("send_mic = no");
    ic = t_init_cred("anyuser", "anypass");
    ac = t_acc_cred();
    memset(&h, 0, sizeof(h));
    h.tamper_to_acc = tamper_domain;
    ok = t_handshake(&h, ic, ac, GSS_C_INTEG_FLAG);
    if (ok)
        gss_display_name(&min, h.src, &d, NULL);
    ck_assert_msg(!ok, "accepted as %.*s", (int)d.length,
                  d.value != NULL ? (char *)d.value : "?");
    gss_release_buffer(&min, &d);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

Suite *review_suite(void);

Suite *
review_suite(void)
{
    Suite *s = suite_create("review");
    TCase *tc = tcase_create("review");

    tcase_set_timeout(tc, T_TIMEOUT);
    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_review_unwrap_iov_stream_null);
    tcase_add_test(tc, t_review_iov_length_wrap);
    tcase_add_test(tc, t_review_init_no_second_challenge);
    tcase_add_test(tc, t_review_name_control_chars);
    tcase_add_test(tc, t_review_domain_fake_dc);
    tcase_add_test(tc, t_review_domain_guest_refused);
    suite_add_tcase(s, tc);
    return s;
}
