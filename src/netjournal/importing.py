"""``netj import``: contacts files and netj's own exports into the journal.

One use case per kind of source, each ONE write transaction
(:meth:`netjournal.storage.db.Journal.write`): the file is parsed while the
transaction is open, and any problem that stops the import rolls everything
back. ``--dry-run`` runs exactly the same code and rolls back at the end.

Identity (who is already in the journal):

* contacts are the same person when an email matches (case-insensitively),
  or the profile URL does (``http``/``https``, ``www.``, trailing ``/``
  ignored), or a phone number does (same digits); never by name alone. A
  contact with none of these whose name is already in the journal is skipped
  and listed, not merged and not duplicated;
* a match fills the person's empty fields and adds tags; it never overwrites.

Rows are written with the stdlib driver (``executemany`` in batches for
meetings), not one ORM object at a time: a 1,000,000-meeting JSONL restore
must run at bulk-insert speed in constant memory.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from netjournal.domain import due as due_core
from netjournal.domain import handles as people_core
from netjournal.domain.dates import parse_cadence
from netjournal.errors import InvalidValue, NetjError
from netjournal.formats.contacts import Contact, FormatProblem, Skipped, url_keys
from netjournal.storage import queries as q
from netjournal.storage.db import Journal, integrity_errors, utc_stamp
from netjournal.storage.schema import SEARCH_STRIDE
from netjournal.domain.vocab import DIRECTIONS, GAINS, KINDS, OUTCOMES, OWED_BY, STATUSES

BATCH = 5000


class ImportFailed(NetjError):
    """The file cannot be imported; nothing was written."""


class JournalNotEmpty(NetjError):
    """``only_into_empty``: the journal already holds records; nothing was written."""

    def __init__(self, people: int, meetings: int, follow_ups: int) -> None:
        super().__init__(f"it already holds {people} people, {meetings} meetings and {follow_ups} follow-ups")
        self.people, self.meetings, self.follow_ups = people, meetings, follow_ups


@dataclass(frozen=True)
class ImportItem:
    """What happened (or would happen) to one person of the file."""

    line: int | None  # where the person is in the file
    action: str  # created, merged, unchanged, skipped
    handle: str | None
    name: str | None
    detail: str | None = None  # what was filled in, or why it was skipped


@dataclass
class ImportSummary:
    file: str
    format: str
    dry_run: bool
    created: int = 0
    merged: int = 0
    skipped: int = 0
    unchanged: int = 0
    meetings_created: int = 0
    meetings_skipped: int = 0
    follow_ups_created: int = 0
    follow_ups_skipped: int = 0
    ids_kept: bool | None = None  # netj format: ids as in the file (an empty journal) or remapped
    items: list[ImportItem] = field(default_factory=list)
    referrals_created: int = 0  # netj format, schema v3 records (after items: fields are only added)
    referrals_skipped: int = 0
    decisions_created: int = 0
    decisions_skipped: int = 0
    gains_changes_created: int = 0
    gains_changes_skipped: int = 0

    def add(self, item: ImportItem) -> None:
        self.items.append(item)
        setattr(self, item.action, getattr(self, item.action) + 1)


class _DryRun(Exception):
    pass


def _transaction(journal: Journal, dry_run: bool, body: Callable[[sqlite3.Connection], ImportSummary]) -> ImportSummary:
    try:
        with journal.write(create=not dry_run) as conn:
            summary = body(conn)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _fail(source: str, exc: FormatProblem | Any, line: int | None, what: str = "line") -> ImportFailed:
    where = f"{source}, {what} {line}" if line else source
    return ImportFailed(f"{where}: {exc}; nothing was imported.")


# --- people: shared by every format -----------------------------------------------------

_PERSON_FIELDS = ("handle", "name", "company", "title", "email", "phone", "url", "notes", "cadence", "status",
                  "review_on", "snoozed_until", "last_contact_on", "next_due_on", "created_at", "updated_at",
                  "birthday", *GAINS)
_PERSON_INSERT = (
    f"INSERT INTO person ({', '.join(_PERSON_FIELDS)}) VALUES ({', '.join(':' + f for f in _PERSON_FIELDS)})"
)
_FILLABLE = ("company", "title", "email", "phone", "url", "notes", "birthday", *GAINS)


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


class _Known:
    """The names and phone numbers already in the journal, read once per
    import: neither has an index, and a query per row would make an import
    quadratic. Kept up to date as the import creates and fills people."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.names: dict[str, str] = {}  # casefolded name -> handle
        self.phones: dict[str, list[int]] = {}  # digits -> ids
        for pid, handle, name, phone in conn.execute("SELECT id, handle, name, phone FROM person ORDER BY id"):
            self.add(pid, handle, name, phone)

    def add(self, pid: int, handle: str | None, name: str | None, phone: str | None) -> None:
        if name and handle:
            self.names.setdefault(name.casefold(), handle)
        digits = _digits(phone) if phone else ""
        if len(digits) >= 7 and pid not in self.phones.get(digits, ()):
            self.phones.setdefault(digits, []).append(pid)


def _matches(conn: sqlite3.Connection, emails: Iterable[str], url: str | None,
             phones: Iterable[str] = (), known: _Known | None = None) -> list[int]:
    """Who in the journal a record is: by email, profile URL or (with ``known``) phone."""
    ids: list[int] = []
    for e in emails:
        for (pid,) in conn.execute("SELECT id FROM person WHERE lower(email) = lower(:e)", {"e": e}):
            ids.append(pid)
    for key in url_keys(url):
        # "url IS NOT NULL" lets SQLite use the partial index ix_person_url
        for (pid,) in conn.execute("SELECT id FROM person WHERE url IS NOT NULL AND lower(url) = :u", {"u": key}):
            ids.append(pid)
    for p in phones if known is not None else ():
        d = _digits(p)
        if len(d) >= 7:
            ids.extend(known.phones.get(d, ()))
    return list(dict.fromkeys(ids))


def _free_handle(conn: sqlite3.Connection, base: str) -> str:
    return people_core.unique_handle(base, q.handles_taken(conn, base))


def _add_tags(conn: sqlite3.Connection, pid: int, tags: Iterable[str]) -> list[str]:
    have = {t for (t,) in conn.execute("SELECT tag FROM person_tag WHERE person_id = :p", {"p": pid})}
    new = sorted(set(tags) - have)
    conn.executemany("INSERT INTO person_tag (person_id, tag) VALUES (?, ?)", [(pid, t) for t in new])
    return new


def _fill(conn: sqlite3.Connection, pid: int, values: dict[str, Any], tags: Iterable[str], stamp: str) -> list[str]:
    """Fill the person's empty fields from ``values`` and add ``tags``; what changed."""
    row = conn.execute(f"SELECT {', '.join(_FILLABLE)} FROM person WHERE id = :id", {"id": pid}).fetchone()
    current = dict(zip(_FILLABLE, row))
    changes = {k: v for k, v in values.items() if k in _FILLABLE and v is not None and current[k] is None}
    if changes.get("email") and conn.execute(
        "SELECT 1 FROM person WHERE lower(email) = lower(:e) AND id <> :id", {"e": changes["email"], "id": pid}
    ).fetchone():
        del changes["email"]
    added = _add_tags(conn, pid, tags)
    if changes or added:
        sets = ", ".join(f"{k} = :{k}" for k in changes)
        conn.execute(f"UPDATE person SET {sets + ', ' if sets else ''}updated_at = :now WHERE id = :id",
                     {**changes, "now": stamp, "id": pid})
    return list(changes) + [f"tag {t}" for t in added]


# --- contacts (LinkedIn, Google, Outlook, vCard) -----------------------------------------


def _contact_values(c: Contact) -> tuple[dict[str, Any], list[str]]:
    """Person columns from a contact, validated like `netj people add`; the
    extra emails and phones (the journal keeps one of each) go into the notes."""
    from netjournal.domain.inputs import PersonIn, validated

    extra = [f"email {e}" for e in c.emails[1:]] + [f"phone {p}" for p in c.phones[1:]]
    notes = c.notes
    if extra:
        notes = ((notes + "\n\n") if notes else "") + "Also: " + ", ".join(extra)
    email = c.emails[0] if c.emails else None
    flat = lambda v: " ".join(v.split()) if v else v  # noqa: E731  one-line fields: a quoted newline becomes a space
    data = validated(
        PersonIn, name=flat(c.name), company=flat(c.company), title=flat(c.title), email=email,
        phone=flat(c.phones[0]) if c.phones else None, url=c.url, notes=notes, tags=list(c.tags),
    )
    values = {"name": data.name, "company": data.company, "title": data.title, "email": data.email,
              "phone": data.phone, "url": data.url, "notes": data.notes, "birthday": c.birthday}
    return values, list(data.tags)


def import_contacts(
    journal: Journal, source: str, fmt: str, contacts: Iterable[Contact | Skipped], *, now: datetime,
    tags: Iterable[str] = (), cadence: str | None = None, dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Create or merge each contact; all in one transaction."""
    from netjournal.domain.inputs import normalize_tag

    extra_tags = sorted({normalize_tag(t) for t in tags})
    span = parse_cadence(cadence) if cadence else None
    stamp = utc_stamp(now)
    summary = ImportSummary(file=source, format=fmt, dry_run=dry_run)

    def body(conn: sqlite3.Connection) -> ImportSummary:
        known = _Known(conn)
        n = 0
        it = iter(contacts)
        while True:
            try:
                c = next(it)
            except StopIteration:
                break
            except FormatProblem as exc:
                raise _fail(source, exc.message, exc.row, exc.what) from None
            n += 1
            if progress and n % 100 == 0:
                progress(n)
            if isinstance(c, Skipped):
                summary.add(ImportItem(c.row, "skipped", None, None, c.reason))
                continue
            _one_contact(conn, known, c, summary, extra_tags, span, now, stamp)
        if progress:
            progress(n)
        return summary

    return _transaction(journal, dry_run, body)


def _one_contact(conn, known: _Known, c: Contact, summary: ImportSummary, extra_tags, span, now, stamp) -> None:
    try:
        values, tags = _contact_values(c)
    except InvalidValue as exc:
        summary.add(ImportItem(c.row, "skipped", None, None, exc.message))
        return
    tags = sorted(set(tags) | set(extra_tags))
    found = _matches(conn, c.emails, values["url"], c.phones, known)
    if len(found) > 1:
        handles = [h for (h,) in conn.execute(
            f"SELECT handle FROM person WHERE id IN ({','.join('?' * len(found))}) ORDER BY handle", found)]
        summary.add(ImportItem(c.row, "skipped", None, values["name"],
                               f"matches {len(found)} people ({', '.join(handles)}); merge them by hand"))
        return
    if found:
        pid = found[0]
        handle = conn.execute("SELECT handle FROM person WHERE id = :id", {"id": pid}).fetchone()[0]
        changed = _fill(conn, pid, values, tags, stamp)
        if "phone" in changed:
            known.add(pid, None, None, values["phone"])
        summary.add(ImportItem(c.row, "merged" if changed else "unchanged", handle, values["name"],
                               ("filled " + ", ".join(changed)) if changed else None))
        return
    if not (c.emails or values["url"] or c.phones):
        same = known.names.get(values["name"].casefold())
        if same:
            summary.add(ImportItem(c.row, "skipped", same, values["name"],
                                   f"same name as {same} and no email, profile URL or phone to tell them apart"))
            return
    handle = _free_handle(conn, people_core.slugify(values["name"]))
    nxt = due_core.next_due_on(status="active", cadence=span, created_on=now.date(), last_contact_on=None,
                               snoozed_until=None)
    cur = conn.execute(_PERSON_INSERT, {
        **dict.fromkeys(GAINS), **values, "handle": handle, "cadence": str(span) if span else None, "status": "active",
        "review_on": None, "snoozed_until": None, "last_contact_on": None,
        "next_due_on": nxt.isoformat() if nxt else None, "created_at": stamp, "updated_at": stamp,
    })
    _add_tags(conn, cur.lastrowid, tags)
    known.add(cur.lastrowid, handle, values["name"], values["phone"])
    detail = ("repaired garbled text in " + ", ".join(c.repaired)) if c.repaired else None
    summary.add(ImportItem(c.row, "created", handle, values["name"], detail))


# --- netj's own export ------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _s(obj: dict, key: str, *, required: bool = False, nonempty: bool = False) -> str | None:
    v = obj.get(key)
    if v is None:
        if required:
            raise _Bad(f"{key} is missing")
        return None
    if not isinstance(v, str):
        raise _Bad(f"{key} is not a string")
    if nonempty and not v:
        raise _Bad(f"{key} is empty")
    if "\x00" in v:  # as `netj log` refuses one; and PostgreSQL cannot store it
        raise _Bad(f"{key} contains a NUL byte")
    return v


def _key(obj: dict, key: str, *, required: bool = False, nonempty: bool = False) -> str | None:
    """A text the journal looks people up by (handle, email, url): no longer
    than `netj people add` allows, so that its index can hold it on either
    backend (PostgreSQL's indexes refuse a key of more than ~2,700 bytes)."""
    from netjournal.domain.text import MAX_LINE

    v = _s(obj, key, required=required, nonempty=nonempty)
    if v is not None and len(v) > MAX_LINE:
        raise _Bad(f"{key} is {len(v)} characters long; the limit is {MAX_LINE}")
    return v


# The search index addresses a text as id * SEARCH_STRIDE + slot (storage/schema.py), a 64-bit rowid.
MAX_RECORD_ID = (2**63 - 1) // SEARCH_STRIDE  # id * 16 + 15 still fits


def _i(obj: dict, key: str, *, required: bool = False) -> int | None:
    v = obj.get(key)
    if v is None:
        if required:
            raise _Bad(f"{key} is missing")
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise _Bad(f"{key} is not an integer")
    if (key == "id" or key.endswith("_id")) and not 0 < v <= MAX_RECORD_ID:
        raise _Bad(f"{key} {v} is not a record id netj can keep (1 to {MAX_RECORD_ID})")
    return v


def _d(obj: dict, key: str, *, required: bool = False) -> str | None:
    v = _s(obj, key, required=required)
    if v is None:
        return None
    try:
        if date.fromisoformat(v).isoformat() != v:
            raise ValueError
    except ValueError:
        raise _Bad(f"{key} {v!r} is not a date (YYYY-MM-DD)") from None
    return v


_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_BDAY = re.compile(r"^(\d{4}|-)-\d{2}-\d{2}$")


def _ts(obj: dict, key: str) -> str:
    v = _s(obj, key, required=True)
    if not _STAMP.match(v):
        raise _Bad(f"{key} {v!r} is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)")
    return v


def _person_row(obj: dict) -> tuple[dict[str, Any], list[str]]:
    from netjournal.domain.inputs import normalize_tag

    status = _s(obj, "status", required=True)
    if status not in STATUSES:
        raise _Bad(f"status {status!r} is not one of {', '.join(STATUSES)}")
    cadence = _s(obj, "cadence")
    if cadence is not None:
        try:
            cadence = str(parse_cadence(cadence))
        except NetjError:
            raise _Bad(f"cadence {cadence!r} is not a cadence (30d, 2w, 3m)") from None
    bday = _s(obj, "birthday")
    if bday is not None and not _BDAY.match(bday):
        raise _Bad(f"birthday {bday!r} is not YYYY-MM-DD or --MM-DD")
    tags = obj.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _Bad("tags is not a list of strings")
    try:
        tags = sorted({normalize_tag(t) for t in tags})
    except ValueError as exc:
        raise _Bad(str(exc)) from None
    row = {
        "handle": _key(obj, "handle", required=True, nonempty=True), "name": _s(obj, "name", required=True, nonempty=True),
        "company": _s(obj, "company"), "title": _s(obj, "title"), "email": _key(obj, "email"),
        "phone": _s(obj, "phone"), "url": _key(obj, "url"), "notes": _s(obj, "notes"), "cadence": cadence,
        "status": status, "review_on": _d(obj, "review_on"), "snoozed_until": _d(obj, "snoozed_until"),
        "last_contact_on": _d(obj, "last_contact_on"), "next_due_on": _d(obj, "next_due_on"),
        "created_at": _ts(obj, "created_at"), "updated_at": _ts(obj, "updated_at"), "birthday": bday,
        **{g: _s(obj, g) for g in GAINS},  # absent in exports made before schema v3
    }
    return row, tags


def _meeting_row(obj: dict) -> tuple:
    kind = _s(obj, "kind", required=True)
    if kind not in KINDS:
        raise _Bad(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    at = _s(obj, "time")
    if at is not None and not _TIME.match(at):
        raise _Bad(f"time {at!r} is not HH:MM")
    return (_i(obj, "id", required=True), _d(obj, "date", required=True), at, kind, _s(obj, "place"),
            _s(obj, "notes"), _ts(obj, "created_at"), _author(obj))  # author: absent before schema v5


def _author(obj: dict, key: str = "author") -> str | None:
    """Who wrote a record: null, or a name as ``netj config set user.name`` keeps it."""
    from netjournal.domain.authorship import check_name

    v = _s(obj, key)
    if v is None:
        return None
    try:
        if check_name(v) == v:
            return v
    except InvalidValue:
        pass
    raise _Bad(f"{key} is not a name netj records (one line of 1-100 characters, no control characters, "
               "no leading, trailing or repeated spaces)")


def _attendees(obj: dict) -> list[tuple[int, int | None, dict[str, int], dict[str, str]]]:
    atts = obj.get("attendees")
    if not isinstance(atts, list) or not atts:
        raise _Bad("attendees is not a non-empty list")
    out = []
    for a in atts:
        if not isinstance(a, dict):
            raise _Bad("an attendee is not an object")
        scores = a.get("scores") or {}
        if not isinstance(scores, dict):
            raise _Bad("scores is not an object")
        clean: dict[str, int] = {}
        for dim, v in scores.items():
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5:
                raise _Bad(f"the {dim} score {v!r} is not a whole number from 1 to 5")
            if not dim:
                raise _Bad("a score has an empty dimension")
            clean[dim] = v
        late = _i(a, "minutes_late")
        by = a.get("scored_by") or {}  # absent before schema v5
        if not isinstance(by, dict):
            raise _Bad("scored_by is not an object")
        try:
            authors = {dim: _author(by, dim) for dim in by}
        except _Bad as exc:
            raise _Bad(f"scored_by: {exc.message}") from None
        if set(authors) - set(clean):
            raise _Bad("scored_by names a dimension that has no score")
        out.append((_i(a, "person_id", required=True), late, clean, {d: w for d, w in authors.items() if w}))
    if len({pid for pid, _, _, _ in out}) != len(out):
        raise _Bad("an attendee is listed twice")
    return out


def _one_of(obj: dict, key: str, words: tuple[str, ...], default: str | None = None) -> str:
    v = _s(obj, key, required=default is None)
    if v is None:
        v = default
    if v not in words:
        raise _Bad(f"{key} {v!r} is not one of {', '.join(words)}")
    return v


def _follow_up_row(obj: dict) -> tuple:
    return (_i(obj, "id", required=True), _i(obj, "person_id", required=True), _i(obj, "meeting_id"),
            _s(obj, "text", required=True, nonempty=True), _d(obj, "due_on", required=True), _d(obj, "done_on"),
            _ts(obj, "created_at"), _one_of(obj, "owed_by", OWED_BY, default="me"),  # absent before schema v3
            _author(obj))  # absent before schema v5


def _value(obj: dict, key: str) -> float | None:
    v = obj.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v < float("inf"):
        raise _Bad(f"{key} {v!r} is not a number of zero or more")
    return float(v)


def _referral_row(obj: dict) -> tuple:
    """``(id, direction, person_id, other_person_id, on_date, note, outcome, outcome_on, value, created_at,
    updated_at, author)``; the handles of the record are not read (ids are)."""
    pid, other = _i(obj, "person_id", required=True), _i(obj, "other_person_id")
    if other is not None and other == pid:
        raise _Bad("other_person_id is the same as person_id")
    return (_i(obj, "id", required=True), _one_of(obj, "direction", DIRECTIONS), pid, other,
            _d(obj, "date", required=True), _s(obj, "note"), _one_of(obj, "outcome", OUTCOMES),
            _d(obj, "outcome_on"), _value(obj, "value"), _ts(obj, "created_at"), _ts(obj, "updated_at"),
            _author(obj))


def _decision_row(obj: dict) -> tuple:
    """``(id, person_id, decided_on, status, review_on, reason, created_at)``."""
    return (_i(obj, "id", required=True), _i(obj, "person_id", required=True), _d(obj, "date", required=True),
            _one_of(obj, "status", STATUSES), _d(obj, "review_on"), _s(obj, "reason"), _ts(obj, "created_at"))


def _gains_change_row(obj: dict) -> tuple:
    """``(id, person_id, field, value, changed_on, created_at)``."""
    return (_i(obj, "id", required=True), _i(obj, "person_id", required=True), _one_of(obj, "field", GAINS),
            _s(obj, "value"), _d(obj, "date", required=True), _ts(obj, "created_at"))


_REFERRAL_INSERT = ("INSERT INTO referral (id, direction, person_id, other_person_id, on_date, note, outcome, "
                    "outcome_on, value, created_at, updated_at, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_MEETING_INSERT = "INSERT INTO meeting ({}on_date, at_time, kind, place, notes, created_at, author) VALUES ({}?, ?, ?, ?, ?, ?, ?)"
_ATTENDANCE_INSERT = "INSERT INTO attendance (meeting_id, person_id, on_date, minutes_late) VALUES (?, ?, ?, ?)"
_SCORE_INSERT = "INSERT INTO score (meeting_id, person_id, dimension, value, author) VALUES (?, ?, ?, ?, ?)"
_FOLLOW_UP_INSERT = ("INSERT INTO follow_up ({}person_id, meeting_id, text, due_on, done_on, created_at, owed_by, author) "
                     "VALUES ({}?, ?, ?, ?, ?, ?, ?, ?)")
_DECISION_INSERT = ("INSERT INTO decision (id, person_id, decided_on, status, review_on, reason, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)")
_GAINS_CHANGE_INSERT = ("INSERT INTO gains_change (id, person_id, field, value, changed_on, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)")


# When merging, an entry is the same one only with the same author; an entry
# without one (written before schema v5) is the same as its copy with an
# author, which then fills it in (as a matched person's empty fields are).
_SAME_AUTHOR = "(author IS ? OR author IS NULL OR CAST(? AS TEXT) IS NULL)"  # typed: PostgreSQL must know it


# Every table of records, those that refer to others first (``replace``).
_CLEAR_ORDER = ("score", "attendance", "follow_up", "referral", "decision", "gains_change", "person_tag", "meeting",
                "person")


def import_netj(
    journal: Journal, source: str, records: Iterator[tuple[str, dict, int | None]], *, now: datetime,
    tags: Iterable[str] = (), dry_run: bool = False, progress: Callable[[int], None] | None = None,
    only_into_empty: bool = False, replace: bool = False, author: str | None = None,
    before_replace: Callable[[sqlite3.Connection], None] | None = None,
) -> ImportSummary:
    """Restore or merge a netj export.

    Into an empty journal the ids are kept as in the file, so exporting again
    gives the same document. Into a journal that already has data, records
    get new ids (references are remapped), people are matched as contacts are
    (email, profile URL) or as the same record exported before (same handle
    and ``created_at``), and meetings, follow-ups, referrals, decisions and
    GAINS changes already there (same person, date and ``created_at``, for
    meetings, follow-ups and referrals the same author, and for meetings the
    same content) are skipped, so re-importing adds nothing.
    Exports made before schema v3 (no referrals, decisions, GAINS changes or
    ``owed_by``) import as they are. ``only_into_empty`` (``netj db copy``)
    refuses, in the same transaction, a journal that already has data
    (:class:`JournalNotEmpty`) instead of merging into it. ``replace`` (``netj
    db restore`` on a server) first deletes every record, in the same
    transaction: the journal ends up exactly as the file, or as it was.
    ``author`` is recorded on the meetings, scores, follow-ups and referrals
    of the file that have none (an export made before schema v5, handed over
    into a team journal), and on the same entries already in the journal
    without one; entries with an author keep theirs.
    """
    from netjournal.formats.netj import NetjFormatError
    from netjournal.domain.inputs import normalize_tag

    extra_tags = sorted({normalize_tag(t) for t in tags})
    summary = ImportSummary(file=source, format="netj", dry_run=dry_run)
    stamp = utc_stamp(now)

    def body(conn: sqlite3.Connection) -> ImportSummary:
        if replace:
            if before_replace is not None:
                before_replace(conn)
            for table in _CLEAR_ORDER:
                conn.execute(f"DELETE FROM {table}")
        restore = not any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
                          for t in ("person", "meeting", "follow_up"))
        if only_into_empty and not restore:
            raise JournalNotEmpty(*(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                    for t in ("person", "meeting", "follow_up")))
        summary.ids_kept = restore
        loader = (_Restore(conn, summary, extra_tags, author) if restore
                  else _Merge(conn, summary, extra_tags, stamp, author))
        line: int | None = None
        order = {"header": 0, "person": 1, "meeting": 2, "follow_up": 3, "referral": 4, "decision": 5,
                 "gains_change": 6}
        last = -1
        n = 0
        try:
            for kind, obj, line in records:
                if order[kind] < last:
                    raise _Bad(f"a {kind} record after the {[k for k, v in order.items() if v == last][0]} records; "
                               "netj exports list people, then meetings, follow-ups, referrals, decisions "
                               "and GAINS changes")
                last = order[kind]
                if kind == "header":
                    continue
                getattr(loader, kind)(obj, line)
                n += 1
                if progress and n % 10000 == 0:
                    progress(n)
            loader.finish()
        except NetjFormatError as exc:
            raise _fail(source, exc.message, exc.line) from None
        except _Bad as exc:
            raise _fail(source, exc.message, line) from None
        except integrity_errors() as exc:
            raise _fail(source, f"the records break a rule of the journal ({exc})", line) from None
        if last < 0:
            raise _fail(source, "the file is empty", None)
        if progress:
            progress(n)
        return summary

    return _transaction(journal, dry_run, body)


class _Restore:
    """Into an empty journal: ids kept, rows in bulk."""

    def __init__(self, conn: sqlite3.Connection, summary: ImportSummary, extra_tags: list[str],
                 default_author: str | None = None) -> None:
        self.conn, self.summary, self.extra_tags = conn, summary, extra_tags
        self.default_author = default_author  # for the entries without an author (import --author)
        self.people: set[int] = set()
        self.meetings: list[tuple] = []
        self.attendance: list[tuple] = []
        self.scores: list[tuple] = []
        self.meeting_lines: list[int | None] = []

    def person(self, obj: dict, line: int | None) -> None:
        row, tags = _person_row(obj)
        pid = _i(obj, "id", required=True)
        if pid in self.people:
            raise _Bad(f"person id {pid} appears twice")
        row["id"] = pid
        try:
            self.conn.execute(_PERSON_INSERT.replace("(handle,", "(id, handle,").replace("(:handle,", "(:id, :handle,"), row)
        except integrity_errors() as exc:
            what = "handle" if "handle" in str(exc) else "email" if "email" in str(exc) else "record"
            raise _Bad(f"the {what} of person {pid} is already used by an earlier person") from None
        self.conn.executemany("INSERT INTO person_tag (person_id, tag) VALUES (?, ?)",
                              [(pid, t) for t in sorted(set(tags) | set(self.extra_tags))])
        self.people.add(pid)
        self.summary.add(ImportItem(line, "created", row["handle"], row["name"]))

    def meeting(self, obj: dict, line: int | None) -> None:
        m = _meeting_row(obj)
        m = (*m[:7], m[7] or self.default_author)
        for pid, late, scores, scored_by in _attendees(obj):
            if pid not in self.people:
                raise _Bad(f"attendee person_id {pid} is not a person of the file")
            self.attendance.append((m[0], pid, m[1], late))
            self.scores.extend((m[0], pid, dim, v, scored_by.get(dim) or self.default_author)
                               for dim, v in scores.items())
        self.meetings.append(m)
        if len(self.meetings) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        c = self.conn
        if self.meetings:
            try:
                c.executemany(_MEETING_INSERT.format("id, ", "?, "), self.meetings)
            except integrity_errors():
                raise _Bad("a meeting id appears twice") from None
            c.executemany(_ATTENDANCE_INSERT, self.attendance)
            c.executemany(_SCORE_INSERT, self.scores)
            self.summary.meetings_created += len(self.meetings)
        self.meetings, self.attendance, self.scores = [], [], []

    def follow_up(self, obj: dict, line: int | None) -> None:
        self._flush()
        f = _follow_up_row(obj)
        f = (*f[:8], f[8] or self.default_author)
        if f[1] not in self.people:
            raise _Bad(f"person_id {f[1]} is not a person of the file")
        if f[2] is not None and not self.conn.execute("SELECT 1 FROM meeting WHERE id = ?", (f[2],)).fetchone():
            raise _Bad(f"meeting_id {f[2]} is not a meeting of the file")
        try:
            self.conn.execute(_FOLLOW_UP_INSERT.format("id, ", "?, "), f)
        except integrity_errors():
            raise _Bad(f"follow-up id {f[0]} appears twice") from None
        self.summary.follow_ups_created += 1

    def _person_of(self, pid: int | None, key: str = "person_id") -> None:
        if pid is not None and pid not in self.people:
            raise _Bad(f"{key} {pid} is not a person of the file")

    def _insert(self, sql: str, row: tuple, what: str) -> None:
        try:
            self.conn.execute(sql, row)
        except integrity_errors() as exc:
            if "UNIQUE" not in str(exc).upper():
                raise
            raise _Bad(f"{what} id {row[0]} appears twice") from None

    def referral(self, obj: dict, line: int | None) -> None:
        r = _referral_row(obj)
        r = (*r[:11], r[11] or self.default_author)
        self._person_of(r[2])
        self._person_of(r[3], "other_person_id")
        self._insert(_REFERRAL_INSERT, r, "referral")
        self.summary.referrals_created += 1

    def decision(self, obj: dict, line: int | None) -> None:
        d = _decision_row(obj)
        self._person_of(d[1])
        self._insert(_DECISION_INSERT, d, "decision")
        self.summary.decisions_created += 1

    def gains_change(self, obj: dict, line: int | None) -> None:
        g = _gains_change_row(obj)
        self._person_of(g[1])
        self._insert(_GAINS_CHANGE_INSERT, g, "GAINS change")
        self.summary.gains_changes_created += 1

    def finish(self) -> None:
        self._flush()


class _Merge:
    """Into a journal with data: new ids, matching, nothing added twice."""

    def __init__(self, conn: sqlite3.Connection, summary: ImportSummary, extra_tags: list[str], stamp: str,
                 default_author: str | None = None) -> None:
        self.conn, self.summary, self.extra_tags, self.stamp = conn, summary, extra_tags, stamp
        self.default_author = default_author  # for the entries without an author, here or in the file
        self.people: dict[int, int] = {}  # file id -> journal id
        self.meetings: dict[int, int] = {}
        self.touched: set[int] = set()

    def person(self, obj: dict, line: int | None) -> None:
        row, tags = _person_row(obj)
        fid = _i(obj, "id", required=True)
        if fid in self.people:
            raise _Bad(f"person id {fid} appears twice")
        tags = sorted(set(tags) | set(self.extra_tags))
        found = _matches(self.conn, [row["email"]] if row["email"] else [], row["url"])
        if not found:
            found = [pid for (pid,) in self.conn.execute(
                "SELECT id FROM person WHERE handle = :h AND created_at = :c", {"h": row["handle"], "c": row["created_at"]})]
        if len(found) > 1:
            raise _Bad(f"person {fid} ({row['handle']}) matches {len(found)} people in the journal")
        if found:
            pid = found[0]
            handle = self.conn.execute("SELECT handle FROM person WHERE id = ?", (pid,)).fetchone()[0]
            changed = _fill(self.conn, pid, row, tags, self.stamp)
            self.summary.add(ImportItem(line, "merged" if changed else "unchanged", handle, row["name"],
                                        ("filled " + ", ".join(changed)) if changed else None))
        else:
            if self.conn.execute("SELECT 1 FROM person WHERE handle = ?", (row["handle"],)).fetchone():
                row["handle"] = _free_handle(self.conn, row["handle"])
            pid = self.conn.execute(_PERSON_INSERT, row).lastrowid
            _add_tags(self.conn, pid, tags)
            self.summary.add(ImportItem(line, "created", row["handle"], row["name"]))
        self.people[fid] = pid

    def meeting(self, obj: dict, line: int | None) -> None:
        m = _meeting_row(obj)
        atts = []
        for fpid, late, scores, scored_by in _attendees(obj):
            if fpid not in self.people:
                raise _Bad(f"attendee person_id {fpid} is not a person of the file")
            atts.append((self.people[fpid], late, scores, scored_by))
        who = sorted(p for p, _, _, _ in atts)
        for mid, there_author in self.conn.execute(
            "SELECT id, author FROM meeting WHERE on_date = ? AND created_at = ? AND kind = ? AND at_time IS ? "
            f"AND place IS ? AND notes IS ? AND {_SAME_AUTHOR} ORDER BY author IS NULL, id",
            (m[1], m[6], m[3], m[2], m[4], m[5], m[7], m[7])).fetchall():
            there = sorted(p for (p,) in self.conn.execute("SELECT person_id FROM attendance WHERE meeting_id = ?", (mid,)))
            if there == who:
                fill = m[7] or self.default_author
                if there_author is None and fill is not None:  # the same entry, now with its author: fill it in
                    self.conn.execute("UPDATE meeting SET author = ? WHERE id = ?", (fill, mid))
                self.conn.executemany(
                    "UPDATE score SET author = ? WHERE meeting_id = ? AND person_id = ? AND dimension = ? "
                    "AND author IS NULL", [(w, mid, pid, d) for pid, _, scores, by in atts for d in scores
                                           if (w := by.get(d) or self.default_author) is not None])
                self.meetings[m[0]] = mid
                self.summary.meetings_skipped += 1
                return
        mid = self.conn.execute(_MEETING_INSERT.format("", ""), (*m[1:7], m[7] or self.default_author)).lastrowid
        self.conn.executemany(_ATTENDANCE_INSERT, [(mid, pid, m[1], late) for pid, late, _, _ in atts])
        self.conn.executemany(_SCORE_INSERT, [(mid, pid, d, v, by.get(d) or self.default_author)
                                              for pid, _, scores, by in atts for d, v in scores.items()])
        self.meetings[m[0]] = mid
        self.touched.update(who)
        self.summary.meetings_created += 1

    def follow_up(self, obj: dict, line: int | None) -> None:
        fid, fpid, fmid, text, due_on, done_on, created, owed_by, author = _follow_up_row(obj)
        if fpid not in self.people:
            raise _Bad(f"person_id {fpid} is not a person of the file")
        if fmid is not None and fmid not in self.meetings:
            raise _Bad(f"meeting_id {fmid} is not a meeting of the file")
        pid, mid = self.people[fpid], self.meetings.get(fmid) if fmid is not None else None
        same = self.conn.execute(
            "SELECT id FROM follow_up WHERE person_id = ? AND text = ? AND due_on = ? AND created_at = ? "
            f"AND {_SAME_AUTHOR} ORDER BY author IS NULL, id", (pid, text, due_on, created, author, author)).fetchone()
        author = author or self.default_author
        if same:
            self.conn.execute("UPDATE follow_up SET author = ? WHERE id = ? AND author IS NULL", (author, same[0]))
            self.summary.follow_ups_skipped += 1
            return
        self.conn.execute(_FOLLOW_UP_INSERT.format("", ""), (pid, mid, text, due_on, done_on, created, owed_by, author))
        self.summary.follow_ups_created += 1

    def _person_of(self, fpid: int | None, key: str = "person_id") -> int | None:
        if fpid is None:
            return None
        if fpid not in self.people:
            raise _Bad(f"{key} {fpid} is not a person of the file")
        return self.people[fpid]

    def _add(self, kind: str, row: tuple, insert: str, seen: str, key: tuple) -> None:
        """Insert ``row`` with a new id (its first value, the file's id, is
        dropped) unless ``seen`` with ``key`` finds the same record already there."""
        if self.conn.execute(seen, key).fetchone():
            setattr(self.summary, f"{kind}_skipped", getattr(self.summary, f"{kind}_skipped") + 1)
            return
        self.conn.execute(insert, (None, *row[1:]))
        setattr(self.summary, f"{kind}_created", getattr(self.summary, f"{kind}_created") + 1)

    def referral(self, obj: dict, line: int | None) -> None:
        rid, direction, fpid, fother, on, note, outcome, outcome_on, value, created, updated, author = _referral_row(obj)
        pid, other = self._person_of(fpid), self._person_of(fother, "other_person_id")
        # the same referral: same people, direction, date, created_at and author (its outcome may have moved on)
        key = (pid, direction, other, on, created, author, author)
        same = ("SELECT id FROM referral WHERE person_id = ? AND direction = ? AND other_person_id IS ? "
                f"AND on_date = ? AND created_at = ? AND {_SAME_AUTHOR} ORDER BY author IS NULL, id")
        found = self.conn.execute(same, key).fetchone()
        author = author or self.default_author
        if found:
            self.conn.execute("UPDATE referral SET author = ? WHERE id = ? AND author IS NULL", (author, found[0]))
        self._add("referrals", (rid, direction, pid, other, on, note, outcome, outcome_on, value, created, updated,
                                author), _REFERRAL_INSERT, same, key)

    def decision(self, obj: dict, line: int | None) -> None:
        did, fpid, on, status, review_on, reason, created = _decision_row(obj)
        pid = self._person_of(fpid)
        self._add("decisions", (did, pid, on, status, review_on, reason, created), _DECISION_INSERT,
                  "SELECT 1 FROM decision WHERE person_id = ? AND decided_on = ? AND status = ? AND created_at = ?",
                  (pid, on, status, created))

    def gains_change(self, obj: dict, line: int | None) -> None:
        gid, fpid, name, value, on, created = _gains_change_row(obj)
        pid = self._person_of(fpid)
        self._add("gains_changes", (gid, pid, name, value, on, created), _GAINS_CHANGE_INSERT,
                  "SELECT 1 FROM gains_change WHERE person_id = ? AND field = ? AND value IS ? AND changed_on = ? "
                  "AND created_at = ?", (pid, name, value, on, created))

    def finish(self) -> None:
        """Meetings added to people already in the journal move their clocks."""
        for pid in self.touched:
            status, cadence, created, last, snoozed, before = self.conn.execute(
                "SELECT status, cadence, created_at, (SELECT max(on_date) FROM attendance WHERE person_id = :id), "
                "snoozed_until, last_contact_on FROM person WHERE id = :id", {"id": pid}).fetchone()
            last_d = date.fromisoformat(last) if last else None
            snoozed_d = date.fromisoformat(snoozed) if snoozed else None
            if last != before:  # a newer meeting was added: it ends the snooze, as `netj log` does
                snoozed_d = None
            nxt = due_core.next_due_on(status=status, cadence=parse_cadence(cadence) if cadence else None,
                                       created_on=date.fromisoformat(created[:10]), last_contact_on=last_d,
                                       snoozed_until=snoozed_d)
            self.conn.execute(
                "UPDATE person SET last_contact_on = :l, snoozed_until = :s, next_due_on = :n WHERE id = :id",
                {"l": last, "s": snoozed_d.isoformat() if snoozed_d else None,
                 "n": nxt.isoformat() if nxt else None, "id": pid})


# --- one file, any format ---------------------------------------------------------------------

FORMATS = ("auto", "netj", "linkedin", "google", "outlook", "vcard")


def detect_format(name: str, head: bytes) -> str | None:
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


def import_file(
    journal: Journal, path: str, *, fmt: str = "auto", now: datetime, tags: Iterable[str] = (),
    cadence: str | None = None, encoding: str | None = None, dry_run: bool = False,
    progress: Callable[[int], None] | None = None, author: str | None = None,
) -> ImportSummary:
    """``netj import FILE``: detect the format, parse, and import in one
    transaction; ``author``: see :func:`import_netj` (netj files only)."""
    from pathlib import Path

    p = Path(path).expanduser()
    name = p.name
    try:
        f = p.open("rb")
    except FileNotFoundError:
        raise InvalidValue(f"no such file {path!r}.") from None
    except IsADirectoryError:
        raise InvalidValue(f"{path!r} is a directory; give the file to import.") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {path}: {exc.strerror}.") from None
    with f:
        if not f.seekable():  # a pipe: its format is told from its first bytes, which a pipe cannot give back
            raise ImportFailed(f"{name}: is a pipe, not a file; save it to a file and import that. "
                               "Nothing was imported.")
        head = f.read(65536)
        f.seek(0)
        if not head.strip():
            raise ImportFailed(f"{name}: the file is empty; nothing was imported.")
        if fmt == "auto":
            fmt = detect_format(name, head) or ""
            if not fmt:
                raise ImportFailed(
                    f"{name}: cannot tell what kind of file this is; pass --format "
                    f"({', '.join(FORMATS[1:])}). Nothing was imported.")
        if fmt == "netj":
            from netjournal.formats import netj

            if head.startswith(b"PK\x03\x04") or b"\x00" in head[:4096]:
                raise ImportFailed(f"{name}: is a binary file, not a netj export; nothing was imported.")
            return import_netj(journal, name, netj.read(f), now=now, tags=tags, dry_run=dry_run, progress=progress,
                               author=author)
        if author is not None:
            raise InvalidValue(f"--author names who wrote the meetings of a netj export; {name} is a {fmt} "
                               "contacts file, which has none.")
        if cadence is not None:
            parse_cadence(cadence)
        try:
            contacts = _contacts(fmt, name, f, encoding)
        except FormatProblem as exc:
            raise _fail(name, exc.message, exc.row, exc.what) from None
        return import_contacts(journal, name, fmt, contacts, now=now, tags=tags, cadence=cadence,
                               dry_run=dry_run, progress=progress)


def _contacts(fmt: str, name: str, f, encoding: str | None) -> Iterator[Contact | Skipped]:
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
