"""`netj search`, completion of people by name and of follow-ups, and the
search index through the commands that write (log, people edit/rm, import,
db check)."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from backends import writing
from netjournal.cli.completion import complete_follow_up, complete_person
from netjournal.cli.context import RootOptions

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture
def journal(netj, db_path):
    """Ron (notes), Lorraine and Maya, three meetings and two follow-ups."""
    netj.ok("people", "add", "Ron Park", "--note", "Met at the sailing club; loves the Café Zanzibar")
    netj.ok("people", "add", "Lorraine Chu", "--company", "Chu Legal")
    netj.ok("log", "Ron Park", "-d", "2026-10-01", "-n", "Coffee at the marina, talked sailing and budgets",
            "-f", "Send Ron the sailing club intro", "--follow-up-on", "2026-12-01", "--no-input")
    netj.ok("log", "Ron Park", "Lorraine Chu", "-d", "2026-11-02", "-n", "Budget review with both of them",
            "--no-input")
    netj.ok("log", "Maya Okafor", "--new", "-d", "2026-11-15", "-n", "Maya wants budget help for tax season",
            "-f", "Send Maya the budget template", "--follow-up-on", "2026-11-30", "--no-input")
    return db_path


def matched(hit: dict) -> list[str]:
    return [hit["snippet"][m["start"]:m["end"]] for m in hit["matches"]]


def test_json_hits_say_what_when_who_and_where_the_matches_are(netj, journal):
    hits = netj.json("search", "budget")
    # newest first; a follow-up is dated by the meeting it was promised at
    assert [(h["type"], h["date"]) for h in hits] == [
        ("meeting", "2026-11-15"), ("follow_up", "2026-11-15"), ("meeting", "2026-11-02"), ("meeting", "2026-10-01")]
    assert list(hits[1]) == ["type", "field", "id", "date", "people", "snippet", "matches"]
    assert hits[1]["field"] == "text" and hits[1]["people"] == ["maya-okafor"]
    assert hits[2]["people"] == ["lorraine-chu", "ron-park"] and hits[2]["field"] == "notes"
    assert all(m.lower().startswith("budget") for h in hits for m in matched(h))
    assert matched(hits[3]) == ["budgets"]  # each word matches as a prefix


def test_ids_are_the_numbers_other_commands_take(netj, journal):
    (fu,) = netj.json("search", "template")
    assert fu["type"] == "follow_up"
    netj.ok("done", str(fu["id"]))
    (meeting,) = netj.json("search", "marina")
    shown = netj.json("people", "show", "ron-park")
    assert meeting["id"] in [m["id"] for m in shown["meetings"]]


def test_person_notes_accents_and_several_words(netj, journal):
    (hit,) = netj.json("search", "cafe", "zanz")
    assert (hit["type"], hit["field"], hit["people"]) == ("person", "notes", ["ron-park"])
    assert matched(hit) == ["Café", "Zanzibar"]
    assert netj.json("search", "cafe", "nowhere") == []


@pytest.mark.parametrize(("words", "found"), [
    (["CAFÉ"], ["Café"]), (["zanz", "CAFE"], ["Café", "Zanzibar"]), (["sail"], ["sailing"]),
    (["Петр"], ["Петровым"]), (["ров"], []), (["東京"], ["東京都"]),
    (["50%"], ["50"]), (["%"], None), (["_"], None), (["a_b"], ["a_b"]), (["\\"], None),
    (["C:\\Temp"], ["C:\\temp"]), (["'; DROP TABLE person; --"], []), (["%(q0)s"], []),
])
def test_search_folds_accents_and_case_on_both_backends(netj, journal, words, found):
    netj.ok("log", "Ron Park", "-d", "2026-11-10", "-n", "Встреча с Петровым в 東京都: 50% of a_b in C:\\temp",
            "--no-input")
    result = netj("search", *words, "--json")
    if found is None:
        assert result.exit_code == 2 and result.stderr.startswith("Error: nothing to search for")
        return
    hits = __import__("json").loads(result.stdout)
    assert sorted({m for h in hits for m in matched(h)}) == sorted(found), hits


def test_person_and_since_filters(netj, journal):
    assert {h["date"] for h in netj.json("search", "budget", "--person", "lorraine-chu")} == {"2026-11-02"}
    both = netj.json("search", "budget", "-p", "lorraine-chu", "-p", "Maya Okafor")
    assert len(both) == 3
    assert [h["date"] for h in netj.json("search", "budget", "--since", "2026-11-10")] == ["2026-11-15"] * 2
    assert netj.json("search", "budget", "--since", "3 days ago") == []


def test_limit_keeps_the_newest_and_says_more_match(netj, journal):
    result = netj.ok("search", "budget", "--limit", "1", "--json")
    assert len(__import__("json").loads(result.stdout)) == 1
    assert "Showing the newest 1; more match" in result.stderr
    assert "more match" not in netj.ok("search", "budget", "--limit", "4").stderr


def test_plain_output_puts_matches_in_brackets(netj, journal):
    out = netj.ok("search", "marina").stdout
    assert "[marina]" in out and "meeting" in out and "ron-park" in out
    assert "\x1b[" not in out
    assert netj.ok("search", "nothing-like-this").stdout == "Nothing matches.\n"
    assert netj.json("search", "nothing-like-this") == []


def test_colour_terminals_get_styled_matches_without_brackets(monkeypatch):
    from datetime import date

    from rich.console import Console

    from netjournal.domain.search import MatchSpan, SearchHit
    from netjournal.render.core import Output
    from netjournal.render.search import search

    monkeypatch.delenv("NO_COLOR", raising=False)
    out = Output()
    buffer = io.StringIO()
    out._out = Console(file=buffer, force_terminal=True, color_system="standard", width=120, highlight=False)
    search(out, [SearchHit("meeting", "notes", 3, date(2026, 11, 2), ("ron-park",), "at the marina", (MatchSpan(7, 13),))])
    text = buffer.getvalue()
    assert "\x1b[1;7mmarina\x1b[0m" in text and "[marina]" not in text


@pytest.mark.parametrize("text", ["***", "-", '"', "( )"])
def test_a_query_without_words_is_a_one_line_usage_error(netj, journal, text):
    result = netj("search", text)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: nothing to search for") and result.stderr.count("\n") == 1


def test_a_word_too_long_is_a_one_line_usage_error(netj, journal):
    result = netj("search", "budget", "x" * 5000)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: a word to search for is 5000 characters long; give at most 100")
    assert complete_person(_ctx(journal), "Ron" + "x" * 5000) == []  # completion says nothing


@pytest.mark.parametrize("text", ["AND", "OR", "NOT budget", "budget*", 'NEAR(budget sailing)', "body:budget", "^budget"])
def test_fts_syntax_is_searched_as_text(netj, journal, text):
    result = netj("search", text, "--json")
    assert result.exit_code == 0, result.stderr


def test_unknown_person_and_bad_date_are_one_line_errors(netj, journal):
    result = netj("search", "budget", "--person", "ron")
    assert result.exit_code == 1 and "Did you mean ron-park" in result.stderr
    result = netj("search", "budget", "--since", "someday")
    assert result.exit_code == 2 and result.stderr.startswith("Error: --since:")


def test_edits_are_searched_as_they_are_now(netj, journal):
    netj.ok("people", "edit", "ron-park", "--note", "Prefers mornings")
    assert [h["type"] for h in netj.json("search", "zanzibar")] == []
    assert [h["people"] for h in netj.json("search", "mornings")] == [["ron-park"]]
    netj.ok("people", "edit", "ron-park", "--name", "Ronald Park")  # the name index follows


def test_a_removed_person_leaves_nothing_findable_nor_in_the_file(netj, journal):
    before = netj.json("search", "sailing")
    assert len(before) == 3
    netj.ok("people", "rm", "ron-park", "--yes")
    assert netj.json("search", "sailing") == []  # notes, the solo meeting, the follow-up
    assert netj.json("search", "zanzibar") == []
    assert [h["date"] for h in netj.json("search", "budget", "--person", "lorraine-chu")] == ["2026-11-02"]
    if isinstance(journal, str):
        return  # on PostgreSQL, rows are deleted; pages are the server's (VACUUM)
    with sqlite3.connect(journal) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = journal.read_bytes()
    for word in (b"zanzibar", b"Zanzibar", b"marina"):
        assert word not in data, word
    assert netj.ok("db", "check").exit_code == 0


def test_imported_journals_are_searchable(netj, journal, tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_bytes(netj.ok("export", "--jsonl").stdout_bytes)
    other = tmp_path / "other.db"
    netj.ok("--db", str(other), "import", str(export))
    assert netj.json("--db", str(other), "search", "budget") == netj.json("search", "budget")


def test_gains_and_referrals_are_searched(netj, journal):
    with writing(journal) as conn:
        conn.execute("UPDATE person SET networks = 'Harbour chamber of commerce' WHERE handle = 'lorraine-chu'")
        conn.execute("INSERT INTO referral (direction, person_id, other_person_id, on_date, note, created_at, updated_at) "
                     "SELECT 'given', a.id, b.id, '2026-11-20', 'Harbour marina owner', 'x', 'x' "
                     "FROM person a, person b WHERE a.handle = 'maya-okafor' AND b.handle = 'ron-park'")
    hits = netj.json("search", "harbour")
    assert sorted((h["type"], h["field"], h["people"]) for h in hits) == [
        ("gains", "networks", ["lorraine-chu"]), ("referral", "note", ["maya-okafor", "ron-park"])]
    assert "networks" in netj.ok("search", "harbour").stdout


@pytest.mark.sqlite_only  # the FTS5 index; PostgreSQL has none to go wrong
def test_db_check_finds_a_wrong_index_and_repair_rebuilds_it(netj, journal):
    assert netj.json("db", "check")["ok"] is True
    with sqlite3.connect(journal) as conn:
        conn.execute("DELETE FROM search_index WHERE rowid IN (SELECT rowid FROM search_index LIMIT 2)")
    result = netj("db", "check", "--json")
    assert result.exit_code == 1
    assert "the search index misses 2 text(s) or has an old copy of them" in result.stderr
    repaired = netj.json("db", "check", "--repair")
    assert repaired["rebuilt_search_index"] is True
    assert netj.json("db", "check")["ok"] is True
    assert len(netj.json("search", "budget")) == 4


# --- completion ------------------------------------------------------------------------


def _ctx(db: Path):
    return SimpleNamespace(find_root=lambda: SimpleNamespace(obj=RootOptions(db=str(db))))


@pytest.mark.parametrize(("typed", "expected"), [
    ("ron", ["ron-park"]), ("Ron", ["ron-park"]), ("Park", ["ron-park"]), ("chu", ["lorraine-chu"]),
    ("OKA", ["maya-okafor"]), ("l", ["lorraine-chu"]), ("zz", []), ("-", []),
])
def test_people_complete_by_handle_or_by_a_word_of_their_name(journal, typed, expected):
    assert [h for h, _ in complete_person(_ctx(journal), typed)] == expected


def test_people_complete_by_a_word_of_their_name_accents_and_case_aside(netj, journal):
    netj.ok("people", "add", "Zoë Ångström")
    netj.ok("people", "add", "Пётр Петров")
    assert [h for h, _ in complete_person(_ctx(journal), "ZOË")] == ["zoe-angstrom"]
    assert [h for h, _ in complete_person(_ctx(journal), "ANGS")] == ["zoe-angstrom"]
    assert [h for h, _ in complete_person(_ctx(journal), "ПЁТР")] == ["петр-петров"]
    assert [h for h, _ in complete_person(_ctx(journal), "%")] == []


def test_names_match_whatever_their_case_on_both_backends(netj, journal):
    netj.ok("people", "add", "Zoë Ångström")
    for ref in ("Zoë Ångström", "ZOË ÅNGSTRÖM", "zoë ångström", "zoe-angstrom"):
        assert netj.json("people", "show", ref)["person"]["handle"] == "zoe-angstrom", ref
    result = netj("people", "show", "Zoe Angstrom")  # accents are not optional in a full name
    assert result.exit_code == 1 and "Did you mean zoe-angstrom" in result.stderr


def test_person_completions_carry_the_name_as_help(journal):
    assert complete_person(_ctx(journal), "Park") == [("ron-park", "Ron Park")]
    assert len(complete_person(_ctx(journal), "")) == 3


def test_completion_never_creates_a_journal(tmp_path):
    missing = tmp_path / "none.db"
    assert complete_person(_ctx(missing), "r") == [] and complete_follow_up(_ctx(missing), "") == []
    assert not missing.exists()


def test_done_completes_open_follow_ups_with_their_promise(netj, journal):
    assert complete_follow_up(_ctx(journal), "") == [
        ("2", "maya-okafor: Send Maya the budget template"), ("1", "ron-park: Send Ron the sailing club intro")]
    netj.ok("done", "2")
    assert [i for i, _ in complete_follow_up(_ctx(journal), "")] == ["1"]
    assert complete_follow_up(_ctx(journal), "2") == [] and complete_follow_up(_ctx(journal), "x") == []


@pytest.mark.parametrize(("words", "cword", "expected"), [
    ("netj people show Park", "3", "ron-park"),
    ("netj search budget --person OKA", "4", "maya-okafor"),
    ("netj done ", "2", "1\n2"),
])
def test_bash_completion_in_a_real_process(journal, words, cword, expected):
    env = {**os.environ, "_NETJ_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword,
           "NETJ_DB": str(journal)}
    code = "from netjournal.cli.main import run; run()"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert sorted(proc.stdout.split()) == expected.split()
