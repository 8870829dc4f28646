/*
 * ncrypto.h - the crypto wrapper: the only code that includes OpenSSL.
 *
 * Every function returns 0 or an NTLM_ERR_* code.  MD4, RC4 and DES live in
 * OpenSSL 3's legacy provider; when it cannot be loaded they return
 * NTLM_ERR_CRYPTO_UNAVAILABLE, while MD5/HMAC-MD5/CRC32/random keep working.
 * MD4 (NTOWF) and RC4 (sealing) are needed by NTLMv2 too, so those two have
 * built-in fallbacks used only when the provider refuses them; DES (NTLMv1,
 * LM) has none.  RC4, MD5 and HMAC-MD5 use OpenSSL's low-level (assembly)
 * functions, which need no provider.  Initialisation happens once (pthread_once); no per-call
 * library context creation.
 */
#ifndef NTLM_NCRYPTO_H
#define NTLM_NCRYPTO_H

#include <stddef.h>
#include <stdint.h>

/* ncrypto_init - idempotent, thread-safe; called by every entry point. */
int ncrypto_init(void);

/* A borrowed piece of a message; functions taking an array of parts
 * process their concatenation without copying. */
struct ncrypto_part {
    const void *ptr;
    size_t len;
};

int ncrypto_md4(const void *data, size_t len, uint8_t out[16]);
int ncrypto_md5(const void *data, size_t len, uint8_t out[16]);
/* MD5 over the concatenation of the parts. */
int ncrypto_md5_parts(const struct ncrypto_part *parts, size_t num_parts,
                      uint8_t out[16]);

/* One-shot HMAC-MD5 over the concatenation of the parts. */
int ncrypto_hmac_md5(const uint8_t *key, size_t key_len,
                     const struct ncrypto_part *parts, size_t num_parts,
                     uint8_t out[16]);

/*
 * Precomputed HMAC-MD5 key: the MD5 chaining values after absorbing
 * K ^ ipad and K ^ opad (a secret: wipe with ntlm_zero).  With it a MAC
 * costs the message's own MD5 blocks plus two, and no allocation.
 */
struct ncrypto_hmac_key {
    uint32_t inner[4];
    uint32_t outer[4];
};
int ncrypto_hmac_md5_key(const uint8_t *key, size_t key_len,
                         struct ncrypto_hmac_key *out);

/* A running HMAC-MD5 that lives on the caller's stack: begin, add any
 * number of times, end (which wipes it).  Opaque; a secret. */
struct ncrypto_hmac_run {
    uint64_t md[12];            /* MD5 state */
    uint32_t outer[4];
};
int ncrypto_hmac_md5_begin(struct ncrypto_hmac_run *r,
                           const struct ncrypto_hmac_key *k);
int ncrypto_hmac_md5_add(struct ncrypto_hmac_run *r, const void *p,
                         size_t n);
int ncrypto_hmac_md5_end(struct ncrypto_hmac_run *r, uint8_t out[16]);

/* Incremental HMAC-MD5 object (heap; kept for compatibility). */
struct ncrypto_hmac;
int ncrypto_hmac_md5_new(const uint8_t *key, size_t key_len,
                         struct ncrypto_hmac **out_h);
int ncrypto_hmac_md5_update(struct ncrypto_hmac *h, const void *p, size_t n);
/* Produces the MAC and resets h for reuse with the same key. */
int ncrypto_hmac_md5_final(struct ncrypto_hmac *h, uint8_t out[16]);
void ncrypto_hmac_md5_free(struct ncrypto_hmac *h);  /* wipes; NULL ok */

/* RC4: a stream whose state persists across calls (NTLM sealing). */
struct ncrypto_rc4;
int ncrypto_rc4_new(const uint8_t *key, size_t key_len,
                    struct ncrypto_rc4 **out_rc4);
/* in and out may be equal (in place). */
int ncrypto_rc4_update(struct ncrypto_rc4 *rc4, const uint8_t *in,
                       uint8_t *out, size_t len);
void ncrypto_rc4_free(struct ncrypto_rc4 *rc4);      /* wipes; NULL ok */
/* Serialise/restore the RC4 state (258 bytes: S[256], i, j) for
 * gss_export_sec_context; out must hold NCRYPTO_RC4_STATE_LEN bytes. */
#define NCRYPTO_RC4_STATE_LEN 258
int ncrypto_rc4_export(const struct ncrypto_rc4 *rc4, uint8_t *out);
int ncrypto_rc4_import(const uint8_t *state, struct ncrypto_rc4 **out_rc4);
/* Overwrite an existing stream's state with an exported one (no
 * allocation: used to roll back a failed verification). */
int ncrypto_rc4_restore(struct ncrypto_rc4 *rc4, const uint8_t *state);
/* Raw copy of a stream's state into a caller buffer of
 * NCRYPTO_RC4_SNAPSHOT_LEN bytes, and back (cheaper than export/restore;
 * only for the same process and stream; the snapshot is a secret). */
#define NCRYPTO_RC4_SNAPSHOT_LEN 1040
int ncrypto_rc4_snapshot(const struct ncrypto_rc4 *rc4, void *snap);
int ncrypto_rc4_rollback(struct ncrypto_rc4 *rc4, const void *snap);
/* One-shot RC4 (EncryptedRandomSessionKey). */
int ncrypto_rc4_oneshot(const uint8_t *key, size_t key_len,
                        const uint8_t *in, uint8_t *out, size_t len);

/* DES-ECB encryption of one 8-byte block with a 7-byte key expanded to a
 * DES key with parity (MS-NLMP DESL/DES helpers). */
int ncrypto_des_ecb_7(const uint8_t key7[7], const uint8_t in[8],
                      uint8_t out[8]);

uint32_t ncrypto_crc32(uint32_t crc, const void *p, size_t n);

/* Random bytes (buffered per thread; fork-safe). */
int ncrypto_random(void *out, size_t n);

/* 1 if the legacy provider (DES, native MD4/RC4) is usable. */
int ncrypto_legacy_available(void);

#endif /* NTLM_NCRYPTO_H */
