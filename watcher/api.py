"""The HTTP API the daemon serves (standard library server, a bounded pool of workers).

    GET /healthz                       scheduler alive, last poll, failing feeds (503 if unhealthy)
    GET /digest?since=7d&format=json   the digest (json, html, markdown, text)
    GET /developments?since=24h        developments recorded in the window
    GET /developments.atom?since=30d   the same as an Atom feed (id from `[api] base_url`)
    GET /facts                         the known state
    GET /metrics                       Prometheus text format

With `[api] token_env` set, every path but /healthz needs `Authorization: Bearer TOKEN`.
A bad parameter is a 400 with a JSON error. Each request reads through its own
connection, so the API never blocks on the poller beyond SQLite's own locking.
`workers` threads serve the connections; the others wait in the listen backlog, and a
connection silent for `idle_timeout` seconds is closed. A client hanging up early is one
debug line.

The answers of the reading paths (digest, developments, search, review, facts) are kept
while the store's content stays the same (`Store.generation`: nothing is written between
polls) and for at most `CACHE_SECONDS` (a window such as `since=7d` moves with the
clock); clients asking for an answer being made wait for it rather than make it again.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import socket
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from . import digest
from .alerts.render import atom_feed
from .config import Config, gazetteer, secret
from .errors import ErrorKind
from .state import State
from .store import SEARCH_TIME_LIMIT, SearchError, SearchTimeout, Store

log = logging.getLogger(__name__)

WORKERS = 16
IDLE_TIMEOUT = 10.0  # seconds a connection may stay silent, per read
CACHE_SECONDS = 30.0  # an answer is made again after this, even on an unchanged store
CACHE_BYTES = 32 * 1024 * 1024  # answers kept, at most
CACHED = {"/digest", "/developments", "/developments.atom", "/search", "/review", "/facts"}

CONTENT_TYPES = {"json": "application/json", "html": "text/html; charset=utf-8",
                 "markdown": "text/markdown; charset=utf-8", "text": "text/plain; charset=utf-8"}


def facts_json(store: Store) -> list[dict]:
    return [{"kind": k.kind, **k.fact.to_json(), "evidence": k.fact.evidence,
             "sources": k.sources, "first_seen": k.first_seen, "last_seen": k.last_seen}
            for k in State(store).known()]


def developments_atom(rows: list[dict], config: Config) -> str:
    """The Atom feed of developments; its id and self link from `[api] base_url`, else the
    listen address: never from a request's Host header, which the client writes."""
    return atom_feed(rows, f"{config.api.public_url}/developments.atom")


def metrics(store: Store) -> str:
    """Counters from the store, so they survive restarts."""
    q = store.db.execute
    runs, failures = q("SELECT count(*), coalesce(sum(feeds_failed), 0) FROM poll_runs").fetchone()
    last = q("SELECT started_at, finished_at FROM poll_runs WHERE finished_at IS NOT NULL "
             "ORDER BY id DESC LIMIT 1").fetchone()
    duration = 0.0
    if last:
        duration = (datetime.fromisoformat(last[1]) - datetime.fromisoformat(last[0])
                    ).total_seconds()
    alerts = dict(q("SELECT status, count(*) FROM outbox GROUP BY status").fetchall())
    failing = q("SELECT count(*) FROM feeds WHERE consecutive_failures > 0").fetchone()[0]
    lines = [
        ("watcher_polls_total", "counter", "Poll cycles run.", runs),
        ("watcher_feed_failures_total", "counter", "Failed feed fetches.", failures),
        ("watcher_feeds_failing", "gauge", "Feeds whose last poll failed.", failing),
        ("watcher_articles_total", "counter", "Articles stored.", store.count("articles")),
        ("watcher_developments_total", "counter", "Developments recorded.",
         store.count("developments")),
        ("watcher_alerts_sent_total", "counter", "Alerts delivered.", alerts.get("sent", 0)),
        ("watcher_alerts_failed_total", "counter", "Alerts given up.", alerts.get("failed", 0)),
        ("watcher_alerts_pending", "gauge", "Alerts waiting for delivery.",
         alerts.get("pending", 0) + alerts.get("sending", 0)),
        ("watcher_poll_duration_seconds", "gauge", "Duration of the last poll cycle.",
         round(duration, 3)),
    ]
    out = []
    for name, kind, help_text, value in lines:
        out += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", f"{name} {value}"]
    by_kind = dict(q("SELECT coalesce(error_kind, 'internal'), count(*) FROM feeds "
                     "WHERE consecutive_failures > 0 GROUP BY 1").fetchall())
    name = "watcher_feeds_failing_by_kind"
    out += [f"# HELP {name} Feeds whose last poll failed, by kind of failure.",
            f"# TYPE {name} gauge"]
    out += [f'{name}{{kind="{k}"}} {by_kind.get(str(k), 0)}' for k in ErrorKind]
    return "\n".join(out) + "\n"


class AnswerCache:
    """Answers by (path, parameters), each valid for one store generation and `ttl`
    seconds; the least recently used go first beyond `max_bytes`. One maker per key: the
    other clients asking for it meanwhile wait for its answer."""

    def __init__(self, ttl: float = CACHE_SECONDS, max_bytes: int = CACHE_BYTES):
        self.ttl = ttl
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple, tuple[tuple, float, tuple]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.making: dict[tuple, threading.Lock] = {}

    def _fresh(self, key: tuple, generation: tuple) -> tuple | None:
        with self.lock:
            found = self.entries.get(key)
            if found and found[0] == generation and found[1] > time.monotonic():
                self.entries.move_to_end(key)
                return found[2]
            return None

    def get(self, key: tuple, generation: tuple, make: Callable[[], tuple]) -> tuple:
        if (answer := self._fresh(key, generation)) is not None:
            return answer
        with self.lock:
            maker = self.making.setdefault(key, threading.Lock())
        try:
            with maker:
                if (answer := self._fresh(key, generation)) is not None:
                    return answer  # made by another client while this one waited
                answer = make()
                self._put(key, generation, answer)
                return answer
        finally:
            with self.lock:
                self.making.pop(key, None)

    def _put(self, key: tuple, generation: tuple, answer: tuple) -> None:
        size = len(answer[-1])
        with self.lock:
            if (old := self.entries.pop(key, None)) is not None:
                self.size -= len(old[2][-1])
            if size > self.max_bytes:
                return
            self.entries[key] = (generation, time.monotonic() + self.ttl, answer)
            self.size += size
            while self.size > self.max_bytes:
                _, (_, _, dropped) = self.entries.popitem(last=False)
                self.size -= len(dropped[-1])


class ApiUnsafe(Exception):
    """The API would serve without the protection its configuration asks for."""


class _Server(HTTPServer):
    """Takes a connection in hand only when one of `workers` threads is free to serve it:
    the rest wait in the listen backlog, not in a thread each."""

    request_queue_size = 512  # listen backlog: hundreds of clients at once wait, not fail

    def __init__(self, address, handler, workers: int):
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="api")
        self.free = threading.Semaphore(workers)
        self.stopping = threading.Event()
        self.open: set[socket.socket] = set()
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        while not self.free.acquire(timeout=0.1):
            if self.stopping.is_set():
                self.shutdown_request(request)
                return
        self.open.add(request)
        self.pool.submit(self._serve, request, client_address)

    def _serve(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.open.discard(request)
            self.shutdown_request(request)
            self.free.release()

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            log.debug("api: %s hung up: %s", client_address[0], exc)
        else:
            log.error("api: request from %s failed", client_address[0], exc_info=exc)

    def stop(self, serving: bool) -> None:
        """Stop accepting, hang up on the connections in hand, wait for their workers."""
        self.stopping.set()
        if serving:
            self.shutdown()  # waits for serve_forever to return: only when it runs
        self.server_close()
        for request in self.open.copy():
            with contextlib.suppress(OSError):
                request.shutdown(socket.SHUT_RDWR)
        self.pool.shutdown(wait=True)


class ApiServer:
    """Serves the API in a background thread until `stop()`.

    With `[api] token_env`, the variable it names must hold a token: named but unset or
    blank, the server refuses to start (raises ApiUnsafe) rather than serve unprotected."""

    def __init__(self, config: Config, health: Callable[[Store], tuple[bool, dict]], *,
                 workers: int = WORKERS, idle_timeout: float = IDLE_TIMEOUT,
                 search_time_limit: float = SEARCH_TIME_LIMIT):
        self.config = config
        self.health = health
        self.search_time_limit = search_time_limit
        self.cache = AnswerCache()
        if config.api.token_env and not secret(config.api.token_env):
            raise ApiUnsafe(f"{config.source}: api.token_env names {config.api.token_env}, "
                            f"which is unset or blank: refusing to serve the API without "
                            f"its token")
        host, _, port = config.api.listen.rpartition(":")
        api = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "watcher"
            timeout = idle_timeout  # a socket timeout on every read of the connection

            def log_message(self, fmt: str, *args) -> None:
                log.debug("api: " + fmt, *args)

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                api.handle(self)

            def do_HEAD(self) -> None:  # noqa: N802 (http.server's naming)
                api.handle(self, head=True)

        self.httpd = _Server((host.strip("[]"), int(port)), Handler, workers)
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="api",
                                       daemon=True)

    @property
    def address(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> None:
        self.thread.start()
        log.info("API listening on http://%s", self.address)

    def stop(self) -> None:
        self.httpd.stop(serving=self.thread.is_alive())

    def _authorised(self, req: BaseHTTPRequestHandler) -> bool:
        if not self.config.api.token_env:
            return True
        token = secret(self.config.api.token_env)
        if not token:
            return False  # the variable went away while running: fail closed
        scheme, _, given = req.headers.get("Authorization", "").strip().partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                                  token.encode())

    def handle(self, req: BaseHTTPRequestHandler, head: bool = False) -> None:
        req.head_only = head
        url = urlsplit(req.path)
        if url.path != "/healthz" and not self._authorised(req):
            self._send(req, 401, "application/json", {"error": "missing or wrong bearer token"},
                       {"WWW-Authenticate": "Bearer"})
            return
        try:
            params = {k: v[-1] for k, v in parse_qs(url.query, errors="strict").items()}
        except UnicodeDecodeError as exc:
            self._send(req, 400, "application/json", {
                "error": f"the query string is not valid UTF-8: "
                         f"%{exc.object[exc.start]:02X} in {quote(exc.object)!r}"})
            return
        store = Store(self.config.watcher.db)
        try:
            if url.path in CACHED:
                key = (url.path, tuple(sorted(params.items())), id(gazetteer(self.config)))
                status, ctype, data = self.cache.get(
                    key, store.generation(), lambda: self._answer(url.path, params, store))
                self._send(req, status, ctype, data)
            else:
                self._route(req, url.path, params, store)
        except digest.DigestError as exc:
            self._send(req, 400, "application/json", {"error": str(exc)})
        except SearchTimeout as exc:
            self._send(req, 503, "application/json", {"error": f"q: {exc}"})
        except SearchError as exc:
            self._send(req, 400, "application/json", {"error": f"q: {exc}"})
        except (ConnectionError, TimeoutError):
            raise  # the client hung up: nothing to answer, the server notes it
        except Exception as exc:  # one bad request must not take the API down
            log.exception("api: %s failed", url.path)
            self._send(req, 500, "application/json", {"error": type(exc).__name__})
        finally:
            store.close()

    def _route(self, req, path: str, params: dict, store: Store) -> None:
        if path == "/healthz":
            ok, body = self.health(store)
            self._send(req, 200 if ok else 503, "application/json", body)
        elif path == "/metrics":
            self._send(req, 200, "text/plain; version=0.0.4", metrics(store))
        else:
            self._send(req, 404, "application/json", {"error": f"no such path: {path}"})

    def _answer(self, path: str, params: dict, store: Store) -> tuple[int, str, bytes]:
        """The answer of a reading path (one of CACHED), encoded."""
        if path == "/digest":
            fmt = params.get("format", "json")
            if fmt not in CONTENT_TYPES:
                raise digest.DigestError(f"format: {fmt!r} is not one of json, html, "
                                         f"markdown, text")
            d = digest.build(store, digest.parse_since(params.get("since", "7d")),
                             gazetteer=gazetteer(self.config))
            return 200, CONTENT_TYPES[fmt], _encode(digest.render(d, fmt))
        if path == "/developments":
            since = digest.parse_since(params.get("since", "7d"))
            rows = store.developments(since=since.isoformat(timespec="seconds"))
            return 200, "application/json", _encode(
                [{**r["data"], "recorded": r["created_at"], "sources": r["sources"]}
                 for r in rows])
        if path == "/developments.atom":
            since = digest.parse_since(params.get("since", "30d"))
            rows = store.developments(since=since.isoformat(timespec="seconds"))
            return 200, "application/atom+xml; charset=utf-8", _encode(
                developments_atom(rows, self.config))
        if path == "/search":
            return 200, "application/json", _encode(self._search(params, store))
        if path == "/review":
            since = digest.parse_since(params.get("since", "7d"))
            return 200, "application/json", _encode(
                [digest.review_json(r)
                 for r in store.possible(since=since.isoformat(timespec="seconds"))])
        return 200, "application/json", _encode(facts_json(store))  # /facts

    def _search(self, params: dict, store: Store) -> list[dict]:
        query = params.get("q", "")
        if not query.strip():
            raise digest.DigestError("q: give the words to search for")
        since = params.get("since")
        try:
            limit = max(1, min(int(params.get("limit", "20")), 500))
        except ValueError:
            raise digest.DigestError("limit: not a number") from None
        rows = store.search(query, since=digest.parse_since(since).isoformat(
            timespec="seconds") if since else None, limit=limit,
            time_limit=self.search_time_limit)
        return [{k: r[k] for k in ("url", "title", "outlet", "published", "snippet")}
                for r in rows]

    @staticmethod
    def _send(req, status: int, ctype: str, body, headers: dict | None = None) -> None:
        data = body if isinstance(body, bytes) else _encode(body)
        req.send_response(status)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            req.send_header(k, v)
        req.end_headers()
        if getattr(req, "head_only", False):
            return
        req.wfile.write(data)


def _encode(body) -> bytes:
    """An answer as sent: text as UTF-8, anything else as indented JSON."""
    if not isinstance(body, str):
        body = json.dumps(body, ensure_ascii=False, indent=1)
    return body.encode()
