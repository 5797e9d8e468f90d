"""Shared helpers for the benchmarks: medians, a table printer, a config for a temp store."""

from __future__ import annotations

import statistics
import sys
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
