#!/usr/bin/env python3
"""Render the README's digest screenshot from a feed written in our own words.

    python docs/make_screenshot.py   # needs Debian's chromium; writes docs/digest.png

The articles are invented for the picture (no outlet's text), dated in the last weeks so
that the digest of the last 30 days shows changes, upcoming meetings and routes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NOW = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
ARTICLES = [  # (days ago, outlet, title, text)
    (26, "Caucasus Wire", "Ministers to meet in Geneva",
     "The foreign ministers of Armenia and Azerbaijan will meet in Geneva next week to "
     "discuss the last articles of the peace treaty, both ministries said."),
    (19, "Caucasus Wire", "Ministers meet in Geneva",
     "Ararat Mirzoyan and Jeyhun Bayramov held talks in Geneva on Tuesday and agreed to "
     "keep working on the treaty text."),
    (19, "Regional Monitor", "Geneva talks end",
     "Armenian Foreign Minister Ararat Mirzoyan and his Azerbaijani counterpart Jeyhun "
     "Bayramov met in Geneva on Tuesday."),
    (12, "Border Desk", "First grain train crosses into Armenia via Azerbaijan",
     "The first shipment of grain moved through Azerbaijan toward Armenia on Monday, "
     "after Baku lifted its transit restrictions on goods to Armenia."),
    (8, "Caucasus Wire", "Leaders to meet in Abu Dhabi",
     "Aliyev and Pashinyan will meet in Abu Dhabi on the 20th, officials said."),
    (3, "Regional Monitor", "Border commissions meet in Gabala",
     "The Armenian and Azerbaijani border commissions met in Gabala on Saturday and agreed "
     "to hold their next meeting in an Armenian city."),
]


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


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = []
        for i, outlet in enumerate(sorted({a[1] for a in ARTICLES})):
            files.append(tmp / f"feed{i}.xml")
            files[-1].write_text(feed(outlet), encoding="utf-8")
        cfg = tmp / "w.toml"
        cfg.write_text(f'[watcher]\ndb = "{tmp / "w.db"}"\n')
        run = [sys.executable, "-m", "watcher", "--config", str(cfg)]
        subprocess.run([*run, "replay", "--baseline", "full", "--db", str(tmp / "w.db"), *map(str, files)],
                       check=True, capture_output=True, cwd=REPO)
        html = subprocess.run([*run, "digest", "--since", "30d", "--format", "html"],
                              check=True, capture_output=True, text=True, cwd=REPO).stdout
        page = tmp / "digest.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp / 'profile'}", "--hide-scrollbars",
                        "--window-size=900,1900", f"--screenshot={HERE / 'digest.png'}",
                        page.as_uri()], check=True, capture_output=True)
    print(HERE / "digest.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
