"""The command line end to end against a local feed server."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, rss

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
    url = server.serve("/feed.xml", rss(ITEMS))
    proc = watcher("--config", config(tmp_path, url), "run", "--once", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Route: Lachin corridor reopened" in proc.stdout
    assert "Before: closed since 11 July 2023" in proc.stdout
    assert ("Source: Local wire: Azerbaijan reopens Lachin corridor "
            "<https://wire.example/lachin>") in proc.stdout


def test_feeds_shows_a_failing_feed(tmp_path):
    cfg = config(tmp_path, "http://127.0.0.1:9/feed.xml")
    watcher("--config", cfg, "poll", cwd=tmp_path)
    out = watcher("--config", cfg, "feeds", cwd=tmp_path).stdout
    assert "failing (1x)" in out and "last error: connection refused" in out


def test_search_the_archive_from_the_command_line_and_the_api(server, tmp_path):
    import json

    from test_api import request

    from watcher.api import ApiServer
    from watcher.config import load

    url = server.serve("/feed.xml", rss(ITEMS))
    cfg = config(tmp_path, url)
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
