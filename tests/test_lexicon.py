"""Every phrase family catches its own examples and none of its counter-examples."""

from __future__ import annotations

import re

import pytest

from watcher.extract import lexicon

FAMILIES = [v for v in vars(lexicon).values() if isinstance(v, lexicon.Family)]


def test_every_family_is_documented_and_has_examples():
    for fam in FAMILIES:
        assert fam.doc.strip() and fam.examples, fam.name
    assert len({f.name for f in FAMILIES}) == len(FAMILIES)


@pytest.mark.parametrize(("fam", "text"), [(f, t) for f in FAMILIES for t in f.examples],
                         ids=lambda v: v.name if isinstance(v, lexicon.Family) else v[:40])
def test_catches_its_examples(fam, text):
    assert fam.search(text), f"{fam.name} misses {text!r}"


@pytest.mark.parametrize(("fam", "text"), [(f, t) for f in FAMILIES for t in f.not_examples],
                         ids=lambda v: v.name if isinstance(v, lexicon.Family) else v[:40])
def test_leaves_its_counter_examples(fam, text):
    assert not fam.search(text), f"{fam.name} catches {text!r}"


@pytest.mark.parametrize("word", ["said", "says", "stated", "noted", "stressed", "added",
                                  "announced", "declared", "remarked", "emphasized",
                                  "emphasised", "underlined", "underscored", "wrote"])
def test_said_class_holds_the_verbs_of_telling(word):
    assert re.fullmatch(lexicon.SAID, word)


@pytest.mark.parametrize("word", ["states", "notes", "reports", "remarks", "confirmed",
                                  "reported", "told", "called", "urged", "agreed", "signed"])
def test_said_class_leaves_nouns_attributes_appeals_and_acts(word):
    # "the two states", "his notes", "the reported meeting": a class member there would
    # make a report of words that are none
    assert not re.fullmatch(lexicon.SAID, word)
