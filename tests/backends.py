"""Journals on either backend for tests: open one at a path or URL, write
around netj's commands, and point a URL at a schema. Fixtures are in conftest.py."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from urllib.parse import quote


def schema_url(url: str, schema: str) -> str:
    """``url`` with its search_path set to ``schema``."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


def open_test_journal(where: Path | str, now=None):
    """Open the journal at a path or URL, as the CLI does."""
    from datetime import datetime

    from netjournal.storage.open import open_journal, open_url

    now = now or datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    if isinstance(where, str) and "://" in where:
        return open_url(where, now=now)
    return open_journal(Path(where), now=now)


@contextmanager
def writing(where: Path | str):
    """A write transaction on the journal at a path or URL (test set-up that
    goes around netj's commands), committed at the end of the block."""
    j = open_test_journal(where)
    try:
        with j.write() as conn:
            yield conn
    finally:
        j.close()


def no_file(where: Path | str) -> bool:
    """Whether a SQLite journal's file is absent (a server's database always exists)."""
    return not (isinstance(where, str) and "://" in where) and not Path(where).exists()


def counts(where: Path | str, tables=("person", "meeting", "follow_up")) -> tuple[int, ...]:
    """Rows in each of ``tables`` of the journal at a path or URL."""
    j = open_test_journal(where)
    try:
        with j.read() as conn:
            return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
    finally:
        j.close()
