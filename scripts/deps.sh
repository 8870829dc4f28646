#!/bin/bash
# Install every build and test dependency (Debian 12, run as root).
# Idempotent: installs only what is missing.
set -euo pipefail
PKGS="build-essential autoconf automake libtool pkg-config
libkrb5-dev libssl-dev check valgrind clang libclang-rt-14-dev
krb5-gss-samples krb5-kdc krb5-admin-server krb5-user gss-ntlmssp
python3 python3-gssapi libwinpr2-dev ca-certificates"
# Packages that individual test directories ask for.
top="$(cd "$(dirname "$0")/.." && pwd)"
for f in "$top"/tests/*/packages.txt; do
    [ -f "$f" ] && PKGS="$PKGS $(grep -v '^#' "$f" | tr '\n' ' ')"
done
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "deps.sh: missing packages:$missing" >&2
        echo "deps.sh: run as root, or install them with apt-get" >&2
        exit 1
    fi
    echo "deps.sh: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
