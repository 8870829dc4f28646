/*
 * ntlm_bench.c - benchmark of an NTLMSSP GSSAPI mechanism (issue 7).
 *
 * Uses only the public GSSAPI of MIT's libgssapi_krb5: the mechanism under
 * test is whichever module GSS_MECH_CONFIG (or the system configuration)
 * registers for the NTLMSSP OID 1.3.6.1.4.1.311.2.2.10.  The acceptor's
 * users come from NTLM_USER_FILE (DOMAIN:USER:PASSWORD lines).  The
 * primitives (RC4, HMAC-MD5, MD4) are timed in the same process through
 * OpenSSL 3 EVP in a private library context with the default and legacy
 * providers, so that the mechanism's own OpenSSL state is not touched.
 *
 * Output: one "name value unit" line per metric on stdout; lines starting
 * with '#' are comments.  A metric the mechanism cannot do prints "NA".
 *
 *   ntlm_bench [--quick | --smoke | --budget SECONDS] [--only PREFIX]
 *              [--user DOMAIN\\USER --password PASSWORD] [--pairs N]
 *
 * Without --password the program writes its own user file with a random
 * password and points NTLM_USER_FILE at it.  The NT-hash variant writes a
 * file with a DOMAIN:USER:{NT}<32 hex> entry (our extension); a mechanism
 * that does not accept it reports NA.  The sspi_* metrics run the same
 * handshake and sealing through our SSPI shim (libsspi), which itself
 * calls the GSSAPI, to show the shim's overhead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <malloc.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SECURITY_WIN32
#include <sspi.h>               /* the SSPI shim (libsspi), our include/ */

static gss_OID_desc ntlm_oid = {
    10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"
};
static gss_OID_desc spnego_oid = {
    6, (void *)"\x2b\x06\x01\x05\x05\x02"
};

#define REQ_FLAGS (GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG | \
                   GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG)

/* Options and shared state. */
static double budget = 1.0;         /* seconds per metric */
static size_t mem_pairs = 10000;    /* live pairs for the memory metric */
static const char *only = NULL;     /* run only metrics with this prefix */
static char user_spec[256];         /* DOMAIN\user */
static char password[256];
static char tmpdir[64];
static char pw_file[128], nt_file[128];
static gss_name_t target = GSS_C_NO_NAME;
static OSSL_LIB_CTX *libctx = NULL;
static OSSL_PROVIDER *prov_default = NULL, *prov_legacy = NULL;

/* ---- small helpers ------------------------------------------------------ */

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
wanted(const char *name)
{
    return only == NULL || strncmp(name, only, strlen(only)) == 0;
}

/* wanted_group - could any metric starting with group be wanted? */
static int
wanted_group(const char *group)
{
    return wanted(group) || strncmp(only, group, strlen(group)) == 0;
}

static void
metric(const char *name, double value, const char *unit)
{
    printf("%s %.6g %s\n", name, value, unit);
    fflush(stdout);
}

static void
metric_na(const char *name, const char *unit, const char *why)
{
    printf("%s NA %s\n", name, unit);
    fprintf(stderr, "ntlm_bench: %s: %s\n", name, why);
    fflush(stdout);
}

static void
gss_report(const char *what, OM_uint32 major, OM_uint32 minor, gss_OID mech)
{
    OM_uint32 maj, min, mctx = 0;
    gss_buffer_desc msg;

    fprintf(stderr, "ntlm_bench: %s failed:", what);
    do {
        maj = gss_display_status(&min, major, GSS_C_GSS_CODE, GSS_C_NO_OID,
                                 &mctx, &msg);
        if (GSS_ERROR(maj))
            break;
        fprintf(stderr, " %.*s;", (int)msg.length, (char *)msg.value);
        gss_release_buffer(&min, &msg);
    } while (mctx != 0);
    mctx = 0;
    do {
        maj = gss_display_status(&min, minor, GSS_C_MECH_CODE, mech, &mctx,
                                 &msg);
        if (GSS_ERROR(maj))
            break;
        fprintf(stderr, " %.*s", (int)msg.length, (char *)msg.value);
        gss_release_buffer(&min, &msg);
    } while (mctx != 0);
    fprintf(stderr, " (minor 0x%08x)\n", minor);
}

/*
 * rss_bytes - anonymous resident memory from /proc/self/statm: resident
 * minus shared (file-backed) pages, so that library code paged in on a
 * first call does not count as growth.  0 on error.
 */
static size_t
rss_bytes(void)
{
    unsigned long size = 0, resident = 0, shared = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f == NULL)
        return 0;
    if (fscanf(f, "%lu %lu %lu", &size, &resident, &shared) != 3 ||
        shared > resident)
        resident = shared = 0;
    fclose(f);
    return (size_t)(resident - shared) * (size_t)sysconf(_SC_PAGESIZE);
}

/* heap_bytes - bytes in use by malloc (arena + mmapped chunks). */
static size_t
heap_bytes(void)
{
    struct mallinfo2 mi = mallinfo2();

    return mi.uordblks + mi.hblkhd;
}

/* ---- GSS handshake ------------------------------------------------------ */

struct side {
    gss_OID mech;               /* &ntlm_oid or &spnego_oid */
    gss_cred_id_t icred;        /* initiator credential (password) */
    gss_cred_id_t acred;        /* acceptor credential */
};

/*
 * handshake - run init -> accept -> init -> accept (and, for SPNEGO, the
 * final init) in memory.  On success returns 0 and the two established
 * contexts, owned by the caller; on failure returns -1 (reported on stderr
 * if verbose) and no contexts.
 */
static int
handshake(const struct side *s, gss_ctx_id_t *out_ictx,
          gss_ctx_id_t *out_actx, int verbose)
{
    OM_uint32 imaj, amaj = GSS_S_CONTINUE_NEEDED, min;
    gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, itok, atok;
    int i, ret = -1;

    *out_ictx = GSS_C_NO_CONTEXT;
    *out_actx = GSS_C_NO_CONTEXT;
    for (i = 0; i < 8; i++) {
        imaj = gss_init_sec_context(&min, s->icred, &ictx, target, s->mech,
                                    REQ_FLAGS, 0, GSS_C_NO_CHANNEL_BINDINGS,
                                    &in, NULL, &itok, NULL, NULL);
        gss_release_buffer(&min, &in);
        if (GSS_ERROR(imaj)) {
            if (verbose)
                gss_report("gss_init_sec_context", imaj, min, s->mech);
            goto done;
        }
        if (itok.length == 0) {
            if (!(imaj & GSS_S_CONTINUE_NEEDED) &&
                !(amaj & GSS_S_CONTINUE_NEEDED))
                ret = 0;
            else if (verbose)
                fprintf(stderr, "ntlm_bench: initiator sent no token\n");
            goto done;
        }
        amaj = gss_accept_sec_context(&min, &actx, s->acred, &itok,
                                      GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL,
                                      &atok, NULL, NULL, NULL);
        gss_release_buffer(&min, &itok);
        if (GSS_ERROR(amaj)) {
            if (verbose)
                gss_report("gss_accept_sec_context", amaj, min, s->mech);
            gss_release_buffer(&min, &atok);
            goto done;
        }
        if (!(imaj & GSS_S_CONTINUE_NEEDED)) {
            gss_release_buffer(&min, &atok);
            if (!(amaj & GSS_S_CONTINUE_NEEDED))
                ret = 0;
            else if (verbose)
                fprintf(stderr, "ntlm_bench: acceptor wants more\n");
            goto done;
        }
        in = atok;
    }
done:
    gss_release_buffer(&min, &in);
    if (ret == 0) {
        *out_ictx = ictx;
        *out_actx = actx;
    } else {
        gss_delete_sec_context(&min, &ictx, GSS_C_NO_BUFFER);
        gss_delete_sec_context(&min, &actx, GSS_C_NO_BUFFER);
    }
    return ret;
}

static void
delete_pair(gss_ctx_id_t *ictx, gss_ctx_id_t *actx)
{
    OM_uint32 min;

    gss_delete_sec_context(&min, ictx, GSS_C_NO_BUFFER);
    gss_delete_sec_context(&min, actx, GSS_C_NO_BUFFER);
}

/* handshake_once - one full handshake, contexts deleted. */
static int
handshake_once(const struct side *s, int verbose)
{
    gss_ctx_id_t ictx, actx;

    if (handshake(s, &ictx, &actx, verbose) != 0)
        return -1;
    delete_pair(&ictx, &actx);
    return 0;
}

/* acquire_initiator - password credential for user_spec, for mech. */
static int
acquire_initiator(gss_OID mech, gss_cred_id_t *out_cred)
{
    OM_uint32 maj, min;
    gss_name_t uname = GSS_C_NO_NAME;
    gss_buffer_desc buf;
    gss_OID_set_desc mechs = { 1, mech };
    gss_OID_set_desc neg = { 1, &ntlm_oid };

    *out_cred = GSS_C_NO_CREDENTIAL;
    buf.value = user_spec;
    buf.length = strlen(user_spec);
    maj = gss_import_name(&min, &buf, GSS_C_NT_USER_NAME, &uname);
    if (GSS_ERROR(maj)) {
        gss_report("gss_import_name (user)", maj, min, mech);
        return -1;
    }
    buf.value = password;
    buf.length = strlen(password);
    maj = gss_acquire_cred_with_password(&min, uname, &buf, GSS_C_INDEFINITE,
                                         &mechs, GSS_C_INITIATE, out_cred,
                                         NULL, NULL);
    gss_release_name(&min, &uname);
    if (GSS_ERROR(maj)) {
        gss_report("gss_acquire_cred_with_password", maj, min, mech);
        return -1;
    }
    if (mech == &spnego_oid) {
        maj = gss_set_neg_mechs(&min, *out_cred, &neg);
        if (GSS_ERROR(maj)) {
            gss_report("gss_set_neg_mechs (initiator)", maj, min, mech);
            gss_release_cred(&min, out_cred);
            return -1;
        }
    }
    return 0;
}

/* acquire_acceptor - default acceptor credential for mech. */
static int
acquire_acceptor(gss_OID mech, gss_cred_id_t *out_cred)
{
    OM_uint32 maj, min;
    gss_OID_set_desc mechs = { 1, mech };
    gss_OID_set_desc neg = { 1, &ntlm_oid };

    *out_cred = GSS_C_NO_CREDENTIAL;
    maj = gss_acquire_cred(&min, GSS_C_NO_NAME, GSS_C_INDEFINITE, &mechs,
                           GSS_C_ACCEPT, out_cred, NULL, NULL);
    if (GSS_ERROR(maj)) {
        gss_report("gss_acquire_cred (acceptor)", maj, min, mech);
        return -1;
    }
    if (mech == &spnego_oid) {
        maj = gss_set_neg_mechs(&min, *out_cred, &neg);
        if (GSS_ERROR(maj)) {
            gss_report("gss_set_neg_mechs (acceptor)", maj, min, mech);
            gss_release_cred(&min, out_cred);
            return -1;
        }
    }
    return 0;
}

static int
side_init(struct side *s, gss_OID mech)
{
    s->mech = mech;
    s->icred = GSS_C_NO_CREDENTIAL;
    s->acred = GSS_C_NO_CREDENTIAL;
    if (acquire_initiator(mech, &s->icred) != 0)
        return -1;
    if (acquire_acceptor(mech, &s->acred) != 0)
        return -1;
    return 0;
}

static void
side_cleanup(struct side *s)
{
    OM_uint32 min;

    gss_release_cred(&min, &s->icred);
    gss_release_cred(&min, &s->acred);
}

/* ---- timed loops -------------------------------------------------------- */

typedef int (*op_fn)(void *arg);

#define NUM_SLICES 5

/* cpu_now - CPU time of the calling thread, in seconds. */
static double
cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * run_slice - run op until the thread has used seconds of CPU time (or
 * four times that in wall time went by) and return the operations per
 * CPU second in *out_rate; the clocks are read once per batch of
 * operations, the batch doubling until it lasts a millisecond.  Returns
 * -1 if an operation failed.
 */
static int
run_slice(op_fn op, void *arg, double seconds, double *out_rate)
{
    double c0, c, clast, w0;
    unsigned long n = 0, batch = 1, i;

    *out_rate = 0;
    w0 = now();
    c0 = clast = cpu_now();
    for (;;) {
        for (i = 0; i < batch; i++) {
            if (op(arg) != 0)
                return -1;
        }
        n += batch;
        c = cpu_now();
        if (c - c0 >= seconds || now() - w0 >= 4 * seconds)
            break;
        if (c - clast < 1e-3)
            batch *= 2;
        clast = c;
    }
    *out_rate = c > c0 ? (double)n / (c - c0) : 0;
    return 0;
}

/*
 * timed_rate - run op once untimed (warm-up), then NUM_SLICES slices of
 * seconds / NUM_SLICES CPU time each; returns the best slice's operations
 * per CPU second, or -1 if an operation failed.  CPU time of the
 * measuring thread, and the best slice, make the figure robust to other
 * processes on a shared machine.
 */
static double
timed_rate(op_fn op, void *arg, double seconds)
{
    double rate, best = 0;
    int k;

    if (op(arg) != 0)
        return -1;
    for (k = 0; k < NUM_SLICES; k++) {
        if (run_slice(op, arg, seconds / NUM_SLICES, &rate) != 0)
            return -1;
        if (rate > best)
            best = rate;
    }
    return best;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/*
 * paired_rates - like timed_rate for two operations whose speeds are to be
 * compared: PAIR_SLICES pairs of short slices, one of each operation, run
 * back to back (in alternating order, so that neither always runs first),
 * so that both see the same machine state.  Returns 0, the best slice
 * rate of each and, in *out_ratio, the median over the pairs of
 * rate a / rate b: a pair's two slices share whatever else the machine
 * was doing, so the median ratio is steadier than the ratio of the two
 * best slices, which may come from different moments.  Or -1.
 */
#define PAIR_SLICES (4 * NUM_SLICES)
static int
paired_rates(op_fn op_a, void *arg_a, op_fn op_b, void *arg_b,
             double seconds, double *out_a, double *out_b,
             double *out_ratio)
{
    double rate[2], best[2] = { 0, 0 }, ratio[PAIR_SLICES];
    int k, j, w;

    *out_a = *out_b = *out_ratio = -1;
    if (op_a(arg_a) != 0 || op_b(arg_b) != 0)
        return -1;
    for (k = 0; k < PAIR_SLICES; k++) {
        for (j = 0; j < 2; j++) {
            w = j ^ (k & 1);
            if (run_slice(w ? op_b : op_a, w ? arg_b : arg_a,
                          seconds / PAIR_SLICES, &rate[w]) != 0)
                return -1;
            if (rate[w] > best[w])
                best[w] = rate[w];
        }
        if (rate[1] <= 0)
            return -1;
        ratio[k] = rate[0] / rate[1];
    }
    qsort(ratio, PAIR_SLICES, sizeof(ratio[0]), cmp_double);
    *out_a = best[0];
    *out_b = best[1];
    *out_ratio = (ratio[PAIR_SLICES / 2 - 1] + ratio[PAIR_SLICES / 2]) / 2;
    return 0;
}

static int
op_handshake(void *arg)
{
    return handshake_once(arg, 0);
}

/* bench_handshake - handshakes/s for mech with the current user file. */
static void
bench_handshake(const char *name, gss_OID mech)
{
    struct side s;
    double rate;

    if (!wanted(name))
        return;
    if (side_init(&s, mech) != 0) {
        metric_na(name, "hs/s", "cannot acquire credentials");
        goto done;
    }
    if (handshake_once(&s, 1) != 0) {
        metric_na(name, "hs/s", "handshake failed");
        goto done;
    }
    rate = timed_rate(op_handshake, &s, budget);
    if (rate < 0)
        metric_na(name, "hs/s", "a handshake failed during the run");
    else
        metric(name, rate, "hs/s");
done:
    side_cleanup(&s);
}

/* ---- wrap/unwrap and MIC ------------------------------------------------ */

struct msg_arg {
    gss_ctx_id_t ictx, actx;
    gss_buffer_desc msg;
    int verbose;
};

static int
op_wrap_unwrap(void *arg)
{
    struct msg_arg *m = arg;
    OM_uint32 maj, min;
    gss_buffer_desc tok, out;
    int conf = 0;

    maj = gss_wrap(&min, m->ictx, 1, GSS_C_QOP_DEFAULT, &m->msg, &conf,
                   &tok);
    if (GSS_ERROR(maj)) {
        if (m->verbose)
            gss_report("gss_wrap", maj, min, &ntlm_oid);
        return -1;
    }
    if (!conf) {
        gss_release_buffer(&min, &tok);
        if (m->verbose)
            fprintf(stderr, "ntlm_bench: gss_wrap gave no confidentiality\n");
        return -1;
    }
    maj = gss_unwrap(&min, m->actx, &tok, &out, &conf, NULL);
    gss_release_buffer(&min, &tok);
    if (GSS_ERROR(maj)) {
        if (m->verbose)
            gss_report("gss_unwrap", maj, min, &ntlm_oid);
        return -1;
    }
    if (out.length != m->msg.length) {
        gss_release_buffer(&min, &out);
        return -1;
    }
    gss_release_buffer(&min, &out);
    return 0;
}

static int
op_mic(void *arg)
{
    struct msg_arg *m = arg;
    OM_uint32 maj, min;
    gss_buffer_desc tok;

    maj = gss_get_mic(&min, m->ictx, GSS_C_QOP_DEFAULT, &m->msg, &tok);
    if (GSS_ERROR(maj)) {
        if (m->verbose)
            gss_report("gss_get_mic", maj, min, &ntlm_oid);
        return -1;
    }
    maj = gss_verify_mic(&min, m->actx, &m->msg, &tok, NULL);
    gss_release_buffer(&min, &tok);
    if (GSS_ERROR(maj)) {
        if (m->verbose)
            gss_report("gss_verify_mic", maj, min, &ntlm_oid);
        return -1;
    }
    return 0;
}

static const struct {
    const char *tag;
    size_t len;
} sizes[] = {
    { "64", 64 }, { "1k", 1024 }, { "16k", 16384 }, { "1m", 1048576 }
};
#define NUM_SIZES (sizeof(sizes) / sizeof(sizes[0]))

/* measured wrap+unwrap MB/s per size (for the ceiling ratio), -1 = none */
static double wrap_mbs[NUM_SIZES] = { -1, -1, -1, -1 };

static void
bench_messages(void)
{
    struct side s;
    struct msg_arg m;
    char name[64];
    unsigned char *data = NULL;
    size_t i;
    double rate;
    int ok;

    if (!wanted_group("wrap_unwrap") && !wanted_group("mic"))
        return;
    ok = side_init(&s, &ntlm_oid) == 0 &&
         handshake(&s, &m.ictx, &m.actx, 1) == 0;
    data = malloc(1048576);
    if (data == NULL)
        ok = 0;
    else
        memset(data, 0xA5, 1048576);
    for (i = 0; i < NUM_SIZES; i++) {
        if (i == 1)             /* wrap at 64 B, 16 KiB, 1 MiB */
            continue;
        snprintf(name, sizeof(name), "wrap_unwrap_%s", sizes[i].tag);
        if (!wanted(name))
            continue;
        if (!ok) {
            metric_na(name, "MB/s", "no established context");
            continue;
        }
        m.msg.value = data;
        m.msg.length = sizes[i].len;
        m.verbose = 1;
        if (op_wrap_unwrap(&m) != 0) {
            metric_na(name, "MB/s", "wrap/unwrap failed");
            continue;
        }
        m.verbose = 0;
        rate = timed_rate(op_wrap_unwrap, &m, budget);
        if (rate < 0) {
            metric_na(name, "MB/s", "wrap/unwrap failed during the run");
            continue;
        }
        wrap_mbs[i] = rate * (double)sizes[i].len / 1e6;
        metric(name, wrap_mbs[i], "MB/s");
    }
    for (i = 0; i < 2; i++) {   /* MIC at 64 B and 1 KiB */
        snprintf(name, sizeof(name), "mic_%s", sizes[i].tag);
        if (!wanted(name))
            continue;
        if (!ok) {
            metric_na(name, "ops/s", "no established context");
            continue;
        }
        m.msg.value = data;
        m.msg.length = sizes[i].len;
        m.verbose = 1;
        if (op_mic(&m) != 0) {
            metric_na(name, "ops/s", "get_mic/verify_mic failed");
            continue;
        }
        m.verbose = 0;
        rate = timed_rate(op_mic, &m, budget);
        if (rate < 0)
            metric_na(name, "ops/s", "get_mic/verify_mic failed in the run");
        else
            metric(name, rate, "ops/s");
    }
    if (ok)
        delete_pair(&m.ictx, &m.actx);
    free(data);
    side_cleanup(&s);
}

/* ---- the same through the SSPI shim ------------------------------------- */

#define SSPI_TOKEN_MAX 12000
#define ISC_FLAGS (ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | \
                   ISC_REQ_REPLAY_DETECT | ISC_REQ_SEQUENCE_DETECT | \
                   ISC_REQ_CONNECTION)
#define ASC_FLAGS (ASC_REQ_CONFIDENTIALITY | ASC_REQ_INTEGRITY | \
                   ASC_REQ_REPLAY_DETECT | ASC_REQ_SEQUENCE_DETECT | \
                   ASC_REQ_CONNECTION)

struct sspi_side {
    CredHandle icred, acred;
    int have_icred, have_acred;
    unsigned char itok[SSPI_TOKEN_MAX], atok[SSPI_TOKEN_MAX];
};

static void
sspi_side_cleanup(struct sspi_side *s)
{
    if (s->have_icred)
        FreeCredentialsHandle(&s->icred);
    if (s->have_acred)
        FreeCredentialsHandle(&s->acred);
    s->have_icred = s->have_acred = 0;
}

/* sspi_side_init - NTLM credentials from user_spec/password (outbound)
 * and the default inbound credentials. */
static int
sspi_side_init(struct sspi_side *s)
{
    char domain[256], user[256];
    SEC_WINNT_AUTH_IDENTITY_A id;
    SECURITY_STATUS ss;
    TimeStamp expiry;
    const char *bs = strchr(user_spec, '\\');

    s->have_icred = s->have_acred = 0;
    if (bs == NULL) {
        domain[0] = '\0';
        snprintf(user, sizeof(user), "%s", user_spec);
    } else {
        snprintf(domain, sizeof(domain), "%.*s", (int)(bs - user_spec),
                 user_spec);
        snprintf(user, sizeof(user), "%s", bs + 1);
    }
    memset(&id, 0, sizeof(id));
    id.User = (unsigned char *)user;
    id.UserLength = (ULONG)strlen(user);
    id.Domain = (unsigned char *)domain;
    id.DomainLength = (ULONG)strlen(domain);
    id.Password = (unsigned char *)password;
    id.PasswordLength = (ULONG)strlen(password);
    id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
    ss = AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"NTLM",
                                   SECPKG_CRED_OUTBOUND, NULL, &id, NULL,
                                   NULL, &s->icred, &expiry);
    if (!SEC_SUCCESS(ss)) {
        fprintf(stderr, "ntlm_bench: AcquireCredentialsHandle (outbound) "
                "0x%08x\n", (unsigned)ss);
        return -1;
    }
    s->have_icred = 1;
    ss = AcquireCredentialsHandleA(NULL, (SEC_CHAR *)"NTLM",
                                   SECPKG_CRED_INBOUND, NULL, NULL, NULL,
                                   NULL, &s->acred, &expiry);
    if (!SEC_SUCCESS(ss)) {
        fprintf(stderr, "ntlm_bench: AcquireCredentialsHandle (inbound) "
                "0x%08x\n", (unsigned)ss);
        return -1;
    }
    s->have_acred = 1;
    return 0;
}

/*
 * sspi_handshake - InitializeSecurityContext / AcceptSecurityContext in
 * memory until both are done.  Returns 0 and both contexts (caller
 * deletes them), or -1 with none.
 */
static int
sspi_handshake(struct sspi_side *s, CtxtHandle *out_ictx,
               CtxtHandle *out_actx, int verbose)
{
    SecBuffer ib, ob;
    SecBufferDesc ibd = { SECBUFFER_VERSION, 1, &ib };
    SecBufferDesc obd = { SECBUFFER_VERSION, 1, &ob };
    SECURITY_STATUS iss = SEC_I_CONTINUE_NEEDED, ass = SEC_I_CONTINUE_NEEDED;
    ULONG attrs;
    TimeStamp expiry;
    ULONG in_len = 0;
    int i, have_i = 0, have_a = 0;

    for (i = 0; i < 8; i++) {
        ib.BufferType = SECBUFFER_TOKEN;
        ib.cbBuffer = in_len;
        ib.pvBuffer = s->atok;
        ob.BufferType = SECBUFFER_TOKEN;
        ob.cbBuffer = SSPI_TOKEN_MAX;
        ob.pvBuffer = s->itok;
        iss = InitializeSecurityContextA(&s->icred, have_i ? out_ictx : NULL,
                                         (SEC_CHAR *)"HTTP/localhost",
                                         ISC_FLAGS, 0, SECURITY_NATIVE_DREP,
                                         have_i ? &ibd : NULL, 0, out_ictx,
                                         &obd, &attrs, &expiry);
        if (!SEC_SUCCESS(iss)) {
            if (verbose)
                fprintf(stderr, "ntlm_bench: InitializeSecurityContext "
                        "0x%08x\n", (unsigned)iss);
            goto fail;
        }
        have_i = 1;
        if (ob.cbBuffer == 0)
            break;
        ib.BufferType = SECBUFFER_TOKEN;
        ib.cbBuffer = ob.cbBuffer;
        ib.pvBuffer = s->itok;
        ob.BufferType = SECBUFFER_TOKEN;
        ob.cbBuffer = SSPI_TOKEN_MAX;
        ob.pvBuffer = s->atok;
        ass = AcceptSecurityContext(&s->acred, have_a ? out_actx : NULL,
                                    &ibd, ASC_FLAGS, SECURITY_NATIVE_DREP,
                                    out_actx, &obd, &attrs, &expiry);
        if (!SEC_SUCCESS(ass)) {
            if (verbose)
                fprintf(stderr, "ntlm_bench: AcceptSecurityContext "
                        "0x%08x\n", (unsigned)ass);
            goto fail;
        }
        have_a = 1;
        in_len = ob.cbBuffer;
        if (iss == SEC_E_OK && in_len == 0)
            break;
    }
    if (iss == SEC_E_OK && ass == SEC_E_OK)
        return 0;
    if (verbose)
        fprintf(stderr, "ntlm_bench: SSPI handshake did not complete\n");
fail:
    if (have_i)
        DeleteSecurityContext(out_ictx);
    if (have_a)
        DeleteSecurityContext(out_actx);
    return -1;
}

static int
op_sspi_handshake(void *arg)
{
    CtxtHandle ictx, actx;

    if (sspi_handshake(arg, &ictx, &actx, 0) != 0)
        return -1;
    DeleteSecurityContext(&ictx);
    DeleteSecurityContext(&actx);
    return 0;
}

struct sspi_msg_arg {
    CtxtHandle ictx, actx;
    unsigned char *data;
    size_t len;
    unsigned char trailer[64];
    ULONG trailer_len;
    int verbose;
};

/* op_sspi_seal - EncryptMessage [TOKEN, DATA] in place, DecryptMessage. */
static int
op_sspi_seal(void *arg)
{
    struct sspi_msg_arg *m = arg;
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    SECURITY_STATUS ss;
    ULONG qop = 0;

    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = m->trailer_len;
    b[0].pvBuffer = m->trailer;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = (ULONG)m->len;
    b[1].pvBuffer = m->data;
    ss = EncryptMessage(&m->ictx, 0, &d, 0);
    if (ss != SEC_E_OK) {
        if (m->verbose)
            fprintf(stderr, "ntlm_bench: EncryptMessage 0x%08x\n",
                    (unsigned)ss);
        return -1;
    }
    ss = DecryptMessage(&m->actx, &d, 0, &qop);
    if (ss != SEC_E_OK || b[1].cbBuffer != m->len) {
        if (m->verbose)
            fprintf(stderr, "ntlm_bench: DecryptMessage 0x%08x\n",
                    (unsigned)ss);
        return -1;
    }
    return 0;
}

/*
 * bench_sspi - sspi_hs_password and sspi_wrap_unwrap_* (each measured in
 * slices alternating with the direct GSS calls) and the shim's overhead:
 * 100 * (GSS rate / SSPI rate - 1), in percent of the direct call's time.
 */
static void
bench_sspi(void)
{
    struct sspi_side *s;
    struct sspi_msg_arg m;
    struct side g;
    struct msg_arg gm;
    SecPkgContext_Sizes sizes_attr;
    char name[64], oname[80];
    double rg, rs, ratio;
    size_t i;
    int ok, gok;

    if (!wanted_group("sspi"))
        return;
    s = calloc(1, sizeof(*s));
    m.data = malloc(1048576);
    if (s == NULL || m.data == NULL) {
        free(s);
        free(m.data);
        return;
    }
    memset(m.data, 0xA5, 1048576);
    ok = sspi_side_init(s) == 0;
    gok = side_init(&g, &ntlm_oid) == 0;
    if (wanted_group("sspi_hs")) {
        if (!ok || sspi_handshake(s, &m.ictx, &m.actx, 1) != 0) {
            metric_na("sspi_hs_password", "hs/s", "SSPI handshake failed");
        } else {
            DeleteSecurityContext(&m.ictx);
            DeleteSecurityContext(&m.actx);
            if (!gok || paired_rates(op_handshake, &g, op_sspi_handshake, s,
                                     budget, &rg, &rs, &ratio) != 0) {
                metric_na("sspi_hs_password", "hs/s",
                          "a handshake failed during the run");
            } else {
                metric("sspi_hs_password", rs, "hs/s");
                metric("sspi_hs_overhead", 100.0 * (ratio - 1), "%");
            }
        }
    }
    if (!wanted_group("sspi_wrap_unwrap"))
        goto done;
    ok = ok && sspi_handshake(s, &m.ictx, &m.actx, 1) == 0;
    if (ok && (QueryContextAttributesA(&m.ictx, SECPKG_ATTR_SIZES,
                                       &sizes_attr) != SEC_E_OK ||
               sizes_attr.cbSecurityTrailer > sizeof(m.trailer))) {
        DeleteSecurityContext(&m.ictx);
        DeleteSecurityContext(&m.actx);
        ok = 0;
    }
    m.trailer_len = ok ? sizes_attr.cbSecurityTrailer : 0;
    gok = gok && handshake(&g, &gm.ictx, &gm.actx, 1) == 0;
    gm.msg.value = m.data;
    gm.verbose = 0;
    for (i = 0; i < NUM_SIZES; i++) {
        if (i == 1)
            continue;
        snprintf(name, sizeof(name), "sspi_wrap_unwrap_%s", sizes[i].tag);
        if (!wanted(name))
            continue;
        m.len = sizes[i].len;
        gm.msg.length = sizes[i].len;
        m.verbose = 1;
        if (!ok || !gok || op_sspi_seal(&m) != 0) {
            metric_na(name, "MB/s", "EncryptMessage/DecryptMessage failed");
            continue;
        }
        m.verbose = 0;
        if (paired_rates(op_wrap_unwrap, &gm, op_sspi_seal, &m, budget,
                         &rg, &rs, &ratio) != 0) {
            metric_na(name, "MB/s", "sealing failed during the run");
            continue;
        }
        metric(name, rs * (double)sizes[i].len / 1e6, "MB/s");
        snprintf(oname, sizeof(oname), "%s_overhead", name);
        metric(oname, 100.0 * (ratio - 1), "%");
    }
    if (ok) {
        DeleteSecurityContext(&m.ictx);
        DeleteSecurityContext(&m.actx);
    }
    if (gok)
        delete_pair(&gm.ictx, &gm.actx);
done:
    side_cleanup(&g);
    sspi_side_cleanup(s);
    free(s);
    free(m.data);
}

/* ---- memory ------------------------------------------------------------- */

/* use_pair - one 64-byte gss_wrap/gss_unwrap each way (0 or -1). */
static int
use_pair(gss_ctx_id_t ictx, gss_ctx_id_t actx)
{
    unsigned char data[64];
    struct msg_arg m;

    memset(data, 0x3C, sizeof(data));
    m.msg.value = data;
    m.msg.length = sizeof(data);
    m.verbose = 0;
    m.ictx = ictx;
    m.actx = actx;
    if (op_wrap_unwrap(&m) != 0)
        return -1;
    m.ictx = actx;
    m.actx = ictx;
    return op_wrap_unwrap(&m);
}

/*
 * measure_pairs - RSS (and malloc) growth per live established context
 * pair over mem_pairs pairs (fewer if 10 budgets of time run out); with
 * use, each pair has also sealed one message each way.  Prints name and
 * name_heap.
 */
static void
measure_pairs(const struct side *s, int use, const char *name)
{
    gss_ctx_id_t *ctxs;
    size_t i, n, rss0, rss1, heap0, heap1;
    double deadline;
    char hname[64];

    snprintf(hname, sizeof(hname), "%s_heap", name);
    if (!wanted(name))
        return;
    ctxs = calloc(2 * mem_pairs, sizeof(*ctxs));
    if (ctxs == NULL)
        return;
    memset(ctxs, 0, 2 * mem_pairs * sizeof(*ctxs));  /* fault it in */
    malloc_trim(0);
    rss0 = rss_bytes();
    heap0 = heap_bytes();
    deadline = now() + 10 * budget;
    for (n = 0; n < mem_pairs; n++) {
        if (handshake(s, &ctxs[2 * n], &ctxs[2 * n + 1], 0) != 0)
            break;
        if (use && use_pair(ctxs[2 * n], ctxs[2 * n + 1]) != 0) {
            delete_pair(&ctxs[2 * n], &ctxs[2 * n + 1]);
            break;
        }
        if ((n & 63) == 63 && now() > deadline) {
            n++;
            break;
        }
    }
    rss1 = rss_bytes();
    heap1 = heap_bytes();
    if (n == 0) {
        metric_na(name, "bytes", "handshake or wrap failed");
    } else {
        if (n < mem_pairs)
            printf("# %s over %zu pairs (time budget)\n", name, n);
        metric(name, ((double)rss1 - (double)rss0) / (double)n, "bytes");
        metric(hname, ((double)heap1 - (double)heap0) / (double)n, "bytes");
    }
    for (i = 0; i < n; i++)
        delete_pair(&ctxs[2 * i], &ctxs[2 * i + 1]);
    free(ctxs);
}

static void
bench_memory(void)
{
    struct side s;
    size_t i, rss0, rss1, heap0, heap1;
    unsigned long hs = 0;
    double deadline;
    int want_pair = wanted_group("mem_ctx_pair"), want_growth;

    want_growth = wanted_group("mem_growth_per_1000_hs");
    if (!want_pair && !want_growth)
        return;
    if (side_init(&s, &ntlm_oid) != 0 || handshake_once(&s, 1) != 0) {
        if (want_pair) {
            metric_na("mem_ctx_pair", "bytes", "handshake failed");
            metric_na("mem_ctx_pair_heap", "bytes", "handshake failed");
        }
        if (want_growth)
            metric_na("mem_growth_per_1000_hs", "bytes", "handshake failed");
        goto done;
    }
    /* Warm up: caches, lazily loaded tables, malloc arenas. */
    for (i = 0; i < 200; i++)
        handshake_once(&s, 0);

    if (want_growth) {
        /*
         * Settle, then count RSS growth over the second half of the run
         * only: the first half absorbs one-time growth (caches filling,
         * malloc settling).  No malloc_trim here: pages it gives back come
         * back one by one as the allocator cycles through them.  Before
         * the pair passes, whose freed memory would hide growth.
         */
        for (i = 0; i < 1000; i++)
            handshake_once(&s, 0);
        deadline = now() + budget;
        while (hs < 1000 || now() < deadline) {
            if (handshake_once(&s, 0) != 0)
                break;
            if (++hs >= 50000)
                break;
        }
        rss0 = rss_bytes();
        heap0 = heap_bytes();
        for (i = 0; i < hs; i++) {
            if (handshake_once(&s, 0) != 0)
                break;
        }
        rss1 = rss_bytes();
        heap1 = heap_bytes();
        if (hs < 1000 || i < hs) {
            metric_na("mem_growth_per_1000_hs", "bytes", "handshake failed");
        } else {
            printf("# mem_growth over %lu handshakes (after as many)\n", hs);
            metric("mem_growth_per_1000_hs",
                   ((double)rss1 - (double)rss0) * 1000.0 / (double)hs,
                   "bytes");
            metric("mem_growth_per_1000_hs_heap",
                   ((double)heap1 - (double)heap0) * 1000.0 / (double)hs,
                   "bytes");
        }
    }

    if (want_pair) {
        measure_pairs(&s, 0, "mem_ctx_pair");
        measure_pairs(&s, 1, "mem_ctx_pair_used");
    }
done:
    side_cleanup(&s);
}

/* ---- threads ------------------------------------------------------------ */

struct thread_arg {
    gss_cred_id_t acred;        /* shared acceptor credential */
    pthread_barrier_t *barrier;
    volatile double *deadline;
    unsigned long count;
    int failed;
};

static void *
thread_main(void *p)
{
    struct thread_arg *t = p;
    struct side s;
    OM_uint32 min;

    s.mech = &ntlm_oid;
    s.acred = t->acred;
    if (acquire_initiator(&ntlm_oid, &s.icred) != 0)
        t->failed = 1;
    pthread_barrier_wait(t->barrier);   /* all credentials acquired */
    pthread_barrier_wait(t->barrier);   /* main set the deadline */
    while (!t->failed && now() < *t->deadline) {
        if (handshake_once(&s, 0) != 0) {
            t->failed = 1;
            break;
        }
        t->count++;
    }
    gss_release_cred(&min, &s.icred);
    return NULL;
}

static void
bench_threads(void)
{
    static const int counts[] = { 1, 2, 4 };
    struct thread_arg args[4];
    pthread_t tids[4];
    pthread_barrier_t barrier;
    volatile double deadline;
    gss_cred_id_t acred = GSS_C_NO_CREDENTIAL;
    OM_uint32 min;
    char name[64];
    size_t k;
    int i, n, failed;
    unsigned long total;
    double t0, t1;

    for (k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
        n = counts[k];
        snprintf(name, sizeof(name), "hs_threads_%d", n);
        if (!wanted(name))
            continue;
        if (acquire_acceptor(&ntlm_oid, &acred) != 0) {
            metric_na(name, "hs/s", "cannot acquire credentials");
            continue;
        }
        pthread_barrier_init(&barrier, NULL, (unsigned)n + 1);
        deadline = 0;
        for (i = 0; i < n; i++) {
            memset(&args[i], 0, sizeof(args[i]));
            args[i].acred = acred;
            args[i].barrier = &barrier;
            args[i].deadline = &deadline;
            pthread_create(&tids[i], NULL, thread_main, &args[i]);
        }
        pthread_barrier_wait(&barrier);
        t0 = now();
        deadline = t0 + budget;
        pthread_barrier_wait(&barrier);
        total = 0;
        failed = 0;
        for (i = 0; i < n; i++) {
            pthread_join(tids[i], NULL);
            total += args[i].count;
            failed |= args[i].failed;
        }
        t1 = now();
        pthread_barrier_destroy(&barrier);
        gss_release_cred(&min, &acred);
        if (failed)
            metric_na(name, "hs/s", "a handshake failed in a thread");
        else
            metric(name, (double)total / (t1 - t0), "hs/s");
    }
}

/* ---- primitives --------------------------------------------------------- */

struct prim_arg {
    EVP_CIPHER_CTX *rc4;
    EVP_MAC_CTX *mac;
    EVP_MD_CTX *inner, *outer, *work;   /* precomputed HMAC pads */
    const EVP_MD *md4, *md5;
    unsigned char *buf, *out;
    size_t len;
};

static int
op_rc4(void *arg)
{
    struct prim_arg *p = arg;
    int outl = 0;

    return EVP_CipherUpdate(p->rc4, p->out, &outl, p->buf, (int)p->len) == 1
           ? 0 : -1;
}

/* HMAC-MD5 via EVP_MAC, re-initialised with the key per message. */
static int
op_hmac_mac(void *arg)
{
    struct prim_arg *p = arg;
    unsigned char seq[4] = { 0 }, mac[16];
    size_t maclen = 0;

    if (EVP_MAC_init(p->mac, NULL, 0, NULL) != 1 ||
        EVP_MAC_update(p->mac, seq, 4) != 1 ||
        EVP_MAC_update(p->mac, p->buf, p->len) != 1 ||
        EVP_MAC_final(p->mac, mac, &maclen, sizeof(mac)) != 1)
        return -1;
    return 0;
}

/* HMAC-MD5 from precomputed inner/outer digest states. */
static int
op_hmac_pads(void *arg)
{
    struct prim_arg *p = arg;
    unsigned char seq[4] = { 0 }, ih[16], mac[16];
    unsigned int l = 0;

    if (EVP_MD_CTX_copy_ex(p->work, p->inner) != 1 ||
        EVP_DigestUpdate(p->work, seq, 4) != 1 ||
        EVP_DigestUpdate(p->work, p->buf, p->len) != 1 ||
        EVP_DigestFinal_ex(p->work, ih, &l) != 1 ||
        EVP_MD_CTX_copy_ex(p->work, p->outer) != 1 ||
        EVP_DigestUpdate(p->work, ih, 16) != 1 ||
        EVP_DigestFinal_ex(p->work, mac, &l) != 1)
        return -1;
    return 0;
}

static int
op_md4(void *arg)
{
    struct prim_arg *p = arg;
    unsigned char h[16];
    unsigned int l = 0;

    return EVP_Digest(p->buf, p->len, h, &l, p->md4, NULL) == 1 ? 0 : -1;
}

static int
crypto_init(void)
{
    libctx = OSSL_LIB_CTX_new();
    if (libctx == NULL)
        return -1;
    prov_default = OSSL_PROVIDER_load(libctx, "default");
    prov_legacy = OSSL_PROVIDER_load(libctx, "legacy");
    if (prov_default == NULL || prov_legacy == NULL)
        return -1;
    return 0;
}

static void
crypto_cleanup(void)
{
    if (prov_legacy != NULL)
        OSSL_PROVIDER_unload(prov_legacy);
    if (prov_default != NULL)
        OSSL_PROVIDER_unload(prov_default);
    prov_legacy = prov_default = NULL;
    OSSL_LIB_CTX_free(libctx);
    libctx = NULL;
}

static int
prim_setup(struct prim_arg *p)
{
    static const unsigned char key[16] = "0123456789abcdef";
    unsigned char pad[64];
    OSSL_PARAM params[2];
    EVP_CIPHER *rc4 = NULL;
    EVP_MAC *hmac = NULL;
    size_t i;
    int ret = -1;

    memset(p, 0, sizeof(*p));
    p->buf = malloc(1048576);
    p->out = malloc(1048576);
    if (p->buf == NULL || p->out == NULL)
        goto done;
    memset(p->buf, 0x5A, 1048576);
    rc4 = EVP_CIPHER_fetch(libctx, "RC4", NULL);
    p->md4 = EVP_MD_fetch(libctx, "MD4", NULL);
    p->md5 = EVP_MD_fetch(libctx, "MD5", NULL);
    hmac = EVP_MAC_fetch(libctx, "HMAC", NULL);
    if (rc4 == NULL || p->md4 == NULL || p->md5 == NULL || hmac == NULL)
        goto done;
    p->rc4 = EVP_CIPHER_CTX_new();
    if (p->rc4 == NULL ||
        EVP_CipherInit_ex2(p->rc4, rc4, key, NULL, 1, NULL) != 1)
        goto done;
    p->mac = EVP_MAC_CTX_new(hmac);
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                 (char *)"MD5", 0);
    params[1] = OSSL_PARAM_construct_end();
    if (p->mac == NULL ||
        EVP_MAC_init(p->mac, key, sizeof(key), params) != 1)
        goto done;
    p->inner = EVP_MD_CTX_new();
    p->outer = EVP_MD_CTX_new();
    p->work = EVP_MD_CTX_new();
    if (p->inner == NULL || p->outer == NULL || p->work == NULL)
        goto done;
    for (i = 0; i < 64; i++)
        pad[i] = (unsigned char)((i < 16 ? key[i] : 0) ^ 0x36);
    if (EVP_DigestInit_ex(p->inner, p->md5, NULL) != 1 ||
        EVP_DigestUpdate(p->inner, pad, 64) != 1)
        goto done;
    for (i = 0; i < 64; i++)
        pad[i] = (unsigned char)((i < 16 ? key[i] : 0) ^ 0x5c);
    if (EVP_DigestInit_ex(p->outer, p->md5, NULL) != 1 ||
        EVP_DigestUpdate(p->outer, pad, 64) != 1)
        goto done;
    ret = 0;
done:
    EVP_CIPHER_free(rc4);
    EVP_MAC_free(hmac);
    return ret;
}

static void
prim_cleanup(struct prim_arg *p)
{
    EVP_CIPHER_CTX_free(p->rc4);
    EVP_MAC_CTX_free(p->mac);
    EVP_MD_CTX_free(p->inner);
    EVP_MD_CTX_free(p->outer);
    EVP_MD_CTX_free(p->work);
    EVP_MD_free((EVP_MD *)p->md4);
    EVP_MD_free((EVP_MD *)p->md5);
    free(p->buf);
    free(p->out);
}

/* prim_mbs - MB/s of op over len-byte inputs (-1 on failure). */
static double
prim_mbs(op_fn op, struct prim_arg *p, size_t len)
{
    double rate;

    p->len = len;
    rate = timed_rate(op, p, budget / 2);
    return rate < 0 ? -1 : rate * (double)len / 1e6;
}

static void
bench_primitives(void)
{
    struct prim_arg p;
    char name[64];
    double rc4, hmac, hmac2, md4, ceil;
    size_t i;

    if (!wanted_group("rc4") && !wanted_group("hmac") &&
        !wanted_group("md4") && !wanted_group("ceiling"))
        return;
    if (libctx == NULL || prim_setup(&p) != 0) {
        fprintf(stderr, "ntlm_bench: OpenSSL (legacy provider) "
                "unavailable: primitives skipped\n");
        return;
    }
    for (i = 0; i < NUM_SIZES; i++) {
        if (i == 1)
            continue;
        rc4 = prim_mbs(op_rc4, &p, sizes[i].len);
        hmac = prim_mbs(op_hmac_mac, &p, sizes[i].len);
        hmac2 = prim_mbs(op_hmac_pads, &p, sizes[i].len);
        md4 = prim_mbs(op_md4, &p, sizes[i].len);
        if (hmac2 > hmac)
            hmac = hmac2;
        snprintf(name, sizeof(name), "rc4_%s", sizes[i].tag);
        metric(name, rc4, "MB/s");
        snprintf(name, sizeof(name), "hmac_md5_%s", sizes[i].tag);
        metric(name, hmac, "MB/s");
        snprintf(name, sizeof(name), "md4_%s", sizes[i].tag);
        metric(name, md4, "MB/s");
        if (rc4 <= 0 || hmac <= 0)
            continue;
        /* per byte: RC4 + HMAC-MD5 to wrap, the same again to unwrap */
        ceil = 1.0 / (2.0 / rc4 + 2.0 / hmac);
        snprintf(name, sizeof(name), "ceiling_wrap_unwrap_%s", sizes[i].tag);
        metric(name, ceil, "MB/s");
        if (wrap_mbs[i] > 0) {
            snprintf(name, sizeof(name), "wrap_unwrap_%s_of_ceiling",
                     sizes[i].tag);
            metric(name, 100.0 * wrap_mbs[i] / ceil, "%");
        }
    }
    prim_cleanup(&p);
}

/* ---- user files --------------------------------------------------------- */

static int
write_file(const char *path, const char *text)
{
    FILE *f;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd < 0)
        return -1;
    f = fdopen(fd, "w");
    if (f == NULL) {
        close(fd);
        return -1;
    }
    fputs(text, f);
    return fclose(f) == 0 ? 0 : -1;
}

/* split_user - "DOMAIN\user" into its parts (domain may be empty). */
static void
split_user(char *domain, size_t dlen, char *user, size_t ulen)
{
    const char *bs = strchr(user_spec, '\\');

    if (bs == NULL) {
        snprintf(domain, dlen, "%s", "");
        snprintf(user, ulen, "%s", user_spec);
    } else {
        snprintf(domain, dlen, "%.*s", (int)(bs - user_spec), user_spec);
        snprintf(user, ulen, "%s", bs + 1);
    }
}

/*
 * make_user_files - the temporary directory with the password file (used
 * only when no --password was given) and the NT-hash file.
 */
static int
make_user_files(int own_password)
{
    char domain[256], user[256], line[1024], hex[33];
    unsigned char u16[512], h[16];
    unsigned int hl = 0;
    size_t i, n;
    EVP_MD *md4;

    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ntlm_bench.XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        return -1;
    snprintf(pw_file, sizeof(pw_file), "%s/users", tmpdir);
    snprintf(nt_file, sizeof(nt_file), "%s/users-nt", tmpdir);
    split_user(domain, sizeof(domain), user, sizeof(user));
    if (own_password) {
        snprintf(line, sizeof(line), "%s:%s:%s\n", domain, user, password);
        if (write_file(pw_file, line) != 0)
            return -1;
        setenv("NTLM_USER_FILE", pw_file, 1);
    }
    /* NT hash = MD4(UTF-16LE(password)); the password is ASCII here. */
    n = strlen(password);
    for (i = 0; i < n; i++) {
        u16[2 * i] = (unsigned char)password[i];
        u16[2 * i + 1] = 0;
    }
    md4 = EVP_MD_fetch(libctx, "MD4", NULL);
    if (md4 == NULL || EVP_Digest(u16, 2 * n, h, &hl, md4, NULL) != 1) {
        EVP_MD_free(md4);
        nt_file[0] = '\0';
        return 0;
    }
    EVP_MD_free(md4);
    for (i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    snprintf(line, sizeof(line), "%s:%s:{NT}%s\n", domain, user, hex);
    if (write_file(nt_file, line) != 0)
        nt_file[0] = '\0';
    return 0;
}

static void
remove_user_files(void)
{
    if (tmpdir[0] == '\0')
        return;
    unlink(pw_file);
    unlink(nt_file);
    rmdir(tmpdir);
}

/* bench_handshake_nthash - the handshake metrics with the NT-hash file. */
static void
bench_handshake_nthash(const char *name, gss_OID mech)
{
    char *saved;

    if (!wanted(name))
        return;
    if (nt_file[0] == '\0') {
        metric_na(name, "hs/s", "no NT-hash user file (MD4 unavailable)");
        return;
    }
    saved = getenv("NTLM_USER_FILE");
    saved = saved ? strdup(saved) : NULL;
    setenv("NTLM_USER_FILE", nt_file, 1);
    bench_handshake(name, mech);
    if (saved != NULL) {
        setenv("NTLM_USER_FILE", saved, 1);
        free(saved);
    } else {
        unsetenv("NTLM_USER_FILE");
    }
}

/* print_load - the load average, to judge how noisy the run was. */
static void
print_load(const char *when)
{
    char line[128];
    FILE *f = fopen("/proc/loadavg", "r");

    if (f == NULL)
        return;
    if (fgets(line, sizeof(line), f) != NULL)
        printf("# load at %s (%ld cpus): %s", when,
               sysconf(_SC_NPROCESSORS_ONLN), line);
    fclose(f);
}

/* ---- main --------------------------------------------------------------- */

static void
usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s [--quick | --smoke | --budget SECONDS] "
            "[--only PREFIX]\n"
            "       [--user DOMAIN\\\\USER --password PASSWORD] "
            "[--pairs N]\n", argv0);
}

int
main(int argc, char **argv)
{
    gss_buffer_desc buf;
    OM_uint32 maj, min;
    const char *pw = NULL, *usr = NULL, *cfg;
    unsigned char rnd[12];
    size_t i;
    int a, ret = 1;
    FILE *f;

    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--quick") == 0) {
            budget = 0.2;
            mem_pairs = 2000;
        } else if (strcmp(argv[a], "--smoke") == 0) {
            budget = 0.02;
            mem_pairs = 100;
        } else if (strcmp(argv[a], "--budget") == 0 && a + 1 < argc) {
            budget = atof(argv[++a]);
        } else if (strcmp(argv[a], "--pairs") == 0 && a + 1 < argc) {
            mem_pairs = (size_t)strtoul(argv[++a], NULL, 10);
        } else if (strcmp(argv[a], "--only") == 0 && a + 1 < argc) {
            only = argv[++a];
        } else if (strcmp(argv[a], "--user") == 0 && a + 1 < argc) {
            usr = argv[++a];
        } else if (strcmp(argv[a], "--password") == 0 && a + 1 < argc) {
            pw = argv[++a];
        } else {
            usage(argv[0]);
            return 2;
        }
    }
    if (budget <= 0 || mem_pairs == 0) {
        usage(argv[0]);
        return 2;
    }
    snprintf(user_spec, sizeof(user_spec), "%s",
             usr != NULL ? usr : "BENCH\\bench");
    if (pw != NULL) {
        snprintf(password, sizeof(password), "%s", pw);
    } else {
        f = fopen("/dev/urandom", "rb");
        if (f == NULL || fread(rnd, 1, sizeof(rnd), f) != sizeof(rnd)) {
            fprintf(stderr, "ntlm_bench: cannot read /dev/urandom\n");
            return 1;
        }
        fclose(f);
        for (i = 0; i < sizeof(rnd); i++)
            snprintf(password + 2 * i, 3, "%02x", rnd[i]);
    }
    if (crypto_init() != 0) {
        fprintf(stderr, "ntlm_bench: OpenSSL legacy provider unavailable\n");
        crypto_cleanup();
    }
    if (make_user_files(pw == NULL) != 0) {
        fprintf(stderr, "ntlm_bench: cannot write the user files\n");
        goto done;
    }
    /* Our module re-validates the user file (and its configuration) on
     * every context; for 2 s after a file is written it also re-reads and
     * digests it (mech/filestamp.h: a same-size rewrite in one timestamp
     * tick leaves the metadata alone).  Measure the steady state: let the
     * files written just now, here and by compare.sh, age past that. */
    usleep(2500 * 1000);

    cfg = getenv("GSS_MECH_CONFIG");
    printf("# ntlm_bench: GSS_MECH_CONFIG=%s NTLM_USER_FILE=%s\n",
           cfg ? cfg : "(system)", getenv("NTLM_USER_FILE") ?
           getenv("NTLM_USER_FILE") : "(unset)");
    printf("# budget %.3g s per metric, %zu live pairs for memory\n",
           budget, mem_pairs);
    printf("# rates: best of %d slices, per CPU second of the measuring "
           "thread (hs_threads_*: wall clock)\n", NUM_SLICES);
    print_load("start");
    buf.value = (void *)"HTTP@localhost";
    buf.length = strlen(buf.value);
    maj = gss_import_name(&min, &buf, GSS_C_NT_HOSTBASED_SERVICE, &target);
    if (GSS_ERROR(maj)) {
        gss_report("gss_import_name (target)", maj, min, &ntlm_oid);
        goto done;
    }

    bench_handshake("hs_password", &ntlm_oid);
    bench_handshake_nthash("hs_nthash", &ntlm_oid);
    bench_handshake("spnego_hs_password", &spnego_oid);
    bench_handshake_nthash("spnego_hs_nthash", &spnego_oid);
    bench_messages();
    bench_sspi();
    bench_memory();
    bench_threads();
    bench_primitives();
    print_load("end");
    ret = 0;
done:
    gss_release_name(&min, &target);
    remove_user_files();
    crypto_cleanup();
    return ret;
}
