"""Splitting an article into sentences: the short cuts give what the full reading gives."""

from __future__ import annotations

import pytest

from watcher.extract.text import clean_lines, split_sentences


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("The talks were held in Brussels.", ["The talks were held in Brussels."]),
    ('He said "they will meet."\u201d ) ', ['He said "they will meet."\u201d )']),
    ("No full stop at all", ["No full stop at all"]),
    ("   ", []),
    ("a\x00b", ["a.b"]),  # as the abbreviations' placeholder has always read
    ("They met. Then they left.", ["They met.", "Then they left."]),
    ("It met in the U.S. The talks ended.", ["It met in the U.S.", "The talks ended."]),
    ("Mr. Aliyev arrived.", ["Mr. Aliyev arrived."]),
    ("Ministry.The two sides met", ["Ministry.", "The two sides met"]),
    ("Talks ended. 12 people left", ["Talks ended.", "12 people left"]),
])
def test_a_paragraph_splits_only_after_a_stop(paragraph, expected):
    assert split_sentences(paragraph) == expected


def test_white_space_is_one_space_and_a_teaser_strip_is_cut():
    text = ("The two\u00a0ministers\t met in\u2028Geneva on Monday, officials said.\n"
            "Talks were held in Prague. ![]() ![]() Other story headline and more words here")
    assert clean_lines(text) == ["The two ministers met in Geneva on Monday, officials said.",
                                 "Talks were held in Prague."]
