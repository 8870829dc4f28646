/* check_messages.c - unit tests for messages (placeholder until filled in). */
#include "config.h"
#include <check.h>
#include "unit.h"

Suite *
messages_suite(void)
{
    return suite_create("messages");
}
