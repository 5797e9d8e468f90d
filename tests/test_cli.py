"""The command line end to end against a local feed server."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO, free_port, rss

COMMANDS = ["run", "poll", "replay", "baseline", "facts", "feeds", "developments", "explain",
            "search"]


def watcher(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "watcher", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_help_lists_every_command(tmp_path):
    proc = watcher("--help", cwd=tmp_path)
    assert proc.returncode == 0
    for command in COMMANDS:
        assert f"    {command}" in proc.stdout


def config(tmp_path, url: str) -> str:
    path = tmp_path / "w.toml"
    path.write_text(f'[watcher]\ndb = "w.db"\nbaseline = "{REPO / "store" / "baseline"}"\n\n'
                    f'[[feeds]]\nname = "Local wire"\nurl = "{url}"\n')
    return str(path)


ITEMS = [
    {"title": "Azerbaijan reopens Lachin corridor",
     "link": "https://wire.example/lachin?utm_source=rss",
     "description": "Azerbaijan reopened the Lachin corridor on Monday, officials said."},
    {"title": "Stocks slip", "link": "https://wire.example/stocks", "description": "Markets."},
]


def test_poll_once_then_feeds_facts_and_developments(server, tmp_path):
    url = server.serve("/feed.xml", rss(ITEMS))
    cfg = config(tmp_path, url)
    proc = watcher("--config", cfg, "poll", "--once", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (
        "feeds: 1 ok, 0 not modified, 0 failed; articles: 1 new, 0 duplicate, 1 irrelevant; "
        "developments: 1")
    feeds = watcher("--config", cfg, "feeds", cwd=tmp_path).stdout
    assert "Local wire" in feeds and "health: ok" in feeds
    facts = watcher("--config", cfg, "facts", cwd=tmp_path).stdout
    assert "Lachin corridor: reopened" in facts
    assert "Brussels" in facts  # the baseline was loaded into the empty store first
    devs = watcher("--config", cfg, "developments", cwd=tmp_path).stdout
    assert devs.count("\n") == 1 and "Lachin corridor reopened" in devs
    again = watcher("--config", cfg, "poll", "--once", "--force", cwd=tmp_path)
    assert "developments: 0" in again.stdout


def test_run_once_prints_the_alert_on_the_console(server, tmp_path):
    from datetime import UTC, datetime

    fresh = [{**item, "pub": datetime.now(UTC)} for item in ITEMS]  # news, not catch-up
    url = server.serve("/feed.xml", rss(fresh))
    proc = watcher("--config", config(tmp_path, url), "run", "--once", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Route: Lachin corridor reopened" in proc.stdout
    assert "it had been closed since 11 July 2023." in proc.stdout
    assert "Source: Local wire: Azerbaijan reopens Lachin corridor (" in proc.stdout
    assert "first report) <https://wire.example/lachin>" in proc.stdout
    assert "Evidence: \u201cAzerbaijan reopened the Lachin corridor on Monday" in proc.stdout


def test_feeds_shows_a_failing_feed(tmp_path):
    cfg = config(tmp_path, "http://127.0.0.1:9/feed.xml")
    watcher("--config", cfg, "poll", cwd=tmp_path)
    out = watcher("--config", cfg, "feeds", cwd=tmp_path).stdout
    assert "failing (1x)" in out and "last error [refused]: connection refused" in out
    assert "what to do: nothing listens there" in out and "failing: 1 refused" in out


def test_search_the_archive_from_the_command_line_and_the_api(server, tmp_path):
    import json

    from test_api import request

    from watcher.api import ApiServer
    from watcher.config import load

    url = server.serve("/feed.xml", rss(ITEMS))
    cfg = config(tmp_path, url)
    with open(cfg, "a") as f:
        f.write(f'\n[api]\nlisten = "127.0.0.1:{free_port()}"\n')
    watcher("--config", cfg, "poll", cwd=tmp_path)
    out = watcher("--config", cfg, "search", "lachin", cwd=tmp_path)
    assert out.returncode == 0 and "[Lachin]" in out.stdout
    assert out.stdout.splitlines()[0].endswith("Azerbaijan reopens Lachin corridor")
    assert "articles found" in out.stderr  # the baseline's articles are in the store too
    rows = [json.loads(line) for line in watcher("--config", cfg, "search", "reopened",
                                                  "corridor", "--since", "2023-09-01",
                                                  "--json", cwd=tmp_path).stdout.splitlines()]
    assert [r["url"] for r in rows] == ["https://wire.example/lachin"]
    api = ApiServer(load(cfg), lambda s: (True, {}))
    api.start()
    try:
        status, body, _ = request(api, "GET", "/search?q=reopened")
        assert status == 200 and json.loads(body)[0]["title"].startswith("Azerbaijan reopens")
        assert request(api, "GET", "/search?q=")[0] == 400
    finally:
        api.stop()


@pytest.mark.parametrize(("query", "error"), [
    (b"lachin\xff", "watcher: search: not valid UTF-8 (byte 0xff at character 7)"),
    (" ".join(["a*"] * 32).encode(), "watcher: search: 32 prefix terms (word*); at most 4"),
])
def test_a_search_not_text_or_beyond_its_budget_is_one_line_and_exit_2(tmp_path, query, error):
    cfg = tmp_path / "w.toml"
    cfg.write_text(f'[watcher]\ndb = "{tmp_path / "w.db"}"\n')
    proc = subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), "search",
                           query], capture_output=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [error] and proc.stdout == b""


def test_old_news_on_a_first_poll_is_catch_up_not_an_alert(server, tmp_path):
    from datetime import UTC, datetime, timedelta

    from watcher.store import Store

    now = datetime.now(UTC)
    items = [{"title": "Azerbaijan reopens Lachin corridor", "link": "https://wire.example/old",
              "description": "Azerbaijan reopened the Lachin corridor on Monday.",
              "pub": now - timedelta(days=10)},
             {"title": "Aliyev and Pashinyan to meet in Geneva", "link": "https://wire.example/new",
              "description": "Aliyev and Pashinyan will meet in Geneva on Friday.",
              "pub": now - timedelta(hours=2)}]
    url = server.serve("/feed.xml", rss(items))
    cfg = config(tmp_path, url)
    proc = watcher("--config", cfg, "run", "--once", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Geneva" in proc.stdout and "Lachin" not in proc.stdout  # only the fresh news
    store = Store(tmp_path / "w.db")
    rows = {r["type"]: r for r in store.developments()}
    assert rows["route_status"]["catch_up"] == 1 and rows["meeting_new"]["catch_up"] == 0
    assert len(store.alerts()) == 1
    store.close()
    text = watcher("--config", cfg, "digest", "--since", "1d", cwd=tmp_path).stdout
    assert "Lachin corridor reopened" in text and "(catch-up: reported" in text
    facts = watcher("--config", cfg, "facts", cwd=tmp_path).stdout
    assert "Lachin corridor: reopened" in facts and "last reported" in facts


def test_backfill_brings_the_state_up_to_date_without_alerts(server, tmp_path):
    from watcher.daemon import InstanceLock
    from watcher.store import Store

    (tmp_path / "archive.xml").write_text(rss(ITEMS))
    url = server.serve("/more.xml", rss([{
        "title": "Ministers to meet in Almaty", "link": "https://wire.example/almaty",
        "description": "Mirzoyan and Bayramov will meet in Almaty on May 10, 2024."}]))
    cfg = config(tmp_path, "http://127.0.0.1:9/unused.xml")
    # a URL's scheme in any case is a URL, not a file's name
    proc = watcher("--config", cfg, "backfill", "archive.xml", url.replace("http://", "HTTP://"),
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "backfill: 2 developments recorded, none alerted"
    store = Store(tmp_path / "w.db")
    assert len(store.developments()) == 2 and store.alerts() == []
    store.close()
    held = InstanceLock(tmp_path / "w.db")
    try:
        again = watcher("--config", cfg, "backfill", "archive.xml", cwd=tmp_path)
        assert again.returncode == 1 and "already running" in again.stderr
    finally:
        held.release()
