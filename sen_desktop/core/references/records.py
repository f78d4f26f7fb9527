"""Clashing references as records and words: what clashes, who moves, and what to say.

Meeting numbers ("BESD 12"), minute numbers, action references ("SG-14") and
recommendation references ("BESD-R3") are unique per group; two laptops apart can give
out the same one (issue 10, "Clashing references"). core/references/detection.py finds
the clashes, core/references/service.py renumbers them, and core/references/allocation.py
says which laptop numbers which group. These records and words import no SQLAlchemy: the
Conflicts page and the command line print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from sen_desktop.core.words import listed

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

BAND: Final = 10_000
"""Numbers ``[k × BAND, (k + 1) × BAND)`` belong to range k; range 0 is the ordinary one."""

MEETING: Final = "meeting"
MINUTES: Final = "minutes"
ACTION: Final = "action"
RECOMMENDATION: Final = "recommendation"
KINDS: Final = (MEETING, MINUTES, ACTION, RECOMMENDATION)


def band_of(number: int) -> int:
    return max(number, 0) // BAND


@dataclass(frozen=True, slots=True)
class ClashRow:
    """One row in a clash: a meeting, an action or a recommendation."""

    entity: str  # "meeting", "action", "recommendation" (minutes clashes list meetings)
    row_id: str
    reference: str  # as shown: "BESD 12", "SG-14", "BESD-R3", "minutes 150–158"
    label: str  # "the meeting of 3 March 2011", "the action “Write to …”"
    made_hlc: str  # stamp of the operation that made the row ("" if not logged)
    made_site: str  # site of that operation
    published: bool
    why_published: str  # "its minutes were circulated", "paper BESD/M12 was issued", ""
    when: dt.date | None = None  # a meeting's date (chain order)
    number: int = 0  # a meeting's number (chain order)


@dataclass(frozen=True, slots=True)
class Clash:
    """Rows of one group sharing a reference, in the order that decides who moves."""

    kind: str  # one of KINDS
    group_id: str
    group_code: str
    reference: str  # "BESD 12", "SG-14", "BESD-R3", "BESD minutes 150–158"
    rows: tuple[ClashRow, ...]  # the first keeps its reference
    chain_blocked: bool = False  # minutes: counting them again would still clash
    writable: bool = True  # this laptop is certified to write the group's records

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.group_id, self.reference)

    @property
    def entity_is_meeting(self) -> bool:
        return self.kind in (MEETING, MINUTES)

    @property
    def movers(self) -> tuple[ClashRow, ...]:
        """The rows renumbering moves (unpublished ones after the first)."""
        return tuple(r for r in self.rows[1:] if not r.published)

    @property
    def needs_person(self) -> bool:
        """True when renumbering cannot clear it: two published rows, or minutes that
        counting again would still leave clashing (an unpublished meeting dated before
        a published one)."""
        return sum(1 for r in self.rows if r.published) >= 2 or self.chain_blocked

    @property
    def automatic(self) -> bool:
        """The program can clear this clash here (the "Renumber" button)."""
        return not self.needs_person and bool(self.movers) and self.writable

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """The clash in plain words, for the Conflicts page and the command line."""
        return describe(self, names or {})


@dataclass(frozen=True, slots=True)
class ClashReport:
    """The clashes standing now, with the names of the laptops their rows came from."""

    clashes: tuple[Clash, ...]
    names: Mapping[str, str]  # site id -> laptop name ("this laptop" for this one)

    @property
    def waiting(self) -> int:
        """How many need a person to decide."""
        return sum(1 for clash in self.clashes if clash.needs_person)

    def describe(self, clash: Clash) -> str:
        return describe(clash, self.names)


@dataclass(frozen=True, slots=True)
class Renumbered:
    """One reference the program changed."""

    kind: str
    row_id: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.old} is now {self.new}"


def span(numbers: Sequence[int]) -> str:
    """ "150–158", "3, 5 and 9–11": a set of minute numbers in few words."""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs]
    return listed(parts)


def short(textual: str, limit: int = 60) -> str:
    flat = " ".join(textual.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


_NOUNS: Final = {
    MEETING: ("meeting", "meetings"),
    ACTION: ("action", "actions"),
    RECOMMENDATION: ("recommendation", "recommendations"),
}
_COUNT_WORDS: Final = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven")


def _count(n: int) -> str:
    return _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else f"{n:,}"


def _who(site: str, names: Mapping[str, str]) -> str:
    name = names.get(site)
    if not name:
        return f"laptop {site[:8]}" if site else "an unknown laptop"
    if name == "this laptop" or name.casefold().endswith("laptop"):
        return name
    return f"the laptop “{name}”"


def _row_words(row: ClashRow, names: Mapping[str, str], *, with_label: bool) -> str:
    base = row.label if with_label else row.label.removeprefix("the meeting of ")
    extra = [f"made on {_who(row.made_site, names)}"] if row.made_site else []
    if row.published:
        extra.append(f"published: {row.why_published}")
    return f"{base} ({'; '.join(extra)})" if extra else base


def describe(clash: Clash, names: Mapping[str, str]) -> str:
    """One paragraph: what clashes, where each row came from, and what to do."""
    n = len(clash.rows)
    if clash.kind == MINUTES:
        number_part = clash.reference.removeprefix(f"{clash.group_code} minutes ")
        head = (
            f"{_count(n)} {clash.group_code} meetings use minute "
            f"{'number' if number_part.isdigit() else 'numbers'} {number_part}: "
        )
        head += (
            listed(
                [f"{r.reference} on {_row_words(r, names, with_label=False)}" for r in clash.rows]
            )
            + "."
        )
    else:
        noun = _NOUNS[clash.kind][1]
        how = "numbered" if clash.kind == MEETING else "referenced"
        head = f"{_count(n)} {noun} are {how} {clash.reference}: "
        head += (
            listed([_row_words(r, names, with_label=clash.kind != MEETING) for r in clash.rows])
            + "."
        )
    if clash.kind == MINUTES and clash.chain_blocked:
        tail = (
            " Minute numbers follow the meetings' dates, and counting them again would "
            "still clash with minutes already published, so a person must decide which "
            "minutes to change: for example move the unpublished meeting after the "
            "published one, or cancel it if it is the same meeting entered twice."
        )
    elif clash.needs_person:
        tail = (
            " Both have been published, so the program will not renumber either; a person "
            "must decide which one to renumber, and tell those who hold the papers."
        )
    elif clash.kind == MINUTES:
        movers = listed([r.reference for r in clash.movers])
        tail = (
            f" Renumber the minutes not yet published: {movers} will follow on from the "
            "meeting before."
        )
    else:
        moving = listed([f"{r.label} made on {_who(r.made_site, names)}" for r in clash.movers])
        keeper = clash.rows[0]
        tail = (
            f" Renumber the {'one' if len(clash.movers) == 1 else 'ones'} not yet "
            f"published: {moving} will take the next free number, and {keeper.label} "
            f"made on {_who(keeper.made_site, names)} keeps {clash.reference}."
        )
    if not clash.writable:
        tail += (
            f" This laptop is not certified to write {clash.group_code}'s records, so "
            "renumber it on a laptop that is."
        )
    return head + tail
