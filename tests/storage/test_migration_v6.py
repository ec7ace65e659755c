"""Schema v6 (the undo record) on a journal made by netj at schema v5
(``tests/fixtures/journal-v5.db``: the demo journal written by Ana Ruiz, with
a tag added, a snooze and a referral), on SQLite and, rebuilt from the same
rows by the v5 migrations, on PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backends import open_test_journal
from netjournal.storage.schema import MIGRATIONS, SCHEMA_VERSION, render
from netjournal.storage.undo import record
from netjournal.storage.undo.record import Writer

pytestmark = pytest.mark.backends

FIXTURE = Path(__file__).parents[1] / "fixtures" / "journal-v5.db"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
TABLES = ("person", "person_tag", "meeting", "attendance", "score", "follow_up", "gains_change", "decision",
          "referral")


def _rows(table: str) -> tuple[list[str], list[tuple]]:
    with sqlite3.connect(FIXTURE) as raw:
        cur = raw.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
        return [d[0] for d in cur.description], cur.fetchall()


def _v5_on_postgresql(url: str) -> None:
    """A journal as netj at schema v5 made it on PostgreSQL: its migrations, the fixture's rows."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as raw:
        raw.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    "applied_at TEXT NOT NULL)")
        for m in MIGRATIONS[:5]:
            for statement in m.statements_for("postgresql"):
                raw.execute(render(statement, "postgresql"))
            raw.execute("INSERT INTO schema_migrations VALUES (%s, %s, '2026-11-22T09:00:00Z')", (m.version, m.name))
        for table in TABLES:
            cols, rows = _rows(table)
            with raw.cursor() as cur:
                cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})",
                                rows)
            if "id" in cols:
                raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")


@pytest.fixture
def v5(db_path, backend):
    if backend == "sqlite":
        shutil.copy(FIXTURE, db_path)
        db_path.chmod(0o600)
    else:
        _v5_on_postgresql(db_path)
    with sqlite3.connect(FIXTURE) as raw:
        assert raw.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == 5
    return db_path


def test_a_v5_journal_gets_the_undo_record_and_keeps_every_row(v5):
    j = open_test_journal(v5, now=NOW)
    try:
        assert j.upgraded_from == 5
        with j.read() as conn:
            assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == SCHEMA_VERSION == 6
            for table in TABLES:
                cols, rows = _rows(table)
                now = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1, 2").fetchall()
                assert [tuple(r) for r in now] == rows, table
            assert record.writes(conn) == []  # nothing written before v6 can be undone
    finally:
        j.close()


def test_after_the_upgrade_writes_are_recorded_and_undone(v5, netj):
    before = netj.json("--db", str(v5), "export")
    netj.ok("--db", str(v5), "meetings", "edit", "1", "--score", "lorraine-chu:listening=2", env={"NETJ_USER": "Ana Ruiz"})
    netj.ok("--db", str(v5), "log", "ron-park", "--no-input", env={"NETJ_USER": "Ana Ruiz"})
    assert [w["command"] for w in netj.json("--db", str(v5), "undo", "--list")] == ["log", "meetings edit"]
    for _ in range(2):
        netj.ok("--db", str(v5), "undo", "--yes", env={"NETJ_USER": "Ana Ruiz"})
    after = netj.json("--db", str(v5), "export")
    before.pop("exported_at"), after.pop("exported_at")
    assert after == before


def test_the_record_is_there_for_a_write_that_goes_around_netj(v5):
    j = open_test_journal(v5, now=NOW)
    j.writer = Writer("test", lambda: "Ana Ruiz")
    try:
        with j.write() as conn:
            conn.execute("UPDATE person SET company = 'Chu Legal' WHERE handle = 'lorraine-chu'")
        with j.read() as conn:
            (w,) = record.writes(conn)
            (image,) = record.images(conn, w.id)
            assert (image.table, image.old["company"], image.new["company"]) == ("person", "Chu & Partners",
                                                                                 "Chu Legal")
    finally:
        j.close()
