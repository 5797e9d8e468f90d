"""The digest: changes in the window, the state now, explicit 'no change' lines."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import CHROMIUM, HOSTILE_TEXT, REPO, assert_clean, overflow, screenshot

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


def _with_news(store):
    state = State(store)
    now = datetime.now(UTC)
    meeting = Meeting("leaders", ("Ilham Aliyev", "Nikol Pashinyan"), ("Charles Michel",),
                      Venue("Brussels", "Belgium"), When.day(now.date() + timedelta(days=3)),
                      "scheduled", "Michel will host Aliyev and Pashinyan in Brussels on "
                      "Sunday for a new round of talks " + "on the peace treaty " * 20)
    state.apply([meeting], article_id=None, url="https://wire.example/1", outlet="Wire",
                published=now, title="Leaders to meet")
    store.add_development_source(store.developments()[0]["id"],
                                 {"url": "javascript:alert(1)", "outlet": "Copy"})
    return digest.build(store, now - timedelta(hours=1))


def test_every_format_quotes_the_evidence_and_links_each_source(store):
    d = _with_news(store)
    text = digest.render(d, "text")
    assert "\u201cMichel will host Aliyev and Pashinyan in Brussels" in text
    assert "\u2026\u201d" in text  # a long evidence sentence is shortened
    assert "Wire (" in text and "first report) <https://wire.example/1>" in text
    md = digest.render(d, "markdown")
    assert "  > Michel will host" in md and "[Wire](https://wire.example/1)" in md
    assert "Copy (javascript:alert(1))" in md  # shown, never linked
    html = digest.render(d, "html")
    assert '<a href="https://wire.example/1"' in html and 'class="first"' in html
    assert 'href="javascript' not in html and "<blockquote>Michel will host" in html
    data = json.loads(digest.render(d, "json"))
    assert data["changes"]["meeting"][0]["evidence"].startswith("Michel will host")


def test_html_digest_is_self_contained_and_readable_on_a_phone(store):
    html = digest.render(_with_news(store), "html")
    assert '<meta name="viewport"' in html and "<style>" in html and "@media print" in html
    for external in ("<link ", "<script", "src=\"http", "@import", "url("):
        assert external not in html
    assert 'viewBox="0 0 ' in html  # the timeline scales with the page
    assert "Upcoming meetings" in html and "Checked, no change" in html
    assert "<b>1</b> change" in html and "last reported" in html


@pytest.fixture
def timeline_store(tmp_path, make_config):
    """The baseline and the timeline of 2023 to 2026: the digest's timeline spans years."""
    config = make_config(watcher={"timeline": str(REPO / "store" / "timeline.toml")})
    s = Store(config.watcher.db)
    pipeline = Pipeline(s, config)
    baseline.load(pipeline, config.watcher.baseline)
    assert baseline.load_timeline(pipeline, config.watcher.timeline) > 20
    yield s
    s.close()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_html_digest_renders_in_headless_chromium(store, tmp_path):
    html = digest.render(_with_news(store), "html")
    shot = screenshot(html, 420, tmp_path / "digest.png")
    assert shot.exists() and shot.stat().st_size > 10_000


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("width", [360, 390, 1280])
def test_the_digest_fits_a_phone_and_a_desktop_in_chromium(timeline_store, tmp_path, width):
    """Nothing cut off or scrolling sideways, the timeline's words at least 10 px."""
    html = digest.render(_with_news(timeline_store), "html")
    assert overflow(html, width, tmp_path) == []


def test_the_timeline_scales_and_speaks_in_years(timeline_store):
    html = digest.render(_with_news(timeline_store), "html")
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    drawings = [s for s in svgs if "Timeline" in s]
    assert drawings and all('width="100%"' in s and 'viewBox="0 0 ' in s for s in drawings)
    assert "min-width" not in html.split("<style>")[1].split("</style>")[0].split(
        ".timeline")[1][:200]
    for s in drawings:
        labels = re.findall(r"<text[^>]*>([^<]*)</text>", s)
        assert {"2024", "2025", "2026"} <= set(labels), labels
        assert not [t for t in labels if re.search(r"\d{4}-\d{2}", t)]
    legend = html.split('aria-label="Timeline"')[1].split("</section>")[0]
    assert "<li" in legend and "leaders" in legend and "foreign ministers" in legend
    assert "flex-wrap:wrap" in legend or "inline-block" in legend  # the legend wraps


def test_a_development_with_control_characters_leaves_every_format_clean(store):
    now = datetime.now(UTC)
    fact = RouteFact("Lachin corridor", "reopened", When.day(now.date()),
                     f"Azerbaijan reopened the Lachin corridor{HOSTILE_TEXT} on Monday.")
    State(store).apply([fact], article_id=None, url="https://wire.example/1",
                       outlet=f"Wire{HOSTILE_TEXT}", published=now,
                       title=f"Lachin reopens{HOSTILE_TEXT}")
    d = digest.build(store, now - timedelta(hours=1))
    html = digest.render(d, "html")
    assert_clean(html)
    assert "RED" in html and "Lachin reopens" in html  # only the controls are gone
    assert "33;1m" not in html  # the 8-bit CSI went whole
    assert_clean(digest.render(d, "text"))
    assert_clean(digest.render(d, "markdown"))
