"""What the Conflicts page shows, as plain records (no SQLAlchemy, no Qt): free text
edited on two laptops at once, each version with its laptop and time, and references two
laptops gave out apart (``core.references``), each clash in plain words.

``sync.conflict_service.ConflictService`` reads them on the worker and writes a person's
choice; the page imports only this module.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VersionView:
    who: str  # "this laptop", a peer's name, or "laptop 1a2b3c4d"
    when: str
    text: str


@dataclass(frozen=True, slots=True)
class ConflictView:
    entity: str
    row_id: str
    field: str
    where: str  # e.g. "Minutes · SG meeting 3, item 4: Matters arising"
    versions: tuple[VersionView, ...]
    suggestion: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.entity, self.row_id, self.field)

    @property
    def label(self) -> str:
        return f"{self.where} — {self.field.replace('_', ' ')}"


@dataclass(frozen=True, slots=True)
class ClashChoice:
    row_id: str
    label: str  # "the meeting of 4 March 2011"
    text: str  # "the meeting of 4 March 2011 (published: its minutes were circulated)"


@dataclass(frozen=True, slots=True)
class ClashView:
    kind: str
    group_id: str
    reference: str
    text: str  # the clash in plain words
    automatic: bool  # "Renumber" can clear it
    writable: bool  # this laptop may renumber it at all
    choices: tuple[ClashChoice, ...]  # the rows, for a person's choice when both published

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.group_id, self.reference)

    @property
    def label(self) -> str:
        what = "minute numbers" if self.kind == "minutes" else self.kind
        shown = self.reference.replace(" minutes ", " ")
        if not self.writable:
            return f"{shown} ({what}) — for a laptop certified to write it"
        return f"{shown} ({what})" + ("" if self.automatic else " — for a person to decide")


@dataclass(frozen=True, slots=True)
class ConflictsOverview:
    """Both lists, read in one go."""

    clashes: tuple[ClashView, ...]
    conflicts: tuple[ConflictView, ...]
