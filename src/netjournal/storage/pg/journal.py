"""A journal on a PostgreSQL server (``--db postgresql://user@host/db``).

The same interface as :class:`netjournal.storage.sqlite.SqliteJournal`:
:meth:`read` and :meth:`write` transactions, and a ``conn`` (see
:mod:`.connection`) that takes the SQL the queries are written in.

Writers queue on one transaction-level advisory lock per journal (the
database and schema), as SQLite writers queue on ``BEGIN IMMEDIATE``: under
READ COMMITTED every statement after the lock sees every earlier commit, so
concurrent ``netj log`` runs never lose an update or fail on a race. Readers
take a REPEATABLE READ snapshot, as a deferred SQLite transaction does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psycopg

from netjournal.domain.dates import utc_stamp
from netjournal.errors import JournalError
from netjournal.storage.base import Journal, note_commit
from netjournal.storage.pg.connection import Connection, connect
from netjournal.storage.pg.dialect import POSTGRESQL, PgDialect
from netjournal.storage.schema import MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION, render
from netjournal.storage.undo import record as undo_record
from netjournal.storage.undo.record import Writer
from netjournal.storage.urls import mask_url

LOCK_CLASS = 0x6E6A  # "nj": the first key of netj's advisory locks


@dataclass
class PgJournal:
    """An open journal on a PostgreSQL server; see :class:`netjournal.storage.base.Journal`."""

    path: str  # the URL without its password: how messages name the journal
    conn: Connection
    url: str = field(repr=False, default="")
    created: bool = False
    warnings: list[str] = field(default_factory=list)
    upgraded_from: int | None = None
    upgrade_backup: Path | None = None  # never: back a server up with pg_dump (docs/team.md)
    pending: bool = False
    now: datetime | None = None
    notify: Callable[[str], None] | None = None
    read_only: str | None = None

    announce: str | None = None  # said at the first write, as a new SQLite journal's "Created …"
    writer: Writer | None = None  # set by the command line: its writes go in the undo record

    def materialize(self) -> None:
        """The tables are made when the journal is opened; a new journal is
        announced at its first write, as on SQLite (a read says nothing)."""
        if self.announce and self.notify:
            self.notify(self.announce)
        self.announce = None

    def check_writable(self) -> None:
        """The server decides (a role without rights gets its error)."""

    @contextmanager
    def read(self) -> Iterator[Connection]:
        self.conn.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try:
            yield self.conn
        finally:
            _rollback(self.conn)

    @contextmanager
    def write(self, create: bool = True) -> Iterator[Connection]:
        self.begin_write()
        try:
            yield self.conn
            self.finish_write()
        except BaseException:
            _rollback(self.conn)
            raise
        else:
            self.conn.raw.execute("COMMIT")
            self.conn.end_scans()
            note_commit()

    def begin_write(self) -> None:
        """``BEGIN``, the journal's write lock (see the module's docstring), and
        the write opened in the undo record."""
        self.materialize()
        self.conn.raw.execute("BEGIN")
        try:
            lock(self.conn.raw)
            undo_record.open_write(self.conn, self.writer, self.now)
        except BaseException:
            _rollback(self.conn)
            raise

    def finish_write(self) -> None:
        undo_record.close_write(self.conn, self.now)

    @property
    def dialect(self) -> PgDialect:
        return POSTGRESQL

    @property
    def file(self) -> None:
        return None

    def dbapi_connection(self) -> psycopg.Connection:
        return self.conn.raw

    def same_location(self, other: Journal) -> bool:
        return isinstance(other, PgJournal) and self.path == other.path

    def close(self) -> None:
        self.conn.close()


def lock(raw: psycopg.Connection) -> None:
    """Wait for the journal's write lock, held until the transaction ends. One
    lock per database and schema, so two journals on one server never wait on
    each other."""
    raw.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_database() || '.' || current_schema()))",
                (LOCK_CLASS,))


def _rollback(conn: Connection) -> None:
    if conn.in_transaction and not conn.raw.closed:
        try:
            conn.raw.execute("ROLLBACK")
        except psycopg.Error:
            pass
    conn.end_scans()


def _schema_version(raw: psycopg.Connection, label: str) -> int:
    row = raw.execute("SELECT to_regclass('schema_migrations') IS NOT NULL, "
                      "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()), "
                      "current_setting('server_encoding')").fetchone()
    assert row is not None  # a SELECT without FROM returns one row
    if row[2] != "UTF8":  # notes are Unicode: another encoding cannot hold them all
        raise JournalError(f"{label} uses the {row[2]} encoding; netj needs a UTF8 database.",
                           hint="Create it with: createdb --encoding=UTF8 --template=template0 NAME")
    if not row[0]:
        if row[1]:
            raise JournalError(f"{label} is a PostgreSQL database but not a netj journal "
                               "(no schema_migrations table).",
                               hint="Point --db / NETJ_DB at an empty database or schema, or at a netj journal.")
        return 0
    found = raw.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return (found[0] if found else None) or 0


def migrate(raw: psycopg.Connection, label: str, now: datetime) -> tuple[int, list[int]]:
    """Bring the journal up to :data:`SCHEMA_VERSION` in one transaction, under
    the write lock (two processes opening a new journal at once make it once).
    Returns the version found and the versions applied."""
    raw.execute("BEGIN")
    try:
        lock(raw)
        current = _schema_version(raw, label)
        applied = []
        if current < SCHEMA_VERSION:
            raw.execute(MIGRATIONS_TABLE)
            for m in MIGRATIONS:
                if m.version <= current:
                    continue
                for statement in m.statements_for("postgresql"):
                    raw.execute(render(statement, "postgresql"))
                raw.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
                            (m.version, m.name, utc_stamp(now)))
                applied.append(m.version)
    except BaseException:
        try:
            raw.execute("ROLLBACK")
        except psycopg.Error:
            pass
        raise
    raw.execute("COMMIT")
    return current, applied


def open_pg_journal(url: str, *, now: datetime, notify: Callable[[str], None] | None = None) -> PgJournal:
    """Open (and if needed set up or upgrade) the journal in the database at ``url``."""
    label = mask_url(url)
    raw = connect(url)
    try:
        version = _schema_version(raw, label)
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"{label} was written by a newer netj (schema v{version}; this netj knows up to v{SCHEMA_VERSION}).",
                hint="Upgrade netj to open it; the database was left untouched.",
            )
        journal = PgJournal(path=label, conn=Connection(raw), url=url, now=now, notify=notify)
        if version < SCHEMA_VERSION:
            before, applied = migrate(raw, label, now)
            if before == 0 and applied:
                journal.created = True
                journal.announce = f"Created a new journal at {label}"
            elif applied:
                journal.upgraded_from = before
                if notify:
                    notify(f"Upgraded the journal from schema v{before} to v{SCHEMA_VERSION}; "
                           "back it up with pg_dump before an upgrade (see docs/team.md).")
    except BaseException:
        raw.close()
        raise
    return journal
