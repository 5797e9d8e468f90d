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

The queue reads with word classes of its own (below, after DECIDED), apart from the
rules': page furniture it leaves out, sentences that tell no event of the two sides (an
opinion, meetings as a process, civil society, a public event, a side as a place, an
event named by a past year), and words of a development the rules do not know (traffic
held up or an offer on a tracked road, "a contact between", reciprocal visits, a joint
readout, "with the Azerbaijani side"). "The two sides" are read with the sentences
before: after one that pairs a side with a third party, they are that pair.

Pure: the article's sentences and the extraction trace in, `Possible`s out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .dates import DateMention, find_dates
from .gazetteer import PARTIES, Gazetteer
from .lexicon import (
    BILATERAL_AT,
    BOTH_SIDES,
    CANCELLED,
    KARABAKH_ARMENIANS,
    MULTILATERAL,
    POSTPONED,
    PROPOSED,
    ROUTE_ACTION,
    ROUTE_WORD,
    SIDE_AS_PLACE,
    TOPIC_PAIR,
    TRIGGER,
    family,
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
    "a public panel, not talks",
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
_REPORT_WORDS = 4  # words after a page stamp that make a report of their own
_JOINT_REACH = 40  # characters after the second person where their joint act may stand
HISTORY_DAYS = 30
# -- the review queue's own word classes ---------------------------------------------------
# (defined here, for the queue alone; the extraction rules do not read them)

PAGE_STAMP = family(
    "page_stamp",
    """A page's date stamp with a clock time ("23 September 2025, 16:41", "December 7,
    2025 8:00 PM", "22 December, 2025 • 20:41"): what comes before it in the same
    sentence is page furniture (menus, tags, a headline repeated), not the report. Must
    not: a date without a time ("on 23 September 2025"), a time alone ("at 10:00").""",
    r"(?:\b\d{1,2}\s+(?-i:[A-Z])[a-z]+,?\s+\d{4}|\b(?-i:[A-Z])[a-z]+\s+\d{1,2},?\s+\d{4})"
    r"\s*[,•·|/-]?\s*\d{1,2}:\d{2}(?:\s*[AP]M)?\b",
    examples=("Analytics 23 September 2025, 16:41 After the meeting",
              "by a staff writer December 7, 2025 8:00 PM The sides",
              "Infrastructure • 22 December, 2025 • 20:41 Pashinyan said"),
    not_examples=("The ministers met on 23 September 2025 in New York.",
                  "The talks began at 10:00 on Monday."),
)

RUBRIC = family(
    "rubric",
    """A section label or a site's tail set off by a bar at either end of a headline
    ("Caucasus – Talks | Leaders meet", "Leaders meet | Summit 2026"): page furniture, not
    the report; its country words name no actor. Must not: a bar inside a long sentence.""",
    r"^[^|.]{1,40}\|\s*|\s*\|[^|.]{1,40}$",
    examples=("Azerbaijan – Armenia | Talks have begun", "Presidents meet at a forum | Davos 2026"),
    not_examples=("The two ministers met in Almaty on Friday.",),
)

FEED_FOOTER = family(
    "feed_footer",
    """A feed's footer line: "The post <headline> appeared first on <site>." It repeats the
    headline of an item, not a report of its own. Must not: "first appeared on" said of a
    person at an event.""",
    r"^The\s+post\s.{1,300}\sappeared\s+first\s+on\s",
    flags=0,
    examples=("The post Ministers meet in Geneva appeared first on Example News.",),
    not_examples=("The envoy first appeared on the stage in Geneva.",),
)

PROCESS_MEETINGS = family(
    "process_meetings",
    """Meetings in the plural told as a process, a habit or a round of many: "resume
    meetings", "continue the meetings", "recent meetings", "bilateral meetings" (a guest's
    many at an event), "participating in meetings", "two bilateral meetings" (a host seeing
    each side apart), "always look for opportunities". No one development. Must not: one
    meeting, "a round of meetings", "meetings ... had been agreed" (a plan of new ones),
    "bilateral meetings between the parties" (theirs).""",
    r"\b(?:resum\w*|continu\w*|recent|regular|past|previous|earlier|bilateral|separate|"
    r"participat\w*\s+in|two|several|many|numerous|series\s+of)\s+(?:the\s+)?(?:\w+\s+)?"
    r"meetings\b(?!\s+between)|\balways\b|\bfrom\s+time\s+to\s+time\b",
    examples=("Baku and Yerevan should resume meetings on the treaty.",
              "the two leaders recalled their recent meetings in Geneva",
              "the two ministers are holding bilateral meetings at the assembly",
              "the host will hold two bilateral meetings with the leaders",
              "we always look for opportunities to bring the ministers together"),
    not_examples=("The two sides agreed to hold another round of meetings in May.",
                  "intensive meetings with the other side had been agreed",
                  "bilateral meetings between the parties are also scheduled"),
)

STANCE = family(
    "stance",
    """A meeting or a route as the object of an opinion, a need, a condition or a topic,
    not as something that happened or was offered: "should resume", "the urgent need
    for", "the necessity of opening", "one of its conditions", "commitments related to",
    "the issue of opening", a third party "ready to be a mediator" in the talks. It
    tells what someone thinks, not a development. Must not: an offer or a proposal
    ("ready to host", "offered to open", "proposed talks"), "must be restored" said of a
    route (a route's proposal is often a wish), "reaffirmed their commitment to meet again"
    (a readout's plan).""",
    r"\b(?:should|ought\s+to|need(?:s|ed)?\s+(?:to|for)|urgent\s+need|necessity|necessary|"
    r"imperative|conditions?\s+(?:for|of)|one\s+of\s+(?:his|her|its|their|the)\s+conditions|"
    r"(?:live\s+up\s+to|honou?r|fulfil+)\s+(?:\w+\s+){0,2}commitments?|"
    r"commitments?\s+(?:related|regarding|concerning|on)\b|(?:issue|question|matter|topic)\s+of|"
    r"(?:be|act\s+as|serve\s+as)\s+(?:an?\s+)?(?:\w+\s+){0,4}?mediator)\b",
    examples=("Baku and Yerevan should resume talks.", "the urgent need for a trilateral meeting",
              "the necessity of opening the corridor", "one of his conditions for peace",
              "commitments related to the opening of the corridor",
              "we are discussing the issue of opening transport links",
              "Georgia is ready to act as an honest mediator in the talks"),
    not_examples=("Moscow stands ready to host the ministers.",
                  "Azerbaijan offered Armenia to open checkpoints.",
                  "The sides reaffirmed their commitment to meet again in Geneva."),
)

CIVIL = family(
    "civil",
    """People who are not the governments, named in one sentence: civil society, NGOs,
    non-governmental groups, public figures, think tanks, the expert community. Their
    meeting is no meeting of the sides, and a sentence after one that names them speaks
    of them when it names no official ("the delegation met its counterparts"). Must not:
    officials, delegations of ministries, "journalists" (a minister tells journalists of
    real meetings).""",
    r"\b(?:civil[\s-]+societ(?:y|ies)|NGOs?|non-?governmental|public\s+figures|"
    r"think[\s-]+tanks?|expert\s+communit(?:y|ies))\b",
    examples=("a pilot meeting of NGO representatives from the two countries",
              "the civil society delegation visited Yerevan",
              "representatives of the civil societies and expert community of both"),
    not_examples=("The delegations of the two foreign ministries met.",
                  "Bayramov told journalists the ministers would meet."),
)

PUBLIC_EVENT = family(
    "public_event",
    """A public event where both sides may appear without meeting each other: a forum, a
    panel, an award, Davos or the WEF. Like a gathering of many, no meeting of the two
    unless told "on the sidelines" or "bilateral". Must not: a "signing ceremony" (the two
    sides sign together), a "conference" (a press conference follows real talks).""",
    r"\b(?:forum|panel|award|prize|festival|exhibition|expo|(?-i:WEF)|Davos)\b",
    examples=("Armenia and Azerbaijan presidents meet at WEF", "a panel at the Doha Forum"),
    not_examples=("the signing ceremony was hosted at the White House",
                  "the ministers gave a press conference after the talks"),
)

SIDE_AT_PLACE = family(
    "side_at_place",
    """A side's country told as the place of a meeting, not as a party: "is in Armenia for
    talks", "a meeting held in Azerbaijan", "a corridor connecting Azerbaijan with", "the
    western regions of Azerbaijan". Read for meeting sentences only: a route's ends are
    its sides ("transit between Turkey and the main part of Azerbaijan"; SIDE_AS_AREA is
    read for both). Must not: "Armenia and Azerbaijan met", "talks between Armenia and
    Azerbaijan", "proposed a treaty to Azerbaijan" (the other side addressed),
    "Pashinyan's visit to Baku" (the other side hosts).""",
    r"\b(?:in|into|connect\w*|link\w*|(?:regions?|parts?|provinces?|districts?)\s+of)\s+"
    r"(?:(?:the|western|eastern|southern|northern|main)\s+)*(?P<side>Armenia|Azerbaijan|Yerevan|"
    r"Baku)\b",
    examples=("Pezeshkian is in Armenia for talks", "after a meeting is held in Azerbaijan",
              "a corridor connecting Azerbaijan with its exclave",
              "a forum of the western regions of Azerbaijan"),
    not_examples=("Armenia and Azerbaijan met in Geneva.",
                  "talks between Armenia and Azerbaijan resumed",
                  "Armenia proposed a new treaty to Azerbaijan",
                  "a visit by Pashinyan to Baku is hard to envision"),
)

SIDE_AS_AREA = family(
    "side_as_area",
    """A side's country as the area by a border, in any sentence: "near the border with
    Armenia", "its borders with Azerbaijan". Must not: "Armenia's border guards" (an
    actor), "the border between Armenia and Azerbaijan" (both, as a route's ends).""",
    r"\bborders?\s+with\s+(?P<side>Armenia|Azerbaijan)\b",
    examples=("construction near the border with Armenia",),
    not_examples=("the border between Armenia and Azerbaijan",),
)

PAST_YEAR_EVENT = family(
    "past_year_event",
    """An event named by its year before the noun: "the 2022 Prague summit", "the 2020
    trilateral statement". History when the year lies before publication. Must not: a
    year after the noun ("the summit in 2026", dates.py reads those).""",
    r"\b(?P<year>(?:19|20)\d{2})\s+(?:[\w-]+\s+){0,2}(?:summit|meeting|talks|"
    r"agreements?|declaration|statement|war|negotiations)\b",
    examples=("within the framework of the 2022 Prague summit", "the 2020 trilateral statement"),
    not_examples=("the summit in 2026",),
)

ROUTE_STALLED = family(
    "route_stalled",
    """Traffic held up on a road: trucks "waiting at the post", "stuck", "stranded", "held
    up", "not allowed to enter", "turned back", "denied passage". Something done to the
    route (it is not passable), like ROUTE_ACTION. Must not: "waiting for a decision" on a
    route still to be built is caught too (the queue only shows it).""",
    r"\b(?:waiting|stuck|stranded|held\s+up|turned\s+back|(?:did\s+)?not\s+allow\w*|"
    r"denied\s+(?:entry|passage|access))\b",
    examples=("the trucks have been waiting at the checkpoint on the road for a week",
              "the convoy was turned back on the road"),
    not_examples=("The road was reopened on Monday.",),
)

ROUTE_OFFER = family(
    "route_offer",
    """A route offered or proposed: "ready", "readiness", "willing", "offered", "proposed",
    "a proposal". With a tracked route (Lachin, Aghdam, TRIPP) named, such a sentence is
    the two sides' business even when it names one ("Baku reiterated its readiness to open
    the Lachin road"); so is traffic held up on one (ROUTE_STALLED). Must not: "possible",
    "could" (a judgement of what a route may bring), "the proposed corridor" (a route
    described by its past, which a third party may reject).""",
    r"\b(?:ready|readiness|willing(?:ness)?|proposals?\s+(?:to|for)|"
    r"(?<!\bthe\s)(?<!\bits\s)(?<!\ba\s)(?:offer(?:s|ed)?|propos(?:es|ed)|suggest(?:s|ed)?))\b",
    examples=("Baku reiterated its readiness to open the road",
              "Azerbaijan offered to open checkpoints"),
    not_examples=("the opening of the corridor could occur by 2028",
                  "the project is not possible without cooperation",
                  "Tehran rejected the proposed route near its border"),
)

EVENT_NOUN = family(
    "event_noun",
    """A meeting told by a word TRIGGER does not know: a "contact between" the sides,
    "contacts at the highest level", "mutual" or "reciprocal visits", "an exchange of
    visits". Must not: "any contact that helps" (no pair), "physical contact between"
    officers and travellers, a one-way "visit to Paris".""",
    r"\b(?:expected|direct|first|high-level|top-level|bilateral|official|possible|planned|"
    r"new)\s+contacts?\s+between\b|\bcontacts?\s+at\s+the\s+highest\b|\b(?:mutual|reciprocal)\s+visits?\b|"
    r"\bexchange\s+of\s+visits\b|\bvisits?\s+(?:to|of)\s+each\s+other\b",
    examples=("the expected contact between the two sides in Kazan",
              "delegations made mutual visits to border areas"),
    not_examples=("we welcome any contact that helps", "Pashinyan's visit to Paris",
                  "to exclude physical contact between officers and travellers"),
)

JOINT_ACT = family(
    "joint_act",
    """What two people do together in a readout: agreed, discussed, exchanged views,
    noted, reaffirmed, assessed, instructed, welcomed. With both sides' people
    named together and the act right after them ("Mirzoyan and his Azerbaijani
    counterpart Bayramov agreed ..."), the
    sentence reports a meeting even without a meeting word. Must not: "said", "told" (one
    speaker), "signed by" (a document described, caught by the rules when news).""",
    r"\b(?:agreed|discussed|exchanged\s+views|noted|reaffirmed|assessed|instructed|"
    r"welcomed|shook\s+hands)\b",
    examples=("Mirzoyan and his counterpart Bayramov agreed to continue",
              "the two ministers exchanged views"),
    not_examples=("Pashinyan said Aliyev was wrong.",),
)

WITH_OTHER_SIDE = family(
    "with_other_side",
    """The partner of a meeting named as "the Armenian side", "the Azerbaijani side" or
    "counterparts" after "with": the speaker's own side is the other one, told in the
    sentence before ("Grigoryan said ... meetings with the Azerbaijani side had been
    agreed"). Must not: a sentence naming its speaker's side itself.""",
    r"\bwith\s+(?:the|their|his|her|our)\s+(?P<side>Armenian|Azerbaijani)\s+"
    r"(?:side|party|counterparts?|colleagues?|delegation)\b",
    examples=("meetings with the Azerbaijani side had been agreed",),
    not_examples=("meetings with the Russian side",),
)

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


def report_text(sentence: str) -> str:
    """The sentence without its page furniture: what stands before a page's date stamp
    (PAGE_STAMP; the stamp alone when little follows it), a section label or a site's
    tail set off by a bar (RUBRIC); nothing of a feed's footer (FEED_FOOTER)."""
    if sentence.startswith("The post ") and FEED_FOOTER.search(sentence):
        return ""
    last = None
    for m in PAGE_STAMP.finditer(sentence) if ":" in sentence else ():
        last = m
    text = sentence
    if last is not None:  # a stamp closing a headline leaves the headline
        after = sentence[last.end():]
        text = (after if len(after.split()) >= _REPORT_WORDS else sentence[:last.start()]).strip()
    return RUBRIC.sub(" ", text).strip() if "|" in text else text


def _actors(sentence: str, gaz: Gazetteer, kind: str = "meeting") -> tuple[set[str], bool]:
    """The sides a sentence names as actors by their people or country words (not as a
    topic, "Armenia-Azerbaijan relations", nor as a place, "Armenian territory", nor as
    Karabakh's Armenians), and whether it names both at once ("the two sides"). In a
    meeting sentence a country where it happens is a place too ("is in Armenia for
    talks"); a route's ends are its sides."""
    named = {f.ref.side for f in gaz.find_people(sentence) if f.ref.side}
    spans = [*TOPIC_PAIR.finditer(sentence), *SIDE_AS_PLACE.finditer(sentence),
             *KARABAKH_ARMENIANS.finditer(sentence)]
    spans += [_Span(m.start("side"), m.end("side")) for m in SIDE_AS_AREA.finditer(sentence)]
    if kind == "meeting":
        spans += [_Span(m.start("side"), m.end("side")) for m in SIDE_AT_PLACE.finditer(sentence)]
    actors = _blank(sentence, spans)
    named |= {SIDE_OF_WORD[m.group(1).lower()] for m in _SIDE_WORD.finditer(actors)}
    return named, bool(BOTH_SIDES.search(actors))


@dataclass(frozen=True)
class _Span:
    begin: int
    stop: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop


def _many_countries(sentence: str, gaz: Gazetteer) -> bool:
    """A gathering of many: two or more third countries named beside the sides, or a
    public event (a forum, a panel) with no word of a bilateral meeting at it."""
    if MULTILATERAL.search(sentence):
        return True
    if PUBLIC_EVENT.search(sentence) and not BILATERAL_AT.search(sentence):
        return True
    others = {f.ref.code for f in gaz.find_countries(sentence) if f.ref.code not in PARTIES}
    others |= {f.ref.country for f in gaz.find_people(sentence) if not f.ref.side}
    return len(others) >= 3


def _joint_readout(sentence: str, gaz: Gazetteer) -> bool:
    """Both sides' people named with a joint act ("Mirzoyan and his Azerbaijani
    counterpart Bayramov agreed ..."): a readout of a meeting without a meeting word."""
    if not JOINT_ACT.search(sentence):
        return False
    people = [f for f in gaz.find_people(sentence) if f.ref.side]
    if len({f.ref.side for f in people}) < 2:
        return False
    first, last = people[0], people[-1]
    return (" and " in sentence[first.end:last.start]
            and bool(JOINT_ACT.search(sentence, last.end, last.end + _JOINT_REACH)))


def _anchored(sentence: str, gaz: Gazetteer, dates: list[DateMention]) -> bool:
    """A sentence tied to one event: it names a city, a day or month, or a route by name,
    or one side's person who says or does it ("Pashinyan stated that the railways to
    Azerbaijan must be restored"). Without any, "the sides continue talks" speaks of the
    process, not of a development."""
    return bool(dates or any(f.ref.city for f in gaz.find_places(sentence))
                or _tracked(sentence, gaz) or any(f.ref.side for f in gaz.find_people(sentence)))


def _tracked(sentence: str, gaz: Gazetteer) -> bool:
    return any(f.ref.tracked for f in gaz.find_routes(sentence))


def cue_of(sentence: str, gaz: Gazetteer) -> str | None:
    """'meeting' or 'route' when the sentence speaks of one, else None. A meeting word is
    one of an event (met, a meeting, talks, a summit, called off, a contact between the
    sides, mutual visits), not of the process ("negotiations", "discussions" alone); a
    readout of both sides' people acting together is one too. A proposal is a route's
    when it names a route and no meeting word."""
    triggers = [m.group(0) for m in TRIGGER.finditer(sentence)]
    events = [t for t in triggers if not _PROCESS.fullmatch(t)]
    # a proposal is a meeting's or a route's: with a word of either ("ready to sign the
    # treaty", "proposed to sign an initial agreement" are neither)
    proposed = bool(PROPOSED.search(sentence))
    proposal = proposed and bool(triggers or _FORUM.search(sentence))
    if proposed and not proposal and _route_named(sentence, gaz):
        return "route"
    if events or CANCELLED.search(sentence) or POSTPONED.search(sentence) or proposal \
            or EVENT_NOUN.search(sentence):
        return None if _many_countries(sentence, gaz) else "meeting"
    if (ROUTE_ACTION.search(sentence) or ROUTE_STALLED.search(sentence)) \
            and _route_named(sentence, gaz):
        return "route"
    if _joint_readout(sentence, gaz) and not _many_countries(sentence, gaz):
        return "meeting"
    return None


def _route_named(sentence: str, gaz: Gazetteer) -> bool:
    return bool(ROUTE_WORD.search(sentence)) or _tracked(sentence, gaz)


def _decided(readings: list[Reading]) -> bool:
    if any(r.verdict == "kept" for r in readings):
        return True
    return bool(readings) and all(r.reason in DECIDED or _NOT_TRACKED.search(r.reason)
                                  for r in readings)


def _not_an_event(text: str, kind: str, published: date) -> bool:
    """A sentence whose meeting or route is an opinion, a need or a topic (STANCE),
    meetings told as a process (PROCESS_MEETINGS), civil society's (CIVIL), or an event
    named by a past year (PAST_YEAR_EVENT): no development, whoever it names."""
    if STANCE.search(text) or CIVIL.search(text):
        return True
    if kind == "meeting" and PROCESS_MEETINGS.search(text):
        return True
    return any(int(m.group("year")) < published.year for m in PAST_YEAR_EVENT.finditer(text))


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


def _context(before: list[str], gaz: Gazetteer) -> tuple[set[str] | None, bool]:
    """What the sentences before say of who is told: the sides the nearest of the three
    that names a side names as actors (none when it names one side beside a third
    country or a third party's person: another pair; None when no sentence names a
    side), and whether it or the sentence right before speaks of civil society."""
    civil = bool(before) and bool(CIVIL.search(before[-1]))
    for text in map(report_text, reversed(before[-3:])):
        named, _ = _actors(text, gaz)
        if not named:
            continue
        civil = civil or bool(CIVIL.search(text))
        if len(named) == 2:
            return named, civil
        third = any(not f.ref.side for f in gaz.find_people(text)) or any(
            f.ref.code not in PARTIES for f in gaz.find_countries(text))
        return (set() if third else named), civil
    return None, civil


def _sides(text: str, kind: str, before: list[str], gaz: Gazetteer) -> set[str] | None:
    """The sides a sentence tells as actors, with the sentences before it for "the two
    sides" (ours unless the sentence before that names a side pairs one with a third)
    and "with the Azerbaijani side" (the other side told before); None when they are
    civil society's."""
    named, both = _actors(text, gaz, kind)
    if kind == "route" and _tracked(text, gaz) and (ROUTE_OFFER.search(text)
                                                   or ROUTE_STALLED.search(text)):
        return set(PARTIES)  # an offer on a tracked route, or traffic held up on it
    own_people = any(f.ref.side for f in gaz.find_people(text))
    other = WITH_OTHER_SIDE.search(text)
    if len(named) == 2 and own_people:
        return named
    if not (both or other or len(named) == 2):
        return named
    context, civil = _context(before, gaz)
    if civil and not own_people:
        return None  # "the delegation met its counterparts" after civil society's visit
    if len(named) == 2:
        return named
    if both and context != set() and not _other_pair(text, named, gaz):
        return set(PARTIES)
    if other and context and context - {SIDE_OF_WORD[other.group("side").lower()]}:
        return named | context
    return named


def possible_developments(sentences: list[str], trace: list[Reading],
                          gaz: Gazetteer, published: date) -> list[Possible]:
    """The possible developments of one article, in reading order, one per sentence. The
    cheap tests (decided, a cue, not an event) come first: most sentences stop there."""
    by_sentence: dict[str, list[Reading]] = {}
    for r in trace:
        by_sentence.setdefault(r.sentence.strip(), []).append(r)
    out: list[Possible] = []
    seen: set[str] = set()
    before: list[str] = []
    for sentence in sentences:
        text = sentence.strip()
        if not text or text in seen:
            continue
        seen.add(text)
        readings = by_sentence.get(text, [])
        found = _possible(text, readings, before, gaz, published)
        before.append(text)
        if found is not None:
            out.append(found)
    return out


def _possible(text: str, readings: list[Reading], before: list[str], gaz: Gazetteer,
              published: date) -> Possible | None:
    if _decided(readings):
        return None
    report = report_text(text)
    kind = cue_of(report, gaz)
    if kind is None or _not_an_event(report, kind, published):
        return None
    sides = _sides(report, kind, before, gaz)
    if sides != set(PARTIES) or _third_party_with_one_side(readings, report, gaz):
        return None
    dates = find_dates(report, published)
    if _history(dates, published):
        return None
    if not readings and not _anchored(report, gaz, dates):
        return None  # no rule saw anything there, and nothing ties it to one event
    doubts = [r for r in readings if r.reason not in DECIDED]
    reason = "; ".join(dict.fromkeys(r.reason for r in doubts)) or "no rule read a fact"
    read = [{"clause": r.clause.strip(), "reason": r.reason} for r in readings]
    return Possible(kind, text[:MAX_EVIDENCE], reason, read)
