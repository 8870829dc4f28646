/*
 * wbsockdir.c - LD_PRELOAD shim for the Samba daemons and tools that
 * domain-test.sh starts: libwbclient 4.17 ignores WINBINDD_SOCKET_DIR and
 * honours $SELFTEST_WINBINDD_SOCKET_DIR only when a global
 * nss_wrapper_enabled() returns true.  Never installed.
 */
#include <stdbool.h>

bool nss_wrapper_enabled(void);

bool
nss_wrapper_enabled(void)
{
    return true;
}
