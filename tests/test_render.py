"""How an alert reads: one card (headline, the change in a sentence, who and the host, the
evidence, the sources, the time in words), the same in the plain-text and the HTML part,
the HTML with inline styles only (mail clients drop <style>), and at any width."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from conftest import BRUSSELS_PLAN, CHROMIUM, REPO, assert_clean, overflow, screenshot

from watcher.alerts.card import html_body
from watcher.alerts.email import build
from watcher.alerts.outbox import deliver
from watcher.alerts.render import Wording, body
from watcher.config import EmailSettings, Only
from watcher.facts import Meeting, Venue, When
from watcher.state import State
from watcher.store import Store

EXAMPLE = json.loads((REPO / "docs" / "example_alert.json").read_text(encoding="utf-8"))
# The issue's own example: the fifth session of the border commissions, held as scheduled.
BORDER = {
    "type": "meeting_status", "published": "2023-11-30T12:00:00+00:00",
    "article_url": "https://wire.example/commissions",
    "meeting": {"level": "officials", "participants": ["Mher Grigoryan", "Shahin Mustafayev"],
                "mediators": [], "venue": {"city": None, "country": None},
                "date": "2023-11-30", "status": "held"},
    "previous": {"level": "officials", "participants": ["Mher Grigoryan", "Shahin Mustafayev"],
                 "mediators": [], "venue": {"city": None, "country": None},
                 "date": "2023-11", "status": "scheduled"},
    "evidence": "The border commissions met on the border on Thursday and agreed the rules "
                "of their joint work.",
}
BRUSSELS = BRUSSELS_PLAN
LACHIN = {
    "type": "route_status", "published": "2023-09-25T10:00:00+00:00",
    "article_url": "https://wire.example/lachin",
    "route": {"name": "Lachin corridor", "status": "reopened", "since": "2023-09-25"},
    "previous": {"name": "Lachin corridor", "status": "closed", "since": "2023-07-11"},
    "evidence": "Azerbaijan reopened the Lachin corridor on Monday, officials said.",
}
FAILING = {
    "type": "source_failing", "published": "2026-11-24T00:12:09+00:00",
    "article_url": "https://en.apa.az/rss",
    "feed": {"name": "APA", "url": "https://en.apa.az/rss",
             "detail": "5 failures in a row; last error: HTTP 503 Service Unavailable; "
                       "retry after 2026-11-24T01:12:09+00:00"},
    "previous": {"health": None}, "evidence": "5 failures in a row",
}
SOURCES = [{"url": "https://wire.example/commissions", "outlet": "Example Wire",
            "title": "Border commissions meet", "published": "2023-11-30T12:00:00+00:00"},
           {"url": "https://news.example/48213", "outlet": "Example News",
            "title": "Delimitation talks go on", "published": "2023-12-01T08:00:00+00:00"}]
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


class _Page(HTMLParser):
    """The elements of an HTML part (tag, attributes) and its visible text."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._skip += tag in ("title", "style", "head")

    def handle_endtag(self, tag):
        self._skip -= tag in ("title", "style", "head")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(" ".join(data.split()))


def _parts(dev: dict, sources: list[dict], wording: Wording | None = None) -> tuple[str, str]:
    settings = EmailSettings(sender="watcher@example.org", recipients=["desk@example.org"])
    msg = build(dev, sources, "k1", settings, wording)
    return (msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content())


def _in_order(text: str, pieces: list[str]) -> bool:
    at = 0
    for piece in pieces:
        at = text.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


def test_the_email_is_one_card_that_says_what_where_when_who():
    plain, html = _parts(BORDER, SOURCES)
    visible = " ".join(_Page(html).text)
    pieces = ["Meeting held: Grigoryan and Mustafayev, 30 November 2023",
              "Held on 30 November 2023, place not reported; it was scheduled for November 2023.",
              "Mher Grigoryan (Armenia's deputy prime minister and border commission chair)",
              "Shahin Mustafayev (Azerbaijan's deputy prime minister and border commission "
              "chair)",
              "no mediator reported",
              "\u201cThe border commissions met on the border on Thursday",
              "Example Wire", "30 November 2023", "first report", "Example News",
              "1 December 2023",
              "Reported 30 November 2023, 12:00 UTC"]
    assert _in_order(plain, pieces), plain
    assert _in_order(visible, pieces), visible
    assert '<a href="https://wire.example/commissions"' in html


def test_who_has_offices_the_host_is_named_and_a_route_says_what_it_was():
    plain, _ = _parts(BRUSSELS, [])
    assert "Scheduled for 14 May 2023 in Brussels, Belgium." in plain
    assert "Who: Ilham Aliyev (Azerbaijan's president) and Nikol Pashinyan (Armenia's prime " \
           "minister)" in plain
    assert "Host: Charles Michel (President of the European Council)" in plain
    plain, html = _parts(LACHIN, [])
    assert "Reopened on 25 September 2023; it had been closed since 11 July 2023." in plain
    assert "it had been closed since 11 July 2023" in " ".join(_Page(html).text)


def test_the_time_is_in_words_in_the_configured_time_zone():
    plain, html = _parts(BORDER, SOURCES, Wording(timezone="Asia/Yerevan"))
    assert "Reported 30 November 2023, 16:00 UTC+4" in plain
    assert "Reported 30 November 2023, 16:00 UTC+4" in " ".join(_Page(html).text)
    plain, _ = _parts(BORDER, SOURCES, Wording(timezone="Europe/Berlin"))
    assert "Reported 30 November 2023, 13:00 CET" in plain


@pytest.mark.parametrize("dev", [EXAMPLE["development"], BORDER, BRUSSELS, LACHIN, FAILING],
                         ids=["example", "border", "brussels", "lachin", "failing"])
def test_neither_part_holds_a_raw_iso_stamp(dev):
    plain, html = _parts(dev, EXAMPLE["sources"])
    shown = re.sub(r"<https?://[^>]*>", "", plain)  # the URLs may hold anything
    assert not ISO.search(shown), shown
    visible = " ".join(_Page(html).text)
    assert not ISO.search(visible), visible


def test_a_source_alert_says_when_in_words():
    plain, _ = _parts(FAILING, [])
    assert "retry after 24 November 2026, 01:12 UTC" in plain
    assert "Noted 24 November 2026, 00:12 UTC" in plain


@pytest.mark.parametrize("dev", [EXAMPLE["development"], LACHIN, FAILING],
                         ids=["example", "lachin", "failing"])
def test_the_html_part_needs_no_style_block(dev):
    _, html = _parts(dev, EXAMPLE["sources"])
    page = _Page(html)
    tags = {tag for tag, _ in page.elements}
    assert not tags & {"style", "link", "script"}
    assert not [a for _, a in page.elements if "class" in a or "id" in a]
    styled = ("body", "h1", "p", "a", "li", "ul", "blockquote", "td", "span")
    unstyled = [tag for tag, a in page.elements if tag in styled and not a.get("style")]
    assert not unstyled, unstyled
    assert "font-family" in html and "#1e5fb4" in html  # the digest's face and accent


def test_hostile_values_stay_escaped_and_clean():
    dev = json.loads(json.dumps(BRUSSELS))
    dev["evidence"] = "Talks <b>bold</b> & more\x1b[31m"
    sources = [{"url": "javascript:alert(1)", "outlet": "Wire <script>", "title": "<i>x</i>"}]
    plain, html = _parts(dev, sources)
    assert "<b>" not in html and "<script>" not in html and 'href="javascript' not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    assert "javascript:alert(1)" in html  # shown as text, never a link
    assert_clean(html)
    assert_clean(plain)


def test_the_outbox_words_the_alert_in_the_configured_time_zone(smtp, make_config):
    box, port = smtp
    config = make_config(watcher={"timezone": "Asia/Yerevan"}, alerts={"email": {
        "host": "127.0.0.1", "port": port, "starttls": False, "sender": "w@example.org",
        "recipients": ["desk@example.org"]}})
    store = Store(config.watcher.db)
    try:
        meeting = Meeting("leaders", ("Ilham Aliyev", "Nikol Pashinyan"), (),
                          Venue("Brussels", "Belgium"), When.day(datetime(2023, 5, 14).date()),
                          "scheduled", "Aliyev and Pashinyan will meet in Brussels on Sunday.")
        with store.tx():
            State(store, channels={"email": Only()}).apply(
                [meeting], article_id=None, url="https://a.example/1", outlet="Wire",
                published=datetime(2023, 5, 11, 12, tzinfo=UTC))
        assert deliver(store, config).sent == 1
    finally:
        store.close()
    plain = box.messages[0].get_body(("plain",)).get_content()
    assert "Reported 11 May 2023, 16:00 UTC+4" in plain


def test_plain_text_and_console_read_the_same():
    text = body(EXAMPLE["development"], EXAMPLE["sources"])
    assert text.splitlines()[0] == "Meeting held: Mirzoyan and Bayramov in Tbilisi, " \
                                   "19 November 2026"
    assert "Held on 19 November 2026 in Tbilisi, Georgia; it was scheduled." in text
    assert html_body(EXAMPLE["development"], EXAMPLE["sources"]).startswith("<!DOCTYPE html>")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("width", [390, 1280])
def test_the_alert_card_fits_a_phone_and_a_desktop_in_chromium(tmp_path, width):
    dev = json.loads(json.dumps(EXAMPLE["development"]))
    sources = EXAMPLE["sources"] + [{"url": "https://news.example/" + "very-long-path-" * 12,
                                     "outlet": "An outlet with a rather long name indeed",
                                     "title": "T", "published": "2026-11-21T08:00:00+00:00"},
                                    {"url": "ftp://files.example/" + "x" * 90, "outlet": "Ftp"}]
    html = html_body(dev, sources)
    assert overflow(html, width, tmp_path) == []
    shot = screenshot(html, width, tmp_path / f"alert{width}.png")
    assert shot.stat().st_size > 5_000


@pytest.mark.parametrize(("dev_type", "now", "before", "sentence"), [
    ("meeting_status", {"status": "cancelled", "date": "2023-10-05",
                        "venue": {"city": "Granada", "country": "Spain"}},
     {"status": "scheduled", "date": "2023-10-05",
      "venue": {"city": "Granada", "country": "Spain"}},
     "Cancelled: the meeting set for 5 October 2023 in Granada, Spain; it was scheduled."),
    ("meeting_changed", {"status": "scheduled", "date": "2024-05-20",
                         "venue": {"city": "Almaty", "country": "Kazakhstan"}},
     {"status": "scheduled", "date": "2024-05-14",
      "venue": {"city": "Brussels", "country": "Belgium"}},
     "Scheduled for 20 May 2024 in Almaty, Kazakhstan; it was set for 14 May 2024 in "
     "Brussels, Belgium."),
    ("meeting_new", {"status": "held", "date": None, "venue": {}}, None,
     "Held, day and place not reported."),
    ("meeting_new", {"status": "proposed", "date": "2024-10", "venue": {"country": "Kazakhstan"}},
     None, "Proposed for October 2024 in Kazakhstan."),
])
def test_the_change_is_one_sentence(dev_type, now, before, sentence):
    people = {"level": "foreign_ministers", "participants": [], "mediators": []}
    dev = {"type": dev_type, "published": "2024-05-01T08:00:00+00:00",
           "article_url": "https://a.example/1", "evidence": "E.",
           "meeting": {**people, **now}, "previous": {**people, **before} if before else None}
    lines = body(dev, []).splitlines()
    assert lines[1] == sentence
    assert lines[2] == "Who: the foreign ministers of Armenia and Azerbaijan (names not reported)"
