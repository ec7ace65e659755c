"""The ranking's estimates follow the scorecard's rules (domain/shortlist.py), and
the shortlist keeps whoever could tie within the margin."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.dates import Span
from netjournal.domain.scoring import VERDICT_DIMENSIONS, Flow, Observation, rank_key, reciprocity, scorecard, weight
from netjournal.domain.shortlist import MARGIN, Summary, by_rank, estimate, shortlist

TODAY = date(2026, 6, 15)
HALF_LIFE = Span(180, "d")

observation = st.builds(
    Observation, meeting_id=st.integers(1, 30), on_date=st.integers(-5, 800).map(lambda d: TODAY - timedelta(days=d)),
    dimension=st.sampled_from(VERDICT_DIMENSIONS), value=st.integers(1, 5))
flow = st.builds(Flow, on_date=st.integers(0, 400).map(lambda d: TODAY - timedelta(days=d)),
                 direction=st.sampled_from(("given", "received")), outcome=st.sampled_from(("open", "met", "won", "lost")))


def summary_of(obs: list[Observation]) -> Summary:
    """What the database sums up, added in the scorecard's order (so equal to the last bit)."""
    counts, averages = [], []
    for dim in VERDICT_DIMENSIONS:
        mine = sorted((o for o in obs if o.dimension == dim), key=lambda o: (o.on_date, o.meeting_id))
        weights = [weight(o.on_date, TODAY, HALF_LIFE) for o in mine]
        counts.append(len(mine))
        averages.append(sum(w * o.value for w, o in zip(weights, mine, strict=True)) / sum(weights) if mine else None)
    return Summary(1, tuple(counts), tuple(averages))


@given(st.lists(observation, max_size=12, unique_by=lambda o: (o.meeting_id, o.dimension)), st.lists(flow, max_size=6))
def test_an_estimate_has_the_scorecards_verdict_overall_and_rank(obs, flows):
    card = scorecard(obs, today=TODAY, half_life=HALF_LIFE, flows=flows)
    e = estimate(summary_of(obs), reciprocity(flows, today=TODAY))
    assert (e.verdict, e.overall) == (card.verdict, card.overall)
    assert e.tier == rank_key(card, "x")[:2]
    assert by_rank(e)[1] == rank_key(card, "x")[2]


def test_the_shortlist_keeps_the_best_and_whoever_could_tie_with_the_last_of_them():
    items = [((0,), 0.0), ((0,), 0.5), ((0,), 0.5 + MARGIN / 2), ((0,), 0.5 + 2 * MARGIN), ((1,), -9.0), ((0,), 0.1)]
    assert shortlist(items, 3, lambda x: x) == [((0,), 0.0), ((0,), 0.5), ((0,), 0.5 + MARGIN / 2), ((0,), 0.1)]
    assert shortlist(items, 6, lambda x: x) == items  # no more than asked for: all of them
    assert ((1,), -9.0) not in shortlist(items, 5, lambda x: x)  # a worse tier however good its number
