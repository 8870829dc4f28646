"""A GSSAPI NTLM mechanism as a peer: Debian's gss-ntlmssp, in its own
process (its GSS_MECH_CONFIG selects only that module), driven by
python3-gssapi.

Usage: peer_gss.py client|server DOMAIN USER PASSWORD
Line protocol of peerlib.py.  As server, CHECK is gss_accept_sec_context:
it verifies the NTLMv2 response and, when one is announced, the MIC (an
accepted AUTHENTICATE means both verified).
"""
import base64
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerlib import (ntlm_flags, our_acceptor, our_initiator,  # noqa: E402
                     session_key)


def b64(data):
    return base64.b64encode(data).decode()


def main():
    mode, domain, user, password = sys.argv[1:5]
    ctx = None
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        cmd, args = words[0], [base64.b64decode(a) for a in words[1:]]
        try:
            if cmd == "NEG":
                ctx = our_initiator(domain, user, password)
                out = [b64(ctx.step())]
            elif cmd == "AUTH":
                out = [b64(ctx.step(args[0]))]
            elif cmd == "CHAL":
                ctx = our_acceptor()
                out = [b64(ctx.step(args[0]))]
            elif cmd == "CHECK":
                rest = ctx.step(args[0])
                if not ctx.complete or rest:
                    raise ValueError("acceptor not complete")
                out = ["key=" + session_key(ctx).hex(), "mic=ok",
                       "lm=n/a"]
            elif cmd == "WRAP":
                out = [b64(ctx.wrap(args[0], True).message)]
            elif cmd == "UNWRAP":
                out = [b64(ctx.unwrap(args[0]).message)]
            elif cmd == "SIGN":
                out = [b64(ctx.get_signature(args[0]))]
            elif cmd == "VERIFY":
                ctx.verify_signature(args[0], args[1])
                out = []
            elif cmd == "KEY":
                out = [session_key(ctx).hex()]
            elif cmd == "FLAGS":
                out = ["%08x" % ntlm_flags(ctx)]
            else:
                raise ValueError("unknown request " + cmd)
            print(" ".join(["OK"] + out), flush=True)
        except Exception as e:  # noqa: BLE001 - reported to the driver
            print("ERR %s: %s" % (type(e).__name__,
                                  str(e).replace("\n", " ")), flush=True)


main()
