/*
 * userdb.h - the local user database (no GSSAPI here).
 *
 * File format, compatible with the existing mechanism's NTLM_USER_FILE:
 *   DOMAIN:USER:PASSWORD        one entry per line
 * plus our extension for servers that keep no passwords:
 *   DOMAIN:USER:{NT}<32 hex digits>    (NT hash instead of a password)
 * Domain may be empty (matches any domain).  Lines starting with '#' and
 * blank lines are ignored.  The parsed file is cached per path and
 * reloaded when its mtime/size/inode changes; a file readable by group or
 * others gets a trace warning.  Thread-safe.
 */
#ifndef NTLMGSS_USERDB_H
#define NTLMGSS_USERDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ntlmgss_user_entry {
    char *domain;           /* as in the file ("" = any) */
    char *user;
    uint8_t nt_hash[16];
    char *password;         /* NULL when the file holds only the hash */
    size_t password_len;
    /* additions */
    bool has_lm_hash;       /* smbpasswd lines carry an LM hash */
    uint8_t lm_hash[16];
    unsigned line;          /* line number in the file (for traces) */
};
void ntlmgss_user_entry_free(struct ntlmgss_user_entry *e); /* wipes */

/*
 * ntlmgss_userdb_lookup - find user (case-insensitive, Unicode-aware) in
 * domain (case-insensitive; an entry with empty domain matches any; if
 * domain is NULL or "" the first entry for the user matches).  Returns 0
 * and a copy in *out_entry, NTLM_ERR_UNKNOWN_USER if not found,
 * NTLM_ERR_USER_FILE if the file cannot be read.
 */
int ntlmgss_userdb_lookup(const char *path, const char *domain,
                          const char *user,
                          struct ntlmgss_user_entry **out_entry);

/* ntlmgss_userdb_first - the first entry (default initiator identity). */
int ntlmgss_userdb_first(const char *path,
                         struct ntlmgss_user_entry **out_entry);

/*
 * ntlmgss_userdb_set - add or replace the entry for domain\user, storing
 * the NT hash ({NT} form) computed from password, writing atomically
 * (temp file + rename) with mode 0600.  For the operator tool.
 */
int ntlmgss_userdb_set(const char *path, const char *domain,
                       const char *user, const char *password,
                       size_t password_len);

/* Parse a buffer (tests/fuzzing): number of entries or an error. */
int ntlmgss_userdb_parse_check(const char *text, size_t len,
                               size_t *out_num_entries);

/* ---- additions ------------------------------------------------------ */

/*
 * Compatibility with the existing mechanism's NTLM_USER_FILE, in detail:
 *  - a line whose first character is '#' is a comment; lines without two
 *    ':' are ignored (a trace warning names the line number);
 *  - DOMAIN:USER:PASSWORD (Heimdal): nothing is trimmed; the password runs
 *    to the first CR or LF (we also accept ':' inside it, where the
 *    existing mechanism skipped the line);
 *  - smbpasswd lines NAME:UID:LMHASH:NTHASH:[FLAGS]:... (UID decimal,
 *    NTHASH 32 hex digits), NAME optionally "DOMAIN\USER"; an account
 *    flagged D (disabled) or with an all-X NT hash never matches;
 *  - DOMAIN:USER:{NT}<32 hex> holds the NT hash instead of a password;
 *  - user and domain compare case-insensitively (Unicode upper case);
 *  - lookup with a domain: the first entry (in file order) whose domain
 *    matches, where an smbpasswd entry without DOMAIN\ matches any
 *    domain (as before); failing that, the first entry with an empty
 *    Heimdal domain (an extension: such lines never matched a named domain
 *    in the existing mechanism, so nothing that worked there changes);
 *  - a UTF-8 byte order mark at the start of the file is skipped (with a
 *    trace line; the existing mechanism took it for part of the first
 *    domain);
 *  - when the same user appears more than once the first matching line
 *    wins, as in the existing mechanism; a load with tracing on reports
 *    every line that duplicates or is shadowed by an earlier one.
 */

/* ntlmgss_userdb_flush - drop every cached file (tests). */
void ntlmgss_userdb_flush(void);

/*
 * ntlmgss_userdb_hex_to_hash - parse 32 hex digits (either case) into 16
 * bytes; NTLM_ERR_INVALID_ARGUMENT otherwise.  Used for {NT} entries and
 * credential-store NT hashes.
 */
int ntlmgss_userdb_hex_to_hash(const char *hex, size_t len, uint8_t out[16]);

/*
 * ntlmgss_userdb_fold - the case-folded form used for comparisons
 * (malloc'd UTF-8): ASCII upper case, and Unicode simple upper case for
 * valid non-ASCII UTF-8.  For callers that compare names the same way.
 */
int ntlmgss_userdb_fold(const char *s, size_t len, char **out_folded);

/* Severities given to an ntlmgss_userdb_check() report callback. */
#define NTLMGSS_USERDB_WARNING 1   /* works, but probably not as meant */
#define NTLMGSS_USERDB_ERROR 2     /* the file or an entry cannot be used */

/*
 * ntlmgss_userdb_check - read path and parse it exactly as lookups do (the
 * same parser), calling report(arg, line, severity, msg) for every
 * problem, in line order (line 0: the file as a whole; msg is borrowed
 * for the call and never holds a password or hash):
 *  - errors: the file cannot be opened or read, is not a regular file, is
 *    too large, or is writable by group or others; a line that is
 *    ignored (fewer than two ':', empty user name, NUL byte); an {NT}
 *    value that is not 32 hex digits; a password that is not UTF-8; a
 *    user or domain name that is not UTF-8 (clients always send UTF-8,
 *    so it never matches); an smbpasswd line whose NT hash is bad (it is
 *    then read as DOMAIN:USER:PASSWORD);
 *  - warnings: readable by group or others; a leading UTF-8 byte order
 *    mark; a line that duplicates or is shadowed by another entry for
 *    the same user under the lookup rules above (which line wins for
 *    which domains); blanks around a name; an empty password; an unusable
 *    LM field; no usable entry.
 * Returns 0 when the file was checked (whatever was found),
 * NTLM_ERR_USER_FILE when it could not be read (also reported, line 0),
 * NTLM_ERR_NOMEM, or NTLM_ERR_INVALID_ARGUMENT.  Uses no cache.
 */
int ntlmgss_userdb_check(const char *path,
                         void (*report)(void *arg, unsigned line,
                                        int severity, const char *msg),
                         void *arg);

#endif /* NTLMGSS_USERDB_H */
