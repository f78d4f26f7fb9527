"""Services own their transactions (issue 13; docs/architecture.md "Layers"): no module
of ``gui/`` or ``cli/`` imports SQLAlchemy or the store's models — at the top, or inside
a function that runs on the worker — nor opens a session or a transaction itself. It asks
a service in ``core/`` or ``sync/``, which returns plain records.

The source is parsed, not imported, so a function that is never run here is checked too.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import sen_desktop

if TYPE_CHECKING:
    from collections.abc import Iterator

PACKAGE = Path(sen_desktop.__file__).parent
#: What a screen or a command must leave to the services.
FORBIDDEN = ("sqlalchemy", "sen_desktop.core.store.models")
#: ``x.session_factory()`` / ``x.session_factory.begin()``: a session opened by hand.
_SESSION_CALLS = ("session_factory",)


def _modules() -> list[Path]:
    return sorted(
        path
        for folder in ("gui", "cli")
        for path in (PACKAGE / folder).rglob("*.py")
        if "forms" not in path.relative_to(PACKAGE).parts  # generated from .ui files
    )


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path, tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every import in the module, relative ones resolved."""
    package = _module_name(path).rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def _forbidden(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)


def _opens_session(node: ast.AST) -> bool:
    """``….session_factory(…)`` or ``….session_factory.begin(…)``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "begin":
        func = func.value
    return isinstance(func, ast.Attribute) and func.attr in _SESSION_CALLS


def problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(PACKAGE.parent)
    found = [
        f"{where}:{line} imports {name}"
        for line, name in _imported(path, tree)
        if _forbidden(name)
    ]
    found += [
        f"{where}:{node.lineno} opens a session itself"  # type: ignore[attr-defined]
        for node in ast.walk(tree)
        if _opens_session(node)
    ]
    return sorted(set(found))


def test_every_screen_and_command_module_is_checked() -> None:
    names = {_module_name(p) for p in _modules()}
    assert "sen_desktop.gui.exchange.page" in names
    assert "sen_desktop.cli.sync" in names
    assert len(names) > 40


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_orm_in_screens_or_commands(path: Path) -> None:
    assert problems(path) == []


def test_the_check_finds_what_it_forbids(tmp_path: Path) -> None:
    """The checker itself: each way in is caught, in a function as at the top."""
    fake = PACKAGE / "gui" / "_orm_probe_for_the_test.py"
    source = (
        "import sqlalchemy.orm\n"
        "def work(session):\n"
        "    from sen_desktop.core.store.models import Meeting\n"
        "    from sen_desktop.core.store import models\n"
        "    from ..core.store.models import Group\n"
        "    with session.db.session_factory.begin() as s:\n"
        "        pass\n"
        "    with session.db.session_factory() as s:\n"
        "        pass\n"
        "from sen_desktop.core.store.rows import live_row\n"
    )
    tree = ast.parse(source)
    names = [name for _line, name in _imported(fake, tree) if _forbidden(name)]
    assert names == [
        "sqlalchemy.orm",
        "sen_desktop.core.store.models",
        "sen_desktop.core.store.models.Meeting",
        "sen_desktop.core.store.models",
        "sen_desktop.core.store.models",
        "sen_desktop.core.store.models.Group",
    ]
    assert sum(_opens_session(node) for node in ast.walk(tree)) == 2


#: Pages and the records they read: importing them (when a page is first shown) must
#: not load SQLAlchemy; the services they call are imported on the worker.
SQLALCHEMY_FREE = (
    "sen_desktop.gui.exchange.page",
    "sen_desktop.gui.conflicts.page",
    "sen_desktop.gui.search.page",
    "sen_desktop.gui.search.box",
    "sen_desktop.sync.exchange_records",
    "sen_desktop.sync.conflict_records",
    "sen_desktop.core.search_records",
    "sen_desktop.core.overview.records",
    "sen_desktop.core.programme.records",
    "sen_desktop.core.demo.records",
    "sen_desktop.papers.kinds",
)


def test_these_pages_and_records_load_no_sqlalchemy_nor_python_docx() -> None:
    code = (
        "import sys\n"
        f"for name in {SQLALCHEMY_FREE!r}:\n"
        "    __import__(name)\n"
        "    assert 'sqlalchemy' not in sys.modules, name\n"
        # The window reads paper kinds from papers.kinds: no python-docx at start-up.
        "assert 'docx' not in sys.modules and 'lxml' not in sys.modules\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]
