"""A few runs of the installed `netj` console script in a real subprocess:
real stdin/stdout pipes, real file permissions, the real entry point.

The autouse fixture in conftest has already pointed HOME, XDG_DATA_HOME and
NETJ_DB at a temp directory and pinned NETJ_TODAY, so the child's
environment is a copy of ours."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import netjournal


def netj_exe() -> str:
    beside = Path(sys.executable).parent / "netj"
    if beside.exists():
        return str(beside)
    found = shutil.which("netj")
    if found is None:
        pytest.skip("the netj console script is not installed (pip install -e .)")
    return found


def env(**extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k not in ("NETJ_NO_INPUT", "NETJ_INTERACTIVE", "NETJ_NOW")}
    e.update(extra)
    return e


def run(*args: str, input: bytes | None = None, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([netj_exe(), *args], input=input if input is not None else b"", capture_output=True,
                          env=env(**extra), timeout=60)


def ok(*args: str, **kw) -> subprocess.CompletedProcess:
    p = run(*args, **kw)
    assert p.returncode == 0, f"netj {' '.join(args)} exited {p.returncode}: {p.stderr.decode()}"
    return p


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def no_traceback(stderr: bytes) -> None:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert "Exception ignored" not in text, text


# --- demo, due, export --------------------------------------------------------------


@pytest.mark.slow
def test_demo_then_due_json(isolated_env: Path, db_path: Path):
    p = ok("demo")
    assert p.stdout.strip(), "demo shows what is due"
    no_traceback(p.stderr)
    demo_db = isolated_env / "home" / ".local" / "share" / "netjournal" / "demo.db"
    assert demo_db.exists()

    items = json.loads(ok("--demo", "due", "--json").stdout)
    assert isinstance(items, list) and items
    assert {i["type"] for i in items} == {"contact", "follow_up", "referral", "review"}
    assert all(isinstance(i["days_overdue"], int) for i in items)

    # the user's own journal (NETJ_DB) is untouched by the demo
    assert json.loads(ok("due", "--json").stdout) == []


@pytest.mark.slow
def test_export_json_and_jsonl_parse(db_path: Path):
    ok("--db", str(db_path), "demo")  # fills NETJ_DB's journal, which is empty
    doc = json.loads(ok("export", "--json").stdout)
    assert doc["schema_version"] == 1
    assert doc["people"] and doc["meetings"] and doc["follow_ups"]

    out = ok("export", "--jsonl").stdout.decode("utf-8")
    assert out.endswith("\n")
    records = [json.loads(line) for line in out.splitlines()]
    assert records[0]["type"] == "header" and records[0]["schema_version"] == 1
    types = [r["type"] for r in records[1:]]
    order = ["person", "meeting", "follow_up", "referral", "decision", "gains_change"]
    assert types == sorted(types, key=order.index)
    sections = {"person": "people", "meeting": "meetings", "follow_up": "follow_ups", "referral": "referrals",
                "decision": "decisions", "gains_change": "gains_changes"}
    for kind, section in sections.items():
        assert types.count(kind) == len(doc[section]) > 0, kind
    # same records either way
    assert [{k: v for k, v in r.items() if k != "type"} for r in records if r["type"] == "person"] == doc["people"]

    for cmd in (("score", "--json"), ("people", "list", "--json"), ("people", "show", "lorraine-chu", "--json")):
        json.loads(ok(*cmd).stdout)


def test_empty_journal_exports(db_path: Path):
    doc = json.loads(ok("export", "--json").stdout)
    assert (doc["people"], doc["meetings"], doc["follow_ups"]) == ([], [], [])
    lines = ok("export", "--jsonl").stdout.decode().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["type"] == "header"


# --- the entry points ------------------------------------------------------------------


def test_python_dash_m_version():
    p = subprocess.run([sys.executable, "-m", "netjournal", "--version"], capture_output=True, env=env(), timeout=60)
    assert p.returncode == 0, p.stderr.decode()
    assert p.stdout.decode().strip() == f"netj {netjournal.__version__}"
    assert ok("--version").stdout == p.stdout


def test_python_dash_m_runs_commands(db_path: Path):
    p = subprocess.run([sys.executable, "-m", "netjournal", "due", "--json"], capture_output=True, env=env(),
                       timeout=60)
    assert p.returncode == 0, p.stderr.decode()
    assert json.loads(p.stdout) == []


# --- privacy -----------------------------------------------------------------------------


def test_journal_is_0600_in_a_0700_directory(isolated_env: Path):
    private = isolated_env / "private"
    db = private / "journal.db"
    assert not private.exists()
    p = ok("log", "Ron Park", "--new", "--note-file", "-", "--no-input", input=b"candid", NETJ_DB=str(db))
    assert p.stdout == b"1\n"
    assert mode(private) == 0o700
    assert mode(db) == 0o600
    for f in private.iterdir():  # any -wal / -shm left behind hold journal data too
        assert mode(f) & 0o077 == 0, f


def test_export_output_file_is_0600(tmp_path: Path, db_path: Path):
    ok("people", "add", "Ron Park", "--no-input")
    target = tmp_path / "export.json"
    p = ok("export", "--json", "-o", str(target))
    assert p.stdout == b""
    assert mode(target) == 0o600
    assert json.loads(target.read_text("utf-8"))["people"][0]["handle"] == "ron-park"


# --- errors ------------------------------------------------------------------------------


@pytest.mark.slow
def test_stdout_is_empty_on_an_error(db_path: Path):
    ok("people", "add", "Ron Park", "--no-input")
    for args, code in (
        (("log", "nobody-here", "--no-input"), 1),
        (("log", "ron-park", "--listening", "9", "--no-input"), 2),
        (("people", "add", "--no-input"), 2),
    ):
        p = run(*args)
        assert p.returncode == code, args
        assert p.stdout == b"", args
        lines = p.stderr.decode().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), p.stderr
        no_traceback(p.stderr)


# --- closed pipes ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal whose export is far larger than a pipe buffer (64 KiB), so a
    reader that stops early really does close the pipe under the writer."""
    db = tmp_path_factory.mktemp("big") / "journal.db"
    note = ("A long candid note. " * 40 + "\n") * 300  # ~240 KB
    p = subprocess.run([netj_exe(), "log", "Ron Park", "--new", "--note-file", "-", "--no-input"],
                       input=note.encode(), capture_output=True, timeout=60,
                       env=env(NETJ_DB=str(db), NETJ_TODAY="2026-11-22", NO_COLOR="1"))
    assert p.returncode == 0, p.stderr.decode()
    return db


@pytest.mark.parametrize("fmt", ["--jsonl", "--json"])
def test_early_pipe_close_prints_no_traceback(big_journal: Path, fmt):
    shell = shutil.which("sh")
    if shell is None:
        pytest.skip("no sh")
    p = subprocess.run([shell, "-c", f'"$NETJ" export {fmt} | head -1'], capture_output=True,
                       env=env(NETJ=netj_exe(), NETJ_DB=str(big_journal)), timeout=60)
    first = p.stdout.decode().splitlines()[0]
    if fmt == "--jsonl":
        assert json.loads(first)["type"] == "header"
    else:
        assert first.startswith('{"schema_version":1')
    no_traceback(p.stderr)
    assert p.stderr == b""


def test_reader_closing_the_pipe_early(big_journal: Path):
    proc = subprocess.Popen([netj_exe(), "export", "--jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=env(NETJ_DB=str(big_journal)))
    header = json.loads(proc.stdout.readline())
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.wait(timeout=60)
    assert header["type"] == "header"
    no_traceback(stderr)
    assert stderr == b""
