/*
 * nconfig.c - the mechanism's configuration: defaults, the configuration
 * file, environment overrides, and a cached reference-counted snapshot.
 *
 * File format: one "key = value" per line; blank lines and lines whose
 * first non-blank character is '#' or ';' are ignored; an unquoted value
 * ends at a '#' preceded by white space (a comment); a value may be put in
 * double quotes to keep leading/trailing blanks or a " #".  Keys are
 * case-insensitive and '-' may be written for '_'.  Every error (unknown
 * key, bad value, duplicate key, missing '=') is fatal and names the line:
 * a configuration that cannot be understood must not silently fall back to
 * weaker defaults.
 *
 * Environment overrides (secure_getenv, so ignored in set-id programs):
 *   NTLMGSS_CONFIG            the file to read instead of the default
 *   NTLM_USER_FILE            user_file (the existing mechanism's variable)
 *   NTLMGSS_USER_FILE         user_file (wins over NTLM_USER_FILE)
 *   NTLMGSS_TRACE             trace
 *   NTLMGSS_COMPAT_LEVEL      compat_level
 *   NTLMGSS_NETBIOS_COMPUTER  netbios_computer (NETBIOS_COMPUTER_NAME, the
 *                             existing mechanism's name, is a fallback)
 *   NTLMGSS_NETBIOS_DOMAIN    netbios_domain (fallback NETBIOS_DOMAIN_NAME)
 * The existing mechanism's LM_COMPAT_LEVEL is deliberately not honoured:
 * NTLMv1/LM must be enabled explicitly with compat_level.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/errors.h"
#include "common/secure.h"
#include "filestamp.h"
#include "mechconf.h"
#include "nconfig.h"
#include "trace.h"

/* configure --with-ntlmgss-config (mech/Makefile.am passes it) */
#ifndef NTLMGSS_CONFIG_FILE
#define NTLMGSS_CONFIG_FILE "/etc/gss/ntlmgss.conf"
#endif
#define DEFAULT_CONFIG_PATH NTLMGSS_CONFIG_FILE

#define CONFIG_MAX_SIZE (1024 * 1024)
#define NETBIOS_MAX_LEN 15
#define DNS_MAX_LEN 255
#define CLOCK_SKEW_MAX (7u * 24 * 3600)

static const char *
get_env(const char *name)
{
#ifdef HAVE_SECURE_GETENV
    return secure_getenv(name);
#else
    return getenv(name);
#endif
}

const char *
ntlmgss_config_default_path(void)
{
    return DEFAULT_CONFIG_PATH;
}

const char *
ntlmgss_policy_name(enum ntlmgss_policy p)
{
    switch (p) {
    case NTLMGSS_POLICY_IGNORE:
        return "ignore";
    case NTLMGSS_POLICY_IF_PRESENT:
        return "if-present";
    case NTLMGSS_POLICY_REQUIRE:
        return "require";
    }
    return "?";
}

static void
config_free(struct ntlmgss_config *cfg)
{
    if (cfg == NULL)
        return;
    free(cfg->nb_computer);
    free(cfg->nb_domain);
    free(cfg->dns_computer);
    free(cfg->dns_domain);
    free(cfg->user_file);
    free(cfg->default_user);
    free(cfg->trace_file);
    free(cfg->config_path);
    free(cfg);
}

void
ntlmgss_config_release(struct ntlmgss_config *cfg)
{
    if (cfg == NULL)
        return;
    if (__atomic_sub_fetch(&cfg->refcount, 1, __ATOMIC_ACQ_REL) == 0)
        config_free(cfg);
}

/* Replace *field with a copy of value (NULL allowed). */
static int
set_str(char **field, const char *value)
{
    char *copy = NULL;

    if (value != NULL) {
        copy = strdup(value);
        if (copy == NULL)
            return NTLM_ERR_NOMEM;
    }
    free(*field);
    *field = copy;
    return 0;
}

static void
upcase_ascii(char *s)
{
    for (; *s != '\0'; s++)
        *s = (char)toupper((unsigned char)*s);
}

/* The built-in defaults, host names from gethostname(). */
static int
config_defaults(struct ntlmgss_config **out_cfg)
{
    struct ntlmgss_config *cfg;
    char host[256];
    char label[NETBIOS_MAX_LEN + 1];
    const char *dot;
    size_t n;
    int ret = NTLM_ERR_NOMEM;

    *out_cfg = NULL;
    cfg = calloc(1, sizeof(*cfg));
    if (cfg == NULL)
        return NTLM_ERR_NOMEM;
    cfg->refcount = 1;
    cfg->compat_level = 3;
    cfg->mic_policy = NTLMGSS_POLICY_IF_PRESENT;
    cfg->cb_policy = NTLMGSS_POLICY_IF_PRESENT;
    cfg->target_policy = NTLMGSS_POLICY_IGNORE;
    cfg->send_mic = true;
    cfg->clock_skew = 300;
    cfg->allow_anonymous = false;
    cfg->allow_foreign_localname = false;
    cfg->seal_by_default = true;
    cfg->domain_logins = NTLMGSS_DOMAIN_AUTO;
    cfg->domain_localname = false;

    if (gethostname(host, sizeof(host)) != 0 || host[0] == '\0')
        snprintf(host, sizeof(host), "localhost");
    host[sizeof(host) - 1] = '\0';

    dot = strchr(host, '.');
    n = dot != NULL ? (size_t)(dot - host) : strlen(host);
    if (n > NETBIOS_MAX_LEN)
        n = NETBIOS_MAX_LEN;
    if (n == 0) {
        snprintf(label, sizeof(label), "LOCALHOST");
    } else {
        memcpy(label, host, n);
        label[n] = '\0';
    }
    upcase_ascii(label);

    if (set_str(&cfg->nb_computer, label) != 0 ||
        set_str(&cfg->nb_domain, "WORKGROUP") != 0 ||
        set_str(&cfg->dns_computer, host) != 0 ||
        set_str(&cfg->dns_domain, dot != NULL ? dot + 1 : "") != 0)
        goto done;

    ret = 0;
    *out_cfg = cfg;
    cfg = NULL;
done:
    config_free(cfg);
    return ret;
}

/* ---- value parsers: 0 or a static message for the error ---------------- */

static const char *
parse_uint(const char *v, unsigned long max, unsigned long *out)
{
    unsigned long n = 0;
    const char *p;

    *out = 0;
    if (*v == '\0')
        return "a number is required";
    for (p = v; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return "not a decimal number";
        n = n * 10 + (unsigned long)(*p - '0');
        if (n > max)
            return "number out of range";
    }
    *out = n;
    return NULL;
}

/*
 * parse_bool - exactly the documented words, "yes" or "no" (in any case,
 * as every other word-valued key).  No aliases (on/off, true/false, 1/0):
 * the documentation and the error message name two values, and a value
 * outside them fails the whole configuration, so an alias accepted here
 * would be a second, undocumented spelling that other parsers of the file
 * (and readers of it) may not share.
 */
static const char *
parse_bool(const char *v, bool *out)
{
    if (strcasecmp(v, "yes") == 0) {
        *out = true;
        return NULL;
    }
    if (strcasecmp(v, "no") == 0) {
        *out = false;
        return NULL;
    }
    return "expected yes or no";
}

static const char *
parse_policy(const char *v, enum ntlmgss_policy *out)
{
    if (strcasecmp(v, "ignore") == 0 || strcasecmp(v, "off") == 0) {
        *out = NTLMGSS_POLICY_IGNORE;
    } else if (strcasecmp(v, "if-present") == 0 ||
               strcasecmp(v, "if_present") == 0 ||
               strcasecmp(v, "accept") == 0 ||
               strcasecmp(v, "accept-if-present") == 0) {
        *out = NTLMGSS_POLICY_IF_PRESENT;
    } else if (strcasecmp(v, "require") == 0 ||
               strcasecmp(v, "required") == 0) {
        *out = NTLMGSS_POLICY_REQUIRE;
    } else {
        return "expected ignore, if-present or require";
    }
    return NULL;
}

static const char *
check_netbios(const char *v)
{
    const char *p;

    if (*v == '\0')
        return "a NetBIOS name must not be empty";
    if (strlen(v) > NETBIOS_MAX_LEN)
        return "a NetBIOS name has at most 15 characters";
    for (p = v; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;

        if (c < 0x21 || c > 0x7e || strchr("\\/:*?\"<>|.", c) != NULL)
            return "invalid character in a NetBIOS name";
    }
    return NULL;
}

static const char *
check_dns(const char *v, bool empty_ok)
{
    const char *p;

    if (*v == '\0')
        return empty_ok ? NULL : "a DNS name must not be empty";
    if (strlen(v) > DNS_MAX_LEN)
        return "a DNS name has at most 255 characters";
    for (p = v; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;

        if (!isalnum(c) && c != '-' && c != '.' && c != '_')
            return "invalid character in a DNS name";
    }
    return NULL;
}

/* ---- the keys ----------------------------------------------------------- */

enum cfg_key {
    K_COMPAT_LEVEL, K_NB_COMPUTER, K_NB_DOMAIN, K_DNS_COMPUTER, K_DNS_DOMAIN,
    K_USER_FILE, K_DEFAULT_USER, K_MIC_POLICY, K_CB_POLICY, K_TARGET_POLICY,
    K_SEND_MIC, K_CLOCK_SKEW, K_ALLOW_ANONYMOUS, K_ALLOW_FOREIGN_LOCALNAME,
    K_TRACE, K_SEAL_BY_DEFAULT, K_DOMAIN_LOGINS, K_DOMAIN_LOCALNAME,
    K_DETECT_REFLECTION, K_NUM
};

static const char *const key_names[K_NUM] = {
    "compat_level", "netbios_computer", "netbios_domain", "dns_computer",
    "dns_domain", "user_file", "default_user", "mic_policy", "cb_policy",
    "target_policy", "send_mic", "clock_skew", "allow_anonymous",
    "allow_foreign_localname", "trace", "seal_by_default", "domain_logins",
    "domain_localname", "detect_reflection"
};

static int
find_key(const char *k)
{
    char norm[64];
    size_t i, n = strlen(k);

    if (n >= sizeof(norm))
        return -1;
    for (i = 0; i <= n; i++)
        norm[i] = k[i] == '-' ? '_' : (char)tolower((unsigned char)k[i]);
    for (i = 0; i < K_NUM; i++) {
        if (strcmp(norm, key_names[i]) == 0)
            return (int)i;
    }
    return -1;
}

/*
 * Apply one key's value.  Returns 0, NTLM_ERR_NOMEM, or NTLM_ERR_CONFIG
 * with a detail that starts with where (e.g. "/etc/x.conf line 3").
 */
static int
apply_key(struct ntlmgss_config *cfg, int key, const char *v,
          const char *where, bool from_env)
{
    const char *bad = NULL;
    unsigned long n;
    char *up = NULL;
    int ret;

    switch (key) {
    case K_COMPAT_LEVEL:
        bad = parse_uint(v, 5, &n);
        if (bad == NULL)
            cfg->compat_level = (int)n;
        break;
    case K_NB_COMPUTER:
    case K_NB_DOMAIN:
        bad = check_netbios(v);
        if (bad != NULL)
            break;
        up = strdup(v);
        if (up == NULL)
            return NTLM_ERR_NOMEM;
        upcase_ascii(up);
        if (key == K_NB_COMPUTER) {
            free(cfg->nb_computer);
            cfg->nb_computer = up;
        } else {
            free(cfg->nb_domain);
            cfg->nb_domain = up;
        }
        break;
    case K_DNS_COMPUTER:
        bad = check_dns(v, false);
        if (bad == NULL && set_str(&cfg->dns_computer, v) != 0)
            return NTLM_ERR_NOMEM;
        break;
    case K_DNS_DOMAIN:
        bad = check_dns(v, true);
        if (bad == NULL && set_str(&cfg->dns_domain, v) != 0)
            return NTLM_ERR_NOMEM;
        break;
    case K_USER_FILE:
        /* A relative path would depend on the application's working
         * directory; only the environment (compatibility) may use one. */
        if (*v != '\0' && *v != '/' && !from_env)
            bad = "user_file must be an absolute path";
        else if (set_str(&cfg->user_file, *v != '\0' ? v : NULL) != 0)
            return NTLM_ERR_NOMEM;
        break;
    case K_DEFAULT_USER:
        if (strchr(v, ':') != NULL)
            bad = "a user name must not contain ':'";
        else if (set_str(&cfg->default_user, *v != '\0' ? v : NULL) != 0)
            return NTLM_ERR_NOMEM;
        break;
    case K_MIC_POLICY:
        bad = parse_policy(v, &cfg->mic_policy);
        break;
    case K_CB_POLICY:
        bad = parse_policy(v, &cfg->cb_policy);
        break;
    case K_TARGET_POLICY:
        bad = parse_policy(v, &cfg->target_policy);
        break;
    case K_SEND_MIC:
        bad = parse_bool(v, &cfg->send_mic);
        break;
    case K_CLOCK_SKEW:
        bad = parse_uint(v, CLOCK_SKEW_MAX, &n);
        if (bad == NULL)
            cfg->clock_skew = (uint32_t)n;
        break;
    case K_ALLOW_ANONYMOUS:
        bad = parse_bool(v, &cfg->allow_anonymous);
        break;
    case K_ALLOW_FOREIGN_LOCALNAME:
        bad = parse_bool(v, &cfg->allow_foreign_localname);
        break;
    case K_TRACE:
        if (set_str(&cfg->trace_file, *v != '\0' ? v : NULL) != 0)
            return NTLM_ERR_NOMEM;
        break;
    case K_SEAL_BY_DEFAULT:
        bad = parse_bool(v, &cfg->seal_by_default);
        break;
    case K_DOMAIN_LOGINS:
        if (strcasecmp(v, "auto") == 0) {
            cfg->domain_logins = NTLMGSS_DOMAIN_AUTO;
        } else {
            bool b;

            bad = parse_bool(v, &b);
            if (bad == NULL)
                cfg->domain_logins = b ? NTLMGSS_DOMAIN_YES :
                    NTLMGSS_DOMAIN_NO;
            else
                bad = "expected auto, yes or no";
        }
        break;
    case K_DOMAIN_LOCALNAME:
        bad = parse_bool(v, &cfg->domain_localname);
        break;
    case K_DETECT_REFLECTION:
        bad = parse_bool(v, &cfg->detect_reflection);
        break;
    default:
        bad = "unknown key";
        break;
    }
    if (bad == NULL)
        return 0;
    ret = ntlm_err_detail(NTLM_ERR_CONFIG, "%s: %s = '%.64s': %s", where,
                          key_names[key], v, bad);
    return ret;
}

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Parse text into cfg (which holds the defaults).  origin names the
 * source in error details ("<path>" or "configuration"). */
static int
parse_into(struct ntlmgss_config *cfg, const char *text, size_t len,
           const char *origin)
{
    unsigned seen_line[K_NUM] = { 0 };
    char where[320];
    char *buf = NULL, *line, *next, *eq, *k, *v, *end, *p;
    unsigned lineno = 0;
    int key, ret = NTLM_ERR_INTERNAL;

    if (memchr(text, '\0', len) != NULL) {
        return ntlm_err_detail(NTLM_ERR_CONFIG,
                               "%s: contains a NUL byte", origin);
    }
    buf = malloc(len + 1);
    if (buf == NULL)
        return NTLM_ERR_NOMEM;
    memcpy(buf, text, len);
    buf[len] = '\0';

    for (line = buf; line != NULL; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        snprintf(where, sizeof(where), "%s line %u", origin, lineno);

        /* Trim. */
        while (is_blank(*line))
            line++;
        end = line + strlen(line);
        while (end > line && is_blank(end[-1]))
            *--end = '\0';
        if (*line == '\0' || *line == '#' || *line == ';')
            continue;

        eq = strchr(line, '=');
        if (eq == NULL) {
            ret = ntlm_err_detail(NTLM_ERR_CONFIG,
                                  "%s: expected 'key = value'", where);
            goto done;
        }
        *eq = '\0';
        k = line;
        end = eq;
        while (end > k && is_blank(end[-1]))
            *--end = '\0';
        v = eq + 1;
        while (is_blank(*v))
            v++;

        if (*k == '\0') {
            ret = ntlm_err_detail(NTLM_ERR_CONFIG, "%s: missing key",
                                  where);
            goto done;
        }
        key = find_key(k);
        if (key < 0) {
            ret = ntlm_err_detail(NTLM_ERR_CONFIG, "%s: unknown key '%.64s'",
                                  where, k);
            goto done;
        }
        if (seen_line[key] != 0) {
            ret = ntlm_err_detail(NTLM_ERR_CONFIG,
                                  "%s: '%s' already set on line %u", where,
                                  key_names[key], seen_line[key]);
            goto done;
        }
        seen_line[key] = lineno;

        if (*v == '"') {
            p = strchr(v + 1, '"');
            if (p == NULL) {
                ret = ntlm_err_detail(NTLM_ERR_CONFIG,
                                      "%s: unterminated quoted value", where);
                goto done;
            }
            *p = '\0';
            for (p++; is_blank(*p); p++)
                ;
            if (*p != '\0' && *p != '#') {
                ret = ntlm_err_detail(NTLM_ERR_CONFIG,
                                      "%s: text after the quoted value",
                                      where);
                goto done;
            }
            v++;
        } else {
            /* A '#' after white space starts a comment. */
            for (p = v; *p != '\0'; p++) {
                if (*p == '#' && p > v && is_blank(p[-1])) {
                    *p = '\0';
                    break;
                }
            }
            end = v + strlen(v);
            while (end > v && is_blank(end[-1]))
                *--end = '\0';
        }

        ret = apply_key(cfg, key, v, where, false);
        if (ret != 0)
            goto done;
    }
    ret = 0;
done:
    free(buf);
    return ret;
}

int
ntlmgss_config_parse(const char *text, size_t len,
                     struct ntlmgss_config **out_cfg)
{
    struct ntlmgss_config *cfg = NULL;
    int ret;

    *out_cfg = NULL;
    if (text == NULL && len != 0)
        return NTLM_ERR_INVALID_ARGUMENT;
    ret = config_defaults(&cfg);
    if (ret != 0)
        goto done;
    ret = parse_into(cfg, text != NULL ? text : "", len, "configuration");
    if (ret != 0)
        goto done;
    *out_cfg = cfg;
    cfg = NULL;
done:
    config_free(cfg);
    return ret;
}

/* Warn about a configuration file that others may rewrite. */
static void
warn_mode(const char *path, const struct ntlm_fstamp *stamp)
{
    if (stamp->exists && (stamp->mode & S_IWOTH))
        NTLMGSS_TRACE("warning: configuration file %s is writable by others",
                      path);
}

int
ntlmgss_config_parse_file(const char *path, struct ntlmgss_config **out_cfg)
{
    struct ntlmgss_config *cfg = NULL;
    struct ntlm_fstamp stamp;
    char *text = NULL;
    size_t len;
    int ret;

    *out_cfg = NULL;
    if (path == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    ret = ntlm_fstamp_read(path, CONFIG_MAX_SIZE, NTLM_ERR_CONFIG, &text, &len,
                           &stamp);
    if (ret != 0)
        goto done;
    if (!stamp.exists) {
        ret = ntlm_err_detail(NTLM_ERR_CONFIG, "cannot open %s: %s", path,
                              strerror(ENOENT));
        goto done;
    }
    warn_mode(path, &stamp);
    ret = config_defaults(&cfg);
    if (ret != 0)
        goto done;
    ret = parse_into(cfg, text, len, path);
    if (ret != 0)
        goto done;
    ret = set_str(&cfg->config_path, path);
    if (ret != 0)
        goto done;
    *out_cfg = cfg;
    cfg = NULL;
done:
    free(text);
    config_free(cfg);
    return ret;
}

/* ---- environment overrides ---------------------------------------------- */

struct env_override {
    const char *name;
    int key;
};

/* In order of application: a later entry overrides an earlier one. */
static const struct env_override env_overrides[] = {
    { "NETBIOS_COMPUTER_NAME", K_NB_COMPUTER },
    { "NETBIOS_DOMAIN_NAME", K_NB_DOMAIN },
    { "NTLM_USER_FILE", K_USER_FILE },
    { "NTLMGSS_USER_FILE", K_USER_FILE },
    { "NTLMGSS_TRACE", K_TRACE },
    { "NTLMGSS_COMPAT_LEVEL", K_COMPAT_LEVEL },
    { "NTLMGSS_NETBIOS_COMPUTER", K_NB_COMPUTER },
    { "NTLMGSS_NETBIOS_DOMAIN", K_NB_DOMAIN },
};
#define NUM_ENV_OVERRIDES (sizeof(env_overrides) / sizeof(env_overrides[0]))

static int
apply_env(struct ntlmgss_config *cfg)
{
    const char *v;
    size_t i;
    int ret;

    for (i = 0; i < NUM_ENV_OVERRIDES; i++) {
        v = get_env(env_overrides[i].name);
        if (v == NULL || *v == '\0')
            continue;
        ret = apply_key(cfg, env_overrides[i].key, v, env_overrides[i].name,
                        true);
        if (ret != 0)
            return ret;
    }
    return 0;
}

/* A string identifying the current environment overrides (malloc'd). */
static char *
env_fingerprint(const char *const *vals)
{
    size_t i, len = 1;
    const char *v;
    char *s, *p;

    for (i = 0; i < NUM_ENV_OVERRIDES; i++) {
        v = vals[i];
        len += (v != NULL ? strlen(v) : 0) + 2;
    }
    s = malloc(len);
    if (s == NULL)
        return NULL;
    p = s;
    for (i = 0; i < NUM_ENV_OVERRIDES; i++) {
        v = vals[i];
        *p++ = v != NULL ? '+' : '-';
        if (v != NULL) {
            memcpy(p, v, strlen(v));
            p += strlen(v);
        }
        *p++ = '\x1f';
    }
    *p = '\0';
    return s;
}

/*
 * env_lookup_all - what get_env() gives for every override name
 * (vals[0..NUM_ENV_OVERRIDES-1]) and for NTLMGSS_CONFIG (vals[ENV_CONFIG]),
 * in one pass over the environment instead of one getenv() scan per name:
 * this runs at every context start.  The first definition wins, as with
 * getenv(); a set-id program sees none, as with secure_getenv().
 */
#define ENV_CONFIG NUM_ENV_OVERRIDES
static void
env_lookup_all(const char *vals[NUM_ENV_OVERRIDES + 1])
{
    static const char config_name[] = "NTLMGSS_CONFIG";
    char **e;
    const char *name;
    size_t i, n;

    for (i = 0; i <= NUM_ENV_OVERRIDES; i++)
        vals[i] = NULL;
#ifdef HAVE_SECURE_GETENV
    /* secure_getenv's rule (AT_SECURE), checked once: none when set-id */
    if (getauxval(AT_SECURE) != 0)
        return;
#endif
    for (e = environ; e != NULL && *e != NULL; e++) {
        if ((*e)[0] != 'N')             /* every name starts with N */
            continue;
        for (i = 0; i <= NUM_ENV_OVERRIDES; i++) {
            name = i < NUM_ENV_OVERRIDES ? env_overrides[i].name :
                config_name;
            n = strlen(name);
            if (vals[i] == NULL && strncmp(*e, name, n) == 0 &&
                (*e)[n] == '=') {
                vals[i] = *e + n + 1;
                break;
            }
        }
    }
}

/* ---- the cached snapshot ------------------------------------------------ */

/*
 * One snapshot, for one (path, environment) pair, re-validated on every
 * ntlmgss_config_get() by ntlm_fstamp_same(): one lstat() outside the lock,
 * and a comparison of the contents while the file is "racy" (just
 * written).  A write that completed before a context starts is always seen
 * by it.  The environment is compared on every call too, without
 * allocating.
 */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ntlmgss_config *cache_cfg;   /* holds one reference */
static int cache_err;                      /* or the cached failure */
static char cache_detail[256];
static char *cache_path;
static char *cache_env;
static struct ntlm_fstamp cache_stamp;
static bool cache_valid;

/* Does the environment (vals, from env_lookup_all) still give cache_env
 * (env_fingerprint's format)? */
static bool
env_matches(const char *fp, const char *const *vals)
{
    const char *v;
    size_t i, n;

    for (i = 0; i < NUM_ENV_OVERRIDES; i++) {
        v = vals[i];
        if (*fp++ != (v != NULL ? '+' : '-'))
            return false;
        if (v != NULL) {
            n = strlen(v);
            if (strncmp(fp, v, n) != 0)
                return false;
            fp += n;
        }
        if (*fp++ != '\x1f')
            return false;
    }
    return *fp == '\0';
}

static void
cache_clear_locked(void)
{
    ntlmgss_config_release(cache_cfg);
    cache_cfg = NULL;
    cache_err = 0;
    cache_detail[0] = '\0';
    free(cache_path);
    cache_path = NULL;
    free(cache_env);
    cache_env = NULL;
    memset(&cache_stamp, 0, sizeof(cache_stamp));
    cache_valid = false;
}

void
ntlmgss_config_flush(void)
{
    pthread_mutex_lock(&cache_lock);
    cache_clear_locked();
    pthread_mutex_unlock(&cache_lock);
}

/* Hand out the cached result (lock held). */
static int
cache_result_locked(struct ntlmgss_config **out_cfg)
{
    if (cache_err != 0)
        return ntlm_err_detail(cache_err, "%s", cache_detail);
    __atomic_add_fetch(&cache_cfg->refcount, 1, __ATOMIC_ACQ_REL);
    *out_cfg = cache_cfg;
    return 0;
}

/*
 * The cached result if it is still current: 1 with *out_ret (and *out_cfg)
 * set, or 0 to rebuild.  The file is checked without the lock held, on a
 * copy of the stamp; the answer counts only if the snapshot was not
 * replaced meanwhile.
 */
static int
cache_get_current(const char *path, const char *const *vals,
                  struct ntlmgss_config **out_cfg, int *out_ret)
{
    struct ntlm_fstamp stamp;
    bool have;
    int hit = 0;

    pthread_mutex_lock(&cache_lock);
    have = cache_valid && strcmp(cache_path, path) == 0 &&
        env_matches(cache_env, vals);
    if (have)
        stamp = cache_stamp;
    pthread_mutex_unlock(&cache_lock);
    if (!have || !ntlm_fstamp_same(path, &stamp))
        return 0;

    pthread_mutex_lock(&cache_lock);
    if (cache_valid && strcmp(cache_path, path) == 0 &&
        ntlm_fstamp_equal(&cache_stamp, &stamp)) {
        if (!stamp.racy)
            cache_stamp.racy = false;
        *out_ret = cache_result_locked(out_cfg);
        hit = 1;
    }
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

/* Build a fresh snapshot: defaults, the file (if any), the environment.
 * *out_stamp describes the file as read (also when the contents fail). */
static int
config_build(const char *path, bool explicit_path,
             struct ntlmgss_config **out_cfg, struct ntlm_fstamp *out_stamp)
{
    struct ntlmgss_config *cfg = NULL;
    char *text = NULL;
    size_t len = 0;
    int ret;

    *out_cfg = NULL;

    ret = config_defaults(&cfg);
    if (ret != 0)
        goto done;

    ret = ntlm_fstamp_read(path, CONFIG_MAX_SIZE, NTLM_ERR_CONFIG, &text, &len,
                           out_stamp);
    if (ret != 0)
        goto done;
    if (!out_stamp->exists) {
        if (explicit_path) {
            ret = ntlm_err_detail(NTLM_ERR_CONFIG, "cannot open %s: %s",
                                  path, strerror(ENOENT));
            goto done;
        }
        /* No configuration file: defaults and environment only. */
    } else {
        warn_mode(path, out_stamp);
        ret = parse_into(cfg, text, len, path);
        if (ret != 0)
            goto done;
        ret = set_str(&cfg->config_path, path);
        if (ret != 0)
            goto done;
    }

    ret = apply_env(cfg);
    if (ret != 0)
        goto done;

    *out_cfg = cfg;
    cfg = NULL;
done:
    free(text);
    config_free(cfg);
    return ret;
}

static void
trace_snapshot(const struct ntlmgss_config *cfg)
{
    if (!ntlmgss_trace_enabled())
        return;
    ntlmgss_trace("config: file %s, compat_level %d, netbios %s\\%s, "
                  "dns %s / %s, user_file %s, default_user %s",
                  cfg->config_path != NULL ? cfg->config_path : "(none)",
                  cfg->compat_level, cfg->nb_domain, cfg->nb_computer,
                  cfg->dns_computer, cfg->dns_domain,
                  cfg->user_file != NULL ? cfg->user_file : "(none)",
                  cfg->default_user != NULL ? cfg->default_user : "(none)");
    ntlmgss_trace("config: mic_policy %s, cb_policy %s, target_policy %s, "
                  "send_mic %s, clock_skew %u, allow_anonymous %s, "
                  "allow_foreign_localname %s, seal_by_default %s, "
                  "domain_logins %s, domain_localname %s, "
                  "detect_reflection %s",
                  ntlmgss_policy_name(cfg->mic_policy),
                  ntlmgss_policy_name(cfg->cb_policy),
                  ntlmgss_policy_name(cfg->target_policy),
                  cfg->send_mic ? "yes" : "no", cfg->clock_skew,
                  cfg->allow_anonymous ? "yes" : "no",
                  cfg->allow_foreign_localname ? "yes" : "no",
                  cfg->seal_by_default ? "yes" : "no",
                  cfg->domain_logins == NTLMGSS_DOMAIN_AUTO ? "auto" :
                  cfg->domain_logins == NTLMGSS_DOMAIN_YES ? "yes" : "no",
                  cfg->domain_localname ? "yes" : "no",
                  cfg->detect_reflection ? "yes" : "no");
}

int
ntlmgss_config_get(struct ntlmgss_config **out_cfg)
{
    struct ntlmgss_config *cfg = NULL;
    const char *vals[NUM_ENV_OVERRIDES + 1];
    const char *env_path, *path;
    bool explicit_path;
    char *envfp = NULL;
    int ret = NTLM_ERR_INTERNAL;

    *out_cfg = NULL;

    env_lookup_all(vals);
    env_path = vals[ENV_CONFIG];
    explicit_path = env_path != NULL && *env_path != '\0';
    path = explicit_path ? env_path : DEFAULT_CONFIG_PATH;

    if (cache_get_current(path, vals, out_cfg, &ret))
        return ret;

    envfp = env_fingerprint(vals);
    if (envfp == NULL)
        return NTLM_ERR_NOMEM;

    /* Changed (or first use): rebuild and cache the result, even a
     * failure, so a broken file is not re-parsed until it changes. */
    pthread_mutex_lock(&cache_lock);
    cache_clear_locked();
    ret = config_build(path, explicit_path, &cfg, &cache_stamp);
    cache_path = strdup(path);
    cache_env = envfp;
    envfp = NULL;
    if (cache_path == NULL || cache_env == NULL) {
        config_free(cfg);
        cache_clear_locked();
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    cache_valid = true;
    if (ret != 0) {
        const char *d = ntlm_err_last_detail(ret);

        config_free(cfg);
        cache_err = ret;
        snprintf(cache_detail, sizeof(cache_detail), "%s",
                 d != NULL ? d : ntlm_err_string(ret));
        NTLMGSS_TRACE("config: error: %s", cache_detail);
        goto done;
    }
    cache_cfg = cfg;
    if (cfg->trace_file != NULL)
        (void)ntlmgss_trace_open(cfg->trace_file, true);
    trace_snapshot(cfg);
    mechconf_trace_registration();
    __atomic_add_fetch(&cfg->refcount, 1, __ATOMIC_ACQ_REL);
    *out_cfg = cfg;
    ret = 0;
done:
    pthread_mutex_unlock(&cache_lock);
    free(envfp);
    return ret;
}
