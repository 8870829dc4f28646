/*
 * msg_authenticate.c - AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3).
 *
 *  Offset  Size  Field
 *  ------  ----  ---------------------------------------------------------
 *       0     8  Signature "NTLMSSP\0"
 *       8     4  MessageType = 3
 *      12     8  LmChallengeResponseFields (Len u16, MaxLen u16, Offset u32)
 *      20     8  NtChallengeResponseFields
 *      28     8  DomainNameFields
 *      36     8  UserNameFields
 *      44     8  WorkstationFields
 *      52     8  EncryptedRandomSessionKeyFields
 *      60     4  NegotiateFlags
 *      64     8  Version (see below)
 *      72    16  MIC (see below)
 *  64/72/88   -  Payload: DomainName, UserName, Workstation (UTF-16LE when
 *                NTLMSSP_NEGOTIATE_UNICODE, else OEM), LmChallengeResponse,
 *                NtChallengeResponse, EncryptedRandomSessionKey
 *
 * Presence of VERSION and MIC is decided from the lowest offset of the
 * non-empty payload fields (the message length if all are empty): VERSION
 * when NTLMSSP_NEGOTIATE_VERSION is set and that offset is >= 72 (clients
 * that set the flag but omit the field put their payload at 64); MIC when
 * the offset is >= 88.  Whether a MIC is required is the caller's decision
 * (MsvAvFlags).
 *
 * Length rules: LmChallengeResponse 0, 1 (anonymous Z(1)) or 24 bytes
 * (BAD_LM_RESPONSE); NtChallengeResponse 0, 24 (NTLMv1) or at least 44
 * (NTProofStr + the 28-byte NTLMv2 blob header) (BAD_NT_RESPONSE);
 * EncryptedRandomSessionKey 0 or 16 (BAD_SESSION_KEY_LEN); names at most
 * NTLM_MAX_NAME_LEN and even-length in Unicode.
 *
 * Encoding lays the payload out in the order above (as the MS-NLMP 4.2
 * examples do); an empty field's offset points where it would be.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ntlm.h"
#include "../common/secure.h"

#define NTLMV2_MIN_NT_RESPONSE_LEN (16 + 28)

/* check_fields - the per-field rules shared by decode and encode. */
static int
check_fields(const struct ntlm_authenticate *m)
{
    bool unicode = (m->flags & NTLMSSP_NEGOTIATE_UNICODE) != 0;
    size_t lm = m->lm_response.len, nt = m->nt_response.len;
    int ret;

    if (lm != 0 && lm != 1 && lm != 24)
        return NTLM_ERR_BAD_LM_RESPONSE;
    if (nt != 0 && nt != 24 && nt < NTLMV2_MIN_NT_RESPONSE_LEN)
        return NTLM_ERR_BAD_NT_RESPONSE;
    if (m->encrypted_session_key.len != 0 &&
        m->encrypted_session_key.len != 16)
        return NTLM_ERR_BAD_SESSION_KEY_LEN;
    ret = ntlm_msg_check_name(m->domain, unicode);
    if (ret != 0)
        return ret;
    ret = ntlm_msg_check_name(m->user, unicode);
    if (ret != 0)
        return ret;
    return ntlm_msg_check_name(m->workstation, unicode);
}

/*
 * ntlm_decode_authenticate - decode an AUTHENTICATE_MESSAGE.  out borrows
 * msg.
 */
int
ntlm_decode_authenticate(const uint8_t *msg, size_t len,
                         struct ntlm_authenticate *out)
{
    struct wire_in in;
    struct ntlm_authenticate m;
    struct wire_slice *fields[6];
    uint32_t offs[6], lowest;
    size_t i;
    int ret;

    memset(out, 0, sizeof(*out));
    memset(&m, 0, sizeof(m));
    fields[0] = &m.lm_response;
    fields[1] = &m.nt_response;
    fields[2] = &m.domain;
    fields[3] = &m.user;
    fields[4] = &m.workstation;
    fields[5] = &m.encrypted_session_key;
    ret = ntlm_msg_begin(&in, msg, len, NTLM_MSG_AUTHENTICATE);
    if (ret != 0)
        return ret;
    if (wire_in_remaining(&in) < NTLM_AUTHENTICATE_HDR_LEN - 12)
        return NTLM_ERR_TRUNCATED;
    for (i = 0; i < 6; i++) {
        ret = wire_in_secbuf(&in, msg, len, NTLM_AUTHENTICATE_HDR_LEN,
                             fields[i], &offs[i]);
        if (ret != 0)
            return ret;
    }
    ret = wire_in_u32le(&in, &m.flags);
    if (ret != 0)
        return ret;
    ret = check_fields(&m);
    if (ret != 0)
        return ret;

    lowest = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
    for (i = 0; i < 6; i++) {
        if (fields[i]->len > 0 && offs[i] < lowest)
            lowest = offs[i];
    }
    if (lowest >= NTLM_MIC_OFFSET) {
        /* The 8 bytes at 64 belong to the fixed part: VERSION if the flag
         * announces it, else unused (they are skipped). */
        if (m.flags & NTLMSSP_NEGOTIATE_VERSION) {
            ret = ntlm_msg_read_version(&in, &m.version);
            m.has_version = true;
        } else {
            ret = wire_in_skip(&in, NTLM_VERSION_LEN);
        }
        if (ret != 0)
            return ret;
    }
    if (lowest >= NTLM_MIC_OFFSET + NTLM_MIC_LEN) {
        ret = wire_in_copy(&in, m.mic, NTLM_MIC_LEN);
        if (ret != 0)
            return ret;
        m.has_mic = true;
    }
    *out = m;
    return 0;
}

/*
 * ntlm_encode_authenticate - encode m.  has_mic reserves VERSION space (the
 * VERSION itself when has_version, else zeros) and writes m->mic.  With
 * the VERSION flag set, has_mic requires has_version (otherwise the zeros
 * would decode as a VERSION).  *out_msg malloc'd.
 */
int
ntlm_encode_authenticate(const struct ntlm_authenticate *m,
                         uint8_t **out_msg, size_t *out_len)
{
    static const struct ntlm_version zero_version;
    struct wire_out w;
    const struct wire_slice *fields[6];
    size_t pos[6], i, hint;
    static const int order[6] = { 2, 3, 4, 0, 1, 5 };
    int ret = NTLM_ERR_INTERNAL;

    *out_msg = NULL;
    *out_len = 0;
    fields[0] = &m->lm_response;
    fields[1] = &m->nt_response;
    fields[2] = &m->domain;
    fields[3] = &m->user;
    fields[4] = &m->workstation;
    fields[5] = &m->encrypted_session_key;
    /* header, VERSION and MIC (88 bytes), then the payload fields */
    hint = 88;
    for (i = 0; i < 6; i++)
        hint += fields[i]->len < WIRE_HINT_MAX ? fields[i]->len : 0;
    wire_out_init_hint(&w, WIRE_OUT_DYNAMIC, hint);
    if ((m->has_version && !(m->flags & NTLMSSP_NEGOTIATE_VERSION)) ||
        (m->has_mic && (m->flags & NTLMSSP_NEGOTIATE_VERSION) &&
         !m->has_version)) {
        ret = NTLM_ERR_INVALID_ARGUMENT;
        goto done;
    }
    ret = check_fields(m);
    if (ret != 0)
        goto done;

    (void)ntlm_msg_write_header(&w, NTLM_MSG_AUTHENTICATE);
    for (i = 0; i < 6; i++)
        (void)wire_out_reserve(&w, 8, &pos[i]);
    (void)wire_out_u32le(&w, m->flags);
    if (m->has_version || m->has_mic) {
        (void)ntlm_msg_write_version(&w, m->has_version ? &m->version
                                                        : &zero_version);
    }
    if (m->has_mic)
        (void)wire_out_bytes(&w, m->mic, NTLM_MIC_LEN);
    for (i = 0; i < 6; i++) {
        ret = ntlm_msg_put_payload(&w, pos[order[i]], *fields[order[i]]);
        if (ret != 0)
            goto done;
    }
    ret = wire_out_finish(&w, out_msg, out_len);
done:
    wire_out_cleanup(&w);
    return ret;
}

/*
 * ntlm_authenticate_set_mic - store mic in the MIC field of an encoded
 * AUTHENTICATE message (which must have the field).
 */
int
ntlm_authenticate_set_mic(uint8_t *msg, size_t len,
                          const uint8_t mic[NTLM_MIC_LEN])
{
    struct ntlm_authenticate m;
    struct wire_out w;
    uint8_t *buf = NULL;
    size_t blen = 0;
    int ret;

    ret = ntlm_decode_authenticate(msg, len, &m);
    if (ret != 0)
        return ret;
    if (!m.has_mic)
        return NTLM_ERR_INVALID_ARGUMENT;
    /* Overwrite through a fixed-mode writer positioned on the field. */
    wire_out_init_fixed(&w, msg + NTLM_MIC_OFFSET, NTLM_MIC_LEN);
    ret = wire_out_bytes(&w, mic, NTLM_MIC_LEN);
    if (ret != 0)
        return ret;
    return wire_out_finish(&w, &buf, &blen);
}
