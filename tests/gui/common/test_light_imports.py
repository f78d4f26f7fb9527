"""The meetings and minutes pages can be imported before the database opens: they load
records, not services, so neither SQLAlchemy nor the ORM models come with them
(docs/architecture.md, "Start-up": pages are built when first shown, the database opens
on the worker)."""

from __future__ import annotations

import os
import subprocess
import sys

MODULES = (
    "sen_desktop.gui.meetings.page",
    "sen_desktop.gui.minutes.page",
    "sen_desktop.gui.common.tasks",
    "sen_desktop.gui.common.progress",
    "sen_desktop.core.meetings.records",
    "sen_desktop.core.minutes.records",
    "sen_desktop.core.minutes.wording",
)


def test_the_pages_and_their_records_load_no_sqlalchemy() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "    heavy = sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'\n"
        "                   or m.endswith('.service') or m == 'sen_desktop.core.store.models')\n"
        "    assert not heavy, (name, heavy[:5])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
