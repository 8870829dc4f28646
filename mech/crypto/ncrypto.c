/*
 * ncrypto.c - the crypto wrapper: the only file that includes OpenSSL.
 *
 * One private OSSL_LIB_CTX is created under pthread_once with the default
 * provider and (when it loads) the legacy provider.  The EVP_MD / EVP_CIPHER
 * objects are fetched once and reused by every call.
 *
 * Hot paths avoid EVP and the heap: MD5 and HMAC-MD5 use OpenSSL's
 * low-level MD5_CTX (assembly block function, state on the stack), and
 * HMAC keys are kept as the two MD5 chaining values after K^ipad and K^opad
 * (struct ncrypto_hmac_key), so a MAC costs the message's own blocks plus
 * two.  RC4 uses the low-level RC4() (assembly) on an RC4_KEY whose key
 * schedule is done here, so the state stays in OpenSSL's word layout and
 * can be exported (gss_export_sec_context).  These low-level functions are
 * deprecated in OpenSSL 3 (silenced in this file only) and bypass the
 * providers: RC4 and MD5 work without the legacy provider.  Builds whose
 * OpenSSL lacks low-level RC4 use the built-in byte loop instead.
 *
 * MD4 uses the legacy provider when it is there and a built-in RFC 1320
 * implementation otherwise (NTOWF needs MD4 even for NTLMv2).  DES (NTLMv1,
 * LM) has no fallback and returns NTLM_ERR_CRYPTO_UNAVAILABLE without the
 * legacy provider.
 *
 * Random bytes are drawn from the private context's DRBG 256 bytes at a
 * time into a per-thread buffer; bytes are wiped from it as they are handed
 * out, and a fork (pthread_atfork) discards every buffer in the child.
 *
 * Teardown: the library context lives for the life of the process.  It is
 * not freed from a destructor because OpenSSL's own atexit cleanup may run
 * first, and freeing a context afterwards is unsafe; the memory stays
 * reachable (valgrind: "still reachable", not leaked).
 */
/* Low-level MD5_* and RC4 are deprecated in OpenSSL 3; used on purpose. */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/md5.h>
#include <openssl/rand.h>
#if !defined(OPENSSL_NO_RC4) && !defined(OPENSSL_NO_DEPRECATED_3_0)
#include <openssl/rc4.h>
#define NCRYPTO_RC4_ASM 1
#endif
#if defined(OPENSSL_NO_MD5) || defined(OPENSSL_NO_DEPRECATED_3_0)
#error "ncrypto.c needs OpenSSL's low-level MD5 API"
#endif

#include "ncrypto.h"
#include "../common/errors.h"
#include "../common/secure.h"

/* ---- one-time initialisation ----------------------------------------- */

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_init_err = NTLM_ERR_INTERNAL;
static OSSL_LIB_CTX *g_libctx;
static OSSL_PROVIDER *g_prov_default;
static OSSL_PROVIDER *g_prov_legacy;
static EVP_MD *g_md5;
static EVP_MD *g_md4;           /* NULL without the legacy provider */
static EVP_CIPHER *g_des_ecb;   /* NULL without the legacy provider */
static uint32_t g_crc_table[256];

static void rand_atfork_child(void);

static void
crc32_table_init(void)
{
    uint32_t c;
    unsigned int i, k;

    for (i = 0; i < 256; i++) {
        c = i;
        for (k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        g_crc_table[i] = c;
    }
}

static void
ncrypto_once(void)
{
    crc32_table_init();
    (void)pthread_atfork(NULL, NULL, rand_atfork_child);

    g_libctx = OSSL_LIB_CTX_new();
    if (g_libctx == NULL) {
        g_init_err = NTLM_ERR_CRYPTO;
        return;
    }
    g_prov_default = OSSL_PROVIDER_load(g_libctx, "default");
    if (g_prov_default == NULL) {
        g_init_err = NTLM_ERR_CRYPTO;
        return;
    }
    g_md5 = EVP_MD_fetch(g_libctx, "MD5", NULL);
    if (g_md5 == NULL) {
        g_init_err = NTLM_ERR_CRYPTO;
        return;
    }

    /* The legacy provider is optional: leave no error on the queue. */
    ERR_set_mark();
    g_prov_legacy = OSSL_PROVIDER_load(g_libctx, "legacy");
    if (g_prov_legacy != NULL) {
        g_md4 = EVP_MD_fetch(g_libctx, "MD4", NULL);
        g_des_ecb = EVP_CIPHER_fetch(g_libctx, "DES-ECB", NULL);
    }
    ERR_pop_to_mark();
    g_init_err = 0;
}

/* ncrypto_init - idempotent; 0 or NTLM_ERR_CRYPTO when OpenSSL's default
 * provider (MD5) is unusable. */
int
ncrypto_init(void)
{
    if (pthread_once(&g_once, ncrypto_once) != 0)
        return NTLM_ERR_INTERNAL;
    return g_init_err;
}

/* ncrypto_legacy_available - 1 if DES (and native MD4) can be used. */
int
ncrypto_legacy_available(void)
{
    if (ncrypto_init() != 0)
        return 0;
    return g_md4 != NULL && g_des_ecb != NULL;
}

/* ---- built-in MD4 (RFC 1320), used without the legacy provider -------- */

struct md4_state {
    uint32_t h[4];
    uint64_t total;
    uint8_t buf[64];
    size_t buf_len;
};

#define MD4_ROTL(x, s) (((x) << (s)) | ((x) >> (32 - (s))))
#define MD4_F(x, y, z) (((x) & (y)) | (~(x) & (z)))
#define MD4_G(x, y, z) (((x) & (y)) | ((x) & (z)) | ((y) & (z)))
#define MD4_H(x, y, z) ((x) ^ (y) ^ (z))

static void
md4_block(uint32_t h[4], const uint8_t p[64])
{
    static const int r2[16] = { 0, 4, 8, 12, 1, 5, 9, 13,
                                2, 6, 10, 14, 3, 7, 11, 15 };
    static const int r3[16] = { 0, 8, 4, 12, 2, 10, 6, 14,
                                1, 9, 5, 13, 3, 11, 7, 15 };
    static const int s1[4] = { 3, 7, 11, 19 };
    static const int s2[4] = { 3, 5, 9, 13 };
    static const int s3[4] = { 3, 9, 11, 15 };
    uint32_t x[16], a = h[0], b = h[1], c = h[2], d = h[3], t;
    int i;

    for (i = 0; i < 16; i++) {
        x[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
               (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
    }
    for (i = 0; i < 16; i++) {
        t = a + MD4_F(b, c, d) + x[i];
        a = d; d = c; c = b;
        b = MD4_ROTL(t, s1[i % 4]);
    }
    for (i = 0; i < 16; i++) {
        t = a + MD4_G(b, c, d) + x[r2[i]] + 0x5A827999u;
        a = d; d = c; c = b;
        b = MD4_ROTL(t, s2[i % 4]);
    }
    for (i = 0; i < 16; i++) {
        t = a + MD4_H(b, c, d) + x[r3[i]] + 0x6ED9EBA1u;
        a = d; d = c; c = b;
        b = MD4_ROTL(t, s3[i % 4]);
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    ntlm_zero(x, sizeof(x));
}

static void
md4_update(struct md4_state *st, const uint8_t *p, size_t n)
{
    size_t take;

    st->total += n;
    while (n > 0) {
        if (st->buf_len == 0 && n >= 64) {
            md4_block(st->h, p);
            p += 64;
            n -= 64;
            continue;
        }
        take = 64 - st->buf_len;
        if (take > n)
            take = n;
        memcpy(st->buf + st->buf_len, p, take);
        st->buf_len += take;
        p += take;
        n -= take;
        if (st->buf_len == 64) {
            md4_block(st->h, st->buf);
            st->buf_len = 0;
        }
    }
}

static void
md4_builtin(const void *data, size_t len, uint8_t out[16])
{
    struct md4_state st;
    uint8_t pad[72];
    uint64_t bits;
    size_t pad_len;
    int i;

    st.h[0] = 0x67452301u;
    st.h[1] = 0xEFCDAB89u;
    st.h[2] = 0x98BADCFEu;
    st.h[3] = 0x10325476u;
    st.total = 0;
    st.buf_len = 0;
    md4_update(&st, data, len);

    bits = st.total * 8;
    pad_len = (st.buf_len < 56) ? 56 - st.buf_len : 120 - st.buf_len;
    memset(pad, 0, sizeof(pad));
    pad[0] = 0x80;
    for (i = 0; i < 8; i++)
        pad[pad_len + i] = (uint8_t)(bits >> (8 * i));
    md4_update(&st, pad, pad_len + 8);
    for (i = 0; i < 4; i++) {
        out[4 * i] = (uint8_t)st.h[i];
        out[4 * i + 1] = (uint8_t)(st.h[i] >> 8);
        out[4 * i + 2] = (uint8_t)(st.h[i] >> 16);
        out[4 * i + 3] = (uint8_t)(st.h[i] >> 24);
    }
    ntlm_zero(&st, sizeof(st));
}

/* ---- digests ------------------------------------------------------------ */

/*
 * MD5 goes through OpenSSL's low-level MD5_CTX (assembly block function, no
 * provider, no allocation).  The struct is public.  The opaque storage of
 * struct ncrypto_hmac_run is only ever accessed as an MD5_CTX (and wiped).
 */
typedef MD5_CTX md5_ctx;

_Static_assert(sizeof(md5_ctx) <= sizeof(((struct ncrypto_hmac_run *)0)->md),
               "struct ncrypto_hmac_run too small for MD5_CTX");

static int
digest_parts(const EVP_MD *md, const struct ncrypto_part *parts,
             size_t num_parts, uint8_t out[16])
{
    EVP_MD_CTX *ctx = NULL;
    unsigned int out_len = 0;
    size_t i;
    int ret = NTLM_ERR_CRYPTO;

    ctx = EVP_MD_CTX_new();
    if (ctx == NULL)
        return NTLM_ERR_NOMEM;
    if (EVP_DigestInit_ex2(ctx, md, NULL) != 1)
        goto done;
    for (i = 0; i < num_parts; i++) {
        if (parts[i].len > 0 &&
            EVP_DigestUpdate(ctx, parts[i].ptr, parts[i].len) != 1)
            goto done;
    }
    if (EVP_DigestFinal_ex(ctx, out, &out_len) != 1 || out_len != 16)
        goto done;
    ret = 0;
done:
    EVP_MD_CTX_free(ctx);
    return ret;
}

/* ncrypto_md4 - MD4 of data (legacy provider or built-in). */
int
ncrypto_md4(const void *data, size_t len, uint8_t out[16])
{
    struct ncrypto_part part = { data, len };
    int ret;

    memset(out, 0, 16);
    ret = ncrypto_init();
    if (ret != 0)
        return ret;
    if (g_md4 != NULL)
        return digest_parts(g_md4, &part, 1, out);
    md4_builtin(data, len, out);
    return 0;
}

/* ncrypto_md5_parts - MD5 of the concatenated parts. */
int
ncrypto_md5_parts(const struct ncrypto_part *parts, size_t num_parts,
                  uint8_t out[16])
{
    md5_ctx c;
    size_t i;

    memset(out, 0, 16);
    if (parts == NULL && num_parts > 0)
        return NTLM_ERR_INVALID_ARGUMENT;
    MD5_Init(&c);
    for (i = 0; i < num_parts; i++) {
        if (parts[i].len > 0)
            MD5_Update(&c, parts[i].ptr, parts[i].len);
    }
    MD5_Final(out, &c);
    ntlm_zero(&c, sizeof(c));
    return 0;
}

/* ncrypto_md5 - MD5 of data. */
int
ncrypto_md5(const void *data, size_t len, uint8_t out[16])
{
    struct ncrypto_part part = { data, len };

    return ncrypto_md5_parts(&part, 1, out);
}

/* ---- HMAC-MD5 ----------------------------------------------------------- */

/* Absorb one 64-byte pad block and keep the chaining value. */
static void
md5_pad_state(const uint8_t k[64], uint8_t x, uint32_t out[4])
{
    uint8_t pad[64];
    md5_ctx c;
    size_t i;

    for (i = 0; i < 64; i++)
        pad[i] = k[i] ^ x;
    MD5_Init(&c);
    MD5_Update(&c, pad, 64);
    out[0] = c.A;
    out[1] = c.B;
    out[2] = c.C;
    out[3] = c.D;
    ntlm_zero(pad, sizeof(pad));
    ntlm_zero(&c, sizeof(c));
}

/* An MD5 context that has absorbed exactly one block with chaining value
 * h (the K ^ pad block). */
static void
md5_resume(md5_ctx *c, const uint32_t h[4])
{
    c->A = h[0];
    c->B = h[1];
    c->C = h[2];
    c->D = h[3];
    c->Nl = 512;
    c->Nh = 0;
    c->num = 0;
}

/* ncrypto_hmac_md5_key - precompute the inner and outer states of key. */
int
ncrypto_hmac_md5_key(const uint8_t *key, size_t key_len,
                     struct ncrypto_hmac_key *out)
{
    uint8_t k[64];
    int ret;

    memset(out, 0, sizeof(*out));
    if (key == NULL && key_len > 0)
        return NTLM_ERR_INVALID_ARGUMENT;
    memset(k, 0, sizeof(k));
    if (key_len > 64) {
        ret = ncrypto_md5(key, key_len, k);
        if (ret != 0)
            return ret;
    } else if (key_len > 0) {
        memcpy(k, key, key_len);
    }
    md5_pad_state(k, 0x36, out->inner);
    md5_pad_state(k, 0x5c, out->outer);
    ntlm_zero(k, sizeof(k));
    return 0;
}

/* ncrypto_hmac_md5_begin - start a message under a precomputed key. */
int
ncrypto_hmac_md5_begin(struct ncrypto_hmac_run *r,
                       const struct ncrypto_hmac_key *k)
{
    if (r == NULL || k == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    md5_resume((md5_ctx *)r->md, k->inner);
    memcpy(r->outer, k->outer, sizeof(r->outer));
    return 0;
}

/* ncrypto_hmac_md5_add - absorb n bytes of the message. */
int
ncrypto_hmac_md5_add(struct ncrypto_hmac_run *r, const void *p, size_t n)
{
    if (r == NULL || (p == NULL && n > 0))
        return NTLM_ERR_INVALID_ARGUMENT;
    if (n > 0)
        MD5_Update((md5_ctx *)r->md, p, n);
    return 0;
}

/* ncrypto_hmac_md5_end - the MAC; r is wiped (begin again to reuse it). */
int
ncrypto_hmac_md5_end(struct ncrypto_hmac_run *r, uint8_t out[16])
{
    uint8_t inner[16];
    md5_ctx *c;

    memset(out, 0, 16);
    if (r == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    c = (md5_ctx *)r->md;
    MD5_Final(inner, c);
    md5_resume(c, r->outer);
    MD5_Update(c, inner, 16);
    MD5_Final(out, c);
    ntlm_zero(inner, sizeof(inner));
    ntlm_zero(r, sizeof(*r));
    return 0;
}

/*
 * The incremental object: the precomputed key and one running message.
 */
struct ncrypto_hmac {
    struct ncrypto_hmac_key key;
    struct ncrypto_hmac_run run;
    int active;             /* run holds a started message */
};

/* ncrypto_hmac_md5_free - wipe and free; NULL ok. */
void
ncrypto_hmac_md5_free(struct ncrypto_hmac *h)
{
    ntlm_zfree(h, sizeof(*h));
}

/* ncrypto_hmac_md5_new - keyed HMAC-MD5 object; *out_h owned by caller
 * (free with ncrypto_hmac_md5_free). */
int
ncrypto_hmac_md5_new(const uint8_t *key, size_t key_len,
                     struct ncrypto_hmac **out_h)
{
    struct ncrypto_hmac *h;
    int ret;

    *out_h = NULL;
    h = calloc(1, sizeof(*h));
    if (h == NULL)
        return NTLM_ERR_NOMEM;
    ret = ncrypto_hmac_md5_key(key, key_len, &h->key);
    if (ret != 0) {
        ncrypto_hmac_md5_free(h);
        return ret;
    }
    *out_h = h;
    return 0;
}

/* ncrypto_hmac_md5_update - absorb n bytes of the current message. */
int
ncrypto_hmac_md5_update(struct ncrypto_hmac *h, const void *p, size_t n)
{
    int ret;

    if (h == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    if (!h->active) {
        ret = ncrypto_hmac_md5_begin(&h->run, &h->key);
        if (ret != 0)
            return ret;
        h->active = 1;
    }
    return ncrypto_hmac_md5_add(&h->run, p, n);
}

/* ncrypto_hmac_md5_final - write the MAC of the message absorbed since the
 * last final (possibly empty) and reset for the next one. */
int
ncrypto_hmac_md5_final(struct ncrypto_hmac *h, uint8_t out[16])
{
    int ret;

    memset(out, 0, 16);
    if (h == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    if (!h->active) {
        ret = ncrypto_hmac_md5_begin(&h->run, &h->key);
        if (ret != 0)
            return ret;
    }
    h->active = 0;
    return ncrypto_hmac_md5_end(&h->run, out);
}

/* ncrypto_hmac_md5 - one-shot HMAC-MD5 over the concatenated parts (no
 * allocation). */
int
ncrypto_hmac_md5(const uint8_t *key, size_t key_len,
                 const struct ncrypto_part *parts, size_t num_parts,
                 uint8_t out[16])
{
    struct ncrypto_hmac_key k;
    struct ncrypto_hmac_run r;
    size_t i;
    int ret;

    memset(out, 0, 16);
    if (parts == NULL && num_parts > 0)
        return NTLM_ERR_INVALID_ARGUMENT;
    ret = ncrypto_hmac_md5_key(key, key_len, &k);
    if (ret != 0)
        goto done;
    ret = ncrypto_hmac_md5_begin(&r, &k);
    if (ret != 0)
        goto done;
    for (i = 0; i < num_parts; i++) {
        ret = ncrypto_hmac_md5_add(&r, parts[i].ptr, parts[i].len);
        if (ret != 0)
            goto done;
    }
    ret = ncrypto_hmac_md5_end(&r, out);
done:
    ntlm_zero(&k, sizeof(k));
    ntlm_zero(&r, sizeof(r));
    return ret;
}

/* ---- RC4 ------------------------------------------------------------------ */

/*
 * With OpenSSL's low-level RC4 (assembly; no provider involved, so it works
 * without the legacy provider) the state is an RC4_KEY in its word layout
 * (x, y, data[256] as RC4_INT), which export/import convert.  OpenSSL's
 * RC4_set_key chooses a byte layout on some old CPUs; then the key
 * schedule is redone here in C, so the layout is always the word one.
 * Without low-level RC4, a built-in byte loop.
 */
struct ncrypto_rc4 {
#ifdef NCRYPTO_RC4_ASM
    RC4_KEY k;
#else
    uint8_t s[256];
    uint8_t i;
    uint8_t j;
#endif
};

_Static_assert(sizeof(struct ncrypto_rc4) <= NCRYPTO_RC4_SNAPSHOT_LEN,
               "NCRYPTO_RC4_SNAPSHOT_LEN too small");

#ifdef NCRYPTO_RC4_ASM
#define RC4_S(r) ((r)->k.data)
#define RC4_I(r) ((r)->k.x)
#define RC4_J(r) ((r)->k.y)
#else
#define RC4_S(r) ((r)->s)
#define RC4_I(r) ((r)->i)
#define RC4_J(r) ((r)->j)
#endif

static void
rc4_setup(struct ncrypto_rc4 *r, const uint8_t *key, size_t key_len)
{
    unsigned int i, j = 0, t, k = 0;

#ifdef NCRYPTO_RC4_ASM
    /* OpenSSL's key schedule is a little faster; keep its result only in
     * the word layout (data[64] is then a permutation entry, while the
     * byte layout puts a 0xFFFFFFFF marker there). */
    RC4_set_key(&r->k, (int)key_len, key);
    if (r->k.data[64] <= 0xFF)
        return;
#endif
    for (i = 0; i < 256; i++)
        RC4_S(r)[i] = i;
    for (i = 0; i < 256; i++) {
        t = RC4_S(r)[i];
        j = (j + t + key[k]) & 0xFF;
        RC4_S(r)[i] = RC4_S(r)[j];
        RC4_S(r)[j] = t;
        if (++k == key_len)
            k = 0;
    }
    RC4_I(r) = 0;
    RC4_J(r) = 0;
}

static void
rc4_crypt(struct ncrypto_rc4 *r, const uint8_t *in, uint8_t *out, size_t n)
{
#ifdef NCRYPTO_RC4_ASM
    if (n > 0)
        RC4(&r->k, n, in, out);
#else
    uint8_t i = r->i, j = r->j, si, sj;
    uint8_t *s = r->s;
    size_t k;

    for (k = 0; k < n; k++) {
        i = (uint8_t)(i + 1);
        si = s[i];
        j = (uint8_t)(j + si);
        sj = s[j];
        s[i] = sj;
        s[j] = si;
        out[k] = in[k] ^ s[(uint8_t)(si + sj)];
    }
    r->i = i;
    r->j = j;
#endif
}

/* ncrypto_rc4_new - a keyed RC4 stream; owned by caller. */
int
ncrypto_rc4_new(const uint8_t *key, size_t key_len,
                struct ncrypto_rc4 **out_rc4)
{
    struct ncrypto_rc4 *r;

    *out_rc4 = NULL;
    if (key == NULL || key_len == 0 || key_len > 256)
        return NTLM_ERR_INVALID_ARGUMENT;
    r = malloc(sizeof(*r));
    if (r == NULL)
        return NTLM_ERR_NOMEM;
    rc4_setup(r, key, key_len);
    *out_rc4 = r;
    return 0;
}

/* ncrypto_rc4_update - en/decrypt len bytes, continuing the stream. */
int
ncrypto_rc4_update(struct ncrypto_rc4 *rc4, const uint8_t *in,
                   uint8_t *out, size_t len)
{
    if (rc4 == NULL || (len > 0 && (in == NULL || out == NULL)))
        return NTLM_ERR_INVALID_ARGUMENT;
    rc4_crypt(rc4, in, out, len);
    return 0;
}

/* ncrypto_rc4_free - wipe and free; NULL ok. */
void
ncrypto_rc4_free(struct ncrypto_rc4 *rc4)
{
    ntlm_zfree(rc4, sizeof(*rc4));
}

/* ncrypto_rc4_export - S[256], i, j into out (NCRYPTO_RC4_STATE_LEN). */
int
ncrypto_rc4_export(const struct ncrypto_rc4 *rc4, uint8_t *out)
{
    unsigned int k;

    if (rc4 == NULL || out == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
#if defined(NCRYPTO_RC4_ASM) && defined(__SSE2__)
    /* Words to bytes 16 at a time (every entry is below 256, so the
     * saturating packs are exact); the receive-state snapshot of every
     * unwrap/verify_mic comes through here. */
    for (k = 0; k < 256; k += 16) {
        const __m128i *w = (const __m128i *)(const void *)&rc4->k.data[k];
        __m128i lo = _mm_packs_epi32(_mm_loadu_si128(w),
                                     _mm_loadu_si128(w + 1));
        __m128i hi = _mm_packs_epi32(_mm_loadu_si128(w + 2),
                                     _mm_loadu_si128(w + 3));

        _mm_storeu_si128((__m128i *)(void *)(out + k),
                         _mm_packus_epi16(lo, hi));
    }
#else
    for (k = 0; k < 256; k++)
        out[k] = (uint8_t)RC4_S(rc4)[k];
#endif
    out[256] = (uint8_t)RC4_I(rc4);
    out[257] = (uint8_t)RC4_J(rc4);
    return 0;
}

static int
rc4_check_state(const uint8_t *state)
{
    uint8_t seen[256];
    unsigned int k;
    int ret = 0;

    memset(seen, 0, sizeof(seen));
    for (k = 0; k < 256; k++) {
        if (seen[state[k]])
            ret = NTLM_ERR_INVALID_ARGUMENT;
        seen[state[k]] = 1;
    }
    return ret;
}

static void
rc4_load(struct ncrypto_rc4 *r, const uint8_t *state)
{
    unsigned int k;

    for (k = 0; k < 256; k++)
        RC4_S(r)[k] = state[k];
    RC4_I(r) = state[256];
    RC4_J(r) = state[257];
}

/* ncrypto_rc4_import - a new stream from an exported state.  The state
 * must be a permutation of 0..255 (NTLM_ERR_INVALID_ARGUMENT otherwise). */
int
ncrypto_rc4_import(const uint8_t *state, struct ncrypto_rc4 **out_rc4)
{
    struct ncrypto_rc4 *r;

    *out_rc4 = NULL;
    if (state == NULL || rc4_check_state(state) != 0)
        return NTLM_ERR_INVALID_ARGUMENT;
    r = malloc(sizeof(*r));
    if (r == NULL)
        return NTLM_ERR_NOMEM;
    rc4_load(r, state);
    *out_rc4 = r;
    return 0;
}

/* ncrypto_rc4_restore - set rc4's state from an exported one. */
int
ncrypto_rc4_restore(struct ncrypto_rc4 *rc4, const uint8_t *state)
{
    if (rc4 == NULL || state == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    rc4_load(rc4, state);
    return 0;
}

/* ncrypto_rc4_snapshot - raw copy of the state into snap
 * (NCRYPTO_RC4_SNAPSHOT_LEN bytes; a secret: wipe it). */
int
ncrypto_rc4_snapshot(const struct ncrypto_rc4 *rc4, void *snap)
{
    if (rc4 == NULL || snap == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    memcpy(snap, rc4, sizeof(*rc4));
    return 0;
}

/* ncrypto_rc4_rollback - back to a snapshot taken from the same stream. */
int
ncrypto_rc4_rollback(struct ncrypto_rc4 *rc4, const void *snap)
{
    if (rc4 == NULL || snap == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    memcpy(rc4, snap, sizeof(*rc4));
    return 0;
}

/* ncrypto_rc4_oneshot - RC4 of len bytes under a fresh key. */
int
ncrypto_rc4_oneshot(const uint8_t *key, size_t key_len,
                    const uint8_t *in, uint8_t *out, size_t len)
{
    struct ncrypto_rc4 r;

    if (key == NULL || key_len == 0 || key_len > 256 ||
        (len > 0 && (in == NULL || out == NULL)))
        return NTLM_ERR_INVALID_ARGUMENT;
    rc4_setup(&r, key, key_len);
    rc4_crypt(&r, in, out, len);
    ntlm_zero(&r, sizeof(r));
    return 0;
}

/* ---- DES ------------------------------------------------------------------ */

/* Spread 56 key bits over 8 bytes, with odd parity in the low bit. */
static void
des_expand_key(const uint8_t k7[7], uint8_t k8[8])
{
    unsigned int i, b, ones;

    k8[0] = k7[0];
    k8[1] = (uint8_t)(k7[0] << 7 | k7[1] >> 1);
    k8[2] = (uint8_t)(k7[1] << 6 | k7[2] >> 2);
    k8[3] = (uint8_t)(k7[2] << 5 | k7[3] >> 3);
    k8[4] = (uint8_t)(k7[3] << 4 | k7[4] >> 4);
    k8[5] = (uint8_t)(k7[4] << 3 | k7[5] >> 5);
    k8[6] = (uint8_t)(k7[5] << 2 | k7[6] >> 6);
    k8[7] = (uint8_t)(k7[6] << 1);
    for (i = 0; i < 8; i++) {
        ones = 0;
        for (b = 1; b < 8; b++)
            ones += (k8[i] >> b) & 1;
        k8[i] = (uint8_t)((k8[i] & 0xFE) | ((ones & 1) ? 0 : 1));
    }
}

/* ncrypto_des_ecb_7 - DES-ECB of one block under a 7-byte key;
 * NTLM_ERR_CRYPTO_UNAVAILABLE without the legacy provider. */
int
ncrypto_des_ecb_7(const uint8_t key7[7], const uint8_t in[8],
                  uint8_t out[8])
{
    EVP_CIPHER_CTX *ctx = NULL;
    uint8_t k8[8];
    int out_len = 0, ret;

    memset(out, 0, 8);
    ret = ncrypto_init();
    if (ret != 0)
        return ret;
    if (g_des_ecb == NULL)
        return NTLM_ERR_CRYPTO_UNAVAILABLE;

    des_expand_key(key7, k8);
    ret = NTLM_ERR_NOMEM;
    ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL)
        goto done;
    ret = NTLM_ERR_CRYPTO;
    if (EVP_EncryptInit_ex2(ctx, g_des_ecb, k8, NULL, NULL) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx, 0) != 1 ||
        EVP_EncryptUpdate(ctx, out, &out_len, in, 8) != 1 || out_len != 8)
        goto done;
    ret = 0;
done:
    if (ret != 0)
        memset(out, 0, 8);
    EVP_CIPHER_CTX_free(ctx);
    ntlm_zero(k8, sizeof(k8));
    return ret;
}

/* ---- CRC32 and random ---------------------------------------------------- */

/* ncrypto_crc32 - continue a CRC-32 (IEEE 802.3, as zlib's crc32(): pass 0
 * to start). */
uint32_t
ncrypto_crc32(uint32_t crc, const void *p, size_t n)
{
    const uint8_t *b = p;

    (void)ncrypto_init();   /* builds the table */
    crc = ~crc;
    while (n--)
        crc = g_crc_table[(crc ^ *b++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

/*
 * Per-thread random buffer.  g_fork_gen changes in a forked child, which
 * then refills instead of repeating its parent's bytes.
 */
#define RAND_BUF_LEN 256
#define RAND_BUF_MAX_DIRECT 64  /* larger requests bypass the buffer */

struct rand_buf {
    uint8_t b[RAND_BUF_LEN];
    size_t avail;               /* unused bytes at the end of b */
    unsigned int gen;
};

static __thread struct rand_buf t_rand;
static unsigned int g_fork_gen;

static void
rand_atfork_child(void)
{
    __atomic_add_fetch(&g_fork_gen, 1, __ATOMIC_RELAXED);
    ntlm_zero(&t_rand, sizeof(t_rand));
}

/* ncrypto_random - n cryptographically random bytes. */
int
ncrypto_random(void *out, size_t n)
{
    struct rand_buf *rb = &t_rand;
    unsigned int gen;
    int ret;

    ret = ncrypto_init();
    if (ret != 0)
        return ret;
    if (n == 0)
        return 0;
    if (n > RAND_BUF_MAX_DIRECT) {
        if (RAND_bytes_ex(g_libctx, out, n, 0) != 1)
            return NTLM_ERR_CRYPTO;
        return 0;
    }
    gen = __atomic_load_n(&g_fork_gen, __ATOMIC_RELAXED);
    if (rb->gen != gen || rb->avail < n) {
        ntlm_zero(rb, sizeof(*rb));
        if (RAND_bytes_ex(g_libctx, rb->b, RAND_BUF_LEN, 0) != 1) {
            ntlm_zero(rb, sizeof(*rb));
            return NTLM_ERR_CRYPTO;
        }
        rb->avail = RAND_BUF_LEN;
        rb->gen = gen;
    }
    rb->avail -= n;
    memcpy(out, rb->b + rb->avail, n);
    ntlm_zero(rb->b + rb->avail, n);
    return 0;
}
