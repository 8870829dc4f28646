/*
 * sspi_util.c - string conversion (UTF-8 <-> UTF-16), wiping and time
 * conversion for the SSPI shim.
 *
 * "ANSI" strings of the A functions are treated as UTF-8, the character
 * set of Linux locales.  Unpaired surrogates and invalid UTF-8 are
 * replaced by U+FFFD rather than rejected: names are for display.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sspi_int.h"

/* sspi_zero - wipe n bytes so that the compiler cannot drop it. */
void
sspi_zero(void *p, size_t n)
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

/* sspi_zfreestr - wipe and free a NUL-terminated secret. */
void
sspi_zfreestr(char *s)
{
    if (s == NULL)
        return;
    sspi_zero(s, strlen(s));
    free(s);
}

/* sspi_utf16_len - number of 16-bit units before the terminating 0. */
size_t
sspi_utf16_len(const uint16_t *s)
{
    size_t n = 0;

    if (s == NULL)
        return 0;
    while (s[n] != 0)
        n++;
    return n;
}

/* sspi_utf16_to_utf8 - a new NUL-terminated UTF-8 copy of nchars units
 * (caller frees), or NULL on allocation failure. */
char *
sspi_utf16_to_utf8(const uint16_t *s, size_t nchars)
{
    char *out, *p;
    size_t i;
    uint32_t c;

    out = malloc(nchars * 3 + 1);
    if (out == NULL)
        return NULL;
    p = out;
    for (i = 0; i < nchars; i++) {
        c = s[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < nchars &&
            s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        if (c < 0x80) {
            *p++ = (char)c;
        } else if (c < 0x800) {
            *p++ = (char)(0xC0 | (c >> 6));
            *p++ = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *p++ = (char)(0xE0 | (c >> 12));
            *p++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *p++ = (char)(0x80 | (c & 0x3F));
        } else {
            /* 4 bytes from two 16-bit units: fits the 3-per-unit bound */
            *p++ = (char)(0xF0 | (c >> 18));
            *p++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *p++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *p++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *p = '\0';
    return out;
}

/* Decode one UTF-8 sequence at *pp (advancing it); invalid -> U+FFFD. */
static uint32_t
utf8_next(const unsigned char **pp)
{
    const unsigned char *p = *pp;
    uint32_t c = *p++;
    int n, i;

    if (c < 0x80) {
        *pp = p;
        return c;
    }
    if ((c & 0xE0) == 0xC0) {
        n = 1;
        c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 2;
        c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 3;
        c &= 0x07;
    } else {
        *pp = p;
        return 0xFFFD;
    }
    for (i = 0; i < n; i++) {
        if ((*p & 0xC0) != 0x80) {
            *pp = p;
            return 0xFFFD;
        }
        c = (c << 6) | (*p++ & 0x3F);
    }
    *pp = p;
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0xFFFD;
    return c;
}

/* sspi_utf8_to_utf16 - a new 0-terminated UTF-16 copy (caller frees);
 * *out_nchars (if not NULL) receives the length without the 0. */
uint16_t *
sspi_utf8_to_utf16(const char *s, size_t *out_nchars)
{
    const unsigned char *p = (const unsigned char *)s;
    uint16_t *out;
    size_t n = 0;
    uint32_t c;

    if (out_nchars != NULL)
        *out_nchars = 0;
    out = malloc((strlen(s) + 1) * sizeof(*out) * 2);
    if (out == NULL)
        return NULL;
    while (*p != '\0') {
        c = utf8_next(&p);
        if (c >= 0x10000) {
            c -= 0x10000;
            out[n++] = (uint16_t)(0xD800 + (c >> 10));
            out[n++] = (uint16_t)(0xDC00 + (c & 0x3FF));
        } else {
            out[n++] = (uint16_t)c;
        }
    }
    out[n] = 0;
    if (out_nchars != NULL)
        *out_nchars = n;
    return out;
}

/* sspi_string_out - a new string for the caller (freed with
 * FreeContextBuffer), UTF-8 or (wide) UTF-16. */
SECURITY_STATUS
sspi_string_out(const char *s, int wide, void **out)
{
    *out = NULL;
    if (s == NULL)
        s = "";
    *out = wide ? (void *)sspi_utf8_to_utf16(s, NULL) : (void *)strdup(s);
    return *out == NULL ? SEC_E_INSUFFICIENT_MEMORY : SEC_E_OK;
}

/* 100 ns intervals between 1601-01-01 and 1970-01-01 */
#define FILETIME_UNIX_EPOCH 116444736000000000LL
#define FILETIME_NEVER 0x7FFFFFFFFFFFFFFFLL

/* sspi_filetime_now - the current time as a FILETIME (UTC), to the
 * kernel tick (Windows' own timestamps have a 15.6 ms tick): the coarse
 * clock costs no hardware counter read on each handshake leg. */
void
sspi_filetime_now(TimeStamp *ts)
{
    struct timespec now;

#ifdef CLOCK_REALTIME_COARSE
    if (clock_gettime(CLOCK_REALTIME_COARSE, &now) != 0)
#endif
        clock_gettime(CLOCK_REALTIME, &now);
    ts->QuadPart = FILETIME_UNIX_EPOCH + (LONGLONG)now.tv_sec * 10000000 +
                   now.tv_nsec / 100;
}

/* sspi_filetime - now + lifetime seconds as a FILETIME; GSS_C_INDEFINITE
 * becomes the "never expires" value. */
void
sspi_filetime(TimeStamp *ts, OM_uint32 lifetime)
{
    if (ts == NULL)
        return;
    if (lifetime == GSS_C_INDEFINITE) {
        ts->QuadPart = FILETIME_NEVER;
        return;
    }
    sspi_filetime_now(ts);
    ts->QuadPart += (LONGLONG)lifetime * 10000000;
}
