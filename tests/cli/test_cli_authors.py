"""Authorship in a shared journal: each meeting, score, follow-up and
referral records who wrote it; `score` and `people show` filter or group by
author; export and import carry it."""

from __future__ import annotations

import json

import pytest
from tests.conftest import OS_USER

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

ANA = {"NETJ_USER": "Ana Ruiz"}
BO = {"NETJ_USER": "Bo Chan"}


def log(netj, env, *args):
    return json.loads(netj.ok("log", *args, "--no-input", "--json", env=env).stdout)


@pytest.fixture
def team(netj):
    """Two coaches meeting one partner, together and apart: Ana finds Ron
    well prepared, Bo finds him a poor listener."""
    netj.ok("people", "add", "Ron Park", "--no-input", "--cadence", "30d")
    log(netj, ANA, "ron-park", "--date", "2026-10-01", "--listening", "4", "--preparation", "5", "--note", "ana 1",
        "--follow-up", "send the deck", "--follow-up-on", "2026-12-01")
    log(netj, ANA, "ron-park", "--date", "2026-11-01", "--listening", "5", "--preparation", "5", "--note", "ana 2")
    log(netj, BO, "ron-park", "--date", "2026-10-15", "--listening", "1", "--preparation", "4", "--note", "bo 1",
        "--follow-up", "intro to Maya", "--follow-up-on", "2026-12-02")
    log(netj, BO, "ron-park", "--date", "2026-11-15", "--listening", "2", "--preparation", "4", "--note", "bo 2")
    netj.ok("refer", "given", "ron-park", "--no-input", "--date", "2026-11-02", env=BO)


def test_every_entry_records_who_wrote_it(netj, team):
    detail = netj.json("people", "show", "ron-park")
    assert [(m["notes"], m["author"]) for m in detail["meetings"]] == [
        ("bo 2", "Bo Chan"), ("ana 2", "Ana Ruiz"), ("bo 1", "Bo Chan"), ("ana 1", "Ana Ruiz")]
    assert detail["meetings"][0]["attendees"][0]["scored_by"] == {"listening": "Bo Chan", "preparation": "Bo Chan"}
    assert {f["text"]: f["author"] for f in detail["open_follow_ups"]} == {"send the deck": "Ana Ruiz",
                                                                          "intro to Maya": "Bo Chan"}
    assert [r["author"] for r in detail["referrals"]] == ["Bo Chan"]
    assert detail["scorecard"]["author"] is None and detail["by_author"] == []


def test_without_netj_user_the_author_is_the_os_user(netj, team):
    assert log(netj, None, "ron-park", "--listening", "3")["meeting"]["author"] == OS_USER


def test_score_by_author_shows_how_each_coach_scored_the_partner(netj, team):
    cards = netj.json("score", "ron-park", "--by-author")
    assert [c["author"] for c in cards] == ["Ana Ruiz", "Bo Chan"]
    ana, bo = ({d["dimension"]: d["mean"] for d in c["dimensions"]} for c in cards)
    assert ana == {"listening": 4.5, "preparation": 5.0}
    assert bo == {"listening": 1.5, "preparation": 4.0}
    assert [c["scored_meetings"] for c in cards] == [2, 2]
    assert cards[1]["referrals"]["given"] == 1 and cards[0]["referrals"]["given"] == 0
    assert cards[0]["verdict"] != cards[1]["verdict"]
    table = netj.ok("score", "ron-park", "--by-author").stdout
    assert "Ana Ruiz" in table and "Bo Chan" in table


def test_score_author_filters_and_accepts_a_name_word(netj, team):
    everyone = netj.json("score", "ron-park")
    bo = netj.json("score", "ron-park", "--author", "bo")
    assert bo["author"] == "Bo Chan" and everyone["author"] is None
    assert bo["scored_meetings"] == 2 and everyone["scored_meetings"] == 4
    assert netj.json("score", "--author", "Ana Ruiz")[0]["author"] == "Ana Ruiz"
    assert "as Bo Chan scored them" in netj.ok("score", "ron-park", "--author", "bo chan").stdout


def test_ranking_by_author_has_a_row_per_person_and_author(netj, team):
    rows = netj.json("score", "--by-author")
    assert sorted((r["person"], r["author"]) for r in rows) == [("ron-park", "Ana Ruiz"), ("ron-park", "Bo Chan")]


def test_people_show_author_keeps_only_what_that_author_wrote(netj, team):
    mine = netj.json("people", "show", "ron-park", "--author", "Ana Ruiz")
    assert [m["notes"] for m in mine["meetings"]] == ["ana 2", "ana 1"]
    assert [f["text"] for f in mine["open_follow_ups"]] == ["send the deck"]
    assert mine["referrals"] == [] and mine["scorecard"]["author"] == "Ana Ruiz"
    grouped = netj.json("people", "show", "ron-park", "--by-author")
    assert [c["author"] for c in grouped["by_author"]] == ["Ana Ruiz", "Bo Chan"]
    text = netj.ok("people", "show", "ron-park").stdout
    assert "By" in text and "Bo Chan" in text  # more than one author: the timeline says who logged each


@pytest.mark.parametrize("args", [("score", "ron-park", "--author", "Zed"), ("score", "--author", "zed"),
                                  ("people", "show", "ron-park", "--author", "zed")])
def test_an_author_who_wrote_nothing_is_an_error_that_lists_the_authors(netj, team, args):
    result = netj(*args)
    assert result.exit_code == 1
    assert result.stderr == "Error: nothing in this journal was written by 'zed'. Authors: Ana Ruiz, Bo Chan.\n".replace(
        "'zed'", f"'{args[-1]}'")


def test_author_and_by_author_together_is_a_usage_error(netj, team):
    result = netj("score", "ron-park", "--author", "bo", "--by-author")
    assert result.exit_code == 2 and "pass one of the two" in result.stderr


def test_a_colleagues_score_is_never_taken_over(netj, team):
    meeting = netj.json("people", "show", "ron-park")["meetings"][-1]  # Ana's first: listening 4
    result = netj("score", "ron-park", "--meeting", str(meeting["id"]), "--listening", "2", env=BO)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: ron-park's listening score at meeting {meeting['id']} was given by "
                                    "Ana Ruiz; it stays theirs. Log your own account")
    assert netj.json("people", "show", "ron-park")["meetings"][-1] == meeting  # nothing written
    netj.ok("score", "ron-park", "--meeting", str(meeting["id"]), "--listening", "3", env=ANA)  # her own: fine
    assert netj.json("people", "show", "ron-park")["meetings"][-1]["attendees"][0]["scores"]["listening"] == 3
    result = netj("score", "ron-park", "--meeting", str(meeting["id"]), "--listening", "2", "--author", "Ana")
    assert result.exit_code == 2 and "recorded as yours" in result.stderr


def test_a_score_nobody_gave_yet_becomes_yours(netj, team, sql):
    meeting = netj.json("people", "show", "ron-park")["meetings"][-1]
    sql("DELETE FROM score WHERE meeting_id = ? AND dimension = 'preparation'", (meeting["id"],), write=True)
    netj.ok("score", "ron-park", "--meeting", str(meeting["id"]), "--preparation", "2", env=BO)
    again = netj.json("people", "show", "ron-park")["meetings"][-1]
    assert again["author"] == "Ana Ruiz"  # still her meeting
    assert again["attendees"][0]["scored_by"] == {"listening": "Ana Ruiz", "preparation": "Bo Chan"}


def test_an_ambiguous_or_empty_author(netj, team):
    log(netj, {"NETJ_USER": "Bob Lee"}, "ron-park", "--listening", "3")
    result = netj("score", "ron-park", "--author", "bo")
    assert result.exit_code == 1
    assert result.stderr == "Error: --author 'bo' could be Bo Chan, Bob Lee. Give more of the name.\n"
    assert netj.json("score", "ron-park", "--author", "bob")["author"] == "Bob Lee"
    result = netj("score", "ron-park", "--author", " ")
    assert result.exit_code == 2 and "--author is empty" in result.stderr
    result = netj("people", "show", "ron-park", "--author", "bob", "--by-author")
    assert result.exit_code == 2 and "pass one of the two" in result.stderr


def test_the_ranking_by_author_with_all_keeps_the_unscored(netj, team):
    netj.ok("people", "add", "Una Scored", "--no-input")
    rows = netj.json("score", "--by-author", "--all")
    assert ("una-scored", None) in [(r["person"], r["author"]) for r in rows]
    assert "una-scored" not in [r["person"] for r in netj.json("score", "--by-author")]


def test_completion_of_authors_by_any_word_case_aside(netj, team):
    from netjournal.cli.completion import complete_author

    class Ctx:  # what _complete needs: the root context without options
        obj = None

        def find_root(self):
            return self

    assert complete_author(Ctx(), "chan") == ["Bo Chan"]
    assert complete_author(Ctx(), "a") == ["Ana Ruiz"]
    assert complete_author(Ctx(), "") == ["Ana Ruiz", "Bo Chan"]


def test_export_and_import_carry_the_authors(netj, team, tmp_path):
    doc = netj.json("export")
    assert {m["author"] for m in doc["meetings"]} == {"Ana Ruiz", "Bo Chan"}
    assert {f["author"] for f in doc["follow_ups"]} == {"Ana Ruiz", "Bo Chan"}
    assert doc["referrals"][0]["author"] == "Bo Chan"
    assert all(set(a["scored_by"]) == {"listening", "preparation"} for m in doc["meetings"] for a in m["attendees"])
    exported = tmp_path / "team.json"
    exported.write_text(json.dumps(doc), encoding="utf-8")
    other = tmp_path / "restored.db"
    netj.ok("--db", str(other), "import", str(exported))
    again = netj.json("--db", str(other), "export")
    assert again["meetings"] == doc["meetings"] and again["follow_ups"] == doc["follow_ups"]
    assert again["referrals"] == doc["referrals"]


def test_merging_a_colleagues_export_keeps_both_accounts_of_a_meeting(netj, tmp_path):
    """Ana and Bo each logged the same coffee in their own journals: merged, both stay."""
    ana_db, bo_db = tmp_path / "ana.db", tmp_path / "bo.db"
    for db, env, score in ((ana_db, ANA, "5"), (bo_db, BO, "2")):
        netj.ok("--db", str(db), "people", "add", "Ron Park", "--no-input", "--email", "ron@example.com")
        netj.ok("--db", str(db), "log", "ron-park", "--date", "2026-11-20", "--listening", score, "--no-input",
                env={**env, "NETJ_NOW": "2026-11-20T10:00:00Z"})
    bo_export = tmp_path / "bo.json"
    netj.ok("--db", str(bo_db), "export", "-o", str(bo_export))
    netj.ok("--db", str(ana_db), "import", str(bo_export))
    netj.ok("--db", str(ana_db), "import", str(bo_export))  # again: nothing added twice
    cards = netj.json("--db", str(ana_db), "score", "ron-park", "--by-author")
    assert [(c["author"], c["scored_meetings"]) for c in cards] == [("Ana Ruiz", 1), ("Bo Chan", 1)]
    assert len(netj.json("--db", str(ana_db), "people", "list")) == 1  # one Ron, matched by email


def test_merging_keeps_a_colleagues_follow_up_and_referral_made_at_the_same_moment(netj, tmp_path):
    """Same person, text, dates and timestamp, other author: theirs, not a copy of yours."""
    ana_db, bo_db = tmp_path / "ana.db", tmp_path / "bo.db"
    at = {"NETJ_NOW": "2026-11-20T10:00:00Z"}
    for db, env in ((ana_db, ANA), (bo_db, BO)):
        netj.ok("--db", str(db), "people", "add", "Ron Park", "--no-input", "--email", "ron@example.com", env=at)
        netj.ok("--db", str(db), "log", "ron-park", "--date", "2026-11-20", "--follow-up", "send the deck",
                "--follow-up-on", "2026-12-01", "--no-input", env={**env, **at})
        netj.ok("--db", str(db), "refer", "given", "ron-park", "--date", "2026-11-20", "--no-input", env={**env, **at})
    bo_export = tmp_path / "bo.json"
    netj.ok("--db", str(bo_db), "export", "-o", str(bo_export))
    netj.ok("--db", str(ana_db), "import", str(bo_export))
    doc = netj.json("--db", str(ana_db), "export")
    assert sorted(f["author"] for f in doc["follow_ups"]) == ["Ana Ruiz", "Bo Chan"]
    assert sorted(r["author"] for r in doc["referrals"]) == ["Ana Ruiz", "Bo Chan"]


@pytest.mark.parametrize(("change", "message"), [
    (lambda m: m["attendees"][0].update(scored_by={"listening": ""}), "scored_by: listening is not a name"),
    (lambda m: m["attendees"][0].update(scored_by={"warmth": "Ana"}), "scored_by names a dimension that has no score"),
    (lambda m: m.update(author=" Ana"), "author is not a name netj records"),
    (lambda m: m.update(author="A\x00na"), "author contains a NUL byte"),
    (lambda m: m.update(author=7), "author is not a string"),
])
def test_import_refuses_authors_netj_would_not_write(netj, team, tmp_path, change, message):
    doc = netj.json("export")
    change(doc["meetings"][0])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    target = tmp_path / "target.db"
    result = netj("--db", str(target), "import", str(bad))
    assert result.exit_code == 1, result.stderr
    error = result.stderr.strip().splitlines()[-1]  # after "Created a new journal at …"
    assert error.startswith("Error: bad.json: ") and message in error and error.endswith("nothing was imported.")
    assert not target.exists() or netj.json("--db", str(target), "people", "list") == []


@pytest.mark.sqlite_only
def test_a_journal_from_before_authorship_upgrades_with_its_entries_unrecorded(netj, tmp_path):
    import shutil
    from pathlib import Path

    db = tmp_path / "old.db"
    shutil.copy(Path(__file__).parents[1] / "fixtures" / "journal-v2.db", db)
    db.chmod(0o600)
    before = netj.json("--db", str(db), "score", "lorraine-chu")
    cards = netj.json("--db", str(db), "score", "lorraine-chu", "--by-author")
    assert [c["author"] for c in cards] == [None]  # every score from before v5: one unrecorded group
    assert {k: v for k, v in cards[0].items() if k != "author"} == {k: v for k, v in before.items() if k != "author"}
    assert "(unrecorded)" in netj.ok("--db", str(db), "score", "lorraine-chu", "--by-author").stdout
    result = netj("--db", str(db), "score", "--author", "Ana")
    assert result.exit_code == 1 and "nothing in this journal records an author yet" in result.stderr
    log(netj, ANA, "--db", str(db), "lorraine-chu", "--listening", "2")
    cards = netj.json("--db", str(db), "score", "lorraine-chu", "--by-author")
    assert [c["author"] for c in cards] == ["Ana Ruiz", None]
    result = netj("--db", str(db), "score", "--author", "nobody")
    assert result.exit_code == 1 and "Authors: Ana Ruiz." in result.stderr


def test_due_author_keeps_your_own_promises_and_everyone_s_contacts(netj, team):
    everything = netj.json("due", "--today", "2026-12-05")
    promises = {i["text"]: i["author"] for i in everything if i["type"] == "follow_up"}
    assert promises == {"send the deck": "Ana Ruiz", "intro to Maya": "Bo Chan"}
    mine = netj.json("due", "--today", "2026-12-05", "--author", "ana")
    assert [i["text"] for i in mine if i["type"] == "follow_up"] == ["send the deck"]
    theirs = ("follow_up", "referral")  # what --author narrows: what that author wrote down
    assert [i for i in mine if i["type"] not in theirs] == [i for i in everything if i["type"] not in theirs]
    # Bo's referral of 2 November has gone quiet: Bo is asked about it, not Ana
    assert [(i["type"], i["author"]) for i in everything if i["type"] == "referral"] == [("referral", "Bo Chan")]
    assert [i for i in mine if i["type"] == "referral"] == []
    table = netj.ok("due", "--today", "2026-12-05").stdout
    assert "By" in table and "Bo Chan" in table  # two authors among the promises: the table says whose
    assert "By" not in netj.ok("due", "--today", "2026-12-05", "--author", "ana").stdout.split("Follow-ups")[1]


def test_prep_and_review_say_who_logged_each_meeting_in_a_team(netj, team):
    prep = netj.ok("prep", "ron-park").stdout
    assert "logged by Bo Chan" in prep and "logged by Ana Ruiz" in prep
    assert "by Bo Chan" not in netj.ok("review", "--day", "2026-10-15").stdout  # one author that day: no label
    netj.ok("log", "ron-park", "--date", "2026-11-15", "--listening", "3", "--no-input", env=ANA)
    review = netj.ok("review", "--day", "2026-11-15").stdout
    assert "by Bo Chan" in review and "by Ana Ruiz" in review


@pytest.mark.sqlite_only
def test_handing_an_old_journal_over_attributes_its_unrecorded_entries(netj, tmp_path):
    """A journal from before v5 into a team journal: `db copy --author` and
    `import --author` name who wrote what has no author; others keep theirs."""
    import shutil
    from pathlib import Path

    old = tmp_path / "old.db"
    shutil.copy(Path(__file__).parents[1] / "fixtures" / "journal-v2.db", old)
    old.chmod(0o600)
    log(netj, BO, "--db", str(old), "lorraine-chu", "--listening", "2")  # one entry with an author already
    team = tmp_path / "team.db"
    netj.ok("--db", str(old), "db", "copy", "--to", str(team), "--author", "  Ron   Adviser ")
    doc = netj.json("--db", str(team), "export")
    assert {m["author"] for m in doc["meetings"]} == {"Ron Adviser", "Bo Chan"}
    assert all(set(a["scored_by"].values()) <= {"Ron Adviser", "Bo Chan"} and
               set(a["scored_by"]) == {d for d, v in a["scores"].items() if v is not None}
               for m in doc["meetings"] for a in m["attendees"])
    assert {f["author"] for f in doc["follow_ups"]} == {"Ron Adviser"}
    assert [c["author"] for c in netj.json("--db", str(team), "score", "lorraine-chu", "--by-author")] == [
        "Bo Chan", "Ron Adviser"]
    exported = tmp_path / "old.json"
    netj.ok("--db", str(old), "export", "-o", str(exported))
    merged = tmp_path / "merged.db"
    netj.ok("--db", str(merged), "import", str(exported), "--author", "Ron Adviser")
    assert netj.json("--db", str(merged), "export")["meetings"] == doc["meetings"]
    again = netj.json("--db", str(merged), "import", str(exported), "--author", "Ron Adviser")
    assert again["meetings_created"] == 0  # the same handover twice adds nothing
    later = tmp_path / "later.db"  # imported first without --author, attributed afterwards
    netj.ok("--db", str(later), "import", str(exported))
    assert {m["author"] for m in netj.json("--db", str(later), "export")["meetings"]} == {None, "Bo Chan"}
    fill = netj.json("--db", str(later), "import", str(exported), "--author", "Ron Adviser")
    assert (fill["meetings_created"], fill["follow_ups_created"]) == (0, 0)
    assert netj.json("--db", str(later), "export")["meetings"] == doc["meetings"]  # filled in, not duplicated
    assert netj.json("--db", str(later), "import", str(exported), "--author", "Someone Else")["meetings_created"] == 0
    bad = netj("--db", str(merged), "import", str(exported), "--author", "")
    assert bad.exit_code == 2 and "--author is empty" in bad.stderr
    csv = tmp_path / "contacts.csv"
    csv.write_text("First Name,Last Name,Email Address\nAda,Byron,ada@example.com\n", encoding="utf-8")
    wrong = netj("--db", str(merged), "import", str(csv), "--format", "linkedin", "--author", "Ron")
    assert wrong.exit_code == 2 and "has none" in wrong.stderr
