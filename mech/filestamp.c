/*
 * filestamp.c - has a file changed since it was read?  See filestamp.h for
 * the reasoning; the configuration (nconfig.c) and the user file
 * (userdb.c) both re-validate their cached snapshot through it on every
 * context start, so no write is ever missed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/errors.h"
#include "common/secure.h"
#include "crypto/ncrypto.h"
#include "filestamp.h"

/* Why a read failed, before it becomes an error code with a detail. */
enum read_fail {
    READ_OK = 0,
    READ_DANGLING,      /* a symbolic link to nothing */
    READ_NOT_REGULAR,
    READ_TOO_LARGE,
    READ_ERRNO,         /* *out_errno says why */
    READ_NOMEM,
    READ_CRYPTO
};

/* The wall clock as the kernel stamps files with it (the coarse clock is
 * what current_time() uses; fine-grained stamps are never earlier). */
static long long
now_real_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_REALTIME_COARSE, &ts) != 0)
        return 0;
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long
ts_ns(const struct timespec *ts)
{
    return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static void
key_from_stat(const struct stat *sb, struct ntlm_fstamp *st)
{
    st->exists = true;
    st->dev = sb->st_dev;
    st->ino = sb->st_ino;
    st->size = sb->st_size;
    st->mode = sb->st_mode;
    st->mtime_ns = ts_ns(&sb->st_mtim);
    st->ctime_ns = ts_ns(&sb->st_ctim);
}

static bool
key_equal(const struct ntlm_fstamp *a, const struct ntlm_fstamp *b)
{
    if (a->exists != b->exists)
        return false;
    if (!a->exists)
        return true;
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
        a->mode == b->mode && a->mtime_ns == b->mtime_ns &&
        a->ctime_ns == b->ctime_ns;
}

bool
ntlm_fstamp_equal(const struct ntlm_fstamp *a, const struct ntlm_fstamp *b)
{
    if (!key_equal(a, b))
        return false;
    return !a->exists || memcmp(a->digest, b->digest, sizeof(a->digest)) == 0;
}

/* lstat(), then stat() through a symbolic link: 0, or an errno (ENOENT
 * with *dangling false: nothing at the path). */
static int
look(const char *path, struct stat *sb, bool *dangling)
{
    *dangling = false;
    if (lstat(path, sb) != 0)
        return errno;
    if (S_ISLNK(sb->st_mode) && stat(path, sb) != 0) {
        if (errno == ENOENT)
            *dangling = true;
        return errno;
    }
    return 0;
}

/* Read an existing file whole and stamp it; t0 was taken before look(). */
static enum read_fail
read_stamped(const char *path, size_t max_size, long long t0,
             char **out_text, size_t *out_len, struct ntlm_fstamp *out,
             int *out_errno)
{
    enum read_fail why = READ_ERRNO;
    struct stat sb;
    char *text = NULL;
    size_t got = 0, size = 0;
    ssize_t r;
    int fd;

    *out_text = NULL;
    *out_len = 0;
    *out_errno = 0;
    /* O_NONBLOCK: a FIFO at the path must not hang the caller. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        *out_errno = errno;
        return READ_ERRNO;
    }
    if (fstat(fd, &sb) != 0) {
        *out_errno = errno;
        goto done;
    }
    if (!S_ISREG(sb.st_mode)) {
        why = READ_NOT_REGULAR;
        goto done;
    }
    if ((uintmax_t)sb.st_size > (uintmax_t)max_size) {
        why = READ_TOO_LARGE;
        goto done;
    }
    size = (size_t)sb.st_size;
    text = malloc(size + 1);
    if (text == NULL) {
        why = READ_NOMEM;
        goto done;
    }
    while (got < size) {
        r = read(fd, text + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            *out_errno = errno;
            goto done;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    text[got] = '\0';
    key_from_stat(&sb, out);
    if (ncrypto_md5(text, got, out->digest) != 0) {
        why = READ_CRYPTO;
        goto done;
    }
    /* Changed in the tick we read it, or shrinking under us: the next
     * checks compare contents. */
    out->racy = out->ctime_ns >= t0 - NTLM_FSTAMP_RACY_NS || got != size;
    why = READ_OK;
    *out_text = text;
    *out_len = got;
    text = NULL;
done:
    ntlm_zfree(text, size + 1);
    close(fd);
    return why;
}

int
ntlm_fstamp_read(const char *path, size_t max_size, int err_code,
                 char **out_text, size_t *out_len, struct ntlm_fstamp *out)
{
    long long t0 = now_real_ns();
    enum read_fail why;
    struct stat sb;
    bool dangling;
    int e;

    *out_text = NULL;
    *out_len = 0;
    memset(out, 0, sizeof(*out));
    e = look(path, &sb, &dangling);
    if (e == ENOENT && !dangling)
        return 0;
    /* A failure keeps a stamp that matches nothing (exists, all zero):
     * the next check reads again. */
    out->exists = true;
    out->racy = true;
    if (dangling) {
        return ntlm_err_detail(err_code, "%s is a symbolic link to a "
                               "missing file", path);
    }
    if (e != 0) {
        return ntlm_err_detail(err_code, "cannot open %s: %s", path,
                               strerror(e));
    }
    why = read_stamped(path, max_size, t0, out_text, out_len, out, &e);
    switch (why) {
    case READ_OK:
        return 0;
    case READ_NOT_REGULAR:
        return ntlm_err_detail(err_code, "%s is not a regular file", path);
    case READ_TOO_LARGE:
        return ntlm_err_detail(err_code, "%s is too large (more than %zu "
                               "bytes)", path, max_size);
    case READ_NOMEM:
        return NTLM_ERR_NOMEM;
    case READ_CRYPTO:
        return ntlm_err_detail(err_code, "cannot digest %s: MD5 is "
                               "unavailable", path);
    case READ_DANGLING:
    case READ_ERRNO:
    default:
        break;
    }
    return ntlm_err_detail(err_code, "cannot read %s: %s", path,
                           strerror(e != 0 ? e : EIO));
}

bool
ntlm_fstamp_same(const char *path, struct ntlm_fstamp *st)
{
    struct ntlm_fstamp now;
    long long t0 = now_real_ns();
    struct stat sb;
    char *text;
    size_t len;
    bool dangling, same;
    int e;

    e = look(path, &sb, &dangling);
    if (e == ENOENT && !dangling)
        return !st->exists;
    if (e != 0 || !st->exists)
        return false;
    memset(&now, 0, sizeof(now));
    key_from_stat(&sb, &now);
    if (!key_equal(st, &now))
        return false;
    if (!st->racy)
        return true;

    /* Racy: the metadata cannot tell; the contents can. */
    memset(&now, 0, sizeof(now));
    if (read_stamped(path, (size_t)st->size, t0, &text, &len, &now,
                     &e) != READ_OK)
        return false;
    ntlm_zfree(text, len + 1);
    same = ntlm_fstamp_equal(st, &now);
    if (same && !now.racy)
        st->racy = false;
    ntlm_zero(&now, sizeof(now));
    return same;
}
