#!/bin/bash
# Build and run the whole test suite on a fresh Debian 12 machine:
#   1. dependencies (scripts/deps.sh),
#   2. a -Werror build and `make check` (unit, GSS end-to-end, SSPI, fuzz
#      corpus replay),
#   3. the unit suite and the end-to-end GSS suite under valgrind,
#   4. an ASan+UBSan build and `make check`,
#   5. `make distcheck`.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
"$top/scripts/deps.sh"
cd "$top"
jobs=$(nproc)
step() { printf '\n==== %s ====\n' "$*"; }
show_logs() {
    for f in "$1"/tests/*/test-suite.log "$1"/tools/test-suite.log; do
        [ -f "$f" ] && { echo "--- $f"; cat "$f"; }
    done
    return 1
}
summary() {
    # Print check's summary lines and automake's totals.
    grep -h -E '^[0-9]+%: Checks: ' "$1"/tests/*/*.log "$1"/tools/*.log \
        2>/dev/null | sort | uniq -c || true
}

step "autoreconf"
autoreconf -fi >/dev/null 2>&1

step "build (-Werror) and make check"
rm -rf _build && mkdir _build
(cd _build && ../configure --enable-werror -q && make -s -j"$jobs" &&
    make -s -j"$jobs" check) || show_logs _build
summary _build

step "unit and end-to-end GSS suites under valgrind"
(cd _build && make -s check-valgrind) || exit 1

step "ASan+UBSan build and make check"
rm -rf _build-san && mkdir _build-san
(cd _build-san && ../configure --enable-werror --enable-sanitizers -q &&
    make -s -j"$jobs" && make -s -j"$jobs" check) || show_logs _build-san
summary _build-san

step "make distcheck"
(cd _build && make -s distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror \
    >distcheck.log 2>&1) || { tail -50 _build/distcheck.log; exit 1; }
tail -4 _build/distcheck.log

echo
echo "all test suites passed"
