"""The one JSON emitter and the helpers every view shares."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from netjournal.render.core import Output, by_cell, by_column, json_bytes, several_authors


@dataclass(frozen=True)
class Checked:
    path: str
    ok: bool
    on: date
    internal: bool = field(default=False, metadata={"json": False})


def test_a_record_is_json_field_by_field_in_order_without_its_hidden_fields():
    assert json_bytes(Checked("j.db", True, date(2026, 11, 22), internal=True), indent=False) == \
        b'{"path":"j.db","ok":true,"on":"2026-11-22"}'


def test_records_in_a_list_and_plain_values_are_json_as_orjson_writes_them():
    assert json.loads(json_bytes([Checked("a", False, date(2026, 1, 2))])) == [
        {"path": "a", "ok": False, "on": "2026-01-02", "internal": False}]
    assert json_bytes([], indent=False) == b"[]"


def test_the_by_column_appears_only_for_several_authors():
    assert not several_authors(["Ana", "Ana"]) and several_authors(["Ana", None])
    assert by_column(False) == () and [name for name, _ in by_column(True)] == ["By"]
    out = Output()
    assert by_cell(out, "Ana", False) == ()
    assert [str(c) for c in by_cell(out, None, True)] == ["(unrecorded)"]
