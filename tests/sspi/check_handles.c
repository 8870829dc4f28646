/* check_handles.c - zeroed, freed, foreign and wrong-kind handles give
 * SEC_E_INVALID_HANDLE from every call, never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sspi_test.h"

/* Every context call with h; all must say SEC_E_INVALID_HANDLE. */
static void
ctx_calls_invalid(CtxtHandle *h, CredHandle *cred)
{
    unsigned char buf[64];
    SecBuffer b[2] = { { 16, SECBUFFER_TOKEN, buf },
                       { 8, SECBUFFER_DATA, buf + 16 } };
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    SecBuffer packed;
    SecPkgContext_Sizes sizes;
    CtxtHandle out;
    ULONG attr = 0xdeadbeef, qop;
    TimeStamp exp;
    void *tok;

    ck_assert_int_eq(DeleteSecurityContext(h), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(QueryContextAttributesA(h, SECPKG_ATTR_SIZES, &sizes),
                     SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(QueryContextAttributesW(h, SECPKG_ATTR_SIZES, &sizes),
                     SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(MakeSignature(h, 0, &d, 0), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(VerifySignature(h, &d, 0, &qop), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(EncryptMessage(h, 0, &d, 0), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(DecryptMessage(h, &d, 0, &qop), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(CompleteAuthToken(h, &d), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(ApplyControlToken(h, &d), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(ImpersonateSecurityContext(h), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(RevertSecurityContext(h), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(QuerySecurityContextToken(h, &tok),
                     SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(SetContextAttributesA(h, 0, buf, 4),
                     SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(ExportSecurityContext(h, 0, &packed, &tok),
                     SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(InitializeSecurityContextA(cred, h, "localhost", 0, 0,
                                                0, &d, 0, &out, &d, &attr,
                                                &exp),
                     SEC_E_INVALID_HANDLE);
    ck_assert_uint_eq(attr, 0);
    ck_assert_int_eq(AcceptSecurityContext(cred, h, &d, 0, 0, &out, &d,
                                           &attr, &exp),
                     SEC_E_INVALID_HANDLE);
}

static void
cred_calls_invalid(CredHandle *h)
{
    unsigned char buf[64];
    SecBuffer b = { sizeof(buf), SECBUFFER_TOKEN, buf };
    SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
    SecPkgCredentials_NamesA names;
    CtxtHandle out;
    ULONG attr;
    TimeStamp exp;

    ck_assert_int_eq(FreeCredentialsHandle(h), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(QueryCredentialsAttributesA(h, SECPKG_CRED_ATTR_NAMES,
                                                 &names),
                     SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(InitializeSecurityContextA(h, NULL, "localhost", 0, 0,
                                                0, NULL, 0, &out, &d, &attr,
                                                &exp),
                     SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(AcceptSecurityContext(h, NULL, &d, 0, 0, &out, &d,
                                           &attr, &exp),
                     SEC_E_INVALID_HANDLE);
}

START_TEST(t_zeroed)
{
    CtxtHandle h;
    CredHandle c;

    memset(&h, 0, sizeof(h));
    memset(&c, 0, sizeof(c));
    ctx_calls_invalid(&h, &c);
    cred_calls_invalid(&c);
    ctx_calls_invalid(NULL, NULL);
    cred_calls_invalid(NULL);
}
END_TEST

START_TEST(t_invalidated_and_garbage)
{
    CtxtHandle h;
    CredHandle c;
    int i;

    SecInvalidateHandle(&h);
    SecInvalidateHandle(&c);
    ctx_calls_invalid(&h, &c);
    cred_calls_invalid(&c);
    srand(1234);
    for (i = 0; i < 200; i++) {
        h.dwLower = ((ULONG_PTR)rand() << 16) ^ (ULONG_PTR)rand();
        h.dwUpper = ((ULONG_PTR)rand() << 33) ^ (ULONG_PTR)rand();
        if (i % 3 == 0)
            h.dwLower = (ULONG_PTR)(i % 8);
        c = h;
        ctx_calls_invalid(&h, &c);
        cred_calls_invalid(&c);
    }
}
END_TEST

START_TEST(t_freed)
{
    struct test_pair p;
    CtxtHandle c = { 0, 0 }, s = { 0, 0 };
    CredHandle cc, sc;

    ck_assert_int_eq(test_handshake(&p, "NTLM", 0, 0), SEC_E_OK);
    c = p.cctx;
    s = p.sctx;
    cc = p.ccred;
    sc = p.scred;
    test_pair_free(&p);
    ctx_calls_invalid(&c, &cc);
    ctx_calls_invalid(&s, &sc);
    cred_calls_invalid(&cc);
    cred_calls_invalid(&sc);
}
END_TEST

/* A credential handle used as a context and the other way round. */
START_TEST(t_wrong_kind)
{
    struct test_pair p;
    CtxtHandle as_ctx;
    CredHandle as_cred;

    ck_assert_int_eq(test_handshake(&p, "NTLM", 0, 0), SEC_E_OK);
    as_ctx = p.ccred;
    as_cred = p.cctx;
    ctx_calls_invalid(&as_ctx, &as_cred);
    cred_calls_invalid(&as_cred);
    /* the real handles still work */
    ck_assert_int_eq(DeleteSecurityContext(&p.cctx), SEC_E_OK);
    p.have_cctx = 0;
    test_pair_free(&p);
}
END_TEST

/* A freed slot reused by a new object keeps old handles invalid. */
START_TEST(t_reuse)
{
    CredHandle a, b;

    ck_assert_int_eq(test_server_cred("NTLM", &a), SEC_E_OK);
    ck_assert_int_eq(FreeCredentialsHandle(&a), SEC_E_OK);
    ck_assert_int_eq(test_server_cred("NTLM", &b), SEC_E_OK);
    ck_assert_int_eq(FreeCredentialsHandle(&a), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(FreeCredentialsHandle(&b), SEC_E_OK);
}
END_TEST

/* ACH / QSPI argument errors. */
START_TEST(t_bad_arguments)
{
    CredHandle c;
    TimeStamp exp;

    ck_assert_int_eq(AcquireCredentialsHandleA(NULL, "Nope",
                                               SECPKG_CRED_OUTBOUND, NULL,
                                               NULL, NULL, NULL, &c, &exp),
                     SEC_E_SECPKG_NOT_FOUND);
    ck_assert_int_eq(AcquireCredentialsHandleA(NULL, NULL,
                                               SECPKG_CRED_OUTBOUND, NULL,
                                               NULL, NULL, NULL, &c, &exp),
                     SEC_E_SECPKG_NOT_FOUND);
    ck_assert_int_eq(AcquireCredentialsHandleA(NULL, "NTLM", 0, NULL, NULL,
                                               NULL, NULL, &c, &exp),
                     SEC_E_UNKNOWN_CREDENTIALS);
    ck_assert_int_eq(AcquireCredentialsHandleA(NULL, "NTLM",
                                               SECPKG_CRED_INBOUND, NULL,
                                               NULL, NULL, NULL, NULL,
                                               &exp),
                     SEC_E_INVALID_PARAMETER);
}
END_TEST

/* Input errors of the handshake and of the packed-context import. */
START_TEST(t_input_errors)
{
    CredHandle cc, sc;
    CtxtHandle cx, sx, imp;
    unsigned char buf[TOKEN_MAX], junk[64];
    SecBuffer ob = { sizeof(buf), SECBUFFER_TOKEN, buf };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    SecBuffer eb = { 0, SECBUFFER_EMPTY, NULL };
    SecBufferDesc ed = { SECBUFFER_VERSION, 1, &eb };
    SecBuffer cbb[2];
    SecBufferDesc cbd = { SECBUFFER_VERSION, 2, cbb };
    SEC_CHANNEL_BINDINGS bad;
    SecBuffer packed = { sizeof(junk), SECBUFFER_EMPTY, junk };
    SecPkgContext_NegotiationInfoA ni;
    ULONG attr;
    TimeStamp exp;

    ck_assert_int_eq(test_client_cred("NTLM", TEST_USER, TEST_PASSWORD,
                                      &cc), SEC_E_OK);
    ck_assert_int_eq(test_server_cred("NTLM", &sc), SEC_E_OK);
    /* ASC without an input token */
    ck_assert_int_eq(AcceptSecurityContext(&sc, NULL, NULL, 0, 0, &sx, &od,
                                           &attr, &exp),
                     SEC_E_INCOMPLETE_MESSAGE);
    ck_assert_int_eq(AcceptSecurityContext(&sc, NULL, &ed, 0, 0, &sx, &od,
                                           &attr, &exp),
                     SEC_E_INCOMPLETE_MESSAGE);
    /* garbage token */
    memset(junk, 0x41, sizeof(junk));
    eb.BufferType = SECBUFFER_TOKEN;
    eb.cbBuffer = sizeof(junk);
    eb.pvBuffer = junk;
    ck_assert_int_ne(AcceptSecurityContext(&sc, NULL, &ed, 0, 0, &sx, &od,
                                           &attr, &exp), SEC_E_OK);
    /* client leg 2 without the server's token */
    ck_assert_int_eq(InitializeSecurityContextA(&cc, NULL, "localhost", 0,
                                                0, 0, NULL, 0, &cx, &od,
                                                &attr, &exp),
                     SEC_I_CONTINUE_NEEDED);
    ck_assert_int_eq(QueryContextAttributesA(&cx,
                                             SECPKG_ATTR_NEGOTIATION_INFO,
                                             &ni), SEC_E_OK);
    ck_assert_uint_eq(ni.NegotiationState, SECPKG_NEGOTIATION_IN_PROGRESS);
    FreeContextBuffer(ni.PackageInfo);
    ob.cbBuffer = sizeof(buf);
    ck_assert_int_eq(InitializeSecurityContextA(&cc, &cx, "localhost", 0,
                                                0, 0, NULL, 0, &cx, &od,
                                                &attr, &exp),
                     SEC_E_INVALID_TOKEN);
    /* messages on an unfinished context */
    ck_assert_int_eq(EncryptMessage(&cx, 0, &od, 0), SEC_E_INVALID_HANDLE);
    ck_assert_int_eq(DeleteSecurityContext(&cx), SEC_E_OK);
    /* channel bindings pointing outside their buffer */
    memset(&bad, 0, sizeof(bad));
    bad.cbApplicationDataLength = 16;
    bad.dwApplicationDataOffset = 0xFFFFFFF0;
    cbb[0].BufferType = SECBUFFER_EMPTY;
    cbb[0].cbBuffer = 0;
    cbb[0].pvBuffer = NULL;
    cbb[1].BufferType = SECBUFFER_CHANNEL_BINDINGS;
    cbb[1].cbBuffer = sizeof(bad);
    cbb[1].pvBuffer = &bad;
    ob.cbBuffer = sizeof(buf);
    ck_assert_int_eq(InitializeSecurityContextA(&cc, NULL, "localhost", 0,
                                                0, 0, &cbd, 0, &cx, &od,
                                                &attr, &exp),
                     SEC_E_INVALID_TOKEN);
    ck_assert_int_eq(DeleteSecurityContext(&cx), SEC_E_INVALID_HANDLE);
    /* a packed context that is not ours */
    ck_assert_int_eq(ImportSecurityContextA("NTLM", &packed, NULL, &imp),
                     SEC_E_INVALID_TOKEN);
    ck_assert_int_eq(ImportSecurityContextA("Nope", &packed, NULL, &imp),
                     SEC_E_SECPKG_NOT_FOUND);
    FreeCredentialsHandle(&cc);
    FreeCredentialsHandle(&sc);
}
END_TEST

Suite *
handles_suite(void)
{
    Suite *s = suite_create("handles");
    TCase *tc = tcase_create("handles");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, t_zeroed);
    tcase_add_test(tc, t_invalidated_and_garbage);
    tcase_add_test(tc, t_freed);
    tcase_add_test(tc, t_wrong_kind);
    tcase_add_test(tc, t_reuse);
    tcase_add_test(tc, t_bad_arguments);
    tcase_add_test(tc, t_input_errors);
    suite_add_tcase(s, tc);
    return s;
}
