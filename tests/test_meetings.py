"""Meetings read from text: status from verbs and modality, participants, venue, date, traps."""

from __future__ import annotations

from datetime import date

from watcher.extract import extract
from watcher.facts import Meeting

PUB = date(2024, 3, 6)  # a Wednesday


def meetings(text: str, title: str = "", pub: date = PUB) -> list[dict]:
    return [{**f.to_json(), "background": f.background}
            for f in extract(title, text, pub) if isinstance(f, Meeting)]


def one(text: str, title: str = "", pub: date = PUB) -> dict:
    found = meetings(text, title, pub)
    assert len(found) == 1, found
    return found[0]


def test_future_host_is_scheduled_with_the_next_weekday():
    m = one("Turkish President Recep Tayyip Erdogan will host a meeting on Saturday between "
            "Ilham Aliyev and Nikol Pashinyan in Antalya.")
    assert m["status"] == "scheduled" and m["date"] == "2024-03-09"
    assert m["participants"] == ["Ilham Aliyev", "Nikol Pashinyan"]
    assert m["mediators"] == ["Recep Tayyip Erdogan"]
    assert m["venue"] == {"city": "Antalya", "country": "Turkey"}
    assert m["level"] == "leaders"


def test_past_meeting_is_held_with_the_last_weekday():
    m = one("Aliyev and Pashinyan met Monday in Prague on the sidelines of a summit.")
    assert (m["status"], m["date"], m["venue"]["city"]) == ("held", "2024-03-04", "Prague")


def test_held_talks_between_foreign_ministers():
    m = one("Azerbaijani Foreign Minister Jeyhun Bayramov and his Armenian counterpart Ararat "
            "Mirzoyan held talks in Almaty on Monday, hosted by Kazakhstan.")
    assert (m["level"], m["status"], m["date"]) == ("foreign_ministers", "held", "2024-03-04")
    assert m["venue"]["country"] == "Kazakhstan"


def test_offer_to_host_is_a_proposal():
    m = one("Iran offered to host Aliyev and Pashinyan in Tehran for talks.")
    assert m["status"] == "proposed" and m["venue"]["city"] == "Tehran"


def test_intention_to_organise_is_a_proposal_and_could_be_signed_too():
    assert one("Michel said he intended to organise a meeting between Aliyev and Pashinyan "
               "in Brussels.")["status"] == "proposed"
    assert one("Officials said a meeting of Aliyev and Pashinyan could take place in "
               "Geneva.")["status"] == "proposed"


def test_cancelled_and_called_off():
    m = one("The meeting between Aliyev and Pashinyan in Granada on Thursday was called off.")
    assert m["status"] == "cancelled"
    assert one("Aliyev pulled out of the talks with Pashinyan in Granada.")["status"] == \
        "cancelled"
    assert one("Pashinyan did not attend the summit with Aliyev in Kazan.")["status"] == \
        "cancelled"


def test_postponed():
    assert one("The talks between Bayramov and Mirzoyan in Washington were postponed.")[
        "status"] == "postponed"


def test_role_phrases_resolve_to_office_holders_at_the_article_date():
    m = one("The foreign ministers of Armenia and Azerbaijan will meet in Geneva on Friday.",
            pub=date(2019, 1, 14))
    assert m["participants"] == ["Elmar Mammadyarov", "Zohrab Mnatsakanyan"]
    m = one("Azerbaijan's president and Armenia's prime minister will meet in Vienna next "
            "month.")
    assert m["participants"] == ["Ilham Aliyev", "Nikol Pashinyan"] and m["date"] == "2024-04"


def test_the_two_leaders_are_the_parties_leaders():
    m = one("The two leaders met in Munich on February 17.", pub=date(2024, 2, 18))
    assert m["participants"] == ["Ilham Aliyev", "Nikol Pashinyan"]
    assert m["date"] == "2024-02-17"


def test_phone_calls_are_not_meetings():
    assert meetings("Aliyev and Pashinyan spoke by phone on Tuesday.") == []
    assert meetings("Blinken held a phone call with Aliyev and Pashinyan on Sunday.") == []


def test_one_side_is_not_an_armenia_azerbaijan_meeting():
    assert meetings("Aliyev met Putin in Moscow on Monday.") == []
    assert meetings("Mirzoyan met Kazakhstan's foreign minister Murat Nurtleu in Astana.") == []
    assert meetings("Blinken met Pashinyan in Washington on Monday.") == []
    assert meetings("Aliyev and Erdogan held talks in Ankara.") == []


def test_separate_talks_with_each_leader_are_not_a_joint_meeting():
    assert meetings("Michel held separate talks with Aliyev and Pashinyan on Sunday.") == []
    assert meetings("Michel held a bilateral meeting with Pashinyan on Saturday and with "
                    "Aliyev on Sunday.") == []


def test_sports_clash_is_not_a_meeting():
    assert meetings("Qarabag met Ararat Yerevan in a friendly; the clash ended 2-1.") == []


def test_two_meetings_in_one_sentence():
    found = meetings("Michel said he wants to organise a new meeting between Aliyev and "
                     "Pashinyan in Brussels and another in Spain in October.",
                     pub=date(2023, 7, 15))
    assert [(m["venue"]["country"], m["date"], m["status"]) for m in found] == [
        ("Belgium", None, "proposed"), ("Spain", "2023-10", "proposed")]


def test_subject_from_the_previous_sentence():
    found = meetings("Aliyev and Pashinyan met in Brussels on Sunday. The talks, which were "
                     "mediated by Charles Michel, lasted five hours.")
    assert len(found) == 1
    assert found[0]["mediators"] == ["Charles Michel"]


def test_background_meeting_is_recorded_as_history():
    m = one("The two leaders previously met in Prague in October 2022.")
    assert m["background"] and m["date"] == "2022-10"
    m = one("Pashinyan and Aliyev met in Sochi in October 2021.")
    assert m["background"] and m["status"] == "held"


def test_mentions_of_one_meeting_in_an_article_are_merged():
    text = ("Azerbaijan and Armenia will hold talks in Washington this week. "
            "Secretary of State Antony Blinken will host Bayramov and Mirzoyan on Thursday.")
    m = one(text, title="Armenian, Azerbaijani foreign ministers to meet in Washington")
    assert (m["level"], m["date"], m["venue"]["city"]) == ("foreign_ministers", "2024-03-07",
                                                           "Washington")
    assert m["mediators"] == ["Antony Blinken"]


def test_a_headline_does_not_override_the_body():
    text = "Russia will host Bayramov and Mirzoyan in Moscow on Friday."
    m = one(text, title="Armenia, Azerbaijan hold talks in Russia")
    assert m["status"] == "scheduled"


def test_boilerplate_yields_no_facts():
    text = ("[ad_1]\nHome » Blog » Aliyev and Pashinyan met in Brussels\n"
            "#Aliyev #Pashinyan #Brussels\nSource link\n"
            "This website uses cookies to improve your experience. Accept Read More")
    assert meetings(text) == []


def test_counterpart_is_the_same_office_on_the_other_side():
    m = one("Armenia's foreign minister met his Azerbaijani counterpart in Geneva on Tuesday.")
    assert m["participants"] == ["Ararat Mirzoyan", "Jeyhun Bayramov"]
    assert (m["level"], m["date"]) == ("foreign_ministers", "2024-03-05")


def test_moved_to_a_new_day_is_scheduled_for_that_day():
    m = one("The talks between Bayramov and Mirzoyan in Almaty have been moved to Tuesday.")
    assert (m["status"], m["date"]) == ("scheduled", "2024-03-12")


def test_one_party_with_the_other():
    m = one("Azerbaijan refused to attend talks with Armenia in Washington scheduled for "
            "November 20.", pub=date(2023, 11, 18))
    assert (m["status"], m["venue"]["city"], m["date"]) == ("cancelled", "Washington",
                                                           "2023-11-20")


def test_an_untrusted_publication_date_gives_a_relative_day_no_date():
    """The fetch time standing in for an item's missing date cannot place "on Saturday";
    a written date still counts."""
    text = "Aliyev and Pashinyan met in Abu Dhabi on Saturday."
    m = [f for f in extract("", text, PUB, published_known=False) if isinstance(f, Meeting)]
    assert [(f.status, f.venue.city, f.when) for f in m] == [("held", "Abu Dhabi", None)]
    text = "Aliyev and Pashinyan met in Abu Dhabi on 14 May 2023."
    m = [f for f in extract("", text, PUB, published_known=False) if isinstance(f, Meeting)]
    assert [f.when.iso() for f in m] == ["2023-05-14"]
