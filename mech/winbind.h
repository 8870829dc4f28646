/*
 * winbind.h - domain logins through Samba's winbindd (libwbclient), the
 * second verification backend of the acceptor, and initiator single sign-on
 * from winbind's cached credentials.  No GSSAPI here.
 *
 * libwbclient.so.0 is loaded at run time (dlopen), so nothing needs it at
 * build time and a machine without Samba simply has no domain logins: every
 * function then fails with NTLM_ERR_WINBIND_UNAVAILABLE and the trace says
 * why.  The environment variable NTLMGSS_WBCLIENT names another library
 * path, or "none" to switch domain logins off.
 *
 * Concurrency and bounded time: requests run on a small pool of worker
 * threads, each with its own wbcContext (its own winbindd connection), so
 * acceptor threads do not serialise on one socket.  The caller waits at
 * most the timeout (NTLMGSS_WB_TIMEOUT_MS, default 15000 ms, or
 * ntlmgss_wb_set_limits); libwbclient's own limits are 30 s to connect and
 * up to 300 s for a reply from a hung winbindd, far too long for an
 * acceptor.  A caller that times out gets NTLM_ERR_WINBINDD_TIMEOUT; the
 * worker finishes (or gives up) in the background.  A winbindd that is not
 * running fails at once (connection refused): NTLM_ERR_WINBINDD_NOT_RUNNING.
 *
 * Every function returns 0 or an NTLM_ERR_* code and records a detail
 * message (ntlm_err_detail) naming the winbind error or NT status.
 */
#ifndef NTLMGSS_WINBIND_H
#define NTLMGSS_WINBIND_H

#include <stddef.h>
#include <stdint.h>

/* What winbindd returned for a successful logon.  All strings owned. */
struct ntlmgss_wb_info {
    char *user;             /* canonical account name, e.g. "alice" */
    char *domain;           /* NetBIOS domain, e.g. "EXAMPLE" */
    char *dns_domain;       /* may be "" (DC-local logons) */
    char *upn;              /* user principal name, may be "" */
    char *logon_server;     /* DC that answered, may be "" */
    uint8_t session_base_key[16];   /* NTLMv2 SessionBaseKey; wiped */
    uint32_t user_flags;    /* NETLOGON user_flags */
    uint32_t acct_flags;    /* ACB_* flags */
    char *user_sid;         /* "S-1-5-21-...-1102" */
    char *primary_group_sid;
    char **group_sids;      /* the group list (may repeat the primary) */
    uint32_t *group_attrs;  /* SE_GROUP_* attributes, one per group */
    size_t num_group_sids;
};

/* ntlmgss_wb_info_free - wipe the key and free everything.  NULL ok. */
void ntlmgss_wb_info_free(struct ntlmgss_wb_info *info);

/*
 * ntlmgss_wb_probe - 0 if libwbclient is loadable and winbindd answers a
 * ping within the timeout; else NTLM_ERR_WINBIND_UNAVAILABLE (no library),
 * NTLM_ERR_WINBINDD_NOT_RUNNING, NTLM_ERR_WINBINDD_TIMEOUT.  Traces why.
 */
int ntlmgss_wb_probe(void);

/* ntlmgss_wb_available - 1 if ntlmgss_wb_probe() succeeds, else 0. */
int ntlmgss_wb_available(void);

/*
 * ntlmgss_wb_set_limits - override the per-call timeout (ms, 0 = keep) and
 * the maximum number of worker threads (0 = keep; default 16).  Meant for
 * configuration at start-up and for tests.
 */
void ntlmgss_wb_set_limits(unsigned int timeout_ms, unsigned int max_workers);

/*
 * ntlmgss_wb_domain_info - the member's names for the CHALLENGE target
 * info: NetBIOS domain ("EXAMPLE"), DNS domain ("example.test"), NetBIOS
 * computer ("MEMBER1") and DNS computer name ("member1.example.test",
 * built as lower(NetBIOS name) "." DNS domain; "" when winbind knows no DNS
 * domain).  Through a member the DC checks MsvAvNbComputerName and
 * MsvAvNbDomainName in the client's blob against the secure channel, so the
 * acceptor must send exactly these.  Outputs are malloc'd; any may be NULL.
 */
int ntlmgss_wb_domain_info(char **out_nb_domain, char **out_dns_domain,
                           char **out_nb_computer, char **out_dns_computer);

/*
 * ntlmgss_wb_authenticate - pass an NTLM response through to the domain
 * (wbcAuthenticateUserEx, response level).  user, domain and workstation
 * must be exactly what the client sent (UTF-8): the NTLMv2 proof is keyed
 * on them.  nt_resp is the whole NtChallengeResponse (NTProofStr || blob),
 * lm_resp the LmChallengeResponse (may be empty).  On success *out_info
 * (owned by the caller) holds the canonical names, the session base key
 * and the SIDs.  Errors: NTLM_ERR_WRONG_PASSWORD, NTLM_ERR_UNKNOWN_USER,
 * NTLM_ERR_ACCOUNT_DISABLED, _EXPIRED, _LOCKED, NTLM_ERR_PASSWORD_EXPIRED,
 * NTLM_ERR_NO_AUTHORITY (DC unreachable), NTLM_ERR_WINBINDD_*, ...
 */
int ntlmgss_wb_authenticate(const char *user, const char *domain,
                            const char *workstation,
                            const uint8_t server_challenge[8],
                            const uint8_t *nt_resp, size_t nt_len,
                            const uint8_t *lm_resp, size_t lm_len,
                            struct ntlmgss_wb_info **out_info);

/*
 * ntlmgss_wb_map_status - the NTLM_ERR_* code for an NTSTATUS returned by
 * a domain logon (0 for STATUS_SUCCESS; NTLM_ERR_LOGON_FAILURE for unknown
 * failure codes).  Does not set a detail.
 */
int ntlmgss_wb_map_status(uint32_t nt_status);

/* ntlmgss_wb_status_name - "NT_STATUS_WRONG_PASSWORD" etc., or NULL. */
const char *ntlmgss_wb_status_name(uint32_t nt_status);

/*
 * Initiator single sign-on.  winbindd keeps the NT hash of users who logged
 * on through pam_winbind with cached logons enabled; it does not hand the
 * hash out but runs the NTLMSSP client itself (WBC_CREDENTIAL_CACHE_LEVEL_
 * NTLMSSP): given our NEGOTIATE message and the server's CHALLENGE it
 * returns the complete AUTHENTICATE message (MIC included) and the
 * exported session key.  winbindd only serves the calling uid's own
 * credentials.
 *
 * ntlmgss_wb_sso_available - 0 if winbind holds credentials for
 * user@domain that the calling uid may use, else NTLM_ERR_SSO_NO_CACHED_
 * CREDS or a winbind error.
 */
int ntlmgss_wb_sso_available(const char *user, const char *domain);

/*
 * ntlmgss_wb_sso_authenticate - run the cached-credentials NTLMSSP client:
 * negotiate/challenge are the raw messages exchanged so far.  On success
 * *out_auth (malloc'd, *out_auth_len) is the AUTHENTICATE message to send
 * and out_session_key the exported session key for signing and sealing.
 */
int ntlmgss_wb_sso_authenticate(const char *user, const char *domain,
                                const uint8_t *negotiate, size_t neg_len,
                                const uint8_t *challenge, size_t chal_len,
                                uint8_t **out_auth, size_t *out_auth_len,
                                uint8_t out_session_key[16]);

#endif /* NTLMGSS_WINBIND_H */
