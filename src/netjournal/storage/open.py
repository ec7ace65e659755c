"""Open a journal wherever it is: a SQLite file, or a database on a server.

The one module that chooses the backend from ``--db`` / ``NETJ_DB``, and the
only one that imports the PostgreSQL backend (and so psycopg), only for a URL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from netjournal.errors import JournalError
from netjournal.storage.base import Journal
from netjournal.storage.sqlite import open_sqlite
from netjournal.storage.urls import is_database_url


def open_journal(where: str | Path, *, now: datetime, notify: Callable[[str], None] | None = None) -> Journal:
    """The journal at ``where``: a ``postgresql://`` URL, or a SQLite file
    (created at the first write if it does not exist yet)."""
    if isinstance(where, str) and is_database_url(where):
        return open_url(where.strip(), now=now, notify=notify)
    return open_sqlite(Path(where), now=now, notify=notify)


def open_url(url: str, *, now: datetime, notify: Callable[[str], None] | None = None) -> Journal:
    """Open the journal in the PostgreSQL database at ``url`` (see :mod:`.pg`)."""
    try:
        from netjournal.storage.pg.journal import open_pg_journal
    except ImportError as exc:
        if not (exc.name or "").startswith("psycopg"):
            raise
        raise JournalError("a journal on PostgreSQL needs the psycopg driver, which is not installed.",
                           hint="Install it with: pip install 'netjournal[postgres]'") from None
    return open_pg_journal(url, now=now, notify=notify)
