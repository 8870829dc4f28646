/*
 * alloc_fail.c - allocation-failure injection.  The malloc family is
 * interposed (interpose.c), so every allocation of the process -
 * mechglue, the dlopen()ed module, OpenSSL - comes through here.  For
 * N = 1, 2, ... it fails the Nth allocation of a full scenario (acquire
 * credentials, handshake, wrap/unwrap both ways, MIC, release) until a
 * run makes fewer than N allocations.  Every run must end without a
 * crash, every failure must surface as a GSS error (never a success with
 * a wrong result), and the number of live blocks after the scenario must
 * equal the number before it (no leak).  A warm-up run first fills the
 * one-time caches (OpenSSL providers, mechglue's mechanism list).
 *
 *   alloc_fail [max_n]     prints the allocation points covered.
 *
 * Not built with the sanitizers' allocator (it would replace ours): in a
 * --enable-sanitizers build the program only runs the scenario once.
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

#include "interpose.h"

#ifdef IP_ENABLED
#define INTERPOSE 1
static long fail_at;            /* 0: never */
static long count;
static int armed;

static int
fail_hook(void)
{
    if (!armed)
        return 0;
    count++;
    return fail_at != 0 && count == fail_at;
}
#define live ip_live

/* blocks allocated during the current run, to name the leakers */
#define MAX_REC 8192
static struct rec {
    const void *p;
    const void *caller;
    size_t n;
} recs[MAX_REC];
static size_t num_recs;

static void
alloc_hook(const void *p, size_t n, const void *caller)
{
    if (armed && num_recs < MAX_REC) {
        recs[num_recs].p = p;
        recs[num_recs].caller = caller;
        recs[num_recs].n = n;
        num_recs++;
    }
}

static void
free_hook(const void *p, size_t n, const void *caller)
{
    size_t i;

    (void)n;
    (void)caller;
    for (i = num_recs; i > 0; i--) {
        if (recs[i - 1].p == p) {
            recs[i - 1].p = NULL;
            return;
        }
    }
}

/* Name the callers of the blocks still live; returns how many were
 * allocated from somewhere other than MIT libgssapi_krb5 (mechglue),
 * OpenSSL's libcrypto (its thread error queue keeps the data of the last
 * errors) or ld.so (dlerror's buffer) - i.e. possibly ours. */
static int
name_leakers(void)
{
    static const char *const foreign[] = {
        "libgssapi_krb5", "libcrypto", "ld-linux"
    };
    Dl_info info;
    size_t i, k;
    int ours = 0;

    for (i = 0; i < num_recs; i++) {
        if (recs[i].p == NULL)
            continue;
        memset(&info, 0, sizeof(info));
        (void)dladdr(recs[i].caller, &info);
        fprintf(stderr, "    %zu bytes from %s+%#lx (%s)\n", recs[i].n,
                info.dli_sname != NULL ? info.dli_sname : "?",
                (unsigned long)((const char *)recs[i].caller -
                                (const char *)(info.dli_saddr != NULL ?
                                               info.dli_saddr :
                                               info.dli_fbase)),
                info.dli_fname != NULL ? info.dli_fname : "?");
        for (k = 0; k < sizeof(foreign) / sizeof(foreign[0]); k++) {
            if (info.dli_fname != NULL &&
                strstr(info.dli_fname, foreign[k]) != NULL)
                break;
        }
        if (k == sizeof(foreign) / sizeof(foreign[0]))
            ours++;
    }
    return ours;
}
#endif

/* ---- the scenario -------------------------------------------------------- */

/* 0: everything succeeded; 1: a call failed with a GSS error (clean);
 * -1: something wrong (a success with a bad result). */
static int
scenario(void)
{
    gss_cred_id_t ic = GSS_C_NO_CREDENTIAL, ac = GSS_C_NO_CREDENTIAL;
    gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
    gss_name_t n = GSS_C_NO_NAME, target = GSS_C_NO_NAME;
    gss_name_t src = GSS_C_NO_NAME;
    gss_buffer_desc b, in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER, pt = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc msg = { 11, (void *)"hello world" };
    OM_uint32 maj, min;
    int step, ret = 1, conf = 0;

    b.value = (void *)(H_DOMAIN "\\" H_USER);
    b.length = strlen(b.value);
    maj = gss_import_name(&min, &b, GSS_C_NT_USER_NAME, &n);
    if (maj != GSS_S_COMPLETE)
        goto done;
    b.value = (void *)H_PASSWORD;
    b.length = strlen(H_PASSWORD);
    maj = gss_acquire_cred_with_password(&min, n, &b, 0, &h_ntlm_set,
                                         GSS_C_INITIATE, &ic, NULL, NULL);
    if (maj != GSS_S_COMPLETE)
        goto done;
    maj = gss_acquire_cred(&min, GSS_C_NO_NAME, 0, &h_ntlm_set,
                           GSS_C_ACCEPT, &ac, NULL, NULL);
    if (maj != GSS_S_COMPLETE)
        goto done;
    b.value = (void *)"HTTP@testsrv.example.test";
    b.length = strlen(b.value);
    maj = gss_import_name(&min, &b, GSS_C_NT_HOSTBASED_SERVICE, &target);
    if (maj != GSS_S_COMPLETE)
        goto done;
    for (step = 0; step < 2; step++) {
        maj = gss_init_sec_context(&min, ic, &ictx, target, &h_ntlm_oid,
                                   GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG, 0,
                                   NULL, &in, NULL, &out, NULL, NULL);
        gss_release_buffer(&min, &in);
        if (GSS_ERROR(maj))
            goto done;
        if (step == 1) {
            if (maj != GSS_S_COMPLETE)
                goto done;
        } else if (maj != GSS_S_CONTINUE_NEEDED) {
            ret = -1;
            goto done;
        }
        maj = gss_accept_sec_context(&min, &actx, ac, &out, NULL, &src,
                                     NULL, &in, NULL, NULL, NULL);
        gss_release_buffer(&min, &out);
        if (GSS_ERROR(maj))
            goto done;
        if ((step == 0) != (maj == GSS_S_CONTINUE_NEEDED)) {
            ret = -1;
            goto done;
        }
    }
    maj = gss_wrap(&min, ictx, 1, 0, &msg, &conf, &tok);
    if (maj != GSS_S_COMPLETE)
        goto done;
    maj = gss_unwrap(&min, actx, &tok, &pt, &conf, NULL);
    if (maj != GSS_S_COMPLETE)
        goto done;
    if (pt.length != msg.length || memcmp(pt.value, msg.value, 11) != 0) {
        ret = -1;
        goto done;
    }
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &pt);
    maj = gss_get_mic(&min, actx, 0, &msg, &tok);
    if (maj != GSS_S_COMPLETE)
        goto done;
    maj = gss_verify_mic(&min, ictx, &msg, &tok, NULL);
    if (maj != GSS_S_COMPLETE)
        goto done;
    ret = 0;
done:
    gss_release_buffer(&min, &in);
    gss_release_buffer(&min, &out);
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &pt);
    gss_delete_sec_context(&min, &ictx, GSS_C_NO_BUFFER);
    gss_delete_sec_context(&min, &actx, GSS_C_NO_BUFFER);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
    gss_release_name(&min, &n);
    gss_release_name(&min, &target);
    gss_release_name(&min, &src);
    return ret;
}

int
main(int argc, char **argv)
{
    long max_n = argc > 1 ? atol(argv[1]) : 100000, n;
    int r, bad = 0;

    if (h_env_init() != 0)
        return 2;
#ifdef INTERPOSE
    ip_fail_hook = fail_hook;
    ip_alloc_hook = alloc_hook;
    ip_free_hook = free_hook;
#endif
    /* warm-up: fills one-time caches */
    if (scenario() != 0 || scenario() != 0) {
        fprintf(stderr, "alloc_fail: scenario fails without injection\n");
        h_env_cleanup();
        return 1;
    }
#ifdef INTERPOSE
    {
        long base, total, failed = 0, recovered = 0, leaks = 0;
        /* Leaks after an injected failure fail the run when any block
         * comes from our code (or libc on its behalf); those left by
         * mechglue, OpenSSL's error queue and ld.so's dlerror buffer are
         * listed and fail only with ALLOC_FAIL_STRICT=1. */
        int strict = getenv("ALLOC_FAIL_STRICT") != NULL;

        base = live;
        count = 0;
        armed = 1;
        r = scenario();
        armed = 0;
        total = count;
        if (live != base) {
            fprintf(stderr, "alloc_fail: %ld blocks leaked without "
                    "injection\n", live - base);
            bad = 1;
        }
        for (n = 1; n <= max_n && n <= total; n++) {
            base = live;
            count = 0;
            num_recs = 0;
            fail_at = n;
            armed = 1;
            r = scenario();
            armed = 0;
            fail_at = 0;
            if (r < 0) {
                fprintf(stderr, "alloc_fail: N=%ld: wrong result\n", n);
                bad = 1;
            } else if (r > 0) {
                failed++;
            } else {
                recovered++;
            }
            if (live != base) {
                fprintf(stderr, "alloc_fail: N=%ld: %ld blocks leaked\n", n,
                        live - base);
                if (name_leakers() > 0) {
                    fprintf(stderr, "alloc_fail: N=%ld: leak not in "
                            "mechglue/OpenSSL/ld.so\n", n);
                    bad = 1;
                }
                leaks++;
                if (strict)
                    bad = 1;
            }
        }
        printf("alloc_fail: %ld allocations in the scenario; %ld points "
               "injected: %ld clean GSS errors, %ld absorbed (run "
               "succeeded), %ld with foreign leftovers\n", total, n - 1,
               failed,
               recovered, leaks);
    }
#else
    (void)n;
    (void)max_n;
    r = scenario();
    printf("alloc_fail: interposition disabled in this build; scenario "
           "%s\n", r == 0 ? "ok" : "failed");
    bad = r != 0;
#endif
    h_env_cleanup();
    return bad;
}
