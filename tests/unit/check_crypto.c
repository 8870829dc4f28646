/*
 * check_crypto.c - the crypto wrapper: MD4/MD5/HMAC-MD5 RFC vectors, RC4,
 * DES, CRC32, RC4 export/import, and a child process started with an empty
 * OPENSSL_MODULES folder proving that NTLMv2 and sealing work without the
 * legacy provider while DES reports NTLM_ERR_CRYPTO_UNAVAILABLE.
 *
 * The child is this test binary re-executed (/proc/self/exe) with
 * CK_RUN_SUITE/CK_RUN_CASE selecting the "nolegacy_inner" case, so it starts
 * with a fresh, uninitialised crypto wrapper whatever CK_FORK says.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "crypto/ncrypto.h"
#include "ntlm/ntlm.h"

static size_t
unhex(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;
    unsigned int v;

    while (*s != '\0') {
        if (*s == ' ') {
            s++;
            continue;
        }
        ck_assert_uint_lt(n, max);
        ck_assert_int_eq(sscanf(s, "%2x", &v), 1);
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}

#define CK_HEX(buf, len, hex)                                   \
    do {                                                        \
        uint8_t exp_[512];                                      \
        size_t n_ = unhex((hex), exp_, sizeof(exp_));           \
        ck_assert_uint_eq((len), n_);                           \
        ck_assert_mem_eq((buf), exp_, n_);                      \
    } while (0)

/* ---- MD4 (RFC 1320 A.5) ---- */
static const struct {
    const char *msg;
    const char *md4;
    const char *md5;
} digest_vec[] = {
    { "", "31d6cfe0d16ae931b73c59d7e0c089c0",
      "d41d8cd98f00b204e9800998ecf8427e" },
    { "a", "bde52cb31de33e46245e05fbdbd6fb24",
      "0cc175b9c0f1b6a831c399e269772661" },
    { "abc", "a448017aaf21d8525fc10ae87aa6729d",
      "900150983cd24fb0d6963f7d28e17f72" },
    { "message digest", "d9130a8164549fe818874806e1c7014b",
      "f96b697d7cb7938d525a2f31aaf161d0" },
    { "abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9",
      "c3fcd3d76192e4007dfb496cca67e13b" },
    { "12345678901234567890123456789012345678901234567890123456789012345"
      "678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536",
      "57edf4a22be3c955ac49da2e2107b67a" },
};

START_TEST(t_md4)
{
    uint8_t out[16];

    ck_assert_int_eq(ncrypto_md4(digest_vec[_i].msg,
                                 strlen(digest_vec[_i].msg), out), 0);
    CK_HEX(out, 16, digest_vec[_i].md4);
}
END_TEST

START_TEST(t_md5)
{
    uint8_t out[16];
    struct ncrypto_part parts[2];
    size_t len = strlen(digest_vec[_i].msg);

    ck_assert_int_eq(ncrypto_md5(digest_vec[_i].msg, len, out), 0);
    CK_HEX(out, 16, digest_vec[_i].md5);
    /* the same split in two parts */
    parts[0].ptr = digest_vec[_i].msg;
    parts[0].len = len / 2;
    parts[1].ptr = digest_vec[_i].msg + len / 2;
    parts[1].len = len - len / 2;
    ck_assert_int_eq(ncrypto_md5_parts(parts, 2, out), 0);
    CK_HEX(out, 16, digest_vec[_i].md5);
}
END_TEST

/* ---- HMAC-MD5 (RFC 2202) ---- */
START_TEST(t_hmac_md5)
{
    uint8_t key[80], data[80], out[16];
    struct ncrypto_part p[3];
    struct ncrypto_hmac *h = NULL;
    const char *m;
    int round;

    memset(key, 0x0b, 16);
    p[0].ptr = "Hi There";
    p[0].len = 8;
    ck_assert_int_eq(ncrypto_hmac_md5(key, 16, p, 1, out), 0);
    CK_HEX(out, 16, "9294727a3638bb1c13f48ef8158bfc9d");

    m = "what do ya want for nothing?";
    p[0].ptr = m;
    p[0].len = 10;
    p[1].ptr = m + 10;
    p[1].len = 0;
    p[2].ptr = m + 10;
    p[2].len = strlen(m) - 10;
    ck_assert_int_eq(ncrypto_hmac_md5((const uint8_t *)"Jefe", 4, p, 3,
                                      out), 0);
    CK_HEX(out, 16, "750c783e6ab0b503eaa86e310a5db738");

    memset(key, 0xaa, 16);
    memset(data, 0xdd, 50);
    p[0].ptr = data;
    p[0].len = 50;
    ck_assert_int_eq(ncrypto_hmac_md5(key, 16, p, 1, out), 0);
    CK_HEX(out, 16, "56be34521d144c88dbb8c733f0e8b3f6");

    /* key longer than a block is hashed first */
    memset(key, 0xaa, 80);
    m = "Test Using Larger Than Block-Size Key - Hash Key First";
    p[0].ptr = m;
    p[0].len = strlen(m);
    ck_assert_int_eq(ncrypto_hmac_md5(key, 80, p, 1, out), 0);
    CK_HEX(out, 16, "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");

    /* incremental object, reused for several messages with one key */
    ck_assert_int_eq(ncrypto_hmac_md5_new((const uint8_t *)"Jefe", 4, &h),
                     0);
    for (round = 0; round < 3; round++) {
        m = "what do ya want for nothing?";
        ck_assert_int_eq(ncrypto_hmac_md5_update(h, m, 5), 0);
        ck_assert_int_eq(ncrypto_hmac_md5_update(h, m + 5, strlen(m) - 5),
                         0);
        ck_assert_int_eq(ncrypto_hmac_md5_final(h, out), 0);
        CK_HEX(out, 16, "750c783e6ab0b503eaa86e310a5db738");
    }
    /* empty message: final without update */
    ck_assert_int_eq(ncrypto_hmac_md5_final(h, out), 0);
    p[0].ptr = "";
    p[0].len = 0;
    ck_assert_int_eq(ncrypto_hmac_md5((const uint8_t *)"Jefe", 4, p, 1,
                                      data), 0);
    ck_assert_mem_eq(out, data, 16);
    ncrypto_hmac_md5_free(h);
    ncrypto_hmac_md5_free(NULL);
}
END_TEST

/* ---- RC4 ---- */
START_TEST(t_rc4)
{
    uint8_t out[32], buf[32];
    struct ncrypto_rc4 *r = NULL;

    ck_assert_int_eq(ncrypto_rc4_oneshot((const uint8_t *)"Key", 3,
                                         (const uint8_t *)"Plaintext", out,
                                         9), 0);
    CK_HEX(out, 9, "bbf316e8d940af0ad3");
    ck_assert_int_eq(ncrypto_rc4_oneshot((const uint8_t *)"Wiki", 4,
                                         (const uint8_t *)"pedia", out, 5),
                     0);
    CK_HEX(out, 5, "1021bf0420");

    /* streaming in pieces, in place, equals one shot */
    memcpy(buf, "Attack at dawn", 14);
    ck_assert_int_eq(ncrypto_rc4_new((const uint8_t *)"Secret", 6, &r), 0);
    ck_assert_int_eq(ncrypto_rc4_update(r, buf, buf, 3), 0);
    ck_assert_int_eq(ncrypto_rc4_update(r, buf + 3, buf + 3, 0), 0);
    ck_assert_int_eq(ncrypto_rc4_update(r, buf + 3, buf + 3, 11), 0);
    CK_HEX(buf, 14, "45a01f645fc35b383552544b9bf5");
    ncrypto_rc4_free(r);
    ncrypto_rc4_free(NULL);

    ck_assert_int_eq(ncrypto_rc4_new(NULL, 0, &r), NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
}
END_TEST

START_TEST(t_rc4_export_import)
{
    uint8_t state[NCRYPTO_RC4_STATE_LEN], a[100], b[100], z[100];
    struct ncrypto_rc4 *r1 = NULL, *r2 = NULL, *ref = NULL;

    memset(z, 0, sizeof(z));
    ck_assert_int_eq(ncrypto_rc4_new((const uint8_t *)"0123456789abcdef",
                                     16, &r1), 0);
    ck_assert_int_eq(ncrypto_rc4_new((const uint8_t *)"0123456789abcdef",
                                     16, &ref), 0);
    ck_assert_int_eq(ncrypto_rc4_update(r1, z, a, 37), 0);
    ck_assert_int_eq(ncrypto_rc4_export(r1, state), 0);
    ck_assert_int_eq(ncrypto_rc4_import(state, &r2), 0);
    /* both continue identically, and match an uninterrupted stream */
    ck_assert_int_eq(ncrypto_rc4_update(r1, z, a + 37, 63), 0);
    ck_assert_int_eq(ncrypto_rc4_update(r2, z, b, 63), 0);
    ck_assert_mem_eq(a + 37, b, 63);
    ck_assert_int_eq(ncrypto_rc4_update(ref, z, b, 100), 0);
    ck_assert_mem_eq(a, b, 100);
    ncrypto_rc4_free(r1);
    ncrypto_rc4_free(r2);
    ncrypto_rc4_free(ref);

    /* a state that is not a permutation is refused */
    state[1] = state[0];
    ck_assert_int_eq(ncrypto_rc4_import(state, &r2),
                     NTLM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(r2);
}
END_TEST

/* ---- HMAC-MD5 under a precomputed key (RFC 2202 2, 6) ---- */
START_TEST(t_hmac_key)
{
    struct ncrypto_hmac_key k;
    struct ncrypto_hmac_run run;
    struct ncrypto_part p;
    const char *m = "what do ya want for nothing?";
    uint8_t key[80], out[16], want[16];
    int i;

    ck_assert_int_eq(ncrypto_hmac_md5_key((const uint8_t *)"Jefe", 4, &k),
                     0);
    /* twice under the same key, in pieces */
    for (i = 0; i < 2; i++) {
        ck_assert_int_eq(ncrypto_hmac_md5_begin(&run, &k), 0);
        ck_assert_int_eq(ncrypto_hmac_md5_add(&run, m, 3), 0);
        ck_assert_int_eq(ncrypto_hmac_md5_add(&run, NULL, 0), 0);
        ck_assert_int_eq(ncrypto_hmac_md5_add(&run, m + 3, strlen(m) - 3),
                         0);
        ck_assert_int_eq(ncrypto_hmac_md5_end(&run, out), 0);
        CK_HEX(out, 16, "750c783e6ab0b503eaa86e310a5db738");
    }
    /* a key longer than a block is hashed first */
    memset(key, 0xaa, sizeof(key));
    ck_assert_int_eq(ncrypto_hmac_md5_key(key, 80, &k), 0);
    ck_assert_int_eq(ncrypto_hmac_md5_begin(&run, &k), 0);
    m = "Test Using Larger Than Block-Size Key - Hash Key First";
    ck_assert_int_eq(ncrypto_hmac_md5_add(&run, m, strlen(m)), 0);
    ck_assert_int_eq(ncrypto_hmac_md5_end(&run, out), 0);
    CK_HEX(out, 16, "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
    /* long messages across block boundaries agree with the one-shot */
    {
        static uint8_t big[5000];

        for (i = 0; i < (int)sizeof(big); i++)
            big[i] = (uint8_t)(i * 13);
        p.ptr = big;
        p.len = sizeof(big);
        ck_assert_int_eq(ncrypto_hmac_md5(key, 16, &p, 1, want), 0);
        ck_assert_int_eq(ncrypto_hmac_md5_key(key, 16, &k), 0);
        ck_assert_int_eq(ncrypto_hmac_md5_begin(&run, &k), 0);
        ck_assert_int_eq(ncrypto_hmac_md5_add(&run, big, 1), 0);
        ck_assert_int_eq(ncrypto_hmac_md5_add(&run, big + 1, 4000), 0);
        ck_assert_int_eq(ncrypto_hmac_md5_add(&run, big + 4001, 999), 0);
        ck_assert_int_eq(ncrypto_hmac_md5_end(&run, out), 0);
        ck_assert_mem_eq(out, want, 16);
    }
    ck_assert_int_eq(ncrypto_hmac_md5_key(NULL, 3, &k),
                     NTLM_ERR_INVALID_ARGUMENT);
}
END_TEST

/* A plain byte-wise RC4, to check the library one against. */
static void
ref_rc4(const uint8_t *key, size_t klen, size_t skip, const uint8_t *in,
        uint8_t *out, size_t n)
{
    uint8_t s[256], t, i = 0, j = 0;
    size_t k;

    for (k = 0; k < 256; k++)
        s[k] = (uint8_t)k;
    for (k = 0; k < 256; k++) {
        j = (uint8_t)(j + s[k] + key[k % klen]);
        t = s[k];
        s[k] = s[j];
        s[j] = t;
    }
    j = 0;
    for (k = 0; k < skip + n; k++) {
        i = (uint8_t)(i + 1);
        j = (uint8_t)(j + s[i]);
        t = s[i];
        s[i] = s[j];
        s[j] = t;
        if (k >= skip)
            out[k - skip] = in[k - skip] ^ s[(uint8_t)(s[i] + s[j])];
    }
}

/* Keys of every NTLM length, odd pieces, export/import and snapshot/
 * rollback in the middle of the stream, source to destination. */
START_TEST(t_rc4_reference)
{
    static const size_t klens[] = { 5, 7, 8, 16, 3, 256 };
    static uint8_t in[3000], want[3000], got[3000];
    uint8_t key[256], state[NCRYPTO_RC4_STATE_LEN];
    uint8_t snap[NCRYPTO_RC4_SNAPSHOT_LEN];
    struct ncrypto_rc4 *r = NULL, *r2 = NULL;
    size_t kl = klens[_i], off, n, k;

    for (k = 0; k < sizeof(key); k++)
        key[k] = (uint8_t)(k * 37 + kl);
    for (k = 0; k < sizeof(in); k++)
        in[k] = (uint8_t)(k ^ (k >> 8));
    ref_rc4(key, kl, 0, in, want, sizeof(in));

    ck_assert_int_eq(ncrypto_rc4_oneshot(key, kl, in, got, sizeof(in)), 0);
    ck_assert_mem_eq(got, want, sizeof(in));

    memset(got, 0, sizeof(got));
    ck_assert_int_eq(ncrypto_rc4_new(key, kl, &r), 0);
    for (off = 0, n = 1; off < sizeof(in); off += n, n = n * 3 + 1) {
        if (n > sizeof(in) - off)
            n = sizeof(in) - off;
        /* a rolled-back excursion changes nothing */
        ck_assert_int_eq(ncrypto_rc4_snapshot(r, snap), 0);
        ck_assert_int_eq(ncrypto_rc4_update(r, in, got + off, 17), 0);
        ck_assert_int_eq(ncrypto_rc4_rollback(r, snap), 0);
        /* continue through an exported and re-imported copy */
        ck_assert_int_eq(ncrypto_rc4_export(r, state), 0);
        ck_assert_int_eq(ncrypto_rc4_import(state, &r2), 0);
        ncrypto_rc4_free(r);
        r = r2;
        r2 = NULL;
        ck_assert_int_eq(ncrypto_rc4_update(r, in + off, got + off, n), 0);
    }
    ck_assert_mem_eq(got, want, sizeof(in));
    /* restore: back to an exported position */
    ref_rc4(key, kl, 0, in, want, 10);
    ck_assert_int_eq(ncrypto_rc4_new(key, kl, &r2), 0);
    ck_assert_int_eq(ncrypto_rc4_export(r2, state), 0);
    ck_assert_int_eq(ncrypto_rc4_restore(r, state), 0);
    ck_assert_int_eq(ncrypto_rc4_update(r, in, got, 10), 0);
    ck_assert_mem_eq(got, want, 10);
    ncrypto_rc4_free(r);
    ncrypto_rc4_free(r2);
}
END_TEST

/* A forked child must not hand out the bytes buffered in its parent. */
START_TEST(t_random_fork)
{
    uint8_t mine[32], theirs[32], first[4];
    int fds[2], status = 0;
    pid_t pid;

    ck_assert_int_eq(ncrypto_random(first, sizeof(first)), 0); /* buffer */
    ck_assert_int_eq(pipe(fds), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        if (ncrypto_random(theirs, sizeof(theirs)) != 0 ||
            write(fds[1], theirs, sizeof(theirs)) != (ssize_t)sizeof(theirs))
            _exit(1);
        _exit(0);
    }
    close(fds[1]);
    ck_assert_int_eq(ncrypto_random(mine, sizeof(mine)), 0);
    ck_assert_int_eq(read(fds[0], theirs, sizeof(theirs)),
                     (ssize_t)sizeof(theirs));
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_mem_ne(mine, theirs, sizeof(mine));
    /* and requests larger than the buffer still work */
    {
        uint8_t big[1000];

        ck_assert_int_eq(ncrypto_random(big, sizeof(big)), 0);
    }
}
END_TEST

/* ---- DES ---- */
START_TEST(t_des)
{
    uint8_t key7[7], in[8], out[8];

    if (!ncrypto_legacy_available()) {
        ck_assert_int_eq(ncrypto_des_ecb_7(key7, in, out),
                         NTLM_ERR_CRYPTO_UNAVAILABLE);
        return;
    }
    /* FIPS 81 style example: key 13 34 57 79 9B BC DF F1 without parity */
    unhex("12695bc9b7b7f8", key7, 7);
    unhex("0123456789abcdef", in, 8);
    ck_assert_int_eq(ncrypto_des_ecb_7(key7, in, out), 0);
    CK_HEX(out, 8, "85e813540f0ab405");
    /* LM's magic under an all-zero key (the "no LM hash" value) */
    memset(key7, 0, 7);
    ck_assert_int_eq(ncrypto_des_ecb_7(key7, (const uint8_t *)"KGS!@#$%",
                                       out), 0);
    CK_HEX(out, 8, "aad3b435b51404ee");
}
END_TEST

/* ---- CRC32 ---- */
START_TEST(t_crc32)
{
    uint32_t c;

    ck_assert_uint_eq(ncrypto_crc32(0, "123456789", 9), 0xCBF43926u);
    ck_assert_uint_eq(ncrypto_crc32(0, "", 0), 0);
    c = ncrypto_crc32(0, "1234", 4);
    c = ncrypto_crc32(c, "56789", 5);
    ck_assert_uint_eq(c, 0xCBF43926u);
    ck_assert_uint_eq(ncrypto_crc32(0, "The quick brown fox jumps over "
                                    "the lazy dog", 43), 0x414FA339u);
}
END_TEST

/* ---- random ---- */
START_TEST(t_random)
{
    uint8_t a[32], b[32];

    ck_assert_int_eq(ncrypto_random(a, sizeof(a)), 0);
    ck_assert_int_eq(ncrypto_random(b, sizeof(b)), 0);
    ck_assert_int_ne(memcmp(a, b, sizeof(a)), 0);
    ck_assert_int_eq(ncrypto_random(a, 0), 0);
    ck_assert_int_eq(ncrypto_init(), 0);
}
END_TEST

/* ---- concurrent first use (pthread_once) and shared EVP objects ---- */
static void *
thread_body(void *arg)
{
    uint8_t out[16], want[16], buf[100];
    struct ncrypto_part p = { buf, sizeof(buf) };
    struct ncrypto_hmac *h = NULL;
    int k;

    (void)arg;
    memset(buf, 0x5a, sizeof(buf));
    if (ncrypto_hmac_md5((const uint8_t *)"k", 1, &p, 1, want) != 0 ||
        ncrypto_hmac_md5_new((const uint8_t *)"k", 1, &h) != 0)
        return (void *)1;
    for (k = 0; k < 300; k++) {
        if (ncrypto_hmac_md5_update(h, buf, sizeof(buf)) != 0 ||
            ncrypto_hmac_md5_final(h, out) != 0 ||
            memcmp(out, want, 16) != 0 ||
            ncrypto_md4("abc", 3, out) != 0 || out[0] != 0xa4) {
            ncrypto_hmac_md5_free(h);
            return (void *)1;
        }
    }
    ncrypto_hmac_md5_free(h);
    return NULL;
}

START_TEST(t_threads)
{
    pthread_t t[6];
    void *res;
    int i;

    for (i = 0; i < 6; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, thread_body, NULL), 0);
    for (i = 0; i < 6; i++) {
        ck_assert_int_eq(pthread_join(t[i], &res), 0);
        ck_assert_ptr_null(res);
    }
}
END_TEST

/* ---- without the legacy provider -------------------------------------- */

/* A digest of MD4 over inputs of every length 0..199 (to compare the
 * built-in MD4 with OpenSSL's across block boundaries). */
static void
md4_fingerprint(char hex[33])
{
    uint8_t buf[200], d[16], all[200 * 16], fp[16];
    size_t i;

    for (i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 7 + 3);
    for (i = 0; i < 200; i++) {
        ck_assert_int_eq(ncrypto_md4(buf, i, d), 0);
        memcpy(all + 16 * i, d, 16);
    }
    ck_assert_int_eq(ncrypto_md5(all, sizeof(all), fp), 0);
    for (i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", fp[i]);
}

/*
 * The inner half runs only in the re-executed child (NTLM_NOLEGACY_INNER
 * set, OPENSSL_MODULES pointing at an empty folder); in a normal run it is
 * a no-op.
 */
START_TEST(t_nolegacy_inner)
{
    uint8_t nt[16], v2[16], out[24], k7[7] = { 0 };
    uint8_t sc[8], cc[8], sbk[16], lm[24];
    const char *want = getenv("NTLM_NOLEGACY_INNER");
    struct ntlm_v2_result res;
    char fp[33];

    if (want == NULL)
        return;
    ck_assert_int_eq(ncrypto_init(), 0);
    ck_assert_int_eq(ncrypto_legacy_available(), 0);

    /* DES has no fallback */
    ck_assert_int_eq(ncrypto_des_ecb_7(k7, sc, out),
                     NTLM_ERR_CRYPTO_UNAVAILABLE);
    ck_assert_int_eq(ntlm_lmowfv1("Password", 8, nt),
                     NTLM_ERR_CRYPTO_UNAVAILABLE);
    ck_assert_int_eq(ntlm_compute_ntlmv1(nt, NULL, sc, cc, false, out, lm,
                                         sbk), NTLM_ERR_CRYPTO_UNAVAILABLE);

    /* built-in MD4 equals OpenSSL's (fingerprint from the parent) */
    md4_fingerprint(fp);
    ck_assert_str_eq(fp, want);

    /* NTLMv2 (MS-NLMP 4.2.4) */
    ck_assert_int_eq(ntlm_ntowfv1("Password", 8, nt), 0);
    CK_HEX(nt, 16, "a4f49c406510bdcab6824ee7c30fd852");
    ck_assert_int_eq(ntlm_ntowfv2(nt, "User", 4, "Domain", 6, v2), 0);
    CK_HEX(v2, 16, "0c868a403bfd7a93a3001ef22ef02e3f");
    unhex("0123456789abcdef", sc, 8);
    memset(cc, 0xaa, 8);
    ck_assert_int_eq(ntlm_compute_ntlmv2(v2, sc, cc, 0, WIRE_SLICE_EMPTY,
                                         &res), 0);
    CK_HEX(res.lm_response, 24,
           "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
    ntlm_v2_result_cleanup(&res);

    /* RC4 sealing: one-shot and streaming */
    ck_assert_int_eq(ncrypto_rc4_oneshot((const uint8_t *)"Key", 3,
                                         (const uint8_t *)"Plaintext", out,
                                         9), 0);
    CK_HEX(out, 9, "bbf316e8d940af0ad3");

    /* MS-NLMP 4.2.4.4 GSS_WrapEx: NTLMv2 sealing with ESS + KEY_EXCH */
    {
        static const uint8_t pt[18] = {
            0x50, 0, 0x6c, 0, 0x61, 0, 0x69, 0, 0x6e, 0,
            0x74, 0, 0x65, 0, 0x78, 0, 0x74, 0 };
        struct ntlm_session cli, srv;
        uint8_t key[16], data[18], sig[16];

        memset(key, 0x55, 16);
        memcpy(data, pt, sizeof(data));
        ck_assert_int_eq(ntlm_session_init(&cli, 0xe28a8233u, true, key),
                         0);
        ck_assert_int_eq(ntlm_seal(&cli, data, sizeof(data), NULL, 0, sig),
                         0);
        CK_HEX(data, 18, "54e50165bf1936dc996020c1811b0f06fb5f");
        CK_HEX(sig, 16, "010000007fb38ec5c55d497600000000");
        ck_assert_int_eq(ntlm_session_init(&srv, 0xe28a8233u, false, key),
                         0);
        ck_assert_int_eq(ntlm_unseal(&srv, data, sizeof(data), NULL, 0,
                                     sig), 0);
        ck_assert_mem_eq(data, pt, sizeof(data));
        ntlm_session_cleanup(&cli);
        ntlm_session_cleanup(&srv);
    }
}
END_TEST

START_TEST(t_nolegacy_child)
{
    char tmpl[] = "/tmp/ntlm-nomods-XXXXXX";
    char fp[33];
    pid_t pid;
    int status = 0;

    md4_fingerprint(fp);
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        char *argv[] = { "check_ntlm", NULL };
        char self[4096];
        ssize_t n;

        /* readlink, not exec of /proc/self/exe itself: under valgrind
         * only the former names the test binary */
        n = readlink("/proc/self/exe", self, sizeof(self) - 1);
        if (n <= 0)
            _exit(126);
        self[n] = '\0';

        setenv("OPENSSL_MODULES", tmpl, 1);
        setenv("NTLM_NOLEGACY_INNER", fp, 1);
        setenv("CK_RUN_SUITE", "crypto", 1);
        setenv("CK_RUN_CASE", "nolegacy_inner", 1);
        setenv("CK_VERBOSITY", "silent", 1);
        unsetenv("CK_LOG_FILE_NAME");
        unsetenv("CK_XML_LOG_FILE_NAME");
        unsetenv("CK_TAP_LOG_FILE_NAME");
        unsetenv("OPENSSL_CONF");
        execv(self, argv);
        _exit(127);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    rmdir(tmpl);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "child without the legacy provider failed (status %d)",
                  status);
}
END_TEST

Suite *
crypto_suite(void)
{
    Suite *s = suite_create("crypto");
    TCase *tc;
    int nvec = (int)(sizeof(digest_vec) / sizeof(digest_vec[0]));

    tc = tcase_create("md4");
    tcase_add_loop_test(tc, t_md4, 0, nvec);
    suite_add_tcase(s, tc);
    tc = tcase_create("md5");
    tcase_add_loop_test(tc, t_md5, 0, nvec);
    suite_add_tcase(s, tc);
    tc = tcase_create("hmac_md5");
    tcase_add_test(tc, t_hmac_md5);
    suite_add_tcase(s, tc);
    tc = tcase_create("rc4");
    tcase_add_test(tc, t_rc4);
    suite_add_tcase(s, tc);
    tc = tcase_create("rc4_export_import");
    tcase_add_test(tc, t_rc4_export_import);
    suite_add_tcase(s, tc);
    tc = tcase_create("hmac_key");
    tcase_add_test(tc, t_hmac_key);
    suite_add_tcase(s, tc);
    tc = tcase_create("rc4_reference");
    tcase_add_loop_test(tc, t_rc4_reference, 0, 6);
    suite_add_tcase(s, tc);
    tc = tcase_create("random_fork");
    tcase_add_test(tc, t_random_fork);
    suite_add_tcase(s, tc);
    tc = tcase_create("des");
    tcase_add_test(tc, t_des);
    suite_add_tcase(s, tc);
    tc = tcase_create("crc32");
    tcase_add_test(tc, t_crc32);
    suite_add_tcase(s, tc);
    tc = tcase_create("random");
    tcase_add_test(tc, t_random);
    suite_add_tcase(s, tc);
    tc = tcase_create("threads");
    tcase_add_test(tc, t_threads);
    suite_add_tcase(s, tc);
    tc = tcase_create("nolegacy_inner");
    tcase_add_test(tc, t_nolegacy_inner);
    suite_add_tcase(s, tc);
    tc = tcase_create("nolegacy_child");
    tcase_add_test(tc, t_nolegacy_child);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    return s;
}
