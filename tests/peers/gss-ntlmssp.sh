#!/bin/bash
# Debian's gss-ntlmssp module as a peer, in its own process (its own
# GSS_MECH_CONFIG selecting only that module), driven by python3-gssapi:
# its initiator against our acceptor and our initiator against its
# acceptor, sealed messages and signatures both ways.  See drive_peer.py
# and peer_gss.py.
set -u
. "$(dirname "$0")/common.sh"
need_py_module gssapi python3-gssapi
GSSNTLMSSP_SO=/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so
[ -f "$GSSNTLMSSP_SO" ] ||
    skip "$GSSNTLMSSP_SO not found (install the Debian package gss-ntlmssp)"
[ "$(readlink -f "$GSSNTLMSSP_SO")" != "$(readlink -f "$MECH_SO")" ] ||
    skip "the module under test is gss-ntlmssp itself"
echo "gssntlmssp $NTLM_OID $GSSNTLMSSP_SO" >"$WORK/peer-mech.conf"
export PEER_GSS_MECH_CONFIG=$WORK/peer-mech.conf PEER_NAME=gss-ntlmssp
run_driver gss-ntlmssp 300 "$PEERS_SRCDIR/drive_peer.py" \
    "$PEERS_SRCDIR/peer_gss.py" "$TEST_DOMAIN" "$TEST_USER" "$TEST_PASS"
