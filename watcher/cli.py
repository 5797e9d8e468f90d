"""The `watcher` command line. Every command loads and validates the config first:
a bad config is one line on stderr and exit status 2, before anything starts."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from . import baseline, digest, explain
from .alerts.outbox import deliver
from .alerts.registry import problems as alert_problems
from .alerts.render import headline, human_date, meeting_label, shorten
from .api import ApiUnsafe, developments_atom, facts_json
from .config import Config, ConfigError, gazetteer, load
from .daemon import AlreadyRunning, Daemon, InstanceLock
from .errors import HINTS, ErrorKind
from .fetch import fetch, make_client
from .pipeline import Pipeline
from .poll import Poller, PollSummary
from .replay import ReplayError, replay, write_jsonl
from .state import State
from .store import SearchError, Store, StoreError
from .textclean import clean
from .workers import WorkerError

log = logging.getLogger("watcher")


def plural(n: int, word: str) -> str:
    """'1 source', '2 sources'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="watcher",
        description="Watch news feeds for developments in the Armenia-Azerbaijan peace "
                    "process: meetings announced, held, moved or cancelled; the Lachin "
                    "corridor and checkpoints opened or closed.",
    )
    p.add_argument("--config", metavar="PATH",
                   help="config file (default: $WATCHER_CONFIG, else ./config.toml, "
                        "else built-in defaults)")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser("run", help="run the watcher: poll feeds on schedule and alert")
    run.add_argument("--once", action="store_true",
                     help="one full cycle (poll, extract, diff, alert), then exit")

    poll = sub.add_parser("poll", help="poll the feeds that are due once and print a summary")
    poll.add_argument("--once", action="store_true", help="one cycle (the default)")
    poll.add_argument("--force", action="store_true",
                      help="poll every feed now, even those not due or backing off")

    rp = sub.add_parser("replay", help="run the pipeline over feed files, print developments "
                                       "as JSON Lines")
    rp.add_argument("--no-baseline", action="store_true", help="start from an empty state")
    rp.add_argument("--baseline", choices=("seeds", "full"), default="seeds",
                    help="seeds: the seed corpus (the default; the replay contract's); full: "
                         "the seed corpus and the timeline up to the present")
    rp.add_argument("--db", type=Path, help="database to use (default: a throw-away one)")
    rp.add_argument("feeds", nargs="+", type=Path, metavar="FEED")

    sub.add_parser("baseline", help="load the baseline corpus into the store")

    bf = sub.add_parser("backfill", help="fold an archive of feeds into the store, without "
                                         "alerts, to bring the state up to date")
    bf.add_argument("feeds", nargs="+", metavar="FILE_OR_URL",
                    help="feed files, or feed URLs fetched once")

    facts = sub.add_parser("facts", help="print the known state: meetings and route status")
    facts.add_argument("--json", action="store_true", help="JSON instead of text")

    sub.add_parser("feeds", help="each feed's health: last success, last error, next poll")

    alerts = sub.add_parser("alerts", help="the alert outbox: pending, sent and failed alerts")
    alerts.add_argument("--retry", action="store_true", help="queue the failed alerts again")

    dg = sub.add_parser("digest", help="what changed in a window, and the current state")
    dg.add_argument("--since", default="24h", help="24h, 7d, ... or YYYY-MM-DD (default 24h)")
    dg.add_argument("--format", default="text", choices=digest.FORMATS)

    ex = sub.add_parser("explain", help="why an article gave its developments: every sentence "
                                        "a rule read, and why candidates were dropped")
    ex.add_argument("article", metavar="FILE_OR_URL",
                    help="a stored article's URL, or a text or HTML file")
    ex.add_argument("--published", metavar="YYYY-MM-DD",
                    help="publication date of a file (default: from the page, else today)")
    ex.add_argument("--title", help="headline of a text file (default: its first line when "
                                    "it reads as one)")

    se = sub.add_parser("search", help="search the stored articles (title, text, outlet)")
    se.add_argument("query", nargs="+",
                    help='words and "quoted phrases", all required; word* a prefix')
    se.add_argument("--since", help="24h, 7d, ... or YYYY-MM-DD")
    se.add_argument("--limit", type=int, default=20)
    se.add_argument("--json", action="store_true", help="JSON Lines instead of text")

    rv = sub.add_parser("review", help="possible developments: sentences that may tell a "
                                       "development no rule decided, for a person to check")
    rv.add_argument("--since", default="7d", help="24h, 7d, ... or YYYY-MM-DD (default 7d)")
    rv.add_argument("--json", action="store_true", help="JSON Lines instead of text")

    devs = sub.add_parser("developments", help="list recorded developments")
    devs.add_argument("--json", action="store_true", help="JSON Lines instead of text")
    devs.add_argument("--format", choices=("text", "json", "atom"), default=None,
                      help="text (default), json (JSON Lines) or atom (an Atom feed)")
    return p


def _logging(config: Config, verbose: bool) -> None:
    level = logging.DEBUG if verbose else getattr(logging, config.watcher.log_level)
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # "Adding job tentatively" x 20 at start, "Running job" on every executor's every run
    for noisy in ("httpx", "httpcore", "trafilatura", "apscheduler"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


def _open(config: Config) -> Store:
    return Store(config.watcher.db)


def cmd_poll(config: Config, args: argparse.Namespace) -> int:
    store = _open(config)
    try:
        pipeline = Pipeline(store, config)
        baseline.ensure_baseline(pipeline, config.watcher.baseline,
                                  config.watcher.timeline_file)
        summary = asyncio.run(Poller(config, store, pipeline).cycle(force=args.force))
    finally:
        store.close()
    _print_errors(summary)
    print(summary.line())
    return 0


def _print_errors(summary: PollSummary) -> None:
    for line in summary.errors:
        print(line, file=sys.stderr)


def cmd_run(config: Config, args: argparse.Namespace) -> int:
    if not config.feeds:
        log.warning("no [[feeds]] configured in %s: nothing to poll", config.source)
    for line in alert_problems(config):  # the channel stays out; the others keep working
        log.error(line)
    if not args.once:
        try:
            code = Daemon(config).run()
        except AlreadyRunning as exc:
            print(f"watcher: {exc}", file=sys.stderr)
            return 1
        except ApiUnsafe as exc:
            print(f"watcher: {exc}", file=sys.stderr)
            return 2
        if code < 0:  # jobs still in network calls: leave without waiting for them
            logging.shutdown()
            sys.stdout.flush()
            os._exit(0)
        return code
    try:
        lock = InstanceLock(config.watcher.db)  # never beside a daemon on the same store
    except AlreadyRunning as exc:
        print(f"watcher: {exc}", file=sys.stderr)
        return 1
    store = Store(config.watcher.db)
    try:
        pipeline = Pipeline(store, config)
        baseline.ensure_baseline(pipeline, config.watcher.baseline,
                                  config.watcher.timeline_file)
        summary = asyncio.run(Poller(config, store, pipeline).cycle())
        _print_errors(summary)
        delivered = deliver(store, config)
    finally:
        store.close()
        lock.release()
    print(f"{summary.line()}; {delivered.line()}", file=sys.stderr)
    return 0


def cmd_digest(config: Config, args: argparse.Namespace) -> int:
    try:
        since = digest.parse_since(args.since)
    except digest.DigestError as exc:
        print(f"watcher: {exc}", file=sys.stderr)
        return 2
    store = _open(config)
    try:
        print(digest.render(digest.build(store, since, gazetteer=gazetteer(config)),
                            args.format), end="")
    finally:
        store.close()
    return 0


def progress_bar(stream=None, label: str = "replay"):
    """A progress bar on a terminal (on standard error), nothing anywhere else."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None
    state = {"shown": -1}

    def show(done: int, total: int) -> None:
        pct = done * 100 // max(total, 1)
        if pct == state["shown"] and done != total:
            return
        state["shown"] = pct
        bar = "#" * (pct // 4) + "." * (25 - pct // 4)
        stream.write(f"\r{label} [{bar}] {done:,}/{total:,} entries")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def cmd_replay(config: Config, args: argparse.Namespace) -> int:
    timeline_file = config.watcher.timeline_file if args.baseline == "full" else None
    devs = replay(config, args.feeds, db=args.db, with_baseline=not args.no_baseline,
                  timeline_file=timeline_file, progress=progress_bar())
    n = write_jsonl(devs, sys.stdout)
    log.info("replay: %s", plural(n, "development"))
    return 0


def cmd_backfill(config: Config, args: argparse.Namespace) -> int:
    try:
        lock = InstanceLock(config.watcher.db)
    except AlreadyRunning as exc:
        print(f"watcher: {exc}", file=sys.stderr)
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="watcher-backfill-") as tmp:
            paths = []
            for i, item in enumerate(args.feeds):
                if explain.is_url(item):
                    got = asyncio.run(_fetch_once(item, config))
                    if got.status != "ok":
                        print(f"watcher: {item}: {got.error}", file=sys.stderr)
                        return 1
                    paths.append(Path(tmp) / f"{i}.xml")
                    paths[-1].write_bytes(got.body)
                else:
                    paths.append(Path(item))
            n = sum(1 for _ in replay(config, paths, db=config.watcher.db,
                                      timeline_file=config.watcher.timeline_file,
                                      progress=progress_bar(label="backfill")))
    finally:
        lock.release()
    print(f"backfill: {plural(n, 'development')} recorded, none alerted")
    return 0


async def _fetch_once(url: str, config: Config):
    async with make_client(config.fetch) as client:
        return await fetch(client, url, config.fetch)


def cmd_baseline(config: Config, args: argparse.Namespace) -> int:
    store = _open(config)
    try:
        pipeline = Pipeline(store, config)
        summary = baseline.load(pipeline, config.watcher.baseline)
        entries = baseline.load_timeline(pipeline, config.watcher.timeline_file)
    finally:
        store.close()
    print(f"baseline {config.watcher.baseline}: {summary.loaded} loaded, "
          f"{summary.known} already known, {summary.irrelevant} irrelevant; "
          f"timeline: {entries} new {'entry' if entries == 1 else 'entries'}")
    return 0


def cmd_facts(config: Config, args: argparse.Namespace) -> int:
    store = _open(config)
    try:
        rows = facts_json(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    meetings = [r for r in rows if r["kind"] == "meeting"]
    routes = [r for r in rows if r["kind"] == "route"]
    print(f"Meetings ({len(meetings)}):")
    today = datetime.now(UTC).date()
    for r in sorted(meetings, key=lambda r: r["date"] or ""):
        quiet = "; no report since the day passed" if digest.quiet_plan(r, today) else ""
        print(f"  {r['status']:<10} {meeting_label(r)}  [{plural(len(r['sources']), 'source')}"
              f"{_last(r)}{quiet}]")
    print(f"Routes ({len(routes)}):")
    for r in routes:
        print(f"  {r['name']}: {r['status']}" + (f" since {r['since']}" if r["since"] else "")
              + f"  [{plural(len(r['sources']), 'source')}{_last(r)}]")
    return 0


def _last(row: dict) -> str:
    return f", last reported {human_date(row['last_seen'][:10])}" if row.get("last_seen") \
        else ""


def cmd_feeds(config: Config, args: argparse.Namespace) -> int:
    store = _open(config)
    try:
        store.sync_feeds([(f.name, f.url) for f in config.feeds])
        rows = store.feeds()
    finally:
        store.close()
    configured = {f.url for f in config.feeds}
    for r in rows:
        if r.url not in configured:
            continue
        health = "never polled" if not r.last_attempt_at else (
            "ok" if r.consecutive_failures == 0 else f"failing ({r.consecutive_failures}x)")
        print(f"{r.name} <{r.url}>\n  health: {health}; last success: "
              f"{r.last_success_at or '-'}; next poll: {r.next_poll_at or 'now'}")
        if r.last_error and r.consecutive_failures:
            kind = ErrorKind(r.error_kind) if r.error_kind in set(ErrorKind) else \
                ErrorKind.INTERNAL
            print(f"  last error [{kind}]: {r.last_error}\n  what to do: {HINTS[kind]}")
        elif r.last_error:
            print(f"  warning: {r.last_error}")
    failing = Counter(r.error_kind or "internal" for r in rows
                      if r.url in configured and r.consecutive_failures)
    if failing:
        print("failing: " + ", ".join(f"{n} {k}" for k, n in failing.most_common()))
    return 0


def cmd_alerts(config: Config, args: argparse.Namespace) -> int:
    store = _open(config)
    try:
        if args.retry:
            with store.tx():
                n = store.requeue_failed()
            print(f"{n} failed alerts queued again")
        rows = store.alerts()
    finally:
        store.close()
    counts = {k: sum(r["status"] == k for r in rows) for k in ("pending", "sending", "sent",
                                                                "failed")}
    print(", ".join(f"{v} {k}" for k, v in counts.items()))
    for r in rows:
        if r["status"] == "sent" and not args.retry:
            continue
        line = f"  #{r['id']} {r['channel']:<8} {r['status']:<8} attempts {r['attempts']}  " \
               f"{headline(json.loads(r['data']))}"
        if r["last_error"]:
            line += f"\n      last error: {r['last_error']}"
        print(line)
    return 0


def cmd_developments(config: Config, args: argparse.Namespace) -> int:
    store = _open(config)
    try:
        rows = store.developments()
    finally:
        store.close()
    fmt = args.format or ("json" if args.json else "text")
    if fmt == "atom":
        print(developments_atom(rows, config), end="")
        return 0
    for r in rows:
        if fmt == "json":
            print(json.dumps({**r["data"], "sources": r["sources"]}, ensure_ascii=False))
        else:
            print(f"{r['created_at']}  {headline(r['data'])}  "
                  f"[{plural(len(r['sources']), 'source')}]")
    return 0


def cmd_explain(config: Config, args: argparse.Namespace) -> int:
    db = Path(config.watcher.db)
    store = Store(db) if db.exists() else None
    try:
        published = explain.parse_published(args.published)
        if explain.is_url(args.article):
            article = _explained_url(args.article, store, published, args.title, config)
        else:
            article = explain.from_file(Path(args.article), published, args.title,
                                        config.fetch.max_body_bytes)
        known = State(store).known() if store is not None else None
    except explain.ExplainError as exc:
        print(f"watcher: {exc}", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.close()
    print(explain.explain(article, gaz=gazetteer(config), known=known), end="")
    if known is None:
        print(f"(no store at {db}: the known state is not compared)")
    return 0


def cmd_review(config: Config, args: argparse.Namespace) -> int:
    try:
        since = digest.parse_since(args.since).isoformat(timespec="seconds")
    except digest.DigestError as exc:
        print(f"watcher: {exc}", file=sys.stderr)
        return 2
    store = _open(config)
    try:
        rows = store.possible(since=since)
    finally:
        store.close()
    for r in rows:
        if args.json:
            print(json.dumps(digest.review_json(r), ensure_ascii=False))
        else:
            print(clean(f"{r['published'][:10]}  {r['outlet'] or '-'}: {r['title']}\n"
                        f"    {r['kind']}: {r['reason']}\n"
                        f"    \u201c{shorten(r['evidence'])}\u201d\n    <{r['article_url']}>"))
    if not args.json:
        print(f"{plural(len(rows), 'possible development')} to check", file=sys.stderr)
    return 0


def _explained_url(url: str, store: Store | None, published, title, config: Config):
    """A stored article by its URL, else the page fetched once (under [fetch] limits)."""
    article = explain.from_store(store, url) if store is not None else None
    if article is None:
        got = asyncio.run(_fetch_once(url, config))
        if got.status != "ok":
            raise explain.ExplainError(f"{url}: not in the store, and cannot fetch it: "
                                       f"{got.error}")
        html = "html" in got.headers.get("content-type", "")
        article = explain.from_body(got.body, url, published, title, html)
    return article


def cmd_search(config: Config, args: argparse.Namespace) -> int:
    try:
        since = digest.parse_since(args.since).isoformat(timespec="seconds") \
            if args.since else None
    except digest.DigestError as exc:
        print(f"watcher: {exc}", file=sys.stderr)
        return 2
    store = _open(config)
    try:
        rows = store.search(" ".join(args.query), since=since,
                            limit=max(1, min(args.limit, 500)))
    except SearchError as exc:
        print(f"watcher: search: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    for r in rows:
        if args.json:
            print(json.dumps({k: r[k] for k in ("url", "title", "outlet", "published",
                                                "snippet")}, ensure_ascii=False))
        else:
            print(f"{r['published'][:10]}  {r['outlet'] or '-'}: {r['title']}\n"
                  f"    {' '.join(r['snippet'].split())}\n    <{r['url']}>")
    if not args.json:
        print(f"{plural(len(rows), 'article')} found", file=sys.stderr)
    return 0


COMMANDS = {
    "run": cmd_run, "poll": cmd_poll, "replay": cmd_replay, "baseline": cmd_baseline,
    "facts": cmd_facts, "feeds": cmd_feeds, "alerts": cmd_alerts, "digest": cmd_digest,
    "developments": cmd_developments, "explain": cmd_explain, "search": cmd_search,
    "review": cmd_review,
    "backfill": cmd_backfill,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load(args.config)
    except ConfigError as exc:
        print(f"watcher: {exc}", file=sys.stderr)
        return 2
    _logging(config, args.verbose)
    try:
        return COMMANDS[args.command](config, args)
    except (StoreError, ReplayError, WorkerError, baseline.BaselineError) as exc:
        print(f"watcher: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
