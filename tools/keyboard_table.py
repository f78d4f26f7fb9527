"""Write the Keyboard table in README.md from the window's own menus and actions.

    python tools/keyboard_table.py           rewrite the table in README.md
    python tools/keyboard_table.py --check   exit 1 if README.md's table is out of date

The rows come from ``sen_desktop.gui.help.window.shortcut_rows``, the same reading of the menu
bar and the window's actions that Help ▸ Keyboard shortcuts (Ctrl+/) shows, taken from
a main window built offscreen (never started, so no data folder is opened). A shortcut
added to or changed in ``gui/shell/menus.py`` therefore changes this table, and
tests/test_readme.py fails until the README is regenerated. Keys are written as Qt
writes them on Windows and Linux ("Ctrl+Shift+M"); on a Mac, Ctrl is ⌘.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BEGIN = "<!-- keyboard table: written by tools/keyboard_table.py from the window's actions -->"
END = "<!-- end of keyboard table -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _typed(keys: str) -> bool:
    """Whether a person types ``keys`` on an ordinary keyboard: Qt also binds the standard
    commands to dedicated keys few laptops have (a lone "Undo", "Copy", "Help")."""
    return "+" in keys or re.fullmatch(r"F\d{1,2}|Del|Ins|Esc|PgUp|PgDown", keys) is not None


def _keys(text: str) -> str:
    """"Ctrl+PgDown or Alt+Down" -> "`Ctrl+PgDown` or `Alt+Down`"."""
    return " or ".join(f"`{keys}`" for keys in text.split(" or ") if keys and _typed(keys))


def keyboard_table() -> str:
    """The Markdown table: one row per menu (and one for keys found on the pages), each
    command with keys followed by them, in menu order."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from sen_desktop.gui.help.window import shortcut_rows
    from sen_desktop.gui.shell.window import MainWindow

    app = QApplication.instance() or QApplication(["keyboard_table", "-platform", "offscreen"])
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(Path(folder), settings=None)
        try:
            rows = shortcut_rows(window.menuBar(), window)
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    menus: dict[str, list[str]] = {}
    for row in rows:
        menus.setdefault(row.group, []).append(f"{_cell(row.command)} {_keys(row.keys)}")
    lines = ["| menu | commands and their keys |", "| --- | --- |"]
    lines += [f"| {_cell(menu)} | {' · '.join(commands)} |" for menu, commands in menus.items()]
    return "\n".join(lines)


def with_table(readme: str, table: str) -> str:
    """``readme`` with the text between the markers replaced by ``table``."""
    if readme.count(BEGIN) != 1 or readme.count(END) != 1:
        raise SystemExit(f"keyboard_table: README.md must hold the markers {BEGIN!r} and "
                         f"{END!r} once each.")
    head, rest = readme.split(BEGIN)
    _old, tail = rest.split(END)
    return f"{head}{BEGIN}\n{table}\n{END}{tail}"


def current_table(readme: str) -> str:
    """The table README.md holds now."""
    return readme.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/keyboard_table.py", description=__doc__.split(
        "\n", 1)[0])
    parser.add_argument("--check", action="store_true",
                        help="only check; exit 1 if README.md's table is out of date")
    args = parser.parse_args(argv)
    readme = README.read_text(encoding="utf-8")
    fresh = with_table(readme, keyboard_table())
    if fresh == readme:
        print("README.md's keyboard table is current.")
        return 0
    if args.check:
        print("README.md's keyboard table is out of date: run python tools/keyboard_table.py")
        return 1
    scratch = README.with_name(".README.md.partial")
    with scratch.open("w", encoding="utf-8", newline="\n") as out:
        out.write(fresh)
        out.flush()
        os.fsync(out.fileno())
    os.replace(scratch, README)
    print("README.md's keyboard table rewritten.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
