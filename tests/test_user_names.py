"""The user's own names (`[extract] gazetteer`) and `watcher explain`, end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

from conftest import REPO, rss

USER_NAMES = '''
# A foreign minister the shipped gazetteer does not know yet, and a new road.
[[person]]
name = "Elnur Mammadov"
country = "AZ"
aliases = ["Mammadov"]
offices = [{ office = "foreign_minister", from = "2026-11-01", to = "" }]

[[route]]
name = "Tigranashen-Sadarak road"
tracked = true
names = ["Tigranashen-Sadarak", "Sadarak-Tigranashen"]
nouns = ["road", "highway", "crossing"]

[[place]]
city = "Dilijan"
country = "Armenia"
aliases = ["Dilijan"]
'''


def watcher(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "watcher", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def write_config(tmp_path, names: str | None = USER_NAMES) -> str:
    lines = [f'[watcher]\ndb = "w.db"\nbaseline = "{REPO / "store" / "baseline"}"\n']
    if names is not None:
        (tmp_path / "my-names.toml").write_text(names)
        lines.append('[extract]\ngazetteer = "my-names.toml"\n')
    (tmp_path / "w.toml").write_text("\n".join(lines))
    return str(tmp_path / "w.toml")


FEED = rss([
    {"title": "Foreign ministers meet in Dilijan",
     "link": "https://wire.example/dilijan",
     "description": "Azerbaijan's new foreign minister Elnur Mammadov and Ararat Mirzoyan met "
                    "in Dilijan on Monday.",
     "pub": datetime(2026, 11, 25, 9, tzinfo=UTC)},
    {"title": "New road opens",
     "link": "https://wire.example/road",
     "description": "Armenia and Azerbaijan opened the Tigranashen-Sadarak road to traffic on "
                    "Tuesday.",
     "pub": datetime(2026, 11, 26, 9, tzinfo=UTC)},
])


def test_a_user_gazetteer_adds_a_minister_a_place_and_a_route(tmp_path):
    (tmp_path / "feed.xml").write_text(FEED)
    plain = watcher("--config", write_config(tmp_path, None), "replay", "feed.xml",
                    cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout == ""  # without the user's names: nobody known, no such road
    proc = watcher("--config", write_config(tmp_path), "replay", "feed.xml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    devs = [json.loads(line) for line in proc.stdout.splitlines()]
    meeting = devs[0]["meeting"]
    assert (meeting["level"], meeting["participants"], meeting["venue"]["city"],
            meeting["date"]) == ("foreign_ministers", ["Ararat Mirzoyan", "Elnur Mammadov"],
                                 "Dilijan", "2026-11-23")
    assert devs[1]["route"] == {"name": "Tigranashen-Sadarak road", "status": "open",
                                "since": "2026-11-24"}


def test_a_bad_user_gazetteer_is_one_line_and_exit_2(tmp_path):
    bad = USER_NAMES.replace('from = "2026-11-01"', 'from = "soon"')
    proc = watcher("--config", write_config(tmp_path, bad), "facts", cwd=tmp_path)
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "\n" not in line and line.startswith("watcher: ") and "extract.gazetteer" in line
    assert "person[0].offices[0].from" in line
    unknown_country = USER_NAMES.replace('country = "AZ"', 'country = "XX"')
    proc = watcher("--config", write_config(tmp_path, unknown_country), "facts", cwd=tmp_path)
    assert proc.returncode == 2 and "country 'XX' is not a [[country]] code" in proc.stderr
    bad_regex = USER_NAMES + '\n[[route]]\nname = "X"\nphrases = ["(unclosed"]\n'
    proc = watcher("--config", write_config(tmp_path, bad_regex), "facts", cwd=tmp_path)
    assert proc.returncode == 2 and "not a regular expression" in proc.stderr
    missing = tmp_path / "w.toml"
    missing.write_text('[extract]\ngazetteer = "nowhere.toml"\n')
    proc = watcher("--config", str(missing), "facts", cwd=tmp_path)
    assert proc.returncode == 2 and "nowhere.toml: cannot read" in proc.stderr


ARTICLE = """Mediator meets each side

Blinken met Aliyev in Munich on Friday and then met Pashinyan on Saturday.
The two leaders will meet in Brussels on May 14, the EU said.
Azerbaijan's president and Armenia's prime minister spoke by phone on Sunday.
"""


def test_explain_a_file_says_why_each_candidate_was_kept_or_dropped(tmp_path):
    (tmp_path / "article.txt").write_text(ARTICLE)
    proc = watcher("--config", write_config(tmp_path, None), "explain", "article.txt",
                   "--published", "2024-05-06", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "title: Mediator meets each side" in out
    assert "dropped a third party meeting each side apart" in out
    assert "dropped a phone or video call" in out
    assert "leaders Aliyev + Pashinyan, Brussels, 2024-05-14: scheduled" in out
    assert "no store at" in out  # nothing replayed yet: no known state to compare with


def test_explain_a_stored_article_against_the_known_state(tmp_path):
    (tmp_path / "feed.xml").write_text(FEED)
    cfg = write_config(tmp_path)
    watcher("--config", cfg, "replay", "--db", "w.db", "feed.xml", cwd=tmp_path)
    proc = watcher("--config", cfg, "explain", "https://wire.example/dilijan", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "published 2026-11-25" in proc.stdout
    assert "foreign_ministers Mirzoyan + Mammadov, Dilijan, 2026-11-23: held" in proc.stdout
    assert "Against the known state:" in proc.stdout
    assert "no development: already known" in proc.stdout  # it was replayed into the store
    missing = watcher("--config", cfg, "explain", "https://wire.example/none", cwd=tmp_path)
    assert missing.returncode == 1 and "not in the store" in missing.stderr
