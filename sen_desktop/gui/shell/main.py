"""Start the window: ``run_gui(data_dir, screenshot=None, view=None, …) -> exit code``.

Exit codes: 0 on a normal close or a screenshot written; 2 when the data folder is
refused (not a database, corrupt, too new, in use) or the view name is unknown; 1 when a
screenshot could not be made.

A second copy on a data folder already in use says so in one message box before any
window is built (``gui/shell/single_copy.py``). On first start the window fits the screen's
available area (``gui/shell/geometry.py``).

``--screenshot`` draws the window as it is on first start (``gui/shell/screenshot.py``,
imported only then).
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

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
    return app


def english_dates() -> None:
    """Dates and times in English (UK) whatever the desktop's language: Qt's own date
    widgets through QLocale, and any strftime through the C library's LC_TIME, which Qt
    set from the desktop when the QApplication was made. The papers say the same words
    (core/dates.py writes every date the window and the papers show).

    Run once the frame has painted (no page is built before it), or before a screenshot."""
    import locale

    from PySide6.QtCore import QLocale

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
        from sen_desktop.gui.shell.screenshot import screenshot_view

        english_dates()
        return screenshot_view(data_dir, screenshot, view, size, scale)
    if folder_in_use(data_dir):
        # One box and no window: the other copy's window is the one to use.
        _refuse(in_use_message(data_dir))
        return 2
    window = MainWindow(data_dir, settings=QSettings(), view=view, welcome=True)
    if not window.geometry_restored:
        window_geometry.place_first_time(window, window.splitter)
        window.keep_on_screen = True

    def refused(message: str) -> None:
        window.hide()  # nothing in it can be used: the box stands alone
        from sen_desktop.gui.restore.refusal import can_restore, offer_restore

        if can_restore(data_dir):  # backups to go back to: the box offers them (issue 14)
            offer_restore(window, message, lambda: app.exit(2))
            return
        _refuse(message)
        app.exit(2)

    def painted() -> None:
        # English dates (no page is built before this), then the folder opens.
        english_dates()
        window.start()

    window.open_failed.connect(refused)
    # Paint the empty window first; then the database opens on the worker.
    after_first_paint(window, painted)
    # bench/startup.py's timestamps, when its variable is set. Installed last, so it is
    # asked first (Qt asks a widget's event filters newest first): the paint probe
    # reports the first paint before ``painted`` starts the work that follows it.
    install_probe(window)
    window.show()
    code = app.exec()
    window.close()  # saves the window state and releases the data folder
    return code




def _refuse(message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, APP_NAME, message)
