/*
 * security.h - Windows <security.h> for the ntlmgss SSPI shim: everything
 * an SSPI application needs is in <sspi.h>.  Applications that define
 * SECURITY_WIN32 (or SECURITY_KERNEL) before including this header, as on
 * Windows, compile unchanged.
 */
#ifndef NTLMGSS_SECURITY_H
#define NTLMGSS_SECURITY_H

#include "sspi.h"

#endif /* NTLMGSS_SECURITY_H */
