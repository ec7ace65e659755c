"""Opening, closing and reading the undo record (see :mod:`netjournal.storage.undo`).

A journal that knows who is writing (:class:`Writer`, set by the command
line) opens a row of ``undo_write`` at the start of each write transaction,
under the write lock, and closes it just before the commit: a write that
changed nothing leaves no row; one that changed more rows than the record
keeps (:data:`MAX_ROWS`) keeps its row without images; and every close
drops the writes the record no longer keeps (:data:`KEEP_WRITES`,
:data:`KEEP_DAYS`). A use case says how its write is recorded with
:func:`mark` (a deletion is ``final``, an import ``bulk``). Plain SQL on the
journal's connection, both backends.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from netjournal.domain.dates import utc_stamp
from netjournal.domain.undo import expired
from netjournal.storage.undo.capture import CAPTURED, ID_TABLES

MAX_ROWS = 10_000  # row images one write may keep; a larger one is recorded, but cannot be undone
KEEP_WRITES = 100  # the record keeps the latest 100 writes …
KEEP_DAYS = 30  # … of the last 30 days, whichever is fewer


@dataclass(frozen=True)
class Writer:
    """Who is writing, and with which command: what a write is listed as."""

    command: str  # "meetings edit"
    author: Callable[[], str | None]  # asked at the first write only (a read never opens the settings file)


def open_write(conn: Any, writer: Writer | None, now: datetime | None) -> None:
    """Start recording the write transaction that has just begun (nothing without a writer)."""
    if writer is None or now is None:
        return
    conn.execute("UPDATE undo_write SET state = 'final' WHERE state = 'open'")  # never two open at once
    wid = conn.execute("INSERT INTO undo_write (command, author, at, state, mode) VALUES (:c, :a, :at, 'open', 'rows')",
                       {"c": writer.command, "a": writer.author(), "at": utc_stamp(now)}).lastrowid
    conn.dialect.undo_state(conn, wid, "rows", None)


def _open(conn: Any) -> tuple[int, str, str | None] | None:
    return conn.execute("SELECT id, mode, marks FROM undo_write WHERE state = 'open'").fetchone()


def mark(conn: Any, mode: str) -> None:
    """How the open write is recorded: ``rows`` (the default), ``final`` (a
    deletion: no images, and the images of what it deletes are dropped),
    ``bulk`` (an import: the ids it adds as ranges, from the largest id of
    each table now), ``undo`` (``netj undo`` itself) or ``off``."""
    found = _open(conn)
    if found is None:
        return
    marks = None
    if mode == "bulk":
        marks = {t: conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in ID_TABLES}
    conn.execute("UPDATE undo_write SET mode = :m, marks = :marks WHERE id = :w",
                 {"m": mode, "marks": json.dumps(marks) if marks else None, "w": found[0]})
    conn.dialect.undo_state(conn, found[0], mode, marks)


def close_write(conn: Any, now: datetime | None) -> None:
    """Settle the open write before its commit, and drop what the record no longer keeps."""
    found = _open(conn)
    if found is None or now is None:
        return
    wid, mode, marks = found
    if mode in ("final", "off"):
        conn.execute("DELETE FROM undo_row WHERE write_id IN (SELECT id FROM undo_write WHERE state = 'gone')")
        conn.execute("UPDATE undo_write SET state = 'final' WHERE id = :w", {"w": wid})
    elif mode == "undo":
        conn.execute("DELETE FROM undo_write WHERE id = :w", {"w": wid})
    else:
        # a row changed and changed back, or added and deleted, is no change
        conn.execute("DELETE FROM undo_row WHERE write_id = :w AND (old_row = new_row OR "
                     "(old_row IS NULL AND new_row IS NULL))", {"w": wid})
        counts = change_counts(conn, wid)
        rows = sum(n for how in counts.values() for n in how.values())
        added = _added(conn, json.loads(marks)) if marks else {}
        for table, (_first, _last, n) in added.items():
            counts.setdefault("added", {})[table] = counts.get("added", {}).get(table, 0) + n
        if not rows and not added:
            conn.execute("DELETE FROM undo_write WHERE id = :w", {"w": wid})
        else:
            state = "kept"
            if rows > MAX_ROWS:
                conn.execute("DELETE FROM undo_row WHERE write_id = :w", {"w": wid})
                state = "too_large"
            conn.execute("UPDATE undo_write SET state = :s, row_count = :n, added = :a, counts = :c WHERE id = :w",
                         {"s": state, "n": rows, "a": json.dumps(added) if added else None,
                          "c": json.dumps(counts), "w": wid})
    prune(conn, now)


def _added(conn: Any, marks: dict[str, int]) -> dict[str, list[int]]:
    """``{table: [first id, last id, rows]}`` of the rows an import added (above its marks)."""
    out = {}
    for table, mark_ in marks.items():
        first, last, n = conn.execute(f"SELECT min(id), max(id), count(*) FROM {table} WHERE id > :m",
                                      {"m": mark_}).fetchone()
        if n:
            out[table] = [first, last, n]
    return out


def prune(conn: Any, now: datetime) -> None:
    """Drop the writes the record no longer keeps (:func:`netjournal.domain.undo.expired`:
    older than :data:`KEEP_DAYS` days or beyond the latest :data:`KEEP_WRITES`), with their images."""
    held = [(wid, datetime.fromisoformat(at.replace("Z", "+00:00")))
            for wid, at in conn.execute("SELECT id, at FROM undo_write WHERE state <> 'open'")]
    gone = sorted(expired(held, now, keep=KEEP_WRITES, days=KEEP_DAYS))
    for i in range(0, len(gone), 500):
        marks, params = conn.dialect.id_list(gone[i: i + 500])
        conn.execute(f"DELETE FROM undo_write WHERE id IN ({marks})", params)


def forget(conn: Any) -> int:
    """Empty the record; how many writes it held."""
    n = conn.execute("SELECT count(*) FROM undo_write WHERE state <> 'open'").fetchone()[0]
    conn.execute("DELETE FROM undo_write WHERE state <> 'open'")
    mark(conn, "off")
    return n


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WriteRow:
    id: int
    command: str
    author: str | None
    at: str
    state: str
    mode: str
    added: dict[str, list[int]]
    counts: dict[str, dict[str, int]]
    row_count: int
    undone_at: str | None


_WRITE = "SELECT id, command, author, at, state, mode, added, counts, row_count, undone_at FROM undo_write"


def _write_row(r: tuple) -> WriteRow:
    return WriteRow(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if r[6] else {},
                    json.loads(r[7]) if r[7] else {}, r[8], r[9])


def writes(conn: Any, *, since: str | None = None) -> list[WriteRow]:
    """The writes the record holds, newest first (those at or after ``since``)."""
    sql, params = _WRITE + " WHERE state <> 'open'", {}
    if since is not None:
        sql, params = sql + " AND at >= :since", {"since": since}
    return [_write_row(r) for r in conn.execute(sql + " ORDER BY id DESC", params)]


@dataclass(frozen=True)
class RowImage:
    table: str
    key: tuple  # the key's values, as in CAPTURED[table].keys
    row_key: str  # the key as the record stores it
    old: dict[str, Any] | None  # the row before the write; None: the write added it
    new: dict[str, Any] | None  # the row after; None: the write deleted it


def images(conn: Any, write_id: int) -> list[RowImage]:
    """The rows a write changed, in the order it first changed them."""
    return [RowImage(t, tuple(json.loads(k)), k, json.loads(o) if o else None, json.loads(n) if n else None)
            for t, k, o, n in conn.execute(
                "SELECT table_name, row_key, old_row, new_row FROM undo_row WHERE write_id = :w ORDER BY id",
                {"w": write_id})]


def touched_after(conn: Any, write_id: int, table: str, row_key: str) -> WriteRow | None:
    """The earliest write after ``write_id``, not undone, that changed this row."""
    r = conn.execute(f"{_WRITE} WHERE id > :w AND state <> 'undone' AND id IN (SELECT write_id FROM undo_row "
                     "WHERE table_name = :t AND row_key = :k) ORDER BY id LIMIT 1",
                     {"w": write_id, "t": table, "k": row_key}).fetchone()
    return None if r is None else _write_row(r)


def drop_images(conn: Any, write_id: int) -> None:
    conn.execute("DELETE FROM undo_row WHERE write_id = :w", {"w": write_id})


def mark_undone(conn: Any, write_id: int, now: datetime) -> None:
    """The write was undone: its images go (no redo keeps old wordings), its line stays in the list."""
    drop_images(conn, write_id)
    conn.execute("UPDATE undo_write SET state = 'undone', undone_at = :at WHERE id = :w",
                 {"at": utc_stamp(now), "w": write_id})


# --- the rows themselves --------------------------------------------------------------------


def _where(table: str) -> str:
    return " AND ".join(f"{k} = :k{i}" for i, k in enumerate(CAPTURED[table].keys))


def _key_params(key: tuple) -> dict[str, Any]:
    return {f"k{i}": v for i, v in enumerate(key)}


def _columns(table: str, names: Iterator[str] | list[str]) -> list[str]:
    known = set(CAPTURED[table].columns)
    names = list(names)
    unknown = [n for n in names if n not in known]
    assert not unknown, f"{table} has no column {unknown}"  # images are made by the triggers from these columns
    return names


def current(conn: Any, table: str, key: tuple) -> dict[str, Any] | None:
    """The row as it is now (None: there is none)."""
    cols = CAPTURED[table].columns
    row = conn.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE {_where(table)}", _key_params(key)).fetchone()
    return None if row is None else dict(zip(cols, row, strict=True))


def delete_row(conn: Any, table: str, key: tuple) -> None:
    conn.execute(f"DELETE FROM {table} WHERE {_where(table)}", _key_params(key))


def insert_row(conn: Any, table: str, values: dict[str, Any]) -> None:
    cols = _columns(table, list(values))
    conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(':v_' + c for c in cols)})",
                 {f"v_{c}": values[c] for c in cols})


def update_row(conn: Any, table: str, key: tuple, values: dict[str, Any]) -> None:
    if not values:
        return
    cols = _columns(table, list(values))
    conn.execute(f"UPDATE {table} SET {', '.join(f'{c} = :v_{c}' for c in cols)} WHERE {_where(table)}",
                 {**{f"v_{c}": values[c] for c in cols}, **_key_params(key)})


def delete_added(conn: Any, table: str, first: int, last: int) -> None:
    """Delete the rows of ``table`` an import added (ids ``first`` to ``last``)."""
    assert table in ID_TABLES
    conn.execute(f"DELETE FROM {table} WHERE id >= :a AND id <= :b", {"a": first, "b": last})


def change_counts(conn: Any, write_id: int) -> dict[str, dict[str, int]]:
    """``{"added"|"changed"|"removed": {table: rows}}`` of the images a write holds, tables in schema order."""
    found: dict[str, dict[str, int]] = {}
    for table, how, n in conn.execute(
            "SELECT table_name, CASE WHEN old_row IS NULL THEN 'added' WHEN new_row IS NULL THEN 'removed' "
            "ELSE 'changed' END AS how, count(*) FROM undo_row WHERE write_id = :w GROUP BY table_name, how",
            {"w": write_id}):
        found.setdefault(how, {})[table] = n
    order = list(CAPTURED)
    return {how: dict(sorted(rows.items(), key=lambda kv: order.index(kv[0]))) for how, rows in found.items()}
