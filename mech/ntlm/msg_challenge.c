/*
 * msg_challenge.c - CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2).
 *
 *  Offset  Size  Field
 *  ------  ----  ---------------------------------------------------------
 *       0     8  Signature "NTLMSSP\0"
 *       8     4  MessageType = 2
 *      12     8  TargetNameFields (Len u16, MaxLen u16, BufferOffset u32)
 *      20     4  NegotiateFlags
 *      24     8  ServerChallenge
 *      32     8  Reserved (ignored on receipt, zero on send)
 *      40     8  TargetInfoFields
 *      48     8  Version (only with NTLMSSP_NEGOTIATE_VERSION, see below)
 *   48/56     -  Payload: TargetName, TargetInfo (AV_PAIR list, 2.2.2.1)
 *
 * TargetName is UTF-16LE when NTLMSSP_NEGOTIATE_UNICODE is set (it wins
 * over NTLM_NEGOTIATE_OEM), else OEM.  VERSION is present when its flag is
 * set, the message has the 8 bytes and no non-empty payload field starts
 * before offset 56.  A non-empty TargetInfo must be a valid AV_PAIR list
 * (ntlm_av_decode); its raw bytes are kept.
 *
 * Encoding: payload in the order TargetName, TargetInfo; an empty field's
 * offset points where it would be, except an empty TargetInfo without
 * NTLMSSP_NEGOTIATE_TARGET_INFO, written as all zeros (as in the MS-NLMP
 * 4.2.2.3 example).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ntlm.h"
#include "../common/secure.h"

/*
 * ntlm_decode_challenge - decode a CHALLENGE_MESSAGE.  out borrows msg.
 */
int
ntlm_decode_challenge(const uint8_t *msg, size_t len,
                      struct ntlm_challenge *out)
{
    struct wire_in in;
    struct ntlm_challenge m;
    struct ntlm_av_list avl;
    uint32_t name_off = 0, info_off = 0, lowest;
    int ret;

    memset(out, 0, sizeof(*out));
    memset(&m, 0, sizeof(m));
    ret = ntlm_msg_begin(&in, msg, len, NTLM_MSG_CHALLENGE);
    if (ret != 0)
        return ret;
    if (wire_in_remaining(&in) < NTLM_CHALLENGE_HDR_LEN - 12)
        return NTLM_ERR_TRUNCATED;
    ret = wire_in_secbuf(&in, msg, len, NTLM_CHALLENGE_HDR_LEN,
                         &m.target_name, &name_off);
    if (ret != 0)
        return ret;
    (void)wire_in_u32le(&in, &m.flags);
    (void)wire_in_copy(&in, m.server_challenge, 8);
    (void)wire_in_skip(&in, 8);
    ret = wire_in_secbuf(&in, msg, len, NTLM_CHALLENGE_HDR_LEN,
                         &m.target_info, &info_off);
    if (ret != 0)
        return ret;
    ret = ntlm_msg_check_name(m.target_name,
                              (m.flags & NTLMSSP_NEGOTIATE_UNICODE) != 0);
    if (ret != 0)
        return ret;
    if (m.target_info.len > 0) {
        ret = ntlm_av_decode(m.target_info, &avl);
        if (ret != 0)
            return ret;
    }

    lowest = UINT32_MAX;
    if (m.target_name.len > 0 && name_off < lowest)
        lowest = name_off;
    if (m.target_info.len > 0 && info_off < lowest)
        lowest = info_off;
    ret = ntlm_msg_read_opt_version(&in, m.flags, lowest,
                                    NTLM_CHALLENGE_HDR_LEN, &m.version,
                                    &m.has_version);
    if (ret != 0)
        return ret;
    *out = m;
    return 0;
}

/*
 * ntlm_encode_challenge - encode m.  *out_msg malloc'd.
 */
int
ntlm_encode_challenge(const struct ntlm_challenge *m, uint8_t **out_msg,
                      size_t *out_len)
{
    struct wire_out w;
    size_t name_pos = 0, info_pos = 0;
    int ret = NTLM_ERR_INTERNAL;

    *out_msg = NULL;
    *out_len = 0;
    /* header and VERSION (56 bytes), then the two payload fields */
    wire_out_init_hint(&w, WIRE_OUT_DYNAMIC, m->target_name.len <
                       WIRE_HINT_MAX && m->target_info.len < WIRE_HINT_MAX ?
                       56 + m->target_name.len + m->target_info.len : 0);
    if (m->has_version && !(m->flags & NTLMSSP_NEGOTIATE_VERSION)) {
        ret = NTLM_ERR_INVALID_ARGUMENT;
        goto done;
    }
    ret = ntlm_msg_check_name(m->target_name,
                              (m->flags & NTLMSSP_NEGOTIATE_UNICODE) != 0);
    if (ret != 0)
        goto done;

    (void)ntlm_msg_write_header(&w, NTLM_MSG_CHALLENGE);
    (void)wire_out_reserve(&w, 8, &name_pos);
    (void)wire_out_u32le(&w, m->flags);
    (void)wire_out_bytes(&w, m->server_challenge, 8);
    (void)wire_out_zeros(&w, 8);
    (void)wire_out_reserve(&w, 8, &info_pos);
    if (m->has_version)
        (void)ntlm_msg_write_version(&w, &m->version);
    ret = ntlm_msg_put_payload(&w, name_pos, m->target_name);
    if (ret != 0)
        goto done;
    if (m->target_info.len > 0 ||
        (m->flags & NTLMSSP_NEGOTIATE_TARGET_INFO)) {
        ret = ntlm_msg_put_payload(&w, info_pos, m->target_info);
        if (ret != 0)
            goto done;
    }
    ret = wire_out_finish(&w, out_msg, out_len);
done:
    wire_out_cleanup(&w);
    return ret;
}
