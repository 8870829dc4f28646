"""Samba's ntlm_auth against our mechanism, each in its own process.

Usage: drive_samba.py SMB.CONF DOMAIN USER PASSWORD

A. ntlm_auth --helper-protocol=ntlmssp-client-1 (Samba's NTLMSSP client)
   feeds our acceptor: "YR" gives its NEGOTIATE, "TT <challenge>" gives
   its AUTHENTICATE (answered "KK" or "AF"); "GK" / "GF" give its session
   key and flags, compared with ours.  A wrong password is refused.
B. ntlm_auth --helper-protocol=squid-2.5-ntlmssp (Samba's NTLMSSP server)
   verifies our initiator: "YR <negotiate>" gives "TT <challenge>",
   "KK <authenticate>" gives "AF DOMAIN\\user" or "NA reason".  Without
   winbind it checks the password given with --password (Samba's own test
   harness path, local_pw_check), so it verifies our NTLMv2 response and
   MIC for real.  A flipped MIC bit and a wrong password must be refused.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peerlib import (GSSError, Peer, PeerError, av_pairs,  # noqa: E402
                     b64, check, display, finish, flag_names,
                     gss_error_text, msg_flags, ntlm_flags, our_acceptor,
                     our_initiator, session_key, unb64)

smb_conf, domain, user, password = sys.argv[1:5]
env = dict(os.environ)
env.pop("LD_PRELOAD", None)


def ntlm_auth(protocol, pw):
    return Peer(["ntlm_auth", "--configfile=" + smb_conf,
                 "--helper-protocol=" + protocol, "--username=" + user,
                 "--domain=" + domain, "--password=" + pw,
                 "--debuglevel=0"], env=env)


def ask(p, line, want):
    p.send(line)
    reply = p.readline().split(" ", 1)
    if reply[0] not in want:
        raise PeerError("ntlm_auth answered %r to %r"
                        % (" ".join(reply)[:200], line.split()[0]))
    return reply[0], (reply[1] if len(reply) > 1 else "")


def auth_mic_info(auth):
    """(MsvAvFlags says MIC, MIC bytes) of an AUTHENTICATE."""
    ln, _, off = struct.unpack_from("<HHI", auth, 20)
    nt = auth[off:off + ln]
    flags = 0
    for av_id, val in av_pairs(nt[44:]):
        if av_id == 6 and len(val) == 4:
            flags = struct.unpack("<I", val)[0]
    return bool(flags & 2), auth[72:88]


def client_to_us(tag, pw):
    p = ntlm_auth("ntlmssp-client-1", pw)
    try:
        s = our_acceptor()
        _, neg = ask(p, "YR", ("YR",))
        neg = unb64(neg)
        print("  Samba NEGOTIATE: %d bytes, flags %s"
              % (len(neg), flag_names(msg_flags(neg))))
        chal = s.step(neg)
        print("  our CHALLENGE: %d bytes, flags %s"
              % (len(chal), flag_names(msg_flags(chal))))
        _, auth = ask(p, "TT " + b64(chal), ("KK", "AF"))
        auth = unb64(auth)
        has_mic, _ = auth_mic_info(auth)
        print("  Samba AUTHENTICATE: %d bytes, flags %s, MIC %s"
              % (len(auth), flag_names(msg_flags(auth)),
                 "present" if has_mic else "absent"))
        out = s.step(auth)
        check("%s: acceptor complete, no further token" % tag,
              s.complete and not out)
        return p, s, has_mic
    except Exception:
        p.close()
        raise


def part_a():
    tag = "A(Samba ntlmssp-client-1 -> our acceptor)"
    p = None
    try:
        p, s, has_mic = client_to_us(tag, password)
        check("%s: acceptor sees %s\\%s" % (tag, domain, user),
              display(s.initiator_name) == ("%s\\%s" % (domain, user)).lower(),
              repr(str(s.initiator_name)))
        # ntlm_auth's plain NTLMSSP client sends a MIC only inside SPNEGO
        # (Samba's NEW_SPNEGO feature), so none is expected here.
        print("  Samba's AUTHENTICATE %s a MIC"
              % ("carries" if has_mic else "does not carry"))
        _, key = ask(p, "GK", ("GK",))
        ours = session_key(s)
        check("%s: same session key" % tag, unb64(key) == ours,
              "ours %s, Samba's %s" % (ours.hex(), unb64(key).hex()))
        _, gf = ask(p, "GF", ("GF",))
        of = ntlm_flags(s)
        check("%s: same negotiated flags" % tag, int(gf, 16) == of,
              "ours %s, Samba's %s" % (flag_names(of),
                                       flag_names(int(gf, 16))))
    except (GSSError, PeerError) as e:
        check("%s: handshake" % tag, False,
              gss_error_text(e) if isinstance(e, GSSError) else str(e))
    finally:
        if p:
            p.close()
    p = None
    try:
        p, s, _ = client_to_us(tag + " wrong password", "not-" + password)
        check("%s: wrong password refused" % tag, False, "accepted")
    except GSSError as e:
        check("%s: wrong password refused" % tag, True)
        print("  (refusal: %s)" % gss_error_text(e))
    except PeerError as e:
        check("%s: wrong password refused" % tag, False, str(e))
    finally:
        if p:
            p.close()


def us_to_server(tag, our_pw, tamper=None):
    """Our initiator against Samba's server.  Returns (verdict, detail,
    our context, Samba peer)."""
    p = ntlm_auth("squid-2.5-ntlmssp", password)
    c = our_initiator(domain, user, our_pw)
    neg = c.step()
    _, chal = ask(p, "YR " + b64(neg), ("TT",))
    chal = unb64(chal)
    print("  Samba CHALLENGE: %d bytes, flags %s"
          % (len(chal), flag_names(msg_flags(chal))))
    auth = c.step(chal)
    check("%s: our initiator complete" % tag, c.complete)
    has_mic, _ = auth_mic_info(auth)
    print("  our AUTHENTICATE: %d bytes, flags %s, MIC %s"
          % (len(auth), flag_names(msg_flags(auth)),
             "present" if has_mic else "absent"))
    if tamper:
        auth = tamper(auth)
    verdict, detail = ask(p, "KK " + b64(auth), ("AF", "NA"))
    return verdict, detail, c, p


def part_b():
    tag = "B(our initiator -> Samba squid-2.5-ntlmssp)"
    p = None
    try:
        verdict, detail, c, p = us_to_server(tag, password)
        check("%s: Samba accepts us as %s\\%s" % (tag, domain, user),
              verdict == "AF" and detail.lower() ==
              ("%s\\%s" % (domain, user)).lower(),
              "%s %s" % (verdict, detail))
        _, key = ask(p, "GK", ("GK",))
        ours = session_key(c)
        check("%s: same session key" % tag, unb64(key) == ours,
              "ours %s, Samba's %s" % (ours.hex(), unb64(key).hex()))
    except (GSSError, PeerError) as e:
        check("%s: handshake" % tag, False,
              gss_error_text(e) if isinstance(e, GSSError) else str(e))
    finally:
        if p:
            p.close()

    def flip_mic(auth):
        b = bytearray(auth)
        b[80] ^= 0x01
        return bytes(b)

    for title, pw, tamper in (("a flipped MIC bit", password, flip_mic),
                              ("our wrong password", "not-" + password,
                               None)):
        p = None
        try:
            verdict, detail, c, p = us_to_server(tag, pw, tamper)
            check("%s: Samba refuses %s" % (tag, title), verdict == "NA",
                  "%s %s" % (verdict, detail))
            print("  (Samba: %s %s)" % (verdict, detail))
        except (GSSError, PeerError) as e:
            check("%s: Samba refuses %s" % (tag, title), False,
                  gss_error_text(e) if isinstance(e, GSSError) else str(e))
        finally:
            if p:
                p.close()


part_a()
part_b()
finish("samba ntlm_auth")
