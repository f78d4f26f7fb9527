"""The window's first paint: ``after_first_paint`` (the database opens once the frame is
drawn), and an opt-in start-up probe for the benchmarks (bench/startup.py).

With ``SEN_STARTUP_PROBE=paint`` in the environment the window prints
``startup-probe <time.monotonic()> <peak resident KiB>`` on stdout at its first paint and
quits; with ``SEN_STARTUP_PROBE=ready`` it does so once the page it opened on shows its
data (``MainWindow.view_ready``: with ``--view groups``, the group and its seats). The
monotonic clock is the system's, so the benchmark compares it with the time it started
the process. Without the variable nothing is installed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from sen_desktop.gui.shell.window import MainWindow

PROBE_ENV = "SEN_STARTUP_PROBE"
PROBES = ("paint", "ready")


def peak_kib() -> int:
    """This process's peak resident memory so far (VmHWM), in KiB; 0 where unknown."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def report_and_quit() -> None:
    """Print the probe's line, then leave the event loop."""
    print(f"startup-probe {time.monotonic():.6f} {peak_kib()}", flush=True)
    QTimer.singleShot(0, QCoreApplication.quit)


class _AfterFirstPaint(QObject):
    """Calls back once, after the first paint pass of the widget it watches."""

    def __init__(self, widget: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(widget)
        self._callback: Callable[[], object] | None = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._callback is not None and event.type() == QEvent.Type.Paint:
            callback, self._callback = self._callback, None
            # After this paint pass: the frame, the menus and the navigation are drawn.
            QTimer.singleShot(0, callback)
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], object]) -> None:
    """Run ``callback`` once ``widget`` has painted for the first time (the window starts
    opening the database then, so nothing competes with its first paint)."""
    _AfterFirstPaint(widget, callback)


def install_probe(window: MainWindow) -> bool:
    """Install the probe the environment asks for on ``window``; False if none."""
    kind = os.environ.get(PROBE_ENV, "")
    if not kind:
        return False
    if kind not in PROBES:
        print(f"{PROBE_ENV} must be one of {', '.join(PROBES)}, not {kind!r}.", file=sys.stderr)
        return False
    if kind == "paint":
        after_first_paint(window, report_and_quit)
    else:
        window.view_ready.connect(lambda _view: report_and_quit())
    return True
