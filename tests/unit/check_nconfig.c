/* check_nconfig.c - unit tests for nconfig (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
nconfig_suite(void)
{
    return suite_create("nconfig");
}
