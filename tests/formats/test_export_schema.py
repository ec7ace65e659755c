"""docs/export.schema.json: the committed file is what `netj export --schema`
prints, it describes every field of the records, and real exports validate."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from netjournal.domain.records import (
    AttendeeRecord,
    DecisionRecord,
    FollowUpRecord,
    GainsChangeRecord,
    MeetingRecord,
    PersonRecord,
    PersonScorecard,
    ReferralRecord,
)
from netjournal.domain.scoring import DimensionScore, Reciprocity
from netjournal.formats.schema import SCHEMA, schema_bytes
from v3_rows import add_v3_rows

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "export.schema.json"


def test_committed_schema_matches_the_command(netj):
    printed = netj.ok("export", "--schema").stdout_bytes
    assert printed == schema_bytes()
    assert COMMITTED.read_bytes() == printed, "regenerate it with `netj export --schema > docs/export.schema.json`"


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(("record", "name"), [
    (PersonRecord, "person"), (MeetingRecord, "meeting"), (AttendeeRecord, "attendee"), (FollowUpRecord, "follow_up"),
    (ReferralRecord, "referral"), (DecisionRecord, "decision"), (GainsChangeRecord, "gains_change"),
    (PersonScorecard, "scorecard"), (Reciprocity, "reciprocity"), (DimensionScore, "dimension"),
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
    add_v3_rows(db_path)
    return netj


def test_the_document_lists_its_sections_in_export_order():
    assert list(SCHEMA["properties"]) == ["schema_version", "exported_at", "people", "meetings", "follow_ups",
                                          "referrals", "decisions", "gains_changes"]
    # sections added after the first release of version 1 are not required: earlier exports still validate
    assert SCHEMA["required"] == ["schema_version", "exported_at", "people", "meetings", "follow_ups"]


def test_an_export_made_before_the_new_sections_still_validates():
    """Fields added within version 1 are required (every export has them), sections are not."""
    import json
    from pathlib import Path

    import jsonschema

    old = json.loads((Path(__file__).parents[1] / "fixtures" / "journal-v1.export.json").read_text(encoding="utf-8"))
    for section in ("referrals", "decisions", "gains_changes"):
        old.pop(section, None)
    for person in old["people"]:
        for field in ("birthday", "goals", "accomplishments", "interests", "networks", "skills"):
            person.setdefault(field, None)
    for f in old["follow_ups"]:
        f.setdefault("owed_by", "me")
        f.setdefault("author", None)
    for m in old["meetings"]:
        m.setdefault("author", None)
        for a in m["attendees"]:
            a.setdefault("scored_by", {})
    jsonschema.validate(old, SCHEMA)


@pytest.mark.parametrize("args", [(), ("--person", "lorraine-chu"), ("--since", "2026-11-01"), ("--tag", "partner"),
                                  ("--person", "maya-okafor")])
def test_real_exports_validate(demo, args):
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    document = json.loads(demo.ok("export", *args).stdout)
    assert any(document[s] for s in ("referrals", "decisions", "gains_changes"))  # the new records are checked too
    validator.validate(document)
    line = {**SCHEMA, "$ref": "#/$defs/jsonl_record"}
    for key in ("type", "required", "properties"):
        line.pop(key)
    line_validator = jsonschema.Draft202012Validator(line, format_checker=jsonschema.FormatChecker())
    for text in demo.ok("export", "--jsonl", *args).stdout.splitlines():
        line_validator.validate(json.loads(text))


def _def(name: str) -> dict:
    """A schema for one of the definitions, resolving its references against the whole."""
    return {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}


def test_real_scorecards_validate(netj, db_path):
    netj.ok("--db", str(db_path), "demo")  # its own referrals: a partner who honours them, one you owe
    demo = netj
    validator = jsonschema.Draft202012Validator(_def("scorecard"), format_checker=jsonschema.FormatChecker())
    cards = json.loads(demo.ok("score", "--all", "--json").stdout)
    cards += json.loads(demo.ok("score", "ron-park", "--by-author", "--json").stdout)
    cards.append(json.loads(demo.ok("prep", "tomas-herrera", "--json").stdout)["scorecard"])
    assert {c["verdict"] for c in cards} >= {"two-way street", "one-way street", "mixed", "not enough data"}
    assert any(c["referrals"]["you_owe"] for c in cards) and any(c["referrals"]["honours"] for c in cards)
    for card in cards:
        validator.validate(card)
    assert list(validator.iter_errors({**cards[0], "momentum": "sideways"}))
    assert list(validator.iter_errors({**cards[0], "referrals": {**cards[0]["referrals"], "honours": "yes"}}))


def test_schema_rejects_what_is_not_an_export():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    bad = {"schema_version": 1, "exported_at": "2026-11-22T00:00:00Z", "people": [{"id": 1}], "meetings": [],
           "follow_ups": [], "referrals": [], "decisions": [], "gains_changes": []}
    assert list(validator.iter_errors(bad))


@pytest.mark.parametrize(("section", "change"), [
    ("referrals", {"direction": "sideways"}), ("referrals", {"value": -1}), ("referrals", {"outcome": "maybe"}),
    ("decisions", {"status": "dropped"}), ("gains_changes", {"field": "hobbies"}), ("gains_changes", {"date": "soon"}),
])
def test_schema_rejects_bad_v3_records(demo, section, change):
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    document = json.loads(demo.ok("export").stdout)
    document[section][0].update(change)
    assert list(validator.iter_errors(document))
