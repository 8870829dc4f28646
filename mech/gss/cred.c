/*
 * cred.c - credentials.  Initiator credentials hold a user name and its NT
 * hash (never the password); they come from gss_acquire_cred_with_password,
 * from a credential store ("password"/"ntlmssp_password",
 * "ntlmssp_nthash", "ntlmssp_domain", "ntlmssp_userfile"/"ntlmssp_keyfile")
 * or from the user file (NTLM_USER_FILE, configuration).  Acceptor
 * credentials name the user file that verifies logons.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gss_int.h"
#include "../winbind.h"

void
ntlmgss_cred_free(struct ntlmgss_cred *cred)
{
    if (cred == NULL)
        return;
    ntlmgss_name_free(cred->user);
    ntlmgss_name_free(cred->acceptor);
    free(cred->user_file);
    ntlm_zero(cred, sizeof(*cred));
    free(cred);
}

static const char *
store_get(gss_const_key_value_set_t store, const char *key)
{
    OM_uint32 i;

    if (store == GSS_C_NO_CRED_STORE)
        return NULL;
    for (i = 0; i < store->count; i++) {
        if (store->elements[i].key != NULL &&
            strcmp(store->elements[i].key, key) == 0)
            return store->elements[i].value;
    }
    return NULL;
}

/*
 * try_sso - initiator single sign-on: a domain user whose credentials
 * winbind caches (pam_winbind cached logon, wbinfo --ccache-save) needs no
 * password; winbind runs the NTLMSSP client with them (init_sec_context.c,
 * sso_challenge).  Takes *who on success.  Only with a "DOMAIN\\user"
 * name and domain_logins not "no".
 */
static int
try_sso(struct ntlmgss_cred *cred, struct ntlmgss_name **who,
        const struct ntlmgss_config *cfg)
{
    int ret;

    if (*who == NULL || (*who)->domain == NULL || (*who)->domain[0] == '\0'
        || cfg->domain_logins == NTLMGSS_DOMAIN_NO)
        return NTLM_ERR_NO_CREDS;
    ret = ntlmgss_wb_sso_available((*who)->user, (*who)->domain);
    if (ret != 0) {
        NTLMGSS_TRACE("cred: no single sign-on for %s\\%s: %s",
                      (*who)->domain, (*who)->user, ntlm_err_string(ret));
        return ret;
    }
    NTLMGSS_TRACE("cred: single sign-on for %s\\%s from winbind's cached "
                  "credentials", (*who)->domain, (*who)->user);
    cred->sso = true;
    cred->user = *who;
    *who = NULL;
    return 0;
}

/* Initiator half: fill cred->user and the hash. */
static int
acquire_initiator(struct ntlmgss_cred *cred, const struct ntlmgss_name *name,
                  gss_const_key_value_set_t store, const gss_buffer_t password,
                  const struct ntlmgss_config *cfg)
{
    struct ntlmgss_name *who = NULL;
    struct ntlmgss_user_entry *e = NULL;
    const char *pw, *hash, *dom, *file;
    int ret;

    if (name != NULL && name->kind == NTLMGSS_NAME_ANON) {
        cred->user = calloc(1, sizeof(*cred->user));
        if (cred->user == NULL)
            return NTLM_ERR_NOMEM;
        cred->user->kind = NTLMGSS_NAME_ANON;
        return 0;
    }
    if (name != NULL && name->kind != NTLMGSS_NAME_USER)
        return ntlm_err_detail(NTLM_ERR_BAD_NAME,
                               "initiator name must be a user name");
    if (name != NULL) {
        ret = ntlmgss_name_dup(name, &who);
    } else if (cfg->default_user != NULL) {
        ret = ntlmgss_name_parse_user(cfg->default_user,
                                      strlen(cfg->default_user), &who);
    } else {
        ret = 0;
    }
    if (ret != 0)
        goto done;

    dom = store_get(store, "ntlmssp_domain");
    if (dom != NULL && who != NULL &&
        (who->domain == NULL || who->domain[0] == '\0')) {
        free(who->domain);
        who->domain = strdup(dom);
        if (who->domain == NULL) {
            ret = NTLM_ERR_NOMEM;
            goto done;
        }
    }
    pw = store_get(store, "password");
    if (pw == NULL)
        pw = store_get(store, "ntlmssp_password");
    hash = store_get(store, "ntlmssp_nthash");
    if (password != GSS_C_NO_BUFFER || pw != NULL || hash != NULL) {
        if (who == NULL) {
            ret = ntlm_err_detail(NTLM_ERR_NO_CREDS,
                                  "a password needs a user name");
            goto done;
        }
        if (password != GSS_C_NO_BUFFER) {
            /* honour the length, not a NUL */
            ret = ntlm_ntowfv1(password->value, password->length,
                               cred->nt_hash);
        } else if (pw != NULL) {
            ret = ntlm_ntowfv1(pw, strlen(pw), cred->nt_hash);
        } else {
            ret = ntlmgss_userdb_hex_to_hash(hash, strlen(hash),
                                             cred->nt_hash);
            if (ret != 0)
                ret = ntlm_err_detail(NTLM_ERR_BAD_CRED, "ntlmssp_nthash: "
                                      "not 32 hex digits");
        }
        if (ret != 0)
            goto done;
        cred->have_hash = true;
        cred->user = who;
        who = NULL;
        goto done;
    }

    /* From the user file. */
    file = store_get(store, "ntlmssp_userfile");
    if (file == NULL)
        file = store_get(store, "ntlmssp_keyfile");
    if (file == NULL)
        file = cfg->user_file;
    if (file == NULL) {
        if (try_sso(cred, &who, cfg) == 0) {
            ret = 0;
            goto done;
        }
        ret = ntlm_err_detail(NTLM_ERR_NO_CREDS,
                              "no password and no user file");
        goto done;
    }
    if (who != NULL)
        ret = ntlmgss_userdb_lookup(file, who->domain, who->user, &e);
    else
        ret = ntlmgss_userdb_first(file, &e);
    if (ret == NTLM_ERR_UNKNOWN_USER && try_sso(cred, &who, cfg) == 0) {
        ret = 0;
        goto done;
    }
    if (ret == NTLM_ERR_UNKNOWN_USER)
        ret = ntlm_err_detail(NTLM_ERR_NO_CREDS, "user not in %s", file);
    if (ret != 0)
        goto done;
    if (who == NULL) {
        ret = ntlmgss_name_new_user(e->domain[0] != '\0' ? e->domain : NULL,
                                    e->user, &who);
        if (ret != 0)
            goto done;
    } else if ((who->domain == NULL || who->domain[0] == '\0') &&
               e->domain[0] != '\0') {
        free(who->domain);
        who->domain = strdup(e->domain);
        if (who->domain == NULL) {
            ret = NTLM_ERR_NOMEM;
            goto done;
        }
    }
    memcpy(cred->nt_hash, e->nt_hash, 16);
    cred->have_hash = true;
    cred->user = who;
    who = NULL;
    ret = 0;
done:
    ntlmgss_user_entry_free(e);
    ntlmgss_name_free(who);
    return ret;
}

static int
acquire_acceptor(struct ntlmgss_cred *cred, const struct ntlmgss_name *name,
                 gss_const_key_value_set_t store,
                 const struct ntlmgss_config *cfg)
{
    const char *file;
    int ret;

    if (name != NULL && name->kind != NTLMGSS_NAME_ANON) {
        ret = ntlmgss_name_dup(name, &cred->acceptor);
        if (ret != 0)
            return ret;
    }
    file = store_get(store, "ntlmssp_userfile");
    if (file == NULL)
        file = store_get(store, "ntlmssp_keyfile");
    if (file == NULL)
        file = cfg->user_file;
    if (file == NULL) {
        /* Domain logons need no local file; whether winbind answers is
         * decided per context (accept_sec_context.c, domain_setup). */
        if (cfg->allow_anonymous || cfg->domain_logins != NTLMGSS_DOMAIN_NO)
            return 0;
        return ntlm_err_detail(NTLM_ERR_NO_CREDS,
                               "acceptor has no user file "
                               "(set NTLM_USER_FILE) and domain_logins = "
                               "no");
    }
    cred->user_file = strdup(file);
    return cred->user_file == NULL ? NTLM_ERR_NOMEM : 0;
}

/* ntlmgss_cred_acquire - see gss_int.h.  *out_cred owned by the caller. */
int
ntlmgss_cred_acquire(const struct ntlmgss_name *name, gss_cred_usage_t usage,
                     gss_const_key_value_set_t store,
                     const gss_buffer_t password,
                     struct ntlmgss_cred **out_cred)
{
    struct ntlmgss_config *cfg = NULL;
    struct ntlmgss_cred *cred = NULL;
    int ret;

    *out_cred = NULL;
    ret = ncrypto_init();
    if (ret != 0)
        return ret;
    ret = ntlmgss_config_get(&cfg);
    if (ret != 0)
        return ret;
    cred = calloc(1, sizeof(*cred));
    if (cred == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    cred->usage = usage;
    if (usage == GSS_C_INITIATE || usage == GSS_C_BOTH) {
        ret = acquire_initiator(cred, name, store, password, cfg);
        if (ret != 0)
            goto done;
    }
    if (usage == GSS_C_ACCEPT || usage == GSS_C_BOTH) {
        ret = acquire_acceptor(cred, name, store, cfg);
        if (ret != 0)
            goto done;
    }
    if (usage != GSS_C_INITIATE && usage != GSS_C_ACCEPT &&
        usage != GSS_C_BOTH) {
        ret = ntlm_err_detail(NTLM_ERR_CRED_USAGE, "credential usage %d is "
                              "not initiate, accept or both", (int)usage);
        goto done;
    }
    NTLMGSS_TRACE("cred: acquired usage %d for %s", (int)usage,
                  cred->user != NULL && cred->user->user != NULL ?
                  cred->user->user : "(acceptor/anonymous)");
    *out_cred = cred;
    cred = NULL;
    ret = 0;
done:
    ntlmgss_cred_free(cred);
    ntlmgss_config_release(cfg);
    return ret;
}

static OM_uint32
set_mechs(gss_OID_set *actual_mechs)
{
    OM_uint32 maj, tmp;

    if (actual_mechs == NULL)
        return GSS_S_COMPLETE;
    maj = gss_create_empty_oid_set(&tmp, actual_mechs);
    if (maj == GSS_S_COMPLETE)
        maj = gss_add_oid_set_member(&tmp, &ntlmgss_mech_oid_desc,
                                     actual_mechs);
    return maj;
}

static OM_uint32
acquire_common(OM_uint32 *minor_status, gss_name_t name, OM_uint32 time_req,
               gss_OID_set mechs, gss_cred_usage_t usage,
               gss_const_key_value_set_t store, gss_buffer_t password,
               gss_cred_id_t *out, gss_OID_set *actual_mechs,
               OM_uint32 *time_rec)
{
    struct ntlmgss_cred *cred = NULL;
    int ret;
    int present = 0;
    OM_uint32 tmp;

    if (out == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    *out = GSS_C_NO_CREDENTIAL;
    if (actual_mechs != NULL)
        *actual_mechs = GSS_C_NO_OID_SET;
    if (time_rec != NULL)
        *time_rec = 0;
    if (mechs != GSS_C_NO_OID_SET) {
        gss_test_oid_set_member(&tmp, &ntlmgss_mech_oid_desc, mechs,
                                &present);
        if (!present)
            return ntlmgss_fail(minor_status, NTLM_ERR_BAD_MECH);
    }
    ret = ntlmgss_cred_acquire((struct ntlmgss_name *)name, usage, store,
                               password, &cred);
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    if (time_req != 0 && time_req != GSS_C_INDEFINITE)
        cred->expiry = time(NULL) + time_req;
    if (set_mechs(actual_mechs) != GSS_S_COMPLETE) {
        ntlmgss_cred_free(cred);
        return ntlmgss_fail(minor_status, NTLM_ERR_NOMEM);
    }
    if (time_rec != NULL)
        *time_rec = cred->expiry != 0 ? time_req : GSS_C_INDEFINITE;
    *out = (gss_cred_id_t)cred;
    return ntlmgss_fail(minor_status, 0);
}

OM_uint32
ntlmgss_acquire_cred_from(OM_uint32 *minor_status, gss_name_t name,
                          OM_uint32 time_req, gss_OID_set mechs,
                          gss_cred_usage_t usage,
                          gss_const_key_value_set_t store,
                          gss_cred_id_t *out, gss_OID_set *actual_mechs,
                          OM_uint32 *time_rec)
{
    return acquire_common(minor_status, name, time_req, mechs, usage, store,
                          GSS_C_NO_BUFFER, out, actual_mechs, time_rec);
}

OM_uint32
ntlmgss_acquire_cred_with_password(OM_uint32 *minor_status, gss_name_t name,
                                   gss_buffer_t password, OM_uint32 time_req,
                                   gss_OID_set mechs, gss_cred_usage_t usage,
                                   gss_cred_id_t *out,
                                   gss_OID_set *actual_mechs,
                                   OM_uint32 *time_rec)
{
    if (password == GSS_C_NO_BUFFER ||
        (password->value == NULL && password->length != 0))
        return GSS_S_CALL_INACCESSIBLE_READ;
    if (name == GSS_C_NO_NAME)
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_NAME);
    return acquire_common(minor_status, name, time_req, mechs, usage,
                          GSS_C_NO_CRED_STORE, password, out, actual_mechs,
                          time_rec);
}

OM_uint32
ntlmgss_release_cred(OM_uint32 *minor_status, gss_cred_id_t *cred)
{
    if (cred == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    ntlmgss_cred_free((struct ntlmgss_cred *)*cred);
    *cred = GSS_C_NO_CREDENTIAL;
    return ntlmgss_fail(minor_status, 0);
}

static OM_uint32
cred_lifetime(const struct ntlmgss_cred *cred)
{
    time_t now;

    if (cred->expiry == 0)
        return GSS_C_INDEFINITE;
    now = time(NULL);
    return cred->expiry > now ? (OM_uint32)(cred->expiry - now) : 0;
}

OM_uint32
ntlmgss_inquire_cred(OM_uint32 *minor_status, gss_cred_id_t cred_handle,
                     gss_name_t *name, OM_uint32 *lifetime,
                     gss_cred_usage_t *usage, gss_OID_set *mechs)
{
    struct ntlmgss_cred *cred = (struct ntlmgss_cred *)cred_handle;
    struct ntlmgss_cred *def = NULL;
    struct ntlmgss_name *n = NULL;
    int ret;

    if (name != NULL)
        *name = GSS_C_NO_NAME;
    if (mechs != NULL)
        *mechs = GSS_C_NO_OID_SET;
    if (cred == NULL) {
        ret = ntlmgss_cred_acquire(NULL, GSS_C_INITIATE, NULL, NULL, &def);
        if (ret != 0)
            return ntlmgss_fail(minor_status, ret);
        cred = def;
    }
    if (name != NULL) {
        ret = ntlmgss_name_dup(cred->user != NULL ? cred->user :
                               cred->acceptor, &n);
        if (ret != 0)
            goto done;
        *name = (gss_name_t)n;
    }
    if (lifetime != NULL)
        *lifetime = cred_lifetime(cred);
    if (usage != NULL)
        *usage = cred->usage;
    ret = 0;
    if (set_mechs(mechs) != GSS_S_COMPLETE)
        ret = NTLM_ERR_NOMEM;
done:
    ntlmgss_cred_free(def);
    return ntlmgss_fail(minor_status, ret);
}

OM_uint32
ntlmgss_inquire_cred_by_mech(OM_uint32 *minor_status, gss_cred_id_t cred,
                             gss_OID mech, gss_name_t *name,
                             OM_uint32 *init_lifetime,
                             OM_uint32 *accept_lifetime,
                             gss_cred_usage_t *usage)
{
    gss_cred_usage_t u = 0;
    OM_uint32 life = 0, maj;

    if (init_lifetime != NULL)
        *init_lifetime = 0;
    if (accept_lifetime != NULL)
        *accept_lifetime = 0;
    if (mech != GSS_C_NO_OID && !ntlmgss_is_our_mech(mech))
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_MECH);
    maj = ntlmgss_inquire_cred(minor_status, cred, name, &life, &u, NULL);
    if (maj != GSS_S_COMPLETE)
        return maj;
    if (init_lifetime != NULL && u != GSS_C_ACCEPT)
        *init_lifetime = life;
    if (accept_lifetime != NULL && u != GSS_C_INITIATE)
        *accept_lifetime = life;
    if (usage != NULL)
        *usage = u;
    return maj;
}

/* ---- export / import -------------------------------------------------
 * Format (all little-endian), version 2 (version 1 lacks the options):
 *   "NTGC" u8 version u8 usage u8 flags(1=have_hash 2=sso) u64 expiry
 *   name(user) name(acceptor) str(user_file) [hash 16]
 *   u8 flag_rules u8 have_neg_flags u32 neg_flags
 * name = u8 kind (0 = none) then str domain/user or service/host;
 * str  = u32 length (0xFFFFFFFF = NULL) then bytes.
 */
#define CRED_MAGIC "NTGC"

static void
put_str(struct wire_out *w, const char *s)
{
    if (s == NULL) {
        wire_out_u32le(w, 0xFFFFFFFFu);
        return;
    }
    wire_out_u32le(w, (uint32_t)strlen(s));
    wire_out_bytes(w, s, strlen(s));
}

void
ntlmgss_put_name(struct wire_out *w, const struct ntlmgss_name *n)
{
    if (n == NULL) {
        wire_out_u8(w, 0);
        return;
    }
    wire_out_u8(w, (uint8_t)n->kind);
    if (n->kind == NTLMGSS_NAME_USER) {
        put_str(w, n->domain);
        put_str(w, n->user);
    } else if (n->kind == NTLMGSS_NAME_SERVICE) {
        put_str(w, n->service);
        put_str(w, n->host);
    }
}

static int
get_str(struct wire_in *in, char **out)
{
    struct wire_slice s;
    uint32_t len;
    int ret;

    *out = NULL;
    ret = wire_in_u32le(in, &len);
    if (ret != 0)
        return NTLM_ERR_BAD_EXPORT;
    if (len == 0xFFFFFFFFu)
        return 0;
    if (len > 65536)
        return NTLM_ERR_BAD_EXPORT;
    ret = wire_in_bytes(in, len, &s);
    if (ret != 0 || memchr(s.ptr, 0, s.len) != NULL)
        return NTLM_ERR_BAD_EXPORT;
    *out = malloc(len + 1);
    if (*out == NULL)
        return NTLM_ERR_NOMEM;
    memcpy(*out, s.ptr, len);
    (*out)[len] = '\0';
    return 0;
}

int
ntlmgss_get_name(struct wire_in *in, struct ntlmgss_name **out)
{
    struct ntlmgss_name *n;
    uint8_t kind;
    int ret;

    *out = NULL;
    if (wire_in_u8(in, &kind) != 0)
        return NTLM_ERR_BAD_EXPORT;
    if (kind == 0)
        return 0;
    if (kind != NTLMGSS_NAME_USER && kind != NTLMGSS_NAME_SERVICE &&
        kind != NTLMGSS_NAME_ANON)
        return NTLM_ERR_BAD_EXPORT;
    n = calloc(1, sizeof(*n));
    if (n == NULL)
        return NTLM_ERR_NOMEM;
    n->kind = kind;
    ret = 0;
    if (kind == NTLMGSS_NAME_USER) {
        ret = get_str(in, &n->domain);
        if (ret == 0)
            ret = get_str(in, &n->user);
        if (ret == 0 && n->user == NULL)
            ret = NTLM_ERR_BAD_EXPORT;
    } else if (kind == NTLMGSS_NAME_SERVICE) {
        ret = get_str(in, &n->service);
        if (ret == 0)
            ret = get_str(in, &n->host);
        if (ret == 0 && n->service == NULL)
            ret = NTLM_ERR_BAD_EXPORT;
    }
    if (ret != 0) {
        ntlmgss_name_free(n);
        return ret;
    }
    *out = n;
    return 0;
}

OM_uint32
ntlmgss_export_cred(OM_uint32 *minor_status, gss_cred_id_t cred_handle,
                    gss_buffer_t token)
{
    struct ntlmgss_cred *cred = (struct ntlmgss_cred *)cred_handle;
    struct wire_out w;
    uint8_t *buf = NULL;
    size_t len;
    int ret;

    if (token == GSS_C_NO_BUFFER)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    token->length = 0;
    token->value = NULL;
    if (cred == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_NO_CREDS);
    wire_out_init(&w, WIRE_OUT_ZAP);
    wire_out_bytes(&w, CRED_MAGIC, 4);
    wire_out_u8(&w, 2);
    wire_out_u8(&w, (uint8_t)cred->usage);
    wire_out_u8(&w, (cred->have_hash ? 1 : 0) | (cred->sso ? 2 : 0));
    wire_out_u64le(&w, (uint64_t)cred->expiry);
    ntlmgss_put_name(&w, cred->user);
    ntlmgss_put_name(&w, cred->acceptor);
    put_str(&w, cred->user_file);
    if (cred->have_hash)
        wire_out_bytes(&w, cred->nt_hash, 16);
    wire_out_u8(&w, (uint8_t)cred->flag_rules);
    wire_out_u8(&w, cred->have_neg_flags ? 1 : 0);
    wire_out_u32le(&w, cred->neg_flags);
    ret = wire_out_finish(&w, &buf, &len);
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);
    token->value = buf;
    token->length = len;
    return ntlmgss_fail(minor_status, 0);
}

OM_uint32
ntlmgss_import_cred(OM_uint32 *minor_status, gss_buffer_t token,
                    gss_cred_id_t *out)
{
    struct ntlmgss_cred *cred = NULL;
    struct wire_in in;
    uint8_t ver, usage, flags, rules = 0, have_nf = 0;
    uint64_t expiry;
    uint32_t nf = 0;
    int ret;

    if (out == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    *out = GSS_C_NO_CREDENTIAL;
    if (token == GSS_C_NO_BUFFER || token->value == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_EXPORT);
    cred = calloc(1, sizeof(*cred));
    if (cred == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_NOMEM);
    wire_in_init(&in, token->value, token->length);
    ret = NTLM_ERR_BAD_EXPORT;
    if (wire_in_expect(&in, CRED_MAGIC, 4, NTLM_ERR_BAD_EXPORT) != 0 ||
        wire_in_u8(&in, &ver) != 0 || (ver != 1 && ver != 2) ||
        wire_in_u8(&in, &usage) != 0 || wire_in_u8(&in, &flags) != 0 ||
        wire_in_u64le(&in, &expiry) != 0 || flags > 3 ||
        (usage != GSS_C_BOTH && usage != GSS_C_INITIATE &&
         usage != GSS_C_ACCEPT))
        goto done;
    cred->usage = usage;
    cred->expiry = (time_t)expiry;
    cred->sso = (flags & 2) != 0;
    ret = ntlmgss_get_name(&in, &cred->user);
    if (ret == 0)
        ret = ntlmgss_get_name(&in, &cred->acceptor);
    if (ret == 0)
        ret = get_str(&in, &cred->user_file);
    if (ret != 0)
        goto done;
    if (flags & 1) {
        ret = wire_in_copy(&in, cred->nt_hash, 16);
        if (ret != 0) {
            ret = NTLM_ERR_BAD_EXPORT;
            goto done;
        }
        cred->have_hash = true;
    }
    if (ver == 2 &&
        (wire_in_u8(&in, &rules) != 0 || wire_in_u8(&in, &have_nf) != 0 ||
         wire_in_u32le(&in, &nf) != 0 || rules > NTLMGSS_FLAGS_SEAL ||
         have_nf > 1)) {
        ret = NTLM_ERR_BAD_EXPORT;
        goto done;
    }
    cred->flag_rules = (enum ntlmgss_flag_rules)rules;
    cred->have_neg_flags = have_nf != 0;
    cred->neg_flags = nf;
    ret = wire_in_finish(&in) != 0 ? NTLM_ERR_BAD_EXPORT : 0;
    if (ret == 0 && usage != GSS_C_ACCEPT && cred->user == NULL)
        ret = NTLM_ERR_BAD_EXPORT;
    if (ret != 0)
        goto done;
    *out = (gss_cred_id_t)cred;
    cred = NULL;
done:
    ntlmgss_cred_free(cred);
    return ntlmgss_fail(minor_status, ret);
}

/*
 * ntlmgss_set_cred_option - gssspi_set_cred_option: NTLMGSS_OID_WINDOWS_
 * FLAGS (Windows SSPI's flag rules for this credential's contexts) and
 * NTLMGSS_OID_NEG_FLAGS (base NEGOTIATE flags, uint32 host order).  Other
 * OIDs give GSS_S_UNAVAILABLE so that mechglue tries the next mechanism of
 * a union credential.  The credential is changed in place.
 */
OM_uint32
ntlmgss_set_cred_option(OM_uint32 *minor_status, gss_cred_id_t *cred_h,
                        gss_OID oid, gss_buffer_t value)
{
    struct ntlmgss_cred *cred;
    const uint8_t *v;
    size_t len;
    uint32_t f;

    if (cred_h == NULL)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    if (oid == GSS_C_NO_OID)
        return GSS_S_CALL_INACCESSIBLE_READ;
    if (!ntlmgss_is_private_oid(oid, NTLMGSS_OID_WINDOWS_FLAGS) &&
        !ntlmgss_is_private_oid(oid, NTLMGSS_OID_NEG_FLAGS)) {
        *minor_status = NTLM_ERR_UNSUPPORTED;
        return GSS_S_UNAVAILABLE;
    }
    cred = (struct ntlmgss_cred *)*cred_h;
    if (cred == NULL)
        return ntlmgss_fail(minor_status, NTLM_ERR_NO_CREDS);
    len = value != GSS_C_NO_BUFFER ? value->length : 0;
    v = value != GSS_C_NO_BUFFER ? value->value : NULL;
    if (len != 0 && v == NULL)
        return GSS_S_CALL_INACCESSIBLE_READ;
    if (ntlmgss_is_private_oid(oid, NTLMGSS_OID_WINDOWS_FLAGS)) {
        if (len > 1)
            return ntlmgss_fail(minor_status, ntlm_err_detail(
                NTLM_ERR_INVALID_ARGUMENT, "Windows flags option: empty "
                "buffer or one byte"));
        cred->flag_rules = (len == 0 || v[0] != 0) ?
            NTLMGSS_FLAGS_WINDOWS : NTLMGSS_FLAGS_CONFIG;
        NTLMGSS_TRACE("cred: flag rules %s", cred->flag_rules ==
                      NTLMGSS_FLAGS_WINDOWS ? "Windows (SEAL only for CONF)"
                      : "configuration");
        return ntlmgss_fail(minor_status, 0);
    }
    if (len != sizeof(f))
        return ntlmgss_fail(minor_status, ntlm_err_detail(
            NTLM_ERR_INVALID_ARGUMENT, "NEGOTIATE flags option: 4 bytes"));
    memcpy(&f, v, sizeof(f));
    cred->have_neg_flags = f != 0;
    cred->neg_flags = f;
    NTLMGSS_TRACE("cred: base NEGOTIATE flags 0x%08x%s", (unsigned)f,
                  f == 0 ? " (defaults)" : "");
    return ntlmgss_fail(minor_status, 0);
}
