"""A journal on PostgreSQL: URLs in --db / NETJ_DB, the SQL translation, the
schema on PostgreSQL, connection problems, and concurrent writers.

The translation and URL tests need no server; the rest run on the server of
``NETJ_TEST_POSTGRES`` (see tests/conftest.py) and are skipped without one.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import uuid
import warnings
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import pytest

from netjournal.errors import JournalError
from netjournal.settings.env import is_database_url, mask_url, resolve
from netjournal.storage.schema import SCHEMA_VERSION

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
pg = pytest.importorskip("netjournal.storage.pg.journal", reason="psycopg is not installed (pip install '.[postgres]')")
from netjournal.storage.pg.connection import connect_reason  # noqa: E402  (needs psycopg, checked above)
from netjournal.storage.pg.translate import translate  # noqa: E402

# --- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "url"), [
    ("postgresql://ron@db.example/netj", True), ("postgres://ron@db/netj", True), ("PostgreSQL://h/d", True),
    ("journal.db", False), ("~/netj/journal.db", False), ("postgresql.db", False), ("./postgresql:/x", False),
])
def test_a_url_names_a_server_and_a_path_a_sqlite_file(text, url):
    assert is_database_url(text) is url
    s = resolve(db=text, env={})
    assert (s.db_url is not None) is url


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://ron:s3cret@db/netj", "postgresql://ron:***@db/netj"),
    ("postgresql://ron:p%40ss@db:5433/netj?sslmode=require", "postgresql://ron:***@db:5433/netj?sslmode=require"),
    ("postgresql://ron@db/netj", "postgresql://ron@db/netj"),
    ("postgres://db/netj", "postgres://db/netj"),
    ("postgresql://ron@db/netj?sslmode=require&password=s3cret", "postgresql://ron@db/netj?sslmode=require&password=***"),
])
def test_the_password_is_masked_wherever_the_journal_is_named(url, shown):
    assert mask_url(url) == shown
    assert resolve(db=url, env={}).db_label == shown
    assert resolve(env={"NETJ_DB": url}).db_source == "NETJ_DB"


def test_without_psycopg_a_url_says_what_to_install(netj, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    for name in [m for m in sys.modules if m.startswith("netjournal.storage.pg.")]:
        monkeypatch.delitem(sys.modules, name)
    result = netj("--db", "postgresql://ron:s3cret@127.0.0.1/netj", "due")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("Error: a journal on PostgreSQL needs the psycopg driver, which is not installed. "
                             "Install it with: pip install 'netjournal[postgres]'\n")


# --- translating the queries' SQL -----------------------------------------------------------


@pytest.mark.parametrize(("sqlite", "postgres"), [
    ("SELECT id FROM person WHERE handle = :h", "SELECT id FROM person WHERE handle = %(h)s"),
    ("SELECT 1 FROM meeting WHERE id = ?", "SELECT 1 FROM meeting WHERE id = %s"),
    ("SELECT ':not_a_param', '?' FROM t WHERE a = :a", "SELECT ':not_a_param', '?' FROM t WHERE a = %(a)s"),
    ("SELECT 'it''s :x' WHERE a = :a", "SELECT 'it''s :x' WHERE a = %(a)s"),
    ("SELECT h FROM person WHERE id IS NOT :id", "SELECT h FROM person WHERE id IS DISTINCT FROM %(id)s"),
    ("SELECT 1 WHERE at_time IS ? AND place IS ?", "SELECT 1 WHERE at_time IS NOT DISTINCT FROM %s AND place IS NOT DISTINCT FROM %s"),
    ("SELECT 1 WHERE a IS NULL AND b IS NOT NULL", "SELECT 1 WHERE a IS NULL AND b IS NOT NULL"),
    ("SELECT h WHERE h < :p || char(1114111)", "SELECT h WHERE h < %(p)s || chr(1114111)"),
    ("SELECT r % 16, '50%' FROM t", "SELECT r %% 16, '50%%' FROM t"),
    ("SELECT x::text FROM t", "SELECT x::text FROM t"),
])
def test_sqlite_flavoured_sql_is_translated_outside_literals(sqlite, postgres):
    assert translate(sqlite) == (postgres, False, None)


def test_inserts_into_tables_with_an_id_return_it():
    assert translate("INSERT INTO meeting (on_date) VALUES (?)") == (
        "INSERT INTO meeting (on_date) VALUES (%s) RETURNING id", True, None)
    assert translate("INSERT INTO person_tag (person_id, tag) VALUES (?, ?)")[1] is False
    assert translate("INSERT INTO person (handle) VALUES (:h) RETURNING id")[1] is False


def test_an_insert_that_gives_the_id_may_leave_it_to_the_sequence():
    sql, _, table = translate("INSERT INTO decision (id, person_id) VALUES (?, ?)")
    assert table == "decision"
    assert sql.startswith("INSERT INTO decision (id, person_id) VALUES "
                          "(COALESCE(%s::bigint, nextval(pg_get_serial_sequence('decision', 'id'))), %s)")


def test_ids_given_by_hand_move_the_sequence_past_them(url):
    j = pg.open_pg_journal(url, now=NOW)
    try:
        with j.write() as conn:
            conn.execute("INSERT INTO person (id, handle, name, created_at, updated_at) VALUES (?, 'a', 'A', 'x', 'x')",
                         (41,))
            conn.execute("INSERT INTO person (id, handle, name, created_at, updated_at) VALUES (?, 'b', 'B', 'x', 'x')",
                         (None,))
        with j.write() as conn:
            cur = conn.execute("INSERT INTO person (handle, name, created_at, updated_at) VALUES ('c', 'C', 'x', 'x')")
            assert cur.lastrowid == 43
    finally:
        j.close()


def test_the_connection_reason_is_one_line_without_the_password():
    exc = Exception('connection failed: connection to server at "127.0.0.1", port 5432 failed: '
                    'FATAL:  password authentication failed for user "ron"\n')
    assert connect_reason(exc, "postgresql://ron:s3cret@h/d") == 'password authentication failed for user "ron"'
    assert "s3cret" not in connect_reason(Exception("bad s3cret"), "postgresql://ron:s3cret@h/d")


# --- on a server ----------------------------------------------------------------------------


@pytest.fixture
def url(pg_schema):
    return pg_schema


def with_password(url: str, password: str | None) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    auth = f"{user}:{password}@" if password is not None else f"{user}@"
    return urlunsplit(parts._replace(netloc=auth + host))


def password_of(url: str) -> str | None:
    return urlsplit(url).password


def test_a_new_schema_is_migrated_once_from_the_same_history(url):
    notices = []
    j = pg.open_pg_journal(url, now=NOW, notify=notices.append)
    try:
        assert j.created and notices == [], "reading says nothing"
        with j.write():
            pass
        assert notices == [f"Created a new journal at {mask_url(url)}"], "the first write says it, once"
        with j.write():
            pass
        assert len(notices) == 1
        rows = j.conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
        assert rows == [(v,) for v in range(1, SCHEMA_VERSION + 1)]  # migration 4 (FTS5) recorded, a no-op here
        types = dict(j.conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = 'referral'").fetchall())
        assert types["value"] == "double precision" and types["id"] == "bigint"
        narrow = j.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND data_type IN ('integer', 'smallint') AND table_name <> 'schema_migrations'").fetchall()
        assert narrow == [], "SQLite's INTEGER holds 64 bits: so does every integer column here"
        collations = {c for (c,) in j.conn.execute(
            "SELECT collation_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND data_type = 'text' AND table_name <> 'schema_migrations'")}
        assert collations == {"C"}, "texts compare and sort byte-wise, as in SQLite"
    finally:
        j.close()
    again = []
    pg.open_pg_journal(url, now=NOW, notify=again.append).close()
    assert again == []


def test_migrations_and_sqlmodel_tables_agree_on_postgresql(url):
    """What the ORM writes through is what the migrations made, column for column."""
    from netjournal.storage.tables import SQLModel

    j = pg.open_pg_journal(url, now=NOW)
    try:
        rows = j.conn.execute(
            "SELECT c.table_name, c.column_name, c.is_nullable = 'YES', "
            "EXISTS (SELECT 1 FROM information_schema.key_column_usage k JOIN information_schema.table_constraints t "
            "ON t.constraint_name = k.constraint_name AND t.table_schema = k.table_schema "
            "WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema "
            "AND k.table_name = c.table_name AND k.column_name = c.column_name) "
            "FROM information_schema.columns c WHERE c.table_schema = current_schema() "
            "AND c.table_name <> 'schema_migrations'").fetchall()
    finally:
        j.close()
    from netjournal.storage.undo.capture import RECORD_TABLES

    db: dict[str, dict[str, tuple[bool, bool]]] = {}
    for table, column, nullable, pk in rows:
        if table not in RECORD_TABLES:  # the undo record: filled by triggers and plain SQL, never by the ORM
            db.setdefault(table, {})[column] = (bool(nullable) and not pk, bool(pk))
    orm = {name: {c.name: (bool(c.nullable) and not c.primary_key, c.primary_key) for c in t.columns}
           for name, t in SQLModel.metadata.tables.items()}
    assert db == orm


def test_a_database_with_other_tables_is_refused_untouched(url, _pg_admin):
    j = pg.open_pg_journal(url, now=NOW)
    schema = j.conn.execute("SELECT current_schema()").fetchone()[0]
    j.close()
    _pg_admin.execute(f"DROP TABLE {schema}.schema_migrations")
    with pytest.raises(JournalError, match="not a netj journal"):
        pg.open_pg_journal(url, now=NOW)


def test_a_database_that_cannot_hold_unicode_is_refused(url, _pg_admin):
    if not _pg_admin.execute("SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
        pytest.skip("the test server's role may not create databases (CREATEDB)")
    name = f"netj_test_latin1_{uuid.uuid4().hex[:12]}"  # several suites may share the server
    _pg_admin.execute(f"CREATE DATABASE {name} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    try:
        with pytest.raises(JournalError, match="uses the LATIN1 encoding; netj needs a UTF8 database"):
            pg.open_pg_journal(urlunsplit(urlsplit(url)._replace(path=f"/{name}", query="")), now=NOW)
    finally:
        _pg_admin.execute(f"DROP DATABASE {name}")


def test_a_newer_schema_is_refused(url):
    j = pg.open_pg_journal(url, now=NOW)
    with j.write() as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', 'x')")
    j.close()
    with pytest.raises(JournalError, match="newer netj"):
        pg.open_pg_journal(url, now=NOW)


def test_writers_wait_for_the_journal_lock(url):
    from netjournal.storage.orm import unit_of_work

    j = pg.open_pg_journal(url, now=NOW)
    other = pg.open_pg_journal(url, now=NOW)
    try:
        with unit_of_work(j):
            got = other.conn.raw.execute(
                "SELECT pg_try_advisory_xact_lock(%s, hashtext(current_database() || '.' || current_schema()))",
                (pg.LOCK_CLASS,)).fetchone()[0]
            assert got is False
        assert not j.conn.in_transaction
    finally:
        j.close()
        other.close()


def test_what_a_query_returns_is_what_sqlite_returns(url):
    j = pg.open_pg_journal(url, now=NOW)
    try:
        with j.write() as conn:
            cur = conn.execute("INSERT INTO person (handle, name, created_at, updated_at) VALUES (?, 'A', 'x', 'x')",
                               ("a",))
            assert cur.lastrowid == 1
            conn.executemany("INSERT INTO person (handle, name, created_at, updated_at) VALUES (?, 'B', 'x', 'x')",
                             [("b",), ("c",)])
        with j.read() as conn:
            assert conn.execute("SELECT sum(id), count(*) FROM person").fetchone() == (6, 3)
            cur = conn.execute("SELECT handle FROM person ORDER BY id")
            assert cur.fetchmany(2) == [("a",), ("b",)] and list(cur) == [("c",)]
            assert conn.execute("SELECT handle FROM person WHERE id = :id", {"id": 9}).fetchone() is None
    finally:
        j.close()


def test_a_scan_leaves_the_rows_on_the_server_until_they_are_fetched(url):
    """``scan`` (what an export reads whole tables with) fetches from a
    server-side cursor, a batch at a time, and closes it after the last row."""
    j = pg.open_pg_journal(url, now=NOW)
    open_cursors = "SELECT count(*) FROM pg_cursors WHERE name LIKE 'netj_scan_%'"
    try:
        with j.write() as conn:
            conn.executemany("INSERT INTO person (handle, name, created_at, updated_at) VALUES (?, 'P', 'x', 'x')",
                             [(f"p{i:04d}",) for i in range(2500)])
        with j.read() as conn:
            cur = conn.scan("SELECT handle FROM person WHERE id > :after ORDER BY id", {"after": 0}, batch=700)
            assert conn.execute(open_cursors).fetchone() == (1,)
            first = cur.fetchmany(1000)
            assert conn.execute("SELECT count(*) FROM person").fetchone() == (2500,)  # other reads meanwhile
            rest = list(cur)  # by batches of 700
            assert [h for (h,) in first + rest] == [f"p{i:04d}" for i in range(2500)]
            assert cur.fetchmany(10) == [] and cur.fetchone() is None
            assert conn.execute(open_cursors).fetchone() == (0,)  # closed once read to the end
            assert conn.scan("SELECT handle FROM person WHERE id < 0").fetchall() == []
        assert list(j.conn.scan("SELECT count(*) FROM person")) == [(2500,)]  # outside a transaction
    finally:
        j.close()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        other = pg.open_pg_journal(url, now=NOW)
        with other.read() as conn:
            left = conn.scan("SELECT handle FROM person ORDER BY id")
            assert len(left.fetchmany(10)) == 10  # a read abandoned half-way, as by a closed pipe
        other.close()
        del left, other, conn
        gc.collect()
    assert [w for w in seen if issubclass(w.category, ResourceWarning)] == []  # its cursor was closed


# --- connection problems, from the command line -----------------------------------------------


def _one_line_error(result, *fragments):
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: cannot connect to the journal at ")
    for f in fragments:
        assert f in result.stderr


def test_a_wrong_password_is_one_line_that_never_shows_it(netj, url):
    bad = with_password(url, "not-the-password-42")
    result = netj("--db", bad, "due")
    _one_line_error(result, "password authentication failed", ":***@")
    assert "not-the-password-42" not in result.stderr + result.stdout


def test_a_missing_database_is_one_line(netj, url):
    parts = urlsplit(url)
    missing = urlunsplit(parts._replace(path="/netj_no_such_database"))
    _one_line_error(netj("--db", missing, "people", "list"), 'database "netj_no_such_database" does not exist',
                    "createdb")


def test_a_server_that_is_down_is_one_line(netj):
    _one_line_error(netj("--db", "postgresql://ron:s3cret@127.0.0.1:1/netj", "due"), "127.0.0.1:1", "Is the server running")


def test_the_password_may_come_from_pgpassword_or_pgpass(netj, url, isolated_env, monkeypatch):
    password = password_of(url)
    if password is None:
        pytest.skip("the test server's URL has no password")
    bare = with_password(url, None)
    monkeypatch.setenv("PGPASSWORD", password)
    netj.ok("--db", bare, "people", "add", "Ann Lee", "--no-input")
    monkeypatch.delenv("PGPASSWORD")
    parts = urlsplit(url)
    pgpass = isolated_env / "home" / ".pgpass"
    pgpass.write_text(f"{parts.hostname}:{parts.port or 5432}:*:{parts.username}:{password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))  # libpq reads ~/.pgpass from the passwd entry's home
    assert [p["handle"] for p in netj.json("--db", bare, "people", "list")] == ["ann-lee"]


# --- concurrency ------------------------------------------------------------------------------

WRITER = (
    "import sys\n"
    "from netjournal.cli.main import app\n"
    "from typer.testing import CliRunner\n"
    "r = CliRunner()\n"
    "for i in range(int(sys.argv[1])):\n"
    "    res = r.invoke(app, ['log', f'Person {i % 5}', '--new', '--no-input', '--listening', '4'])\n"
    "    if res.exit_code != 0:\n"
    "        print(res.stderr, file=sys.stderr); sys.exit(1)\n"
)


def _concurrent_logs(url: str, processes: int, each: int) -> None:
    env = {**os.environ, "NETJ_DB": url, "NETJ_TODAY": "2026-11-22"}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(each)], env=env, stderr=subprocess.PIPE, text=True)
             for _ in range(processes)]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * processes, errors
    j = pg.open_pg_journal(url, now=NOW)
    try:
        counts = j.conn.execute("SELECT (SELECT count(*) FROM meeting), (SELECT count(*) FROM person), "
                                "(SELECT count(*) FROM score)").fetchone()
        assert counts == (processes * each, 5, processes * each)
        clock = j.conn.execute("SELECT count(*) FROM person WHERE last_contact_on = '2026-11-22'").fetchone()
        assert clock == (5,)
    finally:
        j.close()


def test_concurrent_writers_on_a_new_schema_all_succeed(url):
    """Four processes at once on an empty schema: it is migrated once, no log is lost.
    (8 processes x 200 logs on a journal with data: tests/reliability/test_concurrency.py,
    on both backends.)"""
    _concurrent_logs(url, 4, 10)


def test_export_json_is_the_same_on_both_backends(netj, url, db_path):
    """The demo journal exported from PostgreSQL is the demo journal exported from SQLite."""
    netj.ok("--db", str(db_path), "demo")
    netj.ok("--db", url, "demo")
    sqlite_doc = json.loads(netj.ok("--db", str(db_path), "export", "--json").stdout)
    pg_doc = json.loads(netj.ok("--db", url, "export", "--json").stdout)
    assert pg_doc == sqlite_doc


# --- backups of a journal on a server ------------------------------------------------------


def _export(netj, db) -> list[dict]:
    return [json.loads(line) for line in netj.ok("--db", str(db), "export", "--jsonl").stdout.splitlines()[1:]]


def test_db_backup_of_a_server_journal_is_a_checked_private_sqlite_file(netj, url, isolated_env):
    netj.ok("--db", url, "demo")
    result = netj.ok("--db", url, "db", "backup", "--json")
    written = json.loads(result.stdout)["path"]
    folder = isolated_env / "home" / ".local" / "share" / "netjournal" / "backups"
    assert os.path.dirname(written) == str(folder) and os.path.basename(written).startswith(urlsplit(url).path[1:])
    assert oct(os.stat(written).st_mode & 0o777) == "0o600" and oct(os.stat(folder).st_mode & 0o777) == "0o700"
    if password_of(url):
        assert password_of(url) not in result.stderr + result.stdout
    assert _export(netj, written) == _export(netj, url)  # everything, ids and authors included
    chosen = isolated_env / "team.db"
    netj.ok("--db", url, "db", "backup", str(chosen))
    assert _export(netj, chosen) == _export(netj, url)
    again = netj("--db", url, "db", "backup", str(chosen))
    assert again.exit_code == 1 and again.stderr == f"Error: {chosen} exists; give a new file name for the backup.\n"


def test_db_restore_on_a_server_replaces_the_records_and_keeps_the_replaced_ones(netj, url, isolated_env):
    netj.ok("--db", url, "demo")
    before = _export(netj, url)
    backup = json.loads(netj.ok("--db", url, "db", "backup", "--json").stdout)["path"]
    netj.ok("--db", url, "log", "ron-park", "--listening", "2", "--no-input")
    changed = _export(netj, url)
    result = netj("--db", url, "db", "restore", backup, "--no-input")
    assert result.exit_code == 2 and "Pass --yes to confirm" in result.stderr
    assert _export(netj, url) == changed  # nothing changed
    done = json.loads(netj.ok("--db", url, "db", "restore", backup, "--yes", "--json").stdout)
    assert _export(netj, url) == before
    assert _export(netj, done["kept"]) == changed  # the replaced journal, kept as a backup file
    logged = json.loads(netj.ok("--db", url, "log", "ron-park", "--listening", "3", "--no-input", "--json").stdout)
    assert logged["meeting"]["id"] == max(r["id"] for r in before if r["type"] == "meeting") + 1
    assert json.loads(netj.ok("--db", url, "db", "check", "--json").stdout)["ok"] is True


def test_a_restore_that_fails_leaves_the_server_journal_as_it_was(netj, url, isolated_env, monkeypatch):
    netj.ok("--db", url, "demo")
    backup = json.loads(netj.ok("--db", url, "db", "backup", "--json").stdout)["path"]
    netj.ok("--db", url, "log", "ron-park", "--listening", "2", "--no-input")
    changed = _export(netj, url)
    from netjournal.app.imports import restore
    from netjournal.app.imports.records import Bad

    def broken(*args, **kw):
        raise Bad("a record netj cannot read")

    monkeypatch.setattr(restore, "decision_row", broken)  # fails after every row was deleted
    result = netj("--db", url, "db", "restore", backup, "--yes")
    assert result.exit_code == 1 and "nothing was imported" in result.stderr
    assert _export(netj, url) == changed
    folder = isolated_env / "home" / ".local" / "share" / "netjournal" / "backups"
    assert [p.name for p in folder.iterdir() if "replaced" in p.name] == []  # nothing replaced, nothing kept


def test_a_restore_keeps_the_replaced_records_under_the_write_lock(netj, url, monkeypatch):
    """So no meeting logged meanwhile can fall between the kept copy and the restore."""
    from netjournal.app import backup as backups

    netj.ok("--db", url, "demo")
    backup = json.loads(netj.ok("--db", url, "db", "backup", "--json").stdout)["path"]
    seen = []
    real = backups.keep_copy

    def watching(conn, *args, **kw):
        seen.append(conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                 "AND pid = pg_backend_pid() AND classid = :c", {"c": pg.LOCK_CLASS}).fetchone()[0])
        return real(conn, *args, **kw)

    monkeypatch.setattr(backups, "keep_copy", watching)
    netj.ok("--db", url, "db", "restore", backup, "--yes")
    assert seen == [1]


def test_a_data_directory_that_cannot_be_made_is_one_line(netj, url, isolated_env, monkeypatch):
    blocker = isolated_env / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    netj.ok("--db", url, "people", "add", "Ron Park", "--no-input")
    result = netj("--db", url, "db", "backup")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: cannot create the directory {blocker}/netjournal/backups: ")


def test_an_id_given_by_hand_never_moves_the_sequence_back(url):
    """A row brought back with its id (an import, `netj undo`) moves the id
    sequence past it, never back to it: an id once given is not given again."""
    j = pg.open_pg_journal(url, now=NOW)
    try:
        with j.write() as conn:
            for _ in range(3):
                conn.execute("INSERT INTO meeting (on_date, kind, created_at) VALUES ('2026-11-01', 'coffee', 'x')")
            conn.execute("DELETE FROM meeting WHERE id = 3")
            conn.execute("INSERT INTO meeting (id, on_date, kind, created_at) VALUES (1000, '2026-11-01', 'call', 'x')")
            conn.execute("DELETE FROM meeting WHERE id = 1000")
            conn.execute("DELETE FROM meeting WHERE id = 2")
            conn.execute("INSERT INTO meeting (id, on_date, kind, created_at) VALUES (2, '2026-11-01', 'call', 'x')")
            new = conn.execute("INSERT INTO meeting (on_date, kind, created_at) VALUES ('2026-11-02', 'lunch', 'x')"
                               ).lastrowid
        assert new == 1001
    finally:
        j.close()
