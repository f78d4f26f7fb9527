"""Every Designer form in ui/ matches its generated module in sen_desktop/gui/forms/."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from types import ModuleType

ROOT = Path(__file__).resolve().parents[3]


def _build_forms() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_forms", ROOT / "tools" / "build_forms.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_forms = _build_forms()
UI_FILES = build_forms.ui_files()


def _comparable(text: str) -> list[str]:
    # uic stamps its own version into the header; that line says nothing about the form.
    return [
        line
        for line in text.splitlines()
        if "Qt User Interface Compiler version" not in line
    ]


def test_there_are_forms() -> None:
    assert {f.stem for f in UI_FILES} >= {"person_dialog", "appointment_dialog"}


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda f: f.name)
def test_generated_module_matches_form(ui_file: Path, tmp_path: Path) -> None:
    committed = build_forms.generated_path(ui_file)
    assert committed.exists(), f"{committed.name} is missing: run python tools/build_forms.py"
    fresh = tmp_path / committed.name
    build_forms.compile_form(ui_file, fresh)
    assert _comparable(fresh.read_text(encoding="utf-8")) == _comparable(
        committed.read_text(encoding="utf-8")
    ), f"{committed.name} is out of date with {ui_file.name}: run python tools/build_forms.py"


def test_no_generated_module_without_a_form() -> None:
    forms = {build_forms.generated_path(f).name for f in UI_FILES}
    generated = {p.name for p in build_forms.FORMS_DIR.glob("ui_*.py")}
    assert generated <= forms, f"generated modules with no form: {sorted(generated - forms)}"
