"""`netj import` end to end: round trips, no duplicates, all or nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

FIX = Path(__file__).parent / "fixtures"


def export(netj, *args) -> dict:
    return json.loads(netj.ok("export", "--json", *args).stdout)


def counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as c:
        return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("person", "meeting", "follow_up"))


@pytest.fixture
def demo_export(netj, tmp_path):
    """The demo journal's export as JSON and JSONL files."""
    demo = tmp_path / "demo.db"
    netj.ok("--db", str(demo), "demo")
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
    assert (summary["created"], summary["meetings_created"], summary["follow_ups_created"]) == (7, 11, 3)
    assert summary["ids_kept"] is True
    again = export(netj)
    original.pop("exported_at"), again.pop("exported_at")
    assert again == original


def test_reimport_creates_no_duplicates(netj, demo_export, db_path):
    netj.ok("import", str(demo_export["--json"]))
    before = export(netj)
    summary = netj.json("import", str(demo_export["--jsonl"]))
    assert (summary["created"], summary["merged"], summary["unchanged"]) == (0, 0, 7)
    assert (summary["meetings_created"], summary["meetings_skipped"], summary["follow_ups_skipped"]) == (0, 11, 3)
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
    before = db_path.read_bytes()
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


def test_a_broken_row_late_in_the_file_rolls_back_everything(netj, db_path, tmp_path):
    data = (FIX / "linkedin_connections.csv").read_bytes() + b'Eve,Late,,,,"unterminated\r\n'
    path = tmp_path / "Connections.csv"
    path.write_bytes(data)
    result = netj("import", str(path))
    assert result.exit_code == 1
    assert "Connections.csv, line 12" in result.stderr
    assert not db_path.exists() or counts(db_path) == (0, 0, 0)


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


def test_dry_run_on_a_journal_that_does_not_exist_yet_creates_nothing(netj, db_path):
    result = netj.ok("import", str(FIX / "google_contacts.csv"), "--dry-run")
    assert "Dry run, nothing written" in result.stderr
    assert not db_path.exists()
