/*
 * accept_sec_context.c - the acceptor: CHALLENGE from a NEGOTIATE, then
 * verification of the AUTHENTICATE against the user file and/or the domain
 * (Samba winbind, NETLOGON pass-through to the domain controllers).
 *
 * Domain logons (configuration domain_logins = auto|yes|no, default auto):
 * with "yes", or "auto" when winbindd answers, the CHALLENGE carries the
 * member's names exactly as winbind gives them (NetBIOS and DNS domain and
 * computer names: the DC checks the client's blob against them) and the
 * verification order is:
 *   1. a client domain naming the member's domain (its NetBIOS or DNS
 *      name) is decided by the domain alone: the user file is not asked;
 *   2. otherwise the user file (if any) first; a user it does not know
 *      goes to the domain (winbind also serves trusted domains);
 *   3. "auto" without winbind is the user file alone; "yes" without
 *      winbind fails with winbind's precise code.
 * A domain logon takes its session base key from the DC's answer, then
 * KEY_EXCH, MIC, channel bindings and target name are checked as for the
 * user file; the name returned carries the user's SIDs as name attributes.
 *
 * Policy (configuration, see nconfig.h and doc/compat-levels.md): at
 * compat_level 3-5 (default 3) NTLMv2 only.  At 0-2 also NTLMv1, with or
 * without extended session security, and LM-only logons, as a Windows
 * server accepts them (resp_policy).  One response is the proof and only
 * that one is checked: the NT response whenever there is one (a wrong NT
 * response never falls back to the LM field: no fail-open path), the LM
 * response only when the NT response is empty.  Never accepted at any
 * level: LMv2 alone (it carries no MIC, channel bindings or target name,
 * so accepting it would let a man in the middle strip them from an NTLMv2
 * client), an ESS message without an NT response (its LM field is the
 * client challenge, which proves nothing), and NTLMv1/LM through the
 * domain (user-file logons only).  A present MIC is always verified;
 * mic_policy REQUIRE demands one (NTLMv1 and LM cannot carry one).
 * Channel bindings and the target name follow cb_policy/target_policy.
 * The client timestamp must lie within clock_skew seconds (NTLMv2).
 */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "gss_int.h"
#include "../winbind.h"

static const struct ntlm_version our_version = { 10, 0, 20348, 0x0F };

/* Names announced in the CHALLENGE (malloc'd, caller frees). */
struct server_names {
    char *nb_computer;
    char *nb_domain;
    char *dns_computer;
    char *dns_domain;
};

static void
server_names_cleanup(struct server_names *n)
{
    free(n->nb_computer);
    free(n->nb_domain);
    free(n->dns_computer);
    free(n->dns_domain);
    memset(n, 0, sizeof(*n));   /* callers may clean up twice */
}

/* The names come from the configuration, which derives the defaults from
 * the host name (nconfig.c: config_defaults); they are never NULL. */
static int
server_names_get(const struct ntlmgss_config *cfg, struct server_names *n)
{
    memset(n, 0, sizeof(*n));
    n->nb_computer = strdup(cfg->nb_computer);
    n->nb_domain = strdup(cfg->nb_domain);
    n->dns_computer = strdup(cfg->dns_computer);
    n->dns_domain = strdup(cfg->dns_domain);
    if (n->nb_computer == NULL || n->nb_domain == NULL ||
        n->dns_computer == NULL || n->dns_domain == NULL) {
        server_names_cleanup(n);
        return NTLM_ERR_NOMEM;
    }
    return 0;
}

static int
av_add_str(struct ntlm_av_builder *b, uint16_t id, const char *s)
{
    uint8_t *u = NULL;
    size_t len = 0;
    int ret;

    if (s == NULL)
        return 0;
    ret = ntlm_utf8_to_utf16le(s, strlen(s), &u, &len);
    if (ret == 0)
        ret = ntlm_av_add(b, id, u, len);
    free(u);
    return ret;
}

/* take - replace *dst with src (owned) if src is a non-empty string. */
static void
take(char **dst, char **src)
{
    if (*src != NULL && **src != '\0') {
        free(*dst);
        *dst = *src;
        *src = NULL;
    }
}

/*
 * The member's names change only when it is re-joined: a successful
 * answer is kept for DOMAIN_INFO_TTL seconds so that each logon costs one
 * winbind request (the authentication), not two.  A failure (no
 * libwbclient, winbindd not running or not answering) is kept for
 * DOMAIN_FAIL_TTL seconds, so that a server with domain_logins = auto on a
 * machine without winbind does not ask it again for every logon.
 */
#define DOMAIN_INFO_TTL 60
#define DOMAIN_FAIL_TTL 5
static pthread_mutex_t dinfo_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char *v[4];
    time_t when;
    time_t fail_when;
    int fail_ret;
    char fail_detail[200];
} dinfo;

/* want_detail: format the cached failure's detail message (only when the
 * caller reports it: the user-file fallback of "auto" does not). */
static int
domain_info_cached(char **nbd, char **dnsd, char **nbc, char **dnsc,
                   bool want_detail)
{
    char **out[4] = { nbd, dnsd, nbc, dnsc };
    char *fresh[4] = { NULL, NULL, NULL, NULL };
    time_t now = time(NULL);
    int i, ret = 0;

    pthread_mutex_lock(&dinfo_lock);
    if (dinfo.when != 0 && now >= dinfo.when &&
        now - dinfo.when < DOMAIN_INFO_TTL) {
        for (i = 0; i < 4; i++) {
            *out[i] = strdup(dinfo.v[i] != NULL ? dinfo.v[i] : "");
            if (*out[i] == NULL)
                ret = NTLM_ERR_NOMEM;
        }
        pthread_mutex_unlock(&dinfo_lock);
        return ret;
    }
    if (dinfo.fail_when != 0 && now >= dinfo.fail_when &&
        now - dinfo.fail_when < DOMAIN_FAIL_TTL) {
        ret = want_detail ? ntlm_err_detail(dinfo.fail_ret,
                                            "%s (cached for %d s)",
                                            dinfo.fail_detail,
                                            DOMAIN_FAIL_TTL) :
            dinfo.fail_ret;
        pthread_mutex_unlock(&dinfo_lock);
        return ret;
    }
    pthread_mutex_unlock(&dinfo_lock);
    ret = ntlmgss_wb_domain_info(nbd, dnsd, nbc, dnsc);
    if (ret != 0) {
        const char *d = ntlm_err_last_detail(ret);

        pthread_mutex_lock(&dinfo_lock);
        dinfo.fail_when = now;
        dinfo.fail_ret = ret;
        snprintf(dinfo.fail_detail, sizeof(dinfo.fail_detail), "%s",
                 d != NULL ? d : ntlm_err_string(ret));
        pthread_mutex_unlock(&dinfo_lock);
        if (d == NULL)
            (void)ntlm_err_detail(ret, "%s", ntlm_err_string(ret));
        return ret;
    }
    for (i = 0; i < 4; i++) {
        fresh[i] = strdup(*out[i] != NULL ? *out[i] : "");
        if (fresh[i] == NULL)
            ret = NTLM_ERR_NOMEM;
    }
    pthread_mutex_lock(&dinfo_lock);
    for (i = 0; i < 4 && ret == 0; i++) {
        free(dinfo.v[i]);
        dinfo.v[i] = fresh[i];
        fresh[i] = NULL;
    }
    if (ret == 0) {
        dinfo.when = now;
        dinfo.fail_when = 0;
    }
    pthread_mutex_unlock(&dinfo_lock);
    for (i = 0; i < 4; i++)
        free(fresh[i]);
    return 0;
}

/*
 * domain_setup - decide whether this context uses domain logons and, if
 * so, announce the member's names from winbind.  Fails only when the mode
 * is "yes" (winbind's precise code) or when "auto" finds neither winbind
 * nor a user file.
 */
static int
domain_setup(struct ntlmgss_ctx *ctx, struct server_names *names)
{
    enum ntlmgss_domain_mode mode = ctx->cfg->domain_logins;
    char *nbd = NULL, *dnsd = NULL, *nbc = NULL, *dnsc = NULL;
    const char *file;
    int ret;

    file = ctx->user_file != NULL ? ctx->user_file : ctx->cfg->user_file;
    if (mode == NTLMGSS_DOMAIN_NO) {
        NTLMGSS_TRACE("accept: domain logins off (domain_logins = no)");
        return 0;
    }
    ret = domain_info_cached(&nbd, &dnsd, &nbc, &dnsc,
                             mode != NTLMGSS_DOMAIN_AUTO || file == NULL ||
                             ntlmgss_trace_enabled());
    if (ret != 0) {
        NTLMGSS_TRACE("accept: domain logins unavailable: %s (%s)%s",
                      ntlm_err_string(ret), ntlm_err_last_detail(ret) != NULL
                      ? ntlm_err_last_detail(ret) : "no detail",
                      mode == NTLMGSS_DOMAIN_AUTO && file != NULL ?
                      "; user file only" : "");
        if (mode == NTLMGSS_DOMAIN_AUTO && file != NULL)
            ret = 0;
        ctx->domain_error = ret;
        goto done;
    }
    if (nbd == NULL || *nbd == '\0' || nbc == NULL || *nbc == '\0') {
        ret = ntlm_err_detail(NTLM_ERR_NO_SUCH_DOMAIN,
                              "winbind names no domain for this member");
        if (mode == NTLMGSS_DOMAIN_AUTO && file != NULL)
            ret = 0;
        goto done;
    }
    ctx->dom_nb = strdup(nbd);
    ctx->dom_dns = dnsd != NULL && *dnsd != '\0' ? strdup(dnsd) : NULL;
    if (ctx->dom_nb == NULL || (dnsd != NULL && *dnsd != '\0' &&
                                ctx->dom_dns == NULL)) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    take(&names->nb_domain, &nbd);
    take(&names->nb_computer, &nbc);
    take(&names->dns_domain, &dnsd);
    take(&names->dns_computer, &dnsc);
    ctx->domain = true;
    NTLMGSS_TRACE("accept: domain logins on (%s): member %s of %s (%s); "
                  "order: %s domain first, else %s", mode ==
                  NTLMGSS_DOMAIN_YES ? "yes" : "auto", names->nb_computer,
                  names->nb_domain, names->dns_domain != NULL ?
                  names->dns_domain : "no DNS domain", names->nb_domain,
                  file != NULL ? "user file, then domain" : "domain");
    ret = 0;
done:
    free(nbd);
    free(dnsd);
    free(nbc);
    free(dnsc);
    return ret;
}

static int
make_challenge(struct ntlmgss_ctx *ctx, gss_buffer_t input,
               gss_buffer_t output)
{
    struct ntlm_negotiate nm;
    struct ntlm_challenge cm;
    struct ntlm_av_builder b;
    struct server_names names;
    uint8_t *ti = NULL, *tname = NULL, *msg = NULL;
    size_t ti_len = 0, tname_len = 0, len = 0;
    uint32_t want;
    int ret;

    memset(&cm, 0, sizeof(cm));
    memset(&names, 0, sizeof(names));
    ntlm_av_builder_init(&b);
    if (input == GSS_C_NO_BUFFER || input->length == 0) {
        ret = ntlm_err_detail(NTLM_ERR_TRUNCATED, "no NEGOTIATE token");
        goto done;
    }
    ret = ntlm_decode_negotiate(input->value, input->length, &nm);
    if (ret != 0)
        goto done;
    /* Clients that offer only OEM (curl) still get UNICODE, as Windows
     * answers them: they follow the CHALLENGE's choice.  Names in the
     * AUTHENTICATE are decoded by its own UNICODE flag. */
    ctx->nego_msg = ntlm_memdup(input->value, input->length);
    if (ctx->nego_msg == NULL) {
        ret = NTLM_ERR_NOMEM;
        goto done;
    }
    ctx->nego_len = input->length;

    want = NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL |
        NTLMSSP_NEGOTIATE_ALWAYS_SIGN |
        NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |
        NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_56 |
        NTLMSSP_NEGOTIATE_KEY_EXCH | NTLMSSP_REQUEST_TARGET;
    cm.flags = (nm.flags & want) | NTLMSSP_NEGOTIATE_UNICODE |
        NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_TARGET_INFO |
        NTLMSSP_NEGOTIATE_VERSION;
    ret = server_names_get(ctx->cfg, &names);
    if (ret != 0)
        goto done;
    ret = domain_setup(ctx, &names);
    if (ret != 0)
        goto done;
    cm.flags |= ctx->domain || ctx->cfg->nb_domain != NULL ?
        NTLMSSP_TARGET_TYPE_DOMAIN : NTLMSSP_TARGET_TYPE_SERVER;
    ret = ntlm_utf8_to_utf16le(names.nb_domain, strlen(names.nb_domain),
                               &tname, &tname_len);
    if (ret != 0)
        goto done;
    if (nm.flags & NTLMSSP_REQUEST_TARGET)
        cm.target_name = wire_slice_make(tname, tname_len);
    ret = ncrypto_random(ctx->server_challenge, 8);
    if (ret != 0)
        goto done;
    ntlmgss_reflect_remember(ctx->server_challenge);
    memcpy(cm.server_challenge, ctx->server_challenge, 8);
    ret = av_add_str(&b, MsvAvNbDomainName, names.nb_domain);
    if (ret == 0)
        ret = av_add_str(&b, MsvAvNbComputerName, names.nb_computer);
    if (ret == 0)
        ret = av_add_str(&b, MsvAvDnsDomainName, names.dns_domain);
    if (ret == 0)
        ret = av_add_str(&b, MsvAvDnsComputerName, names.dns_computer);
    if (ret == 0)
        ret = ntlm_av_add_u64(&b, MsvAvTimestamp, ntlmgss_filetime_now());
    if (ret == 0)
        ret = ntlm_av_finish(&b, &ti, &ti_len);
    if (ret != 0)
        goto done;
    cm.target_info = wire_slice_make(ti, ti_len);
    cm.has_version = true;
    cm.version = our_version;
    ret = ntlm_encode_challenge(&cm, &msg, &len);
    if (ret != 0)
        goto done;
    ret = ntlmgss_buffer_set(output, msg, len);
    if (ret != 0)
        goto done;
    ctx->chal_msg = msg;
    ctx->chal_len = len;
    msg = NULL;
    ctx->neg_flags = cm.flags;
    if (ntlmgss_trace_enabled()) {
        char f1[512], f2[512];

        ntlmgss_trace("accept: NEGOTIATE flags %s; CHALLENGE flags %s, "
                      "target %s", ntlmgss_trace_flags(nm.flags, f1,
                                                       sizeof(f1)),
                      ntlmgss_trace_flags(cm.flags, f2, sizeof(f2)),
                      names.nb_domain);
    }
    ret = 0;
done:
    ntlm_av_builder_cleanup(&b);
    server_names_cleanup(&names);
    free(ti);
    free(tname);
    free(msg);
    return ret;
}

static int
wire_to_utf8(struct wire_slice s, bool unicode, char **out)
{
    size_t n = 0, i;
    int ret;

    if (unicode)
        ret = ntlm_utf16le_to_utf8(s.ptr, s.len, out, &n);
    else
        ret = ntlm_oem_to_utf8(s.ptr, s.len, out, &n);
    /* A name with U+0000 would be cut short as a C string ("testuser\0x"
     * authenticating and named as "testuser"). */
    if (ret == 0 && strlen(*out) != n) {
        free(*out);
        *out = NULL;
        return ntlm_err_detail(NTLM_ERR_BAD_UTF16, "name contains U+0000");
    }
    /* Nor a C0 control or DEL: Windows names never hold them, and the
     * authenticated name goes to the application's logs and ACL checks
     * (a user file entry without domain lets the client pick the domain
     * freely, e.g. an escape sequence). */
    for (i = 0; ret == 0 && i < n; i++) {
        if ((unsigned char)(*out)[i] < 0x20 || (*out)[i] == 0x7f) {
            free(*out);
            *out = NULL;
            return ntlm_err_detail(NTLM_ERR_BAD_UTF16,
                                   "name contains a control character");
        }
    }
    return ret;
}

static bool
is_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    size_t i;

    for (i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

/* Does the client's MsvAvTargetName (UTF-8 SPN) name this service? */
static bool
target_matches(const char *spn, const struct ntlmgss_name *acceptor,
               const struct ntlmgss_config *cfg)
{
    char host[256];
    const char *slash, *h;
    size_t hlen, svclen;
    char *end;

    slash = strchr(spn, '/');
    if (slash == NULL)
        return false;
    svclen = slash - spn;
    h = slash + 1;
    end = strpbrk(h, ":/");
    hlen = end != NULL ? (size_t)(end - h) : strlen(h);
    if (acceptor != NULL && acceptor->kind == NTLMGSS_NAME_SERVICE) {
        if (strlen(acceptor->service) != svclen ||
            strncasecmp(acceptor->service, spn, svclen) != 0)
            return false;
        if (acceptor->host != NULL)
            return strlen(acceptor->host) == hlen &&
                strncasecmp(acceptor->host, h, hlen) == 0;
    }
#define HOST_IS(x) ((x) != NULL && strlen(x) == hlen && \
                    strncasecmp((x), h, hlen) == 0)
    if (HOST_IS(cfg->dns_computer) || HOST_IS(cfg->nb_computer))
        return true;
    if (gethostname(host, sizeof(host)) == 0) {
        host[sizeof(host) - 1] = '\0';
        if (HOST_IS(host))
            return true;
        if (strchr(host, '.') != NULL)
            *strchr(host, '.') = '\0';
        if (HOST_IS(host))
            return true;
    }
#undef HOST_IS
    return false;
}

/*
 * The forms of proof an AUTHENTICATE can carry (MS-NLMP 3.3), told apart
 * by the NT response's length (the decoder allows 0, 24 or >= 44 bytes)
 * and the negotiated ESS flag.
 */
enum resp_form {
    RESP_NONE = 0,      /* no NT response and no 24-byte LM response */
    RESP_NTLMV2,        /* NTProofStr || client blob */
    RESP_NTLMV1,        /* DESL(NTOWFv1, server challenge) */
    RESP_NTLMV1_ESS,    /* DESL(NTOWFv1, MD5(server || client chal)[0..7]),
                         * LM field = client challenge || Z(16) */
    RESP_LM             /* no NT response; LM = DESL(LMOWFv1, server) */
};

static enum resp_form
resp_form_of(const struct ntlm_authenticate *am, uint32_t neg)
{
    if (am->nt_response.len > 24)
        return RESP_NTLMV2;
    if (am->nt_response.len == 24)
        return (neg & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) ?
            RESP_NTLMV1_ESS : RESP_NTLMV1;
    return am->lm_response.len == 24 ? RESP_LM : RESP_NONE;
}

static const char *
resp_form_name(enum resp_form f)
{
    switch (f) {
    case RESP_NTLMV2:
        return "NTLMv2";
    case RESP_NTLMV1:
        return "NTLMv1";
    case RESP_NTLMV1_ESS:
        return "NTLMv1 with extended session security";
    case RESP_LM:
        return "LM-only";
    case RESP_NONE:
        break;
    }
    return "empty";
}

/*
 * resp_policy - may this context verify a response of form f at all?
 * compat_level 0-2 accept NTLMv2, NTLMv1 (with or without ESS) and LM, as
 * Windows' LmCompatibilityLevel 0-3 does on a server; 3-5 accept NTLMv2
 * only, as Windows' level 5 does (our default, 3, never accepts NTLMv1
 * silently).  Whatever the level, a message without any response and an
 * ESS message without an NT response are refused.  Decided before the
 * user is looked up.  0 or the refusal's code.
 */
static int
resp_policy(const struct ntlmgss_ctx *ctx, const struct ntlm_authenticate *am,
            enum resp_form f, uint32_t neg)
{
    int level = ctx->cfg->compat_level;

    if (f == RESP_NONE)
        return ntlm_err_detail(NTLM_ERR_WRONG_PASSWORD,
                               "no NT or LM challenge response");
    if (f == RESP_NTLMV2)
        return 0;
    if (level >= 3)
        return ntlm_err_detail(NTLM_ERR_NTLMV1_REFUSED,
                               "%s response refused: compat_level %d "
                               "accepts NTLMv2 only (0-2 also accept NTLMv1 "
                               "and LM)", resp_form_name(f), level);
    if (f == RESP_LM && (neg & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
        return ntlm_err_detail(NTLM_ERR_NTLMV1_REFUSED,
                               "extended session security without an NT "
                               "response: the LM field holds the client "
                               "challenge, which proves nothing");
    if (f == RESP_NTLMV1_ESS && am->lm_response.len != 24)
        return ntlm_err_detail(NTLM_ERR_BAD_LM_RESPONSE,
                               "NTLMv1 with extended session security needs "
                               "the client challenge in a 24-byte LM field "
                               "(%zu bytes)", am->lm_response.len);
    return 0;
}

/*
 * verify_legacy - check an NTLMv1, NTLMv1-ESS or LM-only response (which
 * resp_policy allowed) against the user-file entry e.  Exactly one
 * response is compared: the NT response for both NTLMv1 forms (the LM
 * field is not looked at, so a wrong NT response cannot be rescued by it;
 * with ESS only its first 8 bytes are used, as the client challenge), the
 * LM response only for LM-only.  LM needs the entry's LM hash: an
 * smbpasswd LM column, or LMOWFv1 of a stored password of at most 14
 * bytes; {NT} entries have none.  The session base key is MD4(NTOWFv1)
 * (MS-NLMP 3.3.1) in every case.  sbk is zeroed on failure.
 */
static int
verify_legacy(const struct ntlmgss_ctx *ctx,
              const struct ntlmgss_user_entry *e, const char *user,
              const char *domain, const struct ntlm_authenticate *am,
              enum resp_form f, uint8_t sbk[16])
{
    uint8_t lmowf[16], v1nt[24], v1lm[24];
    const uint8_t *proof, *expect;
    bool have_lm = false;
    int ret;

    memset(lmowf, 0, sizeof(lmowf));
    memset(sbk, 0, 16);
    if (f == RESP_LM && e->has_lm_hash) {
        memcpy(lmowf, e->lm_hash, 16);
        have_lm = true;
    } else if (f == RESP_LM && e->password != NULL) {
        ret = ntlm_lmowfv1(e->password, e->password_len, lmowf);
        if (ret != 0 && ret != NTLM_ERR_INVALID_ARGUMENT)
            goto done;
        have_lm = ret == 0;
    }
    if (f == RESP_LM && !have_lm) {
        ret = ntlm_err_detail(NTLM_ERR_WRONG_PASSWORD, "LM-only response "
                              "for %s\\%s, whose entry has no LM hash (an NT "
                              "hash only, or a password over 14 bytes)",
                              domain, user);
        goto done;
    }
    ret = ntlm_compute_ntlmv1(e->nt_hash, have_lm ? lmowf : NULL,
                              ctx->server_challenge,
                              f == RESP_NTLMV1_ESS ? am->lm_response.ptr :
                              NULL, f == RESP_NTLMV1_ESS, v1nt, v1lm, sbk);
    if (ret != 0)
        goto done;
    proof = f == RESP_LM ? am->lm_response.ptr : am->nt_response.ptr;
    expect = f == RESP_LM ? v1lm : v1nt;
    ret = ntlm_ct_equal(expect, proof, 24) ? 0 :
        ntlm_err_detail(NTLM_ERR_WRONG_PASSWORD, "%s response for %s\\%s",
                        resp_form_name(f), domain, user);
done:
    if (ret != 0)
        ntlm_zero(sbk, 16);
    ntlm_zero(lmowf, sizeof(lmowf));
    ntlm_zero(v1nt, sizeof(v1nt));
    ntlm_zero(v1lm, sizeof(v1lm));
    return ret;
}

/* Verify the response (of form f, allowed by resp_policy) with the user
 * file.  Outputs the session base key and, for NTLMv2, the blob's AV list
 * (borrowing am) and timestamp. */
static int
verify_user(struct ntlmgss_ctx *ctx, const char *user, const char *domain,
            const struct ntlm_authenticate *am, enum resp_form f,
            uint8_t sbk[16], struct wire_slice *out_av, uint64_t *out_ts)
{
    struct ntlmgss_user_entry *e = NULL;
    const char *file;
    uint8_t ntowfv2[16];
    int ret;

    *out_av = WIRE_SLICE_EMPTY;
    *out_ts = 0;
    memset(ntowfv2, 0, sizeof(ntowfv2));
    file = ctx->user_file != NULL ? ctx->user_file : ctx->cfg->user_file;
    if (file == NULL)
        return ntlm_err_detail(NTLM_ERR_NO_CREDS, "no user file");
    ret = ntlmgss_userdb_lookup(file, domain, user, &e);
    if (ret != 0) {
        if (ret == NTLM_ERR_UNKNOWN_USER)
            ret = ntlm_err_detail(ret, "%s\\%s", domain, user);
        goto done;
    }
    if (f != RESP_NTLMV2) {
        ret = verify_legacy(ctx, e, user, domain, am, f, sbk);
        goto done;
    }
    ret = ntlm_ntowfv2(e->nt_hash, user, strlen(user), domain,
                       strlen(domain), ntowfv2);
    if (ret == 0)
        ret = ntlm_verify_ntlmv2(ntowfv2, ctx->server_challenge,
                                 am->nt_response, sbk, out_av, out_ts);
    if (ret == NTLM_ERR_WRONG_PASSWORD && domain[0] != '\0') {
        ret = ntlm_ntowfv2(e->nt_hash, user, strlen(user), "", 0, ntowfv2);
        if (ret == 0)
            ret = ntlm_verify_ntlmv2(ntowfv2, ctx->server_challenge,
                                     am->nt_response, sbk, out_av, out_ts);
    }
    if (ret == NTLM_ERR_WRONG_PASSWORD)
        ret = ntlm_err_detail(ret, "NTLMv2 proof for %s\\%s", domain, user);
done:
    ntlm_zero(ntowfv2, sizeof(ntowfv2));
    ntlmgss_user_entry_free(e);
    return ret;
}

/*
 * blob_parse - the AV list (through MsvAvEOL) and timestamp of an NTLMv2
 * response's client blob, without verifying it (the DC does that).
 * Borrows nt.  NTLM_ERR_BAD_NT_RESPONSE if malformed.
 */
static int
blob_parse(struct wire_slice nt, struct wire_slice *out_av, uint64_t *out_ts)
{
    struct wire_in in;
    struct wire_slice skip;
    const uint8_t *start;
    uint8_t ver = 0, hi = 0;
    uint16_t id = 0, len = 0;
    size_t left;

    *out_av = WIRE_SLICE_EMPTY;
    *out_ts = 0;
    if (nt.len < 16 + 28)
        return ntlm_err_detail(NTLM_ERR_BAD_NT_RESPONSE, "%zu bytes",
                               nt.len);
    wire_in_init(&in, nt.ptr + 16, nt.len - 16);
    wire_in_u8(&in, &ver);
    wire_in_u8(&in, &hi);
    wire_in_skip(&in, 6);
    wire_in_u64le(&in, out_ts);
    wire_in_skip(&in, 8 + 4);
    if (in.err != 0 || ver != 1 || hi != 1)
        return ntlm_err_detail(NTLM_ERR_BAD_NT_RESPONSE, "blob header");
    start = nt.ptr + 16 + 28;
    left = wire_in_remaining(&in);
    for (;;) {
        if (wire_in_u16le(&in, &id) != 0 || wire_in_u16le(&in, &len) != 0 ||
            wire_in_bytes(&in, len, &skip) != 0)
            return ntlm_err_detail(NTLM_ERR_BAD_NT_RESPONSE,
                                   "blob AV list");
        if (id == MsvAvEOL)
            break;
    }
    *out_av = wire_slice_make(start, left - wire_in_remaining(&in));
    return 0;
}

/* MS-NRPC NETLOGON_VALIDATION_SAM_INFO UserFlags: logged on as Guest */
#define NETLOGON_GUEST 0x0001

/* verify_domain - pass the response through to the domain.  On success
 * *out_info (owned) holds the DC's answer and sbk its session base key. */
static int
verify_domain(struct ntlmgss_ctx *ctx, const char *user, const char *domain,
              const char *workstation, const struct ntlm_authenticate *am,
              uint8_t sbk[16], struct wire_slice *out_av, uint64_t *out_ts,
              struct ntlmgss_wb_info **out_info)
{
    struct ntlmgss_wb_info *info = NULL;
    int ret;

    *out_info = NULL;
    if (am->nt_response.len <= 24)
        return ntlm_err_detail(NTLM_ERR_NTLMV1_REFUSED,
                               "%s logons through the domain are not "
                               "supported (user-file logons only)",
                               am->nt_response.len == 24 ? "NTLMv1" : "LM");
    ret = blob_parse(am->nt_response, out_av, out_ts);
    if (ret != 0)
        return ret;
    ret = ntlmgss_wb_authenticate(user, domain, workstation,
                                  ctx->server_challenge, am->nt_response.ptr,
                                  am->nt_response.len, am->lm_response.ptr,
                                  am->lm_response.len, &info);
    if (ret != 0) {
        NTLMGSS_TRACE("accept: domain refused %s\\%s: %s (%s)", domain,
                      user, ntlm_err_string(ret),
                      ntlm_err_last_detail(ret) != NULL ?
                      ntlm_err_last_detail(ret) : "no detail");
        return ret;
    }
    /* A DC (or winbindd) configured to map unknown users or bad
     * passwords to Guest answers "success" with NETLOGON_GUEST: that
     * proves no password, and its session key is not the client's. */
    if (info->user_flags & NETLOGON_GUEST) {
        NTLMGSS_TRACE("accept: domain mapped %s\\%s to the guest account "
                      "%s\\%s; refused", domain, user, info->domain,
                      info->user);
        ntlmgss_wb_info_free(info);
        return ntlm_err_detail(NTLM_ERR_WRONG_PASSWORD,
                               "domain answered with a guest logon");
    }
    memcpy(sbk, info->session_base_key, 16);
    NTLMGSS_TRACE("accept: domain verified %s\\%s as %s\\%s (DC %s, "
                  "%zu groups)", domain, user, info->domain, info->user,
                  info->logon_server != NULL && *info->logon_server ?
                  info->logon_server : "?", info->num_group_sids);
    *out_info = info;
    return 0;
}

/* names_member_domain - does the client's domain name the member's? */
static bool
names_member_domain(const struct ntlmgss_ctx *ctx, const char *domain)
{
    return (ctx->dom_nb != NULL && strcasecmp(domain, ctx->dom_nb) == 0) ||
        (ctx->dom_dns != NULL && strcasecmp(domain, ctx->dom_dns) == 0);
}

/* verify_any - the policy on the response's form, then the documented
 * order (see the top of this file).  *out_v1: the proof was NTLMv1, ESS
 * or LM (the key exchange key then comes from KXKEY). */
static int
verify_any(struct ntlmgss_ctx *ctx, const char *user, const char *domain,
           const char *workstation, const struct ntlm_authenticate *am,
           uint32_t flags, uint8_t sbk[16], struct wire_slice *out_av,
           uint64_t *out_ts, bool *out_v1, struct ntlmgss_wb_info **out_info)
{
    enum resp_form f = resp_form_of(am, flags);
    const char *file;
    int ret;

    *out_info = NULL;
    *out_v1 = false;
    *out_av = WIRE_SLICE_EMPTY;
    *out_ts = 0;
    ret = resp_policy(ctx, am, f, flags);
    NTLMGSS_TRACE("accept: %s response from %s\\%s: %s by compat_level %d",
                  resp_form_name(f), domain, user, ret == 0 ? "allowed" :
                  "refused", ctx->cfg->compat_level);
    if (ret != 0)
        return ret;
    *out_v1 = f != RESP_NTLMV2;
    file = ctx->user_file != NULL ? ctx->user_file : ctx->cfg->user_file;
    if (!ctx->domain) {
        if (file == NULL && ctx->domain_error != 0)
            return ctx->domain_error;
        return verify_user(ctx, user, domain, am, f, sbk, out_av, out_ts);
    }
    if (file != NULL && !names_member_domain(ctx, domain)) {
        ret = verify_user(ctx, user, domain, am, f, sbk, out_av, out_ts);
        if (ret != NTLM_ERR_UNKNOWN_USER && ret != NTLM_ERR_NO_CREDS)
            return ret;
        NTLMGSS_TRACE("accept: %s\\%s not in the user file; asking the "
                      "domain", domain, user);
    } else {
        NTLMGSS_TRACE("accept: %s\\%s: the domain decides", domain, user);
    }
    return verify_domain(ctx, user, domain, workstation, am, sbk, out_av,
                         out_ts, out_info);
}

static int
check_bindings(struct ntlmgss_ctx *ctx, const struct ntlm_av_list *av,
               gss_channel_bindings_t cb)
{
    enum ntlmgss_policy pol = ctx->cfg->cb_policy;
    const uint8_t *theirs = NULL;
    uint8_t ours[16];
    int ret;

    if (pol == NTLMGSS_POLICY_IGNORE)
        return 0;
    if (av->present[MsvAvChannelBindings] &&
        av->value[MsvAvChannelBindings].len == 16 &&
        !is_zero(av->value[MsvAvChannelBindings].ptr, 16))
        theirs = av->value[MsvAvChannelBindings].ptr;
    if (cb == GSS_C_NO_CHANNEL_BINDINGS) {
        if (pol == NTLMGSS_POLICY_REQUIRE)
            return ntlm_err_detail(NTLM_ERR_CB_MISSING,
                                   "acceptor has no channel bindings");
        return 0;
    }
    if (theirs == NULL) {
        if (pol == NTLMGSS_POLICY_REQUIRE)
            return ntlm_err_detail(NTLM_ERR_CB_MISSING,
                                   "client sent no channel bindings");
        return 0;
    }
    ret = ntlmgss_cb_hash(cb, ours);
    if (ret != 0)
        return ret;
    if (!ntlm_ct_equal(ours, theirs, 16))
        return ntlm_err_detail(NTLM_ERR_CB_MISMATCH, "hash differs");
    return 0;
}

static int
check_target(struct ntlmgss_ctx *ctx, const struct ntlm_av_list *av)
{
    enum ntlmgss_policy pol = ctx->cfg->target_policy;
    struct wire_slice v;
    char *spn = NULL;
    size_t n;
    int ret;

    if (pol == NTLMGSS_POLICY_IGNORE)
        return 0;
    v = av->value[MsvAvTargetName];
    if (!av->present[MsvAvTargetName] || v.len == 0) {
        if (pol == NTLMGSS_POLICY_REQUIRE)
            return ntlm_err_detail(NTLM_ERR_TARGET_MISMATCH,
                                   "client sent no target name");
        return 0;
    }
    ret = ntlm_utf16le_to_utf8(v.ptr, v.len, &spn, &n);
    if (ret != 0)
        return ret;
    ret = target_matches(spn, ctx->acceptor, ctx->cfg) ? 0 :
        ntlm_err_detail(NTLM_ERR_TARGET_MISMATCH, "%s", spn);
    NTLMGSS_TRACE("accept: target name %s %s", spn,
                  ret == 0 ? "accepted" : "rejected");
    free(spn);
    return ret;
}

static int
check_clock(struct ntlmgss_ctx *ctx, uint64_t ts)
{
    uint64_t now = ntlmgss_filetime_now();
    uint64_t skew = (uint64_t)ctx->cfg->clock_skew * 10000000ULL;
    uint64_t diff;

    if (ctx->cfg->clock_skew == 0)
        return 0;
    diff = now > ts ? now - ts : ts - now;
    if (diff > skew)
        return ntlm_err_detail(NTLM_ERR_CLOCK_SKEW, "off by %llu s",
                               (unsigned long long)(diff / 10000000ULL));
    return 0;
}

static int
process_authenticate(struct ntlmgss_ctx *ctx, gss_buffer_t input,
                     gss_channel_bindings_t cb)
{
    struct ntlm_authenticate am;
    struct ntlm_av_list av;
    struct wire_slice blob_av;
    struct ntlmgss_wb_info *info = NULL;
    char *user = NULL, *domain = NULL, *ws = NULL;
    uint8_t sbk[16], kxkey[16], exported[16], mic[16];
    uint64_t ts = 0;
    uint32_t neg;
    bool unicode, anon, v1 = false, mic_flag;
    int ret;

    memset(sbk, 0, sizeof(sbk));
    memset(&av, 0, sizeof(av));
    if (input == GSS_C_NO_BUFFER || input->length == 0)
        return ntlm_err_detail(NTLM_ERR_TRUNCATED, "no AUTHENTICATE token");
    ret = ntlm_decode_authenticate(input->value, input->length, &am);
    if (ret != 0)
        goto done;
    /* The client cannot add flags the CHALLENGE did not offer. */
    neg = ctx->neg_flags & (am.flags | NTLMSSP_NEGOTIATE_UNICODE |
                            NTLMSSP_NEGOTIATE_NTLM);
    neg |= am.flags & NTLMSSP_ANONYMOUS;
    unicode = (am.flags & NTLMSSP_NEGOTIATE_UNICODE) != 0;
    ret = wire_to_utf8(am.user, unicode, &user);
    if (ret == 0)
        ret = wire_to_utf8(am.domain, unicode, &domain);
    if (ret == 0)
        ret = wire_to_utf8(am.workstation, unicode, &ws);
    if (ret != 0)
        goto done;
    anon = user[0] == '\0' && am.nt_response.len == 0 &&
        (am.lm_response.len == 0 ||
         (am.lm_response.len == 1 && am.lm_response.ptr[0] == 0));
    NTLMGSS_TRACE("accept: AUTHENTICATE from %s\\%s (NT response %zu "
                  "bytes%s)", domain, user, am.nt_response.len,
                  anon ? ", anonymous" : "");
    if (anon) {
        if (!ctx->cfg->allow_anonymous) {
            ret = ntlm_err_detail(NTLM_ERR_ANON_REFUSED,
                                  "anonymous logon refused");
            goto done;
        }
        ctx->anonymous = true;
        neg |= NTLMSSP_ANONYMOUS;
    } else {
        if (user[0] == '\0') {
            ret = ntlm_err_detail(NTLM_ERR_UNKNOWN_USER, "empty user name");
            goto done;
        }
        ret = verify_any(ctx, user, domain, ws, &am, neg, sbk, &blob_av,
                         &ts, &v1, &info);
        if (ret != 0)
            goto done;
        if (!v1) {
            ret = ntlm_av_decode(blob_av, &av);
            if (ret != 0)
                goto done;
            ret = check_clock(ctx, ts);
            if (ret != 0)
                goto done;
        }
    }
    /* NTLMv2 and anonymous: KeyExchangeKey = SessionBaseKey.  NTLMv1,
     * ESS and LM through KXKEY (3.4.5.1): with ESS HMAC_MD5(SessionBaseKey,
     * ServerChallenge || LM[0..7]) (resp_policy made the LM field 24
     * bytes), otherwise SessionBaseKey (the CHALLENGE never offers LM_KEY
     * or REQUEST_NON_NT_SESSION_KEY). */
    if (v1) {
        ret = ntlm_kxkey(neg, sbk, am.lm_response.len == 24 ?
                         am.lm_response.ptr : NULL, NULL,
                         ctx->server_challenge, kxkey);
        if (ret != 0)
            goto done;
    } else {
        memcpy(kxkey, sbk, 16);
    }
    if (neg & NTLMSSP_NEGOTIATE_KEY_EXCH) {
        if (am.encrypted_session_key.len != 16) {
            ret = ntlm_err_detail(NTLM_ERR_BAD_SESSION_KEY_LEN,
                                  "%zu bytes", am.encrypted_session_key.len);
            goto done;
        }
        ret = ncrypto_rc4_oneshot(kxkey, 16, am.encrypted_session_key.ptr,
                                  exported, 16);
        if (ret != 0)
            goto done;
    } else {
        memcpy(exported, kxkey, 16);
    }
    mic_flag = av.present[MsvAvFlags] && (av.flags & MSV_AV_FLAG_MIC_PRESENT);
    if (mic_flag) {
        if (!am.has_mic) {
            ret = ntlm_err_detail(NTLM_ERR_MIC_MISSING,
                                  "MsvAvFlags announce a MIC but there is "
                                  "no room for it");
            goto done;
        }
        ret = ntlm_compute_mic(exported,
                               wire_slice_make(ctx->nego_msg, ctx->nego_len),
                               wire_slice_make(ctx->chal_msg, ctx->chal_len),
                               wire_slice_make(input->value, input->length),
                               mic);
        if (ret != 0)
            goto done;
        if (!ntlm_ct_equal(mic, am.mic, 16)) {
            ret = ntlm_err_detail(NTLM_ERR_MIC_WRONG, "MIC mismatch");
            goto done;
        }
        ctx->mic_done = true;
    } else if (!anon && ctx->cfg->mic_policy == NTLMGSS_POLICY_REQUIRE) {
        ret = ntlm_err_detail(NTLM_ERR_MIC_MISSING, "policy requires a MIC");
        goto done;
    }
    if (!anon) {
        ret = check_bindings(ctx, &av, cb);
        if (ret == 0)
            ret = check_target(ctx, &av);
        if (ret != 0)
            goto done;
    }
    if (anon) {
        ctx->src_name = calloc(1, sizeof(*ctx->src_name));
        if (ctx->src_name == NULL) {
            ret = NTLM_ERR_NOMEM;
            goto done;
        }
        ctx->src_name->kind = NTLMGSS_NAME_ANON;
    } else if (info != NULL) {
        /* the DC's canonical names, and the SIDs as attributes */
        ret = ntlmgss_name_new_user(info->domain, info->user,
                                    &ctx->src_name);
        if (ret == 0)
            ret = ntlmgss_name_set_sids(ctx->src_name, info);
        if (ret != 0)
            goto done;
    } else {
        ret = ntlmgss_name_new_user(domain, user, &ctx->src_name);
        if (ret != 0)
            goto done;
    }
    ret = ntlm_session_init(&ctx->sess, neg, false, exported);
    if (ret != 0)
        goto done;
    ctx->have_session = true;
    ctx->neg_flags = neg;
    ntlmgss_ctx_complete(ctx);
    NTLMGSS_TRACE("accept: %s\\%s authenticated by the %s (MIC %s)",
                  domain, user, info != NULL ? "domain" : anon ?
                  "anonymous policy" : "user file",
                  ctx->mic_done ? "verified" : "absent");
    ret = 0;
done:
    ntlmgss_wb_info_free(info);
    free(ws);
    ntlm_zero(sbk, sizeof(sbk));
    ntlm_zero(kxkey, sizeof(kxkey));
    ntlm_zero(exported, sizeof(exported));
    free(user);
    free(domain);
    return ret;
}

OM_uint32
ntlmgss_accept_sec_context(OM_uint32 *minor_status, gss_ctx_id_t *ctx_h,
                           gss_cred_id_t cred_h, gss_buffer_t input,
                           gss_channel_bindings_t cb, gss_name_t *src_name,
                           gss_OID *mech, gss_buffer_t output,
                           OM_uint32 *ret_flags, OM_uint32 *time_rec,
                           gss_cred_id_t *deleg)
{
    struct ntlmgss_cred *cred = (struct ntlmgss_cred *)cred_h;
    struct ntlmgss_cred *def = NULL;
    struct ntlmgss_ctx *ctx;
    struct ntlmgss_name *n = NULL;
    OM_uint32 maj;
    int ret;

    if (output != GSS_C_NO_BUFFER) {
        output->length = 0;
        output->value = NULL;
    }
    if (src_name != NULL)
        *src_name = GSS_C_NO_NAME;
    if (mech != NULL)
        *mech = &ntlmgss_mech_oid_desc;
    if (ret_flags != NULL)
        *ret_flags = 0;
    if (time_rec != NULL)
        *time_rec = 0;
    if (deleg != NULL)
        *deleg = GSS_C_NO_CREDENTIAL;
    if (ctx_h == NULL || output == GSS_C_NO_BUFFER)
        return GSS_S_CALL_INACCESSIBLE_WRITE;
    ret = ncrypto_init();
    if (ret != 0)
        return ntlmgss_fail(minor_status, ret);

    ctx = (struct ntlmgss_ctx *)*ctx_h;
    if (ctx == NULL) {
        ctx = calloc(1, sizeof(*ctx));
        if (ctx == NULL)
            return ntlmgss_fail(minor_status, NTLM_ERR_NOMEM);
        ret = ntlmgss_config_get(&ctx->cfg);
        if (ret == 0 && cred == NULL) {
            ret = ntlmgss_cred_acquire(NULL, GSS_C_ACCEPT, NULL, NULL, &def);
            cred = def;
        }
        if (ret == 0 && cred->usage == GSS_C_INITIATE)
            ret = ntlm_err_detail(NTLM_ERR_CRED_USAGE, "the credential is "
                                  "for initiating only");
        if (ret == 0 && cred->user_file != NULL) {
            ctx->user_file = strdup(cred->user_file);
            if (ctx->user_file == NULL)
                ret = NTLM_ERR_NOMEM;
        }
        if (ret == 0)
            ret = ntlmgss_name_dup(cred->acceptor, &ctx->acceptor);
        ntlmgss_cred_free(def);
        if (ret == 0)
            ret = make_challenge(ctx, input, output);
        if (ret != 0) {
            ntlmgss_ctx_free(ctx);
            return ntlmgss_fail(minor_status, ret);
        }
        ctx->state = NTLMGSS_STATE_CHALLENGE_SENT;
        *ctx_h = (gss_ctx_id_t)ctx;
        maj = GSS_S_CONTINUE_NEEDED;
    } else if (!ctx->initiator && ctx->state == NTLMGSS_STATE_CHALLENGE_SENT) {
        ret = process_authenticate(ctx, input, cb);
        if (ret != 0) {
            /* One AUTHENTICATE per CHALLENGE: a failed attempt ends the
             * context, so the same server challenge cannot be retried
             * with another guess. */
            ctx->state = NTLMGSS_STATE_FAILED;
            ctx->last_minor = ret;
            return ntlmgss_fail(minor_status, ret);
        }
        if (src_name != NULL) {
            ret = ntlmgss_name_dup(ctx->src_name, &n);
            if (ret != 0)
                return ntlmgss_fail(minor_status, ret);
            *src_name = (gss_name_t)n;
        }
        maj = GSS_S_COMPLETE;
    } else {
        return ntlmgss_fail(minor_status, NTLM_ERR_BAD_STATE);
    }
    if (ret_flags != NULL)
        *ret_flags = ntlmgss_ctx_ret_flags(ctx);
    if (time_rec != NULL)
        *time_rec = GSS_C_INDEFINITE;
    *minor_status = 0;
    return maj;
}
