#!/bin/bash
# compare.sh - run ntlm_bench for our module and for Debian's gss-ntlmssp,
# each in its own process with its own GSS_MECH_CONFIG and NTLM_USER_FILE,
# alternately for several rounds, and print the median of every metric and
# the ratio ours/theirs.
#
#   compare.sh [--bench PATH] [--ours MODULE] [--theirs MODULE]
#              [--rounds N] [--keep DIR] [-- ntlm_bench options...]
#
# Example: bench/compare.sh --rounds 3 -- --quick
# With --keep DIR, the outputs stay in DIR and later calls with the same DIR
# add rounds to them (the medians cover all of them).
# A module that does not exist is reported as missing and skipped.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bench="./ntlm_bench"
[ -x "$bench" ] || bench="$here/ntlm_bench"
ours=""
theirs="/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so"
rounds=3
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
    --bench) bench="$2"; shift 2 ;;
    --ours) ours="$2"; shift 2 ;;
    --theirs) theirs="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) break ;;
    esac
done
[ -x "$bench" ] || { echo "compare.sh: $bench is not built" >&2; exit 1; }
[ -n "$ours" ] || ours="$(dirname "$bench")/../mech/.libs/ntlmgss.so"

work="$(mktemp -d /tmp/ntlm-compare.XXXXXX)"
if [ -z "$keep" ]; then
    trap 'rm -rf "$work"' EXIT
    out="$work"
else
    mkdir -p "$keep"
    out="$keep"
fi

user="BENCH\\bench"
password="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
impls=()
for impl in ours theirs; do
    if [ "$impl" = ours ]; then mod="$ours"; name=ntlmgss
    else mod="$theirs"; name=gssntlmssp_v1; fi
    if [ ! -f "$mod" ]; then
        echo "compare.sh: $impl: $mod missing, skipped" >&2
        echo "# $impl: MISSING ($mod)"
        continue
    fi
    mod="$(cd "$(dirname "$mod")" && pwd)/$(basename "$mod")"
    echo "$name 1.3.6.1.4.1.311.2.2.10 $mod" > "$work/$impl.mech"
    printf 'BENCH:bench:%s\n' "$password" > "$work/$impl.users"
    chmod 600 "$work/$impl.users"
    impls+=("$impl")
    echo "# $impl: $mod" >&2
done
[ ${#impls[@]} -gt 0 ] || { echo "compare.sh: no module to run" >&2; exit 1; }

# With --keep, earlier rounds in DIR count too (run a few rounds at a time).
first=1
while [ -e "$out/${impls[0]}.$first.out" ]; do first=$((first + 1)); done
last=$((first + rounds - 1))
for r in $(seq "$first" "$last"); do
    for impl in "${impls[@]}"; do
        echo "# round $r/$last: $impl" >&2
        env -u NTLM_USER_FILE -u GSS_MECH_CONFIG \
            GSS_MECH_CONFIG="$work/$impl.mech" \
            NTLM_USER_FILE="$work/$impl.users" \
            "$bench" --user "$user" --password "$password" "$@" \
            > "$out/$impl.$r.out" 2> "$out/$impl.$r.err" ||
            echo "compare.sh: $impl round $r exited $?" \
                 "(see $out/$impl.$r.err)" >&2
    done
done

# Medians per metric and implementation; NA when no numeric value.
for impl in ours theirs; do
    if ls "$out/$impl".*.out > /dev/null 2>&1; then
        cat "$out/$impl".*.out
    fi | awk -v impl="$impl" '
        /^#/ || NF < 3 { next }
        { if (!($1 in unit)) { order[++n] = $1; unit[$1] = $3 }
          if ($2 != "NA") vals[$1] = vals[$1] " " $2 }
        END {
            for (i = 1; i <= n; i++) {
                m = order[i]; k = split(vals[m], v, " ")
                # insertion sort
                for (a = 2; a <= k; a++) {
                    x = v[a] + 0
                    for (b = a - 1; b >= 1 && v[b] + 0 > x; b--)
                        v[b + 1] = v[b]
                    v[b + 1] = x
                }
                if (k == 0) med = "NA"
                else if (k % 2) med = v[(k + 1) / 2]
                else med = (v[k / 2] + v[k / 2 + 1]) / 2
                print i, m, med, unit[m]
            }
        }' > "$work/$impl.median"
done

echo "# ntlm_bench medians over $last round(s); ratio = ours/theirs"
join -a1 -a2 -1 2 -2 2 -e NA -o 0,1.1,2.1,1.3,2.3,1.4,2.4 \
    <(sort -k2,2 "$work/ours.median") <(sort -k2,2 "$work/theirs.median") |
awk '{ ord = ($2 != "NA") ? $2 : 1000 + $3
       unit = ($6 != "NA") ? $6 : $7
       ratio = "-"
       if ($4 != "NA" && $5 != "NA" && $5 + 0 != 0)
           ratio = sprintf("%.3g", $4 / $5)
       printf "%d %-30s %12s %12s %-6s %s\n", ord, $1, $4, $5, unit, ratio }' |
sort -n | cut -d' ' -f2- |
awk 'BEGIN { printf "%-30s %12s %12s %-6s %s\n", "metric", "ours",
             "theirs", "unit", "ratio" } { print }'
