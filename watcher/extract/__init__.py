"""Facts from one article: pure functions of its title, text and publication date.

    extract(title, text, published) -> [Meeting | RouteFact]

With `published_known=False` the publication date is the fetch time standing in for a
date the feed did not give (or gave absurdly): relative days ("on Saturday", "yesterday",
"next week") then give no date; written ones ("on 14 May 2023") still do.

The mentions of one meeting inside an article (headline, lead, later paragraphs) are
merged into one fact here, so that an article tells each meeting once; a headline
alone is too terse to set a status when the body speaks of the same meeting. A
`trace` list, when given, receives a `Reading` for every candidate a rule looked at
(what it read, and why it was kept or dropped): `watcher explain` prints it. A `review`
list, when given, receives the article's possible developments (`review.Possible`): the
sentences that may tell a development no rule decided.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ..facts import Meeting, RouteFact, Venue, When
from ..identity import PLANS, agree_positively, merge, merged_status, same_meeting
from .dates import find_dates
from .gazetteer import PARTIES, Gazetteer, Person
from .gazetteer import load as load_gazetteer
from .lexicon import HOST_COUNTRY, HOST_THANKED, LEVEL_STATED
from .meetings import Reading, read_meetings
from .participants import level_of
from .review import Possible, possible_developments
from .routes import read_routes
from .text import sentences

__all__ = ["Possible", "Reading", "extract", "merge_mentions"]


def merge_mentions(mentions: list[Meeting], published: date) -> list[Meeting]:
    """One Meeting per distinct meeting of the article, in order of first mention. A
    mention can join an earlier cluster that a later mention then makes the same meeting
    as another ("the US was set to host talks" ... "with Blinken, on July 10" ... "in
    Washington on July 10"), so clusters are merged again until none joins another."""
    clusters = _merge_once(mentions, published)
    while True:
        again = _merge_once(clusters, published)
        if len(again) == len(clusters):
            return again
        clusters = again


def _merge_once(mentions: list[Meeting], published: date) -> list[Meeting]:
    clusters: list[Meeting] = []
    for m in mentions:
        for i, c in enumerate(clusters):
            if (c.partial or m.partial or c.background != m.background) and \
                    not agree_positively(c, m):
                # "Aliyev did not take part" merges only with the meeting it names; "met for
                # the first time since the Almaty talks" tells two meetings
                continue
            if _held_and_called_off(c, m):
                continue
            if c.background != m.background and c.level != m.level:
                # "following a meeting in Brussels" of the leaders (history) and the talks
                # of officials organised there (news) are two meetings
                continue
            if same_meeting(c, m, published, same_article=True):
                if c.weak and not m.weak:
                    status = m.status
                elif m.weak and not c.weak:
                    status = c.status
                elif c.informal != m.informal and {c.status, m.status} & set(PLANS):
                    # "had a brief chat ... the actual meeting will take place today"
                    status = c.status if m.informal else m.status
                elif c.background != m.background:
                    # "did not take place ... they have met before": the news, not the history
                    status = m.status if c.background else c.status
                else:
                    status = merged_status(c.status, m.status)
                keep_c = (not c.weak or m.weak) and not (c.background and not m.background) \
                    and not (c.informal and not m.informal)
                merged = merge(c, m, status).with_(
                    evidence=c.evidence if keep_c else m.evidence,
                    partial=c.partial and m.partial)
                if c.background != m.background:
                    # history told beside the news lends it no place ("the dynamics of the
                    # recent summit in Washington" does not move today's meeting there)
                    news = m if c.background else c
                    merged = merged.with_(venue=news.venue)
                clusters[i] = merged
                break
        else:
            clusters.append(m)
    return clusters


def _held_and_called_off(a: Meeting, b: Meeting) -> bool:
    """A meeting told held and one told called off, not on one known day, are two
    meetings: "resumed talks on Thursday ... earlier this month Baku refused talks in the
    US". (One side pulling out of the meeting held is a `partial` mention, merged only
    with the meeting it names.)"""
    statuses = {a.status, b.status}
    if "held" not in statuses or not statuses & {"cancelled", "postponed"}:
        return False
    if a.partial or b.partial or a.weak or b.weak:
        return False
    return not (a.when is not None and a.when == b.when and a.when.precision == "day")


def extract(title: str, text: str, published: datetime | date, gaz: Gazetteer | None = None,
            trace: list | None = None, review: list | None = None,
            published_known: bool = True) -> list[Meeting | RouteFact]:
    day = published.date() if isinstance(published, datetime) else published
    gaz = gaz or load_gazetteer()
    lines = sentences(title, text)
    if review is not None and trace is None:
        trace = []
    meetings = merge_mentions(read_meetings(lines, day, gaz, trace, has_title=bool(title.strip()),
                                            published_known=published_known), day)
    meetings = [with_after_venue(with_presence_venue(m, lines, day, gaz), lines, gaz)
                for m in meetings]
    meetings = [with_gathering_day(m, gaz, day) for m in meetings]
    if any(m.status == "held" and m.when is not None and m.when.precision == "recent"
           for m in meetings):
        days = meeting_days(lines, day, gaz, published_known)
        meetings = [with_article_day(m, days) for m in meetings]
    # The article is scanned for its pair and its host only when a meeting lacks them.
    if any(not m.participants and not m.background for m in meetings):
        pair = article_pair(lines, day, gaz)
        level = article_level(lines, gaz) if not pair else None
        meetings = [with_article_pair(m, pair, day, gaz, level) for m in meetings]
    if any(not m.mediators and not m.background and m.level in _LEVEL_OFFICE for m in meetings):
        host = article_host(lines, gaz)
        meetings = [with_article_host(m, host, day, gaz) for m in meetings]
    facts = [*meetings, *read_routes(lines, day, gaz, trace, published_known)]
    if review is not None:
        review += possible_developments(lines, trace, gaz, day)
    return facts


# A day tied to a meeting word: "the July 10 meeting", "Thursday's talks" (the day just
# before the word), "concluded their meeting in Germany on Thursday", "the summit ended on
# Friday" (the word, then the day within a few words of the same clause).
_MEETING_WORD = re.compile(r"\b(?:meeting|talks|summit|negotiations|ceremony|"
                           r"signing(?:\s+event)?|agreements?\s+reached)\b", re.IGNORECASE)
_DAY_BEFORE_WORD = re.compile(r"^(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?$")
# between the word and its day: a place ("in Germany"), the meeting's own verb, "on"
_WORD_BEFORE_DAY = re.compile(
    r"^(?:\s+(?:in|at|near)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s*){1,3})?,?\s*(?:(?:was|were|had\s+been)\s+)?"
    r"(?:held|took\s+place|concluded|ended|began|opened|started|wrapped\s+up|closed)?\s*"
    r"(?:on|last)?\s*$")


def meeting_days(lines: list[str], day: date, gaz: Gazetteer,
                 published_known: bool = True) -> list[tuple[date, set[str], list[Venue]]]:
    """The days an article ties to a meeting word, each with the parties' people and the
    places its sentence names (to tell which meeting it is of)."""
    found = []
    for line in lines:
        words = list(_MEETING_WORD.finditer(line))
        if not words:
            continue
        for d in find_dates(line, day, published_known):
            if d.role != "point" or d.when.precision != "day" or d.when.start > day:
                continue
            tied = any(
                w.start() >= d.end and _DAY_BEFORE_WORD.match(line[d.end:w.start()] + " ")
                or w.end() <= d.start and _WORD_BEFORE_DAY.match(line[w.end():d.start])
                for w in words)
            if tied:
                people = {f.ref.name for f in gaz.find_people(line) if f.ref.side}
                places = [Venue(f.ref.city, f.ref.country) for f in gaz.find_places(line)]
                found.append((d.when.start, people, places))
    return found


def with_article_day(m: Meeting, days: list[tuple[date, set[str], list[Venue]]]) -> Meeting:
    """A held meeting the article tells with no day (dated by the last few days, shown as
    the publication day) takes the one day the article ties to a meeting word within that
    span, from a sentence naming none of other people and no place elsewhere: "The meeting,
    held in the Emirates, ..." with "the July 10 talks in Abu Dhabi" is of July 10."""
    if m.status != "held" or m.background or m.when is None or m.when.precision != "recent":
        return m
    fits = {d for d, people, places in days
            if m.when.start <= d <= m.when.end
            and (not people or not m.participants or people & set(m.participants))
            and (not places or any(p.agrees(m.venue) or _within(p, m.venue) for p in places))}
    return m.with_(when=When.day(fits.pop())) if len(fits) == 1 else m


# An undated meeting held in a summit's city, told up to this many days after the summit,
# is of the summit's day ("the agreements reached at the trilateral meeting in Munich",
# ten days on), not of the last few days before the article.
GATHERING_AFTER_DAYS = 14


def with_gathering_day(m: Meeting, gaz: Gazetteer, day: date) -> Meeting:
    """A meeting told in a city that hosts a summit of many near the publication day, with
    no day of its own (or a month, or "the last few days", holding the summit's day, or a
    held meeting told in the fortnight after it), is of the summit's day: "Aliyev will not
    attend the meeting in Granada" is of 5 October. A plan told by the summit's country
    alone ("will skip the talks this week in Spain"), of a summit still to come, is of its
    city too."""
    if m.background or not m.venue.city and not (m.venue.country and m.status != "held"):
        return m
    g = gaz.gathering_at(m.venue.city, day, country=m.venue.country)
    if g is not None and not m.venue.city and (g.day < day or m.when is not None
                                               and m.when.precision == "recent"):
        # a plan told by a country alone is of a summit there still to come: "to sign the
        # treaty in Russia" is not of the summit held there last month
        return m
    if g is None or m.when is not None and (
            m.when.precision == "day" or not m.when.start <= g.day <= m.when.end
            and not (m.when.precision == "recent"
                     and 0 <= (m.when.end - g.day).days <= GATHERING_AFTER_DAYS)):
        return m
    if not m.venue.city:
        # the summit's city, told only by its country ("talks this week in Spain")
        place = gaz.place(g.cities[0])
        return m.with_(when=When.day(g.day),
                       venue=Venue(place.city, place.country) if place else m.venue)
    return m.with_(when=When.day(g.day))


def _within(place: Venue, venue: Venue) -> bool:
    """A city in the country a meeting is known by ("Abu Dhabi" for "the Emirates")."""
    return bool(place.country and place.country == venue.country)


# Words that make a meeting told by the countries one of officials, whoever else is named.
_OFFICIALS = re.compile(r"\b(?:delegations?|experts?|commissions?|deputy|deputies|working\s+"
                        r"groups?|officials|aides?|advisers?|advisors?|envoys?|representatives|"
                        r"speakers?|parliament\w*|secretar\w+)\b", re.IGNORECASE)


def article_pair(lines: list[str], day: date, gaz: Gazetteer) -> list[Person]:
    """The one person per side an article names in office ("Bayramov and Mirzoyan will lead
    the delegations"), or nobody when a side has none or several."""
    by_side: dict[str, set[Person]] = {}
    for line in lines:
        for f in gaz.find_people(line):
            if f.ref.side and f.ref.offices_on(day):
                by_side.setdefault(f.ref.side, set()).add(f.ref)
    if len(by_side) != 2 or any(len(people) != 1 for people in by_side.values()):
        return []
    return [next(iter(people)) for people in by_side.values()]


def article_level(lines: list[str], gaz: Gazetteer) -> str | None:
    """The one level of talks between the two sides an article states in words ("the
    consensus of Azerbaijan and Armenia on negotiations at the level of foreign ministers");
    None when it states none or several. A level told without both sides ("this event will
    take place at the level of foreign ministers") is some other gathering's."""
    found = set()
    for line in lines:
        if not LEVEL_STATED.search(line) or len(
                {c.ref.code for c in gaz.find_countries(line)} & set(PARTIES)) < 2:
            continue
        for m in LEVEL_STATED.finditer(line):
            found.add("foreign_ministers" if m.group("fm") or m.group("fm2") else "leaders")
    return found.pop() if len(found) == 1 else None


# The office that holds each level of talks (None: the country's leader's office).
_LEVEL_OFFICE = {"leaders": None, "foreign_ministers": "foreign_minister"}


def with_article_pair(m: Meeting, pair: list[Person], day: date, gaz: Gazetteer,
                      level: str | None = None) -> Meeting:
    """A meeting told by the countries alone ("Azerbaijan and Armenia will hold talks in
    Almaty") is between the one pair the article names for the two sides: they set its
    people and level. With no such pair, a level the article states in words ("at the level
    of foreign ministers") gives the holders of that office on the day."""
    if m.participants or m.background or m.bodies or _OFFICIALS.search(m.evidence):
        return m  # (two institutions of the sides: their staff, not the leaders named)
    if not pair and level is not None:
        pair = [p for code in PARTIES if (p := gaz.holder(
            code, _LEVEL_OFFICE[level] or gaz.countries[code].leader_office, day))]
        if len(pair) == 2:
            return m.with_(participants=tuple(sorted(p.name for p in pair)), level=level)
        return m
    if not pair:
        return m
    return m.with_(participants=tuple(sorted(p.name for p in pair)),
                   level=level_of(pair, day, gaz) or m.level)


def article_host(lines: list[str], gaz: Gazetteer) -> str | Person | None:
    """The one third country an article says hosted the talks ("thanked Kazakhstan for
    hosting the talks"), as its code, or the one third-country person thanked for hosting
    ("gratitude to UAE President Mohamed bin Zayed for his hospitality"); None when none or
    several."""
    found: set[str] = set()
    people: set[Person] = set()
    for line in lines:
        for m in HOST_COUNTRY.finditer(line):
            word = m.group("a") or m.group("b") or m.group("c")
            # ("The United States", "Secretary Blinken hosted": the name, else its last word)
            country = gaz.country_of_word(word) or gaz.country_of_word(word.split()[-1])
            if country is not None and not country.party:
                found.add(country.code)
        for m in HOST_THANKED.finditer(line):
            people.update(f.ref for f in gaz.find_people(m.group("who")) if not f.ref.side)
    if len(people) == 1 and not found - {next(iter(people)).country}:
        return people.pop()
    return found.pop() if len(found) == 1 and not people else None


def with_article_host(m: Meeting, host: str | Person | None, day: date,
                      gaz: Gazetteer) -> Meeting:
    """A meeting of leaders or ministers with no host named, in an article saying which
    country hosted the talks, was hosted by that country's holder of the meeting's office
    (its leader, its foreign minister), or by the person thanked for hosting, where the
    venue, if known, is in that country."""
    if host is None or m.mediators or m.background or m.level not in _LEVEL_OFFICE:
        return m
    code = host.country if isinstance(host, Person) else host
    country = gaz.countries[code]
    if m.venue.country and m.venue.country != country.name:
        return m
    if isinstance(host, Person):
        return m.with_(mediators=(host.name,))
    office = _LEVEL_OFFICE[m.level] or country.leader_office
    person = gaz.holder(host, office, day)
    return m.with_(mediators=(person.name,)) if person else m


# "After the meeting, the Armenian prime minister met the community in Munich": what a
# participant did right after the meeting, in the same city, unless they travelled there.
_AFTER_THE_MEETING = re.compile(r"^\W*(?:right\s+|shortly\s+|immediately\s+)?after\s+(?:the|this|"
                                r"that)\s+(?:\w+\s+)?(?:meeting|talks|summit)\b", re.IGNORECASE)
_TRAVEL = re.compile(r"\b(?:flew|fly|flies|travel\w*|left\s+for|went\s+to|headed|heads|arrived|"
                     r"returned|departed|visit\w*|moved\s+on)\b", re.IGNORECASE)


def with_after_venue(m: Meeting, lines: list[str], gaz: Gazetteer) -> Meeting:
    """A held meeting with no place of its own, in an article telling what one of its
    participants did in a city just after it ("After the meeting, the prime minister met
    the community in Munich"), took place in that city."""
    if m.venue.known() or m.background or m.status != "held":
        return m
    for line in lines:
        if not _AFTER_THE_MEETING.match(line) or _TRAVEL.search(line):
            continue
        cities = {(f.ref.city, f.ref.country) for f in gaz.find_places(line)
                  if f.ref.city and re.search(r"\bin\s+(?:the\s+)?$", line[:f.start])}
        if len(cities) == 1:
            city, country = cities.pop()
            return m.with_(venue=Venue(city, country))
    return m


_PRESENCE = re.compile(r"\b(?:is|are|was|were|arrived|arrives|arriving|landed)\s+in\s+(?:the\s+)?$")


def with_presence_venue(m: Meeting, lines: list[str], day: date, gaz: Gazetteer) -> Meeting:
    """A meeting of today with no place of its own, in an article saying where one of its
    participants is ("Simonyan is in Geneva to attend ..."), took place there; one called
    off with no day told ("both leaders were in the UK for a summit ... Armenia rejected a
    meeting") would have been there."""
    undated_refusal = m.status == "cancelled" and m.when is None
    if m.venue.known() or m.background or m.status not in ("scheduled", "held", "cancelled") \
            or not undated_refusal and (m.when is None or not m.when.overlaps(
                When(day - timedelta(days=1), day + timedelta(days=1), "week"))):
        return m
    for line in lines:
        people = {f.ref.name for f in gaz.find_people(line)}
        if not people & set(m.participants):
            continue
        for f in gaz.find_places(line):
            if _PRESENCE.search(line[:f.start]):
                return m.with_(venue=Venue(f.ref.city, f.ref.country))
    return m
