/* selftest.h - "ntlmtool selftest" (through the public GSSAPI). */
#ifndef NTLMTOOL_SELFTEST_H
#define NTLMTOOL_SELFTEST_H

/* ntlmtool_selftest - argv excludes "selftest"; returns the exit status. */
int ntlmtool_selftest(int argc, char **argv);

#endif /* NTLMTOOL_SELFTEST_H */
