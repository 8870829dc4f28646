#!/bin/sh
# top_srcdir / top_builddir come from the test environment (Makefile.am)
: "${top_srcdir:?}" "${top_builddir:=../..}"
# winpr.sh - interop with WinPR (libwinpr2-dev) through a helper process:
# builds winpr_peer against winpr2 and runs winpr_interop.  Skips (77)
# when winpr2 is not installed.
if ! pkg-config --exists winpr2 2>/dev/null; then
    echo "winpr2 not installed: skipping"
    exit 77
fi
dir=${SSPI_TEST_DIR:-.}
# shellcheck disable=SC2046
${CC:-cc} -O1 -o "$dir/winpr_peer" "$top_srcdir/tests/sspi/winpr_peer.c" \
    $(pkg-config --cflags --libs winpr2) || exit 99
# talks to its peer over pipes without time limits of its own: a hung
# peer must not hang make check (the run takes about a second)
timeout 300 ./winpr_interop "$dir/winpr_peer" "$dir"
