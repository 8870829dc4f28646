// abi.cc - the SSPI headers from C++: Windows x64 sizes and offsets
// (ULONG 32-bit, SEC_WCHAR 16-bit, pointers 64-bit), and a few calls.
#define SECURITY_WIN32
#define UNICODE
#include <security.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <type_traits>

static_assert(sizeof(ULONG) == 4, "ULONG");
static_assert(sizeof(LONG) == 4, "LONG");
static_assert(sizeof(SECURITY_STATUS) == 4, "SECURITY_STATUS");
static_assert(std::is_signed<SECURITY_STATUS>::value, "signed status");
static_assert(sizeof(SEC_WCHAR) == 2, "SEC_WCHAR");
static_assert(std::is_same<SEC_WCHAR, char16_t>::value, "char16_t");
static_assert(sizeof(ULONG_PTR) == 8, "ULONG_PTR");
static_assert(sizeof(SecHandle) == 16, "SecHandle");
static_assert(offsetof(SecHandle, dwUpper) == 8, "dwUpper");
static_assert(sizeof(TimeStamp) == 8, "TimeStamp");
static_assert(sizeof(SecBuffer) == 16, "SecBuffer");
static_assert(offsetof(SecBuffer, BufferType) == 4, "BufferType");
static_assert(offsetof(SecBuffer, pvBuffer) == 8, "pvBuffer");
static_assert(sizeof(SecBufferDesc) == 16, "SecBufferDesc");
static_assert(offsetof(SecBufferDesc, pBuffers) == 8, "pBuffers");
static_assert(sizeof(SecPkgInfoW) == 32, "SecPkgInfoW");
static_assert(offsetof(SecPkgInfoW, wRPCID) == 6, "wRPCID");
static_assert(offsetof(SecPkgInfoW, cbMaxToken) == 8, "cbMaxToken");
static_assert(offsetof(SecPkgInfoW, Name) == 16, "Name");
static_assert(offsetof(SecPkgInfoW, Comment) == 24, "Comment");
static_assert(sizeof(SEC_WINNT_AUTH_IDENTITY_W) == 48, "identity");
static_assert(offsetof(SEC_WINNT_AUTH_IDENTITY_W, UserLength) == 8, "ul");
static_assert(offsetof(SEC_WINNT_AUTH_IDENTITY_W, Domain) == 16, "dom");
static_assert(offsetof(SEC_WINNT_AUTH_IDENTITY_W, PasswordLength) == 40,
              "pl");
static_assert(offsetof(SEC_WINNT_AUTH_IDENTITY_W, Flags) == 44, "flags");
static_assert(sizeof(SEC_WINNT_AUTH_IDENTITY_A) == 48, "identity A");
static_assert(sizeof(SEC_WINNT_AUTH_IDENTITY_EXW) == 72, "identity EX");
static_assert(offsetof(SEC_WINNT_AUTH_IDENTITY_EXW, User) == 8, "ex user");
static_assert(offsetof(SEC_WINNT_AUTH_IDENTITY_EXW, Flags) == 52, "ex fl");
static_assert(offsetof(SEC_WINNT_AUTH_IDENTITY_EXW, PackageList) == 56,
              "ex pl");
static_assert(offsetof(SEC_WINNT_AUTH_IDENTITY_EXW, PackageListLength) ==
              64, "ex pll");
static_assert(sizeof(SEC_CHANNEL_BINDINGS) == 32, "bindings");
static_assert(offsetof(SEC_CHANNEL_BINDINGS, dwApplicationDataOffset) == 28,
              "app data offset");
static_assert(sizeof(SecPkgContext_Sizes) == 16, "Sizes");
static_assert(sizeof(SecPkgContext_StreamSizes) == 20, "StreamSizes");
static_assert(sizeof(SecPkgContext_Lifespan) == 16, "Lifespan");
static_assert(sizeof(SecPkgContext_SessionKey) == 16, "SessionKey");
static_assert(offsetof(SecPkgContext_SessionKey, SessionKey) == 8, "sk");
static_assert(sizeof(SecPkgContext_KeyInfoW) == 32, "KeyInfo");
static_assert(offsetof(SecPkgContext_KeyInfoW, KeySize) == 16, "KeySize");
static_assert(offsetof(SecPkgContext_KeyInfoW, EncryptAlgorithm) == 24,
              "EncryptAlgorithm");
static_assert(sizeof(SecPkgContext_NegotiationInfoW) == 16, "NegInfo");
static_assert(sizeof(SecPkgContext_NativeNamesW) == 16, "NativeNames");
static_assert(sizeof(SecPkgContext_Flags) == 4, "Flags");
static_assert(offsetof(SecurityFunctionTableW, EnumerateSecurityPackagesW)
              == 8, "table start");
static_assert(offsetof(SecurityFunctionTableW, QuerySecurityPackageInfoW)
              == 8 + 16 * 8, "table QSPI");
static_assert(offsetof(SecurityFunctionTableW, EncryptMessage) == 200,
              "table EncryptMessage");
static_assert(offsetof(SecurityFunctionTableW, SetContextAttributesW) ==
              8 + 26 * 8, "table SetContextAttributes");
static_assert(SEC_E_LOGON_DENIED == (SECURITY_STATUS)0x8009030C, "value");
static_assert(SEC_I_CONTINUE_NEEDED == 0x00090312, "value");
static_assert(ISC_REQ_INTEGRITY == 0x00010000 &&
              ASC_REQ_INTEGRITY == 0x00020000, "flags");
static_assert(SECBUFFER_READONLY_WITH_CHECKSUM == 0x10000000, "attr");

int
main()
{
    PSecPkgInfo info = nullptr;
    SECURITY_STATUS ret;
    PSecurityFunctionTable table = InitSecurityInterface();

    if (table == nullptr || table->dwVersion != 1)
        return 1;
    ret = QuerySecurityPackageInfo(const_cast<SEC_WCHAR *>(u"NTLM"), &info);
    if (ret != SEC_E_OK || info->Name[0] != u'N' || info->wRPCID != 10)
        return 2;
    FreeContextBuffer(info);
    CredHandle cred;
    SecInvalidateHandle(&cred);
    if (SecIsValidHandle(&cred) || FreeCredentialsHandle(&cred) !=
        SEC_E_INVALID_HANDLE)
        return 3;
    std::puts("abi ok");
    return 0;
}
