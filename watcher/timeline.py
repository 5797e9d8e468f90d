"""The timeline: the known state from the seed corpus's end (July 2023) to the present.

A TOML file (`store/baseline/timeline.toml`, or `[watcher] timeline`) of dated facts in
our own words, each with its sources:

    [[meeting]]
    id = "leaders-abudhabi-2025-07-10"
    status = "held"                  # proposed, scheduled, held, cancelled, postponed
    date = "2025-07-10"              # or "2025-07" when only the month is known
    level = "leaders"                # leaders, foreign_ministers, officials
    participants = ["Ilham Aliyev", "Nikol Pashinyan"]
    mediators = []
    city = "Abu Dhabi"
    country = "United Arab Emirates"
    summary = "..."
    sources = ["https://..."]

    [[route]]
    id = "tripp-2025-08-08"
    route = "TRIPP route (Zangezur corridor)"   # a route of the gazetteer
    status = "agreed"
    since = "2025-08-08"
    summary = "..."
    sources = ["https://..."]

Loading folds each entry into the known state, in date order, without making
developments (it is what is already known), once per entry id: a user who adds entries
gets them at the next start. An entry goes through the same diff as an article's fact,
so an entry older than what the store already knows of a route does not overturn it.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .extract.gazetteer import Gazetteer
from .facts import MEETING_STATUSES, ROUTE_STATUSES, Meeting, RouteFact, Venue, When
from .state import State
from .store import Store

log = logging.getLogger(__name__)

MAX_BYTES = 4_000_000
LOADED = "timeline_loaded"  # meta key: the ids of the entries folded in so far


class TimelineError(Exception):
    """The timeline file cannot be used: one line naming the file and the entry."""


def _day(value: str) -> str:
    try:
        if len(value) == 7:
            datetime.strptime(value, "%Y-%m")
        else:
            date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD or YYYY-MM)") from None
    return value


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)

    @field_validator("sources")
    @classmethod
    def _links(cls, value: list[str]) -> list[str]:
        for url in value:
            if not url.lower().startswith(("http://", "https://")):
                raise ValueError(f"{url!r} is not an http(s) URL")
        return value


class MeetingEntry(_Entry):
    status: Literal[MEETING_STATUSES]  # type: ignore[valid-type]
    date: str
    level: Literal["leaders", "foreign_ministers", "officials"]
    participants: list[str] = []
    mediators: list[str] = []
    city: str | None = None
    country: str | None = None

    _date = field_validator("date")(classmethod(lambda cls, v: _day(v)))


class RouteEntry(_Entry):
    route: str
    status: Literal[ROUTE_STATUSES]  # type: ignore[valid-type]
    since: str

    _since = field_validator("since")(classmethod(lambda cls, v: _day(v)))


@dataclass
class Item:
    """One timeline entry as a fact of the known state, with its day and sources."""

    id: str
    day: date
    fact: Meeting | RouteFact
    sources: list[str]


def read(path: Path, gaz: Gazetteer) -> list[Item]:
    """The entries of a timeline file, validated, in date order."""
    try:
        if not path.is_file():
            raise TimelineError(f"{path}: not a regular file")
        if path.stat().st_size > MAX_BYTES:
            raise TimelineError(f"{path}: larger than {MAX_BYTES} bytes")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TimelineError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TimelineError(f"{path}: invalid TOML: {exc}") from None
    unknown = set(data) - {"meeting", "route"}
    if unknown:
        raise TimelineError(f"{path}: unknown table {sorted(unknown)[0]!r} "
                            "(only [[meeting]] and [[route]])")
    items: list[Item] = []
    seen: set[str] = set()
    routes = {r.name for r in gaz.routes if r.tracked}
    for table, model in (("meeting", MeetingEntry), ("route", RouteEntry)):
        for i, raw in enumerate(data.get(table, [])):
            where = f"{path}: {table}[{i}]" + (f" ({raw.get('id')})" if isinstance(
                raw, dict) and raw.get("id") else "")
            try:
                entry = model.model_validate(raw)
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = ".".join(str(p) for p in err["loc"])
                raise TimelineError(f"{where}.{loc}: {err['msg']}") from None
            if entry.id in seen:
                raise TimelineError(f"{where}.id: {entry.id!r} is given twice")
            seen.add(entry.id)
            if isinstance(entry, RouteEntry) and entry.route not in routes:
                raise TimelineError(f"{where}.route: {entry.route!r} is not a tracked route "
                                    f"({', '.join(sorted(routes))})")
            items.append(_item(entry))
    return sorted(items, key=lambda it: (it.day, it.id))


def _item(entry: MeetingEntry | RouteEntry) -> Item:
    if isinstance(entry, RouteEntry):
        since = When.parse(entry.since)
        fact: Meeting | RouteFact = RouteFact(entry.route, entry.status, since, entry.summary)
        return Item(entry.id, since.start, fact, entry.sources)
    when = When.parse(entry.date)
    fact = Meeting(level=entry.level, participants=tuple(sorted(entry.participants)),
                   mediators=tuple(sorted(entry.mediators)),
                   venue=Venue(entry.city, entry.country), when=when, status=entry.status,
                   evidence=entry.summary)
    return Item(entry.id, when.start, fact, entry.sources)


def load(store: Store, state: State, path: Path, gaz: Gazetteer) -> int:
    """Fold the entries not loaded before into the known state; how many were."""
    items = read(path, gaz)
    done = set(filter(None, (store.get_meta(LOADED) or "").split("\n")))
    todo = [it for it in items if it.id not in done]
    for it in todo:
        published = datetime.combine(it.day, time(12), tzinfo=UTC)
        with store.tx():
            for url in it.sources:
                state.apply([it.fact], article_id=None, url=url, outlet="timeline",
                            published=published, record=False, title=it.fact.evidence[:120])
            done.add(it.id)
            store.set_meta(LOADED, "\n".join(sorted(done)))
    return len(todo)
