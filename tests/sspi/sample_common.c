/* sample_common.c - message transport for the SSPI sample pair. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sample_common.h"

BOOL
SendBytes(SOCKET s, PBYTE pBuf, DWORD cbBuf)
{
    ssize_t n;

    while (cbBuf > 0) {
        n = send(s, pBuf, cbBuf, 0);
        if (n <= 0)
            return FALSE;
        pBuf += n;
        cbBuf -= (DWORD)n;
    }
    return TRUE;
}

BOOL
ReceiveBytes(SOCKET s, PBYTE pBuf, DWORD cbBuf, DWORD *pcbRead)
{
    DWORD total = 0;
    ssize_t n;

    while (total < cbBuf) {
        n = recv(s, pBuf + total, cbBuf - total, 0);
        if (n <= 0)
            return FALSE;
        total += (DWORD)n;
    }
    *pcbRead = total;
    return TRUE;
}

/* A message is a 4-byte length followed by the bytes. */
BOOL
SendMsg(SOCKET s, PBYTE pBuf, DWORD cbBuf)
{
    if (!SendBytes(s, (PBYTE)&cbBuf, sizeof(cbBuf)))
        return FALSE;
    return cbBuf == 0 || SendBytes(s, pBuf, cbBuf);
}

BOOL
ReceiveMsg(SOCKET s, PBYTE pBuf, DWORD cbBuf, DWORD *pcbRead)
{
    DWORD cbRead, cbData;

    if (!ReceiveBytes(s, (PBYTE)&cbData, sizeof(cbData), &cbRead))
        return FALSE;
    if (cbData > cbBuf)
        return FALSE;
    *pcbRead = cbData;
    return cbData == 0 || ReceiveBytes(s, pBuf, cbData, &cbRead);
}

void
MyHandleError(const char *s, SECURITY_STATUS ss)
{
    fprintf(stderr, "%s error (0x%08x). Exiting.\n", s, (unsigned)ss);
    exit(EXIT_FAILURE);
}
