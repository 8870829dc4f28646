/* interpose.h - see interpose.c. */
#ifndef INTERPOSE_H
#define INTERPOSE_H

#include <stddef.h>

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define IP_ENABLED 1
extern long ip_live;
extern int (*ip_fail_hook)(void);
extern void (*ip_free_hook)(const void *p, size_t n,
                            const void *caller);
extern void (*ip_alloc_hook)(const void *p, size_t n,
                             const void *caller);
#endif

#endif
