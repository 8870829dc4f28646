/*
 * sspi_status.c - the one flag table and the one status table of the shim.
 *
 * Flags: each row says which ISC_REQ / ASC_REQ bit requests which GSS flag
 * and which ISC_RET / ASC_RET bit reports it back.  Flags with no GSS
 * meaning (ALLOCATE_MEMORY, CONNECTION) are handled by the callers.
 *
 * Statuses: a GSS major status is decoded by its fields (calling error,
 * routine error, supplementary bits), never compared with ==.  A minor code
 * published by the ntlmgss mechanism (include/ntlmgss_errors.def) or a
 * well-known krb5 code refines the answer first; an ntlmgss code that
 * SPNEGO passed on under another number is recognised by its text (see
 * map_minor_text).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "sspi_int.h"
#include "ntlmgss.h"

/* SEC_STATUS names used by ntlmgss_errors.def that Windows' SSPI never
 * returns: Windows reports these account states as a denied logon. */
#define SEC_E_ACCOUNT_DISABLED   SEC_E_LOGON_DENIED
#define SEC_E_ACCOUNT_EXPIRED    SEC_E_LOGON_DENIED
#define SEC_E_ACCOUNT_LOCKED_OUT SEC_E_LOGON_DENIED
#define SEC_E_PASSWORD_EXPIRED   SEC_E_LOGON_DENIED

/* gss-ntlmssp's private flag for connectionless NTLM. */
#define SSPI_GSS_DATAGRAM_FLAG 0x10000

static const struct flag_row {
    ULONG isc_req;
    ULONG asc_req;
    OM_uint32 gss;
    ULONG isc_ret;
    ULONG asc_ret;
} flag_table[] = {
    { ISC_REQ_DELEGATE, ASC_REQ_DELEGATE, GSS_C_DELEG_FLAG,
      ISC_RET_DELEGATE, ASC_RET_DELEGATE },
    { ISC_REQ_MUTUAL_AUTH, ASC_REQ_MUTUAL_AUTH, GSS_C_MUTUAL_FLAG,
      ISC_RET_MUTUAL_AUTH, ASC_RET_MUTUAL_AUTH },
    { ISC_REQ_REPLAY_DETECT, ASC_REQ_REPLAY_DETECT, GSS_C_REPLAY_FLAG,
      ISC_RET_REPLAY_DETECT, ASC_RET_REPLAY_DETECT },
    { ISC_REQ_SEQUENCE_DETECT, ASC_REQ_SEQUENCE_DETECT, GSS_C_SEQUENCE_FLAG,
      ISC_RET_SEQUENCE_DETECT, ASC_RET_SEQUENCE_DETECT },
    { ISC_REQ_CONFIDENTIALITY, ASC_REQ_CONFIDENTIALITY, GSS_C_CONF_FLAG,
      ISC_RET_CONFIDENTIALITY, ASC_RET_CONFIDENTIALITY },
    { ISC_REQ_INTEGRITY, ASC_REQ_INTEGRITY, GSS_C_INTEG_FLAG,
      ISC_RET_INTEGRITY, ASC_RET_INTEGRITY },
    { ISC_REQ_USE_DCE_STYLE, ASC_REQ_USE_DCE_STYLE, GSS_C_DCE_STYLE,
      ISC_RET_USED_DCE_STYLE, ASC_RET_USED_DCE_STYLE },
    { ISC_REQ_IDENTIFY, ASC_REQ_IDENTIFY, GSS_C_IDENTIFY_FLAG,
      ISC_RET_IDENTIFY, ASC_RET_IDENTIFY },
    { ISC_REQ_NULL_SESSION, ASC_REQ_ALLOW_NULL_SESSION, GSS_C_ANON_FLAG,
      ISC_RET_NULL_SESSION, ASC_RET_NULL_SESSION },
    { ISC_REQ_EXTENDED_ERROR, ASC_REQ_EXTENDED_ERROR,
      GSS_C_EXTENDED_ERROR_FLAG, ISC_RET_EXTENDED_ERROR,
      ASC_RET_EXTENDED_ERROR },
    { ISC_REQ_DATAGRAM, ASC_REQ_DATAGRAM, SSPI_GSS_DATAGRAM_FLAG,
      ISC_RET_DATAGRAM, ASC_RET_DATAGRAM },
};

#define NUM_FLAG_ROWS (sizeof(flag_table) / sizeof(flag_table[0]))

/* sspi_req_to_gss - GSS request flags for ISC_REQ (accept = 0) or ASC_REQ
 * (accept = 1) bits. */
OM_uint32
sspi_req_to_gss(ULONG req, int accept)
{
    OM_uint32 out = 0;
    size_t i;

    for (i = 0; i < NUM_FLAG_ROWS; i++) {
        if (req & (accept ? flag_table[i].asc_req : flag_table[i].isc_req))
            out |= flag_table[i].gss;
    }
    return out;
}

/* sspi_gss_to_ret - ISC_RET (accept = 0) or ASC_RET bits for GSS return
 * flags. */
ULONG
sspi_gss_to_ret(OM_uint32 gss_flags, int accept)
{
    ULONG out = 0;
    size_t i;

    for (i = 0; i < NUM_FLAG_ROWS; i++) {
        if (gss_flags & flag_table[i].gss)
            out |= accept ? flag_table[i].asc_ret : flag_table[i].isc_ret;
    }
    return out;
}

/* ---- minor codes ------------------------------------------------------ */

static const struct minor_row {
    OM_uint32 minor;
    SECURITY_STATUS sec;
} minor_table[] = {
#define NTLMGSS_ERR(name, num, major, sec, msg) \
    { NTLMGSS_MINOR_##name, sec },
#include "ntlmgss_errors.def"
#undef NTLMGSS_ERR
    /* MIT krb5 (com_err codes, passed through by the mechglue) */
    { (OM_uint32)KRB5KDC_ERR_PREAUTH_FAILED, SEC_E_LOGON_DENIED },
    { (OM_uint32)KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN, SEC_E_LOGON_DENIED },
    { (OM_uint32)KRB5KRB_AP_ERR_BAD_INTEGRITY, SEC_E_LOGON_DENIED },
    { (OM_uint32)KRB5KDC_ERR_CLIENT_REVOKED, SEC_E_LOGON_DENIED },
    { (OM_uint32)KRB5KDC_ERR_KEY_EXP, SEC_E_LOGON_DENIED },
    { (OM_uint32)KRB5_KDC_UNREACH, SEC_E_NO_AUTHENTICATING_AUTHORITY },
    { (OM_uint32)KRB5_REALM_UNKNOWN, SEC_E_NO_AUTHENTICATING_AUTHORITY },
    { (OM_uint32)KRB5_REALM_CANT_RESOLVE,
      SEC_E_NO_AUTHENTICATING_AUTHORITY },
    { (OM_uint32)KRB5_CONFIG_NODEFREALM, SEC_E_NO_AUTHENTICATING_AUTHORITY },
    { (OM_uint32)KRB5KRB_AP_ERR_SKEW, SEC_E_TIME_SKEW },
    { (OM_uint32)KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, SEC_E_TARGET_UNKNOWN },
    { (OM_uint32)KRB5KRB_AP_ERR_MODIFIED, SEC_E_WRONG_PRINCIPAL },
    { (OM_uint32)KRB5KRB_AP_ERR_TKT_EXPIRED, SEC_E_CONTEXT_EXPIRED },
    { (OM_uint32)KRB5_FCC_NOFILE, SEC_E_NO_CREDENTIALS },
    { (OM_uint32)KRB5_CC_NOTFOUND, SEC_E_NO_CREDENTIALS },
    { (OM_uint32)KRB5_KT_NOTFOUND, SEC_E_NO_CREDENTIALS },
    { (OM_uint32)ENOMEM, SEC_E_INSUFFICIENT_MEMORY },
};

#define NUM_MINOR_ROWS (sizeof(minor_table) / sizeof(minor_table[0]))

static int
map_minor(OM_uint32 minor, SECURITY_STATUS *out)
{
    size_t i;

    if (minor == 0)
        return 0;
    for (i = 0; i < NUM_MINOR_ROWS; i++) {
        if (minor_table[i].minor == minor) {
            *out = minor_table[i].sec;
            return 1;
        }
    }
    return 0;
}

/*
 * Under SPNEGO the minor code the caller sees is not the mechanism's:
 * SPNEGO passes on the number libgssapi gave it for the mechanism's code,
 * and libgssapi renumbers that again for SPNEGO (the mechglue's error map,
 * which keeps a code unchanged only for the first mechanism that uses
 * it).  The only public way back is gss_display_status, which follows the
 * map to the mechanism that produced the code.  ntlmgss displays a row's
 * message, optionally followed by " (detail)": a text is ours when it is
 * exactly a row's message or starts with it followed by " (".  The
 * longest such message wins (no message is then mistaken for a shorter
 * one it starts with).
 */
static const struct text_row {
    const char *msg;
    SECURITY_STATUS sec;
} text_table[] = {
#define NTLMGSS_ERR(name, num, major, sec, msg) { msg, sec },
#include "ntlmgss_errors.def"
#undef NTLMGSS_ERR
};

#define NUM_TEXT_ROWS (sizeof(text_table) / sizeof(text_table[0]))

static int
map_minor_text(OM_uint32 minor, SECURITY_STATUS *out)
{
    gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, tmp, msg_ctx = 0;
    const char *t;
    size_t i, n, best = 0;

    if (minor == 0)
        return 0;
    major = gss_display_status(&tmp, minor, GSS_C_MECH_CODE, GSS_C_NO_OID,
                               &msg_ctx, &text);
    if (GSS_ERROR(major) || text.value == NULL) {
        (void)gss_release_buffer(&tmp, &text);
        return 0;
    }
    t = text.value;
    for (i = 0; i < NUM_TEXT_ROWS; i++) {
        n = strlen(text_table[i].msg);
        if (n <= best || text.length < n ||
            memcmp(t, text_table[i].msg, n) != 0)
            continue;
        if (text.length != n &&
            (text.length < n + 2 || memcmp(t + n, " (", 2) != 0))
            continue;
        best = n;
        *out = text_table[i].sec;
    }
    (void)gss_release_buffer(&tmp, &text);
    return best != 0;
}

/* Routine error (major >> 16 & 0xff) -> status, by operation. */
static SECURITY_STATUS
map_routine(OM_uint32 routine, enum sspi_op op)
{
    switch (routine) {
    case GSS_S_BAD_MECH:
        return SEC_E_SECPKG_NOT_FOUND;
    case GSS_S_BAD_NAME:
    case GSS_S_BAD_NAMETYPE:
        if (op == SSPI_OP_TARGET || op == SSPI_OP_INIT)
            return SEC_E_TARGET_UNKNOWN;
        return SEC_E_UNKNOWN_CREDENTIALS;
    case GSS_S_BAD_BINDINGS:
        return SEC_E_BAD_BINDINGS;
    case GSS_S_BAD_SIG:
        return SEC_E_MESSAGE_ALTERED;
    case GSS_S_NO_CRED:
        return SEC_E_NO_CREDENTIALS;
    case GSS_S_NO_CONTEXT:
        return SEC_E_INVALID_HANDLE;
    case GSS_S_DEFECTIVE_TOKEN:
        return SEC_E_INVALID_TOKEN;
    case GSS_S_DEFECTIVE_CREDENTIAL:
        return op == SSPI_OP_ACCEPT ? SEC_E_LOGON_DENIED
                                    : SEC_E_NO_CREDENTIALS;
    case GSS_S_CREDENTIALS_EXPIRED:
    case GSS_S_CONTEXT_EXPIRED:
        return SEC_E_CONTEXT_EXPIRED;
    case GSS_S_BAD_QOP:
        return SEC_E_QOP_NOT_SUPPORTED;
    case GSS_S_UNAUTHORIZED:
        return SEC_E_LOGON_DENIED;
    case GSS_S_UNAVAILABLE:
        return SEC_E_UNSUPPORTED_FUNCTION;
    default:
        return SEC_E_INTERNAL_ERROR;
    }
}

/*
 * sspi_map_status - the SECURITY_STATUS for a GSS (major, minor) pair
 * returned while doing op.  ctx_flags are the context's GSS flags: the
 * sequence supplementary bits only matter when replay or sequence
 * detection is on.
 */
SECURITY_STATUS
sspi_map_status(OM_uint32 major, OM_uint32 minor, enum sspi_op op,
                OM_uint32 ctx_flags)
{
    SECURITY_STATUS sec;

    if (GSS_CALLING_ERROR(major)) {
        return op == SSPI_OP_MESSAGE ? SEC_E_INVALID_TOKEN
                                     : SEC_E_INVALID_PARAMETER;
    }
    if (GSS_ROUTINE_ERROR(major)) {
        /* A signature that does not verify is an altered message, even if
         * the mechanism also flags its sequence number (Windows checks
         * the MAC against its own counter). */
        if (op == SSPI_OP_MESSAGE &&
            GSS_ROUTINE_ERROR(major) == GSS_S_BAD_SIG)
            return SEC_E_MESSAGE_ALTERED;
        if (map_minor(minor, &sec) || map_minor_text(minor, &sec))
            return sec;
        /* A generic failure while checking the client's AUTHENTICATE
         * (a later accept leg) is a denied logon, as Windows reports it;
         * mechanisms without published minor codes (gss-ntlmssp) give
         * nothing more precise. */
        if (op == SSPI_OP_ACCEPT_LAST &&
            GSS_ROUTINE_ERROR(major) == GSS_S_FAILURE)
            return SEC_E_LOGON_DENIED;
        return map_routine(GSS_ROUTINE_ERROR(major),
                           op == SSPI_OP_ACCEPT_LAST ? SSPI_OP_ACCEPT : op);
    }
    if (major & GSS_S_CONTINUE_NEEDED)
        return SEC_I_CONTINUE_NEEDED;
    if (op == SSPI_OP_MESSAGE &&
        (major & (GSS_S_DUPLICATE_TOKEN | GSS_S_OLD_TOKEN |
                  GSS_S_UNSEQ_TOKEN | GSS_S_GAP_TOKEN)) &&
        (ctx_flags & (GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG)))
        return SEC_E_OUT_OF_SEQUENCE;
    if (op != SSPI_OP_MESSAGE &&
        (major & (GSS_S_DUPLICATE_TOKEN | GSS_S_OLD_TOKEN)))
        return SEC_E_INVALID_TOKEN;
    return SEC_E_OK;
}
