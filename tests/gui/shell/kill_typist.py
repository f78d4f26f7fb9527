"""A secretary typing minutes, run as its own process so a test can kill it (kill -9).

    python kill_typist.py DATA_DIR SETTINGS_INI ITEM_ID CHUNKS_JSON INTERVAL_MS

Opens the real main window on DATA_DIR, goes to the Minutes page on ITEM_ID and types
the chunks of text (a JSON list) into the discussion, one every INTERVAL_MS, through
real key events. After each chunk it prints "typed <characters so far> <monotonic
time>" and flushes, so the test knows what had been typed when it pulled the plug.
Test-only: it lives under tests/ and the program has no hook for it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from sen_desktop.gui.shell.window import MainWindow


def main() -> int:
    data_dir, settings_ini, item_id, chunks_json, interval = sys.argv[1:6]
    chunks: list[str] = json.loads(Path(chunks_json).read_text(encoding="utf-8"))
    app = QApplication([sys.argv[0]])
    window = MainWindow(
        Path(data_dir),
        settings=QSettings(settings_ini, QSettings.Format.IniFormat),
        view="minutes",
    )
    page = window.minutes_page
    typed = [0]

    def type_next(index: int) -> None:
        if index >= len(chunks):
            print("done", flush=True)
            return
        QTest.keyClicks(page.editor, chunks[index])
        typed[0] += len(chunks[index])
        print(f"typed {typed[0]} {time.monotonic():.3f}", flush=True)
        QTimer.singleShot(int(interval), lambda: type_next(index + 1))

    def on_loaded() -> None:
        page.loaded.disconnect(on_loaded)
        page.select_item(item_id)
        page.editor.setFocus()
        print(f"ready {page.current_item_id()}", flush=True)
        QTimer.singleShot(0, lambda: type_next(0))

    page.loaded.connect(on_loaded)
    window.show()
    window.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
