"""Importing the write stack while a person types (issue 17).

``netj log`` in a terminal asks for what was left out (scores, the note).
Importing SQLAlchemy and SQLModel takes longer than anything else the
command does, so it starts in a background thread as soon as the command
knows it will talk to a person, and overlaps the prompts: by the last
Enter the ORM is loaded and the write follows at once
(``benchmarks/pty_log.py`` measures it). The command imports the module
as usual where it needs it; Python's import lock makes it wait for the
thread's import if that has not finished, and raises its error if it failed.
"""

from __future__ import annotations

import importlib
import threading

STARTED: list[str] = []  # what this process began loading in the background (tests/cli/test_startup.py)


def preload(*targets: str) -> None:
    """Start loading ``targets`` in order in a daemon thread: a ``module`` is
    imported, a ``module:function`` imported and called (a warm-up)."""

    def load() -> None:
        try:
            for target in targets:
                module, _, function = target.partition(":")
                loaded = importlib.import_module(module)
                if function:
                    getattr(loaded, function)()
        except Exception:  # the command's own import of it reports the error
            return

    STARTED.extend(targets)
    threading.Thread(target=load, name="netj-preload", daemon=True).start()
