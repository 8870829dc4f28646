/*
 * fuzz_authenticate.c - ntlm_decode_authenticate: decode -> encode ->
 * decode, and ntlm_authenticate_set_mic on messages with a MIC field.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "ntlm/ntlm.h"
#include "msg_testdata.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t mic[NTLM_MIC_LEN] = { 0xaa, 0x55 };
    struct ntlm_authenticate a, b;
    uint8_t *msg = fuzz_copy(data, size), *enc = NULL;
    size_t enc_len = 0;

    if (ntlm_decode_authenticate(msg, size, &a) == 0) {
        FUZZ_CHECK(ntlm_encode_authenticate(&a, &enc, &enc_len) == 0);
        FUZZ_CHECK(ntlm_decode_authenticate(enc, enc_len, &b) == 0);
        FUZZ_CHECK(test_authenticate_eq(&a, &b));
        if (b.has_mic) {
            FUZZ_CHECK(ntlm_authenticate_set_mic(enc, enc_len, mic) == 0);
            FUZZ_CHECK(ntlm_decode_authenticate(enc, enc_len, &b) == 0);
            FUZZ_CHECK(memcmp(b.mic, mic, NTLM_MIC_LEN) == 0);
        } else {
            FUZZ_CHECK(ntlm_authenticate_set_mic(enc, enc_len, mic) ==
                       NTLM_ERR_INVALID_ARGUMENT);
        }
        free(enc);
    }
    free(msg);
    return 0;
}
