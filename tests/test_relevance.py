"""Relevance: about Armenia and/or Azerbaijan, not sport, with the operator's words."""

from __future__ import annotations

import pytest

from watcher.relevance import Relevance


@pytest.fixture(scope="module")
def relevant():
    return Relevance.build()


RELEVANT = [
    ("Pashinian meets EU envoy", ""),
    ("Border talks resume", "Deputy prime ministers of Armenia and Azerbaijan met."),
    ("Convoy waits at Latchine corridor", ""),
    ("Baku hosts climate talks", "Delegates gathered in the Azerbaijani capital."),
    ("Karabakh refugees", "Thousands fled to Goris."),
]
NOT_RELEVANT = [
    ("Heatwave in Spain", "Temperatures above 40C."),
    ("Qarabag win Champions League qualifier",
     "The Azerbaijani champions scored twice; the striker starred in the match."),
    ("Armenia beat Latvia in Nations League",
     "Armenia's football team scored a late goal in the match at the stadium."),
]


@pytest.mark.parametrize(("title", "text"), RELEVANT)
def test_relevant(relevant, title, text):
    assert relevant(title, text)


@pytest.mark.parametrize(("title", "text"), NOT_RELEVANT)
def test_not_relevant(relevant, title, text):
    assert not relevant(title, text)


def test_topic_keywords_and_excludes():
    custom = Relevance.build(keywords=["Middle Corridor"], exclude=["horoscope"])
    assert custom("Middle Corridor freight grows", "")
    assert not custom("Aliyev horoscope special", "")
