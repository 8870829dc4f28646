/*
 * keys.c - NTLM one-way functions, challenge responses and session keys
 * (MS-NLMP 3.3.1, 3.3.2, 3.4.5, 6; the MIC of 3.1.5.1.2 and the channel
 * bindings hash of 3.1.5.1.2 / RFC 4121 style serialisation).
 *
 * Everything here is pure computation over caller-supplied bytes: no
 * message parsing except the NTLMv2 client blob, which is read through
 * struct wire_in.  Every stack copy of a secret is wiped before returning.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ntlm.h"
#include "../common/secure.h"

static const uint8_t lm_magic[8] = { 'K', 'G', 'S', '!', '@', '#', '$', '%' };

/* ---- one-way functions ------------------------------------------------ */

/* ntlm_ntowfv1 - MD4(UTF-16LE(password)). */
int
ntlm_ntowfv1(const char *password, size_t password_len, uint8_t out[16])
{
    uint8_t *u = NULL;
    size_t u_len = 0;
    int ret;

    memset(out, 0, 16);
    ret = ntlm_utf8_to_utf16le(password, password_len, &u, &u_len);
    if (ret != 0)
        goto done;
    ret = ncrypto_md4(u, u_len, out);
done:
    ntlm_zfree(u, u_len);
    return ret;
}

/*
 * ntlm_lmowfv1 - DES("KGS!@#$%") under both 7-byte halves of the upper-cased
 * password, NUL-padded to 14 bytes.  "OEM" here means the password's bytes
 * with ASCII letters upper-cased (we do not carry DOS code pages; LM is
 * legacy).  A password longer than 14 bytes has no LMOWFv1 (MS-NLMP 3.3.1):
 * NTLM_ERR_INVALID_ARGUMENT, and callers send no LM hash.
 * NTLM_ERR_CRYPTO_UNAVAILABLE without DES.
 */
int
ntlm_lmowfv1(const char *password, size_t password_len, uint8_t out[16])
{
    uint8_t pw[14];
    size_t i;
    int ret;

    memset(out, 0, 16);
    memset(pw, 0, sizeof(pw));
    if ((password_len > 0 && password == NULL) ||
        password_len > sizeof(pw))
        return NTLM_ERR_INVALID_ARGUMENT;
    for (i = 0; i < password_len; i++) {
        pw[i] = (uint8_t)password[i];
        if (pw[i] >= 'a' && pw[i] <= 'z')
            pw[i] -= 0x20;
    }
    ret = ncrypto_des_ecb_7(pw, lm_magic, out);
    if (ret != 0)
        goto done;
    ret = ncrypto_des_ecb_7(pw + 7, lm_magic, out + 8);
done:
    if (ret != 0)
        memset(out, 0, 16);
    ntlm_zero(pw, sizeof(pw));
    return ret;
}

/* ntlm_ntowfv2 - HMAC_MD5(nt_hash, UTF16LE(Upper(user)) || UTF16LE(domain)).
 * The domain is used as given (MS-NLMP does not upper-case it); the user
 * is upper-cased with utf16.c's Unicode (BMP) mapping. */
int
ntlm_ntowfv2(const uint8_t nt_hash[16], const char *user, size_t user_len,
             const char *domain, size_t domain_len, uint8_t out[16])
{
    uint8_t *u = NULL, *d = NULL;
    size_t u_len = 0, d_len = 0;
    struct ncrypto_part parts[2];
    int ret;

    memset(out, 0, 16);
    ret = ntlm_utf8_to_utf16le_upper(user, user_len, &u, &u_len);
    if (ret != 0)
        goto done;
    ret = ntlm_utf8_to_utf16le(domain, domain_len, &d, &d_len);
    if (ret != 0)
        goto done;
    parts[0].ptr = u;
    parts[0].len = u_len;
    parts[1].ptr = d;
    parts[1].len = d_len;
    ret = ncrypto_hmac_md5(nt_hash, 16, parts, 2, out);
done:
    ntlm_zfree(u, u_len);
    ntlm_zfree(d, d_len);
    return ret;
}

/* ---- NTLMv2 (3.3.2) --------------------------------------------------- */

/* HMAC-MD5 under a precomputed key (several MACs under ResponseKeyNT
 * share the key's two pad blocks). */
static int
hmac_parts(const struct ncrypto_hmac_key *k, const struct ncrypto_part *parts,
           size_t num_parts, uint8_t out[16])
{
    struct ncrypto_hmac_run run;
    size_t i;
    int ret;

    memset(out, 0, 16);
    ret = ncrypto_hmac_md5_begin(&run, k);
    for (i = 0; ret == 0 && i < num_parts; i++)
        ret = ncrypto_hmac_md5_add(&run, parts[i].ptr, parts[i].len);
    if (ret == 0)
        ret = ncrypto_hmac_md5_end(&run, out);
    ntlm_zero(&run, sizeof(run));
    if (ret != 0)
        memset(out, 0, 16);
    return ret;
}

#define NTLMV2_BLOB_HDR_LEN 28      /* versions, Z(6), time, chal, Z(4) */

/* ntlm_v2_result_cleanup - wipe and free; the struct may be reused. */
void
ntlm_v2_result_cleanup(struct ntlm_v2_result *r)
{
    if (r == NULL)
        return;
    ntlm_zfree(r->nt_response, r->nt_response_len);
    ntlm_zero(r, sizeof(*r));
}

/*
 * ntlm_compute_ntlmv2 - the client side of NTLMv2.  out->nt_response is
 * malloc'd (NTProofStr || temp); release everything with
 * ntlm_v2_result_cleanup.  av_pairs is copied verbatim into the blob.
 */
int
ntlm_compute_ntlmv2(const uint8_t ntowfv2[16],
                    const uint8_t server_challenge[8],
                    const uint8_t client_challenge[8],
                    uint64_t timestamp, struct wire_slice av_pairs,
                    struct ntlm_v2_result *out)
{
    struct wire_out w;
    struct ncrypto_part parts[2];
    struct ncrypto_hmac_key k;
    uint8_t *resp = NULL, proof[16];
    size_t resp_len = 0;
    int ret;

    memset(out, 0, sizeof(*out));
    memset(proof, 0, sizeof(proof));
    memset(&k, 0, sizeof(k));

    /* NTProofStr placeholder, then temp. */
    wire_out_init_hint(&w, WIRE_OUT_DYNAMIC, 48 + av_pairs.len);
    wire_out_zeros(&w, 16);
    wire_out_u8(&w, 1);                 /* Responserversion */
    wire_out_u8(&w, 1);                 /* HiResponserversion */
    wire_out_zeros(&w, 6);
    wire_out_u64le(&w, timestamp);
    wire_out_bytes(&w, client_challenge, 8);
    wire_out_zeros(&w, 4);
    wire_out_bytes(&w, av_pairs.ptr, av_pairs.len);
    wire_out_zeros(&w, 4);
    ret = wire_out_finish(&w, &resp, &resp_len);
    if (ret != 0)
        goto done;
    ret = ncrypto_hmac_md5_key(ntowfv2, 16, &k);
    if (ret != 0)
        goto done;

    parts[0].ptr = server_challenge;
    parts[0].len = 8;
    parts[1].ptr = resp + 16;
    parts[1].len = resp_len - 16;
    ret = hmac_parts(&k, parts, 2, proof);
    if (ret != 0)
        goto done;
    memcpy(resp, proof, 16);

    parts[0].ptr = proof;
    parts[0].len = 16;
    ret = hmac_parts(&k, parts, 1, out->session_base_key);
    if (ret != 0)
        goto done;

    /* LMv2 = HMAC(ResponseKeyLM, server || client) || client. */
    parts[0].ptr = server_challenge;
    parts[0].len = 8;
    parts[1].ptr = client_challenge;
    parts[1].len = 8;
    ret = hmac_parts(&k, parts, 2, out->lm_response);
    if (ret != 0)
        goto done;
    memcpy(out->lm_response + 16, client_challenge, 8);

    out->nt_response = resp;
    out->nt_response_len = resp_len;
    resp = NULL;
    ret = 0;
done:
    if (ret != 0)
        ntlm_v2_result_cleanup(out);
    ntlm_zfree(resp, resp_len);
    ntlm_zero(proof, sizeof(proof));
    ntlm_zero(&k, sizeof(k));
    return ret;
}

/*
 * Locate the AV list in an NTLMv2 blob: from offset 28 up to and including
 * MsvAvEOL (padding after it, such as the Z(4), is not part of the list).
 */
static int
blob_av_pairs(struct wire_slice blob, struct wire_slice *out)
{
    struct wire_in in;
    struct wire_slice skipped;
    uint16_t id = 0, len = 0;
    size_t start_left;

    *out = WIRE_SLICE_EMPTY;
    wire_in_init(&in, blob.ptr + NTLMV2_BLOB_HDR_LEN,
                 blob.len - NTLMV2_BLOB_HDR_LEN);
    start_left = wire_in_remaining(&in);
    for (;;) {
        if (wire_in_u16le(&in, &id) != 0 || wire_in_u16le(&in, &len) != 0 ||
            wire_in_bytes(&in, len, &skipped) != 0)
            return NTLM_ERR_BAD_NT_RESPONSE;
        if (id == MsvAvEOL)
            break;
    }
    *out = wire_slice_make(blob.ptr + NTLMV2_BLOB_HDR_LEN,
                           start_left - wire_in_remaining(&in));
    return 0;
}

/*
 * ntlm_verify_ntlmv2 - check an NTLMv2 NT response against ntowfv2.
 * out_av_pairs borrows nt_response (the blob's list through MsvAvEOL);
 * out_timestamp is the blob's time.  Outputs are only set on success.
 */
int
ntlm_verify_ntlmv2(const uint8_t ntowfv2[16],
                   const uint8_t server_challenge[8],
                   struct wire_slice nt_response,
                   uint8_t out_session_base_key[16],
                   struct wire_slice *out_av_pairs,
                   uint64_t *out_timestamp)
{
    struct wire_in in;
    struct wire_slice blob, av = WIRE_SLICE_EMPTY;
    struct ncrypto_part parts[2];
    struct ncrypto_hmac_key k;
    uint8_t proof[16], resp_ver = 0, hi_ver = 0;
    uint64_t ts = 0;
    int ret;

    memset(out_session_base_key, 0, 16);
    if (out_av_pairs != NULL)
        *out_av_pairs = WIRE_SLICE_EMPTY;
    if (out_timestamp != NULL)
        *out_timestamp = 0;
    memset(proof, 0, sizeof(proof));
    memset(&k, 0, sizeof(k));

    ret = NTLM_ERR_BAD_NT_RESPONSE;
    if (nt_response.ptr == NULL ||
        nt_response.len < 16 + NTLMV2_BLOB_HDR_LEN)
        goto done;
    blob = wire_slice_make(nt_response.ptr + 16, nt_response.len - 16);
    wire_in_init(&in, blob.ptr, blob.len);
    wire_in_u8(&in, &resp_ver);
    wire_in_u8(&in, &hi_ver);
    wire_in_skip(&in, 6);
    wire_in_u64le(&in, &ts);
    if (in.err != 0 || resp_ver != 1 || hi_ver != 1)
        goto done;
    ret = blob_av_pairs(blob, &av);
    if (ret != 0)
        goto done;

    parts[0].ptr = server_challenge;
    parts[0].len = 8;
    parts[1].ptr = blob.ptr;
    parts[1].len = blob.len;
    ret = ncrypto_hmac_md5_key(ntowfv2, 16, &k);
    if (ret != 0)
        goto done;
    ret = hmac_parts(&k, parts, 2, proof);
    if (ret != 0)
        goto done;
    if (!ntlm_ct_equal(proof, nt_response.ptr, 16)) {
        ret = NTLM_ERR_WRONG_PASSWORD;
        goto done;
    }
    parts[0].ptr = proof;
    parts[0].len = 16;
    ret = hmac_parts(&k, parts, 1, out_session_base_key);
    if (ret != 0)
        goto done;

    if (out_av_pairs != NULL)
        *out_av_pairs = av;
    if (out_timestamp != NULL)
        *out_timestamp = ts;
    ret = 0;
done:
    if (ret != 0)
        memset(out_session_base_key, 0, 16);
    ntlm_zero(proof, sizeof(proof));
    ntlm_zero(&k, sizeof(k));
    return ret;
}

/*
 * ntlm_verify_lmv2 - check a 24-byte LMv2 response.  With no NTProofStr
 * the session base key is HMAC_MD5(ResponseKeyLM, LMv2 proof) (what Samba
 * and Windows use for LMv2-only logons).
 */
int
ntlm_verify_lmv2(const uint8_t ntowfv2[16],
                 const uint8_t server_challenge[8],
                 struct wire_slice lm_response,
                 uint8_t out_session_base_key[16])
{
    struct ncrypto_part parts[2];
    uint8_t proof[16];
    int ret;

    memset(out_session_base_key, 0, 16);
    memset(proof, 0, sizeof(proof));
    if (lm_response.ptr == NULL || lm_response.len != 24)
        return NTLM_ERR_BAD_LM_RESPONSE;
    parts[0].ptr = server_challenge;
    parts[0].len = 8;
    parts[1].ptr = lm_response.ptr + 16;
    parts[1].len = 8;
    ret = ncrypto_hmac_md5(ntowfv2, 16, parts, 2, proof);
    if (ret != 0)
        goto done;
    if (!ntlm_ct_equal(proof, lm_response.ptr, 16)) {
        ret = NTLM_ERR_WRONG_PASSWORD;
        goto done;
    }
    parts[0].ptr = proof;
    parts[0].len = 16;
    ret = ncrypto_hmac_md5(ntowfv2, 16, parts, 1, out_session_base_key);
done:
    if (ret != 0)
        memset(out_session_base_key, 0, 16);
    ntlm_zero(proof, sizeof(proof));
    return ret;
}

/* ---- NTLMv1 (3.3.1) --------------------------------------------------- */

/* ntlm_desl - DES(K[0..6], D) || DES(K[7..13], D) || DES(K[14..15] Z(5), D). */
int
ntlm_desl(const uint8_t key[16], const uint8_t data[8], uint8_t out[24])
{
    uint8_t k3[7];
    int ret;

    memset(out, 0, 24);
    memset(k3, 0, sizeof(k3));
    memcpy(k3, key + 14, 2);
    ret = ncrypto_des_ecb_7(key, data, out);
    if (ret != 0)
        goto done;
    ret = ncrypto_des_ecb_7(key + 7, data, out + 8);
    if (ret != 0)
        goto done;
    ret = ncrypto_des_ecb_7(k3, data, out + 16);
done:
    if (ret != 0)
        memset(out, 0, 24);
    ntlm_zero(k3, sizeof(k3));
    return ret;
}

/* ntlm_compute_ntlmv1 - NTLMv1 responses (with or without ESS) and the
 * session base key MD4(NTOWFv1).  client_challenge is used only with ESS. */
int
ntlm_compute_ntlmv1(const uint8_t nt_hash[16], const uint8_t *lm_hash,
                    const uint8_t server_challenge[8],
                    const uint8_t client_challenge[8], bool ess,
                    uint8_t out_nt[24], uint8_t out_lm[24],
                    uint8_t out_session_base_key[16])
{
    struct ncrypto_part parts[2];
    uint8_t digest[16];
    int ret;

    memset(out_nt, 0, 24);
    memset(out_lm, 0, 24);
    memset(out_session_base_key, 0, 16);
    memset(digest, 0, sizeof(digest));

    if (ess) {
        if (client_challenge == NULL)
            return NTLM_ERR_INVALID_ARGUMENT;
        parts[0].ptr = server_challenge;
        parts[0].len = 8;
        parts[1].ptr = client_challenge;
        parts[1].len = 8;
        ret = ncrypto_md5_parts(parts, 2, digest);
        if (ret != 0)
            goto done;
        ret = ntlm_desl(nt_hash, digest, out_nt);
        if (ret != 0)
            goto done;
        memcpy(out_lm, client_challenge, 8);
    } else {
        ret = ntlm_desl(nt_hash, server_challenge, out_nt);
        if (ret != 0)
            goto done;
        if (lm_hash != NULL) {
            ret = ntlm_desl(lm_hash, server_challenge, out_lm);
            if (ret != 0)
                goto done;
        } else {
            memcpy(out_lm, out_nt, 24);
        }
    }
    ret = ncrypto_md4(nt_hash, 16, out_session_base_key);
done:
    if (ret != 0) {
        memset(out_nt, 0, 24);
        memset(out_lm, 0, 24);
        memset(out_session_base_key, 0, 16);
    }
    ntlm_zero(digest, sizeof(digest));
    return ret;
}

/* ---- key exchange, signing and sealing keys (3.4.5) -------------------- */

/*
 * ntlm_kxkey - KXKEY for NTLMv1 (3.4.5.1).  Order of precedence as in the
 * spec: ESS (HMAC_MD5(SessionBaseKey, ServerChallenge || LM[0..7])), then
 * LM_KEY (DES of LM[0..7] under LMOWF), then REQUEST_NON_NT_SESSION_KEY
 * (LMOWF[0..7] || Z(8)), else SessionBaseKey.  lm_response is needed for
 * ESS and LM_KEY, lmowf for LM_KEY and NON_NT_SESSION_KEY
 * (NTLM_ERR_INVALID_ARGUMENT when missing).
 *
 * For NTLMv2 the key exchange key is the SessionBaseKey itself whatever
 * the flags: callers doing NTLMv2 must not call this function.
 */
int
ntlm_kxkey(uint32_t flags, const uint8_t session_base_key[16],
           const uint8_t *lm_response, const uint8_t *lmowf,
           const uint8_t server_challenge[8], uint8_t out[16])
{
    struct ncrypto_part parts[2];
    uint8_t k2[7];
    int ret;

    memset(out, 0, 16);
    memset(k2, 0, sizeof(k2));
    if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) {
        if (lm_response == NULL)
            return NTLM_ERR_INVALID_ARGUMENT;
        parts[0].ptr = server_challenge;
        parts[0].len = 8;
        parts[1].ptr = lm_response;
        parts[1].len = 8;
        ret = ncrypto_hmac_md5(session_base_key, 16, parts, 2, out);
    } else if (flags & NTLMSSP_NEGOTIATE_LM_KEY) {
        if (lm_response == NULL || lmowf == NULL)
            return NTLM_ERR_INVALID_ARGUMENT;
        k2[0] = lmowf[7];
        memset(k2 + 1, 0xBD, 6);
        ret = ncrypto_des_ecb_7(lmowf, lm_response, out);
        if (ret == 0)
            ret = ncrypto_des_ecb_7(k2, lm_response, out + 8);
    } else if (flags & NTLMSSP_REQUEST_NON_NT_SESSION_KEY) {
        if (lmowf == NULL)
            return NTLM_ERR_INVALID_ARGUMENT;
        memcpy(out, lmowf, 8);
        ret = 0;
    } else {
        memcpy(out, session_base_key, 16);
        ret = 0;
    }
    if (ret != 0)
        memset(out, 0, 16);
    ntlm_zero(k2, sizeof(k2));
    return ret;
}

static const char sign_c2s[] =
    "session key to client-to-server signing key magic constant";
static const char sign_s2c[] =
    "session key to server-to-client signing key magic constant";
static const char seal_c2s[] =
    "session key to client-to-server sealing key magic constant";
static const char seal_s2c[] =
    "session key to server-to-client sealing key magic constant";

/*
 * ntlm_signkey - SIGNKEY (3.4.5.2): with ESS, MD5(key || magic incl. NUL);
 * without ESS there is no signing key: out is zeroed and 0 returned (the
 * CRC32 signature uses the sealing RC4 stream instead).
 */
int
ntlm_signkey(uint32_t flags, const uint8_t random_session_key[16],
             bool client, uint8_t out[16])
{
    struct ncrypto_part parts[2];

    memset(out, 0, 16);
    if (!(flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
        return 0;
    parts[0].ptr = random_session_key;
    parts[0].len = 16;
    parts[1].ptr = client ? sign_c2s : sign_s2c;
    parts[1].len = sizeof(sign_c2s);    /* including the NUL */
    return ncrypto_md5_parts(parts, 2, out);
}

/*
 * ntlm_sealkey - SEALKEY (3.4.5.3).  With ESS: MD5(key[0..n] || magic)
 * where n is 16 (NEGOTIATE_128), 7 (NEGOTIATE_56) or 5; *out_len = 16.
 * Without ESS, when LM_KEY or DATAGRAM is negotiated (our revision is
 * W2K3): 56-bit -> key[0..6] || 0xA0, else key[0..4] || E5 38 B0,
 * *out_len = 8.  Otherwise the whole 16-byte random session key.
 */
int
ntlm_sealkey(uint32_t flags, const uint8_t random_session_key[16],
             bool client, uint8_t out[16], size_t *out_len)
{
    struct ncrypto_part parts[2];
    size_t n;
    int ret;

    memset(out, 0, 16);
    *out_len = 0;
    if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) {
        if (flags & NTLMSSP_NEGOTIATE_128)
            n = 16;
        else if (flags & NTLMSSP_NEGOTIATE_56)
            n = 7;
        else
            n = 5;
        parts[0].ptr = random_session_key;
        parts[0].len = n;
        parts[1].ptr = client ? seal_c2s : seal_s2c;
        parts[1].len = sizeof(seal_c2s);
        ret = ncrypto_md5_parts(parts, 2, out);
        if (ret != 0)
            return ret;
        *out_len = 16;
    } else if (flags & (NTLMSSP_NEGOTIATE_LM_KEY |
                        NTLMSSP_NEGOTIATE_DATAGRAM)) {
        if (flags & NTLMSSP_NEGOTIATE_56) {
            memcpy(out, random_session_key, 7);
            out[7] = 0xA0;
        } else {
            memcpy(out, random_session_key, 5);
            out[5] = 0xE5;
            out[6] = 0x38;
            out[7] = 0xB0;
        }
        *out_len = 8;
    } else {
        memcpy(out, random_session_key, 16);
        *out_len = 16;
    }
    return 0;
}

/* ---- MIC and channel bindings ------------------------------------------ */

/* ntlm_compute_mic - HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE ||
 * AUTHENTICATE with bytes 72..87 taken as zero).  NTLM_ERR_TRUNCATED if the
 * AUTHENTICATE message has no room for a MIC. */
int
ntlm_compute_mic(const uint8_t exported_session_key[16],
                 struct wire_slice negotiate, struct wire_slice challenge,
                 struct wire_slice authenticate, uint8_t out[16])
{
    static const uint8_t zero_mic[NTLM_MIC_LEN];
    struct ncrypto_part parts[5];
    size_t mic_end = NTLM_MIC_OFFSET + NTLM_MIC_LEN;

    memset(out, 0, 16);
    if (authenticate.ptr == NULL || authenticate.len < mic_end)
        return NTLM_ERR_TRUNCATED;
    parts[0].ptr = negotiate.ptr;
    parts[0].len = negotiate.len;
    parts[1].ptr = challenge.ptr;
    parts[1].len = challenge.len;
    parts[2].ptr = authenticate.ptr;
    parts[2].len = NTLM_MIC_OFFSET;
    parts[3].ptr = zero_mic;
    parts[3].len = NTLM_MIC_LEN;
    parts[4].ptr = authenticate.ptr + mic_end;
    parts[4].len = authenticate.len - mic_end;
    return ncrypto_hmac_md5(exported_session_key, 16, parts, 5, out);
}

static void
put_u32le(uint8_t b[4], uint32_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}

/* ntlm_channel_bindings_hash - MD5 of the gss_channel_bindings
 * serialisation described in ntlm.h (lengths as u32le). */
int
ntlm_channel_bindings_hash(const struct ntlm_channel_bindings *cb,
                           uint8_t out[16])
{
    uint8_t hdr[5][4];
    struct ncrypto_part parts[8];

    memset(out, 0, 16);
    if (cb == NULL || cb->initiator_address.len > UINT32_MAX ||
        cb->acceptor_address.len > UINT32_MAX ||
        cb->application_data.len > UINT32_MAX)
        return NTLM_ERR_INVALID_ARGUMENT;
    put_u32le(hdr[0], cb->initiator_addrtype);
    put_u32le(hdr[1], (uint32_t)cb->initiator_address.len);
    put_u32le(hdr[2], cb->acceptor_addrtype);
    put_u32le(hdr[3], (uint32_t)cb->acceptor_address.len);
    put_u32le(hdr[4], (uint32_t)cb->application_data.len);
    parts[0] = (struct ncrypto_part){ hdr[0], 4 };
    parts[1] = (struct ncrypto_part){ hdr[1], 4 };
    parts[2] = (struct ncrypto_part){ cb->initiator_address.ptr,
                                      cb->initiator_address.len };
    parts[3] = (struct ncrypto_part){ hdr[2], 4 };
    parts[4] = (struct ncrypto_part){ hdr[3], 4 };
    parts[5] = (struct ncrypto_part){ cb->acceptor_address.ptr,
                                      cb->acceptor_address.len };
    parts[6] = (struct ncrypto_part){ hdr[4], 4 };
    parts[7] = (struct ncrypto_part){ cb->application_data.ptr,
                                      cb->application_data.len };
    return ncrypto_md5_parts(parts, 8, out);
}
