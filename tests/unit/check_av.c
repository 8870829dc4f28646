/* check_av.c - unit tests for av (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
av_suite(void)
{
    return suite_create("av");
}
