/* helpers.c - shared helpers of the SSPI shim tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sspi_test.h"

int
test_ours(void)
{
    const char *mech = getenv("NTLMGSS_TEST_MECH_PATH");

    return mech != NULL && strstr(mech, "gssntlmssp") == NULL;
}

void
test_skip_other(const char *test, const char *why)
{
    fprintf(stderr, "SKIP: %s: not checked under gss-ntlmssp: %s\n", test,
            why);
}

void
test_identity(SEC_WINNT_AUTH_IDENTITY_A *id, const char *user,
              const char *domain, const char *password)
{
    memset(id, 0, sizeof(*id));
    id->User = (unsigned char *)user;
    id->UserLength = user ? (ULONG)strlen(user) : 0;
    id->Domain = (unsigned char *)domain;
    id->DomainLength = domain ? (ULONG)strlen(domain) : 0;
    id->Password = (unsigned char *)password;
    id->PasswordLength = password ? (ULONG)strlen(password) : 0;
    id->Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;
}

SECURITY_STATUS
test_client_cred(const char *pkg, const char *user, const char *password,
                 CredHandle *out)
{
    SEC_WINNT_AUTH_IDENTITY_A id;
    TimeStamp exp;

    test_identity(&id, user, TEST_DOMAIN, password);
    return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)pkg,
                                     SECPKG_CRED_OUTBOUND, NULL, &id, NULL,
                                     NULL, out, &exp);
}

SECURITY_STATUS
test_server_cred(const char *pkg, CredHandle *out)
{
    TimeStamp exp;

    return AcquireCredentialsHandleA(NULL, (SEC_CHAR *)pkg,
                                     SECPKG_CRED_INBOUND, NULL, NULL, NULL,
                                     NULL, out, &exp);
}

SECURITY_STATUS
test_loop(struct test_pair *p, ULONG creq, ULONG sreq, const char *target)
{
    static unsigned char ctok[TOKEN_MAX], stok[TOKEN_MAX];
    SecBuffer cin, cout, sin, sout;
    SecBufferDesc cind, coutd, sind, soutd;
    SECURITY_STATUS cs = SEC_I_CONTINUE_NEEDED, ss = SEC_I_CONTINUE_NEEDED;
    TimeStamp exp;
    int first = 1;

    p->num_legs = 0;
    cind.ulVersion = coutd.ulVersion = SECBUFFER_VERSION;
    sind.ulVersion = soutd.ulVersion = SECBUFFER_VERSION;
    cind.cBuffers = coutd.cBuffers = sind.cBuffers = soutd.cBuffers = 1;
    cind.pBuffers = &cin;
    coutd.pBuffers = &cout;
    sind.pBuffers = &sin;
    soutd.pBuffers = &sout;
    sout.cbBuffer = 0;
    for (;;) {
        if (cs == SEC_I_CONTINUE_NEEDED) {
            cout.BufferType = SECBUFFER_TOKEN;
            cout.cbBuffer = sizeof(ctok);
            cout.pvBuffer = ctok;
            cin.BufferType = SECBUFFER_TOKEN;
            cin.cbBuffer = sout.cbBuffer;
            cin.pvBuffer = stok;
            cs = InitializeSecurityContextA(&p->ccred,
                                            first ? NULL : &p->cctx,
                                            (SEC_CHAR *)target, creq, 0,
                                            SECURITY_NATIVE_DREP,
                                            first ? NULL : &cind, 0,
                                            &p->cctx, &coutd, &p->cattr,
                                            &exp);
            p->client_status = cs;
            if (p->num_legs < 8)
                p->legs[p->num_legs++] = cs;
            if (first && SEC_SUCCESS(cs))
                p->have_cctx = 1;
            first = 0;
            if (!SEC_SUCCESS(cs))
                return cs;
            if (cs == SEC_E_OK && cout.cbBuffer == 0)
                break;
        } else if (ss == SEC_E_OK) {
            break;
        }
        if (ss != SEC_I_CONTINUE_NEEDED)
            break;
        sin.BufferType = SECBUFFER_TOKEN;
        sin.cbBuffer = cout.cbBuffer;
        sin.pvBuffer = ctok;
        sout.BufferType = SECBUFFER_TOKEN;
        sout.cbBuffer = sizeof(stok);
        sout.pvBuffer = stok;
        ss = AcceptSecurityContext(&p->scred,
                                   p->have_sctx ? &p->sctx : NULL, &sind,
                                   sreq, SECURITY_NATIVE_DREP, &p->sctx,
                                   &soutd, &p->sattr, &exp);
        p->server_status = ss;
        if (p->num_legs < 8)
            p->legs[p->num_legs++] = ss;
        if (!p->have_sctx && SEC_SUCCESS(ss))
            p->have_sctx = 1;
        if (!SEC_SUCCESS(ss))
            return ss;
        if (ss == SEC_E_OK && cs == SEC_E_OK)
            break;
        if (ss == SEC_E_OK && sout.cbBuffer == 0)
            break;
    }
    if (cs != SEC_E_OK || ss != SEC_E_OK)
        return SEC_E_INTERNAL_ERROR;
    return SEC_E_OK;
}

SECURITY_STATUS
test_handshake(struct test_pair *p, const char *pkg, ULONG creq, ULONG sreq)
{
    SECURITY_STATUS ret;

    memset(p, 0, sizeof(*p));
    ret = test_client_cred(pkg, TEST_USER, TEST_PASSWORD, &p->ccred);
    if (ret != SEC_E_OK)
        return ret;
    ret = test_server_cred(pkg, &p->scred);
    if (ret != SEC_E_OK)
        return ret;
    return test_loop(p, creq, sreq, "HTTP/localhost");
}

void
test_pair_free(struct test_pair *p)
{
    if (p->have_cctx)
        DeleteSecurityContext(&p->cctx);
    if (p->have_sctx)
        DeleteSecurityContext(&p->sctx);
    FreeCredentialsHandle(&p->ccred);
    FreeCredentialsHandle(&p->scred);
    memset(p, 0, sizeof(*p));
}
