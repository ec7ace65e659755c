"""Every import and export format, by name: which module reads or writes it.

Importers only parse: each turns a file object into records (or row-level
problems) and never writes to the journal; :mod:`netjournal.app.imports`
decides what to write. Exporters take the export's ``(type, record)`` pairs
and a binary file object and never print on their own. A format's module,
and the library behind it (vobject, icalendar), is imported only when that
format is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from netjournal.formats.contacts import Contact, FormatProblem, Skipped

IMPORT_FORMATS = ("netj", "linkedin", "google", "outlook", "vcard")


def detect(name: str, head: bytes) -> str | None:
    """The format of a file from its first bytes (and, failing that, its name)."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"PK\x03\x04"):
        return "linkedin"
    if text.upper().startswith(b"BEGIN:VCARD"):
        return "vcard"
    if text.startswith(b"{"):
        return "netj"
    try:
        from netjournal.formats.contacts import decode

        sample = decode(head[: head.rfind(b"\n") + 1] or head)
    except FormatProblem:
        sample = head.decode("latin-1")
    from netjournal.formats import addressbook, linkedin
    from netjournal.formats.contacts import sniff_header

    lines = sample.splitlines()
    try:
        sniff_header(lines, set(), required=linkedin.REQUIRED)
        return "linkedin"
    except FormatProblem:
        pass
    import csv

    for delim in (",", ";", "\t"):
        for line in lines[:1]:
            cells = {c.strip() for c in next(csv.reader([line], delimiter=delim), [])}
            if kind := addressbook.detect(cells):
                return kind
    lower = name.lower()
    for suffix, fmt in ((".vcf", "vcard"), (".vcard", "vcard"), (".jsonl", "netj"), (".json", "netj")):
        if lower.endswith(suffix):
            return fmt
    return None


def read_contacts(fmt: str, name: str, f: BinaryIO, encoding: str | None) -> Iterator[Contact | Skipped]:
    if fmt == "linkedin":
        from netjournal.formats import linkedin

        return linkedin.parse(linkedin.open_export(name, f), encoding=encoding)
    data = f.read()
    if data.startswith(b"PK\x03\x04"):
        raise FormatProblem(f"is a zip file, not a {fmt} export; extract it first")
    if fmt == "vcard":
        from netjournal.formats import vcard

        return vcard.parse(data, encoding=encoding)
    from netjournal.formats import addressbook

    return addressbook.parse(data, fmt, encoding=encoding)


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
