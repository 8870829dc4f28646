#!/bin/sh
# sample.sh - run the SSPI sample server and client on loopback, once per
# package; the client must authenticate, the server must see its name and
# both must read each other's encrypted messages.
#
# The server listens on a port the kernel chooses and writes it to a file
# once it listens: the client starts when the file has it (not after a
# fixed delay).  Limits are generous (a loaded machine, a sanitizer build)
# and only reached when something hangs.
dir=${SSPI_TEST_DIR:-.}
status=0
for pkg in NTLM Negotiate; do
    portfile="$dir/port.$pkg"
    rm -f "$portfile"
    timeout 300 ./sample_server "$portfile" "$pkg" \
        > "$dir/server.$pkg.out" 2>&1 &
    spid=$!
    i=0
    while [ ! -s "$portfile" ] && kill -0 $spid 2>/dev/null &&
          [ $i -lt 1200 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    port=$(cat "$portfile" 2>/dev/null)
    if [ -n "$port" ]; then
        timeout 300 ./sample_client "$port" "$pkg" alice TESTDOM 'S3cret!pw' \
            > "$dir/client.$pkg.out" 2>&1 || status=1
    else
        echo "FAIL: $pkg: the server wrote no port (waited $((i / 10)) s)"
        kill $spid 2>/dev/null
        : > "$dir/client.$pkg.out"
        status=1
    fi
    wait $spid || status=1
    echo "== $pkg server"; cat "$dir/server.$pkg.out"
    echo "== $pkg client"; cat "$dir/client.$pkg.out"
    grep -q 'The client is TESTDOM\\alice' "$dir/server.$pkg.out" || status=1
    grep -q 'A secret for the server only' "$dir/server.$pkg.out" || status=1
    grep -q 'Hello from the server' "$dir/client.$pkg.out" || status=1
    grep -q 'Package Name: NTLM' "$dir/client.$pkg.out" || status=1
done
exit $status
