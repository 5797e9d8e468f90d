"""Ingest throughput: items per second through the whole pipeline (parse, relevance,
dedup, extract, diff, store), next to `feedparser.parse` alone on the same feeds (one
core). The pipeline is the one `watcher replay` runs: documents parsed and entries read
by worker processes (one per core), the results applied to the store in order; and the
same in one process (`Workers(0)`), for the cost per item. Beside items per second, the
CPU milliseconds per item of this process (applying to the store) and of the workers
(reading), which hardly move when others share the machine: with `c` cores the pipeline
can go no faster than `c` / (the sum of both) items per millisecond.

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
from common import config, cpu_seconds, median, table
from feedgen import make_feed

from watcher.feeds import parse
from watcher.replay import replay
from watcher.workers import Workers, shared


def pipeline_run(paths: list[Path], workers: Workers) -> tuple[float, float, float]:
    """(wall s, CPU s of this process, CPU s of the workers)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "b.db"
        cpu = cpu_seconds(workers)
        start = time.perf_counter()
        for _ in replay(config(db), paths, db=db, with_baseline=False, workers=workers):
            pass
        elapsed = time.perf_counter() - start
        after = cpu_seconds(workers)
        return elapsed, after[0] - cpu[0], after[1] - cpu[1]


def feedparser_run(docs: list[bytes]) -> tuple[float, int]:
    start = time.perf_counter()
    items = sum(len(feedparser.parse(doc).entries) for doc in docs)
    return time.perf_counter() - start, items


def parse_run(docs: list[bytes]) -> float:
    """The pipeline's own parsing alone (`feeds.parse`: the well-formedness check and
    fastfeedparser, entries built), one core: what the reference does, and no more."""
    start = time.perf_counter()
    for doc in docs:
        parse(doc)
    return time.perf_counter() - start


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
        ref, parsing, one, all_cores = [], [], [], []
        for _ in range(args.runs):
            t, n = feedparser_run(docs)
            ref.append((t, 0.0, 0.0))
            parsing.append((parse_run(docs), 0.0, 0.0))
            one.append(pipeline_run(paths, alone))
            all_cores.append(pipeline_run(paths, pool))
    r = n / median([x[0] for x in ref])

    def row(name: str, runs: list[tuple]) -> tuple:
        rate = n / median([x[0] for x in runs])
        main, work = (median([x[i] for x in runs]) * 1000 / n for i in (1, 2))
        return (name, n, f"{rate:,.0f}", f"{rate / r:.2f}" if runs is not ref else "",
                f"{main:.3f}" if main else "", f"{work:.3f}" if work else "")

    print(table([row("feedparser.parse alone (one core)", ref),
                 row("watcher's parsing alone (feeds.parse, one core)", parsing),
                 row("watcher pipeline, one process", one),
                 row(f"watcher pipeline, {pool.processes} workers ({os.cpu_count()} cores)",
                     all_cores)],
                ("ingest", "items", "median items/s", "vs feedparser", "main CPU ms/item",
                 "workers CPU ms/item")))


if __name__ == "__main__":
    main()
