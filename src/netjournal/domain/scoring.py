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
# A verdict's momentum: where the last RECENT_WINDOW scored meetings point.
IMPROVING = "improving"
DECLINING = "declining"

GOOD_AT_LEAST = 4.0
POOR_AT_MOST = 2.0
MIN_SCORED = 2
RECENT_WINDOW = 3
TREND_MIN_COUNT = RECENT_WINDOW + 1
TREND_STEP = 0.25

# Reciprocity: referrals over the last 12 months (docs/json.md#reciprocity).
RECIPROCITY_MONTHS = 12
# Given this many, none back and none honoured (lost, or gone quiet): a
# one-way street on reciprocity, whatever the meeting scores.
ONE_WAY_GIVEN_AT_LEAST = 3
# They honour your referrals: at least this many of those you gave were met
# or won, and at least this share of those whose fate is known or overdue.
HONOURED_AT_LEAST = 2
HONOURED_SHARE = 0.5
HONOURED_OUTCOMES = ("met", "won")
# You owe them: they gave you at least this many and you gave at most this many.
OWED_RECEIVED_AT_LEAST = 2
OWED_GIVEN_AT_MOST = 0
# A referral you gave still open this long after has gone quiet: `netj due`
# asks how it went, and reciprocity counts it as not honoured (NETJ_REFERRAL_CHECK).
REFERRAL_CHECK = Span(30, "d")


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
    """One referral, as reciprocity sees it: when, which way, and how it turned out."""

    on_date: date
    direction: str  # "given" (you → them) or "received" (them → you)
    author: str | None = None  # who recorded it (schema v5)
    outcome: str = "open"  # open | met | won | lost


def ask_on(referred_on: date, check: Span = REFERRAL_CHECK) -> date:
    """When a referral you gave, still open, has gone quiet: ``netj due`` asks
    how it went from this day on, and reciprocity counts it as not honoured."""
    return check.after(referred_on)


def gone_quiet(outcome: str, referred_on: date, *, today: date, check: Span = REFERRAL_CHECK) -> bool:
    return outcome == "open" and ask_on(referred_on, check) <= today


def still_counts(referred_on: date, today: date) -> bool:
    """Whether a referral is in the reciprocity window (the last 12 months):
    only those count for reciprocity, and only those ``netj due`` asks about."""
    return year_before(today) < referred_on <= today


def _n(k: int, what: str = "referral") -> str:
    return f"{k} {what}{'s' if k != 1 else ''}"


@dataclass(frozen=True)
class Reciprocity:
    """Referrals given to and received from a person over the last 12 months,
    and what became of those you gave."""

    since: date  # the window is since < date <= today
    given: int
    received: int
    balance: int  # received - given: positive when they have given you more
    honoured: int = 0  # given, and met or won
    lost: int = 0  # given, and lost
    open: int = 0  # given, outcome still open (gone quiet or not)
    gone_quiet: int = 0  # of the open, those open for NETJ_REFERRAL_CHECK or longer
    one_way: bool = False  # given >= 3, none back, none honoured and 3 or more lost or gone quiet
    honours: bool = False  # they honour your referrals (HONOURED_AT_LEAST, HONOURED_SHARE)
    you_owe: bool = False  # received >= 2 and given 0: you owe them

    def fates(self) -> str:
        """What became of the referrals you gave: ``2 met or won, 1 lost, 1 gone quiet, 1 still open``."""
        counts = ((self.honoured, "met or won"), (self.lost, "lost"), (self.gone_quiet, "gone quiet"),
                  (self.open - self.gone_quiet, "still open"))
        return ", ".join(f"{n} {what}" for n, what in counts if n)

    def describe(self) -> str:
        """The sentence the verdict's reason carries, when reciprocity says something."""
        months = f"in the last {RECIPROCITY_MONTHS} months"
        if self.one_way:
            return (f"on reciprocity: you gave {_n(self.given)} {months}, received none, "
                    f"and none was honoured ({self.fates()})")
        if self.honours:
            back = "none back" if not self.received else f"{self.received} back"
            return (f"they honour your referrals: {self.honoured} of the {self.given} you gave {months} "
                    f"were met or won ({back})")
        if self.you_owe:
            return f"you owe them: {_n(self.received)} received {months}, {self.given or 'none'} given"
        return f"referrals {months}: {self.given} given, {self.received} received"


def year_before(today: date) -> date:
    """The same day a year earlier (28 February for a 29th)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def reciprocity(flows: Iterable[Flow], *, today: date, check: Span = REFERRAL_CHECK) -> Reciprocity:
    """The last 12 months of referrals with a person, judged: a one-way street
    on reciprocity (``one_way``), a partner who honours your referrals
    (``honours``), or one you owe (``you_owe``); at most one of them holds."""
    given = received = honoured = lost = still_open = quiet = 0
    for f in flows:
        if not still_counts(f.on_date, today):
            continue
        if f.direction != "given":
            received += 1
            continue
        given += 1
        if f.outcome in HONOURED_OUTCOMES:
            honoured += 1
        elif f.outcome == "lost":
            lost += 1
        else:
            still_open += 1
            quiet += gone_quiet(f.outcome, f.on_date, today=today, check=check)
    settled = honoured + lost + quiet  # the referrals whose fate is known, or overdue
    one_way = received == 0 and honoured == 0 and lost + quiet >= ONE_WAY_GIVEN_AT_LEAST
    honours = honoured >= HONOURED_AT_LEAST and honoured >= HONOURED_SHARE * settled
    you_owe = received >= OWED_RECEIVED_AT_LEAST and given <= OWED_GIVEN_AT_MOST
    return Reciprocity(year_before(today), given, received, received - given, honoured, lost, still_open, quiet,
                       one_way, honours, you_owe)


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
    momentum: str | None = None  # "improving", "declining" or None (see momentum())

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


def verdict_of(judged: Sequence[tuple[int, float | None]], min_scored: int = MIN_SCORED) -> str:
    """The meeting scores' verdict from each verdict dimension's (count, rounded
    weighted average): the one rule that both a scorecard and the ranking's
    summaries (:mod:`netjournal.domain.shortlist`) follow."""
    enough = [a for n, a in judged if n >= min_scored]
    if any(a is not None and a <= POOR_AT_MOST for a in enough):
        return ONE_WAY
    if len(enough) == len(judged) and judged and all(a is not None and a >= GOOD_AT_LEAST for _, a in judged):
        return TWO_WAY
    return MIXED if enough else NOT_ENOUGH


def _verdict(dims: dict[str, DimensionScore], scored_meetings: int, min_scored: int = MIN_SCORED) -> tuple[str, str]:
    judged = [dims[d] for d in VERDICT_DIMENSIONS if d in dims]
    enough = [d for d in judged if d.count >= min_scored]
    kind = verdict_of([(d.count, d.average) for d in judged], min_scored)
    if kind == ONE_WAY:
        poor = [d for d in enough if d.average is not None and d.average <= POOR_AT_MOST]
        what = " and ".join(f"{d.dimension} {_fmt(d.average)}" for d in poor)
        return ONE_WAY, f"{what} (at most {_fmt(POOR_AT_MOST)}) over {scored_meetings} scored meetings"
    if kind == TWO_WAY:
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


def momentum(observations: Iterable[Observation], dims: dict[str, DimensionScore]) -> tuple[str | None, str]:
    """``improving`` when the last :data:`RECENT_WINDOW` scored meetings are all
    at least :data:`GOOD_AT_LEAST` on every verdict dimension while a weighted
    average is still below it; ``declining``, the mirror: all at most
    :data:`POOR_AT_MOST` while every weighted average is still above it. With
    the sentence the reason adds; ``(None, "")`` otherwise."""
    scored: dict[int, tuple[date, dict[str, int]]] = {}
    for o in observations:
        if o.dimension in VERDICT_DIMENSIONS:
            scored.setdefault(o.meeting_id, (o.on_date, {}))[1][o.dimension] = o.value
    last = [values for _, (_, values) in sorted(scored.items(), key=lambda m: (m[1][0], m[0]))][-RECENT_WINDOW:]
    if len(last) < RECENT_WINDOW or any(len(values) < len(VERDICT_DIMENSIONS) for values in last):
        return None, ""
    every = [v for values in last for v in values.values()]
    averages = [dims[d].average or 0.0 for d in VERDICT_DIMENSIONS]
    on = " and ".join(VERDICT_DIMENSIONS)
    if all(v >= GOOD_AT_LEAST for v in every) and any(a < GOOD_AT_LEAST for a in averages):
        return IMPROVING, (f"improving: the last {RECENT_WINDOW} scored meetings were all at least "
                           f"{_fmt(GOOD_AT_LEAST)} on {on}")
    if all(v <= POOR_AT_MOST for v in every) and all(a > POOR_AT_MOST for a in averages):
        return DECLINING, (f"declining: the last {RECENT_WINDOW} scored meetings were all at most "
                           f"{_fmt(POOR_AT_MOST)} on {on}")
    return None, ""


def scorecard(observations: Iterable[Observation], *, today: date, half_life: Span,
              flows: Iterable[Flow] = (), check: Span = REFERRAL_CHECK) -> Scorecard:
    """A person's scorecard from all of their scores and referrals.

    The verdict comes from the meeting scores, except that a partner to whom
    you gave :data:`ONE_WAY_GIVEN_AT_LEAST` or more referrals in the last 12
    months, who gave none back and honoured none of them, is a one-way street
    on reciprocity. The reason says so, and says when a partner honours your
    referrals or the last meetings point up or down (``momentum``)."""
    observations = list(observations)
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
    moving, why = momentum(observations, dims)
    if moving:
        reason = f"{reason}; {why}"
    recip = reciprocity(flows, today=today, check=check)
    if recip.one_way:
        if verdict == ONE_WAY:
            reason = f"{recip.describe()}; and on meeting scores, {reason}"
        elif verdict == NOT_ENOUGH:
            reason = f"{recip.describe()} (meeting scores: {reason})"
        else:
            reason = f"{recip.describe()} (meeting scores alone would say {verdict}: {reason})"
        verdict = ONE_WAY
    elif recip.honours:
        reason = f"{reason}; {recip.describe()}"
    overall = overall_of([dims[d].average for d in VERDICT_DIMENSIONS])
    return Scorecard(len(meetings), last, overall, verdict, reason, tuple(dims[n] for n in names), recip,
                     leaning if verdict == NOT_ENOUGH else None, moving)


def overall_of(averages: Iterable[float | None]) -> float | None:
    """A scorecard's overall: the mean of the verdict dimensions' (rounded) weighted averages."""
    known = [a for a in averages if a is not None]
    return _round(sum(known) / len(known)) if known else None


def rounded(x: float | None) -> float | None:
    """A weighted average as a scorecard shows it (two decimals)."""
    return _round(x)


_VERDICT_ORDER = {TWO_WAY: 0, MIXED: 1, ONE_WAY: 2, NOT_ENOUGH: 3}


def rank_key(card: Scorecard, name: str) -> tuple:
    """Sort key for ranking people: a verdict first, best overall first, then by
    name; a one-way street on reciprocity ranks after everyone with a verdict
    however well they score in meetings, and a partner who honours your
    referrals ranks by their scores like anyone else, first among equals."""
    return ranked_by(card.verdict, card.overall, card.referrals, name)


def ranked_by(verdict: str, overall: float | None, referrals: Reciprocity | None, name: str) -> tuple:
    """:func:`rank_key` from its parts (the ranking's summaries have no scorecard)."""
    return (
        0 if verdict != NOT_ENOUGH else 1,
        1 if referrals is not None and referrals.one_way else 0,
        -(overall if overall is not None else 0.0),
        0 if referrals is not None and referrals.honours else 1,
        _VERDICT_ORDER[verdict],
        name.casefold(),
    )
