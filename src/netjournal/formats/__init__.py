"""Import and export formats, one module each. Writers take the export's
``(type, record)`` pairs and a binary file object; they never print on their
own. Format libraries (vobject, icalendar) are imported only by the writer
that needs them, when that format is chosen."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

EXPORT_FORMATS = ("json", "jsonl", "csv", "vcard")
CSV_TABLES = ("people", "meetings", "follow-ups", "referrals")

Pairs = Iterable[tuple[str, object]]


@dataclass(frozen=True)
class Exporter:
    """One export format: which record types it reads and how it writes them."""

    sections: tuple[str, ...]
    write: Callable[[Pairs, BinaryIO], None]


def exporter(fmt: str, table: str = "people") -> Exporter:
    """The writer for ``netj export --format FMT [--table TABLE]``."""
    if fmt in ("json", "jsonl"):
        from netjournal.formats import netj

        return Exporter(tuple(netj.SECTIONS), netj.write_json if fmt == "json" else netj.write_jsonl)
    if fmt == "csv":
        from netjournal.formats import csv_tables

        return Exporter((csv_tables.SECTION[table],), lambda pairs, out: csv_tables.write(table, pairs, out))
    if fmt == "vcard":
        from netjournal.formats import vcard_out

        return Exporter(("person",), vcard_out.write)
    raise ValueError(f"unknown export format {fmt!r}")
