"""Date expressions in a sentence, resolved against the publication date.

Two stages, as HeidelTime does: find an under-specified expression ("Sunday",
"October", "ten days ago"), then resolve it with the publication date and the tense
of the words around it:

* a bare weekday is the latest one on or before publication, or the next one on or
  after it when the nearby verb is future ("will", "is to", "scheduled for");
  "last X" is strictly before, "next X" strictly after;
* a month without a year takes the publication year; a future sentence naming an
  earlier month means next year, a past sentence naming a later month last year;
* with no cue at all, news speaks of the past.

Resolution needs a publication date to trust: when the feed gave none (the fetch time
stands in), only written dates count ("14 May 2023", "in 2024"); "Saturday", "last
week" and "June 1" (whose year is the publication's) give no date.

Precision is kept: "in October" stays a month (`YYYY-MM`), "last week" a week.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..facts import When
from .lexicon import SAID
from .prefilter import Folded, alternatives, bit, hits, holds, needs, requirements

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "a few": 3, "several": 3, "a couple of": 2,
}

# The names, one place for every pattern that spells them (here and in meetings.py).
MONTH_NAMES = r"January|February|March|April|May|June|July|August|September|October|November|" \
    r"December"
WEEKDAY_NAMES = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTH = rf"({MONTH_NAMES}|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|" \
         r"Nov\.?|Dec\.?)"
_WEEKDAY = rf"({WEEKDAY_NAMES})"
_NUM = r"(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" \
       r"fifteen|twenty|thirty|a few|several|a couple of)"

FUTURE_CUES = re.compile(
    # ("had cancelled a scheduled trilateral on Nov. 20": an attribute, no future)
    r"\b(will|shall|won't|is to|are to|is due|are due|due to|(?<!\ba\s)(?<!\ban\s)scheduled|"
    r"slated|set to|set for|"
    r"expected to|(?:is|are)\s+expected|plans?|planned|planning|upcoming|intend(?:s|ed)?\s+to|"
    r"(?:is|are)\s+meeting|(?:reached|agreed)\s+on\s+(?:holding|organi[sz]ing)|"
    r"to be held|"
    r"to take place|to meet|to hold|next|going to|would|ready to|offered to|propose[sd]?|"
    r"hopes? to|aims? to|could|may|might|to host|to organi[sz]e|"
    r"(?:moved|rescheduled|shifted|postponed|brought\s+forward)\s+(?:to|for|until))\b|'ll\b",
    re.IGNORECASE,
)
PAST_CUES = re.compile(
    r"\b(met|held|hosted|took place|was|were|had|did|said|announced|agreed|signed|ago|last|"
    r"earlier|previously|since|ended|concluded|closed|reopened|set up|established|killed|"
    r"wounded|accused|allowed|mediated|participated|visited|came|led|sponsored|"
    r"declined|refused|rejected|cancell?ed|called\s+off|withdrew|boycotted|skipped|snubbed|"
    r"pulled\s+out|began|started|resumed|arrived)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    when: When
    start: int
    end: int
    role: str  # "point", "until" (an end: "until Thursday") or "since" (a start)
    text: str


# "had been scheduled for", "was due on": a plan told in the past, so its date is past.
PAST_PLAN = re.compile(r"\b(?:had\s+been|was|were)\s+(?:\w+\s+)?(?:scheduled|set|due|planned|"
                       r"expected|supposed|slated|meant)\b", re.IGNORECASE)


# Speech verbs date the statement, not what it reports: '"... will be held," he said, in
# Geneva on October 13' is future. They are a tense cue only right before the date.
SPEECH_CUES = re.compile(r"\b(?:" + SAID + r"|told)\b", re.IGNORECASE)
SPEECH_REACH = 14


# "will be held", "is to be hosted": the participle is no past.
FUTURE_PASSIVE = re.compile(r"\b(?:will|shall|would|to)\s+(?:\w+\s+)?be\s+\w+", re.IGNORECASE)


# The same cues read on the lowered sentence (prefilter.Folded): a match's words are
# lower-case, its place the same.
_PAST_PLAN, _FUTURE_PASSIVE, _FUTURE_CUES, _PAST_CUES = (
    Folded(rx) for rx in (PAST_PLAN, FUTURE_PASSIVE, FUTURE_CUES, PAST_CUES))


def tense_marks(sentence: str) -> list[tuple[int, str]]:
    """Every tense cue of a sentence as (position, 'future' | 'past' | 'speech'), in order;
    computed once per sentence so that resolving its dates stays linear in its length."""
    plans = [(m.start(), m.end()) for m in _PAST_PLAN.finditer(sentence)]
    passives = [(m.start(), m.end()) for m in _FUTURE_PASSIVE.finditer(sentence)]
    marks = [(s, "past") for s, _ in plans]
    for rx, tense in ((_FUTURE_CUES, "future"), (_PAST_CUES, "past")):
        for m in rx.finditer(sentence):
            # the future words of a past plan ("had been scheduled to host") stay past
            if plans and any(s <= m.start() < e + 25 for s, e in plans):
                continue
            if tense == "past" and passives and any(s < m.start() < e for s, e in passives):
                continue
            marks.append((m.start(), "speech" if tense == "past" and
                          SPEECH_CUES.fullmatch(m.group(0)) else tense))
    return sorted(marks)


def tense_at(sentence: str, pos: int, marks: list[tuple[int, str]] | None = None,
             end: int | None = None) -> str | None:
    """'future', 'past' or None: the tense cue nearest before `pos`, else nearest after
    `end` (the date expression's own words, "May", are no cue)."""
    marks = tense_marks(sentence) if marks is None else marks
    i = bisect.bisect_left(marks, (pos, ""))
    for k in range(i - 1, -1, -1):
        at, tense = marks[k]
        if tense != "speech":
            return tense
        if pos - at <= SPEECH_REACH or not any(t != "speech" for _, t in marks[:k]):
            return "past"  # "said on Monday"
    j = bisect.bisect_left(marks, (pos if end is None else end, ""))
    after = [t for _, t in marks[j:]]
    return ("past" if after[0] == "speech" else after[0]) if after else None


def _weekday(target: int, pub: date, qualifier: str, tense: str | None) -> date:
    back = pub - timedelta(days=(pub.weekday() - target) % 7)
    fwd = pub + timedelta(days=(target - pub.weekday()) % 7)
    if qualifier in ("last", "past"):
        return back if back < pub else back - timedelta(days=7)
    if qualifier == "next":
        return fwd if fwd > pub else fwd + timedelta(days=7)
    if qualifier in ("this", "coming"):
        return back if tense == "past" else fwd
    return fwd if tense == "future" else back


def _year_for_month(month: int, pub: date, qualifier: str, tense: str | None) -> int:
    if qualifier in ("last", "past"):
        return pub.year if month < pub.month else pub.year - 1
    if qualifier == "next":
        return pub.year if month > pub.month else pub.year + 1
    if tense == "future":
        return pub.year + 1 if month < pub.month else pub.year
    # past, or no cue: news speaks of the past
    return pub.year - 1 if month > pub.month else pub.year


def _month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS.get(word)


_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("range", re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})\s*[–-]\s*(\d{{1,2}})\b(?:,?\s+(\d{{4}}))?|"
                         rf"\b(\d{{1,2}})\s*[–-]\s*(\d{{1,2}})\s+{_MONTH}(?:,?\s+(\d{{4}}))?")),
    ("day_month", re.compile(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")),
    # "three days before" is before publication; "three days before the speech" is before
    # another event, which this does not know.
    ("ago", re.compile(rf"\b{_NUM}\s+(days?|weeks?|months?|years?)\s+(ago|earlier|before"
                       r"(?!\s+(?:the|a|an|his|her|its|their|this|that|these|those|he|she|it|"
                       r"they|we|I)\b|\s+(?-i:[A-Z])))\b", re.IGNORECASE)),
    # "The ceremony came almost two weeks after the agreements reached at the summit": the
    # event after "after" lies that long before the day told (the publication day)
    ("after_n", re.compile(rf"\b(?:came|comes|come|was|is|were|are)\s+(?:almost\s+|nearly\s+|"
                           rf"about\s+|some\s+|just\s+|barely\s+|more\s+than\s+)?{_NUM}\s+"
                           r"(days?|weeks?|months?)\s+after\b", re.IGNORECASE)),
    ("in_n", re.compile(rf"\bin\s+{_NUM}\s+(days?|weeks?)(?:'|’)?(?:\s+time)?\b", re.IGNORECASE)),
    ("coming", re.compile(r"\b(?:in\s+the\s+(?:coming|next|next\s+few|following)|within\s+"
                          r"(?:the\s+next\s+)?(?:a\s+few\s+)?)\s*(days|weeks)\b", re.IGNORECASE)),
    # ("the previous day of the talks" is another event's; "a joint inspection today of the
    # line" is today's)
    ("rel_day", re.compile(r"\b(today|tonight|the\s+day\s+before\s+yesterday|yesterday|"
                           r"tomorrow|(?:the\s+previous\s+day|this\s+(?:morning|afternoon|"
                           r"evening))(?!\s+(?:of|before|after)\b))\b", re.IGNORECASE)),
    ("rel_span", re.compile(r"\b(last|next|this|past|coming|earlier\s+this|later\s+this|"
                            r"over\s+the|the)\s+(week|weekend|month|year)\b", re.IGNORECASE)),
    ("weekday", re.compile(rf"\b(?:(last|next|this|coming|past)\s+)?{_WEEKDAY}\b")),
    ("month", re.compile(rf"\b(?:((?i:last|next|this|past|early|mid|late|in|since|until|by|"
                         rf"from|of|end\s+of|beginning\s+of))[\s-]+)?{_MONTH}(?:\s+(\d{{4}}))?\b")),
    # ("since late 2022", "in mid-2024", "by the end of 2025": that year)
    ("year", re.compile(r"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|of|[Ff]rom)\s+(?:(?:late|early|mid|"
                        r"the\s+(?:end|start|beginning|middle)\s+of)[\s-]+)?((?:19|20)\d{2})\b")),
]
_NEEDS = [needs(rx) for _, rx in _PATTERNS]
# What a kind needs as written where its pattern minds case ("May", "Monday"): the
# sentence itself is tested, and "summary" or "decided" start no month's search. Kinds
# that need the same strings (the four spelling a month) are tested once. The others are
# asked of `prefilter.hits`'s answer: the bit of their strings and those of each of their
# alternatives' lists.
_TESTS = [(exact, True) if (exact := needs(rx, exact=True))
          else ((bit(words), alternatives(requirements(rx))), False)
          for (_, rx), words in zip(_PATTERNS, _NEEDS, strict=True)]
_DISTINCT_TESTS = list(dict.fromkeys(_TESTS))
_TEST_AT = [_DISTINCT_TESTS.index(test) for test in _TESTS]
_ROLE_BEFORE = re.compile(r"\b(until|till|through|to|since|from)\s+(?:on\s+|the\s+)?$",
                          re.IGNORECASE)


# The groups holding a written year, per kind of expression.
_WRITTEN_YEAR = {"range": (4, 8), "day_month": (3,), "month_day": (3,), "month": (3,)}


def _written(kind: str, m: re.Match) -> bool:
    """An expression that needs no publication date: an ISO date, a year, or a day or
    month with its year written."""
    if kind in ("iso", "year"):
        return True
    return any(m.group(g) for g in _WRITTEN_YEAR.get(kind, ()))


# A day written next to a clock time with nothing between ("July 20, 2024 22:16",
# "14:05, 3 May 2025") is a page's time stamp run into the text, not a day the news tells;
# prose puts a word between them ("on May 10 at 10:00").
_CLOCK_AFTER = re.compile(r",?\s*\d{1,2}:\d{2}\b")
_CLOCK_BEFORE = re.compile(r"\b\d{1,2}:\d{2}\s*,?\s*$")


def _stamp(kind: str, m: re.Match, sentence: str) -> bool:
    return kind in ("iso", "day_month", "month_day") and bool(
        _CLOCK_AFTER.match(sentence, m.end()) or _CLOCK_BEFORE.search(sentence, 0, m.start()))


# Days counted from the day of telling: "yesterday", "tomorrow" ...; the others are that day.
_REL_SHIFT = {"yesterday": -1, "tomorrow": 1, "the previous day": -1,
              "the day before yesterday": -2, "today": 0, "tonight": 0}


def find_dates(sentence: str, published: date, published_known: bool = True
               ) -> list[DateMention]:
    """Every date expression in `sentence`, resolved; overlapping matches keep the first.
    With `published_known` false (the publication date is the fetch time standing in),
    only written dates are resolved."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    marks = None  # the tense cues, read when a date is first resolved (most sentences have none)
    present = hits(sentence)
    can = [any(map(sentence.__contains__, test)) if as_written
           else present & test[0] and holds(present, test[1])
           for test, as_written in _DISTINCT_TESTS]
    for (kind, rx), at in zip(_PATTERNS, _TEST_AT, strict=True):
        if not can[at]:
            continue  # the sentence lacks every word this kind of expression needs
        for m in rx.finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if _stamp(kind, m, sentence):
                taken.append((m.start(), m.end()))
                continue
            when = None
            if published_known or _written(kind, m):
                marks = tense_marks(sentence) if marks is None else marks
                when = _resolve(kind, m, sentence, published, marks)
            if when is None:
                if kind in ("iso", "range", "day_month", "month_day"):
                    taken.append((m.start(), m.end()))  # "31 June" is no date, nor is "June"
                continue
            role = "point"
            before = _ROLE_BEFORE.search(sentence[max(0, m.start() - 12):m.start()])
            lead = (m.group(1) or "").lower() if kind in ("month", "weekday") else ""
            word = before.group(1).lower() if before else lead
            if word in ("until", "till", "through"):
                role = "until"
            elif word in ("since", "from"):
                role = "since"
            taken.append((m.start(), m.end()))
            found.append(DateMention(when, m.start(), m.end(), role, m.group(0)))
    found = _join_appositions(sorted(found, key=lambda d: d.start), sentence)
    return _quoted_days(_next_days(found, sentence, taken), sentence)


_QUOTE_OPEN = re.compile(r"[“\"]")


def _quoted_days(found: list[DateMention], sentence: str) -> list[DateMention]:
    """'Trump announced on Thursday night, "... at the White House tomorrow."': a relative
    day inside quoted words counts from the day the sentence says they were spoken, not
    from the publication day."""
    out = []
    for d in found:
        shift = _REL_SHIFT.get(" ".join(d.text.lower().split()))
        quote = _QUOTE_OPEN.search(sentence, 0, d.start) if shift is not None else None
        spoken = next((x for x in found if quote is not None and x.end <= quote.start()
                       and x.when.precision == "day" and x is not d
                       and SPEECH_CUES.search(sentence, max(0, x.start - 40), x.start)), None)
        if spoken is not None:
            d = DateMention(When.day(spoken.when.start + timedelta(days=shift)), d.start,
                            d.end, d.role, d.text)
        out.append(d)
    return out


_NEXT_DAY = re.compile(r"\b(?:the\s+)?(?:following|next)\s+day\b", re.IGNORECASE)
_NEXT_DAY_NEEDS = bit(needs(_NEXT_DAY))


def _next_days(found: list[DateMention], sentence: str,
               taken: list[tuple[int, int]]) -> list[DateMention]:
    """"On Wednesday, the government said they will meet the following day": the day after
    the last day the sentence named before it (unresolved when it named none)."""
    extra = []
    if not hits(sentence) & _NEXT_DAY_NEEDS:
        return found
    for m in _NEXT_DAY.finditer(sentence):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        before = [d for d in found if d.end <= m.start() and d.when.precision == "day"]
        if before:
            day = before[-1].when.start + timedelta(days=1)
            extra.append(DateMention(When.day(day), m.start(), m.end(), "point", m.group(0)))
    return sorted(found + extra, key=lambda d: d.start) if extra else found


_APPOSED = re.compile(r",?\s*(?:the\s+)?")
_WEEKDAY_ONLY = re.compile(rf"(?:(?:last|next|this|coming|past)\s+)?{_WEEKDAY}")


def _join_appositions(found: list[DateMention], sentence: str) -> list[DateMention]:
    """"Wednesday, December 6": one date told twice is one mention, so that what is said
    of the first (a statement's date, a role) holds for the whole."""
    out: list[DateMention] = []
    for d in found:
        prev = out[-1] if out else None
        # "Friday, August 8" names one date even when the weekday alone would resolve to
        # another Friday: the written date decides.
        if prev is not None and _APPOSED.fullmatch(sentence[prev.end:d.start]) \
                and (prev.when == d.when or (_WEEKDAY_ONLY.fullmatch(prev.text)
                                             and d.when.precision == "day")):
            out[-1] = DateMention(d.when, prev.start, d.end, prev.role,
                                  sentence[prev.start:d.end])
            continue
        out.append(d)
    return out


def _resolve(kind: str, m: re.Match, sentence: str, pub: date,
             marks: list[tuple[int, str]]) -> When | None:
    tense = tense_at(sentence, m.start(), marks, m.end())
    try:
        if kind == "iso":
            return When.day(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        if kind == "range":  # "October 13-17", "10-11 May": the first day, and the span
            if m.group(1):
                month, first, last, year = (_month_number(m.group(1)), int(m.group(2)),
                                            int(m.group(3)), m.group(4))
            else:
                first, last, month, year = (int(m.group(5)), int(m.group(6)),
                                            _month_number(m.group(7)), m.group(8))
            if month is None or not 1 <= first < last <= 31:
                return None
            y = int(year) if year else _year_for_month(month, pub, "", tense)
            return When(date(y, month, first), date(y, month, last), "range")
        if kind in ("day_month", "month_day"):
            if kind == "day_month":
                day, month, year = int(m.group(1)), _month_number(m.group(2)), m.group(3)
            else:
                month, day, year = _month_number(m.group(1)), int(m.group(2)), m.group(3)
            if month is None or not 1 <= day <= 31:
                return None
            y = int(year) if year else _year_for_month(month, pub, "", tense)
            return When.day(date(y, month, day))
    except ValueError:
        return None
    if kind in ("ago", "after_n"):
        n = _number(m.group(1))
        if n is None:
            return None
        unit = m.group(2).lower().rstrip("s")
        if unit == "day":
            return When.day(pub - timedelta(days=n))
        if unit == "week":
            # "two weeks ago" is loose: the days around that day
            back = pub - timedelta(days=7 * n)
            return When(back - timedelta(days=3), min(back + timedelta(days=3), pub), "week")
        if unit == "month":
            back = pub.month - 1 - n
            return When.month(pub.year + back // 12, back % 12 + 1)
        return When.year(pub.year - n)
    if kind == "coming":
        # "in the coming days", "within weeks": a span from publication on
        span = 7 if m.group(1).lower() == "days" else 21
        return When(pub, pub + timedelta(days=span), "week")
    if kind == "in_n":
        n = _number(m.group(1))
        if n is None:
            return None
        days = n * (7 if m.group(2).lower().startswith("week") else 1)
        return When.day(pub + timedelta(days=days))
    if kind == "rel_day":
        word = " ".join(m.group(1).lower().split())
        return When.day(pub + timedelta(days=_REL_SHIFT.get(word, 0)))
    if kind == "rel_span":
        return _span(m.group(1).lower(), m.group(2).lower(), pub, tense)
    if kind == "weekday":
        qualifier = (m.group(1) or "").lower()
        return When.day(_weekday(WEEKDAYS[m.group(2).lower()], pub, qualifier, tense))
    if kind == "month":
        word = m.group(2)
        qualifier = (m.group(1) or "").lower()
        if word == "May" and not qualifier and not m.group(3):
            return None  # the modal verb, not the month
        if word.lower() in ("mar", "march") and not qualifier and not m.group(3):
            return None  # "the march", "to march"
        month = _month_number(word)
        if month is None:
            return None
        year = int(m.group(3)) if m.group(3) else _year_for_month(month, pub, qualifier, tense)
        return When.month(year, month)
    if kind == "year":
        return When.year(int(m.group(1)))
    return None


def _span(qualifier: str, unit: str, pub: date, tense: str | None) -> When | None:
    qualifier = " ".join(qualifier.split())
    if unit == "weekend":
        # The weekend of publication's week (or the one just begun), and the one before it.
        current = pub + timedelta(days=5 - pub.weekday()) if pub.weekday() < 5 \
            else pub - timedelta(days=pub.weekday() - 5)
        previous = current - timedelta(days=7)
        if qualifier in ("last", "past"):
            sat = previous
        elif qualifier == "next":
            sat = current + timedelta(days=7) if pub.weekday() >= 5 else current
        elif tense == "future":
            sat = current
        else:  # "this weekend", "over the weekend" in the past: the latest one begun
            sat = current if pub.weekday() >= 5 else previous
        return When(sat, sat + timedelta(days=1), "week")
    if qualifier == "the":
        return None  # "the week", "the year": too vague
    step = {"last": -1, "past": -1, "next": 1}.get(qualifier, 0)
    if qualifier == "over the":
        step = -1 if tense != "future" else 0
    if unit == "week":
        return When.week_of(pub + timedelta(days=7 * step))
    if unit == "month":
        back = pub.month - 1 + step
        return When.month(pub.year + back // 12, back % 12 + 1)
    return When.year(pub.year + step)
