/*
 * gss_peer.c - a GSSAPI peer run as a separate process, so that a second
 * NTLM mechanism (Debian's gss-ntlmssp) can be loaded through its own
 * GSS_MECH_CONFIG.  Talks over stdin/stdout with frames (u32 big-endian
 * length, bytes).
 *
 *   gss_peer accept             acceptor with default creds
 *   gss_peer init USER PASS     initiator with a password
 *
 * Handshake: each step writes the output token then a status frame
 * (u32 major, u32 minor).  Then commands until EOF:
 *   'W' token      -> unwrap, reply wrap(conf=1) of the plaintext
 *   'M' u32 n, msg, mic -> verify_mic, reply get_mic(msg)
 * each reply followed by a status frame.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

static gss_OID_desc ntlm = { 10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a" };
static gss_OID_set_desc ntlm_set = { 1, &ntlm };

static int
rd(void *p, size_t n)
{
    uint8_t *b = p;
    ssize_t r;

    while (n > 0) {
        r = read(0, b, n);
        if (r <= 0)
            return -1;
        b += r;
        n -= (size_t)r;
    }
    return 0;
}

static int
wr(const void *p, size_t n)
{
    const uint8_t *b = p;
    ssize_t r;

    while (n > 0) {
        r = write(1, b, n);
        if (r <= 0)
            return -1;
        b += r;
        n -= (size_t)r;
    }
    return 0;
}

static int
read_frame(gss_buffer_t out)
{
    uint8_t h[4];
    uint32_t n;

    if (rd(h, 4) != 0)
        return -1;
    n = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | h[2] << 8 | h[3];
    if (n > (1u << 20))
        return -1;
    out->value = malloc(n + 1);
    out->length = n;
    if (out->value == NULL || rd(out->value, n) != 0)
        return -1;
    return 0;
}

static int
write_frame(const void *p, size_t n)
{
    uint8_t h[4] = { (uint8_t)(n >> 24), (uint8_t)(n >> 16),
                     (uint8_t)(n >> 8), (uint8_t)n };

    return wr(h, 4) || wr(p, n);
}

static int
write_status(OM_uint32 maj, OM_uint32 min)
{
    uint8_t s[8] = { (uint8_t)(maj >> 24), (uint8_t)(maj >> 16),
                     (uint8_t)(maj >> 8), (uint8_t)maj,
                     (uint8_t)(min >> 24), (uint8_t)(min >> 16),
                     (uint8_t)(min >> 8), (uint8_t)min };

    return write_frame(s, 8);
}

int
main(int argc, char **argv)
{
    gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    gss_name_t target = GSS_C_NO_NAME;
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc msg, mic;
    OM_uint32 maj, min, tmp;
    int init;

    if (argc < 2)
        return 2;
    init = strcmp(argv[1], "init") == 0;
    if (init) {
        gss_buffer_desc nb, pw;
        gss_name_t n = GSS_C_NO_NAME;

        if (argc < 4)
            return 2;
        nb.value = argv[2];
        nb.length = strlen(argv[2]);
        pw.value = argv[3];
        pw.length = strlen(argv[3]);
        maj = gss_import_name(&min, &nb, GSS_C_NT_USER_NAME, &n);
        if (maj == GSS_S_COMPLETE)
            maj = gss_acquire_cred_with_password(&min, n, &pw, 0, &ntlm_set,
                                                 GSS_C_INITIATE, &cred, NULL,
                                                 NULL);
        gss_release_name(&tmp, &n);
        if (maj != GSS_S_COMPLETE) {
            fprintf(stderr, "peer: acquire %x/%x\n", maj, min);
            return 1;
        }
    }
    if (init) {
        gss_buffer_desc tb = { 25, (void *)"HTTP@testsrv.example.test" };

        maj = gss_import_name(&min, &tb, GSS_C_NT_HOSTBASED_SERVICE,
                              &target);
        if (maj != GSS_S_COMPLETE)
            return 1;
    }
    for (;;) {
        if (init) {
            maj = gss_init_sec_context(&min, cred, &ctx, target,
                                       &ntlm, GSS_C_INTEG_FLAG |
                                       GSS_C_CONF_FLAG, 0, NULL, &in, NULL,
                                       &out, NULL, NULL);
        } else {
            if (read_frame(&in) != 0)
                return 1;
            maj = gss_accept_sec_context(&min, &ctx, cred, &in, NULL, NULL,
                                         NULL, &out, NULL, NULL, NULL);
        }
        gss_release_buffer(&tmp, &in);
        if (write_frame(out.value, out.length) || write_status(maj, min))
            return 1;
        gss_release_buffer(&tmp, &out);
        if (maj != GSS_S_CONTINUE_NEEDED)
            break;
        if (init && read_frame(&in) != 0)
            return 1;
    }
    if (maj != GSS_S_COMPLETE)
        return 1;
    while (read_frame(&in) == 0) {
        uint8_t *p = in.value;

        if (in.length < 1)
            break;
        if (p[0] == 'W') {
            gss_buffer_desc tok = { in.length - 1, p + 1 };

            maj = gss_unwrap(&min, ctx, &tok, &msg, NULL, NULL);
            if (maj == GSS_S_COMPLETE) {
                maj = gss_wrap(&min, ctx, 1, GSS_C_QOP_DEFAULT, &msg, NULL,
                               &out);
                gss_release_buffer(&tmp, &msg);
            }
        } else if (p[0] == 'M' && in.length >= 5) {
            uint32_t n = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 |
                p[3] << 8 | p[4];

            if (n > in.length - 5)
                break;
            msg.value = p + 5;
            msg.length = n;
            mic.value = p + 5 + n;
            mic.length = in.length - 5 - n;
            maj = gss_verify_mic(&min, ctx, &msg, &mic, NULL);
            if (maj == GSS_S_COMPLETE)
                maj = gss_get_mic(&min, ctx, GSS_C_QOP_DEFAULT, &msg, &out);
        } else {
            break;
        }
        gss_release_buffer(&tmp, &in);
        if (write_frame(out.value, out.length) || write_status(maj, min))
            return 1;
        gss_release_buffer(&tmp, &out);
    }
    gss_release_buffer(&tmp, &in);
    gss_delete_sec_context(&tmp, &ctx, GSS_C_NO_BUFFER);
    gss_release_cred(&tmp, &cred);
    gss_release_name(&tmp, &target);
    return 0;
}
