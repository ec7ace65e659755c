"""Contacts files (LinkedIn, Google, Outlook, vCard) into the journal, in one transaction.

A contact with no email, profile URL or phone whose name is already in the
journal is skipped and listed, not merged and not duplicated."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from netjournal.app.imports.identity import (
    PERSON_INSERT,
    Known,
    add_tags,
    fill_in,
    matches,
)
from netjournal.app.imports.summary import (
    ImportItem,
    ImportSummary,
    failed,
    run_in_transaction,
)
from netjournal.domain.dates import parse_cadence, utc_stamp
from netjournal.domain.handles import slugify
from netjournal.errors import InvalidValue
from netjournal.formats.contacts import Contact, FormatProblem, Skipped
from netjournal.storage import derived
from netjournal.storage.base import Connection, Journal
from netjournal.storage.queries.people import PERSON_FIELDS, free_handle
from netjournal.storage.undo import record as undo_record


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

    def body(conn: Connection) -> ImportSummary:
        undo_record.mark(conn, "bulk")  # undone whole, from the ranges of ids it added
        known = Known(conn)
        n = 0
        it = iter(contacts)
        while True:
            try:
                c = next(it)
            except StopIteration:
                break
            except FormatProblem as exc:
                raise failed(source, exc.message, exc.row, exc.what) from None
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

    return run_in_transaction(journal, dry_run, body)


def _one_contact(conn, known: Known, c: Contact, summary: ImportSummary, extra_tags, span, now, stamp) -> None:
    try:
        values, tags = _contact_values(c)
    except InvalidValue as exc:
        summary.add(ImportItem(c.row, "skipped", None, None, exc.message))
        return
    tags = sorted(set(tags) | set(extra_tags))
    found = matches(conn, c.emails, values["url"], c.phones, known)
    if len(found) > 1:
        handles = [h for (h,) in conn.execute(
            f"SELECT handle FROM person WHERE id IN ({','.join('?' * len(found))}) ORDER BY handle", found)]
        summary.add(ImportItem(c.row, "skipped", None, values["name"],
                               f"matches {len(found)} people ({', '.join(handles)}); merge them by hand"))
        return
    if found:
        pid = found[0]
        handle = conn.execute("SELECT handle FROM person WHERE id = :id", {"id": pid}).fetchone()[0]
        changed = fill_in(conn, pid, values, tags, stamp)
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
    handle = free_handle(conn, slugify(values["name"]))
    cur = conn.execute(PERSON_INSERT, {
        **dict.fromkeys(PERSON_FIELDS), **values, "handle": handle, "cadence": str(span) if span else None,
        "status": "active", "created_at": stamp, "updated_at": stamp,
    })
    derived.refresh(conn, [cur.lastrowid])
    add_tags(conn, cur.lastrowid, tags)
    known.add(cur.lastrowid, handle, values["name"], values["phone"])
    detail = ("repaired garbled text in " + ", ".join(c.repaired)) if c.repaired else None
    summary.add(ImportItem(c.row, "created", handle, values["name"], detail))
