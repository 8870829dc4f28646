/*
 * sample_common.h - the transport of the SSPI sample pair (the part that
 * uses winsock on Windows): length-prefixed messages over a TCP socket.
 */
#ifndef SAMPLE_COMMON_H
#define SAMPLE_COMMON_H

#define SECURITY_WIN32
#include <security.h>

typedef int SOCKET;
#define INVALID_SOCKET (-1)

BOOL SendMsg(SOCKET s, PBYTE pBuf, DWORD cbBuf);
BOOL ReceiveMsg(SOCKET s, PBYTE pBuf, DWORD cbBuf, DWORD *pcbRead);
BOOL SendBytes(SOCKET s, PBYTE pBuf, DWORD cbBuf);
BOOL ReceiveBytes(SOCKET s, PBYTE pBuf, DWORD cbBuf, DWORD *pcbRead);
void MyHandleError(const char *s, SECURITY_STATUS ss);

#endif
