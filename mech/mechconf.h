/*
 * mechconf.h - the mechanism registration lines MIT libgssapi_krb5 reads,
 * as it reads them, for "ntlmtool config", "ntlmtool selftest" and the
 * module's trace (which lines claim the NTLMSSP OID).
 *
 * libgssapi_krb5 (src/lib/gssapi/mechglue/g_initialize.c, loadConfigFiles
 * and addConfigEntry) reads the file named by GSS_MECH_CONFIG alone when
 * it is set; otherwise MECH_CONF (/etc/gss/mech on Debian) and then every
 * file matching MECH_CONF ".d/" "*.conf" in glob(3)'s sorted order.
 * A line is
 *     NAME OID LIBRARY [KERNEL_MODULE] [[OPTIONS]] [<TYPE>]
 * separated by white space; a line whose first character is '#' is a
 * comment.  The first line naming an OID creates its entry; every later
 * line naming it, read before the module is loaded, replaces the entry's
 * library and options.  So the library of the LAST line is the one loaded.
 */
#ifndef NTLMGSS_MECHCONF_H
#define NTLMGSS_MECHCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The NTLMSSP mechanism OID, as mechanism registration lines write it. */
#define MECHCONF_NTLMSSP_OID "1.3.6.1.4.1.311.2.2.10"

/* One line registering the OID asked for. */
struct mechconf_line {
    char *file;                 /* the file it is in */
    unsigned lineno;
    char *name;                 /* first field */
    char *lib;                  /* third field, as written */
    char *lib_path;             /* as libgssapi_krb5 resolves it */
    bool interposer;            /* "<interposer>" */
};

/* One file libgssapi_krb5 would read. */
struct mechconf_file {
    char *path;
    bool present;               /* it could be opened */
};

struct mechconf {
    bool from_env;              /* GSS_MECH_CONFIG named the only file */
    char *pattern;              /* the glob of the mech.d files, or NULL */
    struct mechconf_file *files;
    size_t num_files;
    struct mechconf_line *lines;    /* in reading order */
    size_t num_lines;
};

/*
 * mechconf_load - collect the lines registering oid (dotted, such as
 * "1.3.6.1.4.1.311.2.2.10") from env_file when it is non-NULL (the value
 * of GSS_MECH_CONFIG), else from mech_conf and the files matching
 * mech_conf ".d/" "*.conf".
 * module_dir is libgssapi_krb5's MECH_LIB_PREFIX (ends with '/'), for
 * libraries given by a relative name.  Files that cannot be read are
 * recorded as absent.  Returns 0, or -1 when out of memory (out_mc is
 * then cleaned up).  out_mc is owned by the caller: mechconf_cleanup().
 */
int mechconf_load(const char *env_file, const char *mech_conf,
                  const char *module_dir, const char *oid,
                  struct mechconf *out_mc);

/* mechconf_cleanup - free what mechconf_load() filled in; accepts an
 * all-zero struct. */
void mechconf_cleanup(struct mechconf *mc);

/* mechconf_winner - the line whose library libgssapi_krb5 loads (the last
 * one), or NULL when no line registers the OID.  Borrowed from mc. */
const struct mechconf_line *mechconf_winner(const struct mechconf *mc);

/* mechconf_is_ntlmgss - whether a line names this project's module (a
 * library whose file name is ntlmgss.so). */
bool mechconf_is_ntlmgss(const struct mechconf_line *line);

/* What mechconf_report() found wrong (bits). */
#define MECHCONF_NONE        0x01   /* no line registers the OID */
#define MECHCONF_SEVERAL     0x02   /* more than one line does */
#define MECHCONF_NOT_OURS    0x04   /* the winner is another module */
#define MECHCONF_NO_LIBRARY  0x08   /* the winner's library is missing */

/*
 * mechconf_report - print the files, the lines registering the OID and a
 * warning per problem to fp, each line starting with prefix.  Returns the
 * MECHCONF_* bits of the problems found (0 when exactly one line
 * registers the OID, for ntlmgss, and its library exists).
 */
unsigned mechconf_report(const struct mechconf *mc, const char *oid,
                         FILE *fp, const char *prefix);

/*
 * mechconf_trace_registration - the module's side: once per process, when
 * tracing is on, trace every registration line claiming the NTLMSSP OID
 * (the files GSS_MECH_CONFIG or libgssapi_krb5's MECH_CONF name) and warn
 * when more than one does, or when the one libgssapi_krb5 loads is another
 * module.
 */
void mechconf_trace_registration(void);

#endif /* NTLMGSS_MECHCONF_H */
