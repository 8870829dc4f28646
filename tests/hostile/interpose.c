/*
 * interpose.c - the malloc family defined in the program itself
 * (forwarding to glibc's __libc_* entry points), so that every allocation
 * of the process - mechglue, the dlopen()ed module, OpenSSL - comes
 * through here.  Each block carries a 32-byte header (size, original
 * pointer).  Hooks: ip_should_fail() decides whether an allocation fails,
 * ip_free_hook sees every block (pointer, size) just before it is freed,
 * ip_live counts live blocks.  Not used in sanitizer builds (their
 * allocator would be replaced).
 */
#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "interpose.h"

#ifdef IP_ENABLED

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

#define HDR 32
#define MAGIC 0x6e746c6d616c6c63ULL

struct hdr {
    uint64_t magic;
    size_t size;
    void *raw;
    uint64_t pad;
};

long ip_live;
int (*ip_fail_hook)(void);
void (*ip_free_hook)(const void *p, size_t n, const void *caller);
void (*ip_alloc_hook)(const void *p, size_t n, const void *caller);
static __thread int in_hook;

static int
should_fail(void)
{
    int r;

    if (ip_fail_hook == NULL || in_hook)
        return 0;
    in_hook = 1;
    r = ip_fail_hook();
    in_hook = 0;
    return r;
}

static void *
wrap_block(void *raw, size_t size, size_t off, const void *caller)
{
    struct hdr *h;

    if (raw == NULL)
        return NULL;
    h = (struct hdr *)((char *)raw + off - HDR);
    h->magic = MAGIC;
    h->size = size;
    h->raw = raw;
    __atomic_add_fetch(&ip_live, 1, __ATOMIC_RELAXED);
    if (ip_alloc_hook != NULL && !in_hook) {
        in_hook = 1;
        ip_alloc_hook((char *)raw + off, size, caller);
        in_hook = 0;
    }
    return (char *)raw + off;
}

static struct hdr *
hdr_of(void *p)
{
    struct hdr *h = (struct hdr *)((char *)p - HDR);

    return h->magic == MAGIC ? h : NULL;
}

static void *
do_malloc(size_t n, const void *caller)
{
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    if (n > SIZE_MAX - HDR)
        return NULL;
    return wrap_block(__libc_malloc(n + HDR), n, HDR, caller);
}

void *
malloc(size_t n)
{
    return do_malloc(n, __builtin_return_address(0));
}

void
free(void *p)
{
    struct hdr *h;

    if (p == NULL)
        return;
    h = hdr_of(p);
    if (h == NULL) {
        __libc_free(p);
        return;
    }
    if (ip_free_hook != NULL && !in_hook) {
        in_hook = 1;
        ip_free_hook(p, h->size, __builtin_return_address(0));
        in_hook = 0;
    }
    h->magic = 0;
    __atomic_sub_fetch(&ip_live, 1, __ATOMIC_RELAXED);
    __libc_free(h->raw);
}

void *
calloc(size_t a, size_t b)
{
    /* not malloc + memset: the compiler would fold that into calloc */
    if (b != 0 && a > (SIZE_MAX - 2 * HDR) / b)
        return NULL;
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return wrap_block(__libc_calloc(1, a * b + HDR), a * b, HDR,
                      __builtin_return_address(0));
}

void *
realloc(void *p, size_t n)
{
    struct hdr *h;
    void *q;

    if (p == NULL)
        return do_malloc(n, __builtin_return_address(0));
    if (n == 0) {
        free(p);
        return NULL;
    }
    h = hdr_of(p);
    if (h == NULL)
        return __libc_realloc(p, n);
    q = do_malloc(n, __builtin_return_address(0));
    if (q == NULL)
        return NULL;
    memcpy(q, p, h->size < n ? h->size : n);
    free(p);
    return q;
}

static void *
aligned(size_t align, size_t n)
{
    size_t off;

    if (should_fail())
        return NULL;
    if (align < 16)
        align = 16;
    off = align >= HDR ? align : HDR;
    off = (off + align - 1) / align * align;
    return wrap_block(__libc_memalign(align, n + off), n, off,
                      NULL);
}

int
posix_memalign(void **out, size_t align, size_t n)
{
    *out = aligned(align, n);
    return *out == NULL ? ENOMEM : 0;
}

void *
aligned_alloc(size_t align, size_t n)
{
    return aligned(align, n);
}

void *
memalign(size_t align, size_t n)
{
    return aligned(align, n);
}

void *
valloc(size_t n)
{
    return aligned(4096, n);
}

#endif
