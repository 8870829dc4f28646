/*
 * name.c - NTLM names: users ("DOMAIN\user", "user@domain", "user"),
 * host-based services ("HTTP@host" -> SPN "HTTP/host"), anonymous, local
 * UIDs and exported names.  Lengths never count a NUL.  gss_localname
 * follows a domain-aware policy: a user of a foreign domain never maps to
 * a local account unless allow_foreign_localname is configured.
 */
#include "config.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "gss_int.h"
#include "../winbind.h"

#define ANON_DISPLAY "NT AUTHORITY\\ANONYMOUS LOGON"

static void
free_sids(struct ntlmgss_name *name)
{
    size_t i;

    free(name->user_sid);
    free(name->primary_group_sid);
    for (i = 0; i < name->num_group_sids; i++)
        free(name->group_sids[i]);
    free(name->group_sids);
    name->user_sid = NULL;
    name->primary_group_sid = NULL;
    name->group_sids = NULL;
    name->num_group_sids = 0;
}

void
ntlmgss_name_free(struct ntlmgss_name *name)
{
    if (name == NULL)
        return;
    free(name->domain);
    free(name->user);
    free(name->service);
    free(name->host);
    free_sids(name);
    free(name);
}

/* copy_sids - user, primary group and the group list into name (any old
 * SIDs are replaced).  0 or NTLM_ERR_NOMEM. */
static int
copy_sids(struct ntlmgss_name *name, const char *user_sid,
          const char *pg_sid, char *const *groups, size_t num_groups)
{
    size_t i;

    free_sids(name);
    if (user_sid != NULL && *user_sid != '\0') {
        name->user_sid = strdup(user_sid);
        if (name->user_sid == NULL)
            goto oom;
    }
    if (pg_sid != NULL && *pg_sid != '\0') {
        name->primary_group_sid = strdup(pg_sid);
        if (name->primary_group_sid == NULL)
            goto oom;
    }
    if (num_groups == 0)
        return 0;
    name->group_sids = calloc(num_groups, sizeof(char *));
    if (name->group_sids == NULL)
        goto oom;
    for (i = 0; i < num_groups; i++) {
        name->group_sids[i] = strdup(groups[i] != NULL ? groups[i] : "");
        if (name->group_sids[i] == NULL)
            goto oom;
        name->num_group_sids = i + 1;
    }
    return 0;
oom:
    free_sids(name);
    return NTLM_ERR_NOMEM;
}

/* ntlmgss_name_set_sids - see gss_int.h. */
int
ntlmgss_name_set_sids(struct ntlmgss_name *name,
                      const struct ntlmgss_wb_info *info)
{
    return copy_sids(name, info->user_sid, info->primary_group_sid,
                     info->group_sids, info->num_group_sids);
}

static char *
dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);

    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ntlmgss_name_new_user - a user name; domain may be NULL.  Owned out. */
int
ntlmgss_name_new_user(const char *domain, const char *user,
                      struct ntlmgss_name **out_name)
{
    struct ntlmgss_name *n;

    *out_name = NULL;
    n = calloc(1, sizeof(*n));
    if (n == NULL)
        return NTLM_ERR_NOMEM;
    n->kind = NTLMGSS_NAME_USER;
    n->user = strdup(user != NULL ? user : "");
    if (domain != NULL)
        n->domain = strdup(domain);
    if (n->user == NULL || (domain != NULL && n->domain == NULL)) {
        ntlmgss_name_free(n);
        return NTLM_ERR_NOMEM;
    }
    *out_name = n;
    return 0;
}

int
ntlmgss_name_dup(const struct ntlmgss_name *in, struct ntlmgss_name **out)
{
    struct ntlmgss_name *n;

    *out = NULL;
    if (in == NULL)
        return 0;
    n = calloc(1, sizeof(*n));
    if (n == NULL)
        return NTLM_ERR_NOMEM;
    n->kind = in->kind;
#define DUPF(f) do { if (in->f != NULL) { n->f = strdup(in->f); \
    if (n->f == NULL) goto oom; } } while (0)
    DUPF(domain);
    DUPF(user);
    DUPF(service);
    DUPF(host);
#undef DUPF
    if (copy_sids(n, in->user_sid, in->primary_group_sid, in->group_sids,
                  in->num_group_sids) != 0)
        goto oom;
    *out = n;
    return 0;
oom:
    ntlmgss_name_free(n);
    return NTLM_ERR_NOMEM;
}

static int
check_text(const char *s, size_t len)
{
    size_t i;

    if (len == 0 || len > NTLM_MAX_NAME_LEN)
        return NTLM_ERR_BAD_NAME;
    for (i = 0; i < len; i++) {
        if (s[i] == '\0' || (unsigned char)s[i] < 0x20)
            return NTLM_ERR_BAD_NAME;
    }
    return 0;
}

/*
 * ntlmgss_name_parse_user - "DOMAIN\user" or "user@domain" (a UPN: the
 * whole string is the user and the domain is empty, as Windows sends UPNs)
 * or "user".  Returns 0, NTLM_ERR_BAD_NAME or NTLM_ERR_NOMEM.
 */
int
ntlmgss_name_parse_user(const char *s, size_t len,
                        struct ntlmgss_name **out_name)
{
    const char *bs;
    char *dom = NULL, *usr = NULL;
    int ret;

    *out_name = NULL;
    ret = check_text(s, len);
    if (ret != 0)
        return ret;
    bs = memchr(s, '\\', len);
    if (bs != NULL) {
        if (bs == s + len - 1 || memchr(bs + 1, '\\', s + len - bs - 1))
            return NTLM_ERR_BAD_NAME;
        dom = dupn(s, bs - s);
        usr = dupn(bs + 1, s + len - bs - 1);
    } else {
        usr = dupn(s, len);
    }
    if (usr == NULL || (bs != NULL && dom == NULL)) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    ret = ntlmgss_name_new_user(dom, usr, out_name);
done:
    free(dom);
    free(usr);
    return ret;
}

static int
parse_service(const char *s, size_t len, struct ntlmgss_name **out_name)
{
    struct ntlmgss_name *n;
    const char *at;
    int ret;

    *out_name = NULL;
    ret = check_text(s, len);
    if (ret != 0)
        return ret;
    n = calloc(1, sizeof(*n));
    if (n == NULL)
        return NTLM_ERR_NOMEM;
    n->kind = NTLMGSS_NAME_SERVICE;
    at = memchr(s, '@', len);
    if (at != NULL) {
        if (at == s || at == s + len - 1) {
            ntlmgss_name_free(n);
            return NTLM_ERR_BAD_NAME;
        }
        n->service = dupn(s, at - s);
        n->host = dupn(at + 1, s + len - at - 1);
        if (n->host == NULL)
            goto oom;
    } else {
        n->service = dupn(s, len);
    }
    if (n->service == NULL)
        goto oom;
    *out_name = n;
    return 0;
oom:
    ntlmgss_name_free(n);
    return NTLM_ERR_NOMEM;
}

static int
name_from_uid(const char *s, size_t len, bool binary,
              struct ntlmgss_name **out_name)
{
    struct passwd pw, *res = NULL;
    char buf[4096], num[32];
    unsigned long uid;
    char *end;

    *out_name = NULL;
    if (binary) {
        uid_t u;

        if (len != sizeof(u))
            return NTLM_ERR_BAD_NAME;
        memcpy(&u, s, sizeof(u));
        uid = u;
    } else {
        if (len == 0 || len >= sizeof(num))
            return NTLM_ERR_BAD_NAME;
        memcpy(num, s, len);
        num[len] = '\0';
        uid = strtoul(num, &end, 10);
        if (*end != '\0' || !isdigit((unsigned char)num[0]))
            return NTLM_ERR_BAD_NAME;
    }
    if (getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &res) != 0 ||
        res == NULL)
        return ntlm_err_detail(NTLM_ERR_BAD_NAME, "no local user %lu", uid);
    return ntlmgss_name_new_user(NULL, pw.pw_name, out_name);
}

/* Exported inner form: one kind byte ('U', 'S', 'A') then the text. */
static int
parse_exported(const uint8_t *p, size_t len, struct ntlmgss_name **out_name)
{
    struct wire_in in;
    struct wire_slice oid, inner;
    uint8_t tag, oidlen;
    uint16_t tokid;
    uint32_t nlen;

    *out_name = NULL;
    wire_in_init(&in, p, len);
    /* 04 01, 2-byte OID length (big endian), 06 len OID, 4-byte length */
    wire_in_u16le(&in, &tokid);
    if (tokid == 0x0104) {
        uint8_t hi, lo;

        wire_in_u8(&in, &hi);
        wire_in_u8(&in, &lo);
        wire_in_u8(&in, &tag);
        wire_in_u8(&in, &oidlen);
        wire_in_bytes(&in, oidlen, &oid);
        if (in.err != 0 || tag != 0x06 || (size_t)hi << 8 != 0 ||
            lo != (size_t)oidlen + 2 || oidlen != NTLMGSS_MECH_OID_LENGTH ||
            memcmp(oid.ptr, NTLMGSS_MECH_OID_BYTES, oidlen) != 0)
            return NTLM_ERR_BAD_EXPORT;
        {
            uint8_t b[4];

            wire_in_copy(&in, b, 4);
            nlen = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
                (uint32_t)b[2] << 8 | b[3];
        }
        wire_in_bytes(&in, nlen, &inner);
        if (wire_in_finish(&in) != 0)
            return NTLM_ERR_BAD_EXPORT;
    } else {
        inner = wire_slice_make(p, len);
    }
    if (inner.len < 1)
        return NTLM_ERR_BAD_EXPORT;
    switch (inner.ptr[0]) {
    case 'U':
        return ntlmgss_name_parse_user((const char *)inner.ptr + 1,
                                       inner.len - 1, out_name);
    case 'S':
        return parse_service((const char *)inner.ptr + 1, inner.len - 1,
                             out_name);
    case 'A':
        if (inner.len != 1)
            return NTLM_ERR_BAD_EXPORT;
        *out_name = calloc(1, sizeof(**out_name));
        if (*out_name == NULL)
            return NTLM_ERR_NOMEM;
        (*out_name)->kind = NTLMGSS_NAME_ANON;
        return 0;
    default:
        return NTLM_ERR_BAD_EXPORT;
    }
}

OM_uint32
ntlmgss_import_name(OM_uint32 *minor_status, gss_buffer_t in, gss_OID type,
                    gss_name_t *out)
{
    struct ntlmgss_name *n = NULL;
    const char *s;
    size_t len;
    int ret;

    if (out == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    *out = GSS_C_NO_NAME;
    if (in == GSS_C_NO_BUFFER || (in->value == NULL && in->length != 0))
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_NAME);
    s = in->value;
    len = in->length;
    /* Text forms: accept a trailing NUL that callers often count. */
    if (len > 0 && s[len - 1] == '\0' &&
        !gss_oid_equal(type, GSS_C_NT_MACHINE_UID_NAME) &&
        !gss_oid_equal(type, GSS_C_NT_EXPORT_NAME))
        len--;
    if (type == GSS_C_NO_OID || gss_oid_equal(type, GSS_C_NT_USER_NAME)) {
        ret = ntlmgss_name_parse_user(s, len, &n);
    } else if (gss_oid_equal(type, GSS_C_NT_HOSTBASED_SERVICE) ||
               gss_oid_equal(type, GSS_C_NT_HOSTBASED_SERVICE_X)) {
        ret = parse_service(s, len, &n);
    } else if (gss_oid_equal(type, GSS_C_NT_ANONYMOUS)) {
        n = calloc(1, sizeof(*n));
        ret = n == NULL ? NTLM_ERR_NOMEM : 0;
        if (n != NULL)
            n->kind = NTLMGSS_NAME_ANON;
    } else if (gss_oid_equal(type, GSS_C_NT_STRING_UID_NAME)) {
        ret = name_from_uid(s, len, false, &n);
    } else if (gss_oid_equal(type, GSS_C_NT_MACHINE_UID_NAME)) {
        ret = name_from_uid(s, in->length, true, &n);
    } else if (gss_oid_equal(type, GSS_C_NT_EXPORT_NAME)) {
        ret = parse_exported(in->value, in->length, &n);
    } else {
        ret = NTLM_ERR_BAD_NAMETYPE;
    }
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    *out = (gss_name_t)n;
    return ntlmgss_fail(minor_status, 0);
}

/* ntlmgss_name_display - see gss_int.h. */
int
ntlmgss_name_display(const struct ntlmgss_name *name, char **out_str,
                     size_t *out_len)
{
    char *s = NULL;
    int n;

    *out_str = NULL;
    *out_len = 0;
    switch (name->kind) {
    case NTLMGSS_NAME_USER:
        if (name->domain != NULL && name->domain[0] != '\0')
            n = asprintf(&s, "%s\\%s", name->domain, name->user);
        else
            n = asprintf(&s, "%s", name->user);
        break;
    case NTLMGSS_NAME_SERVICE:
        if (name->host != NULL)
            n = asprintf(&s, "%s@%s", name->service, name->host);
        else
            n = asprintf(&s, "%s", name->service);
        break;
    default:
        n = asprintf(&s, "%s", ANON_DISPLAY);
        break;
    }
    if (n < 0)
        return NTLM_ERR_NOMEM;
    *out_str = s;
    *out_len = (size_t)n;
    return 0;
}

int
ntlmgss_name_spn(const struct ntlmgss_name *name, char **out_spn)
{
    size_t slen, hlen;
    char *spn;

    *out_spn = NULL;
    if (name == NULL || name->kind != NTLMGSS_NAME_SERVICE)
        return 0;
    /* "service/host" or "service" (once per handshake: no printf) */
    slen = strlen(name->service);
    hlen = name->host != NULL ? strlen(name->host) + 1 : 0;
    spn = malloc(slen + hlen + 1);
    if (spn == NULL)
        return NTLM_ERR_NOMEM;
    memcpy(spn, name->service, slen);
    if (name->host != NULL) {
        spn[slen] = '/';
        memcpy(spn + slen + 1, name->host, hlen - 1);
    }
    spn[slen + hlen] = '\0';
    *out_spn = spn;
    return 0;
}

OM_uint32
ntlmgss_display_name(OM_uint32 *minor_status, gss_name_t name,
                     gss_buffer_t out, gss_OID *type)
{
    struct ntlmgss_name *n = (struct ntlmgss_name *)name;
    char *s;
    size_t len;
    int ret;

    if (out == GSS_C_NO_BUFFER)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    out->length = 0;
    out->value = NULL;
    if (type != NULL)
        *type = GSS_C_NO_OID;
    if (n == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_NAME) |
            GSS_S_CALL_BAD_STRUCTURE;
    ret = ntlmgss_name_display(n, &s, &len);
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    out->value = s;
    out->length = len;      /* never counts the NUL */
    if (type != NULL) {
        *type = n->kind == NTLMGSS_NAME_USER ? GSS_C_NT_USER_NAME :
            n->kind == NTLMGSS_NAME_SERVICE ? GSS_C_NT_HOSTBASED_SERVICE :
            GSS_C_NT_ANONYMOUS;
    }
    return ntlmgss_fail(minor_status, 0);
}

static bool
streq_ci(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return (a == NULL || *a == '\0') && (b == NULL || *b == '\0');
    return strcasecmp(a, b) == 0;
}

OM_uint32
ntlmgss_compare_name(OM_uint32 *minor_status, gss_name_t a, gss_name_t b,
                     int *equal)
{
    struct ntlmgss_name *x = (struct ntlmgss_name *)a;
    struct ntlmgss_name *y = (struct ntlmgss_name *)b;

    if (equal == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    *equal = 0;
    if (x == NULL || y == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_NAME);
    if (x->kind != y->kind)
        return ntlmgss_fail(minor_status, 0);
    switch (x->kind) {
    case NTLMGSS_NAME_USER:
        *equal = streq_ci(x->user, y->user) && streq_ci(x->domain, y->domain);
        break;
    case NTLMGSS_NAME_SERVICE:
        *equal = streq_ci(x->service, y->service) &&
            streq_ci(x->host, y->host);
        break;
    default:
        *equal = 0;     /* anonymous names never compare equal */
        break;
    }
    return ntlmgss_fail(minor_status, 0);
}

OM_uint32
ntlmgss_release_name(OM_uint32 *minor_status, gss_name_t *name)
{
    if (name == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    ntlmgss_name_free((struct ntlmgss_name *)*name);
    *name = GSS_C_NO_NAME;
    return ntlmgss_fail(minor_status, 0);
}

OM_uint32
ntlmgss_duplicate_name(OM_uint32 *minor_status, gss_name_t in,
                       gss_name_t *out)
{
    struct ntlmgss_name *n = NULL;
    int ret;

    if (out == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    *out = GSS_C_NO_NAME;
    if (in == GSS_C_NO_NAME)
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_NAME);
    ret = ntlmgss_name_dup((struct ntlmgss_name *)in, &n);
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    *out = (gss_name_t)n;
    return ntlmgss_fail(minor_status, 0);
}

OM_uint32
ntlmgss_export_name(OM_uint32 *minor_status, gss_name_t name,
                    gss_buffer_t out)
{
    struct ntlmgss_name *n = (struct ntlmgss_name *)name;
    struct wire_out w;
    char *s = NULL;
    size_t len = 0, inner;
    uint8_t *buf = NULL;
    size_t blen;
    int ret;

    if (out == GSS_C_NO_BUFFER)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    out->length = 0;
    out->value = NULL;
    if (n == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_NAME);
    if (n->kind != NTLMGSS_NAME_ANON) {
        ret = ntlmgss_name_display(n, &s, &len);
        if (ret != 0)
            return ntlmgss_fail(minor_status, ret);
    }
    inner = 1 + len;
    wire_out_init(&w, WIRE_OUT_DYNAMIC);
    wire_out_u8(&w, 0x04);
    wire_out_u8(&w, 0x01);
    wire_out_u8(&w, 0x00);
    wire_out_u8(&w, NTLMGSS_MECH_OID_LENGTH + 2);
    wire_out_u8(&w, 0x06);
    wire_out_u8(&w, NTLMGSS_MECH_OID_LENGTH);
    wire_out_bytes(&w, NTLMGSS_MECH_OID_BYTES, NTLMGSS_MECH_OID_LENGTH);
    wire_out_u8(&w, (uint8_t)(inner >> 24));
    wire_out_u8(&w, (uint8_t)(inner >> 16));
    wire_out_u8(&w, (uint8_t)(inner >> 8));
    wire_out_u8(&w, (uint8_t)inner);
    wire_out_u8(&w, n->kind == NTLMGSS_NAME_USER ? 'U' :
                n->kind == NTLMGSS_NAME_SERVICE ? 'S' : 'A');
    wire_out_bytes(&w, s != NULL ? s : "", len);
    ret = wire_out_finish(&w, &buf, &blen);
    free(s);
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    out->value = buf;
    out->length = blen;
    return ntlmgss_fail(minor_status, 0);
}

OM_uint32
ntlmgss_canonicalize_name(OM_uint32 *minor_status, gss_name_t in,
                          gss_OID mech, gss_name_t *out)
{
    if (mech != GSS_C_NO_OID && !ntlmgss_is_our_mech(mech))
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_MECH);
    return ntlmgss_duplicate_name(minor_status, in, out);
}

OM_uint32
ntlmgss_inquire_names_for_mech(OM_uint32 *minor_status, gss_OID mech,
                               gss_OID_set *types)
{
    OM_uint32 maj, tmp;

    if (types == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    *types = GSS_C_NO_OID_SET;
    maj = gss_create_empty_oid_set(minor_status, types);
    if (maj != GSS_S_COMPLETE)
        return maj;
    maj |= gss_add_oid_set_member(&tmp, GSS_C_NT_USER_NAME, types);
    maj |= gss_add_oid_set_member(&tmp, GSS_C_NT_HOSTBASED_SERVICE, types);
    maj |= gss_add_oid_set_member(&tmp, GSS_C_NT_ANONYMOUS, types);
    maj |= gss_add_oid_set_member(&tmp, GSS_C_NT_STRING_UID_NAME, types);
    maj |= gss_add_oid_set_member(&tmp, GSS_C_NT_MACHINE_UID_NAME, types);
    maj |= gss_add_oid_set_member(&tmp, GSS_C_NT_EXPORT_NAME, types);
    if (maj != GSS_S_COMPLETE) {
        gss_release_oid_set(&tmp, types);
        return ntlmgss_fail(minor_status, NTLM_ERR_NOMEM);
    }
    return ntlmgss_fail(minor_status, 0);
}

/*
 * local_domain_ok - true when the user's domain is "ours": empty, or equal
 * (case-insensitive) to the configured NetBIOS/DNS computer or domain name,
 * or the short host name.  Everything else is a foreign domain.
 */
static bool
local_domain_ok(const struct ntlmgss_name *n, const struct ntlmgss_config *c)
{
    char host[256];
    char *dot;

    if (n->domain == NULL || n->domain[0] == '\0')
        return true;
    if (c->allow_foreign_localname)
        return true;
    if ((c->nb_domain != NULL && strcasecmp(n->domain, c->nb_domain) == 0) ||
        (c->nb_computer != NULL &&
         strcasecmp(n->domain, c->nb_computer) == 0) ||
        (c->dns_domain != NULL && strcasecmp(n->domain, c->dns_domain) == 0) ||
        (c->dns_computer != NULL &&
         strcasecmp(n->domain, c->dns_computer) == 0))
        return true;
    if (gethostname(host, sizeof(host)) == 0) {
        host[sizeof(host) - 1] = '\0';
        dot = strchr(host, '.');
        if (dot != NULL)
            *dot = '\0';
        if (strcasecmp(n->domain, host) == 0)
            return true;
    }
    return false;
}

/*
 * domain_localname - a domain-authenticated user (domain_localname = yes)
 * maps to the account NSS knows as "DOMAIN\user", winbind's name for it
 * (nss_winbind also answers this form with "winbind use default domain",
 * returning the short name, which is what we return: pw_name).  Never the
 * bare "user", which could be an unrelated local account.
 */
static int
domain_localname(const struct ntlmgss_name *n, char **out)
{
    struct passwd pw, *res = NULL;
    char *buf = NULL, *q = NULL;
    size_t qlen;
    long sz;
    int ret, e;

    *out = NULL;
    if (n->domain == NULL || n->domain[0] == '\0')
        return ntlm_err_detail(NTLM_ERR_NO_LOCALNAME, "%s: a domain logon "
                               "without a domain name", n->user);
    qlen = strlen(n->domain) + 1 + strlen(n->user) + 1;
    q = malloc(qlen);
    sz = sysconf(_SC_GETPW_R_SIZE_MAX);
    if (sz < 16384)
        sz = 16384;
    buf = malloc((size_t)sz);
    if (q == NULL || buf == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    snprintf(q, qlen, "%s\\%s", n->domain, n->user);
    e = getpwnam_r(q, &pw, buf, (size_t)sz, &res);
    if (e != 0 || res == NULL) {
        ret = ntlm_err_detail(NTLM_ERR_NO_LOCALNAME, "%s: NSS knows no "
                              "such account%s", q, e != 0 ?
                              " (the lookup failed)" : "");
        NTLMGSS_TRACE("localname: NSS has no account %s", q);
        goto done;
    }
    *out = strdup(pw.pw_name);
    ret = *out == NULL ? NTLM_ERR_NOMEM : 0;
    NTLMGSS_TRACE("localname: %s -> %s (uid %ld) through NSS", q,
                  pw.pw_name, (long)pw.pw_uid);
done:
    free(q);
    free(buf);
    return ret;
}

/*
 * localname_of - the local account of n (malloc'd, caller frees), or
 * NTLM_ERR_NO_LOCALNAME with a detail that names n ("DOMAIN\\user: why"),
 * which gss_display_status shows after the code's message.  The major
 * status is GSS_S_FAILURE (the error table), as krb5's mechanism returns
 * for KRB5_NO_LOCALNAME: mechglue's gss_localname then asks the
 * local-login-user attribute, which answers the same.
 */
static int
localname_of(const struct ntlmgss_name *n, char **out)
{
    struct ntlmgss_config *cfg = NULL;
    int ret;

    *out = NULL;
    if (n == NULL)
        return ntlm_err_detail(NTLM_ERR_NO_LOCALNAME, "no name");
    if (n->kind == NTLMGSS_NAME_ANON)
        return ntlm_err_detail(NTLM_ERR_NO_LOCALNAME, "an anonymous logon "
                               "has no local account");
    if (n->kind != NTLMGSS_NAME_USER || n->user == NULL ||
        n->user[0] == '\0')
        return ntlm_err_detail(NTLM_ERR_NO_LOCALNAME, "not a user name "
                               "(only users map to local accounts)");
    ret = ntlmgss_config_get(&cfg);
    if (ret != 0)
        return ret;
    if (n->user_sid != NULL && cfg->domain_localname) {
        ret = domain_localname(n, out);
        goto done;
    }
    if (!local_domain_ok(n, cfg)) {
        ret = ntlm_err_detail(NTLM_ERR_NO_LOCALNAME, "%s\\%s: domain %s is "
                              "not this machine's and "
                              "allow_foreign_localname is off", n->domain,
                              n->user, n->domain);
        NTLMGSS_TRACE("localname: refusing foreign domain %s", n->domain);
        goto done;
    }
    *out = strdup(n->user);
    ret = *out == NULL ? NTLM_ERR_NOMEM : 0;
done:
    ntlmgss_config_release(cfg);
    return ret;
}

OM_uint32
ntlmgss_localname(OM_uint32 *minor_status, gss_name_t name, gss_OID mech,
                  gss_buffer_t localname)
{
    char *s = NULL;
    int ret;

    if (localname == GSS_C_NO_BUFFER)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    localname->length = 0;
    localname->value = NULL;
    ret = localname_of((struct ntlmgss_name *)name, &s);
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    localname->value = s;
    localname->length = strlen(s);      /* no NUL */
    return ntlmgss_fail(minor_status, 0);
}

/* gssspi_authorize_localname: COMPLETE if name maps to user, else
 * UNAUTHORIZED. */
OM_uint32
ntlmgss_authorize_localname(OM_uint32 *minor_status, gss_name_t name,
                            gss_buffer_t user, gss_OID type)
{
    char *s = NULL;
    int ret;
    OM_uint32 maj;

    *minor_status = 0;
    if (user == GSS_C_NO_BUFFER || user->value == NULL)
        return GSS_S_CALL_INACCESSIBLE_READ;
    if (type != GSS_C_NO_OID && !gss_oid_equal(type, GSS_C_NT_USER_NAME))
        return GSS_S_BAD_NAMETYPE;
    ret = localname_of((struct ntlmgss_name *)name, &s);
    if (ret != 0) {
        *minor_status = ret;
        return GSS_S_UNAUTHORIZED;
    }
    maj = strlen(s) == user->length &&
        memcmp(s, user->value, user->length) == 0 ?
        GSS_S_COMPLETE : GSS_S_UNAUTHORIZED;
    free(s);
    return maj;
}

/* ---- RFC 6680 name attributes ---------------------------------------- */

/* MIT's GSS_C_ATTR_LOCAL_LOGIN_USER */
#define LOCAL_LOGIN_USER "local-login-user"

static const char *const attr_names[] = {
    NTLMGSS_ATTR_USER_SID, NTLMGSS_ATTR_PRIMARY_GROUP_SID,
    NTLMGSS_ATTR_GROUP_SID
};

/* attr_values - the values of attribute i of n (borrowed). */
static size_t
attr_values(const struct ntlmgss_name *n, size_t i, char *const **out_vals,
            const char **out_one)
{
    *out_vals = NULL;
    *out_one = NULL;
    if (i == 0) {
        *out_one = n->user_sid;
        return n->user_sid != NULL ? 1 : 0;
    }
    if (i == 1) {
        *out_one = n->primary_group_sid;
        return n->primary_group_sid != NULL ? 1 : 0;
    }
    *out_vals = n->group_sids;
    return n->num_group_sids;
}

/*
 * ntlmgss_inquire_name - our names are mechanism names; the attribute
 * set lists the SID attributes that have values (domain logons only).
 */
OM_uint32
ntlmgss_inquire_name(OM_uint32 *minor_status, gss_name_t name_h,
                     int *name_is_mn, gss_OID *mn_mech,
                     gss_buffer_set_t *attrs)
{
    struct ntlmgss_name *n = (struct ntlmgss_name *)name_h;
    char *const *vals;
    const char *one;
    gss_buffer_desc b;
    OM_uint32 maj, tmp;
    size_t i;

    if (name_is_mn != NULL)
        *name_is_mn = 1;
    if (mn_mech != NULL)
        *mn_mech = &ntlmgss_mech_oid_desc;
    if (attrs != NULL)
        *attrs = GSS_C_NO_BUFFER_SET;
    if (n == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_NAME);
    if (attrs == NULL)
        return ntlmgss_fail(minor_status, 0);
    maj = gss_create_empty_buffer_set(&tmp, attrs);
    for (i = 0; maj == GSS_S_COMPLETE &&
         i < sizeof(attr_names) / sizeof(attr_names[0]); i++) {
        if (attr_values(n, i, &vals, &one) == 0)
            continue;
        b.value = (void *)attr_names[i];
        b.length = strlen(attr_names[i]);
        maj = gss_add_buffer_set_member(&tmp, &b, attrs);
    }
    if (maj != GSS_S_COMPLETE) {
        gss_release_buffer_set(&tmp, attrs);
        return ntlmgss_fail(minor_status, NTLM_ERR_NOMEM);
    }
    return ntlmgss_fail(minor_status, 0);
}

/*
 * ntlmgss_get_name_attribute - one value of a SID attribute.  *more is
 * -1 on the first call; on return it is 0 when this was the last value,
 * else the index to pass back for the next one (RFC 6680 2.6).
 */
OM_uint32
ntlmgss_get_name_attribute(OM_uint32 *minor_status, gss_name_t name_h,
                           gss_buffer_t attr, int *authenticated,
                           int *complete, gss_buffer_t value,
                           gss_buffer_t display_value, int *more)
{
    struct ntlmgss_name *n = (struct ntlmgss_name *)name_h;
    char *const *vals;
    const char *one, *v;
    size_t i, num, idx;
    int ret;

    if (authenticated != NULL)
        *authenticated = 0;
    if (complete != NULL)
        *complete = 0;
    if (value != GSS_C_NO_BUFFER) {
        value->length = 0;
        value->value = NULL;
    }
    if (display_value != GSS_C_NO_BUFFER) {
        display_value->length = 0;
        display_value->value = NULL;
    }
    if (more == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    idx = *more < 0 ? 0 : (size_t)*more;
    *more = 0;
    if (n == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_NAME);
    if (attr == GSS_C_NO_BUFFER || attr->value == NULL)
        return GSS_S_CALL_INACCESSIBLE_READ;
    if (attr->length == strlen(LOCAL_LOGIN_USER) &&
        memcmp(attr->value, LOCAL_LOGIN_USER, attr->length) == 0) {
        /* MIT's "local-login-user": the gss_localname mapping (mechglue
         * asks it when gss_localname fails, so its error must be the
         * precise one too). */
        char *ln = NULL;

        if (idx != 0)
            return ntlmgss_fail(minor_status, NTLM_ERR_NO_SUCH_ATTR);
        ret = localname_of(n, &ln);
        if (ret != 0)
            return ntlmgss_fail(minor_status, ret);
        v = ln;
        ret = 0;
        if (value != GSS_C_NO_BUFFER)
            ret = ntlmgss_buffer_set(value, v, strlen(v));
        if (ret == 0 && display_value != GSS_C_NO_BUFFER)
            ret = ntlmgss_buffer_set(display_value, v, strlen(v));
        free(ln);
        if (ret != 0) {
            if (value != GSS_C_NO_BUFFER && value->value != NULL) {
                free(value->value);
                value->value = NULL;
                value->length = 0;
            }
            return ntlmgss_fail(minor_status, ret);
        }
        if (authenticated != NULL)
            *authenticated = 1;
        if (complete != NULL)
            *complete = 1;
        return ntlmgss_fail(minor_status, 0);
    }
    for (i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++) {
        if (attr->length == strlen(attr_names[i]) &&
            memcmp(attr->value, attr_names[i], attr->length) == 0)
            break;
    }
    if (i == sizeof(attr_names) / sizeof(attr_names[0]))
        return ntlmgss_fail(minor_status, ntlm_err_detail(
            NTLM_ERR_NO_SUCH_ATTR, "unknown attribute %.*s",
            (int)(attr->length > 64 ? 64 : attr->length),
            (const char *)attr->value));
    num = attr_values(n, i, &vals, &one);
    if (idx >= num)
        return ntlmgss_fail(minor_status, ntlm_err_detail(
            NTLM_ERR_NO_SUCH_ATTR, "%s: no value %zu", attr_names[i], idx));
    v = vals != NULL ? vals[idx] : one;
    if (value != GSS_C_NO_BUFFER) {
        ret = ntlmgss_buffer_set(value, v, strlen(v));
        if (ret != 0)
            return ntlmgss_fail(minor_status, ret);
    }
    if (display_value != GSS_C_NO_BUFFER) {
        ret = ntlmgss_buffer_set(display_value, v, strlen(v));
        if (ret != 0) {
            if (value != GSS_C_NO_BUFFER) {
                free(value->value);
                value->value = NULL;
                value->length = 0;
            }
            return ntlmgss_fail(minor_status, ret);
        }
    }
    if (authenticated != NULL)
        *authenticated = 1;
    if (complete != NULL)
        *complete = 1;
    *more = idx + 1 < num ? (int)(idx + 1) : 0;
    return ntlmgss_fail(minor_status, 0);
}
