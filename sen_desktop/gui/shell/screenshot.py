"""``--screenshot``: the window drawn offscreen as it is on first start, written to a PNG
(``gui/shell/main.py``'s ``run_gui`` hands over here; imported only for a screenshot).

1280 × 800 by default; with ``size=(W, H)`` as a W × H screen with a taskbar would show
it, and with ``scale`` (1.25 for Windows' 125 %) at that scaling: the window is laid out
in W/scale × H/scale logical pixels and drawn at ``scale`` device pixels each, as Qt does
on such a screen, so the PNG has the screen's own pixels. The scaling is applied by
drawing, not through QT_SCALE_FACTOR, so it works in a process whose QApplication
already exists.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QImage, QPixmap

from sen_desktop.gui.shell import geometry as window_geometry
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

#: How long a screenshot waits for the view to load before giving up.
SCREENSHOT_TIMEOUT_MS = 120_000

MessageHandler = Callable[[QtMsgType, QMessageLogContext, str], object]


def _quiet_offscreen(previous: MessageHandler | None) -> MessageHandler:
    """A Qt message handler that drops the offscreen platform's harmless chatter."""

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        # The offscreen platform says so for every window shown: not the person's concern.
        if "propagateSizeHints" in message or "does not support raise" in message:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(message, file=sys.stderr)

    return handler


def screenshot_view(
    data_dir: Path, png: Path, view: str | None, size: tuple[int, int] | None, scale: float
) -> int:
    """Render ``view`` on ``data_dir`` to ``png``; the exit code (0 written, 1 not, 2 the
    folder refused)."""
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(_quiet_offscreen(previous))
    try:
        return _render(data_dir, png, view, size, scale)
    finally:
        qInstallMessageHandler(previous)


def draw(widget: QWidget, scale: float) -> QImage:
    """``widget`` drawn at ``scale`` device pixels per logical pixel, as on a screen
    scaled that much (QWidget.grab draws at the widget's own screen's ratio)."""
    image = QImage(
        round(widget.width() * scale), round(widget.height() * scale),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().window().color())
    widget.render(image)
    return image


def _render(
    data_dir: Path, png: Path, view: str | None, size: tuple[int, int] | None, scale: float
) -> int:
    window = MainWindow(data_dir, settings=None, view=view or "groups")
    loop = QEventLoop()
    outcome = {"code": 1}

    def finish(code: int) -> None:
        outcome["code"] = code
        loop.exit(code)

    def grab() -> None:
        image = draw(window.view_widget(), scale)
        if QPixmap.fromImage(image).save(str(png), "PNG"):
            finish(0)
        else:
            print(f"The screenshot could not be written to {png}.", file=sys.stderr)
            finish(1)

    def ready(name: str) -> None:
        if view in ("help", "settings") and name != view:
            return  # the page behind the window of its own is ready first
        window.view_ready.disconnect(ready)
        target = window.view_widget()
        if target is not window:  # a window of its own (help): no bigger than the screen's
            target.resize(target.size().boundedTo(window.size()))
        # Let queued layout and paint events settle before grabbing.
        QTimer.singleShot(150, grab)

    def refused(message: str) -> None:
        print(message, file=sys.stderr)
        finish(2)

    def timed_out() -> None:
        print("The window did not finish loading in time; no screenshot.", file=sys.stderr)
        finish(1)

    window.view_ready.connect(ready)
    window.open_failed.connect(refused)
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.timeout.connect(timed_out)
    timer.start(SCREENSHOT_TIMEOUT_MS)
    if size is None:
        window.resize(window_geometry.PREFERRED)
    else:
        window.resize(window_geometry.screenshot_size(*size, scale))
        window_geometry.size_navigation(window.splitter, window.width())
    window.show()
    window.start()
    loop.exec()
    timer.stop()
    window.close()
    window.deleteLater()
    return outcome["code"]
