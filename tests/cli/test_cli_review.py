"""`netj review`: the end-of-day run-through, checked through its JSON. Today
is pinned to 2026-11-22 (a Sunday; conftest)."""

from __future__ import annotations

import json

import pytest

from backends import writing

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

REVIEW_KEYS = ["day", "meetings", "follow_ups", "tomorrow", "due_tomorrow"]
NOTE = "Had read my website and came with two ideas for clients we share."


def log(netj, *args: str) -> None:
    netj.ok("log", *args, "--no-input")


@pytest.fixture
def day(netj):
    log(netj, "Walter Wong", "--new", "--time", "15:00", "-l", "5", "-P", "4", "--late", "5", "--note", NOTE,
        "--follow-up", "Send Walter the workshop dates", "--follow-up-on", "2026-11-25")
    log(netj, "Ron Park", "Maya Okafor", "--new", "--time", "08:30", "--kind", "lunch",
        "--score", "ron-park:listening=1,preparation=2", "--note", "Ron pitched twice.",
        "--follow-up", "Ask Maya about the venue", "--follow-up-with", "maya-okafor", "--follow-up-on", "tomorrow")
    # logged today, but it happened yesterday: it belongs to yesterday's review
    log(netj, "Dan Whitfield", "--new", "--date", "yesterday", "-l", "3", "-P", "3",
        "--follow-up", "Call Dan about the lease", "--follow-up-on", "2026-12-01")
    log(netj, "Old Friend", "--new", "--date", "2026-10-24")  # 30d cadence: due tomorrow, 2026-11-23


def test_review_of_today(netj, day):
    review = netj.json("review")
    assert list(review) == REVIEW_KEYS
    assert (review["day"], review["tomorrow"]) == ("2026-11-22", "2026-11-23")
    # in time order, whatever order they were logged in
    assert [m["time"] for m in review["meetings"]] == ["08:30", "15:00"]
    lunch, coffee = review["meetings"]
    assert [(a["person"], a["scores"]) for a in lunch["attendees"]] == [
        ("maya-okafor", {"listening": None, "preparation": None}),
        ("ron-park", {"listening": 1, "preparation": 2})]
    assert coffee["attendees"][0]["scores"] == {"listening": 5, "preparation": 4}
    assert coffee["attendees"][0]["minutes_late"] == 5
    assert coffee["notes"] == NOTE  # your own journal: the notes are the point of a review
    assert [(f["person"], f["text"]) for f in review["follow_ups"]] == [
        ("walter-wong", "Send Walter the workshop dates"), ("maya-okafor", "Ask Maya about the venue")]


def test_review_due_tomorrow_is_what_netj_due_will_say_tomorrow(netj, day):
    review = netj.json("review")
    tomorrow = netj.json("due", "--today", "2026-11-23")
    assert review["due_tomorrow"] == tomorrow
    assert [(i["type"], i["person"], i["days_overdue"]) for i in review["due_tomorrow"]] == [
        ("contact", "old-friend", 0), ("follow_up", "maya-okafor", 0)]


def test_follow_ups_belong_to_the_day_of_their_meeting(netj, day):
    yesterday = netj.json("review", "--day", "yesterday")
    assert yesterday["day"] == "2026-11-21"
    assert [m["attendees"][0]["person"] for m in yesterday["meetings"]] == ["dan-whitfield"]
    assert [f["text"] for f in yesterday["follow_ups"]] == ["Call Dan about the lease"]
    assert "Call Dan about the lease" not in [f["text"] for f in netj.json("review")["follow_ups"]]


def test_follow_ups_without_a_meeting_count_on_the_day_they_were_recorded(netj, day, db_path):
    with writing(db_path) as conn:
        pid = conn.execute("SELECT id FROM person WHERE handle = 'walter-wong'").fetchone()[0]
        for created in ("2026-11-22T09:00:00Z", "2026-11-21T23:59:59Z"):
            conn.execute("INSERT INTO follow_up (person_id, meeting_id, text, due_on, created_at, owed_by) "
                         "VALUES (?, NULL, ?, '2026-12-01', ?, 'them')", (pid, f"Intro promised {created}", created))
    texts = [f["text"] for f in netj.json("review")["follow_ups"]]
    assert "Intro promised 2026-11-22T09:00:00Z" in texts
    assert "Intro promised 2026-11-21T23:59:59Z" not in texts
    assert [f["owed_by"] for f in netj.json("review")["follow_ups"]][-1] == "them"


def test_review_human_shows_meetings_scores_notes_and_tomorrow(netj, day):
    out = netj.ok("review").stdout
    assert "Review of Sunday 2026-11-22" in out
    assert NOTE in out and "Ron pitched twice." in out
    assert "walter-wong" in out and "5m late" in out
    assert "Follow-ups promised (2)" in out and "Ask Maya about the venue" in out
    assert "Due tomorrow, Monday 2026-11-23" in out
    tomorrow = out.split("Due tomorrow")[1]
    assert "tomorrow" in tomorrow and "today" not in tomorrow  # "due on the day" is said of tomorrow


def test_an_empty_day_says_so_on_stderr(netj, day):
    result = netj.ok("review", "--day", "2026-11-01", "--json")
    assert result.stderr == "No meetings or follow-ups on 2026-11-01.\n"
    review = json.loads(result.stdout)
    assert review == {"day": "2026-11-01", "meetings": [], "follow_ups": [], "tomorrow": "2026-11-02",
                      "due_tomorrow": []}
    human = netj.ok("review", "--day", "2026-11-01")
    assert "No meetings or follow-ups on 2026-11-01." in human.stderr
    assert "Nothing is due tomorrow." in human.stdout


def test_review_of_an_empty_journal(netj, db_path, backend):
    result = netj.ok("review", "--json")
    assert result.stderr.startswith("No meetings or follow-ups on 2026-11-22.")
    assert result.stdout.count("[]") == 3
    if backend == "sqlite":  # a server's database exists already
        assert not db_path.exists()


@pytest.mark.parametrize("value", ["someday", "2026-02-30"])
def test_review_bad_day(netj, value):
    result = netj("review", "--day", value)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --day: ")
    assert result.stderr.count("\n") == 1
