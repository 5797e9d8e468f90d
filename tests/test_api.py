"""The HTTP API against hostile clients and careless operators (a real server on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import socket
import struct
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import HOSTILE_ITEM, REPO, assert_clean, free_port, rss

from watcher.api import ApiServer, ApiUnsafe
from watcher.config import from_dict


def config(tmp_path, **api):
    return from_dict({"watcher": {"db": str(tmp_path / "w.db"),
                                  "baseline": str(REPO / "store" / "baseline")},
                      "api": {"listen": f"127.0.0.1:{free_port()}", **api}}, source="t.toml")


@pytest.fixture
def api(tmp_path):
    server = ApiServer(config(tmp_path), lambda store: (True, {"status": "ok"}))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lachin_api(tmp_path):
    """An API on a store of 200 articles about the Lachin corridor, with a search time
    limit of 0 s."""
    from test_store import add_lachin_articles

    from watcher.store import Store

    store = Store(tmp_path / "w.db")
    add_lachin_articles(store, 200)
    store.close()
    server = ApiServer(config(tmp_path), lambda store: (True, {}), search_time_limit=0)
    server.start()
    yield server
    server.stop()


def request(server, method: str, path: str, headers: dict | None = None):
    host, port = server.address.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=20)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read(), dict(resp.getheaders())
    finally:
        conn.close()


def test_head_on_healthz_answers_headers_only(api):
    status, body, headers = request(api, "HEAD", "/healthz")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_a_window_reaching_before_year_one_is_a_400(api):
    status, body, _ = request(api, "GET", "/developments?since=999999d")
    assert status == 400 and "before the year 1" in json.loads(body)["error"]


def test_two_hundred_clients_at_once_are_all_served(api):
    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(lambda _: request(api, "GET", "/healthz")[0], range(200)))
    assert statuses == [200] * 200


def test_a_token_variable_named_but_unset_refuses_to_start(tmp_path, monkeypatch):
    monkeypatch.delenv("WATCHER_TEST_TOKEN", raising=False)
    with pytest.raises(ApiUnsafe, match="WATCHER_TEST_TOKEN, which is unset or blank"):
        ApiServer(config(tmp_path, token_env="WATCHER_TEST_TOKEN"), lambda s: (True, {}))
    monkeypatch.setenv("WATCHER_TEST_TOKEN", "   ")
    with pytest.raises(ApiUnsafe):
        ApiServer(config(tmp_path, token_env="WATCHER_TEST_TOKEN"), lambda s: (True, {}))


def test_a_token_gone_while_running_closes_the_api(tmp_path, monkeypatch):
    monkeypatch.setenv("WATCHER_TEST_TOKEN", "s3cret")
    server = ApiServer(config(tmp_path, token_env="WATCHER_TEST_TOKEN"), lambda s: (True, {}))
    server.start()
    try:
        auth = {"Authorization": "Bearer s3cret"}
        assert request(server, "GET", "/facts", auth)[0] == 200
        monkeypatch.delenv("WATCHER_TEST_TOKEN")
        assert request(server, "GET", "/facts", auth)[0] == 401
    finally:
        server.stop()


def test_watcher_run_with_an_unset_token_variable_is_one_line_and_exit_2(tmp_path):
    cfg = tmp_path / "w.toml"
    cfg.write_text(f'[watcher]\ndb = "w.db"\nbaseline = "{REPO / "store" / "baseline"}"\n'
                   f'[api]\nlisten = "127.0.0.1:{free_port()}"\ntoken_env = "WATCHER_NO_SUCH"\n')
    proc = subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), "run"],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].startswith("watcher: ")
    assert "WATCHER_NO_SUCH, which is unset or blank" in proc.stderr


def _store_with_developments(tmp_path):
    from datetime import UTC, datetime

    from watcher.facts import RouteFact, When
    from watcher.state import State
    from watcher.store import Store

    store = Store(tmp_path / "w.db")
    state = State(store)
    fact = RouteFact("Lachin corridor", "reopened", When.day(datetime(2024, 1, 2).date()),
                     "Azerbaijan reopened the Lachin corridor <b>today</b> & more.")
    with store.tx():
        state.apply([fact], article_id=None, url="https://wire.example/1", outlet="Wire",
                    published=datetime.now(UTC), title="Reopened")
    store.close()


def test_developments_atom_parses_back_with_stable_ids_and_the_token_rule(tmp_path,
                                                                          monkeypatch):
    import feedparser

    _store_with_developments(tmp_path)
    monkeypatch.setenv("WATCHER_TEST_TOKEN", "s3cret")
    server = ApiServer(config(tmp_path, token_env="WATCHER_TEST_TOKEN"), lambda s: (True, {}))
    server.start()
    try:
        assert request(server, "GET", "/developments.atom")[0] == 401
        status, body, headers = request(server, "GET", "/developments.atom",
                                        {"Authorization": "Bearer s3cret"})
        again = request(server, "GET", "/developments.atom",
                        {"Authorization": "Bearer s3cret"})[1]
    finally:
        server.stop()
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(body)
    assert not feed.bozo and feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title == "Route: Lachin corridor reopened since 2 January 2024"
    assert entry.id.startswith("urn:watcher:development:")
    assert entry.id == feedparser.parse(again).entries[0].id  # stable
    assert entry.link == "https://wire.example/1" and entry.updated_parsed
    html = entry.content[0].value
    assert "https://wire.example/1" in html and "first report" in html
    assert "&lt;b&gt;today&lt;/b&gt;" in html  # the evidence escaped, no markup injected


def cli_atom(tmp_path, extra: str = "") -> str:
    """`watcher developments --format atom` on the store in tmp_path."""
    cfg = tmp_path / "w.toml"
    cfg.write_text(f'[watcher]\ndb = "{tmp_path / "w.db"}"\n{extra}')
    proc = subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg),
                           "developments", "--format", "atom"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_watcher_developments_format_atom(tmp_path):
    import feedparser

    _store_with_developments(tmp_path)
    feed = feedparser.parse(cli_atom(tmp_path))
    assert not feed.bozo and len(feed.entries) == 1


ATOM = "{http://www.w3.org/2005/Atom}"


def _poll_hostile_item(tmp_path, server) -> None:
    """One real poll of a feed whose item holds &#1;..&#31; and escape sequences."""
    from watcher.baseline import ensure_baseline
    from watcher.poll import Poller
    from watcher.store import Store

    url = server.serve("/hostile.xml", rss([HOSTILE_ITEM]))
    cfg = from_dict({"watcher": {"db": str(tmp_path / "w.db"),
                                 "baseline": str(REPO / "store" / "baseline")},
                     "feeds": [{"name": "Wire", "url": url}],
                     "alerts": {"max_age": "36500d"}}, source="t.toml")
    store = Store(cfg.watcher.db)
    try:
        poller = Poller(cfg, store)
        ensure_baseline(poller.pipeline, cfg.watcher.baseline)
        assert len(asyncio.run(poller.cycle(force=True)).developments) == 1
    finally:
        store.close()


def _strict_clean_atom(body: str) -> ET.Element:
    """The Atom parsed by a strict XML parser; no control character nor escape sequence
    in it, the article's words kept."""
    root = ET.fromstring(body.encode())  # raises on anything XML 1.0 forbids
    assert_clean(body)
    [entry] = [e for e in root.iter(f"{ATOM}entry") if "Lachin" in e.findtext(f"{ATOM}title")]
    assert "RED" in entry.findtext(f"{ATOM}content")
    return root


def test_atom_of_an_item_with_control_characters_is_well_formed_and_clean(tmp_path, server):
    _poll_hostile_item(tmp_path, server)
    api = ApiServer(config(tmp_path), lambda s: (True, {}))
    api.start()
    try:
        status, body, _ = request(api, "GET", "/developments.atom?since=36500d")
    finally:
        api.stop()
    assert status == 200
    _strict_clean_atom(body.decode())
    _strict_clean_atom(cli_atom(tmp_path))


def _raw_get(server, path: str, host: bytes) -> bytes:
    """A GET with a Host header http.client would not write."""
    addr, port = server.address.rsplit(":", 1)
    with socket.create_connection((addr, int(port)), timeout=20) as sock:
        sock.sendall(b"GET " + path.encode() + b" HTTP/1.0\r\nHost: " + host + b"\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200"), head
    return body


@pytest.mark.parametrize("base_url", ["https://watch.example/aa/", None])
def test_atom_id_and_self_link_never_come_from_the_host_header(tmp_path, base_url):
    _store_with_developments(tmp_path)
    cfg = config(tmp_path, **({"base_url": base_url} if base_url else {}))
    expected = ("https://watch.example/aa/developments.atom" if base_url
                else f"http://{cfg.api.listen}/developments.atom")
    api = ApiServer(cfg, lambda s: (True, {}))
    api.start()
    try:
        body = _raw_get(api, "/developments.atom", b"evil\x01.example")
    finally:
        api.stop()
    root = ET.fromstring(body)
    assert b"evil" not in body
    assert root.findtext(f"{ATOM}id") == expected
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == expected


def test_the_cli_atom_has_the_same_id_as_the_api(tmp_path):
    _store_with_developments(tmp_path)
    root = ET.fromstring(cli_atom(tmp_path, '[api]\nbase_url = "https://watch.example"\n'))
    assert root.findtext(f"{ATOM}id") == "https://watch.example/developments.atom"


@pytest.mark.parametrize(("query", "error"), [
    ("+".join(["a*"] * 32), "q: 32 prefix terms (word*); at most 4"),
    ("lachin+" * 100, "q: the query is 700 characters long; at most 500"),
    ("lachin%00", "q: a NUL character at character 7"),
    ("lachin%FF", "the query string is not valid UTF-8"),
])
def test_a_search_beyond_its_budget_or_not_text_is_a_400_with_a_json_error(api, query,
                                                                          error):
    status, body, headers = request(api, "GET", f"/search?q={query}")
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert error in json.loads(body)["error"]


def test_a_search_past_its_time_limit_is_a_503_with_a_json_error(lachin_api):
    status, body, _ = request(lachin_api, "GET", "/search?q=lachin")
    assert status == 503 and "stopped after 0 s" in json.loads(body)["error"]
    assert request(lachin_api, "GET", "/facts")[0] == 200


def test_clients_hanging_up_early_leave_nothing_on_stderr(tmp_path, capfd, caplog):
    server = ApiServer(config(tmp_path), lambda s: (True, {}))
    server.start()
    host, port = server.address.rsplit(":", 1)
    try:
        for i in range(40):
            with socket.create_connection((host, int(port)), timeout=20) as sock:
                sock.sendall(b"GET /metrics HTTP/1.0\r\n\r\n")
                if i % 2:  # half of them hang up with a reset, half with a plain close
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    struct.pack("ii", 1, 0))
        assert request(server, "GET", "/healthz")[0] == 200  # and the API still answers
    finally:
        server.stop()  # returns when no request is in flight
    assert capfd.readouterr().err == ""
    assert [r.getMessage() for r in caplog.records if r.levelno > logging.DEBUG] == []


def test_an_idle_connection_is_closed_after_the_timeout(tmp_path):
    server = ApiServer(config(tmp_path), lambda s: (True, {}), idle_timeout=0.2)
    server.start()
    host, port = server.address.rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=20) as sock:
            assert sock.recv(1024) == b""  # the server hung up; the client never spoke
        assert request(server, "GET", "/healthz")[0] == 200
    finally:
        server.stop()


def test_the_bearer_scheme_is_case_insensitive(tmp_path, monkeypatch):
    monkeypatch.setenv("WATCHER_TEST_TOKEN", "s3cret")
    server = ApiServer(config(tmp_path, token_env="WATCHER_TEST_TOKEN"), lambda s: (True, {}))
    server.start()
    try:
        for given, status in [("bearer s3cret", 200), ("BEARER  s3cret", 200),
                              ("Basic s3cret", 401), ("bearer S3CRET", 401), ("bearer", 401),
                              ("s3cret", 401)]:
            assert request(server, "GET", "/facts", {"Authorization": given})[0] == status
    finally:
        server.stop()


def test_idle_connections_beyond_the_workers_do_not_take_a_thread_each(tmp_path):
    server = ApiServer(config(tmp_path), lambda s: (True, {}), workers=2, idle_timeout=0.2)
    server.start()
    host, port = server.address.rsplit(":", 1)
    before = threading.active_count()
    idle = [socket.create_connection((host, int(port)), timeout=20) for _ in range(8)]
    try:
        # Accepted after the eight idle ones: by then each of them was taken in hand.
        assert request(server, "GET", "/healthz")[0] == 200
        assert threading.active_count() - before <= 2
    finally:
        for sock in idle:
            sock.close()
        server.stop()


def counted_digests(monkeypatch, delay: float = 0.0) -> list[int]:
    """Count the digests the API makes (each after `delay` seconds)."""
    import time

    from watcher import digest

    made: list[int] = []
    real = digest.build

    def build(*args, **kw):
        made.append(1)
        time.sleep(delay)
        return real(*args, **kw)

    monkeypatch.setattr(digest, "build", build)
    return made


def test_a_digest_is_made_once_while_the_store_is_unchanged(api, monkeypatch):
    from watcher.store import Store

    made = counted_digests(monkeypatch)
    first = request(api, "GET", "/digest?since=7d")
    again = request(api, "GET", "/digest?since=7d")
    assert first[0] == again[0] == 200 and first[1] == again[1] and len(made) == 1
    assert request(api, "GET", "/digest?since=7d&format=text")[0] == 200
    assert len(made) == 2  # another answer
    store = Store(api.config.watcher.db)
    with store.tx():  # a poll stores a development: the digest is made anew
        store.add_development("k1", "route_status", {
            "type": "route_status", "published": "2026-12-01T00:00:00+00:00",
            "article_url": "https://w.example/1", "evidence": "Azerbaijan closed it.",
            "route": {"name": "Lachin corridor", "status": "closed", "since": None},
            "previous": None}, None, "2026-12-01T00:00:00+00:00", [])
    store.close()
    status, body, _ = request(api, "GET", "/digest?since=7d")
    assert status == 200 and len(made) == 3 and b"Lachin corridor" in body


def test_clients_asking_for_one_answer_at_once_wait_for_one_making(api, monkeypatch):
    made = counted_digests(monkeypatch, delay=0.3)
    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(lambda _: request(api, "GET", "/digest?since=30d"), range(10)))
    assert {a[0] for a in answers} == {200} and len({a[1] for a in answers}) == 1
    assert len(made) == 1
