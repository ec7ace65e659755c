"""Scorecards and verdicts from plain observations (no database)."""

from datetime import date, timedelta

import pytest

from netjournal.domain.dates import parse_cadence
from netjournal.domain.scoring import (
    MIXED,
    NOT_ENOUGH,
    ONE_WAY,
    TWO_WAY,
    Observation,
    rank_key,
    scorecard,
    weight,
)

TODAY = date(2026, 11, 22)
HALF = parse_cadence("180d")


def obs(*meetings):
    """meetings: (days ago, listening, preparation); None leaves a dimension unscored."""
    out = []
    for i, (ago, listening, preparation) in enumerate(meetings, 1):
        day = TODAY - timedelta(days=ago)
        if listening is not None:
            out.append(Observation(i, day, "listening", listening))
        if preparation is not None:
            out.append(Observation(i, day, "preparation", preparation))
    return out


def card(*meetings):
    return scorecard(obs(*meetings), today=TODAY, half_life=HALF)


def test_weight_halves_each_half_life():
    assert weight(TODAY, TODAY, HALF) == 1
    assert weight(TODAY - timedelta(days=180), TODAY, HALF) == pytest.approx(0.5)
    assert weight(TODAY - timedelta(days=360), TODAY, HALF) == pytest.approx(0.25)
    assert weight(TODAY + timedelta(days=3), TODAY, HALF) == 1  # a future date is not over-weighted


@pytest.mark.parametrize(
    ("meetings", "verdict"),
    [
        (((10, 5, 5), (40, 5, 4)), TWO_WAY),
        (((10, 4, 4), (40, 4, 4)), TWO_WAY),
        (((10, 1, 2), (40, 2, 1)), ONE_WAY),
        (((10, 5, 2), (40, 5, 2)), ONE_WAY),  # one poor dimension is enough
        (((10, 3, 4), (40, 4, 3)), MIXED),
        (((10, 5, 5),), NOT_ENOUGH),  # one meeting is not a pattern
        (((10, 5, None), (40, 5, None)), MIXED),  # preparation never scored
        ((), NOT_ENOUGH),
    ],
)
def test_verdicts(meetings, verdict):
    assert card(*meetings).verdict == verdict


def test_verdict_explains_itself():
    two_way = card((10, 5, 5), (40, 5, 4))
    assert "listening 5.0" in two_way.reason and "2 scored meetings" in two_way.reason
    one_way = card((10, 1, 2), (40, 2, 1))
    assert "at most 2.0" in one_way.reason


def test_recent_scores_weigh_more():
    # Long ago brilliant, lately poor: the weighted average is below the plain mean.
    c = card((720, 5, 5), (700, 5, 5), (20, 2, 2), (10, 2, 2))
    listening = c.dimension("listening")
    assert listening.mean == 3.5
    assert listening.average < 3.0
    assert listening.recent == pytest.approx(3.0)
    assert listening.trend == "down"
    assert listening.history == (5, 5, 2, 2)


def test_trend_needs_more_than_the_recent_window():
    assert card((30, 3, 3), (20, 4, 4), (10, 5, 5)).dimension("listening").trend is None
    assert card((40, 2, 2), (30, 3, 3), (20, 4, 4), (10, 5, 5)).dimension("listening").trend == "up"


def test_a_third_dimension_needs_no_new_code():
    observations = [*obs((10, 5, 5), (40, 5, 5)), Observation(1, TODAY, "punctuality", 2)]
    c = scorecard(observations, today=TODAY, half_life=HALF)
    assert [d.dimension for d in c.dimensions] == ["listening", "preparation", "punctuality"]
    assert c.dimension("punctuality").average == 2.0
    assert c.verdict == TWO_WAY  # only the verdict dimensions decide the verdict


def test_ranking_puts_two_way_streets_first():
    good = card((10, 5, 5), (40, 5, 4))
    poor = card((10, 1, 2), (40, 2, 1))
    unknown = card((10, 5, 5))
    ranked = sorted([("Ron", poor), ("Zed", unknown), ("Lorraine", good)], key=lambda p: rank_key(p[1], p[0]))
    assert [name for name, _ in ranked] == ["Lorraine", "Ron", "Zed"]


def test_the_weighted_average_uses_the_recency_weight():
    """The inlined weight in the scorecard agrees with weight() itself."""
    o = [Observation(1, TODAY - timedelta(days=400), "listening", 1),
         Observation(2, TODAY - timedelta(days=7), "listening", 5),
         Observation(3, TODAY + timedelta(days=2), "listening", 3)]  # a future date weighs as today
    w = [weight(x.on_date, TODAY, HALF) for x in o]
    expected = round(sum(wi * x.value for wi, x in zip(w, o, strict=True)) / sum(w) + 1e-9, 2)
    assert scorecard(o, today=TODAY, half_life=HALF).dimension("listening").average == expected
