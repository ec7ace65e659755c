"""Who can be among the best N, from summaries of everyone's scores.

``netj score --limit N`` and ``netj report`` rank thousands of people but show
a few. Instead of a scorecard for everyone, the database sums each person's
scores up (:func:`netjournal.storage.queries.scores.summaries`): per verdict
dimension, how many and the recency-weighted average. That is all a verdict,
an overall and a rank need (:func:`scoring.verdict_of`, :func:`scoring.overall_of`,
:func:`scoring.ranked_by`, the same rules a scorecard follows), so
:func:`estimate` places everyone, and only the shortlisted get a full
scorecard, which is what is shown.

The database adds the same terms in another order, so an average can differ
from the scorecard's in its last bits and round the other way at a ``.xx5``
boundary. Every decision taken on an estimate keeps a :data:`MARGIN`:
:func:`shortlist` keeps whoever could be among the best N if their number
moved by it, and an estimate that close to the one-way threshold is
``uncertain`` and gets a full scorecard too. So the result is the ranking
of full scorecards, exactly (tests/storage/test_shortlist.py checks it
against scoring everyone, on both backends).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from netjournal.domain.scoring import (
    MIN_SCORED,
    NOT_ENOUGH,
    ONE_WAY,
    POOR_AT_MOST,
    Reciprocity,
    overall_of,
    ranked_by,
    rounded,
    verdict_of,
)

# Two rounding steps of 0.01 (each average, then the overall) and the float noise.
MARGIN = 0.03

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Summary:
    """A person's scores on the verdict dimensions, summed up: per dimension
    (in ``VERDICT_DIMENSIONS`` order) the count and the unrounded weighted average."""

    person_id: int
    counts: tuple[int, ...]
    averages: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Estimate:
    person_id: int
    scored: bool  # has a score on a verdict dimension
    verdict: str  # with reciprocity, as the scorecard's
    overall: float | None
    tier: tuple[int, int]  # rank_key's exact part: has a verdict, one-way on reciprocity
    uncertain: bool  # an average within MARGIN of POOR_AT_MOST: whether it is a one-way street needs the scorecard


def estimate(summary: Summary, referrals: Reciprocity | None) -> Estimate:
    """Where a person ranks, from their summary and their reciprocity."""
    averages = [rounded(a) for a in summary.averages]
    verdict = verdict_of(list(zip(summary.counts, averages, strict=True)))
    if referrals is not None and referrals.one_way:
        verdict = ONE_WAY  # as scoring.scorecard: reciprocity overrides the meeting scores
    overall = overall_of(averages)
    key = ranked_by(verdict, overall, referrals, "")
    near = any(n >= MIN_SCORED and a is not None and abs(a - POOR_AT_MOST) <= MARGIN
               for n, a in zip(summary.counts, summary.averages, strict=True))
    return Estimate(summary.person_id, any(summary.counts), verdict, overall, (key[0], key[1]),
                    near and not (referrals is not None and referrals.one_way))


def ranked(e: Estimate) -> bool:
    """Whether a ranking shows this person at all (never scored and no verdict: nothing to rank them by)."""
    return e.scored or e.verdict != NOT_ENOUGH


def by_rank(e: Estimate) -> tuple[tuple, float]:
    """The ranking's order (:func:`scoring.rank_key`): the exact part, and the estimated number (best first)."""
    return e.tier, -(e.overall if e.overall is not None else 0.0)


def shortlist(items: Iterable[T], limit: int, key: Callable[[T], tuple[tuple, float]]) -> list[T]:
    """Everyone who could be among the best ``limit`` by ``key`` (an exact part,
    then an estimated number, lowest first): the best ``limit`` by the estimate,
    and whoever ties the last of them on the exact part within :data:`MARGIN`."""
    items = list(items)
    if len(items) <= limit:
        return items
    exact, number = heapq.nsmallest(limit, map(key, items))[-1]
    return [x for x in items if (k := key(x))[0] < exact or (k[0] == exact and k[1] <= number + MARGIN)]
