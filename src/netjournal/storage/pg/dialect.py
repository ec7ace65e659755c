"""How a PostgreSQL journal differs from a SQLite one (see :class:`netjournal.storage.base.Dialect`).

Importing this module imports no driver: the driver is loaded by
:mod:`.connection`, when a journal on a server is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from netjournal.storage.base import Dialect, TextIndex


class PgDialect(Dialect):
    name = "postgresql"
    sqlalchemy_url = "postgresql+psycopg://"

    def id_list(self, ids: Sequence[int]) -> tuple[str, dict[str, object]]:
        """One array parameter: psycopg re-parses a query of hundreds of
        parameters on every call (~0.25 s of a small export)."""
        return "SELECT unnest(CAST(:ids AS bigint[]))", {"ids": list(ids)}

    def integrity_problems(self, conn: Any) -> list[str]:
        """A PostgreSQL server checks its own pages and enforces its foreign keys: nothing to report."""
        return []

    def integrity_errors(self) -> tuple[type[Exception], ...]:
        import psycopg

        return (psycopg.IntegrityError,)

    def database_errors(self) -> tuple[type[Exception], ...]:
        import psycopg

        return (psycopg.Error,)

    def restart_ids(self, conn: Any, tables: Sequence[str]) -> None:
        for table in tables:
            conn.execute("SELECT setval(pg_get_serial_sequence(:t, 'id'), 1, false)", {"t": table})

    def undo_state(self, conn: Any, write_id: int, mode: str, marks: dict[str, int] | None) -> None:
        """Settings local to the transaction, read by the triggers' ``WHEN``
        clauses and the capture function (:mod:`netjournal.storage.undo.capture`)."""
        values = {"netj.undo_write": str(write_id), "netj.undo_mode": mode,
                  **{f"netj.undo_mark_{t}": str(n) for t, n in (marks or {}).items()}}
        names = list(values)
        conn.execute("SELECT " + ", ".join(f"set_config(:n{i}, :v{i}, true)" for i in range(len(names))),
                     {**{f"n{i}": n for i, n in enumerate(names)}, **{f"v{i}": values[n] for i, n in enumerate(names)}})

    @cached_property
    def text_index(self) -> TextIndex:
        from netjournal.storage.pg.textscan import ScanIndex

        return ScanIndex()

    def recency_weight(self, conn: Any, on_date: str) -> str:
        return (f"power(0.5, greatest(CAST(:today AS date) - CAST({on_date} AS date), 0) "
                "/ CAST(:half_life_days AS double precision))")


POSTGRESQL = PgDialect()
