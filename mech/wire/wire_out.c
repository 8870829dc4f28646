/*
 * wire_out.c - the writer: dynamic, zap (wiping) and fixed modes, with a
 * sticky error and poke functions for headers filled in afterwards.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "wire.h"
#include "../common/errors.h"
#include "../common/secure.h"

/* Largest message we will ever build (NTLM fields are 16-bit lengths). */
#define WIRE_OUT_MAX ((size_t)1 << 30)

void
wire_out_init(struct wire_out *out, enum wire_out_mode mode)
{
    memset(out, 0, sizeof(*out));
    out->mode = mode == WIRE_OUT_FIXED ? WIRE_OUT_DYNAMIC : mode;
}

void
wire_out_init_hint(struct wire_out *out, enum wire_out_mode mode, size_t hint)
{
    wire_out_init(out, mode);
    out->hint = hint < WIRE_OUT_MAX ? hint : WIRE_OUT_MAX;
}

void
wire_out_init_fixed(struct wire_out *out, void *buf, size_t cap)
{
    memset(out, 0, sizeof(*out));
    out->buf = buf;
    out->cap = cap;
    out->mode = WIRE_OUT_FIXED;
}

void
wire_out_cleanup(struct wire_out *out)
{
    if (out->mode != WIRE_OUT_FIXED) {
        if (out->mode == WIRE_OUT_ZAP)
            ntlm_zfree(out->buf, out->cap);
        else
            free(out->buf);
    }
    out->buf = NULL;
    out->len = out->cap = 0;
}

/* grow - make room for n more bytes; return a pointer to them or NULL. */
static uint8_t *
grow(struct wire_out *out, size_t n)
{
    size_t need, ncap;
    uint8_t *nb;

    if (out->err)
        return NULL;
    if (n > WIRE_OUT_MAX - out->len) {
        out->err = NTLM_ERR_TOO_LARGE;
        return NULL;
    }
    need = out->len + n;
    if (need > out->cap) {
        if (out->mode == WIRE_OUT_FIXED) {
            out->err = NTLM_ERR_BUFFER_TOO_SMALL;
            return NULL;
        }
        ncap = out->cap ? out->cap : out->hint > 0 ? out->hint : 64;
        while (ncap < need)
            ncap *= 2;
        if (out->mode == WIRE_OUT_ZAP) {
            nb = malloc(ncap);
            if (nb != NULL && out->len > 0)
                memcpy(nb, out->buf, out->len);
            if (nb != NULL)
                ntlm_zfree(out->buf, out->cap);
        } else {
            nb = realloc(out->buf, ncap);
        }
        if (nb == NULL) {
            out->err = NTLM_ERR_NOMEM;
            return NULL;
        }
        out->buf = nb;
        out->cap = ncap;
    }
    nb = out->buf + out->len;
    out->len += n;
    return nb;
}

int
wire_out_u8(struct wire_out *out, uint8_t v)
{
    uint8_t *p = grow(out, 1);

    if (p == NULL)
        return out->err;
    p[0] = v;
    return 0;
}

int
wire_out_u16le(struct wire_out *out, uint16_t v)
{
    uint8_t *p = grow(out, 2);

    if (p == NULL)
        return out->err;
    p[0] = v & 0xff;
    p[1] = v >> 8;
    return 0;
}

int
wire_out_u32le(struct wire_out *out, uint32_t v)
{
    uint8_t *p = grow(out, 4);

    if (p == NULL)
        return out->err;
    p[0] = v & 0xff;
    p[1] = (v >> 8) & 0xff;
    p[2] = (v >> 16) & 0xff;
    p[3] = v >> 24;
    return 0;
}

int
wire_out_u64le(struct wire_out *out, uint64_t v)
{
    (void)wire_out_u32le(out, (uint32_t)v);
    return wire_out_u32le(out, (uint32_t)(v >> 32));
}

int
wire_out_bytes(struct wire_out *out, const void *p, size_t n)
{
    uint8_t *q;

    if (n == 0)
        return out->err;
    q = grow(out, n);
    if (q == NULL)
        return out->err;
    memcpy(q, p, n);
    return 0;
}

int
wire_out_zeros(struct wire_out *out, size_t n)
{
    uint8_t *q;

    if (n == 0)
        return out->err;
    q = grow(out, n);
    if (q == NULL)
        return out->err;
    memset(q, 0, n);
    return 0;
}

uint8_t *
wire_out_extend(struct wire_out *out, size_t n)
{
    return grow(out, n);
}

int
wire_out_reserve(struct wire_out *out, size_t n, size_t *out_pos)
{
    size_t pos = out->len;
    int ret = wire_out_zeros(out, n);

    if (out_pos != NULL)
        *out_pos = ret == 0 ? pos : 0;
    return ret;
}

int
wire_out_poke_bytes(struct wire_out *out, size_t pos, const void *p, size_t n)
{
    if (out->err)
        return out->err;
    if (pos > out->len || n > out->len - pos) {
        out->err = NTLM_ERR_INTERNAL;
        return out->err;
    }
    if (n > 0)
        memcpy(out->buf + pos, p, n);
    return 0;
}

int
wire_out_poke_u16le(struct wire_out *out, size_t pos, uint16_t v)
{
    uint8_t b[2] = { v & 0xff, v >> 8 };

    return wire_out_poke_bytes(out, pos, b, 2);
}

int
wire_out_poke_u32le(struct wire_out *out, size_t pos, uint32_t v)
{
    uint8_t b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

    return wire_out_poke_bytes(out, pos, b, 4);
}

int
wire_out_finish(struct wire_out *out, uint8_t **out_buf, size_t *out_len)
{
    int ret = out->err;

    *out_buf = NULL;
    *out_len = 0;
    if (ret != 0) {
        wire_out_cleanup(out);
        return ret;
    }
    if (out->mode != WIRE_OUT_FIXED && out->buf == NULL) {
        out->buf = malloc(1);
        if (out->buf == NULL)
            return NTLM_ERR_NOMEM;
        out->cap = 1;
    }
    *out_buf = out->buf;
    *out_len = out->len;
    out->buf = NULL;
    out->len = out->cap = 0;
    return 0;
}
