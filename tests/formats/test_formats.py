"""netj's own JSON writers, without a database: every mix of empty and full
sections is valid JSON with the sections in their fixed order."""

from __future__ import annotations

import io
import itertools
import json

import pytest

from netjournal.formats.netj import SECTIONS, write_json, write_jsonl

HEADER = ("header", {"schema_version": 1, "exported_at": "2026-11-22T00:00:00Z"})


def records(counts: dict[str, int]) -> list[tuple[str, object]]:
    pairs = [HEADER]
    for kind in SECTIONS:
        pairs += [(kind, {"id": i, "kind": kind}) for i in range(1, counts.get(kind, 0) + 1)]
    return pairs


@pytest.mark.parametrize("counts", [dict(zip(SECTIONS, c, strict=True)) for c in itertools.product((0, 2), repeat=len(SECTIONS))])
def test_write_json_is_one_valid_document(counts):
    buf = io.BytesIO()
    write_json(records(counts), buf)
    doc = json.loads(buf.getvalue())
    assert list(doc) == ["schema_version", "exported_at", "people", "meetings", "follow_ups", "referrals", "decisions",
                         "gains_changes"]
    for kind, section in SECTIONS.items():
        assert [r["id"] for r in doc[section]] == list(range(1, counts[kind] + 1))
    assert buf.getvalue().endswith(b"}\n")


def test_write_json_puts_one_record_per_line_and_empty_sections_as_brackets():
    buf = io.BytesIO()
    write_json(records({"person": 2}), buf)
    lines = buf.getvalue().decode().splitlines()
    assert lines[1] == '"people":['
    assert lines[2:4] == ['{"id":1,"kind":"person"},', '{"id":2,"kind":"person"}']
    assert lines[-5:] == ['"meetings":[],', '"follow_ups":[],', '"referrals":[],', '"decisions":[],',
                          '"gains_changes":[]}']


def test_write_jsonl_puts_type_first():
    buf = io.BytesIO()
    write_jsonl([*records({"meeting": 1}), ("person", {})], buf)
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [next(iter(r)) for r in lines] == ["type"] * 3
    assert [r["type"] for r in lines] == ["header", "meeting", "person"]
    assert lines[2] == {"type": "person"}
