"""Servers the tests talk to: a real HTTP server on 127.0.0.1 serving feed files."""

from __future__ import annotations

import contextlib
import email
import email.policy
import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from watcher.config import from_dict

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    gzip: bool = False
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None
    then: list[Route] = field(default_factory=list)  # answers to later requests, in order


class FeedServer:
    """A threading HTTP server whose answers the test sets per path; it logs every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.posts: list[tuple[str, bytes]] = []
        self.received: list[tuple[str, dict[str, str], bytes]] = []  # POSTs, with headers
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                server.received.append((self.path, {k.lower(): v for k, v in
                                                    self.headers.items()}, body))
                server.posts.append((self.path, body))
                route = server.routes.get(self.path)
                if route is None:
                    self._send(404, b"no_service", {})
                    return
                if route.handler:
                    route.handler(self)
                    return
                if route.then and len([p for p, _ in server.posts if p == self.path]) > 1:
                    route = route.then[min(len([p for p, _ in server.posts
                                                if p == self.path]) - 2, len(route.then) - 1)]
                self._send(route.status, route.body, dict(route.headers))

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    self._send(404, b"not found", {})
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.handler:
                    route.handler(self)
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                    if self.headers.get("If-None-Match") == route.etag:
                        self._send(304, b"", headers)
                        return
                body = route.body
                if route.gzip:
                    body = gzip.compress(body)
                    headers["Content-Encoding"] = "gzip"
                self._send(route.status, body, headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes | str = b"", **kw) -> str:
        self.routes[path] = Route(body.encode() if isinstance(body, str) else body, **kw)
        return self.url(path)

    def hits(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.requests if p.split("?")[0] == path]

    def posted(self, path: str) -> list[tuple[dict[str, str], bytes]]:
        """The POSTs to `path`: their headers (names in lower case) and bodies."""
        return [(h, b) for p, h, b in self.received if p == path]


class Mailbox:
    """Messages a real SMTP server (aiosmtpd on 127.0.0.1) accepted."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's naming)
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@pytest.fixture
def smtp_login() -> Iterator[tuple[Mailbox, int]]:
    """An SMTP server that requires LOGIN/PLAIN as watcher / s3cret (no TLS, for tests)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) \
            == (b"watcher", b"s3cret")
        return AuthResult(success=ok)

    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_require_tls=False, auth_required=True)
    controller.start()
    yield box, port
    controller.stop()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def rss(items: list[dict], title: str = "Test wire", extra: str = "") -> str:
    """An RSS 2.0 document; each item: title, link, description, pub (datetime; None: the
    item has no date), guid."""
    out = []
    for it in items:
        pub = it.get("pub", datetime(2023, 9, 25, 9, 0, tzinfo=UTC))
        pub_date = f"<pubDate>{format_datetime(pub)}</pubDate>" if pub else ""
        guid = it.get("guid", it["link"])
        content = it.get("content")
        out.append(
            f"<item><title>{it['title']}</title><link>{it['link']}</link>"
            f"<guid>{guid}</guid>{pub_date}"
            f"<description>{it.get('description', '')}</description>"
            + (f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else "")
            + "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>https://example.org/</link>"
        f"<description>test</description>{extra}{''.join(out)}</channel></rss>"
    )


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[..., object]:
    """A validated Config with a store in tmp_path and the given feeds."""

    def make(feeds: list[dict] | None = None, **sections) -> object:
        data = {
            "watcher": {"db": str(tmp_path / "watcher.db"),
                        "baseline": str(REPO / "store" / "baseline"),
                        **sections.pop("watcher", {})},
            "feeds": feeds or [],
            "fetch": {"connect_timeout": 2, "read_timeout": 2, **sections.pop("fetch", {})},
            # the tests' news is dated 2023: alert it, unless a test is about catch-up
            "alerts": {"max_age": "36500d", **sections.pop("alerts", {})},
            **sections,
        }
        return from_dict(data, source="test.toml")

    return make


# What a hostile feed can put into a title or a sentence: every C0 control character,
# terminal escape sequences (colour, a window title by OSC, 8-bit CSI), DEL and C1.
HOSTILE_TEXT = ("".join(chr(i) for i in range(1, 32))
                + "\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 \x9b33;1mloud\x7f\x85")
# The same as an XML document carries it: C0 as character references (&#1; .. &#31;).
HOSTILE_XML = "".join(f"&#{ord(c)};" if ord(c) < 32 else c for c in HOSTILE_TEXT)
HOSTILE_ITEM = {
    "title": f"Azerbaijan reopens Lachin corridor{HOSTILE_XML}",
    "link": "https://wire.example/lachin",
    "description": f"Azerbaijan reopened the Lachin corridor{HOSTILE_XML} on Monday.",
    "pub": datetime(2023, 9, 25, 9, 0, tzinfo=UTC),
}


def assert_clean(text: str, allowed: str = "\n\t") -> None:
    """No control character (C0 but `allowed`, DEL, C1) and no remnant of an escape
    sequence of HOSTILE_TEXT (its 8-bit CSI arrives through a feed parser as U+203A, a
    harmless character followed by harmless text)."""
    bad = sorted({f"U+{ord(c):04X}" for c in text
                  if (ord(c) < 32 and c not in allowed) or 0x7F <= ord(c) <= 0x9F})
    assert not bad, f"control characters left: {', '.join(bad)}"
    for remnant in ("[31m", "[0m", "pwned"):
        assert remnant not in text, f"escape sequence left: {remnant!r}"
