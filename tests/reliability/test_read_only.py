"""Case 4: a read-only journal file, a read-only directory, a missing journal.

Reads work, writes fail with a message saying "read-only", the file is
unchanged, and netj never silently creates a journal somewhere else.

The tests run as root here, and root ignores file permissions: netj is run
as the unprivileged user ``nobody`` through ``setpriv`` (skipped when that
is not possible). When the suite runs as a normal user, netj runs as that user.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from reliability_helpers import Journal, Template, assert_clean_error, copy_journal, load

NOBODY = 65534
FILE_MODES = "file permissions are a SQLite file's property; the server's equivalent is test_a_read_only_session"
# (the module is not marked ``backends``: the file cases run on SQLite, the session case on PostgreSQL)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _all_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def unprivileged(seeded_template: Template):
    """A journal (copy of the seeded one) in a fresh directory, and netj run as
    a user whom file permissions apply to."""
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv is missing: root ignores file permissions")
        probe = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "true"],
                               capture_output=True)
        if probe.returncode != 0:
            pytest.skip(f"cannot drop to an unprivileged user with setpriv: {probe.stderr.decode().strip()}")
    # pytest's tmp_path is 0700 root: the unprivileged user needs its own directory
    root = Path(tempfile.mkdtemp(prefix="netj-ro-"))
    os.chmod(root, 0o755)
    j = Journal(root)
    copy_journal(seeded_template.db, j.db)
    if os.geteuid() == 0:
        for p in [root, *root.rglob("*")]:
            os.chown(p, NOBODY, NOBODY)
        j.prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    try:
        yield j, seeded_template.before
    finally:
        for p in [root, *root.rglob("*")]:
            if p.is_dir():
                os.chmod(p, 0o700)
            else:
                os.chmod(p, 0o600)
        shutil.rmtree(root, ignore_errors=True)


def _reads_work(j: Journal, before: dict) -> None:
    assert j.export() == before
    j.ok("due")
    shown = j.ok("people", "show", "ann-lee")
    assert "Ann Lee" in shown.stdout


def _write_is_refused(j: Journal) -> None:
    r = j.run("log", "ann-lee", "--no-input", "--note", "should not be written")
    assert_clean_error(r, codes=(1,))
    assert "read-only" in r.stderr, r.describe()
    r = j.run("people", "add", "Carla Diaz")
    assert_clean_error(r, codes=(1,))
    assert "read-only" in r.stderr, r.describe()


@pytest.mark.sqlite_only(reason=FILE_MODES)
def test_read_only_file(unprivileged):
    j, before = unprivileged
    os.chmod(j.db, 0o400)
    digest, files = _digest(j.db), _all_files(j.root)
    _reads_work(j, before)
    _write_is_refused(j)
    assert _digest(j.db) == digest
    # no journal (or anything else but SQLite's own side files) appeared anywhere
    assert _all_files(j.root) - files <= {"journal.db-wal", "journal.db-shm"}
    assert stat.S_IMODE(j.db.stat().st_mode) == 0o400
    j.assert_sound()


@pytest.mark.sqlite_only(reason=FILE_MODES)
def test_a_write_works_once_the_file_is_writable_again(unprivileged):
    j, before = unprivileged
    os.chmod(j.db, 0o400)
    _reads_work(j, before)
    os.chmod(j.db, 0o600)
    j.ok("log", "ann-lee", "--no-input", "--note", "writable again")
    assert len(j.export()["meetings"]) == len(before["meetings"]) + 1


@pytest.mark.sqlite_only(reason=FILE_MODES)
def test_read_only_directory_reads_work(unprivileged):
    j, before = unprivileged
    os.chmod(j.root, 0o500)
    _reads_work(j, before)


@pytest.mark.sqlite_only(reason=FILE_MODES)
def test_read_only_directory_write_says_read_only(unprivileged):
    j, _ = unprivileged
    os.chmod(j.root, 0o500)
    _write_is_refused(j)


@pytest.mark.sqlite_only(reason=FILE_MODES)
def test_read_only_directory_leaves_the_journal_alone(unprivileged):
    j, before = unprivileged
    os.chmod(j.root, 0o500)
    digest, files = _digest(j.db), _all_files(j.root)
    for args in (["due"], ["export", "--json"], ["log", "ann-lee", "--no-input"], ["people", "add", "Carla Diaz"]):
        r = j.run(*args)
        assert "Traceback" not in r.stderr, r.describe()
        if r.returncode != 0:
            assert_clean_error(r, codes=(1,))
    assert _digest(j.db) == digest
    assert _all_files(j.root) == files  # nothing created, here or under HOME
    os.chmod(j.root, 0o755)
    assert j.export() == before
    j.assert_sound()


@pytest.mark.sqlite_only(reason=FILE_MODES)
def test_no_journal_is_created_elsewhere_when_its_directory_is_read_only(unprivileged):
    j, _ = unprivileged
    target = j.root / "locked" / "journal.db"
    target.parent.mkdir()
    if os.geteuid() == 0:
        os.chown(target.parent, NOBODY, NOBODY)
    os.chmod(target.parent, 0o500)
    files = _all_files(j.root)
    env = {"NETJ_DB": str(target)}
    r = j.run("due", env=env)  # reading a journal that does not exist creates nothing
    assert "Traceback" not in r.stderr, r.describe()
    r = j.run("log", "Ann Lee", "--new", "--no-input", env=env)
    assert_clean_error(r, codes=(1,))
    assert str(target.parent) in r.stderr or str(target) in r.stderr, r.describe()
    assert not target.exists()
    assert _all_files(j.root) == files


def _read_only_url(url: str) -> str:
    """The schema's URL with every transaction of the session read-only, as a
    standby or a read-only role's default would make it."""
    return url.replace("options=", "options=" + quote("-cdefault_transaction_read_only=on "), 1)


def test_a_read_only_session(tmp_path: Path, pg_schema: str, seeded_template: Template):
    """PostgreSQL's read-only journal: a session that cannot write
    (default_transaction_read_only; a hot standby refuses writes the same way).
    As with a read-only file above: reads work, each write is one line saying
    "read-only", and nothing is written. (Skipped without NETJ_TEST_POSTGRES.)"""
    journal = Journal(tmp_path, url=pg_schema)
    load(seeded_template.db, journal)
    writable = journal.db
    journal.db = journal.env["NETJ_DB"] = _read_only_url(writable)
    before = seeded_template.before
    _reads_work(journal, before)
    _write_is_refused(journal)
    for args in (["snooze", "ann-lee", "--until", "2027-01-01"], ["done", "1"],
                 ["people", "edit", "ann-lee", "--company", "Elsewhere"]):
        r = journal.run(*args)
        assert "Traceback" not in r.stderr, r.describe()
        if r.returncode != 0:
            assert_clean_error(r, codes=(1,))
            assert "read-only" in r.stderr, r.describe()
    journal.db = journal.env["NETJ_DB"] = writable
    assert journal.export() == before
    journal.assert_sound()
