"""The HTTP API under load: 1,000 requests from 50 clients at once, half of them
/digest (json and html, 7 days), half /search (40 different queries: rare and common
words, phrases), on a store of 50,000 articles with their texts and 2,000 developments.
Latency p50/p99 and errors; beside them, the median of one digest and one search in
process, uncached.

    python bench/api.py [--articles 50000] [--developments 2000] [--clients 50]
                        [--requests 1000] [--runs 5]

The API runs in a process of its own (as in the daemon), the clients are threads here.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bigstore import WORDS, build
from common import config, median, table

from watcher import digest
from watcher.store import Store

COMMON = ["inflation", "football", "flooding", "revenue", "Brussels", "Aliyev", "Lachin",
          "central bank", "\"Lachin corridor\"", "Pashinyan Aliyev"]


def queries(n: int = 40) -> list[str]:
    rng = random.Random(11)
    return COMMON + [rng.choice(WORDS) for _ in range(n - len(COMMON))]


def paths(count: int) -> list[str]:
    qs = queries()
    out = []
    for i in range(count):
        if i % 2:
            out.append("/search?q=" + urllib.request.quote(qs[i // 2 % len(qs)]) + "&limit=20")
        else:
            out.append("/digest?since=7d&format=" + ("json" if i % 4 == 0 else "html"))
    random.Random(3).shuffle(out)
    return out


def serve(db: str, port: int) -> None:
    from watcher.api import ApiServer

    cfg = config(Path(db), api={"listen": f"127.0.0.1:{port}"})
    api = ApiServer(cfg, lambda store: (True, {"status": "ok"}))
    api.start()
    print("ready", flush=True)
    threading.Event().wait()


def load(base: str, requests: list[str], clients: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    todo = iter(requests)

    def client() -> None:
        nonlocal errors
        while True:
            with lock:
                path = next(todo, None)
            if path is None:
                return
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=60) as resp:
                    resp.read()
                    ok = resp.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            took = time.perf_counter() - start
            with lock:
                latencies.append(took)
                errors += not ok

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def in_process(db: Path, runs: int) -> tuple[float, float]:
    """Median ms of one uncached digest (json) and one uncached search (over the queries)."""
    store = Store(db)
    since = datetime.now(UTC) - timedelta(days=7)
    d_times, s_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        digest.render(digest.build(store, since), "json")
        d_times.append((time.perf_counter() - start) * 1000)
    for q in queries():
        start = time.perf_counter()
        store.search(q, limit=20)
        s_times.append((time.perf_counter() - start) * 1000)
    store.close()
    return median(d_times), median(s_times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50_000)
    ap.add_argument("--developments", type=int, default=2_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=1_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "api.db"
        shutil.copy(build(args.articles, args.developments, texts=True), db)
        Store(db).close()  # migrated before the server and the clients start
        digest_ms, search_ms = in_process(db, args.runs)
        port = 30000 + random.randrange(20000)
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(db), str(port)],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout.readline().strip() == "ready"
            latencies, errors = load(f"http://127.0.0.1:{port}", paths(args.requests),
                                     args.clients)
        finally:
            server.kill()
    rows = [
        ("digest --since 7d (json), in process, uncached", f"{digest_ms:.1f}", "", ""),
        ("search (40 queries), in process, uncached", f"{search_ms:.1f}", "", ""),
        (f"{args.requests:,} requests from {args.clients} clients (digest, search)",
         f"{percentile(latencies, 50) * 1000:.0f}", f"{percentile(latencies, 99) * 1000:.0f}",
         str(errors)),
    ]
    print(table(rows, (f"API, {args.articles:,} articles, {args.developments:,} developments",
                       "median/p50 ms", "p99 ms", "errors")))


if __name__ == "__main__":
    main()
