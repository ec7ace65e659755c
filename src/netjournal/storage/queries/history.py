"""What was decided and learned about a person: decisions and GAINS changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from netjournal.domain.records import DecisionRecord, GainsChangeRecord
from netjournal.storage.base import Connection
from netjournal.storage.queries.rows import chunks, day, in_list

DECISION_SQL = (
    "SELECT d.id, d.person_id, p.handle, d.decided_on, d.status, d.review_on, d.reason, d.created_at "
    "FROM decision d JOIN person p ON p.id = d.person_id"
)


def decision_record(row: tuple) -> DecisionRecord:
    did, pid, handle, on, status, review, reason, created = row
    return DecisionRecord(did, pid, handle, date.fromisoformat(on), status, day(review), reason, created)


def decisions_of(conn: Connection, person_id: int) -> list[DecisionRecord]:
    return [decision_record(r) for r in conn.execute(
        f"{DECISION_SQL} WHERE d.person_id = :pid ORDER BY d.decided_on, d.id", {"pid": person_id})]


def latest_decisions(conn: Connection, person_ids: Sequence[int]) -> dict[int, DecisionRecord]:
    """The most recent decision about each of ``person_ids`` that has one."""
    out: dict[int, DecisionRecord] = {}
    for chunk in chunks(list(person_ids)):
        marks, params = in_list(chunk, conn)
        for row in conn.execute(
            f"{DECISION_SQL} WHERE d.person_id IN ({marks}) ORDER BY d.decided_on, d.id", params
        ):
            out[row[1]] = decision_record(row)
    return out


GAINS_CHANGE_SQL = (
    "SELECT g.id, g.person_id, p.handle, g.field, g.value, g.changed_on, g.created_at "
    "FROM gains_change g JOIN person p ON p.id = g.person_id"
)


def gains_change_record(row: tuple) -> GainsChangeRecord:
    gid, pid, handle, name, value, on, created = row
    return GainsChangeRecord(gid, pid, handle, name, value, date.fromisoformat(on), created)


def gains_changes_of(conn: Connection, person_id: int) -> list[GainsChangeRecord]:
    return [gains_change_record(r) for r in conn.execute(
        f"{GAINS_CHANGE_SQL} WHERE g.person_id = :pid ORDER BY g.changed_on, g.id", {"pid": person_id})]
