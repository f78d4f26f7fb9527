"""What a page or a paper imports to show recommendations, references, the Action Plan and
people loads no SQLAlchemy (docs/architecture.md, "Start-up"): records and words come from
each feature's records.py, and services only inside the work that runs on the worker."""

from __future__ import annotations

import subprocess
import sys

LIGHT_MODULES = (
    "sen_desktop.core.people.records",
    "sen_desktop.core.plan.records",
    "sen_desktop.core.recommendations.records",
    "sen_desktop.core.recommendations.states",
    "sen_desktop.core.recommendations.derivation",
    "sen_desktop.core.references.records",
    "sen_desktop.cli.references",
    "sen_desktop.gui.recommendations.page",
    "sen_desktop.gui.plan.timeline_page",
    "sen_desktop.gui.people.commands",
    "sen_desktop.gui.people.page",
)

PROBE = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
    heavy = sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy"
                   or m.endswith(".service") and m.startswith("sen_desktop.core."))
    if heavy:
        print(f"{name}: {heavy[0]}")
        break
"""


def test_records_pages_and_the_command_line_load_no_store() -> None:
    # One fresh interpreter, the modules in order: the first to pull the store in is named.
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *LIGHT_MODULES],
        capture_output=True, text=True, check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert result.stdout == ""
