/*
 * msg_negotiate.c - NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1) and the helpers the
 * three message codecs share (signature, VERSION 2.2.2.10, payload fields).
 *
 *  Offset  Size  Field
 *  ------  ----  ---------------------------------------------------------
 *       0     8  Signature "NTLMSSP\0"
 *       8     4  MessageType = 1
 *      12     4  NegotiateFlags
 *      16     8  DomainNameFields (Len u16, MaxLen u16, BufferOffset u32)
 *      24     8  WorkstationFields
 *      32     8  Version (only with NTLMSSP_NEGOTIATE_VERSION, see below)
 *   32/40     -  Payload: DomainName, WorkstationName (OEM)
 *
 * VERSION: present when the flag is set, the message has the 8 bytes and no
 * non-empty payload field starts before offset 40.  Clients such as curl
 * send a 32-byte message (flag set or not) without it.  DomainName and
 * WorkstationName are only read when NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED
 * / _OEM_WORKSTATION_SUPPLIED are set (otherwise MS-NLMP says the fields
 * carry no name and are ignored).
 *
 *  VERSION (2.2.2.10): ProductMajorVersion u8, ProductMinorVersion u8,
 *  ProductBuild u16, Reserved 3 bytes, NTLMRevisionCurrent u8.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ntlm.h"
#include "../common/secure.h"

/* ---- shared codec helpers --------------------------------------------- */

/* ntlm_msg_begin - consume and check the signature and message type. */
int
ntlm_msg_begin(struct wire_in *in, const uint8_t *msg, size_t len,
               uint32_t type)
{
    uint32_t t = 0;
    int ret;

    wire_in_init(in, msg, len);
    ret = wire_in_expect(in, NTLM_SIGNATURE, 8, NTLM_ERR_BAD_SIGNATURE_HDR);
    if (ret != 0)
        return ret;
    ret = wire_in_u32le(in, &t);
    if (ret != 0)
        return ret;
    if (t != type)
        return NTLM_ERR_BAD_MESSAGE_TYPE;
    return 0;
}

/* ntlm_msg_check_name - NAME_TOO_LONG, or BAD_UTF16 for odd Unicode. */
int
ntlm_msg_check_name(struct wire_slice name, bool unicode)
{
    if (name.len > NTLM_MAX_NAME_LEN)
        return NTLM_ERR_NAME_TOO_LONG;
    if (unicode && name.len % 2 != 0)
        return NTLM_ERR_BAD_UTF16;
    return 0;
}

/* ntlm_msg_read_version - read the 8-byte VERSION (reserved bytes are
 * ignored as MS-NLMP asks). */
int
ntlm_msg_read_version(struct wire_in *in, struct ntlm_version *out)
{
    memset(out, 0, sizeof(*out));
    (void)wire_in_u8(in, &out->major);
    (void)wire_in_u8(in, &out->minor);
    (void)wire_in_u16le(in, &out->build);
    (void)wire_in_skip(in, 3);
    return wire_in_u8(in, &out->revision);
}

/* ntlm_msg_read_opt_version - VERSION if announced and there is room
 * (see ntlm.h); 0 with *out_has false when it is absent. */
int
ntlm_msg_read_opt_version(struct wire_in *in, uint32_t flags, uint32_t lowest,
                          size_t hdr_len, struct ntlm_version *out,
                          bool *out_has)
{
    int ret;

    *out_has = false;
    memset(out, 0, sizeof(*out));
    if (!(flags & NTLMSSP_NEGOTIATE_VERSION) ||
        wire_in_remaining(in) < NTLM_VERSION_LEN ||
        lowest < hdr_len + NTLM_VERSION_LEN)
        return 0;
    ret = ntlm_msg_read_version(in, out);
    if (ret != 0)
        return ret;
    *out_has = true;
    return 0;
}

/* ntlm_msg_write_version - write the 8-byte VERSION (reserved = 0). */
int
ntlm_msg_write_version(struct wire_out *w, const struct ntlm_version *v)
{
    (void)wire_out_u8(w, v->major);
    (void)wire_out_u8(w, v->minor);
    (void)wire_out_u16le(w, v->build);
    (void)wire_out_zeros(w, 3);
    return wire_out_u8(w, v->revision);
}

/* ntlm_msg_write_header - signature and message type. */
int
ntlm_msg_write_header(struct wire_out *w, uint32_t type)
{
    (void)wire_out_bytes(w, NTLM_SIGNATURE, 8);
    return wire_out_u32le(w, type);
}

/*
 * ntlm_msg_put_payload - append field at the end of w and fill the security
 * buffer at hdr_pos (Len = MaxLen = field.len, Offset = where it starts,
 * which for an empty field is where it would have been).
 */
int
ntlm_msg_put_payload(struct wire_out *w, size_t hdr_pos,
                     struct wire_slice field)
{
    size_t off = w->len;

    if (field.len > UINT16_MAX || off > UINT32_MAX)
        return NTLM_ERR_TOO_LARGE;
    (void)wire_out_bytes(w, field.ptr, field.len);
    (void)wire_out_poke_u16le(w, hdr_pos, (uint16_t)field.len);
    (void)wire_out_poke_u16le(w, hdr_pos + 2, (uint16_t)field.len);
    return wire_out_poke_u32le(w, hdr_pos + 4, (uint32_t)off);
}

/*
 * ntlm_decode_message_type - check the signature and report the type
 * (1, 2 or 3; anything else is NTLM_ERR_BAD_MESSAGE_TYPE).
 */
int
ntlm_decode_message_type(const uint8_t *msg, size_t len,
                         uint32_t *out_type)
{
    struct wire_in in;
    uint32_t t = 0;
    int ret;

    *out_type = 0;
    wire_in_init(&in, msg, len);
    ret = wire_in_expect(&in, NTLM_SIGNATURE, 8, NTLM_ERR_BAD_SIGNATURE_HDR);
    if (ret != 0)
        return ret;
    ret = wire_in_u32le(&in, &t);
    if (ret != 0)
        return ret;
    if (t < NTLM_MSG_NEGOTIATE || t > NTLM_MSG_AUTHENTICATE)
        return NTLM_ERR_BAD_MESSAGE_TYPE;
    *out_type = t;
    return 0;
}

/* ---- NEGOTIATE -------------------------------------------------------- */

/*
 * ntlm_decode_negotiate - decode a NEGOTIATE_MESSAGE.  out borrows msg.
 */
int
ntlm_decode_negotiate(const uint8_t *msg, size_t len,
                      struct ntlm_negotiate *out)
{
    struct wire_in in;
    struct ntlm_negotiate m;
    uint32_t dom_off = 0, ws_off = 0, lowest;
    uint16_t dom_len = 0, ws_len = 0;
    int ret;

    memset(out, 0, sizeof(*out));
    memset(&m, 0, sizeof(m));
    ret = ntlm_msg_begin(&in, msg, len, NTLM_MSG_NEGOTIATE);
    if (ret != 0)
        return ret;
    ret = wire_in_u32le(&in, &m.flags);
    if (ret != 0)
        return ret;
    /* Both headers are read (truncation first), then resolved by
     * wire_field() only when their _SUPPLIED flag says they carry a name. */
    (void)wire_in_u16le(&in, &dom_len);
    (void)wire_in_skip(&in, 2);
    (void)wire_in_u32le(&in, &dom_off);
    (void)wire_in_u16le(&in, &ws_len);
    (void)wire_in_skip(&in, 2);
    ret = wire_in_u32le(&in, &ws_off);
    if (ret != 0)
        return ret;
    if (m.flags & NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED) {
        ret = wire_field(msg, len, dom_off, dom_len, NTLM_NEGOTIATE_HDR_LEN,
                         &m.domain);
        if (ret != 0)
            return ret;
    }
    if (m.flags & NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED) {
        ret = wire_field(msg, len, ws_off, ws_len, NTLM_NEGOTIATE_HDR_LEN,
                         &m.workstation);
        if (ret != 0)
            return ret;
    }
    ret = ntlm_msg_check_name(m.domain, false);
    if (ret != 0)
        return ret;
    ret = ntlm_msg_check_name(m.workstation, false);
    if (ret != 0)
        return ret;

    lowest = UINT32_MAX;
    if (m.domain.len > 0 && dom_off < lowest)
        lowest = dom_off;
    if (m.workstation.len > 0 && ws_off < lowest)
        lowest = ws_off;
    ret = ntlm_msg_read_opt_version(&in, m.flags, lowest,
                                    NTLM_NEGOTIATE_HDR_LEN, &m.version,
                                    &m.has_version);
    if (ret != 0)
        return ret;
    *out = m;
    return 0;
}

/*
 * ntlm_encode_negotiate - encode m (domain and workstation need their
 * _SUPPLIED flags; VERSION needs its flag).  *out_msg malloc'd.
 */
int
ntlm_encode_negotiate(const struct ntlm_negotiate *m, uint8_t **out_msg,
                      size_t *out_len)
{
    struct wire_out w;
    size_t dom_pos = 0, ws_pos = 0;
    int ret = NTLM_ERR_INTERNAL;

    *out_msg = NULL;
    *out_len = 0;
    wire_out_init_hint(&w, WIRE_OUT_DYNAMIC, 40 + m->domain.len +
                       m->workstation.len);
    if ((m->domain.len > 0 &&
         !(m->flags & NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED)) ||
        (m->workstation.len > 0 &&
         !(m->flags & NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED)) ||
        (m->has_version && !(m->flags & NTLMSSP_NEGOTIATE_VERSION))) {
        ret = NTLM_ERR_INVALID_ARGUMENT;
        goto done;
    }
    ret = ntlm_msg_check_name(m->domain, false);
    if (ret != 0)
        goto done;
    ret = ntlm_msg_check_name(m->workstation, false);
    if (ret != 0)
        goto done;

    (void)ntlm_msg_write_header(&w, NTLM_MSG_NEGOTIATE);
    (void)wire_out_u32le(&w, m->flags);
    (void)wire_out_reserve(&w, 8, &dom_pos);
    (void)wire_out_reserve(&w, 8, &ws_pos);
    if (m->has_version)
        (void)ntlm_msg_write_version(&w, &m->version);
    ret = ntlm_msg_put_payload(&w, dom_pos, m->domain);
    if (ret != 0)
        goto done;
    ret = ntlm_msg_put_payload(&w, ws_pos, m->workstation);
    if (ret != 0)
        goto done;
    ret = wire_out_finish(&w, out_msg, out_len);
done:
    wire_out_cleanup(&w);
    return ret;
}
