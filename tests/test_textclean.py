"""Text for each medium: control characters and escape sequences out, words kept."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from watcher.textclean import clean, markup_safe


@pytest.mark.parametrize(("raw", "expected"), [
    ("plain words\tand\nlines", "plain words\tand\nlines"),
    ("\x1b[1;31mred\x1b[0m", "red"),                       # CSI (SGR)
    ("a\x1b[2J\x1b[Hb", "ab"),                              # clear screen, cursor home
    ("a\x1b]0;title\x07b", "ab"),                           # OSC ended by BEL
    ("a\x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8, ended by ST
    ("a\x9b31mb", "ab"),                                    # 8-bit CSI
    ("a\x9d0;t\x9cb", "ab"),                                # 8-bit OSC and ST
    ("a\x1bPq#0\x1b\\b", "ab"),                             # DCS (sixel)
    ("a\x1b(Bb\x1bcc\x1b7d", "abcd"),                       # charset, reset, save cursor
    ("end\x1b", "end"),                                     # a lone ESC
    ("a\x1b]unterminated", "a"),                            # an OSC string never ended
    ("a\x00b\x07c\x08d\rx\x7fy\x85z", "abcdxyz"),           # C0, CR, DEL, C1
    ("\ud800half\ufffe\uffff", "half"),                     # not characters at all
    ("Ереван, Bakı, ’quotes’ \u00a0nbsp", "Ереван, Bakı, ’quotes’ \u00a0nbsp"),
])
def test_clean_drops_controls_and_whole_escape_sequences(raw, expected):
    assert clean(raw) == expected


def test_clean_keeps_only_what_the_medium_allows():
    assert clean("a\tb\nc", keep="") == "abc"
    assert clean("a\r\nb", keep="\r\n") == "a\r\nb"


def test_long_unfinished_sequences_lose_their_introducers():
    text = ("\x1b[" + "1;" * 50_000) * 4 + "\x1b]" + "x" * 200_000
    assert clean(text) == "1;" * 200_000  # an OSC never ended runs to the end of the text


def test_markup_safe_drops_single_characters_only_and_parses():
    doc = "<a href=\"x\">\x01\x1b[31m&lt;\x1b[</a>\ud800\uffff\x85"
    out = markup_safe(doc)
    assert out == "<a href=\"x\">[31m&lt;[</a>"  # markup never eaten
    ET.fromstring(out)

