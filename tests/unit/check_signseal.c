/* check_signseal.c - unit tests for signseal (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
signseal_suite(void)
{
    return suite_create("signseal");
}
