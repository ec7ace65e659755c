"""A journal on a PostgreSQL server (``--db postgresql://user@host/db``).

The same interface as :class:`netjournal.storage.db.Journal`: :meth:`read` and
:meth:`write` transactions, and a ``conn`` whose ``execute`` takes the SQL the
queries are written in (SQLite's ``:name`` and ``?`` parameters, ``IS ?``,
``char()``) and returns tuples. :func:`translate` turns that SQL into
psycopg's (``%(name)s``, ``IS NOT DISTINCT FROM``, ``chr()``), outside string
literals only, once per statement text.

Writers queue on one transaction-level advisory lock per journal (the
database and schema), as SQLite writers queue on ``BEGIN IMMEDIATE``: under
READ COMMITTED every statement after the lock sees every earlier commit, so
concurrent ``netj log`` runs never lose an update or fail on a race. Readers
take a REPEATABLE READ snapshot, as a deferred SQLite transaction does.

Importing this module imports psycopg: only a journal named by a URL does.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

import psycopg
from psycopg import pq
from psycopg.adapt import Loader

from netjournal.settings.env import mask_url
from netjournal.errors import JournalError
from netjournal.storage.schema import MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION, render

CONNECT_TIMEOUT_S = 10
LOCK_CLASS = 0x6E6A  # "nj": the first key of netj's advisory locks
SCAN_BATCH = 1000  # rows per FETCH of a server-side cursor (Connection.scan)
# Tables whose rows have an ``id`` key: an INSERT into one returns it (lastrowid).
ID_TABLES = frozenset({"person", "meeting", "follow_up", "gains_change", "decision", "referral"})

# --- SQL translation ------------------------------------------------------------------

_TOKENS = re.compile(
    r"""(?P<literal>'(?:[^']|'')*'|"(?:[^"]|"")*")"""
    r"""|(?P<cast>::)"""
    r"""|(?P<isnot>\bIS\s+NOT\s+(?=[:?]))"""
    r"""|(?P<is>\bIS\s+(?=[:?]))"""
    r"""|:(?P<name>[A-Za-z_]\w*)"""
    r"""|(?P<qmark>\?)"""
    r"""|(?P<percent>%)"""
    r"""|(?P<char>\bchar\s*\()""",
    re.IGNORECASE,
)
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)\b", re.IGNORECASE)


class Translated(NamedTuple):
    sql: str
    returns_id: bool  # netj added ``RETURNING id``: the statement's ``lastrowid`` may be read
    explicit_id: str | None  # the table whose ``id`` the statement sets itself (an import)


_EXPLICIT_ID = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)\s*\(\s*id\s*,", re.IGNORECASE)
_VALUES = re.compile(r"\bVALUES\s*\(\s*", re.IGNORECASE)


@lru_cache(maxsize=512)
def translate(sql: str) -> Translated:
    """SQLite-flavoured SQL as PostgreSQL and psycopg take it. Every ``%`` is
    doubled, in literals too: psycopg reads the whole text. An INSERT that
    gives an ``id`` may give NULL for "the next one", as SQLite allows."""

    def one(m: re.Match) -> str:
        kind = m.lastgroup
        if kind == "literal":
            return m.group(0).replace("%", "%%")
        if kind == "cast":
            return m.group(0)
        if kind == "isnot":
            return "IS DISTINCT FROM "
        if kind == "is":
            return "IS NOT DISTINCT FROM "
        if kind == "name":
            return f"%({m.group('name')})s"
        if kind == "qmark":
            return "%s"
        if kind == "percent":
            return "%%"
        return "chr("

    out = _TOKENS.sub(one, sql)
    explicit = _EXPLICIT_ID.match(sql)
    table = explicit.group(1).lower() if explicit and explicit.group(1).lower() in ID_TABLES else None
    if table:
        values = _VALUES.search(out)
        if values:
            first = re.compile(r"%(\(\w+\))?s").match(out, values.end())
            if first:
                out = (out[:first.start()] + f"COALESCE({first.group(0)}::bigint, "
                       f"nextval(pg_get_serial_sequence('{table}', 'id')))" + out[first.end():])
    insert = _INSERT.match(sql)
    if insert and insert.group(1).lower() in ID_TABLES and not re.search(r"\bRETURNING\b", sql, re.IGNORECASE):
        return Translated(out + " RETURNING id", True, table)
    return Translated(out, False, table)


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

    dialect = "postgresql"

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
        """After rows were given ids by hand (an import keeps the file's ids),
        move the table's id sequence past them, as SQLite's AUTOINCREMENT does:
        the next row without an id gets the next free one."""
        self.raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} "
                         "HAVING max(id) IS NOT NULL")

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


# --- connecting -----------------------------------------------------------------------


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
        raise JournalError(f"{mask_url(url)} is not a database URL netj can use ({_scrub(str(exc), url)}).",
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
    return _scrub(text.rstrip(". ") or "no answer", url)


def _scrub(text: str, url: str) -> str:
    """``text`` without the URL's password (from its user part or a ``password=`` parameter)."""
    from urllib.parse import parse_qs, unquote, urlsplit

    try:
        parts = urlsplit(url)
        secrets = {parts.password, *parse_qs(parts.query).get("password", [])}
    except ValueError:
        secrets = set()
    for secret in filter(None, secrets | {unquote(s) for s in secrets if s}):
        text = text.replace(secret, "***")
    return text


def _connect_hint(exc: BaseException) -> str | None:
    text = str(exc)
    if "does not exist" in text and "database" in text:
        return "Create it first (createdb), or check the database name in --db / NETJ_DB."
    if "password" in text:
        return "Check the password (in the URL, PGPASSWORD or ~/.pgpass)."
    if "refused" in text or "timeout" in text or "resolve host" in text or "translate host" in text:
        return "Is the server running, and are the host and port right?"
    return None


# --- the journal ----------------------------------------------------------------------


@dataclass
class PgJournal:
    """An open journal on a PostgreSQL server; see :class:`netjournal.storage.db.Journal`."""

    path: str  # the URL without its password: how messages name the journal
    conn: Connection
    url: str = field(repr=False, default="")
    created: bool = False
    warnings: list[str] = field(default_factory=list)
    dialect: str = "postgresql"
    upgraded_from: int | None = None
    upgrade_backup: None = None
    pending: bool = False
    now: datetime | None = None
    notify: Callable[[str], None] | None = None
    read_only: str | None = None

    announce: str | None = None  # said at the first write, as a new SQLite journal's "Created …"

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
        except BaseException:
            _rollback(self.conn)
            raise
        else:
            self.conn.raw.execute("COMMIT")
            self.conn.end_scans()
            from netjournal.storage.db import note_commit

            note_commit()

    def begin_write(self) -> None:
        """``BEGIN`` and the journal's write lock (see the module's docstring)."""
        self.materialize()
        self.conn.raw.execute("BEGIN")
        lock(self.conn.raw)

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
    if row[2] != "UTF8":  # notes are Unicode: another encoding cannot hold them all
        raise JournalError(f"{label} uses the {row[2]} encoding; netj needs a UTF8 database.",
                           hint="Create it with: createdb --encoding=UTF8 --template=template0 NAME")
    if not row[0]:
        if row[1]:
            raise JournalError(f"{label} is a PostgreSQL database but not a netj journal "
                               "(no schema_migrations table).",
                               hint="Point --db / NETJ_DB at an empty database or schema, or at a netj journal.")
        return 0
    return raw.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0


def migrate(raw: psycopg.Connection, label: str, now: datetime) -> tuple[int, list[int]]:
    """Bring the journal up to :data:`SCHEMA_VERSION` in one transaction, under
    the write lock (two processes opening a new journal at once make it once).
    Returns the version found and the versions applied."""
    from netjournal.storage.db import utc_stamp

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
