"""Case 2: SIGKILL / SIGINT at random moments of a large ``netj import``.

The import is one transaction: afterwards the journal holds all of the batch
or none of it, checks clean, the user's earlier data is unchanged, and the
next command (a read and a write) works. On PostgreSQL the server rolls back
the transaction of a client that died (or, on SIGINT, netj does).
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest
from reliability_helpers import BigImport, Journal, assert_preserved, load, once_per_run, wait_for

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

MEETINGS_PER_MB = 1000  # on PostgreSQL "mid-write" is counted in meetings written, not -wal bytes


def _wal_size(db: Path) -> int:
    try:
        return os.path.getsize(f"{db}-wal")
    except FileNotFoundError:
        return 0


class _Watch:
    """What a test can see of an import in progress: SQLite's -wal, or on
    PostgreSQL the journal's write lock and the meeting id sequence (which
    moves outside transactions, so it shows uncommitted progress)."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.conn = journal.connect() if journal.on_pg else None

    def opened(self) -> bool:
        if self.conn is None:
            return Path(f"{self.journal.db}-wal").exists()
        from netjournal.storage.pg import journal as pg

        return self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = %s "
            "AND objid = hashtext(current_database() || '.' || current_schema())::oid)", (pg.LOCK_CLASS,)).fetchone()[0]

    def past(self, mb: int) -> bool:
        if self.conn is None:
            return _wal_size(self.journal.db) > mb * 1_000_000
        written = self.conn.execute(
            "SELECT pg_sequence_last_value(pg_get_serial_sequence('meeting', 'id'))").fetchone()[0]
        return (written or 0) > mb * MEETINGS_PER_MB

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def _interrupt(journal: Journal, big: BigImport, sig: int, *, delay: float | None = None,
               wal_mb: int | None = None, after_open: bool = False) -> tuple[int, str]:
    """Start the import, send ``sig`` after ``delay`` seconds (counted from the
    moment netj opened the journal when ``after_open``) or once the import has
    written past ``wal_mb`` megabytes of -wal (mid-write), and return (exit code, stderr)."""
    load(big.base, journal)
    watch = _Watch(journal)
    proc = journal.popen("import", str(big.jsonl))
    try:
        if after_open:
            wait_for(lambda: watch.opened() or proc.poll() is not None,
                     timeout=60, what="netj to open the journal")
        if wal_mb is not None:
            wait_for(lambda: watch.past(wal_mb) or proc.poll() is not None,
                     timeout=120, what=f"the import to pass {wal_mb} MB")
        else:
            try:
                proc.wait(timeout=delay)
            except Exception:  # still running: that is the point
                pass
        if proc.poll() is None:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        watch.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err.decode("utf-8", "replace")


_PG_SECONDS: list[float] = []


@pytest.fixture
def big(journal: Journal, request: pytest.FixtureRequest) -> BigImport:
    """The large import of the test's backend (a smaller one on PostgreSQL,
    where it is slower)."""
    return request.getfixturevalue("big_import_small" if journal.on_pg else "big_import")


def _time_pg_import(journal: Journal, big: BigImport) -> float:
    load(big.base, journal)
    started = time.monotonic()
    journal.ok("import", str(big.jsonl))
    seconds = time.monotonic() - started
    assert journal.export() == big.after
    return seconds


@pytest.fixture
def seconds(journal: Journal, big: BigImport, tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long a complete import takes on the test's backend (timed once per
    run on PostgreSQL, where it must end in the same journal as on SQLite)."""
    if not journal.on_pg:
        return big.seconds
    if not _PG_SECONDS:
        _PG_SECONDS.append(once_per_run(tmp_path_factory, "pg-import-seconds",
                                        lambda _: _time_pg_import(journal, big)))
    return _PG_SECONDS[0]


def _all_or_nothing(journal: Journal, big: BigImport) -> str:
    """Check the journal after the fault; return which of the two states it is in."""
    after = journal.export()  # the next command works (and recovers the -wal)
    journal.assert_sound()
    assert_preserved(big.before, after)
    if after == big.before:
        state = "none"
    else:
        assert after == big.after, "the journal holds part of the batch"
        state = "all"
    # the next write works too
    journal.ok("log", "ann-lee", "--no-input", "--note", "after the fault")
    journal.assert_sound()
    return state


def _many(journal: Journal) -> int:
    """How many moments the long cases try: fewer on PostgreSQL, where each
    import takes seconds. A moment costs ~2 s on SQLite and ~4 s on
    PostgreSQL on a 2-core machine (the interrupted import, an export, a
    check, a write), measured on one process; 12 and 6 per signal put ~25 s
    in each of the four long cases, up to twice that when they share the
    CPUs with other workers (docs/performance.md, "Test suite time")."""
    return 6 if journal.on_pg else 12


def _random_delays(n: int, seconds: float, seed: int) -> list[float]:
    """Moments spread over the whole import (seeded: a failure can be replayed)."""
    rng = random.Random(seed)
    return [rng.uniform(0.05, seconds * 1.1) for _ in range(n)]


@pytest.mark.parametrize("wal_mb", [1, 4])
def test_sigkill_mid_write_leaves_all_or_nothing(journal: Journal, big: BigImport, wal_mb: int):
    """Killed while the import's transaction is writing pages to the -wal."""
    code, _ = _interrupt(journal, big, signal.SIGKILL, wal_mb=wal_mb)
    state = _all_or_nothing(journal, big)
    if code == 0:  # the -wal only grew that far while committing: then it all went in
        assert state == "all"
    else:
        assert code == -signal.SIGKILL


def test_sigkill_at_random_moments_quick(journal: Journal, big: BigImport, seconds: float):
    for delay in _random_delays(2, seconds, seed=1):
        code, _ = _interrupt(journal, big, signal.SIGKILL, delay=delay)
        assert code in (0, -signal.SIGKILL), f"delay {delay:.2f}s: exit {code}"
        _all_or_nothing(journal, big)


@pytest.mark.slow
def test_sigkill_at_random_moments_many(journal: Journal, big: BigImport, seconds: float):
    states = []
    for delay in _random_delays(_many(journal), seconds, seed=2):
        code, _ = _interrupt(journal, big, signal.SIGKILL, delay=delay)
        assert code in (0, -signal.SIGKILL), f"delay {delay:.2f}s: exit {code}"
        states.append(_all_or_nothing(journal, big))
    assert "none" in states


def test_sigint_mid_write_keeps_all_or_nothing(journal: Journal, big: BigImport):
    code, err = _interrupt(journal, big, signal.SIGINT, wal_mb=1)
    assert "Traceback" not in err, err
    state = _all_or_nothing(journal, big)
    assert code != 0 or state == "all", "an import that wrote nothing must not exit 0"


def test_sigint_exits_nonzero_with_a_one_line_message(journal: Journal, big: BigImport):
    code, err = _interrupt(journal, big, signal.SIGINT, wal_mb=1)
    assert code != 0
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), repr(err)


def test_sigint_at_random_moments_quick(journal: Journal, big: BigImport, seconds: float):
    for delay in _random_delays(2, seconds, seed=3):
        _code, err = _interrupt(journal, big, signal.SIGINT, delay=delay, after_open=True)
        assert "Traceback" not in err, f"delay {delay:.2f}s: {err}"
        _all_or_nothing(journal, big)


@pytest.mark.slow
def test_sigint_at_random_moments_many(journal: Journal, big: BigImport, seconds: float):
    for delay in _random_delays(_many(journal), seconds, seed=4):
        _code, err = _interrupt(journal, big, signal.SIGINT, delay=delay, after_open=True)
        assert "Traceback" not in err, f"delay {delay:.2f}s: {err}"
        _all_or_nothing(journal, big)
