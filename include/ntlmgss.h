/*
 * ntlmgss.h - public extensions of the ntlmgss NTLMSSP GSSAPI mechanism.
 *
 * The mechanism OID, the extension OIDs it answers, and its minor status
 * codes (generated from ntlmgss_errors.def, which is installed next to this
 * header).  This header does not include <gssapi/gssapi.h>; the OIDs are
 * given as DER byte strings so that it can be used with or without GSSAPI.
 */
#ifndef NTLMGSS_H
#define NTLMGSS_H

#ifdef __cplusplus
extern "C" {
#endif

/* 1.3.6.1.4.1.311.2.2.10 */
#define NTLMGSS_MECH_OID_LENGTH 10
#define NTLMGSS_MECH_OID_BYTES "\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"

/*
 * Private OID arc used by the existing NTLM mechanism and by MIT's SPNEGO:
 * 1.3.6.1.4.1.7165.655.1.x.  We answer the same OIDs so that SPNEGO and
 * applications written for the existing mechanism keep working.
 */
#define NTLMGSS_OID_ARC_BYTES "\x2b\x06\x01\x04\x01\xb7\x7d\x85\x0f\x01"
#define NTLMGSS_OID_ARC_LENGTH 10
/* .1 set sequence number, .2 SPNEGO "require mechListMIC", .3 reset crypto,
 * .4 debug file, .5 default NEGOTIATE flags */
#define NTLMGSS_OID_SEQ_NUM          1
#define NTLMGSS_OID_SPNEGO_REQ_MIC   2
#define NTLMGSS_OID_RESET_CRYPTO     3
#define NTLMGSS_OID_DEBUG            4
#define NTLMGSS_OID_NEG_FLAGS        5
/* ours: .100 negotiated NTLM flags (uint32 little-endian), .101 last minor
 * code of the calling thread (uint32 little-endian) */
#define NTLMGSS_OID_NTLM_FLAGS       100
#define NTLMGSS_OID_LAST_MINOR       101
/*
 * .102 (gss_set_cred_option): Windows SSPI's flag rules for the contexts
 * this credential initiates: SEAL only when GSS_C_CONF_FLAG is asked, SIGN
 * for INTEG, REPLAY or SEQUENCE.  Without it the mechanism negotiates SIGN
 * and SEAL whenever any protection is asked (configuration key
 * seal_by_default, default yes), because GSS applications commonly call
 * gss_wrap(conf_req=1) without asking GSS_C_CONF_FLAG.  Value: an empty
 * buffer (or one non-zero byte) turns the rules on, one zero byte off.
 *
 * .5 (gss_set_cred_option, as the existing mechanism): the NEGOTIATE flags
 * the initiator starts from, a uint32 in host byte order (4 bytes); 0
 * restores the built-in defaults.  SIGN/SEAL are still added from the GSS
 * request flags.
 */
#define NTLMGSS_OID_WINDOWS_FLAGS    102
/* Full DER bytes of the private OIDs above (arc bytes + one leaf byte for
 * leaves < 128; leaf 102 is one byte too). */
#define NTLMGSS_OID_WINDOWS_FLAGS_BYTES NTLMGSS_OID_ARC_BYTES "\x66"
#define NTLMGSS_OID_NEG_FLAGS_BYTES     NTLMGSS_OID_ARC_BYTES "\x05"
#define NTLMGSS_OID_PRIVATE_LENGTH      (NTLMGSS_OID_ARC_LENGTH + 1)

/*
 * RFC 6680 name attributes of a name that gss_accept_sec_context returned
 * for a domain logon (verified by a domain controller through winbind),
 * read with gss_inquire_name / gss_get_name_attribute.  Values are SID
 * strings ("S-1-5-21-...-1104"), authenticated and complete.  Names of
 * user-file logons have no attributes.
 *   NTLMGSS_ATTR_USER_SID           the user's SID (one value)
 *   NTLMGSS_ATTR_PRIMARY_GROUP_SID  the primary group (one value)
 *   NTLMGSS_ATTR_GROUP_SID          every group SID the DC returned, in
 *                                   its order (multi-valued: loop with
 *                                   "more", starting at -1)
 */
#define NTLMGSS_ATTR_USER_SID           "urn:ntlmgss:sid:user"
#define NTLMGSS_ATTR_PRIMARY_GROUP_SID  "urn:ntlmgss:sid:primary-group"
#define NTLMGSS_ATTR_GROUP_SID          "urn:ntlmgss:sid:group"

/* Minor status codes. */
#define NTLMGSS_MINOR_BASE 0x4E4C4D00u /* "NLM\0" */

enum ntlmgss_minor {
#define NTLMGSS_ERR(name, num, major, sec, msg) \
    NTLMGSS_MINOR_##name = NTLMGSS_MINOR_BASE + (num),
#include "ntlmgss_errors.def"
#undef NTLMGSS_ERR
    NTLMGSS_MINOR_END_ = NTLMGSS_MINOR_BASE + 0xFF
};

#ifdef __cplusplus
}
#endif

#endif /* NTLMGSS_H */
