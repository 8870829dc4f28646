/*
 * check_wire.c - the bounds-checked reader and writer (mech/wire), with
 * wire_field's edge cases: offsets and lengths near 2^32, off + len
 * overflow, fields overlapping the header.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "unit.h"
#include "wire/wire.h"
#include "common/errors.h"

static const uint8_t bytes8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

START_TEST(test_in_ints)
{
    struct wire_in in;
    uint8_t v8;
    uint16_t v16;
    uint32_t v32;
    uint64_t v64;

    wire_in_init(&in, bytes8, sizeof(bytes8));
    ck_assert_int_eq(wire_in_u8(&in, &v8), 0);
    ck_assert_uint_eq(v8, 1);
    ck_assert_int_eq(wire_in_u16le(&in, &v16), 0);
    ck_assert_uint_eq(v16, 0x0302);
    ck_assert_int_eq(wire_in_u32le(&in, &v32), 0);
    ck_assert_uint_eq(v32, 0x07060504);
    ck_assert_uint_eq(wire_in_remaining(&in), 1);
    /* Too short: error, output zeroed, sticky. */
    v64 = 99;
    ck_assert_int_eq(wire_in_u64le(&in, &v64), NTLM_ERR_TRUNCATED);
    ck_assert_uint_eq(v64, 0);
    ck_assert_uint_eq(wire_in_remaining(&in), 0);
    ck_assert_int_eq(wire_in_u8(&in, &v8), NTLM_ERR_TRUNCATED);
    ck_assert_uint_eq(v8, 0);
    ck_assert_int_eq(wire_in_finish(&in), NTLM_ERR_TRUNCATED);

    wire_in_init(&in, bytes8, sizeof(bytes8));
    ck_assert_int_eq(wire_in_u64le(&in, &v64), 0);
    ck_assert(v64 == 0x0807060504030201ULL);
    ck_assert_int_eq(wire_in_finish(&in), 0);
}
END_TEST

START_TEST(test_in_u16_truncated)
{
    struct wire_in in;
    uint16_t v16 = 7;
    uint32_t v32 = 7;

    wire_in_init(&in, bytes8, 1);
    ck_assert_int_eq(wire_in_u16le(&in, &v16), NTLM_ERR_TRUNCATED);
    ck_assert_uint_eq(v16, 0);
    wire_in_init(&in, bytes8, 3);
    ck_assert_int_eq(wire_in_u32le(&in, &v32), NTLM_ERR_TRUNCATED);
    ck_assert_uint_eq(v32, 0);
}
END_TEST

START_TEST(test_in_null)
{
    struct wire_in in;
    uint8_t v8 = 5;

    wire_in_init(&in, NULL, 100);
    ck_assert_uint_eq(wire_in_remaining(&in), 0);
    ck_assert_int_eq(wire_in_u8(&in, &v8), NTLM_ERR_TRUNCATED);
    wire_in_init(&in, NULL, 0);
    ck_assert_int_eq(wire_in_finish(&in), 0);
}
END_TEST

START_TEST(test_in_copy_bytes_skip)
{
    struct wire_in in;
    struct wire_slice s;
    uint8_t buf[4];

    wire_in_init(&in, bytes8, sizeof(bytes8));
    ck_assert_int_eq(wire_in_copy(&in, buf, 2), 0);
    ck_assert_mem_eq(buf, bytes8, 2);
    ck_assert_int_eq(wire_in_bytes(&in, 3, &s), 0);
    ck_assert_ptr_eq(s.ptr, bytes8 + 2);
    ck_assert_uint_eq(s.len, 3);
    ck_assert_int_eq(wire_in_skip(&in, 2), 0);
    ck_assert_int_eq(wire_in_finish(&in), NTLM_ERR_TRAILING_DATA);
    memset(buf, 0xEE, sizeof(buf));
    ck_assert_int_eq(wire_in_copy(&in, buf, 4), NTLM_ERR_TRUNCATED);
    ck_assert_uint_eq(buf[0], 0);
    ck_assert_uint_eq(buf[3], 0);
    ck_assert_int_eq(wire_in_bytes(&in, 0, &s), NTLM_ERR_TRUNCATED);
    ck_assert_ptr_null(s.ptr);
    ck_assert_uint_eq(s.len, 0);
    /* Huge skip on a fresh reader. */
    wire_in_init(&in, bytes8, sizeof(bytes8));
    ck_assert_int_eq(wire_in_skip(&in, SIZE_MAX), NTLM_ERR_TRUNCATED);
}
END_TEST

START_TEST(test_in_expect)
{
    struct wire_in in;

    wire_in_init(&in, bytes8, sizeof(bytes8));
    ck_assert_int_eq(wire_in_expect(&in, bytes8, 4, 42), 0);
    ck_assert_int_eq(wire_in_expect(&in, bytes8, 4, 42), 42);
    ck_assert_int_eq(wire_in_finish(&in), 42);
    wire_in_init(&in, bytes8, 3);
    ck_assert_int_eq(wire_in_expect(&in, bytes8, 4, 42), NTLM_ERR_TRUNCATED);
}
END_TEST

/* wire_field: one row per edge case. */
struct field_case {
    size_t msg_len;
    uint32_t off;
    uint32_t len;
    size_t payload_min;
    int want;
};

static const struct field_case field_cases[] = {
    { 64, 32, 32, 32, 0 },                          /* exactly to the end */
    { 64, 32, 33, 32, NTLM_ERR_BAD_FIELD_OFFSET },  /* one past the end */
    { 64, 64, 0, 32, 0 },                           /* empty at the end */
    { 64, 0xFFFFFFFFu, 0, 32, 0 },                  /* empty, any offset */
    { 64, 0xFFFFFFFFu, 1, 32, NTLM_ERR_BAD_FIELD_OFFSET },
    { 64, 0xFFFFFFFFu, 0xFFFFFFFFu, 32, NTLM_ERR_BAD_FIELD_OFFSET },
    { 64, 33, 0xFFFFFFFFu, 32, NTLM_ERR_BAD_FIELD_OFFSET },
    { 64, 33, 0xFFFFFFE0u, 32, NTLM_ERR_BAD_FIELD_OFFSET }, /* wraps 32b */
    { 64, 0xFFFFFFF0u, 0x20, 32, NTLM_ERR_BAD_FIELD_OFFSET }, /* wraps */
    { 64, 0x80000000u, 0x80000000u, 32, NTLM_ERR_BAD_FIELD_OFFSET },
    { 64, 65, 0, 32, 0 },
    { 64, 65, 1, 32, NTLM_ERR_BAD_FIELD_OFFSET },
    { 64, 31, 1, 32, NTLM_ERR_BAD_FIELD_OFFSET },   /* overlaps header */
    { 64, 0, 8, 32, NTLM_ERR_BAD_FIELD_OFFSET },    /* the signature */
    { 64, 0, 0, 32, 0 },
    { 64, 32, 1, 32, 0 },
    { 0, 0, 1, 0, NTLM_ERR_BAD_FIELD_OFFSET },
    { 0, 0, 0, 0, 0 },
};

START_TEST(test_field)
{
    const struct field_case *c = &field_cases[_i];
    static uint8_t msg[64];
    struct wire_slice s = { msg, 1 };
    int ret;

    ret = wire_field(msg, c->msg_len, c->off, c->len, c->payload_min, &s);
    ck_assert_int_eq(ret, c->want);
    if (ret != 0 || c->len == 0) {
        ck_assert_ptr_null(s.ptr);
        ck_assert_uint_eq(s.len, 0);
    } else {
        ck_assert_ptr_eq(s.ptr, msg + c->off);
        ck_assert_uint_eq(s.len, c->len);
    }
}
END_TEST

START_TEST(test_field_null_msg)
{
    struct wire_slice s;

    ck_assert_int_eq(wire_field(NULL, 10, 0, 1, 0, &s),
                     NTLM_ERR_BAD_FIELD_OFFSET);
    ck_assert_int_eq(wire_field(NULL, 0, 5, 0, 0, &s), 0);
}
END_TEST

START_TEST(test_secbuf)
{
    /* Header: len 4, maxlen 0x9999 (ignored), offset 16; payload at 16. */
    uint8_t msg[20] = { 4, 0, 0x99, 0x99, 16, 0, 0, 0,
                        4, 0, 4, 0, 0xFF, 0xFF, 0xFF, 0xFF,
                        'a', 'b', 'c', 'd' };
    struct wire_in in;
    struct wire_slice s;
    uint32_t off = 1;

    wire_in_init(&in, msg, sizeof(msg));
    ck_assert_int_eq(wire_in_secbuf(&in, msg, sizeof(msg), 16, &s, &off), 0);
    ck_assert_uint_eq(off, 16);
    ck_assert_uint_eq(s.len, 4);
    ck_assert_mem_eq(s.ptr, "abcd", 4);
    ck_assert_int_eq(wire_in_secbuf(&in, msg, sizeof(msg), 16, &s, NULL),
                     NTLM_ERR_BAD_FIELD_OFFSET);
    ck_assert_ptr_null(s.ptr);
    /* Header truncated. */
    wire_in_init(&in, msg, 7);
    ck_assert_int_eq(wire_in_secbuf(&in, msg, sizeof(msg), 16, &s, &off),
                     NTLM_ERR_TRUNCATED);
    ck_assert_uint_eq(off, 0);
}
END_TEST

START_TEST(test_out_dynamic)
{
    struct wire_out w;
    uint8_t *buf = NULL;
    size_t len = 0, pos = 0, i;
    static const uint8_t want[] = {
        0x01, 0x03, 0x02, 0x07, 0x06, 0x05, 0x04,
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
        'x', 'y', 0, 0, 0xAA, 0xBB, 0x11, 0x22, 0x33, 0x44
    };

    wire_out_init(&w, WIRE_OUT_DYNAMIC);
    ck_assert_int_eq(wire_out_u8(&w, 1), 0);
    ck_assert_int_eq(wire_out_u16le(&w, 0x0203), 0);
    ck_assert_int_eq(wire_out_u32le(&w, 0x04050607), 0);
    ck_assert_int_eq(wire_out_u64le(&w, 0x0102030405060708ULL), 0);
    ck_assert_int_eq(wire_out_bytes(&w, "xy", 2), 0);
    ck_assert_int_eq(wire_out_bytes(&w, NULL, 0), 0);
    ck_assert_int_eq(wire_out_reserve(&w, 2, &pos), 0);
    ck_assert_uint_eq(pos, 17);
    ck_assert_int_eq(wire_out_zeros(&w, 6), 0);
    ck_assert_int_eq(wire_out_poke_u16le(&w, 19, 0xBBAA), 0);
    ck_assert_int_eq(wire_out_poke_u32le(&w, 21, 0x44332211), 0);
    ck_assert_int_eq(wire_out_finish(&w, &buf, &len), 0);
    ck_assert_uint_eq(len, sizeof(want));
    ck_assert_mem_eq(buf, want, sizeof(want));
    free(buf);

    /* Growth over many reallocations. */
    wire_out_init(&w, WIRE_OUT_ZAP);
    for (i = 0; i < 10000; i++)
        ck_assert_int_eq(wire_out_u8(&w, (uint8_t)i), 0);
    ck_assert_int_eq(wire_out_finish(&w, &buf, &len), 0);
    ck_assert_uint_eq(len, 10000);
    ck_assert_uint_eq(buf[9999], (uint8_t)9999);
    free(buf);
}
END_TEST

START_TEST(test_out_empty_finish)
{
    struct wire_out w;
    uint8_t *buf = NULL;
    size_t len = 5;

    wire_out_init(&w, WIRE_OUT_DYNAMIC);
    ck_assert_int_eq(wire_out_finish(&w, &buf, &len), 0);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(len, 0);
    free(buf);
    wire_out_cleanup(&w);
}
END_TEST

START_TEST(test_out_fixed)
{
    struct wire_out w;
    uint8_t mem[4], *buf = NULL;
    size_t len = 0;

    wire_out_init_fixed(&w, mem, sizeof(mem));
    ck_assert_int_eq(wire_out_u32le(&w, 0x01020304), 0);
    ck_assert_int_eq(wire_out_u8(&w, 5), NTLM_ERR_BUFFER_TOO_SMALL);
    /* Sticky. */
    ck_assert_int_eq(wire_out_u8(&w, 5), NTLM_ERR_BUFFER_TOO_SMALL);
    ck_assert_int_eq(wire_out_finish(&w, &buf, &len),
                     NTLM_ERR_BUFFER_TOO_SMALL);
    ck_assert_ptr_null(buf);
    ck_assert_uint_eq(len, 0);

    wire_out_init_fixed(&w, mem, sizeof(mem));
    ck_assert_int_eq(wire_out_u16le(&w, 0x0102), 0);
    ck_assert_int_eq(wire_out_finish(&w, &buf, &len), 0);
    ck_assert_ptr_eq(buf, mem);
    ck_assert_uint_eq(len, 2);
    ck_assert_uint_eq(mem[0], 2);
}
END_TEST

START_TEST(test_out_poke_range)
{
    struct wire_out w;

    wire_out_init(&w, WIRE_OUT_DYNAMIC);
    ck_assert_int_eq(wire_out_zeros(&w, 4), 0);
    ck_assert_int_eq(wire_out_poke_u32le(&w, 0, 1), 0);
    ck_assert_int_eq(wire_out_poke_u32le(&w, 1, 1), NTLM_ERR_INTERNAL);
    ck_assert_int_eq(wire_out_u8(&w, 0), NTLM_ERR_INTERNAL);
    wire_out_cleanup(&w);

    wire_out_init(&w, WIRE_OUT_DYNAMIC);
    ck_assert_int_eq(wire_out_zeros(&w, 4), 0);
    ck_assert_int_eq(wire_out_poke_bytes(&w, SIZE_MAX, "a", 1),
                     NTLM_ERR_INTERNAL);
    wire_out_cleanup(&w);
}
END_TEST

START_TEST(test_out_too_large)
{
    struct wire_out w;

    wire_out_init(&w, WIRE_OUT_DYNAMIC);
    ck_assert_int_eq(wire_out_u8(&w, 0), 0);
    ck_assert_int_eq(wire_out_zeros(&w, SIZE_MAX), NTLM_ERR_TOO_LARGE);
    ck_assert_int_eq(wire_out_u8(&w, 0), NTLM_ERR_TOO_LARGE);
    wire_out_cleanup(&w);
    ck_assert_ptr_null(w.buf);
}
END_TEST

static TCase *
tc(const char *name, const TTest *t)
{
    TCase *c = tcase_create(name);

    tcase_add_test(c, t);
    return c;
}

Suite *
wire_suite(void)
{
    Suite *s = suite_create("wire");
    TCase *c;

    suite_add_tcase(s, tc("wire_in_ints", test_in_ints));
    suite_add_tcase(s, tc("wire_in_u16_truncated", test_in_u16_truncated));
    suite_add_tcase(s, tc("wire_in_null", test_in_null));
    suite_add_tcase(s, tc("wire_in_copy_bytes_skip",
                          test_in_copy_bytes_skip));
    suite_add_tcase(s, tc("wire_in_expect", test_in_expect));
    c = tcase_create("wire_field");
    tcase_add_loop_test(c, test_field, 0,
                        sizeof(field_cases) / sizeof(field_cases[0]));
    tcase_add_test(c, test_field_null_msg);
    suite_add_tcase(s, c);
    suite_add_tcase(s, tc("wire_in_secbuf", test_secbuf));
    suite_add_tcase(s, tc("wire_out_dynamic", test_out_dynamic));
    suite_add_tcase(s, tc("wire_out_finish_empty", test_out_empty_finish));
    suite_add_tcase(s, tc("wire_out_fixed", test_out_fixed));
    suite_add_tcase(s, tc("wire_out_poke", test_out_poke_range));
    suite_add_tcase(s, tc("wire_out_too_large", test_out_too_large));
    return s;
}
