"""``netj log``'s options, turned into the meeting to record: pure functions.

What was typed (:class:`LogOptions`) is checked and parsed by
:func:`plan_log` before the journal is opened; once the attendees are known
(:func:`attendee_scores`), :func:`meeting_input` builds the
:class:`~netjournal.domain.inputs.MeetingIn` that ``log_meeting`` records.
No terminal, no journal, no clock: ``today`` is an argument, and the
questions asked in a terminal live in :mod:`netjournal.cli.log`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from netjournal.domain.dates import parse_date
from netjournal.domain.handles import slugify
from netjournal.domain.meetings import PLANS_HINT, future_meeting
from netjournal.domain.vocab import DIMENSIONS, SCORE_MAX, SCORE_MIN
from netjournal.errors import InvalidValue

if TYPE_CHECKING:
    from netjournal.domain.inputs import MeetingIn

_SCORE_RE = re.compile(r"^(?P<who>.+?):(?P<pairs>[a-z_]+=\S+(?:,[a-z_]+=\S+)*)$")

Scores = tuple[dict[str, int], int | None]  # scores by dimension, minutes late


@dataclass(frozen=True)
class LogOptions:
    """``netj log``'s options as typed."""

    people: tuple[str, ...] = ()
    on: str = "today"
    at: str | None = None
    kind: str = "coffee"
    place: str | None = None
    note: str | None = None
    note_file: str | None = None
    edit: bool = False
    listening: int | None = None
    preparation: int | None = None
    late: int | None = None
    score: tuple[str, ...] = ()
    follow_up: tuple[str, ...] = ()
    they_promise: tuple[str, ...] = ()
    follow_up_on: str | None = None
    follow_up_with: str | None = None


@dataclass(frozen=True)
class LogPlan:
    """The options checked and parsed; what is still missing is asked for (or refused) by the command."""

    refs: tuple[str, ...]  # the attendees as typed; empty: ask who
    on_date: date
    due_on: date | None  # when the promises fall due; None with promises: ask when
    promises: tuple[tuple[str, str], ...]  # (text, owed_by "me" | "them")
    single: Scores  # --listening, --preparation, --late: for a single attendee
    per_person: tuple[tuple[str, dict[str, int], int | None], ...]  # --score PERSON:…


def _option_date(option: str, text: str, today: date, prefer: str) -> date:
    try:
        return parse_date(text, today, prefer=prefer)  # type: ignore[arg-type]
    except InvalidValue as exc:
        raise InvalidValue(f"{option}: {exc.message}") from None


def parse_score_option(text: str) -> tuple[str, dict[str, int], int | None]:
    """``ron-park:listening=4,preparation=5,late=10`` → (ref, scores, minutes late)."""
    m = _SCORE_RE.match(text.strip())
    if not m:
        raise InvalidValue(f"--score {text!r}: use PERSON:listening=N,preparation=N (N from {SCORE_MIN} to {SCORE_MAX}).")
    scores: dict[str, int] = {}
    late = None
    for pair in m.group("pairs").split(","):
        key, _, value = pair.partition("=")
        if key == "late":
            try:
                late = int(value)
            except ValueError:
                raise InvalidValue(f"--score {text!r}: late must be whole minutes (negative if early).") from None
            continue
        if key not in DIMENSIONS:
            raise InvalidValue(f"--score {text!r}: {key!r} is not a score; use {', '.join(DIMENSIONS)} or late.")
        if not value.isdigit() or not SCORE_MIN <= int(value) <= SCORE_MAX:
            raise InvalidValue(f"--score {text!r}: {key} must be a whole number from {SCORE_MIN} to {SCORE_MAX}.")
        scores[key] = int(value)
    return m.group("who").strip(), scores, late


def plan_log(o: LogOptions, today: date) -> LogPlan:
    """Check and parse the options; :class:`InvalidValue` for what cannot be right."""
    on_date = _option_date("--date", o.on, today, "past")
    if (problem := future_meeting(on_date, today)) is not None:
        raise InvalidValue(f"--date: {problem}.", hint=PLANS_HINT)
    if (o.note is not None) + (o.note_file is not None) + o.edit > 1:
        raise InvalidValue("give the note with one of --note, --note-file and --edit.")
    per_person = tuple(parse_score_option(x) for x in o.score)
    due_on = _option_date("--follow-up-on", o.follow_up_on, today, "future") if o.follow_up_on else None
    promises = tuple([(t, "me") for t in o.follow_up] + [(t, "them") for t in o.they_promise])
    for words, owed in promises:
        if not words.strip():
            option = "--they-promise" if owed == "them" else "--follow-up"
            raise InvalidValue(f"{option}: the promise is empty; say what was promised.")
    if o.follow_up_on and not promises:
        raise InvalidValue("--follow-up-on needs a --follow-up or --they-promise TEXT to go with it.")
    single = {k: v for k, v in (("listening", o.listening), ("preparation", o.preparation)) if v is not None}
    plan = LogPlan((), on_date, due_on, promises, (single, o.late), per_person)
    return with_attendees(plan, o.people, o) if o.people else plan


def with_attendees(plan: LogPlan, refs: Sequence[str], o: LogOptions) -> LogPlan:
    """``plan`` with the attendees (typed, or answered at the prompt)."""
    refs = tuple(r.strip() for r in refs)
    if any(not r for r in refs):
        raise InvalidValue("an attendee's name is empty; name each person who attended.")
    if (o.listening is not None or o.preparation is not None or o.late is not None) and len(refs) > 1:
        raise InvalidValue("--listening, --preparation and --late apply to a single attendee; "
                           "with several, use --score PERSON:listening=N,preparation=N.")
    return replace(plan, refs=refs)


def same_person(typed: str, other: str) -> bool:
    """Whether two ways of writing a new attendee's name mean the same person:
    ``Ron Park``, ``ron park`` and the handle it will get, ``ron-park``."""
    return typed.casefold() == other.casefold() or slugify(typed) == slugify(other)


def attendee_scores(plan: LogPlan, settled: Sequence[tuple[str, bool]],
                    handle_of: Callable[[str], str | None]) -> dict[int, Scores]:
    """The scores given on the command line, by attendee (their index in
    ``settled``, the ``(handle or new name, create)`` pairs); ``handle_of``
    says whom a ``--score`` reference names in the journal (None: nobody)."""
    scores: dict[int, Scores] = {}
    if len(settled) == 1:
        scores[0] = (dict(plan.single[0]), plan.single[1])
    handles = [ref for ref, _ in settled]
    for who, dims, mins in plan.per_person:
        target = handle_of(who) or who
        idx = next((i for i, (ref, create) in enumerate(settled)
                    if ref == target or (create and same_person(ref, who))), None)
        if idx is None:
            raise InvalidValue(f"--score {who}: not an attendee of this meeting ({', '.join(handles)}).")
        prev, prev_late = scores.get(idx, ({}, None))
        scores[idx] = ({**prev, **dims}, mins if mins is not None else prev_late)
    return scores


def meeting_input(plan: LogPlan, o: LogOptions, settled: Sequence[tuple[str, bool]], scores: dict[int, Scores],
                  note: str | None, owner: str | None) -> MeetingIn:
    """The meeting to record, validated as every input is (:mod:`netjournal.domain.inputs`)."""
    from netjournal.domain.inputs import MeetingIn, validated

    return validated(
        MeetingIn,
        on_date=plan.on_date, at_time=o.at, kind=o.kind, place=o.place, notes=note,
        attendees=[dict(ref=ref, create=create, scores=scores.get(i, ({}, None))[0],
                        minutes_late=scores.get(i, ({}, None))[1]) for i, (ref, create) in enumerate(settled)],
        follow_ups=[dict(text=t, due_on=plan.due_on, person_ref=owner, owed_by=owed) for t, owed in plan.promises],
    )
