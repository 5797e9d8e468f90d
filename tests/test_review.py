"""The review queue: sentences that may tell a development no rule decided.

Kept for a person (digest, `watcher review`, `/review`), never alerted by default."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
from conftest import REPO, free_port, rss, run_once

from watcher.api import ApiServer
from watcher.config import from_dict
from watcher.extract import extract

DAY = date(2025, 8, 12)


def possible(text: str) -> list[tuple[str, str]]:
    found: list = []
    extract("", text, DAY, review=found)
    return [(p.kind, p.reason) for p in found]


@pytest.mark.parametrize("text", [
    # both sides and a meeting word, but no status any rule knows
    "The sides agreed on the agenda of the next meeting of the two foreign ministers.",
    # both sides at talks, with nothing that makes it one meeting
    "Armenian and Azerbaijani delegations discussed the text of the treaty at the talks.",
])
def test_an_undecided_meeting_sentence_is_kept_for_review(text):
    [(kind, reason)] = possible(text)
    assert kind == "meeting" and reason != "no rule read a fact"  # the rule's own doubt


def test_a_proposal_of_a_platform_for_the_two_ministers_is_kept_for_review():
    assert [k for k, _ in possible(
        "Moscow repeated its readiness to offer a platform for dialogue between the foreign "
        "ministers of Armenia and Azerbaijan this autumn.")] == ["meeting"]


def test_a_route_sentence_no_rule_read_is_kept_for_review():
    assert possible("The launch of a new transit route through Syunik was announced by "
                    "Baku and Yerevan.") == [("route", "no rule read a fact")]


@pytest.mark.parametrize("text", [
    "Aliyev and Pashinyan met in Abu Dhabi on Thursday.",  # a fact: decided
    "Pashinyan told Aliyev on the phone that the talks should resume.",  # a call: decided
    "Armenia urged Azerbaijan to reopen the Lachin corridor.",  # a demand: decided
    "The summit in Copenhagen discussed energy prices.",  # one side or none
    "Pashinyan met Macron in Paris to discuss the peace process.",  # one side
    "Armenia and Azerbaijan have long disputed their border.",  # no meeting or route word
    # the sides as places or kinds, not actors
    "An Azerbaijani analyst said the summit in the Armenian city of Gyumri went well.",
    # a gathering of many countries
    "The meeting was attended by the leaders of Azerbaijan, Armenia, Belarus, Kazakhstan "
    "and Russia.",
    # the process, not an event
    "Armenia and Azerbaijan continue negotiations on the text of the treaty.",
    # no rule saw anything, and nothing ties the sentence to one event
    "Armenia and Azerbaijan may one day open transport links between them.",
    # history: every date of the sentence lies long before publication
    "In 2021, Aliyev threatened to open a corridor through Armenia by force.",
    # a third party's meeting with one side, the other side told as topic
    "During a meeting with Aliyev in Baku, Putin said Russia would help Armenia and "
    "Azerbaijan with the talks.",
    "At a meeting with President Aliyev in Baku on Monday, Putin affirmed Russia's "
    "willingness to help both Armenia and Azerbaijan.",
    # "the two countries" of another pair: Türkiye and Armenia
    "Türkiye's envoy and Armenia's deputy speaker met on the border of the two countries on "
    "Tuesday, and Azerbaijan welcomed it.",
    # no meeting in view: a decision, not a doubt
    "At the moment there is no agreement regarding a meeting between the foreign ministers of "
    "Armenia and Azerbaijan, Mirzoyan told parliament.",
    # "meet a demand" is no meeting
    "Pashinyan signaled readiness to meet that demand of Azerbaijan at the Kornidzor crossing.",
    # a proposal with no meeting and no route word: the treaty, not a meeting or a road
    "Armenia has proposed to sign the agreed articles of the treaty with Azerbaijan this month.",
])
def test_decided_or_one_sided_sentences_are_not_kept(text):
    assert possible(text) == []


ITEMS = [
    {"title": "Armenia and Azerbaijan set out the agenda", "link": "https://wire.example/agenda",
     "description": "The sides agreed on the agenda of the next meeting of the two foreign "
                    "ministers, the ministry said.",
     "pub": datetime(2025, 8, 11, 9, 0, tzinfo=UTC)},
    {"title": "Leaders meet", "link": "https://wire.example/met",
     "description": "Ilham Aliyev and Nikol Pashinyan met in Abu Dhabi on Monday.",
     "pub": datetime(2025, 8, 11, 12, 0, tzinfo=UTC)},
]


@pytest.fixture
def replayed(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(ITEMS))
    db = tmp_path / "w.db"
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[watcher]\ndb = "{db}"\nbaseline = "{REPO / "store" / "baseline"}"\n')
    proc = subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), "replay",
                           "--db", str(db), str(feed)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 1  # the held meeting; the doubt is no alert
    return cfg, db


def watcher(cfg, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), *args],
                          capture_output=True, text=True, timeout=60)


def test_review_after_a_replay_lists_the_doubt_as_json_lines(replayed):
    cfg, _ = replayed
    proc = watcher(cfg, "review", "--since", "2025-08-01", "--json")
    assert proc.returncode == 0, proc.stderr
    [row] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert row["article_url"] == "https://wire.example/agenda"
    assert row["evidence"].startswith("The sides agreed on the agenda")
    assert row["reason"].startswith("no status cue") and row["kind"] == "meeting"
    text = watcher(cfg, "review", "--since", "2025-08-01")
    assert "https://wire.example/agenda" in text.stdout
    assert "1 possible development to check" in text.stderr
    assert watcher(cfg, "review", "--since", "banana").returncode == 2


def test_the_digest_shows_what_could_not_be_read_for_sure(replayed):
    cfg, _ = replayed
    proc = watcher(cfg, "digest", "--since", "2025-08-01", "--format", "markdown")
    assert "## Could not read for sure" in proc.stdout
    assert "> The sides agreed on the agenda" in proc.stdout
    html = watcher(cfg, "digest", "--since", "2025-08-01", "--format", "html").stdout
    assert "Could not read for sure" in html and 'href="https://wire.example/agenda"' in html


def test_review_over_http(replayed):
    _, db = replayed
    config = from_dict({"watcher": {"db": str(db), "baseline": str(REPO / "store" / "baseline")},
                        "api": {"listen": f"127.0.0.1:{free_port()}"}}, source="t.toml")
    server = ApiServer(config, lambda store: (True, {}))
    server.start()
    try:
        import urllib.request
        with urllib.request.urlopen(f"http://{server.address}/review?since=2025-08-01",
                                    timeout=10) as resp:
            rows = json.loads(resp.read())
    finally:
        server.stop()
    assert [r["article_url"] for r in rows] == ["https://wire.example/agenda"]


def test_possible_developments_are_alerted_unconfirmed_only_when_asked(tmp_path, server, smtp):
    box, smtp_port = smtp
    feed = server.serve("/feed.xml", rss(ITEMS))

    def once(possible: bool, name: str) -> None:
        proc = run_once(tmp_path / name, feed, smtp_port,
                        alerts=f'max_age = "36500d"\npossible = {str(possible).lower()}')
        assert proc.returncode == 0, proc.stderr

    once(False, "plain")
    assert [m["Subject"].split(":")[0] for m in box.messages] == ["Meeting held"]
    once(True, "asked")
    subjects = sorted(m["Subject"] for m in box.messages[1:])
    assert len(subjects) == 2 and subjects[0].startswith("Meeting held")
    assert subjects[1].startswith("Unconfirmed: a possible meeting development")
    unconfirmed = next(m for m in box.messages if m["Subject"].startswith("Unconfirmed"))
    text = unconfirmed.get_body(("plain",)).get_content()
    assert "The sides agreed on the agenda" in text and "Check it by hand" in text
