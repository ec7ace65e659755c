"""`netj people`: add, list, show, edit, rm, tag, pause, archive, activate."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

PERSON_KEYS = [
    "id", "handle", "name", "company", "title", "email", "phone", "url", "tags", "notes", "cadence", "status",
    "review_on", "snoozed_until", "last_contact_on", "next_due_on", "created_at", "updated_at",
]
SUMMARY_KEYS = ["handle", "name", "company", "tags", "status", "cadence", "last_contact_on", "next_due_on",
                "overall", "verdict"]


# --- helpers -----------------------------------------------------------------------


def add(netj, name: str, *args: str) -> str:
    """`people add`, returning the handle printed on stdout."""
    return netj.ok("people", "add", name, "--no-input", *args).stdout.strip()


def log(netj, *args: str) -> None:
    netj.ok("log", *args, "--no-input")


def export(netj) -> dict:
    return json.loads(netj.ok("export", "--json").stdout)


def assert_keys(obj: dict, documented: list[str]) -> None:
    """Every documented key is there, in the documented order (fields may be
    added within a schema version, so later additions are allowed)."""
    assert [k for k in obj if k in documented] == documented


def handles(rows: list[dict]) -> list[str]:
    return [r["handle"] for r in rows]


def show(netj, ref: str) -> dict:
    return netj.json("people", "show", ref)


def due_people(netj, *args: str) -> list[tuple[str, str]]:
    return [(i["type"], i["person"]) for i in netj.json("due", *args)]


# --- add: handles ------------------------------------------------------------------


def test_handle_derived_from_the_name_and_printed(netj):
    r = netj.ok("people", "add", "Ron Park", "--no-input")
    assert r.stdout == "ron-park\n"
    assert "Added Ron Park as ron-park" in r.stderr


def test_same_name_twice_gets_distinct_handles(netj):
    assert add(netj, "Ron Park") == "ron-park"
    assert add(netj, "Ron Park") == "ron-park-2"
    assert add(netj, "Ron Park") == "ron-park-3"
    assert [(p["handle"], p["name"]) for p in export(netj)["people"]] == [
        ("ron-park", "Ron Park"), ("ron-park-2", "Ron Park"), ("ron-park-3", "Ron Park")]


@pytest.mark.parametrize(
    ("name", "handle"),
    [("Tomás Herrera", "tomas-herrera"), ("Mary-Jane O'Neil", "mary-jane-o-neil"), ("  Ann   Lee ", "ann-lee")],
)
def test_handles_from_awkward_names(netj, name, handle):
    assert add(netj, name) == handle
    assert show(netj, handle)["person"]["name"] == name.strip()


def test_explicit_handle_and_taken_handle(netj):
    assert add(netj, "Ron Park", "--handle", "ronnie") == "ronnie"
    r = netj("people", "add", "Ronald Parker", "--handle", "ronnie", "--no-input")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "ronnie" in r.stderr
    assert handles(export(netj)["people"]) == ["ronnie"]


def test_add_json_is_the_person_record(netj):
    p = netj.json("people", "add", "Lorraine Chu", "--company", "Chu & Partners", "--title", "Lawyer",
                  "--email", "lorraine@example.com", "--phone", "+1 555", "--url", "https://chu.example",
                  "--tag", "Partner", "--tag", "legal", "--note", "Prefers mornings.", "--cadence", "6w",
                  "--no-input")
    assert_keys(p, PERSON_KEYS)
    assert p["handle"] == "lorraine-chu"
    assert p["company"] == "Chu & Partners"
    assert p["email"] == "lorraine@example.com"
    assert p["tags"] == ["legal", "partner"]  # lower case, sorted
    assert p["notes"] == "Prefers mornings."
    assert p["cadence"] == "6w"
    assert p["status"] == "active"
    assert p["last_contact_on"] is None
    assert p["next_due_on"] == "2027-01-03"  # added today + 6 weeks
    assert p["created_at"] == "2026-11-22T00:00:00Z"


def test_added_people_are_not_tracked_without_a_cadence(netj):
    p = netj.json("people", "add", "Ron Park", "--no-input")
    assert p["cadence"] is None and p["next_due_on"] is None
    assert netj.json("due", "--today", "2030-01-01") == []


def test_duplicate_email_is_rejected_case_insensitively(netj):
    add(netj, "Ron Park", "--email", "Ron@Example.com")
    before = export(netj)["people"]
    r = netj("people", "add", "Ronald Park", "--email", "ron@example.COM", "--no-input")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.startswith("Error:") and "ron-park" in r.stderr
    assert export(netj)["people"] == before


def test_edit_to_a_duplicate_email_is_rejected(netj):
    add(netj, "Ron Park", "--email", "ron@example.com")
    add(netj, "Ann Lee", "--email", "ann@example.com")
    r = netj("people", "edit", "ann-lee", "--email", "RON@example.com")
    assert r.exit_code == 1
    assert show(netj, "ann-lee")["person"]["email"] == "ann@example.com"
    # keeping your own email (in another case) is fine
    assert netj.json("people", "edit", "ann-lee", "--email", "ANN@example.com")["email"] == "ANN@example.com"


def test_people_are_found_by_email_and_name(netj):
    add(netj, "Ron Park", "--email", "ron@example.com")
    assert show(netj, "ron@example.com")["person"]["handle"] == "ron-park"
    assert show(netj, "Ron Park")["person"]["handle"] == "ron-park"


def test_an_ambiguous_name_asks_for_the_handle(netj):
    add(netj, "Ron Park")
    add(netj, "Ron Park")
    r = netj("people", "show", "Ron Park")
    assert r.exit_code == 1
    assert "ron-park" in r.stderr and "ron-park-2" in r.stderr


# --- list ----------------------------------------------------------------------------


@pytest.fixture
def crowd(netj):
    """Four people with different tags, statuses, contacts and scores."""
    add(netj, "Ann Lee", "--tag", "Partner", "--cadence", "30d")
    add(netj, "bob Stone", "--tag", "partner", "--tag", "legal", "--cadence", "1w")
    add(netj, "Cy Young", "--tag", "client")
    add(netj, "Dee Dee", "--cadence", "3m")
    log(netj, "ann-lee", "--date", "2026-11-01", "--listening", "2", "--preparation", "2")
    log(netj, "bob-stone", "--date", "2026-11-20", "--listening", "5", "--preparation", "4")
    log(netj, "cy-young", "--date", "2026-10-01", "--listening", "3", "--preparation", "3")
    return netj


def test_list_json_shape_and_default_sort_by_name(crowd):
    rows = crowd.json("people", "list")
    assert handles(rows) == ["ann-lee", "bob-stone", "cy-young", "dee-dee"]  # by name, case-insensitive
    for r in rows:
        assert_keys(r, SUMMARY_KEYS)
    bob = rows[1]
    assert bob["tags"] == ["legal", "partner"]
    assert bob["last_contact_on"] == "2026-11-20"
    assert bob["next_due_on"] == "2026-11-27"
    assert bob["overall"] == 4.5


def test_list_filters_by_tag(crowd):
    assert handles(crowd.json("people", "list", "--tag", "partner")) == ["ann-lee", "bob-stone"]
    assert handles(crowd.json("people", "list", "--tag", "PARTNER")) == ["ann-lee", "bob-stone"]
    assert handles(crowd.json("people", "list", "--tag", "legal")) == ["bob-stone"]
    assert crowd.json("people", "list", "--tag", "nobody-has-this") == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["ann-lee", "bob-stone", "cy-young", "dee-dee"]),
        ("last-contact", ["bob-stone", "ann-lee", "cy-young", "dee-dee"]),  # never met last
        ("score", ["bob-stone", "cy-young", "ann-lee", "dee-dee"]),  # unscored last
        ("due", ["bob-stone", "ann-lee", "dee-dee", "cy-young"]),  # 11-27, 12-01, 2027-02-22, untracked last
    ],
)
def test_list_sorts(crowd, sort, expected):
    assert handles(crowd.json("people", "list", "--sort", sort)) == expected


def test_list_filters_by_status(crowd):
    crowd.ok("people", "pause", "ann-lee", "--review-on", "2027-01-15")
    crowd.ok("people", "archive", "cy-young")
    assert handles(crowd.json("people", "list")) == ["ann-lee", "bob-stone", "dee-dee"]  # current
    assert handles(crowd.json("people", "list", "--status", "active")) == ["bob-stone", "dee-dee"]
    assert handles(crowd.json("people", "list", "--status", "paused")) == ["ann-lee"]
    assert handles(crowd.json("people", "list", "--status", "archived")) == ["cy-young"]
    assert handles(crowd.json("people", "list", "--status", "all")) == ["ann-lee", "bob-stone", "cy-young", "dee-dee"]
    assert handles(crowd.json("people", "list", "--status", "archived", "--tag", "partner")) == []


@pytest.mark.parametrize("args", [("--status", "gone"), ("--sort", "age")])
def test_list_bad_choice_is_a_usage_error(crowd, args):
    r = crowd("people", "list", *args, "--json")
    assert r.exit_code == 2
    assert r.stdout == ""


def test_list_empty_journal_is_an_empty_array(netj):
    assert netj.json("people", "list") == []


def test_list_human_output_names_people(crowd):
    out = crowd.ok("people", "list").stdout
    for name in ("Ann Lee", "bob Stone", "Cy Young", "Dee Dee"):
        assert name in out


# --- show ----------------------------------------------------------------------------


def test_show_json_structure(netj):
    add(netj, "Ron Park", "--cadence", "30d", "--email", "ron@example.com")
    log(netj, "ron-park", "--date", "2026-11-01", "--listening", "4", "--preparation", "4", "-f", "old promise",
        "--follow-up-on", "2026-11-05")
    log(netj, "ron-park", "--date", "2026-11-10", "--listening", "5", "-f", "Send intro", "--follow-up-on", "2026-11-30")
    log(netj, "ron-park", "--date", "2026-10-01", "--note", "first coffee")
    netj.ok("done", "1")
    d = show(netj, "ron-park")
    assert_keys(d, ["person", "scorecard", "meetings", "open_follow_ups"])
    assert_keys(d["person"], PERSON_KEYS)
    assert d["person"]["last_contact_on"] == "2026-11-10"
    assert d["scorecard"]["person"] == "ron-park"
    assert d["scorecard"]["scored_meetings"] == 2
    assert [m["date"] for m in d["meetings"]] == ["2026-11-10", "2026-11-01", "2026-10-01"]  # newest first
    assert [m["id"] for m in d["meetings"]] == [2, 1, 3]
    assert [(f["id"], f["text"]) for f in d["open_follow_ups"]] == [(2, "Send intro")]  # done one left out
    assert [m["id"] for m in netj.json("people", "show", "ron-park", "--meetings", "1")["meetings"]] == [2]
    assert netj.json("people", "show", "ron-park", "--meetings", "0")["meetings"] == []


def test_show_human_output(netj):
    add(netj, "Ron Park", "--company", "Park Ltd")
    log(netj, "ron-park", "--place", "Blue Door")
    out = netj.ok("people", "show", "ron-park").stdout
    assert "Ron Park" in out and "Park Ltd" in out and "Blue Door" in out


def test_show_unknown_person(netj):
    add(netj, "Ron Park")
    r = netj("people", "show", "ron-prak", "--json")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "ron-park" in r.stderr  # did you mean


# --- edit ----------------------------------------------------------------------------


def test_edit_changes_and_clears_fields(netj):
    add(netj, "Ron Park", "--company", "Park Ltd", "--cadence", "30d")
    p = netj.json("people", "edit", "ron-park", "--title", "CEO", "--company", "", "--cadence", "2w")
    assert (p["title"], p["company"], p["cadence"], p["next_due_on"]) == ("CEO", None, "2w", "2026-12-06")
    p = netj.json("people", "edit", "ron-park", "--cadence", "none")
    assert p["cadence"] is None and p["next_due_on"] is None


def test_edit_name_and_handle(netj):
    add(netj, "Ron Park")
    r = netj.ok("people", "edit", "ron-park", "--name", "Ronald Park", "--handle", "ronald")
    assert r.stdout == "ronald\n"
    assert show(netj, "ronald")["person"]["name"] == "Ronald Park"
    assert netj("people", "show", "ron-park").exit_code == 1


def test_edit_with_nothing_to_change(netj):
    add(netj, "Ron Park")
    r = netj("people", "edit", "ron-park")
    assert r.exit_code != 0
    assert r.stderr.startswith("Error:")


# --- rm ------------------------------------------------------------------------------


@pytest.fixture
def ron_with_history(netj):
    add(netj, "Ron Park")
    add(netj, "Ann Lee")
    log(netj, "ron-park", "--listening", "4", "--preparation", "3", "-f", "send", "--follow-up-on", "friday",
        "--date", "2026-11-01")  # meeting 1: Ron alone
    log(netj, "ron-park", "ann-lee", "--score", "ron-park:listening=5", "--date", "2026-11-10")  # meeting 2: shared
    return netj


def test_rm_under_no_input_needs_yes_and_says_what_it_deletes(ron_with_history):
    netj = ron_with_history
    before = netj.ok("export", "--json").stdout
    r = netj("people", "rm", "ron-park", "--no-input")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "--yes" in r.stderr
    assert "2 meeting attendance(s), 3 score(s), 1 follow-up(s); 1 meeting(s)" in r.stderr
    assert netj.ok("export", "--json").stdout == before


def test_rm_with_yes_deletes_person_scores_follow_ups_and_solo_meetings(ron_with_history):
    netj = ron_with_history
    r = netj.ok("people", "rm", "ron-park", "--yes", "--json")
    assert json.loads(r.stdout) == {
        "person": "ron-park", "name": "Ron Park", "meetings_attended": 2, "meetings_deleted": 1,
        "scores": 3, "follow_ups": 1,
    }
    assert "Deleted Ron Park (ron-park)" in r.stderr
    doc = export(netj)
    assert handles(doc["people"]) == ["ann-lee"]
    assert [(m["id"], [a["person"] for a in m["attendees"]]) for m in doc["meetings"]] == [(2, ["ann-lee"])]
    assert doc["follow_ups"] == []
    assert netj("people", "show", "ron-park").exit_code == 1


def test_rm_short_yes_without_json_prints_nothing_on_stdout(ron_with_history):
    r = ron_with_history.ok("people", "rm", "ann-lee", "-y")
    assert r.stdout == ""
    assert "Deleted Ann Lee (ann-lee)" in r.stderr


# --- tag -----------------------------------------------------------------------------


def test_tag_add_and_remove(netj):
    add(netj, "Ron Park", "--tag", "client")
    p = netj.json("people", "tag", "ron-park", "Partner", "legal")
    assert p["tags"] == ["client", "legal", "partner"]
    p = netj.json("people", "tag", "ron-park", "--remove", "client")
    assert p["tags"] == ["legal", "partner"]
    r = netj("people", "tag", "ron-park", "legal")
    assert r.exit_code == 1  # already has it: nothing to do
    assert show(netj, "ron-park")["person"]["tags"] == ["legal", "partner"]


# --- pause, archive, activate ----------------------------------------------------------


@pytest.fixture
def overdue_ron(netj):
    add(netj, "Ron Park", "--cadence", "30d")
    log(netj, "ron-park", "--date", "2026-09-01")
    assert due_people(netj) == [("contact", "ron-park")]
    return netj


def test_pause_review_comes_back_in_due_on_its_date(overdue_ron):
    netj = overdue_ron
    p = netj.json("people", "pause", "ron-park", "--review-on", "2026-12-15")
    assert (p["status"], p["review_on"], p["next_due_on"]) == ("paused", "2026-12-15", None)
    assert due_people(netj) == []
    assert due_people(netj, "--today", "2026-12-14") == []
    (item,) = netj.json("due", "--today", "2026-12-15")
    assert (item["type"], item["person"], item["due_on"], item["days_overdue"]) == ("review", "ron-park", "2026-12-15", 0)
    assert due_people(netj, "--within", "30d") == [("review", "ron-park")]


def test_pause_with_relative_date(overdue_ron):
    p = overdue_ron.json("people", "pause", "ron-park", "--review-on", "3m")
    assert p["review_on"] == "2027-02-22"


def test_pause_in_the_past_is_refused(overdue_ron):
    r = overdue_ron("people", "pause", "ron-park", "--review-on", "2026-11-01")
    assert r.exit_code == 2
    assert show(overdue_ron, "ron-park")["person"]["status"] == "active"


def test_pause_without_review_date_under_no_input(overdue_ron):
    r = overdue_ron("people", "pause", "ron-park", "--no-input")
    assert r.exit_code == 2
    assert "--review-on" in r.stderr
    assert show(overdue_ron, "ron-park")["person"]["status"] == "active"


def test_archive_removes_from_due_and_activate_brings_back(overdue_ron):
    netj = overdue_ron
    p = netj.json("people", "archive", "ron-park")
    assert (p["status"], p["next_due_on"]) == ("archived", None)
    assert due_people(netj) == []
    assert due_people(netj, "--today", "2030-01-01") == []
    assert netj("people", "archive", "ron-park").exit_code == 1  # already archived
    p = netj.json("people", "activate", "ron-park")
    assert (p["status"], p["next_due_on"]) == ("active", "2026-10-01")
    assert due_people(netj) == [("contact", "ron-park")]


def test_activate_a_paused_person_clears_the_review(overdue_ron):
    netj = overdue_ron
    netj.ok("people", "pause", "ron-park", "--review-on", "2026-12-15")
    p = netj.json("people", "activate", "ron-park")
    assert (p["status"], p["review_on"]) == ("active", None)
    assert due_people(netj, "--today", "2026-12-15") == [("contact", "ron-park")]
