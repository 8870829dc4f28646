#!/bin/bash
# Samba's ntlm_auth as a peer, in its own processes: its NTLMSSP client
# (ntlmssp-client-1) against our acceptor, and its NTLMSSP server
# (squid-2.5-ntlmssp, verifying the password given with --password, no
# winbind needed) against our initiator.  See drive_samba.py.
set -u
. "$(dirname "$0")/common.sh"
need_py_module gssapi python3-gssapi
command -v ntlm_auth >/dev/null 2>&1 ||
    skip "ntlm_auth not found (install the Debian package winbind)"

# A private smb.conf: nothing under /etc/samba is read, every state and
# log path is in the temp dir.
mkdir -p "$WORK/samba"
cat >"$WORK/smb.conf" <<EOC
[global]
    workgroup = $TEST_DOMAIN
    netbios name = PEERHOST
    lock directory = $WORK/samba
    state directory = $WORK/samba
    cache directory = $WORK/samba
    private dir = $WORK/samba
    pid directory = $WORK/samba
    ncalrpc dir = $WORK/samba
    winbindd socket directory = $WORK/samba/wb
    log file = $WORK/samba/log
EOC
run_driver ntlm-auth-samba 300 "$PEERS_SRCDIR/drive_samba.py" \
    "$WORK/smb.conf" "$TEST_DOMAIN" "$TEST_USER" "$TEST_PASS"
