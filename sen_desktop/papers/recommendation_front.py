"""The front sheet of a recommendation paper (docs/formats.md, "Recommendation paper"): a
two-column table of labels and values in the County's order (``FRONT_SHEET_LABELS``), in
the body's 12 pt, lists on a hanging indent and the recommendations lettered "(a)",
"(b)" by Word. ``recommendation.render_recommendation`` puts it after the subject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Length

from sen_desktop.papers.document import (
    add_row,
    new_paragraph,
    style_id,
)
from sen_desktop.papers.numbering import (
    POINTS,
    new_list,
    numbered_paragraph,
)
from sen_desktop.papers.recommendation_words import (
    asked_to,
    classification_value,
    electoral_division,
    future_pathway_lines,
    past_pathway_lines,
    recommendation_points,
    summary_text,
    to_text,
)
from sen_desktop.papers.text import add_text, one_line

if TYPE_CHECKING:
    from collections.abc import Sequence

    from docx.document import Document
    from docx.table import Table, _Cell

    from sen_desktop.papers.recommendation_data import (
        RecommendationData,
    )

#: The front sheet's labels, in the County's order.
FRONT_SHEET_LABELS: Final = (
    "By:",
    "To:",
    "Decision No:",
    "Subject:",
    "Key decision:",
    "Classification:",
    "Past Pathway of Paper:",
    "Future Pathway of Paper:",
    "Electoral Division:",
    "Summary:",
    "Recommendation(s):",
)
FOR_DECISION: Final = "FOR DECISION"
FOR_INFORMATION: Final = "FOR INFORMATION"
_LABEL_WIDTH: Final = Cm(5.2)  # "Recommendation(s):" whole in bold 12 pt
_VALUE_WIDTH: Final = Cm(10.8)
_HANG: Final = Cm(0.6)  # a front-sheet list entry's hanging indent
_POINT_HANG: Final = Cm(1.0)  # a front-sheet recommendation's "(a)" and its text
_LISTED: Final = frozenset({"By:", "Past Pathway of Paper:", "Future Pathway of Paper:"})


def grid(doc: Document, widths: Sequence[Length]) -> Table:
    """A ruled table with no heading row (``document.table`` always has one)."""
    grid: Table = doc.add_table(rows=0, cols=len(widths))
    grid._tbl.tblStyle_val = style_id(doc, "Paper Table")
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    for col, width in zip(grid._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = width
    return grid


def _row(sheet: Table) -> tuple[_Cell, _Cell]:
    label, value = add_row(sheet, ["", ""])
    return label, value


def _lines(
    cell: _Cell, lines: Sequence[str], *, bold_first: bool = False, hang: bool = False
) -> None:
    """One paragraph per line, in the body's 12 pt; with ``hang``, each entry of a list
    (authors, pathway steps) hangs under its first word."""
    first = cell.paragraphs[0]
    for n, line in enumerate(lines):
        para = first if n == 0 else new_paragraph(cell, "Normal")
        para._p.style = style_id(cell, "Normal")
        if hang:
            para.paragraph_format.left_indent = _HANG
            para.paragraph_format.first_line_indent = -_HANG
        add_text(para, line, bold=bold_first and n == 0)


def front_sheet(doc: Document, data: RecommendationData, confidential: bool) -> None:
    record = data.record
    if record.decision_no:
        decision_no = one_line(record.decision_no)
    else:
        decision_no = "To be allocated" if record.key_decision else "Not applicable"
    past = past_pathway_lines(data.past) or ["None: this is its first consideration."]
    future = future_pathway_lines(data.future) or ["None: no further body is to consider it."]
    values: list[tuple[str, list[str]]] = [
        ("By:", [c.by_text for c in data.authors]),
        ("To:", [to_text(data)]),
        ("Decision No:", [decision_no]),
        ("Subject:", [one_line(record.title).upper()]),
        ("Key decision:", ["Yes" if record.key_decision else "No"]),
        ("Classification:", [classification_value(data, confidential)]),
        ("Past Pathway of Paper:", past),
        ("Future Pathway of Paper:", future),
        ("Electoral Division:", [electoral_division(record)]),
        ("Summary:", [FOR_DECISION if data.for_decision else FOR_INFORMATION, summary_text(data)]),
    ]
    sheet = grid(doc, [_LABEL_WIDTH, _VALUE_WIDTH])
    for label, lines in values:
        label_cell, value_cell = _row(sheet)
        _lines(label_cell, [label], bold_first=True)
        _lines(
            value_cell,
            lines,
            bold_first=label in ("Subject:", "Summary:"),
            hang=label in _LISTED,
        )
    label_cell, value_cell = _row(sheet)
    _lines(label_cell, ["Recommendation(s):"], bold_first=True)
    _lines(value_cell, [asked_to(data)])
    points = new_list(doc, POINTS)
    for point in recommendation_points(data):
        para = numbered_paragraph(value_cell, point, points, level=0, style="Normal")
        # Narrower than the body's sub-points: the letter, then the text hanging under it.
        para.paragraph_format.left_indent = _POINT_HANG
        para.paragraph_format.first_line_indent = -_POINT_HANG
