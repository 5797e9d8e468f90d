"""The timeline: the known state from the seed corpus's end to the present, loaded after
the seeds, so that a watcher started today does not alert on long-known facts."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from conftest import REPO, rss, run_once

from watcher.config import ConfigError, from_dict
from watcher.extract.gazetteer import load as load_gazetteer
from watcher.timeline import TimelineError, read

SHIPPED = REPO / "store" / "timeline.toml"
NOW = datetime.now(UTC) - timedelta(hours=1)

RESTATED = [  # today's articles telling what has long been known
    {"title": "Petrol train reaches Armenia", "link": "https://wire.example/petrol",
     "description": "A new train carrying Azerbaijani petrol reached Armenia via Georgia on "
                    "Wednesday, the twelfth such shipment since Baku lifted its transit ban "
                    "on cargo to Armenia.", "pub": NOW},
    {"title": "TRIPP one year on", "link": "https://wire.example/tripp",
     "description": "The Trump Route for International Peace and Prosperity was agreed by "
                    "Aliyev and Pashinyan in Washington on 8 August 2025, and work on its "
                    "design goes on, officials said.", "pub": NOW},
    {"title": "Treaty text initialled", "link": "https://wire.example/treaty",
     "description": "Aliyev and Pashinyan met in Abu Dhabi in July 2025 and in Copenhagen in "
                    "October 2025; the peace treaty was initialled in Washington in August 2025.",
     "pub": NOW},
]
NEW = {"title": "Aliyev and Pashinyan to meet in Vienna", "link": "https://wire.example/vienna",
       "description": "Azerbaijani President Ilham Aliyev and Armenian Prime Minister Nikol "
                      "Pashinyan will meet in Vienna next week, the Austrian foreign ministry "
                      "said.", "pub": NOW}


def test_a_fresh_watcher_does_not_alert_on_long_known_facts(tmp_path, server, smtp):
    box, smtp_port = smtp
    server.serve("/feed.xml", rss([*RESTATED, NEW]))
    proc = run_once(tmp_path, server.url("/feed.xml"), smtp_port,
                    watcher=f'timeline = "{SHIPPED}"')
    assert proc.returncode == 0, proc.stderr
    subjects = [m["Subject"] for m in box.messages]
    assert len(subjects) == 1, subjects
    assert subjects[0].startswith("Meeting scheduled: ") and "Vienna" in subjects[0]


def test_facts_on_a_fresh_store_know_the_routes_of_today(tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[watcher]\ndb = "{tmp_path / "w.db"}"\n')
    assert subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), "baseline"],
                          capture_output=True, timeout=120).returncode == 0
    out = subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), "facts"],
                         capture_output=True, text=True, timeout=60).stdout
    assert "TRIPP route (Zangezur corridor): agreed since 2025-08-08" in out
    assert "Transit via Azerbaijan to Armenia (cargo, rail): open since 2025-10" in out
    assert "Aliyev and Pashinyan in Abu Dhabi, 10 July 2025" in out


def test_replay_keeps_the_seed_baseline_unless_asked(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([{**RESTATED[0], "pub": datetime(2025, 11, 5, 9, tzinfo=UTC)}]))

    def replay(*extra: str) -> str:
        return subprocess.run([sys.executable, "-m", "watcher", "replay", *extra, str(feed)],
                              capture_output=True, text=True, timeout=120, cwd=tmp_path).stdout
    assert '"route_status"' in replay()  # news against the seeds of 2023
    assert replay("--baseline", "full") == ""  # long known against the timeline


@pytest.mark.parametrize(("entry", "says"), [
    ('[[route]]\nid = "x"\nroute = "Silk Road"\nstatus = "open"\nsince = "2025-01-01"\n'
     'summary = "s"\nsources = ["https://a.example/"]\n', "route[0] (x).route: 'Silk Road'"),
    ('[[meeting]]\nid = "m"\nstatus = "held"\ndate = "2025-13-01"\nlevel = "leaders"\n'
     'summary = "s"\nsources = ["https://a.example/"]\n', "meeting[0] (m).date:"),
    ('[[meeting]]\nid = "m"\nstatus = "met"\ndate = "2025-01-01"\nlevel = "leaders"\n'
     'summary = "s"\nsources = ["https://a.example/"]\n', "meeting[0] (m).status:"),
    ('[[meeting]]\nid = "m"\nstatus = "held"\ndate = "2025-01-01"\nlevel = "leaders"\n'
     'summary = "s"\nsources = ["ftp://a.example/"]\n', "meeting[0] (m).sources:"),
])
def test_a_bad_entry_is_one_line_naming_it(tmp_path, entry, says):
    path = tmp_path / "timeline.toml"
    path.write_text(entry)
    with pytest.raises(TimelineError, match=None) as err:
        read(path, load_gazetteer())
    assert says in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ConfigError) as cfg_err:
        from_dict({"watcher": {"timeline": str(path)}}, source="c.toml")
    assert "c.toml: watcher.timeline: " in str(cfg_err.value)


def test_the_shipped_timeline_is_valid_and_reaches_2026():
    items = read(SHIPPED, load_gazetteer())
    assert len(items) >= 50 and max(it.day for it in items).year >= 2026
    assert all(it.sources for it in items)


def test_a_plan_whose_day_passed_unreported_has_gone_quiet(tmp_path):
    from datetime import date

    from watcher import digest
    from watcher.facts import Meeting, Venue, When
    from watcher.state import State
    from watcher.store import Store

    store = Store(tmp_path / "w.db")
    plan = Meeting(level="leaders", participants=("Ilham Aliyev", "Nikol Pashinyan"),
                   mediators=(), venue=Venue("Vienna", "Austria"),
                   when=When.day(date(2026, 11, 20)), status="scheduled",
                   evidence="Aliyev and Pashinyan will meet in Vienna on 20 November.")
    with store.tx():
        State(store).apply([plan], article_id=None, url="https://wire.example/plan",
                           outlet="Wire", published=datetime(2026, 11, 12, 9, tzinfo=UTC))
    d = digest.build(store, datetime(2026, 12, 1, tzinfo=UTC),
                     now=datetime(2026, 12, 7, tzinfo=UTC))
    store.close()
    assert d.quiet == ["Aliyev and Pashinyan in Vienna, 20 November 2026 (scheduled): "
                       "no report since 12 November 2026"]
    assert "## Plans gone quiet" in digest.render(d, "markdown")
    assert digest.quiet_plan({**d.upcoming[0], "date": "2026-12-20"} if d.upcoming else
                             {"status": "scheduled", "date": "2099-01-01"},
                             date(2026, 12, 7)) is None  # a day still to come
