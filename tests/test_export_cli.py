"""`netj export` through the CLI: formats, filters, files, and round trips."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest

from netjournal.formats import csv_tables


@pytest.fixture
def demo(netj, db_path):
    netj.ok("--db", str(db_path), "demo")
    return netj


def doc(netj, *args) -> dict:
    return json.loads(netj.ok("export", *args).stdout)


# --- choosing a format --------------------------------------------------------------------


@pytest.mark.parametrize("args", [(), ("--json",), ("--format", "json"), ("--format", "JSON", "--json")])
def test_json_is_the_default_and_json_is_an_alias(demo, args):
    assert demo.ok("export", *args).stdout == demo.ok("export", "--format", "json").stdout


def test_jsonl_alias(demo):
    assert demo.ok("export", "--jsonl").stdout == demo.ok("export", "-f", "jsonl").stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--json", "--jsonl"), "choose one format: --json and --jsonl disagree."),
    (("--format", "csv", "--json"), "choose one format: --format csv and --json disagree."),
    (("--jsonl", "--format", "vcard"), "choose one format: --format vcard and --jsonl disagree."),
    (("--format", "xml"), "--format: 'xml' is not one of json, jsonl, csv, vcard."),
    (("--table", "meetings"), "--table goes with --format csv."),
    (("--format", "csv", "--table", "scores"), "--table: 'scores' is not one of people, meetings, follow-ups."),
    (("--since", "someday"), "--since:"),
    (("--tag", "a,b"), "--tag:"),
])
def test_bad_choices_are_usage_errors(demo, args, message):
    r = demo("export", *args)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.startswith("Error: " + message) and r.stderr.count("\n") == 1


def test_unknown_person_is_a_data_error_and_prints_nothing(demo):
    r = demo("export", "--person", "lorraine-chu", "--person", "nobody-here")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.startswith("Error: no person matches 'nobody-here'.") and r.stderr.count("\n") == 1


# --- filters ----------------------------------------------------------------------------------


def test_person_filter_keeps_their_meetings_and_the_people_those_meetings_name(demo):
    d = doc(demo, "--person", "lorraine-chu")
    meetings = d["meetings"]
    assert meetings and all(any(a["person"] == "lorraine-chu" for a in m["attendees"]) for m in meetings)
    attendees = {a["person"] for m in meetings for a in m["attendees"]}
    assert {p["handle"] for p in d["people"]} == attendees | {"lorraine-chu"}
    assert "maya-okafor" in attendees  # met together at the chamber breakfast
    assert all(f["person"] == "lorraine-chu" for f in d["follow_ups"])
    whole = doc(demo)
    assert [m for m in whole["meetings"] if m in meetings] == meetings  # same records, same order


def test_tag_filter(demo):
    d = doc(demo, "--tag", "finance")
    whole = doc(demo)
    finance = {p["handle"] for p in whole["people"] if "finance" in p["tags"]}
    assert finance <= {p["handle"] for p in d["people"]}
    assert all(any(a["person"] in finance for a in m["attendees"]) for m in d["meetings"])
    assert {f["person"] for f in d["follow_ups"]} <= finance


def test_since_keeps_recent_meetings_and_who_they_concern(demo):
    d = doc(demo, "--since", "2026-11-01")
    assert d["meetings"] and all(m["date"] >= "2026-11-01" for m in d["meetings"])
    referenced = {a["person_id"] for m in d["meetings"] for a in m["attendees"]} | {f["person_id"] for f in d["follow_ups"]}
    assert {p["id"] for p in d["people"]} == referenced
    ids = {m["id"] for m in d["meetings"]}
    assert all(f["meeting_id"] in ids or f["meeting_id"] is None for f in d["follow_ups"])


def test_filters_combine(demo):
    d = doc(demo, "--person", "lorraine-chu", "--since", "2026-09-01")
    assert d["meetings"] and all(m["date"] >= "2026-09-01" for m in d["meetings"])
    assert all(any(a["person"] == "lorraine-chu" for a in m["attendees"]) for m in d["meetings"])


def test_a_filter_that_matches_nothing_is_an_empty_valid_document(demo):
    d = doc(demo, "--since", "2030-01-01")
    assert (d["people"], d["meetings"], d["follow_ups"]) == ([], [], [])


@pytest.mark.parametrize("args", [("--person", "lorraine-chu"), ("--tag", "partner"), ("--since", "2026-10-01"),
                                  ("--person", "ron-park", "--jsonl")])
def test_a_filtered_export_imports_into_an_empty_journal_and_exports_the_same(demo, tmp_path, args):
    path = tmp_path / "slice.json"
    demo.ok("export", *args, "-o", str(path))
    other = str(tmp_path / "other.db")
    demo.ok("--db", other, "import", str(path))
    again = demo.ok("--db", other, "export", *(("--jsonl",) if "--jsonl" in args else ())).stdout
    assert again == path.read_text(encoding="utf-8")


# --- files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "vcard"])
def test_output_file_is_private_and_matches_stdout(demo, tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    r = demo.ok("export", "--format", fmt, "--output", str(path))
    assert r.stdout == ""
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_bytes() == demo.ok("export", "--format", fmt).stdout_bytes
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- CSV and vCard through the CLI ----------------------------------------------------------------


def test_csv_tables_read_back_with_dictreader(demo):
    whole = doc(demo)
    people = list(csv.DictReader(io.StringIO(demo.ok("export", "--format", "csv").stdout.removeprefix("\ufeff"))))
    assert [r["handle"] for r in people] == [p["handle"] for p in whole["people"]]
    assert [csv_tables.unescape(r["name"]) for r in people] == [p["name"] for p in whole["people"]]
    rows = list(csv.DictReader(io.StringIO(
        demo.ok("export", "--format", "csv", "--table", "meetings").stdout.removeprefix("\ufeff"))))
    assert len(rows) == sum(len(m["attendees"]) for m in whole["meetings"])
    fus = list(csv.DictReader(io.StringIO(
        demo.ok("export", "-f", "csv", "--table", "follow-ups").stdout.removeprefix("\ufeff"))))
    assert [csv_tables.unescape(r["text"]) for r in fus] == [f["text"] for f in whole["follow_ups"]]


VCARD_FIELDS = ("name", "company", "title", "email", "phone", "url", "notes", "birthday", "tags")


def test_vcard_round_trip_through_netj_import(netj, tmp_path):
    netj.ok("people", "add", "Tomás Herrera", "--company", "Banco; Norte, S.A.", "--title", "Banker",
            "--email", "tomas@banconorte.example", "--phone", "+34 600 000 000",
            "--url", "https://www.linkedin.com/in/tomas", "--tag", "finance", "--tag", "partner",
            "--note", "Line one,\nline two; with \\ backslash and a very long tail " + "é" * 80)
    netj.ok("people", "add", "Ann Lee", "--email", "ann@lee.example")
    src = tmp_path / "people.vcf"
    netj.ok("export", "--format", "vcard", "-o", str(src))
    other = str(tmp_path / "other.db")
    netj.ok("--db", other, "import", str(src))
    before = {p["email"]: {k: p[k] for k in VCARD_FIELDS} for p in doc(netj)["people"]}
    after = {p["email"]: {k: p[k] for k in VCARD_FIELDS} for p in doc(netj, "--db", other)["people"]}
    assert after == before


def test_vcard_birthday_without_a_year_round_trips(netj, tmp_path):
    src = tmp_path / "in.vcf"
    src.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@lee.example\r\nBDAY:--0314\r\nEND:VCARD\r\n")
    netj.ok("import", str(src))
    out = netj.ok("export", "--format", "vcard").stdout_bytes.decode()
    assert "BDAY:--0314\r\n" in out
