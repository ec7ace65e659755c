"""``netj gains``: a person's GAINS profile (Goals, Accomplishments, Interests,
Networks, Skills) — shows what you know and, in a terminal, asks for what is missing."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.options import PersonArg, Run, command

QUESTIONS = {
    "goals": "Goals: what do they want to achieve, in business and beyond?",
    "accomplishments": "Accomplishments: what have they done that they are proud of?",
    "interests": "Interests: what do they care about outside work?",
    "networks": "Networks: which groups, clubs and circles do they belong to?",
    "skills": "Skills: what are they good at?",
}


def Field(help: str):  # noqa: N802 - reads like typer.Option
    return typer.Option(help=help, metavar="TEXT", show_default=False)


@command(no_input=True)
def gains(
    run: Run,
    person: PersonArg,
    goals: Annotated[str | None, Field("What they want to achieve ('' clears).")] = None,
    accomplishments: Annotated[str | None, Field("What they have achieved ('' clears).")] = None,
    interests: Annotated[str | None, Field("What they care about ('' clears).")] = None,
    networks: Annotated[str | None, Field("Groups and circles they belong to ('' clears).")] = None,
    skills: Annotated[str | None, Field("What they are good at ('' clears).")] = None,
) -> None:
    """Show a person's GAINS profile; set fields with the options, or answer the questions for the empty ones in a terminal."""
    from netjournal.app.people import gains_of
    from netjournal.domain.digests import GainsProfile
    from netjournal.render.people import gains as show

    s, out = run.settings, run.out
    values = {k: v for k, v in dict(goals=goals, accomplishments=accomplishments, interests=interests,
                                     networks=networks, skills=skills).items() if v is not None}
    with run.journal() as j:
        if values:
            from netjournal.app.write.gains import set_gains

            record, changed = set_gains(j, person, values, today=s.today, now=s.now)
            out.say(f"Updated the GAINS of {record.handle}: {', '.join(changed)}." if changed
                    else f"Nothing changed: {record.handle}'s GAINS already say that.")
        else:
            record = gains_of(j, person)
            profile = GainsProfile.of(record)
            if s.interactive and profile.unknown and not run.as_json:
                from netjournal.app.write.gains import set_gains
                from netjournal.cli.prompts import ask_text

                show(out, profile)
                out.say(f"What you don't know yet about {record.name} ({len(profile.unknown)} of 5); "
                        "Enter skips a question.")
                answers = {f: a for f in profile.unknown if (a := ask_text(QUESTIONS[f]))}
                if answers:
                    record, _ = set_gains(j, person, answers, today=s.today, now=s.now)
                    out.say(f"Saved {len(answers)} GAINS field{'s' if len(answers) != 1 else ''} for {record.handle}.")
                else:
                    out.say("Nothing was changed.")
                    return
    profile = GainsProfile.of(record)
    run.emit(profile, lambda: show(out, profile))


def register(app: typer.Typer) -> None:
    app.command("gains")(gains)
