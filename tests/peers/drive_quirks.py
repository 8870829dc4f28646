"""Real clients' message quirks fed to our acceptor (liberal parsing).

Usage: drive_quirks.py DOMAIN USER PASSWORD
The messages come from peer_quirks.py in its own process.  For each case
the acceptor must answer the NEGOTIATE correctly (one character set, the
TargetName when asked for and in that character set, TARGET_INFO, the
flags it can honour), accept the AUTHENTICATE, name the user and derive
the same session key as the client.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerlib import (GSSError, NEG_ESS, NEG_OEM, NEG_REQUEST_TARGET,  # noqa
                     NEG_TARGET_INFO, NEG_UNICODE, NEG_VERSION, PY, Peer,
                     PeerError, b64, check, display, finish, flag_names,
                     gss_error_text, msg_flags, our_acceptor, session_key,
                     unb64)

domain, user, password = sys.argv[1:4]
env = dict(os.environ)
env.pop("LD_PRELOAD", None)
script = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "peer_quirks.py")

CASES = [
    # (title, NEGOTIATE variant, AUTHENTICATE variant, must succeed)
    ("curl: 32-byte OEM-only NEGOTIATE, 64-byte AUTHENTICATE without "
     "VERSION/MIC/session key", "curl", "curl", True),
    ("40-byte OEM-only NEGOTIATE with VERSION", "oem-ver", "omitver", True),
    ("32-byte NEGOTIATE whose flags announce a VERSION it omits", "nover",
     "omitver", True),
    ("AUTHENTICATE whose flags announce a VERSION it omits (payload at 64)",
     "full", "omitver", True),
    ("AUTHENTICATE with an empty LmChallengeResponse", "full", "emptylm",
     True),
    ("AUTHENTICATE payload in reverse order with padding, with MIC", "full",
     "reorder", True),
]


def check_challenge(tag, neg, chal):
    nflags, cflags = msg_flags(neg), msg_flags(chal)
    print("  NEGOTIATE %d bytes %s -> CHALLENGE %d bytes %s"
          % (len(neg), flag_names(nflags), len(chal), flag_names(cflags)))
    charset = cflags & (NEG_UNICODE | NEG_OEM)
    check("%s: CHALLENGE picks exactly one character set" % tag,
          charset in (NEG_UNICODE, NEG_OEM), flag_names(cflags))
    if nflags & NEG_UNICODE:
        check("%s: CHALLENGE answers UNICODE to a UNICODE client" % tag,
              charset == NEG_UNICODE, flag_names(cflags))
    ln, _, off = struct.unpack_from("<HHI", chal, 12)
    name = chal[off:off + ln]
    if nflags & NEG_REQUEST_TARGET:
        check("%s: REQUEST_TARGET answered with a TargetName" % tag,
              cflags & NEG_REQUEST_TARGET and ln > 0,
              "flags %s, TargetName length %d" % (flag_names(cflags), ln))
        if ln:
            try:
                text = name.decode("utf-16le" if charset == NEG_UNICODE
                                   else "ascii")
                ok = charset != NEG_UNICODE or ln % 2 == 0
            except UnicodeDecodeError:
                text, ok = repr(name), False
            check("%s: TargetName %r in the chosen character set"
                  % (tag, text), ok and text.isprintable(), name.hex())
    check("%s: CHALLENGE carries TARGET_INFO" % tag,
          cflags & NEG_TARGET_INFO, flag_names(cflags))
    if nflags & NEG_ESS:
        check("%s: extended session security kept" % tag, cflags & NEG_ESS,
              flag_names(cflags))
    check("%s: CHALLENGE fields inside the message" % tag,
          off + ln <= len(chal) and
          sum(struct.unpack_from("<HxxI", chal, 40)) <= len(chal))


def run(title, nv, av, must):
    tag = title
    p = Peer([PY, script, domain, user, password], env=env)
    try:
        s = our_acceptor()
        neg = unb64(p.request("NEG " + nv)[0])
        try:
            chal = s.step(neg)
        except GSSError as e:
            check("%s: NEGOTIATE accepted" % tag, False, gss_error_text(e))
            return
        check_challenge(tag, neg, chal)
        auth = unb64(p.request("AUTH %s %s" % (av, b64(chal)))[0])
        print("  AUTHENTICATE %d bytes %s"
              % (len(auth), flag_names(msg_flags(auth))))
        try:
            out = s.step(auth)
        except GSSError as e:
            check("%s: AUTHENTICATE accepted" % tag, not must,
                  gss_error_text(e))
            return
        check("%s: AUTHENTICATE accepted" % tag,
              must and s.complete and not out)
        check("%s: acceptor sees %s\\%s" % (tag, domain, user),
              display(s.initiator_name) == ("%s\\%s" % (domain, user)).lower(),
              repr(str(s.initiator_name)))
        theirs = bytes.fromhex(p.request("KEY")[0])
        try:
            ours = session_key(s)
        except GSSError as e:
            check("%s: same session key" % tag, False, gss_error_text(e))
            return
        check("%s: same session key" % tag, ours == theirs,
              "ours %s, client's %s" % (ours.hex(), theirs.hex()))
    except PeerError as e:
        check("%s: quirk client" % tag, False, str(e))
    finally:
        p.close()


def tampered_mic():
    """The reordered AUTHENTICATE with one MIC bit flipped: refused."""
    tag = "reordered AUTHENTICATE with a flipped MIC bit"
    p = Peer([PY, script, domain, user, password], env=env)
    try:
        s = our_acceptor()
        chal = s.step(unb64(p.request("NEG full")[0]))
        auth = bytearray(unb64(p.request("AUTH reorder " + b64(chal))[0]))
        auth[75] ^= 0x20
        try:
            s.step(bytes(auth))
            check("%s: refused" % tag, False, "accepted")
        except GSSError as e:
            check("%s: refused" % tag, True)
            print("  (refusal: %s)" % gss_error_text(e))
    except PeerError as e:
        check("%s: quirk client" % tag, False, str(e))
    finally:
        p.close()


for case in CASES:
    run(*case)
tampered_mic()
finish("quirks")
