"""Phrase families: the words the extraction rules look for, apart from the logic using them.

Each family is named data: a pattern, a docstring saying what it catches and what it must
not, and examples both ways. `tests/test_lexicon.py` checks every family against its own
examples, so a change to a pattern that breaks a phrasing it was written for fails there,
beside the family, before any end-to-end case does. The end-to-end cases (a sentence, a
publication date, the facts expected) live in `tests/cases/*.toml`, one file per family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .prefilter import alternatives, bit, hits, holds, needs, requirements


@dataclass(frozen=True)
class Family:
    """A family of phrasings that signal one thing."""

    name: str
    doc: str
    pattern: re.Pattern
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()
    # strings one of which every match contains (prefilter.py): a text with none is skipped
    needs: tuple[str, ...] | None = field(init=False, repr=False, compare=False, default=None)
    # its bit in `prefilter.hits`'s answer: the text holds one of those strings
    bit: int = field(init=False, repr=False, compare=False, default=0)
    # and alternative by alternative (`prefilter.requirements`), the bits of each one's lists
    alts: tuple[int, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs", needs(self.pattern))
        object.__setattr__(self, "bit", bit(self.needs))
        object.__setattr__(self, "alts", alternatives(requirements(self.pattern)))

    def _may(self, text: str) -> bool:
        found = hits(text)
        return bool(found & self.bit) and holds(found, self.alts)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        if not self._may(text):
            return None
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        if not self._may(text):
            return iter(())
        return self.pattern.finditer(text, pos, len(text) if endpos is None else endpos)

    def match(self, text: str, pos: int = 0) -> re.Match | None:
        if not self._may(text):
            return None
        return self.pattern.match(text, pos)

    def sub(self, repl: str, text: str) -> str:
        if not self._may(text):
            return text
        return self.pattern.sub(repl, text)


def family(name: str, doc: str, regex: str, *, flags: int = re.IGNORECASE,
           examples: tuple[str, ...] = (), not_examples: tuple[str, ...] = ()) -> Family:
    return Family(name, doc, re.compile(regex, flags), examples, not_examples)


# -- word classes: small sets of words the families and rules compose ------------------------

# Verbs of telling, the report's own verb: "said", "stated", "noted", "stressed", "wrote".
# What stands beside one is what was said, and a day next to it is the telling's day. One
# class for every rule that asks whether words are a report (the speaker, the day of the
# words, the meeting told before or after them). Must not hold: "told" (it takes an object:
# each rule says how far it reaches), words that are as often a noun ("states", "notes",
# "reports", "remarks"), participles that are as often an attribute ("confirmed",
# "reported": the rules that want them name them), an appeal ("called", "urged") or an act
# ("agreed", "signed").
SAID = (r"(?:said|says|stated|noted|stressed|added|announced|declared|remarked|"
        r"emphasi[sz]ed|underlined|underscored|wrote)")

# -- meeting triggers and statuses --------------------------------------------------------

# A place fronted before a signing, which makes it a meeting there and one held: "At the
# White House the trio signed a declaration" (read in TRIGGER and HELD)
_FRONTED_SIGNING = (r"^(?:At|In)\s+(?:the\s+)?(?-i:[A-Z])[\w'’.-]*"
                    r"(?:\s+(?-i:[A-Z])[\w'’.-]*){0,3},?\s+(?:[\w-]+\s+){0,4}?signed\b")

TRIGGER = family(
    "trigger",
    """A word that makes a clause speak of a meeting: met, talks, summit, negotiations,
    hosted, received, a trilateral, a round. Must not: "meat", "metro", "meeting point" is
    still a trigger (the status and parties decide).""",
    r"\b((?:meet(?:s|ing|ings)?|met)(?!\s+(?:(?:the|that|this|these|those|their|its|all|our|"
    r"his|her|such)\s+)?(?:\w+\s+)?(?:demands?|requirements?|conditions?|criteria|needs|"
    r"expectations?|standards?|deadlines?|targets?|obligations?|goals?|commitments?)\b)|"
    r"talks|summit(?:s)?|negotiations?|discussions?|"
    r"(?<!in\s)consultations?(?!\s+with\b)|host(?:s|ed|ing)?|convene[ds]?|sat\s+down|"
    # (not what was received: "no information has been received from", "received a letter")
    r"sit\s+down\s+(?:together|with|for)|received(?!\s+(?:from|no|any|information|"
    r"(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+)?(?:letter|message|call|request|proposal|"
    r"response|reply|invitation|report|information|signal|note|draft)s?)\b)|"
    r"trilateral(?!\s+(?:statement|declaration|agreement|document|accord|deal|ceasefire|"
    r"cooperation))|"
    r"(?:spoke|talked)\s+(?:\w+\s+){0,2}?with|"
    # "are sending their top diplomats to Almaty this week": the two sides' people sent to
    # one place to meet
    r"(?:send|sends|sending|sent)\s+their\s+(?:top\s+|chief\s+)?(?:diplomats|foreign\s+ministers|"
    r"negotiators|delegations|envoys)\s+to\b|"
    r"round\s+of|(?:joint\s+)?sessions?|joint\s+(?:inspections?|site\s+visits?|field\s+visits?)|"
    r"(?:brief|short|informal|private|one-on-one)\s+"
    r"(?:conversation|encounter|chat|exchange)|"
    # signing the treaty at a place is a meeting there: "ready to sign it on Russian territory"
    # or a place fronted before the signing (_FRONTED_SIGNING)
    + _FRONTED_SIGNING + r"|"
    r"sign(?:ed|ing)?\s+(?:(?:a|the|it|this)\s+)?(?:(?:peace|final)\s+)?(?:treaty\s+|agreement\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:(?:in|at|on\s+the\s+territory\s+of)(?=\s+(?:the\s+)?(?-i:[A-Z]))|"
    r"on\s+(?-i:[A-Z])\w+\s+(?:territory|soil))|"
    # "The ceremony took place at the White House" (after both sides' people signed)
    r"ceremony\s+(?:took\s+place|was\s+held)|"
    # "ready to welcome the Azerbaijani delegation to the 17th Conference of the Parties"
    r"welcom(?:e|ed|es|ing)\s+(?:[\w.'’-]+\s+){1,10}?(?:delegations?|ministers?|leaders?|"
    r"counterparts?|president|prime\s+minister|(?-i:[A-Z])[\w-]+)\s+(?:to|at)(?=\s+(?:the\s+)?"
    r"(?:\d+\w*\s+)?(?:(?-i:[A-Z])|"
    r"(?:[\w-]+\s+){0,3}?(?:conference|summit|forum|session|talks)\b)))\b",
    examples=("The two leaders met in Munich.", "a trilateral in New York",
              "a new round of negotiations", "the sixth joint session of the commissions",
              "a brief informal conversation on the sidelines",
              "Pashinyan spoke with Aliyev during the summit",
              "Baku is ready to sign the treaty with Yerevan on the territory of Russia",
              "At the White House the trio signed a peace declaration",
              "Yerevan is ready to welcome the Azerbaijani delegation to the 17th Conference",
              "Azerbaijan and Armenia are sending their top diplomats to Almaty this week"),
    not_examples=("The metro was closed.", "meat prices rose",
                  "Baku is ready to sign the treaty as soon as possible",
                  "under the trilateral statement signed by the leaders in 2020",
                  "Pashinian has signaled readiness to meet that demand",
                  "No information has been received from the contingent",
                  "Baku received a letter from Yerevan"),
)

INFORMAL = family(
    "informal",
    """An encounter short of a meeting: "a brief private chat", "a short conversation", "an
    informal exchange". Held, but when the same article tells "the actual meeting will take
    place today", the meeting still to come is the news. Must not: "informal summit" (a
    gathering, not an encounter).""",
    r"\b(?:brief|short|informal|private)\s+(?:\w+\s+)?(?:conversation|encounter|chat|"
    r"exchange)\b",
    examples=("had a short private conversation in Geneva", "a brief chat on the sidelines"),
    not_examples=("the informal CIS summit", "a private meeting"),
)

CANCELLED = family(
    "cancelled",
    """A meeting that will not happen or was refused: cancelled, called off, scrapped, will
    not take place, pulled out, refused / declined to attend, skipped, boycotted, ruled out,
    decided not to go. Must not: a cancelled flight or visa (the clause must still speak of a
    meeting), "did not rule out".""",
    r"\b(cancel(?:l)?ed|cancel(?:l)?ing|cancels?|cancellation|called\s+off|calls?\s+off|"
    r"scrapped|pulled\s+out|pulls?\s+out|withdr[ae]w\s+from|did\s+not\s+(?:attend|participate|"
    r"take\s+part|come(?!\s+(?:from|out|up\s+with)\b)|show\s+up|send|arrive|turn\s+up)|"
    r"didn['’]t\s+(?:attend|participate|take\s+part|come(?!\s+(?:from|out|up\s+with)\b)|send)|(?:will|would)\s+not\s+(?:attend|participate|take\s+part|travel|go|"
    r"join|send)|won['’]t\s+(?:attend|participate|take\s+part|travel|go|join|send)|"
    r"(?:refused|declined|refuses|declines|refusing|declining)\s+(?:on\s+\w+\s+|today\s+|"
    r"yesterday\s+)?to\s+(?:attend|participate|"
    r"take\s+part|join|go|travel|come|send|hold|meet)|"
    r"(?:decided|chose)\s+not\s+to\s+(?:attend|participate|take\s+part|go|travel|join)|"
    r"failed\s+to\s+(?:find\s+(?:an?\s+)?(?:opportunity|time|chance|occasion)\s+to\s+)?(?:meet|"
    r"sit\s+down|hold\s+(?:a\s+)?(?:meeting|talks))|"
    r"(?:decided|decides|decide)\s+against\s+(?:attending|participating|taking\s+part|going|"
    r"travel(?:l)?ing|joining|meeting)|"
    r"(?:refusal|decision\s+not)\s+to\s+(?:attend|participate|take\s+part|join|go|travel|"
    r"come|meet)|"
    r"boycott(?:ed|s|ing)?|(?:will|would|did)\s+(?:(?:most\s+)?(?:probably|likely|certainly|"
    r"definitely|apparently)\s+)?not\s+take\s+place|won['’]t\s+take\s+place|"
    r"(?:will|would)\s+not\s+(?:be\s+held|happen)|won['’]t\s+(?:be\s+held|happen)|"
    r"(?:will\s+not|won['’]t)\s+meet\b(?!\s+(?:without|unless|until|before|if|except)\b)|"
    r"(?<![\w-])[Nn]o\s+(?:\w+\s+){0,2}?(?:meeting|talks|summit)\s+(?:of|between|with)\b"
    r"(?=[^.;]{0,160}?\b(?:will|would|is\s+to)\s+(?:be\s+held|take\s+place))|"
    r"(?:is|was)\s+(?:now\s+)?off\b|"
    r"no\s+longer\s+take\s+place|not\s+going\s+to\s+take\s+place|skip(?:ped|s|ping)?|"
    r"(?<!not\s)(?<!n['’]t\s)ruled\s+out|snubb?(?:ed|s)?|"
    r"(?:refused|declined|rejected)\s+(?:the|a|an|this|that)\s+(?:\w+\s+){0,2}?(?:meeting|talks)|"
    r"(?:turned|turns|turning)\s+down|(?:rejected|rejects|rejecting|declined|declines|declining|"
    r"refused|refuses|refusing)\s+(?:the|an|a|this|"
    r"(?:[A-Z][\w.-]*\s+){1,4}?[\w-]+['’]s)\s+(?:\w+\s+){0,2}?(?:proposal|offer|invitation)|"
    r"(?:do|does|did)\s+not\s+consider\s+(?:it\s+)?possible|"
    r"(?:denied|denies|excluded|excludes|dismissed|dismisses)\s+(?:the\s+)?(?:possibility|prospect|"
    r"likelihood)\s+of|"
    r"consider(?:s|ed)?\s+it\s+(?:not\s+possible|impossible)|"
    r"(?:refuses|refused|rejects|rejected)\s+(?:\w+\s+){0,1}?(?:meeting|talks)\b|"
    r"failed\s+to\s+(?:arrive|attend|show\s+up|turn\s+up|come)|"
    r"(?:went|go|goes|going)\s+ahead\s+without|(?:took\s+place|was\s+held|were\s+held|"
    r"proceeded|opened)\s+without\s+(?!a\b|an\b|any\b|the\s+(?:press|media|mediat))"
    r"(?=(?:the\s+)?(?-i:[A-Z])))\b",
    examples=("The summit was called off.", "Aliyev pulled out of the talks.",
              "Bayramov refused to attend the meeting.", "the meeting will not take place",
              "Mirzoyan will not join the meeting of ministers",
              "Baku cancelled the talks", "Aliyev skipped the summit",
              "Azerbaijan decided not to take part in the talks",
              "Armenia's refusal to attend this meeting",
              "the expected meeting will not be held",
              "the two leaders will not meet in the coming days",
              "No meeting of Michel, Pashinyan and Aliyev will be held in October",
              "Baku has turned down the proposal for a meeting",
              "Yerevan denied the possibility of holding a meeting of the ministers",
              "we do not consider possible to hold the proposed meeting",
              "Azerbaijan refuses meeting with Armenia in Washington",
              "Pashinyan declined British Prime Minister Keir Starmer's offer to host talks",
              "Baku does not consider possible to hold the proposed meeting",
              "We consider it not possible to hold the proposed meeting in Washington",
              "Azerbaijan refused on Thursday to participate in the talks",
              "at the last moment Gafarova refused the meeting",
              "Azerbaijan will not send its foreign minister to the talks",
              "the Armenian delegation did not arrive for the talks",
              "the summit in Granada went ahead without Aliyev"),
    not_examples=("Reports of the meeting did not come from the officials",
                  "He did not rule out a meeting.", "the talks will take place",
                  "the talks took place without mediators",
                  "they will not meet without a mediator"),
)

POSTPONED = family(
    "postponed",
    """A meeting put off to later: postponed, put off, delayed, rescheduled, pushed back,
    deferred. Must not: "delayed" of a convoy is a route matter, but a meeting clause decides.""",
    r"\b(postpone[ds]?|postponing|postponement|put\s+off|(?<!long-)(?<!long\s)delayed"
    r"(?!\s+(?:peace|agreement|treaty|deal|process|settlement|normali[sz]ation))|"
    r"rescheduled|pushed\s+back|"
    r"deferred|(?:put|placed|are|is|remain|remains)\s+on\s+hold|suspend(?:ed|s)|froze|frozen)\b",
    examples=("The talks were postponed.", "the meeting has been pushed back",
              "the meeting of the commissions was put on hold", "Baku suspended the talks"),
    not_examples=("The talks went ahead.", "to advance a long-delayed peace agreement"),
)

MOVED = family(
    "moved",
    """A known meeting moved (new date or venue): moved, rescheduled, shifted, relocated,
    brought forward, "instead".""",
    r"\b(moved|rescheduled|shifted|relocated|brought\s+forward|instead)\b",
    examples=("The talks were moved to Tuesday.",),
)

MOVED_TO = family(
    "moved_to",
    """The new slot of a moved meeting: "moved to", "rescheduled for", "postponed until".""",
    r"\b(?:moved|rescheduled|shifted|relocated|brought\s+forward|postponed)"
    r"\s+(?:to|for|until|till)\b",
    examples=("rescheduled for Friday", "postponed until next month"),
)

_MEETING_VERB = (r"(?:host|hold|organi[sz]e|meet|convene|arrange|resume|attend|sign|have|visit|"
                 r"welcome|receive|bring|set\s+up|begin|start|launch)")

PROPOSED = family(
    "proposed",
    """A meeting wished, offered or suggested, not fixed: offered to host, ready to meet,
    proposed, invited, could, might, calls for, considering, a possibility. Must not: a
    fixed plan ("will meet on Friday" is scheduled), "May" the month, what a meeting could
    bring about ("could help", "could catalyze talks": a judgement, not a plan).""",
    r"\b(?:offer(?:ed|s)?|intend(?:s|ed)?|ready|prepared|willing|hope[sd]?|hoping|wants?|wanted|"
    r"would\s+like|seek(?:s|ing)?|aim(?:s|ed)?|try(?:ing)?|propos(?:ed|es)|suggest(?:ed|s)?|"
    r"invit(?:ed|es))\s+(?:\w+\s+){0,2}?to\s+(?:\w+\s+)?" + _MEETING_VERB + r"\b|"
    # an offer made to the parties: "has offered to Russia, Azerbaijan and Armenia to hold a
    # four-party meeting"; a headline's offer with no article: "offers four-party meeting"
    r"\b(?:offer(?:ed|s)?|propos(?:ed|es)|suggest(?:ed|s)?)\s+to\s+(?:[\w,'’.-]+\s+){1,8}?to\s+"
    r"(?:\w+\s+)?" + _MEETING_VERB + r"\b|"
    r"\boffer(?:ed|s|ing)?\s+(?:[\w-]+\s+)?(?:meeting|talks|summit|negotiations)\b|"
    # "responded positively to the offer of US Secretary of State Blinken to organise the meeting"
    r"\b(?:offer|proposal|initiative)\s+of\s+(?:[\w.'’-]+\s+){1,7}?to\s+" + _MEETING_VERB + r"\b|"
    r"\b(?:offer(?:ed|s)?\s+(?:(?:(?-i:[A-Z])[\w-]*\s+){1,2}as\b|a|an|its)|propos(?:ed|es|e|al|ing)|suggest(?:ed|s)?|"
    r"invit(?:ed|es|e|ing|ations?)|(?:could|might|(?-i:may))(?!\s+(?:not\s+)?(?:catalyze|catalyse|"
    r"help|contribute|lead|pave|boost|give|bring|mark|serve|become|prove|yield|be\s+(?:a|an|the)\s))|"
    r"call(?:ed|s|ing)?\s+for|urg(?:ed|es|e|ing)\s+(?:[\w'’]+\s+){0,3}?(?:to\s+(?:\w+\s+)?"
    r"(?:meet|hold|resume|return|start|sit|engage|continue)|for\b)|"
    # pushing for a meeting, not a meeting's aim ("will meet tomorrow to push for what is
    # believed to be the final stage of negotiations")
    r"push(?<!\ba\spush)(?<!new\spush)(?<!renewed\spush)(?<!fresh\spush)(?<!the\spush)"
    r"(?:ed|es|ing)?\s+for\s+(?:(?:a|an|the|new|another|further|direct|more)\s+){0,2}"
    r"(?:[\w-]+\s+){0,2}?(?:meetings?|talks|summit|negotiations|round)\b|"
    r"consider(?:ed|s|ing)?|possible|possibilit(?:y|ies)|idea\s+of|"
    r"(?:hope[sd]?|hoping)\s+(?:that\s+)?(?:[\w'’]+\s+){1,5}?(?:will|would)\s+(?:\w+\s+)?"
    r"(?:take\s+place|be\s+held|meet|happen)|"
    r"readiness|willingness|in\s+the\s+near\s+future|"
    # "Armenia is open to a meeting", "has not ruled out talks": a stance that allows one
    r"open\s+to\s+(?:(?:a|an|the|new|further|direct|bilateral|trilateral|another|more)\s+){0,3}"
    r"(?:[\w-]+\s+)?(?:meetings?|talks|negotiations|summit)|"
    r"(?:not|never)\s+(?:\w+\s+)?rul(?:e|es|ed|ing)\s+out\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:meetings?|talks|negotiations|summit)|(?:eager|keen)\s+to\s+host|pav(?:e|es|ed|ing)\s+the\s+way|lay(?:ing)?\s+the\s+"
    r"groundwork|work(?:s|ed|ing)?\s+(?:\w+\s+){0,5}?towards?\s+(?:\w+\s+){0,2}?(?:meetings?|"
    r"talks|negotiations)|(?:agree[sd]?|consent(?:ed|s)?|(?:given|gave|give[sn]?)\s+(?:its|their|his|her)\s+"
    r"consent)\s+to\s+(?!(?:attend|hold|join|take|participate|meet|host|have|resume|"
    r"continue)\b)(?:(?:a|an|the|this|that)\s+)?(?:[\w-]+\s+){0,2}?(?:meeting|talks|"
    r"negotiations|round)(?!\w))\b",
    examples=("Iran offered to host the talks.", "a meeting could take place in Geneva",
              "the offer of US Secretary of State Antony Blinken to organise the meeting",
              "Kazakhstan offered Almaty as a venue for the talks",
              "Tokayev proposed talks in Almaty", "to pave the way for a next meeting",
              "I will be inviting the two leaders",
              "Baku has agreed to a meeting of the foreign ministers in Kazakhstan",
              "Yerevan has given its consent to a meeting with Baku",
              "The US will continue working with Azerbaijan and Armenia towards specific "
              "meetings",
              "There are possibilities to hold talks in Washington",
              "He expressed his willingness to meet the president at the border",
              "Baku was so eager to host the Armenian minister",
              "Yerevan hopes that such a meeting will ultimately take place",
              "they are willing to begin bilateral or trilateral meetings in Georgia",
              "he has offered to Russia, Azerbaijan and Armenia to hold a four-party meeting",
              "Turkey offers four-party meeting to Russia, Armenia, Azerbaijan",
              "Macron pushed for a new meeting of the two leaders",
              "Pashinyan said he was prepared to meet Aliyev at any time",
              "Armenia is open to a meeting of the foreign ministers in Washington",
              "Baku has not ruled out a meeting of the leaders at the summit"),
    not_examples=("The ministers will meet on Friday.", "They met in May.",
                  "Both leaders agreed to attend a meeting in Brussels",
                  "Turkey offered help as a mediator.",
                  "the gathering could catalyze peace negotiations",
                  "Scholz urged a quick conclusion to peace negotiations",
                  "the border will be open to trade after the talks",
                  "the talks were well prepared",
                  "Blinken will meet them tomorrow to push for the final stage of the deal"),
)

PLANNED = family(
    "planned",
    """A plan: plans to meet, planned, expected to, agreed to meet, and reported future
    ("said they would meet"). With a day it is a scheduled meeting, without one a proposal.""",
    r"\b(plans?|planned|planning|expected\s+to|(?<!un)likely\s+to|"
    # "an agreement has been reached on holding a new meeting", "agreed on holding talks"
    r"agreement\s+(?:has\s+been\s+|had\s+been\s+|was\s+)?reached\s+on\s+(?:holding|organi[sz]ing)|"
    r"agreed\s+on\s+(?:holding|organi[sz]ing)|"
    r"agreed\s+to\s+(?:meet|hold|host|take\s+part|"
    r"attend|participate|join)|would(?!-be\b)|looks?\s+forward\s+to|"
    r"announced\s+an?\s+(?:[\w-]+\s+){0,3}?(?:meeting|talks)(?!\s+(?:took|was|were|had|has)\b))\b",
    examples=("The leaders plan to meet in June.", "talks are expected to resume",
              "the Armenian side announced a meeting of the speakers",
              "she said the ministers would meet on Friday",
              "Blinken is likely to jointly meet with his counterparts",
              "An agreement has been reached on holding a new meeting of the speakers"),
    not_examples=("officials will meet on Friday to discuss the would-be route",
                  "the leaders are unlikely to meet this year"),
)

CONTINUED_PROCESS = family(
    "continued_process",
    """Talks said to go on, with nothing of a meeting's own: "will continue their discussions
    regarding the measures", "will continue talks on the treaty". With no day, place or names
    it is the process going on, not a meeting planned. Must not: "will continue the talks in
    Almaty on Friday" (a day and a place: a meeting; the rule using it checks them).""",
    r"\bcontinu\w*\s+(?:(?:their|the|its|our|bilateral|direct|these)\s+){0,2}(?:talks|"
    r"discussions?|negotiations|dialogue|contacts|consultations|work)\b",
    examples=("they will continue their discussions regarding the implementation",
              "the sides will continue talks on the treaty"),
    not_examples=("they agreed to hold talks on the treaty",),
)

FUTURE = family(
    "future",
    """Future tense of a fixed meeting: will, is to, is due, scheduled, set to, to be held,
    upcoming, next week.""",
    r"\b(will|shall|(?:is|are)\s+to(?!\s+(?:remind|recall|note|mention|say|add|stress|"
    r"emphasi[sz]e|underline)\b)|(?:is|are)\s+due|due\s+to|scheduled|slated|set\s+(?:to|for)|"
    r"to\s+be\s+held|to\s+take\s+place|upcoming|forthcoming|next\s+week|"
    r"(?:is|are)\s+going\s+to|(?<!continue\s)(?<!continued\s)(?<!continuing\s)"
    r"to\s+(?:resume|meet|hold|host|sign)|"
    # people on their way to the meeting: "are sending their top diplomats to Almaty"
    r"(?:is|are)\s+sending|"
    # the present of a plan: "are meeting in Almaty on Friday", "next week"
    r"(?:is|are)\s+meeting(?=[^.;]{0,50}\b(?:on\s+(?-i:[A-Z])|next|tomorrow|later|soon|"
    r"this\s+(?:week|month)|in\s+(?:the\s+)?coming)))\b|'ll\b",
    examples=("The talks will open on Monday.", "a meeting scheduled for June 1",
              "talks had been set for Monday",
              "Baku and Yerevan are sending their top diplomats to Almaty this week",
              "the ministers are meeting in Almaty on Friday"),
    not_examples=("they agreed to continue to hold talks on the open issues",),
)

ARRIVED_FOR = family(
    "arrived_for",
    """Someone come to a place for the meeting: "arrived in Abu Dhabi on Thursday for talks
    with", "is in Washington for a meeting with", "landed in Geneva to attend the talks". The
    meeting is at hand (scheduled, on the day of the arrival); "was in X for talks" tells one
    that took place. Must not: a trip to a place with no meeting named ("arrived in Baku for
    a working visit" has no trigger, so it is never read).""",
    r"\b(?P<verb>arrived|arrives|arriving|landed|lands|is|are|was|were|has\s+arrived|"
    r"have\s+arrived)\s+(?:in|at)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}(?:on\s+\w+\s+|"
    r"today\s+|yesterday\s+|this\s+\w+\s+)?(?:for|to\s+(?:attend|hold|take\s+part\s+in|"
    r"join))\s+(?:\w+\s+){0,3}?(?:talks|meetings?|negotiations|summit(?=\s+with\b))\b",
    flags=0,
    examples=("Pashinyan arrived in Abu Dhabi on Thursday for talks with Aliyev",
              "Bayramov is in Washington for a meeting with Mirzoyan",
              "the minister has arrived in Geneva to attend the talks"),
    not_examples=("Pashinyan arrived in Baku for a working visit.",
                  "Talks in Abu Dhabi were held on Thursday.",
                  "Both leaders were in the United Kingdom for a summit of 47 countries."),
)

UNDER_WAY = family(
    "under_way",
    """Words spoken at a meeting's opening, told as such: "speaking at the start of the
    meeting, Blinken said they will take stock": the meeting is taking place, whatever
    future the words spoken hold. Must not: "at the start of the meeting on Friday, they
    will sign" (no one speaking: a plan).""",
    r"\b(?:speaking|spoke|" + SAID + r"|told\s+\w+|remarks?|statement)\s+(?:\w+\s+){0,2}?"
    r"at\s+the\s+(?:start|beginning|opening|outset)\s+of\s+(?:the|their|a|today['’]s)\s+"
    r"(?:\w+\s+){0,2}?(?:meeting|talks|session|negotiations)\b|"
    r"\b(?:I\s+am|I['’]m|we\s+are|we['’]re)\s+(?:\w+\s+)?(?:delighted|pleased|happy|glad|"
    r"honou?red|proud)\s+to\s+(?:host|welcome)\b|"
    # the host's own opening words: "it's a great honor to welcome everyone to the White
    # House for this summit"
    # (read on a clause: "it's a big, | beautiful honor to welcome"; "would be an honor"
    # is a wish)
    r"(?<!be\san\s)(?<!be\sa\s)\b(?:(?:great|big|beautiful|real|true|special)\s+)?"
    r"(?:honou?r|pleasure|privilege|joy)\s+to\s+(?:host|welcome)\s+(?:[\w.'’-]+\s+){1,8}?"
    r"(?:to|at|in|for)\b|"
    # the news present: "A and B are meeting in Abu Dhabi to finalize a deal" (not "are
    # meeting on Friday", "next week": a plan)
    r"\b(?:is|are)\s+(?:now\s+|currently\s+)?meeting\s+(?:in|at)\b(?![^.;,]{0,50}\b(?:on\s+"
    r"(?-i:[A-Z])|next|tomorrow|later|soon|this\s+(?:week|month|year)|in\s+(?:the\s+)?coming))",
    examples=("Speaking at the start of the meeting held on the sidelines",
              "Pashinyan and Aliyev are meeting in Abu Dhabi to finalize a peace agreement",
              "Today, I am delighted to host both my esteemed colleagues",
              "It's a great honor to welcome everyone to the capital for this summit",
              "Blinken said at the opening of the talks"),
    not_examples=("At the start of the meeting on Friday, they will sign the text.",
                  "It would be an honor to welcome the two leaders to the capital.",
                  "the ministers are meeting in Almaty on Friday"),
)

HELD = family(
    "held",
    """A meeting that took place or is under way: met, held, hosted, took place, convened,
    concluded, has commenced, is under way, have met, resumed, engaged in (a meeting),
    lasted. Must not: the same words negated (see NEGATION).""",
    r"\b(met|meet|meets|held|hold|holds|hosted|hosts|took\s+place|convened|sat\s+down|"
    r"mediated|concluded|commenced|wrapped\s+up|were\s+held|was\s+held|received|"
    r"(?:are|is)\s+(?:taking\s+place|underway|under\s+way|(?:currently\s+|now\s+)?holding|"
    r"(?:currently\s+|now\s+)?hosting)|"
    r"(?:got|gets|get)\s+under\s?way|"
    r"have\s+met|has\s+met|talked|"
    r"resumed|since|began|begun|started|kicked\s+off|opened|(?:results?|outcomes?)\s+of|"
    r"spoke\s+(?:\w+\s+){0,2}?with|amid\s+(?:the\s+|their\s+)?(?:\w+\s+){0,2}?(?:talks|"
    r"negotiations|meeting)|"
    r"discussed|shook\s+hands|exchanged\s+views|engaged\s+in|lasted|ended|"
    r"(?:conducted|carried\s+out|held|made)\s+(?:a\s+)?joint\s+(?:inspections?|site\s+visits?|"
    r"field\s+visits?)|"
    r"signed\s+(?:[\w-]+\s+){0,4}?(?:in|at)(?=\s+(?:the\s+)?(?-i:[A-Z]))|"
    + _FRONTED_SIGNING + r"|"

    r"organi[sz]ed\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(?:talks|meeting|negotiations)\s+"
    r"(?:in|at|on|between|with)\b|"
    r"(?:reached|agreed|achieved|adopted)\s+(?:\w+\s+){0,3}?(?:during|at|in\s+the\s+course\s+of)\s+"
    r"(?:the\s+)?(?:\w+\s+){0,2}?(?:talks|meeting|negotiations)|"
    r"welcomed\s+(?:[\w.'’-]+\s+){1,10}?(?:to|at)(?=\s+(?:the\s+)?(?-i:[A-Z]))|"
    # a third party's reaction to a meeting's holding: "France welcomes the holding of
    # another session of negotiations between the ministers in Almaty on 10 and 11 May"
    r"(?:welcom(?:e|es|ed)|hail(?:s|ed)?|prais(?:e|es|ed)|applaud(?:s|ed)?|not(?:e|es|ed))\s+"
    r"the\s+(?:holding|convening|conduct)\s+of\s+(?:[\w-]+\s+){0,3}?(?:meetings?|talks|"
    r"negotiations|sessions?|rounds?|summit)\b|"
    # an absolute clause of a past report: "..., with Aliyev and Pashinyan meeting in Kazan"
    r"with\s+(?:(?-i:[A-Z])[\w'’.-]*\s+|and\s+){2,12}?meeting\s+(?:in|at|on)\b|"
    # a speaker addressing it: "Blinken told a tripartite meeting with the foreign ministers"
    r"told\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:meeting|session|gathering)\s+(?:with|of|"
    r"between)\b|"
    # or speaking at it: "Blinken said Wednesday at a meeting with his counterparts from"
    + SAID + r"\s+(?:\w+\s+){0,2}?(?:at|during)\s+"
    r"(?:a|an|the|their)\s+(?:[\w-]+\s+){0,2}?(?:meeting|session|talks)\s+(?:with\s+(?:his|her|"
    r"their)\s+|between\b)|"
    # a meeting judged: "he called the meeting with Pashinyan in Munich useful"
    r"(?:called|described|termed|assessed|characteri[sz]ed|hailed|praised)\s+(?:the|their|his|"
    r"her|this|that)\s+(?:[\w-]+\s+){0,2}?(?:meeting|talks|negotiations)\b|"
    r"(?:the|their|this|last\s+week['’]s)\s+recent\s+(?:[\w-]+\s+){0,2}?(?:meeting|talks|"
    r"summit|negotiations)|"
    r"had\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}?(?:conversation|encounter|chat|exchange|talks?|"
    r"negotiations|discussions?|meetings?))\b",
    examples=("The ministers met in Almaty.", "the talks are under way",
              "the prime ministers engaged in a meeting today",
              "the trilateral meeting lasted several hours",
              "agreed to expand trade amid talks between the two leaders",
              "negotiations began in Almaty", "Lavrov assessed the results of the meeting",
              "the ministers' talks got underway Friday in Almaty",
              "the talks in Washington ended without agreement",
              "the two leaders had a brief informal conversation on the sidelines",
              "the three leaders signed a peace declaration in Washington",
              "The recent meeting of the two ministers in Berlin gives hope",
              "Trump welcomed Pashinyan and Aliyev to the White House on Friday",
              "Trump had welcomed Aliyev and Pashinyan at the White House on Friday",
              "The agreements were reached during talks between the two offices",
              "He called the meeting with Pashinyan in Munich useful",
              "France welcomes the holding of another session of negotiations in Almaty",
              "the Secretary told a trilateral meeting with the two foreign ministers",
              "the Secretary said Wednesday at a meeting with his two counterparts",
              "activity centred on the talks, with Aliyev and Pashinyan meeting in Kazan",
              "Michel organized talks in Brussels with representatives of both sides"),
)

NEGATION = family(
    "negation",
    """A negation right before a verb: "not", "never", "no", "without" up to two words
    before it. Used on the text before a held verb.""",
    r"\b(?:not|never|no|without)\s+(?:\w+\s+){0,2}$",
    examples=("have not ",),
)

PHONE = family(
    "phone",
    """A phone or video call: not a meeting. Must not: "called for" a meeting (a proposal),
    "a meeting called by" someone.""",
    r"\b(phone|telephone|phoned|call\s+with|calls\s+with|video\s*(?:call|link|conference)|"
    r"videoconference|virtual\s+meeting|online\s+meeting|spoke\s+by|"
    r"(?:phone|telephone)\s+conversation)\b",
    examples=("Aliyev and Pashinyan spoke by phone.", "a telephone conversation",
              "Blinken held a call with Aliyev"),
    not_examples=("Michel called for a meeting.",
                  "Pashinyan held a brief conversation with Macron on the sidelines"),
)

SEPARATE = family(
    "separate",
    """A mediator meeting each side apart, not a meeting of the two: separately, one-on-one,
    "with A and then with B", "also met", "before meeting". Must not: "the two sides met".""",
    r"\b(separate(?:ly(?!\s*,))?|individually|one-on-one\s+meetings|(?:two\s+|several\s+)?bilateral\s+"
    r"meetings\s*[-–—:,]?\s*with|two\s+meetings\s*[-–—:,]?\s*with)\b|"
    r"\bwith\s+\S.*\band\s+(?:then\s+|later\s+)?with\b|"
    r"\b(?:also|then|later|subsequently|afterwards)\s+(?:met|meets|received|hosted|held\s+talks)\b|"
    r"\bwith\s+(?:their|his|her)\s+(?!Armenian|Azerbaijani)[A-Z][\w-]+\s+counterparts?\b|"
    r"\bheld\s+(?:\w+\s+)?meetings\s+with\s+(?!each\s+other|one\s+another)|"
    r"\beach\s+(?:met|held\s+talks\s+with|received)\b|"
    # a host's round of talks with many guests: "held bilateral discussions with several
    # leaders, including ..."
    r"\b(?:meetings|talks|discussions)\s+with\s+(?:several|many|various|numerous|a\s+number\s+of|"
    r"a\s+series\s+of)\s+(?:\w+\s+)?(?:leaders|heads|counterparts|ministers|delegations|guests)\b",
    examples=("Michel held separate talks with Aliyev and Pashinyan.",
              "Xi held bilateral discussions with several leaders, including Aliyev and Pashinyan",
              "Blinken met Aliyev on Monday and also met Pashinyan.",
              "a meeting with Aliyev and then with Pashinyan",
              "the host will hold two bilateral meetings - with Aliyev and Pashinyan",
              "the two speakers held meetings with their Turkish counterpart",
              "the two speakers held meetings with the Chairman of the Turkish Parliament"),
    not_examples=("The two leaders met in Brussels.",
                  "Separately, the envoy said the two leaders agreed to meet in Brussels"),
)

FRESH = family(
    "fresh",
    """A meeting said to be a new one, not one already known: new, fresh, another, next,
    second, again.""",
    r"\b(new|fresh|another|next|second|third|further|one\s+more|again)\b",
    examples=("a new round of talks", "they will meet again"),
)

BACKGROUND = family(
    "background",
    """History retold: previously, last met, most recently met, had met, in the past, back
    in, "recalling that". A meeting so marked is recorded but never alerted.""",
    # (not what the meeting is held under: "in accordance with previously reached agreements")
    r"\b(previously(?!\s+(?:reached|agreed|achieved|signed|concluded|adopted)\b)|"
    r"previous(?!\s+day\b)|earlier\s+rounds?|last\s+met|had\s+met|in\s+the\s+past|"
    r"back\s+in|last\s+meeting|last\s+round|previous\s+round|most\s+recently\s+met|"
    r"met\s+most\s+recently|(?:as\s+a\s+)?results?\s+of\s+(?:the|their)\s+recent\s+(?:\w+\s+)?"
    r"(?:summit|meeting|talks)|^\W*recent\s+(?:\w+\s+)?(?:talks|meetings?|negotiations)|"
    r"recalling\s+(?:that\s+)?|recalled\s+that|reminded\s+that|"
    # a stance held for long: "Azerbaijan had for months refused to hold talks"
    r"(?:had|has|have)\s+for\s+(?:(?:several|many|two|three|\d+)\s+)?(?:months|years|weeks))\b",
    examples=("The ministers last met in Berlin.", "the leaders had met in Prague",
              "Azerbaijan had for months refused to hold further talks",
              "Recalling that the two ministers recently met in Germany, the president said",
              "the two ministers most recently met outside Washington last month",
              "the dynamics formed as a result of the recent summit in Washington",
              "Recent talks between the foreign ministers in Washington brought no result"),
    not_examples=("the meeting took place the previous day",
                  "the meeting will take place on May 10 in line with previously reached "
                  "agreements"),
)

UNREALIZED = family(
    "unrealized",
    """A plan told as one that did not come about: "were supposed to meet", "was meant to
    hold talks", "was to have met". The plan is history, never news of a plan; what became
    of it (called off, postponed) is read from its own cue. Must not: "are supposed to meet"
    (present: a plan still standing).""",
    r"\b(?:was|were|had\s+been)\s+(?:supposed|meant)\s+to\b|\b(?:was|were)\s+to\s+have\b",
    examples=("Gafarova and Simonyan were supposed to meet on the sidelines",
              "the ministers were meant to hold talks in Vienna",
              "the leaders were to have met in Granada"),
    not_examples=("The ministers are supposed to meet next week.",),
)

ANCHORED = family(
    "anchored",
    """A time told against another event, not against today: "a few days before the
    President's statement", "weeks after the summit". An undated meeting so placed belongs
    to the story being retold, so it is history rather than news of the last days. Must not:
    "three days ago", "a few days before" with nothing after it (dates.py reads those).""",
    r"\b(?:days?|weeks?|months?)\s+(?:before|after|prior\s+to|ahead\s+of)\s+"
    r"(?:the|a|an|his|her|its|their|this|that)\b",
    examples=("A few days before the US President's statement, a meeting took place",
              "weeks after the summit in Granada"),
    not_examples=("They met three days ago.", "The leaders had met a few days before."),
)

MEDIATION = family(
    "mediation",
    """Words tying a third party to a meeting: under the auspices of, mediated by, hosted by,
    with the participation of, chaired by, convened by, initiated by, at the invitation of,
    bringing together (the one named among the two sides is their host).""",
    r"\b(auspices|mediat\w*|host\w*|broker\w*|sponsor\w*|involv\w*|with|particip\w*|presence|"
    r"attend\w*|chair\w*|facilitat\w*|conven\w*|initiat\w*|invitation|"
    r"(?:bring|brings|bringing|brought)\s+together)\b",
    examples=("under the auspices of the EU", "hosted by Kazakhstan",
              "bringing together U.S. Secretary of State Antony Blinken and the two ministers",
              "the meeting, convened by the European Council President"),
)

SPEECH_AFTER = family(
    "speech_after",
    """A speech verb right after a date: "on Saturday said", so that date is the statement's,
    not the meeting's.""",
    r"^\s*(?:,\s*)?(" + SAID + r"|told|offered|proposed|suggested|"
    r"confirmed|urged|called|reported|tweeted|lamented|regretted|"
    r"complained|insisted|warned|admitted|acknowledged)\b",
    examples=(" said the talks would resume", ", lamented that the leader will not attend"),
)

SPEECH_THAT = family(
    "speech_that",
    """A date between a speech verb and the "that" of what was said: "told a conference of
    the institute on Wednesday, October 25 that the meeting was cancelled" is the day of the
    telling. Matched after the date; the speech verb must come before it. Must not: "the
    leaders agreed that they would meet on October 25" (the date comes after "that").""",
    r"^\s*,?\s*that\b",
    examples=(" that the meeting was cancelled", ", that the talks will resume"),
    not_examples=(" in Brussels", " and said that"),
)

SPEECH_VERB = family(
    "speech_verb",
    """A verb of telling, for SPEECH_THAT: said, told, announced, stated, wrote ...""",
    r"\b(" + SAID + r"|told|tells|reported|confirmed|revealed|claimed)\b",
    examples=("Klaar told a conference", "the ministry announced"),
    not_examples=("the leaders agreed", "they met"),
)

SPEECH_BEFORE = family(
    "speech_before",
    """A speech verb before a date, with at most a few words between that are not the
    meeting's: "said on Monday", "announced the meeting on his platform on Thursday". Must
    not: "announced that the leaders will meet on Friday" (the date is the meeting's).""",
    r"\b(" + SAID + r"|told\s+\w+|reported|posted|tweeted)"
    r"(?:(?:\s+(?!that\b|will\b|would\b|to\b|meet|hold|they\b|he\b|she\b|we\b|the\b)"
    r"[\w'’]+){0,6}?|\s+(?:\w+\s+){0,3}?"
    r"(?:on|via|in)\s+(?:his|her|its|their|the)\s+(?:[\w-]+\s+){0,3}?(?:platform|account|page|"
    r"channel|website|statement|post|interview|briefing))\s+(?:on\s+)?$",
    examples=("the ministry said on ", "the ministry announced in a statement on ",
              "Trump announced the meeting on his Truth Social platform on "),
    not_examples=("Trump announced that the leaders will meet on ",
                  "the aides told a TV channel they started their talks in "),
)

RUMOUR = family(
    "rumour",
    """A meeting told on the word of the press or unnamed sources: "the newspaper said,
    citing its sources", "according to media reports". In an article that denies a report of
    a meeting, such a sentence is the report denied (see `MeetingReader`). Must not: an
    official's own words ("the ministry said").""",
    r"\b(?:newspaper|paper|daily|media|outlet|website|tabloid|portal)\s+(?:\w+\s+){0,2}?"
    r"(?:said|says|reported|reports|wrote|writes|claimed|claims)\b|"
    r"\bciting\s+(?:its\s+|their\s+|unnamed\s+|anonymous\s+|informed\s+|own\s+){0,2}sources\b|"
    r"\baccording\s+to\s+(?:the\s+)?(?:newspaper|media\s+reports?|press\s+reports?|"
    r"(?:unnamed\s+|anonymous\s+)?sources)\b",
    examples=("The newspaper said earlier, citing its sources, that the leaders would meet",
              "according to media reports, a summit is being prepared"),
    not_examples=("the foreign ministry said the ministers would meet",),
)
DENIAL = family(
    "denial",
    """A report of a meeting denied: "denied ... claim", "refuted reports", "no agreement has
    been reached on a meeting". Nothing is read from it.""",
    r"\b(?:den(?:ied|ies|y)|refut(?:ed|es)|dismissed|rejected)\s+(?:[\w'’,]+\s+){0,8}?(?:claims?|"
    r"reports?|rumou?rs?|allegations?|information)\b|\bno\s+(?:such\s+)?(?:agreement|decision)\s+"
    r"(?:has\s+been|was|had\s+been)\s+(?:reached|made|taken)\b",
    examples=("The ministry denied on Thursday an official's claim that the ministers agreed",
              "Baku and Yerevan denied on Thursday, December 14 an official's claim that"),
    not_examples=("The ministers agreed to meet in January.",),
)


# -- route statuses -------------------------------------------------------------------------
# Each cue is tied to the nearest named route in its sentence (see routes.py); the order of
# ROUTE_CUES is the precedence when several cues touch one mention.

CHECKPOINT = family(
    "checkpoint",
    """A checkpoint set up on a route: "set up a checkpoint", "installed a border checkpoint",
    "checkpoint at the entrance". Must not: a checkpoint merely named ("the Hakari bridge
    checkpoint" is the route's name).""",
    r"\b(?:set\s+up|setting\s+up|install(?:ed|ing)?|establish(?:ed|ing|ment\s+of)|"
    r"erect(?:ed|ing)?|put\s+up|placed|opened|build|built|deploy(?:ed)?)\s+(?:\w+\s+){0,4}?"
    r"checkpoints?\b|\bcheckpoints?\s+(?:at|along|near|on\s+(?:the|its|a))\b",
    examples=("Baku set up a checkpoint on the Lachin road.",
              "a checkpoint at the entrance of the corridor"),
)

KNOWN_CHECKPOINT = family(
    "known_checkpoint",
    """The words before a bare "checkpoint at/near" that make it a checkpoint already there, a
    place where something happens, not one set up: "stopped at an Azerbaijani checkpoint near
    the bridge", "humiliating conditions in the illegal checkpoint at", "passed through the
    checkpoint on". Checked on the text just before the cue. Must not: "a checkpoint at the
    entrance" told on its own (one set up) or "set up a checkpoint" (its own alternative).""",
    r"(?:\b(?:at|in|through|via|past|across|from|to|near|by)\s+(?:the|an?|its|their|this|that)|"
    r"\b(?:the|its|this|that))\s+(?:[\w'’-]+\s+){0,2}$",
    examples=("was stopped at an Azerbaijani ", "conditions in the illegal ",
              "Karabakh residents passed through the "),
    not_examples=("Azerbaijan has installed a ", "There is now a "),
)

ARGUED = family(
    "argued",
    """A route said open as the proof of an argument: "this shows that the road is open",
    "which proves that", "is evidence that". A side's stance in a dispute, not the road's
    news. Checked on the words between the clause start and an "open" cue.""",
    r"\b(?:shows?|showed|shown|proves?|proved|proven|demonstrat\w+|testif\w+|evidence|"
    r"refutes?|refuted)\s+(?:once\s+again\s+|again\s+|clearly\s+)?that\b[^.]*$",
    examples=("This once again shows that the ", "which proves that the "),
    not_examples=("The ministry said that the ", "Officials confirmed that the "),
)

HUMANITARIAN_ONLY = family(
    "humanitarian_only",
    """Only humanitarian passage: "only humanitarian cargo", "allowed the Red Cross to resume
    evacuations", "humanitarian convoys only", "Red Cross medical evacuations ... resumed".""",
    r"\b(?:only\s+(?:for\s+)?humanitarian|humanitarian\s+(?:cargo|convoys?|aid|supplies)\s+"
    r"only|(?:allow(?:ed|s|ing)?|let|permit(?:ted|s)?|resum(?:ed|es|ing))\s+(?:\w+\s+){0,3}?"
    r"(?:Red\s+Cross|ICRC|medical\s+evacuations?|humanitarian|(?:transfers?|evacuations?|"
    r"transport(?:ation)?)\s+of\s+(?:\w+\s+){0,2}?patients)|"
    r"(?:Red\s+Cross|ICRC|medical)\s+(?:\w+\s+){0,2}?evacuations?\b[^.;]{0,80}?"
    r"\bresum(?:ed|es|ing|ption))\b",
    examples=("Azerbaijan allowed the Red Cross to resume evacuations.",
              "ICRC medical evacuations from the region to Armenia resumed",
              "the ICRC resumed the transfer of patients"),
)

REOPENED = family(
    "reopened",
    """A route opened again: reopened, lifted the blockade, traffic resumed, unblocked.""",
    r"\b(?:re-?open(?:ed|s|ing)?|lift(?:ed|s|ing)?\s+(?:the\s+|its\s+)?(?:blockade|closure)|"
    r"resum(?:ed|es|ing)\s+(?:traffic|movement)|traffic\s+resumed|unblock(?:ed|s))\b",
    examples=("Azerbaijan reopened the corridor.", "traffic resumed on the road"),
)

CLOSED = family(
    "closed",
    """A route closed: closed, shut, sealed, blocked, traffic suspended, halted, cut off.
    Must not: "closed-door talks" (no route nearby).""",
    r"\b(?:closed|clos(?:es|ing)|closure|shut(?:\s+down)?|sealed|blocked|blocking|obstructed|"
    r"suspend(?:ed|s|ing)\s+(?:traffic|movement)|halted|cut\s+off|remains\s+closed)\b",
    examples=("Azerbaijan closed the Lachin corridor.", "traffic was halted"),
)

BLOCKADED = family(
    "blockaded",
    """A route under blockade or siege. Must not: the blockade denied ("there is no
    'blockade'", "not a blockade", "no so-called blockade"), which tells the opposite.""",
    r"(?<!\bno\s)(?<!\bno\s[“\"'‘])(?<!\bnot\sa\s)(?<!\bnot\sa\s[“\"'‘])(?<!\bso-called\s)"
    r"(?<!\bso-called\s[“\"'‘])\b(?:blockad(?:e|ed|es|ing)|under\s+siege|besieged)\b",
    examples=("the blockaded Lachin corridor", "Karabakh under siege"),
    not_examples=("the road is open and there is no “blockade”", "this is not a blockade",
                  "the so-called blockade"),
)

OPEN = family(
    "open",
    """A route open: "is open", "remains open", "opened to".""",
    r"\b(?:is\s+open|remains\s+open|was\s+open|opened\s+(?:the|to|an?|its|their))\b",
    examples=("The road is open.", "Baku opened the road to traffic",
              "Azerbaijan has opened a transit route to Armenia"),
)

# A route a deal provides for ("the corridor envisaged by the peace deal", "a corridor
# planned ... under the accord"): the verbs, read in AGREED and, as a fact whatever wish
# surrounds it, by routes.py.
PROVIDED_FOR = (r"(?:envisaged|provided\s+for|foreseen|stipulated|enshrined|"
                r"planned(?=\s+(?:[\w-]+\s+){0,4}?under))")
# The documents a route is agreed by: signed, initialled, concluded.
_ROUTE_DOCUMENT = (r"(?:agreements?|deals?|declarations?|memorand(?:um|a)|accords?|framework|"
                   r"protocols?|contracts?|(?:joint\s+)?statements?)")

AGREED = family(
    "agreed",
    """A deal on a route that does not exist yet: signed an agreement or declaration on it,
    agreed to open or build it, a deal that creates it, rights to develop it granted. Only for
    routes whose statuses include "agreed" (see the gazetteer). Must not: a demand that it be
    agreed ("must agree"), an agreement still to come ("would sign").""",
    r"\b(?:signed|initial(?:l)?ed|inked|sealed|reached|clinched|struck)\s+(?:\w+\s+){0,4}?"
    + _ROUTE_DOCUMENT + r"\b|"
    # ("the initialing of the peace agreement" is the treaty's step, not a route's deal)
    r"\b(?:signing|initial(?:l)?ing|conclusion)\s+of\s+(?:the|a|an)\s+(?!(?:draft\s+)?peace\s+)"
    r"(?:\w+\s+){0,3}?" + _ROUTE_DOCUMENT + r"\b|"
    r"\bagreed\s+(?:on|to\s+(?:open|build|create|establish|launch|develop|unblock|restore))\b|"
    r"\b(?:was|were|been|is)\s+agreed\b|"
    r"\b(?:agreement|deal|declaration|accord|framework)\s+(?:\w+\s+){0,3}?(?:on|establish(?:ing|es)|"
    r"to\s+establish|creat(?:ing|es)|to\s+create|for\s+the\s+creation\s+of|that\s+creates)\b|"
    # "the deal includes the creation of a transit corridor"
    r"\b(?:agreement|deal|declaration|accord|framework)\s+(?:includes?|included|provides?\s+for|"
    r"envisages?)\s+(?:the\s+)?(?:creation|establishment|opening|construction)\s+of\b|"
    r"\b(?:awarded|granted|given|gives|grants|receiv(?:es|ed|ing)|obtain(?:s|ed))\s+"
    r"(?:\w+\s+){0,4}?(?:development\s+)?rights\b|"
    # the rights the deal gives, told as held: "the U.S. would have exclusive development
    # rights to the corridor"
    r"\b(?:would|will)\s+(?:have|get|hold)\s+(?:the\s+)?(?:exclusive\s+|special\s+)?"
    r"development\s+rights\b|"
    r"\b(?:at\s+the\s+heart|centrepiece|centerpiece|cornerstone|(?:central|key|main|core|"
    r"major)\s+(?:component|part|element|pillar|provision))\s+of\s+the\s+(?:\w+\s+){0,2}?"
    r"(?:agreement|deal|declaration|accord)s?\b|"
    r"\bimplementation\s+framework\b|"
    # a route the deal provides for: "the corridor envisaged by the peace deal"
    r"\b(?:" + PROVIDED_FOR + r"|laid\s+(?:out|down)|set\s+out)\s+(?:(?:in|across)\s+(?:the\s+)?"
    r"[\w-]+\s+)?(?:by|in|under)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,4}?(?:peace\s+)?"
    r"(?:agreement|deal|declaration|accord|treaty|framework|memorandum)s?\b|"
    # "published the agreement signed between Armenia and the United States on implementing"
    # ("the framework agreement officially signed yesterday")
    r"\b" + _ROUTE_DOCUMENT + r"\s+(?:(?:was|were|has\s+been|had\s+been)\s+)?(?:\w+ly\s+)?"
    r"(?:signed|concluded|initial(?:l)?ed)\s+(?:between|by|in|at|on|with|last|this|"
    r"yesterday)\b|"
    r"\b(?:(?<!an\s)established|establishment\s+of|rebrand(?:ed|s|ing)?|renam(?:ed|es|ing)|"
    r"(?:formally|officially)\s+(?:named|called|titled|dubbed)|"
    # the name the deal gives it: "the corridor will be called the Trump Route"
    # (not a description of what is to come: "the modalities of what will be named the Trump
    # Route remain unknown")
    r"(?<!what\s)(?:will\s+be|is\s+to\s+be|was|has\s+been)\s+(?:named|called|titled|dubbed)"
    r"(?=\s+(?:the\s+)?"
    r"(?-i:[A-Z]))|"
    r"(?:project|initiative)\s+(?:named|titled|dubbed))\b|"

    r"\baccording\s+to\s+(?:the|a)\s+(?:\w+\s+){0,4}?(?:decision|decree|resolution)\b|"
    # a government's permission: "Georgia has authorized the transit of a fuel shipment"
    r"\b(?:authori[sz]ed|approved|permitted)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:transit|passage|"
    r"transportation|shipments?)\s+of\b|"
    # "By decision of the prime minister, the railway was instructed to conduct the transit"
    r"\bby\s+(?:the\s+)?(?:decision|decree|order|resolution)\s+of\b|"
    r"\bdecided\s+to\s+(?:allow|provide|open|carry|permit|ensure|grant|lift|deliver|send|"
    r"ship|transport)\b|"
    r"\bwill\s+(?:provide|ensure|guarantee)\s+(?:\w+\s+){0,3}?(?:transit|transportation|access|"
    r"passage)\b|"
    # a decision told as what will be let through: "will allow a one-time free transit of"
    r"\bwill\s+allow\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}?(?:transit|passage|transportation|"
    r"shipments?)\s+of\b|"
    # a joint commitment of the deal: "will work with the U.S. to organize ... a transit route"
    r"\bwill\s+work\s+with\s+[^;]{1,60}?\s+to\s+(?:organi[sz]e|establish|build|develop|create)\b",
    examples=("Azerbaijan and Armenia have signed a historic agreement at the White House",
              "the planned route, formally named the Trump Route for International Peace",
              "The corridor will be called the Trump Route for International Peace",
              "Georgia has authorized the transit of an Azerbaijani fuel shipment to Armenia",
              "an agreement that would rebrand a contentious transit corridor",
              "the establishment of the Trump Route for International Peace and Prosperity",
              "This road is expected to operate under a project named TRIPP",
              "Georgia will provide free rail transportation of Azerbaijani fuel to Armenia",
              "Georgia will allow a one-time free transit of Azerbaijani oil products to Armenia",
              "Armenia will work with the U.S. and third countries to organize on its territory "
              "a transit route",
              "according to the decision of the prime minister, the railway will carry",
              "the ministry published the agreement signed between Armenia and the United "
              "States on implementing the project",
              "the U.S. has been awarded development rights to a transit route",
              "The U.S. would have exclusive development rights to the corridor",
              "At the heart of the agreement lies the creation of the route",
              "the planned corridor envisaged by the Azerbaijan-Armenia peace deal",
              "a corridor planned in the Caucasus under a US-brokered peace accord",
              "The deal includes the creation of a transit corridor through Armenia",
              "A central component of the deal is the launch of the route",
              "the route was agreed by the two leaders in Washington",
              "The signing of the declaration was accompanied by calls to develop the route"),
    not_examples=("Armenia must agree to the corridor",),
)

# A wish or offer, and what it would do to a route: the two classes PROPOSED_ROUTE composes.
# The verb and the noun of one act are one member ("restore" / "the restoration of").
_ROUTE_WISH = (r"(?:proposed|propose[sd]?|proposing|offer(?:ed|s|ing)?|suggest(?:ed|s|ing)?|"
               r"put\s+forward|"
               r"unveiled|floated|presented|ready|prepared|willing|wants?|wanted|plans?|"
               r"planned|planning|intends?|intended|seeks?|sought|aims?|hopes?|asked|"
               r"requested|requests?|negotiat(?:ed|ing|ions)|talks|discussions|discussed|"
               r"consultations|"
               r"(?:time|moment)\s+has\s+come|"
               r"instructed|ordered|tasked|directed|prepar(?:e|es|ing|ations?)|"
               r"call(?:ed|s|ing)?\s+for)")
_ROUTE_DO = (r"(?:open|reopen|build|construct|create|establish|launch|start|restore|repair|"
             r"rebuild|develop|lease|enable|ensure|provide|allow|supply|send|unblock|operate|"
             r"conduct|carry\s+out)")
_ROUTE_DOING = (r"(?:opening|reopening|building|construction|creation|establishment|launch|"
                r"restoration|repair|rebuilding|development|lease|leasing|unblocking)")
# the same acts as gerunds taking their object: "talks on restoring two railway sections"
_ROUTE_GERUND = (r"(?:opening|reopening|building|constructing|creating|establishing|launching|"
                 r"restoring|repairing|rebuilding|developing|leasing|unblocking)")

PROPOSED_ROUTE = family(
    "proposed_route",
    """A new route put on the table by a government: a wish or offer (proposed, offered,
    ready to, wants to, plans to, asked ... to, a request ... to, negotiations ... to, "the
    time has come for") bound to what it would do to the route (open, build, restore,
    lease, enable, provide, supply ...; as verb or noun: "to restore" / "the restoration
    of"). Must not: a demand restated ("Baku renewed its demands"), which is a position, not
    news; demands ("urged Azerbaijan to reopen") are dropped by DEMAND before the cue.""",
    # (not where the infinitive is a need's: "suggested that coordination may be required to
    # ensure logistics")
    r"\b" + _ROUTE_WISH + r"\s+(?:(?!required\b|needed\b|necessary\b)[\w'’()]+\s+){0,8}?to\s+"
    r"(?:\w+\s+){0,4}?(?:" + _ROUTE_DO
    + "|" + _ROUTE_DOING + r")\b|"
    # ("proposed a 100-year lease on such a transport link")
    r"\b" + _ROUTE_WISH + r"\s+(?:[\w'’-]+\s+){0,6}?(?:the\s+)?" + _ROUTE_DOING +
    r"\s+(?:works?\s+(?:in|on)|of|on)\b|"
    r"\b" + _ROUTE_WISH + r"\s+(?:on|about|regarding|over)\s+(?:the\s+)?(?:possible\s+|"
    r"possibility\s+of\s+)?" + _ROUTE_GERUND + r"\b|"
    r"\b(?:proposed|offered|suggested|put\s+forward|unveiled|floated|presented)\s+"
    r"(?:\w+\s+){0,4}?(?:an?\s+(?:\w+\s+)?(?:plan|project|route|corridor|deal)|"
    r"(?:opening|building|creating|restoring|reopening|establishing|leasing|operating|running|"
    r"managing))\b|"
    r"\bproposal\s+(?:to|for|of)\b|"
    r"\b(?:proposed|suggested|offered)\s+that\s+(?:[\w.'’-]+\s+){1,5}?(?:run|operate|manage|"
    r"build|lease|open|take\s+over)\b|"
    r"\bready\s+[–—-][^–—.;]{0,60}[–—-]\s+to\s+(?:ensure|allow|provide|open|launch|start)\b|"
    r"\b(?:asked|requested)\s+(?:for\s+)?(?=transit\b)|"
    # both sides inspecting a line together, for its restoration: the works prepared
    r"\bjoint(?:ly)?\s+(?:inspect(?:ion|ed)|survey(?:ed)?|assess(?:ment|ed))\b",
    examples=("Washington proposed to build a route through Syunik",
              "Armenia is ready to ensure the transit of trucks",
              "we are ready – without exaggeration – to ensure the transit",
              "he had asked Russia to immediately address the full repair of the rail line",
              "a proposal to restore the railway",
              "Armenia proposed restoring the Ijevan and Yeraskh sections",
              "he had requested Russian counterparts to restore the railway lines",
              "his country is ready to enable truck transportation",
              "we got a request from (the) Armenian side to provide transit",
              "The USA wants to lease the corridor for 100 years.",
              "Washington has proposed a 100-year lease on such a transport link",
              "The United States has proposed leasing, for 100 years, the stretch",
              "we held negotiations with the railway company to supply cargo",
              "The moment has come for the restoration of some other railway sections",
              "calls for the reopening of the railway",
              "Washington has suggested that a U.S. company run the corridor",
              "preparations must be made for the possible restoration of the railways",
              "Russia and Armenia have launched discussions on restoring two railway sections",
              "the two sides carried out a joint inspection of the railway section"),
    not_examples=("Baku renewed its demands for the corridor",
                  "the corridor was opened to traffic",
                  "he suggested that broader coordination may be required to ensure logistics"),
)

PASSAGE = family(
    "passage",
    """Traffic actually moving along a route: people or vehicles crossed, passed, left,
    travelled along it; the first shipment or train went through; restrictions or a ban on
    transit lifted; goods now moving. Open, or humanitarian-only when the traffic is aid or
    the Red Cross (see HUMANITARIAN_TRAFFIC). Must not: a convoy "prevented from" passing
    (a demand or negation before the cue drops it).""",
    r"\b(?:crossed|crossing|passed|passing|travel(?:l)?ed|moved|moving|moves|drove|rolled|went|go|goes|"
    r"fled|fleeing|"
    r"going|left|leaving|entered|entering|arrived|made\s+(?:its|their)\s+way|used|delivered|"
    r"imported|exported|"
    r"transported|transferred|escorted|evacuated|carried|shipped|sent|dispatched|set\s+off|"
    r"headed|heading|heads)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:through|via|along|across|on(?=\s+(?:the|its|a|this|that)\b)|for|into|from)\b|\b(?:crossed|used)\s+the\b|"
    r"\b(?:crossed|crossing|transited|transiting)\s+(?-i:[A-Z])[a-z]+\b|"
    r"\breached\s+(?:[\w-]+\s+){0,4}?(?:through|via|along)\b|"
    # a territory entered, told before the road: "entered the territory of the unrecognized
    # republic on the Aghdam-Askeran road"
    r"\b(?:entered|entering|crossed|crossing)\s+(?:the\s+)?territory\s+of\s+(?:[\w-]+\s+){1,4}?"
    r"(?:through|via|along|across|on(?=\s+(?:the|its|a|this|that)\b)|from)\b|"
    # a consignment sent off to a named place: "dispatched 22 tanker cars carrying petrol to
    # Armenia"
    r"\b(?:shipped|dispatched|delivered|exported)\s+(?:[\w,.-]+\s+){1,10}?to\s+"
    r"(?-i:[A-Z])|"
    # traffic that has begun: "Azerbaijan has begun exporting fuel to Armenia"
    r"\b(?:begun|began|started)\s+(?:exporting|shipping|supplying|delivering|"
    r"transporting|importing)\b|"
    r"\b(?:lift(?:ed|s|ing)?|remov(?:ed|es|ing|al)|eas(?:ed|es|ing)|scrap(?:ped|s))\s+(?:of\s+)?"
    r"(?:all\s+)?"
    r"(?:the\s+)?(?:\w+\s+){0,3}?(?:restrictions|ban|bans|embargo|blockade)\b|"
    r"\b(?:the\s+)?first\s+(?:such\s+)?(?:\w+\s+){0,2}?(?:shipment|train|consignment|convoy|"
    r"cargo|transit|batch|delivery|supply|trucks?)\b|"
    r"\ballowed\s+(?:cargo|goods|transit|trucks|vehicles|traffic)\b|"
    r"\b(?:escorted|evacuated|transferred)\s+(?:[\w-]+\s+){0,4}?to\b|"
    # vehicles on the move: "the cars move forward very slowly"
    r"\b(?:cars|vehicles|trucks|buses|lorries|convoys?)\s+(?:\w+\s+){0,2}?(?:move[sd]?|moving|"
    r"inch(?:ed|es|ing)?|crawl(?:ed|s|ing)?)\s+(?:forward|slowly|along|through|across|on)\b|"
    # people who left for good: "had fled to Armenia", "streaming into Armenia"
    r"\b(?:fled|fleeing|poured|pouring|streamed|streaming)\s+(?:[\w-]+\s+){0,3}?(?:to|into|for)\b|"
    # "the only road ... is lined with hundreds of cars": the road in use
    r"\b(?:lined|packed|jammed|clogged|crowded|choked|filled)\s+with\s+(?:[\w,-]+\s+){0,3}?"
    r"(?:cars|vehicles|buses|trucks|lorries|people|refugees)\b|"
    r"\b(?:facilitated|ensured|organi[sz]ed|carried\s+out|completed)\s+the\s+(?:transfer|"
    r"evacuation|transportation|passage)\s+of\b|"
    r"\b(?:sent|shipped|dispatched|delivered|exported)\s+(?:\w+\s+){0,3}?(?:shipments?|"
    r"consignments?|trains?|cargo(?:es)?|wagons|batch(?:es)?|tons|tonnes)\b|"
    r"\b(?:passage|movement)\s+of\s+[^.;]{0,60}?\b(?:trucks?|cars|vehicles|convoys?)\b[^.;]{0,60}?"
    r"\b(?:has\s+been|was|were|have\s+been)\s+(?:ensured|allowed|permitted|completed)\b|"
    r"\b(?:delivery|deliveries|transportation|passage|movement)\s+(?:(?:today|yesterday)\s+)?of\s+"
    r"(?:\w+\s+){0,3}?(?:goods|cargo(?:es)?|aid|supplies|people|vehicles?|residents|civilians|patients|refugees|"
    r"evacuees|trucks?|lorr(?:y|ies)|convoys?|deliver(?:y|ies)|shipments?|consignments?)\s+"
    r"(?:\w+\s+){0,3}?(?:along|via|through)\b|"
    r"\b(?:allowed|permitted|able)\s+to\s+(?:cross|pass|use|travel|deliver|transport|bring|"
    r"evacuate)\b|"
    r"\breceiv(?:e|es|ed|ing)\s+(?:\w+\s+){0,2}?(?:aid|cargo(?:es)?|goods|supplies|food|fuel|grain)\s+"
    r"(?:through|via|along)\b|"
    r"\breopened\s+its\s+territory\b|\bnow\s+moving\b|\bopened\s+for\b|"
    r"\b(?:trains?|wagons?|cargo|trucks?|shipments?|consignments?|goods|fuel|grain|wheat|"
    r"diesel|petrol|gasoline|freight|convoys?|vehicles|containers?)\b[^.;]{0,80}?"
    r"\b(?:reach(?:ed|es)?|arrived\s+in)\s+(?:Armenia|Azerbaijan|Yerevan|Baku|Nakh(?:i)?ch[ei]?van)\b|"
    r"\b(?:delivery|deliveries|transport(?:ation)?|passage|shipments?)\s+of\s+(?:\w+\s+){0,2}?(?:goods|cargo(?:es)?|"
    r"aid|supplies|grain|wheat|fuel)\b[^.;“”\"]{0,120}?\b(?:along|via|through)\s+(?:the\s+)?",
    examples=("some 6,650 people crossed into Armenia through the Lachin Corridor",
              "they reached the Armenian border through the Lachin corridor",
              "ICRC trucks allowed to cross the Lachin road",
              "The passage of ICRC's two cars and a truck has been ensured from the Lachin "
              "checkpoint",
              "Karabakh Armenians receive humanitarian aid through the Aghdam route",
              "the passage of the Russian truck through the Aghdam route was ensured",
              "Red Cross convoys crossed the Lachin corridor",
              "Azerbaijan has lifted all transit restrictions on goods to Armenia",
              "The first such transit shipment was Kazakh grain",
              "a truck loaded with food left Aghdam for Khankendi",
              "supplies were finally delivered along the Agdam-Khankendi road",
              "the truck has set off from Aghdam to Khankendi",
              "the delivery of goods along the Agdam-Khankendi road",
              "a fuel train that had transited Azerbaijan reached Armenia",
              "Russian Railways sent a shipment of wheat to Armenia via Azerbaijan",
              "the delivery of goods to Karabakh, where peacekeepers are deployed, along the "
              "Agdam-Khankendi and Lachin-Khankendi roads"),
    not_examples=("The convoy is stuck at the entrance to the corridor.",
                  "The sides reached an agreement on the corridor.",
                  "A team of engineers arrived in Armenia to survey the route.",
                  "The route was agreed last year, and work on its design goes on."),
)

FIRST_PASSAGE = family(
    "first_passage",
    """Traffic told as a first: "for the first time (since the 1990s)", "in a historic
    first", "the first shipment / train / consignment / transfer", "the first such
    delivery". On a route already open it is a new step (the first fuel train on a transit
    route opened weeks before), news once (see `state.diff_route`). Must not: "the first
    time they met" (no traffic: read only beside a route's passage cue), "first
    deputy prime minister" (an office).""",
    r"\bfor\s+(?:the\s+)?first\s+time\b|\b(?:a|an)\s+(?:historic|landmark|unprecedented)\s+"
    r"first\b|\bfirst\s+(?:such\s+|ever\s+)?(?:[\w-]+\s+){0,2}?(?:shipments?|trains?|"
    r"consignments?|transfers?|deliver(?:y|ies)|batch(?:es)?|cargo(?:es)?|convoys?|trucks?|"
    r"freight|exports?|imports?|trade|sales?)\b",
    examples=("For the first time since the 1990s, wheat was shipped to Armenia via Azerbaijan",
              "marking the first known commercial trade between the two in 30 years",
              "In a historic first, Azerbaijan has sent petrol to Armenia",
              "marking the first such shipment in three decades",
              "Armenia has received its first cargo shipment via Azerbaijan"),
    not_examples=("the first deputy prime minister visited the border",),
)

IMPLEMENTATION_STEP = family(
    "implementation_step",
    """A document that takes a route already agreed a step further: an implementation
    framework, a roadmap or action plan, an agreement or memorandum on implementing,
    building or operating it. On a route known agreed it is news once (see
    `state.diff_route`). Must not: the deal itself told again ("the August agreement on the
    route", no implementing word).""",
    r"\bimplementation\s+(?:framework|plan|agreement|roadmap|mechanism)\b|"
    # the same told with the verb: "the framework for implementing the project"
    r"\b(?:framework|plan|mechanism|terms)\s+(?:\w+\s+)?(?:for|of)\s+(?:the\s+)?(?:implementation|"
    r"implementing|building|construction|operation|operating)\b|"
    r"\b(?:road\s*map|action\s+plan)\b|"
    # the framework made public: "the framework document released by the State Department"
    r"\bframework\s+(?:document\s+|text\s+)?(?:was\s+|has\s+been\s+)?(?:released|published|"
    r"unveiled|made\s+public)\b|"
    # a framework of the route itself, signed: "the TRIPP transit corridor framework", "the
    # TRIPP framework agreement officially signed yesterday"
    r"\b(?:corridor|route|transit)\s+framework\b|"
    r"\bframework\s+(?:agreement|accord|document)\s+(?:\w+\s+){0,2}?(?:signed|initial(?:l)?ed|"
    r"concluded)\b|"
    # a company given the rights to build and run it: "the Development Company receives
    # exclusive rights to plan, build and operate"
    r"\b(?:company|joint\s+venture|consortium|operator)\s+(?:\w+\s+){0,2}?(?:receiv(?:es|ed)|"
    r"(?:is|was|has\s+been)\s+(?:granted|given|awarded)|gets|obtain(?:s|ed))\s+(?:\w+\s+){0,2}?"
    r"rights\b|"
    r"\b(?:establish\w*|creat(?:e|es|ed|ing|ion\s+of)|set(?:ting)?\s+up|found(?:ed|ing)?)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}?(?:company|joint\s+venture|consortium|"
    r"operator)\b|"
    r"\b(?:agreements?|memorand(?:um|a)|protocols?|contracts?|statements?|declarations?|"
    r"documents?)\s+(?:[\w,.]+\s+){0,7}?(?:on|to)\s+(?:the\s+)?"
    r"(?:implementation|implementing|implement|construction|operation|management)\b",
    examples=("the publication of the implementation framework for the TRIPP",
              "have agreed on the framework for implementing the route project",
              "the agreements include the TRIPP transit corridor framework",
              "The TRIPP framework agreement officially signed yesterday",
              "agreed to establish the TRIPP Development Company",
              "signed a memorandum on the construction of the railway",
              "the two governments adopted a roadmap for the route",
              "they signed a joint statement to implement the route",
              "the sides agreed to create a development company for the route",
              "the development company receives exclusive rights to build the line",
              "the framework document released by the State Department said that the "
              "TRIPP Development Company will build it",
              "announced a framework Tuesday for the implementation of the corridor"),
    not_examples=("the agreement on the route signed in August",
                  "the statement to the press on the route"),
)

HUMANITARIAN_TRAFFIC = family(
    "humanitarian_traffic",
    """Traffic that is aid or the Red Cross: a passage of it makes a route humanitarian-only,
    not open. Read on a sentence whose scarcities are blanked (see SCARCITY).""",
    r"\b(?:Red\s+Cross|Red\s+Crescent|ICRC|humanitarian|aid|flour|food|medical|evacuat\w*|"
    r"patients|medicines?|facilitated\s+(?:by|the)|mediated\s+by|(?:with|through|under)\s+"
    r"the\s+mediation\s+of)\b",
    examples=("a truck of the Russian Red Cross", "humanitarian cargo", "trucks of flour",
              "peacekeepers facilitated the transfer of 40 people",
              "with the mediation of the peacekeepers"),
)

SCARCITY = family(
    "scarcity",
    """What is lacking, told beside traffic: "a blockade that led to desperate shortages of
    food, fuel and water". The goods named are no cargo: the passage is not aid for them.""",
    r"\b(?:shortages?|lack|scarcity|deprived|short)\s+of\s+[\w-]+(?:(?:,\s*|,?\s+and\s+|\s+)"
    r"[\w-]+){0,4}",
    examples=("shortages of food, fuel and water", "a lack of medicines"),
    not_examples=("trucks of flour and medicines",),
)

ROUTE_CUES: list[tuple[str, Family]] = [
    ("checkpoint", CHECKPOINT), ("humanitarian_only", HUMANITARIAN_ONLY),
    ("reopened", REOPENED), ("closed", CLOSED), ("blockaded", BLOCKADED),
    ("agreed", AGREED), ("proposed", PROPOSED_ROUTE), ("open", OPEN), ("open", PASSAGE),
]

SINCE_CLAUSE = family(
    "since_clause",
    """A route's change told in a "since" clause: "the first delivery in three months, since
    Azerbaijan shut down all traffic on the corridor". The time the news is told against,
    a description. Checked on the words between the clause start and the cue.""",
    r"\bsince\s+(?:[\w'’-]+\s+){0,5}$",
    examples=("since Azerbaijan ", "since Baku "),
    not_examples=("Azerbaijan ",),
)

ROUTE_HISTORY = family(
    "route_history",
    """A sentence told as a reminder or as history: "it should be recalled", "earlier",
    "previously", "back in", "at the time". Its route facts are descriptions, never events.
    Must not: a route's former name ("previously known as Zangezur and renamed ..."), which
    tells what it was called, not when the news was.""",
    r"\b(?:(?:it\s+)?(?:should|must)\s+be\s+(?:recalled|noted|reminded)|recall(?:ed)?\s+that|"
    r"previously(?!\s+(?:known|called|named|dubbed|referred\s+to)\b)|back\s+in|at\s+the\s+time|in\s+the\s+past|for\s+decades|"
    r"earlier\s+this\s+(?:year|month)|last\s+(?:year|month)|(?<!time\s)since\s+the\s+"
    r"(?:1990s|collapse|war|occupation|Soviet)|"
    r"(?:took\s+part|participated|was\s+involved|were\s+involved)\s+in\s+the\s+(?:\w+\s+)?"
    r"(?:blockade|closure|protests?)|"
    # the route's origin story: "the initiative ... emerged following the August 8 summit"
    r"(?:emerged|originated|was\s+born|stem(?:s|med)|grew)\s+(?:out\s+of|from|following|after|"
    r"at|during))\b",
    examples=("It should be recalled that, on September 10, a truck was sent",
              "The initiative, officially titled the Trump Route, emerged following the summit",
              "Earlier this year, Azerbaijan also reopened its territory for transit",
              "restrictions in place since the 1990s",
              "an activist who took part in the blockade of the Lachin road"),
    not_examples=("For the first time since the 1990s, a train crossed the border.",
                  "The route, previously known as Zangezur and renamed the Trump Route"),
)

QUESTION = family(
    "question",
    """A question put to a speaker: "asked whether Blinken plans to host another meeting".
    What follows is the question, not a plan or a report. Checked on the words before the
    trigger. Must not: "asked Baku to hold talks" (a request: see PROPOSED).""",
    r"\b(?:asked|asking|asks|wondered|wondering|questioned)\s+(?:\w+\s+){0,4}?(?:whether|if)\b",
    examples=("he told a press briefing when asked whether Blinken plans to",
              "asked by reporters if the leaders would",
              "Asked by a Turan correspondent whether the US intends"),
    not_examples=("Pashinyan asked Aliyev to meet",),
)

NO_PLAN = family(
    "no_plan",
    """No meeting in view: "there are no plans for a meeting", "no meeting is planned", "not
    on the agenda", "unlikely to meet", "no date has been set", a disposition against
    talking ("reluctance to hold talks", "unwilling to negotiate"). Nothing is read from it: it is
    neither a proposal nor a cancellation. Must not: "no date has been set yet for the
    meeting they agreed" is still a plan (the agreement is the news), so only the words
    around the trigger count; "did not rule out a meeting" is a proposal.""",
    r"\b(?:there\s+(?:are|were|is|was)\s+no\s+(?:\w+\s+)?plans?|no\s+(?:\w+\s+)?plans?\s+(?:for|to)|"
    r"there\s+(?:is|was)\s+no\s+(?:\w+\s+)?(?:meeting|talks|summit)\s+(?:planned|scheduled|envisaged|"
    r"expected)|"
    r"no\s+(?:such\s+)?(?:meeting|talks|summit)\s+(?:(?:of|between|with)\s+[^.;]{0,100}?)?"
    r"(?:is|are|was|were|has\s+been)\s+(?:planned|scheduled|envisaged|expected)|(?:is|are)\s+not\s+(?:planned|scheduled|envisaged|on\s+the\s+"
    r"agenda)|(?:is|are|was|were)\s+unlikely\s+to\s+(?:meet|take\s+place|be\s+held|hold)|"
    r"no\s+agreement\s+(?:yet\s+)?(?:on|regarding|about|for|concerning)\s+(?:a\s+|the\s+)?"
    r"(?:\w+\s+)?(?:meeting|talks|summit)|"
    r"(?:reluctan(?:ce|t)|unwilling(?:ness)?|not\s+willing)\s+to\s+(?:meet|hold|negotiate|"
    r"engage|sit\s+down))\b",
    examples=("There are no plans for a meeting between Pashinyan and Aliyev",
              "It is wrong to call this Baku's reluctance to hold talks with Yerevan",
              "there is no agreement regarding the meeting between the foreign ministers",
              "a meeting with Bayramov is not on the agenda for now",
              "The leaders are unlikely to meet before the end of the year",
              "no meeting is planned at the summit",
              "No meeting of the two leaders is planned for now.",
              "There is no meeting planned for May 9 in a three-way format"),
    not_examples=("The leaders plan to meet in June.", "He did not rule out a meeting."),
)

DEMAND = family(
    "demand",
    """A demand, condition or wish before a route cue: urged, called for, must, should, if,
    refused, hopes. What follows says nothing of the road's state. Checked on the words
    between the clause start and the cue.""",
    r"\b(?:urg\w*|call(?:ed|s|ing)?\s+(?:on|for|to)|calls\s+for|demand\w*|importance\s+of|"
    r"ensure|should|must|need(?:s|ed)?\s+to|would|could|threat\w*|refus\w*|ready\s+to|"
    r"if|unless|restore|in\s+order\s+to|ask(?:ed|s|ing)?|appeal\w*|insist\w*|push\w*\s+for|"
    r"prevent\w*|wants?|not|never|no\s+longer|aim\w*|seek\w*|hope\w*|"
    r"plan(?!ned\s+(?:route|corridor|road|railway|rail\s+line|link|transit\s+route)\b)\w*|intend\w*|"
    r"may|might|expect\w*|ready|prepared|willing|await\w*|wait\w*|stuck|stranded|"
    r"demand\w*|sought|refus\w*|can\s+only|offer\w*|imperative|necessity|necessary|"
    r"claims?\s+(?:about|of|that)|accus\w+|so-called|alleged(?:ly)?|"
    # a court's order, told against the road's state: "despite Orders by the Court to reopen it"
    r"orders?|ordered|despite|"
    r"no\s+(?:\w+\s+)?(?:transport|traffic|trucks?|vehicles?|cargo|goods|trains?|one))\b[^.]*$",
    examples=("Russia urged Azerbaijan to ", "calling for the ", "He repeated the call to ",
              "Today, no transport ",
              "the imperative to immediately ",
              "despite Orders by the International Court of Justice to "),
    not_examples=("Azerbaijan ", "The planned route, formally "),
)

ROUTE_TIMELINE = family(
    "route_timeline",
    """When works on a route start or end, or when it could open: "construction on the route
    is planned to start in the second half of 2026", "could open by 2028", "is expected to be
    completed by the end of next year". A timeline for a route already on the table, not an
    offer or a change: a "planned" in it is no proposal. Must not: "plans to build a route"
    (the plan is the news: no start or end told).""",
    r"\b(?:construction|building|works?|implementation)\b[^.;]{0,120}?\b(?:planned|scheduled|"
    r"set|expected|due|slated|going)\s+to\s+(?:start|begin|commence|be\s+completed|finish|"
    r"end)\b|\b(?:could|would|will|should|may|might|expected\s+to)\s+(?:\w+\s+){0,2}?(?:open|"
    r"be\s+(?:completed|operational|ready|launched|built))\s+by\s+(?:the\s+end\s+of\s+)?"
    r"(?:\d{4}|next\s+year)\b",
    examples=("construction on the route (TRIPP) is planned to start in the second half of 2026",
              "the railway could open by 2028"),
    not_examples=("Armenia plans to build a new road to the border",),
)

STATE_FORM = family(
    "state_form",
    """A description of a lasting state rather than an event: subject to, under, already,
    remains, still, for months, has been (under, open ...), since. Such facts may establish a
    route's status but never overturn a reported event. Must not: "for the first time since"
    (an event), "has been ensured / allowed / sent" (a passive of something done: an event).""",
    r"\b(?:subject\s+to|under|already|remain(?:s|ed)?|still|for\s+(?:several|many|\w+)\s+"
    r"(?:months|weeks|years)|(?:has|have)\s+been(?!\s+(?:\w+ed|sent|shut|built|made|brought|"
    r"taken|given)\b)|had\s+been|(?<!time\s)since|(?:is|are)\s+intended\s+to|"
    r"which\s+(?:was|is|has)|"
    # a closure in the present passive: "witness that the corridor is blocked"
    r"(?:is|are)\s+(?:still\s+)?(?:blocked|closed|shut|sealed|obstructed))\b",
    examples=("which has been under blockade for months", "the road has been open since May",
              "the route is intended to establish unimpeded transit",
              "they witness that the Lachin Corridor is blocked by Azerbaijan"),
    not_examples=("for the first time since the 1990s a train crossed",
                  "the passage of two cars has been ensured"),
)

TOLD_AFTER = family(
    "told_after",
    """A route's change named as a noun after "after", "since", "following", "before":
    "after the provocations that led to the closure of the checkpoint", "since the
    blockade of the corridor". The change is the time the sentence is told against, a
    description, not the news. Checked on the words before the cue, up to a comma.""",
    r"\b(?:after|since|following|before|prior\s+to|in\s+the\s+wake\s+of|due\s+to|because\s+of|"
    r"owing\s+to|as\s+a\s+result\s+of)\b[^,;.]{0,160}?"
    r"\b(?:the|a|an)\s+(?:[\w-]+\s+)?$",
    examples=("after the provocations that led to the serious injury of a soldier and the ",
              "since the ", "reuniting families after a 10-month ",
              "due to the "),
    not_examples=("Azerbaijan announced the ", "after talks, Azerbaijan announced the "),
)

ROUTE_ANAPHORA = family(
    "route_anaphora",
    """A route named again without its name: "the corridor", "the land link".""",
    r"\bthe\s+(?:corridor|land\s+link)\b|"
    # "a 100-year lease on such a transport link": the kind of route told just before
    r"\bsuch\s+an?\s+(?:land\s+|transport\s+|transit\s+)?(?:corridor|link|route)\b|"
    # the traffic told just before: "this one-time transit", "this transit"
    r"\b(?:this|that)\s+(?:[\w-]+\s+)?transit\b",
    examples=("The corridor was closed.", "instructed to conduct this one-time transit",
              "Washington has proposed a 100-year lease on such a transport link"),
)


# -- who is not a side ---------------------------------------------------------------------

KARABAKH_ARMENIANS = family(
    "karabakh_armenians",
    """Karabakh's Armenians and their representatives are not the Republic of Armenia: talks
    between Baku and "Karabakh Armenian representatives" in Yevlakh are not an
    Armenia-Azerbaijan meeting. The side word inside such a phrase is masked before the
    sides are read. Must not: "Armenian and Azerbaijani delegations".""",
    r"\b(?:Karabakh|Artsakh)(?:['’]s)?\s+(?:ethnic\s+)?(?P<a>Armenians?)\b|"
    r"\bethnic\s+(?P<b>Armenians?)\b|"
    r"\b(?P<c>Armenians?)\s+(?:population|community|residents|people|representatives|"
    r"delegation|separatists?|leaders|leadership|authorities|officials|forces|"
    r"self-proclaimed)\s+(?:\w+\s+){0,2}?(?:of|from|in)\s+(?:the\s+)?(?:Nagorno-|Nagorny\s+)?"
    r"(?:Karabakh|Karabagh|Artsakh|the\s+region|the\s+enclave)\b|"
    r"\b(?P<d>Armenians?)\s+(?:of|from|in)\s+(?:Nagorno-)?(?:Karabakh|Artsakh)\b|"
    r"\b(?P<e>Armenian)\s+separatists?\b",
    examples=("Karabakh Armenian representatives met Azerbaijani officials in Yevlakh.",
              "a delegation of the Armenian community of the Karabakh region",
              "ethnic Armenians", "talks with Armenians of Karabakh"),
    not_examples=("Armenian and Azerbaijani delegations met in Brussels.",),
)

_NON_GOVERNMENT_PEOPLE = (
    r"(?:civil[\s-]+society(?:\s+(?:representatives|activists|organi[sz]ations|groups))?|"
    r"non-?governmental\s+organi[sz]ations|NGOs?|journalists|students|youth|"
    r"business(?:men|people|\s+(?:community|leaders|circles))|public\s+figures|intellectuals|"
    r"peace-?builders|activists|religious\s+leaders|clergy|athletes|think[\s-]+tanks?)")
# the two parties told as a pair: "the two countries", "both sides"
THE_TWO = r"(?:the\s+)?(?:two|both)\s+(?:countries|sides|nations|states|neighbou?rs)"
_BOTH_COUNTRIES = rf"(?:{THE_TWO}|Armenia\s+and\s+Azerbaijan|Azerbaijan\s+and\s+Armenia)"

NON_GOVERNMENT = family(
    "non_government",
    """People of both countries who are not their governments: civil society, NGOs,
    journalists, students, business people, religious leaders, told as a pair ("Armenian and
    Azerbaijani journalists", "the two countries' civil society", "NGOs from both
    countries"). Such a meeting is no meeting of the sides. Must not: officials,
    delegations, talks "at expert level", a minister who "told journalists".""",
    r"\b(?:Armenian|Azerbaijani|Azeri)\s+and\s+(?:Armenian|Azerbaijani|Azeri)\s+(?:\w+\s+)?"
    + _NON_GOVERNMENT_PEOPLE + r"\b|"
    r"\b" + _BOTH_COUNTRIES + r"['’]\s*(?:\w+\s+)?" + _NON_GOVERNMENT_PEOPLE + r"\b|"
    r"\b" + _NON_GOVERNMENT_PEOPLE + r"\s+(?:of|from)\s+" + _BOTH_COUNTRIES
    + r"\b|\bseparatists?(?:\s+(?:leaders?|leadership|authorities|regime|officials))?\b|"
    r"\bde\s+facto\s+(?:authorities|leaders?|leadership)\b",
    examples=("representatives of the two countries' civil society met in Yerevan",
              "Armenian and Azerbaijani journalists met in Tbilisi",
              "the separatist leaders decided to accept the proposal of a meeting",
              "a meeting of NGOs from both countries",
              "the religious leaders of Armenia and Azerbaijan"),
    not_examples=("Armenian and Azerbaijani officials met at expert level.",
                  "The delegations of Armenia and Azerbaijan met in Brussels.",
                  "Bayramov told journalists that delegations of Azerbaijan and Armenia "
                  "would meet."),
)

THE_MEETING_BACK = family(
    "the_meeting_back",
    """A sentence that gives the guest list of the meeting told before: "The meeting was
    attended by", "Also taking part in the talks were", "Participants of the session
    included". After a gathering of many ("met the foreign ministers of the 3+3
    platform"), both sides' ministers in that list are guests of the gathering, not a
    meeting of their own. Must not: "During the summit, a meeting between the two leaders
    was planned" (a meeting of its own), "The meeting between the two ministers", "A
    meeting was attended by".""",
    r"^\W*(?:(?:the|this|that)\s+(?:meeting|talks|gathering|session|summit|event|conference)"
    r"\s+(?:was|were)\s+(?:also\s+)?attended\s+by|(?:also\s+)?(?:attending|taking\s+part\s+in|"
    r"participating\s+in)\s+the\s+(?:meeting|talks|gathering|session|summit|event|conference)"
    r"\s+(?:were|was)|(?:the\s+)?participants\s+(?:of|in)\s+the\s+(?:meeting|talks|gathering|"
    r"session|summit)\s+(?:were|included))\b",
    examples=("The meeting was attended by the foreign ministers of Azerbaijan and Armenia.",
              "Also taking part in the talks were the ministers of Russia, Armenia and Azerbaijan.",
              "Participants of the session included Bayramov and Mirzoyan."),
    not_examples=("During the summit, a meeting between the two leaders was planned.",
                  "The meeting between Bayramov and Mirzoyan lasted two hours.",
                  "A meeting of the two ministers was attended by aides.",
                  "Bayramov said the meeting was attended by many."),
)

MULTILATERAL = family(
    "multilateral",
    """A gathering of many countries: "the foreign ministers of six countries", ministers
    "from Azerbaijan, Armenia, Iran and Russia", the "3+3" platform, a NATO, CIS, CSTO,
    BRICS, SCO, OSCE or G20 summit or ministerial. Both sides in the room is not a meeting of
    the two: such a clause is read only when it names both sides' people or says they met
    on its sidelines (see BILATERAL_AT). Must not: "the two ministers met", "a trilateral".""",
    r"\b(?:ministers|leaders|presidents|heads\s+of\s+(?:state|government)|delegations|"
    r"representatives)\s+(?:of|from)\s+(?:the\s+)?(?:three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|\d+|several|many|dozens\s+of)\s+(?:\w+\s+)?(?:countries|nations|states)\b|"
    r"\b(?:ministers|leaders|presidents|heads\s+of\s+(?:state|government)|delegations|"
    r"representatives)\s+"
    r"(?:of|from)\s+(?:the\s+)?(?:(?-i:[A-Z])[^\W\d_]+,\s+){2,}(?:(?-i:[A-Z])[^\W\d_]+,?\s+and\s+)?"
    r"(?-i:[A-Z])[^\W\d_]+\b|"
    r"\b3\s*\+\s*3\b|"
    # "with the foreign ministers of the member states of the EU and NATO"
    r"\b(?:ministers|leaders|presidents|heads\s+of\s+(?:state|government)|delegations|"
    r"representatives)\s+of\s+(?:the\s+|all\s+|its\s+){0,2}(?:member\s+(?:states|countries|"
    r"nations)|members)\s+of\b|"
    r"\b(?-i:NATO|CIS|CSTO|BRICS|SCO|OSCE|G20|G7|EAEU|OTS|EPC)\s+(?:\w+\s+){0,3}?(?:summit|"
    r"ministerial|council|session|meeting)s?\b|"
    r"\bEuropean\s+Political\s+Community\s+(?:\(EPC\)\s+)?summit\b|"
    r"\b(?:summit|session|meeting|assembly)\s+of\s+the\s+(?:European\s+Political\s+Community|"
    r"Inter-?[Pp]arliamentary\s+Union|(?:UN|United\s+Nations)\s+General\s+Assembly|"
    r"Organi[sz]ation\s+of\s+Turkic\s+States|Non-Aligned\s+Movement|World\s+Economic\s+Forum|"
    r"(?-i:NATO|CIS|CSTO|BRICS|SCO|OSCE|EPC|IPU|OTS|OIC|CICA))\b|"
    r"\b(?-i:CIS|SCO|BRICS|NATO|CSTO|EAEU|OTS)\s+(?:leaders|heads\s+of\s+(?:state|government)|"
    r"member\s+states)\b|"
    r"\b(?-i:IPU|UNGA|OIC|CICA|COP\d{2})\s+(?:\w+\s+){0,2}?(?:summit|assembly|session|"
    r"conference|forum)s?\b|\b(?:at|to|in)\s+the\s+World\s+Economic\s+Forum\b|"
    r"\b(?:sessions?|meetings?)\s+of\s+the\s+(?-i:COP|CMP|CMA)\b|\bConference\s+of\s+the\s+Parties\b",
    examples=("the foreign ministers of six countries met in Tehran",
              "the sixth meeting of the COP serving as the meeting of the parties",
              "Foreign ministers from Azerbaijan, Armenia, Iran and Russia joined the meeting",
              "the 3+3 regional platform ministerial meeting in Istanbul",
              "the ministers of Azerbaijan, Armenia, Iran, and Russia met",
              "the foreign ministers of Türkiye, Iran, Russia, Azerbaijan, and Armenia",
              "The NATO anniversary summit will be held in Washington",
              "The sixth summit of the European Political Community began in Albania",
              "the 149th session of the Inter-Parliamentary Union in Geneva",
              "hosted a dinner with the foreign ministers of the member states of the EU"),
    not_examples=("The two ministers met in Washington.",
                  "a trilateral meeting of Armenia, Azerbaijan and the EU"),
)

# The words for the edge of a gathering where two of its guests meet apart: one place for
# BILATERAL_AT here and the fronted place phrase in meetings.py.
PANEL = family(
    "panel",
    """A public discussion on a stage: a panel or panel discussion at a forum or conference,
    a debate before an audience. Both sides' speakers on one panel hold no talks, even when
    a headline calls it that. Must not: talks "on the sidelines of" the forum (those are a
    meeting, see BILATERAL_AT), "a panel of judges".""",
    r"\bpanel(?:\s+discussion)?\s+(?:at|of|during|on\s+the\s+sidelines\s+of)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,4}?(?:forum|conference|summit|dialogue|festival)\b|"
    r"\bpanel\s+discussions?\b|\bpublic\s+debate\b",
    examples=("the two aides discussed the peace process during a panel at the Doha Forum",
              "a panel discussion with both security chiefs"),
    not_examples=("the two aides met on the sidelines of the Doha Forum",
                  "a panel of judges ruled"),
)
SIDELINES = r"(?:sidelines|margins|fringes)"

BILATERAL_AT = family(
    "bilateral_at",
    """The two sides' own meeting at a gathering of many: "on the sidelines of", "on the
    margins of", "within the framework of the summit", "bilateral", "one-on-one". Must not:
    "within the framework of which" the ministers of six countries met.""",
    rf"\b(?:{SIDELINES}|framework)\s+of\s+(?!which\b)|\bbilateral\b|"
    r"\bone-on-one\b|\bt[eê]te-[aà]-t[eê]te\b",
    examples=("on the sidelines of the NATO summit", "a bilateral meeting at the CIS summit",
              "a meeting of foreign ministers within the framework of the NATO summit"),
    not_examples=("the 3+3 format, within the framework of which the ministers met",),
)

SHUTTLE = family(
    "shuttle",
    """A third party visiting each capital in turn: "talks in Yerevan and Baku", "visited Baku
    and Yerevan", "a tour of the region". Separate meetings, not a meeting of the two.""",
    r"\b(?:in|to|visit(?:ed|s|ing)?|trip\s+to|tour\s+of)\s+(?:both\s+)?"
    r"(?:Yerevan\s+and\s+Baku|Baku\s+and\s+Yerevan)\b|\bshuttle\s+diplomacy\b|"
    r"\b(?:visit|trip|tour|travels?|journey)\s+(?:to|of)\s+(?:both\s+)?(?:Armenia\s+and\s+"
    r"Azerbaijan|Azerbaijan\s+and\s+Armenia)\b|"
    r"\b(?:regional\s+tour|tour\s+of\s+the\s+(?:region|South\s+Caucasus))\b",
    examples=("Klaar held talks with officials in Yerevan and Baku.",
              "the envoy visited Baku and Yerevan this week",
              "Vance kicked off a three-day visit to Armenia and Azerbaijan with a meeting"),
    not_examples=("Talks between Baku and Yerevan resumed in Almaty.",),
)

HABITUAL = family(
    "habitual",
    """Meetings told as a habit or a count, not one event: several times, repeatedly,
    regularly, a number of rounds, so far. Background, never news.""",
    r"\b(?:several|many|numerous|multiple|a\s+number\s+of|a\s+series\s+of)\s+(?:times|rounds|"
    r"meetings|occasions)\b|\b(?:two|three|four|five|six|\d+)\s+(?:times|occasions)\b|"
    r"\b(?:repeatedly|regularly|so\s+far|to\s+date|over\s+the\s+years|twice|thrice|"
    r"(?:were|was|are|have\s+been)\s+(?:often|usually|typically|traditionally|mostly)|"
    r"in\s+(?:previous|past|earlier|recent)\s+years)\b",
    examples=("The two leaders have met several times.", "they meet regularly",
              "she has already met twice with the speaker", "they have met three times",
              "In previous years, peace talks were often held with a mediator"),
    not_examples=("the talks were held in Abu Dhabi on Thursday",),
)

DATELINE = family(
    "dateline",
    """A wire dateline opening a paragraph: "BERLIN (Reuters) -", "ALMATY, May 10 -",
    "YEREVAN —". The place is where the lead's news happened when the lead names none.""",
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\s+)?(?P<place>[A-Z][A-Z'.-]{2,}(?:\s[A-Z][A-Z'.-]+){0,2})"
    r"(?:,\s*(?:[A-Z][A-Za-z.]+\.?\s*\d{0,2}|\d{1,2}\s+[A-Z][a-z]+\.?)(?:,?\s*\d{4})?)?"
    r"\s*(?:\([A-Za-z/ .-]{2,40}\))?\s*(?:[-–—]{1,2}|:)\s+",
    flags=0,
    examples=("BERLIN (Reuters) - The ministers met.", "ALMATY, May 10 – Talks began.",
              "YEREVAN — Pashinyan said", "BUDAPEST (Azatutyun) — Pashinyan met"),
    not_examples=("Berlin hosted the talks.", "EU - the talks"),
)


TOPIC_PAIR = family(
    "topic_pair",
    """The two countries named as the topic, not as the parties at a table: "the
    Armenia-Azerbaijan peace process", "normalisation of Armenian-Azerbaijani relations",
    "peace between Armenia and Azerbaijan". Such a pair gives no side to a meeting. Must
    not: "Armenia-Azerbaijan talks", "talks between Armenia and Azerbaijan".""",
    r"\b(?:Armenia|Azerbaijan|Armenian|Azerbaijani)(?:\s+and\s+|[–-])(?:Armenia|Azerbaijan|"
    r"Armenian|Azerbaijani)n?\s+(?i:relations|ties|normali[sz]ation|peace\s+(?:process|treaty|"
    r"deal|agenda|agreement|accord)|treaty|agreement|deal|border|conflict|war|ceasefire|"
    r"settlement|tensions|rapprochement|reconciliation|track|process|issue|dispute|"
    r"confrontation|hostility|enmity|frontier|normali[sz]ation\s+process)\b|"
    r"\b(?:peace|relations|normali[sz]ation|border|conflict|treaty|agreement|deal|war|"
    r"tensions|reconciliation|rapprochement|hostilities)\s+"
    r"(?:(?!talks|negotiations|meeting|summit|consultations)\w+\s+){0,3}?between\s+(?:Armenia|Azerbaijan|"
    r"Baku|Yerevan)\s+and\s+(?:Armenia|Azerbaijan|Baku|Yerevan)\b",
    flags=0,
    examples=("the process of normalization of Armenia-Azerbaijan relations",
              "Pashinyan, Macron Discuss Armenia-Azerbaijan Normalization",
              "a resolution of the Armenian-Azerbaijani conflict",
              "peace has been established between Armenia and Azerbaijan"),
    not_examples=("Armenia-Azerbaijan talks resumed", "talks between Armenia and Azerbaijan",
                  "peace talks between Armenia and Azerbaijan"),
)


# -- the review queue: what may be a development the rules could not decide ---------------

BOTH_SIDES = family(
    "both_sides",
    """The two sides named together without their names: "the two sides", "both leaders",
    "the two foreign ministers", "the parties", "Baku and Yerevan". With a meeting or route
    word, such a sentence is worth a person's look when no rule read a fact from it. Must
    not: one side ("the Armenian side"), "two countries" of another pair named earlier is
    still read (a possible development is only shown, never alerted).""",
    r"\b(?:the\s+)?(?:two|both)\s+(?:sides|leaders|countries|nations|states|parties|"
    r"delegations|ministers|foreign\s+ministers|heads\s+of\s+state|presidents|governments|"
    r"capitals|neighbou?rs)\b|\bthe\s+parties\b|"
    r"\b(?:Baku\s+and\s+Yerevan|Yerevan\s+and\s+Baku)\b",
    examples=("The two sides agreed to meet again.", "both leaders attended",
              "talks between Baku and Yerevan"),
    not_examples=("The Armenian side refused.", "two weeks later"),
)

ROUTE_WORD = family(
    "route_word",
    """A road, railway or crossing between places, named by its kind rather than its name:
    corridor, road, route, railway, rail link, transit, crossing point, checkpoint,
    communications, connectivity. Must not: "roadmap", "the road to peace" is still caught
    (ROUTE_ACTION must also be there).""",
    r"\b(?:corridors?|roads?|routes?|railways?|rail(?:road)?\s+(?:link|line|connection)s?|"
    r"railroads?|highways?|transit|cargo|freight|crossing\s+points?|border\s+crossings?|"
    r"checkpoints?|(?:transport\s+)?communications|connectivity)\b",
    examples=("the railway through Nakhchivan", "cargo transit", "a new border crossing"),
    not_examples=("the roadmap for peace", "the border commission"),
)

ROUTE_ACTION = family(
    "route_action",
    """Something done to a route: opened, closed, blocked, launched, established, agreed,
    signed, lifted, allowed, restored, repaired, built, unblocked, resumed, started, crossed,
    arrived, passed. Must not: "described", "praised".""",
    r"\b(?:open(?:s|ed|ing)?|reopen(?:s|ed|ing)?|clos(?:e|es|ed|ing|ure)|block(?:s|ed|ing|ade)?|"
    r"unblock(?:s|ed|ing)?|launch(?:es|ed|ing)?|establish(?:es|ed|ing|ment)?|agree[ds]?|"
    r"agreement|sign(?:s|ed|ing)?|lift(?:s|ed|ing)?|allow(?:s|ed|ing)?|restor(?:e|es|ed|ing|"
    r"ation)|repair(?:s|ed|ing)?|buil[dt]|construct(?:s|ed|ing|ion)?|resum(?:e|es|ed|ing|"
    r"ption)|start(?:s|ed|ing)?|cross(?:es|ed|ing)?|arriv(?:e|es|ed|ing|al)|pass(?:es|ed|age)|"
    r"ban(?:s|ned)?|suspend(?:s|ed|ing)?|unimpeded)\b",
    examples=("the road was reopened", "Baku lifted the ban", "the first train arrived"),
    not_examples=("the corridor was described as vital",),
)


# -- routes told by where their traffic goes (gazetteer `paths`) ---------------------------

TRAFFIC = family(
    "traffic",
    """Traffic that a route carries, named by what moves: transit, cargo, freight, goods,
    trucks, trains, shipments, transportation, fuel or grain. With places in the roles of a
    route's `paths` (from, to, via, between) it names that route: "truck transportation
    between Türkiye and Azerbaijan through Armenian territory". Must not: "transitional",
    "transport minister" is still caught (the places decide).""",
    r"\b(?:transit|cargo(?:es)?|freight|goods|trucks?|lorr(?:y|ies)|trains?|shipments?|"
    r"transportation|transport|traffic|wagons|consignments?|grain|wheat|fuel|petrol|gasoline|"
    r"diesel)\b",
    examples=("railway transit between Türkiye and Nakhchivan", "cargoes to Armenia",
              "a portion of cargo going from Iran to Armenia via Nakhchivan"),
    not_examples=("a transitional government",),
)

VIA_BEFORE = family(
    "via_before",
    """The words right before a place the traffic passes through: via, through, across, over,
    transiting, "through the territory of", "through Armenian territory" (the adjective is
    the place). Must not: "to", "from".""",
    r"\b(?:via|through|across|over|transiting|transited|passing\s+through|cross(?:ed|es|ing)?)"
    r"\s+(?:the\s+)?"
    r"(?:territory\s+of\s+|territories\s+of\s+)?(?:the\s+)?$",
    examples=("cargo going to Armenia via ", "trucks through the territory of ",
              "a grain shipment crossed ",
              "transport through "),
    not_examples=("cargo going to ",),
)

FROM_BEFORE = family(
    "from_before",
    """The words right before where traffic comes from: from, out of. Must not: "far from"
    is still caught (a traffic noun must be near).""",
    r"\b(?:from|out\s+of)\s+(?:the\s+)?(?:main\s+part\s+of\s+|mainland\s+)?$",
    examples=("transit from ", "cargo out of "),
    not_examples=("transit to ",),
)

TO_BEFORE = family(
    "to_before",
    """The words right before where traffic goes: to, into, towards, bound for, destined for,
    reached, arrived in. Must not: "to" of an infinitive is still caught when a place
    follows ("to Armenia").""",
    r"\b(?:to|into|towards?|bound\s+for|destined\s+for|reach(?:ed|es|ing)?|arriv(?:ed|es|ing)"
    r"\s+in)\s+(?:the\s+)?(?:main\s+part\s+of\s+|mainland\s+)?$",
    examples=("cargoes to ", "the train reached ", "wagons bound for "),
    not_examples=("cargo from ",),
)

BETWEEN_BEFORE = family(
    "between_before",
    """The words right before the first of two places that traffic joins: between. The
    second is the place after "and". Must not: "from".""",
    r"\bbetween\s+(?:the\s+)?(?:main\s+part\s+of\s+|mainland\s+)?$",
    examples=("truck transportation between ",),
    not_examples=("transportation from ",),
)

ELABORATION = family(
    "elaboration",
    """A sentence that names what the sentence before spoke of in general: "I am referring,
    in particular, to the Ijevan and Yeraskh sections", "namely the ...", "these are ...".
    The routes it names take the status cue of the sentence before ("the time has come for
    the restoration of some railway sections"). Must not: a new report of its own (its own
    cue wins).""",
    r"\b(?:referring\s+(?:\w+\s+){0,3}?to|in\s+particular|namely|these\s+are|this\s+is|"
    r"that\s+is|i\.e\.|specifically|(?:this|the|that)\s+(?:instruction|order|decision|offer|"
    r"proposal|request)\s+(?:concerns|covers|applies\s+to|includes|refers\s+to))\b",
    examples=("I am referring, in particular, to the Ijevan, Yeraskh and Akhurik sections.",
              "namely the Yeraskh line",
              "He noted that this instruction concerns the section from Yeraskh"),
    not_examples=("The Yeraskh line was reopened on Monday.",),
)

SIDE_AS_PLACE = family(
    "side_as_place",
    """A side's country word as a place or a kind, not an actor: "Armenian territory", "the
    Armenian city of Gyumri", "Azerbaijan's Nakhchivan exclave", "an Azerbaijani political
    scientist", "Armenian forces". Such a word names no side at a table (the review queue
    counts only actors). Must not: "the Armenian side", "Armenian officials".""",
    r"\b(?:Armenia|Azerbaijan|Armenian|Azerbaijani|Azeri)(?:['’]s)?\s+(?:\w+\s+)?"
    r"(?:territory|territories|soil|city|town|village|region|enclave|exclave|border|"
    r"forces|troops|army|soldiers|positions|political\s+scientist|scientist|expert|analyst|"
    r"media|press|outlets?|journalists?|society|people|public|economy|market|companies)\b",
    examples=("through Armenian territory", "the Armenian city of Gyumri",
              "an Azerbaijani political scientist claimed", "Azerbaijan's Nakhchivan exclave"),
    not_examples=("the Armenian side refused", "Armenian officials met"),
)

PREPARATION = family(
    "preparation",
    """A trip or talks held to prepare a meeting told elsewhere: "will travel to Brussels on
    Tuesday to prepare the meeting", "in preparation for the summit", "preparations for the
    talks". The place and day of such a clause are the preparation's, never the meeting's.
    Must not: "ahead of the meeting in Brussels" (that place is the meeting's).""",
    r"\b(?:to\s+prepare|preparing|in\s+preparation\s+for|preparations?\s+for|"
    r"preparatory\s+work\s+for)\s+(?:for\s+)?(?:the|this|that|a|their|next|upcoming)\s+"
    r"(?:[\w'’.]+\s+){0,3}?(?:meeting|summit|talks)\b",
    examples=("Grigoryan will travel to Brussels on Tuesday to prepare for the meeting",
              "in preparation for the leaders' summit", "to prepare for the Oct. 5 summit"),
    not_examples=("Ahead of the meeting in Brussels, Pashinyan spoke to reporters.",),
)

HOSTED_BY = family(
    "hosted_by",
    """A participle naming who hosts a meeting: "a meeting hosted by Nurtleu", "talks chaired
    by Michel", "convened by", "organised by". Beside a meeting still to come in the same
    sentence it names that meeting's host; it is no second meeting, held. Must not: "Michel
    hosted the talks" (a verb of its own: the meeting was held).""",
    r"\b(?:hosted|mediated|chaired|convened|organi[sz]ed|facilitated|moderated)\s+by\b",
    examples=("in a meeting hosted by Kazakh Foreign Minister Murat Nurtleu",),
    not_examples=("Michel hosted the talks in Brussels.",),
)

RELATIVE_HOST = family(
    "relative_host",
    """A third party described by a meeting he hosted, in a relative clause: "Chancellor
    Scholz, who hosted a meeting between Pashinyan and Aliyev in Munich". With no day of its
    own the meeting is a description of him, history, not news. Must not: "Trump, who
    hosted the two leaders on Friday" (dated: the meeting is read as told).""",
    r"^\s*who\s+(?:had\s+|also\s+|recently\s+)?(?:hosted|mediated|brokered|organi[sz]ed|"
    r"convened)\b",
    examples=("who hosted a meeting between Pashinyan and Aliyev in Munich",),
    not_examples=("Scholz hosted a meeting in Munich",),
)

HOST_COUNTRY = family(
    "host_country",
    """A country said to host the talks, without its host's name: "Bayramov thanked
    Kazakhstan for hosting the talks", "Kazakhstan hosted the negotiations", "thanked the
    Kazakh side for providing a platform". The meeting of the article with no host named
    is that country's, hosted by its holder of the meeting's office. Must not: "Baku will
    host COP29" (no talks of the two).""",
    r"\b(?:thank\w*|(?:appreciation|gratitude)\s+to)\s+(?:the\s+)?(?P<a>[A-Z][\w]+)(?:\s+"
    r"(?:side|government|authorities|leadership))?\s+for\s+(?:hosting|organi[sz]ing|"
    r"providing\s+(?:a|the)\s+platform)|"
    r"\b(?P<b>[A-Z][\w]+(?:\s+[A-Z][\w]+)?)\s+(?:hosted|is\s+hosting|was\s+hosting|will\s+host)\s+"
    r"the\s+(?:talks|meeting|negotiations|(?:two\s+)?(?:foreign\s+)?ministers|leaders|delegations)\b|"
    # the country that invites both: "The United States has invited Azerbaijan and Armenia to a
    # meeting of foreign ministers"
    r"\b(?P<c>[A-Z][\w]+(?:\s+[A-Z][\w]+)?)\s+(?:has\s+|had\s+)?invit(?:ed|es)\s+(?:[\w'’]+\s+){1,4}?"
    r"to\s+(?:a|the)\s+(?:[\w-]+\s+){0,3}?(?:meeting|talks|negotiations)\b",
    flags=0,
    examples=("Bayramov thanked Kazakhstan for hosting the talks.",
              "The ministers thanked the Kazakh side for providing a platform for negotiations",
              "Germany hosted the talks at Villa Borsig",
              "Germany is hosting the foreign ministers of Armenia and Azerbaijan",
              "the ministers expressed their appreciation to the German side for hosting",
              "The United States has invited Azerbaijan and Armenia to a meeting of foreign "
              "ministers"),
    not_examples=("Baku will host COP29 next year.",),
)

LEVEL_STATED = family(
    "level_stated",
    """The level of the talks stated in words, for a meeting the article tells by the
    countries alone: "holding negotiations at the level of foreign ministers", "talks at the
    level of heads of state", "foreign minister-level talks". Must not: "ministers of
    several countries" (no level of talks stated).""",
    r"\bat\s+the\s+level\s+of\s+(?:the\s+)?(?:(?P<fm>foreign\s+ministers|ministers\s+of\s+"
    r"foreign\s+affairs|heads\s+of\s+(?:the\s+)?foreign\s+(?:ministries|policy\s+agencies))|"
    r"(?P<leaders>heads\s+of\s+state|leaders|presidents))\b|"
    r"\b(?P<fm2>foreign[-\s]ministers?[-\s]level|ministerial[-\s]level)\b|"
    r"\b(?P<leaders2>leaders?[-\s]level|summit[-\s]level|top[-\s]level|"
    r"(?:at\s+the\s+)?highest[-\s]level)\b",
    examples=("holding negotiations at the level of foreign ministers",
              "talks at the level of heads of state", "foreign minister-level talks",
              "to hold a top-level four-party meeting"),
    not_examples=("ministers of several countries met", "the level of trust"),
)

HOST_THANKED = family(
    "host_thanked",
    """A person thanked for hosting: "expressed their gratitude to UAE President Sheikh
    Mohamed bin Zayed Al Nahyan for his hospitality", "thanked Tokayev for hosting the
    talks". The named group holds the words where the host is named. Must not: "thanked
    the people for their support" (no hosting).""",
    r"\b(?:thank\w*|(?:gratitude|appreciation)\s+to|grateful\s+to)\s+(?P<who>[^.;]{1,100}?)"
    r"\s+for\s+(?:his|her|their|the)?\s*(?:warm\s+)?(?:hospitality|hosting|organi[sz]ing)",
    examples=("expressed their gratitude to UAE President Sheikh Mohamed bin Zayed Al Nahyan "
              "for his hospitality", "thanked Tokayev for hosting the talks"),
    not_examples=("thanked the people for their support",),
)

OPINION = family(
    "opinion",
    """A speaker's own expectation of a meeting, in the first person: "I think that Michel
    will bring the two leaders together", "we believe the ministers will meet": a guess, so
    proposed at most, not fixed. Must not: "I can confirm that the ministers will meet"
    (a confirmation), a reported "he thinks" (told by the outlet: the plan may be real).""",
    r"\b(?:I|[Ww]e)\s+(?:(?:do\s+)?(?:think|believe|hope|expect|assume|suppose|guess)|am\s+"
    r"(?:sure|confident|hopeful))\b",
    flags=0,
    examples=("So I think that the envoy will bring the two leaders together",
              "we believe the ministers will meet soon"),
    not_examples=("I can confirm that the ministers will meet on Friday",
                  "he thinks the leaders will meet"),
)
CONDITIONAL = family(
    "conditional",
    """A plan on a condition, told before it: "If Yerevan agrees, the next meeting will be
    held in Kazakhstan", "Once the text is agreed, the leaders will meet", "Assuming that the
    next meeting will be mediated by ...": the meeting is proposed, not fixed. Matched on the
    words before the meeting's clause, or its own opening. Must not: "the ministers will
    meet on Friday if the weather allows" (the condition after the plan is not read).""",
    r"^\W*(?:if|once|provided\s+(?:that\s+)?|as\s+soon\s+as|unless|should\s+\w+\s+agree|"
    r"assuming|supposing|in\s+case)\b",
    examples=("If Yerevan agrees, ", "Once the text is agreed, ",
              "Assuming that the next meeting will be mediated by Brussels"),
    not_examples=("The ministers will meet on Friday, ",),
)
