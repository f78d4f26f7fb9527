"""Start the window: ``run_gui(data_dir, screenshot=None, view=None) -> exit code``.

Exit codes: 0 on a normal close or a screenshot written; 2 when the data folder is
refused (not a database, corrupt, too new, in use) or the view name is unknown; 1 when a
screenshot could not be made.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QMessageLogContext,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from sen_desktop.gui.main_window import VIEWS, MainWindow

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
    return app


def run_gui(data_dir: Path, screenshot: Path | None = None, view: str | None = None) -> int:
    """Show the main window on ``data_dir`` (or render ``view`` to ``screenshot`` and exit)."""
    if view is not None and view not in VIEWS:
        print(f"Unknown view {view!r}; choose one of: {', '.join(VIEWS)}.", file=sys.stderr)
        return 2
    app = _application(offscreen=screenshot is not None)
    if screenshot is not None:
        return _screenshot(data_dir, screenshot, view)
    window = MainWindow(data_dir, settings=QSettings(), view=view)

    def refused(message: str) -> None:
        QMessageBox.critical(window, APP_NAME, message)
        app.exit(2)

    window.open_failed.connect(refused)
    window.show()
    # Paint the empty window first; the database opens on the worker meanwhile.
    QTimer.singleShot(0, window.start)
    code = app.exec()
    window.close()  # saves the window state and releases the data folder
    return code


MessageHandler = Callable[[QtMsgType, QMessageLogContext, str], object]


def _quiet_offscreen(previous: MessageHandler | None) -> MessageHandler:
    """A Qt message handler that drops the offscreen platform's harmless chatter."""

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        # The offscreen platform says so for every window shown: not the person's concern.
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(message, file=sys.stderr)

    return handler


def _screenshot(data_dir: Path, png: Path, view: str | None) -> int:
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(_quiet_offscreen(previous))
    try:
        return _render(data_dir, png, view)
    finally:
        qInstallMessageHandler(previous)


def _render(data_dir: Path, png: Path, view: str | None) -> int:
    window = MainWindow(data_dir, settings=None, view=view or "groups")
    loop = QEventLoop()
    outcome = {"code": 1}

    def finish(code: int) -> None:
        outcome["code"] = code
        loop.exit(code)

    def grab() -> None:
        image = window.grab()
        if image.save(str(png), "PNG"):
            finish(0)
        else:
            print(f"The screenshot could not be written to {png}.", file=sys.stderr)
            finish(1)

    def ready(_name: str) -> None:
        window.view_ready.disconnect(ready)
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
    window.resize(1280, 800)
    window.show()
    window.start()
    loop.exec()
    timer.stop()
    window.close()
    window.deleteLater()
    return outcome["code"]
