#!/bin/bash
# MIT's sample programs gss-server / gss-client (Debian krb5-gss-samples),
# unmodified, authenticating over loopback with the NTLM mechanism, both
# with the NTLM OID directly and through SPNEGO.  The default exchange of
# the samples covers the handshake, gss_wrap (sealed) / gss_unwrap on the
# server, and a MIC from the server that the client verifies.
set -u
. "$(dirname "$0")/common.sh"

need_prog gss-server krb5-gss-samples
need_prog gss-client krb5-gss-samples

# gss-client -mech wants braces: its dotted-form parser drops the '}'.
MECH_ARG="{ ${NTLM_OID//./ } }"
SERVICE=host

# gss-server prints "starting..." once it listens; a port taken between
# free_port and its bind makes it exit, and another port is tried.
for attempt in 1 2 3 4 5; do
    PORT=$(free_port) || fail "no free port"
    step "start gss-server on 127.0.0.1:$PORT (acceptor name '$SERVICE')"
    # stdbuf: gss-server prints the initiator's name on stdout.
    bg_start "$WORK/server.err" stdbuf -oL gss-server -port "$PORT" \
        -logfile "$WORK/server.log" "$SERVICE"
    SERVER=$BG_PID
    wait_for "$WORK/server.err" "starting" 60 "$SERVER" && break
    port_taken "$WORK/server.err" && [ $attempt -lt 5 ] ||
        fail "gss-server did not start"
    echo "port $PORT was taken meanwhile; another one"
done

failures=0
# client TITLE EXPECT(ok|fail) ARGS...
client() {
    local title=$1 expect=$2 rc=0
    shift 2
    mech_env timeout 120 gss-client -q -port "$PORT" "$@" \
        >"$WORK/client.out" 2>&1 || rc=$?
    if grep -q "Message not encrypted" "$WORK/client.out"; then
        rc=99
    fi
    if { [ "$expect" = ok ] && [ $rc -eq 0 ]; } ||
       { [ "$expect" = fail ] && [ $rc -ne 0 ] && [ $rc -ne 124 ]; }; then
        echo "PASS: $title"
    else
        echo "FAIL: $title (gss-client exit $rc, expected $expect)"
        sed 's/^/  | /' "$WORK/client.out"
        failures=$((failures + 1))
    fi
    kill -0 "$SERVER" 2>/dev/null || fail "gss-server died"
}

USER_ARGS=(-user "$TEST_DOMAIN\\$TEST_USER" -pass "$TEST_PASS")
step "NTLM OID"
client "NTLM, explicit password, 3 connections x 4 messages" ok \
    -mech "$MECH_ARG" "${USER_ARGS[@]}" -ccount 3 -mcount 4 \
    127.0.0.1 "$SERVICE" "ntlm-explicit"
client "NTLM, default identity from NTLM_USER_FILE" ok \
    -mech "$MECH_ARG" 127.0.0.1 "$SERVICE" "ntlm-default"
client "NTLM, sequence checking (-seq), 2 x 3" ok \
    -mech "$MECH_ARG" "${USER_ARGS[@]}" -seq -ccount 2 -mcount 3 \
    127.0.0.1 "$SERVICE" "ntlm-seq"
client "NTLM, wrong password is refused" fail \
    -mech "$MECH_ARG" -user "$TEST_DOMAIN\\$TEST_USER" -pass "wrong" \
    127.0.0.1 "$SERVICE" "ntlm-wrong"
client "NTLM, unknown user is refused" fail \
    -mech "$MECH_ARG" -user "$TEST_DOMAIN\\mallory" -pass "$TEST_PASS" \
    127.0.0.1 "$SERVICE" "ntlm-unknown"

step "SPNEGO"
client "SPNEGO, explicit password, 3 connections x 4 messages" ok \
    -spnego "${USER_ARGS[@]}" -ccount 3 -mcount 4 \
    127.0.0.1 "$SERVICE" "spnego-explicit"
client "SPNEGO, default identity" ok \
    -spnego 127.0.0.1 "$SERVICE" "spnego-default"
client "SPNEGO, wrong password is refused" fail \
    -spnego -user "$TEST_DOMAIN\\$TEST_USER" -pass "wrong" \
    127.0.0.1 "$SERVICE" "spnego-wrong"
client "after the failures the server still serves" ok \
    -mech "$MECH_ARG" "${USER_ARGS[@]}" 127.0.0.1 "$SERVICE" "still-alive"

step "server side"
# Every accepted, unwrapped message of the successful runs is logged.
expect_msgs() {
    local n
    n=$(grep -c "Received message: \"$1\"" "$WORK/server.log")
    if [ "$n" -eq "$2" ]; then
        echo "PASS: server unwrapped $2 x '$1'"
    else
        echo "FAIL: server unwrapped $n x '$1', expected $2"
        failures=$((failures + 1))
    fi
}
expect_msgs ntlm-explicit 12
expect_msgs ntlm-default 1
expect_msgs ntlm-seq 6
expect_msgs spnego-explicit 12
expect_msgs spnego-default 1
expect_msgs still-alive 1
for m in ntlm-wrong ntlm-unknown spnego-wrong; do
    expect_msgs "$m" 0
done
n=$(grep -c "Accepted connection: \"$TEST_DOMAIN.$TEST_USER\"" \
    "$WORK/server.err")
if [ "$n" -eq 11 ]; then
    echo "PASS: server named the initiator $TEST_DOMAIN\\$TEST_USER 11 times"
else
    echo "FAIL: server named the initiator $n times, expected 11"
    sed 's/^/  | /' "$WORK/server.log" "$WORK/server.err"
    failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] || fail "$failures checks failed"
echo "gss-sample: all checks passed ($MECH_KIND)"
