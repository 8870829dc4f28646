/* check_crypto.c - unit tests for crypto (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
crypto_suite(void)
{
    return suite_create("crypto");
}
