"""The kinds of paper, by one name each.

In code and in the paper register a kind is ``"minutes"``, ``"action_log"`` or
``"recommendation"`` (a pack is ``"pack"``). The command line names the action log
``action-log`` (``sen-desktop paper action-log``, ``--item action-log:BESD``);
``paper_kind`` reads that spelling at the edge, so nothing past it sees two names.
"""

from __future__ import annotations

from typing import Final

MINUTES: Final = "minutes"
ACTION_LOG: Final = "action_log"
RECOMMENDATION: Final = "recommendation"
PACK: Final = "pack"

#: The papers a person asks for one at a time, or puts in a pack.
PAPER_KINDS: Final = (MINUTES, ACTION_LOG, RECOMMENDATION)
KIND_LABELS: Final = {
    MINUTES: "Minutes",
    ACTION_LOG: "Action log",
    RECOMMENDATION: "Recommendation paper",
}
#: How the command line spells each kind.
COMMAND_NAMES: Final = {MINUTES: "minutes", ACTION_LOG: "action-log",
                        RECOMMENDATION: "recommendation"}


def paper_kind(text: str) -> str:
    """The kind in code from the command line's spelling or the code's, in any case
    ("action-log", "Action_Log" → "action_log"); other text comes back folded, for the
    caller to refuse."""
    return text.strip().lower().replace("-", "_")
