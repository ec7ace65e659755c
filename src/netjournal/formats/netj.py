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
    """``{"schema_version": …, "exported_at": …, "people": […], "meetings": […], "follow_ups": […]}``

    One record per line; an empty section is ``[]``.
    """
    it = iter(pairs)
    kind, header = next(it)
    assert kind == "header"
    out.write(_dump(header)[:-1])
    current: str | None = None  # the open section
    empty = True
    pending = list(SECTIONS.values())  # sections not opened yet, in order
    for kind, record in it:
        section = SECTIONS[kind]
        if section != current:
            if current is not None:
                out.write(b"]" if empty else b"\n]")
            while pending:  # open the skipped sections empty, then this one
                name = pending.pop(0)
                out.write(b",\n" + orjson.dumps(name) + b":[")
                if name == section:
                    break
                out.write(b"]")
            current, empty = section, True
        out.write((b"\n" if empty else b",\n") + _dump(record))
        empty = False
    if current is not None:
        out.write(b"]" if empty else b"\n]")
    for name in pending:
        out.write(b",\n" + orjson.dumps(name) + b":[]")
    out.write(b"}\n")


def write_jsonl(pairs: Iterable[tuple[str, object]], out: BinaryIO) -> None:
    """One record per line, each an object whose first key is ``type``."""
    for kind, record in pairs:
        body = _dump(record)
        tag = b'{"type":' + orjson.dumps(kind)
        out.write(tag + (b"," + body[1:] if body != b"{}" else b"}") + b"\n")
