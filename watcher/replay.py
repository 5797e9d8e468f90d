"""`watcher replay`: the real pipeline over feed files, developments as JSON Lines.

Entries of all files are taken in publication order, as if each had just been polled,
through the same `Pipeline` the daemon uses; only the source (files) and the sink
(stdout instead of the alert outbox) differ. A throw-away database is used unless one is
given, so the daemon's store is never touched. Nothing is sent.
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
from .facts import Development
from .feeds import Entry, FeedError, parse
from .pipeline import Pipeline
from .store import Store

log = logging.getLogger(__name__)


class ReplayError(Exception):
    """A feed file cannot be read at all."""


def read_entries(paths: list[Path]) -> list[Entry]:
    entries: list[Entry] = []
    for path in paths:
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise ReplayError(f"{path}: cannot read: {exc.strerror or exc}") from None
        try:
            parsed = parse(body)
        except FeedError as exc:
            raise ReplayError(f"{path}: {exc}") from None
        if parsed.warning:
            log.warning("%s: %s (used %d entries)", path, parsed.warning, len(parsed.entries))
        entries += parsed.entries
    return sorted(entries, key=lambda e: e.published)


def replay(config: Config, paths: list[Path], *, db: Path | None = None,
           with_baseline: bool = True, timeline_file: Path | None = None,
           progress=None) -> Iterator[Development]:
    """Yield each development the entries of `paths` make, in order. `progress`, when
    given, is called with (entries done, entries in all) as the replay goes."""
    entries = read_entries(paths)
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
            for done, entry in enumerate(entries, 1):
                if progress is not None:
                    progress(done, len(entries))
                with store.tx():
                    verdict = pipeline.classify(entry)
                    if verdict.status == "duplicate":
                        pipeline.attach_source(verdict, entry, None)
                        continue
                    if verdict.status == "irrelevant":
                        continue
                    done = pipeline.ingest(entry, verdict, None)
                yield from done.developments
        finally:
            store.close()


def write_jsonl(devs: Iterator[Development], out: TextIO) -> int:
    n = 0
    for dev in devs:
        out.write(json.dumps(dev.to_json(), ensure_ascii=False) + "\n")
        out.flush()
        n += 1
    return n
