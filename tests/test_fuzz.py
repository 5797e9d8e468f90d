"""Seeded mutation fuzzing beside the parser and the extractor.

Real feeds (our test documents and a sample of feedparser's) are truncated, have bytes
flipped, tags injected and markup duplicated; `feeds.parse` may only return a ParsedFeed
or raise its own FeedError, and `extract()` on whatever text comes out never raises. The
seed is fixed, so a failure reproduces; `WATCHER_FUZZ_ROUNDS` runs more rounds locally.
"""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from watcher.extract import extract
from watcher.feeds import FeedError, ParsedFeed, parse

HERE = Path(__file__).parent
PEER = HERE.parent.parent / "shared" / "peer" / "feedparser-tests"
ROUNDS = int(os.environ.get("WATCHER_FUZZ_ROUNDS", "12"))
INJECT = [b"<item>", b"</channel>", b"<![CDATA[", b"]]>", b"&amp;", b"&#0;", b"&#xD800;",
          b"\x00", b"\xff\xfe", b"<entry><title>", b"<pubDate>Mon, 99 Foo 9999</pubDate>",
          b"<link>http://[oops/x</link>", b"<?xml version='1.0' encoding='utf-16'?>",
          b"Pashinyan and Aliyev met in Abu Dhabi on 10 July"]


def corpus() -> list[Path]:
    docs = sorted(p for p in (HERE / "data").rglob("*") if p.suffix in (".xml", ".rss", ".atom"))
    if PEER.is_dir():
        peer = sorted(PEER.rglob("*.xml"))
        docs += random.Random(7).sample(peer, min(60, len(peer)))
    return docs


def mutate(doc: bytes, rng: random.Random) -> bytes:
    data = bytearray(doc)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(4)
        at = rng.randrange(len(data) + 1)
        if op == 0:  # truncate
            del data[at:]
        elif op == 1 and data:  # flip a few bytes
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 2:  # inject a fragment
            data[at:at] = rng.choice(INJECT)
        else:  # duplicate a slice
            end = min(len(data), at + rng.randint(1, 400))
            data[at:at] = data[at:end] * rng.randint(1, 3)
    return bytes(data)


DOCS = corpus()


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(p.parents[1])) for p in DOCS])
def test_parse_returns_or_raises_its_own_error_and_extract_never_raises(path):
    rng = random.Random(path.name)
    original = path.read_bytes()[:200_000]
    published = datetime(2024, 5, 10, tzinfo=UTC)
    for _ in range(ROUNDS):
        body = mutate(original, rng)
        try:
            parsed = parse(body, content_type="application/xml", fetched_at=published)
        except FeedError:
            continue
        assert isinstance(parsed, ParsedFeed)
        for entry in parsed.entries[:5]:
            facts = extract(entry.title or "", entry.text or "", published)
            assert isinstance(facts, list)


def test_a_character_reference_to_no_character_is_replaced_not_fatal():
    # found by the fuzzer: feedparser decodes &#xD800; and then fails to encode it again
    doc = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item>"
           b"<title>Talks &#xD800; &#55296; &#0; &#x110000; in Almaty &#233;</title>"
           b"<link>https://wire.example/a</link></item></channel></rss>")
    parsed = parse(doc, content_type="application/rss+xml")
    assert parsed.entries[0].title.startswith("Talks \ufffd \ufffd \ufffd \ufffd in Almaty")
    assert parsed.entries[0].title.endswith("\u00e9")
