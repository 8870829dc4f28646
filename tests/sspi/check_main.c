/* check_main.c - runs every SSPI shim suite. */
#include <stdlib.h>

#include "sspi_test.h"

int
main(void)
{
    SRunner *sr;
    int failed;

    sr = srunner_create(conformance_suite());
    srunner_add_suite(sr, handshake_suite());
    srunner_add_suite(sr, message_suite());
    srunner_add_suite(sr, handles_suite());
    srunner_add_suite(sr, threads_suite());
    /* each test in a fresh process whatever CK_FORK says: tests change the
     * environment (NTLMGSS_CONFIG) and the module keeps per-process caches */
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
