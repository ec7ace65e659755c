"""Reciprocity: referrals given and received over 12 months, and the
one-way-street verdict it can force (pure functions, no database)."""

from datetime import date, timedelta

import pytest

from netjournal.domain.dates import parse_cadence
from netjournal.domain.scoring import (
    MIXED,
    NOT_ENOUGH,
    ONE_WAY,
    TWO_WAY,
    Flow,
    Observation,
    rank_key,
    reciprocity,
    scorecard,
    year_before,
)

TODAY = date(2026, 11, 22)
HALF = parse_cadence("180d")
GOOD = [Observation(1, TODAY - timedelta(days=30), "listening", 5), Observation(1, TODAY - timedelta(days=30), "preparation", 5),
        Observation(2, TODAY - timedelta(days=10), "listening", 5), Observation(2, TODAY - timedelta(days=10), "preparation", 4)]


def flows(*pairs):
    """pairs: (days ago, 'given' | 'received')."""
    return [Flow(TODAY - timedelta(days=ago), way) for ago, way in pairs]


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 11, 22), date(2025, 11, 22)),
    (date(2028, 2, 29), date(2027, 2, 28)),
    (date(2026, 1, 1), date(2025, 1, 1)),
])
def test_year_before(today, expected):
    assert year_before(today) == expected


@pytest.mark.parametrize(("pairs", "given", "received", "one_way"), [
    ((), 0, 0, False),
    (((10, "given"), (20, "given")), 2, 0, False),
    (((10, "given"), (20, "given"), (300, "given")), 3, 0, True),
    (((10, "given"), (20, "given"), (30, "given"), (200, "received")), 3, 1, False),
    # a year and a day ago is outside the window; exactly a year ago is too (since < date)
    (((10, "given"), (20, "given"), (365, "given"), (400, "given")), 2, 0, False),
    (((1, "received"), (2, "received")), 0, 2, False),
    (((-3, "given"), (10, "given"), (20, "given")), 2, 0, False),  # a future date does not count yet
])
def test_reciprocity_counts_the_last_twelve_months(pairs, given, received, one_way):
    r = reciprocity(flows(*pairs), today=TODAY)
    assert (r.given, r.received, r.balance, r.one_way) == (given, received, received - given, one_way)
    assert r.since == date(2025, 11, 22)


def test_three_given_none_back_is_a_one_way_street_whatever_the_scores():
    card = scorecard(GOOD, today=TODAY, half_life=HALF, flows=flows((10, "given"), (50, "given"), (90, "given")))
    assert card.verdict == ONE_WAY
    assert card.reason.startswith("on reciprocity: you gave 3 referrals in the last 12 months and received none")
    assert "would say two-way street" in card.reason
    assert card.overall == scorecard(GOOD, today=TODAY, half_life=HALF).overall  # the scores are not changed


def test_one_referral_back_lifts_the_flag():
    card = scorecard(GOOD, today=TODAY, half_life=HALF,
                     flows=flows((10, "given"), (50, "given"), (90, "given"), (100, "received")))
    assert card.verdict == TWO_WAY
    assert (card.referrals.given, card.referrals.received, card.referrals.balance) == (3, 1, -2)


def test_reciprocity_flag_without_any_scores():
    card = scorecard([], today=TODAY, half_life=HALF, flows=flows((1, "given"), (2, "given"), (3, "given")))
    assert card.verdict == ONE_WAY
    assert "no scored meetings yet" in card.reason


def test_referrals_received_alone_do_not_change_the_verdict():
    assert scorecard([], today=TODAY, half_life=HALF, flows=flows((1, "received"))).verdict == NOT_ENOUGH


def test_a_reciprocity_one_way_street_ranks_after_every_verdict():
    taker = scorecard(GOOD, today=TODAY, half_life=HALF, flows=flows((1, "given"), (2, "given"), (3, "given")))
    mixed = scorecard([Observation(1, TODAY, "listening", 3), Observation(1, TODAY, "preparation", 3),
                       Observation(2, TODAY, "listening", 3), Observation(2, TODAY, "preparation", 3)],
                      today=TODAY, half_life=HALF)
    assert mixed.verdict == MIXED
    assert rank_key(mixed, "Mixed") < rank_key(taker, "Taker")
