#include "sspi_test.h"
Suite *
handles_suite(void)
{
    return suite_create("handles");
}
