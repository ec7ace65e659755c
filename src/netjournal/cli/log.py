"""``netj log``: record a meeting right after it happened."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from netjournal.cli.common import (
    Db,
    Today,
    Json,
    NoInput,
    complete_person,
    journal,
    option_date,
    read_note_file,
    settings,
)
from netjournal.errors import InvalidValue, MissingValue
from netjournal.render import Output, emit_json
from netjournal.domain.vocab import DIMENSIONS, SCORE_MAX, SCORE_MIN
from netjournal.domain.vocab import KINDS

_SCORE_RE = re.compile(r"^(?P<who>.+?):(?P<pairs>[a-z_]+=\S+(?:,[a-z_]+=\S+)*)$")


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


Score = Annotated[int | None, typer.Option(min=SCORE_MIN, max=SCORE_MAX, show_default=False)]


def log(
    ctx: typer.Context,
    people: Annotated[list[str] | None, typer.Argument(metavar="PEOPLE", help="Who attended: handles, emails or names.", autocompletion=complete_person, show_default=False)] = None,
    on: Annotated[str, typer.Option("--date", "-d", metavar="DATE", help="When: today, yesterday, 2026-11-20, last friday, 3 days ago…")] = "today",
    at: Annotated[str | None, typer.Option("--time", metavar="HH:MM", help="Time of day, HH:MM.", show_default=False)] = None,
    kind: Annotated[str, typer.Option("--kind", "-k", metavar="KIND", help=f"One of: {', '.join(KINDS)}.")] = "coffee",
    place: Annotated[str | None, typer.Option("--place", "-p", metavar="TEXT", help="Where you met.", show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="What was said (prefer --note-file - to keep notes out of shell history).", show_default=False)] = None,
    note_file: Annotated[str | None, typer.Option("--note-file", metavar="PATH|-", help="Read the note from a UTF-8 file, or - for stdin.", show_default=False)] = None,
    edit: Annotated[bool, typer.Option("--edit", "-e", help="Write the note in your editor ($VISUAL or $EDITOR); needs a terminal.")] = False,
    listening: Annotated[int | None, typer.Option("--listening", "-l", metavar="1-5", min=SCORE_MIN, max=SCORE_MAX, help="Did they listen? 1-5 (single attendee).", show_default=False)] = None,
    preparation: Annotated[int | None, typer.Option("--preparation", "-P", metavar="1-5", min=SCORE_MIN, max=SCORE_MAX, help="Did they prepare? 1-5 (single attendee).", show_default=False)] = None,
    late: Annotated[int | None, typer.Option("--late", metavar="MINUTES", help="Minutes they were late; negative if early (single attendee).", show_default=False)] = None,
    score: Annotated[list[str] | None, typer.Option("--score", "-s", metavar="PERSON:DIM=N,…", help="Scores for one of several attendees, e.g. ron-park:listening=4,preparation=5,late=10. Repeatable.", show_default=False)] = None,
    follow_up: Annotated[list[str] | None, typer.Option("--follow-up", "-f", metavar="TEXT", help="A promise to keep, e.g. 'Send Ron the intro to Lorraine'. Repeatable.", show_default=False)] = None,
    they_promise: Annotated[list[str] | None, typer.Option("--they-promise", metavar="TEXT", help="A promise they made to you, e.g. 'Intro to his accountant'; due on --follow-up-on too. Repeatable.", show_default=False)] = None,
    follow_up_on: Annotated[str | None, typer.Option("--follow-up-on", metavar="DATE", help="When the follow-ups are due: friday, in 1w, 2026-12-01…", show_default=False)] = None,
    follow_up_with: Annotated[str | None, typer.Option("--follow-up-with", metavar="PERSON", help="Whom the follow-ups are for (needed with several attendees).", show_default=False, autocompletion=complete_person)] = None,
    new: Annotated[bool, typer.Option("--new", help="Add attendees who are not in the journal yet, without asking.")] = False,
    no_input: NoInput = False,
    as_json: Json = False,
    db: Db = None,
    today: Today = None,
) -> None:
    """Record a meeting: who attended, when, where, notes, follow-ups and scores."""
    from netjournal.app.resolve import ambiguous_person, resolve_many, unknown_person
    from netjournal.app.write.meetings import log_meeting
    from netjournal.cli import prompts
    from netjournal.domain.inputs import MeetingIn, validated

    s = settings(ctx, no_input=no_input, db=db, today=today)
    author = s.author  # before any prompt: a writer netj cannot name is told so first
    out = Output()
    on_date = option_date("--date", on, s.today)
    if sum(x is not None for x in (note, note_file)) + edit > 1:
        raise InvalidValue("give the note with one of --note, --note-file and --edit.")
    if edit and not s.interactive:
        raise MissingValue("--edit opens your editor, which needs a terminal; use --note-file instead.")
    text = read_note_file(note_file) if note_file is not None else note
    per_person = [parse_score_option(x) for x in score or []]
    due_on = option_date("--follow-up-on", follow_up_on, s.today, prefer="future") if follow_up_on else None
    promises = [(t, "me") for t in follow_up or []] + [(t, "them") for t in they_promise or []]
    for words, owed in promises:
        if not words.strip():
            option = "--they-promise" if owed == "them" else "--follow-up"
            raise InvalidValue(f"{option}: the promise is empty; say what was promised.")
    if follow_up_on and not promises:
        raise InvalidValue("--follow-up-on needs a --follow-up or --they-promise TEXT to go with it.")

    refs = [r.strip() for r in people or []]
    if any(not r for r in refs):
        raise InvalidValue("an attendee's name is empty; name each person who attended.")
    if not refs:
        if not s.interactive:
            raise MissingValue("who attended? Name at least one person (netj log ron-park …).")
        answer = prompts.ask_text("Who did you meet? (handles or names, comma-separated)", required=True)
        refs = [r.strip() for r in answer.split(",") if r.strip()]
    if (listening is not None or preparation is not None or late is not None) and len(refs) > 1:
        raise InvalidValue("--listening, --preparation and --late apply to a single attendee; "
                           "with several, use --score PERSON:listening=N,preparation=N.")
    if promises and not due_on:
        due_on = option_date("--follow-up-on", prompts.ask_text("When is the follow-up due?", default="in 1w"),
                             s.today, prefer="future") if s.interactive else None
        if due_on is None:
            raise MissingValue("a follow-up needs a date; pass --follow-up-on (e.g. friday, in 1w, 2026-12-01).")

    with journal(s, out) as j:
        resolutions = resolve_many(j, refs)
        if s.interactive:
            settled = prompts.settle_people(resolutions, create_new=new)
        else:
            settled = []
            for res in resolutions:
                if res.match:
                    settled.append((res.match[1], False))
                elif res.candidates:
                    raise ambiguous_person(res)
                elif new:
                    settled.append((res.ref, True))
                else:
                    raise unknown_person(res, hint="Check the spelling, or pass --new to add them.")

        scores_for: dict[int, tuple[dict[str, int], int | None]] = {}
        if len(settled) == 1:
            single = {k: v for k, v in (("listening", listening), ("preparation", preparation)) if v is not None}
            scores_for[0] = (single, late)
        handles = [ref for ref, _ in settled]
        for who, dims, mins in per_person:
            res = resolve_many(j, [who])[0]
            target = res.match[1] if res.match else who
            idx = next((i for i, (ref, create) in enumerate(settled)
                        if ref == target or (create and _same_person(ref, who))), None)
            if idx is None:
                raise InvalidValue(f"--score {who}: not an attendee of this meeting ({', '.join(handles)}).")
            prev, prev_late = scores_for.get(idx, ({}, None))
            scores_for[idx] = ({**prev, **dims}, mins if mins is not None else prev_late)
        if s.interactive:
            for i, (ref, _) in enumerate(settled):
                given, mins = scores_for.get(i, ({}, None))
                missing = [d for d in DIMENSIONS if d not in given]
                if missing and len(given) == 0:
                    typer.echo(f"How did {ref} show up?", err=True)
                    for d in missing:
                        v = prompts.ask_score(d)
                        if v is not None:
                            given[d] = v
                scores_for[i] = (given, mins)
            if edit:
                text = prompts.edit_note()
            elif text is None:
                text = prompts.ask_text("Notes (Enter to skip)") or None

        fu_owner = follow_up_with
        if promises and fu_owner is None and len(settled) > 1:
            if not s.interactive:
                raise MissingValue("with several attendees, say whom the follow-up is for: --follow-up-with PERSON.")
            fu_owner = prompts.ask_text(f"Whom is the follow-up for? ({', '.join(handles)})", required=True)

        data = validated(
            MeetingIn,
            on_date=on_date,
            at_time=at,
            kind=kind,
            place=place,
            notes=text,
            attendees=[
                dict(ref=ref, create=create, scores=scores_for.get(i, ({}, None))[0],
                     minutes_late=scores_for.get(i, ({}, None))[1])
                for i, (ref, create) in enumerate(settled)
            ],
            follow_ups=[dict(text=t, due_on=due_on, person_ref=fu_owner, owed_by=owed) for t, owed in promises],
        )
        logged = log_meeting(j, data, now=s.now, default_cadence=s.default_cadence, author=author)

    out.logged(logged)
    if as_json:
        emit_json(logged)
    else:
        print(logged.meeting.id)


def _same_person(typed: str, other: str) -> bool:
    """Whether two ways of writing a new attendee's name mean the same person:
    ``Ron Park``, ``ron park`` and the handle it will get, ``ron-park``."""
    from netjournal.domain.handles import slugify

    return typed.casefold() == other.casefold() or slugify(typed) == slugify(other)


def register(app: typer.Typer) -> None:
    app.command("log")(log)
