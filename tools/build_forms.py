"""Regenerate sen_desktop/gui/forms/ui_*.py from the Qt Designer forms in ui/*.ui.

Run after editing a form:  python tools/build_forms.py
tests/gui/common/test_forms_uptodate.py fails when a form and its generated module disagree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "sen_desktop" / "gui" / "forms"

# Exactly what the `pyside6-uic` entry point runs, but from this interpreter, so the
# tool works whether or not the scripts folder is on PATH (a venv not activated, Windows).
_UIC = (
    "import sys; from PySide6.scripts.pyside_tool import uic; "
    "sys.argv[0] = 'pyside6-uic'; uic()"
)


def generated_path(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def compile_form(ui_file: Path, out_file: Path) -> None:
    """Run pyside6-uic on one form; raises CalledProcessError if uic rejects it."""
    # Relative path, run from the repository root: uic names the form in the header.
    source = ui_file.resolve().relative_to(ROOT)
    subprocess.run(
        [sys.executable, "-c", _UIC, str(source), "-o", str(out_file)],
        cwd=ROOT,
        check=True,
    )


def ui_files() -> list[Path]:
    return sorted(UI_DIR.glob("*.ui"))


def main() -> int:
    for ui_file in ui_files():
        out_file = generated_path(ui_file)
        compile_form(ui_file, out_file)
        print(f"{ui_file.relative_to(ROOT)} -> {out_file.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
