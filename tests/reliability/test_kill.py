"""Case 2: SIGKILL / SIGINT at random moments of a large ``netj import``.

The import is one transaction: afterwards the journal holds all of the batch
or none of it, passes ``integrity_check``, the user's earlier data is
unchanged, and the next command (a read and a write) works.
"""

from __future__ import annotations

import os
import random
import signal
from pathlib import Path

import pytest
from reliability_helpers import BigImport, Journal, assert_preserved, copy_journal, wait_for


def _wal_size(db: Path) -> int:
    try:
        return os.path.getsize(f"{db}-wal")
    except FileNotFoundError:
        return 0


def _interrupt(journal: Journal, big: BigImport, sig: int, *, delay: float | None = None,
               wal_bytes: int | None = None, after_open: bool = False) -> tuple[int, str]:
    """Start the import, send ``sig`` after ``delay`` seconds (counted from the
    moment netj opened the journal when ``after_open``) or once the -wal has
    grown past ``wal_bytes`` (mid-write), and return (exit code, stderr)."""
    copy_journal(big.base, journal.db)
    proc = journal.popen("import", str(big.jsonl))
    try:
        if after_open:
            wait_for(lambda: Path(f"{journal.db}-wal").exists() or proc.poll() is not None,
                     timeout=60, what="netj to open the journal")
        if wal_bytes is not None:
            wait_for(lambda: _wal_size(journal.db) > wal_bytes or proc.poll() is not None,
                     timeout=120, what=f"the -wal to pass {wal_bytes} bytes")
        else:
            try:
                proc.wait(timeout=delay)
            except Exception:  # still running: that is the point
                pass
        if proc.poll() is None:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err.decode("utf-8", "replace")


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


def _random_delays(n: int, big: BigImport, seed: int) -> list[float]:
    """Moments spread over the whole import (seeded: a failure can be replayed)."""
    rng = random.Random(seed)
    return [rng.uniform(0.05, big.seconds * 1.1) for _ in range(n)]


@pytest.mark.parametrize("wal_mb", [1, 4])
def test_sigkill_mid_write_leaves_all_or_nothing(journal: Journal, big_import: BigImport, wal_mb: int):
    """Killed while the import's transaction is writing pages to the -wal."""
    code, _ = _interrupt(journal, big_import, signal.SIGKILL, wal_bytes=wal_mb * 1_000_000)
    state = _all_or_nothing(journal, big_import)
    if code == 0:  # the -wal only grew that far while committing: then it all went in
        assert state == "all"
    else:
        assert code == -signal.SIGKILL


def test_sigkill_at_random_moments_quick(journal: Journal, big_import: BigImport):
    for delay in _random_delays(2, big_import, seed=1):
        code, _ = _interrupt(journal, big_import, signal.SIGKILL, delay=delay)
        assert code in (0, -signal.SIGKILL), f"delay {delay:.2f}s: exit {code}"
        _all_or_nothing(journal, big_import)


@pytest.mark.slow
def test_sigkill_at_random_moments_many(journal: Journal, big_import: BigImport):
    states = []
    for delay in _random_delays(25, big_import, seed=2):
        code, _ = _interrupt(journal, big_import, signal.SIGKILL, delay=delay)
        assert code in (0, -signal.SIGKILL), f"delay {delay:.2f}s: exit {code}"
        states.append(_all_or_nothing(journal, big_import))
    assert "none" in states


def test_sigint_mid_write_keeps_all_or_nothing(journal: Journal, big_import: BigImport):
    code, err = _interrupt(journal, big_import, signal.SIGINT, wal_bytes=1_000_000)
    assert "Traceback" not in err, err
    state = _all_or_nothing(journal, big_import)
    assert code != 0 or state == "all", "an import that wrote nothing must not exit 0"


def test_sigint_exits_nonzero_with_a_one_line_message(journal: Journal, big_import: BigImport):
    code, err = _interrupt(journal, big_import, signal.SIGINT, wal_bytes=1_000_000)
    assert code != 0
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), repr(err)


def test_sigint_at_random_moments_quick(journal: Journal, big_import: BigImport):
    for delay in _random_delays(2, big_import, seed=3):
        code, err = _interrupt(journal, big_import, signal.SIGINT, delay=delay, after_open=True)
        assert "Traceback" not in err, f"delay {delay:.2f}s: {err}"
        _all_or_nothing(journal, big_import)


@pytest.mark.slow
def test_sigint_at_random_moments_many(journal: Journal, big_import: BigImport):
    for delay in _random_delays(25, big_import, seed=4):
        code, err = _interrupt(journal, big_import, signal.SIGINT, delay=delay, after_open=True)
        assert "Traceback" not in err, f"delay {delay:.2f}s: {err}"
        _all_or_nothing(journal, big_import)
