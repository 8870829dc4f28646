# Shared setup of the peer interop tests (sourced, not run).
#
# A private temp dir, a private GSS_MECH_CONFIG selecting the module under
# test, a generated user file, Kerberos settings that never read /etc, and
# an OpenSSL configuration (private too) that loads the legacy provider for
# the peers that need MD4 from Python's hashlib.  The temp dir is removed on
# exit; the drivers kill their own peer processes, and every driver runs
# under `timeout`.
#
# The module under test: $NTLMGSS_TEST_MECH if set, else the built
# $abs_top_builddir/mech/.libs/ntlmgss.so.  Without one the test skips.

NTLM_OID=1.3.6.1.4.1.311.2.2.10
PY=/usr/bin/python3
PEERS_SRCDIR=${abs_srcdir:-$(cd "$(dirname "$0")" && pwd)}

skip() {
    echo "SKIP: $(basename "$0"): $*"
    echo "SKIP: $(basename "$0"): $*" >&2
    exit 77
}

fail() {
    echo "FAIL: $(basename "$0"): $*" >&2
    exit 1
}

need_py_module() {
    # need_py_module MODULE DEBIAN-PACKAGE
    [ -x "$PY" ] || skip "$PY not found (install the Debian package python3)"
    "$PY" -c "import $1" 2>/dev/null ||
        skip "python3 module $1 missing (install the Debian package $2)"
}

if [ -n "${NTLMGSS_TEST_MECH:-}" ]; then
    MECH_SO=$NTLMGSS_TEST_MECH
elif [ -n "${abs_top_builddir:-}" ]; then
    MECH_SO=$abs_top_builddir/mech/.libs/ntlmgss.so
else
    MECH_SO=
fi
[ -n "$MECH_SO" ] && [ -f "$MECH_SO" ] ||
    skip "mechanism module not found (build ntlmgss, or set NTLMGSS_TEST_MECH)"
echo "mechanism under test: $MECH_SO"

# A module built with AddressSanitizer needs its runtime preloaded in the
# (uninstrumented) python3 driver.
MECH_PRELOAD=$(ldd "$MECH_SO" 2>/dev/null |
    awk '/lib(asan|ubsan)\.so/ { print $3 }' | tr '\n' ' ')
MECH_PRELOAD=${MECH_PRELOAD% }

# mech_env COMMAND...: run COMMAND with the sanitizer runtime if needed.
MECH_ASAN_OPTIONS="detect_leaks=0:verify_asan_link_order=0"
mech_env() {
    if [ -n "$MECH_PRELOAD" ]; then
        LD_PRELOAD="$MECH_PRELOAD${LD_PRELOAD:+ $LD_PRELOAD}" \
            ASAN_OPTIONS="$MECH_ASAN_OPTIONS${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
            "$@"
    else
        "$@"
    fi
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ntlmgss-peers.XXXXXX") ||
    fail "cannot create a temp dir"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM HUP

echo "ntlm_test $NTLM_OID $MECH_SO" >"$WORK/mech.conf"
TEST_DOMAIN=TESTDOM
TEST_USER=alice
TEST_PASS="Pw-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s:%s:%s\n' "$TEST_DOMAIN" "$TEST_USER" "$TEST_PASS" >"$WORK/users"
chmod 600 "$WORK/users"

cat >"$WORK/openssl.cnf" <<'EOC'
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
legacy = legacy_sect
[default_sect]
activate = 1
[legacy_sect]
activate = 1
EOC

export GSS_MECH_CONFIG="$WORK/mech.conf"
export NTLM_USER_FILE="$WORK/users"
export KRB5_CONFIG=/dev/null
export KRB5_KDC_PROFILE=/dev/null
export KRB5CCNAME="FILE:$WORK/ccache"
export KRB5_KTNAME="FILE:$WORK/keytab"
export KRB5_CLIENT_KTNAME="FILE:$WORK/client.keytab"
export KRB5RCACHEDIR="$WORK"
# No domain logons (tests/domain has a domain): with domain_logins = auto
# the answers would depend on the host's winbindd and, through the module's
# 5 s memory of a failed domain lookup, on time.
export NTLMGSS_WBCLIENT=none
unset NTLMUSER GSSNTLMSSP_DEBUG

# run_driver TITLE SECONDS DRIVER ARGS...: run a python3 driver with a
# deadline, show its output, fail on a non-zero exit.  The deadline is for
# a driver that hangs: each test takes 3-5 s here, so 300 s leaves room
# for a machine many times slower.
run_driver() {
    local title=$1 secs=$2 rc=0
    shift 2
    mech_env timeout -k 2 "$secs" "$PY" "$@" >"$WORK/out" 2>&1 || rc=$?
    cat "$WORK/out"
    [ $rc -ne 124 ] || fail "$title: timed out after $secs s"
    [ $rc -eq 0 ] || fail "$title: driver exit $rc"
    echo "$title: $(grep -c '^PASS' "$WORK/out") checks passed"
}
