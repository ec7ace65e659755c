"""``netj refer`` (record a referral or introduction, update its outcome) and
``netj referrals`` (the ledger, with the balance when one person is asked for)."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.completion import complete_person, complete_referral
from netjournal.cli.options import Run, command, option_date, read_note_file
from netjournal.domain.vocab import DIRECTIONS, OUTCOMES
from netjournal.errors import InvalidValue

refer_app = typer.Typer(
    help="Record a referral or introduction you gave or received, update or correct it later, or remove it.",
    no_args_is_help=True,
)

Person = Annotated[str | None, typer.Argument(metavar="PERSON", help="Handle, email or name.", autocompletion=complete_person, show_default=False)]
On = Annotated[str, typer.Option("--date", "-d", metavar="DATE", help="When: today, yesterday, 2026-11-20, last friday…")]
Note = Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="What it was (e.g. 'the Hendersons, estate planning').", show_default=False)]
NoteFile = Annotated[str | None, typer.Option("--note-file", metavar="PATH|-", help="Read the note from a UTF-8 file, or - for stdin.", show_default=False)]
Outcome = Annotated[str | None, typer.Option("--outcome", metavar="OUTCOME", help=f"One of {', '.join(OUTCOMES)}.", show_default=False)]
Value = Annotated[str | None, typer.Option("--value", metavar="AMOUNT", help="What the business is worth, in your currency.", show_default=False)]


def _amount(text: str | None) -> float | None:
    from netjournal.domain.text import parse_amount

    if text is None:
        return None
    try:
        return parse_amount(text)
    except ValueError as exc:
        raise InvalidValue(f"--value {exc}.") from None


def _note(note: str | None, note_file: str | None) -> str | None:
    if note is not None and note_file is not None:
        raise InvalidValue("give the note with one of --note and --note-file.")
    return read_note_file(note_file) if note_file is not None else note


def _record(run: Run, direction: str, person: str | None, *, to: str | None, on: str, note: str | None,
            note_file: str | None, outcome: str | None, value: str | None) -> None:
    from netjournal.app.resolve import resolve_many
    from netjournal.app.write.referrals import record_referral
    from netjournal.cli.prompts import ask_text
    from netjournal.domain.inputs import ReferralIn, validated

    s = run.settings
    author = s.author  # before any prompt
    out = run.out
    on_date = option_date("--date", on, s.today)
    text = _note(note, note_file)
    ask = "Referred to whom?" if direction == "given" else "Referred by whom?"
    person = run.require(person, what="the person", option="PERSON", ask=lambda: ask_text(ask, required=True))
    amount = _amount(value)
    with run.journal() as j:
        if s.interactive:  # settle near misses before asking for the note
            from netjournal.cli.prompts import choose_person

            person = choose_person(resolve_many(j, [person])[0])
            to = choose_person(resolve_many(j, [to])[0]) if to else None
            if text is None:
                text = ask_text("What was it? (Enter to skip)") or None
        data = validated(ReferralIn, direction=direction, person_ref=person, other_ref=to, on_date=on_date,
                         note=text, outcome=outcome or "open", value=amount)
        r = record_referral(j, data, today=s.today, now=s.now, author=author)
    if r.direction == "received":
        out.say(f"Recorded referral {r.id}: {r.person} referred business to you on {r.date}.")
    elif r.other_person:
        out.say(f"Recorded referral {r.id}: you introduced {r.person} to {r.other_person} on {r.date}.")
    else:
        out.say(f"Recorded referral {r.id}: you referred business to {r.person} on {r.date}.")
    run.emit(r, lambda: print(r.id))


@refer_app.command("given")
@command(no_input=True)
def given(
    run: Run,
    person: Person = None,
    to: Annotated[str | None, typer.Option("--to", metavar="PERSON", help="You introduced PERSON to this person (both in the journal).", autocompletion=complete_person, show_default=False)] = None,
    on: On = "today",
    note: Note = None,
    note_file: NoteFile = None,
    outcome: Outcome = None,
    value: Value = None,
) -> None:
    """You passed business to PERSON, or introduced PERSON to someone (--to). Prints the referral id."""
    _record(run, "given", person, to=to, on=on, note=note, note_file=note_file, outcome=outcome, value=value)


@refer_app.command("received")
@command(no_input=True)
def received(
    run: Run,
    person: Person = None,
    on: On = "today",
    note: Note = None,
    note_file: NoteFile = None,
    outcome: Outcome = None,
    value: Value = None,
) -> None:
    """PERSON passed business or an introduction to you. Prints the referral id."""
    _record(run, "received", person, to=None, on=on, note=note, note_file=note_file, outcome=outcome, value=value)


ReferralId = Annotated[int, typer.Argument(metavar="ID", help="The referral's id (see `netj referrals`).", autocompletion=complete_referral, show_default=False)]


@refer_app.command("update")
@command()
def update(
    run: Run,
    referral: ReferralId,
    outcome: Outcome = None,
    value: Value = None,
    note: Note = None,
    note_file: NoteFile = None,
    on: Annotated[str | None, typer.Option("--date", "-d", metavar="DATE", help="Correct the referral's date.", show_default=False)] = None,
    person: Annotated[str | None, typer.Option("--person", metavar="PERSON", help="Correct whom it was with (recorded against the wrong person).", autocompletion=complete_person, show_default=False)] = None,
    to: Annotated[str | None, typer.Option("--to", metavar="PERSON", help="Correct whom you introduced them to ('' clears: not an introduction).", autocompletion=complete_person, show_default=False)] = None,
    direction: Annotated[str | None, typer.Option("--direction", metavar="WAY", help="Correct which way it went: given or received.", show_default=False)] = None,
) -> None:
    """Change a referral's outcome (open, met, won, lost; dated today), value, note or date,
    or correct whom it was with, whom they were introduced to and which way it went.

    The scorecard's balance and the one-way-street rule follow at once.

    Examples: `netj refer update 3 --outcome won --value 4800`,
    `netj refer update 3 --person lorraine-chu`, `netj refer update 3 --direction received`.
    """
    from netjournal.app.write.referrals import update_referral
    from netjournal.domain.inputs import ReferralPatch, validated

    s = run.settings
    text = _note(note, note_file)
    given = {k: v for k, v in dict(outcome=outcome, value=_amount(value), note=text,
                                    on_date=option_date("--date", on, s.today) if on else None,
                                    person_ref=person, other_ref=to, direction=direction).items()
             if v is not None}
    with run.journal() as j:
        if s.interactive:  # "did you mean …?" for a near miss, as netj refer given asks
            from netjournal.app.resolve import resolve_many
            from netjournal.cli.prompts import choose_person

            for name, typed in (("person_ref", person), ("other_ref", to)):
                if typed:
                    given[name] = choose_person(resolve_many(j, [typed])[0])
        patch = validated(ReferralPatch, **given)
        r = update_referral(j, referral, patch, today=s.today, now=s.now)
    run.out.say(f"Updated referral {r.id} ({r.direction}, {r.person}" + (f" → {r.other_person}" if r.other_person
                else "") + f"): {r.outcome}.")
    run.emit(r, lambda: print(r.id))


@refer_app.command("rm")
@command(no_input=True)
def rm(
    run: Run,
    referral: ReferralId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (scripts).")] = False,
) -> None:
    """Delete a referral for good; the balance and the one-way-street rule follow.

    A removal cannot be undone (`netj undo` does not bring it back).

    Example: `netj refer rm 3` (asks first), `netj refer rm 3 --yes` in a script.
    """
    from netjournal.app.resolve import no_such
    from netjournal.app.write.referrals import remove_referral
    from netjournal.cli.prompts import confirm_deletion
    from netjournal.storage.queries.referrals import referral_by_id

    s = run.settings
    with run.journal() as j:
        with j.read() as conn:
            seen = referral_by_id(conn, referral)
        if seen is None:
            raise no_such("referral", referral)
        what = f"referral {seen.id} ({seen.direction}, {seen.person}, {seen.date})"
        confirm_deletion(run.out, what, yes=yes, interactive=s.interactive)
        r = remove_referral(j, referral, expected=seen)
    run.out.say(f"Deleted referral {r.id}.")
    run.emit(r)


@command()
def referrals(
    run: Run,
    person: Person = None,
    direction: Annotated[str | None, typer.Option("--direction", metavar="WAY", help="given or received.", show_default=False)] = None,
    outcome: Outcome = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help="Only referrals on or after this date (2026-01-01, 3m…).", show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(min=1, metavar="N", help="At most this many, newest first.", show_default=False)] = None,
) -> None:
    """The referral ledger, newest first; with PERSON, theirs and the balance over the last 12 months."""
    from netjournal.app.referrals import referral_ledger
    from netjournal.cli.options import option_since
    from netjournal.render.referrals import ledger as show

    if direction is not None and direction not in DIRECTIONS:
        raise InvalidValue(f"--direction {direction!r}: use given or received.")
    if outcome is not None and outcome not in OUTCOMES:
        raise InvalidValue(f"--outcome {outcome!r}: use one of {', '.join(OUTCOMES)}.")
    s = run.settings
    start = option_since("--since", since, s.today) if since else None
    with run.journal() as j:
        ledger = referral_ledger(j, person, today=s.today, referral_check=s.referral_check, direction=direction,
                                 outcome=outcome, since=start, limit=limit)
    run.emit(ledger.rows, lambda: show(run.out, ledger))


def register(app: typer.Typer) -> None:
    app.add_typer(refer_app, name="refer")
    app.command("referrals")(referrals)
