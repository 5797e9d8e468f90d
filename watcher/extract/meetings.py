"""Meetings between the Armenian and Azerbaijani sides, read from sentences.

Each sentence is cut into segments ("a meeting in Brussels | and another in Spain")
and clauses (at ", which", "since", "after", ";" ...). A clause with a meeting
trigger (met, talks, summit, host ...) gives at most one mention; what the mention
needs is looked for nearest first:

* status from the trigger's clause: cancel > postpone > proposal > plan > future >
  held, so "will be the first time they have met" is future and "offered to host"
  is a proposal; a plan with a day ("plans to meet on June 1") is scheduled;
* date from the clause (or a bare adverbial such as "In early May"), resolved with
  the clause's tense; dates tied to speech ("on Saturday offered") are not the meeting's;
* participants: names and role phrases in the clause, then the sentence; "the two
  parties" or "the talks" with nobody named take the article's last meeting;
* both sides are required: Aliyev meeting Putin, or a mediator meeting one leader,
  is not an Armenia-Azerbaijan meeting. Phone calls and separate bilateral talks
  are not meetings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from ..facts import LEVEL_RANK, Meeting, Venue, When
from .dates import DateMention, find_dates
from .gazetteer import PARTIES, Gazetteer, Person
from .lexicon import (
    BACKGROUND,
    CANCELLED,
    FRESH,
    FUTURE,
    HELD,
    MEDIATION,
    MOVED,
    MOVED_TO,
    NEGATION,
    PHONE,
    PLANNED,
    POSTPONED,
    PROPOSED,
    SEPARATE,
    SPEECH_AFTER,
    SPEECH_BEFORE,
    TRIGGER,
)

# Clause boundaries: punctuation, subordinators, and commas followed by a lower-case word.
_BOUNDARY = re.compile(
    r"\s*[;:()—–]\s*|,\s+(?=[a-z“\"‘'])|\s+(?=\b(?:since|after|following|before|while|"
    r"whereas|but|although|though|amid|which|who|whom|according\s+to|as\s+well\s+as)\b)"
)
_SEGMENT = re.compile(
    r",?\s+(?:and|while|with|as\s+well\s+as|followed\s+by)\s+"
    r"(?=(?:another|a\s+second|a\s+further|one\s+more|a\s+third|a\s+separate\s+one)\b)",
    re.IGNORECASE,
)
_DEF_TRIGGER = re.compile(r"\b(?:the|these|those|this|that|their|such)\s+(?:\w+\s+){0,3}?"
                          r"(?:talks|meeting|summit|negotiations|discussions?|consultations)\b",
                          re.IGNORECASE)

# Role phrases.
_ROLE_WORDS = (r"(president|prime\s+minister|premier|foreign\s+ministers?|top\s+diplomat|"
               r"leader|chancellor|secretary\s+of\s+state)")
_ROLE_OFFICE = {"president": "president", "prime minister": "prime_minister",
                "premier": "prime_minister", "foreign minister": "foreign_minister",
                "foreign ministers": "foreign_minister", "top diplomat": "foreign_minister",
                "secretary of state": "foreign_minister", "chancellor": "chancellor"}
_SIDE_WORD = r"(?:Armenia|Azerbaijan|Armenian|Azerbaijani|Baku|Yerevan)"
LEADERS_PAIR = re.compile(
    rf"\bleaders\s+of\s+(?:both\s+)?(?:{_SIDE_WORD}\s+and\s+{_SIDE_WORD}|the\s+two\s+"
    r"(?:countries|nations|neighbou?rs|states|republics))\b|"
    rf"\b{_SIDE_WORD}(?:\s+and\s+|\s*,\s*|[–-]){_SIDE_WORD}\s+leaders\b|"
    r"\b(?:the\s+)?(?:two|three|four|both)\s+leaders\b",
)
FMS_PAIR = re.compile(
    r"\b(?:the\s+)?foreign\s+ministers?\s+of\s+((?:[A-Z][a-z]+,?\s+)*?)(?:Armenia|Azerbaijan),?\s+and\s+"
    r"(?:Armenia|Azerbaijan)\b|"
    r"\b(?:the\s+)?(?:two|both)\s+(?:countries|nations|sides)['’]?\s+(?:foreign\s+ministers|"
    r"top\s+diplomats|diplomats)\b|"
    rf"\b(?:top\s+)?{_SIDE_WORD}\s+and\s+{_SIDE_WORD}\s+(?:foreign\s+ministers|top\s+diplomats|"
    r"diplomats)\b|\b(?:the\s+)?(?:two|both)\s+(?:foreign\s+)?ministers\b|"
    r"\bthe\s+foreign\s+ministers\b",
)
OFFICIALS_PAIR = re.compile(
    rf"\b{_SIDE_WORD}\s+and\s+{_SIDE_WORD}\s+(?:delegations|officials|negotiators|envoys|"
    r"representatives|deputy\s+prime\s+ministers|border\s+commissions)\b|"
    r"\bdelegations\s+(?:of|from)\s+(?:Armenia\s+and\s+Azerbaijan|Azerbaijan\s+and\s+Armenia)\b",
)
COUNTRY_PAIR = re.compile(rf"\b({_SIDE_WORD})(?:\s+and\s+|\s*,\s*|[–-]|\s+with\s+)"
                          rf"({_SIDE_WORD})\b")
# "Azerbaijan refused to attend talks with Armenia": a party, then "with" the other party.
COUNTRY_WITH = re.compile(rf"\b({_SIDE_WORD})\b[^.;]{{0,80}}?\bwith\s+(?:the\s+)?"
                          rf"({_SIDE_WORD})\b")
COUNTERPART = re.compile(rf"\b(?:his|her|their)?\s*({_SIDE_WORD})\s+counterparts?\b",
                         re.IGNORECASE)
CONTEXT_PAIR = re.compile(
    r"\b(?:the\s+)?(?:two|both)\s+(?:parties|sides|countries|nations|neighbou?rs|states|"
    r"republics|rivals|foes|adversaries|archenemies|arch-enemies)\b|\bthe\s+sides\b|"
    r"^(?:They|The\s+pair)\b",
    re.IGNORECASE,
)
_SIDE_OF_WORD = {"armenia": "AM", "armenian": "AM", "yerevan": "AM", "azerbaijan": "AZ",
                 "azerbaijani": "AZ", "baku": "AZ"}


@dataclass
class Context:
    """What earlier sentences of the same article established."""

    last: Meeting | None = None
    leaders_named: list[Person] = field(default_factory=list)


@dataclass
class _Who:
    participants: dict[str, Person] = field(default_factory=dict)
    mediators: dict[str, Person] = field(default_factory=dict)
    level: str | None = None
    sides: set[str] = field(default_factory=set)
    vague: bool = False  # sides known from country names only

    def add(self, person: Person, day: date, gaz: Gazetteer) -> None:
        if person.side:
            self.participants[person.name] = person
            self.sides.add(person.side)
        elif person.offices_on(day):
            self.mediators[person.name] = person


def _level_of(people: list[Person], day: date, gaz: Gazetteer) -> str | None:
    """The meeting's level: each side's top rank, then the weaker of the two sides."""
    ranks: dict[str, int] = {}
    for p in people:
        offices = p.offices_on(day)
        country = gaz.countries[p.country]
        if country.leader_office in offices:
            rank = LEVEL_RANK["leaders"]
        elif "foreign_minister" in offices:
            rank = LEVEL_RANK["foreign_ministers"]
        else:
            rank = LEVEL_RANK["officials"]
        ranks[p.side] = min(ranks.get(p.side, 9), rank)
    if not ranks:
        return None
    worst = max(ranks.values())
    return next(k for k, v in LEVEL_RANK.items() if v == worst)


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _BOUNDARY.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = max(pos, m.end())
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _segments(sentence: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _SEGMENT.finditer(sentence):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(sentence)))
    return spans


def _status(clause: str, has_day: bool) -> str | None:
    """The strongest status cue in a clause (see the module docstring for the order)."""
    if CANCELLED.search(clause):
        return "cancelled"
    if POSTPONED.search(clause):
        return "postponed"
    if PROPOSED.search(clause):
        return "proposed"
    if PLANNED.search(clause):
        return "scheduled" if has_day else "proposed"
    if FUTURE.search(clause) or MOVED_TO.search(clause):
        return "scheduled"
    for m in HELD.finditer(clause):
        if not NEGATION.search(clause[: m.start()]):
            return "held"
    return None


@cache
def _role_regex(gaz: Gazetteer) -> re.Pattern:
    """'Azerbaijan's president', 'US Secretary of State', 'European Council President'."""
    words = {a for c in gaz.countries.values() for a in (*c.adjectives, c.name)}
    words.add("European Council")
    alt = "|".join(re.escape(a) for a in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![Ff]ormer\s)\b(?P<adj>{alt})\s+{_ROLE_WORDS}\b", re.IGNORECASE)


class MeetingReader:
    """Reads meeting mentions from the sentences of one article."""

    def __init__(self, gaz: Gazetteer, published: date):
        self.gaz = gaz
        self.day = published
        self.ctx = Context()
        self._who_cache: dict[str, _Who] = {}

    # -- participants ---------------------------------------------------------
    def _roles(self, text: str, who: _Who) -> None:
        gaz, day = self.gaz, self.day
        rx = _role_regex(gaz)
        for m in rx.finditer(text):
            if re.search(r"\b(former|late|ex-)\s*$", text[: m.start()], re.IGNORECASE):
                continue
            adj = m.group("adj")
            country = gaz.country_of_word(adj) or (
                gaz.countries["EU"] if adj.lower() == "european council" else None)
            if country is None:
                continue
            role = " ".join(m.group(2).lower().split())
            if role.endswith("ministers") and country.party:
                continue  # "Armenian foreign ministers": plural, names follow
            if role == "leader":
                office = country.leader_office
            elif role == "president" and country.code == "EU":
                office = "eu_council_president"
            else:
                office = _ROLE_OFFICE.get(role, role)
            person = gaz.holder(country.code, office, day)
            if person:
                who.add(person, day, gaz)
        for m in re.finditer(r"\b" + _ROLE_WORDS + r"\s+of\s+(" + _SIDE_WORD + r")\b", text,
                             re.IGNORECASE):
            if m.group(1).lower().endswith("ministers") or m.group(1).lower() == "leaders":
                continue
            side = _SIDE_OF_WORD[m.group(2).lower()]
            role = " ".join(m.group(1).lower().split())
            office = (gaz.countries[side].leader_office if role == "leader"
                      else _ROLE_OFFICE.get(role, role))
            person = gaz.holder(side, office, day)
            if person:
                who.add(person, day, gaz)

    def _pairs(self, text: str, who: _Who) -> None:
        gaz, day = self.gaz, self.day
        if LEADERS_PAIR.search(text):
            for p in self._two_leaders(text):
                who.add(p, day, gaz)
            who.level = who.level or "leaders"
        if m := FMS_PAIR.search(text):
            for side in PARTIES:
                if p := gaz.holder(side, "foreign_minister", day):
                    who.add(p, day, gaz)
            third = m.group(1) or ""
            for word in re.findall(r"[A-Z][a-z]+", third):
                c = gaz.country_of_word(word)
                if c and not c.party and (p := gaz.holder(c.code, "foreign_minister", day)):
                    who.mediators[p.name] = p
            who.level = who.level or "foreign_ministers"
        if OFFICIALS_PAIR.search(text):
            who.sides.update(PARTIES)
            who.level = who.level or "officials"
        for m in [*COUNTRY_PAIR.finditer(text), *COUNTRY_WITH.finditer(text)]:
            a, b = (_SIDE_OF_WORD[m.group(i).lower()] for i in (1, 2))
            if a != b:
                who.sides.update(PARTIES)
                who.vague = who.vague or not who.participants
        # "Mirzoyan met his Azerbaijani counterpart": the same office on the other side.
        for m in COUNTERPART.finditer(text):
            side = _SIDE_OF_WORD[m.group(1).lower()]
            for other in list(who.participants.values()):
                if other.side == side:
                    continue
                for office in other.offices_on(day):
                    if p := gaz.holder(side, office, day):
                        who.add(p, day, gaz)

    def _two_leaders(self, text: str) -> list[Person]:
        """'The two leaders': the last two leaders named, or the parties' leaders."""
        if re.search(r"\b(?:two|three|four|both)\s+leaders\b", text) and \
                not re.search(_SIDE_WORD, text):
            named = list(dict.fromkeys(self.ctx.leaders_named))[-2:]
            if len(named) == 2 and {p.side for p in named} != set(PARTIES):
                return named
        return [p for side in PARTIES if (p := self.gaz.leader(side, self.day))]

    def _who(self, text: str) -> _Who:
        if (cached := self._who_cache.get(text)) is not None:
            return cached
        who = self._read_who(text)
        self._who_cache[text] = who
        return who

    def _read_who(self, text: str) -> _Who:
        who = _Who()
        for f in self.gaz.find_people(text):
            person = f.ref
            before = text[max(0, f.start - 12): f.start]
            if re.search(r"\b(former|late|ex-)\s*$", before, re.IGNORECASE):
                continue
            who.add(person, self.day, self.gaz)
        self._roles(text, who)
        self._pairs(text, who)
        return who

    # -- the rest of a mention ------------------------------------------------
    def _venue(self, text: str, trigger_at: int) -> Venue:
        best: tuple[int, Venue] | None = None
        for f in self.gaz.find_places(text):
            before, after = text[: f.start], text[f.end:]
            if re.match(r"\s*['’]s\b", after):
                continue
            ok = (re.search(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?"
                            r"(?:[A-Z][\w.-]*,?\s+){0,3}$", before)
                  or re.match(r"\s+(?:(?:on|in)\s+\w+\s+)?(?:\w+\s+){0,2}?(?:will\s+|to\s+|"
                              r"offered\s+to\s+)?host(?:s|ed|ing)?\b", after)
                  or re.match(r"[\s-]+(?:meeting|talks|summit|negotiations|round)\b", after))
            if not ok:
                continue
            place = f.ref
            venue = Venue(place.city, place.country)
            distance = abs(f.start - trigger_at)
            if best is None or (venue.city and not best[1].city and
                                best[1].country == venue.country) or distance < best[0] and \
                    not (best[1].city and best[1].country == venue.country):
                best = (distance, venue)
        return best[1] if best else Venue()

    def _date(self, clause: str, offset: int, sentence: str, dates: list[DateMention],
              clauses: list[tuple[int, int]], trigger_clauses: set[int],
              status: str | None) -> When | None:
        start, end = offset, offset + len(clause)
        own = [d for d in dates if start <= d.start < end and d.role != "until"
               and not self._speech_date(sentence, d)]
        if status == "proposed":
            trig = TRIGGER.search(clause)
            cut = offset + (trig.start() if trig else 0)
            own = [d for d in own if d.start >= cut] or []
        if not own:
            # A bare adverbial clause ("In early May") lends its date to the sentence.
            for i, (s, e) in enumerate(clauses):
                if i in trigger_clauses or len(sentence[s:e].split()) > 4:
                    continue
                own += [d for d in dates if s <= d.start < e and d.role == "point"]
        if not own:
            return None
        day_first = sorted(own, key=lambda d: (d.when.precision != "day", d.start))
        return day_first[0].when

    @staticmethod
    def _speech_date(sentence: str, d: DateMention) -> bool:
        return bool(SPEECH_AFTER.match(sentence[d.end:])
                    or SPEECH_BEFORE.search(sentence[: d.start]))

    # -- sentences ------------------------------------------------------------
    def read(self, sentence: str, is_title: bool = False) -> list[Meeting]:
        out: list[Meeting] = []
        if not TRIGGER.search(sentence):
            self._note_leaders(sentence)
            return out
        dates = find_dates(sentence, self.day)
        first: Meeting | None = None
        for s_start, s_end in _segments(sentence):
            mentions = self._segment(sentence, sentence[s_start:s_end], s_start, dates, first,
                                     is_title)
            out += mentions
            if mentions and first is None:
                first = mentions[0]
        self._note_leaders(sentence)
        return out

    def _note_leaders(self, sentence: str) -> None:
        for f in self.gaz.find_people(sentence):
            p = f.ref
            if self.gaz.countries[p.country].leader_office in p.offices_on(self.day):
                self.ctx.leaders_named.append(p)

    def _segment(self, sentence: str, segment: str, offset: int, dates: list[DateMention],
                 first: Meeting | None, is_title: bool) -> list[Meeting]:
        clauses = [(offset + s, offset + e) for s, e in _clauses(segment)]
        triggers = [i for i, (s, e) in enumerate(clauses) if TRIGGER.search(sentence[s:e])]
        if first is not None and not triggers:
            triggers = [0]  # "and another in Spain": the determiner is the trigger
        out = []
        for i in triggers:
            s, e = clauses[i]
            clause = sentence[s:e]
            if PHONE.search(clause) or SEPARATE.search(clause):
                continue
            mention = self._mention(sentence, clauses, i, triggers, dates, first, is_title)
            if mention:
                out.append(mention)
        return out

    def _nearest_who(self, sentence: str, clauses: list[tuple[int, int]], i: int) -> _Who:
        """Participants from the trigger's clause, else the nearest clause naming both sides."""
        order = [i, *range(i - 1, -1, -1), *range(i + 1, len(clauses))]
        found = None
        for j in order:
            who = self._who(sentence[clauses[j][0]:clauses[j][1]])
            if len(who.sides) >= 2:
                return who
            found = found or (who if j == i else None)
        return found or _Who()

    def _mention(self, sentence: str, clauses: list[tuple[int, int]], i: int,
                 triggers: list[int], dates: list[DateMention], first: Meeting | None,
                 is_title: bool) -> Meeting | None:
        start, end = clauses[i]
        clause = sentence[start:end]
        trig = TRIGGER.search(clause)
        trig_at = start + (trig.start() if trig else 0)
        has_day = any(d.when.precision in ("day", "week") and start <= d.start < end
                      for d in dates)
        status = _status(clause, has_day)
        # A bare subject ("The talks, which are taking place ...") takes its status from
        # the clauses that follow it, up to the next trigger.
        j = i + 1
        while status is None and j < len(clauses) and j not in triggers:
            status = _status(sentence[clauses[j][0]:clauses[j][1]], has_day)
            j += 1
        if status is None and first is not None:
            status = first.status
        if status is None:
            return None
        who = self._nearest_who(sentence, clauses, i)
        participants = dict(who.participants)
        level = who.level
        sides = set(who.sides)
        context = CONTEXT_PAIR.search(clause) or _DEF_TRIGGER.search(clause)
        inherited = first or (self.ctx.last if context else None)
        if len(sides) < 2 and inherited is not None and inherited.participants:
            participants = {n: p for n in inherited.participants if (p := self.gaz.person(n))}
            sides = {p.side for p in participants.values()}
            level = inherited.level
        elif len(sides) < 2 and CONTEXT_PAIR.search(clause) and self.ctx.last is None:
            sides = set(PARTIES)
        if len(sides) < 2:
            return None
        if participants:
            computed = _level_of(list(participants.values()), self.day, self.gaz)
            if not level or (computed and LEVEL_RANK[computed] > LEVEL_RANK[level]):
                level = computed
        # Mediators: in the trigger's clause, in a short subject clause, or tied to the
        # meeting by a mediation word ("under the auspices of", "hosted by", "with").
        mediators = dict(first_mediators(first, self.gaz))
        for k, (s, e) in enumerate(clauses):
            text = sentence[s:e]
            if k == i or (k == 0 and len(text.split()) <= 6) or (
                    k not in triggers and MEDIATION.search(text)):
                mediators.update(self._who(text).mediators)
        for name in participants:
            mediators.pop(name, None)
        venue = self._venue(clause, trig_at - start)
        if not venue.known():
            for k, (s, e) in enumerate(clauses):
                if k not in triggers and len(sentence[s:e].split()) <= 6:
                    venue = self._venue(sentence[s:e], 0)
                    if venue.known():
                        break
        when = self._date(clause, start, sentence, dates, clauses, set(triggers), status)
        if when is None and status == "held" and not is_title:
            # Undated "have met", "are taking place": news of the last few days.
            when = When(self.day - timedelta(days=6), self.day, "week")
            dated = False
        else:
            dated = when is not None
        background = bool(BACKGROUND.search(clause)) or (dated and self._old(when, status))
        mention = Meeting(
            level=level, participants=tuple(sorted(participants)),
            mediators=tuple(sorted(mediators)), venue=venue, when=when, status=status,
            evidence=sentence.strip(), fresh=bool(FRESH.search(clause)) or first is not None,
            moved=bool(MOVED.search(clause)), background=background, weak=is_title,
        )
        if mention.participants:
            self.ctx.last = mention
        return mention

    def _old(self, when: When | None, status: str) -> bool:
        """A held (or called-off) meeting long before publication is history, not news."""
        if when is None:
            return False
        if status in ("held", "cancelled"):
            return when.end < self.day - timedelta(days=30)
        return when.end < self.day - timedelta(days=2)


def first_mediators(first: Meeting | None, gaz: Gazetteer) -> dict[str, Person]:
    if first is None:
        return {}
    return {n: p for n in first.mediators if (p := gaz.person(n))}


def read_meetings(sentences: list[str], published: date, gaz: Gazetteer) -> list[Meeting]:
    """Every meeting mention in an article; the first sentence is its title."""
    reader = MeetingReader(gaz, published)
    out: list[Meeting] = []
    for i, sentence in enumerate(sentences):
        out += reader.read(sentence, is_title=(i == 0))
    return out
