"""The action log as a Word paper: landscape, grouped by group then by meeting, BRAG-shaded.

Which actions a log holds, and where (docs/formats.md, "Action log"; ``action_log_data.gather``):

- every open or in-progress action, under the meeting that raised it;
- every closed action (done or dropped) once, under the meeting that closed it
  (``Action.closed_meeting_id``), and nowhere else: it has dropped off every later
  meeting's list. An action closed outside a meeting stays under the meeting that raised it;
- actions raised outside any meeting under "Not raised at a meeting", after the meetings.

Each meeting's actions form one table, Ref | Raised at | Action | Owner | Due | BRAG |
Latest update | Status, filled row by row (docs/contributing.md), so a log of 100,000 actions
costs 100,000 row appends and nothing more: the data comes from two id-only queries,
paged row fetches and one query of the exempt agenda items. The BRAG cell is shaded and
carries the word ("Amber"), never colour alone; an overdue due date is bold and says so.

Public and confidential versions: an action raised at a confidential (exempt) agenda
item is left out of the public version, and the meeting's section says so in one marker
line per item; the confidential version lists it with "(exempt)" where it was raised.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Emu, Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from sen_desktop.core.actions.records import (
    BRAG_MEANINGS,
    PRINTED_BRAG_LABELS,
    STATUS_LABELS,
    ActionRecord,
)
from sen_desktop.core.actions.wording import overdue_on, printed_brag
from sen_desktop.core.dates import long_date, uk_date
from sen_desktop.core.errors import ValidationError
from sen_desktop.papers.action_log_data import (
    NOT_AT_A_MEETING,
    SCHEDULE_12A_SOURCE,
    ActionLogData,
    ExemptItem,
    GroupLog,
    LogSection,
    as_at_then,
    gather,
    has_confidential,
    log_date,
    meeting_heading,
    withheld_text,
)
from sen_desktop.papers.document import (
    CellText,
    CellValue,
    PaperSetup,
    classification_for,
    shade,
    start_paper,
    title_look,
)
from sen_desktop.papers.kinds import ACTION_LOG
from sen_desktop.papers.output import PaperRecord, paper_services, publish
from sen_desktop.papers.text import add_text, sanitize

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from docx.document import Document

KIND: Final = ACTION_LOG  # papers.kinds

#: The log's columns, in order, and their widths on A4 landscape (24.7 cm of text width).
COLUMNS: Final = (
    "Ref",
    "Raised at",
    "Action",
    "Owner",
    "Due",
    "BRAG",
    "Latest update",
    "Status",
)
#: Ref, Due, BRAG and Status are wide enough for "BESD-1234", "23 September 2010",
#: "Dropped" and "In progress" at the table's type size, so no word or date breaks inside
#: them (docs/formats.md, "House style").
_WIDTHS_CM: Final = (2.4, 2.9, 4.8, 2.8, 2.9, 2.1, 4.4, 2.4)

#: BRAG fills, light enough for black text to read on every one of them.
BRAG_FILLS: Final = {
    "blue": "8DB3E2",
    "red": "FF7C80",
    "amber": "FFC000",
    "green": "92D050",
    "grey": "BFBFBF",
}


# --- the paper -----------------------------------------------------------------------


def restricted_reason(paragraphs: Iterable[int]) -> str:
    """Why the confidential version is restricted, as the header says it."""
    cited = sorted(set(paragraphs))
    if not cited:
        return "Contains exempt information"
    noun = "paragraph" if len(cited) == 1 else "paragraphs"
    numbers = ", ".join(str(n) for n in cited[:-1])
    numbers = f"{numbers} and {cited[-1]}" if numbers else str(cited[-1])
    return f"Contains exempt information under {noun} {numbers} of {SCHEDULE_12A_SOURCE}"


def _widths() -> list[Length]:
    return [Cm(w) for w in _WIDTHS_CM]


def _due_cell(action: ActionRecord, on: dt.date) -> CellText | str:
    if action.due_date is None:
        return "Not set"
    text = uk_date(action.due_date)
    if overdue_on(action.due_date, action.status, on):
        return CellText(f"{text}\nOverdue", bold=True)
    return text


def _brag_cell(action: ActionRecord, on: dt.date) -> CellText:
    code = printed_brag(action.status, action.brag, action.due_date, on)
    return CellText(PRINTED_BRAG_LABELS.get(code, code.title()), fill=BRAG_FILLS.get(code))


def _update_cell(action: ActionRecord, on: dt.date) -> str:
    """The latest update given by ``on``, then the reason given for the rating (the
    rating itself is in its own cell; a reason for a rating the log overrides, such as
    Green on an overdue action, no longer applies and is left out)."""
    parts: list[str] = []
    if action.latest_update and (action.latest_update_on is None or action.latest_update_on <= on):
        when = f"{uk_date(action.latest_update_on)}: " if action.latest_update_on else ""
        parts.append(f"{when}{action.latest_update}")
    printed = printed_brag(action.status, action.brag, action.due_date, on)
    if action.brag_comment and printed == action.brag:
        parts.append(action.brag_comment)
    return "\n".join(parts) if parts else "None yet"


def raised_text(action: ActionRecord) -> str:
    """ "SG meeting 3, minute 12 (8 September 2010)": where, then when, in full."""
    if not action.raised_short:
        return NOT_AT_A_MEETING
    if action.raised_on is None:
        return action.raised_short
    return f"{action.raised_short} ({uk_date(action.raised_on)})"


def _row(action: ActionRecord, exempt: bool, on: dt.date) -> list[CellValue]:
    raised = raised_text(action)
    if exempt:
        raised = f"{raised} (exempt)"
    return [
        CellText(action.reference, bold=True),
        raised,
        action.description,
        action.owner or "Not assigned",
        _due_cell(action, on),
        _brag_cell(action, on),
        _update_cell(action, on),
        STATUS_LABELS.get(action.status, action.status),
    ]


def _key_line() -> str:
    ratings = "; ".join(
        f"{PRINTED_BRAG_LABELS[code]} = {BRAG_MEANINGS[code]}" for code in BRAG_MEANINGS
    )
    return (
        f"BRAG ratings: {ratings}. A dropped action is shown as Dropped, unshaded. An open "
        "action past its due date is off track (Red) unless rated Amber. Overdue due dates "
        "are in bold."
    )


class _Writer:
    """Paragraphs, tables and rows with their styles' ids looked up once per paper.

    python-docx resolves a style name by walking every style in the document (about
    4 ms each): by name, a log of 10,000 actions (80,000 cells) would spend five minutes
    on it. Here the names are resolved once and each paragraph gets the id directly.

    Paragraphs and tables go straight in before the body's closing section properties:
    python-docx's ``add_paragraph``/``add_table`` search the whole body for them each
    time, which made a 100,000-action log (7,000 meetings, 21,000 body elements)
    quadratic."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._body = document._body
        self._end = document.element.body.sectPr  # new blocks go in before it
        self.ids = {name: document.styles[name].style_id for name in _STYLE_NAMES}
        self.widths = _widths()
        self._twips = [str(int(w) // 635) for w in self.widths]  # 635 EMU to the twip
        self._text_style = self.ids["Table Text"]

    def paragraph(
        self, text: str, style: str = "Normal", *, bold: bool = False, italic: bool = False
    ) -> Paragraph:
        p = OxmlElement("w:p")
        self._place(p)
        para = Paragraph(p, self._body)
        para._p.style = self.ids[style]
        if text:
            add_text(para, text, bold=bold, italic=italic)
        return para

    def heading(self, text: str, style: str) -> Paragraph:
        para = self.paragraph(text, style)
        para.paragraph_format.keep_with_next = True
        return para

    def table(self) -> Table:
        """An empty log table: the heading row, repeated on every page."""
        total = Emu(sum(int(w) for w in self.widths))
        tbl = CT_Tbl.new_tbl(1, len(COLUMNS), total)
        self._place(tbl)
        log = Table(tbl, self._body)
        log._tbl.tblStyle_val = self.ids["Paper Table"]
        log.alignment = WD_TABLE_ALIGNMENT.LEFT
        log.autofit = False
        for col, width in zip(log._tbl.tblGrid.gridCol_lst, self.widths, strict=True):
            col.w = width
        head = log.rows[0]
        tr_pr = head._tr.get_or_add_trPr()
        for tag in ("w:tblHeader", "w:cantSplit"):
            flag = OxmlElement(tag)
            if tag == "w:tblHeader":
                flag.set(qn("w:val"), "true")
            tr_pr.append(flag)
        for cell, text, width in zip(head.cells, COLUMNS, self.widths, strict=True):
            cell.width = width
            self._fill(cell, CellText(text, bold=True), "Table Heading")
        return log

    def _place(self, block: Any) -> None:
        if self._end is not None:
            self._end.addprevious(block)
        else:
            self.document.element.body.append(block)

    def row(self, log: Table, values: Sequence[CellValue]) -> None:
        """Append one row to ``log``: the XML python-docx's ``add_row().cells`` plus
        ``set_cell`` would write (a cell width, a styled paragraph, one run, a fill),
        built in one pass. ``Table.add_row`` re-finds the table grid with a search that
        grows with the table's rows (measured: 2.2 s per 1,000 rows at first, 5.8 s by
        the 4,000th), and each cell through the API costs about half a millisecond; this
        costs the same for the 10,000th row as for the first."""
        tr = _sub(log._tbl, "tr")
        for width, value in zip(self._twips, values, strict=True):
            tc = _sub(tr, "tc")
            tc_pr = _sub(tc, "tcPr")
            _sub(tc_pr, "tcW", w=width, type="dxa")
            if isinstance(value, CellText) and value.fill:
                _sub(tc_pr, "shd", val="clear", color="auto", fill=value.fill.upper())
            para = _sub(tc, "p")
            _sub(_sub(para, "pPr"), "pStyle", val=self._text_style)
            text = sanitize(value.text if isinstance(value, CellText) else value)
            if text:
                _runs(para, text, bold=isinstance(value, CellText) and value.bold)

    def _fill(self, cell: _Cell, value: CellValue, style: str) -> None:
        para = cell.paragraphs[0]
        para._p.style = self.ids[style]
        text = value.text if isinstance(value, CellText) else value
        emphasis = isinstance(value, CellText) and value.bold
        if text:
            add_text(para, text, bold=emphasis)
        if isinstance(value, CellText) and value.fill:
            shade(cell, value.fill)


_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE: Final = "{http://www.w3.org/XML/1998/namespace}space"


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    """A new ``w:<tag>`` child at the end of ``parent``, with ``w:`` attributes."""
    child = etree.SubElement(parent, f"{{{_W}}}{tag}")
    for name, value in attrs.items():
        child.set(f"{{{_W}}}{name}", value)
    return child


def _runs(para: Any, text: str, *, bold: bool) -> None:
    """``text`` (already sanitized) as one run: "\n" a line break, "\t" a tab."""
    run = _sub(para, "r")
    if bold:
        _sub(_sub(run, "rPr"), "b")
    for n, line in enumerate(text.split("\n")):
        if n:
            _sub(run, "br")
        for m, part in enumerate(line.split("\t")):
            if m:
                _sub(run, "tab")
            if part:
                piece = _sub(run, "t")
                piece.text = part
                if part != part.strip():
                    piece.set(_XML_SPACE, "preserve")


_STYLE_NAMES: Final = (
    "Normal",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Table Text",
    "Table Heading",
    "Paper Table",
)


def render_action_log(
    data: ActionLogData, authority: str, data_dir: Path | None = None, version: int = 1
) -> Document:
    """The paper for ``data`` (see ``gather``), landscape, in the house style."""
    setup = PaperSetup(
        authority=authority,
        classification=classification_for(data.confidential),
        classification_reason=(
            restricted_reason(data.exempt_paragraphs) if data.confidential else ""
        ),
        reference=data.reference,
        version=version,
        title=data.title,
        date=data.as_at,
    )
    document = start_paper("landscape", setup, data_dir)
    out = _Writer(document)
    title_look(out.paragraph(data.title, "Heading 1"))  # the outline starts here
    out.paragraph(f"As at {long_date(data.as_at)}.")
    out.paragraph(_key_line())
    for group_log in data.groups:
        # The outline: the title (level 1), each group (2), each meeting (3).
        out.heading(group_log.group.name, "Heading 2")
        if not group_log.sections:
            out.paragraph("No actions have been recorded for this group.")
            continue
        for section in group_log.sections:
            out.heading(section.title, "Heading 3")
            if section.rows:
                log = out.table()
                for action in section.rows:
                    exempt = (action.agenda_item_id or "") in data.exempt_item_ids
                    out.row(log, _row(action, exempt, data.as_at))
            elif not section.withheld:
                out.paragraph("No actions.")
            for item, count in section.withheld:
                out.paragraph(withheld_text(item, count), italic=True)
    return document


def action_log_paper(
    services: Any,
    group_id: str | None,
    out_path: Path | str,
    confidential: bool = False,
    by: str = "",
    *,
    data_dir: Path | None = None,
    as_at: dt.date | None = None,
) -> PaperRecord:
    """Write the action log of ``group_id`` (None: every group) to ``out_path`` and record
    it, as at ``as_at`` (by default the last meeting held, ``log_date``). Raises
    ValidationError for a confidential version of a log with no confidential actions,
    PaperWriteError when the file cannot be written (nothing recorded, any existing file
    intact)."""
    ps = paper_services(services)
    data = gather(ps, group_id, confidential, as_at)
    if confidential and not data.exempt_item_ids:
        which = f"the {data.groups[0].group.name}" if group_id is not None else "any group"
        raise ValidationError(
            f"No action of {which} was raised at a confidential item, so its action log "
            "has only a public version.",
            field="confidential",
        )
    document = render_action_log(data, ps.authority(), data_dir)
    return publish(
        document,
        Path(out_path),
        ps.registry,
        kind=KIND,
        reference=data.reference,
        title=data.title,
        confidential=confidential,
        by=by,
    )


__all__ = [
    "BRAG_FILLS",
    "COLUMNS",
    "KIND",
    "ActionLogData",
    "ExemptItem",
    "GroupLog",
    "LogSection",
    "action_log_paper",
    "gather",
    "as_at_then",
    "has_confidential",
    "log_date",
    "meeting_heading",
    "raised_text",
    "render_action_log",
    "restricted_reason",
    "withheld_text",
]
