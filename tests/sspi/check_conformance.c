/* check_conformance.c - Windows' NTLM SSPI behaviour, one test per item of
 * sspi-reference §5 (named t_itemNN).  Items 15, 21 are also in
 * check_handshake.c, items 22-27 in check_message.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sspi_test.h"

#define NTLM_BASE_CAPS      0x00002B37u
#define NEGOTIATE_BASE_CAPS 0x00003BB3u
#define CAPS_OPTIONAL       (SECPKG_FLAG_READONLY_WITH_CHECKSUM | \
                             SECPKG_FLAG_RESTRICTED_TOKENS | \
                             SECPKG_FLAG_APPCONTAINER_CHECKS | \
                             SECPKG_FLAG_APPLY_LOOPBACK)

/* 1: QuerySecurityPackageInfo("NTLM"); unknown package. */
START_TEST(t_item01_package_info)
{
    PSecPkgInfoA info = NULL, untouched = (PSecPkgInfoA)0x1234;

    ck_assert_int_eq(QuerySecurityPackageInfoA("NTLM", &info), SEC_E_OK);
    ck_assert_uint_eq(info->wVersion, 1);
    ck_assert_uint_eq(info->wRPCID, RPC_C_AUTHN_WINNT);
    ck_assert_uint_eq(info->cbMaxToken, 2888);
    ck_assert_uint_eq(info->fCapabilities & ~CAPS_OPTIONAL, NTLM_BASE_CAPS);
    ck_assert_str_eq(info->Name, "NTLM");
    ck_assert_str_eq(info->Comment, "NTLM Security Package");
    ck_assert_int_eq(FreeContextBuffer(info), SEC_E_OK);
    ck_assert_int_eq(QuerySecurityPackageInfoA("Winetest", &untouched),
                     SEC_E_SECPKG_NOT_FOUND);
    ck_assert_ptr_eq(untouched, (PSecPkgInfoA)0x1234);
}
END_TEST

/* 2: EnumerateSecurityPackagesA/W, one block. */
START_TEST(t_item02_enumerate)
{
    PSecPkgInfoA a = NULL;
    PSecPkgInfoW w = NULL;
    ULONG n = 0, nw = 0, i;
    int found = 0;

    ck_assert_int_eq(EnumerateSecurityPackagesA(&n, &a), SEC_E_OK);
    ck_assert_uint_gt(n, 0);
    ck_assert_ptr_nonnull(a);
    for (i = 0; i < n; i++)
        found |= strcmp(a[i].Name, "NTLM") == 0;
    ck_assert(found);
    ck_assert_int_eq(FreeContextBuffer(a), SEC_E_OK);
    ck_assert_int_eq(EnumerateSecurityPackagesW(&nw, &w), SEC_E_OK);
    ck_assert_uint_eq(nw, n);
    ck_assert_uint_eq(w[0].Name[0], 'N');
    ck_assert_int_eq(FreeContextBuffer(w), SEC_E_OK);
}
END_TEST

/* 3: function tables. */
START_TEST(t_item03_interface)
{
    PSecurityFunctionTableA ta = InitSecurityInterfaceA();
    PSecurityFunctionTableW tw = InitSecurityInterfaceW();

    ck_assert_ptr_nonnull(ta);
    ck_assert_ptr_nonnull(tw);
    ck_assert_uint_eq(ta->dwVersion, 1);
    ck_assert_uint_eq(tw->dwVersion, 1);
    ck_assert_ptr_null(ta->Reserved2);
    ck_assert_ptr_null(tw->Reserved2);
    ck_assert_ptr_eq(ta->Reserved3, (void *)EncryptMessage);
    ck_assert_ptr_eq(ta->Reserved4, (void *)DecryptMessage);
    ck_assert_ptr_eq(tw->Reserved3, (void *)EncryptMessage);
    ck_assert_ptr_eq(tw->Reserved4, (void *)DecryptMessage);
    ck_assert_ptr_eq((void *)ta->AcquireCredentialsHandleA,
                     (void *)AcquireCredentialsHandleA);
    ck_assert_ptr_eq((void *)tw->InitializeSecurityContextW,
                     (void *)InitializeSecurityContextW);
    ck_assert_ptr_nonnull(ta->SetContextAttributesA);
}
END_TEST

/* 4: ACH with identities that Windows accepts without validation. */
static const struct {
    const char *user, *domain, *password;
} ids[] = {
    { TEST_USER, TEST_DOMAIN, TEST_PASSWORD },
    { TEST_USER, "", TEST_PASSWORD },          /* DomainLength 0 */
    { TEST_USER, NULL, TEST_PASSWORD },        /* Domain NULL */
    { NULL, TEST_DOMAIN, TEST_PASSWORD },      /* User NULL */
    { TEST_USER, TEST_DOMAIN, NULL },          /* Password NULL */
};

START_TEST(t_item04_identities_a)
{
    SEC_WINNT_AUTH_IDENTITY_A id;
    CredHandle cred;
    TimeStamp exp;

    test_identity(&id, ids[_i].user, ids[_i].domain, ids[_i].password);
    ck_assert_int_eq(AcquireCredentialsHandleA(NULL, "NTLM",
                                               SECPKG_CRED_OUTBOUND, NULL,
                                               &id, NULL, NULL, &cred,
                                               &exp), SEC_E_OK);
    ck_assert_int_eq(FreeCredentialsHandle(&cred), SEC_E_OK);
}
END_TEST

static unsigned short *
wide(const char *s, ULONG *len)
{
    unsigned short *w;
    size_t i, n;

    *len = 0;
    if (s == NULL)
        return NULL;
    n = strlen(s);
    w = calloc(n + 1, sizeof(*w));
    for (i = 0; i < n; i++)
        w[i] = (unsigned char)s[i];
    *len = (ULONG)n;
    return w;
}

START_TEST(t_item04_identities_w)
{
    static SEC_WCHAR ntlm[] = { 'N', 'T', 'L', 'M', 0 };
    static unsigned short empty[] = { 0 };
    SEC_WINNT_AUTH_IDENTITY_W id;
    CredHandle cred;
    TimeStamp exp;

    memset(&id, 0, sizeof(id));
    id.User = wide(ids[_i].user, &id.UserLength);
    id.Domain = wide(ids[_i].domain, &id.DomainLength);
    id.Password = wide(ids[_i].password, &id.PasswordLength);
    if (id.Password == NULL)
        id.Password = empty;    /* non-NULL, PasswordLength 0 */
    id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
    ck_assert_int_eq(AcquireCredentialsHandleW(NULL, ntlm,
                                               SECPKG_CRED_OUTBOUND, NULL,
                                               &id, NULL, NULL, &cred,
                                               &exp), SEC_E_OK);
    ck_assert_int_eq(FreeCredentialsHandle(&cred), SEC_E_OK);
    free(id.User);
    free(id.Domain);
    if (id.Password != empty)
        free(id.Password);
}
END_TEST

/* 4 (cont.): the W function also takes an ANSI-flagged identity, and the
 * EX form; and the EX identity works for a full handshake. */
START_TEST(t_item04_ansi_in_w_and_ex)
{
    static SEC_WCHAR ntlm[] = { 'N', 'T', 'L', 'M', 0 };
    SEC_WINNT_AUTH_IDENTITY_A id;
    SEC_WINNT_AUTH_IDENTITY_EXA ex;
    struct test_pair p;
    TimeStamp exp;

    test_identity(&id, TEST_USER, TEST_DOMAIN, TEST_PASSWORD);
    ck_assert_int_eq(AcquireCredentialsHandleW(NULL, ntlm,
                                               SECPKG_CRED_OUTBOUND, NULL,
                                               &id, NULL, NULL, &p.ccred,
                                               &exp), SEC_E_OK);
    ck_assert_int_eq(FreeCredentialsHandle(&p.ccred), SEC_E_OK);

    memset(&p, 0, sizeof(p));
    memset(&ex, 0, sizeof(ex));
    ex.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
    ex.Length = sizeof(ex);
    ex.User = (unsigned char *)TEST_USER;
    ex.UserLength = (ULONG)strlen(TEST_USER);
    ex.Domain = (unsigned char *)TEST_DOMAIN;
    ex.DomainLength = (ULONG)strlen(TEST_DOMAIN);
    ex.Password = (unsigned char *)TEST_PASSWORD;
    ex.PasswordLength = (ULONG)strlen(TEST_PASSWORD);
    ex.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
    ck_assert_int_eq(AcquireCredentialsHandleA(NULL, "NTLM",
                                               SECPKG_CRED_OUTBOUND, NULL,
                                               &ex, NULL, NULL, &p.ccred,
                                               &exp), SEC_E_OK);
    ck_assert_int_eq(test_server_cred("NTLM", &p.scred), SEC_E_OK);
    ck_assert_int_eq(test_loop(&p, 0, 0, NULL), SEC_E_OK);
    test_pair_free(&p);
}
END_TEST

/* 5: no auth data = default credentials; ISC continues. */
START_TEST(t_item05_null_auth_data)
{
    CredHandle cred;
    CtxtHandle ctx;
    unsigned char buf[TOKEN_MAX];
    SecBuffer out = { sizeof(buf), SECBUFFER_TOKEN, buf };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &out };
    ULONG attr;
    TimeStamp exp;
    SECURITY_STATUS ret;

    ret = AcquireCredentialsHandleA(NULL, "NTLM", SECPKG_CRED_OUTBOUND,
                                    NULL, NULL, NULL, NULL, &cred, &exp);
    if (ret == SEC_E_NO_CREDENTIALS && !test_ours()) {
        test_skip_other("item05_null_auth_data",
                        "it finds no default user in the user file");
        return;
    }
    ck_assert_int_eq(ret, SEC_E_OK);
    ck_assert_int_eq(InitializeSecurityContextA(&cred, NULL, "localhost",
                                                0, 0, 0, NULL, 0, &ctx,
                                                &od, &attr, &exp),
                     SEC_I_CONTINUE_NEEDED);
    DeleteSecurityContext(&ctx);
    FreeCredentialsHandle(&cred);
}
END_TEST

/* 6: one credential drives two contexts at once. */
START_TEST(t_item06_cred_multiple_use)
{
    CredHandle cred;
    CtxtHandle c1, c2;
    unsigned char b1[TOKEN_MAX], b2[TOKEN_MAX];
    SecBuffer o1 = { sizeof(b1), SECBUFFER_TOKEN, b1 };
    SecBuffer o2 = { sizeof(b2), SECBUFFER_TOKEN, b2 };
    SecBufferDesc d1 = { SECBUFFER_VERSION, 1, &o1 };
    SecBufferDesc d2 = { SECBUFFER_VERSION, 1, &o2 };
    ULONG attr;
    TimeStamp exp;

    ck_assert_int_eq(test_client_cred("NTLM", TEST_USER, TEST_PASSWORD,
                                      &cred), SEC_E_OK);
    ck_assert_int_eq(InitializeSecurityContextA(&cred, NULL, "localhost",
                                                0, 0, 0, NULL, 0, &c1, &d1,
                                                &attr, &exp),
                     SEC_I_CONTINUE_NEEDED);
    ck_assert_int_eq(InitializeSecurityContextA(&cred, NULL, "localhost",
                                                0, 0, 0, NULL, 0, &c2, &d2,
                                                &attr, &exp),
                     SEC_I_CONTINUE_NEEDED);
    ck_assert_int_eq(DeleteSecurityContext(&c1), SEC_E_OK);
    ck_assert_int_eq(DeleteSecurityContext(&c2), SEC_E_OK);
    ck_assert_int_eq(FreeCredentialsHandle(&cred), SEC_E_OK);
}
END_TEST

/* 7-11: first ISC leg output buffer handling, NATIVE and NETWORK rep. */
static SECURITY_STATUS
first_leg(PSecBufferDesc out, ULONG drep, CtxtHandle *ctx)
{
    CredHandle cred;
    ULONG attr;
    TimeStamp exp;
    SECURITY_STATUS ret;

    ck_assert_int_eq(test_client_cred("NTLM", TEST_USER, TEST_PASSWORD,
                                      &cred), SEC_E_OK);
    memset(ctx, 0, sizeof(*ctx));
    ret = InitializeSecurityContextA(&cred, NULL, "localhost", 0, 0, drep,
                                     NULL, 0, ctx, out, &attr, &exp);
    FreeCredentialsHandle(&cred);
    return ret;
}

static const ULONG dreps[] = { SECURITY_NATIVE_DREP,
                               SECURITY_NETWORK_DREP };

START_TEST(t_item07_no_output)
{
    CtxtHandle ctx;

    ck_assert_int_eq(first_leg(NULL, dreps[_i], &ctx),
                     SEC_E_BUFFER_TOO_SMALL);
    /* no context was created */
    ck_assert_int_eq(DeleteSecurityContext(&ctx), SEC_E_INVALID_HANDLE);
}
END_TEST

START_TEST(t_item08_null_pvbuffer)
{
    SecBuffer b = { 2888, SECBUFFER_TOKEN, NULL };
    SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
    CtxtHandle ctx;

    ck_assert_int_eq(first_leg(&d, dreps[_i], &ctx), SEC_E_INTERNAL_ERROR);
}
END_TEST

START_TEST(t_item09_zero_cbbuffer)
{
    unsigned char buf[16];
    SecBuffer b = { 0, SECBUFFER_TOKEN, buf };
    SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
    CtxtHandle ctx;

    ck_assert_int_eq(first_leg(&d, dreps[_i], &ctx),
                     SEC_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(b.cbBuffer, 0);
}
END_TEST

START_TEST(t_item10_data_typed)
{
    unsigned char buf[2888];
    SecBuffer b = { sizeof(buf), SECBUFFER_DATA, buf };
    SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
    CtxtHandle ctx;

    ck_assert_int_eq(first_leg(&d, dreps[_i], &ctx),
                     SEC_E_BUFFER_TOO_SMALL);
}
END_TEST

START_TEST(t_item11_success)
{
    unsigned char buf[2888];
    SecBuffer b = { sizeof(buf), SECBUFFER_TOKEN, buf };
    SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
    CtxtHandle ctx;

    ck_assert_int_eq(first_leg(&d, dreps[_i], &ctx),
                     SEC_I_CONTINUE_NEEDED);
    ck_assert_uint_eq(b.BufferType, SECBUFFER_TOKEN);
    ck_assert_uint_lt(b.cbBuffer, 2888);
    ck_assert_uint_gt(b.cbBuffer, 12);
    ck_assert_int_eq(memcmp(buf, "NTLMSSP\0", 8), 0);
    ck_assert_int_eq(DeleteSecurityContext(&ctx), SEC_E_OK);
}
END_TEST

/* 12-14: NEGOTIATE message SIGN (0x10) / SEAL (0x20) bits of byte 12. */
static const struct {
    ULONG req;
    int sign, seal;
} neg_flags[] = {
    { 0, 0, 0 },
    { ISC_REQ_CONNECTION, 0, 0 },
    { ISC_REQ_EXTENDED_ERROR, 0, 0 },
    { ISC_REQ_MUTUAL_AUTH, 0, 0 },
    { ISC_REQ_USE_DCE_STYLE, 0, 0 },
    { ISC_REQ_DELEGATE, 0, 0 },
    { ISC_REQ_INTEGRITY, 1, 0 },
    { ISC_REQ_REPLAY_DETECT, 1, 0 },
    { ISC_REQ_SEQUENCE_DETECT, 1, 0 },
    { ISC_REQ_CONFIDENTIALITY, -1, 1 },
};

START_TEST(t_item12_14_negotiate_flags)
{
    unsigned char buf[2888];
    SecBuffer b = { sizeof(buf), SECBUFFER_TOKEN, buf };
    SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
    CredHandle cred;
    CtxtHandle ctx;
    ULONG attr;
    TimeStamp exp;

    if (!test_ours() && neg_flags[_i].sign == 0) {
        test_skip_other("item12_14_negotiate_flags",
                        "it always asks for SIGN");
        return;
    }
    ck_assert_int_eq(test_client_cred("NTLM", TEST_USER, TEST_PASSWORD,
                                      &cred), SEC_E_OK);
    ck_assert_int_eq(InitializeSecurityContextA(&cred, NULL, "localhost",
                                                neg_flags[_i].req, 0, 0,
                                                NULL, 0, &ctx, &d, &attr,
                                                &exp),
                     SEC_I_CONTINUE_NEEDED);
    if (neg_flags[_i].sign >= 0)
        ck_assert_int_eq((buf[12] & 0x10) != 0, neg_flags[_i].sign);
    ck_assert_int_eq((buf[12] & 0x20) != 0, neg_flags[_i].seal);
    ck_assert_int_eq(DeleteSecurityContext(&ctx), SEC_E_OK);
    ck_assert_int_eq(FreeCredentialsHandle(&cred), SEC_E_OK);
}
END_TEST

/* 16-20 after a real handshake. */
START_TEST(t_item16_sizes)
{
    struct test_pair p;
    SecPkgContext_Sizes s;

    ck_assert_int_eq(test_handshake(&p, "NTLM", 0, 0), SEC_E_OK);
    memset(&s, 0xde, sizeof(s));
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx, SECPKG_ATTR_SIZES,
                                             &s), SEC_E_OK);
    ck_assert_uint_eq(s.cbMaxToken, 2888);
    ck_assert_uint_eq(s.cbMaxSignature, 16);
    ck_assert_uint_eq(s.cbSecurityTrailer, 16);
    ck_assert_uint_eq(s.cbBlockSize, 0);
    test_pair_free(&p);
}
END_TEST

START_TEST(t_item17_stream_sizes)
{
    struct test_pair p;
    SecPkgContext_StreamSizes s;

    ck_assert_int_eq(test_handshake(&p, "NTLM", 0, 0), SEC_E_OK);
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx,
                                             SECPKG_ATTR_STREAM_SIZES, &s),
                     SEC_E_UNSUPPORTED_FUNCTION);
    test_pair_free(&p);
}
END_TEST

START_TEST(t_item18_key_info)
{
    struct test_pair p;
    SecPkgContext_KeyInfoA k;
    SecPkgContext_KeyInfoW kw;

    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_CONFIDENTIALITY,
                                    0), SEC_E_OK);
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx, SECPKG_ATTR_KEY_INFO,
                                             &k), SEC_E_OK);
    ck_assert_str_eq(k.sSignatureAlgorithmName, "HMAC-MD5");
    ck_assert_uint_eq(k.SignatureAlgorithm, 0xFFFFFF76);
    ck_assert_str_eq(k.sEncryptAlgorithmName, "RSADSI RC4");
    ck_assert_uint_eq(k.KeySize, 128);
    ck_assert_uint_eq(k.EncryptAlgorithm, CALG_RC4);
    ck_assert_int_eq(FreeContextBuffer(k.sSignatureAlgorithmName),
                     SEC_E_OK);
    ck_assert_int_eq(FreeContextBuffer(k.sEncryptAlgorithmName), SEC_E_OK);
    ck_assert_int_eq(QueryContextAttributesW(&p.sctx, SECPKG_ATTR_KEY_INFO,
                                             &kw), SEC_E_OK);
    ck_assert_uint_eq(kw.sSignatureAlgorithmName[0], 'H');
    ck_assert_uint_eq(kw.sEncryptAlgorithmName[0], 'R');
    FreeContextBuffer(kw.sSignatureAlgorithmName);
    FreeContextBuffer(kw.sEncryptAlgorithmName);
    test_pair_free(&p);
}
END_TEST

START_TEST(t_item19_session_key)
{
    struct test_pair p;
    SecPkgContext_SessionKey c, s;

    ck_assert_int_eq(test_handshake(&p, "NTLM", 0, 0), SEC_E_OK);
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx,
                                             SECPKG_ATTR_SESSION_KEY, &c),
                     SEC_E_OK);
    ck_assert_int_eq(QueryContextAttributesA(&p.sctx,
                                             SECPKG_ATTR_SESSION_KEY, &s),
                     SEC_E_OK);
    ck_assert_uint_ne(c.SessionKeyLength, 0);
    ck_assert_ptr_nonnull(c.SessionKey);
    ck_assert_uint_eq(c.SessionKeyLength, s.SessionKeyLength);
    ck_assert_int_eq(memcmp(c.SessionKey, s.SessionKey, c.SessionKeyLength),
                     0);
    ck_assert_int_eq(FreeContextBuffer(c.SessionKey), SEC_E_OK);
    ck_assert_int_eq(FreeContextBuffer(s.SessionKey), SEC_E_OK);
    test_pair_free(&p);
}
END_TEST

START_TEST(t_item20_negotiation_info)
{
    struct test_pair p;
    SecPkgContext_NegotiationInfoA ni;

    ck_assert_int_eq(test_handshake(&p, "NTLM", 0, 0), SEC_E_OK);
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx,
                                             SECPKG_ATTR_NEGOTIATION_INFO,
                                             &ni), SEC_E_OK);
    ck_assert_uint_eq(ni.NegotiationState, SECPKG_NEGOTIATION_COMPLETE);
    ck_assert_uint_eq(ni.PackageInfo->fCapabilities & ~CAPS_OPTIONAL,
                      NTLM_BASE_CAPS);
    ck_assert_uint_eq(ni.PackageInfo->wVersion, 1);
    ck_assert_uint_eq(ni.PackageInfo->wRPCID, RPC_C_AUTHN_WINNT);
    ck_assert_str_eq(ni.PackageInfo->Name, "NTLM");
    /* Name and Comment live in the same allocation */
    ck_assert_ptr_eq(ni.PackageInfo->Name, (char *)(ni.PackageInfo + 1));
    ck_assert_int_eq(FreeContextBuffer(ni.PackageInfo), SEC_E_OK);
    test_pair_free(&p);
}
END_TEST

/* 23 + 24: MakeSignature on a context without SIGN gives the dummy
 * signature 01 00 00 00 + 12 zero bytes; VerifySignature accepts it and
 * rejects another, leaving pfQOP untouched. */
START_TEST(t_item23_24_dummy_signature)
{
    static const unsigned char dummy[16] = { 1 };
    struct test_pair p;
    char msg[] = "Hello, world!";
    unsigned char sig[16];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    SecPkgContext_Flags fl;
    ULONG qop = 0xdeadbeef;
    SECURITY_STATUS ret;

    ck_assert_int_eq(test_handshake(&p, "NTLM", 0, 0), SEC_E_OK);
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx, SECPKG_ATTR_FLAGS,
                                             &fl), SEC_E_OK);
    if (fl.Flags & ISC_RET_INTEGRITY) {
        /* the mechanism negotiated SIGN anyway (gss-ntlmssp) */
        ck_assert(!test_ours());
        test_skip_other("item23_24_dummy_signature",
                        "it negotiates SIGN anyway");
        test_pair_free(&p);
        return;
    }
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = sizeof(sig);
    b[0].pvBuffer = sig;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = (ULONG)strlen(msg);
    b[1].pvBuffer = msg;
    ret = MakeSignature(&p.cctx, 0, &d, 0);
    ck_assert_int_eq(ret, SEC_E_OK);
    ck_assert_mem_eq(sig, dummy, 16);
    ck_assert_int_eq(VerifySignature(&p.sctx, &d, 0, &qop), SEC_E_OK);
    ck_assert_uint_eq(qop, 0xdeadbeef);
    sig[5] = 0x42;
    ck_assert_int_eq(VerifySignature(&p.sctx, &d, 0, &qop),
                     SEC_E_MESSAGE_ALTERED);
    ck_assert_uint_eq(qop, 0xdeadbeef);
    /* the other direction, and the dummy again (no sequence in it) */
    b[0].cbBuffer = sizeof(sig);
    ck_assert_int_eq(MakeSignature(&p.sctx, 0, &d, 0), SEC_E_OK);
    ck_assert_mem_eq(sig, dummy, 16);
    ck_assert_int_eq(VerifySignature(&p.cctx, &d, 0, &qop), SEC_E_OK);
    ck_assert_int_eq(VerifySignature(&p.cctx, &d, 0, &qop), SEC_E_OK);
    test_pair_free(&p);
}
END_TEST

/* 24 (converse): a context that negotiated SIGN refuses the dummy. */
START_TEST(t_item24_dummy_refused_with_sign)
{
    static const unsigned char dummy[16] = { 1 };
    struct test_pair p;
    char msg[] = "Hello, world!";
    unsigned char sig[16];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    ULONG qop = 0xdeadbeef;

    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_INTEGRITY, 0),
                     SEC_E_OK);
    memcpy(sig, dummy, 16);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = sizeof(sig);
    b[0].pvBuffer = sig;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = (ULONG)strlen(msg);
    b[1].pvBuffer = msg;
    ck_assert_int_eq(VerifySignature(&p.sctx, &d, 0, &qop),
                     SEC_E_MESSAGE_ALTERED);
    ck_assert_int_eq(VerifySignature(&p.cctx, &d, 0, &qop),
                     SEC_E_MESSAGE_ALTERED);
    /* a real signature still verifies afterwards */
    ck_assert_int_eq(MakeSignature(&p.cctx, 0, &d, 0), SEC_E_OK);
    ck_assert(memcmp(sig, dummy, 16) != 0);
    ck_assert_int_eq(VerifySignature(&p.sctx, &d, 0, &qop), SEC_E_OK);
    test_pair_free(&p);
}
END_TEST

/* 25: sealing on a context that negotiated no SEAL. */
START_TEST(t_item25_seal_not_negotiated)
{
    struct test_pair p;
    char msg[] = "Hello, world!";
    unsigned char trailer[16];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    SECURITY_STATUS ret;

    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_INTEGRITY, 0),
                     SEC_E_OK);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = sizeof(trailer);
    b[0].pvBuffer = trailer;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = sizeof(msg);
    b[1].pvBuffer = msg;
    /* Windows Vista and later refuse (Wine's test run on Windows; XP
     * sealed anyway): the context negotiated no SEAL, and sending the
     * data in clear would silently drop the confidentiality asked for.
     * The data is left untouched. */
    ret = EncryptMessage(&p.cctx, 0, &d, 0);
    if (test_ours())
        ck_assert_int_eq(ret, SEC_E_UNSUPPORTED_FUNCTION);
    else
        ck_assert(ret == SEC_E_OK || ret == SEC_E_UNSUPPORTED_FUNCTION);
    if (ret == SEC_E_UNSUPPORTED_FUNCTION)
        ck_assert_str_eq(msg, "Hello, world!");
    /* signing still works on that context */
    b[0].cbBuffer = sizeof(trailer);
    ck_assert_int_eq(MakeSignature(&p.cctx, 0, &d, 0), SEC_E_OK);
    ck_assert_int_eq(VerifySignature(&p.sctx, &d, 0, NULL), SEC_E_OK);
    test_pair_free(&p);
}
END_TEST

/* 28: Negotiate package. */
START_TEST(t_item28_negotiate_info)
{
    PSecPkgInfoA info = NULL;

    ck_assert_int_eq(QuerySecurityPackageInfoA("Negotiate", &info),
                     SEC_E_OK);
    ck_assert_uint_eq(info->fCapabilities & ~CAPS_OPTIONAL,
                      NEGOTIATE_BASE_CAPS);
    ck_assert_uint_eq(info->wVersion, 1);
    ck_assert_uint_eq(info->wRPCID, RPC_C_AUTHN_GSS_NEGOTIATE);
    ck_assert_str_eq(info->Name, "Negotiate");
    FreeContextBuffer(info);
}
END_TEST

/* 29: a Negotiate handshake ends in NTLM; SIZES overwrite every field;
 * the client token stays SECBUFFER_TOKEN and shrinks to its size. */
START_TEST(t_item29_negotiate_ntlm)
{
    struct test_pair p;
    SecPkgContext_Sizes s;
    SecPkgContext_NegotiationInfoA ni;
    CtxtHandle ctx;
    unsigned char buf[TOKEN_MAX];
    SecBuffer b = { sizeof(buf), SECBUFFER_TOKEN, buf };
    SecBufferDesc d = { SECBUFFER_VERSION, 1, &b };
    ULONG attr;
    TimeStamp exp;

    ck_assert_int_eq(test_handshake(&p, "Negotiate", 0, 0), SEC_E_OK);
    memset(&s, 0xef, sizeof(s));
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx, SECPKG_ATTR_SIZES,
                                             &s), SEC_E_OK);
    ck_assert_uint_eq(s.cbMaxToken, 2888);
    ck_assert_uint_eq(s.cbMaxSignature, 16);
    ck_assert_uint_eq(s.cbSecurityTrailer, 16);
    ck_assert_uint_eq(s.cbBlockSize, 0);
    ck_assert_int_eq(QueryContextAttributesA(&p.cctx,
                                             SECPKG_ATTR_NEGOTIATION_INFO,
                                             &ni), SEC_E_OK);
    ck_assert_str_eq(ni.PackageInfo->Name, "NTLM");
    ck_assert_uint_eq(ni.NegotiationState, SECPKG_NEGOTIATION_COMPLETE);
    FreeContextBuffer(ni.PackageInfo);
    ck_assert_int_eq(InitializeSecurityContextA(&p.ccred, NULL, "localhost",
                                                0, 0, 0, NULL, 0, &ctx, &d,
                                                &attr, &exp),
                     SEC_I_CONTINUE_NEEDED);
    ck_assert_uint_eq(b.BufferType, SECBUFFER_TOKEN);
    ck_assert_uint_lt(b.cbBuffer, sizeof(buf));
    DeleteSecurityContext(&ctx);
    test_pair_free(&p);
}
END_TEST

Suite *
conformance_suite(void)
{
    Suite *s = suite_create("conformance");
    TCase *tc = tcase_create("windows-ntlm");
    int nid = (int)(sizeof(ids) / sizeof(ids[0]));
    int nflags = (int)(sizeof(neg_flags) / sizeof(neg_flags[0]));

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, t_item01_package_info);
    tcase_add_test(tc, t_item02_enumerate);
    tcase_add_test(tc, t_item03_interface);
    tcase_add_loop_test(tc, t_item04_identities_a, 0, nid);
    tcase_add_loop_test(tc, t_item04_identities_w, 0, nid);
    tcase_add_test(tc, t_item04_ansi_in_w_and_ex);
    tcase_add_test(tc, t_item05_null_auth_data);
    tcase_add_test(tc, t_item06_cred_multiple_use);
    tcase_add_loop_test(tc, t_item07_no_output, 0, 2);
    tcase_add_loop_test(tc, t_item08_null_pvbuffer, 0, 2);
    tcase_add_loop_test(tc, t_item09_zero_cbbuffer, 0, 2);
    tcase_add_loop_test(tc, t_item10_data_typed, 0, 2);
    tcase_add_loop_test(tc, t_item11_success, 0, 2);
    tcase_add_loop_test(tc, t_item12_14_negotiate_flags, 0, nflags);
    tcase_add_test(tc, t_item16_sizes);
    tcase_add_test(tc, t_item17_stream_sizes);
    tcase_add_test(tc, t_item18_key_info);
    tcase_add_test(tc, t_item19_session_key);
    tcase_add_test(tc, t_item20_negotiation_info);
    tcase_add_test(tc, t_item23_24_dummy_signature);
    tcase_add_test(tc, t_item24_dummy_refused_with_sign);
    tcase_add_test(tc, t_item25_seal_not_negotiated);
    tcase_add_test(tc, t_item28_negotiate_info);
    tcase_add_test(tc, t_item29_negotiate_ntlm);
    suite_add_tcase(s, tc);
    return s;
}
