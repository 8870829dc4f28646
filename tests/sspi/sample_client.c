/*
 * sample_client.c - a classic Windows SSPI client (the "Using SSPI with a
 * Windows Sockets client" pattern), written against the Windows API: only
 * <windows.h> and winsock are replaced (sample_common.c).
 *
 * usage: sample_client PORT PACKAGE USER DOMAIN PASSWORD
 * Authenticates, sends a signed and an encrypted message, and decrypts the
 * server's encrypted reply.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sample_common.h"

#define cbMaxMessage 12000

static CredHandle hCred;
static CtxtHandle hCtxt;
static BYTE g_pInBuf[cbMaxMessage];
static BYTE g_pOutBuf[cbMaxMessage];
static DWORD cbMaxTokenSize = cbMaxMessage;

static BOOL
GenClientContext(BYTE *pIn, DWORD cbIn, BYTE *pOut, DWORD *pcbOut,
                 BOOL *pfDone, SEC_CHAR *pszTarget, CredHandle *hCred_,
                 struct _SecHandle *hcText, BOOL fNewConversation)
{
    SECURITY_STATUS ss;
    TimeStamp Lifetime;
    SecBufferDesc OutBuffDesc;
    SecBuffer OutSecBuff;
    SecBufferDesc InBuffDesc;
    SecBuffer InSecBuff;
    ULONG ContextAttributes;

    OutBuffDesc.ulVersion = 0;
    OutBuffDesc.cBuffers = 1;
    OutBuffDesc.pBuffers = &OutSecBuff;
    OutSecBuff.cbBuffer = *pcbOut;
    OutSecBuff.BufferType = SECBUFFER_TOKEN;
    OutSecBuff.pvBuffer = pOut;

    if (pIn) {
        InBuffDesc.ulVersion = 0;
        InBuffDesc.cBuffers = 1;
        InBuffDesc.pBuffers = &InSecBuff;
        InSecBuff.cbBuffer = cbIn;
        InSecBuff.BufferType = SECBUFFER_TOKEN;
        InSecBuff.pvBuffer = pIn;
    }

    ss = InitializeSecurityContext(hCred_,
                                   fNewConversation ? NULL : hcText,
                                   pszTarget,
                                   ISC_REQ_CONFIDENTIALITY |
                                   ISC_REQ_INTEGRITY | ISC_REQ_CONNECTION,
                                   0, SECURITY_NATIVE_DREP,
                                   pIn ? &InBuffDesc : NULL, 0, hcText,
                                   &OutBuffDesc, &ContextAttributes,
                                   &Lifetime);
    if (!SEC_SUCCESS(ss))
        MyHandleError("InitializeSecurityContext failed", ss);
    if (ss == SEC_I_COMPLETE_NEEDED || ss == SEC_I_COMPLETE_AND_CONTINUE) {
        ss = CompleteAuthToken(hcText, &OutBuffDesc);
        if (!SEC_SUCCESS(ss))
            MyHandleError("complete failed", ss);
    }
    *pcbOut = OutSecBuff.cbBuffer;
    *pfDone = !(ss == SEC_I_CONTINUE_NEEDED ||
                ss == SEC_I_COMPLETE_AND_CONTINUE);
    printf("Token buffer generated (%lu bytes):\n",
           (unsigned long)OutSecBuff.cbBuffer);
    return TRUE;
}

static BOOL
DoAuthentication(SOCKET s, SEC_CHAR *pszPackage,
                 SEC_WINNT_AUTH_IDENTITY *pIdentity)
{
    BOOL fDone = FALSE;
    DWORD cbOut = 0;
    DWORD cbIn = 0;
    SECURITY_STATUS ss;
    TimeStamp Lifetime;

    ss = AcquireCredentialsHandle(NULL, pszPackage, SECPKG_CRED_OUTBOUND,
                                  NULL, pIdentity, NULL, NULL, &hCred,
                                  &Lifetime);
    if (!SEC_SUCCESS(ss))
        MyHandleError("AcquireCreds failed", ss);

    cbOut = cbMaxTokenSize;
    if (!GenClientContext(NULL, 0, g_pOutBuf, &cbOut, &fDone,
                          (SEC_CHAR *)"HOST/localhost", &hCred, &hCtxt,
                          TRUE))
        return FALSE;
    if (!SendMsg(s, g_pOutBuf, cbOut))
        MyHandleError("Send message failed", 0);

    while (!fDone) {
        if (!ReceiveMsg(s, g_pInBuf, cbMaxMessage, &cbIn))
            MyHandleError("Receive message failed", 0);
        cbOut = cbMaxTokenSize;
        if (!GenClientContext(g_pInBuf, cbIn, g_pOutBuf, &cbOut, &fDone,
                              (SEC_CHAR *)"HOST/localhost", &hCred, &hCtxt,
                              FALSE))
            MyHandleError("GenClientContext failed", 0);
        /* the last leg may produce no token (nothing to send) */
        if (cbOut != 0 && !SendMsg(s, g_pOutBuf, cbOut))
            MyHandleError("Send message 2 failed", 0);
    }
    return TRUE;
}

int
main(int argc, char **argv)
{
    SOCKET Client_Socket;
    struct sockaddr_in sin;
    SEC_WINNT_AUTH_IDENTITY Identity;
    SecPkgContext_Sizes SecPkgContextSizes;
    SecPkgContext_NegotiationInfo SecPkgNegInfo;
    SECURITY_STATUS ss;
    SecBufferDesc BuffDesc;
    SecBuffer SecBuff[2];
    BYTE Signature[64], Trailer[64];
    char Message[] = "This is your server speaking";
    char Secret[] = "A secret for the server only";
    DWORD cbRead;
    ULONG ulQop = 0;

    if (argc != 6) {
        fprintf(stderr, "usage: %s PORT PACKAGE USER DOMAIN PASSWORD\n",
                argv[0]);
        return 2;
    }
    Identity.User = (unsigned char *)argv[3];
    Identity.UserLength = (ULONG)strlen(argv[3]);
    Identity.Domain = (unsigned char *)argv[4];
    Identity.DomainLength = (ULONG)strlen(argv[4]);
    Identity.Password = (unsigned char *)argv[5];
    Identity.PasswordLength = (ULONG)strlen(argv[5]);
    Identity.Flags = SEC_WINNT_AUTH_IDENTITY_ANSI;

    Client_Socket = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short)atoi(argv[1]));
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(Client_Socket, (struct sockaddr *)&sin, sizeof(sin)) != 0)
        MyHandleError("connect", 0);

    if (!DoAuthentication(Client_Socket, argv[2], &Identity))
        MyHandleError("Authentication", 0);
    printf("Client authentication completed.\n");

    ss = QueryContextAttributes(&hCtxt, SECPKG_ATTR_NEGOTIATION_INFO,
                                &SecPkgNegInfo);
    if (!SEC_SUCCESS(ss))
        MyHandleError("QueryContextAttributes failed", ss);
    printf("Package Name: %s\n", SecPkgNegInfo.PackageInfo->Name);
    FreeContextBuffer(SecPkgNegInfo.PackageInfo);

    ss = QueryContextAttributes(&hCtxt, SECPKG_ATTR_SIZES,
                                &SecPkgContextSizes);
    if (!SEC_SUCCESS(ss))
        MyHandleError("Query context", ss);

    /* signed message: [DATA, TOKEN] */
    BuffDesc.ulVersion = 0;
    BuffDesc.cBuffers = 2;
    BuffDesc.pBuffers = SecBuff;
    SecBuff[0].BufferType = SECBUFFER_DATA;
    SecBuff[0].cbBuffer = sizeof(Message);
    SecBuff[0].pvBuffer = Message;
    SecBuff[1].BufferType = SECBUFFER_TOKEN;
    SecBuff[1].cbBuffer = SecPkgContextSizes.cbMaxSignature;
    SecBuff[1].pvBuffer = Signature;
    ss = MakeSignature(&hCtxt, 0, &BuffDesc, 0);
    if (!SEC_SUCCESS(ss))
        MyHandleError("MakeSignature", ss);
    if (!SendMsg(Client_Socket, (PBYTE)Message, sizeof(Message)) ||
        !SendMsg(Client_Socket, Signature, SecBuff[1].cbBuffer))
        MyHandleError("send signed", 0);

    /* encrypted message: [TOKEN, DATA] */
    SecBuff[0].BufferType = SECBUFFER_TOKEN;
    SecBuff[0].cbBuffer = SecPkgContextSizes.cbSecurityTrailer;
    SecBuff[0].pvBuffer = Trailer;
    SecBuff[1].BufferType = SECBUFFER_DATA;
    SecBuff[1].cbBuffer = sizeof(Secret);
    SecBuff[1].pvBuffer = Secret;
    ss = EncryptMessage(&hCtxt, 0, &BuffDesc, 0);
    if (!SEC_SUCCESS(ss))
        MyHandleError("EncryptMessage failed", ss);
    if (!SendMsg(Client_Socket, Trailer, SecBuff[0].cbBuffer) ||
        !SendMsg(Client_Socket, (PBYTE)Secret, SecBuff[1].cbBuffer))
        MyHandleError("send sealed", 0);

    /* the server's encrypted reply */
    if (!ReceiveMsg(Client_Socket, Trailer, sizeof(Trailer), &cbRead))
        MyHandleError("receive trailer", 0);
    SecBuff[0].cbBuffer = cbRead;
    if (!ReceiveMsg(Client_Socket, g_pInBuf, cbMaxMessage, &cbRead))
        MyHandleError("receive data", 0);
    SecBuff[1].cbBuffer = cbRead;
    SecBuff[1].pvBuffer = g_pInBuf;
    ss = DecryptMessage(&hCtxt, &BuffDesc, 0, &ulQop);
    if (!SEC_SUCCESS(ss))
        MyHandleError("DecryptMessage failed", ss);
    printf("The message from the server is\n-> %.*s\n",
           (int)SecBuff[1].cbBuffer, (char *)SecBuff[1].pvBuffer);

    DeleteSecurityContext(&hCtxt);
    FreeCredentialsHandle(&hCred);
    close(Client_Socket);
    return EXIT_SUCCESS;
}
