"""A development in words: a headline that says the news, and the alert's card.

The card is what every channel tells, in this order: the headline; the change in one
sentence ("Held on 30 November 2023 in Brussels, Belgium; it was scheduled."); who, with
their offices, and the host; the quoted evidence; the sources, the first report marked;
the time in words, in the configured time zone. `body` writes it as plain text (email,
console), `card.html_body` as HTML.

Every value from outside (titles, evidence, outlets, URLs) goes through `one_line_text`,
which drops control characters and escape sequences (`textclean.clean`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..extract.gazetteer import Gazetteer, GazetteerError
from ..extract.gazetteer import current as current_gazetteer
from ..facts import When
from ..textclean import clean, markup_safe

_STATUS_WORD = {
    "proposed": "proposed", "scheduled": "scheduled", "held": "held",
    "cancelled": "cancelled", "postponed": "postponed",
}
_LEVEL = {"leaders": "leaders", "foreign_ministers": "foreign ministers",
          "officials": "officials"}
_ROUTE_WORD = {
    "open": "open", "closed": "closed", "blockaded": "blockaded",
    "checkpoint": "under checkpoint control",
    "humanitarian_only": "open to humanitarian traffic only",
    "reopened": "reopened", "agreed": "agreed", "proposed": "proposed",
}
_ROUTE_EVENT = ("reopened", "agreed", "proposed")  # told "on" a day; the others "since"
# Offices told as they stand; the others after their country ("Armenia's foreign minister").
_OFFICE = {"eu_council_president": "President of the European Council",
           "eu_commission_president": "President of the European Commission",
           "eu_high_representative": "EU High Representative",
           "eu_special_representative": "EU Special Representative",
           "eu_adviser": "EU adviser"}


def one_line_text(text: str) -> str:
    """Article text on one line, clean: a title with a newline must not forge a line of its
    own, nor an escape sequence reach a terminal."""
    return " ".join(clean(text).split())


def human_date(value: str | None) -> str | None:
    """'2023-05-14' -> '14 May 2023'; '2023-10' -> 'October 2023'."""
    if not value:
        return None
    when = _when(value)
    if when is None:
        return one_line_text(value)
    if when.precision == "day":
        d: date = when.start
        return f"{d.day} {d:%B %Y}"
    if when.precision == "month":
        return f"{when.start:%B %Y}"
    return value


def _when(value: str | None) -> When | None:
    """A stored date ('2023-05-14', '2023-10', '2024'); None for anything else."""
    try:
        return When.parse(value) if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value or "") else None
    except ValueError:
        return None


def _surnames(names: list[str]) -> str:
    last = [n.split()[-1] for n in names]
    return " and ".join(last) if len(last) <= 2 else ", ".join(last[:-1]) + " and " + last[-1]


def _place(venue: dict | None) -> str | None:
    if not venue:
        return None
    return venue.get("city") or venue.get("country")


def headline(dev: dict) -> str:
    """'Meeting held: Aliyev and Pashinyan in Brussels, 14 May 2023'."""
    return one_line_text(_headline(dev))


def _headline(dev: dict) -> str:
    kind = dev["type"]
    if kind == "possible":
        return f"Unconfirmed: a possible {dev['possible']['kind']} development (not read for sure)"
    if kind.startswith("source_"):
        word = {"source_failing": "failing", "source_silent": "silent",
                "source_recovered": "recovered"}.get(kind, kind)
        return f"Source {word}: {dev['feed']['name']}"
    if kind == "route_status":
        route = dev["route"]
        since = human_date(route.get("since"))
        text = f"{route['name']} {_ROUTE_WORD.get(route['status'], route['status'])}"
        return f"Route: {text}" + (f" since {since}" if since else "")
    m = dev["meeting"]
    verb = "Meeting moved" if kind == "meeting_changed" else \
        "Meeting " + _STATUS_WORD[m["status"]]
    return f"{verb}: {meeting_label(m)}"


def meeting_label(m: dict) -> str:
    """'Aliyev and Pashinyan in Brussels, 14 May 2023'."""
    label = _surnames(m["participants"]) or _LEVEL.get(m["level"], "officials")
    if place := _place(m.get("venue")):
        label += f" in {place}"
    if when := human_date(m.get("date")):
        label += f", {when}"
    return one_line_text(label)


@dataclass(frozen=True)
class Wording:
    """How this installation tells an alert: the time zone of its times (`[watcher]
    timezone`) and the names file that gives people's offices (`[extract] gazetteer`)."""

    timezone: str = "UTC"
    names: Path | None = None

    @classmethod
    def of(cls, config) -> Wording:
        return cls(config.watcher.timezone, config.extract.gazetteer)

    def gazetteer(self) -> Gazetteer:
        try:
            return current_gazetteer(self.names)
        except GazetteerError:  # offices are a courtesy: an alert never fails for them
            return current_gazetteer(None)


@dataclass(frozen=True)
class Card:
    """An alert as a reader sees it, in reading order."""

    headline: str
    status: str | None  # the meeting's or route's status now (the badge); None for a feed
    change: str  # the change in one sentence
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, text): who, host
    evidence: str | None = None  # shortened to EVIDENCE_LIMIT
    sources: list[dict] = field(default_factory=list)  # as `source_links` gives them
    when: str = ""  # 'Reported 30 November 2023, 12:00 UTC'


def card(dev: dict, sources: list[dict] | None = None, wording: Wording | None = None) -> Card:
    """The development `dev` (with its `sources`) as the alert's card."""
    wording = wording or Wording()
    tz = wording.timezone
    if dev["type"].startswith("source_"):
        detail = one_line_text(stamps_in_words(dev["feed"]["detail"] or "", tz))
        return Card(headline(dev), None, detail[:1].upper() + detail[1:],
                    [("Feed", one_line_text(dev["feed"]["url"]))],
                    when=f"Noted {moment(dev['published'], tz)}")
    if dev["type"] == "possible":
        return Card(headline(dev), None,
                    "The watcher's rules could not decide what this sentence tells: "
                    f"{one_line_text(dev['possible']['reason'])}. Check it by hand.", [],
                    shorten(dev["evidence"], EVIDENCE_LIMIT) if dev.get("evidence") else None,
                    source_links(sources, dev.get("article_url"), tz),
                    f"Reported {moment(dev['published'], tz)}")
    if dev["type"] == "route_status":
        status, change, facts = dev["route"]["status"], _route_change(dev), []
    else:
        m = dev["meeting"]
        status, change = m["status"], _meeting_change(m, dev.get("previous"))
        facts = _who(m, dev["published"], wording.gazetteer())
    return Card(headline(dev), status, one_line_text(change), facts,
                shorten(dev["evidence"], EVIDENCE_LIMIT) if dev.get("evidence") else None,
                source_links(sources, dev.get("article_url"), tz),
                f"Reported {moment(dev['published'], tz)}")


def _at(value: str | None, word: str) -> str | None:
    """'on 14 May 2023' (a day), 'in October 2023' (a month or a year), with `word` ("on",
    "for", "since") before a day; None without a date."""
    when = human_date(value)
    if not when:
        return None
    day = _when(value)
    if day is not None and day.precision != "day" and word == "on":
        return f"in {when}"
    return f"{word} {when}"


def _where(venue: dict | None) -> str | None:
    """'in Tbilisi, Georgia', 'in Georgia'; None when unknown."""
    venue = venue or {}
    names = [v for v in (venue.get("city"), venue.get("country")) if v]
    names = list(dict.fromkeys(names))  # a city-state once
    return f"in {', '.join(names)}" if names else None


def _meeting_change(m: dict, prev: dict | None) -> str:
    """'Held on 30 November 2023 in Brussels, Belgium; it was scheduled.'"""
    status = m["status"]
    word = "on" if status == "held" else "for"
    when, place = _at(m.get("date"), word), _where(m.get("venue"))
    opening = f"{status.capitalize()}: the meeting" if status in ("cancelled", "postponed") \
        else _STATUS_WORD.get(status, status).capitalize()
    if when and status in ("cancelled", "postponed"):
        when = f"set {when}"
    text = " ".join(bit for bit in (opening, when, place) if bit)
    if missing := [name for name, known in (("day", when), ("place", place)) if not known]:
        text += f", {' and '.join(missing)} not reported"
    if prev:
        before = [prev["status"] if prev["status"] != status else "set"]
        if prev.get("date") and prev.get("date") != m.get("date"):
            before.append(_at(prev["date"], "on" if prev["status"] == "held" else "for"))
        if (was := _where(prev.get("venue"))) and was != place:
            before.append(was)
        if len(before) > 1 or before[0] != "set":
            text += "; it was " + " ".join(before)
    return text + "."


def _route_change(dev: dict) -> str:
    """'Reopened on 25 September 2023; it had been closed since 11 July 2023.'"""
    now, prev = dev["route"], dev.get("previous")
    status = now["status"]
    when = _at(now.get("since"), "on" if status in _ROUTE_EVENT else "since")
    text = _ROUTE_WORD.get(status, status).capitalize() + (f" {when}" if when
                                                           else ", day not reported")
    if prev and prev.get("status"):
        was = "open" if prev["status"] == "reopened" else \
            _ROUTE_WORD.get(prev["status"], prev["status"])
        since = _at(prev.get("since"), "since")
        text += f"; it had been {was}" + (f" {since}" if since else "")
    return text.replace("_", " ") + "."


def _who(m: dict, published: str, gaz: Gazetteer) -> list[tuple[str, str]]:
    """('Who', 'Ilham Aliyev (Azerbaijan's president) and ...'), ('Host', ...)."""
    try:  # the offices held on the meeting's day, else on the day it was reported
        when = _when(m.get("date"))
        day = when.start if when else date.fromisoformat(published[:10])
    except ValueError:
        day = None
    sides = {"leaders": "the leaders", "foreign_ministers": "the foreign ministers"}.get(
        m.get("level"), "officials")
    who = _and([_person(n, day, gaz) for n in m.get("participants") or []]) or \
        f"{sides} of Armenia and Azerbaijan (names not reported)"
    host = _and([_person(n, day, gaz) for n in m.get("mediators") or []]) or \
        "no mediator reported"
    return [("Who", who), ("Host", host)]


def _person(name: str, day: date | None, gaz: Gazetteer) -> str:
    """'Ararat Mirzoyan (Armenia's foreign minister)': the offices held on `day`."""
    person = gaz.person(name)
    offices = person.offices_on(day) if person and day else []
    if not offices:
        return name
    words = " and ".join(_OFFICE.get(o, o.replace("_", " ")) for o in offices)
    country = gaz.countries.get(person.country)
    if country is None or person.country == "EU" or all(o in _OFFICE for o in offices):
        return f"{name} ({words})"
    return f"{name} ({_possessive(country.name)} {words})"


def _possessive(country: str) -> str:
    """"Armenia's", "the United States'"."""
    if country.startswith(("United ", "European ", "Netherlands", "Philippines")):
        country = "the " + country
    return country + ("'" if country.endswith("s") else "'s")


def _and(items: list[str]) -> str:
    return " and ".join(items) if len(items) <= 2 else \
        ", ".join(items[:-1]) + " and " + items[-1]


def moment(stamp: str, timezone: str = "UTC") -> str:
    """'2023-11-30T12:00:00+00:00' -> '30 November 2023, 12:00 UTC' in `timezone` ('16:00
    UTC+4' in Asia/Yerevan, '13:00 CET' in Europe/Berlin); a naive stamp is UTC."""
    try:
        when = datetime.fromisoformat(stamp.strip())
    except (AttributeError, ValueError):
        return one_line_text(str(stamp))
    local = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(ZoneInfo(timezone))
    name = local.tzname() or ""
    if not name.isalpha():  # '+04': the offset in words
        minutes = int(local.utcoffset().total_seconds() // 60)
        sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
        name = f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")
    return f"{local.day} {local:%B %Y}, {local:%H:%M} {name}"


_STAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                    r"(?:Z|[+-]\d{2}:?\d{2})?)?\b")


def stamps_in_words(text: str, timezone: str = "UTC") -> str:
    """Every ISO date or time in `text` told in words ('retry after 24 November 2026, 01:12
    UTC'); what does not parse stays as it is."""
    def words(m: re.Match) -> str:
        value = m.group().replace("Z", "+00:00")
        try:
            return moment(value, timezone) if len(value) > 10 else \
                human_date(date.fromisoformat(value).isoformat())
        except ValueError:
            return m.group()

    return _STAMP.sub(words, text)


def body(dev: dict, sources: list[dict] | None = None, wording: Wording | None = None) -> str:
    """The card as plain text (an email's plain part, the console): one line each."""
    c = card(dev, sources, wording)
    lines = [c.headline, c.change, *(f"{label}: {text}" for label, text in c.facts)]
    if c.evidence:
        lines.append(f"Evidence: \u201c{c.evidence}\u201d")
    for s in c.sources:
        notes = ", ".join(n for n in (s["day"], "first report" if s["first"] else None) if n)
        title = f": {s['title']}" if s["title"] else ""
        lines.append(f"Source: {s['outlet']}{title}" + (f" ({notes})" if notes else "")
                     + f" <{s['url']}>")
    lines.append(c.when)
    return "\n".join(one_line_text(line) for line in lines)


EVIDENCE_LIMIT = 600  # characters of the evidence sentence an alert quotes


def shorten(text: str, limit: int = 240) -> str:
    """One line of at most `limit` characters, cut at a word with an ellipsis."""
    text = one_line_text(text or "")
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def source_links(sources: list[dict], fallback_url: str | None = None,
                 timezone: str | None = None) -> list[dict]:
    """The sources of a development as display data: outlet, url, day (in `timezone`, else
    as stamped), whether it is a link (http(s) only) and which reported first (the first
    one recorded)."""
    sources = sources or ([{"url": fallback_url, "outlet": None}] if fallback_url else [])
    out = []
    for i, s in enumerate(sources):
        url = one_line_text(s.get("url") or "")
        out.append({"outlet": one_line_text(s.get("outlet") or "") or "unknown outlet",
                    "url": url,
                    "title": one_line_text(s.get("title") or ""),
                    "day": _day(s.get("published"), timezone), "link": linkable(url),
                    "first": i == 0})
    return out


def _day(stamp: str | None, timezone: str | None) -> str | None:
    """The day of a publication stamp in words, in `timezone` when it has a time."""
    if not stamp:
        return None
    if timezone and len(stamp) > 10:
        return moment(stamp, timezone).split(",")[0]
    return human_date(stamp[:10])


def linkable(url: str) -> bool:
    """Only an http(s) address becomes a link: a source URL comes from a third party's
    feed, and "javascript:" or "data:" in an href would run in the reader's mail client."""
    return url.strip().lower().startswith(("http://", "https://"))


def atom_feed(rows: list[dict], self_url: str = "urn:watcher:developments",
              updated: str | None = None) -> str:
    """The developments as an Atom 1.0 feed: one entry per development, newest first, its
    id stable (from its idempotency key), its content the evidence and the source links,
    its `updated` the development's own time. Everything from outside is cleaned and
    escaped; nothing XML 1.0 forbids is left in the document."""
    from hashlib import sha256
    from html import escape
    from xml.sax.saxutils import escape as xml

    entries = []
    for r in sorted(rows, key=lambda r: r["id"], reverse=True):
        dev = r["data"]
        when = one_line_text(r.get("created_at") or dev.get("published") or "")
        links = source_links(r.get("sources") or [], dev.get("article_url"))
        content = (f"<p><q>{escape(shorten(dev.get('evidence') or '', 400))}</q></p><ul>"
                   + "".join(
                       "<li>" + (f'<a href="{escape(s["url"], quote=True)}">'
                                 f'{escape(s["outlet"])}</a>' if s["link"]
                                 else f"{escape(s['outlet'])} ({escape(s['url'])})")
                       + (f" {escape(s['day'])}" if s["day"] else "")
                       + (" (first report)" if s["first"] else "") + "</li>"
                       for s in links) + "</ul>")
        first = next((s["url"] for s in links if s["link"]), None)
        alternate = f'<link rel="alternate" href="{xml(first, {chr(34): "&quot;"})}"/>' \
            if first else ""
        uid = "urn:watcher:development:" + sha256(r["key"].encode()).hexdigest()[:32]
        entries.append(
            f"<entry><id>{uid}</id><title>{xml(headline(dev))}</title>"
            f"<updated>{xml(when)}</updated>{alternate}"
            f'<content type="html">{xml(content)}</content></entry>')
    newest = updated or (max((r.get("created_at") or "" for r in rows), default="")
                         or "1970-01-01T00:00:00+00:00")
    return markup_safe('<?xml version="1.0" encoding="utf-8"?>\n'
                       '<feed xmlns="http://www.w3.org/2005/Atom">'
                       "<title>Armenia-Azerbaijan watch: developments</title>"
                       f"<id>{xml(self_url)}</id><updated>{xml(newest)}</updated>"
                       f'<link rel="self" href="{xml(self_url, {chr(34): "&quot;"})}"/>'
                       "<author><name>watcher</name></author>"
                       + "".join(entries) + "</feed>\n")
