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
from .feeds import text_cover

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


_PIECE = re.compile(r"[^\W_]+")


def _trie(words: set[str]) -> str:
    """A regex of these words as a tree of their common beginnings: one scan of a text,
    few steps at each place (an alternation of the words tries each in turn)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here; the words it begins add nothing to a search

    def pattern(node: dict) -> str:
        if "" in node:
            return ""
        alts = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return pattern(tree)


class _Terms:
    """Counts occurrences of a vocabulary in a text: one-word terms by a set lookup over
    the text's words (fast whatever the vocabulary's size), longer ones by a regex, run
    only when the text has the longest word of one of them (most texts have none)."""

    def __init__(self, words: list[str]):
        words = [w.strip().lower() for w in words if w.strip()]
        self.single = {w for w in words if _TOKEN.fullmatch(w)}
        phrases = sorted({w for w in words if w not in self.single}, key=len, reverse=True)
        self.phrases = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])"
        ) if phrases else None
        # A term found in a text has each of its words there as a whole run of letters and
        # digits (a token's or the phrase regex's bounds see to the ends), so the longest
        # one says enough: a text with no anchor has none of the terms.
        self.phrase_anchors = {max(_PIECE.findall(p) or [p], key=len) for p in phrases}
        self.anchors = self.phrase_anchors | {max(_PIECE.findall(w), key=len)
                                              for w in self.single}
        self.inside = re.compile(_trie(self.anchors)) if self.anchors else None

    def __bool__(self) -> bool:
        return bool(self.single or self.phrases)

    def may_be_in(self, text: str) -> bool:
        """False when no term can be in a lower-case text that holds this one (each
        anchor a run of letters and digits of that text, so a substring of this one)."""
        return self.inside is not None and self.inside.search(text) is not None

    def may_occur(self, pieces: set[str]) -> bool:
        """False when no term can be in a text of these runs of letters and digits."""
        return not self.anchors.isdisjoint(pieces)

    def count(self, tokens: list[str], lowered: str, pieces: set[str]) -> int:
        n = sum(1 for t in tokens if t in self.single)
        if self.phrases and not self.phrase_anchors.isdisjoint(pieces):
            n += len(self.phrases.findall(lowered))
        return n


@dataclass
class Relevance:
    """A compiled relevance test; build once with `Relevance.build(...)` and reuse."""

    strong: _Terms
    sports: _Terms
    exclude: _Terms

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
        return cls(strong=_Terms(words), sports=_Terms(gaz.sports_terms),
                   exclude=_Terms(list(exclude)))

    def not_in_markup(self, title: str, markups: list[str]) -> bool:
        """True when this title and the text of these HTML fragments (`feeds.html_to_text`)
        cannot be relevant: no term's word is in the title, nor inside what the text can
        hold (`feeds.text_cover`). The test without the conversion; False means only the
        test on the text can tell."""
        if self.strong.may_occur(set(_PIECE.findall(title.lower()))):
            return False
        for markup in markups:
            cover = text_cover(markup)
            if cover is None or self.strong.may_be_in(cover):
                return False
        return True

    def __call__(self, title: str, text: str) -> bool:
        lowered = f"{title}\n{text}".lower()
        pieces = set(_PIECE.findall(lowered))
        if not self.strong.may_occur(pieces):
            return False  # the cheap test first: most texts name nothing of ours
        tokens = _TOKEN.findall(lowered)
        if self.exclude and self.exclude.count(tokens, lowered, pieces):
            return False
        hits = self.strong.count(tokens, lowered, pieces)
        if hits == 0:
            return False
        sport = self.sports.count(tokens, lowered, pieces)
        return not (sport >= 2 and sport >= hits)
