"""`netj log --edit`: the note written in the user's editor, through a private temp file."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.backends  # each test on SQLite and on PostgreSQL (tests/conftest.py)

EDITOR = """\
import json, os, stat, sys
path = sys.argv[1]
info = {"path": path, "file_mode": stat.S_IMODE(os.stat(path).st_mode),
        "dir_mode": stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode),
        "initial": open(path, encoding="utf-8").read()}
open(os.environ["EDITOR_LOG"], "w").write(json.dumps(info))
open(path, "w", encoding="utf-8").write(os.environ.get("EDITOR_TEXT", ""))
sys.exit(int(os.environ.get("EDITOR_EXIT", "0")))
"""


@pytest.fixture
def editor(tmp_path, monkeypatch):
    script = tmp_path / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    log = tmp_path / "editor.json"
    monkeypatch.setenv("EDITOR", shlex.join([sys.executable, str(script)]))  # the checkout's path may hold a space
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR_LOG", str(log))
    monkeypatch.setenv("NETJ_INTERACTIVE", "1")
    return log


def test_the_note_comes_from_the_editor_through_a_private_file(netj, editor, monkeypatch):
    monkeypatch.setenv("EDITOR_TEXT", "Asked about my clients.\nTwo intros promised.\n")
    meeting = netj.json("log", "Ron Park", "--new", "--listening", "4", "--preparation", "5", "--edit")
    seen = json.loads(editor.read_text())
    assert (seen["file_mode"], seen["dir_mode"], seen["initial"]) == (0o600, 0o700, "")
    assert not Path(seen["path"]).exists() and not Path(seen["path"]).parent.exists()
    exported = json.loads(netj.ok("export", "--json").stdout)
    assert exported["meetings"][0]["notes"] == "Asked about my clients.\nTwo intros promised."
    assert meeting["meeting"]["id"] == exported["meetings"][0]["id"]


def test_an_editor_that_fails_records_nothing_and_leaves_no_file(netj, editor, monkeypatch, db_path, backend):
    monkeypatch.setenv("EDITOR_TEXT", "private words")
    monkeypatch.setenv("EDITOR_EXIT", "3")
    result = netj("log", "Ron Park", "--new", "--listening", "4", "--preparation", "5", "--edit")
    assert result.exit_code == 2
    assert "exited with status 3" in result.stderr and "private words" not in result.stderr
    assert not Path(json.loads(editor.read_text())["path"]).parent.exists()
    if backend == "sqlite":  # a server's database exists already
        assert not db_path.exists()


def test_edit_needs_a_terminal(netj, monkeypatch):
    monkeypatch.delenv("NETJ_INTERACTIVE", raising=False)
    result = netj("log", "Ron Park", "--new", "--edit", "--no-input")
    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr


def test_edit_and_note_are_exclusive(netj):
    result = netj("log", "Ron Park", "--new", "--edit", "--note", "x", "--no-input")
    assert result.exit_code == 2
    assert "one of --note, --note-file and --edit" in result.stderr
