"""The prefilter skips a pattern only where the pattern finds nothing (extract/prefilter.py).

Every prefiltered pattern of the extraction (the phrase families, the route patterns, the
kinds of date expression, the participants' role and pair patterns) must find on every
text exactly what the bare pattern finds: on each family's own examples and
counter-examples, and on every sentence of the extraction cases.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from watcher.extract import dates, lexicon, participants
from watcher.extract.gazetteer import load
from watcher.extract.prefilter import (
    FOLDS_TO_ASCII,
    Guarded,
    lowered,
    may_match,
    minimal,
    needs,
)
from watcher.extract.text import sentences

FAMILIES = [v for v in vars(lexicon).values() if isinstance(v, lexicon.Family)]
GUARDED = [v for v in vars(participants).values() if isinstance(v, Guarded)]


def _case_texts() -> list[str]:
    out = []
    for path in sorted(Path(__file__).with_name("cases").glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8")).get("case", []):
            out += sentences(case.get("title", ""), case["text"])
    return out


TEXTS = _case_texts()


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def test_the_prefilter_is_derived_for_most_families():
    # not a hand list: the strings come from the patterns; most families need some
    assert sum(f.needs is not None for f in FAMILIES) >= len(FAMILIES) * 3 // 4
    assert lexicon.TRIGGER.needs is not None and "summit" in lexicon.TRIGGER.needs
    assert lexicon.CHECKPOINT.needs == ("checkpoint",)


@pytest.mark.parametrize("fam", FAMILIES, ids=lambda f: f.name)
def test_a_family_finds_through_the_prefilter_what_its_pattern_finds(fam):
    texts = [*fam.examples, *fam.not_examples, *TEXTS]
    for text in fam.examples:
        assert may_match(fam.needs, lowered(text)), f"{fam.name} would skip {text!r}"
    for text in texts:
        assert _spans(fam.finditer(text)) == _spans(fam.pattern.finditer(text)), text
        assert bool(fam.search(text)) == bool(fam.pattern.search(text)), text


def test_the_other_prefiltered_patterns_find_what_their_patterns_find():
    gaz = load()
    guarded = [*GUARDED, participants._role_regex(gaz)]
    routes = [(rx, words) for _, rx, words in gaz._route_res]
    kinds = [(rx, words) for (_, rx), words in zip(dates._PATTERNS, dates._NEEDS, strict=True)]
    assert len(guarded) >= 7 and routes and kinds
    for text in TEXTS:
        for g in guarded:
            assert _spans(g.finditer(text)) == _spans(g.pattern.finditer(text)), text
        for rx, words in routes + kinds:
            if not may_match(words, lowered(text)):
                assert rx.search(text) is None, (rx.pattern[:60], text)


def test_what_a_pattern_needs():
    assert needs(re.compile(r"\b(?:met|talks|summit(?:s)?)\b", re.I)) == ("met", "summit",
                                                                          "talks")
    assert needs(re.compile(r"will\s+meet")) == ("will",) or needs(
        re.compile(r"will\s+meet")) == ("meet",)
    assert needs(re.compile(r"(?:very\s+)?(?:cancel(?:led)?|called\s+off)")) == ("called",
                                                                               "cancel")
    assert needs(re.compile(r"\d+\s+days?")) == ("day",)
    assert needs(re.compile(r"(?:a|\w+)\s+\d")) is None  # an alternative needs no letter
    assert needs(re.compile(r"x?y?")) is None
    assert minimal(["meet", "meeting", "met", "talks"]) == ("meet", "met", "talks")


def test_a_text_with_letters_that_fold_onto_ascii_is_never_skipped():
    # the Kelvin sign matches "k" and the dotted capital I matches "i" when case is
    # ignored; lowering such a text is no exact test, so the pattern always runs
    for pattern, text in ((r"kelvin", "\u212aelvin"), (r"is", "\u0130s"), (r"talks", "talk\u017f")):
        rx = re.compile(pattern, re.IGNORECASE)
        assert rx.search(text)
        assert may_match(needs(rx), lowered(text))
        assert Guarded(rx).search(text)
    assert not Guarded(re.compile("talks", re.I)).search("the meeting")


def test_the_letters_folding_onto_ascii_are_all_known():
    # every code point the regex engine matches to an ASCII letter or digit, case ignored
    everything = "".join(map(chr, range(0x80, sys.maxunicode + 1)))
    assert set(re.findall(r"[a-z0-9]", everything, re.IGNORECASE)) == set(FOLDS_TO_ASCII)


def test_a_folded_pattern_finds_on_the_lowered_text_what_the_pattern_finds():
    from watcher.extract.prefilter import Folded
    cues = [dates.PAST_PLAN, dates.FUTURE_PASSIVE, dates.FUTURE_CUES, dates.PAST_CUES]
    extra = ["WILL MEET on Monday, it WAS SAID", "They'LL meet", "\u212aelvin said",
             "İstanbul talks were HELD", "ΣΊΣΥΦΟΣ was here", "ſaid it was"]
    for text in [*TEXTS, *extra]:
        for rx in cues:
            got = [(m.span(), m.group(0).lower()) for m in Folded(rx).finditer(text)]
            assert got == [(m.span(), m.group(0).lower()) for m in rx.finditer(text)], text


def test_only_a_lower_case_case_ignoring_pattern_is_folded():
    from watcher.extract.prefilter import Folded, foldable
    assert foldable(re.compile(r"\b(?:met|held)\b", re.I))
    for rx in (re.compile(r"met", 0), re.compile(r"Met", re.I), re.compile(r"\Smet", re.I),
               re.compile(r"(?-i:m)et", re.I), re.compile("m\u00e9t", re.I)):
        assert not foldable(rx)
        with pytest.raises(ValueError):
            Folded(rx)


def test_lowering_keeps_every_character_class_a_folded_pattern_can_test():
    # a folded pattern sees each character lowered: one character for one (but the
    # letters that fold onto ASCII, whose texts go to the pattern itself), and a word
    # character, space or digit stays one
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if c in FOLDS_TO_ASCII or 0xD800 <= cp <= 0xDFFF:
            continue
        low = c.lower()
        if low == c:
            continue
        assert len(low) == 1, hex(cp)
        for cls in (r"\w", r"\s", r"\d"):
            assert bool(re.match(cls, c)) == bool(re.match(cls, low)), (hex(cp), cls)


def test_what_a_case_minding_pattern_needs_as_written():
    assert needs(re.compile(r"\b(?:Monday|Friday)\b"), exact=True) == ("Friday", "Monday")
    assert needs(re.compile(r"(?i:last\s+)?May\b"), exact=True) == ("May",)
    assert needs(re.compile(r"(?i:last)\s+May"), exact=True) == ("May",)
    assert needs(re.compile(r"may", re.I), exact=True) is None
    assert needs(re.compile(r"(?i)may"), exact=True) is None
    assert needs(re.compile(r"(?i:may)"), exact=True) is None


def test_a_date_kind_skipped_by_what_it_needs_as_written_finds_nothing():
    tested = 0
    for text in [*TEXTS, "the summary was decided", "may we meet", "MONDAY talks"]:
        for (_, rx), (words, as_written) in zip(dates._PATTERNS, dates._TESTS, strict=True):
            if as_written and not any(w in text for w in words):
                tested += 1
                assert rx.search(text) is None, (rx.pattern[:60], text)
    assert tested > 100
