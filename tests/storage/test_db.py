"""`netj db`: backups, restores, checks and schema upgrades, on real journal files.

A journal made by every released schema version is kept in tests/fixtures/
(made by that version's `netj demo` plus one hostile-text meeting, today
pinned to 2026-11-22), with the export that version printed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from netjournal.storage.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).parents[1] / "fixtures"
RELEASED = [1]  # schema versions with a fixture journal


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def only_keys_of(old, new):
    """``new`` cut down to the keys ``old`` has: fields are only ever added."""
    if isinstance(old, dict):
        return {k: only_keys_of(old[k], new[k]) for k in old}
    if isinstance(old, list):
        return [only_keys_of(o, n) for o, n in zip(old, new, strict=True)]
    return new


@pytest.fixture
def demo_journal(netj, db_path):
    netj.ok("demo", "--db", str(db_path))
    return db_path


@pytest.mark.parametrize("version", RELEASED)
def test_an_old_journal_is_backed_up_migrated_and_exports_the_same_data(netj, db_path, version):
    shutil.copy(FIXTURES / f"journal-v{version}.db", db_path)
    before = json.loads((FIXTURES / f"journal-v{version}.export.json").read_text(encoding="utf-8"))

    result = netj.ok("export", "--json")

    after = json.loads(result.stdout)
    assert only_keys_of(before, after) == before
    assert f"from schema v{version} to v{SCHEMA_VERSION}" in result.stderr
    backups = list(db_path.parent.glob(f"journal.before-v{SCHEMA_VERSION}-*.db"))
    assert len(backups) == 1 and mode(backups[0]) == 0o600
    with sqlite3.connect(backups[0]) as kept:
        assert kept.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == version
        assert kept.execute("SELECT count(*) FROM meeting").fetchone()[0] == len(before["meetings"])
    kept.close()
    assert netj.json("db", "check")["ok"] is True
    netj.ok("export", "--json")  # opening again does not back up again
    assert len(list(db_path.parent.glob("journal.before-*.db"))) == 1


def test_a_journal_from_a_newer_netj_is_refused_untouched(netj, demo_journal):
    with sqlite3.connect(demo_journal) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')")
    conn.close()
    before = digest(demo_journal)
    for args in (["due"], ["log", "lorraine-chu", "--no-input"], ["db", "migrate"]):
        result = netj(*args)
        assert result.exit_code == 1
        assert "newer netj (schema v99" in result.stderr and result.stdout == ""
    assert digest(demo_journal) == before


def test_backup_is_private_checked_and_restorable(netj, demo_journal, tmp_path):
    os.umask(0)
    try:
        target = Path(netj.json("db", "backup", str(tmp_path / "b.db"))["path"])
    finally:
        os.umask(0o022)
    assert mode(target) == 0o600
    exported = json.loads(netj.ok("export", "--json").stdout)
    netj.ok("log", "lorraine-chu", "--no-input", "--note", "after the backup")

    restored = netj.json("db", "restore", str(target), "--yes")

    assert json.loads(netj.ok("export", "--json").stdout) == exported
    kept = Path(restored["kept"])
    assert mode(kept) == 0o600
    with sqlite3.connect(kept) as conn:  # the replaced journal still has the later meeting
        assert conn.execute("SELECT count(*) FROM meeting").fetchone()[0] == len(exported["meetings"]) + 1
    conn.close()


def test_default_backup_name_sits_beside_the_journal(netj, demo_journal):
    path = Path(netj.ok("db", "backup").stdout.strip())
    assert path.parent == demo_journal.parent
    assert path.name.startswith("journal.backup-20261122-")


def test_restore_asks_first_and_refuses_without_a_terminal(netj, demo_journal, tmp_path):
    target = netj.json("db", "backup", str(tmp_path / "b.db"))["path"]
    before = digest(demo_journal)
    result = netj("db", "restore", target, "--no-input")
    assert result.exit_code == 2
    assert "Pass --yes" in result.stderr
    assert digest(demo_journal) == before


@pytest.mark.parametrize("damage", ["random", "truncated", "png", "empty"])
def test_restore_refuses_a_damaged_backup(netj, demo_journal, tmp_path, damage):
    bad = tmp_path / "bad.db"
    write_damaged(bad, damage, source=demo_journal)
    before = digest(demo_journal)
    result = netj("db", "restore", str(bad), "--yes")
    assert result.exit_code == 1
    assert str(bad) in result.stderr
    assert digest(demo_journal) == before


def test_restore_replaces_a_damaged_journal_and_keeps_it(netj, demo_journal, tmp_path):
    good = netj.json("db", "backup", str(tmp_path / "b.db"))["path"]
    demo_journal.write_bytes(os.urandom(40_000))
    damaged = digest(demo_journal)
    restored = netj.json("db", "restore", good, "--yes")
    assert digest(Path(restored["kept"])) == damaged
    assert netj.json("db", "check")["ok"] is True


def test_restore_refuses_while_another_netj_writes(netj, demo_journal, tmp_path):
    good = netj.json("db", "backup", str(tmp_path / "b.db"))["path"]
    writer = sqlite3.connect(demo_journal, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = netj("db", "restore", good, "--yes")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 1
    assert "in use" in result.stderr


def test_check_finds_and_repairs_wrong_stored_dates(netj, demo_journal):
    with sqlite3.connect(demo_journal) as conn:
        conn.execute("UPDATE person SET next_due_on = '2030-01-01' WHERE handle = 'ron-park'")
        conn.execute("UPDATE person SET last_contact_on = NULL WHERE handle = 'maya-okafor'")
    conn.close()
    result = netj("db", "check", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert any(p.startswith("ron-park: next_due_on is 2030-01-01") for p in report["problems"])
    assert any(p.startswith("maya-okafor: last_contact_on is empty") for p in report["problems"])
    assert "netj db check --repair" in result.stderr

    assert netj.json("db", "check", "--repair")["repaired"] >= 2
    assert netj.json("db", "check")["problems"] == []


def test_db_path_does_not_create_the_journal(netj, db_path):
    assert netj.ok("db", "path").stdout.strip() == str(db_path)
    assert netj.json("db", "path") == {"path": str(db_path), "exists": False}
    assert not db_path.exists()


def write_damaged(path: Path, damage: str, source: Path) -> None:
    if damage == "random":
        path.write_bytes(os.urandom(50_000))
    elif damage == "truncated":
        path.write_bytes(source.read_bytes()[:20_000])
    elif damage == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4_000))
    elif damage == "overwritten":
        data = bytearray(source.read_bytes())
        data[4096 * 2: 4096 * 3] = os.urandom(4096)
        path.write_bytes(bytes(data))
    else:
        path.write_bytes(b"")


@pytest.mark.parametrize("damage", ["random", "truncated", "png", "empty", "overwritten"])
@pytest.mark.parametrize("args", [["due"], ["export", "--json"], ["people", "list", "--json"],
                                  ["log", "x", "--new", "--no-input"], ["db", "backup"]])
def test_a_file_that_is_not_a_journal_is_never_touched(netj, demo_journal, damage, args):
    with sqlite3.connect(demo_journal) as conn:  # one self-contained file, no -wal to leave behind
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    write_damaged(demo_journal, damage, source=Path(str(demo_journal)))
    before = digest(demo_journal)
    result = netj(*args)
    assert digest(demo_journal) == before
    if damage == "overwritten" and result.exit_code == 0:
        # SQLite may not read the damaged page for this command; the data it
        # printed must then be sound, and `db check` must still see the damage.
        assert netj("db", "check").exit_code == 1
        return
    assert result.exit_code == 1, result.stderr
    if args[0] != "export":  # an export streams: a damaged page found mid-way ends it with exit 1
        assert result.stdout == ""
    assert str(demo_journal) in result.stderr or "malformed" in result.stderr
    assert "netj db restore" in result.stderr
    assert result.stderr.count("\n") == 1


def test_restore_onto_a_new_machine_creates_the_private_directory(netj, demo_journal, tmp_path):
    good = netj.json("db", "backup", str(tmp_path / "b.db"))["path"]
    fresh = tmp_path / "new-home" / "netjournal" / "journal.db"
    netj.ok("--db", str(fresh), "db", "restore", good, "--yes")
    assert mode(fresh) == 0o600 and mode(fresh.parent) == 0o700
    assert netj.json("--db", str(fresh), "db", "check")["people"] == 7


def test_a_data_directory_that_cannot_be_made_is_one_line(netj, isolated_env, monkeypatch):
    blocker = isolated_env / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    monkeypatch.delenv("NETJ_DB")
    result = netj("people", "add", "Ron Park", "--no-input")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Error: cannot create the directory {blocker}/netjournal: ")


def test_a_new_data_directory_is_private_all_the_way_down(netj, isolated_env, monkeypatch):
    import stat

    data = isolated_env / "fresh" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv("NETJ_DB")
    netj.ok("people", "add", "Ron Park", "--no-input")
    for d in (data / "netjournal", data, data.parent):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d
