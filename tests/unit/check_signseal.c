/*
 * check_signseal.c - signing and sealing (MS-NLMP 3.4): round trips in
 * both directions for ESS / non-ESS, KEY_EXCH, 128/56/40-bit and the dummy
 * signature; tampered data and signatures rejected with NTLM_ERR_BAD_MAC
 * without disturbing the session; sequence numbers; long message runs;
 * RC4 re-keying.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "ntlm/ntlm.h"

#define ESS  NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
#define SS   (NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL)
#define KX   NTLMSSP_NEGOTIATE_KEY_EXCH
#define N128 NTLMSSP_NEGOTIATE_128
#define N56  NTLMSSP_NEGOTIATE_56

static const uint32_t configs[] = {
    SS | ESS | KX | N128 | N56,         /* the usual NTLMv2 set */
    SS | ESS | KX | N56,
    SS | ESS | KX,                      /* 40-bit */
    SS | ESS | N128,                    /* no KEY_EXCH: checksum in clear */
    SS | ESS,
    SS | KX | N128 | N56,               /* CRC32 form, 16-byte key */
    SS | NTLMSSP_NEGOTIATE_LM_KEY | N56,
    SS | NTLMSSP_NEGOTIATE_LM_KEY,      /* 40-bit */
    SS | NTLMSSP_NEGOTIATE_DATAGRAM | N56,
    NTLMSSP_NEGOTIATE_SIGN | ESS | KX | N128,   /* sign only */
    NTLMSSP_NEGOTIATE_SIGN,
};
#define NUM_CONFIGS (int)(sizeof(configs) / sizeof(configs[0]))

static const uint8_t esk[16] = {
    0x3f, 0x1e, 0x22, 0x90, 0x01, 0x7a, 0xc4, 0x55,
    0x8b, 0x12, 0x00, 0xfe, 0x6d, 0x39, 0xa0, 0x07 };

static void
pair_init(struct ntlm_session *cli, struct ntlm_session *srv,
          uint32_t flags)
{
    ck_assert_int_eq(ntlm_session_init(cli, flags, true, esk), 0);
    ck_assert_int_eq(ntlm_session_init(srv, flags, false, esk), 0);
}

static void
fill(uint8_t *p, size_t n, unsigned int seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed * 31 + i * 7);
}

/* One message a -> b: sign/verify, and seal/unseal when SEAL is on. */
static void
one_message(struct ntlm_session *a, struct ntlm_session *b, size_t len,
            unsigned int seed)
{
    uint8_t msg[300], orig[300], sig[16];
    struct ncrypto_part p = { msg, len };

    ck_assert_uint_le(len, sizeof(msg));
    fill(msg, len, seed);
    memcpy(orig, msg, len);
    ck_assert_int_eq(ntlm_sign(a, &p, 1, sig), 0);
    ck_assert_int_eq(ntlm_verify(b, &p, 1, sig), 0);
    if (a->flags & NTLMSSP_NEGOTIATE_SEAL) {
        ck_assert_int_eq(ntlm_seal(a, msg, len, NULL, 0, sig), 0);
        if (len >= 8)
            ck_assert_mem_ne(msg, orig, len);
        ck_assert_int_eq(ntlm_unseal(b, msg, len, NULL, 0, sig), 0);
        ck_assert_mem_eq(msg, orig, len);
    }
}

START_TEST(t_session_init)
{
    struct ntlm_session cli, srv;
    uint32_t f = configs[_i];

    pair_init(&cli, &srv, f);
    /* handles are created on first use, not by init */
    ck_assert_ptr_null(cli.send.rc4);
    ck_assert_ptr_null(cli.recv.rc4);
    ck_assert_ptr_null(cli.send.hmac);
    /* so are the keys: none derived yet, then both directions on demand */
    ck_assert_uint_eq(cli.send.seal_key_len, 0);
    ck_assert_uint_eq(cli.recv.seal_key_len, 0);
    ck_assert_int_eq(ntlm_session_keys(&cli), 0);
    ck_assert_int_eq(ntlm_session_keys(&srv), 0);
    ck_assert_uint_ne(cli.send.seal_key_len, 0);
    if (f & ESS) {
        /* each side's send keys are the other side's receive keys */
        ck_assert_mem_eq(cli.send.sign_key, srv.recv.sign_key, 16);
        ck_assert_mem_eq(cli.send.seal_key, srv.recv.seal_key, 16);
        ck_assert_mem_eq(cli.recv.sign_key, srv.send.sign_key, 16);
        ck_assert_mem_ne(cli.send.seal_key, cli.recv.seal_key, 16);
    } else {
        /* one key, one shared handle */
        ck_assert_mem_eq(cli.send.seal_key, cli.recv.seal_key,
                         cli.send.seal_key_len);
    }
    one_message(&cli, &srv, 20, 1);
    one_message(&srv, &cli, 20, 2);
    if (f & ESS) {
        ck_assert_ptr_nonnull(cli.send.hmac);
        ck_assert_ptr_nonnull(cli.recv.hmac);
        if (f & (NTLMSSP_NEGOTIATE_SEAL | KX)) {
            ck_assert_ptr_nonnull(cli.send.rc4);
            ck_assert_ptr_nonnull(cli.recv.rc4);
        }
    } else if (f & SS) {
        ck_assert_ptr_nonnull(cli.send.rc4);
        ck_assert_ptr_null(cli.recv.rc4);
    }
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
    /* cleanup wipes */
    ck_assert_ptr_null(cli.send.rc4);
    for (size_t i = 0; i < 16; i++)
        ck_assert_uint_eq(cli.exported_session_key[i], 0);
    ntlm_session_cleanup(NULL);
}
END_TEST

START_TEST(t_roundtrip)
{
    struct ntlm_session cli, srv;

    pair_init(&cli, &srv, configs[_i]);
    /* alternate directions, including empty messages */
    for (unsigned int k = 0; k < 40; k++) {
        one_message(&cli, &srv, (k * 37) % 300, k);
        one_message(&srv, &cli, (k * 53) % 300, k + 1000);
    }
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
}
END_TEST

START_TEST(t_many_messages)
{
    struct ntlm_session cli, srv;

    pair_init(&cli, &srv, configs[_i]);
    for (unsigned int k = 0; k < 1000; k++)
        one_message(&cli, &srv, 64, k);
    for (unsigned int k = 0; k < 1000; k++)
        one_message(&srv, &cli, 17, k);
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
}
END_TEST

/* The receiving direction's counter (shared without ESS). */
static uint32_t
recv_seq(const struct ntlm_session *s)
{
    return (s->flags & ESS) ? s->recv.seq_num : s->send.seq_num;
}

START_TEST(t_tamper)
{
    struct ntlm_session cli, srv;
    uint8_t msg[48], orig[48], sig[16], bad[16];
    struct ncrypto_part p = { msg, sizeof(msg) };
    size_t i;

    pair_init(&cli, &srv, configs[_i]);
    fill(msg, sizeof(msg), 7);
    memcpy(orig, msg, sizeof(msg));

    /* a signed message */
    ck_assert_int_eq(ntlm_sign(&cli, &p, 1, sig), 0);
    /* every flipped data byte is refused, without advancing anything */
    for (i = 0; i < sizeof(msg); i++) {
        msg[i] ^= 0x01;
        ck_assert_int_eq(ntlm_verify(&srv, &p, 1, sig), NTLM_ERR_BAD_MAC);
        msg[i] ^= 0x01;
    }
    /* every flipped signature byte (RandomPad excepted without ESS) */
    for (i = 0; i < 16; i++) {
        int ret;

        if (!(cli.flags & ESS) && i >= 4 && i < 8)
            continue;
        memcpy(bad, sig, 16);
        bad[i] ^= 0x80;
        ret = ntlm_verify(&srv, &p, 1, bad);
        if (i < 4)
            ck_assert_int_eq(ret, NTLM_ERR_BAD_SIG_VERSION);
        else
            ck_assert_int_eq(ret, NTLM_ERR_BAD_MAC);
    }
    ck_assert_uint_eq(recv_seq(&srv), 0);
    /* the genuine message still verifies afterwards */
    ck_assert_int_eq(ntlm_verify(&srv, &p, 1, sig), 0);
    /* and cannot be replayed */
    ck_assert_int_eq(ntlm_verify(&srv, &p, 1, sig), NTLM_ERR_BAD_MAC);

    /* sealed: tampering leaves the ciphertext and the stream untouched */
    ck_assert_int_eq(ntlm_sign(&srv, &p, 1, sig), 0);   /* keep in step */
    ck_assert_int_eq(ntlm_verify(&cli, &p, 1, sig), 0);
    if (!(cli.flags & NTLMSSP_NEGOTIATE_SEAL))
        goto out;
    ck_assert_int_eq(ntlm_seal(&cli, msg, sizeof(msg), NULL, 0, sig), 0);
    msg[5] ^= 0x10;
    memcpy(bad, msg, sizeof(msg) < 16 ? sizeof(msg) : 16);
    ck_assert_int_eq(ntlm_unseal(&srv, msg, sizeof(msg), NULL, 0, sig),
                     NTLM_ERR_BAD_MAC);
    ck_assert_mem_eq(msg, bad, 16);     /* ciphertext given back */
    msg[5] ^= 0x10;
    ck_assert_int_eq(ntlm_unseal(&srv, msg, sizeof(msg), NULL, 0, sig), 0);
    ck_assert_mem_eq(msg, orig, sizeof(msg));
out:
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
}
END_TEST

/*
 * ntlm_seal_to / ntlm_unseal_to: the same tokens as in place, across the
 * one-pass chunk size; the source is never written; a failed unseal (also
 * the very first one, whose stream did not exist yet) zeroes the output
 * and changes nothing, so the next genuine message still unseals.
 */
START_TEST(t_seal_to)
{
    static const size_t lens[] = { 0, 1, 63, 8191, 8192, 8193, 40000 };
    struct ntlm_session cli, srv, cli2;
    uint8_t *pt, *ct, *ct2, *out, *keep, sig[16], sig2[16], bad[16];
    uint32_t f = configs[_i];
    size_t k, n, j;

    if (!(f & NTLMSSP_NEGOTIATE_SEAL))
        return;
    pair_init(&cli, &srv, f);
    ck_assert_int_eq(ntlm_session_init(&cli2, f, true, esk), 0);
    pt = malloc(40000);
    ct = malloc(40000);
    ct2 = malloc(40000);
    out = malloc(40000);
    keep = malloc(40000);
    ck_assert(pt && ct && ct2 && out && keep);

    /* a forged first message: nothing moves, not even a lazy stream */
    fill(pt, 100, 99);
    memset(sig, 0, 16);
    sig[0] = 1;
    sig[4] = 0x42;
    memset(out, 0xee, 100);
    ck_assert_int_eq(ntlm_unseal_to(&srv, pt, out, 100, NULL, 0, sig),
                     NTLM_ERR_BAD_MAC);
    for (j = 0; j < 100; j++)
        ck_assert_uint_eq(out[j], 0);

    for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
        n = lens[k];
        fill(pt, n, (unsigned int)k);
        memcpy(keep, pt, n);
        /* to another buffer == in place on an identical session */
        ck_assert_int_eq(ntlm_seal_to(&cli, pt, ct, n, NULL, 0, sig), 0);
        ck_assert_mem_eq(pt, keep, n);
        memcpy(ct2, pt, n);
        ck_assert_int_eq(ntlm_seal(&cli2, ct2, n, NULL, 0, sig2), 0);
        ck_assert_mem_eq(ct, ct2, n);
        ck_assert_mem_eq(sig, sig2, 16);
        if (n >= 8)
            ck_assert_mem_ne(ct, pt, n);

        /* a tampered token: output zeroed, input intact, no state change */
        if (n > 0) {
            memcpy(keep, ct, n);
            ct[n / 2] ^= 0x04;
            memset(out, 0xee, n);
            ck_assert_int_eq(ntlm_unseal_to(&srv, ct, out, n, NULL, 0, sig),
                             NTLM_ERR_BAD_MAC);
            for (j = 0; j < n; j++)
                ck_assert_uint_eq(out[j], 0);
            ct[n / 2] ^= 0x04;
            ck_assert_mem_eq(ct, keep, n);
        }
        memcpy(bad, sig, 16);
        bad[9] ^= 0x01;
        ck_assert_int_eq(ntlm_unseal_to(&srv, ct, out, n, NULL, 0, bad),
                         NTLM_ERR_BAD_MAC);
        /* the genuine one */
        ck_assert_int_eq(ntlm_unseal_to(&srv, ct, out, n, NULL, 0, sig), 0);
        ck_assert_mem_eq(out, pt, n);
        ck_assert_mem_eq(ct, ct2, n);
        /* the other direction, in place through the _to functions;
         * cli2 mirrors cli (without ESS the stream is shared) */
        memcpy(ct, pt, n);
        ck_assert_int_eq(ntlm_seal_to(&srv, ct, ct, n, NULL, 0, sig), 0);
        memcpy(ct2, ct, n);
        ck_assert_int_eq(ntlm_unseal_to(&cli, ct, ct, n, NULL, 0, sig), 0);
        ck_assert_mem_eq(ct, pt, n);
        ck_assert_int_eq(ntlm_unseal(&cli2, ct2, n, NULL, 0, sig), 0);
        ck_assert_mem_eq(ct2, pt, n);
    }
    ck_assert_int_eq(ntlm_seal_to(&cli, NULL, NULL, 1, NULL, 0, sig),
                     NTLM_ERR_INVALID_ARGUMENT);
    free(pt);
    free(ct);
    free(ct2);
    free(out);
    free(keep);
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&cli2);
    ntlm_session_cleanup(&srv);
}
END_TEST

/* The sending direction's counter (shared without ESS). */
static uint32_t
dir_seq_send(const struct ntlm_session *s)
{
    return s->send.seq_num;
}

START_TEST(t_seq)
{
    struct ntlm_session cli, srv;
    uint8_t msg[10] = "0123456789", sig[16], sig2[16];
    struct ncrypto_part p = { msg, sizeof(msg) };
    const uint32_t f = SS | ESS | KX | N128;

    pair_init(&cli, &srv, f);
    for (uint32_t k = 0; k < 5; k++) {
        ck_assert_int_eq(ntlm_sign(&cli, &p, 1, sig), 0);
        ck_assert_uint_eq(ntlm_sig_seq(sig), k);
        ck_assert_uint_eq(dir_seq_send(&cli), k + 1);
    }
    /* the server expects seq 0: the fifth message is out of order */
    ck_assert_int_eq(ntlm_verify(&srv, &p, 1, sig), NTLM_ERR_BAD_MAC);
    ck_assert_uint_eq(srv.recv.seq_num, 0);
    /* a jump is possible by setting the counter (datagram style) */
    srv.recv.seq_num = 4;
    ck_assert_int_eq(ntlm_verify(&srv, &p, 1, sig), NTLM_ERR_BAD_MAC);
    /* ... but with KEY_EXCH the RC4 stream must be at the same place too;
     * re-key both and use datagram-style explicit seq */
    ck_assert_int_eq(ntlm_session_reset_rc4(&cli, true), 0);
    ck_assert_int_eq(ntlm_session_reset_rc4(&srv, false), 0);
    cli.send.seq_num = 9;
    srv.recv.seq_num = 9;
    ck_assert_int_eq(ntlm_sign(&cli, &p, 1, sig), 0);
    ck_assert_uint_eq(ntlm_sig_seq(sig), 9);
    ck_assert_int_eq(ntlm_verify(&srv, &p, 1, sig), 0);
    ck_assert_uint_eq(srv.recv.seq_num, 10);
    /* the directions count independently with ESS */
    ck_assert_uint_eq(srv.send.seq_num, 0);
    ck_assert_int_eq(ntlm_sign(&srv, &p, 1, sig2), 0);
    ck_assert_uint_eq(ntlm_sig_seq(sig2), 0);
    ck_assert_int_eq(ntlm_verify(&cli, &p, 1, sig2), 0);
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);

    /* without ESS one counter serves both directions */
    pair_init(&cli, &srv, SS | N128);
    ck_assert_int_eq(ntlm_sign(&cli, &p, 1, sig), 0);
    ck_assert_int_eq(ntlm_verify(&srv, &p, 1, sig), 0);
    ck_assert_int_eq(ntlm_sign(&srv, &p, 1, sig), 0);
    ck_assert_uint_eq(srv.send.seq_num, 2);
    ck_assert_int_eq(ntlm_verify(&cli, &p, 1, sig), 0);
    ck_assert_uint_eq(cli.send.seq_num, 2);
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
}
END_TEST

START_TEST(t_dummy)
{
    struct ntlm_session cli, srv;
    uint8_t msg[4] = "abcd", sig[16], bad[16];
    struct ncrypto_part p = { msg, sizeof(msg) };

    pair_init(&cli, &srv, NTLMSSP_NEGOTIATE_ALWAYS_SIGN | ESS);
    ck_assert_int_eq(ntlm_sign(&cli, &p, 1, sig), 0);
    ck_assert_mem_eq(sig, "\x01\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    ck_assert_int_eq(ntlm_verify(&srv, &p, 1, sig), 0);
    memcpy(bad, sig, 16);
    bad[9] = 1;
    ck_assert_int_eq(ntlm_verify(&srv, &p, 1, bad), NTLM_ERR_BAD_MAC);
    /* no sealing without SEAL */
    ck_assert_int_eq(ntlm_seal(&cli, msg, sizeof(msg), NULL, 0, sig),
                     NTLM_ERR_NO_CONF);
    ck_assert_int_eq(ntlm_unseal(&srv, msg, sizeof(msg), NULL, 0, sig),
                     NTLM_ERR_NO_CONF);
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
}
END_TEST

/* Seal with explicit sign parts (header || data || trailer, DCE/RPC). */
START_TEST(t_seal_sign_parts)
{
    struct ntlm_session cli, srv;
    uint8_t hdr[8] = "HEADER01", data[32], orig[32], sig[16];
    struct ncrypto_part p[2];

    pair_init(&cli, &srv, configs[_i]);
    if (!(configs[_i] & NTLMSSP_NEGOTIATE_SEAL))
        goto out;
    fill(data, sizeof(data), 3);
    memcpy(orig, data, sizeof(data));
    p[0] = (struct ncrypto_part){ hdr, sizeof(hdr) };
    p[1] = (struct ncrypto_part){ data, sizeof(data) };
    ck_assert_int_eq(ntlm_seal(&cli, data, sizeof(data), p, 2, sig), 0);
    ck_assert_int_eq(ntlm_unseal(&srv, data, sizeof(data), p, 2, sig), 0);
    ck_assert_mem_eq(data, orig, sizeof(data));
    /* the header is covered */
    ck_assert_int_eq(ntlm_seal(&cli, data, sizeof(data), p, 2, sig), 0);
    hdr[0] = 'X';
    ck_assert_int_eq(ntlm_unseal(&srv, data, sizeof(data), p, 2, sig),
                     NTLM_ERR_BAD_MAC);
out:
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
}
END_TEST

START_TEST(t_reset_rc4)
{
    struct ntlm_session cli, srv;

    pair_init(&cli, &srv, configs[_i]);
    one_message(&cli, &srv, 40, 1);
    /* SPNEGO-style reset on both ends keeps them in step */
    ck_assert_int_eq(ntlm_session_reset_rc4(&cli, true), 0);
    ck_assert_int_eq(ntlm_session_reset_rc4(&srv, false), 0);
    one_message(&cli, &srv, 40, 2);
    ck_assert_int_eq(ntlm_session_reset_rc4(NULL, true),
                     NTLM_ERR_INVALID_ARGUMENT);
    ntlm_session_cleanup(&cli);
    ntlm_session_cleanup(&srv);
}
END_TEST

Suite *
signseal_suite(void)
{
    Suite *s = suite_create("signseal");
    TCase *tc;

    tc = tcase_create("session_init");
    tcase_add_loop_test(tc, t_session_init, 0, NUM_CONFIGS);
    suite_add_tcase(s, tc);
    tc = tcase_create("roundtrip");
    tcase_add_loop_test(tc, t_roundtrip, 0, NUM_CONFIGS);
    suite_add_tcase(s, tc);
    tc = tcase_create("many_messages");
    tcase_add_loop_test(tc, t_many_messages, 0, NUM_CONFIGS);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    tc = tcase_create("tamper");
    tcase_add_loop_test(tc, t_tamper, 0, NUM_CONFIGS);
    suite_add_tcase(s, tc);
    tc = tcase_create("seal_to");
    tcase_add_loop_test(tc, t_seal_to, 0, NUM_CONFIGS);
    suite_add_tcase(s, tc);
    tc = tcase_create("seq");
    tcase_add_test(tc, t_seq);
    suite_add_tcase(s, tc);
    tc = tcase_create("dummy");
    tcase_add_test(tc, t_dummy);
    suite_add_tcase(s, tc);
    tc = tcase_create("seal_sign_parts");
    tcase_add_loop_test(tc, t_seal_sign_parts, 0, NUM_CONFIGS);
    suite_add_tcase(s, tc);
    tc = tcase_create("reset_rc4");
    tcase_add_loop_test(tc, t_reset_rc4, 0, NUM_CONFIGS);
    suite_add_tcase(s, tc);
    return s;
}
