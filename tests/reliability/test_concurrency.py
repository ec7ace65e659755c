"""Case 1: concurrent writers never fail, never lose or duplicate an entry.

netj writes in ``BEGIN IMMEDIATE`` transactions: with a deferred ``BEGIN``
a transaction that read first and then tries to write cannot wait on
``busy_timeout`` (SQLite returns SQLITE_BUSY at once, since waiting could
deadlock), which shows up as "database is locked" under concurrency. On
PostgreSQL writers queue on the journal's advisory lock (storage/pg/journal.py);
every case runs on both backends.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from reliability_helpers import Journal, assert_preserved
from reliability_names import HANDLES, attendances, names_for, used_names

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

HERE = Path(__file__).parent
SEED_HANDLES = {"ann-lee", "bob-stone"}


def _check_result(j: Journal, before: dict, workers: int, calls: int, extra_meetings: int = 0) -> None:
    j.assert_sound()
    after = j.export()
    assert_preserved(before, after)
    expected_people = SEED_HANDLES | {HANDLES[n] for n in used_names(workers, calls)}
    assert sorted(p["handle"] for p in after["people"]) == sorted(expected_people)
    assert len(after["meetings"]) == len(before["meetings"]) + workers * calls + extra_meetings
    new = [m for m in after["meetings"] if m["id"] not in {b["id"] for b in before["meetings"]}]
    assert sum(len(m["attendees"]) for m in new) == attendances(workers, calls) + extra_meetings
    # every call's note is there exactly once
    notes = sorted(m["notes"] for m in new if m["notes"] and m["notes"].startswith("w"))
    assert notes == sorted(f"w{w} call {i}" for w in range(workers) for i in range(calls))


def _installed_log(j: Journal, worker: int, call: int):
    return j.run("log", *names_for(worker, call), "--new", "--no-input", "--note", f"w{worker} call {call}")


def test_eight_processes_of_installed_netj_log_overlapping_new_people(seeded):
    """Quick variant: 8 writers x 5 launches of the installed command."""
    journal, before = seeded
    workers, calls = 8, 5

    def writer(w: int):
        return [_installed_log(journal, w, i) for i in range(calls)]

    with ThreadPoolExecutor(workers) as pool:
        runs = [r for rs in pool.map(writer, range(workers)) for r in rs]

    failures = [r.describe() for r in runs if r.returncode != 0 or "locked" in r.stderr or "Traceback" in r.stderr]
    assert failures == []
    _check_result(journal, before, workers, calls)


@pytest.mark.slow
def test_eight_processes_times_200_logs_through_the_entry_point(seeded):
    """The full case: 8 worker processes x 200 ``netj log`` calls (in-process
    loop per worker, see log_worker.py for why), all at once."""
    journal, before = seeded
    workers, calls = 8, 200
    procs = [subprocess.Popen([sys.executable, str(HERE / "log_worker.py"), str(w), str(calls)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=journal.env, cwd=HERE)
             for w in range(workers)]
    problems, done = [], 0
    for p in procs:
        out, err = p.communicate(timeout=900)
        assert p.returncode == 0, err.decode()[-2000:]
        for line in out.decode().splitlines():
            rec = json.loads(line)
            if "done" in rec:
                done += rec["done"]
            else:
                problems.append(rec)
        assert b"locked" not in err
    assert problems == []
    assert done == workers * calls
    _check_result(journal, before, workers, calls)


def _in_transaction(conn) -> bool:
    info = getattr(conn, "info", None)  # psycopg's connection; sqlite3's has in_transaction
    return conn.in_transaction if info is None else info.transaction_status.name != "IDLE"


def test_writers_wait_for_a_long_read_transaction(seeded):
    journal, before = seeded
    reader = journal.connect()
    try:
        reader.execute("BEGIN" if not journal.on_pg else "BEGIN ISOLATION LEVEL REPEATABLE READ")
        count = reader.execute("SELECT count(*) FROM meeting").fetchone()[0]
        with ThreadPoolExecutor(4) as pool:
            runs = list(pool.map(lambda w: _installed_log(journal, w, 0), range(4)))
        # the read transaction is still open and still sees its snapshot
        assert reader.execute("SELECT count(*) FROM meeting").fetchone()[0] == count
        assert _in_transaction(reader)
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert [r.describe() for r in runs if r.returncode != 0 or "locked" in r.stderr] == []
    _check_result(journal, before, 4, 1)


def test_writers_wait_while_another_connection_holds_the_write_lock(seeded):
    journal, before = seeded
    holder = journal.connect()
    journal.begin_write(holder)
    procs = []
    try:
        procs = [journal.popen("log", *names_for(w, 0), "--new", "--no-input", "--note", f"w{w} call 0")
                 for w in range(3)]
        held_until = time.monotonic() + 3.0  # the fault: a writer holding the lock for ~3 s
        while time.monotonic() < held_until:
            finished = [p for p in procs if p.poll() is not None]
            assert finished == [], [(p.returncode, p.stderr.read().decode()) for p in finished]
            time.sleep(0.05)
    finally:
        holder.execute("COMMIT")
        holder.close()
    results = []
    for p in procs:
        _out, err = p.communicate(timeout=60)
        results.append((p.returncode, err.decode()))
    assert [r for r in results if r[0] != 0 or "locked" in r[1]] == []
    _check_result(journal, before, 3, 1)


def test_a_reader_is_not_blocked_by_a_held_write_lock(seeded):
    journal, before = seeded
    holder = journal.connect()
    journal.begin_write(holder)
    holder.execute("DELETE FROM follow_up")  # uncommitted: readers must not see it
    try:
        started = time.monotonic()
        assert journal.export() == before
        assert time.monotonic() - started < 20
        journal.ok("due", "--json")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    journal.assert_sound()
    assert journal.export() == before
