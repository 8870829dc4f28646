#!/usr/bin/env python3
"""gen_upcase_table.py - print the BMP simple upper-case range table that
mech/ntlm/utf16.c embeds (between the "BEGIN/END GENERATED" markers).

Usage: python3 tests/fuzz/gen_upcase_table.py > /tmp/t.inc
and paste the output over the table in utf16.c.

Source: Python's unicodedata (its Unicode version is printed in the table
comment).  Python exposes the *full* upper-case mapping; the simple mapping
is taken as: the full mapping when it is a single BMP character, else the
single-character title-case mapping (U+1F80..U+1FFC "iota subscript"
letters), else none (e.g. U+00DF sharp s stays unchanged).

Each row is (first, last, delta, stride): every code point c in
[first, last] with (c - first) % stride == 0 maps to (c + delta) mod 2^16.
Stride-2 rows are only emitted when the code points they skip are unmapped,
so rows never overlap and can be binary-searched.
"""
import sys
import unicodedata


def simple_upper(c):
    ch = chr(c)
    u = ch.upper()
    if len(u) == 1:
        return ord(u)
    t = ch.title()
    if len(t) == 1:
        return ord(t)
    return c


def main():
    mapped = {}
    for c in range(0x10000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        u = simple_upper(c)
        if u != c and u <= 0xFFFF:
            mapped[c] = (u - c) & 0xFFFF
    points = sorted(mapped)
    rows = []
    i = 0
    while i < len(points):
        first = points[i]
        delta = mapped[first]
        last = first
        stride = 1
        j = i + 1
        if (j < len(points) and points[j] == first + 1
                and mapped[points[j]] == delta):
            while (j < len(points) and points[j] == last + 1
                   and mapped[points[j]] == delta):
                last = points[j]
                j += 1
        elif (j < len(points) and points[j] == first + 2
              and mapped[points[j]] == delta and first + 1 not in mapped):
            stride = 2
            while (j < len(points) and points[j] == last + 2
                   and mapped[points[j]] == delta
                   and last + 1 not in mapped):
                last = points[j]
                j += 1
        rows.append((first, last, delta, stride))
        i = j
    out = sys.stdout
    out.write("/* gen_upcase_table.py, Unicode %s: %d rows. */\n"
              % (unicodedata.unidata_version, len(rows)))
    out.write("static const struct upcase_range upcase_table[] = {\n")
    for first, last, delta, stride in rows:
        out.write("    { 0x%04X, 0x%04X, 0x%04X, %d },\n"
                  % (first, last, delta, stride))
    out.write("};\n")


if __name__ == "__main__":
    main()
