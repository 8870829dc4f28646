/*
 * secure.h - wiping and constant-time helpers.  The only wiping primitive in
 * the project: never memset() a secret before free().
 */
#ifndef NTLM_SECURE_H
#define NTLM_SECURE_H

#include <stddef.h>
#include <stdint.h>

/* ntlm_zero - wipe n bytes at p in a way the compiler cannot elide. */
void ntlm_zero(void *p, size_t n);

/* ntlm_zfree - wipe n bytes at p, then free(p).  Accepts NULL. */
void ntlm_zfree(void *p, size_t n);

/* ntlm_zfreestr - wipe a NUL-terminated string, then free it. NULL ok. */
void ntlm_zfreestr(char *s);

/* ntlm_ct_equal - 1 if the n bytes at a and b are equal; constant time. */
int ntlm_ct_equal(const void *a, const void *b, size_t n);

/* ntlm_memdup - malloc copy of n bytes (n may be 0: returns a 1-byte
 * allocation); NULL on allocation failure. */
void *ntlm_memdup(const void *p, size_t n);

#endif /* NTLM_SECURE_H */
