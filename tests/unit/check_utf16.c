/* check_utf16.c - unit tests for utf16 (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
utf16_suite(void)
{
    return suite_create("utf16");
}
