#!/usr/bin/env python3
"""Refill the git-ignored text cache from the stored pages, checked against the labels.

    python eval/realnews/fill.py --missing [--only F] [--part K/N]   labelled texts not cached
    python eval/realnews/fill.py --text PAGE.txt [--query Q]   put one page's text in the cache

The cache (`cache/<id>.txt`) is not committed, so a new checkout starts without it. Each
label pins its text by sha256; a page's text, written exactly as the search tool returned
it, is matched to its label by that hash alone and copied to the cache. A text that matches
no label is refused. `--query` records the search that found the page in `found_by.tsv`
(committed: id, query), so the next refill can ask the same question first.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import CACHE, load_labels  # noqa: E402

FOUND_BY = HERE / "found_by.tsv"


def _all_labels() -> list[dict]:
    """The corpus and any held-out batch waiting in incoming/ (their texts share the cache)."""
    labels = load_labels()
    for batch in sorted((HERE / "incoming").glob("*.jsonl")):
        labels += load_labels(batch)
    return labels


def _cached(label: dict) -> bool:
    path = CACHE / f"{label['id']}.txt"
    if not path.exists():
        return False
    return hashlib.sha256(path.read_bytes()).hexdigest() == label["sha256"]


def _queries() -> dict[str, str]:
    if not FOUND_BY.exists():
        return {}
    out = {}
    for line in FOUND_BY.read_text(encoding="utf-8").splitlines():
        ident, _, query = line.partition("\t")
        if ident and query:
            out[ident] = query
    return out


def missing(part: str | None, only: Path | None = None) -> int:
    pool = load_labels(only) if only else _all_labels()
    labels = [lb for lb in pool if not _cached(lb)]
    if part:
        k, _, n = part.partition("/")
        labels = labels[int(k) - 1 :: int(n)]
    queries = _queries()
    for lb in labels:
        print(f"{lb['id']}\t{lb['url']}\t{lb['outlet']}\t{lb['published'][:10]}"
              f"\t{queries.get(lb['id'], '')}\t{lb['facts'][:160]}")
    print(f"fill: {len(labels)} labelled texts not cached", file=sys.stderr)
    return 0


def fill(text: Path, query: str | None) -> int:
    raw = text.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    by_hash: dict[str, list[dict]] = {}
    for lb in _all_labels():
        by_hash.setdefault(lb["sha256"], []).append(lb)
    if digest not in by_hash:
        # The usual slip is a trailing newline the tool did not return.
        if raw.endswith(b"\n") and hashlib.sha256(raw[:-1]).hexdigest() in by_hash:
            raw = raw[:-1]
            digest = hashlib.sha256(raw).hexdigest()
        else:
            print(f"fill: {text}: matches no label (sha256 {digest[:12]}); write the excerpt "
                  "exactly as returned", file=sys.stderr)
            return 1
    CACHE.mkdir(parents=True, exist_ok=True)
    queries = _queries() if query else {}
    # Two addresses may serve the same page (a copy, a second page of a listing): each
    # label of that text gets it.
    for label in by_hash[digest]:
        (CACHE / f"{label['id']}.txt").write_bytes(raw)
        if query and label["id"] not in queries:
            with FOUND_BY.open("a", encoding="utf-8") as fh:
                fh.write(f"{label['id']}\t{' '.join(query.split())}\n")
        print(f"filled {label['id']} {label['url']}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--missing", action="store_true")
    ap.add_argument("--part", help="K/N: the K-th of N interleaved shares of --missing")
    ap.add_argument("--only", type=Path, help="with --missing: only this labels file")
    ap.add_argument("--text", type=Path)
    ap.add_argument("--query")
    args = ap.parse_args()
    if args.missing:
        return missing(args.part, args.only)
    if args.text:
        return fill(args.text, args.query)
    ap.print_usage(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
