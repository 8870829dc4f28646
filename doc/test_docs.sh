#!/bin/sh
# test_docs.sh - the documents an administrator reads match the build:
#   * ntlmgss(7), ntlmtool(1) and ntlmgss.conf.example name the configured
#     module configuration file, mech.d directory and module directory,
#     and the .in sources hard-code none of them;
#   * ntlmgss(7) documents every key of mech/nconfig.c and every
#     environment variable the module reads (mech/*.c);
#   * ntlmtool's list of environment overrides is mech/nconfig.c's;
#   * the default configure puts the mech.d registration file in the
#     directory libgssapi_krb5 reads, and make install says so when not;
#   * the installed registration file names the module configuration file;
#   * the README's first page says where each file is read from, with the
#     defaults configure.ac really has.
set -u

src=${NTLMGSS_SRCDIR:?}
doc=${DOC_BUILDDIR:?}
bld=$(cd "$doc/.." && pwd)
tool=${NTLMTOOL:-$bld/tools/ntlmtool}
conf_file=${EXPECT_CONFIG_FILE:?}
gssconfdir=${EXPECT_GSSCONFDIR:?}
gssmechdir=${EXPECT_GSSMECHDIR:?}
mech_conf=${EXPECT_GSS_MECH_CONF:?}
tmp=$(mktemp -d /tmp/test-docs-XXXXXX) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
# has NAME FILE STRING: FILE contains the fixed STRING.
has() {
    if grep -F -q -- "$3" "$2"; then ok "$1"; else
        bad "$1: '$3' not in $2"; fi
}
# lacks NAME FILE STRING
lacks() {
    if grep -F -q -- "$3" "$2"; then bad "$1: '$3' in $2"; else
        ok "$1"; fi
}

man7=$doc/ntlmgss.7
# documented WORD: ntlmgss.7 has WORD, as a whole word, in a bold macro line
# (.B, .BR, .BI: how the page sets keys and variables).
documented() {
    grep -E '^\.B[IR]? ' "$man7" | grep -w -q -- "$1"
}
man1=$doc/ntlmtool.1
example=$doc/ntlmgss.conf.example

# --- generated documents name the configured paths ---------------------------
for f in "$man7" "$man1" "$example"; do
    [ -f "$f" ] || { bad "$f not built"; continue; }
    if grep -q '@[A-Z_]*@' "$f"; then
        bad "$(basename "$f"): unsubstituted $(grep -o '@[A-Z_]*@' "$f" |
            head -1)"
    else
        ok "$(basename "$f"): every @VARIABLE@ substituted"
    fi
    has "$(basename "$f") names the module configuration file" "$f" \
        "$conf_file"
    has "$(basename "$f") names the mech.d registration file" "$f" \
        "$gssconfdir/ntlmgss.conf"
done
has "ntlmgss.7 names the module" "$man7" "$gssmechdir/ntlmgss.so"
has "ntlmtool.1 names the module" "$man1" "$gssmechdir/ntlmgss.so"
has "ntlmgss.7 names libgssapi's MECH_CONF" "$man7" "$mech_conf.d/*.conf"
has "ntlmgss.7 names the two files apart" "$man7" \
    "mech.d registration file"
has "ntlmgss.7 names the two files apart (2)" "$man7" \
    "module configuration file"
has "example says it is not the registration file" "$example" \
    "Not to be confused with the mech.d registration file"
for f in ntlmgss.7.in ntlmtool.1.in ntlmgss.conf.example.in; do
    for p in /etc/gss/ntlmgss.conf /etc/gss/mech.d /usr/local/lib/ntlmgss; do
        lacks "$f does not hard-code $p" "$src/doc/$f" "$p"
    done
done

# --- every key and environment variable is documented ------------------------
keys=$(sed -n '/key_names\[K_NUM\] = {/,/};/p' "$src/mech/nconfig.c" |
    grep -o '"[a-z_]*"' | tr -d '"')
[ -n "$keys" ] || bad "no key list found in mech/nconfig.c"
NTLMGSS_CONFIG=$tmp/empty.conf
: > "$NTLMGSS_CONFIG"
export NTLMGSS_CONFIG
"$tool" config > "$tmp/config" 2>&1 || bad "ntlmtool config failed"
for k in $keys; do
    if documented "$k"; then
        ok "ntlmgss.7 documents $k"
    else
        bad "ntlmgss.7 does not document the key $k"
    fi
    has "ntlmgss.conf.example shows $k" "$example" "#$k = "
    if grep -q "^$k = " "$tmp/config"; then ok "ntlmtool config shows $k"
    else bad "ntlmtool config does not show $k"; fi
done
vars=$(cat "$src"/mech/*.c "$src"/mech/gss/*.c |
    grep -oE '(getenv|get_env|wb_getenv)\("[A-Z_]+"\)|\{ "[A-Z_]+", K_' |
    grep -oE '[A-Z][A-Z_]+' | grep -v '^K_$' | sort -u)
[ -n "$vars" ] || bad "no environment variable found in mech/"
for v in $vars GSS_MECH_CONFIG; do
    if documented "$v"; then
        ok "ntlmgss.7 documents $v"
    else
        bad "ntlmgss.7 does not document the environment variable $v"
    fi
done

# --- ntlmtool config's environment table is nconfig.c's ----------------------
# nconfig.c: enum order K_* = key_names order; env_overrides { "VAR", K_* }.
enum=$(sed -n '/^enum cfg_key {/,/};/p' "$src/mech/nconfig.c" |
    grep -o 'K_[A-Z_]*' | grep -v '^K_NUM$')
set -- $keys
for e in $enum; do
    echo "$e $1"
    shift
done > "$tmp/enum"
sed -n '/env_overrides\[\] = {/,/};/p' "$src/mech/nconfig.c" |
    sed -n 's/.*{ "\([A-Z_]*\)", \(K_[A-Z_]*\) }.*/\1 \2/p' |
    while read -r var k; do
        echo "$var $(sed -n "s/^$k //p" "$tmp/enum")"
    done > "$tmp/env.nconfig"
sed -n '/^} env_keys\[\] = {/,/^};/p' "$src/tools/ntlmtool.c" |
    sed -n 's/.*{ "\([A-Z_]*\)", "\([a-z_]*\)" }.*/\1 \2/p' \
    > "$tmp/env.ntlmtool"
if [ -s "$tmp/env.nconfig" ] && cmp -s "$tmp/env.nconfig" "$tmp/env.ntlmtool"
then ok "ntlmtool's environment overrides are nconfig.c's"
else
    bad "ntlmtool.c env_keys differs from nconfig.c env_overrides"
    diff "$tmp/env.nconfig" "$tmp/env.ntlmtool" | sed 's/^/    | /'
fi

# --- where make install puts the mech.d registration file --------------------
if "$bld/config.status" --config | grep -q -- '--with-gssconfdir'; then
    echo "SKIP: default mech.d directory (configured --with-gssconfdir)"
elif [ "$gssconfdir" = "$mech_conf.d" ]; then
    ok "the default mech.d directory is the one libgssapi_krb5 reads"
else
    bad "default gssconfdir $gssconfdir is not $mech_conf.d"
fi
make=${MAKE:-make}
$make -s -C "$bld/mech" install-gssconfDATA install-data-hook \
    DESTDIR="$tmp/dest" gssconfdir=/usr/local/etc/gss/mech.d \
    > "$tmp/install1" 2>&1 || bad "install into a foreign mech.d failed"
has "install says the mech.d directory is not read" "$tmp/install1" \
    "NOTE: the mech.d registration file was installed in /usr/local/etc/gss/mech.d"
$make -s -C "$bld/mech" install-gssconfDATA install-data-hook \
    DESTDIR="$tmp/dest" gssconfdir="$mech_conf.d" \
    > "$tmp/install2" 2>&1 || bad "install into libgssapi's mech.d failed"
lacks "install is quiet for libgssapi's mech.d" "$tmp/install2" "NOTE"
reg=$tmp/dest$mech_conf.d/ntlmgss.conf
if [ -f "$reg" ]; then
    has "registration line" "$reg" \
        "ntlmgss 1.3.6.1.4.1.311.2.2.10 $gssmechdir/ntlmgss.so"
    has "registration file names the module configuration file" "$reg" \
        "module configuration file, $conf_file"
    if grep -v '^#' "$reg" | grep -q -v '^ntlmgss '; then
        bad "registration file has a line that is neither a comment nor ours"
    else
        ok "registration file: comments start in column 1"
    fi
else
    bad "make install DESTDIR= did not install $reg"
fi

# --- the README's first page --------------------------------------------------
readme=$src/README.md
sed -n '1,/^## /p' "$readme" > "$tmp/readme1"
def_conf=$(sed -n 's/.*\[ntlmgss_config_file=\(\/[^]]*\)\].*/\1/p' \
    "$src/configure.ac")
[ -n "$def_conf" ] || bad "no default module configuration file in configure.ac"
for s in "lib/ntlmgss/ntlmgss.so" "mech.d registration file" \
    "/etc/gss/mech.d/ntlmgss.conf" "module configuration file" \
    "$def_conf" "NTLMGSS_CONFIG" "user file" "NTLM_USER_FILE" "trace" \
    "NTLMGSS_TRACE" "ntlmtool config"; do
    has "README first page: $s" "$tmp/readme1" "$s"
done

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
