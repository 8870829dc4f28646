/*
 * check_mechconf.c - tools/mechconf.c against registration files in a
 * temporary directory: the GSS_MECH_CONFIG file alone, or MECH_CONF then
 * MECH_CONF.d's *.conf files in sorted order; the last line registering
 * the OID is the one loaded (MIT's addConfigEntry replaces the library of
 * an entry not yet loaded); comments, short lines, other OIDs, relative
 * libraries and the warnings of mechconf_report().
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mechconf.h"

#define OID MECHCONF_NTLMSSP_OID

static char dir[] = "/tmp/check-mechconf-XXXXXX";
static char mech[512], mechd[512], ours[512];

/* Write text to dir/name (name may be "mech.d/x.conf"). */
static void
put(const char *name, const char *text)
{
    char path[600];
    FILE *fp;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

static void
setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(mech, sizeof(mech), "%s/mech", dir);
    snprintf(mechd, sizeof(mechd), "%s/mech.d", dir);
    ck_assert_int_eq(mkdir(mechd, 0700), 0);
    /* A library that exists and is named like ours. */
    snprintf(ours, sizeof(ours), "%s/ntlmgss.so", dir);
    put("ntlmgss.so", "");
}

static void
teardown(void)
{
    char cmd[700];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    strcpy(dir, "/tmp/check-mechconf-XXXXXX");
}

/* The basename of a path (borrowed). */
static const char *
base(const char *path)
{
    const char *s = strrchr(path, '/');

    return s != NULL ? s + 1 : path;
}

START_TEST(test_env_file_alone)
{
    struct mechconf mc;
    char path[600], text[700];

    snprintf(text, sizeof(text), "ntlmgss %s %s\n", OID, ours);
    put("private", text);
    put("mech", "other 1.3.6.1.4.1.311.2.2.10 /x/gssntlmssp.so\n");
    put("mech.d/a.conf", "other 1.3.6.1.4.1.311.2.2.10 /x/gssntlmssp.so\n");
    snprintf(path, sizeof(path), "%s/private", dir);
    ck_assert_int_eq(mechconf_load(path, mech, "/mods/", OID, &mc), 0);
    ck_assert(mc.from_env);
    ck_assert_uint_eq(mc.num_files, 1);
    ck_assert_str_eq(mc.files[0].path, path);
    ck_assert_uint_eq(mc.num_lines, 1);
    ck_assert_str_eq(mc.lines[0].lib_path, ours);
    ck_assert_uint_eq(mechconf_report(&mc, OID, stderr, "  "), 0);
    mechconf_cleanup(&mc);
}
END_TEST

START_TEST(test_env_file_missing)
{
    struct mechconf mc;

    put("mech.d/a.conf", "other 1.3.6.1.4.1.311.2.2.10 /x/gssntlmssp.so\n");
    ck_assert_int_eq(mechconf_load("/nonexistent/mech", mech, "/mods/", OID,
                                   &mc), 0);
    ck_assert_uint_eq(mc.num_files, 1);
    ck_assert(!mc.files[0].present);
    ck_assert_uint_eq(mc.num_lines, 0);
    ck_assert_ptr_null(mechconf_winner(&mc));
    ck_assert_uint_eq(mechconf_report(&mc, OID, stderr, "  "),
                      MECHCONF_NONE);
    mechconf_cleanup(&mc);
}
END_TEST

/* MECH_CONF first, then mech.d's *.conf sorted; the last line wins. */
START_TEST(test_order_last_wins)
{
    struct mechconf mc;
    char text[700];

    put("mech", "first 1.3.6.1.4.1.311.2.2.10 /lib/first.so\n");
    snprintf(text, sizeof(text), "ntlmgss %s %s\n", OID, ours);
    put("mech.d/ntlmgss.conf", text);
    put("mech.d/mech.ntlmssp.conf",
        "gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 /x/gssntlmssp.so\n");
    put("mech.d/zz.conf.disabled",
        "off 1.3.6.1.4.1.311.2.2.10 /x/disabled.so\n");
    put("mech.d/.hidden.conf", "hid 1.3.6.1.4.1.311.2.2.10 /x/hidden.so\n");
    ck_assert_int_eq(mechconf_load(NULL, mech, "/mods/", OID, &mc), 0);
    ck_assert(!mc.from_env);
    ck_assert_uint_eq(mc.num_files, 3);
    ck_assert_str_eq(mc.files[0].path, mech);
    ck_assert_str_eq(base(mc.files[1].path), "mech.ntlmssp.conf");
    ck_assert_str_eq(base(mc.files[2].path), "ntlmgss.conf");
    ck_assert_uint_eq(mc.num_lines, 3);
    ck_assert_str_eq(mc.lines[0].name, "first");
    ck_assert_str_eq(mc.lines[1].name, "gssntlmssp_v1");
    ck_assert_str_eq(mc.lines[2].name, "ntlmgss");
    ck_assert_ptr_eq(mechconf_winner(&mc), &mc.lines[2]);
    ck_assert(mechconf_is_ntlmgss(mechconf_winner(&mc)));
    ck_assert_uint_eq(mechconf_report(&mc, OID, stderr, "  "),
                      MECHCONF_SEVERAL);
    mechconf_cleanup(&mc);
}
END_TEST

/* gss-ntlmssp's file sorting after ours (here "x.conf") wins. */
START_TEST(test_other_wins)
{
    struct mechconf mc;
    char text[700];

    snprintf(text, sizeof(text), "ntlmgss %s %s\n", OID, ours);
    put("mech.d/a.conf", text);
    put("mech.d/x.conf", "gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 "
        "/nonexistent/gssntlmssp.so\n");
    ck_assert_int_eq(mechconf_load(NULL, mech, "/mods/", OID, &mc), 0);
    ck_assert(!mc.files[0].present);
    ck_assert_uint_eq(mc.num_lines, 2);
    ck_assert(!mechconf_is_ntlmgss(mechconf_winner(&mc)));
    ck_assert_uint_eq(mechconf_report(&mc, OID, stderr, "  "),
                      MECHCONF_SEVERAL | MECHCONF_NOT_OURS |
                      MECHCONF_NO_LIBRARY);
    mechconf_cleanup(&mc);
}
END_TEST

/* What libgssapi_krb5 skips, and how it reads the fields. */
START_TEST(test_line_syntax)
{
    struct mechconf mc;

    put("mech",
        "# a comment 1.3.6.1.4.1.311.2.2.10 /x/comment.so\n"
        "short 1.3.6.1.4.1.311.2.2.10\n"
        "\n"
        "kerberos_v5 1.2.840.113554.1.2.2 /x/krb5.so\n"
        "longer 1.3.6.1.4.1.311.2.2.100 /x/longer.so\n"
        "shorter 1.3.6.1.4.1.311.2.2 /x/shorter.so\n"
        "notoid 1.3.6.1.4.1.311.2.2.10x /x/notoid.so\n"
        "rel\t1.3.6.1.4.1.311.2.2.10\tntlmgss.so kmod [a b] <interposer>\n"
        "opts 1.3.6.1.4.1.311.2.2.10 /y/gssntlmssp.so [opt]\n");
    ck_assert_int_eq(mechconf_load(NULL, mech, "/mods/", OID, &mc), 0);
    ck_assert_uint_eq(mc.num_lines, 2);
    ck_assert_str_eq(mc.lines[0].name, "rel");
    ck_assert_uint_eq(mc.lines[0].lineno, 8);
    ck_assert_str_eq(mc.lines[0].lib, "ntlmgss.so");
    ck_assert_str_eq(mc.lines[0].lib_path, "/mods/ntlmgss.so");
    ck_assert(mc.lines[0].interposer);
    ck_assert(mechconf_is_ntlmgss(&mc.lines[0]));
    ck_assert_str_eq(mc.lines[1].name, "opts");
    ck_assert_uint_eq(mc.lines[1].lineno, 9);
    ck_assert_str_eq(mc.lines[1].lib_path, "/y/gssntlmssp.so");
    ck_assert(!mc.lines[1].interposer);
    mechconf_cleanup(&mc);
}
END_TEST

/* Nothing registers the OID at all: no file, empty mech.d. */
START_TEST(test_nothing)
{
    struct mechconf mc;

    ck_assert_int_eq(mechconf_load(NULL, mech, "/mods/", OID, &mc), 0);
    ck_assert_uint_eq(mc.num_files, 1);
    ck_assert_uint_eq(mc.num_lines, 0);
    ck_assert_uint_eq(mechconf_report(&mc, OID, stderr, "  "),
                      MECHCONF_NONE);
    mechconf_cleanup(&mc);
    mechconf_cleanup(&mc);      /* idempotent on a cleaned struct */
}
END_TEST

/* The report names the files, the lines and the winner. */
START_TEST(test_report_text)
{
    struct mechconf mc;
    char text[700], out[4096];
    FILE *fp;
    size_t n;

    snprintf(text, sizeof(text), "ntlmgss %s %s\n", OID, ours);
    put("mech.d/ntlmgss.conf", text);
    put("mech.d/mech.ntlmssp.conf",
        "gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 /x/gssntlmssp.so\n");
    ck_assert_int_eq(mechconf_load(NULL, mech, "/mods/", OID, &mc), 0);
    fp = tmpfile();
    ck_assert_ptr_nonnull(fp);
    (void)mechconf_report(&mc, OID, fp, "# ");
    rewind(fp);
    n = fread(out, 1, sizeof(out) - 1, fp);
    out[n] = '\0';
    fclose(fp);
    ck_assert_ptr_nonnull(strstr(out, "line 1: gssntlmssp_v1 "
                                 "/x/gssntlmssp.so (another module)\n"));
    ck_assert_ptr_nonnull(strstr(out, "(ntlmgss)  <- loaded\n"));
    ck_assert_ptr_nonnull(strstr(out, "# warning: 2 lines register"));
    ck_assert_ptr_null(strstr(out, "another module, not ntlmgss"));
    mechconf_cleanup(&mc);
}
END_TEST

static Suite *
mechconf_suite(void)
{
    Suite *s = suite_create("mechconf");
    TCase *tc = tcase_create("mechconf_load");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_env_file_alone);
    tcase_add_test(tc, test_env_file_missing);
    tcase_add_test(tc, test_order_last_wins);
    tcase_add_test(tc, test_other_wins);
    tcase_add_test(tc, test_line_syntax);
    tcase_add_test(tc, test_nothing);
    tcase_add_test(tc, test_report_text);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(mechconf_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
