"""python3-gssapi driving both sides of an NTLM (or SPNEGO) context.

Run by python-gssapi.sh with GSS_MECH_CONFIG / NTLM_USER_FILE set up.
Usage: gss_pair.py DOMAIN USER PASSWORD
Prints one PASS/FAIL line per check; exits 1 if any check failed.
"""
import os
import socket
import struct
import sys

import gssapi
import gssapi.raw as graw
from gssapi.raw.misc import GSSError

NTLM = gssapi.OID.from_int_seq("1.3.6.1.4.1.311.2.2.10")
SPNEGO = gssapi.OID.from_int_seq("1.3.6.1.5.5.2")
FLAGS = (gssapi.RequirementFlag.confidentiality
         | gssapi.RequirementFlag.integrity
         | gssapi.RequirementFlag.replay_detection
         | gssapi.RequirementFlag.out_of_sequence_detection)

domain, user, password = sys.argv[1:4]
failures = 0


def check(title, cond, detail=""):
    global failures
    if cond:
        print("PASS: " + title)
    else:
        failures += 1
        print("FAIL: " + title + (": " + detail if detail else ""))


def expect_error(title, fn):
    try:
        fn()
    except GSSError as e:
        check(title, True)
        return e
    check(title, False, "no error raised")
    return None


def display(name):
    # gss-ntlmssp's display names carry a trailing NUL; compare without it.
    return str(name).rstrip("\0").lower()


def target():
    return gssapi.Name("host@localhost", gssapi.NameType.hostbased_service)


def client_creds(mech, pw):
    # For SPNEGO the password credential must be acquired for SPNEGO itself:
    # a credential for NTLM alone is ignored by SPNEGO, which then falls
    # back to the default identity.
    if pw is None:
        return None
    name = gssapi.Name(domain + "\\" + user, gssapi.NameType.user)
    return graw.acquire_cred_with_password(
        name, pw.encode(), usage="initiate", mechs=[mech]).creds


def contexts(mech, pw):
    c = gssapi.SecurityContext(name=target(), mech=mech, usage="initiate",
                               creds=client_creds(mech, pw), flags=FLAGS)
    s = gssapi.SecurityContext(usage="accept")
    return c, s


def handshake(c, s):
    tok = c.step()
    rounds = 0
    while not (c.complete and s.complete):
        rounds += 1
        if rounds > 5:
            raise RuntimeError("handshake does not end")
        tok = s.step(tok)
        if tok is None or c.complete:
            break
        tok = c.step(tok)
        if tok is not None and not s.complete:
            continue
    return rounds


def messages(tag, a, b, who):
    """wrap/unwrap and MIC checks from a to b."""
    for i, conf in enumerate((True, True, False, True)):
        msg = ("%s message %d from %s" % (tag, i, who)).encode()
        w = a.wrap(msg, conf)
        if conf:
            check("%s: %s wrap #%d is sealed" % (tag, who, i),
                  w.encrypted and msg not in w.message)
        u = b.unwrap(w.message)
        # A mechanism may seal even when confidentiality is not asked
        # for; the receiver must agree with the sender about it.
        check("%s: %s wrap #%d (conf=%s) unwraps" % (tag, who, i, conf),
              u.message == msg and u.encrypted == w.encrypted,
              "%r/%s/%s" % (u.message, u.encrypted, w.encrypted))
    msg = ("%s signed by %s" % (tag, who)).encode()
    mic = a.get_signature(msg)
    b.verify_signature(msg, mic)
    check("%s: %s MIC verifies" % (tag, who), True)
    mic2 = a.get_signature(msg)
    expect_error("%s: %s MIC over altered data is refused" % (tag, who),
                 lambda: b.verify_signature(msg + b"!", mic2))
    w = bytearray(a.wrap(msg, True).message)
    w[-1] ^= 1
    expect_error("%s: %s altered sealed token is refused" % (tag, who),
                 lambda: b.unwrap(bytes(w)))


def full(tag, mech, pw):
    c, s = contexts(mech, pw)
    handshake(c, s)
    check("%s: both sides complete" % tag, c.complete and s.complete)
    check("%s: acceptor sees %s\\%s" % (tag, domain, user),
          display(s.initiator_name) == ("%s\\%s" % (domain, user)).lower(),
          repr(str(s.initiator_name)))
    check("%s: negotiated mech is NTLM" % tag,
          s.mech == NTLM and c.mech == NTLM, "%s / %s" % (s.mech, c.mech))
    check("%s: confidentiality and integrity granted" % tag,
          gssapi.RequirementFlag.confidentiality in c.actual_flags
          and gssapi.RequirementFlag.integrity in c.actual_flags,
          str(c.actual_flags))
    messages(tag, c, s, "initiator")
    messages(tag, s, c, "acceptor")


def wrong(tag, mech, pw):
    def run():
        c, s = contexts(mech, pw)
        handshake(c, s)
    expect_error("%s: refused" % tag, run)


# ---- one process, both sides ------------------------------------------------
full("NTLM, explicit password", NTLM, password)
full("NTLM, default identity", NTLM, None)
full("SPNEGO, explicit password", SPNEGO, password)
full("SPNEGO, default identity", SPNEGO, None)
wrong("NTLM, wrong password", NTLM, "not-" + password)
wrong("SPNEGO, wrong password", SPNEGO, "not-" + password)
full("NTLM after failures", NTLM, password)


# ---- two processes over a socketpair ------------------------------------
def send(sock, data):
    sock.sendall(struct.pack(">I", len(data)) + data)


def recv(sock):
    hdr = b""
    while len(hdr) < 4:
        more = sock.recv(4 - len(hdr))
        if not more:
            raise EOFError
        hdr += more
    n = struct.unpack(">I", hdr)[0]
    data = b""
    while len(data) < n:
        more = sock.recv(n - len(data))
        if not more:
            raise EOFError
        data += more
    return data


def acceptor_process(sock):
    s = gssapi.SecurityContext(usage="accept")
    while not s.complete:
        out = s.step(recv(sock))
        send(sock, out or b"")
    send(sock, str(s.initiator_name).encode())
    for _ in range(3):
        msg = s.unwrap(recv(sock)).message
        send(sock, s.wrap(b"echo: " + msg, True).message)
        send(sock, s.get_signature(msg))


sock_c, sock_s = socket.socketpair()
# limits for a peer that hangs, not expected durations (a loaded machine)
sock_c.settimeout(60)
sock_s.settimeout(60)
pid = os.fork()
if pid == 0:
    sock_c.close()
    code = 0
    try:
        acceptor_process(sock_s)
    except Exception as e:  # report, then exit non-zero
        print("acceptor process: %r" % (e,))
        code = 1
    os._exit(code)
sock_s.close()
try:
    c = gssapi.SecurityContext(name=target(), mech=NTLM, usage="initiate",
                               creds=client_creds(NTLM, password),
                               flags=FLAGS)
    tok = c.step()
    while True:
        send(sock_c, tok)
        tok = recv(sock_c)
        if c.complete:
            break
        tok = c.step(tok)
        if c.complete and not tok:
            send(sock_c, b"")
            recv(sock_c)
            break
    name = recv(sock_c).decode()
    check("two processes: acceptor sees %s\\%s" % (domain, user),
          display(name) == ("%s\\%s" % (domain, user)).lower(), repr(name))
    for i in range(3):
        msg = ("two-process message %d" % i).encode()
        send(sock_c, c.wrap(msg, True).message)
        reply = c.unwrap(recv(sock_c))
        check("two processes: sealed echo #%d" % i,
              reply.message == b"echo: " + msg and reply.encrypted)
        c.verify_signature(msg, recv(sock_c))
        check("two processes: acceptor's MIC #%d verifies" % i, True)
except Exception as e:
    check("two processes", False, repr(e))
_, status = os.waitpid(pid, 0)
check("two processes: acceptor process exit 0", status == 0, str(status))

sys.exit(1 if failures else 0)
