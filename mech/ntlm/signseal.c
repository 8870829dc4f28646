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

/* The direction whose state (seq, RC4, HMAC) a call uses. */
static struct ntlm_session_dir *
dir_state(struct ntlm_session *s, bool sending)
{
    if (!has_ess(s))
        return &s->send;        /* one shared handle and counter */
    return sending ? &s->send : &s->recv;
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
    ncrypto_hmac_md5_free(d->hmac);
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

static int
dir_keys(struct ntlm_session_dir *d, uint32_t flags, const uint8_t esk[16],
         bool client_to_server, bool make_handles)
{
    int ret;

    ret = ntlm_signkey(flags, esk, client_to_server, d->sign_key);
    if (ret != 0)
        return ret;
    ret = ntlm_sealkey(flags, esk, client_to_server, d->seal_key,
                       &d->seal_key_len);
    if (ret != 0)
        return ret;
    if (!make_handles)
        return 0;
    ret = ncrypto_rc4_new(d->seal_key, d->seal_key_len, &d->rc4);
    if (ret != 0)
        return ret;
    if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) {
        ret = ncrypto_hmac_md5_new(d->sign_key, 16, &d->hmac);
        if (ret != 0)
            return ret;
    }
    return 0;
}

/*
 * ntlm_session_init - derive keys and handles for both directions from the
 * exported session key.  On failure s is left cleaned up.
 */
int
ntlm_session_init(struct ntlm_session *s, uint32_t flags, bool client,
                  const uint8_t exported_session_key[16])
{
    bool ess = (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) != 0;
    int ret;

    memset(s, 0, sizeof(*s));
    s->flags = flags;
    s->client = client;
    memcpy(s->exported_session_key, exported_session_key, 16);

    /* send: client-to-server when we are the client */
    ret = dir_keys(&s->send, flags, exported_session_key, client, true);
    if (ret != 0)
        goto done;
    /* recv: the other direction; without ESS it shares s->send's handle */
    ret = dir_keys(&s->recv, flags, exported_session_key, !client, ess);
    if (ret != 0)
        goto done;
    ret = 0;
done:
    if (ret != 0)
        ntlm_session_cleanup(s);
    return ret;
}

/* ntlm_session_reset_rc4 - re-key a direction's RC4 handle from its
 * sealing key (without ESS: the shared handle). */
int
ntlm_session_reset_rc4(struct ntlm_session *s, bool send_dir)
{
    struct ntlm_session_dir *d;
    struct ncrypto_rc4 *fresh = NULL;
    int ret;

    if (s == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    d = dir_state(s, send_dir);
    if (d->seal_key_len == 0)
        return NTLM_ERR_INVALID_ARGUMENT;
    ret = ncrypto_rc4_new(d->seal_key, d->seal_key_len, &fresh);
    if (ret != 0)
        return ret;
    ncrypto_rc4_free(d->rc4);
    d->rc4 = fresh;
    return 0;
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
    uint8_t seq[4], mac[16];
    uint32_t crc = 0;
    size_t i;
    int ret;

    memset(out, 0, 8);
    if (has_ess(s)) {
        put_u32le(seq, d->seq_num);
        ret = ncrypto_hmac_md5_update(d->hmac, seq, 4);
        for (i = 0; ret == 0 && i < num_parts; i++)
            ret = ncrypto_hmac_md5_update(d->hmac, parts[i].ptr,
                                          parts[i].len);
        if (ret == 0)
            ret = ncrypto_hmac_md5_final(d->hmac, mac);
        else
            (void)ncrypto_hmac_md5_final(d->hmac, mac);   /* reset */
        if (ret == 0)
            memcpy(out, mac, 8);
        ntlm_zero(mac, sizeof(mac));
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
        if (s->flags & NTLMSSP_NEGOTIATE_KEY_EXCH)
            ret = ncrypto_rc4_update(d->rc4, sig + 4, sig + 4, 8);
        put_u32le(sig + 12, d->seq_num);
        return ret;
    }
    /* RandomPad, Checksum, SeqNum through the stream */
    memcpy(buf, chk, 8);
    put_u32le(buf + 8, d->seq_num);
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
    if (s == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    d = dir_state(s, true);
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

/*
 * Verify against the receiving direction.  When data != NULL (unseal) the
 * data is first decrypted in place with the same stream; on any failure
 * the stream is rolled back and data re-encrypted.
 */
static int
verify_common(struct ntlm_session *s, uint8_t *data, size_t len,
              const struct ncrypto_part *parts, size_t num_parts,
              const uint8_t sig[16])
{
    struct ntlm_session_dir *d;
    struct ncrypto_part self;
    uint8_t saved[NCRYPTO_RC4_STATE_LEN], chk[8], want[16];
    bool have_saved = false;
    int ret;

    if (s == NULL || sig == NULL || (len > 0 && data == NULL && !parts))
        return NTLM_ERR_INVALID_ARGUMENT;
    d = dir_state(s, false);
    ret = check_version(sig);
    if (ret != 0)
        return ret;
    if (is_dummy(s)) {
        if (data != NULL)
            return NTLM_ERR_NO_CONF;
        dummy_sig(want);
        if (!sig_matches(s, want, sig))
            return NTLM_ERR_BAD_MAC;
        d->seq_num++;
        return 0;
    }

    ret = ncrypto_rc4_export(d->rc4, saved);
    if (ret != 0)
        goto done;
    have_saved = true;
    if (data != NULL) {
        ret = ncrypto_rc4_update(d->rc4, data, data, len);
        if (ret != 0)
            goto done;
        if (parts == NULL) {
            self.ptr = data;
            self.len = len;
            parts = &self;
            num_parts = 1;
        }
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
    if (ret != 0 && have_saved) {
        (void)ncrypto_rc4_restore(d->rc4, saved);
        if (data != NULL) {
            (void)ncrypto_rc4_update(d->rc4, data, data, len);
            (void)ncrypto_rc4_restore(d->rc4, saved);
        }
    }
    ntlm_zero(saved, sizeof(saved));
    ntlm_zero(chk, sizeof(chk));
    ntlm_zero(want, sizeof(want));
    return ret;
}

/* ntlm_verify - check a signature with the receiving direction. */
int
ntlm_verify(struct ntlm_session *s, const struct ncrypto_part *parts,
            size_t num_parts, const uint8_t sig[16])
{
    if (parts == NULL && num_parts > 0)
        return NTLM_ERR_INVALID_ARGUMENT;
    return verify_common(s, NULL, 0, parts, num_parts, sig);
}

/* ntlm_seal - encrypt data in place and sign the plaintext (or
 * sign_parts, which are read before the data is encrypted). */
int
ntlm_seal(struct ntlm_session *s, uint8_t *data, size_t len,
          const struct ncrypto_part *sign_parts, size_t num_sign_parts,
          uint8_t out_sig[16])
{
    struct ntlm_session_dir *d;
    struct ncrypto_part self;
    uint8_t chk[8];
    int ret;

    memset(out_sig, 0, 16);
    if (s == NULL || (len > 0 && data == NULL))
        return NTLM_ERR_INVALID_ARGUMENT;
    if (!(s->flags & NTLMSSP_NEGOTIATE_SEAL))
        return NTLM_ERR_NO_CONF;
    d = dir_state(s, true);
    if (sign_parts == NULL) {
        self.ptr = data;
        self.len = len;
        sign_parts = &self;
        num_sign_parts = 1;
    }
    /* The MAC covers the plaintext, the stream runs data then checksum. */
    ret = raw_checksum(s, d, sign_parts, num_sign_parts, chk);
    if (ret != 0)
        goto done;
    ret = ncrypto_rc4_update(d->rc4, data, data, len);
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

/* ntlm_unseal - decrypt data in place and verify; on failure data is
 * restored to the ciphertext and no state changes. */
int
ntlm_unseal(struct ntlm_session *s, uint8_t *data, size_t len,
            const struct ncrypto_part *sign_parts, size_t num_sign_parts,
            const uint8_t sig[16])
{
    static uint8_t empty;

    if (s == NULL || (len > 0 && data == NULL))
        return NTLM_ERR_INVALID_ARGUMENT;
    if (!(s->flags & NTLMSSP_NEGOTIATE_SEAL))
        return NTLM_ERR_NO_CONF;
    return verify_common(s, data != NULL ? data : &empty, len, sign_parts,
                         num_sign_parts, sig);
}

/* ntlm_sig_seq - the SeqNum field as sent (meaningful in clear with ESS;
 * without ESS it is RC4-encrypted). */
uint32_t
ntlm_sig_seq(const uint8_t sig[16])
{
    return (uint32_t)sig[12] | (uint32_t)sig[13] << 8 |
           (uint32_t)sig[14] << 16 | (uint32_t)sig[15] << 24;
}
