"""CSV export (``netj export --format csv [--table people|meetings|follow-ups|referrals]``).

One table per file, documented in ``docs/export.md``:

* RFC 4180 through the stdlib ``csv`` module: comma-separated, fields quoted
  when needed, CRLF line ends, a header row of fixed column names;
* UTF-8 with a byte-order mark, because Excel opens BOM-less UTF-8 as the
  local ANSI code page (``TomÃ¡s``); LibreOffice, Numbers, Google Sheets and
  Python's ``utf-8-sig`` all read the BOM;
* dates ISO 8601, missing values empty, tags joined by ``,`` (a tag never
  contains a comma);
* formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return would be run as a formula by a spreadsheet, so it
  gets a ``'`` in front (which spreadsheets hide). A text cell that already
  starts with ``'`` gets one too, so the rule can be undone exactly:
  :func:`unescape` drops one leading ``'``. Numbers are written as numbers
  (a negative ``minutes_late`` stays ``-5``).

Streams: one row per record, nothing is held in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from typing import BinaryIO

SECTION = {"people": "person", "meetings": "meeting", "follow-ups": "follow_up", "referrals": "referral"}

# Columns are only ever added, at the end (as fields are in the JSON export).
PEOPLE = ("id", "handle", "name", "company", "title", "email", "phone", "url", "tags", "notes", "cadence",
          "status", "review_on", "snoozed_until", "last_contact_on", "next_due_on", "created_at", "updated_at",
          "birthday", "goals", "accomplishments", "interests", "networks", "skills")
MEETINGS = ("meeting_id", "date", "time", "kind", "place", "person_id", "person", "minutes_late", "listening",
            "preparation", "other_scores", "notes", "created_at", "author")
FOLLOW_UPS = ("id", "person_id", "person", "meeting_id", "text", "due_on", "done_on", "created_at", "owed_by", "author")
REFERRALS = ("id", "direction", "person_id", "person", "other_person_id", "other_person", "date", "note", "outcome",
             "outcome_on", "value", "created_at", "updated_at", "author")
COLUMNS = {"people": PEOPLE, "meetings": MEETINGS, "follow-ups": FOLLOW_UPS, "referrals": REFERRALS}

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")
BOM = "\ufeff"


def cell(value: object) -> str | int | float:
    """One value as a CSV cell: text neutralised, numbers and dates as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_TRIGGERS) else text


def unescape(text: str) -> str:
    """The value a text cell stands for: one leading ``'`` removed."""
    return text[1:] if text.startswith("'") else text


def _people(records: Iterable) -> Iterator[tuple]:
    for p in records:
        yield tuple(",".join(p.tags) if name == "tags" else getattr(p, name) for name in PEOPLE)


def _meetings(records: Iterable) -> Iterator[tuple]:
    for m in records:
        head = (m.id, m.date, m.time, m.kind, m.place)
        tail = (m.notes, m.created_at, m.author)
        if not m.attendees:
            yield head + (None,) * 6 + tail
        for a in m.attendees:
            other = ";".join(f"{k}={v}" for k, v in a.scores.items()
                             if k not in ("listening", "preparation") and v is not None)
            yield (*head, a.person_id, a.person, a.minutes_late, a.scores.get("listening"), a.scores.get("preparation"), other or None, *tail)


def _follow_ups(records: Iterable) -> Iterator[tuple]:
    for f in records:
        yield (f.id, f.person_id, f.person, f.meeting_id, f.text, f.due_on, f.done_on, f.created_at, f.owed_by,
               f.author)


def _referrals(records: Iterable) -> Iterator[tuple]:
    for r in records:
        yield (r.id, r.direction, r.person_id, r.person, r.other_person_id, r.other_person, r.date, r.note,
               r.outcome, r.outcome_on, r.value, r.created_at, r.updated_at, r.author)


_ROWS = {"people": _people, "meetings": _meetings, "follow-ups": _follow_ups, "referrals": _referrals}


def write(table: str, pairs: Iterable[tuple[str, object]], out: BinaryIO) -> None:
    """Write one table of the export's ``(type, record)`` pairs as CSV."""
    kind = SECTION[table]
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        text.write(BOM)
        w = csv.writer(text, lineterminator="\r\n")
        w.writerow(COLUMNS[table])
        records = (record for k, record in pairs if k == kind)
        for row in _ROWS[table](records):
            w.writerow([cell(v) for v in row])
        text.flush()
    finally:
        text.detach()
