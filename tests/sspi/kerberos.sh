#!/bin/sh
# kerberos.sh - Kerberos and Negotiate-over-Kerberos through the shim
# against a real MIT KDC started here on loopback with a throw-away realm.
# Skips (77) when krb5kdc / kdb5_util / kadmin.local are not installed.
PATH=$PATH:/usr/sbin:/sbin
for p in krb5kdc kdb5_util kadmin.local; do
    command -v $p >/dev/null 2>&1 || { echo "no $p: skipping"; exit 77; }
done
dir=${SSPI_TEST_DIR:-$(mktemp -d)}/krb
mkdir -p "$dir"
realm=SSPI.TEST
# write_conf PORT: krb5.conf (the client's) and kdc.conf for a KDC on PORT.
write_conf() {
    cat > "$dir/krb5.conf" <<CONF
[libdefaults]
    default_realm = $realm
    dns_lookup_kdc = false
    dns_lookup_realm = false
    rdns = false
    dns_canonicalize_hostname = false
    udp_preference_limit = 1
[realms]
    $realm = {
        kdc = 127.0.0.1:$1
    }
[domain_realm]
    localhost = $realm
CONF
    cat > "$dir/kdc.conf" <<CONF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$1
    kdc_tcp_listen = 127.0.0.1:$1
[realms]
    $realm = {
        database_name = $dir/principal
        key_stash_file = $dir/stash
        acl_file = $dir/kadm5.acl
        supported_enctypes = aes256-cts-hmac-sha1-96:normal
    }
[logging]
    kdc = FILE:$dir/kdc.log
CONF
}
write_conf 0
: > "$dir/kadm5.acl"
KRB5_CONFIG="$dir/krb5.conf"
KRB5_KDC_PROFILE="$dir/kdc.conf"
KRB5_KTNAME="FILE:$dir/http.keytab"
KRB5CCNAME="FILE:$dir/ccache"
export KRB5_CONFIG KRB5_KDC_PROFILE KRB5_KTNAME KRB5CCNAME
kdb5_util create -s -r $realm -P masterpw > "$dir/setup.log" 2>&1 ||
    { cat "$dir/setup.log"; exit 99; }
kadmin.local -r $realm -q "addprinc -pw S3cret!pw alice" \
    >> "$dir/setup.log" 2>&1 || exit 99
kadmin.local -r $realm -q "addprinc -randkey HTTP/localhost" \
    >> "$dir/setup.log" 2>&1 || exit 99
kadmin.local -r $realm -q "ktadd -k $dir/http.keytab HTTP/localhost" \
    >> "$dir/setup.log" 2>&1 || exit 99

# Start the KDC on a free port.  There is no port that is certainly free
# (other tests, other users of this machine): ports below the ephemeral
# range are tried in turn from a pid-dependent start.  krb5kdc exits when
# its UDP or TCP port is taken; it is ready once it has logged "commencing
# operation" (its sockets are bound by then).  Generous limits: only a KDC
# that never starts waits that long.
kdc=
trap '[ -n "$kdc" ] && { kill $kdc 2>/dev/null; wait $kdc 2>/dev/null; }' EXIT
try=0
while :; do
    port=$((10000 + ($$ + try * 7919) % 20000))
    write_conf $port
    : > "$dir/kdc.log"
    krb5kdc -n > "$dir/kdc.out" 2>&1 &
    kdc=$!
    i=0
    while ! grep -q 'commencing operation' "$dir/kdc.log" &&
          kill -0 $kdc 2>/dev/null && [ $i -lt 600 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    grep -q 'commencing operation' "$dir/kdc.log" && break
    kill $kdc 2>/dev/null
    wait $kdc 2>/dev/null
    kdc=
    try=$((try + 1))
    if ! grep -q 'Address already in use' "$dir/kdc.log" "$dir/kdc.out" ||
       [ $try -ge 20 ]; then
        echo "the KDC did not start (port $port, attempt $try):"
        cat "$dir/kdc.log" "$dir/kdc.out"
        exit 99
    fi
    echo "port $port taken; trying another"
done
echo "KDC on 127.0.0.1:$port"
./kerberos_test "$realm"
status=$?
[ $status -eq 0 ] || cat "$dir/kdc.log" "$dir/kdc.out"
exit $status
