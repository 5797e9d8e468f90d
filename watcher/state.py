"""The known state (meetings, route statuses) and the diff that turns facts into developments.

`diff_meeting` and `diff_route` are pure: known state + one new fact -> the new state
and, when something changed, a development. `State` keeps the state in the store
(table `entities`) and the developments (table `developments`, unique by key), so a
development is recorded once however many outlets repeat it or how often an article
is seen again; a later source is attached to what it corroborates.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from .alerts.routing import routed
from .config import Only
from .facts import Development, Meeting, RouteFact, When
from .identity import (
    PLANS,
    TERMINAL,
    MeetingIndex,
    closeness,
    compatible,
    merge,
    merged_status,
    same_meeting,
)
from .store import Store, entity_json, key_parts


@dataclass
class Known:
    """A meeting or route of the known state, with its provenance."""

    kind: str
    key: str
    fact: Meeting | RouteFact
    sources: list[dict]
    first_seen: str
    last_seen: str
    id: int | None = None  # its row, once written
    written: tuple[str, str] | None = None  # (data as `entity_json`, last_seen) of its row


def _digest(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


def meeting_key(m: Meeting, url: str) -> str:
    return "m-" + _digest(m.level, ",".join(m.participants), m.venue.city, m.venue.country,
                          m.when.iso() if m.when else None, url)


FUTURE = (*PLANS, "postponed")
PLAN_MEMORY_DAYS = 45


def _recent(k: Known, published: date) -> bool:
    """A plan reported within the last weeks: later news of the same people is about it."""
    try:
        last = datetime.fromisoformat(k.last_seen).date()
    except ValueError:
        return False
    return (published - last).days <= PLAN_MEMORY_DAYS


def _stale_plan(k: Known, m: Meeting, published: date) -> bool:
    """An undated plan nobody has reported for weeks ("a new round in Washington soon")
    is not the meeting a later article gives a day for: that one is a new meeting."""
    return (k.fact.status in FUTURE and k.fact.when is None and m.when is not None
            and not _recent(k, published))


PAST_PLAN_DAYS = 14


def _long_past(m: Meeting, published: date) -> bool:
    return m.when is not None and m.when.end < published - timedelta(days=PAST_PLAN_DAYS)


def _dated_plan(m: Meeting) -> bool:
    """A plan of the two sides with a level and a day or month but no names or place
    ("Armenian, Azerbaijani and U.S. officials will meet in September"): news."""
    return m.status in FUTURE and m.when is not None and bool(m.level)


def _vague_wish(m: Meeting) -> bool:
    """A plan with no place and no date: recorded, not news."""
    return m.status in PLANS and not m.venue.known() and m.when is None


def diff_meeting(known: list[Known], m: Meeting, published: date
                 ) -> tuple[Known | None, Meeting | None, str | None, dict | None]:
    """Match a meeting fact against the known ones.

    Returns (matched entity or None, new state of the meeting or None when the fact is
    ignored, development type or None, the meeting as it was before).
    """
    candidates = [k for k in known if k.kind == "meeting"
                  and same_meeting(k.fact, m, published) and not _stale_plan(k, m, published)
                  and not (m.status in TERMINAL and not m.background
                           and (k.fact.status == "held" or _long_past(k.fact, published)
                                and k.fact.status != m.status))]
    # a meeting held is not called off, nor a plan whose day passed weeks ago; a meeting
    # known called off, told called off again weeks later, is that meeting
    if m.partial:
        # One side pulls out: only a meeting still to come, with that side, can change.
        candidates = [k for k in candidates
                      if k.fact.status in FUTURE
                      and (not m.participants
                           or set(k.fact.participants) & set(m.participants))]
        if not candidates:
            return None, None, None, None
    if not candidates and m.status in FUTURE and not m.fresh:
        # "The ministers will meet there in January" after "a new round will take place in
        # Washington soon": the plan already known, told again with a different detail.
        candidates = [k for k in known if k.kind == "meeting" and k.fact.status in FUTURE
                      and _recent(k, published) and k.fact.level == m.level
                      and set(k.fact.participants) & set(m.participants)
                      and compatible(k.fact, m)]
    if not candidates and m.moved and m.status in ("scheduled", "postponed"):
        # "moved to Friday", "rescheduled for Granada": the known upcoming meeting changes.
        candidates = [k for k in known if k.kind == "meeting" and k.fact.level == m.level
                      and set(k.fact.participants) & set(m.participants)
                      and k.fact.status in FUTURE]
        if candidates:
            best = min(candidates, key=lambda k: closeness(k.fact, m, published))
            before = best.fact
            after = before.with_(when=m.when or before.when,
                                 venue=m.venue if m.venue.known() else before.venue,
                                 status="scheduled" if m.status == "postponed" and m.when
                                 else m.status, evidence=m.evidence)
            return best, after, None if m.background else "meeting_changed", before.to_json()
    if not candidates:
        if m.weak or not (m.participants or m.venue.known() or _dated_plan(m) or m.bodies):
            return None, None, None, None  # a headline alone, or nobody and nowhere
        if m.status in TERMINAL and not m.participants and m.when is None:
            return None, None, None, None  # "the refusal to attend this meeting": of no plan known
        # "Ready to meet anywhere", "the next meeting": a plan with no place and no date is
        # recorded, not news.
        return None, m, None if m.background or _vague_wish(m) else "meeting_new", None
    best = min(candidates, key=lambda k: closeness(k.fact, m, published))
    before = best.fact
    if m.weak:
        return best, merge(before, m.with_(status=before.status)), None, None
    status = merged_status(before.status, m.status)
    after = merge(before, m, status)
    if m.partial:
        after = after.with_(participants=before.participants, level=before.level)
    if status != before.status:
        after = after.with_(evidence=m.evidence)
        dev = None if m.background else "meeting_status"
        return best, after, dev, before.to_json()
    if _vague_wish(before) and not _vague_wish(after) and not m.background:
        # "the ministers will meet soon" was recorded, not told; "in Berlin on Wednesday"
        # is the first the reader hears of that meeting: its people and hosts are the ones
        # told now, not whoever a vague wish gathered from other articles.
        return best, after.with_(evidence=m.evidence, participants=m.participants or
                                 before.participants, mediators=m.mediators,
                                 level=m.level or before.level), "meeting_new", None
    return best, after, None, None


PASSABLE = {"open", "reopened", "humanitarian_only"}
SAME_PASSAGE_DAYS = 2


def same_passage(current: RouteFact, fact: RouteFact, day: date | None = None) -> bool:
    """Open and aid-only told of the same days ("aid went through", "trucks delivered goods";
    the exodus and an aid convoy the same weekend) are two outlets' words for one passage,
    not two changes. An undated fact is of its article's day; the route's status, of the
    day it took it."""
    was = current.since or current.milestone
    now = _day_of(fact, day)
    return {current.status, fact.status} <= PASSABLE and was is not None and \
        now is not None and abs((now.start - was.start).days) <= SAME_PASSAGE_DAYS


# A new step on a route (`RouteFact.step`: the first traffic of a kind on a route known
# open, a document of implementation on one known agreed) is news when it comes this many
# days after the route took its status and after the last such step: the first train a week
# after a transit ban is lifted is the opening told again; the first fuel train two months
# later is news, and so is the implementation framework published five months after a deal.
NEW_STEP_DAYS = 30
# An aid convoy told as the first since some event, this many days after the last aid known
# to pass: a restart (beyond the days in which outlets tell one passage).
FIRST_AID_DAYS = SAME_PASSAGE_DAYS + 1
# A route proposed again, as an event ("asked Russia to restore the line"), half a year or
# more after it was last proposed is news again: the offer renewed, not the old one retold.
RENEWED_PROPOSAL_DAYS = 180


def diff_route(current: RouteFact | None, fact: RouteFact,
               day: date | None = None) -> tuple[RouteFact | None, bool]:
    """(new route state or None to keep the current one, whether it is a development).
    `day`: the article's publication day (a new step with no date of its own is of it)."""
    if current is None:
        # a first report is news when it tells an event; "has been closed since the 1990s"
        # is the state of things, recorded as known but not alerted
        return replace(fact, milestone=_day_of(fact, day)), fact.strength == "event"
    if fact.status == current.status or {fact.status, current.status} == {"open", "reopened"} \
            or same_passage(current, fact, day):
        # "reopened" told of a route known open is the same open road
        since = current.since or fact.since
        step = _new_step(current, fact, day)
        return RouteFact(current.route, current.status, since, current.evidence,
                         milestone=step or current.milestone), step is not None
    if fact.strength != "event":
        return None, False  # a description never overturns a reported event
    if current.status == "agreed" and fact.status == "proposed":
        return None, False  # a new offer on a route already agreed: a detail of the deal
    if fact.since and current.since and fact.since.end < current.since.start:
        return None, False  # older news than what is known
    # the change is the route's last step: a first told of its traffic in the weeks after
    # is that change told again
    return replace(fact, milestone=_day_of(fact, day)), True


# A route told under a vaguer name (`Route.covers`: "the railway with Azerbaijan" for a named
# line) within this many days of its kin taking the same status is that news told again.
KIN_DAYS = 30


def told_by_kin(known: list[Known], kin: dict[str, frozenset[str]], fact: RouteFact,
                day: date | None) -> RouteFact | None:
    """The known kin route of `fact`'s (`kin`: `Gazetteer.route_kin`; a named line, or the
    vaguer name that covers it) that took its status within KIN_DAYS of it, or None:
    "Armenia is ready to restore the railway with Azerbaijan" the day the Ijevan line was
    offered is that offer, not a second one."""
    when = _day_of(fact, day)
    names = kin.get(fact.route, ())
    if when is None or not names:
        return None
    for other in (k.fact for k in known if k.kind == "route" and k.key in names):
        took = other.milestone or other.since
        if other.status == fact.status and took is not None and \
                abs((when.start - took.start).days) <= KIN_DAYS:
            return other
    return None


def _day_of(fact: RouteFact, day: date | None) -> When | None:
    """The day a route fact tells of: its own, else its article's publication day."""
    return fact.since or (When.day(day) if day else None)


def _new_step(current: RouteFact, fact: RouteFact, day: date | None) -> When | None:
    """The day of a new step on a route ("the first fuel shipment" on one known open, "the
    implementation framework" on one known agreed, a dated aid convoy on one known open to
    aid alone), or None: a step told as an event, at least NEW_STEP_DAYS after the route
    took its status and after the last step known."""
    same = {current.status, fact.status}
    renewed = same == {"proposed"} and fact.strength == "event"
    # aid let through, dated or told as the first since, weeks after the last aid known to
    # pass: a convoy after a long stop is the road's news, not the old passage told again
    aid = same == {"humanitarian_only"} and fact.strength == "event" and (
        fact.since is not None or fact.step)  # dated, or "the first aid convoy since ..."
    if not (renewed or aid or fact.step and fact.strength == "event"
            and (same <= {"open", "reopened"} or same == {"agreed"})):
        return None
    when = _day_of(fact, day)
    if when is None:
        return None
    # ("the first aid convoy since the offensive" says itself that the passage restarts:
    # news days after the last convoy, not only weeks)
    gap = RENEWED_PROPOSAL_DAYS if renewed else \
        FIRST_AID_DAYS if aid and fact.step else NEW_STEP_DAYS
    if renewed and current.since is None and current.milestone is None:
        return None  # when it was last proposed is not known
    for before in (current.since, current.milestone):
        if before is not None and (when.start - before.end).days < gap:
            return None
    return when


def article_verdicts(facts: list[RouteFact], published: date) -> list[RouteFact]:
    """One fact per route per article: its latest event (else its first description),
    dated by the earliest date the article gives for that same status. An event the
    article dates beats one it leaves undated: "closed the road on Tuesday ... later
    allowed the Red Cross to resume evacuations" is the dated closure, the undated aside
    only its colour."""
    by_route: dict[str, list[RouteFact]] = {}
    for f in facts:
        by_route.setdefault(f.route, []).append(f)
    out = []
    for same_route in by_route.values():
        def rank(item: tuple[int, RouteFact]) -> tuple:
            i, f = item
            # an event first, and of events a new step (the article's news) before a
            # dated aside
            return (f.strength == "event", f.step, f.since is not None,
                    f.since.end if f.since else published, i)

        chosen = max(enumerate(same_route), key=rank)[1]
        step = any(f.step for f in same_route if f.status == chosen.status)
        # a new step is dated by the steps told, not by the deal it takes further ("agreed
        # to create the company ... the route was agreed in August last year")
        # (a history told beside the event, "600 evacuated since December 2022", does not
        # date it)
        dated = [f for f in same_route if f.status == chosen.status and f.since
                 and (f.step or not step) and f.strength == chosen.strength]
        if dated:
            first = min(dated, key=lambda f: f.since.start)
            chosen = RouteFact(chosen.route, chosen.status, first.since, first.evidence,
                               chosen.strength, step=step)
        elif step and not chosen.step:
            chosen = next(f for f in same_route if f.status == chosen.status and f.step)
        out.append(chosen)
    return out


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def like(pattern: str) -> Callable[[str], bool]:
    """SQLite's `text LIKE pattern` (no ESCAPE) as a test of `text`: `%` any run of
    characters, `_` any one, ASCII letters in either case, nothing else folded."""
    if "_" in pattern:
        return _like_regex(pattern).fullmatch
    first, *rest = pattern.translate(_ASCII_LOWER).split("%")

    def matches(text: str) -> bool:
        text = text.translate(_ASCII_LOWER)
        if not rest:
            return text == first
        if not text.startswith(first):
            return False
        at = len(first)
        for part in rest[:-1]:  # each as early as it comes: leaves the most room after
            at = text.find(part, at)
            if at < 0:
                return False
            at += len(part)
        return len(text) - at >= len(rest[-1]) and text.endswith(rest[-1])

    return matches


@lru_cache(maxsize=256)
def _like_regex(pattern: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "%" else "." if c == "_" else re.escape(c)
                              for c in pattern), re.IGNORECASE | re.ASCII | re.DOTALL)


@dataclass
class _Dev:
    key: str
    held: int
    urls: set[str]  # source URLs it is known to list (not all of them: see `lacking`)


class KnownDevelopments:
    """The developments corroboration looks up (by a part of their key: a meeting's
    entity key, a route's name), read from the store once per part and kept with the
    state's cache, each with whether it is held and the source URLs it is known to list:
    a fact whose developments list its article already (an earlier fact of the article
    added it) costs no statement; one about an article not known there, one lookup of
    that URL. Told of every development written through `State` (recorded, a source
    added, held or queued)."""

    def __init__(self, store: Store):
        self.store = store
        self._parts: dict[str, list[int]] = {}  # key part -> ids, in order
        self._devs: dict[int, _Dev] = {}

    def lacking(self, url: str, key_like: str, part: str) -> list[tuple[int, int]]:
        """(id, held) of the developments with `part` between two `|` of their key (see
        `key_parts`) and a key like `key_like` (SQL), whose sources do not list `url`."""
        ids = self._parts.get(part.lower())
        if ids is None:
            ids = self._load(part.lower())
        matches = like(key_like)
        found = [i for i in ids if url not in self._devs[i].urls and matches(self._devs[i].key)]
        if found:  # are they known to list it because they do?
            for i in self.store.developments_listing(url, found):
                self._devs[i].urls.add(url)
        return [(i, self._devs[i].held) for i in found if url not in self._devs[i].urls]

    def _load(self, part: str) -> list[int]:
        rows = self.store.developments_of(part)
        for i, key, held in rows:
            self._devs.setdefault(i, _Dev(key, held, set()))
        ids = self._parts[part] = [i for i, _, _ in rows]
        return ids

    def recorded(self, dev_id: int, key: str, source: dict) -> None:
        """A new development, with `source` its first."""
        parts = [p for p in key_parts(key) if p in self._parts]
        if parts:
            url = source.get("url")
            self._devs[dev_id] = _Dev(key, 0, {url} if url is not None else set())
            for p in parts:
                self._parts[p].append(dev_id)

    def sourced(self, dev_id: int, source: dict) -> None:
        if dev_id in self._devs and source.get("url") is not None:
            self._devs[dev_id].urls.add(source["url"])

    def held(self, dev_id: int, held: int) -> None:
        if dev_id in self._devs:
            self._devs[dev_id].held = held


class State:
    """The known state in the store, and developments recorded once.

    A new development is queued for the `channels` (targets, each with its `only`) that want
    it, in the transaction that records it, or held back until `min_sources` outlets have
    reported it."""

    def __init__(self, store: Store, channels: dict[str, Only] | None = None,
                 min_sources: int = 1, max_age: float | None = None, clock=None,
                 kin: dict[str, frozenset[str]] | None = None):
        """`max_age` (seconds): a development whose article was older than this when it
        was read is recorded as catch-up, shown in the digest, never alerted (the first
        poll of a new feed brings weeks of old news; its items without a date to trust are
        caught up with too, see `apply`). `clock` gives "now" (tests). `kin`: each route's
        kin (`Gazetteer.route_kin`), whose news it may tell again under another name."""
        self.store = store
        self.kin = kin or {}
        self.channels = channels or {}
        self.min_sources = min_sources
        self.max_age = max_age
        self.clock = clock or (lambda: datetime.now(UTC))
        # (kind, key) -> entity, in the order they were last saved (a dict keeps it)
        self._cache: dict[tuple[str, str], Known] | None = None
        self._cache_version: str | None = None
        self._changed = False  # entities saved since the state version was last counted
        self._by_url: dict[str | None, set[tuple[str, str]]] = {}  # source URL -> entities
        self._index: MeetingIndex | None = None  # the cache's meetings, while it is valid
        # entities of the cache changed inside `_changing`, their rows written as it ends
        self._dirty: dict[tuple[str, str], Known] = {}
        # (entity id, source) and (development id, source) rows appended inside
        # `_changing`, written together as it ends (or before their tables are read)
        self._entity_rows: list[tuple[int, dict]] = []
        self._development_rows: list[tuple[int, dict]] = []
        self._devs = KnownDevelopments(store)  # kept and dropped with the cache

    def known(self) -> list[Known]:
        """The known state, read from the store only when another writer changed it."""
        version = self.store.get_meta("state_version")
        if self._cache is None or version != self._cache_version:
            self._write_sources()
            self._cache = {(k.kind, k.key): k for k in self._load()}
            self._cache_version = version
            self._devs = KnownDevelopments(self.store)
            self._by_url = {}
            self._index = MeetingIndex()
            for k in self._cache.values():
                for src in k.sources:
                    self._by_url.setdefault(src.get("url"), set()).add((k.kind, k.key))
                if k.kind == "meeting":
                    self._index.put((k.kind, k.key), k.fact)
        return list(self._cache.values())

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """Entities saved inside count as one change of the state version, told to other
        readers once; each entity's row is written once, as it ends, and only when its
        data or last day seen changed. A fault inside leaves the cache unknown: it is read
        again."""
        try:
            yield
            self._flush()
        except BaseException:
            self._cache, self._index, self._changed = None, None, False
            self._dirty.clear()
            self._entity_rows.clear()
            self._development_rows.clear()
            self._devs = KnownDevelopments(self.store)
            raise
        if self._changed:
            self._changed = False
            version = self.store.bump_state_version()
            before = str(int(version) - 1) if version != "1" else None
            if self._cache is not None and self._cache_version == before:
                self._cache_version = version  # it was the store's state: it still is
            else:
                self._cache_version = None  # not known to be: read again when asked

    def _load(self) -> list[Known]:
        out = []
        for row in self.store.entities():
            data = row["data"]
            fact = Meeting.from_json(data) if row["kind"] == "meeting" else \
                RouteFact.from_json(data)
            if isinstance(fact, Meeting):
                fact.background = bool(data.get("background"))
            out.append(Known(row["kind"], row["key"], fact, row["sources"],
                             row["first_seen"], row["last_seen"], row["id"],
                             (entity_json(data), row["last_seen"])))
        return out

    def _cached(self, k: Known) -> bool:
        """Is `k` the entity the cache holds (its sources as last written, each of their
        URLs in `_by_url`)?"""
        return self._cache is not None and self._cache.get((k.kind, k.key)) is k

    def _lists(self, k: Known, url: str) -> bool:
        if self._cached(k):
            return (k.kind, k.key) in self._by_url.get(url, ())
        return any(s.get("url") == url for s in k.sources)

    @staticmethod
    def _data(k: Known) -> dict:
        """An entity's data as its row holds it."""
        data = {**k.fact.to_json(), "evidence": k.fact.evidence}
        if isinstance(k.fact, RouteFact) and k.fact.milestone is not None:
            data["milestone"] = k.fact.milestone.iso()
        if isinstance(k.fact, Meeting):
            data["background"] = k.fact.background
            if k.fact.when is not None:
                data["date_precision"] = k.fact.when.precision
                data["date_end"] = k.fact.when.end.isoformat()
        return data

    def _save(self, k: Known, added: dict | None = None) -> None:
        """Save an entity. One the cache holds had its row and sources written before:
        `added`, the source appended since, is written now (a row of its own: a meeting
        may have hundreds of sources), its row once the change ends (`_flush`). Any other
        is written whole now."""
        ident = (k.kind, k.key)
        cached = self._cached(k)
        if cached and k.id is not None:
            if added:
                self._entity_rows.append((k.id, added))
                self._changed = True
            self._dirty[ident] = k
        else:
            self._write_sources()  # this entity's may be among them
            data = self._data(k)
            k.id = self.store.save_entity(k.kind, k.key, data, k.sources, k.first_seen,
                                          k.last_seen,
                                          added=([added] if added else []) if cached else None)
            k.written = (entity_json(data), k.last_seen)
            self._changed = True
        if self._cache is None:
            return
        if not cached and ident in self._cache:
            # another object under a known key: read it all again
            self._write_sources()
            self._cache, self._index = None, None
            self._devs = KnownDevelopments(self.store)
            return
        self._cache.pop(ident, None)  # to the end: saved last
        self._cache[ident] = k
        if k.kind == "meeting" and self._index is not None:
            self._index.put(ident, k.fact)
        for src in ([added] if added else []) if cached else k.sources:
            self._by_url.setdefault(src.get("url"), set()).add(ident)

    def _flush(self) -> None:
        """Write the rows of the entities saved since the last flush whose data or last
        day seen is not what their row holds, after the source rows appended."""
        self._write_sources()
        dirty, self._dirty = self._dirty, {}
        for k in dirty.values():
            now = (entity_json(self._data(k)), k.last_seen)
            if now != k.written:
                self.store.update_entity(k.id, *now)
                k.written = now
                self._changed = True

    def _write_sources(self) -> None:
        """The source rows appended since the last write: one statement a table."""
        if self._entity_rows:
            rows, self._entity_rows = self._entity_rows, []
            self.store.add_entity_sources(rows)
        if self._development_rows:
            rows, self._development_rows = self._development_rows, []
            self.store.add_development_sources(rows)

    def apply(self, facts: list, *, article_id: int | None, url: str, outlet: str | None,
              published: datetime, record: bool = True, title: str | None = None,
              catch_up: bool = False) -> list[Development]:
        """Fold one article's facts into the state; returns the new developments.

        With `record=False` (the baseline) the state is updated and nothing is news; with
        `catch_up=True` (an item of a new feed with no date to trust) its developments are
        recorded as catch-up, however recent `published` looks."""
        with self._changing():
            return self._apply(facts, article_id, url, outlet, published, record, title,
                               catch_up)

    def _apply(self, facts: list, article_id: int | None, url: str, outlet: str | None,
               published: datetime, record: bool, title: str | None,
               catch_up: bool) -> list[Development]:
        day = published.date()
        stamp = published.astimezone(UTC).isoformat(timespec="seconds")
        source = {"url": url, "outlet": outlet, "title": title, "published": stamp}
        known = self.known()
        places: dict[tuple[str, str], int] = {}  # entity -> its place in `known`
        devs: list[Development] = []
        for m in (f for f in facts if isinstance(f, Meeting)):
            entity, after, dev_type, previous = diff_meeting(self._near(known, places, m), m,
                                                             day)
            if after is None:
                continue
            if entity is None:
                entity = Known("meeting", meeting_key(after, url), after, [], stamp, stamp)
                known.append(entity)
            entity.fact = after
            self._seen_in(entity, source, stamp)
            if not dev_type:
                self._corroborate_developments(f"%|{entity.key}|%", entity.key, source)
            if dev_type and record:
                key = f"{dev_type}|{entity.key}|{after.status}|" \
                      f"{after.when.iso() if after.when else ''}|{after.venue.city}"
                devs.append(self._record(dev_type, key, stamp, source, after.evidence,
                                         article_id, catch_up, meeting=after.to_json(),
                                         previous=previous))
        routes = [f for f in facts if isinstance(f, RouteFact)]
        for fact in article_verdicts(routes, day):
            entity = next((k for k in known if k.kind == "route" and k.key == fact.route), None)
            new_state, changed = diff_route(entity.fact if entity else None, fact, day)
            told = told_by_kin(known, self.kin, fact, day) if changed else None
            if told is not None:
                changed = False
                self._corroborate_developments(f"route_status|{told.route}|{told.status}|%",
                                               told.route, source)
            previous = entity.fact.to_json() if entity else None
            if entity is None:
                entity = Known("route", fact.route, fact, [], stamp, stamp)
                known.append(entity)
            if new_state is not None:
                entity.fact = new_state
            self._seen_in(entity, source, stamp)
            if not changed:
                self._corroborate_developments(f"route_status|{fact.route}|{entity.fact.status}|%",
                                               fact.route, source)
            if changed and record:
                # A change with no "since" is keyed by the day it was reported: a route
                # back in a status it had months before is news again, while the same
                # article read twice is still one development.
                since = fact.since.iso() if fact.since else f"reported {day.isoformat()}"
                key = f"route_status|{fact.route}|{fact.status}|{since}"
                devs.append(self._record("route_status", key, stamp, source, fact.evidence,
                                         article_id, catch_up, route=fact.to_json(),
                                         previous=previous))
        return [d for d in devs if d is not None]

    def _near(self, known: list[Known], places: dict[tuple[str, str], int],
              m: Meeting) -> list[Known]:
        """The known meetings `m` could be (`MeetingIndex`), in the order of `known` (whose
        places are noted in `places` as it grows); all of `known` when the cache, and so
        the index, is not valid."""
        ids = self._index.candidates(m) if self._index is not None else None
        if ids is None:
            return known
        for i in range(len(places), len(known)):
            places[(known[i].kind, known[i].key)] = i
        return [known[i] for i in sorted(places[ident] for ident in ids)]

    def possible(self, found: list[dict], *, article_id: int | None, url: str,
                 outlet: str | None, published: datetime, title: str | None = None,
                 catch_up: bool = False) -> None:
        """Queue an article's possible developments as unconfirmed alerts (`[alerts]
        possible`), once each, under the same catch-up and routing rules as developments."""
        stamp = published.astimezone(UTC).isoformat(timespec="seconds")
        source = {"url": url, "outlet": outlet, "title": title, "published": stamp}
        for p in found:
            key = f"possible|{url}|{_digest(p['evidence'])}"
            self._record("possible", key, stamp, source, p["evidence"], article_id, catch_up,
                         possible={"kind": p["kind"], "reason": p["reason"]})

    def _seen_in(self, entity: Known, source: dict, stamp: str) -> None:
        """This article speaks of `entity`: one more source (once per URL), and save."""
        added = None
        if not self._lists(entity, source["url"]):
            entity.sources.append(source)
            added = source
        entity.last_seen = max(entity.last_seen, stamp)
        self._save(entity, added)

    def _record(self, dev_type: str, key: str, stamp: str, source: dict, evidence: str,
                article_id: int | None, catch_up: bool = False, **body) -> Development | None:
        dev = Development(type=dev_type, key=key, published=stamp, article_url=source["url"],
                          evidence=evidence, outlet=source["outlet"], **body)
        sources = [source]
        new_id = self.store.add_development(key, dev_type, dev.to_json(), article_id, stamp,
                                             sources)
        if new_id:
            self._devs.recorded(new_id, key, source)
            self._changed = True
        if new_id and (catch_up or self.max_age is not None and (
                self.clock() - datetime.fromisoformat(stamp)).total_seconds() > self.max_age):
            self.store.flag_development(new_id, "catch_up")
            return dev  # old news caught up with: recorded and shown, not alerted
        if new_id and self.channels:
            if self.min_sources <= 1:
                self.store.enqueue(new_id, routed(self.channels, dev.to_json()))
            else:
                self.store.flag_development(new_id, "held")
                self._devs.held(new_id, 1)
        return dev if new_id else None

    def _add_source(self, dev_id: int, held: int, source: dict) -> None:
        """One more source for a development; a held one is queued, where its channels
        want it, once enough outlets report it."""
        self._devs.sourced(dev_id, source)
        self._changed = True
        if not held:  # written with the others as the change ends
            self._development_rows.append((dev_id, source))
            return
        self._write_sources()
        sources = self.store.add_development_source(dev_id, source, want=True)
        if self.channels and \
                len({s.get("outlet") or s["url"] for s in sources}) >= self.min_sources:
            self.store.enqueue(dev_id, routed(self.channels, self.store.development_data(dev_id)))
            self._devs.held(dev_id, 0)

    def _corroborate_developments(self, key_like: str, part: str, source: dict) -> None:
        """`part`: a word of `key_like` between two `|`, by which they are found."""
        for dev_id, held in self._devs.lacking(source["url"], key_like, part):
            self._add_source(dev_id, held, source)

    def corroborate(self, article_id: int, url: str, outlet: str | None,
                    title: str | None = None, published: datetime | None = None) -> None:
        """Another outlet carried an article already stored: count it as a source."""
        with self._changing():
            self._corroborate(article_id, url, outlet, title, published)

    def _corroborate(self, article_id: int, url: str, outlet: str | None, title: str | None,
                     published: datetime | None) -> None:
        original = self.store.article(article_id)
        if not original:
            return
        source = {"url": url, "outlet": outlet, "title": title}
        if published is not None:
            source["published"] = published.astimezone(UTC).isoformat(timespec="seconds")
        known = {(k.kind, k.key): k for k in self.known()}
        for ident in sorted(self._by_url.get(original["url"], ())):
            k = known.get(ident)
            if k is not None and not self._lists(k, url):
                k.sources = [*k.sources, source]
                self._save(k, source)
        for dev_id, held in self.store.developments_lacking(url, article_id):
            self._add_source(dev_id, held, source)
