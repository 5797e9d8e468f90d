"""Relative dates resolved against the publication date, direction picked by tense."""

from __future__ import annotations

from datetime import date

import pytest

from watcher.extract.dates import find_dates

THU = date(2023, 5, 11)  # a Thursday
MON = date(2023, 5, 1)


def first(sentence: str, pub: date = THU) -> str | None:
    found = [d for d in find_dates(sentence, pub) if d.role == "point"]
    return found[0].when.iso() if found else None


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The ministers met on Sunday in Vienna.", "2023-05-07"),  # past: latest on/before
    ("The ministers will meet on Sunday in Vienna.", "2023-05-14"),  # future: next
    ("They met on Thursday.", "2023-05-11"),                           # publication day itself
    ("The summit is to open on Tuesday.", "2023-05-16"),
    ("They talked last Thursday.", "2023-05-04"),                      # strictly before
    ("They will talk next Thursday.", "2023-05-18"),                   # strictly after
    ("The envoys arrived ten days ago.", "2023-05-01"),
    ("Two weeks ago the border was quiet.", "2023-04"),
    ("They spoke yesterday.", "2023-05-10"),
    ("The talks are scheduled for June 1.", "2023-06-01"),
    ("The talks are scheduled for 1 June.", "2023-06-01"),
    ("They met on 23 April 2022.", "2022-04-23"),
    ("The leaders met in Prague on October 6, 2022.", "2022-10-06"),
    ("A summit is planned in October.", "2023-10"),                    # future month: this year
    ("They first met in October.", "2022-10"),  # past, later month: last year
    ("The two met last November.", "2022-11"),
    ("They will meet again next March.", "2024-03"),
    ("A deal is expected in February.", "2024-02"),                    # future, earlier month
    ("In early May, delegations met in Washington.", "2023-05"),
    ("The meeting was held on 2023-04-30.", "2023-04-30"),
    ("The road has been blocked since late 2022.", "2022"),       # a part of a year: that year
    ("The line is to reopen by the end of 2025.", "2025"),
    ("Talks stalled in mid-2024.", "2024"),
])
def test_resolution(sentence, expected):
    assert first(sentence) == expected


def test_weekend_in_a_future_sentence_is_the_coming_one():
    found = find_dates("The leaders will meet in Brussels this weekend.", THU)
    assert (found[0].when.start, found[0].when.end) == (date(2023, 5, 13), date(2023, 5, 14))


def test_weekend_in_a_past_sentence_is_the_last_one():
    found = find_dates("Blinken spoke to both leaders over the weekend.", MON)
    assert (found[0].when.start, found[0].when.end) == (date(2023, 4, 29), date(2023, 4, 30))


def test_last_week_is_a_week_not_a_day():
    found = find_dates("The foreign ministers held talks last week.", THU)
    assert found[0].when.precision == "week"
    assert (found[0].when.start, found[0].when.end) == (date(2023, 5, 1), date(2023, 5, 7))


def test_until_marks_an_end_not_a_point():
    found = find_dates("The talks will continue until Thursday.", MON)
    assert found[0].role == "until" and found[0].when.iso() == "2023-05-04"


def test_may_the_verb_is_not_a_month():
    assert find_dates("The leaders may meet again.", THU) == []
    assert first("The leaders met in May.") == "2023-05"


def test_month_only_keeps_month_precision():
    found = find_dates("A summit is planned in Spain in October.", date(2023, 7, 15))
    assert found[0].when.precision == "month" and found[0].when.iso() == "2023-10"


def test_invalid_day_is_not_a_date():
    assert first("Match report: 31 June, nothing happened.") is None


def test_weeks_ago_is_the_days_around_that_day():
    found = find_dates("They met two weeks ago in Munich.", date(2024, 2, 28))
    assert (found[0].when.start, found[0].when.end) == (date(2024, 2, 11), date(2024, 2, 17))


def test_a_plan_told_in_the_past_has_a_past_date():
    found = find_dates("Blinken had been scheduled to host the talks on November 20.",
                       date(2023, 12, 14))
    assert found[0].when.iso() == "2023-11-20"


def test_a_month_after_a_capitalised_preposition():
    assert first("In May, Kazakhstan hosted the ministers.", date(2024, 9, 9)) == "2024-05"


def test_a_weekday_beside_an_explicit_date_takes_that_date():
    # "would meet on Friday, August 8", told a week later: the date, not the next Friday.
    sentence = "An aide said in early August that the leaders would meet on Friday, August 8."
    found = [d for d in find_dates(sentence, date(2025, 8, 14)) if d.role == "point"]
    assert [d.when.iso() for d in found if d.when.precision == "day"] == ["2025-08-08"]
    assert first("They met on Sunday, 3 March.", date(2024, 3, 20)) == "2024-03-03"


def test_days_before_another_event_are_not_days_before_publication():
    sentence = "A few days before the president’s speech, the two leaders met in Dubai."
    assert [d for d in find_dates(sentence, date(2025, 8, 14)) if d.when.precision == "day"] == []
    assert first("The leaders had met three days before.", date(2025, 8, 14)) == "2025-08-11"


def test_the_following_day_is_the_day_after_the_day_named_before_it():
    said = "On Wednesday, the government said the leaders will meet the following day."
    days = [d.when.iso() for d in find_dates(said, date(2025, 7, 9))]
    assert days == ["2025-07-09", "2025-07-10"]
    assert [d.when.iso() for d in find_dates("They will meet the next day.",
                                             date(2025, 7, 9))] == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The ministers met on Saturday in Vienna.", None),
    ("They spoke yesterday.", None),
    ("They will talk next week.", None),
    ("The envoys arrived ten days ago.", None),
    ("The talks are scheduled for June 1.", None),  # its year would be the publication's
    ("The summit was held in October.", None),
    ("They met on 14 May 2023.", "2023-05-14"),
    ("The talks are set for 2023-06-01.", "2023-06-01"),
    ("A summit is planned in October 2024.", "2024-10"),
    ("Talks on 14 May 2023 and the following day.", "2023-05-14 2023-05-15"),
])
def test_without_a_trustworthy_publication_date_only_written_dates_count(sentence, expected):
    found = find_dates(sentence, THU, published_known=False)
    assert " ".join(d.when.iso() for d in found) == (expected or "")
