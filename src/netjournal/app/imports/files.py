"""``netj import FILE``: open the file, tell its format, and hand it to the
importer of that kind (one write transaction; ``--dry-run`` rolls it back)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from netjournal.app.imports.contacts import import_contacts
from netjournal.app.imports.netj import import_netj
from netjournal.app.imports.summary import ImportFailed, ImportSummary, failed
from netjournal.domain.dates import parse_cadence
from netjournal.errors import InvalidValue
from netjournal.formats.contacts import FormatProblem
from netjournal.formats.registry import IMPORT_FORMATS, detect, read_contacts
from netjournal.storage.base import Journal

FORMATS = ("auto", *IMPORT_FORMATS)


def import_file(
    journal: Journal, path: str, *, fmt: str = "auto", now: datetime, tags: Iterable[str] = (),
    cadence: str | None = None, encoding: str | None = None, dry_run: bool = False,
    progress: Callable[[int], None] | None = None, author: str | None = None, today: date | None = None,
) -> ImportSummary:
    """``netj import FILE``: detect the format, parse, and import in one
    transaction; ``author`` and ``today`` (a meeting after it is refused):
    see :func:`import_netj` (netj files only)."""
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
            fmt = detect(name, head) or ""
            if not fmt:
                raise ImportFailed(
                    f"{name}: cannot tell what kind of file this is; pass --format "
                    f"({', '.join(FORMATS[1:])}). Nothing was imported.")
        if fmt == "netj":
            from netjournal.formats import netj

            if head.startswith(b"PK\x03\x04") or b"\x00" in head[:4096]:
                raise ImportFailed(f"{name}: is a binary file, not a netj export; nothing was imported.")
            return import_netj(journal, name, netj.read(f), now=now, tags=tags, dry_run=dry_run, progress=progress,
                               author=author, today=today)
        if author is not None:
            raise InvalidValue(f"--author names who wrote the meetings of a netj export; {name} is a {fmt} "
                               "contacts file, which has none.")
        if cadence is not None:
            parse_cadence(cadence)
        try:
            contacts = read_contacts(fmt, name, f, encoding)
        except FormatProblem as exc:
            raise failed(name, exc.message, exc.row, exc.what) from None
        return import_contacts(journal, name, fmt, contacts, now=now, tags=tags, cadence=cadence,
                               dry_run=dry_run, progress=progress)
