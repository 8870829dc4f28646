/* check_threads.c - many contexts in many threads sharing one client and
 * one server credential, each sealing messages both ways. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "sspi_test.h"

#define NUM_THREADS 8
#define ROUNDS      6

static CredHandle shared_client, shared_server;

static int
one_session(int id, int round)
{
    unsigned char ct[TOKEN_MAX], st[TOKEN_MAX];
    SecBuffer cb, sb, ib, mb[2];
    SecBufferDesc cd = { SECBUFFER_VERSION, 1, &cb };
    SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
    SecBufferDesc id_ = { SECBUFFER_VERSION, 1, &ib };
    SecBufferDesc md = { SECBUFFER_VERSION, 2, mb };
    CtxtHandle cx, sx;
    ULONG attr;
    TimeStamp exp;
    unsigned char trailer[16];
    char msg[64], want[64];
    int ok = 0;

    cb.BufferType = SECBUFFER_TOKEN;
    cb.cbBuffer = sizeof(ct);
    cb.pvBuffer = ct;
    if (InitializeSecurityContextA(&shared_client, NULL, "HTTP/localhost",
                                   ISC_REQ_CONFIDENTIALITY, 0, 0, NULL, 0,
                                   &cx, &cd, &attr, &exp)
        != SEC_I_CONTINUE_NEEDED)
        return 0;
    ib = cb;
    sb.BufferType = SECBUFFER_TOKEN;
    sb.cbBuffer = sizeof(st);
    sb.pvBuffer = st;
    if (AcceptSecurityContext(&shared_server, NULL, &id_, 0, 0, &sx, &sd,
                              &attr, &exp) != SEC_I_CONTINUE_NEEDED)
        goto del_c;
    ib = sb;
    cb.cbBuffer = sizeof(ct);
    if (InitializeSecurityContextA(&shared_client, &cx, "HTTP/localhost",
                                   ISC_REQ_CONFIDENTIALITY, 0, 0, &id_, 0,
                                   &cx, &cd, &attr, &exp) != SEC_E_OK)
        goto del_s;
    ib = cb;
    sb.cbBuffer = sizeof(st);
    if (AcceptSecurityContext(&shared_server, &sx, &id_, 0, 0, &sx, &sd,
                              &attr, &exp) != SEC_E_OK)
        goto del_s;
    snprintf(want, sizeof(want), "thread %d round %d", id, round);
    memcpy(msg, want, sizeof(want));
    mb[0].BufferType = SECBUFFER_TOKEN;
    mb[0].cbBuffer = sizeof(trailer);
    mb[0].pvBuffer = trailer;
    mb[1].BufferType = SECBUFFER_DATA;
    mb[1].cbBuffer = (ULONG)strlen(msg) + 1;
    mb[1].pvBuffer = msg;
    if (EncryptMessage(&cx, 0, &md, 0) != SEC_E_OK ||
        DecryptMessage(&sx, &md, 0, NULL) != SEC_E_OK ||
        strcmp(msg, want) != 0)
        goto del_s;
    mb[0].cbBuffer = sizeof(trailer);
    if (EncryptMessage(&sx, 0, &md, 0) != SEC_E_OK ||
        DecryptMessage(&cx, &md, 0, NULL) != SEC_E_OK ||
        strcmp(msg, want) != 0)
        goto del_s;
    ok = 1;
del_s:
    DeleteSecurityContext(&sx);
del_c:
    DeleteSecurityContext(&cx);
    return ok;
}

static void *
worker(void *arg)
{
    int id = (int)(intptr_t)arg, r, good = 0;

    for (r = 0; r < ROUNDS; r++)
        good += one_session(id, r);
    return (void *)(intptr_t)good;
}

START_TEST(t_threads_shared_creds)
{
    pthread_t th[NUM_THREADS];
    void *res;
    int i, total = 0;

    ck_assert_int_eq(test_client_cred("NTLM", TEST_USER, TEST_PASSWORD,
                                      &shared_client), SEC_E_OK);
    ck_assert_int_eq(test_server_cred("NTLM", &shared_server), SEC_E_OK);
    for (i = 0; i < NUM_THREADS; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, worker,
                                        (void *)(intptr_t)i), 0);
    for (i = 0; i < NUM_THREADS; i++) {
        pthread_join(th[i], &res);
        total += (int)(intptr_t)res;
    }
    ck_assert_int_eq(total, NUM_THREADS * ROUNDS);
    ck_assert_int_eq(FreeCredentialsHandle(&shared_client), SEC_E_OK);
    ck_assert_int_eq(FreeCredentialsHandle(&shared_server), SEC_E_OK);
}
END_TEST

/* A credential freed while contexts still use it stays alive for them. */
START_TEST(t_cred_freed_under_context)
{
    struct test_pair p;
    CredHandle keep;

    memset(&p, 0, sizeof(p));
    ck_assert_int_eq(test_client_cred("NTLM", TEST_USER, TEST_PASSWORD,
                                      &p.ccred), SEC_E_OK);
    ck_assert_int_eq(test_server_cred("NTLM", &p.scred), SEC_E_OK);
    keep = p.ccred;
    {
        unsigned char ct[TOKEN_MAX], st[TOKEN_MAX];
        SecBuffer cb = { sizeof(ct), SECBUFFER_TOKEN, ct }, sb, ib;
        SecBufferDesc cd = { SECBUFFER_VERSION, 1, &cb };
        SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
        SecBufferDesc idd = { SECBUFFER_VERSION, 1, &ib };
        ULONG attr;
        TimeStamp exp;

        ck_assert_int_eq(InitializeSecurityContextA(&p.ccred, NULL,
                                                    "localhost", 0, 0, 0,
                                                    NULL, 0, &p.cctx, &cd,
                                                    &attr, &exp),
                         SEC_I_CONTINUE_NEEDED);
        ck_assert_int_eq(FreeCredentialsHandle(&keep), SEC_E_OK);
        ib = cb;
        sb.BufferType = SECBUFFER_TOKEN;
        sb.cbBuffer = sizeof(st);
        sb.pvBuffer = st;
        ck_assert_int_eq(AcceptSecurityContext(&p.scred, NULL, &idd, 0, 0,
                                               &p.sctx, &sd, &attr, &exp),
                         SEC_I_CONTINUE_NEEDED);
        ib = sb;
        cb.cbBuffer = sizeof(ct);
        ck_assert_int_eq(InitializeSecurityContextA(NULL, &p.cctx,
                                                    "localhost", 0, 0, 0,
                                                    &idd, 0, &p.cctx, &cd,
                                                    &attr, &exp), SEC_E_OK);
    }
    DeleteSecurityContext(&p.cctx);
    DeleteSecurityContext(&p.sctx);
    FreeCredentialsHandle(&p.scred);
}
END_TEST

Suite *
threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, t_threads_shared_creds);
    tcase_add_test(tc, t_cred_freed_under_context);
    suite_add_tcase(s, tc);
    return s;
}
