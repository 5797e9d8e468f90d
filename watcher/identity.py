"""When are two meeting mentions the same meeting? Pure rules, used twice: to merge the
mentions inside one article, and to match an article's meetings against the known state.

Same meeting: levels agree, venues agree (a city agrees with its country), dates agree
(overlapping spans: a day agrees with its month; an unknown date agrees with any),
participants overlap. Across articles, not conflicting is not enough: the venues or the
dates must both be given and agree (two meetings with neither place nor date, of the
same people, are one), so a meeting reported with no place never takes on the venue of
an older, different one. A later mention may refine an earlier one (month to day, country
to city) without being new. Two exceptions keep distinct meetings apart: a "new",
"fresh" or "another" meeting with no date is not one whose date is known, and a
proposed or scheduled meeting is not one that has already been held, unless both
dates are given and agree.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, timedelta

from .facts import STATUS_RANK, Meeting, When

TERMINAL = ("cancelled", "postponed")
PLANS = ("proposed", "scheduled")  # a meeting still to come


def same_meeting(known: Meeting, mention: Meeting, published: date | None = None,
                 same_article: bool = False) -> bool:
    """Is `mention` the meeting `known`? Inside one article, an undated plan that is not
    called new and names the same place ("the talks planned in Brussels") is the meeting
    the article reports as held there."""
    if known.level and mention.level and known.level != mention.level:
        return False
    if known.participants and mention.participants and not (
            set(known.participants) & set(mention.participants)):
        return False
    if not known.venue.agrees(mention.venue) and not _same_country_refined(known, mention) \
            and not _called_off_alike(known, mention):
        return False
    both_dated = known.when is not None and mention.when is not None
    if both_dated and not known.when.overlaps(mention.when) and not _talks_over_days(
            known, mention, same_article):
        return False
    for held, other in ((known, mention), (mention, known)):
        if held.status == "held" and other.status in PLANS and not both_dated and not (
                same_article and not other.fresh and held.venue.known()
                and other.venue.known()):
            return False
    if mention.fresh and mention.when is None and known.when is not None:
        return False
    if not same_article and known.status == mention.status == "held" and known.when is None \
            and mention.when is not None:
        # a meeting known only as history with no day ("have held a series of meetings")
        # is no dated meeting reported later
        return False
    if not same_article and not agree_positively(known, mention):
        return False
    # A plan with no date is not a meeting whose date has passed: it is a later one.
    return not (mention.status in PLANS and mention.when is None and known.when is not None
                and published is not None and known.when.end < published)


TALKS_GAP_DAYS = 2  # talks over consecutive days in one city (`_talks_over_days`)
MAX_MONTHS = 24  # a span longer than this is filed with the undated meetings


def _months(when: When, margin: int = 0) -> list[tuple[int, int]] | None:
    """The (year, month) buckets a span touches, widened by `margin` days; None when too
    many to list."""
    try:
        start, end = when.start - timedelta(days=margin), when.end + timedelta(days=margin)
    except OverflowError:  # at the ends of the calendar
        return None
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    if count > MAX_MONTHS:
        return None
    return [((start.month - 1 + i) // 12 + start.year, (start.month - 1 + i) % 12 + 1)
            for i in range(count)]


class MeetingIndex:
    """Known meetings filed by participant, month, city and country, so that a mention is
    compared with the few that could be it. `candidates(mention)` holds every known meeting
    the state's diff can match the mention with:
    - one that names none of the mention's participants while both name someone is never
      the same meeting (nor a plan told again, nor a meeting moved);
    - one dated outside the mention's span widened by two days (talks over consecutive
      days) is not the same meeting, nor is one in another city unless in the same
      country, nor one in another country: unless the mention says the meeting was moved
      (then any date and place is).
    Anything else is compared in full by `same_meeting`."""

    def __init__(self) -> None:
        self._filed: dict[Hashable, list[tuple]] = {}
        self._by: dict[tuple, set[Hashable]] = {}

    def put(self, ident: Hashable, meeting: Meeting) -> None:
        """File (or file again, as it now is) the known meeting `ident`."""
        months = _months(meeting.when) if meeting.when is not None else None
        labels = [("name", n) for n in set(meeting.participants)] or [("nameless",)]
        labels += [("month", m) for m in months] if months is not None else [("undated",)]
        labels.append(("city", meeting.venue.city or None))
        labels.append(("country", meeting.venue.country or None))
        if self._filed.get(ident) == labels:
            return  # filed so already
        self.drop(ident)
        self._filed[ident] = labels
        for label in labels:
            self._by.setdefault(label, set()).add(ident)

    def drop(self, ident: Hashable) -> None:
        for label in self._filed.pop(ident, ()):
            self._by[label].discard(ident)

    def _any(self, labels: list[tuple]) -> set[Hashable]:
        out: set[Hashable] = set()
        for label in labels:
            out |= self._by.get(label, set())
        return out

    def candidates(self, mention: Meeting) -> set[Hashable] | None:
        """The known meetings `mention` could be; None: any of them."""
        wanted = []  # for each thing that must match, the labels any one of which does
        if mention.participants:
            wanted.append([("nameless",), *(("name", n) for n in set(mention.participants))])
        if not mention.moved:
            months = _months(mention.when, TALKS_GAP_DAYS) if mention.when is not None \
                else None
            if months is not None:
                wanted.append([("undated",), *(("month", m) for m in months)])
            city, country = mention.venue.city, mention.venue.country
            if city:  # a city agrees with the same city, or with a place in the same country
                wanted.append([("city", city), ("city", None)]
                              + ([("country", country)] if country else []))
            elif country:
                wanted.append([("country", country), ("country", None)])
        if not wanted:
            return None
        wanted.sort(key=lambda ls: sum(len(self._by.get(x, ())) for x in ls))
        found = self._any(wanted[0])  # the fewest; each of them must have one label of each
        for labels in wanted[1:]:
            accept = set(labels)
            found = {i for i in found if not accept.isdisjoint(self._filed[i])}
        return found


def _called_off_alike(known: Meeting, mention: Meeting) -> bool:
    """Two reports that the same people's meeting was called off in one country ("in
    London", "at Blenheim"), at least one undated (or both on overlapping days), are one
    cancellation, whichever city each names."""
    dates_agree = known.when is None or mention.when is None or known.when.overlaps(mention.when)
    return known.status in TERMINAL and mention.status in TERMINAL and dates_agree \
        and bool(known.venue.country) \
        and known.venue.country == mention.venue.country \
        and bool(set(known.participants) & set(mention.participants))


def _talks_over_days(known: Meeting, mention: Meeting, same_article: bool = False) -> bool:
    """Talks in one city that 'kicked off on Wednesday' and 'concluded on Thursday': one
    meeting over consecutive days. A telling that names only the city's country ("ended
    their talks in Germany on Thursday") is in that city; so is, in the article that names
    the city, one that names no place ("a two-day round ended on Saturday in Almaty ... the
    ministers kicked off the talks on Friday")."""
    a, b = known.venue, mention.venue
    same_city = bool(a.city and a.city == b.city)
    in_its_country = bool(a.country and a.country == b.country and not (a.city and b.city))
    placeless = same_article and known.status == mention.status == "held" and (
        a.known() != b.known())
    if not (same_city or in_its_country or placeless):
        return False
    gap = max((mention.when.start - known.when.end).days,
              (known.when.start - mention.when.end).days)
    return gap <= TALKS_GAP_DAYS


def compatible(known: Meeting, mention: Meeting) -> bool:
    """Nothing conflicts: venues and dates agree where both are given."""
    if not known.venue.agrees(mention.venue) and not _same_country_refined(known, mention):
        return False
    return known.when is None or mention.when is None or known.when.overlaps(mention.when)


def _same_country_refined(known: Meeting, mention: Meeting) -> bool:
    """'In Dubai later in July', then 'in Abu Dhabi on July 10': the same country, dates that
    overlap, so one meeting whose city is now known better."""
    return bool(known.venue.country and known.venue.country == mention.venue.country
                and known.when is not None and mention.when is not None
                and known.when.overlaps(mention.when))


def agree_positively(known: Meeting, mention: Meeting) -> bool:
    """Not conflicting is not enough across articles: the place or the date must agree,
    or a meeting with no place and no date would take on an older meeting's venue."""
    if known.venue.known() and mention.venue.known():
        return True  # they agree (checked before)
    if known.when is not None and mention.when is not None:
        # they overlap (checked before); a mention naming nobody needs more than a month,
        # unless what it is matched with names nobody either, at the same level and stage
        # ("officials will meet in September" told again a few days later; talks of two
        # institutions of the sides told by two outlets)
        return bool(mention.participants) or (
            known.when.precision == mention.when.precision == "day") or (
            not known.participants and known.level is not None
            and known.level == mention.level and (
                known.status in PLANS and mention.status in PLANS
                or known.status == mention.status == "held"))
    return not known.venue.known() and not mention.venue.known() and (
        known.when is None or mention.when is None) and not mention.partial and \
        bool(set(known.participants) & set(mention.participants))


def closeness(known: Meeting, mention: Meeting, published: date | None = None) -> tuple:
    """Sort key: the candidate that agrees on most, best first. Between candidates that
    agree as much, an undated mention ("the meeting did not take place") is of the known
    meeting dated nearest its publication."""
    return (
        # the same news told again corroborates the meeting it already made
        -(known.status == mention.status and known.when is not None and mention.when is not None),
        # a cancellation or postponement is of a meeting still to come
        -(mention.status in TERMINAL and known.status in PLANS),
        -(known.when is not None and mention.when is not None
          and known.when.precision == mention.when.precision == "day"),
        -(bool(known.venue.city) and known.venue.city == mention.venue.city),
        -len(set(known.participants) & set(mention.participants)),
        -(known.level == mention.level),
        -known.venue.known(),
        abs((known.when.start - published).days)
        if mention.when is None and known.when is not None and published else 0,
    )


def merged_status(old: str, new: str) -> str:
    """Status after a new mention: cancel/postpone override, otherwise progress only."""
    if new in TERMINAL:
        return new if old != "held" else old
    if old in TERMINAL:
        return new if new == "held" else old
    return new if STATUS_RANK[new] > STATUS_RANK[old] else old


def merge(known: Meeting, mention: Meeting, status: str | None = None) -> Meeting:
    """`known` refined by `mention`: finer date, city, more names; status as given."""
    when = known.when
    if mention.when is not None:
        when = mention.when if when is None else when.finer(mention.when)
    level = known.level
    if mention.level and (not level or (level == "officials" and not known.participants)):
        level = mention.level
    venue = known.venue.merge(mention.venue)
    if _same_country_refined(known, mention) and mention.venue.city and \
            mention.when.precision == "day":
        venue = mention.venue  # the day's own report of the city wins over an earlier guess
    return known.with_(
        level=level,
        participants=tuple(sorted(set(known.participants) | set(mention.participants))),
        mediators=tuple(sorted(set(known.mediators) | set(mention.mediators))),
        venue=venue,
        when=when,
        status=status or known.status,
        fresh=known.fresh and mention.fresh,
        background=known.background and mention.background,
        weak=known.weak and mention.weak,
        informal=known.informal and mention.informal,
        moved=known.moved or mention.moved,
    )
