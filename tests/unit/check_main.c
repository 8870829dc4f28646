/* check_main.c - runs every unit suite in one SRunner. */
#include "config.h"

#include <stdlib.h>
#include <check.h>

#include "unit.h"

int
main(void)
{
    SRunner *sr;
    int failed;

    /* TCases without their own timeout: 30 s rather than check's 4 s (the
     * slowest such test takes 0.6 s in a sanitizer build; a loaded machine
     * is several times slower).  Read by tcase_create(); the caller's
     * CK_DEFAULT_TIMEOUT wins. */
    setenv("CK_DEFAULT_TIMEOUT", "30", 0);
    sr = srunner_create(wire_suite());
    srunner_add_suite(sr, crypto_suite());
    srunner_add_suite(sr, utf16_suite());
    srunner_add_suite(sr, av_suite());
    srunner_add_suite(sr, messages_suite());
    srunner_add_suite(sr, keys_suite());
    srunner_add_suite(sr, signseal_suite());
    srunner_add_suite(sr, vectors_suite());
    srunner_add_suite(sr, negative_suite());
    srunner_add_suite(sr, userdb_suite());
    srunner_add_suite(sr, nconfig_suite());
    srunner_add_suite(sr, filestamp_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
