/*
 * errors.h - the core's error codes, generated from the one table
 * (include/ntlmgss_errors.def).  Functions below mech/ return int: 0 or an
 * NTLM_ERR_* code.  The code values are the public minor status codes.
 */
#ifndef NTLM_ERRORS_H
#define NTLM_ERRORS_H

#include <stdint.h>

enum ntlm_err {
    NTLM_OK = 0,
#define NTLMGSS_ERR(name, num, major, sec, msg) \
    NTLM_ERR_##name = 0x4E4C4D00 + (num),
#include "ntlmgss_errors.def"
#undef NTLMGSS_ERR
};

/* ntlm_err_string - static message for a code (never NULL). */
const char *ntlm_err_string(int code);

/* ntlm_err_known - 1 if code is one of ours. */
int ntlm_err_known(uint32_t code);

/*
 * ntlm_err_detail - record a detail message for the calling thread and
 * return code (so "return ntlm_err_detail(NTLM_ERR_X, "...%u", v);").
 * gss_display_status shows the detail when asked about the same code.
 */
int ntlm_err_detail(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ntlm_err_last_detail - the calling thread's detail for code, or NULL. */
const char *ntlm_err_last_detail(int code);

#endif /* NTLM_ERRORS_H */
