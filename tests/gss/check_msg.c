/*
 * check_msg.c - per-message protection in both directions: wrap/unwrap
 * (sealed and sign-only), get_mic/verify_mic, empty messages, sequence
 * errors that do not break the stream, short tokens, the IOV family with
 * SIGN_ONLY buffers, export/import of established contexts, and the SSPI
 * session key.  Regression tests for prior-art defects 14-18.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gsstest.h"

static void
wrap_ok(gss_ctx_id_t a, gss_ctx_id_t b, const char *msg, int conf)
{
    gss_buffer_desc in = { strlen(msg), (void *)msg };
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;
    int cs = -1;

    maj = gss_wrap(&min, a, conf, GSS_C_QOP_DEFAULT, &in, &cs, &tok);
    ck_assert_msg(maj == GSS_S_COMPLETE, "wrap %x/%x", maj, min);
    ck_assert_int_eq(cs, conf);
    ck_assert_uint_eq(tok.length, in.length + 16);
    if (conf && in.length > 4)
        ck_assert(memcmp((uint8_t *)tok.value + 16, msg, in.length) != 0);
    if (!conf && in.length > 0)
        ck_assert_mem_eq((uint8_t *)tok.value + 16, msg, in.length);
    cs = -1;
    maj = gss_unwrap(&min, b, &tok, &out, &cs, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "unwrap %x/%x", maj, min);
    ck_assert_int_eq(cs, conf);
    ck_assert_uint_eq(out.length, in.length);
    if (in.length > 0)
        ck_assert_mem_eq(out.value, msg, in.length);
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &out);
}

static void
mic_ok(gss_ctx_id_t a, gss_ctx_id_t b, const char *msg)
{
    gss_buffer_desc in = { strlen(msg), (void *)msg };
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;

    maj = gss_get_mic(&min, a, GSS_C_QOP_DEFAULT, &in, &tok);
    ck_assert_msg(maj == GSS_S_COMPLETE, "get_mic %x/%x", maj, min);
    ck_assert_uint_eq(tok.length, 16);
    maj = gss_verify_mic(&min, b, &in, &tok, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "verify_mic %x/%x", maj, min);
    gss_release_buffer(&min, &tok);
}

START_TEST(t_wrap_both_ways)
{
    struct t_hs h;
    int i;

    t_pair(&h);
    for (i = 0; i < 3; i++) {
        wrap_ok(h.ictx, h.actx, "client to server", 1);
        wrap_ok(h.actx, h.ictx, "server to client", 1);
        mic_ok(h.ictx, h.actx, "mic from client");
        mic_ok(h.actx, h.ictx, "mic from server");
    }
    t_hs_cleanup(&h);
}
END_TEST

/* Defect 15: conf_req_flag = 0 gives a sign-only token. */
START_TEST(t_regress_sign_only_wrap)
{
    struct t_hs h;

    t_pair(&h);
    wrap_ok(h.ictx, h.actx, "signed, not sealed", 0);
    wrap_ok(h.actx, h.ictx, "signed back", 0);
    wrap_ok(h.ictx, h.actx, "sealed again", 1);
    t_hs_cleanup(&h);
}
END_TEST

/* Defect 14: empty messages are valid for get_mic and wrap. */
START_TEST(t_regress_empty_message)
{
    struct t_hs h;
    gss_buffer_desc empty = GSS_C_EMPTY_BUFFER, tok = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;

    t_pair(&h);
    wrap_ok(h.ictx, h.actx, "", 1);
    mic_ok(h.ictx, h.actx, "");
    maj = gss_get_mic(&min, h.actx, GSS_C_QOP_DEFAULT, &empty, &tok);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_verify_mic(&min, h.ictx, &empty, &tok, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_release_buffer(&min, &tok);
    t_hs_cleanup(&h);
}
END_TEST

/* Defect 16: a replayed or altered token is rejected and later valid
 * tokens still verify. */
START_TEST(t_regress_replay_keeps_stream)
{
    struct t_hs h;
    gss_buffer_desc in = { 5, (void *)"hello" };
    gss_buffer_desc t1 = GSS_C_EMPTY_BUFFER, t2 = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;

    t_pair(&h);
    maj = gss_get_mic(&min, h.ictx, GSS_C_QOP_DEFAULT, &in, &t1);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_verify_mic(&min, h.actx, &in, &t1, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    /* replay */
    maj = gss_verify_mic(&min, h.actx, &in, &t1, NULL);
    ck_assert(GSS_ERROR(maj));
    ck_assert(maj & GSS_S_DUPLICATE_TOKEN);
    ck_assert_uint_eq(min, NTLMGSS_MINOR_SEQ_DUPLICATE);
    /* altered sealed message */
    maj = gss_wrap(&min, h.ictx, 1, GSS_C_QOP_DEFAULT, &in, NULL, &t2);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ((uint8_t *)t2.value)[17] ^= 1;
    maj = gss_unwrap(&min, h.actx, &t2, &out, NULL, NULL);
    ck_assert_uint_eq(GSS_ROUTINE_ERROR(maj), GSS_S_BAD_SIG);
    ((uint8_t *)t2.value)[17] ^= 1;
    /* the genuine one still unwraps */
    maj = gss_unwrap(&min, h.actx, &t2, &out, NULL, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "unwrap after reject %x/%x", maj,
                  min);
    ck_assert_mem_eq(out.value, "hello", 5);
    gss_release_buffer(&min, &out);
    gss_release_buffer(&min, &t1);
    gss_release_buffer(&min, &t2);
    /* a token from the future is a gap; the stream continues */
    maj = gss_get_mic(&min, h.ictx, GSS_C_QOP_DEFAULT, &in, &t1);
    maj |= gss_get_mic(&min, h.ictx, GSS_C_QOP_DEFAULT, &in, &t2);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_verify_mic(&min, h.actx, &in, &t2, NULL);
    ck_assert(GSS_ERROR(maj) && (maj & GSS_S_GAP_TOKEN));
    ck_assert_uint_eq(min, NTLMGSS_MINOR_SEQ_GAP);
    maj = gss_verify_mic(&min, h.actx, &in, &t1, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_verify_mic(&min, h.actx, &in, &t2, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_release_buffer(&min, &t1);
    gss_release_buffer(&min, &t2);
    wrap_ok(h.ictx, h.actx, "still fine", 1);
    t_hs_cleanup(&h);
}
END_TEST

/* Defect 17: short tokens are defective, not a crash or ENOMEM. */
START_TEST(t_regress_short_tokens)
{
    struct t_hs h;
    gss_buffer_desc tok = { 8, (void *)"12345678" };
    gss_buffer_desc msg = { 1, (void *)"x" }, out = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;

    t_pair(&h);
    maj = gss_unwrap(&min, h.actx, &tok, &out, NULL, NULL);
    ck_assert_uint_eq(GSS_ROUTINE_ERROR(maj), GSS_S_DEFECTIVE_TOKEN);
    maj = gss_verify_mic(&min, h.actx, &msg, &tok, NULL);
    ck_assert_uint_eq(GSS_ROUTINE_ERROR(maj), GSS_S_DEFECTIVE_TOKEN);
    tok.length = 0;
    maj = gss_unwrap(&min, h.actx, &tok, &out, NULL, NULL);
    ck_assert(GSS_ERROR(maj));
    wrap_ok(h.ictx, h.actx, "stream intact", 1);
    t_hs_cleanup(&h);
}
END_TEST

START_TEST(t_wrap_size_limit)
{
    struct t_hs h;
    OM_uint32 maj, min, max = 0;

    t_pair(&h);
    maj = gss_wrap_size_limit(&min, h.ictx, 1, GSS_C_QOP_DEFAULT, 1000,
                              &max);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(max, 984);
    t_hs_cleanup(&h);
}
END_TEST

/* Defect 18: the IOV family, with SIGN_ONLY buffers, both directions. */
static void
iov_roundtrip(gss_ctx_id_t a, gss_ctx_id_t b, int conf)
{
    char hdr_ro[] = "rpc-header", data[] = "secret payload!", trl[] = "tr";
    char orig[sizeof(data)];
    gss_iov_buffer_desc iov[4];
    OM_uint32 maj, min;
    int cs = -1;

    memcpy(orig, data, sizeof(data));
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
    iov[0].buffer.length = 0;
    iov[0].buffer.value = NULL;
    iov[1].type = GSS_IOV_BUFFER_TYPE_SIGN_ONLY;
    iov[1].buffer.length = sizeof(hdr_ro) - 1;
    iov[1].buffer.value = hdr_ro;
    iov[2].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[2].buffer.length = sizeof(data) - 1;
    iov[2].buffer.value = data;
    iov[3].type = GSS_IOV_BUFFER_TYPE_SIGN_ONLY;
    iov[3].buffer.length = sizeof(trl) - 1;
    iov[3].buffer.value = trl;
    maj = gss_wrap_iov_length(&min, a, conf, GSS_C_QOP_DEFAULT, NULL, iov,
                              4);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(iov[0].buffer.length, 16);
    iov[0].buffer.value = malloc(16);
    maj = gss_wrap_iov(&min, a, conf, GSS_C_QOP_DEFAULT, &cs, iov, 4);
    ck_assert_msg(maj == GSS_S_COMPLETE, "wrap_iov %x/%x", maj, min);
    ck_assert_int_eq(cs, conf);
    if (conf)
        ck_assert(memcmp(data, orig, sizeof(data) - 1) != 0);
    ck_assert_str_eq(hdr_ro, "rpc-header");
    cs = -1;
    maj = gss_unwrap_iov(&min, b, &cs, NULL, iov, 4);
    ck_assert_msg(maj == GSS_S_COMPLETE, "unwrap_iov %x/%x", maj, min);
    ck_assert_int_eq(cs, conf);
    ck_assert_str_eq(data, orig);
    /* altering a SIGN_ONLY buffer breaks the signature */
    maj = gss_wrap_iov(&min, a, conf, GSS_C_QOP_DEFAULT, &cs, iov, 4);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    hdr_ro[0] = 'X';
    maj = gss_unwrap_iov(&min, b, &cs, NULL, iov, 4);
    ck_assert_uint_eq(GSS_ROUTINE_ERROR(maj), GSS_S_BAD_SIG);
    hdr_ro[0] = 'r';
    maj = gss_unwrap_iov(&min, b, &cs, NULL, iov, 4);
    ck_assert_msg(maj == GSS_S_COMPLETE, "unwrap_iov retry %x/%x", maj, min);
    ck_assert_str_eq(data, orig);
    free(iov[0].buffer.value);

    /* get_mic_iov / verify_mic_iov */
    iov[0].type = GSS_IOV_BUFFER_TYPE_MIC_TOKEN | GSS_IOV_BUFFER_FLAG_ALLOCATE;
    iov[0].buffer.length = 0;
    iov[0].buffer.value = NULL;
    maj = gss_get_mic_iov(&min, a, GSS_C_QOP_DEFAULT, iov, 4);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(iov[0].buffer.length, 16);
    maj = gss_verify_mic_iov(&min, b, NULL, iov, 4);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_release_iov_buffer(&min, iov, 4);
}

START_TEST(t_iov)
{
    struct t_hs h;

    t_pair(&h);
    iov_roundtrip(h.ictx, h.actx, 1);
    iov_roundtrip(h.actx, h.ictx, 1);
    iov_roundtrip(h.ictx, h.actx, 0);
    wrap_ok(h.ictx, h.actx, "after iov", 1);
    wrap_ok(h.actx, h.ictx, "after iov", 1);
    t_hs_cleanup(&h);
}
END_TEST

/* Two DATA buffers (sealed as one stream, gathered) and a single DATA
 * buffer sealed in place; a rejected token leaves the caller's buffers
 * as they were and the stream usable. */
START_TEST(t_iov_multi_data)
{
    char d1[] = "first part ", d2[] = "second part";
    gss_iov_buffer_desc iov[3];
    uint8_t hdr[16];
    struct t_hs h;
    OM_uint32 maj, min;
    int cs = -1;

    t_pair(&h);
    iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
    iov[0].buffer.length = sizeof(hdr);
    iov[0].buffer.value = hdr;
    iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[1].buffer.length = sizeof(d1) - 1;
    iov[1].buffer.value = d1;
    iov[2].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[2].buffer.length = sizeof(d2) - 1;
    iov[2].buffer.value = d2;
    maj = gss_wrap_iov(&min, h.ictx, 1, GSS_C_QOP_DEFAULT, &cs, iov, 3);
    ck_assert_msg(maj == GSS_S_COMPLETE, "wrap_iov %x/%x", maj, min);
    ck_assert_int_eq(cs, 1);
    ck_assert(memcmp(d1, "first part ", 11) != 0);
    /* one byte of the second buffer altered: refused, buffers intact */
    d2[3] ^= 1;
    maj = gss_unwrap_iov(&min, h.actx, &cs, NULL, iov, 3);
    ck_assert(GSS_ERROR(maj));
    ck_assert(memcmp(d1, "first part ", 11) != 0);
    d2[3] ^= 1;
    maj = gss_unwrap_iov(&min, h.actx, &cs, NULL, iov, 3);
    ck_assert_msg(maj == GSS_S_COMPLETE, "unwrap_iov %x/%x", maj, min);
    ck_assert_str_eq(d1, "first part ");
    ck_assert_str_eq(d2, "second part");
    /* the same with one DATA buffer (in place) */
    maj = gss_wrap_iov(&min, h.actx, 1, GSS_C_QOP_DEFAULT, &cs, iov, 2);
    ck_assert_msg(maj == GSS_S_COMPLETE, "wrap_iov %x/%x", maj, min);
    hdr[5] ^= 1;
    maj = gss_unwrap_iov(&min, h.ictx, &cs, NULL, iov, 2);
    ck_assert(GSS_ERROR(maj));
    ck_assert(memcmp(d1, "first part ", 11) != 0);     /* still sealed */
    hdr[5] ^= 1;
    maj = gss_unwrap_iov(&min, h.ictx, &cs, NULL, iov, 2);
    ck_assert_msg(maj == GSS_S_COMPLETE, "unwrap_iov %x/%x", maj, min);
    ck_assert_str_eq(d1, "first part ");
    wrap_ok(h.ictx, h.actx, "after iov", 1);
    wrap_ok(h.actx, h.ictx, "after iov", 1);
    t_hs_cleanup(&h);
}
END_TEST

/* Export/import an established context mid-stream (RC4 state and
 * sequence numbers carried). */
START_TEST(t_export_import_context)
{
    struct t_hs h;
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER;
    gss_ctx_id_t imp = GSS_C_NO_CONTEXT;
    gss_name_t src = GSS_C_NO_NAME;
    gss_buffer_desc dn = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;

    t_pair(&h);
    wrap_ok(h.ictx, h.actx, "before export", 1);
    mic_ok(h.actx, h.ictx, "before export");
    maj = gss_export_sec_context(&min, &h.actx, &tok);
    ck_assert_msg(maj == GSS_S_COMPLETE, "export %x/%x", maj, min);
    ck_assert_ptr_eq(h.actx, GSS_C_NO_CONTEXT);
    maj = gss_import_sec_context(&min, &tok, &imp);
    ck_assert_msg(maj == GSS_S_COMPLETE, "import %x/%x", maj, min);
    gss_release_buffer(&min, &tok);
    h.actx = imp;
    wrap_ok(h.ictx, h.actx, "after import", 1);
    wrap_ok(h.actx, h.ictx, "after import, back", 1);
    mic_ok(h.actx, h.ictx, "after import");
    maj = gss_inquire_context(&min, h.actx, &src, NULL, NULL, NULL, NULL,
                              NULL, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_display_name(&min, src, &dn, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(dn.length, strlen("TESTDOM\\testuser"));
    gss_release_buffer(&min, &dn);
    gss_release_name(&min, &src);
    /* a truncated export token is refused */
    maj = gss_export_sec_context(&min, &h.ictx, &tok);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    tok.length -= 5;
    maj = gss_import_sec_context(&min, &tok, &imp);
    ck_assert(GSS_ERROR(maj));
    tok.length += 5;
    gss_release_buffer(&min, &tok);
    t_hs_cleanup(&h);
}
END_TEST

START_TEST(t_sspi_session_key)
{
    struct t_hs h;
    gss_buffer_set_t a = GSS_C_NO_BUFFER_SET, b = GSS_C_NO_BUFFER_SET;
    static gss_OID_desc flags_oid = { 11,
        (void *)"\x2B\x06\x01\x04\x01\xB7\x7D\x85\x0F\x01\x64" };
    OM_uint32 maj, min;
    uint32_t f;

    t_pair(&h);
    maj = gss_inquire_sec_context_by_oid(&min, h.ictx,
                                         GSS_C_INQ_SSPI_SESSION_KEY, &a);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_inquire_sec_context_by_oid(&min, h.actx,
                                         GSS_C_INQ_SSPI_SESSION_KEY, &b);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(a->elements[0].length, 16);
    ck_assert_mem_eq(a->elements[0].value, b->elements[0].value, 16);
    gss_release_buffer_set(&min, &a);
    gss_release_buffer_set(&min, &b);
    maj = gss_inquire_sec_context_by_oid(&min, h.actx, &flags_oid, &a);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(a->elements[0].length, 4);
    memcpy(&f, a->elements[0].value, 4);
    ck_assert(f & 0x40000000u);     /* KEY_EXCH */
    ck_assert(f & 0x00080000u);     /* ESS */
    ck_assert(f & 0x20000000u);     /* 128 */
    gss_release_buffer_set(&min, &a);
    t_hs_cleanup(&h);
}
END_TEST

/* Without CONF and with Windows' rules (the credential option the SSPI
 * shim sets) the context signs but does not seal; wrap(conf=1) falls back
 * to sign-only with conf_state 0. */
START_TEST(t_integ_only)
{
    gss_OID_desc win = { NTLMGSS_OID_PRIVATE_LENGTH,
                         (void *)NTLMGSS_OID_WINDOWS_FLAGS_BYTES };
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac = t_acc_cred();
    struct t_hs h;
    OM_uint32 min;

    ck_assert_uint_eq(gss_set_cred_option(&min, &ic, &win,
                                          GSS_C_NO_BUFFER), GSS_S_COMPLETE);
    memset(&h, 0, sizeof(h));
    ck_assert(t_handshake(&h, ic, ac, GSS_C_INTEG_FLAG |
                          GSS_C_MUTUAL_FLAG));
    ck_assert(h.iflags & GSS_C_INTEG_FLAG);
    ck_assert(!(h.iflags & (GSS_C_CONF_FLAG | GSS_C_MUTUAL_FLAG)));
    ck_assert(!(h.aflags & GSS_C_CONF_FLAG));
    wrap_ok(h.ictx, h.actx, "integrity only", 0);
    mic_ok(h.actx, h.ictx, "integrity only");
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

/*
 * No protection asked: neither SIGN nor SEAL is negotiated.  As Windows
 * (sspi-reference §5 items 23-24, MS-NLMP 3.4.4): gss_get_mic gives the
 * dummy signature (version 1, then twelve zero bytes) and gss_verify_mic
 * accepts exactly that and nothing else; wrap/unwrap still refuse.
 */
static const uint8_t dummy_sig[16] = { 1 };

static void
mic_dummy(gss_ctx_id_t a, gss_ctx_id_t b, const char *msg)
{
    gss_buffer_desc in = { strlen(msg), (void *)msg };
    gss_buffer_desc tok = GSS_C_EMPTY_BUFFER;
    uint8_t bad[16];
    OM_uint32 maj, min;
    int i;

    maj = gss_get_mic(&min, a, GSS_C_QOP_DEFAULT, &in, &tok);
    ck_assert_msg(maj == GSS_S_COMPLETE, "get_mic %x/%x", maj, min);
    ck_assert_uint_eq(tok.length, 16);
    ck_assert_mem_eq(tok.value, dummy_sig, 16);
    gss_release_buffer(&min, &tok);
    /* every one-bit change of the dummy is refused */
    for (i = 0; i < 128; i++) {
        memcpy(bad, dummy_sig, 16);
        bad[i / 8] ^= (uint8_t)(1u << (i % 8));
        tok.value = bad;
        tok.length = 16;
        maj = gss_verify_mic(&min, b, &in, &tok, NULL);
        ck_assert_msg(GSS_ERROR(maj), "bit %d accepted", i);
    }
    tok.value = (void *)dummy_sig;
    tok.length = 16;
    maj = gss_verify_mic(&min, b, &in, &tok, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "verify dummy %x/%x", maj, min);
    /* and again (no sequence number in a dummy signature) */
    maj = gss_verify_mic(&min, b, &in, &tok, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "verify dummy %x/%x", maj, min);
}

START_TEST(t_no_protection)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac = t_acc_cred();
    gss_buffer_desc in = { 1, (void *)"x" }, tok = GSS_C_EMPTY_BUFFER;
    gss_iov_buffer_desc iov[2];
    uint8_t sig[16];
    struct t_hs h;
    OM_uint32 maj, min;
    int i;

    memset(&h, 0, sizeof(h));
    ck_assert(t_handshake(&h, ic, ac, 0));
    ck_assert(!(h.iflags & (GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG)));
    ck_assert(!(h.aflags & (GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG)));
    for (i = 0; i < 3; i++) {
        mic_dummy(h.ictx, h.actx, "Hello, world!");
        mic_dummy(h.actx, h.ictx, "");
    }
    /* the IOV forms too */
    iov[0].type = GSS_IOV_BUFFER_TYPE_DATA;
    iov[0].buffer.value = "Hello";
    iov[0].buffer.length = 5;
    iov[1].type = GSS_IOV_BUFFER_TYPE_MIC_TOKEN;
    iov[1].buffer.value = sig;
    iov[1].buffer.length = sizeof(sig);
    maj = gss_get_mic_iov(&min, h.ictx, GSS_C_QOP_DEFAULT, iov, 2);
    ck_assert_msg(maj == GSS_S_COMPLETE, "get_mic_iov %x/%x", maj, min);
    ck_assert_mem_eq(sig, dummy_sig, 16);
    maj = gss_verify_mic_iov(&min, h.actx, NULL, iov, 2);
    ck_assert_msg(maj == GSS_S_COMPLETE, "verify_mic_iov %x/%x", maj, min);
    sig[15] = 1;
    maj = gss_verify_mic_iov(&min, h.actx, NULL, iov, 2);
    ck_assert(GSS_ERROR(maj));
    /* no integrity: wrap and unwrap refuse */
    maj = gss_wrap(&min, h.ictx, 0, GSS_C_QOP_DEFAULT, &in, NULL, &tok);
    ck_assert(GSS_ERROR(maj));
    ck_assert_uint_eq(min, NTLMGSS_MINOR_NO_INTEG);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

/* A context that negotiated SIGN never accepts the dummy signature (also
 * as the very first message, sequence number 0). */
START_TEST(t_dummy_refused_with_sign)
{
    gss_buffer_desc in = { 13, (void *)"Hello, world!" };
    gss_buffer_desc tok = { 16, (void *)dummy_sig };
    struct t_hs h;
    OM_uint32 maj, min;

    t_pair(&h);
    maj = gss_verify_mic(&min, h.actx, &in, &tok, NULL);
    ck_assert(GSS_ERROR(maj));
    maj = gss_verify_mic(&min, h.ictx, &in, &tok, NULL);
    ck_assert(GSS_ERROR(maj));
    /* and the state is still usable */
    mic_ok(h.ictx, h.actx, "after the dummy");
    mic_ok(h.actx, h.ictx, "after the dummy");
    t_hs_cleanup(&h);
}
END_TEST

Suite *
msg_suite(void)
{
    Suite *s = suite_create("messages");
    TCase *tc = tcase_create("messages");

    tcase_set_timeout(tc, T_TIMEOUT);
    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_wrap_both_ways);
    tcase_add_test(tc, t_regress_sign_only_wrap);
    tcase_add_test(tc, t_regress_empty_message);
    tcase_add_test(tc, t_regress_replay_keeps_stream);
    tcase_add_test(tc, t_regress_short_tokens);
    tcase_add_test(tc, t_wrap_size_limit);
    tcase_add_test(tc, t_iov);
    tcase_add_test(tc, t_iov_multi_data);
    tcase_add_test(tc, t_export_import_context);
    tcase_add_test(tc, t_sspi_session_key);
    tcase_add_test(tc, t_integ_only);
    tcase_add_test(tc, t_no_protection);
    tcase_add_test(tc, t_dummy_refused_with_sign);
    suite_add_tcase(s, tc);
    return s;
}
