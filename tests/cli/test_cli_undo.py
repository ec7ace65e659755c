"""`netj undo`: every write command is undone the same way, from the rows it
changed (one mechanism, storage/undo); twice steps further back; a write
whose records were changed since is refused whole; another author's work is
never undone; deletions are final. Today is 2026-11-22 (conftest)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

FIX = Path(__file__).parents[1] / "fixtures"


def state(netj) -> dict:
    """What a user can see of the journal: the export, what is due, a search, a scorecard."""
    doc = netj.json("export")
    doc.pop("exported_at")
    return {"export": doc, "due": netj.json("due", "--within", "90d"), "search": netj.json("search", "words"),
            "score": netj.json("score", "--all")}


@pytest.fixture
def journal(netj):
    """Ron and Lorraine met; Maya is paused; a follow-up open and one kept; a referral."""
    netj.ok("people", "add", "Ron Park", "--cadence", "30d", "--tag", "partner", "--note", "Some words")
    netj.ok("people", "add", "Maya Okafor", "--cadence", "45d")
    netj.ok("log", "ron-park", "Lorraine Chu", "--new", "--no-input", "--date", "2026-11-10",
            "--score", "ron-park:listening=1,preparation=2", "--note", "Words were said.",
            "--follow-up", "Send Ron the deck", "--follow-up-with", "ron-park", "--follow-up-on", "2026-11-25",
            "--they-promise", "Intro to his accountant")
    netj.ok("done", "2", "--today", "2026-11-12")
    netj.ok("refer", "given", "ron-park", "--date", "2026-11-11", "--note", "the Hendersons", "--no-input")
    netj.ok("people", "pause", "maya-okafor", "--review-on", "2027-01-10", "--reason", "busy season")
    netj.ok("snooze", "lorraine-chu", "--until", "2026-12-31")
    return netj


def _contacts(tmp_path) -> list[str]:
    return [str(FIX / "google_contacts.csv")]


def _netj_file(tmp_path) -> list[str]:
    path = tmp_path / "other.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"type": "header", "schema_version": 1, "exported_at": "2026-11-22T00:00:00Z"},
        {"type": "person", "id": 1, "handle": "ron-park", "name": "Ron Park", "status": "active",
         "company": "Park Insurance", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
        {"type": "person", "id": 2, "handle": "zoe-angstrom", "name": "Zoë Ångström", "status": "active",
         "cadence": "30d", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
        {"type": "meeting", "id": 1, "date": "2026-11-21", "time": None, "kind": "lunch", "place": None,
         "notes": "Imported words", "created_at": "2026-11-21T00:00:00Z",
         "attendees": [{"person_id": 1, "minutes_late": None, "scores": {"listening": 5}},
                       {"person_id": 2, "minutes_late": 5, "scores": {}}]},
        {"type": "follow_up", "id": 1, "person_id": 2, "meeting_id": 1, "text": "Call Zoë", "due_on": "2026-11-30",
         "done_on": None, "created_at": "2026-11-21T00:00:00Z"},
    ]) + "\n", encoding="utf-8")
    return [str(path)]


WRITES = {
    "log": ["log", "ron-park", "--no-input", "-l", "5", "-P", "5", "--note", "New words", "--follow-up", "Call him",
            "--follow-up-on", "friday"],
    "log --new": ["log", "Dan Whitfield", "lorraine-chu", "--new", "--no-input", "--score", "dan-whitfield:late=5"],
    "meetings edit": ["meetings", "edit", "1", "--date", "2026-11-01", "--time", "9:30", "--place", "Café",
                      "--note", "Other words", "--add", "maya-okafor", "--remove", "lorraine-chu",
                      "--score", "ron-park:listening=5,preparation=4,late=10", "--no-input"],
    "done": ["done", "1"],
    "follow-ups reopen": ["follow-ups", "reopen", "2"],
    "follow-ups edit": ["follow-ups", "edit", "1", "--text", "Send the deck, and words", "--due", "2026-12-01",
                        "--person", "lorraine-chu", "--owed-by", "them"],
    "snooze": ["snooze", "ron-park", "--until", "2w"],
    "people add": ["people", "add", "Zed Young", "--cadence", "30d", "--tag", "new", "--note", "Fresh words"],
    "people edit": ["people", "edit", "ron-park", "--name", "Ronald Park", "--company", "Park Mutual",
                    "--cadence", "2w", "--note", "", "--goals", "More clients", "--handle", "ronald"],
    "people tag": ["people", "tag", "ron-park", "vip", "golf"],
    "people tag --remove": ["people", "tag", "ron-park", "--remove", "partner"],
    "people pause": ["people", "pause", "ron-park", "--review-on", "3m", "--reason", "Too many words"],
    "people archive": ["people", "archive", "lorraine-chu"],
    "people activate": ["people", "activate", "maya-okafor"],
    "gains": ["gains", "ron-park", "--goals", "Double his book", "--skills", "Words"],
    "refer given": ["refer", "given", "lorraine-chu", "--to", "ron-park", "--note", "Good words", "--no-input"],
    "refer update": ["refer", "update", "1", "--outcome", "won", "--value", "1200", "--person", "lorraine-chu",
                     "--note", "Different words"],
    "score --meeting": ["score", "ron-park", "--meeting", "1", "--listening", "4"],
    "import contacts": _contacts,
    "import netj": _netj_file,
}


@pytest.mark.parametrize("command", list(WRITES))
def test_every_write_is_undone_and_the_journal_is_as_it_was(journal, command, tmp_path):
    netj = journal
    before = state(netj)
    args = WRITES[command]
    args = ["import", *args(tmp_path)] if callable(args) else args
    netj.ok(*args)
    assert state(netj) != before, "the write changed nothing to undo"
    listed = netj.json("undo", "--list")[0]
    assert (listed["command"], listed["state"], listed["author"]) == (" ".join(args[:2]) if args[0] in (
        "meetings", "follow-ups", "people", "refer") else args[0], "undoable", "tester")
    done = netj.ok("undo", "--yes")
    assert f"Undid write {listed['id']}" in done.stderr
    assert state(netj) == before
    assert netj.json("undo", "--list")[0]["state"] == "undone"
    assert netj.ok("db", "check").exit_code == 0  # derived dates and the search index are right


def test_undoing_twice_steps_further_back_and_then_there_is_nothing_left(netj):
    empty = netj.json("export")
    netj.ok("people", "add", "Ron Park", "--cadence", "30d")
    one = netj.json("export")
    netj.ok("log", "ron-park", "--no-input", "-l", "2")
    netj.ok("meetings", "edit", "1", "--score", "ron-park:listening=4")
    assert [w["command"] for w in netj.json("undo", "--list")] == ["meetings edit", "log", "people add"]
    netj.ok("undo", "--yes")
    assert netj.json("meetings", "show", "1")["meeting"]["attendees"][0]["scores"]["listening"] == 2
    netj.ok("undo", "--yes")
    assert netj.json("export")["meetings"] == [] and netj.json("export")["people"] == one["people"]
    netj.ok("undo", "--yes")
    for doc in (netj.json("export"), empty):
        doc.pop("exported_at")
    assert netj.json("export") | {"exported_at": None} == empty | {"exported_at": None}
    result = netj("undo", "--yes")
    assert result.exit_code == 1 and result.stderr.startswith("Error: there is nothing by tester to undo.")
    assert [w["state"] for w in netj.json("undo", "--list")] == ["undone", "undone", "undone"]


def test_a_write_whose_records_were_changed_since_is_refused_whole(netj):
    netj.ok("log", "Ron Park", "--new", "--no-input", "--note", "Mine")
    netj.ok("meetings", "edit", "1", "--note", "Bo's words", env={"NETJ_USER": "Bo Chan"})
    before = netj.json("export")
    result = netj("undo", "--yes")
    assert result.exit_code == 1
    assert ("Error: meeting 1 (coffee on 2026-11-22) was changed since by write 2 (netj meetings edit, Bo Chan, "
            "2026-11-22T00:00:00Z); undoing write 1 (netj log, tester, 2026-11-22T00:00:00Z) would undo that too; "
            "nothing was undone.") in result.stderr
    assert netj.json("export") == before
    dry = netj("undo", "--dry-run", "--json")  # the plan, and exit 1: a script knows it would be refused
    plan = json.loads(dry.stdout)
    assert dry.exit_code == 1 and plan["blocked"].startswith("meeting 1 (coffee on 2026-11-22) was changed since by write 2")
    # Bo undoes his; then yours can go
    netj.ok("undo", "--yes", env={"NETJ_USER": "Bo Chan"})
    netj.ok("undo", "--yes")
    assert netj.json("meetings", "list") == []


def test_each_author_undoes_their_own_writes_and_never_anyone_elses(netj):
    netj.ok("people", "add", "Ron Park", "--cadence", "30d", env={"NETJ_USER": "Bo Chan"})
    netj.ok("log", "ron-park", "--date", "2026-11-10", "--no-input", "-l", "2")  # yours
    netj.ok("log", "ron-park", "--date", "2026-11-20", "--no-input", "-l", "5", env={"NETJ_USER": "Bo Chan"})
    plan = netj.json("undo", "--dry-run")
    assert (plan["write"]["id"], plan["write"]["author"]) == (2, "tester")
    netj.ok("undo", "--yes")  # Ron's row was changed since by Bo's log: only his derived dates, recomputed
    meetings = netj.json("meetings", "list")
    assert [(m["id"], m["author"]) for m in meetings] == [(2, "Bo Chan")]
    ron = netj.json("people", "show", "ron-park")["person"]
    assert (ron["last_contact_on"], ron["next_due_on"]) == ("2026-11-20", "2026-12-20")
    assert netj.json("score", "ron-park")["scored_meetings"] == 1
    result = netj("undo", "--yes")
    assert result.exit_code == 1 and "nothing by tester to undo" in result.stderr
    assert [w["state"] for w in netj.json("undo", "--list")] == ["undoable", "undone", "undoable"]


def test_an_undo_that_would_reach_a_row_added_since_is_refused(netj):
    netj.ok("people", "add", "Ron Park", "--cadence", "30d")
    netj.ok("log", "ron-park", "--no-input", env={"NETJ_USER": "Bo Chan"})  # Bo meets the person you added
    result = netj("undo", "--yes")
    assert result.exit_code == 1
    assert ("undoing write 1 (netj people add, tester, 2026-11-22T00:00:00Z) would also change ron-park at "
            "meeting 1, written since by write 2 (netj log, Bo Chan") in result.stderr
    assert [p["handle"] for p in netj.json("people", "list")] == ["ron-park"]


def test_deletions_are_final_undo_skips_them_and_says_so(netj, db_path):
    netj.ok("people", "add", "Ron Park", "--cadence", "30d")
    netj.ok("log", "ron-park", "--no-input", "--note", "Marzipan and secrets")
    netj.ok("meetings", "edit", "1", "--note", "Zanzibar and more secrets")
    netj.ok("log", "ron-park", "--no-input", "--date", "2026-11-01")
    netj.ok("meetings", "rm", "1", "--yes")
    assert [(w["command"], w["state"]) for w in netj.json("undo", "--list")] == [
        ("meetings rm", "final"), ("log", "undoable"), ("meetings edit", "gone"), ("log", "gone"),
        ("people add", "undoable")]
    plan = netj.json("undo", "--dry-run")
    assert (plan["write"]["id"], [s["command"] for s in plan["skipped"]]) == (4, ["meetings rm"])
    result = netj.ok("undo", "--yes")
    assert "(your later write 5, netj meetings rm, is final: it cannot be undone, deletions are final)" in result.stderr
    assert netj.json("meetings", "list") == []
    assert netj.json("undo", "--dry-run")["write"]["command"] == "people add"  # the gone ones are skipped too
    if not isinstance(db_path, str):  # SQLite: the old wordings the record kept are gone from the file too
        with sqlite3.connect(db_path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = db_path.read_bytes()
        assert b"Marzipan" not in data and b"Zanzibar" not in data


def test_forget_empties_the_record_and_its_old_wordings(netj, db_path):
    netj.ok("log", "Ron Park", "--new", "--no-input", "--note", "Marzipan")
    netj.ok("meetings", "edit", "1", "--note", "Kept")
    refused = netj("undo", "--forget", "--json")  # in a script it asks for --yes, as the rm commands do
    assert refused.exit_code == 2 and "Pass --yes to confirm." in refused.stderr and refused.stdout == ""
    result = netj.ok("undo", "--forget", "--yes", "--json")
    assert json.loads(result.stdout) == {"forgotten": 2}
    assert "Forgot 2 writes: nothing written until now can be undone." in result.stderr
    assert [(w["command"], w["state"]) for w in netj.json("undo", "--list")] == [("undo", "final")]
    assert netj("undo", "--yes").exit_code == 1
    if not isinstance(db_path, str):
        with sqlite3.connect(db_path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert b"Marzipan" not in db_path.read_bytes()


def test_an_import_is_undone_whole_and_only_while_nothing_written_after_it_stands(netj, tmp_path):
    netj.ok("people", "add", "Lorraine Chu", "--email", "lorraine@chu-partners.example")
    before = netj.json("export")
    summary = netj.json("import", str(FIX / "google_contacts.csv"), "--tag", "google")
    assert summary["created"] >= 1 and summary["merged"] == 1
    netj.ok("log", "lorraine-chu", "--no-input", env={"NETJ_USER": "Bo Chan"})
    dry = netj("undo", "--dry-run", "--json")
    plan = json.loads(dry.stdout)
    assert dry.exit_code == 1
    assert plan["write"]["command"] == "import" and plan["removed_ranges"]["person"][2] == summary["created"]
    assert plan["blocked"].startswith("an import is undone whole, and only while nothing written after it stands")
    netj.ok("undo", "--yes", env={"NETJ_USER": "Bo Chan"})
    netj.ok("undo", "--yes")
    after = netj.json("export")
    before.pop("exported_at"), after.pop("exported_at")
    assert after == before


def test_what_undo_is_asked_is_checked_and_nothing_changes_without_a_yes(netj, monkeypatch):
    assert netj.json("undo", "--list") == []
    assert "No writes are kept to undo." in netj.ok("undo", "--list").stdout
    result = netj("undo")
    assert result.exit_code == 1 and "nothing by tester to undo" in result.stderr
    netj.ok("log", "Ron Park", "--new", "--no-input")
    before = netj.json("export")
    result = netj("undo", "--no-input")
    assert result.exit_code == 2 and "Pass --yes to confirm, or --dry-run to see it only." in result.stderr
    dry = netj.ok("undo", "--dry-run")
    assert "Undo write 1: netj log by tester" in dry.stdout and "remove   meeting 1 (coffee on 2026-11-22)" in dry.stdout
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    result = netj("undo", input="n\n")
    assert result.exit_code == 1 and "Nothing was undone." in result.stderr
    assert netj.json("export") == before | {"exported_at": netj.json("export")["exported_at"]}
    for args in (["--list", "--forget"], ["--dry-run", "--yes"], ["--list", "--dry-run"]):
        bad = netj("undo", *args)
        assert bad.exit_code == 2 and "choose one of --list, --dry-run and --forget" in bad.stderr
    assert netj.ok("undo", input="y\n").exit_code == 0
    assert netj.json("meetings", "list") == []


def test_an_undo_confirmed_on_a_journal_that_changed_meanwhile_is_refused(netj):
    from netjournal.app.undo import undo_plan
    from netjournal.app.write.undo import undo_last
    from netjournal.cli.context import journal
    from netjournal.errors import Conflict
    from netjournal.render.core import Output
    from netjournal.settings.env import resolve

    netj.ok("log", "Ron Park", "--new", "--no-input")
    netj.ok("people", "edit", "ron-park", "--company", "Park Insurance")
    s = resolve()
    with journal(s, Output(), "undo") as j:
        seen = undo_plan(j, "tester")
        netj.ok("people", "edit", "ron-park", "--title", "Broker")  # someone writes while you read the plan
        with pytest.raises(Conflict, match=r"the journal changed while you were confirming; nothing was undone\."):
            undo_last(j, "tester", now=s.now, expected=seen)
    assert netj.json("people", "show", "ron-park")["person"]["title"] == "Broker"
