"""Address-book CSV exports: Google Contacts (both layouts) and Outlook.

* **Google, current layout** (2023 on): ``First Name, Middle Name, Last Name,
  …, Organization Name, Organization Title, Birthday, Notes, Labels,
  E-mail 1 - Label, E-mail 1 - Value, Phone 1 - Value, Website 1 - Value…``.
* **Google, older layout**: ``Name, Given Name, Additional Name, Family Name,
  …, Birthday, …, Notes, Group Membership, E-mail 1 - Type, E-mail 1 - Value,
  …, Organization 1 - Name, Organization 1 - Title, Website 1 - Value…``.
  Several values share one cell, separated by `` ::: ``.
* **Outlook** (and Google's "Outlook CSV"): ``First Name, Middle Name,
  Last Name, Title, Suffix, …, E-mail Address, E-mail 2 Address, …,
  Business Phone, Mobile Phone, …, Job Title, Company, Categories, Birthday,
  Notes, Web Page``.

Columns whose names mislead: Outlook's ``Title`` is the honorific (Dr., Ms.),
the job is ``Job Title``; Google's old ``Name Prefix``/``Occupation``/
``Subject``/``Location`` are not the job or the address; ``E-mail 1 - Type``
is a label like ``* Work``, not an address. System labels (``* myContacts``,
``* starred``, ``* other``) are not the user's tags. A ``0/0/00`` birthday is
Outlook's "none"; a ``3/4/1980`` birthday is read only when day and month
cannot be confused (one of them above 12), otherwise it is left empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from netjournal.formats.contacts import (
    Contact,
    FormatProblem,
    Skipped,
    birthday,
    canonical_url,
    clean,
    decode,
    parse_birthday,
    read_csv,
    split_multi,
)

GOOGLE_NEW = {"First Name", "Last Name", "Labels"}
GOOGLE_OLD = {"Given Name", "Family Name", "Group Membership"}
OUTLOOK = {"First Name", "Last Name", "E-mail Address"}


def detect(header: set[str]) -> str | None:
    if header >= GOOGLE_NEW or header >= GOOGLE_OLD:
        return "google"
    if header >= OUTLOOK or {"First Name", "Last Name", "Job Title"} <= header:
        return "outlook"
    return None


def _numbered(header: tuple[str, ...], pattern: str) -> list[str]:
    rx = re.compile(pattern)
    return [h for h in header if rx.fullmatch(h)]


_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def outlook_birthday(text: str) -> str | None:
    """Outlook's birthday cell; None when empty, ``0/0/00`` or ambiguous."""
    text = text.strip()
    if not text or text in {"0/0/00", "0/0/0000", "00/00/0000"}:
        return None
    m = _SLASH_DATE.match(text)
    if not m:
        return parse_birthday(text)
    a, b, y = int(m.group(1)), int(m.group(2)), m.group(3)
    if len(y) == 2:
        return None  # a two-digit year: the century would be a guess
    year = int(y)
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a:
        month, day = a, b
    elif a == b:
        month = day = a
    else:
        return None  # 3/4/1980: March 4 or 3 April depends on the machine that wrote it
    return birthday(None if year in (1604, 1900) else year, month, day)


_SYSTEM_LABEL = re.compile(r"^\*\s|^(my ?contacts|starred|other ?contacts)$", re.I)


def labels_to_tags(cell: str) -> tuple[str, ...]:
    values = split_multi(cell, ":::") if ":::" in cell else [v.strip() for v in cell.split(";") if v.strip()]
    return tuple(v for v in values if not _SYSTEM_LABEL.search(v))


def parse(data: bytes, fmt: str, *, encoding: str | None = None) -> Iterator[Contact | Skipped]:
    text = decode(data, encoding)
    required = {"google": GOOGLE_NEW, "outlook": {"First Name", "Last Name"}}[fmt]
    try:
        rows = read_csv(text, required=required, max_preamble=0)
    except FormatProblem:
        if fmt != "google":
            raise
        rows = read_csv(text, required=GOOGLE_OLD, max_preamble=0)
    header = rows.header
    kind = detect(set(header))
    if kind != fmt:
        raise FormatProblem(f"has a header that is not a {fmt.title()} contacts export", 1)
    emails = (_numbered(header, r"E-mail \d+ - Value") if fmt == "google"
              else [h for h in ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address") if h in header])
    phones = (_numbered(header, r"Phone \d+ - Value") if fmt == "google" else [
        h for h in ("Mobile Phone", "Business Phone", "Business Phone 2", "Home Phone", "Home Phone 2",
                    "Primary Phone", "Other Phone", "Company Main Phone") if h in header])
    sites = _numbered(header, r"Website \d+ - Value") if fmt == "google" else [h for h in ("Web Page",) if h in header]
    for line, cells in rows.rows:
        yield _contact(fmt, line, cells, emails, phones, sites)


def _contact(fmt, line, cells, email_cols, phone_cols, site_cols) -> Contact | Skipped:
    repaired: list[str] = []

    def get(*keys: str) -> str | None:
        for key in keys:
            value, fixed = clean(cells.get(key))
            if fixed:
                repaired.append(key)
            if value:
                return value
        return None

    def many(cols) -> list[str]:
        out: list[str] = []
        for col in cols:
            for v in split_multi(get(col)):
                if v not in out:
                    out.append(v)
        return out

    try:
        if fmt == "google":
            parts = [get("First Name", "Given Name"), get("Middle Name", "Additional Name"),
                     get("Last Name", "Family Name")]
            name = " ".join(p for p in parts if p) or get("Name", "File As", "Nickname")
            company = get("Organization Name", "Organization 1 - Name")
            title = get("Organization Title", "Organization 1 - Title")
            labels = get("Labels", "Group Membership") or ""
            bday_text = get("Birthday") or ""
        else:
            parts = [get("First Name"), get("Middle Name"), get("Last Name")]
            name = " ".join(p for p in parts if p) or get("Display Name", "Nickname")
            company = get("Company")
            title = get("Job Title")
            labels = get("Categories") or ""
            bday_text = get("Birthday") or ""
        notes = get("Notes")
        emails = [e for e in many(email_cols) if "@" in e]
        phones = many(phone_cols)
        sites = many(site_cols)
    except ValueError as exc:
        return Skipped(line, str(exc))
    name = name or company
    if not name:
        if emails:
            return Skipped(line, f"no name (only the email {emails[0]})")
        return Skipped(line, "no name")
    try:
        bday = outlook_birthday(bday_text) if fmt == "outlook" else parse_birthday(bday_text)
    except ValueError as exc:
        return Skipped(line, str(exc))
    return Contact(
        row=line, name=name, company=company, title=title, emails=tuple(emails), phones=tuple(phones),
        url=canonical_url(sites[0]) if sites else None, notes=notes, birthday=bday,
        tags=labels_to_tags(labels), repaired=tuple(dict.fromkeys(repaired)),
    )
