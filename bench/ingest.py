"""Ingest throughput: items per second through the whole pipeline (parse, relevance,
dedup, extract, diff, store), next to `feedparser.parse` alone on the same feeds (one
core). The pipeline is the one `watcher replay` runs: documents parsed and entries read
by worker processes (one per core), the results applied to the store in order; and the
same in one process (`Workers(0)`), for the cost per item.

    python bench/ingest.py [--feeds 40] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import feedparser
from common import config, median, table
from feedgen import make_feed

from watcher.replay import replay
from watcher.workers import Workers, shared


def pipeline_run(paths: list[Path], workers: Workers) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "b.db"
        start = time.perf_counter()
        for _ in replay(config(db), paths, db=db, with_baseline=False, workers=workers):
            pass
        return time.perf_counter() - start


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
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, doc in enumerate(docs):
            paths.append(Path(tmp) / f"{i}.xml")
            paths[-1].write_bytes(doc)
        pool, alone = shared(), Workers(0)
        pipeline_run(paths[:2], pool)  # start the workers before the clock
        ref, one, all_cores = [], [], []
        for _ in range(args.runs):
            t, n = feedparser_run(docs)
            ref.append(n / t)
            one.append(n / pipeline_run(paths, alone))
            all_cores.append(n / pipeline_run(paths, pool))
    r, o, a = median(ref), median(one), median(all_cores)
    print(table([("feedparser.parse alone (one core)", n, f"{r:,.0f}", ""),
                 ("watcher pipeline, one process", n, f"{o:,.0f}", f"{o / r:.2f}"),
                 (f"watcher pipeline, {pool.processes} workers ({os.cpu_count()} cores)", n,
                  f"{a:,.0f}", f"{a / r:.2f}")],
                ("ingest", "items", "median items/s", "vs feedparser")))


if __name__ == "__main__":
    main()
