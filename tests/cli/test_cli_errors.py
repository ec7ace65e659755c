"""Bad input: one `Error:` line on stderr, nothing on stdout, no traceback,
the right exit code (2 for usage, 1 for data), and a journal that is
byte-for-byte what it was. Plus text that must survive the trip: names in
any script, terminal escape sequences, private notes.

Every case starts from a copy of one seeded journal (built once per module),
which keeps this battery fast."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netjournal.cli.main import app

PERSON_NOTE = "SECRET-PERSON-NOTE about Ron's divorce"
MEETING_NOTE = "SECRET-MEETING-NOTE: Ron is leaving his firm"
SECRET = "SECRET"

_STAMP = re.compile(r'"exported_at":"[^"]*",?')


# --- the seeded journal ------------------------------------------------------------


def _seed_env(db: Path, home: Path) -> dict:
    env = {"NETJ_DB": str(db), "NETJ_TODAY": "2026-11-22", "NO_COLOR": "1", "COLUMNS": "120", "HOME": str(home),
           "XDG_DATA_HOME": str(home / "share")}
    for var in ("NETJ_NOW", "NETJ_INTERACTIVE", "NETJ_NO_INPUT", "NETJ_DEFAULT_CADENCE", "NETJ_HALF_LIFE",
                "NETJ_REFERRAL_CHECK"):
        env[var] = None  # CliRunner removes these for the call
    return env


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A journal with two people, a scored meeting with a private note and an
    open follow-up; and its export without the `exported_at` stamp."""
    base = tmp_path_factory.mktemp("errors-template")
    db = base / "template.db"
    runner, env = CliRunner(), _seed_env(db, base)

    def run(*args: str) -> str:
        r = runner.invoke(app, list(args), env=env, catch_exceptions=False)
        assert r.exit_code == 0, r.stderr
        return r.stdout

    run("people", "add", "Ron Park", "--email", "ron@example.com", "--cadence", "30d", "--tag", "partner",
        "--note", PERSON_NOTE, "--no-input")
    run("people", "add", "Ann Lee", "--email", "ann@example.com", "--no-input")
    run("log", "ron-park", "--date", "2026-10-01", "-l", "4", "-P", "3", "--note", MEETING_NOTE,
        "-f", "Send Ron the intro", "--follow-up-on", "2026-11-30", "--no-input")
    return db, _STAMP.sub("", run("export", "--json"))


@pytest.fixture
def seeded(template, db_path: Path, netj):
    """The test's own journal (NETJ_DB), a copy of the template."""
    src, _ = template
    for suffix in ("", "-wal", "-shm"):
        f = src.with_name(src.name + suffix)
        if f.exists():
            shutil.copy2(f, db_path.with_name(db_path.name + suffix))
    return netj


def journal_bytes(netj) -> str:
    r = netj("export", "--json")
    assert r.exit_code == 0, r.stderr
    return _STAMP.sub("", r.stdout)


def assert_rejected(netj, before: str, args: tuple[str, ...], code: int, input: str | None = None):
    r = netj(*args, input=input)
    assert r.exit_code == code, f"netj {args} exited {r.exit_code}: {r.stderr}"
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in r.stderr
    assert SECRET not in r.stderr
    assert journal_bytes(netj) == before
    return r


# --- the table of bad inputs ---------------------------------------------------------------

USAGE, DATA = 2, 1

CASES = [
    # scores out of range or not whole numbers
    *[(("log", "ron-park", "--listening", v), USAGE) for v in ("0", "6", "3.5", "abc", "-1")],
    *[(("log", "ron-park", "-P", v), USAGE) for v in ("0", "6", "3.5", "abc", "-1")],
    *[(("log", "ron-park", "ann-lee", "--score", f"ron-park:listening={v}"), USAGE)
      for v in ("0", "6", "3.5", "abc", "-1")],
    (("log", "ron-park", "--score", "ron-park:charm=5"), USAGE),
    (("log", "ron-park", "--score", "ron-park"), USAGE),
    *[(("score", "ron-park", "--meeting", "1", "--listening", v), USAGE) for v in ("0", "6", "3.5", "abc", "-1")],
    # impossible and empty dates
    *[(("log", "ron-park", "--date", d), USAGE) for d in ("2026-02-30", "2026-13-01", "", "someday")],
    *[(("log", "ron-park", "-f", "x", "--follow-up-on", d), USAGE) for d in ("2026-02-30", "2026-13-01", "")],
    *[(("snooze", "ron-park", "--until", d), USAGE) for d in ("2026-02-30", "2026-13-01", "")],
    *[(("people", "pause", "ron-park", "--review-on", d), USAGE) for d in ("2026-02-30", "2026-13-01", "")],
    (("due", "--today", "2026-02-30"), USAGE),
    # unknown people
    (("log", "nobody-here"), DATA),
    (("log", "ron-park", "nobody-here"), DATA),
    (("people", "show", "nobody-here"), DATA),
    (("score", "nobody-here"), DATA),
    (("snooze", "nobody-here", "--until", "2w"), DATA),
    (("people", "rm", "nobody-here", "--yes"), DATA),
    (("people", "edit", "nobody-here", "--company", "X"), DATA),
    (("people", "tag", "nobody-here", "vip"), DATA),
    (("people", "archive", "nobody-here"), DATA),
    # empty names
    (("people", "add", ""), USAGE),
    (("people", "add", "   "), USAGE),
    (("log", ""), USAGE),
    (("log", "   "), USAGE),
    (("people", "edit", "ron-park", "--name", ""), USAGE),
    # duplicate email, taken handle
    (("people", "add", "Ronald Parker", "--email", "RON@example.com"), DATA),
    (("people", "edit", "ann-lee", "--email", "Ron@Example.Com"), DATA),
    (("people", "add", "Ronald Parker", "--handle", "ron-park"), DATA),
    (("people", "edit", "ann-lee", "--handle", "ron-park"), DATA),
    # bad cadences and spans
    *[(("people", "add", "New Person", "--cadence", c), USAGE) for c in ("0d", "abc", "30x", "-5d", "d30")],
    (("people", "edit", "ron-park", "--cadence", "fortnightly"), USAGE),
    (("due", "--within", "soon"), USAGE),
    (("score", "ron-park", "--half-life", "0d"), USAGE),
    # bad email, kind, time
    (("people", "add", "New Person", "--email", "not-an-email"), USAGE),
    (("people", "edit", "ron-park", "--email", "not-an-email"), USAGE),
    (("people", "edit", "ron-park", "--company", "Acme\x1b[31m"), USAGE),
    (("people", "edit", "ron-park", "--url", "https://a.example\nb"), USAGE),
    (("log", "ron-park", "--kind", "dinner"), USAGE),
    (("log", "ron-park", "--time", "25:00"), USAGE),
    # unknown follow-up ids
    (("done", "99"), DATA),
    (("done", "0"), DATA),
    (("done", "abc"), USAGE),
    # missing values under --no-input
    (("log", "--no-input"), USAGE),
    (("--no-input", "log"), USAGE),
    (("people", "add", "--no-input"), USAGE),
    (("people", "pause", "ron-park", "--no-input"), USAGE),
    (("people", "rm", "ron-park", "--no-input"), USAGE),
    (("log", "ron-park", "-f", "Send it", "--no-input"), USAGE),
    (("log", "ron-park", "ann-lee", "-f", "Send it", "--follow-up-on", "friday", "--no-input"), USAGE),
    (("snooze", "ron-park"), USAGE),
    (("log", "ron-park", "--date"), USAGE),
    # plain usage errors
    (("log", "ron-park", "--bogus"), USAGE),
    (("frobnicate",), USAGE),
    (("export", "--json", "--jsonl"), USAGE),
    # nothing to do
    (("people", "tag", "ron-park", "partner"), DATA),
    (("people", "activate", "ron-park"), DATA),
    # an edit told nothing to change is a usage error, whichever command (in a script: no prompt)
    (("people", "edit", "ron-park"), USAGE),
    (("meetings", "edit", "1", "--no-input"), USAGE),
    (("follow-ups", "edit", "1"), USAGE),
    (("score", "ron-park", "--listening", "4"), USAGE),
    (("score", "ron-park", "--meeting", "99", "--listening", "4"), DATA),
    (("score", "ann-lee", "--meeting", "1", "--listening", "4"), DATA),
]


@pytest.mark.parametrize(("args", "code"), CASES, ids=[" ".join(a) or "''" for a, _ in CASES])
def test_bad_input_is_rejected_cleanly(seeded, template, args, code):
    assert_rejected(seeded, template[1], args, code)


def test_the_copy_is_the_template(seeded, template):
    """Guards the fixture: the journal each case starts from is the seeded one."""
    assert journal_bytes(seeded) == template[1]
    assert [p["handle"] for p in json.loads(seeded.ok("export", "--json").stdout)["people"]] == ["ron-park", "ann-lee"]


def test_a_valid_command_on_the_copy_does_change_it(seeded, template):
    """Guards the check: `assert_rejected` would notice a write."""
    seeded.ok("done", "1")
    assert journal_bytes(seeded) != template[1]


# --- private notes never appear in errors ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("log", "nobody-here", "--note", "SECRET plans"), DATA),
        (("log", "ron-park", "--note", "SECRET plans", "--date", "2026-02-30"), USAGE),
        (("log", "ron-park", "--note", "SECRET plans", "--listening", "9"), USAGE),
        (("log", "ron-park", "--note", "SECRET plans", "--kind", "dinner"), USAGE),
        (("log", "ron-park", "--note", "SECRET\x00plans"), USAGE),
        (("people", "add", "New Person", "--note", "SECRET plans", "--email", "x"), USAGE),
        (("people", "add", "New Person", "--note", "SECRET plans", "--email", "ron@example.com"), DATA),
        (("people", "edit", "ron-park", "--note", "SECRET plans", "--cadence", "0d"), USAGE),
    ],
)
def test_notes_never_appear_in_error_messages(seeded, template, args, code):
    assert_rejected(seeded, template[1], args, code)


def test_note_file_problems_do_not_quote_the_note(seeded, template, tmp_path: Path):
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"SECRET plans\x00more")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("SECRET caf\u00e9 plans".encode("latin-1"))
    for f in (nul, latin1):
        assert_rejected(seeded, template[1], ("log", "ron-park", "--note-file", str(f)), USAGE)
    assert_rejected(seeded, template[1], ("log", "ron-park", "--note-file", "-", "--date", "bad"), USAGE,
                    input="SECRET from stdin")


def test_stored_notes_do_not_leak_into_errors_about_that_person(seeded, template):
    # errors naming ron-park, whose profile and meeting hold private notes
    for args in (("people", "rm", "ron-park", "--no-input"), ("people", "tag", "ron-park", "partner"),
                 ("score", "ron-park", "--meeting", "1")):
        r = seeded(*args)
        assert r.exit_code != 0
        assert SECRET not in r.stderr and SECRET not in r.stdout


# --- names in any script round-trip exactly ---------------------------------------------------

UNICODE_NAMES = [
    "Zoë 😀 שלום עליכם",  # emoji and Hebrew
    "مريم الخوري",  # Arabic
    "Ngozi 👩\u200d💻 Okafor 🇳🇬",  # a ZWJ sequence and a flag
    "Zoe\u0308 Nfd",  # a combining diaeresis (NFD), kept as typed
]


@pytest.mark.parametrize("name", UNICODE_NAMES)
def test_unicode_names_round_trip_exactly(netj, name):
    handle = netj.ok("people", "add", name, "--no-input", "--cadence", "1d").stdout.strip()
    assert handle
    assert netj.json("people", "show", handle)["person"]["name"] == name
    assert [p["name"] for p in json.loads(netj.ok("export", "--json").stdout)["people"]] == [name]
    jsonl = netj.ok("export", "--jsonl").stdout
    assert json.loads(jsonl.splitlines()[1])["name"] == name
    assert name in jsonl  # written as UTF-8, not as \\u escapes
    # found again by its name, and logged against
    assert netj.json("log", name, "--no-input")["meeting"]["attendees"][0]["person"] == handle
    assert netj.json("due", "--today", "2026-11-24")[0]["name"] == name
    assert name in netj.ok("people", "show", handle).stdout


def test_right_to_left_name_with_new(netj):
    name = "שרה לוי"
    logged = netj.json("log", name, "--new", "--no-input")
    (handle,) = logged["created_people"]
    assert netj.json("people", "show", handle)["person"]["name"] == name


# --- terminal escape sequences ------------------------------------------------------------------

ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b[31mred\x1b[0m\x9b6n"
RAW = ("\x1b", "\x07", "\x9b")


def assert_no_raw_controls(text: str) -> None:
    for c in RAW:
        assert c not in text, f"raw {c!r} in output"


def test_escape_sequences_in_notes_are_not_printed_raw_but_kept_in_json(netj):
    netj.ok("people", "add", "Eve Lane", "--note", f"profile {ESCAPES} end", "--cadence", "1d", "--no-input")
    r = netj.ok("log", "eve-lane", "--note", f"meeting {ESCAPES} end", "--place", "Blue Door", "--no-input")
    assert_no_raw_controls(r.stderr)
    # human output shows something, never the raw control characters
    for args in (("people", "show", "eve-lane"), ("people", "list"), ("due", "--today", "2026-12-01"), ("score", "eve-lane")):
        r = netj.ok(*args)
        assert_no_raw_controls(r.stdout)
        assert_no_raw_controls(r.stderr)
    assert "profile" in netj.ok("people", "show", "eve-lane").stdout
    # JSON keeps the text exactly
    d = netj.json("people", "show", "eve-lane")
    assert d["person"]["notes"] == f"profile {ESCAPES} end"
    assert d["meetings"][0]["notes"] == f"meeting {ESCAPES} end"
    doc = json.loads(netj.ok("export", "--json").stdout)
    assert doc["meetings"][0]["notes"] == f"meeting {ESCAPES} end"


def test_escape_sequence_in_a_name_is_never_echoed_raw(netj):
    """netj refuses control characters in a one-line field such as a name (it
    says so, without echoing them); nothing is written."""
    netj.ok("people", "add", "Ann Lee", "--no-input")
    before = journal_bytes(netj)
    for args in (("people", "add", f"Eve {ESCAPES}", "--no-input"),
                 ("log", f"Eve {ESCAPES}", "--new", "--no-input"),
                 ("people", "edit", "ann-lee", "--name", f"Ann {ESCAPES}")):
        r = assert_rejected(netj, before, args, USAGE)
        assert_no_raw_controls(r.stderr)


def test_escape_sequence_in_an_unknown_reference_is_not_echoed_raw(netj):
    netj.ok("people", "add", "Ann Lee", "--no-input")
    before = journal_bytes(netj)
    r = assert_rejected(netj, before, ("log", "\x1b[31mghost\x07"), DATA)
    assert_no_raw_controls(r.stderr)
    assert "ghost" in r.stderr


def test_bidi_override_in_a_name_is_kept_in_json_and_escaped_for_the_terminal(netj):
    """U+202E (right-to-left override) can make a terminal show text reversed;
    it is a format character, not a control character, so it is accepted."""
    name = "Eve \u202eevil"
    handle = netj.ok("people", "add", name, "--no-input", "--cadence", "1d").stdout.strip()
    assert netj.json("people", "show", handle)["person"]["name"] == name
    for args in (("people", "show", handle), ("people", "list"), ("due", "--today", "2026-12-01")):
        out = netj.ok(*args).stdout
        assert "\u202e" not in out
        assert "Eve" in out


# --- first use ----------------------------------------------------------------------------------


def test_an_error_on_first_use_is_one_line_and_writes_nothing(netj, db_path: Path):
    assert not db_path.exists()
    r = netj("log", "nobody-here", "--no-input")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("Error: ")
    assert not db_path.exists()
