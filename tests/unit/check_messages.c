/*
 * check_messages.c - NEGOTIATE / CHALLENGE / AUTHENTICATE codecs: field
 * decoding, VERSION and MIC presence rules, round trips, and the MS-NLMP
 * 4.2.2.3 and 4.2.4.3 example messages decoded and re-encoded byte for
 * byte.  (The example bytes are from ../shared/reference/ms-nlmp-vectors.md;
 * their offsets, lengths and contents were cross-checked against the other
 * 4.2 values: LMv2/NTProofStr/EncryptedRandomSessionKey/target info.)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "unit.h"
#include "ntlm/ntlm.h"
#include "../fuzz/msg_testdata.h"

#define SL(s) wire_slice_make(s, sizeof(s) - 1)

/* ---- the MS-NLMP 4.2 examples ---------------------------------------- */

START_TEST(test_v1_challenge_example)
{
    uint8_t msg[512], *enc = NULL;
    size_t len, enc_len = 0;
    struct ntlm_challenge c;
    static const uint8_t chal[8] = { 0x01, 0x23, 0x45, 0x67,
                                     0x89, 0xab, 0xcd, 0xef };

    len = test_hex(MSG_V1_CHALLENGE, msg, sizeof(msg));
    ck_assert_uint_eq(len, 0x44);
    ck_assert_int_eq(ntlm_decode_challenge(msg, len, &c), 0);
    ck_assert_uint_eq(c.flags, 0xe2028233);
    ck_assert_mem_eq(c.server_challenge, chal, 8);
    ck_assert(test_slice_eq(c.target_name, SL("S\0e\0r\0v\0e\0r\0")));
    ck_assert_uint_eq(c.target_info.len, 0);
    ck_assert(c.has_version);
    ck_assert_uint_eq(c.version.major, 6);
    ck_assert_uint_eq(c.version.minor, 0);
    ck_assert_uint_eq(c.version.build, 6000);
    ck_assert_uint_eq(c.version.revision, 0x0f);
    ck_assert_int_eq(ntlm_encode_challenge(&c, &enc, &enc_len), 0);
    ck_assert_uint_eq(enc_len, len);
    ck_assert_mem_eq(enc, msg, len);
    free(enc);
}
END_TEST

START_TEST(test_v2_challenge_example)
{
    uint8_t msg[512], info[64], *enc = NULL;
    size_t len, info_len, enc_len = 0;
    struct ntlm_challenge c;

    len = test_hex(MSG_V2_CHALLENGE, msg, sizeof(msg));
    info_len = test_hex(MSG_V2_TARGET_INFO, info, sizeof(info));
    ck_assert_uint_eq(len, 0x68);
    ck_assert_int_eq(ntlm_decode_challenge(msg, len, &c), 0);
    ck_assert_uint_eq(c.flags, 0xe28a8233);
    ck_assert(test_slice_eq(c.target_name, SL("S\0e\0r\0v\0e\0r\0")));
    ck_assert(test_slice_eq(c.target_info, wire_slice_make(info, info_len)));
    ck_assert(c.has_version);
    ck_assert_int_eq(ntlm_encode_challenge(&c, &enc, &enc_len), 0);
    ck_assert_uint_eq(enc_len, len);
    ck_assert_mem_eq(enc, msg, len);
    free(enc);
}
END_TEST

START_TEST(test_v1_authenticate_example)
{
    uint8_t msg[512], lm[24], nt[24], key[16], *enc = NULL;
    size_t len, enc_len = 0;
    struct ntlm_authenticate a;

    len = test_hex(MSG_V1_AUTHENTICATE, msg, sizeof(msg));
    ck_assert_uint_eq(len, 0xac);
    test_hex("98def7b87f88aa5dafe2df779688a172def11c7d5ccdef13", lm, 24);
    test_hex("67c43011f30298a2ad35ece64f16331c44bdbed927841f94", nt, 24);
    test_hex("518822b1b3f350c8958682ecbb3e3cb7", key, 16);
    ck_assert_int_eq(ntlm_decode_authenticate(msg, len, &a), 0);
    ck_assert_uint_eq(a.flags, 0xe2808235);
    ck_assert(test_slice_eq(a.domain, SL("D\0o\0m\0a\0i\0n\0")));
    ck_assert(test_slice_eq(a.user, SL("U\0s\0e\0r\0")));
    ck_assert(test_slice_eq(a.workstation, SL("C\0O\0M\0P\0U\0T\0E\0R\0")));
    ck_assert(test_slice_eq(a.lm_response, wire_slice_make(lm, 24)));
    ck_assert(test_slice_eq(a.nt_response, wire_slice_make(nt, 24)));
    ck_assert(test_slice_eq(a.encrypted_session_key,
                            wire_slice_make(key, 16)));
    ck_assert(a.has_version);
    ck_assert_uint_eq(a.version.major, 5);
    ck_assert_uint_eq(a.version.minor, 1);
    ck_assert_uint_eq(a.version.build, 2600);
    ck_assert(!a.has_mic);
    ck_assert_int_eq(ntlm_encode_authenticate(&a, &enc, &enc_len), 0);
    ck_assert_uint_eq(enc_len, len);
    ck_assert_mem_eq(enc, msg, len);
    free(enc);
}
END_TEST

START_TEST(test_v2_authenticate_example)
{
    uint8_t msg[512], proof[16], key[16], *enc = NULL;
    size_t len, enc_len = 0;
    struct ntlm_authenticate a;

    len = test_hex(MSG_V2_AUTHENTICATE, msg, sizeof(msg));
    ck_assert_uint_eq(len, 0xe8);
    test_hex("68cd0ab851e51c96aabc927bebef6a1c", proof, 16);
    test_hex("c5dad2544fc9799094ce1ce90bc9d03e", key, 16);
    ck_assert_int_eq(ntlm_decode_authenticate(msg, len, &a), 0);
    ck_assert_uint_eq(a.flags, 0xe2888235);
    ck_assert(test_slice_eq(a.user, SL("U\0s\0e\0r\0")));
    ck_assert_uint_eq(a.lm_response.len, 24);
    ck_assert_uint_eq(a.nt_response.len, 0x54);
    ck_assert_mem_eq(a.nt_response.ptr, proof, 16);
    ck_assert(test_slice_eq(a.encrypted_session_key,
                            wire_slice_make(key, 16)));
    ck_assert(a.has_version);
    ck_assert(!a.has_mic);
    ck_assert_int_eq(ntlm_encode_authenticate(&a, &enc, &enc_len), 0);
    ck_assert_uint_eq(enc_len, len);
    ck_assert_mem_eq(enc, msg, len);
    free(enc);
}
END_TEST

/* ---- NEGOTIATE -------------------------------------------------------- */

START_TEST(test_negotiate_roundtrip)
{
    struct ntlm_negotiate m, d;
    uint8_t *enc = NULL;
    size_t enc_len = 0;

    memset(&m, 0, sizeof(m));
    m.flags = 0xe2088297 | NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED |
              NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED;
    m.domain = SL("DOMAIN");
    m.workstation = SL("WS01");
    m.has_version = true;
    m.version.major = 10;
    m.version.build = 19041;
    m.version.revision = 15;
    ck_assert_int_eq(ntlm_encode_negotiate(&m, &enc, &enc_len), 0);
    ck_assert_uint_eq(enc_len, 40 + 6 + 4);
    ck_assert_int_eq(ntlm_decode_negotiate(enc, enc_len, &d), 0);
    ck_assert(test_negotiate_eq(&m, &d));
    ck_assert_mem_eq(d.domain.ptr, enc + 40, 6);
    free(enc);

    /* Without version, no names: 32 bytes. */
    m.has_version = false;
    m.flags = NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_NEGOTIATE_NTLM;
    m.domain = m.workstation = WIRE_SLICE_EMPTY;
    ck_assert_int_eq(ntlm_encode_negotiate(&m, &enc, &enc_len), 0);
    ck_assert_uint_eq(enc_len, 32);
    ck_assert_int_eq(ntlm_decode_negotiate(enc, enc_len, &d), 0);
    ck_assert(test_negotiate_eq(&m, &d));
    free(enc);
}
END_TEST

/* curl-style 32-byte NEGOTIATE with the VERSION flag but no VERSION. */
START_TEST(test_negotiate_version_flag_no_field)
{
    uint8_t msg[64];
    size_t len;
    struct ntlm_negotiate d;

    len = test_hex(MSG_NEG_32_VERSION_FLAG, msg, sizeof(msg));
    ck_assert_uint_eq(len, 32);
    ck_assert_int_eq(ntlm_decode_negotiate(msg, len, &d), 0);
    ck_assert(d.flags & NTLMSSP_NEGOTIATE_VERSION);
    ck_assert(!d.has_version);
    /* Payload at 32 with the flag set: no VERSION either. */
    len = test_hex(MSG_NEG_PAYLOAD_AT_32, msg, sizeof(msg));
    ck_assert_int_eq(ntlm_decode_negotiate(msg, len, &d), 0);
    ck_assert(!d.has_version);
    ck_assert(test_slice_eq(d.domain, SL("DOMAINAB")));
}
END_TEST

/* Fields whose _SUPPLIED flag is clear are ignored, however bogus. */
START_TEST(test_negotiate_ignored_fields)
{
    uint8_t msg[64];
    size_t len;
    struct ntlm_negotiate d;

    len = test_hex(MSG_NEG_BOGUS_UNSUPPLIED, msg, sizeof(msg));
    ck_assert_int_eq(ntlm_decode_negotiate(msg, len, &d), 0);
    ck_assert_uint_eq(d.domain.len, 0);
    ck_assert_uint_eq(d.workstation.len, 0);
}
END_TEST

START_TEST(test_negotiate_encode_invalid)
{
    struct ntlm_negotiate m;
    uint8_t *enc = (uint8_t *)1;
    size_t enc_len = 1;

    memset(&m, 0, sizeof(m));
    m.domain = SL("X");
    ck_assert_int_eq(ntlm_encode_negotiate(&m, &enc, &enc_len),
                     NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(enc);
    memset(&m, 0, sizeof(m));
    m.has_version = true;
    ck_assert_int_eq(ntlm_encode_negotiate(&m, &enc, &enc_len),
                     NTLM_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(test_message_type)
{
    uint8_t msg[512];
    size_t len;
    uint32_t t = 9;

    len = test_hex(MSG_V2_CHALLENGE, msg, sizeof(msg));
    ck_assert_int_eq(ntlm_decode_message_type(msg, len, &t), 0);
    ck_assert_uint_eq(t, 2);
    ck_assert_int_eq(ntlm_decode_message_type(msg, 11, &t),
                     NTLM_ERR_TRUNCATED);
    ck_assert_uint_eq(t, 0);
    msg[8] = 4;
    ck_assert_int_eq(ntlm_decode_message_type(msg, len, &t),
                     NTLM_ERR_BAD_MESSAGE_TYPE);
    msg[0] = 'n';
    ck_assert_int_eq(ntlm_decode_message_type(msg, len, &t),
                     NTLM_ERR_BAD_SIGNATURE_HDR);
}
END_TEST

/* ---- CHALLENGE -------------------------------------------------------- */

START_TEST(test_challenge_roundtrip)
{
    struct ntlm_challenge m, d;
    uint8_t *enc = NULL, info[64];
    size_t enc_len = 0, info_len;

    info_len = test_hex(MSG_V2_TARGET_INFO, info, sizeof(info));
    memset(&m, 0, sizeof(m));
    m.flags = NTLM_NEGOTIATE_OEM | NTLMSSP_NEGOTIATE_TARGET_INFO;
    m.target_name = SL("SERVER");   /* OEM: odd length allowed */
    m.target_name.len = 5;
    memcpy(m.server_challenge, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    m.target_info = wire_slice_make(info, info_len);
    ck_assert_int_eq(ntlm_encode_challenge(&m, &enc, &enc_len), 0);
    ck_assert_uint_eq(enc_len, 48 + 5 + info_len);
    ck_assert_int_eq(ntlm_decode_challenge(enc, enc_len, &d), 0);
    ck_assert(test_challenge_eq(&m, &d));
    free(enc);
    /* Unicode odd-length name is refused by the encoder too. */
    m.flags |= NTLMSSP_NEGOTIATE_UNICODE;
    ck_assert_int_eq(ntlm_encode_challenge(&m, &enc, &enc_len),
                     NTLM_ERR_BAD_UTF16);
}
END_TEST

/* Payload in reverse order (TargetInfo before TargetName). */
START_TEST(test_challenge_reordered)
{
    uint8_t msg[512];
    size_t len;
    struct ntlm_challenge d;

    len = test_hex(MSG_CHAL_REORDERED, msg, sizeof(msg));
    ck_assert_int_eq(ntlm_decode_challenge(msg, len, &d), 0);
    ck_assert(d.has_version);
    ck_assert(test_slice_eq(d.target_name, SL("S\0e\0r\0v\0e\0r\0")));
    ck_assert_uint_eq(d.target_info.len, 0x24);
    ck_assert_ptr_eq(d.target_info.ptr, msg + 56);
}
END_TEST

/* ---- AUTHENTICATE ----------------------------------------------------- */

static void
fill_auth(struct ntlm_authenticate *m, uint8_t *nt, size_t nt_len)
{
    size_t i;

    memset(m, 0, sizeof(*m));
    for (i = 0; i < nt_len; i++)
        nt[i] = (uint8_t)i;
    m->flags = 0xe2888235;
    m->domain = SL("D\0o\0m\0");
    m->user = SL("\xe9\0t\0\xe9\0");
    m->workstation = SL("W\0S\0");
    m->lm_response = wire_slice_make(nt, 24);
    m->nt_response = wire_slice_make(nt, nt_len);
    m->encrypted_session_key = wire_slice_make(nt, 16);
    m->has_version = true;
    m->version.major = 6;
    m->version.revision = 15;
}

START_TEST(test_authenticate_mic)
{
    struct ntlm_authenticate m, d;
    uint8_t nt[100], mic[16], *enc = NULL;
    size_t enc_len = 0;

    fill_auth(&m, nt, sizeof(nt));
    m.has_mic = true;
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len), 0);
    ck_assert_int_eq(ntlm_decode_authenticate(enc, enc_len, &d), 0);
    ck_assert(d.has_mic);
    ck_assert(test_authenticate_eq(&m, &d));
    /* First payload byte right after the MIC. */
    ck_assert_ptr_eq(d.domain.ptr, enc + 88);
    memset(mic, 0x5a, sizeof(mic));
    ck_assert_int_eq(ntlm_authenticate_set_mic(enc, enc_len, mic), 0);
    ck_assert_int_eq(ntlm_decode_authenticate(enc, enc_len, &d), 0);
    ck_assert_mem_eq(d.mic, mic, 16);
    ck_assert_mem_eq(enc + NTLM_MIC_OFFSET, mic, 16);
    free(enc);

    /* No MIC field: set_mic refuses. */
    m.has_mic = false;
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len), 0);
    ck_assert_int_eq(ntlm_authenticate_set_mic(enc, enc_len, mic),
                     NTLM_ERR_INVALID_ARGUMENT);
    free(enc);
}
END_TEST

/* Flag announces a VERSION the client omitted: payload starts at 64. */
START_TEST(test_authenticate_version_flag_no_field)
{
    struct ntlm_authenticate m, d;
    uint8_t nt[24], *enc = NULL;
    size_t enc_len = 0;

    fill_auth(&m, nt, sizeof(nt));
    m.has_version = false;
    ck_assert(m.flags & NTLMSSP_NEGOTIATE_VERSION);
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len), 0);
    ck_assert_int_eq(ntlm_decode_authenticate(enc, enc_len, &d), 0);
    ck_assert(!d.has_version);
    ck_assert(!d.has_mic);
    ck_assert_ptr_eq(d.domain.ptr, enc + 64);
    ck_assert(test_authenticate_eq(&m, &d));
    free(enc);

    /* No flag, but room for version + MIC: MIC kept, VERSION not. */
    m.flags &= ~NTLMSSP_NEGOTIATE_VERSION;
    m.has_mic = true;
    memset(m.mic, 7, 16);
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len), 0);
    ck_assert_int_eq(ntlm_decode_authenticate(enc, enc_len, &d), 0);
    ck_assert(!d.has_version);
    ck_assert(d.has_mic);
    ck_assert(test_authenticate_eq(&m, &d));
    free(enc);
}
END_TEST

/* Anonymous: LM Z(1), everything else empty; all-empty message. */
START_TEST(test_authenticate_anonymous)
{
    struct ntlm_authenticate m, d;
    uint8_t *enc = NULL;
    size_t enc_len = 0;

    memset(&m, 0, sizeof(m));
    m.flags = NTLMSSP_ANONYMOUS | NTLMSSP_NEGOTIATE_UNICODE;
    m.lm_response = wire_slice_make("", 1);
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len), 0);
    ck_assert_uint_eq(enc_len, 65);
    ck_assert_int_eq(ntlm_decode_authenticate(enc, enc_len, &d), 0);
    ck_assert(test_authenticate_eq(&m, &d));
    free(enc);

    memset(&m, 0, sizeof(m));
    m.flags = NTLMSSP_NEGOTIATE_VERSION;
    m.has_version = true;
    m.has_mic = true;
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len), 0);
    ck_assert_uint_eq(enc_len, 88);
    ck_assert_int_eq(ntlm_decode_authenticate(enc, enc_len, &d), 0);
    ck_assert(d.has_version && d.has_mic);
    free(enc);
}
END_TEST

START_TEST(test_authenticate_encode_invalid)
{
    struct ntlm_authenticate m;
    uint8_t nt[100], *enc = NULL;
    size_t enc_len = 0;

    fill_auth(&m, nt, sizeof(nt));
    m.has_version = false;
    m.has_mic = true;           /* flag set: would decode as VERSION */
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len),
                     NTLM_ERR_INVALID_ARGUMENT);
    fill_auth(&m, nt, sizeof(nt));
    m.flags &= ~NTLMSSP_NEGOTIATE_VERSION;
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len),
                     NTLM_ERR_INVALID_ARGUMENT);
    fill_auth(&m, nt, sizeof(nt));
    m.encrypted_session_key.len = 8;
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len),
                     NTLM_ERR_BAD_SESSION_KEY_LEN);
    fill_auth(&m, nt, 30);
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len),
                     NTLM_ERR_BAD_NT_RESPONSE);
    fill_auth(&m, nt, sizeof(nt));
    m.lm_response.len = 16;
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len),
                     NTLM_ERR_BAD_LM_RESPONSE);
    fill_auth(&m, nt, sizeof(nt));
    m.user.len = 3;
    ck_assert_int_eq(ntlm_encode_authenticate(&m, &enc, &enc_len),
                     NTLM_ERR_BAD_UTF16);
    ck_assert_ptr_null(enc);
}
END_TEST

/* Fields overlapping each other are accepted (only the header is
 * protected); every slice must point inside the message. */
START_TEST(test_authenticate_shared_payload)
{
    uint8_t msg[512];
    size_t len;
    struct ntlm_authenticate d;

    len = test_hex(MSG_AUTH_SHARED_PAYLOAD, msg, sizeof(msg));
    ck_assert_int_eq(ntlm_decode_authenticate(msg, len, &d), 0);
    ck_assert_ptr_eq(d.domain.ptr, d.user.ptr);
    ck_assert(!d.has_version);
}
END_TEST

Suite *
messages_suite(void)
{
    Suite *s = suite_create("messages");
    TCase *c;

    c = tcase_create("ntlm_decode_negotiate");
    tcase_add_test(c, test_negotiate_roundtrip);
    tcase_add_test(c, test_negotiate_version_flag_no_field);
    tcase_add_test(c, test_negotiate_ignored_fields);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_encode_negotiate");
    tcase_add_test(c, test_negotiate_encode_invalid);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_decode_message_type");
    tcase_add_test(c, test_message_type);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_decode_challenge");
    tcase_add_test(c, test_v1_challenge_example);
    tcase_add_test(c, test_v2_challenge_example);
    tcase_add_test(c, test_challenge_reordered);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_encode_challenge");
    tcase_add_test(c, test_challenge_roundtrip);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_decode_authenticate");
    tcase_add_test(c, test_v1_authenticate_example);
    tcase_add_test(c, test_v2_authenticate_example);
    tcase_add_test(c, test_authenticate_version_flag_no_field);
    tcase_add_test(c, test_authenticate_anonymous);
    tcase_add_test(c, test_authenticate_shared_payload);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_encode_authenticate");
    tcase_add_test(c, test_authenticate_encode_invalid);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_authenticate_set_mic");
    tcase_add_test(c, test_authenticate_mic);
    suite_add_tcase(s, c);
    return s;
}
