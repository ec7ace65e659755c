"""SQLAlchemy sessions over a journal's own connection, for the write paths.

The engine reuses the connection that :func:`netjournal.storage.open.open_journal`
opened and checked, so pragmas and the server connection live in one place.
Every transaction begins with the journal's :meth:`begin_write` (``BEGIN
IMMEDIATE`` on SQLite, ``BEGIN`` and the write lock on PostgreSQL): the lock is
taken before the use case's first read, so reads through ``journal.conn``
see the same, locked snapshot. It ends with :meth:`finish_write`, which
settles the write in the undo record before the commit. Importing this module is what pulls in
SQLAlchemy: only write paths do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from netjournal.storage.base import Journal, note_commit


@contextmanager
def unit_of_work(journal: Journal) -> Iterator[Session]:
    """One session, one write transaction: committed if the block finishes,
    rolled back if it raises."""
    journal.materialize()  # a new journal's file is made at its first write
    journal.check_writable()
    engine = create_engine(
        journal.dialect.sqlalchemy_url,
        creator=journal.dbapi_connection,
        poolclass=StaticPool,
        hide_parameters=True,  # never echo bound values (notes) in errors
    )

    @event.listens_for(engine, "begin")
    def _begin(conn):  # pragma: no cover - exercised by every write
        journal.begin_write()

    with Session(engine, autoflush=True, expire_on_commit=False) as session:
        with session.begin():
            session.connection()  # begin now: the write lock before the first read
            yield session
            session.flush()
            journal.finish_write()  # the undo record, in the same transaction
    note_commit()
    engine.dispose(close=False)


def warm_up() -> None:
    """Set up the ORM's view of the tables now (SQLAlchemy configures its
    mappers at a session's first use otherwise): ``netj log`` in a terminal
    calls this in the background while the person types (:mod:`netjournal.cli.preload`)."""
    from sqlalchemy.orm import configure_mappers

    import netjournal.storage.tables  # noqa: F401 - the mappers to configure

    configure_mappers()
