"""Route status (the Lachin corridor, the Aghdam road, the TRIPP route, transit via
Azerbaijan ...) read from sentences.

A status cue (see `lexicon.ROUTE_CUES`: "closed", "set up a checkpoint", "reopened",
"blockade", "allowed the Red Cross to resume evacuations", "signed an agreement on",
"people crossed through", "lifted the transit ban") is tied to the nearest named route in
the sentence, and to every route coordinated with it ("along the Aghdam-Khankendi and
Lachin-Khankendi roads"). A cue only counts for a status its route can have: a road that
exists opens and closes; a route still to be built is proposed or agreed first. Traffic
that is aid or the Red Cross makes a route humanitarian-only rather than open.

Demands and conditions are not facts: "urged Azerbaijan to reopen", "calling for the
reopening", "the importance of reopening" say nothing about the road's state; nor are
quotations. Descriptions ("subject to a blockade for months"), reminders ("it should be
recalled that ...") and events dated long before publication are kept as weaker `state`
facts: they may establish a route's status but never overturn a reported event.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..facts import RouteFact, When
from .dates import find_dates
from .gazetteer import Found, Gazetteer
from .lexicon import (
    AGREED,
    ARGUED,
    DEMAND,
    ELABORATION,
    FIRST_PASSAGE,
    HUMANITARIAN_TRAFFIC,
    IMPLEMENTATION_STEP,
    KNOWN_CHECKPOINT,
    OPEN,
    PASSAGE,
    PROPOSED_ROUTE,
    PROVIDED_FOR,
    ROUTE_ANAPHORA,
    ROUTE_CUES,
    ROUTE_HISTORY,
    ROUTE_TIMELINE,
    ROUTE_WORD,
    SCARCITY,
    SINCE_CLAUSE,
    SPEECH_BEFORE,
    STATE_FORM,
    TOLD_AFTER,
    Family,
)
from .meetings import Reading

QUOTED = re.compile(r"^\s*[“\"‘']")
# a quoted statement noting a fact: "we note the passage today of a humanitarian delivery"
_NOTED = re.compile(r"\b(?:we|I)\s+(?:note|welcome|salute|hail|applaud)\s+(?:with\s+\w+\s+)?"
                    r"the\s+(?:passage|opening|reopening|delivery|arrival|resumption)\b",
                    re.IGNORECASE)
# ... unless a neutral operator tells its own operation in it: "the ICRC is today able to
# deliver flour via the Lachin corridor and the Aghdam road", the organisation writes
_OPERATOR_REPORTS = re.compile(r"\b(?:ICRC|Red\s+Cross|Red\s+Crescent|UNHCR)\)?\s+(?:is|are|was|"
                               r"were|has|have|had)?\s*(?:\w+\s+){0,2}?(?:able\s+to\s+)?"
                               r"(?:deliver|transport|evacuat|transfer|escort|sen[dt]|dispatch)",
                               re.IGNORECASE)
# A route's name given, or the deal that provides for it ("the corridor envisaged by the
# peace deal"), is read whatever the wish or threat around it.
_NAMING = re.compile(r"\b(?:named|titled|dubbed|called|rebrand\w*|renam\w*|" + PROVIDED_FOR +
                     r")\b", re.IGNORECASE)
_RELATIVE_BEFORE = re.compile(r"\b(?:where|which|that)\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"\s+(?:Nagorno-)?(?-i:[A-Z])")
# "The Azerbaijani blockade constitutes a violation", "its blockade of the corridor": the
# blockade named as a known thing, not imposed now
_THE_BLOCKADE = re.compile(r"\b(?:(?i:the|its|this|their)|[A-Z]\w+['’]s)\s+(?:[\w-]+\s+){0,2}$")
_CHANGE_NOUNS = {"closure", "blockade", "blocking", "reopening", "opening", "unblocking"}
_CLAUSE_CUT = re.compile(r"[,;:]|\b(?:and|but|while|after|when|as)\b")
_COORDINATED = re.compile(r"^\s*(?:,|and|or|as\s+well\s+as|,\s*and)\s+(?:the\s+|on\s+the\s+)?$",
                          re.IGNORECASE)
HISTORY_DAYS = 30


def read_routes(sentences: list[str], published: date, gaz: Gazetteer,
                trace: list | None = None, published_known: bool = True) -> list[RouteFact]:
    """Route facts of an article, in reading order; `trace` receives a `Reading` for every
    cue looked at. `published_known` false: `published` is the fetch time standing in, and
    only written dates count (see dates.py)."""
    def note(sentence: str, cue: str, verdict: str, reason: str,
             fact: RouteFact | None = None) -> None:
        if trace is not None:
            data = {**fact.to_json(), "strength": fact.strength} if fact else None
            trace.append(Reading(sentence, cue, verdict, reason, data))

    out: list[RouteFact] = []
    last_route: Found | None = None
    general = ""  # a sentence with a cue and a route word but no route named
    # An article about aid ("the Red Cross delivered ..."): goods passing on a road that can
    # be aid-only are that aid ("Today's operation included two trucks that delivered goods
    # via both roads"), even where the sentence does not say so itself. Scanned only when
    # such a passage is read.
    aid: list[bool] = []

    def aid_article() -> bool:
        if not aid:
            aid.append(any(HUMANITARIAN_TRAFFIC.search(s) for s in sentences))
        return aid[0]
    for sentence in sentences:
        before, general = general, ""
        # A quotation is a claim ("the road is open and functional!"), not a report; but an
        # offer in the speaker's own words ("we are ready to ensure the transit") is the offer.
        offer_only = bool(QUOTED.match(sentence)) and not _OPERATOR_REPORTS.search(sentence) \
            and not _NOTED.search(sentence)
        if offer_only and not PROPOSED_ROUTE.search(sentence):
            if gaz.find_routes(sentence):
                note(sentence, "", "dropped", "a quotation: a claim, not a report")
            continue
        mentions = gaz.find_routes(sentence)
        if not mentions and last_route is not None:
            mentions = [Found(last_route.ref, m.start(), m.end(), m.group(0))
                        for m in ROUTE_ANAPHORA.finditer(sentence)]
        if not mentions:
            if ROUTE_WORD.search(sentence) and \
                    any(fam.search(sentence) for _, fam in ROUTE_CUES):
                general = sentence
            continue
        if before and ELABORATION.search(sentence) and not any(
                fam.search(sentence) for _, fam in ROUTE_CUES):
            # "The time has come to restore some railway sections. I am referring to the
            # Ijevan and Yeraskh sections": the routes named take the cue told before.
            shift = len(before) + 1
            sentence = f"{before} {sentence}"
            mentions = [Found(f.ref, f.start + shift, f.end + shift, f.text) for f in mentions]
        last_route = mentions[-1]
        dates = [d for d in find_dates(sentence, published, published_known) if d.role != "until"]
        # "the first fuel cargo since the Soviet era": the first's span, no reminder
        first_told = bool(FIRST_PASSAGE.search(sentence))
        # ("a road that had not been used for decades": the disuse ends now, no reminder)
        reminder = any(not (first_told and m.group(0).lower().startswith("since"))
                       and not _DISUSED_FOR.search(sentence, 0, m.start())
                       for m in ROUTE_HISTORY.finditer(sentence))
        seen: set[str] = set()
        at_checkpoint: set[str] = set()
        told_against: set[str] = set()
        aid_passage: bool | None = None
        for status, fam in ROUTE_CUES:
            if offer_only and fam is not PROPOSED_ROUTE:
                continue
            for cue in fam.finditer(sentence):
                nearest = _nearest(mentions, cue.start(), cue.end())
                if nearest is None:
                    continue
                window = _CLAUSE_CUT.split(sentence[max(0, cue.start() - 60):cue.start()])[-1]
                for route in _with_coordinated(mentions, nearest, sentence):
                    name = route.ref.name
                    if not route.ref.tracked:
                        note(sentence, cue.group(0), "dropped", f"{name} is not tracked")
                        continue
                    if name in seen or name in at_checkpoint and fam is not PASSAGE:
                        continue  # one status per route and sentence: the first cue wins
                    got = status
                    if fam is PASSAGE and "humanitarian_only" in route.ref.statuses:
                        if aid_passage is None:  # the sentence's traffic: asked once
                            cargo = SCARCITY.sub(" ", sentence)  # what is lacking is no cargo
                            aid_passage = bool(HUMANITARIAN_TRAFFIC.search(cargo)
                                               or _GOODS.search(cargo) and aid_article())
                        if aid_passage:
                            got = "humanitarian_only"
                    if got not in route.ref.statuses:
                        continue
                    if DEMAND.search(window) and not (
                            fam is AGREED and _NAMING.search(cue.group(0))) and not (
                            _PAST_PASSAGE_NOUN.match(cue.group(0))
                            and (when := _date_after(sentence, dates, cue.end())) is not None
                            and when.end < published):
                        # (the passage of a convoy dated in the past is a fact, whatever is
                        # hoped of it: "expected that the passage of the aid on 12
                        # September will create a momentum")
                        # (a route's name given is a fact whatever the wish around it: "is
                        # expected to operate under a project named TRIPP")
                        note(sentence, cue.group(0), "dropped",
                             "a demand, condition or wish, not a fact")
                        seen.add(name)
                        continue
                    if got == "checkpoint" and not _near(route, cue, 80):
                        continue
                    if (why := _no_news(fam, got, cue, window, sentence)) is not None:
                        note(sentence, cue.group(0), "dropped", why)
                        # a checkpoint already there is a place: traffic told past it is
                        # still read ("cars inch forward past the checkpoint")
                        (at_checkpoint if got == "checkpoint" else seen).add(name)
                        continue
                    noun_after = _told_against(got, cue, window, sentence)
                    if noun_after and name in told_against:
                        continue
                    # "crossing over on Sunday ... after a ten-month blockade": the change
                    # told against leaves the sentence's news to the next cue
                    (told_against if noun_after else seen).add(name)
                    since = _since(sentence, dates, cue.start())
                    near = sentence[max(0, cue.start() - 40):cue.end() + 10]
                    named_known = cue.group(0).lower() == "blockade" and bool(
                        _THE_BLOCKADE.search(sentence, max(0, cue.start() - 40), cue.start()))
                    old = since is not None and since.end < published - timedelta(
                        days=HISTORY_DAYS)
                    step = (got in ("open", "reopened", "humanitarian_only") and first_told
                            or got == "agreed" and bool(IMPLEMENTATION_STEP.search(sentence)))
                    form = "state" if ((STATE_FORM.search(near) and not first_told) or reminder
                                       or old or noun_after or named_known) else "event"
                    fact = RouteFact(name, got, since, sentence.strip(), form,
                                     step=step and form == "event")
                    why = "; history" if old or reminder else (
                        "; a description" if form == "state" else "")
                    note(sentence, cue.group(0), "kept", f"{got} ({fam.name}){why}", fact)
                    out.append(fact)
    return out


# a route's disuse told before "for decades": what ends now, not a reminder
_DISUSED_FOR = re.compile(r"\bnot\s+(?:been\s+)?(?:used|opened|operated|crossed|travell?ed)\s+$",
                          re.IGNORECASE)
# the noun of traffic that moved ("the passage of", "the delivery of"): dated in the past,
# a fact whatever wish is told around it
_PAST_PASSAGE_NOUN = re.compile(r"(?:delivery|deliveries|transportation|passage|movement)\s+of\b",
                                re.IGNORECASE)
_GOODS = re.compile(r"\b(?:goods|cargo(?:es)?|trucks?|lorr(?:y|ies)|supplies|flour|food|"
                    r"medicines?|fuel)\b", re.IGNORECASE)


# "an alternative to the reopening of the corridor", "talks on the reopening of": the change
# named as a topic, the object of a preposition, not told as done
_TOPIC_BEFORE = re.compile(r"\b(?:to|for|on|about|towards?|regarding|over)\s+the\s+$",
                           re.IGNORECASE)


def _no_news(fam: Family, got: str, cue: re.Match, window: str, sentence: str) -> str | None:
    """Why a cue tells nothing new of its route, or None: a checkpoint already there, a
    timeline for works on a route already on the table, a road "shown" open in an argument,
    a reopening named as a topic. `window`: the words of the cue's clause before it."""
    if got == "checkpoint" and cue.group(0)[:1] in "cC" and \
            KNOWN_CHECKPOINT.search(sentence[max(0, cue.start() - 60):cue.start()]):
        return "a checkpoint already there, not one set up"
    if fam is PROPOSED_ROUTE and ROUTE_TIMELINE.search(sentence):
        return "a timeline for works on the route, not an offer"
    if fam is OPEN and ARGUED.search(window):
        return "an argument, not the road's news"
    if cue.group(0).lower() in ("reopening", "re-opening") and _TOPIC_BEFORE.search(window):
        return "a reopening named as a topic, not told as done"
    return None


def _told_against(got: str, cue: re.Match, window: str, sentence: str) -> bool:
    """Is the cue's change the state the sentence's news is told against, a description:
    a change noun after "after", "since", "due to" ("after a ten-month blockade"), a
    "since" clause, a checkpoint in a relative clause of place ("by the bridge, where
    Azerbaijan has set up an illegal checkpoint"), or "blockaded" before a region's name
    ("patients from blockaded Nagorno-Karabakh")?"""
    text = cue.group(0).lower()
    return text in _CHANGE_NOUNS and bool(
        TOLD_AFTER.search(sentence[max(0, cue.start() - 200):cue.start()])) or (
        bool(SINCE_CLAUSE.search(window))) or (
        got == "checkpoint" and bool(_RELATIVE_BEFORE.search(window))) or (
        text in ("blockaded", "besieged") and bool(_PLACE_AFTER.match(sentence, cue.end())))


def _nearest(mentions: list[Found], start: int, end: int) -> Found | None:
    best = None
    for m in mentions:
        distance = start - m.end if m.end <= start else (m.start - end if m.start >= end else 0)
        if distance > 120:
            continue
        if best is None or distance < best[0]:
            best = (distance, m)
    return best[1] if best else None


def _with_coordinated(mentions: list[Found], route: Found, sentence: str) -> list[Found]:
    """The route and those joined to it by "and" or a comma: one cue for all of them."""
    group = [route]
    i = mentions.index(route)
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(mentions):
            a, b = (mentions[j + step], mentions[j]) if step < 0 else (mentions[j],
                                                                       mentions[j + step])
            if not _COORDINATED.match(sentence[a.end:b.start]):
                break
            j += step
            group.append(mentions[j])
    return group


def _near(route: Found, cue: re.Match, limit: int) -> bool:
    return abs(route.start - cue.end()) <= limit or abs(cue.start() - route.end) <= limit


_POSSESSIVE = re.compile(r"['’]s?\b")
_FRONTED_BEFORE = re.compile(r"(?:^|\bthat\s+)\W*(?:(?:in|on|by|during|since)\s+)?"
                            r"(?:early\s+|late\s+|mid-?)?$", re.IGNORECASE)
_WHEN_CLAUSE = re.compile(r"\s*,?\s*when\b[^,;:]*$", re.IGNORECASE)


_CLAUSE_BREAK = re.compile(r"[,;:“”\"]")
_CLAUSE_REACH = 100  # characters between a cue and a date of its clause, at most


def _same_clause(sentence: str, a: int, b: int) -> bool:
    """Positions `a` and `b` are near in one clause: no comma, colon or quote between."""
    lo, hi = sorted((a, b))
    return hi - lo <= _CLAUSE_REACH and not _CLAUSE_BREAK.search(sentence, lo, hi)


def _date_after(sentence: str, dates: list, pos: int) -> When | None:
    """The first date after `pos` in its clause: the day of a noun phrase of traffic ("the
    passage of the aid via the road on 12 September")."""
    for d in sorted(dates, key=lambda d: d.start):
        if d.start >= pos and _same_clause(sentence, pos, d.start):
            return d.when
    return None


def _since(sentence: str, dates: list, pos: int) -> When | None:
    """The date nearest the cue within its clause: no comma, colon or quote between; or
    the date a "when" clause hangs from ("since December, when activists blocked it")."""
    best = None
    # "last week's offensive", "Sunday's decision": a date of the noun it qualifies
    dates = [d for d in dates if not _POSSESSIVE.match(sentence, d.end)]
    for d in dates:
        if not _same_clause(sentence, d.start, pos):
            continue
        if best is None or abs(d.start - pos) < abs(best.start - pos):
            best = d
    if best is None:
        for d in dates:
            if d.end <= pos and _WHEN_CLAUSE.match(sentence[d.end:pos]):
                best = d
    if best is None:
        # "(He recalled that) in November 2025, for the first time, a train ...": a date
        # fronted before the clause's comma dates the clause
        for d in dates:
            if d.end <= pos and _FRONTED_BEFORE.search(sentence, 0, d.start) and \
                    sentence[d.end:pos].lstrip().startswith(","):
                best = d
                break
    if best is None:
        # "..., Aliyev announced on October 21": the announcement dates the news.
        for d in dates:
            if SPEECH_BEFORE.search(sentence[max(0, d.start - 30):d.start]):
                best = d
                break
    return best.when if best else None
