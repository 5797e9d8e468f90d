"""Shared helpers for the benchmarks: medians, a table printer, a config for a temp store."""

from __future__ import annotations

import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from watcher.config import from_dict  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def config(db: Path, **sections):
    return from_dict({"watcher": {"db": str(db), "baseline": str(REPO / "store" / "baseline")},
                      **sections}, source="bench")


def median(values: list[float]) -> float:
    return statistics.median(values)


def table(rows: list[tuple], headers: tuple) -> str:
    cells = [tuple(str(c) for c in headers)] + [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                       enumerate(zip(r, widths, strict=True))) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cpu_seconds(workers=None) -> tuple[float, float]:
    """CPU seconds used so far by this process (all its threads) and by the worker
    processes of `workers` (a `watcher.workers.Workers`; read from /proc, so 0 where there
    is none). CPU, unlike the wall clock, hardly moves when others share the machine."""
    used = 0.0
    for pid in (workers.pids() if workers is not None else []):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return time.process_time(), used


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_capacity(processes: int = 2, n: int = 3_000_000) -> float:
    """How many cores this machine gives us now: the same pure-Python work in `processes`
    processes against one after the other (2.0 on two idle cores; less when shared)."""
    start = time.perf_counter()
    for _ in range(processes):
        _burn(n)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(_burn, [1000] * processes))  # started before the clock
        start = time.perf_counter()
        list(pool.map(_burn, [n] * processes))
        parallel = time.perf_counter() - start
    return serial / parallel
