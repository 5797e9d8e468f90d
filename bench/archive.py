"""Replay of a generated archive (200 feeds of 50 items, 5 % relevant: 10,000 items) on a
fresh store, timed, and a dump of what it left: developments, entities and article
sources, without the clock's stamps. Two dumps of two versions must be byte-identical
(a speed change must not change what is recorded).

    python bench/archive.py [--feeds 200] [--runs 3] [--dump FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from common import config, cpu_seconds, median, table
from feedgen import make_feed

from watcher.replay import replay
from watcher.store import Store
from watcher.workers import shared


def dump(db: Path) -> str:
    """Developments, entities and sources as one JSON text (no wall-clock stamps). The
    known state and the developments are read as the store's readers show them, so that
    two schemas (the sources as a JSON list or as rows) compare by what they hold."""
    store = Store(db)
    dev_fields = ("key", "type", "data", "article_id", "published", "sources", "held",
                  "catch_up")
    out = {
        "developments": [[d[f] for f in dev_fields] for d in store.developments()],
        "entities": [[e[f] for f in ("kind", "key", "data", "sources", "first_seen",
                                     "last_seen")] for e in store.entities()],
    }
    store.close()
    conn = sqlite3.connect(db)
    out |= {
        "sources": conn.execute(
            "SELECT article_id, feed_id, url, outlet FROM article_sources "
            "ORDER BY article_id, url").fetchall(),
        "articles": conn.execute(
            "SELECT id, url, content_hash, title_key FROM articles ORDER BY id").fetchall(),
        "facts": conn.execute("SELECT article_id, kind, data FROM facts ORDER BY id").fetchall(),
    }
    conn.close()
    return json.dumps(out, ensure_ascii=False, indent=0)


def run(paths: list[Path], db: Path) -> tuple[float, int, float, float]:
    """(wall s, developments, CPU s of this process, of the workers)."""
    cpu = cpu_seconds(shared())
    start = time.perf_counter()
    n = sum(1 for _ in replay(config(db), paths, db=db, with_baseline=False))
    elapsed = time.perf_counter() - start
    after = cpu_seconds(shared())
    return elapsed, n, after[0] - cpu[0], after[1] - cpu[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dump", type=Path, help="write the last run's dump here")
    args = ap.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(args.feeds):
            paths.append(Path(tmp) / f"{i}.xml")
            paths[-1].write_bytes(make_feed(i, rng, relevant_share=0.05))
        times, digest = [], ""
        for r in range(args.runs):
            db = Path(tmp) / f"r{r}.db"
            t, n, main, work = run(paths, db)
            times.append((t, main, work))
            text = dump(db)
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        if args.dump:
            args.dump.write_text(text)
    wall, main, work = (median([t[i] for t in times]) for i in range(3))
    print(table([(f"replay of {args.feeds * 50:,} items", f"{wall:.2f}", f"{main:.2f}",
                  f"{work:.2f}", n, digest)],
                ("archive", "median s", "main CPU s", "workers CPU s", "developments",
                 "dump sha256")))


if __name__ == "__main__":
    main()
