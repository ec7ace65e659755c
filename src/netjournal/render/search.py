"""``netj search``: hits with their matches highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.render.core import Output, safe

if TYPE_CHECKING:
    from collections.abc import Sequence

    from netjournal.domain.search import SearchHit


def _hit_label(hit: SearchHit) -> str:
    """What a search hit is, with the number its commands take: ``meeting 12``,
    ``follow-up 3``, ``notes``, ``goals``, ``referral 5``."""
    return {"meeting": f"meeting {hit.id}", "follow_up": f"follow-up {hit.id}", "person": "notes",
            "gains": hit.field, "referral": f"referral {hit.id}"}.get(hit.type, hit.type)


def search(out: Output, hits: Sequence[SearchHit]) -> None:
    """Matches in bold reverse on a colour terminal; between [brackets]
    when colour is off (NO_COLOR, or output to a pipe or file)."""
    from rich.text import Text

    from netjournal.domain.search import segments

    if not hits:
        out.out.print("Nothing matches.")
        return
    plain = out.out.no_color or out.out.color_system is None
    t = out.text
    table = out.table(None, ("Date", {}), ("What", {}), ("People", {}), ("Text", {"ratio": 1}))
    for h in hits:
        text = Text()
        for piece, matched in segments(h.snippet, h.matches):
            if matched and plain:
                text.append(f"[{safe(piece)}]")
            else:
                text.append(safe(piece), style="bold reverse" if matched else "")
        table.add_row(t(h.date.isoformat()), t(_hit_label(h)), t(", ".join(h.people), "cyan"), text)
    out.out.print(table)
