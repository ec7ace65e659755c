"""``netj db check`` and ``netj db copy``: keeping the journal sound, and moving it."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass, field
from datetime import datetime

from netjournal.app.export import export_stream, records
from netjournal.errors import InvalidValue, JournalError, NothingToDo
from netjournal.storage import derived, fulltext
from netjournal.storage.base import Connection, Journal
from netjournal.storage.queries.people import counts
from netjournal.storage.schema import SCHEMA_VERSION
from netjournal.storage.undo import record as undo_record


@dataclass(frozen=True)
class CopySummary:
    """What ``netj db copy`` copied: the journals as netj names them (no password) and the records."""

    source: str
    target: str
    people: int
    meetings: int
    follow_ups: int
    referrals: int
    decisions: int
    gains_changes: int


def _plain(pairs: Iterator[tuple[str, object]]) -> Generator[tuple[str, dict, None], None, None]:
    """Export records as the importer reads them: plain JSON objects, no line numbers."""
    import orjson

    for kind, record in pairs:
        yield kind, orjson.loads(orjson.dumps(record)), None


def keep_copy(conn: Connection, open_target: Callable[[], AbstractContextManager[Journal]], *,
              now: datetime, source_label: str) -> None:
    """Every record ``conn`` sees, inside the transaction it is in, into the
    empty journal ``open_target()`` opens: ``netj db backup`` of a server
    journal (in a read snapshot), and what ``netj db restore`` keeps of it
    before replacing it (under the write lock)."""
    from netjournal.app.imports.netj import import_netj

    with open_target() as target, closing(_plain(records(conn, now=now))) as stream:
        import_netj(target, source_label, stream, now=now, only_into_empty=True)


def copy_journal(source: Journal, open_target: Callable[[], AbstractContextManager[Journal]], *, now: datetime,
                 source_label: str, target_label: str, replace: bool = False,
                 author: str | None = None,
                 before_replace: Callable[[Connection], None] | None = None) -> CopySummary:
    """``netj db copy``: every record of ``source`` (one read snapshot) into the
    empty journal ``open_target()`` opens, ids kept, in one transaction on it.

    The target is opened only once the source is known to exist (opening a
    server's empty database sets netj's tables up). The records go through the
    netj-format importer (its validation, all or nothing) as the objects an
    export would write, in memory: no file of the journal is ever written. A
    target with data is refused, nothing written; with ``replace`` (restoring
    a server's journal from a backup) its records are deleted first, in the
    same transaction, after ``before_replace(conn)`` has seen them (restore
    keeps them in a file under the same write lock). ``author`` is recorded
    on the entries that have none (handing a journal from before schema v5
    over to a team)."""
    from netjournal.app.imports.netj import JournalNotEmpty, import_netj

    if source.pending:
        raise NothingToDo(f"there is no journal at {source_label} yet; nothing to copy.")

    def stream() -> Generator[tuple[str, dict, None], None, None]:
        with closing(export_stream(source, now=now)) as pairs:
            yield from _plain(pairs)

    with open_target() as target, closing(stream()) as pairs:
        if source.same_location(target):
            raise InvalidValue(f"--to: {target_label} is the journal being copied; give another file or database.")
        try:
            done = import_netj(target, source_label, pairs, now=now, only_into_empty=not replace, replace=replace,
                               author=author, before_replace=before_replace)
        except JournalNotEmpty as exc:
            raise JournalError(f"{target_label} is not empty ({exc.message}); netj db copy only fills an empty "
                               "journal, and nothing was written.",
                               hint="To merge journals, use `netj export --jsonl` and `netj import`.") from None
    return CopySummary(source_label, target_label, done.created, done.meetings_created, done.follow_ups_created,
                       done.referrals_created, done.decisions_created, done.gains_changes_created)


@dataclass(frozen=True)
class JournalCheck:
    """What ``netj db check`` found. ``problems`` is empty for a sound journal."""

    path: str
    ok: bool
    schema_version: int
    people: int
    meetings: int
    follow_ups: int
    problems: tuple[str, ...]
    repaired: int = 0
    rebuilt_search_index: bool = False  # the search indexes were found wrong and rebuilt
    damaged: bool = field(default=False, metadata={"json": False})  # the integrity check failed: restore a backup


def check_journal(journal: Journal, *, repair: bool = False) -> JournalCheck:
    """Integrity, foreign keys, schema version, the stored derived dates
    (last contact, next due, each attendance's date) against a recomputation,
    and the search indexes against the texts they index. With ``repair``,
    wrong derived dates are recomputed and wrong indexes rebuilt, in one
    transaction."""
    conn = journal.conn
    problems = list(journal.dialect.integrity_problems(conn))
    damaged = bool(problems)
    repaired = 0
    rebuilt = False
    if not damaged:
        with journal.write() if repair else journal.read() as conn:
            if repair:
                undo_record.mark(conn, "off")  # a repair puts the journal right: it is never undone
            wrong_dates = conn.execute(
                "SELECT count(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id WHERE a.on_date != m.on_date"
            ).fetchone()[0]
            if wrong_dates and repair:
                conn.execute("UPDATE attendance SET on_date = (SELECT m.on_date FROM meeting m "
                             "WHERE m.id = attendance.meeting_id)")
                repaired += wrong_dates
            elif wrong_dates:
                problems.append(f"{wrong_dates} attendance(s) carry a date other than their meeting's")
            wrong = list(derived.mismatches(conn))
            if repair:
                derived.refresh(conn, sorted({pid for pid, *_ in wrong}))
                repaired += len(wrong)
            else:
                problems += [f"{handle}: {column} is {stored or 'empty'}, expected {expected or 'empty'}"
                             for _, handle, column, stored, expected in wrong]
            if repair:
                rebuilt = bool(fulltext.index_problems(conn))
                if rebuilt:
                    fulltext.rebuild(conn)
            found = counts(conn)
        if not repair:
            # FTS5's check takes the write lock (and writes nothing): wait behind
            # other writers instead of failing inside the read transaction.
            with journal.read() if journal.read_only else journal.write(create=False) as conn:
                problems += fulltext.index_problems(conn)
    else:
        found = {"person": 0, "meeting": 0, "follow_up": 0}
    try:
        version = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or SCHEMA_VERSION
    except journal.dialect.database_errors():
        version = SCHEMA_VERSION
    return JournalCheck(str(journal.path), not problems, version, found["person"], found["meeting"],
                        found["follow_up"], tuple(problems), repaired, rebuilt_search_index=rebuilt, damaged=damaged)
