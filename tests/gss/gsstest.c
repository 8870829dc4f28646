/* gsstest.c - helpers shared by the suites (public GSSAPI only). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gsstest.h"

static gss_name_t
import(const char *s, gss_OID type)
{
    gss_buffer_desc b = { strlen(s), (void *)s };
    gss_name_t n = GSS_C_NO_NAME;
    OM_uint32 maj, min;

    maj = gss_import_name(&min, &b, type, &n);
    ck_assert_msg(maj == GSS_S_COMPLETE, "import_name(%s) %x/%x", s, maj,
                  min);
    return n;
}

gss_name_t
t_user(const char *s)
{
    return import(s, GSS_C_NT_USER_NAME);
}

gss_name_t
t_service(const char *s)
{
    return import(s, GSS_C_NT_HOSTBASED_SERVICE);
}

gss_cred_id_t
t_init_cred(const char *user, const char *pw)
{
    gss_buffer_desc b = { strlen(pw), (void *)pw };
    gss_cred_id_t c = GSS_C_NO_CREDENTIAL;
    gss_name_t n = t_user(user);
    OM_uint32 maj, min;

    maj = gss_acquire_cred_with_password(&min, n, &b, 0, &t_ntlm_set,
                                         GSS_C_INITIATE, &c, NULL, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "acquire_cred_with_password "
                  "%x/%x", maj, min);
    gss_release_name(&min, &n);
    return c;
}

gss_cred_id_t
t_acc_cred(void)
{
    gss_cred_id_t c = GSS_C_NO_CREDENTIAL;
    OM_uint32 maj, min;

    maj = gss_acquire_cred(&min, GSS_C_NO_NAME, 0, &t_ntlm_set,
                           GSS_C_ACCEPT, &c, NULL, NULL);
    ck_assert_msg(maj == GSS_S_COMPLETE, "acquire acceptor cred %x/%x",
                  maj, min);
    return c;
}

int
t_handshake(struct t_hs *h, gss_cred_id_t ic, gss_cred_id_t ac,
            OM_uint32 flags)
{
    gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
    gss_buffer_desc aout = GSS_C_EMPTY_BUFFER;
    gss_OID mech = h->mech != GSS_C_NO_OID ? h->mech : &t_ntlm_oid;
    OM_uint32 min;
    int step, astep = 0;

    h->imaj = h->amaj = GSS_S_CONTINUE_NEEDED;
    /* mechglue insists on a target name */
    if (h->target == GSS_C_NO_NAME)
        h->target = t_service("HTTP@testsrv.example.test");
    for (step = 0; step < 6; step++) {
        h->imaj = gss_init_sec_context(&h->imin, ic, &h->ictx, h->target,
                                       mech, flags, h->time_req, h->icb,
                                       &in, NULL, &out, &h->iflags, NULL);
        gss_release_buffer(&min, &in);
        if (GSS_ERROR(h->imaj)) {
            gss_release_buffer(&min, &out);
            return 0;
        }
        if (out.length == 0) {
            break;
        }
        if (h->tamper_to_acc != NULL)
            h->tamper_to_acc(astep, &out);
        astep++;
        if (h->src != GSS_C_NO_NAME)
            gss_release_name(&min, &h->src);
        h->amaj = gss_accept_sec_context(&h->amin, &h->actx, ac, &out,
                                         h->acb, &h->src, NULL, &aout,
                                         &h->aflags, NULL, NULL);
        gss_release_buffer(&min, &out);
        if (GSS_ERROR(h->amaj)) {
            gss_release_buffer(&min, &aout);
            return 0;
        }
        if (aout.length == 0)
            break;
        if (h->tamper_to_init != NULL)
            h->tamper_to_init(&aout);
        in = aout;
        aout.length = 0;
        aout.value = NULL;
        if (h->imaj == GSS_S_COMPLETE && h->amaj != GSS_S_COMPLETE)
            continue;
    }
    return h->imaj == GSS_S_COMPLETE && h->amaj == GSS_S_COMPLETE;
}

void
t_hs_cleanup(struct t_hs *h)
{
    OM_uint32 min;

    gss_delete_sec_context(&min, &h->ictx, GSS_C_NO_BUFFER);
    gss_delete_sec_context(&min, &h->actx, GSS_C_NO_BUFFER);
    gss_release_name(&min, &h->src);
    gss_release_name(&min, &h->target);
}

void
t_pair(struct t_hs *h)
{
    gss_cred_id_t ic = t_init_cred("TESTDOM\\testuser", "testpass");
    gss_cred_id_t ac = t_acc_cred();
    OM_uint32 min;
    int ok;

    memset(h, 0, sizeof(*h));
    h->target = t_service("HTTP@testsrv.example.test");
    ok = t_handshake(h, ic, ac, GSS_C_INTEG_FLAG | GSS_C_CONF_FLAG |
                     GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG);
    ck_assert_msg(ok, "handshake: init %x/%x accept %x/%x", h->imaj,
                  h->imin, h->amaj, h->amin);
    gss_release_cred(&min, &ic);
    gss_release_cred(&min, &ac);
}
