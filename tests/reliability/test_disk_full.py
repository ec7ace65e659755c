"""Case 3: the disk fills up (a tiny tmpfs) or the file size limit is hit
(``RLIMIT_FSIZE``, i.e. ``ulimit -f``; Python ignores SIGXFSZ, so writes fail
with EFBIG): one ``Error:`` line, no traceback, earlier data intact, nothing
half-written, and the next write succeeds once there is room again."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
from pathlib import Path

import pytest
from reliability_helpers import BigImport, Journal, Run, Template, assert_clean_error, assert_preserved, copy_journal

# A full disk and a file size limit are the SQLite file's own faults; a server
# has its disk (and its answer, an error that rolls the transaction back) to itself.
pytestmark = pytest.mark.sqlite_only(reason="disk-full and RLIMIT_FSIZE are properties of the SQLite file")

ALLOWED_FILES = {"journal.db", "journal.db-wal", "journal.db-shm"}


class TinyFs:
    def __init__(self, mnt: Path) -> None:
        self.mnt = mnt

    def resize(self, size: str) -> None:
        subprocess.run(["mount", "-o", f"remount,size={size}", str(self.mnt)], check=True, capture_output=True)

    def leftovers(self) -> set[str]:
        return set(os.listdir(self.mnt)) - ALLOWED_FILES - {"home"}


@pytest.fixture
def tiny_fs(tmp_path: Path):
    """A tmpfs of 1 MiB mounted in the test's temp dir (needs root, or a user
    namespace; skipped when mounting is not allowed here)."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command: cannot make a tiny file system")
    mnt = tmp_path / "fs"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip() or r.returncode}); "
                    "run as root or in `unshare -rm` for the disk-full cases")
    try:
        yield TinyFs(mnt)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _journal_on(fs: TinyFs, template: Template | None) -> Journal:
    j = Journal(fs.mnt)
    if template is not None:
        copy_journal(template.db, j.db)
    return j


def _after_the_fault(j: Journal, fs: TinyFs, before: dict, failed: Run) -> None:
    assert_clean_error(failed, codes=(1,))
    assert fs.leftovers() == set(), "a temporary or half-written file was left behind"
    fs.resize("64m")
    assert j.export() == before
    j.assert_sound()
    j.ok("log", "ann-lee", "--no-input", "--note", "there is room again")
    after = j.export()
    assert_preserved(before, after)
    assert len(after["meetings"]) == len(before["meetings"]) + 1
    j.assert_sound()


def test_a_large_import_fills_the_disk(tiny_fs: TinyFs, seeded_template: Template, big_import: BigImport):
    j = _journal_on(tiny_fs, seeded_template)
    failed = j.run("import", str(big_import.jsonl))
    _after_the_fault(j, tiny_fs, seeded_template.before, failed)


def test_a_large_import_on_a_full_disk_says_the_disk_is_full(tiny_fs: TinyFs, seeded_template: Template,
                                                            big_import: BigImport):
    j = _journal_on(tiny_fs, seeded_template)
    failed = j.run("import", str(big_import.jsonl))
    assert_clean_error(failed, codes=(1,))
    assert "full" in failed.stderr, failed.stderr


def test_many_logs_fill_the_disk(tiny_fs: TinyFs, seeded_template: Template, tmp_path: Path):
    j = _journal_on(tiny_fs, seeded_template)
    note = tmp_path / "note.txt"  # outside the tiny file system
    note.write_text("A long note. " * 25_000, encoding="utf-8")  # ~325 kB
    before, failed = seeded_template.before, None
    for _ in range(8):
        r = j.run("log", "ann-lee", "--no-input", "--note-file", str(note))
        if r.returncode != 0:
            failed = r
            break
        before = j.export()
    assert failed is not None, "1 MiB never filled up"
    assert "full" in failed.stderr, failed.describe()
    _after_the_fault(j, tiny_fs, before, failed)


def test_a_new_journal_on_a_full_disk_is_not_left_half_made(tiny_fs: TinyFs):
    tiny_fs.resize("40k")
    j = _journal_on(tiny_fs, None)
    failed = j.run("log", "Ann Lee", "--new", "--no-input")
    assert_clean_error(failed, codes=(1,))
    # either no journal at all, or a complete one: never a 0-byte or half-made file
    if j.db.exists():
        tiny_fs.resize("64m")
        j.assert_sound()
        assert j.export()["meetings"] == []
    assert tiny_fs.leftovers() == set()
    tiny_fs.resize("64m")
    j.ok("log", "Ann Lee", "--new", "--no-input")
    assert len(j.export()["meetings"]) == 1
    j.assert_sound()


def _fsize_limit(nbytes: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))
    return limit


def test_file_size_limit_during_a_large_import(journal: Journal, seeded_template: Template, big_import: BigImport):
    copy_journal(seeded_template.db, journal.db)
    limit = journal.db.stat().st_size + 1_000_000
    failed = journal.run("import", str(big_import.jsonl), preexec_fn=_fsize_limit(limit))
    assert_clean_error(failed, codes=(1,))
    assert journal.export() == seeded_template.before
    journal.assert_sound()
    journal.ok("import", str(big_import.jsonl))  # no limit any more
    assert journal.export() == big_import.after
    journal.assert_sound()


def test_file_size_limit_during_a_log_with_a_big_note(journal: Journal, seeded_template: Template, tmp_path: Path):
    copy_journal(seeded_template.db, journal.db)
    note = tmp_path / "note.txt"
    note.write_text("n" * 3_000_000, encoding="utf-8")
    limit = journal.db.stat().st_size + 500_000
    failed = journal.run("log", "ann-lee", "--no-input", "--note-file", str(note), preexec_fn=_fsize_limit(limit))
    assert_clean_error(failed, codes=(1,))
    assert journal.export() == seeded_template.before
    journal.assert_sound()
    journal.ok("log", "ann-lee", "--no-input", "--note-file", str(note))
    after = journal.export()
    assert_preserved(seeded_template.before, after)
    assert after["meetings"][-1]["notes"] == "n" * 3_000_000
