"""``netj config list``: each setting, its value and where it comes from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from netjournal.render.core import safe

if TYPE_CHECKING:
    from netjournal.settings.user import Setting


def settings(rows: Sequence[Setting]) -> None:
    """One tab-separated line per setting on stdout: key, value, source."""
    for r in rows:
        print(safe(f"{r.key}\t{r.value if r.value is not None else ''}\t{r.source}"))
