"""The numbers of ``netj report``: meetings per week and per day, partners
ranked, referral flows, one-way streets, partners you owe, relationships
drifting.

Pure functions over plain rows; ``today`` (the last day of the period) is
always an argument. The storage layer hands in rows, :mod:`netjournal.app.report`
wires the two together.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from netjournal.domain.dates import Span
from netjournal.domain.due import DueItem, PersonClock, build_due
from netjournal.domain.scoring import (
    NOT_ENOUGH,
    ONE_WAY,
    REFERRAL_CHECK,
    DimensionScore,
    Flow,
    Reciprocity,
    Scorecard,
    rank_key,
    reciprocity,
    year_before,
)
from netjournal.domain.vocab import OUTCOMES

LEVELS = 4  # shades above "no meeting" in the calendar
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class WeekCount:
    """Meetings in one ISO week of a report's period (days outside it not counted)."""

    week: str  # ISO week, e.g. 2026-W24
    starts_on: date  # its Monday
    meetings: int


@dataclass(frozen=True)
class MeetingCalendar:
    """Meetings per day as a calendar grid: 7 rows (Monday first) by one
    column per week; ``null`` for the days of the first and last week that
    fall outside the period."""

    max_per_day: int
    weeks: tuple[date, ...]  # the Monday of each column
    months: tuple[str, ...]  # per column: "Jun" where a month starts, else ""
    meetings: tuple[tuple[int | None, ...], ...]  # [weekday][column]
    levels: tuple[tuple[int | None, ...], ...]  # the same cells shaded 0-4 (4 = the busiest day)


@dataclass(frozen=True)
class ReportPartner:
    """A partner met in the period, with their (all-time) scorecard."""

    person: str  # handle
    name: str
    status: str
    meetings_in_period: int
    scored_meetings: int
    last_scored_on: date | None
    overall: float | None
    verdict: str
    reason: str
    dimensions: tuple[DimensionScore, ...] = ()
    leaning: str | None = None  # with "not enough data": what one scored meeting points to
    momentum: str | None = None  # "improving" or "declining" (as in the scorecard)
    referrals: Reciprocity | None = None  # the last 12 months of referrals (as in the scorecard)


@dataclass(frozen=True)
class OneWayStreet:
    person: str  # handle
    name: str
    meetings_in_period: int
    overall: float | None
    reason: str  # the scorecard's reason for the verdict


@dataclass(frozen=True)
class OwedPartner:
    """A partner you owe: two or more referrals from them in 12 months, none from you."""

    person: str  # handle
    name: str
    status: str
    received: int  # referrals they gave you in the last 12 months
    given: int  # referrals you gave them in the last 12 months
    last_received_on: date  # the latest of them


@dataclass(frozen=True)
class ReferralPartnerFlow:
    person: str  # handle
    name: str
    referrals: int
    value: float  # sum of the values recorded; 0 when none


@dataclass(frozen=True)
class ReferralSide:
    """Referrals one way: ``given`` (you → person) or ``received`` (person → you)."""

    count: int
    introductions: int  # of them, those that introduced the person to someone (other_person set)
    value: float  # sum of the values recorded; 0 when none
    outcomes: dict[str, int]  # open, met, won, lost
    top: tuple[ReferralPartnerFlow, ...]


@dataclass(frozen=True)
class ReferralFlows:
    given: ReferralSide
    received: ReferralSide


@dataclass(frozen=True)
class JournalReport:
    """Everything ``netj report`` shows, for the days ``since`` .. ``until``."""

    since: date
    until: date  # today
    days: int
    meetings: int
    people_met: int
    weeks: tuple[WeekCount, ...]
    calendar: MeetingCalendar
    partners: tuple[ReportPartner, ...]
    referrals: ReferralFlows
    one_way_streets: tuple[OneWayStreet, ...]
    one_way_total: int
    drifting: tuple[DueItem, ...]
    you_owe: tuple[OwedPartner, ...] = ()
    you_owe_total: int = 0


@dataclass(frozen=True)
class MetInPeriod:
    """Someone who attended at least one meeting of the period."""

    id: int
    handle: str
    name: str
    status: str
    meetings: int  # meetings of the period they attended


@dataclass(frozen=True)
class ReferralRow:
    direction: str  # given | received
    person_id: int
    handle: str
    name: str
    other_person_id: int | None
    outcome: str  # open | met | won | lost
    value: float | None


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _days(since: date, until: date) -> Iterable[date]:
    for n in range((until - since).days + 1):
        yield since + timedelta(days=n)


def weekly(per_day: Mapping[date, int], *, since: date, today: date) -> tuple[WeekCount, ...]:
    """One row per ISO week that has a day in ``since`` .. ``today``, oldest
    first, with the meetings of its days inside the period (weeks without
    meetings included, as zero)."""
    counts: dict[date, int] = {}
    monday = _monday(since)
    while monday <= today:
        counts[monday] = 0
        monday += timedelta(days=7)
    for day, n in per_day.items():
        if since <= day <= today:
            counts[_monday(day)] += n
    out = []
    for monday, n in counts.items():
        year, week, _ = monday.isocalendar()
        out.append(WeekCount(f"{year}-W{week:02d}", monday, n))
    return tuple(out)


def heat_level(count: int, busiest: int) -> int:
    """A day's shade, 0 (no meeting) to :data:`LEVELS` (as busy as the busiest day)."""
    if count <= 0 or busiest <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * count / busiest)))


def calendar(per_day: Mapping[date, int], *, since: date, today: date) -> MeetingCalendar:
    """The period as a calendar: Monday..Sunday rows, one column per week,
    each cell the day's meetings (None outside the period), like a
    contribution graph. A column is labelled with a month when the 1st of
    that month falls in it (the first column with the period's month, unless
    a label follows within three columns, where the two would overlap)."""
    weeks = []
    monday = _monday(since)
    while monday <= today:
        weeks.append(monday)
        monday += timedelta(days=7)
    inside = {d: per_day.get(d, 0) for d in _days(since, today)}
    busiest = max(inside.values(), default=0)
    meetings = tuple(
        tuple(inside.get(w + timedelta(days=row)) for w in weeks) for row in range(7)
    )
    levels = tuple(tuple(None if c is None else heat_level(c, busiest) for c in r) for r in meetings)
    months = []
    for _i, w in enumerate(weeks):
        firsts = [d for d in (w + timedelta(days=k) for k in range(7)) if d.day == 1 and since <= d <= today]
        months.append(MONTHS[firsts[0].month - 1] if firsts else "")
    if weeks and not months[0] and not any(months[1:4]):
        months[0] = MONTHS[since.month - 1]
    return MeetingCalendar(busiest, tuple(weeks), tuple(months), meetings, levels)


class PartnerBoard:
    """The best-ranked partners and the one-way streets among people met in
    the period, kept while their scorecards stream in: memory holds at most
    about ``2 × limit`` people whatever the size of the journal."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._ranked: list[tuple] = []
        self._one_way: list[tuple] = []
        self.one_way_total = 0
        self._n = 0

    def add(self, person: MetInPeriod, card: Scorecard) -> None:
        self._n += 1
        if card.verdict == NOT_ENOUGH and card.leaning is None:
            return  # never scored: nothing to rank them by
        row = ReportPartner(
            person.handle, person.name, person.status, person.meetings, card.scored_meetings,
            card.last_scored_on, card.overall, card.verdict, card.reason, card.dimensions, card.leaning,
            card.momentum, card.referrals,
        )
        self._push(self._ranked, (rank_key(card, person.name), self._n, row))
        if card.verdict == ONE_WAY:
            self.one_way_total += 1
            street = OneWayStreet(person.handle, person.name, person.meetings, card.overall, card.reason)
            # the ones you spent the most meetings on first, then the lowest score
            key = (-person.meetings, card.overall if card.overall is not None else 0.0, person.name.casefold())
            self._push(self._one_way, (key, self._n, street))

    def _push(self, heap: list, item: tuple) -> None:
        # prune to the best `limit` now and then, as app.scores.ranking does
        heap.append(item)
        if len(heap) > 2 * self.limit + 100:
            heap[:] = heapq.nsmallest(self.limit, heap)

    def partners(self) -> tuple[ReportPartner, ...]:
        return tuple(row for _, _, row in heapq.nsmallest(self.limit, self._ranked))

    def one_way_streets(self) -> tuple[OneWayStreet, ...]:
        return tuple(row for _, _, row in heapq.nsmallest(self.limit, self._one_way))


def _side(rows: list[ReferralRow], limit: int) -> ReferralSide:
    outcomes = dict.fromkeys(OUTCOMES, 0)
    per: dict[int, list] = {}
    for r in rows:
        outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
        entry = per.setdefault(r.person_id, [r.handle, r.name, 0, 0.0])
        entry[2] += 1
        entry[3] += r.value or 0.0
    top = sorted(per.values(), key=lambda e: (-e[2], -e[3], e[1].casefold(), e[0]))[:limit]
    return ReferralSide(
        count=len(rows),
        introductions=sum(1 for r in rows if r.other_person_id is not None),
        value=round(sum((r.value or 0.0 for r in rows), 0.0), 2),
        outcomes=outcomes,
        top=tuple(ReferralPartnerFlow(h, n, c, round(v, 2)) for h, n, c, v in top),
    )


def referral_flows(rows: Iterable[ReferralRow], *, limit: int) -> ReferralFlows:
    """Referrals given and received: counts, outcomes, value, and the partners
    they went to (given) or came from (received), most referrals first."""
    by: dict[str, list[ReferralRow]] = defaultdict(list)
    for r in rows:
        by[r.direction].append(r)
    return ReferralFlows(given=_side(by["given"], limit), received=_side(by["received"], limit))


def partners_you_owe(
    people: Mapping[int, tuple[str, str, str]], flows: Mapping[int, Sequence[Flow]], *, today: date,
    check: Span = REFERRAL_CHECK, limit: int,
) -> tuple[tuple[OwedPartner, ...], int]:
    """The partners among ``people`` (``{id: (handle, name, status)}``) whom you
    owe as of ``today`` (``Reciprocity.you_owe``), the most referrals received
    first, then the one waiting longest, then by name; and how many in all."""
    since = year_before(today)
    owed = []
    for pid, (handle, name, status) in people.items():
        r = reciprocity(flows.get(pid, ()), today=today, check=check)
        if r.you_owe:
            last = max(f.on_date for f in flows[pid] if f.direction == "received" and since < f.on_date <= today)
            owed.append(OwedPartner(handle, name, status, r.received, r.given, last))
    owed.sort(key=lambda o: (-o.received, o.last_received_on, o.name.casefold(), o.person))
    return tuple(owed[:limit]), len(owed)


def drifting(
    people: Iterable[PersonClock], scorecards: Mapping[int, Scorecard], *, today: date, limit: int
) -> tuple[DueItem, ...]:
    """Relationships past their cadence (due before today, not today), the
    latest relative to cadence first: the contacts of ``netj due``, in its order."""
    report = build_due(people=people, follow_ups=(), reviews=(), scorecards=scorecards, today=today,
                       within=Span(0, "d"))
    return tuple(i for i in report.contacts if i.days_overdue > 0)[:limit]
