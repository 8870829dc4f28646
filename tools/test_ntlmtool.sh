#!/bin/sh
# test_ntlmtool.sh - ntlmtool on known messages (MS-NLMP 4.2 samples) and
# its user-file, hash and configuration commands.
set -u

tool=${NTLMTOOL:-./ntlmtool}
tmp=$(mktemp -d /tmp/ntlmtool-test-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
unset NTLM_USER_FILE NTLMGSS_USER_FILE NTLMGSS_TRACE NTLMGSS_COMPAT_LEVEL
unset NTLMGSS_NETBIOS_COMPUTER NTLMGSS_NETBIOS_DOMAIN
NTLMGSS_CONFIG="$tmp/none.conf"
: > "$NTLMGSS_CONFIG"
# the selftest's acceptor: no domain logons through the host's winbindd
NTLMGSS_WBCLIENT=none
export NTLMGSS_CONFIG NTLMGSS_WBCLIENT

fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }

# expect_out NAME PATTERN FILE: FILE contains the fixed string PATTERN.
expect_out() {
    if grep -F -q -- "$2" "$3"; then ok "$1"; else
        bad "$1: '$2' not in output"; sed 's/^/    | /' "$3"; fi
}

# --- demo: every built-in sample decodes ----------------------------------
if "$tool" demo > "$tmp/demo" 2>&1; then ok "demo exits 0"; else
    bad "demo exit status"; fi
expect_out "negotiate" "NEGOTIATE_MESSAGE (type 1), 40 bytes" "$tmp/demo"
expect_out "negotiate version" "10.0 build 19041, NTLMSSP revision 15" \
    "$tmp/demo"
expect_out "challenge" "CHALLENGE_MESSAGE (type 2), 104 bytes" "$tmp/demo"
expect_out "flag names" "0x00080000 EXTENDED_SESSIONSECURITY" "$tmp/demo"
expect_out "target name" "TargetName             \"Server\" (UTF-16LE" \
    "$tmp/demo"
expect_out "server challenge" "ServerChallenge        0123456789abcdef" \
    "$tmp/demo"
expect_out "challenge version" "6.0 build 6000, NTLMSSP revision 15" \
    "$tmp/demo"
expect_out "AV pair domain" "MsvAvNbDomainName      \"Domain\"" "$tmp/demo"
expect_out "AV pair computer" "MsvAvNbComputerName    \"Server\"" "$tmp/demo"
expect_out "SPNEGO" "SPNEGO wrapper: 132 bytes, NTLMSSP token at offset 28" \
    "$tmp/demo"
expect_out "authenticate" "AUTHENTICATE_MESSAGE (type 3), 232 bytes" \
    "$tmp/demo"
expect_out "user name" "UserName               \"User\"" "$tmp/demo"
expect_out "NTLMv2" "Response type          NTLMv2" "$tmp/demo"
expect_out "NTProofStr" "NTProofStr           68cd0ab851e51c96aabc927bebef6a1c" \
    "$tmp/demo"
expect_out "client challenge" "ClientChallenge      aaaaaaaaaaaaaaaa" \
    "$tmp/demo"
expect_out "timestamp" "Timestamp            0 (not set)" "$tmp/demo"
expect_out "NTLMv1" "Response type          NTLMv1 (with LMv1 response)" \
    "$tmp/demo"
expect_out "session key" "EncryptedSessionKey    518822b1b3f350c8958682ecbb3e3cb7" \
    "$tmp/demo"
expect_out "MIC absent" "MIC                    (absent)" "$tmp/demo"
expect_out "blob AV pairs" "      MsvAvNbComputerName    \"Server\"" "$tmp/demo"
if grep -q "ERROR\|INVALID" "$tmp/demo"; then bad "demo shows an error"; else
    ok "demo clean"; fi

# --- decode: input forms ---------------------------------------------------
chal=TlRMTVNTUAACAAAADAAMADgAAAAzgoriASNFZ4mrze8AAAAAAAAAACQAJABEAAAABgBwFwAAAA9TAGUAcgB2AGUAcgACAAwARABvAG0AYQBpAG4AAQAMAFMAZQByAHYAZQByAAAAAAA=
"$tool" decode "WWW-Authenticate: NTLM $chal" > "$tmp/hdr" 2>&1 ||
    bad "header form exit status"
expect_out "header form" "CHALLENGE_MESSAGE (type 2)" "$tmp/hdr"
echo "$chal" | "$tool" decode > "$tmp/stdin" 2>&1 || bad "stdin exit status"
expect_out "stdin form" "CHALLENGE_MESSAGE (type 2)" "$tmp/stdin"
"$tool" decode "4e544c4d5353500001000000078208a2000000000000000000000000000000000a00614a0000000f" \
    > "$tmp/hex" 2>&1 || bad "hex form exit status"
expect_out "hex form" "NEGOTIATE_MESSAGE (type 1), 40 bytes" "$tmp/hex"
# A 32-byte NEGOTIATE without VERSION, as curl sends.
"$tool" decode "TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=" > "$tmp/short" \
    2>&1 || bad "short negotiate exit status"
expect_out "short negotiate" "Version                (absent)" "$tmp/short"

# --- decode: bad input fails cleanly ---------------------------------------
if "$tool" decode "this is not a token" > "$tmp/junk" 2>&1; then
    bad "junk accepted"; else ok "junk refused"; fi
if "$tool" decode "TlRMTVNTUAACAAAADAAMADgAAAAzgori" > "$tmp/trunc" 2>&1; then
    bad "truncated challenge accepted"; else ok "truncated refused"; fi
expect_out "truncated message" "INVALID NTLM message" "$tmp/trunc"
if "$tool" decode "TlRMTVNTUAAEAAAA" > "$tmp/type4" 2>&1; then
    bad "type 4 accepted"; else ok "type 4 refused"; fi

# --- hash -------------------------------------------------------------------
h=$(printf 'Password\n' | "$tool" hash)
if [ "$h" = "a4f49c406510bdcab6824ee7c30fd852" ]; then ok "hash"; else
    bad "hash gave '$h'"; fi

# --- useradd ----------------------------------------------------------------
printf '# users\nOLD:bob:secret\n' > "$tmp/users"
chmod 644 "$tmp/users"
printf 'Password\n' | "$tool" useradd -f "$tmp/users" DOM alice \
    > "$tmp/ua" 2>&1 || bad "useradd exit status"
expect_out "useradd entry" "DOM:alice:{NT}A4F49C406510BDCAB6824EE7C30FD852" \
    "$tmp/users"
expect_out "useradd keeps lines" "OLD:bob:secret" "$tmp/users"
mode=$(stat -c %a "$tmp/users")
if [ "$mode" = "600" ]; then ok "useradd mode 0600"; else
    bad "useradd mode $mode"; fi
if grep -q Password "$tmp/users" "$tmp/ua"; then
    bad "password stored or echoed"; else ok "no password stored"; fi
printf 'Other\n' | "$tool" useradd -f "$tmp/users" dom ALICE > /dev/null 2>&1
n=$(grep -c -i "dom:alice:" "$tmp/users")
if [ "$n" = "1" ]; then ok "useradd replaces"; else
    bad "useradd left $n entries"; fi
if printf 'x\n' | "$tool" useradd DOM carol > "$tmp/nofile" 2>&1; then
    bad "useradd without a file accepted"; else ok "useradd needs a file"; fi
NTLM_USER_FILE="$tmp/users2" sh -c \
    "printf 'x\n' | '$tool' useradd DOM carol" > /dev/null 2>&1 ||
    bad "useradd via NTLM_USER_FILE"
expect_out "useradd via NTLM_USER_FILE" "DOM:carol:{NT}" "$tmp/users2"
if printf 'x\n' | "$tool" useradd -f "$tmp/users" "D:X" u > /dev/null 2>&1
then bad "bad domain accepted"; else ok "bad domain refused"; fi

# --- config -----------------------------------------------------------------
printf 'compat_level = 5\nmic_policy = require\n' > "$tmp/good.conf"
NTLMGSS_CONFIG="$tmp/good.conf" "$tool" config > "$tmp/cfg" 2>&1 ||
    bad "config exit status"
expect_out "config value" "mic_policy = require" "$tmp/cfg"
expect_out "config level" "compat_level = 5" "$tmp/cfg"
printf 'compat_level = 5\nmic_policy = maybe\n' > "$tmp/bad.conf"
if NTLMGSS_CONFIG="$tmp/bad.conf" "$tool" config > "$tmp/badcfg" 2>&1; then
    bad "bad config accepted"; else ok "bad config refused"; fi
expect_out "config error line" "line 2" "$tmp/badcfg"

# --- selftest (through libgssapi_krb5 and the built module) -----------------
if [ -n "${NTLMGSS_MODULE:-}" ] && [ -f "$NTLMGSS_MODULE" ]; then
    printf 'SELF:tester:S3lf-test!\n' > "$tmp/selfusers"
    chmod 600 "$tmp/selfusers"
    NTLM_USER_FILE="$tmp/selfusers" "$tool" selftest \
        --module "$NTLMGSS_MODULE" > "$tmp/self" 2>&1 ||
        bad "selftest (default identity): $(cat "$tmp/self")"
    expect_out "selftest OK" "selftest: OK" "$tmp/self"
    expect_out "selftest name" 'authenticated "SELF\tester"' "$tmp/self"
    expect_out "selftest sealed" "confidentiality on" "$tmp/self"
    NTLM_USER_FILE="$tmp/selfusers" "$tool" selftest --spnego \
        --module "$NTLMGSS_MODULE" > "$tmp/self2" 2>&1 ||
        bad "selftest (SPNEGO): $(cat "$tmp/self2")"
    if NTLM_USER_FILE="$tmp/selfusers" "$tool" selftest \
        --module "$NTLMGSS_MODULE" --user 'SELF\tester' --password nope \
        > "$tmp/self3" 2>&1; then
        bad "selftest with a wrong password succeeded"
    else
        ok "selftest wrong password fails"
    fi
    expect_out "selftest failure text" "FAILED" "$tmp/self3"
else
    echo "SKIP: selftest (module not built)"
fi

if "$tool" > /dev/null 2>&1; then bad "no arguments accepted"; else
    ok "usage"; fi

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
