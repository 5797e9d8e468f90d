"""Reading: the pipeline's CPU work, as pure functions of a document or of entries.

    feed document -> entries, each with its canonical URL and `seen` key   (parse_document)
    entries       -> what each says: plain text, relevant or not, content
                     hash, title key and bands, facts and possible
                     developments                                          (read_entries)

Nothing here touches the store, the network or the clock, so it runs as well in a
worker process (`watcher.workers`) as in the caller's: the poller, replay and backfill
read on every core and apply the results to the store in order (`pipeline.Pipeline`).
An entry is read once: its facts serve the copy check and the stored article alike.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from .dedup import band_keys, canonical_url, content_hash, seen_key, title_key
from .extract import extract
from .extract.gazetteer import Gazetteer
from .extract.gazetteer import current as current_gazetteer
from .feeds import Entry, ParsedFeed, parse
from .relevance import Relevance
from .store import SeenView

# A summary shorter than this is not an article: the poller fetches the page when the
# feed allows it, so its facts are read from the page, not from the summary.
SHORT_TEXT = 600


@dataclass(frozen=True)
class Reader:
    """What reading needs beside the entry: small, so it goes with every task."""

    gazetteer: str | None = None  # the user's file (`[extract] gazetteer`), if any
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def of(cls, config) -> Reader:
        user = config.extract.gazetteer
        return cls(str(user) if user is not None else None, tuple(config.topic.keywords),
                   tuple(config.topic.exclude))

    def tools(self) -> tuple[Gazetteer, Relevance]:
        """This process's gazetteer (as the user's file is now, or last was good) and the
        relevance test built from it, made once per gazetteer version."""
        gaz = current_gazetteer(self.gazetteer)
        key = (id(gaz), self.keywords, self.exclude)
        found = _RELEVANCE.get(key)
        if found is None or found[0] is not gaz:
            if len(_RELEVANCE) > 8:
                _RELEVANCE.clear()
            found = _RELEVANCE[key] = (gaz, Relevance.build(self.keywords, self.exclude, gaz))
        return found


_RELEVANCE: dict[tuple, tuple[Gazetteer, Relevance]] = {}


@dataclass
class Read:
    """What one entry says, as far as the pipeline needs it."""

    url: str  # canonical
    key: str  # `seen` key
    relevant: bool | None = None  # None: not read yet
    title_key: str = ""
    bands: list[str] = field(default_factory=list)
    content_hash: str = ""
    facts: list | None = None  # of the feed's own text; None: not extracted yet
    possible: list = field(default_factory=list)
    error: str | None = None  # reading this entry failed: it is skipped, alone


def identify(entry: Entry) -> Read:
    url = canonical_url(entry.url)
    return Read(url, seen_key(entry, url))


def parse_document(body: bytes, content_type: str | None, fetched_at: datetime,
                   outlet: str | None) -> tuple[ParsedFeed, list[Read]]:
    """Parse a feed document (`feeds.parse`; FeedError when nothing usable comes out) and
    identify its entries, in publication order."""
    parsed = parse(body, content_type=content_type, fetched_at=fetched_at, outlet=outlet)
    parsed.entries.sort(key=lambda e: e.published)
    return parsed, [identify(e) for e in parsed.entries]


class ReadDocument(NamedTuple):
    """A polled document as `read_document` hands it back."""

    parsed: ParsedFeed  # its entries to classify: all but those seen as irrelevant
    reads: list[Read]  # theirs, in order; those not seen read
    seen: dict[str, int | None] | None  # the seen keys found (None: no lookup made)
    seen_irrelevant: int = 0  # entries seen before as irrelevant: counted, not sent


def read_document(reader: Reader, body: bytes, content_type: str | None,
                  fetched_at: datetime, outlet: str | None, db: str | None,
                  full_text_wanted: bool = False) -> ReadDocument:
    """A polled document in one go (one hand-over to a worker): `parse_document`, the
    `seen` lookup of its entries in the store at `db` (`store.SeenView`), and
    `read_entries` of those not seen. What goes back is what the caller uses: an entry
    seen as irrelevant only as a count; one seen as an article without its text (a new
    source needs its address, title, date and outlet); one not seen, read. When the store
    cannot be read here, no entry is read: the caller looks up and reads."""
    parsed, reads = parse_document(body, content_type, fetched_at, outlet)
    seen = _seen(db, [r.key for r in reads]) if db else None
    if seen is None:
        return ReadDocument(parsed, reads, None)
    unseen = [(e, r) for e, r in zip(parsed.entries, reads, strict=True) if r.key not in seen]
    done = iter(read_entries(reader, unseen, full_text_wanted))
    entries, kept = [], []
    for entry, read in zip(parsed.entries, reads, strict=True):
        if read.key not in seen:
            entry, read = next(done)
        elif seen[read.key] is None:
            continue
        else:
            entry = entry.without_text()
        entries.append(entry)
        kept.append(read)
    dropped = len(reads) - len(kept)
    parsed.entries = entries
    return ReadDocument(parsed, kept, seen, dropped)


def _seen(db: str, keys: list[str]) -> dict[str, int | None] | None:
    """`Store.seen_many` through this process's read-only connection to `db`; None when
    the store cannot be read (missing, locked, not a store)."""
    with _VIEWS_LOCK:
        try:
            return _view(db).seen_many(keys)
        except (OSError, sqlite3.Error):
            _drop_view(db)
            return None


# The read-only connection of this process to each store it was asked about (a few at
# most), kept while the file is the same one: opening one costs more than the lookup.
_VIEWS: dict[str, tuple[tuple[int, int], SeenView]] = {}
_VIEWS_LOCK = threading.Lock()


def _view(db: str) -> SeenView:
    st = os.stat(db)
    ident = (st.st_dev, st.st_ino)
    kept = _VIEWS.get(db)
    if kept is not None and kept[0] == ident:
        return kept[1]
    _drop_view(db)
    if len(_VIEWS) >= 4:
        _drop_view(next(iter(_VIEWS)))
    view = SeenView(db)
    _VIEWS[db] = (ident, view)
    return view


def _drop_view(db: str) -> None:
    kept = _VIEWS.pop(db, None)
    if kept is not None:
        kept[1].close()


def facts_of(reader: Reader, title: str, text: str, published: datetime,
             published_known: bool = True) -> tuple[list, list]:
    """The facts of one text and its possible developments (`review.Possible`)."""
    gaz, _ = reader.tools()
    possible: list = []
    facts = extract(title, text, published, gaz=gaz, review=possible,
                    published_known=published_known)
    return facts, possible


def read_entry(reader: Reader, entry: Entry, read: Read | None = None,
               extract_facts: bool = True, full_text_wanted: bool = False) -> Read:
    """Read one entry: the relevance test first, and for a relevant one its identity for
    dedup and (with `extract_facts`) its facts. With `full_text_wanted` (the feed's pages
    are fetched for short summaries) the facts of a short entry are left for its page."""
    read = read or identify(entry)
    _, relevant = reader.tools()
    markup = entry.markup()
    if markup is not None and relevant.not_in_markup(entry.title, markup):
        read.relevant = False  # decided without converting its HTML (most entries)
        return read
    read.relevant = relevant(entry.title, entry.text)
    if not read.relevant:
        return read
    read.title_key = title_key(entry.title)
    read.bands = band_keys(read.title_key)
    read.content_hash = content_hash(entry.title, entry.text)
    if extract_facts and not (full_text_wanted and len(entry.text) < SHORT_TEXT):
        read.facts, read.possible = facts_of(reader, entry.title, entry.text, entry.published,
                                             entry.published_known)
    return read


def read_entries(reader: Reader, batch: list[tuple[Entry, Read | None]],
                 full_text_wanted: bool = False) -> list[tuple[Entry, Read]]:
    """`read_entry` over a batch; the relevant entries come back with their plain text
    (and no markup), the others without text (`_to_send`). A fault in one entry is that
    entry's `error`, never the batch's."""
    out = []
    for entry, read in batch:
        read = read or identify(entry)
        try:
            read = read_entry(reader, entry, read, full_text_wanted=full_text_wanted)
        except Exception as exc:  # noqa: BLE001 (a bad entry is skipped, not the batch)
            read.error = f"{type(exc).__name__}: {exc}"
        out.append((_to_send(entry, read), read))
    return out


def _to_send(entry: Entry, read: Read) -> Entry:
    """What goes back of a read entry: an irrelevant one without its text (nothing
    reads it), a relevant one without the markup its text was read from; one that could
    not be read, whole (it is read again where the gazetteer last good is at hand)."""
    if read.error:
        return entry
    if not read.relevant:
        return entry.without_text()
    entry.drop_markup()
    return entry


def facts_many(reader: Reader, texts: list[tuple[str, str, datetime, bool]]
               ) -> list[tuple[list, list]]:
    """`facts_of` over a batch of (title, text, published, published_known)."""
    return [facts_of(reader, *t) for t in texts]


def size(entries: list[Entry]) -> int:
    """Characters of work in a batch of entries, to judge whether it is worth sending."""
    return sum(e.size() for e in entries)
