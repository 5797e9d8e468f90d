"""The digest: what changed in a window, and the state of things now.

`build` reads the store into a `Digest` (plain data); `render` writes it as text,
markdown, JSON or an email-ready HTML page with an inline SVG timeline; text, markdown
and HTML hold no control character or escape sequence (`textclean`). Every tracked
route and every upcoming meeting gets a line even when nothing changed ("no change"),
so a reader knows it was checked.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from html import escape

from .alerts.render import headline, human_date, meeting_label, shorten, source_links
from .extract.gazetteer import Gazetteer
from .extract.gazetteer import load as load_gazetteer
from .facts import When
from .store import Store
from .textclean import clean, markup_safe

FORMATS = ("text", "markdown", "json", "html")
KIND_TITLES = {"meeting": "Meetings", "route": "Routes", "source": "Sources"}
STALE_PLAN_DAYS = 90
POSSIBLE_SHOWN = 30
POSSIBLE_TITLE = "Could not read for sure"
_RELATIVE = re.compile(r"^\s*([0-9]+)\s*([mhdw])\s*$")


class DigestError(ValueError):
    """A bad digest parameter, worded for the user."""


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """'24h', '7d', '90m', '2w' or 'YYYY-MM-DD' -> an aware datetime."""
    now = now or datetime.now(UTC)
    if m := _RELATIVE.match(value or ""):
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[m.group(2)]
        try:
            return now - timedelta(**{unit: int(m.group(1))})
        except (OverflowError, ValueError):
            raise DigestError(f"since: {value!r} reaches back before the year 1") from None
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        raise DigestError(f"since: {value!r} is not a window like 24h or 7d, nor a date "
                          f"like 2024-05-01") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _kind(dev_type: str) -> str:
    return dev_type.split("_", 1)[0]


@dataclass
class Digest:
    since: str
    until: str
    changes: dict[str, list[dict]] = field(default_factory=dict)
    upcoming: list[dict] = field(default_factory=list)
    held: list[dict] = field(default_factory=list)
    routes: list[dict] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    timeline: dict = field(default_factory=dict)
    possible: list[dict] = field(default_factory=list)  # could not read for sure
    quiet: list[str] = field(default_factory=list)  # plans whose day passed unreported

    @property
    def empty(self) -> bool:
        return not any(self.changes.values())


def build(store: Store, since: datetime, now: datetime | None = None,
          gazetteer: Gazetteer | None = None) -> Digest:
    now = now or datetime.now(UTC)
    today = now.date()
    out = Digest(since=since.isoformat(timespec="seconds"),
                 until=now.isoformat(timespec="seconds"))
    devs = store.developments(since=out.since)
    touched: set[str] = set()
    for d in reversed(devs):  # newest first
        kind = _kind(d["type"])
        out.changes.setdefault(kind, []).append({
            "type": d["type"], "headline": headline(d["data"]), "recorded": d["created_at"],
            "evidence": d["data"].get("evidence"), "sources": d["sources"], "data": d["data"],
            "catch_up": bool(d.get("catch_up")),
        })
        if kind == "route":
            touched.add(d["data"]["route"]["name"])
        elif kind == "meeting":
            touched.add(_meeting_id(d["data"]["meeting"]))
    meetings, routes = [], []
    for row in store.entities():
        data = row["data"]
        if row["kind"] == "meeting":
            meetings.append({**data, "sources": row["sources"], "last_seen": row["last_seen"]})
        else:
            routes.append({**data, "sources": row["sources"], "last_seen": row["last_seen"]})
    stale = (now - timedelta(days=STALE_PLAN_DAYS)).isoformat()
    for m in meetings:
        when = When.parse(m.get("date"))
        # An undated plan is upcoming while it is still talked about.
        future = when.end >= today if when else m["last_seen"] >= stale
        if m["status"] in ("proposed", "scheduled", "postponed") and future:
            out.upcoming.append(m)
        elif m["status"] == "held" and not m.get("background"):
            out.held.append(m)
        if line := quiet_plan(m, today):
            out.quiet.append(line)
    out.upcoming.sort(key=lambda m: (m.get("date") or "9999", m["status"]))
    out.held.sort(key=lambda m: m.get("date") or "", reverse=True)
    out.held = out.held[:5]
    tracked = [r.name for r in (gazetteer or load_gazetteer()).routes if r.tracked]
    by_name = {r["name"]: r for r in routes}
    out.routes = [by_name.get(name, {"name": name, "status": "unknown", "since": None})
                  for name in tracked]
    since_text = human_date(since.date().isoformat())
    for r in out.routes:
        if r["name"] not in touched:
            out.checked.append(f"{r['name']}: no change since {since_text} "
                               f"(still {r['status']})")
    for m in out.upcoming:
        if _meeting_id(m) not in touched:
            out.checked.append(f"{meeting_label(m)}: no change since {since_text} "
                               f"(still {m['status']})")
    out.timeline = _timeline(meetings, store, today)
    out.possible = [review_json(p) for p in store.possible(since=out.since)[:POSSIBLE_SHOWN]]
    return out


def quiet_plan(m: dict, today: date) -> str | None:
    """A meeting known as scheduled whose day has passed with no report of it being held,
    moved or cancelled: 'no report since DATE' (shown, never alerted)."""
    when = When.parse(m.get("date"), m.get("date_precision"), m.get("date_end"))
    if m.get("status") != "scheduled" or when is None or when.end >= today:
        return None
    last = (m.get("last_seen") or "")[:10]
    return f"{meeting_label(m)} (scheduled): no report since {human_date(last) or 'then'}"


def review_json(row: dict) -> dict:
    """A possible development as `watcher review --json`, `/review` and the digest give it."""
    return {k: row[k] for k in ("article_url", "outlet", "title", "published", "kind",
                                "evidence", "reason", "read")}


def _meeting_id(m: dict) -> str:
    return "|".join([m.get("level") or "", ",".join(m.get("participants", [])),
                     (m.get("venue") or {}).get("country") or "", (m.get("date") or "")[:7]])


def _timeline(meetings: list[dict], store: Store, today: date) -> dict:
    """Points (meetings) and bands (route status over time) for the SVG timeline."""
    points = []
    for m in meetings:
        when = When.parse(m.get("date"))
        if when is not None and not m.get("background"):
            points.append({"date": when.start.isoformat(), "label": meeting_label(m),
                           "status": m["status"], "level": m.get("level") or "officials"})
    # Route bands: each status from its 'since', taken from the developments (with the
    # status each replaced) and from the current state.
    bands: dict[str, list[dict]] = {}

    def add(route: dict | None, fallback: str | None = None) -> None:
        if not route:
            return
        since = When.parse(route.get("since"))
        start = since.start.isoformat() if since else fallback
        if start:
            bands.setdefault(route["name"], []).append({"from": start,
                                                        "status": route["status"]})

    # SQLite picks the fields out of the JSON: thousands of developments, no Python decoding.
    for name, status, since, published, prev_status, prev_since in store.db.execute(
            "SELECT DISTINCT json_extract(data, '$.route.name'), "
            "json_extract(data, '$.route.status'), json_extract(data, '$.route.since'), "
            "substr(published, 1, 10), json_extract(data, '$.previous.status'), "
            "json_extract(data, '$.previous.since') FROM developments "
            "WHERE type = 'route_status'"):
        if prev_status:
            add({"name": name, "status": prev_status, "since": prev_since})
        add({"name": name, "status": status, "since": since}, published)
    for row in store.entities("route"):
        add(row["data"])
    for name, segs in list(bands.items()):
        segs.sort(key=lambda seg: seg["from"])
        merged = [segs[0]]
        for seg in segs[1:]:
            if seg["status"] != merged[-1]["status"]:
                merged.append(seg)
        for a, b in zip(merged, merged[1:], strict=False):
            a["to"] = b["from"]
        merged[-1]["to"] = max(today.isoformat(), merged[-1]["from"])
        bands[name] = merged
    return {"points": sorted(points, key=lambda p: p["date"]), "bands": bands,
            "today": today.isoformat()}


# -- rendering ---------------------------------------------------------------------


def title(d: Digest) -> str:
    n = sum(len(v) for v in d.changes.values())
    since = human_date(d.since[:10])
    return f"Armenia-Azerbaijan watch: {n} change{'s' if n != 1 else ''} since {since}" if n \
        else f"Armenia-Azerbaijan watch: nothing new since {since}"


def render(d: Digest, fmt: str) -> str:
    if fmt not in FORMATS:
        raise DigestError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    out = {"text": _text, "markdown": _markdown, "json": _json, "html": _html}[fmt](d)
    return {"json": out, "html": markup_safe(out)}.get(fmt) or clean(out)


def _json(d: Digest) -> str:
    return json.dumps(asdict(d), indent=2, ensure_ascii=False)


def _sources_plain(sources: list[dict]) -> str:
    parts = []
    for src in source_links(sources):
        notes = ", ".join(n for n in (src["day"], "first report" if src["first"] else None) if n)
        parts.append(f"{src['outlet']}" + (f" ({notes})" if notes else "") + f" <{src['url']}>")
    return "; ".join(parts)


def _sources_markdown(sources: list[dict]) -> str:
    parts = []
    for src in source_links(sources):
        notes = ", ".join(n for n in (src["day"], "first report" if src["first"] else None) if n)
        name = src["outlet"].replace("[", "(").replace("]", ")")
        link = f"[{name}]({src['url']})" if src["link"] else f"{name} ({src['url']})"
        parts.append(link + (f" ({notes})" if notes else ""))
    return "; ".join(parts)


def _state_lines(d: Digest, bullet: str, heading) -> list[str]:
    """The state after the changes: upcoming, latest held, routes, checked (all formats)."""
    out = [heading(2, "Upcoming meetings")]
    out += [f"{bullet}{meeting_label(m)} ({m['status']}){_last_reported(m)}"
            for m in d.upcoming] or [f"{bullet}none known"]
    out.append(heading(2, "Latest meetings held"))
    out += [f"{bullet}{meeting_label(m)}" for m in d.held] or [f"{bullet}none known"]
    out.append(heading(2, "Routes"))
    for r in d.routes:
        since = f" since {human_date(r['since'])}" if r.get("since") else ""
        out.append(f"{bullet}{r['name']}: {r['status'].replace('_', ' ')}{since}"
                   f"{_last_reported(r)}")
    if d.quiet:
        out.append(heading(2, "Plans gone quiet"))
        out += [f"{bullet}{line}" for line in d.quiet]
    if d.checked:
        out.append(heading(2, "Checked, no change"))
        out += [f"{bullet}{line}" for line in d.checked]
    return out


def _last_reported(item: dict) -> str:
    """', last reported 15 July 2023': how fresh the state is."""
    last = item.get("last_seen")
    return f", last reported {human_date(last[:10])}" if last else ""


def _lines(d: Digest, bullet: str, heading, sources, quote) -> list[str]:
    out = [heading(1, f"Armenia-Azerbaijan watch: {human_date(d.since[:10])} to "
                      f"{human_date(d.until[:10])}")]
    if d.empty:
        out.append(f"Nothing new since {human_date(d.since[:10])} "
                   f"({d.since[11:16]} UTC).")
    for kind, items in d.changes.items():
        out.append(heading(2, f"What changed: {KIND_TITLES.get(kind, kind)}"))
        for item in items:
            out.append(f"{bullet}{item['headline']}{_catch_up(item)}")
            if item.get("evidence"):
                out.append(quote(shorten(item["evidence"])))
            out.append(f"  Sources: {sources(item['sources'])}")
    if d.possible:
        out.append(heading(2, f"{POSSIBLE_TITLE} (not alerted; check by hand)"))
        for p in d.possible:
            out.append(f"{bullet}{p['kind']}: {p['reason']}")
            out.append(quote(shorten(p["evidence"])))
            day = human_date(p["published"][:10])
            out.append(f"  Article: {p['outlet'] or 'unknown outlet'}, {day} <{p['article_url']}>")
    return out + _state_lines(d, bullet, heading)


def _catch_up(item: dict) -> str:
    if not item.get("catch_up"):
        return ""
    day = human_date((item["data"].get("published") or "")[:10])
    return f" (catch-up: reported {day}, not alerted)"


def _text(d: Digest) -> str:
    def heading(level: int, title: str) -> str:
        return title.upper() if level == 1 else f"\n{title}"

    return "\n".join(_lines(d, "- ", heading, _sources_plain,
                            lambda q: f"  \u201c{q}\u201d")) + "\n"


def _markdown(d: Digest) -> str:
    def heading(level: int, title: str) -> str:
        return ("#" * level) + " " + title + ("\n" if level == 1 else "")

    return "\n".join(_lines(d, "- ", heading, _sources_markdown,
                            lambda q: f"  > {q}")) + "\n"


_STATUS_COLOUR = {"proposed": "#9e9e9e", "scheduled": "#1e88e5", "held": "#43a047",
                  "cancelled": "#e53935", "postponed": "#fb8c00", "open": "#43a047",
                  "reopened": "#66bb6a", "closed": "#e53935", "blockaded": "#b71c1c",
                  "checkpoint": "#fb8c00", "humanitarian_only": "#fdd835", "unknown": "#bdbdbd",
                  "agreed": "#8e24aa"}
# Meeting marks by level: leaders a circle, foreign ministers a square, officials a diamond.
_LEVEL_MARK = {"leaders": "circle", "foreign_ministers": "square", "officials": "diamond"}


def _mark(shape: str, cx: float, cy: float, fill: str, tip: str = "") -> str:
    tip = f"<title>{escape(tip)}</title>" if tip else ""
    if shape == "square":
        return (f'<rect x="{cx - 4.5:.1f}" y="{cy - 4.5:.1f}" width="9" height="9" '
                f'fill="{fill}">{tip}</rect>')
    if shape == "diamond":
        return (f'<polygon points="{cx:.1f},{cy - 6:.1f} {cx + 6:.1f},{cy:.1f} {cx:.1f},'
                f'{cy + 6:.1f} {cx - 6:.1f},{cy:.1f}" fill="{fill}">{tip}</polygon>')
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{fill}">{tip}</circle>'


def svg_timeline(t: dict, width: int = 720) -> str:
    """Meetings as dots and route status as coloured bands, on one time axis."""
    dates = [p["date"] for p in t["points"]]
    for segs in t["bands"].values():
        dates += [s["from"] for s in segs] + [s["to"] for s in segs]
    if not dates:
        return ""
    lo, hi = date.fromisoformat(min(dates)), date.fromisoformat(max(dates + [t["today"]]))
    span = max((hi - lo).days, 1)
    left, right = 150, width - 20

    def x(day: str) -> float:
        return left + (date.fromisoformat(day) - lo).days / span * (right - left)

    rows = []
    y = 30
    for name, segs in t["bands"].items():
        rows.append(f'<text x="4" y="{y + 12}" font-size="12">{escape(name)}</text>')
        for s in segs:
            w = max(x(s["to"]) - x(s["from"]), 2)
            rows.append(f'<rect x="{x(s["from"]):.1f}" y="{y}" width="{w:.1f}" height="16" '
                        f'fill="{_STATUS_COLOUR.get(s["status"], "#bdbdbd")}">'
                        f'<title>{escape(s["status"])} from {s["from"]}</title></rect>')
        y += 26
    rows.append(f'<text x="4" y="{y + 12}" font-size="12">Meetings</text>')
    for i, p in enumerate(t["points"]):
        cy = y + 8 + (i % 3) * 12
        rows.append(_mark(_LEVEL_MARK.get(p.get("level", "leaders"), "circle"), x(p["date"]),
                          cy, _STATUS_COLOUR.get(p["status"], "#757575"),
                          f'{p["label"]} ({p["status"]})'))
    y += 50
    rows.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#616161"/>')
    rows.append(f'<text x="{left}" y="{y + 14}" font-size="11">{lo.isoformat()}</text>')
    rows.append(f'<text x="{right}" y="{y + 14}" font-size="11" text-anchor="end">'
                f'{hi.isoformat()}</text>')
    rows.append(f'<line x1="{x(t["today"]):.1f}" y1="20" x2="{x(t["today"]):.1f}" y2="{y}" '
                f'stroke="#212121" stroke-dasharray="3,3"><title>today</title></line>')
    used = sorted({p["status"] for p in t["points"]}
                  | {s["status"] for segs in t["bands"].values() for s in segs})
    lx = left
    for status in used:  # legend
        rows.append(f'<rect x="{lx}" y="{y + 24}" width="10" height="10" '
                    f'fill="{_STATUS_COLOUR.get(status, "#757575")}"/>'
                    f'<text x="{lx + 14}" y="{y + 33}" font-size="11">'
                    f'{escape(status.replace("_", " "))}</text>')
        lx += 24 + 7 * len(status)
    y += 20
    lx = left
    for level, shape in _LEVEL_MARK.items():  # legend of the meeting marks
        rows.append(_mark(shape, lx + 5, y + 28, "#616161")
                    + f'<text x="{lx + 14}" y="{y + 33}" font-size="11">'
                    f'{escape(level.replace("_", " "))}</text>')
        lx += 30 + 7 * len(level)
    y += 20
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {y + 24}" '
            f'width="{width}" height="{y + 24}" '
            f'role="img" aria-label="Timeline of meetings and route status">'
            + "".join(rows) + "</svg>")


_CSS = """
:root{--ink:#1d2430;--muted:#5f6b7a;--line:#e3e7ee;--card:#f7f9fc;--accent:#1e5fb4}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
color:var(--ink);background:#fff}
main{max-width:860px;margin:0 auto;padding:20px 16px 40px}
header{border-bottom:3px solid var(--accent);padding-bottom:12px;margin-bottom:18px}
h1{font-size:1.45em;margin:0 0 4px}h2{font-size:1.1em;margin:28px 0 10px;
padding-bottom:4px;border-bottom:1px solid var(--line)}
.period{color:var(--muted);margin:0}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0 0;padding:0;list-style:none}
.counts li{background:var(--card);border:1px solid var(--line);border-radius:6px;
padding:4px 10px;font-size:.9em}
.counts b{font-size:1.15em}
.timeline{overflow-x:auto;border:1px solid var(--line);border-radius:8px;padding:8px;
background:#fff}
.timeline svg{width:100%;height:auto;min-width:560px}
.change{background:var(--card);border:1px solid var(--line);border-left:4px solid
var(--accent);border-radius:6px;padding:10px 14px;margin:10px 0}
.change h3{font-size:1em;margin:0 0 6px}
blockquote{margin:6px 0;padding:2px 10px;border-left:3px solid #c9d3e0;color:#38424f;
font-style:italic}
.sources{margin:6px 0 0;padding:0;list-style:none;font-size:.9em;color:var(--muted)}
.sources li{display:inline}.sources li+li:before{content:" · "}
.sources a{color:var(--accent)}
.first{font-size:.75em;background:#e8f0fb;color:var(--accent);border-radius:4px;
padding:0 5px;margin-left:4px}
ul.plain{padding-left:20px}
table{border-collapse:collapse;width:100%;font-size:.95em}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
.badge{display:inline-block;border-radius:10px;padding:0 8px;color:#fff;font-size:.85em}
.empty{color:var(--muted)}
footer{margin-top:30px;color:var(--muted);font-size:.85em}
@media (max-width:600px){body{font-size:15px}main{padding:12px 10px 30px}}
@media print{.timeline{overflow:visible;border:none}.change{break-inside:avoid}
a{color:inherit;text-decoration:none}a[href]:after{content:" (" attr(href) ")";
font-size:.8em}}
"""


def _badge(status: str) -> str:
    colour = _STATUS_COLOUR.get(status, "#757575")
    text = "#1d2430" if status == "humanitarian_only" else "#fff"
    return (f'<span class="badge" style="background:{colour};color:{text}">'
            f'{escape(status.replace("_", " "))}</span>')


def _sources_html(sources: list[dict]) -> str:
    items = []
    for src in source_links(sources):
        name = escape(src["outlet"])
        title = f' title="{escape(src["title"], quote=True)}"' if src["title"] else ""
        link = (f'<a href="{escape(src["url"], quote=True)}"{title}>{name}</a>' if src["link"]
                else f"{name} ({escape(src['url'])})")
        day = f" {escape(src['day'])}" if src["day"] else ""
        first = '<span class="first">first report</span>' if src["first"] else ""
        items.append(f"<li>{link}{day}{first}</li>")
    return f'<ul class="sources">{"".join(items)}</ul>'


def _possible_html(p: dict) -> str:
    src = source_links([{"url": p["article_url"], "outlet": p["outlet"], "title": p["title"],
                         "published": p["published"]}])[0]
    name = escape(src["outlet"])
    link = (f'<a href="{escape(src["url"], quote=True)}">{name}</a>' if src["link"]
            else f"{name} ({escape(src['url'])})")
    return f'<ul class="sources"><li>{link} {escape(src["day"] or "")}</li></ul>'


def _html(d: Digest) -> str:
    since, until = human_date(d.since[:10]), human_date(d.until[:10])
    n = sum(len(v) for v in d.changes.values())
    counts = [(n, "change" if n == 1 else "changes"),
              (len(d.upcoming), "upcoming meeting" if len(d.upcoming) == 1
               else "upcoming meetings"),
              (len(d.routes), "route tracked" if len(d.routes) == 1 else "routes tracked")]
    parts = ["<header>", "<h1>Armenia-Azerbaijan watch</h1>",
             f'<p class="period">{escape(since)} to {escape(until)}</p>',
             '<ul class="counts">' + "".join(f"<li><b>{v}</b> {escape(k)}</li>"
                                            for v, k in counts) + "</ul>", "</header>"]
    if svg := svg_timeline(d.timeline):
        parts.append(f'<section class="timeline" aria-label="Timeline">{svg}</section>')
    parts.append("<h2>What changed</h2>")
    if d.empty:
        parts.append(f'<p class="empty">Nothing new since {escape(since)} '
                     f"({escape(d.since[11:16])} UTC).</p>")
    for kind, items in d.changes.items():
        parts.append(f"<h3>{escape(KIND_TITLES.get(kind, kind))}</h3>")
        for item in items:
            evidence = (f"<blockquote>{escape(shorten(item['evidence']))}</blockquote>"
                        if item.get("evidence") else "")
            parts.append(f'<article class="change"><h3>{escape(item["headline"])}'
                         f"<small>{escape(_catch_up(item))}</small></h3>"
                         f"{evidence}{_sources_html(item['sources'])}</article>")
    if d.possible:
        parts.append(f"<h2>{POSSIBLE_TITLE}</h2><p class=\"empty\">Sentences that may tell a "
                     "development no rule decided: not alerted, for a person to check.</p>")
        for p in d.possible:
            parts.append(f'<article class="change possible"><h3>{escape(p["kind"])}'
                         f"<small> {escape(p['reason'])}</small></h3>"
                         f"<blockquote>{escape(shorten(p['evidence']))}</blockquote>"
                         f"{_possible_html(p)}</article>")
    parts.append("<h2>Upcoming meetings</h2>")
    parts.append('<ul class="plain">' + ("".join(
        f"<li>{escape(meeting_label(m))} {_badge(m['status'])}"
        f"<small>{escape(_last_reported(m))}</small></li>" for m in d.upcoming)
        or '<li class="empty">none known</li>') + "</ul>")
    parts.append("<h2>Latest meetings held</h2>")
    parts.append('<ul class="plain">' + ("".join(
        f"<li>{escape(meeting_label(m))}</li>" for m in d.held)
        or '<li class="empty">none known</li>') + "</ul>")
    parts.append("<h2>Routes</h2><table><tr><th>Route</th><th>Status</th><th>Since</th>"
                 "<th>Last reported</th></tr>")
    for r in d.routes:
        last = r.get("last_seen")
        parts.append(f"<tr><td>{escape(r['name'])}</td><td>{_badge(r['status'])}</td>"
                     f"<td>{escape(human_date(r.get('since')) or '-')}</td>"
                     f"<td>{escape(human_date(last[:10]) if last else '-')}</td></tr>")
    parts.append("</table>")
    if d.quiet:
        parts.append("<h2>Plans gone quiet</h2><ul class=\"plain\">"
                     + "".join(f"<li>{escape(line)}</li>" for line in d.quiet) + "</ul>")
    if d.checked:
        parts.append("<h2>Checked, no change</h2><ul class=\"plain\">"
                     + "".join(f"<li>{escape(line)}</li>" for line in d.checked) + "</ul>")
    parts.append(f"<footer>Generated {escape(d.until[:16].replace('T', ' '))} UTC by "
                 "watcher. Every change links its sources; the first to report it is "
                 "marked.</footer>")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title(d))}</title><style>{_CSS}</style></head><body><main>"
            + "".join(parts) + "</main></body></html>\n")
