"""Servers the tests talk to: a real HTTP server on 127.0.0.1 serving feed files."""

from __future__ import annotations

import contextlib
import email
import email.policy
import gzip
import html
import json
import re
import shutil
import socket
import subprocess
import sys
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


# A development as the outbox holds it: a leaders' meeting planned in Brussels.
BRUSSELS_PLAN = {
    "type": "meeting_new", "published": "2023-05-11T12:00:00+00:00",
    "article_url": "https://a.example/1",
    "meeting": {"level": "leaders", "participants": ["Ilham Aliyev", "Nikol Pashinyan"],
                "mediators": ["Charles Michel"], "venue": {"city": "Brussels",
                                                           "country": "Belgium"},
                "date": "2023-05-14", "status": "scheduled"},
    "previous": None, "evidence": "Michel will host a meeting on Sunday.",
}


def one_feed_toml(tmp_path: Path, feed_url: str, interval: str) -> str:
    """The head of a daemon's config: a store under `tmp_path`, the seed baseline, one feed
    "Local wire" polled every `interval`, and an [alerts] section that alerts the tests'
    2023 news (a channel's section may follow)."""
    return f"""[watcher]
db = "{tmp_path / 'store' / 'watcher.db'}"
baseline = "{REPO / 'store' / 'baseline'}"

[[feeds]]
name = "Local wire"
url = "{feed_url}"
interval = "{interval}"

[alerts]
max_age = "36500d"  # the test's news is dated 2023
"""


def email_toml(port: int) -> str:
    """The [alerts.email] section of a config that sends to the test SMTP server."""
    return f"""[alerts.email]
host = "127.0.0.1"
port = {port}
starttls = false
sender = "watcher@example.org"
recipients = ["desk@example.org"]
"""


def run_once(folder: Path, feed_url: str, smtp_port: int, *, watcher: str = "",
             alerts: str = "") -> subprocess.CompletedProcess:
    """`watcher run --once` on a store in `folder` with one feed, alerts by email to the
    test SMTP server; `watcher` and `alerts`: more lines for those sections."""
    folder.mkdir(parents=True, exist_ok=True)
    cfg = folder / "config.toml"
    cfg.write_text(f"""[watcher]
db = "{folder / 'watcher.db'}"
baseline = "{REPO / 'store' / 'baseline'}"
{watcher}
[api]
listen = "127.0.0.1:{free_port()}"

[[feeds]]
name = "Wire"
url = "{feed_url}"

[alerts]
{alerts}
{email_toml(smtp_port)}""")
    return subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), "run",
                           "--once"], capture_output=True, text=True, timeout=120)


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


# Debian's chromium, for the checks of the HTML at a phone's and a desktop's width (the
# tests that need it are skipped where it is not installed).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
_HEADLESS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars"]
# Run inside the page: what sticks out sideways. The page itself wider than the window;
# an element past the window's edge, or past the edge of the SVG drawing it (clipped);
# a box that scrolls sideways; SVG text drawn smaller than 10 px.
_PROBE = """<script>(function () {
var vw = document.documentElement.clientWidth, bad = [];
if (document.documentElement.scrollWidth > vw + 1)
  bad.push('the page is ' + document.documentElement.scrollWidth + ' px wide in ' + vw);
var all = document.body.querySelectorAll('*');
for (var i = 0; i < all.length; i++) {
  var el = all[i], tag = el.tagName.toLowerCase(), r = el.getBoundingClientRect();
  if (!r.width || tag == 'script') continue;
  var name = tag + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  var svg = tag == 'svg' ? null : el.closest('svg');
  var box = svg ? svg.getBoundingClientRect() : {left: 0, right: vw};
  if (r.right > box.right + 1 || r.left < box.left - 1) bad.push('cut off: ' + name);
  if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX != 'visible')
    bad.push('scrolls sideways: ' + name);
  if (tag == 'text' && svg && svg.viewBox.baseVal) {
    var px = parseFloat(getComputedStyle(el).fontSize) * box.width / svg.viewBox.baseVal.width;
    if (px < 10) bad.push('too small (' + px.toFixed(1) + ' px): ' + name);
  }
}
parent.document.body.setAttribute('data-probe', JSON.stringify(bad));
})();</script>"""


def overflow(page: str, width: int, tmp_path: Path) -> list[str]:
    """What of `page` does not fit a window `width` px wide, in headless chromium ([] when
    all fits). The page is laid out in an iframe of that width: headless chromium keeps its
    windows at least 500 px wide, a frame can be any width."""
    doc = page.replace("</body>", _PROBE + "</body>")
    outer = tmp_path / f"probe{width}.html"
    outer.write_text('<!DOCTYPE html><html><body style="margin:0"><iframe style="border:0" '
                     f'width="{width}" height="900" srcdoc="{html.escape(doc, quote=True)}">'
                     "</iframe></body></html>", encoding="utf-8")
    dom = subprocess.run([CHROMIUM, *_HEADLESS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--window-size=1400,1000", "--dump-dom", outer.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, f"the probe did not run: {dom[:300]!r}"
    return json.loads(html.unescape(found.group(1)))


def screenshot(page: str, width: int, out: Path, height: int = 1400) -> Path:
    """`page` as headless chromium shows it in a window `width` x `height` px."""
    source = out.with_suffix(".html")
    source.write_text(page, encoding="utf-8")
    subprocess.run([CHROMIUM, *_HEADLESS, f"--user-data-dir={out.parent / 'profile'}",
                    f"--window-size={width},{height}", f"--screenshot={out}", source.as_uri()],
                   capture_output=True, timeout=120)
    return out
