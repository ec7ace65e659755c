"""Shared fixtures. Every test runs against a temp journal with a pinned
today, and never sees the real home directory or data directory.

Modules marked ``pytest.mark.backends`` run each test twice: on a SQLite file
and on PostgreSQL, in a schema of its own (made for the test, dropped after
it) on the server named by ``NETJ_TEST_POSTGRES`` (a URL whose role may
create schemas; ``.ci/run`` starts one). Without that variable the PostgreSQL
cases are skipped, with the reason. A test about the SQLite file itself
(modes, WAL, backups, damaged files) is marked ``sqlite_only``.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from backends import open_test_journal, schema_url
from netjournal.cli.main import app

TODAY = date(2026, 11, 22)
OS_USER = "tester"

# Property tests (Hypothesis): no example database left in the checkout, and no
# per-example deadline on a shared machine where a worker may wait its turn.
settings.register_profile("netj", database=None, deadline=None)
settings.load_profile("netj")


# -- on several processes ------------------------------------------------------------
# Most of the suite's time is spent in child processes (the installed netj,
# PostgreSQL) and waiting on them, so the tests run on pytest-xdist workers
# by default: ``python -m pytest`` is the whole suite, in parallel. ``-n N``
# picks the number of workers (``-n 0``: one process, as do ``--pdb`` and
# ``-p no:xdist``); ``PYTEST_XDIST_AUTO_NUM_WORKERS`` sets the default.

def _default_workers() -> int:
    """One more worker than CPUs (3 on a 2-core machine): a worker waiting on
    a subprocess or the server leaves its CPU to another; more than that only
    stretches the timing-sensitive cases (kills, lock waits)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return cpus + 1


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    if not config.pluginmanager.hasplugin("xdist") or hasattr(config, "workerinput"):
        return  # xdist disabled or missing, or this is one of its workers
    if config.option.numprocesses is None and not config.option.collectonly:
        config.option.numprocesses = "auto"  # xdist's own hook turns it into a number, or 0 with --pdb
    if config.option.numprocesses and config.option.dist == "no":
        # each worker starts on a block of neighbouring tests (a module's
        # fixtures are set up once per worker); an idle one takes half of the
        # tests still queued on the busiest
        config.option.dist = "worksteal"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On xdist's workers (each sorts the same collection the same way), the
    ``slow`` cases spread evenly over the run: side by side they would land in
    one worker's block and run one after the other while the others idle."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if not slow:
        return
    rest = [item for item in items if not item.get_closest_marker("slow")]
    spread, taken = [], 0
    for k, item in enumerate(slow):
        until = round(k * len(rest) / len(slow))
        spread += [*rest[taken:until], item]
        taken = until
    items[:] = spread + rest[taken:]


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown when xdist is not loaded
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    env = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "")
    return int(env) if env.isdigit() else _default_workers()


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # netj config's file
    monkeypatch.setenv("LOGNAME", OS_USER)  # the author when no user.name is set (getpass reads LOGNAME first)
    monkeypatch.setenv("NETJ_DB", str(tmp_path / "journal.db"))
    monkeypatch.setenv("NETJ_TODAY", TODAY.isoformat())
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    for var in ("NETJ_NOW", "NETJ_INTERACTIVE", "NETJ_NO_INPUT", "NETJ_DEFAULT_CADENCE", "NETJ_HALF_LIFE",
                "NETJ_REFERRAL_CHECK", "NETJ_USER", "NETJ_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


PG_URL = os.environ.get("NETJ_TEST_POSTGRES", "")
BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("backends") and "backend" in metafunc.fixturenames:
        wanted = ["sqlite"] if metafunc.definition.get_closest_marker("sqlite_only") else list(BACKENDS)
        metafunc.parametrize("backend", wanted, indirect=True, scope="function")


PG_SKIP = "PostgreSQL case: set NETJ_TEST_POSTGRES to a server URL (.ci/run does)"


@pytest.fixture(scope="session")
def _pg_admin():
    if not PG_URL:
        pytest.skip(PG_SKIP)
    import psycopg

    conn = psycopg.connect(PG_URL, autocommit=True)
    yield conn
    conn.close()


@pytest.fixture
def pg_schema(request: pytest.FixtureRequest):
    """A fresh, empty schema on the test server, and its URL; dropped afterwards."""
    if not PG_URL:
        pytest.skip(PG_SKIP)
    admin = request.getfixturevalue("_pg_admin")
    name = f"netj_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {name}")
    try:
        yield schema_url(PG_URL, name)
    finally:
        admin.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(autouse=True)
def backend(request: pytest.FixtureRequest, isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The journal's backend for this test: NETJ_DB names a SQLite file
    (the default) or, in a ``backends`` module's PostgreSQL case, a schema."""
    kind = getattr(request, "param", "sqlite")
    if kind == "postgresql":
        monkeypatch.setenv("NETJ_DB", request.getfixturevalue("pg_schema"))
    return kind


@pytest.fixture
def db_path(isolated_env: Path, backend: str) -> Path | str:
    """Where the test's journal is: a file, or (PostgreSQL) its URL."""
    return isolated_env / "journal.db" if backend == "sqlite" else os.environ["NETJ_DB"]


@pytest.fixture
def sql(db_path):
    """Run a query on the test's journal, either backend: ``sql("SELECT …")`` → rows;
    ``sql("INSERT …", params, write=True)`` commits."""

    def run(query: str, params=(), *, write: bool = False):
        j = open_test_journal(db_path)
        try:
            with (j.write() if write else j.read()) as conn:
                cur = conn.execute(query, params)
                return [] if cur.description is None else [tuple(r) for r in cur.fetchall()]
        finally:
            j.close()

    return run


class Netj:
    """Runs ``netj`` in-process, the way a user types it."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        return self.runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    def ok(self, *args: str, **kw):
        result = self(*args, **kw)
        assert result.exit_code == 0, f"netj {' '.join(args)} exited {result.exit_code}: {result.stderr}"
        return result

    def json(self, *args: str, **kw):
        return json.loads(self.ok(*args, "--json", **kw).stdout)


_COMMANDS: dict[int, object] = {}


@pytest.fixture(autouse=True)
def _build_the_cli_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer rebuilds the whole Click command tree on every ``CliRunner.invoke``
    (~50 ms, most of an in-process run); build it once per test session."""
    import typer.testing

    real = typer.testing._get_command

    def cached(typer_app):
        if id(typer_app) not in _COMMANDS:
            _COMMANDS[id(typer_app)] = real(typer_app)
        return _COMMANDS[id(typer_app)]

    monkeypatch.setattr(typer.testing, "_get_command", cached)


@pytest.fixture
def netj() -> Netj:
    return Netj()
