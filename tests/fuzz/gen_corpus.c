/*
 * gen_corpus.c - writes the seed corpora under DIR/<target>/ (the files
 * committed in tests/fuzz/corpus/).  Build with `make gen_corpus` in the
 * build tree and run `./gen_corpus $(srcdir)/corpus`.  Seeds: the MS-NLMP
 * 4.2 example messages, edge cases (VERSION flag without the field,
 * reordered payload, shared payload, MIC, anonymous) and AV lists with
 * every id.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ntlm/ntlm.h"
#include "msg_testdata.h"

static const char *outdir;

static void
put(const char *target, const char *name, const void *p, size_t len)
{
    char path[1024];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", outdir, target);
    (void)mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/%s/%s", outdir, target, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(p, 1, len, f) != len) {
        perror(path);
        exit(1);
    }
    fclose(f);
}

static void
put_hex(const char *target, const char *name, const char *hex)
{
    uint8_t buf[1024];

    put(target, name, buf, test_hex(hex, buf, sizeof(buf)));
}

static void
put_owned(const char *target, const char *name, uint8_t *p, size_t len,
          int ret)
{
    if (ret != 0) {
        fprintf(stderr, "gen_corpus: %s/%s: error %x\n", target, name,
                (unsigned)ret);
        exit(1);
    }
    put(target, name, p, len);
    free(p);
}

static void
all_av_ids(uint8_t **out, size_t *out_len)
{
    struct ntlm_av_builder b;
    uint8_t sh[48] = { 48 }, cb[16] = { 0xcb };

    ntlm_av_builder_init(&b);
    (void)ntlm_av_add(&b, MsvAvNbComputerName, "S\0R\0V\0", 6);
    (void)ntlm_av_add(&b, MsvAvNbDomainName, "D\0O\0M\0", 6);
    (void)ntlm_av_add(&b, MsvAvDnsComputerName, "s\0.\0d\0", 6);
    (void)ntlm_av_add(&b, MsvAvDnsDomainName, "d\0", 2);
    (void)ntlm_av_add(&b, MsvAvDnsTreeName, "t\0", 2);
    (void)ntlm_av_add_u32(&b, MsvAvFlags, MSV_AV_FLAG_MIC_PRESENT);
    (void)ntlm_av_add_u64(&b, MsvAvTimestamp, 0x01cdde0bc33fe77bULL);
    (void)ntlm_av_add(&b, MsvAvSingleHost, sh, sizeof(sh));
    (void)ntlm_av_add(&b, MsvAvTargetName, "H\0/\0s\0", 6);
    (void)ntlm_av_add(&b, MsvAvChannelBindings, cb, sizeof(cb));
    (void)ntlm_av_add(&b, 0x4242, "?", 1);
    if (ntlm_av_finish(&b, out, out_len) != 0)
        exit(1);
}

/* Encode with call (which sets p and len), then write and free. */
#define ENC(target, name, call)                                           \
    do {                                                                  \
        int r_ = (call);                                                  \
        put_owned(target, name, p, len, r_);                              \
        p = NULL;                                                         \
    } while (0)

int
main(int argc, char **argv)
{
    struct ntlm_negotiate n;
    struct ntlm_challenge c;
    struct ntlm_authenticate a;
    uint8_t *p = NULL, *av = NULL, nt[64];
    size_t len = 0, av_len = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: gen_corpus CORPUS_DIR\n");
        return 2;
    }
    outdir = argv[1];
    (void)mkdir(outdir, 0755);
    all_av_ids(&av, &av_len);

    /* NEGOTIATE */
    put_hex("negotiate", "curl_32_version_flag", MSG_NEG_32_VERSION_FLAG);
    put_hex("negotiate", "payload_at_32", MSG_NEG_PAYLOAD_AT_32);
    put_hex("negotiate", "bogus_unsupplied", MSG_NEG_BOGUS_UNSUPPLIED);
    put_hex("negotiate", "full_version", MSG_NEG_FULL);
    memset(&n, 0, sizeof(n));
    n.flags = 0xe2088297;
    put("negotiate", "empty", "", 0);
    ENC("negotiate", "no_version", ntlm_encode_negotiate(&n, &p, &len));

    /* CHALLENGE */
    put_hex("challenge", "msnlmp_4223_v1", MSG_V1_CHALLENGE);
    put_hex("challenge", "msnlmp_4243_v2", MSG_V2_CHALLENGE);
    put_hex("challenge", "reordered", MSG_CHAL_REORDERED);
    memset(&c, 0, sizeof(c));
    c.flags = 0xe28a8235;
    c.target_name = wire_slice_make("D\0O\0M\0", 6);
    memcpy(c.server_challenge, "\xa2\xc5\xe8\xca\x30\x84\xaa\x72", 8);
    c.target_info = wire_slice_make(av, av_len);
    c.has_version = true;
    c.version.major = 6;
    c.version.minor = 1;
    c.version.build = 7601;
    c.version.revision = 15;
    ENC("challenge", "all_av_ids", ntlm_encode_challenge(&c, &p, &len));
    c.flags = NTLM_NEGOTIATE_OEM;
    c.target_name = wire_slice_make("OEMNAME", 7);
    c.target_info = WIRE_SLICE_EMPTY;
    c.has_version = false;
    ENC("challenge", "oem_no_version",
        ntlm_encode_challenge(&c, &p, &len));

    /* AUTHENTICATE */
    put_hex("authenticate", "msnlmp_4223_v1", MSG_V1_AUTHENTICATE);
    put_hex("authenticate", "msnlmp_4243_v2", MSG_V2_AUTHENTICATE);
    put_hex("authenticate", "shared_payload", MSG_AUTH_SHARED_PAYLOAD);
    memset(&a, 0, sizeof(a));
    memset(nt, 0x11, sizeof(nt));
    a.flags = 0xe2888235;
    a.lm_response = wire_slice_make(nt, 24);
    a.nt_response = wire_slice_make(nt, sizeof(nt));
    a.domain = wire_slice_make("D\0", 2);
    a.user = wire_slice_make("\xe9\0", 2);
    a.workstation = wire_slice_make("W\0", 2);
    a.encrypted_session_key = wire_slice_make(nt, 16);
    a.has_version = true;
    a.has_mic = true;
    memset(a.mic, 0x4d, sizeof(a.mic));
    ENC("authenticate", "with_mic",
        ntlm_encode_authenticate(&a, &p, &len));
    a.has_version = false;
    a.has_mic = false;
    ENC("authenticate", "version_flag_no_field",
        ntlm_encode_authenticate(&a, &p, &len));
    memset(&a, 0, sizeof(a));
    a.flags = NTLMSSP_ANONYMOUS | NTLMSSP_NEGOTIATE_UNICODE;
    a.lm_response = wire_slice_make("", 1);
    ENC("authenticate", "anonymous",
        ntlm_encode_authenticate(&a, &p, &len));

    /* AV pairs */
    put_hex("av_pairs", "msnlmp_424_target_info", MSG_V2_TARGET_INFO);
    put("av_pairs", "all_ids", av, av_len);
    put_hex("av_pairs", "eol_only", "00000000");
    put_hex("av_pairs", "missing_eol", "02000200 4100");
    put_hex("av_pairs", "duplicate", "06000400 00000000 06000400 00000000"
            "00000000");

    /* UTF-16 / UTF-8 */
    put("utf16", "ascii_utf16", "U\0s\0e\0r\0", 8);
    put("utf16", "surrogate_pair_utf16", "P\0\x34\xd8\x1e\xdd", 6);
    put("utf16", "lone_surrogate_utf16", "\x00\xd8" "a\0", 4);
    put("utf16", "greek_cyrillic_utf8",
        "\xce\xb1\xce\xb2\xcf\x82\xd0\xbf\xd1\x80", 10);
    put("utf16", "supplementary_utf8", "\xf0\x9d\x84\x9e", 4);
    put("utf16", "overlong_utf8", "\xc0\xaf\xe0\x80\xaf", 5);
    put("utf16", "latin1_utf8", "\xc3\xa9t\xc3\xa9\xc3\xbf\xc3\x9f", 9);
    free(av);
    return 0;
}
