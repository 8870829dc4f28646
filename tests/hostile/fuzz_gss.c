/*
 * fuzz_gss.c - libFuzzer targets through the GSS entry points (and the
 * mechanism's two text parsers).  One source, one target per build:
 * -DFUZZ_TARGET_<NAME>.
 *
 *   ACCEPT    arbitrary AUTHENTICATE after a real NEGOTIATE/CHALLENGE.
 *             Input byte 0 bit 0 set: "fix-up" mode, the rest is taken as
 *             an AUTHENTICATE template whose NTProofStr (for the user it
 *             names, password known), and MIC are recomputed for the
 *             actual server challenge, so fuzzing gets past the proof to
 *             the AV list, MIC, bindings, target, clock and key checks.
 *   INIT      arbitrary CHALLENGE after the initiator's NEGOTIATE.
 *   UNWRAP    an established acceptor context (fixed session key, so
 *             seeds carry valid signatures) imported afresh per input;
 *             byte 0 picks gss_unwrap, gss_verify_mic (byte 1 splits
 *             message and token) or gss_unwrap_iov (stream or header +
 *             data + padding).
 *   IMPORT_CTX, IMPORT_CRED   the mechanism's part of the token (the
 *             mechglue framing is added here).
 *   IMPORT_NAME  byte 0 picks the name type; the name is then displayed,
 *             canonicalised, exported and mapped to a local name.
 *   USERDB, CONFIG   ntlmgss_userdb_parse_check, ntlmgss_config_parse.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hostile.h"
#include "nconfig.h"
#include "userdb.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if !defined(FUZZ_TARGET_USERDB) && !defined(FUZZ_TARGET_CONFIG)
static int ready;

static void
env_once(void)
{
    if (ready)
        return;
    ready = 1;
    if (h_env_init() != 0)
        abort();
    atexit(h_env_cleanup);
}
#endif

/* The fixed exported session key of the UNWRAP target's context. */
const uint8_t fuzz_fixed_key[16] = {
    0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
    0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA
};

#if defined(FUZZ_TARGET_ACCEPT)

static const char *
password_for(const char *user)
{
    if (strcasecmp(user, "anyuser") == 0)
        return "anypass";
    if (strcasecmp(user, "hashuser") == 0)
        return "Password";
    return H_PASSWORD;
}

/* Recompute NTProofStr and MIC of an AUTHENTICATE template in place. */
static void
fixup(struct h_client *c, uint8_t *msg, size_t len)
{
    struct ntlm_authenticate am;
    struct ncrypto_part parts[2];
    char *user = NULL, *dom = NULL;
    uint8_t nt_hash[16], ntowfv2[16], proof[16], sbk[16], exported[16];
    uint8_t *nt;
    size_t n;
    const char *pw;

    if (ntlm_decode_authenticate(msg, len, &am) != 0 ||
        am.nt_response.len < 44 ||
        ntlm_utf16le_to_utf8(am.user.ptr, am.user.len, &user, &n) != 0 ||
        ntlm_utf16le_to_utf8(am.domain.ptr, am.domain.len, &dom, &n) != 0)
        goto done;
    pw = password_for(user);
    if (ntlm_ntowfv1(pw, strlen(pw), nt_hash) != 0 ||
        ntlm_ntowfv2(nt_hash, user, strlen(user), dom, strlen(dom),
                     ntowfv2) != 0)
        goto done;
    nt = (uint8_t *)am.nt_response.ptr;
    parts[0].ptr = c->cm.server_challenge;
    parts[0].len = 8;
    parts[1].ptr = nt + 16;
    parts[1].len = am.nt_response.len - 16;
    if (ncrypto_hmac_md5(ntowfv2, 16, parts, 2, proof) != 0)
        goto done;
    memcpy(nt, proof, 16);
    parts[0].ptr = proof;
    parts[0].len = 16;
    if (ncrypto_hmac_md5(ntowfv2, 16, parts, 1, sbk) != 0)
        goto done;
    if ((am.flags & NTLMSSP_NEGOTIATE_KEY_EXCH) &&
        am.encrypted_session_key.len == 16) {
        if (ncrypto_rc4_oneshot(sbk, 16, am.encrypted_session_key.ptr,
                                exported, 16) != 0)
            goto done;
    } else {
        memcpy(exported, sbk, 16);
    }
    if (am.has_mic) {
        memcpy(c->exported, exported, 16);
        (void)h_client_remic(c, msg, len);
    }
done:
    free(user);
    free(dom);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct h_client c;
    uint8_t *msg;

    env_once();
    if (size < 1)
        return 0;
    memset(&c, 0, sizeof(c));
    if (h_client_start(&c, 0) != GSS_S_CONTINUE_NEEDED)
        abort();
    msg = malloc(size);
    if (msg == NULL)
        abort();
    memcpy(msg, data + 1, size - 1);
    if (data[0] & 1)
        fixup(&c, msg, size - 1);
    (void)h_client_finish(&c, msg, size - 1, GSS_C_NO_CHANNEL_BINDINGS);
    if (getenv("FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "accept: %x/%x\n", c.maj, c.min);
    if (c.maj == GSS_S_COMPLETE) {
        gss_buffer_desc m = { 3, (void *)"abc" }, o = GSS_C_EMPTY_BUFFER;
        OM_uint32 min;

        (void)gss_wrap(&min, c.actx, 1, 0, &m, NULL, &o);
        gss_release_buffer(&min, &o);
    }
    free(msg);
    h_client_cleanup(&c);
    return 0;
}

#elif defined(FUZZ_TARGET_INIT)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct h_server s;

    env_once();
    if (h_server_start(&s, 0) != 0)
        abort();
    (void)h_server_feed(&s, data, size);
    h_server_cleanup(&s);
    return 0;
}

#elif defined(FUZZ_TARGET_UNWRAP)

static gss_buffer_desc exported_ctx;

static void
make_context(void)
{
    struct h_client c;
    struct h_spec s;
    uint8_t *msg = NULL;
    size_t len = 0;
    OM_uint32 min;

    memset(&c, 0, sizeof(c));
    h_spec_default(&s);
    s.fixed_key = fuzz_fixed_key;
    if (h_client_start(&c, 0) != GSS_S_CONTINUE_NEEDED ||
        h_client_build(&c, &s, &msg, &len) != 0 ||
        h_client_finish(&c, msg, len, NULL) != GSS_S_COMPLETE ||
        gss_export_sec_context(&min, &c.actx, &exported_ctx) !=
        GSS_S_COMPLETE)
        abort();
    free(msg);
    h_client_cleanup(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
    gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER, msg;
    gss_iov_buffer_desc iov[4];
    OM_uint32 maj, min;
    int conf = 0;
    size_t split;

    env_once();
    if (exported_ctx.length == 0)
        make_context();
    if (size < 2)
        return 0;
    in.length = exported_ctx.length;
    in.value = exported_ctx.value;
    maj = gss_import_sec_context(&min, &in, &ctx);
    if (maj != GSS_S_COMPLETE)
        abort();
    switch (data[0] % 4) {
    case 0:
        in.value = (void *)(data + 1);
        in.length = size - 1;
        maj = gss_unwrap(&min, ctx, &in, &out, &conf, NULL);
        gss_release_buffer(&min, &out);
        break;
    case 1:
        split = data[1] < size - 2 ? data[1] : size - 2;
        msg.value = (void *)(data + 2);
        msg.length = split;
        in.value = (void *)(data + 2 + split);
        in.length = size - 2 - split;
        maj = gss_verify_mic(&min, ctx, &msg, &in, NULL);
        break;
    case 2: {
        uint8_t *copy = malloc(size);

        if (copy == NULL)
            abort();
        memcpy(copy, data + 1, size - 1);
        iov[0].type = GSS_IOV_BUFFER_TYPE_STREAM;
        iov[0].buffer.value = copy;
        iov[0].buffer.length = size - 1;
        iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
        iov[1].buffer.value = NULL;
        iov[1].buffer.length = 0;
        maj = gss_unwrap_iov(&min, ctx, &conf, NULL, iov, 2);
        free(copy);
        break;
    }
    default: {
        uint8_t *copy = malloc(size);
        size_t hl = size - 1 < 16 ? size - 1 : 16;

        if (copy == NULL)
            abort();
        memcpy(copy, data + 1, size - 1);
        iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
        iov[0].buffer.value = copy;
        iov[0].buffer.length = hl;
        iov[1].type = GSS_IOV_BUFFER_TYPE_SIGN_ONLY;
        iov[1].buffer.value = copy + hl;
        iov[1].buffer.length = (size - 1 - hl) / 3;
        iov[2].type = GSS_IOV_BUFFER_TYPE_DATA;
        iov[2].buffer.value = copy + hl + iov[1].buffer.length;
        iov[2].buffer.length = size - 1 - hl - iov[1].buffer.length;
        iov[3].type = GSS_IOV_BUFFER_TYPE_PADDING;
        iov[3].buffer.value = NULL;
        iov[3].buffer.length = 0;
        maj = gss_unwrap_iov(&min, ctx, &conf, NULL, iov, 4);
        free(copy);
        break;
    }
    }
    if (getenv("FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "unwrap mode %d: %x/%x\n", data[0] % 4, maj, min);
    gss_delete_sec_context(&min, &ctx, GSS_C_NO_BUFFER);
    return 0;
}

#elif defined(FUZZ_TARGET_IMPORT_CTX) || defined(FUZZ_TARGET_IMPORT_CRED)

static void
put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gss_buffer_desc in;
    uint8_t *tok;
    size_t n = 0;
    OM_uint32 min;

    env_once();
    tok = malloc(size + 32);
    if (tok == NULL)
        abort();
    /* mechglue framing: OID length, OID, (cred: token length), token */
    put_be32(tok, NTLMGSS_MECH_OID_LENGTH);
    memcpy(tok + 4, NTLMGSS_MECH_OID_BYTES, NTLMGSS_MECH_OID_LENGTH);
    n = 4 + NTLMGSS_MECH_OID_LENGTH;
#if defined(FUZZ_TARGET_IMPORT_CRED)
    put_be32(tok + n, (uint32_t)size);
    n += 4;
#endif
    if (size > 0)
        memcpy(tok + n, data, size);
    in.value = tok;
    in.length = n + size;
#if defined(FUZZ_TARGET_IMPORT_CTX)
    {
        gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;

        if (gss_import_sec_context(&min, &in, &ctx) == GSS_S_COMPLETE) {
            gss_buffer_desc m = { 3, (void *)"abc" }, o = GSS_C_EMPTY_BUFFER;

            (void)gss_wrap(&min, ctx, 1, 0, &m, NULL, &o);
            gss_release_buffer(&min, &o);
            (void)gss_inquire_context(&min, ctx, NULL, NULL, NULL, NULL,
                                      NULL, NULL, NULL);
        }
        gss_delete_sec_context(&min, &ctx, GSS_C_NO_BUFFER);
    }
#else
    {
        gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
        gss_name_t name = GSS_C_NO_NAME;

        if (gss_import_cred(&min, &in, &cred) == GSS_S_COMPLETE) {
            (void)gss_inquire_cred(&min, cred, &name, NULL, NULL, NULL);
            gss_release_name(&min, &name);
        }
        gss_release_cred(&min, &cred);
    }
#endif
    free(tok);
    return 0;
}

#elif defined(FUZZ_TARGET_IMPORT_NAME)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const gss_OID *types[] = {
        &GSS_C_NT_USER_NAME, &GSS_C_NT_HOSTBASED_SERVICE,
        &GSS_C_NT_STRING_UID_NAME, &GSS_C_NT_MACHINE_UID_NAME,
        &GSS_C_NT_ANONYMOUS, &GSS_C_NT_EXPORT_NAME
    };
    gss_name_t name = GSS_C_NO_NAME, mn = GSS_C_NO_NAME;
    gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER;
    gss_OID type;
    uint8_t *tok;
    size_t n = 0;
    OM_uint32 maj, min;

    env_once();
    if (size < 1)
        return 0;
    type = *types[data[0] % 6];
    tok = malloc(size + 32);
    if (tok == NULL)
        abort();
    if (type == GSS_C_NT_EXPORT_NAME) {
        /* RFC 2743 3.2 framing around the mechanism's part */
        tok[0] = 0x04;
        tok[1] = 0x01;
        tok[2] = 0;
        tok[3] = NTLMGSS_MECH_OID_LENGTH + 2;
        tok[4] = 0x06;
        tok[5] = NTLMGSS_MECH_OID_LENGTH;
        memcpy(tok + 6, NTLMGSS_MECH_OID_BYTES, NTLMGSS_MECH_OID_LENGTH);
        n = 6 + NTLMGSS_MECH_OID_LENGTH;
        tok[n++] = (uint8_t)((size - 1) >> 24);
        tok[n++] = (uint8_t)((size - 1) >> 16);
        tok[n++] = (uint8_t)((size - 1) >> 8);
        tok[n++] = (uint8_t)(size - 1);
    }
    memcpy(tok + n, data + 1, size - 1);
    in.value = tok;
    in.length = n + size - 1;
    maj = gss_import_name(&min, &in, type, &name);
    if (maj == GSS_S_COMPLETE) {
        (void)gss_display_name(&min, name, &out, NULL);
        /* MIT's gss_release_buffer leaves the malloc(1) of an empty
         * display name (anonymous) behind: not ours, freed here */
        if (out.length == 0)
            free(out.value);
        else
            gss_release_buffer(&min, &out);
        if (gss_canonicalize_name(&min, name, &h_ntlm_oid, &mn) ==
            GSS_S_COMPLETE) {
            (void)gss_export_name(&min, mn, &out);
            gss_release_buffer(&min, &out);
            (void)gss_localname(&min, mn, &h_ntlm_oid, &out);
            gss_release_buffer(&min, &out);
            gss_release_name(&min, &mn);
        }
        gss_release_name(&min, &name);
    }
    free(tok);
    return 0;
}

#elif defined(FUZZ_TARGET_USERDB)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;

    (void)ntlmgss_userdb_parse_check((const char *)data, size, &n);
    return 0;
}

#elif defined(FUZZ_TARGET_CONFIG)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ntlmgss_config *cfg = NULL;

    if (ntlmgss_config_parse((const char *)data, size, &cfg) == 0)
        ntlmgss_config_release(cfg);
    return 0;
}

#else
#error "define FUZZ_TARGET_<NAME>"
#endif

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
