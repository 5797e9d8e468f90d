"""One bad value from outside never stops the other feeds (every server on 127.0.0.1).

Each repro is a hostile publisher's or network's document or header that once ended the
whole poll cycle with an exception; now it is that feed's one-line error (or a skipped
entry), and the good feed polled in the same cycle is stored.
"""

from __future__ import annotations

import asyncio
import gzip
import time
from datetime import UTC, datetime

import pytest
from conftest import REPO, rss
from test_poll import ARMENIA, articles, poll

from watcher.dedup import canonical_url
from watcher.extract import extract
from watcher.extract.text import MAX_SENTENCE, MAX_SENTENCES, sentences
from watcher.feeds import parse, to_utf8
from watcher.fetch import cache_ttl, parse_retry_after
from watcher.store import Store

PEER = REPO.parent / "shared" / "peer" / "feedparser-tests"
GOOD = {"title": "Armenia, Azerbaijan ministers to meet", "link": "https://good.example/1",
        "description": "The foreign ministers of Armenia and Azerbaijan will meet in Geneva."}


def two_feeds(server, make_config, path: str, **route):
    """A hostile feed and a good one, polled in one cycle."""
    bad = server.serve(path, **route)
    good = server.serve("/good.xml", rss([GOOD]))
    return make_config([{"name": "Hostile", "url": bad}, {"name": "Good", "url": good}])


def test_a_utf16_document_is_decoded(server, make_config):
    body = rss([ARMENIA]).replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    config = two_feeds(server, make_config, "/u16.xml", body=body)
    summary, feeds = poll(config)
    assert summary.feeds_failed == 0 and summary.articles_new == 2
    assert {a["title"] for a in articles(config)} == {ARMENIA["title"], GOOD["title"]}


@pytest.mark.skipif(not PEER.exists(), reason="the peer corpus is not beside the repository")
@pytest.mark.parametrize("name", ["u16.xml", "utf-16le-bom.xml", "utf-32be-autodetect.xml"])
def test_feedparsers_own_multibyte_documents_parse(name):
    parsed = parse((PEER / "encoding" / name).read_bytes())  # must not raise
    assert parsed.entries is not None


def test_utf8_with_a_mark_and_plain_utf8():
    plain = rss([ARMENIA]).encode()
    assert to_utf8(plain) is plain
    assert to_utf8(b"\xef\xbb\xbf" + plain) == plain


@pytest.mark.parametrize("header", ["Cache-Control", "Retry-After"])
def test_a_unicode_digit_in_a_header_is_no_number(server, make_config, header):
    status = 503 if header == "Retry-After" else 200
    value = "max-age=\u00b2" if header == "Cache-Control" else "\u00b2"
    config = two_feeds(server, make_config, "/sup.xml", body=rss([ARMENIA]), status=status,
                       headers={header: value})
    summary, _ = poll(config)
    assert summary.articles_new == (2 if status == 200 else 1)
    assert cache_ttl({"cache-control": "max-age=\u00b2"}) is None
    assert parse_retry_after("\u00b2") is None


def test_a_redirect_to_a_port_out_of_range_is_this_feeds_error(server, make_config):
    config = two_feeds(server, make_config, "/jump.xml", status=302,
                       headers={"Location": "http://127.0.0.1:99999/x"})
    summary, feeds = poll(config)
    hostile = next(f for f in feeds if f.name == "Hostile")
    assert hostile.consecutive_failures == 1 and "not a usable URL" in hostile.last_error
    assert summary.articles_new == 1  # the good feed


def test_an_entry_with_a_broken_link_is_skipped_and_the_rest_stored(server, make_config):
    broken = {**ARMENIA, "link": "http://[oops/x", "guid": "urn:x:1"}
    other = {**ARMENIA, "title": "Aliyev and Pashinyan to meet", "link": "https://ok.example/2"}
    config = two_feeds(server, make_config, "/links.xml", body=rss([broken, other]))
    summary, feeds = poll(config)
    assert summary.feeds_failed == 0
    assert {a["url"] for a in articles(config)} == {"https://ok.example/2",
                                                    "https://good.example/1"}
    hostile = next(f for f in feeds if f.name == "Hostile")
    assert "1 entry skipped" in (hostile.last_error or "")
    assert canonical_url("http://[oops/x") == "http://[oops/x"


@pytest.mark.parametrize("year", [9999, 1])
def test_an_absurd_date_is_replaced_by_the_fetch_time(server, make_config, year):
    item = {**ARMENIA, "pub": datetime(year, 1, 1, tzinfo=UTC)}
    config = two_feeds(server, make_config, "/years.xml", body=rss([item]))
    before = datetime.now(UTC)
    summary, _ = poll(config)
    assert summary.feeds_failed == 0 and summary.articles_new == 2
    stored = next(a for a in articles(config) if a["url"] == ARMENIA["link"])
    store = Store(config.watcher.db)
    published = store.db.execute("SELECT published FROM articles WHERE url = ?",
                                 [stored["url"]]).fetchone()[0]
    store.close()
    assert published[:10] >= before.date().isoformat()


def test_any_unexpected_fault_is_the_feeds_recorded_error(server, make_config, monkeypatch):
    config = two_feeds(server, make_config, "/odd.xml", body=rss([ARMENIA]))
    from watcher import reading  # where the poller's documents are parsed

    real = reading.parse

    def picky(body, **kw):
        if b"news.example.org" in body:
            raise KeyError("something nobody foresaw")
        return real(body, **kw)

    monkeypatch.setattr(reading, "parse", picky)
    summary, feeds = poll(config)
    hostile = next(f for f in feeds if f.name == "Hostile")
    assert hostile.consecutive_failures == 1 and hostile.next_poll_at
    assert hostile.last_error.startswith("internal error: KeyError")
    assert summary.articles_new == 1 and summary.feeds_failed == 1


def test_a_huge_article_without_sentence_breaks_is_read_in_bounded_work():
    blob = ("Aliyev and Pashinyan will meet in Geneva on Friday " * 80_000)  # ~4 MB, no stop
    lines = sentences("", blob)
    assert len(lines) <= MAX_SENTENCES and all(len(s) <= MAX_SENTENCE for s in lines)
    start = time.perf_counter()
    extract("", blob, datetime(2024, 3, 6, tzinfo=UTC))
    elapsed = time.perf_counter() - start
    assert elapsed < 60  # a hang, not a speed target (bench/hostile.py measures)


def test_a_trickling_server_is_cut_off_by_the_total_deadline(server, make_config):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        for _ in range(30):
            try:
                handler.wfile.write(b" ")
                handler.wfile.flush()
            except OSError:
                return
            time.sleep(0.2)

    slow = server.serve("/slow.xml", handler=trickle)
    good = server.serve("/good.xml", rss([GOOD]))
    config = make_config([{"name": "Slow", "url": slow}, {"name": "Good", "url": good}],
                         fetch={"connect_timeout": 2, "read_timeout": 2, "total_timeout": 1.5})
    summary, feeds = poll(config)
    slow_row = next(f for f in feeds if f.name == "Slow")
    assert "total timeout" in slow_row.last_error
    assert summary.articles_new == 1


def test_a_gzip_bomb_is_inflated_only_up_to_the_limit(server, make_config):
    bomb = gzip.compress(b"<" * 200_000_000)
    url = server.serve("/bomb.xml", body=bomb, headers={"Content-Encoding": "gzip"})
    config = make_config([{"name": "Bomb", "url": url}], fetch={"max_body_bytes": 1_000_000})
    summary, feeds = poll(config)
    assert "exceeds the limit of 1,000,000 bytes" in feeds[0].last_error


def test_feed_redirects_to_a_private_address_are_refused(server, make_config):
    inner = server.serve("/inner.xml", rss([ARMENIA]))
    url = server.serve("/out.xml", status=302, headers={"Location": inner})
    config = make_config([{"name": "Jump", "url": url}])
    summary, feeds = poll(config)
    assert feeds[0].last_error.startswith("refused: 127.0.0.1 resolves to non-public")
    allowed = make_config([{"name": "Jump", "url": url}],
                          fetch={"allow_private_addresses": True})
    assert poll(allowed)[0].articles_new == 1


@pytest.mark.parametrize("ip", ["100.64.0.1", "198.18.0.1", "240.0.0.1", "192.0.2.1",
                                "::ffff:10.0.0.1", "fc00::1"])
def test_every_non_global_range_is_blocked(ip):
    from watcher.fetch import _blocked
    assert _blocked(ip)
    assert not _blocked("93.184.216.34")


def test_the_connection_goes_to_the_address_that_was_checked():
    from watcher.fetch import pinned
    url, headers, ext = pinned("https://news.example.org:8443/feed?x=1", "93.184.216.34")
    assert url == "https://93.184.216.34:8443/feed?x=1"
    assert headers == {"Host": "news.example.org:8443"} and ext == {"sni_hostname":
                                                                     "news.example.org"}
    url, _, ext = pinned("http://news.example.org/a", "2606:2800:220:1::1")
    assert url == "http://[2606:2800:220:1::1]/a" and ext == {}


def test_a_dns_answer_that_changes_between_check_and_connect_cannot_win(monkeypatch):
    """Rebinding: the name is checked once and the connection made to that answer."""
    import socket

    from watcher import fetch as fetch_module

    answers = iter([[(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 0))],
                    [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 0))]])

    async def fake_getaddrinfo(self, host, port, **kw):
        return next(answers)

    monkeypatch.setattr(asyncio.AbstractEventLoop, "getaddrinfo", fake_getaddrinfo,
                        raising=False)
    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", fake_getaddrinfo)
    ip = asyncio.run(fetch_module.resolve_public("http://rebind.example/x"))
    assert ip == "93.184.216.34"  # and pinned() connects there, whatever DNS says next
