"""What the wheel and the frozen build carry: every resource file, every migration.

The frozen build (packaging/sen-desktop.spec) collects the data files of the installed
package, so a file the wheel leaves out is missing from the installers too.
"""

from __future__ import annotations

import configparser
import tomllib
from fnmatch import fnmatch
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _package_data() -> dict[str, list[str]]:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    data: dict[str, list[str]] = pyproject["tool"]["setuptools"]["package-data"]
    return data


def _data_files(folder: Path) -> list[Path]:
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]


def test_every_resource_file_is_packaged() -> None:
    patterns = _package_data()["sen_desktop.resources"]
    root = REPO / "resources"
    missing = [
        path.relative_to(root).as_posix()
        for path in _data_files(root)
        if not any(fnmatch(path.relative_to(root).as_posix(), p) for p in patterns)
    ]
    assert not missing, f"add these to package-data in pyproject.toml: {missing}"


def test_every_migration_data_file_is_packaged() -> None:
    patterns = _package_data()["sen_desktop.core.store.migrations"]
    root = REPO / "sen_desktop" / "core" / "store" / "migrations"
    missing = [
        path.name for path in _data_files(root) if not any(fnmatch(path.name, p) for p in patterns)
    ]
    assert not missing, f"add these to package-data in pyproject.toml: {missing}"


def test_spec_builds_from_the_installed_package() -> None:
    spec = (REPO / "packaging" / "sen-desktop.spec").read_text(encoding="utf-8")
    assert 'collect_data_files("sen_desktop.resources")' in spec
    assert "include_py_files=True" in spec  # Alembic reads migration scripts as files
    assert (REPO / "packaging" / "launch.py").is_file()


def test_linux_desktop_entry_starts_the_program() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(REPO / "packaging" / "sen-desktop.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "sen-desktop"
    assert section["Name"] == "SEN Secretariat"
