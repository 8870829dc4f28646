/*
 * check_hs.c - context establishment through mechglue: the NTLMv2
 * handshake, credentials of every kind, failures with their minor codes,
 * policies (MIC, channel bindings, target name, clock skew, anonymous,
 * compatibility level) and the prior-art defects 1-8 and 12.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gsstest.h"

#define ALLF (GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG | GSS_C_REPLAY_FLAG | \
              GSS_C_SEQUENCE_FLAG)

static void
check_name(gss_name_t n, const char *want)
{
    gss_buffer_desc b = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;

    maj = gss_display_name(&min, n, &b, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(b.length, strlen(want));   /* no NUL counted */
    ck_assert_mem_eq(b.value, want, b.length);
    gss_release_buffer(&min, &b);
}

static int
spnego_mic_flag(gss_ctx_id_t ctx)
{
    static gss_OID_desc oid = { 11,
        (void *)"\x2B\x06\x01\x04\x01\xB7\x7D\x85\x0F\x01\x02" };
    gss_buffer_set_t bs = GSS_C_NO_BUFFER_SET;
    OM_uint32 maj, min;
    int r;

    maj = gss_inquire_sec_context_by_oid(&min, ctx, &oid, &bs);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(bs->count, 1);
    ck_assert_uint_eq(bs->elements[0].length, 1);
    r = ((uint8_t *)bs->elements[0].value)[0];
    gss_release_buffer_set(&min, &bs);
    return r;
}

START_TEST(t_handshake_ntlmv2)
{
    struct t_hs h;

    t_pair(&h);
    /* Defect 7: never MUTUAL or DELEG. */
    ck_assert(h.iflags & GSS_C_INTEG_FLAG);
    ck_assert(h.iflags & GSS_C_CONF_FLAG);
    ck_assert(!(h.iflags & (GSS_C_MUTUAL_FLAG | GSS_C_DELEG_FLAG)));
    ck_assert(!(h.aflags & (GSS_C_MUTUAL_FLAG | GSS_C_DELEG_FLAG)));
    ck_assert(h.aflags & GSS_C_CONF_FLAG);
    check_name(h.src, "TESTDOM\\testuser");
    /* Defect 6: raw NTLM sends (and the acceptor verified) a MIC without
     * any SPNEGO query. */
    ck_assert_int_eq(spnego_mic_flag(h.actx), 1);
    ck_assert_int_eq(spnego_mic_flag(h.ictx), 1);
    t_hs_cleanup(&h);
}
END_TEST

START_TEST(t_wrong_password)
{
    struct t_hs h;
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "wrong");
    gss_cred_id_t ac = t_acc_cred();
    OM_uint32 min;

    memset(&h, 0, sizeof(h));
    ck_assert(!t_handshake(&h, ic, ac, ALLF));
    ck_assert_uint_eq(h.amaj, GSS_S_FAILURE);
    ck_assert_uint_eq(h.amin, NTLMGSS_MINOR_WRONG_PASSWORD);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

START_TEST(t_unknown_user)
{
    struct t_hs h;
    gss_cred_id_t ic = t_init_cred("TESTDOM\\nobody", "x");
    gss_cred_id_t ac = t_acc_cred();
    gss_buffer_desc msg = GSS_C_EMPTY_BUFFER;
    OM_uint32 min, ctx = 0, maj;

    memset(&h, 0, sizeof(h));
    ck_assert(!t_handshake(&h, ic, ac, ALLF));
    ck_assert_uint_eq(h.amaj, GSS_S_FAILURE);
    ck_assert_uint_eq(h.amin, NTLMGSS_MINOR_UNKNOWN_USER);
    /* gss_display_status shows our message. */
    maj = gss_display_status(&min, h.amin, GSS_C_MECH_CODE, &t_ntlm_oid,
                             &ctx, &msg);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_ptr_nonnull(strstr(msg.value, "Unknown user"));
    gss_release_buffer(&min, &msg);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

/* Credentials from the user file (NTLM_USER_FILE), with and without a
 * name, a hash-only entry, and from a credential store. */
START_TEST(t_cred_sources)
{
    static gss_key_value_element_desc pw_el[] = {
        { "ntlmssp_password", "testpass" }, { "ntlmssp_domain", "TESTDOM" }
    };
    static gss_key_value_element_desc hash_el[] = {
        { "ntlmssp_nthash", "a4f49c406510bdcab6824ee7c30fd852" },
    };
    gss_key_value_set_desc pw_store = { 2, pw_el };
    gss_key_value_set_desc hash_store = { 1, hash_el };
    gss_cred_id_t ic, ac = t_acc_cred();
    gss_name_t n;
    struct t_hs h;
    OM_uint32 maj, min;
    int i;

    for (i = 0; i < 4; i++) {
        ic = GSS_C_NO_CREDENTIAL;
        n = GSS_C_NO_NAME;
        if (i == 0) {           /* named user from the user file */
            n = t_user("TESTDOM\\testuser");
            maj = gss_acquire_cred(&min, n, 0, &t_ntlm_set, GSS_C_INITIATE,
                                   &ic, NULL, NULL);
        } else if (i == 1) {    /* hash-only entry */
            n = t_user("TESTDOM\\hashuser");
            maj = gss_acquire_cred(&min, n, 0, &t_ntlm_set, GSS_C_INITIATE,
                                   &ic, NULL, NULL);
        } else if (i == 2) {    /* password + domain in the cred store */
            n = t_user("testuser");
            maj = gss_acquire_cred_from(&min, n, 0, &t_ntlm_set,
                                        GSS_C_INITIATE, &pw_store, &ic,
                                        NULL, NULL);
        } else {                /* NT hash in the cred store */
            n = t_user("TESTDOM\\hashuser");
            maj = gss_acquire_cred_from(&min, n, 0, &t_ntlm_set,
                                        GSS_C_INITIATE, &hash_store, &ic,
                                        NULL, NULL);
        }
        ck_assert_msg(maj == GSS_S_COMPLETE, "source %d: %x/%x", i, maj,
                      min);
        memset(&h, 0, sizeof(h));
        ck_assert_msg(t_handshake(&h, ic, ac, ALLF),
                      "source %d: init %x/%x accept %x/%x", i, h.imaj,
                      h.imin, h.amaj, h.amin);
        t_hs_cleanup(&h);
        gss_release_cred(&min, &ic);
        gss_release_name(&min, &n);
    }
    gss_release_cred(&min, &ac);
}
END_TEST

/* gss_acquire_cred_with_password honours the length, not a NUL. */
START_TEST(t_password_length)
{
    gss_buffer_desc pw = { 8, (void *)"testpassGARBAGE" };
    gss_name_t n = t_user("TESTDOM\\testuser");
    gss_cred_id_t ic = GSS_C_NO_CREDENTIAL, ac = t_acc_cred();
    struct t_hs h;
    OM_uint32 maj, min;

    maj = gss_acquire_cred_with_password(&min, n, &pw, 0, &t_ntlm_set,
                                         GSS_C_INITIATE, &ic, NULL, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    memset(&h, 0, sizeof(h));
    ck_assert(t_handshake(&h, ic, ac, ALLF));
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
    gss_release_name(&min, &n);
}
END_TEST

/* Default initiator credential: first user-file entry / default_user. */
START_TEST(t_default_cred)
{
    gss_cred_id_t ac;
    struct t_hs h;
    OM_uint32 min;

    t_config("default_user = TESTDOM\\hashuser");
    ac = t_acc_cred();
    memset(&h, 0, sizeof(h));
    ck_assert_msg(t_handshake(&h, GSS_C_NO_CREDENTIAL, ac, ALLF),
                  "init %x/%x accept %x/%x", h.imaj, h.imin, h.amaj, h.amin);
    check_name(h.src, "TESTDOM\\hashuser");
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ac);
}
END_TEST

/* Defect 12: export/import of a password credential round-trips, and
 * the imported credential authenticates. */
START_TEST(t_export_import_cred)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ic2 = GSS_C_NO_CREDENTIAL, ac = t_acc_cred();
    gss_cred_id_t ac2 = GSS_C_NO_CREDENTIAL;
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER;
    gss_name_t n = GSS_C_NO_NAME;
    struct t_hs h;
    OM_uint32 maj, min;

    maj = gss_export_cred(&min, ic, &tok);
    ck_assert_msg(maj == GSS_S_COMPLETE, "export_cred %x/%x", maj, min);
    maj = gss_import_cred(&min, &tok, &ic2);
    ck_assert_msg(maj == GSS_S_COMPLETE, "import_cred %x/%x", maj, min);
    gss_release_buffer(&min, &tok);
    maj = gss_export_cred(&min, ac, &tok);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_import_cred(&min, &tok, &ac2);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_release_buffer(&min, &tok);
    maj = gss_inquire_cred(&min, ic2, &n, NULL, NULL, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    check_name(n, "TESTDOM\\testuser");
    memset(&h, 0, sizeof(h));
    ck_assert(t_handshake(&h, ic2, ac2, ALLF));
    t_hs_cleanup(&h);
    gss_release_name(&min, &n);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ic2);
    gss_release_cred(&min, &ac);
    gss_release_cred(&min, &ac2);
}
END_TEST

/* ---- tampering helpers -------------------------------------------------- */

static void
replace_token(gss_buffer_t tok, const void *p, size_t len)
{
    OM_uint32 min;

    gss_release_buffer(&min, tok);
    tok->value = malloc(len);
    memcpy(tok->value, p, len);
    tok->length = len;
}

static void
flip_mic(int step, gss_buffer_t tok)
{
    if (step == 1 && tok->length > 88)
        ((uint8_t *)tok->value)[75] ^= 0x40;
}

static void
zero_session_key(int step, gss_buffer_t tok)
{
    uint8_t *p = tok->value;

    if (step == 1 && tok->length > 64) {
        p[52] = p[53] = 0;      /* EncryptedRandomSessionKey Len */
        p[54] = p[55] = 0;      /* MaxLen */
    }
}

static void
old_timestamp(gss_buffer_t tok)
{
    uint8_t *p = tok->value;
    size_t off, len, i;

    if (tok->length < 48)
        return;
    len = p[40] | p[41] << 8;
    off = p[44] | p[45] << 8 | (size_t)p[46] << 16 | (size_t)p[47] << 24;
    for (i = off; i + 4 <= off + len && i + 4 <= tok->length;) {
        unsigned id = p[i] | p[i + 1] << 8;
        unsigned l = p[i + 2] | p[i + 3] << 8;

        if (id == 7 && l == 8 && i + 12 <= tok->length) {
            uint64_t ts = 125911584000000000ULL;    /* 2000-01-01 */
            int k;

            for (k = 0; k < 8; k++)
                p[i + 4 + k] = (uint8_t)(ts >> (8 * k));
            return;
        }
        if (id == 0)
            return;
        i += 4 + l;
    }
}

/* curl --ntlm offers OEM only in its NEGOTIATE. */
static void
clear_unicode(int step, gss_buffer_t tok)
{
    if (step == 0 && tok->length > 12)
        ((uint8_t *)tok->value)[12] &= (uint8_t)~0x01;
}

/* Defect 5: CHALLENGE with TARGET_TYPE set and an empty TargetName. */
static void
empty_target_name(gss_buffer_t tok)
{
    uint8_t *p = tok->value;

    if (tok->length >= 20) {
        p[12] = p[13] = 0;      /* TargetNameLen */
        p[14] = p[15] = 0;      /* TargetNameMaxLen */
    }
}

static void
put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void
secbuf(uint8_t *hdr, size_t len, size_t off)
{
    put16(hdr, (unsigned)len);
    put16(hdr + 2, (unsigned)len);
    put16(hdr + 4, (unsigned)off);
    put16(hdr + 6, (unsigned)(off >> 16));
}

/* Craft an AUTHENTICATE with the given responses and names (ASCII ->
 * UTF-16LE). */
static size_t
craft_auth(uint8_t *buf, size_t cap, uint32_t flags, const uint8_t *lm,
           size_t lm_len, const uint8_t *nt, size_t nt_len,
           const char *dom, const char *user)
{
    size_t off = 64, i, dl = strlen(dom) * 2, ul = strlen(user) * 2;

    ck_assert(64 + lm_len + nt_len + dl + ul <= cap);
    memset(buf, 0, 64);
    memcpy(buf, "NTLMSSP\0\3\0\0\0", 12);
    secbuf(buf + 12, lm_len, off);
    memcpy(buf + off, lm, lm_len);
    off += lm_len;
    secbuf(buf + 20, nt_len, off);
    memcpy(buf + off, nt, nt_len);
    off += nt_len;
    secbuf(buf + 28, dl, off);
    for (i = 0; i < dl / 2; i++) {
        buf[off + 2 * i] = (uint8_t)dom[i];
        buf[off + 2 * i + 1] = 0;
    }
    off += dl;
    secbuf(buf + 36, ul, off);
    for (i = 0; i < ul / 2; i++) {
        buf[off + 2 * i] = (uint8_t)user[i];
        buf[off + 2 * i + 1] = 0;
    }
    off += ul;
    secbuf(buf + 44, 0, off);
    secbuf(buf + 52, 0, off);
    buf[60] = (uint8_t)flags;
    buf[61] = (uint8_t)(flags >> 8);
    buf[62] = (uint8_t)(flags >> 16);
    buf[63] = (uint8_t)(flags >> 24);
    return off;
}

static uint8_t craft_buf[8192];

/* Defect 1: NTLMv1-ESS AUTHENTICATE with a garbage NT response and an LM
 * field that "matches" itself. */
static void
v1_garbage(int step, gss_buffer_t tok)
{
    uint8_t lm[24], nt[24];
    size_t len;

    if (step != 1)
        return;
    memset(lm, 0, sizeof(lm));
    memcpy(lm, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    memset(nt, 0xAB, sizeof(nt));
    len = craft_auth(craft_buf, sizeof(craft_buf), 0x00088201, lm, 24, nt,
                     24, "TESTDOM", "testuser");
    replace_token(tok, craft_buf, len);
}

/* Defect 2: very long domain with an NTLMv2-shaped garbage response. */
static void
long_domain(int step, gss_buffer_t tok)
{
    char dom[501];
    uint8_t nt[100];
    size_t len;

    if (step != 1)
        return;
    memset(dom, 'A', 500);
    dom[500] = '\0';
    memset(nt, 0, sizeof(nt));
    nt[16] = 1;
    nt[17] = 1;
    len = craft_auth(craft_buf, sizeof(craft_buf), 0x00088201,
                     (const uint8_t *)"", 0, nt, sizeof(nt), dom,
                     "anyuser");
    replace_token(tok, craft_buf, len);
}

static void
run_bad(void (*tamper_acc)(int, gss_buffer_t),
        void (*tamper_init)(gss_buffer_t), OM_uint32 want_min)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac = t_acc_cred();
    struct t_hs h;
    OM_uint32 min;

    memset(&h, 0, sizeof(h));
    h.tamper_to_acc = tamper_acc;
    h.tamper_to_init = tamper_init;
    ck_assert(!t_handshake(&h, ic, ac, ALLF));
    ck_assert_msg(GSS_ERROR(h.amaj), "acceptor major %x", h.amaj);
    if (want_min != 0)
        ck_assert_msg(h.amin == want_min, "minor %x, want %x", h.amin,
                      want_min);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}

START_TEST(t_mic_wrong)
{
    run_bad(flip_mic, NULL, NTLMGSS_MINOR_MIC_WRONG);
}
END_TEST

/* Defect 4: KEY_EXCH with an empty EncryptedRandomSessionKey. */
START_TEST(t_regress_empty_session_key)
{
    run_bad(zero_session_key, NULL, NTLMGSS_MINOR_BAD_SESSION_KEY_LEN);
}
END_TEST

START_TEST(t_clock_skew)
{
    run_bad(NULL, old_timestamp, NTLMGSS_MINOR_CLOCK_SKEW);
}
END_TEST

/* Defect 1, default policy and the permissive compatibility level and
 * domain role: never accepted. */
START_TEST(t_regress_v1_ess_bypass)
{
    run_bad(v1_garbage, NULL, NTLMGSS_MINOR_NTLMV1_REFUSED);
    t_config_new("compat_level = 1");
    run_bad(v1_garbage, NULL, 0);
}
END_TEST

START_TEST(t_regress_empty_target_name)
{
    /* the initiator copes; the acceptor sees a CHALLENGE it did not send
     * in the MIC transcript */
    run_bad(NULL, empty_target_name, NTLMGSS_MINOR_MIC_WRONG);
}
END_TEST

START_TEST(t_regress_long_domain)
{
    run_bad(long_domain, NULL, 0);
}
END_TEST

/* Defect 3: long application-supplied names on the initiator. */
START_TEST(t_regress_long_names)
{
    char name[1100];
    gss_cred_id_t ic, ac = t_acc_cred();
    struct t_hs h;
    OM_uint32 min;

    memset(name, 'D', 500);
    name[500] = '\\';
    memset(name + 501, 'u', 500);
    name[1001] = '\0';
    ic = t_init_cred(name, "pw");
    memset(&h, 0, sizeof(h));
    ck_assert(!t_handshake(&h, ic, ac, ALLF));
    ck_assert_uint_eq(h.amin, NTLMGSS_MINOR_UNKNOWN_USER);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

/* A NEGOTIATE without UNICODE (curl) still gets a Unicode CHALLENGE and
 * completes (MIC off: the tampered NEGOTIATE is not the one signed). */
START_TEST(t_oem_only_negotiate)
{
    gss_cred_id_t ic, ac;
    struct t_hs h;
    OM_uint32 min;

    t_config("send_mic = no");         /* before the first GSSAPI call */
    ic = t_init_cred("TESTDOM\\testuser", "testpass");
    ac = t_acc_cred();
    memset(&h, 0, sizeof(h));
    h.tamper_to_acc = clear_unicode;
    ck_assert_msg(t_handshake(&h, ic, ac, ALLF), "init %x/%x accept %x/%x",
                  h.imaj, h.imin, h.amaj, h.amin);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

START_TEST(t_mic_policy_require)
{
    t_config("send_mic = no\nmic_policy = require");
    run_bad(NULL, NULL, NTLMGSS_MINOR_MIC_MISSING);
}
END_TEST

static struct gss_channel_bindings_struct cb_a = {
    GSS_C_AF_NULLADDR, { 0, NULL }, GSS_C_AF_NULLADDR, { 0, NULL },
    { 20, (void *)"tls-server-end-point" }
};
static struct gss_channel_bindings_struct cb_b = {
    GSS_C_AF_INET, { 4, (void *)"\x7f\0\0\1" }, GSS_C_AF_NULLADDR,
    { 0, NULL }, { 20, (void *)"tls-server-end-point" }
};

static int
cb_run(gss_channel_bindings_t icb, gss_channel_bindings_t acb,
       OM_uint32 *amin)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac = t_acc_cred();
    struct t_hs h;
    OM_uint32 min;
    int ok;

    memset(&h, 0, sizeof(h));
    h.icb = icb;
    h.acb = acb;
    ok = t_handshake(&h, ic, ac, ALLF);
    *amin = h.amin;
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
    return ok;
}

START_TEST(t_channel_bindings)
{
    OM_uint32 amin;

    /* default policy: checked when both sides have them */
    ck_assert(cb_run(&cb_a, &cb_a, &amin));
    ck_assert(cb_run(&cb_b, &cb_b, &amin));    /* address fields hashed */
    ck_assert(!cb_run(&cb_b, &cb_a, &amin));
    ck_assert_uint_eq(amin, NTLMGSS_MINOR_CB_MISMATCH);
    ck_assert(cb_run(GSS_C_NO_CHANNEL_BINDINGS, &cb_a, &amin));
    t_config("cb_policy = require");
    ck_assert(!cb_run(GSS_C_NO_CHANNEL_BINDINGS, &cb_a, &amin));
    ck_assert_uint_eq(amin, NTLMGSS_MINOR_CB_MISSING);
    ck_assert(cb_run(&cb_a, &cb_a, &amin));
    t_config("cb_policy = ignore");
    ck_assert(cb_run(&cb_b, &cb_a, &amin));
}
END_TEST

static int
target_run(const char *target, OM_uint32 *amin)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac = t_acc_cred();
    struct t_hs h;
    OM_uint32 min;
    int ok;

    memset(&h, 0, sizeof(h));
    /* a user-name target carries no SPN */
    h.target = target != NULL ? t_service(target) : t_user("someone");
    ok = t_handshake(&h, ic, ac, ALLF);
    *amin = h.amin;
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
    return ok;
}

START_TEST(t_target_name)
{
    OM_uint32 amin;

    ck_assert(target_run("HTTP@elsewhere.test", &amin));   /* ignored */
    t_config("target_policy = require");
    ck_assert(target_run("HTTP@testsrv.example.test", &amin));
    ck_assert(!target_run("HTTP@elsewhere.test", &amin));
    ck_assert_uint_eq(amin, NTLMGSS_MINOR_TARGET_MISMATCH);
    ck_assert(!target_run(NULL, &amin));
    ck_assert_uint_eq(amin, NTLMGSS_MINOR_TARGET_MISMATCH);
}
END_TEST

START_TEST(t_anonymous)
{
    gss_cred_id_t ac;
    struct t_hs h;
    gss_OID type = GSS_C_NO_OID;
    gss_buffer_desc b = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;

    ac = t_acc_cred();
    memset(&h, 0, sizeof(h));
    ck_assert(!t_handshake(&h, GSS_C_NO_CREDENTIAL, ac, GSS_C_ANON_FLAG));
    ck_assert_uint_eq(h.amin, NTLMGSS_MINOR_ANON_REFUSED);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ac);

    t_config_new("allow_anonymous = yes");
    ac = t_acc_cred();
    memset(&h, 0, sizeof(h));
    ck_assert_msg(t_handshake(&h, GSS_C_NO_CREDENTIAL, ac, GSS_C_ANON_FLAG),
                  "init %x/%x accept %x/%x", h.imaj, h.imin, h.amaj, h.amin);
    ck_assert(h.aflags & GSS_C_ANON_FLAG);
    ck_assert(h.iflags & GSS_C_ANON_FLAG);
    maj = gss_display_name(&min, h.src, &b, &type);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert(gss_oid_equal(type, GSS_C_NT_ANONYMOUS));
    gss_release_buffer(&min, &b);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ac);
}
END_TEST

/* Defect 8: lifetimes agree; time_req is honoured. */
START_TEST(t_lifetimes_flags)
{
    struct t_hs h;
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac = t_acc_cred();
    OM_uint32 maj, min, life = 0, t = 0, flags = 0;
    int open = 0, local = 0;

    t_pair(&h);
    maj = gss_inquire_context(&min, h.actx, NULL, NULL, &life, NULL,
                              &flags, &local, &open);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_context_time(&min, h.actx, &t);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(life, t);
    ck_assert_uint_ne(life, 0);
    ck_assert_int_eq(open, 1);
    ck_assert_int_eq(local, 0);
    ck_assert(!(flags & (GSS_C_MUTUAL_FLAG | GSS_C_DELEG_FLAG)));
    t_hs_cleanup(&h);

    memset(&h, 0, sizeof(h));
    h.time_req = 100;
    ck_assert(t_handshake(&h, ic, ac, ALLF));
    maj = gss_inquire_context(&min, h.ictx, NULL, NULL, &life, NULL, NULL,
                              &local, &open);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert(life > 0 && life <= 100);
    ck_assert_int_eq(local, 1);
    maj = gss_context_time(&min, h.ictx, &t);
    ck_assert(t > 0 && t <= 100);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

Suite *
hs_suite(void)
{
    Suite *s = suite_create("handshake");
    TCase *tc = tcase_create("handshake");

    tcase_set_timeout(tc, T_TIMEOUT);
    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_handshake_ntlmv2);
    tcase_add_test(tc, t_wrong_password);
    tcase_add_test(tc, t_unknown_user);
    tcase_add_test(tc, t_cred_sources);
    tcase_add_test(tc, t_password_length);
    tcase_add_test(tc, t_default_cred);
    tcase_add_test(tc, t_export_import_cred);
    tcase_add_test(tc, t_mic_wrong);
    tcase_add_test(tc, t_regress_empty_session_key);
    tcase_add_test(tc, t_clock_skew);
    tcase_add_test(tc, t_regress_v1_ess_bypass);
    tcase_add_test(tc, t_regress_long_domain);
    tcase_add_test(tc, t_regress_empty_target_name);
    tcase_add_test(tc, t_regress_long_names);
    tcase_add_test(tc, t_mic_policy_require);
    tcase_add_test(tc, t_oem_only_negotiate);
    tcase_add_test(tc, t_channel_bindings);
    tcase_add_test(tc, t_target_name);
    tcase_add_test(tc, t_anonymous);
    tcase_add_test(tc, t_lifetimes_flags);
    suite_add_tcase(s, tc);
    return s;
}
