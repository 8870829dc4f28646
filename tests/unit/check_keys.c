/*
 * check_keys.c - keys.c function by function: one-way functions (non-ASCII
 * and surrogate pairs), NTLMv2/LMv2 compute and verify (tampering,
 * truncation, malformed blobs), NTLMv1 with and without ESS, DESL, KXKEY
 * for every flag combination, SIGNKEY/SEALKEY for 128/56/40 with and
 * without ESS, the MIC and the channel bindings hash.  (The MS-NLMP 4.2
 * known answers are in check_vectors.c.)
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "ntlm/ntlm.h"

static size_t
unhex(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;
    unsigned int v;

    while (*s != '\0') {
        if (*s == ' ') {
            s++;
            continue;
        }
        ck_assert_uint_lt(n, max);
        ck_assert_int_eq(sscanf(s, "%2x", &v), 1);
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}

#define CK_HEX(buf, len, hex)                                   \
    do {                                                        \
        uint8_t exp_[512];                                      \
        size_t n_ = unhex((hex), exp_, sizeof(exp_));           \
        ck_assert_uint_eq((len), n_);                           \
        ck_assert_mem_eq((buf), exp_, n_);                      \
    } while (0)

static const uint8_t sc[8] = { 0x01, 0x23, 0x45, 0x67,
                               0x89, 0xab, 0xcd, 0xef };
static const uint8_t cc[8] = { 0xaa, 0xaa, 0xaa, 0xaa,
                               0xaa, 0xaa, 0xaa, 0xaa };

/* ---- NTOWFv1 ---- */
START_TEST(t_ntowfv1)
{
    uint8_t out[16];

    ck_assert_int_eq(ntlm_ntowfv1("", 0, out), 0);
    CK_HEX(out, 16, "31d6cfe0d16ae931b73c59d7e0c089c0");
    /* "Pass" + U+1D11E (a surrogate pair in UTF-16) */
    ck_assert_int_eq(ntlm_ntowfv1("Pass\xf0\x9d\x84\x9e", 8, out), 0);
    CK_HEX(out, 16, "0d72dddeddbae5ff244820e072413b90");
    /* invalid UTF-8: lone continuation byte, overlong, encoded surrogate */
    ck_assert_int_eq(ntlm_ntowfv1("a\x80", 2, out), NTLM_ERR_BAD_UTF8);
    ck_assert_int_eq(ntlm_ntowfv1("\xc0\xaf", 2, out), NTLM_ERR_BAD_UTF8);
    ck_assert_int_eq(ntlm_ntowfv1("\xed\xa0\x80", 3, out),
                     NTLM_ERR_BAD_UTF8);
    ck_assert_int_eq(ntlm_ntowfv1("\xf0\x9d\x84", 3, out),
                     NTLM_ERR_BAD_UTF8);
}
END_TEST

/* ---- LMOWFv1 ---- */
START_TEST(t_lmowfv1)
{
    uint8_t a[16], b[16];

    if (!ncrypto_legacy_available())
        return;
    ck_assert_int_eq(ntlm_lmowfv1("", 0, a), 0);
    CK_HEX(a, 16, "aad3b435b51404eeaad3b435b51404ee");
    /* case-insensitive */
    ck_assert_int_eq(ntlm_lmowfv1("password", 8, a), 0);
    ck_assert_int_eq(ntlm_lmowfv1("PASSWORD", 8, b), 0);
    ck_assert_mem_eq(a, b, 16);
    CK_HEX(a, 16, "e52cac67419a9a224a3b108f3fa6cb6d");
    /* 14 bytes is the most LMOWFv1 takes */
    ck_assert_int_eq(ntlm_lmowfv1("ABCDEFGHIJKLMN", 14, b), 0);
    ck_assert_int_eq(ntlm_lmowfv1("ABCDEFGHIJKLMNO", 15, a),
                     NTLM_ERR_INVALID_ARGUMENT);
}
END_TEST

/* ---- NTOWFv2 ---- */
START_TEST(t_ntowfv2)
{
    uint8_t nt[16], a[16], b[16];

    ck_assert_int_eq(ntlm_ntowfv1("Password", 8, nt), 0);
    ck_assert_int_eq(ntlm_ntowfv2(nt, "User", 4, "Domain", 6, a), 0);
    CK_HEX(a, 16, "0c868a403bfd7a93a3001ef22ef02e3f");
    /* the user name is upper-cased, the domain is not */
    ck_assert_int_eq(ntlm_ntowfv2(nt, "uSeR", 4, "Domain", 6, b), 0);
    ck_assert_mem_eq(a, b, 16);
    ck_assert_int_eq(ntlm_ntowfv2(nt, "User", 4, "DOMAIN", 6, b), 0);
    ck_assert_mem_ne(a, b, 16);
    /* non-ASCII: U+00E9 upper-cases to U+00C9 */
    ck_assert_int_eq(ntlm_ntowfv2(nt, "\xc3\xa9", 2, "", 0, a), 0);
    ck_assert_int_eq(ntlm_ntowfv2(nt, "\xc3\x89", 2, "", 0, b), 0);
    ck_assert_mem_eq(a, b, 16);
    /* beyond Latin-1: Greek alpha and Cyrillic zhe upper-case too */
    ck_assert_int_eq(ntlm_ntowfv2(nt, "\xce\xb1\xd0\xb6", 4, "", 0, a), 0);
    ck_assert_int_eq(ntlm_ntowfv2(nt, "\xce\x91\xd0\x96", 4, "", 0, b), 0);
    ck_assert_mem_eq(a, b, 16);
    /* supplementary characters are accepted (left as they are) */
    ck_assert_int_eq(ntlm_ntowfv2(nt, "\xf0\x9d\x84\x9e", 4, "D", 1, a), 0);
    ck_assert_int_eq(ntlm_ntowfv2(nt, "\xff", 1, "D", 1, a),
                     NTLM_ERR_BAD_UTF8);
}
END_TEST

/* ---- NTLMv2 compute / verify ---- */
static const uint8_t av_list[] = {
    0x02, 0x00, 0x02, 0x00, 'D', 0x00,
    0x07, 0x00, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8,
    0x00, 0x00, 0x00, 0x00 };

START_TEST(t_ntlmv2)
{
    uint8_t nt[16], v2[16], bad[16], sbk[16], buf[256];
    struct ntlm_v2_result r;
    struct wire_slice av, resp;
    uint64_t ts = 0;

    ck_assert_int_eq(ntlm_ntowfv1("secret", 6, nt), 0);
    ck_assert_int_eq(ntlm_ntowfv2(nt, "alice", 5, "EXAMPLE", 7, v2), 0);
    ck_assert_int_eq(ntlm_compute_ntlmv2(v2, sc, cc, 0x01d2030405060708ull,
                                         wire_slice_make(av_list,
                                                         sizeof(av_list)),
                                         &r), 0);
    ck_assert_uint_eq(r.nt_response_len, 16 + 28 + sizeof(av_list) + 4);
    resp = wire_slice_make(r.nt_response, r.nt_response_len);
    ck_assert_int_eq(ntlm_verify_ntlmv2(v2, sc, resp, sbk, &av, &ts), 0);
    ck_assert_mem_eq(sbk, r.session_base_key, 16);
    ck_assert_uint_eq(ts, 0x01d2030405060708ull);
    ck_assert_uint_eq(av.len, sizeof(av_list));
    ck_assert_mem_eq(av.ptr, av_list, sizeof(av_list));

    /* wrong key */
    memcpy(bad, v2, 16);
    bad[0] ^= 1;
    ck_assert_int_eq(ntlm_verify_ntlmv2(bad, sc, resp, sbk, &av, &ts),
                     NTLM_ERR_WRONG_PASSWORD);
    ck_assert_uint_eq(ts, 0);
    ck_assert_ptr_null(av.ptr);
    /* every single-byte tamper is refused */
    ck_assert_uint_le(r.nt_response_len, sizeof(buf));
    for (size_t i = 0; i < r.nt_response_len; i++) {
        int ret;

        memcpy(buf, r.nt_response, r.nt_response_len);
        buf[i] ^= 0x40;
        ret = ntlm_verify_ntlmv2(v2, sc,
                                 wire_slice_make(buf, r.nt_response_len),
                                 sbk, NULL, NULL);
        ck_assert_int_ne(ret, 0);
    }
    /* truncated: every length below the minimum is malformed */
    for (size_t n = 0; n < 44; n++) {
        ck_assert_int_eq(ntlm_verify_ntlmv2(v2, sc,
                                            wire_slice_make(r.nt_response,
                                                            n),
                                            sbk, NULL, NULL),
                         NTLM_ERR_BAD_NT_RESPONSE);
    }
    /* AV list without EOL */
    ck_assert_int_eq(ntlm_verify_ntlmv2(v2, sc,
                                        wire_slice_make(r.nt_response,
                                                        16 + 28 + 6),
                                        sbk, NULL, NULL),
                     NTLM_ERR_BAD_NT_RESPONSE);
    /* wrong blob version */
    memcpy(buf, r.nt_response, r.nt_response_len);
    buf[16] = 2;
    ck_assert_int_eq(ntlm_verify_ntlmv2(v2, sc,
                                        wire_slice_make(buf,
                                                        r.nt_response_len),
                                        sbk, NULL, NULL),
                     NTLM_ERR_BAD_NT_RESPONSE);

    /* LMv2 */
    resp = wire_slice_make(r.lm_response, 24);
    ck_assert_int_eq(ntlm_verify_lmv2(v2, sc, resp, sbk), 0);
    ck_assert_int_eq(ntlm_verify_lmv2(bad, sc, resp, sbk),
                     NTLM_ERR_WRONG_PASSWORD);
    resp.len = 23;
    ck_assert_int_eq(ntlm_verify_lmv2(v2, sc, resp, sbk),
                     NTLM_ERR_BAD_LM_RESPONSE);

    ntlm_v2_result_cleanup(&r);
    ck_assert_ptr_null(r.nt_response);
    ntlm_v2_result_cleanup(NULL);
}
END_TEST

/* ---- NTLMv1 and DESL ---- */
START_TEST(t_ntlmv1)
{
    uint8_t nt[16], ntr[24], lmr[24], sbk[16], d[24], md4[16];

    if (!ncrypto_legacy_available())
        return;
    ck_assert_int_eq(ntlm_ntowfv1("Password", 8, nt), 0);
    /* no LM hash: the LM response repeats the NT response */
    ck_assert_int_eq(ntlm_compute_ntlmv1(nt, NULL, sc, cc, false, ntr, lmr,
                                         sbk), 0);
    ck_assert_mem_eq(ntr, lmr, 24);
    ck_assert_int_eq(ntlm_desl(nt, sc, d), 0);
    ck_assert_mem_eq(ntr, d, 24);
    ck_assert_int_eq(ncrypto_md4(nt, 16, md4), 0);
    ck_assert_mem_eq(sbk, md4, 16);
    /* ESS needs a client challenge */
    ck_assert_int_eq(ntlm_compute_ntlmv1(nt, NULL, sc, NULL, true, ntr, lmr,
                                         sbk), NTLM_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(t_desl)
{
    uint8_t k[16], out[24], k7[7], blk[8];

    if (!ncrypto_legacy_available())
        return;
    for (int i = 0; i < 16; i++)
        k[i] = (uint8_t)(i * 17 + 1);
    ck_assert_int_eq(ntlm_desl(k, sc, out), 0);
    ck_assert_int_eq(ncrypto_des_ecb_7(k, sc, blk), 0);
    ck_assert_mem_eq(out, blk, 8);
    ck_assert_int_eq(ncrypto_des_ecb_7(k + 7, sc, blk), 0);
    ck_assert_mem_eq(out + 8, blk, 8);
    memset(k7, 0, 7);
    memcpy(k7, k + 14, 2);
    ck_assert_int_eq(ncrypto_des_ecb_7(k7, sc, blk), 0);
    ck_assert_mem_eq(out + 16, blk, 8);
}
END_TEST

/* ---- KXKEY ---- */
START_TEST(t_kxkey)
{
    uint8_t sbk[16], lmowf[16], lmr[24], kx[16], kx2[16], h[16];
    struct ncrypto_part p[2];

    memset(sbk, 0x11, 16);
    memset(lmowf, 0x22, 16);
    memset(lmr, 0x33, 24);

    /* none: SessionBaseKey */
    ck_assert_int_eq(ntlm_kxkey(0, sbk, lmr, lmowf, sc, kx), 0);
    ck_assert_mem_eq(kx, sbk, 16);
    /* ESS: HMAC_MD5(SessionBaseKey, ServerChallenge || LM[0..8]) */
    p[0].ptr = sc;
    p[0].len = 8;
    p[1].ptr = lmr;
    p[1].len = 8;
    ck_assert_int_eq(ncrypto_hmac_md5(sbk, 16, p, 2, h), 0);
    ck_assert_int_eq(ntlm_kxkey(NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY,
                                sbk, lmr, NULL, sc, kx), 0);
    ck_assert_mem_eq(kx, h, 16);
    /* ESS wins over LM_KEY and NON_NT_SESSION_KEY */
    ck_assert_int_eq(ntlm_kxkey(NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |
                                NTLMSSP_NEGOTIATE_LM_KEY |
                                NTLMSSP_REQUEST_NON_NT_SESSION_KEY,
                                sbk, lmr, lmowf, sc, kx), 0);
    ck_assert_mem_eq(kx, h, 16);
    ck_assert_int_eq(ntlm_kxkey(NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY,
                                sbk, NULL, NULL, sc, kx),
                     NTLM_ERR_INVALID_ARGUMENT);
    /* NON_NT_SESSION_KEY: LMOWF[0..8] || Z(8) */
    ck_assert_int_eq(ntlm_kxkey(NTLMSSP_REQUEST_NON_NT_SESSION_KEY, sbk,
                                lmr, lmowf, sc, kx), 0);
    CK_HEX(kx, 16, "2222222222222222 0000000000000000");
    ck_assert_int_eq(ntlm_kxkey(NTLMSSP_REQUEST_NON_NT_SESSION_KEY, sbk,
                                lmr, NULL, sc, kx),
                     NTLM_ERR_INVALID_ARGUMENT);

    if (!ncrypto_legacy_available())
        return;
    /* LM_KEY wins over NON_NT_SESSION_KEY */
    ck_assert_int_eq(ntlm_kxkey(NTLMSSP_NEGOTIATE_LM_KEY, sbk, lmr, lmowf,
                                sc, kx), 0);
    ck_assert_int_eq(ntlm_kxkey(NTLMSSP_NEGOTIATE_LM_KEY |
                                NTLMSSP_REQUEST_NON_NT_SESSION_KEY, sbk,
                                lmr, lmowf, sc, kx2), 0);
    ck_assert_mem_eq(kx, kx2, 16);
    ck_assert_int_eq(ntlm_kxkey(NTLMSSP_NEGOTIATE_LM_KEY, sbk, NULL, lmowf,
                                sc, kx), NTLM_ERR_INVALID_ARGUMENT);

    /* an all-zero LMOWF (gss-ntlmssp issue 23 values) */
    {
        uint8_t zero[16], sc2[8], lmr2[24];

        memset(zero, 0, 16);
        unhex("4556b569c9536a31", sc2, 8);
        unhex("8bfcfed5a36d251386cc38de78bae16224c52fd735355e24", lmr2,
              24);
        ck_assert_int_eq(ntlm_kxkey(NTLMSSP_NEGOTIATE_LM_KEY, sbk, lmr2,
                                    zero, sc2, kx), 0);
        CK_HEX(kx, 16, "5ffa2bf727add101c26cf2e6c113bd6d");
    }
}
END_TEST

/* ---- SIGNKEY ---- */
START_TEST(t_signkey)
{
    uint8_t key[16], c[16], s[16], z[16], h[16];
    static const char magic[] =
        "session key to client-to-server signing key magic constant";

    memset(key, 0x55, 16);
    memset(z, 0, 16);
    ck_assert_int_eq(ntlm_signkey(0, key, true, c), 0);
    ck_assert_mem_eq(c, z, 16);
    ck_assert_int_eq(ntlm_signkey(NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY,
                                  key, true, c), 0);
    ck_assert_int_eq(ntlm_signkey(NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY,
                                  key, false, s), 0);
    ck_assert_mem_ne(c, s, 16);
    {
        struct ncrypto_part p[2] = { { key, 16 }, { magic, sizeof(magic) } };

        ck_assert_int_eq(ncrypto_md5_parts(p, 2, h), 0);
    }
    ck_assert_mem_eq(c, h, 16);
    /* the signing key does not depend on 128/56 */
    ck_assert_int_eq(ntlm_signkey(NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |
                                  NTLMSSP_NEGOTIATE_56, key, true, s), 0);
    ck_assert_mem_eq(c, s, 16);
}
END_TEST

/* ---- SEALKEY ---- */
START_TEST(t_sealkey)
{
    const uint32_t ess = NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY;
    uint8_t key[16], k128[16], k56[16], k40[16], srv[16], h[16], out[16];
    size_t len;
    static const char magic[] =
        "session key to client-to-server sealing key magic constant";

    for (int i = 0; i < 16; i++)
        key[i] = (uint8_t)(0x10 + i);

    /* ESS: MD5 over 16 / 7 / 5 key bytes */
    ck_assert_int_eq(ntlm_sealkey(ess | NTLMSSP_NEGOTIATE_128 |
                                  NTLMSSP_NEGOTIATE_56, key, true, k128,
                                  &len), 0);
    ck_assert_uint_eq(len, 16);
    ck_assert_int_eq(ntlm_sealkey(ess | NTLMSSP_NEGOTIATE_56, key, true,
                                  k56, &len), 0);
    ck_assert_uint_eq(len, 16);
    ck_assert_int_eq(ntlm_sealkey(ess, key, true, k40, &len), 0);
    ck_assert_uint_eq(len, 16);
    {
        struct ncrypto_part p[2] = { { key, 7 }, { magic, sizeof(magic) } };

        ck_assert_int_eq(ncrypto_md5_parts(p, 2, h), 0);
        ck_assert_mem_eq(k56, h, 16);
        p[0].len = 5;
        ck_assert_int_eq(ncrypto_md5_parts(p, 2, h), 0);
        ck_assert_mem_eq(k40, h, 16);
        p[0].len = 16;
        ck_assert_int_eq(ncrypto_md5_parts(p, 2, h), 0);
        ck_assert_mem_eq(k128, h, 16);
    }
    ck_assert_int_eq(ntlm_sealkey(ess | NTLMSSP_NEGOTIATE_128, key, false,
                                  srv, &len), 0);
    ck_assert_mem_ne(srv, k128, 16);

    /* no ESS, LM_KEY: 56-bit and 40-bit forms */
    ck_assert_int_eq(ntlm_sealkey(NTLMSSP_NEGOTIATE_LM_KEY |
                                  NTLMSSP_NEGOTIATE_56, key, true, out,
                                  &len), 0);
    ck_assert_uint_eq(len, 8);
    CK_HEX(out, 8, "10111213141516a0");
    ck_assert_int_eq(ntlm_sealkey(NTLMSSP_NEGOTIATE_LM_KEY, key, true, out,
                                  &len), 0);
    ck_assert_uint_eq(len, 8);
    CK_HEX(out, 8, "1011121314e538b0");
    /* 56 wins over 128 in the non-ESS reduction */
    ck_assert_int_eq(ntlm_sealkey(NTLMSSP_NEGOTIATE_LM_KEY |
                                  NTLMSSP_NEGOTIATE_56 |
                                  NTLMSSP_NEGOTIATE_128, key, false, out,
                                  &len), 0);
    CK_HEX(out, 8, "10111213141516a0");
    /* DATAGRAM (revision W2K3) uses the same reduction */
    ck_assert_int_eq(ntlm_sealkey(NTLMSSP_NEGOTIATE_DATAGRAM, key, true,
                                  out, &len), 0);
    CK_HEX(out, 8, "1011121314e538b0");
    /* otherwise the whole key, same for both directions */
    ck_assert_int_eq(ntlm_sealkey(NTLMSSP_NEGOTIATE_56 |
                                  NTLMSSP_NEGOTIATE_128, key, true, out,
                                  &len), 0);
    ck_assert_uint_eq(len, 16);
    ck_assert_mem_eq(out, key, 16);
}
END_TEST

/* ---- MIC ---- */
START_TEST(t_mic)
{
    uint8_t esk[16], neg[40], chal[60], auth[120], copy[120];
    uint8_t mic[16], mic2[16], h[16];
    struct ncrypto_part p[3];

    memset(esk, 0x55, 16);
    memset(neg, 'n', sizeof(neg));
    memset(chal, 'c', sizeof(chal));
    for (size_t i = 0; i < sizeof(auth); i++)
        auth[i] = (uint8_t)i;
    ck_assert_int_eq(ntlm_compute_mic(esk, wire_slice_make(neg, 40),
                                      wire_slice_make(chal, 60),
                                      wire_slice_make(auth, 120), mic), 0);
    /* equals HMAC over the messages with the MIC field zeroed */
    memcpy(copy, auth, sizeof(copy));
    memset(copy + 72, 0, 16);
    p[0] = (struct ncrypto_part){ neg, 40 };
    p[1] = (struct ncrypto_part){ chal, 60 };
    p[2] = (struct ncrypto_part){ copy, 120 };
    ck_assert_int_eq(ncrypto_hmac_md5(esk, 16, p, 3, h), 0);
    ck_assert_mem_eq(mic, h, 16);
    /* whatever sits in the MIC field does not matter */
    memcpy(copy + 72, mic, 16);
    ck_assert_int_eq(ntlm_compute_mic(esk, wire_slice_make(neg, 40),
                                      wire_slice_make(chal, 60),
                                      wire_slice_make(copy, 120), mic2), 0);
    ck_assert_mem_eq(mic, mic2, 16);
    /* any other byte does */
    copy[71] ^= 1;
    ck_assert_int_eq(ntlm_compute_mic(esk, wire_slice_make(neg, 40),
                                      wire_slice_make(chal, 60),
                                      wire_slice_make(copy, 120), mic2), 0);
    ck_assert_mem_ne(mic, mic2, 16);
    /* an AUTHENTICATE without room for the MIC */
    ck_assert_int_eq(ntlm_compute_mic(esk, wire_slice_make(neg, 40),
                                      wire_slice_make(chal, 60),
                                      wire_slice_make(auth, 87), mic),
                     NTLM_ERR_TRUNCATED);
}
END_TEST

/* ---- channel bindings ---- */
START_TEST(t_cb_hash)
{
    static const char app[] = "tls-server-end-point:0123456789abcdef";
    uint8_t buf[128], out[16], want[16];
    struct ntlm_channel_bindings cb;
    size_t n = 0, app_len = sizeof(app) - 1;

    memset(&cb, 0, sizeof(cb));
    cb.application_data = wire_slice_make(app, app_len);
    memset(buf, 0, 16);                 /* two addrtypes and lengths */
    n = 16;
    buf[n++] = (uint8_t)app_len;
    buf[n++] = 0;
    buf[n++] = 0;
    buf[n++] = 0;
    memcpy(buf + n, app, app_len);
    n += app_len;
    ck_assert_int_eq(ncrypto_md5(buf, n, want), 0);
    ck_assert_int_eq(ntlm_channel_bindings_hash(&cb, out), 0);
    ck_assert_mem_eq(out, want, 16);

    /* addresses are serialised between type and the next field */
    cb.initiator_addrtype = 2;
    cb.initiator_address = wire_slice_make("\x7f\0\0\x01", 4);
    cb.acceptor_addrtype = 2;
    cb.acceptor_address = wire_slice_make("\x0a\0\0\x02", 4);
    n = 0;
    memcpy(buf, "\x02\0\0\0\x04\0\0\0\x7f\0\0\x01"
                "\x02\0\0\0\x04\0\0\0\x0a\0\0\x02", 24);
    n = 24;
    buf[n++] = (uint8_t)app_len;
    buf[n++] = 0;
    buf[n++] = 0;
    buf[n++] = 0;
    memcpy(buf + n, app, app_len);
    n += app_len;
    ck_assert_int_eq(ncrypto_md5(buf, n, want), 0);
    ck_assert_int_eq(ntlm_channel_bindings_hash(&cb, out), 0);
    ck_assert_mem_eq(out, want, 16);
    ck_assert_int_eq(ntlm_channel_bindings_hash(NULL, out),
                     NTLM_ERR_INVALID_ARGUMENT);
}
END_TEST

Suite *
keys_suite(void)
{
    Suite *s = suite_create("keys");
    TCase *tc;

#define ADD(name, fn)                       \
    tc = tcase_create(name);                \
    tcase_add_test(tc, fn);                 \
    suite_add_tcase(s, tc)

    ADD("ntowfv1", t_ntowfv1);
    ADD("lmowfv1", t_lmowfv1);
    ADD("ntowfv2", t_ntowfv2);
    ADD("ntlmv2_compute_verify", t_ntlmv2);
    ADD("ntlmv1", t_ntlmv1);
    ADD("desl", t_desl);
    ADD("kxkey", t_kxkey);
    ADD("signkey", t_signkey);
    ADD("sealkey", t_sealkey);
    ADD("mic", t_mic);
    ADD("channel_bindings_hash", t_cb_hash);
#undef ADD
    return s;
}
