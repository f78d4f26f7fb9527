"""The kinds of paper, by one name each, and the items that name a paper by kind and
reference (``PackItem``, ``ResolvedItem``, a list's ``Listed`` line).

In code and in the paper register a kind is ``"minutes"``, ``"action_log"`` or
``"recommendation"`` (a pack is ``"pack"``). The command line names the action log
``action-log`` (``sen-desktop paper action-log``, ``--item action-log:BESD``);
``paper_kind`` reads that spelling at the edge, so nothing past it sees two names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.core.errors import ValidationError
from sen_desktop.papers.plain import one_line

if TYPE_CHECKING:
    import datetime as dt

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


#: A pack item naming the action log of every group.
ALL_GROUPS: Final = "ALL"


@dataclass(frozen=True)
class Listed:
    """One line of a ``sen-desktop list`` answer: the reference to type, and a title."""

    id: str
    reference: str  # "BESD", "BESD/12", "BESD-R3"
    title: str
    group_code: str = ""
    date: dt.date | None = None  # a meeting's date

    @property
    def line(self) -> str:
        """ "BESD/12<TAB>BESD Working Group, meeting 12, Tuesday 9 August 2011"."""
        return f"{one_line(self.reference)}\t{one_line(self.title)}"


@dataclass(frozen=True)
class PackItem:
    """A paper to put in a pack: its kind and the reference (or id) of what it is of.

    For the action log, ``reference`` is a group, or ``ALL_GROUPS`` (or "") for all."""

    kind: str  # one of PAPER_KINDS
    reference: str

    @classmethod
    def parse(cls, text: str) -> PackItem:
        """ "minutes:BESD/12", "action-log:BESD", "action-log:ALL", "recommendation:BESD-R3"."""
        kind, sep, reference = text.partition(":")
        kind = paper_kind(kind)
        if not sep and kind == ACTION_LOG:
            return cls(kind, ALL_GROUPS)  # "action-log" alone: every group's
        if not sep or kind not in PAPER_KINDS:
            raise ValidationError(
                f"“{one_line(text)}” is not a paper: write KIND:REFERENCE, where KIND is "
                "minutes, action-log or recommendation (e.g. minutes:BESD/12).",
                field="items",
            )
        reference = reference.strip()
        if not reference and kind != ACTION_LOG:
            raise ValidationError(
                f"Say which {KIND_LABELS[kind].lower()}: {COMMAND_NAMES[kind]}:REFERENCE "
                f"(e.g. {'minutes:BESD/12' if kind == 'minutes' else 'recommendation:BESD-R3'}).",
                field="items",
            )
        return cls(kind, reference or ALL_GROUPS)


@dataclass(frozen=True)
class ResolvedItem:
    """A pack item resolved to ids, with the words the pack's contents and a list use."""

    kind: str
    id: str | None  # meeting, group (None: every group) or recommendation id
    reference: str  # as a person types it: "BESD/12", "BESD", "ALL", "BESD-R3"
    title: str
