"""Schema v2 (birthdays, profile URL index) on a journal made by schema v1."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from netjournal.storage.open import open_journal
from netjournal.storage.queries.people import person_by_id
from netjournal.storage.schema import MIGRATIONS, render

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def _v1_journal(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for statement in MIGRATIONS[0].statements:
        conn.execute(render(statement))
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'initial', '2026-01-01T00:00:00Z')")
    conn.execute(
        "INSERT INTO person (handle, name, email, url, notes, cadence, created_at, updated_at) "
        "VALUES ('ron-park', 'Ron Park', 'ron@park.example', 'https://www.linkedin.com/in/ronpark', 'Likes tea', '30d', "
        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
    )
    conn.execute("INSERT INTO person_tag VALUES (1, 'partner')")
    conn.execute("INSERT INTO meeting (on_date, kind, created_at) VALUES ('2026-02-01', 'coffee', '2026-02-01T00:00:00Z')")
    conn.execute("INSERT INTO attendance VALUES (1, 1, '2026-02-01', NULL)")
    conn.execute("INSERT INTO score VALUES (1, 1, 'listening', 4)")
    conn.commit()
    conn.close()


def test_v1_journal_migrates_to_v2_and_keeps_its_data(tmp_path):
    path = tmp_path / "v1.db"
    _v1_journal(path)
    j = open_journal(path, now=NOW)
    try:
        versions = [v for (v,) in j.conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert versions == [m.version for m in MIGRATIONS]
        person = person_by_id(j.conn, 1)
        assert (person.handle, person.email, person.notes, person.tags, person.birthday) == (
            "ron-park", "ron@park.example", "Likes tea", ("partner",), None)
        assert j.conn.execute("SELECT count(*) FROM score").fetchone()[0] == 1
        indexes = {r[1] for r in j.conn.execute("PRAGMA index_list(person)")}
        assert "ix_person_url" in indexes
        with j.write() as conn:
            conn.execute("UPDATE person SET birthday = '--03-14' WHERE id = 1")
        assert person_by_id(j.conn, 1).birthday == "--03-14"
    finally:
        j.close()
