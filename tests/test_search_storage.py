"""The search index on a real SQLite file: kept in step with every writer by
triggers, filled by the migration, checked and rebuilt, safe with any input."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from netjournal.search import fts_query
from netjournal.storage import fulltext
from netjournal.storage.db import open_journal
from netjournal.storage.schema import SEARCH_SOURCES, SEARCH_STRIDE

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def journal(tmp_path):
    j = open_journal(tmp_path / "journal.db", now=NOW)
    j.materialize()
    yield j
    j.close()


def found(conn: sqlite3.Connection, text: str, **kw) -> list[tuple[str, str, int]]:
    """(type, field, id) of what a search for ``text`` finds, newest first."""
    return [(*fulltext.hit_type(r % SEARCH_STRIDE), r // SEARCH_STRIDE)
            for r, _ in fulltext.search(conn, fts_query(text), limit=100, **kw)]


def person(conn, pid: int, name: str, **cols) -> None:
    names = ", ".join(["id", "handle", "name", "created_at", "updated_at", *cols])
    marks = ", ".join("?" * (4 + len(cols)))
    conn.execute(f"INSERT INTO person ({names}) VALUES (?, {marks})",
                 (pid, name.lower().replace(" ", "-"), name, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", *cols.values()))


def meeting(conn, mid: int, on: str, notes: str | None, *people: int) -> None:
    conn.execute("INSERT INTO meeting (id, on_date, kind, notes, created_at) VALUES (?, ?, 'coffee', ?, 'x')",
                 (mid, on, notes))
    for pid in people:
        conn.execute("INSERT INTO attendance (meeting_id, person_id, on_date) VALUES (?, ?, ?)", (mid, pid, on))


def test_rowids_are_unique_per_source_and_fit_the_stride():
    slots = [slot for slot, _, _ in SEARCH_SOURCES]
    assert len(set(slots)) == len(slots) and all(0 < s < SEARCH_STRIDE for s in slots)
    assert {fulltext.hit_type(s)[0] for s in slots} == {"meeting", "follow_up", "person", "gains", "referral"}


def test_every_source_is_indexed_on_insert_update_and_delete(journal):
    with journal.write() as conn:
        person(conn, 1, "Ron Park", notes="loves sailing", goals="open a Zanzibar office", skills="pricing")
        person(conn, 2, "Lorraine Chu")
        meeting(conn, 1, "2026-11-01", "Talked about the Café expansion", 1, 2)
        conn.execute("INSERT INTO follow_up (id, person_id, meeting_id, text, due_on, created_at) "
                     "VALUES (1, 1, 1, 'Send the sailing club intro', '2026-11-10', '2026-11-01T10:00:00Z')")
        conn.execute("INSERT INTO referral (id, direction, person_id, other_person_id, on_date, note, created_at, "
                     "updated_at) VALUES (1, 'given', 1, 2, '2026-11-05', 'sailing gear shop', 'x', 'x')")
        conn.execute("INSERT INTO gains_change (person_id, field, value, changed_on, created_at) "
                     "VALUES (1, 'goals', 'open a Zanzibar office', '2026-10-15', 'x')")
    conn = journal.conn
    assert found(conn, "sailing") == [("referral", "note", 1), ("follow_up", "text", 1), ("person", "notes", 1)]
    assert found(conn, "zanzibar") == [("gains", "goals", 1)]
    assert found(conn, "cafe") == [("meeting", "notes", 1)]  # accents aside
    with journal.write() as conn:
        conn.execute("UPDATE meeting SET notes = 'Talked about boats' WHERE id = 1")
        conn.execute("UPDATE person SET goals = NULL, skills = 'sailing lessons' WHERE id = 1")
        conn.execute("UPDATE follow_up SET done_on = '2026-11-09' WHERE id = 1")  # not a text: no change
    assert found(conn, "cafe") == [] and found(conn, "boats") == [("meeting", "notes", 1)]
    assert found(conn, "zanzibar") == []
    assert ("gains", "skills", 1) in found(conn, "sailing")
    with journal.write() as conn:
        conn.execute("DELETE FROM referral WHERE id = 1")
        conn.execute("UPDATE meeting SET notes = NULL WHERE id = 1")
    assert found(conn, "boats") == [] and ("referral", "note", 1) not in found(conn, "sailing")
    assert fulltext.index_problems(journal.conn) == []


def test_cascading_deletes_take_their_texts_out_of_the_index(journal):
    with journal.write() as conn:
        person(conn, 1, "Ron Park", notes="quokka")
        person(conn, 2, "Lorraine Chu")
        conn.execute("INSERT INTO follow_up (person_id, text, due_on, created_at) VALUES (1, 'quokka deck', '2026-12-01', '2026-11-20T10:00:00Z')")
        conn.execute("INSERT INTO referral (direction, person_id, on_date, note, created_at, updated_at) "
                     "VALUES ('received', 1, '2026-11-01', 'quokka referral', 'x', 'x')")
        conn.execute("INSERT INTO referral (direction, person_id, other_person_id, on_date, note, created_at, updated_at) "
                     "VALUES ('given', 2, 1, '2026-11-02', 'quokka intro', 'x', 'x')")  # survives, SET NULL
    assert len(found(journal.conn, "quokka")) == 4
    with journal.write() as conn:
        conn.execute("DELETE FROM person WHERE id = 1")  # follow-up and first referral go by ON DELETE CASCADE
    assert found(journal.conn, "quokka") == [("referral", "note", 2)]
    assert fulltext.index_problems(journal.conn) == []


def test_newest_first_with_person_and_since_filters(journal):
    with journal.write() as conn:
        person(conn, 1, "Ron Park")
        person(conn, 2, "Maya Okafor")
        meeting(conn, 1, "2026-01-10", "budget talk", 1)
        meeting(conn, 2, "2026-06-10", "budget again", 1, 2)
        meeting(conn, 3, "2026-03-10", "budget with Maya", 2)
    conn = journal.conn
    assert [i for _, _, i in found(conn, "budget")] == [2, 3, 1]
    assert [i for _, _, i in found(conn, "budget", person_ids=[1])] == [2, 1]
    assert [i for _, _, i in found(conn, "budget", person_ids=[1], since=date(2026, 2, 1))] == [2]
    assert fulltext.people_of(conn, 2 * SEARCH_STRIDE + 1) == ("maya-okafor", "ron-park")


@pytest.mark.parametrize("text", [
    'AND', 'OR NOT', '"', '""', 'a"b', '*', 'x*y', '(', ')', 'NEAR(x y, 2)', 'body:x', '{body}: x', '^x', '-x',
    '+x', "x'y", ":", "\\", "%_", "x AND", "col : x", "\u202e\u200b", "ﬁ", "İstanbul", "ß", "x" * 5000,
])
def test_no_input_makes_the_query_fail(journal, text):
    with journal.write() as conn:
        person(conn, 1, "Ron Park", notes="x y body AND or near")
    try:
        query = fts_query(text)
    except Exception as exc:  # only the domain error for input without words
        assert type(exc).__name__ == "InvalidValue"
        return
    fulltext.search(journal.conn, query, limit=5)
    fulltext.people_named(journal.conn, query)


def test_names_are_found_by_any_word_prefix_accents_and_case_aside(journal):
    with journal.write() as conn:
        person(conn, 1, "Ron Park")
        person(conn, 2, "Zoë Ångström")
        person(conn, 3, "Aaron Parker")
    conn = journal.conn
    assert fulltext.people_named(conn, fts_query("park")) == [("aaron-parker", "Aaron Parker"), ("ron-park", "Ron Park")]
    assert fulltext.people_named(conn, fts_query("RON")) == [("ron-park", "Ron Park")]  # a word start, not "Aaron"
    assert fulltext.people_named(conn, fts_query("angs"))[0][0] == "zoë-ångström"
    with journal.write() as conn:
        conn.execute("UPDATE person SET name = 'Ronald Park' WHERE id = 1")
        conn.execute("DELETE FROM person WHERE id = 3")
    assert fulltext.people_named(conn, fts_query("park")) == [("ron-park", "Ronald Park")]
    assert fulltext.index_problems(conn) == []


def test_name_completion_searches_the_index_instead_of_scanning_people(journal):
    plan = " ".join(row[-1] for row in journal.conn.execute(
        "EXPLAIN QUERY PLAN SELECT p.handle, p.name FROM person_name_index n JOIN person p ON p.id = n.rowid "
        "WHERE person_name_index MATCH :q ORDER BY p.handle LIMIT 50", {"q": '"ron"*'}))
    assert "SCAN n VIRTUAL TABLE" in plan and "SEARCH p USING INTEGER PRIMARY KEY" in plan, plan
    assert "SCAN p" not in plan


def test_a_v2_journal_upgrades_with_its_notes_already_searchable(tmp_path):
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-v2.db", path)
    path.chmod(0o600)
    with sqlite3.connect(path) as raw:
        notes = raw.execute("SELECT count(*) FROM meeting WHERE notes IS NOT NULL").fetchone()[0]
        texts = raw.execute("SELECT count(*) FROM follow_up").fetchone()[0]
        people_notes = raw.execute("SELECT count(*) FROM person WHERE notes IS NOT NULL").fetchone()[0]
    j = open_journal(path, now=NOW)
    try:
        conn = j.conn
        assert conn.execute("SELECT count(*) FROM search_index").fetchone()[0] == notes + texts + people_notes
        assert found(conn, "introduced")
        assert fulltext.people_named(conn, fts_query("lorraine")) == [("lorraine-chu", "Lorraine Chu")]
        assert fulltext.index_problems(conn) == []
    finally:
        j.close()


def test_check_finds_an_index_out_of_step_and_rebuild_mends_it(journal):
    with journal.write() as conn:
        person(conn, 1, "Ron Park", notes="kayak")
        meeting(conn, 1, "2026-11-01", "kayak trip", 1)
        conn.execute("DROP TRIGGER search_meeting_notes_update")  # as if a tool wrote behind netj's back
        conn.execute("UPDATE meeting SET notes = 'canoe trip' WHERE id = 1")
        conn.execute("DELETE FROM search_index WHERE rowid = ?", (1 * SEARCH_STRIDE + 3,))
        conn.execute("INSERT INTO search_index (rowid, body) VALUES (?, 'ghost')", (99 * SEARCH_STRIDE + 1,))
    problems = fulltext.index_problems(journal.conn)
    assert problems == ["the search index misses 2 text(s) or has an old copy of them",
                        "the search index holds 1 text(s) no longer in the journal"]
    with journal.write() as conn:
        fulltext.rebuild(conn)
    assert fulltext.index_problems(journal.conn) == []
    assert found(journal.conn, "canoe") == [("meeting", "notes", 1)] and found(journal.conn, "ghost") == []


def test_the_benchmark_generator_fills_the_index_through_the_triggers(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    import generate

    generate.generate(people=40, meetings=120, db=tmp_path / "gen.db", today=date(2026, 6, 15), quiet=True)
    sys.modules.pop("generate", None)
    j = open_journal(tmp_path / "gen.db", now=NOW)
    try:
        conn = j.conn
        expected = sum(conn.execute(f"SELECT count(*) FROM {t} WHERE {c} IS NOT NULL").fetchone()[0]
                       for _, t, c in SEARCH_SOURCES)
        assert expected > 100
        assert conn.execute("SELECT count(*) FROM search_index").fetchone()[0] == expected
        assert fulltext.index_problems(conn) == []
    finally:
        j.close()


def test_check_waits_behind_a_writer_instead_of_failing(journal):
    """FTS5's integrity check is a write statement: it runs under the write lock."""
    import threading

    from netjournal.services import check_journal

    with journal.write() as conn:
        person(conn, 1, "Ron Park", notes="kayak")
    other = sqlite3.connect(journal.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE person SET notes = 'canoe' WHERE id = 1")
    timer = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    timer.start()
    try:
        report = check_journal(journal)
    finally:
        timer.join()
        other.close()
    assert report.ok, report.problems
    assert found(journal.conn, "canoe") == [("person", "notes", 1)]


@pytest.mark.parametrize("mode", ["ro", "ro&immutable=1"])
def test_a_read_only_journal_is_searched_and_its_index_compared(journal, mode):
    with journal.write() as conn:
        person(conn, 1, "Ron Park", notes="kayak")
        conn.execute("DELETE FROM search_index")  # out of step
    journal.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ro = sqlite3.connect(f"{journal.path.resolve().as_uri()}?mode={mode}", uri=True, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            ro.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
        assert fulltext.index_problems(ro) == ["the search index misses 1 text(s) or has an old copy of them"]
        assert fulltext.people_named(ro, fts_query("park")) == [("ron-park", "Ron Park")]
    finally:
        ro.close()
