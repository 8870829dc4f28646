/*
 * wire.h - the bounds-checked reader and writer for NTLM wire data.
 *
 * Every byte that arrives from the network is read through struct wire_in,
 * and every (offset, length) security-buffer field is turned into memory by
 * wire_field() and by nothing else.  No GSSAPI, no OpenSSL.
 */
#ifndef NTLM_WIRE_H
#define NTLM_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* A borrowed view of bytes.  Never owns its memory. */
struct wire_slice {
    const uint8_t *ptr;
    size_t len;
};

#define WIRE_SLICE_EMPTY ((struct wire_slice){ NULL, 0 })

static inline struct wire_slice
wire_slice_make(const void *p, size_t len)
{
    struct wire_slice s = { (const uint8_t *)p, len };
    return s;
}

/* ---- reader ------------------------------------------------------------ */

/* A cursor over a slice; the first error sticks (later reads fail too). */
struct wire_in {
    const uint8_t *ptr;
    size_t len;     /* bytes remaining */
    int err;        /* 0 or the first error */
};

void wire_in_init(struct wire_in *in, const void *p, size_t len);

/* Each getter returns 0 or NTLM_ERR_TRUNCATED (or the sticky error); on
 * failure the output is zeroed and the cursor does not move. */
int wire_in_u8(struct wire_in *in, uint8_t *out_v);
int wire_in_u16le(struct wire_in *in, uint16_t *out_v);
int wire_in_u32le(struct wire_in *in, uint32_t *out_v);
int wire_in_u64le(struct wire_in *in, uint64_t *out_v);
/* Copy n bytes into out. */
int wire_in_copy(struct wire_in *in, void *out, size_t n);
/* Borrow n bytes as a slice (valid while the underlying buffer lives). */
int wire_in_bytes(struct wire_in *in, size_t n, struct wire_slice *out);
/* Skip n bytes. */
int wire_in_skip(struct wire_in *in, size_t n);
/* Consume n bytes that must equal p (constant-time compare); on mismatch
 * returns mismatch_err. */
int wire_in_expect(struct wire_in *in, const void *p, size_t n,
                   int mismatch_err);
/* 0 if the cursor has consumed everything and no error occurred, else the
 * sticky error or NTLM_ERR_TRAILING_DATA. */
int wire_in_finish(const struct wire_in *in);
/* Bytes remaining. */
static inline size_t wire_in_remaining(const struct wire_in *in)
{
    return in->err ? 0 : in->len;
}

/*
 * wire_field - THE ONLY function that turns an (offset, length) pair from
 * the wire into memory.  msg/msg_len is the whole message; the field must
 * satisfy off <= msg_len, len <= msg_len - off, and (when len > 0)
 * off >= payload_min (the end of the fixed header, so payload never overlaps
 * header fields).  A zero-length field yields an empty slice whatever its
 * offset.  Returns 0 or NTLM_ERR_BAD_FIELD_OFFSET.
 */
int wire_field(const uint8_t *msg, size_t msg_len, uint32_t off,
               uint32_t len, size_t payload_min, struct wire_slice *out);

/*
 * wire_in_secbuf - read an 8-byte security buffer header (Len u16, MaxLen
 * u16, Offset u32) from in and resolve it with wire_field().  MaxLen is
 * ignored as MS-NLMP says.  out_off receives the raw offset (may be NULL).
 */
int wire_in_secbuf(struct wire_in *in, const uint8_t *msg, size_t msg_len,
                   size_t payload_min, struct wire_slice *out,
                   uint32_t *out_off);

/* ---- writer ------------------------------------------------------------ */

/* Largest capacity hint worth allocating up front. */
#define WIRE_HINT_MAX ((size_t)64 * 1024)

enum wire_out_mode {
    WIRE_OUT_DYNAMIC = 0,   /* grows with realloc */
    WIRE_OUT_ZAP,           /* grows; old buffers wiped (for secrets) */
    WIRE_OUT_FIXED          /* caller's buffer; overflow = BUFFER_TOO_SMALL */
};

struct wire_out {
    uint8_t *buf;
    size_t len;
    size_t cap;
    size_t hint;            /* first allocation (0: 64 bytes) */
    enum wire_out_mode mode;
    int err;                /* sticky */
};

void wire_out_init(struct wire_out *out, enum wire_out_mode mode);
/* As wire_out_init; the first write allocates hint bytes at once, so a
 * writer whose size is known roughly never copies (or, in ZAP mode, wipes
 * and copies) while it grows.  Allocates nothing itself. */
void wire_out_init_hint(struct wire_out *out, enum wire_out_mode mode,
                        size_t hint);
void wire_out_init_fixed(struct wire_out *out, void *buf, size_t cap);
/* Frees (wiping in ZAP mode) a dynamic buffer not yet handed over. */
void wire_out_cleanup(struct wire_out *out);

/* Appenders: 0 or the sticky error (NTLM_ERR_NOMEM, _BUFFER_TOO_SMALL,
 * _TOO_LARGE). */
int wire_out_u8(struct wire_out *out, uint8_t v);
int wire_out_u16le(struct wire_out *out, uint16_t v);
int wire_out_u32le(struct wire_out *out, uint32_t v);
int wire_out_u64le(struct wire_out *out, uint64_t v);
int wire_out_bytes(struct wire_out *out, const void *p, size_t n);
int wire_out_zeros(struct wire_out *out, size_t n);
/* Append n bytes for the caller to fill at once (a converter's bulk
 * path): a pointer to them, valid until the next append, or NULL with the
 * sticky error set. */
uint8_t *wire_out_extend(struct wire_out *out, size_t n);
/* Reserve n bytes (zero-filled) and report their position. */
int wire_out_reserve(struct wire_out *out, size_t n, size_t *out_pos);
/* Overwrite already-written bytes at pos (header fields, the MIC). */
int wire_out_poke_u16le(struct wire_out *out, size_t pos, uint16_t v);
int wire_out_poke_u32le(struct wire_out *out, size_t pos, uint32_t v);
int wire_out_poke_bytes(struct wire_out *out, size_t pos, const void *p,
                        size_t n);
/*
 * wire_out_finish - hand over the buffer: *out_buf (malloc'd, caller
 * frees; for FIXED mode the caller's buffer) and *out_len.  Returns the
 * sticky error if any (then nothing is handed over and the buffer is freed).
 */
int wire_out_finish(struct wire_out *out, uint8_t **out_buf,
                    size_t *out_len);

#endif /* NTLM_WIRE_H */
