/* check_message.c - MakeSignature / VerifySignature / EncryptMessage /
 * DecryptMessage through the shim, NTLM and Negotiate, both directions
 * (reference §4.3, §5 items 22-27). */
#include <stdlib.h>
#include <string.h>

#include "sspi_test.h"

static const char *const pkgs[] = { "NTLM", "Negotiate" };

static void
seal_roundtrip(CtxtHandle *from, CtxtHandle *to, const char *text)
{
    char msg[128];
    unsigned char trailer[64];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    ULONG qop = 0xdeadbeef;
    size_t len = strlen(text) + 1;

    memcpy(msg, text, len);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = sizeof(trailer);
    b[0].pvBuffer = trailer;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = (ULONG)len;
    b[1].pvBuffer = msg;
    ck_assert_int_eq(EncryptMessage(from, 0, &d, 0), SEC_E_OK);
    ck_assert_uint_eq(b[0].cbBuffer, 16);
    ck_assert_uint_eq(b[1].cbBuffer, len);
    ck_assert_int_ne(memcmp(msg, text, len), 0);
    /* NTLMv2 signature version 1 */
    ck_assert_int_eq(trailer[0], 1);
    ck_assert_int_eq(trailer[1] | trailer[2] | trailer[3], 0);
    ck_assert_int_eq(DecryptMessage(to, &d, 0, &qop), SEC_E_OK);
    ck_assert_str_eq(msg, text);
    /* pfQOP left untouched for NTLM (reference §5 item 26) */
    ck_assert_uint_eq(qop, 0xdeadbeef);
}

static void
sign_roundtrip(CtxtHandle *from, CtxtHandle *to)
{
    char msg[] = "Hello, world!";
    unsigned char sig[16];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    ULONG qop = 0xdeadbeef;

    b[0].BufferType = SECBUFFER_DATA;
    b[0].cbBuffer = sizeof(msg);
    b[0].pvBuffer = msg;
    b[1].BufferType = SECBUFFER_TOKEN;
    b[1].cbBuffer = sizeof(sig);
    b[1].pvBuffer = sig;
    ck_assert_int_eq(MakeSignature(from, 0, &d, 0), SEC_E_OK);
    ck_assert_uint_eq(b[1].cbBuffer, 16);
    ck_assert_str_eq(msg, "Hello, world!");
    ck_assert_int_eq(VerifySignature(to, &d, 0, &qop), SEC_E_OK);
    ck_assert_uint_eq(qop, 0xdeadbeef);
}

START_TEST(t_seal_both_ways)
{
    struct test_pair p;
    int i;

    ck_assert_int_eq(test_handshake(&p, pkgs[_i], ISC_REQ_CONFIDENTIALITY |
                                    ISC_REQ_INTEGRITY, 0), SEC_E_OK);
    for (i = 0; i < 3; i++) {
        seal_roundtrip(&p.cctx, &p.sctx, "client to server");
        seal_roundtrip(&p.sctx, &p.cctx, "server to client");
    }
    test_pair_free(&p);
}
END_TEST

START_TEST(t_sign_both_ways)
{
    struct test_pair p;
    int i;

    ck_assert_int_eq(test_handshake(&p, pkgs[_i], ISC_REQ_CONFIDENTIALITY |
                                    ISC_REQ_INTEGRITY, 0), SEC_E_OK);
    for (i = 0; i < 3; i++) {
        sign_roundtrip(&p.cctx, &p.sctx);
        sign_roundtrip(&p.sctx, &p.cctx);
    }
    test_pair_free(&p);
}
END_TEST

/* Tampered ciphertext or signature: SEC_E_MESSAGE_ALTERED (§5 item 24),
 * pfQOP untouched. */
START_TEST(t_tampered)
{
    struct test_pair p;
    char msg[] = "do not touch";
    unsigned char trailer[16];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
    ULONG qop = 0xdeadbeef;

    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_CONFIDENTIALITY |
                                    ISC_REQ_INTEGRITY, 0), SEC_E_OK);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = sizeof(trailer);
    b[0].pvBuffer = trailer;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = sizeof(msg);
    b[1].pvBuffer = msg;
    ck_assert_int_eq(EncryptMessage(&p.cctx, 0, &d, 0), SEC_E_OK);
    msg[3] ^= 1;
    ck_assert_int_eq(DecryptMessage(&p.sctx, &d, 0, &qop),
                     SEC_E_MESSAGE_ALTERED);
    ck_assert_uint_eq(qop, 0xdeadbeef);

    /* a wrong 16-byte signature */
    b[0].BufferType = SECBUFFER_DATA;
    b[0].cbBuffer = sizeof(msg);
    b[0].pvBuffer = msg;
    b[1].BufferType = SECBUFFER_TOKEN;
    b[1].cbBuffer = sizeof(trailer);
    b[1].pvBuffer = trailer;
    memset(trailer, 0x55, sizeof(trailer));
    trailer[0] = 1;
    trailer[1] = trailer[2] = trailer[3] = 0;
    ck_assert_int_eq(VerifySignature(&p.sctx, &d, 0, &qop),
                     SEC_E_MESSAGE_ALTERED);
    ck_assert_uint_eq(qop, 0xdeadbeef);
    test_pair_free(&p);
}
END_TEST

/* §5 item 22 and §4.4: no TOKEN -> SEC_E_INVALID_TOKEN; TOKEN < 16 ->
 * SEC_E_BUFFER_TOO_SMALL. */
START_TEST(t_buffer_errors)
{
    struct test_pair p;
    char msg[] = "Hello, world!", msg2[] = "second";
    unsigned char tok[8];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_CONFIDENTIALITY |
                                    ISC_REQ_INTEGRITY, 0), SEC_E_OK);
    b[0].BufferType = SECBUFFER_DATA;
    b[0].cbBuffer = sizeof(msg);
    b[0].pvBuffer = msg;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = sizeof(msg2);
    b[1].pvBuffer = msg2;
    ck_assert_int_eq(MakeSignature(&p.cctx, 0, &d, 0), SEC_E_INVALID_TOKEN);
    ck_assert_int_eq(EncryptMessage(&p.cctx, 0, &d, 0),
                     SEC_E_INVALID_TOKEN);
    b[1].BufferType = SECBUFFER_TOKEN;
    b[1].cbBuffer = sizeof(tok);
    b[1].pvBuffer = tok;
    ck_assert_int_eq(MakeSignature(&p.cctx, 0, &d, 0),
                     SEC_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(EncryptMessage(&p.cctx, 0, &d, 0),
                     SEC_E_BUFFER_TOO_SMALL);
    ck_assert_str_eq(msg, "Hello, world!");
    ck_assert_int_eq(MakeSignature(&p.cctx, 7, &d, 0),
                     SEC_E_QOP_NOT_SUPPORTED);
    ck_assert_int_eq(EncryptMessage(&p.cctx, 7, &d, 0),
                     SEC_E_QOP_NOT_SUPPORTED);
    test_pair_free(&p);
}
END_TEST

/* §5 item 27: [DATA|RO_W_C header, DATA, DATA|RO_W_C trailer, TOKEN]. */
START_TEST(t_multi_buffer)
{
    struct test_pair p;
    char hdr[] = "Header Test", trl[] = "Header Test";
    char msg[] = "multi buffer message";
    unsigned char sig[16];
    SecBuffer b[4];
    SecBufferDesc d = { SECBUFFER_VERSION, 4, b };
    ULONG qop = 0xdeadbeef;
    SECURITY_STATUS ret;

    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_CONFIDENTIALITY |
                                    ISC_REQ_INTEGRITY, 0), SEC_E_OK);
    b[0].BufferType = SECBUFFER_DATA | SECBUFFER_READONLY_WITH_CHECKSUM;
    b[0].cbBuffer = sizeof(hdr);
    b[0].pvBuffer = hdr;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = sizeof(msg);
    b[1].pvBuffer = msg;
    b[2].BufferType = SECBUFFER_DATA | SECBUFFER_READONLY_WITH_CHECKSUM;
    b[2].cbBuffer = sizeof(trl);
    b[2].pvBuffer = trl;
    b[3].BufferType = SECBUFFER_TOKEN;
    b[3].cbBuffer = sizeof(sig);
    b[3].pvBuffer = sig;
    ck_assert_int_eq(MakeSignature(&p.cctx, 0, &d, 0), SEC_E_OK);
    ck_assert_int_eq(VerifySignature(&p.sctx, &d, 0, &qop), SEC_E_OK);

    ret = EncryptMessage(&p.cctx, 0, &d, 0);
    if (!test_ours() && ret == SEC_E_UNSUPPORTED_FUNCTION) {
        test_skip_other("multi-buffer EncryptMessage",
                        "it has no gss_wrap_iov");
        goto checksum;
    }
    ck_assert_int_eq(ret, SEC_E_OK);
    ck_assert_str_eq(hdr, "Header Test");
    ck_assert_str_eq(trl, "Header Test");
    ck_assert_str_ne(msg, "multi buffer message");
    ck_assert_int_eq(DecryptMessage(&p.sctx, &d, 0, &qop), SEC_E_OK);
    ck_assert_str_eq(msg, "multi buffer message");

checksum:
    /* the checksummed header is covered by the signature */
    hdr[0] = 'h';
    ck_assert_int_eq(MakeSignature(&p.cctx, 0, &d, 0), SEC_E_OK);
    hdr[0] = 'H';
    ck_assert_int_eq(VerifySignature(&p.sctx, &d, 0, &qop),
                     SEC_E_MESSAGE_ALTERED);
    ck_assert_uint_eq(qop, 0xdeadbeef);
    test_pair_free(&p);
}
END_TEST

/* [STREAM, DATA]: DATA is pointed into the decrypted stream. */
START_TEST(t_stream_decrypt)
{
    struct test_pair p;
    char msg[] = "stream me";
    unsigned char stream[64];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_CONFIDENTIALITY |
                                    ISC_REQ_INTEGRITY, 0), SEC_E_OK);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = 16;
    b[0].pvBuffer = stream;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = sizeof(msg);
    b[1].pvBuffer = msg;
    ck_assert_int_eq(EncryptMessage(&p.cctx, 0, &d, 0), SEC_E_OK);
    memcpy(stream + 16, msg, sizeof(msg));
    b[0].BufferType = SECBUFFER_STREAM;
    b[0].cbBuffer = 16 + sizeof(msg);
    b[0].pvBuffer = stream;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = 0;
    b[1].pvBuffer = NULL;
    ck_assert_int_eq(DecryptMessage(&p.sctx, &d, 0, NULL), SEC_E_OK);
    ck_assert_uint_eq(b[1].cbBuffer, sizeof(msg));
    ck_assert_ptr_nonnull(b[1].pvBuffer);
    ck_assert_str_eq(b[1].pvBuffer, "stream me");
    test_pair_free(&p);
}
END_TEST

/* Sequence: a replayed message is refused when sequence detection is on. */
START_TEST(t_replay)
{
    struct test_pair p;
    char msg[] = "once", copy[sizeof(msg)];
    unsigned char trailer[16], tcopy[16];
    SecBuffer b[2];
    SecBufferDesc d = { SECBUFFER_VERSION, 2, b };

    ck_assert_int_eq(test_handshake(&p, "NTLM", ISC_REQ_CONFIDENTIALITY |
                                    ISC_REQ_REPLAY_DETECT |
                                    ISC_REQ_SEQUENCE_DETECT, 0), SEC_E_OK);
    b[0].BufferType = SECBUFFER_TOKEN;
    b[0].cbBuffer = sizeof(trailer);
    b[0].pvBuffer = trailer;
    b[1].BufferType = SECBUFFER_DATA;
    b[1].cbBuffer = sizeof(msg);
    b[1].pvBuffer = msg;
    ck_assert_int_eq(EncryptMessage(&p.cctx, 0, &d, 0), SEC_E_OK);
    memcpy(copy, msg, sizeof(msg));
    memcpy(tcopy, trailer, sizeof(trailer));
    ck_assert_int_eq(DecryptMessage(&p.sctx, &d, 0, NULL), SEC_E_OK);
    memcpy(msg, copy, sizeof(msg));
    memcpy(trailer, tcopy, sizeof(trailer));
    ck_assert_int_ne(DecryptMessage(&p.sctx, &d, 0, NULL), SEC_E_OK);
    test_pair_free(&p);
}
END_TEST

Suite *
message_suite(void)
{
    Suite *s = suite_create("message");
    TCase *tc = tcase_create("message");

    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, t_seal_both_ways, 0, 2);
    tcase_add_loop_test(tc, t_sign_both_ways, 0, 2);
    tcase_add_test(tc, t_tampered);
    tcase_add_test(tc, t_buffer_errors);
    tcase_add_test(tc, t_multi_buffer);
    tcase_add_test(tc, t_stream_decrypt);
    tcase_add_test(tc, t_replay);
    suite_add_tcase(s, tc);
    return s;
}
