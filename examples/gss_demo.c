/*
 * gss_demo.c - a GSSAPI client and server that authenticate over loopback
 * TCP with the NTLMSSP mechanism (or SPNEGO) through the system
 * libgssapi_krb5, then exchange sealed messages both ways.  Uses only the
 * public GSSAPI: the mechanism is whatever GSS_MECH_CONFIG selects.
 *
 *   gss_demo server PORT [--spnego] [--count N]
 *   gss_demo client PORT [--spnego] [--user DOMAIN\\user --password PW]
 *                        [--service HTTP@localhost] [--message TEXT]
 *
 * The server reports a client as authenticated only when
 * gss_accept_sec_context returned GSS_S_COMPLETE; a connection that ends
 * before that (the client leaves after the first leg) is a failure, and
 * the server exits non-zero when any connection failed.  PORT 0 lets the
 * server pick a free port, which it prints ("listening on 127.0.0.1:N").
 *
 * Wire format: each token is a 4-byte big-endian length and the bytes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static gss_OID_desc ntlm_oid = {
    10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"
};
static gss_OID_desc spnego_oid = {
    6, (void *)"\x2b\x06\x01\x05\x05\x02"
};

static const char *role = "demo";

static void
report(const char *what, OM_uint32 major, OM_uint32 minor, gss_OID mech)
{
    OM_uint32 maj, min, ctx = 0;
    gss_buffer_desc msg;

    fprintf(stderr, "%s: %s failed:", role, what);
    do {
        maj = gss_display_status(&min, major, GSS_C_GSS_CODE, GSS_C_NO_OID,
                                 &ctx, &msg);
        if (GSS_ERROR(maj))
            break;
        fprintf(stderr, " %.*s;", (int)msg.length, (char *)msg.value);
        gss_release_buffer(&min, &msg);
    } while (ctx != 0);
    ctx = 0;
    do {
        maj = gss_display_status(&min, minor, GSS_C_MECH_CODE, mech, &ctx,
                                 &msg);
        if (GSS_ERROR(maj))
            break;
        fprintf(stderr, " %.*s", (int)msg.length, (char *)msg.value);
        gss_release_buffer(&min, &msg);
    } while (ctx != 0);
    fprintf(stderr, " (minor 0x%08x)\n", minor);
}

static int
send_all(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n > 0) {
        ssize_t r = write(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

static int
recv_all(int fd, void *p, size_t n)
{
    char *c = p;

    while (n > 0) {
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

static int
send_token(int fd, const gss_buffer_t tok)
{
    uint32_t len = htonl((uint32_t)tok->length);

    if (send_all(fd, &len, 4) != 0)
        return -1;
    return send_all(fd, tok->value, tok->length);
}

/* recv_token - read one token into a malloc'd buffer (caller frees). */
static int
recv_token(int fd, gss_buffer_t tok)
{
    uint32_t len;

    tok->value = NULL;
    tok->length = 0;
    if (recv_all(fd, &len, 4) != 0)
        return -1;
    len = ntohl(len);
    if (len > (1u << 24))
        return -1;
    tok->value = malloc(len ? len : 1);
    if (tok->value == NULL)
        return -1;
    tok->length = len;
    if (recv_all(fd, tok->value, len) != 0) {
        free(tok->value);
        tok->value = NULL;
        return -1;
    }
    return 0;
}

static const char *
msg_name(const gss_buffer_t tok)
{
    const unsigned char *p = tok->value;

    if (tok->length >= 12 && memcmp(p, "NTLMSSP", 8) == 0) {
        switch (p[8]) {
        case 1: return "NTLM NEGOTIATE";
        case 2: return "NTLM CHALLENGE";
        case 3: return "NTLM AUTHENTICATE";
        }
    }
    return "SPNEGO token";
}

static void
print_flags(OM_uint32 flags)
{
    printf("%s: context flags:%s%s%s%s%s%s%s\n", role,
           flags & GSS_C_INTEG_FLAG ? " INTEG" : "",
           flags & GSS_C_CONF_FLAG ? " CONF" : "",
           flags & GSS_C_REPLAY_FLAG ? " REPLAY" : "",
           flags & GSS_C_SEQUENCE_FLAG ? " SEQUENCE" : "",
           flags & GSS_C_MUTUAL_FLAG ? " MUTUAL" : "",
           flags & GSS_C_ANON_FLAG ? " ANON" : "",
           flags & GSS_C_DELEG_FLAG ? " DELEG" : "");
}

/* exchange - wrap (seal) and send text; receive, unwrap and print. */
static int
send_sealed(int fd, gss_ctx_id_t ctx, gss_OID mech, const char *text)
{
    OM_uint32 major, minor;
    gss_buffer_desc in = { strlen(text), (void *)text }, out;
    int conf = 0;

    major = gss_wrap(&minor, ctx, 1, GSS_C_QOP_DEFAULT, &in, &conf, &out);
    if (GSS_ERROR(major)) {
        report("gss_wrap", major, minor, mech);
        return -1;
    }
    printf("%s: sending sealed message (%zu bytes plaintext, %zu on the "
           "wire, confidentiality %s)\n", role, in.length, out.length,
           conf ? "on" : "OFF");
    if (send_token(fd, &out) != 0) {
        gss_release_buffer(&minor, &out);
        return -1;
    }
    gss_release_buffer(&minor, &out);
    return 0;
}

static int
recv_sealed(int fd, gss_ctx_id_t ctx, gss_OID mech)
{
    OM_uint32 major, minor;
    gss_buffer_desc in, out;
    int conf = 0;

    if (recv_token(fd, &in) != 0)
        return -1;
    major = gss_unwrap(&minor, ctx, &in, &out, &conf, NULL);
    free(in.value);
    if (GSS_ERROR(major)) {
        report("gss_unwrap", major, minor, mech);
        return -1;
    }
    printf("%s: received sealed message, unsealed: \"%.*s\"%s\n", role,
           (int)out.length, (char *)out.value, conf ? "" : " (NOT sealed)");
    gss_release_buffer(&minor, &out);
    return conf ? 0 : -1;
}

static int
run_server(int port, gss_OID mech, int count)
{
    OM_uint32 major, minor, flags;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    gss_OID_set_desc mechs = { 1, mech };
    struct sockaddr_in sa;
    socklen_t salen;
    int lfd, one = 1, served = 0, failures = 0;

    role = "server";
    major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &mechs,
                             GSS_C_ACCEPT, &cred, NULL, NULL);
    if (GSS_ERROR(major)) {
        report("gss_acquire_cred", major, minor, mech);
        return 1;
    }
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("server: socket");
        gss_release_cred(&minor, &cred);
        return 1;
    }
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    salen = sizeof(sa);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
        listen(lfd, 4) != 0 ||
        getsockname(lfd, (struct sockaddr *)&sa, &salen) != 0) {
        perror("server: bind/listen");
        gss_release_cred(&minor, &cred);
        close(lfd);
        return 1;
    }
    printf("server: listening on 127.0.0.1:%d\n", (int)ntohs(sa.sin_port));
    fflush(stdout);
    while (served < count) {
        gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
        gss_name_t client = GSS_C_NO_NAME;
        gss_buffer_desc in, out, dname = GSS_C_EMPTY_BUFFER;
        gss_OID actual = GSS_C_NO_OID;
        int fd = accept(lfd, NULL, NULL), ok = 0, established = 0;

        if (fd < 0)
            break;
        served++;
        for (;;) {
            if (recv_token(fd, &in) != 0) {
                fprintf(stderr, "server: the client closed the connection "
                        "before the context was established\n");
                break;
            }
            printf("server: received %s (%zu bytes)\n", msg_name(&in),
                   in.length);
            major = gss_accept_sec_context(&minor, &ctx, cred, &in,
                                           GSS_C_NO_CHANNEL_BINDINGS,
                                           &client, &actual, &out, &flags,
                                           NULL, NULL);
            free(in.value);
            if (out.length > 0) {
                printf("server: sending %s (%zu bytes)\n", msg_name(&out),
                       out.length);
                send_token(fd, &out);
                gss_release_buffer(&minor, &out);
            }
            if (GSS_ERROR(major)) {
                report("gss_accept_sec_context", major, minor, mech);
                break;
            }
            if (major == GSS_S_COMPLETE) {
                established = 1;
                break;
            }
            if (!(major & GSS_S_CONTINUE_NEEDED)) {
                fprintf(stderr, "server: gss_accept_sec_context returned "
                        "unexpected status 0x%08x\n", major);
                break;
            }
        }
        if (established) {
            major = gss_display_name(&minor, client, &dname, NULL);
            if (GSS_ERROR(major)) {
                report("gss_display_name", major, minor, mech);
                established = 0;
            }
        }
        if (established) {
            printf("server: authenticated client \"%.*s\"\n",
                   (int)dname.length, (char *)dname.value);
            gss_release_buffer(&minor, &dname);
            print_flags(flags);
            if (recv_sealed(fd, ctx, mech) == 0 &&
                send_sealed(fd, ctx, mech, "hello client, from the server")
                == 0)
                ok = 1;
        }
        if (!ok)
            failures++;
        printf("server: connection %d %s\n", served,
               ok ? "succeeded" : "FAILED");
        fflush(stdout);
        gss_release_name(&minor, &client);
        gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER);
        close(fd);
    }
    gss_release_cred(&minor, &cred);
    close(lfd);
    return failures ? 1 : 0;
}

static int
run_client(int port, gss_OID mech, const char *user, const char *password,
           const char *service, const char *message)
{
    OM_uint32 major, minor, flags = 0;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    gss_name_t target = GSS_C_NO_NAME, uname = GSS_C_NO_NAME;
    gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
    gss_OID_set_desc mechs = { 1, mech };
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out, buf;
    struct sockaddr_in sa;
    int fd, ret = 1;

    role = "client";
    if (user != NULL) {
        buf.value = (void *)user;
        buf.length = strlen(user);
        major = gss_import_name(&minor, &buf, GSS_C_NT_USER_NAME, &uname);
        if (GSS_ERROR(major)) {
            report("gss_import_name", major, minor, mech);
            return 1;
        }
        buf.value = (void *)password;
        buf.length = password ? strlen(password) : 0;
        major = gss_acquire_cred_with_password(&minor, uname, &buf,
                                               GSS_C_INDEFINITE, &mechs,
                                               GSS_C_INITIATE, &cred, NULL,
                                               NULL);
        if (GSS_ERROR(major)) {
            report("gss_acquire_cred_with_password", major, minor, mech);
            return 1;
        }
        printf("client: credentials for %s from a password\n", user);
    } else {
        printf("client: default credentials (from the user file)\n");
    }
    buf.value = (void *)service;
    buf.length = strlen(service);
    major = gss_import_name(&minor, &buf, GSS_C_NT_HOSTBASED_SERVICE,
                            &target);
    if (GSS_ERROR(major)) {
        report("gss_import_name", major, minor, mech);
        return 1;
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        perror("client: connect");
        return 1;
    }
    printf("client: connected to 127.0.0.1:%d, target %s\n", port, service);
    for (;;) {
        major = gss_init_sec_context(&minor, cred, &ctx, target, mech,
                                     GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG |
                                     GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG,
                                     0, GSS_C_NO_CHANNEL_BINDINGS, &in, NULL,
                                     &out, &flags, NULL);
        free(in.value);
        in.value = NULL;
        if (out.length > 0) {
            printf("client: sending %s (%zu bytes)\n", msg_name(&out),
                   out.length);
            send_token(fd, &out);
            gss_release_buffer(&minor, &out);
        }
        if (GSS_ERROR(major)) {
            report("gss_init_sec_context", major, minor, mech);
            goto done;
        }
        if (!(major & GSS_S_CONTINUE_NEEDED))
            break;
        if (recv_token(fd, &in) != 0) {
            fprintf(stderr, "client: connection closed by the server\n");
            goto done;
        }
        printf("client: received %s (%zu bytes)\n", msg_name(&in),
               in.length);
    }
    printf("client: context established\n");
    print_flags(flags);
    if (send_sealed(fd, ctx, mech, message) != 0 ||
        recv_sealed(fd, ctx, mech) != 0)
        goto done;
    ret = 0;
done:
    close(fd);
    gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER);
    gss_release_name(&minor, &target);
    gss_release_name(&minor, &uname);
    gss_release_cred(&minor, &cred);
    return ret;
}

int
main(int argc, char **argv)
{
    const char *user = NULL, *password = NULL;
    const char *service = "HTTP@localhost";
    const char *message = "hello server, from the client";
    gss_OID mech = &ntlm_oid;
    char *end = NULL;
    int i, port, count = 1;

    if (argc < 3) {
        fprintf(stderr, "usage: %s server|client PORT [options]\n", argv[0]);
        return 2;
    }
    port = (int)strtol(argv[2], &end, 10);
    if (*argv[2] == '\0' || *end != '\0' || port < 0 || port > 65535) {
        fprintf(stderr, "%s: bad port %s\n", argv[0], argv[2]);
        return 2;
    }
    for (i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--spnego") == 0)
            mech = &spnego_oid;
        else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
            user = argv[++i];
        else if (strcmp(argv[i], "--password") == 0 && i + 1 < argc)
            password = argv[++i];
        else if (strcmp(argv[i], "--service") == 0 && i + 1 < argc)
            service = argv[++i];
        else if (strcmp(argv[i], "--message") == 0 && i + 1 < argc)
            message = argv[++i];
        else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
            count = atoi(argv[++i]);
        else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (strcmp(argv[1], "server") == 0)
        return run_server(port, mech, count);
    return run_client(port, mech, user, password, service, message);
}
