/* check_keys.c - unit tests for keys (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
keys_suite(void)
{
    return suite_create("keys");
}
