/*
 * selftest.c - "ntlmtool selftest": run a complete NTLM handshake between an
 * initiator and an acceptor in this process, through the system
 * libgssapi_krb5, with the configuration the services on this machine use
 * (user file, module configuration file), then seal and sign a message
 * each way.
 *
 * The mechanism is the one that mechglue's registration selects; with
 * --module PATH (or when GSS_MECH_CONFIG is unset and --system is not
 * given, the installed module) a private registration file naming that
 * module is written to a temporary file and used instead, so the check
 * does not depend on the system's mech.d.  Whichever it is, the library
 * that was loaded is named, and the check fails when the module that
 * answered is not ntlmgss (asked through an extension OID only ntlmgss
 * answers) unless --allow-other is given: gss-ntlmssp claims the same OID.
 */
#include "config.h"

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <limits.h>
#include <link.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ntlmgss.h"
#include "common/secure.h"
#include "mechconf.h"
#include "password.h"
#include "selftest.h"

#ifndef NTLMGSS_MECHDIR
#define NTLMGSS_MECHDIR "/usr/local/lib/ntlmgss"
#endif
#define EXIT_USAGE 2

static gss_OID_desc ntlm_oid = {
    NTLMGSS_MECH_OID_LENGTH, (void *)NTLMGSS_MECH_OID_BYTES
};
static gss_OID_desc spnego_oid = {
    6, (void *)"\x2b\x06\x01\x05\x05\x02"
};
/* 1.3.6.1.4.1.7165.655.1.100, the negotiated NTLM flags: an extension of
 * ntlmgss that gss-ntlmssp does not answer. */
static gss_OID_desc ntlm_flags_oid = {
    NTLMGSS_OID_PRIVATE_LENGTH, (void *)(NTLMGSS_OID_ARC_BYTES "\x64")
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

/*
 * protect - seal with one context, unseal with the other; then a MIC.
 * Buffers are released with their own status variable so that the minor
 * status shown is the failing call's.
 */
static int
protect(gss_ctx_id_t from, gss_ctx_id_t to, const char *dir, gss_OID mech)
{
    static const char text[] = "ntlmtool selftest message";
    gss_buffer_desc in = { sizeof(text) - 1, (void *)text }, tok, out;
    OM_uint32 major, minor, tmin;
    int conf = 0, ok;

    major = gss_wrap(&minor, from, 1, GSS_C_QOP_DEFAULT, &in, &conf, &tok);
    if (GSS_ERROR(major)) {
        show_status("gss_wrap", major, minor, mech);
        return -1;
    }
    major = gss_unwrap(&minor, to, &tok, &out, &conf, NULL);
    (void)gss_release_buffer(&tmin, &tok);
    if (GSS_ERROR(major)) {
        show_status("gss_unwrap", major, minor, mech);
        return -1;
    }
    ok = out.length == in.length && memcmp(out.value, text, in.length) == 0;
    (void)gss_release_buffer(&tmin, &out);
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
    (void)gss_release_buffer(&tmin, &tok);
    if (GSS_ERROR(major)) {
        show_status("gss_verify_mic", major, minor, mech);
        return -1;
    }
    printf("  %s: signature verifies\n", dir);
    return 0;
}

/* ---- which module answered ---------------------------------------------- */

/* The candidate libraries (absolute paths) and which of them are loaded. */
struct loaded_search {
    char real[8][PATH_MAX];     /* realpath() of each candidate */
    const char *name[8];        /* as registered */
    bool loaded[8];
    size_t num;
};

static void
search_add(struct loaded_search *s, const char *path)
{
    size_t i;

    if (s->num == sizeof(s->name) / sizeof(s->name[0]) ||
        realpath(path, s->real[s->num]) == NULL)
        return;
    for (i = 0; i < s->num; i++) {
        if (strcmp(s->real[i], s->real[s->num]) == 0)
            return;
    }
    s->name[s->num] = path;
    s->loaded[s->num] = false;
    s->num++;
}

static int
search_phdr(struct dl_phdr_info *info, size_t size, void *data)
{
    struct loaded_search *s = data;
    char real[PATH_MAX];
    size_t i;

    if (info->dlpi_name == NULL || info->dlpi_name[0] == '\0' ||
        realpath(info->dlpi_name, real) == NULL)
        return 0;
    for (i = 0; i < s->num; i++) {
        if (strcmp(real, s->real[i]) == 0)
            s->loaded[i] = true;
    }
    return 0;
}

/*
 * report_module - print which of the registered libraries (and module,
 * when given) this process has loaded, and whether the mechanism behind
 * ctx is ntlmgss.  Returns 1 when it is, 0 when it is another module, -1
 * when there is no context to ask.
 */
static int
report_module(const struct mechconf *mc, const char *module,
              gss_ctx_id_t ctx)
{
    struct loaded_search *s;
    gss_buffer_set_t set = GSS_C_NO_BUFFER_SET;
    OM_uint32 major, minor;
    size_t i, n = 0;
    int ours = -1;

    s = calloc(1, sizeof(*s));
    if (s != NULL) {
        if (module != NULL)
            search_add(s, module);
        for (i = 0; i < mc->num_lines; i++)
            search_add(s, mc->lines[i].lib_path);
        (void)dl_iterate_phdr(search_phdr, s);
        for (i = 0; i < s->num; i++) {
            if (!s->loaded[i])
                continue;
            printf("module loaded: %s\n", s->name[i]);
            n++;
        }
        if (n == 0)
            printf("module loaded: none of the registered libraries\n");
        free(s);
    }
    if (ctx == GSS_C_NO_CONTEXT)
        return -1;
    major = gss_inquire_sec_context_by_oid(&minor, ctx, &ntlm_flags_oid,
                                           &set);
    ours = !GSS_ERROR(major) && set != GSS_C_NO_BUFFER_SET &&
        set->count == 1 && set->elements[0].length == 4;
    (void)gss_release_buffer_set(&minor, &set);
    printf("module answering: %s\n", ours ? "ntlmgss" :
           "NOT ntlmgss (it does not answer ntlmgss's extension OID)");
    return ours;
}

/* ---- the check ---------------------------------------------------------- */

int
ntlmtool_selftest(int argc, char **argv, void (*usage)(FILE *fp))
{
    const char *module = NULL, *user = NULL, *arg_password = NULL;
    char conf_path[] = "/tmp/ntlmtool-mech.XXXXXX";
    char prompt[512];
    char *password = NULL;
    size_t password_len = 0;
    int i, fd = -1, ret = 1, ours = -1;
    bool use_system = false, allow_other = false, private_conf;
    struct mechconf mc = { 0 };
    gss_OID mech = &ntlm_oid;
    gss_OID_set_desc mechs;
    gss_cred_id_t icred = GSS_C_NO_CREDENTIAL, acred = GSS_C_NO_CREDENTIAL;
    gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
    gss_name_t uname = GSS_C_NO_NAME, target = GSS_C_NO_NAME;
    gss_name_t src = GSS_C_NO_NAME;
    gss_buffer_desc itok = GSS_C_EMPTY_BUFFER, atok = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc buf;
    OM_uint32 major, minor, tmin, imaj = GSS_S_CONTINUE_NEEDED;
    OM_uint32 amaj = GSS_S_CONTINUE_NEEDED, flags = 0;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
    }
    for (i = 0; i < argc; i++) {
        const char *bad = NULL;

        if (strcmp(argv[i], "--module") == 0 && i + 1 < argc)
            module = argv[++i];
        else if (strcmp(argv[i], "--system") == 0)
            use_system = true;
        else if (strcmp(argv[i], "--spnego") == 0)
            mech = &spnego_oid;
        else if (strcmp(argv[i], "--allow-other") == 0)
            allow_other = true;
        else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
            user = argv[++i];
        else if (strcmp(argv[i], "--password") == 0 && i + 1 < argc)
            arg_password = argv[++i];
        else if (strcmp(argv[i], "--module") == 0 ||
                 strcmp(argv[i], "--user") == 0 ||
                 strcmp(argv[i], "--password") == 0)
            bad = "needs a value";
        else if (argv[i][0] == '-')
            bad = "is not an option";
        else
            bad = "is an unexpected argument";
        if (bad != NULL) {
            fprintf(stderr, "ntlmtool selftest: '%s' %s\n", argv[i], bad);
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (module != NULL && use_system) {
        fprintf(stderr, "ntlmtool selftest: --module and --system exclude "
                "each other\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (arg_password != NULL && user == NULL) {
        fprintf(stderr, "ntlmtool selftest: --password needs --user\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (user != NULL && arg_password == NULL && !isatty(STDIN_FILENO)) {
        fprintf(stderr, "ntlmtool selftest: --user needs a password: run "
                "it on a terminal to be asked, or give --password\n");
        usage(stderr);
        return EXIT_USAGE;
    }

    setvbuf(stdout, NULL, _IOLBF, 0);
    private_conf = !use_system &&
        (module != NULL || getenv("GSS_MECH_CONFIG") == NULL);
    if (private_conf) {
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
            perror("ntlmtool: temporary mechanism registration file");
            if (fd >= 0) {
                close(fd);
                unlink(conf_path);
            }
            return 1;
        }
        fprintf(f, "ntlmgss %s %s\n", MECHCONF_NTLMSSP_OID, module);
        fclose(f);
        setenv("GSS_MECH_CONFIG", conf_path, 1);
        printf("mechanism: %s (private GSS_MECH_CONFIG)\n", module);
    } else {
        printf("mechanism: as registered for libgssapi_krb5%s%s\n",
               getenv("GSS_MECH_CONFIG") ? " by GSS_MECH_CONFIG=" : "",
               getenv("GSS_MECH_CONFIG") ? getenv("GSS_MECH_CONFIG") : "");
    }
    if (mechconf_load(getenv("GSS_MECH_CONFIG"), NTLMGSS_GSS_MECH_CONF,
                      NTLMGSS_GSS_MODULE_DIR, MECHCONF_NTLMSSP_OID,
                      &mc) != 0) {
        printf("FAILED: out of memory\n");
        goto done;
    }
    if (!private_conf)
        (void)mechconf_report(&mc, MECHCONF_NTLMSSP_OID, stdout, "  ");
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
        if (arg_password == NULL) {
            snprintf(prompt, sizeof(prompt), "Password for %s: ", user);
            if (ntlmtool_prompt_password(prompt, &password,
                                         &password_len) != 0) {
                printf("FAILED: cannot read a password on the terminal\n");
                goto done;
            }
            buf.value = password;
            buf.length = password_len;
        } else {
            buf.value = (void *)arg_password;
            buf.length = strlen(arg_password);
        }
        major = gss_acquire_cred_with_password(&minor, uname, &buf,
                                               GSS_C_INDEFINITE, &mechs,
                                               GSS_C_INITIATE, &icred, NULL,
                                               NULL);
        ntlm_zfree(password, password_len);
        password = NULL;
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
            (void)gss_release_buffer(&tmin, &atok);
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
        (void)gss_release_buffer(&tmin, &itok);
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
        (void)gss_release_buffer(&tmin, &buf);
    }
    ours = report_module(&mc, private_conf ? module : NULL, ictx);
    if (ours != 1 && !allow_other) {
        printf("FAILED: the NTLMSSP mechanism that answered is not "
               "ntlmgss; fix the mechanism registration (see ntlmtool "
               "config), or give --allow-other to test it anyway\n");
        goto done;
    }
    if (protect(ictx, actx, "initiator -> acceptor", mech) != 0 ||
        protect(actx, ictx, "acceptor -> initiator", mech) != 0)
        goto done;
    if (ours != 1)
        printf("warning: the module tested is not ntlmgss "
               "(--allow-other)\n");
    printf("selftest: OK\n");
    ret = 0;
done:
    if (ret != 0 && ours == -1 && mc.num_files > 0)
        (void)report_module(&mc, private_conf ? module : NULL, ictx);
    ntlm_zfree(password, password_len);
    (void)gss_release_buffer(&tmin, &itok);
    (void)gss_release_buffer(&tmin, &atok);
    (void)gss_delete_sec_context(&tmin, &ictx, GSS_C_NO_BUFFER);
    (void)gss_delete_sec_context(&tmin, &actx, GSS_C_NO_BUFFER);
    (void)gss_release_name(&tmin, &uname);
    (void)gss_release_name(&tmin, &target);
    (void)gss_release_name(&tmin, &src);
    (void)gss_release_cred(&tmin, &icred);
    (void)gss_release_cred(&tmin, &acred);
    mechconf_cleanup(&mc);
    if (fd >= 0)
        unlink(conf_path);
    return ret;
}
