"""The whole journal, or a slice of it, streamed in a fixed order for ``netj export``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from netjournal.domain.records import (
    DecisionRecord,
    FollowUpRecord,
    GainsChangeRecord,
    MeetingRecord,
    PersonRecord,
    ReferralRecord,
)
from netjournal.storage.base import Connection
from netjournal.storage.queries.follow_ups import FOLLOW_UP_COLUMNS, follow_up_record
from netjournal.storage.queries.history import (
    DECISION_SQL,
    GAINS_CHANGE_SQL,
    decision_record,
    gains_change_record,
)
from netjournal.storage.queries.meetings import MEETING_COLUMNS, meeting_records
from netjournal.storage.queries.people import PERSON_COLUMNS, person_record, tags_for
from netjournal.storage.queries.referrals import REFERRAL_SQL, referral_record
from netjournal.storage.queries.rows import in_list


@dataclass(frozen=True)
class ExportScope:
    """Which rows a filtered export reads, as SQL conditions on ``person p``,
    ``meeting m``, ``follow_up f``, ``referral r``, ``decision d`` and
    ``gains_change g``, with their parameters. ``None`` means every row (the
    unfiltered export reads exactly as before)."""

    person: str | None = None
    meeting: str | None = None
    follow_up: str | None = None
    params: dict[str, object] = field(default_factory=dict)
    referral: str | None = None
    decision: str | None = None
    gains_change: str | None = None


def export_scope(*, person_ids: Sequence[int] = (), tags: Sequence[str] = (), since: date | None = None) -> ExportScope:
    """The rows of an export narrowed to some people and/or to what happened
    on or after ``since``, closed under references so the result is importable:

    * meetings: attended by a selected person (when people are selected), on
      or after ``since`` (when given);
    * follow-ups: of a selected person (when people are selected), whose
      meeting is exported, or that have no meeting and are due on or after
      ``since`` (when given);
    * referrals: where a selected person is either side (when people are
      selected), dated on or after ``since`` (when given);
    * decisions and GAINS changes: of a selected person (when people are
      selected), dated on or after ``since`` (when given);
    * people: the selected ones, and everyone an exported meeting, follow-up,
      referral, decision or GAINS change refers to (the other attendees of a
      meeting, the other side of a referral).
    """
    params: dict[str, object] = {}
    chosen: list[str] = []
    if person_ids:
        marks, ids = in_list(list(person_ids))
        chosen.append(f"p.id IN ({marks})")
        params.update(ids)
    if tags:
        marks = ", ".join(f":t{i}" for i in range(len(tags)))
        chosen.append(f"p.id IN (SELECT person_id FROM person_tag WHERE tag IN ({marks}))")
        params.update({f"t{i}": t for i, t in enumerate(tags)})
    if not chosen and since is None:
        return ExportScope()
    selected = " AND ".join(chosen) if chosen else None
    in_selected = f"(SELECT p.id FROM person p WHERE {selected})" if selected else None
    meeting, referral, decision, gains = [], [], [], []
    if in_selected:
        meeting.append(f"m.id IN (SELECT meeting_id FROM attendance WHERE person_id IN {in_selected})")
        referral.append(f"(r.person_id IN {in_selected} OR r.other_person_id IN {in_selected})")
        decision.append(f"d.person_id IN {in_selected}")
        gains.append(f"g.person_id IN {in_selected}")
    if since is not None:
        meeting.append("m.on_date >= :since")
        referral.append("r.on_date >= :since")
        decision.append("d.decided_on >= :since")
        gains.append("g.changed_on >= :since")
        params["since"] = since.isoformat()
    meeting_sql, referral_sql, decision_sql, gains_sql = (
        " AND ".join(c) for c in (meeting, referral, decision, gains))
    without_meeting = "f.meeting_id IS NULL" + (" AND f.due_on >= :since" if since is not None else "")
    follow_up_sql = f"(({without_meeting}) OR f.meeting_id IN (SELECT m.id FROM meeting m WHERE {meeting_sql}))"
    if in_selected:
        follow_up_sql = f"f.person_id IN {in_selected} AND {follow_up_sql}"
    referenced = (
        "p.id IN (SELECT a.person_id FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
        f"WHERE {meeting_sql}) OR p.id IN (SELECT f.person_id FROM follow_up f WHERE {follow_up_sql})"
        f" OR p.id IN (SELECT r.person_id FROM referral r WHERE {referral_sql})"
        f" OR p.id IN (SELECT r.other_person_id FROM referral r WHERE {referral_sql})"
    )
    if not selected:  # the selected people's own decisions and GAINS changes need no one else
        referenced += (f" OR p.id IN (SELECT d.person_id FROM decision d WHERE {decision_sql})"
                       f" OR p.id IN (SELECT g.person_id FROM gains_change g WHERE {gains_sql})")
    person_sql = f"({selected}) OR {referenced}" if selected else referenced
    return ExportScope(person_sql, meeting_sql, follow_up_sql, params, referral_sql, decision_sql, gains_sql)


def iter_people(conn: Connection, batch: int = 1000, scope: ExportScope | None = None) -> Iterator[PersonRecord]:
    where, params = (f" WHERE {scope.person}", scope.params) if scope and scope.person else ("", {})
    cur = conn.scan(f"SELECT {PERSON_COLUMNS} FROM person p{where} ORDER BY id", params)
    while rows := cur.fetchmany(batch):
        tags = tags_for(conn, [r[0] for r in rows])
        yield from (person_record(r, tags.get(r[0], ())) for r in rows)


def iter_meetings(conn: Connection, batch: int = 1000, scope: ExportScope | None = None) -> Iterator[MeetingRecord]:
    where, params = (f" WHERE {scope.meeting}", scope.params) if scope and scope.meeting else ("", {})
    cur = conn.scan(f"SELECT {MEETING_COLUMNS} FROM meeting m{where} ORDER BY m.on_date, m.id", params)
    while rows := cur.fetchmany(batch):
        yield from meeting_records(conn, rows)


def iter_follow_ups(conn: Connection, batch: int = 1000, scope: ExportScope | None = None) -> Iterator[FollowUpRecord]:
    where, params = (f" WHERE {scope.follow_up}", scope.params) if scope and scope.follow_up else ("", {})
    cur = conn.scan(
        f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id{where} ORDER BY f.id", params)
    while rows := cur.fetchmany(batch):
        yield from (follow_up_record(r) for r in rows)


def _stream(conn: Connection, sql: str, where: str | None, scope: ExportScope | None, order: str,
            batch: int, make) -> Iterator:
    """``make(row)`` for each row of ``sql`` (narrowed by ``where``, a condition
    of ``scope``), in ``order``, fetched ``batch`` rows at a time. Ordered by
    the table's id, the whole export scans without sorting (constant memory;
    tests/storage/test_storage.py checks the plans)."""
    params = scope.params if scope and where else {}
    cur = conn.scan(sql + (f" WHERE {where}" if where else "") + f" ORDER BY {order}", params)
    while rows := cur.fetchmany(batch):
        yield from (make(r) for r in rows)


def iter_referrals(conn: Connection, batch: int = 1000,
                   scope: ExportScope | None = None) -> Iterator[ReferralRecord]:
    where = scope.referral if scope else None
    return _stream(conn, REFERRAL_SQL, where, scope, "r.id", batch, referral_record)


def iter_decisions(conn: Connection, batch: int = 1000,
                   scope: ExportScope | None = None) -> Iterator[DecisionRecord]:
    where = scope.decision if scope else None
    return _stream(conn, DECISION_SQL, where, scope, "d.id", batch, decision_record)


def iter_gains_changes(conn: Connection, batch: int = 1000,
                       scope: ExportScope | None = None) -> Iterator[GainsChangeRecord]:
    where = scope.gains_change if scope else None
    return _stream(conn, GAINS_CHANGE_SQL, where, scope, "g.id", batch, gains_change_record)
