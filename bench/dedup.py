"""Dedup at scale: the cost of the duplicate check (URL, GUID, content hash, near-duplicate
title; `Pipeline.find_duplicate`) per new article with 10k, 100k and 1M articles stored,
next to a plain rapidfuzz scan of 100k titles.

    python bench/dedup.py [--sizes 10000,100000,1000000] [--articles 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import time

from bigstore import SPAN, START, build, title
from common import config, median, table
from rapidfuzz import fuzz, process

from watcher.dedup import title_key
from watcher.feeds import Entry
from watcher.pipeline import Pipeline
from watcher.reading import Reader, read_entry
from watcher.store import Store


def entries(n: int, seed: int) -> list[Entry]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        t = title(rng)
        pub = START + SPAN * rng.random()
        out.append(Entry(title=t + " Armenia", url=f"https://new.example/{seed}/{i}",
                         guid=None, published=pub, summary=t))
    return out


def per_article_ms(db, new: list[Entry], runs: int) -> float:
    store = Store(db)
    pipeline = Pipeline(store, config(db), channels=[])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for e, read in new:
            pipeline.find_duplicate(e, read)
        times.append((time.perf_counter() - start) / len(new) * 1000)
    store.close()
    return median(times)


def plain_scan_ms(n: int = 100_000, probes: int = 20) -> float:
    rng = random.Random(9)
    keys = [title_key(title(rng)) for _ in range(n)]
    start = time.perf_counter()
    for _ in range(probes):
        process.extractOne(title_key(title(rng)), keys, scorer=fuzz.token_sort_ratio,
                           score_cutoff=90)
    return (time.perf_counter() - start) / probes * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    new = [(e, read_entry(Reader(), e, extract_facts=False))
           for e in entries(args.articles, seed=77)]
    rows, first = [], None
    for n in sizes:
        ms = per_article_ms(build(n), new, args.runs)
        first = first or ms
        rows.append((f"watcher, {n:,} stored", f"{ms:.3f}", f"{ms / first:.2f}"))
    rows.append(("plain rapidfuzz scan of 100,000 titles", f"{plain_scan_ms():.3f}", ""))
    print(table(rows, ("dedup check per new article", "median ms", "vs smallest")))


if __name__ == "__main__":
    main()
