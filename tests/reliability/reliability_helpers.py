"""Reliability suite: drives the INSTALLED ``netj`` in subprocesses.

Every test gets its own temp journal and a clean environment (``NETJ_DB``,
``NETJ_TODAY=2026-11-22``, ``NO_COLOR=1``, ``LOGNAME=tester``, ``HOME``, ``XDG_DATA_HOME`` and
``XDG_CONFIG_HOME`` inside the temp dir). A case passes only if the journal checks clean
afterwards (``PRAGMA integrity_check`` on a SQLite file, ``netj db check``
on PostgreSQL) and an export (``netj export --json``, parsed, without
``exported_at``) of the data written before the fault is unchanged; the
helpers below make those two checks one call each.

Modules marked ``backends`` run on a SQLite file and on PostgreSQL (a schema
of the test's own on ``NETJ_TEST_POSTGRES``, see tests/conftest.py): there
``Journal.db`` is the schema's URL, and :func:`load` fills it from a SQLite
template with ``netj db copy``.
"""

from __future__ import annotations

import fcntl
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-11-22"
PYCACHE = os.path.join(tempfile.gettempdir(), f"netj-reliability-pycache-{os.getuid()}")


def _installed_netj() -> Path:
    """The console script installed next to the interpreter running the tests
    (``.venv/bin/netj``), else the one on PATH."""
    candidate = Path(sys.executable).parent / "netj"
    if candidate.exists():
        return candidate
    found = shutil.which("netj")
    if not found:  # pragma: no cover - the suite needs the installed command
        pytest.exit("the installed `netj` command was not found (pip install -e .)", returncode=3)
    return Path(found)


NETJ = _installed_netj()


def base_env(root: Path, db: Path) -> dict[str, str]:
    """A clean environment: no variable of the developer's leaks in."""
    home = root / "home"
    (home / ".local" / "share").mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("NETJ_") and k not in ("COLUMNS", "LINES", "TZ")}
    env.update(
        # the author of what netj writes (no user.name is set): the same in
        # every journal, whichever test made it and however it was started
        LOGNAME="tester", USER="tester",
        NETJ_DB=str(db),
        NETJ_TODAY=TODAY,
        NO_COLOR="1",
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),  # netj config's settings file: none, so the OS user writes
        COLUMNS="120",
        LC_ALL="C.UTF-8",
    )
    # Byte-compiled modules go to a cache of the suite's own (never into src/),
    # so a launch costs what it costs a user whose install has its .pyc files.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = PYCACHE
    return env


@dataclass
class Run:
    args: list
    returncode: int
    stdout_b: bytes
    stderr_b: bytes

    @property
    def stdout(self) -> str:
        return self.stdout_b.decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return self.stderr_b.decode("utf-8", "replace")

    def describe(self) -> str:
        return f"netj {self.args!r} exited {self.returncode}; stderr: {self.stderr[-2000:]!r}"


class Journal:
    """One temp journal and the installed ``netj`` pointed at it: a SQLite file
    in ``root``, or (``url``) a schema on a PostgreSQL server."""

    def __init__(self, root: Path, name: str = "journal.db", url: str | None = None) -> None:
        self.root = root
        self.db: Path | str = url or root / name
        self.env = base_env(root, self.db)
        self.prefix: list[str] = []  # e.g. setpriv, to run netj as another user
        self.netj: Path = NETJ  # the command run (test_read_only.py may use a copy another user can read)

    @property
    def on_pg(self) -> bool:
        return isinstance(self.db, str)

    # -- running netj -------------------------------------------------------------
    def run(self, *args, input: bytes | str | None = None, env: dict | None = None,
            timeout: float = 120, **popen) -> Run:
        if isinstance(input, str):
            input = input.encode("utf-8")
        full_env = dict(self.env, **(env or {}))
        p = subprocess.run([*self.prefix, str(self.netj), *args], input=input, capture_output=True, env=full_env,
                           timeout=timeout, **popen)
        return Run(list(args), p.returncode, p.stdout, p.stderr)

    def popen(self, *args, env: dict | None = None, **popen) -> subprocess.Popen:
        full_env = dict(self.env, **(env or {}))
        return subprocess.Popen([*self.prefix, str(self.netj), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, env=full_env, **popen)

    def ok(self, *args, **kw) -> Run:
        r = self.run(*args, **kw)
        assert r.returncode == 0, r.describe()
        assert "Traceback" not in r.stderr, r.describe()
        return r

    def run_many(self, commands: Sequence[Sequence], workers: int = 4, **kw) -> list[Run]:
        """Run independent commands in parallel (the machine has 2 cores; a
        launch is mostly CPU spent importing Python modules)."""
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(lambda a: self.run(*a, **kw), commands))

    # -- checks -------------------------------------------------------------------
    def export(self, **kw) -> dict:
        """``netj export --json``, parsed, without ``exported_at``."""
        r = self.ok("export", "--json", **kw)
        data = json.loads(r.stdout_b)
        data.pop("exported_at", None)
        return data

    def integrity(self) -> list[str]:
        """``["ok"]``, or what is wrong: SQLite's ``integrity_check`` on a file;
        on a server (which keeps its own pages sound) ``netj db check``."""
        if self.on_pg:
            report = json.loads(self.run("db", "check", "--json").stdout_b)
            return ["ok"] if report["ok"] else report["problems"]
        conn = sqlite3.connect(f"{self.db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return [row[0] for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()

    def assert_sound(self) -> None:
        assert self.integrity() == ["ok"]

    def connect(self):
        """A connection of the test's own (autocommit: the test begins and ends
        transactions): sqlite3's, or psycopg's on the journal's schema."""
        if self.on_pg:
            import psycopg

            return psycopg.connect(self.db, autocommit=True)
        return sqlite3.connect(self.db, isolation_level=None)

    def begin_write(self, conn) -> None:
        """Take the write lock on ``conn`` as a netj writer does (``BEGIN
        IMMEDIATE``; on PostgreSQL the journal's advisory lock)."""
        if self.on_pg:
            from netjournal.storage.pg import journal as pg

            conn.execute("BEGIN")
            pg.lock(conn)
        else:
            conn.execute("BEGIN IMMEDIATE")

    def query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        if self.on_pg:
            conn = self.connect()
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()
        conn = sqlite3.connect(f"{self.db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def scores_are_integers_1_to_5(self) -> None:
        kind = "pg_typeof(value)::text" if self.on_pg else "typeof(value)"
        bad = [r for r in self.query(f"SELECT {kind}, value FROM score")
               if r[0] not in ("integer", "bigint") or not 1 <= r[1] <= 5]
        assert bad == [], f"score.value holds {bad[:10]}"

    def reset(self) -> None:
        """Empty the journal: delete the file, or drop and remake the schema."""
        if not self.on_pg:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.db}{suffix}").unlink(missing_ok=True)
            return
        conn = self.connect()
        try:
            schema = conn.execute("SELECT current_schema()").fetchone()[0]
            conn.execute(f"DROP SCHEMA {schema} CASCADE")  # waits for a killed netj's server process
            conn.execute(f"CREATE SCHEMA {schema}")
        finally:
            conn.close()


@pytest.fixture
def journal(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Journal:
    """The test's journal, on the test's backend (tests/conftest.py)."""
    if backend == "postgresql":
        return Journal(tmp_path, url=request.getfixturevalue("pg_schema"))
    return Journal(tmp_path)


def assert_clean_error(r: Run, codes: tuple[int, ...] = (1, 2)) -> None:
    """Rejected cleanly: exit 1 or 2, stdout empty, exactly one ``Error:`` line
    on stderr, no traceback."""
    assert r.returncode in codes, r.describe()
    assert "Traceback" not in r.stderr, r.describe()
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.describe()
    assert r.stdout_b == b"", r.describe()


def assert_preserved(before: dict, after: dict) -> None:
    """Every record of ``before`` is still in ``after``, unchanged (matched by id)."""
    assert after["schema_version"] == before["schema_version"]
    for section in ("people", "meetings", "follow_ups"):
        now = {r["id"]: r for r in after[section]}
        for record in before[section]:
            assert now.get(record["id"]) == record, f"{section} record {record['id']} changed or vanished"


def wait_for(condition: Callable[[], bool], timeout: float, what: str, interval: float = 0.02) -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


# -- a large netj export, made once per session ------------------------------------

@dataclass
class BigImport:
    jsonl: Path          # a netj JSONL export with tens of thousands of records
    records: int
    base: Path           # a small journal with some data of its own (checkpointed, no -wal)
    before: dict         # export of ``base``
    after: dict          # export of ``base`` after a complete import of ``jsonl``
    seconds: float       # how long that complete import took


def _generate_export(tmp: Path, people: int, meetings: int) -> Path:
    """``people`` people, ``meetings`` meetings and an eighth as many follow-ups
    as a netj JSONL export (see make_export.py: independent of netj's code and
    of the benchmarks)."""
    from make_export import write_export

    out = tmp / "big.jsonl"
    write_export(out, people=people, meetings=meetings)
    return out


def seed_small(j: Journal) -> None:
    """A few records of the user's own, written before any fault."""
    j.ok("log", "Ann Lee", "--new", "--no-input", "-l", "4", "-P", "5", "--note", "first coffee",
         "--follow-up", "Send Ann the deck", "--follow-up-on", "2026-12-01")
    j.ok("people", "add", "Bob Stone", "--cadence", "6w", "--company", "Stone & Co")


def checkpoint(db: Path) -> None:
    """Fold the -wal into the file so that a copy of ``db`` alone is complete."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def copy_journal(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        target = Path(f"{dst}{suffix}")
        if target.exists():
            target.unlink()
    shutil.copy2(src, dst)


def load(template: Path, j: Journal) -> None:
    """Make ``j`` hold exactly the SQLite journal ``template``: a copy of the
    file, or on PostgreSQL an empty schema filled by ``netj db copy``."""
    if not j.on_pg:
        copy_journal(template, j.db)
        return
    j.reset()
    j.ok("--db", str(template), "db", "copy", "--to", j.db)


def _big_import(tmp: Path, people: int, meetings: int) -> BigImport:
    jsonl = _generate_export(tmp, people, meetings)
    records = sum(1 for _ in jsonl.open("rb")) - 1
    base = Journal(tmp, "base.db")
    seed_small(base)
    checkpoint(base.db)
    before = base.export()

    full = Journal(tmp, "full.db")
    copy_journal(base.db, full.db)
    started = time.monotonic()
    full.ok("import", str(jsonl))
    seconds = time.monotonic() - started
    after = full.export()
    assert len(after["meetings"]) == len(before["meetings"]) + meetings
    assert len(after["people"]) == len(before["people"]) + people
    return BigImport(jsonl, records, base.db, before, after, seconds)


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]):
    """``build(directory)``, made once per test run and then only read.

    On one process this is a session fixture's body. Under pytest-xdist each
    worker is a session of its own, so the first worker to ask builds it in
    the directory the workers of this run share (``getbasetemp().parent``,
    unique to the run), under a file lock, and the others wait for it and
    load what it left there (pickled), instead of generating it again."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent
    made = shared / f"{name}.pickle"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if made.exists():
            return pickle.loads(made.read_bytes())
        directory = shared / name
        directory.mkdir()
        value = build(directory)
        made.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session")
def big_import(tmp_path_factory: pytest.TempPathFactory) -> BigImport:
    return once_per_run(tmp_path_factory, "big-import", lambda tmp: _big_import(tmp, 2000, 20000))


@pytest.fixture(scope="session")
def big_import_small(tmp_path_factory: pytest.TempPathFactory) -> BigImport:
    """A quarter of :func:`big_import`, for PostgreSQL: an import that merges
    into a journal with data writes row by row there, four times slower."""
    return once_per_run(tmp_path_factory, "big-import-small", lambda tmp: _big_import(tmp, 500, 5000))


@dataclass
class Template:
    db: Path
    before: dict


def _seeded_template(tmp: Path) -> Template:
    j = Journal(tmp, "seeded.db")
    seed_small(j)
    checkpoint(j.db)
    return Template(j.db, j.export())


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """A small journal of the user's (only ever copied, never written) and its export."""
    return once_per_run(tmp_path_factory, "seeded", _seeded_template)


@pytest.fixture
def seeded(journal: Journal, seeded_template: Template) -> tuple[Journal, dict]:
    """A journal holding a few records of the user's, and their export."""
    load(seeded_template.db, journal)
    return journal, seeded_template.before
