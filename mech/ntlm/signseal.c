/*
 * signseal.c - NTLM message integrity and confidentiality (MS-NLMP 3.4.2 -
 * 3.4.4, key derivation 3.4.5).
 *
 * NTLMSSP_MESSAGE_SIGNATURE (2.2.2.9), 16 bytes:
 *
 *   offset  with ESS                      without ESS
 *   0       Version = 1 (u32le)           Version = 1 (u32le)
 *   4       Checksum: HMAC_MD5(SignKey,   RandomPad (u32le, 0)
 *           SeqNum || msg)[0..7], RC4'd   Checksum: RC4(CRC32(msg))
 *           when KEY_EXCH                 (u32le)
 *   12      SeqNum (u32le)                SeqNum: RC4(0) ^ SeqNum
 *
 * Keys and RC4 handles:
 *  - With extended session security each direction has its own signing
 *    key, sealing key, RC4 handle and sequence number (client-to-server
 *    and server-to-client magic constants).
 *  - Without ESS there is one sealing key; MS-NLMP keeps ONE RC4 handle
 *    and ONE sequence number for the whole session in connection mode
 *    (Windows and Samba do the same): every sign, verify, seal and unseal
 *    in either direction advances the same stream.  Both peers stay in step
 *    as long as they process messages in the same order, which is the
 *    connection-oriented contract.  Here that shared state lives in
 *    s->send; s->recv only mirrors the keys and its rc4 stays NULL.
 *  - When neither SIGN nor SEAL was negotiated (ALWAYS_SIGN only, or
 *    anonymous) the signature is the "dummy" one: Version 1 followed by
 *    twelve zero bytes.
 *
 * RandomPad without ESS: RandomPad (0) goes through the stream like the
 * other two fields and we send the result, which is what the MS-NLMP
 * 4.2.2.4 example assembles (01 00 00 00 45 c8 44 e5 ...) and what Samba
 * sends.  Some implementations zero the field afterwards, so on receipt it
 * is ignored (as Samba does).
 *
 * A failed verification changes nothing: the sequence number is not
 * advanced and the RC4 stream is rolled back (for unseal the buffer is
 * re-encrypted, so the caller gets its input back).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ntlm.h"
#include "../common/secure.h"

#define SIG_VERSION 1u

static bool
has_ess(const struct ntlm_session *s)
{
    return (s->flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) != 0;
}

static bool
is_dummy(const struct ntlm_session *s)
{
    return (s->flags & (NTLMSSP_NEGOTIATE_SIGN |
                        NTLMSSP_NEGOTIATE_SEAL)) == 0;
}


static void
put_u32le(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}

static void
dir_cleanup(struct ntlm_session_dir *d)
{
    ncrypto_rc4_free(d->rc4);
    ntlm_zfree(d->hmac, sizeof(*d->hmac));
    ntlm_zero(d, sizeof(*d));
}

/* ntlm_session_cleanup - free handles and wipe all keys; NULL ok; the
 * struct may be initialised again afterwards. */
void
ntlm_session_cleanup(struct ntlm_session *s)
{
    if (s == NULL)
        return;
    dir_cleanup(&s->send);
    dir_cleanup(&s->recv);
    ntlm_zero(s, sizeof(*s));
}

/*
 * A direction's signing and sealing keys, derived from the exported
 * session key on first use (seal_key_len is 0 until then: ntlm_sealkey
 * always yields 5 to 16 bytes), so that a handshake does not pay for
 * four MD5 key derivations a context may never use.
 */
static int
dir_keys(struct ntlm_session *s, struct ntlm_session_dir *d)
{
    bool client_to_server = (d == &s->send) ? s->client : !s->client;
    int ret;

    if (d->seal_key_len != 0)
        return 0;
    ret = ntlm_signkey(s->flags, s->exported_session_key, client_to_server,
                       d->sign_key);
    if (ret == 0)
        ret = ntlm_sealkey(s->flags, s->exported_session_key,
                           client_to_server, d->seal_key, &d->seal_key_len);
    if (ret != 0 || d->seal_key_len == 0) {
        ntlm_zero(d->sign_key, sizeof(d->sign_key));
        ntlm_zero(d->seal_key, sizeof(d->seal_key));
        d->seal_key_len = 0;
        return ret != 0 ? ret : NTLM_ERR_INVALID_ARGUMENT;
    }
    return 0;
}

/* The direction whose state (seq, RC4, HMAC) a call uses, with its keys
 * derived.  Without ESS both directions share s->send. */
static int
dir_state(struct ntlm_session *s, bool sending,
          struct ntlm_session_dir **out)
{
    *out = (!has_ess(s) || sending) ? &s->send : &s->recv;
    return dir_keys(s, *out);
}

/* ntlm_session_keys - derive both directions' keys now (they otherwise
 * come on first use); for callers that read them directly. */
int
ntlm_session_keys(struct ntlm_session *s)
{
    int ret;

    if (s == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    ret = dir_keys(s, &s->send);
    if (ret == 0)
        ret = dir_keys(s, &s->recv);
    return ret;
}

/* The direction's RC4 stream, created from its sealing key on first use. */
static int
dir_rc4(struct ntlm_session_dir *d)
{
    if (d->rc4 != NULL)
        return 0;
    if (d->seal_key_len == 0)
        return NTLM_ERR_INVALID_ARGUMENT;
    return ncrypto_rc4_new(d->seal_key, d->seal_key_len, &d->rc4);
}

/* The direction's HMAC key states, computed from sign_key on first use. */
static int
dir_hmac(struct ntlm_session_dir *d)
{
    struct ncrypto_hmac_key *k;
    int ret;

    if (d->hmac != NULL)
        return 0;
    k = malloc(sizeof(*k));
    if (k == NULL)
        return NTLM_ERR_NOMEM;
    ret = ncrypto_hmac_md5_key(d->sign_key, 16, k);
    if (ret != 0) {
        ntlm_zfree(k, sizeof(*k));
        return ret;
    }
    d->hmac = k;
    return 0;
}

/*
 * ntlm_session_init - keep the exported session key and flags; each
 * direction's keys are derived, and its handles created, on first use.
 * Cannot fail (the int return is kept for callers).
 */
int
ntlm_session_init(struct ntlm_session *s, uint32_t flags, bool client,
                  const uint8_t exported_session_key[16])
{
    memset(s, 0, sizeof(*s));
    s->flags = flags;
    s->client = client;
    memcpy(s->exported_session_key, exported_session_key, 16);
    return 0;
}

/* ntlm_session_reset_rc4 - re-key a direction's RC4 handle from its
 * sealing key (without ESS: the shared handle).  The handle is dropped
 * and created again on first use, which gives the same fresh stream: a
 * SPNEGO handshake resets both directions after the mechListMIC, and a
 * context that is then not used for signing or sealing pays no key
 * schedule. */
int
ntlm_session_reset_rc4(struct ntlm_session *s, bool send_dir)
{
    struct ntlm_session_dir *d;
    int ret;

    if (s == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    ret = dir_state(s, send_dir, &d);
    if (ret != 0)
        return ret;
    ncrypto_rc4_free(d->rc4);
    d->rc4 = NULL;
    return 0;
}

/* ---- rolling back the stream on a failed verification ------------------ */

/* Either the stream did not exist (created here: undo frees it, which is
 * the same fresh stream) or a raw snapshot of it. */
struct rc4_guard {
    bool created;
    bool saved;
    uint8_t snap[NCRYPTO_RC4_SNAPSHOT_LEN];
};

static int
guard_take(struct ntlm_session_dir *d, struct rc4_guard *g)
{
    int ret;

    g->created = false;
    g->saved = false;
    if (d->rc4 == NULL) {
        ret = dir_rc4(d);
        if (ret != 0)
            return ret;
        g->created = true;
        return 0;
    }
    ret = ncrypto_rc4_snapshot(d->rc4, g->snap);
    if (ret != 0)
        return ret;
    g->saved = true;
    return 0;
}

static void
guard_undo(struct ntlm_session_dir *d, struct rc4_guard *g)
{
    if (g->created) {
        ncrypto_rc4_free(d->rc4);
        d->rc4 = NULL;
    } else if (g->saved) {
        (void)ncrypto_rc4_rollback(d->rc4, g->snap);
    }
}

/* Re-encrypt data with the stream as it was before (after guard_undo). */
static void
guard_reencrypt(struct ntlm_session_dir *d, struct rc4_guard *g,
                uint8_t *data, size_t len)
{
    if (len == 0)
        return;
    if (g->created) {
        (void)ncrypto_rc4_oneshot(d->seal_key, d->seal_key_len, data, data,
                                  len);
    } else if (g->saved) {
        (void)ncrypto_rc4_update(d->rc4, data, data, len);
        (void)ncrypto_rc4_rollback(d->rc4, g->snap);
    }
}

static void
guard_wipe(struct rc4_guard *g)
{
    if (g->saved)
        ntlm_zero(g->snap, sizeof(g->snap));
    g->saved = false;
    g->created = false;
}

/* ---- checksums and signatures ------------------------------------------ */

/* Start the ESS MAC of a message: HMAC_MD5(SignKey, SeqNum || ...). */
static int
mac_begin(struct ntlm_session_dir *d, struct ncrypto_hmac_run *run)
{
    uint8_t seq[4];
    int ret;

    ret = dir_hmac(d);
    if (ret != 0)
        return ret;
    ret = ncrypto_hmac_md5_begin(run, d->hmac);
    if (ret != 0)
        return ret;
    put_u32le(seq, d->seq_num);
    return ncrypto_hmac_md5_add(run, seq, 4);
}

/* Finish the ESS MAC into the 8 checksum bytes. */
static int
mac_end(struct ncrypto_hmac_run *run, uint8_t out[8])
{
    uint8_t mac[16];
    int ret;

    ret = ncrypto_hmac_md5_end(run, mac);
    if (ret == 0)
        memcpy(out, mac, 8);
    ntlm_zero(mac, sizeof(mac));
    return ret;
}

/*
 * Compute the 8 checksum bytes before encryption: with ESS the first 8
 * bytes of HMAC_MD5(SignKey, SeqNum || parts); without, RandomPad (0) and
 * CRC32(parts).
 */
static int
raw_checksum(struct ntlm_session *s, struct ntlm_session_dir *d,
             const struct ncrypto_part *parts, size_t num_parts,
             uint8_t out[8])
{
    struct ncrypto_hmac_run run;
    uint32_t crc = 0;
    size_t i;
    int ret;

    memset(out, 0, 8);
    if (has_ess(s)) {
        ret = mac_begin(d, &run);
        for (i = 0; ret == 0 && i < num_parts; i++)
            ret = ncrypto_hmac_md5_add(&run, parts[i].ptr, parts[i].len);
        if (ret == 0)
            ret = mac_end(&run, out);
        ntlm_zero(&run, sizeof(run));
        return ret;
    }
    for (i = 0; i < num_parts; i++)
        crc = ncrypto_crc32(crc, parts[i].ptr, parts[i].len);
    put_u32le(out + 4, crc);
    return 0;
}

/* Finish the signature from the raw checksum, running the RC4 stream
 * where the form requires it (does not touch seq_num). */
static int
finish_sig(struct ntlm_session *s, struct ntlm_session_dir *d,
           const uint8_t chk[8], uint8_t sig[16])
{
    uint8_t buf[12];
    int ret = 0;

    put_u32le(sig, SIG_VERSION);
    if (has_ess(s)) {
        memcpy(sig + 4, chk, 8);
        if (s->flags & NTLMSSP_NEGOTIATE_KEY_EXCH) {
            ret = dir_rc4(d);
            if (ret == 0)
                ret = ncrypto_rc4_update(d->rc4, sig + 4, sig + 4, 8);
        }
        put_u32le(sig + 12, d->seq_num);
        return ret;
    }
    /* RandomPad, Checksum, SeqNum through the stream */
    memcpy(buf, chk, 8);
    put_u32le(buf + 8, d->seq_num);
    ret = dir_rc4(d);
    if (ret == 0)
        ret = ncrypto_rc4_update(d->rc4, buf, buf, 12);
    memcpy(sig + 4, buf, 12);
    ntlm_zero(buf, sizeof(buf));
    return ret;
}

static void
dummy_sig(uint8_t sig[16])
{
    memset(sig, 0, 16);
    put_u32le(sig, SIG_VERSION);
}

/* Constant-time compare of a received signature with the expected one
 * (RandomPad ignored without ESS). */
static bool
sig_matches(struct ntlm_session *s, const uint8_t want[16],
            const uint8_t got[16])
{
    if (!is_dummy(s) && !has_ess(s)) {
        return ntlm_ct_equal(want, got, 4) &
               ntlm_ct_equal(want + 8, got + 8, 8);
    }
    return ntlm_ct_equal(want, got, 16);
}

/* ntlm_sign - sign with the sending direction and advance its seq. */
int
ntlm_sign(struct ntlm_session *s, const struct ncrypto_part *parts,
          size_t num_parts, uint8_t out_sig[16])
{
    struct ntlm_session_dir *d;
    uint8_t chk[8];
    int ret;

    memset(out_sig, 0, 16);
    if (s == NULL || (parts == NULL && num_parts > 0))
        return NTLM_ERR_INVALID_ARGUMENT;
    ret = dir_state(s, true, &d);
    if (ret != 0)
        return ret;
    if (is_dummy(s)) {
        dummy_sig(out_sig);
        d->seq_num++;
        return 0;
    }
    ret = raw_checksum(s, d, parts, num_parts, chk);
    if (ret != 0)
        goto done;
    ret = finish_sig(s, d, chk, out_sig);
    if (ret != 0)
        goto done;
    d->seq_num++;
done:
    if (ret != 0)
        memset(out_sig, 0, 16);
    ntlm_zero(chk, sizeof(chk));
    return ret;
}

static int
check_version(const uint8_t sig[16])
{
    if (sig[0] != SIG_VERSION || sig[1] != 0 || sig[2] != 0 || sig[3] != 0)
        return NTLM_ERR_BAD_SIG_VERSION;
    return 0;
}

/* ntlm_verify - check a signature with the receiving direction; on
 * failure neither the stream nor seq moves. */
int
ntlm_verify(struct ntlm_session *s, const struct ncrypto_part *parts,
            size_t num_parts, const uint8_t sig[16])
{
    struct ntlm_session_dir *d;
    struct rc4_guard g;
    uint8_t chk[8], want[16];
    bool stream;
    int ret;

    g.created = false;
    g.saved = false;
    if (s == NULL || sig == NULL || (parts == NULL && num_parts > 0))
        return NTLM_ERR_INVALID_ARGUMENT;
    ret = check_version(sig);
    if (ret != 0)
        return ret;
    ret = dir_state(s, false, &d);
    if (ret != 0)
        return ret;
    if (is_dummy(s)) {
        dummy_sig(want);
        if (!sig_matches(s, want, sig))
            return NTLM_ERR_BAD_MAC;
        d->seq_num++;
        return 0;
    }
    /* Only the non-ESS and KEY_EXCH forms run the stream. */
    stream = !has_ess(s) || (s->flags & NTLMSSP_NEGOTIATE_KEY_EXCH);
    if (stream) {
        ret = guard_take(d, &g);
        if (ret != 0)
            goto done;
    }
    ret = raw_checksum(s, d, parts, num_parts, chk);
    if (ret != 0)
        goto done;
    ret = finish_sig(s, d, chk, want);
    if (ret != 0)
        goto done;
    if (!sig_matches(s, want, sig)) {
        ret = NTLM_ERR_BAD_MAC;
        goto done;
    }
    d->seq_num++;
    ret = 0;
done:
    if (ret != 0)
        guard_undo(d, &g);
    guard_wipe(&g);
    ntlm_zero(chk, sizeof(chk));
    ntlm_zero(want, sizeof(want));
    return ret;
}

/* Bytes MAC'd and en/decrypted per step of the one-pass loops: the chunk
 * is still in L1 for the second operation. */
#define PASS_CHUNK 8192

/* ntlm_seal_to - encrypt in into out and sign the plaintext (or
 * sign_parts, read before anything is written). */
int
ntlm_seal_to(struct ntlm_session *s, const uint8_t *in, uint8_t *out,
             size_t len, const struct ncrypto_part *sign_parts,
             size_t num_sign_parts, uint8_t out_sig[16])
{
    struct ntlm_session_dir *d;
    struct ncrypto_hmac_run run;
    struct ncrypto_part self;
    uint8_t chk[8];
    size_t off, n;
    int ret;

    memset(out_sig, 0, 16);
    memset(chk, 0, sizeof(chk));
    if (s == NULL || (len > 0 && (in == NULL || out == NULL)) ||
        (sign_parts == NULL && num_sign_parts > 0))
        return NTLM_ERR_INVALID_ARGUMENT;
    if (!(s->flags & NTLMSSP_NEGOTIATE_SEAL))
        return NTLM_ERR_NO_CONF;
    ret = dir_state(s, true, &d);
    if (ret == 0)
        ret = dir_rc4(d);
    if (ret != 0)
        goto done;
    if (sign_parts == NULL && has_ess(s)) {
        /* One pass: MAC a chunk of plaintext, then encrypt it. */
        ret = mac_begin(d, &run);
        for (off = 0; ret == 0 && off < len; off += n) {
            n = len - off < PASS_CHUNK ? len - off : PASS_CHUNK;
            ret = ncrypto_hmac_md5_add(&run, in + off, n);
            if (ret == 0)
                ret = ncrypto_rc4_update(d->rc4, in + off, out + off, n);
        }
        if (ret == 0)
            ret = mac_end(&run, chk);
        ntlm_zero(&run, sizeof(run));
        if (ret != 0)
            goto done;
    } else {
        if (sign_parts == NULL) {
            self.ptr = in;
            self.len = len;
            sign_parts = &self;
            num_sign_parts = 1;
        }
        /* The MAC covers the plaintext; the stream runs data, then
         * checksum. */
        ret = raw_checksum(s, d, sign_parts, num_sign_parts, chk);
        if (ret != 0)
            goto done;
        ret = ncrypto_rc4_update(d->rc4, in, out, len);
        if (ret != 0)
            goto done;
    }
    ret = finish_sig(s, d, chk, out_sig);
    if (ret != 0)
        goto done;
    d->seq_num++;
done:
    if (ret != 0)
        memset(out_sig, 0, 16);
    ntlm_zero(chk, sizeof(chk));
    return ret;
}

/* ntlm_seal - encrypt data in place and sign the plaintext (or
 * sign_parts, which are read before the data is encrypted). */
int
ntlm_seal(struct ntlm_session *s, uint8_t *data, size_t len,
          const struct ncrypto_part *sign_parts, size_t num_sign_parts,
          uint8_t out_sig[16])
{
    return ntlm_seal_to(s, data, data, len, sign_parts, num_sign_parts,
                        out_sig);
}

/* ntlm_unseal_to - decrypt in into out and verify.  On failure no state
 * changes; out is zeroed, or when out == in the ciphertext is put back. */
int
ntlm_unseal_to(struct ntlm_session *s, const uint8_t *in, uint8_t *out,
               size_t len, const struct ncrypto_part *sign_parts,
               size_t num_sign_parts, const uint8_t sig[16])
{
    struct ntlm_session_dir *d;
    struct ncrypto_hmac_run run;
    struct ncrypto_part self;
    struct rc4_guard g;
    uint8_t chk[8], want[16];
    size_t off, n;
    int ret;

    g.created = false;
    g.saved = false;
    memset(chk, 0, sizeof(chk));
    memset(want, 0, sizeof(want));
    if (s == NULL || sig == NULL || (len > 0 && (in == NULL || out == NULL))
        || (sign_parts == NULL && num_sign_parts > 0))
        return NTLM_ERR_INVALID_ARGUMENT;
    if (!(s->flags & NTLMSSP_NEGOTIATE_SEAL))
        return NTLM_ERR_NO_CONF;
    ret = check_version(sig);
    if (ret != 0)
        return ret;
    ret = dir_state(s, false, &d);
    if (ret == 0)
        ret = guard_take(d, &g);
    if (ret != 0)
        goto done;
    if (sign_parts == NULL && has_ess(s)) {
        /* One pass: decrypt a chunk, then MAC its plaintext. */
        ret = mac_begin(d, &run);
        for (off = 0; ret == 0 && off < len; off += n) {
            n = len - off < PASS_CHUNK ? len - off : PASS_CHUNK;
            ret = ncrypto_rc4_update(d->rc4, in + off, out + off, n);
            if (ret == 0)
                ret = ncrypto_hmac_md5_add(&run, out + off, n);
        }
        if (ret == 0)
            ret = mac_end(&run, chk);
        ntlm_zero(&run, sizeof(run));
        if (ret != 0)
            goto done;
    } else {
        ret = ncrypto_rc4_update(d->rc4, in, out, len);
        if (ret != 0)
            goto done;
        if (sign_parts == NULL) {
            self.ptr = out;
            self.len = len;
            sign_parts = &self;
            num_sign_parts = 1;
        }
        ret = raw_checksum(s, d, sign_parts, num_sign_parts, chk);
        if (ret != 0)
            goto done;
    }
    ret = finish_sig(s, d, chk, want);
    if (ret != 0)
        goto done;
    if (!sig_matches(s, want, sig)) {
        ret = NTLM_ERR_BAD_MAC;
        goto done;
    }
    d->seq_num++;
    ret = 0;
done:
    if (ret != 0 && (g.created || g.saved)) {
        guard_undo(d, &g);
        if (out == in)
            guard_reencrypt(d, &g, out, len);
        else if (len > 0)
            ntlm_zero(out, len);
    }
    guard_wipe(&g);
    ntlm_zero(chk, sizeof(chk));
    ntlm_zero(want, sizeof(want));
    return ret;
}

/* ntlm_unseal - decrypt data in place and verify; on failure data is
 * restored to the ciphertext and no state changes. */
int
ntlm_unseal(struct ntlm_session *s, uint8_t *data, size_t len,
            const struct ncrypto_part *sign_parts, size_t num_sign_parts,
            const uint8_t sig[16])
{
    static uint8_t empty;

    if (data == NULL && len == 0)
        data = &empty;
    return ntlm_unseal_to(s, data, data, len, sign_parts, num_sign_parts,
                          sig);
}

/* ntlm_sig_seq - the SeqNum field as sent (meaningful in clear with ESS;
 * without ESS it is RC4-encrypted). */
uint32_t
ntlm_sig_seq(const uint8_t sig[16])
{
    return (uint32_t)sig[12] | (uint32_t)sig[13] << 8 |
           (uint32_t)sig[14] << 16 | (uint32_t)sig[15] << 24;
}
