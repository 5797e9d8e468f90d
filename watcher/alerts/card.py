"""The alert's card as HTML, in the digest's visual language, for mail clients.

Mail clients drop `<style>` blocks, classes and external sheets, so every element carries
its own inline style and the layout is tables and paragraphs that fit any width: the
card is at most 640 px wide and shrinks to a phone's, long words and addresses wrap.
Everything from outside is escaped; only http(s) addresses become links.
"""

from __future__ import annotations

from html import escape

from ..textclean import markup_safe
from .render import Card, Wording, card

# The digest's colours (its CSS and its timeline use the same).
INK, MUTED, LINE, PAPER, ACCENT = "#1d2430", "#5f6b7a", "#e3e7ee", "#f7f9fc", "#1e5fb4"
FONT = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
STATUS_COLOUR = {"proposed": "#9e9e9e", "scheduled": "#1e88e5", "held": "#43a047",
                 "cancelled": "#e53935", "postponed": "#fb8c00", "open": "#43a047",
                 "reopened": "#66bb6a", "closed": "#e53935", "blockaded": "#b71c1c",
                 "checkpoint": "#fb8c00", "humanitarian_only": "#fdd835", "unknown": "#bdbdbd",
                 "agreed": "#8e24aa"}
_TEXT = f"font-family:{FONT};color:{INK}"


def badge_style(status: str) -> str:
    """The inline style of a status badge: the status's colour, text readable on it."""
    text = INK if status == "humanitarian_only" else "#fff"
    return (f"display:inline-block;border-radius:10px;padding:0 8px;font-size:13px;"
            f"line-height:1.6;background:{STATUS_COLOUR.get(status, '#757575')};color:{text}")


def html_body(dev: dict, sources: list[dict] | None = None,
              wording: Wording | None = None) -> str:
    """The alert as an email-ready HTML page: one card, inline styles only."""
    return markup_safe(page(card(dev, sources, wording)))


def page(c: Card) -> str:
    rows = [f'<p style="margin:0 0 6px;font-size:13px;color:{MUTED}">'
            "Armenia-Azerbaijan watch</p>",
            f'<h1 style="margin:0 0 8px;font-size:20px;line-height:1.3;{_TEXT}">'
            f"{escape(c.headline)}</h1>", _change(c)]
    rows += [f'<p style="margin:0 0 4px"><span style="color:{MUTED};font-weight:600">'
             f"{escape(label)}:</span> {escape(text)}</p>" for label, text in c.facts]
    if c.evidence:
        rows.append(f'<blockquote style="margin:12px 0;padding:2px 10px;border-left:3px solid '
                    f'#c9d3e0;color:#38424f;font-style:italic">\u201c{escape(c.evidence)}'
                    "\u201d</blockquote>")
    if c.sources:
        rows.append(f'<p style="margin:12px 0 2px;font-size:14px;font-weight:600;'
                    f'color:{MUTED}">Sources</p>'
                    f'<ul style="margin:0;padding:0 0 0 18px;font-size:14px;color:{MUTED}">'
                    + "".join(_source(s) for s in c.sources) + "</ul>")
    rows.append(f'<p style="margin:12px 0 0;font-size:13px;color:{MUTED}">{escape(c.when)}</p>')
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(c.headline)}</title></head>"
            f'<body style="margin:0;padding:0;background:#fff;{_TEXT}">'
            '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" '
            'border="0" style="border-collapse:collapse"><tr>'
            '<td align="center" style="padding:16px 10px">'
            '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" '
            f'border="0" style="max-width:640px;border-collapse:separate;background:{PAPER};'
            f'border:1px solid {LINE};border-left:4px solid {ACCENT};border-radius:6px">'
            f'<tr><td style="padding:14px 16px;text-align:left;{_TEXT};font-size:16px;'
            'line-height:1.5;overflow-wrap:anywhere;word-break:break-word">'
            + "".join(rows) + "</td></tr></table></td></tr></table></body></html>\n")


def _change(c: Card) -> str:
    badge = (f'<span style="{badge_style(c.status)};margin-right:6px">'
             f'{escape(c.status.replace("_", " "))}</span>' if c.status else "")
    return f'<p style="margin:0 0 10px;font-size:17px">{badge}{escape(c.change)}</p>'


def _source(s: dict) -> str:
    name = escape(s["outlet"])
    link = (f'<a href="{escape(s["url"], quote=True)}" style="color:{ACCENT}">{name}</a>'
            if s["link"] else f'{name} <span style="word-break:break-all">'
            f'({escape(s["url"])})</span>')
    day = f" \u00b7 {escape(s['day'])}" if s["day"] else ""
    first = (f' <span style="font-size:12px;background:#e8f0fb;color:{ACCENT};'
             f'border-radius:4px;padding:0 5px;white-space:nowrap">first report</span>'
             if s["first"] else "")
    title = (f'<br><span style="color:{INK}">{escape(s["title"])}</span>' if s["title"]
             else "")
    return f'<li style="margin:4px 0">{link}{day}{first}{title}</li>'
