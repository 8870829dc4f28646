/*
 * hostile.h - shared by the hostile-input, fault and load programs: a
 * private test environment (GSS_MECH_CONFIG, user file, configuration) and
 * a hostile peer built on the protocol core's encoders that speaks either
 * role against the real mechanism reached through the public GSSAPI.
 *
 * Nothing here uses check, so the fuzz targets and the fault/load programs
 * share it with the check suite.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include "ntlmgss.h"
#include "ntlm/ntlm.h"
#include "common/secure.h"

extern gss_OID_desc h_ntlm_oid;
extern gss_OID_set_desc h_ntlm_set;
extern char h_dir[];
extern char h_user_file[];

/* The known secret of the main test account. */
#define H_USER "testuser"
#define H_DOMAIN "TESTDOM"
#define H_PASSWORD "testpass"

/* Create the private directory, mech file, user file and configuration,
 * and set the environment.  0 on success. */
int h_env_init(void);
/* Rewrite the configuration (base lines + extra). */
void h_env_config(const char *extra);
/* Remove the private directory. */
void h_env_cleanup(void);

/* ---- a real pair through GSSAPI (no check) ---------------------------- */
gss_name_t h_import(const char *s, gss_OID type);
gss_cred_id_t h_init_cred(const char *user, const char *pw);
gss_cred_id_t h_acc_cred(void);
/* Establish an initiator/acceptor pair with default flags; 0 on success. */
int h_pair(gss_ctx_id_t *ictx, gss_ctx_id_t *actx);
/* Wrap a message on one side and unwrap it on the other, both ways, with
 * and without confidentiality; 0 when all round trips succeed. */
int h_pair_works(gss_ctx_id_t ictx, gss_ctx_id_t actx);

/* ---- hostile client against the real acceptor ------------------------- */

enum h_mode {
    H_V2 = 0,       /* NTLMv2 (the only thing the default policy accepts) */
    H_V1,           /* NTLMv1 without ESS */
    H_V1_ESS,       /* NTLMv1 with extended session security */
    H_V1_ESS_LM_TRICK, /* ESS: LM = client challenge, NT garbage */
    H_LMV2_ONLY,    /* no NT response, a valid LMv2 response */
    H_ANON,         /* empty user, NT and LM Z(1) */
    H_RAW           /* nt_raw / lm_raw as given */
};

struct h_spec {
    const char *user, *domain, *password;   /* UTF-8 */
    /* names used for the proof (NTOWFv2) when they differ from the wire */
    const char *proof_user, *proof_domain;
    uint32_t flags;                 /* AUTHENTICATE flags */
    enum h_mode mode;
    const uint8_t *nt_raw, *lm_raw;
    size_t nt_raw_len, lm_raw_len;
    bool mic_flag;                  /* MsvAvFlags MIC_PRESENT in the blob */
    bool mic_field;                 /* room for the MIC in the message */
    bool mic_bad;                   /* flip a bit of the computed MIC */
    int key_len;                    /* EncryptedRandomSessionKey length */
    bool key_bad;                   /* not the RC4 of the exported key */
    const uint8_t *av_raw;          /* replaces the blob's AV list */
    size_t av_raw_len;
    gss_channel_bindings_t cb;      /* hashed into MsvAvChannelBindings */
    const uint8_t *cb_hash_raw;     /* or this 16-byte value */
    const char *spn;                /* MsvAvTargetName */
    bool ts_set;
    uint64_t ts;                    /* blob timestamp */
    const uint8_t *fixed_key;       /* exported session key (16) */
};
void h_spec_default(struct h_spec *s);

struct h_client {
    gss_ctx_id_t actx;
    gss_cred_id_t acred;
    uint8_t *nego;
    size_t nego_len;
    uint8_t *chal;                  /* the acceptor's CHALLENGE */
    size_t chal_len;
    struct ntlm_challenge cm;       /* borrows chal */
    uint32_t neg_flags;             /* after the AUTHENTICATE */
    uint8_t exported[16];           /* the session key we chose */
    OM_uint32 maj, min;             /* of the last accept call */
    gss_name_t src;
};

/* NEGOTIATE (flags 0 = default) -> acceptor; keeps the CHALLENGE.
 * Returns the accept major (CONTINUE_NEEDED on success). */
OM_uint32 h_client_start(struct h_client *c, uint32_t nego_flags);
/* Feed raw bytes as the first token instead (NEGOTIATE fuzzing). */
OM_uint32 h_client_start_raw(struct h_client *c, const uint8_t *p,
                             size_t len);
/* Build an AUTHENTICATE for the CHALLENGE held in c; malloc'd. */
int h_client_build(struct h_client *c, const struct h_spec *s,
                   uint8_t **out, size_t *out_len);
/* Recompute the MIC of a (mutated) AUTHENTICATE in place. */
int h_client_remic(struct h_client *c, uint8_t *msg, size_t len);
/* Feed a token as the AUTHENTICATE; returns the major (and sets c->min). */
OM_uint32 h_client_finish(struct h_client *c, const uint8_t *p, size_t len,
                          gss_channel_bindings_t cb);
void h_client_cleanup(struct h_client *c);

/* Point security buffer hdr (offset in the message) at new bytes appended
 * to the message.  *msg is realloc'd. */
int h_append_field(uint8_t **msg, size_t *len, size_t hdr,
                   const void *data, size_t dlen);
void h_put16(uint8_t *p, uint16_t v);
void h_put32(uint8_t *p, uint32_t v);
uint16_t h_get16(const uint8_t *p);
uint32_t h_get32(const uint8_t *p);

/* ---- hostile server against the real initiator ------------------------ */

struct h_server {
    gss_ctx_id_t ictx;
    gss_cred_id_t icred;
    gss_name_t target;
    uint8_t *nego;
    size_t nego_len;
    uint8_t server_challenge[8];
    OM_uint32 maj, min;
    gss_buffer_desc auth;           /* the initiator's AUTHENTICATE */
};

/* First init call: keeps the NEGOTIATE.  0 on success. */
int h_server_start(struct h_server *s, OM_uint32 req_flags);
/* A CHALLENGE as this project's acceptor would send it (target info
 * with names and a timestamp), flags 0 = default; malloc'd. */
int h_server_challenge(struct h_server *s, uint32_t flags,
                       const uint8_t *target_info, size_t ti_len,
                       uint8_t **out, size_t *out_len);
/* The default server target info (malloc'd). */
int h_server_target_info(uint8_t **out, size_t *out_len);
/* Feed a CHALLENGE to the initiator; returns the major. */
OM_uint32 h_server_feed(struct h_server *s, const uint8_t *p, size_t len);
void h_server_cleanup(struct h_server *s);

#endif
