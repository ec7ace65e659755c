"""netj's own export formats: one JSON document, or JSON Lines.

Both are documented in ``docs/json.md``. Records are serialised by orjson from
the dataclasses in :mod:`netjournal.domain.records`, so keys come in declaration
order; the JSON document puts one record per line, which keeps it streamable
(constant memory), byte-for-byte deterministic and friendly to ``diff``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

import orjson

SECTIONS = {"person": "people", "meeting": "meetings", "follow_up": "follow_ups",
            "referral": "referrals", "decision": "decisions", "gains_change": "gains_changes"}


def _dump(record: object) -> bytes:
    return orjson.dumps(record)


def write_json(pairs: Iterable[tuple[str, object]], out: BinaryIO) -> None:
    """``{"schema_version": …, "exported_at": …, "people": […], "meetings": […], "follow_ups": […],
    "referrals": […], "decisions": […], "gains_changes": […]}``

    One record per line; an empty section is ``[]``; every section is written,
    in the order of :data:`SECTIONS`.
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


# --- reading -------------------------------------------------------------------------

KINDS = tuple(SECTIONS)  # person, meeting, follow_up, referral, …: the order an export lists them in
_SECTION_LINE = {f'"{s}":['.encode(): s for s in SECTIONS.values()}


class NetjFormatError(ValueError):
    """The file is not a netj export; ``line`` is 1-based where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def _loads(data: bytes, line: int) -> object:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise NetjFormatError(f"not valid JSON ({str(exc).split(':')[0]})", line) from None


def read(f: BinaryIO) -> Iterator[tuple[str, dict, int | None]]:
    """``(kind, record, line)`` for every record of a netj export, header first.

    Reads JSON Lines, and the JSON document as ``write_json`` lays it out (one
    record per line), in constant memory. A document laid out differently
    (e.g. pretty-printed by ``jq``) is parsed whole instead.
    """
    first = f.readline()
    while first and not first.strip():
        first = f.readline()
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    if not first.lstrip().startswith(b"{"):
        raise NetjFormatError("not a netj export (it does not start with a JSON object)", 1)
    stripped = first.strip()
    try:
        obj = orjson.loads(stripped)
    except orjson.JSONDecodeError:
        obj = None
    if isinstance(obj, dict) and obj.get("type") == "header":
        yield from _read_jsonl(obj, f)
        return
    if isinstance(obj, dict) and "people" in obj:  # a whole document on one line
        yield from _read_document(obj, 1)
        return
    if stripped.startswith(b'{"schema_version"') and stripped.endswith(b","):
        yield from _read_lines(stripped, f)
        return
    rest = f.read()
    yield from _read_document(_loads(first + rest, 1), None)


def _header(obj: object, line: int | None) -> dict:
    if not isinstance(obj, dict) or "schema_version" not in obj:
        raise NetjFormatError("not a netj export (no schema_version)", line)
    from netjournal.domain.records import EXPORT_SCHEMA_VERSION

    if obj["schema_version"] != EXPORT_SCHEMA_VERSION:
        raise NetjFormatError(
            f"schema_version {obj['schema_version']!r} is not one this netj reads ({EXPORT_SCHEMA_VERSION})", line)
    return obj


def _read_jsonl(header: dict, f: BinaryIO) -> Iterator[tuple[str, dict, int | None]]:
    yield "header", _header(header, 1), 1
    for n, raw in enumerate(f, start=2):
        if not raw.strip():
            continue
        obj = _loads(raw, n)
        if not isinstance(obj, dict) or obj.get("type") not in KINDS:
            raise NetjFormatError(f"expected a {', '.join(KINDS[:-1])} or {KINDS[-1]} record with a type field", n)
        kind = obj.pop("type")
        yield kind, obj, n


def _read_lines(first: bytes, f: BinaryIO) -> Iterator[tuple[str, dict, int | None]]:
    yield "header", _header(_loads(first[:-1] + b"}", 1), 1), 1
    section: str | None = None
    closed = False
    for n, raw in enumerate(f, start=2):
        line = raw.strip()
        if not line:
            continue
        if closed:
            raise NetjFormatError("text after the end of the document", n)
        head = line[: line.find(b"[") + 1] if line.startswith(b'"') else b""
        if head in _SECTION_LINE:
            section = _SECTION_LINE[head]
            tail = line[len(head):]
            if tail in (b"", ):
                continue
            if tail in (b"],", b"]"):
                section = None
                continue
            if tail == b"]}":
                closed = True
                continue
            raise NetjFormatError("unexpected text after a section name", n)
        if line in (b"],", b"]"):
            section = None
            continue
        if line == b"]}":
            closed = True
            continue
        if section is None or not line.startswith(b"{"):
            raise NetjFormatError("unexpected text; is this file cut short or edited?", n)
        obj = _loads(line[:-1] if line.endswith(b",") else line, n)
        if not isinstance(obj, dict):
            raise NetjFormatError("expected a JSON object", n)
        yield _KIND_OF[section], obj, n
    if not closed:
        raise NetjFormatError("the document ends early (no closing brace); is the file cut short?", None)


_KIND_OF = {v: k for k, v in SECTIONS.items()}


def _read_document(doc: object, line: int | None) -> Iterator[tuple[str, dict, int | None]]:
    header = _header(doc, line)
    yield "header", {"schema_version": header["schema_version"], "exported_at": header.get("exported_at")}, line
    for kind, section in SECTIONS.items():
        records = header.get(section, [])
        if not isinstance(records, list):
            raise NetjFormatError(f"{section} is not a list", line)
        for i, obj in enumerate(records):
            if not isinstance(obj, dict):
                raise NetjFormatError(f"{section}[{i}] is not an object", line)
            yield kind, obj, None
