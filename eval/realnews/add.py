#!/usr/bin/env python3
"""Add one labelled article to the real-news corpus.

    python eval/realnews/add.py --text PAGE.txt --out eval/realnews/incoming/NAME.jsonl < LABEL.json

PAGE.txt holds the stored page's text exactly as the search tool returned it. The
label (JSON on standard input, see LABELS.md) gets its `id` (from the URL) and `sha256`
(of the text) here; the text is copied into the git-ignored cache as `cache/<id>.txt`
and the label appended to (or replaced in) the --out file. Nothing of the text itself
goes into the label.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import CACHE, article_id, validate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args()
    try:
        label = json.load(sys.stdin)
    except ValueError as exc:
        print(f"add: the label is not JSON: {exc}", file=sys.stderr)
        return 2
    raw = args.text.read_bytes()
    label["id"] = article_id(label.get("url", ""))
    label["sha256"] = hashlib.sha256(raw).hexdigest()
    problems = validate(label)
    if problems:
        for p in problems:
            print(f"add: {label.get('url')}: {p}", file=sys.stderr)
        return 2
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / f"{label['id']}.txt").write_bytes(raw)
    rows = []
    if args.out.exists():
        rows = [json.loads(line) for line in args.out.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r["id"] != label["id"]] + [label]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"added {label['id']} ({len(rows)} in {args.out.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
