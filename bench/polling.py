"""Polling: one cycle over 1,000 feeds served on 127.0.0.1 (a threading server with a large
listen backlog, in its own process), next to plain httpx fetching the same URLs with the
same concurrency.

    python bench/polling.py [--feeds 1000] [--runs 3]

Scenarios: every feed changed on a first poll (every item new), every feed changed with
one new item each (the steady state), and 90 % of feeds answering 304. Beside the wall
clock, the CPU seconds of this process (the event loop and the store: what bounds a
cycle) and of the worker processes, which hardly move when others share the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from common import config, cpu_seconds, median, table
from feedgen import make_feed

from watcher.poll import Poller
from watcher.store import Store


def serve(port: int, feeds: int, relevant_share: float) -> None:
    """The feed server: GET /f/<i>.xml (ETag per version); POST /bump with a JSON id list."""
    versions = [0] * feeds
    cache: dict[tuple[int, int], bytes] = {}

    def body(i: int) -> bytes:
        key = (i, versions[i])
        if key not in cache:
            # Version v drops the v oldest items and adds v new ones: one new item per bump.
            rng = random.Random(i * 1000 + versions[i])
            cache[key] = make_feed(i, rng, relevant_share=relevant_share)
        return cache[key]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            ids = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            for i in ids:
                versions[i] += 1
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802
            i = int(self.path.split("/")[-1].split(".")[0])
            etag = f'"{i}-{versions[i]}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            data = body(i)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    ThreadingHTTPServer.request_queue_size = 4096
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    httpd.daemon_threads = True
    for i in range(feeds):  # build every feed before the clock starts
        body(i)
    print("ready", flush=True)
    httpd.serve_forever()


def bump(base: str, ids: list[int]) -> None:
    req = urllib.request.Request(base + "/bump", data=json.dumps(ids).encode(), method="POST")
    urllib.request.urlopen(req).read()


async def plain_httpx(urls: list[str], concurrency: int) -> tuple[float, float]:
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        async def one(url: str) -> int:
            async with sem:
                return len((await client.get(url)).content)

        start, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(one(u) for u in urls))
        return time.perf_counter() - start, time.process_time() - cpu


def cycle(cfg) -> tuple[float, object, tuple[float, float]]:
    """(wall s, summary, (CPU s of this process, of the workers))."""
    store = Store(cfg.watcher.db)
    poller = Poller(cfg, store)
    cpu = cpu_seconds(poller.workers)
    start = time.perf_counter()
    summary = asyncio.run(poller.cycle(force=True))
    elapsed = time.perf_counter() - start
    after = cpu_seconds(poller.workers)
    store.close()
    return elapsed, summary, (after[0] - cpu[0], after[1] - cpu[1])


def _row(name: str, runs: list[tuple], ref: float, ref_cpu: float, note: str = "") -> tuple:
    wall = median([r[0] for r in runs])
    main, work = median([r[2][0] for r in runs]), median([r[2][1] for r in runs])
    return (name, f"{wall:.2f}", f"{wall / ref:.2f}", f"{main:.2f}", f"{main / ref_cpu:.2f}",
            f"{work:.2f}", note)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--relevant-share", type=float, default=0.05)
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--db", help="start from a copy of this store (e.g. a large one)")
    args = ap.parse_args()
    if args.serve:
        serve(args.serve, args.feeds, args.relevant_share)
        return
    port = 20000 + random.randrange(20000)
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port), "--feeds",
                               str(args.feeds), "--relevant-share", str(args.relevant_share)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().strip() == "ready"
        base = f"http://127.0.0.1:{port}"
        urls = [f"{base}/f/{i}.xml" for i in range(args.feeds)]
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "poll.db"
            if args.db:
                shutil.copy(args.db, db)
            cfg = config(db, feeds=[{"name": f"F{i}", "url": u} for i, u in enumerate(urls)],
                         fetch={"concurrency": 16}, dedup={"window": "3d"})
            concurrency = cfg.fetch.concurrency
            plain = [asyncio.run(plain_httpx(urls, concurrency)) for _ in range(args.runs)]
            ref, ref_cpu = median([p[0] for p in plain]), median([p[1] for p in plain])
            first = cycle(cfg)
            steady, ninety = [], []
            for _ in range(args.runs):
                bump(base, list(range(args.feeds)))
                steady.append(cycle(cfg))
                bump(base, list(range(0, args.feeds, 10)))
                ninety.append(cycle(cfg))
        s1, s3 = first[1], ninety[-1][1]
        rows = [
            ("plain httpx, every feed 200", f"{ref:.2f}", "1.00", f"{ref_cpu:.2f}", "1.00", "",
             ""),
            _row("watcher, first poll (every item new)", [first], ref, ref_cpu,
                 f"{s1.articles_new} new, {s1.articles_irrelevant} irrelevant"),
            _row("watcher, every feed changed (1 new item)", steady, ref, ref_cpu),
            _row("watcher, 90% answer 304", ninety, ref, ref_cpu,
                 f"{s3.feeds_not_modified} not modified"),
        ]
        print(table(rows, (f"poll cycle, {args.feeds} feeds", "median s", "vs httpx",
                           "main CPU s", "vs httpx CPU", "workers CPU s", "")))
    finally:
        server.kill()


if __name__ == "__main__":
    main()
