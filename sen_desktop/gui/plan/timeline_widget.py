"""The Action Plan as a timeline: one row per milestone, a bar on a month axis.

``TimelineView`` is a QListView that paints its rows itself. Being a list view it
keeps what a list gives for free: the arrow keys, Home/End and Page Up/Down move the
selection, Enter emits ``activated``, typing a letter jumps to a period, and screen
readers read each row through the model's AccessibleTextRole (period, action, status,
dates, owner and links, in words). The painting adds the chart:

- a label column on the left (period, status word with its swatch, action elided)
  that stays put while the chart scrolls sideways;
- a month axis ("Sep 2010") with the year boundaries drawn heavier and the year named;
- a bar per milestone whose fill says its status twice over, in a pattern and in the
  word beside it: solid for on track and done, hatched for at risk, cross-hatched with
  a heavy border for late, an outline for not started;
- a "Today" line, or, when today lies far outside the plan (the 2010 plan seen in
  2026), a marker "Today (28 November 2026) →" at the edge rather than an axis years
  wide.

The axis fits the window by default; + and − zoom (the chart then scrolls sideways
with ← and →) and 0 fits it again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from sen_desktop.gui.plan.timeline_axis import TimelineAxis
from sen_desktop.gui.plan.timeline_model import (
    AXIS_HEIGHT,
    BAR_HEIGHT,
    BAR_STYLES,
    GRID,
    INK,
    LABEL_WIDTH,
    MAX_MONTH_WIDTH,
    MIN_MONTH_WIDTH,
    MUTED,
    RIGHT_PAD,
    ROW_ALT,
    ROW_HEIGHT,
    SELECTED,
    SELECTED_EDGE,
    TODAY,
    YEAR_LINE,
    YEAR_ROW_LINE,
    ZOOM_STEP,
    Index,
    MonthScale,
    TimelineModel,
    paint_swatch,
    today_marker_text,
)

__all__ = ["LABEL_WIDTH", "TimelineView"]


class _RowSize(QStyledItemDelegate):
    """Every row is as wide as the chart and ROW_HEIGHT high; the view paints them."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(self._view.content_width(), ROW_HEIGHT)


class TimelineView(QListView):
    """Milestones as bars on a month axis; the rows are the list's items."""

    #: The width of a month changed (zoom, fit, or a resize while fitted).
    zoom_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = dt.date.today()
        self._scale = MonthScale.covering((), self._today)
        self._month_width = 40.0
        self._fit = True
        self._axis = TimelineAxis(self)
        self.setAccessibleName("Action Plan timeline")
        self.setAccessibleDescription(
            "One row per milestone: its period, status and action, and a bar on a month "
            "axis. Up and Down choose a milestone, Enter edits it; plus and minus zoom."
        )
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setMouseTracking(True)
        self.setItemDelegate(_RowSize(self))
        self.setViewportMargins(0, AXIS_HEIGHT, 0, 0)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self._axis.update())

    # --- what it shows -----------------------------------------------------------------

    def timeline_model(self) -> TimelineModel:
        model = self.model()
        assert isinstance(model, TimelineModel)
        return model

    def set_today(self, today: dt.date) -> None:
        self._today = today
        self._rescale()

    def today(self) -> dt.date:
        return self._today

    def scale(self) -> MonthScale:
        return self._scale

    def rows_changed(self) -> None:
        """Call after the model's milestones change: the axis follows their range."""
        self._rescale()

    def _rescale(self) -> None:
        model = self.model()
        milestones = model.milestones() if isinstance(model, TimelineModel) else ()
        self._scale = MonthScale.covering(milestones, self._today)
        self._refit()

    # --- zoom ----------------------------------------------------------------------------

    def month_width(self) -> float:
        return self._month_width

    def zoom(self, factor: float) -> None:
        """Widen (factor > 1) or narrow the months; the chart scrolls when wider."""
        self._fit = False
        width = min(MAX_MONTH_WIDTH, max(MIN_MONTH_WIDTH, self._month_width * factor))
        self._set_month_width(max(width, self._fitting_width()))

    def fit(self) -> None:
        """Fit the whole plan into the width of the view."""
        self._fit = True
        self._refit()

    def can_zoom_in(self) -> bool:
        return self._month_width < MAX_MONTH_WIDTH

    def can_zoom_out(self) -> bool:
        return not self._fit and self._month_width > self._fitting_width() + 0.5

    def _fitting_width(self) -> float:
        room = self.viewport().width() - LABEL_WIDTH - RIGHT_PAD
        return max(MIN_MONTH_WIDTH, room / max(1, self._scale.months))

    def _refit(self) -> None:
        if self._fit:
            self._set_month_width(min(MAX_MONTH_WIDTH, self._fitting_width()))
        else:
            self._set_month_width(max(self._month_width, self._fitting_width()))

    def _set_month_width(self, width: float) -> None:
        changed = abs(width - self._month_width) > 0.01
        self._month_width = width
        if changed:
            self.zoom_changed.emit()
        self.scheduleDelayedItemsLayout()
        self.viewport().update()
        self._axis.update()

    def content_width(self) -> int:
        return int(LABEL_WIDTH + self._scale.months * self._month_width + RIGHT_PAD)

    # --- geometry ------------------------------------------------------------------------

    def chart_x(self, months: float) -> float:
        """Viewport x of a point ``months`` from the axis start."""
        return LABEL_WIDTH + months * self._month_width - self.horizontalOffset()

    def bar_rect(self, row: int) -> QRectF:
        """Where the bar of ``row`` is drawn, in viewport coordinates."""
        m = self.timeline_model().record(row)
        rect = self.visualRect(self.model().index(row, 0))
        if m is None:
            return QRectF()
        left = self.chart_x(self._scale.position(m.period_start))
        right = self.chart_x(self._scale.end_position(m.period_end))
        top = rect.top() + (rect.height() - BAR_HEIGHT) / 2
        return QRectF(left, top, max(4.0, right - left), BAR_HEIGHT)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        area = self.viewport().geometry()
        self._axis.setGeometry(area.left(), area.top() - AXIS_HEIGHT, area.width(), AXIS_HEIGHT)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        # The label column stays while the chart scrolls, so repaint rather than shift
        # the pixels as QListView would.
        self.viewport().update()
        self._axis.update()

    # --- keys ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text()
        if text in ("+", "="):
            self.zoom(ZOOM_STEP)
        elif text in ("-", "−"):
            self.zoom(1 / ZOOM_STEP)
        elif text == "0":
            self.fit()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            bar = self.horizontalScrollBar()
            step = max(20, int(self._month_width))
            bar.setValue(bar.value() + (step if key == Qt.Key.Key_Right else -step))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # --- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.viewport().width(), self.viewport().height()
        painter.fillRect(0, 0, width, height, self.palette().base())
        model = self.model()
        if not isinstance(model, TimelineModel) or model.rowCount() == 0:
            painter.setPen(MUTED)
            painter.drawText(
                QRect(0, 0, width, height).adjusted(16, 16, -16, -16),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                | int(Qt.TextFlag.TextWordWrap),
                "No milestones yet. Add one with Plan › Add milestone…",
            )
            painter.end()
            return
        rows = [
            (row, self.visualRect(model.index(row, 0)))
            for row in range(model.rowCount())
        ]
        visible = [(row, rect) for row, rect in rows if rect.bottom() >= 0 and rect.top() <= height]
        for row, rect in visible:
            self._paint_row_back(painter, row, QRect(0, rect.top(), width, rect.height()))
        bottom = min(height, rows[-1][1].bottom() + 1)
        painter.save()
        painter.setClipRect(QRect(LABEL_WIDTH, 0, width - LABEL_WIDTH, height))
        self._paint_grid(painter, bottom)
        self._paint_today_line(painter, bottom)  # under the bars and their words
        for row, _rect in visible:
            self._paint_bar(painter, row)
        painter.restore()
        for row, rect in visible:
            self._paint_label(painter, row, rect)
        painter.setPen(QPen(YEAR_LINE, 1))
        painter.drawLine(LABEL_WIDTH, 0, LABEL_WIDTH, bottom)
        painter.end()

    def _paint_row_back(self, painter: QPainter, row: int, rect: QRect) -> None:
        index = self.model().index(row, 0)
        selected = self.selectionModel() is not None and self.selectionModel().isSelected(index)
        if selected:
            painter.fillRect(rect, SELECTED)
            painter.fillRect(QRect(rect.left(), rect.top(), 5, rect.height()), SELECTED_EDGE)
        elif row % 2:
            painter.fillRect(rect, ROW_ALT)
        if selected and self.hasFocus() and self.currentIndex() == index:
            pen = QPen(SELECTED_EDGE, 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))

    def _paint_label(self, painter: QPainter, row: int, rect: QRect) -> None:
        m = self.timeline_model().record(row)
        if m is None:
            return
        index = self.model().index(row, 0)
        selected = self.selectionModel() is not None and self.selectionModel().isSelected(index)
        back, status_ink, period_ink, action_ink = self._label_colours(row)
        area = QRect(0, rect.top(), LABEL_WIDTH, rect.height())
        painter.fillRect(area, back)
        if selected:
            painter.fillRect(QRect(0, rect.top(), 5, rect.height()), SELECTED_EDGE)
        left, right = 14, LABEL_WIDTH - 12
        bold = QFont(self.font())
        bold.setBold(True)
        # The status on the right of the first line: its swatch and its word.
        status = m.shown_status_label
        metrics = QFontMetrics(bold)
        word_width = metrics.horizontalAdvance(status)
        word_left = right - word_width
        swatch = QRectF(word_left - 20, rect.top() + 7, 14, 12)
        paint_swatch(painter, swatch, m.shown_status)
        painter.setFont(bold)
        painter.setPen(status_ink)
        painter.drawText(
            QRect(word_left, rect.top() + 3, word_width + 2, 20),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            status,
        )
        painter.setPen(period_ink)
        period_room = int(swatch.left()) - 10 - left
        painter.drawText(
            QRect(left, rect.top() + 3, period_room, 20),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(m.period, Qt.TextElideMode.ElideRight, period_room),
        )
        painter.setFont(self.font())
        painter.setPen(action_ink)
        action = " ".join(m.action.split())
        plain = QFontMetrics(self.font())
        painter.drawText(
            QRect(left, rect.top() + 21, right - left, 19),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            plain.elidedText(action, Qt.TextElideMode.ElideRight, right - left),
        )

    def _label_colours(self, row: int) -> tuple[QColor, QColor, QColor, QColor]:
        """(background, status word, period, action) of a row's label: one place, so
        painting and ``painted_text_colours`` cannot disagree."""
        m = self.timeline_model().record(row)
        index = self.model().index(row, 0)
        selected = self.selectionModel() is not None and self.selectionModel().isSelected(index)
        back = SELECTED if selected else (ROW_ALT if row % 2 else self.palette().base().color())
        late = m is not None and m.late
        status_ink = QColor(BAR_STYLES[m.shown_status].colour) if m is not None and late else INK
        return back, status_ink, INK, MUTED

    def painted_text_colours(self) -> list[tuple[str, QColor, QColor]]:
        """(what, ink, background) of the text on the rows in view, for checking contrast:
        this view paints its own rows, so no palette or model says what they look like."""
        model = self.timeline_model()
        found = []
        for row in range(model.rowCount()):
            rect = self.visualRect(model.index(row, 0))
            if rect.bottom() < 0 or rect.top() > self.viewport().height():
                continue
            back, status, period, action = self._label_colours(row)
            m = model.record(row)
            name = m.period if m is not None else str(row + 1)
            found += [(f"{name} status", status, back), (f"{name} period", period, back),
                      (f"{name} action", action, back)]
            bar_ink = status if m is not None and m.late else INK
            found.append((f"{name} bar's word", bar_ink, back))  # the row's colour runs on
        return found

    def _paint_grid(self, painter: QPainter, bottom: int) -> None:
        for offset in range(self._scale.months + 1):
            x = self.chart_x(offset)
            january = (self._scale.first + offset) % 12 == 0
            painter.setPen(QPen(YEAR_ROW_LINE if january else GRID, 2 if january else 1))
            painter.drawLine(QPointF(x, 0), QPointF(x, bottom))

    def _paint_bar(self, painter: QPainter, row: int) -> None:
        m = self.timeline_model().record(row)
        if m is None:
            return
        bar = self.bar_rect(row)
        paint_swatch(painter, bar, m.shown_status)
        bold = QFont(self.font())
        bold.setBold(m.late)
        painter.setFont(bold)
        style = BAR_STYLES[m.shown_status]
        painter.setPen(QColor(style.colour) if m.late else INK)
        word = m.shown_status_label
        width = QFontMetrics(bold).horizontalAdvance(word)
        x = bar.right() + 6
        if x + width > self.viewport().width() - 2:  # no room after the bar: before it
            x = bar.left() - 6 - width
        painter.drawText(
            QRectF(x, bar.top() - 4, width + 2, bar.height() + 8),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            word,
        )
        painter.setFont(self.font())

    def _paint_today_line(self, painter: QPainter, bottom: int) -> None:
        if self._scale.today_side(self._today) != 0:
            return
        x = self.chart_x(self._scale.position(self._today))
        painter.setPen(QPen(TODAY, 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, 0), QPointF(x, bottom))

    def today_marker_text(self) -> str:
        """"Today", or "Today (28 November 2026) →" when today is beyond the axis."""
        return today_marker_text(self._scale, self._today)

    # --- selection repaint ---------------------------------------------------------------

    def currentChanged(self, current: Index, previous: Index) -> None:
        super().currentChanged(current, previous)
        self.viewport().update()

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self.viewport().update()
