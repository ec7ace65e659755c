"""The pure part of full-text search: safe FTS5 queries, highlights as
offsets, snippets. No database here."""

from __future__ import annotations

import pytest

from netjournal.domain.search import MatchSpan, fts_query, markers_for, parse_marked, search_words, segments, snippet
from netjournal.errors import InvalidValue


@pytest.mark.parametrize(("text", "query"), [
    ("coffee", '"coffee"*'),
    ("  Coffee   intro ", '"Coffee"* "intro"*'),
    ("café", '"café"*'),
    ('say "hi', '"say"* """hi"*'),  # a stray quote is doubled, inside the phrase
    ("AND OR NOT", '"AND"* "OR"* "NOT"*'),  # operators are words to find, not syntax
    ("body:x", '"body:x"*'),  # no column filters
    ("NEAR(a b)", '"NEAR(a"* "b)"*'),
    ("ron - park", '"ron"* "park"*'),  # lone punctuation is dropped
    ("e-mail", '"e-mail"*'),  # the tokenizer reads this as the phrase "e" "mail"
    ("Zoë 2026", '"Zoë"* "2026"*'),
])
def test_each_word_becomes_a_quoted_prefix_phrase(text, query):
    assert fts_query(text) == query


@pytest.mark.parametrize("text", ["", "   ", "***", "- + ( ) \" :", "😀 ✓"])
def test_a_query_of_only_punctuation_is_an_error(text):
    with pytest.raises(InvalidValue, match="nothing to search for"):
        fts_query(text)


@pytest.mark.parametrize(("text", "message"), [
    ("x" * 101, "a word to search for is 101 characters long; give at most 100"),
    (" ".join(["w"] * 33), r"too many words to search for \(33\); give at most 32"),
])
def test_a_query_too_long_is_an_error(text, message):
    with pytest.raises(InvalidValue, match=message):
        fts_query(text)


def test_the_longest_query_allowed_is_searched():
    assert fts_query(" ".join(["x" * 100] * 32)).count("*") == 32


def test_search_words_keep_pieces_with_a_letter_or_digit():
    assert search_words("x ... 42 -- ü ✓") == ["x", "42", "ü"]


@pytest.mark.parametrize(("marked", "plain", "spans"), [
    ("no match", "no match", ()),
    ("<a> b <c>", "a b c", ((0, 1), (4, 5))),
    ("<Café> Zanzibar", "Café Zanzibar", ((0, 4),)),
    ("x <> y", "x  y", ()),  # an empty mark is no match
])
def test_parse_marked_gives_plain_text_and_offsets(marked, plain, spans):
    got_plain, got_spans = parse_marked(marked, "<", ">")
    assert (got_plain, got_spans) == (plain, spans)


def test_markers_avoid_characters_of_the_text():
    text = "\ue000\ue001 notes"
    open_, close = markers_for(text)
    assert open_ != close and open_ not in text and close not in text


def _marked(snip: str, matches: tuple[MatchSpan, ...]) -> str:
    return "".join(f"[{piece}]" if hit else piece for piece, hit in segments(snip, matches))


@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("Short note about coffee.", ((17, 23),), "Short note about [coffee]."),
    ("line one\n\n  coffee\tthere ", ((12, 18),), "line one [coffee] there"),
    ("nothing marked", (), "nothing marked"),
])
def test_short_texts_are_whole_and_on_one_line(text, spans, expected):
    assert _marked(*snippet(text, spans)) == expected


def test_long_texts_are_cut_at_words_around_the_first_match():
    words = [f"w{i:03d}" for i in range(200)]
    text = " ".join(words)
    start = text.index("w100")
    snip, matches = snippet(text, ((start, start + 4), (start + 5, start + 9)), width=40)
    assert snip.startswith("…") and snip.endswith("…")
    assert len(snip) <= 42
    body = snip.strip("…")
    assert all(w in words for w in body.split())  # no word cut in half
    assert [snip[m.start:m.end] for m in matches] == ["w100", "w101"]


def test_a_match_near_the_end_gets_context_before_it():
    text = " ".join(["word"] * 50) + " coffee"
    start = text.index("coffee")
    snip, matches = snippet(text, ((start, start + 6),), width=40)
    assert snip.endswith("coffee") and snip.startswith("…")
    assert len(snip) >= 35
    assert [snip[m.start:m.end] for m in matches] == ["coffee"]


def test_a_huge_note_is_excerpted_without_reading_all_of_it():
    text = "filler " * 500_000 + "needle " + "filler " * 500_000
    start = text.index("needle")
    snip, matches = snippet(text, ((start, start + 6),))
    assert [snip[m.start:m.end] for m in matches] == ["needle"]
    assert len(snip) <= 102


def test_segments_cover_the_text_in_order():
    assert segments("abcdef", (MatchSpan(4, 6), MatchSpan(0, 1))) == [("a", True), ("bcd", False), ("ef", True)]
