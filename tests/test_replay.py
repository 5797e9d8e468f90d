"""`watcher replay`: the seed corpus scored by the shared evaluation, and the contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, rss

SHARED = REPO.parent / "shared" / "eval"


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "watcher", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


@pytest.mark.skipif(not SHARED.exists(), reason="shared/eval not beside the repository")
def test_seed_replay_meets_the_target(tmp_path):
    seeds = tmp_path / "seeds.xml"
    subprocess.run([sys.executable, str(SHARED / "make_feed.py"), "-o", str(seeds)],
                   check=True)
    proc = run("replay", "--no-baseline", str(seeds))
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "dev.jsonl"
    out.write_text(proc.stdout)
    score = subprocess.run(
        [sys.executable, str(SHARED / "score.py"), str(SHARED / "seed_replay_expected.json"),
         str(out), "--min-recall", "0.9", "--min-precision", "0.9", "--max-duplicates", "0"],
        capture_output=True, text=True)
    assert score.returncode == 0, score.stdout


def test_stdout_is_json_lines_only_and_the_store_is_untouched(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([{
        "title": "Azerbaijan reopens Lachin corridor",
        "link": "https://wire.example/lachin",
        "description": "Azerbaijan reopened the Lachin corridor on Monday, officials said.",
    }]))
    (tmp_path / "config.toml").write_text(f'[watcher]\ndb = "daemon.db"\n'
                                          f'baseline = "{REPO / "store" / "baseline"}"\n')
    proc = run("replay", str(feed), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(d["type"], d["route"]["status"], d["previous"]["status"]) for d in lines] == [
        ("route_status", "reopened", "closed")]  # against the baseline: closed since July
    assert not (tmp_path / "daemon.db").exists()
    assert "replay: 1 development" in proc.stderr and "1 developments" not in proc.stderr


def test_replay_into_a_given_database_and_again_is_idempotent(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([{
        "title": "Aliyev and Pashinyan to meet in Abu Dhabi",
        "link": "https://wire.example/ad",
        "description": "Ilham Aliyev and Nikol Pashinyan will meet in Abu Dhabi on Friday.",
    }]))
    db = tmp_path / "r.db"
    first = run("replay", "--no-baseline", "--db", str(db), str(feed))
    again = run("replay", "--no-baseline", "--db", str(db), str(feed))
    assert len(first.stdout.splitlines()) == 1
    assert again.stdout == ""  # the same article again is no news


def test_unreadable_feed_file_is_one_line_and_exit_1(tmp_path):
    proc = run("replay", str(tmp_path / "missing.xml"))
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("watcher: ") and "cannot read" in proc.stderr


def test_replay_works_from_any_folder_with_the_shipped_baseline(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([{
        "title": "Azerbaijan reopens Lachin corridor",
        "link": "https://wire.example/lachin",
        "description": "Azerbaijan reopened the Lachin corridor on Monday, officials said.",
    }]))
    proc = run("replay", str(feed), cwd=tmp_path)  # no config, no store/ here
    assert proc.returncode == 0, proc.stderr
    [dev] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert dev["previous"]["status"] == "closed"  # the shipped baseline was the start


def on_a_terminal(*args: str, cwd: Path = REPO) -> tuple[subprocess.CompletedProcess, bytes]:
    """Run the watcher with its standard error on a terminal: (the run, what it showed)."""
    import os
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "watcher", *args], stdout=subprocess.PIPE,
                          stderr=follower, cwd=cwd, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return proc, shown


def thirty_items(tmp_path) -> Path:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([{"title": f"Item {i}", "link": f"https://wire.example/{i}",
                          "description": "Aliyev and Pashinyan met."} for i in range(30)]))
    return feed


def test_replay_shows_progress_on_a_terminal_and_nothing_elsewhere(tmp_path):
    feed = thirty_items(tmp_path)
    plain = run("replay", "--no-baseline", str(feed))
    assert "replay [" not in plain.stderr
    proc, shown = on_a_terminal("replay", "--no-baseline", str(feed))
    assert proc.returncode == 0
    assert b"replay [#########################] 30/30 entries" in shown
    assert b"replay [" not in proc.stdout  # JSON Lines only on standard output


def test_backfill_shows_progress_on_a_terminal(tmp_path):
    feed = thirty_items(tmp_path)
    (tmp_path / "config.toml").write_text(f'[watcher]\ndb = "w.db"\n'
                                          f'baseline = "{REPO / "store" / "baseline"}"\n')
    proc, shown = on_a_terminal("backfill", str(feed), cwd=tmp_path)
    assert proc.returncode == 0
    assert b"backfill [#########################] 30/30 entries" in shown
    assert proc.stdout.decode().startswith("backfill: ")


def test_an_entry_that_cannot_be_stored_is_skipped_alone(tmp_path, monkeypatch, caplog):
    from watcher.config import from_dict
    from watcher.pipeline import Pipeline
    from watcher.replay import replay
    from watcher.workers import Workers

    real = Pipeline.ingest

    def picky(self, entry, *args, **kw):
        if "almaty" in entry.url:
            raise ValueError("something nobody foresaw")
        return real(self, entry, *args, **kw)

    monkeypatch.setattr(Pipeline, "ingest", picky)
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([
        {"title": "Aliyev and Pashinyan to meet in Abu Dhabi", "link": "https://w.example/ad",
         "description": "Ilham Aliyev and Nikol Pashinyan will meet in Abu Dhabi on Friday."},
        {"title": "Ministers to meet in Almaty", "link": "https://w.example/almaty",
         "description": "Mirzoyan and Bayramov will meet in Almaty on May 10, 2024."},
        {"title": "Azerbaijan reopens Lachin corridor", "link": "https://w.example/lachin",
         "description": "Azerbaijan reopened the Lachin corridor on Monday, officials said."},
    ]))
    config = from_dict({"watcher": {"db": str(tmp_path / "w.db"),
                                    "baseline": str(REPO / "store" / "baseline")}})
    devs = list(replay(config, [feed], db=tmp_path / "r.db", with_baseline=False,
                       workers=Workers(0)))
    assert sorted(d.article_url for d in devs) == ["https://w.example/ad",
                                                   "https://w.example/lachin"]
    assert "'https://w.example/almaty' skipped: ValueError: something nobody foresaw" \
        in caplog.text
