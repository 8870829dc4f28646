/*
 * init_sec_context.c - the initiator: NEGOTIATE, then AUTHENTICATE from the
 * server's CHALLENGE.  NTLMv2 at every compatibility level (compat_level
 * decides what the acceptor accepts; here only whether a server that
 * refuses extended session security or 128-bit keys is tolerated, at
 * 0-2: see doc/compat-levels.md), extended session security, KEY_EXCH,
 * 128-bit.  The MIC is sent by default whenever the server sent
 * MsvAvTimestamp (config send_mic), with or without SPNEGO.
 * MsvAvChannelBindings (zeros when the application gave none) and
 * MsvAvTargetName (the SPN of the target) are always sent.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gss_int.h"
#include "../winbind.h"

#define NTLMGSS_BASE_FLAGS (NTLMSSP_NEGOTIATE_UNICODE | \
    NTLM_NEGOTIATE_OEM | NTLMSSP_REQUEST_TARGET | NTLMSSP_NEGOTIATE_NTLM | \
    NTLMSSP_NEGOTIATE_ALWAYS_SIGN | \
    NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | \
    NTLMSSP_NEGOTIATE_VERSION | NTLMSSP_NEGOTIATE_128 | \
    NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_56)

static const struct ntlm_version our_version = { 10, 0, 20348, 0x0F };

/*
 * ntlmgss_flags_from_gss - the NEGOTIATE flags for GSS request flags.
 * Any protection flag (integrity, replay, sequence, confidentiality) asks
 * for SIGN.  With seal (the GSS default, seal_by_default) it also asks for
 * SEAL: GSS applications call gss_wrap(conf_req=1) without asking
 * GSS_C_CONF_FLAG, as krb5 always encrypts.  Without seal these are
 * Windows SSPI's rules: SEAL only for confidentiality (wrap then signs
 * only and says so in conf_state).  KEY_EXCH, 128 and ESS are in the base.
 */
uint32_t
ntlmgss_flags_from_gss(OM_uint32 req_flags, bool seal, uint32_t base)
{
    uint32_t f = base != 0 ? base : NTLMGSS_BASE_FLAGS;

    if (req_flags & (GSS_C_INTEG_FLAG | GSS_C_REPLAY_FLAG |
                     GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG)) {
        f |= NTLMSSP_NEGOTIATE_SIGN;
        if (seal)
            f |= NTLMSSP_NEGOTIATE_SEAL;
    }
    if (req_flags & GSS_C_CONF_FLAG)
        f |= NTLMSSP_NEGOTIATE_SEAL;
    if (req_flags & GSS_C_ANON_FLAG)
        f |= NTLMSSP_ANONYMOUS;
    return f;
}

/* ntlmgss_cb_hash - MD5 over the bindings with address fields, as Windows
 * computes MsvAvChannelBindings. */
int
ntlmgss_cb_hash(gss_channel_bindings_t cb, uint8_t out[16])
{
    struct ntlm_channel_bindings b;

    memset(out, 0, 16);
    if (cb == GSS_C_NO_CHANNEL_BINDINGS)
        return 0;
    b.initiator_addrtype = cb->initiator_addrtype;
    b.initiator_address = wire_slice_make(cb->initiator_address.value,
                                          cb->initiator_address.length);
    b.acceptor_addrtype = cb->acceptor_addrtype;
    b.acceptor_address = wire_slice_make(cb->acceptor_address.value,
                                         cb->acceptor_address.length);
    b.application_data = wire_slice_make(cb->application_data.value,
                                         cb->application_data.length);
    return ntlm_channel_bindings_hash(&b, out);
}

/* The configuration's NetBIOS computer name (from the host name by
 * default, nconfig.c: config_defaults; never NULL). */
static int
workstation_name(const struct ntlmgss_config *cfg, char **out)
{
    *out = strdup(cfg->nb_computer);
    return *out == NULL ? NTLM_ERR_NOMEM : 0;
}

/* The credential's NTOWFv2 (computed once per credential, see gss_int.h). */
static int
cred_ntowfv2(struct ntlmgss_cred *cred, uint8_t out[16])
{
    const char *user = cred->user->user;
    const char *dom = cred->user->domain != NULL ? cred->user->domain : "";
    int expect = 0, ret;

    if (__atomic_load_n(&cred->ntowfv2_state, __ATOMIC_ACQUIRE) == 2) {
        memcpy(out, cred->ntowfv2, 16);
        return 0;
    }
    ret = ntlm_ntowfv2(cred->nt_hash, user, strlen(user), dom, strlen(dom),
                       out);
    if (ret != 0)
        return ret;
    if (__atomic_compare_exchange_n(&cred->ntowfv2_state, &expect, 1, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        memcpy(cred->ntowfv2, out, 16);
        __atomic_store_n(&cred->ntowfv2_state, 2, __ATOMIC_RELEASE);
    }
    return 0;
}

static int
new_initiator_ctx(struct ntlmgss_cred *cred, struct ntlmgss_name *target,
                  OM_uint32 req_flags, OM_uint32 time_req,
                  struct ntlmgss_ctx **out_ctx)
{
    struct ntlmgss_ctx *ctx = NULL;
    struct ntlmgss_cred *def = NULL;
    bool seal;
    int ret;

    *out_ctx = NULL;
    ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return NTLM_ERR_NOMEM;
    ctx->initiator = true;
    ctx->req_flags = req_flags;
    ret = ntlmgss_config_get(&ctx->cfg);
    if (ret != 0)
        goto done;
    if (cred == NULL && (req_flags & GSS_C_ANON_FLAG)) {
        struct ntlmgss_name anon = { .kind = NTLMGSS_NAME_ANON };

        ret = ntlmgss_cred_acquire(&anon, GSS_C_INITIATE, NULL, NULL, &def);
        cred = def;
    } else if (cred == NULL) {
        ret = ntlmgss_cred_acquire(NULL, GSS_C_INITIATE, NULL, NULL, &def);
        cred = def;
    }
    if (ret != 0)
        goto done;
    if (cred->usage == GSS_C_ACCEPT || cred->user == NULL) {
        ret = ntlm_err_detail(NTLM_ERR_CRED_USAGE, "the credential is for "
                              "accepting only; it has no user to initiate "
                              "as");
        goto done;
    }
    if (cred->expiry != 0 && cred->expiry <= time(NULL)) {
        ret = ntlm_err_detail(NTLM_ERR_NO_CREDS, "the credential has "
                              "expired");
        goto done;
    }
    ctx->anonymous = (req_flags & GSS_C_ANON_FLAG) ||
        cred->user->kind == NTLMGSS_NAME_ANON;
    ctx->sso = cred->sso && !ctx->anonymous;
    if (!ctx->anonymous && !cred->have_hash && !ctx->sso) {
        ret = ntlm_err_detail(NTLM_ERR_NO_CREDS, "the credential for %s "
                              "holds no password or NT hash",
                              cred->user->user != NULL ? cred->user->user :
                              "(no user)");
        goto done;
    }
    seal = cred->flag_rules == NTLMGSS_FLAGS_SEAL ||
        (cred->flag_rules == NTLMGSS_FLAGS_CONFIG &&
         ctx->cfg->seal_by_default);
    ctx->neg_flags = ntlmgss_flags_from_gss(req_flags, seal,
        cred->have_neg_flags ? cred->neg_flags : 0);
    NTLMGSS_TRACE("init: %s flag rules%s", seal ? "GSS (seal whenever "
                  "protection is asked)" : "Windows", cred->have_neg_flags ?
                  ", base NEGOTIATE flags from the credential" : "");
    ret = ntlmgss_name_dup(cred->user, &ctx->user);
    if (ret == 0)
        ret = ntlmgss_name_dup(target, &ctx->target);
    if (ret != 0)
        goto done;
    memcpy(ctx->nt_hash, cred->nt_hash, 16);
    ctx->have_hash = cred->have_hash;
    if (ctx->have_hash && !ctx->anonymous && !ctx->sso &&
        cred->user->kind == NTLMGSS_NAME_USER && cred->user->user != NULL) {
        ret = cred_ntowfv2(cred, ctx->ntowfv2);
        if (ret != 0)
            goto done;
        ctx->have_ntowfv2 = true;
    }
    if (time_req != 0 && time_req != GSS_C_INDEFINITE)
        ctx->expiry = time(NULL) + time_req;
    *out_ctx = ctx;
    ctx = NULL;
done:
    ntlmgss_cred_free(def);
    ntlmgss_ctx_free(ctx);
    return ret;
}

static int
make_negotiate(struct ntlmgss_ctx *ctx, gss_buffer_t output)
{
    struct ntlm_negotiate m;
    uint8_t *msg = NULL;
    size_t len;
    int ret;

    memset(&m, 0, sizeof(m));
    m.flags = ctx->neg_flags;
    if (ctx->anonymous)
        m.flags |= NTLMSSP_ANONYMOUS;
    m.has_version = true;
    m.version = our_version;
    ctx->neg_flags = m.flags;
    ret = ntlm_encode_negotiate(&m, &msg, &len);
    if (ret != 0)
        return ret;
    ret = ntlmgss_buffer_set(output, msg, len);
    if (ret != 0) {
        free(msg);
        return ret;
    }
    ctx->nego_msg = msg;
    ctx->nego_len = len;
    if (ntlmgss_trace_enabled()) {
        char fb[512];

        ntlmgss_trace("init: NEGOTIATE flags %s",
                      ntlmgss_trace_flags(m.flags, fb, sizeof(fb)));
    }
    return 0;
}

/*
 * sso_challenge - single sign-on: winbind holds the user's NT hash and
 * runs the NTLMSSP client itself; it returns the whole AUTHENTICATE (MIC
 * included) and the exported session key for our NEGOTIATE and the
 * server's CHALLENGE.  The negotiated flags are the CHALLENGE's as the
 * AUTHENTICATE confirms them.
 */
static int
sso_challenge(struct ntlmgss_ctx *ctx, gss_buffer_t input,
              gss_buffer_t output)
{
    struct ntlm_challenge chal;
    struct ntlm_authenticate am;
    uint8_t *auth = NULL, key[16];
    size_t auth_len = 0;
    uint32_t neg;
    int ret;

    memset(key, 0, sizeof(key));
    if (input == GSS_C_NO_BUFFER || input->length == 0)
        return ntlm_err_detail(NTLM_ERR_TRUNCATED, "no CHALLENGE token");
    ret = ntlm_decode_challenge(input->value, input->length, &chal);
    if (ret != 0)
        goto done;
    ret = ntlmgss_wb_sso_authenticate(ctx->user->user, ctx->user->domain,
                                      ctx->nego_msg, ctx->nego_len,
                                      input->value, input->length, &auth,
                                      &auth_len, key);
    if (ret != 0)
        goto done;
    ret = ntlm_decode_authenticate(auth, auth_len, &am);
    if (ret != 0)
        goto done;
    neg = chal.flags & am.flags;
    ret = ntlm_session_init(&ctx->sess, neg, true, key);
    if (ret != 0)
        goto done;
    ctx->have_session = true;
    ctx->neg_flags = neg;
    ctx->mic_done = am.has_mic && am.nt_response.len > 24;
    ret = ntlmgss_buffer_set(output, auth, auth_len);
    if (ret != 0)
        goto done;
    NTLMGSS_TRACE("init: AUTHENTICATE from winbind's cached credentials "
                  "for %s\\%s (single sign-on)", ctx->user->domain,
                  ctx->user->user);
    ntlmgss_ctx_complete(ctx);
    ret = 0;
done:
    ntlm_zero(key, sizeof(key));
    ntlm_zfree(auth, auth_len);
    return ret;
}

/* process_challenge - build AUTHENTICATE into output. */
static int
process_challenge(struct ntlmgss_ctx *ctx, gss_buffer_t input,
                  gss_channel_bindings_t cb, gss_buffer_t output)
{
    struct ntlm_challenge chal;
    struct ntlm_av_list av;
    struct ntlm_authenticate am;
    struct ntlm_v2_result v2;
    uint8_t *auth_msg = NULL, *av_raw = NULL;
    uint8_t *u16_user = NULL, *u16_dom = NULL, *u16_ws = NULL;
    uint8_t *u16_spn = NULL;
    size_t auth_len = 0, av_len = 0, user_len = 0, dom_len = 0, ws_len = 0;
    size_t spn_len = 0;
    uint8_t ntowfv2[16], kxkey[16], exported[16], enc_key[16], mic[16];
    uint8_t cb_hash[16], client_chal[8], sbk[16], lm_zero[24];
    char *spn = NULL, *ws = NULL;
    const char *user, *dom;
    uint64_t ts;
    uint32_t offered, neg;
    bool send_mic = false;
    int ret;

    memset(&v2, 0, sizeof(v2));
    memset(&am, 0, sizeof(am));
    memset(sbk, 0, sizeof(sbk));
    memset(lm_zero, 0, sizeof(lm_zero));
    if (input == GSS_C_NO_BUFFER || input->length == 0)
        return ntlm_err_detail(NTLM_ERR_TRUNCATED, "no CHALLENGE token");
    ret = ntlm_decode_challenge(input->value, input->length, &chal);
    if (ret != 0)
        goto done;
    ret = ntlm_av_decode(chal.target_info, &av);
    if (ret != 0)
        goto done;
    if (!(chal.flags & NTLMSSP_NEGOTIATE_UNICODE)) {
        ret = ntlm_err_detail(NTLM_ERR_WEAK_NEGOTIATION,
                              "server does not support Unicode");
        goto done;
    }
    if (ctx->cfg->detect_reflection &&
        ntlmgss_reflect_seen(chal.server_challenge)) {
        ret = ntlm_err_detail(NTLM_ERR_MESSAGE_REPLAY,
                              "CHALLENGE carries a server challenge issued "
                              "by one of our own acceptors (reflection)");
        goto done;
    }
    offered = ctx->neg_flags;
    /* Message protection needs extended session security and 128-bit
     * keys (Windows' default NtlmMinClientSec); weaker answers are only
     * accepted at the compatibility levels that allow NTLMv1. */
    if ((offered & (NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL)) &&
        ctx->cfg->compat_level > 2 &&
        ((offered & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY &
          ~chal.flags) ||
         (offered & NTLMSSP_NEGOTIATE_128 & ~chal.flags))) {
        ret = ntlm_err_detail(NTLM_ERR_WEAK_NEGOTIATION,
                              "server refuses extended session security or "
                              "128-bit keys");
        goto done;
    }
    neg = chal.flags & (offered | NTLMSSP_TARGET_TYPE_DOMAIN |
                        NTLMSSP_TARGET_TYPE_SERVER |
                        NTLMSSP_NEGOTIATE_TARGET_INFO);
    neg &= ~NTLM_NEGOTIATE_OEM;
    if (ntlmgss_trace_enabled()) {
        char fb[512];

        ntlmgss_trace("init: CHALLENGE flags %s, %zu AV pairs, "
                      "timestamp %s",
                      ntlmgss_trace_flags(chal.flags, fb, sizeof(fb)),
                      av.num_pairs, av.present[MsvAvTimestamp] ? "yes" :
                      "no");
    }
    ctx->chal_msg = ntlm_memdup(input->value, input->length);
    if (ctx->chal_msg == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    ctx->chal_len = input->length;
    memcpy(ctx->server_challenge, chal.server_challenge, 8);

    ret = ntlmgss_cb_hash(cb, cb_hash);
    if (ret != 0)
        goto done;
    ret = ntlmgss_name_spn(ctx->target, &spn);
    if (ret == 0 && spn != NULL)
        ret = ntlm_utf8_to_utf16le(spn, strlen(spn), &u16_spn, &spn_len);
    if (ret == 0)
        ret = workstation_name(ctx->cfg, &ws);
    if (ret == 0)
        ret = ntlm_utf8_to_utf16le(ws, strlen(ws), &u16_ws, &ws_len);
    if (ret != 0)
        goto done;

    am.flags = neg;
    am.has_version = true;
    am.version = our_version;
    am.workstation = wire_slice_make(u16_ws, ws_len);

    if (ctx->anonymous) {
        /* MS-NLMP 3.2.5.1.2: empty user, NT response; LM = Z(1). */
        am.flags |= NTLMSSP_ANONYMOUS;
        neg |= NTLMSSP_ANONYMOUS;
        am.lm_response = wire_slice_make(lm_zero, 1);
        am.nt_response = WIRE_SLICE_EMPTY;
        am.user = WIRE_SLICE_EMPTY;
        am.domain = WIRE_SLICE_EMPTY;
    } else {
        user = ctx->user->user;
        dom = ctx->user->domain != NULL ? ctx->user->domain : "";
        ret = ntlm_utf8_to_utf16le(user, strlen(user), &u16_user, &user_len);
        if (ret == 0)
            ret = ntlm_utf8_to_utf16le(dom, strlen(dom), &u16_dom, &dom_len);
        if (ret != 0)
            goto done;
        send_mic = ctx->cfg->send_mic && av.present[MsvAvTimestamp];
        ret = ntlm_av_rebuild_for_authenticate(chal.target_info,
            send_mic ? MSV_AV_FLAG_MIC_PRESENT : 0, cb_hash,
            wire_slice_make(u16_spn, spn_len), &av_raw, &av_len);
        if (ret != 0)
            goto done;
        if (ctx->have_ntowfv2)
            memcpy(ntowfv2, ctx->ntowfv2, 16);
        else
            ret = ntlm_ntowfv2(ctx->nt_hash, user, strlen(user), dom,
                               strlen(dom), ntowfv2);
        if (ret != 0)
            goto done;
        ret = ncrypto_random(client_chal, sizeof(client_chal));
        if (ret != 0)
            goto done;
        ts = av.present[MsvAvTimestamp] ? av.timestamp :
            ntlmgss_filetime_now();
        ret = ntlm_compute_ntlmv2(ntowfv2, chal.server_challenge,
                                  client_chal, ts,
                                  wire_slice_make(av_raw, av_len), &v2);
        if (ret != 0)
            goto done;
        memcpy(sbk, v2.session_base_key, 16);
        am.nt_response = wire_slice_make(v2.nt_response, v2.nt_response_len);
        /* With a server timestamp the LM response is Z(24) (3.1.5.1.2). */
        am.lm_response = av.present[MsvAvTimestamp] ?
            wire_slice_make(lm_zero, 24) :
            wire_slice_make(v2.lm_response, 24);
        am.user = wire_slice_make(u16_user, user_len);
        am.domain = wire_slice_make(u16_dom, dom_len);
    }
    /* NTLMv2 (and anonymous): KeyExchangeKey = SessionBaseKey. */
    memcpy(kxkey, sbk, 16);
    if (neg & NTLMSSP_NEGOTIATE_KEY_EXCH) {
        ret = ncrypto_random(exported, 16);
        if (ret == 0)
            ret = ncrypto_rc4_oneshot(kxkey, 16, exported, enc_key, 16);
        if (ret != 0)
            goto done;
        am.encrypted_session_key = wire_slice_make(enc_key, 16);
    } else {
        memcpy(exported, kxkey, 16);
    }
    am.has_mic = send_mic;
    ret = ntlm_encode_authenticate(&am, &auth_msg, &auth_len);
    if (ret != 0)
        goto done;
    if (send_mic) {
        ret = ntlm_compute_mic(exported,
                               wire_slice_make(ctx->nego_msg, ctx->nego_len),
                               wire_slice_make(ctx->chal_msg, ctx->chal_len),
                               wire_slice_make(auth_msg, auth_len), mic);
        if (ret == 0)
            ret = ntlm_authenticate_set_mic(auth_msg, auth_len, mic);
        if (ret != 0)
            goto done;
        ctx->mic_done = true;
    }
    ret = ntlm_session_init(&ctx->sess, neg, true, exported);
    if (ret != 0)
        goto done;
    ctx->have_session = true;
    ctx->neg_flags = neg;
    ret = ntlmgss_buffer_set(output, auth_msg, auth_len);
    if (ret != 0)
        goto done;
    NTLMGSS_TRACE("init: AUTHENTICATE sent (user %s, MIC %s, CB %s, "
                  "SPN %s)", ctx->anonymous ? "(anonymous)" :
                  ctx->user->user, send_mic ? "yes" : "no",
                  cb != GSS_C_NO_CHANNEL_BINDINGS ? "yes" : "none",
                  spn != NULL ? spn : "none");
    ntlmgss_ctx_complete(ctx);
    ret = 0;
done:
    ntlm_v2_result_cleanup(&v2);
    ntlm_zero(ntowfv2, sizeof(ntowfv2));
    ntlm_zero(kxkey, sizeof(kxkey));
    ntlm_zero(exported, sizeof(exported));
    ntlm_zero(sbk, sizeof(sbk));
    ntlm_zero(mic, sizeof(mic));
    free(auth_msg);
    free(av_raw);
    free(u16_user);
    free(u16_dom);
    free(u16_ws);
    free(u16_spn);
    free(spn);
    free(ws);
    return ret;
}

OM_uint32
ntlmgss_init_sec_context(OM_uint32 *minor_status, gss_cred_id_t cred_h,
                         gss_ctx_id_t *ctx_h, gss_name_t target,
                         gss_OID mech, OM_uint32 req_flags,
                         OM_uint32 time_req, gss_channel_bindings_t cb,
                         gss_buffer_t input, gss_OID *actual_mech,
                         gss_buffer_t output, OM_uint32 *ret_flags,
                         OM_uint32 *time_rec)
{
    struct ntlmgss_ctx *ctx;
    OM_uint32 maj;
    int ret;

    if (output != GSS_C_NO_BUFFER) {
        output->length = 0;
        output->value = NULL;
    }
    if (actual_mech != NULL)
        *actual_mech = &ntlmgss_mech_oid_desc;
    if (ret_flags != NULL)
        *ret_flags = 0;
    if (time_rec != NULL)
        *time_rec = 0;
    if (ctx_h == NULL || output == GSS_C_NO_BUFFER)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    if (mech != GSS_C_NO_OID && !ntlmgss_is_our_mech(mech))
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_MECH);
    ret = ncrypto_init();
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);

    ctx = (struct ntlmgss_ctx *)*ctx_h;
    if (ctx == NULL) {
        if (input != GSS_C_NO_BUFFER && input->length != 0)
            return ntlmgss_fail(minor_status, NTLM_ERR_BAD_STATE);
        ret = new_initiator_ctx((struct ntlmgss_cred *)cred_h,
                                (struct ntlmgss_name *)target, req_flags,
                                time_req, &ctx);
        if (ret != 0)
            return ntlmgss_fail(minor_status, ret);
        ret = make_negotiate(ctx, output);
        if (ret != 0) {
            ntlmgss_ctx_free(ctx);
            return ntlmgss_fail(minor_status, ret);
        }
        ctx->state = NTLMGSS_STATE_NEGOTIATE_SENT;
        *ctx_h = (gss_ctx_id_t)ctx;
        maj = GSS_S_CONTINUE_NEEDED;
    } else if (ctx->initiator && ctx->state == NTLMGSS_STATE_NEGOTIATE_SENT) {
        ret = ctx->sso ? sso_challenge(ctx, input, output) :
            process_challenge(ctx, input, cb, output);
        if (ret != 0) {
            /* One CHALLENGE per NEGOTIATE, as the acceptor allows one
             * AUTHENTICATE per CHALLENGE: a failed step ends the context
             * (a retry would also leak the first step's state). */
            ctx->state = NTLMGSS_STATE_FAILED;
            ctx->last_minor = ret;
            return ntlmgss_fail(minor_status, ret);
        }
        maj = GSS_S_COMPLETE;
    } else {
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_STATE);
    }
    if (ret_flags != NULL)
        *ret_flags = ntlmgss_ctx_ret_flags(ctx);
    if (time_rec != NULL)
        *time_rec = ctx->expiry == 0 ? GSS_C_INDEFINITE :
            (OM_uint32)(ctx->expiry > time(NULL) ?
                        ctx->expiry - time(NULL) : 0);
    *minor_status = 0;
    return maj;
}
