"""An NTLM peer built on python3-ntlm-auth (the code under requests-ntlm).

Usage: peer_ntlmauth.py client|client-rt|server DOMAIN USER PASSWORD
(client-rt: the client adds NTLMSSP_REQUEST_TARGET to its NEGOTIATE.)
Speaks the line protocol of peerlib.py (see peer_impacket.py for the
requests).  MD4 comes from hashlib, so the driver gives this process an
OpenSSL configuration with the legacy provider (OPENSSL_CONF, private).

client: ntlm_auth.ntlm.NtlmContext (NTLMv2, its default flags with
        VERSION, KEY_EXCH, SIGN and SEAL; a MIC when the CHALLENGE carries
        a timestamp) and its SessionSecurity for wrap/unwrap.
server: ntlm-auth has no server side; the CHALLENGE is put together here
        from its TargetInfo and constants, and our AUTHENTICATE is checked
        by recomputing the whole NTLMv2 response with its ComputeResponse
        from the password and the client's own blob; the MIC and session
        keys with its compute_keys; messages with SessionSecurity("server").
"""
import base64
import hashlib
import hmac
import os
import struct
import sys

from ntlm_auth import compute_keys
from ntlm_auth.compute_response import ComputeResponse, \
    get_windows_timestamp
from ntlm_auth.constants import AvId, NegotiateFlags as NF
from ntlm_auth.messages import TargetInfo
from ntlm_auth.ntlm import NtlmContext
from ntlm_auth.rc4 import ARC4
from ntlm_auth.session_security import SessionSecurity


def b64(data):
    return base64.b64encode(data).decode()


def field(msg, at):
    ln, _, off = struct.unpack_from("<HHI", msg, at)
    if off + ln > len(msg):
        raise ValueError("field at %d out of bounds" % at)
    return msg[off:off + ln]


class Client:
    def __init__(self, domain, user, password, request_target=False):
        self.ctx = NtlmContext(user, password, domain=domain,
                               workstation="PEERCLI", ntlm_compatibility=3)
        if request_target:
            self.ctx.negotiate_flags |= NF.NTLMSSP_REQUEST_TARGET

    def NEG(self):
        return [b64(self.ctx.step())]

    def AUTH(self, chal):
        auth = self.ctx.step(base64.b64decode(chal))
        self.flags = struct.unpack_from("<I", auth, 60)[0]
        self.ss = self.ctx._session_security
        self.key = self.ctx.session_key
        return [b64(auth)]

    def wrap(self, msg):
        return self.ctx.wrap(msg)

    def unwrap(self, tok):
        return self.ctx.unwrap(tok)


class Server:
    def __init__(self, domain, user, password):
        self.domain, self.user, self.password = domain, user, password
        self.challenge = os.urandom(8)

    def CHAL(self, neg):
        self.neg = base64.b64decode(neg)
        nflags = struct.unpack_from("<I", self.neg, 12)[0]
        flags = (NF.NTLMSSP_REQUEST_TARGET | NF.NTLMSSP_NEGOTIATE_NTLM
                 | NF.NTLMSSP_NEGOTIATE_TARGET_INFO
                 | NF.NTLMSSP_TARGET_TYPE_DOMAIN
                 | NF.NTLMSSP_NEGOTIATE_VERSION)
        flags |= (NF.NTLMSSP_NEGOTIATE_UNICODE
                  if nflags & NF.NTLMSSP_NEGOTIATE_UNICODE
                  else NF.NTLMSSP_NEGOTIATE_OEM)
        flags |= nflags & (NF.NTLMSSP_NEGOTIATE_SIGN
                           | NF.NTLMSSP_NEGOTIATE_SEAL
                           | NF.NTLMSSP_NEGOTIATE_ALWAYS_SIGN
                           | NF.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
                           | NF.NTLMSSP_NEGOTIATE_128
                           | NF.NTLMSSP_NEGOTIATE_56
                           | NF.NTLMSSP_NEGOTIATE_KEY_EXCH)
        ti = TargetInfo()
        ti[AvId.MSV_AV_NB_DOMAIN_NAME] = self.domain.encode("utf-16le")
        ti[AvId.MSV_AV_NB_COMPUTER_NAME] = "NTLMAUTHSRV".encode("utf-16le")
        ti[AvId.MSV_AV_DNS_DOMAIN_NAME] = "peer.test".encode("utf-16le")
        ti[AvId.MSV_AV_DNS_COMPUTER_NAME] = \
            "ntlmauthsrv.peer.test".encode("utf-16le")
        ti[AvId.MSV_AV_TIMESTAMP] = get_windows_timestamp()
        tinfo = ti.pack()
        name = self.domain.encode("utf-16le")
        hdr = 56
        self.chal = (b"NTLMSSP\0" + struct.pack("<I", 2)
                     + struct.pack("<HHI", len(name), len(name), hdr)
                     + struct.pack("<I", flags) + self.challenge + b"\0" * 8
                     + struct.pack("<HHI", len(tinfo), len(tinfo),
                                   hdr + len(name))
                     + b"\x0a\x00\x63\x45\x00\x00\x00\x0f" + name + tinfo)
        return [b64(self.chal)]

    def CHECK(self, auth):
        raw = base64.b64decode(auth)
        if raw[:12] != b"NTLMSSP\0\x03\0\0\0":
            raise ValueError("not an AUTHENTICATE message")
        flags = struct.unpack_from("<I", raw, 60)[0]
        lm = field(raw, 12)
        nt = field(raw, 20)
        domain = field(raw, 28).decode("utf-16le")
        user = field(raw, 36).decode("utf-16le")
        enc_key = field(raw, 52)
        if user.lower() != self.user.lower() or \
                domain.lower() != self.domain.lower():
            raise ValueError("names: got %r\\%r" % (domain, user))
        if len(nt) < 48 or nt[16:18] != b"\x01\x01":
            raise ValueError("not an NTLMv2 response")
        timestamp, client_challenge = nt[24:32], nt[32:40]
        client_ti = TargetInfo()
        client_ti.unpack(nt[44:])
        want, base = ComputeResponse._get_NTLMv2_response(
            self.user, self.password, self.domain, self.challenge,
            client_challenge, timestamp, client_ti)
        if not hmac.compare_digest(want[:16], nt[:16]):
            raise ValueError("NTProofStr mismatch")
        if want != nt:
            raise ValueError("NTLMv2 blob does not re-encode identically")
        if lm == b"\0" * 24:
            lm_kind = "zero"
        else:
            want_lm = ComputeResponse._get_LMv2_response(
                self.user, self.password, self.domain, self.challenge,
                lm[16:24])
            if not hmac.compare_digest(want_lm, lm):
                raise ValueError("LMv2 mismatch")
            lm_kind = "v2"
        kx = compute_keys._get_exchange_key_ntlm_v2(base)
        if flags & NF.NTLMSSP_NEGOTIATE_KEY_EXCH:
            key = ARC4(kx).update(enc_key)
        else:
            key = kx
        mic_kind = "absent"
        avf = client_ti[AvId.MSV_AV_FLAGS]
        if avf is not None and struct.unpack("<I", avf)[0] & 2:
            zeroed = raw[:72] + b"\0" * 16 + raw[88:]
            want_mic = hmac.new(key, self.neg + self.chal + zeroed,
                                digestmod=hashlib.md5).digest()
            if not hmac.compare_digest(want_mic, raw[72:88]):
                raise ValueError("MIC mismatch: want %s got %s"
                                 % (want_mic.hex(), raw[72:88].hex()))
            mic_kind = "ok"
        self.flags = flags
        self.key = key
        self.ss = SessionSecurity(flags, key, source="server")
        return ["key=" + key.hex(), "mic=" + mic_kind, "lm=" + lm_kind]

    def wrap(self, msg):
        data, sig = self.ss.wrap(msg)
        return sig + data

    def unwrap(self, tok):
        return self.ss.unwrap(tok[16:], tok[:16])


def main():
    mode, domain, user, password = sys.argv[1:5]
    if mode == "server":
        peer = Server(domain, user, password)
    else:
        peer = Client(domain, user, password, mode == "client-rt")
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        cmd, args = words[0], words[1:]
        try:
            if cmd in ("NEG", "AUTH", "CHAL", "CHECK"):
                out = getattr(peer, cmd)(*args)
            elif cmd == "WRAP":
                out = [b64(peer.wrap(base64.b64decode(args[0])))]
            elif cmd == "UNWRAP":
                out = [b64(peer.unwrap(base64.b64decode(args[0])))]
            elif cmd == "SIGN":
                out = [b64(peer.ss._get_signature(base64.b64decode(args[0])))]
            elif cmd == "VERIFY":
                peer.ss._verify_signature(base64.b64decode(args[0]),
                                          base64.b64decode(args[1]))
                out = []
            elif cmd == "KEY":
                out = [peer.key.hex()]
            elif cmd == "FLAGS":
                out = ["%08x" % peer.flags]
            else:
                raise ValueError("unknown request " + cmd)
            print(" ".join(["OK"] + out), flush=True)
        except Exception as e:  # noqa: BLE001 - reported to the driver
            print("ERR %s: %s" % (type(e).__name__,
                                  str(e).replace("\n", " ")), flush=True)


main()
