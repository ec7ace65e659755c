"""Case 5: hostile text survives export -> import into an empty journal ->
export, identically, with the exporting and the importing process in time
zones 25 hours apart (Pacific/Kiritimati is UTC+14, Pacific/Pago_Pago UTC-11).
The schema-v3 records (referrals, decisions, GAINS, follow-ups owed to you)
are written with plain SQL: their commands are not what is tested here."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hostile import NAMES, NOTE
from reliability_helpers import Journal

pytestmark = pytest.mark.backends  # the importing journal on SQLite and on PostgreSQL (tests/conftest.py)

EAST = {"TZ": "Pacific/Kiritimati"}
WEST = {"TZ": "Pacific/Pago_Pago"}


def _fill(j: Journal, env: dict) -> None:
    j.ok("log", *NAMES, "--new", "--no-input", "--date", "2026-11-20", "--time", "23:30",
         "--place", NAMES[2], "--note", NOTE, "--follow-up", NOTE.splitlines()[1] + " " + NAMES[6],
         "--follow-up-on", "2026-12-01", "--follow-up-with", "robert-drop-table-person", env=env)
    j.ok("people", "add", "Ünïcödé Ådd", "--company", NAMES[4], "--title", NAMES[5], "--tag", "vip",
         "--email", "unicode@example.com", "--cadence", "6w", env=env)
    j.ok("log", NAMES[0], "--no-input", "--date", "2026-01-01", "--kind", "video",
         "--score", "zoe-nunez-oster:listening=5,preparation=1", "--note-file", "-",
         input=NOTE * 3, env=env)
    with sqlite3.connect(j.db) as c:
        (a, b) = [pid for (pid,) in c.execute("SELECT id FROM person ORDER BY id LIMIT 2")]
        c.execute("INSERT INTO referral (direction, person_id, other_person_id, on_date, note, outcome, outcome_on, "
                  "value, created_at, updated_at) VALUES ('given', ?, ?, '2026-11-20', ?, 'won', '2026-11-21', 0.1, "
                  "'2026-11-20T23:59:59Z', '2026-11-21T00:00:00Z')", (a, b, NOTE))
        c.execute("INSERT INTO referral (direction, person_id, on_date, outcome, created_at, updated_at) "
                  "VALUES ('received', ?, '2026-11-21', 'open', '2026-11-21T10:00:00Z', '2026-11-21T10:00:00Z')", (b,))
        c.execute("INSERT INTO decision (person_id, decided_on, status, review_on, reason, created_at) "
                  "VALUES (?, '2026-11-21', 'paused', '2027-01-01', ?, '2026-11-21T10:00:00Z')", (b, NOTE))
        c.execute("INSERT INTO gains_change (person_id, field, value, changed_on, created_at) "
                  "VALUES (?, 'skills', ?, '2026-11-21', '2026-11-21T10:00:00Z')", (a, NOTE))
        c.execute("UPDATE person SET skills = ?, networks = ? WHERE id = ?", (NOTE, NAMES[6], a))
        c.execute("UPDATE follow_up SET owed_by = 'them'")
    c.close()


def _parsed(raw: bytes) -> dict:
    data = json.loads(raw)
    data.pop("exported_at")
    return data


@pytest.mark.parametrize("pinned", [True, False], ids=["today-pinned", "real-clock"])
def test_export_import_export_is_identical_across_time_zones(tmp_path: Path, journal: Journal, pinned: bool):
    """The source is a SQLite file (filled with plain SQL below); the target is
    the test's journal, on either backend."""
    source = Journal(tmp_path / "source")
    target = journal
    if not pinned:  # real "today" and "now": the two processes' local dates differ
        for j in (source, target):
            j.env.pop("NETJ_TODAY")
    _fill(source, EAST)
    exported = source.ok("export", "--json", env=EAST).stdout_b
    (tmp_path / "export.json").write_bytes(exported)
    first = _parsed(exported)
    assert {p["name"] for p in first["people"]} >= set(NAMES)
    assert NOTE in [m["notes"] for m in first["meetings"]]
    assert NOTE * 3 in [m["notes"] for m in first["meetings"]]
    assert [r["note"] for r in first["referrals"]] == [NOTE, None]
    assert [d["reason"] for d in first["decisions"]] == [NOTE] and [g["value"] for g in first["gains_changes"]] == [NOTE]
    assert NOTE in [p["skills"] for p in first["people"]] and {f["owed_by"] for f in first["follow_ups"]} == {"them"}

    target.ok("import", str(tmp_path / "export.json"), env=WEST)
    second = _parsed(target.ok("export", "--json", env=WEST).stdout_b)
    assert second == first
    target.assert_sound()

    # and back again through JSON Lines, in the first time zone
    jsonl = target.ok("export", "--jsonl", env=WEST).stdout_b
    (tmp_path / "export.jsonl").write_bytes(jsonl)
    third = Journal(tmp_path / "third")
    if not pinned:
        third.env.pop("NETJ_TODAY")
    third.ok("import", str(tmp_path / "export.jsonl"), env=EAST)
    assert _parsed(third.ok("export", "--json", env=EAST).stdout_b) == first
    third.scores_are_integers_1_to_5()


def test_sqlite_to_postgresql_to_sqlite_through_db_copy_is_identical(tmp_path: Path, pg_schema: str):
    """The hostile journal copied onto the server and back (``netj db copy``)
    exports the same at each step. (Skipped without NETJ_TEST_POSTGRES.)"""
    source = Journal(tmp_path / "source")
    _fill(source, EAST)
    first = _parsed(source.ok("export", "--json").stdout_b)
    server = Journal(tmp_path, url=pg_schema)
    source.ok("db", "copy", "--to", pg_schema)
    assert _parsed(server.ok("export", "--json").stdout_b) == first
    server.assert_sound()
    back = Journal(tmp_path / "back")
    server.ok("db", "copy", "--to", str(back.db))
    assert _parsed(back.ok("export", "--json").stdout_b) == first
    back.assert_sound()
    back.scores_are_integers_1_to_5()
