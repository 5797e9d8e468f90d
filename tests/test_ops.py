"""Operating the watcher: a full disk, SIGHUP, one daemon per store (however it is reached),
and reading a live store with Datasette."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import REPO, email_toml, free_port, rss

from watcher.cli import main
from watcher.config import load
from watcher.daemon import AlreadyRunning, Daemon, InstanceLock
from watcher.poll import Poller
from watcher.store import Store

TOPICS = ["border commission meets in Yerevan", "ministers discuss transit routes",
          "leaders speak by phone", "deputy prime ministers plan a new round"]


def story(i: int, words: int = 20) -> dict:
    """A relevant article of its own (no near-duplicate of the others), `words` long."""
    topic = TOPICS[i % len(TOPICS)]
    return {"title": f"Armenia and Azerbaijan: {topic} ({i})",
            "link": f"https://wire.example/{i}",
            "description": f"Armenia and Azerbaijan: {topic}. "
                           + " ".join(f"w{i}x{k}" for k in range(words)),
            "pub": datetime(2023, 9, 25, 9, i, tzinfo=UTC)}


def write_config(tmp_path: Path, feeds: list[tuple[str, str]], extra: str = "") -> Path:
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[watcher]\ndb = "{tmp_path / "store" / "watcher.db"}"\n'
                   f'baseline = "{tmp_path / "no-baseline"}"\n\n'
                   + "".join(f'[[feeds]]\nname = "{name}"\nurl = "{url}"\ninterval = "1s"\n\n'
                             for name, url in feeds) + extra)
    return cfg


# -- a full disk ---------------------------------------------------------------------------

# SQLite undoes the one statement that hit the limit, or (an article of some 16 kB a few
# pages past it, here) the whole transaction: the feed fails whole either way.
@pytest.mark.parametrize(("words", "headroom"), [(30_000, 0), (2_000, 6)],
                         ids=["statement-undone", "transaction-undone"])
def test_a_full_disk_fails_the_feed_whole_says_so_and_loses_nothing(server, tmp_path, capsys,
                                                                    words, headroom):
    url = server.serve("/rss.xml", rss([story(0)]))
    cfg = write_config(tmp_path, [("Wire", url)])
    config = load(cfg)
    store = Store(config.watcher.db)
    poller = Poller(config, store)
    asyncio.run(poller.cycle(force=True))
    before, read = store.count("articles"), store.feeds()[0]
    # SQLite's own limit stands in for a full disk: past it, writes fail with SQLITE_FULL.
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + headroom}")  # pages to grow by
    server.serve("/rss.xml", rss([story(1), story(2), story(3, words=words)]))

    summary = asyncio.run(poller.cycle(force=True))
    # Only what was committed is counted: nothing, whatever fitted before the disk filled.
    assert (summary.feeds_failed, summary.articles_new, summary.entries_skipped) == (1, 0, 0)
    assert summary.developments == [] and store.count("articles") == before
    [line] = summary.errors
    assert line.startswith("feed 'Wire'")
    assert f"free space on {tmp_path / 'store'}; nothing was lost" in line
    assert "[disk_full]" in line and "internal" not in line
    feed = store.feeds()[0]
    assert feed.error_kind == "disk_full" and feed.body_hash == read.body_hash  # not read

    assert main(["--config", str(cfg), "feeds"]) == 0
    out = capsys.readouterr().out
    assert "last error [disk_full]: disk full: free space on" in out
    assert "please report" not in out

    # Space freed: the next poll stores every article the full disk held back.
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    summary = asyncio.run(poller.cycle(force=True))
    assert summary.articles_new == 3 and store.count("articles") == before + 3
    store.close()


def test_a_full_disk_in_a_daemon_job_is_one_line_not_a_traceback(tmp_path, make_config,
                                                                  caplog):
    tiny = sqlite3.connect(tmp_path / "tiny.db")
    tiny.execute("CREATE TABLE t (x BLOB)")
    tiny.execute("PRAGMA max_page_count = 3")

    def deliver() -> None:
        tiny.execute("INSERT INTO t VALUES (?)", [b"x" * 100_000])

    with caplog.at_level(logging.INFO, logger="watcher"):
        Daemon(make_config())._job(deliver)
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.exc_info is None
    assert "deliver" in record.getMessage() and "disk full" in record.getMessage()
    tiny.close()


# -- SIGHUP --------------------------------------------------------------------------------

def wait_for(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_sighup_reloads_feeds_and_alerts_and_keeps_the_old_config_when_the_new_is_bad(
        server, smtp, tmp_path):
    box, smtp_port = smtp
    old = server.serve("/old.xml", rss([{"title": "Heatwave grips southern Europe",
                                         "link": "https://wire.example/w",
                                         "description": "Temperatures above 40C."}]))
    new = server.serve("/new.xml", rss([{
        "title": "Azerbaijan reopens Lachin corridor", "link": "https://wire.example/l",
        "description": "Azerbaijan reopened the Lachin corridor on Monday, officials said."}]))
    api = f'[api]\nlisten = "127.0.0.1:{free_port()}"\n\n'
    cfg = write_config(tmp_path, [("Old wire", old)], api)
    log = tmp_path / "stderr.log"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "watcher", "--config", str(cfg), "run"],
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for(lambda: server.hits("/old.xml"))
        # The same file, now with another feed and alerts by email.
        write_config(tmp_path, [("New wire", new)], api + f"""[alerts]
max_age = "36500d"

{email_toml(smtp_port)}""")
        proc.send_signal(signal.SIGHUP)
        wait_for(lambda: "reloaded" in log.read_text())
        wait_for(lambda: box.messages)
        assert box.messages[0]["Subject"].startswith("Route: Lachin corridor reopened")
        old_hits, new_hits = len(server.hits("/old.xml")), len(server.hits("/new.xml"))
        wait_for(lambda: len(server.hits("/new.xml")) > new_hits)
        assert len(server.hits("/old.xml")) == old_hits  # the removed feed is not polled

        cfg.write_text(cfg.read_text() + '\n[topic]\nkeywrods = ["x"]\n')  # a typo
        proc.send_signal(signal.SIGHUP)
        wait_for(lambda: "not reloaded" in log.read_text())
        new_hits = len(server.hits("/new.xml"))
        wait_for(lambda: len(server.hits("/new.xml")) > new_hits)  # still polling
        assert proc.poll() is None

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        lines = log.read_text().splitlines()
        [reloaded] = [x for x in lines if "reloaded" in x and "not reloaded" not in x]
        assert "feeds 1 added, 1 removed, 0 changed, 0 unchanged; alerts by email" in reloaded
        [refused] = [x for x in lines if "not reloaded" in x]
        assert "ERROR" in refused and "topic.keywrods: unknown key" in refused
        assert "Traceback" not in log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_reload_that_would_move_the_store_or_the_api_is_refused_whole(tmp_path, caplog):
    cfg = write_config(tmp_path, [("Wire", "http://127.0.0.1:9/a.xml")],
                       '[api]\nlisten = "127.0.0.1:8787"\n')
    daemon = Daemon(load(cfg))
    running = daemon.config
    cfg.write_text(cfg.read_text().replace("/a.xml", "/b.xml").replace(":8787", ":8788"))
    with caplog.at_level(logging.INFO, logger="watcher"):
        daemon.reload()
    assert daemon.config is running and daemon.generation == 0
    [line] = [r.getMessage() for r in caplog.records if "reload" in r.getMessage()]
    assert line.endswith("config.toml: [api] changes only at a restart")


# -- one daemon per store ------------------------------------------------------------------

def test_a_second_daemon_through_a_hard_link_refuses_to_start(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    Store(tmp_path / "a" / "watcher.db").close()
    os.link(tmp_path / "a" / "watcher.db", tmp_path / "b" / "watcher.db")
    held = InstanceLock(tmp_path / "a" / "watcher.db")  # the first daemon
    try:
        with pytest.raises(AlreadyRunning, match=f"pid {os.getpid()}"):
            InstanceLock(tmp_path / "b" / "watcher.db")
        cfg = tmp_path / "b.toml"
        cfg.write_text(f'[watcher]\ndb = "{tmp_path / "b" / "watcher.db"}"\n'
                       f'baseline = "{REPO / "store" / "baseline"}"\n'
                       f'[api]\nlisten = "127.0.0.1:{free_port()}"\n')
        proc = subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), "run"],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1, proc.stderr
        assert f"another watcher (pid {os.getpid()}) is already running" in proc.stderr
    finally:
        held.release()
    InstanceLock(tmp_path / "b" / "watcher.db").release()  # free again once released


# -- Datasette on a live store -------------------------------------------------------------

def test_datasette_reads_a_store_while_a_poll_writes_it(server, make_config, monkeypatch):
    pytest.importorskip("datasette")
    from datasette.app import Datasette

    url = server.serve("/rss.xml", rss([story(0)]))
    config = make_config([{"name": "Wire", "url": url}])
    store = Store(config.watcher.db)
    poller = Poller(config, store)
    asyncio.run(poller.cycle(force=True))
    ds = Datasette([str(config.watcher.db)])  # the default: read-only, not immutable

    def urls() -> list[str]:
        got = asyncio.run(ds.client.get(
            "/watcher.json?sql=select+url+from+articles+order+by+id&_shape=array"))
        assert got.status_code == 200, got.text
        return [row["url"] for row in got.json()]

    # The next poll reads through Datasette from inside its own transaction, its new
    # article written but not committed (another thread: the poll's loop is running here).
    seen: list = []
    ingest = poller.pipeline.ingest

    def ingest_and_look(*args, **kw):
        done = ingest(*args, **kw)
        reader = threading.Thread(target=lambda: seen.append(urls()))
        reader.start()
        reader.join(10)
        return done

    monkeypatch.setattr(poller.pipeline, "ingest", ingest_and_look)
    server.serve("/rss.xml", rss([story(0), story(1)]))
    assert asyncio.run(poller.cycle(force=True)).articles_new == 1
    store.close()
    assert seen == [["https://wire.example/0"]]  # the committed rows, while the write went on
    assert urls() == ["https://wire.example/0", "https://wire.example/1"]
