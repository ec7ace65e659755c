"""`netj meetings list|show`: the meetings you logged, checked through their
JSON. Today is pinned to 2026-11-22 (conftest)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

MEETING_KEYS = ["id", "date", "time", "kind", "place", "notes", "attendees", "created_at", "author"]


def log(netj, *args: str) -> int:
    return int(netj.ok("log", *args, "--no-input").stdout)


@pytest.fixture
def fortnight(netj):
    """Four meetings over two weeks, one of them with two people and a follow-up."""
    ids = [
        log(netj, "Ron Park", "--new", "--date", "2026-11-09", "--kind", "coffee", "-l", "1", "-P", "2",
            "--place", "Station Coffee", "--note", "Talked about himself."),
        log(netj, "Lorraine Chu", "Maya Okafor", "--new", "--date", "2026-11-12", "--kind", "lunch", "--time", "12:30",
            "--score", "lorraine-chu:listening=5,preparation=5,late=10", "--note", "Two ideas for clients.",
            "--follow-up", "Send the deck", "--follow-up-with", "lorraine-chu", "--follow-up-on", "2026-11-20",
            "--they-promise", "An intro to her colleague"),
        log(netj, "ron-park", "--date", "2026-11-18", "--kind", "call"),
        log(netj, "maya-okafor", "--date", "yesterday", "-l", "4", "-P", "4"),
    ]
    return ids


def test_meetings_are_listed_newest_first_with_attendees_and_scores(netj, fortnight):
    rows = netj.json("meetings", "list")
    assert [m["id"] for m in rows] == fortnight[::-1]
    assert list(rows[0]) == MEETING_KEYS
    lunch = next(m for m in rows if m["kind"] == "lunch")
    assert (lunch["date"], lunch["time"], lunch["notes"], lunch["author"]) == (
        "2026-11-12", "12:30", "Two ideas for clients.", "tester")
    assert [(a["person"], a["scores"], a["minutes_late"]) for a in lunch["attendees"]] == [
        ("lorraine-chu", {"listening": 5, "preparation": 5}, 10),
        ("maya-okafor", {"listening": None, "preparation": None}, None)]


@pytest.mark.parametrize(("args", "expected"), [
    (["ron-park"], [2, 0]),
    (["Maya Okafor"], [3, 1]),
    (["--since", "2026-11-12"], [3, 2, 1]),
    (["--since", "7d"], [3, 2]),
    (["--kind", "coffee"], [3, 0]),
    (["--kind", "LUNCH"], [1]),
    (["--limit", "2"], [3, 2]),
    (["ron-park", "--kind", "lunch"], []),
])
def test_meetings_are_filtered_by_person_date_and_kind(netj, fortnight, args, expected):
    assert [m["id"] for m in netj.json("meetings", "list", *args)] == [fortnight[i] for i in expected]


def test_an_empty_list_is_an_empty_json_list_and_a_line_for_people(netj):
    assert netj.json("meetings", "list") == []
    assert "No meetings logged yet" in netj.ok("meetings", "list").stdout


def test_the_table_says_when_the_limit_left_meetings_out(netj, fortnight):
    out = netj.ok("meetings", "list", "--limit", "3").stdout
    assert "Only the 3 newest are shown" in out
    assert "Talked about himself" not in out and "Two ideas" in out
    assert "No meetings match." in netj.ok("meetings", "list", "ron-park", "--kind", "video").stdout


def test_one_meeting_is_shown_with_its_follow_ups(netj, fortnight):
    shown = netj.json("meetings", "show", str(fortnight[1]))
    assert list(shown) == ["meeting", "follow_ups"]
    assert shown["meeting"] == netj.json("meetings", "list", "--kind", "lunch")[0]
    assert [(f["person"], f["text"], f["owed_by"], f["due_on"], f["done_on"]) for f in shown["follow_ups"]] == [
        ("lorraine-chu", "Send the deck", "me", "2026-11-20", None),
        ("lorraine-chu", "An intro to her colleague", "them", "2026-11-20", None)]
    text = netj.ok("meetings", "show", str(fortnight[1])).stdout
    assert "Thursday 2026-11-12" in text and "Two ideas for clients." in text and "10m late" in text
    assert "Send the deck" in text
    assert netj.json("meetings", "show", str(fortnight[0]))["follow_ups"] == []


@pytest.mark.parametrize(("args", "code", "message"), [
    (["show", "99"], 1, "Error: meeting 99 does not exist; see `netj meetings list`."),
    (["show", "0"], 1, "Error: meeting 0 does not exist; see `netj meetings list`."),
    (["show", "-4"], 2, "No such option: -4"),
    (["show", "abc"], 2, "'abc' is not a whole number."),
    (["show", "99999999999999999999"], 2, "is too large"),
    (["list", "--kind", "brunch"], 2, "Error: --kind 'brunch': use one of coffee, lunch"),
    (["list", "--since", "someday"], 2, "Error: --since: cannot read 'someday' as a date"),
    (["list", "--limit", "0"], 2, "0 is less than 1"),
    (["list", "nobody-at-all"], 1, "Error: no person matches 'nobody-at-all'."),
])
def test_bad_ids_and_options_are_one_line_errors(netj, fortnight, args, code, message):
    result = netj("meetings", *args)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_meeting_ids_complete_newest_first_with_when_what_and_who(netj, fortnight, db_path):
    from types import SimpleNamespace

    from netjournal.cli.completion import complete_meeting
    from netjournal.cli.context import RootOptions

    ctx = SimpleNamespace(find_root=lambda: SimpleNamespace(obj=RootOptions(db=str(db_path))))
    found = complete_meeting(ctx, "")
    assert [i for i, _ in found] == [str(i) for i in fortnight[::-1]]
    assert dict(found)[str(fortnight[1])] == "2026-11-12 lunch: lorraine-chu, maya-okafor"
    assert complete_meeting(ctx, str(fortnight[2])) == [(str(fortnight[2]), "2026-11-18 call: ron-park")]
    assert complete_meeting(ctx, "x") == [] and complete_meeting(ctx, "999") == []
