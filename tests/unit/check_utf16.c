/*
 * check_utf16.c - UTF-8 <-> UTF-16LE, upper-casing for NTOWFv2, OEM.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "unit.h"
#include "ntlm/ntlm.h"

/* Valid conversions: UTF-8 and the UTF-16LE it must become. */
struct conv_case {
    const char *utf8;
    size_t utf8_len;
    const char *utf16;
    size_t utf16_len;
};

#define S(x) x, sizeof(x) - 1
static const struct conv_case conv_cases[] = {
    { S(""), S("") },
    { S("User"), S("U\0s\0e\0r\0") },
    { S("\xc3\xa9"), S("\xe9\0") },                        /* e-acute */
    { S("\xd0\x96"), S("\x16\x04") },                      /* Cyrillic Zhe */
    { S("\xe2\x82\xac"), S("\xac\x20") },                  /* euro sign */
    { S("\xef\xbf\xbf"), S("\xff\xff") },                  /* U+FFFF */
    { S("\xf0\x9d\x84\x9e"), S("\x34\xd8\x1e\xdd") },      /* U+1D11E */
    { S("\xf0\x90\x80\x80"), S("\x00\xd8\x00\xdc") },      /* U+10000 */
    { S("\xf4\x8f\xbf\xbf"), S("\xff\xdb\xff\xdf") },      /* U+10FFFF */
    { S("Pass\xf0\x9d\x84\x9e"), S("P\0a\0s\0s\0\x34\xd8\x1e\xdd") },
    { S("a\0b"), S("a\0\0\0b\0") },                        /* embedded NUL */
};

START_TEST(test_utf8_to_utf16)
{
    const struct conv_case *c = &conv_cases[_i];
    uint8_t *out = NULL;
    size_t out_len = 99;

    ck_assert_int_eq(ntlm_utf8_to_utf16le(c->utf8, c->utf8_len, &out,
                                          &out_len), 0);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(out_len, c->utf16_len);
    ck_assert_mem_eq(out, c->utf16, out_len);
    free(out);
}
END_TEST

START_TEST(test_utf16_to_utf8)
{
    const struct conv_case *c = &conv_cases[_i];
    char *out = NULL;
    size_t out_len = 99;

    ck_assert_int_eq(ntlm_utf16le_to_utf8((const uint8_t *)c->utf16,
                                          c->utf16_len, &out, &out_len), 0);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(out_len, c->utf8_len);
    ck_assert_mem_eq(out, c->utf8, out_len);
    ck_assert_int_eq(out[out_len], 0);
    free(out);
}
END_TEST

/* Invalid UTF-8. */
struct bad8_case {
    const char *s;
    size_t len;
};
static const struct bad8_case bad8_cases[] = {
    { S("\x80") },                      /* lone continuation */
    { S("\xc3") },                      /* truncated 2-byte */
    { S("\xe2\x82") },                  /* truncated 3-byte */
    { S("\xf0\x9d\x84") },              /* truncated 4-byte */
    { S("\xc0\xaf") },                  /* overlong '/' */
    { S("\xc1\xbf") },                  /* overlong */
    { S("\xe0\x80\xaf") },              /* overlong 3-byte */
    { S("\xe0\x9f\xbf") },              /* overlong U+07FF */
    { S("\xf0\x80\x80\xaf") },          /* overlong 4-byte */
    { S("\xf0\x8f\xbf\xbf") },          /* overlong U+FFFF */
    { S("\xed\xa0\x80") },              /* encoded surrogate U+D800 */
    { S("\xed\xbf\xbf") },              /* encoded surrogate U+DFFF */
    { S("\xed\xa0\xbd\xed\xb8\x80") },  /* CESU-8 pair */
    { S("\xf4\x90\x80\x80") },          /* U+110000 */
    { S("\xf5\x80\x80\x80") },
    { S("\xff") },
    { S("\xfe") },
    { S("a\xc3(") },                    /* bad continuation */
    { S("\xe2\x28\xa1") },
};

START_TEST(test_utf8_invalid)
{
    const struct bad8_case *c = &bad8_cases[_i];
    uint8_t *out = (uint8_t *)1;
    size_t out_len = 99;

    ck_assert_int_eq(ntlm_utf8_to_utf16le(c->s, c->len, &out, &out_len),
                     NTLM_ERR_BAD_UTF8);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(out_len, 0);
    out = (uint8_t *)1;
    ck_assert_int_eq(ntlm_utf8_to_utf16le_upper(c->s, c->len, &out,
                                                &out_len),
                     NTLM_ERR_BAD_UTF8);
    ck_assert_ptr_null(out);
}
END_TEST

/* Invalid UTF-16LE. */
static const struct bad8_case bad16_cases[] = {
    { S("a") },                         /* odd length */
    { S("a\0b") },                      /* odd length */
    { S("\x00\xd8") },                  /* lone high surrogate at end */
    { S("\x00\xd8" "a\0") },            /* high then non-surrogate */
    { S("\x00\xdc") },                  /* lone low surrogate */
    { S("a\0\xff\xdf") },               /* lone low after char */
    { S("\x00\xd8\x00\xd8\x00\xdc") },  /* high, high, low */
    { S("\x00\xd8\x00") },              /* high then odd byte */
};

START_TEST(test_utf16_invalid)
{
    const struct bad8_case *c = &bad16_cases[_i];
    char *out = (char *)1;
    size_t out_len = 99;

    ck_assert_int_eq(ntlm_utf16le_to_utf8((const uint8_t *)c->s, c->len,
                                          &out, &out_len),
                     NTLM_ERR_BAD_UTF16);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(out_len, 0);
}
END_TEST

/* Upper-casing: UTF-8 in, expected upper-case UTF-8. */
struct upper_case {
    const char *in;
    const char *want;
};
static const struct upper_case upper_cases[] = {
    { "user", "USER" },
    { "User123_-.@", "USER123_-.@" },
    { "\xc3\xa9t\xc3\xa9", "\xc3\x89T\xc3\x89" },          /* ete */
    { "\xc3\xbf", "\xc5\xb8" },                            /* y-diaeresis */
    { "\xc3\x9f", "\xc3\x9f" },                  /* sharp s: no simple map */
    { "\xc4\x81\xc4\x83", "\xc4\x80\xc4\x82" },            /* Latin Ext-A */
    { "\xc7\x86", "\xc7\x84" },                            /* dz caron */
    { "\xc7\x85", "\xc7\x84" },                            /* Dz caron */
    { "\xc4\xb1", "I" },                                   /* dotless i */
    { "\xce\xb1\xce\xb2\xcf\x82", "\xce\x91\xce\x92\xce\xa3" }, /* Greek */
    { "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82",
      "\xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2" },  /* privet */
    { "\xd1\x91", "\xd0\x81" },                            /* yo */
    { "\xd5\xa1", "\xd4\xb1" },                            /* Armenian */
    { "\xe1\x83\x90", "\xe1\xb2\x90" },        /* Georgian an -> Mtavruli */
    { "\xe1\xbe\x80", "\xe1\xbe\x88" },        /* Greek with ypogegrammeni */
    { "\xe2\x85\xb0", "\xe2\x85\xa0" },                    /* roman numeral */
    { "\xe2\x93\x90", "\xe2\x92\xb6" },                    /* circled a */
    { "\xef\xbd\x81", "\xef\xbc\xa1" },                    /* fullwidth a */
    { "\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87" }, /* CJK */
    { "\xf0\x90\x90\xa8", "\xf0\x90\x90\xa8" },  /* Deseret: not BMP */
    { "ABC", "ABC" },
    { "", "" },
};

START_TEST(test_upper)
{
    const struct upper_case *c = &upper_cases[_i];
    uint8_t *u16 = NULL, *w16 = NULL, *copy;
    size_t u16_len = 0, w16_len = 0;

    ck_assert_int_eq(ntlm_utf8_to_utf16le_upper(c->in, strlen(c->in), &u16,
                                                &u16_len), 0);
    ck_assert_int_eq(ntlm_utf8_to_utf16le(c->want, strlen(c->want), &w16,
                                          &w16_len), 0);
    ck_assert_uint_eq(u16_len, w16_len);
    ck_assert_mem_eq(u16, w16, w16_len);
    free(u16);
    /* In-place upper-casing agrees. */
    ck_assert_int_eq(ntlm_utf8_to_utf16le(c->in, strlen(c->in), &u16,
                                          &u16_len), 0);
    copy = u16;
    ntlm_utf16le_upper(copy, u16_len);
    ck_assert_uint_eq(u16_len, w16_len);
    ck_assert_mem_eq(u16, w16, w16_len);
    free(u16);
    free(w16);
}
END_TEST

START_TEST(test_upper_in_place_edges)
{
    uint8_t odd[3] = { 'a', 0, 'b' };
    uint8_t surr[4] = { 0x61, 0xd8, 0x61, 0xdc };   /* not changed */

    ntlm_utf16le_upper(odd, sizeof(odd));
    ck_assert_uint_eq(odd[0], 'A');
    ck_assert_uint_eq(odd[2], 'b');
    ntlm_utf16le_upper(surr, sizeof(surr));
    ck_assert_uint_eq(surr[0], 0x61);
    ck_assert_uint_eq(surr[2], 0x61);
    ntlm_utf16le_upper(NULL, 10);
}
END_TEST

/* Every BMP code unit: upper(upper(c)) == upper(c) for the table's
 * targets except known non-idempotent ones would be a table bug. */
START_TEST(test_upper_idempotent)
{
    uint32_t c;
    uint8_t b[2];
    uint16_t once;

    for (c = 0; c < 0x10000; c++) {
        b[0] = c & 0xFF;
        b[1] = (uint8_t)(c >> 8);
        ntlm_utf16le_upper(b, 2);
        once = (uint16_t)(b[0] | b[1] << 8);
        ntlm_utf16le_upper(b, 2);
        ck_assert_uint_eq((uint16_t)(b[0] | b[1] << 8), once);
        if (c >= 0xD800 && c <= 0xDFFF)
            ck_assert_uint_eq(once, c);
    }
}
END_TEST

START_TEST(test_oem)
{
    char *out = NULL;
    size_t out_len = 9;

    ck_assert_int_eq(ntlm_oem_to_utf8((const uint8_t *)"WORK\xe9", 5, &out,
                                      &out_len), 0);
    ck_assert_uint_eq(out_len, 6);
    ck_assert_str_eq(out, "WORK\xc3\xa9");
    free(out);
    ck_assert_int_eq(ntlm_oem_to_utf8(NULL, 0, &out, &out_len), 0);
    ck_assert_str_eq(out, "");
    ck_assert_uint_eq(out_len, 0);
    free(out);
}
END_TEST

START_TEST(test_null_args)
{
    uint8_t *u = NULL;
    char *s = NULL;
    size_t n = 1;

    ck_assert_int_eq(ntlm_utf8_to_utf16le(NULL, 0, &u, &n), 0);
    ck_assert_ptr_nonnull(u);
    ck_assert_uint_eq(n, 0);
    free(u);
    ck_assert_int_eq(ntlm_utf8_to_utf16le(NULL, 3, &u, &n),
                     NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ntlm_utf16le_to_utf8(NULL, 0, &s, &n), 0);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

#define N(a) (sizeof(a) / sizeof((a)[0]))

Suite *
utf16_suite(void)
{
    Suite *s = suite_create("utf16");
    TCase *c;

    c = tcase_create("ntlm_utf8_to_utf16le");
    tcase_add_loop_test(c, test_utf8_to_utf16, 0, N(conv_cases));
    tcase_add_loop_test(c, test_utf8_invalid, 0, N(bad8_cases));
    tcase_add_test(c, test_null_args);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_utf16le_to_utf8");
    tcase_add_loop_test(c, test_utf16_to_utf8, 0, N(conv_cases));
    tcase_add_loop_test(c, test_utf16_invalid, 0, N(bad16_cases));
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_utf16le_upper");
    tcase_add_loop_test(c, test_upper, 0, N(upper_cases));
    tcase_add_test(c, test_upper_in_place_edges);
    tcase_add_test(c, test_upper_idempotent);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_oem_to_utf8");
    tcase_add_test(c, test_oem);
    suite_add_tcase(s, c);
    return s;
}
