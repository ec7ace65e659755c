"""Dates and cadences as people type them, against a pinned today (a Sunday)."""

from datetime import date

import pytest

from netjournal.domain.dates import Span, describe_day, parse_cadence, parse_date, parse_span
from netjournal.errors import InvalidValue

TODAY = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("text", "past", "future"),
    [
        ("today", "2026-11-22", "2026-11-22"),
        ("Yesterday", "2026-11-21", "2026-11-21"),
        ("tomorrow", "2026-11-23", "2026-11-23"),
        ("2026-11-20", "2026-11-20", "2026-11-20"),
        ("2026-1-5", "2026-01-05", "2026-01-05"),
        ("nov 20", "2026-11-20", "2027-11-20"),
        ("20 November 2026", "2026-11-20", "2026-11-20"),
        ("dec 20", "2025-12-20", "2026-12-20"),
        ("last friday", "2026-11-20", "2026-11-20"),
        ("next monday", "2026-11-23", "2026-11-23"),
        ("friday", "2026-11-20", "2026-11-27"),
        ("sunday", "2026-11-22", "2026-11-22"),
        ("3 days ago", "2026-11-19", "2026-11-19"),
        ("2 weeks ago", "2026-11-08", "2026-11-08"),
        ("1m ago", "2026-10-22", "2026-10-22"),
        ("in 2w", "2026-12-06", "2026-12-06"),
        ("+10d", "2026-12-02", "2026-12-02"),
        ("3m", "2026-08-22", "2027-02-22"),  # a bare span counts the preferred way
        ("3d", "2026-11-19", "2026-11-25"),
        ("2 weeks", "2026-11-08", "2026-12-06"),
        ("11/20/2026", "2026-11-20", "2026-11-20"),
        ("  NOV   20  ", "2026-11-20", "2027-11-20"),
    ],
)
def test_parse_date(text, past, future):
    assert parse_date(text, TODAY).isoformat() == past
    assert parse_date(text, TODAY, prefer="future").isoformat() == future


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2026-02-30", "February 2026 has 28 days"),
        ("2028-02-30", "February 2028 has 29 days"),
        ("2026-13-01", "no month 13"),
        ("2026-00-10", "no month 0"),
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "cannot read 'abc'"),
        ("5", "cannot read"),
        ("2026", "cannot read"),
        ("nov 31", "does not exist"),
        ("3 bananas ago", "cannot read"),
        ("friday the 13th", "cannot read"),
        ("0001-01-01", "between 1900 and 2999"),
    ],
)
def test_parse_date_rejects(text, fragment):
    with pytest.raises(InvalidValue) as exc:
        parse_date(text, TODAY)
    assert fragment in exc.value.message


def test_month_arithmetic_clamps_to_month_end():
    assert parse_cadence("1m").after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_cadence("1y").after(date(2028, 2, 29)) == date(2029, 2, 28)


@pytest.mark.parametrize(
    ("text", "canonical", "days"),
    [("30d", "30d", 30), ("6 weeks", "6w", 42), ("3m", "3m", 91.3125), ("1 year", "1y", 365.25), ("2W", "2w", 14)],
)
def test_parse_cadence(text, canonical, days):
    span = parse_cadence(text)
    assert str(span) == canonical
    assert span.approx_days == pytest.approx(days)


@pytest.mark.parametrize("text", ["0d", "30", "d", "monthly", "-3d", "3 fortnights", "1.5w"])
def test_parse_cadence_rejects(text):
    with pytest.raises(InvalidValue):
        parse_cadence(text)


def test_zero_span_is_allowed_for_horizons():
    assert parse_span("0d") == Span(0, "d")
    assert parse_span("0d").after(TODAY) == TODAY


@pytest.mark.parametrize(
    ("d", "text"),
    [(TODAY, "today"), (date(2026, 11, 21), "yesterday"), (date(2026, 11, 23), "tomorrow"),
     (date(2026, 11, 12), "10 days ago"), (date(2026, 11, 25), "in 3 days")],
)
def test_describe_day(d, text):
    assert describe_day(d, TODAY) == text


@pytest.mark.parametrize(("text", "today", "prefer", "expected"), [
    ("feb 29", date(2026, 11, 22), "past", date(2024, 2, 29)),
    ("feb 29", date(2026, 11, 22), "future", date(2028, 2, 29)),
    ("feb 29", date(2028, 3, 1), "future", date(2032, 2, 29)),  # never 28 February instead
    ("feb 29", date(2028, 3, 1), "past", date(2028, 2, 29)),
    ("nov 22", date(2026, 11, 22), "past", date(2026, 11, 22)),
    ("nov 23", date(2026, 11, 22), "past", date(2025, 11, 23)),
])
def test_a_day_without_a_year_is_the_nearest_one_that_exists(text, today, prefer, expected):
    assert parse_date(text, today, prefer=prefer) == expected


def test_a_day_that_no_year_has_is_refused():
    with pytest.raises(InvalidValue, match="does not exist in that month"):
        parse_date("feb 30", date(2026, 11, 22))
