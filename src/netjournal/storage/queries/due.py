"""What ``netj due`` reads: the people, follow-ups, referrals and decisions that are due."""

from __future__ import annotations

from datetime import date

from netjournal.domain.due import OpenFollowUp, OpenReferral, PersonClock
from netjournal.storage.base import Connection
from netjournal.storage.queries.rows import day, span_of

_CLOCK_COLUMNS = "id, handle, name, status, cadence, created_at, last_contact_on, snoozed_until, review_on"


def _clock(row: tuple) -> PersonClock:
    pid, handle, name, status, cadence, created, last, snoozed, review = row
    return PersonClock(
        id=pid, handle=handle, name=name, status=status, cadence=span_of(cadence),
        created_on=date.fromisoformat(created[:10]), last_contact_on=day(last),
        snoozed_until=day(snoozed), review_on=day(review),
    )


# The due queries below read only rows that are due: both filters are served by
# partial indexes (tests/storage/test_storage.py checks the query plans).
DUE_CONTACTS_SQL = (
    f"SELECT {_CLOCK_COLUMNS} FROM person WHERE next_due_on IS NOT NULL AND next_due_on <= :horizon"
)


DUE_REVIEWS_SQL = (
    f"SELECT {_CLOCK_COLUMNS} FROM person WHERE status = 'paused' AND review_on <= :horizon"
)


# The person of each due follow-up is looked up by primary key (scalar
# subqueries rather than a join): PostgreSQL, misjudging how many open
# follow-ups are due, would otherwise merge-join along all of `person`.
DUE_FOLLOW_UPS_SQL = (
    "SELECT f.id, (SELECT p.handle FROM person p WHERE p.id = f.person_id), "
    "(SELECT p.name FROM person p WHERE p.id = f.person_id), f.text, f.due_on, f.owed_by, f.author FROM follow_up f "
    "WHERE f.done_on IS NULL AND f.due_on <= :horizon"
)


# Referrals you gave that are still open, to people you have not archived,
# given within the year before today: a year of referrals read through
# ix_referral_date (no index on the outcome: see docs/performance.md).
OPEN_REFERRALS_SQL = (
    "SELECT r.id, p.handle, p.name, o.handle, o.name, r.on_date, r.note, r.author FROM referral r "
    "JOIN person p ON p.id = r.person_id LEFT JOIN person o ON o.id = r.other_person_id "
    "WHERE r.on_date > :after AND r.on_date <= :up_to AND r.direction = 'given' AND r.outcome = 'open' "
    "AND p.status <> 'archived'"
)


def open_follow_ups_numbered(conn: Connection, prefix: str, limit: int = 50) -> list[tuple[int, str, str]]:
    """``(id, handle, text)`` of open follow-ups whose number starts with
    ``prefix`` (for completing ``netj done``), soonest due first; reads the
    open follow-ups through their partial index."""
    return conn.execute(
        "SELECT f.id, p.handle, f.text FROM follow_up f JOIN person p ON p.id = f.person_id "
        "WHERE f.done_on IS NULL AND f.due_on >= '' AND substr(CAST(f.id AS TEXT), 1, length(:p)) = :p "
        "ORDER BY f.due_on, f.id LIMIT :n", {"p": prefix, "n": limit},
    ).fetchall()


def due_contacts(conn: Connection, horizon: date) -> list[PersonClock]:
    return [_clock(r) for r in conn.execute(DUE_CONTACTS_SQL, {"horizon": horizon.isoformat()})]


def due_reviews(conn: Connection, horizon: date) -> list[PersonClock]:
    return [_clock(r) for r in conn.execute(DUE_REVIEWS_SQL, {"horizon": horizon.isoformat()})]


def due_follow_ups(conn: Connection, horizon: date) -> list[OpenFollowUp]:
    return [
        OpenFollowUp(fid, handle, name, text, date.fromisoformat(due), owed_by, author)
        for fid, handle, name, text, due, owed_by, author in conn.execute(
            DUE_FOLLOW_UPS_SQL, {"horizon": horizon.isoformat()})
    ]


def open_referrals_given(conn: Connection, after: date, up_to: date) -> list[OpenReferral]:
    """Referrals you gave after ``after`` and up to ``up_to`` whose outcome is
    still open, to active or paused people."""
    return [
        OpenReferral(rid, handle, name, other, other_name, date.fromisoformat(on), note, author)
        for rid, handle, name, other, other_name, on, note, author in conn.execute(
            OPEN_REFERRALS_SQL, {"after": after.isoformat(), "up_to": up_to.isoformat()})
    ]
