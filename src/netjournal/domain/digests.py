"""Composite read-outs built from the records of :mod:`netjournal.domain.records`: the
GAINS profile (``netj gains``), the briefing (``netj prep``), the report
(``netj report``) and the day review (``netj review``).

Kept apart from the records so that ``netj due``, which needs none of them,
does not pay for defining them (each frozen dataclass costs a few hundred
microseconds to create; see docs/performance.md). Like the records, they are
serialised field by field, in declaration order, and documented in
``docs/json.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from netjournal.domain.due import DueItem
from netjournal.domain.records import DecisionRecord, FollowUpRecord, MeetingRecord, PersonRecord, PersonScorecard, ReferralRecord
from netjournal.domain.scoring import DimensionScore


@dataclass(frozen=True)
class GainsProfile:
    """``netj gains``: what you know of a person, and what you do not yet."""

    person: str  # handle
    name: str
    goals: str | None
    accomplishments: str | None
    interests: str | None
    networks: str | None
    skills: str | None
    unknown: tuple[str, ...]  # the GAINS fields still empty, in GAINS order

    @classmethod
    def of(cls, p: PersonRecord) -> "GainsProfile":
        g = p.gains()
        return cls(p.handle, p.name, *g.values(), tuple(k for k, v in g.items() if not v))


@dataclass(frozen=True)
class Briefing:
    """``netj prep``: one screen to read before meeting a person."""

    person: PersonRecord
    scorecard: PersonScorecard
    last_meetings: tuple[MeetingRecord, ...]  # the last three, newest first, with their notes
    you_promised: tuple[FollowUpRecord, ...]  # open follow-ups you owe them
    they_promised: tuple[FollowUpRecord, ...]  # open follow-ups they owe you
    referrals: tuple[ReferralRecord, ...]  # the last five, newest first
    unknown: tuple[str, ...]  # GAINS fields still empty: what to ask about
    latest_decision: DecisionRecord | None = None


# --- netj report ---------------------------------------------------------------------


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


@dataclass(frozen=True)
class OneWayStreet:
    person: str  # handle
    name: str
    meetings_in_period: int
    overall: float | None
    reason: str  # the scorecard's reason for the verdict


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


# --- netj review ---------------------------------------------------------------------


@dataclass(frozen=True)
class DayReview:
    """Everything ``netj review`` shows for one day."""

    day: date
    meetings: tuple[MeetingRecord, ...]
    follow_ups: tuple[FollowUpRecord, ...]
    tomorrow: date
    due_tomorrow: tuple[DueItem, ...]

    @property
    def empty(self) -> bool:
        return not self.meetings and not self.follow_ups
