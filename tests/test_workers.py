"""Reading in worker processes: the same answers as in one process, applied in order."""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import UTC, datetime, timedelta

from conftest import rss

from watcher.extract.gazetteer import GazetteerError
from watcher.poll import Poller
from watcher.replay import replay
from watcher.store import Store
from watcher.workers import SMALL, Workers

DAY = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)  # a Monday
FILLER = ("Shares rose in Tokyo and London as investors weighed fresh inflation data. "
          "The central bank kept its main rate unchanged, citing slower growth. ") * 4


def items() -> list[dict]:
    """A plan, the meeting held, a syndicated copy, a route closed and reopened, and
    news about other things: enough text for the work to go to the workers."""
    news = [
        (0, "Aliyev and Pashinyan to meet in Brussels on Friday", "https://a.example/plan",
         "Ilham Aliyev and Nikol Pashinyan will meet in Brussels on Friday, officials said."),
        (1, "Aliyev and Pashinyan to meet in Brussels on Friday - Wire",
         "https://b.example/copy",
         "Ilham Aliyev and Nikol Pashinyan will meet in Brussels on Friday, officials said."),
        (30, "Azerbaijan closes the Lachin corridor", "https://a.example/closed",
         "Azerbaijan closed the Lachin corridor on Tuesday, the ministry said."),
        (120, "Aliyev and Pashinyan meet in Brussels", "https://c.example/held",
         "Ilham Aliyev and Nikol Pashinyan met in Brussels on Friday for talks."),
        (150, "Lachin corridor reopened", "https://a.example/reopened",
         "Azerbaijan reopened the Lachin corridor on Sunday, officials said."),
    ]
    out = []
    for i, (hours, title, link, text) in enumerate(news):
        out.append({"title": title, "link": link, "description": f"{text} {FILLER}",
                    "pub": DAY + timedelta(hours=hours)})
        out.append({"title": f"Markets today ({i})", "link": f"https://m.example/{i}",
                    "description": FILLER, "pub": DAY + timedelta(hours=hours, minutes=5)})
    return out


def test_replay_read_by_worker_processes_gives_the_developments_of_one_process(make_config,
                                                                              tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(items()))
    assert feed.stat().st_size > SMALL
    pool = Workers(2)
    in_pool = [d.to_json() for d in replay(make_config(), [feed], db=tmp_path / "a.db",
                                           workers=pool)]
    alone = [d.to_json() for d in replay(make_config(), [feed], db=tmp_path / "b.db",
                                         workers=Workers(0))]
    assert pool.started  # the work went to the workers
    # (the closure is known from the baseline: no news)
    assert [(d["type"], (d.get("meeting") or d.get("route"))["status"]) for d in alone] == [
        ("meeting_new", "scheduled"), ("meeting_status", "held"),
        ("route_status", "reopened")]
    assert in_pool == alone


def stored(db) -> tuple[list, list]:
    store = Store(db)
    try:
        articles = [(r[0], r[1]) for r in store.db.execute(
            "SELECT url, content_hash FROM articles WHERE url NOT LIKE '%baseline%' ORDER BY id")]
        devs = [r[0] for r in store.db.execute("SELECT key FROM developments ORDER BY id")]
    finally:
        store.close()
    return articles, devs


def test_a_poll_read_by_worker_processes_stores_what_one_process_does(server, make_config,
                                                                     tmp_path):
    url = server.serve("/feed.xml", rss(items()))
    results, pool = [], Workers(2)
    for name, workers in (("pool", pool), ("alone", Workers(0))):
        config = make_config([{"name": "Wire", "url": url}],
                             watcher={"db": str(tmp_path / f"{name}.db")})
        store = Store(config.watcher.db)
        summary = asyncio.run(Poller(config, store, workers=workers).cycle(force=True))
        store.close()
        results.append((summary.line(), stored(config.watcher.db)))
    assert pool.started and results[0] == results[1]
    # (no baseline here: the closure is news too)
    assert "articles: 4 new, 1 duplicate, 5 irrelevant; developments: 4" in results[0][0]


def _pid_unless_a_worker(parent: int) -> int:
    if os.getpid() != parent:
        os._exit(3)  # a worker killed mid-task
    return parent


def test_a_worker_that_dies_leaves_its_work_to_this_process(caplog):
    workers = Workers(1)
    with caplog.at_level(logging.WARNING, logger="watcher.workers"):
        assert workers.call(SMALL, _pid_unless_a_worker, os.getpid()) == os.getpid()
        assert workers.call(SMALL, _pid_unless_a_worker, os.getpid()) == os.getpid()
    assert caplog.text.count("worker processes failed") == 1  # one warning, not one a task
    assert not workers.started


def test_an_entry_a_worker_could_not_read_is_read_again_here(make_config, tmp_path,
                                                            monkeypatch):
    """A worker may lack what this process has (a user's gazetteer broken since it was
    loaded here): its failure is read again in place, not an entry lost."""
    from watcher import reading

    def failing(*args, **kw):
        raise GazetteerError("names.toml: line 3: invalid TOML")

    monkeypatch.setattr(reading, "read_entry", failing)  # what read_entries calls
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(items()))
    devs = list(replay(make_config(), [feed], db=tmp_path / "r.db", workers=Workers(0)))
    assert [(d.type, (d.meeting or d.route)["status"]) for d in devs] == [
        ("meeting_new", "scheduled"), ("meeting_status", "held"),
        ("route_status", "reopened")]


class Counting(Workers):
    """Worker processes that note each piece of work handed over to them."""

    def __init__(self, processes: int = 2):
        super().__init__(processes)
        self.calls: list[str] = []

    async def run(self, size, fn, *args):
        self.calls.append(fn.__name__)
        return await super().run(size, fn, *args)


def _two_polls(server, make_config, db: str, workers: Workers) -> list[str]:
    """A first poll, then one where the feed carries two more items."""
    url = server.serve("/feed.xml", rss(items()[2:]))
    config = make_config([{"name": "Wire", "url": url}], watcher={"db": db})
    store = Store(db)
    lines = []
    try:
        for body in (rss(items()[2:]), rss(items())):
            server.serve("/feed.xml", body)
            summary = asyncio.run(Poller(config, store, workers=workers).cycle(force=True))
            lines.append(summary.line())
    finally:
        store.close()
    return lines


def test_a_changed_feed_is_one_hand_over_to_a_worker(server, make_config, tmp_path):
    """The worker parses, looks up `seen` in the store and reads only what is new: one
    hand-over per document, the new entries read in the worker, not here; the same
    counts as reading everything in this process."""
    workers = Counting()
    lines = _two_polls(server, make_config, str(tmp_path / "a.db"), workers)
    assert workers.calls == ["read_document", "read_document"]
    assert lines == _two_polls(server, make_config, str(tmp_path / "b.db"), Workers(0))
    assert "articles: 4 new, 0 duplicate, 4 irrelevant" in lines[0]
    assert "articles: 0 new, 5 duplicate, 5 irrelevant" in lines[1]


def test_seen_entries_come_back_without_their_text(make_config, tmp_path):
    from watcher.reading import Reader, parse_document, read_document

    body, later = rss(items()).encode(), DAY + timedelta(days=30)
    _, reads = parse_document(body, None, later, "Wire")
    store = Store(tmp_path / "s.db")
    store.mark_seen_many([(reads[0].key, None), (reads[1].key, 7)])
    try:
        parsed, got, seen, seen_irrelevant = read_document(Reader(), body, None, later,
                                                           "Wire", str(tmp_path / "s.db"))
    finally:
        store.close()
    assert seen == {reads[0].key: None, reads[1].key: 7}
    # the first, seen as irrelevant, is only counted; the second, an article, comes back
    # without its text, with what a new source needs
    assert seen_irrelevant == 1 and [r.key for r in got] == [r.key for r in reads[1:]]
    assert parsed.entries[0].text == "" and parsed.entries[0].title
    assert parsed.entries[0].url and parsed.entries[0].outlet
    assert [r.relevant for r in got[:3]] == [None, True, False]
    read = parsed.entries[1]
    assert read.text.startswith("Ilham Aliyev and") and read.markup() is None
    assert read.summary_html is None  # its markup does not travel back with its text
    assert parsed.entries[2].text == ""  # irrelevant: nothing reads its text


def test_a_store_the_worker_cannot_read_is_looked_up_here(make_config, tmp_path):
    from watcher.reading import Reader, read_document

    body = rss(items()).encode()
    parsed, reads, seen, seen_irrelevant = read_document(Reader(), body, None, DAY, "Wire",
                                                         str(tmp_path / "missing.db"))
    assert seen is None and seen_irrelevant == 0 and all(r.relevant is None for r in reads)
    assert parsed.entries[0].text  # nothing read, nothing dropped


def test_a_poll_on_a_store_only_this_process_sees(server, make_config):
    """An in-memory store: the worker's lookup fails, the poll looks up and reads here."""
    workers = Counting()
    lines = _two_polls(server, make_config, ":memory:", workers)
    assert "articles: 4 new, 0 duplicate, 4 irrelevant" in lines[0]
    assert "articles: 0 new, 5 duplicate, 5 irrelevant" in lines[1]
    assert workers.calls == ["read_document", "read_entries"] * 2  # read after the lookup


def test_a_store_replaced_at_the_same_path_is_read_afresh(tmp_path):
    """The read-only connection a process keeps is to the file, not to the path."""
    from watcher.reading import Reader, parse_document, read_document

    body, later = rss(items()).encode(), DAY + timedelta(days=30)
    _, reads = parse_document(body, None, later, "Wire")
    db = tmp_path / "s.db"
    answers = []
    for marked in ([(reads[0].key, None)], [(reads[1].key, 3)]):
        store = Store(db)
        store.mark_seen_many(marked)
        answers.append(read_document(Reader(), body, None, later, "Wire", str(db)).seen)
        store.close()
        for path in tmp_path.glob("s.db*"):
            path.unlink()
    assert answers == [{reads[0].key: None}, {reads[1].key: 3}]
