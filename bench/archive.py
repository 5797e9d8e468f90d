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

from common import config, median, table
from feedgen import make_feed

from watcher.replay import replay


def dump(db: Path) -> str:
    """Developments, entities and sources as one JSON text (no wall-clock stamps)."""
    conn = sqlite3.connect(db)
    out = {
        "developments": conn.execute(
            "SELECT key, type, data, article_id, published, sources, held, catch_up "
            "FROM developments ORDER BY id").fetchall(),
        "entities": conn.execute(
            "SELECT kind, key, data, sources, first_seen, last_seen FROM entities "
            "ORDER BY id").fetchall(),
        "sources": conn.execute(
            "SELECT article_id, feed_id, url, outlet FROM article_sources "
            "ORDER BY article_id, url").fetchall(),
        "articles": conn.execute(
            "SELECT id, url, content_hash, title_key FROM articles ORDER BY id").fetchall(),
        "facts": conn.execute("SELECT article_id, kind, data FROM facts ORDER BY id").fetchall(),
    }
    conn.close()
    return json.dumps(out, ensure_ascii=False, indent=0)


def run(paths: list[Path], db: Path) -> tuple[float, int]:
    start = time.perf_counter()
    n = sum(1 for _ in replay(config(db), paths, db=db, with_baseline=False))
    return time.perf_counter() - start, n


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
            t, n = run(paths, db)
            times.append(t)
            text = dump(db)
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        if args.dump:
            args.dump.write_text(text)
    print(table([(f"replay of {args.feeds * 50:,} items", f"{median(times):.2f}", n, digest)],
                ("archive", "median s", "developments", "dump sha256")))


if __name__ == "__main__":
    main()
