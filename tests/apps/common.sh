# Shared setup for the real-program tests (sourced, not run).
#
# Gives each test a private temp dir, a private GSS_MECH_CONFIG that selects
# the NTLM mechanism under test, a user file, and Kerberos settings that
# never read /etc.  Every process started with `bg_start` is killed on exit,
# and the temp dir is removed.
#
# The module under test: $NTLMGSS_TEST_MECH if set; else the built
# $abs_top_builddir/mech/.libs/ntlmgss.so if it exists; else Debian's
# gss-ntlmssp (a loud note says so).

NTLM_OID=1.3.6.1.4.1.311.2.2.10
GSSNTLMSSP_SO=/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so
PY=/usr/bin/python3
APPS_SRCDIR=${abs_srcdir:-$(cd "$(dirname "$0")" && pwd)}

skip() {
    echo "SKIP: $(basename "$0"): $*"
    echo "SKIP: $(basename "$0"): $*" >&2
    exit 77
}

fail() {
    echo "FAIL: $(basename "$0"): $*" >&2
    exit 1
}

step() {
    echo "--- $*"
}

need_prog() {
    # need_prog PROGRAM DEBIAN-PACKAGE
    command -v "$1" >/dev/null 2>&1 ||
        skip "$1 not found (install the Debian package $2)"
}

# ---- the module under test -----------------------------------------------
if [ -n "${NTLMGSS_TEST_MECH:-}" ]; then
    MECH_SO=$NTLMGSS_TEST_MECH
    MECH_KIND=given
    [ "$MECH_SO" = "$GSSNTLMSSP_SO" ] && MECH_KIND=gss-ntlmssp
elif [ -n "${abs_top_builddir:-}" ] &&
     [ -f "$abs_top_builddir/mech/.libs/ntlmgss.so" ]; then
    MECH_SO=$abs_top_builddir/mech/.libs/ntlmgss.so
    MECH_KIND=ours
else
    MECH_SO=$GSSNTLMSSP_SO
    MECH_KIND=gss-ntlmssp
    echo "######################################################" >&2
    echo "## NOTE: ntlmgss.so is not built; testing Debian's   ##" >&2
    echo "## gss-ntlmssp module instead: $MECH_SO" >&2
    echo "######################################################" >&2
fi
[ -f "$MECH_SO" ] || skip "mechanism module $MECH_SO not found" \
    "(gss-ntlmssp package, or build ntlmgss)"
echo "mechanism under test: $MECH_SO ($MECH_KIND)"

# A module built with AddressSanitizer needs its runtime loaded first in
# programs that are not instrumented.
MECH_PRELOAD=$(ldd "$MECH_SO" 2>/dev/null |
    awk '/lib(asan|ubsan)\.so/ { print $3 }' | tr '\n' ' ')
MECH_PRELOAD=${MECH_PRELOAD% }

# ---- private environment -------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ntlmgss-apps.XXXXXX") ||
    fail "cannot create a temp dir"
BG_PIDS=""

cleanup() {
    local pid
    for pid in $BG_PIDS; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $BG_PIDS; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    BG_PIDS=""
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# bg_start LOGFILE COMMAND...: start COMMAND in the background with the
# mechanism environment; its pid (the program's own: no subshell stays in
# between) is in $BG_PID and is killed on exit.
bg_start() {
    local log=$1
    shift
    if [ -n "$MECH_PRELOAD" ]; then
        env LD_PRELOAD="$MECH_PRELOAD${LD_PRELOAD:+ $LD_PRELOAD}" \
            ASAN_OPTIONS="$(mech_asan_options)" "$@" >"$log" 2>&1 &
    else
        "$@" >"$log" 2>&1 &
    fi
    BG_PID=$!
    BG_PIDS="$BG_PIDS $BG_PID"
}

mech_asan_options() {
    echo "detect_leaks=0:verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
}

# mech_env COMMAND...: run COMMAND with the sanitizer runtime preloaded if
# the module needs it.
mech_env() {
    if [ -n "$MECH_PRELOAD" ]; then
        LD_PRELOAD="$MECH_PRELOAD${LD_PRELOAD:+ $LD_PRELOAD}" \
            ASAN_OPTIONS="$(mech_asan_options)" "$@"
    else
        "$@"
    fi
}

# wait_for FILE PATTERN SECONDS [PID]: wait until FILE contains PATTERN;
# give up at once when process PID (if given) has exited.  SECONDS is a
# limit for a program that never gets ready, not an expected duration.
wait_for() {
    local end=$((SECONDS + $3))
    while [ "$SECONDS" -le "$end" ]; do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then
            grep -q -- "$2" "$1" 2>/dev/null && return 0
            echo "process $4 exited before '$2' appeared in $1; it holds:" >&2
            sed 's/^/  | /' "$1" >&2 2>/dev/null || true
            return 1
        fi
        sleep 0.1
    done
    echo "timed out after $3 s waiting for '$2' in $1; it holds:" >&2
    sed 's/^/  | /' "$1" >&2 2>/dev/null || true
    return 1
}

# port_taken FILE...: the log of a server that could not bind its port.
port_taken() {
    grep -qiE 'address already in use|could not bind' "$@" 2>/dev/null
}

# free_port: print a TCP port on 127.0.0.1 that is free right now.  Only
# "right now": another program may take it before our server binds it, so
# the tests start their server in a loop (a few ports) on port_taken.
free_port() {
    "$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

echo "ntlm_test $NTLM_OID $MECH_SO" >"$WORK/mech.conf"
TEST_DOMAIN=TESTDOM
TEST_USER=alice
TEST_PASS="Pw-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s:%s:%s\n' "$TEST_DOMAIN" "$TEST_USER" "$TEST_PASS" >"$WORK/users"
printf '%s:%s:%s\n' "$TEST_DOMAIN" bob "Bob-$TEST_PASS" >>"$WORK/users"
chmod 600 "$WORK/users"

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
