"""Facts and developments: small dataclasses with a stable JSON form.

A `When` keeps its precision with its value: "in October" is a month, not a day,
and is printed `YYYY-MM`. Two facts agree on a date when their spans overlap.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

# a span the text tells ("May 10-11") is finer than the last days guessed for an undated report
PRECISION_ORDER = {"day": 0, "range": 1, "recent": 2, "week": 3, "month": 4, "year": 5}
STATUS_RANK = {"proposed": 0, "scheduled": 1, "held": 2}
MEETING_STATUSES = ("proposed", "scheduled", "held", "cancelled", "postponed")
ROUTE_STATUSES = ("open", "closed", "blockaded", "checkpoint", "humanitarian_only", "reopened",
                  "agreed", "proposed")
LEVEL_RANK = {"leaders": 0, "foreign_ministers": 1, "officials": 2}


@dataclass(frozen=True)
class When:
    """A date with its precision: a day, a week, a month or a year (as a span)."""

    start: date
    end: date
    precision: str

    @classmethod
    def day(cls, d: date) -> When:
        return cls(d, d, "day")

    @classmethod
    def month(cls, year: int, month: int) -> When:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), "month")

    @classmethod
    def week_of(cls, d: date) -> When:
        monday = d - timedelta(days=d.weekday())
        return cls(monday, monday + timedelta(days=6), "week")

    @classmethod
    def year(cls, y: int) -> When:
        return cls(date(y, 1, 1), date(y, 12, 31), "year")

    @classmethod
    def recent(cls, published: date, days: int = 6) -> When:
        """An undated "have met" in news: some day of the last week, told as the
        publication day (the best single guess), matched as the whole span."""
        return cls(published - timedelta(days=days), published, "recent")

    def iso(self) -> str:
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "recent":
            return self.end.isoformat()
        if self.precision == "range":  # "13-17 October": told as its first day
            return self.start.isoformat()
        if self.precision == "year":
            return str(self.start.year)
        if self.precision == "week" and self.start.month != self.end.month:
            return self.end.strftime("%Y-%m")
        return self.start.strftime("%Y-%m")

    @classmethod
    def parse(cls, text: str | None, precision: str | None = None,
              stored_end: str | None = None) -> When | None:
        if not text:
            return None
        if precision == "recent":
            return cls.recent(date.fromisoformat(text))
        if precision == "range" and stored_end:
            return cls(date.fromisoformat(text), date.fromisoformat(stored_end), "range")
        parts = text.split("-")
        if len(parts) == 3:
            return cls.day(date.fromisoformat(text))
        if len(parts) == 2:
            return cls.month(int(parts[0]), int(parts[1]))
        return cls.year(int(parts[0]))

    def overlaps(self, other: When) -> bool:
        return self.start <= other.end and other.start <= self.end

    def finer(self, other: When) -> When:
        """The more precise of two overlapping dates."""
        return self if PRECISION_ORDER[self.precision] <= PRECISION_ORDER[other.precision] \
            else other


@dataclass(frozen=True)
class Venue:
    city: str | None = None
    country: str | None = None

    def to_json(self) -> dict:
        return {"city": self.city, "country": self.country}

    def known(self) -> bool:
        return bool(self.city or self.country)

    def agrees(self, other: Venue) -> bool:
        if self.city and other.city:
            return self.city == other.city
        if self.country and other.country:
            return self.country == other.country
        return True

    def merge(self, other: Venue) -> Venue:
        return Venue(self.city or other.city, self.country or other.country)


@dataclass
class Meeting:
    """One mention of a meeting between the Armenian and Azerbaijani sides."""

    level: str | None
    participants: tuple[str, ...]
    mediators: tuple[str, ...]
    venue: Venue
    when: When | None
    status: str
    evidence: str
    fresh: bool = False  # "a new/fresh/another meeting": not one already known
    moved: bool = False  # "moved to", "rescheduled for": a known meeting changes
    background: bool = False  # retold history, not news
    weak: bool = False  # only from a headline: too terse to change the state on its own
    partial: bool = False  # one side only ("Aliyev pulled out"): changes a known meeting
    informal: bool = False  # "a brief private chat": held, short of the meeting itself
    # the sides told by two named institutions of theirs ("the Office of the Prime Minister
    # and the Presidential Administration"): a meeting of someone, though nobody is named
    bodies: bool = False
    kind: str = field(default="meeting", init=False)

    def to_json(self) -> dict:
        return {
            "level": self.level or "officials",
            "participants": list(self.participants),
            "mediators": list(self.mediators),
            "venue": self.venue.to_json(),
            "date": self.when.iso() if self.when else None,
            "status": self.status,
        }

    def with_(self, **changes) -> Meeting:
        return replace(self, **changes)

    @classmethod
    def from_json(cls, data: dict, evidence: str = "") -> Meeting:
        venue = data.get("venue") or {}
        return cls(
            level=data.get("level"), participants=tuple(data.get("participants", [])),
            mediators=tuple(data.get("mediators", [])),
            venue=Venue(venue.get("city"), venue.get("country")),
            when=When.parse(data.get("date"), data.get("date_precision"), data.get("date_end")),
            status=data["status"],
            evidence=data.get("evidence", evidence),
        )


@dataclass
class RouteFact:
    route: str
    status: str
    since: When | None
    evidence: str
    strength: str = "event"  # "event": something happened; "state": a description
    kind: str = field(default="route", init=False)
    # A new step told: traffic told as a first on an open route ("the first fuel shipment",
    # `lexicon.FIRST_PASSAGE`), a document of implementation on an agreed one ("released the
    # implementation framework", `lexicon.IMPLEMENTATION_STEP`); in the known state, the
    # day of the last such step news was made of (`state.diff_route`).
    step: bool = False
    milestone: When | None = None

    def to_json(self) -> dict:
        return {"name": self.route, "status": self.status,
                "since": self.since.iso() if self.since else None}

    @classmethod
    def from_json(cls, data: dict) -> RouteFact:
        return cls(data["name"], data["status"], When.parse(data.get("since")),
                   data.get("evidence", ""), milestone=When.parse(data.get("milestone")))


@dataclass
class Development:
    """A change in the known state, in the replay contract's JSON form plus an identity."""

    type: str
    key: str
    published: str
    article_url: str
    evidence: str
    meeting: dict | None = None
    route: dict | None = None
    previous: dict | None = None
    outlet: str | None = None
    possible: dict | None = None  # type "possible": {kind, reason}, never in a replay

    def to_json(self) -> dict:
        out: dict = {"type": self.type, "published": self.published,
                     "article_url": self.article_url}
        if self.meeting is not None:
            out["meeting"] = self.meeting
        if self.route is not None:
            out["route"] = self.route
        if self.possible is not None:
            out["possible"] = self.possible
        out["previous"] = self.previous
        out["evidence"] = self.evidence
        return out
