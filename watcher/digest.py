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

from .alerts.card import ACCENT, FONT, INK, LINE, MUTED, PAPER, STATUS_COLOUR, badge_style
from .alerts.render import headline, human_date, meeting_label, moment, shorten, source_links
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
    # possible developments sent as alerts are shown under "could not read for sure"
    devs = [d for d in store.developments(since=out.since) if d["type"] != "possible"]
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


# Meeting marks by level: leaders a circle, foreign ministers a square, officials a diamond.
_LEVEL_MARK = {"leaders": "circle", "foreign_ministers": "square", "officials": "diamond"}
# The timeline is drawn twice: for a phone (the default, and what a mail client without
# <style> shows) and for a wide screen (shown from WIDE_FROM px on). Each is drawn in
# the size it is read at, so its words stay readable: (viewBox width, font size, lanes
# of meeting marks).
NARROW, WIDE = (340, 12, 4), (820, 12, 3)
WIDE_FROM = 800


def _mark(shape: str, cx: float, cy: float, fill: str, tip: str = "", r: float = 5) -> str:
    tip = f"<title>{escape(tip)}</title>" if tip else ""
    if shape == "square":
        return (f'<rect x="{cx - r * .9:.1f}" y="{cy - r * .9:.1f}" width="{r * 1.8:.1f}" '
                f'height="{r * 1.8:.1f}" fill="{fill}">{tip}</rect>')
    if shape == "diamond":
        d = r * 1.2
        return (f'<polygon points="{cx:.1f},{cy - d:.1f} {cx + d:.1f},{cy:.1f} {cx:.1f},'
                f'{cy + d:.1f} {cx - d:.1f},{cy:.1f}" fill="{fill}">{tip}</polygon>')
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:g}" fill="{fill}">{tip}</circle>'


def _span(t: dict) -> tuple[date, date] | None:
    dates = [p["date"] for p in t["points"]]
    for segs in t["bands"].values():
        dates += [s["from"] for s in segs] + [s["to"] for s in segs]
    if not dates:
        return None
    return date.fromisoformat(min(dates)), date.fromisoformat(max(dates + [t["today"]]))


def _ticks(lo: date, hi: date) -> list[tuple[date, str]]:
    """Years on a span of years ('2024'), else months ('Mar', 'Jan 2025')."""
    years = [(date(y, 1, 1), str(y)) for y in range(lo.year + 1, hi.year + 1)]
    if len(years) >= 2:
        return years
    out, day = [], date(lo.year, lo.month, 1)
    while day <= hi:
        if day > lo:
            out.append((day, f"{day:%b %Y}" if day.month == 1 or not out else f"{day:%b}"))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def svg_timeline(t: dict, layout: tuple[int, int, int] = WIDE) -> str:
    """Route status as coloured bands, each under its name, and meetings as marks on one
    time axis, drawn `layout[0]` units wide to scale to its container (width 100%)."""
    if (span := _span(t)) is None:
        return ""
    width, font, lanes = layout
    lo, hi = span
    days = max((hi - lo).days, 1)
    left, right = 6, width - 6

    def x(day: str | date) -> float:
        day = date.fromisoformat(day) if isinstance(day, str) else day
        return left + (day - lo).days / days * (right - left)

    rows, y = [], font + 8  # the first line holds "today"
    for name, segs in t["bands"].items():
        y += font + 2
        rows.append(_band_label(name, segs[-1]["status"], y, width, font))
        for s in segs:
            tip = (f"{s['status'].replace('_', ' ')} from {human_date(s['from'])} to "
                   f"{human_date(s['to'])}")
            rows.append(f'<rect x="{x(s["from"]):.1f}" y="{y + 4}" '
                        f'width="{max(x(s["to"]) - x(s["from"]), 2):.1f}" height="{font}" '
                        f'rx="2" fill="{STATUS_COLOUR.get(s["status"], "#bdbdbd")}">'
                        f"<title>{escape(tip)}</title></rect>")
        y += font + 12
    y += font + 2
    rows.append(f'<text x="{left}" y="{y}" font-size="{font}" fill="{INK}">Meetings</text>')
    rows += _meeting_marks(t["points"], x, y + 6 + font // 2, lanes, font)
    y += 6 + lanes * (font + 1) + 6
    rows.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#9aa5b4"/>')
    rows += _axis(_ticks(lo, hi), lo, x, y, width, font)
    rows[:0] = [f'<line x1="{x(day):.1f}" y1="{font + 10}" x2="{x(day):.1f}" y2="{y + 4}" '
                f'stroke="{LINE}"/>' for day, _ in _ticks(lo, hi)]  # under everything
    now = x(t["today"])
    rows.append(f'<line x1="{now:.1f}" y1="{font + 4}" x2="{now:.1f}" y2="{y}" stroke="{INK}" '
                f'stroke-dasharray="3,3"><title>today</title></line>'
                f'<text x="{now:.1f}" y="{font}" font-size="{font - 1}" fill="{INK}" '
                f'text-anchor="{_anchor(now, width, font)}">today</text>')
    height = y + font + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-label="Timeline of meetings and route status" '
            f'font-family="{FONT}">' + "".join(rows) + "</svg>")


def _axis(ticks: list[tuple[date, str]], lo: date, x, y: float, width: int,
          font: int) -> list[str]:
    """The tick labels under the axis, and the first day's month at its left end where
    there is room; no two labels overlap."""
    out, free = [], float("-inf")  # `free`: where the last label ends
    start = f"{lo:%b %Y}"
    for at, label in [(x(day), label) for day, label in ticks]:
        anchor, wide = _anchor(at, width, font), len(label) * font * 0.55
        begin = at - {"start": 0, "middle": wide / 2, "end": wide}[anchor]
        if begin > free:
            if not out and begin > x(lo) + len(start) * font * 0.55 + font:
                out.append(f'<text x="{x(lo):.1f}" y="{y + font + 6}" font-size="{font - 1}" '
                           f'fill="{MUTED}">{start}</text>')
            free = begin + wide + font / 2
            out.append(f'<text x="{at:.1f}" y="{y + font + 6}" font-size="{font - 1}" '
                       f'fill="{MUTED}" text-anchor="{anchor}">{label}</text>')
    return out


def _anchor(at: float, width: int, font: int) -> str:
    """Text at `at` kept inside the drawing: begun at the left edge, ended at the right."""
    return "start" if at < font * 2 else "end" if at > width - font * 2 else "middle"


def _band_label(name: str, status: str, y: int, width: int, font: int) -> str:
    """A route's name above its band, then its status now when there is room; a name too
    long for the drawing is cut with an ellipsis. A white halo keeps it clear of the grid."""
    fits = int((width - 12) / (font * 0.52))
    name = name if len(name) <= fits else name[: fits - 1].rstrip() + "…"
    state = status.replace("_", " ")
    now = (f'<tspan fill="{MUTED}" font-size="{font - 1}"> · {escape(state)}</tspan>'
           if len(name) + len(state) + 3 <= fits else "")
    return (f'<text x="6" y="{y}" font-size="{font}" fill="{INK}" stroke="#fff" '
            f'stroke-width="3" paint-order="stroke">{escape(name)}{now}</text>')


def _meeting_marks(points: list[dict], x, top: float, lanes: int, font: int) -> list[str]:
    """Each meeting in the first lane where it does not cover the one before it."""
    out, ends = [], [float("-inf")] * lanes
    r = font * 0.42
    for p in points:
        cx = x(p["date"])
        lane = next((i for i, end in enumerate(ends) if end <= cx - 2 * r - 1),
                    min(range(lanes), key=lambda i: ends[i]))
        ends[lane] = cx
        out.append(_mark(_LEVEL_MARK.get(p.get("level", "leaders"), "circle"), cx,
                         top + lane * (font + 1), STATUS_COLOUR.get(p["status"], "#757575"),
                         f"{p['label']} ({p['status']})", r))
    return out


def _legend(t: dict) -> str:
    """The colours and marks, as HTML lines that wrap at any width (inline styles)."""
    def item(swatch: str, label: str) -> str:
        return (f'<li style="display:inline-block;margin:0 14px 0 0;white-space:nowrap">'
                f"{swatch}{escape(label.replace('_', ' '))}</li>")

    def colour(status: str) -> str:
        return (f'<span style="display:inline-block;width:10px;height:10px;border-radius:2px;'
                f'margin-right:5px;background:{STATUS_COLOUR.get(status, "#757575")}"></span>')

    def shape(kind: str) -> str:
        return (f'<svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" '
                f'style="margin-right:5px;vertical-align:-1px">{_mark(kind, 6, 6, MUTED)}</svg>')

    style = (f'style="list-style:none;margin:6px 0 0;padding:0;font-size:13px;'
             f'line-height:1.9;color:{MUTED}"')
    routes = sorted({s["status"] for segs in t["bands"].values() for s in segs})
    meetings = sorted({p["status"] for p in t["points"]})
    lines = [("Routes", [item(colour(s), s) for s in routes]),
             ("Meetings", [item(colour(s), s) for s in meetings]
              + [item(shape(m), level) for level, m in _LEVEL_MARK.items()])]
    return "".join(f'<ul {style}><li style="display:inline-block;margin:0 10px 0 0;'
                   f'font-weight:600">{title}</li>{"".join(items)}</ul>'
                   for title, items in lines if items)


def _timeline_html(t: dict) -> str:
    """Both drawings (the wide one shown on wide screens by the page's <style>), and the
    legend."""
    narrow = svg_timeline(t, NARROW)
    if not narrow:
        return ""
    narrow = narrow.replace("<svg ", '<svg class="tl-narrow" style="display:block;'
                                     'width:100%;max-width:440px;height:auto" ', 1)
    wide = svg_timeline(t, WIDE).replace("<svg ", '<svg class="tl-wide" style="display:none;'
                                                  'width:100%;height:auto" ', 1)
    return (f'<section class="timeline" aria-label="Timeline">{narrow}{wide}{_legend(t)}'
            "</section>")


_CSS = f":root{{--ink:{INK};--muted:{MUTED};--line:{LINE};--card:{PAPER};--accent:{ACCENT}}}" \
    + f"body{{margin:0;overflow-wrap:anywhere;font:16px/1.5 {FONT};" + """
color:var(--ink);background:#fff}
*{box-sizing:border-box}
main{max-width:860px;margin:0 auto;padding:20px 16px 40px}
header{border-bottom:3px solid var(--accent);padding-bottom:12px;margin-bottom:18px}
h1{font-size:1.45em;margin:0 0 4px}h2{font-size:1.1em;margin:28px 0 10px;
padding-bottom:4px;border-bottom:1px solid var(--line)}
main>h3{font-size:.85em;margin:18px 0 0;color:var(--muted);text-transform:uppercase;
letter-spacing:.05em}
.period{color:var(--muted);margin:0}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0 0;padding:0;list-style:none}
.counts li{background:var(--card);border:1px solid var(--line);border-radius:6px;
padding:4px 10px;font-size:.9em}
.counts b{font-size:1.15em}
.timeline{border:1px solid var(--line);border-radius:8px;padding:8px;background:#fff}
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
.empty{color:var(--muted)}
footer{margin-top:30px;color:var(--muted);font-size:.85em}
@media (max-width:600px){body{font-size:15px}main{padding:12px 10px 30px}
th,td{padding:6px 4px}}
@media print{.timeline{border:none}.change{break-inside:avoid}
a{color:inherit;text-decoration:none}a[href]:after{content:" (" attr(href) ")";
font-size:.8em}}
""" + (f"@media (min-width:{WIDE_FROM}px){{svg.tl-wide{{display:block!important}}"
          "svg.tl-narrow{display:none!important}}")


def _badge(status: str) -> str:
    return f'<span style="{badge_style(status)}">{escape(status.replace("_", " "))}</span>'


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
    parts.append(_timeline_html(d.timeline))
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
    parts.append(f"<footer>Generated {escape(moment(d.until))} by "
                 "watcher. Every change links its sources; the first to report it is "
                 "marked.</footer>")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title(d))}</title><style>{_CSS}</style></head><body><main>"
            + "".join(parts) + "</main></body></html>\n")
