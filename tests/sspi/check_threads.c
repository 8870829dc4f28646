#include "sspi_test.h"
Suite *
threads_suite(void)
{
    return suite_create("threads");
}
