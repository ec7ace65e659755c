"""vCard export (``netj export --format vcard``): one card per person.

vCard **3.0** (RFC 2426), written with vobject. 3.0 rather than 4.0 because it
is the version every address book that matters reads and writes: Apple
Contacts and Google Contacts export 3.0, Outlook imports only 2.1 and 3.0,
Android reads 2.1 and 3.0; 4.0 adds nothing netj needs. vobject serialises
3.0 natively: escaping (``\\,`` ``\\;`` ``\\n`` ``\\\\``), folding at 75 octets
without splitting a UTF-8 character, CRLF line ends.

Each card: ``UID`` (stable: the same person gets the same UID in every
export, so re-importing updates instead of duplicating), ``FN``, ``N`` (the
name split at its last space: netj keeps one name), ``ORG``, ``TITLE``,
``EMAIL``, ``TEL``, ``URL``, ``BDAY`` (``YYYY-MM-DD``, or ``--MMDD`` when the
year is unknown, the ISO 8601 truncated form that vCard 4.0 standardised and
Google and Android read), ``NOTE`` (the person's notes, never meeting notes)
and ``CATEGORIES`` (the tags). Cards are written one at a time: the export
streams in constant memory.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import BinaryIO

# A fixed namespace: UIDs depend only on the person, never on the run.
NAMESPACE = uuid.UUID("6b1c2f8e-3d4a-5e6f-8a9b-0c1d2e3f4a5b")


def uid(person) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'person:{person.id}:{person.created_at}')}"


def split_name(name: str) -> tuple[str, str]:
    """``(given, family)``: the last word is the family name."""
    given, _, family = name.strip().rpartition(" ")
    return (given, family) if given else (family, "")


def vcard_birthday(birthday: str) -> str:
    """``1980-03-14`` stays; ``--03-14`` becomes ``--0314``."""
    return "--" + birthday[2:].replace("-", "") if birthday.startswith("--") else birthday


def card(person) -> str:
    import vobject

    c = vobject.vCard()
    c.add("uid").value = uid(person)
    c.add("fn").value = person.name
    given, family = split_name(person.name)
    c.add("n").value = vobject.vcard.Name(family=family, given=given)
    if person.company:
        c.add("org").value = [person.company]
    if person.title:
        c.add("title").value = person.title
    if person.email:
        line = c.add("email")
        line.value = person.email
        line.type_param = "INTERNET"
    if person.phone:
        c.add("tel").value = person.phone
    if person.url:
        c.add("url").value = person.url
    if person.birthday:
        c.add("bday").value = vcard_birthday(person.birthday)
    if person.notes:
        c.add("note").value = person.notes
    if person.tags:
        c.add("categories").value = list(person.tags)
    return c.serialize()


def write(pairs: Iterable[tuple[str, object]], out: BinaryIO) -> None:
    """One card per ``person`` record, in export order."""
    for kind, record in pairs:
        if kind == "person":
            out.write(card(record).encode("utf-8"))
