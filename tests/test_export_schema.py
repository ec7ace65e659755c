"""docs/export.schema.json: the committed file is what `netj export --schema`
prints, it describes every field of the records, and real exports validate."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from netjournal.formats.schema import SCHEMA, schema_bytes
from netjournal.models import AttendeeRecord, FollowUpRecord, MeetingRecord, PersonRecord

COMMITTED = Path(__file__).resolve().parents[1] / "docs" / "export.schema.json"


def test_committed_schema_matches_the_command(netj):
    printed = netj.ok("export", "--schema").stdout_bytes
    assert printed == schema_bytes()
    assert COMMITTED.read_bytes() == printed, "regenerate it with `netj export --schema > docs/export.schema.json`"


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(("record", "name"), [
    (PersonRecord, "person"), (MeetingRecord, "meeting"), (AttendeeRecord, "attendee"), (FollowUpRecord, "follow_up"),
])
def test_schema_describes_every_field_in_order(record, name):
    fields = [f.name for f in dataclasses.fields(record)]
    assert list(SCHEMA["$defs"][name]["properties"]) == fields
    assert SCHEMA["$defs"][name]["required"] == fields


@pytest.fixture
def demo(netj, db_path):
    netj.ok("--db", str(db_path), "demo")
    netj.ok("log", "Zoë =Formula", "--new", "--time", "08:15", "--late", "-5", "--listening", "4", "--no-input",
            "--note", "x")
    return netj


@pytest.mark.parametrize("args", [(), ("--person", "lorraine-chu"), ("--since", "2026-11-01"), ("--tag", "partner")])
def test_real_exports_validate(demo, args):
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    document = json.loads(demo.ok("export", *args).stdout)
    validator.validate(document)
    line = {**SCHEMA, "$ref": "#/$defs/jsonl_record"}
    for key in ("type", "required", "properties"):
        line.pop(key)
    line_validator = jsonschema.Draft202012Validator(line, format_checker=jsonschema.FormatChecker())
    for text in demo.ok("export", "--jsonl", *args).stdout.splitlines():
        line_validator.validate(json.loads(text))


def test_schema_rejects_what_is_not_an_export():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    bad = {"schema_version": 1, "exported_at": "2026-11-22T00:00:00Z", "people": [{"id": 1}], "meetings": [],
           "follow_ups": []}
    assert list(validator.iter_errors(bad))
