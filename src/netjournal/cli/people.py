"""``netj people``: add, list, show, edit, remove, tag, pause, archive, activate."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.options import Author, ByAuthor, PersonArg, Run, command, option_date
from netjournal.errors import InvalidValue

app = typer.Typer(help="Add, find, change and remove people.", no_args_is_help=True)


def Opt(help: str, metavar: str = "TEXT", **kw):  # noqa: N802 - reads like typer.Option
    return typer.Option(help=help, metavar=metavar, show_default=False, **kw)


def _done(run: Run, record, message: str) -> None:
    run.out.say(message)
    run.emit(record, lambda: print(record.handle))


@app.command("add")
@command(no_input=True)
def add(
    run: Run,
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Full name, e.g. 'Ron Park'.", show_default=False)] = None,
    handle: Annotated[str | None, Opt("Short unique handle (default: from the name, e.g. ron-park).", metavar="HANDLE")] = None,
    company: Annotated[str | None, Opt("Company or organisation.")] = None,
    title: Annotated[str | None, Opt("Job title.")] = None,
    email: Annotated[str | None, Opt("Email address (unique in the journal).", metavar="EMAIL")] = None,
    phone: Annotated[str | None, Opt("Phone number.")] = None,
    url: Annotated[str | None, Opt("Website or profile URL.", metavar="URL")] = None,
    tag: Annotated[list[str] | None, Opt("A tag; repeatable.", metavar="TAG")] = None,
    note: Annotated[str | None, Opt("Notes about the person.")] = None,
    cadence: Annotated[str | None, Opt("Keep in touch every 30d, 6w, 3m… (default: not tracked).", metavar="SPAN")] = None,
) -> None:
    """Add a person. Prints the new handle."""
    from netjournal.app.write.people import add_person
    from netjournal.cli.prompts import ask_text
    from netjournal.domain.inputs import PersonIn, validated

    s = run.settings
    name = run.require(name, what="the person's name", option="NAME",
                         ask=lambda: ask_text("Name", required=True))
    data = validated(PersonIn, name=name, handle=handle, company=company, title=title, email=email, phone=phone,
                     url=url, tags=tag or [], notes=note, cadence=cadence)
    with run.journal() as j:
        record = add_person(j, data, now=s.now)
    tracked = f", cadence {record.cadence}" if record.cadence else ", not on a cadence"
    _done(run, record, f"Added {record.name} as {record.handle}{tracked}.")


_STATUS_CHOICES = {"active": ("active",), "paused": ("paused",), "archived": ("archived",),
                   "current": ("active", "paused"), "all": ("active", "paused", "archived")}


@app.command("list")
@command()
def list_(
    run: Run,
    tag: Annotated[str | None, Opt("Only people with this tag.", metavar="TAG")] = None,
    status: Annotated[str, typer.Option(metavar="STATUS", help="active, paused, archived, current (active and paused) or all.")] = "current",
    sort: Annotated[str, typer.Option(metavar="ORDER", help="name, last-contact, score or due.")] = "name",
) -> None:
    """List people, filtered by tag or status and sorted by name, last contact, score or due date."""
    from netjournal.app.people import SORTS, list_people
    from netjournal.domain.text import normalize_tag
    from netjournal.render.people import people

    if status not in _STATUS_CHOICES:
        raise InvalidValue(f"--status {status!r}: use one of {', '.join(_STATUS_CHOICES)}.")
    if sort not in SORTS:
        raise InvalidValue(f"--sort {sort!r}: use one of {', '.join(SORTS)}.")
    try:
        tag = normalize_tag(tag) if tag is not None else None
    except ValueError as exc:
        raise InvalidValue(f"--tag: {exc}.") from None
    s = run.settings
    with run.journal() as j:
        rows = list_people(j, statuses=_STATUS_CHOICES[status], tag=tag, sort=sort, today=s.today,
                                    half_life=s.half_life, referral_check=s.referral_check)
    run.emit(rows, lambda: people(run.out, rows, s.today))


@app.command("show")
@command()
def show(
    run: Run,
    person: PersonArg,
    meetings: Annotated[int, typer.Option(min=0, metavar="N", help="How many recent meetings to show.")] = 20,
    history: Annotated[bool, typer.Option("--history", help="Also show what you learned when (GAINS changes) and every decision about the relationship.")] = False,
    author: Author = None,
    by_author: ByAuthor = False,
) -> None:
    """Profile (GAINS included), scorecard, referrals, meeting timeline and open follow-ups of one person."""
    from netjournal.app.people import person_detail
    from netjournal.render.people import person as show_person

    if author is not None and by_author:
        raise InvalidValue("--author keeps one author and --by-author shows each of them; pass one of the two.")
    s = run.settings
    with run.journal() as j:
        detail = person_detail(j, person, today=s.today, half_life=s.half_life, referral_check=s.referral_check,
                               meetings=meetings,
                                        author=author, by_author=by_author)
    run.emit(detail, lambda: show_person(run.out, detail, s.today, history=history))


@app.command("edit")
@command()
def edit(
    run: Run,
    person: PersonArg,
    name: Annotated[str | None, Opt("New name.")] = None,
    handle: Annotated[str | None, Opt("New handle.", metavar="HANDLE")] = None,
    company: Annotated[str | None, Opt("Company ('' clears).")] = None,
    title: Annotated[str | None, Opt("Job title ('' clears).")] = None,
    email: Annotated[str | None, Opt("Email ('' clears).", metavar="EMAIL")] = None,
    phone: Annotated[str | None, Opt("Phone ('' clears).")] = None,
    url: Annotated[str | None, Opt("URL ('' clears).", metavar="URL")] = None,
    note: Annotated[str | None, Opt("Replace the notes ('' clears).")] = None,
    cadence: Annotated[str | None, Opt("Cadence such as 30d, 6w, 3m; 'none' stops tracking.", metavar="SPAN")] = None,
    goals: Annotated[str | None, Opt("GAINS: what they want to achieve ('' clears).")] = None,
    accomplishments: Annotated[str | None, Opt("GAINS: what they have achieved ('' clears).")] = None,
    interests: Annotated[str | None, Opt("GAINS: what they care about ('' clears).")] = None,
    networks: Annotated[str | None, Opt("GAINS: groups and circles they belong to ('' clears).")] = None,
    skills: Annotated[str | None, Opt("GAINS: what they are good at ('' clears).")] = None,
) -> None:
    """Change a person's details, GAINS profile included (each GAINS change is kept with its date)."""
    from netjournal.app.write.people import edit_person
    from netjournal.domain.inputs import PersonPatch, validated

    given = {k: v for k, v in dict(name=name, handle=handle, company=company, title=title, email=email, phone=phone,
                                    url=url, notes=note, cadence=cadence, goals=goals,
                                    accomplishments=accomplishments, interests=interests, networks=networks,
                                    skills=skills).items() if v is not None}
    patch = validated(PersonPatch, **given)
    s = run.settings
    with run.journal() as j:
        record = edit_person(j, person, patch, today=s.today, now=s.now)
    _done(run, record, f"Updated {record.handle}.")


@app.command("rm")
@command(no_input=True)
def rm(
    run: Run,
    person: PersonArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a person with their scores, follow-ups, and meetings nobody else attended.

    A removal is final: `netj undo` does not bring it back, and the copies of
    their notes the undo record kept go with them (docs/privacy.md).
    """
    from netjournal.app.people import removal_plan
    from netjournal.app.write.people import remove_person
    from netjournal.cli.prompts import confirm
    from netjournal.errors import MissingValue

    s = run.settings
    with run.journal() as j:
        plan = removal_plan(j, person)
        summary = (f"{plan.name} ({plan.person}): {plan.meetings_attended} meeting attendance(s), "
                   f"{plan.scores} score(s), {plan.follow_ups} follow-up(s); "
                   f"{plan.meetings_deleted} meeting(s) attended by nobody else will be deleted too")
        if not yes:
            if not s.interactive:
                raise MissingValue(f"this deletes {summary}. Pass --yes to confirm.")
            run.out.say(f"This deletes {summary}.")
            if not confirm("Delete?", default=False):
                run.out.say("Nothing was deleted.")
                raise typer.Exit(1)
        done = remove_person(j, person, expected=plan)
    run.out.say(f"Deleted {done.name} ({done.person}).")
    run.emit(done)


@app.command("tag")
@command()
def tag(
    run: Run,
    person: PersonArg,
    tags: Annotated[list[str], typer.Argument(metavar="TAG", help="Tags to add (or remove with --remove).", show_default=False)],
    remove: Annotated[bool, typer.Option("--remove", "-r", help="Remove these tags instead.")] = False,
) -> None:
    """Add or remove tags."""
    from netjournal.app.write.people import tag_person
    from netjournal.domain.text import normalize_tag

    try:
        cleaned = sorted({normalize_tag(t) for t in tags})
    except ValueError as exc:
        raise InvalidValue(f"{exc}.") from None
    s = run.settings
    with run.journal() as j:
        record = tag_person(j, person, cleaned, remove=remove, now=s.now)
    _done(run, record, f"Tags of {record.handle}: {', '.join(record.tags) or 'none'}.")


Reason = Annotated[str | None, typer.Option("--reason", metavar="TEXT", help="Why you decided this (kept in the history; asked for in a terminal).", show_default=False)]


def _set_status(run: Run, person: str, status: str, *, review_on: str | None = None,
                reason: str | None = None) -> None:
    from netjournal.app.write.people import set_status
    from netjournal.cli.prompts import ask_text
    from netjournal.domain.text import clean_text

    s = run.settings
    when = None
    if status == "paused":
        text = run.require(review_on, what="a review date", option="--review-on DATE",
                             ask=lambda: ask_text("Review the decision on", default="3m"))
        when = option_date("--review-on", text, s.today, prefer="future")
    if reason is None and s.interactive and status != "active":
        reason = ask_text("Why? (Enter to skip)")
    try:
        reason = (clean_text(reason).strip() or None) if reason else None
    except ValueError as exc:
        raise InvalidValue(f"--reason {exc}.") from None
    with run.journal() as j:
        record = set_status(j, person, status, review_on=when, reason=reason, today=s.today, now=s.now)
    message = {
        "paused": f"Paused {record.handle}; the decision comes back for review on {when}.",
        "archived": f"Archived {record.handle}.",
        "active": f"Activated {record.handle}" + (f"; next due {record.next_due_on}." if record.next_due_on else "."),
    }[status]
    _done(run, record, message)


@app.command("pause")
@command(no_input=True)
def pause(
    run: Run,
    person: PersonArg,
    review_on: Annotated[str | None, typer.Option("--review-on", metavar="DATE", help="When to review the decision: 3m, 2027-03-01, next monday…", show_default=False)] = None,
    reason: Reason = None,
) -> None:
    """Pause a relationship until a review date; it comes back in `netj due` then. The decision is kept with its date and reason."""
    _set_status(run, person, "paused", review_on=review_on, reason=reason)


@app.command("archive")
@command(no_input=True)
def archive(run: Run, person: PersonArg, reason: Reason = None) -> None:
    """Archive a person: kept in the journal, never due. The decision is kept with its date and reason."""
    _set_status(run, person, "archived", reason=reason)


@app.command("activate")
@command()
def activate(run: Run, person: PersonArg, reason: Reason = None) -> None:
    """Make a paused or archived person active again (recorded as a decision)."""
    _set_status(run, person, "active", reason=reason)
