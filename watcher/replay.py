"""`watcher replay`: the real pipeline over feed files, developments as JSON Lines.

Entries of all files are taken in publication order, as if each had just been polled,
through the same `Pipeline` the daemon uses; only the source (files) and the sink
(stdout instead of the alert outbox) differ. As in a poll, the files are parsed and the
entries read (`watcher.reading`) by worker processes on every core, while the results
are applied to the store here, in publication order: the developments are those of a
one-by-one replay. A throw-away database is used unless one is given, so the daemon's
store is never touched. Nothing is sent.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from . import baseline
from .config import Config
from .errors import disk_full
from .facts import Development
from .feeds import Entry, FeedError, parse
from .pipeline import Pipeline
from .reading import Read, identify, read_entries, size
from .store import Store
from .workers import Workers, shared

log = logging.getLogger(__name__)

BATCH = 64  # entries read per task, and applied per transaction


class ReplayError(Exception):
    """A feed file cannot be read at all."""


def _parse_file(path: Path) -> tuple[object, str | None]:
    """(ParsedFeed, None), or (None, the one line saying why the file cannot be used)."""
    try:
        body = path.read_bytes()
    except OSError as exc:
        return None, f"{path}: cannot read: {exc.strerror or exc}"
    try:
        return parse(body), None
    except FeedError as exc:
        return None, f"{path}: {exc}"


def feed_entries(paths: list[Path], workers: Workers | None = None) -> list[Entry]:
    """The entries of every file, in publication order (the files parsed by workers)."""
    workers = workers or shared()
    entries: list[Entry] = []
    sizes = [_file_size(p) for p in paths]
    for path, (parsed, error) in zip(paths, workers.ordered(
            _parse_file, [(n, (p,)) for n, p in zip(sizes, paths, strict=True)]), strict=True):
        if error:
            raise ReplayError(error)
        if parsed.warning:
            log.warning("%s: %s (used %d entries)", path, parsed.warning, len(parsed.entries))
        entries += parsed.entries
    return sorted(entries, key=lambda e: e.published)


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read here, where the fault is reported


def replay(config: Config, paths: list[Path], *, db: Path | None = None,
           with_baseline: bool = True, timeline_file: Path | None = None,
           progress=None, workers: Workers | None = None) -> Iterator[Development]:
    """Yield each development the entries of `paths` make, in order. `progress`, when
    given, is called with (entries done, entries in all) as the replay goes."""
    workers = workers or shared()
    entries = feed_entries(paths, workers)
    with tempfile.TemporaryDirectory(prefix="watcher-replay-") as tmp:
        store = Store(db or Path(tmp) / "replay.db")
        try:
            pipeline = Pipeline(store, config, channels={})  # nothing is sent
            if with_baseline:
                summary = baseline.load(pipeline, config.watcher.baseline)
                log.info("baseline: %d articles loaded, %d already known", summary.loaded,
                         summary.known)
                if n := baseline.load_timeline(pipeline, timeline_file):
                    log.info("timeline: %d entries loaded", n)
            batches = [entries[i:i + BATCH] for i in range(0, len(entries), BATCH)]
            done = 0
            for batch in workers.ordered(read_entries, [
                    (size(b), (pipeline.reader, [(e, None) for e in b])) for b in batches]):
                devs = _apply(pipeline, batch)
                done += len(batch)
                if progress is not None:
                    progress(done, len(entries))
                yield from devs
        finally:
            store.close()


def _apply(pipeline: Pipeline, batch: list[tuple[Entry, Read]]) -> list[Development]:
    """Apply read entries to the store in their order, one transaction per batch; an entry
    that cannot be read or stored is skipped alone, with one line (a full disk stops all)."""
    devs: list[Development] = []
    store = pipeline.store
    with store.tx():
        for entry, read in batch:
            if read.error:  # read again here, where the gazetteer last good is at hand
                read = identify(entry)
            try:
                with store.savepoint():
                    devs += _apply_one(pipeline, entry, read)
            except Exception as exc:  # noqa: BLE001 (one bad entry, not the replay)
                if disk_full(exc) or not store.conn.in_transaction:
                    raise
                log.warning("entry %r skipped: %s", entry.url[:200],
                            f"{type(exc).__name__}: {exc}"[:300])
    return devs


def _apply_one(pipeline: Pipeline, entry: Entry, read: Read) -> list[Development]:
    verdict = pipeline.classify(entry, read)
    if verdict.status == "duplicate":
        pipeline.attach_source(verdict, entry, None)
    elif verdict.status == "new":
        return pipeline.ingest(entry, verdict, None).developments
    return []


def write_jsonl(devs: Iterator[Development], out: TextIO) -> int:
    n = 0
    for dev in devs:
        out.write(json.dumps(dev.to_json(), ensure_ascii=False) + "\n")
        out.flush()
        n += 1
    return n
