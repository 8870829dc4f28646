/* check_userdb.c - unit tests for userdb (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
userdb_suite(void)
{
    return suite_create("userdb");
}
