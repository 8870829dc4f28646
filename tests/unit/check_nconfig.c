/* check_nconfig.c - unit tests for the configuration (mech/nconfig.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <check.h>

#include "common/errors.h"
#include "nconfig.h"
#include "trace.h"
#include "unit.h"

static char tmpdir[64];

static void
setup_tmp(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ntlmgss-cfg-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    unsetenv("NTLMGSS_CONFIG");
    unsetenv("NTLM_USER_FILE");
    unsetenv("NTLMGSS_USER_FILE");
    unsetenv("NTLMGSS_TRACE");
    unsetenv("NTLMGSS_COMPAT_LEVEL");
    unsetenv("NTLMGSS_NETBIOS_COMPUTER");
    unsetenv("NTLMGSS_NETBIOS_DOMAIN");
    unsetenv("NETBIOS_COMPUTER_NAME");
    unsetenv("NETBIOS_DOMAIN_NAME");
    unsetenv("LM_COMPAT_LEVEL");        /* set by test_env_overrides */
    ntlmgss_config_flush();
}

static void
teardown_tmp(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", tmpdir);
}

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fputs(text, f) >= 0, 1);
    ck_assert_int_eq(fclose(f), 0);
}

static struct ntlmgss_config *
parse_ok(const char *text)
{
    struct ntlmgss_config *cfg = NULL;
    int ret;

    ret = ntlmgss_config_parse(text, strlen(text), &cfg);
    ck_assert_msg(ret == 0, "parse failed: %s",
                  ntlm_err_last_detail(ret) ? ntlm_err_last_detail(ret)
                  : ntlm_err_string(ret));
    ck_assert_ptr_nonnull(cfg);
    return cfg;
}

START_TEST(test_defaults)
{
    struct ntlmgss_config *cfg = parse_ok("");

    ck_assert_int_eq(cfg->compat_level, 3);
    ck_assert_str_eq(cfg->nb_domain, "WORKGROUP");
    ck_assert_ptr_nonnull(cfg->nb_computer);
    ck_assert_uint_gt(strlen(cfg->nb_computer), 0);
    ck_assert_uint_le(strlen(cfg->nb_computer), 15);
    for (const char *p = cfg->nb_computer; *p; p++)
        ck_assert(!(*p >= 'a' && *p <= 'z'));
    ck_assert_ptr_nonnull(cfg->dns_computer);
    ck_assert_ptr_nonnull(cfg->dns_domain);
    ck_assert_ptr_null(cfg->user_file);
    ck_assert_ptr_null(cfg->default_user);
    ck_assert_ptr_null(cfg->trace_file);
    ck_assert_int_eq(cfg->mic_policy, NTLMGSS_POLICY_IF_PRESENT);
    ck_assert_int_eq(cfg->cb_policy, NTLMGSS_POLICY_IF_PRESENT);
    ck_assert_int_eq(cfg->target_policy, NTLMGSS_POLICY_IGNORE);
    ck_assert(cfg->send_mic);
    ck_assert_uint_eq(cfg->clock_skew, 300);
    ck_assert(!cfg->allow_anonymous);
    ck_assert(!cfg->allow_foreign_localname);
    ntlmgss_config_release(cfg);
}
END_TEST

START_TEST(test_every_key)
{
    static const char text[] =
        "# a comment\n"
        "; another comment\n"
        "\n"
        "compat_level = 1\n"
        "netbios_computer = server1\n"
        "  netbios_domain=example  \n"
        "dns_computer = server1.example.com\r\n"
        "dns_domain = example.com   # trailing comment\n"
        "user_file = \"/etc/ntlm users\"\n"
        "default_user = EXAMPLE\\alice\n"
        "mic_policy = require\n"
        "cb_policy = ignore\n"
        "target_policy = if-present\n"
        "send_mic = no\n"
        "clock_skew = 0\n"
        "allow_anonymous = yes\n"
        "Allow-Foreign-Localname = YES\n"
        "trace = stderr\n";
    struct ntlmgss_config *cfg = parse_ok(text);

    ck_assert_int_eq(cfg->compat_level, 1);
    ck_assert_str_eq(cfg->nb_computer, "SERVER1");
    ck_assert_str_eq(cfg->nb_domain, "EXAMPLE");
    ck_assert_str_eq(cfg->dns_computer, "server1.example.com");
    ck_assert_str_eq(cfg->dns_domain, "example.com");
    ck_assert_str_eq(cfg->user_file, "/etc/ntlm users");
    ck_assert_str_eq(cfg->default_user, "EXAMPLE\\alice");
    ck_assert_int_eq(cfg->mic_policy, NTLMGSS_POLICY_REQUIRE);
    ck_assert_int_eq(cfg->cb_policy, NTLMGSS_POLICY_IGNORE);
    ck_assert_int_eq(cfg->target_policy, NTLMGSS_POLICY_IF_PRESENT);
    ck_assert(!cfg->send_mic);
    ck_assert_uint_eq(cfg->clock_skew, 0);
    ck_assert(cfg->allow_anonymous);
    ck_assert(cfg->allow_foreign_localname);
    ck_assert_str_eq(cfg->trace_file, "stderr");
    ntlmgss_config_release(cfg);
}
END_TEST

static const struct {
    const char *text;
    enum ntlmgss_policy want;
} policy_cases[] = {
    { "mic_policy = ignore", NTLMGSS_POLICY_IGNORE },
    { "mic_policy = off", NTLMGSS_POLICY_IGNORE },
    { "mic_policy = IF-PRESENT", NTLMGSS_POLICY_IF_PRESENT },
    { "mic_policy = if_present", NTLMGSS_POLICY_IF_PRESENT },
    { "mic_policy = accept", NTLMGSS_POLICY_IF_PRESENT },
    { "mic_policy = accept-if-present", NTLMGSS_POLICY_IF_PRESENT },
    { "mic_policy = require", NTLMGSS_POLICY_REQUIRE },
    { "mic_policy = Required", NTLMGSS_POLICY_REQUIRE },
};

START_TEST(test_policy_parsing)
{
    struct ntlmgss_config *cfg = parse_ok(policy_cases[_i].text);

    ck_assert_int_eq(cfg->mic_policy, policy_cases[_i].want);
    ntlmgss_config_release(cfg);
}
END_TEST

START_TEST(test_policy_names)
{
    ck_assert_str_eq(ntlmgss_policy_name(NTLMGSS_POLICY_IGNORE), "ignore");
    ck_assert_str_eq(ntlmgss_policy_name(NTLMGSS_POLICY_IF_PRESENT),
                     "if-present");
    ck_assert_str_eq(ntlmgss_policy_name(NTLMGSS_POLICY_REQUIRE), "require");
}
END_TEST

START_TEST(test_booleans)
{
    static const char *const yes[] = { "yes", "YES", "Yes" };
    static const char *const no[] = { "no", "NO", "No" };
    char text[64];
    struct ntlmgss_config *cfg;
    size_t i;

    for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        snprintf(text, sizeof(text), "allow_anonymous = %s", yes[i]);
        cfg = parse_ok(text);
        ck_assert(cfg->allow_anonymous);
        ntlmgss_config_release(cfg);
        snprintf(text, sizeof(text), "send_mic = %s", no[i]);
        cfg = parse_ok(text);
        ck_assert(!cfg->send_mic);
        ntlmgss_config_release(cfg);
    }
}
END_TEST

/*
 * Regression: booleans accepted undocumented aliases (on/off, true/false,
 * 1/0) while the error said "yes or no".  Every boolean key now refuses
 * them, and the detail names the file, the line, the key, the value and
 * the accepted values.
 */
static const char *const bool_keys[] = {
    "send_mic", "allow_anonymous", "allow_foreign_localname",
    "seal_by_default", "domain_localname", "detect_reflection",
    "domain_logins"
};
static const char *const bool_aliases[] = {
    "on", "off", "true", "false", "1", "0", "ON", "True", "y", "n", "yes!"
};
#define NUM_BOOL_ALIASES (sizeof(bool_aliases) / sizeof(bool_aliases[0]))

START_TEST(test_boolean_aliases_refused)
{
    const char *key = bool_keys[_i / NUM_BOOL_ALIASES];
    const char *alias = bool_aliases[_i % NUM_BOOL_ALIASES];
    struct ntlmgss_config *cfg = NULL;
    char path[128], text[128], want[256];
    const char *d;
    int ret;

    setup_tmp();
    snprintf(path, sizeof(path), "%s/bool.conf", tmpdir);
    snprintf(text, sizeof(text), "# booleans\ncompat_level = 3\n%s = %s\n",
             key, alias);
    write_file(path, text);
    ret = ntlmgss_config_parse_file(path, &cfg);
    ck_assert_int_eq(ret, NTLM_ERR_CONFIG);
    ck_assert_ptr_null(cfg);
    d = ntlm_err_last_detail(ret);
    ck_assert_ptr_nonnull(d);
    snprintf(want, sizeof(want), "%s line 3: %s = '%s': expected %s", path,
             key, alias, strcmp(key, "domain_logins") == 0 ?
             "auto, yes or no" : "yes or no");
    ck_assert_msg(strcmp(d, want) == 0, "detail '%s', wanted '%s'", d, want);

    /* The same through ntlmgss_config_get: every authentication fails. */
    setenv("NTLMGSS_CONFIG", path, 1);
    ntlmgss_config_flush();
    ck_assert_int_eq(ntlmgss_config_get(&cfg), NTLM_ERR_CONFIG);
    ck_assert_ptr_null(cfg);
    d = ntlm_err_last_detail(NTLM_ERR_CONFIG);
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_nonnull(strstr(d, want));
    unsetenv("NTLMGSS_CONFIG");
    ntlmgss_config_flush();
    teardown_tmp();
}
END_TEST

/* Bad inputs: the detail must name the line. */
static const struct {
    const char *text;
    const char *detail;
} bad_cases[] = {
    { "compat_level = 6\n", "line 1" },
    { "\n\ncompat_level = -1\n", "line 3" },
    { "compat_level = three\n", "line 1" },
    { "compat_level =\n", "line 1" },
    { "# c\nfoo = bar\n", "line 2: unknown key 'foo'" },
    { "mic_policy = sometimes\n", "expected ignore, if-present or require" },
    { "cb_policy = \n", "line 1" },
    { "target_policy = yes\n", "line 1" },
    { "send_mic = maybe\n", "expected yes or no" },
    { "allow_anonymous = 2\n", "line 1" },
    { "allow_foreign_localname = \n", "line 1" },
    { "clock_skew = 1e3\n", "not a decimal number" },
    { "clock_skew = 99999999999999999999\n", "out of range" },
    { "netbios_computer = ABCDEFGHIJKLMNOP\n", "at most 15" },
    { "netbios_domain = EX.AMPLE\n", "invalid character" },
    { "netbios_domain =\n", "must not be empty" },
    { "dns_computer = bad host\n", "invalid character" },
    { "dns_computer =\n", "must not be empty" },
    { "user_file = relative/users\n", "absolute path" },
    { "default_user = a:b\n", "must not contain" },
    { "compat_level = 3\ncompat_level = 4\n", "line 2: 'compat_level' "
      "already set on line 1" },
    { "just some words\n", "line 1: expected 'key = value'" },
    { " = value\n", "missing key" },
    { "user_file = \"/x\n", "unterminated" },
    { "user_file = \"/x\" y\n", "text after the quoted value" },
};

START_TEST(test_bad_values)
{
    struct ntlmgss_config *cfg = NULL;
    const char *text = bad_cases[_i].text;
    const char *d;
    int ret;

    ret = ntlmgss_config_parse(text, strlen(text), &cfg);
    ck_assert_int_eq(ret, NTLM_ERR_CONFIG);
    ck_assert_ptr_null(cfg);
    d = ntlm_err_last_detail(ret);
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(strstr(d, bad_cases[_i].detail) != NULL,
                  "detail '%s' lacks '%s'", d, bad_cases[_i].detail);
}
END_TEST

START_TEST(test_nul_byte)
{
    struct ntlmgss_config *cfg = NULL;

    ck_assert_int_eq(ntlmgss_config_parse("a\0b", 3, &cfg), NTLM_ERR_CONFIG);
    ck_assert_ptr_null(cfg);
}
END_TEST

START_TEST(test_empty_strings_unset)
{
    struct ntlmgss_config *cfg =
        parse_ok("user_file =\ndefault_user = \"\"\ntrace =\n"
                 "dns_domain =\n");

    ck_assert_ptr_null(cfg->user_file);
    ck_assert_ptr_null(cfg->default_user);
    ck_assert_ptr_null(cfg->trace_file);
    ck_assert_str_eq(cfg->dns_domain, "");
    ntlmgss_config_release(cfg);
}
END_TEST

START_TEST(test_file_and_get)
{
    struct ntlmgss_config *cfg = NULL, *cfg2 = NULL;
    char path[128];

    setup_tmp();
    snprintf(path, sizeof(path), "%s/ntlmgss.conf", tmpdir);
    write_file(path, "compat_level = 5\nnetbios_domain = corp\n");
    setenv("NTLMGSS_CONFIG", path, 1);

    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ck_assert_int_eq(cfg->compat_level, 5);
    ck_assert_str_eq(cfg->nb_domain, "CORP");
    ck_assert_str_eq(cfg->config_path, path);

    /* Same file: the same cached snapshot. */
    ck_assert_int_eq(ntlmgss_config_get(&cfg2), 0);
    ck_assert_ptr_eq(cfg, cfg2);
    ntlmgss_config_release(cfg2);

    /* Changed file: a new snapshot; the old one stays valid. */
    write_file(path, "compat_level = 4\nnetbios_domain = other\n"
               "mic_policy = require\n");
    ck_assert_int_eq(ntlmgss_config_get(&cfg2), 0);
    ck_assert_ptr_ne(cfg, cfg2);
    ck_assert_int_eq(cfg2->compat_level, 4);
    ck_assert_int_eq(cfg2->mic_policy, NTLMGSS_POLICY_REQUIRE);
    ck_assert_int_eq(cfg->compat_level, 5);
    ck_assert_str_eq(cfg->nb_domain, "CORP");
    ntlmgss_config_release(cfg);
    ntlmgss_config_release(cfg2);

    /* A broken file: an error naming the file and line, every time. */
    write_file(path, "compat_level = 4\nmic_policy = bogus\n");
    ck_assert_int_eq(ntlmgss_config_get(&cfg), NTLM_ERR_CONFIG);
    ck_assert_ptr_null(cfg);
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(NTLM_ERR_CONFIG),
                                 "line 2"));
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(NTLM_ERR_CONFIG),
                                 path));
    ck_assert_int_eq(ntlmgss_config_get(&cfg), NTLM_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(NTLM_ERR_CONFIG),
                                 "line 2"));
    teardown_tmp();
}
END_TEST

START_TEST(test_explicit_missing_file)
{
    struct ntlmgss_config *cfg = NULL;

    setup_tmp();
    setenv("NTLMGSS_CONFIG", "/nonexistent/ntlmgss.conf", 1);
    ck_assert_int_eq(ntlmgss_config_get(&cfg), NTLM_ERR_CONFIG);
    ck_assert_ptr_null(cfg);
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(NTLM_ERR_CONFIG),
                                 "/nonexistent/ntlmgss.conf"));
    teardown_tmp();
}
END_TEST

START_TEST(test_parse_file)
{
    struct ntlmgss_config *cfg = NULL;
    char path[128];

    setup_tmp();
    snprintf(path, sizeof(path), "%s/c.conf", tmpdir);
    write_file(path, "clock_skew = 60\n");
    ck_assert_int_eq(ntlmgss_config_parse_file(path, &cfg), 0);
    ck_assert_uint_eq(cfg->clock_skew, 60);
    ntlmgss_config_release(cfg);
    ck_assert_int_eq(ntlmgss_config_parse_file("/nonexistent", &cfg),
                     NTLM_ERR_CONFIG);
    ck_assert_ptr_nonnull(ntlmgss_config_default_path());
    teardown_tmp();
}
END_TEST

START_TEST(test_env_overrides)
{
    struct ntlmgss_config *cfg = NULL;
    char path[128], tpath[160];

    setup_tmp();
    snprintf(path, sizeof(path), "%s/ntlmgss.conf", tmpdir);
    snprintf(tpath, sizeof(tpath), "%s/trace.log", tmpdir);
    write_file(path, "compat_level = 5\nuser_file = /from/config\n"
               "netbios_computer = FILEHOST\nnetbios_domain = FILEDOM\n");
    setenv("NTLMGSS_CONFIG", path, 1);

    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ck_assert_str_eq(cfg->user_file, "/from/config");
    ntlmgss_config_release(cfg);

    /* NTLM_USER_FILE (the existing mechanism's variable), relative ok. */
    setenv("NTLM_USER_FILE", "users.txt", 1);
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ck_assert_str_eq(cfg->user_file, "users.txt");
    ntlmgss_config_release(cfg);

    /* NTLMGSS_USER_FILE wins over NTLM_USER_FILE. */
    setenv("NTLMGSS_USER_FILE", "/from/ntlmgss", 1);
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ck_assert_str_eq(cfg->user_file, "/from/ntlmgss");
    ntlmgss_config_release(cfg);

    /* Legacy NetBIOS names, then ours win. */
    setenv("NETBIOS_COMPUTER_NAME", "legacyhost", 1);
    setenv("NETBIOS_DOMAIN_NAME", "legacydom", 1);
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ck_assert_str_eq(cfg->nb_computer, "LEGACYHOST");
    ck_assert_str_eq(cfg->nb_domain, "LEGACYDOM");
    ntlmgss_config_release(cfg);
    setenv("NTLMGSS_NETBIOS_COMPUTER", "envhost", 1);
    setenv("NTLMGSS_NETBIOS_DOMAIN", "envdom", 1);
    setenv("NTLMGSS_COMPAT_LEVEL", "2", 1);
    setenv("NTLMGSS_TRACE", tpath, 1);
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ck_assert_str_eq(cfg->nb_computer, "ENVHOST");
    ck_assert_str_eq(cfg->nb_domain, "ENVDOM");
    ck_assert_int_eq(cfg->compat_level, 2);
    ck_assert_str_eq(cfg->trace_file, tpath);
    ntlmgss_config_release(cfg);

    /* A bad override is an error naming the variable. */
    setenv("NTLMGSS_COMPAT_LEVEL", "9", 1);
    ck_assert_int_eq(ntlmgss_config_get(&cfg), NTLM_ERR_CONFIG);
    ck_assert_ptr_nonnull(strstr(ntlm_err_last_detail(NTLM_ERR_CONFIG),
                                 "NTLMGSS_COMPAT_LEVEL"));
    setenv("NTLMGSS_COMPAT_LEVEL", "3", 1);
    setenv("NTLMGSS_NETBIOS_DOMAIN", "way-too-long-domain-name", 1);
    ck_assert_int_eq(ntlmgss_config_get(&cfg), NTLM_ERR_CONFIG);

    /* LM_COMPAT_LEVEL of the existing mechanism is not honoured. */
    unsetenv("NTLMGSS_NETBIOS_DOMAIN");
    unsetenv("NTLMGSS_COMPAT_LEVEL");
    setenv("LM_COMPAT_LEVEL", "0", 1);
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ck_assert_int_eq(cfg->compat_level, 5);
    ntlmgss_config_release(cfg);
    teardown_tmp();
}
END_TEST

START_TEST(test_no_default_file)
{
    struct ntlmgss_config *cfg = NULL;
    struct stat st;

    setup_tmp();
    /* Only meaningful when the system has no configuration file. */
    if (stat(ntlmgss_config_default_path(), &st) == 0) {
        teardown_tmp();
        return;
    }
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ck_assert_ptr_null(cfg->config_path);
    ck_assert_int_eq(cfg->compat_level, 3);
    ntlmgss_config_release(cfg);
    teardown_tmp();
}
END_TEST

static void *
get_loop(void *arg)
{
    struct ntlmgss_config *cfg;
    int i;

    (void)arg;
    for (i = 0; i < 2000; i++) {
        if (ntlmgss_config_get(&cfg) != 0)
            return (void *)1;
        if (cfg->compat_level != 4 && cfg->compat_level != 5)
            return (void *)1;
        ntlmgss_config_release(cfg);
    }
    return NULL;
}

START_TEST(test_threads)
{
    pthread_t th[4];
    void *res;
    char path[128];
    int i;

    setup_tmp();
    snprintf(path, sizeof(path), "%s/ntlmgss.conf", tmpdir);
    write_file(path, "compat_level = 5\n");
    setenv("NTLMGSS_CONFIG", path, 1);
    for (i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, get_loop, NULL), 0);
    /* Replace atomically, as editors and tools do. */
    {
        char tmp[160];

        snprintf(tmp, sizeof(tmp), "%s.new", path);
        write_file(tmp, "compat_level = 4\n");
        ck_assert_int_eq(rename(tmp, path), 0);
    }
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(th[i], &res), 0);
        ck_assert_ptr_null(res);
    }
    teardown_tmp();
}
END_TEST

/*
 * A file that has not changed for a while (past the 2 s "just written"
 * window of mech/filestamp.h) is still checked on every call: a change
 * shows at once (issue 11; it used to take up to a second).
 */
START_TEST(test_settled_file_recheck)
{
    struct ntlmgss_config *cfg = NULL, *cfg2 = NULL;
    char path[128];

    setup_tmp();
    snprintf(path, sizeof(path), "%s/ntlmgss.conf", tmpdir);
    write_file(path, "compat_level = 5\n");
    setenv("NTLMGSS_CONFIG", path, 1);
    usleep(2500 * 1000);                 /* let the file settle */
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ck_assert_int_eq(cfg->compat_level, 5);
    ck_assert_int_eq(ntlmgss_config_get(&cfg2), 0);
    ck_assert_ptr_eq(cfg, cfg2);
    ntlmgss_config_release(cfg2);

    write_file(path, "compat_level = 4\n");
    ck_assert_int_eq(ntlmgss_config_get(&cfg2), 0);
    ck_assert_ptr_ne(cfg, cfg2);
    ck_assert_int_eq(cfg2->compat_level, 4);
    ntlmgss_config_release(cfg);
    ntlmgss_config_release(cfg2);

    /* an environment change is seen at once */
    setenv("NTLMGSS_COMPAT_LEVEL", "3", 1);
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ck_assert_int_eq(cfg->compat_level, 3);
    ntlmgss_config_release(cfg);
    teardown_tmp();
}
END_TEST

START_TEST(test_trace_file)
{
    struct ntlmgss_config *cfg = NULL;
    char path[128], tpath[128], buf[4096];
    FILE *f;
    size_t n;
    struct stat st;

    setup_tmp();
    snprintf(path, sizeof(path), "%s/ntlmgss.conf", tmpdir);
    snprintf(tpath, sizeof(tpath), "%s/trace.log", tmpdir);
    snprintf(buf, sizeof(buf), "trace = %s\n", tpath);
    write_file(path, buf);
    setenv("NTLMGSS_CONFIG", path, 1);
    ntlmgss_trace_reinit();
    ck_assert(!ntlmgss_trace_enabled());
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ntlmgss_config_release(cfg);
    ck_assert(ntlmgss_trace_enabled());
    NTLMGSS_TRACE("hello %s", "line\ninjected");

    ck_assert_int_eq(stat(tpath, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    f = fopen(tpath, "r");
    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "config: file"));
    ck_assert_ptr_nonnull(strstr(buf, "ntlmgss: hello line\\x0ainjected"));
    ck_assert_ptr_nonnull(strstr(buf, "Z ["));
    (void)ntlmgss_trace_open(NULL, false);
    ck_assert(!ntlmgss_trace_enabled());
    teardown_tmp();
}
END_TEST

/* Send stderr to path; returns the saved descriptor. */
static int
stderr_to(const char *path)
{
    int saved, fd;

    fflush(stderr);
    saved = dup(2);
    ck_assert_int_ge(saved, 0);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dup2(fd, 2), 2);
    close(fd);
    return saved;
}

/* Restore stderr; returns how often needle occurs in what was written. */
static int
stderr_back(int saved, const char *path, const char *needle, char *buf,
            size_t len)
{
    const char *p;
    FILE *f;
    size_t n;
    int count = 0;

    fflush(stderr);
    ck_assert_int_eq(dup2(saved, 2), 2);
    close(saved);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    fclose(f);
    for (p = strstr(buf, needle); p != NULL; p = strstr(p + 1, needle))
        count++;
    return count;
}

/*
 * Regression: a trace destination that cannot be opened was accepted and
 * nothing was logged, without a word.  The failure is now written to
 * stderr once, tracing is off (not left on an earlier destination), and
 * ntlmgss_trace_status() reports it.  A path under a regular file fails
 * with ENOTDIR even for root.
 */
START_TEST(test_trace_open_failure)
{
    struct ntlmgss_config *cfg = NULL;
    struct ntlmgss_trace_info ti;
    char path[128], bad[160], good[128], errpath[128], buf[4096];
    const char *d;
    int saved;

    setup_tmp();
    snprintf(path, sizeof(path), "%s/ntlmgss.conf", tmpdir);
    snprintf(bad, sizeof(bad), "%s/plainfile/trace.log", tmpdir);
    snprintf(good, sizeof(good), "%s/trace.log", tmpdir);
    snprintf(errpath, sizeof(errpath), "%s/stderr", tmpdir);
    snprintf(buf, sizeof(buf), "%s/plainfile", tmpdir);
    write_file(buf, "not a directory\n");
    snprintf(buf, sizeof(buf), "trace = %s\n", bad);
    write_file(path, buf);
    setenv("NTLMGSS_CONFIG", path, 1);
    ntlmgss_trace_reinit();

    ntlmgss_trace_status(&ti);
    ck_assert_int_eq(ti.state, NTLMGSS_TRACE_OFF);
    ck_assert_str_eq(ti.dest, "");

    saved = stderr_to(errpath);
    /* The configuration itself is valid: only the trace is lost. */
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ntlmgss_config_release(cfg);
    ck_assert(!ntlmgss_trace_enabled());
    ntlmgss_trace_status(&ti);
    /* Rebuilt snapshots and explicit retries do not repeat the message. */
    ntlmgss_config_flush();
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ntlmgss_config_release(cfg);
    ck_assert_int_eq(ntlmgss_trace_open(bad, false), NTLM_ERR_CONFIG);
    d = ntlm_err_last_detail(NTLM_ERR_CONFIG);
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_nonnull(strstr(d, bad));
    ck_assert_int_eq(stderr_back(saved, errpath, "cannot open trace file",
                                 buf, sizeof(buf)), 1);
    ck_assert_ptr_nonnull(strstr(buf, bad));
    ck_assert_ptr_nonnull(strstr(buf, strerror(ENOTDIR)));

    ck_assert_int_eq(ti.state, NTLMGSS_TRACE_FAILED);
    ck_assert_str_eq(ti.dest, bad);
    ck_assert_int_eq(ti.error, ENOTDIR);
    ck_assert(!ti.from_env);

    /* A destination that opens clears the failure. */
    ck_assert_int_eq(ntlmgss_trace_open(good, false), 0);
    ntlmgss_trace_status(&ti);
    ck_assert_int_eq(ti.state, NTLMGSS_TRACE_ON);
    ck_assert_str_eq(ti.dest, good);
    ck_assert_int_eq(ti.error, 0);
    ck_assert(ntlmgss_trace_enabled());

    /* Failing to switch turns tracing off instead of keeping the old
     * destination behind the operator's back. */
    saved = stderr_to(errpath);
    ck_assert_int_eq(ntlmgss_trace_open(bad, false), NTLM_ERR_CONFIG);
    (void)stderr_back(saved, errpath, "x", buf, sizeof(buf));
    ck_assert(!ntlmgss_trace_enabled());
    ntlmgss_trace_status(&ti);
    ck_assert_int_eq(ti.state, NTLMGSS_TRACE_FAILED);

    ck_assert_int_eq(ntlmgss_trace_open(NULL, false), 0);
    ntlmgss_trace_status(&ti);
    ck_assert_int_eq(ti.state, NTLMGSS_TRACE_OFF);
    unsetenv("NTLMGSS_CONFIG");
    ntlmgss_config_flush();
    teardown_tmp();
}
END_TEST

/* NTLMGSS_TRACE=<unopenable>: reported once, and it still wins over the
 * configuration's trace (which would hide the failure). */
START_TEST(test_trace_env_failure)
{
    struct ntlmgss_config *cfg = NULL;
    struct ntlmgss_trace_info ti;
    char path[128], bad[160], good[128], errpath[128], buf[4096];
    struct stat st;
    int saved;

    setup_tmp();
    snprintf(path, sizeof(path), "%s/ntlmgss.conf", tmpdir);
    snprintf(bad, sizeof(bad), "%s/missing-dir/trace.log", tmpdir);
    snprintf(good, sizeof(good), "%s/trace.log", tmpdir);
    snprintf(errpath, sizeof(errpath), "%s/stderr", tmpdir);
    snprintf(buf, sizeof(buf), "trace = %s\n", good);
    write_file(path, buf);
    setenv("NTLMGSS_CONFIG", path, 1);
    setenv("NTLMGSS_TRACE", bad, 1);

    saved = stderr_to(errpath);
    ntlmgss_trace_reinit();
    ck_assert(!ntlmgss_trace_enabled());
    ck_assert_int_eq(ntlmgss_config_get(&cfg), 0);
    ntlmgss_config_release(cfg);
    ck_assert_int_eq(stderr_back(saved, errpath, "cannot open trace file",
                                 buf, sizeof(buf)), 1);
    ck_assert_ptr_nonnull(strstr(buf, bad));

    ntlmgss_trace_status(&ti);
    ck_assert_int_eq(ti.state, NTLMGSS_TRACE_FAILED);
    ck_assert(ti.from_env);
    ck_assert_str_eq(ti.dest, bad);
    ck_assert_int_eq(ti.error, ENOENT);
    ck_assert(!ntlmgss_trace_enabled());
    ck_assert_int_ne(stat(good, &st), 0);

    unsetenv("NTLMGSS_TRACE");
    ntlmgss_trace_reinit();
    ntlmgss_trace_status(&ti);
    ck_assert_int_eq(ti.state, NTLMGSS_TRACE_OFF);
    ck_assert(!ti.from_env);
    unsetenv("NTLMGSS_CONFIG");
    ntlmgss_config_flush();
    teardown_tmp();
}
END_TEST

/*
 * NTLMGSS_TRACE is opened lazily, inside the first call that traces; its
 * failure must not replace that call's own error detail.  Here the first
 * trace line is ntlmgss_config_get's "config: error", and the detail must
 * still name the missing configuration file ("ntlmtool config" printed
 * the trace file's error instead).  Needs a fresh process (CK_FORK).
 */
START_TEST(test_trace_lazy_open_keeps_detail)
{
    struct ntlmgss_config *cfg = NULL;
    char path[128], bad[160], errpath[128], buf[1024];
    const char *d;
    int saved;

    setup_tmp();
    snprintf(path, sizeof(path), "%s/missing.conf", tmpdir);
    snprintf(bad, sizeof(bad), "%s/missing-dir/trace.log", tmpdir);
    snprintf(errpath, sizeof(errpath), "%s/stderr", tmpdir);
    setenv("NTLMGSS_CONFIG", path, 1);
    setenv("NTLMGSS_TRACE", bad, 1);
    saved = stderr_to(errpath);
    ck_assert_int_eq(ntlmgss_config_get(&cfg), NTLM_ERR_CONFIG);
    d = ntlm_err_last_detail(NTLM_ERR_CONFIG);
    (void)stderr_back(saved, errpath, "x", buf, sizeof(buf));
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(strstr(d, "missing.conf") != NULL, "detail '%s'", d);
    unsetenv("NTLMGSS_TRACE");
    unsetenv("NTLMGSS_CONFIG");
    ntlmgss_config_flush();
    teardown_tmp();
}
END_TEST

START_TEST(test_trace_flags)
{
    char buf[256], small[12], hex[16];

    ck_assert_str_eq(ntlmgss_trace_flags(0, buf, sizeof(buf)), "(none)");
    ck_assert_str_eq(ntlmgss_trace_flags(0xe28a8235u, buf, sizeof(buf)),
                     "UNICODE|REQUEST_TARGET|SIGN|SEAL|NTLM|ALWAYS_SIGN|"
                     "TARGET_TYPE_SERVER|EXTENDED_SESSIONSECURITY|"
                     "TARGET_INFO|VERSION|128|KEY_EXCH|56");
    ck_assert_str_eq(ntlmgss_trace_flags(0x8u, buf, sizeof(buf)),
                     "0x00000008");
    ntlmgss_trace_flags(0xffffffffu, small, sizeof(small));
    ck_assert_uint_lt(strlen(small), sizeof(small));
    ck_assert_ptr_nonnull(strstr(small, "..."));
    ck_assert_str_eq(ntlmgss_trace_flag_name(29), "128");
    ck_assert_ptr_null(ntlmgss_trace_flag_name(3));
    ck_assert_str_eq(ntlmgss_trace_hex("\x01\xab", 2, hex, sizeof(hex)),
                     "01ab");
    ntlmgss_trace_hex("0123456789", 10, hex, sizeof(hex));
    ck_assert_uint_lt(strlen(hex), sizeof(hex));
}
END_TEST

Suite *
nconfig_suite(void)
{
    Suite *s = suite_create("nconfig");
    TCase *tc;

    tc = tcase_create("parse");
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_every_key);
    tcase_add_loop_test(tc, test_policy_parsing, 0,
                        sizeof(policy_cases) / sizeof(policy_cases[0]));
    tcase_add_test(tc, test_policy_names);
    tcase_add_test(tc, test_booleans);
    tcase_add_loop_test(tc, test_boolean_aliases_refused, 0,
                        sizeof(bool_keys) / sizeof(bool_keys[0]) *
                        NUM_BOOL_ALIASES);
    tcase_add_loop_test(tc, test_bad_values, 0,
                        sizeof(bad_cases) / sizeof(bad_cases[0]));
    tcase_add_test(tc, test_nul_byte);
    tcase_add_test(tc, test_empty_strings_unset);
    suite_add_tcase(s, tc);

    tc = tcase_create("get");
    /* test_settled_file_recheck sleeps 2.5 s: more than half of check's
     * default 4 s on a machine that is anything but idle */
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_file_and_get);
    tcase_add_test(tc, test_explicit_missing_file);
    tcase_add_test(tc, test_parse_file);
    tcase_add_test(tc, test_env_overrides);
    tcase_add_test(tc, test_no_default_file);
    tcase_add_test(tc, test_threads);
    tcase_add_test(tc, test_settled_file_recheck);
    suite_add_tcase(s, tc);

    tc = tcase_create("trace");
    tcase_add_test(tc, test_trace_file);
    tcase_add_test(tc, test_trace_flags);
    tcase_add_test(tc, test_trace_open_failure);
    tcase_add_test(tc, test_trace_env_failure);
    tcase_add_test(tc, test_trace_lazy_open_keeps_detail);
    suite_add_tcase(s, tc);
    return s;
}
