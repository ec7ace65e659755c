"""What every contacts importer shares: the record they produce, the problems
they report, and the text policy (encoding, delimiters, debris).

Importers only parse (STYLE habit 8): a format module turns a file object into
:class:`Contact` records and :class:`Skipped` rows; :mod:`netjournal.app.imports`
decides what to write. Nothing here touches the journal.

Encoding policy (documented in ``docs/import.md``):

* UTF-8, with or without a BOM, is read as is; UTF-16 with a BOM (Excel's
  "Unicode text") too.
* Anything else is refused, naming the line and byte, unless the user says
  what it is with ``--encoding`` (e.g. ``cp1252`` for a file re-saved by Excel
  on Windows). netj never guesses an encoding, so it never stores mojibake.
* Text that was already garbled before it reached netj is handled per field:
  UTF-8 read as Windows-1252 (``JosÃ©``) is repaired when the repair is exact;
  a U+FFFD replacement character (a character lost for good) skips the row,
  listed with its number.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass, field
from datetime import date

MAX_FIELD = 100_000  # characters per CSV cell; bigger means a broken file


@dataclass(frozen=True)
class Contact:
    """One person as a contacts file describes them."""

    row: int  # the row or card number named in messages
    name: str
    company: str | None = None
    title: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    url: str | None = None
    notes: str | None = None
    birthday: str | None = None  # YYYY-MM-DD or --MM-DD
    tags: tuple[str, ...] = ()
    repaired: tuple[str, ...] = field(default=(), compare=False)  # fields whose mojibake was fixed


@dataclass(frozen=True)
class Skipped:
    """A row the importer leaves out, and why (never quoting notes)."""

    row: int
    reason: str


class FormatProblem(ValueError):
    """The file cannot be imported at all; ``row`` is 1-based where known."""

    def __init__(self, message: str, row: int | None = None, *, what: str = "line") -> None:
        super().__init__(message)
        self.message, self.row, self.what = message, row, what


# --- bytes to text ---------------------------------------------------------------------


def decode(data: bytes, encoding: str | None = None) -> str:
    """The file's text under the encoding policy above."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FormatProblem("is a binary file, not text", None)
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except LookupError:
            raise FormatProblem(f"--encoding {encoding!r} is not an encoding Python knows (try utf-8 or cp1252)") from None
        except UnicodeDecodeError as exc:
            raise FormatProblem(f"is not {encoding} text (bad byte at offset {exc.start})",
                                data.count(b"\n", 0, exc.start) + 1) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise FormatProblem(f"is not valid UTF-16 text (bad bytes at offset {exc.start})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = ""
        try:
            data.decode("cp1252")
            hint = "; if a spreadsheet saved it, try --encoding cp1252 (or re-save it as CSV UTF-8)"
        except UnicodeDecodeError:
            pass
        raise FormatProblem(f"is not UTF-8 text (byte 0x{data[exc.start]:02X} at offset {exc.start}){hint}",
                            line) from None


_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")


def clean(value: str | None) -> tuple[str | None, bool]:
    """A field's text, NFC, with exact mojibake repaired: ``(text, repaired)``.

    Raises ``ValueError`` for U+FFFD (a character already lost).
    """
    if value is None:
        return None, False
    if "\ufffd" in value:
        raise ValueError("contains U+FFFD (a character lost before the file reached netj)")
    repaired = False
    if _MOJIBAKE.search(value):
        try:
            fixed = value.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            fixed = None
        if fixed is not None and fixed != value:
            value, repaired = fixed, True
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return (value or None), repaired


# --- CSV ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvRows:
    header: tuple[str, ...]
    rows: Iterator[tuple[int, dict[str, str]]]  # (line number of the row's start, cells by column)
    delimiter: str


def sniff_header(lines: Sequence[str], known: Set[str], *, required: Set[str], max_preamble: int = 10) -> tuple[int, str]:
    """Index of the header line among the first lines, and its delimiter.

    The header is the first line that, split by ``,``, ``;`` or a tab, holds all
    of ``required`` (column names compared without case or spaces around).
    A preamble before it (LinkedIn's ``Notes:``) is skipped.
    """
    for i, line in enumerate(lines[: max_preamble + 1]):
        for delim in (",", ";", "\t"):
            cells = {c.strip().strip('"').strip().casefold() for c in next(csv.reader([line], delimiter=delim), [])}
            if {r.casefold() for r in required} <= cells:
                return i, delim
    raise FormatProblem("has no header row this importer knows", None)


def read_csv(text: str, *, required: set[str], known: Set[str] = frozenset(), max_preamble: int = 10) -> CsvRows:
    """Rows of a CSV file whose header holds ``required``, after any preamble."""
    head = text[:65536].splitlines()
    index, delim = sniff_header(head, known, required=required, max_preamble=max_preamble)
    buf = io.StringIO(text, newline="")
    for _ in range(index):
        buf.readline()
    start_line = index + 1
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(buf, delimiter=delim, strict=True)
    try:
        header = tuple(c.strip() for c in next(reader))
    except csv.Error as exc:
        raise FormatProblem(f"has a broken header ({exc})", start_line) from None

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        while True:
            line = reader.line_num + 1 + index  # where this row starts in the file
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FormatProblem(f"is not valid CSV ({exc}); is the file cut short?", line) from None
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                raise FormatProblem(f"has {len(cells)} cells but the header has {len(header)}", line)
            yield line, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}

    return CsvRows(header, rows(), delim)


# --- values --------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MONTHS.update({"sept": 9})


def month_number(word: str) -> int | None:
    """English month names and abbreviations, without the machine's locale."""
    w = word.strip().rstrip(".").casefold()
    if w in _MONTHS:
        return _MONTHS[w]
    for name, n in (("january", 1), ("february", 2), ("march", 3), ("april", 4), ("june", 6), ("july", 7),
                    ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12)):
        if w == name:
            return n
    return None


def birthday(year: int | None, month: int, day: int) -> str:
    """``YYYY-MM-DD``, or ``--MM-DD`` without a year; ValueError if no such day."""
    date(year or 2000, month, day)  # 2000: a leap year, so 29 February is valid without a year
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


_ISO_BDAY = re.compile(r"^(?:(\d{4})|--|-)-?(\d{2})-?(\d{2})$")


def parse_birthday(text: str) -> str | None:
    """Birthdays as contacts files write them: ``1980-03-14``, ``19800314``,
    ``--03-14``, ``--0314``, ``1604-03-14`` (Apple's "no year"); None when empty.
    Raises ValueError for anything else: a date is never guessed."""
    text = text.strip()
    if not text:
        return None
    text = text.split("T")[0]
    m = _ISO_BDAY.match(text)
    if not m:
        raise ValueError(f"birthday {text!r} is not a date netj understands (YYYY-MM-DD or --MM-DD)")
    year = int(m.group(1)) if m.group(1) else None
    if year in (1604, 1900) and m.group(1):  # Apple/Outlook placeholders for "year unknown"
        year = None
    return birthday(year, int(m.group(2)), int(m.group(3)))


def split_multi(cell: str | None, seps: str = ":::") -> list[str]:
    """Several values in one cell (Google writes ``a ::: b``)."""
    if not cell:
        return []
    parts = cell.split(seps) if seps in cell else [cell]
    return [p.strip() for p in parts if p.strip()]


def canonical_url(url: str | None) -> str | None:
    """Profile URLs compared the way people mean them: ``http://linkedin.com/in/x/``
    is ``https://www.linkedin.com/in/x``."""
    if not url:
        return None
    u = url.strip()
    if not u:
        return None
    if not re.match(r"^[a-z][a-z0-9+.-]*://", u, re.I):
        u = "https://" + u
    u = re.sub(r"^http://", "https://", u, flags=re.I)
    u = re.sub(r"^https://linkedin\.com/", "https://www.linkedin.com/", u, flags=re.I)
    return u.rstrip("/")


def url_keys(url: str | None) -> list[str]:
    """Lower-case spellings of one profile URL that count as the same."""
    c = canonical_url(url)
    if c is None:
        return []
    low = c.lower()
    bare = low.removeprefix("https://")
    if "/" not in bare.split("?")[0]:
        return []  # a bare domain is a company's site, shared by many people: not an identity
    out = {low, low + "/", "http://" + bare, "http://" + bare + "/"}
    if bare.startswith("www."):
        out |= {"https://" + bare[4:], "http://" + bare[4:], "https://" + bare[4:] + "/", "http://" + bare[4:] + "/"}
    return sorted(out)
