"""The digest: changes in the window, the state now, explicit 'no change' lines."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from watcher import baseline, digest
from watcher.facts import Meeting, RouteFact, Venue, When
from watcher.pipeline import Pipeline
from watcher.state import State
from watcher.store import Store


@pytest.fixture
def store(tmp_path, make_config):
    config = make_config()
    s = Store(config.watcher.db)
    baseline.load(Pipeline(s, config), config.watcher.baseline)
    yield s
    s.close()


def test_since_parsing():
    now = datetime(2024, 5, 10, 12, tzinfo=UTC)
    assert digest.parse_since("24h", now) == now - timedelta(hours=24)
    assert digest.parse_since("7d", now) == now - timedelta(days=7)
    assert digest.parse_since("2024-05-01", now) == datetime(2024, 5, 1, tzinfo=UTC)
    with pytest.raises(digest.DigestError, match="'banana' is not a window"):
        digest.parse_since("banana", now)


def test_nothing_new_is_said_and_every_route_is_checked(store):
    d = digest.build(store, datetime.now(UTC) - timedelta(days=1))
    text = digest.render(d, "text")
    assert "Nothing new since" in text
    assert "Lachin corridor: closed since 11 July 2023" in text
    assert "Lachin corridor: no change since" in text and "(still closed)" in text
    assert digest.title(d).startswith("Armenia-Azerbaijan watch: nothing new since")


def test_changes_grouped_newest_first_with_sources_and_upcoming_meetings(store):
    state = State(store)
    now = datetime.now(UTC)
    soon = When.day(now.date() + timedelta(days=5))
    meeting = Meeting("leaders", ("Ilham Aliyev", "Nikol Pashinyan"), (), Venue("Geneva",
                      "Switzerland"), soon, "scheduled", "They will meet in Geneva.")
    state.apply([meeting], article_id=None, url="https://a/1", outlet="Wire", published=now)
    reopened = RouteFact("Lachin corridor", "reopened", When.day(now.date()), "Reopened.")
    state.apply([reopened], article_id=None, url="https://a/2", outlet="Other",
                published=now + timedelta(minutes=1))
    d = digest.build(store, now - timedelta(hours=1))
    assert list(d.changes) == ["route", "meeting"]  # newest first
    assert d.changes["route"][0]["sources"][0]["outlet"] == "Other"
    assert [m["venue"]["city"] for m in d.upcoming] == ["Geneva"]
    md = digest.render(d, "markdown")
    assert "## What changed: Routes" in md and "- Route: Lachin corridor reopened" in md
    assert "Aliyev and Pashinyan in Geneva" in md
    data = json.loads(digest.render(d, "json"))
    assert data["routes"][0]["status"] == "reopened"
    assert digest.title(d).startswith("Armenia-Azerbaijan watch: 2 changes since")


def test_html_is_a_page_with_an_svg_timeline(store):
    html = digest.render(digest.build(store, datetime(2023, 1, 1, tzinfo=UTC)), "html")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "Lachin corridor" in html and "<circle" in html and "<rect" in html


def test_timeline_bands_follow_route_history(store):
    reopened = RouteFact("Lachin corridor", "reopened", When.day(date(2023, 9, 25)), "e")
    State(store).apply([reopened], article_id=None, url="https://a/9", outlet="W",
                       published=datetime(2023, 9, 25, 12, tzinfo=UTC))
    t = digest.build(store, datetime(2023, 1, 1, tzinfo=UTC)).timeline
    assert [(s["from"], s["status"]) for s in t["bands"]["Lachin corridor"]] == [
        ("2023-07-11", "closed"), ("2023-09-25", "reopened")]
    assert t["bands"]["Lachin corridor"][0]["to"] == "2023-09-25"
    assert date.fromisoformat(t["points"][0]["date"]) <= date(2023, 5, 1)


def test_unknown_format_is_refused(store):
    with pytest.raises(digest.DigestError, match="format"):
        digest.render(digest.build(store, datetime.now(UTC)), "pdf")
