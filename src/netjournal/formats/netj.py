"""netj's own export formats: one JSON document, or JSON Lines.

Both are documented in ``docs/json.md``. Records are serialised by orjson from
the dataclasses in :mod:`netjournal.models`, so keys come in declaration
order; the JSON document puts one record per line, which keeps it streamable
(constant memory), byte-for-byte deterministic and friendly to ``diff``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

import orjson

SECTIONS = {"person": "people", "meeting": "meetings", "follow_up": "follow_ups"}


def _dump(record: object) -> bytes:
    return orjson.dumps(record)


def write_json(pairs: Iterable[tuple[str, object]], out: BinaryIO) -> None:
    """``{"schema_version": …, "exported_at": …, "people": […], "meetings": […], "follow_ups": […]}``"""
    it = iter(pairs)
    kind, header = next(it)
    assert kind == "header"
    out.write(_dump(header)[:-1] + b",\n")
    opened: list[str] = []
    first = True
    for kind, record in it:
        section = SECTIONS[kind]
        if not opened or opened[-1] != section:
            _open_sections(out, opened, until=section)
            first = True
        out.write((b"" if first else b",\n") + _dump(record))
        first = False
    _open_sections(out, opened, until=None)
    out.write(b"\n]}\n")


def _open_sections(out: BinaryIO, opened: list[str], until: str | None) -> None:
    """Open (empty where need be) every section up to ``until``, in order."""
    for section in SECTIONS.values():
        if section in opened:
            continue
        if opened:
            out.write(b"\n],\n")
        out.write(orjson.dumps(section) + b":[\n")
        opened.append(section)
        if section == until:
            return


def write_jsonl(pairs: Iterable[tuple[str, object]], out: BinaryIO) -> None:
    """One record per line, each an object whose first key is ``type``."""
    for kind, record in pairs:
        body = _dump(record)
        tag = b'{"type":' + orjson.dumps(kind)
        out.write(tag + (b"," + body[1:] if body != b"{}" else b"}") + b"\n")
