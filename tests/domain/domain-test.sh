#!/bin/bash
# domain-test.sh - domain logins through winbind against a throw-away Samba
# AD domain: provisions a DC and a joined member, entirely under a temporary
# directory and in private network/PID/mount namespaces (see
# ../shared/reference/samba-ad-recipe.md), runs wbtest against the member's
# winbindd (NETLOGON pass-through to the DC), stops everything and removes
# the directory.  Nothing outside the temporary directory is written.
# gssdomain then runs the same through MIT's libgssapi with our module
# (initiator and acceptor, NTLM and SPNEGO, name attributes, throughput).
#
# Exit 77 (SKIP) when not root, Samba's AD DC or winbind is not installed, or
# namespaces are not available.  Environment:
#   NTLMGSS_AD_KEEP=1     keep the temporary directory (daemons still stop)
#   NTLMGSS_AD_GOLDEN=dir reuse (or create) a saved provision in dir
#   NTLMGSS_AD_MAXRT=N    the daemons end by themselves after N s (1800; a
#                         safety net for strays: cleanup stops them)
#
# Every wait below is for a condition (a port that answers, wbinfo --ping,
# a file with the port) with a limit in seconds that only a daemon that
# never gets ready reaches; a whole run takes about 30 s on an idle
# machine, and may take many times that on a loaded one.
#   WBTEST_ITER=N         logins per thread in the throughput test (100)
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
WBTEST=${WBTEST:-$HERE/wbtest}
GSSDOMAIN=${GSSDOMAIN:-$HERE/gssdomain}
SHIM=${WBSOCKDIR_SHIM:-$HERE/.libs/libwbsockdir.so}
MAXRT=${NTLMGSS_AD_MAXRT:-1800}
REALM=EXAMPLE.TEST
DOMAIN=EXAMPLE
ADMINPW='Adm1nPass!word'
USERPW='Passw0rd!alice'

skip() {
    echo "SKIP: domain logins test: $*" >&2
    exit 77
}
START_MS=$(($(date +%s%N) / 1000000))
say() { echo "[$(( ($(date +%s%N) / 1000000 - START_MS) ))ms] $*"; }

# ---- prerequisites ---------------------------------------------------------
[ "$(id -u)" = 0 ] ||
    skip "needs root (namespaces, winbindd's privileged pipe)"
for t in samba samba-tool samba_spnupdate net winbindd wbinfo unshare \
         nsenter setsid ip timeout; do
    command -v "$t" >/dev/null 2>&1 ||
        skip "'$t' not found; install the packages in tests/domain/packages.txt"
done
[ -d /usr/share/samba/setup ] ||
    skip "samba-ad-provision not installed (/usr/share/samba/setup missing)"
if [ ! -x "$WBTEST" ]; then
    [ -f "${WBTEST}.log" ] && grep -m5 -E "undefined|error" "${WBTEST}.log" >&2
    skip "wbtest not built (the core's NTLMv2 functions or the trace missing?)"
fi
[ -f "$SHIM" ] || skip "socket-dir shim $SHIM not built"
unshare --net --pid --mount --fork true 2>/dev/null ||
    skip "cannot create network/PID/mount namespaces here"

T=$(mktemp -d /tmp/ntlmgss-ad.XXXXXX) || exit 99
D=$T/dc
M=$T/member
DC_OUTER=
MEM_OUTER=
DC_PID=
MEM_PID=

ns_pid1() {   # the process below $1 that is PID 1 of a new PID namespace
    local p queue root=$1 end=$((SECONDS + 60))
    while [ $SECONDS -le $end ]; do
        queue=$root
        while [ -n "$queue" ]; do
            set -- $queue
            p=$1; shift; queue="$*"
            if awk '/^NSpid:/ { exit !(NF > 2 && $NF == 1) }' \
                   /proc/"$p"/status 2>/dev/null; then
                echo "$p"
                return 0
            fi
            queue="$queue $(cat /proc/"$p"/task/*/children 2>/dev/null)"
            queue=$(echo $queue)
        done
        sleep 0.05
    done
    return 1
}

stop_member() {
    if [ -n "$MEM_PID" ]; then
        kill -TERM "$MEM_PID" 2>/dev/null
        wait "$MEM_OUTER" 2>/dev/null
        MEM_PID=
    fi
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_member
    if [ -n "$DC_PID" ]; then
        kill -TERM "$DC_PID" 2>/dev/null
        wait "$DC_OUTER" 2>/dev/null
    fi
    # Nothing we started may outlive us.
    if pgrep -f "$T" >/dev/null 2>&1; then
        echo "FAIL: processes still running under $T:" >&2
        pgrep -af "$T" >&2
        for p in $(pgrep -f "$T/"); do kill -KILL "$p" 2>/dev/null; done
        [ $rc = 0 ] && rc=1
    fi
    if [ "${NTLMGSS_AD_KEEP:-0}" = 1 ]; then
        echo "kept $T"
    else
        rm -rf "$T"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "FAIL: $*" >&2
    for f in "$D/samba.out" "$M/winbindd.out" "$T/join.out"; do
        [ -f "$f" ] && { echo "--- tail $f" >&2; tail -n 25 "$f" >&2; }
    done
    exit 1
}

# Only our own processes get the shim; it makes libwbclient honour
# SELFTEST_WINBINDD_SOCKET_DIR (see the recipe, 3.1).
wbenv() { env LD_PRELOAD="$SHIM" SELFTEST_WINBINDD_SOCKET_DIR="$1" "${@:2}"; }

# ---- provision ---------------------------------------------------------------
provision() {
    mkdir -p "$1" && : > "$1/empty.conf"
    samba-tool domain provision -s "$1/empty.conf" --targetdir="$1" \
        --realm=$REALM --domain=$DOMAIN --server-role=dc \
        --dns-backend=NONE --host-name=dc1 --host-ip=127.0.0.1 \
        --adminpass="$ADMINPW" \
        --option="interfaces=lo" --option="bind interfaces only=yes" \
        --option="pid directory=$1/run" \
        --option="ncalrpc dir=$1/run/ncalrpc" \
        --option="winbindd socket directory=$1/run/winbindd" \
        --option="ntp signd socket directory=$1/run/ntp_signd" \
        --option="log file=$1/log/samba.log" \
        --option="server services=-dns -dnsupdate -nbt -wrepl -drepl -kcc -ntp_signd" \
        > "$1.provision.out" 2>&1 || return 1
    samba_spnupdate -s "$1/etc/smb.conf" >> "$1.provision.out" 2>&1
}

GOLDEN=${NTLMGSS_AD_GOLDEN:-}
if [ -n "$GOLDEN" ] && [ -f "$GOLDEN/etc/smb.conf" ]; then
    say "cloning provision from $GOLDEN"
    cp -a "$GOLDEN" "$D" && sed -i "s#$GOLDEN#$D#g" "$D/etc/smb.conf" ||
        fail "clone of $GOLDEN"
else
    say "provisioning $REALM"
    provision "$D" || { cat "$D.provision.out" >&2; fail "provision"; }
    if [ -n "$GOLDEN" ]; then
        rm -rf "$GOLDEN" && cp -a "$D" "$GOLDEN" &&
            sed -i "s#$D#$GOLDEN#g" "$GOLDEN/etc/smb.conf"
    fi
fi
mkdir -p "$D/log" "$D/run"

# ---- start the DC --------------------------------------------------------------
say "starting the DC"
wbenv "$D/run/winbindd" setsid unshare --net --pid --mount --fork \
    --kill-child=SIGTERM sh -c '
        mount -n --bind "$2" /var/log/samba && ip link set lo up &&
        exec samba -F --debug-stdout -s "$0" --maximum-runtime="$1"' \
    "$D/etc/smb.conf" "$MAXRT" "$D/log" > "$D/samba.out" 2>&1 < /dev/null &
DC_OUTER=$!
DC_PID=$(ns_pid1 "$DC_OUTER") || fail "DC did not start"

in_dc_net() { nsenter --net=/proc/"$DC_PID"/ns/net "$@"; }
for port in 389 88 445; do
    end=$((SECONDS + 180))
    until in_dc_net bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null
    do
        kill -0 "$DC_PID" 2>/dev/null || fail "DC exited"
        [ $SECONDS -le $end ] ||
            fail "DC port $port not listening after 180 s"
        sleep 0.1
    done
done
say "DC up"

# ---- users -----------------------------------------------------------------------
st() { samba-tool "$@" -s "$D/etc/smb.conf" >> "$T/users.out" 2>&1; }
st domain passwordsettings set --account-lockout-threshold=3 \
    --reset-account-lockout-after=30 --account-lockout-duration=30 ||
    fail "lockout policy"
st user add alice "$USERPW" || fail "add alice"
st user add bob "$USERPW" || fail "add bob"
st user disable bob || fail "disable bob"
st user add carol "$USERPW" || fail "add carol"
st user setexpiry carol --days=0 || fail "expire carol"
st user add dave "$USERPW" || fail "add dave"
st user add erin "$USERPW" --must-change-at-next-login || fail "add erin"
st user add gina "$USERPW" || fail "add gina"
say "users added"

# ---- the member -------------------------------------------------------------------
mkdir -p "$M"/{etc,lock,state,cache,private,run/winbindd,run/ncalrpc,log}
cat > "$M/etc/smb.conf" <<EOF
[global]
  workgroup = $DOMAIN
  realm = $REALM
  security = ads
  server role = member server
  netbios name = MEMBER1
  password server = 127.0.0.1
  interfaces = lo
  bind interfaces only = yes
  disable netbios = yes
  lock directory = $M/lock
  state directory = $M/state
  cache directory = $M/cache
  private dir = $M/private
  pid directory = $M/run
  ncalrpc dir = $M/run/ncalrpc
  winbindd socket directory = $M/run/winbindd
  log file = $M/log/log.%m
  kerberos method = secrets only
  idmap config * : backend = tdb
  idmap config * : range = 100000-199999
  idmap config $DOMAIN : backend = rid
  idmap config $DOMAIN : range = 200000-299999
EOF
echo "127.0.0.1 dc1.example.test dc1 localhost" > "$M/etc/hosts"
echo "nameserver 127.0.0.1" > "$M/etc/resolv.conf"
MOUNTS='mount -n --bind "$0/etc/hosts" /etc/hosts &&
        mount -n --bind "$0/etc/resolv.conf" /etc/resolv.conf &&
        mount -n --bind "$0/log" /var/log/samba'

say "joining MEMBER1"
in_dc_net unshare --mount sh -c "$MOUNTS"' &&
    exec net ads join -s "$0/etc/smb.conf" -U "administrator%$1" \
        -S dc1.example.test --no-dns-updates' "$M" "$ADMINPW" \
    > "$T/join.out" 2>&1 < /dev/null || fail "net ads join"

start_member() {
    wbenv "$M/run/winbindd" setsid nsenter --net=/proc/"$DC_PID"/ns/net \
        unshare --mount --pid --fork --kill-child=SIGTERM sh -c "$MOUNTS"' &&
        exec timeout -k 5 "$1" winbindd -F --debug-stdout \
            -s "$0/etc/smb.conf"' "$M" "$MAXRT" \
        >> "$M/winbindd.out" 2>&1 < /dev/null &
    MEM_OUTER=$!
    MEM_PID=$(ns_pid1 "$MEM_OUTER") || fail "member winbindd did not start"
    local end=$((SECONDS + 120))
    while [ $SECONDS -le $end ]; do
        wbenv "$M/run/winbindd" wbinfo --ping >/dev/null 2>&1 && return 0
        kill -0 "$MEM_PID" 2>/dev/null || break
        sleep 0.1
    done
    fail "member winbindd does not answer"
}
start_member
# The trust must work before logons go through NETLOGON.
end=$((SECONDS + 120))
while [ $SECONDS -le $end ]; do
    wbenv "$M/run/winbindd" wbinfo -t >/dev/null 2>&1 && break
    sleep 0.2
done
wbenv "$M/run/winbindd" wbinfo -t > "$T/trust.out" 2>&1 ||
    fail "member trust check: $(cat "$T/trust.out")"
say "member up"

# ---- the tests ----------------------------------------------------------------------
export SELFTEST_WINBINDD_SOCKET_DIR=$M/run/winbindd
export WBTEST_PASSWORD=$USERPW
say "running wbtest (member up)"
"$WBTEST" up || fail "wbtest up"

if [ -x "$GSSDOMAIN" ]; then
    GSID=$(wbenv "$M/run/winbindd" wbinfo -n 'EXAMPLE\gina' | awk '{print $1}')
    mkdir -p "$T/gss"
    export GSSDOMAIN_DIR=$T/gss GSSDOMAIN_USER='EXAMPLE\gina'
    export GSSDOMAIN_PASSWORD=$USERPW GSSDOMAIN_USER_SID=$GSID
    # Initiator single sign-on: winbind caches gina's credentials for root.
    if wbenv "$M/run/winbindd" wbinfo --ccache-save="EXAMPLE\\gina%$USERPW" \
           > "$T/ccache.out" 2>&1; then
        export GSSDOMAIN_SSO=1
    else
        echo "note: wbinfo --ccache-save failed: $(cat "$T/ccache.out")" >&2
    fi
    say "gssdomain up (GSS end to end, gina = $GSID)"
    "$GSSDOMAIN" up || fail "gssdomain up"
    # gss_localname through NSS: only this process's mount namespace sees
    # an nsswitch.conf that asks winbind (libnss-winbind).
    if [ -e /lib/x86_64-linux-gnu/libnss_winbind.so.2 ] ||
       [ -e /usr/lib/x86_64-linux-gnu/libnss_winbind.so.2 ]; then
        printf 'passwd: files winbind\ngroup: files winbind\n' \
            > "$T/nsswitch.conf"
        say "gssdomain localname (NSS with winbind, private mount namespace)"
        unshare --mount sh -c 'mount -n --bind "$0" /etc/nsswitch.conf &&
            exec "$1" localname' "$T/nsswitch.conf" "$GSSDOMAIN" ||
            fail "gssdomain localname"
    else
        echo "note: libnss-winbind not installed; gss_localname through" \
             "NSS not tested" >&2
    fi
else
    echo "note: gssdomain not built; GSS end-to-end part skipped" >&2
fi

# ---- the same through the SSPI shim -------------------------------------------
# The Windows-style sample server (AcceptSecurityContext through libsspi,
# our module underneath, no user file: the domain decides) and client.
SSPI_DIR=${SSPI_SAMPLES:-$HERE/../sspi}
SSPI_LSAN=${SSPI_LSAN:-$HERE/../sspi/lsan.supp}
MODULE=${NTLMGSS_MODULE:-$HERE/../../mech/.libs/ntlmgss.so}
if [ -x "$SSPI_DIR/sample_server" ] && [ -x "$SSPI_DIR/sample_client" ] &&
   [ -f "$MODULE" ]; then
    mkdir -p "$T/sspi"; SSPI_KEEP=${SSPI_KEEP:-}
    echo "ntlmgss 1.3.6.1.4.1.311.2.2.10 $MODULE" > "$T/sspi/mech.conf"
    printf 'domain_logins = yes\n' > "$T/sspi/ntlmgss.conf"
    # libwbclient honours SELFTEST_WINBINDD_SOCKET_DIR only when
    # nss_wrapper_enabled() says so: the shim library provides it.  In a
    # sanitizer build, libasan must come first in the preload list.
    SSPI_PRELOAD=$SHIM
    if ldd "$SSPI_DIR/.libs/sample_server" 2>/dev/null | grep -q libasan; then
        SSPI_PRELOAD="$(gcc -print-file-name=libasan.so) $SHIM"
    fi
    sspi_run() {  # sspi_run LABEL PACKAGE USER PASSWORD -> client status
        rm -f "$T/sspi/port"
        env -u NTLM_USER_FILE LD_PRELOAD="$SSPI_PRELOAD" GSS_MECH_CONFIG="$T/sspi/mech.conf" KRB5_CONFIG=/dev/null \
            LSAN_OPTIONS="suppressions=$SSPI_LSAN" NTLMGSS_CONFIG="$T/sspi/ntlmgss.conf" \
            "$SSPI_DIR/sample_server" "$T/sspi/port" "$2" \
            > "$T/sspi/server.$1.out" 2>&1 &
        local spid=$! rc=0 end=$((SECONDS + 120))
        # the server writes its port once it listens
        while [ ! -s "$T/sspi/port" ] && kill -0 $spid 2>/dev/null &&
              [ $SECONDS -le $end ]; do
            sleep 0.1
        done
        [ -s "$T/sspi/port" ] || {
            kill $spid 2>/dev/null; wait $spid 2>/dev/null
            echo "the sample server wrote no port" > "$T/sspi/client.$1.out"
            return 99
        }
        env -u NTLM_USER_FILE LD_PRELOAD="$SSPI_PRELOAD" GSS_MECH_CONFIG="$T/sspi/mech.conf" KRB5_CONFIG=/dev/null \
            LSAN_OPTIONS="suppressions=$SSPI_LSAN" \
            timeout 120 "$SSPI_DIR/sample_client" \
            "$(cat "$T/sspi/port")" "$2" "$3" EXAMPLE "$4" \
            > "$T/sspi/client.$1.out" 2>&1 || rc=$?
        timeout 60 tail --pid=$spid -f /dev/null 2>/dev/null ||
            kill $spid 2>/dev/null
        wait $spid 2>/dev/null || true
        return $rc
    }
    for pkg in NTLM Negotiate; do
        say "SSPI shim ($pkg): domain user through AcceptSecurityContext"
        sspi_run "ok.$pkg" "$pkg" gina "$USERPW" ||
            fail "SSPI $pkg: $(cat "$T/sspi/client.ok.$pkg.out" "$T/sspi/server.ok.$pkg.out")"
        grep -q 'The client is EXAMPLE\\gina' "$T/sspi/server.ok.$pkg.out" ||
            fail "SSPI $pkg: server did not name EXAMPLE\\gina"
        grep -q 'A secret for the server only' "$T/sspi/server.ok.$pkg.out" ||
            fail "SSPI $pkg: sealed message not received"
        grep -q 'Hello from the server' "$T/sspi/client.ok.$pkg.out" ||
            fail "SSPI $pkg: sealed reply not received"
        say "SSPI shim ($pkg): wrong password -> SEC_E_LOGON_DENIED"
        if sspi_run "bad.$pkg" "$pkg" gina "wrong-$USERPW"; then
            fail "SSPI $pkg: wrong password accepted"
        fi
        grep -qi '0x8009030c' "$T/sspi/server.bad.$pkg.out" ||
            fail "SSPI $pkg: wrong password: $(cat "$T/sspi/server.bad.$pkg.out")"
        say "SSPI shim ($pkg): unknown user -> SEC_E_LOGON_DENIED"
        if sspi_run "unk.$pkg" "$pkg" nosuchuser "$USERPW"; then
            fail "SSPI $pkg: unknown user accepted"
        fi
        grep -qi '0x8009030c' "$T/sspi/server.unk.$pkg.out" ||
            fail "SSPI $pkg: unknown user: $(cat "$T/sspi/server.unk.$pkg.out")"
    done
else
    echo "note: SSPI samples or module not built; SSPI part skipped" >&2
fi

say "wbtest nolib (no libwbclient)"
NTLMGSS_WBCLIENT=/nonexistent/libwbclient.so.0 "$WBTEST" nolib ||
    fail "wbtest nolib"

WB_MAIN=$(pgrep -P "$MEM_PID" -x winbindd)
[ -n "$WB_MAIN" ] || fail "cannot find the member's winbindd"
say "wbtest hang (winbindd $WB_MAIN stopped with SIGSTOP)"
kill -STOP "$WB_MAIN"
"$WBTEST" hang
rc=$?
rc2=0
if [ -x "$GSSDOMAIN" ]; then
    say "gssdomain hang"
    NTLMGSS_WB_TIMEOUT_MS=1000 "$GSSDOMAIN" hang || rc2=$?
fi
kill -CONT "$WB_MAIN"
[ $rc = 0 ] || fail "wbtest hang"
[ $rc2 = 0 ] || fail "gssdomain hang"

say "stopping the member's winbindd"
stop_member
"$WBTEST" down || fail "wbtest down"
if [ -x "$GSSDOMAIN" ]; then
    say "gssdomain down"
    "$GSSDOMAIN" down || fail "gssdomain down"
fi

say "done"
exit 0
