"""The rules every path that writes a meeting asks: ``future_meeting``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.dates import parse_date
from netjournal.domain.meetings import future_meeting

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(("on", "problem"), [
    (TODAY, None),
    (date(2026, 11, 21), None),
    (date(1900, 1, 1), None),
    (date(2026, 11, 23), "the meeting date 2026-11-23 is after today (2026-11-22)"),
    (date(2999, 12, 31), "the meeting date 2999-12-31 is after today (2026-11-22)"),
])
def test_a_meeting_is_dated_today_or_earlier(on, problem):
    assert future_meeting(on, TODAY) == problem


@given(st.dates(), st.dates())
def test_only_a_date_after_today_is_refused(on, today):
    assert (future_meeting(on, today) is None) == (on <= today)


@given(st.integers(min_value=0, max_value=9999), st.sampled_from(["d", "w", "m", "y", " days", " weeks", "mo"]),
       st.dates(min_value=date(1950, 1, 1), max_value=date(2900, 1, 1)))
def test_a_span_typed_for_a_meeting_never_lands_after_today(count, unit, today):
    """`--date 3d` for a past event is three days ago, whatever the span; only
    `in 3d` or `+3d` goes forward (and is then refused as a meeting date)."""
    from netjournal.errors import InvalidValue

    for text in (f"{count}{unit}", f"{count}{unit} ago"):
        try:
            on = parse_date(text, today, prefer="past")
        except InvalidValue:
            continue  # outside the calendar netj supports
        assert on <= today and future_meeting(on, today) is None
    try:
        ahead = parse_date(f"in {count}{unit}", today, prefer="past")
    except InvalidValue:
        return
    assert ahead >= today and (future_meeting(ahead, today) is None) == (ahead == today)
    assert ahead - today <= timedelta(days=count * 366 + 1)
