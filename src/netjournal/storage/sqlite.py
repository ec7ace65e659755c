"""A journal in a SQLite file: private files, pragmas, version checks and migrations.

Only the stdlib ``sqlite3`` driver is used here, so read commands start fast.
Write commands hand the same connection to SQLAlchemy (see :mod:`.orm`).
"""

from __future__ import annotations

import math
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from netjournal.domain.dates import utc_stamp
from netjournal.errors import JournalError
from netjournal.storage import files
from netjournal.storage.base import RESTORE_HINT, Dialect, Journal, TextIndex, note_commit
from netjournal.storage.schema import MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION, render
from netjournal.storage.undo import record as undo_record
from netjournal.storage.undo.record import Writer

BUSY_TIMEOUT_MS = 30_000


class SqliteDialect(Dialect):
    name = "sqlite"
    sqlalchemy_url = "sqlite://"

    def id_list(self, ids: Sequence[int]) -> tuple[str, dict[str, object]]:
        names = [f"p{i}" for i in range(len(ids))]
        return ", ".join(f":{n}" for n in names), dict(zip(names, ids, strict=True))

    def integrity_problems(self, conn: Any) -> list[str]:
        """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report."""
        from netjournal.storage.backup import integrity_problems

        return integrity_problems(conn)

    def integrity_errors(self) -> tuple[type[Exception], ...]:
        return (sqlite3.IntegrityError,)

    def restart_ids(self, conn: Any, tables: Sequence[str]) -> None:
        names = {f"t{i}": t for i, t in enumerate(tables)}
        conn.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({', '.join(':' + n for n in names)})", names)

    def database_errors(self) -> tuple[type[Exception], ...]:
        return (sqlite3.DatabaseError,)

    @cached_property
    def text_index(self) -> TextIndex:
        from netjournal.storage.fulltext import Fts5Index

        return Fts5Index()

    def recency_weight(self, conn: Any, on_date: str) -> str:
        # power() is SQLite's own when it is built with its math functions
        # (3.35+, as most are); otherwise Python's, on this connection.
        try:
            conn.execute("SELECT power(0.5, 1)")
        except sqlite3.OperationalError:
            conn.create_function("power", 2, math.pow, deterministic=True)
        return f"power(0.5, max(julianday(:today) - julianday({on_date}), 0) / :half_life_days)"


SQLITE = SqliteDialect()


class SqliteConnection(sqlite3.Connection):
    """The stdlib connection, with the dialect the queries ask for."""

    dialect = SQLITE

    def scan(self, sql: str, params: Any = None) -> sqlite3.Cursor:
        """sqlite3 steps through a result as it is fetched already."""
        return self.execute(sql, params if params is not None else {})


@dataclass
class SqliteJournal:
    """An open journal: the path and a stdlib connection in autocommit mode.

    Transactions are explicit: :meth:`read` opens a deferred one (a consistent
    snapshot under WAL), :meth:`write` a ``BEGIN IMMEDIATE`` one so that
    concurrent writers queue on the busy timeout instead of failing.
    """

    path: Path
    conn: SqliteConnection
    created: bool = False
    warnings: list[str] = field(default_factory=list)
    upgraded_from: int | None = None  # the schema version before this open migrated it
    upgrade_backup: Path | None = None
    # A journal that does not exist yet reads as an empty one (in memory) and
    # is created on disk at its first write: a command that only reads, or
    # fails before writing, leaves no file behind.
    pending: bool = False
    now: datetime | None = None
    notify: Callable[[str], None] | None = None
    read_only: str | None = None  # why the journal cannot be written, when it cannot
    writer: Writer | None = None  # set by the command line: its writes go in the undo record

    @property
    def dialect(self) -> SqliteDialect:
        return SQLITE

    @property
    def file(self) -> Path:
        return self.path

    def materialize(self) -> None:
        """Create the journal file now if it does not exist yet (first write)."""
        if not self.pending:
            return
        assert self.now is not None
        created = _create_journal(self.path, self.now)
        disk = connect(self.path)
        try:
            _prepare(self, disk, self.path, self.now, self.notify)
        except BaseException:
            disk.close()
            raise
        self.conn.close()
        self.conn, self.pending, self.created = disk, False, created
        if created and self.notify:
            self.notify(f"Created a new journal at {self.path}")

    @contextmanager
    def read(self) -> Iterator[SqliteConnection]:
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            _rollback(self.conn)

    @contextmanager
    def write(self, create: bool = True) -> Iterator[SqliteConnection]:
        """A ``BEGIN IMMEDIATE`` transaction. ``create=False`` (a dry run that
        rolls back) leaves a journal that does not exist yet uncreated."""
        if create:
            self.materialize()
        self.check_writable()
        self.begin_write()
        try:
            yield self.conn
            self.finish_write()
        except BaseException:
            _rollback(self.conn)
            raise
        else:
            self.conn.execute("COMMIT")
            note_commit()

    def begin_write(self) -> None:
        """``BEGIN IMMEDIATE``: take the write lock now. SQLite's deferred
        transactions take it only at the first write, and a reader that then
        tries to write fails with "database is locked" at once, without
        waiting on the busy timeout. Then open the write in the undo record."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            undo_record.open_write(self.conn, self.writer, self.now)
        except BaseException:
            _rollback(self.conn)
            raise

    def finish_write(self) -> None:
        undo_record.close_write(self.conn, self.now)

    def check_writable(self) -> None:
        if self.read_only and not self.pending:
            raise JournalError(f"{self.path} is read-only ({self.read_only}); nothing was written.",
                               hint="Fix its permissions (chmod 600) or use a copy.")

    def dbapi_connection(self) -> SqliteConnection:
        return self.conn

    def same_location(self, other: Journal) -> bool:
        return isinstance(other, SqliteJournal) and (
            self.path.expanduser().resolve() == other.path.expanduser().resolve())

    def close(self) -> None:
        self.conn.close()


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open. SQLite rolls back by itself
    after some errors (a full disk, an I/O error): the original error is the
    one to report, not a failed ROLLBACK."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def read_only_reason(path: Path) -> str | None:
    """Why netj cannot write the journal at ``path``, or None when it can.

    SQLite in WAL mode writes two side files (``-wal``, ``-shm``) beside the
    journal: a journal whose file or directory is read-only is opened
    read-only and immutable, so that reading it creates no side files (which
    would inherit the read-only mode and keep the journal read-only after the
    permissions are fixed)."""
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK) and not Path(f"{path}-shm").exists():
        return "its directory is read-only"
    return None


def connect(path: Path, read_only: bool = False) -> SqliteConnection:
    """A connection with netj's pragmas, to a file that must already exist."""
    uri = path.resolve().as_uri() + "?mode=rw"
    wal = Path(f"{path}-wal")
    if read_only:
        # Immutable: no locks, no side files. Only when no write-ahead log holds
        # committed data that an immutable reader would not see.
        has_log = wal.exists() and wal.stat().st_size > 0
        uri = path.resolve().as_uri() + ("?mode=ro" if has_log else "?mode=ro&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False, factory=SqliteConnection)
    except sqlite3.OperationalError as exc:
        raise JournalError(f"cannot open the journal at {path}: {exc}.", hint=RESTORE_HINT) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a committed entry survives power loss, in WAL mode too.
        conn.execute("PRAGMA synchronous = FULL")
        # Deleted notes are overwritten, not left in free pages.
        conn.execute("PRAGMA secure_delete = ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _not_a_journal(path, exc) from None
    return conn


def _not_a_journal(path: Path, exc: Exception) -> JournalError:
    return JournalError(f"{path} is not a netj journal ({exc}).", hint=RESTORE_HINT)


def schema_version(conn: sqlite3.Connection, path: Path) -> int:
    """The journal's schema version (0: an empty database, which netj may set up)."""
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_migrations" not in tables:
            if tables - {"sqlite_sequence"}:
                raise JournalError(
                    f"{path} is an SQLite database but not a netj journal (no schema_migrations table).",
                    hint=RESTORE_HINT,
                )
            return 0
        row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    except sqlite3.DatabaseError as exc:
        raise _not_a_journal(path, exc) from None
    return row[0] or 0


def migrate(conn: sqlite3.Connection, path: Path, now: datetime,
            before: Callable[[int], object] | None = None) -> list[int]:
    """Bring the journal up to :data:`SCHEMA_VERSION`, one transaction per run.

    Re-reads the version inside ``BEGIN IMMEDIATE`` so that two processes
    opening a new journal at the same moment do not both create it.
    ``before(current_version)`` runs under that lock before an existing
    journal is changed (see :func:`backup_before_upgrade`).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(conn, path)
        applied = []
        if current < SCHEMA_VERSION:
            if current > 0 and before is not None:
                before(current)
            conn.execute(MIGRATIONS_TABLE)
            for m in MIGRATIONS:
                if m.version <= current:
                    continue
                for statement in m.statements_for("sqlite"):
                    conn.execute(render(statement, "sqlite"))
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (m.version, m.name, utc_stamp(now)),
                )
                applied.append(m.version)
    except BaseException:
        _rollback(conn)
        raise
    conn.execute("COMMIT")
    return applied


def _create_journal(path: Path, now: datetime) -> bool:
    """Build a new, migrated journal next to ``path`` and link it into place.

    The file appears fully formed or not at all, so no other process ever sees
    a half-made (or 0-byte) journal; when two processes race, one wins and the
    other simply opens the winner's file. Returns whether this process won.
    """
    files.make_private_dir(path.parent)
    with files.private_workdir(path.parent, what="journal", target=path) as work:
        tmp = work / path.name
        files.create_private_file(tmp)
        conn = connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn, tmp, now)
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError as exc:  # a filesystem without hard links
            if path.exists():
                return False
            try:
                os.replace(tmp, path)
            except OSError:
                raise JournalError(f"cannot create the journal at {path}: {exc.strerror}.") from None
        return True


def open_sqlite(path: Path, *, now: datetime, notify: Callable[[str], None] | None = None) -> SqliteJournal:
    """Open the journal at ``path``, migrated and checked. A journal that does
    not exist yet is created at the first write (see :attr:`SqliteJournal.pending`)."""
    if not path.exists():
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False, factory=SqliteConnection)
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, path, now)
        return SqliteJournal(path=path, conn=conn, pending=True, now=now, notify=notify)
    if path.is_dir():
        raise JournalError(f"{path} is a directory, not a journal file.", hint=RESTORE_HINT)
    if path.stat().st_size == 0:
        raise JournalError(f"{path} is an empty file (0 bytes), not a netj journal.", hint=RESTORE_HINT)
    reason = read_only_reason(path)
    conn = connect(path, read_only=reason is not None)
    journal = SqliteJournal(path=path, conn=conn, now=now, notify=notify, read_only=reason)
    try:
        _prepare(journal, conn, path, now, notify)
    except BaseException:
        conn.close()
        raise
    return journal


def _prepare(journal: SqliteJournal, conn: sqlite3.Connection, path: Path, now: datetime,
             notify: Callable[[str], None] | None) -> None:
    """Check the schema version, migrate (after a backup) and check the file's mode."""
    version = schema_version(conn, path)
    if version > SCHEMA_VERSION:
        raise JournalError(
            f"{path} was written by a newer netj (schema v{version}; this netj knows up to v{SCHEMA_VERSION}).",
            hint="Upgrade netj to open it; the file was left untouched.",
        )
    if version < SCHEMA_VERSION:
        journal.check_writable()  # an upgrade writes; a read-only journal is never half-migrated
        migrate(conn, path, now, before=lambda v: backup_before_upgrade(journal, v, now, notify))
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        journal.warnings.append(
            f"{path} is readable by other users (mode {mode:o}); fix it with: chmod 600 '{path}'"
        )


def backup_before_upgrade(journal: SqliteJournal, version: int, now: datetime,
                          notify: Callable[[str], None] | None) -> Path:
    """Copy the journal aside (0600) before a migration changes it."""
    from netjournal.storage.backup import copy_to, stamped_path

    target = copy_to(journal.path, stamped_path(journal.path, f"before-v{SCHEMA_VERSION}", now))
    journal.upgraded_from, journal.upgrade_backup = version, target
    if notify:
        notify(f"Upgrading the journal from schema v{version} to v{SCHEMA_VERSION}; "
               f"the previous version is kept at {target}")
    return target
