"""`netj import` end to end: round trips, no duplicates, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backends import counts, no_file, writing
from netjournal.domain.vocab import GAINS
from v3_rows import GOALS, add_v3_rows

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

FIX = Path(__file__).parents[1] / "fixtures"
V3_SECTIONS = ("referrals", "decisions", "gains_changes")


def export(netj, *args) -> dict:
    return json.loads(netj.ok("export", "--json", *args).stdout)


def v3_counts(summary: dict, what: str) -> tuple[int, int, int]:
    return tuple(summary[f"{s}_{what}"] for s in V3_SECTIONS)


@pytest.fixture
def demo_export(netj, tmp_path):
    """The demo journal, with referrals, decisions and GAINS, exported as JSON and JSONL files."""
    demo = tmp_path / "demo.db"
    netj.ok("--db", str(demo), "demo")
    add_v3_rows(demo)
    paths = {}
    for flag in ("--json", "--jsonl"):
        path = tmp_path / f"demo{flag[1:]}"
        path.write_bytes(netj.ok("--db", str(demo), "export", flag).stdout_bytes)
        paths[flag] = path
    return paths


@pytest.mark.parametrize("flag", ["--json", "--jsonl"])
def test_round_trip_into_an_empty_journal_is_identical(netj, demo_export, flag, tmp_path):
    original = json.loads(demo_export["--json"].read_text())
    summary = netj.json("import", str(demo_export[flag]))
    assert (summary["created"], summary["meetings_created"], summary["follow_ups_created"]) == (7, 11, 4)
    assert v3_counts(summary, "created") == (2, 2, 3)
    assert summary["ids_kept"] is True
    again = export(netj)
    original.pop("exported_at"), again.pop("exported_at")
    assert all(original[s] for s in V3_SECTIONS)
    assert again == original


def test_reimport_creates_no_duplicates(netj, demo_export, db_path):
    netj.ok("import", str(demo_export["--json"]))
    before = export(netj)
    summary = netj.json("import", str(demo_export["--jsonl"]))
    assert (summary["created"], summary["merged"], summary["unchanged"]) == (0, 0, 7)
    assert (summary["meetings_created"], summary["meetings_skipped"], summary["follow_ups_skipped"]) == (0, 11, 4)
    assert (v3_counts(summary, "created"), v3_counts(summary, "skipped")) == ((0, 0, 0), (2, 2, 3))
    after = export(netj)
    before.pop("exported_at"), after.pop("exported_at")
    assert after == before


def test_netj_export_merges_into_a_journal_with_data(netj, demo_export, db_path):
    netj.ok("people", "add", "Lorraine Chu", "--email", "LORRAINE@chu-partners.example", "--company", "Mine")
    netj.ok("people", "add", "Someone Else")
    summary = netj.json("import", str(demo_export["--jsonl"]))
    assert summary["ids_kept"] is False
    assert (summary["created"], summary["merged"]) == (6, 1)
    people = {p["handle"]: p for p in export(netj)["people"]}
    assert people["lorraine-chu"]["company"] == "Mine"  # never overwritten
    assert "partner" in people["lorraine-chu"]["tags"]  # tags added
    assert people["lorraine-chu"]["last_contact_on"] == "2026-10-19"  # her clock moved
    assert counts(db_path) == (8, 11, 4)


def test_merge_remaps_referrals_decisions_and_gains_and_fills_only_empty_gains(netj, demo_export, db_path):
    netj.ok("people", "add", "Someone Else")  # takes id 1: every id of the file moves
    netj.ok("people", "add", "Lorraine Chu", "--email", "lorraine@chu-partners.example")
    with writing(db_path) as c:
        c.execute("UPDATE person SET interests = 'Golf' WHERE handle = 'lorraine-chu'")
    summary = netj.json("import", str(demo_export["--json"]))
    assert summary["ids_kept"] is False and v3_counts(summary, "created") == (2, 2, 3)
    lorraine = next(i for i in summary["items"] if i["handle"] == "lorraine-chu")
    assert lorraine["action"] == "merged" and "goals" in lorraine["detail"] and "skills" in lorraine["detail"]
    d = export(netj)
    people = {p["handle"]: p for p in d["people"]}
    assert (people["lorraine-chu"]["goals"], people["lorraine-chu"]["interests"]) == (GOALS, "Golf")  # not "Sailing"
    assert "interests" not in lorraine["detail"]
    given = next(r for r in d["referrals"] if r["direction"] == "given")
    assert (given["person_id"], given["other_person_id"]) == (people["lorraine-chu"]["id"], people["maya-okafor"]["id"])
    assert (given["person"], given["other_person"], given["value"]) == ("lorraine-chu", "maya-okafor", 1250.5)
    assert {x["person"] for x in d["decisions"]} == {"priya-natarajan"}
    assert {g["person_id"] for g in d["gains_changes"]} == {people["lorraine-chu"]["id"]}
    assert [f["owed_by"] for f in d["follow_ups"]] == ["them", "me", "me", "me"]


def test_an_export_made_before_schema_v3_imports_with_the_new_fields_at_their_defaults(netj, tmp_path):
    old = FIX / "journal-v1.export.json"  # no birthday, GAINS, owed_by, nor the three new sections
    lines = old.read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "]}" and '"referrals"' not in old.read_text(encoding="utf-8")
    original = json.loads(old.read_text(encoding="utf-8"))
    jsonl = tmp_path / "old.jsonl"
    jsonl.write_text("".join(json.dumps({"type": kind, **r}, ensure_ascii=False) + "\n" for kind, r in
                             [("header", {"schema_version": 1, "exported_at": original["exported_at"]})]
                             + [(kind, r) for kind, section in (("person", "people"), ("meeting", "meetings"),
                                                               ("follow_up", "follow_ups")) for r in original[section]]),
                     encoding="utf-8")
    for i, path in enumerate((old, jsonl)):
        db = str(tmp_path / f"restored-{i}.db")
        summary = netj.json("--db", db, "import", str(path))
        assert (summary["created"], summary["meetings_created"], summary["follow_ups_created"]) == (8, 12, 3)
        assert v3_counts(summary, "created") == (0, 0, 0)
        again = export(netj, "--db", db)
        assert all(again[s] == [] for s in V3_SECTIONS)
        assert all(f["owed_by"] == "me" for f in again["follow_ups"])
        assert all(p["birthday"] is None and all(p[g] is None for g in GAINS) for p in again["people"])
        strip = lambda rows, extra: [{k: v for k, v in r.items() if k not in extra} for r in rows]  # noqa: E731
        assert strip(again["people"], ("birthday", *GAINS)) == original["people"]
        # nor authors (schema v5): null, and no scorer for the scores
        assert all(m["author"] is None and all(a["scored_by"] == {} for a in m["attendees"]) for m in again["meetings"])
        assert [{**strip([m], ("author",))[0], "attendees": strip(m["attendees"], ("scored_by",))}
                for m in again["meetings"]] == original["meetings"]
        assert all(f["author"] is None for f in again["follow_ups"])
        assert strip(again["follow_ups"], ("owed_by", "author")) == original["follow_ups"]


V3_LINE = {
    "referral": {"id": 1, "direction": "given", "person_id": 1, "person": "a", "other_person_id": 2,
                 "other_person": "b", "date": "2026-03-01", "note": None, "outcome": "open", "outcome_on": None,
                 "value": None, "created_at": "2026-03-01T00:00:00Z", "updated_at": "2026-03-01T00:00:00Z"},
    "decision": {"id": 1, "person_id": 1, "person": "a", "date": "2026-03-01", "status": "paused",
                 "review_on": "2026-06-01", "reason": None, "created_at": "2026-03-01T00:00:00Z"},
    "gains_change": {"id": 1, "person_id": 1, "person": "a", "field": "goals", "value": "More clients",
                     "date": "2026-03-01", "created_at": "2026-03-01T00:00:00Z"},
}


def _v3_file(path: Path, kind: str, change: dict, extra: str = "") -> None:
    people = "".join(json.dumps({"type": "person", "id": i, "handle": h, "name": h.upper(), "status": "active",
                                 "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}) + "\n"
                     for i, h in ((1, "a"), (2, "b")))
    record = {"type": kind, **{k: v for k, v in {**V3_LINE[kind], **change}.items() if v != "DROP"}}
    path.write_text('{"type":"header","schema_version":1,"exported_at":"2026-11-22T00:00:00Z"}\n' + people + extra
                    + json.dumps(record) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("kind", "change", "fragment"), [
    ("referral", {"direction": "sideways"}, "line 4: direction 'sideways' is not one of given, received"),
    ("referral", {"other_person_id": 1}, "line 4: other_person_id is the same as person_id"),
    ("referral", {"other_person_id": 9}, "line 4: other_person_id 9 is not a person of the file"),
    ("referral", {"value": -5}, "line 4: value -5 is not a number of zero or more"),
    ("referral", {"value": "lots"}, "line 4: value 'lots' is not a number"),
    ("referral", {"outcome": "DROP"}, "line 4: outcome is missing"),
    ("referral", {"date": "2026-02-30"}, "line 4: date '2026-02-30' is not a date"),
    ("decision", {"status": "dropped"}, "line 4: status 'dropped' is not one of active, paused, archived"),
    ("decision", {"person_id": 3}, "line 4: person_id 3 is not a person of the file"),
    ("decision", {"created_at": "yesterday"}, "line 4: created_at 'yesterday' is not a UTC timestamp"),
    ("gains_change", {"field": "hobbies"}, "line 4: field 'hobbies' is not one of goals, accomplishments"),
    ("gains_change", {"value": 5}, "line 4: value is not a string"),
    ("referral", {"note": "bad\x00note"}, "line 4: note contains a NUL byte"),
    ("gains_change", {"value": "x\x00"}, "line 4: value contains a NUL byte"),
])
@pytest.mark.parametrize("into", ["empty", "with data"])
def test_bad_v3_records_are_rejected_with_their_line_and_nothing_written(netj, db_path, tmp_path, kind, change,
                                                                         fragment, into):
    if into == "with data":
        netj.ok("people", "add", "Keeper")
    path = tmp_path / "bad.jsonl"
    _v3_file(path, kind, change)
    result = netj("import", str(path))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: bad.jsonl, " + fragment)  # after "Created a new journal"
    assert result.stderr.count("Error") == 1 and result.stderr.endswith("; nothing was imported.\n")
    assert result.stdout == ""
    assert no_file(db_path) or counts(db_path) == ((1, 0, 0) if into == "with data" else (0, 0, 0))


def test_v3_records_out_of_order_and_twice_are_rejected(netj, tmp_path):
    path = tmp_path / "bad.jsonl"
    follow_up = json.dumps({"type": "follow_up", "id": 1, "person_id": 1, "text": "x", "due_on": "2026-03-02",
                            "created_at": "2026-03-01T00:00:00Z"}) + "\n"
    _v3_file(path, "referral", {}, extra=follow_up)
    path.write_text(path.read_text() + follow_up)  # a follow-up after the referral
    result = netj("import", str(path))
    assert result.exit_code == 1 and "line 6: a follow_up record after the referral records" in result.stderr
    _v3_file(path, "decision", {}, extra=json.dumps({"type": "decision", **V3_LINE["decision"]}) + "\n")
    result = netj("import", str(path))
    assert result.exit_code == 1 and "line 5: decision id 1 appears twice" in result.stderr


def test_linkedin_import_then_reimport(netj, db_path):
    path = str(FIX / "linkedin_connections.csv")
    result = netj.ok("import", path)
    assert "created 5, merged 0, skipped 1" in result.stderr
    assert "line 10: no name" in result.stderr
    assert result.stdout == ""
    people = {p["handle"]: p for p in export(netj)["people"]}
    assert people["jose-garcia"]["name"] == "José García"
    assert all(p["cadence"] is None and p["next_due_on"] is None for p in people.values())
    assert json.loads(netj.ok("due", "--json").stdout) == []
    again = netj.json("import", path)
    assert (again["created"], again["merged"], again["unchanged"], again["skipped"]) == (0, 0, 5, 1)
    assert counts(db_path)[0] == 5


def test_cadence_and_tag_apply_to_the_people_created(netj):
    netj.ok("import", str(FIX / "linkedin_connections_old.csv"), "--cadence", "90d", "--tag", "Chamber 2026")
    people = export(netj)["people"]
    assert {p["cadence"] for p in people} == {"90d"}
    assert all("chamber-2026" in p["tags"] for p in people)
    assert {p["next_due_on"] for p in people} == {"2027-02-20"}


def test_match_fills_empty_fields_and_never_overwrites(netj):
    netj.ok("people", "add", "Ron Park", "--email", "RON@parkinsurance.example", "--title", "Chief Broker")
    summary = netj.json("import", str(FIX / "outlook_contacts.csv"))
    ron = next(i for i in summary["items"] if i["handle"] == "ron-park")
    assert ron["action"] == "merged" and "company" in ron["detail"]
    (person,) = [p for p in export(netj)["people"] if p["handle"] == "ron-park"]
    assert (person["title"], person["company"], person["tags"]) == ("Chief Broker", "Park Insurance", ["prospects"])


def test_same_name_without_identity_is_not_merged_nor_duplicated(netj):
    netj.ok("people", "add", "Maya Okafor", "--email", "maya@elsewhere.example")
    netj.ok("people", "add", "Priya Natarajan")
    summary = netj.json("import", str(FIX / "linkedin_connections_old.csv"))
    actions = {i["name"]: i["action"] for i in summary["items"]}
    assert actions == {"Maya Okafor": "created", "Priya Natarajan": "skipped"}  # Maya has a different email


def test_dry_run_writes_nothing_and_prints_the_plan(netj, db_path):
    netj.ok("people", "add", "Someone")
    result = netj.ok("import", str(FIX / "google_contacts.csv"), "--dry-run")
    assert result.stdout.splitlines()[0].startswith("created\tline 2\tLorraine Chu (lorraine-chu)")
    assert "skipped\tline 7" in result.stdout
    assert "Dry run, nothing written" in result.stderr
    assert counts(db_path) == (1, 0, 0)


@pytest.mark.parametrize("content, fragment", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"Name,Phone\nRon,123\n", "not a netj export"),  # the .json name is the last clue
    (b'{"schema_version":1,"exported_at":"2026-11-22T00:00:00Z",\n"people":[\n{"id":1,', "line 3"),
    (b'{"type":"header","schema_version":1}\n{"type":"person","id":1,"handle":"a","name":"A","status":"active",'
     b'"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}\n'
     b'{"type":"meeting","id":1,"date":"2026-02-30","kind":"coffee","attendees":[],"created_at":"x"}\n', "line 3: date"),
    (b'{"type":"header","schema_version":2}\n', "schema_version"),
])
def test_bad_files_are_rejected_with_one_line_and_nothing_written(netj, db_path, tmp_path, content, fragment):
    netj.ok("people", "add", "Keeper")
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = netj("import", str(path), "--format", "auto" if b"{" not in content[:1] else "netj")
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: bad.json")
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert counts(db_path) == (1, 0, 0)


def test_a_pipe_is_refused_with_one_line_not_a_traceback(netj, db_path, tmp_path):
    import os

    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # keeps the read end from blocking on open
    try:
        result = netj("import", str(fifo))
    finally:
        os.close(writer)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == ("Error: export.json: is a pipe, not a file; save it to a file and "
                                              "import that. Nothing was imported.")


def test_a_broken_row_late_in_the_file_rolls_back_everything(netj, db_path, tmp_path):
    data = (FIX / "linkedin_connections.csv").read_bytes() + b'Eve,Late,,,,"unterminated\r\n'
    path = tmp_path / "Connections.csv"
    path.write_bytes(data)
    result = netj("import", str(path))
    assert result.exit_code == 1
    assert "Connections.csv, line 12" in result.stderr
    assert no_file(db_path) or counts(db_path) == (0, 0, 0)


def test_wrong_encoding_is_rejected_with_a_hint_then_accepted(netj, db_path):
    path = str(FIX / "outlook_semicolon_cp1252.csv")
    result = netj("import", path)
    assert result.exit_code == 1 and "--encoding cp1252" in result.stderr
    netj.ok("import", path, "--encoding", "cp1252")
    assert [p["name"] for p in export(netj)["people"]] == ["Søren Müller"]


def test_usage_errors_exit_2(netj, tmp_path):
    assert netj("import", str(tmp_path / "missing.csv")).exit_code == 2
    assert netj("import", str(FIX / "google_contacts.csv"), "--format", "xls").exit_code == 2
    assert netj("import", str(FIX / "google_contacts.csv"), "--cadence", "often").exit_code == 2


def test_vcard_import(netj):
    netj.ok("import", str(FIX / "contacts_mixed.vcf"))
    people = {p["name"]: p for p in export(netj)["people"]}
    assert people["Lorraine Chu"]["birthday"] == "--03-14"
    assert people["José García"]["notes"].startswith("Primera línea\nSegunda")
    assert "=C3" not in json.dumps(people, ensure_ascii=False)


@pytest.mark.sqlite_only  # a server's database exists already
def test_dry_run_on_a_journal_that_does_not_exist_yet_creates_nothing(netj, db_path):
    result = netj.ok("import", str(FIX / "google_contacts.csv"), "--dry-run")
    assert "Dry run, nothing written" in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("big", [2**59, 2**63 - 1, 0, -4])
def test_an_id_netj_cannot_keep_is_refused_in_one_line(netj, tmp_path, big):
    """The search index addresses texts by id * 16 in a 64-bit rowid: larger ids
    (and ids below 1) are refused by name, not as "a meeting id appears twice"."""
    doc = json.loads((FIX / "journal-v1.export.json").read_text(encoding="utf-8"))
    doc["meetings"][0]["id"] = big
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = netj("--db", str(tmp_path / "t.db"), "import", str(path))
    assert result.exit_code == 1
    assert f"id {big} is not a record id netj can keep (1 to {2**59 - 1})" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("into", ["empty", "with data"])
def test_a_meeting_dated_after_today_is_refused_as_netj_log_refuses_it(netj, db_path, tmp_path, into):
    if into == "with data":
        netj.ok("people", "add", "Keeper")
    path = tmp_path / "future.jsonl"
    _v3_file(path, "decision", {}, extra="".join(json.dumps(
        {"type": "meeting", "id": i, "date": day, "time": None, "kind": "coffee", "place": None, "notes": "plans",
         "created_at": "2026-11-01T00:00:00Z", "attendees": [{"person_id": 1, "minutes_late": None, "scores": {}}]})
        + "\n" for i, day in ((1, "2026-11-22"), (2, "2026-11-23"))))
    result = netj("import", str(path))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Error: future.jsonl, line 5: the meeting date 2026-11-23 is after today (2026-11-22); netj records what "
        "happened; nothing was imported.")
    assert no_file(db_path) or counts(db_path) == ((1, 0, 0) if into == "with data" else (0, 0, 0))
    ok = netj.json("--today", "2026-11-23", "import", str(path))  # on the day itself it happened
    assert ok["meetings_created"] == 2


def test_a_copy_keeps_a_meeting_dated_after_today_that_a_journal_already_holds(netj, db_path, tmp_path):
    """The rule is for what is recorded from now on: a journal holding such a
    meeting (logged before netj refused them) is still copied and backed up."""
    netj.ok("log", "Ron Park", "--new", "--no-input")
    with writing(db_path) as conn:
        conn.execute("UPDATE meeting SET on_date = '2027-01-01'")
        conn.execute("UPDATE attendance SET on_date = '2027-01-01'")
    target = tmp_path / "copy.db"
    netj.ok("db", "copy", "--to", str(target))
    assert [m["date"] for m in netj.json("--db", str(target), "export")["meetings"]] == ["2027-01-01"]
