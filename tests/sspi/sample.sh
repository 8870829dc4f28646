#!/bin/sh
# sample.sh - run the SSPI sample server and client on loopback, once per
# package; the client must authenticate, the server must see its name and
# both must read each other's encrypted messages.
dir=${SSPI_TEST_DIR:-.}
status=0
for pkg in NTLM Negotiate; do
    portfile="$dir/port.$pkg"
    rm -f "$portfile"
    ./sample_server "$portfile" "$pkg" > "$dir/server.$pkg.out" 2>&1 &
    spid=$!
    i=0
    while [ ! -s "$portfile" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    port=$(cat "$portfile" 2>/dev/null)
    ./sample_client "$port" "$pkg" alice TESTDOM 'S3cret!pw' \
        > "$dir/client.$pkg.out" 2>&1 || status=1
    wait $spid || status=1
    echo "== $pkg server"; cat "$dir/server.$pkg.out"
    echo "== $pkg client"; cat "$dir/client.$pkg.out"
    grep -q 'The client is TESTDOM\\alice' "$dir/server.$pkg.out" || status=1
    grep -q 'A secret for the server only' "$dir/server.$pkg.out" || status=1
    grep -q 'Hello from the server' "$dir/client.$pkg.out" || status=1
    grep -q 'Package Name: NTLM' "$dir/client.$pkg.out" || status=1
done
exit $status
