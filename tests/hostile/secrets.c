/*
 * secrets.c - passwords, hashes and keys do not outlive their use.
 *
 * The malloc family is interposed (interpose.c); every heap block is
 * scanned just before it is freed for the known secrets of the run: the
 * password (UTF-8 and UTF-16LE), its NT hash, the NTOWFv2 of the account,
 * and - through a hostile client that picks the exported session key
 * itself - the exported session key and the four signing/sealing keys
 * derived from it.  Any hit names the function that freed the block.
 * The run covers: password credential, user-file acceptor, handshake,
 * wrap/unwrap both ways, MIC, context and credential release.  Then the
 * NTLMGSS_TRACE output of the whole run is searched for the same secrets
 * (raw and as hex).
 *
 * Freed-block scanning is the whole claim: memory still held by a live
 * object, and stack copies, are not covered here.
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"
#include "interpose.h"

struct secret {
    const char *name;
    uint8_t v[32];
    size_t len;
};

static struct secret secrets[16];
static size_t num_secrets;
static int scanning;
static int hits;
#ifdef IP_ENABLED
static long frees, module_frees;
#endif

static void
add_secret(const char *name, const void *v, size_t len)
{
    struct secret *s = &secrets[num_secrets++];

    s->name = name;
    memcpy(s->v, v, len);
    s->len = len;
}

#ifdef IP_ENABLED
static void
free_hook(const void *p, size_t n, const void *caller)
{
    Dl_info info;
    size_t i;

    if (!scanning)
        return;
    frees++;
    if (dladdr(caller, &info) != 0 && info.dli_fname != NULL &&
        strstr(info.dli_fname, "ntlmgss.so") != NULL)
        module_frees++;
    for (i = 0; i < num_secrets; i++) {
        if (n < secrets[i].len ||
            memmem(p, n, secrets[i].v, secrets[i].len) == NULL)
            continue;
        hits++;
        memset(&info, 0, sizeof(info));
        (void)dladdr(caller, &info);
        fprintf(stderr, "secrets: %s in a freed block of %zu bytes, freed "
                "by %s (%s)\n", secrets[i].name, n,
                info.dli_sname != NULL ? info.dli_sname : "?",
                info.dli_fname != NULL ? info.dli_fname : "?");
    }
}
#endif

static const uint8_t fixed_key[16] = {
    0x3c, 0x91, 0x5e, 0x07, 0xd2, 0x48, 0xaf, 0x66,
    0x19, 0xe4, 0x7b, 0x30, 0xc5, 0x8a, 0x52, 0xfd
};

/* Hostile client with a known exported key; messages both ways. */
static int
run_keyed(void)
{
    struct h_client c;
    struct h_spec s;
    struct ntlm_session sess;
    uint8_t *msg = NULL, tok[64];
    size_t len = 0;
    gss_buffer_desc in, out = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc pt = { 5, (void *)"hello" };
    OM_uint32 maj, min;
    int ret = -1;

    memset(&c, 0, sizeof(c));
    h_spec_default(&s);
    s.fixed_key = fixed_key;
    if (h_client_start(&c, 0) != GSS_S_CONTINUE_NEEDED ||
        h_client_build(&c, &s, &msg, &len) != 0 ||
        h_client_finish(&c, msg, len, NULL) != GSS_S_COMPLETE)
        goto done;
    if (ntlm_session_init(&sess, c.neg_flags & c.cm.flags, true,
                          fixed_key) != 0)
        goto done;
    memcpy(tok + 16, "hello", 5);
    if (ntlm_seal(&sess, tok + 16, 5, NULL, 0, tok) != 0) {
        ntlm_session_cleanup(&sess);
        goto done;
    }
    ntlm_session_cleanup(&sess);
    in.value = tok;
    in.length = 21;
    maj = gss_unwrap(&min, c.actx, &in, &out, NULL, NULL);
    gss_release_buffer(&min, &out);
    if (maj != GSS_S_COMPLETE)
        goto done;
    maj = gss_wrap(&min, c.actx, 1, 0, &pt, NULL, &out);
    gss_release_buffer(&min, &out);
    if (maj != GSS_S_COMPLETE)
        goto done;
    ret = 0;
done:
    free(msg);
    h_client_cleanup(&c);
    return ret;
}

static int
scan_trace(const char *path)
{
    FILE *f = fopen(path, "r");
    char *text = NULL, hex[80];
    size_t n = 0, i, k;
    long sz;
    int found = 0;

    if (f == NULL)
        return 0;
    fseek(f, 0, SEEK_END);
    sz = ftell(f);
    rewind(f);
    if (sz > 0) {
        text = malloc((size_t)sz + 1);
        if (text != NULL)
            n = fread(text, 1, (size_t)sz, f);
    }
    fclose(f);
    if (text == NULL)
        return 0;
    text[n] = '\0';
    for (i = 0; i < num_secrets; i++) {
        if (memmem(text, n, secrets[i].v, secrets[i].len) != NULL) {
            fprintf(stderr, "secrets: %s in the trace\n", secrets[i].name);
            found++;
        }
        for (k = 0; k < secrets[i].len && k < 32; k++)
            sprintf(hex + 2 * k, "%02x", secrets[i].v[k]);
        if (strcasestr(text, hex) != NULL) {
            fprintf(stderr, "secrets: %s (hex) in the trace\n",
                    secrets[i].name);
            found++;
        }
    }
    printf("secrets: trace of %zu bytes searched\n", n);
    free(text);
    return found;
}

int
main(void)
{
    uint8_t nt[16], v2[16], k[16], *u16 = NULL;
    size_t u16_len = 0, kl;
    char trace[600];
    gss_ctx_id_t ictx, actx;
    OM_uint32 min;
    int ret = 0, i;

    if (h_env_init() != 0)
        return 2;
    snprintf(trace, sizeof(trace), "%s/trace", h_dir);
    setenv("NTLMGSS_TRACE", trace, 1);
    add_secret("password", H_PASSWORD, strlen(H_PASSWORD));
    if (ntlm_utf8_to_utf16le(H_PASSWORD, strlen(H_PASSWORD), &u16,
                             &u16_len) != 0)
        return 2;
    add_secret("UTF-16 password", u16, u16_len);
    free(u16);
    if (ntlm_ntowfv1(H_PASSWORD, strlen(H_PASSWORD), nt) != 0 ||
        ntlm_ntowfv2(nt, H_USER, strlen(H_USER), H_DOMAIN,
                     strlen(H_DOMAIN), v2) != 0)
        return 2;
    add_secret("NT hash", nt, 16);
    add_secret("NTOWFv2", v2, 16);
    add_secret("exported session key", fixed_key, 16);
    for (i = 0; i < 2; i++) {
        uint32_t f = NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |
            NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_SIGN |
            NTLMSSP_NEGOTIATE_SEAL | NTLMSSP_NEGOTIATE_KEY_EXCH;

        if (ntlm_signkey(f, fixed_key, i == 0, k) != 0)
            return 2;
        add_secret(i == 0 ? "client signing key" : "server signing key", k,
                   16);
        if (ntlm_sealkey(f, fixed_key, i == 0, k, &kl) != 0)
            return 2;
        add_secret(i == 0 ? "client sealing key" : "server sealing key", k,
                   kl);
    }
    /* warm-up outside the scan: one-time caches */
    if (h_pair(&ictx, &actx) != 0)
        return 1;
    gss_delete_sec_context(&min, &ictx, GSS_C_NO_BUFFER);
    gss_delete_sec_context(&min, &actx, GSS_C_NO_BUFFER);
#ifdef IP_ENABLED
    ip_free_hook = free_hook;
    /* positive control: the scanner sees a secret left in a freed block */
    {
        char *p = malloc(40);

        scanning = 1;
        snprintf(p, 40, "xx%sxx", H_PASSWORD);
        free(p);
        scanning = 0;
        if (hits != 1) {
            fprintf(stderr, "secrets: the scanner missed the control\n");
            return 1;
        }
        hits = 0;
        fprintf(stderr, "secrets: (the hit above is the control)\n");
    }
#endif
    /* a new user file (new inode): the cached old one is dropped during
     * the scan, and the new one read and parsed (written before the scan:
     * our own stdio buffer holds the password too) */
    {
        char tmp[600];
        FILE *f;

        snprintf(tmp, sizeof(tmp), "%s.new", h_user_file);
        f = fopen(tmp, "w");
        if (f == NULL)
            return 2;
        fputs("TESTDOM:testuser:testpass\n"
              "TESTDOM:hashuser:{NT}a4f49c406510bdcab6824ee7c30fd852\n"
              ":anyuser:anypass\n", f);
        fclose(f);
        scanning = 1;
        if (rename(tmp, h_user_file) != 0)
            return 2;
    }
    /* real initiator (password credential) and acceptor (user file) */
    if (h_pair(&ictx, &actx) != 0 || h_pair_works(ictx, actx) != 0)
        ret = 1;
    gss_delete_sec_context(&min, &ictx, GSS_C_NO_BUFFER);
    gss_delete_sec_context(&min, &actx, GSS_C_NO_BUFFER);
    if (run_keyed() != 0)
        ret = 1;
    scanning = 0;
#ifdef IP_ENABLED
    printf("secrets: %zu secrets; %ld blocks freed during the run scanned "
           "(%ld freed by the module itself): %d hits\n", num_secrets,
           frees, module_frees, hits);
    if (module_frees == 0)
        ret = 1;
#else
    printf("secrets: freed-block scan disabled in this build\n");
#endif
    if (hits != 0)
        ret = 1;
    if (scan_trace(trace) != 0)
        ret = 1;
    h_env_cleanup();
    return ret;
}
