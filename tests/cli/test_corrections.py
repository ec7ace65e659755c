"""Issue 15's check: a realistic fortnight logged with mistakes in it, each
corrected with the commands made for it (meetings edit|rm, follow-ups reopen,
refer update, undo), ends as the same fortnight logged right: scorecards,
what is due, search and the export (ids aside: a mistake used some) match."""

from __future__ import annotations

import uuid

import pytest

from backends import schema_url
from conftest import PG_URL

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

DAYS = [f"2026-11-{d:02d}" for d in range(9, 23)]  # a fortnight; 2026-11-22 is "today" (conftest)


@pytest.fixture
def right_journal(backend, tmp_path, request):
    """A second journal on the same backend: the fortnight logged without mistakes."""
    if backend == "sqlite":
        yield str(tmp_path / "right.db")
        return
    admin = request.getfixturevalue("_pg_admin")
    name = f"netj_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {name}")
    try:
        yield schema_url(PG_URL, name)
    finally:
        admin.execute(f"DROP SCHEMA {name} CASCADE")


def fortnight(run, *, mistakes: bool) -> None:
    """The same two weeks; with ``mistakes``, typed in a hurry and then put right."""
    def on(day: int, *args: str):
        return run("--today", DAYS[day], *args)

    on(0, "people", "add", "Lorraine Chu", "--cadence", "30d", "--tag", "partner")
    on(0, "people", "add", "Ron Park", "--cadence", "30d")
    on(0, "people", "add", "Maya Okafor", "--cadence", "45d", "--note", "Tax accountant")
    # day 1: a coffee with Lorraine, logged the next morning with the wrong date
    if mistakes:
        on(1, "log", "lorraine-chu", "--no-input", "-l", "5", "-P", "5", "--note", "Two client ideas")
        on(1, "meetings", "edit", "1", "--date", "yesterday")
    else:
        on(1, "log", "lorraine-chu", "--no-input", "-l", "5", "-P", "5", "--note", "Two client ideas",
           "--date", "yesterday")
    # day 2: Ron talked about himself; listening typed as 4 instead of 1
    on(2, "log", "ron-park", "--no-input", "-l", "4" if mistakes else "1", "-P", "2", "--note", "His brochure again")
    if mistakes:
        on(3, "meetings", "edit", "2", "--score", "ron-park:listening=1")
    # day 3: lunch with Lorraine, a promise made; marked done too early on day 4
    on(3, "log", "lorraine-chu", "--no-input", "--kind", "lunch", "-l", "5", "-P", "4",
       "--follow-up", "Send Lorraine the workshop dates", "--follow-up-on", DAYS[6])
    if mistakes:
        on(4, "done", "1")
        on(4, "follow-ups", "reopen", "1")
    # day 4: a referral to Maya, recorded against Ron
    on(4, "refer", "given", "ron-park" if mistakes else "maya-okafor", "--note", "The Hendersons' tax return",
       "--no-input")
    if mistakes:
        on(5, "refer", "update", "1", "--person", "maya-okafor")
    # day 5: a video call with Maya, logged as if with Ron
    on(5, "log", "ron-park" if mistakes else "maya-okafor", "--no-input", "--kind", "video",
       "--note", "Season planning", *(["-l", "3"] if mistakes else ["-l", "4", "-P", "4"]))
    if mistakes:
        on(5, "meetings", "edit", "4", "--remove", "ron-park", "--add", "maya-okafor",
           "--score", "maya-okafor:listening=4,preparation=4")
    # day 6: the promise kept, on its day
    on(6, "done", "1")
    # day 7: a meeting logged twice; the second one undone
    on(7, "log", "ron-park", "--no-input", "-l", "2", "-P", "1", "--note", "Pitched the premium plan")
    if mistakes:
        on(7, "log", "ron-park", "--no-input", "-l", "2", "-P", "1", "--note", "Pitched the premium plan")
        on(7, "undo", "--yes")
    # day 8: Ron's company typed wrong, undone
    if mistakes:
        on(8, "people", "edit", "ron-park", "--company", "Parks & Recreation")
        on(8, "undo", "--yes")
    # day 9: a note with a wrong word
    on(9, "log", "maya-okafor", "--no-input", "-l", "5", "-P", "5",
       "--note", "Agreed to co-host the spring workshop" if not mistakes else "Agreed to co-host the sprung workshop")
    if mistakes:
        on(9, "meetings", "edit", "7", "--note", "Agreed to co-host the spring workshop")
    # day 10: a meeting that did not happen, logged by mistake, removed
    if mistakes:
        on(10, "log", "lorraine-chu", "--no-input", "--note", "Cancelled lunch, logged anyway")
        on(10, "meetings", "rm", "8", "--yes")
    # day 11: Ron snoozed until the wrong month, undone; then snoozed right
    if mistakes:
        on(11, "snooze", "ron-park", "--until", "2027-12-01")
        on(11, "undo", "--yes")
    on(11, "snooze", "ron-park", "--until", "2026-12-20")
    # day 12: a referral back from Lorraine, its outcome set wrong, then right
    on(12, "refer", "received", "lorraine-chu", "--value", "4800", "--no-input",
       *(["--outcome", "lost"] if mistakes else ["--outcome", "won"]))
    if mistakes:
        on(12, "refer", "update", "2", "--outcome", "won")  # an outcome is dated the day it is set


def normalized(doc: dict) -> dict:
    """An export with its ids replaced by what they stand for (handles, and
    meetings in date order), and ``updated_at`` left out: it says when a
    record was last written, and a correction is a write (a meeting removed
    does not give its attendees back the day their record last changed)."""
    handle = {p["id"]: p["handle"] for p in doc["people"]}
    meetings = sorted(doc["meetings"], key=lambda m: (m["date"], m["created_at"], m["notes"] or ""))
    order = {m["id"]: i for i, m in enumerate(meetings)}

    def person_ref(r: dict) -> dict:
        r = {k: v for k, v in r.items() if k != "id"}
        for key in ("person_id", "other_person_id"):
            if key in r and r[key] is not None:
                r[key] = handle[r[key]]
        return r

    out = {
        "people": sorted(({k: v for k, v in p.items() if k not in ("id", "updated_at")} for p in doc["people"]),
                         key=lambda p: p["handle"]),
        "meetings": [{**{k: v for k, v in m.items() if k != "id"},
                      "attendees": [person_ref(a) for a in m["attendees"]]} for m in meetings],
        "follow_ups": sorted(({**person_ref(f), "meeting_id": order.get(f["meeting_id"])} for f in doc["follow_ups"]),
                             key=lambda f: (f["person_id"], f["text"])),
        "referrals": sorted(({k: v for k, v in person_ref(r).items() if k != "updated_at"} for r in doc["referrals"]),
                            key=lambda r: (r["date"], r["person"], r["direction"])),
        "decisions": sorted((person_ref(d) for d in doc["decisions"]), key=lambda d: (d["person_id"], d["date"])),
        "gains_changes": sorted((person_ref(g) for g in doc["gains_changes"]), key=lambda g: (g["person_id"], g["date"])),
    }
    return out


def seen(netj, db) -> dict:
    def j(*args):
        return netj.json("--db", str(db), *args)

    def without(rows: list[dict], *keys: str) -> list[dict]:
        return [{k: v for k, v in r.items() if k not in keys} for r in rows]

    return {
        "export": normalized(j("export")),
        "scores": j("score", "--all"),
        "due": without(j("due", "--within", "60d"), "follow_up_id"),
        "search": {q: without(j("search", q), "id") for q in ("workshop", "hendersons", "brochure", "premium",
                                                             "cancelled", "sprung", "season")},
        "report": j("report", "--since", "3w"),
    }


def test_a_fortnight_of_mistakes_put_right_is_the_fortnight_logged_right(netj, db_path, right_journal):
    fortnight(lambda *a: netj.ok("--db", str(db_path), *a), mistakes=True)
    fortnight(lambda *a: netj.ok("--db", str(right_journal), *a), mistakes=False)
    corrected, right = seen(netj, db_path), seen(netj, right_journal)
    for part in right:
        assert corrected[part] == right[part], "\n".join(_diff(corrected[part], right[part]))
    assert right["search"]["cancelled"] == [] and right["search"]["sprung"] == []
    assert [c["verdict"] for c in right["scores"]] == ["two-way street", "two-way street", "one-way street"]


def _diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            yield from _diff(a.get(k), b.get(k), f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _diff(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: {a!r} != {b!r}"
