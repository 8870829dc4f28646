/*
 * check_negative.c - table-driven rejection tests for the message and
 * AV_PAIR decoders: truncation at every length, offsets and lengths near
 * 2^32, payload overlapping the header, odd-length UTF-16, wrong types,
 * bad signatures, malformed AV lists, over-long names.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "unit.h"
#include "ntlm/ntlm.h"
#include "../fuzz/msg_testdata.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* decode_any - run the decoder for type over msg. */
static int
decode_any(uint32_t type, const uint8_t *msg, size_t len)
{
    struct ntlm_negotiate n;
    struct ntlm_challenge c;
    struct ntlm_authenticate a;

    switch (type) {
    case NTLM_MSG_NEGOTIATE:
        return ntlm_decode_negotiate(msg, len, &n);
    case NTLM_MSG_CHALLENGE:
        return ntlm_decode_challenge(msg, len, &c);
    default:
        return ntlm_decode_authenticate(msg, len, &a);
    }
}

/* ---- truncation at every length --------------------------------------- */

struct valid_msg {
    const char *hex;
    uint32_t type;
    size_t hdr_len;     /* fixed part: shorter is TRUNCATED */
};

static const struct valid_msg valid_msgs[] = {
    { MSG_NEG_32_VERSION_FLAG, NTLM_MSG_NEGOTIATE, 32 },
    { MSG_NEG_FULL, NTLM_MSG_NEGOTIATE, 32 },
    { MSG_NEG_PAYLOAD_AT_32, NTLM_MSG_NEGOTIATE, 32 },
    { MSG_V1_CHALLENGE, NTLM_MSG_CHALLENGE, 48 },
    { MSG_V2_CHALLENGE, NTLM_MSG_CHALLENGE, 48 },
    { MSG_CHAL_REORDERED, NTLM_MSG_CHALLENGE, 48 },
    { MSG_V1_AUTHENTICATE, NTLM_MSG_AUTHENTICATE, 64 },
    { MSG_V2_AUTHENTICATE, NTLM_MSG_AUTHENTICATE, 64 },
    { MSG_AUTH_SHARED_PAYLOAD, NTLM_MSG_AUTHENTICATE, 64 },
};

START_TEST(test_truncation)
{
    const struct valid_msg *v = &valid_msgs[_i];
    uint8_t msg[512] = { 0 }, *cut;
    size_t len, n;
    int ret, want;

    len = test_hex(v->hex, msg, sizeof(msg));
    ck_assert_int_eq(decode_any(v->type, msg, len), 0);
    for (n = 0; n < len; n++) {
        /* A heap copy of exactly n bytes so ASan sees any over-read. */
        cut = malloc(n ? n : 1);
        ck_assert_ptr_nonnull(cut);
        memcpy(cut, msg, n);
        ret = decode_any(v->type, n ? cut : NULL, n);
        want = n < v->hdr_len ? NTLM_ERR_TRUNCATED
                              : NTLM_ERR_BAD_FIELD_OFFSET;
        ck_assert_msg(ret == want, "length %zu: got %x want %x", n,
                      (unsigned)ret, (unsigned)want);
        free(cut);
    }
}
END_TEST

/* ---- single-field mutations of valid messages -------------------------- */

struct mutation {
    const char *name;
    const char *hex;        /* base message */
    uint32_t type;          /* decoder to run */
    size_t off;             /* where to patch */
    const char *patch;      /* hex bytes written at off */
    int want;
};

static const struct mutation mutations[] = {
    /* signatures and types */
    { "neg bad signature", MSG_NEG_FULL, 1, 0, "4e544c4d53535051",
      NTLM_ERR_BAD_SIGNATURE_HDR },
    { "chal bad signature", MSG_V2_CHALLENGE, 2, 7, "20",
      NTLM_ERR_BAD_SIGNATURE_HDR },
    { "auth bad signature", MSG_V2_AUTHENTICATE, 3, 0, "00",
      NTLM_ERR_BAD_SIGNATURE_HDR },
    { "chal as type 3", MSG_V2_CHALLENGE, 2, 8, "03000000",
      NTLM_ERR_BAD_MESSAGE_TYPE },
    { "auth as type 2", MSG_V2_AUTHENTICATE, 3, 8, "02000000",
      NTLM_ERR_BAD_MESSAGE_TYPE },
    { "neg type 0", MSG_NEG_FULL, 1, 8, "00000000",
      NTLM_ERR_BAD_MESSAGE_TYPE },
    { "neg type 2^32-1", MSG_NEG_FULL, 1, 8, "ffffffff",
      NTLM_ERR_BAD_MESSAGE_TYPE },
    { "neg type 1<<8", MSG_NEG_FULL, 1, 8, "00010000",
      NTLM_ERR_BAD_MESSAGE_TYPE },
    /* offsets and lengths near 2^32 */
    { "auth domain off 0xffffffff", MSG_V2_AUTHENTICATE, 3, 32, "ffffffff",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "auth nt off+len wraps", MSG_V2_AUTHENTICATE, 3, 24, "f0ffffff",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "auth nt len 0xffff", MSG_V2_AUTHENTICATE, 3, 20, "ffffffff",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "auth key off 0x80000000", MSG_V2_AUTHENTICATE, 3, 56, "00000080",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "auth key one past end", MSG_V2_AUTHENTICATE, 3, 56, "d9000000",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "chal name off 0xffffffff", MSG_V2_CHALLENGE, 2, 16, "ffffffff",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "chal info len past end", MSG_V2_CHALLENGE, 2, 40, "2500",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "neg domain off 0xfffffffe", MSG_NEG_FULL, 1, 20, "feffffff",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "neg ws len past end", MSG_NEG_FULL, 1, 24, "0500",
      NTLM_ERR_BAD_FIELD_OFFSET },
    /* payload overlapping the fixed header */
    { "auth user at offset 0", MSG_V2_AUTHENTICATE, 3, 40, "00000000",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "auth lm over flags", MSG_V2_AUTHENTICATE, 3, 16, "3c000000",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "auth ws at 63", MSG_V2_AUTHENTICATE, 3, 48, "3f000000",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "chal name over challenge", MSG_V2_CHALLENGE, 2, 16, "18000000",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "chal info at 47", MSG_V2_CHALLENGE, 2, 44, "2f000000",
      NTLM_ERR_BAD_FIELD_OFFSET },
    { "neg domain over flags", MSG_NEG_FULL, 1, 20, "0c000000",
      NTLM_ERR_BAD_FIELD_OFFSET },
    /* odd-length UTF-16 */
    { "auth user odd", MSG_V2_AUTHENTICATE, 3, 36, "0700",
      NTLM_ERR_BAD_UTF16 },
    { "auth domain odd", MSG_V1_AUTHENTICATE, 3, 28, "0b00",
      NTLM_ERR_BAD_UTF16 },
    { "auth ws odd", MSG_V1_AUTHENTICATE, 3, 44, "0f00",
      NTLM_ERR_BAD_UTF16 },
    { "chal name odd", MSG_V2_CHALLENGE, 2, 12, "0b00",
      NTLM_ERR_BAD_UTF16 },
    /* response and key lengths */
    { "auth key len 8", MSG_V2_AUTHENTICATE, 3, 52, "0800",
      NTLM_ERR_BAD_SESSION_KEY_LEN },
    { "auth key len 1", MSG_V1_AUTHENTICATE, 3, 52, "0100",
      NTLM_ERR_BAD_SESSION_KEY_LEN },
    { "auth nt len 32", MSG_V2_AUTHENTICATE, 3, 20, "2000",
      NTLM_ERR_BAD_NT_RESPONSE },
    { "auth nt len 23", MSG_V1_AUTHENTICATE, 3, 20, "1700",
      NTLM_ERR_BAD_NT_RESPONSE },
    { "auth nt len 43", MSG_V2_AUTHENTICATE, 3, 20, "2b00",
      NTLM_ERR_BAD_NT_RESPONSE },
    { "auth lm len 23", MSG_V2_AUTHENTICATE, 3, 12, "1700",
      NTLM_ERR_BAD_LM_RESPONSE },
    { "auth lm len 2", MSG_V1_AUTHENTICATE, 3, 12, "0200",
      NTLM_ERR_BAD_LM_RESPONSE },
    /* the CHALLENGE's AV list */
    { "chal info without EOL", MSG_V2_CHALLENGE, 2, 40, "2000",
      NTLM_ERR_AV_NO_EOL },
    { "chal info cut in EOL", MSG_V2_CHALLENGE, 2, 40, "2200",
      NTLM_ERR_AV_TRUNCATED },
    { "chal info duplicate id", MSG_V2_CHALLENGE, 2, 0x54, "0200",
      NTLM_ERR_AV_DUPLICATE },
    { "chal info odd name", MSG_V2_CHALLENGE, 2, 0x54, "01000b00",
      NTLM_ERR_AV_BAD_LENGTH },
    { "chal info long flags", MSG_V2_CHALLENGE, 2, 0x54, "06000c00",
      NTLM_ERR_AV_BAD_LENGTH },
    { "chal info EOL too long", MSG_V2_CHALLENGE, 2, 0x64, "00000100",
      NTLM_ERR_AV_TRUNCATED },
};

START_TEST(test_mutation)
{
    const struct mutation *m = &mutations[_i];
    uint8_t msg[512] = { 0 }, patch[16] = { 0 }, *copy;
    size_t len, plen;
    int ret;

    len = test_hex(m->hex, msg, sizeof(msg));
    plen = test_hex(m->patch, patch, sizeof(patch));
    ck_assert_uint_le(m->off + plen, len);
    memcpy(msg + m->off, patch, plen);
    copy = malloc(len);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, msg, len);
    ret = decode_any(m->type, copy, len);
    free(copy);
    ck_assert_msg(ret == m->want, "%s: got %x want %x", m->name,
                  (unsigned)ret, (unsigned)m->want);
}
END_TEST

/* ---- names longer than NTLM_MAX_NAME_LEN ------------------------------- */

/* Append n bytes of 'A\0' to a base message and point field hdr at it. */
static size_t
with_long_field(const char *hex, size_t hdr, size_t n, uint8_t *msg,
                size_t cap)
{
    size_t len = test_hex(hex, msg, cap), i;

    for (i = 0; i < n; i++)
        msg[len + i] = (i % 2) ? 0 : 'A';
    msg[hdr] = n & 0xff;
    msg[hdr + 1] = (uint8_t)(n >> 8);
    msg[hdr + 2] = n & 0xff;
    msg[hdr + 3] = (uint8_t)(n >> 8);
    msg[hdr + 4] = len & 0xff;
    msg[hdr + 5] = (uint8_t)(len >> 8);
    msg[hdr + 6] = 0;
    msg[hdr + 7] = 0;
    return len + n;
}

struct long_case {
    const char *hex;
    uint32_t type;
    size_t hdr;
};

static const struct long_case long_cases[] = {
    { MSG_NEG_FULL, NTLM_MSG_NEGOTIATE, 16 },
    { MSG_NEG_FULL, NTLM_MSG_NEGOTIATE, 24 },
    { MSG_V2_CHALLENGE, NTLM_MSG_CHALLENGE, 12 },
    { MSG_V2_AUTHENTICATE, NTLM_MSG_AUTHENTICATE, 28 },
    { MSG_V2_AUTHENTICATE, NTLM_MSG_AUTHENTICATE, 36 },
    { MSG_V2_AUTHENTICATE, NTLM_MSG_AUTHENTICATE, 44 },
};

START_TEST(test_name_too_long)
{
    const struct long_case *c = &long_cases[_i];
    uint8_t msg[512 + NTLM_MAX_NAME_LEN + 2] = { 0 };
    size_t len;

    len = with_long_field(c->hex, c->hdr, NTLM_MAX_NAME_LEN, msg,
                          sizeof(msg));
    ck_assert_int_eq(decode_any(c->type, msg, len), 0);
    len = with_long_field(c->hex, c->hdr, NTLM_MAX_NAME_LEN + 2, msg,
                          sizeof(msg));
    ck_assert_int_eq(decode_any(c->type, msg, len), NTLM_ERR_NAME_TOO_LONG);
}
END_TEST

/* ---- AV_PAIR lists ---------------------------------------------------- */

struct av_case {
    const char *name;
    const char *hex;
    int want;
};

static const struct av_case av_cases[] = {
    { "missing EOL", "02000200 4100", NTLM_ERR_AV_NO_EOL },
    { "no EOL, unknown id", "55000000", NTLM_ERR_AV_NO_EOL },
    { "header cut", "0200", NTLM_ERR_AV_TRUNCATED },
    { "header cut 3", "020002", NTLM_ERR_AV_TRUNCATED },
    { "value past end", "02000400 4100", NTLM_ERR_AV_TRUNCATED },
    { "value len 0xffff", "0200ffff 4100 00000000", NTLM_ERR_AV_TRUNCATED },
    { "EOL with length", "00000200 0000", NTLM_ERR_AV_BAD_LENGTH },
    { "data after EOL", "00000000 00", NTLM_ERR_AV_DATA_AFTER_EOL },
    { "pair after EOL", "00000000 02000000 00000000",
      NTLM_ERR_AV_DATA_AFTER_EOL },
    { "duplicate name", "02000200 4100 02000200 4200 00000000",
      NTLM_ERR_AV_DUPLICATE },
    { "duplicate flags", "06000400 00000000 06000400 00000000 00000000",
      NTLM_ERR_AV_DUPLICATE },
    { "flags len 3", "06000300 000000 00000000", NTLM_ERR_AV_BAD_LENGTH },
    { "flags len 5", "06000500 0000000000 00000000",
      NTLM_ERR_AV_BAD_LENGTH },
    { "flags len 0", "06000000 00000000", NTLM_ERR_AV_BAD_LENGTH },
    { "timestamp len 7", "07000700 00000000000000 00000000",
      NTLM_ERR_AV_BAD_LENGTH },
    { "cb len 15", "0a000f00 000000000000000000000000000000 00000000",
      NTLM_ERR_AV_BAD_LENGTH },
    { "single host len 47",
      "08002f00 2f000000" "00000000" "0000000000000000"
      "0000000000000000000000000000000000000000000000000000000000000000"
      "00" "00000000", NTLM_ERR_AV_BAD_LENGTH },
    { "single host size mismatch",
      "08003000 40000000" "00000000" "0000000000000000"
      "0000000000000000000000000000000000000000000000000000000000000000"
      "0000" "00000000", NTLM_ERR_AV_BAD_LENGTH },
    { "odd dns name", "03000300 410042 00000000", NTLM_ERR_AV_BAD_LENGTH },
    { "odd target name", "09000100 41 00000000", NTLM_ERR_AV_BAD_LENGTH },
    /* Accepted ones, for contrast. */
    { "single host 48",
      "08003000 30000000" "00000000" "0000000000000000"
      "0000000000000000000000000000000000000000000000000000000000000000"
      "00000000", 0 },
    { "single host 50 (extra ignored)",
      "08003200 32000000" "00000000" "0000000000000000"
      "0000000000000000000000000000000000000000000000000000000000000000"
      "0000" "00000000", 0 },
    { "duplicate unknown id", "63000100 41 63000000 00000000", 0 },
    { "empty name", "02000000 00000000", 0 },
};

START_TEST(test_av)
{
    const struct av_case *c = &av_cases[_i];
    uint8_t raw[256] = { 0 }, *copy;
    size_t len;
    struct ntlm_av_list l;
    int ret;

    len = test_hex(c->hex, raw, sizeof(raw));
    copy = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, raw, len);
    ret = ntlm_av_decode(wire_slice_make(copy, len), &l);
    free(copy);
    ck_assert_msg(ret == c->want, "%s: got %x want %x", c->name,
                  (unsigned)ret, (unsigned)c->want);
}
END_TEST

START_TEST(test_av_name_too_long)
{
    uint8_t raw[NTLM_MAX_NAME_LEN + 16];
    size_t n = NTLM_MAX_NAME_LEN + 2;
    struct ntlm_av_list l;

    memset(raw, 0, sizeof(raw));
    raw[0] = MsvAvDnsDomainName;
    raw[2] = n & 0xff;
    raw[3] = (uint8_t)(n >> 8);
    ck_assert_int_eq(ntlm_av_decode(wire_slice_make(raw, 4 + n + 4), &l),
                     NTLM_ERR_AV_BAD_LENGTH);
    n = NTLM_MAX_NAME_LEN;
    raw[2] = n & 0xff;
    raw[3] = (uint8_t)(n >> 8);
    ck_assert_int_eq(ntlm_av_decode(wire_slice_make(raw, 4 + n + 4), &l),
                     0);
}
END_TEST

/* Truncating a valid AV list anywhere (not at a pair boundary, not empty)
 * is AV_TRUNCATED; at a pair boundary AV_NO_EOL. */
START_TEST(test_av_truncation)
{
    uint8_t raw[64] = { 0 }, *cut;
    size_t len, n;
    struct ntlm_av_list l;
    int ret;

    len = test_hex(MSG_V2_TARGET_INFO, raw, sizeof(raw));
    for (n = 1; n < len; n++) {
        cut = malloc(n);
        ck_assert_ptr_nonnull(cut);
        memcpy(cut, raw, n);
        ret = ntlm_av_decode(wire_slice_make(cut, n), &l);
        free(cut);
        ck_assert_int_eq(ret, (n == 16 || n == 32) ? NTLM_ERR_AV_NO_EOL
                                                   : NTLM_ERR_AV_TRUNCATED);
    }
}
END_TEST

Suite *
negative_suite(void)
{
    Suite *s = suite_create("negative");
    TCase *c;

    c = tcase_create("truncation");
    tcase_add_loop_test(c, test_truncation, 0, N(valid_msgs));
    suite_add_tcase(s, c);
    c = tcase_create("mutations");
    tcase_add_loop_test(c, test_mutation, 0, N(mutations));
    suite_add_tcase(s, c);
    c = tcase_create("name_too_long");
    tcase_add_loop_test(c, test_name_too_long, 0, N(long_cases));
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_av_decode");
    tcase_add_loop_test(c, test_av, 0, N(av_cases));
    tcase_add_test(c, test_av_name_too_long);
    tcase_add_test(c, test_av_truncation);
    suite_add_tcase(s, c);
    return s;
}
