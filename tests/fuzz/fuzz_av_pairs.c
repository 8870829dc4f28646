/*
 * fuzz_av_pairs.c - the AV_PAIR iterator and list decoder: a list that
 * decodes is rebuilt pair by pair with the builder, which must give the
 * same bytes (the encoding is canonical) and decode to the same list.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "ntlm/ntlm.h"
#include "msg_testdata.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ntlm_av_list a, b;
    struct ntlm_av_iter it;
    struct ntlm_av_builder bld;
    struct wire_slice val;
    uint8_t *raw = fuzz_copy(data, size), *enc = NULL;
    size_t enc_len = 0, i;
    uint16_t id;

    if (ntlm_av_decode(wire_slice_make(raw, size), &a) == 0 && size > 0) {
        ntlm_av_builder_init(&bld);
        ntlm_av_iter_init(&it, wire_slice_make(raw, size));
        for (;;) {
            FUZZ_CHECK(ntlm_av_next(&it, &id, &val) == 0);
            if (it.done)
                break;
            FUZZ_CHECK(ntlm_av_add(&bld, id, val.ptr, val.len) == 0);
        }
        FUZZ_CHECK(ntlm_av_finish(&bld, &enc, &enc_len) == 0);
        ntlm_av_builder_cleanup(&bld);
        FUZZ_CHECK(enc_len == size && memcmp(enc, raw, size) == 0);
        FUZZ_CHECK(ntlm_av_decode(wire_slice_make(enc, enc_len), &b) == 0);
        FUZZ_CHECK(a.num_pairs == b.num_pairs && a.flags == b.flags &&
                   a.timestamp == b.timestamp);
        for (i = 0; i < NTLM_AV_NUM_IDS; i++) {
            FUZZ_CHECK(a.present[i] == b.present[i]);
            FUZZ_CHECK(test_slice_eq(a.value[i], b.value[i]));
        }
        free(enc);
    }
    free(raw);
    return 0;
}
