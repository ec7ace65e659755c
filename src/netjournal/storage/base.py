"""What every backend offers, and the one object that knows how they differ.

A journal lives in a SQLite file (:mod:`.sqlite`) or in a PostgreSQL database
(:mod:`.pg`). The code above the storage layer sees only the two protocols
below: a :class:`Journal` with read and write transactions, and its
:class:`Connection`, whose ``execute`` takes SQLite-flavoured SQL with named
parameters (``:name``) and returns tuples on both backends. Everything that
differs between the two (placeholders for a list of ids, the full-text index,
integrity checks, which exceptions mean "a rule of the schema was broken",
whether two journals are the same) is asked of the connection's
:class:`Dialect`, never of the backend's name.

Importing this module costs nothing: no driver, no ORM.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

RESTORE_HINT = "Check --db / NETJ_DB, or put a backup back with `netj db restore FILE`."


class Cursor(Protocol):
    lastrowid: Any
    rowcount: int
    description: Any

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchmany(self, size: int = ...) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A journal's connection: autocommit, transactions begun by the journal."""

    @property
    def dialect(self) -> Dialect: ...
    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def executemany(self, sql: str, seq: Any, /) -> Any: ...

    def scan(self, sql: str, params: Any = None) -> Any:
        """``execute`` for a SELECT that may return a whole table (an export):
        the rows are fetched as they are read, never all at once."""
        ...

    def close(self) -> None: ...


class Journal(Protocol):
    """An open journal, on either backend."""

    path: Any  # the file (SQLite), or the URL without its password (PostgreSQL): how messages name it
    created: bool
    warnings: list[str]
    upgraded_from: int | None  # the schema version this open migrated from
    upgrade_backup: Path | None  # the copy kept before that migration (SQLite)
    pending: bool  # a SQLite journal not created yet: it is made at the first write
    read_only: str | None  # why the journal cannot be written, when it cannot
    writer: Any  # who writes with which command (storage.undo.record.Writer): its writes go in the undo record

    @property
    def conn(self) -> Connection:
        """The journal's connection (autocommit; transactions are begun by :meth:`read` and :meth:`write`)."""
        ...

    @property
    def dialect(self) -> Dialect: ...

    @property
    def file(self) -> Path | None:
        """The journal's file, when it is one (SQLite); None for a database on a server."""
        ...

    def read(self) -> AbstractContextManager[Any]:
        """A read transaction: one consistent snapshot."""
        ...

    def write(self, create: bool = True) -> AbstractContextManager[Any]:
        """A write transaction holding the journal's write lock, committed at the end of the block."""
        ...

    def begin_write(self) -> None:
        """Begin a write transaction, take the write lock and open the write
        in the undo record (the ORM's session begins this way)."""
        ...

    def finish_write(self) -> None:
        """Settle the write in the undo record, just before the commit."""
        ...

    def materialize(self) -> None: ...
    def check_writable(self) -> None: ...
    def dbapi_connection(self) -> Any: ...
    def same_location(self, other: Journal) -> bool: ...
    def close(self) -> None: ...


class TextIndex:
    """How a journal's texts are matched (one per dialect)."""

    def hits(self, query: str, params: dict[str, object]) -> str:
        """The SELECT of the rowids of the texts matching ``query`` (parameters added to ``params``)."""
        raise NotImplementedError

    def matched_text(self, conn: Connection, query: str, rowid: int) -> tuple[str, tuple[tuple[int, int], ...]]:
        raise NotImplementedError

    def people_named(self, conn: Connection, query: str, limit: int) -> list[tuple[str, str]]:
        raise NotImplementedError

    def index_problems(self, conn: Connection) -> list[str]:
        return []  # no index: nothing to go wrong

    def rebuild(self, conn: Connection) -> None:
        """Empty the index and fill it again from the tables (no index: nothing to do)."""

    def optimize(self, conn: Connection) -> None:
        """Drop deleted texts from the index's pages (no index: nothing to do)."""


class Dialect:
    """How a backend differs, in one object per backend (see :mod:`.sqlite`
    and :mod:`.pg.dialect`)."""

    name: str  # for messages and the ORM's engine URL; never to branch on outside storage
    sqlalchemy_url: str

    def id_list(self, ids: Sequence[int]) -> tuple[str, dict[str, object]]:
        """The inside of ``IN (…)`` for ``ids``, and its parameters."""
        raise NotImplementedError

    def integrity_problems(self, conn: Connection) -> list[str]:
        """What the backend's own integrity checks report; empty when sound."""
        raise NotImplementedError

    def integrity_errors(self) -> tuple[type[Exception], ...]:
        """The exceptions raised for a row the schema refuses."""
        raise NotImplementedError

    def database_errors(self) -> tuple[type[Exception], ...]:
        """The exceptions the driver raises for anything the database refuses."""
        raise NotImplementedError

    @property
    def text_index(self) -> TextIndex:
        """How the journal's texts are searched (:mod:`.fulltext`)."""
        raise NotImplementedError

    def restart_ids(self, conn: Connection, tables: Sequence[str]) -> None:
        """The tables were just emptied to be filled again as a file was (a
        restore on a server): their ids start over, so the rows put back with
        their ids leave the journal giving ids as the file did. Everywhere
        else an id once given is never given again."""
        raise NotImplementedError

    def undo_state(self, conn: Connection, write_id: int, mode: str, marks: dict[str, int] | None) -> None:
        """Tell the undo record's triggers, for the rest of the transaction, which
        write is open and how it records (:mod:`.undo.capture`). SQLite's
        triggers read the open ``undo_write`` row: nothing to do."""

    def recency_weight(self, conn: Connection, on_date: str) -> str:
        """SQL for :func:`netjournal.domain.scoring.weight` of the ISO date
        column ``on_date``: ``0.5 ** (max(days from it to :today, 0) / :half_life_days)``."""
        raise NotImplementedError


# --- commits, for the Ctrl-C message ---------------------------------------------------------

COMMITS = {"count": 0}  # write transactions committed by this process (see cli.main: Ctrl-C)


def note_commit() -> None:
    COMMITS["count"] += 1


def committed() -> int:
    return COMMITS["count"]


# --- failures, in one line ------------------------------------------------------------------


def database_failure(exc: BaseException) -> str | None:
    """A one-line message for an error raised by a database driver (SQLite,
    PostgreSQL, or either through SQLAlchemy), or None for anything else."""
    import sqlite3

    module = type(exc).__module__
    if isinstance(exc, sqlite3.Error) or module.startswith("psycopg") or (
            module.startswith("sqlalchemy") and hasattr(exc, "orig")):
        orig = getattr(exc, "orig", None) or exc
        text = str(orig).split("\n")[0]
        if "readonly" in text or "read-only" in text:
            return f"the journal is read-only ({text}); nothing was written."
        if "locked" in text or "busy" in text:
            return f"the journal is busy ({text}); another netj is writing. Try again."
        if "disk" in text and "full" in text:
            return f"the disk is full ({text}); nothing was written. Free some space and try again."
        return f"the journal could not be used ({text}); nothing was written."
    return None


def damage_of(exc: BaseException, label: object) -> Exception | None:
    """A :class:`JournalError` naming the journal when ``exc`` says its file
    is damaged (SQLite may find a bad page only when a query reaches it), else None."""
    import sqlite3

    from netjournal.errors import JournalError

    orig = getattr(exc, "orig", None) or exc
    text = str(orig).split("\n")[0]
    if isinstance(orig, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return JournalError(f"{label} is damaged ({text}); nothing was written.",
                            hint="See `netj db check`; " + RESTORE_HINT.split(", or ", 1)[1])
    return None

