"""`netj log`: recording a meeting right after it happened.

Today is pinned to Sunday 2026-11-22 (conftest), so "last friday" is
2026-11-20 and a follow-up "friday" is 2026-11-27.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)


# --- helpers -----------------------------------------------------------------------


def log_json(netj, *args: str, input: str | None = None) -> dict:
    """`netj log … --no-input --json`, parsed."""
    return netj.json("log", *args, "--no-input", input=input)


def export(netj) -> dict:
    return json.loads(netj.ok("export", "--json").stdout)


def person(netj, handle: str) -> dict:
    return netj.json("people", "show", handle)["person"]


def add(netj, name: str, *args: str) -> str:
    return netj.ok("people", "add", name, "--no-input", *args).stdout.strip()


def assert_keys(obj: dict, documented: list[str]) -> None:
    """The documented keys, all there, in order (later additions allowed)."""
    assert [k for k in obj if k in documented] == documented


def attendee(meeting: dict, handle: str) -> dict:
    (a,) = [a for a in meeting["attendees"] if a["person"] == handle]
    return a


def big_note() -> str:
    """About 200 KB of awkward text: CRLF and LF, tabs, accents, emoji,
    right-to-left script, trailing spaces and a trailing newline."""
    line = "Ron listened\tcarefully — café, naïve, 😀, שלום\r\n  trailing spaces   \n"
    text = "".join(f"{i:05d} {line}" for i in range(2600))
    assert 190_000 < len(text.encode("utf-8")) < 260_000
    return text + "\n"


# --- one attendee ---------------------------------------------------------------------


def test_single_attendee_with_listening_and_preparation(netj):
    logged = log_json(netj, "Ron Park", "--new", "--listening", "4", "--preparation", "2")
    m = logged["meeting"]
    assert m["id"] == 1
    assert m["date"] == "2026-11-22"
    assert m["kind"] == "coffee"
    assert logged["created_people"] == ["ron-park"]
    a = attendee(m, "ron-park")
    assert a["scores"] == {"listening": 4, "preparation": 2}
    assert list(a["scores"]) == ["listening", "preparation"]
    # what the export says agrees with what log printed
    (stored,) = export(netj)["meetings"]
    assert stored["attendees"][0]["scores"] == {"listening": 4, "preparation": 2}


def test_short_options(netj):
    add(netj, "Ron Park")
    m = log_json(netj, "ron-park", "-l", "3", "-P", "5", "-k", "call", "-p", "Zoom", "-n", "short", "-d", "yesterday")["meeting"]
    assert (m["date"], m["kind"], m["place"], m["notes"]) == ("2026-11-21", "call", "Zoom", "short")
    assert m["attendees"][0]["scores"] == {"listening": 3, "preparation": 5}


def test_scores_are_optional_and_null_when_not_given(netj):
    add(netj, "Ron Park")
    m = log_json(netj, "ron-park", "--listening", "5")["meeting"]
    assert m["attendees"][0]["scores"] == {"listening": 5, "preparation": None}


def test_late_minutes_for_a_single_attendee(netj):
    add(netj, "Ron Park")
    m = log_json(netj, "ron-park", "--late", "-5")["meeting"]
    assert m["attendees"][0]["minutes_late"] == -5


# --- several attendees ----------------------------------------------------------------


def test_several_attendees_scored_with_repeatable_score(netj):
    add(netj, "Ron Park")
    add(netj, "Lorraine Chu")
    logged = log_json(
        netj, "ron-park", "lorraine-chu",
        "--score", "ron-park:listening=4",
        "--score", "lorraine-chu:listening=5,preparation=3",
        "--score", "ron-park:preparation=1",
    )
    m = logged["meeting"]
    assert [a["person"] for a in m["attendees"]] == ["lorraine-chu", "ron-park"]  # sorted by handle
    assert attendee(m, "ron-park")["scores"] == {"listening": 4, "preparation": 1}
    assert attendee(m, "lorraine-chu")["scores"] == {"listening": 5, "preparation": 3}
    assert logged["created_people"] == []


def test_score_may_name_the_attendee_by_name(netj):
    add(netj, "Ron Park")
    add(netj, "Lorraine Chu")
    m = log_json(netj, "ron-park", "lorraine-chu", "--score", "Ron Park:listening=2")["meeting"]
    assert attendee(m, "ron-park")["scores"]["listening"] == 2
    assert attendee(m, "lorraine-chu")["scores"] == {"listening": None, "preparation": None}


def test_several_attendees_created_with_new(netj):
    logged = log_json(netj, "Ron Park", "Lorraine Chu", "--new", "--score", "Ron Park:listening=3")
    assert sorted(logged["created_people"]) == ["lorraine-chu", "ron-park"]
    assert attendee(logged["meeting"], "ron-park")["scores"]["listening"] == 3
    assert attendee(logged["meeting"], "lorraine-chu")["scores"]["listening"] is None


def test_score_by_the_handle_a_new_attendee_gets(netj):
    logged = log_json(netj, "Ron Park", "Lorraine Chu", "--new", "--score", "ron-park:listening=3")
    assert attendee(logged["meeting"], "ron-park")["scores"]["listening"] == 3


def test_single_attendee_options_refused_with_several_attendees(netj):
    add(netj, "Ron Park")
    add(netj, "Lorraine Chu")
    r = netj("log", "ron-park", "lorraine-chu", "--listening", "4", "--no-input")
    assert r.exit_code == 2
    assert "--score" in r.stderr
    assert export(netj)["meetings"] == []


def test_score_for_someone_who_did_not_attend_is_refused(netj):
    add(netj, "Ron Park")
    add(netj, "Lorraine Chu")
    r = netj("log", "ron-park", "--score", "lorraine-chu:listening=4", "--no-input")
    assert r.exit_code == 2
    assert r.stderr.startswith("Error:")
    assert export(netj)["meetings"] == []


# --- dates, kinds, places, times --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("today", "2026-11-22"),
        ("yesterday", "2026-11-21"),
        ("2026-11-20", "2026-11-20"),
        ("nov 20", "2026-11-20"),
        ("Nov 20", "2026-11-20"),
        ("last friday", "2026-11-20"),
        ("friday", "2026-11-20"),  # a meeting is in the past
        ("3 days ago", "2026-11-19"),
        ("2 weeks ago", "2026-11-08"),
        ("dec 20", "2025-12-20"),  # a year-less date for a meeting is the last one
    ],
)
def test_date_forms(netj, typed, expected):
    add(netj, "Ron Park")
    assert log_json(netj, "ron-park", "--date", typed)["meeting"]["date"] == expected


def test_date_defaults_to_today_and_short_option(netj):
    add(netj, "Ron Park")
    assert log_json(netj, "ron-park")["meeting"]["date"] == "2026-11-22"
    assert log_json(netj, "ron-park", "-d", "2026-01-05")["meeting"]["date"] == "2026-01-05"


@pytest.mark.parametrize("kind", ["coffee", "lunch", "call", "video", "event", "message", "other"])
def test_every_kind(netj, kind):
    add(netj, "Ron Park")
    assert log_json(netj, "ron-park", "--kind", kind)["meeting"]["kind"] == kind


def test_unknown_kind_is_a_usage_error(netj):
    add(netj, "Ron Park")
    r = netj("log", "ron-park", "--kind", "dinner", "--no-input")
    assert r.exit_code == 2
    assert "coffee" in r.stderr  # says what the kinds are
    assert export(netj)["meetings"] == []


def test_place_and_time(netj):
    add(netj, "Ron Park")
    m = log_json(netj, "ron-park", "--place", "Blue Door Café", "--time", "9:05")["meeting"]
    assert m["place"] == "Blue Door Café"
    assert m["time"] == "09:05"
    m = log_json(netj, "ron-park")["meeting"]
    assert m["place"] is None and m["time"] is None


@pytest.mark.parametrize("bad", ["25:00", "9h", "12:60"])
def test_bad_time_is_a_usage_error(netj, bad):
    add(netj, "Ron Park")
    r = netj("log", "ron-park", "--time", bad, "--no-input")
    assert r.exit_code == 2
    assert export(netj)["meetings"] == []


# --- notes ----------------------------------------------------------------------------


def test_note_option(netj):
    add(netj, "Ron Park")
    m = log_json(netj, "ron-park", "--note", "Came with two client ideas.")["meeting"]
    assert m["notes"] == "Came with two client ideas."


def test_note_file(netj, tmp_path: Path):
    add(netj, "Ron Park")
    f = tmp_path / "note.txt"
    f.write_text("Had read my website.\nAsked good questions.\n", encoding="utf-8")
    m = log_json(netj, "ron-park", "--note-file", str(f))["meeting"]
    assert m["notes"] == "Had read my website.\nAsked good questions.\n"


def test_note_from_stdin(netj):
    add(netj, "Ron Park")
    m = log_json(netj, "ron-park", "--note-file", "-", input="From stdin, with ünïcode.\n")["meeting"]
    assert m["notes"] == "From stdin, with ünïcode.\n"


def test_200kb_note_from_a_file_is_stored_exactly(netj, tmp_path: Path):
    add(netj, "Ron Park")
    note = big_note()
    f = tmp_path / "big.txt"
    f.write_bytes(note.encode("utf-8"))
    r = netj.ok("log", "ron-park", "--note-file", str(f), "--no-input")
    meeting_id = int(r.stdout)
    (stored,) = [m for m in export(netj)["meetings"] if m["id"] == meeting_id]
    assert stored["notes"] == note
    assert note[:40] not in r.stderr  # the summary does not echo the note


def test_200kb_note_from_stdin_is_stored_exactly(netj):
    add(netj, "Ron Park")
    note = big_note()
    netj.ok("log", "ron-park", "--note-file", "-", "--no-input", input=note)
    (stored,) = export(netj)["meetings"]
    assert stored["notes"] == note
    assert netj.json("people", "show", "ron-park")["meetings"][0]["notes"] == note


def test_note_and_note_file_together_are_refused(netj, tmp_path: Path):
    add(netj, "Ron Park")
    f = tmp_path / "n.txt"
    f.write_text("x", encoding="utf-8")
    r = netj("log", "ron-park", "--note", "y", "--note-file", str(f), "--no-input")
    assert r.exit_code == 2
    assert export(netj)["meetings"] == []


def test_missing_note_file_is_refused(netj, tmp_path: Path):
    add(netj, "Ron Park")
    r = netj("log", "ron-park", "--note-file", str(tmp_path / "nope.txt"), "--no-input")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert export(netj)["meetings"] == []


# --- follow-ups -------------------------------------------------------------------------


def test_follow_up_with_a_date(netj):
    add(netj, "Ron Park")
    logged = log_json(netj, "ron-park", "--follow-up", "Send Ron the intro", "--follow-up-on", "friday")
    (fu,) = logged["follow_ups"]
    assert fu["text"] == "Send Ron the intro"
    assert fu["due_on"] == "2026-11-27"  # the next friday: follow-ups look ahead
    assert fu["person"] == "ron-park"
    assert fu["meeting_id"] == logged["meeting"]["id"]
    assert fu["done_on"] is None


def test_several_follow_ups_share_the_date(netj):
    add(netj, "Ron Park")
    logged = log_json(netj, "ron-park", "-f", "one", "-f", "two", "--follow-up-on", "in 1w")
    assert [(f["id"], f["text"], f["due_on"]) for f in logged["follow_ups"]] == [
        (1, "one", "2026-11-29"), (2, "two", "2026-11-29")]


def test_follow_up_shows_in_due_on_its_date(netj):
    add(netj, "Ron Park")
    log_json(netj, "ron-park", "--follow-up", "Send dates", "--follow-up-on", "2026-11-25")
    assert netj.json("due") == []
    items = netj.json("due", "--today", "2026-11-25")
    assert [(i["type"], i["follow_up_id"], i["text"]) for i in items] == [("follow_up", 1, "Send dates")]


def test_follow_up_with_several_attendees_needs_an_owner(netj):
    add(netj, "Ron Park")
    add(netj, "Lorraine Chu")
    r = netj("log", "ron-park", "lorraine-chu", "-f", "x", "--follow-up-on", "friday", "--no-input")
    assert r.exit_code == 2
    assert "--follow-up-with" in r.stderr
    assert export(netj)["meetings"] == []
    logged = log_json(netj, "ron-park", "lorraine-chu", "-f", "x", "--follow-up-on", "friday",
                      "--follow-up-with", "lorraine-chu")
    assert [f["person"] for f in logged["follow_ups"]] == ["lorraine-chu"]


def test_follow_up_without_a_date_under_no_input_is_exit_2(netj):
    add(netj, "Ron Park")
    r = netj("log", "ron-park", "--follow-up", "x", "--no-input")
    assert r.exit_code == 2
    assert "--follow-up-on" in r.stderr
    assert export(netj)["meetings"] == []


def test_follow_up_on_without_a_follow_up_is_refused(netj):
    add(netj, "Ron Park")
    r = netj("log", "ron-park", "--follow-up-on", "friday", "--no-input")
    assert r.exit_code == 2
    assert export(netj)["meetings"] == []


# --- who attended: --new, unknown people ---------------------------------------------


def test_new_creates_unknown_people_with_the_default_cadence(netj):
    logged = log_json(netj, "Lorraine Chu", "--new")
    assert logged["created_people"] == ["lorraine-chu"]
    p = person(netj, "lorraine-chu")
    assert p["name"] == "Lorraine Chu"
    assert p["cadence"] == "30d"
    assert p["last_contact_on"] == "2026-11-22"
    assert p["next_due_on"] == "2026-12-22"


def test_new_reuses_someone_already_in_the_journal(netj):
    add(netj, "Ron Park")
    logged = log_json(netj, "Ron Park", "--new")
    assert logged["created_people"] == []
    assert [p["handle"] for p in export(netj)["people"]] == ["ron-park"]


def test_unknown_person_without_new_is_an_error_with_a_suggestion(netj):
    add(netj, "Ron Park")
    before = export(netj)
    r = netj("log", "ron-prk", "--no-input")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.startswith("Error:")
    assert "Did you mean ron-park (Ron Park)?" in r.stderr
    assert "--new" in r.stderr
    after = export(netj)
    assert after["people"] == before["people"] and after["meetings"] == []


def test_unknown_person_among_several_writes_nothing(netj):
    add(netj, "Ron Park")
    r = netj("log", "ron-park", "Nobody Known", "--no-input")
    assert r.exit_code == 1
    assert export(netj)["meetings"] == []
    assert [p["handle"] for p in export(netj)["people"]] == ["ron-park"]


def test_no_attendee_under_no_input_is_exit_2(netj):
    r = netj("log", "--no-input")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.startswith("Error:")


def test_same_person_twice_is_refused(netj):
    add(netj, "Ron Park")
    r = netj("log", "ron-park", "Ron Park", "--no-input")
    assert r.exit_code == 2
    assert export(netj)["meetings"] == []


# --- what goes where -----------------------------------------------------------------


def test_stdout_is_the_meeting_id_and_the_summary_goes_to_stderr(netj):
    r = netj.ok("log", "Ron Park", "--new", "--listening", "5", "--preparation", "4",
                "-f", "Send dates", "--follow-up-on", "friday", "--no-input")
    assert r.stdout == "1\n"
    assert "Logged coffee on 2026-11-22 with ron-park (listening 5, preparation 4) as meeting 1." in r.stderr
    assert "Added new person ron-park" in r.stderr
    assert "Follow-up 1 for ron-park due 2026-11-27." in r.stderr
    r = netj.ok("log", "ron-park", "--no-input")
    assert r.stdout == "2\n"


def test_json_on_stdout_summary_on_stderr(netj):
    r = netj.ok("log", "Ron Park", "--new", "--json", "--no-input")
    doc = json.loads(r.stdout)  # nothing but JSON on stdout
    assert_keys(doc, ["meeting", "follow_ups", "created_people"])
    assert_keys(doc["meeting"], ["id", "date", "time", "kind", "place", "notes", "attendees", "created_at"])
    assert_keys(doc["meeting"]["attendees"][0], ["person_id", "person", "minutes_late", "scores"])
    assert doc["meeting"]["created_at"] == "2026-11-22T00:00:00Z"
    assert doc["follow_ups"] == []
    assert "Logged coffee" in r.stderr
    assert "Logged" not in r.stdout


# --- the clock --------------------------------------------------------------------------


def test_logging_resets_the_persons_clock_in_due(netj):
    add(netj, "Ron Park", "--cadence", "30d")
    log_json(netj, "ron-park", "--date", "2026-10-01")
    (item,) = netj.json("due")
    assert (item["type"], item["person"]) == ("contact", "ron-park")
    assert item["reason"] == "last met 52 days ago, cadence 30d"

    log_json(netj, "ron-park")  # met today
    assert netj.json("due") == []
    assert person(netj, "ron-park")["next_due_on"] == "2026-12-22"
    assert netj.json("due", "--today", "2026-12-21") == []
    (item,) = netj.json("due", "--today", "2026-12-22")
    assert item["reason"] == "last met 30 days ago, cadence 30d"


def test_logging_an_older_meeting_does_not_move_the_clock_back(netj):
    add(netj, "Ron Park", "--cadence", "30d")
    log_json(netj, "ron-park")
    log_json(netj, "ron-park", "--date", "2026-09-01")
    p = person(netj, "ron-park")
    assert p["last_contact_on"] == "2026-11-22"
    assert p["next_due_on"] == "2026-12-22"
    assert netj.json("due") == []


def test_feb_29_without_a_year_is_the_last_leap_day(netj):
    add(netj, "Ron Park")
    assert log_json(netj, "ron-park", "--date", "feb 29")["meeting"]["date"] == "2024-02-29"


# --- prompting -------------------------------------------------------------------------


def test_in_a_terminal_a_near_miss_offers_did_you_mean(netj):
    add(netj, "Ron Park")
    # yes to "did you mean ron-park?", Enter to skip both scores and the note
    r = netj("log", "ron-prk", input="y\n\n\n\n", env={"NETJ_INTERACTIVE": "1"})
    assert r.exit_code == 0, r.stderr
    assert "Did you mean ron-park (Ron Park)?" in r.stderr
    assert r.stdout.splitlines()[-1] == "1"  # (CliRunner echoes the typed answers to stdout)
    (m,) = export(netj)["meetings"]
    assert [a["person"] for a in m["attendees"]] == ["ron-park"]
    assert [p["handle"] for p in export(netj)["people"]] == ["ron-park"]


def test_in_a_terminal_missing_scores_are_asked_for(netj):
    add(netj, "Ron Park")
    r = netj("log", "ron-park", input="4\n5\nGood talk.\n", env={"NETJ_INTERACTIVE": "1"})
    assert r.exit_code == 0, r.stderr
    (m,) = export(netj)["meetings"]
    assert m["attendees"][0]["scores"] == {"listening": 4, "preparation": 5}
    assert m["notes"] == "Good talk."


@pytest.mark.parametrize("how", ["--no-input", "NETJ_NO_INPUT"])
def test_no_input_wins_over_a_terminal(netj, how):
    add(netj, "Ron Park")
    env = {"NETJ_INTERACTIVE": "1"}
    args = ["log", "ron-prk"]
    if how == "--no-input":
        args.append("--no-input")
    else:
        env["NETJ_NO_INPUT"] = "1"
    r = netj(*args, input="y\n\n\n\n", env=env)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert export(netj)["meetings"] == []
