"""Shared pieces of the peer interop drivers (tests/peers).

Our side of every exchange is the NTLM mechanism under test, driven
through the public GSSAPI by python3-gssapi (GSS_MECH_CONFIG and
NTLM_USER_FILE are set up by common.sh).  The other side is an independent
NTLM implementation running in its own process: either a program with its
own line protocol (Samba's ntlm_auth) or one of our small peer scripts
(peer_impacket.py, peer_ntlmauth.py) which speak this line protocol:

    request:  WORD [ARG ...]          one line, arguments base64 or hex
    reply:    OK [VALUE ...] | ERR reason

Every read from a peer has a deadline; a peer that does not answer in time
is killed and the check fails.
"""
import base64
import os
import select
import signal
import struct
import subprocess
import sys
import time

import gssapi
import gssapi.raw as graw
from gssapi.raw.misc import GSSError

PY = "/usr/bin/python3"
HERE = os.path.dirname(os.path.abspath(__file__))
NTLM = gssapi.OID.from_int_seq("1.3.6.1.4.1.311.2.2.10")
SSPI_SESSION_KEY = gssapi.OID.from_int_seq("1.2.840.113554.1.2.2.5.5")
NTLM_FLAGS_OID = gssapi.OID.from_int_seq("1.3.6.1.4.1.7165.655.1.100")
FLAGS = (gssapi.RequirementFlag.confidentiality
         | gssapi.RequirementFlag.integrity
         | gssapi.RequirementFlag.replay_detection
         | gssapi.RequirementFlag.out_of_sequence_detection)

# NTLMSSP negotiate flags used by the checks.
NEG_UNICODE = 0x00000001
NEG_OEM = 0x00000002
NEG_REQUEST_TARGET = 0x00000004
NEG_SIGN = 0x00000010
NEG_SEAL = 0x00000020
NEG_NTLM = 0x00000200
NEG_ALWAYS_SIGN = 0x00008000
NEG_ESS = 0x00080000
NEG_TARGET_INFO = 0x00800000
NEG_VERSION = 0x02000000
NEG_128 = 0x20000000
NEG_KEY_EXCH = 0x40000000
NEG_56 = 0x80000000

failures = 0
passes = 0


def check(title, cond, detail=""):
    """One check: a failure fails the run."""
    global failures, passes
    if cond:
        passes += 1
        print("PASS: " + title, flush=True)
    else:
        failures += 1
        print("FAIL: " + title + (": " + detail if detail else ""),
              flush=True)
    return cond


def finish(name):
    print("%s: %d checks passed, %d failed" % (name, passes, failures))
    sys.exit(1 if failures else 0)


def b64(data):
    return base64.b64encode(data).decode()


def unb64(text):
    return base64.b64decode(text)


def hexdump(data):
    return data.hex() if data is not None else "None"


# ---- a peer process --------------------------------------------------------
class PeerError(Exception):
    pass


class Peer:
    """A child process answering one line per request line."""

    # The deadline of one answer: a limit for a peer that hangs, not an
    # expected duration (the first answer includes the peer's start, a
    # Python interpreter importing impacket, several seconds on a loaded
    # machine).
    def __init__(self, argv, env=None, timeout=60):
        self.argv = argv
        self.timeout = timeout
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env, start_new_session=True)
        self.buf = b""

    def send(self, line):
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            raise PeerError("peer %s: cannot write: %r%s"
                            % (self.argv[0], e, self.stderr_tail()))

    def readline(self, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                self.close()
                raise PeerError("peer %s: no answer in time%s"
                                % (self.argv[0], self.stderr_tail()))
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            more = os.read(fd, 65536)
            if not more:
                raise PeerError("peer %s: exited (%s)%s"
                                % (self.argv[0], self.proc.poll(),
                                   self.stderr_tail()))
            self.buf += more
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode().rstrip("\r")

    def request(self, line):
        """Send a request; return the words after OK, raise on ERR."""
        self.send(line)
        reply = self.readline().split()
        if reply and reply[0] == "OK":
            return reply[1:]
        raise PeerError("peer %s answered %r to %r"
                        % (os.path.basename(self.argv[-1] if len(self.argv)
                                            < 3 else self.argv[1]),
                           " ".join(reply), line.split()[0]))

    def stderr_tail(self):
        if self.proc.poll() is None:
            return ""
        try:
            err = self.proc.stderr.read().decode(errors="replace")
        except (OSError, ValueError):
            return ""
        return ("; stderr: " + err[-2000:]) if err else ""

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass


# ---- our mechanism ---------------------------------------------------------
def our_acceptor():
    return gssapi.SecurityContext(usage="accept")


def our_initiator(domain, user, password, flags=FLAGS):
    name = gssapi.Name(domain + "\\" + user, gssapi.NameType.user)
    creds = graw.acquire_cred_with_password(
        name, password.encode(), usage="initiate", mechs=[NTLM]).creds
    target = gssapi.Name("host@localhost", gssapi.NameType.hostbased_service)
    return gssapi.SecurityContext(name=target, mech=NTLM, usage="initiate",
                                  creds=creds, flags=flags)


def session_key(ctx):
    return graw.inquire_sec_context_by_oid(ctx, SSPI_SESSION_KEY)[0]


def ntlm_flags(ctx):
    return struct.unpack("<I", graw.inquire_sec_context_by_oid(
        ctx, NTLM_FLAGS_OID)[0])[0]


def display(name):
    return str(name).rstrip("\0").lower()


def gss_error_text(e):
    try:
        return "%s (minor 0x%x)" % (e.gen_message(), e.min_code)
    except Exception:  # noqa: BLE001 - best effort description
        return repr(e)


# ---- NTLM message fields (for the checks' own inspection) -----------------
def msg_flags(msg):
    if msg[8:12] == b"\x01\x00\x00\x00":
        return struct.unpack_from("<I", msg, 12)[0]
    if msg[8:12] == b"\x02\x00\x00\x00":
        return struct.unpack_from("<I", msg, 20)[0]
    return struct.unpack_from("<I", msg, 60)[0]


def challenge_target_info(msg):
    ln, _, off = struct.unpack_from("<HHI", msg, 40)
    return msg[off:off + ln]


def av_pairs(blob):
    out = []
    pos = 0
    while pos + 4 <= len(blob):
        av_id, ln = struct.unpack_from("<HH", blob, pos)
        out.append((av_id, blob[pos + 4:pos + 4 + ln]))
        pos += 4 + ln
        if av_id == 0:
            break
    return out


def flag_names(flags):
    names = {NEG_UNICODE: "UNICODE", NEG_OEM: "OEM",
             NEG_REQUEST_TARGET: "REQUEST_TARGET", NEG_SIGN: "SIGN",
             NEG_SEAL: "SEAL", NEG_NTLM: "NTLM",
             NEG_ALWAYS_SIGN: "ALWAYS_SIGN", NEG_ESS: "ESS",
             NEG_TARGET_INFO: "TARGET_INFO", NEG_VERSION: "VERSION",
             NEG_128: "128", NEG_KEY_EXCH: "KEY_EXCH", NEG_56: "56"}
    return "0x%08x(%s)" % (flags, "|".join(
        v for k, v in sorted(names.items()) if flags & k))


__all__ = [n for n in dir() if not n.startswith("_")] + ["GSSError"]
