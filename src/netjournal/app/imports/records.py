"""netj's own export, record by record: each JSON object checked and turned
into the values of its rows, or :class:`Bad` saying what is wrong with it."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal, overload

from netjournal.domain.dates import parse_cadence
from netjournal.domain.vocab import (
    DIRECTIONS,
    GAINS,
    KINDS,
    OUTCOMES,
    OWED_BY,
    STATUSES,
)
from netjournal.errors import InvalidValue, NetjError
from netjournal.storage.schema import SEARCH_STRIDE


class Bad(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


@overload
def _s(obj: dict, key: str, *, required: Literal[True], nonempty: bool = False) -> str: ...


@overload
def _s(obj: dict, key: str, *, required: bool = False, nonempty: bool = False) -> str | None: ...


def _s(obj: dict, key: str, *, required: bool = False, nonempty: bool = False) -> str | None:
    v = obj.get(key)
    if v is None:
        if required:
            raise Bad(f"{key} is missing")
        return None
    if not isinstance(v, str):
        raise Bad(f"{key} is not a string")
    if nonempty and not v:
        raise Bad(f"{key} is empty")
    if "\x00" in v:  # as `netj log` refuses one; and PostgreSQL cannot store it
        raise Bad(f"{key} contains a NUL byte")
    return v


@overload
def _key(obj: dict, key: str, *, required: Literal[True], nonempty: bool = False) -> str: ...


@overload
def _key(obj: dict, key: str, *, required: bool = False, nonempty: bool = False) -> str | None: ...


def _key(obj: dict, key: str, *, required: bool = False, nonempty: bool = False) -> str | None:
    """A text the journal looks people up by (handle, email, url): no longer
    than `netj people add` allows, so that its index can hold it on either
    backend (PostgreSQL's indexes refuse a key of more than ~2,700 bytes)."""
    from netjournal.domain.text import MAX_LINE

    v = _s(obj, key, required=required, nonempty=nonempty)
    if v is not None and len(v) > MAX_LINE:
        raise Bad(f"{key} is {len(v)} characters long; the limit is {MAX_LINE}")
    return v


# The search index addresses a text as id * SEARCH_STRIDE + slot (storage/schema.py), a 64-bit rowid.
MAX_RECORD_ID = (2**63 - 1) // SEARCH_STRIDE  # id * 16 + 15 still fits


@overload
def integer(obj: dict, key: str, *, required: Literal[True]) -> int: ...


@overload
def integer(obj: dict, key: str, *, required: bool = False) -> int | None: ...


def integer(obj: dict, key: str, *, required: bool = False) -> int | None:
    v = obj.get(key)
    if v is None:
        if required:
            raise Bad(f"{key} is missing")
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise Bad(f"{key} is not an integer")
    if (key == "id" or key.endswith("_id")) and not 0 < v <= MAX_RECORD_ID:
        raise Bad(f"{key} {v} is not a record id netj can keep (1 to {MAX_RECORD_ID})")
    return v


@overload
def _d(obj: dict, key: str, *, required: Literal[True]) -> str: ...


@overload
def _d(obj: dict, key: str, *, required: bool = False) -> str | None: ...


def _d(obj: dict, key: str, *, required: bool = False) -> str | None:
    v = _s(obj, key, required=required)
    if v is None:
        return None
    try:
        if date.fromisoformat(v).isoformat() != v:
            raise ValueError
    except ValueError:
        raise Bad(f"{key} {v!r} is not a date (YYYY-MM-DD)") from None
    return v


_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


_BDAY = re.compile(r"^(\d{4}|-)-\d{2}-\d{2}$")


def _ts(obj: dict, key: str) -> str:
    v = _s(obj, key, required=True)
    if not _STAMP.match(v):
        raise Bad(f"{key} {v!r} is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)")
    return v


def person_row(obj: dict) -> tuple[dict[str, Any], list[str]]:
    from netjournal.domain.inputs import normalize_tag

    status = _s(obj, "status", required=True)
    if status not in STATUSES:
        raise Bad(f"status {status!r} is not one of {', '.join(STATUSES)}")
    cadence = _s(obj, "cadence")
    if cadence is not None:
        try:
            cadence = str(parse_cadence(cadence))
        except NetjError:
            raise Bad(f"cadence {cadence!r} is not a cadence (30d, 2w, 3m)") from None
    bday = _s(obj, "birthday")
    if bday is not None and not _BDAY.match(bday):
        raise Bad(f"birthday {bday!r} is not YYYY-MM-DD or --MM-DD")
    tags = obj.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise Bad("tags is not a list of strings")
    try:
        tags = sorted({normalize_tag(t) for t in tags})
    except ValueError as exc:
        raise Bad(str(exc)) from None
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


def meeting_row(obj: dict) -> tuple:
    kind = _s(obj, "kind", required=True)
    if kind not in KINDS:
        raise Bad(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    at = _s(obj, "time")
    if at is not None and not _TIME.match(at):
        raise Bad(f"time {at!r} is not HH:MM")
    return (integer(obj, "id", required=True), _d(obj, "date", required=True), at, kind, _s(obj, "place"),
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
    raise Bad(f"{key} is not a name netj records (one line of 1-100 characters, no control characters, "
               "no leading, trailing or repeated spaces)")


def attendees(obj: dict) -> list[tuple[int, int | None, dict[str, int], dict[str, str]]]:
    atts = obj.get("attendees")
    if not isinstance(atts, list) or not atts:
        raise Bad("attendees is not a non-empty list")
    out = []
    for a in atts:
        if not isinstance(a, dict):
            raise Bad("an attendee is not an object")
        scores = a.get("scores") or {}
        if not isinstance(scores, dict):
            raise Bad("scores is not an object")
        clean: dict[str, int] = {}
        for dim, v in scores.items():
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5:
                raise Bad(f"the {dim} score {v!r} is not a whole number from 1 to 5")
            if not dim:
                raise Bad("a score has an empty dimension")
            clean[dim] = v
        late = integer(a, "minutes_late")
        by = a.get("scored_by") or {}  # absent before schema v5
        if not isinstance(by, dict):
            raise Bad("scored_by is not an object")
        try:
            authors = {dim: _author(by, dim) for dim in by}
        except Bad as exc:
            raise Bad(f"scored_by: {exc.message}") from None
        if set(authors) - set(clean):
            raise Bad("scored_by names a dimension that has no score")
        out.append((integer(a, "person_id", required=True), late, clean, {d: w for d, w in authors.items() if w}))
    if len({pid for pid, _, _, _ in out}) != len(out):
        raise Bad("an attendee is listed twice")
    return out


def _one_of(obj: dict, key: str, words: tuple[str, ...], default: str | None = None) -> str:
    v = _s(obj, key, required=default is None)
    if v is None:
        v = default
    if v not in words:
        raise Bad(f"{key} {v!r} is not one of {', '.join(words)}")
    return v


def follow_up_row(obj: dict) -> tuple:
    return (integer(obj, "id", required=True), integer(obj, "person_id", required=True), integer(obj, "meeting_id"),
            _s(obj, "text", required=True, nonempty=True), _d(obj, "due_on", required=True), _d(obj, "done_on"),
            _ts(obj, "created_at"), _one_of(obj, "owed_by", OWED_BY, default="me"),  # absent before schema v3
            _author(obj))  # absent before schema v5


def _value(obj: dict, key: str) -> float | None:
    v = obj.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v < float("inf"):
        raise Bad(f"{key} {v!r} is not a number of zero or more")
    return float(v)


def referral_row(obj: dict) -> tuple:
    """``(id, direction, person_id, other_person_id, on_date, note, outcome, outcome_on, value, created_at,
    updated_at, author)``; the handles of the record are not read (ids are)."""
    pid, other = integer(obj, "person_id", required=True), integer(obj, "other_person_id")
    if other is not None and other == pid:
        raise Bad("other_person_id is the same as person_id")
    return (integer(obj, "id", required=True), _one_of(obj, "direction", DIRECTIONS), pid, other,
            _d(obj, "date", required=True), _s(obj, "note"), _one_of(obj, "outcome", OUTCOMES),
            _d(obj, "outcome_on"), _value(obj, "value"), _ts(obj, "created_at"), _ts(obj, "updated_at"),
            _author(obj))


def decision_row(obj: dict) -> tuple:
    """``(id, person_id, decided_on, status, review_on, reason, created_at)``."""
    return (integer(obj, "id", required=True), integer(obj, "person_id", required=True), _d(obj, "date", required=True),
            _one_of(obj, "status", STATUSES), _d(obj, "review_on"), _s(obj, "reason"), _ts(obj, "created_at"))


def gains_change_row(obj: dict) -> tuple:
    """``(id, person_id, field, value, changed_on, created_at)``."""
    return (integer(obj, "id", required=True), integer(obj, "person_id", required=True), _one_of(obj, "field", GAINS),
            _s(obj, "value"), _d(obj, "date", required=True), _ts(obj, "created_at"))
