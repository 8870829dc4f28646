/*
 * check_gss.c - the end-to-end runner.  Creates a private directory with a
 * mech.d-style file pointing at the built module, a user file and a
 * configuration file, sets GSS_MECH_CONFIG, NTLM_USER_FILE and
 * NTLMGSS_CONFIG, and runs every suite (CK_FORK: each test is a fresh
 * process, so mechglue and the module load anew).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gsstest.h"

Suite *review_suite(void);    /* check_review.c */

gss_OID_desc t_ntlm_oid = { NTLMGSS_MECH_OID_LENGTH,
                            (void *)NTLMGSS_MECH_OID_BYTES };
gss_OID_set_desc t_ntlm_set = { 1, &t_ntlm_oid };
char t_dir[256];

static void
write_file(const char *name, const char *text, char *out_path, size_t n)
{
    FILE *f;

    snprintf(out_path, n, "%s/%s", t_dir, name);
    f = fopen(out_path, "w");
    if (f == NULL) {
        perror(out_path);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
}

void
t_config(const char *extra)
{
    char path[512], text[2048];

    snprintf(text, sizeof(text),
             "netbios_computer = TESTSRV\n"
             "netbios_domain = TESTDOM\n"
             "dns_computer = testsrv.example.test\n"
             "dns_domain = example.test\n"
             "%s\n", extra != NULL ? extra : "");
    /* Rewritten in place, one path for every test: each handshake must
     * see the file as it stands (issue 11, check_reload.c). */
    write_file("ntlmgss.conf", text, path, sizeof(path));
    setenv("NTLMGSS_CONFIG", path, 1);
}

void
t_reset(void)
{
    t_config("");
}

int
main(void)
{
    char path[512], line[1024];
    SRunner *sr;
    int failed;

    snprintf(t_dir, sizeof(t_dir), "/tmp/ntlmgss-gss-XXXXXX");
    if (mkdtemp(t_dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(line, sizeof(line), "ntlmgss 1.3.6.1.4.1.311.2.2.10 %s\n",
             MODULE_PATH);
    write_file("mech", line, path, sizeof(path));
    setenv("GSS_MECH_CONFIG", path, 1);
    /* NT hash of "Password" (MS-NLMP 4.2.2.1.2) for the hash-only entry */
    write_file("users",
               "TESTDOM:testuser:testpass\n"
               "TESTDOM:hashuser:{NT}a4f49c406510bdcab6824ee7c30fd852\n"
               ":anyuser:anypass\n"
               "OTHERDOM:root:rootpass\n"
               "TESTDOM:root:rootpass2\n", path, sizeof(path));
    chmod(path, 0600);
    setenv("NTLM_USER_FILE", path, 1);
    unsetenv("NTLMGSS_USER_FILE");
    /* No domain logons here (tests/domain has a real domain): the default
     * domain_logins = auto falls back to the user file, deterministically
     * even on a machine whose winbindd runs. */
    setenv("NTLMGSS_WBCLIENT", "none", 1);
    unsetenv("KRB5_CONFIG");
    setenv("KRB5_CONFIG", "/dev/null", 1);
    t_config("");

    sr = srunner_create(hs_suite());
    srunner_add_suite(sr, msg_suite());
    srunner_add_suite(sr, names_suite());
    srunner_add_suite(sr, misc_suite());
    srunner_add_suite(sr, interop_suite());
    srunner_add_suite(sr, flags_suite());
    srunner_add_suite(sr, domain_suite());
    srunner_add_suite(sr, review_suite());
    srunner_add_suite(sr, reload_suite());
    /* Every test needs a fresh process (whatever CK_FORK says): tests set
     * environment variables (NTLMGSS_WBCLIENT, NTLM_USER_FILE, ...) and
     * the module keeps per-process state - the winbind library chosen at
     * first use, a failed domain lookup remembered for 5 s, the cached
     * configuration and user file - that would otherwise leak into the
     * next test.  The parent itself never calls GSSAPI. */
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    snprintf(line, sizeof(line), "rm -rf '%s'", t_dir);
    if (system(line) != 0)
        fprintf(stderr, "could not remove %s\n", t_dir);
    return failed == 0 ? 0 : 1;
}
