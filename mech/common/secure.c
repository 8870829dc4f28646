/*
 * secure.c - wiping and constant-time comparison.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "secure.h"

void
ntlm_zero(void *p, size_t n)
{
    if (p == NULL || n == 0)
        return;
#ifdef HAVE_EXPLICIT_BZERO
    explicit_bzero(p, n);
#else
    {
        volatile unsigned char *v = p;
        while (n--)
            *v++ = 0;
    }
#endif
}

void
ntlm_zfree(void *p, size_t n)
{
    if (p == NULL)
        return;
    ntlm_zero(p, n);
    free(p);
}

void
ntlm_zfreestr(char *s)
{
    if (s == NULL)
        return;
    ntlm_zfree(s, strlen(s));
}

int
ntlm_ct_equal(const void *a, const void *b, size_t n)
{
    const volatile unsigned char *x = a, *y = b;
    unsigned char d = 0;
    size_t i;

    for (i = 0; i < n; i++)
        d |= x[i] ^ y[i];
    return d == 0;
}

void *
ntlm_memdup(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);

    if (q != NULL && n > 0)
        memcpy(q, p, n);
    return q;
}
