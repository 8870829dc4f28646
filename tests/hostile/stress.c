/*
 * stress.c - thread stress and soak.
 *
 *   stress [threads [rounds]]   threads each running handshakes (own
 *       credentials) and wrap/unwrap both ways, threads sharing one
 *       acceptor and one initiator credential, and a thread rewriting the
 *       user file (atomic rename) while the acceptors read it.  Build it
 *       with -fsanitize=thread in a separate build dir for TSan.
 *   stress soak <messages> <contexts>   one context carries <messages>
 *       wrap/unwrap pairs, then <contexts> contexts are made and dropped;
 *       RSS is printed along the way (it must stay flat).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostile.h"

static int rounds = 20;
static gss_cred_id_t shared_ic, shared_ac;
static int stop_writer;          /* atomic */
static int failures;             /* under fail_lock */
static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;

static void
fail(const char *what)
{
    pthread_mutex_lock(&fail_lock);
    failures++;
    fprintf(stderr, "stress: %s\n", what);
    pthread_mutex_unlock(&fail_lock);
}

static int
handshake(gss_cred_id_t ic, gss_cred_id_t ac, gss_ctx_id_t *ictx,
          gss_ctx_id_t *actx)
{
    gss_name_t target = h_import("HTTP@testsrv.example.test",
                                 GSS_C_NT_HOSTBASED_SERVICE);
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 imaj = 0, amaj = 0, min;
    int step;

    for (step = 0; step < 2; step++) {
        imaj = gss_init_sec_context(&min, ic, ictx, target, &h_ntlm_oid,
                                    GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG, 0,
                                    NULL, &in, NULL, &out, NULL, NULL);
        gss_release_buffer(&min, &in);
        if (GSS_ERROR(imaj))
            break;
        amaj = gss_accept_sec_context(&min, actx, ac, &out, NULL, NULL,
                                      NULL, &in, NULL, NULL, NULL);
        gss_release_buffer(&min, &out);
        if (GSS_ERROR(amaj))
            break;
    }
    gss_release_buffer(&min, &in);
    gss_release_name(&min, &target);
    return imaj == GSS_S_COMPLETE && amaj == GSS_S_COMPLETE ? 0 : -1;
}

static void *
worker(void *arg)
{
    int shared = (int)(intptr_t)arg, i;
    gss_cred_id_t ic, ac;
    gss_ctx_id_t ictx, actx;
    OM_uint32 min;

    for (i = 0; i < rounds; i++) {
        ic = shared ? shared_ic : h_init_cred(H_DOMAIN "\\" H_USER,
                                              H_PASSWORD);
        ac = shared ? shared_ac : h_acc_cred();
        ictx = actx = GSS_C_NO_CONTEXT;
        if (handshake(ic, ac, &ictx, &actx) != 0)
            fail("handshake");
        else if (h_pair_works(ictx, actx) != 0)
            fail("wrap/unwrap");
        gss_delete_sec_context(&min, &ictx, GSS_C_NO_BUFFER);
        gss_delete_sec_context(&min, &actx, GSS_C_NO_BUFFER);
        if (!shared) {
            gss_release_cred(&min, &ic);
            gss_release_cred(&min, &ac);
        }
    }
    return NULL;
}

/* Rewrite the user file (same accounts, different order and comments)
 * with an atomic rename while acceptors read it. */
static void *
writer(void *arg)
{
    char tmp[600];
    unsigned n = 0;
    FILE *f;

    (void)arg;
    snprintf(tmp, sizeof(tmp), "%s.tmp", h_user_file);
    while (!__atomic_load_n(&stop_writer, __ATOMIC_ACQUIRE)) {
        f = fopen(tmp, "w");
        if (f == NULL)
            break;
        fprintf(f, "# generation %u\n", n++);
        if (n % 2)
            fputs(":anyuser:anypass\n", f);
        fputs("TESTDOM:testuser:testpass\n"
              "TESTDOM:hashuser:{NT}a4f49c406510bdcab6824ee7c30fd852\n", f);
        fclose(f);
        if (rename(tmp, h_user_file) != 0)
            break;
        usleep(200);
    }
    return NULL;
}

static long
rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;

    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &res) != 2)
        res = -1;
    fclose(f);
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

static int
soak(long messages, long contexts)
{
    gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
    gss_buffer_desc msg = { 64, NULL }, tok, out;
    char text[64];
    OM_uint32 maj, min;
    long i, step;

    memset(text, 'm', sizeof(text));
    msg.value = text;
    if (h_pair(&ictx, &actx) != 0)
        return 1;
    step = messages / 10 > 0 ? messages / 10 : 1;
    for (i = 0; i < messages; i++) {
        tok.length = out.length = 0;
        tok.value = out.value = NULL;
        maj = gss_wrap(&min, i % 2 ? actx : ictx, 1, 0, &msg, NULL, &tok);
        if (maj == GSS_S_COMPLETE)
            maj = gss_unwrap(&min, i % 2 ? ictx : actx, &tok, &out, NULL,
                             NULL);
        gss_release_buffer(&min, &tok);
        gss_release_buffer(&min, &out);
        if (maj != GSS_S_COMPLETE) {
            fprintf(stderr, "soak: message %ld: %x/%x\n", i, maj, min);
            return 1;
        }
        if (i % step == 0)
            printf("soak: %ld messages, RSS %ld kB\n", i, rss_kb());
    }
    printf("soak: %ld messages, RSS %ld kB\n", messages, rss_kb());
    gss_delete_sec_context(&min, &ictx, GSS_C_NO_BUFFER);
    gss_delete_sec_context(&min, &actx, GSS_C_NO_BUFFER);
    step = contexts / 10 > 0 ? contexts / 10 : 1;
    for (i = 0; i < contexts; i++) {
        if (h_pair(&ictx, &actx) != 0)
            return 1;
        gss_delete_sec_context(&min, &ictx, GSS_C_NO_BUFFER);
        gss_delete_sec_context(&min, &actx, GSS_C_NO_BUFFER);
        if (i % step == 0)
            printf("soak: %ld contexts, RSS %ld kB\n", i, rss_kb());
    }
    printf("soak: %ld contexts, RSS %ld kB\n", contexts, rss_kb());
    return 0;
}

int
main(int argc, char **argv)
{
    pthread_t th[64], wr;
    int nthreads = 8, i, ret;
    OM_uint32 min;

    if (h_env_init() != 0)
        return 2;
    if (argc > 1 && strcmp(argv[1], "soak") == 0) {
        ret = soak(argc > 2 ? atol(argv[2]) : 2000000,
                   argc > 3 ? atol(argv[3]) : 10000);
        h_env_cleanup();
        return ret;
    }
    if (argc > 1)
        nthreads = atoi(argv[1]);
    if (argc > 2)
        rounds = atoi(argv[2]);
    if (nthreads < 2 || nthreads > 64)
        nthreads = 8;
    shared_ic = h_init_cred(H_DOMAIN "\\" H_USER, H_PASSWORD);
    shared_ac = h_acc_cred();
    pthread_create(&wr, NULL, writer, NULL);
    for (i = 0; i < nthreads; i++)
        pthread_create(&th[i], NULL, worker, (void *)(intptr_t)(i % 2));
    for (i = 0; i < nthreads; i++)
        pthread_join(th[i], NULL);
    __atomic_store_n(&stop_writer, 1, __ATOMIC_RELEASE);
    pthread_join(wr, NULL);
    gss_release_cred(&min, &shared_ic);
    gss_release_cred(&min, &shared_ac);
    printf("stress: %d threads x %d rounds (handshake + 4 messages), "
           "half on shared credentials, user file rewritten meanwhile: "
           "%d failures\n", nthreads, rounds, failures);
    h_env_cleanup();
    if (failures == 0) {
        /* small soak for make check */
        h_env_init();
        ret = soak(20000, 200);
        h_env_cleanup();
        return ret;
    }
    return 1;
}
