"""``netj meetings``: list, show, edit and remove the meetings you logged."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.completion import complete_meeting, complete_person
from netjournal.cli.options import Run, command
from netjournal.domain.vocab import KINDS
from netjournal.errors import InvalidValue

app = typer.Typer(help="List, show, correct and remove the meetings you logged.", no_args_is_help=True)

MeetingId = Annotated[int, typer.Argument(metavar="ID", help="The meeting's number (see `netj meetings list`).",
                                          autocompletion=complete_meeting, show_default=False)]


@app.command("list")
@command()
def list_(
    run: Run,
    person: Annotated[str | None, typer.Argument(metavar="PERSON", help="Only the meetings this person attended.", autocompletion=complete_person, show_default=False)] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help="Only meetings on or after this date (2026-01-01, 3m…).", show_default=False)] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", metavar="KIND", help=f"Only meetings of this kind: {', '.join(KINDS)}.", show_default=False)] = None,
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="At most this many, newest first.")] = 20,
) -> None:
    """The meetings you logged, newest first, with who was there and how they scored.

    Examples: `netj meetings list`, `netj meetings list ron-park --since 3m`,
    `netj meetings list --kind lunch --json | jq '.[].id'`.
    """
    from netjournal.app.meetings import list_meetings
    from netjournal.cli.options import option_since
    from netjournal.render.meetings import meetings

    if kind is not None and kind.strip().lower() not in KINDS:
        raise InvalidValue(f"--kind {kind!r}: use one of {', '.join(KINDS)}.")
    s = run.settings
    start = option_since("--since", since, s.today) if since else None
    with run.journal() as j:
        listing = list_meetings(j, person, since=start, kind=kind.strip().lower() if kind else None, limit=limit)
    run.emit(listing.rows, lambda: meetings(run.out, listing))


@app.command("show")
@command()
def show(run: Run, meeting: MeetingId) -> None:
    """Everything about one meeting: when, where, who attended with their
    scores and punctuality, the note, who logged it, and its follow-ups.

    Example: `netj meetings show 12 --json | jq '.meeting.attendees'`.
    """
    from netjournal.app.meetings import meeting_detail
    from netjournal.render.meetings import meeting as show_meeting

    with run.journal() as j:
        found = meeting_detail(j, meeting)
    run.emit(found, lambda: show_meeting(run.out, found))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="meetings")
