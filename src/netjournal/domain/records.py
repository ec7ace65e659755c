"""The records netj reads and writes, as frozen dataclasses.

These are the public shapes: ``--json`` output and the export document are
these records serialised field by field, in declaration order (orjson
serialises dataclasses natively, dates as ISO-8601). They are plain
dataclasses rather than pydantic models so that read commands stay fast
(pydantic validates what comes *in*, see :mod:`netjournal.domain.inputs`). The
fields are described for script authors in ``docs/json.md``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date

from netjournal.domain.scoring import Reciprocity, Scorecard

EXPORT_SCHEMA_VERSION = 1
PERSON_DATES = ("review_on", "snoozed_until", "last_contact_on", "next_due_on")  # a PersonRecord's dates


@dataclass(frozen=True)
class PersonRecord:
    id: int
    handle: str
    name: str
    company: str | None
    title: str | None
    email: str | None
    phone: str | None
    url: str | None
    tags: tuple[str, ...]
    notes: str | None
    cadence: str | None
    status: str
    review_on: date | None
    snoozed_until: date | None
    last_contact_on: date | None
    next_due_on: date | None
    created_at: str
    updated_at: str
    birthday: str | None = None  # YYYY-MM-DD, or --MM-DD when the year is unknown (added in 0.2)
    # GAINS: what you know of the person (schema v3)
    goals: str | None = None
    accomplishments: str | None = None
    interests: str | None = None
    networks: str | None = None
    skills: str | None = None

    def gains(self) -> dict[str, str | None]:
        return {"goals": self.goals, "accomplishments": self.accomplishments, "interests": self.interests,
                "networks": self.networks, "skills": self.skills}


@dataclass(frozen=True)
class AttendeeRecord:
    person_id: int
    person: str  # handle
    minutes_late: int | None
    scores: dict[str, int | None]  # dimension -> 1..5 or null
    scored_by: dict[str, str] = field(default_factory=dict)  # dimension -> author, for scores with one (v5)


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    date: date
    time: str | None
    kind: str
    place: str | None
    notes: str | None
    attendees: tuple[AttendeeRecord, ...]
    created_at: str
    author: str | None = None  # who logged it (schema v5); null: logged before authors were recorded


@dataclass(frozen=True)
class MeetingDetail:
    """Everything ``netj meetings show`` prints: the meeting (its note,
    attendees, scores, punctuality, author) and the follow-ups promised at it."""

    meeting: MeetingRecord
    follow_ups: tuple[FollowUpRecord, ...]


@dataclass(frozen=True)
class FollowUpRecord:
    id: int
    person_id: int
    person: str  # handle
    meeting_id: int | None
    text: str
    due_on: date
    done_on: date | None
    created_at: str
    owed_by: str = "me"  # "me": you promised it; "them": the person promised it to you
    author: str | None = None  # who wrote it down (schema v5)


@dataclass(frozen=True)
class PersonScorecard:
    """A scorecard with the person it belongs to (``netj score``)."""

    person: str
    name: str
    status: str
    scored_meetings: int
    last_scored_on: date | None
    overall: float | None
    verdict: str
    reason: str
    dimensions: tuple = ()
    referrals: Reciprocity | None = None  # given/received over the last 12 months
    leaning: str | None = None  # with "not enough data": what the few scores point to
    author: str | None = None  # with --author / --by-author: whose scores and referrals these are
    momentum: str | None = None  # "improving" or "declining": where the last three scored meetings point

    @classmethod
    def of(cls, handle: str, name: str, status: str, card: Scorecard, author: str | None = None) -> PersonScorecard:
        return cls(
            person=handle,
            name=name,
            status=status,
            scored_meetings=card.scored_meetings,
            last_scored_on=card.last_scored_on,
            overall=card.overall,
            verdict=card.verdict,
            reason=card.reason,
            dimensions=card.dimensions,
            referrals=card.referrals,
            leaning=card.leaning,
            author=author,
            momentum=card.momentum,
        )


@dataclass(frozen=True)
class PersonDetail:
    """Everything ``netj people show`` prints."""

    person: PersonRecord
    scorecard: PersonScorecard
    meetings: tuple[MeetingRecord, ...]
    open_follow_ups: tuple[FollowUpRecord, ...]
    referrals: tuple[ReferralRecord, ...] = ()  # newest first, either side of an introduction
    decisions: tuple[DecisionRecord, ...] = ()  # oldest first
    gains_history: tuple[GainsChangeRecord, ...] = ()  # oldest first
    by_author: tuple[PersonScorecard, ...] = ()  # with --by-author: one scorecard per author


@dataclass(frozen=True)
class PersonSummary:
    """One row of ``netj people list``."""

    handle: str
    name: str
    company: str | None
    tags: tuple[str, ...]
    status: str
    cadence: str | None
    last_contact_on: date | None
    next_due_on: date | None
    overall: float | None
    verdict: str


@dataclass(frozen=True)
class LoggedMeeting:
    """What ``netj log`` recorded: the meeting, its follow-ups, new people."""

    meeting: MeetingRecord
    follow_ups: tuple[FollowUpRecord, ...]
    created_people: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RemovalPlan:
    """What ``netj people rm`` will delete."""

    person: str
    name: str
    meetings_attended: int
    meetings_deleted: int  # meetings where this person was the only attendee
    scores: int
    follow_ups: int


@dataclass(frozen=True)
class MeetingRemoval:
    """What ``netj meetings rm`` deletes: the meeting, its note, its scores and its follow-ups."""

    meeting: int  # its id
    date: date
    kind: str
    people: tuple[str, ...]  # the attendees' handles; each stays in the journal
    scores: int
    follow_ups: int
    note: bool  # whether it had a note (deleted with it)


@dataclass(frozen=True)
class ReferralRecord:
    """A referral or introduction. ``given``: you passed business to ``person``
    (or introduced them to ``other_person``); ``received``: ``person`` passed
    business to you."""

    id: int
    direction: str  # given | received
    person_id: int
    person: str  # handle
    other_person_id: int | None
    other_person: str | None  # handle of whom `person` was introduced to
    date: date
    note: str | None
    outcome: str  # open | met | won | lost
    outcome_on: datetime.date | None
    value: float | None
    created_at: str
    updated_at: str
    author: str | None = None  # who recorded it (schema v5)


@dataclass(frozen=True)
class DecisionRecord:
    """A decision about a relationship: its status from ``date`` on, and why."""

    id: int
    person_id: int
    person: str  # handle
    date: date
    status: str  # active | paused | archived
    review_on: datetime.date | None
    reason: str | None
    created_at: str


@dataclass(frozen=True)
class GainsChangeRecord:
    """One GAINS field set (or cleared: ``value`` null) on ``date``."""

    id: int
    person_id: int
    person: str  # handle
    field: str  # goals | accomplishments | interests | networks | skills
    value: str | None
    date: date
    created_at: str
