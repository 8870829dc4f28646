/*
 * gen_seeds.c - writes structure-aware seed corpora for fuzz_gss.c into
 * <dir>/<target>/: valid AUTHENTICATE templates (fix-up and raw), valid
 * CHALLENGEs, wrap/MIC/IOV tokens with valid signatures for the UNWRAP
 * target's fixed-key context, exported contexts, credentials and names,
 * user files and configurations.  `make gen_seeds && ./gen_seeds
 * $(srcdir)/corpus` regenerates them (they are committed).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hostile.h"

extern const uint8_t fuzz_fixed_key[16];
const uint8_t fuzz_fixed_key[16] = {
    0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
    0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA
};

static const char *outdir;

static void
put(const char *target, const char *name, const void *p1, size_t n1,
    const void *p2, size_t n2)
{
    char path[1024];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", outdir, target);
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        abort();
    snprintf(path, sizeof(path), "%s/%s/%s", outdir, target, name);
    f = fopen(path, "wb");
    if (f == NULL)
        abort();
    if (n1 > 0)
        fwrite(p1, 1, n1, f);
    if (n2 > 0)
        fwrite(p2, 1, n2, f);
    fclose(f);
}

static void
s_none(struct h_spec *s) { (void)s; }
static void
s_nomic(struct h_spec *s) { s->mic_flag = s->mic_field = false; }
static void
s_spn(struct h_spec *s) { s->spn = "HTTP/testsrv.example.test"; }
static void
s_cb(struct h_spec *s)
{
    s->cb_hash_raw = (const uint8_t *)"0123456789abcdef";
}
static void
s_anon(struct h_spec *s)
{
    s->mode = H_ANON;
    s->mic_flag = s->mic_field = false;
}
static void
s_v1(struct h_spec *s)
{
    s->mode = H_V1;
    s->mic_field = false;
    s->flags &= ~NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY;
}
static void
s_nokx(struct h_spec *s) { s->flags &= ~NTLMSSP_NEGOTIATE_KEY_EXCH; }
static void
s_hash(struct h_spec *s)
{
    s->user = "hashuser";
    s->password = "Password";
}

static void
gen_accept(void)
{
    static void (*const specs[])(struct h_spec *) = {
        s_none, s_nomic, s_spn, s_cb, s_anon, s_v1, s_nokx, s_hash
    };
    struct h_client c;
    struct h_spec s;
    uint8_t *msg = NULL;
    size_t len = 0, i;
    char name[64];

    for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
        memset(&c, 0, sizeof(c));
        if (h_client_start(&c, 0) != GSS_S_CONTINUE_NEEDED)
            abort();
        h_spec_default(&s);
        specs[i](&s);
        if (h_client_build(&c, &s, &msg, &len) != 0)
            abort();
        snprintf(name, sizeof(name), "fixup-%zu", i);
        put("accept", name, "\x01", 1, msg, len);
        snprintf(name, sizeof(name), "raw-%zu", i);
        put("accept", name, "\x00", 1, msg, len);
        free(msg);
        h_client_cleanup(&c);
    }
}

static void
gen_init(void)
{
    struct h_server s;
    uint8_t *msg = NULL, ti[64];
    size_t len = 0;

    if (h_server_start(&s, 0) != 0)
        abort();
    if (h_server_challenge(&s, 0, NULL, 0, &msg, &len) != 0)
        abort();
    put("init", "default", msg, len, NULL, 0);
    free(msg);
    if (h_server_challenge(&s, 0, (const uint8_t *)"", 0, &msg, &len) != 0)
        abort();
    put("init", "no-target-info", msg, len, NULL, 0);
    free(msg);
    /* flags, timestamp, channel bindings, EOL */
    memcpy(ti, "\x06\x00\x04\x00\x02\x00\x00\x00"
           "\x07\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x01"
           "\x0a\x00\x10\x00" "0123456789abcdef" "\x00\x00\x00\x00", 40);
    if (h_server_challenge(&s, 0, ti, 40, &msg, &len) != 0)
        abort();
    put("init", "client-fields", msg, len, NULL, 0);
    free(msg);
    h_server_cleanup(&s);
}

static void
gen_unwrap(void)
{
    struct h_client c;
    struct h_spec sp;
    struct ntlm_session sess;
    uint8_t *msg = NULL, tok[64], mic[16];
    size_t len = 0;
    struct ncrypto_part part;
    char body[] = "fuzz seed message";
    size_t n = strlen(body);
    int i;

    for (i = 0; i < 5; i++) {
        memset(&c, 0, sizeof(c));
        h_spec_default(&sp);
        sp.fixed_key = fuzz_fixed_key;
        if (h_client_start(&c, 0) != GSS_S_CONTINUE_NEEDED ||
            h_client_build(&c, &sp, &msg, &len) != 0)
            abort();
        free(msg);
        if (ntlm_session_init(&sess, c.neg_flags & c.cm.flags, true,
                              fuzz_fixed_key) != 0)
            abort();
        memcpy(tok + 16, body, n);
        switch (i) {
        case 0:     /* gss_unwrap, sealed */
        case 2:     /* unwrap_iov stream */
            if (ntlm_seal(&sess, tok + 16, n, NULL, 0, tok) != 0)
                abort();
            put("unwrap", i == 0 ? "unwrap-sealed" : "iov-stream",
                i == 0 ? "\x00" : "\x02", 1, tok, 16 + n);
            break;
        case 1:     /* verify_mic: byte 1 = message length */
            part.ptr = body;
            part.len = n;
            if (ntlm_sign(&sess, &part, 1, mic) != 0)
                abort();
            {
                uint8_t hdr[2] = { 1, (uint8_t)n };

                memcpy(tok, body, n);
                memcpy(tok + n, mic, 16);
                put("unwrap", "verify-mic", hdr, 2, tok, n + 16);
            }
            break;
        case 3:     /* gss_unwrap, sign only */
            part.ptr = body;
            part.len = n;
            if (ntlm_sign(&sess, &part, 1, tok) != 0)
                abort();
            put("unwrap", "unwrap-signed", "\x00", 1, tok, 16 + n);
            break;
        default: {  /* header + sign-only + data, as the target splits */
            struct ncrypto_part sps[2];
            size_t so = n / 3;

            sps[0].ptr = body;
            sps[0].len = so;
            sps[1].ptr = body + so;
            sps[1].len = n - so;
            if (ntlm_seal(&sess, tok + 16 + so, n - so, sps, 2, tok) != 0)
                abort();
        }
            put("unwrap", "iov-header", "\x03", 1, tok, 16 + n);
            break;
        }
        ntlm_session_cleanup(&sess);
        h_client_cleanup(&c);
    }
}

static void
gen_exports(void)
{
    gss_ctx_id_t ictx, actx;
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER;
    gss_cred_id_t cred;
    gss_name_t n, mn;
    OM_uint32 min;

    if (h_pair(&ictx, &actx) != 0)
        abort();
    if (gss_export_sec_context(&min, &ictx, &tok) != GSS_S_COMPLETE)
        abort();
    put("import_ctx", "initiator", (uint8_t *)tok.value + 14,
        tok.length - 14, NULL, 0);
    gss_release_buffer(&min, &tok);
    if (gss_export_sec_context(&min, &actx, &tok) != GSS_S_COMPLETE)
        abort();
    put("import_ctx", "acceptor", (uint8_t *)tok.value + 14,
        tok.length - 14, NULL, 0);
    gss_release_buffer(&min, &tok);

    cred = h_init_cred(H_DOMAIN "\\" H_USER, H_PASSWORD);
    if (gss_export_cred(&min, cred, &tok) != GSS_S_COMPLETE)
        abort();
    put("import_cred", "password", (uint8_t *)tok.value + 18,
        tok.length - 18, NULL, 0);
    gss_release_buffer(&min, &tok);
    gss_release_cred(&min, &cred);
    cred = h_acc_cred();
    if (gss_export_cred(&min, cred, &tok) != GSS_S_COMPLETE)
        abort();
    put("import_cred", "acceptor", (uint8_t *)tok.value + 18,
        tok.length - 18, NULL, 0);
    gss_release_buffer(&min, &tok);
    gss_release_cred(&min, &cred);

    put("import_name", "user", "\x00", 1, "TESTDOM\\testuser", 16);
    put("import_name", "upn", "\x00", 1, "testuser@example.test", 21);
    put("import_name", "service", "\x01", 1, "HTTP@testsrv.example.test",
        25);
    put("import_name", "uid", "\x02", 1, "0", 1);
    put("import_name", "anon", "\x04", 1, "", 0);
    n = h_import("TESTDOM\\testuser", GSS_C_NT_USER_NAME);
    if (gss_canonicalize_name(&min, n, &h_ntlm_oid, &mn) != GSS_S_COMPLETE ||
        gss_export_name(&min, mn, &tok) != GSS_S_COMPLETE)
        abort();
    /* 04 01, length, 06 0a OID, 4-byte length: 20 bytes of framing */
    put("import_name", "export", "\x05", 1, (uint8_t *)tok.value + 20,
        tok.length - 20);
    gss_release_buffer(&min, &tok);
    gss_release_name(&min, &n);
    gss_release_name(&min, &mn);
}

static void
gen_text(void)
{
    static const char users[] =
        "# comment\n"
        "TESTDOM:testuser:testpass\n"
        "TESTDOM:hashuser:{NT}a4f49c406510bdcab6824ee7c30fd852\n"
        ":anyuser:pass:with:colons\r\n"
        "smbuser:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:"
        "A4F49C406510BDCAB6824EE7C30FD852:[U          ]:LCT-00000000:\n"
        "DOM\\smb2:0:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:"
        "a4f49c406510bdcab6824ee7c30fd852:[DU         ]:LCT-1:\n"
        "badline\n";
    static const char conf[] =
        "# ntlmgss\n"
        "compat_level = 2\n"
        "netbios_computer = HOST\n"
        "netbios_domain = DOM\n"
        "dns_computer = host.example.test\n"
        "dns_domain = example.test\n"
        "user_file = /etc/ntlm_users\n"
        "default_user = DOM\\user\n"
        "mic_policy = require\n"
        "cb_policy = if_present\n"
        "target_policy = ignore\n"
        "send_mic = yes\n"
        "clock_skew = 300\n"
        "allow_anonymous = no\n"
        "allow_foreign_localname = no\n"
        "trace = /tmp/trace\n";

    put("userdb", "sample", users, sizeof(users) - 1, NULL, 0);
    put("userdb", "one", "D:u:p", 5, NULL, 0);
    put("config", "sample", conf, sizeof(conf) - 1, NULL, 0);
    put("config", "one", "compat_level=5\n", 15, NULL, 0);
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_seeds <corpus dir>\n");
        return 2;
    }
    outdir = argv[1];
    if (mkdir(outdir, 0755) != 0 && errno != EEXIST)
        return 1;
    if (h_env_init() != 0)
        return 1;
    gen_accept();
    gen_init();
    gen_unwrap();
    gen_exports();
    gen_text();
    h_env_cleanup();
    return 0;
}
