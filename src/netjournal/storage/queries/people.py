"""People: lookups by handle, email and name, handles, lists, tags, counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import fields

from netjournal.domain.handles import unique_handle
from netjournal.domain.records import PERSON_DATES, PersonRecord
from netjournal.storage.base import Connection
from netjournal.storage.queries.rows import chunks, day, in_list

# The person table's columns are the record's fields (its tags are a table of their own).
PERSON_FIELDS = tuple(f.name for f in fields(PersonRecord) if f.name not in ("id", "tags"))
PERSON_COLUMNS = ", ".join(("id", *PERSON_FIELDS))


def tags_for(conn: Connection, person_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(list(person_ids)):
        marks, params = in_list(chunk, conn)
        for pid, tag in conn.execute(
            f"SELECT person_id, tag FROM person_tag WHERE person_id IN ({marks}) ORDER BY person_id, tag", params
        ):
            out[pid].append(tag)
    return {pid: tuple(tags) for pid, tags in out.items()}


def person_record(row: tuple, tags: tuple[str, ...]) -> PersonRecord:
    """A row of :data:`PERSON_COLUMNS` as a record."""
    values = dict(zip(("id", *PERSON_FIELDS), row, strict=True))
    for name in PERSON_DATES:
        values[name] = day(values[name])
    return PersonRecord(**values, tags=tags)


def person_by_id(conn: Connection, person_id: int) -> PersonRecord | None:
    row = conn.execute(f"SELECT {PERSON_COLUMNS} FROM person WHERE id = :id", {"id": person_id}).fetchone()
    if row is None:
        return None
    return person_record(row, tags_for(conn, [person_id]).get(person_id, ()))


def people_matching(conn: Connection, ref: str) -> list[tuple[int, str, str]]:
    """(id, handle, name) of people whose handle, email or name is exactly ``ref``
    (case-insensitive), handle matches first. Each kind is asked only when the
    one before matched nobody: a handle or an email is an index search, a name
    a scan of everyone (there is no index on lower(name)), so the usual case,
    a handle, reads one row whatever the size of the journal."""
    key = ref.strip()
    rows: list = []
    for rank, sql, params in (
        (0, "SELECT id, handle, name FROM person WHERE handle = :h", {"h": key.lower()}),
        (1, "SELECT id, handle, name FROM person WHERE lower(email) = lower(:k)", {"k": key}),
        (2, "SELECT id, handle, name FROM person WHERE lower(name) = lower(:k)", {"k": key}),
    ):
        rows = [(pid, h, n, rank) for pid, h, n in conn.execute(sql + " ORDER BY id", params)]
        if rows:
            break
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


def all_handles_and_names(conn: Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT handle, name FROM person ORDER BY handle").fetchall()


# A prefix search as a range over the handle index (LIKE cannot use it: it is
# case-insensitive): every text that starts with p sorts between p and p + U+10FFFF.
PREFIX_SQL = "handle >= :p AND handle < :p || char(1114111)"


def handles_like(conn: Connection, prefix: str, limit: int = 50) -> list[tuple[str, str]]:
    """People whose handle starts with ``prefix`` (for shell completion)."""
    return conn.execute(
        f"SELECT handle, name FROM person WHERE {PREFIX_SQL} ORDER BY handle LIMIT :n", {"p": prefix, "n": limit},
    ).fetchall()


def handles_taken(conn: Connection, base: str) -> list[str]:
    """``base`` and the ``base-N`` handles already used: what a new handle must avoid."""
    return [h for (h,) in conn.execute(
        f"SELECT handle FROM person WHERE handle = :b OR ({PREFIX_SQL})", {"b": base, "p": base + "-"}
    )]


def people(
    conn: Connection, *, statuses: Sequence[str], tag: str | None = None
) -> list[PersonRecord]:
    marks = ", ".join(f":s{i}" for i in range(len(statuses)))
    params: dict[str, object] = {f"s{i}": s for i, s in enumerate(statuses)}
    sql = f"SELECT {PERSON_COLUMNS} FROM person WHERE status IN ({marks})"
    if tag is not None:
        sql += " AND id IN (SELECT person_id FROM person_tag WHERE tag = :tag)"
        params["tag"] = tag
    rows = conn.execute(sql + " ORDER BY id", params).fetchall()
    tags = tags_for(conn, [r[0] for r in rows])
    return [person_record(r, tags.get(r[0], ())) for r in rows]


def names_of(conn: Connection, person_ids: Sequence[int],
             statuses: Sequence[str]) -> dict[int, tuple[str, str, str]]:
    """``{id: (handle, name, status)}`` of those of ``person_ids`` with one of ``statuses``."""
    out: dict[int, tuple[str, str, str]] = {}
    for chunk in chunks(list(person_ids)):
        marks, params = in_list(chunk, conn)
        wanted = ", ".join(f":s{i}" for i in range(len(statuses)))
        params = {**params, **{f"s{i}": s for i, s in enumerate(statuses)}}
        for pid, handle, name, status in conn.execute(
            f"SELECT id, handle, name, status FROM person WHERE id IN ({marks}) AND status IN ({wanted})", params
        ):
            out[pid] = (handle, name, status)
    return out


def counts(conn: Connection, tables: Iterable[str] = ("person", "meeting", "follow_up")) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def handle_owner(conn: Connection, handle: str) -> int | None:
    """The id of the person with ``handle``, if anyone has it."""
    row = conn.execute("SELECT id FROM person WHERE handle = :h", {"h": handle}).fetchone()
    return None if row is None else row[0]


def email_owner(conn: Connection, email: str, except_id: int | None = None) -> str | None:
    """The handle of the person (other than ``except_id``) whose email is
    ``email``, case aside: emails are unique in a journal."""
    row = conn.execute("SELECT handle FROM person WHERE lower(email) = lower(:e) AND id IS NOT :id",
                       {"e": email, "id": except_id}).fetchone()
    return None if row is None else row[0]


def free_handle(conn: Connection, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not taken yet."""
    return unique_handle(base, handles_taken(conn, base))
