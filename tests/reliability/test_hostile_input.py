"""Case 6: hostile input through the installed command. Each value is stored
exactly or rejected cleanly (exit 1 or 2, one ``Error:`` line, no traceback,
export unchanged); the score table only ever holds integers 1-5; human output
never carries a raw ESC from user data, JSON keeps it escaped."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hostile import ESC, ESC_NAME, NOTE
from reliability_helpers import Journal, Run, assert_clean_error, assert_preserved

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

BAD_SCORES = ["0", "6", "-1", "3.5", "NaN", "abc"]
BAD_DATES = ["2026-02-30", "2026-13-01", ""]


def _all_rejected(runs: list[Run]) -> None:
    problems = []
    for r in runs:
        try:
            assert_clean_error(r)
        except AssertionError as exc:
            problems.append(str(exc).splitlines()[0])
    assert problems == []


def _unchanged(j: Journal, before: dict) -> None:
    assert j.export() == before
    j.assert_sound()
    j.scores_are_integers_1_to_5()


def test_bad_scores_are_rejected(seeded):
    j, before = seeded
    commands = []
    for v in BAD_SCORES:
        commands += [["log", "ann-lee", "--no-input", "-l", v, "-P", "4"],
                     ["log", "ann-lee", "--no-input", "--score", f"ann-lee:listening=4,preparation={v}"],
                     ["score", "ann-lee", "--meeting", "1", "-l", v]]
    _all_rejected(j.run_many(commands))
    _unchanged(j, before)


def test_bad_dates_are_rejected(seeded):
    j, before = seeded
    commands = []
    for d in BAD_DATES:
        commands += [["log", "ann-lee", "--no-input", "--date", d],
                     ["log", "ann-lee", "--no-input", "--follow-up", "Call back", "--follow-up-on", d],
                     ["snooze", "ann-lee", "--until", d]]
    _all_rejected(j.run_many(commands))
    _unchanged(j, before)


def _stored_or_rejected(j: Journal, before: dict, r: Run, expected_note: str) -> None:
    if r.returncode == 0:
        after = j.export()
        assert_preserved(before, after)
        assert after["meetings"][-1]["notes"] == expected_note
        j.assert_sound()
    else:
        assert_clean_error(r)
        _unchanged(j, before)


def test_a_10_mb_note_from_a_file_and_from_stdin(seeded, tmp_path: Path):
    j, before = seeded
    note = ("Ten megabytes of notes, ünïcödé 😀 and all.\n" * 250_000)[:10_000_000]
    path = tmp_path / "note.txt"
    path.write_text(note, encoding="utf-8")
    r = j.run("log", "ann-lee", "--no-input", "--note-file", str(path))
    _stored_or_rejected(j, before, r, note)
    before = j.export()
    r = j.run("log", "ann-lee", "--no-input", "--note-file", "-", input=note)
    _stored_or_rejected(j, before, r, note)


NUL_REFUSED = "Error: notes contains a NUL byte; remove it (is this a binary file?).\n"


def test_nul_bytes_in_a_note_file(seeded, tmp_path: Path):
    """PostgreSQL's text cannot hold a NUL: it is refused in the same words on both backends."""
    j, before = seeded
    path = tmp_path / "nul.txt"
    path.write_bytes(b"before\x00after\x00\x00 end")
    r = j.run("log", "ann-lee", "--no-input", "--note-file", str(path))
    assert_clean_error(r, codes=(2,))
    assert r.stderr == NUL_REFUSED
    r = j.run("log", "ann-lee", "--no-input", "--note-file", "-", input=b"from stdin\x00")
    assert_clean_error(r, codes=(2,))
    assert r.stderr == NUL_REFUSED
    _unchanged(j, before)


def test_a_note_file_that_is_not_utf8(seeded, tmp_path: Path):
    j, before = seeded
    path = tmp_path / "latin1.txt"
    path.write_bytes("café résumé".encode("latin-1"))
    r = j.run("log", "ann-lee", "--no-input", "--note-file", str(path))
    assert_clean_error(r)
    _unchanged(j, before)


@pytest.mark.parametrize("where", ["name", "note", "place"])
def test_invalid_utf8_in_an_argument(seeded, where: str):
    """Bytes that are not UTF-8 reach netj as lone surrogates (surrogateescape):
    they must be rejected, never stored as text nothing can export."""
    j, before = seeded
    bad = os.fsencode("Bad \udcff\udcfe name")  # b"Bad \xff\xfe name"
    assert bad == b"Bad \xff\xfe name"
    if where == "name":
        r = j.run(b"people", b"add", bad)
    else:
        r = j.run(b"log", b"ann-lee", b"--no-input", b"--" + where.encode(), bad)
    if r.returncode == 0:  # stored: then as valid text, and everything still exports
        after = j.export()
        assert_preserved(before, after)
        j.assert_sound()
    else:
        assert_clean_error(r)
        _unchanged(j, before)


def test_control_characters_in_single_line_fields_are_rejected(seeded):
    j, before = seeded
    _all_rejected(j.run_many([
        ["people", "add", ESC_NAME],
        ["log", ESC_NAME, "--new", "--no-input"],
        ["log", "ann-lee", "--no-input", "--place", f"Caf{ESC}[2Jé"],
        ["log", "ann-lee", "--no-input", "--follow-up", f"Call{ESC}]0;pwn\x07 back"],
        ["people", "add", "Nul\x01Byte"],
    ]))
    _unchanged(j, before)


def _no_raw_esc(r: Run) -> None:
    assert ESC.encode() not in r.stdout_b and ESC.encode() not in r.stderr_b, r.describe()


def test_escape_sequences_in_notes_never_reach_the_terminal(seeded):
    j, _before = seeded
    j.ok("log", "ann-lee", "--no-input", "--note", NOTE, "--follow-up", "Send the deck",
         "--follow-up-on", "2026-11-22")
    exported = j.ok("export", "--json")
    assert b"\\u001b" in exported.stdout_b and ESC.encode() not in exported.stdout_b
    assert json.loads(exported.stdout_b)["meetings"][-1]["notes"] == NOTE
    for args in (["people", "show", "ann-lee"], ["due"], ["score", "ann-lee"], ["people", "list"]):
        _no_raw_esc(j.ok(*args))
    shown = j.ok("people", "show", "ann-lee", "--json")
    assert ESC.encode() not in shown.stdout_b


def _one_record_export(tmp_path: Path, *, name: str = "Imported Person", score="4") -> Path:
    person = {"type": "person", "id": 1, "handle": "imported-person", "name": name, "company": None,
              "title": None, "email": None, "phone": None, "url": None, "tags": [], "notes": None,
              "cadence": "30d", "status": "active", "review_on": None, "snoozed_until": None,
              "last_contact_on": "2026-11-01", "next_due_on": "2026-12-01",
              "created_at": "2026-11-01T10:00:00Z", "updated_at": "2026-11-01T10:00:00Z", "birthday": None}
    meeting = {"type": "meeting", "id": 1, "date": "2026-11-01", "time": None, "kind": "coffee", "place": None,
               "notes": NOTE, "attendees": [{"person_id": 1, "person": "imported-person", "minutes_late": None,
                                             "scores": {"listening": "__SCORE__", "preparation": 3}}],
               "created_at": "2026-11-01T10:00:00Z"}
    header = {"type": "header", "schema_version": 1, "exported_at": "2026-11-22T00:00:00Z"}
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in (header, person, meeting)) + "\n"
    path = tmp_path / f"one-{abs(hash((name, score)))}.jsonl"
    path.write_text(text.replace('"__SCORE__"', score), encoding="utf-8")
    return path


@pytest.mark.parametrize("score", ["0", "6", "-1", "3.5", "NaN", '"abc"', '"4"', "true"])
def test_import_rejects_a_bad_score_and_writes_nothing(seeded, tmp_path: Path, score: str):
    j, before = seeded
    r = j.run("import", str(_one_record_export(tmp_path, score=score)))
    assert_clean_error(r, codes=(1,))
    _unchanged(j, before)


def test_import_of_an_escape_sequence_in_a_name(seeded, tmp_path: Path):
    """An export is another way in: a name with ESC is rejected, or stored and
    then never printed raw."""
    j, before = seeded
    r = j.run("import", str(_one_record_export(tmp_path, name=ESC_NAME)))
    if r.returncode != 0:
        assert_clean_error(r)
        _unchanged(j, before)
        return
    after = j.export()
    assert_preserved(before, after)
    assert ESC_NAME in [p["name"] for p in after["people"]]
    for args in (["people", "show", "imported-person"], ["people", "list"], ["due", "--within", "60d"],
                 ["score"]):
        _no_raw_esc(j.ok(*args))
    j.assert_sound()
    j.scores_are_integers_1_to_5()


# -- values one backend could hold and the other not: the same outcome on both -------------------

BIG_ID = 2**40  # SQLite's INTEGER and PostgreSQL's bigint hold it; a 32-bit column would not


def _netj_export(tmp_path: Path, *, person=None, meeting=None, follow_up=None, attendee=None) -> Path:
    """A netj export of one person, one meeting and one follow-up, with the given fields changed."""
    p = {"type": "person", "id": 1, "handle": "imported-person", "name": "Imported Person", "company": None,
         "title": None, "email": None, "phone": None, "url": None, "tags": [], "notes": None, "cadence": None,
         "status": "active", "review_on": None, "snoozed_until": None, "last_contact_on": "2026-11-01",
         "next_due_on": None, "created_at": "2026-11-01T10:00:00Z", "updated_at": "2026-11-01T10:00:00Z",
         "birthday": None, **(person or {})}
    a = {"person_id": p["id"], "person": p["handle"], "minutes_late": None,
         "scores": {"listening": 4, "preparation": 3}, **(attendee or {})}
    m = {"type": "meeting", "id": 1, "date": "2026-11-01", "time": None, "kind": "coffee", "place": None,
         "notes": "Coffee.", "attendees": [a], "created_at": "2026-11-01T10:00:00Z", **(meeting or {})}
    f = {"type": "follow_up", "id": 1, "person_id": p["id"], "person": p["handle"], "meeting_id": m["id"],
         "text": "Send the deck", "due_on": "2026-12-01", "done_on": None, "created_at": "2026-11-01T10:00:00Z",
         **(follow_up or {})}
    header = {"type": "header", "schema_version": 1, "exported_at": "2026-11-22T00:00:00Z"}
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (header, p, m, f)), encoding="utf-8")
    return path


KEY = "".join(hashlib.sha256(b"%d" % i).hexdigest() for i in range(50))[:3000]  # characters that do not compress

REFUSED = {  # case: (the export's changes, the line number and the message after it)
    "NUL in a name": ({"person": {"name": "Ann\x00Lee"}}, 2, "name contains a NUL byte"),
    "NUL in a note": ({"meeting": {"notes": "before\x00after"}}, 3, "notes contains a NUL byte"),
    "NUL in a follow-up": ({"follow_up": {"text": "Send\x00it"}}, 4, "text contains a NUL byte"),
    "a 3,000-character handle": ({"person": {"handle": KEY}, "attendee": {"person": KEY}}, 2,
                                 "handle is 3000 characters long; the limit is 500"),
    "a 3,000-character email": ({"person": {"email": KEY + "@example.com"}}, 2,
                                "email is 3012 characters long; the limit is 500"),
    "a 3,000-character url": ({"person": {"url": "https://example.com/" + KEY}}, 2,
                              "url is 3020 characters long; the limit is 500"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_an_import_of_a_value_postgresql_cannot_index_or_store_is_refused_alike(journal: Journal, tmp_path, case):
    """NUL bytes (PostgreSQL's text cannot hold them) and keys too long for its
    indexes: the same one line on both backends, and nothing written."""
    changes, line, message = REFUSED[case]
    path = _netj_export(tmp_path, **changes)
    journal.ok("people", "add", "Ann Lee")
    before = journal.export()
    r = journal.run("import", str(path))
    assert_clean_error(r, codes=(1,))
    assert r.stderr == f"Error: {path.name}, line {line}: {message}; nothing was imported.\n"
    assert journal.export() == before


def test_an_import_keeps_64_bit_ids_and_minutes_on_both_backends(journal: Journal, tmp_path):
    """An export's ids go in as they are (into an empty journal): ids and
    minutes beyond 32 bits, in keys and foreign keys, as SQLite holds them."""
    path = _netj_export(tmp_path, person={"id": BIG_ID}, meeting={"id": BIG_ID - 1},
                        follow_up={"id": BIG_ID - 2}, attendee={"minutes_late": -3_000_000_000})
    journal.ok("import", str(path))
    after = journal.export()
    assert [p["id"] for p in after["people"]] == [BIG_ID]
    [m] = after["meetings"]
    assert m["id"] == BIG_ID - 1
    assert [(a["person_id"], a["minutes_late"]) for a in m["attendees"]] == [(BIG_ID, -3_000_000_000)]
    assert [(f["id"], f["person_id"], f["meeting_id"]) for f in after["follow_ups"]] == [
        (BIG_ID - 2, BIG_ID, BIG_ID - 1)]
    journal.assert_sound()
    journal.scores_are_integers_1_to_5()


def test_unicode_a_byte_wise_server_could_trip_on_is_stored_exactly(journal: Journal, tmp_path):
    """Non-characters, the last code point, astral and right-to-left text,
    combining marks: stored and exported exactly on both backends."""
    odd = "Non\uffffchar \U0010ffff 😀 שלום e\u0301\u0301 \u202eRTL\u202c"
    path = _netj_export(tmp_path, person={"name": odd, "company": odd}, meeting={"place": odd, "notes": odd * 3})
    journal.ok("import", str(path))
    after = journal.export()
    assert [(p["name"], p["company"]) for p in after["people"]] == [(odd, odd)]
    assert [(m["place"], m["notes"]) for m in after["meetings"]] == [(odd, odd * 3)]
    journal.assert_sound()
