"""`watcher explain`: why an article gave (or did not give) its developments.

For one article, a stored one (by URL) or a text or HTML file, it prints every sentence a
rule looked at, what the rule read there (status, parties, venue, date) and why a
candidate was dropped (one side only, a phone call, history, a demand ...); then the facts
of the article once its mentions are merged; then, where a store exists, what each fact
would do to the known state (a new development, a status change, or nothing, and why).

Reading and diffing are the pipeline's own pure functions; nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import trafilatura

from .dedup import canonical_url
from .extract import Reading, extract
from .extract.gazetteer import Gazetteer
from .extract.gazetteer import load as load_gazetteer
from .facts import Meeting, RouteFact
from .feeds import html_to_text
from .files import FileRefused, read_regular
from .state import (
    Known,
    article_verdicts,
    diff_meeting,
    diff_route,
    same_passage,
    told_by_kin,
)
from .store import Store


class ExplainError(Exception):
    """The article cannot be found or read."""


@dataclass
class Article:
    title: str
    text: str
    published: date
    where: str
    published_known: bool = True


def is_url(value: str) -> bool:
    """An http(s) URL, in any case ('HTTPS://...'), rather than a file's name."""
    return re.match(r"https?://", value, re.IGNORECASE) is not None


def from_store(store: Store, url: str) -> Article | None:
    rows = list(store.db.query(
        "SELECT title, text, published FROM articles WHERE url = ? OR url = ? LIMIT 1",
        [url, canonical_url(url)]))
    if not rows:
        return None
    row = rows[0]
    published = datetime.fromisoformat(row["published"]).astimezone(UTC).date()
    return Article(row["title"] or "", row["text"] or "", published, url)


def from_file(path: Path, published: date | None, title: str | None, limit: int) -> Article:
    """A text or HTML file of at most `limit` bytes ([fetch] max_body_bytes, as for a page
    fetched): a larger one is refused before it is read, let alone parsed."""
    try:
        raw = read_regular(path, limit)
    except FileRefused as exc:
        raise ExplainError(f"{path}: {exc}") from None
    html = path.suffix.lower() in (".html", ".htm")
    return from_body(raw, str(path), published, title, html)


def from_body(raw: bytes, where: str, published: date | None, title: str | None,
              html: bool = False) -> Article:
    """An article from a page's bytes: HTML (by `html`, or by its first character) or text."""
    body = raw.decode("utf-8", errors="replace")
    if html or body.lstrip().startswith("<"):
        text = trafilatura.extract(body, include_comments=False) or html_to_text(body)
        meta = trafilatura.extract_metadata(body)
        title = title or (meta.title if meta and meta.title else "")
        if published is None and meta and meta.date:
            try:
                published = date.fromisoformat(meta.date[:10])
            except ValueError:
                published = None
    else:
        text = body
        if title is None:
            first = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
            title = first if len(first.split()) <= 25 and not first.endswith(".") else ""
    known = published is not None
    return Article(title or "", text, published or datetime.now(UTC).date(), where, known)


def _fact_line(data: dict) -> str:
    if "name" in data:
        since = f" since {data['since']}" if data.get("since") else ""
        return f"route {data['name']}: {data['status']}{since}" + (
            " (a description)" if data.get("strength") == "state" else "")
    who = " + ".join(p.split()[-1] for p in data.get("participants", [])) or "(sides only)"
    hosts = ", ".join(p.split()[-1] for p in data.get("mediators", []))
    venue = data.get("venue") or {}
    place = venue.get("city") or venue.get("country") or "no venue"
    out = f"{data.get('level') or 'officials'} {who}"
    if hosts:
        out += f" (with {hosts})"
    return f"{out}, {place}, {data.get('date') or 'no date'}: {data.get('status')}"


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _state_lines(facts: list, known: list[Known], day: date,
                 kin: dict[str, frozenset[str]] | None = None) -> list[str]:
    """Each fact against the known state, decided as `State.apply` decides it (the
    publication day for an undated step, a route's kin under another name)."""
    kin = kin or {}
    out = []
    for m in (f for f in facts if isinstance(f, Meeting)):
        entity, after, dev, previous = diff_meeting(known, m, day)
        label = _fact_line(m.to_json())
        if after is None:
            why = "a headline alone" if m.weak else (
                "one side only, and no known meeting it changes" if m.partial
                else "nobody and nowhere")
            out.append(f"  {label}\n      ignored: {why}")
        elif dev:
            was = f" (was {previous['status']})" if previous else ""
            out.append(f"  {label}\n      development: {dev}{was}")
        else:
            why = ("history, not news" if m.background else
                   "already known" if entity is not None else
                   "a wish with neither place nor date")
            out.append(f"  {label}\n      no development: {why}")
    routes = {k.key: k for k in known if k.kind == "route"}
    for fact in article_verdicts([f for f in facts if isinstance(f, RouteFact)], day):
        current = routes.get(fact.route)
        _, changed = diff_route(current.fact if current else None, fact, day)
        label = _fact_line({**fact.to_json(), "strength": fact.strength})
        told = told_by_kin(known, kin, fact, day) if changed else None
        if told is not None:
            out.append(f"  {label}\n      no development: told of {told.route} already")
        elif changed:
            was = f" (was {current.fact.status})" if current else ""
            out.append(f"  {label}\n      development: route_status{was}")
        else:
            why = "the same status" if current and current.fact.status == fact.status else \
                "the same passage, told of days apart" if current and \
                same_passage(current.fact, fact, day) else \
                "a description never overturns a reported event" if fact.strength != "event" \
                else "older news than what is known"
            out.append(f"  {label}\n      no development: {why}")
    return out


def explain(article: Article, gaz: Gazetteer | None = None,
            known: list[Known] | None = None) -> str:
    trace: list[Reading] = []
    facts = extract(article.title, article.text, article.published, gaz=gaz, trace=trace)
    when = article.published.isoformat() + ("" if article.published_known else
                                            " (today: give --published for the real date)")
    lines = [f"{article.where}", f"published {when}; title: {article.title or '(none)'}", ""]
    last = None
    for r in trace:
        if r.sentence != last:
            lines.append(f"» {_short(r.sentence)}")
            last = r.sentence
        what = f" -> {_fact_line(r.fact)}" if r.fact else ""
        clause = f" [{_short(r.clause, 60)}]" if r.clause and r.clause != r.sentence else ""
        lines.append(f"    {r.verdict:<8}{r.reason}{clause}{what}")
    if not trace:
        lines.append("No sentence had a meeting or route cue.")
    lines += ["", f"Facts ({len(facts)}):"]
    for f in facts:
        data = {**f.to_json(), "strength": f.strength} if isinstance(f, RouteFact) else f.to_json()
        extra = ""
        if isinstance(f, Meeting):
            flags = [n for n, v in (("history", f.background), ("headline only", f.weak),
                                    ("one side only", f.partial)) if v]
            extra = f"  [{', '.join(flags)}]" if flags else ""
        lines.append(f"  {_fact_line(data)}{extra}")
    if known is not None:
        lines += ["", "Against the known state:"]
        kin = (gaz or load_gazetteer()).route_kin()
        lines += _state_lines(facts, known, article.published, kin) or ["  nothing to compare"]
    return "\n".join(lines) + "\n"


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ExplainError(f"--published {value!r}: give a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ExplainError(f"--published {value!r}: not a date") from None
