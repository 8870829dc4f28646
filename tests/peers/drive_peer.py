"""Drive one independent NTLM implementation against our mechanism.

Usage: drive_peer.py PEER-SCRIPT DOMAIN USER PASSWORD [CLIENT-MODE...]
CLIENT-MODE (default "client") names the peer's client variants to run
part A with.
PEER-SCRIPT (peer_impacket.py or peer_ntlmauth.py) runs in its own process
and speaks peerlib's line protocol.  Checks:

  A. the peer as client, our acceptor (gss_accept_sec_context):
     handshake, the name the acceptor reports, the same session key on
     both sides, sealed messages and signatures both ways in sequence,
     altered tokens refused on both sides, a wrong password refused;
  B. our initiator (gss_init_sec_context), the peer as server verifying
     our AUTHENTICATE (NTProofStr recomputed from the password, LMv2, MIC
     with the exported session key), the same messages both ways, and our
     initiator with a wrong password refused by the peer.
"""
import os
import sys

import gssapi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerlib import (GSSError, NEG_SEAL, NEG_SIGN, Peer,  # noqa: E402
                     PeerError, PY, b64, check, display, finish,
                     flag_names, gss_error_text, msg_flags, ntlm_flags,
                     our_acceptor, our_initiator, session_key,
                     unb64)


script, domain, user, password = sys.argv[1:5]
client_modes = sys.argv[5:] or ["client"]
name = os.environ.get("PEER_NAME") or \
    os.path.basename(script).replace("peer_", "").replace(".py", "")
# The peer gets its own OpenSSL configuration if the test gives one (MD4
# for hashlib); our mechanism in this process keeps the default one.
env = dict(os.environ)
env.pop("LD_PRELOAD", None)
if "PEER_OPENSSL_CONF" in env:
    env["OPENSSL_CONF"] = env.pop("PEER_OPENSSL_CONF")
# A GSSAPI peer (peer_gss.py) gets its own mechanism configuration.
if "PEER_GSS_MECH_CONFIG" in env:
    env["GSS_MECH_CONFIG"] = env.pop("PEER_GSS_MECH_CONFIG")


def peer(mode, pw):
    return Peer([PY, script, mode, domain, user, pw], env=env)


def messages(tag, p, ctx, rounds=3):
    """Sealed messages and signatures both ways, in an interleaved order."""
    for i in range(rounds):
        msg = ("%s: from %s #%d" % (tag, name, i)).encode()
        tok = unb64(p.request("WRAP " + b64(msg))[0])
        check("%s: %s's sealed message #%d is not plain text" % (tag, name, i),
              msg not in tok)
        try:
            r = ctx.unwrap(tok)
            check("%s: we unwrap %s's sealed message #%d" % (tag, name, i),
                  r.message == msg and r.encrypted,
                  "%r encrypted=%s" % (r.message, r.encrypted))
        except GSSError as e:
            check("%s: we unwrap %s's sealed message #%d" % (tag, name, i),
                  False, gss_error_text(e))
        msg = ("%s: to %s #%d" % (tag, name, i)).encode()
        tok = ctx.wrap(msg, True).message
        try:
            back = unb64(p.request("UNWRAP " + b64(tok))[0])
            check("%s: %s unwraps our sealed message #%d" % (tag, name, i),
                  back == msg, repr(back))
        except PeerError as e:
            check("%s: %s unwraps our sealed message #%d" % (tag, name, i),
                  False, str(e))
        msg = ("%s: signed by %s #%d" % (tag, name, i)).encode()
        sig = unb64(p.request("SIGN " + b64(msg))[0])
        try:
            ctx.verify_signature(msg, sig)
            check("%s: we verify %s's signature #%d" % (tag, name, i), True)
        except GSSError as e:
            check("%s: we verify %s's signature #%d" % (tag, name, i),
                  False, gss_error_text(e))
        msg = ("%s: signed by us #%d" % (tag, i)).encode()
        sig = ctx.get_signature(msg)
        try:
            p.request("VERIFY %s %s" % (b64(msg), b64(sig)))
            check("%s: %s verifies our signature #%d" % (tag, name, i), True)
        except PeerError as e:
            check("%s: %s verifies our signature #%d" % (tag, name, i),
                  False, str(e))
    # Altered tokens, last: a refused token may leave the peer's RC4 state
    # advanced.
    msg = b"altered in transit"
    tok = bytearray(unb64(p.request("WRAP " + b64(msg))[0]))
    tok[-1] ^= 1
    try:
        ctx.unwrap(bytes(tok))
        check("%s: we refuse %s's altered sealed message" % (tag, name),
              False, "accepted")
    except GSSError:
        check("%s: we refuse %s's altered sealed message" % (tag, name), True)
    tok = bytearray(ctx.wrap(msg, True).message)
    tok[-1] ^= 1
    try:
        p.request("UNWRAP " + b64(bytes(tok)))
        check("%s: %s refuses our altered sealed message" % (tag, name),
              False, "accepted")
    except PeerError:
        check("%s: %s refuses our altered sealed message" % (tag, name), True)


def peer_client(tag, pw, mode):
    """The peer as initiator, our acceptor.  Returns (peer, ctx)."""
    p = peer(mode, pw)
    s = our_acceptor()
    neg = unb64(p.request("NEG")[0])
    print("  %s NEGOTIATE: %d bytes, flags %s"
          % (name, len(neg), flag_names(msg_flags(neg))))
    chal = s.step(neg)
    print("  our CHALLENGE: %d bytes, flags %s"
          % (len(chal), flag_names(msg_flags(chal))))
    auth = unb64(p.request("AUTH " + b64(chal))[0])
    print("  %s AUTHENTICATE: %d bytes, flags %s"
          % (name, len(auth), flag_names(msg_flags(auth))))
    out = s.step(auth)
    check("%s: acceptor complete, no further token" % tag,
          s.complete and not out)
    return p, s


def part_a(mode):
    tag = "A(%s %s -> our acceptor)" % (name, mode)
    p = None
    try:
        p, s = peer_client(tag, password, mode)
        check("%s: acceptor sees %s\\%s" % (tag, domain, user),
              display(s.initiator_name) == ("%s\\%s" % (domain, user)).lower(),
              repr(str(s.initiator_name)))
        ours = session_key(s)
        theirs = bytes.fromhex(p.request("KEY")[0])
        check("%s: same exported session key" % tag, ours == theirs,
              "ours %s, %s's %s" % (ours.hex(), name, theirs.hex()))
        of = ntlm_flags(s)
        try:
            pf = int(p.request("FLAGS")[0], 16)
        except PeerError:
            pf = of  # the peer cannot tell; assume agreement
            print("  (%s does not report its flags)" % name)
        print("  negotiated flags: ours %s, %s's %s"
              % (flag_names(of), name, flag_names(pf)))
        integ = gssapi.RequirementFlag.integrity in s.actual_flags
        usable = integ or not (pf & (NEG_SIGN | NEG_SEAL))
        check("%s: our acceptor can wrap what the peer seals" % tag, usable,
              "ours %s, %s's %s, GSS_C_INTEG_FLAG %s"
              % (flag_names(of), name, flag_names(pf), integ))
        # sealing always signs (MS-NLMP 3.4.3): even when the AUTHENTICATE
        # flags announce SEAL without SIGN (ntlm-auth 1.4), the messages
        # must go through
        messages(tag, p, s)
    except (GSSError, PeerError) as e:
        check("%s: handshake and messages" % tag, False,
              gss_error_text(e) if isinstance(e, GSSError) else str(e))
    finally:
        if p:
            p.close()
    p = None
    try:
        p, s = peer_client(tag + " wrong password", "not-" + password,
                           mode)
        check("%s: wrong password refused" % tag, False, "accepted")
    except GSSError as e:
        check("%s: wrong password refused" % tag, True)
        print("  (refusal: %s)" % gss_error_text(e))
    except PeerError as e:
        check("%s: wrong password refused" % tag, False, str(e))
    finally:
        if p:
            p.close()


def our_client(tag, p, pw):
    c = our_initiator(domain, user, pw)
    neg = c.step()
    print("  our NEGOTIATE: %d bytes, flags %s"
          % (len(neg), flag_names(msg_flags(neg))))
    chal = unb64(p.request("CHAL " + b64(neg))[0])
    print("  %s CHALLENGE: %d bytes, flags %s"
          % (name, len(chal), flag_names(msg_flags(chal))))
    auth = c.step(chal)
    print("  our AUTHENTICATE: %d bytes, flags %s"
          % (len(auth), flag_names(msg_flags(auth))))
    check("%s: initiator complete after AUTHENTICATE" % tag, c.complete)
    return c, p.request("CHECK " + b64(auth))


def part_b():
    tag = "B(our initiator -> %s server)" % name
    p = peer("server", password)
    try:
        c, res = our_client(tag, p, password)
        info = dict(w.split("=", 1) for w in res)
        check("%s: %s verifies our NTProofStr" % (tag, name), True)
        check("%s: %s verifies our MIC" % (tag, name),
              info.get("mic") == "ok", "mic=%s" % info.get("mic"))
        print("  LmChallengeResponse: %s" % info.get("lm"))
        ours = session_key(c)
        check("%s: same exported session key" % tag,
              ours.hex() == info.get("key"),
              "ours %s, %s's %s" % (ours.hex(), name, info.get("key")))
        messages(tag, p, c)
    except (GSSError, PeerError) as e:
        check("%s: handshake and messages" % tag, False,
              gss_error_text(e) if isinstance(e, GSSError) else str(e))
    finally:
        p.close()
    p = peer("server", password)
    try:
        our_client(tag + " wrong password", p, "not-" + password)
        check("%s: %s refuses our wrong password" % (tag, name), False,
              "accepted")
    except PeerError as e:
        check("%s: %s refuses our wrong password" % (tag, name), True)
        print("  (refusal: %s)" % e)
    except GSSError as e:
        check("%s: %s refuses our wrong password" % (tag, name), False,
              gss_error_text(e))
    finally:
        p.close()


for m in client_modes:
    part_a(m)
part_b()
finish(name)
