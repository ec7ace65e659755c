"""Case 4: a read-only journal file, a read-only directory, a missing journal.

Reads work, writes fail with a message saying "read-only", the file is
unchanged, and netj never silently creates a journal somewhere else.

The tests run as root here, and root ignores file permissions: netj is run
as the unprivileged user ``nobody`` through ``setpriv`` (skipped when that
is not possible). That user must be able to read the installed netj: when
the checkout is in a private folder, it runs a copy of it (see ``as_nobody``).
When the suite runs as a normal user, netj runs as that user.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from reliability_helpers import NETJ, Journal, Template, assert_clean_error, base_env, copy_journal, load

NOBODY = 65534
AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
FILE_MODES = "file permissions are a SQLite file's property; the server's equivalent is test_a_read_only_session"
# (the module is not marked ``backends``: the file cases run on SQLite, the session case on PostgreSQL)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _all_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _others_can_enter(directory: Path) -> bool:
    """Whether a user who is neither owner nor group can get into ``directory``
    (it and every directory above it let others through: o+x)."""
    d = directory.resolve()
    return all(p.stat().st_mode & stat.S_IXOTH for p in (d, *d.parents))


def _open_to_others(root: Path) -> None:
    """Directories 0755, files readable by all (and executable if they were by the owner)."""
    for p in (root, *root.rglob("*")):
        if p.is_symlink():
            continue
        mode = stat.S_IMODE(p.stat().st_mode)
        p.chmod(0o755 if p.is_dir() else mode | 0o444 | (0o111 if mode & 0o100 else 0))


def _changed(env: dict, changes: dict) -> dict:
    """``env`` with ``changes`` made (a value of None removes the variable)."""
    return {k: v for k, v in {**env, **changes}.items() if v is not None}


def _version_as_nobody(netj: Path, root: Path, changes: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*AS_NOBODY, str(netj), "--version"], capture_output=True, timeout=120,
                          env=_changed(base_env(root, root / "probe.db"), changes or {}))


def _said(p: subprocess.CompletedProcess) -> str:
    """The last line of what a failed run printed."""
    lines = (p.stderr or p.stdout).decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit {p.returncode}"


def _copy_of_netj(dest: Path) -> Path:
    """A venv in ``dest`` holding a copy of netj's code (src/, an editable
    install) and of the distributions it needs at run time (not the test
    tools), with a ``netj`` script like pip's. For a checkout the unprivileged
    user cannot read, e.g. a clone in a private (0700) folder; the same code,
    byte for byte, reached through a path that user may take."""
    from importlib.metadata import distribution

    from packaging.requirements import Requirement

    import netjournal

    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(dest)], check=True, capture_output=True)
    [site] = dest.glob("lib/python*/site-packages")
    needed: dict = {}
    todo = ["netjournal"]
    while todo:
        dist = distribution(todo.pop())
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in needed:
            continue
        needed[key] = dist
        todo += [r.name for r in map(Requirement, dist.requires or ())
                 if r.marker is None or r.marker.evaluate({"extra": ""})]
    for key, dist in needed.items():
        if key == "netjournal":
            continue  # its record names the editable hook, not the code: copied from src/ below
        root = Path(dist.locate_file("")).resolve()
        for f in dist.files or ():
            src = Path(dist.locate_file(f)).resolve()
            if src.is_file() and src.is_relative_to(root):  # (not its console scripts in bin/)
                target = site / src.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target)  # keeps mtimes: the copied __pycache__ stays valid
    shutil.copytree(Path(netjournal.__file__).parent, site / "netjournal")
    script = dest / "bin" / "netj"
    script.write_text(f"#!{dest / 'bin' / 'python'}\nimport sys\nfrom netjournal.cli.main import run\n"
                      "if __name__ == '__main__':\n    sys.exit(run())\n", encoding="utf-8")
    script.chmod(0o755)
    _open_to_others(dest)
    return script


# The copy's own __pycache__ serves (not the suite's PYTHONPYCACHEPREFIX, which
# has nothing for the copy's paths); the unprivileged user could write none.
COPY_ENV = {"PYTHONPYCACHEPREFIX": None, "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="session")
def as_nobody():
    """(a directory the unprivileged user can enter, the netj it runs, its
    environment's changes) -- when the suite runs as root. That user must be
    able to run netj: read the venv, its site-packages and the checkout's
    src/ (an editable install). When it cannot (the checkout is in a private
    folder), it runs a copy of them in a temp directory instead; the
    cases are skipped, saying why, only if even that fails."""
    if shutil.which("setpriv") is None:
        pytest.skip("running as root and setpriv is missing: root ignores file permissions")
    probe = subprocess.run([*AS_NOBODY, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot drop to an unprivileged user with setpriv: {probe.stderr.decode().strip()}")
    bases = [b for b in (tempfile.gettempdir(), "/tmp", "/var/tmp") if os.path.isdir(b) and _others_can_enter(Path(b))]
    if not bases:
        pytest.skip(f"no temp directory the unprivileged user can enter ({tempfile.gettempdir()} is closed to others)")
    # pytest's tmp_path is 0700 root: the unprivileged user needs directories of its own
    base = Path(tempfile.mkdtemp(prefix="netj-ro-", dir=bases[0]))
    try:
        base.chmod(0o755)
        installed = _version_as_nobody(NETJ, base)
        if installed.returncode == 0:
            yield base, NETJ, {}
            return
        copy = _copy_of_netj(base / "netj-copy")
        copied = _version_as_nobody(copy, base, COPY_ENV)
        if copied.returncode != 0:
            pytest.skip(f"the unprivileged user (uid {NOBODY}) cannot run {NETJ} ({_said(installed)}), "
                        f"nor a copy of it in {copy.parent.parent} ({_said(copied)})")
        yield base, copy, COPY_ENV
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def unprivileged(request: pytest.FixtureRequest, seeded_template: Template):
    """A journal (copy of the seeded one) in a fresh directory, and netj run as
    a user whom file permissions apply to."""
    if os.geteuid() == 0:
        base, netj, env = request.getfixturevalue("as_nobody")
    else:
        base, netj, env = Path(tempfile.gettempdir()), NETJ, {}
    root = Path(tempfile.mkdtemp(prefix="journal-", dir=base))
    os.chmod(root, 0o755)
    j = Journal(root)
    j.netj = netj
    j.env = _changed(j.env, env)
    copy_journal(seeded_template.db, j.db)
    if os.geteuid() == 0:
        for p in [root, *root.rglob("*")]:
            os.chown(p, NOBODY, NOBODY)
        j.prefix = AS_NOBODY
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
