/*
 * sspi_pkg.c - the security packages (NTLM, Kerberos, Negotiate), package
 * queries, FreeContextBuffer and the SSPI function tables.
 *
 * A package is listed only if the GSSAPI library offers its mechanism
 * (gss_indicate_mechs).  Capabilities, versions, RPC ids and token sizes
 * are Windows' values (sspi-reference §5 items 20, 28 and the Kerberos
 * note).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sspi_int.h"

static const struct sspi_pkg packages[SSPI_PKG_COUNT] = {
    { SSPI_PKG_NTLM, "NTLM", "NTLM Security Package",
      0x00082B37, 1, RPC_C_AUTHN_WINNT, 2888,
      { 2888, 16, 0, 16 },
      { 10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a" } },
    { SSPI_PKG_KERBEROS, "Kerberos", "Microsoft Kerberos V1.0",
      0x000F3BBF, 1, RPC_C_AUTHN_GSS_KERBEROS, 48000,
      { 48000, 64, 8, 64 },
      { 9, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02" } },
    { SSPI_PKG_NEGOTIATE, "Negotiate", "Microsoft Package Negotiator",
      0x00083BB3, 1, RPC_C_AUTHN_GSS_NEGOTIATE, 48256,
      { 48256, 64, 8, 64 },
      { 6, (void *)"\x2b\x06\x01\x05\x05\x02" } },
};

static pthread_once_t avail_once = PTHREAD_ONCE_INIT;
static int avail[SSPI_PKG_COUNT];

static int
oid_equal(gss_const_OID a, gss_const_OID b)
{
    return a != GSS_C_NO_OID && b != GSS_C_NO_OID &&
           a->length == b->length &&
           memcmp(a->elements, b->elements, a->length) == 0;
}

static void
probe_mechs(void)
{
    OM_uint32 major, minor;
    gss_OID_set mechs = GSS_C_NO_OID_SET;
    size_t i, j;

    major = gss_indicate_mechs(&minor, &mechs);
    if (GSS_ERROR(major) || mechs == GSS_C_NO_OID_SET)
        return;
    for (i = 0; i < SSPI_PKG_COUNT; i++) {
        for (j = 0; j < mechs->count; j++) {
            if (oid_equal(&packages[i].oid, &mechs->elements[j]))
                avail[i] = 1;
        }
    }
    (void)gss_release_oid_set(&minor, &mechs);
}

/* sspi_pkg_available - nonzero if the package's mechanism is installed. */
int
sspi_pkg_available(const struct sspi_pkg *pkg)
{
    pthread_once(&avail_once, probe_mechs);
    return pkg != NULL && avail[pkg->id];
}

const struct sspi_pkg *
sspi_pkg_get(enum sspi_pkg_id id)
{
    return &packages[id];
}

/* sspi_pkg_by_name - the available package called name (case-insensitive,
 * as Windows), or NULL. */
const struct sspi_pkg *
sspi_pkg_by_name(const char *name)
{
    size_t i;

    if (name == NULL)
        return NULL;
    for (i = 0; i < SSPI_PKG_COUNT; i++) {
        if (strcasecmp(name, packages[i].name) == 0 &&
            sspi_pkg_available(&packages[i]))
            return &packages[i];
    }
    return NULL;
}

/* sspi_pkg_by_oid - the package of a mechanism OID, or NULL. */
const struct sspi_pkg *
sspi_pkg_by_oid(gss_const_OID oid)
{
    static const gss_OID_desc krb5_old = {
        5, (void *)"\x2b\x05\x01\x05\x02" };
    static const gss_OID_desc krb5_ms = {
        9, (void *)"\x2a\x86\x48\x82\xf7\x12\x01\x02\x02" };
    size_t i;

    for (i = 0; i < SSPI_PKG_COUNT; i++) {
        if (oid_equal(oid, &packages[i].oid))
            return &packages[i];
    }
    if (oid_equal(oid, &krb5_old) || oid_equal(oid, &krb5_ms))
        return &packages[SSPI_PKG_KERBEROS];
    return NULL;
}

/* Size of a string in the A (UTF-8) or W (UTF-16) form, with its NUL. */
static size_t
str_size(const char *s, int wide)
{
    return wide ? (strlen(s) + 1) * sizeof(SEC_WCHAR) : strlen(s) + 1;
}

/* Copy s into *pos (A or W form, ASCII only) and advance; returns the
 * start. */
static void *
str_put(const char *s, int wide, unsigned char **pos)
{
    void *start = *pos;
    size_t i, n = strlen(s) + 1;

    if (wide) {
        SEC_WCHAR w;

        for (i = 0; i < n; i++) {
            w = (SEC_WCHAR)(unsigned char)s[i];
            memcpy(*pos + i * sizeof(w), &w, sizeof(w));
        }
        *pos += n * sizeof(SEC_WCHAR);
    } else {
        memcpy(*pos, s, n);
        *pos += n;
    }
    return start;
}

/* Fill one SecPkgInfoA/W (same layout but for the string type). */
static void
fill_info(const struct sspi_pkg *pkg, int wide, SecPkgInfoA *info,
          unsigned char **pos)
{
    info->fCapabilities = pkg->caps;
    info->wVersion = pkg->version;
    info->wRPCID = pkg->rpcid;
    info->cbMaxToken = pkg->max_token;
    info->Name = str_put(pkg->name, wide, pos);
    info->Comment = str_put(pkg->comment, wide, pos);
}

/*
 * sspi_pkg_info_new - one allocation holding a SecPkgInfoA (or W) and its
 * strings, freed by one FreeContextBuffer.
 */
SECURITY_STATUS
sspi_pkg_info_new(const struct sspi_pkg *pkg, int wide, void **out_info)
{
    unsigned char *block, *pos;
    size_t len;

    *out_info = NULL;
    len = sizeof(SecPkgInfoA) + str_size(pkg->name, wide) +
          str_size(pkg->comment, wide);
    block = calloc(1, len);
    if (block == NULL)
        return SEC_E_INSUFFICIENT_MEMORY;
    pos = block + sizeof(SecPkgInfoA);
    fill_info(pkg, wide, (SecPkgInfoA *)block, &pos);
    *out_info = block;
    return SEC_E_OK;
}

static SECURITY_STATUS
enumerate(ULONG *pcPackages, void **ppPackageInfo, int wide)
{
    unsigned char *block, *pos;
    size_t i, n = 0, len = 0;
    SecPkgInfoA *infos;

    if (pcPackages == NULL || ppPackageInfo == NULL)
        return SEC_E_INVALID_PARAMETER;
    *pcPackages = 0;
    *ppPackageInfo = NULL;
    for (i = 0; i < SSPI_PKG_COUNT; i++) {
        if (!sspi_pkg_available(&packages[i]))
            continue;
        n++;
        len += sizeof(SecPkgInfoA) + str_size(packages[i].name, wide) +
               str_size(packages[i].comment, wide);
    }
    block = calloc(1, len ? len : 1);
    if (block == NULL)
        return SEC_E_INSUFFICIENT_MEMORY;
    infos = (SecPkgInfoA *)block;
    pos = block + n * sizeof(SecPkgInfoA);
    n = 0;
    for (i = 0; i < SSPI_PKG_COUNT; i++) {
        if (sspi_pkg_available(&packages[i]))
            fill_info(&packages[i], wide, &infos[n++], &pos);
    }
    *pcPackages = (ULONG)n;
    *ppPackageInfo = block;
    return SEC_E_OK;
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
EnumerateSecurityPackagesA(ULONG *pcPackages, PSecPkgInfoA *ppPackageInfo)
{
    return enumerate(pcPackages, (void **)ppPackageInfo, 0);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
EnumerateSecurityPackagesW(ULONG *pcPackages, PSecPkgInfoW *ppPackageInfo)
{
    return enumerate(pcPackages, (void **)ppPackageInfo, 1);
}

/* Unknown package: SEC_E_SECPKG_NOT_FOUND, *ppPackageInfo untouched
 * (reference §5 item 1). */
SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
QuerySecurityPackageInfoA(SEC_CHAR *pszPackageName,
                          PSecPkgInfoA *ppPackageInfo)
{
    const struct sspi_pkg *pkg;

    if (ppPackageInfo == NULL)
        return SEC_E_INVALID_PARAMETER;
    pkg = sspi_pkg_by_name(pszPackageName);
    if (pkg == NULL)
        return SEC_E_SECPKG_NOT_FOUND;
    return sspi_pkg_info_new(pkg, 0, (void **)ppPackageInfo);
}

SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
QuerySecurityPackageInfoW(SEC_WCHAR *pszPackageName,
                          PSecPkgInfoW *ppPackageInfo)
{
    const struct sspi_pkg *pkg;
    char *name;

    if (ppPackageInfo == NULL)
        return SEC_E_INVALID_PARAMETER;
    if (pszPackageName == NULL)
        return SEC_E_SECPKG_NOT_FOUND;
    name = sspi_utf16_to_utf8((const uint16_t *)pszPackageName,
                              sspi_utf16_len((const uint16_t *)
                                             pszPackageName));
    if (name == NULL)
        return SEC_E_INSUFFICIENT_MEMORY;
    pkg = sspi_pkg_by_name(name);
    free(name);
    if (pkg == NULL)
        return SEC_E_SECPKG_NOT_FOUND;
    return sspi_pkg_info_new(pkg, 1, (void **)ppPackageInfo);
}

/* FreeContextBuffer - free anything the shim handed to the caller. */
SSPI_EXPORT SECURITY_STATUS SEC_ENTRY
FreeContextBuffer(void *pvContextBuffer)
{
    free(pvContextBuffer);
    return SEC_E_OK;
}

/* ---- function tables (dwVersion 1; Reserved3/4 alias Encrypt/Decrypt,
 * reference §5 item 3) ---- */

static SecurityFunctionTableA table_a;
static SecurityFunctionTableW table_w;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void
fill_tables(void)
{
    table_a.dwVersion = SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION;
    table_a.EnumerateSecurityPackagesA = EnumerateSecurityPackagesA;
    table_a.QueryCredentialsAttributesA = QueryCredentialsAttributesA;
    table_a.AcquireCredentialsHandleA = AcquireCredentialsHandleA;
    table_a.FreeCredentialsHandle = FreeCredentialsHandle;
    table_a.Reserved2 = NULL;
    table_a.InitializeSecurityContextA = InitializeSecurityContextA;
    table_a.AcceptSecurityContext = AcceptSecurityContext;
    table_a.CompleteAuthToken = CompleteAuthToken;
    table_a.DeleteSecurityContext = DeleteSecurityContext;
    table_a.ApplyControlToken = ApplyControlToken;
    table_a.QueryContextAttributesA = QueryContextAttributesA;
    table_a.ImpersonateSecurityContext = ImpersonateSecurityContext;
    table_a.RevertSecurityContext = RevertSecurityContext;
    table_a.MakeSignature = MakeSignature;
    table_a.VerifySignature = VerifySignature;
    table_a.FreeContextBuffer = FreeContextBuffer;
    table_a.QuerySecurityPackageInfoA = QuerySecurityPackageInfoA;
    table_a.Reserved3 = (void *)EncryptMessage;
    table_a.Reserved4 = (void *)DecryptMessage;
    table_a.ExportSecurityContext = ExportSecurityContext;
    table_a.ImportSecurityContextA = ImportSecurityContextA;
    table_a.AddCredentialsA = AddCredentialsA;
    table_a.Reserved8 = NULL;
    table_a.QuerySecurityContextToken = QuerySecurityContextToken;
    table_a.EncryptMessage = EncryptMessage;
    table_a.DecryptMessage = DecryptMessage;
    table_a.SetContextAttributesA = SetContextAttributesA;
    table_a.SetCredentialsAttributesA = SetCredentialsAttributesA;

    table_w.dwVersion = SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION;
    table_w.EnumerateSecurityPackagesW = EnumerateSecurityPackagesW;
    table_w.QueryCredentialsAttributesW = QueryCredentialsAttributesW;
    table_w.AcquireCredentialsHandleW = AcquireCredentialsHandleW;
    table_w.FreeCredentialsHandle = FreeCredentialsHandle;
    table_w.Reserved2 = NULL;
    table_w.InitializeSecurityContextW = InitializeSecurityContextW;
    table_w.AcceptSecurityContext = AcceptSecurityContext;
    table_w.CompleteAuthToken = CompleteAuthToken;
    table_w.DeleteSecurityContext = DeleteSecurityContext;
    table_w.ApplyControlToken = ApplyControlToken;
    table_w.QueryContextAttributesW = QueryContextAttributesW;
    table_w.ImpersonateSecurityContext = ImpersonateSecurityContext;
    table_w.RevertSecurityContext = RevertSecurityContext;
    table_w.MakeSignature = MakeSignature;
    table_w.VerifySignature = VerifySignature;
    table_w.FreeContextBuffer = FreeContextBuffer;
    table_w.QuerySecurityPackageInfoW = QuerySecurityPackageInfoW;
    table_w.Reserved3 = (void *)EncryptMessage;
    table_w.Reserved4 = (void *)DecryptMessage;
    table_w.ExportSecurityContext = ExportSecurityContext;
    table_w.ImportSecurityContextW = ImportSecurityContextW;
    table_w.AddCredentialsW = AddCredentialsW;
    table_w.Reserved8 = NULL;
    table_w.QuerySecurityContextToken = QuerySecurityContextToken;
    table_w.EncryptMessage = EncryptMessage;
    table_w.DecryptMessage = DecryptMessage;
    table_w.SetContextAttributesW = SetContextAttributesW;
    table_w.SetCredentialsAttributesW = SetCredentialsAttributesW;
}

SSPI_EXPORT PSecurityFunctionTableA SEC_ENTRY
InitSecurityInterfaceA(void)
{
    pthread_once(&table_once, fill_tables);
    return &table_a;
}

SSPI_EXPORT PSecurityFunctionTableW SEC_ENTRY
InitSecurityInterfaceW(void)
{
    pthread_once(&table_once, fill_tables);
    return &table_w;
}
