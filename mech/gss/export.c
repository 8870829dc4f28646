/*
 * export.c - context lifetime, flags and inquiry, and the serialisation of
 * established contexts for gss_export_sec_context/gss_import_sec_context
 * (sequence numbers and RC4 states included, so an imported context
 * continues the stream).  Credentials are serialised in cred.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gss_int.h"

void
ntlmgss_ctx_free(struct ntlmgss_ctx *ctx)
{
    if (ctx == NULL)
        return;
    if (ctx->have_session)
        ntlm_session_cleanup(&ctx->sess);
    ntlmgss_config_release(ctx->cfg);
    ntlmgss_name_free(ctx->user);
    ntlmgss_name_free(ctx->target);
    ntlmgss_name_free(ctx->acceptor);
    ntlmgss_name_free(ctx->src_name);
    free(ctx->user_file);
    free(ctx->dom_nb);
    free(ctx->dom_dns);
    free(ctx->nego_msg);
    free(ctx->chal_msg);
    ntlm_zero(ctx, sizeof(*ctx));
    free(ctx);
}

/*
 * ntlmgss_ctx_complete - mark ctx established and release what only the
 * handshake needed: the NEGOTIATE and CHALLENGE copies (the MIC over
 * them has been computed or verified by now), the initiator's NT hash
 * (wiped), and the acceptor's user-file path and domain names.  About
 * 450 bytes per context, kept for its whole life before.
 */
void
ntlmgss_ctx_complete(struct ntlmgss_ctx *ctx)
{
    ctx->state = NTLMGSS_STATE_DONE;
    free(ctx->nego_msg);
    ctx->nego_msg = NULL;
    ctx->nego_len = 0;
    free(ctx->chal_msg);
    ctx->chal_msg = NULL;
    ctx->chal_len = 0;
    ntlm_zero(ctx->nt_hash, sizeof(ctx->nt_hash));
    ntlm_zero(ctx->ntowfv2, sizeof(ctx->ntowfv2));
    ctx->have_ntowfv2 = false;
    ctx->have_hash = false;
    free(ctx->user_file);
    ctx->user_file = NULL;
    free(ctx->dom_nb);
    ctx->dom_nb = NULL;
    free(ctx->dom_dns);
    ctx->dom_dns = NULL;
}

/*
 * ntlmgss_ctx_ret_flags - honest flags: INTEG with SIGN or SEAL (sealing
 * always signs), CONF with SEAL, REPLAY and SEQUENCE with INTEG
 * (detection is always on), ANON for
 * anonymous contexts, TRANS (exportable) once established.  Never MUTUAL
 * or DELEG.
 */
OM_uint32
ntlmgss_ctx_ret_flags(const struct ntlmgss_ctx *ctx)
{
    OM_uint32 f = 0;

    if (ntlmgss_ctx_integ(ctx))
        f |= GSS_C_INTEG_FLAG | GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG;
    if (ctx->neg_flags & NTLMSSP_NEGOTIATE_SEAL)
        f |= GSS_C_CONF_FLAG;
    if (ctx->anonymous)
        f |= GSS_C_ANON_FLAG;
    if (ctx->state == NTLMGSS_STATE_DONE)
        f |= GSS_C_TRANS_FLAG | GSS_C_PROT_READY_FLAG;
    return f;
}

OM_uint32
ntlmgss_delete_sec_context(OM_uint32 *minor_status, gss_ctx_id_t *ctx_h,
                           gss_buffer_t output)
{
    if (output != GSS_C_NO_BUFFER) {
        output->length = 0;
        output->value = NULL;
    }
    if (ctx_h == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    ntlmgss_ctx_free((struct ntlmgss_ctx *)*ctx_h);
    *ctx_h = GSS_C_NO_CONTEXT;
    return ntlmgss_fail(minor_status, 0);
}

static OM_uint32
ctx_lifetime(const struct ntlmgss_ctx *ctx)
{
    time_t now;

    if (ctx->expiry == 0)
        return GSS_C_INDEFINITE;
    now = time(NULL);
    return ctx->expiry > now ? (OM_uint32)(ctx->expiry - now) : 0;
}

OM_uint32
ntlmgss_context_time(OM_uint32 *minor_status, gss_ctx_id_t ctx_h,
                     OM_uint32 *time_rec)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;

    if (time_rec == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    *time_rec = 0;
    if (ctx == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_NO_CONTEXT);
    if (ctx->state != NTLMGSS_STATE_DONE)
        return ntlmgss_fail(minor_status, NTLM_ERR_CONTEXT_INCOMPLETE);
    *time_rec = ctx_lifetime(ctx);
    if (*time_rec == 0)
        return ntlmgss_fail(minor_status, NTLM_ERR_CONTEXT_EXPIRED);
    return ntlmgss_fail(minor_status, 0);
}

OM_uint32
ntlmgss_inquire_context(OM_uint32 *minor_status, gss_ctx_id_t ctx_h,
                        gss_name_t *src, gss_name_t *targ,
                        OM_uint32 *lifetime, gss_OID *mech, OM_uint32 *flags,
                        int *locally_initiated, int *open)
{
    struct ntlmgss_ctx *ctx = (struct ntlmgss_ctx *)ctx_h;
    struct ntlmgss_name *s = NULL, *t = NULL;
    const struct ntlmgss_name *sn, *tn;
    int ret;

    if (src != NULL)
        *src = GSS_C_NO_NAME;
    if (targ != NULL)
        *targ = GSS_C_NO_NAME;
    if (ctx == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_NO_CONTEXT);
    sn = ctx->initiator ? ctx->user : ctx->src_name;
    tn = ctx->initiator ? ctx->target : ctx->acceptor;
    if (src != NULL && sn != NULL) {
        ret = ntlmgss_name_dup(sn, &s);
        if (ret != 0)
            return ntlmgss_fail(minor_status, ret);
    }
    if (targ != NULL && tn != NULL) {
        ret = ntlmgss_name_dup(tn, &t);
        if (ret != 0) {
            ntlmgss_name_free(s);
            return ntlmgss_fail(minor_status, ret);
        }
    }
    if (src != NULL)
        *src = (gss_name_t)s;
    if (targ != NULL)
        *targ = (gss_name_t)t;
    if (lifetime != NULL)
        *lifetime = ctx->state == NTLMGSS_STATE_DONE ? ctx_lifetime(ctx) : 0;
    if (mech != NULL)
        *mech = &ntlmgss_mech_oid_desc;
    if (flags != NULL)
        *flags = ntlmgss_ctx_ret_flags(ctx);
    if (locally_initiated != NULL)
        *locally_initiated = ctx->initiator;
    if (open != NULL)
        *open = ctx->state == NTLMGSS_STATE_DONE;
    return ntlmgss_fail(minor_status, 0);
}

/* ---- export / import -----------------------------------------------------
 * Version 1, little-endian:
 *   "NTGX" u8 version u8 initiator u8 anonymous u8 mic_done
 *   u32 req_flags u32 neg_flags u64 expiry
 *   name user, name target, name acceptor, name src_name
 *   key[16] exported session key
 *   per direction (send, recv): u32 seq, u8 has_rc4, [rc4 state 258]
 * Only established contexts can be exported.
 */
#define CTX_MAGIC "NTGX"

static void
put_dir(struct wire_out *w, const struct ntlm_session_dir *d)
{
    uint8_t st[NCRYPTO_RC4_STATE_LEN];

    wire_out_u32le(w, d->seq_num);
    if (d->rc4 != NULL && ncrypto_rc4_export(d->rc4, st) == 0) {
        wire_out_u8(w, 1);
        wire_out_bytes(w, st, sizeof(st));
    } else {
        wire_out_u8(w, 0);
    }
    ntlm_zero(st, sizeof(st));
}

OM_uint32
ntlmgss_export_sec_context(OM_uint32 *minor_status, gss_ctx_id_t *ctx_h,
                           gss_buffer_t token)
{
    struct ntlmgss_ctx *ctx;
    struct wire_out w;
    uint8_t *buf = NULL;
    size_t len;
    int ret;

    if (token == GSS_C_NO_BUFFER || ctx_h == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    token->length = 0;
    token->value = NULL;
    ctx = (struct ntlmgss_ctx *)*ctx_h;
    if (ctx == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_NO_CONTEXT);
    if (ctx->state != NTLMGSS_STATE_DONE || !ctx->have_session) {
        /* partially established contexts are not exportable */
        *minor_status = NTLM_ERR_CONTEXT_INCOMPLETE;
        return GSS_S_UNAVAILABLE;
    }
    wire_out_init(&w, WIRE_OUT_ZAP);
    wire_out_bytes(&w, CTX_MAGIC, 4);
    wire_out_u8(&w, 1);
    wire_out_u8(&w, ctx->initiator);
    wire_out_u8(&w, ctx->anonymous);
    wire_out_u8(&w, ctx->mic_done);
    wire_out_u32le(&w, ctx->req_flags);
    wire_out_u32le(&w, ctx->neg_flags);
    wire_out_u64le(&w, (uint64_t)ctx->expiry);
    ntlmgss_put_name(&w, ctx->user);
    ntlmgss_put_name(&w, ctx->target);
    ntlmgss_put_name(&w, ctx->acceptor);
    ntlmgss_put_name(&w, ctx->src_name);
    wire_out_bytes(&w, ctx->sess.exported_session_key, 16);
    put_dir(&w, &ctx->sess.send);
    put_dir(&w, &ctx->sess.recv);
    ret = wire_out_finish(&w, &buf, &len);
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    token->value = buf;
    token->length = len;
    /* The context is consumed by a successful export. */
    ntlmgss_ctx_free(ctx);
    *ctx_h = GSS_C_NO_CONTEXT;
    return ntlmgss_fail(minor_status, 0);
}

static int
get_dir(struct wire_in *in, struct ntlm_session_dir *d)
{
    uint8_t st[NCRYPTO_RC4_STATE_LEN];
    struct ncrypto_rc4 *r = NULL;
    uint8_t has;
    int ret;

    if (wire_in_u32le(in, &d->seq_num) != 0 || wire_in_u8(in, &has) != 0 ||
        has > 1)
        return NTLM_ERR_BAD_EXPORT;
    if (!has)
        return 0;
    if (wire_in_copy(in, st, sizeof(st)) != 0)
        return NTLM_ERR_BAD_EXPORT;
    ret = ncrypto_rc4_import(st, &r);
    ntlm_zero(st, sizeof(st));
    if (ret != 0)
        return ret;
    ncrypto_rc4_free(d->rc4);
    d->rc4 = r;
    return 0;
}

OM_uint32
ntlmgss_import_sec_context(OM_uint32 *minor_status, gss_buffer_t token,
                           gss_ctx_id_t *ctx_h)
{
    struct ntlmgss_ctx *ctx = NULL;
    struct wire_in in;
    uint8_t ver, init, anon, mic;
    uint8_t key[16];
    uint64_t expiry;
    int ret;

    if (ctx_h == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    *ctx_h = GSS_C_NO_CONTEXT;
    if (token == GSS_C_NO_BUFFER || token->value == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_EXPORT);
    ret = ncrypto_init();
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_NOMEM);
    ret = ntlmgss_config_get(&ctx->cfg);
    if (ret != 0)
        goto done;
    wire_in_init(&in, token->value, token->length);
    ret = NTLM_ERR_BAD_EXPORT;
    if (wire_in_expect(&in, CTX_MAGIC, 4, NTLM_ERR_BAD_EXPORT) != 0 ||
        wire_in_u8(&in, &ver) != 0 || ver != 1 ||
        wire_in_u8(&in, &init) != 0 || wire_in_u8(&in, &anon) != 0 ||
        wire_in_u8(&in, &mic) != 0 || init > 1 || anon > 1 || mic > 1 ||
        wire_in_u32le(&in, &ctx->req_flags) != 0 ||
        wire_in_u32le(&in, &ctx->neg_flags) != 0 ||
        wire_in_u64le(&in, &expiry) != 0)
        goto done;
    ctx->initiator = init;
    ctx->anonymous = anon;
    ctx->mic_done = mic;
    ctx->expiry = (time_t)expiry;
    ret = ntlmgss_get_name(&in, &ctx->user);
    if (ret == 0)
        ret = ntlmgss_get_name(&in, &ctx->target);
    if (ret == 0)
        ret = ntlmgss_get_name(&in, &ctx->acceptor);
    if (ret == 0)
        ret = ntlmgss_get_name(&in, &ctx->src_name);
    if (ret != 0)
        goto done;
    if (wire_in_copy(&in, key, 16) != 0) {
        ret = NTLM_ERR_BAD_EXPORT;
        goto done;
    }
    ret = ntlm_session_init(&ctx->sess, ctx->neg_flags, ctx->initiator, key);
    if (ret != 0)
        goto done;
    ctx->have_session = true;
    ret = get_dir(&in, &ctx->sess.send);
    if (ret == 0)
        ret = get_dir(&in, &ctx->sess.recv);
    if (ret == 0 && wire_in_finish(&in) != 0)
        ret = NTLM_ERR_BAD_EXPORT;
    if (ret != 0)
        goto done;
    ctx->state = NTLMGSS_STATE_DONE;
    *ctx_h = (gss_ctx_id_t)ctx;
    ctx = NULL;
done:
    ntlm_zero(key, sizeof(key));
    ntlmgss_ctx_free(ctx);
    return ntlmgss_fail(minor_status, ret);
}
