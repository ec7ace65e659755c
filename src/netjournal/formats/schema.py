"""The JSON Schema (draft 2020-12) of ``netj export --json``.

Printed by ``netj export --schema`` and committed as ``docs/export.schema.json``
(``tests/formats/test_export_schema.py`` checks that the two agree, that every field
of the records in :mod:`netjournal.domain.records` is described, and that real
exports validate). Every key is required, as docs/json.md promises; extra
keys are allowed, because within one ``schema_version`` fields are only ever
added, so a reader built on this schema keeps working with later exports.
Each JSON Lines record is a ``#/$defs/jsonl_record``.

The export holds what you wrote, never what netj judges of it; the judged
record scripts read most, the scorecard of ``netj score --json`` (also in
``prep``, ``people show``), is described here too, as ``#/$defs/scorecard``,
outside the export document.
"""

from __future__ import annotations

from netjournal.domain.records import EXPORT_SCHEMA_VERSION
from netjournal.domain.scoring import DECLINING, IMPROVING, MIXED, NOT_ENOUGH, ONE_WAY, TWO_WAY
from netjournal.domain.vocab import (
    DIRECTIONS,
    GAINS,
    KINDS,
    OUTCOMES,
    OWED_BY,
    SCORE_MAX,
    SCORE_MIN,
    STATUSES,
)

DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
STAMP = {"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"}


def _null(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(description: str, properties: dict) -> dict:
    return {"type": "object", "description": description, "required": list(properties), "properties": properties}


TEXT = {"type": "string"}
NAME = {"type": "string", "minLength": 1}
SCORE = {"type": "integer", "minimum": SCORE_MIN, "maximum": SCORE_MAX}
AUTHOR = _null({"type": "string", "minLength": 1, "maxLength": 100})  # schema v5; null: not recorded

PERSON = _object("A person (docs/json.md#person).", {
    "id": {"type": "integer"},
    "handle": NAME,
    "name": NAME,
    "company": _null(TEXT),
    "title": _null(TEXT),
    "email": _null(TEXT),
    "phone": _null(TEXT),
    "url": _null(TEXT),
    "tags": {"type": "array", "items": NAME, "uniqueItems": True},
    "notes": _null(TEXT),
    "cadence": _null({"type": "string", "pattern": r"^[1-9]\d*[dwmy]$"}),
    "status": {"enum": list(STATUSES)},
    "review_on": _null(DATE),
    "snoozed_until": _null(DATE),
    "last_contact_on": _null(DATE),
    "next_due_on": _null(DATE),
    "created_at": STAMP,
    "updated_at": STAMP,
    "birthday": _null({"type": "string", "pattern": r"^(\d{4}|-)-\d{2}-\d{2}$"}),
    **{g: _null(TEXT) for g in GAINS},
})

ATTENDEE = _object("One attendee of a meeting (docs/json.md#attendee).", {
    "person_id": {"type": "integer"},
    "person": NAME,
    "minutes_late": _null({"type": "integer"}),
    "scores": {
        "type": "object",
        "required": ["listening", "preparation"],
        "additionalProperties": _null(SCORE),
    },
    "scored_by": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 100}},
})

MEETING = _object("A meeting (docs/json.md#meeting).", {
    "id": {"type": "integer"},
    "date": DATE,
    "time": _null({"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}),
    "kind": {"enum": list(KINDS)},
    "place": _null(TEXT),
    "notes": _null(TEXT),
    "attendees": {"type": "array", "items": {"$ref": "#/$defs/attendee"}},
    "created_at": STAMP,
    "author": AUTHOR,
})

FOLLOW_UP = _object("A follow-up (docs/json.md#follow-up).", {
    "id": {"type": "integer"},
    "person_id": {"type": "integer"},
    "person": NAME,
    "meeting_id": _null({"type": "integer"}),
    "text": NAME,
    "due_on": DATE,
    "done_on": _null(DATE),
    "created_at": STAMP,
    "owed_by": {"enum": list(OWED_BY)},
    "author": AUTHOR,
})

REFERRAL = _object("A referral or introduction (docs/json.md#referral).", {
    "id": {"type": "integer"},
    "direction": {"enum": list(DIRECTIONS)},
    "person_id": {"type": "integer"},
    "person": NAME,
    "other_person_id": _null({"type": "integer"}),
    "other_person": _null(NAME),
    "date": DATE,
    "note": _null(TEXT),
    "outcome": {"enum": list(OUTCOMES)},
    "outcome_on": _null(DATE),
    "value": _null({"type": "number", "minimum": 0}),
    "created_at": STAMP,
    "updated_at": STAMP,
    "author": AUTHOR,
})

DECISION = _object("A decision about a relationship (docs/json.md#decision).", {
    "id": {"type": "integer"},
    "person_id": {"type": "integer"},
    "person": NAME,
    "date": DATE,
    "status": {"enum": list(STATUSES)},
    "review_on": _null(DATE),
    "reason": _null(TEXT),
    "created_at": STAMP,
})

GAINS_CHANGE = _object("A change of one GAINS field (docs/json.md#gains-change).", {
    "id": {"type": "integer"},
    "person_id": {"type": "integer"},
    "person": NAME,
    "field": {"enum": list(GAINS)},
    "value": _null(TEXT),
    "date": DATE,
    "created_at": STAMP,
})

COUNT = {"type": "integer", "minimum": 0}
AVERAGE = _null({"type": "number", "minimum": SCORE_MIN, "maximum": SCORE_MAX})
VERDICTS = [TWO_WAY, ONE_WAY, MIXED, NOT_ENOUGH]

DIMENSION = _object("One dimension of a scorecard (docs/json.md#dimension).", {
    "dimension": NAME,
    "count": COUNT,
    "average": AVERAGE,
    "mean": AVERAGE,
    "recent": AVERAGE,
    "trend": _null({"enum": ["up", "down", "flat"]}),
    "history": {"type": "array", "items": SCORE},
})

RECIPROCITY = _object("Referrals with a person over the last 12 months (docs/json.md#reciprocity).", {
    "since": DATE,
    "given": COUNT,
    "received": COUNT,
    "balance": {"type": "integer"},
    "honoured": COUNT,
    "lost": COUNT,
    "open": COUNT,
    "gone_quiet": COUNT,
    "one_way": {"type": "boolean"},
    "honours": {"type": "boolean"},
    "you_owe": {"type": "boolean"},
})

SCORECARD = _object("A scorecard, as `netj score --json` prints it (docs/json.md#scorecard); not part of the export.", {
    "person": NAME,
    "name": NAME,
    "status": {"enum": list(STATUSES)},
    "scored_meetings": COUNT,
    "last_scored_on": _null(DATE),
    "overall": AVERAGE,
    "verdict": {"enum": VERDICTS},
    "reason": NAME,
    "dimensions": {"type": "array", "items": {"$ref": "#/$defs/dimension"}},
    "referrals": {"$ref": "#/$defs/reciprocity"},
    "leaning": _null({"enum": [TWO_WAY, ONE_WAY, MIXED]}),  # never "not enough data"
    "author": AUTHOR,
    "momentum": _null({"enum": [IMPROVING, DECLINING]}),
})

# The record types in export order: (type, section, definition name).
RECORDS = (("person", "people", "person"), ("meeting", "meetings", "meeting"), ("follow_up", "follow_ups", "follow_up"),
           ("referral", "referrals", "referral"), ("decision", "decisions", "decision"),
           ("gains_change", "gains_changes", "gains_change"))


def _line(kind: str, ref: str) -> dict:
    return {"allOf": [{"$ref": f"#/$defs/{ref}"}, {"required": ["type"], "properties": {"type": {"const": kind}}}]}


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://netj.invalid/export.schema.json",
    "title": f"netj export, schema_version {EXPORT_SCHEMA_VERSION}",
    "description": "The document printed by `netj export --json` (docs/json.md). Generated by `netj export --schema`.",
    "type": "object",
    # The sections added after the first release of version 1 are written by
    # every export but not required, so that earlier exports still validate.
    "required": ["schema_version", "exported_at", "people", "meetings", "follow_ups"],
    "properties": {
        "schema_version": {"const": EXPORT_SCHEMA_VERSION},
        "exported_at": STAMP,
        **{section: {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}} for _, section, ref in RECORDS},
    },
    "$defs": {
        "person": PERSON,
        "meeting": MEETING,
        "attendee": ATTENDEE,
        "follow_up": FOLLOW_UP,
        "referral": REFERRAL,
        "decision": DECISION,
        "gains_change": GAINS_CHANGE,
        "scorecard": SCORECARD,
        "reciprocity": RECIPROCITY,
        "dimension": DIMENSION,
        "jsonl_record": {
            "description": "One line of `netj export --jsonl`.",
            "oneOf": [
                {"type": "object", "required": ["type", "schema_version", "exported_at"],
                 "properties": {"type": {"const": "header"}, "schema_version": {"const": EXPORT_SCHEMA_VERSION},
                                "exported_at": STAMP}},
                *(_line(kind, ref) for kind, _, ref in RECORDS),
            ],
        },
    },
}


def schema_bytes() -> bytes:
    """The schema as ``docs/export.schema.json`` holds it: two-space indents, a final newline."""
    import orjson

    return orjson.dumps(SCHEMA, option=orjson.OPT_INDENT_2) + b"\n"
