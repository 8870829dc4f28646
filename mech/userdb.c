/*
 * userdb.c - the local user database (NTLM_USER_FILE and its extensions).
 *
 * A file is parsed once into an immutable, reference-counted table with a
 * hash index on the case-folded user name; passwords are turned into NT
 * hashes at load.  Tables are cached per path and re-validated on every
 * lookup by ntlm_fstamp_same() (filestamp.h: one lstat(), plus a
 * comparison of the contents while the file was just written): a changed
 * file is re-read, an unchanged one costs a hash probe, and no write is
 * ever missed.  The cache lock is held only to find or swap a table, never
 * while checking, parsing or copying.  Every buffer that held file contents, passwords or
 * hashes is wiped before it is freed.
 *
 * See userdb.h for the accepted formats and the matching rules.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/errors.h"
#include "common/secure.h"
#include "filestamp.h"
#include "ntlm/ntlm.h"
#include "trace.h"
#include "userdb.h"

#define USERDB_MAX_SIZE ((size_t)256 * 1024 * 1024)
#define USERDB_MAX_CACHED 16
#define UTF8_BOM "\xef\xbb\xbf"

/* Where findings about the file go while it is parsed or checked. */
typedef void udb_report_fn(void *arg, unsigned line, int severity,
                           const char *msg);

enum entry_domain {
    DOM_NAMED = 0,      /* a domain is given */
    DOM_ANY_INORDER,    /* smbpasswd without DOMAIN\ : matches any domain */
    DOM_ANY_FALLBACK    /* Heimdal line with an empty domain */
};

enum entry_state {
    ENTRY_OK = 0,
    ENTRY_DISABLED,     /* smbpasswd D flag or no NT hash */
    ENTRY_BAD_HASH,     /* {NT} or smbpasswd hash that is not 32 hex */
    ENTRY_BAD_PASSWORD  /* password not valid UTF-8 / cannot be hashed */
};

struct udb_entry {
    char *domain;
    char *user;
    char *dom_fold;
    char *user_fold;
    char *password;         /* NULL for hash entries */
    size_t password_len;
    uint8_t nt_hash[16];
    uint8_t lm_hash[16];
    bool has_lm_hash;
    enum entry_domain dom_kind;
    enum entry_state state;
    unsigned line;
    uint32_t hash;
    size_t next;            /* index + 1 of the next entry in the bucket */
};

struct udb_table {
    struct udb_entry *entries;
    size_t num_entries;
    size_t cap;
    size_t *buckets;        /* index + 1 of the first entry, or 0 */
    size_t num_buckets;
    size_t num_malformed;
    /* Set only while parsing for ntlmgss_userdb_check (else NULL). */
    udb_report_fn *report;
    void *report_arg;
};

struct udb_file {
    char *path;
    struct ntlm_fstamp stamp;   /* what was read (cache lock) */
    struct udb_table table;
    unsigned refcount;      /* the cache holds one */
    struct udb_file *next;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct udb_file *cache_head;

/* ---- helpers ------------------------------------------------------------ */

static uint32_t
fnv1a(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static bool
is_ascii(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if ((unsigned char)s[i] >= 0x80)
            return false;
    }
    return true;
}

int
ntlmgss_userdb_fold(const char *s, size_t len, char **out_folded)
{
    uint8_t *u16 = NULL;
    size_t u16_len = 0, out_len = 0, i;
    char *out = NULL;
    int ret;

    *out_folded = NULL;
    if (s == NULL)
        return NTLM_ERR_INVALID_ARGUMENT;
    if (memchr(s, '\0', len) != NULL)
        return NTLM_ERR_INVALID_ARGUMENT;

    if (!is_ascii(s, len)) {
        ret = ntlm_utf8_to_utf16le_upper(s, len, &u16, &u16_len);
        if (ret == 0) {
            ret = ntlm_utf16le_to_utf8(u16, u16_len, &out, &out_len);
            free(u16);
            if (ret == NTLM_ERR_NOMEM)
                return ret;
            if (ret == 0) {
                *out_folded = out;
                return 0;
            }
        } else if (ret == NTLM_ERR_NOMEM) {
            return ret;
        }
        /* Not UTF-8: fall through to ASCII-only folding (exact bytes). */
    }

    out = malloc(len + 1);
    if (out == NULL)
        return NTLM_ERR_NOMEM;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        out[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    out[len] = '\0';
    *out_folded = out;
    return 0;
}

static int
hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int
ntlmgss_userdb_hex_to_hash(const char *hex, size_t len, uint8_t out[16])
{
    int hi, lo;
    size_t i;

    ntlm_zero(out, 16);
    if (hex == NULL || len != 32)
        return NTLM_ERR_INVALID_ARGUMENT;
    for (i = 0; i < 16; i++) {
        hi = hexval((unsigned char)hex[2 * i]);
        lo = hexval((unsigned char)hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            ntlm_zero(out, 16);
            return NTLM_ERR_INVALID_ARGUMENT;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

static bool
all_chars(const char *s, size_t len, char c)
{
    size_t i;

    if (len == 0)
        return false;
    for (i = 0; i < len; i++) {
        if (s[i] != c)
            return false;
    }
    return true;
}

static bool
all_digits(const char *s, size_t len)
{
    size_t i;

    if (len == 0)
        return false;
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return true;
}

/*
 * utf8_check - *out_ok tells whether len bytes at s are UTF-8 as the
 * protocol core accepts it (the one UTF-8 policy).  Returns 0 or
 * NTLM_ERR_NOMEM.  The converted copy is wiped: s may be a password.
 */
static int
utf8_check(const char *s, size_t len, bool *out_ok)
{
    uint8_t *u16 = NULL;
    size_t u16_len = 0;
    int ret;

    *out_ok = false;
    if (is_ascii(s, len)) {
        *out_ok = true;
        return 0;
    }
    ret = ntlm_utf8_to_utf16le(s, len, &u16, &u16_len);
    ntlm_zfree(u16, u16_len);
    if (ret == NTLM_ERR_NOMEM)
        return ret;
    *out_ok = ret == 0;
    return 0;
}

#define SHOW_MAX 48                     /* bytes of a name shown */
#define SHOW_BUF (SHOW_MAX * 4 + 4)

/*
 * show - a name (len bytes, never a secret) fit for a message: control
 * characters, and every non-ASCII byte when the name is not UTF-8,
 * become \xNN; cut at SHOW_MAX bytes with "...".  Returns buf.
 */
static const char *
show(const char *s, size_t len, char buf[SHOW_BUF])
{
    static const char hex[] = "0123456789abcdef";
    bool utf8 = false;
    size_t i, o = 0;
    unsigned char c;

    (void)utf8_check(s, len, &utf8);
    for (i = 0; i < len && i < SHOW_MAX; i++) {
        c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8)) {
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[c >> 4];
            buf[o++] = hex[c & 0xf];
        } else {
            buf[o++] = (char)c;
        }
    }
    if (i < len) {
        /* Do not end inside a UTF-8 sequence. */
        while (utf8 && o > 0 && ((unsigned char)buf[o - 1] & 0xc0) == 0x80)
            o--;
        if (utf8 && o > 0 && (unsigned char)buf[o - 1] >= 0xc0)
            o--;
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

static const char *
severity_name(int severity)
{
    return severity >= NTLMGSS_USERDB_ERROR ? "error" : "warning";
}

/* ---- tables ------------------------------------------------------------- */

static void
entry_cleanup(struct udb_entry *e)
{
    free(e->domain);
    ntlm_zfreestr(e->user);
    free(e->dom_fold);
    free(e->user_fold);
    ntlm_zfree(e->password, e->password_len);
    ntlm_zero(e, sizeof(*e));
}

static void
table_cleanup(struct udb_table *t)
{
    size_t i;

    for (i = 0; i < t->num_entries; i++)
        entry_cleanup(&t->entries[i]);
    free(t->entries);
    free(t->buckets);
    memset(t, 0, sizeof(*t));
}

static void
file_unref(struct udb_file *f)
{
    if (f == NULL)
        return;
    if (__atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    table_cleanup(&f->table);
    free(f->path);
    free(f);
}

void
ntlmgss_user_entry_free(struct ntlmgss_user_entry *e)
{
    if (e == NULL)
        return;
    free(e->domain);
    ntlm_zfreestr(e->user);
    ntlm_zfree(e->password, e->password_len);
    ntlm_zero(e, sizeof(*e));
    free(e);
}

static int
copy_str(const char *s, size_t len, char **out)
{
    *out = malloc(len + 1);
    if (*out == NULL)
        return NTLM_ERR_NOMEM;
    memcpy(*out, s, len);
    (*out)[len] = '\0';
    return 0;
}

/* Append an entry (ownership of nothing: strings are copied). */
static int
table_add(struct udb_table *t, const char *dom, size_t dom_len,
          const char *user, size_t user_len, enum entry_domain dom_kind,
          unsigned line, struct udb_entry **out_e)
{
    struct udb_entry *e, *grown;
    size_t cap;
    int ret;

    *out_e = NULL;
    if (t->num_entries == t->cap) {
        /* Not realloc(): a moved block would leave the NT hashes of the
         * entries so far in freed memory. */
        cap = t->cap ? t->cap * 2 : 16;
        grown = calloc(cap, sizeof(*grown));
        if (grown == NULL)
            return NTLM_ERR_NOMEM;
        if (t->num_entries != 0)
            memcpy(grown, t->entries, t->num_entries * sizeof(*grown));
        ntlm_zfree(t->entries, t->cap * sizeof(*grown));
        t->entries = grown;
        t->cap = cap;
    }
    e = &t->entries[t->num_entries];
    memset(e, 0, sizeof(*e));
    e->dom_kind = dom_kind;
    e->line = line;
    ret = copy_str(dom, dom_len, &e->domain);
    if (ret == 0)
        ret = copy_str(user, user_len, &e->user);
    if (ret == 0)
        ret = ntlmgss_userdb_fold(dom, dom_len, &e->dom_fold);
    if (ret == 0)
        ret = ntlmgss_userdb_fold(user, user_len, &e->user_fold);
    if (ret != 0) {
        entry_cleanup(e);
        return ret == NTLM_ERR_INVALID_ARGUMENT ? NTLM_ERR_USER_FILE : ret;
    }
    e->hash = fnv1a(e->user_fold);
    t->num_entries++;
    *out_e = e;
    return 0;
}

/* Hash a password into e (kept too, for LM in compat mode). */
static int
entry_set_password(struct udb_entry *e, const char *pw, size_t pw_len)
{
    int ret;

    ret = copy_str(pw, pw_len, &e->password);
    if (ret != 0)
        return ret;
    e->password_len = pw_len;
    ret = ntlm_ntowfv1(pw, pw_len, e->nt_hash);
    if (ret == NTLM_ERR_NOMEM)
        return ret;
    if (ret != 0) {
        e->state = ENTRY_BAD_PASSWORD;
        NTLMGSS_TRACE("userdb: line %u: password cannot be hashed (%s); "
                      "entry unusable", e->line, ntlm_err_string(ret));
    }
    return 0;
}

/* Tell the trace, and the check's report when one listens, about line. */
static void udb_note(const struct udb_table *t, unsigned line, int severity,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
udb_note(const struct udb_table *t, unsigned line, int severity,
         const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (t->report == NULL && !ntlmgss_trace_enabled())
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    NTLMGSS_TRACE("userdb: line %u: %s: %s", line, severity_name(severity),
                  msg);
    if (t->report != NULL)
        t->report(t->report_arg, line, severity, msg);
}

static void
warn_malformed(struct udb_table *t, unsigned line, const char *why)
{
    char msg[128];

    t->num_malformed++;
    NTLMGSS_TRACE("userdb: line %u ignored: %s", line, why);
    if (t->report != NULL) {
        snprintf(msg, sizeof(msg), "line ignored: %s", why);
        t->report(t->report_arg, line, NTLMGSS_USERDB_ERROR, msg);
    }
}

/* An smbpasswd LM field without a hash: X's or "NO PASSWORD...". */
static bool
lm_placeholder(const char *s, size_t len)
{
    return (len == 32 && all_chars(s, len, 'X')) ||
        (len >= 11 && memcmp(s, "NO PASSWORD", 11) == 0);
}

/* Parse one line (without its LF; may contain a CR). */
static int
parse_line(struct udb_table *t, const char *line, size_t len,
           unsigned lineno)
{
    const char *f[5], *end = line + len, *p, *cr, *bs;
    size_t flen[5];
    struct udb_entry *e = NULL;
    size_t nf, i;
    int ret;

    if (len == 0 || line[0] == '#')
        return 0;
    if (memchr(line, '\0', len) != NULL) {
        warn_malformed(t, lineno, "contains a NUL byte");
        return 0;
    }

    /* Split into up to 5 ':'-separated fields; the last takes the rest. */
    nf = 0;
    p = line;
    while (nf < 4) {
        const char *c = memchr(p, ':', (size_t)(end - p));

        if (c == NULL)
            break;
        f[nf] = p;
        flen[nf] = (size_t)(c - p);
        nf++;
        p = c + 1;
    }
    f[nf] = p;
    flen[nf] = (size_t)(end - p);
    nf++;

    if (nf < 3) {
        /* Whitespace-only lines are blank lines, no warning. */
        for (i = 0; i < len; i++) {
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
                break;
        }
        if (i < len)
            warn_malformed(t, lineno, "not DOMAIN:USER:PASSWORD");
        return 0;
    }

    /* smbpasswd: NAME:UID:LM:NT[:FLAGS:...] with a decimal UID and a
     * 32-character NT field. */
    if (nf >= 4 && all_digits(f[1], flen[1])) {
        const char *nt = f[3];
        size_t nt_len = flen[3];
        const char *name = f[0], *dom = "";
        size_t name_len = flen[0], dom_len = 0;
        enum entry_domain kind = DOM_ANY_INORDER;
        uint8_t tmp[16];
        bool nt_ok;

        if (nt_len > 0 && nt[nt_len - 1] == '\r')
            nt_len--;
        nt_ok = ntlmgss_userdb_hex_to_hash(nt, nt_len, tmp) == 0;
        ntlm_zero(tmp, sizeof(tmp));
        if (nt_ok || (nt_len == 32 && all_chars(nt, nt_len, 'X')) ||
            (nt_len >= 11 && memcmp(nt, "NO PASSWORD", 11) == 0)) {
            bs = memchr(name, '\\', name_len);
            if (bs != NULL) {
                dom = name;
                dom_len = (size_t)(bs - name);
                name = bs + 1;
                name_len -= dom_len + 1;
                kind = DOM_NAMED;
            }
            if (name_len == 0) {
                warn_malformed(t, lineno, "empty user name");
                return 0;
            }
            ret = table_add(t, dom, dom_len, name, name_len, kind, lineno,
                            &e);
            if (ret == NTLM_ERR_USER_FILE) {
                warn_malformed(t, lineno, "invalid name");
                return 0;
            }
            if (ret != 0)
                return ret;
            if (!nt_ok) {
                e->state = ENTRY_DISABLED;
            } else {
                (void)ntlmgss_userdb_hex_to_hash(nt, nt_len, e->nt_hash);
                e->has_lm_hash =
                    ntlmgss_userdb_hex_to_hash(f[2], flen[2],
                                               e->lm_hash) == 0;
                if (!e->has_lm_hash && !lm_placeholder(f[2], flen[2]))
                    udb_note(t, lineno, NTLMGSS_USERDB_WARNING,
                             "smbpasswd LM hash field is neither 32 hex "
                             "digits nor X's: ignored");
            }
            /* Account flags "[U D ...]": D = disabled. */
            if (nf == 5 && flen[4] > 0 && f[4][0] == '[') {
                for (p = f[4] + 1; p < end && *p != ']' && *p != ':'; p++) {
                    if (*p == 'D')
                        e->state = ENTRY_DISABLED;
                }
            }
            return 0;
        }
        /* Read as DOMAIN:USER:PASSWORD below, which is right for a numeric
         * user whose password holds ':'; with an LM field in its place
         * the line was surely meant for smbpasswd. */
        if (t->report != NULL || ntlmgss_trace_enabled()) {
            char dbuf[SHOW_BUF], ubuf[SHOW_BUF];
            bool lm_like = lm_placeholder(f[2], flen[2]) ||
                ntlmgss_userdb_hex_to_hash(f[2], flen[2], tmp) == 0;

            ntlm_zero(tmp, sizeof(tmp));
            udb_note(t, lineno, lm_like ? NTLMGSS_USERDB_ERROR :
                     NTLMGSS_USERDB_WARNING,
                     "has the form of an smbpasswd line (NAME:UID:LMHASH:"
                     "NTHASH) but the NT hash is not 32 hex digits; read as "
                     "DOMAIN:USER:PASSWORD with domain '%s', user '%s'",
                     show(f[0], flen[0], dbuf), show(f[1], flen[1], ubuf));
        }
    }

    /* Heimdal: DOMAIN:USER:PASSWORD; the password is everything after the
     * second ':' up to the first CR. */
    {
        const char *pw = f[2];
        size_t pw_len = (size_t)(end - pw);
        enum entry_domain kind = flen[0] == 0 ? DOM_ANY_FALLBACK : DOM_NAMED;

        cr = memchr(pw, '\r', pw_len);
        if (cr != NULL)
            pw_len = (size_t)(cr - pw);
        if (flen[1] == 0) {
            warn_malformed(t, lineno, "empty user name");
            return 0;
        }
        ret = table_add(t, f[0], flen[0], f[1], flen[1], kind, lineno, &e);
        if (ret == NTLM_ERR_USER_FILE) {
            warn_malformed(t, lineno, "invalid name");
            return 0;
        }
        if (ret != 0)
            return ret;
        if (pw_len >= 4 && memcmp(pw, "{NT}", 4) == 0) {
            if (ntlmgss_userdb_hex_to_hash(pw + 4, pw_len - 4,
                                           e->nt_hash) != 0) {
                e->state = ENTRY_BAD_HASH;
                NTLMGSS_TRACE("userdb: line %u: {NT} value is not 32 hex "
                              "digits; entry unusable", lineno);
            }
            return 0;
        }
        return entry_set_password(e, pw, pw_len);
    }
}

static int
table_index(struct udb_table *t)
{
    size_t n = 16, i, b;

    while (n < t->num_entries * 2)
        n *= 2;
    t->buckets = calloc(n, sizeof(*t->buckets));
    if (t->buckets == NULL)
        return NTLM_ERR_NOMEM;
    t->num_buckets = n;
    /* Insert backwards so each chain is in file order. */
    for (i = t->num_entries; i > 0; i--) {
        b = t->entries[i - 1].hash & (n - 1);
        t->entries[i - 1].next = t->buckets[b];
        t->buckets[b] = i;
    }
    return 0;
}

/* ---- entries for the same user ------------------------------------------
 *
 * The lookup rules (ntlmgss_userdb_lookup) decide, for each user, which
 * line answers which domain.  With a domain D: the first line that is an
 * smbpasswd entry without DOMAIN\ ("in order") or names D, else the first
 * Heimdal line with an empty domain ("fallback").  Without a domain: the
 * first line for the user.  So, for the lines of one user:
 *  - a line naming D after an earlier in-order line or an earlier line
 *    naming D is never used;
 *  - an in-order line after an earlier in-order line is never used; one
 *    after lines naming domains is not used for those domains;
 *  - a fallback line after an earlier fallback line is never used; with
 *    any in-order line in the file, a fallback line is used at most when
 *    no domain is given (if it is the user's first line); otherwise it is
 *    not used for the domains that lines name;
 *  - a line "\USER" (smbpasswd, empty domain) matches only lookups without
 *    a domain, so only as the user's first line.
 * Disabled and broken entries count: they answer, with an error.
 */

enum overlap_code {
    OV_NONE = 0,
    OV_DUPLICATE,           /* same kind and domain as ref: never used */
    OV_AFTER_INORDER,       /* names a domain; ref (in order) comes first */
    OV_EMPTY_NAMED_DEAD,    /* "\USER" not the first line (ref is) */
    OV_EMPTY_NAMED,         /* "\USER" first: only lookups without domain */
    OV_FALLBACK_DEAD,       /* fallback, ref in order: never used */
    OV_FALLBACK_NODOMAIN,   /* fallback first, ref in order */
    OV_FALLBACK_PARTIAL,    /* fallback; ref (+more) names a domain */
    OV_INORDER_PARTIAL      /* in order; earlier ref (+more) names one */
};

struct overlap {
    enum overlap_code code;
    const struct udb_entry *ref;
    size_t more;            /* further domains, for the _PARTIAL codes */
};

static int
cmp_by_name(const void *a, const void *b)
{
    const struct udb_entry *x = *(const struct udb_entry *const *)a;
    const struct udb_entry *y = *(const struct udb_entry *const *)b;
    int c;

    c = strcmp(x->user_fold, y->user_fold);
    if (c != 0)
        return c;
    if (x->dom_kind != y->dom_kind)
        return x->dom_kind < y->dom_kind ? -1 : 1;
    c = strcmp(x->dom_fold, y->dom_fold);
    if (c != 0)
        return c;
    return x < y ? -1 : x > y ? 1 : 0;      /* file order */
}

/* Classify the entries v[0..n) of one user (sorted by cmp_by_name). */
static void
overlap_user(const struct udb_table *t, const struct udb_entry **v,
             size_t n, struct overlap *ov)
{
    const struct udb_entry *first = v[0], *inorder = NULL, *fallback = NULL;
    const struct udb_entry *named = NULL, *e;
    size_t num_named = 0, r, q, k;

    for (k = 1; k < n; k++) {
        if (v[k] < first)
            first = v[k];
    }
    /* Runs of the same kind and domain: all but the first are duplicates. */
    for (r = 0; r < n; r = q) {
        for (q = r + 1; q < n && v[q]->dom_kind == v[r]->dom_kind &&
             strcmp(v[q]->dom_fold, v[r]->dom_fold) == 0; q++) {
            ov[v[q] - t->entries].code = OV_DUPLICATE;
            ov[v[q] - t->entries].ref = v[r];
        }
        if (v[r]->dom_kind == DOM_ANY_INORDER)
            inorder = v[r];
        else if (v[r]->dom_kind == DOM_ANY_FALLBACK)
            fallback = v[r];
    }
    /* Lines naming a domain. */
    for (r = 0; r < n; r = q) {
        for (q = r + 1; q < n && v[q]->dom_kind == v[r]->dom_kind &&
             strcmp(v[q]->dom_fold, v[r]->dom_fold) == 0; q++)
            ;
        e = v[r];
        if (e->dom_kind != DOM_NAMED)
            continue;
        if (inorder != NULL && inorder < e) {
            for (k = r; k < q; k++) {
                ov[v[k] - t->entries].code = OV_AFTER_INORDER;
                ov[v[k] - t->entries].ref = inorder;
            }
        } else if (e->dom_fold[0] == '\0') {
            ov[e - t->entries].code = e == first ? OV_EMPTY_NAMED :
                OV_EMPTY_NAMED_DEAD;
            ov[e - t->entries].ref = first;
        } else {
            num_named++;
            if (named == NULL || e < named)
                named = e;
        }
    }
    if (fallback != NULL) {
        struct overlap *o = &ov[fallback - t->entries];

        if (inorder != NULL) {
            o->code = fallback == first ? OV_FALLBACK_NODOMAIN :
                OV_FALLBACK_DEAD;
            o->ref = inorder;
        } else if (num_named > 0) {
            o->code = OV_FALLBACK_PARTIAL;
            o->ref = named;
            o->more = num_named - 1;
        }
    }
    /* Lines naming a domain that are used all come before inorder. */
    if (inorder != NULL && num_named > 0) {
        ov[inorder - t->entries].code = OV_INORDER_PARTIAL;
        ov[inorder - t->entries].ref = named;
        ov[inorder - t->entries].more = num_named - 1;
    }
}

static void
overlap_say(const struct udb_entry *e, const struct overlap *o,
            udb_report_fn *sink, void *arg)
{
    char msg[512], user[SHOW_BUF], dom[SHOW_BUF], more[64];
    const struct udb_entry *ref = o->ref;

    if (o->code == OV_NONE)
        return;
    show(e->user, strlen(e->user), user);
    more[0] = '\0';
    if (o->more > 0)
        snprintf(more, sizeof(more), " (and %zu other domain%s)", o->more,
                 o->more == 1 ? "" : "s");
    switch (o->code) {
    case OV_DUPLICATE:
        if (e->dom_kind == DOM_NAMED)
            snprintf(msg, sizeof(msg), "duplicate of line %u (%s\\%s; "
                     "names compare case-insensitively): never used, the "
                     "first matching line wins", ref->line,
                     show(e->domain, strlen(e->domain), dom), user);
        else
            snprintf(msg, sizeof(msg), "duplicate of line %u ('%s' %s): "
                     "never used, the first matching line wins", ref->line,
                     user, e->dom_kind == DOM_ANY_INORDER ?
                     "in smbpasswd form without DOMAIN\\" :
                     "with an empty domain");
        break;
    case OV_AFTER_INORDER:
        snprintf(msg, sizeof(msg), "never used: line %u (smbpasswd entry for "
                 "'%s' without DOMAIN\\) matches this user in every domain "
                 "and comes first", ref->line, user);
        break;
    case OV_EMPTY_NAMED_DEAD:
        snprintf(msg, sizeof(msg), "never used: with an empty domain before "
                 "'\\' it matches only lookups without a domain, and line %u "
                 "comes first for '%s'", ref->line, user);
        break;
    case OV_EMPTY_NAMED:
        snprintf(msg, sizeof(msg), "'\\%s' (empty domain before '\\') "
                 "matches only when no domain is given; write '%s' to "
                 "match every domain", user, user);
        break;
    case OV_FALLBACK_DEAD:
        snprintf(msg, sizeof(msg), "never used: line %u (smbpasswd entry for "
                 "'%s' without DOMAIN\\) matches every domain before an "
                 "empty-domain line is tried", ref->line, user);
        break;
    case OV_FALLBACK_NODOMAIN:
        snprintf(msg, sizeof(msg), "used only when no domain is given: line "
                 "%u (smbpasswd entry for '%s' without DOMAIN\\) matches "
                 "every domain before an empty-domain line is tried",
                 ref->line, user);
        break;
    case OV_FALLBACK_PARTIAL:
        snprintf(msg, sizeof(msg), "empty domain shadowed for domain '%s'%s "
                 "by line %u (an exact domain wins); this line answers '%s' "
                 "in other domains", show(ref->domain, strlen(ref->domain),
                 dom), more, ref->line, user);
        break;
    case OV_INORDER_PARTIAL:
        snprintf(msg, sizeof(msg), "no domain, shadowed for domain '%s'%s by "
                 "line %u, which comes first; this line answers '%s' in "
                 "other domains", show(ref->domain, strlen(ref->domain), dom),
                 more, ref->line, user);
        break;
    case OV_NONE:
    default:
        return;
    }
    sink(arg, e->line, NTLMGSS_USERDB_WARNING, msg);
}

/*
 * table_overlaps - pass every line that duplicates or shadows another
 * entry of the same user (see above) to sink, in file order.  O(n log n).
 * Returns 0 or NTLM_ERR_NOMEM.
 */
static int
table_overlaps(const struct udb_table *t, udb_report_fn *sink, void *arg)
{
    const struct udb_entry **v = NULL;
    struct overlap *ov = NULL;
    size_t i, j, n = t->num_entries;
    int ret = NTLM_ERR_NOMEM;

    if (n == 0)
        return 0;
    v = calloc(n, sizeof(*v));
    ov = calloc(n, sizeof(*ov));
    if (v == NULL || ov == NULL)
        goto done;
    for (i = 0; i < n; i++)
        v[i] = &t->entries[i];
    qsort(v, n, sizeof(*v), cmp_by_name);
    for (i = 0; i < n; i = j) {
        for (j = i + 1; j < n &&
             strcmp(v[j]->user_fold, v[i]->user_fold) == 0; j++)
            ;
        overlap_user(t, v + i, j - i, ov);
    }
    for (i = 0; i < n; i++)
        overlap_say(&t->entries[i], &ov[i], sink, arg);
    ret = 0;
done:
    free(v);
    free(ov);
    return ret;
}

static void
trace_overlap(void *arg, unsigned line, int severity, const char *msg)
{
    (void)arg;
    NTLMGSS_TRACE("userdb: line %u: %s: %s", line, severity_name(severity),
                  msg);
}

/*
 * table_parse_report - parse text into *t (which is overwritten), passing
 * what the parser notices to report (NULL: the trace only).  A leading
 * UTF-8 byte order mark is skipped.  When loading with tracing on,
 * duplicated and shadowed lines are traced as well.
 */
static int
table_parse_report(const char *text, size_t len, struct udb_table *t,
                   udb_report_fn *report, void *report_arg)
{
    const char *line, *end, *nl;
    unsigned lineno = 0;
    int ret;

    memset(t, 0, sizeof(*t));
    t->report = report;
    t->report_arg = report_arg;
    if (len >= 3 && memcmp(text, UTF8_BOM, 3) == 0) {
        text += 3;
        len -= 3;
        udb_note(t, 1, NTLMGSS_USERDB_WARNING, "the file starts with a UTF-8 "
                 "byte order mark: skipped (gss-ntlmssp would take it for "
                 "part of the first line's domain)");
    }
    line = text;
    end = text + len;
    while (line < end) {
        lineno++;
        nl = memchr(line, '\n', (size_t)(end - line));
        if (nl == NULL)
            nl = end;
        ret = parse_line(t, line, (size_t)(nl - line), lineno);
        if (ret != 0)
            goto fail;
        line = nl + 1;
    }
    ret = table_index(t);
    if (ret != 0)
        goto fail;
    if (report == NULL && ntlmgss_trace_enabled())
        (void)table_overlaps(t, trace_overlap, NULL);
    t->report = NULL;
    t->report_arg = NULL;
    return 0;
fail:
    table_cleanup(t);
    return ret;
}

static int
table_parse(const char *text, size_t len, struct udb_table *t)
{
    return table_parse_report(text, len, t, NULL, NULL);
}

int
ntlmgss_userdb_parse_check(const char *text, size_t len,
                           size_t *out_num_entries)
{
    struct udb_table t;
    int ret;

    *out_num_entries = 0;
    if (text == NULL && len != 0)
        return NTLM_ERR_INVALID_ARGUMENT;
    ret = table_parse(text != NULL ? text : "", len, &t);
    if (ret != 0)
        return ret;
    *out_num_entries = t.num_entries;
    table_cleanup(&t);
    return 0;
}

/* ---- the file cache ---------------------------------------------------- */

/* Read and parse path into a new udb_file (refcount 1). */
static int
file_load(const char *path, struct udb_file **out_f)
{
    struct udb_file *f = NULL;
    struct ntlm_fstamp stamp;
    char *text = NULL;
    size_t len = 0;
    int ret = NTLM_ERR_INTERNAL;

    *out_f = NULL;
    ret = ntlm_fstamp_read(path, USERDB_MAX_SIZE, NTLM_ERR_USER_FILE, &text,
                           &len, &stamp);
    if (ret != 0)
        goto done;
    if (!stamp.exists) {
        ret = ntlm_err_detail(NTLM_ERR_USER_FILE, "cannot open %s: %s", path,
                              strerror(ENOENT));
        goto done;
    }

    f = calloc(1, sizeof(*f));
    if (f == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    f->path = strdup(path);
    if (f->path == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    ret = table_parse(text, len, &f->table);
    if (ret != 0)
        goto done;
    f->stamp = stamp;
    f->refcount = 1;

    if (stamp.mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) {
        NTLMGSS_TRACE("userdb: warning: %s is accessible by group or others "
                      "(mode %04o); it holds password equivalents, use "
                      "chmod 600", path, (unsigned)(stamp.mode & 07777));
    }
    NTLMGSS_TRACE("userdb: loaded %s: %zu entries, %zu lines ignored", path,
                  f->table.num_entries, f->table.num_malformed);
    ret = 0;
    *out_f = f;
    f = NULL;
done:
    if (f != NULL) {
        table_cleanup(&f->table);
        free(f->path);
        free(f);
    }
    ntlm_zfree(text, len + 1);
    return ret;
}

/*
 * Get a referenced, current table for path.  The cached table is checked
 * against the file on every call (ntlm_fstamp_same, without the lock held,
 * on a copy of its stamp), so a write that completed before the lookup is
 * always seen.
 */
static int
file_get(const char *path, struct udb_file **out_f)
{
    struct udb_file *f, **pp, *cached = NULL, *fresh = NULL, *old = NULL;
    struct ntlm_fstamp stamp;
    size_t n;
    int ret;

    *out_f = NULL;
    pthread_mutex_lock(&cache_lock);
    for (f = cache_head; f != NULL; f = f->next) {
        if (strcmp(f->path, path) == 0) {
            __atomic_add_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL);
            cached = f;
            stamp = f->stamp;
            break;
        }
    }
    pthread_mutex_unlock(&cache_lock);

    if (cached != NULL) {
        if (ntlm_fstamp_same(path, &stamp)) {
            if (!stamp.racy) {
                pthread_mutex_lock(&cache_lock);
                cached->stamp.racy = false;
                pthread_mutex_unlock(&cache_lock);
            }
            *out_f = cached;
            return 0;
        }
        file_unref(cached);
    }

    /* Parse without the lock; another thread may do the same, harmless. */
    ret = file_load(path, &fresh);
    if (ret != 0)
        return ret;

    pthread_mutex_lock(&cache_lock);
    /* Drop the old table for this path, and the oldest beyond the limit. */
    n = 0;
    for (pp = &cache_head; *pp != NULL;) {
        f = *pp;
        if (strcmp(f->path, path) == 0 || n >= USERDB_MAX_CACHED - 1) {
            *pp = f->next;
            f->next = old;
            old = f;
            continue;
        }
        n++;
        pp = &f->next;
    }
    fresh->next = cache_head;
    cache_head = fresh;
    __atomic_add_fetch(&fresh->refcount, 1, __ATOMIC_ACQ_REL);
    pthread_mutex_unlock(&cache_lock);

    while (old != NULL) {
        f = old->next;
        file_unref(old);
        old = f;
    }
    *out_f = fresh;
    return 0;
}

void
ntlmgss_userdb_flush(void)
{
    struct udb_file *f, *next;

    pthread_mutex_lock(&cache_lock);
    f = cache_head;
    cache_head = NULL;
    pthread_mutex_unlock(&cache_lock);
    for (; f != NULL; f = next) {
        next = f->next;
        file_unref(f);
    }
}

/* ---- lookups ------------------------------------------------------------ */

static int
entry_export(const struct udb_entry *e, struct ntlmgss_user_entry **out)
{
    struct ntlmgss_user_entry *u;
    int ret;

    *out = NULL;
    u = calloc(1, sizeof(*u));
    if (u == NULL)
        return NTLM_ERR_NOMEM;
    ret = copy_str(e->domain, strlen(e->domain), &u->domain);
    if (ret == 0)
        ret = copy_str(e->user, strlen(e->user), &u->user);
    if (ret == 0 && e->password != NULL) {
        ret = copy_str(e->password, e->password_len, &u->password);
        u->password_len = e->password_len;
    }
    if (ret != 0) {
        ntlmgss_user_entry_free(u);
        return ret;
    }
    memcpy(u->nt_hash, e->nt_hash, 16);
    memcpy(u->lm_hash, e->lm_hash, 16);
    u->has_lm_hash = e->has_lm_hash;
    u->line = e->line;
    *out = u;
    return 0;
}

/* Report an entry that matched but cannot be used. */
static int
entry_unusable(const char *path, const struct udb_entry *e)
{
    switch (e->state) {
    case ENTRY_DISABLED:
        NTLMGSS_TRACE("userdb: %s line %u: account disabled or without NT "
                      "hash", path, e->line);
        return ntlm_err_detail(NTLM_ERR_UNKNOWN_USER,
                               "%s line %u: account disabled", path,
                               e->line);
    case ENTRY_BAD_HASH:
        return ntlm_err_detail(NTLM_ERR_USER_FILE,
                               "%s line %u: invalid NT hash", path, e->line);
    case ENTRY_BAD_PASSWORD:
    default:
        return ntlm_err_detail(NTLM_ERR_USER_FILE,
                               "%s line %u: password cannot be used", path,
                               e->line);
    }
}

int
ntlmgss_userdb_lookup(const char *path, const char *domain,
                      const char *user,
                      struct ntlmgss_user_entry **out_entry)
{
    struct udb_file *f = NULL;
    const struct udb_table *t;
    const struct udb_entry *e, *found = NULL, *fallback = NULL;
    char *ufold = NULL, *dfold = NULL;
    bool any_domain;
    uint32_t h;
    size_t i;
    int ret;

    *out_entry = NULL;
    if (path == NULL || *path == '\0')
        return ntlm_err_detail(NTLM_ERR_INVALID_ARGUMENT,
                               "user file lookup: no file name");
    if (user == NULL || *user == '\0')
        return ntlm_err_detail(NTLM_ERR_INVALID_ARGUMENT,
                               "user file lookup: empty user name");
    any_domain = domain == NULL || *domain == '\0';

    ret = ntlmgss_userdb_fold(user, strlen(user), &ufold);
    if (ret != 0)
        goto done;
    if (!any_domain) {
        ret = ntlmgss_userdb_fold(domain, strlen(domain), &dfold);
        if (ret != 0)
            goto done;
    }
    ret = file_get(path, &f);
    if (ret != 0)
        goto done;

    t = &f->table;
    h = fnv1a(ufold);
    for (i = t->buckets[h & (t->num_buckets - 1)]; i != 0; i = e->next) {
        e = &t->entries[i - 1];
        if (e->hash != h || strcmp(e->user_fold, ufold) != 0)
            continue;
        if (any_domain || e->dom_kind == DOM_ANY_INORDER ||
            (e->dom_kind == DOM_NAMED && strcmp(e->dom_fold, dfold) == 0)) {
            found = e;
            break;
        }
        if (e->dom_kind == DOM_ANY_FALLBACK && fallback == NULL)
            fallback = e;
    }
    if (found == NULL)
        found = fallback;
    if (found == NULL) {
        NTLMGSS_TRACE("userdb: %s: no entry for user '%s' in domain '%s'",
                      path, user, any_domain ? "(any)" : domain);
        ret = ntlm_err_detail(NTLM_ERR_UNKNOWN_USER,
                              "no entry for %s%s%s in %s",
                              any_domain ? "" : domain,
                              any_domain ? "" : "\\", user, path);
        goto done;
    }
    if (found->state != ENTRY_OK) {
        ret = entry_unusable(path, found);
        goto done;
    }
    NTLMGSS_TRACE("userdb: %s: '%s' matched line %u (%s)", path, user,
                  found->line, found->password != NULL ? "password" :
                  "NT hash");
    ret = entry_export(found, out_entry);
done:
    free(ufold);
    free(dfold);
    file_unref(f);
    return ret;
}

int
ntlmgss_userdb_first(const char *path,
                     struct ntlmgss_user_entry **out_entry)
{
    struct udb_file *f = NULL;
    const struct udb_table *t;
    size_t i;
    int ret;

    *out_entry = NULL;
    if (path == NULL || *path == '\0')
        return ntlm_err_detail(NTLM_ERR_INVALID_ARGUMENT,
                               "user file lookup: no file name");
    ret = file_get(path, &f);
    if (ret != 0)
        return ret;
    t = &f->table;
    ret = ntlm_err_detail(NTLM_ERR_UNKNOWN_USER, "no usable entry in %s",
                          path);
    for (i = 0; i < t->num_entries; i++) {
        if (t->entries[i].state == ENTRY_OK) {
            ret = entry_export(&t->entries[i], out_entry);
            break;
        }
    }
    file_unref(f);
    return ret;
}

/* ---- writing ------------------------------------------------------------ */

static bool
name_ok(const char *s, bool empty_ok)
{
    if (s == NULL)
        return false;
    if (*s == '\0')
        return empty_ok;
    return strpbrk(s, ":\r\n") == NULL;
}

/* Does this line hold an entry for exactly (dfold, ufold)? */
static int
line_is_entry_for(const char *line, size_t len, unsigned lineno,
                  const char *dfold, const char *ufold, bool *out_match)
{
    struct udb_table t;
    int ret;

    *out_match = false;
    memset(&t, 0, sizeof(t));
    ret = parse_line(&t, line, len, lineno);
    if (ret == 0 && t.num_entries == 1) {
        const struct udb_entry *e = &t.entries[0];

        *out_match = strcmp(e->user_fold, ufold) == 0 &&
            strcmp(e->dom_fold, dfold) == 0;
    }
    table_cleanup(&t);
    return ret;
}

static int
write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    ssize_t w;

    while (n > 0) {
        w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

int
ntlmgss_userdb_set(const char *path, const char *domain, const char *user,
                   const char *password, size_t password_len)
{
    uint8_t nt[16];
    char hex[33], *newline = NULL, *text = NULL, *tmp = NULL, *real = NULL;
    char *dfold = NULL, *ufold = NULL, *slash;
    const char *target, *line, *end, *nl;
    size_t text_len = 0, text_cap = 0, newline_len = 0, i;
    bool replaced = false, match;
    unsigned lineno = 0;
    struct stat st;
    ssize_t r;
    int fd = -1, tfd = -1, e, ret = NTLM_ERR_INTERNAL;

    if (path == NULL || *path == '\0' || !name_ok(domain, true) ||
        !name_ok(user, false) || (password == NULL && password_len != 0))
        return ntlm_err_detail(NTLM_ERR_INVALID_ARGUMENT,
                               "user and domain must not contain ':' or "
                               "line breaks; user must not be empty");
    if (domain[0] == '#')
        return ntlm_err_detail(NTLM_ERR_INVALID_ARGUMENT,
                               "a domain must not start with '#'");

    ret = ntlm_ntowfv1(password != NULL ? password : "", password_len, nt);
    if (ret != 0)
        goto done;
    for (i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02X", nt[i]);
    newline_len = strlen(domain) + strlen(user) + 4 + 32 + 3;
    newline = malloc(newline_len + 1);
    if (newline == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    snprintf(newline, newline_len + 1, "%s:%s:{NT}%s\n", domain, user, hex);
    newline_len = strlen(newline);

    ret = ntlmgss_userdb_fold(domain, strlen(domain), &dfold);
    if (ret == 0)
        ret = ntlmgss_userdb_fold(user, strlen(user), &ufold);
    if (ret != 0)
        goto done;

    /* Write where a symbolic link points, keeping the link. */
    real = realpath(path, NULL);
    target = real != NULL ? real : path;

    /* Read the current file, if any. */
    fd = open(target, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 && errno != ENOENT) {
        e = errno;
        ret = ntlm_err_detail(NTLM_ERR_USER_FILE, "cannot open %s: %s",
                              target, strerror(e));
        goto done;
    }
    if (fd >= 0) {
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
            (size_t)st.st_size > USERDB_MAX_SIZE) {
            ret = ntlm_err_detail(NTLM_ERR_USER_FILE,
                                  "%s is not a usable regular file", target);
            goto done;
        }
        text_cap = (size_t)st.st_size + 1;
        text = malloc(text_cap);
        if (text == NULL) {
            ret = NTLM_ERR_NOMEM;
            goto done;
        }
        while (text_len < text_cap - 1) {
            r = read(fd, text + text_len, text_cap - 1 - text_len);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                e = errno;
                ret = ntlm_err_detail(NTLM_ERR_USER_FILE,
                                      "cannot read %s: %s", target,
                                      strerror(e));
                goto done;
            }
            if (r == 0)
                break;
            text_len += (size_t)r;
        }
        close(fd);
        fd = -1;
    }

    /* A temporary file beside the target (mkstemp creates it 0600). */
    tmp = malloc(strlen(target) + 16);
    if (tmp == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    snprintf(tmp, strlen(target) + 16, "%s.tmpXXXXXX", target);
    tfd = mkstemp(tmp);
    if (tfd < 0) {
        e = errno;
        free(tmp);
        tmp = NULL;
        ret = ntlm_err_detail(NTLM_ERR_USER_FILE,
                              "cannot create a file beside %s: %s", target,
                              strerror(e));
        goto done;
    }
    if (fchmod(tfd, 0600) != 0)
        goto io_error;

    /* Copy every line, replacing the first entry for domain\user and
     * dropping later ones for the same name. */
    line = text;
    end = text + text_len;
    while (line != NULL && line < end) {
        const char *l = line;

        nl = memchr(line, '\n', (size_t)(end - line));
        /* Match the first line without its byte order mark, as loading
         * reads it. */
        if (lineno == 0 && (size_t)((nl ? nl : end) - line) >= 3 &&
            memcmp(line, UTF8_BOM, 3) == 0)
            l += 3;
        ret = line_is_entry_for(l, (size_t)((nl ? nl : end) - l),
                                ++lineno, dfold, ufold, &match);
        if (ret != 0)
            goto done;
        if (match) {
            if (!replaced && write_all(tfd, newline, newline_len) != 0)
                goto io_error;
            replaced = true;
        } else {
            if (write_all(tfd, line, (size_t)((nl ? nl : end) - line)) != 0 ||
                write_all(tfd, "\n", 1) != 0)
                goto io_error;
        }
        line = nl != NULL ? nl + 1 : NULL;
    }
    if (!replaced && write_all(tfd, newline, newline_len) != 0)
        goto io_error;
    if (fsync(tfd) != 0)
        goto io_error;
    if (close(tfd) != 0) {
        tfd = -1;
        goto io_error;
    }
    tfd = -1;
    if (rename(tmp, target) != 0)
        goto io_error;
    free(tmp);
    tmp = NULL;

    /* Make the rename durable. */
    slash = strrchr(target, '/');
    if (slash != NULL) {
        char *dir = strndup(target, (size_t)(slash - target) + 1);

        if (dir != NULL) {
            int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

            if (dfd >= 0) {
                (void)fsync(dfd);
                close(dfd);
            }
            free(dir);
        }
    }
    NTLMGSS_TRACE("userdb: %s: %s entry for %s\\%s", target,
                  replaced ? "replaced" : "added", domain, user);
    ret = 0;
    goto done;

io_error:
    e = errno;
    ret = ntlm_err_detail(NTLM_ERR_USER_FILE, "cannot write %s: %s", target,
                          strerror(e));
done:
    if (tfd >= 0)
        close(tfd);
    if (tmp != NULL) {
        unlink(tmp);
        free(tmp);
    }
    if (fd >= 0)
        close(fd);
    ntlm_zero(nt, sizeof(nt));
    ntlm_zero(hex, sizeof(hex));
    ntlm_zfree(newline, newline_len);
    ntlm_zfree(text, text_cap);
    free(dfold);
    free(ufold);
    free(real);
    return ret;
}

/* ---- checking ----------------------------------------------------------- */

struct check_msg {
    unsigned line;
    size_t seq;             /* order of arrival, within a line */
    int severity;
    char *msg;
};

struct check_ctx {
    struct check_msg *msgs;
    size_t num_msgs;
    size_t cap;
    bool nomem;
};

/* udb_report_fn collecting findings, to be handed out in line order. */
static void
check_collect(void *arg, unsigned line, int severity, const char *msg)
{
    struct check_ctx *c = arg;
    struct check_msg *grown;
    size_t cap;

    if (c->nomem)
        return;
    if (c->num_msgs == c->cap) {
        cap = c->cap ? c->cap * 2 : 16;
        grown = realloc(c->msgs, cap * sizeof(*grown));
        if (grown == NULL) {
            c->nomem = true;
            return;
        }
        c->msgs = grown;
        c->cap = cap;
    }
    c->msgs[c->num_msgs].msg = strdup(msg);
    if (c->msgs[c->num_msgs].msg == NULL) {
        c->nomem = true;
        return;
    }
    c->msgs[c->num_msgs].line = line;
    c->msgs[c->num_msgs].seq = c->num_msgs;
    c->msgs[c->num_msgs].severity = severity;
    c->num_msgs++;
}

static void check_add(struct check_ctx *c, unsigned line, int severity,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
check_add(struct check_ctx *c, unsigned line, int severity,
          const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    check_collect(c, line, severity, msg);
}

static int
cmp_msg(const void *a, const void *b)
{
    const struct check_msg *x = a, *y = b;

    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : 0;
}

static const char *
file_kind(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    return "not a regular file";
}

/*
 * check_read - read path exactly as the loader does (ntlm_fstamp_read),
 * reporting what is wrong with the file as a whole (line 0).  *out_text
 * (malloc'd, *out_cap bytes, to be wiped) holds *out_len bytes.  Returns
 * 0, NTLM_ERR_USER_FILE (reported) or NTLM_ERR_NOMEM.
 */
static int
check_read(const char *path, struct check_ctx *c, char **out_text,
           size_t *out_len, size_t *out_cap)
{
    struct ntlm_fstamp stamp;
    struct stat st;
    const char *d;
    char *text = NULL;
    size_t len = 0;
    int ret;

    *out_text = NULL;
    *out_len = 0;
    *out_cap = 0;
    ret = ntlm_fstamp_read(path, USERDB_MAX_SIZE, NTLM_ERR_USER_FILE, &text,
                           &len, &stamp);
    if (ret == NTLM_ERR_NOMEM)
        return ret;
    if (ret == 0 && !stamp.exists) {
        check_add(c, 0, NTLMGSS_USERDB_ERROR, "cannot open: %s",
                  strerror(ENOENT));
        return ntlm_err_detail(NTLM_ERR_USER_FILE, "cannot open %s: %s",
                               path, strerror(ENOENT));
    }
    if (ret != 0) {
        /* Say what the path is when that is the reason. */
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
            check_add(c, 0, NTLMGSS_USERDB_ERROR, "not a regular file (%s)",
                      file_kind(st.st_mode));
        } else if (stat(path, &st) == 0 &&
                   (uintmax_t)st.st_size > USERDB_MAX_SIZE) {
            check_add(c, 0, NTLMGSS_USERDB_ERROR, "too large (%lld bytes; "
                      "at most %zu are read)", (long long)st.st_size,
                      USERDB_MAX_SIZE);
        } else {
            d = ntlm_err_last_detail(ret);
            check_add(c, 0, NTLMGSS_USERDB_ERROR, "%s",
                      d != NULL ? d : ntlm_err_string(ret));
        }
        return ret;
    }
    if (stamp.mode & (S_IWGRP | S_IWOTH))
        check_add(c, 0, NTLMGSS_USERDB_ERROR, "writable by %s (mode %04o): "
                  "they can add or change users; use chmod 600",
                  (stamp.mode & S_IWOTH) ? "others" : "the group",
                  (unsigned)(stamp.mode & 07777));
    if (stamp.mode & (S_IRGRP | S_IROTH))
        check_add(c, 0, NTLMGSS_USERDB_WARNING, "readable by %s (mode "
                  "%04o): it holds password equivalents; use chmod 600",
                  (stamp.mode & S_IROTH) ? "others" : "the group",
                  (unsigned)(stamp.mode & 07777));
    *out_text = text;
    *out_len = len;
    *out_cap = len + 1;
    return 0;
}

static bool
edge_blank(const char *s)
{
    size_t n = strlen(s);

    return n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
                     s[n - 1] == '\t');
}

/* What is wrong with one entry on its own. */
static int
check_entry(const struct udb_entry *e, struct check_ctx *c)
{
    char user[SHOW_BUF], dom[SHOW_BUF];
    bool user_ok, dom_ok, pw_ok = true;
    const char *p;
    int ret;

    ret = utf8_check(e->user, strlen(e->user), &user_ok);
    if (ret == 0)
        ret = utf8_check(e->domain, strlen(e->domain), &dom_ok);
    if (ret != 0)
        return ret;
    show(e->user, strlen(e->user), user);
    show(e->domain, strlen(e->domain), dom);

    switch (e->state) {
    case ENTRY_BAD_HASH:
        check_add(c, e->line, NTLMGSS_USERDB_ERROR, "{NT} value is not 32 "
                  "hex digits: lookups of '%s' fail", user);
        break;
    case ENTRY_BAD_PASSWORD:
        if (e->password != NULL) {
            ret = utf8_check(e->password, e->password_len, &pw_ok);
            if (ret != 0)
                return ret;
        }
        check_add(c, e->line, NTLMGSS_USERDB_ERROR, "the password %s: "
                  "lookups of '%s' fail", pw_ok ? "cannot be hashed" :
                  "is not valid UTF-8, so it cannot be hashed", user);
        break;
    case ENTRY_OK:
    case ENTRY_DISABLED:
    default:
        break;
    }
    if (!user_ok)
        check_add(c, e->line, NTLMGSS_USERDB_ERROR, "user name '%s' is not "
                  "valid UTF-8: clients always send UTF-8 (or Latin-1 "
                  "converted to it), so it never matches", user);
    if (!dom_ok)
        check_add(c, e->line, NTLMGSS_USERDB_ERROR, "domain '%s' is not "
                  "valid UTF-8: it never matches a domain a client sends",
                  dom);
    if (edge_blank(e->user))
        check_add(c, e->line, NTLMGSS_USERDB_WARNING, "user name '%s' "
                  "begins or ends with a blank, which is part of the name "
                  "(nothing is trimmed)", user);
    if (edge_blank(e->domain)) {
        for (p = e->domain; *p == ' ' || *p == '\t'; p++)
            ;
        check_add(c, e->line, NTLMGSS_USERDB_WARNING, "domain '%s' begins "
                  "or ends with a blank, which is part of the name (nothing "
                  "is trimmed)%s", dom, *p == '#' ? "; '#' starts a comment "
                  "only in the first column" : "");
    }
    if (e->password != NULL && e->password_len == 0)
        check_add(c, e->line, NTLMGSS_USERDB_WARNING, "empty password for "
                  "'%s'", user);
    return 0;
}

int
ntlmgss_userdb_check(const char *path,
                     void (*report)(void *arg, unsigned line, int severity,
                                    const char *msg),
                     void *arg)
{
    struct check_ctx c;
    struct udb_table t;
    char *text = NULL;
    size_t len = 0, cap = 0, i, usable = 0;
    int ret = NTLM_ERR_INTERNAL;

    memset(&c, 0, sizeof(c));
    memset(&t, 0, sizeof(t));
    if (path == NULL || *path == '\0' || report == NULL)
        return ntlm_err_detail(NTLM_ERR_INVALID_ARGUMENT,
                               "user file check: no file name or report");

    ret = check_read(path, &c, &text, &len, &cap);
    if (ret != 0)
        goto done;
    ret = table_parse_report(text, len, &t, check_collect, &c);
    if (ret != 0)
        goto done;
    for (i = 0; i < t.num_entries; i++) {
        ret = check_entry(&t.entries[i], &c);
        if (ret != 0)
            goto done;
        if (t.entries[i].state == ENTRY_OK)
            usable++;
    }
    ret = table_overlaps(&t, check_collect, &c);
    if (ret != 0)
        goto done;
    if (t.num_entries == 0)
        check_add(&c, 0, NTLMGSS_USERDB_WARNING, "no entries");
    else if (usable == 0)
        check_add(&c, 0, NTLMGSS_USERDB_WARNING, "no usable entry (all "
                  "disabled or broken)");
    ret = 0;
done:
    if (c.nomem && (ret == 0 || ret == NTLM_ERR_USER_FILE))
        ret = NTLM_ERR_NOMEM;
    if ((ret == 0 || ret == NTLM_ERR_USER_FILE) && c.num_msgs > 0) {
        qsort(c.msgs, c.num_msgs, sizeof(*c.msgs), cmp_msg);
        for (i = 0; i < c.num_msgs; i++)
            report(arg, c.msgs[i].line, c.msgs[i].severity, c.msgs[i].msg);
    }
    for (i = 0; i < c.num_msgs; i++)
        free(c.msgs[i].msg);
    free(c.msgs);
    table_cleanup(&t);
    ntlm_zfree(text, cap);
    return ret;
}
