/*
 * fuzz_utf16.c - UTF-16LE -> UTF-8 -> UTF-16LE and UTF-8 -> UTF-16LE ->
 * UTF-8 must both be the identity on whatever converts, and upper-casing
 * (in place and from UTF-8) must agree and keep the length.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "ntlm/ntlm.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *in = fuzz_copy(data, size), *u16 = NULL, *up = NULL;
    char *u8 = NULL;
    size_t u16_len = 0, u8_len = 0, up_len = 0;

    /* As UTF-16LE. */
    if (ntlm_utf16le_to_utf8(in, size, &u8, &u8_len) == 0) {
        FUZZ_CHECK(u8[u8_len] == '\0');
        FUZZ_CHECK(ntlm_utf8_to_utf16le(u8, u8_len, &u16, &u16_len) == 0);
        FUZZ_CHECK(u16_len == size && memcmp(u16, in, size) == 0);
        FUZZ_CHECK(ntlm_utf8_to_utf16le_upper(u8, u8_len, &up,
                                              &up_len) == 0);
        ntlm_utf16le_upper(u16, u16_len);
        FUZZ_CHECK(up_len == u16_len && memcmp(up, u16, up_len) == 0);
        free(up);
        free(u16);
        free(u8);
    }
    /* As UTF-8. */
    u16 = NULL;
    u8 = NULL;
    if (ntlm_utf8_to_utf16le((const char *)in, size, &u16, &u16_len) == 0) {
        FUZZ_CHECK(u16_len % 2 == 0);
        FUZZ_CHECK(ntlm_utf16le_to_utf8(u16, u16_len, &u8, &u8_len) == 0);
        FUZZ_CHECK(u8_len == size && memcmp(u8, in, size) == 0);
        free(u8);
        free(u16);
    }
    /* OEM never fails on valid pointers. */
    u8 = NULL;
    FUZZ_CHECK(ntlm_oem_to_utf8(in, size, &u8, &u8_len) == 0);
    free(u8);
    free(in);
    return 0;
}
