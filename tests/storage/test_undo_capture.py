"""The undo record's capture (storage/undo): triggers on every table of
records, on both backends, whoever writes; how each mode records; what the
record keeps and for how long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backends import open_test_journal
from netjournal.storage.undo import record
from netjournal.storage.undo.capture import CAPTURED, RECORD_TABLES
from netjournal.storage.undo.record import Writer

pytestmark = pytest.mark.backends

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def journal(db_path, *, writer: str | None = "test", now: datetime = NOW):
    j = open_test_journal(db_path, now=now)
    if writer is not None:
        j.writer = Writer(writer, lambda: "Ana Ruiz")
    return j


def person(conn, pid: int, handle: str) -> None:
    conn.execute("INSERT INTO person (id, handle, name, created_at, updated_at) VALUES (:i, :h, :n, :t, :t)",
                 {"i": pid, "h": handle, "n": handle.title(), "t": "2026-11-01T00:00:00Z"})


def meeting(conn, mid: int, *pids: int, notes: str | None = None) -> None:
    conn.execute("INSERT INTO meeting (id, on_date, kind, notes, created_at) VALUES (:i, '2026-11-20', 'coffee', "
                 ":n, '2026-11-20T09:00:00Z')", {"i": mid, "n": notes})
    for pid in pids:
        conn.execute("INSERT INTO attendance (meeting_id, person_id, on_date) VALUES (:m, :p, '2026-11-20')",
                     {"m": mid, "p": pid})


def held(conn) -> list[tuple]:
    return [(w.command, w.state, w.mode, w.counts) for w in record.writes(conn)]


def test_the_captured_columns_are_the_tables_columns(db_path):
    """A migration that adds a column must capture it too: on SQLite the
    triggers name every column (storage/undo/capture.py says how)."""
    j = journal(db_path, writer=None)
    try:
        with j.read() as conn:
            for table, c in CAPTURED.items():
                cols = [r[0] for r in conn.execute(f"SELECT * FROM {table} LIMIT 0").description]
                assert tuple(cols) == c.columns, f"{table}: capture {cols} (storage/undo/capture.py)"
            tables = {r[0] for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                if j.dialect.name == "postgresql" else "SELECT name FROM sqlite_master WHERE type = 'table'")}
            records = {"person", "person_tag", "meeting", "attendance", "score", "follow_up", "gains_change",
                       "decision", "referral"}
            assert records <= tables and set(CAPTURED) == records and set(RECORD_TABLES) <= tables
    finally:
        j.close()


def test_without_a_writer_nothing_is_recorded(db_path):
    j = journal(db_path, writer=None)
    try:
        with j.write() as conn:
            person(conn, 1, "ron")
        with j.read() as conn:
            assert held(conn) == [] and conn.execute("SELECT count(*) FROM undo_row").fetchone()[0] == 0
    finally:
        j.close()


def test_a_write_keeps_each_row_once_its_first_image_before_and_last_after(db_path):
    j = journal(db_path)
    try:
        with j.write() as conn:
            person(conn, 1, "ron")
            meeting(conn, 1, 1, notes="first words")
        with j.write() as conn:
            conn.execute("UPDATE meeting SET notes = 'second words' WHERE id = 1")
            conn.execute("UPDATE meeting SET notes = 'third words' WHERE id = 1")
            conn.execute("DELETE FROM attendance WHERE meeting_id = 1")
            conn.execute("INSERT INTO person_tag VALUES (1, 'vip')")
            conn.execute("DELETE FROM person_tag WHERE tag = 'vip'")  # added and gone: no change
            conn.execute("UPDATE person SET name = name")  # the same: no change
        with j.write() as conn:
            conn.execute("UPDATE person SET name = name")  # a write that changes nothing leaves no line
        with j.read() as conn:
            writes = record.writes(conn)
            assert [(w.command, w.state, w.counts) for w in writes] == [
                ("test", "kept", {"changed": {"meeting": 1}, "removed": {"attendance": 1}}),
                ("test", "kept", {"added": {"person": 1, "meeting": 1, "attendance": 1}})]
            (edit,) = [i for i in record.images(conn, writes[0].id) if i.table == "meeting"]
            assert (edit.key, edit.old["notes"], edit.new["notes"]) == ((1,), "first words", "third words")
            assert writes[0].author == "Ana Ruiz" and writes[0].at == "2026-11-22T09:00:00Z"
    finally:
        j.close()


def test_an_import_keeps_the_ids_it_added_and_images_of_what_was_there(db_path):
    j = journal(db_path)
    try:
        with j.write() as conn:
            person(conn, 1, "ron")
            meeting(conn, 1, 1)
        with j.write() as conn:
            record.mark(conn, "bulk")
            for pid in range(2, 502):
                person(conn, pid, f"p{pid}")
                conn.execute("INSERT INTO person_tag VALUES (:p, 'imported')", {"p": pid})
            meeting(conn, 2, 1, 2)  # a new meeting with someone who was there before
            conn.execute("INSERT INTO person_tag VALUES (1, 'imported')")  # a tag on someone who was there
            conn.execute("UPDATE person SET company = 'Acme', updated_at = 'x' WHERE id IN (1, 2)")
        with j.read() as conn:
            w = record.writes(conn)[0]
            assert (w.mode, w.state, w.added) == ("bulk", "kept", {"person": [2, 501, 500], "meeting": [2, 2, 1]})
            assert [(i.table, i.key) for i in record.images(conn, w.id)] == [("person_tag", (1, "imported")),
                                                                              ("person", (1,))]
            assert w.counts == {"added": {"person_tag": 1, "person": 500, "meeting": 1}, "changed": {"person": 1}}
    finally:
        j.close()


def test_a_deletion_keeps_no_image_and_takes_those_of_other_writes_with_it(db_path):
    j = journal(db_path)
    try:
        with j.write() as conn:
            person(conn, 1, "ron")
            meeting(conn, 1, 1, notes="first words")
            meeting(conn, 2, 1, notes="kept words")
        with j.write() as conn:
            conn.execute("UPDATE meeting SET notes = 'second words' WHERE id = 1")
        with j.write() as conn:
            record.mark(conn, "final")
            conn.execute("DELETE FROM meeting WHERE id = 1")
        with j.read() as conn:
            assert [(w.command, w.state) for w in record.writes(conn)] == [
                ("test", "final"), ("test", "gone"), ("test", "gone")]
            texts = [r[0] + (r[1] or "") for r in conn.execute("SELECT coalesce(old_row, ''), new_row FROM undo_row")]
            assert not any("first words" in t or "second words" in t for t in texts)
    finally:
        j.close()


def test_a_write_too_large_is_listed_without_its_images(db_path, monkeypatch):
    monkeypatch.setattr(record, "MAX_ROWS", 5)
    j = journal(db_path)
    try:
        with j.write() as conn:
            for pid in range(1, 7):
                person(conn, pid, f"p{pid}")
        with j.read() as conn:
            w = record.writes(conn)[0]
            assert (w.state, w.row_count, record.images(conn, w.id)) == ("too_large", 6, [])
    finally:
        j.close()


def test_the_record_keeps_the_latest_writes_of_the_last_30_days(db_path, monkeypatch):
    monkeypatch.setattr(record, "KEEP_WRITES", 3)
    for day, pid in ((0, 1), (31, 2), (32, 3), (33, 4), (34, 5), (35, 6)):
        j = journal(db_path, now=NOW + timedelta(days=day))
        try:
            with j.write() as conn:
                person(conn, pid, f"p{pid}")
        finally:
            j.close()
    j = journal(db_path, writer=None)
    try:
        with j.read() as conn:
            assert [w.at[:10] for w in record.writes(conn)] == ["2026-12-27", "2026-12-26", "2026-12-25"]
            assert conn.execute("SELECT count(DISTINCT write_id) FROM undo_row").fetchone()[0] == 3
    finally:
        j.close()


def test_forget_empties_the_record(db_path):
    j = journal(db_path)
    try:
        with j.write() as conn:
            person(conn, 1, "ron")
        with j.write() as conn:
            assert record.forget(conn) == 1
        with j.read() as conn:
            assert held(conn) == [("test", "final", "off", {})]
            assert conn.execute("SELECT count(*) FROM undo_row").fetchone()[0] == 0
    finally:
        j.close()
