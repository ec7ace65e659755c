"""Momentum: "mixed, improving" and its mirror "declining", judged on the last
three scored meetings against the weighted averages (pure, no database)."""

from datetime import date, timedelta

import pytest

from netjournal.domain.dates import parse_cadence
from netjournal.domain.scoring import (
    DECLINING,
    IMPROVING,
    MIXED,
    ONE_WAY,
    RECENT_WINDOW,
    TWO_WAY,
    Observation,
    scorecard,
)

TODAY = date(2026, 11, 22)
HALF = parse_cadence("180d")


def obs(*meetings):
    """meetings: (days ago, listening, preparation), oldest first; None leaves a dimension unscored."""
    out = []
    for i, (ago, listening, preparation) in enumerate(meetings, 1):
        day = TODAY - timedelta(days=ago)
        for dim, value in (("listening", listening), ("preparation", preparation)):
            if value is not None:
                out.append(Observation(i, day, dim, value))
    return out


def card(*meetings):
    return scorecard(obs(*meetings), today=TODAY, half_life=HALF)


POOR_PAST = [(170 - 10 * k, 2, 2) for k in range(6)]  # six meetings 170..120 days ago, all 2
GOOD_PAST = [(170 - 10 * k, 5, 5) for k in range(6)]
LONG_GOOD_PAST = [(170 - 5 * k, 5, 5) for k in range(12)]


@pytest.mark.parametrize(("meetings", "verdict", "momentum"), [
    # improving: the last three all at least 4.0 on both, the weighted averages still below 4.0
    ((*POOR_PAST, (10, 4, 4), (5, 4, 5), (1, 5, 4)), MIXED, IMPROVING),
    ((*POOR_PAST, (10, 4, 4), (5, 3, 5), (1, 5, 4)), MIXED, None),  # one 3 in the last three
    ((*POOR_PAST, (10, 4, 4), (5, 4, None), (1, 5, 4)), MIXED, None),  # one unscored: not all at least 4.0
    ((*POOR_PAST, (5, 5, 5), (1, 5, 5)), MIXED, None),  # only two good meetings yet
    (((30, 4, 4), (20, 5, 4), (10, 4, 5)), TWO_WAY, None),  # already a two-way street: nothing to improve
    # declining: the last three all at most 2.0 on both, the weighted averages still above 2.0
    ((*GOOD_PAST, (10, 2, 2), (5, 1, 2), (1, 2, 1)), MIXED, DECLINING),
    ((*LONG_GOOD_PAST, (10, 2, 2), (5, 2, 2), (1, 2, 2)), TWO_WAY, DECLINING),  # the good partner, slipping
    ((*GOOD_PAST, (10, 2, 2), (5, 3, 2), (1, 2, 1)), MIXED, None),
    (((30, 2, 2), (20, 1, 2), (10, 2, 1)), ONE_WAY, None),  # already a one-way street
    # fewer than three scored meetings
    (((20, 5, 5), (10, 5, 5)), TWO_WAY, None),
    ((), "not enough data", None),
])
def test_momentum_at_its_thresholds(meetings, verdict, momentum):
    c = card(*meetings)
    assert (c.verdict, c.momentum) == (verdict, momentum)


def test_the_reason_says_which_way_and_why():
    c = card(*POOR_PAST, (10, 4, 4), (5, 4, 5), (1, 5, 4))
    assert c.reason.endswith(f"; improving: the last {RECENT_WINDOW} scored meetings were all at least 4.0 "
                             "on listening and preparation")
    assert c.dimension("listening").average < 4.0
    d = card(*GOOD_PAST, (10, 2, 2), (5, 1, 2), (1, 2, 1))
    assert d.reason.endswith("; declining: the last 3 scored meetings were all at most 2.0 on listening and preparation")


def test_the_last_meetings_are_the_latest_by_date_not_by_logging_order():
    # meeting 10 (a 2) was logged last but happened before the three good ones
    late_logged_old = [Observation(10, TODAY - timedelta(days=15), "listening", 2),
                       Observation(10, TODAY - timedelta(days=15), "preparation", 2)]
    c = scorecard(obs(*POOR_PAST, (10, 4, 4), (5, 4, 5), (1, 5, 4)) + late_logged_old, today=TODAY, half_life=HALF)
    assert c.momentum == IMPROVING
    # on the same day, the meeting with the higher number is the later one
    same_day = [Observation(11, TODAY - timedelta(days=1), "listening", 2),
                Observation(11, TODAY - timedelta(days=1), "preparation", 2)]
    c = scorecard(obs(*POOR_PAST, (10, 4, 4), (5, 4, 5), (1, 5, 4)) + same_day, today=TODAY, half_life=HALF)
    assert c.momentum is None


def test_other_dimensions_do_not_make_a_meeting_scored():
    extra = [Observation(20, TODAY, "punctuality", 1)]
    c = scorecard(obs(*POOR_PAST, (10, 4, 4), (5, 4, 5), (1, 5, 4)) + extra, today=TODAY, half_life=HALF)
    assert c.momentum == IMPROVING


def test_momentum_stays_beside_a_reciprocity_verdict():
    from netjournal.domain.scoring import Flow

    given = [Flow(TODAY - timedelta(days=60), "given", None, "lost") for _ in range(3)]
    c = scorecard(obs(*POOR_PAST, (10, 4, 4), (5, 4, 5), (1, 5, 4)), today=TODAY, half_life=HALF, flows=given)
    assert (c.verdict, c.momentum) == (ONE_WAY, IMPROVING)
    assert "meeting scores alone would say mixed" in c.reason and "improving" in c.reason
