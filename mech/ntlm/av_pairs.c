/*
 * av_pairs.c - the AV_PAIR list (MS-NLMP 2.2.2.1) carried in CHALLENGE's
 * TargetInfo and in the NTLMv2 client blob.
 *
 *  Offset  Size  Field
 *  ------  ----  ---------------------------------------------------------
 *       0     2  AvId (enum ntlm_av_id)
 *       2     2  AvLen
 *       4  AvLen Value
 *  ... repeated, ending with MsvAvEOL (AvId 0, AvLen 0) and nothing after.
 *
 * Single_Host_Data (2.2.2.2): Size u32 (= AvLen), Z4, CustomData (8),
 * MachineID (32), then fields to ignore: at least 48 bytes.
 *
 * One rule table gives each known id its allowed value lengths; the
 * iterator applies it, requires EOL, rejects data after EOL and duplicate
 * known ids.  Unknown ids pass with any length (MS-NLMP: ignore them).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ntlm.h"
#include "../common/secure.h"

#define SINGLE_HOST_MIN_LEN 48

struct av_rule {
    uint16_t min_len;
    uint16_t max_len;
    bool even;          /* UTF-16LE names */
};

/* Indexed by AvId. */
static const struct av_rule av_rules[NTLM_AV_NUM_IDS] = {
    [MsvAvEOL]             = { 0, 0, false },
    [MsvAvNbComputerName]  = { 0, NTLM_MAX_NAME_LEN, true },
    [MsvAvNbDomainName]    = { 0, NTLM_MAX_NAME_LEN, true },
    [MsvAvDnsComputerName] = { 0, NTLM_MAX_NAME_LEN, true },
    [MsvAvDnsDomainName]   = { 0, NTLM_MAX_NAME_LEN, true },
    [MsvAvDnsTreeName]     = { 0, NTLM_MAX_NAME_LEN, true },
    [MsvAvFlags]           = { 4, 4, false },
    [MsvAvTimestamp]       = { 8, 8, false },
    [MsvAvSingleHost]      = { SINGLE_HOST_MIN_LEN, UINT16_MAX, false },
    [MsvAvTargetName]      = { 0, NTLM_MAX_NAME_LEN, true },
    [MsvAvChannelBindings] = { 16, 16, false },
};

/* check_value - apply the rule table (and SingleHost's Size field). */
static int
check_value(uint16_t id, struct wire_slice val)
{
    const struct av_rule *r;
    struct wire_in in;
    uint32_t size = 0;

    if (id >= NTLM_AV_NUM_IDS)
        return 0;
    r = &av_rules[id];
    if (val.len < r->min_len || val.len > r->max_len ||
        (r->even && val.len % 2 != 0))
        return NTLM_ERR_AV_BAD_LENGTH;
    if (id == MsvAvSingleHost) {
        wire_in_init(&in, val.ptr, val.len);
        (void)wire_in_u32le(&in, &size);
        if (size != val.len)
            return NTLM_ERR_AV_BAD_LENGTH;
    }
    return 0;
}

/* ntlm_av_iter_init - iterate over raw (borrowed). */
void
ntlm_av_iter_init(struct ntlm_av_iter *it, struct wire_slice raw)
{
    wire_in_init(&it->in, raw.ptr, raw.len);
    it->done = false;
    it->seen = 0;
}

/*
 * ntlm_av_next - the next pair: 0 with *out_id and *out_val (borrowed), or
 * AV_NO_EOL (list ends without EOL), AV_TRUNCATED, AV_BAD_LENGTH,
 * AV_DUPLICATE, AV_DATA_AFTER_EOL.  After EOL returns 0 with MsvAvEOL.
 */
int
ntlm_av_next(struct ntlm_av_iter *it, uint16_t *out_id,
             struct wire_slice *out_val)
{
    uint16_t id = 0, len = 0;
    struct wire_slice val = WIRE_SLICE_EMPTY;
    int ret;

    *out_id = MsvAvEOL;
    *out_val = WIRE_SLICE_EMPTY;
    if (it->done)
        return 0;
    if (it->in.err)
        return it->in.err;
    if (wire_in_remaining(&it->in) == 0) {
        it->in.err = NTLM_ERR_AV_NO_EOL;
        return it->in.err;
    }
    (void)wire_in_u16le(&it->in, &id);
    (void)wire_in_u16le(&it->in, &len);
    (void)wire_in_bytes(&it->in, len, &val);
    if (it->in.err) {
        it->in.err = NTLM_ERR_AV_TRUNCATED;
        return it->in.err;
    }
    if (id == MsvAvEOL) {
        if (len != 0)
            ret = NTLM_ERR_AV_BAD_LENGTH;
        else if (wire_in_remaining(&it->in) != 0)
            ret = NTLM_ERR_AV_DATA_AFTER_EOL;
        else
            ret = 0;
        if (ret != 0) {
            it->in.err = ret;
            return ret;
        }
        it->done = true;
        return 0;
    }
    ret = check_value(id, val);
    if (ret == 0 && id < NTLM_AV_NUM_IDS && (it->seen & (1u << id)))
        ret = NTLM_ERR_AV_DUPLICATE;
    if (ret != 0) {
        it->in.err = ret;
        return ret;
    }
    if (id < NTLM_AV_NUM_IDS)
        it->seen |= 1u << id;
    *out_id = id;
    *out_val = val;
    return 0;
}

/*
 * ntlm_av_decode - parse a whole list into out (values borrow raw).  An
 * empty raw is an empty list.
 */
int
ntlm_av_decode(struct wire_slice raw, struct ntlm_av_list *out)
{
    struct ntlm_av_iter it;
    struct ntlm_av_list l;
    struct wire_in in;
    struct wire_slice val;
    uint16_t id;
    int ret;

    memset(out, 0, sizeof(*out));
    memset(&l, 0, sizeof(l));
    if (raw.len == 0)
        return 0;
    ntlm_av_iter_init(&it, raw);
    for (;;) {
        ret = ntlm_av_next(&it, &id, &val);
        if (ret != 0)
            return ret;
        if (it.done)
            break;
        l.num_pairs++;
        if (id >= NTLM_AV_NUM_IDS)
            continue;
        l.present[id] = true;
        l.value[id] = val;
        wire_in_init(&in, val.ptr, val.len);
        if (id == MsvAvFlags)
            (void)wire_in_u32le(&in, &l.flags);
        else if (id == MsvAvTimestamp)
            (void)wire_in_u64le(&in, &l.timestamp);
    }
    *out = l;
    return 0;
}

/* ---- builder ---------------------------------------------------------- */

void
ntlm_av_builder_init(struct ntlm_av_builder *b)
{
    wire_out_init_hint(&b->out, WIRE_OUT_DYNAMIC, 256);
    b->seen = 0;
}

void
ntlm_av_builder_cleanup(struct ntlm_av_builder *b)
{
    wire_out_cleanup(&b->out);
    b->seen = 0;
}

/*
 * ntlm_av_add - append one pair (not EOL).  The value must satisfy the
 * decoder's rules; known ids at most once.  Errors stick to the builder.
 */
int
ntlm_av_add(struct ntlm_av_builder *b, uint16_t id, const void *val,
            size_t len)
{
    int ret;

    if (b->out.err)
        return b->out.err;
    if (id == MsvAvEOL || (val == NULL && len > 0))
        ret = NTLM_ERR_INVALID_ARGUMENT;
    else if (len > UINT16_MAX)
        ret = NTLM_ERR_TOO_LARGE;
    else if (id < NTLM_AV_NUM_IDS && (b->seen & (1u << id)))
        ret = NTLM_ERR_AV_DUPLICATE;
    else
        ret = check_value(id, wire_slice_make(val, len));
    if (ret != 0) {
        b->out.err = ret;
        return ret;
    }
    if (id < NTLM_AV_NUM_IDS)
        b->seen |= 1u << id;
    (void)wire_out_u16le(&b->out, id);
    (void)wire_out_u16le(&b->out, (uint16_t)len);
    return wire_out_bytes(&b->out, val, len);
}

int
ntlm_av_add_u32(struct ntlm_av_builder *b, uint16_t id, uint32_t v)
{
    uint8_t buf[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF,
                       v >> 24 };

    return ntlm_av_add(b, id, buf, sizeof(buf));
}

int
ntlm_av_add_u64(struct ntlm_av_builder *b, uint16_t id, uint64_t v)
{
    uint8_t buf[8];
    size_t i;

    for (i = 0; i < 8; i++)
        buf[i] = (uint8_t)(v >> (8 * i));
    return ntlm_av_add(b, id, buf, sizeof(buf));
}

/* ntlm_av_finish - append EOL and hand over the list (malloc'd). */
int
ntlm_av_finish(struct ntlm_av_builder *b, uint8_t **out_raw,
               size_t *out_len)
{
    (void)wire_out_u16le(&b->out, MsvAvEOL);
    (void)wire_out_u16le(&b->out, 0);
    return wire_out_finish(&b->out, out_raw, out_len);
}

/*
 * ntlm_av_rebuild_for_authenticate - copy server_info's pairs in order
 * (validating it), OR-ing add_flags into MsvAvFlags (added after the
 * server's pairs when absent and add_flags != 0), replacing or adding
 * MsvAvChannelBindings when cb_hash != NULL and MsvAvTargetName when
 * target_spn_utf16.ptr != NULL, then EOL.  *out_raw malloc'd.
 */
int
ntlm_av_rebuild_for_authenticate(struct wire_slice server_info,
                                 uint32_t add_flags, const uint8_t *cb_hash,
                                 struct wire_slice target_spn_utf16,
                                 uint8_t **out_raw, size_t *out_len)
{
    struct ntlm_av_builder b;
    struct ntlm_av_iter it;
    struct ntlm_av_list l;
    struct wire_slice val;
    bool have_spn = target_spn_utf16.ptr != NULL;
    uint16_t id;
    int ret;

    *out_raw = NULL;
    *out_len = 0;
    ntlm_av_builder_init(&b);
    ret = ntlm_av_decode(server_info, &l);
    if (ret != 0)
        goto done;
    if (server_info.len > 0) {
        ntlm_av_iter_init(&it, server_info);
        for (;;) {
            ret = ntlm_av_next(&it, &id, &val);
            if (ret != 0)
                goto done;
            if (it.done)
                break;
            if (id == MsvAvFlags) {
                ret = ntlm_av_add_u32(&b, id, l.flags | add_flags);
            } else if ((id == MsvAvChannelBindings && cb_hash != NULL) ||
                       (id == MsvAvTargetName && have_spn)) {
                continue;   /* replaced below */
            } else {
                ret = ntlm_av_add(&b, id, val.ptr, val.len);
            }
            if (ret != 0)
                goto done;
        }
    }
    if (!l.present[MsvAvFlags] && add_flags != 0) {
        ret = ntlm_av_add_u32(&b, MsvAvFlags, add_flags);
        if (ret != 0)
            goto done;
    }
    if (cb_hash != NULL) {
        ret = ntlm_av_add(&b, MsvAvChannelBindings, cb_hash, 16);
        if (ret != 0)
            goto done;
    }
    if (have_spn) {
        ret = ntlm_av_add(&b, MsvAvTargetName, target_spn_utf16.ptr,
                          target_spn_utf16.len);
        if (ret != 0)
            goto done;
    }
    ret = ntlm_av_finish(&b, out_raw, out_len);
done:
    ntlm_av_builder_cleanup(&b);
    return ret;
}
