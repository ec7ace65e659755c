"""``netj db copy --to``: a whole journal into an empty one, either backend to either.

Each test runs with the test's journal (``db_path``) on SQLite and on
PostgreSQL, so between them they copy SQLite→SQLite, SQLite→PostgreSQL and
PostgreSQL→SQLite.
"""

from __future__ import annotations

import json
import stat
from urllib.parse import urlsplit

import pytest

from backends import counts

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

TABLES = ("person", "meeting", "follow_up", "referral", "decision", "gains_change")


def export(netj, where) -> dict:
    doc = json.loads(netj.ok("--db", str(where), "export", "--json").stdout)
    del doc["exported_at"]
    return doc


def test_a_journal_copied_out_exports_the_same(netj, db_path, tmp_path):
    netj.ok("--db", str(db_path), "demo")
    target = tmp_path / "private" / "copy.db"
    result = netj.ok("--db", str(db_path), "db", "copy", "--to", str(target), "--json")
    expected = export(netj, db_path)
    assert export(netj, target) == expected
    got = json.loads(result.stdout)
    assert got["target"] == str(target)
    assert [got[k] for k in ("people", "meetings", "follow_ups", "referrals", "decisions", "gains_changes")] == [
        len(expected[k]) for k in ("people", "meetings", "follow_ups", "referrals", "decisions", "gains_changes")]
    assert got["referrals"] and got["decisions"] and got["gains_changes"]  # the demo has schema v3 records
    assert result.stderr.splitlines()[-1].startswith(f"Copied {got['source']} to {target}: {got['people']} people, ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_a_journal_copied_in_exports_the_same_and_takes_new_records(netj, db_path, tmp_path):
    source = tmp_path / "source.db"
    netj.ok("--db", str(source), "demo")
    result = netj.ok("--db", str(source), "db", "copy", "--to", str(db_path))
    assert result.stdout == ""
    assert export(netj, db_path) == export(netj, source)
    # the ids went in as they were; new records get the next ones (PostgreSQL's sequences moved on)
    before = counts(db_path, TABLES)
    netj.ok("--db", str(db_path), "people", "add", "Newcomer Example")
    netj.ok("--db", str(db_path), "log", "newcomer-example", "--date", "2026-11-20", "--note", "coffee")
    assert counts(db_path, TABLES)[:2] == (before[0] + 1, before[1] + 1)


def test_a_target_with_data_is_refused_in_one_line_and_left_as_it_was(netj, db_path, tmp_path):
    source = tmp_path / "source.db"
    netj.ok("--db", str(source), "demo")
    netj.ok("--db", str(db_path), "people", "add", "Ron Park")
    before = export(netj, db_path)
    result = netj("--db", str(source), "db", "copy", "--to", str(db_path))
    assert result.exit_code == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Error: ") and "is not empty (it already holds 1 people" in result.stderr
    assert "netj import" in result.stderr
    assert export(netj, db_path) == before


def test_the_password_of_a_url_is_never_printed(netj, db_path, tmp_path):
    password = urlsplit(str(db_path)).password if "://" in str(db_path) else None
    if not password:
        pytest.skip("needs a journal on a server URL with a password (NETJ_TEST_POSTGRES)")
    source = tmp_path / "source.db"
    netj.ok("--db", str(source), "demo")
    there = netj.ok("--db", str(source), "db", "copy", "--to", str(db_path), "--json")
    back = netj.ok("--db", str(db_path), "db", "copy", "--to", str(tmp_path / "back.db"), "--json")
    refused = netj("--db", str(source), "db", "copy", "--to", str(db_path))
    assert refused.exit_code == 1
    for r in (there, back, refused):
        assert password not in r.stdout + r.stderr
    assert ":***@" in json.loads(there.stdout)["target"] and ":***@" in json.loads(back.stdout)["source"]


def _tables(where) -> int:
    """Tables in the journal's database (PostgreSQL: its schema), without opening it as netj would."""
    if "://" not in str(where):
        return -1 if not where.exists() else 1
    import psycopg

    with psycopg.connect(str(where)) as conn:
        return conn.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_schema = current_schema()").fetchone()[0]


def test_no_source_journal_copies_nothing_and_sets_nothing_up(netj, db_path, tmp_path):
    missing = tmp_path / "missing.db"
    result = netj("--db", str(missing), "db", "copy", "--to", str(db_path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: there is no journal at {missing} yet; nothing to copy.\n"
    assert not missing.exists()
    assert _tables(db_path) in (-1, 0)  # no SQLite file; no tables on the server


def test_a_journal_is_not_copied_onto_itself(netj, db_path):
    netj.ok("--db", str(db_path), "people", "add", "Ron Park")
    result = netj("--db", str(db_path), "db", "copy", "--to", str(db_path))
    assert result.exit_code == 2 and "is the journal being copied" in result.stderr
    assert counts(db_path) == (1, 0, 0)


def test_an_empty_target_is_an_error(netj, db_path):
    result = netj("--db", str(db_path), "db", "copy", "--to", " ")
    assert result.exit_code == 2 and result.stderr.startswith("Error: --to: give the journal to fill")

