#!/bin/sh
# top_srcdir / top_builddir come from the test environment (Makefile.am)
: "${top_srcdir:?}" "${top_builddir:=../..}"
# abi_cxx.sh - compile abi.cc with a C++ compiler against the installed
# header layout (sspi.h, security.h) and run it.
cxx=${CXX:-}
[ -n "$cxx" ] || cxx=g++
if ! command -v "${cxx%% *}" >/dev/null 2>&1; then
    echo "no C++ compiler: skipping"
    exit 77
fi
out=${SSPI_TEST_DIR:-.}/abi_cxx
# shellcheck disable=SC2086
$cxx -std=c++11 -Wall -Wextra -Werror $SAN_CFLAGS \
    -I"$top_srcdir/include" -o "$out" "$top_srcdir/tests/sspi/abi.cc" \
    -L"$top_builddir/sspi-shim/.libs" -lsspi \
    -Wl,-rpath,"$(cd "$top_builddir/sspi-shim/.libs" && pwd)" || exit 1
"$out"
