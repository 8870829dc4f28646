/*
 * check_hs.c - context establishment through mechglue: the NTLMv2
 * handshake, credentials of every kind, failures with their minor codes,
 * policies (MIC, channel bindings, target name, clock skew, anonymous,
 * compatibility level: the compat_level matrix of doc/compat-levels.md,
 * with a legacy LM/NTLMv1 client) and the prior-art defects 1-8 and 12.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
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

/* Craft an AUTHENTICATE (no VERSION, no MIC) with the given responses,
 * names (ASCII -> UTF-16LE) and EncryptedRandomSessionKey (may be
 * empty). */
static size_t
craft_auth_key(uint8_t *buf, size_t cap, uint32_t flags, const uint8_t *lm,
               size_t lm_len, const uint8_t *nt, size_t nt_len,
               const char *dom, const char *user, const uint8_t *key,
               size_t key_len)
{
    size_t off = 64, i, dl = strlen(dom) * 2, ul = strlen(user) * 2;

    ck_assert(64 + lm_len + nt_len + dl + ul + key_len <= cap);
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
    secbuf(buf + 52, key_len, off);
    if (key_len > 0)
        memcpy(buf + off, key, key_len);
    off += key_len;
    buf[60] = (uint8_t)flags;
    buf[61] = (uint8_t)(flags >> 8);
    buf[62] = (uint8_t)(flags >> 16);
    buf[63] = (uint8_t)(flags >> 24);
    return off;
}

static size_t
craft_auth(uint8_t *buf, size_t cap, uint32_t flags, const uint8_t *lm,
           size_t lm_len, const uint8_t *nt, size_t nt_len,
           const char *dom, const char *user)
{
    return craft_auth_key(buf, cap, flags, lm, lm_len, nt, nt_len, dom,
                          user, NULL, 0);
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

/* Defect 1 with the NT response left out: ESS and only the LM field. */
static void
v1_lm_field_only(int step, gss_buffer_t tok)
{
    uint8_t lm[24];
    size_t len;

    if (step != 1)
        return;
    memset(lm, 0, sizeof(lm));
    memcpy(lm, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    len = craft_auth(craft_buf, sizeof(craft_buf), 0x00088201, lm, 24,
                     (const uint8_t *)"", 0, "TESTDOM", "testuser");
    replace_token(tok, craft_buf, len);
}

/* Defect 1 (an NTLMv1-ESS AUTHENTICATE whose LM field "matches" itself),
 * at every compatibility level, with the domain role (netbios_domain is
 * set): never accepted.  Where NTLMv1 is allowed (0-2) the garbage NT
 * response is what gets checked. */
START_TEST(t_regress_v1_ess_bypass)
{
    char conf[64];
    int level;

    run_bad(v1_garbage, NULL, NTLMGSS_MINOR_NTLMV1_REFUSED);
    run_bad(v1_lm_field_only, NULL, NTLMGSS_MINOR_NTLMV1_REFUSED);
    for (level = 0; level <= 5; level++) {
        snprintf(conf, sizeof(conf), "compat_level = %d", level);
        t_config(conf);
        run_bad(v1_garbage, NULL, level <= 2 ?
                NTLMGSS_MINOR_WRONG_PASSWORD : NTLMGSS_MINOR_NTLMV1_REFUSED);
        run_bad(v1_lm_field_only, NULL, NTLMGSS_MINOR_NTLMV1_REFUSED);
    }
}
END_TEST

/* ---- compat_level: what the acceptor accepts, what the initiator sends -
 *
 * A legacy client written with the primitives of gsstest.c (independent
 * of the module) plays the Windows clients of each LmCompatibilityLevel
 * against our acceptor through mechglue: level 0 sends LM and NTLMv1,
 * levels 1-2 NTLMv1 with extended session security when the server
 * offers it (2 without ESS puts the NT response in the LM field too),
 * Windows 9x sends LM only.  Plus the forms that must never pass.  An
 * accepted logon must also give the client's session key (read with
 * GSS_C_INQ_SSPI_SESSION_KEY), which checks KXKEY and KEY_EXCH.
 */
enum legacy_kind {
    L_V1,               /* LM + NTLMv1 (Windows level 0) */
    L_V1_NT_IN_LM,      /* NTLMv1, LM field = NT response (level 2) */
    L_V1_ESS,           /* NTLMv1 with ESS (levels 1-2) */
    L_LM_ONLY,          /* LM only, no NT response (Windows 9x) */
    L_ESS_GARBAGE_NT,   /* defect 1: ESS, LM = client challenge, bad NT */
    L_ESS_LM_ONLY,      /* ESS, LM = client challenge, no NT response */
    L_V1_BAD_NT_GOOD_LM /* a wrong NT response next to a right LM one */
};

struct legacy_out {
    OM_uint32 maj, min;
    char name[128];
    uint8_t key[16], want_key[16];
    size_t key_len;
    uint32_t flags;         /* the acceptor's negotiated NTLM flags */
};

static const uint8_t l_cc[8] = { 0xc1, 0x1e, 0x47, 0xc7, 0xa1, 0x1e, 0x9e,
                                 0x00 };

static size_t
legacy_negotiate(uint8_t *buf, uint32_t flags)
{
    memset(buf, 0, 32);
    memcpy(buf, "NTLMSSP\0\1\0\0\0", 12);
    buf[12] = (uint8_t)flags;
    buf[13] = (uint8_t)(flags >> 8);
    buf[14] = (uint8_t)(flags >> 16);
    buf[15] = (uint8_t)(flags >> 24);
    secbuf(buf + 16, 0, 32);
    secbuf(buf + 24, 0, 32);
    return 32;
}

static uint32_t
get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
        (uint32_t)p[3] << 24;
}

static void
legacy_logon(enum legacy_kind kind, const char *user, const char *pw,
             int key_exch, struct legacy_out *r)
{
    static const gss_OID_desc flags_oid = {
        NTLMGSS_OID_PRIVATE_LENGTH, (void *)NTLMGSS_OID_ARC_BYTES "\x64"
    };
    int ess = kind == L_V1_ESS || kind == L_ESS_GARBAGE_NT ||
        kind == L_ESS_LM_ONLY;
    uint32_t want = 0x00000001 | 0x00000002 | 0x00000004 | 0x00000010 |
        0x00000020 | 0x00000200 | 0x00008000 | 0x20000000 | 0x80000000;
    gss_cred_id_t ac = t_acc_cred();
    gss_ctx_id_t actx = GSS_C_NO_CONTEXT;
    gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER, dn = GSS_C_EMPTY_BUFFER;
    gss_buffer_set_t bs = GSS_C_NO_BUFFER_SET;
    gss_name_t src = GSS_C_NO_NAME;
    uint8_t neg[32], sc[8], nth[16], lmh[16], nt[24], lm[24], sbk[16];
    uint8_t kx[16], exported[16], enc[16], buf[40];
    const uint8_t *ntp = nt;
    size_t nt_len = 24, len;
    uint32_t cflags;
    OM_uint32 min;

    memset(r, 0, sizeof(*r));
    if (ess)
        want |= 0x00080000;                 /* EXTENDED_SESSIONSECURITY */
    if (key_exch)
        want |= 0x40000000;                 /* KEY_EXCH */
    in.value = neg;
    in.length = legacy_negotiate(neg, want);
    r->maj = gss_accept_sec_context(&r->min, &actx, ac, &in,
                                    GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL,
                                    &out, NULL, NULL, NULL);
    ck_assert_msg(r->maj == GSS_S_CONTINUE_NEEDED, "NEGOTIATE %x/%x",
                  r->maj, r->min);
    ck_assert_uint_ge(out.length, 32);
    cflags = get32((uint8_t *)out.value + 20);
    memcpy(sc, (uint8_t *)out.value + 24, 8);
    gss_release_buffer(&min, &out);
    /* the CHALLENGE follows the client: ESS only when asked */
    ck_assert_int_eq(!!(cflags & 0x00080000), ess);

    t_ntowfv1(pw, nth);
    t_lmowfv1(pw, lmh);
    t_md4(nth, 16, sbk);
    switch (kind) {
    case L_V1:
    case L_V1_BAD_NT_GOOD_LM:
        t_desl(nth, sc, nt);
        t_desl(lmh, sc, lm);
        if (kind == L_V1_BAD_NT_GOOD_LM)
            nt[5] ^= 0x20;
        break;
    case L_V1_NT_IN_LM:
        t_desl(nth, sc, nt);
        memcpy(lm, nt, 24);
        break;
    case L_V1_ESS:
    case L_ESS_GARBAGE_NT:
    case L_ESS_LM_ONLY:
        memcpy(buf, sc, 8);
        memcpy(buf + 8, l_cc, 8);
        t_md5(buf, 16, buf + 16);
        t_desl(nth, buf + 16, nt);
        memset(lm, 0, 24);
        memcpy(lm, l_cc, 8);
        if (kind == L_ESS_GARBAGE_NT)
            memset(nt, 0xAB, 24);
        if (kind == L_ESS_LM_ONLY)
            nt_len = 0;
        break;
    case L_LM_ONLY:
        t_desl(lmh, sc, lm);
        nt_len = 0;
        break;
    }
    if (nt_len == 0)
        ntp = (const uint8_t *)"";
    /* KXKEY (MS-NLMP 3.4.5.1): with ESS HMAC_MD5(SBK, SC || LM[0..7]) */
    if (ess) {
        memcpy(buf, sc, 8);
        memcpy(buf + 8, lm, 8);
        t_hmac_md5(sbk, 16, buf, 16, kx);
    } else {
        memcpy(kx, sbk, 16);
    }
    if (key_exch) {
        memcpy(exported, "exported-key-16b", 16);
        t_rc4(kx, 16, exported, enc, 16);
    } else {
        memcpy(exported, kx, 16);
    }
    memcpy(r->want_key, exported, 16);
    len = craft_auth_key(craft_buf, sizeof(craft_buf),
                         cflags & ~(uint32_t)0x02000000,  /* no VERSION */
                         lm, 24, ntp, nt_len, "TESTDOM", user,
                         key_exch ? enc : NULL, key_exch ? 16 : 0);
    in.value = craft_buf;
    in.length = len;
    r->maj = gss_accept_sec_context(&r->min, &actx, ac, &in,
                                    GSS_C_NO_CHANNEL_BINDINGS, &src, NULL,
                                    &out, NULL, NULL, NULL);
    gss_release_buffer(&min, &out);
    if (r->maj == GSS_S_COMPLETE) {
        ck_assert_uint_eq(gss_display_name(&min, src, &dn, NULL),
                          GSS_S_COMPLETE);
        snprintf(r->name, sizeof(r->name), "%.*s", (int)dn.length,
                 (char *)dn.value);
        gss_release_buffer(&min, &dn);
        ck_assert_uint_eq(gss_inquire_sec_context_by_oid(&min, actx,
                              GSS_C_INQ_SSPI_SESSION_KEY, &bs),
                          GSS_S_COMPLETE);
        ck_assert_uint_ge(bs->count, 1);
        r->key_len = bs->elements[0].length;
        ck_assert_uint_eq(r->key_len, 16);
        memcpy(r->key, bs->elements[0].value, 16);
        gss_release_buffer_set(&min, &bs);
        ck_assert_uint_eq(gss_inquire_sec_context_by_oid(&min, actx,
                              (gss_OID)&flags_oid, &bs), GSS_S_COMPLETE);
        ck_assert_uint_eq(bs->elements[0].length, 4);
        r->flags = get32(bs->elements[0].value);
        gss_release_buffer_set(&min, &bs);
    }
    gss_release_name(&min, &src);
    gss_delete_sec_context(&min, &actx, GSS_C_NO_BUFFER);
    gss_release_cred(&min, &ac);
}

static const char *const legacy_names[] = {
    "LM + NTLMv1", "NTLMv1 (NT response in the LM field)", "NTLMv1-ESS",
    "LM only", "ESS with a garbage NT response", "ESS, LM field only",
    "wrong NT response, right LM response"
};

/* Expect kind at level to be accepted (want_min 0) or refused. */
static void
legacy_expect(int level, enum legacy_kind kind, const char *user,
              const char *pw, int key_exch, OM_uint32 want_min)
{
    struct legacy_out r;
    char want_name[128];

    legacy_logon(kind, user, pw, key_exch, &r);
    if (want_min == 0) {
        ck_assert_msg(r.maj == GSS_S_COMPLETE, "level %d, %s%s for %s: "
                      "%x/%x, want success", level, legacy_names[kind],
                      key_exch ? " + KEY_EXCH" : "", user, r.maj, r.min);
        snprintf(want_name, sizeof(want_name), "TESTDOM\\%s", user);
        ck_assert_str_eq(r.name, want_name);
        ck_assert_msg(memcmp(r.key, r.want_key, 16) == 0, "level %d, %s%s: "
                      "the acceptor's session key is not the client's",
                      level, legacy_names[kind], key_exch ? " + KEY_EXCH" :
                      "");
        ck_assert_int_eq(!!(r.flags & 0x00080000), kind == L_V1_ESS);
        ck_assert_int_eq(!!(r.flags & 0x40000000), key_exch);
    } else {
        ck_assert_msg(r.maj == GSS_S_FAILURE && r.min == want_min,
                      "level %d, %s%s for %s: %x/%x, want %x/%x", level,
                      legacy_names[kind], key_exch ? " + KEY_EXCH" : "",
                      user, r.maj, r.min, GSS_S_FAILURE, want_min);
    }
}

/* The legacy client's primitives against MS-NLMP 4.2.2 and 4.2.3. */
START_TEST(t_legacy_known_answers)
{
    static const uint8_t sc[8] = { 1, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd,
                                   0xef };
    static const uint8_t cc[8] = { 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
                                   0xaa };
    uint8_t nth[16], lmh[16], out[24], d[32], kx[16];

    t_lmowfv1("Password", lmh);
    ck_assert_mem_eq(lmh, "\xe5\x2c\xac\x67\x41\x9a\x9a\x22\x4a\x3b\x10\x8f"
                     "\x3f\xa6\xcb\x6d", 16);
    t_ntowfv1("Password", nth);
    ck_assert_mem_eq(nth, "\xa4\xf4\x9c\x40\x65\x10\xbd\xca\xb6\x82\x4e\xe7"
                     "\xc3\x0f\xd8\x52", 16);
    t_desl(nth, sc, out);
    ck_assert_mem_eq(out, "\x67\xc4\x30\x11\xf3\x02\x98\xa2\xad\x35\xec\xe6"
                     "\x4f\x16\x33\x1c\x44\xbd\xbe\xd9\x27\x84\x1f\x94", 24);
    t_desl(lmh, sc, out);
    ck_assert_mem_eq(out, "\x98\xde\xf7\xb8\x7f\x88\xaa\x5d\xaf\xe2\xdf\x77"
                     "\x96\x88\xa1\x72\xde\xf1\x1c\x7d\x5c\xcd\xef\x13", 24);
    t_md4(nth, 16, d);
    ck_assert_mem_eq(d, "\xd8\x72\x62\xb0\xcd\xe4\xb1\xcb\x74\x99\xbe\xcc"
                     "\xcd\xf1\x07\x84", 16);
    /* 4.2.2.2.3: RC4(KXKEY = SessionBaseKey, RandomSessionKey 0x55 x 16) */
    memset(out, 0x55, 16);
    t_rc4(d, 16, out, kx, 16);
    ck_assert_mem_eq(kx, "\x51\x88\x22\xb1\xb3\xf3\x50\xc8\x95\x86\x82\xec"
                     "\xbb\x3e\x3c\xb7", 16);
    /* 4.2.3: NTLMv1 with client challenge, and its KXKEY */
    memcpy(d, sc, 8);
    memcpy(d + 8, cc, 8);
    t_md5(d, 16, d + 16);
    t_desl(nth, d + 16, out);
    ck_assert_mem_eq(out, "\x75\x37\xf8\x03\xae\x36\x71\x28\xca\x45\x82\x04"
                     "\xbd\xe7\xca\xf8\x1e\x97\xed\x26\x83\x26\x72\x32", 24);
    t_md4(nth, 16, d + 16);
    t_hmac_md5(d + 16, 16, d, 16, kx);
    ck_assert_mem_eq(kx, "\xeb\x93\x42\x9a\x8b\xd9\x52\xf8\xb8\x9c\x55\xb8"
                     "\x7f\x47\x5e\xdc", 16);
    /* RFC 1321 / RFC 1320 test suites, the empty string and "abc" */
    t_md5("", 0, d);
    ck_assert_mem_eq(d, "\xd4\x1d\x8c\xd9\x8f\x00\xb2\x04\xe9\x80\x09\x98"
                     "\xec\xf8\x42\x7e", 16);
    t_md4("abc", 3, d);
    ck_assert_mem_eq(d, "\xa4\x48\x01\x7a\xaf\x21\xd8\x52\x5f\xc1\x0a\xe8"
                     "\x7a\xa6\x72\x9d", 16);
}
END_TEST

/* The AUTHENTICATE our initiator sends: NT response and LM lengths. */
static size_t sent_nt_len, sent_lm_len;

static void
record_auth(int step, gss_buffer_t tok)
{
    const uint8_t *p = tok->value;

    if (step == 1 && tok->length >= 64) {
        sent_lm_len = (size_t)p[12] | (size_t)p[13] << 8;
        sent_nt_len = (size_t)p[20] | (size_t)p[21] << 8;
    }
}

/* A CHALLENGE without ESS and 128-bit keys (a server from before NT4
 * SP4). */
static void
weak_challenge(gss_buffer_t tok)
{
    uint8_t *p = tok->value;

    if (tok->length >= 24) {
        p[22] &= (uint8_t)~0x08;    /* EXTENDED_SESSIONSECURITY */
        p[23] &= (uint8_t)~0x20;    /* 128 */
    }
}

/*
 * The compat_level matrix, one level per iteration (_i = 0..5): through
 * mechglue, each client form accepted or refused with its minor code:
 *
 *   form                  0-2                 3-5
 *   NTLMv2 (ours)         accepted            accepted
 *   NTLMv1-ESS            accepted            NTLMV1_REFUSED
 *   LM + NTLMv1           accepted            NTLMV1_REFUSED
 *   LM only               accepted            NTLMV1_REFUSED
 *
 * and whatever the level: a wrong NT response is not rescued by a right
 * LM response, ESS without an NT response is refused, an entry without an
 * LM hash cannot log on with LM.  Our initiator sends NTLMv2 at every
 * level; only at 0-2 does it go on when the server refuses ESS/128-bit.
 */
START_TEST(t_compat_level_matrix)
{
    int level = _i, legacy_ok = level <= 2;
    OM_uint32 refused = legacy_ok ? 0 : NTLMGSS_MINOR_NTLMV1_REFUSED;
    gss_cred_id_t ic, ac;
    gss_buffer_desc msg = GSS_C_EMPTY_BUFFER;
    struct t_hs h;
    OM_uint32 min, ctx = 0;
    char conf[64];
    int key_exch;

    snprintf(conf, sizeof(conf), "compat_level = %d", level);
    t_config(conf);

    /* NTLMv2 from our initiator: accepted; what it sends */
    ic = t_init_cred("TESTDOM\\testuser", "testpass");
    ac = t_acc_cred();
    memset(&h, 0, sizeof(h));
    h.tamper_to_acc = record_auth;
    sent_nt_len = sent_lm_len = 0;
    ck_assert_msg(t_handshake(&h, ic, ac, ALLF), "level %d NTLMv2: init "
                  "%x/%x accept %x/%x", level, h.imaj, h.imin, h.amaj,
                  h.amin);
    ck_assert_uint_gt(sent_nt_len, 24);         /* NTLMv2, never v1 */
    ck_assert_uint_eq(sent_lm_len, 24);         /* Z(24) (a timestamp) */
    check_name(h.src, "TESTDOM\\testuser");
    t_hs_cleanup(&h);

    /* a server that refuses ESS and 128-bit keys: only 0-2 go on (with
     * NTLMv2 still; no MIC, the CHALLENGE was altered on the way) */
    snprintf(conf, sizeof(conf), "send_mic = no\ncompat_level = %d",
             level);
    t_config(conf);
    memset(&h, 0, sizeof(h));
    h.tamper_to_acc = record_auth;
    h.tamper_to_init = weak_challenge;
    sent_nt_len = 0;
    if (legacy_ok) {
        ck_assert_msg(t_handshake(&h, ic, ac, ALLF), "level %d, weak "
                      "server: init %x/%x accept %x/%x", level, h.imaj,
                      h.imin, h.amaj, h.amin);
        ck_assert_uint_gt(sent_nt_len, 24);
    } else {
        ck_assert(!t_handshake(&h, ic, ac, ALLF));
        ck_assert_uint_eq(h.imaj, GSS_S_FAILURE);
        ck_assert_uint_eq(h.imin, NTLMGSS_MINOR_WEAK_NEGOTIATION);
    }
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
    snprintf(conf, sizeof(conf), "compat_level = %d", level);
    t_config(conf);

    /* the legacy clients, with and without KEY_EXCH */
    for (key_exch = 0; key_exch <= 1; key_exch++) {
        legacy_expect(level, L_V1, "testuser", "testpass", key_exch,
                      refused);
        legacy_expect(level, L_V1_NT_IN_LM, "testuser", "testpass",
                      key_exch, refused);
        legacy_expect(level, L_V1_ESS, "testuser", "testpass", key_exch,
                      refused);
        legacy_expect(level, L_LM_ONLY, "testuser", "testpass", key_exch,
                      refused);
    }
    /* an {NT} entry: NTLMv1 works, LM cannot (no LM hash) */
    legacy_expect(level, L_V1, "hashuser", "Password", 0, refused);
    legacy_expect(level, L_V1_ESS, "hashuser", "Password", 1, refused);
    legacy_expect(level, L_LM_ONLY, "hashuser", "Password", 0,
                  legacy_ok ? NTLMGSS_MINOR_WRONG_PASSWORD : refused);
    /* never */
    legacy_expect(level, L_ESS_GARBAGE_NT, "testuser", "testpass", 0,
                  legacy_ok ? NTLMGSS_MINOR_WRONG_PASSWORD : refused);
    legacy_expect(level, L_ESS_LM_ONLY, "testuser", "testpass", 0,
                  NTLMGSS_MINOR_NTLMV1_REFUSED);
    legacy_expect(level, L_V1_BAD_NT_GOOD_LM, "testuser", "testpass", 0,
                  legacy_ok ? NTLMGSS_MINOR_WRONG_PASSWORD : refused);
    legacy_expect(level, L_V1, "testuser", "wrongpass", 0,
                  legacy_ok ? NTLMGSS_MINOR_WRONG_PASSWORD : refused);
    legacy_expect(level, L_LM_ONLY, "testuser", "TESTPASX", 0,
                  legacy_ok ? NTLMGSS_MINOR_WRONG_PASSWORD : refused);
    /* LM ignores case, as on Windows (the session key is MD4(NTOWFv1) of
     * the stored password, which such a client does not have) */
    {
        struct legacy_out r;

        legacy_logon(L_LM_ONLY, "testuser", "TESTPASS", 0, &r);
        ck_assert_uint_eq(r.maj, legacy_ok ? GSS_S_COMPLETE : GSS_S_FAILURE);
        ck_assert_uint_eq(r.min, refused);
        if (legacy_ok)
            ck_assert_str_eq(r.name, "TESTDOM\\testuser");
    }

    /* the refusal says why */
    if (!legacy_ok) {
        struct legacy_out r;

        legacy_logon(L_V1_ESS, "testuser", "testpass", 0, &r);
        ck_assert_uint_eq(r.min, NTLMGSS_MINOR_NTLMV1_REFUSED);
        ck_assert_uint_eq(gss_display_status(&min, r.min, GSS_C_MECH_CODE,
                                             &t_ntlm_oid, &ctx, &msg),
                          GSS_S_COMPLETE);
        snprintf(conf, sizeof(conf), "compat_level %d accepts NTLMv2 only",
                 level);
        ck_assert_msg(strstr(msg.value, conf) != NULL, "%s",
                      (char *)msg.value);
        gss_release_buffer(&min, &msg);
    }
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
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac = t_acc_cred();
    struct t_hs h;
    OM_uint32 min;

    t_config("send_mic = no");
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

    t_config("allow_anonymous = yes");
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
    tcase_add_test(tc, t_legacy_known_answers);
    suite_add_tcase(s, tc);
    tc = tcase_create("compat_level");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_loop_test(tc, t_compat_level_matrix, 0, 6);
    suite_add_tcase(s, tc);
    return s;
}
