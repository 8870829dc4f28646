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

#include <stddef.h>
#include <stdint.h>

struct ntlmgss_user_entry {
    char *domain;           /* as in the file ("" = any) */
    char *user;
    uint8_t nt_hash[16];
    char *password;         /* NULL when the file holds only the hash */
    size_t password_len;
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

#endif /* NTLMGSS_USERDB_H */
