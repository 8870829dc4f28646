/*
 * trace.h - decision log, switched on by NTLMGSS_TRACE=<file> (or
 * "stderr"), like KRB5_TRACE.  Never log a password, hash or key.
 */
#ifndef NTLMGSS_TRACE_H
#define NTLMGSS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* true if tracing is on (cheap; check before building expensive args). */
bool ntlmgss_trace_enabled(void);
/* Log one line (timestamp and thread id prefixed, newline added). */
void ntlmgss_trace(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Describe NTLM negotiate flags as "UNICODE|SIGN|..." into buf. */
const char *ntlmgss_trace_flags(uint32_t flags, char *buf, size_t len);

#define NTLMGSS_TRACE(...) \
    do { if (ntlmgss_trace_enabled()) ntlmgss_trace(__VA_ARGS__); } while (0)

#endif /* NTLMGSS_TRACE_H */
