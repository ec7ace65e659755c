"""Meetings with their attendees and scores; a person's, a day's, a period's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from netjournal.domain.records import AttendeeRecord, MeetingRecord
from netjournal.domain.vocab import DIMENSIONS
from netjournal.storage.base import Connection
from netjournal.storage.queries.rows import CHUNK, chunks, in_list

if TYPE_CHECKING:
    from netjournal.domain.report import MetInPeriod

MEETING_COLUMNS = "m.id, m.on_date, m.at_time, m.kind, m.place, m.notes, m.created_at, m.author"


def _attendees(conn: Connection, meeting_ids: Sequence[int]) -> dict[int, list[AttendeeRecord]]:
    scores: dict[tuple[int, int], dict[str, int | None]] = {}
    scored_by: dict[tuple[int, int], dict[str, str]] = {}
    rows: list[tuple[int, int, str, int | None]] = []
    for chunk in chunks(list(meeting_ids)):
        marks, params = in_list(chunk, conn)
        rows += conn.execute(
            "SELECT a.meeting_id, a.person_id, p.handle, a.minutes_late FROM attendance a "
            f"JOIN person p ON p.id = a.person_id WHERE a.meeting_id IN ({marks}) ORDER BY a.meeting_id, p.handle",
            params,
        ).fetchall()
        for mid, pid, dim, value, author in conn.execute(
            f"SELECT meeting_id, person_id, dimension, value, author FROM score WHERE meeting_id IN ({marks}) "
            "ORDER BY meeting_id, person_id, dimension",
            params,
        ):
            scores.setdefault((mid, pid), {})[dim] = value
            if author is not None:
                scored_by.setdefault((mid, pid), {})[dim] = author
    out: dict[int, list[AttendeeRecord]] = defaultdict(list)
    for mid, pid, handle, late in rows:
        out[mid].append(AttendeeRecord(pid, handle, late, score_map(scores.get((mid, pid), {})),
                                       scored_by.get((mid, pid), {})))
    return out


def score_map(values: dict[str, int | None]) -> dict[str, int | None]:
    """Scores keyed by dimension: built-in dimensions first (null when unscored)."""
    ordered: dict[str, int | None] = {d: values.get(d) for d in DIMENSIONS}
    for extra in sorted(set(values) - set(DIMENSIONS)):
        ordered[extra] = values[extra]
    return ordered


def meeting_records(conn: Connection, rows: list[tuple]) -> list[MeetingRecord]:
    attendees = _attendees(conn, [r[0] for r in rows])
    return [
        MeetingRecord(mid, date.fromisoformat(on), at, kind, place, notes, tuple(attendees.get(mid, ())), created,
                      author)
        for mid, on, at, kind, place, notes, created, author in rows
    ]


def meeting_by_id(conn: Connection, meeting_id: int) -> MeetingRecord | None:
    rows = conn.execute(f"SELECT {MEETING_COLUMNS} FROM meeting m WHERE m.id = :id", {"id": meeting_id}).fetchall()
    found = meeting_records(conn, rows)
    return found[0] if found else None


def meetings_of(conn: Connection, person_id: int, limit: int | None = None,
                author: str | None = None) -> list[MeetingRecord]:
    """A person's meetings (those ``author`` logged, when given), newest first."""
    params: dict[str, object] = {"pid": person_id}
    by = ""
    if author is not None:
        by, params["author"] = " AND m.author = :author", author
    sql = (
        f"SELECT {MEETING_COLUMNS} FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
        f"WHERE a.person_id = :pid{by} ORDER BY a.on_date DESC, m.id DESC"
    )
    if limit is not None:
        sql += " LIMIT :n"
        params["n"] = limit
    return meeting_records(conn, conn.execute(sql, params).fetchall())


def meetings_per_day(conn: Connection, since: date, until: date) -> dict[date, int]:
    """How many meetings there were on each day of ``since`` .. ``until`` that had any."""
    return {
        date.fromisoformat(d): n
        for d, n in conn.execute(
            "SELECT on_date, count(*) FROM meeting WHERE on_date >= :since AND on_date <= :until GROUP BY on_date",
            {"since": since.isoformat(), "until": until.isoformat()},
        )
    }


def met_in_period(
    conn: Connection, since: date, until: date, statuses: Sequence[str]
) -> Iterator[MetInPeriod]:
    """People with one of ``statuses`` who attended a meeting of ``since`` ..
    ``until``, in id order, with how many they attended (streamed)."""
    from netjournal.domain.report import MetInPeriod

    marks = ", ".join(f":s{i}" for i in range(len(statuses)))
    params: dict[str, object] = {f"s{i}": s for i, s in enumerate(statuses)}
    params.update(since=since.isoformat(), until=until.isoformat())
    cur = conn.execute(
        "SELECT p.id, p.handle, p.name, p.status, x.n FROM ("
        "SELECT a.person_id AS pid, count(*) AS n FROM meeting m JOIN attendance a ON a.meeting_id = m.id "
        "WHERE m.on_date >= :since AND m.on_date <= :until GROUP BY a.person_id"
        f") x JOIN person p ON p.id = x.pid WHERE p.status IN ({marks}) ORDER BY p.id",
        params,
    )
    while rows := cur.fetchmany(CHUNK):
        yield from (MetInPeriod(*r) for r in rows)


def meetings_on(conn: Connection, day: date) -> list[MeetingRecord]:
    """The meetings of one day: those with a time in time order, then the others as logged."""
    rows = conn.execute(
        f"SELECT {MEETING_COLUMNS} FROM meeting m WHERE m.on_date = :d "
        "ORDER BY m.at_time IS NULL, m.at_time, m.id",
        {"d": day.isoformat()},
    ).fetchall()
    return meeting_records(conn, rows)


def meetings_listed(conn: Connection, *, person_id: int | None = None, since: date | None = None,
                    kind: str | None = None, limit: int | None = None) -> list[MeetingRecord]:
    """Meetings newest first (by date, then the latest logged): those
    ``person_id`` attended, on or after ``since``, of ``kind``; at most
    ``limit``. A person's are read through their attendance (its index by
    person and date), everyone's through the meetings' dates."""
    where: list[str] = []
    params: dict[str, object] = {}
    dated = "a.on_date" if person_id is not None else "m.on_date"
    if person_id is not None:
        where.append("a.person_id = :pid")
        params["pid"] = person_id
    if since is not None:
        where.append(f"{dated} >= :since")
        params["since"] = since.isoformat()
    if kind is not None:
        where.append("m.kind = :kind")
        params["kind"] = kind
    sql = (f"SELECT {MEETING_COLUMNS} FROM attendance a JOIN meeting m ON m.id = a.meeting_id"
           if person_id is not None else f"SELECT {MEETING_COLUMNS} FROM meeting m")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {dated} DESC, m.id DESC"
    if limit is not None:
        sql += " LIMIT :n"
        params["n"] = limit
    return meeting_records(conn, conn.execute(sql, params).fetchall())


def meetings_numbered(conn: Connection, prefix: str, limit: int = 50) -> list[tuple[int, str, str, str]]:
    """``(id, date, kind, attendees' handles)`` of the meetings whose number
    starts with ``prefix`` (completing a meeting id), newest first."""
    rows = conn.execute(
        "SELECT m.id, m.on_date, m.kind FROM meeting m WHERE substr(CAST(m.id AS TEXT), 1, length(:p)) = :p "
        "ORDER BY m.on_date DESC, m.id DESC LIMIT :n", {"p": prefix, "n": limit}).fetchall()
    who = _attendees(conn, [r[0] for r in rows])
    return [(mid, on, kind, ", ".join(a.person for a in who.get(mid, ()))) for mid, on, kind in rows]
