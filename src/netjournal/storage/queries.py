"""Read queries on the stdlib driver, shared by read commands and write paths.

Named parameters only (``:name``) and dialect-neutral SQL. Rows are turned
into the records of :mod:`netjournal.domain.records` here and nowhere else.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from netjournal.domain.dates import Span, parse_cadence
from netjournal.domain.due import OpenFollowUp, PersonClock
from netjournal.domain.records import (
    AttendeeRecord,
    DecisionRecord,
    FollowUpRecord,
    GainsChangeRecord,
    MeetingRecord,
    PersonRecord,
    ReferralRecord,
)
from netjournal.domain.scoring import Flow, Observation
from netjournal.domain.vocab import DIMENSIONS
from netjournal.storage.schema import AUTHORED

if TYPE_CHECKING:
    from netjournal.domain.report import MetInPeriod, ReferralRow

PERSON_COLUMNS = (
    "id, handle, name, company, title, email, phone, url, notes, cadence, status, "
    "review_on, snoozed_until, last_contact_on, next_due_on, created_at, updated_at, birthday, "
    "goals, accomplishments, interests, networks, skills"
)
CHUNK = 500


def _d(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _span(value: str | None) -> Span | None:
    return None if value is None else parse_cadence(value)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _in(ids: Sequence[int], conn: sqlite3.Connection | None = None) -> tuple[str, dict]:
    """The inside of ``IN (…)`` for ``ids``, and its parameters: one ``:pN``
    per id; on PostgreSQL one array parameter instead (psycopg re-parses a
    query of hundreds of parameters on every call, ~0.25 s of a small export)."""
    if getattr(conn, "dialect", "sqlite") == "postgresql":
        return "SELECT unnest(CAST(:ids AS bigint[]))", {"ids": list(ids)}
    names = [f"p{i}" for i in range(len(ids))]
    return ", ".join(f":{n}" for n in names), dict(zip(names, ids))


def tags_for(conn: sqlite3.Connection, person_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(list(person_ids)):
        marks, params = _in(chunk, conn)
        for pid, tag in conn.execute(
            f"SELECT person_id, tag FROM person_tag WHERE person_id IN ({marks}) ORDER BY person_id, tag", params
        ):
            out[pid].append(tag)
    return {pid: tuple(tags) for pid, tags in out.items()}


def _person(row: tuple, tags: tuple[str, ...]) -> PersonRecord:
    (pid, handle, name, company, title, email, phone, url, notes, cadence, status,
     review_on, snoozed, last, nxt, created, updated, birthday, goals, accomplishments, interests,
     networks, skills) = row
    return PersonRecord(
        id=pid, handle=handle, name=name, company=company, title=title, email=email, phone=phone,
        url=url, tags=tags, notes=notes, cadence=cadence, status=status, review_on=_d(review_on),
        snoozed_until=_d(snoozed), last_contact_on=_d(last), next_due_on=_d(nxt),
        created_at=created, updated_at=updated, birthday=birthday, goals=goals, accomplishments=accomplishments,
        interests=interests, networks=networks, skills=skills,
    )


def person_by_id(conn: sqlite3.Connection, person_id: int) -> PersonRecord | None:
    row = conn.execute(f"SELECT {PERSON_COLUMNS} FROM person WHERE id = :id", {"id": person_id}).fetchone()
    if row is None:
        return None
    return _person(row, tags_for(conn, [person_id]).get(person_id, ()))


def people_matching(conn: sqlite3.Connection, ref: str) -> list[tuple[int, str, str]]:
    """(id, handle, name) of people whose handle, email or name is exactly ``ref``
    (case-insensitive), handle matches first."""
    key = ref.strip()
    rows = conn.execute(
        "SELECT id, handle, name, 0 FROM person WHERE handle = :h "
        "UNION SELECT id, handle, name, 1 FROM person WHERE lower(email) = lower(:k) "
        "UNION SELECT id, handle, name, 2 FROM person WHERE lower(name) = lower(:k) "
        "ORDER BY 4, 1",
        {"k": key, "h": key.lower()},
    ).fetchall()
    if not rows:  # handles are stored lower-case; names may differ in case beyond ASCII
        folded = key.casefold()
        rows = [
            (pid, h, n, 3)
            for pid, h, n in conn.execute("SELECT id, handle, name FROM person")
            if n.casefold() == folded or h == folded
        ]
    seen: dict[int, tuple[int, str, str]] = {}
    for pid, handle, name, _rank in rows:
        seen.setdefault(pid, (pid, handle, name))
    best_rank = rows[0][3] if rows else None
    return [seen[pid] for pid, _h, _n, rank in rows if rank == best_rank and pid in seen]


def all_handles_and_names(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT handle, name FROM person ORDER BY handle").fetchall()


# A prefix search as a range over the handle index (LIKE cannot use it: it is
# case-insensitive): every text that starts with p sorts between p and p + U+10FFFF.
_PREFIX_SQL = "handle >= :p AND handle < :p || char(1114111)"


def handles_like(conn: sqlite3.Connection, prefix: str, limit: int = 50) -> list[tuple[str, str]]:
    """People whose handle starts with ``prefix`` (for shell completion)."""
    return conn.execute(
        f"SELECT handle, name FROM person WHERE {_PREFIX_SQL} ORDER BY handle LIMIT :n", {"p": prefix, "n": limit},
    ).fetchall()


def handles_taken(conn: sqlite3.Connection, base: str) -> list[str]:
    """``base`` and the ``base-N`` handles already used: what a new handle must avoid."""
    return [h for (h,) in conn.execute(
        f"SELECT handle FROM person WHERE handle = :b OR ({_PREFIX_SQL})", {"b": base, "p": base + "-"}
    )]


def people(
    conn: sqlite3.Connection, *, statuses: Sequence[str], tag: str | None = None
) -> list[PersonRecord]:
    marks = ", ".join(f":s{i}" for i in range(len(statuses)))
    params: dict[str, object] = {f"s{i}": s for i, s in enumerate(statuses)}
    sql = f"SELECT {PERSON_COLUMNS} FROM person WHERE status IN ({marks})"
    if tag is not None:
        sql += " AND id IN (SELECT person_id FROM person_tag WHERE tag = :tag)"
        params["tag"] = tag
    rows = conn.execute(sql + " ORDER BY id", params).fetchall()
    tags = tags_for(conn, [r[0] for r in rows])
    return [_person(r, tags.get(r[0], ())) for r in rows]


def observations(conn: sqlite3.Connection, person_ids: Sequence[int]) -> dict[int, list[Observation]]:
    out: dict[int, list[Observation]] = defaultdict(list)
    for chunk in _chunks(list(person_ids)):
        marks, params = _in(chunk, conn)
        for pid, mid, on_date, dim, value, author in conn.execute(
            "SELECT s.person_id, s.meeting_id, a.on_date, s.dimension, s.value, s.author FROM score s "
            "JOIN attendance a ON a.meeting_id = s.meeting_id AND a.person_id = s.person_id "
            f"WHERE s.person_id IN ({marks})",
            params,
        ):
            out[pid].append(Observation(mid, date.fromisoformat(on_date), dim, value, author))
    return out


def observations_by_person(
    conn: sqlite3.Connection, statuses: Sequence[str]
) -> Iterator[tuple[tuple[int, str, str, str], list[Observation]]]:
    """Everyone with one of ``statuses``, in id order, each with their scores:
    ``((id, handle, name, status), observations)``. Streams one person at a
    time (the ranking of a 100,000-person journal never holds all scores)."""
    marks = ", ".join(f":s{i}" for i in range(len(statuses)))
    params = {f"s{i}": s for i, s in enumerate(statuses)}
    people = conn.execute(
        f"SELECT id, handle, name, status FROM person WHERE status IN ({marks}) ORDER BY id", params
    )
    scores = conn.cursor().execute(
        "SELECT s.person_id, s.meeting_id, a.on_date, s.dimension, s.value, s.author FROM score s "
        "JOIN attendance a ON a.meeting_id = s.meeting_id AND a.person_id = s.person_id "
        "ORDER BY s.person_id"
    )
    pending = next(scores, None)
    for person in people:
        obs = []
        while pending is not None and pending[0] <= person[0]:
            if pending[0] == person[0]:
                _, mid, on_date, dim, value, author = pending
                obs.append(Observation(mid, date.fromisoformat(on_date), dim, value, author))
            pending = next(scores, None)
        yield person, obs


_CLOCK_COLUMNS = "id, handle, name, status, cadence, created_at, last_contact_on, snoozed_until, review_on"


def _clock(row: tuple) -> PersonClock:
    pid, handle, name, status, cadence, created, last, snoozed, review = row
    return PersonClock(
        id=pid, handle=handle, name=name, status=status, cadence=_span(cadence),
        created_on=date.fromisoformat(created[:10]), last_contact_on=_d(last),
        snoozed_until=_d(snoozed), review_on=_d(review),
    )


# The due queries below read only rows that are due: both filters are served by
# partial indexes (tests/test_storage.py checks the query plans).
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


def open_follow_ups_numbered(conn: sqlite3.Connection, prefix: str, limit: int = 50) -> list[tuple[int, str, str]]:
    """``(id, handle, text)`` of open follow-ups whose number starts with
    ``prefix`` (for completing ``netj done``), soonest due first; reads the
    open follow-ups through their partial index."""
    return conn.execute(
        "SELECT f.id, p.handle, f.text FROM follow_up f JOIN person p ON p.id = f.person_id "
        "WHERE f.done_on IS NULL AND f.due_on >= '' AND substr(CAST(f.id AS TEXT), 1, length(:p)) = :p "
        "ORDER BY f.due_on, f.id LIMIT :n", {"p": prefix, "n": limit},
    ).fetchall()


def due_contacts(conn: sqlite3.Connection, horizon: date) -> list[PersonClock]:
    return [_clock(r) for r in conn.execute(DUE_CONTACTS_SQL, {"horizon": horizon.isoformat()})]


def due_reviews(conn: sqlite3.Connection, horizon: date) -> list[PersonClock]:
    return [_clock(r) for r in conn.execute(DUE_REVIEWS_SQL, {"horizon": horizon.isoformat()})]


def due_follow_ups(conn: sqlite3.Connection, horizon: date) -> list[OpenFollowUp]:
    return [
        OpenFollowUp(fid, handle, name, text, date.fromisoformat(due), owed_by, author)
        for fid, handle, name, text, due, owed_by, author in conn.execute(
            DUE_FOLLOW_UPS_SQL, {"horizon": horizon.isoformat()})
    ]


def person_clock(conn: sqlite3.Connection, person_id: int) -> PersonClock:
    return _clock(conn.execute(f"SELECT {_CLOCK_COLUMNS} FROM person WHERE id = :id", {"id": person_id}).fetchone())


def last_contact_on(conn: sqlite3.Connection, person_id: int) -> date | None:
    row = conn.execute("SELECT max(on_date) FROM attendance WHERE person_id = :id", {"id": person_id}).fetchone()
    return _d(row[0])


# --- meetings and follow-ups -------------------------------------------------

_MEETING_COLUMNS = "m.id, m.on_date, m.at_time, m.kind, m.place, m.notes, m.created_at, m.author"


def _attendees(conn: sqlite3.Connection, meeting_ids: Sequence[int]) -> dict[int, list[AttendeeRecord]]:
    scores: dict[tuple[int, int], dict[str, int | None]] = {}
    scored_by: dict[tuple[int, int], dict[str, str]] = {}
    rows: list[tuple[int, int, str, int | None]] = []
    for chunk in _chunks(list(meeting_ids)):
        marks, params = _in(chunk, conn)
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


def _meetings(conn: sqlite3.Connection, rows: list[tuple]) -> list[MeetingRecord]:
    attendees = _attendees(conn, [r[0] for r in rows])
    return [
        MeetingRecord(mid, date.fromisoformat(on), at, kind, place, notes, tuple(attendees.get(mid, ())), created,
                      author)
        for mid, on, at, kind, place, notes, created, author in rows
    ]


def meeting_by_id(conn: sqlite3.Connection, meeting_id: int) -> MeetingRecord | None:
    rows = conn.execute(f"SELECT {_MEETING_COLUMNS} FROM meeting m WHERE m.id = :id", {"id": meeting_id}).fetchall()
    found = _meetings(conn, rows)
    return found[0] if found else None


def meetings_of(conn: sqlite3.Connection, person_id: int, limit: int | None = None,
                author: str | None = None) -> list[MeetingRecord]:
    """A person's meetings (those ``author`` logged, when given), newest first."""
    params: dict[str, object] = {"pid": person_id}
    by = ""
    if author is not None:
        by, params["author"] = " AND m.author = :author", author
    sql = (
        f"SELECT {_MEETING_COLUMNS} FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
        f"WHERE a.person_id = :pid{by} ORDER BY a.on_date DESC, m.id DESC"
    )
    if limit is not None:
        sql += " LIMIT :n"
        params["n"] = limit
    return _meetings(conn, conn.execute(sql, params).fetchall())


_FOLLOW_UP_COLUMNS = (
    "f.id, f.person_id, p.handle, f.meeting_id, f.text, f.due_on, f.done_on, f.created_at, f.owed_by, f.author"
)


def _follow_up(row: tuple) -> FollowUpRecord:
    fid, pid, handle, mid, text, due, done, created, owed_by, author = row
    return FollowUpRecord(fid, pid, handle, mid, text, date.fromisoformat(due), _d(done), created, owed_by, author)


def follow_up_by_id(conn: sqlite3.Connection, follow_up_id: int) -> FollowUpRecord | None:
    row = conn.execute(
        f"SELECT {_FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id WHERE f.id = :id",
        {"id": follow_up_id},
    ).fetchone()
    return None if row is None else _follow_up(row)


def follow_ups_of(conn: sqlite3.Connection, person_id: int, *, open_only: bool,
                  author: str | None = None) -> list[FollowUpRecord]:
    sql = f"SELECT {_FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id WHERE f.person_id = :pid"
    params: dict[str, object] = {"pid": person_id}
    if open_only:
        sql += " AND f.done_on IS NULL"
    if author is not None:
        sql, params["author"] = sql + " AND f.author = :author", author
    return [_follow_up(r) for r in conn.execute(sql + " ORDER BY f.due_on, f.id", params)]


def follow_ups_of_meeting(conn: sqlite3.Connection, meeting_id: int) -> list[FollowUpRecord]:
    sql = f"SELECT {_FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id WHERE f.meeting_id = :mid"
    return [_follow_up(r) for r in conn.execute(sql + " ORDER BY f.id", {"mid": meeting_id})]


# --- report and review -----------------------------------------------------------
# Each reads a date range through its date index: meeting by ix_meeting_date
# (then attendance by its primary key), referral by ix_referral_date.


def meetings_per_day(conn: sqlite3.Connection, since: date, until: date) -> dict[date, int]:
    """How many meetings there were on each day of ``since`` .. ``until`` that had any."""
    return {
        date.fromisoformat(d): n
        for d, n in conn.execute(
            "SELECT on_date, count(*) FROM meeting WHERE on_date >= :since AND on_date <= :until GROUP BY on_date",
            {"since": since.isoformat(), "until": until.isoformat()},
        )
    }


def met_in_period(
    conn: sqlite3.Connection, since: date, until: date, statuses: Sequence[str]
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


def referrals_between(conn: sqlite3.Connection, since: date, until: date) -> list[ReferralRow]:
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


def meetings_on(conn: sqlite3.Connection, day: date) -> list[MeetingRecord]:
    """The meetings of one day: those with a time in time order, then the others as logged."""
    rows = conn.execute(
        f"SELECT {_MEETING_COLUMNS} FROM meeting m WHERE m.on_date = :d "
        "ORDER BY m.at_time IS NULL, m.at_time, m.id",
        {"d": day.isoformat()},
    ).fetchall()
    return _meetings(conn, rows)


def follow_ups_made_on(conn: sqlite3.Connection, day: date) -> list[FollowUpRecord]:
    """The follow-ups promised on ``day``: those of the day's meetings (by the
    meeting's date, whenever it was logged), and those without a meeting
    recorded that day (by ``created_at``, a UTC timestamp)."""
    sql = (
        f"SELECT {_FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id "
        "WHERE f.meeting_id IN (SELECT id FROM meeting WHERE on_date = :d) "
        "OR (f.meeting_id IS NULL AND f.created_at >= :d AND f.created_at < :next) ORDER BY f.id"
    )
    params = {"d": day.isoformat(), "next": (day + timedelta(days=1)).isoformat()}
    return [_follow_up(r) for r in conn.execute(sql, params)]


# --- streaming export ----------------------------------------------------------


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
        marks, ids = _in(list(person_ids))
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


def _scan(conn: sqlite3.Connection, sql: str, params) -> sqlite3.Cursor:
    """A cursor over a result that may be a whole table. sqlite3 steps through
    the rows as they are fetched already; a PostgreSQL journal's connection has
    ``scan`` (a server-side cursor), where ``execute`` would receive them all at once."""
    scan = getattr(conn, "scan", None)
    return scan(sql, params) if scan is not None else conn.execute(sql, params)


def iter_people(conn: sqlite3.Connection, batch: int = 1000, scope: ExportScope | None = None) -> Iterator[PersonRecord]:
    where, params = (f" WHERE {scope.person}", scope.params) if scope and scope.person else ("", {})
    cur = _scan(conn, f"SELECT {PERSON_COLUMNS} FROM person p{where} ORDER BY id", params)
    while rows := cur.fetchmany(batch):
        tags = tags_for(conn, [r[0] for r in rows])
        yield from (_person(r, tags.get(r[0], ())) for r in rows)


def iter_meetings(conn: sqlite3.Connection, batch: int = 1000, scope: ExportScope | None = None) -> Iterator[MeetingRecord]:
    where, params = (f" WHERE {scope.meeting}", scope.params) if scope and scope.meeting else ("", {})
    cur = _scan(conn, f"SELECT {_MEETING_COLUMNS} FROM meeting m{where} ORDER BY m.on_date, m.id", params)
    while rows := cur.fetchmany(batch):
        yield from _meetings(conn, rows)


def iter_follow_ups(conn: sqlite3.Connection, batch: int = 1000, scope: ExportScope | None = None) -> Iterator[FollowUpRecord]:
    where, params = (f" WHERE {scope.follow_up}", scope.params) if scope and scope.follow_up else ("", {})
    cur = _scan(
        conn, f"SELECT {_FOLLOW_UP_COLUMNS} FROM follow_up f JOIN person p ON p.id = f.person_id{where} ORDER BY f.id", params)
    while rows := cur.fetchmany(batch):
        yield from (_follow_up(r) for r in rows)


def _stream(conn: sqlite3.Connection, sql: str, where: str | None, scope: ExportScope | None, order: str,
            batch: int, make) -> Iterator:
    """``make(row)`` for each row of ``sql`` (narrowed by ``where``, a condition
    of ``scope``), in ``order``, fetched ``batch`` rows at a time. Ordered by
    the table's id, the whole export scans without sorting (constant memory;
    tests/test_storage.py checks the plans)."""
    params = scope.params if scope and where else {}
    cur = _scan(conn, sql + (f" WHERE {where}" if where else "") + f" ORDER BY {order}", params)
    while rows := cur.fetchmany(batch):
        yield from (make(r) for r in rows)


EXPORT_REFERRALS_SQL = (
    "SELECT r.id, r.direction, r.person_id, p.handle, r.other_person_id, o.handle, r.on_date, r.note, r.outcome, "
    "r.outcome_on, r.value, r.created_at, r.updated_at, r.author "
    "FROM referral r JOIN person p ON p.id = r.person_id LEFT JOIN person o ON o.id = r.other_person_id"
)


def _referral(row: tuple) -> ReferralRecord:
    rid, direction, pid, handle, oid, other, on, note, outcome, outcome_on, value, created, updated, author = row
    return ReferralRecord(rid, direction, pid, handle, oid, other, date.fromisoformat(on), note, outcome,
                          _d(outcome_on), value, created, updated, author)


def iter_referrals(conn: sqlite3.Connection, batch: int = 1000,
                   scope: ExportScope | None = None) -> Iterator[ReferralRecord]:
    where = scope.referral if scope else None
    return _stream(conn, EXPORT_REFERRALS_SQL, where, scope, "r.id", batch, _referral)


EXPORT_DECISIONS_SQL = (
    "SELECT d.id, d.person_id, p.handle, d.decided_on, d.status, d.review_on, d.reason, d.created_at "
    "FROM decision d JOIN person p ON p.id = d.person_id"
)


def _decision(row: tuple) -> DecisionRecord:
    did, pid, handle, on, status, review, reason, created = row
    return DecisionRecord(did, pid, handle, date.fromisoformat(on), status, _d(review), reason, created)


def iter_decisions(conn: sqlite3.Connection, batch: int = 1000,
                   scope: ExportScope | None = None) -> Iterator[DecisionRecord]:
    where = scope.decision if scope else None
    return _stream(conn, EXPORT_DECISIONS_SQL, where, scope, "d.id", batch, _decision)


EXPORT_GAINS_CHANGES_SQL = (
    "SELECT g.id, g.person_id, p.handle, g.field, g.value, g.changed_on, g.created_at "
    "FROM gains_change g JOIN person p ON p.id = g.person_id"
)


def _gains_change(row: tuple) -> GainsChangeRecord:
    gid, pid, handle, name, value, on, created = row
    return GainsChangeRecord(gid, pid, handle, name, value, date.fromisoformat(on), created)


def iter_gains_changes(conn: sqlite3.Connection, batch: int = 1000,
                       scope: ExportScope | None = None) -> Iterator[GainsChangeRecord]:
    where = scope.gains_change if scope else None
    return _stream(conn, EXPORT_GAINS_CHANGES_SQL, where, scope, "g.id", batch, _gains_change)


def counts(conn: sqlite3.Connection, tables: Iterable[str] = ("person", "meeting", "follow_up")) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


# --- referrals, decisions, GAINS history ----------------------------------------

def referral_by_id(conn: sqlite3.Connection, referral_id: int) -> ReferralRecord | None:
    row = conn.execute(f"{EXPORT_REFERRALS_SQL} WHERE r.id = :id", {"id": referral_id}).fetchone()
    return None if row is None else _referral(row)


def referrals(conn: sqlite3.Connection, *, person_id: int | None = None, direction: str | None = None,
              outcome: str | None = None, since: date | None = None,
              limit: int | None = None, author: str | None = None) -> list[ReferralRecord]:
    """Referrals newest first; ``person_id`` matches either side of an introduction."""
    where, params = [], {}
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
    sql = EXPORT_REFERRALS_SQL
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY r.on_date DESC, r.id DESC"
    if limit is not None:
        sql += " LIMIT :n"
        params["n"] = limit
    return [_referral(r) for r in conn.execute(sql, params)]


def flows(conn: sqlite3.Connection, person_ids: Sequence[int]) -> dict[int, list[Flow]]:
    """Each person's referrals as :class:`Flow` (``person_id`` is whom it was
    given to or received from; the other side of an introduction is not)."""
    out: dict[int, list[Flow]] = defaultdict(list)
    for chunk in _chunks(list(person_ids)):
        marks, params = _in(chunk, conn)
        for pid, on, direction, author in conn.execute(
            f"SELECT person_id, on_date, direction, author FROM referral WHERE person_id IN ({marks})", params
        ):
            out[pid].append(Flow(date.fromisoformat(on), direction, author))
    return out


def flows_since(conn: sqlite3.Connection, since: date) -> dict[int, list[Flow]]:
    """Every person's referrals dated after ``since`` (the ranking's window: a
    year of referrals, never the whole table)."""
    out: dict[int, list[Flow]] = defaultdict(list)
    for pid, on, direction, author in conn.execute(
        "SELECT person_id, on_date, direction, author FROM referral WHERE on_date > :since",
        {"since": since.isoformat()},
    ):
        out[pid].append(Flow(date.fromisoformat(on), direction, author))
    return out


def decisions_of(conn: sqlite3.Connection, person_id: int) -> list[DecisionRecord]:
    return [_decision(r) for r in conn.execute(
        f"{EXPORT_DECISIONS_SQL} WHERE d.person_id = :pid ORDER BY d.decided_on, d.id", {"pid": person_id})]


def latest_decisions(conn: sqlite3.Connection, person_ids: Sequence[int]) -> dict[int, DecisionRecord]:
    """The most recent decision about each of ``person_ids`` that has one."""
    out: dict[int, DecisionRecord] = {}
    for chunk in _chunks(list(person_ids)):
        marks, params = _in(chunk, conn)
        for row in conn.execute(
            f"{EXPORT_DECISIONS_SQL} WHERE d.person_id IN ({marks}) ORDER BY d.decided_on, d.id", params
        ):
            out[row[1]] = _decision(row)
    return out


def gains_changes_of(conn: sqlite3.Connection, person_id: int) -> list[GainsChangeRecord]:
    return [_gains_change(r) for r in conn.execute(
        f"{EXPORT_GAINS_CHANGES_SQL} WHERE g.person_id = :pid ORDER BY g.changed_on, g.id", {"pid": person_id})]


# --- authors (schema v5) ---------------------------------------------------------------


def authors(conn: sqlite3.Connection) -> list[str]:
    """Everyone who has written something in the journal, in name order."""
    return sorted(
        {a for (a,) in conn.execute(
            "SELECT author FROM meeting WHERE author IS NOT NULL UNION SELECT author FROM score WHERE author IS NOT NULL "
            "UNION SELECT author FROM follow_up WHERE author IS NOT NULL "
            "UNION SELECT author FROM referral WHERE author IS NOT NULL")},
        key=lambda a: (a.casefold(), a),
    )


def has_author(conn: sqlite3.Connection, author: str) -> bool:
    """Whether ``author`` wrote anything (the meeting and score lookups use their indexes)."""
    return any(
        conn.execute(f"SELECT 1 FROM {table} WHERE author = :a LIMIT 1", {"a": author}).fetchone()
        for table in AUTHORED
    )
