"""Schema v3 (referrals, GAINS, decisions, follow-ups owed to you) on a
journal made by netj at schema v2 (``tests/fixtures/journal-v2.db``: the demo
journal with Ron Park archived and Priya Natarajan paused)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netjournal.storage.open import open_journal
from netjournal.storage.queries.follow_ups import follow_ups_of
from netjournal.storage.queries.people import people_matching, person_by_id
from netjournal.storage.schema import SCHEMA_VERSION

FIXTURE = Path(__file__).parents[1] / "fixtures" / "journal-v2.db"
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def upgraded(tmp_path):
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURE, path)
    path.chmod(0o600)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == 2
        before = {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("person", "meeting", "attendance", "score", "follow_up", "person_tag")}
    j = open_journal(path, now=NOW)
    yield j, before
    j.close()


def test_v2_journal_upgrades_keeping_every_row(upgraded):
    j, before = upgraded
    assert j.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == SCHEMA_VERSION
    for table, count in before.items():
        assert j.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table
    assert j.upgrade_backup is not None and j.upgrade_backup.exists()
    lorraine = person_by_id(j.conn, people_matching(j.conn, "lorraine-chu")[0][0])
    assert lorraine.gains() == dict.fromkeys(("goals", "accomplishments", "interests", "networks", "skills"))
    assert {f.owed_by for f in follow_ups_of(j.conn, lorraine.id, open_only=False)} <= {"me"}


def test_people_paused_or_archived_before_v3_get_a_recorded_decision(upgraded):
    j, _ = upgraded
    rows = j.conn.execute(
        "SELECT p.handle, d.status, d.review_on, d.reason FROM decision d JOIN person p ON p.id = d.person_id "
        "ORDER BY p.handle").fetchall()
    assert rows == [("priya-natarajan", "paused", rows[0][2], None), ("ron-park", "archived", None, None)]
    assert rows[0][2] is not None  # the pause keeps its review date


def test_new_tables_refuse_bad_rows(upgraded):
    j, _ = upgraded
    with pytest.raises(sqlite3.IntegrityError):
        with j.write() as conn:
            conn.execute("INSERT INTO referral (direction, person_id, on_date, created_at, updated_at) "
                         "VALUES ('sideways', 1, '2026-12-01', 'x', 'x')")
    with pytest.raises(sqlite3.IntegrityError):
        with j.write() as conn:
            conn.execute("INSERT INTO gains_change (person_id, field, value, changed_on, created_at) "
                         "VALUES (1, 'hobbies', 'golf', '2026-12-01', 'x')")
    with pytest.raises(sqlite3.IntegrityError):
        with j.write() as conn:
            conn.execute("UPDATE follow_up SET owed_by = 'nobody'")
    assert j.conn.execute("SELECT count(*) FROM referral").fetchone()[0] == 0
