"""A copy adds a source; it never hides a fact.

Near-duplicate detection (same content, or near-identical title and lead) files a
syndicated copy as one more source of the article it copies. A "copy" whose facts the
original does not hold (a meeting now held, a meeting moved) is read as an article of its
own, and the state diff decides what is new.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from conftest import rss, run_once

from watcher.dedup import is_near_duplicate, title_key
from watcher.replay import replay
from watcher.store import Store

FRI = datetime(2026, 3, 13, 9, 0, tzinfo=UTC)  # a Friday
SAT = datetime(2026, 3, 14, 18, 0, tzinfo=UTC)

TO_MEET = {
    "title": "Aliyev and Pashinyan to meet in Brussels on Saturday",
    "link": "https://wire-a.example/2026/03/13/to-meet",
    "description": "Azerbaijani President Ilham Aliyev and Armenian Prime Minister Nikol "
                   "Pashinyan will meet in Brussels on Saturday, the European Council said.",
    "pub": FRI,
}
MET = {
    "title": "Aliyev and Pashinyan meet in Brussels on Saturday",
    "link": "https://wire-b.example/caucasus/81234",
    "description": "Azerbaijani President Ilham Aliyev and Armenian Prime Minister Nikol "
                   "Pashinyan met in Brussels on Saturday, the European Council said.",
    "pub": SAT,
}


def developments(make_config, tmp_path, items: list[dict]) -> list[dict]:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(items))
    return [d.to_json() for d in replay(make_config(), [feed], db=tmp_path / "replay.db")]


def test_titles_alike_with_leads_apart_are_not_one_story():
    a, b = title_key(TO_MEET["title"]), title_key(MET["title"])
    assert is_near_duplicate(a, "", b, "")  # the titles alone look like one story
    assert not is_near_duplicate(a, "Officials of the two countries said the talks would "
                                    "focus on the border.", b,
                                 "A summit of the European Union opened on Thursday with "
                                 "Ukraine high on its agenda.")


def test_a_meeting_now_held_is_news_though_its_title_nearly_repeats(make_config, tmp_path):
    devs = developments(make_config, tmp_path, [TO_MEET, MET])
    meetings = [(d["meeting"]["status"], d["meeting"]["venue"]["city"], d["meeting"]["date"])
                for d in devs]
    assert meetings == [("scheduled", "Brussels", "2026-03-14"),
                        ("held", "Brussels", "2026-03-14")]


def test_a_meeting_moved_is_news_though_its_title_nearly_repeats(make_config, tmp_path):
    vienna = {"title": "Aliyev and Pashinyan to meet in Vienna next month",
              "link": "https://wire-a.example/vienna",
              "description": "Ilham Aliyev and Nikol Pashinyan will meet in Vienna on 20 April, "
                             "officials said.", "pub": FRI}
    rome = {"title": "Aliyev and Pashinyan to meet in Rome next month",
            "link": "https://wire-b.example/rome",
            "description": "Ilham Aliyev and Nikol Pashinyan will meet in Rome on 20 April, "
                           "officials said.", "pub": SAT}
    devs = developments(make_config, tmp_path, [vienna, rome])
    # Whether Rome is the Vienna meeting moved or another one is the state's call; what
    # matters is that Rome is read at all, not filed as a source of Vienna.
    assert [d["meeting"]["venue"]["city"] for d in devs] == ["Vienna", "Rome"]


def test_a_syndicated_copy_adds_a_source_and_no_second_alert(make_config, tmp_path):
    copy = {**TO_MEET, "title": "Aliyev and Pashinyan to meet in Brussels on Saturday - Wire B",
            "link": "https://wire-b.example/copy", "pub": FRI.replace(hour=11)}
    devs = developments(make_config, tmp_path, [TO_MEET, copy])
    assert len(devs) == 1
    store = Store(tmp_path / "replay.db")
    (dev,) = store.developments()
    assert "https://wire-b.example/copy" in [s["url"] for s in dev["sources"]]
    store.close()
    db = sqlite3.connect(tmp_path / "replay.db")
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (1 + 5,)  # + the baseline


def test_run_once_alerts_scheduled_then_held_from_near_identical_titles(tmp_path, server, smtp):
    box, smtp_port = smtp
    feed = server.serve("/feed.xml", rss([TO_MEET, MET]))
    proc = run_once(tmp_path, feed, smtp_port, alerts='max_age = "36500d"')
    assert proc.returncode == 0, proc.stderr
    subjects = sorted(m["Subject"] for m in box.messages)
    assert len(subjects) == 2, subjects
    assert subjects[0].startswith("Meeting held: ") and "Brussels" in subjects[0]
    assert subjects[1].startswith("Meeting scheduled: ") and "Brussels" in subjects[1]


def test_an_entry_is_read_once_though_it_looks_like_a_copy(make_config, tmp_path,
                                                            monkeypatch):
    """The copy check and the stored article use the same facts: one extraction each."""
    from watcher import reading
    from watcher.workers import Workers

    calls: list[str] = []
    real = reading.extract

    def counting(title, *args, **kw):
        calls.append(title)
        return real(title, *args, **kw)

    monkeypatch.setattr(reading, "extract", counting)
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([TO_MEET, MET]))
    devs = list(replay(make_config(), [feed], db=tmp_path / "r.db", with_baseline=False,
                       workers=Workers(0)))
    assert [d.meeting["status"] for d in devs] == ["scheduled", "held"]
    assert sorted(calls) == sorted([TO_MEET["title"], MET["title"]])
