#!/bin/sh
# test_check_users.sh - "ntlmtool check-users": every kind of problem is
# reported with FILE:LINE, the exit status is 0 (clean), 1 (warnings only)
# or 2 (errors), and no password or hash is ever printed.  Also: an
# unopenable trace destination is reported on stderr exactly once.
set -u

tool=${NTLMTOOL:-./ntlmtool}
tmp=$(mktemp -d /tmp/ntlmtool-check-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
unset NTLM_USER_FILE NTLMGSS_USER_FILE NTLMGSS_TRACE NTLMGSS_COMPAT_LEVEL
NTLMGSS_CONFIG="$tmp/none.conf"
: > "$NTLMGSS_CONFIG"
export NTLMGSS_CONFIG

NT=a4f49c406510bdcab6824ee7c30fd852
XS=XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }

# run NAME WANT_STATUS FILE...: check-users, keeping stdout in $tmp/out.
run() {
    name=$1 want=$2
    shift 2
    "$tool" check-users "$@" > "$tmp/out" 2> "$tmp/err"
    st=$?
    if [ "$st" = "$want" ]; then ok "$name: exit $st"; else
        bad "$name: exit $st, wanted $want"; sed 's/^/    | /' "$tmp/out" \
            "$tmp/err"; fi
}

# expect NAME PATTERN: the last output contains the fixed string PATTERN.
expect() {
    if grep -F -q -- "$2" "$tmp/out"; then ok "$1"; else
        bad "$1: '$2' not in output"; sed 's/^/    | /' "$tmp/out"; fi
}

users() { printf "$1" > "$tmp/u"; chmod "${2:-600}" "$tmp/u"; }

# --- clean -------------------------------------------------------------------
users "# users\nDOM:alice:{NT}$NT\nOTHER:alice:Password\n\
bob:1000:$XS:$NT:[U          ]:LCT-0:\n"
run "clean file" 0 "$tmp/u"
expect "clean file" "$tmp/u: no problems found"

# --- warnings only -------------------------------------------------------------
users '\357\273\277DOM:alice:{NT}'$NT'\ndom:ALICE:Secret1\n:alice:Secret2\n' 644
run "warnings" 1 "$tmp/u"
expect "permissions" "$tmp/u: warning: readable by others (mode 0644)"
expect "BOM" "$tmp/u:1: warning: the file starts with a UTF-8 byte order mark"
expect "duplicate" "$tmp/u:2: warning: duplicate of line 1 (dom\\ALICE"
expect "empty domain shadowed" \
    "$tmp/u:3: warning: empty domain shadowed for domain 'DOM' by line 1"
expect "summary" "$tmp/u: 0 errors, 4 warnings"

# --- shadowing by an smbpasswd line without a domain ---------------------------
users "carl:1001:$XS:$NT:[U          ]:LCT-0:\nDOM:carl:Secret3\n"
run "shadowed" 1 "$tmp/u"
expect "shadowed" "$tmp/u:2: warning: never used: line 1 (smbpasswd entry"

# --- errors ---------------------------------------------------------------------
users "DOM:ok:{NT}$NT\nDOM:short:{NT}abcd\nonly:one colon\n\
dave:1002:$XS:NOTAHASH:[U          ]:LCT-0:\nDOM:l\351:Secret4\n\
DOM:pw:\351t\351\n" 660
run "errors" 2 "$tmp/u"
expect "writable" "$tmp/u: error: writable by the group (mode 0660)"
expect "bad {NT}" "$tmp/u:2: error: {NT} value is not 32 hex digits"
expect "malformed" "$tmp/u:3: error: line ignored: not DOMAIN:USER:PASSWORD"
expect "smbpasswd hash" "$tmp/u:4: error: has the form of an smbpasswd line"
expect "non-UTF-8 name" "$tmp/u:5: error: user name 'l\\xe9' is not valid UTF-8"
expect "non-UTF-8 password" "$tmp/u:6: error: the password is not valid UTF-8"
if grep -q "Secret\|$NT\|NOTAHASH\|abcd" "$tmp/out"; then
    bad "a secret was printed"; else ok "no secrets printed"; fi

run "missing file" 2 "$tmp/nonexistent"
expect "missing file" "$tmp/nonexistent: error: cannot open: No such file"
run "directory" 2 "$tmp"
expect "directory" "$tmp: error: not a regular file (a directory)"

# --- FILE defaults to $NTLM_USER_FILE ---------------------------------------------
users "DOM:alice:{NT}$NT\nDOM:alice:{NT}$NT\n"
NTLM_USER_FILE="$tmp/u" "$tool" check-users > "$tmp/out" 2>&1
st=$?
[ "$st" = 1 ] && ok "NTLM_USER_FILE: exit 1" || bad "NTLM_USER_FILE: exit $st"
expect "NTLM_USER_FILE" "$tmp/u:2: warning: duplicate of line 1"
run "no file" 2
if grep -q "NTLM_USER_FILE" "$tmp/err"; then ok "no file: says why"; else
    bad "no file: no hint"; fi
run "two files" 2 "$tmp/u" "$tmp/u"

# --- an unopenable trace destination is reported once ------------------------------
: > "$tmp/plain"
NTLMGSS_TRACE="$tmp/plain/trace" "$tool" config > /dev/null 2> "$tmp/err" ||
    bad "config with a bad trace path failed"
n=$(grep -c "cannot open trace file $tmp/plain/trace" "$tmp/err")
[ "$n" = 1 ] && ok "trace failure reported once" ||
    bad "trace failure reported $n times: $(cat "$tmp/err")"
printf 'trace = %s\n' "$tmp/plain/trace" > "$tmp/t.conf"
NTLMGSS_CONFIG="$tmp/t.conf" NTLM_USER_FILE="$tmp/u" "$tool" config \
    > /dev/null 2> "$tmp/err" || bad "config with trace = bad path failed"
n=$(grep -c "cannot open trace file $tmp/plain/trace" "$tmp/err")
[ "$n" = 1 ] && ok "configured trace failure reported once" ||
    bad "configured trace failure reported $n times: $(cat "$tmp/err")"

# ... and does not hide the error of the call that opened it lazily.
NTLMGSS_TRACE="$tmp/plain/trace" NTLMGSS_CONFIG="$tmp/missing.conf" \
    "$tool" config > /dev/null 2> "$tmp/err" && bad "missing config accepted"
if grep -q "^ntlmtool: cannot open $tmp/missing.conf" "$tmp/err"; then
    ok "config error kept"; else bad "config error lost: $(cat "$tmp/err")"; fi

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
