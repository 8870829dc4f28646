/*
 * filestamp.h - has a file changed since it was read?  One answer for the
 * configuration file and the user file, with no time window.
 *
 * A stamp records what stat() says of a file (device, inode, size, mode,
 * mtime and ctime in nanoseconds) and an MD5 of the bytes read.  Every
 * ntlm_fstamp_same() costs one lstat() (two when the path is a symbolic
 * link).  A write always changes the ctime, unless it lands in the same
 * timestamp tick as the write the stamp saw: a stamp whose ctime is within
 * NTLM_FSTAMP_RACY_NS of the moment the file was read is "racy", and each
 * check of a racy stamp also re-reads the file and compares the digest,
 * until a check made NTLM_FSTAMP_RACY_NS after that ctime proves it clean.
 * (The same reasoning as git's "racy git" index entries.)
 *
 * Not covered: a wall clock stepped back by more than the margin, and
 * network file systems whose attribute caches hide remote changes.
 */
#ifndef NTLMGSS_FILESTAMP_H
#define NTLMGSS_FILESTAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Longer than any file system's timestamp granularity (FAT: 2 s) plus the
 * time one write() takes; ctime is set when a write starts. */
#define NTLM_FSTAMP_RACY_NS 2000000000LL

struct ntlm_fstamp {
    bool exists;            /* false: nothing at the path (ENOENT) */
    bool racy;              /* compare contents too (see above) */
    dev_t dev;
    ino_t ino;
    off_t size;
    mode_t mode;
    long long mtime_ns;
    long long ctime_ns;
    uint8_t digest[16];     /* MD5 of the contents */
};

/*
 * ntlm_fstamp_read - read the file at path whole, NUL-terminated, and stamp
 * it.  Nothing at the path: 0 with out->exists false and *out_text NULL.
 * A dangling symbolic link, something other than a regular file, a file
 * over max_size bytes or a read error: err_code with a detail naming the
 * path.  *out_text is malloc'ed, *out_len + 1 bytes; callers that read
 * secrets free it with ntlm_zfree(text, len + 1).
 */
int ntlm_fstamp_read(const char *path, size_t max_size, int err_code,
                     char **out_text, size_t *out_len,
                     struct ntlm_fstamp *out);

/*
 * ntlm_fstamp_same - true if the file at path is still what st describes.
 * May clear st->racy (so pass the caller's own copy when st is shared, and
 * store it back).  Any doubt (an error, a dangling link) answers false, so
 * the caller re-reads and reports the error.
 */
bool ntlm_fstamp_same(const char *path, struct ntlm_fstamp *st);

/* ntlm_fstamp_equal - same file metadata and digest (racy ignored). */
bool ntlm_fstamp_equal(const struct ntlm_fstamp *a,
                       const struct ntlm_fstamp *b);

#endif /* NTLMGSS_FILESTAMP_H */
