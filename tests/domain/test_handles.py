"""Handles made from names, and suggestions for a mistyped name: pure helpers."""

from __future__ import annotations

import pytest

from netjournal.domain.handles import slugify, unique_handle


@pytest.mark.parametrize(("name", "handle"), [
    ("Ron Park", "ron-park"),
    ("Tomás Herrera", "tomas-herrera"),
    ("Søren Ødegård", "soren-odegard"),
    ("Łukasz Świątek", "lukasz-swiatek"),
    ("Æsa Straße", "aesa-strasse"),
    ("  Mary-Jane  O'Neil ", "mary-jane-o-neil"),
    ("李小龍", "李小龍"),
    ("🚀", "person"),
    ("2024", "p-2024"),
])
def test_slugify(name, handle):
    assert slugify(name) == handle


def test_unique_handle_counts_up():
    assert unique_handle("ron-park", []) == "ron-park"
    assert unique_handle("ron-park", ["ron-park", "ron-park-2"]) == "ron-park-3"
