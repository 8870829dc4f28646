/*
 * check_flags.c - the initiator's flag policy.  By default any protection
 * flag negotiates SIGN and SEAL (gss_wrap(conf_req=1) encrypts even when
 * only REPLAY or INTEG was asked, as MIT's gss-client expects); the
 * credential option NTLMGSS_OID_WINDOWS_FLAGS (what the SSPI shim sets)
 * restores Windows SSPI's rules; seal_by_default = no does so for all;
 * NTLMGSS_OID_NEG_FLAGS sets the base NEGOTIATE flags.  Both options are
 * also tested through a SPNEGO credential (spnego_gss_set_cred_option
 * forwards to the mechanism's credential).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gsstest.h"

#define NEG_SIGN        0x00000010u
#define NEG_SEAL        0x00000020u
#define NEG_ESS         0x00080000u
#define NEG_128         0x20000000u
#define NEG_KEY_EXCH    0x40000000u
#define NEG_56          0x80000000u

static gss_OID_desc win_oid = { NTLMGSS_OID_PRIVATE_LENGTH,
                                (void *)NTLMGSS_OID_WINDOWS_FLAGS_BYTES };
static gss_OID_desc negf_oid = { NTLMGSS_OID_PRIVATE_LENGTH,
                                 (void *)NTLMGSS_OID_NEG_FLAGS_BYTES };
static gss_OID_desc flags_oid = { NTLMGSS_OID_ARC_LENGTH + 1,
                                  (void *)NTLMGSS_OID_ARC_BYTES "\x64" };
static gss_OID_desc spnego_oid = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };

static uint32_t
ctx_ntlm_flags(gss_ctx_id_t ctx)
{
    gss_buffer_set_t bs = GSS_C_NO_BUFFER_SET;
    OM_uint32 maj, min;
    const uint8_t *p;
    uint32_t f;

    maj = gss_inquire_sec_context_by_oid(&min, ctx, &flags_oid, &bs);
    ck_assert_msg(maj == GSS_S_COMPLETE, "inquire flags %x/%x", maj, min);
    ck_assert_uint_eq(bs->elements[0].length, 4);
    p = bs->elements[0].value;
    f = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
        (uint32_t)p[3] << 24;
    gss_release_buffer_set(&min, &bs);
    return f;
}

static void
set_windows(gss_cred_id_t *c)
{
    gss_buffer_desc empty = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;

    maj = gss_set_cred_option(&min, c, &win_oid, &empty);
    ck_assert_msg(maj == GSS_S_COMPLETE, "set windows flags %x/%x", maj,
                  min);
}

/* wrap(conf_req=1) from a to b; returns conf_state as seen by both. */
static int
wrap_conf(gss_ctx_id_t a, gss_ctx_id_t b)
{
    gss_buffer_desc in = { 11, (void *)"hello world" };
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;
    int cs = -1, cs2 = -1;

    maj = gss_wrap(&min, a, 1, GSS_C_QOP_DEFAULT, &in, &cs, &tok);
    ck_assert_msg(maj == GSS_S_COMPLETE, "wrap %x/%x", maj, min);
    maj = gss_unwrap(&min, b, &tok, &out, &cs2, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "unwrap %x/%x", maj, min);
    ck_assert_int_eq(cs, cs2);
    ck_assert_uint_eq(out.length, in.length);
    ck_assert_mem_eq(out.value, in.value, in.length);
    if (cs)
        ck_assert(memcmp((uint8_t *)tok.value + 16, in.value, 11) != 0);
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &out);
    return cs;
}

/* Handshake with flags; returns the negotiated NTLM flags; conf_state of
 * wrap(conf_req=1) both ways in *out_conf (asserted equal). */
static uint32_t
run(gss_cred_id_t ic, OM_uint32 flags, gss_OID mech, OM_uint32 *out_iflags,
    int *out_conf)
{
    gss_cred_id_t ac = mech == GSS_C_NO_OID ? t_acc_cred() :
        GSS_C_NO_CREDENTIAL;
    struct t_hs h;
    OM_uint32 min;
    uint32_t f;
    int c1, c2;

    memset(&h, 0, sizeof(h));
    h.mech = mech;
    ck_assert_msg(t_handshake(&h, ic, ac, flags), "handshake %x/%x %x/%x",
                  h.imaj, h.imin, h.amaj, h.amin);
    f = mech == GSS_C_NO_OID ? ctx_ntlm_flags(h.ictx) : 0;
    if (mech == GSS_C_NO_OID)
        ck_assert_uint_eq(f, ctx_ntlm_flags(h.actx));
    *out_iflags = h.iflags;
    /* ret_flags honest on both sides: CONF exactly when SEAL */
    ck_assert_uint_eq(h.iflags & GSS_C_CONF_FLAG, h.aflags & GSS_C_CONF_FLAG);
    c1 = wrap_conf(h.ictx, h.actx);
    c2 = wrap_conf(h.actx, h.ictx);
    ck_assert_int_eq(c1, c2);
    ck_assert_int_eq(c1, (h.iflags & GSS_C_CONF_FLAG) != 0);
    *out_conf = c1;
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ac);
    return f;
}

/* Default: REPLAY|MUTUAL (gss-client's flags) negotiates SEAL. */
START_TEST(t_flags_default_seals)
{
    static const OM_uint32 asks[] = {
        GSS_C_REPLAY_FLAG | GSS_C_MUTUAL_FLAG, GSS_C_INTEG_FLAG,
        GSS_C_SEQUENCE_FLAG, GSS_C_CONF_FLAG
    };
    gss_cred_id_t ic;
    OM_uint32 iflags, min;
    uint32_t f;
    size_t i;
    int conf;

    for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
        ic = t_init_cred("TESTDOM\\testuser", "testpass");
        f = run(ic, asks[i], GSS_C_NO_OID, &iflags, &conf);
        ck_assert_msg((f & (NEG_SIGN | NEG_SEAL)) == (NEG_SIGN | NEG_SEAL),
                      "ask %x: flags %08x", asks[i], f);
        ck_assert(f & NEG_KEY_EXCH);
        ck_assert(f & NEG_128);
        ck_assert(f & NEG_ESS);
        ck_assert(iflags & GSS_C_CONF_FLAG);
        ck_assert(iflags & GSS_C_INTEG_FLAG);
        ck_assert(!(iflags & GSS_C_MUTUAL_FLAG));
        ck_assert_int_eq(conf, 1);
        gss_release_cred(&min, &ic);
    }
    /* no protection asked: still neither SIGN nor SEAL */
    ic = t_init_cred("TESTDOM\\testuser", "testpass");
    {
        gss_cred_id_t ac = t_acc_cred();
        struct t_hs h;

        memset(&h, 0, sizeof(h));
        ck_assert(t_handshake(&h, ic, ac, 0));
        f = ctx_ntlm_flags(h.ictx);
        ck_assert(!(f & (NEG_SIGN | NEG_SEAL)));
        t_hs_cleanup(&h);
        gss_release_cred(&min, &ac);
    }
    gss_release_cred(&min, &ic);
}
END_TEST

/* NTLMGSS_OID_WINDOWS_FLAGS: SEAL only for CONF, SIGN for the others. */
START_TEST(t_flags_windows_option)
{
    gss_cred_id_t ic;
    OM_uint32 iflags, min;
    uint32_t f;
    int conf;

    ic = t_init_cred("TESTDOM\\testuser", "testpass");
    set_windows(&ic);
    f = run(ic, GSS_C_REPLAY_FLAG | GSS_C_MUTUAL_FLAG, GSS_C_NO_OID,
            &iflags, &conf);
    ck_assert(f & NEG_SIGN);
    ck_assert(!(f & NEG_SEAL));
    ck_assert(!(iflags & GSS_C_CONF_FLAG));
    ck_assert(iflags & GSS_C_INTEG_FLAG);
    ck_assert_int_eq(conf, 0);
    f = run(ic, GSS_C_INTEG_FLAG, GSS_C_NO_OID, &iflags, &conf);
    ck_assert(f & NEG_SIGN);
    ck_assert(!(f & NEG_SEAL));
    f = run(ic, GSS_C_CONF_FLAG, GSS_C_NO_OID, &iflags, &conf);
    ck_assert((f & (NEG_SIGN | NEG_SEAL)) == (NEG_SIGN | NEG_SEAL));
    ck_assert_int_eq(conf, 1);
    gss_release_cred(&min, &ic);
}
END_TEST

/* The option survives gss_export_cred / gss_import_cred, one byte 0 turns
 * it off again, and bad values are refused. */
START_TEST(t_flags_option_values)
{
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER, b;
    gss_cred_id_t ic, ic2 = GSS_C_NO_CREDENTIAL;
    OM_uint32 maj, min, iflags;
    uint32_t f;
    int conf;

    ic = t_init_cred("TESTDOM\\testuser", "testpass");
    set_windows(&ic);
    maj = gss_export_cred(&min, ic, &tok);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_import_cred(&min, &tok, &ic2);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_release_buffer(&min, &tok);
    f = run(ic2, GSS_C_INTEG_FLAG, GSS_C_NO_OID, &iflags, &conf);
    ck_assert(!(f & NEG_SEAL));
    b.length = 1;
    b.value = (void *)"\0";
    maj = gss_set_cred_option(&min, &ic, &win_oid, &b);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    f = run(ic, GSS_C_INTEG_FLAG, GSS_C_NO_OID, &iflags, &conf);
    ck_assert(f & NEG_SEAL);
    b.length = 3;
    b.value = (void *)"abc";
    maj = gss_set_cred_option(&min, &ic, &win_oid, &b);
    ck_assert(GSS_ERROR(maj));
    maj = gss_set_cred_option(&min, &ic, &negf_oid, &b);
    ck_assert(GSS_ERROR(maj));
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ic2);
}
END_TEST

/* seal_by_default = no: Windows' rules for every credential. */
START_TEST(t_flags_config_no_seal)
{
    gss_cred_id_t ic;
    OM_uint32 iflags, min;
    uint32_t f;
    int conf;

    t_config("seal_by_default = no");
    ic = t_init_cred("TESTDOM\\testuser", "testpass");
    f = run(ic, GSS_C_REPLAY_FLAG, GSS_C_NO_OID, &iflags, &conf);
    ck_assert(f & NEG_SIGN);
    ck_assert(!(f & NEG_SEAL));
    ck_assert_int_eq(conf, 0);
    gss_release_cred(&min, &ic);
}
END_TEST

/* NTLMGSS_OID_NEG_FLAGS: base flags without KEY_EXCH and 56 are used. */
START_TEST(t_flags_neg_flags_option)
{
    gss_buffer_desc b;
    gss_cred_id_t ic;
    OM_uint32 maj, min, iflags;
    uint32_t base = 0x00000001u | 0x00000004u | 0x00000200u | 0x00008000u |
        NEG_ESS | NEG_128 | 0x02000000u;    /* UNICODE REQ_TARGET NTLM
                                             * ALWAYS_SIGN ESS 128 VERSION */
    uint32_t f;
    int conf;

    ic = t_init_cred("TESTDOM\\testuser", "testpass");
    b.length = 4;
    b.value = &base;
    maj = gss_set_cred_option(&min, &ic, &negf_oid, &b);
    ck_assert_msg(maj == GSS_S_COMPLETE, "neg flags %x/%x", maj, min);
    f = run(ic, GSS_C_INTEG_FLAG, GSS_C_NO_OID, &iflags, &conf);
    ck_assert(!(f & NEG_KEY_EXCH));
    ck_assert(!(f & NEG_56));
    ck_assert((f & (NEG_SIGN | NEG_SEAL)) == (NEG_SIGN | NEG_SEAL));
    ck_assert_int_eq(conf, 1);
    gss_release_cred(&min, &ic);
}
END_TEST

/*
 * SEAL implies message integrity (MS-NLMP 3.4.3: sealing always signs).
 * python3-ntlm-auth 1.4 computes its AUTHENTICATE flags as "CHALLENGE
 * flags minus OEM"; with a CHALLENGE that has neither OEM nor
 * REQUEST_TARGET the borrow clears SIGN and it announces SEAL without
 * SIGN, then seals and signs every message.  Both sides must still wrap,
 * unwrap and sign, and report INTEG.
 */
static void
clear_auth_sign(int step, gss_buffer_t tok)
{
    uint8_t *p = tok->value;

    if (step != 1)
        return;
    ck_assert_uint_ge(tok->length, 64);
    p[60] &= (uint8_t)~NEG_SIGN;        /* AUTHENTICATE NegotiateFlags */
}

static void
mic_both_ways(gss_ctx_id_t a, gss_ctx_id_t b)
{
    gss_buffer_desc m = { 5, (void *)"hello" };
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;

    maj = gss_get_mic(&min, a, GSS_C_QOP_DEFAULT, &m, &tok);
    ck_assert_msg(maj == GSS_S_COMPLETE, "get_mic %x/%x", maj, min);
    ck_assert_uint_eq(tok.length, 16);
    /* a real signature, not the dummy one */
    ck_assert(memcmp((uint8_t *)tok.value + 4,
                     "\0\0\0\0\0\0\0\0\0\0\0\0", 12) != 0);
    maj = gss_verify_mic(&min, b, &m, &tok, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "verify_mic %x/%x", maj, min);
    gss_release_buffer(&min, &tok);
}

START_TEST(t_flags_seal_without_sign_auth)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac = t_acc_cred();
    struct t_hs h;
    OM_uint32 min;
    uint32_t af;

    /* no MIC: the tampered AUTHENTICATE is not the one the initiator
     * signed */
    t_config("send_mic = no");
    memset(&h, 0, sizeof(h));
    h.tamper_to_acc = clear_auth_sign;
    ck_assert_msg(t_handshake(&h, ic, ac, GSS_C_INTEG_FLAG |
                              GSS_C_CONF_FLAG), "handshake %x/%x %x/%x",
                  h.imaj, h.imin, h.amaj, h.amin);
    af = ctx_ntlm_flags(h.actx);
    ck_assert_msg((af & (NEG_SIGN | NEG_SEAL)) == NEG_SEAL, "flags %08x",
                  af);
    ck_assert(h.aflags & GSS_C_INTEG_FLAG);
    ck_assert(h.aflags & GSS_C_CONF_FLAG);
    ck_assert_int_eq(wrap_conf(h.ictx, h.actx), 1);
    ck_assert_int_eq(wrap_conf(h.actx, h.ictx), 1);
    mic_both_ways(h.ictx, h.actx);
    mic_both_ways(h.actx, h.ictx);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

/* Both sides negotiated SEAL without SIGN (base flags with SEAL, no GSS
 * protection flag): integrity is there on both sides. */
START_TEST(t_flags_seal_without_sign_both)
{
    gss_buffer_desc b;
    gss_cred_id_t ic;
    OM_uint32 maj, min, iflags;
    uint32_t base = 0x00000001u | 0x00000004u | 0x00000200u | 0x00008000u |
        NEG_ESS | NEG_128 | NEG_KEY_EXCH | 0x02000000u | NEG_SEAL;
    uint32_t f;
    int conf;

    ic = t_init_cred("TESTDOM\\testuser", "testpass");
    b.length = 4;
    b.value = &base;
    maj = gss_set_cred_option(&min, &ic, &negf_oid, &b);
    ck_assert_msg(maj == GSS_S_COMPLETE, "neg flags %x/%x", maj, min);
    f = run(ic, 0, GSS_C_NO_OID, &iflags, &conf);
    ck_assert_msg((f & (NEG_SIGN | NEG_SEAL)) == NEG_SEAL, "flags %08x", f);
    ck_assert(iflags & GSS_C_INTEG_FLAG);
    ck_assert_int_eq(conf, 1);
    gss_release_cred(&min, &ic);
}
END_TEST

/* Windows' CHALLENGE: REQUEST_TARGET echoed (with a TargetName) and a
 * TARGET_TYPE bit; not echoed when the client did not ask. */
static uint32_t chal_flags;
static size_t chal_target_len;

static void
grab_challenge(gss_buffer_t tok)
{
    const uint8_t *p = tok->value;

    ck_assert_uint_ge(tok->length, 24);
    chal_flags = p[20] | (uint32_t)p[21] << 8 | (uint32_t)p[22] << 16 |
        (uint32_t)p[23] << 24;
    chal_target_len = p[12] | (size_t)p[13] << 8;
}

START_TEST(t_flags_challenge_request_target)
{
    gss_buffer_desc b;
    gss_cred_id_t ic, ac = t_acc_cred();
    struct t_hs h;
    OM_uint32 maj, min;
    uint32_t base = 0x00000001u | 0x00000200u | 0x00008000u | NEG_ESS |
        NEG_128 | NEG_KEY_EXCH | 0x02000000u;

    memset(&h, 0, sizeof(h));
    ic = t_init_cred("TESTDOM\\testuser", "testpass");
    h.tamper_to_init = grab_challenge;
    ck_assert(t_handshake(&h, ic, ac, GSS_C_INTEG_FLAG));
    ck_assert(chal_flags & 0x00000004u);
    ck_assert(chal_flags & (0x00010000u | 0x00020000u));
    ck_assert_uint_gt(chal_target_len, 0);
    t_hs_cleanup(&h);
    /* without REQUEST_TARGET in the NEGOTIATE */
    b.length = 4;
    b.value = &base;
    maj = gss_set_cred_option(&min, &ic, &negf_oid, &b);
    ck_assert_msg(maj == GSS_S_COMPLETE, "neg flags %x/%x", maj, min);
    memset(&h, 0, sizeof(h));
    h.tamper_to_init = grab_challenge;
    ck_assert(t_handshake(&h, ic, ac, GSS_C_INTEG_FLAG));
    ck_assert(!(chal_flags & 0x00000004u));
    ck_assert(chal_flags & (0x00010000u | 0x00020000u));
    ck_assert_uint_eq(chal_target_len, 0);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

/* Through SPNEGO: the option set on a SPNEGO credential reaches ours. */
START_TEST(t_flags_spnego)
{
    gss_OID_set_desc spset = { 1, &spnego_oid };
    gss_buffer_desc pw = { 8, (void *)"testpass" };
    gss_cred_id_t ic = GSS_C_NO_CREDENTIAL;
    gss_name_t n = t_user("TESTDOM\\testuser");
    OM_uint32 maj, min, iflags;
    int conf;

    maj = gss_acquire_cred_with_password(&min, n, &pw, 0, &spset,
                                         GSS_C_INITIATE, &ic, NULL, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "spnego cred %x/%x", maj, min);
    gss_release_name(&min, &n);
    /* default: SPNEGO adds INTEG, we seal */
    run(ic, GSS_C_REPLAY_FLAG | GSS_C_MUTUAL_FLAG, &spnego_oid, &iflags,
        &conf);
    ck_assert_int_eq(conf, 1);
    ck_assert(iflags & GSS_C_CONF_FLAG);
    set_windows(&ic);
    run(ic, GSS_C_REPLAY_FLAG | GSS_C_MUTUAL_FLAG, &spnego_oid, &iflags,
        &conf);
    ck_assert_int_eq(conf, 0);
    ck_assert(!(iflags & GSS_C_CONF_FLAG));
    ck_assert(iflags & GSS_C_INTEG_FLAG);
    gss_release_cred(&min, &ic);
}
END_TEST

/* An unknown option OID is GSS_S_UNAVAILABLE (mechglue moves on). */
START_TEST(t_flags_unknown_option)
{
    gss_OID_desc other = { NTLMGSS_OID_PRIVATE_LENGTH,
                           (void *)NTLMGSS_OID_ARC_BYTES "\x7f" };
    gss_buffer_desc empty = GSS_C_EMPTY_BUFFER;
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    OM_uint32 maj, min;

    maj = gss_set_cred_option(&min, &ic, &other, &empty);
    ck_assert_uint_eq(maj, GSS_S_UNAVAILABLE);
    gss_release_cred(&min, &ic);
}
END_TEST

Suite *
flags_suite(void)
{
    Suite *s = suite_create("flags");
    TCase *tc = tcase_create("flags");

    tcase_set_timeout(tc, T_TIMEOUT);
    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_flags_default_seals);
    tcase_add_test(tc, t_flags_windows_option);
    tcase_add_test(tc, t_flags_option_values);
    tcase_add_test(tc, t_flags_config_no_seal);
    tcase_add_test(tc, t_flags_neg_flags_option);
    tcase_add_test(tc, t_flags_seal_without_sign_auth);
    tcase_add_test(tc, t_flags_seal_without_sign_both);
    tcase_add_test(tc, t_flags_challenge_request_target);
    tcase_add_test(tc, t_flags_spnego);
    tcase_add_test(tc, t_flags_unknown_option);
    suite_add_tcase(s, tc);
    return s;
}
