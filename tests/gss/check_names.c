/*
 * check_names.c - names through mechglue: forms, display lengths, compare,
 * export/import, UID names, localname/userok with the domain-aware policy,
 * and mechanism inquiries.  Regression tests for prior-art defects 9-11
 * and 13.
 */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gsstest.h"

/* A mechanism name (canonicalized into NTLM). */
static gss_name_t
mn(const char *s, gss_OID type)
{
    gss_buffer_desc b = { strlen(s), (void *)s };
    gss_name_t n = GSS_C_NO_NAME, c = GSS_C_NO_NAME;
    OM_uint32 maj, min;

    maj = gss_import_name(&min, &b, type, &n);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_canonicalize_name(&min, n, &t_ntlm_oid, &c);
    ck_assert_msg(maj == GSS_S_COMPLETE, "canonicalize %s: %x/%x", s, maj,
                  min);
    gss_release_name(&min, &n);
    return c;
}

static void
display_is(gss_name_t n, const char *want, gss_OID want_type)
{
    gss_buffer_desc b = GSS_C_EMPTY_BUFFER;
    gss_OID type = GSS_C_NO_OID;
    OM_uint32 maj, min;

    maj = gss_display_name(&min, n, &b, &type);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(b.length, strlen(want));
    ck_assert_mem_eq(b.value, want, b.length);
    if (want_type != GSS_C_NO_OID)
        ck_assert(gss_oid_equal(type, want_type));
    gss_release_buffer(&min, &b);
}

START_TEST(t_name_forms)
{
    gss_name_t n;
    OM_uint32 min;

    n = mn("TESTDOM\\alice", GSS_C_NT_USER_NAME);
    display_is(n, "TESTDOM\\alice", GSS_C_NT_USER_NAME);
    gss_release_name(&min, &n);
    n = mn("alice@example.test", GSS_C_NT_USER_NAME);
    display_is(n, "alice@example.test", GSS_C_NT_USER_NAME);
    gss_release_name(&min, &n);
    n = mn("HTTP@www.example.test", GSS_C_NT_HOSTBASED_SERVICE);
    display_is(n, "HTTP@www.example.test", GSS_C_NT_HOSTBASED_SERVICE);
    gss_release_name(&min, &n);
}
END_TEST

/* Defect 11: compare_name works (case-insensitive), mechanism names. */
START_TEST(t_regress_compare_name)
{
    gss_name_t a = mn("TESTDOM\\Alice", GSS_C_NT_USER_NAME);
    gss_name_t b = mn("testdom\\alice", GSS_C_NT_USER_NAME);
    gss_name_t c = mn("OTHER\\alice", GSS_C_NT_USER_NAME);
    OM_uint32 maj, min;
    int eq = -1;

    maj = gss_compare_name(&min, a, b, &eq);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_int_eq(eq, 1);
    maj = gss_compare_name(&min, a, c, &eq);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_int_eq(eq, 0);
    gss_release_name(&min, &a);
    gss_release_name(&min, &b);
    gss_release_name(&min, &c);
}
END_TEST

/* Defect 9: exported names carry no NUL and round-trip. */
START_TEST(t_regress_export_name)
{
    gss_name_t a = mn("TESTDOM\\alice", GSS_C_NT_USER_NAME), b = NULL;
    gss_buffer_desc exp = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;
    int eq = 0;

    maj = gss_export_name(&min, a, &exp);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert(((char *)exp.value)[exp.length - 1] != '\0');
    maj = gss_import_name(&min, &exp, GSS_C_NT_EXPORT_NAME, &b);
    ck_assert_msg(maj == GSS_S_COMPLETE, "import exported %x/%x", maj, min);
    maj = gss_compare_name(&min, a, b, &eq);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_int_eq(eq, 1);
    display_is(b, "TESTDOM\\alice", GSS_C_NO_OID);
    gss_release_buffer(&min, &exp);
    gss_release_name(&min, &a);
    gss_release_name(&min, &b);
}
END_TEST

/* Defect 13: UID names. */
START_TEST(t_regress_uid_name)
{
    gss_name_t n = mn("0", GSS_C_NT_STRING_UID_NAME);
    struct passwd *pw = getpwuid(0);

    ck_assert_ptr_nonnull(pw);
    display_is(n, pw->pw_name, GSS_C_NT_USER_NAME);
    {
        OM_uint32 min;

        gss_release_name(&min, &n);
    }
}
END_TEST

/* Defects 9 and 10: localname length, domain-aware mapping, userok. */
START_TEST(t_regress_localname)
{
    gss_name_t loc = mn("TESTDOM\\root", GSS_C_NT_USER_NAME);
    gss_name_t foreign = mn("EVILDOM\\root", GSS_C_NT_USER_NAME);
    gss_buffer_desc b = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;

    maj = gss_localname(&min, loc, &t_ntlm_oid, &b);
    ck_assert_msg(maj == GSS_S_COMPLETE, "localname %x/%x", maj, min);
    ck_assert_uint_eq(b.length, 4);
    ck_assert_mem_eq(b.value, "root", 4);
    gss_release_buffer(&min, &b);
    ck_assert_int_eq(gss_userok(loc, "root"), 1);
    maj = gss_localname(&min, foreign, &t_ntlm_oid, &b);
    ck_assert(GSS_ERROR(maj));
    ck_assert_int_eq(gss_userok(foreign, "root"), 0);
    gss_release_name(&min, &loc);
    gss_release_name(&min, &foreign);
    t_config("allow_foreign_localname = yes");
    foreign = mn("EVILDOM\\root", GSS_C_NT_USER_NAME);
    maj = gss_localname(&min, foreign, &t_ntlm_oid, &b);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_release_buffer(&min, &b);
    gss_release_name(&min, &foreign);
}
END_TEST

/* The authenticated source name maps through the same policy. */
START_TEST(t_src_localname)
{
    gss_cred_id_t ic = t_init_cred("OTHERDOM\\root", "rootpass");
    gss_cred_id_t ac = t_acc_cred();
    gss_buffer_desc b = GSS_C_EMPTY_BUFFER;
    struct t_hs h;
    OM_uint32 maj, min;

    memset(&h, 0, sizeof(h));
    ck_assert_msg(t_handshake(&h, ic, ac, GSS_C_INTEG_FLAG),
                  "init %x/%x accept %x/%x", h.imaj, h.imin, h.amaj, h.amin);
    maj = gss_localname(&min, h.src, &t_ntlm_oid, &b);
    ck_assert(GSS_ERROR(maj));
    ck_assert_int_eq(gss_userok(h.src, "root"), 0);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

START_TEST(t_mech_inquiries)
{
    gss_OID_set types = GSS_C_NO_OID_SET, attrs = GSS_C_NO_OID_SET;
    gss_buffer_desc sasl = GSS_C_EMPTY_BUFFER, nm = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc desc = GSS_C_EMPTY_BUFFER;
    gss_OID m = GSS_C_NO_OID;
    OM_uint32 maj, min;
    int present = 0;

    maj = gss_inquire_names_for_mech(&min, &t_ntlm_oid, &types);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_test_oid_set_member(&min, GSS_C_NT_HOSTBASED_SERVICE, types,
                            &present);
    ck_assert_int_eq(present, 1);
    maj = gss_inquire_attrs_for_mech(&min, &t_ntlm_oid, &attrs, NULL);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_test_oid_set_member(&min, (gss_OID)GSS_C_MA_AUTH_INIT_ANON, attrs,
                            &present);
    ck_assert_int_eq(present, 1);
    gss_test_oid_set_member(&min, (gss_OID)GSS_C_MA_DELEG_CRED, attrs,
                            &present);
    ck_assert_int_eq(present, 0);
    maj = gss_inquire_saslname_for_mech(&min, &t_ntlm_oid, &sasl, &nm,
                                        &desc);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    maj = gss_inquire_mech_for_saslname(&min, &sasl, &m);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert(gss_oid_equal(m, &t_ntlm_oid));
    gss_release_buffer(&min, &sasl);
    gss_release_buffer(&min, &nm);
    gss_release_buffer(&min, &desc);
    gss_release_oid_set(&min, &types);
    gss_release_oid_set(&min, &attrs);
}
END_TEST

Suite *
names_suite(void)
{
    Suite *s = suite_create("names");
    TCase *tc = tcase_create("names");

    tcase_set_timeout(tc, T_TIMEOUT);
    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_name_forms);
    tcase_add_test(tc, t_regress_compare_name);
    tcase_add_test(tc, t_regress_export_name);
    tcase_add_test(tc, t_regress_uid_name);
    tcase_add_test(tc, t_regress_localname);
    tcase_add_test(tc, t_src_localname);
    tcase_add_test(tc, t_mech_inquiries);
    suite_add_tcase(s, tc);
    return s;
}
