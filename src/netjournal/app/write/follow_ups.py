"""``netj done`` and ``netj follow-ups edit|reopen|rm``: keeping a promise,
reopening one marked done too early, correcting one, removing one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from netjournal.app.resolve import no_such, require
from netjournal.domain.inputs import FollowUpPatch
from netjournal.domain.records import FollowUpRecord
from netjournal.errors import Conflict, InvalidValue, NoChangeGiven, NothingToDo
from netjournal.storage import fulltext
from netjournal.storage.base import Connection, Journal
from netjournal.storage.orm import unit_of_work
from netjournal.storage.queries.follow_ups import follow_up_by_id
from netjournal.storage.tables import Attendance, FollowUp, key
from netjournal.storage.undo import record as undo_record


def _get(session: Session, follow_up_id: int) -> FollowUp:
    fu = session.get(FollowUp, follow_up_id)
    if fu is None:
        raise no_such("follow-up", follow_up_id)
    return fu


def _record(conn: Connection, follow_up_id: int) -> FollowUpRecord:
    record = follow_up_by_id(conn, follow_up_id)
    assert record is not None
    return record


def complete_follow_ups(journal: Journal, follow_up_ids: Sequence[int], *,
                        today: date) -> tuple[list[FollowUpRecord], list[FollowUpRecord]]:
    """Mark the follow-ups done today, together: those marked, and those that
    already were (left as they were). An id that names no follow-up writes nothing."""
    with unit_of_work(journal) as session:
        found = [_get(session, i) for i in dict.fromkeys(follow_up_ids)]
        already = [f for f in found if f.done_on is not None]
        if len(already) == len(found):
            f = already[0]
            raise NothingToDo(f"follow-up {f.id} was already done on {f.done_on}." if len(found) == 1 else
                              "every one of these follow-ups was already done; nothing was changed.",
                              hint="Reopen one with `netj follow-ups reopen ID`.")
        for f in found:
            if f.done_on is None:
                f.done_on = today
        session.flush()
        conn, was = journal.conn, {key(f) for f in already}
        return ([_record(conn, key(f)) for f in found if key(f) not in was],
                [_record(conn, key(f)) for f in already])


def complete_follow_up(journal: Journal, follow_up_id: int, *, today: date) -> FollowUpRecord:
    return complete_follow_ups(journal, [follow_up_id], today=today)[0][0]


def reopen_follow_up(journal: Journal, follow_up_id: int) -> tuple[FollowUpRecord, date]:
    """Open a follow-up marked done (too early) again; the record, and the day it had been marked done."""
    with unit_of_work(journal) as session:
        fu = _get(session, follow_up_id)
        if fu.done_on is None:
            raise NothingToDo(f"follow-up {follow_up_id} is open already; nothing was changed.")
        was = fu.done_on
        fu.done_on = None
        session.flush()
        return _record(journal.conn, follow_up_id), was


def edit_follow_up(journal: Journal, follow_up_id: int, patch: FollowUpPatch) -> tuple[FollowUpRecord, tuple[str, ...]]:
    """Correct what was promised, when it is due, whom it is for or who owes it;
    the follow-up, and what changed."""
    if patch.is_empty():
        raise NoChangeGiven("nothing to change; pass --text, --due, --person or --owed-by.")
    with unit_of_work(journal) as session:
        conn = journal.conn
        fu = _get(session, follow_up_id)
        said: list[str] = []
        if patch.person_ref is not None:
            pid, handle, _ = require(conn, patch.person_ref)
            if pid != fu.person_id:
                if fu.meeting_id is not None and session.get(Attendance, (fu.meeting_id, pid)) is None:
                    raise InvalidValue(f"--person {patch.person_ref}: {handle} did not attend meeting {fu.meeting_id}, "
                                       "where this follow-up was promised.",
                                       hint=f"Add them first: `netj meetings edit {fu.meeting_id} --add {handle}`.")
                said.append(f"for {_record(conn, follow_up_id).person} → {handle}")
                fu.person_id = pid
        if patch.text is not None and patch.text != fu.text:
            said.append("promise reworded")
            fu.text = patch.text
        if patch.due_on is not None and patch.due_on != fu.due_on:
            said.append(f"due {fu.due_on} → {patch.due_on}")
            fu.due_on = patch.due_on
        if patch.owed_by is not None and patch.owed_by != fu.owed_by:
            said.append(f"owed by {'you' if patch.owed_by == 'me' else 'them'}")
            fu.owed_by = patch.owed_by
        if not said:
            raise NothingToDo(f"follow-up {follow_up_id} already is as you say; nothing was changed.")
        session.flush()
        return _record(conn, follow_up_id), tuple(said)


def remove_follow_up(journal: Journal, follow_up_id: int, *,
                     expected: FollowUpRecord | None = None) -> FollowUpRecord:
    """Delete a follow-up for good (its promise is merged out of the search index)."""
    with unit_of_work(journal) as session:
        conn = journal.conn
        undo_record.mark(conn, "final")  # no image of what goes; the images others kept of it go too
        fu = _get(session, follow_up_id)
        record = _record(conn, follow_up_id)
        if expected is not None and record != expected:
            raise Conflict(f"follow-up {follow_up_id} changed while you were confirming; run the command again.")
        session.delete(fu)
        session.flush()
        fulltext.optimize(conn)
        return record
