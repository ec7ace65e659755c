"""Who wrote what, without a database: grouping and filtering by author, and
matching a typed author to a recorded one."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.domain.authorship import author_matches, author_order, by_author, of_author
from netjournal.domain.scoring import Flow, Observation

D = date(2026, 11, 1)


def obs(mid, dim, value, author):
    return Observation(mid, D, dim, value, author)


def test_by_author_groups_scores_and_referrals_with_the_unrecorded_last():
    o = [obs(1, "listening", 4, "Bo"), obs(1, "preparation", 3, "Bo"), obs(2, "listening", 2, None),
         obs(3, "listening", 5, "ana")]
    f = [Flow(D, "given", "Cy"), Flow(D, "received", "Bo")]
    groups = by_author(o, f)
    assert [a for a, _, _ in groups] == ["ana", "Bo", "Cy", None]  # alphabetical, case aside
    bo = {a: (len(x), len(y)) for a, x, y in groups}
    assert bo == {"ana": (1, 0), "Bo": (2, 1), "Cy": (0, 1), None: (1, 0)}


def test_of_author_keeps_only_that_authors_entries():
    o = [obs(1, "listening", 4, "Bo"), obs(2, "listening", 2, None)]
    f = [Flow(D, "given", "Bo"), Flow(D, "given", None)]
    assert of_author(o, f, "Bo") == ([o[0]], [f[0]])
    assert of_author(o, f, "Zed") == ([], [])


def test_author_order_puts_names_before_none():
    assert sorted(["b", None, "A"], key=author_order) == ["A", "b", None]


@pytest.mark.parametrize(("typed", "expected"), [
    ("Ana Ruiz", ["Ana Ruiz"]),            # exact
    ("ana  ruiz", ["Ana Ruiz"]),           # case and spacing aside
    ("ana", ["Ana Ruiz"]),                 # a word start, one author
    ("ruiz", ["Ana Ruiz"]),
    ("bo", ["Bo Chan", "Bob Lee"]),        # ambiguous
    ("bo chan", ["Bo Chan"]),              # a whole name wins over word starts
    ("bob", ["Bob Lee"]),
    ("zed", []),
    ("", []),
    ("uiz", []),                           # inside a word is not a match
])
def test_author_matches(typed, expected):
    assert author_matches(typed, ["Ana Ruiz", "Bo Chan", "Bob Lee"]) == expected
