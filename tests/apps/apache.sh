#!/bin/bash
# Apache httpd with mod_auth_gssapi using the NTLM mechanism as acceptor: a
# private instance (own ServerRoot and config in the temp dir, single
# process, -X) on a free 127.0.0.1 port.  Clients:
#   - curl --negotiate: SPNEGO through the mechanism on the initiator side
#     too, with the default identity from NTLM_USER_FILE;
#   - curl --ntlm: curl's own NTLM code, "Authorization: NTLM" (raw NTLM,
#     accepted by mod_auth_gssapi with GssapiConnectionBound On);
#   - python3-requests-ntlm (ntlm-auth's NTLM code).
# Keep-alive with several requests on one connection; a wrong password gets
# 401 and the server keeps serving.
set -u
. "$(dirname "$0")/common.sh"

APACHE=/usr/sbin/apache2
MODDIR=/usr/lib/apache2/modules
[ -x "$APACHE" ] || skip "$APACHE not found (install the Debian package apache2)"
[ -f "$MODDIR/mod_auth_gssapi.so" ] ||
    skip "mod_auth_gssapi not found (install libapache2-mod-auth-gssapi)"
need_prog curl curl

H=$WORK/httpd
mkdir -p "$H/htdocs/private" "$H/run" "$H/logs"
echo "public page" >"$H/htdocs/index.txt"
echo "secret page" >"$H/htdocs/private/index.txt"
write_conf() {
cat >"$H/httpd.conf" <<CONF
ServerRoot "$H"
ServerName 127.0.0.1
Listen 127.0.0.1:$PORT
PidFile "$H/run/httpd.pid"
DefaultRuntimeDir "$H/run"
ErrorLog "$H/logs/error.log"
LogLevel info auth_gssapi:debug
# -X: one process, no detaching.  No User/Group: it keeps the invoking
# user, who can read the user file in the temp dir.
LoadModule mpm_event_module $MODDIR/mod_mpm_event.so
LoadModule authn_core_module $MODDIR/mod_authn_core.so
LoadModule authz_core_module $MODDIR/mod_authz_core.so
LoadModule authz_user_module $MODDIR/mod_authz_user.so
LoadModule auth_gssapi_module $MODDIR/mod_auth_gssapi.so
# user, status, requests before this one on the connection, request line
LogFormat "%u %>s %k %r" test
CustomLog "$H/logs/access.log" test
KeepAlive On
MaxKeepAliveRequests 100
KeepAliveTimeout 15
DocumentRoot "$H/htdocs"
<Directory />
    AllowOverride None
</Directory>
<Location /private>
    AuthType GSSAPI
    AuthName "ntlmgss test"
    GssapiAllowedMech ntlmssp
    # NTLM takes two round trips: keep the context on the connection.
    GssapiConnectionBound On
    GssapiBasicAuth Off
    Require valid-user
</Location>
CONF
}

# Apache is up when it serves the public page (at most 60 s: a limit for
# an Apache that never starts).  A port taken between free_port and its
# bind makes it exit, and another port is tried.  timeout 600: a last
# resort for a stray server (cleanup kills it long before).
for attempt in 1 2 3 4 5; do
    PORT=$(free_port) || fail "no free port"
    URL=http://127.0.0.1:$PORT/private/index.txt
    write_conf
    : >"$H/logs/error.log"
    step "start Apache on 127.0.0.1:$PORT"
    bg_start "$H/stdout" timeout 600 "$APACHE" -X -f "$H/httpd.conf"
    APID=$BG_PID
    up=no
    end=$((SECONDS + 60))
    while [ "$SECONDS" -le "$end" ]; do
        if curl -s -m 5 -o /dev/null "http://127.0.0.1:$PORT/index.txt"; then
            up=yes
            break
        fi
        kill -0 "$APID" 2>/dev/null || break
        sleep 0.1
    done
    [ $up = yes ] && break
    if port_taken "$H/stdout" "$H/logs/error.log" && [ $attempt -lt 5 ]; then
        echo "port $PORT was taken meanwhile; another one"
        kill "$APID" 2>/dev/null
        wait "$APID" 2>/dev/null
        continue
    fi
    cat "$H/stdout" "$H/logs/error.log" 2>/dev/null
    fail "Apache did not start"
done

failures=0
known=0
pass() { echo "PASS: $*"; }
bad() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
# known_bad TITLE: a failure that is a known limit of gss-ntlmssp.
known_bad() {
    if [ "$MECH_KIND" = gss-ntlmssp ]; then
        echo "KNOWN FAILURE with gss-ntlmssp: $*"
        known=$((known + 1))
    else
        bad "$@"
    fi
}
alive() {
    kill -0 "$APID" 2>/dev/null || { bad "Apache died"; exit_now; }
}
exit_now() {
    sed 's/^/  | /' "$H/logs/error.log" | tail -30
    fail "$failures checks failed"
}

# curl_codes FILE ARGS...: run curl on three URLs of one connection; FILE
# gets "code connects" per transfer.
curl_codes() {
    local out=$1
    shift
    timeout 120 curl -s -m 60 -w '%{http_code} %{num_connects}\n' \
        "$@" -o /dev/null "$URL" -o /dev/null "$URL" -o /dev/null "$URL" \
        >"$out" 2>"$out.err" || true
}
# three_ok FILE TITLE: three 200s over one connection.
three_ok() {
    local codes conns
    codes=$(awk '{ printf "%s ", $1 }' "$1")
    conns=$(awk '{ n += $2 } END { print n + 0 }' "$1")
    if [ "$codes" = "200 200 200 " ] && [ "$conns" -eq 1 ]; then
        return 0
    fi
    echo "  codes: $codes connections: $conns $(cat "$1.err")"
    return 1
}

step "no credentials"
hdrs=$(curl -s -m 60 -D - -o /dev/null "$URL")
if echo "$hdrs" | grep -q '^HTTP/1.1 401' &&
   echo "$hdrs" | grep -qi '^WWW-Authenticate: Negotiate' &&
   echo "$hdrs" | grep -qi '^WWW-Authenticate: NTLM'; then
    pass "401 offering Negotiate and NTLM"
else
    bad "anonymous request: $hdrs"
fi

# curl as the initiator loads the module.  With a module built with
# AddressSanitizer that means preloading libasan into curl, and Debian's
# curl then deadlocks in setlocale() before main does anything: those
# checks cannot run in a sanitizer build (the normal build runs them).
curl_mech=yes
if [ -n "$MECH_PRELOAD" ]; then
    curl_mech=no
    echo "######################################################"
    echo "## NOTE: sanitizer module: curl --negotiate checks not"
    echo "## run (curl hangs with libasan preloaded); they run in"
    echo "## the normal build."
    echo "######################################################"
fi

if [ $curl_mech = yes ]; then
    step "curl --negotiate (SPNEGO, our initiator, default identity)"
    curl_codes "$WORK/neg" --negotiate -u :
    if three_ok "$WORK/neg"; then
        pass "curl --negotiate: 3 x 200 on one connection"
    else
        bad "curl --negotiate"
    fi
    body=$(timeout 120 curl -s -m 60 --negotiate -u : "$URL")
    [ "$body" = "secret page" ] && pass "curl --negotiate: page content" ||
        bad "curl --negotiate: body '$body'"
    printf '%s:%s:%s\n' "$TEST_DOMAIN" "$TEST_USER" "not-$TEST_PASS" \
        >"$WORK/wrong-users"
    code=$(NTLM_USER_FILE=$WORK/wrong-users timeout 120 curl -s -m 60 \
        -o /dev/null -w '%{http_code}' --negotiate -u : "$URL")
    [ "$code" = 401 ] && pass "curl --negotiate, wrong password: 401" ||
        bad "curl --negotiate, wrong password: $code"
    alive
fi

step "curl --ntlm (curl's own NTLM)"
curl_codes "$WORK/ntlm" --ntlm -u "$TEST_DOMAIN\\$TEST_USER:$TEST_PASS"
if three_ok "$WORK/ntlm"; then
    pass "curl --ntlm: 3 x 200 on one connection"
else
    # curl sends a 32-byte NEGOTIATE without VERSION, which gss-ntlmssp
    # 1.2 cannot decode.
    known_bad "curl --ntlm (32-byte NEGOTIATE without VERSION)"
fi
code=$(timeout 120 curl -s -m 60 -o /dev/null -w '%{http_code}' --ntlm \
    -u "$TEST_DOMAIN\\$TEST_USER:not-$TEST_PASS" "$URL")
[ "$code" = 401 ] && pass "curl --ntlm, wrong password: 401" ||
    bad "curl --ntlm, wrong password: $code"
alive

step "python3-requests-ntlm"
if "$PY" -c 'import requests_ntlm' 2>/dev/null; then
    # ntlm-auth computes MD4 through hashlib: OpenSSL 3 has it only in the
    # legacy provider, enabled here for that process alone.
    cat >"$WORK/openssl.cnf" <<'CNF'
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
CNF
    cat >"$WORK/rq.py" <<'PYEOF'
import sys
import requests
from requests_ntlm import HttpNtlmAuth
url, user, pw, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
s = requests.Session()
s.auth = HttpNtlmAuth(user, pw)
for i in range(n):
    r = s.get(url, timeout=60)
    print(r.status_code, r.text.strip())
PYEOF
    rq() {
        OPENSSL_CONF=$WORK/openssl.cnf timeout 120 "$PY" "$WORK/rq.py" \
            "$URL" "$@" 2>&1
    }
    out=$(rq "$TEST_DOMAIN\\$TEST_USER" "$TEST_PASS" 3)
    if [ "$out" = "$(printf '200 secret page\n%.0s' 1 2 3)" ]; then
        pass "requests-ntlm: 3 x 200 in one session"
    else
        bad "requests-ntlm: $out"
    fi
    out=$(rq "$TEST_DOMAIN\\$TEST_USER" "not-$TEST_PASS" 1)
    [ "${out%% *}" = 401 ] && pass "requests-ntlm, wrong password: 401" ||
        bad "requests-ntlm, wrong password: $out"
else
    bad "python3 module requests_ntlm missing" \
        "(install python3-requests-ntlm)"
fi
alive

step "the server keeps serving"
if [ $curl_mech = yes ]; then
    curl_codes "$WORK/again" --negotiate -u :
    three_ok "$WORK/again" && pass "curl --negotiate after the failures" ||
        bad "curl --negotiate after the failures"
fi
if [ -f "$WORK/rq.py" ]; then
    out=$(rq "$TEST_DOMAIN\\$TEST_USER" "$TEST_PASS" 2)
    [ "$out" = "$(printf '200 secret page\n%.0s' 1 2)" ] &&
        pass "requests-ntlm after the failures" ||
        bad "requests-ntlm after the failures: $out"
fi

step "access log"
# Keep-alive: some authenticated requests were not the first on their
# connection (%k > 0), all carry the user name.
log=$H/logs/access.log
ok_all=$(awk '$2 == 200 && $5 ~ /private/' "$log" | wc -l)
ok_users=$(awk '$2 == 200 && $5 ~ /private/' "$log" |
    grep -c '^TESTDOM\\\\alice ')
reused=$(awk '$2 == 200 && $5 ~ /private/ && $3 > 0' "$log" | wc -l)
if [ "$ok_all" -gt 0 ] && [ "$ok_users" -eq "$ok_all" ] && [ "$reused" -gt 0 ]
then
    pass "access log: $ok_all requests as TESTDOM\\alice, $reused on reused connections"
else
    bad "access log: $ok_users of $ok_all named, $reused reused"
    sed 's/^/  | /' "$H/logs/access.log"
fi
alive

if [ "$failures" -ne 0 ]; then
    exit_now
fi
echo "apache: all checks passed ($MECH_KIND, $known known gss-ntlmssp failures)"
