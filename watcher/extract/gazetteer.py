"""Names the extractor knows, loaded from `gazetteer.toml`, and how to find them in text.

Exact aliases are matched first (one compiled alternation per kind, longest first);
misspellings are caught afterwards with rapidfuzz on the words left over, at a
threshold that keeps different people apart (a known distractor such as "George
Schultz" matches itself exactly and is never bent into "Olaf Scholz").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

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


EXISTING_ROAD = ("open", "closed", "blockaded", "checkpoint", "humanitarian_only", "reopened")


@dataclass(frozen=True)
class Route:
    name: str
    tracked: bool
    names: tuple[str, ...]
    nouns: tuple[str, ...]
    phrases: tuple[str, ...]
    statuses: tuple[str, ...] = EXISTING_ROAD


@dataclass(frozen=True)
class Found:
    """A name found in a text: what it refers to and where."""

    ref: object
    start: int
    end: int
    text: str


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _alternation(aliases: list[str]) -> str:
    ordered = sorted(set(aliases), key=len, reverse=True)
    return "|".join(re.escape(a) for a in ordered)


@dataclass(eq=False)  # compared and hashed by identity: one per process, cached by load()
class Gazetteer:
    countries: dict[str, Country]
    people: list[Person]
    places: list[Place]
    routes: list[Route]
    relevance_terms: list[str]
    sports_terms: list[str]
    _person_by_alias: dict[str, Person] = field(default_factory=dict)
    _place_by_alias: dict[str, Place] = field(default_factory=dict)
    _country_by_word: dict[str, Country] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p in self.people:
            for alias in (p.name, *p.aliases):
                self._person_by_alias.setdefault(alias.lower(), p)
                if alias.endswith("'s"):
                    continue
                self._person_by_alias.setdefault(alias.lower() + "'s", p)
        for pl in self.places:
            for alias in pl.aliases:
                self._place_by_alias.setdefault(alias.lower(), pl)
        for c in self.countries.values():
            for word in (*c.aliases, *c.adjectives):
                self._country_by_word.setdefault(word.lower(), c)
        # Case-sensitive (names are capitalised in news), which is also much faster.
        people_words = [a for p in self.people for a in (p.name, *p.aliases)]
        people_words += [a + "'s" for a in people_words if not a.endswith("'s")]
        self._people_re = re.compile(
            r"(?<![\w-])(?:" + _alternation(people_words) + r")(?![\w-])")
        # Places and countries are matched case-sensitively ("US" is not "us").
        place_words = [a for pl in self.places for a in pl.aliases]
        self._place_re = re.compile(r"(?<![\w-])(?:" + _alternation(place_words) + r")(?![\w-])")
        country_words = [w for c in self.countries.values() for w in (*c.aliases, *c.adjectives)]
        self._country_re = re.compile(
            r"(?<![\w-])(?:" + _alternation(country_words) + r")(?![\w])"
        )
        # Fuzzy candidates: surnames (last word of the canonical name) of every person.
        self._surnames: dict[str, list[Person]] = {}
        for p in self.people:
            self._surnames.setdefault(p.name.split()[-1].lower(), []).append(p)
        self._known_words = set(self._person_by_alias) | {
            w.lower() for p in self.people for w in p.name.split()
        }
        self._route_res = [(r, self._route_regex(r)) for r in self.routes]

    @staticmethod
    def _route_regex(route: Route) -> re.Pattern:
        parts = []
        if route.names and route.nouns:
            names = _alternation(list(route.names))
            nouns = _alternation(list(route.nouns))
            parts.append(rf"(?<![\w-])(?:{names})(?:[\s-]+(?:{nouns}))+(?![\w-])")
        parts += [f"(?:{p})" for p in route.phrases]
        return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)

    # -- lookups --------------------------------------------------------------
    def person(self, name: str) -> Person | None:
        return self._person_by_alias.get(name.lower())

    def holder(self, country: str, office: str, day: date) -> Person | None:
        """Who held `office` in `country` on `day` (the latest to take it up)."""
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
        found = [Found(self._person_by_alias[m.group(0).lower()], m.start(), m.end(), m.group(0))
                 for m in self._people_re.finditer(text)]
        taken = [(f.start, f.end) for f in found]
        for m in _CAP_WORD.finditer(text):
            word = m.group(0).removesuffix("'s")
            if len(word) < 5 or any(s <= m.start() < e for s, e in taken):
                continue
            if word.lower() in self._known_words or self.country_of_word(word):
                continue
            hit = process.extractOne(word.lower(), self._surnames.keys(), scorer=fuzz.ratio,
                                     score_cutoff=FUZZY_SURNAME)
            if not hit:
                continue
            fits = [p for p in self._surnames[hit[0]]
                    if self._first_name_fits(text, m.start(), p)]
            if len(fits) != 1:
                continue  # no first name fits, or several people share the surname
            found.append(Found(fits[0], m.start(), m.end(), m.group(0)))
        return sorted(found, key=lambda f: f.start)

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
        return [Found(self._place_by_alias[m.group(0).lower()], m.start(), m.end(), m.group(0))
                for m in self._place_re.finditer(text)]

    def find_countries(self, text: str) -> list[Found]:
        return [Found(self._country_by_word[m.group(0).lower()], m.start(), m.end(), m.group(0))
                for m in self._country_re.finditer(text)]

    def find_routes(self, text: str) -> list[Found]:
        found = []
        for route, rx in self._route_res:
            found += [Found(route, m.start(), m.end(), m.group(0)) for m in rx.finditer(text)]
        found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        out: list[Found] = []
        for f in found:  # drop matches nested inside an earlier, longer one
            if out and f.start < out[-1].end:
                continue
            out.append(f)
        return out + self._fuzzy_routes(text, out)

    def _fuzzy_routes(self, text: str, known: list[Found]) -> list[Found]:
        """'Lachyn corridor', 'Latchin road': a misspelt name right before a route noun."""
        out = []
        for m in re.finditer(r"\b([A-Z][\w-]{3,})\s+(corridor|road|highway|checkpoint)\b", text,
                             re.IGNORECASE):
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


@cache
def load() -> Gazetteer:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    countries = {
        c["code"]: Country(c["code"], c["name"], c.get("party", False), c["leader_office"],
                           tuple(c["aliases"]), tuple(c["adjectives"]), c["capital"])
        for c in data["country"]
    }
    people = [
        Person(p["name"], p["country"], tuple(p.get("aliases", [])),
               tuple(Office(o["office"], _date(o["from"]), _date(o["to"]))
                     for o in p.get("offices", [])))
        for p in data["person"]
    ]
    places = [Place(p.get("city"), p["country"], tuple(p["aliases"]), p.get("landmark", False))
              for p in data["place"]]
    routes = [Route(r["name"], r["tracked"], tuple(r["names"]), tuple(r["nouns"]),
                    tuple(r["phrases"]), tuple(r.get("statuses", EXISTING_ROAD)))
              for r in data["route"]]
    rel = data.get("relevance", {})
    return Gazetteer(countries, people, places, routes, rel.get("terms", []),
                     rel.get("sports", []))
