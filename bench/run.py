"""Run every benchmark and print its table: `python bench/run.py [--quick]`.

Never part of the test suite: figures are medians of several runs, each next to its
reference (feedparser alone, plain httpx, a plain rapidfuzz scan) so that ratios hold on
a noisy machine. The first run builds and caches the large stores (a few minutes).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from common import parallel_capacity

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    args = ap.parse_args()
    quick = {
        "extraction.py": ["--articles", "500", "--runs", "3"],
        "ingest.py": ["--feeds", "10", "--runs", "3"],
        "archive.py": ["--feeds", "100", "--runs", "1"],
        "dedup.py": ["--sizes", "10000,100000", "--articles", "500", "--runs", "3"],
        "polling.py": ["--feeds", "200", "--runs", "1"],
        "memory.py": ["--feeds", "200", "--stored", "100000"],
        "queries.py": ["--stored", "100000", "--developments", "10000", "--runs", "3"],
        "hostile.py": ["--runs", "1"],
        "api.py": ["--runs", "3"],
    }
    cores = os.cpu_count() or 1
    print(f"# {platform.machine()}, {cores} cores, {platform.python_implementation()} "
          f"{platform.python_version()}, {datetime.now(UTC):%Y-%m-%d}; {cores} busy processes "
          f"run {parallel_capacity(cores):.1f}x one (less than {cores}: others share the cores)")
    for script, quick_args in quick.items():
        print(f"\n## {script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *(quick_args if args.quick else [])],
                       check=True)


if __name__ == "__main__":
    main()
