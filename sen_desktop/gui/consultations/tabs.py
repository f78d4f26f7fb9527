"""The chosen consultation's three tabs on the consultations page, and what they show.

- ``DetailsTab``: purpose, audiences, dates, documents consulted on and events, in words
  (``details_html``), with the buttons that add and remove documents and events;
- ``ResponsesTab``: the responses' table, the row of fields that records the next one
  (gui/consultations/entry.py) and Import responses from CSV…;
- ``ThemesTab``: the themes with their counts and what each led to, the box that adds a
  theme, "You said, we did…", and the responses counted by audience, district and theme
  (``counts_html``).

The tabs only lay their controls out; the page connects and drives them. Made in the
order they sit, so Tab reads them left to right, top to bottom.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.core.dates import uk_date
from sen_desktop.gui.common.tables import columns_to_contents
from sen_desktop.gui.common.widgets import choose_on_focus, label, reading_pane, record_table
from sen_desktop.gui.consultations.entry import ResponseEntry
from sen_desktop.gui.consultations.models import ResponseTableModel, ThemeTableModel

if TYPE_CHECKING:
    import datetime as dt

    from sen_desktop.core.consultations.analysis import Analysis
    from sen_desktop.core.consultations.records import ConsultationDetail
    from sen_desktop.gui.common.models import RecordTableModel


def buttons_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _table(name: str, model: RecordTableModel[object], stretch: int) -> QTableView:
    table = choose_on_focus(record_table(name))
    table.setModel(model)
    columns_to_contents(table, stretch=stretch)
    return table


class DetailsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = reading_pane("Consultation details")
        self.document_button = QPushButton("Add &document consulted on…")
        self.event_button = QPushButton("Add e&vent…")
        self.unlink_button = QPushButton("Re&move a document or event…")
        layout = QVBoxLayout(self)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons_row(self.document_button, self.event_button,
                                     self.unlink_button))


class ResponsesTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ResponseTableModel(self)
        self.table = _table("Responses", self.model, 7)  # type: ignore[arg-type]
        self.entry = ResponseEntry()
        self.import_button = QPushButton("&Import responses from CSV…")
        self.remove_button = QPushButton("&Remove response")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.entry)
        layout.addLayout(buttons_row(self.import_button, self.remove_button))


class ThemesTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ThemeTableModel(self)
        self.table = _table("Themes", self.model, 2)  # type: ignore[arg-type]
        self.new_theme = QLineEdit()
        self.new_theme.setAccessibleName("New theme")
        self.new_theme.setPlaceholderText("a theme the responses raise; Enter adds it")
        theme_label = QLabel("New t&heme:")
        theme_label.setBuddy(self.new_theme)
        self.change_button = QPushButton("&You said, we did…")
        self.problem = label("", role="error", wrap=True)
        self.problem.hide()
        self.counts = reading_pane("Responses counted by audience, district and theme")
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        adding = QHBoxLayout()
        adding.addWidget(theme_label)
        adding.addWidget(self.new_theme, 1)
        adding.addWidget(self.change_button)
        left.addLayout(adding)
        left.addWidget(self.problem)
        layout.addLayout(left, 3)
        layout.addWidget(self.counts, 2)


def details_html(detail: ConsultationDetail, today: dt.date) -> str:
    """The Details tab: purpose, audiences, dates, documents and events, in words."""
    e = html.escape
    summary = detail.summary
    parts = [
        f"<p><b>{e(summary.state_words(today))}.</b> {e(summary.dates)}. "
        f"Run by the {e(detail.group_name)}.</p>",
        f"<p><b>Audiences:</b> {e(summary.audience_text)}.</p>",
        f"<p><b>Purpose:</b> {e(detail.purpose) or 'not yet said'}</p>",
        "<p><b>Documents consulted on:</b></p>",
    ]
    if detail.documents:
        parts.append("<ol>" + "".join(f"<li>{e(d.words)}</li>" for d in detail.documents)
                     + "</ol>")
    else:
        parts.append("<p>None yet.</p>")
    parts.append("<p><b>Events:</b></p>")
    if detail.events:
        parts.append("<ul>" + "".join(
            f"<li>{e(uk_date(ev.date))}, {e(ev.venue)}"
            f"{', ' + e(ev.district) if ev.district else ''}: {e(ev.attendance_words)}</li>"
            for ev in detail.events) + "</ul>")
    else:
        parts.append("<p>None yet.</p>")
    return "".join(parts)


def counts_html(counts: Analysis) -> str:
    """The counts by audience, district and theme, as three small tables."""
    e = html.escape
    events = ""
    if counts.events:
        several = counts.events != 1
        events = (f"; {counts.events} event{'s' if several else ''}, {counts.attendance} "
                  f"people counted at {'them' if several else 'it'}")
    parts = [f"<p><b>{counts.total} response{'s' if counts.total != 1 else ''}</b>"
             f"{events}.</p>"]
    for heading, rows in (("By audience", counts.by_audience),
                          ("By district", counts.by_district),
                          ("By theme", counts.by_theme)):
        parts.append(f"<p><b>{heading}</b></p><table cellpadding='2'>")
        parts.extend(f"<tr><td>{e(c.label)}</td><td align='right'>{c.count}</td>"
                     f"<td align='right'>{c.percent}</td></tr>" for c in rows)
        parts.append("</table>")
    return "".join(parts)


__all__ = ["DetailsTab", "ResponsesTab", "ThemesTab", "buttons_row", "counts_html",
           "details_html"]
