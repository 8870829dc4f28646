/* check_negative.c - unit tests for negative (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
negative_suite(void)
{
    return suite_create("negative");
}
