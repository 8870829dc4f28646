/*
 * fuzz_challenge.c - ntlm_decode_challenge: decode -> encode -> decode;
 * the target info of a decoded CHALLENGE also goes through the client's
 * AV list rebuild.
 */
#include "config.h"

#include "fuzz.h"
#include "ntlm/ntlm.h"
#include "msg_testdata.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t cb[16] = { 1, 2, 3 };
    struct ntlm_challenge a, b;
    struct ntlm_av_list l;
    uint8_t *msg = fuzz_copy(data, size), *enc = NULL, *av = NULL;
    size_t enc_len = 0, av_len = 0;

    if (ntlm_decode_challenge(msg, size, &a) == 0) {
        FUZZ_CHECK(ntlm_encode_challenge(&a, &enc, &enc_len) == 0);
        FUZZ_CHECK(ntlm_decode_challenge(enc, enc_len, &b) == 0);
        FUZZ_CHECK(test_challenge_eq(&a, &b));
        FUZZ_CHECK(ntlm_av_rebuild_for_authenticate(
                       a.target_info, MSV_AV_FLAG_MIC_PRESENT, cb,
                       wire_slice_make("H\0", 2), &av, &av_len) == 0);
        FUZZ_CHECK(ntlm_av_decode(wire_slice_make(av, av_len), &l) == 0);
        FUZZ_CHECK(l.flags & MSV_AV_FLAG_MIC_PRESENT);
        free(av);
        free(enc);
    }
    free(msg);
    return 0;
}
