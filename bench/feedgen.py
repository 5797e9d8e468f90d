"""Realistic generated news feeds for the benchmarks: RSS 2.0 and Atom, 50 items each,
1-3 KB per item, a share about Armenia-Azerbaijan meetings and routes, a share of
syndicated near-duplicates (same story, another outlet's URL and a title suffix)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

PEOPLE = [("Ilham Aliyev", "Nikol Pashinyan"), ("Jeyhun Bayramov", "Ararat Mirzoyan")]
PLACES = ["Brussels", "Washington", "Moscow", "Granada", "Abu Dhabi", "Almaty", "Prague",
          "Geneva", "Tehran", "Istanbul"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Friday", "Sunday", "June 1", "next week",
        "October 12"]
RELEVANT = [
    "{a} and {b} will meet in {p} on {d}, officials said.",
    "{a} and {b} met in {p} on {d} for talks mediated by Charles Michel.",
    "The meeting between {a} and {b} in {p} was called off.",
    "Azerbaijan closed the Lachin corridor on {d}, the ministry said.",
    "Russia urged Azerbaijan to reopen the Lachin corridor.",
    "{a} previously met {b} in {p} in October 2022.",
]
FILLER = [
    "Shares rose in Tokyo and London as investors weighed fresh inflation data.",
    "The central bank kept its main rate unchanged, citing slower growth in the region.",
    "Heavy rain caused flooding in several provinces, emergency services said.",
    "The football club confirmed the signing of a new striker on a three-year contract.",
    "Researchers published a study on the effects of heat on crop yields in Europe.",
    "Lawmakers debated a bill on digital services late into the night.",
    "The company reported quarterly revenue above analysts' expectations.",
    "Tourism numbers recovered to pre-pandemic levels, the ministry said.",
]


def item(rng: random.Random, n: int, relevant_share: float) -> dict:
    relevant = rng.random() < relevant_share
    a, b = rng.choice(PEOPLE)
    sentences = []
    while sum(len(s) for s in sentences) < rng.randint(1000, 3000):
        pool = RELEVANT if relevant and rng.random() < 0.4 else FILLER
        sentences.append(rng.choice(pool).format(a=a, b=b, p=rng.choice(PLACES),
                                                 d=rng.choice(DAYS)))
    title = (sentences[0][:90] if relevant else rng.choice(FILLER)[:70]) + f" ({n})"
    return {"title": title, "body": " ".join(sentences), "n": n}


def make_feed(index: int, rng: random.Random, *, items: int = 50, relevant_share: float = 0.2,
              duplicate_share: float = 0.1, start: datetime | None = None,
              atom: bool | None = None) -> bytes:
    """One feed document; every other feed is Atom unless `atom` says otherwise."""
    start = start or datetime(2024, 3, 1, tzinfo=UTC)
    atom = index % 2 == 1 if atom is None else atom
    entries = []
    for i in range(items):
        n = index * items + i
        if i and rng.random() < duplicate_share:
            # A syndicated copy of a story another feed carries: same title, other URL.
            src = item(random.Random(n - 1), n - 1, relevant_share)
            it = {**src, "title": src["title"] + " - Wire", "n": n}
            link = f"https://copy{index}.example/{n}"
        else:
            it = item(rng, n, relevant_share)
            link = f"https://outlet{index % 50}.example/news/{n}?utm_source=rss"
        when = start + timedelta(minutes=n)
        entries.append((it, link, when))
    if atom:
        body = "".join(
            f"<entry><title>{escape(it['title'])}</title><link href=\"{escape(link)}\"/>"
            f"<id>{escape(link)}</id><updated>{when.isoformat()}</updated>"
            f"<summary type=\"html\">{escape('<p>' + it['body'] + '</p>')}</summary></entry>"
            for it, link, when in entries)
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Feed {index}</title><id>urn:feed:{index}</id>"
                f"<updated>{start.isoformat()}</updated>{body}</feed>").encode()
    body = "".join(
        f"<item><title>{escape(it['title'])}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape('<p>' + it['body'] + '</p>')}</description></item>"
        for it, link, when in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Feed {index}</title><link>https://outlet{index}.example/</link>"
            f"<description>d</description>{body}</channel></rss>").encode()
