/* check_vectors.c - unit tests for vectors (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
vectors_suite(void)
{
    return suite_create("vectors");
}
