"""Extraction speed: articles per second through `watcher.extract.extract` alone, one core;
and the same articles read by the worker pool (`watcher.workers`, one process per core).

    python bench/extraction.py [--runs 5] [--articles 2000]

The articles are built from the baseline corpus and from generated news paragraphs
(meetings announced, held and cancelled; route closures; background; noise), so the
figure covers both long real texts and short wire items. Prints the median of the runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feedgen import DAYS, FILLER, PEOPLE, PLACES, RELEVANT

from watcher.extract import extract
from watcher.reading import Reader, facts_many
from watcher.workers import shared

BASELINE = Path(__file__).resolve().parents[1] / "store" / "baseline"
TEMPLATES = RELEVANT + FILLER[:2]


def corpus(n: int, rng: random.Random) -> list[tuple[str, str, datetime]]:
    manifest = tomllib.loads((BASELINE / "manifest.toml").read_text())
    real = [(a["title"], (BASELINE / a["file"]).read_text(),
             datetime.fromisoformat(a["published"])) for a in manifest["article"]]
    out = []
    for i in range(n):
        if i % 10 == 0:
            out.append(real[i // 10 % len(real)])
            continue
        a, b = rng.choice(PEOPLE)
        paras = [rng.choice(TEMPLATES).format(a=a, b=b, p=rng.choice(PLACES), d=rng.choice(DAYS))
                 for _ in range(rng.randint(4, 12))]
        out.append((paras[0][:80], "\n".join(paras),
                    datetime(2023, 5, 1, tzinfo=UTC) + timedelta(days=i % 300)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--articles", type=int, default=2000)
    args = ap.parse_args()
    articles = corpus(args.articles, random.Random(7))
    extract(*articles[0])  # warm-up: gazetteer load, regex compilation
    rates, pooled = [], []
    pool, reader = shared(), Reader()
    batches = [[(t, x, p, True) for t, x, p in articles[i:i + 32]]
               for i in range(0, len(articles), 32)]
    list(pool.ordered(facts_many, [(10**9, (reader, b)) for b in batches[:4]]))  # start it
    for _ in range(args.runs):
        start = time.perf_counter()
        facts = sum(len(extract(t, x, p)) for t, x, p in articles)
        rates.append(len(articles) / (time.perf_counter() - start))
        start = time.perf_counter()
        list(pool.ordered(facts_many, [(10**9, (reader, b)) for b in batches]))
        pooled.append(len(articles) / (time.perf_counter() - start))
    chars = sum(len(x) for _, x, _ in articles) / len(articles)
    print(f"{'benchmark':<22}{'articles':>10}{'avg chars':>11}{'median art/s':>14}"
          f"{'min':>9}{'max':>9}")
    print(f"{'extraction':<22}{len(articles):>10}{chars:>11.0f}{statistics.median(rates):>14.0f}"
          f"{min(rates):>9.0f}{max(rates):>9.0f}")
    label = f"{pool.processes} workers"
    print(f"{label:<22}{len(articles):>10}{chars:>11.0f}{statistics.median(pooled):>14.0f}"
          f"{min(pooled):>9.0f}{max(pooled):>9.0f}")
    print(f"({facts} facts per run; {args.runs} runs)")


if __name__ == "__main__":
    main()
