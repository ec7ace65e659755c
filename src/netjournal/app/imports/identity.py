"""Who is already in the journal: matching a record to a person, and
filling in what the journal does not know yet.

Contacts are the same person when an email matches (case-insensitively), or
the profile URL does (``http``/``https``, ``www.``, trailing ``/`` ignored),
or a phone number does (same digits); never by name alone. A match fills the
person's empty fields and adds tags; it never overwrites."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from netjournal.domain.vocab import GAINS
from netjournal.formats.contacts import url_keys
from netjournal.storage.base import Connection
from netjournal.storage.queries.people import PERSON_FIELDS

PERSON_INSERT = (
    f"INSERT INTO person ({', '.join(PERSON_FIELDS)}) VALUES ({', '.join(':' + f for f in PERSON_FIELDS)})"
)


FILLABLE = ("company", "title", "email", "phone", "url", "notes", "birthday", *GAINS)


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


class Known:
    """The names and phone numbers already in the journal, read once per
    import: neither has an index, and a query per row would make an import
    quadratic. Kept up to date as the import creates and fills people."""

    def __init__(self, conn: Connection) -> None:
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


def matches(conn: Connection, emails: Iterable[str], url: str | None,
             phones: Iterable[str] = (), known: Known | None = None) -> list[int]:
    """Who in the journal a record is: by email, profile URL or (with ``known``) phone."""
    ids: list[int] = []
    for e in emails:
        for (pid,) in conn.execute("SELECT id FROM person WHERE lower(email) = lower(:e)", {"e": e}):
            ids.append(pid)
    for key in url_keys(url):
        # "url IS NOT NULL" lets SQLite use the partial index ix_person_url
        for (pid,) in conn.execute("SELECT id FROM person WHERE url IS NOT NULL AND lower(url) = :u", {"u": key}):
            ids.append(pid)
    if known is not None:
        for p in phones:
            d = _digits(p)
            if len(d) >= 7:
                ids.extend(known.phones.get(d, ()))
    return list(dict.fromkeys(ids))


def add_tags(conn: Connection, pid: int, tags: Iterable[str]) -> list[str]:
    have = {t for (t,) in conn.execute("SELECT tag FROM person_tag WHERE person_id = :p", {"p": pid})}
    new = sorted(set(tags) - have)
    conn.executemany("INSERT INTO person_tag (person_id, tag) VALUES (?, ?)", [(pid, t) for t in new])
    return new


def fill_in(conn: Connection, pid: int, values: dict[str, Any], tags: Iterable[str], stamp: str) -> list[str]:
    """Fill the person's empty fields from ``values`` and add ``tags``; what changed."""
    row = conn.execute(f"SELECT {', '.join(FILLABLE)} FROM person WHERE id = :id", {"id": pid}).fetchone()
    current = dict(zip(FILLABLE, row, strict=True))
    changes = {k: v for k, v in values.items() if k in FILLABLE and v is not None and current[k] is None}
    if changes.get("email") and conn.execute(
        "SELECT 1 FROM person WHERE lower(email) = lower(:e) AND id <> :id", {"e": changes["email"], "id": pid}
    ).fetchone():
        del changes["email"]
    added = add_tags(conn, pid, tags)
    if changes or added:
        sets = ", ".join(f"{k} = :{k}" for k in changes)
        conn.execute(f"UPDATE person SET {sets + ', ' if sets else ''}updated_at = :now WHERE id = :id",
                     {**changes, "now": stamp, "id": pid})
    return list(changes) + [f"tag {t}" for t in added]
