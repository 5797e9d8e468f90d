"""Hostile inputs, measured: extraction time against the size of a text with no sentence
break (linear, not quadratic), and the peak memory of one poll cycle over eight gzip
bombs at once (bounded by the body limit, not by the bombs).

    python bench/hostile.py [--runs 3]

Each memory figure comes from a fresh process (ru_maxrss is a high-water mark).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import config, median, table

SENTENCE = "Aliyev and Pashinyan will meet in Geneva on Friday, officials said "


def extraction(runs: int) -> list[tuple]:
    from watcher.extract import extract

    rows = []
    for size in (21_000, 42_000, 85_000, 3_800_000):
        blob = (SENTENCE * (size // len(SENTENCE) + 1))[:size]  # no full stop anywhere
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            extract("", blob, datetime(2024, 3, 6, tzinfo=UTC))
            times.append(time.perf_counter() - start)
        rows.append((f"{size:,} chars, no sentence break", f"{median(times) * 1000:.0f} ms"))
    return rows


def bombs_child(count: int, limit: int) -> None:
    from watcher.poll import Poller
    from watcher.store import Store

    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip, built in steps
    chunk = b"<" * 1_000_000
    bomb = b"".join(z.compress(chunk) for _ in range(500)) + z.flush()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            self.wfile.write(bomb)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:
        port = httpd.server_address[1]
        feeds = [{"name": f"bomb {i}", "url": f"http://127.0.0.1:{port}/{i}.xml"}
                 for i in range(count)]
        cfg = config(Path(tmp) / "w.db", feeds=feeds,
                     fetch={"concurrency": count, "max_body_bytes": limit})
        store = Store(cfg.watcher.db)
        summary = asyncio.run(Poller(cfg, store).cycle(force=True))
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{summary.feeds_failed} {base:.0f} {peak:.0f}")


def bombs(count: int = 8, limit: int = 5_000_000) -> list[tuple]:
    proc = subprocess.run([sys.executable, __file__, "--child", str(count), str(limit)],
                          capture_output=True, text=True, check=True)
    failed, base, peak = proc.stdout.split()
    return [(f"{count} concurrent gzip bombs (500 MB each, {limit // 1_000_000} MB limit)",
             f"peak RSS {peak} MB ({int(peak) - int(base)} MB above start; "
             f"{failed}/{count} refused)")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--child", nargs=2, type=int)
    args = ap.parse_args()
    if args.child:
        bombs_child(*args.child)
        return
    print(table(extraction(args.runs) + bombs(), ("hostile input", "measured")))


if __name__ == "__main__":
    main()
