"""The provision map as a Word paper: "Provision map — <dimension>" (issue 15).

Landscape, in the house style (docs/formats.md): the title, a line saying what the map
is, then

1. the map: a table of the programme's districts (rows) by the tiers of the continuum
   (columns), each cell "<n> (<places> places)" and, where the group has found a gap,
   the word GAP in bold on a shaded cell -- the word says it, the shading only repeats
   it, so the paper reads the same printed in black and white;
2. the gaps, each with its evidence and the recommendation that answers it ("None
   yet" where none does);
3. the provision itself, district by district in the programme's order and tier by
   tier along the continuum;
4. the criteria for access to specialist resourcing: the latest agreed version, with
   the recommendations that cite each criterion.

Tables are filled row by row (``document.add_row``). The paper carries no date of its
own, so the same map gives the same bytes on any day; its version (the footer) rises
when the map changes (``output.publish``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from docx.shared import Cm

from sen_desktop.core.dates import uk_date
from sen_desktop.core.provision.records import GAP_MARK, MapCell, tier_label
from sen_desktop.papers.document import (
    CellText,
    PaperSetup,
    add_row,
    classification_for,
    heading,
    paragraph,
    start_paper,
    table,
    title_look,
)
from sen_desktop.papers.output import PaperRecord, public_paper
from sen_desktop.papers.text import one_line

if TYPE_CHECKING:
    from pathlib import Path

    from docx.document import Document
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.provision.records import CriteriaVersionRecord, ProvisionMap

KIND: Final = "provision_map"
COMMAND_NAME: Final = "provision-map"
GAP_FILL: Final = "D9D9D9"  # light grey: survives a black-and-white printer
#: Widths on A4 landscape (24.7 cm of text width).
_MAP_WIDTHS: Final = (Cm(3.7), *(Cm(3.1),) * 6, Cm(2.4))
_GAP_WIDTHS: Final = (Cm(3.7), Cm(4.0), Cm(10.0), Cm(7.0))
_ENTRY_WIDTHS: Final = (Cm(3.2), Cm(3.4), Cm(4.6), Cm(4.0), Cm(2.4), Cm(1.5), Cm(1.6), Cm(4.0))


@dataclass(frozen=True)
class ProvisionMapData:
    """What the paper prints: core records only."""

    map: ProvisionMap
    criteria: CriteriaVersionRecord | None  # the latest agreed version, if any

    @property
    def title(self) -> str:
        return f"Provision map — {one_line(self.map.dimension)}"

    @property
    def reference(self) -> str:
        return provision_map_reference(self.map.group_code)


def provision_map_reference(group_code: str) -> str:
    """ "BESD/PM": the group's provision map."""
    return f"{one_line(group_code)}/PM"


def gather(session_factory: sessionmaker[Session], group_id: str) -> ProvisionMapData:
    """The group's whole map (every need type) and its latest agreed criteria; a
    ValidationError when the group is not a working group (they have no map)."""
    from sen_desktop.core.provision.criteria import read_criteria
    from sen_desktop.core.provision.service import read_map, working_group

    with session_factory() as s:
        working_group(s, group_id)
        found = read_map(s, group_id)
        agreed = [v for v in read_criteria(s, group_id) if v.agreed]
    return ProvisionMapData(found, agreed[-1] if agreed else None)


def cell_text(cell: MapCell) -> CellText:
    """A map cell as printed: "2 (52 places)", "1" for services that count no places,
    "–" when empty; GAP on a line of its own, or alone in a cell with no provision."""
    if not cell.entries:
        words = "" if cell.gaps else "–"
    elif cell.places:
        words = f"{cell.entries} ({cell.places:,} places)"
    else:
        words = f"{cell.entries}"
    if cell.gaps:
        return CellText(f"{words}\n{cell.gap_mark}" if words else cell.gap_mark, bold=True,
                        fill=GAP_FILL)
    return CellText(words)


def render_provision_map(
    data: ProvisionMapData, authority: str, data_dir: Path | None = None, version: int = 1
) -> Document:
    setup = PaperSetup(
        authority=authority,
        classification=classification_for(False),
        classification_reason="",
        reference=data.reference,
        version=version,
        title=data.title,
    )
    document = start_paper("landscape", setup, data_dir)
    found = data.map
    title_look(paragraph(document, data.title, "Heading 1"))
    paragraph(
        document,
        f"What the {one_line(found.group_name)} has mapped in each district on the "
        "continuum of provision for children and young people aged 0 to 24. Each cell "
        "gives the number of provisions and, where they count them, their places; "
        f"{GAP_MARK} (shaded) marks a gap "
        "the group has found, listed with the recommendation that answers it.",
    )
    _map_table(document, found)
    _gaps(document, found)
    _entries(document, found)
    _criteria(document, data.criteria)
    return document


def _map_table(document: Document, found: ProvisionMap) -> None:
    heading(document, "Provision by district and tier", 2)
    grid = table(
        document,
        ["District", *(tier_label(t) for t in found.tiers), "Places"],
        widths=_MAP_WIDTHS,
    )
    for district in found.districts:
        cells = [found.cell(district, tier) for tier in found.tiers]
        total = sum(c.places for c in cells)
        add_row(grid, [CellText(district, bold=True), *(cell_text(c) for c in cells),
                       f"{total:,}"])
    totals = [
        MapCell("", tier, sum(found.cell(d, tier).entries for d in found.districts),
                sum(found.cell(d, tier).places for d in found.districts))
        for tier in found.tiers
    ]
    add_row(grid, [CellText("All districts", bold=True),
                   *(CellText(cell_text(c).text, bold=True) for c in totals),
                   CellText(f"{found.places:,}", bold=True)])


def _gaps(document: Document, found: ProvisionMap) -> None:
    heading(document, "Gaps and the recommendations that answer them", 2)
    if not found.gaps:
        paragraph(document, "The group has recorded no gaps.")
        return
    answered = len(found.gaps) - len(found.unanswered_gaps)
    paragraph(
        document,
        f"{len(found.gaps)} gap{'s' if len(found.gaps) != 1 else ''}; {answered} answered "
        f"by a recommendation, {len(found.unanswered_gaps)} not yet.",
    )
    order = {d: i for i, d in enumerate(found.districts)}
    tiers = {t: i for i, t in enumerate(found.tiers)}
    rows = sorted(found.gaps, key=lambda g: (order.get(g.district, 99), tiers.get(g.tier, 99)))
    grid = table(document, ["District", "Tier", "Evidence", "Recommendation"],
                 widths=_GAP_WIDTHS)
    for gap in rows:
        answer = (
            CellText(gap.recommendation.label)
            if gap.recommendation is not None
            else CellText("None yet", bold=True)
        )
        add_row(grid, [gap.district, tier_label(gap.tier), gap.evidence, answer])


def _entries(document: Document, found: ProvisionMap) -> None:
    heading(document, "The provision in each district", 2)
    if not found.entries:
        paragraph(document, "No provision has been mapped yet.")
        return
    order = {d: i for i, d in enumerate(found.districts)}
    tiers = {t: i for i, t in enumerate(found.tiers)}
    rows = sorted(
        found.entries,
        key=lambda e: (order.get(e.district, 99), tiers.get(e.tier, 99), e.name.casefold()),
    )
    grid = table(
        document,
        ["District", "Tier", "Provision", "Setting or service", "Need types", "Ages",
         "Places", "Funding"],
        widths=_ENTRY_WIDTHS,
    )
    for entry in rows:
        add_row(grid, [
            entry.district, tier_label(entry.tier), CellText(entry.name, bold=True),
            entry.setting, ", ".join(entry.need_types), entry.ages,
            "–" if entry.places is None else f"{entry.places:,}", entry.funding,
        ])


def _criteria(document: Document, version: CriteriaVersionRecord | None) -> None:
    heading(document, "Criteria for access to specialist resourcing", 2)
    if version is None or version.agreed_on is None:
        paragraph(document, "The group has not agreed criteria for access yet.")
        return
    paragraph(document, f"Version {version.number}, agreed on {uk_date(version.agreed_on)}.")
    for criterion in version.criteria:
        words = f"{criterion.position}.\t{criterion.text}"
        if criterion.tier:
            words += f" ({tier_label(criterion.tier)})"
        if criterion.cited_by:
            words += f" Cited by {', '.join(criterion.cited_by)}."
        paragraph(document, words, "Para Indent")


def provision_map_paper(
    source: Any, group_id: str, out_path: Path | str, by: str | None = None, *,
    data_dir: Path | None = None,
) -> PaperRecord:
    """Write the group's provision map to ``out_path`` and record it. ``source``: a
    session factory, PaperServices or the window's open programme."""
    return public_paper(source, lambda factory: gather(factory, group_id),
                        render_provision_map, out_path, kind=KIND, by=by, data_dir=data_dir)


__all__ = [
    "COMMAND_NAME",
    "KIND",
    "ProvisionMapData",
    "gather",
    "provision_map_paper",
    "provision_map_reference",
    "render_provision_map",
]
