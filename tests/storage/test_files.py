"""Every file netj creates, made one way (storage/files.py): private, exclusive, atomic."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from netjournal.errors import InvalidValue, JournalError
from netjournal.storage import files


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of the test's own (tmp_path holds the test's home)."""
    d = tmp_path / "out"
    d.mkdir()
    return d


@pytest.fixture
def open_umask():
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_write_private_makes_a_0600_file_even_under_umask_000(folder, open_umask):
    target = folder / "out.json"
    files.write_private(target, lambda f: f.write(b"{}"))
    assert target.read_bytes() == b"{}" and mode(target) == 0o600
    assert os.listdir(folder) == ["out.json"]  # no temporary file left


def test_write_private_replaces_atomically_and_leaves_nothing_on_failure(folder):
    target = folder / "out.json"
    target.write_bytes(b"old")

    def half(f):
        f.write(b"half of it")
        raise RuntimeError("the writer failed")

    with pytest.raises(RuntimeError):
        files.write_private(target, half)
    assert target.read_bytes() == b"old"
    assert os.listdir(folder) == ["out.json"]


def test_temporary_names_are_random_and_never_follow_a_planted_link(folder):
    victim = folder / "victim"
    victim.write_text("keep me")
    for i in range(20):  # predictable names of the old writer
        (folder / f".out.json.{i}.tmp").symlink_to(victim)
    fds = [files.temporary_beside(folder / "out.json") for _ in range(3)]
    for fd, path in fds:
        os.close(fd)
        assert not path.is_symlink() and mode(path) == 0o600
    assert len({p for _, p in fds}) == 3 and victim.read_text() == "keep me"


def test_one_line_errors_for_what_cannot_be_written(folder):
    with pytest.raises(InvalidValue, match="is a directory"):
        files.write_private(folder, lambda f: None)
    with pytest.raises(InvalidValue, match="cannot write"):
        files.write_private(folder / "missing" / "out.json", lambda f: None)


def test_folders_and_their_missing_parents_are_0700(folder, open_umask):
    deep = folder / "a" / "b" / "c"
    files.make_private_dir(deep)
    assert [mode(p) for p in (folder / "a", folder / "a" / "b", deep)] == [0o700] * 3
    blocker = folder / "file"
    blocker.write_text("x")
    with pytest.raises(JournalError, match="cannot create the directory"):
        files.make_private_dir(blocker / "sub")


def test_replacing_writes_by_path_in_a_private_folder_then_renames(folder, open_umask):
    target = folder / "backup.db"
    with files.replacing(target, what="backup") as tmp:
        assert tmp.parent != folder and mode(tmp.parent) == 0o700
        tmp.write_bytes(b"data")
        Path(f"{tmp}-wal").write_bytes(b"side file")
    assert target.read_bytes() == b"data" and mode(target) == 0o600
    assert os.listdir(folder) == ["backup.db"]  # the private folder and its side files are gone
