/*
 * nconfig.h - the mechanism's configuration (no GSSAPI here).
 *
 * Sources, later ones overriding earlier ones:
 *   1. built-in defaults;
 *   2. the module configuration file: $NTLMGSS_CONFIG (read with
 *      secure_getenv) or ntlmgss_config_default_path(), the file configure
 *      --with-ntlmgss-config names (default /etc/gss/ntlmgss.conf, whatever
 *      --prefix says); "key = value" lines, '#' comments;
 *   3. environment overrides (secure_getenv): NTLM_USER_FILE,
 *      NTLMGSS_USER_FILE, NTLMGSS_TRACE, NTLMGSS_COMPAT_LEVEL, ...
 * The snapshot is immutable once returned; ntlmgss_config_get() returns a
 * reference-counted snapshot re-read when the file's mtime/size changes.
 */
#ifndef NTLMGSS_NCONFIG_H
#define NTLMGSS_NCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ntlmgss_policy {
    NTLMGSS_POLICY_IGNORE = 0,      /* do not check */
    NTLMGSS_POLICY_IF_PRESENT,      /* check when the peer sent it */
    NTLMGSS_POLICY_REQUIRE          /* must be present and correct */
};

enum ntlmgss_domain_mode {
    NTLMGSS_DOMAIN_AUTO = 0,        /* when winbind answers */
    NTLMGSS_DOMAIN_YES,             /* always (failures are errors) */
    NTLMGSS_DOMAIN_NO               /* never */
};

/*
 * String fields: nb_computer, nb_domain, dns_computer and dns_domain are
 * never NULL (dns_domain may be "" when the host name has no domain part);
 * user_file, default_user, trace_file and config_path may be NULL (unset).
 */
struct ntlmgss_config {
    /* Windows' LmCompatibilityLevel semantics (0-5).  Default 3 for the
     * initiator (send NTLMv2 only) and acceptor accepts NTLMv2 only unless
     * level <= 2 ("compat" allows NTLMv1/LM; never silently). */
    int compat_level;
    char *nb_computer;          /* NetBIOS computer name (upper case) */
    char *nb_domain;            /* NetBIOS domain name (upper case) */
    char *dns_computer;         /* DNS host name */
    char *dns_domain;           /* DNS domain */
    char *user_file;            /* acceptor/initiator user database */
    char *default_user;         /* default initiator identity "DOM\\user" */
    enum ntlmgss_policy mic_policy;        /* acceptor; default IF_PRESENT */
    enum ntlmgss_policy cb_policy;         /* acceptor; default IF_PRESENT */
    enum ntlmgss_policy target_policy;     /* acceptor; default IGNORE */
    bool send_mic;              /* initiator; default true */
    uint32_t clock_skew;        /* seconds; default 300; 0 = no check */
    bool allow_anonymous;       /* acceptor; default false */
    bool allow_foreign_localname; /* gss_localname of other domains */
    char *trace_file;           /* NTLMGSS_TRACE */
    char *config_path;          /* the file read (or NULL) */
    unsigned refcount;
    /* ---- additions ---- */
    /* seal_by_default (initiator; default yes): any protection flag
     * (INTEG, CONF, REPLAY, SEQUENCE) negotiates SIGN and SEAL, as
     * krb5 and the existing NTLM mechanism behave.  "no" follows Windows
     * SSPI exactly: SEAL only for GSS_C_CONF_FLAG. */
    bool seal_by_default;
    /* domain_logins (acceptor; default auto): verify logons through
     * winbind.  auto = when libwbclient loads and winbindd answers. */
    enum ntlmgss_domain_mode domain_logins;
    /* domain_localname (default no): gss_localname maps an authenticated
     * domain user to the account NSS knows as "DOMAIN\user" (winbind's
     * naming), or "user" when winbind uses the default domain. */
    bool domain_localname;
    /* detect_reflection (initiator; default no): refuse a CHALLENGE
     * whose server challenge one of this process's acceptors issued (an
     * NTLM reflection attack on a process that both accepts and
     * initiates, such as a proxy).  Off by default because it also
     * refuses handshakes between an initiator and an acceptor of the same
     * process (in-process self-tests). */
    bool detect_reflection;
};

/* ntlmgss_config_get - the current snapshot (ref held); never NULL except
 * on allocation failure (ret NTLM_ERR_NOMEM).  A syntax error in the file
 * gives NTLM_ERR_CONFIG with a detail message. */
int ntlmgss_config_get(struct ntlmgss_config **out_cfg);
void ntlmgss_config_release(struct ntlmgss_config *cfg);
/* Parse a configuration text (for tests and fuzzing). */
int ntlmgss_config_parse(const char *text, size_t len,
                         struct ntlmgss_config **out_cfg);

/* ---- additions ------------------------------------------------------ */

/* ntlmgss_config_parse_file - defaults + the file at path (no environment
 * overrides).  NTLM_ERR_CONFIG (detail set) if it cannot be read or parsed.
 * For the operator tool's "check the configuration" and tests. */
int ntlmgss_config_parse_file(const char *path,
                              struct ntlmgss_config **out_cfg);

/* ntlmgss_config_default_path - the file read when NTLMGSS_CONFIG is unset
 * (static string). */
const char *ntlmgss_config_default_path(void);

/* ntlmgss_policy_name - "ignore", "if-present" or "require". */
const char *ntlmgss_policy_name(enum ntlmgss_policy p);

/* ntlmgss_config_flush - drop the cached snapshot (tests; the cache also
 * notices file and environment changes by itself). */
void ntlmgss_config_flush(void);

#endif /* NTLMGSS_NCONFIG_H */
