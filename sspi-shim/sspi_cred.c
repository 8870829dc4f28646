/*
 * sspi_cred.c - AcquireCredentialsHandle and the other credential calls.
 *
 * An explicit identity (SEC_WINNT_AUTH_IDENTITY_A/W or _EX, ANSI or
 * Unicode, lengths in characters) becomes gss_acquire_cred_with_password
 * for the package's mechanism only; no cache or file is written.  As on
 * Windows, ACH does not validate the account: if the mechanism refuses an
 * explicit identity, ACH still succeeds and InitializeSecurityContext
 * reports the failure.  No identity means the default credentials.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sspi_int.h"
#include "ntlmgss.h"

struct ident {
    char *user;
    char *domain;
    char *password;     /* NULL if none was given */
};

static void
ident_cleanup(struct ident *id)
{
    free(id->user);
    free(id->domain);
    sspi_zfreestr(id->password);
    memset(id, 0, sizeof(*id));
}

/* Copy an identity field: nchars units of 8 or 16 bits; NULL -> NULL. */
static SECURITY_STATUS
field_copy(const void *p, ULONG nchars, int wide, char **out)
{
    *out = NULL;
    if (p == NULL)
        return SEC_E_OK;
    if (wide) {
        *out = sspi_utf16_to_utf8(p, nchars);
    } else {
        *out = malloc((size_t)nchars + 1);
        if (*out != NULL) {
            memcpy(*out, p, nchars);
            (*out)[nchars] = '\0';
        }
    }
    return *out == NULL ? SEC_E_INSUFFICIENT_MEMORY : SEC_E_OK;
}

/* Read any of the identity structures; wide_call says which ACH was
 * called (the default when Flags names neither character set). */
static SECURITY_STATUS
ident_read(const void *auth, int wide_call, struct ident *id)
{
    const ULONG *hdr = auth;
    const void *user, *domain, *password;
    ULONG user_len, domain_len, password_len, flags;
    SECURITY_STATUS ret;
    int wide;

    memset(id, 0, sizeof(*id));
    if (hdr[0] == SEC_WINNT_AUTH_IDENTITY_VERSION &&
        (hdr[1] == sizeof(SEC_WINNT_AUTH_IDENTITY_EXW) ||
         hdr[1] == sizeof(SEC_WINNT_AUTH_IDENTITY_EXA))) {
        const SEC_WINNT_AUTH_IDENTITY_EXW *ex = auth;

        user = ex->User;
        user_len = ex->UserLength;
        domain = ex->Domain;
        domain_len = ex->DomainLength;
        password = ex->Password;
        password_len = ex->PasswordLength;
        flags = ex->Flags;
    } else {
        const SEC_WINNT_AUTH_IDENTITY_W *w = auth;

        user = w->User;
        user_len = w->UserLength;
        domain = w->Domain;
        domain_len = w->DomainLength;
        password = w->Password;
        password_len = w->PasswordLength;
        flags = w->Flags;
    }
    if (flags & SEC_WINNT_AUTH_IDENTITY_UNICODE)
        wide = 1;
    else if (flags & SEC_WINNT_AUTH_IDENTITY_ANSI)
        wide = 0;
    else
        wide = wide_call;

    ret = field_copy(user, user_len, wide, &id->user);
    if (ret != SEC_E_OK)
        goto done;
    ret = field_copy(domain, domain_len, wide, &id->domain);
    if (ret != SEC_E_OK)
        goto done;
    ret = field_copy(password, password_len, wide, &id->password);

done:
    if (ret != SEC_E_OK)
        ident_cleanup(id);
    return ret;
}

/* The GSS name text for an identity: "user@REALM" (realm upper-cased)
 * for Kerberos, and for Negotiate when the domain is a DNS name (so that
 * SPNEGO can use Kerberos); "DOMAIN\user" otherwise. */
static char *
ident_name(const struct ident *id, const struct sspi_pkg *pkg)
{
    const char *dom = id->domain != NULL ? id->domain : "";
    size_t len = strlen(id->user) + strlen(dom) + 2;
    char *s, *p;
    int realm = pkg->id == SSPI_PKG_KERBEROS ||
                (pkg->id == SSPI_PKG_NEGOTIATE && strchr(dom, '.') != NULL);

    s = malloc(len);
    if (s == NULL)
        return NULL;
    if (*dom == '\0' || strchr(id->user, '\\') != NULL ||
        strchr(id->user, '@') != NULL) {
        strcpy(s, id->user);
    } else if (realm) {
        snprintf(s, len, "%s@%s", id->user, dom);
        for (p = strchr(s, '@'); *p != '\0'; p++)
            *p = (char)toupper((unsigned char)*p);
    } else {
        snprintf(s, len, "%s\\%s", dom, id->user);
    }
    return s;
}

/* Import a principal: a service name ("HTTP/host" or "HTTP@host") for an
 * acceptor, a user name otherwise. */
static OM_uint32
import_principal(OM_uint32 *minor, const char *text, int acceptor,
                 const struct sspi_pkg *pkg, gss_name_t *out)
{
    gss_buffer_desc buf;
    gss_OID type = GSS_C_NT_USER_NAME;
    char *copy, *slash;
    OM_uint32 major;

    copy = strdup(text);
    if (copy == NULL) {
        *minor = ENOMEM;
        return GSS_S_FAILURE;
    }
    slash = strchr(copy, '/');
    if (acceptor && slash != NULL && strchr(copy, '@') == NULL) {
        *slash = '@';
        type = GSS_C_NT_HOSTBASED_SERVICE;
    } else if (acceptor && slash == NULL && strchr(copy, '@') != NULL) {
        type = GSS_C_NT_HOSTBASED_SERVICE;
    } else if (pkg->id == SSPI_PKG_KERBEROS) {
        type = (gss_OID)GSS_KRB5_NT_PRINCIPAL_NAME;
    }
    buf.value = copy;
    buf.length = strlen(copy);
    major = gss_import_name(minor, &buf, type, out);
    free(copy);
    return major;
}

static SECURITY_STATUS
acquire(const char *principal, const char *package, ULONG use,
        const void *auth, int wide, PCredHandle phCredential,
        PTimeStamp ptsExpiry)
{
    const struct sspi_pkg *pkg;
    struct sspi_cred *cred = NULL;
    struct ident id = { NULL, NULL, NULL };
    gss_OID_set_desc mechs;
    gss_name_t name = GSS_C_NO_NAME;
    gss_buffer_desc pw;
    OM_uint32 major, minor, lifetime = 0;
    SECURITY_STATUS ret;
    char *text = NULL;

    if (phCredential == NULL)
        return SEC_E_INVALID_PARAMETER;
    pkg = sspi_pkg_by_name(package);
    if (pkg == NULL)
        return SEC_E_SECPKG_NOT_FOUND;

    cred = calloc(1, sizeof(*cred));
    if (cred == NULL)
        return SEC_E_INSUFFICIENT_MEMORY;
    cred->pkg = pkg;
    cred->gcred = GSS_C_NO_CREDENTIAL;
    cred->refs = 1;
    switch (use & SECPKG_CRED_BOTH) {
    case SECPKG_CRED_INBOUND:
        cred->usage = GSS_C_ACCEPT;
        break;
    case SECPKG_CRED_OUTBOUND:
        cred->usage = GSS_C_INITIATE;
        break;
    case SECPKG_CRED_BOTH:
        cred->usage = GSS_C_BOTH;
        break;
    default:
        ret = SEC_E_UNKNOWN_CREDENTIALS;
        goto done;
    }

    mechs.count = 1;
    mechs.elements = (gss_OID)&pkg->oid;

    if (auth != NULL) {
        ret = ident_read(auth, wide, &id);
        if (ret != SEC_E_OK)
            goto done;
        cred->supplied = 1;
    }
    if (id.user != NULL && *id.user != '\0') {
        text = ident_name(&id, pkg);
        if (text == NULL) {
            ret = SEC_E_INSUFFICIENT_MEMORY;
            goto done;
        }
        major = import_principal(&minor, text, 0, pkg, &name);
    } else if (principal != NULL && *principal != '\0') {
        major = import_principal(&minor, principal,
                                 cred->usage == GSS_C_ACCEPT, pkg, &name);
    } else {
        major = GSS_S_COMPLETE;
    }
    if (GSS_ERROR(major)) {
        ret = sspi_map_status(major, minor, SSPI_OP_CRED, 0);
        goto done;
    }

    if (name != GSS_C_NO_NAME && id.password != NULL) {
        pw.value = id.password;
        pw.length = strlen(id.password);
        major = gss_acquire_cred_with_password(&minor, name, &pw,
                                               GSS_C_INDEFINITE, &mechs,
                                               cred->usage, &cred->gcred,
                                               NULL, &lifetime);
    } else {
        major = gss_acquire_cred(&minor, name, GSS_C_INDEFINITE, &mechs,
                                 cred->usage, &cred->gcred, NULL,
                                 &lifetime);
    }
    if (!GSS_ERROR(major)) {
        static gss_OID_desc win_oid = { NTLMGSS_OID_PRIVATE_LENGTH,
            (void *)NTLMGSS_OID_WINDOWS_FLAGS_BYTES };
        OM_uint32 tmin;

        (void)gss_set_cred_option(&tmin, &cred->gcred, &win_oid,
                                  GSS_C_NO_BUFFER);
    }
    if (GSS_ERROR(major)) {
        cred->gcred = GSS_C_NO_CREDENTIAL;
        ret = sspi_map_status(major, minor, SSPI_OP_CRED, 0);
        if (ret == SEC_E_INTERNAL_ERROR)
            ret = SEC_E_NO_CREDENTIALS;
        if (!cred->supplied)
            goto done;
        /* Windows does not check an explicit identity here. */
        cred->deferred = ret;
        lifetime = GSS_C_INDEFINITE;
    }

    ret = sspi_handle_new(SSPI_KIND_CRED, cred, phCredential);
    if (ret != SEC_E_OK)
        goto done;
    sspi_filetime(ptsExpiry, lifetime);
    cred = NULL;

done:
    if (name != GSS_C_NO_NAME)
        (void)gss_release_name(&minor, &name);
    free(text);
    ident_cleanup(&id);
    if (cred != NULL)
        sspi_cred_unref(cred);
    return ret;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
AcquireCredentialsHandleA(SEC_CHAR *pszPrincipal, SEC_CHAR *pszPackage,
                          ULONG fCredentialUse, void *pvLogonId,
                          void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
                          void *pvGetKeyArgument, PCredHandle phCredential,
                          PTimeStamp ptsExpiry)
{
    return acquire(pszPrincipal, pszPackage, fCredentialUse, pAuthData, 0,
                   phCredential, ptsExpiry);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
AcquireCredentialsHandleW(SEC_WCHAR *pszPrincipal, SEC_WCHAR *pszPackage,
                          ULONG fCredentialUse, void *pvLogonId,
                          void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
                          void *pvGetKeyArgument, PCredHandle phCredential,
                          PTimeStamp ptsExpiry)
{
    const uint16_t *wp = (const uint16_t *)pszPrincipal;
    const uint16_t *wk = (const uint16_t *)pszPackage;
    char *principal = NULL, *package = NULL;
    SECURITY_STATUS ret = SEC_E_INSUFFICIENT_MEMORY;

    if (wp != NULL) {
        principal = sspi_utf16_to_utf8(wp, sspi_utf16_len(wp));
        if (principal == NULL)
            goto done;
    }
    if (wk != NULL) {
        package = sspi_utf16_to_utf8(wk, sspi_utf16_len(wk));
        if (package == NULL)
            goto done;
    }
    ret = acquire(principal, package, fCredentialUse, pAuthData, 1,
                  phCredential, ptsExpiry);

done:
    free(principal);
    free(package);
    return ret;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
FreeCredentialsHandle(PCredHandle phCredential)
{
    struct sspi_cred *cred;

    cred = sspi_handle_remove(phCredential, SSPI_KIND_CRED);
    if (cred == NULL)
        return SEC_E_INVALID_HANDLE;
    sspi_cred_unref(cred);
    return SEC_E_OK;
}

static SECURITY_STATUS
query_cred(PCredHandle phCredential, ULONG attr, void *buffer, int wide)
{
    struct sspi_cred *cred;
    gss_name_t name = GSS_C_NO_NAME;
    gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor;
    SECURITY_STATUS ret;
    char *s = NULL;

    cred = sspi_cred_ref(phCredential);
    if (cred == NULL)
        return SEC_E_INVALID_HANDLE;
    if (attr != SECPKG_CRED_ATTR_NAMES) {
        ret = SEC_E_UNSUPPORTED_FUNCTION;
        goto done;
    }
    if (buffer == NULL) {
        ret = SEC_E_INVALID_PARAMETER;
        goto done;
    }
    if (cred->gcred == GSS_C_NO_CREDENTIAL && cred->deferred != SEC_E_OK) {
        ret = cred->deferred;
        goto done;
    }
    major = gss_inquire_cred(&minor, cred->gcred, &name, NULL, NULL, NULL);
    if (!GSS_ERROR(major) && name != GSS_C_NO_NAME)
        major = gss_display_name(&minor, name, &text, NULL);
    if (GSS_ERROR(major) || name == GSS_C_NO_NAME) {
        ret = name == GSS_C_NO_NAME && !GSS_ERROR(major)
            ? SEC_E_NO_CREDENTIALS
            : sspi_map_status(major, minor, SSPI_OP_QUERY, 0);
        goto done;
    }
    s = strndup(text.value, text.length);
    if (s == NULL) {
        ret = SEC_E_INSUFFICIENT_MEMORY;
        goto done;
    }
    ret = sspi_string_out(s, wide, (void **)buffer);

done:
    free(s);
    (void)gss_release_buffer(&minor, &text);
    if (name != GSS_C_NO_NAME)
        (void)gss_release_name(&minor, &name);
    sspi_cred_unref(cred);
    return ret;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
QueryCredentialsAttributesA(PCredHandle phCredential, ULONG ulAttribute,
                            void *pBuffer)
{
    return query_cred(phCredential, ulAttribute, pBuffer, 0);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
QueryCredentialsAttributesW(PCredHandle phCredential, ULONG ulAttribute,
                            void *pBuffer)
{
    return query_cred(phCredential, ulAttribute, pBuffer, 1);
}

static SECURITY_STATUS
cred_unsupported(PCredHandle phCredential)
{
    if (sspi_handle_get(phCredential, SSPI_KIND_CRED) == NULL)
        return SEC_E_INVALID_HANDLE;
    return SEC_E_UNSUPPORTED_FUNCTION;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
SetCredentialsAttributesA(PCredHandle phCredential, ULONG ulAttribute,
                          void *pBuffer, ULONG cbBuffer)
{
    return cred_unsupported(phCredential);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
SetCredentialsAttributesW(PCredHandle phCredential, ULONG ulAttribute,
                          void *pBuffer, ULONG cbBuffer)
{
    return cred_unsupported(phCredential);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
AddCredentialsA(PCredHandle hCredentials, SEC_CHAR *pszPrincipal,
                SEC_CHAR *pszPackage, ULONG fCredentialUse, void *pAuthData,
                SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
                PTimeStamp ptsExpiry)
{
    return cred_unsupported(hCredentials);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
AddCredentialsW(PCredHandle hCredentials, SEC_WCHAR *pszPrincipal,
                SEC_WCHAR *pszPackage, ULONG fCredentialUse,
                void *pAuthData, SEC_GET_KEY_FN pGetKeyFn,
                void *pvGetKeyArgument, PTimeStamp ptsExpiry)
{
    return cred_unsupported(hCredentials);
}
