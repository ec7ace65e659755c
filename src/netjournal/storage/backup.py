"""Backups of a journal: made online, checked, private, and put back safely.

A backup is a copy made with SQLite's online backup API, so it is consistent
even while other netj processes write; it is written to a 0600 temporary file,
checked with ``PRAGMA integrity_check`` and only then renamed into place.
Only the stdlib ``sqlite3`` driver is used.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from netjournal.errors import Conflict, JournalError
from netjournal.storage import files
from netjournal.storage.schema import SCHEMA_VERSION

SIDE_FILES = ("-wal", "-shm")


def stamped_path(journal_path: Path, label: str, now: datetime) -> Path:
    """``journal.db`` → ``journal.backup-20261122-081500.db`` beside it."""
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    candidate = journal_path.with_name(f"{journal_path.stem}.{label}-{stamp}{journal_path.suffix or '.db'}")
    n = 2
    while candidate.exists():
        candidate = journal_path.with_name(f"{journal_path.stem}.{label}-{stamp}-{n}{journal_path.suffix or '.db'}")
        n += 1
    return candidate


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What SQLite's ``PRAGMA integrity_check`` and ``foreign_key_check`` report; empty when sound."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    problems = [] if rows == ["ok"] else rows
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"row {rowid} of {table} points to a missing {parent}")
    return problems


def copy_to(source: Path, target: Path) -> Path:
    """Copy the journal at ``source`` to ``target`` (created 0600), checked.

    The copy is read through a connection of its own, so it is one consistent
    snapshot, also while this process or another holds the write lock (SQLite
    cannot back up through a connection that is writing). It is made into a
    temporary file beside ``target`` and renamed into place only once it
    passes the integrity check: ``target`` is complete or absent, never
    half-written.
    """
    target = target.expanduser()
    if target.is_dir():
        raise JournalError(f"{target} is a directory; give a file name for the backup.")
    if not target.parent.is_dir():
        raise JournalError(f"cannot write {target}: the directory {target.parent} does not exist.")
    try:
        with files.replacing(target, what="backup") as tmp:
            reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            dest = sqlite3.connect(tmp, isolation_level=None)
            try:
                reader.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
                problems = integrity_problems(dest)
            finally:
                dest.close()
                reader.close()
            if problems:
                raise JournalError(f"the backup failed its integrity check ({problems[0]}); nothing was written.")
    except sqlite3.Error as exc:
        if "malformed" in str(exc) or "not a database" in str(exc):
            raise JournalError(f"{source} is damaged ({exc}); a copy of it would be damaged too.",
                               hint="Put an earlier backup back with `netj db restore FILE`.") from None
        raise JournalError(f"cannot write the backup {target}: {exc}; nothing was written.") from None
    return target


def snapshot_to(target: Path, fill: Callable[[Path], object]) -> Path:
    """A new SQLite journal at ``target``, written by ``fill(path)`` (which
    creates a journal at ``path``, a temporary name beside ``target``; netj
    creates journals 0600), then checked and renamed into place: ``target``
    is complete or absent. How a journal on a server is backed up."""
    target = target.expanduser()
    if target.is_dir():
        raise JournalError(f"{target} is a directory; give a file name for the backup.")
    if not target.parent.is_dir():
        raise JournalError(f"cannot write {target}: the directory {target.parent} does not exist.")
    if target.exists():
        raise JournalError(f"{target} exists; give a new file name for the backup.")
    with files.replacing(target, what="backup") as tmp:
        fill(tmp)
        dest = sqlite3.connect(tmp, isolation_level=None)
        try:
            dest.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
            problems = integrity_problems(dest)
        finally:
            dest.close()
        if problems:  # pragma: no cover - written and read back by this process; only a failing disk gets here
            raise JournalError(f"the backup failed its integrity check ({problems[0]}); nothing was written.")
    return target


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    schema_version: int
    people: int
    meetings: int


def inspect(path: Path) -> BackupInfo:
    """Open a backup read-only and check it is a sound netj journal this netj can use."""
    path = path.expanduser()
    if not path.is_file():
        raise JournalError(f"{path} does not exist or is not a file.")
    if path.stat().st_size == 0:
        raise JournalError(f"{path} is an empty file (0 bytes), not a netj backup.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise JournalError(f"cannot open {path}: {exc}.") from None
    try:
        problems = integrity_problems(conn)
        if problems:
            raise JournalError(f"{path} is damaged ({problems[0]}); choose another backup.")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_migrations" not in tables:
            raise JournalError(f"{path} is an SQLite database but not a netj journal.")
        version = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0
        if version > SCHEMA_VERSION:
            raise JournalError(f"{path} was written by a newer netj (schema v{version}; this netj knows "
                               f"up to v{SCHEMA_VERSION}). Upgrade netj to restore it.")
        people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        meetings = conn.execute("SELECT count(*) FROM meeting").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise JournalError(f"{path} is not a netj journal ({exc}); choose another backup.") from None
    finally:
        conn.close()
    return BackupInfo(path, version, people, meetings)


def _ensure_unused(path: Path) -> sqlite3.Connection | None:
    """Take the write lock on the journal at ``path`` and check nobody reads it.

    Returns the connection holding the lock (None when the file is not a
    usable database, e.g. damaged: then there is nothing to lock).
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None, timeout=2)
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise Conflict(f"{path} is in use by another netj; try again when it has finished.") from None
        return None
    except sqlite3.DatabaseError:
        return None
    try:
        conn.execute("COMMIT")
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise Conflict(f"{path} is in use by another netj; try again when it has finished.")
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError:
        conn.close()
        return None
    except BaseException:
        conn.close()
        raise
    return conn


def restore(backup: Path, journal_path: Path, keep: Path) -> BackupInfo:
    """Put ``backup`` in place of the journal at ``journal_path``.

    The backup is checked first; the journal must not be in use. The journal
    it replaces is kept at ``keep`` first, so a restore can itself be undone:
    a sound journal is copied there and then overwritten through SQLite (so
    a netj that opens it at that moment waits and sees either version), a
    damaged one is moved there as it is.
    """
    info = inspect(backup)
    if journal_path.exists() and journal_path.resolve() == info.path.resolve():
        raise JournalError(f"{backup} is the journal itself; choose a backup file.")
    src = sqlite3.connect(f"{info.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        live = _ensure_unused(journal_path) if journal_path.exists() else None
        if live is not None:
            try:
                copy_to(journal_path, keep)
                live.execute("COMMIT")
                src.backup(live)
                problems = integrity_problems(live)
            finally:
                live.close()
            if problems:  # pragma: no cover - the backup was checked; only a failing disk gets here
                raise JournalError(f"the restored journal failed its check ({problems[0]}); "
                                   f"the previous journal is kept at {keep}.")
            return info
        files.make_private_dir(journal_path.parent)  # a new machine: the data directory may not exist yet
        with files.replacing(journal_path, what="journal") as tmp:
            dest = sqlite3.connect(tmp, isolation_level=None)
            try:
                src.backup(dest)
                dest.execute("PRAGMA journal_mode = WAL")
            finally:
                dest.close()
            if journal_path.exists():  # damaged: keep it as it is, side files too
                os.replace(journal_path, keep)
                for side in SIDE_FILES:
                    if Path(f"{journal_path}{side}").exists():
                        os.replace(f"{journal_path}{side}", f"{keep}{side}")
    finally:
        src.close()
    return info
