/*
 * msg_testdata.h - sample NTLM messages (hex) and comparison helpers shared
 * by the unit tests (tests/unit/check_messages.c, check_negative.c), the
 * fuzz targets and the corpus generator.  Header-only on purpose.
 *
 * MSG_V1_* and MSG_V2_* are the MS-NLMP 4.2.2.3 and 4.2.4.3 example
 * messages (see ../shared/reference/ms-nlmp-vectors.md).
 */
#ifndef TESTS_MSG_TESTDATA_H
#define TESTS_MSG_TESTDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ntlm/ntlm.h"

/* 4.2.2.3 CHALLENGE_MESSAGE (NTLMv1), 0x44 bytes. */
#define MSG_V1_CHALLENGE \
    "4e544c4d53535000020000000c000c00" \
    "3800000033820 2e20123456789abcdef" \
    "00000000000000000000000000000000" \
    "060070170000000f5300650072007600" \
    "65007200"

/* 4.2.2.3 AUTHENTICATE_MESSAGE (NTLMv1), 0xAC bytes. */
#define MSG_V1_AUTHENTICATE \
    "4e544c4d53535000030000001800180 0" \
    "6c00000018001800840000000c000c00" \
    "48000000080008005400000010001000" \
    "5c000000100010009c00000035 8280e2" \
    "0501280a0000000f44006f006d006100" \
    "69006e00550073006500720043004f00" \
    "4d0050005500540045005200 98def7b8" \
    "7f88aa5dafe2df779688a172def11c7d" \
    "5ccdef1367c43011f30298a2ad35ece6" \
    "4f16331c44bdbed927841f94518822b1" \
    "b3f350c8958682ecbb3e3cb7"

/* 4.2.4 target info: NbDomainName "Domain", NbComputerName "Server". */
#define MSG_V2_TARGET_INFO \
    "02000c0044006f006d00610069006e00" \
    "01000c00530065007200760065007200" \
    "00000000"

/* 4.2.4.3 CHALLENGE_MESSAGE (NTLMv2), 0x68 bytes. */
#define MSG_V2_CHALLENGE \
    "4e544c4d53535000020000000c000c00" \
    "3800000033828ae20123456789abcdef" \
    "00000000000000002400240044000000" \
    "060070170000000f5300650072007600" \
    "6500720002000c0044006f006d006100" \
    "69006e0001000c005300650072007600" \
    "6500720000000000"

/* 4.2.4.3 AUTHENTICATE_MESSAGE (NTLMv2), 0xE8 bytes. */
#define MSG_V2_AUTHENTICATE \
    "4e544c4d535350000300000018001800" \
    "6c00000054005400840000000c000c00" \
    "48000000080008005400000010001000" \
    "5c00000010001000d800000035 8288e2" \
    "0501280a0000000f44006f006d006100" \
    "69006e00550073006500720043004f00" \
    "4d005000550054004500520086c35097" \
    "ac9cec102554764a57cccc19aaaaaaaa" \
    "aaaaaaaa68cd0ab851e51c96aabc927b" \
    "ebef6a1c010100000000000000000000" \
    "00000000aaaaaaaaaaaaaaaa00000000" \
    "02000c0044006f006d00610069006e00" \
    "01000c00530065007200760065007200" \
    "0000000000000000c5dad2544fc97990" \
    "94ce1ce90bc9d03e"

/* NEGOTIATE, 32 bytes, VERSION flag set but no VERSION (as curl sends). */
#define MSG_NEG_32_VERSION_FLAG \
    "4e544c4d5353500001000000078208a2" \
    "00000000000000000000000000000000"

/* NEGOTIATE, VERSION flag, OEM domain "DOMAINAB" at offset 32. */
#define MSG_NEG_PAYLOAD_AT_32 \
    "4e544c4d5353500001000000079208a2" \
    "08000800200000000000000028000000" \
    "444f4d41494e4142"

/* NEGOTIATE with nonsense name fields and no _SUPPLIED flags. */
#define MSG_NEG_BOGUS_UNSUPPLIED \
    "4e544c4d5353500001000000078208a2" \
    "ffffffffffffffff0500050000100000"

/* NEGOTIATE with VERSION and both names (Windows-like). */
#define MSG_NEG_FULL \
    "4e544c4d5353500001000000b7b208e2" \
    "06000600280000000400040 02e000000" \
    "0a0061480000000f444f4d41494e5753" \
    "3031"

/* CHALLENGE with TargetInfo before TargetName in the payload. */
#define MSG_CHAL_REORDERED \
    "4e544c4d53535000020000000c000c00" \
    "5c00000033828ae20123456789abcdef" \
    "00000000000000002400240038000000" \
    "060070170000000f" \
    "02000c0044006f006d00610069006e00" \
    "01000c00530065007200760065007200" \
    "00000000" \
    "530065007200760065007200"

/* AUTHENTICATE, no VERSION, domain and user share the same bytes. */
#define MSG_AUTH_SHARED_PAYLOAD \
    "4e544c4d535350000300000000000000" \
    "40000000000000004000000004000400" \
    "40000000040004004000000000000000" \
    "44000000000000004400000001020000" \
    "55007300"

/*
 * test_hex - decode hex (whitespace ignored) into out; returns the byte
 * count (stops at cap).
 */
static inline size_t
test_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    unsigned int v;
    int hi = -1;

    for (; *hex != '\0' && n < cap; hex++) {
        if (*hex >= '0' && *hex <= '9')
            v = (unsigned int)(*hex - '0');
        else if (*hex >= 'a' && *hex <= 'f')
            v = (unsigned int)(*hex - 'a' + 10);
        else if (*hex >= 'A' && *hex <= 'F')
            v = (unsigned int)(*hex - 'A' + 10);
        else
            continue;
        if (hi < 0) {
            hi = (int)v;
        } else {
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    return n;
}

static inline bool
test_slice_eq(struct wire_slice a, struct wire_slice b)
{
    return a.len == b.len &&
           (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool
test_version_eq(bool ha, const struct ntlm_version *a, bool hb,
                const struct ntlm_version *b)
{
    if (ha != hb)
        return false;
    return !ha || (a->major == b->major && a->minor == b->minor &&
                   a->build == b->build && a->revision == b->revision);
}

static inline bool
test_negotiate_eq(const struct ntlm_negotiate *a,
                  const struct ntlm_negotiate *b)
{
    return a->flags == b->flags && test_slice_eq(a->domain, b->domain) &&
           test_slice_eq(a->workstation, b->workstation) &&
           test_version_eq(a->has_version, &a->version, b->has_version,
                           &b->version);
}

static inline bool
test_challenge_eq(const struct ntlm_challenge *a,
                  const struct ntlm_challenge *b)
{
    return a->flags == b->flags &&
           test_slice_eq(a->target_name, b->target_name) &&
           memcmp(a->server_challenge, b->server_challenge, 8) == 0 &&
           test_slice_eq(a->target_info, b->target_info) &&
           test_version_eq(a->has_version, &a->version, b->has_version,
                           &b->version);
}

static inline bool
test_authenticate_eq(const struct ntlm_authenticate *a,
                     const struct ntlm_authenticate *b)
{
    return a->flags == b->flags &&
           test_slice_eq(a->lm_response, b->lm_response) &&
           test_slice_eq(a->nt_response, b->nt_response) &&
           test_slice_eq(a->domain, b->domain) &&
           test_slice_eq(a->user, b->user) &&
           test_slice_eq(a->workstation, b->workstation) &&
           test_slice_eq(a->encrypted_session_key,
                         b->encrypted_session_key) &&
           test_version_eq(a->has_version, &a->version, b->has_version,
                           &b->version) &&
           a->has_mic == b->has_mic &&
           (!a->has_mic || memcmp(a->mic, b->mic, NTLM_MIC_LEN) == 0);
}

#endif /* TESTS_MSG_TESTDATA_H */
