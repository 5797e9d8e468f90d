"""The one pipeline every entry goes through, whether polled or replayed.

    entry -> relevance -> dedup -> store article -> extract facts -> diff -> developments

`Pipeline.classify` decides cheaply whether an entry is new, a duplicate or
irrelevant (so the poller fetches full text only for new, relevant entries);
`Pipeline.ingest` stores a new article and turns its facts into developments. The
daemon and `watcher replay` differ only in where entries come from and where the
developments go.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, timedelta

from .alerts.registry import channels as alert_channels
from .config import Config, Only, gazetteer
from .dedup import band_keys, canonical_url, is_near_duplicate, title_key
from .extract import Possible, extract
from .facts import Development, Meeting, RouteFact
from .feeds import Entry
from .relevance import Relevance
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


@dataclass
class Ingested:
    article_id: int
    developments: list[Development] = field(default_factory=list)


def seen_key(entry: Entry, url: str) -> str:
    """An entry's identity across polls: its GUID where it has one, else its URL."""
    return hashlib.sha1((entry.guid or url).encode()).hexdigest()[:20]


def content_hash(title: str, text: str) -> str:
    return hashlib.sha256(f"{title_key(title)}\n{text.strip()}".encode()).hexdigest()


class Pipeline:
    def __init__(self, store: Store, config: Config, channels: dict[str, Only] | None = None):
        """`channels`: where new developments are queued (default: the configured alert
        channels; replay passes none)."""
        self.store = store
        self.config = config
        self.gazetteer = gazetteer(config)
        self.relevant = Relevance.build(config.topic.keywords, config.topic.exclude,
                                        self.gazetteer)
        if channels is None:
            channels = alert_channels(config)
        self.state = State(store, channels, config.alerts.min_sources,
                           max_age=config.alerts.max_age if channels else None)

    def classify(self, entry: Entry) -> Verdict:
        url = canonical_url(entry.url)
        known, article_id = self.store.seen(seen_key(entry, url))
        if known:  # classified in an earlier poll: no text to read again
            if article_id is None:
                return Verdict("irrelevant", url, reason=SEEN)
            return Verdict("duplicate", url, article_id, SEEN)
        if not self.relevant(entry.title, entry.text):
            return Verdict("irrelevant", url)
        return self.find_duplicate(entry, url)

    def remember(self, entry: Entry, verdict: Verdict, article_id: int | None = None) -> None:
        """Note a classified entry, so the next poll of the same item is one lookup."""
        if verdict.reason == SEEN:
            return
        self.store.mark_seen(seen_key(entry, verdict.url),
                             article_id or verdict.duplicate_of)

    def find_duplicate(self, entry: Entry, url: str) -> Verdict:
        """The duplicate check alone: URL, GUID, content hash, near-identical title."""
        existing = self.store.article_id_by_url(url)
        if existing:
            return Verdict("duplicate", url, existing, "same URL")
        if entry.guid and (existing := self.store.article_id_by_guid(entry.guid)):
            return Verdict("duplicate", url, existing, "same GUID")
        if existing := self.store.article_id_by_hash(content_hash(entry.title, entry.text)):
            return self._copy_or_own(entry, url, existing, "same content")
        if existing := self._near_duplicate(entry):
            return self._copy_or_own(entry, url, existing, "near-identical title and lead")
        return Verdict("new", url)

    def _copy_or_own(self, entry: Entry, url: str, original: int, reason: str) -> Verdict:
        """A copy adds a source; it never hides a fact. An entry that looks like a copy
        of `original` but tells a fact the original does not ("met" after "to meet", a
        meeting moved) is an article of its own: the state diff decides what is new."""
        facts = extract(entry.title, entry.text, entry.published, gaz=self.gazetteer,
                        published_known=entry.published_known)
        known = self.store.fact_keys(original)
        if all(fact_key(f) in known for f in facts):
            return Verdict("duplicate", url, original, reason)
        return Verdict("new", url, reason=f"{reason} as article {original}, {OWN_FACTS}")

    def _near_duplicate(self, entry: Entry) -> int | None:
        key = title_key(entry.title)
        window = timedelta(seconds=self.config.dedup.window)
        since = (entry.published - window).isoformat()
        until = (entry.published + window).isoformat()
        lead = entry.text[:300]
        for cand_id, cand_key, cand_summary in self.store.candidates_sharing_bands(
                band_keys(key), since, until):
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
               record: bool = True, catch_up: bool = False) -> Ingested:
        """Store a new article, extract its facts and diff them. Call inside a transaction.

        `record=False` folds the facts into the state without making developments (the
        baseline is the world as it was, not news); `catch_up=True` records them as
        catch-up, never alerted."""
        text = full_text if full_text and len(full_text) > len(entry.text) else entry.text
        key = title_key(entry.title)
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
            "content_hash": content_hash(entry.title, entry.text),
            "title_key": key,
            "full_text_error": full_text_error,
        }
        article_id = self.store.insert_article(row, band_keys(key))
        possible: list[Possible] = []
        facts = extract(entry.title, text, entry.published, gaz=self.gazetteer,
                        review=possible, published_known=entry.published_known)
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
