/*
 * sample_server.c - a classic Windows SSPI server (the "Using SSPI with a
 * Windows Sockets server" pattern), written against the Windows API: only
 * <windows.h> and winsock are replaced (sample_common.c).
 *
 * usage: sample_server PORTFILE PACKAGE
 * Listens on a free loopback port (written to PORTFILE), serves one
 * client: authenticates it, verifies its signed message, decrypts its
 * encrypted one and answers with an encrypted reply.
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

static CredHandle hcred;
static struct _SecHandle hctxt;
static BYTE g_pInBuf[cbMaxMessage];
static BYTE g_pOutBuf[cbMaxMessage];
static DWORD cbMaxTokenSize = cbMaxMessage;

static BOOL
GenServerContext(BYTE *pIn, DWORD cbIn, BYTE *pOut, DWORD *pcbOut,
                 BOOL *pfDone, BOOL fNewConversation)
{
    SECURITY_STATUS ss;
    TimeStamp Lifetime;
    SecBufferDesc OutBuffDesc;
    SecBuffer OutSecBuff;
    SecBufferDesc InBuffDesc;
    SecBuffer InSecBuff;
    ULONG Attribs = 0;

    OutBuffDesc.ulVersion = 0;
    OutBuffDesc.cBuffers = 1;
    OutBuffDesc.pBuffers = &OutSecBuff;
    OutSecBuff.cbBuffer = *pcbOut;
    OutSecBuff.BufferType = SECBUFFER_TOKEN;
    OutSecBuff.pvBuffer = pOut;

    InBuffDesc.ulVersion = 0;
    InBuffDesc.cBuffers = 1;
    InBuffDesc.pBuffers = &InSecBuff;
    InSecBuff.cbBuffer = cbIn;
    InSecBuff.BufferType = SECBUFFER_TOKEN;
    InSecBuff.pvBuffer = pIn;

    printf("Token buffer received (%lu bytes):\n",
           (unsigned long)InSecBuff.cbBuffer);

    ss = AcceptSecurityContext(&hcred, fNewConversation ? NULL : &hctxt,
                               &InBuffDesc, Attribs, SECURITY_NATIVE_DREP,
                               &hctxt, &OutBuffDesc, &Attribs, &Lifetime);
    if (!SEC_SUCCESS(ss))
        MyHandleError("AcceptSecurityContext failed", ss);
    if (ss == SEC_I_COMPLETE_NEEDED || ss == SEC_I_COMPLETE_AND_CONTINUE) {
        ss = CompleteAuthToken(&hctxt, &OutBuffDesc);
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
DoAuthentication(SOCKET AuthSocket)
{
    SECURITY_STATUS ss;
    DWORD cbIn, cbOut;
    BOOL done = FALSE;
    TimeStamp Lifetime;
    BOOL fNewConversation = TRUE;

    while (!done) {
        if (!ReceiveMsg(AuthSocket, g_pInBuf, cbMaxMessage, &cbIn))
            return FALSE;
        cbOut = cbMaxTokenSize;
        if (!GenServerContext(g_pInBuf, cbIn, g_pOutBuf, &cbOut, &done,
                              fNewConversation)) {
            fprintf(stderr, "GenServerContext failed.\n");
            return FALSE;
        }
        fNewConversation = FALSE;
        if (cbOut != 0 && !SendMsg(AuthSocket, g_pOutBuf, cbOut)) {
            fprintf(stderr, "Sending message failed.\n");
            return FALSE;
        }
    }
    (void)ss;
    (void)Lifetime;
    return TRUE;
}

int
main(int argc, char **argv)
{
    SOCKET Server_Socket, Client_Socket;
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    SECURITY_STATUS ss;
    TimeStamp Lifetime;
    SecPkgContext_Names SecPkgNames;
    SecPkgContext_Sizes SecPkgSizes;
    SecBufferDesc BuffDesc;
    SecBuffer SecBuff[2];
    BYTE Msg[cbMaxMessage], Sig[64], Trailer[64];
    char Reply[] = "Hello from the server";
    DWORD cbMsg, cbSig, cbRead;
    ULONG ulQop = 0;
    FILE *f;

    if (argc != 3) {
        fprintf(stderr, "usage: %s PORTFILE PACKAGE\n", argv[0]);
        return 2;
    }
    ss = AcquireCredentialsHandle(NULL, argv[2], SECPKG_CRED_INBOUND, NULL,
                                  NULL, NULL, NULL, &hcred, &Lifetime);
    if (!SEC_SUCCESS(ss))
        MyHandleError("AcquireCreds failed", ss);

    Server_Socket = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(Server_Socket, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
        listen(Server_Socket, 1) != 0 ||
        getsockname(Server_Socket, (struct sockaddr *)&sin, &len) != 0)
        MyHandleError("listen", 0);
    f = fopen(argv[1], "w");
    if (f == NULL)
        MyHandleError("port file", 0);
    fprintf(f, "%d\n", ntohs(sin.sin_port));
    fclose(f);

    Client_Socket = accept(Server_Socket, NULL, NULL);
    if (Client_Socket == INVALID_SOCKET)
        MyHandleError("accept", 0);
    if (!DoAuthentication(Client_Socket))
        MyHandleError("Authentication", 0);
    printf("Server authentication completed.\n");

    ss = QueryContextAttributes(&hctxt, SECPKG_ATTR_NAMES, &SecPkgNames);
    if (!SEC_SUCCESS(ss))
        MyHandleError("QueryContextAttributes NAMES", ss);
    printf("The client is %s\n", SecPkgNames.sUserName);
    FreeContextBuffer(SecPkgNames.sUserName);
    ss = QueryContextAttributes(&hctxt, SECPKG_ATTR_SIZES, &SecPkgSizes);
    if (!SEC_SUCCESS(ss))
        MyHandleError("QueryContextAttributes SIZES", ss);

    /* signed message */
    if (!ReceiveMsg(Client_Socket, Msg, sizeof(Msg), &cbMsg) ||
        !ReceiveMsg(Client_Socket, Sig, sizeof(Sig), &cbSig))
        MyHandleError("receive signed", 0);
    BuffDesc.ulVersion = 0;
    BuffDesc.cBuffers = 2;
    BuffDesc.pBuffers = SecBuff;
    SecBuff[0].BufferType = SECBUFFER_DATA;
    SecBuff[0].cbBuffer = cbMsg;
    SecBuff[0].pvBuffer = Msg;
    SecBuff[1].BufferType = SECBUFFER_TOKEN;
    SecBuff[1].cbBuffer = cbSig;
    SecBuff[1].pvBuffer = Sig;
    ss = VerifySignature(&hctxt, &BuffDesc, 0, &ulQop);
    if (!SEC_SUCCESS(ss))
        MyHandleError("VerifyMessage failed", ss);
    printf("Verify signature succeeded: %.*s\n", (int)cbMsg, (char *)Msg);

    /* encrypted message */
    if (!ReceiveMsg(Client_Socket, Trailer, sizeof(Trailer), &cbSig) ||
        !ReceiveMsg(Client_Socket, Msg, sizeof(Msg), &cbMsg))
        MyHandleError("receive sealed", 0);
    SecBuff[0].BufferType = SECBUFFER_TOKEN;
    SecBuff[0].cbBuffer = cbSig;
    SecBuff[0].pvBuffer = Trailer;
    SecBuff[1].BufferType = SECBUFFER_DATA;
    SecBuff[1].cbBuffer = cbMsg;
    SecBuff[1].pvBuffer = Msg;
    ss = DecryptMessage(&hctxt, &BuffDesc, 0, &ulQop);
    if (!SEC_SUCCESS(ss))
        MyHandleError("DecryptMessage failed", ss);
    printf("The decrypted message is\n-> %.*s\n", (int)cbMsg, (char *)Msg);

    /* encrypted reply */
    SecBuff[0].cbBuffer = SecPkgSizes.cbSecurityTrailer;
    SecBuff[1].cbBuffer = sizeof(Reply);
    SecBuff[1].pvBuffer = Reply;
    ss = EncryptMessage(&hctxt, 0, &BuffDesc, 0);
    if (!SEC_SUCCESS(ss))
        MyHandleError("EncryptMessage failed", ss);
    if (!SendMsg(Client_Socket, Trailer, SecBuff[0].cbBuffer) ||
        !SendMsg(Client_Socket, (PBYTE)Reply, SecBuff[1].cbBuffer))
        MyHandleError("send reply", 0);

    (void)cbRead;
    DeleteSecurityContext(&hctxt);
    FreeCredentialsHandle(&hcred);
    close(Client_Socket);
    close(Server_Socket);
    return EXIT_SUCCESS;
}
