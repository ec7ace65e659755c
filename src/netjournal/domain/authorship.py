"""Who wrote what: a partner's scores and referrals split by author, pure.

In a team journal each meeting, score, follow-up and referral records its
author (schema v5). ``netj score`` and ``netj people show`` can keep one
author's entries (``--author``) or show one scorecard per author
(``--by-author``); both are computed here from the rows the journal returns,
without a database. Entries written before authors were recorded have the
author ``None`` and form a group of their own, listed last.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from netjournal.domain.scoring import Flow, Observation
from netjournal.errors import InvalidValue


def author_order(author: str | None) -> tuple:
    """Sort key: names alphabetically (case aside), the unrecorded group last."""
    return (author is None, (author or "").casefold(), author or "")


def of_author(observations: Iterable[Observation], flows: Iterable[Flow],
              author: str) -> tuple[list[Observation], list[Flow]]:
    """The scores ``author`` gave and the referrals ``author`` recorded."""
    return [o for o in observations if o.author == author], [f for f in flows if f.author == author]


def by_author(observations: Sequence[Observation],
              flows: Sequence[Flow]) -> list[tuple[str | None, list[Observation], list[Flow]]]:
    """``(author, their scores, their referrals)`` for everyone who scored the
    person or recorded a referral with them, in :func:`author_order`."""
    groups: dict[str | None, tuple[list[Observation], list[Flow]]] = {}
    for o in observations:
        groups.setdefault(o.author, ([], []))[0].append(o)
    for f in flows:
        groups.setdefault(f.author, ([], []))[1].append(f)
    return [(a, *groups[a]) for a in sorted(groups, key=author_order)]


def author_matches(typed: str, known: Iterable[str]) -> list[str]:
    """The recorded authors ``typed`` may name, best kind of match only:
    exactly; else case and spacing aside; else those with a word starting
    with it ("ana" for "Ana Ruiz"). One element: that author; none: nobody;
    several: ambiguous."""
    known = list(known)
    if typed in known:
        return [typed]
    want = " ".join(typed.split()).casefold()
    if not want:
        return []
    for same in (lambda a: a.casefold() == want,  # "ana ruiz"
                 lambda a: starts_a_word(a, want)):  # "ana", "ruiz"
        found = [a for a in known if same(a)]
        if found:
            return found
    return []


def starts_a_word(author: str, prefix: str) -> bool:
    """Whether ``prefix`` (case-folded) starts ``author`` or one of its later words."""
    return any(w.startswith(prefix) for w in _word_starts(author.casefold()))


def _word_starts(name: str) -> list[str]:
    """``name`` from the start of each of its words: "ana ruiz" -> ["ana ruiz", "ruiz"]."""
    words = name.split(" ")
    return [" ".join(words[i:]) for i in range(len(words))]


MAX_NAME = 100


def check_name(value: str, *, where: str = "user.name") -> str:
    """An author name as netj stores it: trimmed, one line, 1-100 characters."""
    name = " ".join(value.split())
    if not name:
        raise InvalidValue(f"{where} is empty; give a name, e.g. `netj config set user.name \"Ana Ruiz\"`.")
    if len(name) > MAX_NAME:
        raise InvalidValue(f"{where} is {len(name)} characters long; keep it to {MAX_NAME}.")
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in name):
        raise InvalidValue(f"{where} contains a control character; use letters, digits and punctuation.")
    return name
