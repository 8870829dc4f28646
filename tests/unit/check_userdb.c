/* check_userdb.c - unit tests for the user database (mech/userdb.c). */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <check.h>

#include "common/errors.h"
#include "filestamp.h"
#include "ntlm/ntlm.h"
#include "trace.h"
#include "userdb.h"
#include "unit.h"

/* NTOWFv1("Password") (MS-NLMP 4.2.2.1.2). */
#define PASSWORD_NT "a4f49c406510bdcab6824ee7c30fd852"
static const uint8_t password_nt[16] = {
    0xa4, 0xf4, 0x9c, 0x40, 0x65, 0x10, 0xbd, 0xca,
    0xb6, 0x82, 0x4e, 0xe7, 0xc3, 0x0f, 0xd8, 0x52
};
#define OTHER_NT "0123456789abcdef0123456789ABCDEF"

static char tmpdir[64];
static char upath[128];

static void
setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ntlmgss-udb-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(upath, sizeof(upath), "%s/users", tmpdir);
    ntlmgss_userdb_flush();
}

static void
teardown(void)
{
    char cmd[128];

    ntlmgss_userdb_flush();
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", tmpdir);
}

static void
write_file_mode(const char *path, const char *text, mode_t mode)
{
    char tmp[192];
    FILE *f;

    /* Atomic replacement, as editors and tools do. */
    snprintf(tmp, sizeof(tmp), "%s.new", path);
    f = fopen(tmp, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(chmod(tmp, mode), 0);
    ck_assert_int_eq(rename(tmp, path), 0);
}

static void
write_users(const char *text)
{
    write_file_mode(upath, text, 0600);
}

static char *
read_all(const char *path)
{
    static char buf[65536];
    FILE *f = fopen(path, "r");
    size_t n;

    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static struct ntlmgss_user_entry *
lookup_ok(const char *dom, const char *user)
{
    struct ntlmgss_user_entry *e = NULL;
    int ret;

    ret = ntlmgss_userdb_lookup(upath, dom, user, &e);
    ck_assert_msg(ret == 0, "lookup %s\\%s: %s (%s)", dom ? dom : "(null)",
                  user, ntlm_err_string(ret),
                  ntlm_err_last_detail(ret) ? ntlm_err_last_detail(ret)
                  : "");
    ck_assert_ptr_nonnull(e);
    return e;
}

static void
lookup_fails(const char *dom, const char *user, int want)
{
    struct ntlmgss_user_entry *e = NULL;

    ck_assert_int_eq(ntlmgss_userdb_lookup(upath, dom, user, &e), want);
    ck_assert_ptr_null(e);
}

static void
assert_hash(const struct ntlmgss_user_entry *e, const char *hex)
{
    uint8_t want[16];

    ck_assert_int_eq(ntlmgss_userdb_hex_to_hash(hex, strlen(hex), want), 0);
    ck_assert_mem_eq(e->nt_hash, want, 16);
}

/* The existing mechanism's format: DOMAIN:USER:PASSWORD. */
START_TEST(test_heimdal_format)
{
    struct ntlmgss_user_entry *e;

    setup();
    write_users("TESTDOM:testuser:Password\n"
                "OTHER:alice:secret\n");
    e = lookup_ok("TESTDOM", "testuser");
    ck_assert_str_eq(e->domain, "TESTDOM");
    ck_assert_str_eq(e->user, "testuser");
    ck_assert_ptr_nonnull(e->password);
    ck_assert_str_eq(e->password, "Password");
    ck_assert_uint_eq(e->password_len, 8);
    ck_assert_mem_eq(e->nt_hash, password_nt, 16);
    ck_assert_uint_eq(e->line, 1);
    ntlmgss_user_entry_free(e);

    /* No domain given: the first entry for the user. */
    e = lookup_ok(NULL, "ALICE");
    ck_assert_str_eq(e->domain, "OTHER");
    ck_assert_uint_eq(e->line, 2);
    ntlmgss_user_entry_free(e);
    e = lookup_ok("", "alice");
    ntlmgss_user_entry_free(e);

    lookup_fails("TESTDOM", "alice", NTLM_ERR_UNKNOWN_USER);
    lookup_fails("TESTDOM", "nobody", NTLM_ERR_UNKNOWN_USER);
    teardown();
}
END_TEST

START_TEST(test_password_bytes_kept)
{
    struct ntlmgss_user_entry *e;

    setup();
    /* Nothing is trimmed; ':' belongs to the password; CR ends it. */
    write_users("D:spaces: pass word \n"
                "D:colon:pa:ss\n"
                "D:colons:a:b:c:d\n"
                "D:crlf:secret\r\n"
                "D:empty:\n"
                " D : padded :x\n");
    e = lookup_ok("D", "spaces");
    ck_assert_str_eq(e->password, " pass word ");
    ntlmgss_user_entry_free(e);
    e = lookup_ok("D", "colon");
    ck_assert_str_eq(e->password, "pa:ss");
    ntlmgss_user_entry_free(e);
    e = lookup_ok("D", "colons");
    ck_assert_str_eq(e->password, "a:b:c:d");
    ntlmgss_user_entry_free(e);
    e = lookup_ok("D", "crlf");
    ck_assert_str_eq(e->password, "secret");
    ntlmgss_user_entry_free(e);
    e = lookup_ok("D", "empty");
    ck_assert_str_eq(e->password, "");
    /* NTOWFv1("") */
    assert_hash(e, "31d6cfe0d16ae931b73c59d7e0c089c0");
    ntlmgss_user_entry_free(e);
    /* Blanks around names are part of them, as before. */
    lookup_fails("D", "padded", NTLM_ERR_UNKNOWN_USER);
    e = lookup_ok(" D ", " padded ");
    ntlmgss_user_entry_free(e);
    teardown();
}
END_TEST

START_TEST(test_nt_entries)
{
    struct ntlmgss_user_entry *e;

    setup();
    write_users("DOM:bob:{NT}" PASSWORD_NT "\n"
                "DOM:upper:{NT}" OTHER_NT "\n"
                "DOM:short:{NT}abcd\n"
                "DOM:nothex:{NT}zz" PASSWORD_NT "\n");
    e = lookup_ok("DOM", "bob");
    ck_assert_ptr_null(e->password);
    ck_assert_uint_eq(e->password_len, 0);
    ck_assert_mem_eq(e->nt_hash, password_nt, 16);
    ck_assert(!e->has_lm_hash);
    ntlmgss_user_entry_free(e);
    e = lookup_ok("dom", "UPPER");
    assert_hash(e, OTHER_NT);
    ntlmgss_user_entry_free(e);
    lookup_fails("DOM", "short", NTLM_ERR_USER_FILE);
    lookup_fails("DOM", "nothex", NTLM_ERR_USER_FILE);
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(NTLM_ERR_USER_FILE),
                                 "line 4"));
    teardown();
}
END_TEST

/* smbpasswd lines, which the existing mechanism also reads. */
START_TEST(test_smbpasswd_format)
{
    struct ntlmgss_user_entry *e;

    setup();
    write_users(
        "carol:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" PASSWORD_NT
        ":[U          ]:LCT-5F5F5F5F:\n"
        "DOM\\dave:1001:" OTHER_NT ":" PASSWORD_NT ":[U          ]:"
        "LCT-5F5F5F5F:\n"
        "erin:1002:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" PASSWORD_NT
        ":[DU         ]:LCT-5F5F5F5F:\n"
        "frank:1003:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:"
        "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:[U          ]:LCT-5F5F5F5F:\n"
        "gina:1004:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" PASSWORD_NT "\r\n");
    /* No domain in the name: any domain matches. */
    e = lookup_ok("ANYDOM", "Carol");
    ck_assert_str_eq(e->domain, "");
    ck_assert_ptr_null(e->password);
    ck_assert_mem_eq(e->nt_hash, password_nt, 16);
    ck_assert(!e->has_lm_hash);
    ntlmgss_user_entry_free(e);
    /* DOMAIN\USER names and an LM hash. */
    e = lookup_ok("dom", "DAVE");
    ck_assert_str_eq(e->domain, "DOM");
    ck_assert_str_eq(e->user, "dave");
    ck_assert(e->has_lm_hash);
    ntlmgss_user_entry_free(e);
    lookup_fails("OTHER", "dave", NTLM_ERR_UNKNOWN_USER);
    /* Disabled accounts and accounts without an NT hash never match. */
    lookup_fails(NULL, "erin", NTLM_ERR_UNKNOWN_USER);
    lookup_fails(NULL, "frank", NTLM_ERR_UNKNOWN_USER);
    /* Four fields without the trailing ':' are accepted too. */
    e = lookup_ok(NULL, "gina");
    ck_assert_mem_eq(e->nt_hash, password_nt, 16);
    ntlmgss_user_entry_free(e);
    teardown();
}
END_TEST

START_TEST(test_case_insensitive_unicode)
{
    struct ntlmgss_user_entry *e;

    setup();
    write_users("D\xc3\x96M\xc3\x84NE:J\xc3\xbcrgen:{NT}" PASSWORD_NT "\n"
                "\xce\x95\xce\x9b\xce\x9b\xce\x91\xce\x94\xce\x91:"
                "\xce\xb1\xce\xbb\xce\xad\xce\xbe\xce\xb7\xcf\x82:"
                "{NT}" OTHER_NT "\n"
                "corp:\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd:{NT}" PASSWORD_NT "\n");
    /* dömäne \ JÜRGEN */
    e = lookup_ok("d\xc3\xb6m\xc3\xa4ne", "J\xc3\x9cRGEN");
    ck_assert_str_eq(e->user, "J\xc3\xbcrgen");
    ntlmgss_user_entry_free(e);
    /* Greek: ελλαδα \ ΑΛΈΞΗΣ (final sigma upper-cases to Σ) */
    e = lookup_ok("\xce\xb5\xce\xbb\xce\xbb\xce\xb1\xce\xb4\xce\xb1",
                  "\xce\x91\xce\x9b\xce\x88\xce\x9e\xce\x97\xce\xa3");
    assert_hash(e, OTHER_NT);
    ntlmgss_user_entry_free(e);
    /* Cyrillic: ИВАН */
    e = lookup_ok("CORP", "\xd0\x98\xd0\x92\xd0\x90\xd0\x9d");
    ntlmgss_user_entry_free(e);
    /* Different letters still differ. */
    lookup_fails("d\xc3\xb6m\xc3\xa4ne", "Jurgen", NTLM_ERR_UNKNOWN_USER);
    teardown();
}
END_TEST

START_TEST(test_fold)
{
    char *f = NULL;

    ck_assert_int_eq(ntlmgss_userdb_fold("abcXYZ09", 8, &f), 0);
    ck_assert_str_eq(f, "ABCXYZ09");
    free(f);
    ck_assert_int_eq(ntlmgss_userdb_fold("\xc3\xa9t\xc3\xa9", 5, &f), 0);
    ck_assert_str_eq(f, "\xc3\x89T\xc3\x89");
    free(f);
    /* Not UTF-8: ASCII letters fold, other bytes stay. */
    ck_assert_int_eq(ntlmgss_userdb_fold("a\xff" "b", 3, &f), 0);
    ck_assert_str_eq(f, "A\xff" "B");
    free(f);
}
END_TEST

START_TEST(test_comments_and_malformed)
{
    struct ntlmgss_user_entry *e;
    size_t n = 99;
    static const char text[] =
        "# comment: with:colons\n"
        "\n"
        "   \n"
        "no colon at all\n"
        "only:one colon\n"
        "DOM:ok:{NT}" PASSWORD_NT "\n"
        "DOM::{NT}" PASSWORD_NT "\n"
        " # not a comment:user:{NT}" PASSWORD_NT "\n"
        "DOM:last:{NT}" PASSWORD_NT;       /* no final newline */

    setup();
    ck_assert_int_eq(ntlmgss_userdb_parse_check(text, strlen(text), &n), 0);
    ck_assert_uint_eq(n, 3);
    write_users(text);
    e = lookup_ok("DOM", "ok");
    ck_assert_uint_eq(e->line, 6);
    ntlmgss_user_entry_free(e);
    e = lookup_ok("DOM", "last");
    ck_assert_uint_eq(e->line, 9);
    ntlmgss_user_entry_free(e);
    /* As in the existing mechanism, '#' is a comment only in column 1. */
    e = lookup_ok(" # not a comment", "user");
    ntlmgss_user_entry_free(e);
    lookup_fails(NULL, "one colon", NTLM_ERR_UNKNOWN_USER);

    ck_assert_int_eq(ntlmgss_userdb_parse_check("", 0, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(ntlmgss_userdb_parse_check("a\0b:c:d\nD:u:{NT}"
                                                PASSWORD_NT, 42, &n), 0);
    ck_assert_uint_eq(n, 1);
    teardown();
}
END_TEST

START_TEST(test_domain_matching)
{
    struct ntlmgss_user_entry *e;

    setup();
    write_users(":gina:{NT}" PASSWORD_NT "\n"
                "DOM:gina:{NT}" OTHER_NT "\n"
                "DOM:henry:{NT}" PASSWORD_NT "\n");
    /* An exact domain wins over an earlier empty-domain line. */
    e = lookup_ok("dom", "gina");
    assert_hash(e, OTHER_NT);
    ntlmgss_user_entry_free(e);
    /* An empty domain matches any other domain. */
    e = lookup_ok("ELSEWHERE", "gina");
    assert_hash(e, PASSWORD_NT);
    ck_assert_str_eq(e->domain, "");
    ntlmgss_user_entry_free(e);
    /* No domain asked: first entry in file order. */
    e = lookup_ok(NULL, "GINA");
    assert_hash(e, PASSWORD_NT);
    ntlmgss_user_entry_free(e);
    lookup_fails("ELSEWHERE", "henry", NTLM_ERR_UNKNOWN_USER);
    teardown();
}
END_TEST

START_TEST(test_first)
{
    struct ntlmgss_user_entry *e = NULL;

    setup();
    write_users("# header\n"
                "bad line\n"
                "erin:1002:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" PASSWORD_NT
                ":[DU         ]:LCT-5F5F5F5F:\n"
                "DOM:first:{NT}" PASSWORD_NT "\n"
                "DOM:second:{NT}" PASSWORD_NT "\n");
    ck_assert_int_eq(ntlmgss_userdb_first(upath, &e), 0);
    ck_assert_str_eq(e->user, "first");
    ntlmgss_user_entry_free(e);
    write_users("# nothing\n");
    ck_assert_int_eq(ntlmgss_userdb_first(upath, &e), NTLM_ERR_UNKNOWN_USER);
    ck_assert_ptr_null(e);
    teardown();
}
END_TEST

START_TEST(test_errors)
{
    struct ntlmgss_user_entry *e = NULL;
    uint8_t h[16];

    setup();
    ck_assert_int_eq(ntlmgss_userdb_lookup("/nonexistent/users", "D", "u",
                                           &e), NTLM_ERR_USER_FILE);
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(NTLM_ERR_USER_FILE),
                                 "/nonexistent/users"));
    ck_assert_int_eq(ntlmgss_userdb_lookup(tmpdir, "D", "u", &e),
                     NTLM_ERR_USER_FILE);
    ck_assert_int_eq(ntlmgss_userdb_lookup(NULL, "D", "u", &e),
                     NTLM_ERR_INVALID_ARGUMENT);
    write_users("D:u:{NT}" PASSWORD_NT "\n");
    ck_assert_int_eq(ntlmgss_userdb_lookup(upath, "D", "", &e),
                     NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(
        NTLM_ERR_INVALID_ARGUMENT), "empty user name"));
    ck_assert_int_eq(ntlmgss_userdb_lookup(upath, "D", NULL, &e),
                     NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ntlmgss_userdb_first("/nonexistent", &e),
                     NTLM_ERR_USER_FILE);
    ck_assert_int_eq(ntlmgss_userdb_hex_to_hash("00", 2, h),
                     NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ntlmgss_userdb_hex_to_hash(PASSWORD_NT, 32, h), 0);
    ck_assert_mem_eq(h, password_nt, 16);
    ntlmgss_user_entry_free(NULL);
    teardown();
}
END_TEST

/* A settled file (past filestamp.h's 2 s "just written" window) is
 * still checked on every lookup: a change shows at once (issue 11). */
START_TEST(test_settled_file_recheck)
{
    struct ntlmgss_user_entry *e;

    setup();
    write_users("DOM:kim:{NT}" PASSWORD_NT "\n");
    usleep(2500 * 1000);                 /* let the file settle */
    e = lookup_ok("DOM", "kim");
    assert_hash(e, PASSWORD_NT);
    ntlmgss_user_entry_free(e);
    write_users("DOM:kim:{NT}" OTHER_NT "\n");
    e = lookup_ok("DOM", "kim");
    assert_hash(e, OTHER_NT);
    ntlmgss_user_entry_free(e);
    teardown();
}
END_TEST

START_TEST(test_reload_on_change)
{
    struct ntlmgss_user_entry *e;
    struct timespec times[2];
    FILE *f;

    setup();
    write_users("DOM:kim:{NT}" PASSWORD_NT "\n");
    e = lookup_ok("DOM", "kim");
    assert_hash(e, PASSWORD_NT);
    ntlmgss_user_entry_free(e);

    /* Replaced by rename (new inode). */
    write_users("DOM:kim:{NT}" OTHER_NT "\n");
    e = lookup_ok("DOM", "kim");
    assert_hash(e, OTHER_NT);
    ntlmgss_user_entry_free(e);

    /* Rewritten in place with the same size: caught by the mtime. */
    f = fopen(upath, "r+");
    ck_assert_ptr_nonnull(f);
    fputs("DOM:kim:{NT}" PASSWORD_NT "\n", f);
    fclose(f);
    times[0].tv_sec = 1000000000;
    times[0].tv_nsec = 1;
    times[1] = times[0];
    ck_assert_int_eq(utimensat(AT_FDCWD, upath, times, 0), 0);
    e = lookup_ok("DOM", "kim");
    assert_hash(e, PASSWORD_NT);
    ntlmgss_user_entry_free(e);

    /* A user added later appears; a removed one disappears. */
    write_users("DOM:lee:{NT}" PASSWORD_NT "\n");
    lookup_fails("DOM", "kim", NTLM_ERR_UNKNOWN_USER);
    e = lookup_ok("DOM", "lee");
    ntlmgss_user_entry_free(e);

    /* The file vanishes: an error, not a stale answer. */
    ck_assert_int_eq(unlink(upath), 0);
    lookup_fails("DOM", "lee", NTLM_ERR_USER_FILE);
    teardown();
}
END_TEST

START_TEST(test_set_writes_0600)
{
    struct ntlmgss_user_entry *e;
    struct stat st;
    const char *text;
    mode_t old;
    int ret;

    setup();
    old = umask(022);
    ret = ntlmgss_userdb_set(upath, "DOM", "newuser", "Password", 8);
    ck_assert_int_eq(ret, 0);
    umask(old);
    ck_assert_int_eq(stat(upath, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    text = read_all(upath);
    ck_assert_str_eq(text, "DOM:newuser:{NT}A4F49C406510BDCAB6824EE7C30FD852"
                     "\n");
    e = lookup_ok("dom", "NEWUSER");
    ck_assert_mem_eq(e->nt_hash, password_nt, 16);
    ck_assert_ptr_null(e->password);
    ntlmgss_user_entry_free(e);

    /* Replace an entry in a file with other lines, comments and an
     * old-format entry for the same user; keep everything else. */
    write_file_mode(upath, "# my users\n"
                    "DOM:alice:oldpassword\n"
                    "OTHER:alice:keep\n"
                    "dom:ALICE:duplicate\n"
                    "broken line\n"
                    "DOM:zed:{NT}" OTHER_NT, 0644);
    ck_assert_int_eq(ntlmgss_userdb_set(upath, "DOM", "alice", "Password",
                                        8), 0);
    ck_assert_int_eq(stat(upath, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    text = read_all(upath);
    ck_assert_str_eq(text, "# my users\n"
                     "DOM:alice:{NT}A4F49C406510BDCAB6824EE7C30FD852\n"
                     "OTHER:alice:keep\n"
                     "broken line\n"
                     "DOM:zed:{NT}" OTHER_NT "\n");
    ck_assert_ptr_null(strstr(text, "oldpassword"));
    e = lookup_ok("DOM", "alice");
    ck_assert_mem_eq(e->nt_hash, password_nt, 16);
    ntlmgss_user_entry_free(e);

    /* Bad names are refused. */
    ck_assert_int_eq(ntlmgss_userdb_set(upath, "D:X", "u", "p", 1),
                     NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ntlmgss_userdb_set(upath, "D", "u\nv", "p", 1),
                     NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ntlmgss_userdb_set(upath, "D", "", "p", 1),
                     NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ntlmgss_userdb_set(upath, "#D", "u", "p", 1),
                     NTLM_ERR_INVALID_ARGUMENT);
    /* Empty domain allowed. */
    ck_assert_int_eq(ntlmgss_userdb_set(upath, "", "any", "Password", 8), 0);
    e = lookup_ok("WHATEVER", "any");
    ntlmgss_user_entry_free(e);
    teardown();
}
END_TEST

START_TEST(test_set_no_leftovers)
{
    char cmd[256];
    int ret;

    setup();
    ret = ntlmgss_userdb_set(upath, "DOM", "a", "x", 1);
    ck_assert_int_eq(ret, 0);
    ret = ntlmgss_userdb_set(upath, "DOM", "b", "y", 1);
    ck_assert_int_eq(ret, 0);
    snprintf(cmd, sizeof(cmd), "test \"$(ls -A '%s')\" = users", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
    /* A directory that cannot be written: an error, file unchanged. */
    if (geteuid() != 0) {
        ck_assert_int_eq(chmod(tmpdir, 0500), 0);
        ck_assert_int_eq(ntlmgss_userdb_set(upath, "DOM", "c", "z", 1),
                         NTLM_ERR_USER_FILE);
        ck_assert_int_eq(chmod(tmpdir, 0700), 0);
    }
    teardown();
}
END_TEST

START_TEST(test_permission_warning_and_no_secrets)
{
    struct ntlmgss_user_entry *e;
    char tpath[160];
    const char *log;

    setup();
    snprintf(tpath, sizeof(tpath), "%s/trace.log", tmpdir);
    setenv("NTLMGSS_TRACE", tpath, 1);
    ntlmgss_trace_reinit();
    write_file_mode(upath, "DOM:mallory:{NT}" OTHER_NT "\n"
                    "DOM:pw:TopSecretPassword\n", 0644);
    e = lookup_ok("DOM", "mallory");
    ntlmgss_user_entry_free(e);
    lookup_fails("DOM", "nobody", NTLM_ERR_UNKNOWN_USER);
    log = read_all(tpath);
    ck_assert_ptr_nonnull(strstr(log, "accessible by group or others"));
    ck_assert_ptr_nonnull(strstr(log, "0644"));
    ck_assert_ptr_nonnull(strstr(log, "matched line 1"));
    ck_assert_ptr_null(strstr(log, OTHER_NT));
    ck_assert_ptr_null(strstr(log, "0123456789ABCDEF"));
    ck_assert_ptr_null(strstr(log, "TopSecretPassword"));

    /* A 0600 file gets no warning. */
    (void)ntlmgss_trace_open(NULL, false);
    unlink(tpath);
    (void)ntlmgss_trace_open(tpath, false);
    write_users("DOM:mallory:{NT}" OTHER_NT "\n");
    e = lookup_ok("DOM", "mallory");
    ntlmgss_user_entry_free(e);
    log = read_all(tpath);
    ck_assert_ptr_null(strstr(log, "accessible by group or others"));
    ck_assert_ptr_nonnull(strstr(log, "loaded"));
    (void)ntlmgss_trace_open(NULL, false);
    unsetenv("NTLMGSS_TRACE");          /* CK_FORK=no: not for the next */
    teardown();
}
END_TEST

/*
 * Regression: a UTF-8 byte order mark at the start of the file (as some
 * Windows editors write) made the first user silently unknown.  It is
 * skipped, and the trace says so.
 */
START_TEST(test_bom_skipped)
{
    struct ntlmgss_user_entry *e;
    char tpath[160];
    const char *log, *text;
    size_t n = 0;

    setup();
    snprintf(tpath, sizeof(tpath), "%s/trace.log", tmpdir);
    (void)ntlmgss_trace_open(tpath, false);
    write_users("\xef\xbb\xbf" "DOM:alice:{NT}" PASSWORD_NT "\n"
                "DOM:bob:{NT}" OTHER_NT "\n");
    e = lookup_ok("DOM", "alice");
    ck_assert_str_eq(e->domain, "DOM");
    ck_assert_uint_eq(e->line, 1);
    assert_hash(e, PASSWORD_NT);
    ntlmgss_user_entry_free(e);
    e = lookup_ok(NULL, "bob");
    ck_assert_uint_eq(e->line, 2);
    ntlmgss_user_entry_free(e);
    log = read_all(tpath);
    ck_assert_ptr_nonnull(strstr(log, "line 1: warning: the file starts "
                                 "with a UTF-8 byte order mark: skipped"));
    ck_assert_int_eq(ntlmgss_userdb_first(upath, &e), 0);
    ck_assert_str_eq(e->domain, "DOM");
    ntlmgss_user_entry_free(e);
    ck_assert_int_eq(ntlmgss_userdb_parse_check("\xef\xbb\xbf" "D:u:p", 8,
                                                &n), 0);
    ck_assert_uint_eq(n, 1);
    /* A BOM alone, or only part of one, is no entry and no crash. */
    ck_assert_int_eq(ntlmgss_userdb_parse_check("\xef\xbb\xbf", 3, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(ntlmgss_userdb_parse_check("\xef\xbb", 2, &n), 0);
    ck_assert_uint_eq(n, 0);

    /* Replacing that user rewrites line 1 instead of adding a second
     * DOM:alice line behind it. */
    ck_assert_int_eq(ntlmgss_userdb_set(upath, "dom", "ALICE", "Other", 5),
                     0);
    text = read_all(upath);
    ck_assert_ptr_null(strstr(text, "\xef\xbb\xbf"));
    ck_assert_ptr_null(strstr(text, PASSWORD_NT));
    ck_assert_ptr_nonnull(strstr(text, "DOM:bob:"));
    ck_assert_ptr_nonnull(strstr(text, "dom:ALICE:{NT}"));
    (void)ntlmgss_trace_open(NULL, false);
    teardown();
}
END_TEST

/*
 * Duplicated users: the first matching line wins, as in gss-ntlmssp
 * (get_user_file_creds stops at the first match), and loading with the
 * trace on now says which later lines are never used.
 */
START_TEST(test_duplicates_traced)
{
    struct ntlmgss_user_entry *e;
    char tpath[160];
    const char *log;

    setup();
    snprintf(tpath, sizeof(tpath), "%s/trace.log", tmpdir);
    (void)ntlmgss_trace_open(tpath, false);
    write_users("DOM:alice:{NT}" PASSWORD_NT "\n"
                "DOM:bob:{NT}" PASSWORD_NT "\n"
                "dom:ALICE:{NT}" OTHER_NT "\n"
                "carl:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" PASSWORD_NT
                ":[U          ]:LCT-0:\n"
                "DOM:carl:{NT}" OTHER_NT "\n");
    e = lookup_ok("Dom", "Alice");
    ck_assert_uint_eq(e->line, 1);
    assert_hash(e, PASSWORD_NT);
    ntlmgss_user_entry_free(e);
    e = lookup_ok("DOM", "carl");
    ck_assert_uint_eq(e->line, 4);
    ntlmgss_user_entry_free(e);
    log = read_all(tpath);
    ck_assert_ptr_nonnull(strstr(log, "line 3: warning: duplicate of line 1 "
                                 "(dom\\ALICE"));
    ck_assert_ptr_nonnull(strstr(log, "line 5: warning: never used: line 4"));
    ck_assert_ptr_null(strstr(log, "line 2: warning"));
    ck_assert_ptr_null(strstr(log, OTHER_NT));
    ck_assert_ptr_null(strstr(log, PASSWORD_NT));
    (void)ntlmgss_trace_open(NULL, false);
    teardown();
}
END_TEST

/* ---- ntlmgss_userdb_check ---------------------------------------------- */

struct finding {
    unsigned line;
    int severity;
    char msg[512];
};

struct findings {
    struct finding f[64];
    size_t n;
    int worst;
    int ret;
};

static void
collect(void *arg, unsigned line, int severity, const char *msg)
{
    struct findings *fs = arg;

    ck_assert_uint_lt(fs->n, 64);
    if (fs->n > 0)
        ck_assert_uint_le(fs->f[fs->n - 1].line, line);  /* line order */
    fs->f[fs->n].line = line;
    fs->f[fs->n].severity = severity;
    snprintf(fs->f[fs->n].msg, sizeof(fs->f[fs->n].msg), "%s", msg);
    fs->n++;
    if (severity > fs->worst)
        fs->worst = severity;
}

static const struct findings *
check_path(const char *path)
{
    static struct findings fs;

    memset(&fs, 0, sizeof(fs));
    fs.ret = ntlmgss_userdb_check(path, collect, &fs);
    return &fs;
}

static const struct findings *
check_text(const char *text)
{
    write_users(text);
    return check_path(upath);
}

static void
dump(const struct findings *fs)
{
    size_t i;

    for (i = 0; i < fs->n; i++)
        fprintf(stderr, "  %u: %d: %s\n", fs->f[i].line, fs->f[i].severity,
                fs->f[i].msg);
}

/* One finding at line with severity whose text holds needle. */
static void
assert_finding(const struct findings *fs, unsigned line, int severity,
               const char *needle)
{
    size_t i;

    for (i = 0; i < fs->n; i++) {
        if (fs->f[i].line == line && fs->f[i].severity == severity &&
            strstr(fs->f[i].msg, needle) != NULL)
            return;
    }
    dump(fs);
    ck_abort_msg("no finding %u/%d '%s'", line, severity, needle);
}

static void
assert_nothing_on(const struct findings *fs, unsigned line)
{
    size_t i;

    for (i = 0; i < fs->n; i++) {
        if (fs->f[i].line == line) {
            dump(fs);
            ck_abort_msg("unexpected finding on line %u", line);
        }
    }
}

#define W NTLMGSS_USERDB_WARNING
#define E NTLMGSS_USERDB_ERROR
#define SMB(name, nt) name ":1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" nt \
    ":[U          ]:LCT-5F5F5F5F:\n"

START_TEST(test_check_clean)
{
    const struct findings *fs;

    setup();
    fs = check_text("# users\n"
                    "\n"
                    "DOM:alice:{NT}" PASSWORD_NT "\n"
                    "OTHER:alice:Password\n"
                    "DOM:bob:Pässwörd\n"
                    "DOM:Jörg:{NT}" OTHER_NT "\n"
                    SMB("DOM\\carol", PASSWORD_NT)
                    SMB("dave", PASSWORD_NT)
                    "erin:1002:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" PASSWORD_NT
                    ":[DU         ]:LCT-5F5F5F5F:\n");
    ck_assert_int_eq(fs->ret, 0);
    if (fs->n != 0)
        dump(fs);
    ck_assert_uint_eq(fs->n, 0);
    ck_assert_int_eq(fs->worst, 0);
    teardown();
}
END_TEST

START_TEST(test_check_file_problems)
{
    const struct findings *fs;
    char path[160];

    setup();
    fs = check_path("/nonexistent/users");
    ck_assert_int_eq(fs->ret, NTLM_ERR_USER_FILE);
    ck_assert_uint_eq(fs->n, 1);
    assert_finding(fs, 0, E, "cannot open: No such file or directory");

    fs = check_path(tmpdir);
    ck_assert_int_eq(fs->ret, NTLM_ERR_USER_FILE);
    assert_finding(fs, 0, E, "not a regular file (a directory)");

    /* A FIFO is reported, not waited on. */
    snprintf(path, sizeof(path), "%s/fifo", tmpdir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    fs = check_path(path);
    ck_assert_int_eq(fs->ret, NTLM_ERR_USER_FILE);
    assert_finding(fs, 0, E, "not a regular file (a FIFO)");

    write_file_mode(upath, "DOM:alice:{NT}" PASSWORD_NT "\n", 0644);
    fs = check_path(upath);
    ck_assert_int_eq(fs->ret, 0);
    ck_assert_uint_eq(fs->n, 1);
    assert_finding(fs, 0, W, "readable by others (mode 0644)");
    ck_assert_int_eq(fs->worst, W);

    write_file_mode(upath, "DOM:alice:{NT}" PASSWORD_NT "\n", 0620);
    fs = check_path(upath);
    assert_finding(fs, 0, E, "writable by the group (mode 0620)");
    ck_assert_int_eq(fs->worst, E);

    write_file_mode(upath, "DOM:alice:{NT}" PASSWORD_NT "\n", 0640);
    fs = check_path(upath);
    assert_finding(fs, 0, W, "readable by the group (mode 0640)");

    fs = check_text("# nothing\n");
    assert_finding(fs, 0, W, "no entries");
    fs = check_text(SMB("erin", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"));
    assert_finding(fs, 0, W, "no usable entry");

    ck_assert_int_eq(ntlmgss_userdb_check(NULL, collect, NULL),
                     NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ntlmgss_userdb_check(upath, NULL, NULL),
                     NTLM_ERR_INVALID_ARGUMENT);
    teardown();
}
END_TEST

START_TEST(test_check_lines)
{
    const struct findings *fs;
    size_t i;

    setup();
    fs = check_text("\xef\xbb\xbf" "DOM:alice:{NT}" PASSWORD_NT "\n"   /* 1 */
                    "DOM:short:{NT}abcd\n"                             /* 2 */
                    "bob:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:"
                    "NOTAHASH:[U          ]:LCT-0:\n"                  /* 3 */
                    "DOM:1234:pass:word\n"                             /* 4 */
                    "carl:1001:GARBAGE:" PASSWORD_NT ":[U ]:\n"        /* 5 */
                    "DOM:\xff\xfeuser:Password\n"                      /* 6 */
                    "DOM:latin:\xe9t\xe9\n"                            /* 7 */
                    "only:one colon\n"                                 /* 8 */
                    "DOM::{NT}" PASSWORD_NT "\n"                       /* 9 */
                    " # old:frank:Password\n"                          /* 10 */
                    "DOM: gina:Password\n"                             /* 11 */
                    "DOM:hank:\n"                                      /* 12 */
                    "\xc3(:ivan:Password\n"                            /* 13 */
                    "DOM:\x1b\xff:Password\n");                        /* 14 */
    ck_assert_int_eq(fs->ret, 0);
    assert_finding(fs, 1, W, "UTF-8 byte order mark");
    assert_finding(fs, 2, E, "{NT} value is not 32 hex digits");
    assert_finding(fs, 3, E, "form of an smbpasswd line");
    assert_finding(fs, 3, E, "domain 'bob', user '1000'");
    /* A numeric Heimdal user with ':' in the password: only a warning. */
    assert_finding(fs, 4, W, "form of an smbpasswd line");
    assert_finding(fs, 5, W, "LM hash field");
    assert_finding(fs, 6, E, "user name '\\xff\\xfeuser' is not valid UTF-8");
    assert_finding(fs, 7, E, "password is not valid UTF-8");
    assert_finding(fs, 8, E, "line ignored: not DOMAIN:USER:PASSWORD");
    assert_finding(fs, 9, E, "line ignored: empty user name");
    assert_finding(fs, 10, W, "'#' starts a comment only in the first "
                   "column");
    assert_finding(fs, 11, W, "user name ' gina' begins or ends with a "
                   "blank");
    assert_finding(fs, 12, W, "empty password");
    assert_finding(fs, 13, E, "domain '\\xc3(' is not valid UTF-8");
    assert_finding(fs, 14, E, "user name '\\x1b\\xff' is not valid");
    ck_assert_int_eq(fs->worst, E);
    /* Never a password, hash or raw unprintable byte in a message. */
    for (i = 0; i < fs->n; i++) {
        ck_assert_ptr_null(strstr(fs->f[i].msg, "Password"));
        ck_assert_ptr_null(strstr(fs->f[i].msg, "pass:word"));
        ck_assert_ptr_null(strstr(fs->f[i].msg, PASSWORD_NT));
        ck_assert_ptr_null(strstr(fs->f[i].msg, "\xe9t"));
        ck_assert_ptr_null(strchr(fs->f[i].msg, '\x1b'));
        ck_assert_ptr_null(strchr(fs->f[i].msg, '\xff'));
    }
    teardown();
}
END_TEST

/* Duplicates and shadowing, as the lookup rules decide. */
START_TEST(test_check_overlaps)
{
    const struct findings *fs;
    struct ntlmgss_user_entry *e;

    setup();
    fs = check_text("DOM:alice:{NT}" PASSWORD_NT "\n"                  /* 1 */
                    "dom:ALICE:{NT}" OTHER_NT "\n"                     /* 2 */
                    SMB("DOM\\Alice", OTHER_NT)                        /* 3 */
                    "OTHER:alice:{NT}" OTHER_NT "\n"                   /* 4 */
                    SMB("bob", PASSWORD_NT)                            /* 5 */
                    "DOM:bob:{NT}" OTHER_NT "\n"                       /* 6 */
                    SMB("BOB", OTHER_NT)                               /* 7 */
                    ":bob:Password\n"                                  /* 8 */
                    ":carl:Password\n"                                 /* 9 */
                    "DOM:carl:{NT}" OTHER_NT "\n"                      /* 10 */
                    "X:carl:{NT}" OTHER_NT "\n"                        /* 11 */
                    ":CARL:Other\n"                                    /* 12 */
                    "DOM:dave:{NT}" OTHER_NT "\n"                      /* 13 */
                    SMB("dave", PASSWORD_NT)                           /* 14 */
                    ":erin:Password\n"                                 /* 15 */
                    SMB("erin", PASSWORD_NT)                           /* 16 */
                    SMB("\\frank", PASSWORD_NT)                        /* 17 */
                    "DOM:gina:{NT}" PASSWORD_NT "\n"                   /* 18 */
                    SMB("\\gina", PASSWORD_NT));                       /* 19 */
    ck_assert_int_eq(fs->ret, 0);
    assert_nothing_on(fs, 1);
    assert_finding(fs, 2, W, "duplicate of line 1 (dom\\ALICE");
    assert_finding(fs, 3, W, "duplicate of line 1 (DOM\\Alice");
    assert_nothing_on(fs, 4);
    assert_nothing_on(fs, 5);
    assert_finding(fs, 6, W, "never used: line 5 (smbpasswd entry for "
                   "'bob' without DOMAIN\\)");
    assert_finding(fs, 7, W, "duplicate of line 5");
    assert_finding(fs, 8, W, "never used: line 5");
    assert_finding(fs, 9, W, "empty domain shadowed for domain 'DOM' (and "
                   "1 other domain) by line 10");
    assert_nothing_on(fs, 10);
    assert_nothing_on(fs, 11);
    assert_finding(fs, 12, W, "duplicate of line 9");
    assert_nothing_on(fs, 13);
    assert_finding(fs, 14, W, "shadowed for domain 'DOM' by line 13");
    assert_finding(fs, 15, W, "used only when no domain is given: line 16");
    assert_nothing_on(fs, 16);
    assert_finding(fs, 17, W, "matches only when no domain is given");
    assert_finding(fs, 19, W, "never used: with an empty domain before "
                   "'\\'");
    ck_assert_int_eq(fs->worst, W);

    /* What the check says is what lookups do. */
    ntlmgss_userdb_flush();
    e = lookup_ok("DOM", "ALICE");
    ck_assert_uint_eq(e->line, 1);
    ntlmgss_user_entry_free(e);
    e = lookup_ok("DOM", "bob");
    ck_assert_uint_eq(e->line, 5);
    ntlmgss_user_entry_free(e);
    e = lookup_ok("ELSE", "carl");
    ck_assert_uint_eq(e->line, 9);
    ntlmgss_user_entry_free(e);
    e = lookup_ok("X", "carl");
    ck_assert_uint_eq(e->line, 11);
    ntlmgss_user_entry_free(e);
    e = lookup_ok("DOM", "dave");
    ck_assert_uint_eq(e->line, 13);
    ntlmgss_user_entry_free(e);
    e = lookup_ok("ELSE", "dave");
    ck_assert_uint_eq(e->line, 14);
    ntlmgss_user_entry_free(e);
    e = lookup_ok("ELSE", "erin");
    ck_assert_uint_eq(e->line, 16);
    ntlmgss_user_entry_free(e);
    e = lookup_ok(NULL, "erin");
    ck_assert_uint_eq(e->line, 15);
    ntlmgss_user_entry_free(e);
    lookup_fails("DOM", "frank", NTLM_ERR_UNKNOWN_USER);
    e = lookup_ok(NULL, "frank");
    ck_assert_uint_eq(e->line, 17);
    ntlmgss_user_entry_free(e);
    teardown();
}
END_TEST

/*
 * Every file of up to four lines for one user, each line one of: a line
 * naming domain A, one naming B, an smbpasswd line without a domain, a
 * Heimdal line with an empty domain, an smbpasswd "\USER" line.  A line
 * is reported "never used" exactly when no lookup (domain A, B, another,
 * or none) returns it, and "only when no domain is given" exactly when
 * only the lookup without a domain does.
 */
#define NUM_KINDS 5
static const char *const kind_line[NUM_KINDS] = {
    "A:user:{NT}" PASSWORD_NT "\n",
    "b:USER:{NT}" OTHER_NT "\n",
    SMB("user", PASSWORD_NT),
    ":user:Password\n",
    SMB("\\user", OTHER_NT)
};

START_TEST(test_check_agrees_with_lookup)
{
    static const char *const domains[] = { "A", "B", "ELSEWHERE", NULL };
    const struct findings *fs;
    struct ntlmgss_user_entry *e;
    char text[1024];
    bool reached[5], reached_named[5];
    unsigned combo, len, i, k, n, d;
    size_t j;
    int ret;

    setup();
    for (len = 1; len <= 4; len++) {
        n = 1;
        for (i = 0; i < len; i++)
            n *= NUM_KINDS;
        for (combo = 0; combo < n; combo++) {
            text[0] = '\0';
            for (i = 0, k = combo; i < len; i++, k /= NUM_KINDS)
                strcat(text, kind_line[k % NUM_KINDS]);
            write_users(text);
            ntlmgss_userdb_flush();
            memset(reached, 0, sizeof(reached));
            memset(reached_named, 0, sizeof(reached_named));
            for (d = 0; d < 4; d++) {
                e = NULL;
                ret = ntlmgss_userdb_lookup(upath, domains[d], "USER", &e);
                if (ret != 0)
                    continue;
                ck_assert_uint_ge(e->line, 1);
                ck_assert_uint_le(e->line, len);
                reached[e->line] = true;
                if (domains[d] != NULL)
                    reached_named[e->line] = true;
                ntlmgss_user_entry_free(e);
            }
            fs = check_path(upath);
            ck_assert_int_eq(fs->ret, 0);
            for (i = 1; i <= len; i++) {
                bool never = false, only_none = false;

                for (j = 0; j < fs->n; j++) {
                    if (fs->f[j].line != i)
                        continue;
                    if (strstr(fs->f[j].msg, "never used") != NULL)
                        never = true;
                    if (strstr(fs->f[j].msg, "only when no domain is "
                               "given") != NULL)
                        only_none = true;
                }
                if (never != !reached[i] ||
                    only_none != (reached[i] && !reached_named[i])) {
                    fprintf(stderr, "file:\n%s", text);
                    dump(fs);
                    ck_abort_msg("line %u: reached %d (named %d), check "
                                 "says never %d, only-no-domain %d", i,
                                 reached[i], reached_named[i], never,
                                 only_none);
                }
            }
        }
    }
    teardown();
}
END_TEST
#define BIG_N 100000

/* CPU time of this process in ms: other processes on a loaded machine do
 * not count, and comparing two measurements of the same process cancels
 * how fast the machine is (valgrind, sanitizers). */
static double
cpu_ms(void)
{
    struct timespec ts;

    ck_assert_int_eq(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts), 0);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
write_big(const char *path, int n)
{
    FILE *f = fopen(path, "w");
    int i;

    ck_assert_ptr_nonnull(f);
    for (i = 0; i < n; i++)
        fprintf(f, "DOM%d:user%06d:{NT}%032x\n", i % 7, i, i);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(chmod(path, 0600), 0);
}

/* Wait until path was changed more than filestamp.h's "racy" window ago
 * (by the file's ctime and the clock the kernel stamps it with), so that
 * the next load stamps it clean: a just-written file is re-read and
 * digested on every lookup until a check proves it settled. */
static void
wait_settled(const char *path)
{
    struct timespec now;
    struct stat st;
    long long ctime_ns, now_ns;

    ck_assert_int_eq(stat(path, &st), 0);
    ctime_ns = (long long)st.st_ctim.tv_sec * 1000000000LL +
        st.st_ctim.tv_nsec;
    for (;;) {
        ck_assert_int_eq(clock_gettime(CLOCK_REALTIME_COARSE, &now), 0);
        now_ns = (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
        if (now_ns - ctime_ns > NTLM_FSTAMP_RACY_NS + 100000000LL)
            return;
        usleep(50 * 1000);
    }
}

/*
 * A big file: loading grows linearly with its size, and cached lookups are
 * cheap (an lstat and a hash probe).  Ratios of CPU times, not wall-clock
 * limits: a limit in ms failed on a loaded machine under valgrind (the
 * load alone took 2.1 s of a 5 s limit at load average 3.5).  Measured
 * ratios: 4 times the entries cost 3-4 times as much (a quadratic load,
 * 16), and 10000 cached lookups cost 0.1-0.2 of one load (a scan of the
 * entries per lookup, hundreds).  The files are loaded once they are past
 * the racy window: within it every lookup re-reads the whole file, by
 * design, and how many lookups fall into it depends on the machine.
 */
START_TEST(test_big_file)
{
    struct ntlmgss_user_entry *e;
    char name[32], small[160];
    double t0, load_small, load_big, lookups;
    int i;

    setup();
    snprintf(small, sizeof(small), "%s/small", tmpdir);
    write_big(small, BIG_N / 4);
    write_big(upath, BIG_N);
    wait_settled(small);
    wait_settled(upath);

    t0 = cpu_ms();
    ck_assert_int_eq(ntlmgss_userdb_lookup(small, "DOM2", "USER024999", &e),
                     0);
    ntlmgss_user_entry_free(e);
    load_small = cpu_ms() - t0;
    t0 = cpu_ms();
    e = lookup_ok("DOM4", "USER099999");
    ntlmgss_user_entry_free(e);
    load_big = cpu_ms() - t0;
    ck_assert_msg(load_big < 10 * load_small + 20, "loading %d entries "
                  "took %.1f ms of CPU, %d entries %.1f ms", BIG_N,
                  load_big, BIG_N / 4, load_small);

    t0 = cpu_ms();
    for (i = 0; i < 10000; i++) {
        snprintf(name, sizeof(name), "user%06d", (i * 7919) % BIG_N);
        e = lookup_ok(NULL, name);
        ntlmgss_user_entry_free(e);
    }
    lookups = cpu_ms() - t0;
    ck_assert_msg(lookups < load_big, "10000 cached lookups took %.1f ms "
                  "of CPU, loading the file %.1f ms", lookups, load_big);

    e = lookup_ok("dom0", "user000000");
    {
        uint8_t zero[16] = { 0 };

        ck_assert_mem_eq(e->nt_hash, zero, 16);
    }
    ntlmgss_user_entry_free(e);
    lookup_fails("DOM0", "user000001", NTLM_ERR_UNKNOWN_USER);
    teardown();
}
END_TEST

static volatile int stop_threads;

static void *
lookup_loop(void *arg)
{
    struct ntlmgss_user_entry *e;
    int i, ret;

    (void)arg;
    for (i = 0; i < 3000 && !stop_threads; i++) {
        ret = ntlmgss_userdb_lookup(upath, "DOM", "tom", &e);
        if (ret != 0)
            return (void *)1;
        ntlmgss_user_entry_free(e);
    }
    return NULL;
}

START_TEST(test_threads)
{
    pthread_t th[4];
    void *res;
    int i;

    setup();
    write_users("DOM:tom:{NT}" PASSWORD_NT "\n");
    for (i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, lookup_loop, NULL), 0);
    for (i = 0; i < 20; i++) {
        write_users(i % 2 ? "DOM:tom:{NT}" PASSWORD_NT "\n"
                    : "# changed\nDOM:tom:{NT}" OTHER_NT "\n");
        usleep(1000);
    }
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(th[i], &res), 0);
        ck_assert_ptr_null(res);
    }
    teardown();
}
END_TEST

START_TEST(test_many_paths)
{
    struct ntlmgss_user_entry *e;
    char p[160];
    int i;

    setup();
    /* More files than the cache keeps: every lookup still right. */
    for (i = 0; i < 40; i++) {
        snprintf(p, sizeof(p), "%s/u%d", tmpdir, i);
        write_file_mode(p, i % 2 ? "D:odd:{NT}" OTHER_NT "\n"
                        : "D:even:{NT}" PASSWORD_NT "\n", 0600);
        ck_assert_int_eq(ntlmgss_userdb_lookup(p, "D", i % 2 ? "odd" :
                                               "even", &e), 0);
        ntlmgss_user_entry_free(e);
    }
    for (i = 0; i < 40; i++) {
        snprintf(p, sizeof(p), "%s/u%d", tmpdir, i);
        ck_assert_int_eq(ntlmgss_userdb_lookup(p, "D", i % 2 ? "odd" :
                                               "even", &e), 0);
        ntlmgss_user_entry_free(e);
    }
    teardown();
}
END_TEST

Suite *
userdb_suite(void)
{
    Suite *s = suite_create("userdb");
    TCase *tc;

    tc = tcase_create("format");
    tcase_add_test(tc, test_heimdal_format);
    tcase_add_test(tc, test_password_bytes_kept);
    tcase_add_test(tc, test_nt_entries);
    tcase_add_test(tc, test_smbpasswd_format);
    tcase_add_test(tc, test_case_insensitive_unicode);
    tcase_add_test(tc, test_fold);
    tcase_add_test(tc, test_comments_and_malformed);
    tcase_add_test(tc, test_domain_matching);
    tcase_add_test(tc, test_first);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_bom_skipped);
    tcase_add_test(tc, test_duplicates_traced);
    suite_add_tcase(s, tc);

    tc = tcase_create("cache");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_reload_on_change);
    tcase_add_test(tc, test_settled_file_recheck);
    tcase_add_test(tc, test_big_file);
    tcase_add_test(tc, test_threads);
    tcase_add_test(tc, test_many_paths);
    tcase_add_test(tc, test_permission_warning_and_no_secrets);
    suite_add_tcase(s, tc);

    tc = tcase_create("set");
    tcase_add_test(tc, test_set_writes_0600);
    tcase_add_test(tc, test_set_no_leftovers);
    suite_add_tcase(s, tc);

    tc = tcase_create("check");
    tcase_add_test(tc, test_check_clean);
    tcase_add_test(tc, test_check_file_problems);
    tcase_add_test(tc, test_check_lines);
    tcase_add_test(tc, test_check_overlaps);
    tcase_add_test(tc, test_check_agrees_with_lookup);
    suite_add_tcase(s, tc);
    return s;
}
