#include "sspi_test.h"
Suite *
message_suite(void)
{
    return suite_create("message");
}
