"""Names the extractor knows, loaded from `gazetteer.toml`, and how to find them in text.

Exact aliases are matched first (one compiled alternation per kind, longest first);
misspellings are caught afterwards with rapidfuzz on the words left over, at a
threshold that keeps different people apart (a known distractor such as "George
Schultz" matches itself exactly and is never bent into "Olaf Scholz").
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic import Field as PydField
from rapidfuzz import fuzz, process

from ..facts import ROUTE_STATUSES
from ..files import SETTINGS_LIMIT, FileRefused, read_regular
from .lexicon import BETWEEN_BEFORE, FROM_BEFORE, TO_BEFORE, TRAFFIC, VIA_BEFORE
from .prefilter import alternatives, bit, hits, holds, minimal, needs, requirements

log = logging.getLogger(__name__)

DATA = Path(__file__).with_name("gazetteer.toml")
PARTIES = ("AM", "AZ")
FUZZY_SURNAME = 86.0
FUZZY_FIRST_NAME = 75.0
_CAP_WORD = re.compile(r"\b[A-ZÀ-ÖØ-ÞƏ][\w\-À-ÿə]+(?:'s)?")


@dataclass(frozen=True)
class Office:
    office: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Person:
    name: str
    country: str
    aliases: tuple[str, ...]
    offices: tuple[Office, ...]

    @property
    def side(self) -> str | None:
        """'AM' or 'AZ' for a party to the talks, None for everyone else."""
        return self.country if self.country in PARTIES else None

    def offices_on(self, day: date) -> list[str]:
        return [o.office for o in self.offices if o.covers(day)]


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    party: bool
    leader_office: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: str


@dataclass(frozen=True)
class Place:
    city: str | None
    country: str
    aliases: tuple[str, ...]
    landmark: bool = False  # a building that is a venue wherever it stands in a clause
    residence: bool = False  # the country's leader's seat: who meets there meets the host


# How far from a summit's day a meeting told in its city is taken to be at it.
GATHERING_DAYS = 60


@dataclass(frozen=True)
class Gathering:
    """A summit of many held in one city on one day ("the European Political Community
    summit", Granada, 5 October 2023): a meeting of the two sides told there is of that day."""

    name: str
    cities: tuple[str, ...]  # where it is said to be: "Blenheim Palace", "Oxford"
    day: date
    # what articles call it without its place: "the NATO Summit", "the SCO summit"
    called: tuple[str, ...] = ()

    def named_in(self, text: str) -> bool:
        """Does `text` name this gathering by one of the names it goes by?"""
        return _names_pattern((self.name, *self.called)).search(text) is not None


@cache
def _names_pattern(names: tuple[str, ...]) -> re.Pattern:
    """One pattern for a gathering's names, each a whole phrase, built once."""
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)


_QUALIFIER = r"(?:state|international|main|customs|interstate)"
_NAMESAKE_OF = re.compile(r"\s+(?:Route|Road|Corridor|Bridge|Street|Avenue|Boulevard|Square|"
                          r"Airport|Center|Centre|Foundation|Institute|Library|Prize|Doctrine)\b")

# Words one of which every route mention holds (besides its own names and nouns): a
# sentence with none of them names no route, and no route pattern is run on it. A route
# `phrase` must contain one of these or one of its route's names or nouns.
ROUTE_WORDS = ("corridor", "road", "route", "highway", "link", "access", "artery", "lifeline",
               "connection", "transit", "transport", "shipment", "deliver", "supply", "supplies",
               "cargo", "goods", "products", "fuel", "grain", "wheat", "petrol", "rail",
               "crossing", "crossed", "checkpoint", "border", "bridge", "TRIPP", "Trump", "trucks",
               "evacuation", "evacuations", "evacuated", "patients", "convoy", "convoys",
               "transfer",
               # the exodus told by where people went ("refugees fleeing into Armenia")
               "fled", "fleeing", "poured", "pouring", "streamed", "streaming",
               # the traffic words of routes told by their `paths` (lexicon.TRAFFIC)
               "freight", "lorr", "traffic", "train", "wagons", "consignment", "diesel",
               "gasoline")

EXISTING_ROAD = ("open", "closed", "blockaded", "checkpoint", "humanitarian_only", "reopened")


@dataclass(frozen=True)
class Way:
    """A route told by where its traffic goes rather than by its name: the countries that
    must stand in each role around a traffic word ("cargo to Armenia via Azerbaijan" is
    `Path(to="Armenia", via="Azerbaijan")`). `between`: both ends, each found after
    "between ... and", "from" or "to"."""

    to: str | None = None
    from_: str | None = None
    via: str | None = None
    between: tuple[str, ...] = ()

    def fits(self, roles: dict[str, set[str]]) -> bool:
        ends = roles["from"] | roles["to"] | roles["between"]
        return ((self.to is None or self.to in roles["to"])
                and (self.from_ is None or self.from_ in roles["from"])
                and (self.via is None or self.via in roles["via"])
                and all(c in ends for c in self.between))


@dataclass(frozen=True)
class Route:
    name: str
    tracked: bool
    names: tuple[str, ...]
    nouns: tuple[str, ...]
    phrases: tuple[str, ...]
    statuses: tuple[str, ...] = EXISTING_ROAD
    paths: tuple[Way, ...] = ()
    covers: tuple[str, ...] = ()  # the routes a vaguer name of this one may be


@dataclass(frozen=True)
class Found:
    """A name found in a text: what it refers to and where."""

    ref: object
    start: int
    end: int
    text: str


_NAME_HYPHEN = re.compile(r"\b([A-Z][\w'’]+)-(?=[A-Z])")


def _alternation(aliases: list[str]) -> str:
    ordered = sorted(set(aliases), key=len, reverse=True)
    return "|".join(re.escape(a) for a in ordered)


def _whole_words(aliases: list[str], after: str) -> re.Pattern:
    r"""`(?<![\w-])(?:aliases)` and `after`, written so that the regex engine can skip to
    the places where an alias's first character stands: the test of the character before
    comes after that first character (`(?<![\w-].)`, the same test one step later), so each
    alternative starts with a literal. The same matches, tried in the same order."""
    ordered = sorted(set(aliases), key=len, reverse=True)
    if any(not a or a[0] == "\n" for a in ordered):  # nothing the "." could step over
        return re.compile(r"(?<![\w-])(?:" + _alternation(aliases) + ")" + after)
    return re.compile("(?:" + "|".join(re.escape(a[0]) + r"(?<![\w-].)" + re.escape(a[1:])
                                       for a in ordered) + ")" + after)


_UNKNOWN = object()  # not in a cache yet (None is a value there)


# the far end of a line that leaves the two countries' routes: Turkey's, Iran's, Georgia's
_OUTSIDE = r"(?:Turkey|Türkiye|Turkiye|Kars|Igdir|Iğdır|Iran|Georgia|Russia)"


@dataclass(eq=False)  # compared and hashed by identity: one per process, cached by load()
class Gazetteer:
    countries: dict[str, Country]
    people: list[Person]
    places: list[Place]
    routes: list[Route]
    relevance_terms: list[str]
    sports_terms: list[str]
    gatherings: list[Gathering] = field(default_factory=list)
    _person_by_alias: dict[str, Person] = field(default_factory=dict)
    _place_by_alias: dict[str, Place] = field(default_factory=dict)
    _country_by_word: dict[str, Country] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._people_cache: dict[str, list[Found]] = {}
        self._places_cache: dict[str, list[Found]] = {}
        self._routes_cache: dict[str, list[Found]] = {}
        self._surname_hits: dict[str, tuple | None] = {}
        self._holders: dict[tuple[str, str, date], Person | None] = {}
        for p in self.people:
            for alias in (p.name, *p.aliases):
                self._person_by_alias.setdefault(alias.lower(), p)
                if alias.endswith("'s"):
                    continue
                self._person_by_alias.setdefault(alias.lower() + "'s", p)
        self._place_by_city: dict[str, Place] = {}
        for pl in self.places:
            self._place_by_city.setdefault(pl.city, pl)
            for alias in pl.aliases:
                self._place_by_alias.setdefault(alias.lower(), pl)
        # "the Kazakh capital": a country's capital by the country's adjective.
        capital_words: list[str] = []
        for c in self.countries.values():
            capital = self._place_by_alias.get(c.capital.lower()) if c.capital else None
            for adj in c.adjectives if capital is not None else ():
                if adj[0].isupper() and not adj.endswith("'s") and \
                        adj.replace(".", "").isalpha():  # "the Kazakh capital", "the U.S. capital"
                    word = f"{adj} capital"
                    self._place_by_alias.setdefault(word.lower(), capital)
                    capital_words.append(word)
        for c in self.countries.values():
            for word in (*c.aliases, *c.adjectives):
                self._country_by_word.setdefault(word.lower(), c)
        # Case-sensitive (names are capitalised in news), which is also much faster.
        people_words = [a for p in self.people for a in (p.name, *p.aliases)]
        people_words += [a + "'s" for a in people_words if not a.endswith("'s")]
        self._people_re = _whole_words(people_words, r"(?![\w-])")
        # Places and countries are matched case-sensitively ("US" is not "us").
        place_words = [a for pl in self.places for a in pl.aliases] + capital_words
        self._place_re = _whole_words(place_words, r"(?![\w-])")
        country_words = [w for c in self.countries.values() for w in (*c.aliases, *c.adjectives)]
        self._country_re = _whole_words(country_words, r"(?![\w])")
        # Fuzzy candidates: surnames (last word of the canonical name) of every person.
        self._surnames: dict[str, list[Person]] = {}
        for p in self.people:
            self._surnames.setdefault(p.name.split()[-1].lower(), []).append(p)
        self._known_words = set(self._person_by_alias) | {
            w.lower() for p in self.people for w in p.name.split()
        }
        # each route's pattern, with the bits of what it needs in `prefilter.hits`'s answer
        self._route_res = [(r, rx, bit(needs(rx)), alternatives(requirements(rx)))
                           for r in self.routes for rx in (self._route_regex(r),)]
        # One pass over the text says whether any route is named at all (most sentences
        # name none); only then is each route's own pattern run. The pass is a substring
        # test on the lowered text, four times faster than one alternation.
        words = {w for r in self.routes for w in (*r.names, *r.nouns)} | set(ROUTE_WORDS)
        self._route_words = minimal(w.lower() for w in words)
        self._fuzzy_route = re.compile(r"\b([A-Z][\w-]{3,})\s+(corridor|road|highway|checkpoint)\b",
                                       re.IGNORECASE)

    @staticmethod
    def _route_regex(route: Route) -> re.Pattern:
        parts = []
        if route.names and route.nouns:
            names = _alternation(list(route.names))
            nouns = _alternation(list(route.nouns))
            # "the Lachin state border checkpoint": a qualifier between name and noun
            parts.append(rf"(?<![\w-])(?:{names})(?:[\s-]+{_QUALIFIER})?(?:[\s-]+(?:{nouns}))+"
                         r"(?![\w-])")
            # "the Ijevan, Yeraskh and Akhurik sections": each name of a list before the noun
            parts.append(rf"(?<![\w-])(?:{names})(?=(?:(?:,\s*|,?\s+and\s+)[A-Z][\w-]+){{1,3}}"
                         rf"[\s-]+(?:{nouns})(?![\w-]))")
            # "the railway sections in Ijevan and Akhurik": the noun first, the place after
            # ("the crossing point of Lachin")
            parts.append(rf"(?<![\w-])(?:{nouns})\s+(?:in|at|near|through|of)\s+(?:the\s+)?"
                         rf"(?:{names})(?![\w-])")
            # "the railway line between Yeraskh and Nakhchivan", "the road from Aghdam to
            # Khankendi": the noun, then its two ends, one of them its name (not a line out
            # of the region: "a route from Nakhchivan to Igdir" is Nakhchivan's with Turkey)
            parts.append(rf"(?<![\w-])(?:{nouns})\s+(?:between|from)\s+(?:the\s+)?"
                         rf"(?:{names})\s+(?:and|to)\s+(?!{_OUTSIDE}\b)")
        parts += [f"(?:{p})" for p in route.phrases]
        return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)

    # -- lookups --------------------------------------------------------------
    def route_kin(self) -> dict[str, frozenset[str]]:
        """Each route that a vaguer name covers (`covers`), with the routes it may be told as:
        the line of a named railway and "the railway with Azerbaijan" its side leaves
        unnamed are one piece of news told twice."""
        kin: dict[str, set[str]] = {}
        for r in self.routes:
            for other in r.covers:
                kin.setdefault(r.name, set()).add(other)
                kin.setdefault(other, set()).add(r.name)
        return {name: frozenset(others) for name, others in kin.items()}

    def person(self, name: str) -> Person | None:
        return self._person_by_alias.get(name.lower())

    def place(self, city: str) -> Place | None:
        """The [[place]] of a city by its name (a gathering's cities are such names)."""
        return self._place_by_city.get(city)

    def gathering_at(self, city: str | None, near: date, days: int = GATHERING_DAYS,
                     country: str | None = None) -> Gathering | None:
        """The one summit of many held in `city` (else in a city of `country`: "talks this
        week in Spain" when a summit meets in Granada) within `days` of `near`, or None."""
        def where(g: Gathering) -> bool:
            if city:
                return city in g.cities
            return country is not None and any(
                (pl := self.place(c)) is not None and pl.country == country for c in g.cities)
        found = [g for g in self.gatherings if where(g) and abs((g.day - near).days) <= days]
        return found[0] if len(found) == 1 else None

    def gathering_near(self, day: date, before: int = 3, after: int = 14,
                       named_in: str | None = None) -> Gathering | None:
        """The one summit of many held from `before` days before `day` to `after` days after
        it: "the summit" an article of those days names without its place; with `named_in`,
        the one that text names ("on the sidelines of the NATO Summit")."""
        found = [g for g in self.gatherings if -after <= (day - g.day).days <= before
                 and (named_in is None or g.named_in(named_in))]
        return found[0] if len(found) == 1 else None

    def holder(self, country: str, office: str, day: date) -> Person | None:
        """Who held `office` in `country` on `day` (the latest to take it up)."""
        key = (country, office, day)
        got = self._holders.get(key, _UNKNOWN)
        if got is _UNKNOWN:
            if len(self._holders) > 4096:
                self._holders.clear()
            got = self._holders[key] = self._holder(country, office, day)
        return got

    def _holder(self, country: str, office: str, day: date) -> Person | None:
        best: tuple[date, Person] | None = None
        for p in self.people:
            if p.country != country:
                continue
            for o in p.offices:
                if o.office == office and o.covers(day) and (best is None or o.start > best[0]):
                    best = (o.start, p)
        return best[1] if best else None

    def leader(self, country: str, day: date) -> Person | None:
        c = self.countries.get(country)
        return self.holder(country, c.leader_office, day) if c else None

    def country_of_word(self, word: str) -> Country | None:
        return self._country_by_word.get(word.lower())

    # -- finding names in text -----------------------------------------------
    def find_people(self, text: str) -> list[Found]:
        cached = self._people_cache.get(text)
        if cached is None:
            if len(self._people_cache) > 4096:
                self._people_cache.clear()
            cached = self._people_cache[text] = self._find_people(text)
        return list(cached)

    def _find_people(self, text: str) -> list[Found]:
        # "the Pashinyan-Aliyev meeting": two names joined by a hyphen are two names (the
        # hyphen becomes a space, so every offset stays where it was); "pro-Pashinyan" stays
        spaced = _NAME_HYPHEN.sub(lambda m: m.group(1) + " ", text) if "-" in text else text
        found = [Found(self._person_by_alias[m.group(0).lower()], m.start(), m.end(), m.group(0))
                 for m in self._people_re.finditer(spaced)]
        taken = [(f.start, f.end) for f in found]
        # "the Trump Route": a thing named after a person is not the person
        found = [f for f in found if not _NAMESAKE_OF.match(text, f.end)]
        for m in _CAP_WORD.finditer(text):
            word = m.group(0).removesuffix("'s")
            if len(word) < 5 or any(s <= m.start() < e for s, e in taken):
                continue
            if word.lower() in self._known_words or self.country_of_word(word):
                continue
            hit = self._surname_like(word.lower())
            if not hit:
                continue
            fits = [p for p in self._surnames[hit[0]]
                    if self._first_name_fits(text, m.start(), p)]
            if len(fits) != 1:
                continue  # no first name fits, or several people share the surname
            found.append(Found(fits[0], m.start(), m.end(), m.group(0)))
        return sorted(found, key=lambda f: f.start)

    def _surname_like(self, word: str) -> tuple | None:
        """The known surname nearest a word, if near enough (kept: words recur)."""
        got = self._surname_hits.get(word, _UNKNOWN)
        if got is _UNKNOWN:
            if len(self._surname_hits) > 4096:
                self._surname_hits.clear()
            got = self._surname_hits[word] = process.extractOne(
                word, self._surnames.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_SURNAME)
        return got

    @staticmethod
    def _first_name_fits(text: str, start: int, person: Person) -> bool:
        """A capitalised word before a fuzzy surname must look like this person's first name."""
        before = re.search(r"([A-Z][a-z]+)\s+$", text[:start])
        if not before:
            return True
        first = before.group(1)
        if first.lower() in _TITLE_WORDS:
            return True
        given = person.name.split()[0]
        return fuzz.ratio(first.lower(), given.lower()) >= FUZZY_FIRST_NAME

    def find_places(self, text: str) -> list[Found]:
        cached = self._places_cache.get(text)
        if cached is None:  # the rules ask for the places of one sentence several times
            if len(self._places_cache) > 4096:
                self._places_cache.clear()
            cached = self._places_cache[text] = [
                Found(self._place_by_alias[m.group(0).lower()], m.start(), m.end(), m.group(0))
                for m in self._place_re.finditer(text)]
        return list(cached)

    def find_countries(self, text: str) -> list[Found]:
        return [Found(self._country_by_word[m.group(0).lower()], m.start(), m.end(), m.group(0))
                for m in self._country_re.finditer(text)]

    def find_routes(self, text: str) -> list[Found]:
        cached = self._routes_cache.get(text)
        if cached is None:  # read_routes and the review queue ask for the same sentences
            if len(self._routes_cache) > 4096:
                self._routes_cache.clear()
            cached = self._routes_cache[text] = self._find_routes(text)
        return list(cached)

    def _find_routes(self, text: str) -> list[Found]:
        found = []
        low = text.lower()
        if not any(map(low.__contains__, self._route_words)):
            return self._fuzzy_routes(text, []) if self._fuzzy_route.search(text) else []
        present = hits(text)
        for route, rx, needed, alts in self._route_res:
            # most sentences name one route, if any
            if present & needed and holds(present, alts):
                found += [Found(route, m.start(), m.end(), m.group(0))
                          for m in rx.finditer(text)]
        found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        out: list[Found] = []
        for f in found:  # drop matches nested inside an earlier, longer one
            if out and f.start < out[-1].end:
                continue
            out.append(f)
        out += self._fuzzy_routes(text, out)
        return out + self._path_routes(text, out)

    # How far from a traffic word a place may stand and still be on its way.
    PATH_BEFORE, PATH_AFTER = 80, 160

    def _path_routes(self, text: str, known: list[Found]) -> list[Found]:
        """Routes told by where their traffic goes ("truck transportation between Türkiye
        and Azerbaijan through Armenian territory"): a traffic word, and the countries
        around it in the roles one of a route's `paths` asks for."""
        wanted = [r for r in self.routes if r.paths and all(k.ref is not r for k in known)]
        if not wanted or not TRAFFIC.search(text):
            return []
        places = self._roled_places(text)
        if not places:
            return []
        out: list[Found] = []
        for m in TRAFFIC.finditer(text):
            lo, hi = m.start() - self.PATH_BEFORE, m.end() + self.PATH_AFTER
            near = [(role, c) for at, role, c in places if lo <= at <= hi
                    and not re.search(r"[.;]", text[min(at, m.start()):max(at, m.end())])]
            roles: dict[str, set[str]] = {"to": set(), "from": set(), "via": set(),
                                          "between": set()}
            for role, country in near:
                roles[role].add(country)
            for route in wanted:
                if any(p.fits(roles) for p in route.paths) and all(f.ref is not route
                                                                   for f in out):
                    out.append(Found(route, m.start(), m.end(), m.group(0)))
        return out

    def _roled_places(self, text: str) -> list[tuple[int, str, str]]:
        """(position, role, country name) of each country or place the text names in a
        role of a way: via, from, to, or one of two ends "between X and Y"."""
        found = [(f.start, f.ref.name) for f in self.find_countries(text)]
        found += [(f.start, f.ref.country) for f in self.find_places(text)]
        out: list[tuple[int, str, str]] = []
        for at, country in sorted(found):
            before = text[max(0, at - 40):at]
            if VIA_BEFORE.search(before):
                role = "via"
            elif BETWEEN_BEFORE.search(before) or out and out[-1][1] == "between" and re.search(
                    r"\band\s+(?:the\s+)?(?:main\s+part\s+of\s+|mainland\s+)?$", before):
                role = "between"
            elif FROM_BEFORE.search(before):
                role = "from"
            elif TO_BEFORE.search(before):
                role = "to"
            else:
                continue
            out.append((at, role, country))
        return out

    def _fuzzy_routes(self, text: str, known: list[Found]) -> list[Found]:
        """'Lachyn corridor', 'Latchin road': a misspelt name right before a route noun."""
        out = []
        for m in self._fuzzy_route.finditer(text):
            if any(k.start <= m.start() < k.end for k in known):
                continue
            word = m.group(1).lower()
            best = None
            for route in self.routes:
                hit = process.extractOne(word, [n.lower() for n in route.names],
                                         scorer=fuzz.ratio, score_cutoff=80)
                if hit and (best is None or hit[1] > best[1]):
                    best = (route, hit[1])
            if best:
                out.append(Found(best[0], m.start(), m.end(), m.group(0)))
        return out


_TITLE_WORDS = {
    "president", "minister", "prime", "premier", "chancellor", "secretary", "leader", "mr",
    "mrs", "ms", "dr", "sir", "state", "foreign", "counterpart", "ambassador", "envoy",
    "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "said", "and", "with",
    "between", "by", "of", "the", "that", "when", "as", "on", "in", "for", "to", "azerbaijani",
    "armenian", "russian", "american", "french", "german", "turkish", "european", "council",
    "us", "eu", "but", "while", "after", "before", "also",
}


class GazetteerError(Exception):
    """A gazetteer file that cannot be used, worded as one line: file, entry, key, fault."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _CountryEntry(_Entry):
    code: str = PydField(min_length=2)
    name: str = PydField(min_length=1)
    party: bool = False
    leader_office: str = PydField(min_length=1)
    aliases: list[str] = []
    adjectives: list[str] = []
    capital: str = ""


class _OfficeEntry(_Entry):
    office: str = PydField(min_length=1)
    from_: date = PydField(alias="from")
    to: date | None = None

    @field_validator("to", mode="before")
    @classmethod
    def _open_end(cls, value: object) -> object:
        return None if value == "" else value


class _PersonEntry(_Entry):
    name: str = PydField(min_length=1)
    country: str = PydField(min_length=2)
    aliases: list[str] = []
    offices: list[_OfficeEntry] = []


class _GatheringEntry(_Entry):
    name: str = PydField(min_length=1)
    cities: list[str] = PydField(min_length=1)
    day: date
    called: list[str] = []


class _PlaceEntry(_Entry):
    city: str | None = None
    country: str = PydField(min_length=1)
    aliases: list[str] = PydField(min_length=1)
    landmark: bool = False
    residence: bool = False


_NAME_EDGES = re.compile(r"\w(?:.*\w)?", re.DOTALL)
_NOUN = re.compile(r"\w+(?: \w+)*")


def literal_phrase(phrase: str) -> str:
    """A user's route phrase as a pattern that cannot backtrack: its words as written (any
    case), any white space between them, a `*` ending a word for any ending of it
    ('evacuat*'), and whole words at its edges. Nothing else in it is special."""
    words = phrase.split()
    if not words:
        raise ValueError("a phrase is empty")
    parts = [re.escape(w[:-1]) + r"\w*" if len(w) > 1 and w.endswith("*") else re.escape(w)
             for w in words]
    head = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    tail = r"(?!\w)" if re.search(r"\w\*?$", words[-1]) else ""
    return head + r"\s+".join(parts) + tail


class _WayEntry(_Entry):
    """A way a route's traffic goes, by country names: `{to = "Armenia", via =
    "Azerbaijan"}`, `{via = "Armenia", between = ["Turkey", "Azerbaijan"]}`."""

    to: str | None = None
    from_: str | None = PydField(default=None, alias="from")
    via: str | None = None
    between: list[str] = PydField(default=[], max_length=2)


class _RouteEntry(_Entry):
    """A route of the user's: every string in it is text, never a pattern. Names begin and
    end with a letter or digit, nouns are words: in `Name(?:[\\s-]+(?:nouns))+` nothing
    else can be read two ways, so no sentence can make the search backtrack for long."""

    name: str = PydField(min_length=1)
    tracked: bool = True
    names: list[str] = []
    nouns: list[str] = []
    phrases: list[str] = []
    statuses: list[str] = list(EXISTING_ROAD)
    paths: list[_WayEntry] = []
    covers: list[str] = []

    @field_validator("names")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not _NAME_EDGES.fullmatch(name):
                raise ValueError(f"{name!r}: a name begins and ends with a letter or digit")
        return value

    @field_validator("nouns")
    @classmethod
    def _nouns(cls, value: list[str]) -> list[str]:
        for noun in value:
            if not _NOUN.fullmatch(noun):
                raise ValueError(f"{noun!r}: a noun is words of letters and digits, one space "
                                 "apart (write 'rail link', not 'rail-link')")
        return value

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, value: list[str]) -> list[str]:
        return [literal_phrase(p) for p in value]


class _ShippedRoute(_RouteEntry):
    """A route of the shipped file, which is trusted: its phrases are regular expressions."""

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, value: list[str]) -> list[str]:
        for phrase in value:
            try:
                re.compile(phrase)
            except re.error as exc:
                raise ValueError(f"{phrase!r} is not a regular expression: {exc}") from None
        return value

    @field_validator("statuses")
    @classmethod
    def _statuses(cls, value: list[str]) -> list[str]:
        for status in value:
            if status not in ROUTE_STATUSES:
                raise ValueError(f"{status!r} is not one of {', '.join(ROUTE_STATUSES)}")
        return value


class _Relevance(_Entry):
    terms: list[str] = []
    sports: list[str] = []


class _File(_Entry):
    country: list[_CountryEntry] = []
    person: list[_PersonEntry] = []
    place: list[_PlaceEntry] = []
    route: list[_RouteEntry] = []
    gathering: list[_GatheringEntry] = []
    relevance: _Relevance = _Relevance()


class _Shipped(_File):
    route: list[_ShippedRoute] = []


def _read(path: Path, model: type[_File] = _File) -> _File:
    try:
        data = tomllib.loads(read_regular(path, SETTINGS_LIMIT).decode("utf-8"))
    except FileRefused as exc:
        raise GazetteerError(f"{path}: {exc}") from None
    except UnicodeDecodeError:
        raise GazetteerError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise GazetteerError(f"{path}: invalid TOML: {exc}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"])
        fault = "unknown key" if first["type"] == "extra_forbidden" else (
            "missing required key" if first["type"] == "missing"
            else first["msg"].removeprefix("Value error, "))
        raise GazetteerError(f"{path}: {where.lstrip('.')}: {fault}") from None


def _merged(base: _File, extra: _File) -> _File:
    """The user's entries over the shipped ones: a country (by code), person or route (by
    name) given again replaces the shipped one; places and relevance words are added."""
    def by(items: list, key: str, more: list) -> list:
        keys = {getattr(m, key) for m in more}
        return [i for i in items if getattr(i, key) not in keys] + list(more)

    return _File(
        country=by(base.country, "code", extra.country),
        person=by(base.person, "name", extra.person),
        place=[*extra.place, *base.place],  # the user's aliases are looked up first
        route=by(base.route, "name", extra.route),
        gathering=[*base.gathering, *extra.gathering],
        relevance=_Relevance(terms=[*base.relevance.terms, *extra.relevance.terms],
                             sports=[*base.relevance.sports, *extra.relevance.sports]),
    )


def _build(data: _File, where: str) -> Gazetteer:
    countries = {
        c.code: Country(c.code, c.name, c.party, c.leader_office, tuple(c.aliases),
                        tuple(c.adjectives), c.capital)
        for c in data.country
    }
    for p in data.person:
        if p.country not in countries:
            raise GazetteerError(f"{where}: person {p.name!r}: country {p.country!r} is not "
                                 f"a [[country]] code ({', '.join(sorted(countries))})")
    people = [Person(p.name, p.country, tuple(p.aliases),
                     tuple(Office(o.office, o.from_, o.to) for o in p.offices))
              for p in data.person]
    places = [Place(p.city, p.country, tuple(p.aliases), p.landmark, p.residence)
              for p in data.place]
    names = {c.name for c in countries.values()}
    for r in data.route:
        for w in r.paths:
            for c in (w.to, w.from_, w.via, *w.between):
                if c is not None and c not in names:
                    raise GazetteerError(f"{where}: route {r.name!r}: path country {c!r} is "
                                         f"not a [[country]] name")
    route_names = {r.name for r in data.route}
    for r in data.route:
        for other in r.covers:
            if other not in route_names or other == r.name:
                raise GazetteerError(f"{where}: route {r.name!r}: covers {other!r}, which is "
                                     f"not another [[route]] name")
    routes = [Route(r.name, r.tracked, tuple(r.names), tuple(r.nouns), tuple(r.phrases),
                    tuple(r.statuses), tuple(Way(w.to, w.from_, w.via, tuple(w.between))
                                           for w in r.paths), tuple(r.covers))
              for r in data.route]
    cities = {p.city for p in places if p.city}
    for g in data.gathering:
        for city in g.cities:
            if city not in cities:
                raise GazetteerError(f"{where}: gathering {g.name!r}: city {city!r} is not a "
                                     f"[[place]] city")
    gatherings = [Gathering(g.name, tuple(g.cities), g.day, tuple(g.called))
                  for g in data.gathering]
    return Gazetteer(countries, people, places, routes, data.relevance.terms,
                     data.relevance.sports, gatherings)


@cache
def _shipped() -> _File:
    return _read(DATA, _Shipped)


@cache
def _load(user: Path | None, mtime: float | None) -> Gazetteer:
    if user is None:
        return _build(_shipped(), str(DATA))
    return _build(_merged(_shipped(), _read(user)), str(user))


def load(user: str | Path | None = None) -> Gazetteer:
    """The shipped gazetteer, with the user's file (`[extract] gazetteer`) merged over it.

    Raises `GazetteerError` (one line) when a file cannot be used. Loaded once per file
    version: changing the user's file is picked up at the next load."""
    if user is None:
        return _load(None, None)
    path = Path(user).resolve()
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read: {exc.strerror or exc}") from None
    _last_good[path] = gaz = _load(path, mtime)
    return gaz


_last_good: dict[Path, Gazetteer] = {}
_reported: dict[Path, str] = {}  # the fault last logged for a file, until it loads again


def current(user: str | Path | None = None) -> Gazetteer:
    """As `load`, for a process that runs on: a file that has become unusable (an editor
    saving half a change) leaves the last good version in use, with one warning until the
    file loads again. Only a file never loaded good raises."""
    path = Path(user).resolve() if user is not None else None
    try:
        gaz = load(path)
    except GazetteerError as exc:
        good = _last_good.get(path) if path is not None else None
        if good is None:
            raise
        if _reported.get(path) != str(exc):
            _reported[path] = str(exc)
            log.warning("%s; the last good version stays in use", exc)
        return good
    _reported.pop(path, None)
    return gaz
