"""Queries: `watcher digest --since 7d` and GET /facts with 1M articles and 10k developments
stored (median of several runs, in process).

    python bench/queries.py [--stored 1000000] [--developments 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bigstore import build
from common import median, table

from watcher import digest
from watcher.api import facts_json, metrics
from watcher.store import Store


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stored", type=int, default=1_000_000)
    ap.add_argument("--developments", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "q.db"
        shutil.copy(build(args.stored), db)
        store = Store(db)
        from bigstore import add_developments

        add_developments(store, args.developments)
        since = datetime.now(UTC) - timedelta(days=7)
        rows = [
            ("digest --since 7d (text)",
             f"{timed(lambda: digest.render(digest.build(store, since), 'text'), args.runs):.1f}"),
            ("digest --since 7d (html)",
             f"{timed(lambda: digest.render(digest.build(store, since), 'html'), args.runs):.1f}"),
            ("/facts", f"{timed(lambda: facts_json(store), args.runs):.1f}"),
            ("/metrics", f"{timed(lambda: metrics(store), args.runs):.1f}"),
        ]
        store.close()
    print(table(rows, (f"query, {args.stored:,} articles, {args.developments:,} developments",
                       "median ms")))


if __name__ == "__main__":
    main()
