"""`netj due --ics`: the calendar writer on its own, and through the CLI."""

from __future__ import annotations

import io
import os
import re
import stat
from datetime import UTC, date, datetime

import icalendar
import pytest

from netjournal.domain.due import DueItem
from netjournal.formats import ics

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 7, 30, tzinfo=UTC)

ITEMS = (
    DueItem("contact", "tomas-herrera", "Tomás Herrera", date(2026, 11, 16), 6, "last met 20 days ago, cadence 2w",
            cadence="2w", last_contact_on=date(2026, 11, 2), verdict="two-way street"),
    DueItem("follow_up", "ann-lee", "Ann Lee", date(2026, 12, 1), -9, "promised for 2026-12-01", follow_up_id=7,
            text="Send Ann the deck; then, call \\ her back — with a long promise " + "é" * 40),
    DueItem("review", "ron-park", "Ron Park", TODAY, 0, "paused until 2026-11-22: review the decision to pause"),
)


def feed(items=ITEMS, events: bool = False) -> bytes:
    buf = io.BytesIO()
    ics.write(items, buf, today=TODAY, now=NOW, events=events)
    return buf.getvalue()


@pytest.mark.parametrize(("events", "component", "other"), [(False, "VTODO", "VEVENT"), (True, "VEVENT", "VTODO")])
def test_the_feed_is_rfc5545_text(events, component, other):
    raw = feed(events=events)
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")  # CRLF only
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75  # folded at 75 octets
        line.decode("utf-8")  # never inside a UTF-8 character
    text = raw.decode()
    assert "\r\nVERSION:2.0\r\n" in text and "\r\nPRODID:-//netj//netj due --ics//EN\r\n" in text
    assert text.count(f"BEGIN:{component}") == 3 and other not in text
    assert "Send Ann the deck\\; then\\, call \\\\ her back" in text.replace("\r\n ", "")  # escaped text


def test_to_dos_are_due_all_day_on_their_real_date():
    raw = feed().decode().replace("\r\n ", "")
    assert raw.count("DUE;VALUE=DATE:") == 3
    todos = icalendar.Calendar.from_ical(feed()).walk("VTODO")
    assert [str(t["UID"]) for t in todos] == ["contact-tomas-herrera@netj", "follow-up-7@netj", "review-ron-park@netj"]
    assert [t["DUE"].dt for t in todos] == [date(2026, 11, 16), date(2026, 12, 1), TODAY]  # late ones stay late
    for t in todos:
        assert t["DTSTAMP"].dt == NOW and str(t["STATUS"]) == "NEEDS-ACTION" and "DTSTART" not in t


def test_events_parse_with_icalendar_and_carry_each_item():
    cal = icalendar.Calendar.from_ical(feed(events=True))
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["contact-tomas-herrera@netj", "follow-up-7@netj", "review-ron-park@netj"]
    for e in events:
        assert e["DTSTAMP"].dt == NOW
        assert e["DTSTART"].params["VALUE"] == "DATE" and e["DTEND"].params["VALUE"] == "DATE"
        assert e["DTEND"].dt - e["DTSTART"].dt == (date(2026, 1, 2) - date(2026, 1, 1))
    contact, follow_up, review = events
    assert contact["DTSTART"].dt == TODAY  # already late: shown today
    assert "due 2026-11-16 (6 days late)" in str(contact["DESCRIPTION"])
    assert follow_up["DTSTART"].dt == date(2026, 12, 1)  # not yet due: on its day
    assert str(follow_up["SUMMARY"]) == "Follow up with Ann Lee: " + ITEMS[1].text
    assert str(review["SUMMARY"]) == "Review: Ron Park (paused)"


def test_no_verdict_in_the_feed():
    assert b"two-way" not in feed()


def test_the_same_items_give_the_same_bytes():
    assert feed() == feed()


def test_an_empty_feed_is_a_valid_calendar():
    cal = icalendar.Calendar.from_ical(feed(()))
    assert cal.walk("VTODO") == [] and str(cal["VERSION"]) == "2.0"


# --- through the CLI ---------------------------------------------------------------------------


@pytest.fixture
def demo(netj, db_path):
    netj.ok("--db", str(db_path), "demo")
    return netj


def events_of(result) -> list:
    """The items of a feed, to-dos or events."""
    cal = icalendar.Calendar.from_ical(result.stdout_bytes)
    return cal.walk("VTODO") + cal.walk("VEVENT")


def test_events_option_gives_events_with_the_same_uids(demo):
    todos = icalendar.Calendar.from_ical(demo.ok("due", "--ics").stdout_bytes).walk("VTODO")
    events = icalendar.Calendar.from_ical(demo.ok("due", "--ics", "--events").stdout_bytes).walk("VEVENT")
    assert todos and [str(t["UID"]) for t in todos] == [str(e["UID"]) for e in events]


def test_due_ics_lists_what_due_json_lists_within_30_days_by_default(demo):
    import json

    due = json.loads(demo.ok("due", "--json", "--within", "30d").stdout)
    events = events_of(demo.ok("due", "--ics"))
    assert len(events) == len(due)
    ids = {"follow_up": lambda i: f"follow-up-{i['follow_up_id']}", "referral": lambda i: f"referral-{i['referral_id']}"}
    assert {str(e["UID"]).split("@")[0] for e in events} == {
        ids.get(i["type"], lambda i: f"{i['type']}-{i['person']}")(i) for i in due}
    assert any(i["type"] == "referral" for i in due)  # the demo has an open referral gone quiet
    assert len(events_of(demo.ok("due", "--ics", "--within", "0d"))) == len(json.loads(demo.ok("due", "--json").stdout))


def test_uids_are_stable_across_runs_and_days(demo):
    first = {str(e["UID"]) for e in events_of(demo.ok("due", "--ics"))}
    later = {str(e["UID"]) for e in events_of(demo.ok("due", "--ics", "--today", "2026-11-23"))}
    assert first & later  # the same items keep their UIDs from one day to the next
    assert demo.ok("due", "--ics").stdout_bytes == demo.ok("due", "--ics").stdout_bytes


def test_dtstamp_is_the_pinned_now(demo):
    raw = demo.ok("due", "--ics").stdout_bytes
    assert set(re.findall(rb"DTSTAMP:(\S+)\r\n", raw)) == {b"20261122T000000Z"}


def test_no_meeting_notes_in_the_feed(demo):
    raw = demo.ok("due", "--ics").stdout_bytes.replace(b"\r\n ", b"").decode()
    import json

    for m in json.loads(demo.ok("export").stdout)["meetings"]:
        if m["notes"]:
            assert m["notes"] not in raw


def test_output_file_is_private(demo, tmp_path):
    path = tmp_path / "due.ics"
    r = demo.ok("due", "--ics", "-o", str(path))
    assert r.stdout == "" and "due item" in r.stderr
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_bytes() == demo.ok("due", "--ics").stdout_bytes


@pytest.mark.parametrize(("args", "message"), [
    (("--ics", "--json"), "choose one of --ics and --json."),
    (("--output", "x.ics"), "--output goes with --ics."),
    (("--events",), "--events goes with --ics."),
    (("--ics", "--within", "soon"), "--within:"),
])
def test_bad_combinations_are_usage_errors(demo, args, message):
    r = demo("due", *args)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("Error: " + message) and r.stderr.count("\n") == 1
