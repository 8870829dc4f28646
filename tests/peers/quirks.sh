#!/bin/bash
# Liberal parsing with real clients' quirks: 32-byte NEGOTIATEs without
# VERSION (also when their flags announce it), OEM-only NEGOTIATEs (curl,
# ntlm-auth), AUTHENTICATE messages whose flags announce a VERSION they
# omit, curl's 64-byte AUTHENTICATE, an empty LmChallengeResponse, payload
# fields in any order; the acceptor must answer correctly and accept.
# See drive_quirks.py and peer_quirks.py (impacket's NTLMv2 primitives).
set -u
. "$(dirname "$0")/common.sh"
need_py_module gssapi python3-gssapi
need_py_module impacket.ntlm python3-impacket
run_driver quirks 300 "$PEERS_SRCDIR/drive_quirks.py" \
    "$TEST_DOMAIN" "$TEST_USER" "$TEST_PASS"
