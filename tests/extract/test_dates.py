from datetime import date

import pytest

from ceasefire.domain import DatePrecision
from ceasefire.extract.dates import DateResolver

SUNDAY = date(2025, 10, 19)


def resolve(
    text: str, published: date | None = SUNDAY
) -> list[tuple[date | None, DatePrecision, bool]]:
    return [
        (m.date.value, m.date.precision, m.is_duration) for m in DateResolver(published).find(text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("clashes on October 11 left many dead", date(2025, 10, 11)),
        ("signed on 19 October 2025 in Doha", date(2025, 10, 19)),
        ("on Oct. 11 the posts came under fire", date(2025, 10, 11)),
        ("the talks of May 9, 2021", date(2021, 5, 9)),
        ("on Sunday the ministers met", date(2025, 10, 19)),  # the publication weekday is that day
        ("late Tuesday the strikes began", date(2025, 10, 14)),
        ("on Wednesday night drones struck", date(2025, 10, 15)),
        ("yesterday", date(2025, 10, 18)),
        ("last night", date(2025, 10, 18)),
        ("two days ago", date(2025, 10, 17)),
        ("they will meet again on October 25", date(2025, 10, 25)),  # a week ahead: this year
    ],
)
def test_day_precise_dates(text: str, expected: date) -> None:
    assert resolve(text) == [(expected, DatePrecision.DAY, False)]


def test_month_day_far_after_publication_is_last_year() -> None:
    assert resolve("the December 16 attack", date(2025, 3, 1))[0][0] == date(2024, 12, 16)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("earlier this week", date(2025, 10, 13), DatePrecision.WEEK),
        ("over the weekend", date(2025, 10, 18), DatePrecision.WEEK),
        ("last week", date(2025, 10, 6), DatePrecision.WEEK),
        ("earlier this month", date(2025, 10, 1), DatePrecision.MONTH),
        ("in December 2014", date(2014, 12, 1), DatePrecision.MONTH),
        ("the 2014 attack on the school", date(2014, 1, 1), DatePrecision.YEAR),
    ],
)
def test_coarse_dates(text: str, expected: date, precision: DatePrecision) -> None:
    assert resolve(text) == [(expected, precision, False)]


@pytest.mark.parametrize(
    "text",
    [
        "three days of clashes",
        "fighting for two weeks",
        "a 48-hour truce",
        "a week-long ceasefire",
        "over the past month",
    ],
)
def test_durations_are_not_dates(text: str) -> None:
    found = resolve(text)
    assert found and all(is_duration and value is None for value, _precision, is_duration in found)


def test_offsets_are_document_offsets() -> None:
    text = "Strikes hit on Tuesday."
    [mention] = DateResolver(SUNDAY).find(text, offset=100)
    assert mention.start - 100 == text.index("on Tuesday") and mention.end - 100 == text.index(".")


def test_relative_dates_without_publication_date_are_unknown() -> None:
    assert resolve("on Tuesday", None) == [(None, DatePrecision.UNKNOWN, False)]


def test_numbers_that_are_not_dates() -> None:
    assert resolve("March 3 million people") == []
    assert resolve("it may be 2,414 attacks") == []


def test_a_year_set_off_by_commas_is_a_date() -> None:
    assert resolve("The deadliest raid, in 2011, left a village empty.") == [
        (date(2011, 1, 1), DatePrecision.YEAR, False)
    ]
    assert resolve("in 2,011 cases") == []


def test_a_month_of_last_year() -> None:
    found = DateResolver(date(2026, 3, 14)).find("the train seized near Sibi in March last year")
    assert [(d.date.value, d.date.precision) for d in found] == [
        (date(2025, 3, 1), DatePrecision.MONTH)
    ]


@pytest.mark.parametrize(
    ("published", "text"),
    [
        (date(2100, 12, 31), "The attack took place 99999999999 days ago."),
        (date(2100, 12, 31), "It began 2024 years ago."),
        (date(1900, 1, 1), "The post was shelled 300000 weeks ago."),
        (date(1900, 1, 3), "It happened 99999 months ago."),
    ],
)
def test_relative_dates_past_the_calendar_give_no_date(published: date, text: str) -> None:
    # Issue 16, medium 8: the arithmetic overflowed (a traceback) or left the record's bounds.
    assert DateResolver(published).find(text) == []


@pytest.mark.parametrize(
    ("text", "span", "expected", "relative"),
    [
        ("Drones circled through the night of 22/23 June 2025.", "22/23 June 2025",
         date(2025, 6, 22), False),
        ("The siege of 4-6 of May 2024 ended.", "4-6 of May 2024", date(2024, 5, 4), False),
        ("Talks held Sept. 28–30, 2025 failed.", "Sept. 28–30, 2025", date(2025, 9, 28), False),
        ("Raids on 11/12 October hit two posts.", "11/12 October", date(2025, 10, 11), True),
        # a span after publication (beyond a week) is last year's
        ("Fighting on December 5-7 left a bridge down.", "December 5-7", date(2024, 12, 5), True),
    ],
)  # fmt: skip
def test_a_span_of_days_is_dated_by_its_first_day(
    text: str, span: str, expected: date, relative: bool
) -> None:
    [found] = DateResolver(SUNDAY).find(text, offset=7)
    assert (found.text, found.date.value, found.date.precision, found.is_relative) == (
        span,
        expected,
        DatePrecision.DAY,
        relative,
    )
    assert (found.start, found.end) == (7 + text.index(span), 7 + text.index(span) + len(span))


def test_scores_and_fractions_are_no_spans_of_days() -> None:
    assert resolve("The home side won 3-1 on the day.") == []
    assert resolve("Turnout fell to 2/3 of voters.") == []
