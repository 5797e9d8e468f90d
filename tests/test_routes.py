"""Route status: the Lachin corridor under its many names; demands are not facts."""

from __future__ import annotations

from datetime import date

import pytest

from watcher.extract import extract
from watcher.facts import RouteFact

PUB = date(2023, 7, 15)  # a Saturday


def routes(text: str, pub: date = PUB) -> list[tuple[str, str, str | None, str]]:
    return [(f.route, f.status, f.since.iso() if f.since else None, f.strength)
            for f in extract("", text, pub) if isinstance(f, RouteFact)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Azerbaijan closed the Lachin corridor on Tuesday.",
     ("Lachin corridor", "closed", "2023-07-11", "event")),
    ("Baku set up a checkpoint at the entrance to the Latchine corridor on 13 July.",
     ("Lachin corridor", "checkpoint", "2023-07-13", "event")),
    ("Azerbaijan reopened the Berdzor corridor on Monday.",
     ("Lachin corridor", "reopened", "2023-07-10", "event")),
    ("Traffic was halted at the Hakari bridge checkpoint on Friday.",
     ("Lachin corridor", "closed", "2023-07-14", "event")),
    ("Azerbaijan shut the sole land link between Karabakh and Armenia on Wednesday.",
     ("Lachin corridor", "closed", "2023-07-12", "event")),
    ("Azerbaijan reopened the Aghdam road to Red Cross convoys on Monday.",
     ("Aghdam road", "reopened", "2023-07-10", "event")),
])
def test_status_changes(text, expected):
    assert routes(text)[0] == expected


def test_description_is_a_weaker_state_fact():
    found = routes("The Lachin corridor, which has been under blockade for months, is the only "
                   "road to Karabakh.")
    assert found[0][1] == "blockaded" and found[0][3] == "state"


@pytest.mark.parametrize("text", [
    "Russia urged Azerbaijan to reopen the Lachin corridor.",
    "Protesters were calling for the reopening of the Lachin corridor.",
    "Blinken stressed the importance of reopening the Lachin corridor.",
    "Armenia demanded that Baku lift the blockade of the Lachin corridor.",
])
def test_demands_are_not_facts(text):
    assert routes(text) == []


@pytest.mark.parametrize("text", [
    "Azerbaijan expanded the Southern Gas Corridor, which was closed for maintenance.",
    "Turkey reopened the Margara crossing on the Armenia-Turkey border for aid trucks.",
    "The Zangezur corridor was closed to discussion, Pashinyan said.",
])
def test_other_corridors_and_crossings_are_not_tracked(text):
    assert routes(text) == []


def test_quoted_claims_are_not_reports():
    assert routes("\u201cThe Lachin road is open,\u201d Hajiyev said.") == []


def test_humanitarian_access():
    found = routes("Azerbaijan allowed the Red Cross to resume medical evacuations through the "
                   "Lachin corridor on Thursday.")
    assert found[0][:2] == ("Lachin corridor", "humanitarian_only")


def test_an_event_dated_long_before_publication_is_history():
    found = routes("Baku set up a checkpoint at the entrance to the Lachin corridor on 23 April.")
    assert found == [("Lachin corridor", "checkpoint", "2023-04-23", "state")]


def test_remained_closed_is_a_description():
    found = routes("Azerbaijan launched an offensive. The Lachin corridor remained closed.")
    assert found == [("Lachin corridor", "closed", None, "state")]
