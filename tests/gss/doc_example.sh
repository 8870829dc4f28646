#!/bin/sh
# doc_example.sh - doc/ntlmgss.conf.example(.in) documents every configuration
# key the mechanism knows (the key list of mech/nconfig.c), and the file
# with every "#key = value" line uncommented is a valid configuration
# (checked by ntlmtool config, which uses the mechanism's parser).
set -u
src=${abs_top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bld=${abs_top_builddir:-$src}
example="$src/doc/ntlmgss.conf.example.in"
fail=0

keys=$(sed -n '/key_names\[K_NUM\] = {/,/};/p' "$src/mech/nconfig.c" |
    grep -o '"[a-z_]*"' | tr -d '"')
[ -n "$keys" ] || { echo "FAIL: no key list found in mech/nconfig.c"; exit 1; }
for k in $keys; do
    if grep -q "^#$k = " "$example"; then
        echo "PASS: key $k documented"
    else
        echo "FAIL: key $k missing from doc/ntlmgss.conf.example.in"
        fail=1
    fi
done

tool="$bld/tools/ntlmtool"
if [ -x "$tool" ]; then
    tmp=$(mktemp)
    sed -n 's/^#\([a-z_]* = \)/\1/p' "$example" > "$tmp"
    if NTLMGSS_CONFIG="$tmp" "$tool" config > /dev/null; then
        echo "PASS: the uncommented example parses"
    else
        echo "FAIL: the uncommented example does not parse"
        fail=1
    fi
    rm -f "$tmp"
else
    echo "FAIL: $tool not built"
    fail=1
fi
exit $fail
