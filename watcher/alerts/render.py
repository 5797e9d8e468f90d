"""A development in words: a headline that says the news, and a plain-text body.

Every value from outside (titles, evidence, outlets, URLs) goes through `one_line_text`,
which drops control characters and escape sequences (`textclean.clean`)."""

from __future__ import annotations

from datetime import date

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
    "reopened": "reopened",
}


def one_line_text(text: str) -> str:
    """Article text on one line, clean: a title with a newline must not forge a line of its
    own, nor an escape sequence reach a terminal."""
    return " ".join(clean(text).split())


def human_date(value: str | None) -> str | None:
    """'2023-05-14' -> '14 May 2023'; '2023-10' -> 'October 2023'."""
    if not value:
        return None
    when = When.parse(value)
    if when is None:
        return one_line_text(value)
    if when.precision == "day":
        d: date = when.start
        return f"{d.day} {d:%B %Y}"
    if when.precision == "month":
        return f"{when.start:%B %Y}"
    return value


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


def _meeting_line(m: dict) -> str:
    bits = [f"status {m['status']}", f"level {_LEVEL.get(m['level'], m['level'])}"]
    if m["participants"]:
        bits.append("participants " + ", ".join(m["participants"]))
    if m["mediators"]:
        bits.append("mediators " + ", ".join(m["mediators"]))
    if place := _place(m.get("venue")):
        venue = m["venue"]
        bits.append("venue " + ", ".join(v for v in (venue.get("city"), venue.get("country"))
                                          if v) if venue.get("city") else f"venue {place}")
    bits.append("date " + (human_date(m.get("date")) or "unknown"))
    return "; ".join(bits)


def body(dev: dict, sources: list[dict] | None = None) -> str:
    """What changed (before and after), when, where, who, the evidence and the sources."""
    lines = [headline(dev)]
    if dev["type"].startswith("source_"):
        lines += [f"Feed: {dev['feed']['url']}", f"Detail: {dev['feed']['detail']}",
                  f"Noted: {dev['published']}"]
        return "\n".join(one_line_text(line) for line in lines)
    if dev["type"] == "route_status":
        now = dev["route"]
        lines.append(f"Now: {now['status']}" + (f" since {human_date(now['since'])}"
                                                 if now.get("since") else ""))
        if prev := dev.get("previous"):
            lines.append(f"Before: {prev['status']}" + (
                f" since {human_date(prev['since'])}" if prev.get("since") else ""))
    else:
        lines.append("Now: " + _meeting_line(dev["meeting"]))
        if prev := dev.get("previous"):
            lines.append("Before: " + _meeting_line(prev))
    lines.append(f"Evidence: \u201c{shorten(dev['evidence'], EVIDENCE_LIMIT)}\u201d")
    for s in source_links(sources, dev.get("article_url")):
        notes = ", ".join(n for n in (s["day"], "first report" if s["first"] else None) if n)
        title = f": {s['title']}" if s["title"] else ""
        lines.append(f"Source: {s['outlet']}{title}" + (f" ({notes})" if notes else "")
                     + f" <{s['url']}>")
    lines.append(f"Reported: {dev['published']}")
    return "\n".join(one_line_text(line) for line in lines)


EVIDENCE_LIMIT = 600  # characters of the evidence sentence an alert quotes


def shorten(text: str, limit: int = 240) -> str:
    """One line of at most `limit` characters, cut at a word with an ellipsis."""
    text = one_line_text(text or "")
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def source_links(sources: list[dict], fallback_url: str | None = None) -> list[dict]:
    """The sources of a development as display data: outlet, url, day, whether it is a
    link (http(s) only) and which reported first (the first one recorded)."""
    sources = sources or ([{"url": fallback_url, "outlet": None}] if fallback_url else [])
    out = []
    for i, s in enumerate(sources):
        url = one_line_text(s.get("url") or "")
        out.append({"outlet": one_line_text(s.get("outlet") or "") or "unknown outlet",
                    "url": url,
                    "title": one_line_text(s.get("title") or ""),
                    "day": human_date((s.get("published") or "")[:10]) if s.get("published")
                    else None, "link": linkable(url), "first": i == 0})
    return out


def linkable(url: str) -> bool:
    """Only an http(s) address becomes a link: a source URL comes from a third party's
    feed, and "javascript:" or "data:" in an href would run in the reader's mail client."""
    return url.strip().lower().startswith(("http://", "https://"))


def html_body(dev: dict, sources: list[dict] | None = None) -> str:
    """The same content as `body`, as an email-ready HTML fragment (everything escaped)."""
    from html import escape

    lines = body(dev, sources).splitlines()
    title, rest = lines[0], lines[1:]
    rows = []
    for line in rest:
        label, _, value = line.partition(": ")
        if label == "Source":
            outlet, _, url = value.rpartition(" <")
            url = url.rstrip(">")
            value_html = (f'<a href="{escape(url, quote=True)}">{escape(outlet or url)}</a>'
                          if linkable(url) else escape(f"{outlet} ({url})" if outlet else url))
        else:
            value_html = escape(value)
        rows.append(f"<tr><th align=\"left\" valign=\"top\">{escape(label)}</th>"
                    f"<td>{value_html}</td></tr>")
    return markup_safe(f"<html><body><h2>{escape(title)}</h2>"
                       f"<table cellpadding=\"4\">{''.join(rows)}</table></body></html>")


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
