/*
 * sspi_int.h - internals of the SSPI shim (not installed).
 *
 * The shim sits on the public GSSAPI only.  Objects handed to the caller
 * (credentials and contexts) live in a handle registry (sspi_handles.c);
 * the caller's CredHandle/CtxtHandle never holds a pointer, only a slot
 * index and a generation, so zeroed, freed or foreign handles are detected.
 */
#ifndef SSPI_INT_H
#define SSPI_INT_H

#include <pthread.h>
#include <stdint.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include "sspi.h"

#define SSPI_EXPORT __attribute__((visibility("default")))

/* ---- packages (sspi_pkg.c) ------------------------------------------- */
enum sspi_pkg_id {
    SSPI_PKG_NTLM = 0,
    SSPI_PKG_KERBEROS,
    SSPI_PKG_NEGOTIATE,
    SSPI_PKG_COUNT
};

struct sspi_pkg {
    enum sspi_pkg_id id;
    const char *name;
    const char *comment;
    ULONG caps;
    USHORT version;
    USHORT rpcid;
    ULONG max_token;
    SecPkgContext_Sizes sizes;
    gss_OID_desc oid;
};

const struct sspi_pkg *sspi_pkg_by_name(const char *name);
const struct sspi_pkg *sspi_pkg_by_oid(gss_const_OID oid);
const struct sspi_pkg *sspi_pkg_get(enum sspi_pkg_id id);
int sspi_pkg_available(const struct sspi_pkg *pkg);
SECURITY_STATUS sspi_pkg_info_new(const struct sspi_pkg *pkg, int wide,
                                  void **out_info);

/* ---- strings (sspi_util.c) ------------------------------------------ */
char *sspi_utf16_to_utf8(const uint16_t *s, size_t nchars);
size_t sspi_utf16_len(const uint16_t *s);
uint16_t *sspi_utf8_to_utf16(const char *s, size_t *out_nchars);
SECURITY_STATUS sspi_string_out(const char *s, int wide, void **out);
void sspi_zero(void *p, size_t n);
void sspi_zfreestr(char *s);
void sspi_filetime(TimeStamp *ts, OM_uint32 lifetime);
void sspi_filetime_now(TimeStamp *ts);

/* ---- statuses and flags (sspi_status.c) ------------------------------ */
enum sspi_op {
    SSPI_OP_CRED,       /* AcquireCredentialsHandle */
    SSPI_OP_INIT,       /* InitializeSecurityContext */
    SSPI_OP_ACCEPT,     /* AcceptSecurityContext, first leg */
    SSPI_OP_ACCEPT_LAST, /* AcceptSecurityContext, later legs */
    SSPI_OP_MESSAGE,    /* Make/VerifySignature, Encrypt/DecryptMessage */
    SSPI_OP_TARGET,     /* target name import */
    SSPI_OP_QUERY       /* attribute queries */
};
SECURITY_STATUS sspi_map_status(OM_uint32 major, OM_uint32 minor,
                                enum sspi_op op, OM_uint32 ctx_flags);
OM_uint32 sspi_req_to_gss(ULONG req, int accept);
ULONG sspi_gss_to_ret(OM_uint32 gss_flags, int accept);

/* ---- handles (sspi_handles.c) --------------------------------------- */
enum sspi_kind {
    SSPI_KIND_CRED = 1,
    SSPI_KIND_CTX = 2
};

/* An imported ISC target name, shared by the contexts of a credential
 * that name the same target (refs under the registry lock). */
struct sspi_target {
    int refs;
    char *text;                 /* as the caller gave it */
    gss_name_t name;
};

struct sspi_cred {
    const struct sspi_pkg *pkg;
    gss_cred_id_t gcred;
    gss_cred_usage_t usage;
    int supplied;               /* explicit identity given */
    SECURITY_STATUS deferred;   /* acquisition failure reported by ISC */
    int refs;                   /* protected by the registry lock */
    struct sspi_target *last_target;    /* counted; registry lock */
};

struct sspi_ctx {
    const struct sspi_pkg *pkg;     /* package asked for */
    const struct sspi_pkg *mech;    /* mechanism actually used */
    struct sspi_cred *cred;         /* counted reference, or NULL */
    gss_ctx_id_t gctx;
    struct sspi_target *target;     /* counted reference, or NULL */
    int initiator;
    int established;
    ULONG req;                      /* requested ISC/ASC flags */
    OM_uint32 gss_req;              /* req mapped to GSS (initiator) */
    OM_uint32 gss_flags;            /* GSS flags returned so far */
    gss_const_OID seen_mech;        /* mechglue's OID that gave mech */
    int ret_valid;                  /* ret_memo maps ret_memo_flags */
    OM_uint32 ret_memo_flags;
    ULONG ret_memo;
    ULONG ret_extra;                /* shim-level ISC/ASC_RET flags */
    OM_uint32 lifetime;
    TimeStamp start;
    /* a produced token the caller had no room for (retry delivers it) */
    gss_buffer_desc pending;
    SECURITY_STATUS pending_status;
    int has_pending;
};

SECURITY_STATUS sspi_handle_new(enum sspi_kind kind, void *obj,
                                SecHandle *out);
void *sspi_handle_get(const SecHandle *h, enum sspi_kind kind);
void *sspi_handle_remove(const SecHandle *h, enum sspi_kind kind);
struct sspi_cred *sspi_cred_ref(const SecHandle *h);
void sspi_cred_unref(struct sspi_cred *cred);
void sspi_ctx_free(struct sspi_ctx *ctx);
struct sspi_target *sspi_target_find(struct sspi_cred *cred,
                                     const char *text);
void sspi_target_keep(struct sspi_cred *cred, struct sspi_target *t);
void sspi_target_unref(struct sspi_target *t);

#endif /* SSPI_INT_H */
