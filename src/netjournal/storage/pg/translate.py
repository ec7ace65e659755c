"""PostgreSQL's SQL from the SQL netj's queries are written in.

The queries use SQLite's ``:name`` and ``?`` parameters, ``IS ?`` and
``char()``; :func:`translate` turns them into psycopg's ``%(name)s`` and
``%s``, ``IS NOT DISTINCT FROM`` and ``chr()``, outside string literals only,
once per statement text. An INSERT into a table with an ``id`` returns it,
as SQLite's ``lastrowid`` does. Pure text: no driver is imported here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Tables whose rows have an ``id`` key: an INSERT into one returns it (lastrowid).
ID_TABLES = frozenset({"person", "meeting", "follow_up", "gains_change", "decision", "referral", "undo_write"})

_TOKENS = re.compile(
    r"""(?P<literal>'(?:[^']|'')*'|"(?:[^"]|"")*")"""
    r"""|(?P<cast>::)"""
    r"""|(?P<isnot>\bIS\s+NOT\s+(?=[:?]))"""
    r"""|(?P<is>\bIS\s+(?=[:?]))"""
    r"""|:(?P<name>[A-Za-z_]\w*)"""
    r"""|(?P<qmark>\?)"""
    r"""|(?P<percent>%)"""
    r"""|(?P<char>\bchar\s*\()""",
    re.IGNORECASE,
)
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)\b", re.IGNORECASE)


class Translated(NamedTuple):
    sql: str
    returns_id: bool  # netj added ``RETURNING id``: the statement's ``lastrowid`` may be read
    explicit_id: str | None  # the table whose ``id`` the statement sets itself (an import)


_EXPLICIT_ID = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)\s*\(\s*id\s*,", re.IGNORECASE)
_VALUES = re.compile(r"\bVALUES\s*\(\s*", re.IGNORECASE)


@lru_cache(maxsize=512)
def translate(sql: str) -> Translated:
    """SQLite-flavoured SQL as PostgreSQL and psycopg take it. Every ``%`` is
    doubled, in literals too: psycopg reads the whole text. An INSERT that
    gives an ``id`` may give NULL for "the next one", as SQLite allows."""

    def one(m: re.Match) -> str:
        kind = m.lastgroup
        if kind == "literal":
            return m.group(0).replace("%", "%%")
        if kind == "cast":
            return m.group(0)
        if kind == "isnot":
            return "IS DISTINCT FROM "
        if kind == "is":
            return "IS NOT DISTINCT FROM "
        if kind == "name":
            return f"%({m.group('name')})s"
        if kind == "qmark":
            return "%s"
        if kind == "percent":
            return "%%"
        return "chr("

    out = _TOKENS.sub(one, sql)
    explicit = _EXPLICIT_ID.match(sql)
    table = explicit.group(1).lower() if explicit and explicit.group(1).lower() in ID_TABLES else None
    if table:
        values = _VALUES.search(out)
        if values:
            first = re.compile(r"%(\(\w+\))?s").match(out, values.end())
            if first:
                out = (out[:first.start()] + f"COALESCE({first.group(0)}::bigint, "
                       f"nextval(pg_get_serial_sequence('{table}', 'id')))" + out[first.end():])
    insert = _INSERT.match(sql)
    if insert and insert.group(1).lower() in ID_TABLES and not re.search(r"\bRETURNING\b", sql, re.IGNORECASE):
        return Translated(out + " RETURNING id", True, table)
    return Translated(out, False, table)
