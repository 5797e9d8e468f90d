"""Known state and diff: what is a development, what is corroboration, what is history."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from watcher.facts import Meeting, RouteFact, Venue, When
from watcher.state import State, article_verdicts, diff_route
from watcher.store import Store


@pytest.fixture
def state(tmp_path):
    store = Store(tmp_path / "w.db")
    yield State(store)
    store.close()


def meeting(status: str, when: When | None, city: str | None = "Brussels",
            country: str | None = "Belgium", **kw) -> Meeting:
    return Meeting(level=kw.pop("level", "leaders"),
                   participants=kw.pop("participants", ("Ilham Aliyev", "Nikol Pashinyan")),
                   mediators=kw.pop("mediators", ()), venue=Venue(city, country), when=when,
                   status=status, evidence=kw.pop("evidence", "..."), **kw)


def apply(state: State, facts: list, url: str, day: date, outlet: str = "Wire") -> list:
    published = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return state.apply(facts, article_id=None, url=url, outlet=outlet, published=published)


def test_new_meeting_then_held_is_a_status_change(state):
    d = When.day(date(2023, 5, 14))
    devs = apply(state, [meeting("scheduled", d)], "https://a/1", date(2023, 5, 11))
    assert [x.type for x in devs] == ["meeting_new"]
    # An undated "have met" is read as the last few days (see extract.meetings).
    recent = When(date(2023, 5, 8), date(2023, 5, 14), "week")
    devs = apply(state, [meeting("held", recent)], "https://a/2", date(2023, 5, 14))
    assert [x.type for x in devs] == ["meeting_status"]
    assert devs[0].previous["status"] == "scheduled"
    assert devs[0].meeting["date"] == "2023-05-14"  # the known date is kept


def test_the_same_news_from_another_outlet_is_corroboration_not_a_new_alert(state):
    d = When.day(date(2023, 5, 14))
    apply(state, [meeting("scheduled", d)], "https://a/1", date(2023, 5, 11), "FT")
    devs = apply(state, [meeting("scheduled", d, mediators=("Charles Michel",))],
                 "https://b/1", date(2023, 5, 12), "Euronews")
    assert devs == []
    known = state.known()[0]
    assert [s["outlet"] for s in known.sources] == ["FT", "Euronews"]
    assert known.fact.mediators == ("Charles Michel",)
    dev = state.store.developments()[0]
    assert [s["outlet"] for s in dev["sources"]] == ["FT", "Euronews"]


def test_refinement_is_not_new(state):
    apply(state, [meeting("scheduled", When.month(2023, 10), city=None, country="Spain")],
          "https://a/1", date(2023, 7, 15))
    devs = apply(state, [meeting("scheduled", When.day(date(2023, 10, 5)), city="Granada",
                                 country="Spain")], "https://a/2", date(2023, 9, 1))
    assert devs == []
    fact = state.known()[0].fact
    assert (fact.when.iso(), fact.venue.city) == ("2023-10-05", "Granada")


def test_a_status_never_goes_backwards(state):
    d = When.day(date(2023, 5, 14))
    apply(state, [meeting("held", d)], "https://a/1", date(2023, 5, 14))
    assert apply(state, [meeting("scheduled", d)], "https://a/2", date(2023, 5, 15)) == []
    assert state.known()[0].fact.status == "held"


def test_cancellation_of_a_scheduled_meeting(state):
    d = When.day(date(2023, 10, 5))
    apply(state, [meeting("scheduled", d, city="Granada", country="Spain")], "https://a/1",
          date(2023, 9, 1))
    devs = apply(state, [meeting("cancelled", None, city="Granada", country="Spain")],
                 "https://a/2", date(2023, 10, 4))
    assert [(x.type, x.meeting["status"]) for x in devs] == [("meeting_status", "cancelled")]


def test_a_moved_meeting(state):
    apply(state, [meeting("scheduled", When.day(date(2023, 10, 5)), city="Granada",
                          country="Spain")], "https://a/1", date(2023, 9, 1))
    moved = meeting("scheduled", When.day(date(2023, 10, 12)), city=None, country=None,
                    moved=True)
    devs = apply(state, [moved], "https://a/2", date(2023, 10, 1))
    assert [x.type for x in devs] == ["meeting_changed"]
    assert devs[0].previous["date"] == "2023-10-05" and devs[0].meeting["date"] == "2023-10-12"


def test_a_new_plan_is_not_the_meeting_already_held(state):
    apply(state, [meeting("held", When.day(date(2023, 7, 15)))], "https://a/1",
          date(2023, 7, 15))
    devs = apply(state, [meeting("proposed", None, fresh=True)], "https://a/2",
                 date(2023, 7, 16))
    assert [(x.type, x.meeting["status"]) for x in devs] == [("meeting_new", "proposed")]


def test_a_plan_without_date_is_not_a_meeting_whose_date_passed(state):
    fm = dict(level="foreign_ministers", participants=("Ararat Mirzoyan", "Jeyhun Bayramov"))
    apply(state, [meeting("scheduled", When.day(date(2023, 5, 19)), "Moscow", "Russia", **fm)],
          "https://a/1", date(2023, 5, 17))
    devs = apply(state, [meeting("proposed", None, "Moscow", "Russia", **fm)], "https://a/2",
                 date(2023, 7, 15))
    assert [x.type for x in devs] == ["meeting_new"]


def test_history_is_recorded_but_never_alerted(state):
    old = meeting("held", When.month(2022, 10), city="Prague", country="Czech Republic",
                  background=True)
    assert apply(state, [old], "https://a/1", date(2023, 5, 11)) == []
    assert state.known()[0].fact.venue.city == "Prague"


def test_a_headline_alone_changes_nothing(state):
    weak = meeting("held", None, weak=True)
    assert apply(state, [weak], "https://a/1", date(2023, 5, 11)) == []
    assert state.known() == []


def test_route_changes_and_repeats(state):
    checkpoint = RouteFact("Lachin corridor", "checkpoint", When.day(date(2023, 4, 23)), "e1")
    devs = apply(state, [checkpoint], "https://a/1", date(2023, 5, 1))
    assert [(x.type, x.route["status"], x.previous) for x in devs] == [
        ("route_status", "checkpoint", None)]
    assert apply(state, [checkpoint], "https://a/2", date(2023, 5, 2)) == []
    closed = RouteFact("Lachin corridor", "closed", When.day(date(2023, 7, 11)), "e2")
    devs = apply(state, [closed], "https://a/3", date(2023, 7, 15))
    assert devs[0].previous["status"] == "checkpoint" and devs[0].route["status"] == "closed"


def test_a_description_does_not_overturn_an_event():
    current = RouteFact("Lachin corridor", "checkpoint", When.day(date(2023, 4, 23)), "e")
    described = RouteFact("Lachin corridor", "blockaded", None, "d", strength="state")
    assert diff_route(current, described) == (None, False)


def test_reopened_told_of_a_route_known_open_is_no_change():
    known = RouteFact("Transit", "open", When.day(date(2025, 10, 21)), "lifted the ban")
    told = RouteFact("Transit", "reopened", None, "earlier reopened its territory")
    state, news = diff_route(known, told)
    assert (state.status, news) == ("open", False)


def test_a_first_shipment_weeks_after_a_route_opened_is_a_new_step_news_once(state):
    opened = RouteFact("Transit", "open", When.day(date(2025, 10, 21)), "lifted the ban")
    apply(state, [opened], "https://a/1", date(2025, 10, 21))
    soon = RouteFact("Transit", "open", When.day(date(2025, 11, 5)), "the first train", step=True)
    assert apply(state, [soon], "https://a/2", date(2025, 11, 5)) == []  # the opening's own
    later = RouteFact("Transit", "open", None, "in a historic first, fuel was sent", step=True)
    devs = apply(state, [later], "https://a/3", date(2025, 12, 18))
    assert [(x.type, x.route["status"], x.previous["status"]) for x in devs] == [
        ("route_status", "open", "open")]
    again = RouteFact("Transit", "open", When.day(date(2025, 12, 18)), "the first fuel", step=True)
    assert apply(state, [again], "https://a/4", date(2025, 12, 19)) == []  # the same step
    plain = RouteFact("Transit", "open", None, "trains run via Azerbaijan")
    assert apply(state, [plain], "https://a/5", date(2026, 3, 1)) == []  # no first: no step
    assert state.known()[0].fact.since == When.day(date(2025, 10, 21))  # open since then


def test_a_first_told_days_after_a_change_reported_undated_is_that_change(state):
    agreed = RouteFact("Transit", "agreed", None, "fuel deal agreed")
    apply(state, [agreed], "https://a/1", date(2025, 12, 8))
    sent = RouteFact("Transit", "open", None, "the first fuel was sent", step=True)
    assert [x.route["status"] for x in apply(state, [sent], "https://a/2",
                                              date(2025, 12, 18))] == ["open"]
    again = RouteFact("Transit", "open", None, "the first fuel arrived", step=True)
    assert apply(state, [again], "https://a/3", date(2025, 12, 19)) == []


def test_an_implementation_framework_months_after_a_deal_is_a_new_step():
    known = RouteFact("TRIPP", "agreed", When.day(date(2025, 8, 8)), "signed at the White House")
    framework = RouteFact("TRIPP", "agreed", None, "released the implementation framework",
                          step=True)
    state, news = diff_route(known, framework, date(2026, 1, 14))
    assert news and state.milestone == When.day(date(2026, 1, 14))
    assert state.since == When.day(date(2025, 8, 8))  # agreed since the deal
    retold = RouteFact("TRIPP", "agreed", None, "the framework released", step=True)
    assert diff_route(state, retold, date(2026, 1, 20))[1] is False
    offer = RouteFact("TRIPP", "agreed", None, "signed the deal")  # no step told
    assert diff_route(known, offer, date(2026, 1, 14))[1] is False


def test_a_route_proposed_again_half_a_year_on_is_news_once():
    # "asked Russia to restore the line" two years after the line was first offered
    first, news = diff_route(None, RouteFact("Yeraskh", "proposed", None, "offered"),
                             date(2023, 11, 18))
    assert news and first.milestone == When.day(date(2023, 11, 18))
    soon = RouteFact("Yeraskh", "proposed", None, "the offer repeated")
    assert diff_route(first, soon, date(2024, 1, 10))[1] is False  # weeks later: told again
    renewed = RouteFact("Yeraskh", "proposed", None, "asked Russia to restore the line")
    state, news = diff_route(first, renewed, date(2025, 12, 18))
    assert news and state.milestone == When.day(date(2025, 12, 18))
    assert diff_route(state, renewed, date(2025, 12, 23))[1] is False
    told = RouteFact("Yeraskh", "proposed", None, "has long been offered", "state")
    assert diff_route(first, told, date(2025, 12, 18))[1] is False  # a description
    unknown = RouteFact("Yeraskh", "proposed", None, "offered")  # no day known at all
    assert diff_route(unknown, renewed, date(2025, 12, 18))[1] is False


def test_a_first_told_as_a_description_is_no_new_step():
    known = RouteFact("Transit", "open", When.day(date(2025, 10, 21)), "lifted the ban")
    told = RouteFact("Transit", "open", None, "was the first such cargo", "state", step=True)
    assert diff_route(known, told, date(2026, 1, 20))[1] is False


def test_a_first_description_of_a_route_is_known_but_not_news():
    told = RouteFact("Aghdam road", "closed", None, "has been closed since the 1990s", "state")
    state, news = diff_route(None, told)
    assert (state.status, news) == ("closed", False)
    event = RouteFact("Aghdam road", "closed", None, "Azerbaijan closed the road", "event")
    assert diff_route(None, event)[1] is True


def test_an_offer_on_a_route_already_agreed_is_no_change():
    agreed = RouteFact("TRIPP route", "agreed", When.day(date(2025, 8, 8)), "signed")
    offer = RouteFact("TRIPP route", "proposed", None, "the US proposes to take a stake")
    assert diff_route(agreed, offer) == (None, False)


def test_older_news_does_not_overturn_newer():
    current = RouteFact("Lachin corridor", "closed", When.day(date(2023, 7, 11)), "e")
    older = RouteFact("Lachin corridor", "checkpoint", When.day(date(2023, 4, 23)), "o")
    assert diff_route(current, older) == (None, False)


def test_article_verdict_is_the_latest_event_dated_by_its_first_mention():
    facts = [
        RouteFact("Lachin corridor", "checkpoint", When.day(date(2023, 4, 21)), "first"),
        RouteFact("Lachin corridor", "blockaded", When.day(date(2023, 4, 21)), "d", "state"),
        RouteFact("Lachin corridor", "checkpoint", None, "later mention"),
    ]
    [verdict] = article_verdicts(facts, date(2023, 5, 1))
    assert (verdict.status, verdict.since.iso(), verdict.evidence) == (
        "checkpoint", "2023-04-21", "first")


def test_a_history_told_beside_the_event_does_not_date_it():
    # "aid trucks passed today ... 600 patients have been evacuated since December 2022"
    facts = [
        RouteFact("Lachin corridor", "humanitarian_only", None, "passed today"),
        RouteFact("Lachin corridor", "humanitarian_only", When.month(2022, 12), "since", "state"),
    ]
    [verdict] = article_verdicts(facts, date(2023, 9, 23))
    assert (verdict.since, verdict.evidence) == (None, "passed today")


def test_a_dated_event_is_the_verdict_over_an_undated_aside():
    # "closed the road on Tuesday ... later allowed the Red Cross to resume evacuations":
    # the undated aside comes later in the text but the article's news is the closure.
    facts = [
        RouteFact("Lachin corridor", "closed", When.day(date(2023, 7, 11)), "closed Tuesday"),
        RouteFact("Lachin corridor", "humanitarian_only", None, "later allowed"),
    ]
    [verdict] = article_verdicts(facts, date(2023, 7, 15))
    assert (verdict.status, verdict.evidence) == ("closed", "closed Tuesday")
    # ... and the other way round: a dated passage beats an undated blockage told after it.
    facts = [
        RouteFact("Aghdam road", "humanitarian_only", When.day(date(2023, 9, 13)), "left today"),
        RouteFact("Aghdam road", "closed", None, "had blocked the road for two days"),
    ]
    [verdict] = article_verdicts(facts, date(2023, 9, 13))
    assert verdict.status == "humanitarian_only"


def test_a_new_step_is_not_dated_by_the_deal_it_takes_further():
    # "agreed to create the route's company ... the route was agreed in August last year":
    # the step has no day of its own; the August deal's day is not the step's.
    facts = [
        RouteFact("TRIPP route (Zangezur corridor)", "agreed", None, "company", step=True),
        RouteFact("TRIPP route (Zangezur corridor)", "agreed", When.month(2025, 8),
                  "agreed in August last year", "state"),
    ]
    [verdict] = article_verdicts(facts, date(2026, 1, 15))
    assert (verdict.since, verdict.step, verdict.evidence) == (None, True, "company")


def test_a_new_step_is_the_verdict_over_a_dated_aside_of_another_status():
    # "signed a framework establishing the route's company ... he suggested that more talks
    # may follow": the step is the article's news, whatever day the aside carries.
    facts = [
        RouteFact("TRIPP route (Zangezur corridor)", "agreed", None, "the company", step=True),
        RouteFact("TRIPP route (Zangezur corridor)", "proposed", When.day(date(2026, 1, 14)),
                  "suggested talks"),
    ]
    [verdict] = article_verdicts(facts, date(2026, 1, 16))
    assert (verdict.status, verdict.step) == ("agreed", True)


def test_developments_are_recorded_once(state):
    d = When.day(date(2023, 5, 14))
    apply(state, [meeting("scheduled", d)], "https://a/1", date(2023, 5, 11))
    # The same development key again (e.g. a replayed article) is not a second development.
    dev = state.store.developments()[0]
    assert state.store.add_development(dev["key"], dev["type"], dev["data"], None, None,
                                       []) is None
    assert len(state.store.developments()) == 1


def test_a_wish_with_no_place_and_no_date_is_not_news(state):
    wish = meeting("proposed", None, city=None, country=None)
    assert apply(state, [wish], "https://a/1", date(2024, 5, 8)) == []
    assert state.known()[0].fact.status == "proposed"  # recorded all the same


def test_a_wish_given_a_place_and_a_day_is_news(state):
    fms = dict(level="foreign_ministers", participants=("Ararat Mirzoyan", "Jeyhun Bayramov"))
    apply(state, [meeting("scheduled", None, city=None, country=None, **fms)], "https://a/1",
          date(2024, 2, 18))
    [dev] = apply(state, [meeting("scheduled", When.day(date(2024, 2, 28)), city="Berlin",
                                  country="Germany", **fms)], "https://a/2", date(2024, 2, 28))
    assert (dev.type, dev.meeting["venue"]["city"]) == ("meeting_new", "Berlin")


def test_one_side_pulling_out_cancels_the_known_meeting(state):
    apply(state, [meeting("scheduled", When.day(date(2023, 10, 5)), city="Granada",
                          country="Spain")], "https://a/1", date(2023, 9, 25))
    pulled_out = meeting("cancelled", None, city="Granada", country="Spain",
                         participants=("Ilham Aliyev",), partial=True)
    devs = apply(state, [pulled_out], "https://a/2", date(2023, 10, 4))
    assert [(x.type, x.meeting["status"]) for x in devs] == [("meeting_status", "cancelled")]
    assert devs[0].meeting["participants"] == ["Ilham Aliyev", "Nikol Pashinyan"]


def test_an_undated_cancellation_is_of_the_plan_dated_nearest_its_day(state):
    speakers = ("Alen Simonyan", "Sahiba Gafarova")
    apply(state, [meeting("scheduled", When.month(2024, 11), city="Geneva", country="Switzerland",
                          level="officials", participants=speakers)], "https://a/1",
          date(2024, 7, 8))
    apply(state, [meeting("scheduled", When.day(date(2024, 10, 13)), city="Geneva",
                          country="Switzerland", level="officials", participants=speakers)],
          "https://a/2", date(2024, 9, 24))
    off = meeting("cancelled", None, city="Geneva", country="Switzerland", level="officials",
                  participants=speakers)
    [dev] = apply(state, [off], "https://a/3", date(2024, 10, 14))
    assert (dev.meeting["status"], dev.meeting["date"]) == ("cancelled", "2024-10-13")


def test_a_meeting_held_months_ago_is_not_the_one_called_off(state):
    fms = dict(level="foreign_ministers", participants=("Ararat Mirzoyan", "Jeyhun Bayramov"))
    apply(state, [meeting("held", When.day(date(2023, 5, 4)), city="Washington",
                          country="United States", **fms)], "https://a/1", date(2023, 5, 4))
    [dev] = apply(state, [meeting("cancelled", None, city="Washington", country="United States",
                                  **fms)], "https://a/2", date(2023, 11, 16))
    assert (dev.type, dev.meeting["status"]) == ("meeting_new", "cancelled")


def test_a_vague_wish_made_concrete_keeps_only_the_people_told_now(state):
    wish = meeting("proposed", None, city=None, country=None, mediators=("Vladimir Putin",))
    apply(state, [wish], "https://a/1", date(2025, 7, 8))
    plan = meeting("proposed", When.month(2025, 7), city="Dubai",
                   country="United Arab Emirates")
    [dev] = apply(state, [plan], "https://a/2", date(2025, 7, 10))
    assert dev.type == "meeting_new"
    assert dev.meeting["participants"] == ["Ilham Aliyev", "Nikol Pashinyan"]
    assert dev.meeting["mediators"] == []


def test_a_plan_whose_day_passed_months_ago_is_not_the_one_called_off(state):
    pms = dict(level="officials", participants=("Ali Asadov", "Nikol Pashinyan"))
    apply(state, [meeting("scheduled", When.day(date(2023, 10, 27)), city=None, country=None,
                          **pms)], "https://a/1", date(2023, 10, 27))
    off = meeting("cancelled", None, city=None, country=None, level="officials",
                  participants=("Hikmet Hajiyev", "Nikol Pashinyan"))
    [dev] = apply(state, [off], "https://a/2", date(2024, 7, 18))
    assert (dev.type, dev.meeting["status"]) == ("meeting_new", "cancelled")
    assert [k.fact.status for k in state.known() if k.fact.when] == ["scheduled"]


def test_a_refusal_naming_nobody_and_no_day_changes_only_a_known_plan(state):
    refusal = meeting("cancelled", None, city="Munich", country="Germany", level="officials",
                      participants=())
    assert apply(state, [refusal], "https://a/1", date(2024, 7, 18)) == []


def test_one_side_pulling_out_of_a_meeting_not_known_is_nothing(state):
    pulled_out = meeting("cancelled", None, city="Minsk", country="Belarus",
                         participants=("Nikol Pashinyan",), partial=True)
    assert apply(state, [pulled_out], "https://a/1", date(2023, 11, 20)) == []
    assert state.known() == []


def test_a_meeting_with_no_place_does_not_take_the_venue_of_an_older_one(state):
    fm = dict(level="foreign_ministers", participants=("Ararat Mirzoyan", "Jeyhun Bayramov"))
    apply(state, [meeting("proposed", None, "Moscow", "Russia", **fm)], "https://a/1",
          date(2023, 7, 15))
    devs = apply(state, [meeting("held", When.day(date(2024, 9, 26)), None, None, **fm)],
                 "https://a/2", date(2024, 9, 27))
    assert [(x.type, x.meeting["venue"]) for x in devs] == [
        ("meeting_new", {"city": None, "country": None})]


def test_the_same_country_on_the_same_days_is_one_meeting_with_the_better_city(state):
    apply(state, [meeting("scheduled", When.month(2025, 7), city="Dubai",
                          country="United Arab Emirates")], "https://a/1", date(2025, 7, 3))
    devs = apply(state, [meeting("scheduled", When.day(date(2025, 7, 10)), city="Abu Dhabi",
                                 country="United Arab Emirates")], "https://a/2",
                 date(2025, 7, 9))
    assert devs == []
    assert state.known()[0].fact.venue.city == "Abu Dhabi"


def test_talks_told_in_a_city_then_ending_next_day_in_its_country_are_one_meeting(state):
    fm = dict(level="foreign_ministers", participants=("Ararat Mirzoyan", "Jeyhun Bayramov"))
    apply(state, [meeting("held", When.day(date(2024, 2, 28)), "Berlin", "Germany", **fm)],
          "https://a/1", date(2024, 2, 28))
    ended = meeting("held", When.day(date(2024, 2, 29)), None, "Germany", **fm)
    assert apply(state, [ended], "https://a/2", date(2024, 2, 29)) == []
    # another country the next day is another meeting
    other = meeting("held", When.day(date(2024, 2, 29)), None, "Kazakhstan", **fm)
    assert [x.type for x in apply(state, [other], "https://a/3", date(2024, 2, 29))] == [
        "meeting_new"]


def test_meetings_told_only_as_undated_history_do_not_absorb_a_dated_meeting(state):
    history = meeting("held", None, None, None, background=True)
    apply(state, [history], "https://a/1", date(2023, 10, 11))
    later = meeting("held", When.day(date(2025, 9, 1)), None, None)
    devs = apply(state, [later], "https://a/2", date(2025, 9, 1))
    assert [(x.type, x.meeting["date"]) for x in devs] == [("meeting_new", "2025-09-01")]


def test_a_recent_plan_told_again_with_another_detail_is_the_same_plan(state):
    fm = dict(level="foreign_ministers", participants=("Ararat Mirzoyan", "Jeyhun Bayramov"))
    apply(state, [meeting("proposed", None, "Washington", "United States", **fm)],
          "https://a/1", date(2023, 12, 8))
    again = meeting("proposed", When.month(2024, 1), None, None, **fm)
    assert apply(state, [again], "https://a/2", date(2023, 12, 14)) == []
    much_later = meeting("proposed", When.month(2024, 6), None, None, **fm)
    assert [x.type for x in apply(state, [much_later], "https://a/3", date(2024, 5, 1))] == [
        "meeting_new"]


def test_an_undated_held_meeting_is_told_as_the_publication_day(state):
    devs = apply(state, [meeting("held", When.recent(date(2025, 10, 2)), city="Copenhagen",
                                 country="Denmark")], "https://a/1", date(2025, 10, 2))
    assert devs[0].meeting["date"] == "2025-10-02"
    stored = state.store.entities()[0]["data"]
    assert stored["date_precision"] == "recent"


def test_an_old_undated_plan_does_not_absorb_a_dated_meeting_months_later(state):
    # "A new round will take place in Washington soon" (December), never held; in July
    # "the ministers meet in Washington this afternoon" is a new meeting, not that plan.
    fm = dict(level="foreign_ministers", participants=("Ararat Mirzoyan", "Jeyhun Bayramov"))
    apply(state, [meeting("scheduled", None, "Washington", "United States", **fm)],
          "https://a/1", date(2023, 12, 8))
    today = meeting("scheduled", When.day(date(2024, 7, 10)), "Washington", "United States",
                    **fm)
    devs = apply(state, [today], "https://a/2", date(2024, 7, 10))
    assert [(x.type, x.meeting["date"]) for x in devs] == [("meeting_new", "2024-07-10")]


def test_a_recent_undated_plan_takes_its_date_without_a_new_alert(state):
    fm = dict(level="foreign_ministers", participants=("Ararat Mirzoyan", "Jeyhun Bayramov"))
    apply(state, [meeting("scheduled", None, "Washington", "United States", **fm)],
          "https://a/1", date(2024, 7, 1))
    today = meeting("scheduled", When.day(date(2024, 7, 10)), "Washington", "United States",
                    **fm)
    assert apply(state, [today], "https://a/2", date(2024, 7, 10)) == []


def test_a_route_back_in_a_status_it_had_before_is_news_again(state):
    # Aid only (August), then a checkpoint (late August), then aid only again (September):
    # the third change is as new as the first, though neither says since when.
    aid = RouteFact("Lachin corridor", "humanitarian_only", None, "e1")
    assert len(apply(state, [aid], "https://a/1", date(2023, 8, 8))) == 1
    checkpoint = RouteFact("Lachin corridor", "checkpoint", When.day(date(2023, 8, 28)), "e2")
    assert len(apply(state, [checkpoint], "https://a/2", date(2023, 8, 28))) == 1
    again = RouteFact("Lachin corridor", "humanitarian_only", None, "e3")
    devs = apply(state, [again], "https://a/3", date(2023, 9, 17))
    assert [(x.route["status"], x.previous["status"]) for x in devs] == [
        ("humanitarian_only", "checkpoint")]


def test_open_and_aid_only_told_of_the_same_days_are_one_change():
    """Two outlets telling the same convoy day, one as aid, one as goods delivered."""
    known = RouteFact("Lachin corridor", "humanitarian_only", When.day(date(2023, 9, 18)),
                      "aid went through under the agreement")
    told = RouteFact("Lachin corridor", "open", When.day(date(2023, 9, 18)),
                     "two trucks delivered goods via the corridor")
    state, news = diff_route(known, told)
    assert (state.status, news) == ("humanitarian_only", False)
    later = RouteFact("Lachin corridor", "open", When.day(date(2023, 9, 24)),
                      "the road opened for everyone")
    assert diff_route(known, later)[1] is True  # days apart: a change


def test_a_new_meeting_is_compared_with_the_known_meetings_it_could_be_only(state,
                                                                             monkeypatch):
    """Known meetings of other people, or dated months away, are not candidates: the state
    indexes them by participant and month, and compares a mention with the few that could
    match (the answer is the one a comparison with every known meeting gives)."""
    import watcher.state

    people = [(f"Envoy {i}", f"Minister {i}") for i in range(30)]
    for i, pair in enumerate(people):
        for month in (1, 4, 7, 10):
            apply(state, [meeting("held", When.day(date(2023, month, 10)), participants=pair,
                                  level="officials")],
                  f"https://a/{i}-{month}", date(2023, month, 10))
    assert len(state.known()) == 120
    calls = []
    real = watcher.state.same_meeting

    def counted(*args, **kw):
        calls.append(args[0])
        return real(*args, **kw)

    monkeypatch.setattr(watcher.state, "same_meeting", counted)
    devs = apply(state, [meeting("held", When.day(date(2023, 4, 11)), participants=people[7],
                                 level="officials")], "https://b/1", date(2023, 4, 11))
    assert devs == []  # the meeting of April 10, told again
    assert len(calls) <= 2
    assert [s["url"] for s in state.known()[-1].sources] == ["https://a/7-4", "https://b/1"]
    # A mention naming nobody, undated: every known meeting is a candidate still.
    calls.clear()
    apply(state, [meeting("held", None, participants=(), level="officials")], "https://b/2",
          date(2023, 4, 12))
    assert len(calls) == 120


def test_a_new_meeting_is_not_compared_with_the_same_peoples_meetings_elsewhere(state,
                                                                                monkeypatch):
    """Meetings of the same people in the same month in other cities and countries are no
    candidates either (unless the meeting was moved: then any place is)."""
    import watcher.state

    cities = [(f"City {i}", f"Country {i}") for i in range(40)]
    for i, (city, country) in enumerate(cities):
        apply(state, [meeting("held", When.day(date(2023, 4, 10 + i % 3)), city=city,
                              country=country)], f"https://a/{i}", date(2023, 4, 13))
    calls = []
    real = watcher.state.same_meeting
    monkeypatch.setattr(watcher.state, "same_meeting",
                        lambda *a, **kw: calls.append(a[0]) or real(*a, **kw))
    assert apply(state, [meeting("held", When.day(date(2023, 4, 11)), city="City 7",
                                 country="Country 7")], "https://b/1", date(2023, 4, 13)) == []
    assert len(calls) <= 2
    assert [s["url"] for s in state.known()[-1].sources] == ["https://a/7", "https://b/1"]
    calls.clear()
    apply(state, [meeting("scheduled", When.day(date(2023, 4, 20)), city="City 9",
                          country="Country 9", moved=True)], "https://b/2", date(2023, 4, 13))
    assert len(calls) == 40


def _steps(store: Store, work) -> int:
    """SQLite virtual machine steps (in tens) that `work` costs."""
    steps = []
    store.conn.set_progress_handler(lambda: steps.append(1), 10)
    try:
        work()
    finally:
        store.conn.set_progress_handler(None, 0)
    return len(steps)


@pytest.mark.parametrize("fact", [
    meeting("scheduled", When.day(date(2023, 5, 14))),
    RouteFact("Lachin corridor", "closed", When.day(date(2023, 5, 10)), "...", "event"),
])
def test_corroborating_a_development_reads_its_own_developments_not_all(tmp_path, fact):
    """The developments a repeated fact corroborates are found by their key's parts, kept
    in a table of their own: the cost does not grow with the other developments stored."""
    costs = []
    for others in (10, 2000):
        store = Store(tmp_path / f"w{others}.db")
        state = State(store)
        with store.tx():
            for i in range(others):
                store.add_development(f"meeting_new|m-{i:016x}|scheduled|2023-05-14|Brussels",
                                      "meeting_new", {}, None, None, [])
                store.add_development(f"route_status|Route {i}|closed|2023-05-10",
                                      "route_status", {}, None, None, [])
            assert apply(state, [fact], "https://a/1", date(2023, 5, 11), "FT")
        costs.append(_steps(store, lambda s=state: apply(s, [fact], "https://b/1",
                                                     date(2023, 5, 12), "Euronews")))
        dev = [d for d in store.developments() if d["sources"]]
        assert [s["outlet"] for s in dev[0]["sources"]] == ["FT", "Euronews"]
        store.close()
    assert costs[1] < costs[0] * 2


def test_a_new_source_of_a_development_with_many_is_not_looked_for_among_them_all(tmp_path):
    """Whether a development lists a URL already is one lookup of its URLs (kept in a table
    of their own), not a decoding of every one of its sources."""
    costs = []
    for many in (10, 2000):
        store = Store(tmp_path / f"w{many}.db")
        state = State(store)
        fact = meeting("scheduled", When.day(date(2023, 5, 14)))
        with store.tx():
            apply(state, [fact], "https://a/1", date(2023, 5, 11), "FT")
            for i in range(many):
                store.add_development_source(1, {"url": f"https://c/{i}", "outlet": "C"})
        costs.append(_steps(store, lambda s=state, f=fact: apply(
            s, [f], "https://b/1", date(2023, 5, 12), "Euronews")))
        # told again by a URL it lists: not added twice
        apply(state, [fact], "https://c/3", date(2023, 5, 12), "C")
        urls = [s["url"] for s in store.developments()[0]["sources"]]
        assert len(urls) == many + 2 and urls[-1] == "https://b/1"
        store.close()
    assert costs[1] < costs[0] * 2


def test_a_dated_plan_naming_only_the_level_is_news_an_undated_one_is_not(state):
    # "Armenian, Azerbaijani and U.S. officials will meet in September": no names, no place,
    # but a month and who is meeting; "the officials will meet again" is a wish, recorded.
    vague = meeting("proposed", None, None, None, level="officials", participants=())
    assert apply(state, [vague], "https://a/1", date(2025, 8, 14)) == []
    plan = meeting("proposed", When.month(2025, 9), None, None, level="officials",
                   participants=(), mediators=("Donald Trump",))
    devs = apply(state, [plan], "https://a/2", date(2025, 8, 29))
    assert [(x.type, x.meeting["date"]) for x in devs] == [("meeting_new", "2025-09")]


def test_a_dated_plan_naming_nobody_told_again_is_the_same_plan(state):
    plan = dict(level="officials", participants=())
    apply(state, [meeting("proposed", When.month(2025, 9), None, None, **plan)],
          "https://a/1", date(2025, 8, 29))
    again = meeting("scheduled", When.month(2025, 9), None, None, **plan)
    devs = apply(state, [again], "https://a/2", date(2025, 9, 9))
    assert [x.type for x in devs] == ["meeting_status"]  # proposed -> scheduled, no new one


def test_a_call_off_told_again_weeks_later_is_the_meeting_known_called_off(state):
    granada = dict(city="Granada", country="Spain")
    apply(state, [meeting("cancelled", When.day(date(2023, 10, 5)), **granada)],
          "https://a/1", date(2023, 10, 4))
    # "the meeting in Granada, where Aliyev did not take part": undated, three weeks on
    assert apply(state, [meeting("cancelled", None, **granada)], "https://a/2",
                 date(2023, 10, 26)) == []


def test_a_call_off_named_by_another_city_of_the_country_is_the_one_known(state):
    # "refused to meet Aliyev in London" the day after "the meeting at the summit near
    # Oxford on July 18 will not take place": one cancellation, whichever city each names
    uk = dict(country="United Kingdom")
    apply(state, [meeting("cancelled", When.day(date(2024, 7, 18)), "Oxford", **uk)],
          "https://a/1", date(2024, 7, 18))
    assert apply(state, [meeting("cancelled", None, "London", **uk)], "https://a/2",
                 date(2024, 7, 19)) == []


def test_a_meeting_of_two_named_institutions_is_news_though_nobody_is_named(state):
    talks = meeting("held", When.recent(date(2023, 12, 8)), None, None, level="officials",
                    participants=())
    assert apply(state, [talks], "https://a/1", date(2023, 12, 8)) == []  # nobody, nowhere
    bodies = talks.with_(bodies=True)
    assert [d.type for d in apply(state, [bodies], "https://a/2", date(2023, 12, 8))] == [
        "meeting_new"]


def test_talks_of_two_named_institutions_told_twice_are_one_meeting(state):
    talks = meeting("held", When.recent(date(2023, 12, 8)), None, None, level="officials",
                    participants=(), bodies=True)
    apply(state, [talks], "https://a/1", date(2023, 12, 8))
    again = meeting("held", When.recent(date(2023, 12, 9)), None, None, level="officials",
                    participants=(), bodies=True)
    assert apply(state, [again], "https://a/2", date(2023, 12, 9)) == []


def traced_apply(state: State, facts: list, url: str, day: date) -> list[str]:
    """The SQL statements one article's facts cost, in a transaction as the poller's."""
    statements: list[str] = []
    state.store.conn.set_trace_callback(statements.append)
    try:
        with state.store.tx():
            apply(state, facts, url, day)
    finally:
        state.store.conn.set_trace_callback(None)
    return statements


def test_an_entity_is_written_once_an_article_and_only_when_it_changed(state):
    """Several facts of one article about one known meeting write its row once; a fact
    that changes neither its data nor its last day seen writes no row, and its source is
    written once (a row of its own)."""
    d = When.day(date(2023, 5, 14))
    apply(state, [meeting("scheduled", d)], "https://a/1", date(2023, 5, 12))
    two = [meeting("scheduled", d, mediators=("Charles Michel",)),
           meeting("scheduled", d, mediators=("Antonio Costa",))]
    statements = traced_apply(state, two, "https://b/1", date(2023, 5, 13))
    assert len([s for s in statements if s.startswith("UPDATE entities")]) == 1
    assert len([s for s in statements if s.startswith("INSERT INTO entity_sources")]) == 1
    # told again, older: nothing of the meeting changes but its sources
    statements = traced_apply(state, [meeting("scheduled", d)], "https://c/1",
                              date(2023, 5, 11))
    assert not [s for s in statements if "INTO entities" in s or "UPDATE entities" in s]
    assert len([s for s in statements if s.startswith("INSERT INTO entity_sources")]) == 1
    (known,) = state.store.entities()
    assert known["data"]["mediators"] == ["Antonio Costa", "Charles Michel"]
    assert known["last_seen"] == "2023-05-13T12:00:00+00:00"
    assert [s["url"] for s in known["sources"]] == ["https://a/1", "https://b/1",
                                                    "https://c/1"]


def test_a_development_that_lists_the_article_already_costs_no_lookup(state):
    """The second fact of an article about a meeting whose development the first fact
    corroborated asks the store nothing about developments."""
    d = When.day(date(2023, 5, 14))
    apply(state, [meeting("scheduled", d)], "https://a/1", date(2023, 5, 12))
    statements = traced_apply(state, [meeting("scheduled", d), meeting("scheduled", d)],
                              "https://b/1", date(2023, 5, 13))
    assert len([s for s in statements if "development_keys" in s]) == 1
    (dev,) = state.store.developments()
    assert [s["url"] for s in dev["sources"]] == ["https://a/1", "https://b/1"]


def test_a_change_of_the_state_is_counted_in_one_statement(state):
    """The state version is read once an article (is the cache still good?) and counted up
    with its new value returned: no read after the write."""
    d = When.day(date(2023, 5, 14))
    apply(state, [meeting("scheduled", d)], "https://a/1", date(2023, 5, 12))
    statements = traced_apply(state, [meeting("held", d)], "https://b/1", date(2023, 5, 14))
    assert len([s for s in statements if "meta" in s]) == 2
    assert state._cache_version == state.store.get_meta("state_version") == "2"


def test_a_development_key_is_matched_as_sqlite_matches_it_with_like():
    """Corroboration matches development keys in Python as SQLite's LIKE did: `%`, `_`,
    ASCII letters in either case and no other folding."""
    import random
    import sqlite3

    from watcher.state import like

    keys = ["meeting_new|m-3f2a|scheduled|2023-05-14|Brussels", "route_status|Lachin "
            "corridor|humanitarian_only|reported 2023-07-01", "route_status|LACHIN CORRIDOR|"
            "open|2024", "a|İstanbul|b", "a|istanbul|b", "a|ß|b", "a|SS|b", "x|y", "|", "",
            "%|_|%", "abcabc", "abc"]
    patterns = ["%|m-3f2a|%", "%|M-3F2A|%", "route_status|lachin corridor|humanitarian_only|%",
                "route_status|Lachin corridor|open|%", "%|istanbul|%", "%|İstanbul|%",
                "%|ss|%", "%|ß|%", "x|y", "%", "", "_", "%|_|%", "abc%abc", "a%c", "%bc%",
                "ab%bc", "%%", "a|%|b"]
    rng = random.Random(5)
    alphabet = "ab|%_Aİı"
    keys += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(300)]
    patterns += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5)))
                 for _ in range(300)]
    conn = sqlite3.connect(":memory:")
    for pattern in patterns:
        matches = like(pattern)
        for key in keys:
            expected = conn.execute("SELECT ? LIKE ?", [key, pattern]).fetchone()[0]
            assert bool(matches(key)) == bool(expected), (key, pattern)


def test_the_cache_is_not_taken_for_the_store_after_a_change_it_did_not_see(state):
    """A meeting rolled back with its savepoint leaves the cache ahead of the store; a
    later change that does not first look at the store (a possible development, then a
    copy of an article no longer there) counts the version up to the cache's again: the
    cache must still be read again, not taken for the store's state."""
    d = When.day(date(2023, 5, 14))
    apply(state, [meeting("scheduled", d)], "https://a/1", date(2023, 5, 12))
    with state.store.tx(), pytest.raises(RuntimeError), state.store.savepoint():
        apply(state, [meeting("scheduled", d, city="Prague", country="Czechia")],
              "https://b/1", date(2023, 5, 12))
        raise RuntimeError("the entry fails after its facts")
    assert len(state.known()) == 1  # the rolled-back version is seen as such
    apply(state, [meeting("scheduled", d, city="Prague", country="Czechia")], "https://b/1",
          date(2023, 5, 12))
    with state.store.tx():
        with pytest.raises(RuntimeError), state.store.savepoint():
            apply(state, [meeting("scheduled", d, city="Vienna", country="Austria")],
                  "https://c/1", date(2023, 5, 13))
            raise RuntimeError("the entry fails after its facts")
        state.possible([{"kind": "meeting", "reason": "r", "evidence": "e"}], article_id=None,
                       url="https://d/1", outlet="D",
                       published=datetime(2023, 5, 13, tzinfo=UTC))
        state.corroborate(999, "https://e/1", "E")  # no such article: the state is not read
    assert sorted(k.fact.venue.city for k in state.known()) == ["Brussels", "Prague"]


def test_an_articles_new_sources_are_written_together_in_their_order(state, monkeypatch):
    """Three meetings told again by another outlet: each meeting and each development gets
    the new source, the rows of all of them written by one call a table, in order."""
    plans = [meeting("scheduled", When.day(date(2023, 5, d)), city=city, country=country)
             for d, city, country in ((14, "Brussels", "Belgium"), (20, "Prague", "Czechia"),
                                      (26, "Granada", "Spain"))]
    assert len(apply(state, plans, "https://a/1", date(2023, 5, 11), "FT")) == 3
    calls: list[tuple[str, list]] = []
    for name in ("add_entity_sources", "add_development_sources"):
        real = getattr(state.store, name)
        monkeypatch.setattr(state.store, name,
                            lambda rows, real=real, name=name: (calls.append((name, rows)),
                                                                real(rows))[1])
    assert apply(state, plans, "https://b/1", date(2023, 5, 12), "Euronews") == []
    assert [(name, len(rows)) for name, rows in calls] == [("add_entity_sources", 3),
                                                          ("add_development_sources", 3)]
    for entity in state.store.entities():
        assert [s["outlet"] for s in entity["sources"]] == ["FT", "Euronews"]
    for dev in state.store.developments():
        assert [s["outlet"] for s in dev["sources"]] == ["FT", "Euronews"]
    assert apply(state, plans, "https://b/1", date(2023, 5, 12), "Euronews") == []
    assert len(calls) == 2  # listed already: nothing written again


def test_a_named_line_and_the_unnamed_line_it_may_be_are_one_news_within_weeks(tmp_path):
    # a railway offered by name, then "the railway with Azerbaijan" told the same day by
    # another outlet (and the other way round, years later): one piece of news each time
    from watcher.extract.gazetteer import load

    unnamed, named = "Armenia-Azerbaijan railway (line not named)", "Ijevan-Gazakh railway"
    kin = load().route_kin()
    assert named in kin[unnamed] and unnamed in kin[named]
    store = Store(tmp_path / "w.db")
    state = State(store, kin=kin)
    devs = apply(state, [RouteFact(named, "proposed", None, "ready to restore the Ijevan line")],
                 "https://a/1", date(2023, 12, 14))
    assert [d.route["name"] for d in devs] == [named]
    again = RouteFact(unnamed, "proposed", None, "ready to restore the railway with Azerbaijan")
    assert apply(state, [again], "https://b/1", date(2023, 12, 14)) == []
    # two years on the unnamed line is offered anew: news; the named line told the next day
    # is that offer again
    devs = apply(state, [again], "https://c/1", date(2025, 12, 22))
    assert [d.route["name"] for d in devs] == [unnamed]
    renamed = RouteFact(named, "proposed", None, "time to restore the Ijevan section")
    assert apply(state, [renamed], "https://d/1", date(2025, 12, 23)) == []
    # a status its kin never took is news whatever the name
    opened = RouteFact(unnamed, "open", None, "the first train crossed")
    assert [d.route["status"] for d in apply(state, [opened], "https://e/1",
                                               date(2025, 12, 24))] == ["open"]
    store.close()


def test_without_kin_the_two_names_are_two_routes(state):
    named = RouteFact("Ijevan-Gazakh railway", "proposed", None, "e1")
    unnamed = RouteFact("Armenia-Azerbaijan railway (line not named)", "proposed", None, "e2")
    assert len(apply(state, [named], "https://a/1", date(2023, 12, 14))) == 1
    assert len(apply(state, [unnamed], "https://b/1", date(2023, 12, 14))) == 1


def test_an_aid_convoy_weeks_after_the_last_aid_passed_is_news_once():
    # aid-only since patients were moved in July; a dated convoy in late September is the
    # road's news; the same convoy told again days later is not; an undated aside is not
    first, news = diff_route(None, RouteFact("Lachin corridor", "humanitarian_only", None,
                                             "patients moved by the Red Cross"), date(2023, 7, 29))
    assert news
    convoy = RouteFact("Lachin corridor", "humanitarian_only", When.day(date(2023, 9, 23)),
                       "70 tonnes of aid crossed the road on Saturday")
    state, news = diff_route(first, convoy, date(2023, 9, 24))
    assert news and state.milestone == When.day(date(2023, 9, 23))
    assert diff_route(state, convoy, date(2023, 9, 26))[1] is False
    aside = RouteFact("Lachin corridor", "humanitarian_only", None, "aid goes through at times")
    assert diff_route(first, aside, date(2023, 9, 24))[1] is False


def test_the_first_aid_convoy_since_an_event_weeks_after_the_last_is_news():
    # undated, but told as "the first aid convoy since the offensive": a step of its own
    first, _ = diff_route(None, RouteFact("Lachin corridor", "humanitarian_only", None,
                                          "patients moved"), date(2023, 7, 29))
    convoy = RouteFact("Lachin corridor", "humanitarian_only", None,
                       "the first aid convoy since the offensive", step=True)
    assert diff_route(first, convoy, date(2023, 9, 24))[1] is True
    # told as a restart, it is news days after the last passage, not within the two days
    # outlets take to tell one passage; a convoy not told as a first waits for weeks
    assert diff_route(first, convoy, date(2023, 8, 3))[1] is True
    assert diff_route(first, convoy, date(2023, 7, 30))[1] is False
    plain = RouteFact("Lachin corridor", "humanitarian_only", When.day(date(2023, 8, 3)),
                      "a convoy crossed on Thursday")
    assert diff_route(first, plain, date(2023, 8, 3))[1] is False


def test_an_undated_aid_passage_the_day_after_the_road_opened_is_that_passage():
    # the exodus told open on Sunday; an aid convoy told the same weekend with no date of
    # its own is one passage of the road, not a change back to aid-only
    opened, _ = diff_route(None, RouteFact("Lachin corridor", "open",
                                           When.day(date(2023, 9, 24)), "refugees crossed"),
                           date(2023, 9, 24))
    convoy = RouteFact("Lachin corridor", "humanitarian_only", None, "an aid convoy crossed")
    assert diff_route(opened, convoy, date(2023, 9, 25))[1] is False
    assert diff_route(opened, convoy, date(2023, 10, 20))[1] is True  # weeks later: a change


def test_explain_decides_a_route_as_the_state_does():
    # `watcher explain` tells the same as `State.apply`: a route's kin told the same day,
    # and an undated step dated by the article
    from watcher.explain import _state_lines
    from watcher.extract.gazetteer import load
    from watcher.state import Known

    named = RouteFact("Ijevan-Gazakh railway", "proposed", None, "offered",
                      milestone=When.day(date(2023, 12, 14)))
    known = [Known("route", named.route, named, [], "", "")]
    unnamed = RouteFact("Armenia-Azerbaijan railway (line not named)", "proposed", None,
                        "ready to restore the railway with Azerbaijan")
    lines = _state_lines([unnamed], known, date(2023, 12, 14), load().route_kin())
    assert "told of Ijevan-Gazakh railway already" in "\n".join(lines)
    aid = RouteFact("Lachin corridor", "humanitarian_only", None, "patients moved",
                    milestone=When.day(date(2023, 7, 29)))
    first = RouteFact("Lachin corridor", "humanitarian_only", None,
                      "the first aid convoy since the offensive", step=True)
    lines = _state_lines([first], [Known("route", aid.route, aid, [], "", "")],
                         date(2023, 9, 24))
    assert "development: route_status" in "\n".join(lines)
