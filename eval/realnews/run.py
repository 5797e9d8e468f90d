#!/usr/bin/env python3
"""Replay the real-news corpus on the seed baseline and score it.

    python eval/realnews/run.py [-v] [--review-list] [--keep DIR]

Builds one RSS file from the cached texts (`cache/<id>.txt`, each checked against the
sha256 of its label), runs `watcher replay` on it exactly as the contract says (on the
shipped baseline), scores the output with `../shared/eval/score.py` and prints the
figures per family, then, last, one line: `recall R precision P duplicates D (...)`.

With no usable text in the cache it says so and exits 0. `-v` lists every miss and
every false alert with its article, and the review queue's gaps: the misses with no
possible development in their article and the possible developments of traps
(`--review-list` lists those gaps alone); `--keep DIR` leaves the feed, the expectations
and the developments there.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import importlib.util
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

from corpus import CACHE, LABELS, load_labels  # noqa: E402

from watcher.dedup import canonical_url  # noqa: E402
from watcher.extract.text import unwrap  # noqa: E402

SCORE = REPO.parent / "shared" / "eval" / "score.py"


def _score_module():
    spec = importlib.util.spec_from_file_location("score", SCORE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cached_text(label: dict) -> str | None:
    path = CACHE / f"{label['id']}.txt"
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(raw).hexdigest() != label["sha256"]:
        return None
    return raw.decode("utf-8")


def title_and_body(text: str) -> tuple[str, str]:
    """The page's first line is its headline when it reads as one (short, no full stop);
    else the page has no headline and all of it is the body."""
    lines = [ln for ln in unwrap(text) if ln]
    if not lines:
        return "", ""
    first = lines[0]
    if len(first.split()) <= 16 and not re.search(r"[.!?]$", first):
        return first, "\n".join(lines[1:])
    return "", "\n".join(lines)


def build_feed(articles: list[tuple[dict, str]]) -> str:
    items = []
    for label, text in articles:
        title, body = title_and_body(text)
        paras = [p.strip() for p in body.splitlines() if p.strip()]
        content = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
        when = format_datetime(datetime.fromisoformat(label["published"]))
        items.append(
            "<item>"
            f"<title>{escape(title)}</title>"
            f"<link>{escape(label['url'])}</link>"
            f"<guid isPermaLink=\"false\">{label['id']}</guid>"
            f"<pubDate>{when}</pubDate>"
            f"<description>{escape(html.escape(paras[0] if paras else ''))}</description>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded>"
            "</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            "<channel><title>Real-news corpus</title><link>https://realnews.invalid/</link>"
            "<description>Labelled real articles</description>" + "".join(items)
            + "</channel></rss>\n")


def expectations(labels: list[dict]) -> tuple[list[dict], list[dict]]:
    """Expected and optional developments over the corpus in publication order. The same
    event and status labelled again in a later article is optional there: the first
    article to report it is the one expected to alert."""
    expected, optional = [], []
    for label in sorted(labels, key=lambda lb: lb["published"]):
        for e in label.get("expected") or []:
            e = {**e, "article": label["url"], "_label": label}
            twin = next((x for x in expected if x["event"] == e["event"]
                         and set(x["status_any"]) & set(e["status_any"])), None)
            (optional if twin else expected).append(e)
        for e in label.get("optional") or []:
            optional.append({**e, "article": label["url"], "_label": label})
    return expected, optional


def family_of_expectation(e: dict) -> str:
    status = e["status_any"][0]
    if "route_status" in e["type_any"]:
        return "route " + status
    return "meeting " + ("cancelled/postponed" if status in ("cancelled", "postponed")
                         else status)


def family_of_dev(dev: dict) -> str:
    if dev.get("type") == "route_status":
        return "route " + str((dev.get("route") or {}).get("status"))
    status = (dev.get("meeting") or {}).get("status")
    return "meeting " + ("cancelled/postponed" if status in ("cancelled", "postponed")
                         else str(status))


def assign(score, expected: list[dict], optional: list[dict], devs: list[dict]) -> list:
    """score.py's own matching, keeping which expectation each development took."""
    hits: dict[str, list[int]] = {e["id"]: [] for e in expected}
    out = []
    def own_first(found: list[dict], dev: dict) -> list[dict]:
        # a development is credited first to what its own article was labelled with
        url = canonical_url(dev.get("article_url") or "")
        return sorted(found, key=lambda e: canonical_url(e.get("article", "")) != url)

    for i, dev in enumerate(devs):
        fresh = own_first([e for e in expected if not hits[e["id"]] and score.matches(e, dev)],
                          dev)
        if fresh:
            hits[fresh[0]["id"]].append(i)
            out.append(("hit", fresh[0]))
            continue
        again = own_first([e for e in expected if score.matches(e, dev)], dev)
        if again:
            hits[again[0]["id"]].append(i)
            out.append(("duplicate", again[0]))
        elif opt := next((e for e in optional if score.matches(e, dev)), None):
            out.append(("optional", opt))
        else:
            out.append(("false", None))
    return out


def report(score, labels: list[dict], expected: list[dict], optional: list[dict],
           devs: list[dict], verbose: bool) -> None:
    by_url = {canonical_url(lb["url"]): lb for lb in labels}
    verdicts = assign(score, expected, optional, devs)
    fams: dict[str, dict[str, int]] = {}

    def fam(name: str) -> dict[str, int]:
        return fams.setdefault(name, {"expected": 0, "found": 0, "printed": 0, "right": 0})

    found_ids = {e["id"] for v, e in verdicts if v == "hit"}
    for e in expected:
        f = fam(family_of_expectation(e))
        f["expected"] += 1
        f["found"] += e["id"] in found_ids
    trap_printed = trap_false = 0
    for dev, (verdict, e) in zip(devs, verdicts, strict=True):
        if verdict == "optional":
            continue
        f = fam(family_of_expectation(e) if e else family_of_dev(dev))
        f["printed"] += 1
        f["right"] += verdict == "hit"
        label = by_url.get(dev.get("article_url"))
        if label and label["kind"] == "trap":
            trap_printed += 1
            trap_false += verdict != "hit"
    print("family                        recall          precision")
    for name in sorted(fams):
        f = fams[name]
        rec = f"{f['found'] / f['expected']:.2f} ({f['found']}/{f['expected']})" \
            if f["expected"] else "-"
        pre = f"{f['right'] / f['printed']:.2f} ({f['right']}/{f['printed']})" \
            if f["printed"] else "-"
        print(f"  {name:<28}{rec:<16}{pre}")
    traps = sum(1 for lb in labels if lb["kind"] == "trap")
    print(f"  {'traps':<28}{traps} articles, {trap_false} false alerts")
    if not verbose:
        return found_ids
    for e in expected:
        if e["id"] not in found_ids:
            lb = e["_label"]
            print(f"missed: {e['id']} in {lb['id']} {lb['published'][:10]} {lb['outlet']}",
                  file=sys.stderr)
    for dev, (verdict, e) in zip(devs, verdicts, strict=True):
        if verdict in ("false", "duplicate"):
            lb = by_url.get(dev.get("article_url"), {})
            what = dev.get("meeting") or dev.get("route")
            of = f" of {e['id']}" if e else ""
            print(f"{verdict}{of}: {lb.get('id')} {dev['published'][:10]} {dev['type']} "
                  f"{json.dumps(what, ensure_ascii=False)}\n    {dev['evidence'][:220]}",
                  file=sys.stderr)
    return found_ids


def possible_by_article(db: Path) -> dict[str, list[dict]]:
    """The review queue the replay left: possible developments by article URL."""
    out: dict[str, list[dict]] = {}
    con = sqlite3.connect(db)
    try:
        for url, kind, evidence, reason in con.execute(
                "SELECT a.url, p.kind, p.evidence, p.reason FROM possible p "
                "JOIN articles a ON a.id = p.article_id"):
            out.setdefault(canonical_url(url), []).append(
                {"kind": kind, "evidence": evidence, "reason": reason})
    finally:
        con.close()
    return out


def review_figures(labels: list[dict], expected: list[dict], found_ids: set[str],
                   possible: dict[str, list[dict]], verbose: bool) -> None:
    """How well the review queue backs the rules up: the share of missed developments
    whose article has a possible development (goal >= 0.8), and possible developments per
    trap article (goal <= 0.2). `verbose` lists the misses with no possible development in
    their article and the possible developments of trap articles."""
    missed = [e for e in expected if e["id"] not in found_ids]
    covered = [e for e in missed if possible.get(canonical_url(e["article"]))]
    traps = [lb for lb in labels if lb["kind"] == "trap"]
    on_traps = sum(len(possible.get(canonical_url(lb["url"]), [])) for lb in traps)
    share = f"{len(covered) / len(missed):.2f}" if missed else "-"
    per_trap = f"{on_traps / len(traps):.2f}" if traps else "-"
    print(f"review: {len(covered)} of {len(missed)} missed developments have a possible "
          f"development in their article ({share}); {on_traps} possible developments on "
          f"{len(traps)} trap articles ({per_trap} per trap)")
    if verbose:
        for e in missed:
            if e not in covered:
                lb = e["_label"]
                print(f"uncovered: {e['id']} in {lb['id']} {lb['published'][:10]} "
                      f"{lb['outlet']}", file=sys.stderr)
        for lb in traps:
            for p in possible.get(canonical_url(lb["url"]), []):
                print(f"possible on trap {lb['id']}: {p['reason']}\n    {p['evidence'][:220]}",
                      file=sys.stderr)


def explain_one(articles: list[tuple[dict, str]], article_id: str) -> int:
    """`watcher explain` on one corpus article, the corpus before it replayed first."""
    target = next(((lb, t) for lb, t in articles if lb["id"] == article_id), None)
    if target is None:
        print(f"realnews: no cached article {article_id}")
        return 1
    label, text = target
    before = [(lb, t) for lb, t in articles
              if (lb["published"], lb["id"]) < (label["published"], label["id"])]
    title, body = title_and_body(text)
    with tempfile.TemporaryDirectory(prefix="realnews-") as tmp:
        tmp = Path(tmp)
        (tmp / "before.xml").write_text(build_feed(before), encoding="utf-8")
        (tmp / "config.toml").write_text(
            f'[watcher]\ndb = "{tmp / "state.db"}"\nbaseline = "{REPO / "store" / "baseline"}"\n')
        subprocess.run([sys.executable, "-m", "watcher", "--config", str(tmp / "config.toml"),
                        "replay", "--db", str(tmp / "state.db"), str(tmp / "before.xml")],
                       capture_output=True, cwd=REPO, check=True)
        (tmp / "article.txt").write_text(body, encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "watcher", "--config",
                               str(tmp / "config.toml"), "explain", str(tmp / "article.txt"),
                               "--published", label["published"][:10], "--title", title],
                              capture_output=True, text=True, cwd=REPO)
    print(f"{label['id']} {label['outlet']} {label['url']}\nlabel: {label['facts']}")
    for e in label.get("expected") or []:
        print("  expected:", json.dumps({k: v for k, v in e.items() if k != "id"}))
    print(proc.stdout + proc.stderr)
    return proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--review-list", action="store_true",
                    help="list only the review queue's gaps: the misses whose article has no "
                         "possible development, and the possible developments of traps")
    ap.add_argument("--labels", type=Path, default=LABELS,
                    help="a labels file other than labels.jsonl, e.g. a held-out batch "
                         "not yet merged (default: %(default)s)")
    ap.add_argument("--explain", metavar="ID",
                    help="explain one article against the state the corpus before it left")
    args = ap.parse_args()
    labels = load_labels(args.labels) if args.labels.exists() else []
    articles = [(lb, t) for lb in labels if (t := cached_text(lb)) is not None]
    if not articles:
        print(f"realnews: the cache holds none of the {len(labels)} labelled texts "
              f"({CACHE}); nothing to score")
        return 0
    usable = [lb for lb, _ in articles]
    if len(usable) < len(labels):
        print(f"realnews: {len(labels) - len(usable)} of {len(labels)} texts missing from "
              f"the cache or changed; scoring the {len(usable)} others", file=sys.stderr)
    if args.explain:
        return explain_one(articles, args.explain)
    expected, optional = expectations(usable)
    score = _score_module()
    with tempfile.TemporaryDirectory(prefix="realnews-") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        feed = out / "realnews.xml"
        feed.write_text(build_feed(articles), encoding="utf-8")
        db = out / "replay.db"
        db.unlink(missing_ok=True)
        proc = subprocess.run([sys.executable, "-m", "watcher", "replay", "--db", str(db),
                               str(feed)], capture_output=True, text=True, cwd=REPO)
        if proc.returncode != 0:
            print(f"realnews: watcher replay failed: {proc.stderr.strip()[-500:]}")
            return 1
        (out / "developments.jsonl").write_text(proc.stdout, encoding="utf-8")
        clean = [{k: v for k, v in e.items() if k != "_label"} for e in expected]
        clean_opt = [{k: v for k, v in e.items() if k != "_label"} for e in optional]
        (out / "expected.json").write_text(json.dumps(
            {"expected": clean, "optional": clean_opt}, indent=1, ensure_ascii=False))
        possible = possible_by_article(db)
    devs = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    found_ids = report(score, usable, expected, optional, devs, args.verbose)
    review_figures(usable, expected, found_ids, possible, args.verbose or args.review_list)
    result = score.score(clean, clean_opt, devs)
    outlets = len({lb["outlet"] for lb in usable})
    traps = sum(1 for lb in usable if lb["kind"] == "trap")
    print(f"recall {result['recall']} precision {result['precision']} duplicates "
          f"{result['duplicates']} ({result['matched']}/{result['expected']} found, "
          f"{result['false_positives']} false; {len(usable)} articles, {outlets} outlets, "
          f"{traps} traps)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
