"""Route status (the Lachin corridor, the Aghdam road ...) read from sentences.

A status cue ("closed", "set up a checkpoint", "reopened", "blockade", "allowed the Red
Cross to resume evacuations") is tied to the nearest named route in the sentence.
Demands and conditions are not facts: "urged Azerbaijan to reopen", "calling for the
reopening", "the importance of reopening" say nothing about the road's state.
Descriptions ("subject to a blockade for months") are kept as weaker `state` facts:
they may establish a route's status but never overturn a reported event.
"""

from __future__ import annotations

import re
from datetime import date

from ..facts import RouteFact, When
from .dates import find_dates
from .gazetteer import Found, Gazetteer
from .lexicon import DEMAND, ROUTE_ANAPHORA, ROUTE_CUES, STATE_FORM
from .meetings import Reading

QUOTED = re.compile(r"^\s*[“\"‘']")


def read_routes(sentences: list[str], published: date, gaz: Gazetteer,
                trace: list | None = None) -> list[RouteFact]:
    """Route facts of an article, in reading order; `trace` receives a `Reading` for every
    cue looked at."""
    def note(sentence: str, cue: str, verdict: str, reason: str,
             fact: RouteFact | None = None) -> None:
        if trace is not None:
            data = {**fact.to_json(), "strength": fact.strength} if fact else None
            trace.append(Reading(sentence, cue, verdict, reason, data))

    out: list[RouteFact] = []
    last_route: Found | None = None
    for sentence in sentences:
        if QUOTED.match(sentence):
            if gaz.find_routes(sentence):
                note(sentence, "", "dropped", "a quotation: a claim, not a report")
            continue  # a quotation is a claim, not a report of the road's state
        mentions = gaz.find_routes(sentence)
        if not mentions and last_route is not None:
            mentions = [Found(last_route.ref, m.start(), m.end(), m.group(0))
                        for m in ROUTE_ANAPHORA.finditer(sentence)]
        if not mentions:
            continue
        last_route = mentions[-1]
        dates = [d for d in find_dates(sentence, published) if d.role != "until"]
        seen: set[tuple[str, str]] = set()
        for status, fam in ROUTE_CUES:
            for cue in fam.finditer(sentence):
                route = _nearest(mentions, cue.start(), cue.end())
                if route is None:
                    continue
                if not route.ref.tracked:
                    note(sentence, cue.group(0), "dropped", f"{route.ref.name} is not tracked")
                    continue
                window = sentence[max(0, cue.start() - 60):cue.start()]
                window = re.split(r"[,;:]|\b(?:and|but|while|after|when|as)\b", window)[-1]
                if DEMAND.search(window):
                    note(sentence, cue.group(0), "dropped", "a demand or condition, not a fact")
                    continue
                if (route.ref.name, status) in seen:
                    continue
                if status == "checkpoint" and not _near(route, cue, 80):
                    continue
                seen.add((route.ref.name, status))
                near = sentence[max(0, cue.start() - 40):cue.end() + 10]
                form = "state" if STATE_FORM.search(near) else "event"
                since = _since(sentence, dates, cue.start())
                fact = RouteFact(route.ref.name, status, since, sentence.strip(), form)
                note(sentence, cue.group(0), "kept",
                     f"{status} ({fam.name})" + ("; a description" if form == "state" else ""),
                     fact)
                out.append(fact)
    return out


def _nearest(mentions: list[Found], start: int, end: int) -> Found | None:
    best = None
    for m in mentions:
        distance = start - m.end if m.end <= start else (m.start - end if m.start >= end else 0)
        if distance > 120:
            continue
        if best is None or distance < best[0]:
            best = (distance, m)
    return best[1] if best else None


def _near(route: Found, cue: re.Match, limit: int) -> bool:
    return abs(route.start - cue.end()) <= limit or abs(cue.start() - route.end) <= limit


def _since(sentence: str, dates: list, pos: int) -> When | None:
    """The date nearest the cue within its clause: no comma, colon or quote between."""
    best = None
    for d in dates:
        lo, hi = sorted((d.start, pos))
        between = sentence[lo:hi] if d.start < pos else sentence[pos:d.start]
        if re.search(r"[,;:“”\"]", between) or abs(d.start - pos) > 100:
            continue
        if best is None or abs(d.start - pos) < abs(best.start - pos):
            best = d
    return best.when if best else None
