"""Scorecards: how each partner showed up, turned into numbers and a verdict.

Pure functions over plain data; ``today`` is always an argument. Scores are
stored one row per (meeting, person, dimension), so a third dimension only has
to be added to :data:`DIMENSIONS` (and, if it should count towards the
verdict, to :data:`VERDICT_DIMENSIONS`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from netjournal.domain.dates import Span
from netjournal.domain.vocab import DIMENSIONS

VERDICT_DIMENSIONS: tuple[str, ...] = ("listening", "preparation")

TWO_WAY = "two-way street"
ONE_WAY = "one-way street"
MIXED = "mixed"
NOT_ENOUGH = "not enough data"

GOOD_AT_LEAST = 4.0
POOR_AT_MOST = 2.0
MIN_SCORED = 2
RECENT_WINDOW = 3
TREND_MIN_COUNT = RECENT_WINDOW + 1
TREND_STEP = 0.25

# Reciprocity: referrals over the last 12 months. A partner you gave this many
# referrals to, and who gave you none back, is a one-way street whatever
# their meeting scores.
RECIPROCITY_MONTHS = 12
ONE_WAY_GIVEN_AT_LEAST = 3


@dataclass(frozen=True)
class Observation:
    """One score: a person in a meeting on one dimension."""

    meeting_id: int
    on_date: date
    dimension: str
    value: int
    author: str | None = None  # who gave it (schema v5); scoring itself ignores it


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    count: int
    average: float | None  # recency-weighted
    mean: float | None  # all-time, unweighted
    recent: float | None  # mean of the last RECENT_WINDOW scores
    trend: str | None  # "up", "down", "flat"; None below TREND_MIN_COUNT scores
    history: tuple[int, ...] = ()  # oldest first, for the sparkline


@dataclass(frozen=True)
class Flow:
    """One referral, as reciprocity sees it: when, and which way."""

    on_date: date
    direction: str  # "given" (you → them) or "received" (them → you)
    author: str | None = None  # who recorded it (schema v5)


@dataclass(frozen=True)
class Reciprocity:
    """Referrals given to and received from a person over the last 12 months."""

    since: date  # the window is since < date <= today
    given: int
    received: int
    balance: int  # received - given: positive when they have given you more

    @property
    def one_way(self) -> bool:
        return self.given >= ONE_WAY_GIVEN_AT_LEAST and self.received == 0

    def describe(self) -> str:
        def n(k: int) -> str:
            return f"{k} referral{'s' if k != 1 else ''}"

        if self.one_way:
            return (f"on reciprocity: you gave {n(self.given)} in the last {RECIPROCITY_MONTHS} months "
                    "and received none")
        return f"referrals in the last {RECIPROCITY_MONTHS} months: {self.given} given, {self.received} received"


def year_before(today: date) -> date:
    """The same day a year earlier (28 February for a 29th)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def reciprocity(flows: Iterable[Flow], *, today: date) -> Reciprocity:
    since = year_before(today)
    given = received = 0
    for f in flows:
        if not since < f.on_date <= today:
            continue
        if f.direction == "given":
            given += 1
        else:
            received += 1
    return Reciprocity(since, given, received, received - given)


@dataclass(frozen=True)
class Scorecard:
    scored_meetings: int
    last_scored_on: date | None
    overall: float | None  # mean of the verdict dimensions' weighted averages
    verdict: str
    reason: str
    dimensions: tuple[DimensionScore, ...] = field(default_factory=tuple)
    referrals: Reciprocity | None = None
    leaning: str | None = None  # with "not enough data": the verdict the few scores point to

    def dimension(self, name: str) -> DimensionScore | None:
        return next((d for d in self.dimensions if d.dimension == name), None)


def weight(on_date: date, today: date, half_life: Span) -> float:
    """Exponential recency weight: a score one half-life old counts half."""
    age = max((today - on_date).days, 0)
    return 0.5 ** (age / half_life.approx_days)


def _round(x: float | None) -> float | None:
    return None if x is None else round(x + 1e-9, 2)


def _dimension_score(name: str, obs: Sequence[Observation], today: date, half_life: Span) -> DimensionScore:
    ordered = sorted(obs, key=lambda o: (o.on_date, o.meeting_id))
    values = [o.value for o in ordered]
    if not values:
        return DimensionScore(name, 0, None, None, None, None, ())
    weights = [weight(o.on_date, today, half_life) for o in ordered]
    average = sum(w * v for w, v in zip(weights, values, strict=True)) / sum(weights)
    mean = sum(values) / len(values)
    recent = sum(values[-RECENT_WINDOW:]) / len(values[-RECENT_WINDOW:])
    trend = None
    if len(values) >= TREND_MIN_COUNT:
        delta = recent - mean
        trend = "up" if delta >= TREND_STEP else "down" if delta <= -TREND_STEP else "flat"
    return DimensionScore(name, len(values), _round(average), _round(mean), _round(recent), trend, tuple(values))


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}"


def _verdict(dims: dict[str, DimensionScore], scored_meetings: int, min_scored: int = MIN_SCORED) -> tuple[str, str]:
    judged = [dims[d] for d in VERDICT_DIMENSIONS if d in dims]
    enough = [d for d in judged if d.count >= min_scored]
    poor = [d for d in enough if d.average is not None and d.average <= POOR_AT_MOST]
    if poor:
        what = " and ".join(f"{d.dimension} {_fmt(d.average)}" for d in poor)
        return ONE_WAY, f"{what} (at most {_fmt(POOR_AT_MOST)}) over {scored_meetings} scored meetings"
    if len(enough) == len(judged) and judged and all(d.average is not None and d.average >= GOOD_AT_LEAST for d in judged):
        what = " and ".join(f"{d.dimension} {_fmt(d.average)}" for d in judged)
        return TWO_WAY, f"{what} (all at least {_fmt(GOOD_AT_LEAST)}) over {scored_meetings} scored meetings"
    if enough:
        what = ", ".join(
            f"{d.dimension} {_fmt(d.average)}" if d.count else f"{d.dimension} unscored" for d in judged
        )
        return MIXED, f"{what} over {scored_meetings} scored meetings: not all at least {_fmt(GOOD_AT_LEAST)}, none at most {_fmt(POOR_AT_MOST)}"
    if scored_meetings == 0:
        return NOT_ENOUGH, "no scored meetings yet"
    return NOT_ENOUGH, f"{scored_meetings} scored meeting; a verdict needs at least {MIN_SCORED} per dimension"


def scorecard(observations: Iterable[Observation], *, today: date, half_life: Span,
              flows: Iterable[Flow] = ()) -> Scorecard:
    """A person's scorecard from all of their scores and referrals.

    The verdict comes from the meeting scores, except that a partner to whom
    you gave :data:`ONE_WAY_GIVEN_AT_LEAST` or more referrals in the last 12
    months, and who gave none back, is a one-way street on reciprocity."""
    by_dim: dict[str, list[Observation]] = defaultdict(list)
    meetings: set[int] = set()
    last: date | None = None
    for o in observations:
        by_dim[o.dimension].append(o)
        meetings.add(o.meeting_id)
        last = o.on_date if last is None or o.on_date > last else last
    names = list(DIMENSIONS) + sorted(d for d in by_dim if d not in DIMENSIONS)
    dims = {n: _dimension_score(n, by_dim.get(n, ()), today, half_life) for n in names}
    verdict, reason = _verdict(dims, len(meetings))
    leaning = None
    if verdict == NOT_ENOUGH and meetings:
        # Too few scores for a verdict, but a first meeting already says something.
        leaning, why = _verdict(dims, len(meetings), min_scored=1)
        if leaning != NOT_ENOUGH:
            reason = f"{reason}; so far it leans {leaning}: {why.split(' over ')[0]}"
        else:
            leaning = None
    recip = reciprocity(flows, today=today)
    if recip.one_way:
        if verdict == ONE_WAY:
            reason = f"{recip.describe()}; and on meeting scores, {reason}"
        elif verdict == NOT_ENOUGH:
            reason = f"{recip.describe()} (meeting scores: {reason})"
        else:
            reason = f"{recip.describe()} (meeting scores alone would say {verdict}: {reason})"
        verdict = ONE_WAY
    averages = [a for d in VERDICT_DIMENSIONS if (a := dims[d].average) is not None]
    overall = _round(sum(averages) / len(averages)) if averages else None
    return Scorecard(len(meetings), last, overall, verdict, reason, tuple(dims[n] for n in names), recip,
                     leaning if verdict == NOT_ENOUGH else None)


_VERDICT_ORDER = {TWO_WAY: 0, MIXED: 1, ONE_WAY: 2, NOT_ENOUGH: 3}


def rank_key(card: Scorecard, name: str) -> tuple:
    """Sort key for ranking people: a verdict first, best overall first, then by
    name; a one-way street on reciprocity ranks after everyone with a verdict
    however well they score in meetings."""
    has_verdict = card.verdict != NOT_ENOUGH
    return (
        0 if has_verdict else 1,
        1 if card.referrals is not None and card.referrals.one_way else 0,
        -(card.overall if card.overall is not None else 0.0),
        _VERDICT_ORDER[card.verdict],
        name.casefold(),
    )
