#!/bin/bash
# impacket's ntlm module (python3-impacket) as a peer in its own process:
# its client against our acceptor, and its functions verifying our
# initiator's AUTHENTICATE (NTProofStr, LMv2, MIC, session key); sealed
# messages and signatures both ways.  See drive_peer.py.
set -u
. "$(dirname "$0")/common.sh"
need_py_module gssapi python3-gssapi
need_py_module impacket.ntlm python3-impacket
run_driver impacket 300 "$PEERS_SRCDIR/drive_peer.py" \
    "$PEERS_SRCDIR/peer_impacket.py" "$TEST_DOMAIN" "$TEST_USER" "$TEST_PASS"
