"""psycopg under the interface of the stdlib ``sqlite3`` connection.

:class:`Connection` runs the SQL of :mod:`netjournal.storage.queries`
unchanged (through :func:`.translate.translate`) and hands out tuples, as a
sqlite3 connection does. Importing this module imports psycopg: only a
journal named by a URL does.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import psycopg
from psycopg import pq
from psycopg.adapt import Loader

from netjournal.errors import JournalError
from netjournal.storage.pg.dialect import POSTGRESQL, PgDialect
from netjournal.storage.pg.translate import translate
from netjournal.storage.urls import mask_url, scrub

CONNECT_TIMEOUT_S = 10
SCAN_BATCH = 1000  # rows per FETCH of a server-side cursor (Connection.scan)


class _NumberLoader(Loader):
    """``numeric`` (what ``sum()`` of integers returns) as an int when it is
    whole, a float otherwise: the values SQLite gives."""

    def load(self, data):
        text = bytes(data).decode()
        return int(text) if text.lstrip("-").isdigit() else float(text)


class Cursor:
    """The results of one statement, as sqlite3's cursor hands them out.

    On a server-side cursor (:meth:`Connection.scan`) the rows stay on the
    server until fetched, a batch at a time; the cursor is closed once the
    last row has been read."""

    def __init__(self, cur: psycopg.Cursor | psycopg.ServerCursor, returns_id: bool) -> None:
        self._cur = cur
        self._server = isinstance(cur, psycopg.ServerCursor)
        self._rows: Iterator | None = None  # a server cursor's iterator: one FETCH per itersize rows
        self.lastrowid = None
        if returns_id:
            row = cur.fetchone()
            self.lastrowid = row[0] if row else None
            self._empty = True
        else:
            self._empty = cur.description is None

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    @property
    def description(self):
        return self._cur.description

    def fetchone(self):
        if self._empty:
            return None
        row = self._cur.fetchone()
        if row is None:
            self._done()
        return row

    def fetchall(self) -> list:
        if self._empty:
            return []
        rows = self._cur.fetchall()
        self._done()
        return rows

    def fetchmany(self, size: int = 1) -> list:
        if self._empty:
            return []
        rows = self._cur.fetchmany(size)
        if not rows:
            self._done()
        return rows

    def __iter__(self) -> Cursor:
        return self

    def __next__(self):
        if self._server:  # not fetchone: that would be one FETCH per row
            if self._rows is None:
                self._rows = iter(self._cur)
            row = next(self._rows, None)
        else:
            row = None if self._empty else self._cur.fetchone()
        if row is None:
            self._done()
            raise StopIteration
        return row

    def _done(self) -> None:
        """Every row was read: a server-side cursor is closed at once (its
        transaction may go on), a client-side one has nothing to free."""
        if self._server:
            self._empty = True
            self._cur.close()

    def close(self) -> None:
        self._cur.close()


class Connection:
    """A psycopg connection (autocommit; transactions are explicit) that runs
    the SQL of :mod:`netjournal.storage.queries` unchanged."""

    dialect: PgDialect = POSTGRESQL

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw
        self._scans = itertools.count(1)
        self._open_scans: list[psycopg.ServerCursor] = []

    def execute(self, sql: str, params=None) -> Cursor:
        text, returns_id, explicit = translate(sql)
        cur = self.raw.cursor()
        cur.execute(text, _params(params))
        result = Cursor(cur, returns_id)
        if explicit:
            self._sync_sequence(explicit)
        return result

    def scan(self, sql: str, params=None, batch: int = SCAN_BATCH) -> Cursor:
        """``execute`` for a SELECT that may return a whole table (an export):
        in a transaction, the rows come from a server-side cursor ``batch`` at
        a time, so memory does not grow with the result, where ``execute``
        receives every row at once. Other statements may run on the connection
        while it is open (a batch's tags and attendees). Outside a transaction
        (a server-side cursor lives in one) it is ``execute``."""
        if not self.in_transaction:
            return self.execute(sql, params)
        text = translate(sql).sql
        cur = self.raw.cursor(name=f"netj_scan_{next(self._scans)}")
        cur.itersize = batch
        cur.execute(text, _params(params))
        self._open_scans = [c for c in self._open_scans if not c.closed] + [cur]
        return Cursor(cur, False)

    def end_scans(self) -> None:
        """Mark the server-side cursors of the ended transaction closed (the
        server dropped them with it): a read left half-way, as an export to a
        closed pipe is, leaves none behind."""
        for cur in self._open_scans:
            cur.close()  # no round trip: outside a transaction there is nothing to close
        self._open_scans = []

    def _sync_sequence(self, table: str) -> None:
        """After rows were given ids by hand (an import keeps the file's ids,
        ``netj undo`` brings a row back), move the table's id sequence past
        them, as SQLite's AUTOINCREMENT does: the next row without an id gets
        the next free one. Never back: an id once given (to a row since
        deleted) is not given again, as on SQLite."""
        self.raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), greatest(max(id), coalesce("
                         f"pg_sequence_last_value(pg_get_serial_sequence('{table}', 'id')::regclass), 0))) "
                         f"FROM {table} HAVING max(id) IS NOT NULL")

    def cursor(self) -> Connection:
        """``conn.cursor().execute(…)``: each execute has its own cursor already."""
        return self

    def executemany(self, sql: str, seq) -> None:
        text, returns_id, explicit = translate(sql)
        if returns_id:
            text = text[: -len(" RETURNING id")]
        with self.raw.cursor() as cur:
            cur.executemany(text, [_params(p) for p in seq])
        if explicit:
            self._sync_sequence(explicit)

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


def _params(params):
    if params is None:
        return ()  # never None: psycopg reads %% as % only when given parameters
    return params if isinstance(params, dict) else tuple(params)


def connect(url: str) -> psycopg.Connection:
    """A connection to the server at ``url``; one clear line when there is none.
    The password comes from the URL, ``PGPASSWORD`` or ``~/.pgpass`` (libpq's
    own lookup) and is never printed."""
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                              application_name="netj")
    except psycopg.Error as exc:
        raise JournalError(f"cannot connect to the journal at {mask_url(url)} ({connect_reason(exc, url)}).",
                           hint=_connect_hint(exc)) from None
    except ValueError as exc:  # psycopg rejects a malformed URL before connecting
        raise JournalError(f"{mask_url(url)} is not a database URL netj can use ({scrub(str(exc), url)}).",
                           hint="Use postgresql://USER@HOST[:PORT]/DATABASE.") from None
    raw.adapters.register_loader("numeric", _NumberLoader)
    return raw


def connect_reason(exc: BaseException, url: str) -> str:
    """What libpq said, in one line, without connection boilerplate or a password."""
    text = " ".join(str(exc).split())
    fatal = re.findall(r"FATAL:\s*(.*?)(?=\s*(?:connection to server|FATAL:|$))", text)
    if fatal:
        text = fatal[-1]
    else:
        text = re.sub(r"^connection failed:\s*", "", text)
        text = re.sub(r'connection to server (at|on) .*? failed:\s*', "", text)
        text = re.sub(r"\s*Multiple connection attempts failed\..*$", "", text)
        text = re.sub(r"\s*Is the server running.*$", "", text)
    return scrub(text.rstrip(". ") or "no answer", url)


def _connect_hint(exc: BaseException) -> str | None:
    text = str(exc)
    if "does not exist" in text and "database" in text:
        return "Create it first (createdb), or check the database name in --db / NETJ_DB."
    if "password" in text:
        return "Check the password (in the URL, PGPASSWORD or ~/.pgpass)."
    if "refused" in text or "timeout" in text or "resolve host" in text or "translate host" in text:
        return "Is the server running, and are the host and port right?"
    return None
