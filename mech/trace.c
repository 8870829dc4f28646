/*
 * trace.c - the decision log (NTLMGSS_TRACE), in the spirit of KRB5_TRACE.
 *
 * One destination per process, chosen by the NTLMGSS_TRACE environment
 * variable (read with secure_getenv, so set-id programs ignore it), by the
 * configuration file's "trace" key, or by the mechanism's debug-file OID.
 * Each line is "<UTC time> [pid:tid] ntlmgss: <message>", written under a
 * mutex in one stdio call to a line-buffered stream, so lines of concurrent
 * threads never interleave.  Control characters in a message (names come
 * from the network) are escaped as \xNN so a peer cannot forge trace lines.
 *
 * A destination that cannot be opened switches tracing off (rather than
 * leaving an earlier destination in use) and is reported on stderr, once
 * per destination, since there is then no trace to report it in;
 * ntlmgss_trace_status() tells the operator's tool what happened.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/errors.h"
#include "common/secure.h"
#include "trace.h"

#define TRACE_MSG_MAX 2048

static pthread_once_t trace_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t trace_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *trace_fp;          /* NULL when off */
static bool trace_fp_owned;     /* false for stderr */
static char *trace_dest;        /* what trace_fp was opened from */
static bool trace_from_env;     /* NTLMGSS_TRACE chose the destination */
static char *trace_failed;      /* destination whose open failed, or NULL */
static int trace_failed_errno;  /* and why */
static char *trace_warned;      /* last failure reported on stderr */
static int trace_on;            /* read without the lock (atomic) */

static const char *
get_env(const char *name)
{
#ifdef HAVE_SECURE_GETENV
    return secure_getenv(name);
#else
    return getenv(name);
#endif
}

static bool
is_stderr_dest(const char *dest)
{
    return strcmp(dest, "stderr") == 0 || strcmp(dest, "-") == 0 ||
        strcmp(dest, "/dev/stderr") == 0;
}

/* Close the current destination.  Called with trace_lock held. */
static void
close_locked(void)
{
    __atomic_store_n(&trace_on, 0, __ATOMIC_RELEASE);
    if (trace_fp != NULL && trace_fp_owned)
        fclose(trace_fp);
    else if (trace_fp != NULL)
        fflush(trace_fp);
    trace_fp = NULL;
    trace_fp_owned = false;
    free(trace_dest);
    trace_dest = NULL;
}

/* Forget a recorded open failure.  Called with trace_lock held. */
static void
clear_failure_locked(void)
{
    free(trace_failed);
    trace_failed = NULL;
    trace_failed_errno = 0;
}

/*
 * Opening dest failed with errno e: switch tracing off, remember the
 * failure for ntlmgss_trace_status(), and say so on stderr unless this
 * destination was the last one reported.  Returns NTLM_ERR_CONFIG (or
 * NTLM_ERR_NOMEM) without setting a detail: the lazy NTLMGSS_TRACE open
 * runs inside whatever call traces first, and must not replace that
 * call's own error detail (ntlmgss_trace_open sets one).  Called with
 * trace_lock held.
 */
static int
open_failed_locked(const char *dest, int e)
{
    close_locked();
    clear_failure_locked();
    trace_failed = strdup(dest);
    trace_failed_errno = e;
    if (trace_warned == NULL || strcmp(trace_warned, dest) != 0) {
        fprintf(stderr, "ntlmgss: cannot open trace file %s: %s; "
                "tracing is off\n", dest, strerror(e));
        free(trace_warned);
        trace_warned = strdup(dest);
    }
    if (e == ENOMEM || trace_failed == NULL)
        return NTLM_ERR_NOMEM;
    return NTLM_ERR_CONFIG;
}

/* Open dest (non-empty) as the destination.  Called with trace_lock held. */
static int
open_locked(const char *dest)
{
    FILE *fp = NULL;
    char *copy = NULL;
    bool owned = false;
    int fd, e;

    if (trace_dest != NULL && strcmp(trace_dest, dest) == 0)
        return 0;

    copy = strdup(dest);
    if (copy == NULL)
        return open_failed_locked(dest, ENOMEM);

    if (is_stderr_dest(dest)) {
        fp = stderr;
    } else {
        fd = open(dest, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
                  0600);
        if (fd < 0) {
            e = errno;
            free(copy);
            return open_failed_locked(dest, e);
        }
        fp = fdopen(fd, "a");
        if (fp == NULL) {
            e = errno;
            close(fd);
            free(copy);
            return open_failed_locked(dest, e != 0 ? e : ENOMEM);
        }
        setvbuf(fp, NULL, _IOLBF, 0);
        owned = true;
    }

    close_locked();
    clear_failure_locked();
    trace_fp = fp;
    trace_fp_owned = owned;
    trace_dest = copy;
    __atomic_store_n(&trace_on, 1, __ATOMIC_RELEASE);
    return 0;
}

static void
init_from_env(void)
{
    const char *env;

    env = get_env("NTLMGSS_TRACE");
    pthread_mutex_lock(&trace_lock);
    trace_from_env = false;
    if (env != NULL && *env != '\0') {
        /* The variable wins over the configuration even when its
         * destination cannot be opened: the operator asked for that one,
         * and the failure is reported (stderr, ntlmgss_trace_status). */
        (void)open_locked(env);
        trace_from_env = true;
    } else {
        close_locked();
        clear_failure_locked();
    }
    pthread_mutex_unlock(&trace_lock);
}

static void
trace_init(void)
{
    int saved = errno;

    pthread_once(&trace_once, init_from_env);
    errno = saved;
}

bool
ntlmgss_trace_enabled(void)
{
    trace_init();
    return __atomic_load_n(&trace_on, __ATOMIC_ACQUIRE) != 0;
}

int
ntlmgss_trace_open(const char *dest, bool from_config)
{
    int ret = 0;

    trace_init();
    pthread_mutex_lock(&trace_lock);
    if (from_config && trace_from_env)
        goto done;
    if (!from_config)
        trace_from_env = false;
    if (dest == NULL || *dest == '\0') {
        close_locked();
        clear_failure_locked();
    } else {
        ret = open_locked(dest);
        if (ret == NTLM_ERR_CONFIG)
            ret = ntlm_err_detail(ret, "cannot open trace file %s: %s",
                                  dest, strerror(trace_failed_errno));
    }
done:
    pthread_mutex_unlock(&trace_lock);
    return ret;
}

void
ntlmgss_trace_status(struct ntlmgss_trace_info *out)
{
    const char *dest = NULL;

    memset(out, 0, sizeof(*out));
    trace_init();
    pthread_mutex_lock(&trace_lock);
    out->from_env = trace_from_env;
    if (trace_failed != NULL) {
        out->state = NTLMGSS_TRACE_FAILED;
        out->error = trace_failed_errno;
        dest = trace_failed;
    } else if (trace_fp != NULL && trace_dest != NULL) {
        out->state = NTLMGSS_TRACE_ON;
        dest = trace_dest;
    } else {
        out->state = NTLMGSS_TRACE_OFF;
        out->from_env = false;
    }
    if (dest != NULL)
        snprintf(out->dest, sizeof(out->dest), "%s", dest);
    pthread_mutex_unlock(&trace_lock);
}

void
ntlmgss_trace_reinit(void)
{
    trace_init();
    init_from_env();
}

/* Copy src into dst escaping control characters; always NUL-terminates. */
static void
escape_into(char *dst, size_t dst_len, const char *src)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    unsigned char c;

    for (; *src != '\0'; src++) {
        c = (unsigned char)*src;
        if (c < 0x20 || c == 0x7f) {
            if (o + 4 >= dst_len)
                break;
            dst[o++] = '\\';
            dst[o++] = 'x';
            dst[o++] = hex[c >> 4];
            dst[o++] = hex[c & 0xf];
        } else {
            if (o + 1 >= dst_len)
                break;
            dst[o++] = (char)c;
        }
    }
    dst[o] = '\0';
}

void
ntlmgss_trace(const char *fmt, ...)
{
    char msg[TRACE_MSG_MAX];
    char esc[TRACE_MSG_MAX * 2];
    char stamp[32];
    struct timespec ts;
    struct tm tm;
    va_list ap;
    int saved = errno;
    int n;

    if (!ntlmgss_trace_enabled())
        goto done;

    va_start(ap, fmt);
    n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (n < 0)
        goto done;
    if ((size_t)n >= sizeof(msg))
        memcpy(msg + sizeof(msg) - 4, "...", 4);
    escape_into(esc, sizeof(esc), msg);
    ntlm_zero(msg, sizeof(msg));

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);

    pthread_mutex_lock(&trace_lock);
    if (trace_fp != NULL) {
        fprintf(trace_fp, "%s.%06ldZ [%ld:%ld] ntlmgss: %s\n", stamp,
                (long)(ts.tv_nsec / 1000), (long)getpid(), (long)gettid(),
                esc);
    }
    pthread_mutex_unlock(&trace_lock);

done:
    errno = saved;
}

static const char *const flag_names[32] = {
    "UNICODE", "OEM", "REQUEST_TARGET", NULL,
    "SIGN", "SEAL", "DATAGRAM", "LM_KEY",
    NULL, "NTLM", NULL, "ANONYMOUS",
    "OEM_DOMAIN_SUPPLIED", "OEM_WORKSTATION_SUPPLIED", NULL, "ALWAYS_SIGN",
    "TARGET_TYPE_DOMAIN", "TARGET_TYPE_SERVER", NULL,
    "EXTENDED_SESSIONSECURITY",
    "IDENTIFY", NULL, "REQUEST_NON_NT_SESSION_KEY", "TARGET_INFO",
    NULL, "VERSION", NULL, NULL,
    NULL, "128", "KEY_EXCH", "56"
};

const char *
ntlmgss_trace_flag_name(unsigned bit)
{
    if (bit >= 32)
        return NULL;
    return flag_names[bit];
}

const char *
ntlmgss_trace_flags(uint32_t flags, char *buf, size_t len)
{
    char part[16];
    const char *name;
    size_t used = 0, n;
    unsigned bit;

    if (buf == NULL || len == 0)
        return "";
    buf[0] = '\0';
    if (flags == 0) {
        snprintf(buf, len, "(none)");
        return buf;
    }
    for (bit = 0; bit < 32; bit++) {
        if ((flags & (1u << bit)) == 0)
            continue;
        name = flag_names[bit];
        if (name == NULL) {
            snprintf(part, sizeof(part), "0x%08x", 1u << bit);
            name = part;
        }
        n = strlen(name) + (used > 0 ? 1 : 0);
        if (used + n + 1 > len) {
            /* Does not fit: mark the truncation if there is room. */
            if (len >= 4) {
                size_t at = used + 4 <= len ? used : len - 4;

                memcpy(buf + at, "...", 4);
            }
            return buf;
        }
        if (used > 0)
            buf[used++] = '|';
        memcpy(buf + used, name, strlen(name) + 1);
        used += strlen(name);
    }
    return buf;
}

const char *
ntlmgss_trace_hex(const void *p, size_t len, char *buf, size_t buf_len)
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *b = p;
    size_t i, o = 0;

    if (buf == NULL || buf_len == 0)
        return "";
    for (i = 0; i < len; i++) {
        if (o + 2 + 1 > buf_len) {
            if (buf_len >= 4)
                memcpy(buf + (o + 4 <= buf_len ? o : buf_len - 4), "...",
                       4);
            else
                buf[0] = '\0';
            return buf;
        }
        buf[o++] = hex[b[i] >> 4];
        buf[o++] = hex[b[i] & 0xf];
    }
    buf[o] = '\0';
    return buf;
}
