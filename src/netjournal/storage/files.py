"""Every file netj creates is made here, one way: private, exclusive, atomic.

* A new file is created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` under a random
  name in the target's own folder, so nobody can have made it first or
  planted a symbolic link there; its mode is set to 0600 on the open
  descriptor (whatever the umask), and nobody else can read it at any time.
* It is filled, flushed to disk (``fsync``) and only then renamed onto the
  target: the target is the complete new file or the old one, never half of one.
* Folders netj creates are 0700, the missing parents too.
* Any failure of the operating system is one line naming the file; the
  temporary file is removed, so nothing of the journal is left behind.

Used by the SQLite journal (a new journal, backups, restores), ``export -o``,
``due --ics -o`` and the settings file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from netjournal.errors import InvalidValue, JournalError

SIDE_FILES = ("-wal", "-shm", "-journal")  # what SQLite may write beside a database file
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` and any missing parents, each 0700 (``mkdir -p``
    would leave the parents at the umask's mode); a one-line error if it cannot."""
    if directory.is_dir():
        return
    missing = []
    d = directory
    while not d.exists() and d != d.parent:
        missing.append(d)
        d = d.parent
    try:
        for d in reversed(missing):
            d.mkdir(mode=0o700, exist_ok=True)
            os.chmod(d, 0o700)
        if not directory.is_dir():
            raise NotADirectoryError(20, "Not a directory")
    except OSError as exc:
        raise JournalError(f"cannot create the directory {directory}: {exc.strerror}.") from None


def _open_new(path: Path) -> int:
    """A descriptor on a new, empty, 0600 file at ``path``; FileExistsError if there is one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)
    except BaseException:
        os.close(fd)
        raise
    return fd


def create_private_file(path: Path) -> bool:
    """Create an empty 0600 file at ``path`` (for SQLite to fill); False if one exists already."""
    try:
        fd = _open_new(path)
    except FileExistsError:
        return False
    except OSError as exc:
        raise JournalError(f"cannot create {path}: {exc.strerror}.") from None
    os.close(fd)
    return True


def temporary_beside(target: Path) -> tuple[int, Path]:
    """A new private file with a random name in ``target``'s folder, open for writing."""
    import secrets  # here: only writes of files pay for it (hmac, hashlib), never `netj due`

    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
        try:
            return _open_new(tmp), tmp
        except FileExistsError:
            continue
    raise FileExistsError(17, "cannot find a free temporary name", str(target.parent))  # pragma: no cover


def remove(path: Path) -> None:
    """Remove ``path`` and SQLite's side files beside it, if there are any."""
    for p in (path, *(Path(f"{path}{s}") for s in SIDE_FILES)):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def private_workdir(parent: Path, *, what: str = "file", target: Path | None = None) -> Iterator[Path]:
    """A new folder of netj's own (0700, random name) in ``parent``, removed
    with whatever is left in it at the end: where a file that SQLite writes
    by its path (a new journal, a backup) is made before it is renamed into
    place. Nobody else can create, replace or read anything in it."""
    import shutil
    import tempfile

    try:
        work = Path(tempfile.mkdtemp(prefix=".netj-", suffix=".tmp", dir=parent))
        os.chmod(work, 0o700)
    except OSError as exc:
        raise JournalError(f"cannot write the {what} {target or parent}: {exc.strerror}; nothing was written.") from None
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def replacing(target: Path, *, what: str = "file") -> Iterator[Path]:
    """A path for the block to write ``target``'s new content to (SQLite
    writes a backup by its path), in a private folder beside ``target``; on
    success the file is made 0600, flushed to disk and renamed onto
    ``target``, and on failure nothing is left."""
    with private_workdir(target.parent, what=what, target=target) as work:
        tmp = work / target.name
        try:
            yield tmp
            os.chmod(tmp, 0o600)
            fsync_file(tmp)
            os.replace(tmp, target)
        except OSError as exc:
            raise JournalError(f"cannot write the {what} {target}: {exc.strerror}; nothing was written.") from None


def write_private(path: Path, fill: Callable[[BinaryIO], object], *, option: str = "--output") -> None:
    """Write a file via a private temporary file renamed into place: never a
    partial file, never readable by others (``export -o``, ``due --ics -o``,
    the settings file)."""
    path = path.expanduser()
    if path.is_dir():
        raise InvalidValue(f"{option}: {path} is a directory.")
    try:
        fd, tmp = temporary_beside(path)
    except OSError as exc:
        raise InvalidValue(f"{option}: cannot write {path}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as f:
            fill(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise JournalError(f"{option}: cannot write {path}: {exc.strerror}; nothing was written.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
