/*
 * winpr_peer.c - an independent SSPI implementation (FreeRDP's WinPR) as a
 * peer of the shim, in its own process: WinPR exports the same symbol
 * names as libsspi, so the two never share an address space.
 *
 * Built by winpr.sh with `pkg-config winpr2`.  Line protocol on
 * stdin/stdout, tokens in hex ("-" = empty):
 *   CLIENT user domain password | SERVER samfile  -> "OK" or "ERR <st>"
 *   STEP <hex>      one ISC (client) or ASC (server) leg
 *                   -> "<status> <hex>"; the server installs its SAM file
 *                   after the first leg and answers SEC_I_COMPLETE_NEEDED
 *                   with CompleteAuthToken (the status reported is that
 *                   of CompleteAuthToken)
 *   SEAL <seq> <hex>             -> "<status> <trailer> <data>"
 *   UNSEAL <seq> <trailer> <data> -> "<status> <plain>"
 *   QUIT
 * MessageSeqNo is passed explicitly: WinPR 2.x uses it as the NTLM
 * sequence number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winpr/sspi.h>

static SecurityFunctionTableA *t;
static CredHandle cred;
static CtxtHandle ctx;
static int have_ctx, is_server;
static char sam_path[1024];

static size_t
unhex(const char *s, unsigned char *out, size_t max)
{
    size_t n = 0;
    unsigned int b;

    if (strcmp(s, "-") == 0)
        return 0;
    while (s[0] && s[1] && n < max && sscanf(s, "%2x", &b) == 1) {
        out[n++] = (unsigned char)b;
        s += 2;
    }
    return n;
}

static void
puthex(const unsigned char *p, size_t n)
{
    size_t i;

    if (n == 0)
        fputs("-", stdout);
    for (i = 0; i < n; i++)
        printf("%02x", p[i]);
}

static void
step(const char *hex)
{
    static unsigned char in[65536], out[65536];
    SecBuffer ib = { 0, SECBUFFER_TOKEN, in };
    SecBuffer ob = { sizeof(out), SECBUFFER_TOKEN, out };
    SecBufferDesc id = { SECBUFFER_VERSION, 1, &ib };
    SecBufferDesc od = { SECBUFFER_VERSION, 1, &ob };
    ULONG attr = 0;
    TimeStamp exp;
    SECURITY_STATUS st;

    ib.cbBuffer = (ULONG)unhex(hex, in, sizeof(in));
    if (is_server) {
        st = t->AcceptSecurityContext(&cred, have_ctx ? &ctx : NULL, &id,
                                      ASC_REQ_CONFIDENTIALITY |
                                      ASC_REQ_INTEGRITY, 0, &ctx, &od,
                                      &attr, &exp);
        if (!have_ctx && st >= 0) {
            have_ctx = 1;
            t->SetContextAttributesA(&ctx, SECPKG_ATTR_AUTH_NTLM_SAM_FILE,
                                     sam_path,
                                     (ULONG)strlen(sam_path) + 1);
        }
        if (st == SEC_I_COMPLETE_NEEDED)
            st = t->CompleteAuthToken(&ctx, &od);
    } else {
        st = t->InitializeSecurityContextA(&cred, have_ctx ? &ctx : NULL,
                                           "HTTP/localhost",
                                           ISC_REQ_CONFIDENTIALITY |
                                           ISC_REQ_INTEGRITY, 0, 0,
                                           ib.cbBuffer ? &id : NULL, 0,
                                           &ctx, &od, &attr, &exp);
        if (st >= 0)
            have_ctx = 1;
    }
    printf("%08x ", (unsigned)st);
    puthex(out, st >= 0 ? ob.cbBuffer : 0);
    printf("\n");
}

static void
seal(unsigned long seq, const char *hex)
{
    static unsigned char data[65536], trailer[64];
    SecBuffer b[2] = { { sizeof(trailer), SECBUFFER_TOKEN, trailer },
                       { 0, SECBUFFER_DATA, data } };
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    SECURITY_STATUS st;

    b[1].cbBuffer = (ULONG)unhex(hex, data, sizeof(data));
    st = t->EncryptMessage(&ctx, 0, &d, (ULONG)seq);
    printf("%08x ", (unsigned)st);
    /* WinPR 2.x does not update the TOKEN length: 16 bytes for NTLM */
    puthex(trailer, 16);
    printf(" ");
    puthex(data, b[1].cbBuffer);
    printf("\n");
}

static void
unseal(unsigned long seq, const char *thex, const char *dhex)
{
    static unsigned char data[65536], trailer[64];
    SecBuffer b[2] = { { 0, SECBUFFER_TOKEN, trailer },
                       { 0, SECBUFFER_DATA, data } };
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    ULONG qop = 0;
    SECURITY_STATUS st;

    b[0].cbBuffer = (ULONG)unhex(thex, trailer, sizeof(trailer));
    b[1].cbBuffer = (ULONG)unhex(dhex, data, sizeof(data));
    st = t->DecryptMessage(&ctx, &d, (ULONG)seq, &qop);
    printf("%08x ", (unsigned)st);
    puthex(data, st == SEC_E_OK ? b[1].cbBuffer : 0);
    printf("\n");
}

int
main(void)
{
    static char line[200000];
    char a[131072], b[65536], c[1024];
    unsigned long seq;
    SEC_WINNT_AUTH_IDENTITY id;
    TimeStamp exp;
    SECURITY_STATUS st;

    setvbuf(stdout, NULL, _IOLBF, 0);
    t = InitSecurityInterfaceExA(SSPI_INTERFACE_WINPR);
    if (t == NULL)
        return 1;
    while (fgets(line, sizeof(line), stdin) != NULL) {
        if (sscanf(line, "CLIENT %1023s %1023s %1023s", a, b, c) == 3) {
            memset(&id, 0, sizeof(id));
            sspi_SetAuthIdentity(&id, a, b, c);
            st = t->AcquireCredentialsHandleA(NULL, "NTLM",
                                              SECPKG_CRED_OUTBOUND, NULL,
                                              &id, NULL, NULL, &cred, &exp);
            printf(st == SEC_E_OK ? "OK\n" : "ERR %08x\n", (unsigned)st);
        } else if (sscanf(line, "SERVER %1023s", sam_path) == 1) {
            is_server = 1;
            st = t->AcquireCredentialsHandleA(NULL, "NTLM",
                                              SECPKG_CRED_INBOUND, NULL,
                                              NULL, NULL, NULL, &cred, &exp);
            printf(st == SEC_E_OK ? "OK\n" : "ERR %08x\n", (unsigned)st);
        } else if (sscanf(line, "STEP %131071s", a) == 1) {
            step(a);
        } else if (sscanf(line, "SEAL %lu %65535s", &seq, a) == 2) {
            seal(seq, a);
        } else if (sscanf(line, "UNSEAL %lu %1023s %65535s", &seq, c,
                          b) == 3) {
            unseal(seq, c, b);
        } else if (strncmp(line, "QUIT", 4) == 0) {
            break;
        } else {
            printf("ERR bad command\n");
        }
    }
    if (have_ctx)
        t->DeleteSecurityContext(&ctx);
    t->FreeCredentialsHandle(&cred);
    return 0;
}
