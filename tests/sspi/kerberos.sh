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
port=$((20000 + $$ % 20000))
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
        kdc = 127.0.0.1:$port
    }
[domain_realm]
    localhost = $realm
CONF
cat > "$dir/kdc.conf" <<CONF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$port
    kdc_tcp_listen = 127.0.0.1:$port
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
krb5kdc -n -P "$dir/kdc.pid" > "$dir/kdc.out" 2>&1 &
kdc=$!
trap 'kill $kdc 2>/dev/null; wait $kdc 2>/dev/null' EXIT
i=0
while [ ! -s "$dir/kdc.pid" ] && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
sleep 0.3
./kerberos_test "$realm"
status=$?
[ $status -eq 0 ] || cat "$dir/kdc.log" "$dir/kdc.out"
exit $status
