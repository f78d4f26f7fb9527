"""The Meetings page's widgets and their layout: the filters and the list of meetings
above, the chosen meeting below (its details and buttons, its agenda beside its
attendance and declarations), and the page shown before any meeting exists.

Built here so ``page.py`` reads as what the page does; the page connects the buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sen_desktop.gui.common.widgets import at_least_rows, label, page_layout, record_table
from sen_desktop.gui.meetings.models import MeetingListModel
from sen_desktop.gui.meetings.sections import AgendaSection, AttendanceSection, DeclarationSection

WHEN_CHOICES = (("All meetings", "all"), ("Upcoming", "upcoming"), ("Past", "past"))

EMPTY_TEXT = (
    "Schedule the first meeting of a group: choose the group, the date, the times and the "
    "venue. Every meeting starts with the standard agenda, and the members expected come "
    "from the group's seats on the day."
)


class MeetingsView(QWidget):
    """The widgets of ``MeetingsPage``, laid out; no data and no behaviour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = label("Meetings", role="heading")
        self.group_combo = QComboBox()
        self.group_combo.setAccessibleName("Show meetings of")
        self.group_combo.addItem("All groups", None)
        self.group_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.group_combo.setMinimumContentsLength(18)
        self.group_label = label("Group:")  # every letter is a menu's (Alt+O is Go)
        self.group_label.setBuddy(self.group_combo)
        self.when_combo = QComboBox()
        self.when_combo.setAccessibleName("Which meetings")
        for text, when in WHEN_CHOICES:
            self.when_combo.addItem(text, when)
        self.when_label = label("Sho&w:")
        self.when_label.setBuddy(self.when_combo)
        self.schedule_button = QPushButton("S&chedule meeting…")
        self.schedule_button.setAccessibleName("Schedule a meeting")

        self.list_model = MeetingListModel(self)
        self.list_table = record_table("Meetings")
        self.list_table.setModel(self.list_model)
        self.list_table.setWordWrap(False)
        self.list_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.list_table.verticalHeader().setDefaultSectionSize(
            self.list_table.fontMetrics().height() + 10
        )
        header = self.list_table.horizontalHeader()
        header.setSectionResizeMode(header.ResizeMode.Interactive)
        for column, width in ((0, 120), (1, 90), (2, 50)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.list_note = label("", role="facts", wrap=True)

        # Labels that show a value are described, not named: a screen reader reads a
        # label's accessible name instead of its text.
        self.title = label("", role="subheading")
        self.title.setAccessibleDescription("Meeting")
        self.facts = label("", role="facts", wrap=True)
        self.facts.setAccessibleDescription("Date, venue and status")
        self.message = label("", role="error", wrap=True)
        self.message.setAccessibleDescription("Problem")
        self.edit_button = QPushButton("E&dit details…")
        self.edit_button.setAccessibleName("Edit the meeting's date, times and venue")
        self.status_button = QPushButton("Mark as held")
        self.status_button.setAccessibleName("Move the meeting to its next status")
        self.confirm_button = QPushButton("Confirm previous minutes")  # its letters are taken
        self.confirm_button.setAccessibleName("Confirm the previous meeting's minutes")
        self.minutes_button = QPushButton("&Minutes")
        self.minutes_button.setAccessibleName("Open the minutes of this meeting")
        self.cancel_button = QPushButton("Cancel meeting…")
        self.cancel_button.setAccessibleName("Cancel this meeting")

        self.agenda = AgendaSection()
        self.attendance = AttendanceSection()
        self.declarations = DeclarationSection()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.attendance, "Attendance")
        self.tabs.addTab(self.declarations, "Declarations")
        self.tabs.setAccessibleName("Attendance and declarations")
        self.tabs.tabBar().setAccessibleName("Attendance and declarations")

        self.empty_heading = label("No meetings yet", role="subheading")
        self.empty_text = label(EMPTY_TEXT, role="facts", wrap=True)
        self.empty_text.setAccessibleDescription("No meetings yet")
        self.empty_button = QPushButton("Schedule meeting…")
        self.empty_button.setAccessibleName("Schedule the first meeting")
        # The one thing to do on an empty page: large and bold, not coloured alone.
        self.empty_button.setStyleSheet("QPushButton { padding: 8px 20px; font-weight: 600; }")

        self._layout()

    # --- layout ------------------------------------------------------------------------

    def _layout(self) -> None:
        layout = page_layout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.schedule_button)
        layout.addLayout(top)

        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.facts)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.minutes_button, self.status_button,
                       self.confirm_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addWidget(self.message)
        sections = QSplitter(Qt.Orientation.Horizontal)
        sections.setChildrenCollapsible(False)
        sections.addWidget(self.agenda)
        sections.addWidget(self.tabs)
        sections.setStretchFactor(0, 11)
        sections.setStretchFactor(1, 9)
        sections.setSizes([530, 410])
        column.addWidget(sections, 1)
        self.sections = sections
        # Side by side where they fit; one above the other on a narrow window, so the
        # chosen meeting scrolls down only (it scrolled both ways at 1280 wide).
        self.detail = detail
        # The detail scrolls rather than forcing the whole window wide or tall.
        detail_scroll = QScrollArea()
        detail_scroll.setWidget(detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setMinimumWidth(320)
        detail_scroll.setAccessibleName("Chosen meeting")
        # Its controls take the focus (and it scrolls to them); it needs none itself.
        detail_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._detail_viewport = detail_scroll.viewport()
        self._detail_viewport.installEventFilter(self)

        listing = QWidget()
        list_column = QVBoxLayout(listing)
        list_column.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        for widget in (self.group_label, self.group_combo, self.when_label, self.when_combo):
            filters.addWidget(widget)
        filters.addStretch(1)
        list_column.addLayout(filters)
        list_column.addWidget(self.list_table, 1)
        list_column.addWidget(self.list_note)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(listing)
        self.splitter.addWidget(detail_scroll)
        self.splitter.setStretchFactor(1, 1)
        # Eight meetings in view however small the screen (four showed at 1366×768); the
        # chosen meeting scrolls below, its agenda and attendance eight rows tall each.
        list_height = at_least_rows(self.list_table)
        for table in (self.agenda.table, self.attendance.table):
            at_least_rows(table)
        self.splitter.setSizes([list_height + 40, 530])

        empty = QWidget()
        empty_column = QVBoxLayout(empty)
        empty_column.setContentsMargins(0, 32, 0, 0)
        empty_column.setSpacing(12)
        empty_column.addWidget(self.empty_heading)
        self.empty_text.setMaximumWidth(620)
        empty_column.addWidget(self.empty_text)
        empty_row = QHBoxLayout()
        empty_row.addWidget(self.empty_button)
        empty_row.addStretch(1)
        empty_column.addLayout(empty_row)
        empty_column.addStretch(1)
        self.empty_state = empty

        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(empty)
        layout.addWidget(self.stack, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
        if watched is self._detail_viewport and event.type() == QEvent.Type.Resize:
            self._arrange_sections(self._detail_viewport.width())
        return False

    def _arrange_sections(self, width: int) -> None:
        side_by_side = (
            self.agenda.minimumSizeHint().width() + self.tabs.minimumSizeHint().width()
            + self.sections.handleWidth() + 8
        )
        wanted = (Qt.Orientation.Horizontal if width >= side_by_side
                  else Qt.Orientation.Vertical)
        if self.sections.orientation() != wanted:
            self.sections.setOrientation(wanted)
            self.sections.setSizes([530, 410] if wanted == Qt.Orientation.Horizontal
                                   else [400, 400])

