#!/bin/sh
# top_srcdir / top_builddir come from the test environment (Makefile.am)
: "${top_srcdir:?}" "${top_builddir:=../..}"
# tables.sh - sspi-shim/TABLES.md must be what sspi-tables prints from the
# library's own tables (regenerate: make -C sspi-shim TABLES.md-update).
out=${SSPI_TEST_DIR:-.}/TABLES.md
"$top_builddir/sspi-shim/sspi-tables" > "$out" || exit 1
diff -u "$top_srcdir/sspi-shim/TABLES.md" "$out"
