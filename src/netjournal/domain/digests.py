"""Composite read-outs built from the records of :mod:`netjournal.domain.records`: the
GAINS profile (``netj gains``), the briefing (``netj prep``) and the day
review (``netj review``); the report's are in :mod:`netjournal.domain.report`.

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
from netjournal.domain.records import (
    DecisionRecord,
    FollowUpRecord,
    MeetingRecord,
    PersonRecord,
    PersonScorecard,
    ReferralRecord,
)


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
    def of(cls, p: PersonRecord) -> GainsProfile:
        g = p.gains()
        return cls(p.handle, p.name, g["goals"], g["accomplishments"], g["interests"], g["networks"], g["skills"],
                   tuple(k for k, v in g.items() if not v))


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
