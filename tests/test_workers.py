"""Reading in worker processes: the same answers as in one process, applied in order."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import rss

from watcher.extract.gazetteer import GazetteerError
from watcher.poll import Poller
from watcher.replay import replay
from watcher.store import Store
from watcher.workers import SMALL, WorkerError, Workers

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


# -- the workers themselves: one item each, killed, stuck, stopped ---------------------------

def _pid_after_a_nap(parent: int, note: str, nap: float) -> int:
    """In a worker: its pid noted in `note`, then a nap (long enough to be killed or found
    stuck in); here: at once."""
    if os.getpid() != parent:
        with open(note, "a") as out:
            out.write(f"{os.getpid()}\n")
        time.sleep(nap)
    return os.getpid()


def _noted(note: Path, count: int = 1) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pids = [int(p) for p in note.read_text().split()] if note.exists() else []
        if len(pids) >= count:
            return pids
        time.sleep(0.02)
    raise AssertionError(f"no worker noted its pid in {note}")


def _gone(pid: int) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":  # ended, not reaped yet by the server that forked it
            return True
        time.sleep(0.02)
    return False


def test_a_worker_killed_mid_item_is_replaced_and_its_item_read_here(tmp_path, caplog):
    workers, note, parent = Workers(1), tmp_path / "pids", os.getpid()

    async def go() -> tuple[int, int]:
        item = asyncio.ensure_future(workers.run(SMALL, _pid_after_a_nap, parent, str(note),
                                                 60.0))
        killed = (await asyncio.to_thread(_noted, note))[0]
        os.kill(killed, signal.SIGKILL)
        return killed, await item

    with caplog.at_level(logging.WARNING, logger="watcher.workers"):
        killed, answer = asyncio.run(go())
        after = workers.call(SMALL, _pid_after_a_nap, parent, str(note), 0.0)
    assert answer == parent  # the item was read in this process: nothing lost
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings == [f"worker process {killed} ended (killed by SIGKILL) while reading "
                        f"_pid_after_a_nap ({SMALL:,} characters); read in this process "
                        "instead, a new worker takes its place"]
    assert after not in (killed, parent) and workers.pids() == [after]  # replaced


def test_a_worker_stuck_on_an_item_is_stopped_and_the_item_reported(tmp_path):
    workers, note, parent = Workers(1), tmp_path / "pids", os.getpid()
    warm = workers.call(SMALL, _pid_after_a_nap, parent, str(note), 0.0)  # its imports done
    workers.hang_after = 0.5
    with pytest.raises(WorkerError) as caught:
        asyncio.run(workers.run(SMALL, _pid_after_a_nap, parent, str(note), 60.0))
    assert str(caught.value) == (f"reading _pid_after_a_nap ({SMALL:,} characters) took a "
                                 "worker process more than 0.5s: it was stopped and "
                                 "replaced; nothing of this item was used")
    assert _noted(note, 2)[1] == warm and _gone(warm)
    workers.hang_after = 60.0
    fresh = workers.call(SMALL, _pid_after_a_nap, parent, str(note), 0.0)
    assert fresh not in (warm, parent) and workers.pids() == [fresh]
    # the same in order (replay's way): the item before it answered, then its error
    workers.hang_after = 0.5
    answers = workers.ordered(_pid_after_a_nap, [(SMALL, (parent, str(note), 0.0)),
                                                 (SMALL, (parent, str(note), 60.0))])
    assert next(answers) == fresh
    with pytest.raises(WorkerError):
        next(answers)
    assert _gone(fresh) and workers.pids() == []


def test_ordered_answers_stay_in_order_when_a_worker_dies(tmp_path, caplog):
    workers, parent = Workers(2), os.getpid()
    batches = [(SMALL, (parent, str(tmp_path / "n"), 0.0))] * 5
    batches.insert(2, (SMALL, (parent,)))
    with caplog.at_level(logging.WARNING, logger="watcher.workers"):
        answers = list(workers.ordered(_either, batches))
    assert answers[2] == parent and all(a != parent for i, a in enumerate(answers) if i != 2)
    assert len(caplog.records) == 1 and "read in this process instead" in caplog.text
    assert workers.started


def _either(*args) -> int:
    """The third batch of the test above kills its worker; the others note their pid."""
    return _pid_unless_a_worker(*args) if len(args) == 1 else _pid_after_a_nap(*args)


class Stuck(Workers):
    """Worker processes that get stuck on every document they are handed."""

    async def run(self, size, fn, *args):
        if fn.__name__ == "read_document":
            return await super().run(SMALL, _pid_after_a_nap, -1, os.devnull, 60.0)
        return await super().run(size, fn, *args)


def test_a_feed_a_worker_got_stuck_on_fails_alone_and_is_read_next_time(
        server, make_config, tmp_path, caplog):
    url = server.serve("/feed.xml", rss(items()))
    config = make_config([{"name": "Wire", "url": url}],
                         watcher={"db": str(tmp_path / "w.db")})
    store = Store(config.watcher.db)
    try:
        with caplog.at_level(logging.WARNING):
            stuck = asyncio.run(Poller(config, store, workers=Stuck(1, hang_after=0.5)
                                       ).cycle(force=True))
        row = store.feeds()[0]
        assert stuck.feeds_failed == 1 and stuck.articles_new == 0
        assert row.error_kind == "internal" and row.last_error.startswith(
            "reading _pid_after_a_nap (4,000 characters) took a worker process more than")
        assert "Traceback" not in caplog.text and store.seen(identify_first()) == (False, None)
        again = asyncio.run(Poller(config, store, workers=Workers(1)).cycle(force=True))
    finally:
        store.close()
    assert again.line().startswith("feeds: 1 ok") and again.articles_new == 4  # nothing lost


def identify_first() -> str:
    from watcher.feeds import parse
    from watcher.reading import identify

    return identify(parse(rss(items()).encode()).entries[0]).key


STOPPED = """
import os, sys, threading, time
from watcher.workers import SMALL, Workers
sys.path.insert(0, {tests!r})
from test_workers import _noted, _pid_after_a_nap
from pathlib import Path
workers = Workers(2)
threading.Thread(target=workers.call, args=(SMALL, _pid_after_a_nap, os.getpid(), {note!r},
                 60.0), daemon=True).start()
_noted(Path({note!r}))  # one worker busy with that item; the next goes to the other
workers.call(SMALL, _pid_after_a_nap, os.getpid(), {note!r}, 0.0)
print(" ".join(map(str, workers.pids())), flush=True)
time.sleep(60)
"""


def test_no_worker_is_left_when_its_process_is_stopped(tmp_path):
    """SIGTERM to a process with a worker busy and one idle: neither stays."""
    note = tmp_path / "pids"
    script = STOPPED.format(tests=str(Path(__file__).parent), note=str(note))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    finally:
        proc.kill()
    assert sorted(pids) == sorted(_noted(note, 2))  # one busy, one idle
    assert all(_gone(pid) for pid in pids)


def test_workers_that_cannot_be_started_leave_the_work_to_this_process(monkeypatch, caplog):
    from watcher import workers as module

    def refused(self, ctx):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(module._Worker, "__init__", refused)
    workers = Workers(2)
    with caplog.at_level(logging.WARNING, logger="watcher.workers"):
        assert workers.call(SMALL, _pid_unless_a_worker, os.getpid()) == os.getpid()
        assert asyncio.run(workers.run(SMALL, _pid_unless_a_worker, os.getpid())) == \
            os.getpid()
    assert [r.getMessage() for r in caplog.records] == [
        "worker processes failed (cannot start one: OSError: [Errno 24] Too many open "
        "files); reading in this process from now on"]
    assert not workers.started
