"""Row helpers shared by the queries: dates from text, ids in chunks, ``IN`` lists."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from netjournal.domain.dates import Span, parse_cadence
from netjournal.storage.base import Connection

CHUNK = 500


def day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def span_of(value: str | None) -> Span | None:
    return None if value is None else parse_cadence(value)


def chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def in_list(ids: Sequence[int], conn: Connection | None = None) -> tuple[str, dict[str, object]]:
    """The inside of ``IN (…)`` for ``ids``, and its parameters, as ``conn``'s
    dialect writes them; without a connection, one ``:pN`` per id (which every
    backend takes)."""
    if conn is not None:
        return conn.dialect.id_list(ids)
    names = [f"p{i}" for i in range(len(ids))]
    return ", ".join(f":{n}" for n in names), dict(zip(names, ids, strict=True))
