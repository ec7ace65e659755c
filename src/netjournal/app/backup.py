"""``netj db backup|restore|migrate|path``: keeping the journal safe.

A journal in a SQLite file is backed up and restored as a file (SQLite's
online backup API, see :mod:`netjournal.storage.backup`). A journal on a
server is backed up into a new SQLite journal file through the netj-format
importer, and restored by replacing its records in one transaction, the
replaced ones kept in such a file first.
"""

from __future__ import annotations

import re
from contextlib import closing, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from netjournal.app.maintenance import copy_journal, keep_copy
from netjournal.errors import NothingToDo
from netjournal.storage import backup, files
from netjournal.storage.base import Connection, Journal
from netjournal.storage.open import open_journal
from netjournal.storage.queries.people import counts
from netjournal.storage.schema import SCHEMA_VERSION


@dataclass(frozen=True)
class JournalPath:
    """``netj db path``: where the journal is (``exists`` is null for a server)."""

    path: str
    exists: bool | None


@dataclass(frozen=True)
class BackupDone:
    path: str


@dataclass(frozen=True)
class RestoreDone:
    path: str
    restored_from: str
    kept: str | None


@dataclass(frozen=True)
class MigrateDone:
    path: str
    schema_version: int
    upgraded_from: int | None
    backup: str | None


def server_file(location: str, label: str, now: datetime, folder: Path) -> Path:
    """Where a backup of a journal on a server goes by default: a private file
    in ``folder`` (netj's data directory), named after the database
    (``location``, its URL with or without the password) and the time."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", urlsplit(location).path.strip("/")).strip("-.") or "team"
    backups_dir = folder / "backups"
    files.make_private_dir(backups_dir)
    return backup.stamped_path(backups_dir / f"{name}.db", label, now)


def snapshot(conn: Connection, dest: Path, *, now: datetime, source_label: str) -> Path:
    """What the server connection ``conn`` sees, in the transaction it is in,
    copied into a new SQLite journal file ``dest``, checked (``db backup``, and
    what ``db restore`` keeps of the records it replaces)."""
    return backup.snapshot_to(dest, lambda tmp: keep_copy(
        conn, lambda: closing(open_journal(tmp, now=now)), now=now, source_label=source_label))


def backup_journal(journal: Journal, target: Path | None, *, now: datetime, data_dir: Path) -> BackupDone:
    """A checked, private copy of the journal: beside it (a file), or in
    ``data_dir`` (a server), unless ``target`` says where."""
    label = str(journal.path)
    if journal.pending:
        raise NothingToDo(f"there is no journal at {label} yet; nothing to back up.")
    if journal.file is None:
        with journal.read() as conn:  # one consistent snapshot
            written = snapshot(conn, target or server_file(label, "backup", now, data_dir), now=now,
                               source_label=label)
    else:
        written = backup.copy_to(journal.file, target or backup.stamped_path(journal.file, "backup", now))
    return BackupDone(str(written))


def restore_file(info: backup.BackupInfo, journal_path: Path, *, now: datetime) -> RestoreDone:
    """Put a checked backup in place of the journal file, the replaced one kept beside it."""
    keep = backup.stamped_path(journal_path, "replaced", now)
    backup.restore(info.path, journal_path, keep)
    return RestoreDone(str(journal_path), str(info.path), str(keep) if keep.exists() else None)


def restore_server(journal: Journal, info: backup.BackupInfo, *, now: datetime, data_dir: Path) -> RestoreDone:
    """Put a backup file's records in place of a server journal's, in one
    write transaction: under its lock the current records are kept in a
    backup file, then deleted and replaced (a failure leaves the journal as
    it was, and removes the kept file). The backup is read from a private
    copy, so an older one is migrated there, not in place."""
    kept: list[Path] = []
    label = str(journal.path)

    def keep(conn: Connection) -> None:  # inside the restore's transaction, under the write lock
        if any(counts(conn).values()):
            kept.append(snapshot(conn, server_file(label, "replaced", now, data_dir), now=now, source_label=label))

    files.make_private_dir(data_dir)
    with files.private_workdir(data_dir, what="restore") as work:
        try:
            copy = backup.copy_to(info.path, work / "backup.db")
            with closing(open_journal(copy, now=now)) as source:
                copy_journal(source, lambda: nullcontext(journal), now=now, source_label=str(info.path),
                             target_label=label, replace=True, before_replace=keep)
        except BaseException:
            for path in kept:  # the journal was left as it was: nothing replaced, nothing to keep
                path.unlink(missing_ok=True)
            raise
    return RestoreDone(label, str(info.path), str(kept[0]) if kept else None)


def migrated(journal: Journal, label: str) -> MigrateDone:
    """What opening the journal did to its schema (netj migrates on open)."""
    saved = journal.upgrade_backup
    return MigrateDone(label, SCHEMA_VERSION, journal.upgraded_from, str(saved) if saved else None)
