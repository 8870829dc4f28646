#include "sspi_test.h"
Suite *
conformance_suite(void)
{
    return suite_create("conformance");
}
