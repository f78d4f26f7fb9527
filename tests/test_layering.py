"""The layers of docs/architecture.md hold: only ``sen_desktop.gui`` loads Qt.

Each check runs in a fresh interpreter, because this test process has long since
imported PySide6 through pytest-qt and conftest.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


# Walks the package without importing what it skips: pkgutil.walk_packages would import
# sen_desktop.gui itself (to find its subpackages), and with it PySide6.
_ALEMBIC_ENV = "sen_desktop.core.store.migrations.env"
_WALK = """
import importlib, json, pkgutil, sys
ALEMBIC_ENV = "sen_desktop.core.store.migrations.env"

def skip(name):
    return (
        name == "sen_desktop.gui"
        or name.startswith("sen_desktop.gui.")
        # A __main__ module runs a program when imported.
        or name.rsplit(".", 1)[-1] == "__main__"
        # Alembic's env.py only runs inside a migration.
        or name == ALEMBIC_ENV
    )

def walk(package_name):
    package = importlib.import_module(package_name)
    yield package_name
    for info in pkgutil.iter_modules(package.__path__, package_name + "."):
        if skip(info.name):
            continue
        if info.ispkg:
            yield from walk(info.name)
        else:
            importlib.import_module(info.name)
            yield info.name

imported = list(walk("sen_desktop"))
qt = sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "shiboken6"})
print(json.dumps({"imported": imported, "qt": qt}))
"""


def test_nothing_outside_gui_imports_pyside6() -> None:
    outcome = _run(_WALK)
    imported = outcome["imported"]
    assert isinstance(imported, list)
    # The walk must really have reached the layers, not silently found nothing.
    assert "sen_desktop.app" in imported
    assert "sen_desktop.core.store.models" in imported
    assert outcome["qt"] == []


def test_walk_covers_every_package_outside_gui() -> None:
    imported = _run(_WALK)["imported"]
    assert isinstance(imported, list)
    package_root = REPO / "sen_desktop"
    for source in package_root.rglob("*.py"):
        relative = source.relative_to(package_root).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        name = ".".join(("sen_desktop", *parts))
        if parts[:1] == ("gui",) or parts[-1:] == ("__main__",) or name == _ALEMBIC_ENV:
            continue
        assert name in imported, source


def test_command_line_module_loads_neither_sqlalchemy_nor_qt() -> None:
    # `sen-desktop --help` and argument errors must answer at once (docs/architecture.md,
    # Start-up): app.py defers every heavy import to the command that needs it.
    outcome = _run(
        """
        import json, sys
        import sen_desktop.app
        heavy = sorted(
            m for m in sys.modules
            if m.split(".")[0] in {"PySide6", "sqlalchemy", "alembic", "shiboken6"}
        )
        print(json.dumps({"heavy": heavy}))
        """
    )
    assert outcome["heavy"] == []
