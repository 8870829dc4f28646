/*
 * check_review.c - regression tests for the defects found by the security
 * review of the GSS layer (one test per finding; each failed before its
 * fix).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gsstest.h"

/* gss_unwrap_iov with a STREAM buffer whose value is NULL (length >= 16):
 * an error, not a NULL dereference while reading the sequence number. */
START_TEST(t_review_unwrap_iov_stream_null)
{
    gss_iov_buffer_desc iov[2];
    struct t_hs h;
    OM_uint32 maj, min;
    int cs = -1;

    t_pair(&h);
    memset(iov, 0, sizeof(iov));
    iov[0].type = GSS_IOV_BUFFER_TYPE_STREAM;
    iov[0].buffer.length = 64;
    iov[0].buffer.value = NULL;
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    maj = gss_unwrap_iov(&min, h.actx, &cs, NULL, iov, 2);
    ck_assert(GSS_ERROR(maj));
    t_hs_cleanup(&h);
}
END_TEST

Suite *review_suite(void);

Suite *
review_suite(void)
{
    Suite *s = suite_create("review");
    TCase *tc = tcase_create("review");

    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_review_unwrap_iov_stream_null);
    suite_add_tcase(s, tc);
    return s;
}
