"""``netj gains`` and the GAINS options of ``netj people edit``: what you learn
about a person, each change kept with its date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlmodel import Session

from netjournal.app.resolve import require
from netjournal.domain.dates import utc_stamp
from netjournal.domain.inputs import PersonPatch, validated
from netjournal.domain.records import PersonRecord
from netjournal.domain.vocab import GAINS
from netjournal.errors import NoChangeGiven
from netjournal.storage.base import Journal
from netjournal.storage.orm import unit_of_work
from netjournal.storage.queries.people import person_by_id
from netjournal.storage.tables import GainsChange, Person, key


def note_gains(session: Session, person: Person, changes: dict, *, today: date, now: datetime) -> None:
    """Record each GAINS field that really changes (setting the same text again is not news)."""
    for field in GAINS:
        if field in changes and changes[field] != getattr(person, field):
            session.add(GainsChange(person_id=key(person), field=field, value=changes[field], changed_on=today,
                                    created_at=utc_stamp(now)))


def apply_gains(session: Session, person: Person, changes: dict, *, today: date,
                now: datetime) -> tuple[str, ...]:
    """Set GAINS fields on ``person`` and record those that change; the fields that did."""
    changed = {k: v for k, v in changes.items() if v != getattr(person, k)}
    note_gains(session, person, changed, today=today, now=now)
    for field, value in changed.items():
        setattr(person, field, value)
    return tuple(changed)


def set_gains(journal: Journal, ref: str, values: Mapping[str, str | None], *, today: date,
              now: datetime) -> tuple[PersonRecord, tuple[str, ...]]:
    """Set GAINS fields (``None`` clears one); the person, and the fields that
    changed (setting the same text again is not recorded)."""
    if not values:
        raise NoChangeGiven("nothing to change; give at least one of --goals, --accomplishments, --interests, "
                          "--networks, --skills.")
    changes = validated(PersonPatch, **{k: v if v is not None else "" for k, v in values.items()}).changes()
    with unit_of_work(journal) as session:
        pid = require(journal.conn, ref)[0]
        person = session.get(Person, pid)
        assert person is not None
        changed = apply_gains(session, person, changes, today=today, now=now)
        if changed:
            person.updated_at = utc_stamp(now)
            session.flush()
        record = person_by_id(journal.conn, pid)
        assert record is not None
        return record, changed
