/*
 * ntlmtool.c - the operator's tool for ntlmgss.
 *
 *   ntlmtool decode [--] [TOKEN...] explain NTLM messages (base64, hex, an
 *                                   HTTP "NTLM ..." / "Negotiate ..." value
 *                                   or header, SPNEGO-wrapped or not; reads
 *                                   stdin when no TOKEN is given)
 *   ntlmtool demo                   decode the built-in MS-NLMP samples
 *   ntlmtool hash                   print the NT hash of a password
 *   ntlmtool useradd [-f FILE] DOMAIN USER
 *                                   add or replace DOMAIN:USER:{NT}<hash> in
 *                                   the user file (mode 0600, atomic)
 *   ntlmtool config                 the module configuration file looked
 *                                   at, every key, the mech registration
 *   ntlmtool check-users [FILE]     report every problem in a user file
 *                                   (default $NTLM_USER_FILE); exit 0
 *                                   clean, 1 warnings, 2 errors
 *   ntlmtool selftest [...]         a handshake through libgssapi_krb5
 *                                   (selftest.c)
 *   ntlmtool COMMAND --help         the usage of one command
 *
 * Messages are parsed only by the protocol core's decoders
 * (ntlm_decode_*, ntlm_av_next); this file only prints what they return.
 * Passwords are read from stdin, or from the terminal without echo, and
 * wiped after use; hashes are printed only by "hash", on request.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/errors.h"
#include "common/secure.h"
#include "ntlm/ntlm.h"
#include "nconfig.h"
#include "trace.h"
#include "userdb.h"
#include "mechconf.h"
#include "password.h"
#include "selftest.h"

#define EXIT_USAGE 2


/* ---- input decoding ------------------------------------------------------ */

static int
b64val(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

/* Standard or URL-safe base64; blanks ignored; padding optional. */
static int
base64_decode(const char *s, uint8_t **out, size_t *out_len)
{
    size_t n = strlen(s), o = 0;
    uint32_t acc = 0;
    int bits = 0, v;
    uint8_t *buf;
    bool pad = false;

    *out = NULL;
    *out_len = 0;
    buf = malloc(n / 4 * 3 + 3);
    if (buf == NULL)
        return -1;
    for (; *s != '\0'; s++) {
        if (isspace((unsigned char)*s))
            continue;
        if (*s == '=') {
            pad = true;
            continue;
        }
        v = b64val((unsigned char)*s);
        if (v < 0 || pad) {
            free(buf);
            return -1;
        }
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[o++] = (uint8_t)(acc >> bits);
        }
    }
    *out = buf;
    *out_len = o;
    return 0;
}

/* Hex with optional blanks, ':' separators and 0x prefixes. */
static int
hex_decode(const char *s, uint8_t **out, size_t *out_len)
{
    size_t n = strlen(s), o = 0;
    int hi = -1, v;
    uint8_t *buf;

    *out = NULL;
    *out_len = 0;
    buf = malloc(n / 2 + 1);
    if (buf == NULL)
        return -1;
    for (; *s != '\0'; s++) {
        if (isspace((unsigned char)*s) || *s == ':' || *s == ',')
            continue;
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && hi < 0) {
            s++;
            continue;
        }
        if (!isxdigit((unsigned char)*s)) {
            free(buf);
            return -1;
        }
        v = isdigit((unsigned char)*s) ? *s - '0' :
            tolower((unsigned char)*s) - 'a' + 10;
        if (hi < 0) {
            hi = v;
        } else {
            buf[o++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0) {
        free(buf);
        return -1;
    }
    *out = buf;
    *out_len = o;
    return 0;
}

static bool
starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Turn a token as pasted by an operator into bytes: strips an HTTP header
 * name and the NTLM/Negotiate scheme, then tries hex and base64.
 */
static int
token_to_bytes(const char *arg, uint8_t **out, size_t *out_len,
               const char **out_form)
{
    static const char *const headers[] = {
        "Authorization:", "WWW-Authenticate:", "Proxy-Authorization:",
        "Proxy-Authenticate:"
    };
    const char *s = arg;
    bool maybe_hex = true;
    const char *p;
    size_t i;

    *out = NULL;
    *out_len = 0;
    *out_form = "?";
    while (isspace((unsigned char)*s))
        s++;
    for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
        if (starts_with_ci(s, headers[i])) {
            s += strlen(headers[i]);
            break;
        }
    }
    while (isspace((unsigned char)*s))
        s++;
    if (starts_with_ci(s, "NTLM ") || starts_with_ci(s, "Negotiate ")) {
        s = strchr(s, ' ');
        while (isspace((unsigned char)*s))
            s++;
    }

    for (p = s; *p != '\0'; p++) {
        if (!isxdigit((unsigned char)*p) && !isspace((unsigned char)*p) &&
            *p != ':' && *p != ',' && *p != 'x' && *p != 'X') {
            maybe_hex = false;
            break;
        }
    }
    if (maybe_hex && hex_decode(s, out, out_len) == 0 && *out_len >= 8) {
        *out_form = "hex";
        return 0;
    }
    free(*out);
    *out = NULL;
    if (base64_decode(s, out, out_len) == 0 && *out_len > 0) {
        *out_form = "base64";
        return 0;
    }
    return -1;
}

/*
 * Find the NTLMSSP message: the whole buffer, or inside a SPNEGO token
 * (an OCTET STRING whose DER length precedes the signature).
 */
static int
locate_ntlmssp(const uint8_t *p, size_t len, size_t *out_off,
               size_t *out_len)
{
    size_t i, n;

    for (i = 0; i + 8 <= len; i++) {
        if (memcmp(p + i, NTLM_SIGNATURE, 8) != 0)
            continue;
        *out_off = i;
        *out_len = len - i;
        if (i >= 2 && p[i - 2] == 0x04 && p[i - 1] < 0x80)
            n = p[i - 1];
        else if (i >= 3 && p[i - 3] == 0x04 && p[i - 2] == 0x81)
            n = p[i - 1];
        else if (i >= 4 && p[i - 4] == 0x04 && p[i - 3] == 0x82)
            n = (size_t)p[i - 2] << 8 | p[i - 1];
        else
            n = len - i;
        if (i > 0 && n <= len - i)
            *out_len = n;
        return 0;
    }
    return -1;
}

/* ---- printing helpers --------------------------------------------------- */

static void
print_hex(const uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        printf("%02x", p[i]);
}

static bool
all_zero(const uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (p[i] != 0)
            return false;
    }
    return true;
}

/* Print a UTF-8 string quoted, escaping control characters. */
static void
print_quoted(const char *s)
{
    putchar('"');
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;

        if (c < 0x20 || c == 0x7f)
            printf("\\x%02x", c);
        else if (c == '"' || c == '\\')
            printf("\\%c", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void
print_string(const char *label, struct wire_slice v, bool unicode)
{
    char *s = NULL;
    size_t n = 0;
    int ret;

    printf("  %-22s ", label);
    if (v.len == 0) {
        printf("(empty)\n");
        return;
    }
    if (unicode)
        ret = ntlm_utf16le_to_utf8(v.ptr, v.len, &s, &n);
    else
        ret = ntlm_oem_to_utf8(v.ptr, v.len, &s, &n);
    if (ret != 0) {
        printf("(%s) ", ntlm_err_string(ret));
        print_hex(v.ptr, v.len);
        printf("\n");
        return;
    }
    print_quoted(s);
    printf(" (%s, %zu bytes)\n", unicode ? "UTF-16LE" : "OEM", v.len);
    free(s);
}

static void
print_filetime(uint64_t ft)
{
    const uint64_t epoch_diff = 11644473600ULL;
    struct tm tm;
    time_t secs;
    char buf[64];

    if (ft == 0) {
        printf("0 (not set)");
        return;
    }
    if (ft / 10000000ULL < epoch_diff) {
        printf("0x%016llx (before 1970)", (unsigned long long)ft);
        return;
    }
    secs = (time_t)(ft / 10000000ULL - epoch_diff);
    if (gmtime_r(&secs, &tm) == NULL) {
        printf("0x%016llx", (unsigned long long)ft);
        return;
    }
    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
    printf("%s.%07u UTC (0x%016llx)", buf, (unsigned)(ft % 10000000ULL),
           (unsigned long long)ft);
}

static void
print_flags(uint32_t flags)
{
    const char *name;
    unsigned bit;

    printf("  %-22s 0x%08x\n", "Flags", flags);
    for (bit = 0; bit < 32; bit++) {
        if ((flags & (1u << bit)) == 0)
            continue;
        name = ntlmgss_trace_flag_name(bit);
        printf("    0x%08x %s\n", 1u << bit, name != NULL ? name :
               "(reserved bit)");
    }
}

static void
print_version(bool has, const struct ntlm_version *v)
{
    printf("  %-22s ", "Version");
    if (!has) {
        printf("(absent)\n");
        return;
    }
    printf("%u.%u build %u, NTLMSSP revision %u\n", v->major, v->minor,
           v->build, v->revision);
}

static const char *
av_name(uint16_t id)
{
    static const char *const names[] = {
        "MsvAvEOL", "MsvAvNbComputerName", "MsvAvNbDomainName",
        "MsvAvDnsComputerName", "MsvAvDnsDomainName", "MsvAvDnsTreeName",
        "MsvAvFlags", "MsvAvTimestamp", "MsvAvSingleHost", "MsvAvTargetName",
        "MsvAvChannelBindings"
    };

    if (id < sizeof(names) / sizeof(names[0]))
        return names[id];
    return NULL;
}

static uint32_t
le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
        (uint32_t)p[3] << 24;
}

static uint64_t
le64(const uint8_t *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Print an AV_PAIR list; *out_av_flags gets MsvAvFlags (0 if absent). */
static int
print_av_list(struct wire_slice raw, const char *indent,
              uint32_t *out_av_flags)
{
    struct ntlm_av_iter it;
    struct wire_slice val;
    uint16_t id;
    const char *name;
    char *s = NULL;
    size_t n;
    int ret;

    if (out_av_flags != NULL)
        *out_av_flags = 0;
    if (raw.len == 0) {
        printf("%s(empty)\n", indent);
        return 0;
    }
    ntlm_av_iter_init(&it, raw);
    for (;;) {
        ret = ntlm_av_next(&it, &id, &val);
        if (ret != 0) {
            printf("%sERROR: %s\n", indent, ntlm_err_string(ret));
            return ret;
        }
        name = av_name(id);
        if (id == MsvAvEOL) {
            printf("%sMsvAvEOL\n", indent);
            return 0;
        }
        if (name != NULL)
            printf("%s%-22s ", indent, name);
        else
            printf("%sunknown id %-11u ", indent, id);
        switch (id) {
        case MsvAvNbComputerName:
        case MsvAvNbDomainName:
        case MsvAvDnsComputerName:
        case MsvAvDnsDomainName:
        case MsvAvDnsTreeName:
        case MsvAvTargetName:
            ret = ntlm_utf16le_to_utf8(val.ptr, val.len, &s, &n);
            if (ret == 0) {
                print_quoted(s);
                free(s);
                s = NULL;
            } else {
                printf("(%s) ", ntlm_err_string(ret));
                print_hex(val.ptr, val.len);
            }
            break;
        case MsvAvFlags:
            if (val.len == 4) {
                uint32_t f = le32(val.ptr);

                printf("0x%08x", f);
                if (f & MSV_AV_FLAG_CONSTRAINED)
                    printf(" CONSTRAINED_AUTHENTICATION");
                if (f & MSV_AV_FLAG_MIC_PRESENT)
                    printf(" MIC_PRESENT");
                if (f & MSV_AV_FLAG_UNTRUSTED_SPN)
                    printf(" UNTRUSTED_SPN_SOURCE");
                if (out_av_flags != NULL)
                    *out_av_flags = f;
            } else {
                print_hex(val.ptr, val.len);
            }
            break;
        case MsvAvTimestamp:
            if (val.len == 8)
                print_filetime(le64(val.ptr));
            else
                print_hex(val.ptr, val.len);
            break;
        case MsvAvChannelBindings:
            print_hex(val.ptr, val.len);
            if (all_zero(val.ptr, val.len))
                printf(" (all zero: no channel bindings)");
            break;
        case MsvAvSingleHost:
        default:
            printf("%zu bytes: ", val.len);
            print_hex(val.ptr, val.len);
            break;
        }
        printf("\n");
    }
}

/* ---- the three messages ------------------------------------------------- */

static int
explain_negotiate(const uint8_t *msg, size_t len)
{
    struct ntlm_negotiate m;
    int ret;

    ret = ntlm_decode_negotiate(msg, len, &m);
    if (ret != 0)
        return ret;
    printf("NEGOTIATE_MESSAGE (type 1), %zu bytes\n", len);
    print_flags(m.flags);
    print_string("Domain", m.domain, false);
    print_string("Workstation", m.workstation, false);
    print_version(m.has_version, &m.version);
    return 0;
}

static int
explain_challenge(const uint8_t *msg, size_t len)
{
    struct ntlm_challenge m;
    int ret;

    ret = ntlm_decode_challenge(msg, len, &m);
    if (ret != 0)
        return ret;
    printf("CHALLENGE_MESSAGE (type 2), %zu bytes\n", len);
    print_flags(m.flags);
    print_string("TargetName", m.target_name,
                 (m.flags & NTLMSSP_NEGOTIATE_UNICODE) != 0);
    printf("  %-22s ", "ServerChallenge");
    print_hex(m.server_challenge, 8);
    printf("\n");
    print_version(m.has_version, &m.version);
    printf("  TargetInfo (%zu bytes):\n", m.target_info.len);
    (void)print_av_list(m.target_info, "    ", NULL);
    return 0;
}

static void
explain_ntlmv2_response(struct wire_slice nt, uint32_t *out_av_flags)
{
    struct wire_in in;
    struct wire_slice proof, rest;
    uint8_t resp = 0, hi = 0, cc[8];
    uint64_t ts = 0;

    *out_av_flags = 0;
    wire_in_init(&in, nt.ptr, nt.len);
    wire_in_bytes(&in, 16, &proof);
    wire_in_u8(&in, &resp);
    wire_in_u8(&in, &hi);
    wire_in_skip(&in, 6);
    wire_in_u64le(&in, &ts);
    wire_in_copy(&in, cc, 8);
    wire_in_skip(&in, 4);
    if (in.err != 0) {
        printf("    (truncated NTLMv2 client blob)\n");
        return;
    }
    wire_in_bytes(&in, wire_in_remaining(&in), &rest);
    /* The blob ends with Z(4) after the AV list (MS-NLMP 2.2.2.7). */
    if (rest.len >= 4 && all_zero(rest.ptr + rest.len - 4, 4))
        rest.len -= 4;
    printf("    %-20s ", "NTProofStr");
    print_hex(proof.ptr, proof.len);
    printf("\n    %-20s %u / %u%s\n", "RespType/HiRespType", resp, hi,
           resp == 1 && hi == 1 ? "" : " (unexpected; Windows sends 1/1)");
    printf("    %-20s ", "Timestamp");
    print_filetime(ts);
    printf("\n    %-20s ", "ClientChallenge");
    print_hex(cc, 8);
    printf("\n    AV pairs (%zu bytes):\n", rest.len);
    (void)print_av_list(rest, "      ", out_av_flags);
}

static int
explain_authenticate(const uint8_t *msg, size_t len)
{
    struct ntlm_authenticate m;
    bool unicode;
    uint32_t av_flags = 0;
    int ret;

    ret = ntlm_decode_authenticate(msg, len, &m);
    if (ret != 0)
        return ret;
    unicode = (m.flags & NTLMSSP_NEGOTIATE_UNICODE) != 0;
    printf("AUTHENTICATE_MESSAGE (type 3), %zu bytes\n", len);
    print_flags(m.flags);
    print_string("DomainName", m.domain, unicode);
    print_string("UserName", m.user, unicode);
    print_string("Workstation", m.workstation, unicode);
    print_version(m.has_version, &m.version);

    printf("  %-22s ", "Response type");
    if (m.nt_response.len == 0 &&
        (m.lm_response.len == 0 ||
         (m.lm_response.len == 1 && m.lm_response.ptr[0] == 0))) {
        printf("anonymous (empty responses)\n");
    } else if (m.nt_response.len == 24) {
        if ((m.flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) &&
            m.lm_response.len == 24 &&
            all_zero(m.lm_response.ptr + 8, 16)) {
            printf("NTLMv1 with extended session security "
                   "(NTLM2 session response)\n");
            printf("  %-22s ", "ClientChallenge");
            print_hex(m.lm_response.ptr, 8);
            printf("\n");
        } else {
            printf("NTLMv1%s\n", m.lm_response.len == 24 ?
                   " (with LMv1 response)" : "");
        }
        printf("  %-22s ", "NtChallengeResponse");
        print_hex(m.nt_response.ptr, m.nt_response.len);
        printf("\n");
    } else if (m.nt_response.len >= 16 + 28) {
        printf("NTLMv2\n");
        printf("  NtChallengeResponse (%zu bytes):\n", m.nt_response.len);
        explain_ntlmv2_response(m.nt_response, &av_flags);
        printf("  %-22s ", "LmChallengeResponse");
        if (m.lm_response.len == 24 && all_zero(m.lm_response.ptr, 24))
            printf("zeros (LMv2 omitted)\n");
        else if (m.lm_response.len == 24)
            printf("LMv2 (client challenge %02x%02x%02x%02x%02x%02x%02x%02x)"
                   "\n", m.lm_response.ptr[16], m.lm_response.ptr[17],
                   m.lm_response.ptr[18], m.lm_response.ptr[19],
                   m.lm_response.ptr[20], m.lm_response.ptr[21],
                   m.lm_response.ptr[22], m.lm_response.ptr[23]);
        else
            printf("%zu bytes\n", m.lm_response.len);
    } else {
        printf("unrecognised (NT response of %zu bytes, LM response of %zu "
               "bytes)\n", m.nt_response.len, m.lm_response.len);
    }

    printf("  %-22s ", "EncryptedSessionKey");
    if (m.encrypted_session_key.len == 0) {
        printf("(absent)\n");
    } else {
        print_hex(m.encrypted_session_key.ptr, m.encrypted_session_key.len);
        printf("%s\n", (m.flags & NTLMSSP_NEGOTIATE_KEY_EXCH) ? "" :
               " (but KEY_EXCH not negotiated)");
    }
    printf("  %-22s ", "MIC");
    if (m.has_mic && (av_flags & MSV_AV_FLAG_MIC_PRESENT)) {
        print_hex(m.mic, NTLM_MIC_LEN);
        printf(" (announced by MsvAvFlags)\n");
    } else if (m.has_mic) {
        printf("room for one at offset 72 but MsvAvFlags does not announce "
               "it: ");
        print_hex(m.mic, NTLM_MIC_LEN);
        printf("\n");
    } else {
        printf("(absent)\n");
    }
    return 0;
}

/* Decode and explain one token; 0 or 1 (for the exit status). */
static int
explain_token(const char *arg)
{
    uint8_t *buf = NULL;
    size_t len = 0, off = 0, mlen = 0;
    const char *form;
    uint32_t type = 0;
    int ret, status = 1;

    if (token_to_bytes(arg, &buf, &len, &form) != 0) {
        fprintf(stderr, "ntlmtool: not base64 or hex: %.40s%s\n", arg,
                strlen(arg) > 40 ? "..." : "");
        goto done;
    }
    if (locate_ntlmssp(buf, len, &off, &mlen) != 0) {
        fprintf(stderr, "ntlmtool: no NTLMSSP signature in %zu bytes of "
                "%s input (Kerberos or NegoEx token?)\n", len, form);
        goto done;
    }
    if (off > 0)
        printf("SPNEGO wrapper: %zu bytes, NTLMSSP token at offset %zu "
               "(%zu bytes)\n", len, off, mlen);
    ret = ntlm_decode_message_type(buf + off, mlen, &type);
    if (ret == 0 && type == NTLM_MSG_NEGOTIATE)
        ret = explain_negotiate(buf + off, mlen);
    else if (ret == 0 && type == NTLM_MSG_CHALLENGE)
        ret = explain_challenge(buf + off, mlen);
    else if (ret == 0 && type == NTLM_MSG_AUTHENTICATE)
        ret = explain_authenticate(buf + off, mlen);
    else if (ret == 0)
        ret = NTLM_ERR_BAD_MESSAGE_TYPE;
    if (ret != 0) {
        printf("INVALID NTLM message (%zu bytes, type %u): %s\n", mlen,
               type, ntlm_err_string(ret));
        goto done;
    }
    status = 0;
done:
    free(buf);
    return status;
}

/* ---- samples ------------------------------------------------------------ */

static const struct {
    const char *title;
    const char *token;
} samples[] = {
    { "A Windows 10 NEGOTIATE, as an HTTP header value",
      "NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==" },
    { "MS-NLMP 4.2.4.3 CHALLENGE (NTLMv2 example), base64",
      "TlRMTVNTUAACAAAADAAMADgAAAAzgoriASNFZ4mrze8AAAAAAAAAACQAJABEAAAABgBw"
      "FwAAAA9TAGUAcgB2AGUAcgACAAwARABvAG0AYQBpAG4AAQAMAFMAZQByAHYAZQByAAAA"
      "AAA=" },
    { "The same CHALLENGE inside an SPNEGO NegTokenResp (Negotiate header)",
      "Negotiate oYGBMH+gAwoBAaEMBgorBgEEAYI3AgIKomoEaE5UTE1TU1AAAgAAAAwADAA4"
      "AAAAM4KK4gEjRWeJq83vAAAAAAAAAAAkACQARAAAAAYAcBcAAAAPUwBlAHIAdgBlAHIA"
      "AgAMAEQAbwBtAGEAaQBuAAEADABTAGUAcgB2AGUAcgAAAAAA" },
    { "MS-NLMP 4.2.4.3 AUTHENTICATE (NTLMv2 example)",
      "TlRMTVNTUAADAAAAGAAYAGwAAABUAFQAhAAAAAwADABIAAAACAAIAFQAAAAQABAAXAAA"
      "ABAAEADYAAAANYKI4gUBKAoAAAAPRABvAG0AYQBpAG4AVQBzAGUAcgBDAE8ATQBQAFUA"
      "VABFAFIAhsNQl6yc7BAlVHZKV8zMGaqqqqqqqqqqaM0KuFHlHJaqvJJ76+9qHAEBAAAA"
      "AAAAAAAAAAAAAACqqqqqqqqqqgAAAAACAAwARABvAG0AYQBpAG4AAQAMAFMAZQByAHYA"
      "ZQByAAAAAAAAAAAAxdrSVE/JeZCUzhzpC8nQPg==" },
    { "MS-NLMP 4.2.2.3 AUTHENTICATE (NTLMv1 example), hex dump",
      "4e 54 4c 4d 53 53 50 00 03 00 00 00 18 00 18 00 "
      "6c 00 00 00 18 00 18 00 84 00 00 00 0c 00 0c 00 "
      "48 00 00 00 08 00 08 00 54 00 00 00 10 00 10 00 "
      "5c 00 00 00 10 00 10 00 9c 00 00 00 35 82 80 e2 "
      "05 01 28 0a 00 00 00 0f 44 00 6f 00 6d 00 61 00 "
      "69 00 6e 00 55 00 73 00 65 00 72 00 43 00 4f 00 "
      "4d 00 50 00 55 00 54 00 45 00 52 00 98 de f7 b8 "
      "7f 88 aa 5d af e2 df 77 96 88 a1 72 de f1 1c 7d "
      "5c cd ef 13 67 c4 30 11 f3 02 98 a2 ad 35 ec e6 "
      "4f 16 33 1c 44 bd be d9 27 84 1f 94 51 88 22 b1 "
      "b3 f3 50 c8 95 86 82 ec bb 3e 3c b7" },
};

static int
cmd_demo(int argc, char **argv)
{
    size_t i;
    int status = 0;

    for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        printf("=== %s\n", samples[i].title);
        status |= explain_token(samples[i].token);
        printf("\n");
    }
    return status;
}

static int
cmd_hash(int argc, char **argv)
{
    uint8_t nt[16];
    char *pw = NULL;
    size_t pw_len = 0;
    int ret;

    if (ntlmtool_get_password("the NT hash", false, &pw, &pw_len) != 0)
        return 1;
    ret = ntlm_ntowfv1(pw, pw_len, nt);
    ntlm_zfree(pw, pw_len);
    if (ret != 0) {
        fprintf(stderr, "ntlmtool: %s\n", ntlm_err_string(ret));
        return 1;
    }
    print_hex(nt, 16);
    printf("\n");
    ntlm_zero(nt, sizeof(nt));
    return 0;
}

/* ---- the command line --------------------------------------------------- */

struct command {
    const char *name;
    const char *synopsis;       /* after "ntlmtool " */
    const char *summary;
    int (*run)(int argc, char **argv);  /* argv[0] is the first argument */
    bool takes_args;            /* else any argument is a usage error */
};

static const struct command *find_command(const char *name);

static bool
is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/* Print one command's usage. */
static void
command_usage(const struct command *c, FILE *fp)
{
    fprintf(fp, "usage: ntlmtool %s\n%s", c->synopsis, c->summary);
}

/* A usage error of command c: the reason, then its usage; EXIT_USAGE. */
static int usage_error(const struct command *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int
usage_error(const struct command *c, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "ntlmtool %s: ", c->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    command_usage(c, stderr);
    return EXIT_USAGE;
}

static int
cmd_decode(int argc, char **argv)
{
    const struct command *c = find_command("decode");
    char *line;
    size_t len;
    int i, end_opts = -1, num_tokens = 0, status = 0;
    bool use_stdin = false;

    /* Options: --help anywhere before "--"; "--" ends them. */
    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            end_opts = i;
            break;
        }
        if (is_help(argv[i])) {
            command_usage(c, stdout);
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return usage_error(c, "unknown option '%s'", argv[i]);
    }
    for (i = 0; i < argc; i++) {
        if (i == end_opts)
            continue;
        if (strcmp(argv[i], "-") == 0) {
            use_stdin = true;
            continue;
        }
        if (num_tokens++ > 0)
            printf("\n");
        status |= explain_token(argv[i]);
    }
    if (num_tokens == 0)
        use_stdin = true;
    while (use_stdin && ntlmtool_read_line(stdin, &line, &len) == 0) {
        if (len > 0)
            status |= explain_token(line);
        free(line);
    }
    return status;
}

static int
cmd_useradd(int argc, char **argv)
{
    const struct command *c = find_command("useradd");
    struct ntlmgss_config *cfg = NULL;
    const char *file = NULL, *domain, *user, *d;
    char *pos[2];
    char what[512];
    char *pw = NULL;
    size_t pw_len = 0;
    int i, num_pos = 0, ret, status = 1;
    bool end_opts = false;

    for (i = 0; i < argc; i++) {
        if (!end_opts && strcmp(argv[i], "--") == 0) {
            end_opts = true;
        } else if (!end_opts && is_help(argv[i])) {
            command_usage(c, stdout);
            return 0;
        } else if (!end_opts && strcmp(argv[i], "-f") == 0) {
            if (i + 1 >= argc)
                return usage_error(c, "%s needs a FILE", argv[i]);
            file = argv[++i];
        } else if (!end_opts && argv[i][0] == '-' && argv[i][1] != '\0') {
            return usage_error(c, "unknown option '%s'", argv[i]);
        } else if (num_pos < 2) {
            pos[num_pos++] = argv[i];
        } else {
            return usage_error(c, "unexpected argument '%s'", argv[i]);
        }
    }
    if (num_pos != 2)
        return usage_error(c, "DOMAIN and USER are both needed");
    domain = pos[0];
    user = pos[1];
    if (file == NULL) {
        ret = ntlmgss_config_get(&cfg);
        if (ret != 0) {
            d = ntlm_err_last_detail(ret);
            fprintf(stderr, "ntlmtool: %s\n", d ? d : ntlm_err_string(ret));
            return 1;
        }
        file = cfg->user_file;
        if (file == NULL) {
            fprintf(stderr, "ntlmtool: no user file: give -f FILE, set "
                    "user_file in %s, or NTLM_USER_FILE\n",
                    cfg->config_path ? cfg->config_path :
                    ntlmgss_config_default_path());
            goto done;
        }
    }
    snprintf(what, sizeof(what), "%s\\%s", domain, user);
    if (ntlmtool_get_password(what, true, &pw, &pw_len) != 0)
        goto done;
    ret = ntlmgss_userdb_set(file, domain, user, pw, pw_len);
    if (ret != 0) {
        d = ntlm_err_last_detail(ret);
        fprintf(stderr, "ntlmtool: %s\n", d ? d : ntlm_err_string(ret));
        goto done;
    }
    printf("%s: stored the NT hash for %s (file mode 0600)\n", file, what);
    status = 0;
done:
    ntlm_zfree(pw, pw_len);
    ntlmgss_config_release(cfg);
    return status;
}

/*
 * The environment variables that override keys, in the order the module
 * applies them (a later one wins), as in mech/nconfig.c's env_overrides;
 * test_docs.sh compares the two lists.
 */
static const struct {
    const char *var;
    const char *key;
} env_keys[] = {
    { "NETBIOS_COMPUTER_NAME", "netbios_computer" },
    { "NETBIOS_DOMAIN_NAME", "netbios_domain" },
    { "NTLM_USER_FILE", "user_file" },
    { "NTLMGSS_USER_FILE", "user_file" },
    { "NTLMGSS_TRACE", "trace" },
    { "NTLMGSS_COMPAT_LEVEL", "compat_level" },
    { "NTLMGSS_NETBIOS_COMPUTER", "netbios_computer" },
    { "NTLMGSS_NETBIOS_DOMAIN", "netbios_domain" },
};

static const char *
yes_no(bool b)
{
    return b ? "yes" : "no";
}

static const char *
domain_mode_name(enum ntlmgss_domain_mode m)
{
    switch (m) {
    case NTLMGSS_DOMAIN_AUTO:
        return "auto";
    case NTLMGSS_DOMAIN_YES:
        return "yes";
    case NTLMGSS_DOMAIN_NO:
        return "no";
    }
    return "?";
}

static const char *
str_or_empty(const char *s)
{
    return s != NULL ? s : "";
}

/* Every key of cfg as "key = value", in mech/nconfig.c's order. */
static void
print_config_keys(const struct ntlmgss_config *cfg)
{
    printf("compat_level = %d\n", cfg->compat_level);
    printf("netbios_computer = %s\n", cfg->nb_computer);
    printf("netbios_domain = %s\n", cfg->nb_domain);
    printf("dns_computer = %s\n", cfg->dns_computer);
    printf("dns_domain = %s\n", cfg->dns_domain);
    printf("user_file = %s\n", str_or_empty(cfg->user_file));
    printf("default_user = %s\n", str_or_empty(cfg->default_user));
    printf("mic_policy = %s\n", ntlmgss_policy_name(cfg->mic_policy));
    printf("cb_policy = %s\n", ntlmgss_policy_name(cfg->cb_policy));
    printf("target_policy = %s\n", ntlmgss_policy_name(cfg->target_policy));
    printf("send_mic = %s\n", yes_no(cfg->send_mic));
    printf("clock_skew = %u\n", cfg->clock_skew);
    printf("allow_anonymous = %s\n", yes_no(cfg->allow_anonymous));
    printf("allow_foreign_localname = %s\n",
           yes_no(cfg->allow_foreign_localname));
    printf("trace = %s\n", str_or_empty(cfg->trace_file));
    printf("seal_by_default = %s\n", yes_no(cfg->seal_by_default));
    printf("domain_logins = %s\n", domain_mode_name(cfg->domain_logins));
    printf("domain_localname = %s\n", yes_no(cfg->domain_localname));
    printf("detect_reflection = %s\n", yes_no(cfg->detect_reflection));
}

/* print_trace_status - whether the trace destination could be opened
 * (a "#" line, so the output stays a valid configuration file). */
static void
print_trace_status(void)
{
    struct ntlmgss_trace_info ti;

    ntlmgss_trace_status(&ti);
    if (ti.state == NTLMGSS_TRACE_ON)
        printf("# trace: open, writing to %s%s\n", ti.dest,
               ti.from_env ? " (from NTLMGSS_TRACE)" : "");
    else if (ti.state == NTLMGSS_TRACE_FAILED)
        printf("# trace: cannot open %s: %s; nothing is logged%s\n",
               ti.dest, strerror(ti.error),
               ti.from_env ? " (from NTLMGSS_TRACE)" : "");
    else
        printf("# trace: off\n");
}

/* print_registration - the mechanism registration lines claiming the
 * NTLMSSP OID, each line starting with prefix; the MECHCONF_* bits. */
static unsigned
print_registration(const char *prefix)
{
    struct mechconf mc;
    unsigned problems;

    if (mechconf_load(getenv("GSS_MECH_CONFIG"), NTLMGSS_GSS_MECH_CONF,
                      NTLMGSS_GSS_MODULE_DIR, MECHCONF_NTLMSSP_OID,
                      &mc) != 0) {
        fprintf(stderr, "ntlmtool: out of memory\n");
        return MECHCONF_NONE;
    }
    problems = mechconf_report(&mc, MECHCONF_NTLMSSP_OID, stdout,
                               prefix);
    mechconf_cleanup(&mc);
    return problems;
}

/*
 * "ntlmtool config": the module configuration file looked at and whether
 * it was found, the environment overrides, every key, then the mechanism
 * registration.  Everything but the keys is a '#' comment, so the output
 * is itself a valid configuration file.
 */
static int
cmd_config(int argc, char **argv)
{
    struct ntlmgss_config *cfg = NULL;
    const char *env_path = getenv("NTLMGSS_CONFIG"), *path, *d, *v;
    bool explicit_path = env_path != NULL && *env_path != '\0';
    size_t i, n = 0;
    int ret, status = 1;

    path = explicit_path ? env_path : ntlmgss_config_default_path();
    printf("# module configuration file: %s (%s)\n", path,
           explicit_path ? "named by NTLMGSS_CONFIG" :
           "the built-in default; NTLMGSS_CONFIG is unset");
    ret = ntlmgss_config_get(&cfg);
    if (ret != 0) {
        d = ntlm_err_last_detail(ret);
        printf("# found: cannot be used, see the error\n");
        fprintf(stderr, "ntlmtool: %s\n", d ? d : ntlm_err_string(ret));
        goto registration;
    }
    if (cfg->config_path != NULL)
        printf("# found: yes, read\n");
    else
        printf("# found: no, so every key not set by the environment has "
               "its built-in default\n");
    for (i = 0; i < sizeof(env_keys) / sizeof(env_keys[0]); i++) {
        v = getenv(env_keys[i].var);
        if (v == NULL || *v == '\0')
            continue;
        printf("# environment: %s overrides %s\n", env_keys[i].var,
               env_keys[i].key);
        n++;
    }
    if (n == 0)
        printf("# environment: no override set\n");
    print_config_keys(cfg);
    print_trace_status();
    status = 0;
registration:
    printf("#\n");
    (void)print_registration("# ");
    ntlmgss_config_release(cfg);
    return status;
}

static int
cmd_selftest(int argc, char **argv);

static int cmd_check_users(int argc, char **argv);

static const struct command commands[] = {
    { "decode", "decode [--] [TOKEN...]",
      "  Explain NTLM messages: base64, hex, \"NTLM <b64>\", \"Negotiate "
      "<b64>\" or a\n  whole header line; one token per line from standard "
      "input when none\n  is given (or \"-\").\n", cmd_decode, true },
    { "demo", "demo",
      "  Decode the built-in MS-NLMP samples.\n", cmd_demo, false },
    { "hash", "hash",
      "  Print the NT hash of a password (one line of standard input, or "
      "asked\n  on the terminal).\n", cmd_hash, false },
    { "useradd", "useradd [-f FILE] DOMAIN USER",
      "  Store DOMAIN:USER:{NT}<hash> in the user file (mode 0600); the "
      "password\n  is read from standard input or asked twice on the "
      "terminal.\n", cmd_useradd, true },
    { "config", "config",
      "  Show the module configuration file looked at, whether it was "
      "found,\n  every key's effective value, and the mechanism "
      "registration lines\n  claiming the NTLMSSP OID.\n", cmd_config,
      false },
    { "check-users", "check-users [FILE]",
      "  Report every problem in a user file (default $NTLM_USER_FILE), as\n"
      "  FILE:LINE: error|warning: ...; exit 0 when clean, 1 for warnings "
      "only,\n  2 for errors.\n", cmd_check_users, true },
    { "selftest", "selftest [--module PATH | --system] [--spnego] "
      "[--allow-other]\n                         [--user DOMAIN\\USER "
      "[--password PW]]",
      "  Run a handshake and sealed messages in this process through\n"
      "  libgssapi_krb5; say which module answered, and fail when it is "
      "not\n  ntlmgss unless --allow-other.  With --user, the password is "
      "asked on\n  the terminal unless --password is given.\n",
      cmd_selftest, true },
};
#define NUM_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *
find_command(const char *name)
{
    size_t i;

    for (i = 0; i < NUM_COMMANDS; i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    }
    return NULL;
}

static void
selftest_usage(FILE *fp)
{
    command_usage(find_command("selftest"), fp);
}

static int
cmd_selftest(int argc, char **argv)
{
    return ntlmtool_selftest(argc, argv, selftest_usage);
}

/* ---- check-users -------------------------------------------------------- */

struct check_out {
    const char *file;
    unsigned num_errors;
    unsigned num_warnings;
};

/* ntlmgss_userdb_check report: "FILE:LINE: error: ..." (no LINE for the
 * file as a whole), as compilers print. */
static void
check_print(void *arg, unsigned line, int severity, const char *msg)
{
    struct check_out *o = arg;
    const char *sev = "warning";

    if (severity >= NTLMGSS_USERDB_ERROR) {
        sev = "error";
        o->num_errors++;
    } else {
        o->num_warnings++;
    }
    if (line == 0)
        printf("%s: %s: %s\n", o->file, sev, msg);
    else
        printf("%s:%u: %s: %s\n", o->file, line, sev, msg);
}

static int
cmd_check_users(int argc, char **argv)
{
    struct check_out o = { NULL, 0, 0 };
    const char *d;
    int ret;

    const struct command *c = find_command("check-users");
    int first = 0;

    if (argc >= 1 && is_help(argv[0])) {
        command_usage(c, stdout);
        return 0;
    }
    if (argc >= 1 && strcmp(argv[0], "--") == 0)
        first = 1;
    else if (argc >= 1 && argv[0][0] == '-' && argv[0][1] != '\0')
        return usage_error(c, "unknown option '%s'", argv[0]);
    if (argc > first + 1)
        return usage_error(c, "unexpected argument '%s'", argv[first + 1]);
    o.file = argc > first ? argv[first] : getenv("NTLM_USER_FILE");
    if (o.file == NULL || *o.file == '\0') {
        fprintf(stderr, "ntlmtool: check-users: give FILE or set "
                "NTLM_USER_FILE\n");
        return EXIT_USAGE;
    }
    ret = ntlmgss_userdb_check(o.file, check_print, &o);
    if (ret != 0 && ret != NTLM_ERR_USER_FILE) {
        d = ntlm_err_last_detail(ret);
        fprintf(stderr, "ntlmtool: %s\n", d ? d : ntlm_err_string(ret));
        return 2;
    }
    if (o.num_errors == 0 && o.num_warnings == 0) {
        printf("%s: no problems found\n", o.file);
        return 0;
    }
    printf("%s: %u error%s, %u warning%s\n", o.file, o.num_errors,
           o.num_errors == 1 ? "" : "s", o.num_warnings,
           o.num_warnings == 1 ? "" : "s");
    return o.num_errors > 0 ? 2 : 1;
}

static void
usage(FILE *fp)
{
    size_t i;

    for (i = 0; i < NUM_COMMANDS; i++)
        fprintf(fp, "%s ntlmtool %s\n", i == 0 ? "usage:" : "      ",
                commands[i].synopsis);
    fprintf(fp, "       ntlmtool COMMAND --help\n"
            "       ntlmtool [help [COMMAND] | --help | --version]\n");
}

int
main(int argc, char **argv)
{
    const struct command *c;
    int i;

    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "help") == 0 || is_help(argv[1])) {
        if (argc == 2) {
            usage(stdout);
            return 0;
        }
        c = argc == 3 ? find_command(argv[2]) : NULL;
        if (c == NULL) {
            fprintf(stderr, "ntlmtool: help takes one known command\n");
            usage(stderr);
            return EXIT_USAGE;
        }
        command_usage(c, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        if (argc > 2) {
            fprintf(stderr, "ntlmtool: --version takes no arguments\n");
            usage(stderr);
            return EXIT_USAGE;
        }
        printf("ntlmtool (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
        return 0;
    }
    c = find_command(argv[1]);
    if (c == NULL) {
        fprintf(stderr, "ntlmtool: unknown command '%s'\n", argv[1]);
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!c->takes_args) {
        for (i = 2; i < argc; i++) {
            if (is_help(argv[i])) {
                command_usage(c, stdout);
                return 0;
            }
        }
        if (argc > 2)
            return usage_error(c, "unexpected argument '%s'", argv[2]);
    }
    return c->run(argc - 2, argv + 2);
}
