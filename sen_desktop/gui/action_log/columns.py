"""The Action Log table's columns: each fits its longest usual text, the Action column
takes the rest, and on a narrow window the columns the Details pane repeats go first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetrics

from sen_desktop.core.actions.records import STATUS_LABELS
from sen_desktop.gui.action_log.model import ActionLogModel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

#: What each column must show in full, measured in the table's font (the Action column
#: takes the rest). Bold where the model shows it bold; the header is bold too.
_SAMPLES = {
    ActionLogModel.REF: "BESD-999",
    ActionLogModel.GROUP: "Group",
    ActionLogModel.RAISED: "BESD meeting 12, minute 105",
    ActionLogModel.OWNER: "Christopher Richards",
    ActionLogModel.DUE: "30 Sept 2011 (overdue)",
    ActionLogModel.BRAG: "Amber",
    ActionLogModel.STATUS: max(STATUS_LABELS.values(), key=len),
    ActionLogModel.LATEST: "4 Jul 2011: Agreed with the headteachers",
}
#: The Action column never narrower than this many average characters.
_ACTION_CHARACTERS = 44
#: Columns given up, in this order, when the window is too narrow for all of them: the
#: Details pane below shows each in full (the group is also the reference's prefix).
_OPTIONAL = (ActionLogModel.LATEST, ActionLogModel.GROUP, ActionLogModel.RAISED)


def column_widths(table: QTableView, available: int) -> tuple[dict[int, int], set[int]]:
    """Widths for the Action Log's columns in ``available`` pixels, and the columns to
    hide: every column fits its longest usual text and the Action column gets the rest."""
    bold = QFont(table.font())
    bold.setBold(True)
    metrics, bold_metrics = QFontMetrics(table.font()), QFontMetrics(bold)
    cell_padding, header_padding = 14, 12 + 18  # the header's own padding and sort arrow
    widths = {}
    for column, sample in _SAMPLES.items():
        font = bold_metrics if column == ActionLogModel.DUE else metrics  # overdue is bold
        heading = str(ActionLogModel.headers[column])
        widths[column] = max(font.horizontalAdvance(sample) + cell_padding,
                             bold_metrics.horizontalAdvance(heading) + header_padding)
    widths[ActionLogModel.BRAG] += 22  # the swatch
    action = metrics.averageCharWidth() * _ACTION_CHARACTERS
    hidden: set[int] = set()
    for column in _OPTIONAL:
        if sum(widths.values()) + action <= available:
            break
        hidden.add(column)
        del widths[column]
    # Narrower still (a small screen at 125 %): long owners' names are cut before the
    # action is (the Details pane names the owner in full).
    short_owner = metrics.averageCharWidth() * 14 + cell_padding
    over = sum(widths.values()) + action - available
    if over > 0:
        widths[ActionLogModel.OWNER] = max(short_owner, widths[ActionLogModel.OWNER] - over)
    return widths, hidden
