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
    hits,
    holds,
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
    kinds = [(rx, words) for (_, rx), words in zip(dates._PATTERNS, dates._NEEDS, strict=True)]
    assert len(guarded) >= 7 and gaz._route_res and kinds
    skipped = 0
    for text in TEXTS:
        for g in guarded:
            assert _spans(g.finditer(text)) == _spans(g.pattern.finditer(text)), text
        found = hits(text)
        for rx, words in kinds:
            if not may_match(words, lowered(text)):
                assert rx.search(text) is None, (rx.pattern[:60], text)
        for (_, rx), (test, as_written) in zip(dates._PATTERNS, dates._TESTS, strict=True):
            if not as_written and not (found & test[0] and holds(found, test[1])):
                skipped += 1
                assert rx.search(text) is None, (rx.pattern[:60], text)
        for _, rx, needed, alts in gaz._route_res:
            if not (found & needed and holds(found, alts)):
                skipped += 1
                assert rx.search(text) is None, (rx.pattern[:60], text)
    assert skipped > len(TEXTS)


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


def _registered() -> list[tuple[str, ...]]:
    """The strings of every phrase family and participants' pattern (each has its bit)."""
    return [f.needs for f in FAMILIES + GUARDED if f.needs is not None]


def _fragments_text(rng, words: list[str]) -> str:
    """A text of registered strings cut, joined and overlapped at random."""
    parts = []
    for _ in range(rng.randint(1, 12)):
        w = rng.choice(words)
        a = rng.randint(0, len(w) - 1)
        parts.append(w[a:rng.randint(a + 1, len(w))] if rng.random() < 0.5 else w)
        parts.append(rng.choice(["", "", " ", "-", "s ", ", the "]))
    return "".join(parts)


def test_one_scan_tells_for_every_pattern_what_its_own_strings_tell():
    # `hits` finds in one pass which registered patterns' strings a text holds: the
    # answer must be each pattern's own test, on texts and on pieces cut from them
    # (a piece is answered from the text it was cut from)
    import random

    from watcher.extract.prefilter import bit, hits
    rng = random.Random(5)
    wordsets = _registered()
    words = sorted({w for ws in wordsets for w in ws})
    texts = [*TEXTS, *(_fragments_text(rng, words) for _ in range(400))]
    asked = 0
    for text in texts:
        for piece in (text, text[len(text) // 3:], text[: len(text) // 2], text.upper()):
            found = hits(piece)
            for ws in wordsets:
                asked += 1
                assert bool(found & bit(ws)) == may_match(ws, lowered(piece)), (ws, piece)
    assert asked > 10000


def test_strings_that_overlap_are_all_found():
    from watcher.extract.prefilter import bit, hits
    first, second, inside = bit(("qxab",)), bit(("abqz",)), bit(("xa",))
    assert hits("a qxabqz b") & first and hits("a qxabqz b") & second
    assert hits("a qxabqz b") & inside
    piece = "a qxabqz b"[:6]  # "a qxab": cut from the text above
    assert hits(piece) & first and not hits(piece) & second
    assert not hits("qxa bqz") & (first | second)


def test_a_pattern_made_later_is_found_by_the_one_scan():
    # the lead adds families: a family made after texts were scanned is found in them
    from watcher.extract.prefilter import hits
    text = "The envoys zorbulated in Vienna."
    assert not lexicon.TRIGGER.search("zorbulated envoys") and hits(text)
    later = lexicon.family("later", "a family made after the others", r"\bzorbulat(?:ed|es)\b")
    assert later.needs == ("zorbulate",)
    assert later.search(text) and later.search(text[4:])
    assert not later.search("The envoys met in Vienna.")
    assert lexicon.TRIGGER.search(text) is None and lexicon.TRIGGER.search("they met")
    guarded = Guarded(re.compile(r"quorbl\w+"))
    assert guarded.search("the quorbles") and not guarded.search(text)


def test_a_pattern_whose_strings_are_unknown_is_never_skipped():
    from watcher.extract.prefilter import bit, hits
    assert hits("anything at all") & bit(None)
    assert hits("") & bit(None)


def test_a_long_text_is_scanned_whole():
    # a long text is scanned in pieces: a string across two pieces is found
    from watcher.extract.prefilter import _CHUNK, bit, hits
    word = bit(("zyxwvq",))
    for at in range(_CHUNK - 6, _CHUNK + 1):
        text = "a" * at + "ZYXWVQ" + " b" * 10
        assert hits(text) & word, at
        assert not hits(text.replace("ZYXWVQ", "ZYXWV Q")) & word


def test_what_each_alternative_of_a_pattern_needs():
    from watcher.extract.prefilter import requirements
    rx = re.compile(r"\b(?:(?:will|would)\s+not\s+(?:attend|go)|skip(?:ped)?|cancel(?:led|s))\b",
                    re.I)
    # one string of each list, for one alternative; alternatives needing one list each
    # are one
    assert requirements(rx) == ((("attend", "go"), ("not",), ("will", "would")),
                                (("cancelled", "cancels", "skip"),))
    # a list of a string of one letter is in most texts: kept only where it is all there is
    assert requirements(re.compile(r"a\s+meeting|x")) == ((("meeting",),), (("x",),))
    # the parser's common start ("ca" of "cancel|called") is put back
    assert requirements(re.compile(r"cancel|called\s+off")) == ((("called",), ("off",)),
                                                               (("cancel",),))
    assert requirements(re.compile(r"\w+\s+\d")) is None
    assert requirements(re.compile(r"talks|(?:\w+)?")) is None  # an alternative needs nothing


def _patterns() -> list[tuple[str, re.Pattern, tuple[str, ...]]]:
    """Every pattern prefiltered by what its alternatives need, with texts of its own."""
    gaz = load()
    return [*((f.name, f.pattern, (*f.examples, *f.not_examples)) for f in FAMILIES),
            *((g.pattern.pattern[:30], g.pattern, ()) for g in GUARDED),
            ("role", participants._role_regex(gaz).pattern, ()),
            *((kind, rx, ()) for kind, rx in dates._PATTERNS),
            *((r.name, rx, ()) for r, rx, _, _ in gaz._route_res)]


@pytest.mark.parametrize("name,pattern,own", _patterns(), ids=lambda x: x
                         if isinstance(x, str) else "")
def test_every_match_holds_what_one_alternative_needs(name, pattern, own):
    from watcher.extract.prefilter import requirements
    req = requirements(pattern)
    if req is None:
        return
    for text in [*own, *TEXTS]:
        for m in pattern.finditer(text):
            low = lowered(m.group(0))
            assert low is None or any(all(any(w in low for w in words) for words in alt)
                                      for alt in req), (name, m.group(0))
