/*
 * check_domain.c - domain logons without a domain: what the acceptor does
 * when winbind is absent (NTLMGSS_WBCLIENT=none, set by check_gss.c), and
 * the RFC 6680 name attributes of a user-file logon (none).  The real
 * domain (Samba AD DC + member) is exercised in tests/domain.  Also the
 * smaller extensions: gss_inquire_names_for_mech, gss_pseudo_random
 * (unavailable), option .1 (sequence number), gssspi_mech_invoke .4.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gsstest.h"

/* domain_logins = yes without winbind: the first accept step fails with
 * winbind's precise code, not a generic one. */
START_TEST(t_domain_yes_without_winbind)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac;
    struct t_hs h;
    OM_uint32 min;

    t_config("domain_logins = yes");
    ac = t_acc_cred();
    memset(&h, 0, sizeof(h));
    ck_assert(!t_handshake(&h, ic, ac, GSS_C_INTEG_FLAG));
    ck_assert_uint_eq(GSS_ROUTINE_ERROR(h.amaj), GSS_S_UNAVAILABLE);
    ck_assert_uint_eq(h.amin, NTLMGSS_MINOR_WINBIND_UNAVAILABLE);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

/* auto without winbind and without a user file: winbind's code too. */
START_TEST(t_domain_auto_no_user_file)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac;
    struct t_hs h;
    OM_uint32 min;

    unsetenv("NTLM_USER_FILE");
    ac = t_acc_cred();
    memset(&h, 0, sizeof(h));
    ck_assert(!t_handshake(&h, ic, ac, GSS_C_INTEG_FLAG));
    ck_assert_uint_eq(h.amin, NTLMGSS_MINOR_WINBIND_UNAVAILABLE);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
    /* domain_logins = no: no acceptor credential at all */
    t_config("domain_logins = no");
    ck_assert(GSS_ERROR(gss_acquire_cred(&min, GSS_C_NO_NAME, 0, &t_ntlm_set,
                                         GSS_C_ACCEPT, &ac, NULL, NULL)));
    ck_assert_uint_eq(min, NTLMGSS_MINOR_NO_CREDS);
}
END_TEST

/* A user-file logon: an MN of our mechanism without attributes; asking
 * for a SID gives GSS_S_UNAVAILABLE / NO_SUCH_ATTR. */
START_TEST(t_domain_attrs_user_file)
{
    gss_buffer_desc attr = { strlen(NTLMGSS_ATTR_USER_SID),
                             (void *)NTLMGSS_ATTR_USER_SID };
    gss_buffer_desc bad = { 9, (void *)"urn:other" };
    gss_buffer_desc v = GSS_C_EMPTY_BUFFER, dv = GSS_C_EMPTY_BUFFER;
    gss_buffer_set_t attrs = GSS_C_NO_BUFFER_SET;
    gss_OID mech = GSS_C_NO_OID;
    struct t_hs h;
    OM_uint32 maj, min;
    int mn = 0, au = -1, co = -1, more = -1;

    t_pair(&h);
    maj = gss_inquire_name(&min, h.src, &mn, &mech, &attrs);
    ck_assert_msg(maj == GSS_S_COMPLETE, "inquire_name %x/%x", maj, min);
    ck_assert_int_eq(mn, 1);
    ck_assert(gss_oid_equal(mech, &t_ntlm_oid));
    gss_release_oid(&min, &mech);   /* mechglue hands out a copy */
    ck_assert(attrs == GSS_C_NO_BUFFER_SET || attrs->count == 0);
    gss_release_buffer_set(&min, &attrs);
    maj = gss_get_name_attribute(&min, h.src, &attr, &au, &co, &v, &dv,
                                 &more);
    ck_assert_uint_eq(maj, GSS_S_UNAVAILABLE);
    ck_assert_uint_eq(min, NTLMGSS_MINOR_NO_SUCH_ATTR);
    more = -1;
    maj = gss_get_name_attribute(&min, h.src, &bad, &au, &co, &v, &dv,
                                 &more);
    ck_assert_uint_eq(maj, GSS_S_UNAVAILABLE);
    /* MIT's local-login-user attribute is the gss_localname mapping */
    more = -1;
    maj = gss_get_name_attribute(&min, h.src, GSS_C_ATTR_LOCAL_LOGIN_USER,
                                 &au, &co, &v, &dv, &more);
    ck_assert_msg(maj == GSS_S_COMPLETE, "local-login-user %x/%x", maj, min);
    ck_assert_uint_eq(v.length, 8);
    ck_assert_mem_eq(v.value, "testuser", 8);
    ck_assert_int_eq(more, 0);
    gss_release_buffer(&min, &v);
    gss_release_buffer(&min, &dv);
    t_hs_cleanup(&h);
}
END_TEST

/* gss_inquire_names_for_mech lists the name types we import. */
START_TEST(t_names_for_mech)
{
    gss_OID_set types = GSS_C_NO_OID_SET;
    OM_uint32 maj, min;
    int present = 0;

    maj = gss_inquire_names_for_mech(&min, &t_ntlm_oid, &types);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    gss_test_oid_set_member(&min, GSS_C_NT_USER_NAME, types, &present);
    ck_assert(present);
    gss_test_oid_set_member(&min, GSS_C_NT_HOSTBASED_SERVICE, types,
                            &present);
    ck_assert(present);
    gss_test_oid_set_member(&min, GSS_C_NT_ANONYMOUS, types, &present);
    ck_assert(present);
    gss_release_oid_set(&min, &types);
}
END_TEST

/* gss_pseudo_random: no PRF is defined for NTLM -> honest UNAVAILABLE. */
START_TEST(t_pseudo_random_unavailable)
{
    gss_buffer_desc in = { 4, (void *)"seed" }, out = GSS_C_EMPTY_BUFFER;
    struct t_hs h;
    OM_uint32 maj, min;

    t_pair(&h);
    maj = gss_pseudo_random(&min, h.ictx, GSS_C_PRF_KEY_FULL, &in, 16, &out);
    ck_assert_uint_eq(GSS_ROUTINE_ERROR(maj), GSS_S_UNAVAILABLE);
    ck_assert_uint_eq(min, NTLMGSS_MINOR_UNSUPPORTED);
    ck_assert_uint_eq(out.length, 0);
    t_hs_cleanup(&h);
}
END_TEST

static uint32_t
wrap_seq(gss_ctx_id_t a, gss_ctx_id_t b, OM_uint32 *out_umaj)
{
    gss_buffer_desc in = { 3, (void *)"seq" }, tok = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
    OM_uint32 maj, min;
    const uint8_t *p;
    uint32_t seq;

    maj = gss_wrap(&min, a, 1, GSS_C_QOP_DEFAULT, &in, NULL, &tok);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    p = (const uint8_t *)tok.value + 12;   /* signature's SeqNum */
    seq = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
        (uint32_t)p[3] << 24;
    *out_umaj = gss_unwrap(&min, b, &tok, &out, NULL, NULL);
    gss_release_buffer(&min, &tok);
    gss_release_buffer(&min, &out);
    return seq;
}

/* Option .1 (set sequence number) on both ends: tokens carry it. */
START_TEST(t_set_seq_num)
{
    gss_OID_desc seq_oid = { NTLMGSS_OID_ARC_LENGTH + 1,
                             (void *)NTLMGSS_OID_ARC_BYTES "\x01" };
    uint32_t v = 1000;
    gss_buffer_desc b = { 4, &v };
    struct t_hs h;
    OM_uint32 maj, min, umaj;

    t_pair(&h);
    ck_assert_uint_eq(wrap_seq(h.ictx, h.actx, &umaj), 0);
    ck_assert_uint_eq(umaj, GSS_S_COMPLETE);
    maj = gss_set_sec_context_option(&min, &h.ictx, &seq_oid, &b);
    ck_assert_msg(maj == GSS_S_COMPLETE, "set seq %x/%x", maj, min);
    maj = gss_set_sec_context_option(&min, &h.actx, &seq_oid, &b);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(wrap_seq(h.ictx, h.actx, &umaj), 1000);
    ck_assert_uint_eq(umaj, GSS_S_COMPLETE);
    ck_assert_uint_eq(wrap_seq(h.actx, h.ictx, &umaj), 1000);
    ck_assert_uint_eq(umaj, GSS_S_COMPLETE);
    /* only one side moved: the peer sees a gap */
    v = 5000;
    maj = gss_set_sec_context_option(&min, &h.ictx, &seq_oid, &b);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
    ck_assert_uint_eq(wrap_seq(h.ictx, h.actx, &umaj), 5000);
    ck_assert(umaj != GSS_S_COMPLETE);
    b.length = 2;
    maj = gss_set_sec_context_option(&min, &h.ictx, &seq_oid, &b);
    ck_assert(GSS_ERROR(maj));
    t_hs_cleanup(&h);
}
END_TEST

/* gssspi_mech_invoke .4: the trace goes to the named file. */
START_TEST(t_mech_invoke_debug)
{
    gss_OID_desc dbg_oid = { NTLMGSS_OID_ARC_LENGTH + 1,
                             (void *)NTLMGSS_OID_ARC_BYTES "\x04" };
    gss_buffer_desc b;
    gss_cred_id_t ic;
    char path[512], line[512];
    OM_uint32 maj, min;
    FILE *f;
    int found = 0;

    snprintf(path, sizeof(path), "%s/debug.%d", t_dir, (int)getpid());
    b.value = path;
    b.length = strlen(path);
    maj = gssspi_mech_invoke(&min, &t_ntlm_oid, &dbg_oid, &b);
    ck_assert_msg(maj == GSS_S_COMPLETE, "mech_invoke %x/%x", maj, min);
    ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_release_cred(&min, &ic);
    f = fopen(path, "r");
    ck_assert(f != NULL);
    while (fgets(line, sizeof(line), f) != NULL) {
        if (strstr(line, "cred: acquired") != NULL)
            found = 1;
        ck_assert(strstr(line, "testpass") == NULL);
    }
    fclose(f);
    unlink(path);
    ck_assert(found);
    b.length = 0;
    maj = gssspi_mech_invoke(&min, &t_ntlm_oid, &dbg_oid, &b);
    ck_assert_uint_eq(maj, GSS_S_COMPLETE);
}
END_TEST

/* Both texts gss_display_status gives for (maj, min). */
static void
status_texts(OM_uint32 maj, OM_uint32 min, char *gss_text, size_t gn,
             char *mech_text, size_t mn)
{
    gss_buffer_desc b = GSS_C_EMPTY_BUFFER;
    OM_uint32 m, ctx = 0, st;

    st = gss_display_status(&m, maj, GSS_C_GSS_CODE, GSS_C_NO_OID, &ctx,
                            &b);
    ck_assert_uint_eq(st, GSS_S_COMPLETE);
    snprintf(gss_text, gn, "%.*s", (int)b.length, (char *)b.value);
    gss_release_buffer(&m, &b);
    ctx = 0;
    st = gss_display_status(&m, min, GSS_C_MECH_CODE, &t_ntlm_oid, &ctx,
                            &b);
    ck_assert_uint_eq(st, GSS_S_COMPLETE);
    snprintf(mech_text, mn, "%.*s", (int)b.length, (char *)b.value);
    gss_release_buffer(&m, &b);
}

/* A foreign domain's user: gss_localname fails with NO_LOCALNAME even
 * though mechglue then also asks the local-login-user attribute.  The
 * major is GSS_S_FAILURE (as krb5's KRB5_NO_LOCALNAME), not NAME_NOT_MN
 * ("not mechanism specific", which misled), and the mechanism's text
 * names the user and the reason. */
START_TEST(t_localname_foreign_minor)
{
    gss_buffer_desc b = GSS_C_EMPTY_BUFFER;
    gss_cred_id_t ic = t_init_cred("OTHERDOM\\root", "rootpass");
    gss_cred_id_t ac = t_acc_cred();
    gss_name_t local = GSS_C_NO_NAME;
    struct t_hs h;
    OM_uint32 maj, min;
    char gtext[256], mtext[512];
    uid_t uid = 12345;

    memset(&h, 0, sizeof(h));
    ck_assert(t_handshake(&h, ic, ac, GSS_C_INTEG_FLAG));
    maj = gss_localname(&min, h.src, &t_ntlm_oid, &b);
    ck_assert_uint_eq(maj, GSS_S_FAILURE);
    ck_assert_uint_eq(min, NTLMGSS_MINOR_NO_LOCALNAME);
    ck_assert_uint_eq(b.length, 0);
    status_texts(maj, min, gtext, sizeof(gtext), mtext, sizeof(mtext));
    ck_assert_msg(strstr(gtext, "mechanism specific") == NULL, "%s", gtext);
    ck_assert_msg(strcmp(mtext, "No local account for this name "
                         "(OTHERDOM\\root: domain OTHERDOM is not this "
                         "machine's and allow_foreign_localname is off)")
                  == 0,
                  "%s", mtext);
    /* without a mechanism OID mechglue finds ours from the name */
    maj = gss_localname(&min, h.src, GSS_C_NO_OID, &b);
    ck_assert_uint_eq(maj, GSS_S_FAILURE);
    ck_assert_uint_eq(min, NTLMGSS_MINOR_NO_LOCALNAME);
    maj = gss_pname_to_uid(&min, h.src, &t_ntlm_oid, &uid);
    ck_assert(GSS_ERROR(maj));
    ck_assert_uint_eq(uid, 12345);
    ck_assert_int_eq(gss_userok(h.src, "root"), 0);
    local = t_user("root");
    maj = gss_authorize_localname(&min, h.src, local);
    ck_assert(maj != GSS_S_COMPLETE);
    gss_release_name(&min, &local);
    t_hs_cleanup(&h);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
END_TEST

Suite *
domain_suite(void)
{
    Suite *s = suite_create("domain-local");
    TCase *tc = tcase_create("domain-local");

    tcase_set_timeout(tc, T_TIMEOUT);
    tcase_add_checked_fixture(tc, t_reset, NULL);
    tcase_add_test(tc, t_domain_yes_without_winbind);
    tcase_add_test(tc, t_domain_auto_no_user_file);
    tcase_add_test(tc, t_domain_attrs_user_file);
    tcase_add_test(tc, t_names_for_mech);
    tcase_add_test(tc, t_localname_foreign_minor);
    tcase_add_test(tc, t_pseudo_random_unavailable);
    tcase_add_test(tc, t_set_seq_num);
    tcase_add_test(tc, t_mech_invoke_debug);
    suite_add_tcase(s, tc);
    return s;
}
