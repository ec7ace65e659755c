"""Referrals: one, a person's, a period's."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from netjournal.domain.records import ReferralRecord
from netjournal.storage.base import Connection
from netjournal.storage.queries.rows import day

if TYPE_CHECKING:
    from netjournal.domain.report import ReferralRow

REFERRAL_SQL = (
    "SELECT r.id, r.direction, r.person_id, p.handle, r.other_person_id, o.handle, r.on_date, r.note, r.outcome, "
    "r.outcome_on, r.value, r.created_at, r.updated_at, r.author "
    "FROM referral r JOIN person p ON p.id = r.person_id LEFT JOIN person o ON o.id = r.other_person_id"
)


def referral_record(row: tuple) -> ReferralRecord:
    rid, direction, pid, handle, oid, other, on, note, outcome, outcome_on, value, created, updated, author = row
    return ReferralRecord(rid, direction, pid, handle, oid, other, date.fromisoformat(on), note, outcome,
                          day(outcome_on), value, created, updated, author)


def referral_by_id(conn: Connection, referral_id: int) -> ReferralRecord | None:
    row = conn.execute(f"{REFERRAL_SQL} WHERE r.id = :id", {"id": referral_id}).fetchone()
    return None if row is None else referral_record(row)


def referrals(conn: Connection, *, person_id: int | None = None, direction: str | None = None,
              outcome: str | None = None, since: date | None = None,
              limit: int | None = None, author: str | None = None) -> list[ReferralRecord]:
    """Referrals newest first; ``person_id`` matches either side of an introduction."""
    where: list[str] = []
    params: dict[str, object] = {}
    if person_id is not None:
        where.append("(r.person_id = :pid OR r.other_person_id = :pid)")
        params["pid"] = person_id
    if direction is not None:
        where.append("r.direction = :dir")
        params["dir"] = direction
    if outcome is not None:
        where.append("r.outcome = :outcome")
        params["outcome"] = outcome
    if since is not None:
        where.append("r.on_date >= :since")
        params["since"] = since.isoformat()
    if author is not None:
        where.append("r.author = :author")
        params["author"] = author
    sql = REFERRAL_SQL
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY r.on_date DESC, r.id DESC"
    if limit is not None:
        sql += " LIMIT :n"
        params["n"] = limit
    return [referral_record(r) for r in conn.execute(sql, params)]


def referrals_between(conn: Connection, since: date, until: date) -> list[ReferralRow]:
    from netjournal.domain.report import ReferralRow

    return [
        ReferralRow(*r)
        for r in conn.execute(
            "SELECT r.direction, r.person_id, p.handle, p.name, r.other_person_id, r.outcome, r.value "
            "FROM referral r JOIN person p ON p.id = r.person_id "
            "WHERE r.on_date >= :since AND r.on_date <= :until ORDER BY r.on_date, r.id",
            {"since": since.isoformat(), "until": until.isoformat()},
        )
    ]


def referrals_numbered(conn: Connection, prefix: str, limit: int = 50) -> list[tuple[int, str, str, str]]:
    """``(id, date, direction, handle)`` of the referrals whose number starts
    with ``prefix`` (completing an id), newest first."""
    return conn.execute(
        "SELECT r.id, r.on_date, r.direction, p.handle FROM referral r JOIN person p ON p.id = r.person_id "
        "WHERE substr(CAST(r.id AS TEXT), 1, length(:p)) = :p ORDER BY r.on_date DESC, r.id DESC LIMIT :n",
        {"p": prefix, "n": limit}).fetchall()
