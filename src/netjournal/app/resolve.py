"""Finding people, follow-ups and authors from what a user typed, and shell completion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from netjournal.domain import authorship
from netjournal.domain.handles import describe_suggestions, suggestions
from netjournal.errors import Ambiguous, InvalidValue, NotFound
from netjournal.storage.base import Connection, Journal
from netjournal.storage.queries.authors import authors, has_author
from netjournal.storage.queries.due import open_follow_ups_numbered
from netjournal.storage.queries.follow_ups import follow_ups_numbered
from netjournal.storage.queries.meetings import meetings_numbered
from netjournal.storage.queries.people import all_handles_and_names, handles_like, people_matching
from netjournal.storage.queries.referrals import referrals_numbered

COMPLETIONS = 50


@dataclass(frozen=True)
class Resolution:
    """What a reference typed by the user points at."""

    ref: str
    match: tuple[int, str, str] | None  # (id, handle, name)
    candidates: tuple[tuple[int, str, str], ...] = ()  # when ambiguous
    suggestions: tuple[tuple[str, str], ...] = ()  # (handle, name) when unknown


def resolve(conn: Connection, ref: str) -> Resolution:
    found = people_matching(conn, ref)
    if len(found) == 1:
        return Resolution(ref, found[0])
    if len(found) > 1:
        return Resolution(ref, None, candidates=tuple(found))
    return Resolution(ref, None, suggestions=tuple(suggestions(ref, all_handles_and_names(conn))))


def resolve_many(journal: Journal, refs: Sequence[str]) -> list[Resolution]:
    with journal.read() as conn:
        return [resolve(conn, r) for r in refs]


def unknown_person(res: Resolution, hint: str) -> NotFound:
    msg = f"no person matches {res.ref!r}."
    if res.suggestions:
        msg += f" Did you mean {describe_suggestions(list(res.suggestions))}?"
    return NotFound(msg, hint=hint)


def ambiguous_person(res: Resolution) -> Ambiguous:
    handles = ", ".join(h for _, h, _ in res.candidates)
    return Ambiguous(f"{res.ref!r} matches {len(res.candidates)} people ({handles}); use the handle.")


def require(conn: Connection, ref: str, hint: str = "See `netj people list`.") -> tuple[int, str, str]:
    """``(id, handle, name)`` of the one person ``ref`` names, or the error that says why not."""
    res = resolve(conn, ref)
    if res.match:
        return res.match
    if res.candidates:
        raise ambiguous_person(res)
    raise unknown_person(res, hint)


# Where the ids of each kind of record are listed, for "does not exist" messages.
LISTED_BY = {"meeting": "netj meetings list", "follow-up": "netj follow-ups list --all", "referral": "netj referrals"}


def no_such(what: str, ident: int) -> NotFound:
    """The one-line error for an id that names no record: ``meeting 99 does
    not exist; see `netj meetings list`.``"""
    return NotFound(f"{what} {ident} does not exist; see `{LISTED_BY[what]}`.")


def require_author(conn: Connection, typed: str) -> str:
    """The author ``typed`` names (see :func:`authorship.author_matches`), or
    :class:`NotFound` listing who has written in the journal, or
    :class:`Ambiguous` listing whom it could be."""
    if not typed.strip():
        raise InvalidValue("--author is empty; give a name, or leave --author out for everyone's entries.")
    if has_author(conn, typed):
        return typed
    known = authors(conn)
    found = authorship.author_matches(typed, known)
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(f"--author {typed!r} could be {', '.join(found)}.", hint="Give more of the name.")
    if not known:
        raise NotFound(f"nothing in this journal records an author yet, so there is nothing by {typed!r}.",
                       hint="Entries record their author from schema v5 on (see `netj config`).")
    shown = ", ".join(known[:10]) + (f" and {len(known) - 10} more" if len(known) > 10 else "")
    raise NotFound(f"nothing in this journal was written by {typed!r}.", hint=f"Authors: {shown}.")


def author_or_everyone(conn: Connection, typed: str | None) -> str | None:
    return require_author(conn, typed) if typed is not None else None


# --- shell completion ------------------------------------------------------------------------


def complete_handles(journal: Journal, prefix: str, limit: int = COMPLETIONS) -> list[tuple[str, str]]:
    """People for shell completion: handles starting with ``prefix``, then
    people with a word of their name starting with it (``Park`` → ron-park),
    case and accents aside. Both are index searches (the handle index, the
    name index's terms), never a scan of everyone."""
    from netjournal.domain.search import fts_query
    from netjournal.storage import fulltext

    try:
        query = fts_query(prefix)
    except InvalidValue:  # no word, or too long: handles only
        query = None
    with journal.read() as conn:
        found = dict(handles_like(conn, prefix.lower(), limit))
        if query and len(found) < limit:
            for handle, name in fulltext.people_named(conn, query, limit):
                found.setdefault(handle, name)
    return list(found.items())[:limit]


def complete_follow_ups(journal: Journal, prefix: str, limit: int = COMPLETIONS) -> list[tuple[int, str, str]]:
    """Open follow-ups whose number starts with ``prefix``, soonest due first:
    ``(id, handle, text)``."""
    if prefix and not prefix.isdigit():
        return []
    with journal.read() as conn:
        return open_follow_ups_numbered(conn, prefix, limit)


def complete_authors(journal: Journal, prefix: str, limit: int = COMPLETIONS) -> list[str]:
    with journal.read() as conn:
        want = " ".join(prefix.split()).casefold()
        return [a for a in authors(conn) if authorship.starts_a_word(a, want)][:limit]


def complete_meetings(journal: Journal, prefix: str, limit: int = COMPLETIONS) -> list[tuple[int, str, str, str]]:
    """Meetings whose number starts with ``prefix``, newest first: ``(id, date, kind, attendees)``."""
    if prefix and not prefix.isdigit():
        return []
    with journal.read() as conn:
        return meetings_numbered(conn, prefix, limit)


def complete_any_follow_ups(journal: Journal, prefix: str, *, done: bool | None,
                            limit: int = COMPLETIONS) -> list[tuple[int, str, str]]:
    """Follow-ups whose number starts with ``prefix``: the done ones
    (``done``), or all, open ones first (None): ``(id, handle, text)``."""
    if prefix and not prefix.isdigit():
        return []
    with journal.read() as conn:
        return follow_ups_numbered(conn, prefix, done=done, limit=limit)


def complete_referrals(journal: Journal, prefix: str, limit: int = COMPLETIONS) -> list[tuple[int, str, str, str]]:
    """Referrals whose number starts with ``prefix``, newest first: ``(id, date, direction, handle)``."""
    if prefix and not prefix.isdigit():
        return []
    with journal.read() as conn:
        return referrals_numbered(conn, prefix, limit)
