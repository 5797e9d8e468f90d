"""The review queue: sentences that may tell a development no rule decided.

Kept for a person (digest, `watcher review`, `/review`), never alerted by default."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
from conftest import REPO, free_port, rss, run_once

from watcher.api import ApiServer
from watcher.config import from_dict
from watcher.extract import extract

DAY = date(2025, 8, 12)


def possible(text: str) -> list[tuple[str, str]]:
    found: list = []
    extract("", text, DAY, review=found)
    return [(p.kind, p.reason) for p in found]


@pytest.mark.parametrize("text", [
    # both sides and a meeting word, but no status any rule knows
    "The sides agreed on the agenda of the next meeting of the two foreign ministers.",
    # both sides at talks, with nothing that makes it one meeting
    "Armenian and Azerbaijani delegations discussed the text of the treaty at the talks.",
])
def test_an_undecided_meeting_sentence_is_kept_for_review(text):
    [(kind, reason)] = possible(text)
    assert kind == "meeting" and reason != "no rule read a fact"  # the rule's own doubt


def test_a_proposal_of_a_platform_for_the_two_ministers_is_kept_for_review():
    assert [k for k, _ in possible(
        "Moscow repeated its readiness to offer a platform for dialogue between the foreign "
        "ministers of Armenia and Azerbaijan this autumn.")] == ["meeting"]


def test_a_route_sentence_no_rule_read_is_kept_for_review():
    assert possible("The launch of a new transit route through Syunik was announced by "
                    "Baku and Yerevan.") == [("route", "no rule read a fact")]


@pytest.mark.parametrize("text", [
    "Aliyev and Pashinyan met in Abu Dhabi on Thursday.",  # a fact: decided
    "Pashinyan told Aliyev on the phone that the talks should resume.",  # a call: decided
    "Armenia urged Azerbaijan to reopen the Lachin corridor.",  # a demand: decided
    "The summit in Copenhagen discussed energy prices.",  # one side or none
    "Pashinyan met Macron in Paris to discuss the peace process.",  # one side
    "Armenia and Azerbaijan have long disputed their border.",  # no meeting or route word
    # the sides as places or kinds, not actors
    "An Azerbaijani analyst said the summit in the Armenian city of Gyumri went well.",
    # a gathering of many countries
    "The meeting was attended by the leaders of Azerbaijan, Armenia, Belarus, Kazakhstan "
    "and Russia.",
    # the process, not an event
    "Armenia and Azerbaijan continue negotiations on the text of the treaty.",
    # no rule saw anything, and nothing ties the sentence to one event
    "Armenia and Azerbaijan may one day open transport links between them.",
    # history: every date of the sentence lies long before publication
    "In 2021, Aliyev threatened to open a corridor through Armenia by force.",
    # a third party's meeting with one side, the other side told as topic
    "During a meeting with Aliyev in Baku, Putin said Russia would help Armenia and "
    "Azerbaijan with the talks.",
    "At a meeting with President Aliyev in Baku on Monday, Putin affirmed Russia's "
    "willingness to help both Armenia and Azerbaijan.",
    # "the two countries" of another pair: Türkiye and Armenia
    "Türkiye's envoy and Armenia's deputy speaker met on the border of the two countries on "
    "Tuesday, and Azerbaijan welcomed it.",
    # no meeting in view: a decision, not a doubt
    "At the moment there is no agreement regarding a meeting between the foreign ministers of "
    "Armenia and Azerbaijan, Mirzoyan told parliament.",
    # "meet a demand" is no meeting
    "Pashinyan signaled readiness to meet that demand of Azerbaijan at the Kornidzor crossing.",
    # a proposal with no meeting and no route word: the treaty, not a meeting or a road
    "Armenia has proposed to sign the agreed articles of the treaty with Azerbaijan this month.",
])
def test_decided_or_one_sided_sentences_are_not_kept(text):
    assert possible(text) == []


ITEMS = [
    {"title": "Armenia and Azerbaijan set out the agenda", "link": "https://wire.example/agenda",
     "description": "The sides agreed on the agenda of the next meeting of the two foreign "
                    "ministers, the ministry said.",
     "pub": datetime(2025, 8, 11, 9, 0, tzinfo=UTC)},
    {"title": "Leaders meet", "link": "https://wire.example/met",
     "description": "Ilham Aliyev and Nikol Pashinyan met in Abu Dhabi on Monday.",
     "pub": datetime(2025, 8, 11, 12, 0, tzinfo=UTC)},
]


@pytest.fixture
def replayed(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(ITEMS))
    db = tmp_path / "w.db"
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[watcher]\ndb = "{db}"\nbaseline = "{REPO / "store" / "baseline"}"\n')
    proc = subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), "replay",
                           "--db", str(db), str(feed)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 1  # the held meeting; the doubt is no alert
    return cfg, db


def watcher(cfg, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), *args],
                          capture_output=True, text=True, timeout=60)


def test_review_after_a_replay_lists_the_doubt_as_json_lines(replayed):
    cfg, _ = replayed
    proc = watcher(cfg, "review", "--since", "2025-08-01", "--json")
    assert proc.returncode == 0, proc.stderr
    [row] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert row["article_url"] == "https://wire.example/agenda"
    assert row["evidence"].startswith("The sides agreed on the agenda")
    assert row["reason"].startswith("no status cue") and row["kind"] == "meeting"
    text = watcher(cfg, "review", "--since", "2025-08-01")
    assert "https://wire.example/agenda" in text.stdout
    assert "1 possible development to check" in text.stderr
    assert watcher(cfg, "review", "--since", "banana").returncode == 2


def test_the_digest_shows_what_could_not_be_read_for_sure(replayed):
    cfg, _ = replayed
    proc = watcher(cfg, "digest", "--since", "2025-08-01", "--format", "markdown")
    assert "## Could not read for sure" in proc.stdout
    assert "> The sides agreed on the agenda" in proc.stdout
    html = watcher(cfg, "digest", "--since", "2025-08-01", "--format", "html").stdout
    assert "Could not read for sure" in html and 'href="https://wire.example/agenda"' in html


def test_review_over_http(replayed):
    _, db = replayed
    config = from_dict({"watcher": {"db": str(db), "baseline": str(REPO / "store" / "baseline")},
                        "api": {"listen": f"127.0.0.1:{free_port()}"}}, source="t.toml")
    server = ApiServer(config, lambda store: (True, {}))
    server.start()
    try:
        import urllib.request
        with urllib.request.urlopen(f"http://{server.address}/review?since=2025-08-01",
                                    timeout=10) as resp:
            rows = json.loads(resp.read())
    finally:
        server.stop()
    assert [r["article_url"] for r in rows] == ["https://wire.example/agenda"]


def test_possible_developments_are_alerted_unconfirmed_only_when_asked(tmp_path, server, smtp):
    box, smtp_port = smtp
    feed = server.serve("/feed.xml", rss(ITEMS))

    def once(possible: bool, name: str) -> None:
        proc = run_once(tmp_path / name, feed, smtp_port,
                        alerts=f'max_age = "36500d"\npossible = {str(possible).lower()}')
        assert proc.returncode == 0, proc.stderr

    once(False, "plain")
    assert [m["Subject"].split(":")[0] for m in box.messages] == ["Meeting held"]
    once(True, "asked")
    subjects = sorted(m["Subject"] for m in box.messages[1:])
    assert len(subjects) == 2 and subjects[0].startswith("Meeting held")
    assert subjects[1].startswith("Unconfirmed: a possible meeting development")
    unconfirmed = next(m for m in box.messages if m["Subject"].startswith("Unconfirmed"))
    text = unconfirmed.get_body(("plain",)).get_content()
    assert "The sides agreed on the agenda" in text and "Check it by hand" in text


# -- the queue's own word classes (review.py): what each catches, in our own words ---------

def possible_in(*sentences: str) -> list[tuple[str, str]]:
    """The possible developments of an article made of these sentences."""
    return possible(" ".join(sentences))


@pytest.mark.parametrize("text", [
    # traffic held up on a tracked road (ROUTE_STALLED): the road is not passable
    "Two aid trucks sent by the Red Crescent have been waiting at the peacekeepers' post on "
    "the Aghdam road for six days.",
    # an offer on a tracked road names one side, but the road lies between both (ROUTE_OFFER)
    "On Monday the foreign ministry in Baku repeated its readiness to open the Lachin road "
    "for aid convoys.",
    # a meeting told by a word the rules do not know (EVENT_NOUN)
    "A first direct contact between Armenia and Azerbaijan at the top level is expected in "
    "Astana.",
    "Armenian and Azerbaijani delegations made reciprocal visits to border areas on Tuesday.",
    # a readout: both sides' people and a joint act right after them (JOINT_ACT)
    "Bayramov and his Armenian counterpart Mirzoyan agreed to keep working on the text, "
    "the ministry said.",
])
def test_a_development_the_rules_could_not_read_is_kept(text):
    assert len(possible(text)) == 1


def test_a_route_proposal_by_one_sides_leader_is_tied_to_one_event():
    # no rule reads it; the leader who says it ties it to one statement (a route's kind:
    # "possible" is a proposal bound to a route, not to a meeting)
    assert possible("Pashinyan said work must begin on a possible restoration of railways "
                    "linking his country with Azerbaijan.") == [("route", "no rule read a fact")]


def test_a_meeting_with_the_other_side_takes_the_speakers_side_from_before():
    found = possible_in(
        "Armenian Deputy Prime Minister Mher Grigoryan said the commissions of Armenia and "
        "Azerbaijan still had work to do.",
        "He said that further meetings with the Azerbaijani side had been agreed upon.")
    assert [k for k, _ in found] == ["meeting"]


@pytest.mark.parametrize("text", [
    # page furniture before a stamp with a clock time (PAGE_STAMP)
    "Politics Armenia Azerbaijan Talks Summit 11 August 2025, 09:30 The economy of the region "
    "grew by three percent.",
    # meetings as a process or a habit (PROCESS_MEETINGS)
    "The leaders of Armenia and Azerbaijan recalled their recent meetings in Geneva.",
    # an opinion or a condition, not an event (STANCE)
    "Ankara expects Armenia to honour its commitments on the opening of the Zangezur "
    "corridor to Azerbaijan.",
    "Georgia is ready to act as an honest mediator in the Armenian-Azerbaijani talks, its "
    "prime minister said in Tbilisi.",
    # a side as the place of a third party's visit (SIDE_AT_PLACE), as an area (SIDE_AS_AREA)
    "Iran's president is in Armenia on Monday for talks on a corridor connecting Azerbaijan "
    "with Nakhchivan.",
    "The railway company of Azerbaijan began construction of the line near the border with "
    "Armenia on Monday.",
    # an event named by a past year (PAST_YEAR_EVENT)
    "Within the framework of the 2022 Prague summit, Armenia and Azerbaijan recognised each "
    "other's borders.",
    # Karabakh's Armenians are not Armenia
    "Baku's envoy held talks with Karabakh Armenian representatives in Yevlakh on Thursday.",
])
def test_what_tells_no_development_of_the_two_sides_is_not_kept(text):
    assert possible(text) == []


@pytest.mark.parametrize("title", [
    # a section label set off by a bar (RUBRIC): its country words name no actor
    "Armenia - Azerbaijan | Negotiators meet again on Friday",
    # a public event where both appear (PUBLIC_EVENT)
    "Armenian & Azerbaijani Presidents Meet At Davos Forum Panel",
])
def test_a_headline_that_tells_no_meeting_of_the_two_is_not_kept(title):
    found: list = []
    extract(title, "The weather in the region was fine.", DAY, review=found)
    assert found == []


@pytest.mark.parametrize("before", [
    # "the two leaders" after a sentence pairing one side with a third party: that pair
    "Erdogan paid a visit to Azerbaijan on Monday.",
    # after civil society's meeting, the delegations are civil society's
    "Civil society representatives of Armenia and Azerbaijan gathered in Tbilisi on Monday.",
])
def test_the_sentence_before_tells_whose_two_sides_they_are(before):
    after = "During the talks in Nakhchivan, the two delegations met their counterparts and " \
            "signed several documents."
    assert possible_in(before, after) == []


def test_the_two_sides_with_no_other_pair_before_are_ours():
    found = possible_in("Pashinyan and Aliyev spoke to reporters in Abu Dhabi on Monday.",
                        "The two sides agreed on the agenda of the next meeting of their "
                        "foreign ministers.")
    assert [k for k, _ in found] == ["meeting"]


def test_page_furniture_is_left_out_of_what_is_read():
    from watcher.extract.review import report_text
    assert report_text("Menu Politics 12 March 2026, 09:30 The two sides met in Geneva.") == \
        "The two sides met in Geneva."
    assert report_text("Leaders to meet in Geneva 3 MAR 2026 10:15") == "Leaders to meet in Geneva"
    assert report_text("World | The two sides met in Geneva") == "The two sides met in Geneva"
    assert report_text("The post Armenia and Azerbaijan hold talks in Geneva appeared first "
                       "on Example Wire.") == ""


def test_every_word_class_of_the_queue_catches_its_examples_only():
    from watcher.extract import review
    from watcher.extract.lexicon import Family
    families = [v for v in vars(review).values() if isinstance(v, Family)]
    assert len(families) >= 14
    for fam in families:
        assert fam.doc.strip() and fam.examples, fam.name
        for text in fam.examples:
            assert fam.search(text), f"{fam.name} misses {text!r}"
        for text in fam.not_examples:
            assert not fam.search(text), f"{fam.name} catches {text!r}"
