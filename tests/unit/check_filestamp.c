/*
 * check_filestamp.c - mech/filestamp.c: a stamp notices every change,
 * including same-size rewrites in place within one timestamp tick (only
 * the contents differ), and never hangs or falls open on odd paths.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/errors.h"
#include "common/secure.h"
#include "filestamp.h"
#include "unit.h"

static char dir[64];

static void
setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/ntlmgss-fstamp-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void
put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static void
stamp(const char *path, struct ntlm_fstamp *st)
{
    char *text;
    size_t len;

    ck_assert_int_eq(ntlm_fstamp_read(path, 4096, NTLM_ERR_CONFIG, &text,
                                      &len, st), 0);
    free(text);
}

static long long
real_ns(void)
{
    struct timespec ts;

    ck_assert_int_eq(clock_gettime(CLOCK_REALTIME_COARSE, &ts), 0);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* put() then stamp(): the stamp of a file written just now is racy.  Said
 * only when the stamp was taken within the racy window after the write
 * (always, unless the machine stalled for seconds in between). */
static void
put_stamp_racy(const char *path, const char *text, struct ntlm_fstamp *st)
{
    long long t0 = real_ns();

    put(path, text);
    stamp(path, st);
    if (real_ns() - t0 < NTLM_FSTAMP_RACY_NS)
        ck_assert_msg(st->racy, "a file written just now must be racy");
}

START_TEST(t_fstamp_same_size_in_place)
{
    struct ntlm_fstamp st;
    char path[128];
    int i;

    snprintf(path, sizeof(path), "%s/f", dir);
    put_stamp_racy(path, "value = AAAA\n", &st);
    ck_assert(st.exists);
    ck_assert(ntlm_fstamp_same(path, &st));
    for (i = 0; i < 200; i++) {
        put(path, i % 2 ? "value = AAAA\n" : "value = BBBB\n");
        ck_assert_msg(!ntlm_fstamp_same(path, &st), "round %d missed", i);
        stamp(path, &st);
        ck_assert(ntlm_fstamp_same(path, &st));
    }
}
END_TEST

START_TEST(t_fstamp_read_contents)
{
    struct ntlm_fstamp st;
    char path[128], *text;
    size_t len;

    snprintf(path, sizeof(path), "%s/f", dir);
    put(path, "abc");
    ck_assert_int_eq(ntlm_fstamp_read(path, 4096, NTLM_ERR_CONFIG, &text,
                                      &len, &st), 0);
    ck_assert_uint_eq(len, 3);
    ck_assert_str_eq(text, "abc");
    ntlm_zfree(text, len + 1);
    ck_assert_int_eq(ntlm_fstamp_read(path, 2, NTLM_ERR_USER_FILE, &text,
                                      &len, &st), NTLM_ERR_USER_FILE);
    ck_assert_ptr_null(text);
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(NTLM_ERR_USER_FILE),
                                 "too large"));
}
END_TEST

START_TEST(t_fstamp_missing_then_created)
{
    struct ntlm_fstamp st;
    char path[128], *text;
    size_t len;

    snprintf(path, sizeof(path), "%s/absent", dir);
    ck_assert_int_eq(ntlm_fstamp_read(path, 4096, NTLM_ERR_CONFIG, &text,
                                      &len, &st), 0);
    ck_assert(!st.exists);
    ck_assert_ptr_null(text);
    ck_assert(ntlm_fstamp_same(path, &st));
    put(path, "");
    ck_assert(!ntlm_fstamp_same(path, &st));
    stamp(path, &st);
    ck_assert(st.exists);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert(!ntlm_fstamp_same(path, &st));
}
END_TEST

START_TEST(t_fstamp_symlinks)
{
    struct ntlm_fstamp st;
    char link[128], a[128], b[128], tmp[140], *text;
    size_t len;

    snprintf(link, sizeof(link), "%s/link", dir);
    snprintf(a, sizeof(a), "%s/a", dir);
    snprintf(b, sizeof(b), "%s/b", dir);
    snprintf(tmp, sizeof(tmp), "%s/link.new", dir);
    put(a, "same\n");
    put(b, "same\n");
    ck_assert_int_eq(symlink(a, link), 0);
    stamp(link, &st);
    ck_assert(ntlm_fstamp_same(link, &st));
    /* re-pointed to a file with the same contents: still a change */
    ck_assert_int_eq(symlink(b, tmp), 0);
    ck_assert_int_eq(rename(tmp, link), 0);
    ck_assert(!ntlm_fstamp_same(link, &st));
    stamp(link, &st);
    /* dangling: an error naming the link, never "no file" */
    ck_assert_int_eq(unlink(b), 0);
    ck_assert(!ntlm_fstamp_same(link, &st));
    ck_assert_int_eq(ntlm_fstamp_read(link, 4096, NTLM_ERR_CONFIG, &text,
                                      &len, &st), NTLM_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(NTLM_ERR_CONFIG),
                                 "symbolic link to a missing file"));
    ck_assert(!ntlm_fstamp_same(link, &st));
    /* a loop is refused too */
    ck_assert_int_eq(unlink(link), 0);
    ck_assert_int_eq(symlink(link, link), 0);
    ck_assert_int_eq(ntlm_fstamp_read(link, 4096, NTLM_ERR_CONFIG, &text,
                                      &len, &st), NTLM_ERR_CONFIG);
}
END_TEST

START_TEST(t_fstamp_not_regular)
{
    struct ntlm_fstamp st;
    char fifo[128], *text;
    size_t len;

    snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    /* must not block opening a FIFO with no writer */
    ck_assert_int_eq(ntlm_fstamp_read(fifo, 4096, NTLM_ERR_CONFIG, &text,
                                      &len, &st), NTLM_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(NTLM_ERR_CONFIG),
                                 "not a regular file"));
    ck_assert_int_eq(ntlm_fstamp_read(dir, 4096, NTLM_ERR_CONFIG, &text,
                                      &len, &st), NTLM_ERR_CONFIG);
    ck_assert(!ntlm_fstamp_same(dir, &st));
}
END_TEST

/* Past the racy window a check proves the stamp clean, and from then on
 * the metadata alone tells a rewrite (ctime moves).  The sleep only has to
 * be long enough; a slow machine makes it longer. */
START_TEST(t_fstamp_settles)
{
    struct ntlm_fstamp st;
    char path[128];

    snprintf(path, sizeof(path), "%s/f", dir);
    put_stamp_racy(path, "value = AAAA\n", &st);
    ck_assert_int_eq(usleep((useconds_t)(NTLM_FSTAMP_RACY_NS / 1000) +
                            200000), 0);
    ck_assert(ntlm_fstamp_same(path, &st));
    ck_assert_msg(!st.racy, "an old file must be proven clean");
    put(path, "value = BBBB\n");
    ck_assert(!ntlm_fstamp_same(path, &st));
}
END_TEST

Suite *
filestamp_suite(void)
{
    Suite *s = suite_create("filestamp");
    TCase *tc = tcase_create("filestamp");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, t_fstamp_same_size_in_place);
    tcase_add_test(tc, t_fstamp_read_contents);
    tcase_add_test(tc, t_fstamp_missing_then_created);
    tcase_add_test(tc, t_fstamp_symlinks);
    tcase_add_test(tc, t_fstamp_not_regular);
    tcase_add_test(tc, t_fstamp_settles);
    suite_add_tcase(s, tc);
    return s;
}
