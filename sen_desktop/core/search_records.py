"""What a search finds, as plain records (no SQLAlchemy): ``SearchHit``, the place a
search found, its passage with the matched words marked, and the words for its kind.
``core.search.SearchService`` finds them; the Search page imports only this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import datetime as dt

MARK_START: Final = "\x02"
"""Begins a matched word in ``SearchHit.snippet`` (never in stored text: it is a control
character, and every stored text has passed ``validation.clean_text``)."""
MARK_END: Final = "\x03"
ELLIPSIS: Final = "…"

KINDS: Final = ("minute", "resolution", "action", "recommendation")
KIND_LABELS: Final = {
    "minute": "Minutes",
    "resolution": "Resolution",
    "action": "Action",
    "recommendation": "Recommendation",
}


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One place a search found, best first.

    ``snippet`` is the matching passage with each matched word between ``MARK_START``
    and ``MARK_END``; ``fragments()`` splits it for display.
    """

    kind: str  # minute | resolution | action | recommendation
    row_id: str
    title: str  # "BESD Working Group, 14 October 2010 — 5. Outreach provision"
    snippet: str
    group_id: str | None
    meeting_id: str | None
    agenda_item_id: str | None
    action_id: str | None
    recommendation_id: str | None = None
    meeting_date: dt.date | None = None
    score: float = 0.0  # bm25: lower is a better match

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.title())

    def fragments(self) -> list[tuple[str, bool]]:
        """The snippet as (text, matched) pieces, in order, markers removed."""
        return snippet_fragments(self.snippet)

    @property
    def plain_snippet(self) -> str:
        return "".join(part for part, _ in self.fragments())


def snippet_fragments(snippet: str) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(MARK_START)
        if start < 0:
            pieces.append((rest, False))
            break
        if start:
            pieces.append((rest[:start], False))
        end = rest.find(MARK_END, start + 1)
        if end < 0:
            end = len(rest)
        if end > start + 1:
            pieces.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(part.replace(MARK_END, ""), matched) for part, matched in pieces if part]
