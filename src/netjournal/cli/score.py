"""``netj score``: scorecards, the ranking, and (re)scoring one attendance."""

from __future__ import annotations

from typing import Annotated

import typer

from netjournal.cli.completion import complete_person
from netjournal.cli.options import Author, ByAuthor, Run, command
from netjournal.domain.dates import parse_cadence
from netjournal.domain.vocab import SCORE_MAX, SCORE_MIN
from netjournal.errors import InvalidValue


@command()
def score(
    run: Run,
    person: Annotated[str | None, typer.Argument(metavar="PERSON", help="Handle, email or name; leave out to rank everyone.", autocompletion=complete_person, show_default=False)] = None,
    meeting: Annotated[int | None, typer.Option("--meeting", "-m", metavar="ID", help="(Re)score PERSON's attendance at this meeting.", show_default=False)] = None,
    listening: Annotated[int | None, typer.Option("--listening", "-l", metavar="1-5", min=SCORE_MIN, max=SCORE_MAX, help="With --meeting: listening 1-5.", show_default=False)] = None,
    preparation: Annotated[int | None, typer.Option("--preparation", "-P", metavar="1-5", min=SCORE_MIN, max=SCORE_MAX, help="With --meeting: preparation 1-5.", show_default=False)] = None,
    half_life: Annotated[str | None, typer.Option("--half-life", metavar="SPAN", help="Recency weighting: a score this old counts half (default 180d, or NETJ_HALF_LIFE).", show_default=False)] = None,
    include_unscored: Annotated[bool, typer.Option("--all", help="When ranking, include people with no scores.")] = False,
    limit: Annotated[int | None, typer.Option(min=1, metavar="N", help="When ranking, show at most this many.", show_default=False)] = None,
    author: Author = None,
    by_author: ByAuthor = False,
) -> None:
    """Scorecard of a person (listening and preparation over time, with a verdict), or everyone ranked."""
    from netjournal.app.scores import person_scorecard, person_scorecards_by_author, ranking
    from netjournal.render import scores

    s = run.settings
    try:
        hl = parse_cadence(half_life) if half_life else s.half_life
    except InvalidValue as exc:
        raise InvalidValue(f"--half-life: {exc.message}") from None
    if meeting is None and (listening is not None or preparation is not None):
        raise InvalidValue("--listening and --preparation need --meeting ID (or record them with `netj log`).")
    if meeting is not None and person is None:
        raise InvalidValue("--meeting needs a PERSON to score.")
    if author is not None and by_author:
        raise InvalidValue("--author keeps one author and --by-author shows each of them; pass one of the two.")
    if meeting is not None and author is not None:
        raise InvalidValue("--author filters what you read; the scores you give are recorded as yours "
                           "(see `netj config set user.name`).")
    writer = s.author if meeting is not None else None
    with run.journal() as j:
        if meeting is not None and person is not None:
            from netjournal.app.write.meetings import rescore

            given = {k: v for k, v in (("listening", listening), ("preparation", preparation)) if v is not None}
            rescore(j, person, meeting, given, author=writer)
            run.out.say(f"Scored meeting {meeting}: " + ", ".join(f"{k} {v}" for k, v in given.items()) + ".")
        if person is not None and by_author:
            cards = person_scorecards_by_author(j, person, today=s.today, half_life=hl,
                                                referral_check=s.referral_check)
            run.emit(cards, lambda: scores.ranking(run.out, cards, by_author=True))
            return
        if person is not None:
            card = person_scorecard(j, person, today=s.today, half_life=hl, referral_check=s.referral_check,
                                    author=author)
            run.emit(card, lambda: scores.scorecard(run.out, card))
            return
        rows = ranking(j, today=s.today, half_life=hl, referral_check=s.referral_check,
                       include_unscored=include_unscored, limit=limit,
                       author=author, by_author=by_author)
    run.emit(rows, lambda: scores.ranking(run.out, rows, by_author=by_author))


def register(app: typer.Typer) -> None:
    app.command("score")(score)
