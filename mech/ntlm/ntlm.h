/*
 * ntlm.h - the NTLMSSP protocol core: constants, message codecs, AV pairs,
 * UTF-16, keys, signing and sealing.  Knows nothing of GSSAPI.
 *
 * Conventions: functions return 0 or an NTLM_ERR_* code (common/errors.h);
 * outputs are cleared at entry; decoded messages BORROW slices of the input
 * buffer (keep it alive while using them); encoders allocate the output
 * (caller frees with free()).
 */
#ifndef NTLM_NTLM_H
#define NTLM_NTLM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../wire/wire.h"
#include "../common/errors.h"
#include "../crypto/ncrypto.h"

/* ---- MS-NLMP 2.2.2.5 NEGOTIATE flags ----------------------------------- */
#define NTLMSSP_NEGOTIATE_UNICODE                  0x00000001u
#define NTLM_NEGOTIATE_OEM                         0x00000002u
#define NTLMSSP_REQUEST_TARGET                     0x00000004u
#define NTLMSSP_NEGOTIATE_SIGN                     0x00000010u
#define NTLMSSP_NEGOTIATE_SEAL                     0x00000020u
#define NTLMSSP_NEGOTIATE_DATAGRAM                 0x00000040u
#define NTLMSSP_NEGOTIATE_LM_KEY                   0x00000080u
#define NTLMSSP_NEGOTIATE_NTLM                     0x00000200u
#define NTLMSSP_ANONYMOUS                          0x00000800u
#define NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED      0x00001000u
#define NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED 0x00002000u
#define NTLMSSP_NEGOTIATE_ALWAYS_SIGN              0x00008000u
#define NTLMSSP_TARGET_TYPE_DOMAIN                 0x00010000u
#define NTLMSSP_TARGET_TYPE_SERVER                 0x00020000u
#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY 0x00080000u
#define NTLMSSP_NEGOTIATE_IDENTIFY                 0x00100000u
#define NTLMSSP_REQUEST_NON_NT_SESSION_KEY         0x00400000u
#define NTLMSSP_NEGOTIATE_TARGET_INFO              0x00800000u
#define NTLMSSP_NEGOTIATE_VERSION                  0x02000000u
#define NTLMSSP_NEGOTIATE_128                      0x20000000u
#define NTLMSSP_NEGOTIATE_KEY_EXCH                 0x40000000u
#define NTLMSSP_NEGOTIATE_56                       0x80000000u

/* ---- message types and sizes ------------------------------------------ */
#define NTLM_SIGNATURE "NTLMSSP\0"
#define NTLM_MSG_NEGOTIATE    1u
#define NTLM_MSG_CHALLENGE    2u
#define NTLM_MSG_AUTHENTICATE 3u

#define NTLM_NEGOTIATE_HDR_LEN     32   /* without VERSION */
#define NTLM_CHALLENGE_HDR_LEN     48   /* without VERSION */
#define NTLM_AUTHENTICATE_HDR_LEN  64   /* without VERSION and MIC */
#define NTLM_VERSION_LEN           8
#define NTLM_MIC_LEN               16
#define NTLM_MIC_OFFSET            72   /* 64 + VERSION */
#define NTLM_SIGNATURE_LEN         16   /* NTLMSSP_MESSAGE_SIGNATURE */
#define NTLM_NTLMV2_REVISION_W2K3  0x0F

/* Largest name field we accept in a decoded message (bytes). */
#define NTLM_MAX_NAME_LEN          1024

/* ---- 2.2.2.10 VERSION -------------------------------------------------- */
struct ntlm_version {
    uint8_t major;
    uint8_t minor;
    uint16_t build;
    uint8_t revision;          /* NTLMSSP revision, normally 0x0F */
};

/* ---- 2.2.1.1 NEGOTIATE_MESSAGE ---------------------------------------- */
struct ntlm_negotiate {
    uint32_t flags;
    struct wire_slice domain;       /* OEM bytes */
    struct wire_slice workstation;  /* OEM bytes */
    bool has_version;
    struct ntlm_version version;
};

/* ---- 2.2.1.2 CHALLENGE_MESSAGE ---------------------------------------- */
struct ntlm_challenge {
    uint32_t flags;
    struct wire_slice target_name;  /* UTF-16LE if UNICODE, else OEM */
    uint8_t server_challenge[8];
    struct wire_slice target_info;  /* raw AV_PAIR list (may be empty) */
    bool has_version;
    struct ntlm_version version;
};

/* ---- 2.2.1.3 AUTHENTICATE_MESSAGE ------------------------------------- */
struct ntlm_authenticate {
    uint32_t flags;
    struct wire_slice lm_response;
    struct wire_slice nt_response;
    struct wire_slice domain;       /* UTF-16LE if UNICODE, else OEM */
    struct wire_slice user;
    struct wire_slice workstation;
    struct wire_slice encrypted_session_key;
    bool has_version;
    struct ntlm_version version;
    /*
     * MIC: on decode, has_mic is true when the payload leaves room for the
     * 16 bytes at offset 72 (whether the MIC is *required* is decided by the
     * caller from MsvAvFlags); mic holds those bytes.  On encode, has_mic
     * reserves the field (and VERSION space) and writes mic as given; use
     * ntlm_authenticate_set_mic() to fill it afterwards.
     */
    bool has_mic;
    uint8_t mic[NTLM_MIC_LEN];
};

/*
 * Decoders.  They accept: VERSION present or absent (and the VERSION flag set
 * with no room for it, as some clients send), payload fields in any order,
 * zero-length fields with any offset.  They reject with a specific code:
 * truncation, bad signature, wrong type, fields outside the message or
 * overlapping the header, odd-length Unicode strings, names longer than
 * NTLM_MAX_NAME_LEN.  Details (see the msg_*.c layout comments): VERSION
 * (and the AUTHENTICATE MIC) presence is decided from the lowest offset of
 * the non-empty payload fields; NEGOTIATE's names are read only when their
 * _SUPPLIED flags are set; a non-empty CHALLENGE TargetInfo must pass
 * ntlm_av_decode; AUTHENTICATE LM response 0/1/24 bytes
 * (BAD_LM_RESPONSE), NT response 0, 24 or >= 44 (BAD_NT_RESPONSE),
 * encrypted session key 0 or 16 (BAD_SESSION_KEY_LEN).  Payload fields
 * may overlap one another.
 */
int ntlm_decode_negotiate(const uint8_t *msg, size_t len,
                          struct ntlm_negotiate *out);
int ntlm_decode_challenge(const uint8_t *msg, size_t len,
                          struct ntlm_challenge *out);
int ntlm_decode_authenticate(const uint8_t *msg, size_t len,
                             struct ntlm_authenticate *out);

/* Peek at the message type (1, 2, 3) after checking the signature. */
int ntlm_decode_message_type(const uint8_t *msg, size_t len,
                             uint32_t *out_type);

/*
 * Encoders.  Payload is laid out in MS-NLMP order after the header
 * (VERSION when has_version; for AUTHENTICATE the MIC field when has_mic).
 * *out_msg is malloc'd; caller frees.  They apply the decoders' rules (so
 * the output always decodes to the same struct) and refuse with
 * NTLM_ERR_INVALID_ARGUMENT: has_version without NTLMSSP_NEGOTIATE_VERSION,
 * NEGOTIATE names without their _SUPPLIED flags, and an AUTHENTICATE with
 * has_mic and the VERSION flag but not has_version.
 */
int ntlm_encode_negotiate(const struct ntlm_negotiate *m,
                          uint8_t **out_msg, size_t *out_len);
int ntlm_encode_challenge(const struct ntlm_challenge *m,
                          uint8_t **out_msg, size_t *out_len);
int ntlm_encode_authenticate(const struct ntlm_authenticate *m,
                             uint8_t **out_msg, size_t *out_len);
/* Write mic into an encoded AUTHENTICATE message (which has the field);
 * NTLM_ERR_INVALID_ARGUMENT if the message has no MIC field. */
int ntlm_authenticate_set_mic(uint8_t *msg, size_t len,
                              const uint8_t mic[NTLM_MIC_LEN]);

/*
 * Codec internals shared by msg_*.c (not for use outside mech/ntlm).
 * ntlm_msg_begin reads the signature and type (TRUNCATED, BAD_SIGNATURE_HDR,
 * BAD_MESSAGE_TYPE); ntlm_msg_check_name applies the name rules (length
 * limit, even length when unicode); ntlm_msg_*_version read/write the
 * 8-byte VERSION; ntlm_msg_read_opt_version reads it when the flags
 * announce it and the payload (lowest non-empty offset) leaves room after
 * the hdr_len-byte fixed header, so that a flag set with the field missing
 * is tolerated; ntlm_msg_put_payload appends a payload field and fills
 * its 8-byte security-buffer header at hdr_pos.
 */
int ntlm_msg_begin(struct wire_in *in, const uint8_t *msg, size_t len,
                   uint32_t type);
int ntlm_msg_check_name(struct wire_slice name, bool unicode);
int ntlm_msg_read_version(struct wire_in *in, struct ntlm_version *out);
int ntlm_msg_read_opt_version(struct wire_in *in, uint32_t flags,
                              uint32_t lowest, size_t hdr_len,
                              struct ntlm_version *out, bool *out_has);
int ntlm_msg_write_version(struct wire_out *w, const struct ntlm_version *v);
int ntlm_msg_write_header(struct wire_out *w, uint32_t type);
int ntlm_msg_put_payload(struct wire_out *w, size_t hdr_pos,
                         struct wire_slice field);

/* ---- 2.2.2.1 AV_PAIR --------------------------------------------------- */
enum ntlm_av_id {
    MsvAvEOL = 0,
    MsvAvNbComputerName = 1,
    MsvAvNbDomainName = 2,
    MsvAvDnsComputerName = 3,
    MsvAvDnsDomainName = 4,
    MsvAvDnsTreeName = 5,
    MsvAvFlags = 6,
    MsvAvTimestamp = 7,
    MsvAvSingleHost = 8,
    MsvAvTargetName = 9,
    MsvAvChannelBindings = 10
};
#define NTLM_AV_NUM_IDS 11

/* MsvAvFlags bits */
#define MSV_AV_FLAG_CONSTRAINED     0x00000001u
#define MSV_AV_FLAG_MIC_PRESENT     0x00000002u
#define MSV_AV_FLAG_UNTRUSTED_SPN   0x00000004u

/*
 * The decoded AV list: one slot per known id (unknown ids are skipped but
 * kept in the raw list).  Values borrow the input.
 */
struct ntlm_av_list {
    bool present[NTLM_AV_NUM_IDS];
    struct wire_slice value[NTLM_AV_NUM_IDS];   /* raw value bytes */
    uint32_t flags;                              /* MsvAvFlags if present */
    uint64_t timestamp;                         /* MsvAvTimestamp if present */
    size_t num_pairs;                            /* including unknown ids */
};

/*
 * ntlm_av_decode - parse a complete AV_PAIR list.  Rules: MsvAvEOL required
 * (and must have length 0, nothing after it), no duplicate known ids,
 * per-id lengths (Flags 4, Timestamp 8, ChannelBindings 16, SingleHost >= 48
 * with Size field consistent, names even-length and <= NTLM_MAX_NAME_LEN).
 * An empty input is an empty list (no pairs, not an error).
 */
int ntlm_av_decode(struct wire_slice raw, struct ntlm_av_list *out);

/* Iterator used by ntlm_av_decode; exported for tools and tests. */
struct ntlm_av_iter {
    struct wire_in in;
    bool done;
    uint32_t seen;          /* bit per known id already returned */
};
void ntlm_av_iter_init(struct ntlm_av_iter *it, struct wire_slice raw);
/* 0 with out_id and out_val set; NTLM_ERR_AV_NO_EOL etc. on error;
 * after EOL, it->done is true and the call returns 0 with id MsvAvEOL. */
int ntlm_av_next(struct ntlm_av_iter *it, uint16_t *out_id,
                 struct wire_slice *out_val);

/* Builder: append pairs then finish with EOL.  ntlm_av_add applies the
 * decoder's rules (per-id lengths, no duplicate known ids, no explicit
 * EOL) so a built list always decodes; errors are sticky. */
struct ntlm_av_builder {
    struct wire_out out;
    uint32_t seen;          /* bit per known id already added */
};
void ntlm_av_builder_init(struct ntlm_av_builder *b);
int ntlm_av_add(struct ntlm_av_builder *b, uint16_t id, const void *val,
                size_t len);
int ntlm_av_add_u32(struct ntlm_av_builder *b, uint16_t id, uint32_t v);
int ntlm_av_add_u64(struct ntlm_av_builder *b, uint16_t id, uint64_t v);
/* Adds MsvAvEOL and hands over the list (malloc'd). */
int ntlm_av_finish(struct ntlm_av_builder *b, uint8_t **out_raw,
                   size_t *out_len);
void ntlm_av_builder_cleanup(struct ntlm_av_builder *b);

/*
 * ntlm_av_rebuild_for_authenticate - the client copies the server's
 * target_info into its NTLMv2 blob, adding/replacing MsvAvFlags (or-ing
 * add_flags), MsvAvTimestamp is kept, MsvAvChannelBindings (if cb_hash is
 * not NULL), MsvAvTargetName (if target_spn_utf16 not NULL), keeping EOL
 * last.  Output malloc'd.
 */
int ntlm_av_rebuild_for_authenticate(struct wire_slice server_info,
                                     uint32_t add_flags,
                                     const uint8_t *cb_hash /* 16 or NULL */,
                                     struct wire_slice target_spn_utf16,
                                     uint8_t **out_raw, size_t *out_len);

/* ---- UTF-16 ------------------------------------------------------------ */

/* UTF-8 -> UTF-16LE.  Rejects invalid UTF-8 (overlongs, surrogates encoded
 * in UTF-8, > U+10FFFF) with NTLM_ERR_BAD_UTF8.  Output malloc'd (never
 * NULL on success; *out_len may be 0). */
int ntlm_utf8_to_utf16le(const char *s, size_t len, uint8_t **out,
                         size_t *out_len);
/* UTF-16LE -> UTF-8, NUL-terminated (out_len excludes the NUL).  Rejects
 * odd lengths and unpaired surrogates with NTLM_ERR_BAD_UTF16 (the single
 * policy: unpaired surrogates are errors). */
int ntlm_utf16le_to_utf8(const uint8_t *p, size_t len, char **out,
                         size_t *out_len);
/* Upper-case UTF-16LE in place (Unicode simple upper-case mapping for the
 * BMP, as Windows' RtlUpcaseUnicodeString; supplementary code points are
 * unchanged).  Used for NTOWFv2's user name. */
void ntlm_utf16le_upper(uint8_t *p, size_t len);
/* Upper-case a UTF-8 string, returning malloc'd UTF-16LE. */
int ntlm_utf8_to_utf16le_upper(const char *s, size_t len, uint8_t **out,
                               size_t *out_len);
/* OEM (we treat as ASCII/Latin-1 bytes) <-> UTF-8 helpers for OEM fields. */
int ntlm_oem_to_utf8(const uint8_t *p, size_t len, char **out,
                     size_t *out_len);

/* ---- keys and responses (MS-NLMP 3.3, 3.4) ---------------------------- */

/* NTOWFv1 = MD4(UTF-16LE(password)). */
int ntlm_ntowfv1(const char *password, size_t password_len,
                 uint8_t out[16]);
/* LMOWFv1 = DES of "KGS!@#$%" under the upper-cased OEM password halves;
 * NTLM_ERR_INVALID_ARGUMENT for passwords over 14 bytes (no LM hash). */
int ntlm_lmowfv1(const char *password, size_t password_len,
                 uint8_t out[16]);
/* NTOWFv2 = HMAC_MD5(NTOWFv1, UTF16(Upper(user) || domain)).  Takes the NT
 * hash so servers that keep only hashes work. */
int ntlm_ntowfv2(const uint8_t nt_hash[16], const char *user,
                 size_t user_len, const char *domain, size_t domain_len,
                 uint8_t out[16]);

/*
 * NTLMv2 (3.3.2): builds the client blob ("temp": Responserversion 1,
 * HiResponserversion 1, Z(6), time, client challenge, Z(4), av_pairs, Z(4))
 * and computes NTProofStr, the NT response (NTProofStr || temp), the LMv2
 * response (HMAC(ntowfv2, server||client chal) || client chal) and the
 * session base key.  nt_response is malloc'd.
 */
struct ntlm_v2_result {
    uint8_t *nt_response;
    size_t nt_response_len;
    uint8_t lm_response[24];
    uint8_t session_base_key[16];
};
int ntlm_compute_ntlmv2(const uint8_t ntowfv2[16],
                        const uint8_t server_challenge[8],
                        const uint8_t client_challenge[8],
                        uint64_t timestamp, struct wire_slice av_pairs,
                        struct ntlm_v2_result *out);
void ntlm_v2_result_cleanup(struct ntlm_v2_result *r);  /* wipes */

/*
 * Server side: verify an NTLMv2 NT response (>= 16 + 28 bytes, blob header
 * checked) given the candidate NTOWFv2; constant-time compare of NTProofStr.
 * On success fills session_base_key and borrows the blob's AV list and
 * timestamp.  NTLM_ERR_WRONG_PASSWORD on mismatch, NTLM_ERR_BAD_NT_RESPONSE
 * if malformed.
 */
int ntlm_verify_ntlmv2(const uint8_t ntowfv2[16],
                       const uint8_t server_challenge[8],
                       struct wire_slice nt_response,
                       uint8_t out_session_base_key[16],
                       struct wire_slice *out_av_pairs,
                       uint64_t *out_timestamp);
/* LMv2 verification (when the NT response is absent/empty); the session
 * base key is then HMAC_MD5(ntowfv2, LMv2 proof[0..16]). */
int ntlm_verify_lmv2(const uint8_t ntowfv2[16],
                     const uint8_t server_challenge[8],
                     struct wire_slice lm_response,
                     uint8_t out_session_base_key[16]);

/* NTLMv1 (3.3.1): 24-byte DESL responses.  With ESS (ess=true):
 * NT = DESL(NTOWF, MD5(server||client)[0..8]), LM = client_chal || Z(16).
 * Without ESS: NT = DESL(NTOWF, server), LM = DESL(LMOWF, server) (or the
 * NT response if no LM hash).  Session base key = MD4(NTOWF). */
int ntlm_compute_ntlmv1(const uint8_t nt_hash[16],
                        const uint8_t *lm_hash /* 16 or NULL */,
                        const uint8_t server_challenge[8],
                        const uint8_t client_challenge[8], bool ess,
                        uint8_t out_nt[24], uint8_t out_lm[24],
                        uint8_t out_session_base_key[16]);
/* DESL(K, D) (MS-NLMP 6): DES(K[0..7],D) || DES(K[7..14],D) ||
 * DES(K[14..16] || Z(5),D). */
int ntlm_desl(const uint8_t key[16], const uint8_t data[8], uint8_t out[24]);

/* KXKEY (3.4.5.1) for NTLMv1, every flag combination (ESS > LM_KEY >
 * REQUEST_NON_NT_SESSION_KEY > SessionBaseKey).  For NTLMv2 the key
 * exchange key is the SessionBaseKey: do not call this. */
int ntlm_kxkey(uint32_t flags, const uint8_t session_base_key[16],
               const uint8_t *lm_response /* 24 or NULL */,
               const uint8_t *lmowf /* 16 or NULL */,
               const uint8_t server_challenge[8], uint8_t out[16]);

/* SIGNKEY / SEALKEY (3.4.5.2, 3.4.5.3).  client=true for the client-to-
 * server key.  SIGNKEY without ESS: zeros (no signing key).  SEALKEY with
 * ESS: MD5(key[0..16|7|5] || magic), *out_len 16; without ESS and with
 * LM_KEY or DATAGRAM: 7 bytes || A0 (56) or 5 bytes || E5 38 B0 (40),
 * *out_len 8; otherwise the 16-byte key itself. */
int ntlm_signkey(uint32_t flags, const uint8_t random_session_key[16],
                 bool client, uint8_t out[16]);
int ntlm_sealkey(uint32_t flags, const uint8_t random_session_key[16],
                 bool client, uint8_t out[16], size_t *out_len);

/* MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE ||
 * AUTHENTICATE-with-MIC-zeroed).  The caller passes the AUTHENTICATE as
 * received/built; this function treats bytes 72..88 as zero. */
int ntlm_compute_mic(const uint8_t exported_session_key[16],
                     struct wire_slice negotiate, struct wire_slice challenge,
                     struct wire_slice authenticate, uint8_t out[16]);

/* Channel bindings hash (MsvAvChannelBindings) = MD5 of the
 * gss_channel_bindings_struct serialisation: initiator addrtype (u32le),
 * address length (u32le), address, acceptor addrtype, length, address,
 * application data length (u32le), application data. */
struct ntlm_channel_bindings {
    uint32_t initiator_addrtype;
    struct wire_slice initiator_address;
    uint32_t acceptor_addrtype;
    struct wire_slice acceptor_address;
    struct wire_slice application_data;
};
int ntlm_channel_bindings_hash(const struct ntlm_channel_bindings *cb,
                               uint8_t out[16]);

/* ---- signing and sealing (3.4.4, 3.4.6) ------------------------------- */

/*
 * One direction of a session's message security: keys, sequence number
 * and RC4 state.  ntlm_session holds both directions.  All secrets wiped
 * by ntlm_session_cleanup.
 *
 * With EXTENDED_SESSIONSECURITY each direction has its own keys, RC4
 * handle, HMAC key and seq_num.  Without it MS-NLMP uses ONE sealing
 * key, ONE RC4 handle and ONE sequence number for both directions in
 * connection mode (as Windows and Samba do): that shared state lives in
 * `send`; `recv` only mirrors the keys (recv.rc4 == NULL).  Both peers
 * stay in step because they process the same messages in the same order.
 *
 * ntlm_session_init derives only the keys.  The RC4 handle is created from
 * seal_key on the first sign/seal/verify/unseal that needs it (rc4 NULL
 * until then means "a fresh stream": exporting a NULL handle as absent and
 * importing it as NULL is exact), and the HMAC key states from sign_key on
 * the first MAC.  So handshake-only and idle contexts cost neither the key
 * schedules nor the memory.
 */
struct ncrypto_rc4;
struct ntlm_session_dir {
    uint8_t sign_key[16];           /* zero without ESS */
    uint8_t seal_key[16];
    size_t seal_key_len;            /* 16, or 8 for the non-ESS 40/56-bit */
    uint32_t seq_num;
    struct ncrypto_rc4 *rc4;        /* NULL until first used */
    struct ncrypto_hmac_key *hmac;  /* ESS only; NULL until first MAC */
};

struct ntlm_session {
    uint32_t flags;                 /* negotiated flags */
    bool client;                    /* which side we are */
    uint8_t exported_session_key[16];
    struct ntlm_session_dir send;
    struct ntlm_session_dir recv;
};

/* Keep the exported session key and negotiated flags; each direction's
 * keys (and RC4 and HMAC states) come on first use.  Returns 0. */
int ntlm_session_init(struct ntlm_session *s, uint32_t flags, bool client,
                      const uint8_t exported_session_key[16]);
/* Derive both directions' sign_key/seal_key now, for callers that read
 * them directly. */
int ntlm_session_keys(struct ntlm_session *s);
void ntlm_session_cleanup(struct ntlm_session *s);   /* wipes; NULL ok */
/* Re-key the RC4 state of a direction from its sealing key (SPNEGO
 * mechListMIC reset; datagram).  Without ESS this re-keys the shared
 * handle.  Sequence numbers are not touched (set dir.seq_num directly). */
int ntlm_session_reset_rc4(struct ntlm_session *s, bool send_dir);

/*
 * Sign: produce the 16-byte NTLMSSP_MESSAGE_SIGNATURE over the message parts
 * with the sending direction's seq_num (then increment it).  With ESS:
 * Version 1 || HMAC_MD5(SignKey, seq||msg)[0..8] (RC4'd when KEY_EXCH) ||
 * seq.  Without ESS: Version 1 || RC4(RandomPad 0) || RC4(CRC32) ||
 * RC4(seq) (as the 4.2.2.4 example; RandomPad is ignored on receipt).
 * If neither SIGN nor SEAL was negotiated: the "dummy" signature, Version 1
 * followed by 12 zero bytes.
 */
int ntlm_sign(struct ntlm_session *s, const struct ncrypto_part *parts,
              size_t num_parts, uint8_t out_sig[16]);
/* Verify with the receiving direction; on success increments its seq.
 * Constant-time; NTLM_ERR_BAD_MAC on mismatch, NTLM_ERR_BAD_SIG_VERSION
 * if Version != 1.  On failure neither seq nor the RC4 stream moves.
 * Without ESS the RandomPad field is ignored. */
int ntlm_verify(struct ntlm_session *s, const struct ncrypto_part *parts,
                size_t num_parts, const uint8_t sig[16]);
/* Seal: RC4-encrypt data in place with the send direction and sign the
 * plaintext (MS-NLMP 3.4.3: the data goes through the stream first, then
 * the signature's checksum).  sign_parts: the parts to MAC (DCE/RPC header
 * signing), read before data is encrypted; if NULL the data itself.
 * NTLM_ERR_NO_CONF if SEAL was not negotiated. */
int ntlm_seal(struct ntlm_session *s, uint8_t *data, size_t len,
              const struct ncrypto_part *sign_parts, size_t num_sign_parts,
              uint8_t out_sig[16]);
/* Unseal: decrypt in place with the recv direction and verify.  On failure
 * data is restored to the ciphertext and no state changes. */
int ntlm_unseal(struct ntlm_session *s, uint8_t *data, size_t len,
                const struct ncrypto_part *sign_parts, size_t num_sign_parts,
                const uint8_t sig[16]);
/*
 * The same from a source to a destination buffer, so callers need no copy:
 * ntlm_seal_to reads len bytes at in and writes the ciphertext at out;
 * ntlm_unseal_to reads the ciphertext at in and writes the plaintext at out.
 * in and out may be equal (in place) but must not otherwise overlap.  The
 * data is MAC'd and en/decrypted in one pass, a few KiB at a time, so it is
 * read from memory once.  sign_parts as above: ntlm_seal_to reads them
 * before writing (they must not point into out unless out == in);
 * ntlm_unseal_to reads them after the plaintext is in out (so they may
 * point into out, as with ntlm_unseal).  ntlm_unseal_to never modifies in:
 * on failure no state changes and out is zeroed (no unauthenticated
 * plaintext is left there), so in can still be verified as a sign-only
 * token.
 */
int ntlm_seal_to(struct ntlm_session *s, const uint8_t *in, uint8_t *out,
                 size_t len, const struct ncrypto_part *sign_parts,
                 size_t num_sign_parts, uint8_t out_sig[16]);
int ntlm_unseal_to(struct ntlm_session *s, const uint8_t *in, uint8_t *out,
                   size_t len, const struct ncrypto_part *sign_parts,
                   size_t num_sign_parts, const uint8_t sig[16]);

/* The sequence number carried in a signature (for replay/sequence checks
 * before verification in datagram mode). */
uint32_t ntlm_sig_seq(const uint8_t sig[16]);

#endif /* NTLM_NTLM_H */
