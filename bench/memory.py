"""Memory: peak RSS of a poll cycle over 1,000 feeds with 1M articles stored, and of
polling one 50 MB feed, which the body limit must refuse before parsing.

    python bench/memory.py [--feeds 1000] [--stored 1000000]

Each measurement runs in a fresh process (ru_maxrss is a high-water mark).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import config, table


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, arg: str) -> None:
    from watcher.poll import Poller
    from watcher.store import Store

    base = peak_mb()
    if mode == "big":
        size = 50 * 1024 * 1024

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()  # no Content-Length: the limit must hold while streaming
                chunk = b"<item><title>x</title></item>" * 2000
                sent = 0
                try:
                    self.wfile.write(b'<?xml version="1.0"?><rss><channel>')
                    while sent < size:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/big.xml"
        tmp = tempfile.mkdtemp()
        cfg = config(Path(tmp) / "m.db", feeds=[{"name": "Big", "url": url}])
        store = Store(cfg.watcher.db)
        summary = asyncio.run(Poller(cfg, store).cycle(force=True))
        error = store.feeds()[0].last_error
    else:
        feeds, db = json.loads(arg)
        cfg = config(Path(db), feeds=feeds, fetch={"concurrency": 16})
        store = Store(cfg.watcher.db)
        summary = asyncio.run(Poller(cfg, store).cycle(force=True))
        error = f"{summary.feeds_ok} ok, {summary.articles_new} new"
    print(json.dumps({"base": base, "peak": peak_mb(), "note": error}))


def measure(mode: str, arg: str = "") -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, arg], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--stored", type=int, default=1_000_000)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    from bigstore import build
    from polling import bump  # noqa: F401  (same feed server as the polling benchmark)

    rows = []
    big = measure("big")
    rows.append(("poll one 50 MB feed (5 MB limit)", f"{big['peak']:.0f}",
                 f"{big['peak'] - big['base']:.0f}", big["note"]))
    port = 41000 + args.feeds % 1000
    server = subprocess.Popen([sys.executable, str(Path(__file__).with_name("polling.py")),
                               "--serve", str(port), "--feeds", str(args.feeds)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().strip() == "ready"
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "m.db"
            shutil.copy(build(args.stored), db)
            feeds = [{"name": f"F{i}", "url": f"http://127.0.0.1:{port}/f/{i}.xml"}
                     for i in range(args.feeds)]
            r = measure("cycle", json.dumps([feeds, str(db)]))
        rows.append((f"poll cycle, {args.feeds} feeds, {args.stored:,} stored",
                     f"{r['peak']:.0f}", f"{r['peak'] - r['base']:.0f}", r["note"]))
    finally:
        server.kill()
    print(table(rows, ("memory", "peak RSS MB", "above start MB", "")))


if __name__ == "__main__":
    main()
