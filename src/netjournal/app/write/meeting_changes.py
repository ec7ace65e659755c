"""``netj meetings edit|rm``: correcting a logged meeting, or removing it.

Both recompute, in their own transaction, what the change moves: the last
contact and next due of everyone who attended before or after
(:func:`netjournal.app.write.people.settle`); scorecards, search and reports
are read from the rows themselves. A removal is final: the meeting's note is
overwritten in the file and its words merged out of the search index.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, delete, select

from netjournal.app.meetings import detail
from netjournal.app.resolve import no_such, require
from netjournal.app.write.meetings import set_score
from netjournal.app.write.people import settle
from netjournal.domain.dates import utc_stamp
from netjournal.domain.inputs import MeetingPatch
from netjournal.domain.meetings import PLANS_HINT, future_meeting
from netjournal.domain.records import MeetingDetail, MeetingRecord, MeetingRemoval
from netjournal.errors import Conflict, InvalidValue, NoChangeGiven, NothingToDo
from netjournal.storage import derived, fulltext
from netjournal.storage.base import Connection, Journal
from netjournal.storage.orm import unit_of_work
from netjournal.storage.tables import Attendance, FollowUp, Meeting, Person
from netjournal.storage.undo import record as undo_record


def edit_meeting(journal: Journal, meeting_id: int, patch: MeetingPatch, *, today: date, now: datetime,
                 author: str | None = None,
                 expected: MeetingRecord | None = None) -> tuple[MeetingDetail, tuple[str, ...]]:
    """Apply ``patch`` to the meeting: the meeting, and what changed, said the
    way a person reads it (``date 2026-11-18 → 2026-11-20``). ``expected``:
    the meeting as the user saw it when deciding the change (its note in the
    editor, the questions in a terminal); if it changed since, nothing is
    written."""
    if patch.is_empty():
        raise NoChangeGiven("nothing to change; pass --date, --time, --kind, --place, --note, --add, --remove "
                          "or --score.")
    fields = patch.fields()
    if "on_date" in fields and (problem := future_meeting(fields["on_date"], today)) is not None:
        raise InvalidValue(f"--date: {problem}.", hint=PLANS_HINT)
    with unit_of_work(journal) as session:
        conn = journal.conn
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise no_such("meeting", meeting_id)
        if expected is not None and detail(conn, meeting_id).meeting != expected:
            raise Conflict(f"meeting {meeting_id} changed while you were editing it; nothing was written.",
                           hint=f"See `netj meetings show {meeting_id}` and run the command again.")
        said: list[str] = []
        for name, value in fields.items():
            if getattr(meeting, name) != value:
                said.append(_said(name, getattr(meeting, name), value))
                setattr(meeting, name, value)
        before = _attendance(session, meeting_id)
        people = {pid: session.get(Person, pid) for pid in before}
        removed = set()
        for ref in patch.remove:
            pid, handle, _ = require(conn, ref)
            if pid not in before:
                raise InvalidValue(f"--remove {ref}: {handle} did not attend meeting {meeting_id}.")
            session.delete(before.pop(pid))
            removed.add(pid)
            said.append(f"removed {handle}" + _kept_promises(conn, meeting_id, pid, handle))
        session.flush()  # the attendance removed is gone before any is added
        for ref in patch.add:
            pid, handle, _ = require(conn, ref)
            if pid in removed:
                raise InvalidValue(f"{handle} is both in --add and in --remove; name them in one of the two.")
            if pid in before:
                raise InvalidValue(f"--add {ref}: {handle} already attended meeting {meeting_id}.")
            person = session.get(Person, pid)
            assert person is not None
            before[pid] = Attendance(meeting_id=meeting_id, person_id=pid, on_date=meeting.on_date)
            session.add(before[pid])
            people[pid] = person
            if person.last_contact_on is None or meeting.on_date >= person.last_contact_on:
                person.snoozed_until = None  # attending a meeting ends a snooze, as `netj log` does
            person.updated_at = utc_stamp(now)
            said.append(f"added {handle}")
        if not before:
            raise InvalidValue(f"meeting {meeting_id} would have no one left; a meeting has at least one attendee.",
                               hint=f"Remove the meeting itself with `netj meetings rm {meeting_id}`.")
        for attendance in before.values():
            attendance.on_date = meeting.on_date
        for given in patch.scores:
            said += _score(session, conn, meeting_id, before, given, author)
        if not said:
            raise NothingToDo(f"meeting {meeting_id} already is as you say; nothing was changed.")
        settle(session, conn, [p for p in people.values() if p is not None])
        return detail(conn, meeting_id), tuple(said)


def _attendance(session: Session, meeting_id: int) -> dict[int, Attendance]:
    return {a.person_id: a for a in session.exec(select(Attendance).where(col(Attendance.meeting_id) == meeting_id))}


def _said(name: str, old: object, new: object) -> str:
    label = {"on_date": "date", "at_time": "time", "notes": "note"}.get(name, name)
    if name == "notes":  # a note is private: say that it changed, not what it says
        return "note cleared" if new is None else "note added" if old is None else "note changed"
    show = lambda v: "none" if v is None else v.isoformat() if isinstance(v, date) else str(v)  # noqa: E731
    return f"{label} {show(old)} → {show(new)}"


def _kept_promises(conn: Connection, meeting_id: int, pid: int, handle: str) -> str:
    n = conn.execute("SELECT count(*) FROM follow_up WHERE meeting_id = :m AND person_id = :p",
                     {"m": meeting_id, "p": pid}).fetchone()[0]
    if not n:
        return ""
    return (f" (their {n} follow-up{'s' * (n != 1)} from it stay{'s' * (n == 1)}: "
            f"see `netj follow-ups list {handle}`)")


def _score(session: Session, conn: Connection, meeting_id: int, attending: dict[int, Attendance], given,
           author: str | None) -> list[str]:
    pid, handle, _ = require(conn, given.ref)
    if pid not in attending:
        raise InvalidValue(f"--score {given.ref}: {handle} is not an attendee of meeting {meeting_id}.")
    said = []
    for dim, value in given.scores.items():
        old = set_score(session, meeting_id, pid, handle, dim, value, author)
        if old is None:
            said.append(f"{handle} {dim} {value}")
        elif old != value:
            said.append(f"{handle} {dim} {old} → {value}")
    late = given.minutes_late
    if late is not None and attending[pid].minutes_late != late:
        said.append(f"{handle} late {attending[pid].minutes_late if attending[pid].minutes_late is not None else 'none'}"
                    f" → {late} min")
        attending[pid].minutes_late = late
    return said


def removal_plan(conn: Connection, meeting_id: int) -> MeetingRemoval:
    """What ``netj meetings rm`` deletes: the meeting, its scores and its follow-ups."""
    found = detail(conn, meeting_id)
    m = found.meeting
    scores = sum(1 for a in m.attendees for v in a.scores.values() if v is not None)
    return MeetingRemoval(m.id, m.date, m.kind, tuple(a.person for a in m.attendees), scores,
                          len(found.follow_ups), m.notes is not None)


def remove_meeting(journal: Journal, meeting_id: int, *, expected: MeetingRemoval | None = None) -> MeetingRemoval:
    """Delete the meeting with its attendance, scores and follow-ups, for good."""
    with unit_of_work(journal) as session:
        conn = journal.conn
        undo_record.mark(conn, "final")  # no image of what goes; the images others kept of it go too
        plan = removal_plan(conn, meeting_id)
        if expected is not None and plan != expected:
            raise Conflict(f"meeting {meeting_id} changed while you were confirming; run the command again.")
        attended = [pid for (pid,) in conn.execute("SELECT person_id FROM attendance WHERE meeting_id = :m",
                                                   {"m": meeting_id})]
        session.exec(delete(FollowUp).where(col(FollowUp.meeting_id) == meeting_id))
        session.exec(delete(Meeting).where(col(Meeting.id) == meeting_id))  # its attendance and scores go with it
        session.flush()
        derived.refresh(conn, attended)  # a removed latest meeting moves their clocks back
        fulltext.optimize(conn)  # the words of its note leave the index, not only the results
        return plan
