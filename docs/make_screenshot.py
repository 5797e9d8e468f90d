#!/usr/bin/env python3
"""Render the README's pictures of the digest and of an alert email, on a desktop and on
a phone, from a feed written in our own words.

    python docs/make_screenshot.py   # needs Debian's chromium; writes docs/*.png

The articles are invented for the pictures (no outlet's text), dated in the last weeks so
that the digest of the last 30 days shows changes, a sentence it could not read for sure,
upcoming meetings and routes; the store starts from the baseline and the timeline, so the
digest's timeline runs from 2023 to today. The alert is the email of one of the
developments, as the watcher sends it with `[watcher] timezone = "Asia/Yerevan"`.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
NOW = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
ARTICLES = [  # (days ago, outlet, title, text)
    (26, "Caucasus Wire", "Ministers to meet in Geneva",
     "The foreign ministers of Armenia and Azerbaijan will meet in Geneva next week to "
     "discuss the last articles of the peace treaty, both ministries said."),
    (19, "Caucasus Wire", "Ministers meet in Geneva",
     "Ararat Mirzoyan and Jeyhun Bayramov held talks in Geneva on Tuesday, hosted by EU High "
     "Representative Kaja Kallas, and agreed to keep working on the treaty text."),
    (19, "Regional Monitor", "Geneva talks end",
     "Armenian Foreign Minister Ararat Mirzoyan and his Azerbaijani counterpart Jeyhun "
     "Bayramov met in Geneva on Tuesday."),
    (12, "Border Desk", "First grain train crosses into Armenia via Azerbaijan",
     "The first shipment of grain moved through Azerbaijan toward Armenia on Monday, "
     "after Baku lifted its transit restrictions on goods to Armenia."),
    (8, "Caucasus Wire", "Leaders to meet in Abu Dhabi",
     "Aliyev and Pashinyan will meet in Abu Dhabi on the 20th, officials said."),
    (5, "Border Desk", "Diplomats weigh a new border round",
     "Baku and Yerevan are weighing another round of talks on the border, diplomats said."),
    (3, "Regional Monitor", "Border commissions meet in Gabala",
     "The Armenian and Azerbaijani border commissions met in Gabala on Saturday and agreed "
     "to hold their next meeting in an Armenian city."),
]
# (file, page, width, height at most): what each picture shows
SHOTS = [("digest.png", "digest", 1280, 1950), ("digest-phone.png", "digest", 390, 1700),
         ("alert.png", "alert", 1280, 0), ("alert-phone.png", "alert", 390, 0)]
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def feed(outlet_name: str) -> str:
    items = []
    for days, outlet, title, text in ARTICLES:
        if outlet != outlet_name:
            continue
        when = NOW - timedelta(days=days)
        text = text.replace("on the 20th", f"on {(NOW + timedelta(days=9)):%B} "
                                             f"{(NOW + timedelta(days=9)).day}")
        link = f"https://example.org/{days}/{title.lower().replace(' ', '-')}"
        items.append(f"<item><title>{escape(title)}</title><link>{link}</link>"
                     f"<pubDate>{format_datetime(when)}</pubDate>"
                     f"<description>{escape(text)}</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(outlet_name)}</title><link>https://example.org/</link>"
            "<description>x</description>" + "".join(items) + "</channel></rss>")


def pages(tmp: Path) -> dict[str, str]:
    """The digest of the last 30 days and the alert email of the Geneva meeting, as HTML."""
    from watcher.alerts.card import html_body
    from watcher.alerts.render import Wording

    files = []
    for i, outlet in enumerate(sorted({a[1] for a in ARTICLES})):
        files.append(tmp / f"feed{i}.xml")
        files[-1].write_text(feed(outlet), encoding="utf-8")
    cfg = tmp / "w.toml"
    cfg.write_text(f'[watcher]\ndb = "{tmp / "w.db"}"\ntimezone = "Asia/Yerevan"\n')
    run = [sys.executable, "-m", "watcher", "--config", str(cfg)]
    subprocess.run([*run, "replay", "--baseline", "full", "--db", str(tmp / "w.db"),
                    *map(str, files)], check=True, capture_output=True, cwd=REPO)
    digest = subprocess.run([*run, "digest", "--since", "30d", "--format", "html"],
                            check=True, capture_output=True, text=True, cwd=REPO).stdout
    devs = [json.loads(line) for line in subprocess.run(
        [*run, "developments", "--json"], check=True, capture_output=True, text=True,
        cwd=REPO).stdout.splitlines()]
    held = next(d for d in devs if d["type"] == "meeting_status"
                and d["meeting"]["status"] == "held" and d["meeting"]["mediators"])
    return {"digest": digest,
            "alert": html_body(held, held["sources"], Wording(timezone="Asia/Yerevan"))}


def height(page: Path, width: int, tmp: Path) -> int:
    """The page's height laid out `width` px wide (in a frame: headless chromium keeps its
    windows at least 500 px wide)."""
    probe = ("<script>parent.document.body.setAttribute('data-height', "
             "document.documentElement.scrollHeight)</script></body>")
    doc = page.read_text(encoding="utf-8").replace("</body>", probe)
    outer = tmp / "height.html"
    outer.write_text(f'<!DOCTYPE html><body style="margin:0"><iframe width="{width}" '
                     f'height="400" srcdoc="{html.escape(doc, quote=True)}"></iframe></body>',
                     encoding="utf-8")
    dom = subprocess.run([*CHROMIUM, f"--user-data-dir={tmp / 'profile'}", "--dump-dom",
                          outer.as_uri()], check=True, capture_output=True, text=True).stdout
    return int(re.search(r'data-height="(\d+)"', dom).group(1))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, text in pages(tmp).items():
            (tmp / f"{name}.html").write_text(text, encoding="utf-8")
        for out, name, width, most in SHOTS:
            page = tmp / f"{name}.html"
            tall = height(page, width, tmp)
            subprocess.run([*CHROMIUM, f"--user-data-dir={tmp / 'profile'}",
                            f"--window-size={width},{min(tall, most) if most else tall}",
                            f"--screenshot={HERE / out}", page.as_uri()],
                           check=True, capture_output=True)
            print(HERE / out, f"{(HERE / out).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
