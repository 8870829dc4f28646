#!/bin/bash
# python3-ntlm-auth (the NTLM code under requests-ntlm) as a peer in its own
# process: its NtlmContext client against our acceptor (with its default
# NEGOTIATE, and with REQUEST_TARGET added), its SessionSecurity sealing
# and signing both ways, and its functions verifying our initiator's
# AUTHENTICATE.  See drive_peer.py and peer_ntlmauth.py.
set -u
. "$(dirname "$0")/common.sh"
need_py_module gssapi python3-gssapi
need_py_module ntlm_auth.ntlm python3-ntlm-auth
OPENSSL_CONF=$WORK/openssl.cnf "$PY" -c \
    'import hashlib; hashlib.new("md4")' 2>/dev/null ||
    skip "python3 hashlib has no MD4 even with OpenSSL's legacy provider"
export PEER_OPENSSL_CONF=$WORK/openssl.cnf
run_driver ntlm-auth-py 300 "$PEERS_SRCDIR/drive_peer.py" \
    "$PEERS_SRCDIR/peer_ntlmauth.py" "$TEST_DOMAIN" "$TEST_USER" \
    "$TEST_PASS" client client-rt
