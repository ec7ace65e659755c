"""`netj meetings edit|rm`: a correction recomputes what depends on it, in the
same transaction; a removal is final. Checked through JSON on both backends;
today is 2026-11-22 (conftest)."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backends import counts

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)


def log(netj, *args: str) -> int:
    return int(netj.ok("log", *args, "--no-input").stdout)


def person(netj, handle: str) -> dict:
    return netj.json("people", "show", handle)["person"]


def edit(netj, meeting: int, *args: str):
    return netj("meetings", "edit", str(meeting), *args, "--no-input")


@pytest.fixture
def ron(netj) -> list[int]:
    """Ron Park (cadence 30d) met twice; the second meeting is his latest."""
    netj.ok("people", "add", "Ron Park", "--cadence", "30d")
    return [log(netj, "ron-park", "--date", "2026-11-01", "-l", "2", "-P", "2", "--note", "Pitched his brochure."),
            log(netj, "ron-park", "--date", "2026-11-15", "-l", "1", "-P", "2", "--note", "Talked about himself.",
                "--follow-up", "Send Ron the deck", "--follow-up-on", "2026-11-29")]


def test_moving_the_latest_meeting_back_moves_the_clock_back(netj, ron):
    assert (person(netj, "ron-park")["last_contact_on"], person(netj, "ron-park")["next_due_on"]) == (
        "2026-11-15", "2026-12-15")
    result = edit(netj, ron[1], "--date", "2026-10-20", "--json")
    assert result.exit_code == 0, result.stderr
    assert "Updated meeting 2: date 2026-11-15 → 2026-10-20." in result.stderr
    p = person(netj, "ron-park")
    assert (p["last_contact_on"], p["next_due_on"]) == ("2026-11-01", "2026-12-01")  # the other one is latest now
    edit(netj, ron[0], "--date", "2026-10-01")
    p = person(netj, "ron-park")
    assert (p["last_contact_on"], p["next_due_on"]) == ("2026-10-20", "2026-11-19")
    assert [(i["type"], i["person"]) for i in netj.json("due")] == [("contact", "ron-park")]
    meetings = netj.json("meetings", "list", "ron-park")
    assert [(m["id"], m["date"]) for m in meetings] == [(ron[1], "2026-10-20"), (ron[0], "2026-10-01")]
    assert netj.json("export")["meetings"][1]["attendees"][0]["person"] == "ron-park"
    assert netj.ok("db", "check").exit_code == 0  # attendance carries the meeting's date too


def test_removing_the_only_meeting_leaves_the_person_never_met(netj):
    netj.ok("people", "add", "Ann Lee", "--cadence", "2w")
    m = log(netj, "ann-lee", "--date", "2026-11-20", "-l", "4")
    assert person(netj, "ann-lee")["last_contact_on"] == "2026-11-20"
    removed = netj.json("meetings", "rm", str(m), "--yes")
    assert removed == {"meeting": m, "date": "2026-11-20", "kind": "coffee", "people": ["ann-lee"], "scores": 1,
                       "follow_ups": 0, "note": False}
    p = person(netj, "ann-lee")
    assert (p["last_contact_on"], p["next_due_on"]) == (None, "2026-12-06")  # added 2026-11-22, 2w
    assert netj.json("meetings", "list") == []
    assert netj.json("score", "ann-lee")["scored_meetings"] == 0


def test_a_score_moved_from_1_to_5_turns_the_verdict(netj, ron):
    assert netj.json("score", "ron-park")["verdict"] == "one-way street"
    for m in ron:
        assert edit(netj, m, "--score", "ron-park:listening=5,preparation=5").exit_code == 0
    card = netj.json("score", "ron-park")
    assert (card["verdict"], card["overall"]) == ("two-way street", 5.0)
    assert netj.json("meetings", "show", str(ron[1]))["meeting"]["attendees"][0]["scores"] == {
        "listening": 5, "preparation": 5}


def test_people_added_and_removed_are_recomputed_and_follow_ups_stay(netj, ron):
    netj.ok("people", "add", "Lorraine Chu", "--cadence", "30d")
    netj.ok("snooze", "lorraine-chu", "--until", "2026-12-31")
    result = edit(netj, ron[1], "--remove", "ron-park", "--add", "lorraine-chu",
                  "--score", "lorraine-chu:listening=5,preparation=4,late=10")
    assert result.exit_code == 0, result.stderr
    assert ("removed ron-park (their 1 follow-up from it stays: see `netj follow-ups list ron-park`); "
            "added lorraine-chu; lorraine-chu listening 5; lorraine-chu preparation 4; lorraine-chu late none → 10 min"
            ) in result.stderr
    ron_now, lorraine = person(netj, "ron-park"), person(netj, "lorraine-chu")
    assert ron_now["last_contact_on"] == "2026-11-01"
    assert (lorraine["last_contact_on"], lorraine["snoozed_until"], lorraine["next_due_on"]) == (
        "2026-11-15", None, "2026-12-15")  # attending a meeting ends a snooze, as netj log does
    shown = netj.json("meetings", "show", str(ron[1]))
    assert [(a["person"], a["scores"], a["minutes_late"]) for a in shown["meeting"]["attendees"]] == [
        ("lorraine-chu", {"listening": 5, "preparation": 4}, 10)]
    assert [f["person"] for f in shown["follow_ups"]] == ["ron-park"]  # the promise is still Ron's
    assert netj.json("score", "ron-park")["scored_meetings"] == 1


def test_the_note_and_the_place_are_replaced_or_cleared_and_search_follows(netj, ron):
    assert [h["id"] for h in netj.json("search", "brochure")] == [ron[0]]
    assert edit(netj, ron[0], "--note", "Asked about my clients.", "--place", "Blue Door", "--time", "9:05",
                "--kind", "LUNCH").exit_code == 0
    assert netj.json("search", "brochure") == []
    assert [h["id"] for h in netj.json("search", "clients")] == [ron[0]]
    m = netj.json("meetings", "show", str(ron[0]))["meeting"]
    assert (m["notes"], m["place"], m["time"], m["kind"]) == ("Asked about my clients.", "Blue Door", "09:05", "lunch")
    result = edit(netj, ron[0], "--note", "", "--place", "", "--time", "")
    assert result.exit_code == 0 and "note cleared" in result.stderr and "Asked" not in result.stderr
    m = netj.json("meetings", "show", str(ron[0]))["meeting"]
    assert (m["notes"], m["place"], m["time"]) == (None, None, None)


def test_the_note_comes_from_a_file_or_stdin(netj, ron, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Café talk — über gut.\n", encoding="utf-8")
    assert edit(netj, ron[0], "--note-file", str(note)).exit_code == 0
    assert netj.json("meetings", "show", str(ron[0]))["meeting"]["notes"] == "Café talk — über gut.\n"
    assert netj("meetings", "edit", str(ron[0]), "--note-file", "-", input="From stdin.").exit_code == 0
    assert netj.json("meetings", "show", str(ron[0]))["meeting"]["notes"] == "From stdin."


@pytest.mark.parametrize(("args", "code", "message"), [
    (["99", "--kind", "call"], 1, "Error: meeting 99 does not exist; see `netj meetings list`."),
    (["2", "--date", "tomorrow"], 2, "Error: --date: the meeting date 2026-11-23 is after today (2026-11-22). "
                                     "netj records what happened"),
    (["2", "--date", "someday"], 2, "Error: --date: cannot read 'someday' as a date"),
    (["2", "--time", "25:00"], 2, "'25:00' is not a time of day"),
    (["2", "--kind", "brunch"], 2, "'brunch' is not a kind of meeting"),
    (["2", "--remove", "ron-park"], 2, "meeting 2 would have no one left"),
    (["2", "--remove", "lorraine-chu"], 2, "--remove lorraine-chu: lorraine-chu did not attend meeting 2."),
    (["2", "--add", "ron-park"], 2, "--add ron-park: ron-park already attended meeting 2."),
    (["2", "--add", "nobody-at-all"], 1, "no person matches 'nobody-at-all'"),
    (["2", "--score", "lorraine-chu:listening=4"], 2, "lorraine-chu is not an attendee of meeting 2."),
    (["2", "--score", "ron-park:listening=9"], 2, "listening must be a whole number from 1 to 5"),
    (["2", "--score", "ron-park:listening=1,preparation=2"], 1, "meeting 2 already is as you say"),
    (["2", "--remove", "ron-park", "--add", "ron-park"], 2, "ron-park is both in --add and in --remove"),
    (["2", "--note", "x", "--note-file", "-"], 2, "one of --note, --note-file and --edit"),
    (["2", "--edit"], 2, "--edit opens your editor, which needs a terminal"),
    (["2"], 2, "what should change? Pass --date"),
    (["abc", "--kind", "call"], 2, "'abc' is not a whole number."),
])
def test_what_cannot_be_right_is_one_line_and_writes_nothing(netj, ron, args, code, message):
    netj.ok("people", "add", "Lorraine Chu")
    before = netj.ok("export", "--json").stdout
    result = netj("meetings", "edit", *args, "--no-input")
    assert result.exit_code == code, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert netj.ok("export", "--json").stdout == before


def test_a_score_given_by_someone_else_stays_theirs(netj, ron):
    result = netj("meetings", "edit", str(ron[1]), "--score", "ron-park:listening=4", env={"NETJ_USER": "Bo Chan"})
    assert result.exit_code == 1 and "was given by tester; it stays theirs" in result.stderr
    netj.ok("meetings", "edit", str(ron[1]), "--score", "ron-park:listening=4", env={"NETJ_USER": "tester"})


def test_in_a_terminal_with_no_option_netj_asks_what_to_change(netj, ron, monkeypatch):
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    netj.ok("people", "add", "Lorraine Chu")
    # date, time (- clears: none to clear), kind, place, edit the note?, add, remove, then Ron's scores and
    # lateness, then those of Lorraine, who was added
    answers = "2026-11-14\n\n\nStation Coffee\nn\nlorraine-chu\n\n4\n\n\n\n\n\n"
    result = netj("meetings", "edit", str(ron[1]), input=answers)
    assert result.exit_code == 0, result.stderr
    assert ("Updated meeting 2: date 2026-11-15 → 2026-11-14; place none → Station Coffee; added lorraine-chu; "
            "ron-park listening 1 → 4.") in result.stderr
    m = netj.json("meetings", "show", str(ron[1]))["meeting"]
    assert (m["date"], m["place"], [a["person"] for a in m["attendees"]]) == (
        "2026-11-14", "Station Coffee", ["lorraine-chu", "ron-park"])


def test_in_a_terminal_a_wrong_answer_is_asked_again_and_costs_nothing_else(netj, ron, monkeypatch):
    """Each answer is checked as it is typed (a date after today, a time that is not
    one, a kind netj does not know, a score of 7, lateness in words) and asked
    again; the answers already given stand."""
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    answers = ("2026-12-25\n2026-11-14\n"  # the future, then a past date
               "yesterday\n09:30\n"  # not a time, then one
               "dinner\nlunch\n"  # not a kind, then one
               "\nn\n\n\n"  # place kept, no editor, nobody added or removed
               "7\nfour\n4\n\nlate\n5\n")  # Ron: listening 7, four, then 4; preparation kept; late 5
    result = netj("meetings", "edit", str(ron[1]), input=answers)
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert "the meeting date 2026-12-25 is after today" in err and "'7': type a whole number from 1 to 5" in err
    assert "'late' is not whole minutes" in err and "Try again, or press Enter to keep what is recorded." in err
    assert "Traceback" not in err and "--date" not in err
    m = netj.json("meetings", "show", str(ron[1]))["meeting"]
    ron_now = next(a for a in m["attendees"] if a["person"] == "ron-park")
    assert (m["date"], m["time"], m["kind"]) == ("2026-11-14", "09:30", "lunch")
    assert (ron_now["scores"]["listening"], ron_now["minutes_late"]) == (4, 5)


def test_in_a_terminal_people_are_settled_before_their_scores_are_asked(netj, ron, monkeypatch):
    """A near miss typed at "Remove people" is settled at once: nobody removed is
    asked for scores, and someone added is; Enter at every question changes nothing."""
    netj.ok("people", "add", "Lorraine Chu")
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    # date, time, kind, place, editor? , add lorraine-chu, remove "ron-par" (did you mean ron-park? y),
    # then only Lorraine's listening, preparation, lateness
    answers = "\n\n\n\nn\nlorraine-chu\nron-par\ny\n5\n4\n\n"
    result = netj("meetings", "edit", str(ron[1]), input=answers)
    assert result.exit_code == 0, result.stderr
    assert "ron-park: listening" not in result.stderr and "lorraine-chu: listening" in result.stderr
    m = netj.json("meetings", "show", str(ron[1]))["meeting"]
    assert [(a["person"], a["scores"]["listening"], a["scores"]["preparation"]) for a in m["attendees"]] == [
        ("lorraine-chu", 5, 4)]
    before = netj.ok("export", "--json").stdout
    result = netj("meetings", "edit", str(ron[1]), input="\n" * 12)
    assert result.exit_code == 0 and "Nothing changed." in result.stderr and "Error" not in result.stderr
    assert netj.ok("export", "--json").stdout == before


def test_in_a_terminal_the_editor_starts_from_the_current_note(netj, ron, monkeypatch, tmp_path):
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\nsed -i "s/himself/his clients/" "$1"\n')
    script.chmod(0o700)
    monkeypatch.setenv("VISUAL", str(script))
    assert netj("meetings", "edit", str(ron[1]), "--edit").exit_code == 0
    assert netj.json("meetings", "show", str(ron[1]))["meeting"]["notes"] == "Talked about his clients."


def test_rm_asks_first_and_without_a_terminal_needs_yes(netj, ron, db_path):
    before = netj.ok("export", "--json").stdout
    result = netj("meetings", "rm", str(ron[1]), "--no-input")
    assert result.exit_code == 2 and result.stdout == ""
    assert ("this deletes meeting 2 (coffee on 2026-11-15 with ron-park) with its note, 2 scores, 1 follow-up, "
            "for good. Pass --yes to confirm.") in result.stderr
    assert netj.ok("export", "--json").stdout == before
    assert netj("meetings", "rm", "99", "--yes").stderr == (
        "Error: meeting 99 does not exist; see `netj meetings list`.\n")


def test_rm_in_a_terminal_shows_what_goes_and_no_keeps_it(netj, ron, monkeypatch):
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    result = netj("meetings", "rm", str(ron[1]), input="n\n")
    assert result.exit_code == 1 and "It cannot be undone." in result.stderr and "Nothing was deleted." in result.stderr
    assert len(netj.json("meetings", "list")) == 2
    assert netj("meetings", "rm", str(ron[1]), input="y\n").exit_code == 0
    assert len(netj.json("meetings", "list")) == 1


def test_rm_takes_the_follow_ups_and_leaves_nothing_findable_nor_in_the_file(netj, ron, db_path):
    assert netj.json("search", "himself") and netj.json("search", "deck")
    netj.ok("meetings", "rm", str(ron[1]), "--yes")
    assert netj.json("search", "himself") == [] and netj.json("search", "deck") == []
    assert counts(db_path) == (1, 1, 0)
    p = person(netj, "ron-park")
    assert (p["last_contact_on"], p["next_due_on"]) == ("2026-11-01", "2026-12-01")
    assert netj.ok("db", "check").exit_code == 0
    if not isinstance(db_path, str):  # SQLite: secure_delete overwrote it; PostgreSQL's pages are the server's
        with sqlite3.connect(db_path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert b"himself" not in db_path.read_bytes() and b"Send Ron" not in db_path.read_bytes()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["--time", "--kind", "--place", "--date", "--score"]), value=st.text(max_size=30))
def test_any_value_typed_is_taken_or_refused_in_one_line(netj, ron, field, value):
    """Whatever is typed, a correction is made or refused with one line and exit 1 or 2, never a traceback."""
    result = netj("meetings", "edit", str(ron[0]), field, value, "--no-input")
    assert result.exit_code in (0, 1, 2), result.stderr
    if result.exit_code:
        assert result.stderr.startswith("Error:") and len(result.stderr.strip().splitlines()) == 1


def test_in_a_terminal_a_near_miss_is_offered(netj, ron, monkeypatch):
    netj.ok("people", "add", "Lorraine Chu")
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    result = netj("meetings", "edit", str(ron[1]), "--add", "lorrain", input="y\n")
    assert result.exit_code == 0, result.stderr
    assert "Did you mean lorraine-chu (Lorraine Chu)?" in result.stderr and "added lorraine-chu" in result.stderr
