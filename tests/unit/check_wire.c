/* check_wire.c - unit tests for wire (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
wire_suite(void)
{
    return suite_create("wire");
}
