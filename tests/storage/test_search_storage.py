"""Search in storage, on both backends: on SQLite the FTS5 index (kept in step
with every writer by triggers, filled by the migration, checked and rebuilt),
on PostgreSQL the scan; both find, order and highlight the same texts, safe
with any input."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from backends import open_test_journal, schema_url
from netjournal.domain.search import fts_query
from netjournal.storage import fulltext
from netjournal.storage.open import open_journal
from netjournal.storage.schema import SEARCH_SOURCES, SEARCH_STRIDE

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parents[1] / "fixtures"
ROOT = Path(__file__).parents[2]


pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture
def journal(db_path):
    j = open_test_journal(db_path, now=NOW)
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
    '+x', "x'y", ":", "\\", "%_", "x AND", "col : x", "\u202e\u200b", "ﬁ", "İstanbul", "ß", "x" * 5000, "x" * 100, "a-" * 50, " ".join(f"é{i}-_" for i in range(32)),
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


@pytest.mark.sqlite_only  # the FTS5 index
def test_name_completion_searches_the_index_instead_of_scanning_people(journal):
    plan = " ".join(row[-1] for row in journal.conn.execute(
        "EXPLAIN QUERY PLAN SELECT p.handle, p.name FROM person_name_index n JOIN person p ON p.id = n.rowid "
        "WHERE person_name_index MATCH :q ORDER BY p.handle LIMIT 50", {"q": '"ron"*'}))
    assert "SCAN n VIRTUAL TABLE" in plan and "SEARCH p USING INTEGER PRIMARY KEY" in plan, plan
    assert "SCAN p" not in plan


@pytest.mark.sqlite_only  # the FTS5 index
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


@pytest.mark.sqlite_only  # the FTS5 index
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


@pytest.mark.sqlite_only  # the FTS5 index
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


@pytest.mark.sqlite_only  # the FTS5 index
def test_check_waits_behind_a_writer_instead_of_failing(journal):
    """FTS5's integrity check is a write statement: it runs under the write lock."""
    import threading

    from netjournal.app.maintenance import check_journal

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


@pytest.mark.sqlite_only  # a read-only SQLite file
@pytest.mark.parametrize("mode", ["ro", "ro&immutable=1"])
def test_a_read_only_journal_is_searched_and_its_index_compared(journal, mode):
    with journal.write() as conn:
        person(conn, 1, "Ron Park", notes="kayak")
        conn.execute("DELETE FROM search_index")  # out of step
    journal.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    from netjournal.storage.sqlite import SqliteConnection

    ro = sqlite3.connect(f"{journal.path.resolve().as_uri()}?mode={mode}", uri=True, isolation_level=None,
                         factory=SqliteConnection)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            ro.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
        assert fulltext.index_problems(ro) == ["the search index misses 1 text(s) or has an old copy of them"]
        assert fulltext.people_named(ro, fts_query("park")) == [("ron-park", "Ron Park")]
    finally:
        ro.close()


# --- the same results on both backends ----------------------------------------------

CORPUS = {  # meeting id: notes (dated so that a higher id is newer)
    1: "Coffee at the Café Zanzibar with ZOË",
    2: "cafe\u0301s on the quay; Zoe\u0308 says hi",  # accents as combining marks
    3: "Lunch: Straße, İstanbul office, ŒUVRE",
    4: "Петров и Пётр обсудили бюджет",
    5: "東京都の会議 and ΟΔΟΣ οδός",
    6: "50% off, a_b test, C:\\temp\\x and 100_000 rows",
    7: "e-mail Ron; the e mail; emailing",
    8: "x\u0301cafe is one word; \u0301cafe is not",
    9: "O'Brien said 'hi' -- \"quoted\" (paren) [bracket] {brace} ^caret $dollar *star +plus ?q |pipe",
}


@pytest.fixture(scope="module")
def _corpora(tmp_path_factory):
    """Where the corpus is on each backend: written once per module (its
    cases only read it), on a SQLite file and in a PostgreSQL schema of its own."""
    places: dict[str, Path | str] = {}
    schemas: list = []

    def where(backend: str, request: pytest.FixtureRequest) -> Path | str:
        if backend not in places:
            if backend == "postgresql":
                admin = request.getfixturevalue("_pg_admin")
                name = f"netj_test_{uuid.uuid4().hex[:12]}"
                admin.execute(f"CREATE SCHEMA {name}")
                schemas.append((admin, name))
                place = schema_url(os.environ["NETJ_TEST_POSTGRES"], name)
            else:
                place = tmp_path_factory.mktemp("corpus") / "journal.db"
            j = open_test_journal(place, now=NOW)
            try:
                j.materialize()
                with j.write() as conn:
                    person(conn, 1, "Zoë Ångström")
                    person(conn, 2, "Ron Park")
                    person(conn, 3, "Пётр Петров")
                    person(conn, 4, "Aaron Parker")
                    for mid, notes in CORPUS.items():
                        meeting(conn, mid, f"2026-10-{mid:02d}", notes, 1 + mid % 4)
            finally:
                j.close()
            places[backend] = place
        return places[backend]

    yield where
    for admin, name in schemas:
        admin.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture
def corpus(backend, _corpora, request):
    """The corpus on the test's backend, through a connection of the test's own."""
    j = open_test_journal(_corpora(backend, request), now=NOW)
    yield j
    j.close()


@pytest.mark.parametrize(("text", "ids"), [
    ("cafe", [8, 2, 1]), ("CAFÉ", [8, 2, 1]), ("cafés", [2]), ("caf zanz", [1]),  # accents and case aside
    ("zoe", [2, 1]), ("ZOË", [2, 1]), ("zo\u0308e", [2, 1]),  # a decomposed accent in the query is dropped
    ("strasse", []), ("straße", [3]), ("STRASSE", []), ("istanbul", [3]), ("œuvre", [3]), ("oeuvre", []),
    ("петр", [4]), ("пётр", [4]), ("ПЁТР", [4]), ("бюдж", [4]), ("ров", []),  # a word start, not inside
    ("東京", [5]), ("京都", []), ("οδοσ", [5]), ("οδός", [5]), ("οδος", [5]), ("όδος", []),  # ς is σ; Greek keeps its accents
    ("50%", [6]), ("%", None), ("a_b", [6]), ("_", None), ("off,", [6, 3]), ("100_", [6]),
    ("c:\\temp", [6]), ("\\temp\\x", [6]), ("\\", None),  # LIKE and regex metacharacters are text
    ("e-mail", [7]), ("e mail", [7]), ("email", [7]), ("mail", [7]),
    ("xcafe", [8]), ("is not", [8]), ("one word", [8]),
    ("o'brien", [9]), ("'hi'", [9, 2]), ('"quoted"', [9]), ("(paren)", [9]), ("[bracket]", [9]),
    ("{brace}", [9]), ("^caret", [9]), ("$dollar", [9]), ("*star", [9]), ("+plus", [9]), ("?q", [9, 2]),
    ("|pipe", [9]), (".*", None), ("[^a]", [6, 5, 1]), ("(?:x)", [8, 6]), ("\\u0041", []), ("%(q0)s :q0 ?", []), ("q0", []),
])
def test_accents_case_prefixes_scripts_and_metacharacters(corpus, text, ids):
    if ids is None:
        with pytest.raises(Exception, match="nothing to search for"):
            fts_query(text)
        return
    assert [i for _, _, i in found(corpus.conn, text)] == ids


@pytest.mark.parametrize(("text", "mid", "marked"), [
    ("cafe", 1, "Coffee at the [Café] Zanzibar with ZOË"),
    ("zoe caf", 1, "Coffee at the [Café] Zanzibar with [ZOË]"),
    ("e-mail", 7, "[e-mail] Ron; the [e mail]; emailing"),
    ("e mail emailing", 7, "[e]-[mail] Ron; the [e] [mail]; [emailing]"),  # three words, not a phrase
    ("петр", 4, "[Петров] и Пётр обсудили бюджет"),
])
def test_highlights_mark_the_words_fts5_marks(corpus, text, mid, marked):
    from netjournal.domain.search import segments, snippet

    snip, matches = snippet(*fulltext.matched_text(corpus.conn, fts_query(text), mid * SEARCH_STRIDE + 1))
    assert "".join(f"[{p}]" if hit else p for p, hit in segments(snip, matches)) == marked


@pytest.mark.parametrize(("text", "handles"), [
    ("zoe", ["zoë-ångström"]), ("ANGS", ["zoë-ångström"]), ("петр", ["пётр-петров"]),
    ("пё", ["пётр-петров"]), ("park", ["aaron-parker", "ron-park"]), ("ron", ["ron-park"]),
    ("ron park", ["ron-park"]), ("%", []), ("r_n", []), ("aaron_", ["aaron-parker"]),
])
def test_names_match_by_word_prefix_on_both_backends(corpus, text, handles):
    from netjournal.domain.search import search_words

    if not search_words(text):
        return
    assert [h for h, _ in fulltext.people_named(corpus.conn, fts_query(text))] == handles


@pytest.mark.sqlite_only  # runs once, with a journal on each backend
def test_postgresql_finds_orders_and_highlights_what_sqlite_does(tmp_path, pg_schema):
    """Random texts of tricky characters on both backends: every search gives
    the same hits, in the same order, with the same snippets and matches."""
    import random

    from netjournal.app.search import search
    from netjournal.domain.search import search_words

    rng = random.Random(7)
    alphabet = (list("abcdeiosz ABCDEZ  ..,;-_%\\'\"()*?") + list("éÉèëÖöüßİıæœ")
                + ["e\u0301", "o\u0308", "\u0301", "\u0327"] + list("ΣσςάΟδ") + list("пПёЁр") + list("東京")
                + ["😀", "\u200b", "\t", "\n"])
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(5, 60))) for _ in range(200)]
    journals = [open_test_journal(tmp_path / "j.db", now=NOW), open_test_journal(pg_schema, now=NOW)]
    try:
        for j in journals:
            j.materialize()
            with j.write() as conn:
                person(conn, 1, "Someone")
                for mid, notes in enumerate(texts, start=1):
                    meeting(conn, mid, f"2026-{1 + mid % 12:02d}-{1 + mid % 28:02d}", notes, 1)
        queries = [w[:rng.randint(1, len(w))] for t in texts for w in t.split()][:200]
        queries += [" ".join(rng.sample(t.split(), min(2, len(t.split())))) for t in texts[:50] if t.split()]
        queries += ["".join(rng.choice(alphabet) for _ in range(3)) for _ in range(50)]
        compared = 0
        for q in queries:
            if not search_words(q):
                continue
            sqlite_hits, pg_hits = (search(j, q, limit=1000).hits for j in journals)
            assert pg_hits == sqlite_hits, q
            compared += bool(sqlite_hits)
        assert compared > 150
    finally:
        for j in journals:
            j.close()
