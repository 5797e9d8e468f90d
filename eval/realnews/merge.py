#!/usr/bin/env python3
"""Fold the labels written by collectors (`incoming/*.jsonl`) into `labels.jsonl`.

    python eval/realnews/merge.py [BATCH.jsonl ...]

One line per article, by publication date; an article labelled twice keeps the label
in `labels.jsonl` (reviewed) over an incoming one. Every label is validated; a bad one
is reported and left out. With files named, only those batches are merged (a batch still
being collected beside them stays out). A development is expected of the article that
first reports it only: in a later article the same expectation is made optional (a
held-out batch, scored alone, expects its own first report), and each such move is told.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import LABELS, load_labels, validate  # noqa: E402


def main() -> int:
    labels = {lb["id"]: lb for lb in (load_labels(LABELS) if LABELS.exists() else [])}
    added = bad = 0
    batches = [Path(a) for a in sys.argv[1:]] or sorted((HERE / "incoming").glob("*.jsonl"))
    for path in batches:
        for lb in load_labels(path):
            if lb["id"] in labels:
                continue
            if problems := validate(lb):
                print(f"{path.name}: {lb.get('url')}: {'; '.join(problems)}", file=sys.stderr)
                bad += 1
                continue
            labels[lb["id"]] = lb
            added += 1
    rows = sorted(labels.values(), key=lambda lb: (lb["published"], lb["id"]))
    first: dict[str, str] = {}
    for lb in rows:  # a development is expected of the article that first reports it only
        for exp in lb.get("expected", []):
            if exp["id"] in first:
                print(f"{lb['url']}: {exp['id']} is already expected of {first[exp['id']]}; "
                      "made optional here", file=sys.stderr)
            first.setdefault(exp["id"], lb["url"])
        later = [e for e in lb.get("expected", []) if first[e["id"]] != lb["url"]]
        if later:
            lb["expected"] = [e for e in lb["expected"] if e not in later]
            lb["optional"] = [*lb.get("optional", []), *later]
    LABELS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                      encoding="utf-8")
    print(f"{len(rows)} labels ({added} added, {bad} refused)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
