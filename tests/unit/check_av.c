/*
 * check_av.c - AV_PAIR iterator, list decoder, builder and the client's
 * rebuild of the server's target info.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "unit.h"
#include "ntlm/ntlm.h"
#include "../fuzz/msg_testdata.h"

START_TEST(test_next_example)
{
    uint8_t raw[64];
    size_t len = test_hex(MSG_V2_TARGET_INFO, raw, sizeof(raw));
    struct ntlm_av_iter it;
    struct wire_slice v;
    uint16_t id;

    ntlm_av_iter_init(&it, wire_slice_make(raw, len));
    ck_assert_int_eq(ntlm_av_next(&it, &id, &v), 0);
    ck_assert_uint_eq(id, MsvAvNbDomainName);
    ck_assert_uint_eq(v.len, 12);
    ck_assert_mem_eq(v.ptr, "D\0o\0m\0a\0i\0n\0", 12);
    ck_assert_int_eq(ntlm_av_next(&it, &id, &v), 0);
    ck_assert_uint_eq(id, MsvAvNbComputerName);
    ck_assert(!it.done);
    ck_assert_int_eq(ntlm_av_next(&it, &id, &v), 0);
    ck_assert_uint_eq(id, MsvAvEOL);
    ck_assert(it.done);
    /* Stays at EOL. */
    ck_assert_int_eq(ntlm_av_next(&it, &id, &v), 0);
    ck_assert_uint_eq(id, MsvAvEOL);
    ck_assert_uint_eq(v.len, 0);
}
END_TEST

START_TEST(test_next_unknown_id)
{
    /* Unknown id 0x55 (odd length allowed), twice, then EOL. */
    static const uint8_t raw[] = { 0x55, 0, 3, 0, 1, 2, 3,
                                   0x55, 0, 0, 0, 0, 0, 0, 0 };
    struct ntlm_av_iter it;
    struct wire_slice v;
    uint16_t id;

    ntlm_av_iter_init(&it, wire_slice_make(raw, sizeof(raw)));
    ck_assert_int_eq(ntlm_av_next(&it, &id, &v), 0);
    ck_assert_uint_eq(id, 0x55);
    ck_assert_uint_eq(v.len, 3);
    ck_assert_int_eq(ntlm_av_next(&it, &id, &v), 0);
    ck_assert_int_eq(ntlm_av_next(&it, &id, &v), 0);
    ck_assert(it.done);
}
END_TEST

START_TEST(test_decode_full)
{
    struct ntlm_av_builder b;
    struct ntlm_av_list l;
    uint8_t *raw = NULL, sh[48], cb[16];
    size_t len = 0;

    memset(sh, 0, sizeof(sh));
    sh[0] = 48;
    memset(cb, 0xcb, sizeof(cb));
    ntlm_av_builder_init(&b);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvNbComputerName, "S\0", 2), 0);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvNbDomainName, "D\0", 2), 0);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvDnsComputerName, "s\0", 2), 0);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvDnsDomainName, "d\0", 2), 0);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvDnsTreeName, "t\0", 2), 0);
    ck_assert_int_eq(ntlm_av_add_u32(&b, MsvAvFlags, 0x2), 0);
    ck_assert_int_eq(ntlm_av_add_u64(&b, MsvAvTimestamp,
                                     0x01cdde0bc33fe77bULL), 0);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvSingleHost, sh, sizeof(sh)), 0);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvTargetName, "h\0", 2), 0);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvChannelBindings, cb, 16), 0);
    ck_assert_int_eq(ntlm_av_add(&b, 0x77, "x", 1), 0);
    ck_assert_int_eq(ntlm_av_finish(&b, &raw, &len), 0);
    ntlm_av_builder_cleanup(&b);
    ck_assert_int_eq(ntlm_av_decode(wire_slice_make(raw, len), &l), 0);
    ck_assert_uint_eq(l.num_pairs, 11);
    ck_assert(l.present[MsvAvSingleHost]);
    ck_assert(l.present[MsvAvChannelBindings]);
    ck_assert(!l.present[MsvAvEOL]);
    ck_assert_uint_eq(l.flags, MSV_AV_FLAG_MIC_PRESENT);
    ck_assert(l.timestamp == 0x01cdde0bc33fe77bULL);
    ck_assert_mem_eq(l.value[MsvAvChannelBindings].ptr, cb, 16);
    free(raw);
}
END_TEST

START_TEST(test_decode_empty)
{
    struct ntlm_av_list l;

    ck_assert_int_eq(ntlm_av_decode(WIRE_SLICE_EMPTY, &l), 0);
    ck_assert_uint_eq(l.num_pairs, 0);
    /* EOL alone. */
    ck_assert_int_eq(ntlm_av_decode(wire_slice_make("\0\0\0\0", 4), &l), 0);
    ck_assert_uint_eq(l.num_pairs, 0);
}
END_TEST

START_TEST(test_builder_rules)
{
    struct ntlm_av_builder b;
    uint8_t *raw = (uint8_t *)1, sh[48];
    size_t len = 1;

    ntlm_av_builder_init(&b);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvEOL, NULL, 0),
                     NTLM_ERR_INVALID_ARGUMENT);
    ntlm_av_builder_cleanup(&b);

    ntlm_av_builder_init(&b);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvFlags, "abc", 3),
                     NTLM_ERR_AV_BAD_LENGTH);
    /* Sticky; finish reports it and hands nothing over. */
    ck_assert_int_eq(ntlm_av_add_u32(&b, MsvAvFlags, 1),
                     NTLM_ERR_AV_BAD_LENGTH);
    ck_assert_int_eq(ntlm_av_finish(&b, &raw, &len),
                     NTLM_ERR_AV_BAD_LENGTH);
    ck_assert_ptr_null(raw);
    ck_assert_uint_eq(len, 0);
    ntlm_av_builder_cleanup(&b);

    ntlm_av_builder_init(&b);
    ck_assert_int_eq(ntlm_av_add_u32(&b, MsvAvFlags, 1), 0);
    ck_assert_int_eq(ntlm_av_add_u32(&b, MsvAvFlags, 1),
                     NTLM_ERR_AV_DUPLICATE);
    ntlm_av_builder_cleanup(&b);

    ntlm_av_builder_init(&b);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvNbDomainName, "abc", 3),
                     NTLM_ERR_AV_BAD_LENGTH);
    ntlm_av_builder_cleanup(&b);

    memset(sh, 0, sizeof(sh));
    sh[0] = 47;     /* Size disagrees with the value length */
    ntlm_av_builder_init(&b);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvSingleHost, sh, sizeof(sh)),
                     NTLM_ERR_AV_BAD_LENGTH);
    ntlm_av_builder_cleanup(&b);

    ntlm_av_builder_init(&b);
    ck_assert_int_eq(ntlm_av_add(&b, 0x99, NULL, 70000),
                     NTLM_ERR_INVALID_ARGUMENT);
    ntlm_av_builder_cleanup(&b);
}
END_TEST

START_TEST(test_rebuild)
{
    uint8_t info[64], cb[16], *raw = NULL;
    size_t info_len, len = 0;
    struct ntlm_av_list l;
    struct ntlm_av_iter it;
    struct wire_slice v;
    uint16_t id, order[8];
    size_t n = 0;

    info_len = test_hex(MSG_V2_TARGET_INFO, info, sizeof(info));
    memset(cb, 0xab, sizeof(cb));
    ck_assert_int_eq(ntlm_av_rebuild_for_authenticate(
                         wire_slice_make(info, info_len),
                         MSV_AV_FLAG_MIC_PRESENT, cb,
                         wire_slice_make("H\0/\0s\0", 6), &raw, &len), 0);
    ck_assert_int_eq(ntlm_av_decode(wire_slice_make(raw, len), &l), 0);
    ck_assert_uint_eq(l.num_pairs, 5);
    ck_assert_uint_eq(l.flags, MSV_AV_FLAG_MIC_PRESENT);
    ck_assert_mem_eq(l.value[MsvAvChannelBindings].ptr, cb, 16);
    ck_assert_uint_eq(l.value[MsvAvTargetName].len, 6);
    /* Server pairs first, in order; EOL last. */
    ntlm_av_iter_init(&it, wire_slice_make(raw, len));
    while (ntlm_av_next(&it, &id, &v) == 0 && !it.done && n < 8)
        order[n++] = id;
    ck_assert(it.done);
    ck_assert_uint_eq(order[0], MsvAvNbDomainName);
    ck_assert_uint_eq(order[1], MsvAvNbComputerName);
    ck_assert_uint_eq(order[2], MsvAvFlags);
    ck_assert_uint_eq(order[3], MsvAvChannelBindings);
    ck_assert_uint_eq(order[4], MsvAvTargetName);
    free(raw);
}
END_TEST

START_TEST(test_rebuild_replace)
{
    struct ntlm_av_builder b;
    uint8_t *srv = NULL, *raw = NULL, cb[16];
    size_t srv_len = 0, len = 0;
    struct ntlm_av_list l;

    memset(cb, 0x11, sizeof(cb));
    ntlm_av_builder_init(&b);
    ck_assert_int_eq(ntlm_av_add_u32(&b, MsvAvFlags, 1), 0);
    ck_assert_int_eq(ntlm_av_add_u64(&b, MsvAvTimestamp, 42), 0);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvChannelBindings, cb, 16), 0);
    ck_assert_int_eq(ntlm_av_add(&b, MsvAvTargetName, "a\0", 2), 0);
    ck_assert_int_eq(ntlm_av_finish(&b, &srv, &srv_len), 0);
    ntlm_av_builder_cleanup(&b);

    memset(cb, 0x22, sizeof(cb));
    ck_assert_int_eq(ntlm_av_rebuild_for_authenticate(
                         wire_slice_make(srv, srv_len), 2, cb,
                         wire_slice_make("b\0c\0", 4), &raw, &len), 0);
    ck_assert_int_eq(ntlm_av_decode(wire_slice_make(raw, len), &l), 0);
    ck_assert_uint_eq(l.num_pairs, 4);
    ck_assert_uint_eq(l.flags, 3);
    ck_assert(l.timestamp == 42);
    ck_assert_mem_eq(l.value[MsvAvChannelBindings].ptr, cb, 16);
    ck_assert_mem_eq(l.value[MsvAvTargetName].ptr, "b\0c\0", 4);
    free(raw);

    /* Nothing to add: the server's list is kept as is. */
    ck_assert_int_eq(ntlm_av_rebuild_for_authenticate(
                         wire_slice_make(srv, srv_len), 0, NULL,
                         WIRE_SLICE_EMPTY, &raw, &len), 0);
    ck_assert_uint_eq(len, srv_len);
    ck_assert_mem_eq(raw, srv, len);
    free(raw);
    free(srv);

    /* Empty server list, nothing added: just EOL. */
    ck_assert_int_eq(ntlm_av_rebuild_for_authenticate(
                         WIRE_SLICE_EMPTY, 0, NULL, WIRE_SLICE_EMPTY,
                         &raw, &len), 0);
    ck_assert_uint_eq(len, 4);
    free(raw);

    /* Malformed server list is refused. */
    ck_assert_int_eq(ntlm_av_rebuild_for_authenticate(
                         wire_slice_make("\x06\0\x04\0", 4), 0, NULL,
                         WIRE_SLICE_EMPTY, &raw, &len),
                     NTLM_ERR_AV_TRUNCATED);
    ck_assert_ptr_null(raw);
}
END_TEST

Suite *
av_suite(void)
{
    Suite *s = suite_create("av");
    TCase *c;

    c = tcase_create("ntlm_av_next");
    tcase_add_test(c, test_next_example);
    tcase_add_test(c, test_next_unknown_id);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_av_decode");
    tcase_add_test(c, test_decode_full);
    tcase_add_test(c, test_decode_empty);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_av_add");
    tcase_add_test(c, test_builder_rules);
    suite_add_tcase(s, c);
    c = tcase_create("ntlm_av_rebuild_for_authenticate");
    tcase_add_test(c, test_rebuild);
    tcase_add_test(c, test_rebuild_replace);
    suite_add_tcase(s, c);
    return s;
}
