/*
 * sspi_handles.c - registry of live credential and context handles.
 *
 * A SecHandle holds dwLower = slot index + 1 and dwUpper = kind magic
 * (high 32 bits) | slot generation (low 32 bits).  Lookups check all three
 * under one mutex, so a zeroed handle, a freed one (generation moved on),
 * a context used as a credential or random bytes give NULL and the caller
 * returns SEC_E_INVALID_HANDLE.  Nothing the caller passes is dereferenced.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sspi_int.h"

#define SSPI_MAGIC_CRED 0x53437264u  /* "SCrd" */
#define SSPI_MAGIC_CTX  0x53437478u  /* "SCtx" */

struct slot {
    enum sspi_kind kind;    /* 0 = free */
    uint32_t gen;
    void *obj;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot *slots;
static size_t num_slots;

static uint32_t
kind_magic(enum sspi_kind kind)
{
    return kind == SSPI_KIND_CRED ? SSPI_MAGIC_CRED : SSPI_MAGIC_CTX;
}

/*
 * sspi_handle_new - register obj (ownership stays with the caller until
 * it is removed) and write its handle to *out.  Returns SEC_E_OK or
 * SEC_E_INSUFFICIENT_MEMORY.
 */
SECURITY_STATUS
sspi_handle_new(enum sspi_kind kind, void *obj, SecHandle *out)
{
    SECURITY_STATUS ret = SEC_E_INSUFFICIENT_MEMORY;
    struct slot *grown;
    size_t i, n;

    pthread_mutex_lock(&lock);
    for (i = 0; i < num_slots; i++) {
        if (slots[i].kind == 0)
            break;
    }
    if (i == num_slots) {
        n = num_slots ? num_slots * 2 : 64;
        grown = realloc(slots, n * sizeof(*slots));
        if (grown == NULL)
            goto done;
        for (i = num_slots; i < n; i++) {
            grown[i].kind = 0;
            grown[i].gen = 0;
            grown[i].obj = NULL;
        }
        i = num_slots;
        slots = grown;
        num_slots = n;
    }
    slots[i].kind = kind;
    slots[i].gen++;
    if (slots[i].gen == 0)
        slots[i].gen = 1;
    slots[i].obj = obj;
    out->dwLower = (ULONG_PTR)(i + 1);
    out->dwUpper = ((ULONG_PTR)kind_magic(kind) << 32) | slots[i].gen;
    ret = SEC_E_OK;

done:
    pthread_mutex_unlock(&lock);
    return ret;
}

/* Locked lookup; returns the slot or NULL. */
static struct slot *
find_locked(const SecHandle *h, enum sspi_kind kind)
{
    size_t i;

    if (h == NULL || h->dwLower == 0 || h->dwLower > num_slots)
        return NULL;
    if ((uint32_t)(h->dwUpper >> 32) != kind_magic(kind))
        return NULL;
    i = h->dwLower - 1;
    if (slots[i].kind != kind || slots[i].gen != (uint32_t)h->dwUpper)
        return NULL;
    return &slots[i];
}

/* sspi_handle_get - the object behind a live handle of this kind, or NULL
 * (borrowed). */
void *
sspi_handle_get(const SecHandle *h, enum sspi_kind kind)
{
    struct slot *s;
    void *obj = NULL;

    pthread_mutex_lock(&lock);
    s = find_locked(h, kind);
    if (s != NULL)
        obj = s->obj;
    pthread_mutex_unlock(&lock);
    return obj;
}

/* sspi_handle_remove - unregister a handle; returns its object (now owned
 * by the caller) or NULL if the handle was not live. */
void *
sspi_handle_remove(const SecHandle *h, enum sspi_kind kind)
{
    struct slot *s;
    void *obj = NULL;

    pthread_mutex_lock(&lock);
    s = find_locked(h, kind);
    if (s != NULL) {
        obj = s->obj;
        s->obj = NULL;
        s->kind = 0;
    }
    pthread_mutex_unlock(&lock);
    return obj;
}

/* sspi_cred_ref - a counted reference to a live credential, or NULL. */
struct sspi_cred *
sspi_cred_ref(const SecHandle *h)
{
    struct slot *s;
    struct sspi_cred *cred = NULL;

    pthread_mutex_lock(&lock);
    s = find_locked(h, SSPI_KIND_CRED);
    if (s != NULL) {
        cred = s->obj;
        cred->refs++;
    }
    pthread_mutex_unlock(&lock);
    return cred;
}

/* sspi_cred_unref - drop a reference; the last one releases the GSS
 * credential. */
void
sspi_cred_unref(struct sspi_cred *cred)
{
    OM_uint32 minor;
    int last;

    if (cred == NULL)
        return;
    pthread_mutex_lock(&lock);
    last = (--cred->refs == 0);
    pthread_mutex_unlock(&lock);
    if (!last)
        return;
    sspi_target_unref(cred->last_target);
    if (cred->gcred != GSS_C_NO_CREDENTIAL)
        (void)gss_release_cred(&minor, &cred->gcred);
    free(cred);
}

/* sspi_ctx_free - release everything a context owns. */
void
sspi_ctx_free(struct sspi_ctx *ctx)
{
    OM_uint32 minor;

    if (ctx == NULL)
        return;
    if (ctx->gctx != GSS_C_NO_CONTEXT)
        (void)gss_delete_sec_context(&minor, &ctx->gctx, GSS_C_NO_BUFFER);
    sspi_target_unref(ctx->target);
    if (ctx->has_pending)
        (void)gss_release_buffer(&minor, &ctx->pending);
    sspi_cred_unref(ctx->cred);
    free(ctx);
}

/*
 * The target names a credential's contexts were last given: importing
 * the same name for every context (a client that authenticates over and
 * over to one server) would cost a parse, allocations and a release per
 * handshake.  sspi_target_find returns a counted reference to the kept
 * name if it was imported from text, else NULL.
 */
struct sspi_target *
sspi_target_find(struct sspi_cred *cred, const char *text)
{
    struct sspi_target *t;

    pthread_mutex_lock(&lock);
    t = cred->last_target;
    if (t != NULL && strcmp(t->text, text) == 0)
        t->refs++;
    else
        t = NULL;
    pthread_mutex_unlock(&lock);
    return t;
}

/* sspi_target_keep - make t (the caller keeps its reference) the name
 * kept by cred. */
void
sspi_target_keep(struct sspi_cred *cred, struct sspi_target *t)
{
    struct sspi_target *old;

    pthread_mutex_lock(&lock);
    t->refs++;
    old = cred->last_target;
    cred->last_target = t;
    pthread_mutex_unlock(&lock);
    sspi_target_unref(old);
}

/* sspi_target_unref - drop a reference; the last one releases the name.
 * NULL ok. */
void
sspi_target_unref(struct sspi_target *t)
{
    OM_uint32 minor;
    int last;

    if (t == NULL)
        return;
    pthread_mutex_lock(&lock);
    last = (--t->refs == 0);
    pthread_mutex_unlock(&lock);
    if (!last)
        return;
    if (t->name != GSS_C_NO_NAME)
        (void)gss_release_name(&minor, &t->name);
    free(t->text);
    free(t);
}
