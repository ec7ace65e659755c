"""Interactive questions (on stderr). Only called when a person is there."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from netjournal.domain.handles import describe_suggestions
from netjournal.domain.vocab import SCORE_MAX, SCORE_MIN
from netjournal.errors import InvalidValue
from netjournal.render.core import safe

if TYPE_CHECKING:
    from netjournal.cli.meeting_options import EditOptions
    from netjournal.render.core import Output


def ask_text(question: str, *, default: str | None = None, required: bool = False) -> str:
    while True:
        answer = typer.prompt(question, default=default if default is not None else "", show_default=bool(default),
                              err=True)
        if answer.strip() or not required:
            return answer.strip()


def ask_score(label: str) -> int | None:
    while True:
        answer = typer.prompt(f"  {label} ({SCORE_MIN}-{SCORE_MAX}, Enter to skip)", default="",
                              show_default=False, err=True).strip()
        if not answer:
            return None
        if answer.isdigit() and SCORE_MIN <= int(answer) <= SCORE_MAX:
            return int(answer)
        typer.echo(f"  Please type a whole number from {SCORE_MIN} to {SCORE_MAX}, or press Enter.", err=True)


def confirm(question: str, default: bool = False) -> bool:
    return typer.confirm(question, default=default, err=True)


def confirm_deletion(out: Output, what: str, *, yes: bool, interactive: bool) -> None:
    """Before an ``rm`` deletes ``what`` for good: nothing with ``--yes``; in a
    terminal, say what goes and ask (no: exit 1, nothing deleted); in a script
    without ``--yes``, a usage error saying how to confirm."""
    if yes:
        return
    from netjournal.errors import MissingValue

    if not interactive:
        raise MissingValue(f"this deletes {what}, for good. Pass --yes to confirm.")
    out.say(f"This deletes {what}. It cannot be undone.")
    if not confirm("Delete?", default=False):
        out.say("Nothing was deleted.")
        raise typer.Exit(1)


def settle_people(resolutions: Sequence, *, create_new: bool) -> list[tuple[str, bool]]:
    """Turn each unresolved reference into a handle (did you mean …?) or a
    confirmed new person. Returns (reference, create) pairs."""
    out: list[tuple[str, bool]] = []
    for res in resolutions:
        if res.match:
            out.append((res.match[1], False))
            continue
        if res.candidates:
            handles = [h for _, h, _ in res.candidates]
            choice = ask_text(f"{safe(res.ref)!r} matches {', '.join(handles)}. Which one?", required=True)
            if choice not in handles:
                raise InvalidValue(f"{choice!r} is not one of {', '.join(handles)}.")
            out.append((choice, False))
            continue
        if create_new:
            out.append((res.ref, True))
            continue
        meant = _did_you_mean(res)
        if meant is not None:
            out.append((meant, False))
        else:
            if not confirm(f"Add {safe(res.ref)!r} as a new person?", default=False):
                raise InvalidValue(f"not logged: {res.ref!r} is not in the journal.",
                                   hint="Add them with --new, or use a handle from `netj people list`.")
            out.append((res.ref, True))
    return out


def choose_person(res, *, hint: str = "See `netj people list`.") -> str:
    """The handle an existing person's reference means, asking "did you mean …?"
    for a near miss and "which one?" when several match; never adds anyone."""
    from netjournal.app.resolve import unknown_person

    if res.match:
        return res.match[1]
    if res.candidates:
        return settle_people([res], create_new=False)[0][0]
    meant = _did_you_mean(res)
    if meant is None:
        raise unknown_person(res, hint=hint)
    return meant


def _did_you_mean(res) -> str | None:
    """Offer each suggestion for an unknown reference in turn; the handle accepted, or None."""
    for handle, name in res.suggestions:
        if confirm(f"No one called {safe(res.ref)!r}. Did you mean {describe_suggestions([(handle, name)])}?",
                   default=True):
            return handle
    return None


def edit_note(initial: str = "") -> str | None:
    """Let the user write a note in ``$VISUAL`` / ``$EDITOR`` (default ``vi``).

    The text lives in a 0600 file inside a fresh 0700 directory, which is
    removed afterwards even when the editor fails (with any swap or backup
    files the editor left there). Returns the text, or None when left empty.
    """
    import os
    import shlex
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    folder = Path(tempfile.mkdtemp(prefix="netj-note-"))  # mode 0700
    path = folder / "note.md"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(initial)
        try:
            code = subprocess.call([*shlex.split(editor), str(path)])
        except (OSError, ValueError) as exc:
            raise InvalidValue(f"cannot start the editor {editor!r} ({exc}); set $EDITOR.") from None
        if code != 0:
            raise InvalidValue(f"the editor {editor!r} exited with status {code}; nothing was recorded.")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InvalidValue("the note is not UTF-8 text; save it as UTF-8.") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return text.strip() or None


def ask_meeting_changes(m, *, today: date, people: Callable[[list[str]], list[str]]) -> EditOptions:
    """Walk through a meeting's fields in a terminal, each answer defaulting to
    what is recorded (Enter keeps it; ``-`` clears a time or a place); the
    answers become the options ``netj meetings edit`` would have been given.

    Each answer is checked as it is given, by the same rules as the options
    (:func:`~netjournal.cli.meeting_options.edit_values` and the
    :class:`~netjournal.domain.inputs.MeetingPatch`), and asked again when it
    cannot be right: one wrong answer never costs the others. ``people``
    turns the names typed into handles at once ("did you mean …?"), so that
    nobody removed is asked for scores and everyone added is."""
    from netjournal.cli.log_options import parse_score_option
    from netjournal.cli.meeting_options import EditOptions, edit_values
    from netjournal.domain.inputs import MeetingPatch, validated

    def option(field: str) -> Callable[[str], object]:
        def check(value: str) -> None:
            given: dict[str, Any] = {field: value}
            validated(MeetingPatch, **edit_values(replace(EditOptions(), **given), today))
        return check

    def score(dim: str) -> Callable[[str], object]:
        def check(value: str) -> None:
            try:
                parse_score_option(f"them:{dim}={value}")
            except InvalidValue:
                raise InvalidValue(f"{value!r} is not whole minutes (negative if early)." if dim == "late" else
                                   f"{value!r}: type a whole number from {SCORE_MIN} to {SCORE_MAX}.") from None
        return check

    def changed(question: str, current: str | None, check: Callable[[str], object], *,
                clearable: bool = False) -> str | None:
        shown = current if current is not None else ("-" if clearable else "")
        while True:
            answer = ask_text(question + (" (- clears)" if clearable else ""), default=shown)
            if answer == shown:
                return None
            value = "" if clearable and answer == "-" else answer
            try:
                check(value)
                return value
            except InvalidValue as exc:
                why = re.sub(r"^--[a-z-]+: ", "", exc.message)  # the option's name means nothing here
                typer.echo(f"  {safe(why)} Try again, or press Enter to keep what is recorded.", err=True)

    def names(question: str) -> list[str]:
        typed = [r.strip() for r in ask_text(question + " (comma-separated, Enter for none)").split(",")]
        return people([r for r in typed if r])

    typer.echo("What should change? Press Enter to keep what is recorded.", err=True)
    on = changed("Date", m.date.isoformat(), option("on"))
    at = changed("Time", m.time, option("at"), clearable=True)
    kind = changed("Kind", m.kind, option("kind"))
    place = changed("Place", m.place, option("place"), clearable=True)
    edit = confirm("Edit the note in your editor?", default=False)
    add = names("Add people")
    remove = names("Remove people")
    scores = []
    present = [(a.person, a.scores, a.minutes_late) for a in m.attendees if a.person not in remove]
    present += [(who, dict.fromkeys(m.attendees[0].scores if m.attendees else ()), None)
                for who in add if who not in {p for p, _, _ in present}]
    for who, current, late_now in present:
        pairs = []
        for dim, value in current.items():
            answer = changed(f"{who}: {dim}", str(value) if value is not None else "", score(dim))
            if answer:
                pairs.append(f"{dim}={answer}")
        late = changed(f"{who}: minutes late (negative if early)", str(late_now) if late_now is not None else "",
                       score("late"))
        if late:
            pairs.append(f"late={late}")
        if pairs:
            scores.append(f"{who}:{','.join(pairs)}")
    return EditOptions(on=on, at=at, kind=kind, place=place, edit=edit, add=tuple(add), remove=tuple(remove),
                       score=tuple(scores))
