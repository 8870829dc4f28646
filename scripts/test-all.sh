#!/bin/bash
# Build and run the whole test suite: normal build with -Werror, then the
# ASan+UBSan build.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
"$top/scripts/deps.sh"
cd "$top"
autoreconf -fi >/dev/null 2>&1
jobs=$(nproc)
rm -rf _build _build-san
mkdir -p _build _build-san
(cd _build && ../configure --enable-werror -q && make -s -j"$jobs" &&
    make -s -j"$jobs" check) || { cat _build/tests/*/test-suite.log 2>/dev/null; exit 1; }
(cd _build-san && ../configure --enable-werror --enable-sanitizers -q &&
    make -s -j"$jobs" && make -s -j"$jobs" check) ||
    { cat _build-san/tests/*/test-suite.log 2>/dev/null; exit 1; }
echo "all test suites passed"
