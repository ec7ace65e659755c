"""SQLAlchemy sessions over a journal's own connection, for the write paths.

The engine reuses the stdlib connection that :func:`netjournal.storage.db.open_journal`
opened and checked, so pragmas live in one place. Every transaction starts
with ``BEGIN IMMEDIATE``: SQLite's deferred transactions take the write lock
only at the first write, and a reader that then tries to write fails with
"database is locked" at once, without waiting on the busy timeout.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from netjournal.storage.db import Journal, note_commit


@contextmanager
def unit_of_work(journal: Journal) -> Iterator[Session]:
    """One session, one ``BEGIN IMMEDIATE`` transaction: committed if the block
    finishes, rolled back if it raises."""
    journal.materialize()  # a new journal's file is made at its first write
    journal.check_writable()
    if journal.dialect == "postgresql":
        # psycopg's own connection (autocommit; netj begins and commits), and
        # the journal's write lock taken at BEGIN (see storage/pg.py).
        engine = create_engine("postgresql+psycopg://", creator=lambda: journal.conn.raw,
                               poolclass=StaticPool, hide_parameters=True)

        @event.listens_for(engine, "begin")
        def _begin_locked(conn):  # pragma: no cover - exercised by every write on PostgreSQL
            journal.begin_write()
    else:
        engine = create_engine(
            "sqlite://",
            creator=lambda: journal.conn,
            poolclass=StaticPool,
            hide_parameters=True,  # never echo bound values (notes) in errors
        )

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn):  # pragma: no cover - exercised by every write
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    with Session(engine, autoflush=True, expire_on_commit=False) as session:
        with session.begin():
            # Take the write lock now, before the use case's first read: reads
            # through journal.conn must see the same, locked snapshot.
            session.connection()
            yield session
    note_commit()
    engine.dispose(close=False)
