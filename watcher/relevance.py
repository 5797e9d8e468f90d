"""Is an article about Armenia and/or Azerbaijan? Decided on title and text, without I/O.

The parties' names, leaders, places and routes come from the gazetteer, extra words
from `[topic] keywords`; `[topic] exclude` words veto. Sport is recognised by its
vocabulary (a Qarabag FK match report mentions Azerbaijan but is not news for us).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extract.gazetteer import Gazetteer
from .extract.gazetteer import load as load_gazetteer


def _words_re(words: list[str], flags: int = 0) -> re.Pattern | None:
    words = [w for w in words if w.strip()]
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", flags)


@dataclass
class Relevance:
    """A compiled relevance test; build once with `Relevance.build(...)` and reuse."""

    strong: re.Pattern
    sports: re.Pattern | None
    exclude: re.Pattern | None

    @classmethod
    def build(cls, keywords: list[str] = (), exclude: list[str] = (),
              gazetteer: Gazetteer | None = None) -> Relevance:
        gaz = gazetteer or load_gazetteer()
        words = list(keywords) + gaz.relevance_terms
        for c in gaz.countries.values():
            if c.party:
                words += [*c.aliases, *c.adjectives, c.capital]
        for p in gaz.people:
            if p.side:
                words += [p.name, *p.aliases]
        for r in gaz.routes:
            if r.tracked:
                words += [n for n in r.names if len(n) > 4]
        return cls(
            strong=_words_re(words, re.IGNORECASE),
            sports=_words_re(gaz.sports_terms, re.IGNORECASE),
            exclude=_words_re(list(exclude), re.IGNORECASE),
        )

    def __call__(self, title: str, text: str) -> bool:
        body = f"{title}\n{text}"
        if self.exclude and self.exclude.search(body):
            return False
        hits = len(self.strong.findall(body))
        if hits == 0:
            return False
        if self.sports:
            sport = len(self.sports.findall(body))
            if sport >= 2 and sport >= hits:
                return False
        return True
