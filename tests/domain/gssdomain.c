/*
 * gssdomain.c - domain logons end to end through MIT's libgssapi with the
 * freshly built module, on the member of domain-test.sh's throw-away AD
 * domain: initiator (password credential) and acceptor (domain_logins)
 * in one process, NTLM directly and under SPNEGO.
 *
 *   gssdomain up    winbindd running: logons, session keys, sealed
 *                   messages both ways, SIDs as name attributes, precise
 *                   minors (wrong password, unknown user, disabled and
 *                   expired accounts), the verification order, and
 *                   throughput (1 and 8 threads x GSSDOMAIN_ITER logons)
 *   gssdomain localname  (run where NSS asks winbind: domain-test.sh
 *                   bind-mounts an nsswitch.conf in a private mount
 *                   namespace) gss_localname / gss_authorize_localname of
 *                   a domain user with domain_localname = yes and no
 *   gssdomain hang  winbindd stopped with SIGSTOP: bounded failure
 *   gssdomain down  winbindd not running
 *
 * Environment (set by domain-test.sh): SELFTEST_WINBINDD_SOCKET_DIR,
 * GSSDOMAIN_DIR (a private directory for the mech and config files),
 * GSSDOMAIN_USER / GSSDOMAIN_PASSWORD (a domain user), GSSDOMAIN_USER_SID
 * (its SID as wbinfo -n says), GSSDOMAIN_ITER (100).
 */
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include "ntlmgss.h"

/* libwbclient honours $SELFTEST_WINBINDD_SOCKET_DIR only when a global
 * nss_wrapper_enabled() returns true: exported (-export-dynamic). */
bool nss_wrapper_enabled(void) __attribute__((visibility("default")));
bool
nss_wrapper_enabled(void)
{
    return true;
}

static gss_OID_desc ntlm_oid = { NTLMGSS_MECH_OID_LENGTH,
                                 (void *)NTLMGSS_MECH_OID_BYTES };
static gss_OID_desc spnego_oid = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };
static gss_OID_desc key_oid = { 11,
    (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x05\x05" };

static int failures, checks;
static const char *dir, *duser, *dpass;
static char cfg_yes[512], cfg_auto[512];

#define CHECK(cond, ...)                                                 \
    do {                                                                 \
        int ok_ = (cond);                                                \
        checks++;                                                        \
        printf(ok_ ? "PASS: " : "FAIL: ");                               \
        if (!ok_)                                                        \
            failures++;                                                  \
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

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(99);
    }
}

static const char *
minor_name(OM_uint32 m)
{
    static __thread char buf[32];

#define NTLMGSS_ERR(name, num, major, sec, msg) \
    if (m == NTLMGSS_MINOR_##name) return #name;
#include "ntlmgss_errors.def"
#undef NTLMGSS_ERR
    snprintf(buf, sizeof(buf), "0x%x", (unsigned)m);
    return buf;
}

struct hs {
    gss_ctx_id_t ictx, actx;
    gss_name_t src;
    OM_uint32 imaj, imin, amaj, amin;
};

static void
hs_cleanup(struct hs *h)
{
    OM_uint32 min;

    gss_delete_sec_context(&min, &h->ictx, GSS_C_NO_BUFFER);
    gss_delete_sec_context(&min, &h->actx, GSS_C_NO_BUFFER);
    gss_release_name(&min, &h->src);
}

/* handshake - user "DOMAIN\\name" with password; 1 when both complete. */
static int
handshake(struct hs *h, gss_OID mech, const char *user, const char *pw)
{
    gss_buffer_desc b, in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc aout = GSS_C_EMPTY_BUFFER;
    gss_OID_set_desc set = { 1, &ntlm_oid };
    gss_cred_id_t ic = GSS_C_NO_CREDENTIAL;
    gss_name_t n = GSS_C_NO_NAME, target = GSS_C_NO_NAME;
    OM_uint32 min;
    int step;

    memset(h, 0, sizeof(*h));
    h->amaj = GSS_S_CONTINUE_NEEDED;
    b.value = (void *)user;
    b.length = strlen(user);
    h->imaj = gss_import_name(&h->imin, &b, GSS_C_NT_USER_NAME, &n);
    if (h->imaj != GSS_S_COMPLETE)
        return 0;
    if (mech == &spnego_oid)
        set.elements = &spnego_oid;
    if (pw != NULL) {
        b.value = (void *)pw;
        b.length = strlen(pw);
        h->imaj = gss_acquire_cred_with_password(&h->imin, n, &b, 0, &set,
                                                 GSS_C_INITIATE, &ic, NULL,
                                                 NULL);
    } else {
        /* no password: the user file or winbind's cached credentials */
        h->imaj = gss_acquire_cred(&h->imin, n, 0, &set, GSS_C_INITIATE,
                                   &ic, NULL, NULL);
    }
    gss_release_name(&min, &n);
    if (h->imaj != GSS_S_COMPLETE)
        return 0;
    b.value = (void *)"HTTP@member1.example.test";
    b.length = strlen(b.value);
    gss_import_name(&min, &b, GSS_C_NT_HOSTBASED_SERVICE, &target);
    for (step = 0; step < 6; step++) {
        h->imaj = gss_init_sec_context(&h->imin, ic, &h->ictx, target, mech,
                                       GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG |
                                       GSS_C_REPLAY_FLAG |
                                       GSS_C_SEQUENCE_FLAG, 0, NULL, &in,
                                       NULL, &out, NULL, NULL);
        gss_release_buffer(&min, &in);
        if (GSS_ERROR(h->imaj) || out.length == 0)
            break;
        gss_release_name(&min, &h->src);
        h->amaj = gss_accept_sec_context(&h->amin, &h->actx,
                                         GSS_C_NO_CREDENTIAL, &out, NULL,
                                         &h->src, NULL, &aout, NULL, NULL,
                                         NULL);
        gss_release_buffer(&min, &out);
        if (GSS_ERROR(h->amaj) || aout.length == 0)
            break;
        in = aout;
        aout.length = 0;
        aout.value = NULL;
    }
    gss_release_buffer(&min, &out);
    gss_release_buffer(&min, &aout);
    gss_release_cred(&min, &ic);
    gss_release_name(&min, &target);
    return h->imaj == GSS_S_COMPLETE && h->amaj == GSS_S_COMPLETE;
}

/* sealed message a -> b; 1 when it round-trips with conf_state 1. */
static int
sealed(gss_ctx_id_t a, gss_ctx_id_t b, const char *msg)
{
    gss_buffer_desc in = { strlen(msg), (void *)msg };
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;
    int c1 = 0, c2 = 0, ok;

    maj = gss_wrap(&min, a, 1, GSS_C_QOP_DEFAULT, &in, &c1, &tok);
    if (maj != GSS_S_COMPLETE)
        return 0;
    ok = tok.length > in.length &&
        memmem(tok.value, tok.length, msg, in.length) == NULL;
    maj = gss_unwrap(&min, b, &tok, &out, &c2, NULL);
    ok = ok && maj == GSS_S_COMPLETE && c1 == 1 && c2 == 1 &&
        out.length == in.length && memcmp(out.value, msg, in.length) == 0;
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &out);
    return ok;
}

static int
keys_agree(gss_ctx_id_t a, gss_ctx_id_t b)
{
    gss_buffer_set_t ka = GSS_C_NO_BUFFER_SET, kb = GSS_C_NO_BUFFER_SET;
    OM_uint32 min;
    int ok;

    ok = gss_inquire_sec_context_by_oid(&min, a, &key_oid, &ka) == 0 &&
        gss_inquire_sec_context_by_oid(&min, b, &key_oid, &kb) == 0 &&
        ka->count == 1 && kb->count == 1 && ka->elements[0].length == 16 &&
        kb->elements[0].length == 16 &&
        memcmp(ka->elements[0].value, kb->elements[0].value, 16) == 0;
    gss_release_buffer_set(&min, &ka);
    gss_release_buffer_set(&min, &kb);
    return ok;
}

/* attribute value number idx (-1 first) into buf; returns next more. */
static int
attr(gss_name_t n, const char *name, int more, char *buf, size_t cap,
     OM_uint32 *out_maj)
{
    gss_buffer_desc a = { strlen(name), (void *)name };
    gss_buffer_desc v = GSS_C_EMPTY_BUFFER, dv = GSS_C_EMPTY_BUFFER;
    OM_uint32 min;
    int au = 0, co = 0;

    buf[0] = '\0';
    *out_maj = gss_get_name_attribute(&min, n, &a, &au, &co, &v, &dv,
                                      &more);
    if (*out_maj == GSS_S_COMPLETE && au && co)
        snprintf(buf, cap, "%.*s", (int)v.length, (char *)v.value);
    gss_release_buffer(&min, &v);
    gss_release_buffer(&min, &dv);
    return more;
}

static void
check_name(gss_name_t src, const char *want_sid)
{
    gss_buffer_set_t attrs = GSS_C_NO_BUFFER_SET;
    gss_buffer_desc disp = GSS_C_EMPTY_BUFFER;
    char v[256], pg[256];
    OM_uint32 maj, min;
    int mn = 0, more, n = 0, has_pg = 0;

    gss_display_name(&min, src, &disp, NULL);
    CHECK(disp.length > 0, "acceptor's name: %.*s", (int)disp.length,
          (char *)disp.value);
    gss_release_buffer(&min, &disp);
    maj = gss_inquire_name(&min, src, &mn, NULL, &attrs);
    CHECK(maj == GSS_S_COMPLETE && mn && attrs != GSS_C_NO_BUFFER_SET &&
          attrs->count == 3, "gss_inquire_name: MN with %zu attributes",
          attrs != GSS_C_NO_BUFFER_SET ? attrs->count : 0);
    gss_release_buffer_set(&min, &attrs);
    attr(src, NTLMGSS_ATTR_USER_SID, -1, v, sizeof(v), &maj);
    CHECK(maj == GSS_S_COMPLETE && want_sid != NULL &&
          strcmp(v, want_sid) == 0, "%s = %s (wbinfo: %s)",
          NTLMGSS_ATTR_USER_SID, v, want_sid != NULL ? want_sid : "?");
    attr(src, NTLMGSS_ATTR_PRIMARY_GROUP_SID, -1, pg, sizeof(pg), &maj);
    CHECK(maj == GSS_S_COMPLETE && strncmp(pg, "S-1-5-21-", 9) == 0 &&
          strlen(pg) > 4 && strcmp(pg + strlen(pg) - 4, "-513") == 0,
          "%s = %s (Domain Users)", NTLMGSS_ATTR_PRIMARY_GROUP_SID, pg);
    more = -1;
    do {
        more = attr(src, NTLMGSS_ATTR_GROUP_SID, more, v, sizeof(v), &maj);
        if (maj != GSS_S_COMPLETE)
            break;
        printf("  group SID %s\n", v);
        n++;
        if (strcmp(v, pg) == 0)
            has_pg = 1;
    } while (more != 0 && n < 1000);
    CHECK(maj == GSS_S_COMPLETE && n >= 1 && has_pg,
          "%s: %d values, the primary group among them",
          NTLMGSS_ATTR_GROUP_SID, n);
}

static const char *
minor_text(OM_uint32 m)
{
#define NTLMGSS_ERR(name, num, major, sec, msg) \
    if (m == NTLMGSS_MINOR_##name) return msg;
#include "ntlmgss_errors.def"
#undef NTLMGSS_ERR
    return "?";
}

/* is_minor - MIT's SPNEGO hands the mechanism's minor code back through
 * mechglue's error map (a different number), which gss_display_status
 * turns back into the mechanism's message: compare that. */
static int
is_minor(OM_uint32 got, OM_uint32 want, char *text, size_t cap)
{
    gss_buffer_desc b = GSS_C_EMPTY_BUFFER;
    OM_uint32 min, mctx = 0;
    int ok;

    text[0] = '\0';
    if (got == want) {
        snprintf(text, cap, "%s", minor_name(got));
        return 1;
    }
    gss_display_status(&min, got, GSS_C_MECH_CODE, GSS_C_NO_OID, &mctx, &b);
    snprintf(text, cap, "0x%x \"%.*s\"", (unsigned)got, (int)b.length,
             b.value != NULL ? (char *)b.value : "");
    ok = b.length >= strlen(minor_text(want)) &&
        strncmp(b.value, minor_text(want), strlen(minor_text(want))) == 0;
    gss_release_buffer(&min, &b);
    return ok;
}

static void
expect_minor(const char *title, gss_OID mech, const char *user,
             const char *pw, OM_uint32 want)
{
    struct hs h;
    double t0 = now_s();
    char text[300];
    int ok = handshake(&h, mech, user, pw);

    ok = !ok && is_minor(h.amin != 0 ? h.amin : h.imin, want, text,
                         sizeof(text));
    CHECK(ok, "%s (%s): %s (want %s) in %.1f ms", title,
          mech == &spnego_oid ? "SPNEGO" : "NTLM", text, minor_name(want),
          (now_s() - t0) * 1e3);
    hs_cleanup(&h);
}

static void
use_config(const char *path)
{
    setenv("NTLMGSS_CONFIG", path, 1);
}

struct worker {
    int iter;
    int failed;
};

static void *
worker_main(void *arg)
{
    struct worker *w = arg;
    struct hs h;
    int i;

    for (i = 0; i < w->iter; i++) {
        if (!handshake(&h, &ntlm_oid, duser, dpass)) {
            if (w->failed++ == 0)
                fprintf(stderr, "logon failed: %s\n", minor_name(h.amin));
        }
        hs_cleanup(&h);
    }
    return NULL;
}

static void
throughput(int nthreads, int iter)
{
    pthread_t th[16];
    struct worker w[16];
    double t0, dt;
    int i, failed = 0;

    t0 = now_s();
    for (i = 0; i < nthreads; i++) {
        w[i].iter = iter;
        w[i].failed = 0;
        if (pthread_create(&th[i], NULL, worker_main, &w[i]) != 0) {
            perror("pthread_create");
            exit(99);
        }
    }
    for (i = 0; i < nthreads; i++) {
        pthread_join(th[i], NULL);
        failed += w[i].failed;
    }
    dt = now_s() - t0;
    CHECK(failed == 0, "GSS throughput: %d thread(s) x %d logons through "
          "gss_accept_sec_context: %.0f logons/s (%.2f ms each, %d failed)",
          nthreads, iter, nthreads * iter / dt,
          dt * 1e3 / (nthreads * iter), failed);
}

static void
test_up(void)
{
    const char *mechs_name[2] = { "NTLM", "SPNEGO" };
    gss_OID mechs[2] = { &ntlm_oid, &spnego_oid };
    char users[1024], dom_user_file[256], *p;
    struct hs h;
    int i, iter;
    const char *s;

    for (i = 0; i < 2; i++) {
        int ok = handshake(&h, mechs[i], duser, dpass);

        CHECK(ok, "%s: %s logs on through the domain (init %x/%s, accept "
              "%x/%s)", mechs_name[i], duser, h.imaj, minor_name(h.imin),
              h.amaj, minor_name(h.amin));
        if (ok) {
            CHECK(keys_agree(h.ictx, h.actx), "%s: session keys agree",
                  mechs_name[i]);
            CHECK(sealed(h.ictx, h.actx, "sealed client to server") &&
                  sealed(h.actx, h.ictx, "sealed server to client") &&
                  sealed(h.ictx, h.actx, "and once more"),
                  "%s: sealed messages both ways", mechs_name[i]);
            check_name(h.src, getenv("GSSDOMAIN_USER_SID"));
        }
        hs_cleanup(&h);
    }
    expect_minor("wrong password", &ntlm_oid, duser, "Wrong-Passw0rd",
                 NTLMGSS_MINOR_WRONG_PASSWORD);
    expect_minor("unknown user", &ntlm_oid, "EXAMPLE\\nosuchuser", dpass,
                 NTLMGSS_MINOR_UNKNOWN_USER);
    expect_minor("disabled account", &ntlm_oid, "EXAMPLE\\bob", dpass,
                 NTLMGSS_MINOR_ACCOUNT_DISABLED);
    expect_minor("disabled account", &spnego_oid, "EXAMPLE\\bob", dpass,
                 NTLMGSS_MINOR_ACCOUNT_DISABLED);
    expect_minor("expired account", &ntlm_oid, "EXAMPLE\\carol", dpass,
                 NTLMGSS_MINOR_ACCOUNT_EXPIRED);

    /* Order: the member's domain is decided by the domain even when the
     * user file has an entry for the same name; other domains go to the
     * user file first. */
    snprintf(dom_user_file, sizeof(dom_user_file), "%s/users", dir);
    snprintf(users, sizeof(users), "%s:bogus-password\n"
             "LOCAL:localuser:localpass\n", duser);
    for (p = users; (p = strchr(p, '\\')) != NULL; )
        *p = ':';
    write_file(dom_user_file, users);
    setenv("NTLM_USER_FILE", dom_user_file, 1);
    use_config(cfg_auto);
    CHECK(handshake(&h, &ntlm_oid, duser, dpass), "auto + user file: %s "
          "decided by the domain, not by the user file's entry (%s)", duser,
          minor_name(h.amin));
    hs_cleanup(&h);
    CHECK(handshake(&h, &ntlm_oid, "LOCAL\\localuser", "localpass"),
          "auto + user file: LOCAL\\localuser from the user file (%s)",
          minor_name(h.amin));
    hs_cleanup(&h);
    unsetenv("NTLM_USER_FILE");
    use_config(cfg_yes);

    /* Initiator single sign-on: domain-test.sh stored the user's
     * credentials in winbind's cache (wbinfo --ccache-save) */
    if (getenv("GSSDOMAIN_SSO") != NULL) {
        for (i = 0; i < 2; i++) {
            int ok = handshake(&h, mechs[i], duser, NULL);

            CHECK(ok, "%s: single sign-on for %s from winbind's cached "
                  "credentials, no password (init %x/%s, accept %x/%s)",
                  mechs_name[i], duser, h.imaj, minor_name(h.imin), h.amaj,
                  minor_name(h.amin));
            if (ok)
                CHECK(keys_agree(h.ictx, h.actx) &&
                      sealed(h.ictx, h.actx, "sso client to server") &&
                      sealed(h.actx, h.ictx, "sso server to client"),
                      "%s: SSO session keys agree, sealed both ways",
                      mechs_name[i]);
            hs_cleanup(&h);
        }
    } else {
        printf("note: winbind would not cache credentials; SSO not "
               "tested\n");
    }
    expect_minor("no password, nothing cached", &ntlm_oid,
                 "EXAMPLE\\alice", NULL, NTLMGSS_MINOR_NO_CREDS);

    s = getenv("GSSDOMAIN_ITER");
    iter = s != NULL ? atoi(s) : 100;
    if (iter <= 0)
        iter = 100;
    throughput(1, iter);
    throughput(8, iter);
}

static void
test_localname(void)
{
    char path[512], want[256];
    gss_buffer_desc ln = GSS_C_EMPTY_BUFFER;
    struct hs h;
    OM_uint32 maj, min;
    int ok;

    snprintf(path, sizeof(path), "%s/ntlmgss-localname.conf", dir);
    write_file(path, "domain_logins = yes\nnetbios_computer = CLIENT1\n"
               "domain_localname = yes\n");
    use_config(path);
    ok = handshake(&h, &ntlm_oid, duser, dpass);
    CHECK(ok, "logon for gss_localname (%s)", minor_name(h.amin));
    if (!ok) {
        hs_cleanup(&h);
        return;
    }
    snprintf(want, sizeof(want), "%s", duser);
    maj = gss_localname(&min, h.src, &ntlm_oid, &ln);
    CHECK(maj == GSS_S_COMPLETE && ln.length == strlen(want) &&
          memcmp(ln.value, want, ln.length) == 0,
          "domain_localname = yes: gss_localname -> '%.*s' through NSS "
          "(winbind), want '%s'", (int)ln.length,
          ln.value != NULL ? (char *)ln.value : "", want);
    gss_release_buffer(&min, &ln);
    CHECK(gss_userok(h.src, want) == 1, "gss_userok(%s)", want);
    CHECK(gss_userok(h.src, "root") == 0, "gss_userok(root) refused");
    hs_cleanup(&h);
    /* without domain_localname the domain is foreign: no local account */
    use_config(cfg_yes);
    ok = handshake(&h, &ntlm_oid, duser, dpass);
    maj = ok ? gss_localname(&min, h.src, &ntlm_oid, &ln) : GSS_S_FAILURE;
    CHECK(ok && GSS_ERROR(maj) && min == NTLMGSS_MINOR_NO_LOCALNAME,
          "domain_localname = no: gss_localname refused (%s)",
          minor_name(min));
    gss_release_buffer(&min, &ln);
    hs_cleanup(&h);
}

static void
test_unreachable(OM_uint32 want)
{
    struct hs h;
    char users[512], path[256];

    expect_minor("winbind unreachable, domain_logins = yes", &ntlm_oid,
                 duser, dpass, want);
    expect_minor("winbind unreachable, domain_logins = yes", &spnego_oid,
                 duser, dpass, want);
    /* auto with a user file falls back to it */
    snprintf(path, sizeof(path), "%s/users", dir);
    snprintf(users, sizeof(users), "LOCAL:localuser:localpass\n");
    write_file(path, users);
    setenv("NTLM_USER_FILE", path, 1);
    use_config(cfg_auto);
    CHECK(handshake(&h, &ntlm_oid, "LOCAL\\localuser", "localpass"),
          "winbind unreachable, auto: the user file still serves (%s)",
          minor_name(h.amin));
    hs_cleanup(&h);
    unsetenv("NTLM_USER_FILE");
    use_config(cfg_yes);
}

int
main(int argc, char **argv)
{
    char path[512], line[1024];
    const char *mode = argc > 1 ? argv[1] : "up";

    dir = getenv("GSSDOMAIN_DIR");
    duser = getenv("GSSDOMAIN_USER");
    dpass = getenv("GSSDOMAIN_PASSWORD");
    if (dir == NULL || duser == NULL || dpass == NULL) {
        fprintf(stderr, "GSSDOMAIN_DIR, _USER, _PASSWORD needed\n");
        return 99;
    }
    snprintf(path, sizeof(path), "%s/mech", dir);
    snprintf(line, sizeof(line), "ntlmgss 1.3.6.1.4.1.311.2.2.10 %s\n",
             MODULE_PATH);
    write_file(path, line);
    setenv("GSS_MECH_CONFIG", path, 1);
    setenv("KRB5_CONFIG", "/dev/null", 1);
    unsetenv("NTLM_USER_FILE");
    snprintf(cfg_yes, sizeof(cfg_yes), "%s/ntlmgss-yes.conf", dir);
    write_file(cfg_yes, "domain_logins = yes\nnetbios_computer = CLIENT1\n");
    snprintf(cfg_auto, sizeof(cfg_auto), "%s/ntlmgss-auto.conf", dir);
    write_file(cfg_auto, "domain_logins = auto\n"
               "netbios_computer = CLIENT1\n");
    use_config(cfg_yes);

    if (strcmp(mode, "up") == 0)
        test_up();
    else if (strcmp(mode, "localname") == 0)
        test_localname();
    else if (strcmp(mode, "hang") == 0)
        test_unreachable(NTLMGSS_MINOR_WINBINDD_TIMEOUT);
    else if (strcmp(mode, "down") == 0)
        test_unreachable(NTLMGSS_MINOR_WINBINDD_NOT_RUNNING);
    else
        return 99;
    printf("gssdomain %s: %d checks, %d failed\n", mode, checks, failures);
    return failures == 0 ? 0 : 1;
}
