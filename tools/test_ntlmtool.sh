#!/bin/sh
# test_ntlmtool.sh - ntlmtool on known messages (MS-NLMP 4.2 samples) and
# its user-file, hash and configuration commands, the mechanism
# registration it reports, its self-test through libgssapi_krb5 and its
# command line.
set -u

tool=${NTLMTOOL:-./ntlmtool}
tmp=$(mktemp -d /tmp/ntlmtool-test-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
unset NTLM_USER_FILE NTLMGSS_USER_FILE NTLMGSS_TRACE NTLMGSS_COMPAT_LEVEL
unset NTLMGSS_NETBIOS_COMPUTER NTLMGSS_NETBIOS_DOMAIN NTLMGSS_USER_FILE
unset NETBIOS_COMPUTER_NAME NETBIOS_DOMAIN_NAME GSS_MECH_CONFIG
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
# expect_not NAME PATTERN FILE: FILE does not contain PATTERN.
expect_not() {
    if grep -F -q -- "$2" "$3"; then
        bad "$1: '$2' in output"; sed 's/^/    | /' "$3"; else ok "$1"; fi
}
# expect_status NAME WANT GOT
expect_status() {
    if [ "$3" = "$2" ]; then ok "$1"; else bad "$1: exit status $3, not $2"; fi
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
expect_out "config error names the file looked at" \
    "# module configuration file: $tmp/bad.conf (named by NTLMGSS_CONFIG)" \
    "$tmp/badcfg"

# The file looked at, whether it was found, every key (the keys the
# acceptor's security depends on included), the environment overrides.
expect_out "config names the file looked at" \
    "# module configuration file: $tmp/good.conf (named by NTLMGSS_CONFIG)" \
    "$tmp/cfg"
expect_out "config says the file was found" "# found: yes" "$tmp/cfg"
printf 'cb_policy = require\nseal_by_default = no\ndomain_logins = no\n%s\n' \
    'domain_localname = yes' > "$tmp/keys.conf"
printf 'detect_reflection = yes\n' >> "$tmp/keys.conf"
NTLMGSS_CONFIG="$tmp/keys.conf" NTLMGSS_COMPAT_LEVEL=4 "$tool" config \
    > "$tmp/keys" 2>&1 || bad "config (keys) exit status"
for kv in "cb_policy = require" "seal_by_default = no" "domain_logins = no" \
    "domain_localname = yes" "detect_reflection = yes" "compat_level = 4"; do
    expect_out "config shows $kv" "$kv" "$tmp/keys"
done
expect_out "config names an environment override" \
    "# environment: NTLMGSS_COMPAT_LEVEL overrides compat_level" "$tmp/keys"
n=$(grep -c -v '^#' "$tmp/keys")
if [ "$n" = "19" ]; then ok "config prints all 19 keys"; else
    bad "config printed $n key lines, not 19"; fi
# The output is itself a valid configuration giving the same values.
grep -v '^#' "$tmp/keys" | sed 's/= $/= ""/' > "$tmp/again.conf"
NTLMGSS_CONFIG="$tmp/again.conf" "$tool" config > "$tmp/again" 2>&1 ||
    bad "config output does not parse: $(cat "$tmp/again")"
if diff -q "$(grep -v '^#' "$tmp/keys" > "$tmp/k1"; echo "$tmp/k1")" \
    "$(grep -v '^#' "$tmp/again" > "$tmp/k2"; echo "$tmp/k2")" >/dev/null
then ok "config output round-trips"; else bad "config output round-trip"; fi
# A default file that does not exist: named, and said to be missing.
if [ -n "${EXPECT_CONFIG_FILE:-}" ]; then
    env -u NTLMGSS_CONFIG "$tool" config > "$tmp/defcfg" 2>&1
    expect_out "config names the default file (the one configured)" \
        "# module configuration file: $EXPECT_CONFIG_FILE (the built-in default" \
        "$tmp/defcfg"
    if [ ! -e "$EXPECT_CONFIG_FILE" ]; then
        expect_out "config says the default file is missing" \
            "# found: no" "$tmp/defcfg"
    fi
fi
NTLMGSS_CONFIG="$tmp/nonexistent.conf" "$tool" config > "$tmp/nocfg" 2>&1
expect_status "config of a named missing file fails" 1 $?
expect_out "config of a named missing file names it" \
    "# module configuration file: $tmp/nonexistent.conf" "$tmp/nocfg"

# --- mechanism registration (what libgssapi_krb5 reads) ---------------------
ours=${NTLMGSS_MODULE:-$tmp/ntlmgss.so}
other=/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so
[ -f "$other" ] || other=$(ls /usr/lib/*/gssntlmssp/gssntlmssp.so \
    2>/dev/null | head -1)
[ -n "$other" ] || other=$tmp/gssntlmssp.so
oid=1.3.6.1.4.1.311.2.2.10
printf 'gssntlmssp_v1 %s %s\nntlmgss %s %s\n' "$oid" "$other" "$oid" "$ours" \
    > "$tmp/mech.both"
GSS_MECH_CONFIG="$tmp/mech.both" "$tool" config > "$tmp/reg" 2>&1 ||
    bad "config (registration) exit status"
expect_out "registration: GSS_MECH_CONFIG alone" \
    "GSS_MECH_CONFIG names the only file libgssapi_krb5 reads" "$tmp/reg"
expect_out "registration: the other module's line" \
    "line 1: gssntlmssp_v1 $other (another module)" "$tmp/reg"
expect_out "registration: ours, last, is loaded" \
    "line 2: ntlmgss $ours (ntlmgss)  <- loaded" "$tmp/reg"
expect_out "registration: warns about two lines" \
    "# warning: 2 lines register the NTLMSSP OID" "$tmp/reg"
printf 'gssntlmssp_v1 %s %s\n' "$oid" "$other" > "$tmp/mech.other"
GSS_MECH_CONFIG="$tmp/mech.other" "$tool" config > "$tmp/reg2" 2>&1
expect_out "registration: warns when another module wins" \
    "which is another module, not ntlmgss" "$tmp/reg2"
printf 'kerberos_v5 1.2.840.113554.1.2.2 /x/krb5.so\n' > "$tmp/mech.none"
GSS_MECH_CONFIG="$tmp/mech.none" "$tool" config > "$tmp/reg3" 2>&1
expect_out "registration: warns when nothing registers the OID" \
    "# warning: no line registers the NTLMSSP OID" "$tmp/reg3"
env -u GSS_MECH_CONFIG "$tool" config > "$tmp/reg4" 2>&1
expect_out "registration: the system files, in MIT's order" \
    "libgssapi_krb5 reads /etc/gss/mech, then /etc/gss/mech.d/*.conf" \
    "$tmp/reg4"

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
    expect_out "selftest names the module loaded" \
        "module loaded: $NTLMGSS_MODULE" "$tmp/self"
    expect_out "selftest says it is ntlmgss" "module answering: ntlmgss" \
        "$tmp/self"
    NTLM_USER_FILE="$tmp/selfusers" "$tool" selftest --spnego \
        --module "$NTLMGSS_MODULE" > "$tmp/self2" 2>&1 ||
        bad "selftest (SPNEGO): $(cat "$tmp/self2")"
    expect_out "selftest SPNEGO is ntlmgss" "module answering: ntlmgss" \
        "$tmp/self2"
    if NTLM_USER_FILE="$tmp/selfusers" "$tool" selftest \
        --module "$NTLMGSS_MODULE" --user 'SELF\tester' --password nope \
        > "$tmp/self3" 2>&1; then
        bad "selftest with a wrong password succeeded"
    else
        ok "selftest wrong password fails"
    fi
    expect_out "selftest failure text" "FAILED" "$tmp/self3"
    # The minor status of the failing call, not of a buffer release.
    expect_out "selftest shows the real minor code" "minor 0x4e4c4d66)" \
        "$tmp/self3"
    expect_out "selftest shows the minor message" \
        "Authentication failed: wrong password" "$tmp/self3"
    expect_not "selftest does not show minor 0" "minor 0x00000000" \
        "$tmp/self3"

    # GSS_MECH_CONFIG set, no --system: the registration as configured.
    printf 'ntlmgss %s %s\n' "$oid" "$NTLMGSS_MODULE" > "$tmp/mech.ours"
    NTLM_USER_FILE="$tmp/selfusers" GSS_MECH_CONFIG="$tmp/mech.ours" \
        "$tool" selftest --system > "$tmp/self4" 2>&1 ||
        bad "selftest --system (ours registered): $(cat "$tmp/self4")"
    expect_out "selftest --system lists the registration" \
        "line 1: ntlmgss $NTLMGSS_MODULE (ntlmgss)  <- loaded" "$tmp/self4"
    expect_out "selftest --system OK with ours" "selftest: OK" "$tmp/self4"

    # The module's own trace names the lines claiming the OID, and warns
    # when there are two (ours is last here, so ours is loaded).
    NTLM_USER_FILE="$tmp/selfusers" GSS_MECH_CONFIG="$tmp/mech.both" \
        NTLMGSS_TRACE="$tmp/trace.both" "$tool" selftest --system \
        > "$tmp/self4b" 2>&1 || true
    expect_out "trace: the other module's line" \
        "registration: $tmp/mech.both line 1 claims $oid: gssntlmssp_v1" \
        "$tmp/trace.both"
    expect_out "trace: ours is loaded" \
        "line 2 claims $oid: ntlmgss $NTLMGSS_MODULE <- loaded" \
        "$tmp/trace.both"
    expect_out "trace: warns about two lines" \
        "registration: warning: 2 lines claim $oid" "$tmp/trace.both"
    NTLM_USER_FILE="$tmp/selfusers" GSS_MECH_CONFIG="$tmp/mech.ours" \
        NTLMGSS_TRACE="$tmp/trace.ours" "$tool" selftest --system \
        > "$tmp/self4c" 2>&1 || bad "selftest --system with a trace"
    expect_not "trace: no warning for one line" "registration: warning" \
        "$tmp/trace.ours"

    # Another module answering (gss-ntlmssp, when installed): selftest
    # says which was loaded and fails unless --allow-other.  With both
    # registered, the last line wins in the real libgssapi_krb5.
    if [ -f "$other" ]; then
        # gss-ntlmssp leaks (its own and OpenSSL objects): under ASan, do
        # not let its leaks decide the exit status of these runs.
        asan_saved=${ASAN_OPTIONS:-}
        export ASAN_OPTIONS="${asan_saved:+$asan_saved:}detect_leaks=0"
        NTLM_USER_FILE="$tmp/selfusers" GSS_MECH_CONFIG="$tmp/mech.other" \
            "$tool" selftest --system > "$tmp/self5" 2>&1
        expect_status "selftest --system fails when gss-ntlmssp answers" 1 $?
        expect_out "selftest names gss-ntlmssp as loaded" \
            "module loaded: $other" "$tmp/self5"
        expect_out "selftest says it is not ntlmgss" \
            "module answering: NOT ntlmgss" "$tmp/self5"
        expect_not "selftest not OK with gss-ntlmssp" "selftest: OK" \
            "$tmp/self5"
        NTLM_USER_FILE="$tmp/selfusers" GSS_MECH_CONFIG="$tmp/mech.other" \
            "$tool" selftest --system --allow-other > "$tmp/self6" 2>&1
        expect_status "selftest --allow-other accepts gss-ntlmssp" 0 $?
        expect_out "selftest --allow-other warns" \
            "warning: the module tested is not ntlmgss" "$tmp/self6"
        NTLM_USER_FILE="$tmp/selfusers" GSS_MECH_CONFIG="$tmp/mech.both" \
            "$tool" selftest --system > "$tmp/self7" 2>&1
        expect_status "both registered, ours last: ours is loaded" 0 $?
        expect_out "both registered: ntlmgss answers" \
            "module answering: ntlmgss" "$tmp/self7"
        expect_out "both registered: selftest warns" \
            "warning: 2 lines register the NTLMSSP OID" "$tmp/self7"
        printf 'ntlmgss %s %s\ngssntlmssp_v1 %s %s\n' "$oid" \
            "$NTLMGSS_MODULE" "$oid" "$other" > "$tmp/mech.rev"
        NTLM_USER_FILE="$tmp/selfusers" GSS_MECH_CONFIG="$tmp/mech.rev" \
            "$tool" selftest --system > "$tmp/self8" 2>&1
        expect_status "both registered, gss-ntlmssp last: it is loaded" 1 $?
        expect_out "both registered, gss-ntlmssp last: named" \
            "module loaded: $other" "$tmp/self8"
        export ASAN_OPTIONS="$asan_saved"
    else
        echo "SKIP: selftest against gss-ntlmssp (not installed)"
    fi

    # --user without --password: asked on the terminal, never taken from
    # a pipe.
    NTLM_USER_FILE="$tmp/selfusers" "$tool" selftest \
        --module "$NTLMGSS_MODULE" --user 'SELF\tester' < /dev/null \
        > "$tmp/self9" 2>&1
    expect_status "selftest --user without a terminal: usage error" 2 $?
    expect_out "selftest --user without a terminal says why" \
        "--user needs a password" "$tmp/self9"
    if command -v python3 > /dev/null 2>&1; then
        NTLM_USER_FILE="$tmp/selfusers" python3 - "$tool" "$NTLMGSS_MODULE" \
            > "$tmp/pty" 2>&1 <<'PY'
import os, pty, select, sys, time
tool, module = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(tool, [tool, "selftest", "--module", module,
                    "--user", "SELF\\tester"])
out, sent, end = b"", False, time.time() + 60
while time.time() < end:
    if not select.select([fd], [], [], 1)[0]:
        continue
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if not sent and b"Password for SELF\\tester: " in out:
        os.write(fd, b"S3lf-test!\n")
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 99)
PY
        expect_status "selftest prompts on a terminal" 0 $?
        expect_out "selftest prompt" 'Password for SELF\tester:' "$tmp/pty"
        expect_out "selftest with the typed password" "selftest: OK" \
            "$tmp/pty"
        expect_not "the typed password is not echoed" "S3lf-test!" "$tmp/pty"
    else
        echo "SKIP: selftest password prompt (no python3 for a pty)"
    fi
else
    echo "SKIP: selftest (module not built)"
fi

# --- the command line -------------------------------------------------------
if "$tool" > /dev/null 2>&1; then bad "no arguments accepted"; else
    ok "usage"; fi
"$tool" bogus > "$tmp/cli1" 2>&1
expect_status "unknown command: usage error" 2 $?
expect_out "unknown command is named" "ntlmtool: unknown command 'bogus'" \
    "$tmp/cli1"
expect_out "unknown command prints the usage" "usage: ntlmtool" "$tmp/cli1"
"$tool" decode --help > "$tmp/cli2" 2>&1
expect_status "decode --help exits 0" 0 $?
expect_out "decode --help is its usage" "usage: ntlmtool decode" "$tmp/cli2"
expect_not "decode --help decodes nothing" "not base64" "$tmp/cli2"
"$tool" decode -- "TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=" \
    > "$tmp/cli3" 2>&1
expect_status "decode -- TOKEN" 0 $?
expect_out "decode -- TOKEN decodes" "NEGOTIATE_MESSAGE" "$tmp/cli3"
"$tool" decode --bogus > "$tmp/cli4" 2>&1
expect_status "decode unknown option: usage error" 2 $?
for c in "demo x" "hash x" "config x" "useradd -f $tmp/u3 D U extra" \
    "useradd D" "useradd -x D U" "selftest extra" "selftest --bogus" \
    "selftest --module" "selftest --password pw" \
    "selftest --system --module /x.so" "--version x" "help bogus"; do
    # shellcheck disable=SC2086
    "$tool" $c < /dev/null > "$tmp/cli5" 2>&1
    expect_status "'ntlmtool $c' is a usage error" 2 $?
    expect_out "'ntlmtool $c' prints the usage" "usage: ntlmtool" \
        "$tmp/cli5"
done
for c in decode demo hash useradd config selftest; do
    "$tool" $c --help > "$tmp/cli6" 2>&1
    expect_status "$c --help exits 0" 0 $?
    expect_out "$c --help prints its usage" "usage: ntlmtool $c" "$tmp/cli6"
    "$tool" help $c > "$tmp/cli7" 2>&1
    expect_out "help $c prints its usage" "usage: ntlmtool $c" "$tmp/cli7"
done
"$tool" --help > "$tmp/cli8" 2>&1
expect_out "usage shows DOMAIN\\USER" 'DOMAIN\USER' "$tmp/cli8"
expect_not "usage shows no doubled backslash" 'DOMAIN\\USER' "$tmp/cli8"
[ -e "$tmp/u3" ] && bad "useradd with an extra argument wrote the file"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
