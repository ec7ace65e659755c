"""vCard 2.1, 3.0 and 4.0 (``.vcf``, many cards per file), read with vobject.

vobject handles folding, escaping (``\\,`` ``\\;`` ``\\n``), parameters and
base64; what it does not handle is patched here, before and after it:

* vCard 2.1 quoted-printable soft line breaks (a line ending in ``=``, as
  Android and old Outlook write long notes) are not unfolded by vobject's
  line reader: they are joined first;
* quoted-printable values are decoded with the card's ``CHARSET`` (UTF-8 by
  default), so no ``=C3=A9`` debris reaches the journal;
* 2.1's bare type words (``TEL;CELL:``) and 4.0's ``tel:`` URIs are read;
* birthdays: ``1980-03-14``, ``19800314``, ``--0314`` / ``--03-14`` (no
  year), Apple's ``1604`` year with ``X-APPLE-OMIT-YEAR``; anything else is
  left empty rather than guessed.

Photos are ignored: the journal keeps no images.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator

from netjournal.formats.contacts import (
    Contact,
    FormatProblem,
    Skipped,
    canonical_url,
    clean,
    decode,
    parse_birthday,
)

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.I)
_END = re.compile(r"^END:VCARD\s*$", re.I)


def _cards(text: str) -> Iterator[tuple[int, str]]:
    """Each card's text with its first line number; QP soft breaks joined."""
    lines = re.split(r"\r\n|\r|\n", text)
    card: list[str] | None = None
    start = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        n = i + 1
        i += 1
        if card is None:
            if not line.strip():
                continue
            if not _BEGIN.match(line):
                raise FormatProblem("is not a vCard file (expected BEGIN:VCARD)", n)
            card, start = [line], n
            continue
        if _BEGIN.match(line):
            raise FormatProblem("a card starts before the previous one ended (no END:VCARD); is the file cut short?", n)
        if not line.strip():
            continue  # 2.1 ends base64 photos with a blank line
        head = line.split(":", 1)[0].upper()
        if "QUOTED-PRINTABLE" in head:
            while line.endswith("=") and i < len(lines):
                line = line[:-1] + lines[i]
                i += 1
        card.append(line)
        if _END.match(line):
            yield start, "\r\n".join(card) + "\r\n"
            card = None
    if card is not None:
        raise FormatProblem("the last card has no END:VCARD; is the file cut short?", start, what="line")


def parse(data: bytes, *, encoding: str | None = None) -> Iterator[Contact | Skipped]:
    import vobject

    text = decode(data, encoding)
    any_card = False
    for line, card_text in _cards(text):
        any_card = True
        try:
            card = vobject.readOne(card_text, allowQP=True)
        except Exception as exc:  # vobject raises ParseError and others on broken cards
            yield Skipped(line, f"the card cannot be read ({str(exc).splitlines()[0][:80]})")
            continue
        yield _contact(line, card)
    if not any_card:
        raise FormatProblem("has no cards (no BEGIN:VCARD)", None)


def _text(line) -> str | None:
    """A property's text, QP-decoded with its charset, lists joined."""
    value = line.value
    params = {k.upper(): [v.upper() for v in vs] for k, vs in line.params.items()}
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    if not isinstance(value, str):
        value = str(value)
    enc = params.get("ENCODING", [])
    if "QUOTED-PRINTABLE" in enc or "QUOTED-PRINTABLE" in (line.singletonparams or []):
        charset = (params.get("CHARSET") or ["UTF-8"])[0]
        raw = quopri.decodestring(value.encode("latin-1", "replace"))
        try:
            value = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise ValueError(f"{line.name} is not valid {charset} text") from None
    return value


def _types(line) -> set[str]:
    out = {s.upper() for s in (line.singletonparams or [])}
    for v in line.params.get("TYPE", []):
        out |= {t.strip().upper() for t in v.split(",")}
    return out


def _ordered(lines) -> list:
    """Preferred values first (TYPE=pref, PREF=1), else file order."""
    def rank(line):
        pref = "PREF" in _types(line) or any(p in ("1",) for p in line.params.get("PREF", []))
        return 0 if pref else 1
    return sorted(lines, key=rank)


def _contact(row: int, card) -> Contact | Skipped:
    repaired: list[str] = []
    contents = card.contents

    def first(name: str) -> str | None:
        for line in contents.get(name, []):
            value, fixed = clean(_text(line))
            if fixed:
                repaired.append(name)
            if value:
                return value
        return None

    try:
        name = first("fn")
        if not name and "n" in contents:
            n = contents["n"][0].value
            parts = [getattr(n, k, "") for k in ("prefix", "given", "additional", "family", "suffix")]
            name = clean(" ".join(" ".join(p) if isinstance(p, list) else p for p in parts if p))[0]
        org = None
        if "org" in contents:
            value = contents["org"][0].value
            org = clean(value[0] if isinstance(value, list) and value else _text(contents["org"][0]))[0]
        title = first("title")
        notes = first("note")
        emails: list[str] = []
        for line in _ordered(contents.get("email", [])):
            e = clean(_text(line))[0]
            if e and "@" in e and e.lower() not in (x.lower() for x in emails):
                emails.append(e)
        phones: list[str] = []
        for line in _ordered(contents.get("tel", [])):
            p = clean(_text(line))[0]
            if p:
                p = re.sub(r"^tel:", "", p, flags=re.I)
                if p not in phones:
                    phones.append(p)
        urls = [u for line in contents.get("url", []) if (u := clean(_text(line))[0])]
        profile = next((u for u in urls if "linkedin.com/in/" in u.lower()), urls[0] if urls else None)
        categories: list[str] = []
        for line in contents.get("categories", []):
            value = line.value if isinstance(line.value, list) else (_text(line) or "").split(",")
            categories += [c for v in value if (c := clean(v)[0])]
    except ValueError as exc:
        return Skipped(row, str(exc))
    name = name or org
    if not name:
        return Skipped(row, "no name (no FN or N)")
    bday = None
    if "bday" in contents:
        raw = _text(contents["bday"][0]) or ""
        try:
            bday = parse_birthday(raw)
        except ValueError as exc:
            return Skipped(row, str(exc))
    return Contact(
        row=row, name=name, company=org, title=title, emails=tuple(emails), phones=tuple(phones),
        url=canonical_url(profile), notes=notes, birthday=bday,
        tags=tuple(c for c in categories if c and not c.lower().startswith(("mycontacts", "* "))),
        repaired=tuple(dict.fromkeys(repaired)),
    )
