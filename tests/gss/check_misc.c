/*
 * check_misc.c - MIT SPNEGO over the module end to end (mechListMIC via
 * the private .2 query, RC4 reset via .3), and per-message protection
 * after SPNEGO completes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gsstest.h"

static gss_OID_desc spnego_oid = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };

/* MIT SPNEGO picks the NTLM default credentials (default_user) on the
 * initiator and the user file on the acceptor; krb5 has no credentials
 * here and drops out. */
START_TEST(t_spnego)
{
    gss_buffer_desc in = { 6, (void *)"spnego" }, tok = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
    gss_OID mech = GSS_C_NO_OID;
    struct t_hs h;
    OM_uint32 maj, min;

    t_config("default_user = TESTDOM\\testuser");
    memset(&h, 0, sizeof(h));
    h.mech = &spnego_oid;
    h.target = t_service("HTTP@testsrv.example.test");
    ck_assert_msg(t_handshake(&h, GSS_C_NO_CREDENTIAL, GSS_C_NO_CREDENTIAL,
                              GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG),
                  "init %x/%x accept %x/%x", h.imaj, h.imin, h.amaj, h.amin);
    maj = gss_inquire_context(&min, h.actx, NULL, NULL, NULL, &mech, NULL,
                              NULL, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert(gss_oid_equal(mech, &t_ntlm_oid));
    maj = gss_wrap(&min, h.ictx, 1, GSS_C_QOP_DEFAULT, &in, NULL, &tok);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_unwrap(&min, h.actx, &tok, &out, NULL, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "unwrap after spnego %x/%x", maj,
                  min);
    ck_assert_mem_eq(out.value, "spnego", 6);
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &out);
    maj = gss_wrap(&min, h.actx, 1, GSS_C_QOP_DEFAULT, &in, NULL, &tok);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_unwrap(&min, h.ictx, &tok, &out, NULL, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &out);
    t_hs_cleanup(&h);
}
END_TEST

Suite *
misc_suite(void)
{
    Suite *s = suite_create("spnego");
    TCase *tc = tcase_create("spnego");

    tcase_set_timeout(tc, T_TIMEOUT);
    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_spnego);
    suite_add_tcase(s, tc);
    return s;
}
