"""``netj meetings edit``'s options, turned into the correction to make: pure
functions (no terminal, no journal, ``today`` an argument). The questions
asked in a terminal when no option is given are in :mod:`netjournal.cli.prompts`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from netjournal.cli.log_options import parse_score_option
from netjournal.domain.dates import parse_date
from netjournal.domain.meetings import PLANS_HINT, future_meeting
from netjournal.errors import InvalidValue


@dataclass(frozen=True)
class EditOptions:
    """``netj meetings edit``'s options as typed (None: not given)."""

    on: str | None = None
    at: str | None = None
    kind: str | None = None
    place: str | None = None
    note: str | None = None
    note_file: str | None = None
    edit: bool = False
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    score: tuple[str, ...] = ()

    def given(self) -> bool:
        return any(v not in (None, False, ()) for v in vars(self).values())


def edit_values(o: EditOptions, today: date) -> dict[str, Any]:
    """The values of a :class:`~netjournal.domain.inputs.MeetingPatch` from
    the options (the note from ``--note`` only: a file or the editor is read
    by the command); :class:`InvalidValue` for what cannot be right."""
    if (o.note is not None) + (o.note_file is not None) + o.edit > 1:
        raise InvalidValue("give the note with one of --note, --note-file and --edit.")
    values: dict[str, Any] = {}
    if o.on is not None:
        try:
            values["on_date"] = parse_date(o.on, today, prefer="past")
        except InvalidValue as exc:
            raise InvalidValue(f"--date: {exc.message}") from None
        if (problem := future_meeting(values["on_date"], today)) is not None:
            raise InvalidValue(f"--date: {problem}.", hint=PLANS_HINT)
    for name, value in (("at_time", o.at), ("kind", o.kind), ("place", o.place), ("notes", o.note)):
        if value is not None:
            values[name] = value
    if o.add:
        values["add"] = list(o.add)
    if o.remove:
        values["remove"] = list(o.remove)
    scores = []
    for text in o.score:
        who, dims, late = parse_score_option(text)
        scores.append({"ref": who, "scores": dims, "minutes_late": late})
    if scores:
        values["scores"] = scores
    return values
