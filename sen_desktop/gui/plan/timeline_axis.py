"""The month axis above the Action Plan's timeline: column titles over the labels, the
months and years over the chart, and the "Today" marker; scrolled with the chart.

Split from gui/plan/timeline_widget.py (the view that owns it and the chart's scale).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from sen_desktop.gui.plan.timeline_model import (
    AXIS_BACK,
    AXIS_HEIGHT,
    INK,
    LABEL_WIDTH,
    TODAY,
    YEAR_LINE,
    month_label,
)

if TYPE_CHECKING:
    from sen_desktop.gui.plan.timeline_widget import TimelineView


class TimelineAxis(QWidget):
    """The month axis above the rows, scrolled with the chart."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self._view = view
        self.setFixedHeight(AXIS_HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint(painter, self.width())
        painter.end()

    def _paint(self, painter: QPainter, width: int) -> None:
        """The axis strip: column titles over the labels, months and years over the chart."""
        painter.fillRect(0, 0, width, AXIS_HEIGHT, AXIS_BACK)
        painter.setPen(QPen(QColor("#d0d5db"), 1))
        painter.drawLine(0, AXIS_HEIGHT - 1, width, AXIS_HEIGHT - 1)
        bold = QFont(self._view.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(INK)
        painter.drawText(
            QRect(14, AXIS_HEIGHT // 2, LABEL_WIDTH - 26, AXIS_HEIGHT // 2),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            "Period and action",
        )
        painter.drawText(
            QRect(14, AXIS_HEIGHT // 2, LABEL_WIDTH - 26, AXIS_HEIGHT // 2),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            "Status",
        )
        painter.save()
        painter.setClipRect(QRect(LABEL_WIDTH, 0, width - LABEL_WIDTH, AXIS_HEIGHT))
        self._paint_months(painter)
        self._paint_today_marker(painter, width)
        painter.restore()
        painter.setPen(QPen(YEAR_LINE, 1))
        painter.drawLine(LABEL_WIDTH, 0, LABEL_WIDTH, AXIS_HEIGHT)

    def _paint_months(self, painter: QPainter) -> None:
        plain = QFont(self._view.font())
        bold = QFont(self._view.font())
        bold.setBold(True)
        label_width = QFontMetrics(bold).horizontalAdvance("Sep 2010") + 10
        # Label every month if they fit, else every 2nd, 3rd, 6th or 12th, on the calendar.
        every = next(
            (k for k in (1, 2, 3, 6) if k * self._view.month_width() >= label_width), 12
        )
        half = AXIS_HEIGHT // 2
        for offset in range(self._view.scale().months + 1):
            index = self._view.scale().first + offset
            x = self._view.chart_x(offset)
            january = index % 12 == 0
            if january or offset == 0:
                painter.setPen(QPen(YEAR_LINE, 2 if january else 1))
                painter.drawLine(QPointF(x, 2), QPointF(x, AXIS_HEIGHT))
            else:
                painter.setPen(QPen(YEAR_LINE, 1))
                painter.drawLine(QPointF(x, AXIS_HEIGHT - 8), QPointF(x, AXIS_HEIGHT))
            if offset < self._view.scale().months and index % every == 0:
                painter.setFont(bold if january else plain)
                painter.setPen(INK)
                painter.drawText(
                    QRectF(x + 4, half, label_width, half),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    month_label(index),
                )
        self._paint_years(painter, half)
        painter.setFont(plain)

    def _paint_years(self, painter: QPainter, height: int) -> None:
        """Each year named at its start, and kept in view at the left while its months
        are scrolled past (pushed out by the next year's name)."""
        bold = QFont(self._view.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(INK)
        width = QFontMetrics(bold).horizontalAdvance("2010") + 10
        first_year, last_year = self._view.scale().first // 12, self._view.scale().last // 12
        for year in range(first_year, last_year + 1):
            start = max(0, year * 12 - self._view.scale().first)
            end = min(self._view.scale().months, (year + 1) * 12 - self._view.scale().first)
            x = max(self._view.chart_x(start), float(LABEL_WIDTH)) + 5
            x = min(x, self._view.chart_x(end) - width)
            painter.drawText(QRectF(x, 2, width, height - 2),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             str(year))

    def _paint_today_marker(self, painter: QPainter, width: int) -> None:
        side = self._view.scale().today_side(self._view.today())
        text = self._view.today_marker_text()
        bold = QFont(self._view.font())
        bold.setBold(True)
        painter.setFont(bold)
        metrics = QFontMetrics(bold)
        box_width = metrics.horizontalAdvance(text) + 12
        if side == 0:
            x = self._view.chart_x(self._view.scale().position(self._view.today()))
            box = QRectF(x - box_width / 2, 2, box_width, AXIS_HEIGHT // 2 - 3)
            # A pointer down to the line, clear of the month names.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TODAY)
            painter.drawPolygon([QPointF(x - 5, box.bottom()), QPointF(x + 5, box.bottom()),
                                 QPointF(x, box.bottom() + 5)])
            painter.setPen(QPen(TODAY, 2))
            painter.drawLine(QPointF(x, AXIS_HEIGHT - 6), QPointF(x, AXIS_HEIGHT))
        elif side > 0:
            box = QRectF(width - box_width - 4, 2, box_width, AXIS_HEIGHT // 2 - 3)
        else:
            box = QRectF(LABEL_WIDTH + 4, 2, box_width, AXIS_HEIGHT // 2 - 3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TODAY)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.setFont(self._view.font())
