"""An NTLM peer built on impacket's ntlm module (python3-impacket).

Usage: peer_impacket.py client|server DOMAIN USER PASSWORD
Speaks the line protocol of peerlib.py on stdin/stdout:

  client: NEG -> OK neg ; AUTH chal -> OK auth
  server: CHAL neg -> OK chal ; CHECK auth -> OK key=HEX mic=... lm=...
  both:   WRAP msg -> OK token ; UNWRAP token -> OK msg ;
          SIGN msg -> OK sig ; VERIFY msg sig -> OK ; KEY -> OK HEX ;
          FLAGS -> OK HEX

Messages and keys come from impacket's own functions: getNTLMSSPType1,
getNTLMSSPType3, NTLMAuthChallenge, NTLMAuthChallengeResponse, NTOWFv2,
SIGNKEY, SEALKEY, SEAL, SIGN, MAC.  Everything else (the flag choice of a
server, the NTProofStr comparison) is the few lines a server built on
impacket would write itself.
"""
import base64
import calendar
import hmac
import os
import struct
import sys
import time

from Cryptodome.Cipher import ARC4
from impacket import ntlm


def b64(data):
    return base64.b64encode(data).decode()


class Side:
    """Signing and sealing state of one side (impacket's helpers)."""

    def __init__(self, flags, key, mode):
        other = "Server" if mode == "Client" else "Client"
        self.flags = flags
        self.key = key
        self.out_sign = ntlm.SIGNKEY(flags, key, mode)
        self.in_sign = ntlm.SIGNKEY(flags, key, other)
        self.out_rc4 = ARC4.new(ntlm.SEALKEY(flags, key, mode)).encrypt
        self.in_rc4 = ARC4.new(ntlm.SEALKEY(flags, key, other)).encrypt
        self.out_seq = 0
        self.in_seq = 0

    def wrap(self, msg):
        sealed, sig = ntlm.SEAL(self.flags, self.out_sign, None, msg, msg,
                                self.out_seq, self.out_rc4)
        self.out_seq += 1
        return sig.getData() + sealed

    def unwrap(self, tok):
        sig, data = tok[:16], tok[16:]
        plain = self.in_rc4(data)
        want = ntlm.MAC(self.flags, self.in_rc4, self.in_sign, self.in_seq,
                        plain).getData()
        if not hmac.compare_digest(want, sig):
            raise ValueError("signature mismatch (want %s got %s)"
                             % (want.hex(), sig.hex()))
        self.in_seq += 1
        return plain

    def sign(self, msg):
        sig = ntlm.SIGN(self.flags, self.out_sign, msg, self.out_seq,
                        self.out_rc4).getData()
        self.out_seq += 1
        return sig

    def verify(self, msg, sig):
        want = ntlm.MAC(self.flags, self.in_rc4, self.in_sign, self.in_seq,
                        msg).getData()
        if not hmac.compare_digest(want, sig):
            raise ValueError("signature mismatch (want %s got %s)"
                             % (want.hex(), sig.hex()))
        self.in_seq += 1


class Client:
    def __init__(self, domain, user, password):
        self.domain, self.user, self.password = domain, user, password
        self.type1 = None
        self.side = None

    def NEG(self):
        # signingRequired adds KEY_EXCH, SIGN, ALWAYS_SIGN and SEAL.  The
        # message is 32 bytes: no VERSION, no domain or workstation.
        self.type1 = ntlm.getNTLMSSPType1("", "", signingRequired=True)
        return [b64(self.type1.getData())]

    def AUTH(self, chal):
        resp, key = ntlm.getNTLMSSPType3(self.type1, base64.b64decode(chal),
                                         self.user, self.password,
                                         self.domain)
        self.side = Side(resp["flags"], key, "Client")
        return [b64(resp.getData())]


class Server:
    def __init__(self, domain, user, password):
        self.domain, self.user, self.password = domain, user, password
        self.neg = None
        self.chal = None
        self.challenge = os.urandom(8)
        self.side = None

    def CHAL(self, neg):
        self.neg = base64.b64decode(neg)
        n = ntlm.NTLMAuthNegotiate()
        n.fromString(self.neg)
        nflags = n["flags"]
        flags = (ntlm.NTLMSSP_REQUEST_TARGET | ntlm.NTLMSSP_NEGOTIATE_NTLM
                 | ntlm.NTLMSSP_NEGOTIATE_TARGET_INFO
                 | ntlm.NTLMSSP_TARGET_TYPE_DOMAIN
                 | ntlm.NTLMSSP_NEGOTIATE_VERSION)
        flags |= (ntlm.NTLMSSP_NEGOTIATE_UNICODE
                  if nflags & ntlm.NTLMSSP_NEGOTIATE_UNICODE
                  else ntlm.NTLMSSP_NEGOTIATE_OEM)
        flags |= nflags & (ntlm.NTLMSSP_NEGOTIATE_SIGN
                           | ntlm.NTLMSSP_NEGOTIATE_SEAL
                           | ntlm.NTLMSSP_NEGOTIATE_ALWAYS_SIGN
                           | ntlm.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
                           | ntlm.NTLMSSP_NEGOTIATE_128
                           | ntlm.NTLMSSP_NEGOTIATE_56
                           | ntlm.NTLMSSP_NEGOTIATE_KEY_EXCH)
        av = ntlm.AV_PAIRS()
        av[ntlm.NTLMSSP_AV_DOMAINNAME] = self.domain.encode("utf-16le")
        av[ntlm.NTLMSSP_AV_HOSTNAME] = "PEERSRV".encode("utf-16le")
        av[ntlm.NTLMSSP_AV_DNS_DOMAINNAME] = b"peer.test".decode().encode(
            "utf-16le")
        av[ntlm.NTLMSSP_AV_DNS_HOSTNAME] = "peersrv.peer.test".encode(
            "utf-16le")
        av[ntlm.NTLMSSP_AV_TIME] = struct.pack(
            "<q", 116444736000000000 + calendar.timegm(time.gmtime())
            * 10000000)
        c = ntlm.NTLMAuthChallenge()
        c["flags"] = flags
        c["challenge"] = self.challenge
        c["domain_name"] = self.domain.encode("utf-16le")
        c["TargetInfoFields"] = av
        tinfo_len = len(av.getData())
        c["Version"] = b"\x0a\x00\x63\x45\x00\x00\x00\x0f"
        c["VersionLen"] = 8
        c["domain_offset"] = 56
        c["TargetInfoFields_len"] = tinfo_len
        c["TargetInfoFields_max_len"] = tinfo_len
        c["TargetInfoFields_offset"] = 56 + len(c["domain_name"])
        self.chal = c.getData()
        return [b64(self.chal)]

    def CHECK(self, auth):
        raw = base64.b64decode(auth)
        a = ntlm.NTLMAuthChallengeResponse()
        a.fromString(raw)
        flags = a["flags"]
        user = a["user_name"].decode("utf-16le")
        domain = a["domain_name"].decode("utf-16le")
        if user.lower() != self.user.lower() or \
                domain.lower() != self.domain.lower():
            raise ValueError("names: got %r\\%r" % (domain, user))
        nt = a["ntlm"]
        if len(nt) <= 24:
            raise ValueError("not an NTLMv2 response (length %d)" % len(nt))
        # NTProofStr from the password with impacket's NTOWFv2.
        key_nt = ntlm.NTOWFv2(self.user, self.password, self.domain)
        proof = ntlm.hmac_md5(key_nt, self.challenge + nt[16:])
        if not hmac.compare_digest(proof, nt[:16]):
            raise ValueError("NTProofStr mismatch")
        lm = a["lanman"]
        if lm == b"\0" * 24:
            lm_kind = "zero"
        elif len(lm) == 24 and hmac.compare_digest(
                ntlm.hmac_md5(key_nt, self.challenge + lm[16:]), lm[:16]):
            lm_kind = "v2"
        else:
            raise ValueError("bad LmChallengeResponse %s" % lm.hex())
        base = ntlm.hmac_md5(key_nt, proof)
        kx = ntlm.KXKEY(flags, base, lm, self.challenge, self.password,
                        "", "")
        if flags & ntlm.NTLMSSP_NEGOTIATE_KEY_EXCH:
            key = ntlm.generateEncryptedSessionKey(kx, a["session_key"])
        else:
            key = kx
        # MsvAvFlags in the client's blob says whether a MIC is there.
        pairs = ntlm.AV_PAIRS(nt[44:])
        avf = pairs[ntlm.NTLMSSP_AV_FLAGS]
        mic_kind = "absent"
        if avf is not None and struct.unpack("<I", avf[1])[0] & 2:
            zeroed = raw[:72] + b"\0" * 16 + raw[88:]
            want = ntlm.hmac_md5(key, self.neg + self.chal + zeroed)
            if not hmac.compare_digest(want, raw[72:88]):
                raise ValueError("MIC mismatch: want %s got %s"
                                 % (want.hex(), raw[72:88].hex()))
            mic_kind = "ok"
        self.side = Side(flags, key, "Server")
        return ["key=" + key.hex(), "mic=" + mic_kind, "lm=" + lm_kind]


def main():
    mode, domain, user, password = sys.argv[1:5]
    peer = (Client if mode == "client" else Server)(domain, user, password)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        cmd, args = words[0], words[1:]
        try:
            if cmd in ("NEG", "AUTH", "CHAL", "CHECK"):
                out = getattr(peer, cmd)(*args)
            elif cmd == "WRAP":
                out = [b64(peer.side.wrap(base64.b64decode(args[0])))]
            elif cmd == "UNWRAP":
                out = [b64(peer.side.unwrap(base64.b64decode(args[0])))]
            elif cmd == "SIGN":
                out = [b64(peer.side.sign(base64.b64decode(args[0])))]
            elif cmd == "VERIFY":
                peer.side.verify(base64.b64decode(args[0]),
                                 base64.b64decode(args[1]))
                out = []
            elif cmd == "KEY":
                out = [peer.side.key.hex()]
            elif cmd == "FLAGS":
                out = ["%08x" % peer.side.flags]
            else:
                raise ValueError("unknown request " + cmd)
            print(" ".join(["OK"] + out), flush=True)
        except Exception as e:  # noqa: BLE001 - reported to the driver
            print("ERR %s: %s" % (type(e).__name__,
                                  str(e).replace("\n", " ")), flush=True)


main()
