/*
 * kerberos_test.c - driven by kerberos.sh with a live KDC: the Kerberos
 * package (explicit identity -> in-memory TGT, keytab acceptor), message
 * protection both ways, names, SIZES; Negotiate picking Kerberos; a wrong
 * password giving SEC_E_LOGON_DENIED.
 */
#include <stdio.h>
#include <string.h>

#define SECURITY_WIN32
#include <security.h>

static int failures;

#define CHECK(cond) do { \
    if (!(cond)) { \
        fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                #cond); \
        failures++; \
    } \
} while (0)
#define CHECK_STATUS(expr, want) do { \
    SECURITY_STATUS s_ = (expr); \
    if (s_ != (want)) { \
        fprintf(stderr, "%s:%d: %s = 0x%08x, want 0x%08x\n", __FILE__, \
                __LINE__, #expr, (unsigned)s_, (unsigned)(want)); \
        failures++; \
    } \
} while (0)

static SECURITY_STATUS
handshake(const char *pkg, const char *password, CredHandle *cc,
          CredHandle *sc, CtxtHandle *cx, CtxtHandle *sx, int *have)
{
    SEC_WINNT_AUTH_IDENTITY_A id;
    static unsigned char ct[48256], st[48256];
    SecBuffer cb, sb, ib;
    SecBufferDesc cd = { SECBUFFER_VERSION, 1, &cb };
    SecBufferDesc sd = { SECBUFFER_VERSION, 1, &sb };
    SecBufferDesc idd = { SECBUFFER_VERSION, 1, &ib };
    SECURITY_STATUS cs, ss = SEC_I_CONTINUE_NEEDED;
    ULONG attr;
    TimeStamp exp;
    int first = 1, rounds = 0;

    *have = 0;
    memset(&id, 0, sizeof(id));
    id.User = (unsigned char *)"alice";
    id.UserLength = 5;
    id.Domain = (unsigned char *)"SSPI.TEST";
    id.DomainLength = 9;
    id.Password = (unsigned char *)password;
    id.PasswordLength = (ULONG)strlen(password);
    id.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
    cs = AcquireCredentialsHandleA(NULL, (SEC_CHAR *)pkg,
                                   SECPKG_CRED_OUTBOUND, NULL, &id, NULL,
                                   NULL, cc, &exp);
    if (cs != SEC_E_OK)
        return cs;
    cs = AcquireCredentialsHandleA(NULL, (SEC_CHAR *)pkg,
                                   SECPKG_CRED_INBOUND, NULL, NULL, NULL,
                                   NULL, sc, &exp);
    if (cs != SEC_E_OK)
        return cs;
    sb.cbBuffer = 0;
    for (;;) {
        cb.BufferType = SECBUFFER_TOKEN;
        cb.cbBuffer = sizeof(ct);
        cb.pvBuffer = ct;
        ib.BufferType = SECBUFFER_TOKEN;
        ib.cbBuffer = sb.cbBuffer;
        ib.pvBuffer = st;
        cs = InitializeSecurityContextA(cc, first ? NULL : cx,
                                        (SEC_CHAR *)"HTTP/localhost",
                                        ISC_REQ_MUTUAL_AUTH |
                                        ISC_REQ_CONFIDENTIALITY |
                                        ISC_REQ_INTEGRITY, 0, 0,
                                        first ? NULL : &idd, 0, cx, &cd,
                                        &attr, &exp);
        if (first && cs >= 0)
            *have |= 1;
        first = 0;
        if (cs < 0)
            return cs;
        if (cb.cbBuffer == 0 && ss == SEC_E_OK)
            break;
        if (cb.cbBuffer == 0)
            break;
        ib.cbBuffer = cb.cbBuffer;
        ib.pvBuffer = ct;
        sb.BufferType = SECBUFFER_TOKEN;
        sb.cbBuffer = sizeof(st);
        sb.pvBuffer = st;
        ss = AcceptSecurityContext(sc, (*have & 2) ? sx : NULL, &idd, 0, 0,
                                   sx, &sd, &attr, &exp);
        if (ss >= 0)
            *have |= 2;
        if (ss < 0)
            return ss;
        if (cs == SEC_E_OK && ss == SEC_E_OK)
            break;
        if (cs == SEC_E_OK && sb.cbBuffer == 0)
            break;
        if (++rounds > 5)
            return SEC_E_INTERNAL_ERROR;
    }
    return (cs == SEC_E_OK && ss == SEC_E_OK) ? SEC_E_OK
                                              : SEC_E_INTERNAL_ERROR;
}

static void
seal(CtxtHandle *from, CtxtHandle *to, const char *text)
{
    char msg[64];
    unsigned char tok[64];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    SecPkgContext_Sizes sz;
    ULONG qop = 0xdeadbeef;

    CHECK_STATUS(QueryContextAttributesA(from, SECPKG_ATTR_SIZES, &sz),
                 SEC_E_OK);
    strcpy(msg, text);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = sz.cbSecurityTrailer;
    b[0].pvBuffer = tok;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = (ULONG)strlen(text) + 1;
    b[1].pvBuffer = msg;
    CHECK_STATUS(EncryptMessage(from, 0, &d, 0), SEC_E_OK);
    CHECK(strcmp(msg, text) != 0);
    CHECK_STATUS(DecryptMessage(to, &d, 0, &qop), SEC_E_OK);
    CHECK(strcmp(msg, text) == 0);
    CHECK(qop == 0);
    b[0].BufferType = SECBUFFER_DATA;
    b[0].cbBuffer = (ULONG)strlen(text) + 1;
    b[0].pvBuffer = msg;
    b[1].BufferType = SECBUFFER_TOKEN;
    b[1].cbBuffer = sz.cbMaxSignature;
    b[1].pvBuffer = tok;
    CHECK_STATUS(MakeSignature(from, 0, &d, 0), SEC_E_OK);
    CHECK_STATUS(VerifySignature(to, &d, 0, &qop), SEC_E_OK);
    msg[0] ^= 1;
    CHECK_STATUS(VerifySignature(to, &d, 0, &qop), SEC_E_MESSAGE_ALTERED);
}

static void
run(const char *pkg)
{
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    SecPkgContext_NamesA names;
    SecPkgContext_NegotiationInfoA ni;
    int have;

    printf("== %s\n", pkg);
    CHECK_STATUS(handshake(pkg, "S3cret!pw", &cc, &sc, &cx, &sx, &have),
                 SEC_E_OK);
    if (failures != 0)
        return;
    CHECK_STATUS(QueryContextAttributesA(&sx, SECPKG_ATTR_NAMES, &names),
                 SEC_E_OK);
    if (failures != 0)
        return;
    CHECK(strcmp(names.sUserName, "alice@SSPI.TEST") == 0);
    printf("server sees %s\n", names.sUserName);
    FreeContextBuffer(names.sUserName);
    CHECK_STATUS(QueryContextAttributesA(&cx, SECPKG_ATTR_NEGOTIATION_INFO,
                                         &ni), SEC_E_OK);
    if (failures != 0)
        return;
    CHECK(strcmp(ni.PackageInfo->Name, "Kerberos") == 0);
    printf("negotiated %s\n", ni.PackageInfo->Name);
    FreeContextBuffer(ni.PackageInfo);
    seal(&cx, &sx, "client to server");
    seal(&sx, &cx, "server to client");
    CHECK_STATUS(DeleteSecurityContext(&cx), SEC_E_OK);
    CHECK_STATUS(DeleteSecurityContext(&sx), SEC_E_OK);
    CHECK_STATUS(FreeCredentialsHandle(&cc), SEC_E_OK);
    CHECK_STATUS(FreeCredentialsHandle(&sc), SEC_E_OK);
}

int
main(void)
{
    CredHandle cc, sc;
    CtxtHandle cx, sx;
    int have;

    run("Kerberos");
    run("Negotiate");
    printf("== wrong password\n");
    CHECK_STATUS(handshake("Kerberos", "wrong", &cc, &sc, &cx, &sx, &have),
                 SEC_E_LOGON_DENIED);
    if (have & 1)
        DeleteSecurityContext(&cx);
    FreeCredentialsHandle(&cc);
    FreeCredentialsHandle(&sc);
    printf("%s\n", failures ? "FAIL" : "PASS");
    return failures ? 1 : 0;
}
