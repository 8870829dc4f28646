/*
 * fuzz.h - shared bits of the libFuzzer targets (one per parser).  Each
 * target checks decode -> encode -> decode equality and abort()s on a
 * mismatch, so both libFuzzer and the replay driver report it.
 */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                  \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: round-trip check failed: %s\n",       \
                    __FILE__, __LINE__, #cond);                           \
            abort();                                                      \
        }                                                                 \
    } while (0)

/* fuzz_copy - an exact-size heap copy so ASan catches any over-read. */
static inline uint8_t *
fuzz_copy(const uint8_t *data, size_t size)
{
    uint8_t *p = malloc(size ? size : 1);

    if (p == NULL)
        abort();
    if (size > 0)
        memcpy(p, data, size);
    return p;
}

#endif /* TESTS_FUZZ_H */
