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
