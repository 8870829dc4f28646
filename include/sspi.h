/*
 * sspi.h - Windows Security Support Provider Interface for Linux (ntlmgss
 * SSPI shim).
 *
 * Types, constants and prototypes with the names, numeric values and LLP64
 * sizes of the Windows SDK, so that code written against SSPI compiles on
 * LP64 Linux once <windows.h> is dropped:
 *   ULONG / LONG / SECURITY_STATUS are 32-bit (never C "long"),
 *   SEC_WCHAR / WCHAR is a 16-bit UTF-16 unit (char16_t in C++, unsigned
 *   short in C; never wchar_t), handles are two pointer-sized integers.
 * The calling convention macro SEC_ENTRY is empty.  Usable from C and C++.
 * Define UNICODE to map the generic names (SecPkgInfo,
 * AcquireCredentialsHandle, ...) to the W forms; the default is the A forms.
 */
#ifndef NTLMGSS_SSPI_H
#define NTLMGSS_SSPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Windows base types (skipped if the application brings its own) ---- */
#ifndef SSPI_NO_WINTYPES
#ifndef SSPI_WINTYPES_DEFINED
#define SSPI_WINTYPES_DEFINED
typedef void VOID;
typedef void *PVOID, *LPVOID;
typedef unsigned char BYTE, UCHAR, BOOLEAN, *PBYTE, *LPBYTE, *PUCHAR;
typedef char CHAR, *PCHAR, *LPSTR, *PSTR;
typedef const char *LPCSTR, *PCSTR;
#ifdef __cplusplus
typedef char16_t WCHAR;
#else
typedef unsigned short WCHAR;
#endif
typedef WCHAR *PWCHAR, *LPWSTR, *PWSTR;
typedef const WCHAR *LPCWSTR, *PCWSTR;
typedef short SHORT;
typedef unsigned short USHORT, WORD, *PUSHORT;
typedef int32_t LONG, *PLONG, INT32;
typedef uint32_t ULONG, *PULONG, DWORD, *PDWORD, *LPDWORD, UINT32;
typedef int INT;
typedef unsigned int UINT;
typedef int BOOL, *PBOOL;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uintptr_t ULONG_PTR, *PULONG_PTR, SIZE_T, DWORD_PTR;
typedef intptr_t LONG_PTR;
typedef void *HANDLE;
typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG HighPart;
    } u;
#if defined(__cplusplus) || (defined(__STDC_VERSION__) && \
    __STDC_VERSION__ >= 201112L) || defined(__GNUC__)
    __extension__ struct {
        ULONG LowPart;
        LONG HighPart;
    };
#endif
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;
typedef struct _LUID {
    ULONG LowPart;
    LONG HighPart;
} LUID, *PLUID;
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef __TEXT
#ifdef UNICODE
#define __TEXT(s) u##s
#else
#define __TEXT(s) s
#endif
#define TEXT(s) __TEXT(s)
#endif
#ifdef UNICODE
typedef WCHAR TCHAR;
#else
typedef char TCHAR;
#endif
typedef TCHAR *LPTSTR;
typedef const TCHAR *LPCTSTR;
#endif /* SSPI_WINTYPES_DEFINED */
#endif /* SSPI_NO_WINTYPES */

#ifndef SEC_ENTRY
#define SEC_ENTRY
#endif
#ifndef SECURITY_WIN32
#define SECURITY_WIN32
#endif

typedef char SEC_CHAR;
typedef WCHAR SEC_WCHAR;
typedef LONG SECURITY_STATUS;
#ifdef UNICODE
#define SEC_TCHAR SEC_WCHAR
#else
#define SEC_TCHAR SEC_CHAR
#endif

/* ---- handles -------------------------------------------------------- */
typedef struct _SecHandle {
    ULONG_PTR dwLower;
    ULONG_PTR dwUpper;
} SecHandle, *PSecHandle;
typedef SecHandle CredHandle, *PCredHandle;
typedef SecHandle CtxtHandle, *PCtxtHandle;

#define SecInvalidateHandle(x) \
    ((PSecHandle)(x))->dwLower = ((PSecHandle)(x))->dwUpper = \
        ((ULONG_PTR)(intptr_t)-1)
#define SecIsValidHandle(x) \
    ((((PSecHandle)(x))->dwLower != ((ULONG_PTR)(intptr_t)-1)) && \
     (((PSecHandle)(x))->dwUpper != ((ULONG_PTR)(intptr_t)-1)))

typedef LARGE_INTEGER _SECURITY_INTEGER, SECURITY_INTEGER, *PSECURITY_INTEGER;
typedef SECURITY_INTEGER TimeStamp, *PTimeStamp;

typedef struct _SECURITY_STRING {
    USHORT Length;
    USHORT MaximumLength;
    USHORT *Buffer;
} SECURITY_STRING, *PSECURITY_STRING;

/* ---- status codes --------------------------------------------------- */
#define SEC_E_OK                          ((SECURITY_STATUS)0x00000000)
#define SEC_E_INSUFFICIENT_MEMORY         ((SECURITY_STATUS)0x80090300)
#define SEC_E_INVALID_HANDLE              ((SECURITY_STATUS)0x80090301)
#define SEC_E_UNSUPPORTED_FUNCTION        ((SECURITY_STATUS)0x80090302)
#define SEC_E_TARGET_UNKNOWN              ((SECURITY_STATUS)0x80090303)
#define SEC_E_INTERNAL_ERROR              ((SECURITY_STATUS)0x80090304)
#define SEC_E_SECPKG_NOT_FOUND            ((SECURITY_STATUS)0x80090305)
#define SEC_E_NOT_OWNER                   ((SECURITY_STATUS)0x80090306)
#define SEC_E_CANNOT_INSTALL              ((SECURITY_STATUS)0x80090307)
#define SEC_E_INVALID_TOKEN               ((SECURITY_STATUS)0x80090308)
#define SEC_E_CANNOT_PACK                 ((SECURITY_STATUS)0x80090309)
#define SEC_E_QOP_NOT_SUPPORTED           ((SECURITY_STATUS)0x8009030A)
#define SEC_E_NO_IMPERSONATION            ((SECURITY_STATUS)0x8009030B)
#define SEC_E_LOGON_DENIED                ((SECURITY_STATUS)0x8009030C)
#define SEC_E_UNKNOWN_CREDENTIALS         ((SECURITY_STATUS)0x8009030D)
#define SEC_E_NO_CREDENTIALS              ((SECURITY_STATUS)0x8009030E)
#define SEC_E_MESSAGE_ALTERED             ((SECURITY_STATUS)0x8009030F)
#define SEC_E_OUT_OF_SEQUENCE             ((SECURITY_STATUS)0x80090310)
#define SEC_E_NO_AUTHENTICATING_AUTHORITY ((SECURITY_STATUS)0x80090311)
#define SEC_E_BAD_PKGID                   ((SECURITY_STATUS)0x80090316)
#define SEC_E_CONTEXT_EXPIRED             ((SECURITY_STATUS)0x80090317)
#define SEC_E_INCOMPLETE_MESSAGE          ((SECURITY_STATUS)0x80090318)
#define SEC_E_INCOMPLETE_CREDENTIALS      ((SECURITY_STATUS)0x80090320)
#define SEC_E_BUFFER_TOO_SMALL            ((SECURITY_STATUS)0x80090321)
#define SEC_E_WRONG_PRINCIPAL             ((SECURITY_STATUS)0x80090322)
#define SEC_E_TIME_SKEW                   ((SECURITY_STATUS)0x80090324)
#define SEC_E_UNTRUSTED_ROOT              ((SECURITY_STATUS)0x80090325)
#define SEC_E_ILLEGAL_MESSAGE             ((SECURITY_STATUS)0x80090326)
#define SEC_E_CERT_UNKNOWN                ((SECURITY_STATUS)0x80090327)
#define SEC_E_CERT_EXPIRED                ((SECURITY_STATUS)0x80090328)
#define SEC_E_ENCRYPT_FAILURE             ((SECURITY_STATUS)0x80090329)
#define SEC_E_DECRYPT_FAILURE             ((SECURITY_STATUS)0x80090330)
#define SEC_E_ALGORITHM_MISMATCH          ((SECURITY_STATUS)0x80090331)
#define SEC_E_SECURITY_QOS_FAILED         ((SECURITY_STATUS)0x80090332)
#define SEC_E_UNFINISHED_CONTEXT_DELETED  ((SECURITY_STATUS)0x80090333)
#define SEC_E_NO_TGT_REPLY                ((SECURITY_STATUS)0x80090334)
#define SEC_E_NO_IP_ADDRESSES             ((SECURITY_STATUS)0x80090335)
#define SEC_E_WRONG_CREDENTIAL_HANDLE     ((SECURITY_STATUS)0x80090336)
#define SEC_E_CRYPTO_SYSTEM_INVALID       ((SECURITY_STATUS)0x80090337)
#define SEC_E_MAX_REFERRALS_EXCEEDED      ((SECURITY_STATUS)0x80090338)
#define SEC_E_MUST_BE_KDC                 ((SECURITY_STATUS)0x80090339)
#define SEC_E_STRONG_CRYPTO_NOT_SUPPORTED ((SECURITY_STATUS)0x8009033A)
#define SEC_E_TOO_MANY_PRINCIPALS         ((SECURITY_STATUS)0x8009033B)
#define SEC_E_NO_PA_DATA                  ((SECURITY_STATUS)0x8009033C)
#define SEC_E_PKINIT_NAME_MISMATCH        ((SECURITY_STATUS)0x8009033D)
#define SEC_E_SMARTCARD_LOGON_REQUIRED    ((SECURITY_STATUS)0x8009033E)
#define SEC_E_SHUTDOWN_IN_PROGRESS        ((SECURITY_STATUS)0x8009033F)
#define SEC_E_KDC_INVALID_REQUEST         ((SECURITY_STATUS)0x80090340)
#define SEC_E_KDC_UNABLE_TO_REFER         ((SECURITY_STATUS)0x80090341)
#define SEC_E_KDC_UNKNOWN_ETYPE           ((SECURITY_STATUS)0x80090342)
#define SEC_E_UNSUPPORTED_PREAUTH         ((SECURITY_STATUS)0x80090343)
#define SEC_E_DELEGATION_REQUIRED         ((SECURITY_STATUS)0x80090345)
#define SEC_E_BAD_BINDINGS                ((SECURITY_STATUS)0x80090346)
#define SEC_E_MULTIPLE_ACCOUNTS           ((SECURITY_STATUS)0x80090347)
#define SEC_E_NO_KERB_KEY                 ((SECURITY_STATUS)0x80090348)
#define SEC_E_CERT_WRONG_USAGE            ((SECURITY_STATUS)0x80090349)
#define SEC_E_DOWNGRADE_DETECTED          ((SECURITY_STATUS)0x80090350)
#define SEC_E_SMARTCARD_CERT_REVOKED      ((SECURITY_STATUS)0x80090351)
#define SEC_E_ISSUING_CA_UNTRUSTED        ((SECURITY_STATUS)0x80090352)
#define SEC_E_REVOCATION_OFFLINE_C        ((SECURITY_STATUS)0x80090353)
#define SEC_E_PKINIT_CLIENT_FAILURE       ((SECURITY_STATUS)0x80090354)
#define SEC_E_SMARTCARD_CERT_EXPIRED      ((SECURITY_STATUS)0x80090355)
#define SEC_E_NO_S4U_PROT_SUPPORT         ((SECURITY_STATUS)0x80090356)
#define SEC_E_CROSSREALM_DELEGATION_FAILURE ((SECURITY_STATUS)0x80090357)
#define SEC_E_REVOCATION_OFFLINE_KDC      ((SECURITY_STATUS)0x80090358)
#define SEC_E_ISSUING_CA_UNTRUSTED_KDC    ((SECURITY_STATUS)0x80090359)
#define SEC_E_KDC_CERT_EXPIRED            ((SECURITY_STATUS)0x8009035A)
#define SEC_E_KDC_CERT_REVOKED            ((SECURITY_STATUS)0x8009035B)
#define SEC_E_INVALID_PARAMETER           ((SECURITY_STATUS)0x8009035D)
#define SEC_E_DELEGATION_POLICY           ((SECURITY_STATUS)0x8009035E)
#define SEC_E_POLICY_NLTM_ONLY            ((SECURITY_STATUS)0x8009035F)
#define SEC_E_NO_CONTEXT                  ((SECURITY_STATUS)0x80090361)
#define SEC_E_PKU2U_CERT_FAILURE          ((SECURITY_STATUS)0x80090362)
#define SEC_E_MUTUAL_AUTH_FAILED          ((SECURITY_STATUS)0x80090363)

#define SEC_I_CONTINUE_NEEDED             ((SECURITY_STATUS)0x00090312)
#define SEC_I_COMPLETE_NEEDED             ((SECURITY_STATUS)0x00090313)
#define SEC_I_COMPLETE_AND_CONTINUE       ((SECURITY_STATUS)0x00090314)
#define SEC_I_LOCAL_LOGON                 ((SECURITY_STATUS)0x00090315)
#define SEC_I_CONTEXT_EXPIRED             ((SECURITY_STATUS)0x00090317)
#define SEC_I_INCOMPLETE_CREDENTIALS      ((SECURITY_STATUS)0x00090320)
#define SEC_I_RENEGOTIATE                 ((SECURITY_STATUS)0x00090321)
#define SEC_I_NO_LSA_CONTEXT              ((SECURITY_STATUS)0x00090323)
#define SEC_I_SIGNATURE_NEEDED            ((SECURITY_STATUS)0x0009035C)
#define SEC_I_NO_RENEGOTIATION            ((SECURITY_STATUS)0x00090360)

#define SEC_SUCCESS(s) ((SECURITY_STATUS)(s) >= 0)

/* ---- package capabilities ------------------------------------------- */
#define SECPKG_FLAG_INTEGRITY                0x00000001
#define SECPKG_FLAG_PRIVACY                  0x00000002
#define SECPKG_FLAG_TOKEN_ONLY               0x00000004
#define SECPKG_FLAG_DATAGRAM                 0x00000008
#define SECPKG_FLAG_CONNECTION               0x00000010
#define SECPKG_FLAG_MULTI_REQUIRED           0x00000020
#define SECPKG_FLAG_CLIENT_ONLY              0x00000040
#define SECPKG_FLAG_EXTENDED_ERROR           0x00000080
#define SECPKG_FLAG_IMPERSONATION            0x00000100
#define SECPKG_FLAG_ACCEPT_WIN32_NAME        0x00000200
#define SECPKG_FLAG_STREAM                   0x00000400
#define SECPKG_FLAG_NEGOTIABLE               0x00000800
#define SECPKG_FLAG_GSS_COMPATIBLE           0x00001000
#define SECPKG_FLAG_LOGON                    0x00002000
#define SECPKG_FLAG_ASCII_BUFFERS            0x00004000
#define SECPKG_FLAG_FRAGMENT                 0x00008000
#define SECPKG_FLAG_MUTUAL_AUTH              0x00010000
#define SECPKG_FLAG_DELEGATION               0x00020000
#define SECPKG_FLAG_READONLY_WITH_CHECKSUM   0x00040000
#define SECPKG_FLAG_RESTRICTED_TOKENS        0x00080000
#define SECPKG_FLAG_NEGO_EXTENDER            0x00100000
#define SECPKG_FLAG_NEGOTIABLE2              0x00200000
#define SECPKG_FLAG_APPCONTAINER_PASSTHROUGH 0x00400000
#define SECPKG_FLAG_APPCONTAINER_CHECKS      0x00800000
#define SECPKG_FLAG_CREDENTIAL_ISOLATION_ENABLED 0x01000000
#define SECPKG_FLAG_APPLY_LOOPBACK           0x02000000

#define SECPKG_ID_NONE 0xFFFF

#define RPC_C_AUTHN_NONE           0
#define RPC_C_AUTHN_GSS_NEGOTIATE  9
#define RPC_C_AUTHN_WINNT          10
#define RPC_C_AUTHN_GSS_KERBEROS   16
#define RPC_C_AUTHN_DEFAULT        0xFFFFFFFFL

#define NTLMSP_NAME_A   "NTLM"
#define MICROSOFT_KERBEROS_NAME_A "Kerberos"
#define NEGOSSP_NAME_A  "Negotiate"
#define NTLMSP_NAME     TEXT("NTLM")
#define MICROSOFT_KERBEROS_NAME TEXT("Kerberos")
#define NEGOSSP_NAME    TEXT("Negotiate")

typedef struct _SecPkgInfoA {
    ULONG fCapabilities;
    USHORT wVersion;
    USHORT wRPCID;
    ULONG cbMaxToken;
    SEC_CHAR *Name;
    SEC_CHAR *Comment;
} SecPkgInfoA, *PSecPkgInfoA;

typedef struct _SecPkgInfoW {
    ULONG fCapabilities;
    USHORT wVersion;
    USHORT wRPCID;
    ULONG cbMaxToken;
    SEC_WCHAR *Name;
    SEC_WCHAR *Comment;
} SecPkgInfoW, *PSecPkgInfoW;

/* ---- buffers -------------------------------------------------------- */
typedef struct _SecBuffer {
    ULONG cbBuffer;
    ULONG BufferType;
    void *pvBuffer;
} SecBuffer, *PSecBuffer;

typedef struct _SecBufferDesc {
    ULONG ulVersion;
    ULONG cBuffers;
    PSecBuffer pBuffers;
} SecBufferDesc, *PSecBufferDesc;

#define SECBUFFER_VERSION                 0
#define SECBUFFER_EMPTY                   0
#define SECBUFFER_DATA                    1
#define SECBUFFER_TOKEN                   2
#define SECBUFFER_PKG_PARAMS              3
#define SECBUFFER_MISSING                 4
#define SECBUFFER_EXTRA                   5
#define SECBUFFER_STREAM_TRAILER          6
#define SECBUFFER_STREAM_HEADER           7
#define SECBUFFER_NEGOTIATION_INFO        8
#define SECBUFFER_PADDING                 9
#define SECBUFFER_STREAM                  10
#define SECBUFFER_MECHLIST                11
#define SECBUFFER_MECHLIST_SIGNATURE      12
#define SECBUFFER_TARGET                  13
#define SECBUFFER_CHANNEL_BINDINGS        14
#define SECBUFFER_CHANGE_PASS_RESPONSE    15
#define SECBUFFER_TARGET_HOST             16
#define SECBUFFER_ALERT                   17
#define SECBUFFER_APPLICATION_PROTOCOLS   18
#define SECBUFFER_ATTRMASK                0xF0000000
#define SECBUFFER_READONLY                0x80000000
#define SECBUFFER_READONLY_WITH_CHECKSUM  0x10000000
#define SECBUFFER_RESERVED                0x60000000

typedef struct _SEC_NEGOTIATION_INFO {
    ULONG Size;
    ULONG NameLength;
    SEC_WCHAR *Name;
    void *Reserved;
} SEC_NEGOTIATION_INFO, *PSEC_NEGOTIATION_INFO;

typedef struct _SEC_CHANNEL_BINDINGS {
    ULONG dwInitiatorAddrType;
    ULONG cbInitiatorLength;
    ULONG dwInitiatorOffset;
    ULONG dwAcceptorAddrType;
    ULONG cbAcceptorLength;
    ULONG dwAcceptorOffset;
    ULONG cbApplicationDataLength;
    ULONG dwApplicationDataOffset;
} SEC_CHANNEL_BINDINGS, *PSEC_CHANNEL_BINDINGS;

#define SECURITY_NATIVE_DREP   0x00000010
#define SECURITY_NETWORK_DREP  0x00000000

#define SECPKG_CRED_INBOUND    0x00000001
#define SECPKG_CRED_OUTBOUND   0x00000002
#define SECPKG_CRED_BOTH       0x00000003
#define SECPKG_CRED_DEFAULT    0x00000004
#define SECPKG_CRED_RESERVED   0xF0000000
#define SECPKG_CRED_AUTOLOGON_RESTRICTED  0x00000010
#define SECPKG_CRED_PROCESS_POLICY_ONLY   0x00000020

/* ---- InitializeSecurityContext request / return flags ----------------- */
#define ISC_REQ_DELEGATE                0x00000001
#define ISC_REQ_MUTUAL_AUTH             0x00000002
#define ISC_REQ_REPLAY_DETECT           0x00000004
#define ISC_REQ_SEQUENCE_DETECT         0x00000008
#define ISC_REQ_CONFIDENTIALITY         0x00000010
#define ISC_REQ_USE_SESSION_KEY         0x00000020
#define ISC_REQ_PROMPT_FOR_CREDS        0x00000040
#define ISC_REQ_USE_SUPPLIED_CREDS      0x00000080
#define ISC_REQ_ALLOCATE_MEMORY         0x00000100
#define ISC_REQ_USE_DCE_STYLE           0x00000200
#define ISC_REQ_DATAGRAM                0x00000400
#define ISC_REQ_CONNECTION              0x00000800
#define ISC_REQ_CALL_LEVEL              0x00001000
#define ISC_REQ_FRAGMENT_SUPPLIED       0x00002000
#define ISC_REQ_EXTENDED_ERROR          0x00004000
#define ISC_REQ_STREAM                  0x00008000
#define ISC_REQ_INTEGRITY               0x00010000
#define ISC_REQ_IDENTIFY                0x00020000
#define ISC_REQ_NULL_SESSION            0x00040000
#define ISC_REQ_MANUAL_CRED_VALIDATION  0x00080000
#define ISC_REQ_RESERVED1               0x00100000
#define ISC_REQ_FRAGMENT_TO_FIT         0x00200000
#define ISC_REQ_FORWARD_CREDENTIALS     0x00400000
#define ISC_REQ_NO_INTEGRITY            0x00800000
#define ISC_REQ_USE_HTTP_STYLE          0x01000000
#define ISC_REQ_UNVERIFIED_TARGET_NAME  0x20000000
#define ISC_REQ_CONFIDENTIALITY_ONLY    0x40000000

#define ISC_RET_DELEGATE                0x00000001
#define ISC_RET_MUTUAL_AUTH             0x00000002
#define ISC_RET_REPLAY_DETECT           0x00000004
#define ISC_RET_SEQUENCE_DETECT         0x00000008
#define ISC_RET_CONFIDENTIALITY         0x00000010
#define ISC_RET_USE_SESSION_KEY         0x00000020
#define ISC_RET_USED_COLLECTED_CREDS    0x00000040
#define ISC_RET_USED_SUPPLIED_CREDS     0x00000080
#define ISC_RET_ALLOCATED_MEMORY        0x00000100
#define ISC_RET_USED_DCE_STYLE          0x00000200
#define ISC_RET_DATAGRAM                0x00000400
#define ISC_RET_CONNECTION              0x00000800
#define ISC_RET_INTERMEDIATE_RETURN     0x00001000
#define ISC_RET_CALL_LEVEL              0x00002000
#define ISC_RET_EXTENDED_ERROR          0x00004000
#define ISC_RET_STREAM                  0x00008000
#define ISC_RET_INTEGRITY               0x00010000
#define ISC_RET_IDENTIFY                0x00020000
#define ISC_RET_NULL_SESSION            0x00040000
#define ISC_RET_MANUAL_CRED_VALIDATION  0x00080000
#define ISC_RET_RESERVED1               0x00100000
#define ISC_RET_FRAGMENT_ONLY           0x00200000
#define ISC_RET_FORWARD_CREDENTIALS     0x00400000
#define ISC_RET_USED_HTTP_STYLE         0x01000000
#define ISC_RET_NO_ADDITIONAL_TOKEN     0x02000000
#define ISC_RET_REAUTHENTICATION        0x08000000
#define ISC_RET_CONFIDENTIALITY_ONLY    0x40000000

/* ---- AcceptSecurityContext request / return flags --------------------- */
#define ASC_REQ_DELEGATE                0x00000001
#define ASC_REQ_MUTUAL_AUTH             0x00000002
#define ASC_REQ_REPLAY_DETECT           0x00000004
#define ASC_REQ_SEQUENCE_DETECT         0x00000008
#define ASC_REQ_CONFIDENTIALITY         0x00000010
#define ASC_REQ_USE_SESSION_KEY         0x00000020
#define ASC_REQ_SESSION_TICKET          0x00000040
#define ASC_REQ_ALLOCATE_MEMORY         0x00000100
#define ASC_REQ_USE_DCE_STYLE           0x00000200
#define ASC_REQ_DATAGRAM                0x00000400
#define ASC_REQ_CONNECTION              0x00000800
#define ASC_REQ_CALL_LEVEL              0x00001000
#define ASC_REQ_FRAGMENT_SUPPLIED       0x00002000
#define ASC_REQ_EXTENDED_ERROR          0x00008000
#define ASC_REQ_STREAM                  0x00010000
#define ASC_REQ_INTEGRITY               0x00020000
#define ASC_REQ_LICENSING               0x00040000
#define ASC_REQ_IDENTIFY                0x00080000
#define ASC_REQ_ALLOW_NULL_SESSION      0x00100000
#define ASC_REQ_ALLOW_NON_USER_LOGONS   0x00200000
#define ASC_REQ_ALLOW_CONTEXT_REPLAY    0x00400000
#define ASC_REQ_FRAGMENT_TO_FIT         0x00800000
#define ASC_REQ_NO_TOKEN                0x01000000
#define ASC_REQ_PROXY_BINDINGS          0x04000000
#define ASC_REQ_ALLOW_MISSING_BINDINGS  0x10000000

#define ASC_RET_DELEGATE                0x00000001
#define ASC_RET_MUTUAL_AUTH             0x00000002
#define ASC_RET_REPLAY_DETECT           0x00000004
#define ASC_RET_SEQUENCE_DETECT         0x00000008
#define ASC_RET_CONFIDENTIALITY         0x00000010
#define ASC_RET_USE_SESSION_KEY         0x00000020
#define ASC_RET_SESSION_TICKET          0x00000040
#define ASC_RET_ALLOCATED_MEMORY        0x00000100
#define ASC_RET_USED_DCE_STYLE          0x00000200
#define ASC_RET_DATAGRAM                0x00000400
#define ASC_RET_CONNECTION              0x00000800
#define ASC_RET_CALL_LEVEL              0x00002000
#define ASC_RET_THIRD_LEG_FAILED        0x00004000
#define ASC_RET_EXTENDED_ERROR          0x00008000
#define ASC_RET_STREAM                  0x00010000
#define ASC_RET_INTEGRITY               0x00020000
#define ASC_RET_LICENSING               0x00040000
#define ASC_RET_IDENTIFY                0x00080000
#define ASC_RET_NULL_SESSION            0x00100000
#define ASC_RET_ALLOW_NON_USER_LOGONS   0x00200000
#define ASC_RET_ALLOW_CONTEXT_REPLAY    0x00400000
#define ASC_RET_FRAGMENT_ONLY           0x00800000
#define ASC_RET_NO_TOKEN                0x01000000
#define ASC_RET_NO_ADDITIONAL_TOKEN     0x02000000
#define ASC_RET_NO_PROXY_BINDINGS       0x04000000
#define ASC_RET_MISSING_BINDINGS        0x10000000

/* ---- context attributes -------------------------------------------- */
#define SECPKG_ATTR_SIZES                 0
#define SECPKG_ATTR_NAMES                 1
#define SECPKG_ATTR_LIFESPAN              2
#define SECPKG_ATTR_DCE_INFO              3
#define SECPKG_ATTR_STREAM_SIZES          4
#define SECPKG_ATTR_KEY_INFO              5
#define SECPKG_ATTR_AUTHORITY             6
#define SECPKG_ATTR_PROTO_INFO            7
#define SECPKG_ATTR_PASSWORD_EXPIRY       8
#define SECPKG_ATTR_SESSION_KEY           9
#define SECPKG_ATTR_PACKAGE_INFO          10
#define SECPKG_ATTR_USER_FLAGS            11
#define SECPKG_ATTR_NEGOTIATION_INFO      12
#define SECPKG_ATTR_NATIVE_NAMES          13
#define SECPKG_ATTR_FLAGS                 14
#define SECPKG_ATTR_USE_VALIDATED         15
#define SECPKG_ATTR_CREDENTIAL_NAME       16
#define SECPKG_ATTR_TARGET_INFORMATION    17
#define SECPKG_ATTR_ACCESS_TOKEN          18
#define SECPKG_ATTR_TARGET                19
#define SECPKG_ATTR_AUTHENTICATION_ID     20
#define SECPKG_ATTR_LOGOFF_TIME           21
#define SECPKG_ATTR_NEGO_KEYS             22
#define SECPKG_ATTR_PROMPTING_NEEDED      24
#define SECPKG_ATTR_UNIQUE_BINDINGS       25
#define SECPKG_ATTR_ENDPOINT_BINDINGS     26
#define SECPKG_ATTR_CLIENT_SPECIFIED_TARGET 27
#define SECPKG_ATTR_LAST_CLIENT_TOKEN_STATUS 30
#define SECPKG_ATTR_NEGO_PKG_INFO         31
#define SECPKG_ATTR_NEGO_STATUS           32
#define SECPKG_ATTR_CONTEXT_DELETED       33

#define SECPKG_CRED_ATTR_NAMES            1

#define SECPKG_NEGOTIATION_COMPLETE       0
#define SECPKG_NEGOTIATION_OPTIMISTIC     1
#define SECPKG_NEGOTIATION_IN_PROGRESS    2
#define SECPKG_NEGOTIATION_DIRECT         3
#define SECPKG_NEGOTIATION_TRY_MULTICRED  4

#define SECQOP_WRAP_NO_ENCRYPT            0x80000001
#define SECQOP_WRAP_OOB_DATA              0x40000000
#define KERB_WRAP_NO_ENCRYPT              0x80000001

#define SECPKG_CONTEXT_EXPORT_RESET_NEW   0x00000001
#define SECPKG_CONTEXT_EXPORT_DELETE_OLD  0x00000002
#define SECPKG_CONTEXT_EXPORT_TO_KERNEL   0x00000004

#ifndef CALG_RC4
#define CALG_RC4 0x00006801
#endif

typedef struct _SecPkgContext_Sizes {
    ULONG cbMaxToken;
    ULONG cbMaxSignature;
    ULONG cbBlockSize;
    ULONG cbSecurityTrailer;
} SecPkgContext_Sizes, *PSecPkgContext_Sizes;

typedef struct _SecPkgContext_StreamSizes {
    ULONG cbHeader;
    ULONG cbTrailer;
    ULONG cbMaximumMessage;
    ULONG cBuffers;
    ULONG cbBlockSize;
} SecPkgContext_StreamSizes, *PSecPkgContext_StreamSizes;

typedef struct _SecPkgContext_NamesA {
    SEC_CHAR *sUserName;
} SecPkgContext_NamesA, *PSecPkgContext_NamesA;
typedef struct _SecPkgContext_NamesW {
    SEC_WCHAR *sUserName;
} SecPkgContext_NamesW, *PSecPkgContext_NamesW;

typedef struct _SecPkgContext_Lifespan {
    TimeStamp tsStart;
    TimeStamp tsExpiry;
} SecPkgContext_Lifespan, *PSecPkgContext_Lifespan;

typedef struct _SecPkgContext_KeyInfoA {
    SEC_CHAR *sSignatureAlgorithmName;
    SEC_CHAR *sEncryptAlgorithmName;
    ULONG KeySize;
    ULONG SignatureAlgorithm;
    ULONG EncryptAlgorithm;
} SecPkgContext_KeyInfoA, *PSecPkgContext_KeyInfoA;
typedef struct _SecPkgContext_KeyInfoW {
    SEC_WCHAR *sSignatureAlgorithmName;
    SEC_WCHAR *sEncryptAlgorithmName;
    ULONG KeySize;
    ULONG SignatureAlgorithm;
    ULONG EncryptAlgorithm;
} SecPkgContext_KeyInfoW, *PSecPkgContext_KeyInfoW;

typedef struct _SecPkgContext_AuthorityA {
    SEC_CHAR *sAuthorityName;
} SecPkgContext_AuthorityA, *PSecPkgContext_AuthorityA;
typedef struct _SecPkgContext_AuthorityW {
    SEC_WCHAR *sAuthorityName;
} SecPkgContext_AuthorityW, *PSecPkgContext_AuthorityW;

typedef struct _SecPkgContext_SessionKey {
    ULONG SessionKeyLength;
    unsigned char *SessionKey;
} SecPkgContext_SessionKey, *PSecPkgContext_SessionKey;

typedef struct _SecPkgContext_PackageInfoA {
    PSecPkgInfoA PackageInfo;
} SecPkgContext_PackageInfoA, *PSecPkgContext_PackageInfoA;
typedef struct _SecPkgContext_PackageInfoW {
    PSecPkgInfoW PackageInfo;
} SecPkgContext_PackageInfoW, *PSecPkgContext_PackageInfoW;

typedef struct _SecPkgContext_NegotiationInfoA {
    PSecPkgInfoA PackageInfo;
    ULONG NegotiationState;
} SecPkgContext_NegotiationInfoA, *PSecPkgContext_NegotiationInfoA;
typedef struct _SecPkgContext_NegotiationInfoW {
    PSecPkgInfoW PackageInfo;
    ULONG NegotiationState;
} SecPkgContext_NegotiationInfoW, *PSecPkgContext_NegotiationInfoW;

typedef struct _SecPkgContext_NativeNamesA {
    SEC_CHAR *sClientName;
    SEC_CHAR *sServerName;
} SecPkgContext_NativeNamesA, *PSecPkgContext_NativeNamesA;
typedef struct _SecPkgContext_NativeNamesW {
    SEC_WCHAR *sClientName;
    SEC_WCHAR *sServerName;
} SecPkgContext_NativeNamesW, *PSecPkgContext_NativeNamesW;

typedef struct _SecPkgContext_Flags {
    ULONG Flags;
} SecPkgContext_Flags, *PSecPkgContext_Flags;

typedef struct _SecPkgContext_AccessToken {
    void *AccessToken;
} SecPkgContext_AccessToken, *PSecPkgContext_AccessToken;

typedef struct _SecPkgCredentials_NamesA {
    SEC_CHAR *sUserName;
} SecPkgCredentials_NamesA, *PSecPkgCredentials_NamesA;
typedef struct _SecPkgCredentials_NamesW {
    SEC_WCHAR *sUserName;
} SecPkgCredentials_NamesW, *PSecPkgCredentials_NamesW;

/* ---- authentication identities ------------------------------------- */
#define SEC_WINNT_AUTH_IDENTITY_ANSI        0x1
#define SEC_WINNT_AUTH_IDENTITY_UNICODE     0x2
#define SEC_WINNT_AUTH_IDENTITY_MARSHALLED  0x4
#define SEC_WINNT_AUTH_IDENTITY_ONLY        0x8
#define SEC_WINNT_AUTH_IDENTITY_VERSION     0x200
#define SEC_WINNT_AUTH_IDENTITY_VERSION_2   0x201

typedef struct _SEC_WINNT_AUTH_IDENTITY_A {
    unsigned char *User;
    ULONG UserLength;
    unsigned char *Domain;
    ULONG DomainLength;
    unsigned char *Password;
    ULONG PasswordLength;
    ULONG Flags;
} SEC_WINNT_AUTH_IDENTITY_A, *PSEC_WINNT_AUTH_IDENTITY_A;

typedef struct _SEC_WINNT_AUTH_IDENTITY_W {
    unsigned short *User;
    ULONG UserLength;
    unsigned short *Domain;
    ULONG DomainLength;
    unsigned short *Password;
    ULONG PasswordLength;
    ULONG Flags;
} SEC_WINNT_AUTH_IDENTITY_W, *PSEC_WINNT_AUTH_IDENTITY_W;

typedef struct _SEC_WINNT_AUTH_IDENTITY_EXA {
    ULONG Version;
    ULONG Length;
    unsigned char *User;
    ULONG UserLength;
    unsigned char *Domain;
    ULONG DomainLength;
    unsigned char *Password;
    ULONG PasswordLength;
    ULONG Flags;
    unsigned char *PackageList;
    ULONG PackageListLength;
} SEC_WINNT_AUTH_IDENTITY_EXA, *PSEC_WINNT_AUTH_IDENTITY_EXA;

typedef struct _SEC_WINNT_AUTH_IDENTITY_EXW {
    ULONG Version;
    ULONG Length;
    unsigned short *User;
    ULONG UserLength;
    unsigned short *Domain;
    ULONG DomainLength;
    unsigned short *Password;
    ULONG PasswordLength;
    ULONG Flags;
    unsigned short *PackageList;
    ULONG PackageListLength;
} SEC_WINNT_AUTH_IDENTITY_EXW, *PSEC_WINNT_AUTH_IDENTITY_EXW;

/* ---- function types --------------------------------------------------- */
typedef void (SEC_ENTRY *SEC_GET_KEY_FN)(void *Arg, void *Principal,
                                        ULONG KeyVer, void **Key,
                                        SECURITY_STATUS *Status);

#define SSPI_PROTO_ACH(name, strtype) \
    SECURITY_STATUS SEC_ENTRY name(strtype *pszPrincipal, \
        strtype *pszPackage, ULONG fCredentialUse, void *pvLogonId, \
        void *pAuthData, SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument, \
        PCredHandle phCredential, PTimeStamp ptsExpiry)
#define SSPI_PROTO_ISC(name, strtype) \
    SECURITY_STATUS SEC_ENTRY name(PCredHandle phCredential, \
        PCtxtHandle phContext, strtype *pszTargetName, ULONG fContextReq, \
        ULONG Reserved1, ULONG TargetDataRep, PSecBufferDesc pInput, \
        ULONG Reserved2, PCtxtHandle phNewContext, PSecBufferDesc pOutput, \
        ULONG *pfContextAttr, PTimeStamp ptsExpiry)

SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesA(
    ULONG *pcPackages, PSecPkgInfoA *ppPackageInfo);
SECURITY_STATUS SEC_ENTRY EnumerateSecurityPackagesW(
    ULONG *pcPackages, PSecPkgInfoW *ppPackageInfo);
SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoA(
    SEC_CHAR *pszPackageName, PSecPkgInfoA *ppPackageInfo);
SECURITY_STATUS SEC_ENTRY QuerySecurityPackageInfoW(
    SEC_WCHAR *pszPackageName, PSecPkgInfoW *ppPackageInfo);
SSPI_PROTO_ACH(AcquireCredentialsHandleA, SEC_CHAR);
SSPI_PROTO_ACH(AcquireCredentialsHandleW, SEC_WCHAR);
SECURITY_STATUS SEC_ENTRY FreeCredentialsHandle(PCredHandle phCredential);
SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesA(PCredHandle phCredential,
                                                      ULONG ulAttribute,
                                                      void *pBuffer);
SECURITY_STATUS SEC_ENTRY QueryCredentialsAttributesW(PCredHandle phCredential,
                                                      ULONG ulAttribute,
                                                      void *pBuffer);
SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesA(PCredHandle phCredential,
                                                    ULONG ulAttribute,
                                                    void *pBuffer,
                                                    ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY SetCredentialsAttributesW(PCredHandle phCredential,
                                                    ULONG ulAttribute,
                                                    void *pBuffer,
                                                    ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY AddCredentialsA(PCredHandle hCredentials,
    SEC_CHAR *pszPrincipal, SEC_CHAR *pszPackage, ULONG fCredentialUse,
    void *pAuthData, SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
    PTimeStamp ptsExpiry);
SECURITY_STATUS SEC_ENTRY AddCredentialsW(PCredHandle hCredentials,
    SEC_WCHAR *pszPrincipal, SEC_WCHAR *pszPackage, ULONG fCredentialUse,
    void *pAuthData, SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
    PTimeStamp ptsExpiry);
SSPI_PROTO_ISC(InitializeSecurityContextA, SEC_CHAR);
SSPI_PROTO_ISC(InitializeSecurityContextW, SEC_WCHAR);
SECURITY_STATUS SEC_ENTRY AcceptSecurityContext(PCredHandle phCredential,
    PCtxtHandle phContext, PSecBufferDesc pInput, ULONG fContextReq,
    ULONG TargetDataRep, PCtxtHandle phNewContext, PSecBufferDesc pOutput,
    ULONG *pfContextAttr, PTimeStamp ptsExpiry);
SECURITY_STATUS SEC_ENTRY CompleteAuthToken(PCtxtHandle phContext,
                                            PSecBufferDesc pToken);
SECURITY_STATUS SEC_ENTRY DeleteSecurityContext(PCtxtHandle phContext);
SECURITY_STATUS SEC_ENTRY ApplyControlToken(PCtxtHandle phContext,
                                            PSecBufferDesc pInput);
SECURITY_STATUS SEC_ENTRY QueryContextAttributesA(PCtxtHandle phContext,
                                                  ULONG ulAttribute,
                                                  void *pBuffer);
SECURITY_STATUS SEC_ENTRY QueryContextAttributesW(PCtxtHandle phContext,
                                                  ULONG ulAttribute,
                                                  void *pBuffer);
SECURITY_STATUS SEC_ENTRY SetContextAttributesA(PCtxtHandle phContext,
                                                ULONG ulAttribute,
                                                void *pBuffer,
                                                ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY SetContextAttributesW(PCtxtHandle phContext,
                                                ULONG ulAttribute,
                                                void *pBuffer,
                                                ULONG cbBuffer);
SECURITY_STATUS SEC_ENTRY ImpersonateSecurityContext(PCtxtHandle phContext);
SECURITY_STATUS SEC_ENTRY RevertSecurityContext(PCtxtHandle phContext);
SECURITY_STATUS SEC_ENTRY QuerySecurityContextToken(PCtxtHandle phContext,
                                                    void **Token);
SECURITY_STATUS SEC_ENTRY MakeSignature(PCtxtHandle phContext, ULONG fQOP,
                                        PSecBufferDesc pMessage,
                                        ULONG MessageSeqNo);
SECURITY_STATUS SEC_ENTRY VerifySignature(PCtxtHandle phContext,
                                          PSecBufferDesc pMessage,
                                          ULONG MessageSeqNo, ULONG *pfQOP);
SECURITY_STATUS SEC_ENTRY EncryptMessage(PCtxtHandle phContext, ULONG fQOP,
                                         PSecBufferDesc pMessage,
                                         ULONG MessageSeqNo);
SECURITY_STATUS SEC_ENTRY DecryptMessage(PCtxtHandle phContext,
                                         PSecBufferDesc pMessage,
                                         ULONG MessageSeqNo, ULONG *pfQOP);
SECURITY_STATUS SEC_ENTRY FreeContextBuffer(void *pvContextBuffer);
SECURITY_STATUS SEC_ENTRY ExportSecurityContext(PCtxtHandle phContext,
                                                ULONG fFlags,
                                                PSecBuffer pPackedContext,
                                                void **pToken);
SECURITY_STATUS SEC_ENTRY ImportSecurityContextA(SEC_CHAR *pszPackage,
                                                 PSecBuffer pPackedContext,
                                                 void *Token,
                                                 PCtxtHandle phContext);
SECURITY_STATUS SEC_ENTRY ImportSecurityContextW(SEC_WCHAR *pszPackage,
                                                 PSecBuffer pPackedContext,
                                                 void *Token,
                                                 PCtxtHandle phContext);

typedef SECURITY_STATUS (SEC_ENTRY *ENUMERATE_SECURITY_PACKAGES_FN_A)(
    ULONG *, PSecPkgInfoA *);
typedef SECURITY_STATUS (SEC_ENTRY *ENUMERATE_SECURITY_PACKAGES_FN_W)(
    ULONG *, PSecPkgInfoW *);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CREDENTIALS_ATTRIBUTES_FN_A)(
    PCredHandle, ULONG, void *);
typedef QUERY_CREDENTIALS_ATTRIBUTES_FN_A QUERY_CREDENTIALS_ATTRIBUTES_FN_W;
typedef SECURITY_STATUS (SEC_ENTRY *ACQUIRE_CREDENTIALS_HANDLE_FN_A)(
    SEC_CHAR *, SEC_CHAR *, ULONG, void *, void *, SEC_GET_KEY_FN, void *,
    PCredHandle, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *ACQUIRE_CREDENTIALS_HANDLE_FN_W)(
    SEC_WCHAR *, SEC_WCHAR *, ULONG, void *, void *, SEC_GET_KEY_FN, void *,
    PCredHandle, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *FREE_CREDENTIALS_HANDLE_FN)(PCredHandle);
typedef SECURITY_STATUS (SEC_ENTRY *INITIALIZE_SECURITY_CONTEXT_FN_A)(
    PCredHandle, PCtxtHandle, SEC_CHAR *, ULONG, ULONG, ULONG,
    PSecBufferDesc, ULONG, PCtxtHandle, PSecBufferDesc, ULONG *, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *INITIALIZE_SECURITY_CONTEXT_FN_W)(
    PCredHandle, PCtxtHandle, SEC_WCHAR *, ULONG, ULONG, ULONG,
    PSecBufferDesc, ULONG, PCtxtHandle, PSecBufferDesc, ULONG *, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *ACCEPT_SECURITY_CONTEXT_FN)(
    PCredHandle, PCtxtHandle, PSecBufferDesc, ULONG, ULONG, PCtxtHandle,
    PSecBufferDesc, ULONG *, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *COMPLETE_AUTH_TOKEN_FN)(PCtxtHandle,
                                                           PSecBufferDesc);
typedef SECURITY_STATUS (SEC_ENTRY *DELETE_SECURITY_CONTEXT_FN)(PCtxtHandle);
typedef SECURITY_STATUS (SEC_ENTRY *APPLY_CONTROL_TOKEN_FN)(PCtxtHandle,
                                                           PSecBufferDesc);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_CONTEXT_ATTRIBUTES_FN_A)(
    PCtxtHandle, ULONG, void *);
typedef QUERY_CONTEXT_ATTRIBUTES_FN_A QUERY_CONTEXT_ATTRIBUTES_FN_W;
typedef SECURITY_STATUS (SEC_ENTRY *IMPERSONATE_SECURITY_CONTEXT_FN)(
    PCtxtHandle);
typedef SECURITY_STATUS (SEC_ENTRY *REVERT_SECURITY_CONTEXT_FN)(PCtxtHandle);
typedef SECURITY_STATUS (SEC_ENTRY *MAKE_SIGNATURE_FN)(PCtxtHandle, ULONG,
                                                      PSecBufferDesc, ULONG);
typedef SECURITY_STATUS (SEC_ENTRY *VERIFY_SIGNATURE_FN)(PCtxtHandle,
                                                        PSecBufferDesc,
                                                        ULONG, ULONG *);
typedef SECURITY_STATUS (SEC_ENTRY *FREE_CONTEXT_BUFFER_FN)(void *);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_PACKAGE_INFO_FN_A)(
    SEC_CHAR *, PSecPkgInfoA *);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_PACKAGE_INFO_FN_W)(
    SEC_WCHAR *, PSecPkgInfoW *);
typedef SECURITY_STATUS (SEC_ENTRY *EXPORT_SECURITY_CONTEXT_FN)(
    PCtxtHandle, ULONG, PSecBuffer, void **);
typedef SECURITY_STATUS (SEC_ENTRY *IMPORT_SECURITY_CONTEXT_FN_A)(
    SEC_CHAR *, PSecBuffer, void *, PCtxtHandle);
typedef SECURITY_STATUS (SEC_ENTRY *IMPORT_SECURITY_CONTEXT_FN_W)(
    SEC_WCHAR *, PSecBuffer, void *, PCtxtHandle);
typedef SECURITY_STATUS (SEC_ENTRY *ADD_CREDENTIALS_FN_A)(
    PCredHandle, SEC_CHAR *, SEC_CHAR *, ULONG, void *, SEC_GET_KEY_FN,
    void *, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *ADD_CREDENTIALS_FN_W)(
    PCredHandle, SEC_WCHAR *, SEC_WCHAR *, ULONG, void *, SEC_GET_KEY_FN,
    void *, PTimeStamp);
typedef SECURITY_STATUS (SEC_ENTRY *QUERY_SECURITY_CONTEXT_TOKEN_FN)(
    PCtxtHandle, void **);
typedef SECURITY_STATUS (SEC_ENTRY *ENCRYPT_MESSAGE_FN)(PCtxtHandle, ULONG,
                                                       PSecBufferDesc, ULONG);
typedef SECURITY_STATUS (SEC_ENTRY *DECRYPT_MESSAGE_FN)(PCtxtHandle,
                                                       PSecBufferDesc, ULONG,
                                                       ULONG *);
typedef SECURITY_STATUS (SEC_ENTRY *SET_CONTEXT_ATTRIBUTES_FN_A)(
    PCtxtHandle, ULONG, void *, ULONG);
typedef SET_CONTEXT_ATTRIBUTES_FN_A SET_CONTEXT_ATTRIBUTES_FN_W;
typedef SECURITY_STATUS (SEC_ENTRY *SET_CREDENTIALS_ATTRIBUTES_FN_A)(
    PCredHandle, ULONG, void *, ULONG);
typedef SET_CREDENTIALS_ATTRIBUTES_FN_A SET_CREDENTIALS_ATTRIBUTES_FN_W;

#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION    1
#define SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_2  2

typedef struct _SECURITY_FUNCTION_TABLE_A {
    ULONG dwVersion;
    ENUMERATE_SECURITY_PACKAGES_FN_A EnumerateSecurityPackagesA;
    QUERY_CREDENTIALS_ATTRIBUTES_FN_A QueryCredentialsAttributesA;
    ACQUIRE_CREDENTIALS_HANDLE_FN_A AcquireCredentialsHandleA;
    FREE_CREDENTIALS_HANDLE_FN FreeCredentialsHandle;
    void *Reserved2;
    INITIALIZE_SECURITY_CONTEXT_FN_A InitializeSecurityContextA;
    ACCEPT_SECURITY_CONTEXT_FN AcceptSecurityContext;
    COMPLETE_AUTH_TOKEN_FN CompleteAuthToken;
    DELETE_SECURITY_CONTEXT_FN DeleteSecurityContext;
    APPLY_CONTROL_TOKEN_FN ApplyControlToken;
    QUERY_CONTEXT_ATTRIBUTES_FN_A QueryContextAttributesA;
    IMPERSONATE_SECURITY_CONTEXT_FN ImpersonateSecurityContext;
    REVERT_SECURITY_CONTEXT_FN RevertSecurityContext;
    MAKE_SIGNATURE_FN MakeSignature;
    VERIFY_SIGNATURE_FN VerifySignature;
    FREE_CONTEXT_BUFFER_FN FreeContextBuffer;
    QUERY_SECURITY_PACKAGE_INFO_FN_A QuerySecurityPackageInfoA;
    void *Reserved3;
    void *Reserved4;
    EXPORT_SECURITY_CONTEXT_FN ExportSecurityContext;
    IMPORT_SECURITY_CONTEXT_FN_A ImportSecurityContextA;
    ADD_CREDENTIALS_FN_A AddCredentialsA;
    void *Reserved8;
    QUERY_SECURITY_CONTEXT_TOKEN_FN QuerySecurityContextToken;
    ENCRYPT_MESSAGE_FN EncryptMessage;
    DECRYPT_MESSAGE_FN DecryptMessage;
    SET_CONTEXT_ATTRIBUTES_FN_A SetContextAttributesA;
    SET_CREDENTIALS_ATTRIBUTES_FN_A SetCredentialsAttributesA;
} SecurityFunctionTableA, *PSecurityFunctionTableA;

typedef struct _SECURITY_FUNCTION_TABLE_W {
    ULONG dwVersion;
    ENUMERATE_SECURITY_PACKAGES_FN_W EnumerateSecurityPackagesW;
    QUERY_CREDENTIALS_ATTRIBUTES_FN_W QueryCredentialsAttributesW;
    ACQUIRE_CREDENTIALS_HANDLE_FN_W AcquireCredentialsHandleW;
    FREE_CREDENTIALS_HANDLE_FN FreeCredentialsHandle;
    void *Reserved2;
    INITIALIZE_SECURITY_CONTEXT_FN_W InitializeSecurityContextW;
    ACCEPT_SECURITY_CONTEXT_FN AcceptSecurityContext;
    COMPLETE_AUTH_TOKEN_FN CompleteAuthToken;
    DELETE_SECURITY_CONTEXT_FN DeleteSecurityContext;
    APPLY_CONTROL_TOKEN_FN ApplyControlToken;
    QUERY_CONTEXT_ATTRIBUTES_FN_W QueryContextAttributesW;
    IMPERSONATE_SECURITY_CONTEXT_FN ImpersonateSecurityContext;
    REVERT_SECURITY_CONTEXT_FN RevertSecurityContext;
    MAKE_SIGNATURE_FN MakeSignature;
    VERIFY_SIGNATURE_FN VerifySignature;
    FREE_CONTEXT_BUFFER_FN FreeContextBuffer;
    QUERY_SECURITY_PACKAGE_INFO_FN_W QuerySecurityPackageInfoW;
    void *Reserved3;
    void *Reserved4;
    EXPORT_SECURITY_CONTEXT_FN ExportSecurityContext;
    IMPORT_SECURITY_CONTEXT_FN_W ImportSecurityContextW;
    ADD_CREDENTIALS_FN_W AddCredentialsW;
    void *Reserved8;
    QUERY_SECURITY_CONTEXT_TOKEN_FN QuerySecurityContextToken;
    ENCRYPT_MESSAGE_FN EncryptMessage;
    DECRYPT_MESSAGE_FN DecryptMessage;
    SET_CONTEXT_ATTRIBUTES_FN_W SetContextAttributesW;
    SET_CREDENTIALS_ATTRIBUTES_FN_W SetCredentialsAttributesW;
} SecurityFunctionTableW, *PSecurityFunctionTableW;

PSecurityFunctionTableA SEC_ENTRY InitSecurityInterfaceA(void);
PSecurityFunctionTableW SEC_ENTRY InitSecurityInterfaceW(void);
typedef PSecurityFunctionTableA (SEC_ENTRY *INIT_SECURITY_INTERFACE_A)(void);
typedef PSecurityFunctionTableW (SEC_ENTRY *INIT_SECURITY_INTERFACE_W)(void);

#define SECURITY_ENTRYPOINT_ANSIA "InitSecurityInterfaceA"
#define SECURITY_ENTRYPOINT_ANSIW "InitSecurityInterfaceW"

/* ---- generic (TCHAR) names ------------------------------------------ */
#ifdef UNICODE
#define SecPkgInfo SecPkgInfoW
#define PSecPkgInfo PSecPkgInfoW
#define SecPkgContext_Names SecPkgContext_NamesW
#define PSecPkgContext_Names PSecPkgContext_NamesW
#define SecPkgContext_KeyInfo SecPkgContext_KeyInfoW
#define PSecPkgContext_KeyInfo PSecPkgContext_KeyInfoW
#define SecPkgContext_Authority SecPkgContext_AuthorityW
#define SecPkgContext_PackageInfo SecPkgContext_PackageInfoW
#define SecPkgContext_NegotiationInfo SecPkgContext_NegotiationInfoW
#define PSecPkgContext_NegotiationInfo PSecPkgContext_NegotiationInfoW
#define SecPkgContext_NativeNames SecPkgContext_NativeNamesW
#define SecPkgCredentials_Names SecPkgCredentials_NamesW
#define SEC_WINNT_AUTH_IDENTITY SEC_WINNT_AUTH_IDENTITY_W
#define PSEC_WINNT_AUTH_IDENTITY PSEC_WINNT_AUTH_IDENTITY_W
#define SEC_WINNT_AUTH_IDENTITY_EX SEC_WINNT_AUTH_IDENTITY_EXW
#define PSEC_WINNT_AUTH_IDENTITY_EX PSEC_WINNT_AUTH_IDENTITY_EXW
#define SecurityFunctionTable SecurityFunctionTableW
#define PSecurityFunctionTable PSecurityFunctionTableW
#define EnumerateSecurityPackages EnumerateSecurityPackagesW
#define QuerySecurityPackageInfo QuerySecurityPackageInfoW
#define AcquireCredentialsHandle AcquireCredentialsHandleW
#define QueryCredentialsAttributes QueryCredentialsAttributesW
#define SetCredentialsAttributes SetCredentialsAttributesW
#define AddCredentials AddCredentialsW
#define InitializeSecurityContext InitializeSecurityContextW
#define QueryContextAttributes QueryContextAttributesW
#define SetContextAttributes SetContextAttributesW
#define ImportSecurityContext ImportSecurityContextW
#define InitSecurityInterface InitSecurityInterfaceW
#define SECURITY_ENTRYPOINT SECURITY_ENTRYPOINT_ANSIW
#define INIT_SECURITY_INTERFACE INIT_SECURITY_INTERFACE_W
#else
#define SecPkgInfo SecPkgInfoA
#define PSecPkgInfo PSecPkgInfoA
#define SecPkgContext_Names SecPkgContext_NamesA
#define PSecPkgContext_Names PSecPkgContext_NamesA
#define SecPkgContext_KeyInfo SecPkgContext_KeyInfoA
#define PSecPkgContext_KeyInfo PSecPkgContext_KeyInfoA
#define SecPkgContext_Authority SecPkgContext_AuthorityA
#define SecPkgContext_PackageInfo SecPkgContext_PackageInfoA
#define SecPkgContext_NegotiationInfo SecPkgContext_NegotiationInfoA
#define PSecPkgContext_NegotiationInfo PSecPkgContext_NegotiationInfoA
#define SecPkgContext_NativeNames SecPkgContext_NativeNamesA
#define SecPkgCredentials_Names SecPkgCredentials_NamesA
#define SEC_WINNT_AUTH_IDENTITY SEC_WINNT_AUTH_IDENTITY_A
#define PSEC_WINNT_AUTH_IDENTITY PSEC_WINNT_AUTH_IDENTITY_A
#define SEC_WINNT_AUTH_IDENTITY_EX SEC_WINNT_AUTH_IDENTITY_EXA
#define PSEC_WINNT_AUTH_IDENTITY_EX PSEC_WINNT_AUTH_IDENTITY_EXA
#define SecurityFunctionTable SecurityFunctionTableA
#define PSecurityFunctionTable PSecurityFunctionTableA
#define EnumerateSecurityPackages EnumerateSecurityPackagesA
#define QuerySecurityPackageInfo QuerySecurityPackageInfoA
#define AcquireCredentialsHandle AcquireCredentialsHandleA
#define QueryCredentialsAttributes QueryCredentialsAttributesA
#define SetCredentialsAttributes SetCredentialsAttributesA
#define AddCredentials AddCredentialsA
#define InitializeSecurityContext InitializeSecurityContextA
#define QueryContextAttributes QueryContextAttributesA
#define SetContextAttributes SetContextAttributesA
#define ImportSecurityContext ImportSecurityContextA
#define InitSecurityInterface InitSecurityInterfaceA
#define SECURITY_ENTRYPOINT SECURITY_ENTRYPOINT_ANSIA
#define INIT_SECURITY_INTERFACE INIT_SECURITY_INTERFACE_A
#endif

#ifdef __cplusplus
}
#endif

#endif /* NTLMGSS_SSPI_H */
