"""A client that writes the NEGOTIATE/AUTHENTICATE layouts real clients send.

Usage: peer_quirks.py DOMAIN USER PASSWORD
Line protocol of peerlib.py:

  NEG VARIANT        -> OK negotiate
  AUTH VARIANT chal  -> OK authenticate
  KEY                -> OK exported-session-key-hex

The NTLMv2 arithmetic uses impacket's primitives (NTOWFv2, hmac_md5,
generateEncryptedSessionKey); the layouts are written here byte by byte.

NEGOTIATE variants:
  curl      32 bytes, OEM-only flags as curl's own NTLM code sends them
            (OEM|REQUEST_TARGET|NTLM|ALWAYS_SIGN|ESS), no VERSION
  oem-ver   40 bytes, OEM-only flags with VERSION and its 8 bytes
  nover     32 bytes, UNICODE flags announcing VERSION without its 8 bytes
  full      40 bytes, UNICODE, KEY_EXCH/SIGN/SEAL, VERSION present
AUTHENTICATE variants:
  curl      64-byte header (no VERSION, no MIC), flags of the NEGOTIATE
            plus UNICODE, LMv2 response, no session key (no KEY_EXCH)
  omitver   flags announce VERSION but the header is 64 bytes: the
            payload starts at offset 64; no MIC, no MsvAvFlags
  emptylm   like omitver but with an empty LmChallengeResponse and
            KEY_EXCH off
  reorder   88-byte header with VERSION and a MIC, payload fields in
            reverse order with padding between them, KEY_EXCH on
"""
import base64
import os
import struct
import sys

from impacket import ntlm

UNICODE, OEM, REQ_TARGET = 0x1, 0x2, 0x4
SIGN, SEAL, NTLM, ALWAYS_SIGN = 0x10, 0x20, 0x200, 0x8000
ESS, TARGET_INFO, VERSION = 0x80000, 0x800000, 0x2000000
F128, KEY_EXCH, F56 = 0x20000000, 0x40000000, 0x80000000
VERSION_BYTES = b"\x0a\x00\x61\x4a\x00\x00\x00\x0f"


def b64(data):
    return base64.b64encode(data).decode()


class Quirks:
    def __init__(self, domain, user, password):
        self.domain, self.user, self.password = domain, user, password
        self.neg = None
        self.key = None

    def NEG(self, variant):
        if variant == "curl":
            flags = OEM | REQ_TARGET | NTLM | ALWAYS_SIGN | ESS
            msg = (b"NTLMSSP\0" + struct.pack("<II", 1, flags)
                   + struct.pack("<HHI", 0, 0, 0) * 2)
        elif variant == "oem-ver":
            flags = (OEM | REQ_TARGET | NTLM | ALWAYS_SIGN | ESS | VERSION
                     | F128 | F56)
            msg = (b"NTLMSSP\0" + struct.pack("<II", 1, flags)
                   + struct.pack("<HHI", 0, 0, 40) * 2 + VERSION_BYTES)
        elif variant == "nover":
            flags = (UNICODE | REQ_TARGET | NTLM | ALWAYS_SIGN | ESS
                     | VERSION | F128 | F56)
            msg = (b"NTLMSSP\0" + struct.pack("<II", 1, flags)
                   + struct.pack("<HHI", 0, 0, 0) * 2)
        elif variant == "full":
            flags = (UNICODE | REQ_TARGET | SIGN | SEAL | NTLM | ALWAYS_SIGN
                     | ESS | VERSION | F128 | KEY_EXCH | F56)
            msg = (b"NTLMSSP\0" + struct.pack("<II", 1, flags)
                   + struct.pack("<HHI", 0, 0, 40) * 2 + VERSION_BYTES)
        else:
            raise ValueError("unknown NEGOTIATE variant " + variant)
        self.neg = msg
        self.neg_flags = flags
        return [b64(msg)]

    def _responses(self, chal, with_mic):
        cflags = struct.unpack_from("<I", chal, 20)[0]
        server_challenge = chal[24:32]
        ln, _, off = struct.unpack_from("<HHI", chal, 40)
        tinfo = ntlm.AV_PAIRS(chal[off:off + ln])
        timestamp = tinfo[ntlm.NTLMSSP_AV_TIME]
        timestamp = timestamp[1] if timestamp else b"\0" * 8
        if with_mic:
            tinfo[ntlm.NTLMSSP_AV_FLAGS] = struct.pack("<I", 2)
        client_challenge = os.urandom(8)
        temp = (b"\x01\x01" + b"\0" * 6 + timestamp + client_challenge
                + b"\0" * 4 + tinfo.getData() + b"\0" * 4)
        key_nt = ntlm.NTOWFv2(self.user, self.password, self.domain)
        proof = ntlm.hmac_md5(key_nt, server_challenge + temp)
        lm = (ntlm.hmac_md5(key_nt, server_challenge + client_challenge)
              + client_challenge)
        return cflags, proof + temp, lm, ntlm.hmac_md5(key_nt, proof)

    def AUTH(self, variant, chal):
        chal = base64.b64decode(chal)
        with_mic = variant == "reorder"
        cflags, nt, lm, base = self._responses(chal, with_mic)
        enc_key = b""
        if variant == "curl":
            flags = self.neg_flags | UNICODE
            flags &= ~OEM
        else:
            flags = cflags
        if variant in ("curl", "emptylm"):
            flags &= ~KEY_EXCH
        if variant == "emptylm":
            lm = b""
        if flags & KEY_EXCH:
            self.key = os.urandom(16)
            enc_key = ntlm.generateEncryptedSessionKey(base, self.key)
        else:
            self.key = base
        if variant in ("omitver", "emptylm"):
            flags |= VERSION
        elif variant == "curl":
            flags &= ~VERSION
        enc = "utf-16le" if flags & UNICODE else "ascii"
        fields = [lm, nt, self.domain.encode(enc), self.user.encode(enc),
                  "QUIRKWS".encode(enc), enc_key]
        hdr = 88 if variant == "reorder" else 64
        # payload layout
        offsets = [0] * 6
        payload = b""
        order = range(6) if variant != "reorder" else reversed(range(6))
        for i in order:
            if variant == "reorder":
                payload += b"\xee" * 3
            offsets[i] = hdr + len(payload)
            payload += fields[i]
        msg = b"NTLMSSP\0" + struct.pack("<I", 3)
        for f, o in zip(fields, offsets):
            msg += struct.pack("<HHI", len(f), len(f), o)
        msg += struct.pack("<I", flags)
        if variant == "reorder":
            msg += VERSION_BYTES + b"\0" * 16
        msg += payload
        if with_mic:
            mic = ntlm.hmac_md5(self.key, self.neg + chal + msg)
            msg = msg[:72] + mic + msg[88:]
        return [b64(msg)]


def main():
    peer = Quirks(*sys.argv[1:4])
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "NEG":
                out = peer.NEG(words[1])
            elif words[0] == "AUTH":
                out = peer.AUTH(words[1], words[2])
            elif words[0] == "KEY":
                out = [peer.key.hex()]
            else:
                raise ValueError("unknown request " + words[0])
            print(" ".join(["OK"] + out), flush=True)
        except Exception as e:  # noqa: BLE001 - reported to the driver
            print("ERR %s: %s" % (type(e).__name__, e), flush=True)


main()
