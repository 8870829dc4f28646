/*
 * check_vectors.c - every known-answer value of MS-NLMP section 4.2:
 *   4.2.1 common values (inputs below),
 *   4.2.2 NTLMv1: LMOWFv1, NTOWFv1, session base key, KXKEY variants,
 *         NTLMv1/LMv1 responses, EncryptedRandomSessionKey variants,
 *         GSS_WrapEx (sealed "Plaintext" and signature),
 *   4.2.3 NTLMv1 with client challenge (ESS): responses, KXKEY, sign/seal
 *         keys, GSS_WrapEx,
 *   4.2.4 NTLMv2: NTOWFv2, session base key, LMv2, NTProofStr / full NT
 *         response, EncryptedRandomSessionKey, sign/seal keys, GSS_WrapEx;
 * the 4.2.2.3 / 4.2.4.3 CHALLENGE and AUTHENTICATE messages encoded byte
 * for byte from the computed values and decoded back (server side), a MIC
 * round trip, and a captured Windows 7 NTLMv2 response with channel
 * bindings.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "ntlm/ntlm.h"
#include "common/secure.h"

static size_t
unhex(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;
    unsigned int v;

    while (*s != '\0') {
        if (*s == ' ' || *s == '\n') {
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

#define NEED_DES()                                              \
    do {                                                        \
        if (!ncrypto_legacy_available())                        \
            return;                                             \
    } while (0)

/* ---- 4.2.1 common values ---- */
static const uint8_t random_session_key[16] = {
    0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
    0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 };
static const uint8_t server_challenge[8] = {
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
static const uint8_t client_challenge[8] = {
    0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa };
/* "Plaintext" in UTF-16LE */
static const uint8_t plaintext[18] = {
    0x50, 0x00, 0x6c, 0x00, 0x61, 0x00, 0x69, 0x00, 0x6e, 0x00,
    0x74, 0x00, 0x65, 0x00, 0x78, 0x00, 0x74, 0x00 };

#define FLAGS_422 0xe2028233u   /* 33 82 02 e2 */
#define FLAGS_423 0x820a8233u   /* 33 82 0a 82 */
#define FLAGS_424 0xe28a8233u   /* 33 82 8a e2 */

static const char target_info_424[] =
    "02000c0044006f006d00610069006e00"
    "01000c005300650072007600650072000000 0000";

static const char auth_422[] =
    "4e544c4d535350000300000018001800"
    "6c00000018001800840000000c000c00"
    "48000000080008005400000010001000"
    "5c000000100010009c0000003582 80e2"
    "0501280a0000000f44006f006d006100"
    "69006e00550073006500720043004f00"
    "4d0050005500540045005200 98def7b8"
    "7f88aa5dafe2df779688a172def11c7d"
    "5ccdef1367c43011f30298a2ad35ece6"
    "4f16331c44bdbed927841f94518822b1"
    "b3f350c8958682ecbb3e3cb7";

static const char auth_424[] =
    "4e544c4d535350000300000018001800"
    "6c00000054005400840000000c000c00"
    "48000000080008005400000010001000"
    "5c00000010001000d8000000358288e2"
    "0501280a0000000f44006f006d006100"
    "69006e00550073006500720043004f00"
    "4d00500055005400450052 0086c35097"
    "ac9cec102554764a57cccc19aaaaaaaa"
    "aaaaaaaa68cd0ab851e51c96aabc927b"
    "ebef6a1c010100000000000000000000"
    "00000000aaaaaaaaaaaaaaaa00000000"
    "02000c0044006f006d00610069006e00"
    "01000c00530065007200760065007200"
    "0000000000000000c5dad2544fc97990"
    "94ce1ce90bc9d03e";

/* Read a security buffer (len, offset) at hdr_off of a test message. */
static struct wire_slice
secbuf(const uint8_t *msg, size_t msg_len, size_t hdr_off)
{
    struct wire_slice out;
    uint16_t len = (uint16_t)(msg[hdr_off] | msg[hdr_off + 1] << 8);
    uint32_t off = (uint32_t)msg[hdr_off + 4] | msg[hdr_off + 5] << 8 |
                   (uint32_t)msg[hdr_off + 6] << 16 |
                   (uint32_t)msg[hdr_off + 7] << 24;

    ck_assert_int_eq(wire_field(msg, msg_len, off, len, 0, &out), 0);
    return out;
}

/* ---- 4.2.2 NTLMv1 ---- */

START_TEST(t_422_owf)
{
    uint8_t out[16];

    ck_assert_int_eq(ntlm_ntowfv1("Password", 8, out), 0);
    CK_HEX(out, 16, "a4f49c406510bdcab6824ee7c30fd852");
    NEED_DES();
    ck_assert_int_eq(ntlm_lmowfv1("Password", 8, out), 0);
    CK_HEX(out, 16, "e52cac67419a9a224a3b108f3fa6cb6d");
}
END_TEST

START_TEST(t_422_responses)
{
    uint8_t nt[16], lm[16], nt_resp[24], lm_resp[24], sbk[16];

    NEED_DES();
    ck_assert_int_eq(ntlm_ntowfv1("Password", 8, nt), 0);
    ck_assert_int_eq(ntlm_lmowfv1("Password", 8, lm), 0);
    ck_assert_int_eq(ntlm_compute_ntlmv1(nt, lm, server_challenge,
                                         client_challenge, false, nt_resp,
                                         lm_resp, sbk), 0);
    CK_HEX(nt_resp, 24, "67c43011f30298a2ad35ece64f16331c"
                        "44bdbed927841f94");
    CK_HEX(lm_resp, 24, "98def7b87f88aa5dafe2df779688a172"
                        "def11c7d5ccdef13");
    CK_HEX(sbk, 16, "d87262b0cde4b1cb7499becccdf10784");
}
END_TEST

START_TEST(t_422_kxkey_and_encrypted_key)
{
    uint8_t nt[16], lm[16], nt_resp[24], lm_resp[24], sbk[16];
    uint8_t kx[16], enc[16];

    NEED_DES();
    ck_assert_int_eq(ntlm_ntowfv1("Password", 8, nt), 0);
    ck_assert_int_eq(ntlm_lmowfv1("Password", 8, lm), 0);
    ck_assert_int_eq(ntlm_compute_ntlmv1(nt, lm, server_challenge,
                                         client_challenge, false, nt_resp,
                                         lm_resp, sbk), 0);

    /* KXKEY = SessionBaseKey */
    ck_assert_int_eq(ntlm_kxkey(FLAGS_422, sbk, lm_resp, lm,
                                server_challenge, kx), 0);
    ck_assert_mem_eq(kx, sbk, 16);
    ck_assert_int_eq(ncrypto_rc4_oneshot(kx, 16, random_session_key, enc,
                                         16), 0);
    CK_HEX(enc, 16, "518822b1b3f350c8958682ecbb3e3cb7");

    /* with NTLMSSP_REQUEST_NON_NT_SESSION_KEY */
    ck_assert_int_eq(ntlm_kxkey(FLAGS_422 |
                                NTLMSSP_REQUEST_NON_NT_SESSION_KEY, sbk,
                                lm_resp, lm, server_challenge, kx), 0);
    CK_HEX(kx, 16, "e52cac67419a9a22 0000000000000000");
    ck_assert_int_eq(ncrypto_rc4_oneshot(kx, 16, random_session_key, enc,
                                         16), 0);
    CK_HEX(enc, 16, "7452ca55c225a1ca04b48fae32cf56fc");

    /* with NTLMSSP_NEGOTIATE_LM_KEY */
    ck_assert_int_eq(ntlm_kxkey(FLAGS_422 | NTLMSSP_NEGOTIATE_LM_KEY, sbk,
                                lm_resp, lm, server_challenge, kx), 0);
    CK_HEX(kx, 16, "b09e379f7fbecb1eaf0afdcb0383c8a0");
    ck_assert_int_eq(ncrypto_rc4_oneshot(kx, 16, random_session_key, enc,
                                         16), 0);
    CK_HEX(enc, 16, "4cd7bb57d697ef9b549f02b8f9b37864");
}
END_TEST

START_TEST(t_422_wrapex)
{
    struct ntlm_session cli, srv;
    uint8_t data[18], sig[16], key[16];
    size_t key_len;

    /* no ESS, no LM_KEY: the sealing key is the whole session key */
    ck_assert_int_eq(ntlm_sealkey(FLAGS_422, random_session_key, true, key,
                                  &key_len), 0);
    ck_assert_uint_eq(key_len, 16);
    ck_assert_mem_eq(key, random_session_key, 16);

    ck_assert_int_eq(ntlm_session_init(&cli, FLAGS_422, true,
                                       random_session_key), 0);
    memcpy(data, plaintext, sizeof(data));
    ck_assert_int_eq(ntlm_seal(&cli, data, sizeof(data), NULL, 0, sig), 0);
    CK_HEX(data, 18, "56fe04d861f9319af0d7238a2e3b4d457fb8");
    /* CRC32(Message) before encryption: 7d 84 aa 93 (little-endian) */
    ck_assert_uint_eq(ncrypto_crc32(0, plaintext, sizeof(plaintext)),
                      0x93aa847du);
    /* the assembled signature of 4.2.2.4, RC4'd RandomPad included */
    CK_HEX(sig, 16, "01000000 45c844e5 09dcd1df 2e459d36");
    ck_assert_uint_eq(cli.send.seq_num, 1);

    /* the peer unseals it, also when RandomPad was zeroed (gss-ntlmssp) */
    ck_assert_int_eq(ntlm_session_init(&srv, FLAGS_422, false,
                                       random_session_key), 0);
    unhex("01000000 00000000 09dcd1df 2e459d36", sig, 16);
    ck_assert_int_eq(ntlm_unseal(&srv, data, sizeof(data), NULL, 0, sig),
                     0);
    ck_assert_mem_eq(data, plaintext, sizeof(data));
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
}
END_TEST

START_TEST(t_422_auth_message)
{
    uint8_t msg[0x100], nt[16], lm[16], nt_resp[24], lm_resp[24], sbk[16];
    size_t len = unhex(auth_422, msg, sizeof(msg));
    struct wire_slice f;

    ck_assert_uint_eq(len, 0xac);
    NEED_DES();
    ck_assert_int_eq(ntlm_ntowfv1("Password", 8, nt), 0);
    ck_assert_int_eq(ntlm_lmowfv1("Password", 8, lm), 0);
    ck_assert_int_eq(ntlm_compute_ntlmv1(nt, lm, server_challenge,
                                         client_challenge, false, nt_resp,
                                         lm_resp, sbk), 0);
    f = secbuf(msg, len, 12);           /* LmChallengeResponse */
    ck_assert_uint_eq(f.len, 24);
    ck_assert_mem_eq(f.ptr, lm_resp, 24);
    f = secbuf(msg, len, 20);           /* NtChallengeResponse */
    ck_assert_uint_eq(f.len, 24);
    ck_assert_mem_eq(f.ptr, nt_resp, 24);
    f = secbuf(msg, len, 52);           /* EncryptedRandomSessionKey */
    CK_HEX(f.ptr, f.len, "518822b1b3f350c8958682ecbb3e3cb7");
}
END_TEST

/* ---- 4.2.3 NTLMv1 with client challenge ---- */

START_TEST(t_423_responses_kxkey)
{
    uint8_t nt[16], nt_resp[24], lm_resp[24], sbk[16], kx[16];

    NEED_DES();
    ck_assert_int_eq(ntlm_ntowfv1("Password", 8, nt), 0);
    ck_assert_int_eq(ntlm_compute_ntlmv1(nt, NULL, server_challenge,
                                         client_challenge, true, nt_resp,
                                         lm_resp, sbk), 0);
    CK_HEX(lm_resp, 24, "aaaaaaaaaaaaaaaa 0000000000000000"
                        "0000000000000000");
    CK_HEX(nt_resp, 24, "7537f803ae367128ca458204bde7caf8"
                        "1e97ed2683267232");
    CK_HEX(sbk, 16, "d87262b0cde4b1cb7499becccdf10784");
    ck_assert_int_eq(ntlm_kxkey(FLAGS_423, sbk, lm_resp, NULL,
                                server_challenge, kx), 0);
    CK_HEX(kx, 16, "eb93429a8bd952f8b89c55b87f475edc");
}
END_TEST

START_TEST(t_423_wrapex)
{
    uint8_t kx[16], data[18], sig[16];
    struct ntlm_session cli, srv;

    /* no KEY_EXCH: ExportedSessionKey = KeyExchangeKey */
    unhex("eb93429a8bd952f8b89c55b87f475edc", kx, 16);
    ck_assert_int_eq(ntlm_session_init(&cli, FLAGS_423, true, kx), 0);
    ck_assert_int_eq(ntlm_session_keys(&cli), 0);
    CK_HEX(cli.send.seal_key, 16, "04dd7f014d8504d265a25cc86a3a7c06");
    ck_assert_uint_eq(cli.send.seal_key_len, 16);
    CK_HEX(cli.send.sign_key, 16, "60e799be5c72fc92922ae8ebe961fb8d");
    memcpy(data, plaintext, sizeof(data));
    ck_assert_int_eq(ntlm_seal(&cli, data, sizeof(data), NULL, 0, sig), 0);
    CK_HEX(data, 18, "a02372f6530273f3aa1eb90190ce5200c99d");
    CK_HEX(sig, 16, "01000000ff2aeb52f681793a00000000");

    ck_assert_int_eq(ntlm_session_init(&srv, FLAGS_423, false, kx), 0);
    ck_assert_int_eq(ntlm_session_keys(&srv), 0);
    ck_assert_mem_eq(srv.recv.seal_key, cli.send.seal_key, 16);
    ck_assert_int_eq(ntlm_unseal(&srv, data, sizeof(data), NULL, 0, sig),
                     0);
    ck_assert_mem_eq(data, plaintext, sizeof(data));
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
}
END_TEST

/* ---- 4.2.4 NTLMv2 ---- */

static void
v2_compute(uint8_t v2[16], struct ntlm_v2_result *res)
{
    uint8_t nt[16], ti[64];
    size_t ti_len = unhex(target_info_424, ti, sizeof(ti));

    ck_assert_int_eq(ntlm_ntowfv1("Password", 8, nt), 0);
    ck_assert_int_eq(ntlm_ntowfv2(nt, "User", 4, "Domain", 6, v2), 0);
    ck_assert_int_eq(ntlm_compute_ntlmv2(v2, server_challenge,
                                         client_challenge, 0,
                                         wire_slice_make(ti, ti_len), res),
                     0);
}

START_TEST(t_424_ntowfv2_responses)
{
    uint8_t v2[16];
    struct ntlm_v2_result res;

    v2_compute(v2, &res);
    CK_HEX(v2, 16, "0c868a403bfd7a93a3001ef22ef02e3f");
    CK_HEX(res.lm_response, 24, "86c35097ac9cec102554764a57cccc19"
                                "aaaaaaaaaaaaaaaa");
    CK_HEX(res.nt_response, res.nt_response_len,
           "68cd0ab851e51c96aabc927bebef6a1c"
           "01010000000000000000000000000000"
           "aaaaaaaaaaaaaaaa00000000"
           "02000c0044006f006d00610069006e00"
           "01000c00530065007200760065007200"
           "00000000 00000000");
    CK_HEX(res.session_base_key, 16, "8de40ccadbc14a82f15cb0ad0de95ca3");
    ntlm_v2_result_cleanup(&res);
}
END_TEST

START_TEST(t_424_encrypted_key)
{
    uint8_t v2[16], enc[16];
    struct ntlm_v2_result res;

    /* NTLMv2: KeyExchangeKey = SessionBaseKey */
    v2_compute(v2, &res);
    ck_assert_int_eq(ncrypto_rc4_oneshot(res.session_base_key, 16,
                                         random_session_key, enc, 16), 0);
    CK_HEX(enc, 16, "c5dad2544fc9799094ce1ce90bc9d03e");
    ntlm_v2_result_cleanup(&res);
}
END_TEST

START_TEST(t_424_wrapex)
{
    uint8_t data[18], sig[16];
    struct ntlm_session cli, srv;

    ck_assert_int_eq(ntlm_session_init(&cli, FLAGS_424, true,
                                       random_session_key), 0);
    ck_assert_int_eq(ntlm_session_keys(&cli), 0);
    CK_HEX(cli.send.seal_key, 16, "59f600973cc4960a25480a7c196e4c58");
    CK_HEX(cli.send.sign_key, 16, "4788dc861b4782f35d43fd98fe1a2d39");
    memcpy(data, plaintext, sizeof(data));
    ck_assert_int_eq(ntlm_seal(&cli, data, sizeof(data), NULL, 0, sig), 0);
    CK_HEX(data, 18, "54e50165bf1936dc996020c1811b0f06fb5f");
    /* HMAC_MD5(SigningKey, SeqNum || Message)[0..7] before RC4 */
    {
        static const uint8_t seq0[4];
        struct ncrypto_part p[2] = { { seq0, 4 },
                                     { plaintext, sizeof(plaintext) } };
        uint8_t mac[16];

        ck_assert_int_eq(ncrypto_hmac_md5(cli.send.sign_key, 16, p, 2, mac),
                         0);
        CK_HEX(mac, 8, "70352851f2564309");
    }
    CK_HEX(sig, 16, "010000007fb38ec5c55d497600000000");

    ck_assert_int_eq(ntlm_session_init(&srv, FLAGS_424, false,
                                       random_session_key), 0);
    ck_assert_int_eq(ntlm_unseal(&srv, data, sizeof(data), NULL, 0, sig),
                     0);
    ck_assert_mem_eq(data, plaintext, sizeof(data));
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
}
END_TEST

START_TEST(t_424_auth_message)
{
    uint8_t msg[0x100], v2[16], sbk[16];
    size_t len = unhex(auth_424, msg, sizeof(msg));
    struct ntlm_v2_result res;
    struct wire_slice f, av;
    uint64_t ts = 1;

    ck_assert_uint_eq(len, 0xe8);
    v2_compute(v2, &res);
    f = secbuf(msg, len, 12);
    ck_assert_uint_eq(f.len, 24);
    ck_assert_mem_eq(f.ptr, res.lm_response, 24);
    f = secbuf(msg, len, 20);
    ck_assert_uint_eq(f.len, res.nt_response_len);
    ck_assert_mem_eq(f.ptr, res.nt_response, f.len);

    /* the server side accepts the NT and LM responses from the message */
    ck_assert_int_eq(ntlm_verify_ntlmv2(v2, server_challenge, f, sbk, &av,
                                        &ts), 0);
    CK_HEX(sbk, 16, "8de40ccadbc14a82f15cb0ad0de95ca3");
    ck_assert_uint_eq(ts, 0);
    CK_HEX(av.ptr, av.len, target_info_424);
    f = secbuf(msg, len, 12);
    ck_assert_int_eq(ntlm_verify_lmv2(v2, server_challenge, f, sbk), 0);

    f = secbuf(msg, len, 52);
    CK_HEX(f.ptr, f.len, "c5dad2544fc9799094ce1ce90bc9d03e");
    ntlm_v2_result_cleanup(&res);
}
END_TEST

/* ---- a captured Windows 7 -> 2008 R2 NTLMv2 exchange with channel
 * bindings (the values gss-ntlmssp's known-answer tests carry) ---- */
static const char auth_win7_cbt[] =
    "4e544c4d535350000300000018001800940000007c017c01ac00000010001000"
    "580000001a001a006800000012001200820000000000000028020000058288a2"
    "0601b01d0000000ff054a542b090b66c1fea1a2cc82e930b5700530032003000"
    "3000380052003200410064006d0069006e006900730074007200610074006f00"
    "7200570049004e0037002d0032002d0050004300000000000000000000000000"
    "0000000000000000000000005a6a21ae1a44c044693eee59fc5d81e001010000"
    "000000007be73fc30bdecd0127fc118082c2fbdd000000000200100057005300"
    "32003000300038005200320001001600440043002d0057005300320030003000"
    "38005200320004001c00770073003200300030003800720032002e006c006f00"
    "630061006c0003003400440043002d0077007300320030003000380072003200"
    "2e00770073003200300030003800720032002e006c006f00630061006c000500"
    "1c00770073003200300030003800720032002e006c006f00630061006c000700"
    "08007be73fc30bdecd0106000400020000000800300030000000000000000100"
    "0000002000004d6b0d27541022f5ffa673da2bfcfdf1942f257be11a49c95419"
    "7aca8aaf2eaf0a0010006586e99d81c2fc984e47172fd4dd031009003e004800"
    "5400540050002f00640063002d00770073003200300030003800720032002e00"
    "770073003200300030003800720032002e006c006f00630061006c0000000000"
    "0000000000000000";

START_TEST(t_windows_capture_cbt)
{
    uint8_t msg[0x228], nt_hash[16], v2[16], sbk[16], schal[8];
    size_t len = unhex(auth_win7_cbt, msg, sizeof(msg));
    struct wire_slice nt, av;
    uint64_t ts = 0;
    bool found_cb = false;
    size_t i;

    ck_assert_uint_eq(len, 0x228);
    unhex("e19ccf75ee54e06b06a5907af13cef42", nt_hash, 16);
    unhex("a2c5e8ca3084aa72", schal, 8);
    ck_assert_int_eq(ntlm_ntowfv2(nt_hash, "Administrator", 13, "WS2008R2",
                                  8, v2), 0);
    nt = secbuf(msg, len, 20);
    ck_assert_uint_eq(nt.len, 0x17c);
    ck_assert_int_eq(ntlm_verify_ntlmv2(v2, schal, nt, sbk, &av, &ts), 0);
    ck_assert(ts == 0x01cdde0bc33fe77bull);
    /* the MIC field and MsvAvChannelBindings as Windows sent them */
    CK_HEX(msg + NTLM_MIC_OFFSET, 16, "f054a542b090b66c1fea1a2cc82e930b");
    for (i = 0; i + 4 <= av.len;) {
        uint16_t id = (uint16_t)(av.ptr[i] | av.ptr[i + 1] << 8);
        uint16_t vl = (uint16_t)(av.ptr[i + 2] | av.ptr[i + 3] << 8);

        ck_assert_uint_le(i + 4 + vl, av.len);
        if (id == MsvAvChannelBindings) {
            CK_HEX(av.ptr + i + 4, vl, "6586e99d81c2fc984e47172fd4dd0310");
            found_cb = true;
        }
        if (id == MsvAvEOL) {
            ck_assert_uint_eq(i + 4, av.len);   /* list ends at EOL */
            break;
        }
        i += 4 + vl;
    }
    ck_assert(found_cb);
    /* a wrong password does not verify */
    v2[3] ^= 1;
    ck_assert_int_eq(ntlm_verify_ntlmv2(v2, schal, nt, sbk, NULL, NULL),
                     NTLM_ERR_WRONG_PASSWORD);
}
END_TEST

/* ---- the 4.2.2.3 / 4.2.4.3 messages, encoded byte for byte from the
 * computed values and decoded back (server side) ---- */

static struct wire_slice
utf16(const char *s, uint8_t **keep)
{
    size_t len = 0;

    ck_assert_int_eq(ntlm_utf8_to_utf16le(s, strlen(s), keep, &len), 0);
    return wire_slice_make(*keep, len);
}

static void
check_encoded(const uint8_t *got, size_t got_len, const char *hex)
{
    uint8_t want[0x100];
    size_t n = unhex(hex, want, sizeof(want));

    ck_assert_uint_eq(got_len, n);
    ck_assert_mem_eq(got, want, n);
}

static const struct ntlm_version version_server = { 6, 0, 0x1770, 0x0f };
static const struct ntlm_version version_client = { 5, 1, 0x0a28, 0x0f };

START_TEST(t_422_messages)
{
    static const char chal_hex[] =
        "4e544c4d53535000020000000c000c00"
        "380000003382 02e20123456789abcdef"
        "00000000000000000000000000000000"
        "060070170000000f5300650072007600"
        "65007200";
    uint8_t nt[16], lm[16], ntr[24], lmr[24], sbk[16], enc[16], rsk[16];
    uint8_t *name = NULL, *dom = NULL, *usr = NULL, *wks = NULL;
    uint8_t *out = NULL, msg[0x100];
    size_t out_len = 0, len;
    struct ntlm_challenge c;
    struct ntlm_authenticate a;

    /* CHALLENGE: encode */
    memset(&c, 0, sizeof(c));
    c.flags = FLAGS_422;
    c.target_name = utf16("Server", &name);
    memcpy(c.server_challenge, server_challenge, 8);
    c.has_version = true;
    c.version = version_server;
    ck_assert_int_eq(ntlm_encode_challenge(&c, &out, &out_len), 0);
    check_encoded(out, out_len, chal_hex);
    free(out);
    out = NULL;
    /* CHALLENGE: decode */
    len = unhex(chal_hex, msg, sizeof(msg));
    ck_assert_int_eq(ntlm_decode_challenge(msg, len, &c), 0);
    ck_assert_uint_eq(c.flags, FLAGS_422);
    ck_assert_mem_eq(c.server_challenge, server_challenge, 8);
    ck_assert_uint_eq(c.target_name.len, 12);
    ck_assert_mem_eq(c.target_name.ptr, name, 12);
    ck_assert_uint_eq(c.target_info.len, 0);
    ck_assert(c.has_version);
    ck_assert_uint_eq(c.version.build, 0x1770);

    if (!ncrypto_legacy_available())
        goto done;
    /* AUTHENTICATE: encode from the computed responses */
    ck_assert_int_eq(ntlm_ntowfv1("Password", 8, nt), 0);
    ck_assert_int_eq(ntlm_lmowfv1("Password", 8, lm), 0);
    ck_assert_int_eq(ntlm_compute_ntlmv1(nt, lm, server_challenge,
                                         client_challenge, false, ntr, lmr,
                                         sbk), 0);
    ck_assert_int_eq(ncrypto_rc4_oneshot(sbk, 16, random_session_key, enc,
                                         16), 0);
    memset(&a, 0, sizeof(a));
    a.flags = 0xe2808235u;
    a.lm_response = wire_slice_make(lmr, 24);
    a.nt_response = wire_slice_make(ntr, 24);
    a.domain = utf16("Domain", &dom);
    a.user = utf16("User", &usr);
    a.workstation = utf16("COMPUTER", &wks);
    a.encrypted_session_key = wire_slice_make(enc, 16);
    a.has_version = true;
    a.version = version_client;
    ck_assert_int_eq(ntlm_encode_authenticate(&a, &out, &out_len), 0);
    check_encoded(out, out_len, auth_422);

    /* AUTHENTICATE: decode and check as a server would */
    len = unhex(auth_422, msg, sizeof(msg));
    ck_assert_int_eq(ntlm_decode_authenticate(msg, len, &a), 0);
    ck_assert_uint_eq(a.flags, 0xe2808235u);
    ck_assert_uint_eq(a.nt_response.len, 24);
    ck_assert(ntlm_ct_equal(a.nt_response.ptr, ntr, 24));
    ck_assert_uint_eq(a.lm_response.len, 24);
    ck_assert(ntlm_ct_equal(a.lm_response.ptr, lmr, 24));
    ck_assert_uint_eq(a.user.len, 8);
    ck_assert_mem_eq(a.user.ptr, usr, 8);
    ck_assert_uint_eq(a.encrypted_session_key.len, 16);
    ck_assert_int_eq(ncrypto_rc4_oneshot(sbk, 16,
                                         a.encrypted_session_key.ptr, rsk,
                                         16), 0);
    ck_assert_mem_eq(rsk, random_session_key, 16);
done:
    free(out);
    free(name);
    free(dom);
    free(usr);
    free(wks);
}
END_TEST

START_TEST(t_424_messages)
{
    static const char chal_hex[] =
        "4e544c4d53535000020000000c000c00"
        "3800000033828ae20123456789abcdef"
        "00000000000000002400240044000000"
        "060070170000000f5300650072007600"
        "6500720002000c0044006f006d006100"
        "69006e0001000c005300650072007600"
        "6500720000000000";
    uint8_t v2[16], sbk[16], enc[16], rsk[16], ti[64];
    uint8_t *name = NULL, *dom = NULL, *usr = NULL, *wks = NULL;
    uint8_t *out = NULL, msg[0x100];
    size_t out_len = 0, len, ti_len = unhex(target_info_424, ti, sizeof(ti));
    struct ntlm_challenge c;
    struct ntlm_authenticate a;
    struct ntlm_v2_result res;
    struct wire_slice av;
    uint64_t ts = 1;

    memset(&c, 0, sizeof(c));
    c.flags = FLAGS_424;
    c.target_name = utf16("Server", &name);
    memcpy(c.server_challenge, server_challenge, 8);
    c.target_info = wire_slice_make(ti, ti_len);
    c.has_version = true;
    c.version = version_server;
    ck_assert_int_eq(ntlm_encode_challenge(&c, &out, &out_len), 0);
    check_encoded(out, out_len, chal_hex);
    free(out);
    out = NULL;

    /* the client decodes the CHALLENGE and answers from it */
    len = unhex(chal_hex, msg, sizeof(msg));
    ck_assert_int_eq(ntlm_decode_challenge(msg, len, &c), 0);
    ck_assert_uint_eq(c.flags, FLAGS_424);
    ck_assert_uint_eq(c.target_info.len, ti_len);
    v2_compute(v2, &res);
    {
        struct ntlm_v2_result res2;

        ck_assert_int_eq(ntlm_compute_ntlmv2(v2, c.server_challenge,
                                             client_challenge, 0,
                                             c.target_info, &res2), 0);
        ck_assert_uint_eq(res2.nt_response_len, res.nt_response_len);
        ck_assert_mem_eq(res2.nt_response, res.nt_response,
                         res.nt_response_len);
        ntlm_v2_result_cleanup(&res2);
    }
    ck_assert_int_eq(ncrypto_rc4_oneshot(res.session_base_key, 16,
                                         random_session_key, enc, 16), 0);
    memset(&a, 0, sizeof(a));
    a.flags = 0xe2888235u;
    a.lm_response = wire_slice_make(res.lm_response, 24);
    a.nt_response = wire_slice_make(res.nt_response, res.nt_response_len);
    a.domain = utf16("Domain", &dom);
    a.user = utf16("User", &usr);
    a.workstation = utf16("COMPUTER", &wks);
    a.encrypted_session_key = wire_slice_make(enc, 16);
    a.has_version = true;
    a.version = version_client;
    ck_assert_int_eq(ntlm_encode_authenticate(&a, &out, &out_len), 0);
    check_encoded(out, out_len, auth_424);

    /* the server decodes the spec's AUTHENTICATE and verifies it */
    len = unhex(auth_424, msg, sizeof(msg));
    ck_assert_int_eq(ntlm_decode_authenticate(msg, len, &a), 0);
    ck_assert_uint_eq(a.flags, 0xe2888235u);
    ck_assert_uint_eq(a.user.len, 8);
    ck_assert_mem_eq(a.user.ptr, usr, 8);
    ck_assert_int_eq(ntlm_verify_ntlmv2(v2, server_challenge, a.nt_response,
                                        sbk, &av, &ts), 0);
    ck_assert_mem_eq(sbk, res.session_base_key, 16);
    ck_assert_uint_eq(ts, 0);
    ck_assert_uint_eq(av.len, ti_len);
    ck_assert_mem_eq(av.ptr, ti, ti_len);
    ck_assert_int_eq(ntlm_verify_lmv2(v2, server_challenge, a.lm_response,
                                      rsk), 0);
    ck_assert_uint_eq(a.encrypted_session_key.len, 16);
    ck_assert_int_eq(ncrypto_rc4_oneshot(sbk, 16,
                                         a.encrypted_session_key.ptr, rsk,
                                         16), 0);
    ck_assert_mem_eq(rsk, random_session_key, 16);

    ntlm_v2_result_cleanup(&res);
    free(out);
    free(name);
    free(dom);
    free(usr);
    free(wks);
}
END_TEST

/* The MIC over NEGOTIATE || CHALLENGE || AUTHENTICATE, written into an
 * encoded AUTHENTICATE (with VERSION, so at offset 72) and checked after
 * decoding, as the acceptor does. */
START_TEST(t_mic_roundtrip)
{
    uint8_t *neg = NULL, *auth = NULL, *usr = NULL, mic[16], mic2[16];
    uint8_t chal[0x100], ntr[64];
    size_t neg_len = 0, auth_len = 0;
    size_t chal_len = unhex(auth_424, chal, sizeof(chal)); /* any bytes */
    struct ntlm_negotiate n;
    struct ntlm_authenticate a;

    memset(&n, 0, sizeof(n));
    n.flags = 0xe2088297u;
    ck_assert_int_eq(ntlm_encode_negotiate(&n, &neg, &neg_len), 0);
    memset(ntr, 0x42, sizeof(ntr));
    memset(&a, 0, sizeof(a));
    a.flags = FLAGS_424;
    a.nt_response = wire_slice_make(ntr, sizeof(ntr));
    a.user = utf16("User", &usr);
    a.has_version = true;
    a.version = version_client;
    a.has_mic = true;
    ck_assert_int_eq(ntlm_encode_authenticate(&a, &auth, &auth_len), 0);
    ck_assert_int_eq(ntlm_compute_mic(random_session_key,
                                      wire_slice_make(neg, neg_len),
                                      wire_slice_make(chal, chal_len),
                                      wire_slice_make(auth, auth_len), mic),
                     0);
    ck_assert_int_eq(ntlm_authenticate_set_mic(auth, auth_len, mic), 0);
    ck_assert_mem_eq(auth + NTLM_MIC_OFFSET, mic, 16);

    ck_assert_int_eq(ntlm_decode_authenticate(auth, auth_len, &a), 0);
    ck_assert(a.has_mic);
    ck_assert_mem_eq(a.mic, mic, 16);
    ck_assert_int_eq(ntlm_compute_mic(random_session_key,
                                      wire_slice_make(neg, neg_len),
                                      wire_slice_make(chal, chal_len),
                                      wire_slice_make(auth, auth_len),
                                      mic2), 0);
    ck_assert(ntlm_ct_equal(mic, mic2, 16));
    free(neg);
    free(auth);
    free(usr);
}
END_TEST

Suite *
vectors_suite(void)
{
    Suite *s = suite_create("vectors");
    TCase *tc;

    tc = tcase_create("4.2.2_owf");
    tcase_add_test(tc, t_422_owf);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.2_responses");
    tcase_add_test(tc, t_422_responses);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.2_kxkey_encrypted_key");
    tcase_add_test(tc, t_422_kxkey_and_encrypted_key);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.2_wrapex");
    tcase_add_test(tc, t_422_wrapex);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.2_auth_message");
    tcase_add_test(tc, t_422_auth_message);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.3_responses_kxkey");
    tcase_add_test(tc, t_423_responses_kxkey);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.3_wrapex");
    tcase_add_test(tc, t_423_wrapex);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.4_ntowfv2_responses");
    tcase_add_test(tc, t_424_ntowfv2_responses);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.4_encrypted_key");
    tcase_add_test(tc, t_424_encrypted_key);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.4_wrapex");
    tcase_add_test(tc, t_424_wrapex);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.4_auth_message");
    tcase_add_test(tc, t_424_auth_message);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.2_messages");
    tcase_add_test(tc, t_422_messages);
    suite_add_tcase(s, tc);
    tc = tcase_create("4.2.4_messages");
    tcase_add_test(tc, t_424_messages);
    suite_add_tcase(s, tc);
    tc = tcase_create("mic_roundtrip");
    tcase_add_test(tc, t_mic_roundtrip);
    suite_add_tcase(s, tc);
    tc = tcase_create("windows_capture_cbt");
    tcase_add_test(tc, t_windows_capture_cbt);
    suite_add_tcase(s, tc);
    return s;
}
