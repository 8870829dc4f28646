/*
 * wire_in.c - the bounds-checked reader.
 */
#include "config.h"

#include <string.h>

#include "wire.h"
#include "../common/errors.h"
#include "../common/secure.h"

void
wire_in_init(struct wire_in *in, const void *p, size_t len)
{
    in->ptr = p;
    in->len = (p == NULL) ? 0 : len;
    in->err = 0;
}

/* take - advance over n bytes, returning their start, or NULL (sticky). */
static const uint8_t *
take(struct wire_in *in, size_t n)
{
    const uint8_t *p;

    if (in->err)
        return NULL;
    if (n > in->len) {
        in->err = NTLM_ERR_TRUNCATED;
        return NULL;
    }
    p = in->ptr;
    in->ptr += n;
    in->len -= n;
    return p;
}

int
wire_in_u8(struct wire_in *in, uint8_t *out_v)
{
    const uint8_t *p = take(in, 1);

    *out_v = p ? p[0] : 0;
    return p ? 0 : in->err;
}

int
wire_in_u16le(struct wire_in *in, uint16_t *out_v)
{
    const uint8_t *p = take(in, 2);

    *out_v = p ? (uint16_t)(p[0] | (p[1] << 8)) : 0;
    return p ? 0 : in->err;
}

int
wire_in_u32le(struct wire_in *in, uint32_t *out_v)
{
    const uint8_t *p = take(in, 4);

    *out_v = p ? ((uint32_t)p[0] | (uint32_t)p[1] << 8 |
                  (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24) : 0;
    return p ? 0 : in->err;
}

int
wire_in_u64le(struct wire_in *in, uint64_t *out_v)
{
    uint32_t lo = 0, hi = 0;

    *out_v = 0;
    if (in->err || in->len < 8)
        return take(in, 8) ? 0 : in->err;
    (void)wire_in_u32le(in, &lo);
    (void)wire_in_u32le(in, &hi);
    *out_v = (uint64_t)hi << 32 | lo;
    return 0;
}

int
wire_in_copy(struct wire_in *in, void *out, size_t n)
{
    const uint8_t *p = take(in, n);

    if (p == NULL) {
        if (n > 0)
            memset(out, 0, n);
        return in->err;
    }
    if (n > 0)
        memcpy(out, p, n);
    return 0;
}

int
wire_in_bytes(struct wire_in *in, size_t n, struct wire_slice *out)
{
    const uint8_t *p = take(in, n);

    *out = p ? wire_slice_make(p, n) : WIRE_SLICE_EMPTY;
    return p ? 0 : in->err;
}

int
wire_in_skip(struct wire_in *in, size_t n)
{
    return take(in, n) ? 0 : in->err;
}

int
wire_in_expect(struct wire_in *in, const void *p, size_t n, int mismatch_err)
{
    const uint8_t *q = take(in, n);

    if (q == NULL)
        return in->err;
    if (!ntlm_ct_equal(p, q, n)) {
        in->err = mismatch_err;
        return mismatch_err;
    }
    return 0;
}

int
wire_in_finish(const struct wire_in *in)
{
    if (in->err)
        return in->err;
    return in->len ? NTLM_ERR_TRAILING_DATA : 0;
}

int
wire_field(const uint8_t *msg, size_t msg_len, uint32_t off, uint32_t len,
           size_t payload_min, struct wire_slice *out)
{
    *out = WIRE_SLICE_EMPTY;
    if (len == 0)
        return 0;
    if (msg == NULL || (size_t)off > msg_len)
        return NTLM_ERR_BAD_FIELD_OFFSET;
    if ((size_t)len > msg_len - (size_t)off)
        return NTLM_ERR_BAD_FIELD_OFFSET;
    if ((size_t)off < payload_min)
        return NTLM_ERR_BAD_FIELD_OFFSET;
    *out = wire_slice_make(msg + off, len);
    return 0;
}

int
wire_in_secbuf(struct wire_in *in, const uint8_t *msg, size_t msg_len,
               size_t payload_min, struct wire_slice *out, uint32_t *out_off)
{
    uint16_t len = 0, maxlen = 0;
    uint32_t off = 0;
    int ret;

    *out = WIRE_SLICE_EMPTY;
    if (out_off != NULL)
        *out_off = 0;
    (void)wire_in_u16le(in, &len);
    (void)wire_in_u16le(in, &maxlen);
    ret = wire_in_u32le(in, &off);
    if (ret != 0)
        return ret;
    if (out_off != NULL)
        *out_off = off;
    return wire_field(msg, msg_len, off, len, payload_min, out);
}
