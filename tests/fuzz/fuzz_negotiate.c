/*
 * fuzz_negotiate.c - ntlm_decode_negotiate: decode -> encode -> decode.
 */
#include "config.h"

#include "fuzz.h"
#include "ntlm/ntlm.h"
#include "msg_testdata.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ntlm_negotiate a, b;
    uint8_t *msg = fuzz_copy(data, size), *enc = NULL;
    size_t enc_len = 0;
    uint32_t type = 0;

    (void)ntlm_decode_message_type(msg, size, &type);
    if (ntlm_decode_negotiate(msg, size, &a) == 0) {
        FUZZ_CHECK(ntlm_encode_negotiate(&a, &enc, &enc_len) == 0);
        FUZZ_CHECK(ntlm_decode_negotiate(enc, enc_len, &b) == 0);
        FUZZ_CHECK(test_negotiate_eq(&a, &b));
        free(enc);
    }
    free(msg);
    return 0;
}
