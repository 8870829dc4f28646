/* selftest.h - "ntlmtool selftest" (through the public GSSAPI). */
#ifndef NTLMTOOL_SELFTEST_H
#define NTLMTOOL_SELFTEST_H

#include <stdio.h>

/* ntlmtool_selftest - argv excludes "selftest"; usage prints the command's
 * usage to a stream.  Returns the exit status (2 for a usage error). */
int ntlmtool_selftest(int argc, char **argv, void (*usage)(FILE *fp));

#endif /* NTLMTOOL_SELFTEST_H */
