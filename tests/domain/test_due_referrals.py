"""Referrals that go quiet come back in `netj due`: the open-referral check,
from plain rows (no database), at its threshold."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.dates import Span, parse_span
from netjournal.domain.due import OpenReferral, PersonClock, build_due, referral_item, referrals_to_ask_between
from netjournal.domain.scoring import Flow, ask_on, scorecard

TODAY = date(2026, 11, 22)
D = lambda n: TODAY - timedelta(days=n)  # noqa: E731


def given_to(rid, days_ago, *, other=None, note=None, author=None):
    return OpenReferral(rid, "ron-park", "Ron Park", other and other.lower().replace(" ", "-"), other, D(days_ago),
                        note, author)


def asks(*referrals, within="0d", check=None, limit=None):
    kw = {"referral_check": check} if check else {}
    return build_due(people=(), follow_ups=(), reviews=(), scorecards={}, today=TODAY, within=parse_span(within),
                     limit=limit, open_referrals=referrals, **kw).referrals


@pytest.mark.parametrize(("days_ago", "listed"), [(29, False), (30, True), (42, True), (364, True),
                                                  (365, False), (400, False)])
def test_an_open_referral_is_asked_about_from_thirty_days_on_while_it_counts(days_ago, listed):
    """From the check on, for as long as it counts for reciprocity (the last 12 months)."""
    assert bool(asks(given_to(1, days_ago))) is listed


def test_the_item_says_whom_to_ask_about_what():
    intro, = asks(given_to(7, 42, other="Maya Okafor", note="tax clients", author="Ana"))
    assert (intro.type, intro.person, intro.referral_id, intro.other_person, intro.referred_on) == (
        "referral", "ron-park", 7, "maya-okafor", D(42))
    assert (intro.due_on, intro.days_overdue, intro.text, intro.author) == (D(12), 12, "tax clients", "Ana")
    assert intro.reason == f"ask how the intro to Maya Okafor went: given {D(42).isoformat()}, still open after 42 days"
    plain, = asks(given_to(8, 31))
    assert plain.reason.startswith("ask how your referral went: given") and plain.other_person is None
    assert plain.you_owe is None and plain.verdict is None  # contacts' fields stay empty


def test_within_looks_ahead_and_the_order_is_by_day_then_number():
    rows = [given_to(3, 25), given_to(2, 40), given_to(1, 40), given_to(4, 10)]
    assert [i.referral_id for i in asks(*rows)] == [1, 2]
    assert [i.referral_id for i in asks(*rows, within="7d")] == [1, 2, 3]
    assert [i.days_overdue for i in asks(*rows, within="7d")] == [10, 10, -5]
    assert [i.referral_id for i in asks(*rows, within="7d", limit=1)] == [1]


def test_the_check_is_the_setting():
    assert asks(given_to(1, 45))
    assert not asks(given_to(1, 45), check=Span(60, "d"))
    assert asks(given_to(1, 45), check=Span(6, "w"))


def test_the_section_comes_after_follow_ups_and_before_reviews():
    paused = PersonClock(5, "priya", "Priya", "paused", None, D(300), None, None, D(1))
    r = build_due(people=(), follow_ups=(), reviews=[paused], scorecards={}, today=TODAY, within=parse_span("0d"),
                  open_referrals=[given_to(1, 40)])
    assert [i.type for i in r.items()] == ["referral", "review"]


def test_a_due_contact_says_when_you_owe_them():
    gina = PersonClock(1, "gina", "Gina", "active", Span(30, "d"), D(300), D(40), None)
    owed = scorecard([], today=TODAY, half_life=Span(180, "d"),
                     flows=[Flow(D(100), "received"), Flow(D(20), "received")])
    even = scorecard([], today=TODAY, half_life=Span(180, "d"), flows=[Flow(D(100), "received")])
    for card, you_owe in ((owed, True), (even, False), (None, False)):
        item, = build_due(people=[gina], follow_ups=(), reviews=(), scorecards={1: card} if card else {}, today=TODAY,
                          within=parse_span("0d")).contacts
        assert item.you_owe is you_owe
        assert "owe" not in item.reason  # the reason goes to the calendar feed: no judgement in it


_spans = st.builds(Span, st.integers(1, 40), st.sampled_from("dwmy"))


@given(referred_on=st.dates(date(2000, 1, 1), date(2040, 12, 31)), today=st.dates(date(2000, 1, 1), date(2040, 12, 31)),
       within=st.integers(0, 400), check=_spans)
def test_the_query_bounds_never_leave_out_a_referral_that_is_due(referred_on, today, within, check):
    horizon = today + timedelta(days=within)
    due = build_due(people=(), follow_ups=(), reviews=(), scorecards={}, today=today, within=Span(within, "d"),
                    open_referrals=[OpenReferral(1, "a", "A", None, None, referred_on)], referral_check=check)
    after, up_to = referrals_to_ask_between(today, horizon, check)
    if due.referrals:
        assert after < referred_on <= up_to


@given(referred_on=st.dates(date(2000, 1, 1), date(2040, 12, 31)), check=_spans)
def test_a_referral_item_is_due_on_the_check_after_it_was_given(referred_on, check):
    item = referral_item(OpenReferral(1, "a", "A", None, None, referred_on), TODAY, check)
    assert item.due_on == ask_on(referred_on, check) > referred_on
    assert item.days_overdue == (TODAY - item.due_on).days
