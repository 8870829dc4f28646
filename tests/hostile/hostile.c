/*
 * hostile.c - the private environment and the hostile peer (see hostile.h).
 * Messages are built with the protocol core's encoders and key functions,
 * so a mutation of one field leaves every other field valid.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hostile.h"

gss_OID_desc h_ntlm_oid = { NTLMGSS_MECH_OID_LENGTH,
                            (void *)NTLMGSS_MECH_OID_BYTES };
gss_OID_set_desc h_ntlm_set = { 1, &h_ntlm_oid };
char h_dir[256];
char h_user_file[512];

#define DEFAULT_NEGO_FLAGS \
    (NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_REQUEST_TARGET | \
     NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL | \
     NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_ALWAYS_SIGN | \
     NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | \
     NTLMSSP_NEGOTIATE_VERSION | NTLMSSP_NEGOTIATE_128 | \
     NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_NEGOTIATE_56)

static const struct ntlm_version h_version = { 10, 0, 19041, 0x0F };

/* ---- environment -------------------------------------------------------- */

static int
write_file(const char *name, const char *text, char *out_path, size_t n)
{
    FILE *f;

    snprintf(out_path, n, "%s/%s", h_dir, name);
    f = fopen(out_path, "w");
    if (f == NULL)
        return -1;
    fputs(text, f);
    return fclose(f);
}

void
h_env_config(const char *extra)
{
    char path[512], text[4096];

    snprintf(text, sizeof(text),
             "netbios_computer = TESTSRV\n"
             "netbios_domain = TESTDOM\n"
             "dns_computer = testsrv.example.test\n"
             "dns_domain = example.test\n"
             "%s\n", extra != NULL ? extra : "");
    if (write_file("ntlmgss.conf", text, path, sizeof(path)) != 0)
        abort();
    setenv("NTLMGSS_CONFIG", path, 1);
}

int
h_env_init(void)
{
    char path[512], line[1024];

    snprintf(h_dir, sizeof(h_dir), "/tmp/ntlmgss-hostile-XXXXXX");
    if (mkdtemp(h_dir) == NULL)
        return -1;
    snprintf(line, sizeof(line), "ntlmgss 1.3.6.1.4.1.311.2.2.10 %s\n",
             MODULE_PATH);
    if (write_file("mech", line, path, sizeof(path)) != 0)
        return -1;
    setenv("GSS_MECH_CONFIG", path, 1);
    if (write_file("users",
                   "TESTDOM:testuser:testpass\n"
                   "TESTDOM:hashuser:{NT}a4f49c406510bdcab6824ee7c30fd852\n"
                   ":anyuser:anypass\n"
                   /* smbpasswd, no domain: NT hash of "Password" */
                   "smbuser:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:"
                   "A4F49C406510BDCAB6824EE7C30FD852:[U          ]:"
                   "LCT-00000000:\n", h_user_file,
                   sizeof(h_user_file)) != 0)
        return -1;
    chmod(h_user_file, 0600);
    setenv("NTLM_USER_FILE", h_user_file, 1);
    unsetenv("NTLMGSS_USER_FILE");
    unsetenv("NTLMGSS_TRACE");
    setenv("KRB5_CONFIG", "/dev/null", 1);
    /* No domain logons: with the default domain_logins = auto the module
     * would otherwise load the system's libwbclient and ask the host's
     * winbindd (if any), in a worker thread, again whenever its 5 s memory
     * of a failed lookup runs out - allocations (alloc_fail, secrets) and
     * answers that depend on the machine and on time. */
    setenv("NTLMGSS_WBCLIENT", "none", 1);
    h_env_config("");
    return 0;
}

void
h_env_cleanup(void)
{
    char cmd[600];

    if (h_dir[0] == '\0')
        return;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", h_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", h_dir);
}

/* ---- a real pair ---------------------------------------------------------- */

gss_name_t
h_import(const char *s, gss_OID type)
{
    gss_buffer_desc b = { strlen(s), (void *)s };
    gss_name_t n = GSS_C_NO_NAME;
    OM_uint32 min;

    (void)gss_import_name(&min, &b, type, &n);
    return n;
}

gss_cred_id_t
h_init_cred(const char *user, const char *pw)
{
    gss_buffer_desc b = { strlen(pw), (void *)pw };
    gss_cred_id_t c = GSS_C_NO_CREDENTIAL;
    gss_name_t n = h_import(user, GSS_C_NT_USER_NAME);
    OM_uint32 min;

    if (n == GSS_C_NO_NAME)
        return GSS_C_NO_CREDENTIAL;
    (void)gss_acquire_cred_with_password(&min, n, &b, 0, &h_ntlm_set,
                                         GSS_C_INITIATE, &c, NULL, NULL);
    gss_release_name(&min, &n);
    return c;
}

gss_cred_id_t
h_acc_cred(void)
{
    gss_cred_id_t c = GSS_C_NO_CREDENTIAL;
    OM_uint32 min;

    (void)gss_acquire_cred(&min, GSS_C_NO_NAME, 0, &h_ntlm_set,
                           GSS_C_ACCEPT, &c, NULL, NULL);
    return c;
}

int
h_pair(gss_ctx_id_t *ictx, gss_ctx_id_t *actx)
{
    gss_cred_id_t ic = h_init_cred(H_DOMAIN "\\" H_USER, H_PASSWORD);
    gss_cred_id_t ac = h_acc_cred();
    gss_name_t target = h_import("HTTP@testsrv.example.test",
                                 GSS_C_NT_HOSTBASED_SERVICE);
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 imaj = GSS_S_CONTINUE_NEEDED, amaj = GSS_S_CONTINUE_NEEDED;
    OM_uint32 min;
    int step, ret = -1;

    *ictx = *actx = GSS_C_NO_CONTEXT;
    if (ic == GSS_C_NO_CREDENTIAL || ac == GSS_C_NO_CREDENTIAL ||
        target == GSS_C_NO_NAME)
        goto done;
    for (step = 0; step < 4; step++) {
        imaj = gss_init_sec_context(&min, ic, ictx, target, &h_ntlm_oid,
                                    GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG |
                                    GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG,
                                    0, GSS_C_NO_CHANNEL_BINDINGS, &in, NULL,
                                    &out, NULL, NULL);
        gss_release_buffer(&min, &in);
        if (GSS_ERROR(imaj) || out.length == 0)
            break;
        amaj = gss_accept_sec_context(&min, actx, ac, &out,
                                      GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL,
                                      &in, NULL, NULL, NULL);
        gss_release_buffer(&min, &out);
        if (GSS_ERROR(amaj) || in.length == 0)
            break;
    }
    gss_release_buffer(&min, &in);
    gss_release_buffer(&min, &out);
    if (imaj == GSS_S_COMPLETE && amaj == GSS_S_COMPLETE)
        ret = 0;
done:
    if (ret != 0) {
        gss_delete_sec_context(&min, ictx, GSS_C_NO_BUFFER);
        gss_delete_sec_context(&min, actx, GSS_C_NO_BUFFER);
    }
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
    gss_release_name(&min, &target);
    return ret;
}

static int
one_way(gss_ctx_id_t from, gss_ctx_id_t to, int conf)
{
    static const char text[] = "bystander message";
    gss_buffer_desc in = { sizeof(text), (void *)text };
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;
    int state = 0, ret = -1;

    maj = gss_wrap(&min, from, conf, GSS_C_QOP_DEFAULT, &in, &state, &tok);
    if (maj != GSS_S_COMPLETE)
        goto done;
    maj = gss_unwrap(&min, to, &tok, &out, &state, NULL);
    if (maj != GSS_S_COMPLETE || out.length != in.length ||
        memcmp(out.value, in.value, in.length) != 0 || state != conf)
        goto done;
    ret = 0;
done:
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &out);
    return ret;
}

int
h_pair_works(gss_ctx_id_t ictx, gss_ctx_id_t actx)
{
    if (one_way(ictx, actx, 1) != 0 || one_way(actx, ictx, 1) != 0 ||
        one_way(ictx, actx, 0) != 0 || one_way(actx, ictx, 0) != 0)
        return -1;
    return 0;
}

/* ---- byte helpers -------------------------------------------------------- */

void
h_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void
h_put32(uint8_t *p, uint32_t v)
{
    h_put16(p, (uint16_t)v);
    h_put16(p + 2, (uint16_t)(v >> 16));
}

uint16_t
h_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t
h_get32(const uint8_t *p)
{
    return h_get16(p) | (uint32_t)h_get16(p + 2) << 16;
}

int
h_append_field(uint8_t **msg, size_t *len, size_t hdr, const void *data,
               size_t dlen)
{
    uint8_t *p;

    if (dlen > 0xFFFF || *len < hdr + 8)
        return -1;
    p = realloc(*msg, *len + dlen + 1);
    if (p == NULL)
        return -1;
    if (dlen > 0)
        memcpy(p + *len, data, dlen);
    h_put16(p + hdr, (uint16_t)dlen);
    h_put16(p + hdr + 2, (uint16_t)dlen);
    h_put32(p + hdr + 4, (uint32_t)*len);
    *len += dlen;
    *msg = p;
    return 0;
}

/* ---- hostile client ------------------------------------------------------ */

void
h_spec_default(struct h_spec *s)
{
    memset(s, 0, sizeof(*s));
    s->user = H_USER;
    s->domain = H_DOMAIN;
    s->password = H_PASSWORD;
    s->flags = DEFAULT_NEGO_FLAGS;
    s->mode = H_V2;
    s->mic_flag = true;
    s->mic_field = true;
    s->key_len = 16;
}

static OM_uint32
accept_token(struct h_client *c, const uint8_t *p, size_t len,
             gss_channel_bindings_t cb, gss_buffer_t out)
{
    gss_buffer_desc in = { len, (void *)p };
    OM_uint32 min;

    if (c->src != GSS_C_NO_NAME)
        gss_release_name(&min, &c->src);
    c->maj = gss_accept_sec_context(&c->min, &c->actx, c->acred, &in, cb,
                                    &c->src, NULL, out, NULL, NULL, NULL);
    return c->maj;
}

OM_uint32
h_client_start_raw(struct h_client *c, const uint8_t *p, size_t len)
{
    gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
    OM_uint32 min;
    int ret;

    if (c->acred == GSS_C_NO_CREDENTIAL)
        c->acred = h_acc_cred();
    free(c->nego);
    c->nego = malloc(len + 1);
    if (c->nego == NULL)
        abort();
    if (len > 0)
        memcpy(c->nego, p, len);
    c->nego_len = len;
    (void)accept_token(c, p, len, GSS_C_NO_CHANNEL_BINDINGS, &out);
    if (c->maj == GSS_S_CONTINUE_NEEDED) {
        free(c->chal);
        c->chal = malloc(out.length + 1);
        if (c->chal == NULL)
            abort();
        memcpy(c->chal, out.value, out.length);
        c->chal_len = out.length;
        ret = ntlm_decode_challenge(c->chal, c->chal_len, &c->cm);
        if (ret != 0) {
            /* our own acceptor sent an undecodable CHALLENGE */
            c->maj = GSS_S_FAILURE;
            c->min = (OM_uint32)ret;
        }
    }
    gss_release_buffer(&min, &out);
    return c->maj;
}

OM_uint32
h_client_start(struct h_client *c, uint32_t nego_flags)
{
    struct ntlm_negotiate m;
    uint8_t *msg = NULL;
    size_t len = 0;
    OM_uint32 maj;

    memset(&m, 0, sizeof(m));
    m.flags = nego_flags != 0 ? nego_flags : DEFAULT_NEGO_FLAGS;
    m.has_version = true;
    m.version = h_version;
    if (ntlm_encode_negotiate(&m, &msg, &len) != 0)
        abort();
    maj = h_client_start_raw(c, msg, len);
    free(msg);
    return maj;
}

static int
cb_hash(gss_channel_bindings_t cb, uint8_t out[16])
{
    struct ntlm_channel_bindings b;

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

static uint64_t
filetime_now(void)
{
    return ((uint64_t)time(NULL) + 11644473600ULL) * 10000000ULL;
}

int
h_client_build(struct h_client *c, const struct h_spec *s, uint8_t **out,
               size_t *out_len)
{
    struct ntlm_authenticate am;
    struct ntlm_v2_result v2;
    struct ntlm_av_list sav;
    uint8_t nt_hash[16], ntowfv2[16], sbk[16], kxkey[16], enc[32];
    uint8_t cc[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, cbh[16], mic[16];
    uint8_t v1nt[24], v1lm[24], lm_zero[24], *av = NULL, *msg = NULL;
    uint8_t *u16_user = NULL, *u16_dom = NULL, *u16_spn = NULL;
    size_t av_len = 0, ul = 0, dl = 0, sl = 0, len = 0;
    const char *pu, *pd;
    uint64_t ts;
    int ret;

    *out = NULL;
    *out_len = 0;
    memset(&am, 0, sizeof(am));
    memset(&v2, 0, sizeof(v2));
    memset(sbk, 0, sizeof(sbk));
    memset(lm_zero, 0, sizeof(lm_zero));
    memset(enc, 0x5A, sizeof(enc));
    ret = ntlm_ntowfv1(s->password, strlen(s->password), nt_hash);
    if (ret != 0)
        goto done;
    ret = ntlm_utf8_to_utf16le(s->user, strlen(s->user), &u16_user, &ul);
    if (ret == 0)
        ret = ntlm_utf8_to_utf16le(s->domain, strlen(s->domain), &u16_dom,
                                   &dl);
    if (ret == 0 && s->spn != NULL)
        ret = ntlm_utf8_to_utf16le(s->spn, strlen(s->spn), &u16_spn, &sl);
    if (ret != 0)
        goto done;
    am.flags = s->flags;
    am.has_version = true;
    am.version = h_version;
    am.user = wire_slice_make(u16_user, ul);
    am.domain = wire_slice_make(u16_dom, dl);
    am.workstation = wire_slice_make((const uint8_t *)"W\0S\0", 4);
    am.lm_response = wire_slice_make(lm_zero, 24);
    switch (s->mode) {
    case H_V2:
    case H_LMV2_ONLY:
        pu = s->proof_user != NULL ? s->proof_user : s->user;
        pd = s->proof_domain != NULL ? s->proof_domain : s->domain;
        ret = ntlm_ntowfv2(nt_hash, pu, strlen(pu), pd, strlen(pd), ntowfv2);
        if (ret != 0)
            goto done;
        if (s->av_raw != NULL) {
            av = malloc(s->av_raw_len + 1);
            if (av == NULL) {
                ret = NTLM_ERR_NOMEM;
                goto done;
            }
            memcpy(av, s->av_raw, s->av_raw_len);
            av_len = s->av_raw_len;
        } else {
            const uint8_t *cbp = s->cb_hash_raw;

            if (cbp == NULL && s->cb != GSS_C_NO_CHANNEL_BINDINGS) {
                ret = cb_hash(s->cb, cbh);
                if (ret != 0)
                    goto done;
                cbp = cbh;
            }
            ret = ntlm_av_rebuild_for_authenticate(c->cm.target_info,
                s->mic_flag ? MSV_AV_FLAG_MIC_PRESENT : 0, cbp,
                wire_slice_make(u16_spn, sl), &av, &av_len);
            if (ret != 0)
                goto done;
        }
        ts = filetime_now();
        if (ntlm_av_decode(c->cm.target_info, &sav) == 0 &&
            sav.present[MsvAvTimestamp])
            ts = sav.timestamp;
        if (s->ts_set)
            ts = s->ts;
        ret = ntlm_compute_ntlmv2(ntowfv2, c->cm.server_challenge, cc, ts,
                                  wire_slice_make(av, av_len), &v2);
        if (ret != 0)
            goto done;
        memcpy(sbk, v2.session_base_key, 16);
        if (s->mode == H_V2) {
            am.nt_response = wire_slice_make(v2.nt_response,
                                             v2.nt_response_len);
        } else {
            am.nt_response = WIRE_SLICE_EMPTY;
            am.lm_response = wire_slice_make(v2.lm_response, 24);
        }
        memcpy(kxkey, sbk, 16);
        break;
    case H_V1:
    case H_V1_ESS:
        ret = ntlm_compute_ntlmv1(nt_hash, NULL, c->cm.server_challenge, cc,
                                  s->mode == H_V1_ESS, v1nt, v1lm, sbk);
        if (ret != 0)
            goto done;
        am.nt_response = wire_slice_make(v1nt, 24);
        am.lm_response = wire_slice_make(v1lm, 24);
        ret = ntlm_kxkey(s->flags, sbk, v1lm, NULL, c->cm.server_challenge,
                         kxkey);
        if (ret != 0)
            goto done;
        break;
    case H_V1_ESS_LM_TRICK:
        memset(v1nt, 0xAB, sizeof(v1nt));
        memset(v1lm, 0, sizeof(v1lm));
        memcpy(v1lm, cc, 8);
        am.nt_response = wire_slice_make(v1nt, 24);
        am.lm_response = wire_slice_make(v1lm, 24);
        memset(kxkey, 0, 16);
        break;
    case H_ANON:
        am.user = WIRE_SLICE_EMPTY;
        am.domain = WIRE_SLICE_EMPTY;
        am.nt_response = WIRE_SLICE_EMPTY;
        am.lm_response = wire_slice_make(lm_zero, 1);
        memset(kxkey, 0, 16);
        break;
    case H_RAW:
        am.nt_response = wire_slice_make(s->nt_raw, s->nt_raw_len);
        am.lm_response = wire_slice_make(s->lm_raw, s->lm_raw_len);
        memset(kxkey, 0, 16);
        break;
    }
    if (s->flags & NTLMSSP_NEGOTIATE_KEY_EXCH) {
        if (s->fixed_key != NULL)
            memcpy(c->exported, s->fixed_key, 16);
        else
            ret = ncrypto_random(c->exported, 16);
        if (ret == 0)
            ret = ncrypto_rc4_oneshot(kxkey, 16, c->exported, enc, 16);
        if (ret != 0)
            goto done;
        if (s->key_bad)
            enc[3] ^= 0x10;
        if (s->key_len < 0 || s->key_len > (int)sizeof(enc)) {
            ret = NTLM_ERR_INVALID_ARGUMENT;
            goto done;
        }
        am.encrypted_session_key = wire_slice_make(enc, (size_t)s->key_len);
    } else {
        memcpy(c->exported, kxkey, 16);
    }
    am.has_mic = s->mic_field;
    ret = ntlm_encode_authenticate(&am, &msg, &len);
    if (ret != 0)
        goto done;
    if (s->mic_field) {
        ret = ntlm_compute_mic(c->exported,
                               wire_slice_make(c->nego, c->nego_len),
                               wire_slice_make(c->chal, c->chal_len),
                               wire_slice_make(msg, len), mic);
        if (ret != 0)
            goto done;
        if (s->mic_bad)
            mic[0] ^= 1;
        ret = ntlm_authenticate_set_mic(msg, len, mic);
        if (ret != 0)
            goto done;
    }
    c->neg_flags = s->flags;
    *out = msg;
    *out_len = len;
    msg = NULL;
    ret = 0;
done:
    ntlm_v2_result_cleanup(&v2);
    ntlm_zero(nt_hash, sizeof(nt_hash));
    ntlm_zero(ntowfv2, sizeof(ntowfv2));
    ntlm_zero(sbk, sizeof(sbk));
    ntlm_zero(kxkey, sizeof(kxkey));
    free(av);
    free(msg);
    free(u16_user);
    free(u16_dom);
    free(u16_spn);
    return ret;
}

int
h_client_remic(struct h_client *c, uint8_t *msg, size_t len)
{
    uint8_t mic[16];
    int ret;

    ret = ntlm_compute_mic(c->exported,
                           wire_slice_make(c->nego, c->nego_len),
                           wire_slice_make(c->chal, c->chal_len),
                           wire_slice_make(msg, len), mic);
    if (ret == 0)
        ret = ntlm_authenticate_set_mic(msg, len, mic);
    return ret;
}

OM_uint32
h_client_finish(struct h_client *c, const uint8_t *p, size_t len,
                gss_channel_bindings_t cb)
{
    gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
    OM_uint32 min;

    (void)accept_token(c, p, len, cb, &out);
    gss_release_buffer(&min, &out);
    return c->maj;
}

void
h_client_cleanup(struct h_client *c)
{
    OM_uint32 min;

    gss_delete_sec_context(&min, &c->actx, GSS_C_NO_BUFFER);
    gss_release_cred(&min, &c->acred);
    gss_release_name(&min, &c->src);
    free(c->nego);
    free(c->chal);
    ntlm_zero(c->exported, sizeof(c->exported));
    memset(c, 0, sizeof(*c));
}

/* ---- hostile server ------------------------------------------------------ */

int
h_server_start(struct h_server *s, OM_uint32 req_flags)
{
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 min;

    memset(s, 0, sizeof(*s));
    s->icred = h_init_cred(H_DOMAIN "\\" H_USER, H_PASSWORD);
    s->target = h_import("HTTP@testsrv.example.test",
                         GSS_C_NT_HOSTBASED_SERVICE);
    if (req_flags == 0)
        req_flags = GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG | GSS_C_REPLAY_FLAG |
            GSS_C_SEQUENCE_FLAG;
    s->maj = gss_init_sec_context(&s->min, s->icred, &s->ictx, s->target,
                                  &h_ntlm_oid, req_flags, 0,
                                  GSS_C_NO_CHANNEL_BINDINGS, &in, NULL, &out,
                                  NULL, NULL);
    if (s->maj != GSS_S_CONTINUE_NEEDED) {
        gss_release_buffer(&min, &out);
        return -1;
    }
    s->nego = malloc(out.length);
    if (s->nego == NULL)
        abort();
    memcpy(s->nego, out.value, out.length);
    s->nego_len = out.length;
    gss_release_buffer(&min, &out);
    memcpy(s->server_challenge, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
    return 0;
}

static int
av_str(struct ntlm_av_builder *b, uint16_t id, const char *s)
{
    uint8_t *u = NULL;
    size_t n = 0;
    int ret;

    ret = ntlm_utf8_to_utf16le(s, strlen(s), &u, &n);
    if (ret == 0)
        ret = ntlm_av_add(b, id, u, n);
    free(u);
    return ret;
}

int
h_server_target_info(uint8_t **out, size_t *out_len)
{
    struct ntlm_av_builder b;
    int ret;

    ntlm_av_builder_init(&b);
    ret = av_str(&b, MsvAvNbDomainName, "TESTDOM");
    if (ret == 0)
        ret = av_str(&b, MsvAvNbComputerName, "TESTSRV");
    if (ret == 0)
        ret = av_str(&b, MsvAvDnsDomainName, "example.test");
    if (ret == 0)
        ret = av_str(&b, MsvAvDnsComputerName, "testsrv.example.test");
    if (ret == 0)
        ret = ntlm_av_add_u64(&b, MsvAvTimestamp, filetime_now());
    if (ret == 0)
        ret = ntlm_av_finish(&b, out, out_len);
    ntlm_av_builder_cleanup(&b);
    return ret;
}

int
h_server_challenge(struct h_server *s, uint32_t flags,
                   const uint8_t *target_info, size_t ti_len,
                   uint8_t **out, size_t *out_len)
{
    struct ntlm_challenge cm;
    uint8_t *ti = NULL;
    size_t tl = 0;
    int ret;

    memset(&cm, 0, sizeof(cm));
    cm.flags = flags != 0 ? flags : (DEFAULT_NEGO_FLAGS |
                                     NTLMSSP_TARGET_TYPE_DOMAIN |
                                     NTLMSSP_NEGOTIATE_TARGET_INFO);
    cm.target_name = wire_slice_make((const uint8_t *)"T\0E\0S\0T\0D\0O\0M\0",
                                     14);
    memcpy(cm.server_challenge, s->server_challenge, 8);
    if (target_info == NULL) {
        ret = h_server_target_info(&ti, &tl);
        if (ret != 0)
            return ret;
        cm.target_info = wire_slice_make(ti, tl);
    } else {
        cm.target_info = wire_slice_make(target_info, ti_len);
    }
    cm.has_version = true;
    cm.version = h_version;
    ret = ntlm_encode_challenge(&cm, out, out_len);
    free(ti);
    return ret;
}

OM_uint32
h_server_feed(struct h_server *s, const uint8_t *p, size_t len)
{
    gss_buffer_desc in = { len, (void *)p };
    OM_uint32 min;

    gss_release_buffer(&min, &s->auth);
    s->maj = gss_init_sec_context(&s->min, s->icred, &s->ictx, s->target,
                                  &h_ntlm_oid, GSS_C_INTEG_FLAG |
                                  GSS_C_CONF_FLAG, 0,
                                  GSS_C_NO_CHANNEL_BINDINGS, &in, NULL,
                                  &s->auth, NULL, NULL);
    return s->maj;
}

void
h_server_cleanup(struct h_server *s)
{
    OM_uint32 min;

    gss_delete_sec_context(&min, &s->ictx, GSS_C_NO_BUFFER);
    gss_release_cred(&min, &s->icred);
    gss_release_name(&min, &s->target);
    gss_release_buffer(&min, &s->auth);
    free(s->nego);
    memset(s, 0, sizeof(*s));
}
