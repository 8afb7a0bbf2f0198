#!/usr/bin/python3
"""A real SMTP server on 127.0.0.1 for the mail tests: Debian's aiosmtpd (1.4.3), started by a test.

Run with /usr/bin/python3 (Debian's python3-aiosmtpd). It binds 127.0.0.1 on a port the kernel
picks (or --port P, e.g. to come back on the same port after a stop) and, once it accepts
connections, prints exactly one line "port N" on stdout.

What it does with mail (--out DIR): each message answered 250 at DATA becomes DIR/NNNN.eml (the
bytes as received, CRLF line ends, dot-stuffing undone) and DIR/NNNN.json (what a test asserts:
envelope, decoded headers, bodies, the MIME tree, every leaf part saved as DIR/NNNN-part-K.bin,
the parser's defects). NNNN counts from 0001 (or --first-number) in the order messages were
accepted. Every file is written under a temporary name and renamed; the .json comes last, so a
message is complete once its .json exists. The files are written before the 250 goes out: a
sender that has seen 250 can count on them.

NNNN.json, decoded with python's email package (policy=email.policy.default: RFC 2047 words,
RFC 2231 parameters):
  mailFrom, rcptTos, mailOptions   the envelope (MAIL FROM, accepted RCPT TOs, MAIL parameters)
  from {name, address}; to, cc, replyTo [{name, address}]
  subject, date, messageId, autoSubmitted, mimeVersion   header values, decoded (null if absent)
  headers [[name, value]]          every header, in order, decoded
  contentType                      the top level's, e.g. "multipart/mixed"
  text, html                       the text/plain and text/html bodies (email's get_body),
                                   decoded, "\n" line ends (the part files keep the exact bytes)
  structure                        the MIME tree, e.g.
                                   "multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf)"
  parts [{contentType, charset, disposition, filename, contentId (without <>),
          transferEncoding, size, file}]   every leaf part, in order; file: NNNN-part-K.bin, the
                                   decoded payload
  defects                          what python's parser found wrong (message, parts, headers)
  rawDefects                       what it does not look at: bare CR or LF, lines over 998
                                   octets, NUL, 8-bit bytes in the header, 8-bit body without
                                   BODY=8BITMIME (curl never asks for 8BITMIME)

Failures on purpose:
  --tempfail N      each recipient address is answered "451 4.3.0 Try again later" for its first N
                    attempts, then accepted. Where: --tempfail-at data (default) answers the DATA
                    of a message (after its body was sent) with 451 while any of its recipients has
                    had fewer than N attempts; every recipient of that message is charged one
                    attempt. --tempfail-at rcpt answers that recipient's RCPT instead.
  --reject ADDR     (repeatable) RCPT TO:<ADDR> is answered "550 5.1.1 <ADDR>: Recipient address
                    rejected", every time. Addresses compare case-insensitively.
  --delay-ms N      waits N ms after a message's final "." before answering it. A client that goes
                    away during the wait cancels the message: it is not stored (log: "DATA
                    aborted"). The log says "DATA received" when the wait begins.
  --never-answer    accepts TCP connections and sends nothing, ever (not even the greeting).

Security: --starttls CERT KEY (STARTTLS offered, required before MAIL/AUTH), --implicit-tls CERT
KEY (TLS from the first byte, "SMTPS"), --auth USER:PASSWORD (AUTH PLAIN and LOGIN, required
before MAIL, allowed without TLS; wrong credentials get 535).

--log FILE: one line per event, "SECONDS conn=N EVENT ...":
  connect PEER | tls (STARTTLS done) | EHLO NAME | AUTH ok USER MECH | AUTH failed USER MECH |
  MAIL <ADDR> | RCPT <ADDR> 250 | RCPT <ADDR> 451 tempfail | RCPT <ADDR> 550 rejected |
  DATA received BYTES <RCPT>... (--delay-ms only) | DATA 250 NNNN <RCPT>... |
  DATA 451 tempfail <RCPT>... | DATA aborted <RCPT>... | error WHAT (e.g. a TLS handshake the
  client broke off) | disconnect; and "conn=0 stop (WHY)" at the end.
Commands aiosmtpd refuses before any hook (530 for MAIL before STARTTLS or AUTH, syntax errors)
are not logged.

It stops by itself after --max-seconds (default 600), when its stdin reaches end of file (the
test closed it or died) and on SIGTERM or SIGINT.
"""

import argparse
import asyncio
import email
import email.policy
import json
import logging
import os
import signal
import ssl
import sys
import threading
import time
import warnings

# auth_require_tls=False with auth_required=True makes aiosmtpd warn; on 127.0.0.1 in a test that
# is the point.
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword  # noqa: E402

START = time.monotonic()


class EventLog:
    def __init__(self, path):
        self._file = open(path, "a", encoding="utf-8", buffering=1) if path else None

    def write(self, conn, text):
        if self._file:
            self._file.write(f"{time.monotonic() - START:.3f} conn={conn} {text}\n")
            self._file.flush()


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
# The message as a test sees it.

def address_list(header):
    if header is None:
        return []
    try:
        return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]
    except Exception:  # not an address header after all: the raw text
        return [{"name": "", "address": str(header)}]


def header_text_of(value):
    try:
        return str(value)
    except Exception as e:
        return f"<undecodable: {e}>"


def header_text(msg, name):
    value = msg.get(name)
    return None if value is None else header_text_of(value)


def structure_of(part):
    if part.is_multipart():
        return part.get_content_type() + "(" + ",".join(structure_of(p) for p in part.get_payload()) + ")"
    return part.get_content_type()


def leaves(part):
    if part.is_multipart():
        for p in part.get_payload():
            yield from leaves(p)
    else:
        yield part


def body_text(msg, kind):
    """The body as text, line ends as "\n" (the part's file keeps the exact bytes)."""
    try:
        part = msg.get_body(preferencelist=(kind,))
        return part.get_content().replace("\r\n", "\n") if part is not None else None
    except Exception as e:
        return f"<undecodable: {e}>"


def defects_of(msg):
    """Every defect python's parser registered, on the message, its parts and their headers."""
    found = []

    def visit(part, where):
        for d in part.defects:
            found.append(f"{where} ({part.get_content_type()}): {type(d).__name__}: {d}")
        for name, value in part.items():
            for d in getattr(value, "defects", ()):
                found.append(f"{where} header {name}: {type(d).__name__}: {d}")
        if part.is_multipart():
            for i, p in enumerate(part.get_payload(), 1):
                visit(p, f"{where}.{i}")

    visit(msg, "message")
    return found


def raw_defects(raw, mail_options):
    """What the transport notices and python's parser does not: bare CR or LF, lines over 998
    octets (RFC 5322 2.1.1), NUL, 8-bit bytes in the header, 8-bit body without BODY=8BITMIME."""
    found = []
    lines = raw.split(b"\r\n")
    if any(b"\n" in line for line in lines):
        found.append("raw: bare LF (line end not CRLF)")
    if any(b"\r" in line for line in lines):
        found.append("raw: bare CR")
    longest = max((len(line) for line in lines), default=0)
    if longest > 998:
        found.append(f"raw: line of {longest} octets (limit 998)")
    if b"\0" in raw:
        found.append("raw: NUL byte")
    head, _, body = raw.partition(b"\r\n\r\n")
    if any(b > 127 for b in head):
        found.append("raw: 8-bit bytes in the header (no SMTPUTF8)")
    if any(b > 127 for b in body) and "BODY=8BITMIME" not in mail_options:
        found.append("raw: 8-bit bytes in the body without BODY=8BITMIME")
    return found


def describe(raw, number, out_dir, mail_from, rcpt_tos, mail_options):
    meta = {"mailFrom": mail_from, "rcptTos": list(rcpt_tos), "mailOptions": list(mail_options)}
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        froms = address_list(msg.get("From"))
        meta.update({
            "from": froms[0] if froms else None,
            "to": address_list(msg.get("To")),
            "cc": address_list(msg.get("Cc")),
            "replyTo": address_list(msg.get("Reply-To")),
            "subject": header_text(msg, "Subject"),
            "date": header_text(msg, "Date"),
            "messageId": header_text(msg, "Message-ID"),
            "autoSubmitted": header_text(msg, "Auto-Submitted"),
            "mimeVersion": header_text(msg, "MIME-Version"),
            "contentType": msg.get_content_type(),
            "headers": [[name, header_text_of(value)] for name, value in msg.items()],
            "text": body_text(msg, "plain"),
            "html": body_text(msg, "html"),
            "structure": structure_of(msg),
        })
        parts = []
        for k, part in enumerate(leaves(msg), 1):
            payload = part.get_payload(decode=True) or b""
            name = f"{number}-part-{k}.bin"
            write_atomically(os.path.join(out_dir, name), payload)
            cid = header_text(part, "Content-ID")
            if cid is not None:
                cid = cid.strip().removeprefix("<").removesuffix(">")
            try:
                filename = part.get_filename()
            except Exception as e:
                filename = f"<undecodable: {e}>"
            parts.append({
                "contentType": part.get_content_type(),
                "charset": part.get_content_charset(),
                "disposition": part.get_content_disposition(),
                "filename": filename,
                "contentId": cid,
                "transferEncoding": header_text(part, "Content-Transfer-Encoding"),
                "size": len(payload),
                "file": name,
            })
        meta["parts"] = parts
        meta["defects"] = defects_of(msg)
    except Exception as e:  # a message python cannot take apart is still kept, and said so
        meta.setdefault("parts", [])
        meta["defects"] = [f"parser failed: {type(e).__name__}: {e}"]
    meta["rawDefects"] = raw_defects(raw, mail_options)
    return meta


# ---------------------------------------------------------------------------------------------
# The SMTP side.

class Handler:
    def __init__(self, args, log):
        self.args = args
        self.log = log
        self.reject = {a.lower() for a in args.reject}
        self.attempts = {}  # recipient (lower case) -> attempts so far
        self.accepted = args.first_number - 1

    def _tempfail(self, addresses):
        """Charges each address one attempt; True when one of them is still to be put off."""
        put_off = False
        for a in addresses:
            n = self.attempts.get(a.lower(), 0) + 1
            self.attempts[a.lower()] = n
            put_off = put_off or n <= self.args.tempfail
        return put_off

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.log.write(server.conn, f"EHLO {hostname}")
        session.host_name = hostname
        return responses

    def handle_STARTTLS(self, server, session, envelope):  # called, not awaited, by aiosmtpd
        self.log.write(server.conn, "tls")
        return True

    async def handle_MAIL(self, server, session, envelope, address, options):
        self.log.write(server.conn, f"MAIL <{address}>")
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.lower() in self.reject:
            self.log.write(server.conn, f"RCPT <{address}> 550 rejected")
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        if self.args.tempfail_at == "rcpt" and self._tempfail([address]):
            self.log.write(server.conn, f"RCPT <{address}> 451 tempfail")
            return "451 4.3.0 Try again later"
        self.log.write(server.conn, f"RCPT <{address}> 250")
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content
        rcpts = " ".join(f"<{a}>" for a in envelope.rcpt_tos)
        if self.args.delay_ms > 0:
            self.log.write(server.conn, f"DATA received {len(raw)} {rcpts}")
            try:
                await asyncio.sleep(self.args.delay_ms / 1000)
            except asyncio.CancelledError:
                self.log.write(server.conn, f"DATA aborted {rcpts}")
                raise
            if server.transport is None or server.transport.is_closing():
                self.log.write(server.conn, f"DATA aborted {rcpts}")
                return "421 4.4.2 Connection lost"
        if self.args.tempfail_at == "data" and self._tempfail(envelope.rcpt_tos):
            self.log.write(server.conn, f"DATA 451 tempfail {rcpts}")
            return "451 4.3.0 Try again later"
        self.accepted += 1
        number = f"{self.accepted:04d}"
        if self.args.out:
            meta = describe(raw, number, self.args.out, envelope.mail_from, envelope.rcpt_tos,
                            envelope.mail_options)
            write_atomically(os.path.join(self.args.out, number + ".eml"), raw)
            write_atomically(os.path.join(self.args.out, number + ".json"),
                             json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
        self.log.write(server.conn, f"DATA 250 {number} {rcpts}")
        return f"250 OK {number}"


class Server(SMTP):
    """aiosmtpd's SMTP with connection numbers for the log."""

    connections = 0

    def __init__(self, handler, log, **kwargs):
        super().__init__(handler, **kwargs)
        self.log = log
        Server.connections += 1
        self.conn = Server.connections

    def connection_made(self, transport):
        first = self._original_transport is None and self.transport is None
        super().connection_made(transport)
        if first:
            peer = transport.get_extra_info("peername")
            self.log.write(self.conn, f"connect {peer[0]}:{peer[1]}" if peer else "connect")

    def connection_lost(self, error):
        self.log.write(self.conn, "disconnect")
        super().connection_lost(error)

    async def handle_exception(self, error):
        # e.g. a client that rejects our certificate during STARTTLS: one line in our log
        # instead of aiosmtpd's traceback on stderr.
        cause = error.__cause__ or error
        self.log.write(self.conn, f"error {type(cause).__name__}: {cause}")
        return f"500 Error: ({type(error).__name__}) {error}"


def make_authenticator(log, user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        login = auth_data.login.decode(errors="replace") if isinstance(auth_data, LoginPassword) else "?"
        log.write(server.conn, f"AUTH {'ok' if ok else 'failed'} {login} {mechanism}")
        return AuthResult(success=ok, handled=False)
    return authenticate


def tls_context(cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


class Silent(asyncio.Protocol):
    """--never-answer: takes the connection and says nothing."""

    open_transports = []

    def __init__(self, log):
        self.log = log
        Server.connections += 1
        self.conn = Server.connections

    def connection_made(self, transport):
        Silent.open_transports.append(transport)
        peer = transport.get_extra_info("peername")
        self.log.write(self.conn, f"connect {peer[0]}:{peer[1]}" if peer else "connect")

    def connection_lost(self, error):
        self.log.write(self.conn, "disconnect")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", help="folder for NNNN.eml, NNNN.json and NNNN-part-K.bin")
    p.add_argument("--tempfail", type=int, default=0, metavar="N")
    p.add_argument("--tempfail-at", choices=("data", "rcpt"), default="data")
    p.add_argument("--reject", action="append", default=[], metavar="ADDR")
    p.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--implicit-tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--auth", metavar="USER:PASSWORD")
    p.add_argument("--delay-ms", type=int, default=0, metavar="N")
    p.add_argument("--never-answer", action="store_true")
    p.add_argument("--log", metavar="FILE")
    p.add_argument("--max-seconds", type=float, default=600, metavar="S")
    p.add_argument("--port", type=int, default=0, metavar="P")
    p.add_argument("--first-number", type=int, default=1, metavar="N")
    args = p.parse_args(argv)
    if args.starttls and args.implicit_tls:
        p.error("--starttls and --implicit-tls exclude each other")
    if args.auth is not None and ":" not in args.auth:
        p.error("--auth wants USER:PASSWORD")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    return args


def main(argv):
    args = parse_args(argv)
    # aiosmtpd's own logger warns on every connection about what we chose on purpose
    # (AUTH without TLS) and about its own deprecations; errors still reach stderr.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    log = EventLog(args.log)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    stopping = loop.create_future()

    def stop(why):
        if not stopping.done():
            stopping.set_result(why)

    if args.never_answer:
        factory = lambda: Silent(log)  # noqa: E731
        server_ssl = None
    else:
        handler = Handler(args, log)
        kwargs = dict(hostname="localhost", ident="qrgate test SMTP (aiosmtpd)", loop=loop,
                      data_size_limit=50 * 1024 * 1024, enable_SMTPUTF8=False, decode_data=False)
        if args.starttls:
            kwargs.update(tls_context=tls_context(*args.starttls), require_starttls=True)
        if args.auth is not None:
            user, _, password = args.auth.partition(":")
            kwargs.update(authenticator=make_authenticator(log, user, password), auth_required=True,
                          auth_require_tls=False)
        server_ssl = tls_context(*args.implicit_tls) if args.implicit_tls else None
        factory = lambda: Server(handler, log, **kwargs)  # noqa: E731

    server = loop.run_until_complete(loop.create_server(factory, host="127.0.0.1", port=args.port, ssl=server_ssl))
    port = server.sockets[0].getsockname()[1]

    loop.add_signal_handler(signal.SIGTERM, stop, "SIGTERM")
    loop.add_signal_handler(signal.SIGINT, stop, "SIGINT")
    loop.call_later(args.max_seconds, stop, "max-seconds")

    def watch_stdin():  # a thread: stdin may be a pipe, a terminal or a file
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        loop.call_soon_threadsafe(stop, "stdin closed")

    threading.Thread(target=watch_stdin, daemon=True).start()

    sys.stdout.write(f"port {port}\n")
    sys.stdout.flush()
    why = loop.run_until_complete(stopping)
    log.write(0, f"stop ({why})")
    server.close()
    for t in Silent.open_transports:
        t.abort()
    # Open SMTP sessions end with the loop; their tasks are cancelled.
    for task in asyncio.all_tasks(loop):
        task.cancel()
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
