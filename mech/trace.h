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

/*
 * Additions (not in the first contract):
 *
 * ntlmgss_trace_open - direct the trace to dest ("stderr", "-" for stderr,
 * or a file path opened for appending, created 0600), replacing the current
 * destination; NULL or "" switches tracing off.  The NTLMGSS_TRACE
 * environment variable, when set, wins over later calls that come from the
 * configuration file (from_config = true); explicit calls (from_config =
 * false, e.g. the mechanism's debug-file OID) always apply.  Returns 0 or
 * NTLM_ERR_CONFIG (cannot open; detail set): tracing is then off, and the
 * failure is written to stderr once per destination (and kept for
 * ntlmgss_trace_status).
 */
int ntlmgss_trace_open(const char *dest, bool from_config);

/*
 * ntlmgss_trace_status - where the trace goes, for the operator's tool
 * ("ntlmtool config"): OFF (no destination asked for), ON (dest is open
 * and receives every line), or FAILED (dest could not be opened, error is
 * its errno: nothing is logged anywhere; the failure was also written
 * once to stderr).  from_env: the destination came from NTLMGSS_TRACE,
 * which wins over the configuration's "trace".  The configuration's
 * destination is opened by ntlmgss_config_get(), so call that first.
 * dest is a copy, truncated to fit.
 */
enum ntlmgss_trace_state {
    NTLMGSS_TRACE_OFF = 0,
    NTLMGSS_TRACE_ON,
    NTLMGSS_TRACE_FAILED
};
struct ntlmgss_trace_info {
    enum ntlmgss_trace_state state;
    bool from_env;
    int error;
    char dest[4096];
};
void ntlmgss_trace_status(struct ntlmgss_trace_info *out);

/* ntlmgss_trace_reinit - re-read NTLMGSS_TRACE (tests). */
void ntlmgss_trace_reinit(void);

/* ntlmgss_trace_flag_name - MS-NLMP name of one flag bit (0-31) without
 * the NTLMSSP_NEGOTIATE_ prefix, or NULL for a reserved bit. */
const char *ntlmgss_trace_flag_name(unsigned bit);

/* ntlmgss_trace_hex - lower-case hex of len bytes into buf (truncated with
 * "..." if needed); for non-secret values such as challenges. */
const char *ntlmgss_trace_hex(const void *p, size_t len, char *buf,
                              size_t buf_len);

#endif /* NTLMGSS_TRACE_H */
