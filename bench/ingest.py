"""Ingest throughput: items per second through the whole pipeline (parse, relevance,
dedup, extract, diff, store) on one core, next to `feedparser.parse` alone on the same
feeds.

    python bench/ingest.py [--feeds 40] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import feedparser
from common import config, median, table
from feedgen import make_feed

from watcher.feeds import parse
from watcher.pipeline import Pipeline
from watcher.store import Store


def pipeline_run(docs: list[bytes]) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "b.db")
        pipeline = Pipeline(store, config(Path(tmp) / "b.db"), channels=[])
        start = time.perf_counter()
        items = 0
        for doc in docs:
            parsed = parse(doc)
            with store.tx():
                for entry in parsed.entries:
                    items += 1
                    verdict = pipeline.classify(entry)
                    if verdict.status == "new":
                        pipeline.ingest(entry, verdict, None)
                    elif verdict.status == "duplicate":
                        pipeline.attach_source(verdict, entry, None)
        elapsed = time.perf_counter() - start
        store.close()
    return elapsed, items


def feedparser_run(docs: list[bytes]) -> tuple[float, int]:
    start = time.perf_counter()
    items = sum(len(feedparser.parse(doc).entries) for doc in docs)
    return time.perf_counter() - start, items


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=40)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(1)
    docs = [make_feed(i, rng) for i in range(args.feeds)]
    ref, ours = [], []
    for _ in range(args.runs):
        t, n = feedparser_run(docs)
        ref.append(n / t)
        t, n = pipeline_run(docs)
        ours.append(n / t)
    r, o = median(ref), median(ours)
    print(table([("feedparser.parse alone", n, f"{r:,.0f}", ""),
                 ("watcher pipeline", n, f"{o:,.0f}", f"{o / r:.2f}")],
                ("ingest (one core)", "items", "median items/s", "ratio")))


if __name__ == "__main__":
    main()
