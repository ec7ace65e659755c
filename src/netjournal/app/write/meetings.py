"""``netj log`` and ``netj score --meeting``: recording meetings and their scores."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from netjournal.app.resolve import ambiguous_person, require, resolve, unknown_person
from netjournal.app.write.people import new_person, settle
from netjournal.domain.dates import Span, utc_stamp
from netjournal.domain.inputs import AttendeeIn, MeetingIn, PersonIn, validated
from netjournal.domain.records import LoggedMeeting, MeetingRecord
from netjournal.errors import Conflict, InvalidValue, NotFound, NothingToDo
from netjournal.storage.base import Connection, Journal
from netjournal.storage.orm import unit_of_work
from netjournal.storage.queries.follow_ups import follow_ups_of_meeting
from netjournal.storage.queries.meetings import meeting_by_id
from netjournal.storage.tables import Attendance, FollowUp, Meeting, Person, Score, key


def log_meeting(
    journal: Journal, data: MeetingIn, *, now: datetime, default_cadence: Span, author: str | None = None
) -> LoggedMeeting:
    """Record a meeting, its attendees' scores and the follow-ups promised,
    each with ``author`` as who wrote it."""
    with unit_of_work(journal) as session:
        return log(session, journal.conn, data, now=now, default_cadence=default_cadence, author=author)


def _attendees(session: Session, conn: Connection, data: MeetingIn, *, now: datetime,
               default_cadence: Span) -> tuple[list[tuple[Person, AttendeeIn]], list[str]]:
    """The people of the meeting, those new to the journal added; and the handles of the new ones."""
    attendees: list[tuple[Person, AttendeeIn]] = []
    created: list[str] = []
    for a in data.attendees:
        res = resolve(conn, a.ref)
        if res.match:
            person = session.get(Person, res.match[0])
            assert person is not None
        elif res.candidates:
            raise ambiguous_person(res)
        elif a.create:
            person = new_person(session, conn, validated(PersonIn, name=a.ref), now=now,
                                cadence=str(default_cadence))
            created.append(person.handle)
        else:
            raise unknown_person(res, hint="Check the spelling, or pass --new to add them.")
        if any(p.id == person.id for p, _ in attendees):
            raise InvalidValue(f"{person.handle} is listed twice; name each attendee once.")
        attendees.append((person, a))
    return attendees, created


def log(session: Session, conn: Connection, data: MeetingIn, *, now: datetime,
        default_cadence: Span, author: str | None) -> LoggedMeeting:
    """:func:`log_meeting` inside a session (the demo logs its meetings this way too)."""
    attendees, created = _attendees(session, conn, data, now=now, default_cadence=default_cadence)
    meeting = Meeting(on_date=data.on_date, at_time=data.at_time, kind=data.kind, place=data.place,
                      notes=data.notes, created_at=utc_stamp(now), author=author)
    session.add(meeting)
    session.flush()
    for person, a in attendees:
        session.add(Attendance(meeting_id=key(meeting), person_id=key(person), on_date=data.on_date,
                               minutes_late=a.minutes_late))
        for dim, value in a.scores.items():
            session.add(Score(meeting_id=key(meeting), person_id=key(person), dimension=dim, value=value, author=author))
        if person.last_contact_on is None or data.on_date >= person.last_contact_on:
            person.snoozed_until = None  # a meeting logged ends a snooze
        person.updated_at = utc_stamp(now)

    by_ref = {a.ref: p for p, a in attendees}
    for fu in data.follow_ups:
        if fu.person_ref is None:
            if len(attendees) > 1:
                raise InvalidValue("with several attendees, say whom each follow-up is for (--follow-up-with).")
            owner = attendees[0][0]
        else:
            found = by_ref.get(fu.person_ref)
            if found is None:
                match = require(conn, fu.person_ref)
                found = next((p for p, _ in attendees if p.id == match[0]), None)
                if found is None:
                    raise InvalidValue(f"{match[1]} did not attend this meeting; follow-ups are for attendees.")
            owner = found
        session.add(FollowUp(person_id=key(owner), meeting_id=key(meeting), text=fu.text, due_on=fu.due_on,
                             created_at=utc_stamp(now), owed_by=fu.owed_by, author=author))
    settle(session, conn, [p for p, _ in attendees])
    assert meeting.id is not None
    record = meeting_by_id(conn, meeting.id)
    assert record is not None
    return LoggedMeeting(record, tuple(follow_ups_of_meeting(conn, meeting.id)), tuple(created))


def rescore(journal: Journal, ref: str, meeting_id: int, scores: dict[str, int],
            author: str | None = None) -> MeetingRecord:
    """Set some of ``ref``'s scores for a meeting they attended; ``author``
    becomes the author of each score set (it is theirs now)."""
    if not scores:
        raise NothingToDo("nothing to score; pass --listening and/or --preparation.")
    with unit_of_work(journal) as session:
        conn = journal.conn
        pid, handle, _name = require(conn, ref)
        if session.get(Attendance, (meeting_id, pid)) is None:
            raise NotFound(f"{handle} did not attend a meeting {meeting_id}.",
                           hint=f"See their meetings with `netj people show {handle}`.")
        for dim, value in scores.items():
            set_score(session, meeting_id, pid, handle, dim, value, author)
        session.flush()
        record = meeting_by_id(conn, meeting_id)
        assert record is not None
        return record


def set_score(session: Session, meeting_id: int, pid: int, handle: str, dim: str, value: int,
              author: str | None) -> int | None:
    """Set one score of an attendee (``netj score --meeting``, ``netj meetings
    edit --score``); ``author`` becomes its author. The score it replaces, or
    None. A score another author gave stays theirs: one score per dimension
    and meeting, and taking it over would lose how they saw it."""
    existing = session.get(Score, (meeting_id, pid, dim))
    if existing is None:
        session.add(Score(meeting_id=meeting_id, person_id=pid, dimension=dim, value=value, author=author))
        return None
    if author is not None and existing.author not in (None, author):
        raise Conflict(f"{handle}'s {dim} score at meeting {meeting_id} was given by {existing.author}; "
                       "it stays theirs.",
                       hint="Log your own account of the meeting with `netj log`, or ask them to change it.")
    old = existing.value
    existing.value, existing.author = value, author
    return old
