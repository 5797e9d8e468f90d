"""Who is at a meeting: the two sides' participants and the third parties, read from a clause.

Names come from the gazetteer; role phrases ("Azerbaijan's president", "the secretary of
Armenia's Security Council", "his Azerbaijani counterpart") resolve to whoever held the
office on the article's date; pair phrases ("the two leaders", "the foreign ministers of
Armenia and Azerbaijan", "Armenian and Azerbaijani delegations") give both sides at once.

An aide is not their principal: in "Aliyev's top foreign policy aide Hikmet Hajiyev" or "an
adviser to Azerbaijan's president", Aliyev is not at the table; the aide is, and the
meeting is one of officials. A former office-holder ("former president") is nobody's side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from ..facts import LEVEL_RANK
from .gazetteer import PARTIES, Gazetteer, Person
from .lexicon import SAID, THE_TWO, TOPIC_PAIR
from .prefilter import Guarded

SIDE_WORD = r"(?:Armenia|Azerbaijan|Armenian|Azerbaijani|Baku|Yerevan)"
SIDE_OF_WORD = {"armenia": "AM", "armenian": "AM", "yerevan": "AM", "azerbaijan": "AZ",
                "azerbaijani": "AZ", "baku": "AZ", "armenia's": "AM", "azerbaijan's": "AZ"}

# Role words after a country word ("Azerbaijan's president") or before "of <country>"
# ("the president of Azerbaijan"), and the office each names. The first group are the
# principals; the rest are officials (the level of a meeting between them is "officials").
ROLES: dict[str, str] = {
    "president": "president", "prime minister": "prime_minister",
    "premier": "prime_minister", "foreign minister": "foreign_minister",
    "top diplomat": "foreign_minister", "secretary of state": "foreign_minister",
    "chancellor": "chancellor", "leader": "leader",
    "security council secretary": "security_council_secretary",
    "deputy prime minister": "deputy_prime_minister",
    "deputy foreign minister": "deputy_foreign_minister",
    "presidential aide": "presidential_adviser", "presidential adviser": "presidential_adviser",
    "presidential advisor": "presidential_adviser",
    "foreign policy aide": "presidential_adviser", "foreign policy adviser": "presidential_adviser",
    "special envoy": "special_envoy", "special representative": "special_envoy",
    "parliament speaker": "parliament_speaker", "speaker of parliament": "parliament_speaker",
    "parliamentary speaker": "parliament_speaker", "speaker": "parliament_speaker",
    "speaker of the parliament": "parliament_speaker",
}
OFFICIAL_OFFICES = {"security_council_secretary", "deputy_prime_minister",
                    "deputy_foreign_minister", "presidential_adviser", "special_envoy",
                    "presidential_representative", "parliament_speaker",
                    "border_commission_chair"}
_ROLE_ALT = "|".join(sorted((r.replace(" ", r"\s+") for r in ROLES), key=len, reverse=True))
_ROLE_WORDS = rf"(?P<role>{_ROLE_ALT})"

# "the secretary of Armenia's Security Council", "Armenia's Security Council secretary".
SECURITY_COUNCIL = Guarded(re.compile(
    rf"\bsecretary\s+of\s+(?:the\s+)?(?P<a>{SIDE_WORD})(?:['’]s)?\s+Security\s+Council\b|"
    rf"\b(?P<b>{SIDE_WORD})(?:['’]s)?\s+Security\s+Council\s+(?:secretary|chief|head)\b",
    re.IGNORECASE,
))
# An aide's principal: "Aliyev's aide", "adviser to President Aliyev", "spokesman for ...".
AIDE_NOUN = (r"(?:(?:top|chief|senior|foreign[\s-]policy|special|national\s+security|press|"
             r"deputy|own)\s+){0,3}(?:aides?|advis[eo]rs?|assistants?|envoys?|representatives?|"
             r"spokes(?:man|woman|person)|press\s+secretary|chief\s+of\s+staff|office|"
             r"administration|government|cabinet|team|party|ministry|deputy|son|daughter|"
             r"wife|special\s+representative)")
POSSESSIVE_AIDE = re.compile(rf"^['’]s\s+{AIDE_NOUN}\b", re.IGNORECASE)
AIDE_TO = re.compile(
    r"\b(?:aides?|advis[eo]rs?|assistants?|envoys?|representatives?|spokes(?:man|woman|person)|"
    r"press\s+secretary|chief\s+of\s+staff)\s+(?:to|of|for)\s+(?:the\s+)?"
    r"(?:(?:President|Prime\s+Minister|Premier|Foreign\s+Minister)\s+)?"
    rf"(?:{SIDE_WORD}(?:['’]s)?\s+(?:president|prime\s+minister|leader|premier)\s*)?$",
    re.IGNORECASE,
)
_FORMER = re.compile(r"\b(former|late|ex-)\s*$", re.IGNORECASE)

LEADERS_PAIR = Guarded(re.compile(
    rf"\bleaders\s+of\s+(?:both\s+)?(?:{SIDE_WORD}\s+and\s+{SIDE_WORD}|the\s+two\s+"
    r"(?:(?:rival|neighbou?ring|South|Caucasian|Caucasus|former|warring|feuding)\s+){0,2}"
    r"(?:countries|nations|neighbou?rs|states|republics))\b|"
    rf"\b{SIDE_WORD}(?:,?\s+and\s+|\s*,\s*|[–-]){SIDE_WORD}(?:,?\s+and\s+[A-Z][a-z]+)?"
    r"(?:['’]s?)?\s+leaders\b|"
    r"\b(?i:(?:the\s+)?(?:two|three|four|both)\s+leaders)\b",
))
FMS_PAIR = Guarded(re.compile(
    r"\b(?:the\s+)?(?<![Dd]eputy\s)(?i:foreign\s+ministers?|heads\s+of\s+(?:the\s+)?foreign\s+"
    r"ministries)\s+of\s+"
    r"((?:[A-Z][a-z]+,?\s+)*?)(?:Armenia|Azerbaijan),?\s+and\s+(?:Armenia|Azerbaijan)\b|"
    r"\b(?:the\s+)?(?:two|both)\s+(?:countries|nations|sides)['’]?\s+(?:foreign\s+ministers|"
    r"top\s+diplomats|diplomats)\b|"
    rf"\b(?:top\s+)?{SIDE_WORD}(?:\s+and\s+|\s*,\s*){SIDE_WORD}(?:(?:\s+and\s+|\s*,\s*)"
    r"(?P<third>[A-Z][a-z]+))?(?:['’]s?)?\s+(?i:foreign\s+ministers|top\s+diplomats|diplomats|FMs)\b|\b(?:the\s+)?(?:two|both)\s+(?:foreign\s+)?ministers\b|"
    r"\bthe\s+foreign\s+ministers\b|"
    # "the upcoming foreign ministers' meeting": the meeting of the two ministers
    r"\b(?:the\s+|an?\s+)?(?:upcoming|next|planned|forthcoming|recent|first)\s+(?i:foreign\s+"
    r"ministers['’]?)\s+(?:meeting|talks|negotiations)\b",
))
OFFICIALS_PAIR = Guarded(re.compile(
    rf"\b{SIDE_WORD}(?:\s+and\s+|\s*,\s*){SIDE_WORD}(?:(?:,?\s+and\s+|\s*,\s*)(?:U\.S\.|US|[A-Z][a-z]+))?"
    r"\s+(?:(?i:government\s+)?)(?i:delegations|officials|negotiators|envoys|"
    r"representatives|deputy\s+prime\s+ministers|border\s+commissions|security\s+(?:council\s+)?"
    r"(?:chiefs|advisers|advisors|aides|officials)|national\s+security\s+advis[eo]rs|"
    r"deputy\s+foreign\s+ministers|parliament(?:ary)?\s+speakers|speakers\s+of\s+parliament)\b|"
    r"\bdelegations\s+(?:of|from)\s+(?:Armenia\s+and\s+Azerbaijan|Azerbaijan\s+and\s+Armenia)\b|"
    r"\b(?i:commissions?\s+on\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:delimitation|demarcation)|"
    r"(?:delimitation|demarcation)\s+commissions?|border\s+commissions?)\b|"
    # "Speakers of Azerbaijani and Armenian Parliaments": the sides' adjectives before the body
    r"\b(?i:speakers|heads|chairs?)\s+of\s+(?:the\s+)?(?:Azerbaijani|Armenian)\s+and\s+"
    r"(?:Azerbaijani|Armenian)\s+(?i:parliaments?|legislatures?)\b|"
    r"\b(?i:speakers|heads|chairs?)\s+of\s+(?:the\s+)?(?i:parliaments?|legislatures?|legislative\s+"
    r"bodies|national\s+assembly|milli\s+majlis)\s+of\s+(?:(?:the\s+)?(?:two|both)\s+(?:\w+\s+){0,2}?"
    r"(?:countries|sides|states|nations)|Armenia\s+and\s+Azerbaijan|Azerbaijan\s+and\s+Armenia)\b|"
    r"\b(?:deputy\s+prime\s+ministers|delegations|officials|negotiators|representatives|"
    r"parliament(?:ary)?\s+speakers|speakers\s+of\s+parliament)\s+of\s+(?:(?:the\s+)?(?:two|both)\s+"
    r"(?:\w+\s+){0,3}?(?:countries|sides|states|nations|neighbou?rs)|Armenia\s+and\s+Azerbaijan|"
    r"Azerbaijan\s+and\s+Armenia)\b|"
    # "deputy foreign ministers from the three South Caucasus nations": both sides, and Georgia
    r"\b(?i:deputy\s+(?:foreign|prime)\s+ministers|officials|representatives|delegations|"
    r"diplomats)\s+(?:of|from)\s+(?:the\s+)?(?i:three)\s+South\s+Caucasus\s+(?i:countries|"
    r"nations|states|republics)\b",
))
# "Grigoryan, Head of the Commission on Delimitation between Armenia and Azerbaijan": the
# pair names his office, not the two sides meeting.
_OFFICE_OF = Guarded(re.compile(
    r"\b(?i:head|chair(?:man|woman|person)?|member|secretary|co-chair)\s+"
    r"of\s+(?:the\s+)?(?:(?:[A-Z][\w-]*|on|of|and|the|for|between)\s+){1,10}?"
    rf"{SIDE_WORD}\s+and\s+{SIDE_WORD}\b"))


# talks on the border between the two: their delimitation commissions' business
_BORDER_TALKS = re.compile(r"\b(?:border|delimitation|demarcation)\s+(?:talks|negotiations|"
                           r"discussions|consultations)\b", re.IGNORECASE)
# "invited Azerbaijan and Armenia to a meeting of foreign ministers": the ministers' meeting,
# its sides named as countries; not "a meeting of foreign ministers of the region"
_FMS_MEETING = re.compile(r"\b(?:meeting|talks|negotiations|round\s+of\s+talks)\s+(?:(?:of|between)"
                          r"\s+(?:the\s+)?(?:two\s+|both\s+)?foreign\s+ministers\b(?!\s+of\b)|"
                          r"at\s+the\s+(?:level\s+of\s+(?:the\s+)?foreign\s+ministers|foreign\s+"
                          r"ministers['’]?\s+level|(?:foreign|FM)\s+ministerial\s+level))",
                          re.IGNORECASE)
_BOTH_OF = re.compile(rf"\b{THE_TWO}\b", re.IGNORECASE)


_NAME_AFTER = re.compile(r",?\s+(?-i:[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)")


def _inside(m: re.Match, spans: list[tuple[int, int]]) -> bool:
    return any(s <= m.start() < e for s, e in spans)


COUNTRY_PAIR = Guarded(re.compile(rf"\b({SIDE_WORD})(?:,?\s+and\s+|\s*,\s*|[–-]|\s+with\s+)"
                                  rf"(?:the\s+(?i:republic)\s+of\s+)?({SIDE_WORD})\b"))
# "Azerbaijan refused to attend talks with Armenia": a party, then "with" the other party,
# which may close a list of third countries ("talks with the United States and Azerbaijan").
_THIRD_BEFORE = r"(?:[A-Z][\w.]+(?:\s+[A-Z][\w.]+){0,2}(?:,\s*|\s+and\s+)(?:the\s+)?){0,3}"
# (not the topic's: "arrived in Armenia for talks on a peace process with Azerbaijan")
# (a treaty or deal "with" the other side is signed with it: those stay the parties')
_TOPIC_WITH = "".join(rf"(?<!{w}\s)" for w in ("process", "relations", "conflict", "border",
                                                "war", "tensions", "normalization",
                                                "normalisation"))
COUNTRY_WITH = Guarded(re.compile(rf"\b({SIDE_WORD})\b[^.;]{{0,80}}?{_TOPIC_WITH}\bwith\s+"
                                  rf"(?:the\s+)?{_THIRD_BEFORE}({SIDE_WORD})\b"))
# "Lavrov's talks with his Armenian and Azerbaijani counterparts", "with his counterparts
# from Azerbaijan and Armenia": a third party's office on both sides.
COUNTERPARTS_PAIR = re.compile(rf"\b(?:his|her|their)\s+(?:{SIDE_WORD},?\s+and\s+{SIDE_WORD}\s+"
                               rf"counterparts|counterparts\s+(?:from|of|in)\s+{SIDE_WORD},?\s+"
                               rf"and\s+{SIDE_WORD})\b", re.IGNORECASE)
# "Bayramov met his counterparts from Armenia and the United States", "Rubio and his Armenian
# and Azerbaijani counterparts": a list of two or more countries whose holders of the office
# of the person before "his" meet him (each country as the gazetteer names it)
_COUNTRY_WORDS = r"(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?"
COUNTERPARTS_OF = re.compile(
    rf"\b(?:his|her)\s+(?:(?P<adjs>[A-Z][\w-]*(?:,?\s+(?:and\s+)?[A-Z][\w-]*){{1,3}})\s+"
    rf"counterparts|counterparts\s+(?:from|of|in)\s+(?P<list>{_COUNTRY_WORDS}"
    rf"(?:,\s*{_COUNTRY_WORDS}){{0,3}},?\s+and\s+{_COUNTRY_WORDS}))\b")
# "his Azerbaijani counterpart", "her Armenian colleagues" (colleagues only after his or her)
COUNTERPART = Guarded(re.compile(
    rf"\b(?:(?:his|her|their)\s+(?=(?:{SIDE_WORD})\s+colleagues?\b)|(?:his|her|their)?\s*"
    rf"(?=(?:{SIDE_WORD})\s+counterparts?\b))({SIDE_WORD})\s+(?:counterparts?|colleagues?)\b",
    re.IGNORECASE))


@dataclass
class Who:
    """The people of a clause: each side's participants, third parties, and the sides seen."""

    participants: dict[str, Person] = field(default_factory=dict)
    mediators: dict[str, Person] = field(default_factory=dict)
    level: str | None = None
    sides: set[str] = field(default_factory=set)
    vague: bool = False  # sides known from country names only
    bodies: set[str] = field(default_factory=set)  # sides told by an institution of theirs

    def add(self, person: Person, day: date, named: bool = False) -> None:
        """A party's office-holder is a participant, anyone else's a third party; a side's
        person with no office on the day (a former minister) is neither. A third party named
        in the text stays that person whatever office they hold that day ("former Secretary
        of State Blinken hosted ..."); one reached through an office is its holder."""
        if not person.offices_on(day) and (person.side or not named):
            return
        if person.side:
            self.participants[person.name] = person
            self.sides.add(person.side)
        else:
            self.mediators[person.name] = person


def level_of(people: list[Person], day: date, gaz: Gazetteer) -> str | None:
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


@cache
def _role_regex(gaz: Gazetteer) -> Guarded:
    """'Azerbaijan's president', 'US Secretary of State', 'European Council President'."""
    words = {a for c in gaz.countries.values() for a in (*c.adjectives, c.name)}
    words.add("European Council")
    alt = "|".join(re.escape(a) for a in sorted(words, key=len, reverse=True))
    return Guarded(re.compile(rf"(?<![Ff]ormer\s)\b(?P<adj>{alt})\s+{_ROLE_WORDS}\b",
                              re.IGNORECASE))


_ROLE_OF = Guarded(re.compile(
    rf"\b{_ROLE_WORDS}\s+of\s+(?:the\s+Republic\s+of\s+)?(?P<side>{SIDE_WORD})\b",
    re.IGNORECASE))
# "the deputy foreign ministers of Armenia, Georgia and Azerbaijan", "the leaders of
# Armenia, the United States, and Azerbaijan": the holder of that office in each country
# of the list
_LIST_ITEM = r"(?:the\s+)?(?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}|[A-Z]{2,3})"
_LIST_SPLIT = re.compile(r",\s+(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?|^the\s+")
_ROLES_OF_LIST = Guarded(re.compile(rf"\b{_ROLE_WORDS}s\s+of\s+(?P<list>(?:{_LIST_ITEM}"
                                    rf"(?:,\s+|,?\s+and\s+)){{1,4}}{_LIST_ITEM})"))


# "Bayramov said in an address to journalists that a meeting of the delegations will be
# held": the speaker reports a meeting, and is not at it unless the report says so ("he",
# "we" ...). Only when the meeting comes after the speech verb's "that", colon or quote.
_SPEECH = re.compile(
    r"(?:['’]s)?\s*(?:,[^,]{0,80},\s*)?(?:\w+\s+){0,2}?(?:" + SAID + r"|told|"
    r"confirmed|informed|explained|reported|revealed)\b"
    r"(?P<frame>[^“\"]{0,80}?)(?:\bthat\b|:|“|\")(?P<report>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SELF = re.compile(r"\b(?:he|she|we|I|his|her|our|us|him|me|my)\b")
# "Mirzoyan said that a meeting with Bayramov was held": the meeting with someone told first
# in the speaker's report is the speaker's own
_MEETING_WITH = re.compile(r"\s*(?:the|a|an|this|that)?\s*(?:[\w-]+\s+){0,2}?(?:meeting|talks|"
                           r"negotiations|conversation)\s+with\b", re.IGNORECASE)
_MEETING_WORD = re.compile(r"\b(?:meet\w*|met|talks|negotiations|summit|session|called\s+off|"
                           r"cancell?ed|postponed)\b", re.I)


# '"Armenia is ready to hold talks in Washington," Grigoryan has stated.'
# '..., Mirzoyan said on Wednesday.': the same, with the day the words were spoken.
_SPEAKER_LAST = re.compile(r"\s*(?:,[^,]{0,60},\s*)?(?:has\s+|had\s+)?(?:" + SAID + r"|told\s+"
                           r"\w+)(?:\s+(?:on\s+\w+|today|"
                           r"yesterday|late\s+\w+|earlier|this\s+week|in\s+(?:a|an|his|her)\s+"
                           r"(?:\w+\s+){0,2}?(?:statement|interview|briefing)))?\s*[.,;]?\s*$",
                           re.IGNORECASE)


# "This was told by Hikmat Hajiyev, ...": the speaker, named after a passive speech verb
_TOLD_BY = re.compile(r"\b(?:was|were|is|are|has\s+been|had\s+been)\s+(?:told|" + SAID + r"|"
                      r"reported|confirmed)\s+(?:to\s+\w+\s+)?by\s+"
                      r"(?:[\w'’.-]+\s+){0,6}?$", re.IGNORECASE)


# '"We regard the refusal to meet as a retreat," said Hajiyev.': the name after the speech
# verb that follows a closing quote, the sentence ending with it (or an appositive of his)
_SAID_AFTER_QUOTE = re.compile(r"[”\"'’]\s*,?\s*" + SAID + r"\s+(?:[A-Z][\w.'’-]*\s+){0,5}$")
_SENTENCE_ENDS = re.compile(r"\s*(?:,[^,]{0,80})?[.!]?\s*$")


def _is_speaker(text: str, end: int, start: int | None = None) -> bool:
    if start is not None and _TOLD_BY.search(text[:start]):
        return True
    if start is not None and _SAID_AFTER_QUOTE.search(text, max(0, start - 80), start) and \
            _SENTENCE_ENDS.fullmatch(text, end):
        return True
    if _SPEAKER_LAST.match(text[end:]) and _MEETING_WORD.search(text[:end]) and \
            not _SELF.search(text[:end]):
        return True
    m = _SPEECH.match(text, end)
    if not m or _MEETING_WORD.search(m.group("frame")):
        return False
    report = m.group("report")
    return bool(_MEETING_WORD.search(report)) and not _SELF.search(report) and \
        not _MEETING_WITH.match(report)


# "the Presidential Administration of the Republic of Azerbaijan": a side's own institution,
# at talks for that side (an office named by its holder's role, "the Office of the Prime
# Minister of Armenia", is read with the roles: `_INSTITUTION_BEFORE`)
INSTITUTION_OF_SIDE = Guarded(re.compile(
    r"\b(?i:presidential\s+administration)\s+of\s+(?:the\s+)?(?:(?i:republic)\s+of\s+)?"
    rf"(?P<a>{SIDE_WORD})\b|\b(?P<b>{SIDE_WORD})(?:['’]s)?\s+(?i:presidential\s+administration)\b"))
# "the Office of the Prime Minister of Armenia", "the Armenian prime minister's office": an
# institution of that side, not its holder at a meeting
_INSTITUTION = r"office|administration|apparatus|staff"  # the words for a side's own staff
_INSTITUTION_BEFORE = re.compile(rf"\b(?:{_INSTITUTION}|chancellery|press\s+service)\s+of\s+"
                                 r"(?:the\s+)?$", re.IGNORECASE)
_INSTITUTION_AFTER = re.compile(rf"['’]s\s+(?:{_INSTITUTION}|press\s+service)\b", re.IGNORECASE)
# "the office of Armenian Prime Minister Nikol Pashinyan": his staff, told before his name
# ("the office of Armenia's Prime Minister Nikol Pashinyan", "the administration of the
# President of Azerbaijan Ilham Aliyev")
_OFFICE_OF_PERSON = re.compile(rf"\b(?:{_INSTITUTION}|chancellery|government)\s+of\s+"
                               r"(?:the\s+)?(?:(?:[A-Z][\w'’-]*|of|the)\s+){0,6}$")
_DASH_BEFORE = re.compile(r"\s[-–—]\s*(?:the\s+)?$", re.IGNORECASE)


def _role_speaks(text: str, m: re.Match) -> bool:
    """An office named as the one speaking: "..., the Armenian Foreign Minister said that
    a meeting ...", or a headline's attribution after a dash at its end ("Yerevan agrees to
    a meeting in Washington - Armenian Security Council secretary")."""
    if _DASH_BEFORE.search(text[:m.start()]) and not text[m.end():].strip(" .\"'”"):
        return True
    return _is_speaker(text, m.end(), m.start())


class PartyReader:
    """Reads the people of clauses of one article (cached per clause text)."""

    def __init__(self, gaz: Gazetteer, day: date):
        self.gaz = gaz
        self.day = day
        self.leaders_named: list[Person] = []
        self._cache: dict[str, Who] = {}

    def who(self, text: str) -> Who:
        if (cached := self._cache.get(text)) is None:
            cached = self._cache[text] = self._read(text)
        return cached

    def note_leaders(self, sentence: str) -> None:
        """Remember the leaders a sentence names, for a later "the two leaders"."""
        for f in self.gaz.find_people(sentence):
            p = f.ref
            if p.offices_on(self.day) and self.gaz.leader(p.country, self.day) == p:
                self.leaders_named.append(p)

    def _read(self, text: str) -> Who:
        who = Who()
        speakers: set[str] = set()
        for f in self.gaz.find_people(text):
            if f.ref.side and _FORMER.search(text[max(0, f.start - 12): f.start]):
                continue
            if self._is_principal_of_aide(text, f.start, f.end):
                self._aide_of(f.ref, who)
                continue
            if f.ref.side and _is_speaker(text, f.end, f.start):
                speakers.add(f.ref.name)
                continue
            if f.ref.side and _OFFICE_OF_PERSON.search(text, 0, f.start):
                # "the office of Armenian Prime Minister Nikol Pashinyan": his staff, the side
                who.sides.add(f.ref.side)
                who.bodies.add(f.ref.side)
                continue
            who.add(f.ref, self.day, named=True)
        self._roles(text, who, speakers)
        self._pairs(text, who)
        for m in INSTITUTION_OF_SIDE.finditer(text):
            side = SIDE_OF_WORD[(m.group("a") or m.group("b")).lower()]
            who.sides.add(side)
            who.bodies.add(side)
        return who

    @staticmethod
    def _is_principal_of_aide(text: str, start: int, end: int) -> bool:
        """'Aliyev's aide', 'an adviser to President Aliyev': the aide is meant."""
        after = text[end:end + 60]
        if text[start:end].endswith(("'s", "’s")):
            after = "'s" + after
        if POSSESSIVE_AIDE.match(after):
            return True
        return bool(AIDE_TO.search(text[max(0, start - 70):start]))

    def _aide_of(self, principal: Person, who: Who) -> None:
        """The aide of a party's principal sits for that side, as an official."""
        if not principal.side:
            return
        office = "presidential_adviser" if "president" in principal.offices_on(self.day) \
            else "adviser"
        self._office_holder(principal.side, office, who, name_known=False)

    def _office_holder(self, side_code: str, office: str, who: Who,
                       name_known: bool = True, speakers: frozenset | set = frozenset()) -> None:
        """The holder of `office` joins `who`; for an aide named elsewhere in the clause
        (`name_known=False`) only the side and the level are noted."""
        gaz, day = self.gaz, self.day
        country = gaz.countries[side_code]
        if office == "leader":
            office = country.leader_office
        elif office == "president" and side_code == "EU":
            office = "eu_council_president"
        person = gaz.holder(side_code, office, day) if name_known else None
        if person and person.name in speakers:
            return  # "Armenian Foreign Minister Ararat Mirzoyan said that ...": the speaker
        if person:
            who.add(person, day)
        elif country.party and (office in OFFICIAL_OFFICES or not name_known):
            who.sides.add(side_code)  # an official we have no name for
            who.level = who.level or "officials"

    def _roles(self, text: str, who: Who, speakers: set[str]) -> None:
        gaz = self.gaz
        found = []
        for m in _role_regex(gaz).finditer(text):
            adj = m.group("adj")
            country = gaz.country_of_word(adj) or (
                gaz.countries["EU"] if adj.lower() == "european council" else None)
            if country is not None:
                found.append((m, country.code))
        found += [(m, SIDE_OF_WORD[m.group("side").lower()]) for m in _ROLE_OF.finditer(text)]
        named_at = [f.start for f in self.gaz.find_people(text)] if found else []
        for m, code in found:
            if _FORMER.search(text[: m.start()]):
                continue
            if any(m.end() <= at <= m.end() + 2 for at in named_at):
                continue  # "US Secretary of State Antony Blinken": the name tells who
            if code in PARTIES and _role_speaks(text, m):
                continue
            if _INSTITUTION_BEFORE.search(text, max(0, m.start() - 40), m.start()) or \
                    _INSTITUTION_AFTER.match(text, m.end()):
                # "the Office of the Prime Minister of Armenia": the side, not the person
                if code in PARTIES:
                    who.sides.add(code)
                    who.bodies.add(code)
                continue
            office = ROLES[" ".join(m.group("role").lower().split())]
            if AIDE_TO.search(text[max(0, m.start() - 70):m.start()]):
                office = "presidential_adviser" if office == "president" else "adviser"
                if code not in PARTIES:
                    continue
                self._office_holder(code, office, who, name_known=False)
                continue
            self._office_holder(code, office, who, speakers=speakers)
        for m in _ROLES_OF_LIST.finditer(text):
            office = ROLES[" ".join(m.group("role").lower().split())]
            for word in _LIST_SPLIT.split(m.group("list")):
                if (country := gaz.country_of_word(word)) is not None:
                    self._office_holder(country.code, office, who, speakers=speakers)
        for m in SECURITY_COUNCIL.finditer(text):
            if _role_speaks(text, m):
                continue
            side = SIDE_OF_WORD[(m.group("a") or m.group("b")).lower()]
            self._office_holder(side, "security_council_secretary", who, speakers=speakers)

    def _pairs(self, text: str, who: Who) -> None:
        gaz, day = self.gaz, self.day
        if LEADERS_PAIR.search(text):
            for p in self._two_leaders(text):
                who.add(p, day)
            who.level = who.level or "leaders"
        m = FMS_PAIR.search(text)
        if m or _FMS_MEETING.search(text) and COUNTRY_PAIR.search(text):
            self._add_holders(who, "foreign_minister")
            third = (m.group(1) or "") + " " + (m.group("third") or "") if m else ""
            for word in re.findall(r"[A-Z][a-z]+", third):
                c = gaz.country_of_word(word)
                if c and not c.party and (p := gaz.holder(c.code, "foreign_minister", day)):
                    who.mediators[p.name] = p
            who.level = who.level or "foreign_ministers"
        offices = [(o.start(), o.end()) for o in _OFFICE_OF.finditer(text)]
        if m := next((m for m in OFFICIALS_PAIR.finditer(text) if not _inside(m, offices)),
                     None):
            who.sides.update(PARTIES)
            who.level = who.level or "officials"
            if "commission" in m.group(0).lower():
                # the border commissions meet under their chairs
                self._add_holders(who, "border_commission_chair")
            elif re.search(r"deputy\s+prime", m.group(0), re.IGNORECASE):
                self._add_holders(who, "deputy_prime_minister")
            elif re.search(r"speakers|parliament|legislat|assembly|majlis", m.group(0),
                           re.IGNORECASE):
                self._add_holders(who, "parliament_speaker")
        if _BORDER_TALKS.search(text) and not who.participants and (
                COUNTRY_PAIR.search(text) or _BOTH_OF.search(text)):
            # "Armenia and Azerbaijan hold new border talks": the delimitation commissions,
            # under their chairs
            self._add_holders(who, "border_commission_chair")
            who.level = who.level or "officials"
        topics = [(t.start(), t.end()) for t in TOPIC_PAIR.finditer(text)]
        for m in [*COUNTRY_PAIR.finditer(text), *COUNTRY_WITH.finditer(text)]:
            if _inside(m, topics):
                continue  # "Armenia-Azerbaijan relations": the topic, not the parties
            if _inside(m, offices):
                continue  # "Head of the Commission ... between Armenia and Azerbaijan"
            a, b = (SIDE_OF_WORD[m.group(i).lower()] for i in (1, 2))
            if a != b:
                who.sides.update(PARTIES)
                who.vague = who.vague or not who.participants
        if COUNTERPARTS_PAIR.search(text):
            for host in list(who.mediators.values()):
                self.add_counterparts(host, who)
        for m in COUNTERPARTS_OF.finditer(text):
            self._counterparts_of(text, m, who)
        # "Mirzoyan met his Azerbaijani counterpart": the same office on the other side.
        for m in COUNTERPART.finditer(text):
            side = SIDE_OF_WORD[m.group(1).lower()]
            if _NAME_AFTER.match(text, m.end()) and not any(
                    p.side == side for p in who.participants.values()):
                # "his Armenian counterpart Robert Abisoghomonyan": a person the gazetteer
                # does not know, not the office's holder it knows
                who.sides.add(side)
                continue
            for other in list(who.participants.values()):
                if other.side == side:
                    continue
                for office in other.offices_on(day):
                    if p := self._counterpart(other, office, side):
                        who.add(p, day)

    def _counterpart(self, person: Person, office: str, country: str) -> Person | None:
        """`person`'s counterpart in `country` for `office`, one of his: its holder there. A
        leader's counterpart is that country's leader, whatever his office: Aliyev's (a
        president) is Armenia's prime minister."""
        gaz = self.gaz
        leads = bool(person.side) and office == gaz.countries[person.side].leader_office
        return gaz.leader(country, self.day) if leads else gaz.holder(country, office, self.day)

    def _counterparts_of(self, text: str, m: re.Match, who: Who) -> None:
        """The counterparts of the person named last before `m` ("his") in each country of
        `m`'s list: a party's are participants, anyone else's third parties."""
        gaz, day = self.gaz, self.day
        owners = [f.ref for f in gaz.find_people(text) if f.end <= m.start()]
        countries = [f.ref for f in gaz.find_countries(m.group("adjs") or m.group("list"))]
        if not owners or len(countries) < 2 or not any(c.party for c in countries):
            return
        owner = owners[-1]
        for office in owner.offices_on(day):
            for country in countries:
                if country.code != owner.side and (
                        p := self._counterpart(owner, office, country.code)):
                    who.add(p, day)

    def add_counterparts(self, host: Person, who: Who) -> None:
        """Both parties' holders of the offices `host` holds: a mediator's 'Armenian and
        Azerbaijani counterparts'."""
        for office in host.offices_on(self.day):
            self._add_holders(who, office)
            if all(side in who.sides for side in PARTIES):
                break

    def _add_holders(self, who: Who, office: str) -> None:
        """Each party's holder of `office` on the day, as a participant."""
        for side in PARTIES:
            if p := self.gaz.holder(side, office, self.day):
                who.add(p, self.day)

    def _two_leaders(self, text: str) -> list[Person]:
        """'The two leaders': the last two leaders named, or the parties' leaders."""
        if re.search(r"\b(?:two|three|four|both)\s+leaders\b", text, re.IGNORECASE) and \
                not re.search(SIDE_WORD, text):
            named = list(dict.fromkeys(self.leaders_named))[-2:]
            if len(named) == 2 and {p.side for p in named} != set(PARTIES):
                return named
        return [p for side in PARTIES if (p := self.gaz.leader(side, self.day))]
