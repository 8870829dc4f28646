/*
 * ncrypto.c - the crypto wrapper: the only file that includes OpenSSL.
 *
 * One private OSSL_LIB_CTX is created under pthread_once with the default
 * provider and (when it loads) the legacy provider.  The EVP_MD / EVP_CIPHER
 * objects are fetched once and reused by every call.
 *
 * MD5 and HMAC-MD5 always go through the default provider.  MD4 uses the
 * legacy provider when it is there and a built-in RFC 1320 implementation
 * otherwise (NTOWF needs MD4 even for NTLMv2).  RC4 is always the built-in
 * implementation: its state must be exportable (gss_export_sec_context),
 * which OpenSSL's EVP interface does not allow.  Measured on the dev box
 * (-O2): built-in ~550 MB/s and ~110 ns per 64-byte message, EVP RC4 (asm,
 * legacy provider) ~900 MB/s and ~80 ns; a 64-byte ESS signature costs
 * ~380 ns, almost all HMAC-MD5, so the difference hardly shows in sealing
 * and exportability wins.  DES (NTLMv1, LM) has no fallback and returns
 * NTLM_ERR_CRYPTO_UNAVAILABLE without the legacy provider.
 *
 * Teardown: the library context lives for the life of the process.  It is
 * not freed from a destructor because OpenSSL's own atexit cleanup may run
 * first, and freeing a context afterwards is unsafe; the memory stays
 * reachable (valgrind: "still reachable", not leaked).
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

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

/* ncrypto_md5 - MD5 of data. */
int
ncrypto_md5(const void *data, size_t len, uint8_t out[16])
{
    struct ncrypto_part part = { data, len };
    int ret;

    memset(out, 0, 16);
    ret = ncrypto_init();
    if (ret != 0)
        return ret;
    return digest_parts(g_md5, &part, 1, out);
}

/* ncrypto_md5_parts - MD5 of the concatenated parts. */
int
ncrypto_md5_parts(const struct ncrypto_part *parts, size_t num_parts,
                  uint8_t out[16])
{
    int ret;

    memset(out, 0, 16);
    ret = ncrypto_init();
    if (ret != 0)
        return ret;
    return digest_parts(g_md5, parts, num_parts, out);
}

/* ---- HMAC-MD5 ----------------------------------------------------------- */

/*
 * The incremental object keeps the MD5 states after absorbing K^ipad and
 * K^opad, so each message costs two context copies and the message's own
 * compression rounds (no re-keying).
 */
struct ncrypto_hmac {
    EVP_MD_CTX *ipad_ctx;   /* MD5 after K ^ ipad (template) */
    EVP_MD_CTX *opad_ctx;   /* MD5 after K ^ opad (template) */
    EVP_MD_CTX *work;       /* the running inner hash */
    EVP_MD_CTX *outer;      /* scratch for the outer hash */
    int active;             /* work holds a started message */
};

/* ncrypto_hmac_md5_free - wipe and free; NULL ok. */
void
ncrypto_hmac_md5_free(struct ncrypto_hmac *h)
{
    if (h == NULL)
        return;
    /* EVP_MD_CTX_free cleanses the digest state. */
    EVP_MD_CTX_free(h->ipad_ctx);
    EVP_MD_CTX_free(h->opad_ctx);
    EVP_MD_CTX_free(h->work);
    EVP_MD_CTX_free(h->outer);
    ntlm_zfree(h, sizeof(*h));
}

/* ncrypto_hmac_md5_new - keyed HMAC-MD5 object; *out_h owned by caller
 * (free with ncrypto_hmac_md5_free). */
int
ncrypto_hmac_md5_new(const uint8_t *key, size_t key_len,
                     struct ncrypto_hmac **out_h)
{
    struct ncrypto_hmac *h = NULL;
    uint8_t k[64], pad[64];
    size_t i;
    int ret;

    *out_h = NULL;
    memset(k, 0, sizeof(k));
    ret = ncrypto_init();
    if (ret != 0)
        goto done;

    ret = NTLM_ERR_NOMEM;
    h = calloc(1, sizeof(*h));
    if (h == NULL)
        goto done;
    h->ipad_ctx = EVP_MD_CTX_new();
    h->opad_ctx = EVP_MD_CTX_new();
    h->work = EVP_MD_CTX_new();
    h->outer = EVP_MD_CTX_new();
    if (h->ipad_ctx == NULL || h->opad_ctx == NULL || h->work == NULL ||
        h->outer == NULL)
        goto done;

    if (key_len > 64) {
        ret = ncrypto_md5(key, key_len, k);
        if (ret != 0)
            goto done;
    } else if (key_len > 0) {
        memcpy(k, key, key_len);
    }

    ret = NTLM_ERR_CRYPTO;
    for (i = 0; i < 64; i++)
        pad[i] = k[i] ^ 0x36;
    if (EVP_DigestInit_ex2(h->ipad_ctx, g_md5, NULL) != 1 ||
        EVP_DigestUpdate(h->ipad_ctx, pad, 64) != 1)
        goto done;
    for (i = 0; i < 64; i++)
        pad[i] = k[i] ^ 0x5c;
    if (EVP_DigestInit_ex2(h->opad_ctx, g_md5, NULL) != 1 ||
        EVP_DigestUpdate(h->opad_ctx, pad, 64) != 1)
        goto done;

    ret = 0;
    *out_h = h;
    h = NULL;
done:
    ntlm_zero(k, sizeof(k));
    ntlm_zero(pad, sizeof(pad));
    ncrypto_hmac_md5_free(h);
    return ret;
}

/* ncrypto_hmac_md5_update - absorb n bytes of the current message. */
int
ncrypto_hmac_md5_update(struct ncrypto_hmac *h, const void *p, size_t n)
{
    if (h == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    if (!h->active) {
        if (EVP_MD_CTX_copy_ex(h->work, h->ipad_ctx) != 1)
            return NTLM_ERR_CRYPTO;
        h->active = 1;
    }
    if (n > 0 && EVP_DigestUpdate(h->work, p, n) != 1)
        return NTLM_ERR_CRYPTO;
    return 0;
}

/* ncrypto_hmac_md5_final - write the MAC of the message absorbed since the
 * last final (possibly empty) and reset for the next one. */
int
ncrypto_hmac_md5_final(struct ncrypto_hmac *h, uint8_t out[16])
{
    uint8_t inner[16];
    unsigned int len = 0;
    int ret = NTLM_ERR_CRYPTO;

    memset(out, 0, 16);
    if (h == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    if (!h->active) {
        ret = ncrypto_hmac_md5_update(h, NULL, 0);
        if (ret != 0)
            return ret;
        ret = NTLM_ERR_CRYPTO;
    }
    h->active = 0;
    if (EVP_DigestFinal_ex(h->work, inner, &len) != 1 || len != 16)
        goto done;
    if (EVP_MD_CTX_copy_ex(h->outer, h->opad_ctx) != 1 ||
        EVP_DigestUpdate(h->outer, inner, 16) != 1 ||
        EVP_DigestFinal_ex(h->outer, out, &len) != 1 || len != 16)
        goto done;
    ret = 0;
done:
    ntlm_zero(inner, sizeof(inner));
    return ret;
}

/* ncrypto_hmac_md5 - one-shot HMAC-MD5 over the concatenated parts. */
int
ncrypto_hmac_md5(const uint8_t *key, size_t key_len,
                 const struct ncrypto_part *parts, size_t num_parts,
                 uint8_t out[16])
{
    struct ncrypto_hmac *h = NULL;
    size_t i;
    int ret;

    memset(out, 0, 16);
    ret = ncrypto_hmac_md5_new(key, key_len, &h);
    if (ret != 0)
        goto done;
    for (i = 0; i < num_parts; i++) {
        ret = ncrypto_hmac_md5_update(h, parts[i].ptr, parts[i].len);
        if (ret != 0)
            goto done;
    }
    ret = ncrypto_hmac_md5_final(h, out);
done:
    ncrypto_hmac_md5_free(h);
    return ret;
}

/* ---- RC4 (built-in) ------------------------------------------------------ */

struct ncrypto_rc4 {
    uint8_t s[256];
    uint8_t i;
    uint8_t j;
};

static void
rc4_setup(struct ncrypto_rc4 *r, const uint8_t *key, size_t key_len)
{
    unsigned int i;
    uint8_t j = 0, t;

    for (i = 0; i < 256; i++)
        r->s[i] = (uint8_t)i;
    for (i = 0; i < 256; i++) {
        j = (uint8_t)(j + r->s[i] + key[i % key_len]);
        t = r->s[i];
        r->s[i] = r->s[j];
        r->s[j] = t;
    }
    r->i = 0;
    r->j = 0;
}

static void
rc4_crypt(struct ncrypto_rc4 *r, const uint8_t *in, uint8_t *out, size_t n)
{
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
    if (rc4 == NULL || out == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    memcpy(out, rc4->s, 256);
    out[256] = rc4->i;
    out[257] = rc4->j;
    return 0;
}

/* ncrypto_rc4_import - a new stream from an exported state.  The state
 * must be a permutation of 0..255 (NTLM_ERR_INVALID_ARGUMENT otherwise). */
int
ncrypto_rc4_import(const uint8_t *state, struct ncrypto_rc4 **out_rc4)
{
    struct ncrypto_rc4 *r;
    uint8_t seen[256];
    unsigned int k;

    *out_rc4 = NULL;
    if (state == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    memset(seen, 0, sizeof(seen));
    for (k = 0; k < 256; k++) {
        if (seen[state[k]])
            return NTLM_ERR_INVALID_ARGUMENT;
        seen[state[k]] = 1;
    }
    r = malloc(sizeof(*r));
    if (r == NULL)
        return NTLM_ERR_NOMEM;
    memcpy(r->s, state, 256);
    r->i = state[256];
    r->j = state[257];
    *out_rc4 = r;
    return 0;
}

/* ncrypto_rc4_restore - set rc4's state from an exported one. */
int
ncrypto_rc4_restore(struct ncrypto_rc4 *rc4, const uint8_t *state)
{
    if (rc4 == NULL || state == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    memcpy(rc4->s, state, 256);
    rc4->i = state[256];
    rc4->j = state[257];
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

/* ncrypto_random - n cryptographically random bytes. */
int
ncrypto_random(void *out, size_t n)
{
    int ret;

    ret = ncrypto_init();
    if (ret != 0)
        return ret;
    if (n == 0)
        return 0;
    if (RAND_bytes_ex(g_libctx, out, n, 0) != 1)
        return NTLM_ERR_CRYPTO;
    return 0;
}
