"""``netj search``: the texts of the journal matching what was typed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from netjournal.app.resolve import require
from netjournal.domain.search import SearchHit, SearchResult, fts_query, snippet
from netjournal.storage import fulltext
from netjournal.storage.base import Journal


def search(
    journal: Journal, text: str, *, people: Sequence[str] = (), since: date | None = None, limit: int = 20,
) -> SearchResult:
    """The texts of the journal matching every word of ``text`` (each as a
    prefix, accents and case aside), newest first: meeting notes, follow-ups,
    person notes, GAINS fields and referral notes, each with a snippet."""
    query = fts_query(text)
    with journal.read() as conn:
        ids = list(dict.fromkeys(require(conn, ref)[0] for ref in people))
        rows = fulltext.search(conn, query, person_ids=ids, since=since, limit=limit + 1)
        hits = []
        for rowid, on in rows[:limit]:
            type_, field, id_ = fulltext.source_of(rowid)
            excerpt, matches = snippet(*fulltext.matched_text(conn, query, rowid))
            hits.append(SearchHit(type_, field, id_, on, fulltext.people_of(conn, rowid), excerpt, matches))
    return SearchResult(tuple(hits), more=len(rows) > limit)
