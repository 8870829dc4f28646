/*
 * check_misc.c - MIT SPNEGO over the module end to end (mechListMIC via
 * the private .2 query, RC4 reset via .3), and per-message protection
 * after SPNEGO completes.  Also examples/gss_demo (the main job's
 * programs): the server reports success only for an established context.
 */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gsstest.h"

static gss_OID_desc spnego_oid = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };

/* MIT SPNEGO picks the NTLM default credentials (default_user) on the
 * initiator and the user file on the acceptor; krb5 has no credentials
 * here and drops out. */
START_TEST(t_spnego)
{
    gss_buffer_desc in = { 6, (void *)"spnego" }, tok = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
    gss_OID mech = GSS_C_NO_OID;
    struct t_hs h;
    OM_uint32 maj, min;

    t_config("default_user = TESTDOM\\testuser");
    memset(&h, 0, sizeof(h));
    h.mech = &spnego_oid;
    h.target = t_service("HTTP@testsrv.example.test");
    ck_assert_msg(t_handshake(&h, GSS_C_NO_CREDENTIAL, GSS_C_NO_CREDENTIAL,
                              GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG),
                  "init %x/%x accept %x/%x", h.imaj, h.imin, h.amaj, h.amin);
    maj = gss_inquire_context(&min, h.actx, NULL, NULL, NULL, &mech, NULL,
                              NULL, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert(gss_oid_equal(mech, &t_ntlm_oid));
    maj = gss_wrap(&min, h.ictx, 1, GSS_C_QOP_DEFAULT, &in, NULL, &tok);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_unwrap(&min, h.actx, &tok, &out, NULL, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "unwrap after spnego %x/%x", maj,
                  min);
    ck_assert_mem_eq(out.value, "spnego", 6);
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &out);
    maj = gss_wrap(&min, h.actx, 1, GSS_C_QOP_DEFAULT, &in, NULL, &tok);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_unwrap(&min, h.ictx, &tok, &out, NULL, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &out);
    t_hs_cleanup(&h);
}
END_TEST


/* ---- examples/gss_demo ------------------------------------------------ */

struct demo_server {
    pid_t pid;
    FILE *out;          /* the server's stdout and stderr */
    int port;
    char text[16384];   /* everything it printed, once it has exited */
    int status;
};

static const char *
demo_path(void)
{
    static char path[1024];
    const char *b = getenv("abs_top_builddir");

    snprintf(path, sizeof(path), "%s/examples/gss_demo",
             b != NULL && *b != '\0' ? b : "../..");
    return path;
}

/* Start "gss_demo server 0 ARGS" and read the port it listens on. */
static void
demo_server_start(struct demo_server *d)
{
    char line[512];
    int p[2];

    memset(d, 0, sizeof(*d));
    ck_assert_msg(access(demo_path(), X_OK) == 0, "%s not built",
                  demo_path());
    ck_assert_int_eq(pipe(p), 0);
    d->pid = fork();
    ck_assert_int_ge(d->pid, 0);
    if (d->pid == 0) {
        dup2(p[1], 1);
        dup2(p[1], 2);
        close(p[0]);
        close(p[1]);
        execl(demo_path(), "gss_demo", "server", "0", (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    d->out = fdopen(p[0], "r");
    ck_assert_ptr_nonnull(d->out);
    while (fgets(line, sizeof(line), d->out) != NULL) {
        const char *l = strstr(line, "listening on 127.0.0.1:");

        if (l != NULL) {
            d->port = atoi(l + strlen("listening on 127.0.0.1:"));
            break;
        }
    }
    ck_assert_msg(d->port > 0, "gss_demo server did not start");
}

/* Wait for the server; collect the rest of its output. */
static void
demo_server_finish(struct demo_server *d)
{
    size_t n = 0, r;

    while (n + 1 < sizeof(d->text) &&
           (r = fread(d->text + n, 1, sizeof(d->text) - 1 - n, d->out)) > 0)
        n += r;
    d->text[n] = '\0';
    fclose(d->out);
    ck_assert_int_eq(waitpid(d->pid, &d->status, 0), d->pid);
}

static int
demo_connect(int port)
{
    struct sockaddr_in sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    ck_assert_int_ge(fd, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    return fd;
}

static void
xfer(int fd, void *p, size_t n, int out)
{
    uint8_t *b = p;
    ssize_t r;

    while (n > 0) {
        r = out ? write(fd, b, n) : read(fd, b, n);
        ck_assert_int_gt(r, 0);
        b += r;
        n -= (size_t)r;
    }
}

/* The regression: a client that sends the NEGOTIATE, reads the CHALLENGE
 * and leaves made the server print 'authenticated client ""' (the loop
 * ended on CONTINUE_NEEDED) and exit 0. */
START_TEST(t_demo_client_leaves_after_first_leg)
{
    struct demo_server d;
    gss_ctx_id_t ictx = GSS_C_NO_CONTEXT;
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_name_t target = t_service("HTTP@localhost");
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER;
    uint8_t hdr[4], *chal;
    uint32_t len;
    OM_uint32 maj, min;
    int fd;

    maj = gss_init_sec_context(&min, ic, &ictx, target, &t_ntlm_oid,
                               GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG, 0,
                               GSS_C_NO_CHANNEL_BINDINGS, GSS_C_NO_BUFFER,
                               NULL, &tok, NULL, NULL);
    ck_assert_uint_eq(maj, GSS_S_CONTINUE_NEEDED);
    demo_server_start(&d);
    fd = demo_connect(d.port);
    len = htonl((uint32_t)tok.length);
    xfer(fd, &len, 4, 1);
    xfer(fd, tok.value, tok.length, 1);
    xfer(fd, hdr, 4, 0);                        /* the CHALLENGE */
    len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
        (uint32_t)hdr[2] << 8 | hdr[3];
    ck_assert_uint_gt(len, 0);
    ck_assert_uint_lt(len, 65536);
    chal = malloc(len);
    ck_assert_ptr_nonnull(chal);
    xfer(fd, chal, len, 0);
    ck_assert_mem_eq(chal, "NTLMSSP\0\2", 9);
    free(chal);
    close(fd);                                  /* gone after one leg */
    demo_server_finish(&d);
    ck_assert_msg(WIFEXITED(d.status) && WEXITSTATUS(d.status) != 0,
                  "server status %d:\n%s", d.status, d.text);
    ck_assert_msg(strstr(d.text, "authenticated client") == NULL,
                  "server claims success:\n%s", d.text);
    ck_assert_ptr_nonnull(strstr(d.text, "closed the connection before "
                                 "the context was established"));
    ck_assert_ptr_nonnull(strstr(d.text, "connection 1 FAILED"));
    gss_release_buffer(&min, &tok);
    gss_delete_sec_context(&min, &ictx, GSS_C_NO_BUFFER);
    gss_release_name(&min, &target);
    gss_release_cred(&min, &ic);
}
END_TEST

/* A client that connects and sends nothing: a failure, not a success
 * decided by a status left over from nowhere. */
START_TEST(t_demo_client_sends_nothing)
{
    struct demo_server d;

    demo_server_start(&d);
    close(demo_connect(d.port));
    demo_server_finish(&d);
    ck_assert_msg(WIFEXITED(d.status) && WEXITSTATUS(d.status) != 0,
                  "server status %d:\n%s", d.status, d.text);
    ck_assert(strstr(d.text, "authenticated client") == NULL);
    ck_assert_ptr_nonnull(strstr(d.text, "connection 1 FAILED"));
}
END_TEST

/* The main job's run still works: both programs exit 0 and the server
 * names the client. */
START_TEST(t_demo_pair)
{
    struct demo_server d;
    char port[16];
    pid_t c;
    int st = -1;

    demo_server_start(&d);
    snprintf(port, sizeof(port), "%d", d.port);
    c = fork();
    ck_assert_int_ge(c, 0);
    if (c == 0) {
        int devnull = open("/dev/null", O_WRONLY);

        if (devnull >= 0)
            dup2(devnull, 1);
        execl(demo_path(), "gss_demo", "client", port, "--user",
              "TESTDOM\\testuser", "--password", "testpass", (char *)NULL);
        _exit(127);
    }
    ck_assert_int_eq(waitpid(c, &st, 0), c);
    demo_server_finish(&d);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "client %d", st);
    ck_assert_msg(WIFEXITED(d.status) && WEXITSTATUS(d.status) == 0,
                  "server status %d:\n%s", d.status, d.text);
    ck_assert_ptr_nonnull(strstr(d.text, "authenticated client "
                                 "\"TESTDOM\\testuser\""));
    ck_assert_ptr_nonnull(strstr(d.text, "connection 1 succeeded"));
}
END_TEST

Suite *
misc_suite(void)
{
    Suite *s = suite_create("spnego");
    TCase *tc = tcase_create("spnego");

    tcase_set_timeout(tc, T_TIMEOUT);
    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_spnego);
    suite_add_tcase(s, tc);
    tc = tcase_create("gss_demo");
    tcase_set_timeout(tc, T_TIMEOUT);
    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_demo_client_leaves_after_first_leg);
    tcase_add_test(tc, t_demo_client_sends_nothing);
    tcase_add_test(tc, t_demo_pair);
    suite_add_tcase(s, tc);
    return s;
}
