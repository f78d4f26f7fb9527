"""Start the window: ``run_gui(data_dir, screenshot=None, view=None, …) -> exit code``.

Exit codes: 0 on a normal close or a screenshot written; 2 when the data folder is
refused (not a database, corrupt, too new, in use) or the view name is unknown; 1 when a
screenshot could not be made.

A second copy on a data folder already in use says so in one message box before any
window is built (``gui/shell/single_copy.py``). On first start the window fits the screen's
available area (``gui/shell/geometry.py``).

``--screenshot`` draws the window as it is on first start: 1280 × 800 by default; with
``size=(W, H)`` as a W × H screen with a taskbar would show it, and with ``scale`` (1.25
for Windows' 125 %) at that scaling: the window is laid out in W/scale × H/scale logical
pixels and drawn at ``scale`` device pixels each, as Qt does on such a screen, so the PNG
has the screen's own pixels. The scaling is applied by drawing, not through
QT_SCALE_FACTOR, so it works in a process whose QApplication already exists.
"""

from __future__ import annotations

import contextlib
import locale
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QLocale,
    QMessageLogContext,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from sen_desktop.gui.common import resources
from sen_desktop.gui.shell import geometry as window_geometry
from sen_desktop.gui.shell.pages import VIEWS
from sen_desktop.gui.shell.probe import after_first_paint, install_probe
from sen_desktop.gui.shell.single_copy import folder_in_use, in_use_message
from sen_desktop.gui.shell.window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "SEN Secretariat"
ORGANISATION = "SEN Secretariat"
#: How long a screenshot waits for the view to load before giving up.
SCREENSHOT_TIMEOUT_MS = 120_000


def _application(offscreen: bool) -> QApplication:
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANISATION)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    argv = [sys.argv[0] if sys.argv else "sen-desktop"]
    if offscreen:
        # A command-line platform choice, not the environment: nothing leaks to children.
        argv += ["-platform", "offscreen"]
    app = QApplication(argv)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("sen-desktop")
    # The light palette app.qss is drawn and measured on, whatever the desktop's theme:
    # a dark desktop's light text would otherwise land on the style sheet's white fields.
    app.setPalette(resources.app_palette())
    english_dates()
    return app


def english_dates() -> None:
    """Dates and times in English (UK) whatever the desktop's language: Qt's own date
    widgets through QLocale, and any strftime through the C library's LC_TIME, which Qt
    set from the desktop when the QApplication was made. The papers say the same words
    (core/dates.py writes every date the window and the papers show)."""
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_TIME, "C")


def run_gui(
    data_dir: Path,
    screenshot: Path | None = None,
    view: str | None = None,
    size: tuple[int, int] | None = None,
    scale: float = 1.0,
) -> int:
    """Show the main window on ``data_dir`` (or render ``view`` to ``screenshot`` and exit,
    as a ``size`` screen at ``scale`` would show it)."""
    if view is not None and view not in VIEWS:
        print(f"Unknown view {view!r}; choose one of: {', '.join(VIEWS)}.", file=sys.stderr)
        return 2
    app = _application(offscreen=screenshot is not None)
    if screenshot is not None:
        return _screenshot(data_dir, screenshot, view, size, scale)
    if folder_in_use(data_dir):
        # One box and no window: the other copy's window is the one to use.
        QMessageBox.critical(None, APP_NAME, in_use_message(data_dir))
        return 2
    window = MainWindow(data_dir, settings=QSettings(), view=view, welcome=True)
    if not window.geometry_restored:
        window_geometry.place_first_time(window, window.splitter)
        window.keep_on_screen = True

    def refused(message: str) -> None:
        window.hide()  # nothing in it can be used: the box stands alone
        QMessageBox.critical(None, APP_NAME, message)
        app.exit(2)

    window.open_failed.connect(refused)
    install_probe(window)  # bench/startup.py's timestamps, when its variable is set
    # Paint the empty window first; then the database opens on the worker.
    after_first_paint(window, window.start)
    window.show()
    code = app.exec()
    window.close()  # saves the window state and releases the data folder
    return code


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


def _screenshot(
    data_dir: Path, png: Path, view: str | None, size: tuple[int, int] | None, scale: float
) -> int:
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
