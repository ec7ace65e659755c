"""Concurrent writers never undo each other's work (#15).

Several authors write to one journal at the same time through the installed
``netj``, each logging meetings with the same partner and undoing their own
latest one: every ``netj undo`` takes its own author's write, whatever the
others did in between, and the journal ends as if each author had logged only
what they kept. On both backends.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from reliability_helpers import Journal, Run

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

AUTHORS = ("Ann Lee", "Bo Chan", "Cy Diaz")
ROUNDS = 1  # three authors at once already interleave: each undo runs among the others' logs


def _author(journal: Journal, name: str) -> list[Run]:
    env = {"NETJ_USER": name}
    runs = []
    for i in range(ROUNDS):
        runs.append(journal.run("log", "ron-park", "--no-input", "-l", "4", "--note", f"{name} keeps {i}", env=env))
        runs.append(journal.run("log", "ron-park", "--no-input", "-l", "1", "--note", f"{name} drops {i}", env=env))
        runs.append(journal.run("undo", "--yes", env=env))
    return runs


def test_authors_logging_and_undoing_at_once_undo_only_their_own_writes(journal: Journal):
    journal.ok("people", "add", "Ron Park", "--cadence", "30d", env={"NETJ_USER": "Ann Lee"})
    with ThreadPoolExecutor(len(AUTHORS)) as pool:
        runs = [r for rs in pool.map(lambda a: _author(journal, a), AUTHORS) for r in rs]
    failed = [r.describe() for r in runs if r.returncode != 0 or "Traceback" in r.stderr or "locked" in r.stderr]
    assert failed == []
    assert all("Undid write" in r.stderr for r in runs if r.args[0] == "undo")

    meetings = journal.export()["meetings"]
    assert sorted((m["author"], m["notes"]) for m in meetings) == sorted(
        (a, f"{a} keeps {i}") for a in AUTHORS for i in range(ROUNDS))
    assert [a["scores"]["listening"] for m in meetings for a in m["attendees"]] == [4] * len(meetings)
    writes = json.loads(journal.ok("undo", "--list", "--json").stdout)
    undone = [(w["author"], w["command"]) for w in writes if w["state"] == "undone"]
    assert sorted(undone) == sorted((a, "log") for a in AUTHORS for _ in range(ROUNDS))
    ron = json.loads(journal.ok("people", "show", "ron-park", "--json").stdout)["person"]
    assert ron["last_contact_on"] == "2026-11-22"
    assert journal.ok("db", "check").returncode == 0
    journal.assert_sound()
