#!/bin/bash
# python3-gssapi driving both sides with the NTLM mechanism: handshakes with
# an explicit password and with the default identity, directly and through
# SPNEGO; wrap/unwrap and get_mic/verify_mic both ways, altered tokens
# refused, wrong password refused; then initiator and acceptor in two
# processes over a socket pair.  The checks are in gss_pair.py.
set -u
. "$(dirname "$0")/common.sh"

[ -x "$PY" ] || skip "$PY not found (install the Debian package python3)"
"$PY" -c 'import gssapi' 2>/dev/null ||
    skip "python3 module gssapi missing (install python3-gssapi)"

rc=0
mech_env timeout 300 "$PY" "$APPS_SRCDIR/gss_pair.py" \
    "$TEST_DOMAIN" "$TEST_USER" "$TEST_PASS" >"$WORK/out" 2>&1 || rc=$?
cat "$WORK/out"
[ $rc -eq 0 ] || fail "gss_pair.py exit $rc"
echo "python-gssapi: $(grep -c '^PASS' "$WORK/out") checks passed ($MECH_KIND)"
