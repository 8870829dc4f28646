/* unit.h - suites run by check_main.c */
#ifndef UNIT_H
#define UNIT_H
#include <check.h>
Suite *wire_suite(void);
Suite *crypto_suite(void);
Suite *utf16_suite(void);
Suite *av_suite(void);
Suite *messages_suite(void);
Suite *keys_suite(void);
Suite *signseal_suite(void);
Suite *vectors_suite(void);
Suite *negative_suite(void);
Suite *userdb_suite(void);
Suite *nconfig_suite(void);
Suite *filestamp_suite(void);
#endif
