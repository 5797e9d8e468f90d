"""Possible developments: what the rules saw but could not decide, kept for a person.

A sentence that names both sides (their people, their countries, or "the two sides",
"Baku and Yerevan") with a meeting word, or with a route word and something done to it,
may tell a development. When no rule read a fact from it, or a rule dropped its
candidate for a reason that settles nothing ("no status cue", "one side only"), it is a
*possible development*: its sentence, what was read there and why it was not decided. It
is never alerted by default; the digest, `watcher review` and `/review` show it, and it
is where the next rule is found.

A sentence a rule decided is not one: a fact was kept from it (news or history), or its
candidate was dropped for a reason that is a decision (a phone call, a denial, a
quotation, a gathering of many countries, a route that is not tracked ...).

Pure: the article's sentences and the extraction trace in, `Possible`s out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .dates import DateMention, find_dates
from .gazetteer import PARTIES, Gazetteer
from .lexicon import (
    BOTH_SIDES,
    CANCELLED,
    MULTILATERAL,
    POSTPONED,
    PROPOSED,
    ROUTE_ACTION,
    ROUTE_WORD,
    SIDE_AS_PLACE,
    TOPIC_PAIR,
    TRIGGER,
)
from .meetings import Reading
from .participants import SIDE_OF_WORD

# Reasons a rule gives for a dropped candidate that are decisions, not doubts: a
# sentence dropped only for these is no possible development.
DECIDED = (
    "a phone or video call",
    "a report that was denied",
    "a question, not a report",
    "a question put to a speaker, not a fact",
    "a third party meeting each side apart",
    "civil society, not the governments",
    "a gathering of many countries",
    "after a meeting still to come",
    "no meeting in view (no plans, unlikely)",
    "a quotation: a claim, not a report",
    "a demand, condition or wish, not a fact",
    "a preparation for a meeting told elsewhere",
)
_NOT_TRACKED = re.compile(r" is not tracked$")
_SIDE_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in SIDE_OF_WORD) + r")\b",
                        re.IGNORECASE)
MAX_EVIDENCE = 1500
HISTORY_DAYS = 30
_FORUM = re.compile(r"\b(?:platform|dialogue|format|visits?|venue)\b", re.IGNORECASE)
_PROCESS = re.compile(r"negotiations?|discussions?|consultations|received|host\w*|sessions?",
                      re.IGNORECASE)


@dataclass
class Possible:
    """A sentence that may tell a development no rule decided."""

    kind: str  # "meeting" or "route"
    evidence: str
    reason: str
    read: list[dict] = field(default_factory=list)  # what rules read there: clause, reason

    def to_json(self) -> dict:
        return {"kind": self.kind, "evidence": self.evidence, "reason": self.reason,
                "read": self.read}


def _blank(text: str, spans) -> str:
    for m in spans:
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return text


def _actors(sentence: str, gaz: Gazetteer) -> tuple[set[str], bool]:
    """The sides a sentence names as actors by their people or country words (not as a
    topic, "Armenia-Azerbaijan relations", nor as a place, "Armenian territory"), and
    whether it names both at once ("the two sides")."""
    named = {f.ref.side for f in gaz.find_people(sentence) if f.ref.side}
    actors = _blank(sentence, [*TOPIC_PAIR.finditer(sentence), *SIDE_AS_PLACE.finditer(sentence)])
    named |= {SIDE_OF_WORD[m.group(1).lower()] for m in _SIDE_WORD.finditer(actors)}
    return named, bool(BOTH_SIDES.search(actors))


def _many_countries(sentence: str, gaz: Gazetteer) -> bool:
    """A gathering of many: two or more third countries named beside the sides."""
    if MULTILATERAL.search(sentence):
        return True
    others = {f.ref.code for f in gaz.find_countries(sentence) if f.ref.code not in PARTIES}
    others |= {f.ref.country for f in gaz.find_people(sentence) if not f.ref.side}
    return len(others) >= 3


def _anchored(sentence: str, gaz: Gazetteer, dates: list[DateMention]) -> bool:
    """A sentence tied to one event: it names a city, a day or month, or a route by name.
    Without any, "the sides continue talks" speaks of the process, not of a development."""
    return bool(dates or any(f.ref.city for f in gaz.find_places(sentence))
                or any(f.ref.tracked for f in gaz.find_routes(sentence)))


def cue_of(sentence: str, gaz: Gazetteer) -> str | None:
    """'meeting' or 'route' when the sentence speaks of one, else None. A meeting word is
    one of an event (met, a meeting, talks, a summit, called off), not of the process
    ("negotiations", "discussions" alone)."""
    triggers = [m.group(0) for m in TRIGGER.finditer(sentence)]
    events = [t for t in triggers if not _PROCESS.fullmatch(t)]
    # a proposal is a meeting's or a route's: with a word of either ("ready to sign the
    # treaty", "proposed to sign an initial agreement" are neither)
    proposal = bool(PROPOSED.search(sentence)) and bool(
        triggers or _FORUM.search(sentence) or ROUTE_WORD.search(sentence))
    if events or CANCELLED.search(sentence) or POSTPONED.search(sentence) or proposal:
        return None if _many_countries(sentence, gaz) else "meeting"
    if ROUTE_ACTION.search(sentence) and (ROUTE_WORD.search(sentence)
                                          or any(f.ref.tracked
                                                 for f in gaz.find_routes(sentence))):
        return "route"
    return None


def _decided(readings: list[Reading]) -> bool:
    if any(r.verdict == "kept" for r in readings):
        return True
    return bool(readings) and all(r.reason in DECIDED or _NOT_TRACKED.search(r.reason)
                                  for r in readings)


def _history(dates: list[DateMention], published: date) -> bool:
    """A sentence whose every date lies weeks before publication tells history ("In 2021,
    Aliyev threatened ...", "the 2022 Prague summit")."""
    found = [d for d in dates if d.role == "point"]
    return bool(found) and all(d.when.end < published - timedelta(days=HISTORY_DAYS)
                               for d in found)


def _third_party_with_one_side(readings: list[Reading], sentence: str, gaz: Gazetteer) -> bool:
    """A third party's person (Putin, Blinken, Erdogan) with the people of one side only:
    a mediator's meeting with that side, the other side told as topic ("During a meeting
    with Aliyev in Baku, Putin affirmed Russia's will to help Armenia and Azerbaijan"); or
    a candidate dropped as one side's only beside a third party's person."""
    people = gaz.find_people(sentence)
    if not any(not f.ref.side for f in people):
        return False
    if len({f.ref.side for f in people if f.ref.side}) == 1:
        return True
    return bool(readings) and all(r.reason in (*DECIDED, "one side only") for r in readings)


def _other_pair(sentence: str, named: set[str], gaz: Gazetteer) -> bool:
    """Both sides told only as "the two countries", "both sides" (`named`: the sides the
    sentence names otherwise), in a sentence naming a third country ("Türkiye's ministry
    said its diplomat and Armenia's deputy speaker met on the border of the two
    countries"): that pair, not ours."""
    return len(named) < 2 and any(f.ref.code not in PARTIES
                                  for f in gaz.find_countries(sentence))


def possible_developments(sentences: list[str], trace: list[Reading],
                          gaz: Gazetteer, published: date) -> list[Possible]:
    """The possible developments of one article, in reading order, one per sentence. The
    cheap tests (decided, a cue, both sides) come first: most sentences stop there."""
    by_sentence: dict[str, list[Reading]] = {}
    for r in trace:
        by_sentence.setdefault(r.sentence.strip(), []).append(r)
    out: list[Possible] = []
    seen: set[str] = set()
    for sentence in sentences:
        text = sentence.strip()
        if not text or text in seen:
            continue
        seen.add(text)
        readings = by_sentence.get(text, [])
        if _decided(readings):
            continue
        kind = cue_of(text, gaz)
        if kind is None:
            continue
        named, both = _actors(text, gaz)
        if not (both or named == set(PARTIES)) or \
                _third_party_with_one_side(readings, text, gaz) or \
                (both and _other_pair(text, named, gaz)):
            continue
        dates = find_dates(text, published)
        if _history(dates, published):
            continue
        if not readings and not _anchored(text, gaz, dates):
            continue  # no rule saw anything there, and nothing ties it to one event
        doubts = [r for r in readings if r.reason not in DECIDED]
        reason = "; ".join(dict.fromkeys(r.reason for r in doubts)) or "no rule read a fact"
        read = [{"clause": r.clause.strip(), "reason": r.reason} for r in readings]
        out.append(Possible(kind, text[:MAX_EVIDENCE], reason, read))
    return out
