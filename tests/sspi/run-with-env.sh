#!/bin/sh
# run-with-env.sh - run a test with a private GSSAPI environment: a mech
# config naming the NTLM module under test, a user file, an empty krb5
# configuration and cache.  Nothing under /etc is read.
#
# The module is $NTLMGSS_TEST_MECH, else our own module when it has been
# built, else the system's gss-ntlmssp.  Exit 77 (skip) if none exists.
top_builddir=${top_builddir:-../..}
mech=${NTLMGSS_TEST_MECH:-}
if [ -z "$mech" ]; then
    if [ -f "$top_builddir/mech/.libs/ntlmgss.so" ]; then
        mech=$(cd "$top_builddir/mech/.libs" && pwd)/ntlmgss.so
    else
        mech=/usr/lib/x86_64-linux-gnu/gssntlmssp/gssntlmssp.so
    fi
fi
if [ ! -f "$mech" ]; then
    echo "no NTLM mechanism module found ($mech): skipping"
    exit 77
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/sspi-test.XXXXXX") || exit 99
trap 'rm -rf "$dir"' EXIT INT TERM
echo "ntlm_under_test 1.3.6.1.4.1.311.2.2.10 $mech" > "$dir/mech"
cat > "$dir/users" <<USERS
TESTDOM:alice:S3cret!pw
TESTDOM:bob:hunter2
USERS
chmod 600 "$dir/users"
# settings of our mechanism (ignored by gss-ntlmssp)
cat > "$dir/ntlmgss.conf" <<CONF
netbios_computer = TESTSRV
netbios_domain = TESTDOM
dns_computer = testsrv.example.test
dns_domain = example.test
CONF
printf '[libdefaults]\n dns_lookup_kdc = false\n dns_lookup_realm = false\n' \
    > "$dir/krb5.conf"
# No domain logons (tests/domain has a domain): with domain_logins = auto
# the answers would depend on the host's winbindd and, through the module's
# 5 s memory of a failed domain lookup, on time.  gss-ntlmssp ignores it.
NTLMGSS_WBCLIENT=none
GSS_MECH_CONFIG="$dir/mech"
NTLM_USER_FILE="$dir/users"
NTLMGSS_CONFIG="$dir/ntlmgss.conf"
KRB5_CONFIG="$dir/krb5.conf"
KRB5CCNAME="FILE:$dir/ccache"
KRB5_KTNAME="FILE:$dir/keytab"
KRB5RCACHETYPE=none
SSPI_TEST_DIR="$dir"
NTLMGSS_TEST_MECH_PATH="$mech"
supp="$(cd "$(dirname "$0")" && pwd)/lsan.supp"
LSAN_OPTIONS="suppressions=$supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS GSS_MECH_CONFIG NTLM_USER_FILE NTLMGSS_CONFIG \
    KRB5_CONFIG KRB5CCNAME KRB5_KTNAME NTLMGSS_WBCLIENT \
    KRB5RCACHETYPE SSPI_TEST_DIR NTLMGSS_TEST_MECH_PATH
"$@"
