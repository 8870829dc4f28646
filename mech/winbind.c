/*
 * winbind.c - domain logins through Samba's winbindd (see winbind.h).
 *
 * libwbclient.so.0 is dlopen'ed on first use.  Its ABI is declared here
 * (struct wb_*) instead of including wbclient.h, so the build never needs
 * libwbclient-dev; when the header is present at build time, static
 * assertions check our copies against it.  The declarations follow
 * libwbclient 0.15 (Samba 4.15-4.19, Debian 12: 4.17); the structures we
 * read are only ever extended at the end, and the functions we use carry
 * the symbol versions WBCLIENT_0.9 and WBCLIENT_0.12.
 *
 * Threads: a pool of at most max_workers detached worker threads, each
 * owning one wbcContext (one connection to winbindd's privileged pipe),
 * started on demand and ended after WB_IDLE_SECS idle.  Callers queue a
 * request and wait on its condition variable until a deadline; a request
 * whose caller gave up is freed by the worker that runs it, or by the
 * caller if still queued.  Workers block all signals.  After fork() the
 * child starts with an empty pool (pthread_atfork).
 *
 * libwbclient's own time limits (nsswitch/wb_common.c): connecting waits up
 * to 30 s, and a reply is awaited in 5 s polls for up to 300 s.  The pool's
 * deadline caps what the caller sees.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/errors.h"
#include "common/secure.h"
#include "trace.h"
#include "winbind.h"

/* ---- libwbclient ABI (wbclient.h, interface 0.15) ---------------------- */

enum {
    WB_ERR_SUCCESS = 0,
    WB_ERR_NOT_IMPLEMENTED,
    WB_ERR_UNKNOWN_FAILURE,
    WB_ERR_NO_MEMORY,
    WB_ERR_INVALID_SID,
    WB_ERR_INVALID_PARAM,
    WB_ERR_WINBIND_NOT_AVAILABLE,
    WB_ERR_DOMAIN_NOT_FOUND,
    WB_ERR_INVALID_RESPONSE,
    WB_ERR_NSS_ERROR,
    WB_ERR_AUTH_ERROR,
    WB_ERR_UNKNOWN_USER,
    WB_ERR_UNKNOWN_GROUP,
    WB_ERR_PWD_CHANGE_FAILED
};

#define WB_AUTH_USER_LEVEL_RESPONSE 3
#define WB_MSV1_0_ALLOW_SERVER_TRUST_ACCOUNT 0x00000020
#define WB_MSV1_0_ALLOW_WORKSTATION_TRUST_ACCOUNT 0x00000800
#define WB_CREDENTIAL_CACHE_LEVEL_NTLMSSP 1
#define WB_MAXSUBAUTHS 15
#define WB_SID_STRING_BUFLEN (15 * 11 + 25)

struct wb_blob {
    uint8_t *data;
    size_t length;
};

struct wb_named_blob {
    const char *name;
    uint32_t flags;
    struct wb_blob blob;
};

struct wb_domain_sid {
    uint8_t sid_rev_num;
    uint8_t num_auths;
    uint8_t id_auth[6];
    uint32_t sub_auths[WB_MAXSUBAUTHS];
};

struct wb_sid_with_attr {
    struct wb_domain_sid sid;
    uint32_t attributes;
};

struct wb_auth_user_params {
    const char *account_name;
    const char *domain_name;
    const char *workstation_name;
    uint32_t flags;
    uint32_t parameter_control;
    int level;                  /* enum wbcAuthUserLevel */
    union {
        const char *plaintext;
        struct {
            uint8_t nt_hash[16];
            uint8_t lm_hash[16];
        } hash;
        struct {
            uint8_t challenge[8];
            uint32_t nt_length;
            uint8_t *nt_data;
            uint32_t lm_length;
            uint8_t *lm_data;
        } response;
        struct wb_blob pac;
    } password;
};

struct wb_auth_user_info {
    uint32_t user_flags;
    char *account_name;
    char *user_principal;
    char *full_name;
    char *domain_name;
    char *dns_domain_name;
    uint32_t acct_flags;
    uint8_t user_session_key[16];
    uint8_t lm_session_key[8];
    uint16_t logon_count;
    uint16_t bad_password_count;
    uint64_t logon_time;
    uint64_t logoff_time;
    uint64_t kickoff_time;
    uint64_t pass_last_set_time;
    uint64_t pass_can_change_time;
    uint64_t pass_must_change_time;
    char *logon_server;
    char *logon_script;
    char *profile_path;
    char *home_directory;
    char *home_drive;
    uint32_t num_sids;
    struct wb_sid_with_attr *sids;
};

struct wb_auth_error_info {
    uint32_t nt_status;
    char *nt_string;
    int32_t pam_error;
    char *display_string;
    /* 0.15 adds "uint8_t authoritative" here; not read. */
};

struct wb_interface_details {
    uint32_t interface_version;
    char *winbind_version;
    char winbind_separator;
    char *netbios_name;
    char *netbios_domain;
    char *dns_domain;
};

struct wb_ccache_params {
    const char *account_name;
    const char *domain_name;
    int level;                  /* enum wbcCredentialCacheLevel */
    size_t num_blobs;
    struct wb_named_blob *blobs;
};

struct wb_ccache_info {
    size_t num_blobs;
    struct wb_named_blob *blobs;
};

#if defined(__has_include)
#if __has_include(<samba-4.0/wbclient.h>)
#include <samba-4.0/wbclient.h>
#include <stddef.h>
#define WB_SAME(a, b, f) \
    _Static_assert(offsetof(struct a, f) == offsetof(struct b, f), \
                   #a "." #f " differs from wbclient.h")
WB_SAME(wb_auth_user_params, wbcAuthUserParams, level);
WB_SAME(wb_auth_user_params, wbcAuthUserParams, password.response.nt_data);
WB_SAME(wb_auth_user_params, wbcAuthUserParams, password.response.lm_data);
WB_SAME(wb_auth_user_info, wbcAuthUserInfo, user_session_key);
WB_SAME(wb_auth_user_info, wbcAuthUserInfo, logon_server);
WB_SAME(wb_auth_user_info, wbcAuthUserInfo, num_sids);
WB_SAME(wb_auth_user_info, wbcAuthUserInfo, sids);
WB_SAME(wb_auth_error_info, wbcAuthErrorInfo, display_string);
WB_SAME(wb_interface_details, wbcInterfaceDetails, dns_domain);
WB_SAME(wb_ccache_params, wbcCredentialCacheParams, blobs);
WB_SAME(wb_ccache_info, wbcCredentialCacheInfo, blobs);
WB_SAME(wb_named_blob, wbcNamedBlob, blob.length);
_Static_assert(sizeof(struct wb_sid_with_attr) ==
               sizeof(struct wbcSidWithAttr), "wbcSidWithAttr size");
_Static_assert((int)WB_ERR_PWD_CHANGE_FAILED ==
               (int)WBC_ERR_PWD_CHANGE_FAILED, "wbcErr values");
_Static_assert(WB_AUTH_USER_LEVEL_RESPONSE == WBC_AUTH_USER_LEVEL_RESPONSE,
               "wbcAuthUserLevel");
#endif
#endif

struct wbcContext;

/* The functions we use, resolved from the library. */
static struct {
    void *handle;
    bool ok;
    char why[300];
    struct wbcContext *(*ctx_create)(void);
    void (*ctx_free)(struct wbcContext *);
    int (*ctx_ping)(struct wbcContext *);
    int (*ctx_interface_details)(struct wbcContext *,
                                 struct wb_interface_details **);
    int (*ctx_authenticate_user_ex)(struct wbcContext *,
                                    const struct wb_auth_user_params *,
                                    struct wb_auth_user_info **,
                                    struct wb_auth_error_info **);
    int (*ctx_credential_cache)(struct wbcContext *,
                                struct wb_ccache_params *,
                                struct wb_ccache_info **,
                                struct wb_auth_error_info **);
    void (*free_memory)(void *);
    int (*sid_to_string_buf)(const struct wb_domain_sid *, char *, int);
    const char *(*error_string)(int);
} wbl;

static pthread_once_t wbl_once = PTHREAD_ONCE_INIT;

#define WB_DEFAULT_LIB "libwbclient.so.0"

static const char *
wb_getenv(const char *name)
{
#ifdef HAVE_SECURE_GETENV
    return secure_getenv(name);
#else
    return getenv(name);
#endif
}

static void
wbl_load(void)
{
    const char *path = wb_getenv("NTLMGSS_WBCLIENT");
    const char *missing = NULL;
    const char *err;

    if (path == NULL || *path == '\0')
        path = WB_DEFAULT_LIB;
    if (strcmp(path, "none") == 0) {
        snprintf(wbl.why, sizeof(wbl.why),
                 "domain logins switched off (NTLMGSS_WBCLIENT=none)");
        goto done;
    }
    wbl.handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (wbl.handle == NULL) {
        err = dlerror();
        snprintf(wbl.why, sizeof(wbl.why),
                 "cannot load %s (%s); install Samba's libwbclient0 and "
                 "winbind for domain logins", path,
                 err != NULL ? err : "unknown error");
        goto done;
    }

#define WB_SYM(field, name)                                          \
    do {                                                             \
        *(void **)&wbl.field = dlsym(wbl.handle, name);              \
        if (wbl.field == NULL && missing == NULL)                    \
            missing = name;                                          \
    } while (0)
    WB_SYM(ctx_create, "wbcCtxCreate");
    WB_SYM(ctx_free, "wbcCtxFree");
    WB_SYM(ctx_ping, "wbcCtxPing");
    WB_SYM(ctx_interface_details, "wbcCtxInterfaceDetails");
    WB_SYM(ctx_authenticate_user_ex, "wbcCtxAuthenticateUserEx");
    WB_SYM(free_memory, "wbcFreeMemory");
    WB_SYM(sid_to_string_buf, "wbcSidToStringBuf");
    WB_SYM(error_string, "wbcErrorString");
#undef WB_SYM
    if (missing != NULL) {
        snprintf(wbl.why, sizeof(wbl.why),
                 "%s lacks %s (libwbclient older than Samba 4.2?)", path,
                 missing);
        goto done;
    }
    /* Optional: single sign-on only. */
    *(void **)&wbl.ctx_credential_cache =
        dlsym(wbl.handle, "wbcCtxCredentialCache");
    wbl.ok = true;

done:
    if (wbl.ok)
        NTLMGSS_TRACE("winbind: loaded %s", path);
    else
        NTLMGSS_TRACE("winbind: domain logins unavailable: %s", wbl.why);
}

/* wb_load - 0 if libwbclient is usable, else WINBIND_UNAVAILABLE. */
static int
wb_load(void)
{
    pthread_once(&wbl_once, wbl_load);
    if (!wbl.ok)
        return ntlm_err_detail(NTLM_ERR_WINBIND_UNAVAILABLE, "%s", wbl.why);
    return 0;
}

static const char *
wb_errstr(int st)
{
    const char *s = NULL;

    if (wbl.error_string != NULL)
        s = wbl.error_string(st);
    return s != NULL ? s : "unknown wbcErr";
}

/* ---- NTSTATUS mapping --------------------------------------------------- */

static const struct {
    uint32_t status;
    const char *name;
    int code;
} nt_map[] = {
    { 0xC000006AU, "NT_STATUS_WRONG_PASSWORD", NTLM_ERR_WRONG_PASSWORD },
    { 0xC0000064U, "NT_STATUS_NO_SUCH_USER", NTLM_ERR_UNKNOWN_USER },
    { 0xC000006DU, "NT_STATUS_LOGON_FAILURE", NTLM_ERR_LOGON_FAILURE },
    { 0xC0000072U, "NT_STATUS_ACCOUNT_DISABLED", NTLM_ERR_ACCOUNT_DISABLED },
    { 0xC0000193U, "NT_STATUS_ACCOUNT_EXPIRED", NTLM_ERR_ACCOUNT_EXPIRED },
    { 0xC0000234U, "NT_STATUS_ACCOUNT_LOCKED_OUT", NTLM_ERR_ACCOUNT_LOCKED },
    { 0xC0000071U, "NT_STATUS_PASSWORD_EXPIRED", NTLM_ERR_PASSWORD_EXPIRED },
    { 0xC0000224U, "NT_STATUS_PASSWORD_MUST_CHANGE",
      NTLM_ERR_PASSWORD_MUST_CHANGE },
    { 0xC000006EU, "NT_STATUS_ACCOUNT_RESTRICTION",
      NTLM_ERR_ACCOUNT_RESTRICTION },
    { 0xC000006FU, "NT_STATUS_INVALID_LOGON_HOURS", NTLM_ERR_LOGON_HOURS },
    { 0xC0000070U, "NT_STATUS_INVALID_WORKSTATION",
      NTLM_ERR_WORKSTATION_RESTRICTED },
    { 0xC000015BU, "NT_STATUS_LOGON_TYPE_NOT_GRANTED",
      NTLM_ERR_LOGON_TYPE_NOT_GRANTED },
    { 0xC0000413U, "NT_STATUS_AUTHENTICATION_FIREWALL_FAILED",
      NTLM_ERR_LOGON_TYPE_NOT_GRANTED },
    { 0xC00000DFU, "NT_STATUS_NO_SUCH_DOMAIN", NTLM_ERR_NO_SUCH_DOMAIN },
    /* The DC cannot be reached. */
    { 0xC000005EU, "NT_STATUS_NO_LOGON_SERVERS", NTLM_ERR_NO_AUTHORITY },
    { 0xC00000DCU, "NT_STATUS_INVALID_SERVER_STATE", NTLM_ERR_NO_AUTHORITY },
    { 0xC00000B5U, "NT_STATUS_IO_TIMEOUT", NTLM_ERR_NO_AUTHORITY },
    { 0xC0000236U, "NT_STATUS_CONNECTION_REFUSED", NTLM_ERR_NO_AUTHORITY },
    { 0xC000020CU, "NT_STATUS_CONNECTION_DISCONNECTED",
      NTLM_ERR_NO_AUTHORITY },
    { 0xC000023AU, "NT_STATUS_CONNECTION_INVALID", NTLM_ERR_NO_AUTHORITY },
    { 0xC0000241U, "NT_STATUS_CONNECTION_ABORTED", NTLM_ERR_NO_AUTHORITY },
    { 0xC000023CU, "NT_STATUS_NETWORK_UNREACHABLE", NTLM_ERR_NO_AUTHORITY },
    { 0xC000023DU, "NT_STATUS_HOST_UNREACHABLE", NTLM_ERR_NO_AUTHORITY },
    { 0xC0000371U, "NT_STATUS_NETLOGON_NOT_STARTED", NTLM_ERR_NO_AUTHORITY },
    { 0xC0000203U, "NT_STATUS_USER_SESSION_DELETED", NTLM_ERR_NO_AUTHORITY },
    { 0xC0000120U, "NT_STATUS_CANCELLED", NTLM_ERR_NO_AUTHORITY },
    /* The member's secure channel to the DC is broken. */
    { 0xC0000190U, "NT_STATUS_TRUST_FAILURE", NTLM_ERR_TRUST_FAILURE },
    { 0xC000018BU, "NT_STATUS_NO_TRUST_SAM_ACCOUNT",
      NTLM_ERR_TRUST_FAILURE },
    { 0xC000018CU, "NT_STATUS_TRUSTED_DOMAIN_FAILURE",
      NTLM_ERR_TRUST_FAILURE },
    { 0xC000018DU, "NT_STATUS_TRUSTED_RELATIONSHIP_FAILURE",
      NTLM_ERR_TRUST_FAILURE },
    { 0xC0000198U, "NT_STATUS_NOLOGON_WORKSTATION_TRUST_ACCOUNT",
      NTLM_ERR_TRUST_FAILURE },
    { 0xC0000199U, "NT_STATUS_NOLOGON_SERVER_TRUST_ACCOUNT",
      NTLM_ERR_TRUST_FAILURE },
    { 0xC0000022U, "NT_STATUS_ACCESS_DENIED", NTLM_ERR_LOGON_FAILURE },
    { 0xC0000017U, "NT_STATUS_NO_MEMORY", NTLM_ERR_WINBINDD_ERROR },
    { 0xC000009AU, "NT_STATUS_INSUFFICIENT_RESOURCES",
      NTLM_ERR_WINBINDD_ERROR },
    { 0xC000000DU, "NT_STATUS_INVALID_PARAMETER", NTLM_ERR_WINBINDD_ERROR },
    { 0xC0000001U, "NT_STATUS_UNSUCCESSFUL", NTLM_ERR_WINBINDD_ERROR },
    { 0xC00000BBU, "NT_STATUS_NOT_SUPPORTED", NTLM_ERR_WINBINDD_ERROR },
    { 0xC0000034U, "NT_STATUS_OBJECT_NAME_NOT_FOUND",
      NTLM_ERR_SSO_NO_CACHED_CREDS },
};

const char *
ntlmgss_wb_status_name(uint32_t nt_status)
{
    size_t i;

    if (nt_status == 0)
        return "NT_STATUS_OK";
    for (i = 0; i < sizeof(nt_map) / sizeof(nt_map[0]); i++) {
        if (nt_map[i].status == nt_status)
            return nt_map[i].name;
    }
    return NULL;
}

int
ntlmgss_wb_map_status(uint32_t nt_status)
{
    size_t i;

    if (nt_status == 0)
        return 0;
    for (i = 0; i < sizeof(nt_map) / sizeof(nt_map[0]); i++) {
        if (nt_map[i].status == nt_status)
            return nt_map[i].code;
    }
    return NTLM_ERR_LOGON_FAILURE;
}

/* ---- worker pool -------------------------------------------------------- */

#define WB_IDLE_SECS 60
#define WB_DEFAULT_TIMEOUT_MS 15000
#define WB_DEFAULT_WORKERS 16
#define WB_MAX_RESPONSE (64 * 1024)

enum wb_op { WB_OP_PING, WB_OP_DETAILS, WB_OP_AUTH, WB_OP_CCACHE };
enum wb_state { WB_QUEUED, WB_RUNNING, WB_DONE };

struct wb_req {
    struct wb_req *next;
    enum wb_op op;
    enum wb_state state;
    bool abandoned;
    pthread_cond_t cv;

    /* Inputs, owned by the request (the caller may give up on it). */
    char *user;
    char *domain;
    char *workstation;
    uint8_t challenge[8];
    uint8_t *nt;
    size_t nt_len;
    uint8_t *lm;
    size_t lm_len;
    struct wb_named_blob blobs[2];
    size_t num_blobs;

    /* Outputs, allocated by libwbclient. */
    int wbc;
    int ping_after;             /* WB_OP_AUTH failing NOT_AVAILABLE */
    struct wb_auth_user_info *info;
    struct wb_auth_error_info *error;
    struct wb_interface_details *details;
    struct wb_ccache_info *ccache;
};

static struct {
    pthread_mutex_t mu;
    pthread_cond_t work_cv;
    struct wb_req *head;
    struct wb_req *tail;
    unsigned int num_queued;
    unsigned int num_workers;
    unsigned int num_idle;
    unsigned int max_workers;
    unsigned int timeout_ms;
    bool inited;
} pool = { .mu = PTHREAD_MUTEX_INITIALIZER };

static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

static void
cond_init_mono(pthread_cond_t *cv)
{
    pthread_condattr_t attr;

    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(cv, &attr);
    pthread_condattr_destroy(&attr);
}

static void
pool_atfork_prepare(void)
{
    pthread_mutex_lock(&pool.mu);
}

static void
pool_atfork_parent(void)
{
    pthread_mutex_unlock(&pool.mu);
}

/* The child has none of the workers: start afresh (queued requests belong
 * to threads that do not exist here; they are leaked, not touched). */
static void
pool_atfork_child(void)
{
    pool.head = pool.tail = NULL;
    pool.num_queued = pool.num_workers = pool.num_idle = 0;
    cond_init_mono(&pool.work_cv);
    pthread_mutex_unlock(&pool.mu);
}

static void
pool_init(void)
{
    const char *s;
    unsigned long v;

    cond_init_mono(&pool.work_cv);
    pool.max_workers = WB_DEFAULT_WORKERS;
    pool.timeout_ms = WB_DEFAULT_TIMEOUT_MS;
    s = wb_getenv("NTLMGSS_WB_TIMEOUT_MS");
    if (s != NULL && *s != '\0') {
        v = strtoul(s, NULL, 10);
        if (v > 0 && v < 3600000UL)
            pool.timeout_ms = (unsigned int)v;
    }
    s = wb_getenv("NTLMGSS_WB_THREADS");
    if (s != NULL && *s != '\0') {
        v = strtoul(s, NULL, 10);
        if (v > 0 && v <= 1024)
            pool.max_workers = (unsigned int)v;
    }
    pthread_atfork(pool_atfork_prepare, pool_atfork_parent,
                   pool_atfork_child);
    pool.inited = true;
}

void
ntlmgss_wb_set_limits(unsigned int timeout_ms, unsigned int max_workers)
{
    pthread_once(&pool_once, pool_init);
    pthread_mutex_lock(&pool.mu);
    if (timeout_ms != 0)
        pool.timeout_ms = timeout_ms;
    if (max_workers != 0)
        pool.max_workers = max_workers;
    pthread_mutex_unlock(&pool.mu);
}

static void
req_free(struct wb_req *r)
{
    if (r == NULL)
        return;
    pthread_cond_destroy(&r->cv);
    free(r->user);
    free(r->domain);
    free(r->workstation);
    ntlm_zfree(r->nt, r->nt_len);
    ntlm_zfree(r->lm, r->lm_len);
    if (r->info != NULL) {
        ntlm_zero(r->info->user_session_key,
                  sizeof(r->info->user_session_key));
        ntlm_zero(r->info->lm_session_key, sizeof(r->info->lm_session_key));
        wbl.free_memory(r->info);
    }
    if (r->error != NULL)
        wbl.free_memory(r->error);
    if (r->details != NULL)
        wbl.free_memory(r->details);
    if (r->ccache != NULL) {
        size_t i;

        for (i = 0; i < r->ccache->num_blobs; i++) {
            if (r->ccache->blobs[i].blob.data != NULL)
                ntlm_zero(r->ccache->blobs[i].blob.data,
                          r->ccache->blobs[i].blob.length);
        }
        wbl.free_memory(r->ccache);
    }
    free(r);
}

static struct wb_req *
req_new(enum wb_op op)
{
    struct wb_req *r = calloc(1, sizeof(*r));

    if (r == NULL)
        return NULL;
    r->op = op;
    r->state = WB_QUEUED;
    cond_init_mono(&r->cv);
    return r;
}

/* Run one request on ctx (a worker's own context; may be NULL). */
static void
req_run(struct wb_req *r, struct wbcContext *ctx)
{
    struct wb_auth_user_params p;
    struct wb_ccache_params cp;

    if (ctx == NULL) {
        r->wbc = WB_ERR_NO_MEMORY;
        return;
    }
    switch (r->op) {
    case WB_OP_PING:
        r->wbc = wbl.ctx_ping(ctx);
        break;
    case WB_OP_DETAILS:
        r->wbc = wbl.ctx_interface_details(ctx, &r->details);
        break;
    case WB_OP_AUTH:
        memset(&p, 0, sizeof(p));
        p.account_name = r->user;
        p.domain_name = r->domain;
        p.workstation_name = r->workstation;
        p.parameter_control = WB_MSV1_0_ALLOW_WORKSTATION_TRUST_ACCOUNT |
            WB_MSV1_0_ALLOW_SERVER_TRUST_ACCOUNT;
        p.level = WB_AUTH_USER_LEVEL_RESPONSE;
        memcpy(p.password.response.challenge, r->challenge, 8);
        p.password.response.nt_length = (uint32_t)r->nt_len;
        p.password.response.nt_data = r->nt_len ? r->nt : NULL;
        p.password.response.lm_length = (uint32_t)r->lm_len;
        p.password.response.lm_data = r->lm_len ? r->lm : NULL;
        r->wbc = wbl.ctx_authenticate_user_ex(ctx, &p, &r->info, &r->error);
        if (r->wbc == WB_ERR_WINBIND_NOT_AVAILABLE)
            r->ping_after = wbl.ctx_ping(ctx);
        break;
    case WB_OP_CCACHE:
        memset(&cp, 0, sizeof(cp));
        cp.account_name = r->user;
        cp.domain_name = r->domain;
        cp.level = WB_CREDENTIAL_CACHE_LEVEL_NTLMSSP;
        cp.num_blobs = r->num_blobs;
        cp.blobs = r->num_blobs ? r->blobs : NULL;
        r->wbc = wbl.ctx_credential_cache(ctx, &cp, &r->ccache, &r->error);
        break;
    }
}

static void *
worker_main(void *arg)
{
    struct wbcContext *ctx = NULL;
    struct wb_req *r;
    struct timespec until;
    sigset_t all;
    int rc;

    (void)arg;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    ctx = wbl.ctx_create();

    pthread_mutex_lock(&pool.mu);
    for (;;) {
        while (pool.head == NULL) {
            clock_gettime(CLOCK_MONOTONIC, &until);
            until.tv_sec += WB_IDLE_SECS;
            pool.num_idle++;
            rc = pthread_cond_timedwait(&pool.work_cv, &pool.mu, &until);
            pool.num_idle--;
            if (rc == ETIMEDOUT && pool.head == NULL)
                goto out;
        }
        r = pool.head;
        pool.head = r->next;
        if (pool.head == NULL)
            pool.tail = NULL;
        pool.num_queued--;
        r->next = NULL;
        r->state = WB_RUNNING;
        pthread_mutex_unlock(&pool.mu);

        req_run(r, ctx);

        pthread_mutex_lock(&pool.mu);
        r->state = WB_DONE;
        if (r->abandoned) {
            pthread_mutex_unlock(&pool.mu);
            NTLMGSS_TRACE("winbind: late answer to an abandoned request "
                          "(%s)", wb_errstr(r->wbc));
            req_free(r);
            pthread_mutex_lock(&pool.mu);
        } else {
            pthread_cond_signal(&r->cv);
        }
    }
out:
    pool.num_workers--;
    pthread_mutex_unlock(&pool.mu);
    if (ctx != NULL)
        wbl.ctx_free(ctx);
    return NULL;
}

/* queue_remove - unlink a still-queued r (pool.mu held). */
static void
queue_remove(struct wb_req *r)
{
    struct wb_req **pp;

    for (pp = &pool.head; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == r) {
            *pp = r->next;
            r->next = NULL;
            pool.num_queued--;
            break;
        }
    }
    pool.tail = NULL;
    for (pp = &pool.head; *pp != NULL; pp = &(*pp)->next)
        pool.tail = *pp;
}

/*
 * wb_submit - queue r and wait for it until the timeout.  0: r is done
 * (the caller owns it again).  NTLM_ERR_WINBINDD_TIMEOUT: r now belongs to
 * the pool (or is freed).  Other codes: r was not queued; caller frees it.
 */
static int
wb_submit(struct wb_req *r, const char *what)
{
    pthread_t tid;
    pthread_attr_t attr;
    struct timespec deadline;
    unsigned int timeout_ms;
    int rc;

    pthread_once(&pool_once, pool_init);
    pthread_mutex_lock(&pool.mu);
    timeout_ms = pool.timeout_ms;
    if (pool.tail != NULL)
        pool.tail->next = r;
    else
        pool.head = r;
    pool.tail = r;
    pool.num_queued++;
    if (pool.num_queued > pool.num_idle &&
        pool.num_workers < pool.max_workers) {
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        rc = pthread_create(&tid, &attr, worker_main, NULL);
        pthread_attr_destroy(&attr);
        if (rc == 0) {
            pool.num_workers++;
        } else if (pool.num_workers == 0) {
            /* Nobody will ever run it: take it back. */
            queue_remove(r);
            pthread_mutex_unlock(&pool.mu);
            return ntlm_err_detail(NTLM_ERR_INTERNAL,
                                   "winbind: cannot start a worker "
                                   "thread: %s", strerror(rc));
        }
    }
    pthread_cond_signal(&pool.work_cv);

    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    rc = 0;
    while (r->state != WB_DONE && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&r->cv, &pool.mu, &deadline);
    if (r->state == WB_DONE) {
        pthread_mutex_unlock(&pool.mu);
        return 0;
    }
    if (r->state == WB_QUEUED) {
        queue_remove(r);
        pthread_mutex_unlock(&pool.mu);
        req_free(r);
    } else {
        r->abandoned = true;
        pthread_mutex_unlock(&pool.mu);
    }
    NTLMGSS_TRACE("winbind: %s: no answer from winbindd within %u ms",
                  what, timeout_ms);
    return ntlm_err_detail(NTLM_ERR_WINBINDD_TIMEOUT,
                           "winbindd did not answer %s within %u ms (hung "
                           "or overloaded)", what, timeout_ms);
}

/*
 * wb_map_wbc - the code for a failed wbcErr (not AUTH_ERROR with details,
 * which is mapped from the NT status).  Sets the detail and traces.
 */
static int
wb_map_wbc(const struct wb_req *r, const char *what)
{
    int code;
    const char *why;

    switch (r->wbc) {
    case WB_ERR_WINBIND_NOT_AVAILABLE:
        if (r->op == WB_OP_AUTH && r->ping_after == WB_ERR_SUCCESS) {
            code = NTLM_ERR_WINBINDD_ACCESS;
            why = "winbindd answers but refuses its privileged pipe: run "
                "as root or in group winbindd_priv";
        } else {
            code = NTLM_ERR_WINBINDD_NOT_RUNNING;
            why = "winbindd is not running or its socket is unreachable";
        }
        break;
    case WB_ERR_DOMAIN_NOT_FOUND:
        code = NTLM_ERR_NO_SUCH_DOMAIN;
        why = "domain not found by winbindd";
        break;
    case WB_ERR_UNKNOWN_USER:
        code = NTLM_ERR_UNKNOWN_USER;
        why = "user not found by winbindd";
        break;
    case WB_ERR_NO_MEMORY:
        code = NTLM_ERR_NOMEM;
        why = "out of memory in libwbclient";
        break;
    case WB_ERR_INVALID_PARAM:
        code = NTLM_ERR_INVALID_ARGUMENT;
        why = "libwbclient rejected a parameter";
        break;
    case WB_ERR_AUTH_ERROR:
        code = NTLM_ERR_LOGON_FAILURE;
        why = "logon refused without details";
        break;
    default:
        code = NTLM_ERR_WINBINDD_ERROR;
        why = "unexpected answer";
        break;
    }
    NTLMGSS_TRACE("winbind: %s failed: %s (%s)", what, wb_errstr(r->wbc),
                  why);
    return ntlm_err_detail(code, "winbind %s: %s (%s)", what,
                           wb_errstr(r->wbc), why);
}

/* wb_map_auth_error - code for WBC_ERR_AUTH_ERROR with error details. */
static int
wb_map_auth_error(const struct wb_req *r, const char *what)
{
    uint32_t st = r->error->nt_status;
    const char *name = ntlmgss_wb_status_name(st);
    const char *text = r->error->nt_string;
    int code = ntlmgss_wb_map_status(st);

    if (code == 0)
        code = NTLM_ERR_LOGON_FAILURE;
    if (name == NULL)
        name = text != NULL ? text : "unknown NTSTATUS";
    NTLMGSS_TRACE("winbind: %s refused: %s (0x%08x) -> %s", what, name,
                  (unsigned int)st, ntlm_err_string(code));
    return ntlm_err_detail(code, "domain logon %s: %s (0x%08x)", what,
                           name, (unsigned int)st);
}

static int
wb_fail(const struct wb_req *r, const char *what)
{
    if (r->wbc == WB_ERR_AUTH_ERROR && r->error != NULL)
        return wb_map_auth_error(r, what);
    return wb_map_wbc(r, what);
}

/* ---- public functions --------------------------------------------------- */

int
ntlmgss_wb_probe(void)
{
    struct wb_req *r = NULL;
    int ret;

    ret = wb_load();
    if (ret != 0)
        goto done;
    r = req_new(WB_OP_PING);
    if (r == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    ret = wb_submit(r, "ping");
    if (ret != 0) {
        if (ret == NTLM_ERR_WINBINDD_TIMEOUT)
            r = NULL;
        goto done;
    }
    if (r->wbc != WB_ERR_SUCCESS) {
        ret = wb_fail(r, "ping");
        goto done;
    }
    ret = 0;
done:
    req_free(r);
    return ret;
}

int
ntlmgss_wb_available(void)
{
    return ntlmgss_wb_probe() == 0;
}

static char *
dup_or_empty(const char *s)
{
    return strdup(s != NULL ? s : "");
}

int
ntlmgss_wb_domain_info(char **out_nb_domain, char **out_dns_domain,
                       char **out_nb_computer, char **out_dns_computer)
{
    struct wb_req *r = NULL;
    char *nbd = NULL, *dnsd = NULL, *nbc = NULL, *dnsc = NULL;
    const struct wb_interface_details *d;
    size_t i, n;
    int ret;

    if (out_nb_domain != NULL)
        *out_nb_domain = NULL;
    if (out_dns_domain != NULL)
        *out_dns_domain = NULL;
    if (out_nb_computer != NULL)
        *out_nb_computer = NULL;
    if (out_dns_computer != NULL)
        *out_dns_computer = NULL;

    ret = wb_load();
    if (ret != 0)
        goto done;
    r = req_new(WB_OP_DETAILS);
    if (r == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    ret = wb_submit(r, "interface details");
    if (ret != 0) {
        if (ret == NTLM_ERR_WINBINDD_TIMEOUT)
            r = NULL;
        goto done;
    }
    if (r->wbc != WB_ERR_SUCCESS || r->details == NULL) {
        ret = wb_fail(r, "interface details");
        goto done;
    }
    d = r->details;
    nbd = dup_or_empty(d->netbios_domain);
    dnsd = dup_or_empty(d->dns_domain);
    nbc = dup_or_empty(d->netbios_name);
    if (nbd == NULL || dnsd == NULL || nbc == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    if (*dnsd != '\0' && *nbc != '\0') {
        n = strlen(nbc) + 1 + strlen(dnsd) + 1;
        dnsc = malloc(n);
        if (dnsc == NULL) {
            ret = NTLM_ERR_NOMEM;
            goto done;
        }
        snprintf(dnsc, n, "%s.%s", nbc, dnsd);
        for (i = 0; dnsc[i] != '\0'; i++) {
            if (dnsc[i] >= 'A' && dnsc[i] <= 'Z')
                dnsc[i] = (char)(dnsc[i] - 'A' + 'a');
        }
    } else {
        dnsc = strdup("");
        if (dnsc == NULL) {
            ret = NTLM_ERR_NOMEM;
            goto done;
        }
    }
    NTLMGSS_TRACE("winbind: member %s of domain %s (%s), dns name %s", nbc,
                  nbd, dnsd, dnsc);
    ret = 0;
    if (out_nb_domain != NULL) {
        *out_nb_domain = nbd;
        nbd = NULL;
    }
    if (out_dns_domain != NULL) {
        *out_dns_domain = dnsd;
        dnsd = NULL;
    }
    if (out_nb_computer != NULL) {
        *out_nb_computer = nbc;
        nbc = NULL;
    }
    if (out_dns_computer != NULL) {
        *out_dns_computer = dnsc;
        dnsc = NULL;
    }
done:
    free(nbd);
    free(dnsd);
    free(nbc);
    free(dnsc);
    req_free(r);
    return ret;
}

void
ntlmgss_wb_info_free(struct ntlmgss_wb_info *info)
{
    size_t i;

    if (info == NULL)
        return;
    ntlm_zero(info->session_base_key, sizeof(info->session_base_key));
    free(info->user);
    free(info->domain);
    free(info->dns_domain);
    free(info->upn);
    free(info->logon_server);
    free(info->user_sid);
    free(info->primary_group_sid);
    for (i = 0; i < info->num_group_sids; i++)
        free(info->group_sids[i]);
    free(info->group_sids);
    free(info->group_attrs);
    free(info);
}

static char *
sid_string(const struct wb_domain_sid *sid)
{
    char buf[WB_SID_STRING_BUFLEN];
    int n;

    n = wbl.sid_to_string_buf(sid, buf, (int)sizeof(buf));
    if (n <= 0 || (size_t)n >= sizeof(buf))
        return NULL;
    return strdup(buf);
}

/* Convert libwbclient's answer into ours. */
static int
info_from_wbc(const struct wb_auth_user_info *w,
              struct ntlmgss_wb_info **out_info)
{
    struct ntlmgss_wb_info *info = NULL;
    size_t i, ng;
    int ret = NTLM_ERR_NOMEM;

    *out_info = NULL;
    if (w->num_sids < 2 || w->sids == NULL) {
        ret = ntlm_err_detail(NTLM_ERR_WINBINDD_ERROR,
                              "winbindd returned %u SIDs for a logon "
                              "(need user and primary group)",
                              (unsigned int)w->num_sids);
        goto done;
    }
    info = calloc(1, sizeof(*info));
    if (info == NULL)
        goto done;
    info->user = dup_or_empty(w->account_name);
    info->domain = dup_or_empty(w->domain_name);
    info->dns_domain = dup_or_empty(w->dns_domain_name);
    info->upn = dup_or_empty(w->user_principal);
    info->logon_server = dup_or_empty(w->logon_server);
    info->user_sid = sid_string(&w->sids[0].sid);
    info->primary_group_sid = sid_string(&w->sids[1].sid);
    if (info->user == NULL || info->domain == NULL ||
        info->dns_domain == NULL || info->upn == NULL ||
        info->logon_server == NULL || info->user_sid == NULL ||
        info->primary_group_sid == NULL)
        goto done;
    memcpy(info->session_base_key, w->user_session_key, 16);
    info->user_flags = w->user_flags;
    info->acct_flags = w->acct_flags;
    ng = w->num_sids - 2;
    if (ng > 0) {
        info->group_sids = calloc(ng, sizeof(*info->group_sids));
        info->group_attrs = calloc(ng, sizeof(*info->group_attrs));
        if (info->group_sids == NULL || info->group_attrs == NULL)
            goto done;
        for (i = 0; i < ng; i++) {
            info->group_sids[i] = sid_string(&w->sids[i + 2].sid);
            if (info->group_sids[i] == NULL)
                goto done;
            info->group_attrs[i] = w->sids[i + 2].attributes;
            info->num_group_sids = i + 1;
        }
    }
    ret = 0;
    *out_info = info;
    info = NULL;
done:
    ntlmgss_wb_info_free(info);
    return ret;
}

int
ntlmgss_wb_authenticate(const char *user, const char *domain,
                        const char *workstation,
                        const uint8_t server_challenge[8],
                        const uint8_t *nt_resp, size_t nt_len,
                        const uint8_t *lm_resp, size_t lm_len,
                        struct ntlmgss_wb_info **out_info)
{
    struct wb_req *r = NULL;
    int ret;

    if (out_info != NULL)
        *out_info = NULL;
    if (user == NULL || server_challenge == NULL || out_info == NULL ||
        (nt_len > 0 && nt_resp == NULL) || (lm_len > 0 && lm_resp == NULL))
        return NTLM_ERR_INVALID_ARGUMENT;
    if (nt_len > WB_MAX_RESPONSE || lm_len > WB_MAX_RESPONSE)
        return ntlm_err_detail(NTLM_ERR_TOO_LARGE,
                               "NTLM response too large for winbind");

    ret = wb_load();
    if (ret != 0)
        goto done;
    ret = NTLM_ERR_NOMEM;
    r = req_new(WB_OP_AUTH);
    if (r == NULL)
        goto done;
    r->user = strdup(user);
    r->domain = dup_or_empty(domain);
    r->workstation = dup_or_empty(workstation);
    r->nt = ntlm_memdup(nt_len ? nt_resp : (const uint8_t *)"", nt_len);
    r->nt_len = nt_len;
    r->lm = ntlm_memdup(lm_len ? lm_resp : (const uint8_t *)"", lm_len);
    r->lm_len = lm_len;
    if (r->user == NULL || r->domain == NULL || r->workstation == NULL ||
        r->nt == NULL || r->lm == NULL)
        goto done;
    memcpy(r->challenge, server_challenge, 8);

    NTLMGSS_TRACE("winbind: authenticating %s\\%s from workstation %s "
                  "(nt %zu bytes, lm %zu bytes)", r->domain, r->user,
                  r->workstation, nt_len, lm_len);
    ret = wb_submit(r, "authentication");
    if (ret != 0) {
        if (ret == NTLM_ERR_WINBINDD_TIMEOUT)
            r = NULL;
        goto done;
    }
    if (r->wbc != WB_ERR_SUCCESS || r->info == NULL) {
        ret = wb_fail(r, "authentication");
        goto done;
    }
    ret = info_from_wbc(r->info, out_info);
    if (ret != 0)
        goto done;
    NTLMGSS_TRACE("winbind: %s\\%s authenticated as %s\\%s (%s) by %s",
                  r->domain, r->user, (*out_info)->domain, (*out_info)->user,
                  (*out_info)->user_sid, (*out_info)->logon_server);
done:
    req_free(r);
    return ret;
}

/* ---- initiator single sign-on ------------------------------------------ */

static int
wb_ccache(const char *user, const char *domain, const uint8_t *negotiate,
          size_t neg_len, const uint8_t *challenge, size_t chal_len,
          struct wb_req **out_r)
{
    struct wb_req *r = NULL;
    int ret;

    *out_r = NULL;
    if (user == NULL || (neg_len > 0 && negotiate == NULL) ||
        (chal_len > 0 && challenge == NULL))
        return NTLM_ERR_INVALID_ARGUMENT;
    ret = wb_load();
    if (ret != 0)
        goto done;
    if (wbl.ctx_credential_cache == NULL) {
        ret = ntlm_err_detail(NTLM_ERR_WINBIND_UNAVAILABLE,
                              "libwbclient lacks wbcCtxCredentialCache");
        goto done;
    }
    ret = NTLM_ERR_NOMEM;
    r = req_new(WB_OP_CCACHE);
    if (r == NULL)
        goto done;
    r->user = strdup(user);
    r->domain = dup_or_empty(domain);
    r->nt = ntlm_memdup(neg_len ? negotiate : (const uint8_t *)"", neg_len);
    r->nt_len = neg_len;
    r->lm = ntlm_memdup(chal_len ? challenge : (const uint8_t *)"",
                        chal_len);
    r->lm_len = chal_len;
    if (r->user == NULL || r->domain == NULL || r->nt == NULL ||
        r->lm == NULL)
        goto done;
    /* libwbclient 4.17 names them negotiate_blob and challenge_blob. */
    if (neg_len > 0) {
        r->blobs[r->num_blobs].name = "negotiate_blob";
        r->blobs[r->num_blobs].blob.data = r->nt;
        r->blobs[r->num_blobs].blob.length = neg_len;
        r->num_blobs++;
    }
    if (chal_len > 0) {
        r->blobs[r->num_blobs].name = "challenge_blob";
        r->blobs[r->num_blobs].blob.data = r->lm;
        r->blobs[r->num_blobs].blob.length = chal_len;
        r->num_blobs++;
    }
    ret = wb_submit(r, "cached credentials");
    if (ret != 0) {
        if (ret == NTLM_ERR_WINBINDD_TIMEOUT)
            r = NULL;
        goto done;
    }
    if (r->wbc != WB_ERR_SUCCESS || r->ccache == NULL) {
        /* winbindd answers a plain failure when it holds no creds for
         * this uid; report that as "no cached credentials". */
        if (r->wbc == WB_ERR_WINBIND_NOT_AVAILABLE ||
            (r->wbc == WB_ERR_AUTH_ERROR && r->error != NULL)) {
            ret = wb_fail(r, "cached credentials");
        } else {
            NTLMGSS_TRACE("winbind: no cached credentials for %s\\%s "
                          "(%s)", r->domain, r->user, wb_errstr(r->wbc));
            ret = ntlm_err_detail(NTLM_ERR_SSO_NO_CACHED_CREDS,
                                  "winbind has no cached credentials for "
                                  "%s\\%s usable by this uid (%s)",
                                  r->domain, r->user, wb_errstr(r->wbc));
        }
        goto done;
    }
    ret = 0;
    *out_r = r;
    r = NULL;
done:
    req_free(r);
    return ret;
}

int
ntlmgss_wb_sso_available(const char *user, const char *domain)
{
    struct wb_req *r = NULL;
    int ret;

    ret = wb_ccache(user, domain, NULL, 0, NULL, 0, &r);
    req_free(r);
    return ret;
}

static const struct wb_blob *
find_blob(const struct wb_ccache_info *ci, const char *name)
{
    size_t i;

    for (i = 0; i < ci->num_blobs; i++) {
        if (ci->blobs[i].name != NULL &&
            strcmp(ci->blobs[i].name, name) == 0)
            return &ci->blobs[i].blob;
    }
    return NULL;
}

int
ntlmgss_wb_sso_authenticate(const char *user, const char *domain,
                            const uint8_t *negotiate, size_t neg_len,
                            const uint8_t *challenge, size_t chal_len,
                            uint8_t **out_auth, size_t *out_auth_len,
                            uint8_t out_session_key[16])
{
    struct wb_req *r = NULL;
    const struct wb_blob *auth, *key;
    uint8_t *msg = NULL;
    int ret;

    if (out_auth != NULL)
        *out_auth = NULL;
    if (out_auth_len != NULL)
        *out_auth_len = 0;
    if (out_session_key != NULL)
        memset(out_session_key, 0, 16);
    if (out_auth == NULL || out_auth_len == NULL ||
        out_session_key == NULL || chal_len == 0)
        return NTLM_ERR_INVALID_ARGUMENT;

    ret = wb_ccache(user, domain, negotiate, neg_len, challenge, chal_len,
                    &r);
    if (ret != 0)
        goto done;
    auth = find_blob(r->ccache, "auth_blob");
    key = find_blob(r->ccache, "session_key");
    if (auth == NULL || auth->data == NULL || auth->length == 0 ||
        key == NULL || key->data == NULL || key->length != 16) {
        ret = ntlm_err_detail(NTLM_ERR_WINBINDD_ERROR,
                              "winbindd's cached-credentials answer lacks "
                              "auth_blob or a 16-byte session_key");
        goto done;
    }
    msg = ntlm_memdup(auth->data, auth->length);
    if (msg == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    memcpy(out_session_key, key->data, 16);
    *out_auth_len = auth->length;
    *out_auth = msg;
    msg = NULL;
    NTLMGSS_TRACE("winbind: AUTHENTICATE built from cached credentials of "
                  "%s\\%s", domain != NULL ? domain : "", user);
    ret = 0;
done:
    free(msg);
    req_free(r);
    return ret;
}
