#!/bin/bash
# The main job: install what is missing, build, then authenticate a client
# and a server over loopback with the freshly built NTLM mechanism, through
# the system libgssapi_krb5 (GSS_MECH_CONFIG points at the built module; a
# generated user file is the embedded default), and then through the SSPI
# shim.  Sealed messages flow both ways.  Nothing under /etc is touched.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
"$top/scripts/deps.sh"
cd "$top"
build="$top/_build"
if [ ! -x "$build/config.status" ]; then
    echo "== building (configure + make) into $build"
    autoreconf -fi >/dev/null 2>&1
    mkdir -p "$build"
    (cd "$build" && ../configure -q)
fi
make -s -C "$build" -j"$(nproc)" >/dev/null
make -s -C "$build/tests/sspi" sample_client sample_server >/dev/null

work="$(mktemp -d /tmp/ntlmgss-main-job.XXXXXX)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
module="$build/mech/.libs/ntlmgss.so"
[ -f "$module" ] || { echo "main-job: $module was not built" >&2; exit 1; }
echo "ntlmgss 1.3.6.1.4.1.311.2.2.10 $module" > "$work/mech.conf"
password="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
printf 'EXAMPLE:alice:%s\n' "$password" > "$work/users"
chmod 600 "$work/users"
# An empty module configuration file of our own, so that a system one
# (/etc/gss/ntlmgss.conf, the built-in default) cannot change the run.
: > "$work/ntlmgss.conf"
export GSS_MECH_CONFIG="$work/mech.conf" NTLM_USER_FILE="$work/users"
export NTLMGSS_CONFIG="$work/ntlmgss.conf"
echo "== mechanism: $module"
echo "== user file: $NTLM_USER_FILE (EXAMPLE\\alice, random password)"

port=$((20000 + RANDOM % 20000))
demo="$build/examples/gss_demo"
run_pair() {
    local title="$1"; shift
    echo
    echo "== $title"
    "$demo" server "$port" "$@" > "$work/server.out" 2>&1 &
    local spid=$!
    for _ in $(seq 50); do
        grep -q listening "$work/server.out" 2>/dev/null && break
        sleep 0.1
    done
    local rc=0
    "$demo" client "$port" "$@" ${CLIENT_ARGS:-} || rc=$?
    wait "$spid" || rc=$?
    sed 's/^/   /' "$work/server.out"
    port=$((port + 1))
    return $rc
}
CLIENT_ARGS="--user EXAMPLE\\alice --password $password" \
    run_pair "GSSAPI, NTLM mechanism, explicit password"
run_pair "GSSAPI, NTLM mechanism, default identity from the user file"
CLIENT_ARGS="--user EXAMPLE\\alice --password $password" \
    run_pair "GSSAPI through SPNEGO" --spnego

for pkg in NTLM Negotiate; do
    echo
    echo "== SSPI shim: a Windows-style client and server (package $pkg)"
    rm -f "$work/port"
    "$build/tests/sspi/sample_server" "$work/port" "$pkg" \
        > "$work/sspi-server.out" 2>&1 &
    spid=$!
    for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
    rc=0
    "$build/tests/sspi/sample_client" "$(cat "$work/port")" "$pkg" alice \
        EXAMPLE "$password" || rc=$?
    wait "$spid" || rc=$?
    sed 's/^/   /' "$work/sspi-server.out"
    [ $rc = 0 ] || { echo "main-job: SSPI $pkg run FAILED" >&2; exit 1; }
done
echo
echo "SUCCESS: NTLM authentication and sealed messages through GSSAPI and SSPI"
