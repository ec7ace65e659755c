"""Follow-ups: one, a person's, a meeting's, a day's."""

from __future__ import annotations

from datetime import date, timedelta

from netjournal.domain.records import FollowUpRecord
from netjournal.storage.base import Connection
from netjournal.storage.queries.rows import day

FOLLOW_UP_COLUMNS = (
    "f.id, f.person_id, p.handle, f.meeting_id, f.text, f.due_on, f.done_on, f.created_at, f.owed_by, f.author"
)


def follow_up_record(row: tuple) -> FollowUpRecord:
    fid, pid, handle, mid, text, due, done, created, owed_by, author = row
    return FollowUpRecord(fid, pid, handle, mid, text, date.fromisoformat(due), day(done), created, owed_by, author)


def follow_up_by_id(conn: Connection, follow_up_id: int) -> FollowUpRecord | None:
    row = conn.execute(
        f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id WHERE f.id = :id",
        {"id": follow_up_id},
    ).fetchone()
    return None if row is None else follow_up_record(row)


def follow_ups_of(conn: Connection, person_id: int, *, open_only: bool,
                  author: str | None = None) -> list[FollowUpRecord]:
    sql = f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id WHERE f.person_id = :pid"
    params: dict[str, object] = {"pid": person_id}
    if open_only:
        sql += " AND f.done_on IS NULL"
    if author is not None:
        sql, params["author"] = sql + " AND f.author = :author", author
    return [follow_up_record(r) for r in conn.execute(sql + " ORDER BY f.due_on, f.id", params)]


def follow_ups_of_meeting(conn: Connection, meeting_id: int) -> list[FollowUpRecord]:
    sql = f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id WHERE f.meeting_id = :mid"
    return [follow_up_record(r) for r in conn.execute(sql + " ORDER BY f.id", {"mid": meeting_id})]


def follow_ups_made_on(conn: Connection, day: date) -> list[FollowUpRecord]:
    """The follow-ups promised on ``day``: those of the day's meetings (by the
    meeting's date, whenever it was logged), and those without a meeting
    recorded that day (by ``created_at``, a UTC timestamp)."""
    sql = (
        f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id "
        "WHERE f.meeting_id IN (SELECT id FROM meeting WHERE on_date = :d) "
        "OR (f.meeting_id IS NULL AND f.created_at >= :d AND f.created_at < :next) ORDER BY f.id"
    )
    params = {"d": day.isoformat(), "next": (day + timedelta(days=1)).isoformat()}
    return [follow_up_record(r) for r in conn.execute(sql, params)]


STATES = ("open", "done", "all")


def follow_ups_listed(conn: Connection, *, person_id: int | None = None, state: str = "open",
                      owed_by: str | None = None, limit: int | None = None) -> list[FollowUpRecord]:
    """Follow-ups in ``state`` (``open``, ``done`` or ``all``): the open ones
    soonest due first, then the done ones latest done first; ``person_id``'s,
    those ``owed_by`` ``me`` or ``them``; at most ``limit``."""
    where = {"open": ["f.done_on IS NULL"], "done": ["f.done_on IS NOT NULL"], "all": []}[state]
    params: dict[str, object] = {}
    if person_id is not None:
        where.append("f.person_id = :pid")
        params["pid"] = person_id
    if owed_by is not None:
        where.append("f.owed_by = :owed")
        params["owed"] = owed_by
    sql = f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += (" ORDER BY f.done_on IS NOT NULL, CASE WHEN f.done_on IS NULL THEN f.due_on END, f.done_on DESC, "
            "f.id")
    if limit is not None:
        sql += " LIMIT :n"
        params["n"] = limit
    return [follow_up_record(r) for r in conn.execute(sql, params)]


def follow_ups_numbered(conn: Connection, prefix: str, *, done: bool | None, limit: int = 50
                        ) -> list[tuple[int, str, str]]:
    """``(id, handle, text)`` of follow-ups whose number starts with ``prefix``
    (completing an id): the done ones (``done``), the open ones (not
    ``done``) or all (None), open ones first, then by number."""
    state = "" if done is None else " AND f.done_on IS NOT NULL" if done else " AND f.done_on IS NULL"
    return conn.execute(
        "SELECT f.id, p.handle, f.text FROM follow_up f JOIN person p ON p.id = f.person_id "
        f"WHERE substr(CAST(f.id AS TEXT), 1, length(:p)) = :p{state} "
        "ORDER BY f.done_on IS NOT NULL, f.id DESC LIMIT :n", {"p": prefix, "n": limit},
    ).fetchall()
