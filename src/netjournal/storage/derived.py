"""A person's derived columns, computed in one place: last contact and next due.

``person.last_contact_on`` is the latest date the person attended a meeting;
``person.next_due_on`` is :func:`netjournal.domain.due.next_due_on` of the
person's status, cadence, creation date, last contact and snooze. Both are
stored so that ``netj due`` reads only the people who are due (a partial
index on ``next_due_on``), and every path that changes what they depend on
calls :func:`refresh` in its own transaction: the ORM's writes (``log``,
``people edit``, ``snooze``, ``pause``…), both kinds of import, and ``netj db
check --repair``; the benchmark generator computes the same :func:`next_due`
for the rows it writes in bulk. ``netj db check`` compares the stored values
with :func:`expected`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from netjournal.domain.dates import parse_cadence
from netjournal.domain.due import next_due_on
from netjournal.storage.base import Connection

_CHUNK = 500


def _day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def next_due(*, status: str, cadence: str | None, created_at: str, last_contact_on: str | date | None,
             snoozed_until: str | date | None) -> date | None:
    """When a person falls due, from the values stored in their row."""
    return next_due_on(
        status=status, cadence=parse_cadence(cadence) if cadence else None,
        created_on=date.fromisoformat(created_at[:10]), last_contact_on=_day(last_contact_on),
        snoozed_until=_day(snoozed_until),
    )


_ROWS = (
    "SELECT p.id, p.handle, p.status, p.cadence, p.created_at, p.snoozed_until, p.last_contact_on, "
    "p.next_due_on, (SELECT max(a.on_date) FROM attendance a WHERE a.person_id = p.id) FROM person p"
)


def expected(conn: Connection, person_ids: Sequence[int] | None = None
             ) -> Iterator[tuple[int, str, str | None, str | None, str | None, str | None]]:
    """``(id, handle, stored last contact, stored next due, expected last
    contact, expected next due)`` of ``person_ids`` (everyone when None),
    dates as stored (ISO text)."""
    def rows() -> Iterator[tuple]:
        if person_ids is None:
            yield from conn.execute(_ROWS).fetchall()
            return
        ids = list(dict.fromkeys(person_ids))
        for i in range(0, len(ids), _CHUNK):
            marks, params = conn.dialect.id_list(ids[i: i + _CHUNK])
            yield from conn.execute(f"{_ROWS} WHERE p.id IN ({marks})", params).fetchall()

    for pid, handle, status, cadence, created, snoozed, last, stored_next, actual_last in rows():
        nxt = next_due(status=status, cadence=cadence, created_at=created, last_contact_on=actual_last,
                       snoozed_until=snoozed)
        yield pid, handle, last, stored_next, actual_last, nxt.isoformat() if nxt else None


def mismatches(conn: Connection) -> Iterator[tuple[int, str, str, str | None, str | None]]:
    """People whose stored last contact or next due differs from :func:`expected`:
    ``(id, handle, column, stored, expected)``."""
    for pid, handle, last, nxt, want_last, want_next in expected(conn):
        if last != want_last:
            yield pid, handle, "last_contact_on", last, want_last
        if nxt != want_next:
            yield pid, handle, "next_due_on", nxt, want_next


def refresh(conn: Connection, person_ids: Sequence[int] | None = None) -> int:
    """Store the expected last contact and next due of ``person_ids``
    (everyone when None) where they differ; how many people changed. Runs in
    the caller's transaction."""
    changed = [(want_last, want_next, pid)
               for pid, _, last, nxt, want_last, want_next in expected(conn, person_ids)
               if (last, nxt) != (want_last, want_next)]
    if changed:
        conn.executemany("UPDATE person SET last_contact_on = ?, next_due_on = ? WHERE id = ?", changed)
    return len(changed)
