"""LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

Recent exports start with a ``Notes:`` preamble (a quoted paragraph about
missing emails), then the header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``.
Older exports have no ``URL`` column. Emails are mostly empty (members choose
whether connections may download them). ``Connected On`` is ``14 Mar 2024``,
English month abbreviations whatever the machine's locale, so it is parsed by
hand rather than with ``strptime`` (which follows ``LC_TIME``).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from netjournal.formats.contacts import (
    Contact,
    FormatProblem,
    Skipped,
    canonical_url,
    clean,
    decode,
    month_number,
    read_csv,
)

REQUIRED = {"First Name", "Last Name", "Connected On"}
CSV_NAME = "Connections.csv"

_DMY = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})$")
_MDY = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_connected_on(text: str) -> date | None:
    """``14 Mar 2024`` (also ``14-Mar-2024``, ``Mar 14, 2024``, ``2024-03-14``);
    None when empty. ValueError when it is not one of these: never guessed."""
    text = text.strip()
    if not text:
        return None
    if m := _DMY.match(text):
        day, month, year = int(m.group(1)), month_number(m.group(2)), int(m.group(3))
    elif m := _MDY.match(text):
        month, day, year = month_number(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError(f"Connected On {text!r} is not a date like 14 Mar 2024")
    if month is None:
        raise ValueError(f"Connected On {text!r} has an unknown month")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"Connected On {text!r} is not a real day") from None


def open_export(path_name: str, f: BinaryIO) -> bytes:
    """The bytes of ``Connections.csv``, from the CSV itself or from LinkedIn's zip."""
    data = f.read()
    if not data.startswith(b"PK\x03\x04"):
        return data
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = [n for n in z.namelist() if n.rsplit("/", 1)[-1].lower() == CSV_NAME.lower()]
            if len(names) != 1:
                raise FormatProblem(
                    f"is a zip without {'one' if names else 'a'} {CSV_NAME}; extract the connections file from "
                    "LinkedIn's export and import that")
            return z.read(names[0])
    except zipfile.BadZipFile:
        raise FormatProblem("is a damaged zip file; download LinkedIn's export again") from None


def parse(data: bytes, *, encoding: str | None = None) -> Iterator[Contact | Skipped]:
    text = decode(data, encoding)
    rows = read_csv(text, required=REQUIRED)
    missing = REQUIRED - set(rows.header)
    if missing:
        raise FormatProblem(f"has no {', '.join(sorted(missing))} column")
    for line, cells in rows.rows:
        yield _contact(line, cells)


def _contact(line: int, cells: dict[str, str]) -> Contact | Skipped:
    repaired = []
    values = {}
    try:
        for key in ("First Name", "Last Name", "URL", "Email Address", "Company", "Position"):
            values[key], fixed = clean(cells.get(key))
            if fixed:
                repaired.append(key)
    except ValueError as exc:
        return Skipped(line, str(exc))
    name = " ".join(v for v in (values["First Name"], values["Last Name"]) if v)
    if not name:
        return Skipped(line, "no name (LinkedIn leaves it empty for some members)")
    notes = None
    try:
        connected = parse_connected_on(cells.get("Connected On", ""))
    except ValueError as exc:
        return Skipped(line, str(exc))
    if connected:
        notes = f"Connected on LinkedIn on {connected.isoformat()}."
    return Contact(
        row=line, name=name, company=values["Company"], title=values["Position"],
        emails=(values["Email Address"],) if values["Email Address"] else (),
        url=canonical_url(values["URL"]), notes=notes, tags=("linkedin",), repaired=tuple(repaired),
    )
