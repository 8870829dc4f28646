#!/bin/sh
# tables.sh - sspi-tables prints the translation tables from the library's
# own source; every minor code of include/ntlmgss_errors.def must have its
# row.  sspi-shim/TABLES.md is the committed snapshot and must match what
# the code prints: a stale one fails (refresh it with
# `make -C sspi-shim TABLES.md-update` and commit the result).
# top_srcdir / top_builddir come from the test environment (Makefile.am)
: "${top_srcdir:?}" "${top_builddir:=../..}"
out=${SSPI_TEST_DIR:-.}/TABLES.md
"$top_builddir/sspi-shim/sspi-tables" > "$out" || exit 1
status=0
# shellcheck disable=SC2013
for name in $(sed -n 's/^NTLMGSS_ERR(\([A-Z0-9_]*\),.*/\1/p' \
        "$top_srcdir/include/ntlmgss_errors.def"); do
    grep -q "| NTLMGSS_MINOR_$name |" "$out" || {
        echo "missing row for $name"
        status=1
    }
done
if ! diff -u "$top_srcdir/sspi-shim/TABLES.md" "$out"; then
    echo "FAIL: sspi-shim/TABLES.md is stale (see above); run"
    echo "  make -C sspi-shim TABLES.md-update"
    status=1
fi
exit $status
