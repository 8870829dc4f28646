/*
 * display_status.c - the GSS error boundary: NTLM_ERR_* codes become minor
 * status codes unchanged, and their GSS major comes from the one table
 * (include/ntlmgss_errors.def).  Also small helpers shared by mech/gss.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gss_int.h"

gss_OID_desc ntlmgss_mech_oid_desc = {
    NTLMGSS_MECH_OID_LENGTH, (void *)NTLMGSS_MECH_OID_BYTES
};

/* ntlmgss_major - the GSS routine error of code (FAILURE if not ours). */
OM_uint32
ntlmgss_major(int code)
{
    switch (code) {
    case 0:
        return GSS_S_COMPLETE;
#define NTLMGSS_ERR(name, num, major, sec, msg) \
    case NTLM_ERR_##name: return GSS_S_##major;
#include "ntlmgss_errors.def"
#undef NTLMGSS_ERR
    default:
        return GSS_S_FAILURE;
    }
}

/* ntlmgss_fail - store code as the minor status; return its major. */
OM_uint32
ntlmgss_fail(OM_uint32 *minor_status, int code)
{
    if (minor_status != NULL)
        *minor_status = (OM_uint32)code;
    if (code != 0)
        NTLMGSS_TRACE("gss: returning minor 0x%08x (%s)", (unsigned)code,
                      ntlm_err_string(code));
    return ntlmgss_major(code);
}

bool
ntlmgss_is_our_mech(gss_const_OID oid)
{
    return oid != GSS_C_NO_OID && oid->length == NTLMGSS_MECH_OID_LENGTH &&
        memcmp(oid->elements, NTLMGSS_MECH_OID_BYTES,
               NTLMGSS_MECH_OID_LENGTH) == 0;
}

bool
ntlmgss_is_private_oid(gss_const_OID oid, unsigned leaf)
{
    const uint8_t *p;

    if (oid == GSS_C_NO_OID || leaf > 127 ||
        oid->length != NTLMGSS_OID_ARC_LENGTH + 1)
        return false;
    p = oid->elements;
    return memcmp(p, NTLMGSS_OID_ARC_BYTES, NTLMGSS_OID_ARC_LENGTH) == 0 &&
        p[NTLMGSS_OID_ARC_LENGTH] == leaf;
}

/* ntlmgss_buffer_set - fill buf with a malloc'd copy of len bytes (NUL
 * appended, not counted); an empty buffer has no value.  Returns 0 or
 * NTLM_ERR_NOMEM. */
int
ntlmgss_buffer_set(gss_buffer_t buf, const void *p, size_t len)
{
    uint8_t *v;

    buf->length = 0;
    buf->value = NULL;
    if (len == 0)       /* mechglue frees only non-empty buffers */
        return 0;
    v = malloc(len + 1);
    if (v == NULL)
        return NTLM_ERR_NOMEM;
    if (len > 0)
        memcpy(v, p, len);
    v[len] = 0;
    buf->value = v;
    buf->length = len;
    return 0;
}

/* ntlmgss_filetime_now - current time as a Windows FILETIME. */
uint64_t
ntlmgss_filetime_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return ((uint64_t)ts.tv_sec + 11644473600ULL) * 10000000ULL +
        (uint64_t)ts.tv_nsec / 100;
}

/*
 * ntlmgss_display_status - the message for one of our minor codes, with
 * the calling thread's detail when it concerns the same code.  Major codes
 * are displayed by mechglue itself.
 */
OM_uint32
ntlmgss_display_status(OM_uint32 *minor_status, OM_uint32 status, int type,
                       gss_OID mech, OM_uint32 *msg_ctx, gss_buffer_t out)
{
    const char *msg, *detail;
    char buf[512];
    int ret;

    *minor_status = 0;
    if (out != GSS_C_NO_BUFFER) {
        out->length = 0;
        out->value = NULL;
    }
    if (out == GSS_C_NO_BUFFER || msg_ctx == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    if (type != GSS_C_MECH_CODE)
        return GSS_S_BAD_STATUS;
    *msg_ctx = 0;
    if (ntlm_err_known(status)) {
        msg = ntlm_err_string((int)status);
        detail = ntlm_err_last_detail((int)status);
        if (detail != NULL && *detail != '\0')
            snprintf(buf, sizeof(buf), "%s (%s)", msg, detail);
        else
            snprintf(buf, sizeof(buf), "%s", msg);
    } else if (status == 0) {
        snprintf(buf, sizeof(buf), "Success");
    } else {
        snprintf(buf, sizeof(buf), "Unknown NTLM minor status %u",
                 (unsigned)status);
    }
    ret = ntlmgss_buffer_set(out, buf, strlen(buf));
    return ntlmgss_fail(minor_status, ret);
}
