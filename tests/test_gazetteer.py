"""Names: exact aliases, misspellings caught, different people never merged, roles by date."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from watcher.extract.gazetteer import _alternation, _whole_words, load


@pytest.fixture(scope="module")
def gaz():
    return load()


def names(gaz, text: str) -> list[str]:
    return [f.ref.name for f in gaz.find_people(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Prime Minister Nikol Pashinian said", ["Nikol Pashinyan"]),
    ("Anthony Blinken hosted the talks", ["Antony Blinken"]),
    ("with Olaf Schultz and Macron", ["Olaf Scholz", "Emmanuel Macron"]),
    ("President Ilham Aliev arrived", ["Ilham Aliyev"]),
    ("Pashinyan's spokesman", ["Nikol Pashinyan"]),
    ("Prime Minister Pashinyian said", ["Nikol Pashinyan"]),  # fuzzy, not listed
    ("Foreign Minister Bayramof said", ["Jeyhun Bayramov"]),  # fuzzy, not listed
])
def test_variants_resolve_to_one_canonical_name(gaz, text, expected):
    assert names(gaz, text) == expected


def test_different_people_are_not_merged(gaz):
    assert names(gaz, "a centre named after George Schultz") == ["George Shultz"]
    assert names(gaz, "Uzbek President Shavkat Mirziyoyev") == ["Shavkat Mirziyoyev"]
    assert names(gaz, "Heydar Aliyev died in 2003") == ["Heydar Aliyev"]
    assert names(gaz, "Jonas Scholzberg commented") == []


def test_office_holders_by_date(gaz):
    assert gaz.holder("AZ", "foreign_minister", date(2019, 1, 1)).name == "Elmar Mammadyarov"
    assert gaz.holder("AZ", "foreign_minister", date(2023, 1, 1)).name == "Jeyhun Bayramov"
    assert gaz.holder("AM", "foreign_minister", date(2021, 9, 1)).name == "Ararat Mirzoyan"
    assert gaz.holder("US", "foreign_minister", date(2023, 5, 1)).name == "Antony Blinken"
    assert gaz.holder("US", "foreign_minister", date(2025, 3, 1)).name == "Marco Rubio"
    assert gaz.leader("AM", date(2023, 5, 1)).name == "Nikol Pashinyan"
    assert gaz.leader("AZ", date(2023, 5, 1)).name == "Ilham Aliyev"


def test_places_and_routes(gaz):
    assert [f.ref.city for f in gaz.find_places("talks in Granada and Brussels")] == [
        "Granada", "Brussels"]
    routes = [f.ref.name for f in gaz.find_routes("the Latchine corridor and the Berdzor road")]
    assert routes == ["Lachin corridor", "Lachin corridor"]
    assert gaz.find_routes("the Lachyn corridor")[0].ref.name == "Lachin corridor"  # fuzzy
    assert [f.ref.tracked for f in gaz.find_routes("the Southern Gas Corridor")] == [False]


def test_every_route_phrase_holds_a_prefilter_word(gaz):
    """A sentence is only searched for routes when it holds one of these words, so a phrase
    without one could never match."""
    from watcher.extract.gazetteer import ROUTE_WORDS
    for route in gaz.routes:
        words = [w.lower() for w in (*ROUTE_WORDS, *route.names, *route.nouns)]
        for phrase in route.phrases:
            literal = re.sub(r"\[(.)[^\]]*\]", r"\1", phrase).replace("?", "").lower()
            assert any(w in literal for w in words), (route.name, phrase)


def test_two_names_joined_by_a_hyphen_are_two_names():
    gaz = load()
    names = [f.ref.name for f in gaz.find_people("after the Pashinyan-Aliev meeting")]
    assert names == ["Nikol Pashinyan", "Ilham Aliyev"]
    assert gaz.find_people("the pro-Pashinyan camp") == []


def test_kept_lookups_answer_as_fresh_ones(gaz):
    # places, routes and people of a text are kept once found: a caller changing the list
    # it got changes nothing kept, and a second answer is the first
    text = "Mirzoyan and Bayramov met in Almaty after the Lachin corridor was closed."
    for find, fresh in ((gaz.find_places, gaz._place_re), (gaz.find_routes, None),
                        (gaz.find_people, None)):
        first = find(text)
        assert first
        first.clear()
        again = find(text)
        assert again and again == find(text)
        if fresh is not None:
            assert [f.text for f in again] == [m.group(0) for m in fresh.finditer(text)]
    assert [f.ref.name for f in gaz.find_routes(text)] == ["Lachin corridor"]
    # the holder of an office is kept per day: another day, another holder
    for _ in range(2):
        assert gaz.holder("AM", "foreign_minister", date(2020, 1, 1)).name == \
            "Zohrab Mnatsakanyan"
        assert gaz.holder("AM", "foreign_minister", date(2023, 1, 1)).name == "Ararat Mirzoyan"
        assert gaz.holder("AM", "foreign_minister", date(1990, 1, 1)) is None
    # a misspelt surname is found again the same way once its nearest name is kept
    for text in ("Minister Mirzoyam said", "Minister Mirzoyam added", "Mirzoyam, Bayramov"):
        assert names(gaz, text)[0] == "Ararat Mirzoyan", text


def test_names_are_found_where_the_plain_alternation_finds_them():
    gaz = load()
    words = [a for p in gaz.people for a in (p.name, *p.aliases)]
    words += [a for pl in gaz.places for a in pl.aliases]
    plain = re.compile(r"(?<![\w-])(?:" + _alternation(words) + r")(?![\w-])")
    fast = _whole_words(words, r"(?![\w-])")
    rng = random.Random(4)
    pieces = [*rng.sample(words, 60), "-", "x", " ", "\n", "_", "é", "'s", "pro-", "Aliyev-"]
    texts = ["Pashinyan-Aliyev talks", "pro-Pashinyan", "xAliyev", "Aliyevx", "_Aliyev",
             "Aliyev", "met Aliyev's aide"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], text
    # an alias the first-character form cannot take leaves the plain form in use
    assert _whole_words(["", "Baku"], "").pattern.startswith(r"(?<![\w-])")


def test_a_place_is_found_by_its_city_even_where_the_city_is_not_among_its_aliases():
    # a gathering's cities are [[place]] cities; the Blenheim summit's "Woodstock" is not one
    # of that place's aliases, yet a plan told by its country alone finds the summit there
    from datetime import date

    from watcher.extract.gazetteer import load

    gaz = load()
    assert gaz.place("Woodstock").country == "United Kingdom"
    assert gaz.place("Granada").country == "Spain"
    assert gaz.place("Atlantis") is None
    assert gaz.gathering_at(None, date(2024, 7, 15), country="United Kingdom").day == \
        date(2024, 7, 18)
