"""``netj search``: find the meetings, promises and notes that mention something."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.completion import complete_person
from netjournal.cli.options import Run, command, option_since


@command()
def search(
    run: Run,
    words: Annotated[list[str], typer.Argument(metavar="TEXT", help="Words to find; each matches the start of a word, case and accents aside (cafe finds Café).", show_default=False)],
    person: Annotated[list[str] | None, typer.Option("--person", "-p", metavar="PERSON", help="Only texts involving this person; repeatable (any of them).", autocompletion=complete_person, show_default=False)] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help="Only texts dated on or after this date: 2026-01-01, last friday, 3 months ago…", show_default=False)] = None,
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="At most this many results.")] = 20,
) -> None:
    """Search meeting notes, follow-ups, person notes, GAINS and referral notes, newest first."""
    from netjournal.app.search import search as find
    from netjournal.render.search import search as show

    s = run.settings
    after = option_since("--since", since, s.today) if since is not None else None
    with run.journal() as j:
        result = find(j, " ".join(words), people=person or (), since=after, limit=limit)
    run.emit(result.hits, lambda: show(run.out, result.hits))
    if result.more:
        run.out.say(f"Showing the newest {limit}; more match (pass --limit, --since or --person).")


def register(app: typer.Typer) -> None:
    app.command("search")(search)
