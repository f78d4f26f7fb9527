"""How the window says something failed: one sentence, never a database error's text.

``failure_message(error)`` is what a box or a status line shows for any exception: a
``SenError``'s own sentence; for a read-only folder or file, a full disk, another program's
lock or a damaged file, core/store/failures.py's sentence; for anything else (a bug) a
sentence naming only the error's type, since a database error's text holds SQL.

``failure_hook(data_dir)`` catches what no page handled (an exception in a slot or a
timer reaches ``sys.excepthook``): it is logged through ``safe_traceback`` (no SQL, no
bound values) and shown in a box over the active window, and the window goes on.
"""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sen_desktop.core.errors import SenError
from sen_desktop.core.store.failures import failure_summary, safe_traceback, store_failure

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import TracebackType

    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)

APP_NAME = "SEN Secretariat"
DATABASE_NAME = "sen.sqlite3"  # core/store/datafolder.py's, without importing platformdirs

#: Boxes the hook has open (a box with no parent window needs a reference kept).
_shown: list[QMessageBox] = []


def failure_message(error: BaseException, *, path: Path | None = None) -> str:
    """The one sentence to show for ``error`` (``path``: the file meant if it names none)."""
    if isinstance(error, SenError):
        return " ".join(error.message.split())
    failure = store_failure(error, path=path)
    if failure is not None:
        return failure.message
    return (
        f"Something went wrong in SEN Secretariat ({type(error).__name__}), so that last "
        "step may not have been done; try it again, and tell your IT support if it happens "
        "again."
    )


def show_failure(error: BaseException, *, path: Path | None = None) -> None:
    """Log ``error`` safely and show its sentence in a box over the active window."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    if isinstance(error, SenError):
        log.warning("Not done: %s", failure_summary(error))
    else:
        log.error("An error no page handled: %s\n%s", failure_summary(error),
                  safe_traceback(error))
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    message = failure_message(error, path=path)
    if any(box.text() == message for box in _shown):
        return  # the same sentence is on screen already: one box, not a stack
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message,
                      QMessageBox.StandardButton.Ok, QApplication.activeWindow())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName("Something failed")
    box.setAccessibleDescription(message)
    _shown.append(box)
    box.finished.connect(lambda _result: _shown.remove(box) if box in _shown else None)
    box.open()


@contextmanager
def failure_hook(data_dir: Path | None) -> Iterator[None]:
    """While inside, an exception no code caught is shown by ``show_failure`` (the data
    folder's database is the file meant when the error names none); the hook before is
    put back on the way out. Ctrl+C still ends the program."""
    database = Path(data_dir) / DATABASE_NAME if data_dir is not None else None
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit
            previous(kind, error, trace)
            return
        try:
            show_failure(error, path=database)
        except Exception:  # never let the hook itself fail silently
            previous(kind, error, trace)

    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous


__all__ = ["failure_hook", "failure_message", "show_failure"]
