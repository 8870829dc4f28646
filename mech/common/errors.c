/*
 * errors.c - messages for the error table and per-thread detail strings.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "errors.h"

static __thread int detail_code;
static __thread char detail_buf[256];

const char *
ntlm_err_string(int code)
{
    switch (code) {
    case 0:
        return "Success";
#define NTLMGSS_ERR(name, num, major, sec, msg) \
    case NTLM_ERR_##name: return msg;
#include "ntlmgss_errors.def"
#undef NTLMGSS_ERR
    default:
        return "Unknown NTLM error";
    }
}

int
ntlm_err_known(uint32_t code)
{
    switch (code) {
#define NTLMGSS_ERR(name, num, major, sec, msg) \
    case (uint32_t)NTLM_ERR_##name: return 1;
#include "ntlmgss_errors.def"
#undef NTLMGSS_ERR
    default:
        return 0;
    }
}

int
ntlm_err_detail(int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(detail_buf, sizeof(detail_buf), fmt, ap);
    va_end(ap);
    detail_code = code;
    return code;
}

const char *
ntlm_err_last_detail(int code)
{
    if (detail_code != code || code == 0)
        return NULL;
    return detail_buf;
}
