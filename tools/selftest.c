/*
 * selftest.c - "ntlmtool selftest": run a complete NTLM handshake between an
 * initiator and an acceptor in this process, through the system
 * libgssapi_krb5, with the configuration the services on this machine use
 * (user file, ntlmgss.conf), then seal and sign a message each way.
 *
 * The mechanism is the one that mechglue's configuration selects; with
 * --module PATH (or when GSS_MECH_CONFIG is unset and --system is not
 * given, the installed module) a private mechanism configuration naming
 * that module is written to a temporary file and used instead, so the
 * check does not depend on /etc/gss/mech.d.
 */
#include "config.h"

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "selftest.h"

#ifndef NTLMGSS_MECHDIR
#define NTLMGSS_MECHDIR "/usr/local/lib/ntlmgss"
#endif

static gss_OID_desc ntlm_oid = {
    10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"
};
static gss_OID_desc spnego_oid = {
    6, (void *)"\x2b\x06\x01\x05\x05\x02"
};

static void
show_status(const char *what, OM_uint32 major, OM_uint32 minor, gss_OID mech)
{
    OM_uint32 min, ctx = 0;
    gss_buffer_desc msg;

    printf("FAILED: %s:", what);
    do {
        if (GSS_ERROR(gss_display_status(&min, major, GSS_C_GSS_CODE,
                                         GSS_C_NO_OID, &ctx, &msg)))
            break;
        printf(" %.*s;", (int)msg.length, (char *)msg.value);
        gss_release_buffer(&min, &msg);
    } while (ctx != 0);
    ctx = 0;
    do {
        if (GSS_ERROR(gss_display_status(&min, minor, GSS_C_MECH_CODE, mech,
                                         &ctx, &msg)))
            break;
        printf(" %.*s", (int)msg.length, (char *)msg.value);
        gss_release_buffer(&min, &msg);
    } while (ctx != 0);
    printf(" (major 0x%08x, minor 0x%08x)\n", major, minor);
}

static const char *
token_kind(const gss_buffer_t tok)
{
    const unsigned char *p = tok->value;

    if (tok->length >= 12 && memcmp(p, "NTLMSSP", 8) == 0) {
        switch (p[8]) {
        case 1: return "NEGOTIATE";
        case 2: return "CHALLENGE";
        case 3: return "AUTHENTICATE";
        }
    }
    return "SPNEGO";
}

/* protect - seal src with one context, unseal with the other; then a MIC. */
static int
protect(gss_ctx_id_t from, gss_ctx_id_t to, const char *dir, gss_OID mech)
{
    static const char text[] = "ntlmtool selftest message";
    gss_buffer_desc in = { sizeof(text) - 1, (void *)text }, tok, out;
    OM_uint32 major, minor;
    int conf = 0, ok;

    major = gss_wrap(&minor, from, 1, GSS_C_QOP_DEFAULT, &in, &conf, &tok);
    if (GSS_ERROR(major)) {
        show_status("gss_wrap", major, minor, mech);
        return -1;
    }
    major = gss_unwrap(&minor, to, &tok, &out, &conf, NULL);
    gss_release_buffer(&minor, &tok);
    if (GSS_ERROR(major)) {
        show_status("gss_unwrap", major, minor, mech);
        return -1;
    }
    ok = out.length == in.length && memcmp(out.value, text, in.length) == 0;
    gss_release_buffer(&minor, &out);
    printf("  %s: sealed message %s (%s)\n", dir,
           ok ? "round-trips" : "CORRUPTED",
           conf ? "confidentiality on" : "integrity only");
    if (!ok)
        return -1;
    major = gss_get_mic(&minor, from, GSS_C_QOP_DEFAULT, &in, &tok);
    if (GSS_ERROR(major)) {
        show_status("gss_get_mic", major, minor, mech);
        return -1;
    }
    major = gss_verify_mic(&minor, to, &in, &tok, NULL);
    gss_release_buffer(&minor, &tok);
    if (GSS_ERROR(major)) {
        show_status("gss_verify_mic", major, minor, mech);
        return -1;
    }
    printf("  %s: signature verifies\n", dir);
    return 0;
}

int
ntlmtool_selftest(int argc, char **argv)
{
    const char *module = NULL, *user = NULL, *password = NULL;
    char conf_path[] = "/tmp/ntlmtool-mech.XXXXXX";
    int i, use_system = 0, fd = -1, ret = 1;
    gss_OID mech = &ntlm_oid;
    gss_OID_set_desc mechs;
    gss_cred_id_t icred = GSS_C_NO_CREDENTIAL, acred = GSS_C_NO_CREDENTIAL;
    gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
    gss_name_t uname = GSS_C_NO_NAME, target = GSS_C_NO_NAME;
    gss_name_t src = GSS_C_NO_NAME;
    gss_buffer_desc itok = GSS_C_EMPTY_BUFFER, atok = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc buf;
    OM_uint32 major, minor, imaj = GSS_S_CONTINUE_NEEDED;
    OM_uint32 amaj = GSS_S_CONTINUE_NEEDED, flags = 0;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--module") == 0 && i + 1 < argc)
            module = argv[++i];
        else if (strcmp(argv[i], "--system") == 0)
            use_system = 1;
        else if (strcmp(argv[i], "--spnego") == 0)
            mech = &spnego_oid;
        else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
            user = argv[++i];
        else if (strcmp(argv[i], "--password") == 0 && i + 1 < argc)
            password = argv[++i];
        else {
            fprintf(stderr, "usage: ntlmtool selftest [--module PATH | "
                    "--system] [--spnego] [--user DOMAIN\\\\USER "
                    "--password PW]\n");
            return 2;
        }
    }
    if (!use_system && (module != NULL || getenv("GSS_MECH_CONFIG") == NULL)) {
        FILE *f;

        if (module == NULL)
            module = NTLMGSS_MECHDIR "/ntlmgss.so";
        if (access(module, R_OK) != 0) {
            printf("FAILED: module %s not found (use --module or "
                   "--system)\n", module);
            return 1;
        }
        fd = mkstemp(conf_path);
        f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (f == NULL) {
            perror("ntlmtool: temporary mechanism configuration");
            return 1;
        }
        fprintf(f, "ntlmgss 1.3.6.1.4.1.311.2.2.10 %s\n", module);
        fclose(f);
        setenv("GSS_MECH_CONFIG", conf_path, 1);
        printf("mechanism: %s (private GSS_MECH_CONFIG)\n", module);
    } else {
        printf("mechanism: as configured for libgssapi_krb5%s%s\n",
               getenv("GSS_MECH_CONFIG") ? " by GSS_MECH_CONFIG=" : "",
               getenv("GSS_MECH_CONFIG") ? getenv("GSS_MECH_CONFIG") : "");
    }
    mechs.count = 1;
    mechs.elements = mech;

    if (user != NULL) {
        buf.value = (void *)user;
        buf.length = strlen(user);
        major = gss_import_name(&minor, &buf, GSS_C_NT_USER_NAME, &uname);
        if (GSS_ERROR(major)) {
            show_status("gss_import_name (user)", major, minor, mech);
            goto done;
        }
        buf.value = (void *)(password ? password : "");
        buf.length = password ? strlen(password) : 0;
        major = gss_acquire_cred_with_password(&minor, uname, &buf,
                                               GSS_C_INDEFINITE, &mechs,
                                               GSS_C_INITIATE, &icred, NULL,
                                               NULL);
        if (GSS_ERROR(major)) {
            show_status("initiator credentials", major, minor, mech);
            goto done;
        }
        printf("initiator: %s with the given password\n", user);
    } else {
        major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE,
                                 &mechs, GSS_C_INITIATE, &icred, NULL, NULL);
        if (GSS_ERROR(major)) {
            show_status("default initiator credentials", major, minor, mech);
            goto done;
        }
        printf("initiator: the default identity (configuration or user "
               "file)\n");
    }
    major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &mechs,
                             GSS_C_ACCEPT, &acred, NULL, NULL);
    if (GSS_ERROR(major)) {
        show_status("acceptor credentials", major, minor, mech);
        goto done;
    }
    buf.value = (void *)"host@localhost";
    buf.length = strlen(buf.value);
    major = gss_import_name(&minor, &buf, GSS_C_NT_HOSTBASED_SERVICE,
                            &target);
    if (GSS_ERROR(major)) {
        show_status("gss_import_name (target)", major, minor, mech);
        goto done;
    }
    for (i = 0; i < 6 && (imaj == GSS_S_CONTINUE_NEEDED ||
                          amaj == GSS_S_CONTINUE_NEEDED); i++) {
        if (imaj == GSS_S_CONTINUE_NEEDED) {
            imaj = gss_init_sec_context(&minor, icred, &ictx, target, mech,
                                        GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG |
                                        GSS_C_REPLAY_FLAG |
                                        GSS_C_SEQUENCE_FLAG, 0,
                                        GSS_C_NO_CHANNEL_BINDINGS, &atok,
                                        NULL, &itok, &flags, NULL);
            gss_release_buffer(&minor, &atok);
            if (GSS_ERROR(imaj)) {
                show_status("gss_init_sec_context", imaj, minor, mech);
                goto done;
            }
            if (itok.length == 0)
                break;
            printf("  initiator -> acceptor: %s (%zu bytes)\n",
                   token_kind(&itok), itok.length);
        }
        amaj = gss_accept_sec_context(&minor, &actx, acred, &itok,
                                      GSS_C_NO_CHANNEL_BINDINGS, &src, NULL,
                                      &atok, NULL, NULL, NULL);
        gss_release_buffer(&minor, &itok);
        if (GSS_ERROR(amaj)) {
            show_status("gss_accept_sec_context", amaj, minor, mech);
            goto done;
        }
        if (atok.length > 0)
            printf("  acceptor -> initiator: %s (%zu bytes)\n",
                   token_kind(&atok), atok.length);
        else if (imaj != GSS_S_CONTINUE_NEEDED)
            break;
    }
    if (GSS_ERROR(imaj) || GSS_ERROR(amaj) || imaj != GSS_S_COMPLETE ||
        amaj != GSS_S_COMPLETE) {
        printf("FAILED: the handshake did not complete\n");
        goto done;
    }
    major = gss_display_name(&minor, src, &buf, NULL);
    if (!GSS_ERROR(major)) {
        printf("acceptor: authenticated \"%.*s\"\n", (int)buf.length,
               (char *)buf.value);
        gss_release_buffer(&minor, &buf);
    }
    if (protect(ictx, actx, "initiator -> acceptor", mech) != 0 ||
        protect(actx, ictx, "acceptor -> initiator", mech) != 0)
        goto done;
    printf("selftest: OK\n");
    ret = 0;
done:
    gss_release_buffer(&minor, &itok);
    gss_release_buffer(&minor, &atok);
    gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER);
    gss_delete_sec_context(&minor, &actx, GSS_C_NO_BUFFER);
    gss_release_name(&minor, &uname);
    gss_release_name(&minor, &target);
    gss_release_name(&minor, &src);
    gss_release_cred(&minor, &icred);
    gss_release_cred(&minor, &acred);
    if (fd >= 0)
        unlink(conf_path);
    return ret;
}
