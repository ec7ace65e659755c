"""``netj people add|edit|tag|pause|archive|activate|rm`` and ``netj snooze``: changing people."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session, col, delete

from netjournal.app.people import plan_removal
from netjournal.app.resolve import require
from netjournal.app.write.gains import note_gains
from netjournal.domain.dates import utc_stamp
from netjournal.domain.handles import slugify
from netjournal.domain.inputs import PersonIn, PersonPatch
from netjournal.domain.records import PersonRecord, RemovalPlan
from netjournal.errors import Conflict, InvalidValue, NoChangeGiven, NothingToDo
from netjournal.storage import derived, fulltext
from netjournal.storage.base import Connection, Journal
from netjournal.storage.orm import unit_of_work
from netjournal.storage.queries.people import email_owner, free_handle, handle_owner, person_by_id, tags_for
from netjournal.storage.queries.removal import meetings_alone
from netjournal.storage.tables import Decision, Meeting, Person, PersonTag, key
from netjournal.storage.undo import record as undo_record


def check_unique(conn: Connection, *, handle: str | None = None, email: str | None = None,
                 person_id: int | None = None) -> None:
    """Handles and emails are unique in a journal: the one place that says so
    (the schema's unique indexes are the backstop)."""
    if handle is not None and handle_owner(conn, handle) not in (None, person_id):
        raise Conflict(f"the handle {handle} is taken; choose another with --handle.")
    if email is not None and (owner := email_owner(conn, email, person_id)):
        raise Conflict(f"the email {email} already belongs to {owner}; emails are unique in a journal.")


def settle(session: Session, conn: Connection, people: Sequence[Person]) -> None:
    """Write what the session holds, then recompute the people's last contact
    and next due (:func:`netjournal.storage.derived.refresh`) and let the
    session read them again."""
    session.flush()
    derived.refresh(conn, [p.id for p in people if p.id is not None])
    for p in people:
        session.expire(p, ["last_contact_on", "next_due_on"])


def new_person(session: Session, conn: Connection, data: PersonIn, *, now: datetime,
               cadence: str | None) -> Person:
    """Add a person (a free handle made from the name unless one is given)."""
    handle = data.handle or free_handle(conn, slugify(data.name))
    check_unique(conn, handle=data.handle, email=data.email)
    stamp = utc_stamp(now)
    person = Person(
        handle=handle, name=data.name, company=data.company, title=data.title, email=data.email,
        phone=data.phone, url=data.url, notes=data.notes, cadence=cadence, status="active",
        created_at=stamp, updated_at=stamp,
    )
    session.add(person)
    session.flush()
    for tag in data.tags:
        session.add(PersonTag(person_id=key(person), tag=tag))
    settle(session, conn, [person])
    return person


def person_for_update(session: Session, conn: Connection, ref: str) -> Person:
    pid, _handle, _name = require(conn, ref)
    person = session.get(Person, pid)
    assert person is not None
    return person


def record_of(conn: Connection, person: Person) -> PersonRecord:
    assert person.id is not None
    record = person_by_id(conn, person.id)
    assert record is not None
    return record


def add_person(journal: Journal, data: PersonIn, *, now: datetime) -> PersonRecord:
    with unit_of_work(journal) as session:
        person = new_person(session, journal.conn, data, now=now, cadence=data.cadence)
        return record_of(journal.conn, person)


def edit_person(journal: Journal, ref: str, patch: PersonPatch, *, today: date, now: datetime) -> PersonRecord:
    """Change a person's details; a change to a GAINS field is kept in its
    history with ``today``'s date."""
    changes = patch.changes()
    if not changes:
        raise NoChangeGiven("nothing to change; pass at least one option, e.g. --company or --cadence.")
    with unit_of_work(journal) as session:
        person = person_for_update(session, journal.conn, ref)
        note_gains(session, person, changes, today=today, now=now)
        if changes.get("handle") not in (None, person.handle):
            check_unique(journal.conn, handle=changes["handle"], person_id=key(person))
        if "email" in changes:
            check_unique(journal.conn, email=changes["email"], person_id=key(person))
        for field, value in changes.items():
            if field == "handle" and value is None:
                continue
            setattr(person, field, value)
        person.updated_at = utc_stamp(now)
        settle(session, journal.conn, [person])
        return record_of(journal.conn, person)


def tag_person(journal: Journal, ref: str, tags: Sequence[str], *, remove: bool, now: datetime) -> PersonRecord:
    with unit_of_work(journal) as session:
        person = person_for_update(session, journal.conn, ref)
        current = set(tags_for(journal.conn, [key(person)]).get(key(person), ()))
        if remove:
            gone = [t for t in tags if t in current]
            if not gone:
                raise NothingToDo(f"{person.handle} has none of the tags {', '.join(tags)}.")
            session.exec(delete(PersonTag).where(col(PersonTag.person_id) == key(person), col(PersonTag.tag).in_(gone)))
        else:
            new = [t for t in tags if t not in current]
            if not new:
                raise NothingToDo(f"{person.handle} already has the tags {', '.join(tags)}.")
            for t in new:
                session.add(PersonTag(person_id=key(person), tag=t))
        person.updated_at = utc_stamp(now)
        session.flush()
        return record_of(journal.conn, person)


def set_status(
    journal: Journal, ref: str, status: str, *, review_on: date | None, today: date, now: datetime,
    reason: str | None = None,
) -> PersonRecord:
    """Pause (with a review date), archive or activate a person, and record the
    decision with its date and reason: a history, not only a status."""
    if status == "paused":
        if review_on is None:
            raise InvalidValue("pausing needs a review date; pass --review-on, e.g. --review-on 3m.")
        if review_on <= today:
            raise InvalidValue(f"the review date {review_on} is not in the future; pick a later date.")
    with unit_of_work(journal) as session:
        person = person_for_update(session, journal.conn, ref)
        if person.status == status and status != "paused":
            raise NothingToDo(f"{person.handle} is already {status}.")
        record_decision(session, person, status, review_on=review_on if status == "paused" else None,
                        decided_on=today, reason=reason, now=now)
        person.updated_at = utc_stamp(now)
        settle(session, journal.conn, [person])
        return record_of(journal.conn, person)


def record_decision(session: Session, person: Person, status: str, *, review_on: date | None, decided_on: date,
                    reason: str | None, now: datetime) -> None:
    """Give ``person`` a status, and keep the decision with its date and reason."""
    person.status, person.review_on = status, review_on
    session.add(Decision(person_id=key(person), decided_on=decided_on, status=status, review_on=review_on,
                         reason=reason, created_at=utc_stamp(now)))


def snooze_person(journal: Journal, ref: str, *, until: date, today: date, now: datetime) -> PersonRecord:
    if until <= today:
        raise InvalidValue(f"snooze until {until}? Pick a date after today ({today}).")
    with unit_of_work(journal) as session:
        person = person_for_update(session, journal.conn, ref)
        if person.status != "active":
            raise NothingToDo(f"{person.handle} is {person.status}; only active people are due for contact.")
        if not person.cadence:
            raise NothingToDo(
                f"{person.handle} has no cadence, so is never due; give one with "
                f"`netj people edit {person.handle} --cadence 30d`."
            )
        person.snoozed_until = until
        person.updated_at = utc_stamp(now)
        settle(session, journal.conn, [person])
        return record_of(journal.conn, person)


def remove_person(journal: Journal, ref: str, *, expected: RemovalPlan | None = None) -> RemovalPlan:
    """Delete a person, their scores, follow-ups, and meetings nobody else attended."""
    with unit_of_work(journal) as session:
        conn = journal.conn
        undo_record.mark(conn, "final")  # no image of what goes; the images others kept of it go too
        pid, handle, name = require(conn, ref)
        plan = plan_removal(conn, pid, handle, name)
        if expected is not None and plan != expected:
            raise Conflict(f"{handle} changed while you were confirming; run the command again.")
        alone = meetings_alone(conn, pid)
        if alone:
            session.exec(delete(Meeting).where(col(Meeting.id).in_(alone)))
        session.exec(delete(Person).where(col(Person.id) == pid))
        session.flush()
        fulltext.optimize(conn)  # the words of their notes leave the index, not only the results
        return plan
