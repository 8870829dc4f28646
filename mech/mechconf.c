/*
 * mechconf.c - read the mechanism registration files as MIT
 * libgssapi_krb5 does (see mechconf.h for the rules and where they come
 * from) and report the lines that claim one OID.
 */
#include "config.h"

#include <ctype.h>
#include <glob.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mechconf.h"
#include "trace.h"

/* The longest line libgssapi_krb5 reads at once (fgets with BUFSIZ). */
#define MECHCONF_LINE_MAX BUFSIZ
#define OID_MAX_ARCS 64

/* Skip white space, as MIT's skip_whitespace(). */
static char *
skip_ws(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

/* End the field at s at the first blank; return the next field (MIT's
 * delimit_ws()). */
static char *
cut_ws(char *s)
{
    while (*s != '\0' && !isspace((unsigned char)*s))
        s++;
    if (*s != '\0')
        *s++ = '\0';
    return skip_ws(s);
}

/* End the field at s at delim; return what follows (MIT's delimit()). */
static char *
cut_at(char *s, char delim)
{
    while (*s != '\0' && *s != delim)
        s++;
    if (*s != '\0')
        *s++ = '\0';
    return skip_ws(s);
}

/*
 * parse_oid - the arcs of an OID written "1.2.3" or "{ 1 2 3 }" (the
 * forms generic_gss_str_to_oid accepts).  Returns the number of arcs, or
 * 0 if s is not an OID.
 */
static size_t
parse_oid(const char *s, unsigned long *arcs, size_t max_arcs)
{
    bool brace = false;
    size_t n = 0;
    char *end;

    while (isspace((unsigned char)*s))
        s++;
    if (*s == '{') {
        brace = true;
        s++;
    }
    for (;;) {
        while (isspace((unsigned char)*s))
            s++;
        if (!isdigit((unsigned char)*s))
            break;
        if (n == max_arcs)
            return 0;
        arcs[n++] = strtoul(s, &end, 10);
        s = end;
        if (!brace && *s == '.')
            s++;
        else if (!brace && *s != '\0')
            return 0;
    }
    if (brace) {
        if (*s != '}')
            return 0;
        s++;
        while (isspace((unsigned char)*s))
            s++;
    }
    if (*s != '\0' || n < 2)
        return 0;
    return n;
}

static bool
oid_equal(const char *a, const char *b)
{
    unsigned long aa[OID_MAX_ARCS], ba[OID_MAX_ARCS];
    size_t na, nb;

    na = parse_oid(a, aa, OID_MAX_ARCS);
    nb = parse_oid(b, ba, OID_MAX_ARCS);
    return na != 0 && na == nb && memcmp(aa, ba, na * sizeof(aa[0])) == 0;
}

static int
add_file(struct mechconf *mc, const char *path, bool present)
{
    struct mechconf_file *files;

    files = realloc(mc->files, (mc->num_files + 1) * sizeof(*files));
    if (files == NULL)
        return -1;
    mc->files = files;
    files[mc->num_files].path = strdup(path);
    files[mc->num_files].present = present;
    if (files[mc->num_files].path == NULL)
        return -1;
    mc->num_files++;
    return 0;
}

static void
line_cleanup(struct mechconf_line *l)
{
    free(l->file);
    free(l->name);
    free(l->lib);
    free(l->lib_path);
    memset(l, 0, sizeof(*l));
}

/* Record one registration line; 0 or -1 (out of memory). */
static int
add_line(struct mechconf *mc, const char *file, unsigned lineno,
         const char *name, const char *lib, const char *module_dir,
         bool interposer)
{
    struct mechconf_line *lines, l = { 0 };
    size_t n;

    l.file = strdup(file);
    l.name = strdup(name);
    l.lib = strdup(lib);
    if (lib[0] == '/') {
        l.lib_path = strdup(lib);
    } else {
        n = strlen(module_dir) + strlen(lib) + 1;
        l.lib_path = malloc(n);
        if (l.lib_path != NULL)
            snprintf(l.lib_path, n, "%s%s", module_dir, lib);
    }
    l.lineno = lineno;
    l.interposer = interposer;
    if (l.file == NULL || l.name == NULL || l.lib == NULL ||
        l.lib_path == NULL)
        goto fail;
    lines = realloc(mc->lines, (mc->num_lines + 1) * sizeof(*lines));
    if (lines == NULL)
        goto fail;
    mc->lines = lines;
    lines[mc->num_lines++] = l;
    return 0;
fail:
    line_cleanup(&l);
    return -1;
}

/* Read one file as MIT's loadConfigFile() does; 0 or -1. */
static int
load_file(struct mechconf *mc, const char *path, const char *module_dir,
          const char *oid)
{
    char buf[MECHCONF_LINE_MAX];
    char *name, *moid, *lib, *next, *type;
    unsigned lineno = 0;
    size_t len;
    bool whole = true;
    FILE *fp;
    int ret = -1;

    fp = fopen(path, "r");
    if (add_file(mc, path, fp != NULL) != 0)
        goto done;
    if (fp == NULL)
        return 0;
    while (fgets(buf, sizeof(buf), fp) != NULL) {
        /* Count lines as an editor does, though a line longer than
         * MIT's buffer is read in pieces, each parsed as a line. */
        if (whole)
            lineno++;
        len = strlen(buf);
        whole = len > 0 && buf[len - 1] == '\n';
        if (buf[0] == '#')
            continue;
        name = buf;
        moid = cut_ws(name);
        if (*moid == '\0')
            continue;
        lib = cut_ws(moid);
        if (*lib == '\0')
            continue;
        next = cut_ws(lib);
        if (*next != '\0' && *next != '[' && *next != '<')
            next = cut_ws(next);            /* kernel module */
        if (*next == '[')
            next = cut_at(next + 1, ']');   /* options */
        type = NULL;
        if (*next == '<') {
            type = next + 1;
            (void)cut_at(type, '>');
        }
        if (!oid_equal(moid, oid))
            continue;
        if (add_line(mc, path, lineno, name, lib, module_dir,
                     type != NULL && strcmp(type, "interposer") == 0) != 0)
            goto done;
    }
    ret = 0;
done:
    if (fp != NULL)
        fclose(fp);
    return ret;
}

void
mechconf_cleanup(struct mechconf *mc)
{
    size_t i;

    if (mc == NULL)
        return;
    for (i = 0; i < mc->num_files; i++)
        free(mc->files[i].path);
    for (i = 0; i < mc->num_lines; i++)
        line_cleanup(&mc->lines[i]);
    free(mc->files);
    free(mc->lines);
    free(mc->pattern);
    memset(mc, 0, sizeof(*mc));
}

int
mechconf_load(const char *env_file, const char *mech_conf,
              const char *module_dir, const char *oid,
              struct mechconf *out_mc)
{
    struct mechconf mc = { 0 };
    glob_t g;
    size_t i, n;
    int ret = -1, gret;

    memset(out_mc, 0, sizeof(*out_mc));
    memset(&g, 0, sizeof(g));
    if (env_file != NULL) {
        mc.from_env = true;
        if (load_file(&mc, env_file, module_dir, oid) != 0)
            goto done;
    } else {
        if (load_file(&mc, mech_conf, module_dir, oid) != 0)
            goto done;
        n = strlen(mech_conf) + sizeof(".d/*.conf");
        mc.pattern = malloc(n);
        if (mc.pattern == NULL)
            goto done;
        snprintf(mc.pattern, n, "%s.d/*.conf", mech_conf);
        gret = glob(mc.pattern, 0, NULL, &g);
        if (gret == GLOB_NOSPACE)
            goto done;
        for (i = 0; gret == 0 && i < g.gl_pathc; i++) {
            if (load_file(&mc, g.gl_pathv[i], module_dir, oid) != 0)
                goto done;
        }
    }
    ret = 0;
    *out_mc = mc;
    memset(&mc, 0, sizeof(mc));
done:
    globfree(&g);
    mechconf_cleanup(&mc);
    return ret;
}

const struct mechconf_line *
mechconf_winner(const struct mechconf *mc)
{
    if (mc->num_lines == 0)
        return NULL;
    return &mc->lines[mc->num_lines - 1];
}

bool
mechconf_is_ntlmgss(const struct mechconf_line *line)
{
    const char *base = strrchr(line->lib_path, '/');

    base = base != NULL ? base + 1 : line->lib_path;
    return strcmp(base, "ntlmgss.so") == 0;
}

unsigned
mechconf_report(const struct mechconf *mc, const char *oid, FILE *fp,
                const char *prefix)
{
    const struct mechconf_line *win = mechconf_winner(mc), *l;
    unsigned problems = 0;
    size_t i, j;

    if (mc->from_env)
        fprintf(fp, "%smechanism registration: GSS_MECH_CONFIG names the "
                "only file libgssapi_krb5 reads\n", prefix);
    else
        fprintf(fp, "%smechanism registration: libgssapi_krb5 reads %s, "
                "then %s in sorted order\n", prefix,
                mc->num_files > 0 ? mc->files[0].path : "?",
                mc->pattern != NULL ? mc->pattern : "?");
    for (i = 0; i < mc->num_files; i++) {
        fprintf(fp, "%s  %s%s\n", prefix, mc->files[i].path,
                mc->files[i].present ? "" : ": cannot be read (absent)");
        for (j = 0; j < mc->num_lines; j++) {
            l = &mc->lines[j];
            if (strcmp(l->file, mc->files[i].path) != 0)
                continue;
            fprintf(fp, "%s    line %u: %s %s%s%s%s\n", prefix, l->lineno,
                    l->name, l->lib_path,
                    mechconf_is_ntlmgss(l) ? " (ntlmgss)" :
                    " (another module)",
                    l->interposer ? " (interposer)" : "",
                    l == win ? "  <- loaded" : "");
        }
    }
    if (win == NULL) {
        problems |= MECHCONF_NONE;
        fprintf(fp, "%swarning: no line registers the NTLMSSP OID %s: "
                "libgssapi_krb5 will not load ntlmgss (see the mech.d "
                "registration file in ntlmgss(7))\n", prefix, oid);
        return problems;
    }
    if (mc->num_lines > 1) {
        problems |= MECHCONF_SEVERAL;
        fprintf(fp, "%swarning: %zu lines register the NTLMSSP OID %s; "
                "libgssapi_krb5 loads the library of the last one read "
                "(%s line %u); keep only one\n", prefix, mc->num_lines, oid,
                win->file, win->lineno);
    }
    if (!mechconf_is_ntlmgss(win)) {
        problems |= MECHCONF_NOT_OURS;
        fprintf(fp, "%swarning: the line that wins (%s line %u) loads %s, "
                "which is another module, not ntlmgss\n", prefix,
                win->file, win->lineno, win->lib_path);
    }
    if (access(win->lib_path, R_OK) != 0) {
        problems |= MECHCONF_NO_LIBRARY;
        fprintf(fp, "%swarning: %s (%s line %u) does not exist or cannot "
                "be read: the NTLMSSP mechanism will not load\n", prefix,
                win->lib_path, win->file, win->lineno);
    }
    return problems;
}

void
mechconf_trace_registration(void)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static bool done;
    const struct mechconf_line *win, *l;
    struct mechconf mc;
    const char *env;
    size_t i;
    bool first;

    if (!ntlmgss_trace_enabled())
        return;
    pthread_mutex_lock(&lock);
    first = !done;
    done = true;
    pthread_mutex_unlock(&lock);
    if (!first)
        return;
#ifdef HAVE_SECURE_GETENV
    env = secure_getenv("GSS_MECH_CONFIG");
#else
    env = getenv("GSS_MECH_CONFIG");
#endif
    if (mechconf_load(env, NTLMGSS_GSS_MECH_CONF, NTLMGSS_GSS_MODULE_DIR,
                      MECHCONF_NTLMSSP_OID, &mc) != 0)
        return;
    win = mechconf_winner(&mc);
    for (i = 0; i < mc.num_lines; i++) {
        l = &mc.lines[i];
        ntlmgss_trace("registration: %s line %u claims %s: %s %s%s%s",
                      l->file, l->lineno, MECHCONF_NTLMSSP_OID, l->name,
                      l->lib_path != NULL ? l->lib_path : l->lib,
                      mechconf_is_ntlmgss(l) ? "" : " (another module)",
                      l == win ? " <- loaded" : "");
    }
    if (win == NULL) {
        ntlmgss_trace("registration: no line in %s claims %s",
                      mc.from_env ? "GSS_MECH_CONFIG" : NTLMGSS_GSS_MECH_CONF,
                      MECHCONF_NTLMSSP_OID);
    } else if (mc.num_lines > 1) {
        ntlmgss_trace("registration: warning: %zu lines claim %s; "
                      "libgssapi_krb5 loads the last (%s line %u)%s; keep "
                      "one", mc.num_lines, MECHCONF_NTLMSSP_OID, win->file,
                      win->lineno, mechconf_is_ntlmgss(win) ? "" :
                      ", another module");
    } else if (!mechconf_is_ntlmgss(win)) {
        ntlmgss_trace("registration: warning: the line claiming %s (%s "
                      "line %u) loads another module", MECHCONF_NTLMSSP_OID,
                      win->file, win->lineno);
    }
    mechconf_cleanup(&mc);
}
