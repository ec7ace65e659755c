"""`netj export` through the CLI: formats, filters, files, and round trips."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest

from netjournal.formats import csv_tables
from v3_rows import GOALS, NOTE, add_v3_rows

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture
def demo(netj, db_path):
    netj.ok("--db", str(db_path), "demo")
    return netj


@pytest.fixture
def demo_v3(demo, db_path):
    """The demo journal with referrals, decisions, GAINS and a follow-up owed to you."""
    add_v3_rows(db_path)
    return demo


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
    (("--format", "csv", "--table", "scores"),
     "--table: 'scores' is not one of people, meetings, follow-ups, referrals."),
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
    referenced = ({a["person_id"] for m in d["meetings"] for a in m["attendees"]}
                  | {f["person_id"] for f in d["follow_ups"]}
                  | {r[k] for r in d["referrals"] for k in ("person_id", "other_person_id") if r[k]}
                  | {x["person_id"] for x in d["decisions"] + d["gains_changes"]})
    assert {p["id"] for p in d["people"]} == referenced
    assert d["referrals"] and all(r["date"] >= "2026-11-01" for r in d["referrals"])
    ids = {m["id"] for m in d["meetings"]}
    assert all(f["meeting_id"] in ids or f["meeting_id"] is None for f in d["follow_ups"])


def test_filters_combine(demo):
    d = doc(demo, "--person", "lorraine-chu", "--since", "2026-09-01")
    assert d["meetings"] and all(m["date"] >= "2026-09-01" for m in d["meetings"])
    assert all(any(a["person"] == "lorraine-chu" for a in m["attendees"]) for m in d["meetings"])


def test_a_filter_that_matches_nothing_is_an_empty_valid_document(demo):
    d = doc(demo, "--since", "2030-01-01")
    assert (d["people"], d["meetings"], d["follow_ups"]) == ([], [], [])


def test_person_filter_keeps_referrals_on_either_side_and_brings_the_other_side(demo_v3):
    d = doc(demo_v3, "--person", "maya-okafor")  # introduced to Maya by Lorraine's referral
    (referral,) = d["referrals"]
    assert (referral["person"], referral["other_person"]) == ("lorraine-chu", "maya-okafor")
    assert "lorraine-chu" in {p["handle"] for p in d["people"]}
    assert d["decisions"] == [] and d["gains_changes"] == []  # those are Lorraine's and Priya's, not Maya's
    lorraine = doc(demo_v3, "--person", "lorraine-chu")
    assert [r["direction"] for r in lorraine["referrals"]] == ["given"]  # not Ron's
    assert {g["person"] for g in lorraine["gains_changes"]} == {"lorraine-chu"} and len(lorraine["gains_changes"]) == 3
    ids = {p["id"] for p in lorraine["people"]}
    assert all(r["person_id"] in ids and r["other_person_id"] in ids for r in lorraine["referrals"])
    priya = doc(demo_v3, "--person", "priya-natarajan")
    assert [x["status"] for x in priya["decisions"]] == ["active", "paused"] and priya["referrals"] == []


def test_since_keeps_referrals_decisions_and_gains_changes_of_that_date_on_and_their_people(demo_v3):
    d = doc(demo_v3, "--since", "2026-10-01")
    assert [r["date"] for r in d["referrals"]] == ["2026-10-20"]  # Ron's of 2026-09-01 is left out
    assert [x["date"] for x in d["decisions"]] == ["2026-11-19"]
    assert [g["date"] for g in d["gains_changes"]] == ["2026-10-01", "2026-10-19"]
    handles = {p["handle"] for p in d["people"]}
    assert {"lorraine-chu", "maya-okafor", "priya-natarajan"} <= handles  # both sides, and whom the decision is about
    assert "ron-park" not in handles  # nothing of his is on or after the date
    assert doc(demo_v3, "--since", "2030-01-01")["referrals"] == []


def test_the_new_sections_come_after_the_follow_ups_with_every_field(demo_v3):
    d = doc(demo_v3)
    assert list(d) == ["schema_version", "exported_at", "people", "meetings", "follow_ups", "referrals", "decisions",
                       "gains_changes"]
    given, received = d["referrals"]
    assert given == {"id": 1, "direction": "given", "person_id": 1, "person": "lorraine-chu", "other_person_id": 3,
                     "other_person": "maya-okafor", "date": "2026-10-20", "note": NOTE, "outcome": "won",
                     "outcome_on": "2026-11-10", "value": 1250.5, "created_at": "2026-10-20T09:00:00Z",
                     "updated_at": "2026-11-10T09:30:00Z", "author": None}
    assert (received["direction"], received["other_person"], received["value"]) == ("received", None, None)
    assert list(d["decisions"][1]) == ["id", "person_id", "person", "date", "status", "review_on", "reason",
                                       "created_at"]
    assert [(g["field"], g["value"]) for g in d["gains_changes"]] == [
        ("networks", "Chamber of commerce"), ("networks", None), ("goals", GOALS)]
    lorraine = d["people"][0]
    assert (lorraine["goals"], lorraine["networks"], lorraine["skills"]) == (GOALS, None, "Trusts")
    assert [f["owed_by"] for f in d["follow_ups"]] == ["them", "me", "me", "me"]
    lines = demo_v3.ok("export", "--jsonl").stdout.splitlines()
    assert [json.loads(x)["type"] for x in lines[-8:]] == ["follow_up"] + ["referral"] * 2 + ["decision"] * 2 + [
        "gains_change"] * 3


@pytest.mark.parametrize("args", [(), ("--person", "lorraine-chu"), ("--person", "maya-okafor"), ("--tag", "partner"),
                                  ("--since", "2026-10-01"), ("--person", "ron-park", "--jsonl"), ("--jsonl",)])
def test_a_filtered_export_imports_into_an_empty_journal_and_exports_the_same(demo_v3, tmp_path, args):
    path = tmp_path / "slice.json"
    demo_v3.ok("export", *args, "-o", str(path))
    other = str(tmp_path / "other.db")
    demo_v3.ok("--db", other, "import", str(path))
    again = demo_v3.ok("--db", other, "export", *(("--jsonl",) if "--jsonl" in args else ())).stdout
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


def test_csv_referrals_and_the_v3_columns(demo_v3):
    def table(name):
        out = demo_v3.ok("export", "--format", "csv", "--table", name).stdout
        return list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))

    whole = doc(demo_v3)
    rows = table("referrals")
    assert list(rows[0]) == list(whole["referrals"][0])
    assert [{k: csv_tables.unescape(v) for k, v in r.items()} for r in rows] == [
        {k: "" if v is None else str(v) for k, v in r.items()} for r in whole["referrals"]]
    people = {r["handle"]: r for r in table("people")}
    assert csv_tables.unescape(people["lorraine-chu"]["goals"]) == GOALS and people["maya-okafor"]["interests"] == "Chess"
    assert [r["owed_by"] for r in table("follow-ups")] == ["them", "me", "me", "me"]
    assert table("referrals")[0]["value"] == "1250.5"
    assert demo_v3.ok("export", "--format", "csv", "--table", "referrals", "--since", "2030-01-01").stdout_bytes == (
        ("\ufeff" + ",".join(csv_tables.REFERRALS) + "\r\n").encode())


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
