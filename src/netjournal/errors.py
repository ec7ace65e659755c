"""Domain errors. Raised low, translated once (in ``netjournal.cli.main``).

Each error carries the exit code the command line uses for it and a message
written for the user: what was wrong and how to fix it. Messages never quote
note text, which is private.
"""

from __future__ import annotations


class NetjError(Exception):
    """Base of every error netj reports to the user without a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class InvalidValue(NetjError):
    """A value typed by the user cannot be understood (a usage error)."""

    exit_code = 2


class MissingValue(NetjError):
    """A required value was not given and we may not prompt for it."""

    exit_code = 2


class NotFound(NetjError):
    """An unknown person, meeting or follow-up."""


class Ambiguous(NetjError):
    """A reference matches more than one person."""


class Conflict(NetjError):
    """The change would break a uniqueness rule (handle, email)."""


class NothingToDo(NetjError):
    """The command was understood but there is nothing to change."""


class NoChangeGiven(NothingToDo):
    """An edit command was given no option saying what to change: a usage
    error, like any other missing value (``netj refer update 3``)."""

    exit_code = 2


class JournalError(NetjError):
    """The journal file cannot be used: not a journal, too new, read-only."""


class SettingsError(NetjError):
    """The user's settings file (``netj config``) cannot be read or written."""


class Interrupted(NetjError):
    """The user pressed Ctrl-C (SIGINT); the shell's convention is 128 + 2."""

    exit_code = 130
