"""The one pipeline every entry goes through, whether polled or replayed.

    entry -> relevance -> dedup -> store article -> extract facts -> diff -> developments

What an entry says (its text, relevance, hashes, facts) is read once, by
`watcher.reading`, in a worker process or here; this module applies it to the store,
in order. `Pipeline.classify` decides whether an entry is new, a duplicate or
irrelevant (so the poller fetches full text only for new, relevant entries);
`Pipeline.ingest` stores a new article and turns its facts into developments. The
daemon and `watcher replay` differ only in where entries come from and where the
developments go.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, timedelta

from .alerts.registry import channels as alert_channels
from .config import Config, Only, gazetteer
from .dedup import band_keys, content_hash, is_near_duplicate, title_key
from .facts import Development, Meeting, RouteFact
from .feeds import Entry
from .reading import Read, Reader, facts_of, identify, read_entry
from .state import State
from .store import Store, now_iso

log = logging.getLogger(__name__)


SEEN = "seen in an earlier poll"
OWN_FACTS = "with facts of its own"


def fact_key(fact: Meeting | RouteFact) -> tuple[str, str]:
    """A fact as the store keeps it (`facts` table): kind and sorted JSON."""
    return fact.kind, json.dumps(fact.to_json(), sort_keys=True)


@dataclass
class Verdict:
    status: str  # "new", "duplicate" or "irrelevant"
    url: str
    duplicate_of: int | None = None
    reason: str = ""
    read: Read | None = field(default=None, repr=False)


@dataclass
class Ingested:
    article_id: int
    developments: list[Development] = field(default_factory=list)


class Pipeline:
    def __init__(self, store: Store, config: Config, channels: dict[str, Only] | None = None):
        """`channels`: where new developments are queued (default: the configured alert
        channels; replay passes none)."""
        self.store = store
        self.config = config
        self.gazetteer = gazetteer(config)
        self.reader = Reader.of(config)
        self._remembered: dict[str, int | None] = {}  # seen keys not yet written
        if channels is None:
            channels = alert_channels(config)
        self.state = State(store, channels, config.alerts.min_sources,
                           max_age=config.alerts.max_age if channels else None,
                           kin=self.gazetteer.route_kin())

    def classify(self, entry: Entry, read: Read | None = None,
                 known: dict[str, int | None] | None = None) -> Verdict:
        """`read`: the entry as `reading` read it (else it is read here, its facts only
        when needed); `known`: a batched `seen` lookup that covers this entry."""
        read = read or identify(entry)
        if read.key in self._remembered:
            seen, article_id = True, self._remembered[read.key]
        elif known is not None:
            seen, article_id = read.key in known, known.get(read.key)
        else:
            seen, article_id = self.store.seen(read.key)
        if seen:  # classified in an earlier poll: no text to read again
            if article_id is None:
                return Verdict("irrelevant", read.url, reason=SEEN, read=read)
            return Verdict("duplicate", read.url, article_id, SEEN, read=read)
        if read.relevant is None:
            read_entry(self.reader, entry, read, extract_facts=False)
        if not read.relevant:
            return Verdict("irrelevant", read.url, read=read)
        return self.find_duplicate(entry, read)

    def remember(self, entry: Entry, verdict: Verdict, article_id: int | None = None) -> None:
        """Note a classified entry, so the next poll of the same item is one lookup. The
        notes are written together by `write_remembered`, in the same transaction."""
        if verdict.reason == SEEN:
            return
        key = verdict.read.key if verdict.read else identify(entry).key
        self._remembered[key] = article_id or verdict.duplicate_of

    def write_remembered(self) -> None:
        self.store.mark_seen_many(list(self._remembered.items()))
        self._remembered.clear()

    def forget_remembered(self) -> None:
        """Drop notes not written (their transaction failed)."""
        self._remembered.clear()

    def facts(self, entry: Entry, read: Read) -> list:
        """The facts of the entry's own text, extracted once."""
        if read.facts is None:
            read.facts, read.possible = facts_of(self.reader, entry.title, entry.text,
                                                 entry.published, entry.published_known)
        return read.facts

    def find_duplicate(self, entry: Entry, read: Read) -> Verdict:
        """The duplicate check alone: URL, GUID, content hash, near-identical title."""
        url = read.url
        by_url, by_guid, by_hash = self.store.articles_by(
            url, entry.guid or None, read.content_hash or content_hash(entry.title, entry.text))
        if by_url:
            return Verdict("duplicate", url, by_url, "same URL", read=read)
        if by_guid:
            return Verdict("duplicate", url, by_guid, "same GUID", read=read)
        if by_hash:
            return self._copy_or_own(entry, read, by_hash, "same content")
        if existing := self._near_duplicate(entry, read):
            return self._copy_or_own(entry, read, existing, "near-identical title and lead")
        return Verdict("new", url, read=read)

    def _copy_or_own(self, entry: Entry, read: Read, original: int, reason: str) -> Verdict:
        """A copy adds a source; it never hides a fact. An entry that looks like a copy
        of `original` but tells a fact the original does not ("met" after "to meet", a
        meeting moved) is an article of its own: the state diff decides what is new."""
        known = self.store.fact_keys(original)
        if all(fact_key(f) in known for f in self.facts(entry, read)):
            return Verdict("duplicate", read.url, original, reason, read=read)
        return Verdict("new", read.url, reason=f"{reason} as article {original}, {OWN_FACTS}",
                       read=read)

    def _near_duplicate(self, entry: Entry, read: Read) -> int | None:
        key = read.title_key or title_key(entry.title)
        window = timedelta(seconds=self.config.dedup.window)
        since = (entry.published - window).isoformat()
        until = (entry.published + window).isoformat()
        lead = entry.text[:300]
        for cand_id, cand_key, cand_summary in self.store.candidates_sharing_bands(
                read.bands or band_keys(key), since, until):
            if is_near_duplicate(key, lead, cand_key, cand_summary[:300],
                                 self.config.dedup.title_similarity):
                return cand_id
        return None

    def attach_source(self, verdict: Verdict, entry: Entry, feed_id: int | None) -> None:
        """A duplicate seen at another URL or outlet corroborates the stored article."""
        if verdict.duplicate_of and self.store.add_source(
                verdict.duplicate_of, feed_id, verdict.url, entry.outlet):
            self.state.corroborate(verdict.duplicate_of, verdict.url, entry.outlet, entry.title,
                                   entry.published)

    def ingest(self, entry: Entry, verdict: Verdict, feed_id: int | None,
               full_text: str | None = None, full_text_error: str | None = None,
               record: bool = True, catch_up: bool = False,
               full_facts: tuple[list, list] | None = None) -> Ingested:
        """Store a new article, extract its facts and diff them. Call inside a transaction.

        `record=False` folds the facts into the state without making developments (the
        baseline is the world as it was, not news); `catch_up=True` records them as
        catch-up, never alerted. `full_facts`: the facts and possible developments of
        `full_text`, when a worker has read them already."""
        read = verdict.read or identify(entry)
        if read.relevant is None:
            read_entry(self.reader, entry, read, extract_facts=False)
        if full_text and len(full_text) > len(entry.text):
            text = full_text
            facts, possible = full_facts or facts_of(
                self.reader, entry.title, text, entry.published, entry.published_known)
        else:
            text = entry.text
            facts, possible = self.facts(entry, read), read.possible
        key = read.title_key or title_key(entry.title)
        row = {
            "url": verdict.url,
            "guid": entry.guid,
            "feed_id": feed_id,
            "outlet": entry.outlet,
            "title": entry.title,
            "summary": entry.summary[:2000],
            "text": text,
            "published": entry.published.astimezone(UTC).isoformat(timespec="seconds"),
            "fetched_at": now_iso(),
            "content_hash": read.content_hash or content_hash(entry.title, entry.text),
            "title_key": key,
            "full_text_error": full_text_error,
        }
        article_id = self.store.insert_article(row, read.bands or band_keys(key))
        self.store.add_facts(article_id, [(f.kind, f.to_json()) for f in facts])
        if record:
            found = [p.to_json() for p in possible]
            self.store.add_possible(article_id, row["published"], found)
            if self.config.alerts.possible and self.state.channels:
                self.state.possible(found, article_id=article_id, url=verdict.url,
                                    outlet=entry.outlet, published=entry.published,
                                    title=entry.title, catch_up=catch_up)
        developments = self.state.apply(
            facts, article_id=article_id, url=verdict.url, outlet=entry.outlet,
            published=entry.published, record=record, title=entry.title, catch_up=catch_up,
        )
        return Ingested(article_id, developments)
