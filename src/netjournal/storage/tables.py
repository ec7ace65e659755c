"""SQLModel tables for the write paths.

The schema itself is defined by the migrations in :mod:`.schema`; these classes
describe the same tables to the ORM (``tests/storage/test_storage.py`` checks that the
two agree column for column). Table models do not validate their input, so
values are validated at the edge (:mod:`netjournal.domain.inputs`) before they get
here. Importing this module is what pulls in SQLAlchemy: only write paths do.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def key(row: SQLModel) -> int:
    """The ``id`` of a row the session has flushed (SQLModel types it ``int | None`` until then)."""
    value = getattr(row, "id", None)
    assert isinstance(value, int), f"{type(row).__name__} has no id yet; flush the session first"
    return value


class ISODate(TypeDecorator):
    """A calendar date stored as ``YYYY-MM-DD`` text, on every engine."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else value.isoformat()

    def process_result_value(self, value, dialect):
        return None if value is None else date.fromisoformat(value)


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    handle: str
    name: str
    company: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    notes: str | None = None
    cadence: str | None = None
    status: str = "active"
    review_on: date | None = Field(default=None, sa_type=ISODate)
    snoozed_until: date | None = Field(default=None, sa_type=ISODate)
    last_contact_on: date | None = Field(default=None, sa_type=ISODate)
    next_due_on: date | None = Field(default=None, sa_type=ISODate)
    created_at: str
    updated_at: str
    birthday: str | None = None  # YYYY-MM-DD or --MM-DD (year unknown); schema v2
    goals: str | None = None  # GAINS, schema v3
    accomplishments: str | None = None
    interests: str | None = None
    networks: str | None = None
    skills: str | None = None


class PersonTag(SQLModel, table=True):
    __tablename__ = "person_tag"

    person_id: int = Field(primary_key=True, foreign_key="person.id")
    tag: str = Field(primary_key=True)


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    on_date: date = Field(sa_type=ISODate)
    at_time: str | None = None
    kind: str
    place: str | None = None
    notes: str | None = None
    created_at: str
    author: str | None = None  # who logged it; schema v5 (NULL: before authors were recorded)


class Attendance(SQLModel, table=True):
    __tablename__ = "attendance"

    meeting_id: int = Field(primary_key=True, foreign_key="meeting.id")
    person_id: int = Field(primary_key=True, foreign_key="person.id")
    on_date: date = Field(sa_type=ISODate)
    minutes_late: int | None = None


class Score(SQLModel, table=True):
    __tablename__ = "score"

    meeting_id: int = Field(primary_key=True)
    person_id: int = Field(primary_key=True)
    dimension: str = Field(primary_key=True)
    value: int
    author: str | None = None  # who gave the score; schema v5


class FollowUp(SQLModel, table=True):
    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    text: str
    due_on: date = Field(sa_type=ISODate)
    done_on: date | None = Field(default=None, sa_type=ISODate)
    created_at: str
    owed_by: str = "me"  # "me" or "them"; schema v3
    author: str | None = None  # who wrote it down; schema v5


class GainsChange(SQLModel, table=True):
    __tablename__ = "gains_change"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    field: str
    value: str | None = None
    changed_on: date = Field(sa_type=ISODate)
    created_at: str


class Decision(SQLModel, table=True):
    __tablename__ = "decision"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    decided_on: date = Field(sa_type=ISODate)
    status: str
    review_on: date | None = Field(default=None, sa_type=ISODate)
    reason: str | None = None
    created_at: str


class Referral(SQLModel, table=True):
    __tablename__ = "referral"

    id: int | None = Field(default=None, primary_key=True)
    direction: str
    person_id: int = Field(foreign_key="person.id")
    other_person_id: int | None = Field(default=None, foreign_key="person.id")
    on_date: date = Field(sa_type=ISODate)
    note: str | None = None
    outcome: str = "open"
    outcome_on: date | None = Field(default=None, sa_type=ISODate)
    value: float | None = None
    created_at: str
    updated_at: str
    author: str | None = None  # who recorded it; schema v5
