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


def test_a_paragraph_is_cut_where_the_split_pattern_cuts_it():
    # the splits are sought only after a stop, where the pattern can match at all
    import random
    from pathlib import Path

    from watcher.extract.text import _SPLIT, _cut
    rng = random.Random(3)
    pieces = ["Talks ended", ".", "!", "?", "…", " ", "  ", "\n", '"', "”", ")", "»", "The",
              "12", "Ministry", ".The", "ab.Cd", "“Yes", "(Later", "x", "U.S", "x.Yz "]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
             for _ in range(3000)]
    cases = Path(__file__).with_name("cases")
    texts += [p.read_text(encoding="utf-8") for p in sorted(cases.glob("*.toml"))]
    for text in texts:
        assert _cut(text) == _SPLIT.split(text), text
