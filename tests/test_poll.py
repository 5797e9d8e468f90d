"""Polling real feeds served on 127.0.0.1: what is stored, skipped, recorded and retried."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import DATA, rss

from watcher.poll import Poller
from watcher.store import Store

ARMENIA = {
    "title": "Armenia and Azerbaijan agree on border commission meeting",
    "link": "https://news.example.org/a/1",
    "description": "Yerevan and Baku said their deputy prime ministers would meet again.",
}
FOOTBALL = {
    "title": "Qarabag beat rivals in Champions League qualifier",
    "link": "https://news.example.org/sport/9",
    "description": "The Azerbaijani champions scored twice in the match; the striker and "
                   "the goalkeeper starred as the club reached the league stage.",
}
WEATHER = {
    "title": "Heatwave grips southern Europe",
    "link": "https://news.example.org/w/2",
    "description": "Temperatures above 40C in Spain and Italy.",
}


def poll(config, force: bool = True):
    store = Store(config.watcher.db)
    try:
        return asyncio.run(Poller(config, store).cycle(force=force)), store.feeds()
    finally:
        store.close()


def articles(config) -> list[dict]:
    store = Store(config.watcher.db)
    try:
        return list(store.db.query("SELECT url, title, text FROM articles ORDER BY id"))
    finally:
        store.close()


def test_rss_feed_stores_relevant_articles_and_counts_the_rest(server, make_config):
    url = server.serve("/rss.xml", rss([ARMENIA, FOOTBALL, WEATHER]))
    config = make_config([{"name": "Wire", "url": url}])
    summary, feeds = poll(config)
    assert (summary.feeds_ok, summary.articles_new, summary.articles_irrelevant) == (1, 1, 2)
    assert [a["url"] for a in articles(config)] == ["https://news.example.org/a/1"]
    assert feeds[0].last_status == "ok" and feeds[0].consecutive_failures == 0


def test_atom_feed_is_read(server, make_config):
    url = server.serve("/atom.xml", (DATA / "atom.xml").read_bytes(),
                       headers={"Content-Type": "application/atom+xml"})
    config = make_config([{"name": "Atom", "url": url}])
    summary, _ = poll(config)
    assert summary.articles_new == 2
    titles = [a["title"] for a in articles(config)]
    assert "Pashinyan and Aliyev to meet in Granada" in titles


def test_conditional_get_304_costs_no_parsing_and_keeps_articles(server, make_config):
    url = server.serve("/rss.xml", rss([ARMENIA]), etag='"v1"')
    config = make_config([{"name": "Wire", "url": url}])
    poll(config)
    summary, feeds = poll(config)
    assert server.hits("/rss.xml")[-1].get("if-none-match") == '"v1"'
    assert summary.feeds_not_modified == 1 and summary.articles_new == 0
    assert feeds[0].last_status == "not_modified"
    assert len(articles(config)) == 1


def test_unchanged_body_without_validators_is_not_parsed_again(server, make_config):
    url = server.serve("/rss.xml", rss([ARMENIA]))
    config = make_config([{"name": "Wire", "url": url}])
    poll(config)
    summary, _ = poll(config)
    assert summary.feeds_not_modified == 1 and summary.articles_duplicate == 0


def test_same_etag_after_a_change_is_caught_by_the_body_hash(server, make_config):
    url = server.serve("/rss.xml", rss([ARMENIA]), headers={"ETag": '"stuck"'})
    config = make_config([{"name": "Wire", "url": url}])
    poll(config)
    second = dict(ARMENIA, link="https://news.example.org/a/2",
                  title="Lachin corridor closed again, Armenia says")
    server.serve("/rss.xml", rss([ARMENIA, second]), headers={"ETag": '"stuck"'})
    summary, _ = poll(config)
    assert summary.articles_new == 1 and summary.articles_duplicate == 1


def test_server_error_backs_off_records_and_loses_nothing(server, make_config):
    url = server.serve("/rss.xml", rss([ARMENIA]))
    config = make_config([{"name": "Wire", "url": url}])
    poll(config)
    server.serve("/rss.xml", "oops", status=500)
    before = datetime.now(UTC)
    summary, feeds = poll(config)
    feed = feeds[0]
    assert summary.feeds_failed == 1
    assert feed.last_error == "HTTP 500 Internal Server Error" and feed.error_kind == "http_5xx"
    assert feed.consecutive_failures == 1
    assert datetime.fromisoformat(feed.next_poll_at) > before + timedelta(minutes=5)
    assert len(articles(config)) == 1
    # A second failure waits longer; recovery resets the count.
    _, feeds = poll(config)
    assert feeds[0].consecutive_failures == 2
    server.serve("/rss.xml", rss([ARMENIA]))
    _, feeds = poll(config)
    assert feeds[0].consecutive_failures == 0 and feeds[0].last_status in ("ok", "not_modified")


def test_429_retry_after_is_honoured(server, make_config):
    url = server.serve("/rss.xml", "slow down", status=429, headers={"Retry-After": "7200"})
    config = make_config([{"name": "Wire", "url": url}])
    before = datetime.now(UTC)
    _, feeds = poll(config)
    wait = datetime.fromisoformat(feeds[0].next_poll_at) - before
    assert timedelta(hours=2, seconds=-1) <= wait <= timedelta(hours=2, minutes=1)
    assert feeds[0].last_error.startswith("HTTP 429") and feeds[0].error_kind == "http_4xx"


def test_backoff_is_capped(server, make_config):
    url = server.serve("/rss.xml", "down", status=503)
    config = make_config([{"name": "Wire", "url": url}], fetch={"max_backoff": "1h"})
    store = Store(config.watcher.db)
    poller = Poller(config, store)
    store.update_feed(store.feeds()[0].id, consecutive_failures=30)
    before = datetime.now(UTC)
    asyncio.run(poller.cycle(force=True))
    wait = datetime.fromisoformat(store.feeds()[0].next_poll_at) - before
    store.close()
    assert wait <= timedelta(hours=1, seconds=1)


def test_slow_server_times_out_without_holding_up_other_feeds(server, make_config):
    slow = server.serve("/slow.xml", rss([ARMENIA]), delay=3.5)
    fast = server.serve("/fast.xml", rss([dict(ARMENIA, link="https://news.example.org/a/3")]))
    config = make_config([{"name": "Slow", "url": slow}, {"name": "Fast", "url": fast}],
                         fetch={"read_timeout": 1})
    summary, feeds = poll(config)
    by_name = {f.name: f for f in feeds}
    assert summary.feeds_ok == 1 and summary.feeds_failed == 1
    assert "timeout" in by_name["Slow"].last_error and by_name["Slow"].error_kind == "timeout"
    assert by_name["Fast"].last_status == "ok"


def test_refused_connection_is_one_readable_line(make_config):
    config = make_config([{"name": "Nowhere", "url": "http://127.0.0.1:9/feed.xml"}])
    summary, feeds = poll(config)
    assert feeds[0].last_error == "connection refused" and feeds[0].error_kind == "refused"
    assert len(summary.errors) == 1 and "\n" not in summary.errors[0]


def test_truncated_xml_is_used_as_far_as_it_parses(server, make_config):
    whole = rss([ARMENIA, dict(ARMENIA, link="https://news.example.org/a/4",
                               title="Second Armenia story about Baku talks")])
    cut = whole[: whole.index("Second Armenia")]
    url = server.serve("/broken.xml", cut)
    config = make_config([{"name": "Broken", "url": url}])
    summary, feeds = poll(config)
    assert summary.articles_new == 1
    assert feeds[0].last_error.startswith("malformed feed") and feeds[0].error_kind is None


def test_garbage_is_an_error_not_a_crash(server, make_config):
    url = server.serve("/junk.xml", "<html><body>Not a feed</body></html>")
    config = make_config([{"name": "Junk", "url": url}])
    summary, feeds = poll(config)
    assert summary.feeds_failed == 1 and feeds[0].last_error


def test_body_over_the_limit_is_refused(server, make_config):
    big = rss([ARMENIA]) + "<!--" + "x" * 200_000 + "-->"
    url = server.serve("/big.xml", big)
    config = make_config([{"name": "Big", "url": url}], fetch={"max_body_bytes": 50_000})
    summary, feeds = poll(config)
    assert summary.feeds_failed == 1
    assert "exceeds the limit of 50,000 bytes" in feeds[0].last_error
    assert feeds[0].error_kind == "too_large"


def test_gzip_bomb_is_stopped_at_the_limit(server, make_config):
    url = server.serve("/bomb.xml", rss([ARMENIA]) + " " * 5_000_000, gzip=True)
    config = make_config([{"name": "Bomb", "url": url}], fetch={"max_body_bytes": 100_000})
    _, feeds = poll(config)
    assert "exceeds the limit" in feeds[0].last_error


def test_windows_1251_feed_is_decoded(server, make_config):
    body = (DATA / "cp1251.xml").read_bytes()
    url = server.serve("/ru.xml", body, headers={"Content-Type": "application/rss+xml"})
    config = make_config([{"name": "RU", "url": url}])
    summary, _ = poll(config)
    assert summary.articles_new == 1
    assert "Пашинян" in articles(config)[0]["title"]


def test_entity_expansion_is_refused(server, make_config):
    url = server.serve("/laughs.xml", (DATA / "billion_laughs.xml").read_bytes())
    config = make_config([{"name": "Laughs", "url": url}])
    summary, feeds = poll(config)
    assert summary.feeds_failed == 1
    assert "entit" in feeds[0].last_error


def test_same_article_in_two_feeds_with_tracking_parameters_is_stored_once(server, make_config):
    a = server.serve("/a.xml", rss([dict(ARMENIA, link=ARMENIA["link"] + "?utm_source=rss")]))
    b = server.serve("/b.xml", rss([dict(ARMENIA, link=ARMENIA["link"] + "?utm_medium=x#top",
                                         guid="other-guid")]))
    config = make_config([{"name": "A", "url": a}, {"name": "B", "url": b}])
    summary, _ = poll(config)
    assert summary.articles_new == 1 and summary.articles_duplicate == 1
    assert [x["url"] for x in articles(config)] == ["https://news.example.org/a/1"]
    store = Store(config.watcher.db)
    assert store.count("article_sources") == 1  # same canonical URL: one source
    store.close()


def test_syndicated_copy_with_another_url_is_a_duplicate_with_a_second_source(server,
                                                                             make_config):
    copy = dict(ARMENIA, link="https://other.example.net/world/armenia-azerbaijan-commission",
                title="Armenia and Azerbaijan agree on border commission meeting - Other News")
    a = server.serve("/a.xml", rss([ARMENIA]))
    b = server.serve("/b.xml", rss([copy], title="Other News"))
    config = make_config([{"name": "A", "url": a}, {"name": "B", "url": b}])
    summary, _ = poll(config)
    assert summary.articles_new == 1 and summary.articles_duplicate == 1
    store = Store(config.watcher.db)
    assert store.count("article_sources") == 2
    store.close()


def test_full_text_link_to_a_private_address_is_refused(server, make_config):
    page = server.serve("/story.html", "<html><body><article><p>" + "Aliyev said. " * 200
                        + "</p></article></body></html>", headers={"Content-Type": "text/html"})
    item = dict(ARMENIA, link=page)
    url = server.serve("/rss.xml", rss([item]))
    config = make_config([{"name": "Wire", "url": url, "fetch_full_text": True}])
    summary, _ = poll(config)
    assert summary.articles_new == 1
    assert not server.hits("/story.html")  # never contacted
    store = Store(config.watcher.db)
    row = next(store.db.query("SELECT text, full_text_error FROM articles"))
    store.close()
    assert "non-public address 127.0.0.1" in row["full_text_error"]
    assert row["text"].startswith("Yerevan and Baku")  # the feed's summary is kept


def test_full_text_is_extracted_when_private_addresses_are_allowed(server, make_config):
    story = ("<html><head><title>Talks</title></head><body><nav>Home | World</nav><article>"
             "<h1>Border talks</h1>" + "".join(
                 f"<p>Paragraph {i}: Armenian and Azerbaijani negotiators discussed the "
                 f"delimitation of the border near the village of Kirants.</p>" for i in range(12))
             + "</article><footer>Cookie settings</footer></body></html>")
    page = server.serve("/story.html", story, headers={"Content-Type": "text/html"})
    url = server.serve("/rss.xml", rss([dict(ARMENIA, link=page)]))
    config = make_config([{"name": "Wire", "url": url, "fetch_full_text": True}],
                         fetch={"allow_private_addresses": True})
    poll(config)
    text = articles(config)[0]["text"]
    assert "Paragraph 11" in text and "Cookie settings" not in text


def test_ttl_sets_a_floor_on_the_interval(server, make_config):
    url = server.serve("/rss.xml", rss([ARMENIA], extra="<ttl>120</ttl>"))
    config = make_config([{"name": "Wire", "url": url, "interval": "10m"}])
    before = datetime.now(UTC)
    _, feeds = poll(config)
    assert feeds[0].interval_floor == 7200
    assert datetime.fromisoformat(feeds[0].next_poll_at) >= before + timedelta(seconds=7199)


def test_only_due_feeds_are_polled_unless_forced(server, make_config):
    url = server.serve("/rss.xml", rss([ARMENIA]))
    config = make_config([{"name": "Wire", "url": url}])
    poll(config)
    summary, _ = poll(config, force=False)
    assert summary.feeds_skipped == 1 and len(server.hits("/rss.xml")) == 1


def test_a_crash_mid_feed_leaves_the_feed_state_and_articles_consistent(server, make_config,
                                                                        monkeypatch):
    url = server.serve("/rss.xml", rss([ARMENIA]), etag='"v1"')
    config = make_config([{"name": "Wire", "url": url}])
    store = Store(config.watcher.db)
    poller = Poller(config, store)

    class PowerCut(BaseException):
        """Not an error the cycle may catch: the process stops here."""

    def boom(*args, **kwargs):
        raise PowerCut("power cut")

    monkeypatch.setattr(poller.pipeline, "ingest", boom)
    with pytest.raises(PowerCut, match="power cut"):
        asyncio.run(poller.cycle(force=True))
    feed = store.feeds()[0]
    # Nothing half-written: no article, and no ETag that would skip the article next time.
    assert store.count("articles") == 0 and feed.etag is None
    store.close()
    summary, _ = poll(config)
    assert summary.articles_new == 1


UNDATED = [
    {"title": "Azerbaijan reopens Lachin corridor", "link": "https://new.example/lachin",
     "description": "Azerbaijan reopened the Lachin corridor to traffic, officials said.",
     "pub": None},
    {"title": "Aliyev and Pashinyan meet in Abu Dhabi", "link": "https://new.example/abu-dhabi",
     "description": "Aliyev and Pashinyan met in Abu Dhabi on Saturday.",
     "pub": datetime(1970, 1, 1, tzinfo=UTC)},
    {"title": "Bayramov and Mirzoyan to meet in Almaty", "link": "https://new.example/almaty",
     "description": "Foreign ministers Jeyhun Bayramov and Ararat Mirzoyan will meet in "
                    "Almaty next week.",
     "pub": datetime(2099, 1, 1, tzinfo=UTC)},
]


def test_a_new_feeds_items_without_a_trustworthy_date_are_catch_up(server, make_config):
    """No date, 1970-01-01 or 2099 on a feed's first poll: the fetch time stands in, and
    the developments are recorded as catch-up, not alerted; a later poll's undated item is
    news."""
    url = server.serve("/undated.xml", rss(UNDATED))
    config = make_config([{"name": "New wire", "url": url}], alerts={"max_age": "2d"})
    summary, _ = poll(config)
    assert summary.articles_new == 3
    store = Store(config.watcher.db)
    first = store.developments()
    assert {d["data"]["article_url"] for d in first} == {i["link"] for i in UNDATED}
    assert [d["catch_up"] for d in first] == [1] * len(first)
    assert store.alerts() == []
    store.close()
    fresh = {"title": "Aliyev and Pashinyan to meet in Geneva", "link": "https://new.example/geneva",
             "description": "Aliyev and Pashinyan will meet in Geneva on 14 May 2027.", "pub": None}
    server.serve("/undated.xml", rss([*UNDATED, fresh]))
    summary, _ = poll(config)
    assert summary.articles_new == 1
    store = Store(config.watcher.db)
    later = store.developments()[len(first):]
    alerts = store.alerts()
    store.close()
    assert [(d["data"]["article_url"], d["catch_up"]) for d in later] == [(fresh["link"], 0)]
    assert [a["development_id"] for a in alerts] == [later[0]["id"]]


def traced_cycle(poller: Poller, store: Store) -> tuple:
    """One forced cycle, and every SQL statement the store's connection ran in it."""
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        summary = asyncio.run(poller.cycle(force=True))
    finally:
        store.conn.set_trace_callback(None)
    return summary, statements


def test_a_changed_feed_looks_up_its_seen_items_at_once(server, make_config):
    """`seen` is looked up for the whole feed at once, not once per item."""
    items = [{**WEATHER, "title": f"Weather {i}", "link": f"https://news.example.org/w/{i}"}
             for i in range(30)]
    url = server.serve("/rss.xml", rss(items))
    config = make_config([{"name": "Wire", "url": url}])
    poll(config)
    news = [{"title": f"Armenian and Azerbaijani officials meet in {city}",
             "link": f"https://news.example.org/a/{city}",
             "description": f"Officials of Armenia and Azerbaijan met in {city} on the border."}
            for city in ("Tbilisi", "Geneva", "Prague")]
    server.serve("/rss.xml", rss([*items, *news]))  # new items: the body changed
    store = Store(config.watcher.db)
    summary, statements = traced_cycle(Poller(config, store), store)
    store.close()
    assert summary.articles_new == 3 and summary.articles_irrelevant == 30
    # the feed's items, then its new ones again inside the transaction
    assert len([s for s in statements if s.startswith("SELECT") and "FROM seen" in s]) == 2


def test_a_request_does_not_search_the_path_for_a_module_that_is_not_there(server):
    """httpcore asks for sniffio on every lock it sets up; absent, that must not be a
    search of sys.path each time (a failed import is not remembered by Python)."""
    import sys

    import httpx

    from watcher.config import FetchSettings
    from watcher.fetch import fetch

    asked: list[str] = []

    class Spy:
        def find_spec(self, name, path=None, target=None):
            asked.append(name)
            return None

    url = server.serve("/feed.xml", rss([{"title": "t", "link": "https://a.example/1"}]))

    async def two() -> list:
        async with httpx.AsyncClient() as client:
            return [await fetch(client, url, FetchSettings()) for _ in range(2)]

    sys.meta_path.insert(0, Spy())
    try:
        got = asyncio.run(two())
    finally:
        del sys.meta_path[0]
    assert [g.status for g in got] == ["ok", "ok"]
    assert "sniffio" not in asked


CITIES = ("Tbilisi", "Geneva", "Prague", "Astana", "Vienna")


def five_feeds(server, make_config):
    """Five feeds with one new relevant item each (ETag "v1")."""
    feeds = []
    for i, city in enumerate(CITIES):
        item = {"title": f"{city}: Armenian and Azerbaijani commissions agree on step {i}",
                "link": f"https://news{i}.example.org/a/{city}",
                "description": f"Armenia and Azerbaijan border commissions met in {city}."}
        feeds.append({"name": city, "url": server.serve(f"/{city}.xml", rss([item]),
                                                          etag='"v1"')})
    return make_config(feeds)


def test_a_cycle_commits_several_feeds_results_in_one_transaction(server, make_config,
                                                                   monkeypatch):
    monkeypatch.setattr("watcher.poll.BATCH_SECONDS", 60, raising=False)  # its count, not time
    config = five_feeds(server, make_config)
    store = Store(config.watcher.db)
    summary, statements = traced_cycle(Poller(config, store), store)
    assert (summary.feeds_ok, summary.articles_new) == (5, 5)
    assert store.count("articles") == 5 and {f.etag for f in store.feeds()} == {'"v1"'}
    store.close()
    # the run started, the five feeds' results, the run finished: not a commit per feed
    assert len([s for s in statements if s == "COMMIT"]) == 3


def test_one_feed_failing_as_it_is_stored_is_rolled_back_alone(server, make_config,
                                                                monkeypatch):
    """Its articles, `seen` keys and ETag are undone, its failure recorded; the other
    feeds of the same transaction keep theirs."""
    config = five_feeds(server, make_config)
    store = Store(config.watcher.db)
    poller = Poller(config, store)
    failing = {f.id for f in store.feeds() if f.name == "Prague"}
    update = store.update_feed

    def update_feed(feed_id, **fields):
        if feed_id in failing and fields.get("last_status") == "ok":
            raise RuntimeError("cannot write this feed")
        update(feed_id, **fields)

    monkeypatch.setattr(store, "update_feed", update_feed)
    summary = asyncio.run(poller.cycle(force=True))
    assert (summary.feeds_ok, summary.feeds_failed, summary.articles_new) == (4, 1, 4)
    feeds = {f.name: f for f in store.feeds()}
    assert feeds["Prague"].etag is None and feeds["Prague"].last_status == "error"
    assert "cannot write this feed" in feeds["Prague"].last_error
    assert all(f.etag == '"v1"' for name, f in feeds.items() if name != "Prague")
    urls = [r[0] for r in store.conn.execute("SELECT url FROM articles")]
    assert len(urls) == 4 and not any("Prague" in u for u in urls)
    assert store.count("seen") == 4
    store.close()


def test_a_crash_mid_batch_loses_only_what_the_next_poll_reads_again(server, make_config,
                                                                     monkeypatch):
    """Each feed is stored whole (articles, `seen` keys, ETag) or not at all; the feeds
    not stored are fetched and read again next time, and nothing is stored twice."""
    config = five_feeds(server, make_config)
    store = Store(config.watcher.db)
    poller = Poller(config, store)

    class PowerCut(BaseException):
        """Not an error the cycle may catch: the process stops here."""

    ingest = poller.pipeline.ingest

    def ingest_or_stop(entry, *args, **kwargs):
        if "Prague" in entry.url:
            raise PowerCut("power cut")
        return ingest(entry, *args, **kwargs)

    monkeypatch.setattr(poller.pipeline, "ingest", ingest_or_stop)
    with pytest.raises(PowerCut):
        asyncio.run(poller.cycle(force=True))
    store.close()
    store = Store(config.watcher.db)  # what a new process finds
    stored = {r[0] for r in store.conn.execute("SELECT url FROM articles")}
    for f in store.feeds():
        mine = {u for u in stored if f.name in u}
        assert (f.etag, len(mine)) in ((None, 0), ('"v1"', 1)), f.name
    assert store.count("seen") == len(stored) and "Prague" not in str(stored)
    store.close()
    summary, _ = poll(config)
    assert summary.articles_new == 5 - len(stored)
    assert len(articles(config)) == 5


def test_an_irrelevant_entry_is_counted_without_a_savepoint(server, make_config):
    """An irrelevant entry writes nothing of its own (its `seen` note goes with the
    feed's): only the feed and its relevant entries get a savepoint to undo."""
    items = [{**WEATHER, "title": f"Weather {i}", "link": f"https://news.example.org/w/{i}"}
             for i in range(30)]
    url = server.serve("/rss.xml", rss([*items, ARMENIA]))
    config = make_config([{"name": "Wire", "url": url}])
    store = Store(config.watcher.db)
    summary, statements = traced_cycle(Poller(config, store), store)
    assert (summary.articles_new, summary.articles_irrelevant) == (1, 30)
    assert store.count("seen") == 31
    store.close()
    assert len([s for s in statements if s.startswith("SAVEPOINT sp")]) == 2


def test_a_changed_feed_reads_its_row_once_and_writes_nothing_for_articles_it_carried(
        server, make_config):
    """Polled again with one new item, a feed's row is read once, and its items seen
    before as articles, whose address the article lists already, cost no savepoint and
    no write; one of them at a new address is still a new source."""
    news = [{"title": f"Armenian and Azerbaijani officials meet in {city}",
             "link": f"https://news.example.org/a/{city}", "guid": f"g-{city}",
             "description": f"Officials of Armenia and Azerbaijan met in {city} on the border."}
            for city in ("Tbilisi", "Geneva", "Prague", "Vienna")]
    url = server.serve("/rss.xml", rss(news[:3]))
    config = make_config([{"name": "Wire", "url": url}])
    poll(config)
    moved = {**news[0], "link": "https://news.example.org/moved/Tbilisi"}  # same guid
    server.serve("/rss.xml", rss([moved, *news[1:]]))
    store = Store(config.watcher.db)
    summary, statements = traced_cycle(Poller(config, store), store)
    assert (summary.articles_new, summary.articles_duplicate) == (1, 3)
    assert len([s for s in statements if "FROM feeds WHERE" in s]) == 1
    # the feed, the new article and the one at a new address
    assert len([s for s in statements if s.startswith("SAVEPOINT sp")]) == 3
    assert [r[0] for r in store.conn.execute(
        "SELECT url FROM article_sources WHERE url LIKE '%Tbilisi' ORDER BY url")] == [
        "https://news.example.org/a/Tbilisi", "https://news.example.org/moved/Tbilisi"]
    store.close()


def test_a_new_entry_is_looked_up_among_the_articles_in_two_statements(server, make_config):
    """Its URL, GUID and content hash in one statement, then the articles whose titles
    share a band with its own (and their titles) in one more."""
    url = server.serve("/rss.xml", rss([ARMENIA]))
    config = make_config([{"name": "Wire", "url": url}])
    poll(config)
    later = {**ARMENIA, "link": "https://news.example.org/a/later", "guid": "later",
             "description": ARMENIA["description"] + " Talks went on into the night."}
    server.serve("/rss.xml", rss([ARMENIA, later]))
    store = Store(config.watcher.db)
    summary, statements = traced_cycle(Poller(config, store), store)
    store.close()
    assert summary.articles_duplicate == 2  # seen before; a near-identical title: a copy
    reads = [s for s in statements if s.startswith("SELECT") and (
        "FROM articles" in s or "FROM dedup_blocks" in s)]
    # URL, GUID and hash; the titles sharing a band; the original it is a source of
    assert len(reads) == 3


def test_a_cycle_leaves_no_connection_open_for_the_next(server, make_config):
    """Cycles are minutes apart, and a server closes an idle connection long before: the
    client lives one cycle, and its connections end with it (none kept idle between)."""
    opened, closed = [], []
    accept, shut = server.httpd.process_request, server.httpd.shutdown_request
    server.httpd.process_request = lambda req, addr: (opened.append(addr), accept(req, addr))
    server.httpd.shutdown_request = lambda req: (closed.append(req), shut(req))
    feeds = [{"name": f"Wire {i}", "url": server.serve(f"/{i}.xml", rss([WEATHER]))}
             for i in range(3)]
    config = make_config(feeds, fetch={"concurrency": 3})
    poll(config)
    deadline = time.monotonic() + 10  # the server's threads see each end as they get to it
    while len(closed) < len(opened) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert opened and len(closed) == len(opened)
