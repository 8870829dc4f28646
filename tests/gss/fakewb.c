/*
 * fakewb.c - a stand-in for libwbclient.so.0 (loaded by mech/winbind.c
 * through NTLMGSS_WBCLIENT) for the review tests: a member "MEMBER" of
 * domain "CORP" whose DC accepts every response.  FAKEWB_USER_FLAGS (a
 * number) sets the NETLOGON user_flags of the answer, e.g. 1 = a guest
 * logon.  Only the ABI subset that mech/winbind.c declares is provided.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wbcContext {
    int dummy;
};

struct fwb_sid {
    uint8_t sid_rev_num;
    uint8_t num_auths;
    uint8_t id_auth[6];
    uint32_t sub_auths[15];
};

struct fwb_sid_attr {
    struct fwb_sid sid;
    uint32_t attributes;
};

struct fwb_info {
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
    uint64_t times[6];
    char *logon_server;
    char *logon_script;
    char *profile_path;
    char *home_directory;
    char *home_drive;
    uint32_t num_sids;
    struct fwb_sid_attr *sids;
};

struct fwb_details {
    uint32_t interface_version;
    char *winbind_version;
    char winbind_separator;
    char *netbios_name;
    char *netbios_domain;
    char *dns_domain;
};

struct wbcContext *wbcCtxCreate(void);
void wbcCtxFree(struct wbcContext *c);
int wbcCtxPing(struct wbcContext *c);
int wbcCtxInterfaceDetails(struct wbcContext *c, struct fwb_details **out);
int wbcCtxAuthenticateUserEx(struct wbcContext *c, const void *params,
                             struct fwb_info **info, void **error);
void wbcFreeMemory(void *p);
int wbcSidToStringBuf(const struct fwb_sid *sid, char *buf, int len);
const char *wbcErrorString(int e);

struct wbcContext *
wbcCtxCreate(void)
{
    return calloc(1, sizeof(struct wbcContext));
}

void
wbcCtxFree(struct wbcContext *c)
{
    free(c);
}

int
wbcCtxPing(struct wbcContext *c)
{
    (void)c;
    return 0;
}

int
wbcCtxInterfaceDetails(struct wbcContext *c, struct fwb_details **out)
{
    struct fwb_details *d = calloc(1, sizeof(*d));

    (void)c;
    *out = NULL;
    if (d == NULL)
        return 3;
    d->interface_version = 32;
    d->winbind_version = (char *)"4.17-fake";
    d->winbind_separator = '\\';
    d->netbios_name = (char *)"MEMBER";
    d->netbios_domain = (char *)"CORP";
    d->dns_domain = (char *)"corp.test";
    *out = d;
    return 0;
}

int
wbcCtxAuthenticateUserEx(struct wbcContext *c, const void *params,
                         struct fwb_info **out, void **error)
{
    struct {
        struct fwb_info info;
        struct fwb_sid_attr sids[2];
    } *b;
    const char *flags = getenv("FAKEWB_USER_FLAGS");
    int i;

    (void)c;
    (void)params;
    *out = NULL;
    *error = NULL;
    b = calloc(1, sizeof(*b));
    if (b == NULL)
        return 3;
    b->info.user_flags = flags != NULL ? (uint32_t)strtoul(flags, NULL, 0)
                                       : 0;
    b->info.account_name = (char *)((b->info.user_flags & 1) ? "Guest"
                                                             : "alice");
    b->info.user_principal = (char *)"";
    b->info.full_name = (char *)"";
    b->info.domain_name = (char *)"CORP";
    b->info.dns_domain_name = (char *)"corp.test";
    b->info.logon_server = (char *)"DC1";
    b->info.num_sids = 2;
    b->info.sids = b->sids;
    for (i = 0; i < 2; i++) {
        b->sids[i].sid.sid_rev_num = 1;
        b->sids[i].sid.num_auths = 2;
        b->sids[i].sid.id_auth[5] = 5;
        b->sids[i].sid.sub_auths[0] = 21;
        b->sids[i].sid.sub_auths[1] = i == 0 ? 501 : 514;
    }
    *out = &b->info;
    return 0;
}

void
wbcFreeMemory(void *p)
{
    free(p);
}

int
wbcSidToStringBuf(const struct fwb_sid *sid, char *buf, int len)
{
    int n, i;

    n = snprintf(buf, (size_t)len, "S-%u-%u", sid->sid_rev_num,
                 sid->id_auth[5]);
    for (i = 0; i < sid->num_auths && n > 0 && n < len; i++)
        n += snprintf(buf + n, (size_t)(len - n), "-%u", sid->sub_auths[i]);
    return n;
}

const char *
wbcErrorString(int e)
{
    return e == 0 ? "WBC_ERR_SUCCESS" : "WBC_ERR_FAKE";
}
