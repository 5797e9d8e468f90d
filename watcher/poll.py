"""One poll cycle over the configured feeds.

Feeds are fetched concurrently (bounded by `[fetch] concurrency`); their documents are
parsed and their new entries read by worker processes (`watcher.workers`) while the loop
fetches others; each feed's outcome is written together with the articles it brought,
in a savepoint of its own inside a transaction several feeds share (`store.Batch`), so
a crash mid-cycle never leaves a feed's ETag advanced past articles that were not stored.
A failing feed gets a readable error and a backoff; the others carry on.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx

from .config import Config, FeedSettings
from .errors import ErrorKind, disk_full, unforeseen
from .facts import Development
from .feeds import Entry, FeedError, body_hash
from .fetch import Fetched, fetch, make_client
from .fulltext import full_text
from .pipeline import SEEN, Pipeline, Verdict
from .reading import (
    SHORT_TEXT,
    Read,
    facts_many,
    identify,
    read_document,
    read_entries,
    size,
)
from .schedule import after_failure, after_success, interval_floor
from .store import Batch, FeedRow, Store, iso
from .workers import WorkerError, Workers, shared

log = logging.getLogger(__name__)

SEEN_DAYS = 90
# Feeds' results are committed together (`store.Batch`), each feed's in a savepoint of
# its own: at least every BATCH_FEEDS feeds and BATCH_SECONDS after the first.
BATCH_FEEDS = 50
BATCH_SECONDS = 0.5


@dataclass
class PollSummary:
    feeds_ok: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_skipped: int = 0
    articles_new: int = 0
    articles_duplicate: int = 0
    articles_irrelevant: int = 0
    entries_skipped: int = 0
    errors: list[str] = field(default_factory=list)
    developments: list[Development] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "feeds_ok": self.feeds_ok, "feeds_not_modified": self.feeds_not_modified,
            "feeds_failed": self.feeds_failed, "articles_new": self.articles_new,
            "articles_duplicate": self.articles_duplicate,
            "articles_irrelevant": self.articles_irrelevant,
        }

    def line(self) -> str:
        return (
            f"feeds: {self.feeds_ok} ok, {self.feeds_not_modified} not modified, "
            f"{self.feeds_failed} failed"
            + (f", {self.feeds_skipped} not due" if self.feeds_skipped else "")
            + f"; articles: {self.articles_new} new, {self.articles_duplicate} duplicate, "
            f"{self.articles_irrelevant} irrelevant"
            + (f", {self.entries_skipped} skipped" if self.entries_skipped else "")
            + f"; developments: {len(self.developments)}"
        )

    def add(self, other: PollSummary) -> None:
        """Fold in one feed's counts, once its transaction has committed."""
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))



class Poller:
    def __init__(self, config: Config, store: Store, pipeline: Pipeline | None = None,
                 workers: Workers | None = None):
        """`workers`: where documents are parsed and entries read (default: this
        process's pool, one worker per core)."""
        self.config = config
        self.store = store
        self.pipeline = pipeline or Pipeline(store, config)
        self.workers = workers or shared()
        self._batch = Batch(store, BATCH_FEEDS, BATCH_SECONDS)
        store.sync_feeds([(f.name, f.url) for f in config.feeds])

    def due(self, now: datetime, force: bool = False) -> list[FeedSettings]:
        rows = {r.url: r for r in self.store.feeds()}
        out = []
        for feed in self.config.feeds:
            row = rows.get(feed.url)
            if force or row is None or not row.next_poll_at or row.next_poll_at <= iso(now):
                out.append(feed)
        return out

    async def cycle(self, *, force: bool = False, feeds: list[FeedSettings] | None = None
                    ) -> PollSummary:
        now = datetime.now(UTC)
        todo = feeds if feeds is not None else self.due(now, force)
        summary = PollSummary(feeds_skipped=len(self.config.feeds) - len(todo))
        run_id = self.store.start_run()
        settings = self.config.fetch
        sem = asyncio.Semaphore(settings.concurrency)
        self._batch.schedule = asyncio.get_running_loop().call_later
        async with make_client(settings) as client:

            async def one(feed: FeedSettings) -> None:
                # A feed holds its place from fetch to commit: while workers read its
                # entries, the loop fetches others; `concurrency` bounds both.
                async with sem:
                    row = self.store.feed(feed.url)  # read once: only this feed writes it
                    got = await fetch(client, feed.url, settings,
                                      etag=row.etag if row else None,
                                      last_modified=row.last_modified if row else None)
                    await self._guarded(client, feed, row, got, summary)

            try:
                await asyncio.gather(*(one(f) for f in todo))
            finally:
                self._batch.commit()  # the feeds done, whatever stopped the others
        with self.store.tx():
            self.store.finish_run(run_id, summary.counts())
            # Items older than this are out of every feed: forget that they were seen.
            self.store.forget_seen((now - timedelta(days=SEEN_DAYS)).isoformat())
        return summary

    async def _guarded(self, client: httpx.AsyncClient, feed: FeedSettings,
                       row: FeedRow | None, got: Fetched, summary: PollSummary) -> None:
        """One feed's parse, classification, full texts and ingest, under one guard: anything
        unexpected becomes this feed's recorded error (with its exception class), counts
        toward its failures and backoff, and the cycle goes on with the other feeds."""
        try:
            await self._handle(client, feed, row, got, summary)
        except Exception as exc:  # noqa: BLE001 (one feed must never stop the others)
            kind, error = unforeseen(exc, self.store.path)
            if isinstance(exc, WorkerError):  # a worker stuck on it: its line says all
                error = str(exc)
            elif kind is ErrorKind.INTERNAL:
                log.exception("%s: unexpected error", feed.name)
            row = self.store.feed(feed.url)
            if row is not None:
                interval = feed.interval or self.config.watcher.poll_interval
                self._failed(row, error, datetime.now(UTC), interval, got, summary, kind)

    async def _handle(self, client: httpx.AsyncClient, feed: FeedSettings,
                      row: FeedRow | None, got: Fetched, summary: PollSummary) -> None:
        assert row is not None
        now = datetime.now(UTC)
        interval = feed.interval or self.config.watcher.poll_interval
        if got.status == "error":
            self._failed(row, got.error or "unknown error", now, interval, got, summary,
                         got.kind or ErrorKind.INTERNAL)
            return
        if got.status == "not_modified":
            self._unchanged(row, now, interval, got, summary, "not modified (304)")
            return
        digest = body_hash(got.body)
        if digest == row.body_hash:
            # Some servers send no validators, or keep the ETag after a change: the body
            # hash is the last word on whether anything needs parsing.
            self._unchanged(row, now, interval, got, summary, "unchanged body")
            return
        try:
            # One hand-over: the worker parses, looks up `seen` and reads what is new.
            parsed, reads, seen, seen_irrelevant = await self.workers.run(
                len(got.body), read_document, self.pipeline.reader, got.body,
                got.headers.get("content-type"), now, feed.name, str(self.store.path),
                feed.fetch_full_text)
        except FeedError as exc:
            self._failed(row, str(exc), now, interval, got, summary, ErrorKind.BAD_FEED)
            return
        if parsed.warning:
            log.warning("%s: %s (used %d entries)", feed.name, parsed.warning,
                        len(parsed.entries) + seen_irrelevant)
        prepared = await self._classify(feed, parsed.entries, reads, seen, summary)
        texts = await self._full_texts(client, feed, prepared)
        full_facts = await self._read_full_texts(prepared, texts)
        self._store_feed(feed, row, got, now, parsed, digest, prepared, texts, full_facts,
                         summary, seen_irrelevant)

    def _store_feed(self, feed: FeedSettings, row: FeedRow, got: Fetched, now: datetime,
                    parsed, digest: str, prepared: list, texts: dict,
                    full_facts: dict, summary: PollSummary, seen_irrelevant: int = 0) -> None:
        """The feed's entries and its new state, in one part of the batch; its counts (with
        the `seen_irrelevant` entries the worker counted) are added to `summary` once
        committed."""
        interval = feed.interval or self.config.watcher.poll_interval
        floor = interval_floor([parsed.ttl, got.cache_ttl], self.config.fetch.min_interval,
                               self.config.fetch.max_interval)
        # added to the cycle's counts once committed
        stored = PollSummary(feeds_ok=1, articles_irrelevant=seen_irrelevant)
        first_poll = row.last_success_at is None
        try:
            with self._batch.part(lambda: summary.add(stored)):
                # Seen since the first look (another feed of this cycle may have stored it)?
                fresh = self.store.seen_many([v.read.key for _, v in prepared
                                              if v.status == "new"])
                carried = self._carried(prepared)
                for i, (entry, verdict) in enumerate(prepared):
                    if verdict.reason == SEEN and (verdict.duplicate_of, verdict.url) in carried:
                        stored.articles_duplicate += 1  # an article's source already
                        continue
                    text, error = texts.get(i, (None, None))
                    # an irrelevant entry writes nothing but its `seen` note, written
                    # with the feed's below: no savepoint to undo
                    part = nullcontext() if verdict.status == "irrelevant" else \
                        self.store.savepoint()
                    try:
                        with part:
                            self._store_entry(entry, verdict, row.id, text, error, stored,
                                              first_poll, full_facts.get(i), fresh)
                    except Exception as exc:  # noqa: BLE001 (a bad entry is skipped alone)
                        if disk_full(exc) or not self.store.conn.in_transaction:
                            raise  # no entry can be stored: the feed fails whole, unread
                        self._skip(feed, entry, exc, stored)
                self.pipeline.write_remembered()
                fields = dict(
                    etag=got.etag, last_modified=got.last_modified, body_hash=digest,
                    last_status="ok", last_http_status=got.http_status,
                    last_error=parsed.warning, error_kind=None, last_attempt_at=iso(now),
                    last_success_at=iso(now), consecutive_failures=0, interval_floor=floor,
                    next_poll_at=iso(after_success(now, interval, floor)),
                )
                if stored.articles_new:
                    fields["last_new_at"] = iso(now)
                self.store.update_feed(row.id, **fields)
        finally:
            self.pipeline.forget_remembered()  # written with the feed, or not at all

    def _carried(self, prepared: list[tuple[Entry, Verdict]]) -> set[tuple[int, str]]:
        """(article, URL) of the entries seen in an earlier poll as an article that lists
        their URL among its sources already: nothing to write for them."""
        seen = [v for _, v in prepared if v.reason == SEEN and v.duplicate_of]
        return self.store.sources_listed([(v.duplicate_of, v.url) for v in seen]) \
            if seen else set()

    async def _classify(self, feed: FeedSettings, entries: list[Entry], reads: list[Read],
                        seen: dict[str, int | None] | None, summary: PollSummary
                        ) -> list[tuple[Entry, Verdict]]:
        """The entries classified, in publication order, against one `seen` lookup for
        the whole feed: `seen`, the keys the worker found (committed rows, so some of
        them), and here the others (this connection also sees what it has not committed
        yet). The entries not seen before and not read yet are read (in a worker, when
        there is enough of them)."""
        known = seen or {}
        known.update(self.store.seen_many([r.key for r in reads if r.key not in known]))
        unread = [(e, r) for e, r in zip(entries, reads, strict=True)
                  if r.key not in known and r.relevant is None and not r.error]
        done = iter(await self.workers.run(
            size([e for e, _ in unread]), read_entries, self.pipeline.reader, unread,
            feed.fetch_full_text) if unread else [])
        prepared = []
        for entry, read in zip(entries, reads, strict=True):
            if read.key not in known and read.relevant is None and not read.error:
                entry, read = next(done)
            if read.error:  # read again here, where the gazetteer last good is at hand
                read = identify(entry)
            try:
                prepared.append((entry, self.pipeline.classify(entry, read, known)))
            except Exception as exc:  # noqa: BLE001 (a bad entry is skipped, not the feed)
                self._skip(feed, entry, exc, summary)
        return prepared

    async def _read_full_texts(self, prepared: list, texts: dict) -> dict[int, tuple]:
        """The facts of the fetched pages that will be stored (longer than the feed's text)."""
        wanted = [(i, text) for i, (text, _) in texts.items()
                  if text and len(text) > len(prepared[i][0].text)]
        if not wanted:
            return {}
        batch = [(prepared[i][0].title, text, prepared[i][0].published,
                  prepared[i][0].published_known) for i, text in wanted]
        facts = await self.workers.run(sum(len(t) for _, t in wanted), facts_many,
                                       self.pipeline.reader, batch)
        return {i: f for (i, _), f in zip(wanted, facts, strict=True)}

    def _store_entry(self, entry, verdict, feed_id: int, text: str | None, error: str | None,
                     summary: PollSummary, first_poll: bool,
                     full_facts: tuple | None = None,
                     known: dict[str, int | None] | None = None) -> None:
        """Store one classified entry, counting it in `summary`. On a feed's first
        successful poll an entry without a date to trust (none, or an absurd one: the fetch
        time stands in) may be years old: its developments are catch-up, not alerted."""
        if verdict.status == "new":
            # Re-check: an earlier entry of this same batch may be its twin.
            verdict = self.pipeline.classify(entry, verdict.read, known)
        if verdict.status == "irrelevant":
            summary.articles_irrelevant += 1
            self.pipeline.remember(entry, verdict)
            return
        if verdict.status == "duplicate":
            summary.articles_duplicate += 1
            self.pipeline.attach_source(verdict, entry, feed_id)
            self.pipeline.remember(entry, verdict)
            return
        done = self.pipeline.ingest(entry, verdict, feed_id, text, error,
                                    catch_up=first_poll and not entry.published_known,
                                    full_facts=full_facts)
        self.pipeline.remember(entry, verdict, done.article_id)
        summary.articles_new += 1
        summary.developments += done.developments

    async def _full_texts(self, client: httpx.AsyncClient, feed: FeedSettings,
                          prepared: list) -> dict[int, tuple[str | None, str | None]]:
        """The pages of new entries whose feed text is a summary, fetched concurrently
        (within `[fetch] concurrency`), all of them within one total deadline."""
        wanted = [i for i, (entry, verdict) in enumerate(prepared)
                  if verdict.status == "new" and feed.fetch_full_text
                  and len(entry.text) < SHORT_TEXT]
        if not wanted:
            return {}
        settings = self.config.fetch
        sem = asyncio.Semaphore(settings.concurrency)

        async def page(i: int) -> tuple[int, tuple[str | None, str | None]]:
            async with sem:
                return i, await full_text(client, prepared[i][0].url, settings)

        out: dict[int, tuple[str | None, str | None]] = {}
        tasks = [asyncio.ensure_future(page(i)) for i in wanted]
        try:
            async with asyncio.timeout(settings.total_timeout):
                for task in asyncio.as_completed(tasks):
                    i, result = await task
                    out[i] = result
        except TimeoutError:
            for task in tasks:
                task.cancel()
            log.warning("%s: full texts not all fetched within %gs; the summaries are used",
                        feed.name, settings.total_timeout)
        for i, (_, error) in out.items():
            if error:
                log.info("%s: full text of %s not used: %s", feed.name, prepared[i][0].url,
                         error)
        return out

    def _skip(self, feed: FeedSettings, entry, exc: Exception, summary: PollSummary) -> None:
        summary.entries_skipped += 1
        line = (f"feed {feed.name!r}: entry {getattr(entry, 'url', '?')[:200]!r} skipped: "
                f"{type(exc).__name__}: {exc}")[:400]
        log.warning(line)
        summary.errors.append(line)

    def _unchanged(self, row: FeedRow, now: datetime, interval: float, got: Fetched,
                   summary: PollSummary, why: str) -> None:
        floor = interval_floor([got.cache_ttl, row.interval_floor],
                               self.config.fetch.min_interval, self.config.fetch.max_interval)
        with self._batch.part():
            self.store.update_feed(
                row.id, last_status="not_modified", last_http_status=got.http_status,
                last_error=None, error_kind=None, last_attempt_at=iso(now),
                last_success_at=iso(now),
                consecutive_failures=0, interval_floor=floor,
                next_poll_at=iso(after_success(now, interval, floor)),
            )
        log.debug("%s: %s", row.name, why)
        summary.feeds_not_modified += 1

    def _failed(self, row: FeedRow, error: str, now: datetime, interval: float, got: Fetched,
                summary: PollSummary, kind: ErrorKind) -> None:
        failures = row.consecutive_failures + 1
        when = after_failure(now, failures, interval, self.config.fetch.max_backoff,
                             got.retry_after)
        with self._batch.part():
            self.store.update_feed(
                row.id, last_status="error", last_http_status=got.http_status,
                last_error=error, error_kind=str(kind), last_attempt_at=iso(now),
                consecutive_failures=failures,
                next_poll_at=iso(when),
            )
        line = f"feed {row.name!r} ({row.url}): {error} [{kind}]; retry after {iso(when)}"
        log.warning(line)
        summary.errors.append(line)
        summary.feeds_failed += 1
