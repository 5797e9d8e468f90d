"""Meetings between the Armenian and Azerbaijani sides, read from sentences.

Each sentence is cut into segments ("a meeting in Brussels | and another in Spain")
and clauses (at ", which", "since", "after", ";" ...). A clause with a meeting
trigger (met, talks, summit, host ...) gives at most one mention; what the mention
needs is looked for nearest first:

* status from the trigger's clause: cancel > postpone > proposal > plan > future >
  arrival ("arrived in Abu Dhabi for talks") > after ("since the Almaty talks") > held,
  so "will be the first time they have met" is future and "offered to host" is a proposal;
  a plan with a day ("plans to meet on June 1") is scheduled;
* date from the clause (or a bare adverbial such as "In early May", or an earlier
  clause of the sentence), resolved with the clause's tense; dates tied to speech
  ("on Saturday offered") are not the meeting's; with no publication date to trust,
  only written dates (see dates.py);
* participants: names and role phrases in the clause, then the sentence; "the two
  parties" or "the talks" with nobody named take the article's last meeting;
* venue: "in/at/near <place>", "<place> hosted", "the <place> talks", else a short
  clause of the sentence, else the dateline of a lead ("BERLIN (Reuters) -");
* both sides are required: Aliyev meeting Putin, or a mediator meeting one leader
  (or each in turn, or in both capitals), is not an Armenia-Azerbaijan meeting; Karabakh's
  Armenian representatives are not Armenia. Phone calls are not meetings. One side
  refusing or pulling out is kept as a *partial* mention: it may cancel a meeting already
  known, never make a new one.

Every decision can be traced (`trace=[...]`): which clause was read, what it gave, and
why a candidate was dropped. `watcher explain` prints that trace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..facts import LEVEL_RANK, Meeting, Venue, When
from ..identity import PLANS
from .dates import MONTH_NAMES, PAST_PLAN, WEEKDAY_NAMES, DateMention, find_dates
from .gazetteer import PARTIES, Gazetteer, Person
from .lexicon import (
    ANCHORED,
    ARRIVED_FOR,
    BACKGROUND,
    BILATERAL_AT,
    CANCELLED,
    CONDITIONAL,
    CONTINUED_PROCESS,
    DATELINE,
    DENIAL,
    FRESH,
    FUTURE,
    HABITUAL,
    HELD,
    HOSTED_BY,
    INFORMAL,
    KARABAKH_ARMENIANS,
    MEDIATION,
    MOVED,
    MOVED_TO,
    MULTILATERAL,
    NEGATION,
    NO_PLAN,
    NON_GOVERNMENT,
    OPINION,
    PANEL,
    PHONE,
    PLANNED,
    POSTPONED,
    PREPARATION,
    PROPOSED,
    QUESTION,
    RELATIVE_HOST,
    RUMOUR,
    SAID,
    SEPARATE,
    SHUTTLE,
    SIDELINES,
    SPEECH_AFTER,
    SPEECH_BEFORE,
    SPEECH_THAT,
    SPEECH_VERB,
    THE_MEETING_BACK,
    TRIGGER,
    UNDER_WAY,
    UNREALIZED,
)
from .participants import (
    COUNTERPARTS_PAIR,
    SIDE_OF_WORD,
    SIDE_WORD,
    PartyReader,
    Who,
    level_of,
)
from .prefilter import Guarded

# Clause boundaries: punctuation, subordinators, and commas followed by a lower-case word.
_BOUNDARY = re.compile(
    r"\s*[;:—–]\s*|,\s+(?!(?:and|or)\s+(?:\w+\s+)?[A-Z])"
    # (a list going on with a name under its article: "Armenia, the United States and")
    r"(?!the\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3},?\s+(?:and|or)\s+[A-Z])(?=[a-z“\"‘'])|"
    r"\s+(?=\band\s+(?:agreed|decided|pledged|promised|vowed|announced)\s+to\b)|"
    r"\s+(?=\b(?:since|after|following|before|while|"
    r"whereas|but|although|though|amid|which|who|whom|according\s+to|as\s+well\s+as)\b)"
)
_SEGMENT = re.compile(
    r",?\s+(?:and|while|with|as\s+well\s+as|followed\s+by)\s+"
    r"(?=(?:another|a\s+second|a\s+further|one\s+more|a\s+third|a\s+separate\s+one)\b)",
    re.IGNORECASE,
)
_AFTER_N = re.compile(r"\bafter$", re.IGNORECASE)
_HOSTS = re.compile(r"\bto\s+(?:host|welcome)\b", re.IGNORECASE)
# "... that Armenia will give": a "that" opening a clause of its own (a subject follows, not
# the verb of a relative clause: "the talks that will be held")
_REPORTED = Guarded(re.compile(
    r"\bthat\s+(?!(?:will|would|is|are|was|were|has|have|had|could|may|might|can|shall|should|"
    r"took|takes|began|begins|lasted|opened|ended)\b)(?:the\s+|a\s+)?[A-Za-z]\w*\s+(?:\w+\s+)?"
    r"(?:will|would|is|are|has|have|was|were|should|could|must|had)\b", re.IGNORECASE))
# "talks on a treaty finalized in March", "the declaration signed on August 8": the date of
# the thing done, not of the meeting (a meeting's own participles, "held in March", and its
# changes, "moved to May", keep theirs)
_NOUN_PARTICIPLE_DATE = re.compile(
    r"\b(?:treaty|agreement|deal|declaration|text|document|accord|memorandum|statement|"
    r"route|corridor|road|railway|border|ceasefire|constitution)\s+(?!held\b|hosted\b|convened\b|"
    r"organi[sz]ed\b|scheduled\b|planned\b|slated\b|moved\b|postponed\b|rescheduled\b)"
    r"(?:\w+ed|signed|initiall?ed|agreed)\s+(?:on\s+|in\s+|last\s+|this\s+|earlier\s+in\s+)?$",
    re.IGNORECASE)
# "his assertions last week that ...", "her remarks on Monday": the day of the words
_SPEECH_NOUN_BEFORE = re.compile(r"\b(?:assertions?|statements?|remarks|comments|words|claims?|"
                                 r"interview|speech|address)\s+(?:on\s+|in\s+)?$", re.IGNORECASE)
# A call about a meeting still to come: "a phone conversation ... on the upcoming meeting"
_CALL_ABOUT = re.compile(r"\b(?:on|about|regarding|concerning|discuss(?:ed|ing)?)\s+"
                         r"(?P<meeting>(?:the|a|an|their)\s+(?:upcoming|forthcoming|next|planned|"
                         r"possible|proposed|new)\s+(?:[\w-]+\s+){0,2}?(?:meeting|talks|summit|"
                         r"negotiations)\b)", re.IGNORECASE)
# "..., the ministers are due to meet in Almaty, Aliyev said in a telephone conversation with
# Blinken": the call is where it was said; the meeting told before it stands
_SAID_IN_CALL = re.compile(r",\s*(?:[\w.'’()-]+\s+){0,8}?(?:" + SAID + r"|"
                           r"told\s+\w+)\s+(?:\w+\s+){0,2}?(?:in|during)\s+(?:a|an|the|his|her)\s+"
                           r"(?:\w+\s+)?(?:phone|telephone|video)\s+(?:call|conversation|talk)",
                           re.IGNORECASE)
# A clause that opens with the meeting's verb: its subject is the clause before it
_VERB_FIRST = re.compile(r"\W*(?:met|meets|has\s+met|held|holds|talked|spoke)\b", re.IGNORECASE)
# "The signing ceremony was hosted at the White House": the act of the two told just before
_CEREMONY = re.compile(r"\W*(?:the|this|that)\s+(?:[\w-]+\s+)?ceremony\b", re.IGNORECASE)
# "The delegations were led by ...", "the commissions are headed, respectively, by ..."
_SELF_INCLUDED = re.compile(r"\b(?:includ\w*|with|between|joined\s+by)\s+(?:\w+\s+)?"
                            r"(?:himself|herself)\b", re.IGNORECASE)
_DEAL_SIGNED_AT = re.compile(r"\b(?:deal|agreement|declaration|accord|treaty|memorandum)\s+"
                             r"signed\s+(?:[\w-]+\s+){0,4}?(?:in|at)\b", re.IGNORECASE)
_RELATIVE_CLAUSE = re.compile(r"\W*(?:which|who|whose|that|where)\b", re.IGNORECASE)
_LED_BY = re.compile(r"\b(?:headed|led|chaired)\b(?:,?\s+(?:respectively|in\s+turn),?)?\s+by\b",
                     re.IGNORECASE)
# the guest list after the meeting: "X, Y and Z attended the meeting" (the sentence ends on it)
_GUEST_LIST = re.compile(r"\b(?:attended|joined|(?:participated|took\s+part)\s+in)\s+the\s+"
                         r"(?:meeting|talks|session|negotiations)\W*$", re.IGNORECASE)
# "..., marking their first talks since": the meeting the clause before told, continued
_MARKING = re.compile(r"\W*(?:marking|making|being|becoming|which\s+(?:was|were)|the)\s+"
                      r"(?:their|the|its)\s+first\b", re.IGNORECASE)
# "Recent talks between the ministers in Washington, | hosted by Blinken, ...": a participle
# whose meeting is the clause before it
_PARTICIPLE_START = re.compile(r"\W*(?:hosted|held|mediated|organi[sz]ed|brokered|chaired|"
                               r"convened)\b", re.IGNORECASE)
_MEETING_NOUN = r"(?:talks|meeting|summit|negotiations|discussions?|consultations)\b"
# "today's negotiations", "Friday's talks": the meeting of that day, told before
_DAY_TRIGGER = re.compile(r"\b(?:today|tomorrow|yesterday|tonight|Monday|Tuesday|Wednesday|"
                          r"Thursday|Friday|Saturday|Sunday)['’]s\s+(?:\w+\s+){0,2}?"
                          + _MEETING_NOUN, re.IGNORECASE)
_DEF_TRIGGER = re.compile(r"\b(?:the|these|those|this|that|their|such|today['’]s|"
                          r"tomorrow['’]s|yesterday['’]s|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)"
                          r"day['’]s)\s+(?:\w+\s+){0,3}?" + _MEETING_NOUN,
                          re.IGNORECASE)
CONTEXT_PAIR = re.compile(
    r"\b(?:the\s+)?(?:two|both)\s+(?:parties|sides|countries|nations|neighbou?rs|states|"
    r"republics|rivals|foes|adversaries|archenemies|arch-enemies)\b|\bthe\s+sides\b|"
    r"\bthe\s+(?:two|three)\s+of\s+(?:us|them)\b|^(?:They|The\s+pair)\b|\bthe\s+trio\b",
    re.IGNORECASE,
)
# Where a place name stands as a venue: "in Brussels", "at a villa outside Berlin", "the
# Albanian capital, Tirana"; "Kazakhstan will host"; "the Almaty talks", "the Antalya
# Diplomacy Forum".
# "in September, State Department ...": a month or a weekday is not a place's qualifier.
_CALENDAR = rf"(?:{MONTH_NAMES}|{WEEKDAY_NAMES})\b"
_VENUE_BEFORE = re.compile(r"(?:\b(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|[Ii]nside|"
                           r"[Oo]n\s+the\s+territory\s+of|"
                           # "on the sidelines of the UN General Assembly"
                           rf"(?:[Oo]n|[Aa]t)\s+the\s+{SIDELINES}\s+of)|"
                           r"\b(?:travel\w*|trip|visit\w*|fly|flew|go|going|went|come|came|head\w*|invit\w*|journey)\s+to|\binvit\w*\s+"
                           r"(?:[\w'’-]+\s+){1,4}?to)\s+"
                           r"(?:the\s+|a\s+)?(?:(?:(?!" + _CALENDAR + r")[A-Z][\w.-]*(?:['’]s)?|"
                           r"[\w'’]+\s+capital|(?:\w+\s+)?"
                           r"(?:city|town|resort|village|capital)\s+of),?\s+){0,3}$")
_VENUE_HOSTS = re.compile(r"\s+(?:(?:on|in)\s+\w+\s+)?(?:\w+\s+){0,2}?(?:will\s+|to\s+|"
                          r"offered\s+to\s+)?host(?:s|ed|ing)?\b")
_SPEAKS = re.compile(r"\s*(?:['’]s\s+)?(?:spokes\w+|press|" + SAID + r"|"
                     r"confirmed|reported|told)\b", re.IGNORECASE)
_VENUE_AS = re.compile(r"\s+as\s+(?:a\s+|the\s+)?(?:possible\s+|potential\s+)?(?:venue|host|"
                       r"location|platform)\b")
# A place inside an event's own name: "the Sharm El-Sheikh Peace Summit", "Antalya
# Diplomacy Forum".
_EVENT_AFTER = re.compile(r"[\s-]+(?:[A-Z][a-z]+\s+){0,2}(?:Summit|Forum|Conference|Dialogue)\b")
_VENUE_ADJ = re.compile(r"[\s-]+(?:(?:bilateral|trilateral|tripartite|three-way|peace|"
                        r"leaders['’]?|ministerial)\s+)?(?:meeting|talks|summit|negotiations|round|"
                        r"format|(?:[A-Z][a-z]+\s+){0,2}(?:Conference|Forum|Summit|Dialogue))\b")


# "after the meeting between Aliyev and Pashinyan, ...": a meeting that has taken place.
_AFTER_MEETING = re.compile(r"\s*(?:after|following|since)\s+(?:(?:the|their|a|an|his|her|"
                            r"last\s+\w+['’]s)\s+)?"
                            r"(?:[\w'’-]+\s+){0,3}?(?:meeting|talks|summit|negotiations)\b",
                            re.IGNORECASE)
# "This cancellation follows the recent meeting of the ministers": the meeting is the time
# the call-off is told against, held; what was called off is the subject's.
_FOLLOWS_MEETING = Guarded(re.compile(
    r"\b(?:follows|followed|comes|came)\s+(?:after\s+|on\s+the\s+heels\s+of\s+)?(?:the|their|a|an)"
    r"\s+(?:[\w'’-]+\s+){0,3}?(?:meeting|talks|summit|negotiations)\b", re.IGNORECASE))
# "..., Lavrov said after talks with ...": a statement made on coming out of the meeting.
_AFTER_THE_MEETING = re.compile(r"\bafter\s+the\s+(?:meeting|talks|session)\b", re.IGNORECASE)


def _opening_date(sentence: str, dates: list, when: When) -> bool:
    """Does the sentence open with the date `when`, set off by a comma ("On April 19, ...")?"""
    first = min(dates, key=lambda m: m.start, default=None)
    return first is not None and first.when == when and \
        sentence[:first.start].strip().lower() in ("", "on") and \
        sentence[first.end:].lstrip().startswith(",")


_SAID_BEFORE = re.compile(r"\b(?:" + SAID + r"|told\s+(?:\w+\s+){0,2}?)"
                          r"(?:\s+(?:this|the|a|an|his|her|their)\s+"
                          r"(?:pledge|commitment|agreement|statement|decision|news))?"
                          r"(?:\s+(?:on\s+\w+|today|yesterday|"
                          r"late\s+\w+|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day))?\s*,?\s*$",
                          re.IGNORECASE)
# "Lavrov announced plans for a summit later this year, following a meeting with the two
# ministers": what was said, then the meeting it followed, set off by a comma
_SAID_THEN = re.compile(r"\b(?:" + SAID + r"|told\s+(?:\w+\s+){0,2}?)"
                        r"[^.;:“”\"]{0,160},\s*$", re.IGNORECASE)
# "... signed the joint declaration, following": what both sides signed, then the meeting
_SIGNED_THEN = re.compile(r"\b(?:signed|initial(?:l)?ed|inked)\b[^.;:“”\"]{0,120}$", re.IGNORECASE)
_NOT_AFTER = re.compile(r"\s+(?:no|not|neither)\b")  # "met no with each other"
# ("the two met in Geneva" after a sentence naming both: those two)
_THEY = re.compile(r"\b(?:they|their|them|[Tt]he\s+two(?=\s+(?:men|women|met|have\s+met|had\s+met|"
                   r"held|also)\b))\b")
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
# "his meeting with Gafarova, which took place the previous day": only an event takes
# place, so the clause is the meeting's even after a name.
_EVENT_RELATIVE = re.compile(r"\s*(?:which|that)\s+(?:took\s+place|was\s+held|will\s+take\s+"
                             r"place|will\s+be\s+held|is\s+(?:due|scheduled|expected)\s+to\s+"
                             r"(?:take\s+place|be\s+held)|lasted)\b", re.IGNORECASE)
# "Azerbaijan will not send ...", "The Armenian delegation did not arrive": a side as subject.
_SIDE_SUBJECT = re.compile(rf"\s*(?:The\s+)?({SIDE_WORD})(?:['’]s)?\b(?!\s+and\b)")
# "commented on Azerbaijan's refusal to attend talks": the side whose refusal it is
_SIDE_REFUSAL = re.compile(rf"\b({SIDE_WORD})['’]s\s+(?:refusal|decision\s+not|withdrawal|"
                           r"boycott|absence|no-show)\b")
# "since Georgia refuses to participate": the clause's subject, a country, the one staying away
_COUNTRY_SUBJECT = re.compile(r"\s*(?:(?:since|as|because|while|though|although|but|and)\s+)?"
                              r"(?:the\s+)?([A-Z][\w]+)\s+(?:\w+\s+)?(?:refuse|decline|reject|"
                              r"boycott|will\s+not|won['’]t|did\s+not|does\s+not)", re.IGNORECASE)
# "Armenia has extended invitations to President Aliyev": one side, by its country, invites
# the other's people (to a gathering it hosts, or to talks)
_SIDE_INVITES = re.compile(rf"\s*(?:The\s+)?({SIDE_WORD})(?:\s+side)?\s+(?:has\s+|had\s+)?"
                           r"(?:extended\s+(?:an?\s+)?(?:\w+\s+)?invitations?\s+to|invited|sent\s+"
                           r"(?:an?\s+)?(?:\w+\s+)?invitations?\s+to|(?:is\s+|are\s+)?(?:ready|"
                           r"prepared|willing|eager|glad)\s+to\s+welcome)\b")
# the side invited, right after the invitation: "Azerbaijan has invited Armenia to ..."
_INVITED_TO = re.compile(r"\binvit\w*\s+(?:to\s+)?$", re.IGNORECASE)
_INVITEE = re.compile(rf"\s*(?:the\s+)?({SIDE_WORD})\b")
_WHERE = re.compile(r"\s*where\b")
# "the meetings of Azerbaijani and Armenian foreign ministers": the two sides' own people,
# even when a gathering of many is named beside them ("at the informal CIS summit").
_SIDES_OWN = re.compile(rf"\b({SIDE_WORD})\s+and\s+({SIDE_WORD})\s+(?:[\w-]+\s+){{0,2}}?"
                        r"(?:leaders|ministers|heads|presidents|officials|delegations|speakers)\b",
                        re.IGNORECASE)
# "The meeting aims to finalize ...", "the talks are meant to": what the meeting is for, a
# predicate of its own, so the clauses after it tell other things
_PURPOSE = re.compile(r"\b(?:aims?|seeks?|intends?|(?:is|are)\s+(?:aimed|meant|designed|intended|"
                      r"expected))\s+(?:to|at)\b", re.IGNORECASE)
_COMPLEMENT = re.compile(r"\s*(?:to|for)\s+(?:a|an|the|their)\s+", re.IGNORECASE)
_WITH_BEFORE = re.compile(r"\b(?:meeting|talks|met|meets)\s+with\s+(?:[\w'’-]+\s+){0,4}$",
                          re.IGNORECASE)


def _words(clause: str) -> int:
    """Words of a clause up to a closing quotation mark: 'in Washington on November 20,"
    it was noted' is a clause of place and day, the speech tag after the quote aside."""
    text = clause.strip()
    if text[:1] not in "“\"":
        text = re.split(r"[”\"]", text, maxsplit=1)[0]
    return len(text.split())


def _two_sides_own(clause: str) -> bool:
    return any(SIDE_OF_WORD[m.group(1).lower()] != SIDE_OF_WORD[m.group(2).lower()]
               for m in _SIDES_OWN.finditer(clause))


_ASKS = re.compile(r"\?[\"'”’»)\s]*$")  # "Will the commissions meet in January?"
_WHO_SAID = re.compile(r"\s*who\s+(?:\w+\s+){0,2}?(?:" + SAID + r"|told|"
                       r"called|urged|expressed|voiced|pledged|promised)\b", re.IGNORECASE)
# "[the meeting], Armenian Security Council Secretary Armen Grigoryan said on TV": a clause
# after the meeting's that only says who said it names the speaker, not a participant
_ATTRIBUTION = re.compile(r"\s*(?:[\w'’.-]+\s+){1,8}?(?:" + SAID + r"|told)\b(?!\s+(?:that|he|she|"
                          r"they|we|it)\b)", re.IGNORECASE)
# "On the sidelines of the NATO summit in Washington, Mirzoyan and Bayramov met": a fronted
# phrase of place before the meeting's clause tells where it was.
_FRONTED_PLACE = re.compile(rf"\s*(?:on\s+the\s+{SIDELINES}\s+of|at|in|during|while\s+in)\b",
                            re.IGNORECASE)
_RELATIVE = re.compile(r"(?:which|that|where|who)\s+(?:is|are|was|were|will|would|had|has|have)?",
                       re.IGNORECASE)
# "The meeting of the two ministers, | held on May 10-11 in Almaty": a participle of the
# meeting's own event, right after its clause, tells its day and place like a relative.
_EVENT_PARTICIPLE = re.compile(r"\s*(?:held|scheduled|slated|set\s+to|planned|due\s+to|"
                               r"expected\s+to|to\s+be\s+held|taking\s+place|which\s+took)\b",
                               re.IGNORECASE)
# "the July 10 meeting", "the October 5 summit": a meeting named by its day.
_DAY_NAMED = re.compile(r"\s+(?:(?:trilateral|bilateral|leaders['’]?|summit)\s+)?"
                        r"(?:meeting|talks|summit|negotiations)\b")
# "..., Jeyhun Bayramov and Ararat Mirzoyan, held on ...": an appositive of names only.
_NAME_OF = r"(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+(?:\s+of\s+[A-Z][\w'’-]+)?"
_NAMES_ONLY = re.compile(rf"\s*(?:(?:namely|and)\s+)?{_NAME_OF}(?:(?:,\s*|,?\s+and\s+){_NAME_OF})"
                         r"{0,4}\s*")
# At most this many clauses of names between a meeting and its participle ("a consultation
# of the ministers, namely A of Armenia, B of Georgia, and C of Azerbaijan, held in ...")
_NAMES_SKIPPED = 4
OLD_WORDS_DAYS = 14  # words spoken this long before publication tell a past plan
OLD_MONTH_DAYS = 5  # a meeting of a month that ended this long before publication is history
# "..., on Nov. 20 because of ...": a clause that opens with its date
_DATE_LEAD = re.compile(r"\s*(?:on|in)\s+(?:the\s+)?")
# "..., at the White House tomorrow": one that opens with a preposition of place or time
_PREP_LEAD = re.compile(r"\s*(?:on|in|at)\s")


@dataclass
class Reading:
    """One candidate a rule looked at: the clause, what it read, and the verdict."""

    sentence: str
    clause: str
    verdict: str  # "kept", "dropped"
    reason: str
    fact: dict | None = None


PLAN_DAY_PAST_DAYS = 365  # a plan dated further back than this: the day is not the meeting's


@dataclass
class Context:
    """What earlier sentences of the same article established."""

    last: Meeting | None = None
    last_place: Venue | None = None  # the last place a sentence named, for "talks there"
    last_subject: Person | None = None  # the first person a sentence named, for "he"
    gathering: tuple[Venue, When | None] | None = None  # the last summit of many told
    last_plan: Meeting | None = None  # the last meeting still to come (or called off) told
    plan_venue: Venue | None = None  # the place of the last such meeting with one
    pair_before: dict[str, Person] | None = None  # both sides' people of the last sentence
    pair_sentence: str = ""  # that sentence, for the day it gives them
    denied: bool = False  # a report of a meeting was denied
    after_gathering: bool = False  # the last meeting told was a gathering of many
    one_side: bool = False  # this sentence told a meeting of one side with others
    one_side_before: bool = False  # the sentence before did: "They ..." are those people


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


# "held a meeting at the chancellor's invitation": an invitation accepted names the host,
# it is no proposal
_AT_INVITATION = re.compile(r"\b(?:at|on|upon)\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,4}?$",
                            re.IGNORECASE)


def _next_after_names(sentence: str, clauses: list[tuple[int, int]], i: int,
                      trigger_clauses: set[int] | list[int]) -> int | None:
    """The clause after clause `i`'s, past an appositive of names ("..., Ararat Mirzoyan,"),
    that opens with a preposition of place or time: the meeting's words going on there
    ("..., at the White House tomorrow for a summit"); None when there is none."""
    k = i + 1
    while k < len(clauses) and k - i <= _NAMES_SKIPPED and \
            _NAMES_ONLY.fullmatch(sentence, *clauses[k]):
        k += 1
    if k >= len(clauses) or not _PREP_LEAD.match(sentence, *clauses[k]) or (
            k in trigger_clauses and HELD.search(sentence, *clauses[k])):
        return None  # (", at the summit they met again": a meeting of its own)
    return k


def _speech_verb_before(sentence: str, at: int) -> bool:
    """A speech verb before `at` with no meeting told between them: "announced on Monday
    that" is the telling's day; "announced after the talks hosted by Trump on August 8
    that" is the talks' day."""
    verbs = list(SPEECH_VERB.finditer(sentence, 0, at))
    return bool(verbs) and not TRIGGER.search(sentence, verbs[-1].end(), at)


def status_of(clause: str, has_day: bool) -> tuple[str | None, str]:
    """The strongest status cue in a clause and the family that gave it (see the module
    docstring for the order). What a "that" after the meeting's word reports ("announced
    after the talks on August 8 that Armenia will give ...") is another matter, not read,
    unless it tells a meeting itself ("... that he would invite them to a meeting")."""
    if (trig := TRIGGER.search(clause)) and (that := _REPORTED.search(clause, trig.end())) \
            and not TRIGGER.search(clause, that.end()):
        clause = clause[:that.start()]
    if (follows := _FOLLOWS_MEETING.search(clause)) and not NEGATION.search(
            clause[:follows.start()]):
        return "held", "after the meeting"
    if CANCELLED.search(clause):
        return "cancelled", CANCELLED.name
    if POSTPONED.search(clause):
        return "postponed", POSTPONED.name
    if any(not _AT_INVITATION.search(clause, 0, m.start()) or "invit" not in m.group(0).lower()
           for m in PROPOSED.finditer(clause)):
        return "proposed", PROPOSED.name
    if m := PLANNED.search(clause):
        agreed = m.group(0).lower().startswith(("agreed", "agreement"))
        return ("scheduled" if has_day or agreed else "proposed"), PLANNED.name
    if UNDER_WAY.search(clause):
        return "held", UNDER_WAY.name
    if FUTURE.search(clause) or MOVED_TO.search(clause):
        return "scheduled", FUTURE.name
    if m := ARRIVED_FOR.search(clause):
        return ("held" if m.group("verb") in ("was", "were") else "scheduled"), ARRIVED_FOR.name
    if _AFTER_MEETING.match(clause):
        return "held", "after the meeting"  # "since the Almaty talks": one already known
    for m in HELD.finditer(clause):
        if not NEGATION.search(clause[: m.start()]) and not _NOT_AFTER.match(clause, m.end()) \
                and not _OTHER_UNDER_WAY.search(clause, 0, m.start()):
            return "held", HELD.name
    return None, ""


def mask_non_parties(sentence: str) -> str:
    """The sentence with side words that do not name a party blanked out (same length):
    "Karabakh Armenian representatives" speak for no side of the talks."""
    def blank(m: re.Match) -> str:
        text = m.group(0)
        for g in "abcde":
            if m.group(g):
                s, e = m.start(g) - m.start(), m.end(g) - m.start()
                return text[:s] + "x" * (e - s) + text[e:]
        return text
    return KARABAKH_ARMENIANS.pattern.sub(blank, sentence)


# "in an Armenian city", "on Azerbaijani soil", "on Russian territory": a country told by its
# adjective and a kind of place
_SIDE_TOWN = re.compile(r"\b(?:in|on)\s+(?:an?\s+|the\s+)?([A-Z][a-z]+)\s+(?:city|town|"
                        r"village|territory|soil|capital|side\s+of\s+the\s+border)\b")
_DOCUMENT_PLACE = re.compile(r"\b(?:agreements?|deals?|declarations?|accords?|decisions?|"
                             r"statements?)\s+(?:\w+\s+)?(?:reached|signed|agreed|adopted|"
                             r"initial(?:l)?ed|achieved|made)\s+(?:at|in)\s+(?:the\s+)?$",
                             re.IGNORECASE)
_SIDE_NAMED = re.compile(rf"\b{SIDE_WORD}\b")
# "Preparations are under way ahead of the meeting": what is going on is not the meeting
_OTHER_UNDER_WAY = re.compile(r"\b(?:preparations?|work|works|construction|arrangements|"
                              r"repairs?|security\s+measures)\s+(?:\w+\s+){0,2}?$", re.IGNORECASE)
# "are currently holding talks", "the talks are under way": a meeting going on as told
_GOING_ON = re.compile(r"\b(?:is|are)\s+(?:currently\s+|now\s+)?(?:taking\s+place|under\s?way|"
                       r"holding|hosting|meeting|in\s+session)\b", re.IGNORECASE)
# "confirmed the talks during a briefing in Astana": where the speaker spoke, not where the
# meeting is
_SPEAKER_PLACE = re.compile(r"\b(?:briefing|press\s+conference|news\s+conference|interview|"
                            r"speech|address|remarks|press\s+point)\s+(?:\w+\s+){0,2}?"
                            r"(?:in|at)\s+(?:the\s+)?(?:(?:capital|city|town)(?:\s+of)?,?\s+)?$",
                            re.IGNORECASE)
# "Officials in Baku have agreed to a meeting": a government told by its seat, not a venue
_AGENT_PLACE = re.compile(r"\b(?:officials|authorities|government|leadership|sources|diplomats|"
                          r"politicians|analysts|experts|observers)\s+in\s+$", re.IGNORECASE)
# "the EU Special Representative for the South Caucasus and the crisis in Georgia": a
# place inside an office's remit is no place anything happened.
_OFFICE_REMIT = re.compile(r"\b(?:representative|envoy|coordinator|commissioner|rapporteur)\s+"
                           r"(?:for|on)\s+(?:[\w'’-]+\s+){0,8}?in\s+(?:the\s+)?$", re.IGNORECASE)
# "on the sidelines of the summit", "during the summit", "at the forum": at the gathering
# told before
_AT_GATHERING = re.compile(rf"\b(?:{SIDELINES}\s+of|[Dd]uring|at|framework\s+of)\s+(?:the\s+)?"
                           r"(?:[\w+“”\"()-]+\s+){0,5}?"
                           r"(?:summit|forum|conference|session|gathering|assembly|event)\b",
                           re.IGNORECASE)
# a clause of place and day that goes on with the people met: "..., on Thursday with the leaders"
_WITH_AFTER = re.compile(r"\s*(?:(?:on|in)\s+)?[\w.'’-]+(?:\s+[\w.'’-]+){0,3}?\s+with\s+"
                         r"(?:the\s+)?(?:leaders|ministers|heads|presidents|representatives)\b",
                         re.IGNORECASE)
_AT_THE_SUMMIT = re.compile(r"\bat\s+the\s+summit\b", re.IGNORECASE)
# "said on Wednesday at a meeting with ...": the words spoken at the meeting, on its day
_SPOKEN_AT = re.compile(r",?\s+(?:at|during)\s+(?:a|an|the|their)\s+(?:[\w-]+\s+){0,2}?"
                        r"(?:meeting|session|talks)\b", re.IGNORECASE)
# "as Brussels and Washington hosted negotiations": places that each hosted the process
_PLACES_HOSTED = re.compile(r"\b([A-Z][\w-]+)\s+and\s+([A-Z][\w-]+)\s+(?:have\s+|had\s+)?"
                            r"(?:hosted|held)\b")
# "... talks with Bayramov and Mirzoyan, Moscow, July 25, 2023": a readout's closing place
# and day, where the talks were held
_PLACE_AND_DAY = re.compile(rf",\s*(?:{MONTH_NAMES})\s+\d{{1,2}},\s*\d{{4}}\s*$")
# "On Wednesday, the Armenian government said ...": a date opening the sentence before its
# speaker and speech verb is the statement's
_FRONTED_DATE = re.compile(r"\s*(?:[Oo]n\s+|[Ll]ast\s+|[Tt]his\s+|[Ee]arlier\s+this\s+)?")
# (or reacted, which dates the reaction: "Last Wednesday, Tokayev welcomed their agreement
# to hold talks in Almaty")
_SUBJECT_SAID = re.compile(r"\s*,\s*(?:the\s+)?(?:[\w'’-]+\s+){1,7}?(?:" + SAID + r"|told|"
                           r"reported|confirmed|welcomed|hailed|praised|applauded)\b",
                           re.IGNORECASE)
_THREE_WAY = re.compile(r"\b(?:trilateral|three-way|tripartite|three-party)\b", re.IGNORECASE)
_LIST_BEFORE = re.compile(r"(?:[A-Z][\w'’-]+(?:,\s*|,?\s+and\s+)){2,}$")
_LIST_AFTER = re.compile(r"^(?:(?:,\s*|,?\s+and\s+)[A-Z][\w'’-]+){2,}")
_LIST_AROUND = re.compile(r"(?:[A-Z][\w'’-]+(?:,\s*|,?\s+and\s+))$")


def _in_city_list(text: str, found, gaz: Gazetteer) -> bool:
    """Is this city one of a list of three or more names ("attacks in Kirovabad, Baku,
    Maraga")? Such a list tells where things happened, not where a meeting was."""
    if not found.ref.city:
        return False
    before, after = text[:found.start], text[found.end:]
    # The other names must be places too: "in Washington, Mirzoyan and Bayramov met" is
    # a city, then the people who met there.
    spans = [m.group(0) for m in (_LIST_BEFORE.search(before), _LIST_AFTER.match(after)) if m]
    if (m := _LIST_AROUND.search(before)) and (n := re.match(
            r"(?:,\s*|,?\s+and\s+)[A-Z][\w'’-]+", after)):
        spans.append(m.group(0) + n.group(0))
    return any(gaz.find_places(span) for span in spans)


@dataclass
class _Draft:
    """One mention being read (`MeetingReader._mention`): its clause, and what each
    decision (status, who, mediators, where, when) found so far."""

    original: str
    sentence: str
    clauses: list[tuple[int, int]]
    i: int
    triggers: list[int]
    dates: list[DateMention]
    first: Meeting | None
    is_title: bool
    dateline: Venue
    start: int
    end: int
    clause: str
    trig: re.Match | None
    trig_at: int
    status: str | None = None
    cue: str = ""
    level: str | None = None
    participants: dict[str, Person] = field(default_factory=dict)
    mediators: dict[str, Person] = field(default_factory=dict)
    who: Who | None = None
    partial: bool = False
    context: bool = False
    last: Meeting | None = None  # the article's last meeting when this one was read
    inherited: Meeting | None = None
    other_meeting: bool = False
    anaphora: Meeting | None = None
    ceremony: bool = False
    own_venue: Venue | None = None
    venue: Venue | None = None
    attached: list[int] = field(default_factory=list)
    at_gathering: bool = False
    gathering_day: When | None = None  # the summit's, when "the summit" is known only by it
    invites: re.Match | None = None  # one side inviting or ready to welcome the other
    when: When | None = None
    background: bool = False


class MeetingReader:
    """Reads meeting mentions from the sentences of one article."""

    def __init__(self, gaz: Gazetteer, published: date, trace: list | None = None,
                 published_known: bool = True):
        self.gaz = gaz
        self.day = published
        self.published_known = published_known
        self.ctx = Context()
        self.parties = PartyReader(gaz, published)
        self.trace = trace

    def _note(self, sentence: str, clause: str, verdict: str, reason: str,
              mention: Meeting | None = None) -> None:
        if self.trace is not None:
            fact = None
            if mention is not None:
                fact = {**mention.to_json(), "background": mention.background,
                        "partial": mention.partial}
            self.trace.append(Reading(sentence, clause, verdict, reason, fact))

    def _who(self, text: str) -> Who:
        return self.parties.who(text)

    # -- the rest of a mention ------------------------------------------------
    def _venue(self, text: str, trigger_at: int) -> Venue:
        best: tuple[int, Venue] | None = None
        for m in _SIDE_TOWN.finditer(text):
            country = self.gaz.country_of_word(m.group(1))
            if country is not None and (best is None or abs(m.start() - trigger_at) + 1000
                                        < best[0]):
                best = (abs(m.start() - trigger_at) + 1000, Venue(None, country.name))
        for f in self.gaz.find_places(text):
            before, after = text[: f.start], text[f.end:]
            if re.match(r"\s*['’]s\b", after):
                continue
            if _DOCUMENT_PLACE.search(before):
                continue  # "the agreements reached at the Washington summit": another event
            if _SPEAKER_PLACE.search(before) or _OFFICE_REMIT.search(before) or \
                    _AGENT_PLACE.search(before):
                continue
            if _in_city_list(text, f, self.gaz):
                continue  # "attacks in Kirovabad, Baku, Maraga": a list, not where they met
            if f.ref.city is None and _INVITED_TO.search(before) and \
                    self.gaz.country_of_word(f.text) is not None and \
                    self.gaz.country_of_word(f.text).party:
                continue  # "an invitation to Armenia to attend": the guest, not the venue
            if not (_VENUE_BEFORE.search(before) or _VENUE_HOSTS.match(after)
                    or _VENUE_AS.match(after) or _PLACE_AND_DAY.match(after)
                    or _VENUE_ADJ.match(after)
                    or (f.ref.landmark and not _SPEAKS.match(after))):
                continue
            place = f.ref
            venue = Venue(place.city, place.country)
            distance = abs(f.start - trigger_at)
            if best is None or (venue.city and not best[1].city and
                                best[1].country == venue.country) or distance < best[0] and \
                    not (best[1].city and best[1].country == venue.country):
                best = (distance, venue)
        return best[1] if best else Venue()

    def _dateline_venue(self, sentence: str) -> tuple[Venue, int]:
        """The place of a dateline opening the sentence, and where the lead begins."""
        m = DATELINE.match(sentence)
        if not m:
            return Venue(), 0
        found = self.gaz.find_places(m.group("place").title())
        if not found:
            return Venue(), 0
        place = found[0].ref
        return Venue(place.city, place.country), m.end()

    def _date(self, clause: str, offset: int, sentence: str, dates: list[DateMention],
              clauses: list[tuple[int, int]], i: int, trigger_clauses: set[int],
              status: str | None) -> When | None:
        start, end = offset, offset + len(clause)
        own = [d for d in dates if start <= d.start < end and d.role != "until"
               and not self._speech_date(sentence, d)
               and not _NOUN_PARTICIPLE_DATE.search(sentence, max(0, d.start - 40), d.start)]
        if status == "proposed":
            # a proposal's day is after the meeting's word; a span between the proposing
            # word and it ("may succeed in organizing next month a meeting") is the plan's
            trig = TRIGGER.search(clause)
            cut = offset + (trig.start() if trig else 0)
            wish = PROPOSED.search(clause)
            after = offset + wish.end() if wish and trig and wish.end() <= trig.start() else cut
            own = [d for d in own if d.start >= cut or (
                after <= d.start and d.when.precision != "day")]
        if not own and status != "proposed":
            # (a proposal's day is read after its wish, above; "had been considering a
            # meeting in Granada, on Thursday with ..." is not dated by the wish's tense)
            own = self._date_opening_next(sentence, dates, clauses, i, trigger_clauses)
        if not own:
            # A bare adverbial clause ("In early May") lends its date to the sentence; a
            # relative clause ("the COP29 summit, which began on November 11") dates its noun.
            for k, (s, e) in enumerate(clauses):
                if k in trigger_clauses or _words(sentence[s:e]) > 6 or \
                        _RELATIVE_CLAUSE.match(sentence, s, e):
                    continue
                own += [d for d in dates if s <= d.start < e and d.role == "point"
                        and not self._speech_date(sentence, d)]
        if not own and status in ("held", "cancelled"):
            # "In 2023, Azerbaijan retook the region, after which the sides began talks":
            # a point date of an earlier clause still dates the event.
            # The date of a plan told in another clause dates the plan, not this meeting.
            other = [clauses[k] for k in trigger_clauses if k != i and status_of(
                sentence[clauses[k][0]:clauses[k][1]], False)[0] in PLANS]
            earlier = [d for d in dates if d.start < start and d.role == "point"
                       and not self._speech_date(sentence, d)
                       and not any(s <= d.start < e for s, e in other)]
            own = earlier[-1:]
        if not own:
            return None
        day_first = sorted(own, key=lambda d: (d.when.precision != "day", d.start))
        return day_first[0].when

    def _date_opening_next(self, sentence: str, dates: list[DateMention],
                           clauses: list[tuple[int, int]], i: int,
                           trigger_clauses: set[int]) -> list[DateMention]:
        """The date opening the clause after the meeting's (past an appositive of names):
        "won't attend negotiations with his Armenian counterpart, Ararat Mirzoyan, on Nov. 20
        because of ...": the meeting's words go on there, however long the clause."""
        k = _next_after_names(sentence, clauses, i, trigger_clauses)
        lead = _DATE_LEAD.match(sentence, *clauses[k]) if k is not None else None
        return [d for d in dates if lead and d.start == lead.end() and d.role == "point"
                and not self._speech_date(sentence, d)]

    @staticmethod
    def _speech_date(sentence: str, d: DateMention) -> bool:
        if _SPOKEN_AT.match(sentence, d.end):
            return False  # "said on Wednesday at a meeting with": the meeting's day too
        return bool(SPEECH_AFTER.match(sentence[d.end:])
                    or SPEECH_BEFORE.search(sentence[: d.start])
                    or _SPEECH_NOUN_BEFORE.search(sentence, 0, d.start)
                    or (SPEECH_THAT.match(sentence[d.end:])
                        and _speech_verb_before(sentence, d.start))
                    or (_FRONTED_DATE.fullmatch(sentence[: d.start])
                        and _SUBJECT_SAID.match(sentence[d.end:])))

    # -- sentences ------------------------------------------------------------
    def read(self, sentence: str, is_title: bool = False) -> list[Meeting]:
        out: list[Meeting] = []
        self.ctx.one_side_before, self.ctx.one_side = self.ctx.one_side, False
        if not TRIGGER.search(sentence) and not CANCELLED.search(sentence):
            if self.trace is not None and PHONE.search(sentence):
                self._note(sentence, sentence, "dropped", "a phone or video call")
            out += self._led_by(sentence)
            self.parties.note_leaders(sentence)
            self._note_place(sentence)
            self._note_subject(sentence)
            self._note_gathering(sentence)
            self._note_pair(sentence)
            return out
        if _GUEST_LIST.search(sentence) and (led := self._led_by(sentence)):
            return led  # "..., Hajiyev and Grigoryan attended the meeting": its people
        original = sentence
        sentence = mask_non_parties(sentence)
        dateline, lead_at = self._dateline_venue(sentence)
        dates = find_dates(sentence, self.day, self.published_known)
        first: Meeting | None = None
        for s_start, s_end in _segments(sentence):
            s_start = max(s_start, lead_at)
            mentions = self._segment(original, sentence, s_start, s_end, dates, first,
                                     is_title, dateline)
            out += mentions
            if mentions and first is None:
                first = mentions[0]
        self.parties.note_leaders(sentence)
        self._note_place(sentence)
        self._note_subject(sentence)
        self._note_gathering(sentence, dates)
        self._note_pair(sentence)
        return out

    def _places_hosted(self, clause: str) -> bool:
        """Do two places, each a host, open the clause's meeting ("as Brussels and
        Washington hosted negotiations")? Meetings in each: the process told, history."""
        m = _PLACES_HOSTED.search(clause)
        return m is not None and all(
            (found := self.gaz.find_places(m.group(i))) and found[0].ref.city
            for i in (1, 2))

    def _side_meets_other(self, clause: str, apart: re.Match) -> bool:
        """Is "bilateral meetings with" one side's with the other: one side named before
        it, the other just after?"""
        if not apart.group(0).lower().startswith(("bilateral", "two bilateral")):
            return False
        before, after = clause[:apart.start()], clause[apart.end():apart.end() + 40]
        one, other = self._sides_named(before), self._sides_named(after)
        return len(one) == 1 and len(other) == 1 and one != other

    def _sides_named(self, text: str) -> set[str]:
        """The sides a text names, by a country word or a person."""
        return {SIDE_OF_WORD[w.lower()] for w in _SIDE_NAMED.findall(text)} | {
            f.ref.side for f in self.gaz.find_people(text) if f.ref.side}

    def _note_pair(self, sentence: str) -> None:
        """The people of both sides a sentence names, for a ceremony told next."""
        people = {f.ref.name: f.ref for f in self.gaz.find_people(sentence) if f.ref.side}
        both = len({p.side for p in people.values()}) >= 2
        self.ctx.pair_before = people if both else None
        self.ctx.pair_sentence = sentence if both else ""

    def _led_by(self, sentence: str) -> list[Meeting]:
        """"The commissions are headed by Grigoryan and his counterpart Mustafayev", "X, Y
        and Z attended the meeting": the people of each side (and the third parties listed
        with them) at the meeting just told, which named only the two sides."""
        last = self.ctx.last
        if last is None or last.participants or last.background or \
                not (_LED_BY.search(sentence) or _GUEST_LIST.search(sentence)):
            return []
        found = self.gaz.find_people(sentence)
        people = {f.ref.name: f.ref for f in found if f.ref.side}
        if len({p.side for p in people.values()}) < 2:
            return []
        level = level_of(list(people.values()), self.day, self.gaz) or last.level
        if last.level and level != last.level:
            return []
        # the third parties listed with them ("advisers to EU Council chief ...") host it
        thirds = sorted({f.ref.name for f in found if not f.ref.side} | set(last.mediators))
        mention = last.with_(participants=tuple(sorted(people)), mediators=tuple(thirds),
                             evidence=sentence.strip())
        self.ctx.last = mention
        self.ctx.after_gathering = False
        self._note(sentence, sentence, "kept", f"{last.status} (the people leading the "
                   "sides of the meeting told before)", mention)
        return [mention]

    def _note_gathering(self, sentence: str, dates: list[DateMention] | None = None) -> None:
        """"On October 24, Kazan hosted the BRICS summit": where and when the gathering was,
        for a meeting "on the sidelines of the summit" told after it."""
        named = [f for f in self.gaz.find_places(sentence)
                 if _EVENT_AFTER.match(sentence[f.end:])]  # "the Sharm el-Sheikh Peace Summit"
        if not MULTILATERAL.search(sentence) and not named:
            return
        places = named or [f for f in self.gaz.find_places(sentence)
                           if _VENUE_BEFORE.search(sentence[:f.start])
                           or _VENUE_HOSTS.match(sentence[f.end:])]
        if not places:
            return
        dates = find_dates(sentence, self.day, self.published_known) if dates is None \
            else dates
        days = [d.when for d in dates if d.role == "point" and d.when.precision == "day"
                and not self._speech_date(sentence, d)]
        place = places[0].ref
        self.ctx.gathering = (Venue(place.city, place.country), days[0] if days else None)

    def _named_by_its_day(self, sentence: str, start: int, end: int,
                          dates: list[DateMention]) -> tuple[str | None, str | None]:
        """"the July 10 meeting in Abu Dhabi", "the October 5 summit": a meeting named by its
        day is held when the day is past, scheduled when it is to come."""
        for d in dates:
            if not (start <= d.start < end) or d.when.precision != "day":
                continue
            if _DAY_NAMED.match(sentence, d.end) and re.search(
                    r"\bthe\s+$", sentence[max(start, d.start - 5):d.start]):
                return ("held" if d.when.end < self.day else "scheduled"), "named by its day"
        return None, None

    def _gathering_venue(self, when: When | None, status: str = "held") -> Venue:
        """A meeting of these days with no place of its own, in an article about a summit
        held then ("at the Sharm el-Sheikh Peace Summit on Monday ... also met with Aliyev
        and Pashinyan"), was held at the summit; a plan for "the coming days" is not."""
        if self.ctx.gathering is None or when is None:
            return Venue()
        place, day = self.ctx.gathering
        near = When(self.day - timedelta(days=1), self.day + timedelta(days=1), "week")
        if not when.overlaps(near) or (day is not None and not day.overlaps(when)):
            return Venue()
        if status != "held" and when.end > near.end:
            return Venue()
        return place

    def _host_before(self, text: str) -> Person | None:
        """The third party "his" points to: the last one named earlier in the sentence,
        else the previous sentence's subject."""
        for found in reversed(self.gaz.find_people(text)):
            if not found.ref.side and found.ref.offices_on(self.day):
                return found.ref
        subject = self.ctx.last_subject
        return subject if subject is not None and not subject.side else None

    def _note_subject(self, sentence: str) -> None:
        people = self.gaz.find_people(sentence)
        if people and people[0].ref.offices_on(self.day):
            self.ctx.last_subject = people[0].ref
        elif people:
            self.ctx.last_subject = None

    def _note_place(self, sentence: str) -> None:
        found = self.gaz.find_places(sentence)
        places = [f for f in found if _VENUE_BEFORE.search(sentence[:f.start])
                  and not _OFFICE_REMIT.search(sentence[:f.start])]
        if places:
            last = places[-1].ref
            i = found.index(places[-1])
            prev = found[i - 1] if i > 0 else None
            if last.city is None and prev is not None and prev.ref.city and \
                    prev.ref.country == last.country and \
                    re.fullmatch(r",\s*", sentence[prev.end:places[-1].start]):
                last = prev.ref  # "in Tianjin, China": the city, its country after it
            self.ctx.last_place = Venue(last.city, last.country)

    def _segment(self, original: str, sentence: str, start: int, end: int,
                 dates: list[DateMention], first: Meeting | None, is_title: bool,
                 dateline: Venue) -> list[Meeting]:
        clauses = [(start + s, start + e) for s, e in _clauses(sentence[start:end])]
        triggers = [i for i, (s, e) in enumerate(clauses)
                    if TRIGGER.search(sentence[s:e]) or CANCELLED.search(sentence[s:e])]
        if first is not None and not triggers:
            triggers = [0]  # "and another in Spain": the determiner is the trigger
        # What holds for the whole sentence is tested once, and told for each trigger.
        # a denial of a report of a meeting; later, that report told on the press's word
        denied = bool(DENIAL.search(sentence)) or (
            self.ctx.denied and bool(RUMOUR.search(sentence)))
        self.ctx.denied = self.ctx.denied or denied and bool(triggers)
        # a third party's tour of both capitals, told up to the meeting's clause (one told in
        # a trailing aside, "an initiative proposed during his visits to Baku and Yerevan",
        # is the initiative's story)
        shuttle_at = [m.start() for m in SHUTTLE.finditer(sentence)]
        asks = bool(_ASKS.search(sentence))
        out = []
        for i in triggers:
            s, e = clauses[i]
            clause = sentence[s:e]
            if PHONE.search(clause):
                said = _SAID_IN_CALL.search(clause)
                if said is not None and TRIGGER.search(clause, 0, said.start()):
                    out += self._segment(original, sentence, s, s + said.start(), dates,
                                         first, is_title, dateline)
                    continue
                about = _CALL_ABOUT.search(clause)
                if about is None:
                    self._note(original, clause, "dropped", "a phone or video call")
                    continue
                # "had a phone conversation with Aliyev on the upcoming meeting between the
                # heads of Armenia and Azerbaijan": the call is no meeting; what it was about is
                out += self._segment(original, sentence, s + about.start("meeting"), e, dates,
                                     first, is_title, dateline)
                continue
            if denied:
                self._note(original, clause, "dropped", "a report that was denied")
                continue
            before = sentence[clauses[i - 1][0]:clauses[i - 1][1]] if i > 0 else ""
            if (prep := PREPARATION.search(clause)) and (trig := TRIGGER.search(clause)) and (
                    prep.start() <= trig.start() < prep.end()
                    or not _SIDE_NAMED.search(clause) and not self.gaz.find_people(clause)
                    and not self.gaz.find_people(before)):
                # "will travel to Brussels on Tuesday to prepare the meeting": the place and
                # day are the preparation's; the meeting prepared is told elsewhere; so is
                # "officials will meet to prepare the talks next week", naming nobody of its own
                self._note(original, clause, "dropped", "a preparation for a meeting told "
                                                        "elsewhere")
                continue
            if asks:
                self._note(original, clause, "dropped", "a question, not a report")
                continue
            apart = SEPARATE.search(clause)
            if apart and _THREE_WAY.search(clause, 0, apart.start()):
                apart = None  # "held a trilateral meeting and separate talks with Nurtleu"
            elif apart and self._side_meets_other(clause, apart):
                apart = None  # "Azerbaijan is ready to hold bilateral meetings with Armenia"
            if any(at < e for at in shuttle_at) or apart:
                self._note(original, clause, "dropped",
                           "a third party meeting each side apart")
                continue
            # "will meet ... to prepare for the Oct. 5 summit": that day is the summit's
            own = dates if prep is None else [
                d for d in dates if not s + prep.start() <= d.start < s + prep.end()]
            mention = self._mention(original, sentence, clauses, i, triggers, own, first,
                                    is_title, dateline if i == 0 else Venue())
            plan = out[-1] if out else first
            if mention and mention.status == "held" and plan is not None and \
                    plan.status in PLANS and HOSTED_BY.search(clause):
                # "will hold talks in Almaty, in a meeting hosted by Nurtleu": the host of
                # the meeting told, not a second meeting, held
                hosted = plan.with_(mediators=tuple(sorted({*plan.mediators,
                                                            *mention.mediators})))
                if out:
                    out[-1] = hosted
                else:
                    out.append(hosted)
                continue
            if mention:
                out.append(mention)
        return out

    @staticmethod
    def _attached(sentence: str, clauses: list[tuple[int, int]], i: int,
                  triggers: list[int]) -> set[int]:
        """The relative clauses right after the trigger's ("a meeting ... | which is due to
        take place in Brussels"): they tell its place and date."""
        out: set[int] = set()

        def text(k: int) -> str:
            return sentence[clauses[k][0]:clauses[k][1]] if k < len(clauses) else ""

        head, j = text(i), i + 1
        k = j
        while k < len(clauses) and k - j < _NAMES_SKIPPED and k not in triggers and \
                _NAMES_ONLY.fullmatch(text(k)):
            k += 1
        if k > j and _EVENT_PARTICIPLE.match(text(k)):
            j = k  # "..., Bayramov and Mirzoyan, held on May 10": past the names
        event = _EVENT_RELATIVE.match(text(j)) or _EVENT_PARTICIPLE.match(text(j))
        if not TRIGGER.search(head[-45:]) and not (TRIGGER.search(head) and event):
            return out  # "... the Assembly of Euronest, which was held in Armenia": not ours
        while j < len(clauses) and j not in triggers and (
                _RELATIVE.match(text(j)) or _EVENT_PARTICIPLE.match(text(j))):
            out.add(j)
            j += 1
        return out

    def _met_with(self, clause: str) -> bool:
        """The clause names who the meeting was with: "a meeting with Pashinyan", "talks
        with Armenian Prime Minister Nikol Pashinyan". With a pronoun ("he is due to hold
        talks with Aliyev") the other side is the subject told before."""
        return any(f.ref.side and _WITH_BEFORE.search(clause[:f.start])
                   for f in self.gaz.find_people(clause))

    def _nearest_who(self, sentence: str, clauses: list[tuple[int, int]], i: int,
                     triggers: list[int]) -> Who:
        """Participants from the trigger's clause, else the nearest clause naming both sides,
        else the trigger's clause with the subject clauses before it ("The secretary of
        Armenia's Security Council, Armen Grigoryan, and Aliyev's aide, Hikmet Hajiyev,
        met ...")."""
        order = [i, *range(i - 1, -1, -1), *range(i + 1, len(clauses))]
        found = None
        countries = None  # "a meeting between Georgia, Azerbaijan and Armenia ..., with A and B"
        for j in order:
            text = sentence[clauses[j][0]:clauses[j][1]]
            if j > i and (_WHO_SAID.match(text) or (
                    j not in triggers and _ATTRIBUTION.match(text))):
                continue  # "met Erdogan, who said he backs Yerevan's talks with Baku"
            if j != i and MULTILATERAL.search(text):
                continue  # "held talks there after a meeting of the ministers of Armenia,
                # Azerbaijan, Iran, Russia and Turkey": the gathering's countries, not theirs
            who = self._who(text)
            if len(who.sides) >= 2 and not who.participants and countries is None:
                countries = who  # the sides by their countries: their people may follow
                continue
            if len(who.sides) >= 2 and (who.participants or countries is None):
                return who
            if j == i and len(who.sides) == 1 and self._met_with(text) and \
                    not _PRONOUN.search(text) and not (i > 0 and _VERB_FIRST.match(text)):
                return who  # "said following a meeting with Pashinyan": his own clause
                # (not "..., Yagub Eyyubov, | met with his counterpart": its subject is before)
            found = found or (who if j == i else None)
        first = i
        while first > 0 and first - 1 not in triggers:
            first -= 1
        if countries is not None:
            return countries
        if first < i:
            span = self._who(sentence[clauses[first][0]:clauses[i][1]])
            if len(span.sides) >= 2:
                return span
        # "a meeting in Granada, Spain, on Thursday with leaders of France, Germany, Armenia":
        # the people the meeting is "with", told after its place and day
        for j in range(i + 1, len(clauses)):
            if j in triggers:
                break
            if _WITH_AFTER.match(sentence, clauses[j][0], clauses[j][1]):
                span = self._who(sentence[clauses[i][0]:clauses[j][1]])
                if len(span.sides) >= 2:
                    return span
                break
        return found or Who()

    def _mention(self, original: str, sentence: str, clauses: list[tuple[int, int]], i: int,
                 triggers: list[int], dates: list[DateMention], first: Meeting | None,
                 is_title: bool, dateline: Venue) -> Meeting | None:
        """The meeting a trigger's clause tells, decided step by step (status, who, mediators,
        where, when and whether it is history), each step free to drop it with its reason."""
        start, end = clauses[i]
        clause = sentence[start:end]
        trig = TRIGGER.search(clause) or CANCELLED.search(clause)
        d = _Draft(original, sentence, clauses, i, triggers, dates, first, is_title, dateline,
                   start, end, clause, trig, start + (trig.start() if trig else 0))
        for step in (self._read_status, self._read_who, self._read_sides, self._read_mediators,
                     self._read_place, self._read_when):
            if not step(d):
                return None
        return self._kept(d)

    def _drop(self, d: _Draft, reason: str) -> bool:
        self._note(d.original, d.clause, "dropped", reason)
        return False

    def _read_status(self, d: _Draft) -> bool:
        """The status: the clause's own cue, else a bare subject's predicate, the clause a
        complement hangs from, the sentence's first meeting, or the day it is named by."""
        sentence, clause, clauses, i, start = d.sentence, d.clause, d.clauses, d.i, d.start
        has_day = any(m.when.precision in ("day", "week") and start <= m.start < d.end
                      and not self._speech_date(sentence, m) for m in d.dates)
        status, cue = status_of(clause, has_day)
        # A bare subject ("The talks, which are taking place ...") takes its status from
        # the clauses that follow it, up to the next trigger.
        j = i + 1
        if _PURPOSE.search(clause):
            j = len(clauses)  # "The meeting aims to ...": the clause has its own predicate
        while status is None and j < len(clauses) and j not in d.triggers:
            status, cue = status_of(sentence[clauses[j][0]:clauses[j][1]], has_day)
            j += 1
        if status is None and i > 0 and _COMPLEMENT.match(clause):
            # "I will be inviting the two leaders, A and B, to a meeting in Brussels"
            status, cue = status_of(sentence[clauses[i - 1][0]:clauses[i - 1][1]], has_day)
        if status is None and d.first is not None:
            status, cue = d.first.status, "the sentence's first meeting"
        if status is None:
            status, cue = self._named_by_its_day(sentence, start, d.end, d.dates)
        if status is None and NO_PLAN.search(clause):
            return self._drop(d, "no meeting in view (no plans, unlikely)")
        if status is None:
            return self._drop(d, "no status cue (met, will, cancelled ...)")
        if status == "scheduled" and (start > 0 and CONDITIONAL.match(sentence[:start])
                                      or CONDITIONAL.match(clause)):
            status, cue = "proposed", CONDITIONAL.name  # "If Yerevan agrees, ... will be held"
        if status == "scheduled" and OPINION.search(sentence, 0, d.trig_at):
            status, cue = "proposed", OPINION.name  # "I think that X will bring them together"
        if NO_PLAN.search(clause):
            return self._drop(d, "no meeting in view (no plans, unlikely)")
        if QUESTION.search(sentence, start, d.trig_at):
            return self._drop(d, "a question put to a speaker, not a fact")
        d.status, d.cue = status, cue
        return True

    def _read_who(self, d: _Draft) -> bool:
        """Who is named: the people and sides of the clause (or nearest it), a third party's
        counterparts, a side inviting the other; a gathering of many or civil society is
        dropped."""
        sentence, clause, start = d.sentence, d.clause, d.start
        who = self._nearest_who(sentence, d.clauses, d.i, d.triggers)
        if self.ctx.last is not None and _DAY_TRIGGER.search(clause) and \
                len(self._who(clause).sides) < 2:
            # "against the background of the commissions' agreement, ... today's negotiations
            # will contribute": the meeting of the day told before, not the people around it
            who = self._who(clause)
        # "Lavrov said after talks with his Armenian and Azerbaijani counterparts"
        if not who.participants and not who.mediators and COUNTERPARTS_PAIR.search(clause) \
                and (host := self._host_before(sentence[:start])):
            who = Who(dict(who.participants), {host.name: host}, who.level,
                      set(who.sides), who.vague, set(who.bodies))
            self.parties.add_counterparts(host, who)
        participants = dict(who.participants)
        if not participants and NON_GOVERNMENT.search(clause):
            return self._drop(d, "civil society, not the governments")
        invites = d.invites = _SIDE_INVITES.match(clause)
        if invites:
            d.status, d.cue = "proposed", "invitation"  # an invitation to meet is a proposal
        if invites:
            invited = {SIDE_OF_WORD[invites.group(1).lower()]}
            if (guest := _INVITEE.match(clause, invites.end())) is not None:
                invited.add(SIDE_OF_WORD[guest.group(1).lower()])
            if invited - who.sides:
                who = Who(dict(who.participants), dict(who.mediators), who.level,
                          {*who.sides, *invited}, who.vague, set(who.bodies))
        if PANEL.search(d.sentence) and not BILATERAL_AT.search(clause):
            return self._drop(d, "a public panel, not talks")
        # (one side's person named and the other's by office, "Aliyev refused to attend a
        # meeting with the leaders of Armenia, France and Germany", make it their meeting)
        named = {f.ref.side for f in self.gaz.find_people(clause) if f.ref.side}
        if named:
            named |= {p.side for p in participants.values() if p.side}
        if MULTILATERAL.search(clause) and not BILATERAL_AT.search(clause) and not invites and \
                len(named) < 2 and not _two_sides_own(clause):
            self.ctx.last = None  # "the summit will discuss ..." is that gathering
            self.ctx.after_gathering = True
            return self._drop(d, "a gathering of many countries")
        if self.ctx.after_gathering and THE_MEETING_BACK.match(d.sentence) and \
                not BILATERAL_AT.search(d.sentence) and not _two_sides_own(clause):
            # "The meeting was attended by the foreign ministers of Azerbaijan ..., Russia
            # ... and Armenia", after the gathering of many it opens on: its guests
            return self._drop(d, "a gathering of many countries")
        if not who.sides and self.ctx.gathering is not None and d.trig is not None and \
                d.trig.group(0).lower().startswith("summit") and not BILATERAL_AT.search(clause):
            # "At the first summit, which Erdogan is expected to attend": the gathering told
            # before, not a meeting of the two
            return self._drop(d, "a gathering of many countries")
        d.who, d.participants = who, participants
        return True

    def _read_sides(self, d: _Draft) -> bool:
        """Both sides at the meeting: named in the clause, or those of the meeting told
        before it refers to ("the talks", "they"), of a ceremony told just after both sides'
        people, of "he" with his counterpart; one side alone is dropped, unless it pulls out
        (`partial`). The level: the people named for each side decide."""
        clause, start, who = d.clause, d.start, d.who
        participants = d.participants
        level = who.level
        sides = set(who.sides)
        if d.status in ("cancelled", "postponed") and not self._sides_named(clause) and (
                m := _COUNTRY_SUBJECT.match(clause)) and (
                country := self.gaz.country_of_word(m.group(1))) is not None and \
                not country.party:
            return self._drop(d, "a third country staying away, not a side")
        d.own_venue = self._venue(clause, d.trig_at - start)
        last = d.last = self.ctx.last
        # "... after the Pashinyan-Aliyev meeting in Munich. A tripartite meeting was held in
        # Munich, with Scholz": a meeting in the same city, told next, is the same meeting.
        same_city = last is not None and not sides and bool(d.own_venue.city) and \
            d.own_venue.city == last.venue.city
        d.context = bool(CONTEXT_PAIR.search(clause) or _DEF_TRIGGER.search(clause) or (
            _THEY.search(clause) and last is not None) or same_city)
        inherited = d.first or (last if d.context else None)
        d.other_meeting = inherited is not None and inherited is not d.first and \
            d.own_venue.known() and not d.own_venue.agrees(inherited.venue)
        if d.other_meeting and not FRESH.search(clause):
            inherited = None  # "the meeting in Tehran" is not the meeting told before
        d.inherited = inherited
        if d.cue == "after the meeting" and inherited is not None and inherited is not d.first \
                and inherited.status != "held" and len(sides) < 2:
            # "he said after the meeting" just after a plan: the meeting told before the
            # plan, not the plan
            return self._drop(d, "after a meeting still to come")
        if len(sides) < 2 and inherited is not None:
            participants = {n: p for n in inherited.participants if (p := self.gaz.person(n))}
            # the meeting told before was of both sides, whoever of them it named
            sides = set(PARTIES) if not inherited.partial else (
                {p.side for p in participants.values()} or set(PARTIES))
            level = inherited.level
            # "their next meeting in an Armenian city": the same people, another meeting
            d.anaphora = inherited if inherited is not d.first and not d.other_meeting else None
        elif len(sides) < 2 and (pair := CONTEXT_PAIR.search(clause)) and \
                self.ctx.last is None and not (self.ctx.one_side_before and pair.start() == 0):
            sides = set(PARTIES)  # "the two sides"; a sentence's "They" after one side's
            # meeting with others are those people
        d.ceremony = not sides and self.ctx.last is None and bool(self.ctx.pair_before) and \
            bool(_CEREMONY.match(clause))
        if d.ceremony:
            # "On August 8, A and B signed a declaration. The signing ceremony was hosted at
            # ...": the act of the two people told just before, on its day
            participants = dict(self.ctx.pair_before)
            sides = {p.side for p in participants.values()}
        subject = self.ctx.last_subject
        if len(sides) == 1 and subject is not None and subject.side and \
                subject.side not in sides and _PRONOUN.search(clause):
            participants[subject.name] = subject  # "He met his Azerbaijani counterpart ..."
            sides.add(subject.side)
        if not sides and d.status in ("cancelled", "postponed") and (
                m := _SIDE_SUBJECT.match(clause) or _SIDE_REFUSAL.search(clause)):
            # "Azerbaijan will not send ...", "Azerbaijan's refusal to attend"
            sides = {SIDE_OF_WORD[m.group(1).lower()]}
        if len(sides) < 2:
            if d.status in ("cancelled", "postponed") and sides:
                d.partial = True  # one side pulls out: only a known meeting can change
            else:
                if sides and not d.context:
                    self.ctx.last = None  # a meeting of one side: "the meeting" now means it
                    self.ctx.one_side = True
                return self._drop(d, "one side only" if sides else "neither side named")
        if participants:
            computed = level_of(list(participants.values()), self.day, self.gaz)
            both_named = len({p.side for p in participants.values() if p.side}) >= 2
            if computed and both_named:
                level = computed  # the people named for each side decide, not a speaker's office
            elif not level or (computed and LEVEL_RANK[computed] > LEVEL_RANK[level]):
                level = computed
        if level is None and not participants and d.trig is not None and \
                d.trig.group(0).lower().startswith("sign"):
            level = "leaders"  # a treaty is signed by the two countries' leaders
        if level is None and len(who.bodies) >= 2:
            level = "officials"  # two institutions of the sides: their staff met
        d.level, d.participants = level, participants
        return True

    def _read_mediators(self, d: _Draft) -> bool:
        """Mediators: in the trigger's clause, in a short subject clause, or tied to the
        meeting by a mediation word ("under the auspices of", "hosted by", "with")."""
        mediators = dict(first_mediators(d.first, self.gaz))
        for k, (s, e) in enumerate(d.clauses):
            text = d.sentence[s:e]
            if k == d.i or (k == 0 and len(text.split()) <= 6) or (
                    k not in d.triggers and MEDIATION.search(text)):
                mediators.update(self._who(text).mediators)
        if _SELF_INCLUDED.search(d.clause) and d.i > 0:
            # "Scholz announced this pledge following a tripartite meeting that included
            # himself and the leaders": the subject of the sentence was at it
            s, e = d.clauses[0]
            mediators.update(self._who(d.sentence[s:e]).mediators)
        for name in d.participants:
            mediators.pop(name, None)
        d.mediators = mediators
        return True

    def _read_place(self, d: _Draft) -> bool:
        """Where: the clause's own place, else a short or attached clause's, the clause a
        "where" hangs from, the plan or gathering or place told before (for a call-off, an
        aside "there", "on the sidelines"), the dateline, the host's own country."""
        sentence, clause, clauses, i, status = d.sentence, d.clause, d.clauses, d.i, d.status
        venue = d.own_venue
        d.attached = self._attached(sentence, clauses, i, d.triggers)
        # "after the meeting of A and B, on the sidelines of the Munich conference, the sides
        # agreed to resume talks": the place of the meeting told as past is not the plan's
        after_at = next((k for k in range(i) if _AFTER_MEETING.match(
            sentence, clauses[k][0], clauses[k][1])), None) if status in PLANS else None
        if not venue.known():
            going_on = _next_after_names(sentence, clauses, i, d.triggers)
            for k, (s, e) in enumerate(clauses):
                if after_at is not None and after_at <= k < i:
                    continue
                # "At the summit in X, [the leaders, A and B,] met": the sentence's opening
                fronted = (k == i - 1 or k == 0 < i) and _FRONTED_PLACE.match(sentence[s:e])
                if fronted or k == going_on or k not in d.triggers and (
                        _words(sentence[s:e]) <= 6 or k in d.attached):
                    venue = self._venue(sentence[s:e], 0)
                    if venue.known():
                        break
        where = i > 0 and _WHERE.match(clause)
        if not venue.known() and where:
            # "Pashinyan flew to Abu Dhabi on Thursday, where he is due to meet Aliyev"
            s0, e0 = clauses[i - 1]
            venue = self._venue(sentence[s0:e0], e0 - s0)
        if not venue.known() and d.partial:
            venue = self._venue(sentence, d.trig_at)
        plan, plan_venue = self.ctx.last_plan, self.ctx.plan_venue
        called_off = status in ("cancelled", "postponed")
        if not venue.known() and not d.partial and called_off and \
                _DEF_TRIGGER.search(clause) and plan_venue is not None:
            venue = plan_venue  # only a meeting still to come is called off: the plan told
            # (one side "did not take part in the meeting" is the one told just before)
        if not venue.known() and not d.partial and called_off and \
                self.ctx.gathering is not None and plan_venue is None:
            venue = self.ctx.gathering[0]  # "did not take place" at the summit told before
        if not venue.known() and called_off and _DEF_TRIGGER.search(clause) and \
                self.ctx.last_place and (d.partial or plan is None):
            # "the meeting did not take place" (there); with a plan told whose place is not
            # known, the last place named is more likely a meeting recalled than that plan's
            venue = self.ctx.last_place
        if not venue.known() and re.search(r"\bthere\b", clause) and self.ctx.last_place:
            venue = self.ctx.last_place  # "offered to host talks there"
        d.at_gathering = not venue.known() and bool(_AT_GATHERING.search(clause) or (
            i > 0 and _AT_GATHERING.match(sentence, clauses[i - 1][0], clauses[i - 1][1])))
        if d.at_gathering and self.ctx.gathering is not None:
            venue = self.ctx.gathering[0]  # "met on the sidelines of the summit" (told before)
        elif d.at_gathering and status in PLANS and self.ctx.plan_venue is not None:
            # "talks may take place in Geneva ... (said on a visit to Baku) ... a meeting is
            # planned within the framework of the assembly": the plan's place, not the visit's
            venue = self.ctx.plan_venue
        elif d.at_gathering and self.ctx.last_place is not None:
            venue = self.ctx.last_place
        elif d.at_gathering and (
                g := self.gaz.gathering_near(self.day, named_in=clause) or (
                    self.gaz.gathering_near(self.day) if _AT_THE_SUMMIT.search(clause)
                    else None)) is not None and (
                place := self.gaz.place(g.cities[-1])):
            # "refused to meet the Azerbaijani president at the summit", told the day after
            # a summit of many whose place the article does not name, or "on the sidelines
            # of the NATO Summit" in those days: that summit
            venue = Venue(place.city, place.country)
            d.gathering_day = When.day(g.day)
        if not venue.known() and status in ("held", "scheduled"):
            venue = d.dateline
        if not venue.known() and status == "held" and len(d.mediators) == 1 and \
                _HOSTS.search(clause):
            # "I am delighted to host both my colleagues": the host's own country
            venue = self._country_venue(next(iter(d.mediators.values())).country) or venue
        if not venue.known() and d.invites is not None and \
                "welcome" in d.invites.group(0).lower():
            # "Armenia is ready to welcome the Azerbaijani delegation to the conference":
            # the side welcoming is the host
            venue = self._country_venue(SIDE_OF_WORD[d.invites.group(1).lower()]) or venue
        d.venue = venue
        if not d.mediators and venue.country:
            d.mediators = self._host_of(d.sentence, venue, d.participants)
        return True

    def _country_venue(self, code: str) -> Venue | None:
        """The country of `code` as a venue, None when the gazetteer does not know it."""
        country = self.gaz.countries.get(code)
        return Venue(None, country.name) if country is not None else None

    def _host_of(self, sentence: str, venue: Venue,
                 participants: dict[str, Person]) -> dict[str, Person]:
        """"Tokayev ... suggested Kazakhstan as the location": the one person of the
        venue's own country the sentence names, a third party, hosts the meeting there."""
        found = {f.ref.name: f.ref for f in self.gaz.find_people(sentence)
                 if not f.ref.side and f.ref.name not in participants
                 and f.ref.country in self.gaz.countries
                 and self.gaz.countries[f.ref.country].name == venue.country}
        if not found:
            # "to sign a peace agreement at the White House": the leader whose seat it is
            for f in self.gaz.find_places(sentence):
                country = self.gaz.country_of_word(f.ref.country) if f.ref.residence else None
                if country is not None and not country.party and f.ref.country == venue.country \
                        and (host := self.gaz.leader(country.code, self.day)) is not None:
                    found[host.name] = host
        return found if len(found) == 1 else {}

    def _read_when(self, d: _Draft) -> bool:
        """When, and whether the mention is history: the clause's date (else the ceremony's,
        the gathering's, the meeting told before's, an attached clause's), a plan never
        dated a year back, an undated "have met" dated by the last few days unless told as
        history; history also when held or called off weeks before publication."""
        sentence, clause, start, status, cue = d.sentence, d.clause, d.start, d.status, d.cue
        triggers = set(d.triggers)
        when = self._date(clause, start, sentence, d.dates, d.clauses, d.i, triggers, status)
        if when is None and d.ceremony:
            days = [m.when for m in find_dates(self.ctx.pair_sentence, self.day,
                                               self.published_known) if m.role == "point"]
            when = days[0] if len(days) == 1 else None
        if when is None and d.at_gathering and self.ctx.gathering is not None:
            when = self.ctx.gathering[1]
        when = when or d.gathering_day
        if cue == "after the meeting" and not any(start <= m.start < d.end for m in d.dates) \
                and not (when is not None and _opening_date(sentence, d.dates, when)
                         and _AFTER_THE_MEETING.search(clause)):
            # "met on Thursday, the first time since the Almaty talks"; but "On April 19, the
            # commissions issued a statement after the meeting": the day opening the
            # sentence is the meeting's
            when = None
        inherited = d.inherited
        if d.anaphora is None and when is None and status == "held" and inherited is not None \
                and inherited is not d.first and inherited.status == "held" \
                and inherited.background and inherited.when is not None \
                and _DEF_TRIGGER.search(clause) and not d.other_meeting \
                and not FRESH.search(clause):
            # "The previous meeting was held in January. The talks were held under ...":
            # the talks told next, with no date of their own, are that meeting.
            d.anaphora = inherited
        if d.anaphora is not None:
            when = when or d.anaphora.when
            d.venue = d.venue if d.venue.known() else d.anaphora.venue
        if when is None and d.attached:
            s0, e0 = d.clauses[min(d.attached)][0], d.clauses[max(d.attached)][1]
            when = self._date(sentence[s0:e0], s0, sentence, d.dates, d.clauses, d.i,
                              triggers, status)
        told_before = self._history_wording(d, when) or (
            # "The meeting was planned in line with the talks during which A and B ...
            # Their meeting was mediated by Scholz": held, of a meeting told with no day
            # and not as news of the last days
            when is None and status == "held" and d.anaphora is not None
            and d.anaphora.status in PLANS and d.anaphora.when is None)
        if when is not None and status in PLANS and \
                when.end < self.day - timedelta(days=PLAN_DAY_PAST_DAYS):
            # "will be held in Almaty, symbolic of the declaration signed in December 1991":
            # a meeting still to come is not dated a year back; that day is another event's
            when = None
        dated = when is not None
        if when is None and status in PLANS and not d.venue.known() and not d.participants \
                and len(d.who.bodies) < 2 and CONTINUED_PROCESS.search(clause):
            # "the two countries will continue their discussions regarding the measures"
            return self._drop(d, "talks going on, with no date, place or names: the process, "
                                 "not a meeting")
        if when is None and status == "held" and not d.is_title:
            if not d.venue.known() and not d.participants and len(d.who.bodies) < 2:
                # (talks between two named institutions of the sides, "the Presidential
                # Administration and the Office of the Prime Minister", are a meeting)
                return self._drop(d, "held, with no date, place or names: the process, not "
                                     "a meeting")
            if not told_before and self.published_known:
                # Undated "have met": news of the last few days; "are currently holding
                # talks": of the publication day; an undated meeting told as history
                # ("since the Almaty talks") gets no date, nor one told on a day the feed
                # did not give.
                when = When.day(self.day) if _GOING_ON.search(clause) else \
                    When.recent(self.day)
        if not d.venue.known() and status in ("held", "scheduled"):
            d.venue = self._gathering_venue(when, status)
        if status == "held" and when is not None and when.precision == "day" and \
                self.published_known and when.start > self.day + timedelta(days=1):
            # "welcomes the holding of the talks on 20 May", told on the 13th: a meeting
            # whose own day is still to come has not been held
            status = d.status = "scheduled"
        d.when = when
        d.background = told_before or (d.anaphora is not None and d.anaphora.background) or (
            dated and self._old(when, status))
        return True

    def _history_wording(self, d: _Draft, when: When | None) -> bool:
        """Is the mention history by its wording: "previously", "several times", a plan
        that fell through, "since the Almaty talks", a time told against another event, or
        the meeting told as history just before it continued ("marking their first ...")."""
        sentence, clause, i, last = d.sentence, d.clause, d.i, d.last
        subject = sentence[d.clauses[i - 1][0]:d.clauses[i - 1][1]] if i > 0 and \
            _PARTICIPLE_START.match(clause) else ""
        # "... follows their recent meeting in Iran, marking their first talks since ...":
        # the meeting the clause before told, history when it was
        continues_history = i > 0 and last is not None and last.background and \
            last.evidence == d.original.strip() and bool(_MARKING.match(clause))
        return continues_history or bool(
            BACKGROUND.search(clause) or HABITUAL.search(clause)
            or BACKGROUND.search(subject)) or self._places_hosted(clause) or (
            d.status in PLANS and bool(UNREALIZED.search(clause))) or (
            when is None and bool(RELATIVE_HOST.match(clause))) or (
            # (what followed talks between two institutions of the sides is the news
            # of those talks: "Following the talks between the Presidential Administration
            # and the Office of the Prime Minister, an agreement was reached")
            d.cue == "after the meeting" and when is None and len(d.who.bodies) < 2
            and not _SAID_BEFORE.search(sentence[:d.start])
            and not (_SAID_THEN.search(sentence[:d.start])
                     and len(self._sides_named(clause)) == 2)
            # "Aliyev and Pashinyan signed the declaration following a summit hosted by
            # Trump": the two sides' signing and the summit it followed are one event
            and not (_SIGNED_THEN.search(sentence, 0, d.start)
                     and len(self._sides_named(sentence[:d.start])) == 2)) or (
            when is None and d.status == "held" and bool(ANCHORED.search(sentence))) or (
            # "part of a deal signed earlier this month in Washington": the signing named as
            # the deal's origin, with no day of its own (the participle's is the deal's)
            when is None and d.status == "held" and bool(_DEAL_SIGNED_AT.search(clause))) or (
            # "the ceremony came two weeks after the summit": a meeting told as the anchor
            # of another event is history
            when is not None and any(m.when == when and _AFTER_N.search(m.text)
                                     for m in d.dates)) or (
            # "Trump announced in August last year that they were expected to sign": a plan
            # told in the past tense, by words spoken weeks ago, is that past's plan
            d.status in PLANS and bool(PAST_PLAN.search(clause)) and any(
                m.when.end < self.day - timedelta(days=OLD_WORDS_DAYS)
                and self._speech_date(sentence, m) for m in d.dates))

    def _kept(self, d: _Draft) -> Meeting:
        """The mention read, noted as the article's last meeting (and last plan), traced."""
        status, clause, venue = d.status, d.clause, d.venue
        mention = Meeting(
            level=d.level, participants=tuple(sorted(d.participants)),
            mediators=tuple(sorted(d.mediators)), venue=venue, when=d.when, status=status,
            evidence=d.original.strip(),
            fresh=bool(FRESH.search(clause)) or d.first is not None,
            moved=bool(MOVED.search(clause)), background=d.background, weak=d.is_title,
            partial=d.partial, informal=status == "held" and bool(INFORMAL.search(clause)),
            bodies=len(d.who.bodies) >= 2,
        )
        if not d.partial and not (d.other_meeting and status in PLANS):
            self.ctx.last = mention  # "their next meeting in Armenia" is an aside, not the topic
            self.ctx.after_gathering = False
        if not d.partial and not d.background and status != "held":
            self.ctx.last_plan = mention
            if venue.known():
                self.ctx.plan_venue = venue
        reason = f"{status} ({d.cue})"
        if d.partial:
            reason += "; one side only: may change a known meeting"
        if d.background:
            reason += "; history, not news"
        if d.is_title:
            reason += "; headline: too terse to change the state alone"
        self._note(d.original, clause, "kept", reason, mention)
        return mention

    def _old(self, when: When | None, status: str) -> bool:
        """A held (or called-off) meeting more than two weeks before publication is history,
        not news: news reports a meeting within days; a recap reaches back weeks."""
        if when is None:
            return False
        if status in ("held", "cancelled"):
            if when.precision == "month":
                # "held talks in Abu Dhabi earlier in July", told on 7 August: a month over
                # for days before publication holds no meeting of the last few days
                return when.end < self.day - timedelta(days=OLD_MONTH_DAYS)
            return when.end < self.day - timedelta(days=14)
        return when.end < self.day - timedelta(days=2)


def first_mediators(first: Meeting | None, gaz: Gazetteer) -> dict[str, Person]:
    if first is None:
        return {}
    return {n: p for n in first.mediators if (p := gaz.person(n))}


def read_meetings(sentences: list[str], published: date, gaz: Gazetteer,
                  trace: list | None = None, has_title: bool = True,
                  published_known: bool = True) -> list[Meeting]:
    """Every meeting mention in an article; the first sentence is its title when it has
    one. `published_known` false: `published` is the fetch time standing in (see dates.py)."""
    reader = MeetingReader(gaz, published, trace, published_known)
    out: list[Meeting] = []
    for i, sentence in enumerate(sentences):
        out += reader.read(sentence, is_title=(i == 0 and has_title))
    return out
