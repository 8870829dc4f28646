/*
 * wbtest.c - checks of mech/winbind.c against a real member winbindd,
 * driven by domain-test.sh.  The NTLMv2 responses are computed with the
 * protocol core (ntlm_ntowfv1/ntlm_ntowfv2/ntlm_compute_ntlmv2).
 *
 *   wbtest up     winbindd running: logins, status codes, throughput
 *   wbtest hang   winbindd stopped with SIGSTOP: bounded timeout
 *   wbtest down   winbindd not running
 *   wbtest nolib  NTLMGSS_WBCLIENT names a missing library
 *
 * Environment: SELFTEST_WINBINDD_SOCKET_DIR (the member's socket dir; see
 * nss_wrapper_enabled below), WBTEST_PASSWORD, WBTEST_ITER (100).
 */
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "common/errors.h"
#include "common/secure.h"
#include "ntlm/ntlm.h"
#include "wire/wire.h"
#include "winbind.h"

/*
 * libwbclient 4.17 ignores WINBINDD_SOCKET_DIR; it honours
 * $SELFTEST_WINBINDD_SOCKET_DIR only when a global nss_wrapper_enabled()
 * returns true (nsswitch/wb_common.c).  This program exports one (linked
 * with -export-dynamic), so it talks to the test's winbindd.
 */
bool nss_wrapper_enabled(void) __attribute__((visibility("default")));
bool
nss_wrapper_enabled(void)
{
    return true;
}

static int failures;
static int checks;

#define CHECK(cond, ...)                                                 \
    do {                                                                 \
        checks++;                                                        \
        if (cond) {                                                      \
            printf("PASS: ");                                            \
        } else {                                                         \
            printf("FAIL: ");                                            \
            failures++;                                                  \
        }                                                                \
        printf(__VA_ARGS__);                                             \
        printf("\n");                                                    \
        fflush(stdout);                                                  \
    } while (0)

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *
code_name(int code)
{
    static __thread char buf[32];

    if (code == 0)
        return "0";
#define NTLMGSS_ERR(name, num, major, sec, msg) \
    if (code == NTLM_ERR_##name) return "NTLM_ERR_" #name;
#include "ntlmgss_errors.def"
#undef NTLMGSS_ERR
    snprintf(buf, sizeof(buf), "%d", code);
    return buf;
}

/* Append one AV_PAIR with a UTF-16LE string value. */
static void
av_str(uint8_t *buf, size_t *pos, uint16_t id, const char *s)
{
    uint8_t *u = NULL;
    size_t ulen = 0;

    if (ntlm_utf8_to_utf16le(s, strlen(s), &u, &ulen) != 0) {
        fprintf(stderr, "utf16 conversion failed\n");
        exit(99);
    }
    buf[(*pos)++] = (uint8_t)(id & 0xff);
    buf[(*pos)++] = (uint8_t)(id >> 8);
    buf[(*pos)++] = (uint8_t)(ulen & 0xff);
    buf[(*pos)++] = (uint8_t)(ulen >> 8);
    memcpy(buf + *pos, u, ulen);
    *pos += ulen;
    free(u);
}

struct names {
    char *nb_domain;
    char *dns_domain;
    char *nb_computer;
    char *dns_computer;
};

static struct names target;

/*
 * login - compute an NTLMv2 response as a client would (for the CHALLENGE
 * target info in target, with computer name nb_computer) and pass it
 * through winbind.  Returns the code; out_key gets the locally computed
 * SessionBaseKey.
 */
static int
login(const char *user, const char *domain, const char *password,
      const char *nb_computer, struct ntlmgss_wb_info **out_info,
      uint8_t out_key[16])
{
    uint8_t nt_hash[16], v2[16], srv[8], cli[8], av[512];
    size_t avlen = 0;
    struct ntlm_v2_result res;
    uint64_t ts;
    int ret;

    memset(&res, 0, sizeof(res));
    if (getrandom(srv, 8, 0) != 8 || getrandom(cli, 8, 0) != 8)
        return NTLM_ERR_INTERNAL;
    av_str(av, &avlen, 2, target.nb_domain);      /* MsvAvNbDomainName */
    av_str(av, &avlen, 1, nb_computer);           /* MsvAvNbComputerName */
    av_str(av, &avlen, 4, target.dns_domain);     /* MsvAvDnsDomainName */
    av_str(av, &avlen, 3, target.dns_computer);   /* MsvAvDnsComputerName */
    ts = ((uint64_t)time(NULL) + 11644473600ULL) * 10000000ULL;
    av[avlen++] = 7;                               /* MsvAvTimestamp */
    av[avlen++] = 0;
    av[avlen++] = 8;
    av[avlen++] = 0;
    for (int i = 0; i < 8; i++)
        av[avlen++] = (uint8_t)(ts >> (8 * i));
    memset(av + avlen, 0, 4);                      /* MsvAvEOL */
    avlen += 4;

    ret = ntlm_ntowfv1(password, strlen(password), nt_hash);
    if (ret != 0)
        goto done;
    ret = ntlm_ntowfv2(nt_hash, user, strlen(user), domain, strlen(domain),
                       v2);
    if (ret != 0)
        goto done;
    ret = ntlm_compute_ntlmv2(v2, srv, cli, ts, wire_slice_make(av, avlen),
                              &res);
    if (ret != 0)
        goto done;
    if (out_key != NULL)
        memcpy(out_key, res.session_base_key, 16);
    ret = ntlmgss_wb_authenticate(user, domain, "CLIENT1", srv,
                                  res.nt_response, res.nt_response_len,
                                  res.lm_response, sizeof(res.lm_response),
                                  out_info);
done:
    ntlm_v2_result_cleanup(&res);
    ntlm_zero(nt_hash, sizeof(nt_hash));
    ntlm_zero(v2, sizeof(v2));
    return ret;
}

static void
expect_code(const char *what, const char *user, const char *domain,
            const char *password, const char *computer, int want)
{
    struct ntlmgss_wb_info *info = NULL;
    double t0 = now_s();
    int ret = login(user, domain, password, computer, &info, NULL);
    const char *detail = ntlm_err_last_detail(ret);

    CHECK(ret == want && (want == 0) == (info != NULL),
          "%s: %s (want %s) in %.1f ms [%s]",
          what, code_name(ret), code_name(want), (now_s() - t0) * 1e3,
          detail != NULL ? detail : ntlm_err_string(ret));
    ntlmgss_wb_info_free(info);
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);

    return a >= b && strcmp(s + a - b, suffix) == 0;
}

struct bench_arg {
    const char *password;
    int iter;
    int failed;
};

static void *
bench_thread(void *p)
{
    struct bench_arg *a = p;
    struct ntlmgss_wb_info *info = NULL;
    int i, ret;

    for (i = 0; i < a->iter; i++) {
        ret = login("alice", target.nb_domain, a->password,
                    target.nb_computer, &info, NULL);
        if (ret != 0) {
            if (a->failed++ == 0)
                fprintf(stderr, "bench login failed: %s\n",
                        code_name(ret));
        }
        ntlmgss_wb_info_free(info);
        info = NULL;
    }
    return NULL;
}

static void
bench(const char *password, int nthreads, int iter)
{
    pthread_t tids[64];
    struct bench_arg args[64];
    double t0, dt;
    int i, failed = 0;

    t0 = now_s();
    for (i = 0; i < nthreads; i++) {
        args[i].password = password;
        args[i].iter = iter;
        args[i].failed = 0;
        pthread_create(&tids[i], NULL, bench_thread, &args[i]);
    }
    for (i = 0; i < nthreads; i++) {
        pthread_join(tids[i], NULL);
        failed += args[i].failed;
    }
    dt = now_s() - t0;
    CHECK(failed == 0, "throughput: %d thread(s) x %d logins: %.0f logins/s "
          "(%.2f ms per login, %d failed)", nthreads, iter,
          nthreads * iter / dt, dt * 1e3 / (nthreads * iter), failed);
}

static int
test_up(const char *password)
{
    struct ntlmgss_wb_info *info = NULL;
    uint8_t key[16];
    const char *s;
    int ret, iter;
    size_t i;

    ret = ntlmgss_wb_probe();
    CHECK(ret == 0, "probe: %s", code_name(ret));
    CHECK(ntlmgss_wb_available() == 1, "available");

    ret = ntlmgss_wb_domain_info(&target.nb_domain, &target.dns_domain,
                                 &target.nb_computer, &target.dns_computer);
    CHECK(ret == 0, "domain info: %s", code_name(ret));
    if (ret != 0)
        return 1;
    CHECK(strcmp(target.nb_domain, "EXAMPLE") == 0 &&
          strcmp(target.dns_domain, "example.test") == 0 &&
          strcmp(target.nb_computer, "MEMBER1") == 0 &&
          strcmp(target.dns_computer, "member1.example.test") == 0,
          "domain info: %s / %s / %s / %s", target.nb_domain,
          target.dns_domain, target.nb_computer, target.dns_computer);

    /* Success, key and SIDs. */
    ret = login("alice", "EXAMPLE", password, target.nb_computer, &info,
                key);
    CHECK(ret == 0 && info != NULL, "alice logs on: %s [%s]",
          code_name(ret), ret ? ntlm_err_last_detail(ret) : "");
    if (info != NULL) {
        CHECK(ntlm_ct_equal(info->session_base_key, key, 16),
              "session base key from the DC equals the local one");
        CHECK(strcmp(info->user, "alice") == 0 &&
              strcmp(info->domain, "EXAMPLE") == 0,
              "canonical name %s\\%s (upn %s, dns %s, server %s)",
              info->user, info->domain, info->upn, info->dns_domain,
              info->logon_server);
        CHECK(strncmp(info->user_sid, "S-1-5-21-", 9) == 0,
              "user SID %s", info->user_sid);
        CHECK(ends_with(info->primary_group_sid, "-513"),
              "primary group SID %s (Domain Users)",
              info->primary_group_sid);
        for (i = 0; i < info->num_group_sids; i++)
            printf("  group %s attrs 0x%08x\n", info->group_sids[i],
                   info->group_attrs[i]);
        CHECK(info->num_group_sids >= 1, "%zu group SIDs",
              info->num_group_sids);
        ntlmgss_wb_info_free(info);
        info = NULL;
    }

    /* The client's own spelling of names is passed through. */
    expect_code("DNS domain as the client sent it", "alice", "example.test",
                password, target.nb_computer, 0);
    expect_code("upper-case user", "ALICE", "EXAMPLE", password,
                target.nb_computer, 0);

    /* Refusals. */
    expect_code("wrong password", "alice", "EXAMPLE", "wrong-Passw0rd",
                target.nb_computer, NTLM_ERR_WRONG_PASSWORD);
    expect_code("unknown user", "nosuchuser", "EXAMPLE", password,
                target.nb_computer, NTLM_ERR_UNKNOWN_USER);
    expect_code("disabled account", "bob", "EXAMPLE", password,
                target.nb_computer, NTLM_ERR_ACCOUNT_DISABLED);
    expect_code("expired account", "carol", "EXAMPLE", password,
                target.nb_computer, NTLM_ERR_ACCOUNT_EXPIRED);
    expect_code("password must change", "erin", "EXAMPLE", password,
                target.nb_computer, NTLM_ERR_PASSWORD_MUST_CHANGE);
    expect_code("client blob names another computer", "alice", "EXAMPLE",
                password, "OTHERHOST", NTLM_ERR_LOGON_FAILURE);
    for (i = 0; i < 3; i++)
        expect_code("dave: wrong password before lockout", "dave",
                    "EXAMPLE", "wrong-Passw0rd", target.nb_computer,
                    NTLM_ERR_WRONG_PASSWORD);
    expect_code("locked-out account", "dave", "EXAMPLE", password,
                target.nb_computer, NTLM_ERR_ACCOUNT_LOCKED);

    /* Bad arguments never reach winbindd. */
    ret = ntlmgss_wb_authenticate(NULL, "EXAMPLE", "", key, NULL, 0, NULL,
                                  0, &info);
    CHECK(ret == NTLM_ERR_INVALID_ARGUMENT, "NULL user: %s",
          code_name(ret));

    /* Single sign-on: this process (root) has no cached credentials. */
    ret = ntlmgss_wb_sso_available("alice", "EXAMPLE");
    CHECK(ret != 0, "SSO without cached credentials: %s [%s]",
          code_name(ret), ntlm_err_last_detail(ret) ?
          ntlm_err_last_detail(ret) : "");

    s = getenv("WBTEST_ITER");
    iter = s != NULL ? atoi(s) : 100;
    if (iter <= 0)
        iter = 100;
    bench(password, 1, iter);
    bench(password, 8, iter);
    return 0;
}

static int
test_stopped(const char *password, int want, unsigned int timeout_ms)
{
    uint8_t chal[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    uint8_t nt[64] = { 0 };
    struct ntlmgss_wb_info *info = NULL;
    const char *d;
    double t0;
    int ret;

    (void)password;
    if (timeout_ms != 0)
        ntlmgss_wb_set_limits(timeout_ms, 0);
    t0 = now_s();
    ret = ntlmgss_wb_probe();
    d = ntlm_err_last_detail(ret);
    CHECK(ret == want, "probe: %s (want %s) in %.0f ms [%s]",
          code_name(ret), code_name(want), (now_s() - t0) * 1e3,
          d != NULL ? d : "");
    CHECK(ntlmgss_wb_available() == 0, "not available");
    t0 = now_s();
    ret = ntlmgss_wb_authenticate("alice", "EXAMPLE", "CLIENT1", chal, nt,
                                  sizeof(nt), NULL, 0, &info);
    d = ntlm_err_last_detail(ret);
    /* bounded by the limit set here (1 s), not by the default (15 s):
     * 4 s of slack for a loaded machine's scheduling */
    CHECK(ret == want && info == NULL &&
          (timeout_ms == 0 || now_s() - t0 < timeout_ms / 1000.0 + 4.0),
          "authenticate: %s (want %s) in %.0f ms [%s]", code_name(ret),
          code_name(want), (now_s() - t0) * 1e3, d != NULL ? d : "");
    ret = ntlmgss_wb_domain_info(NULL, NULL, NULL, NULL);
    CHECK(ret == want, "domain info: %s", code_name(ret));
    return 0;
}

int
main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "up";
    const char *password = getenv("WBTEST_PASSWORD");

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (password == NULL)
        password = "Passw0rd!alice";
    if (strcmp(mode, "up") == 0)
        test_up(password);
    else if (strcmp(mode, "down") == 0)
        test_stopped(password, NTLM_ERR_WINBINDD_NOT_RUNNING, 0);
    else if (strcmp(mode, "hang") == 0)
        test_stopped(password, NTLM_ERR_WINBINDD_TIMEOUT, 1000);
    else if (strcmp(mode, "nolib") == 0)
        test_stopped(password, NTLM_ERR_WINBIND_UNAVAILABLE, 0);
    else {
        fprintf(stderr, "usage: wbtest up|down|hang|nolib\n");
        return 2;
    }
    printf("wbtest %s: %d checks, %d failed\n", mode, checks, failures);
    return failures == 0 ? 0 : 1;
}
