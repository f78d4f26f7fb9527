"""What File > Export to Word… would write from the page on show (the page contract's
``export_target()``, docs/architecture.md): Qt-free, so a page names its paper without
importing the exporter."""

from __future__ import annotations

from dataclasses import dataclass

from sen_desktop.papers.kinds import KIND_LABELS, PACK


@dataclass(frozen=True)
class ExportTarget:
    """A paper Export to Word can write."""

    kind: str  # papers/kinds.py: "minutes" | "action_log" | "recommendation"
    ref: str | None  # the meeting, group (None: every group) or recommendation id
    what: str  # "the minutes of BESD Working Group, meeting 12 (9 August 2011)"


#: A paper's kind in words: the Saved message, a suggested file name's fallback.
PAPER_WORDS = {kind: label.lower() for kind, label in KIND_LABELS.items()} | {PACK: "pack"}
