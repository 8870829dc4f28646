/* gsstest.c - helpers shared by the suites (public GSSAPI only). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gsstest.h"

static gss_name_t
import(const char *s, gss_OID type)
{
    gss_buffer_desc b = { strlen(s), (void *)s };
    gss_name_t n = GSS_C_NO_NAME;
    OM_uint32 maj, min;

    maj = gss_import_name(&min, &b, type, &n);
    ck_assert_msg(maj == GSS_S_COMPLETE, "import_name(%s) %x/%x", s, maj,
                  min);
    return n;
}

gss_name_t
t_user(const char *s)
{
    return import(s, GSS_C_NT_USER_NAME);
}

gss_name_t
t_service(const char *s)
{
    return import(s, GSS_C_NT_HOSTBASED_SERVICE);
}

gss_cred_id_t
t_init_cred(const char *user, const char *pw)
{
    gss_buffer_desc b = { strlen(pw), (void *)pw };
    gss_cred_id_t c = GSS_C_NO_CREDENTIAL;
    gss_name_t n = t_user(user);
    OM_uint32 maj, min;

    maj = gss_acquire_cred_with_password(&min, n, &b, 0, &t_ntlm_set,
                                         GSS_C_INITIATE, &c, NULL, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "acquire_cred_with_password "
                  "%x/%x", maj, min);
    gss_release_name(&min, &n);
    return c;
}

gss_cred_id_t
t_acc_cred(void)
{
    gss_cred_id_t c = GSS_C_NO_CREDENTIAL;
    OM_uint32 maj, min;

    maj = gss_acquire_cred(&min, GSS_C_NO_NAME, 0, &t_ntlm_set,
                           GSS_C_ACCEPT, &c, NULL, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "acquire acceptor cred %x/%x",
                  maj, min);
    return c;
}

int
t_handshake(struct t_hs *h, gss_cred_id_t ic, gss_cred_id_t ac,
            OM_uint32 flags)
{
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc aout = GSS_C_EMPTY_BUFFER;
    gss_OID mech = h->mech != GSS_C_NO_OID ? h->mech : &t_ntlm_oid;
    OM_uint32 min;
    int step, astep = 0;

    h->imaj = h->amaj = GSS_S_CONTINUE_NEEDED;
    /* mechglue insists on a target name */
    if (h->target == GSS_C_NO_NAME)
        h->target = t_service("HTTP@testsrv.example.test");
    for (step = 0; step < 6; step++) {
        h->imaj = gss_init_sec_context(&h->imin, ic, &h->ictx, h->target,
                                       mech, flags, h->time_req, h->icb,
                                       &in, NULL, &out, &h->iflags, NULL);
        gss_release_buffer(&min, &in);
        if (GSS_ERROR(h->imaj)) {
            gss_release_buffer(&min, &out);
            return 0;
        }
        if (out.length == 0) {
            break;
        }
        if (h->tamper_to_acc != NULL)
            h->tamper_to_acc(astep, &out);
        astep++;
        if (h->src != GSS_C_NO_NAME)
            gss_release_name(&min, &h->src);
        h->amaj = gss_accept_sec_context(&h->amin, &h->actx, ac, &out,
                                         h->acb, &h->src, NULL, &aout,
                                         &h->aflags, NULL, NULL);
        gss_release_buffer(&min, &out);
        if (GSS_ERROR(h->amaj)) {
            gss_release_buffer(&min, &aout);
            return 0;
        }
        if (aout.length == 0)
            break;
        if (h->tamper_to_init != NULL)
            h->tamper_to_init(&aout);
        in = aout;
        aout.length = 0;
        aout.value = NULL;
        if (h->imaj == GSS_S_COMPLETE && h->amaj != GSS_S_COMPLETE)
            continue;
    }
    return h->imaj == GSS_S_COMPLETE && h->amaj == GSS_S_COMPLETE;
}

void
t_hs_cleanup(struct t_hs *h)
{
    OM_uint32 min;

    gss_delete_sec_context(&min, &h->ictx, GSS_C_NO_BUFFER);
    gss_delete_sec_context(&min, &h->actx, GSS_C_NO_BUFFER);
    gss_release_name(&min, &h->src);
    gss_release_name(&min, &h->target);
}

void
t_pair(struct t_hs *h)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac = t_acc_cred();
    OM_uint32 min;
    int ok;

    memset(h, 0, sizeof(*h));
    h->target = t_service("HTTP@testsrv.example.test");
    ok = t_handshake(h, ic, ac, GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG |
                     GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG);
    ck_assert_msg(ok, "handshake: init %x/%x accept %x/%x", h->imaj,
                  h->imin, h->amaj, h->amin);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}

/* ---- a legacy client's primitives ---------------------------------------
 *
 * The mechanism's initiator sends NTLMv2 only, so the acceptor's
 * compat_level tests need an NTLMv1 / LM client written here.  These are
 * plain textbook implementations (RFC 1320, RFC 1321, FIPS 46-3, RC4),
 * independent of the module (this suite uses only the public GSSAPI), and
 * checked against the MS-NLMP 4.2.2 and 4.2.3 known answers by
 * t_legacy_known_answers.  Slow and not constant-time: tests only.
 */

static uint32_t
rol32(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

/* MD4 (which = 4) or MD5 (which = 5) of p[0..n). */
static void
md45(int which, const uint8_t *p, size_t n, uint8_t out[16])
{
    static const uint32_t k5[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf,
        0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af,
        0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e,
        0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
        0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6,
        0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
        0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
        0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
        0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97,
        0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d,
        0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
        0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
    };
    static const int r5[16] = { 7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23,
                                6, 10, 15, 21 };
    static const int r4[12] = { 3, 7, 11, 19, 3, 5, 9, 13, 3, 9, 11, 15 };
    static const int o4[2][16] = {
        { 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15 },
        { 0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15 }
    };
    uint32_t h[4] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 };
    uint8_t *m;
    size_t len = ((n + 8) / 64 + 1) * 64, blk, i;
    uint64_t bits = (uint64_t)n * 8;

    m = calloc(1, len);
    ck_assert_ptr_nonnull(m);
    if (n > 0)
        memcpy(m, p, n);
    m[n] = 0x80;
    for (i = 0; i < 8; i++)
        m[len - 8 + i] = (uint8_t)(bits >> (8 * i));
    for (blk = 0; blk < len; blk += 64) {
        uint32_t x[16], a = h[0], b = h[1], c = h[2], d = h[3], f, t;
        int j, g;

        for (j = 0; j < 16; j++)
            x[j] = (uint32_t)m[blk + 4 * j] |
                (uint32_t)m[blk + 4 * j + 1] << 8 |
                (uint32_t)m[blk + 4 * j + 2] << 16 |
                (uint32_t)m[blk + 4 * j + 3] << 24;
        for (j = 0; j < (which == 5 ? 64 : 48); j++) {
            if (which == 5) {
                if (j < 16) {
                    f = (b & c) | (~b & d);
                    g = j;
                } else if (j < 32) {
                    f = (d & b) | (~d & c);
                    g = (5 * j + 1) % 16;
                } else if (j < 48) {
                    f = b ^ c ^ d;
                    g = (3 * j + 5) % 16;
                } else {
                    f = c ^ (b | ~d);
                    g = (7 * j) % 16;
                }
                t = d;
                d = c;
                c = b;
                b = b + rol32(a + f + k5[j] + x[g], r5[(j / 16) * 4 + j % 4]);
                a = t;
            } else {
                if (j < 16) {
                    f = ((b & c) | (~b & d)) + x[j];
                } else if (j < 32) {
                    f = ((b & c) | (b & d) | (c & d)) + x[o4[0][j - 16]] +
                        0x5a827999;
                } else {
                    f = (b ^ c ^ d) + x[o4[1][j - 32]] + 0x6ed9eba1;
                }
                t = d;
                d = c;
                c = b;
                b = rol32(a + f, r4[(j / 16) * 4 + j % 4]);
                a = t;
            }
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
    }
    for (i = 0; i < 16; i++)
        out[i] = (uint8_t)(h[i / 4] >> (8 * (i % 4)));
    free(m);
}

void
t_md4(const void *p, size_t n, uint8_t out[16])
{
    md45(4, p, n, out);
}

void
t_md5(const void *p, size_t n, uint8_t out[16])
{
    md45(5, p, n, out);
}

void
t_hmac_md5(const uint8_t *key, size_t key_len, const void *p, size_t n,
           uint8_t out[16])
{
    uint8_t k[64], inner[16], *buf;
    size_t i;

    ck_assert_uint_le(key_len, 64);
    memset(k, 0, sizeof(k));
    memcpy(k, key, key_len);
    buf = malloc(64 + (n > 16 ? n : 16));
    ck_assert_ptr_nonnull(buf);
    for (i = 0; i < 64; i++)
        buf[i] = k[i] ^ 0x36;
    if (n > 0)
        memcpy(buf + 64, p, n);
    t_md5(buf, 64 + n, inner);
    for (i = 0; i < 64; i++)
        buf[i] = k[i] ^ 0x5c;
    memcpy(buf + 64, inner, 16);
    t_md5(buf, 64 + 16, out);
    free(buf);
}

/* DES tables (FIPS 46-3), bit positions counted from 1 at the left. */
static const uint8_t des_ip[64] = {
    58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
    62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
    57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
    61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7
};
static const uint8_t des_fp[64] = {
    40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31,
    38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
    36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27,
    34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25
};
static const uint8_t des_e[48] = {
    32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13,
    12, 13, 14, 15, 16, 17, 16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25,
    24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1
};
static const uint8_t des_p[32] = {
    16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
    2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25
};
static const uint8_t des_pc1[56] = {
    57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18,
    10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
    63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
    14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4
};
static const uint8_t des_pc2[48] = {
    14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4,
    26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47, 55, 30, 40,
    51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32
};
static const uint8_t des_shift[16] = {
    1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1
};
static const uint8_t des_s[8][64] = {
    { 14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
      0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
      4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
      15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13 },
    { 15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
      3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
      0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
      13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9 },
    { 10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
      13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
      13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
      1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12 },
    { 7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
      13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
      10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
      3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14 },
    { 2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
      14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
      4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
      11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3 },
    { 12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
      10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
      9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
      4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13 },
    { 4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
      13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
      1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
      6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12 },
    { 13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
      1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
      7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
      2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11 }
};

static uint64_t
permute(uint64_t in, int in_bits, const uint8_t *tbl, int n)
{
    uint64_t out = 0;
    int i;

    for (i = 0; i < n; i++)
        out = (out << 1) | ((in >> (in_bits - tbl[i])) & 1);
    return out;
}

/* DES encryption of one block under the 56 bits of k7 (MS-NLMP's
 * DES(K, D) with a 7-byte key: the parity bits are not used). */
void
t_des7(const uint8_t k7[7], const uint8_t in[8], uint8_t out[8])
{
    uint64_t key = 0, cd, blk = 0, sub[16], l, r, e, f, t;
    uint32_t c, d;
    int i, j;

    for (i = 0; i < 7; i++)
        key = (key << 8) | k7[i];
    /* spread 56 bits into 64 (7 key bits then a parity bit per byte) */
    cd = 0;
    for (i = 0; i < 8; i++)
        cd = (cd << 8) | (((key >> (49 - 7 * i)) & 0x7f) << 1);
    cd = permute(cd, 64, des_pc1, 56);
    c = (uint32_t)(cd >> 28) & 0x0fffffff;
    d = (uint32_t)cd & 0x0fffffff;
    for (i = 0; i < 16; i++) {
        for (j = 0; j < des_shift[i]; j++) {
            c = ((c << 1) | (c >> 27)) & 0x0fffffff;
            d = ((d << 1) | (d >> 27)) & 0x0fffffff;
        }
        sub[i] = permute(((uint64_t)c << 28) | d, 56, des_pc2, 48);
    }
    for (i = 0; i < 8; i++)
        blk = (blk << 8) | in[i];
    blk = permute(blk, 64, des_ip, 64);
    l = blk >> 32;
    r = blk & 0xffffffff;
    for (i = 0; i < 16; i++) {
        e = permute(r, 32, des_e, 48) ^ sub[i];
        f = 0;
        for (j = 0; j < 8; j++) {
            unsigned six = (unsigned)(e >> (42 - 6 * j)) & 0x3f;
            unsigned row = ((six >> 4) & 2) | (six & 1);
            unsigned col = (six >> 1) & 0xf;

            f = (f << 4) | des_s[j][row * 16 + col];
        }
        f = permute(f, 32, des_p, 32);
        t = r;
        r = l ^ f;
        l = t;
    }
    blk = permute((r << 32) | l, 64, des_fp, 64);
    for (i = 0; i < 8; i++)
        out[i] = (uint8_t)(blk >> (56 - 8 * i));
}

void
t_desl(const uint8_t k[16], const uint8_t d[8], uint8_t out[24])
{
    uint8_t k3[7] = { 0 };

    memcpy(k3, k + 14, 2);
    t_des7(k, d, out);
    t_des7(k + 7, d, out + 8);
    t_des7(k3, d, out + 16);
}

void
t_rc4(const uint8_t *key, size_t key_len, const uint8_t *in, uint8_t *out,
      size_t n)
{
    uint8_t s[256], t;
    size_t i, k;
    unsigned a = 0, b = 0;

    for (i = 0; i < 256; i++)
        s[i] = (uint8_t)i;
    for (i = 0, k = 0; i < 256; i++) {
        k = (k + s[i] + key[i % key_len]) & 0xff;
        t = s[i];
        s[i] = s[k];
        s[k] = t;
    }
    for (i = 0; i < n; i++) {
        a = (a + 1) & 0xff;
        b = (b + s[a]) & 0xff;
        t = s[a];
        s[a] = s[b];
        s[b] = t;
        out[i] = in[i] ^ s[(s[a] + s[b]) & 0xff];
    }
}

/* NTOWFv1 of an ASCII password: MD4 of its UTF-16LE. */
void
t_ntowfv1(const char *pw, uint8_t out[16])
{
    uint8_t u[256];
    size_t i, n = strlen(pw);

    ck_assert_uint_le(n, sizeof(u) / 2);
    for (i = 0; i < n; i++) {
        u[2 * i] = (uint8_t)pw[i];
        u[2 * i + 1] = 0;
    }
    t_md4(u, 2 * n, out);
}

/* LMOWFv1 of an ASCII password of at most 14 characters. */
void
t_lmowfv1(const char *pw, uint8_t out[16])
{
    static const uint8_t magic[8] = { 'K', 'G', 'S', '!', '@', '#', '$', '%' };
    uint8_t k[14] = { 0 };
    size_t i, n = strlen(pw);

    ck_assert_uint_le(n, 14);
    for (i = 0; i < n; i++)
        k[i] = (uint8_t)(pw[i] >= 'a' && pw[i] <= 'z' ? pw[i] - 0x20 : pw[i]);
    t_des7(k, magic, out);
    t_des7(k + 7, magic, out + 8);
}
