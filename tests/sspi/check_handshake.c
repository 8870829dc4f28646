/* check_handshake.c - full handshakes through the shim: NTLM, Negotiate,
 * W functions, wrong passwords, ALLOCATE_MEMORY, kept tokens, channel
 * bindings, names, export/import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sspi_test.h"

START_TEST(t_ntlm_legs)
{
    struct test_pair p;

    /* reference §5 item 15 */
    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_CONFIDENTIALITY |
                                    ISC_REQ_INTEGRITY, 0), SEC_E_OK);
    ck_assert_int_eq(p.num_legs, 4);
    ck_assert_int_eq(p.legs[0], SEC_I_CONTINUE_NEEDED);
    ck_assert_int_eq(p.legs[1], SEC_I_CONTINUE_NEEDED);
    ck_assert_int_eq(p.legs[2], SEC_E_OK);
    ck_assert_int_eq(p.legs[3], SEC_E_OK);
    ck_assert(p.cattr & ISC_RET_CONFIDENTIALITY);
    ck_assert(p.sattr & ASC_RET_CONFIDENTIALITY);
    /* item 21 */
    ck_assert_int_eq(DeleteSecurityContext(&p.cctx), SEC_E_OK);
    ck_assert_int_eq(DeleteSecurityContext(&p.sctx), SEC_E_OK);
    ck_assert_int_eq(FreeCredentialsHandle(&p.ccred), SEC_E_OK);
    ck_assert_int_eq(FreeCredentialsHandle(&p.scred), SEC_E_OK);
}
END_TEST

START_TEST(t_negotiate_ntlm)
{
    struct test_pair p;
    SecPkgContext_Sizes sizes;
    SecPkgContext_NegotiationInfoA ni;

    /* reference §5 item 29: Negotiate ends in NTLM */
    ck_assert_int_eq(test_handshake(&p, "Negotiate",
                                    ISC_REQ_CONFIDENTIALITY, 0), SEC_E_OK);
    memset(&sizes, 0xde, sizeof(sizes));
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx, SECPKG_ATTR_SIZES,
                                             &sizes), SEC_E_OK);
    ck_assert_uint_eq(sizes.cbMaxToken, 2888);
    ck_assert_uint_eq(sizes.cbMaxSignature, 16);
    ck_assert_uint_eq(sizes.cbBlockSize, 0);
    ck_assert_uint_eq(sizes.cbSecurityTrailer, 16);
    ck_assert_int_eq(QueryContextAttributesA(&p.sctx,
                                             SECPKG_ATTR_NEGOTIATION_INFO,
                                             &ni), SEC_E_OK);
    ck_assert_uint_eq(ni.NegotiationState, SECPKG_NEGOTIATION_COMPLETE);
    ck_assert_str_eq(ni.PackageInfo->Name, "NTLM");
    FreeContextBuffer(ni.PackageInfo);
    test_pair_free(&p);
}
END_TEST

static void
bad_login(const char *pkg, const char *user, const char *password)
{
    struct test_pair p;
    SECURITY_STATUS ret;

    memset(&p, 0, sizeof(p));
    ck_assert_int_eq(test_client_cred(pkg, user, password, &p.ccred),
                     SEC_E_OK);
    ck_assert_int_eq(test_server_cred(pkg, &p.scred), SEC_E_OK);
    ret = test_loop(&p, 0, 0, "HTTP/localhost");
    ck_assert_int_eq(ret, SEC_E_LOGON_DENIED);
    test_pair_free(&p);
}

START_TEST(t_wrong_password)
{
    bad_login("NTLM", TEST_USER, "wrong");
}
END_TEST

START_TEST(t_unknown_user)
{
    bad_login("NTLM", "mallory", "whatever");
}
END_TEST

START_TEST(t_negotiate_wrong_password)
{
    bad_login("Negotiate", TEST_USER, "wrong");
}
END_TEST

/* ISC/ASC_REQ_ALLOCATE_MEMORY on every leg, freed by FreeContextBuffer. */
START_TEST(t_allocate_memory)
{
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    SecBuffer cb, sb, ib;
    SecBufferDesc cd = { SECBUFFER_VERSION, 1, &cb };
    SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
    SecBufferDesc id = { SECBUFFER_VERSION, 1, &ib };
    ULONG attr;
    TimeStamp exp;
    SECURITY_STATUS ret;

    ck_assert_int_eq(test_client_cred("NTLM", TEST_USER, TEST_PASSWORD,
                                      &cc), SEC_E_OK);
    ck_assert_int_eq(test_server_cred("NTLM", &sc), SEC_E_OK);

    cb.BufferType = SECBUFFER_TOKEN;
    cb.cbBuffer = 0;
    cb.pvBuffer = NULL;
    ret = InitializeSecurityContextA(&cc, NULL, "HTTP/localhost",
                                     ISC_REQ_ALLOCATE_MEMORY, 0, 0, NULL, 0,
                                     &cx, &cd, &attr, &exp);
    ck_assert_int_eq(ret, SEC_I_CONTINUE_NEEDED);
    ck_assert_ptr_nonnull(cb.pvBuffer);
    ck_assert_uint_gt(cb.cbBuffer, 0);
    ck_assert(attr & ISC_RET_ALLOCATED_MEMORY);

    ib = cb;
    sb.BufferType = SECBUFFER_TOKEN;
    sb.cbBuffer = 0;
    sb.pvBuffer = NULL;
    ret = AcceptSecurityContext(&sc, NULL, &id, ASC_REQ_ALLOCATE_MEMORY, 0,
                                &sx, &sd, &attr, &exp);
    ck_assert_int_eq(ret, SEC_I_CONTINUE_NEEDED);
    ck_assert_ptr_nonnull(sb.pvBuffer);
    ck_assert(attr & ASC_RET_ALLOCATED_MEMORY);
    ck_assert_int_eq(FreeContextBuffer(ib.pvBuffer), SEC_E_OK);

    ib = sb;
    cb.cbBuffer = 0;
    cb.pvBuffer = NULL;
    ret = InitializeSecurityContextA(&cc, &cx, "HTTP/localhost",
                                     ISC_REQ_ALLOCATE_MEMORY, 0, 0, &id, 0,
                                     &cx, &cd, &attr, &exp);
    ck_assert_int_eq(ret, SEC_E_OK);
    ck_assert_ptr_nonnull(cb.pvBuffer);
    ck_assert_int_eq(FreeContextBuffer(ib.pvBuffer), SEC_E_OK);

    ib = cb;
    sb.cbBuffer = 0;
    sb.pvBuffer = NULL;
    ret = AcceptSecurityContext(&sc, &sx, &id, ASC_REQ_ALLOCATE_MEMORY, 0,
                                &sx, &sd, &attr, &exp);
    ck_assert_int_eq(ret, SEC_E_OK);
    ck_assert_uint_eq(sb.cbBuffer, 0);
    ck_assert_int_eq(FreeContextBuffer(ib.pvBuffer), SEC_E_OK);

    DeleteSecurityContext(&cx);
    DeleteSecurityContext(&sx);
    FreeCredentialsHandle(&cc);
    FreeCredentialsHandle(&sc);
}
END_TEST

/* A later leg whose output does not fit: SEC_E_BUFFER_TOO_SMALL, the token
 * is kept, and the retried call delivers it. */
START_TEST(t_kept_token)
{
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    unsigned char ct[TOKEN_MAX], st[TOKEN_MAX];
    SecBuffer cb, sb, ib;
    SecBufferDesc cd = { SECBUFFER_VERSION, 1, &cb };
    SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
    SecBufferDesc id = { SECBUFFER_VERSION, 1, &ib };
    ULONG attr;
    TimeStamp exp;

    ck_assert_int_eq(test_client_cred("NTLM", TEST_USER, TEST_PASSWORD,
                                      &cc), SEC_E_OK);
    ck_assert_int_eq(test_server_cred("NTLM", &sc), SEC_E_OK);
    cb.BufferType = SECBUFFER_TOKEN;
    cb.cbBuffer = sizeof(ct);
    cb.pvBuffer = ct;
    ck_assert_int_eq(InitializeSecurityContextA(&cc, NULL, NULL, 0, 0, 0,
                                                NULL, 0, &cx, &cd, &attr,
                                                &exp),
                     SEC_I_CONTINUE_NEEDED);
    ib = cb;
    sb.BufferType = SECBUFFER_TOKEN;
    sb.cbBuffer = 8;
    sb.pvBuffer = st;
    /* server leg 1 with a too small buffer */
    ck_assert_int_eq(AcceptSecurityContext(&sc, NULL, &id, 0, 0, &sx, &sd,
                                           &attr, &exp),
                     SEC_E_BUFFER_TOO_SMALL);
    sb.cbBuffer = sizeof(st);
    ck_assert_int_eq(AcceptSecurityContext(&sc, NULL, &id, 0, 0, &sx, &sd,
                                           &attr, &exp),
                     SEC_I_CONTINUE_NEEDED);
    /* client leg 2: too small, then retried */
    ib = sb;
    cb.cbBuffer = 16;
    ck_assert_int_eq(InitializeSecurityContextA(&cc, &cx, NULL, 0, 0, 0,
                                                &id, 0, &cx, &cd, &attr,
                                                &exp),
                     SEC_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(cb.cbBuffer, 16);
    cb.cbBuffer = sizeof(ct);
    ck_assert_int_eq(InitializeSecurityContextA(&cc, &cx, NULL, 0, 0, 0,
                                                &id, 0, &cx, &cd, &attr,
                                                &exp), SEC_E_OK);
    ck_assert_uint_gt(cb.cbBuffer, 16);
    ib = cb;
    sb.cbBuffer = sizeof(st);
    ck_assert_int_eq(AcceptSecurityContext(&sc, &sx, &id, 0, 0, &sx, &sd,
                                           &attr, &exp), SEC_E_OK);
    DeleteSecurityContext(&cx);
    DeleteSecurityContext(&sx);
    FreeCredentialsHandle(&cc);
    FreeCredentialsHandle(&sc);
}
END_TEST

START_TEST(t_names)
{
    struct test_pair p;
    SecPkgContext_NamesA na;
    SecPkgContext_NamesW nw;
    SecPkgContext_NativeNamesA nn;
    SecPkgCredentials_NamesA cn;
    char *u8;
    size_t i;

    ck_assert_int_eq(test_handshake(&p, "NTLM", 0, 0), SEC_E_OK);
    ck_assert_int_eq(QueryContextAttributesA(&p.sctx, SECPKG_ATTR_NAMES,
                                             &na), SEC_E_OK);
    ck_assert_str_eq(na.sUserName, TEST_DOMAIN "\\" TEST_USER);
    ck_assert_int_eq(QueryContextAttributesW(&p.sctx, SECPKG_ATTR_NAMES,
                                             &nw), SEC_E_OK);
    u8 = calloc(1, 64);
    for (i = 0; nw.sUserName[i] != 0 && i < 63; i++)
        u8[i] = (char)nw.sUserName[i];
    ck_assert_str_eq(u8, na.sUserName);
    free(u8);
    FreeContextBuffer(na.sUserName);
    FreeContextBuffer(nw.sUserName);
    ck_assert_int_eq(QueryContextAttributesA(&p.sctx,
                                             SECPKG_ATTR_NATIVE_NAMES, &nn),
                     SEC_E_OK);
    ck_assert_str_eq(nn.sClientName, TEST_DOMAIN "\\" TEST_USER);
    FreeContextBuffer(nn.sClientName);
    FreeContextBuffer(nn.sServerName);
    ck_assert_int_eq(QueryCredentialsAttributesA(&p.ccred,
                                                 SECPKG_CRED_ATTR_NAMES,
                                                 &cn), SEC_E_OK);
    ck_assert_str_eq(cn.sUserName, TEST_DOMAIN "\\" TEST_USER);
    FreeContextBuffer(cn.sUserName);
    test_pair_free(&p);
}
END_TEST

START_TEST(t_lifespan_flags)
{
    struct test_pair p;
    SecPkgContext_Lifespan ls;
    SecPkgContext_Flags fl;
    SecPkgContext_PackageInfoA pi;

    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_CONFIDENTIALITY |
                                    ISC_REQ_CONNECTION, 0), SEC_E_OK);
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx, SECPKG_ATTR_LIFESPAN,
                                             &ls), SEC_E_OK);
    ck_assert(ls.tsExpiry.QuadPart >= ls.tsStart.QuadPart);
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx, SECPKG_ATTR_FLAGS,
                                             &fl), SEC_E_OK);
    ck_assert(fl.Flags & ISC_RET_CONFIDENTIALITY);
    ck_assert(fl.Flags & ISC_RET_CONNECTION);
    ck_assert_uint_eq(fl.Flags, p.cattr);
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx,
                                             SECPKG_ATTR_PACKAGE_INFO, &pi),
                     SEC_E_OK);
    ck_assert_str_eq(pi.PackageInfo->Name, "NTLM");
    FreeContextBuffer(pi.PackageInfo);
    test_pair_free(&p);
}
END_TEST

/* The W functions with a Unicode identity and target. */
START_TEST(t_wide_api)
{
    static unsigned short user[] = { 'a', 'l', 'i', 'c', 'e', 0 };
    static unsigned short dom[] = { 'T', 'E', 'S', 'T', 'D', 'O', 'M', 0 };
    static unsigned short pw[] = { 'S', '3', 'c', 'r', 'e', 't', '!', 'p',
                                   'w', 0 };
    static SEC_WCHAR ntlm[] = { 'N', 'T', 'L', 'M', 0 };
    static SEC_WCHAR target[] = { 'H', 'T', 'T', 'P', '/', 'l', 'o', 'c',
                                  'a', 'l', 'h', 'o', 's', 't', 0 };
    SEC_WINNT_AUTH_IDENTITY_W id = { user, 5, dom, 7, pw, 9,
                                     SEC_WINNT_AUTH_IDENTITY_UNICODE };
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    unsigned char ct[TOKEN_MAX], st[TOKEN_MAX];
    SecBuffer cb, sb, ib;
    SecBufferDesc cd = { SECBUFFER_VERSION, 1, &cb };
    SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
    SecBufferDesc idd = { SECBUFFER_VERSION, 1, &ib };
    ULONG attr;
    TimeStamp exp;

    ck_assert_int_eq(AcquireCredentialsHandleW(NULL, ntlm,
                                               SECPKG_CRED_OUTBOUND, NULL,
                                               &id, NULL, NULL, &cc, &exp),
                     SEC_E_OK);
    ck_assert_int_eq(AcquireCredentialsHandleW(NULL, ntlm,
                                               SECPKG_CRED_INBOUND, NULL,
                                               NULL, NULL, NULL, &sc, &exp),
                     SEC_E_OK);
    cb.BufferType = SECBUFFER_TOKEN;
    cb.cbBuffer = sizeof(ct);
    cb.pvBuffer = ct;
    ck_assert_int_eq(InitializeSecurityContextW(&cc, NULL, target, 0, 0, 0,
                                                NULL, 0, &cx, &cd, &attr,
                                                &exp),
                     SEC_I_CONTINUE_NEEDED);
    ib = cb;
    sb.BufferType = SECBUFFER_TOKEN;
    sb.cbBuffer = sizeof(st);
    sb.pvBuffer = st;
    ck_assert_int_eq(AcceptSecurityContext(&sc, NULL, &idd, 0, 0, &sx, &sd,
                                           &attr, &exp),
                     SEC_I_CONTINUE_NEEDED);
    ib = sb;
    cb.cbBuffer = sizeof(ct);
    ck_assert_int_eq(InitializeSecurityContextW(&cc, &cx, target, 0, 0, 0,
                                                &idd, 0, &cx, &cd, &attr,
                                                &exp), SEC_E_OK);
    ib = cb;
    sb.cbBuffer = sizeof(st);
    ck_assert_int_eq(AcceptSecurityContext(&sc, &sx, &idd, 0, 0, &sx, &sd,
                                           &attr, &exp), SEC_E_OK);
    DeleteSecurityContext(&cx);
    DeleteSecurityContext(&sx);
    FreeCredentialsHandle(&cc);
    FreeCredentialsHandle(&sc);
}
END_TEST

/* SECBUFFER_CHANNEL_BINDINGS on both sides (same, then different). */
static SECURITY_STATUS
bound_handshake_pkg(const char *pkg, const char *capp, const char *sapp)
{
    struct {
        SEC_CHANNEL_BINDINGS b;
        char data[32];
    } cbind, sbind;
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    unsigned char ct[TOKEN_MAX], st[TOKEN_MAX];
    SecBuffer cb, sb, ib[2];
    SecBufferDesc cd = { SECBUFFER_VERSION, 1, &cb };
    SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
    SecBufferDesc id = { SECBUFFER_VERSION, 2, ib };
    ULONG attr;
    TimeStamp exp;
    SECURITY_STATUS ret;

    memset(&cbind, 0, sizeof(cbind));
    memset(&sbind, 0, sizeof(sbind));
    cbind.b.cbApplicationDataLength = (ULONG)strlen(capp);
    cbind.b.dwApplicationDataOffset = sizeof(SEC_CHANNEL_BINDINGS);
    memcpy(cbind.data, capp, strlen(capp));
    sbind.b.cbApplicationDataLength = (ULONG)strlen(sapp);
    sbind.b.dwApplicationDataOffset = sizeof(SEC_CHANNEL_BINDINGS);
    memcpy(sbind.data, sapp, strlen(sapp));

    ck_assert_int_eq(test_client_cred(pkg, TEST_USER, TEST_PASSWORD,
                                      &cc), SEC_E_OK);
    ck_assert_int_eq(test_server_cred(pkg, &sc), SEC_E_OK);
    ib[1].BufferType = SECBUFFER_CHANNEL_BINDINGS;
    ib[1].cbBuffer = sizeof(cbind);
    ib[1].pvBuffer = &cbind;
    cb.BufferType = SECBUFFER_TOKEN;
    cb.cbBuffer = sizeof(ct);
    cb.pvBuffer = ct;
    ib[0].BufferType = SECBUFFER_EMPTY;
    ib[0].cbBuffer = 0;
    ib[0].pvBuffer = NULL;
    ret = InitializeSecurityContextA(&cc, NULL, NULL, 0, 0, 0, &id, 0, &cx,
                                     &cd, &attr, &exp);
    ck_assert_int_eq(ret, SEC_I_CONTINUE_NEEDED);
    ib[0] = cb;
    ib[1].pvBuffer = &sbind;
    sb.BufferType = SECBUFFER_TOKEN;
    sb.cbBuffer = sizeof(st);
    sb.pvBuffer = st;
    ck_assert_int_eq(AcceptSecurityContext(&sc, NULL, &id, 0, 0, &sx, &sd,
                                           &attr, &exp),
                     SEC_I_CONTINUE_NEEDED);
    ib[0] = sb;
    ib[1].pvBuffer = &cbind;
    cb.cbBuffer = sizeof(ct);
    /* NTLM completes here; SPNEGO waits for the acceptor's mechListMIC */
    ret = InitializeSecurityContextA(&cc, &cx, NULL, 0, 0, 0, &id, 0, &cx,
                                     &cd, &attr, &exp);
    ck_assert_int_eq(ret, strcmp(pkg, "NTLM") == 0 ? SEC_E_OK :
                     SEC_I_CONTINUE_NEEDED);
    ib[0] = cb;
    ib[1].pvBuffer = &sbind;
    sb.cbBuffer = sizeof(st);
    ret = AcceptSecurityContext(&sc, &sx, &id, 0, 0, &sx, &sd, &attr, &exp);
    DeleteSecurityContext(&cx);
    DeleteSecurityContext(&sx);
    FreeCredentialsHandle(&cc);
    FreeCredentialsHandle(&sc);
    return ret;
}

static SECURITY_STATUS
bound_handshake(const char *capp, const char *sapp)
{
    return bound_handshake_pkg("NTLM", capp, sapp);
}

START_TEST(t_channel_bindings)
{
    ck_assert_int_eq(bound_handshake("tls-server-end-point:abc",
                                     "tls-server-end-point:abc"), SEC_E_OK);
    /* gss-ntlmssp reports a mismatch as a defective token */
    if (test_ours())
        ck_assert_int_eq(bound_handshake("tls-server-end-point:abc",
                                         "tls-server-end-point:xyz"),
                         SEC_E_BAD_BINDINGS);
    else
        ck_assert_int_ne(bound_handshake("tls-server-end-point:abc",
                                         "tls-server-end-point:xyz"),
                         SEC_E_OK);
}
END_TEST

/*
 * Precise statuses through Negotiate.  Under SPNEGO, libgssapi renumbers
 * the mechanism's minor codes (the mechglue's error map), so the shim
 * recognises ntlmgss' codes by their gss_display_status text.
 */
START_TEST(t_negotiate_unknown_user)
{
    bad_login("Negotiate", "mallory", "whatever");
}
END_TEST

START_TEST(t_negotiate_channel_bindings)
{
    if (!test_ours()) {
        test_skip_other("negotiate_channel_bindings",
                        "it reports a mismatch as a defective token");
        return;
    }
    ck_assert_int_eq(bound_handshake_pkg("Negotiate",
                                         "tls-server-end-point:abc",
                                         "tls-server-end-point:abc"),
                     SEC_E_OK);
    ck_assert_int_eq(bound_handshake_pkg("Negotiate",
                                         "tls-server-end-point:abc",
                                         "tls-server-end-point:xyz"),
                     SEC_E_BAD_BINDINGS);
}
END_TEST

/* A configuration of our mechanism with extra lines (ntlmgss only). */
static void
ours_config(const char *extra)
{
    const char *dir = getenv("SSPI_TEST_DIR");
    char path[4096];
    FILE *f;

    ck_assert_ptr_nonnull(dir);
    snprintf(path, sizeof(path), "%s/ntlmgss-%d.conf", dir, (int)getpid());
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "netbios_computer = TESTSRV\nnetbios_domain = TESTDOM\n"
            "dns_computer = testsrv.example.test\n"
            "dns_domain = example.test\n%s\n", extra);
    fclose(f);
    setenv("NTLMGSS_CONFIG", path, 1);
}

/* Target name refused by the acceptor's policy: SEC_E_WRONG_PRINCIPAL
 * through NTLM and through Negotiate (a GSS_S_FAILURE whose minor only
 * the text identifies under SPNEGO). */
static SECURITY_STATUS
target_login(const char *pkg, const char *target)
{
    struct test_pair p;
    SECURITY_STATUS ret;

    memset(&p, 0, sizeof(p));
    ck_assert_int_eq(test_client_cred(pkg, TEST_USER, TEST_PASSWORD,
                                      &p.ccred), SEC_E_OK);
    ck_assert_int_eq(test_server_cred(pkg, &p.scred), SEC_E_OK);
    ret = test_loop(&p, 0, 0, target);
    test_pair_free(&p);
    return ret;
}

START_TEST(t_negotiate_target_mismatch)
{
    if (!test_ours()) {
        test_skip_other("negotiate_target_mismatch",
                        "target_policy is a setting of ntlmgss");
        return;
    }
    ours_config("target_policy = require");
    ck_assert_int_eq(target_login("NTLM", "HTTP/elsewhere.invalid"),
                     SEC_E_WRONG_PRINCIPAL);
    ck_assert_int_eq(target_login("Negotiate", "HTTP/elsewhere.invalid"),
                     SEC_E_WRONG_PRINCIPAL);
    ck_assert_int_eq(target_login("Negotiate", "HTTP/testsrv.example.test"),
                     SEC_E_OK);
}
END_TEST

START_TEST(t_export_import)
{
    struct test_pair p;
    SecBuffer packed;
    CtxtHandle imported;
    char msg[] = "exported context";
    unsigned char trailer[16];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    void *tok = (void *)1;

    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_CONFIDENTIALITY,
                                    0), SEC_E_OK);
    ck_assert_int_eq(ExportSecurityContext(&p.sctx,
                                           SECPKG_CONTEXT_EXPORT_DELETE_OLD,
                                           &packed, &tok), SEC_E_OK);
    ck_assert_ptr_null(tok);
    p.have_sctx = 0;
    ck_assert_int_eq(ImportSecurityContextA("NTLM", &packed, NULL,
                                            &imported), SEC_E_OK);
    FreeContextBuffer(packed.pvBuffer);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = sizeof(trailer);
    b[0].pvBuffer = trailer;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = sizeof(msg);
    b[1].pvBuffer = msg;
    ck_assert_int_eq(EncryptMessage(&p.cctx, 0, &d, 0), SEC_E_OK);
    ck_assert_int_eq(DecryptMessage(&imported, &d, 0, NULL), SEC_E_OK);
    ck_assert_str_eq(msg, "exported context");
    DeleteSecurityContext(&imported);
    test_pair_free(&p);
}
END_TEST

START_TEST(t_misc_context_calls)
{
    struct test_pair p;
    void *token = (void *)1;

    ck_assert_int_eq(test_handshake(&p, "NTLM", 0, 0), SEC_E_OK);
    ck_assert_int_eq(CompleteAuthToken(&p.sctx, NULL), SEC_E_OK);
    ck_assert_int_eq(ImpersonateSecurityContext(&p.sctx),
                     SEC_E_UNSUPPORTED_FUNCTION);
    ck_assert_int_eq(RevertSecurityContext(&p.sctx),
                     SEC_E_UNSUPPORTED_FUNCTION);
    ck_assert_int_eq(QuerySecurityContextToken(&p.sctx, &token),
                     SEC_E_UNSUPPORTED_FUNCTION);
    ck_assert_ptr_null(token);
    ck_assert_int_eq(ApplyControlToken(&p.sctx, NULL),
                     SEC_E_UNSUPPORTED_FUNCTION);
    test_pair_free(&p);
}
END_TEST

Suite *
handshake_suite(void)
{
    Suite *s = suite_create("handshake");
    TCase *tc = tcase_create("handshake");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, t_ntlm_legs);
    tcase_add_test(tc, t_negotiate_ntlm);
    tcase_add_test(tc, t_wrong_password);
    tcase_add_test(tc, t_unknown_user);
    tcase_add_test(tc, t_negotiate_wrong_password);
    tcase_add_test(tc, t_negotiate_unknown_user);
    tcase_add_test(tc, t_negotiate_channel_bindings);
    tcase_add_test(tc, t_negotiate_target_mismatch);
    tcase_add_test(tc, t_allocate_memory);
    tcase_add_test(tc, t_kept_token);
    tcase_add_test(tc, t_names);
    tcase_add_test(tc, t_lifespan_flags);
    tcase_add_test(tc, t_wide_api);
    tcase_add_test(tc, t_channel_bindings);
    tcase_add_test(tc, t_export_import);
    tcase_add_test(tc, t_misc_context_calls);
    suite_add_tcase(s, tc);
    return s;
}
