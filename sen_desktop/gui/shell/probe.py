"""An opt-in start-up probe for the benchmarks (bench/startup.py).

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


class _FirstPaint(QObject):
    """Reports once, after the first paint of the window it watches."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._done = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            # After this paint pass: the frame, the menus and the navigation are drawn.
            QTimer.singleShot(0, report_and_quit)
        return False


def install_probe(window: MainWindow) -> bool:
    """Install the probe the environment asks for on ``window``; False if none."""
    kind = os.environ.get(PROBE_ENV, "")
    if not kind:
        return False
    if kind not in PROBES:
        print(f"{PROBE_ENV} must be one of {', '.join(PROBES)}, not {kind!r}.", file=sys.stderr)
        return False
    if kind == "paint":
        _FirstPaint(window)
    else:
        window.view_ready.connect(lambda _view: report_and_quit())
    return True
