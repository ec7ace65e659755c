"""``netj meetings list|show``: the meetings you logged, and one of them in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from netjournal.app.resolve import no_such, require
from netjournal.domain.records import MeetingDetail, MeetingRecord
from netjournal.storage.base import Connection, Journal
from netjournal.storage.queries.follow_ups import follow_ups_of_meeting
from netjournal.storage.queries.meetings import meeting_by_id, meetings_listed


@dataclass(frozen=True)
class MeetingList:
    """``netj meetings list``: the rows, and whether the limit left some out."""

    rows: tuple[MeetingRecord, ...]
    more: bool = False
    filtered: bool = False  # PERSON, --since or --kind narrowed the list


def list_meetings(journal: Journal, ref: str | None = None, *, since: date | None = None, kind: str | None = None,
                  limit: int | None = None) -> MeetingList:
    """Meetings newest first: ``ref``'s (a person), on or after ``since``, of ``kind``; at most ``limit``."""
    with journal.read() as conn:
        pid = require(conn, ref)[0] if ref is not None else None
        rows = meetings_listed(conn, person_id=pid, since=since, kind=kind,
                               limit=limit + 1 if limit is not None else None)
    more = limit is not None and len(rows) > limit
    return MeetingList(tuple(rows[:limit]), more, any(x is not None for x in (ref, since, kind)))


def detail(conn: Connection, meeting_id: int) -> MeetingDetail:
    """The meeting ``meeting_id`` with its follow-ups, or the error that says it does not exist."""
    meeting = meeting_by_id(conn, meeting_id)
    if meeting is None:
        raise no_such("meeting", meeting_id)
    return MeetingDetail(meeting, tuple(follow_ups_of_meeting(conn, meeting_id)))


def meeting_detail(journal: Journal, meeting_id: int) -> MeetingDetail:
    with journal.read() as conn:
        return detail(conn, meeting_id)
