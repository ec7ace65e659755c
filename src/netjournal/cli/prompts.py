"""Interactive questions (on stderr). Only called when a person is there."""

from __future__ import annotations

from collections.abc import Sequence

import typer

from netjournal.errors import InvalidValue
from netjournal.people import describe_suggestions
from netjournal.render import safe
from netjournal.scoring import SCORE_MAX, SCORE_MIN


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
        for handle, name in res.suggestions:
            if confirm(f"No one called {safe(res.ref)!r}. Did you mean {describe_suggestions([(handle, name)])}?",
                       default=True):
                out.append((handle, False))
                break
        else:
            if not confirm(f"Add {safe(res.ref)!r} as a new person?", default=False):
                raise InvalidValue(f"not logged: {res.ref!r} is not in the journal.",
                                   hint="Add them with --new, or use a handle from `netj people list`.")
            out.append((res.ref, True))
    return out
