"""What the wheel and the frozen build carry, and what the installers do.

The frozen build (packaging/sen-desktop.spec) collects the data files of the installed
package, so a file the wheel leaves out is missing from the installers too. The Windows
installer script, the Mac bundle's settings and the icons are checked here as far as a
Linux machine without Inno Setup or a Mac can: the script says per-user, no administrator,
a Start menu entry and an uninstaller; the spec bundles an app on a Mac; the icons are
real images; the Linux menu entry passes freedesktop.org's validator. The frozen build
itself runs in tests/test_frozen_build.py (slow).
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
ISS = PACKAGING / "windows" / "sen-desktop.iss"
SPEC = PACKAGING / "sen-desktop.spec"


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


# --- the installers (issue 14): what can be checked on Linux without Inno Setup or a Mac --


def _load(name: str) -> ModuleType:
    """A module of packaging/ (not a package) by its file."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inno_sections(text: str) -> dict[str, list[str]]:
    """The script's sections and their lines, without comments and preprocessor lines."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return sections


def _inno_entries(lines: list[str]) -> list[dict[str, str]]:
    """``Name: "…"; Filename: "…"; Tasks: …`` lines as dictionaries."""
    entries = []
    for line in lines:
        fields = {}
        for part in re.findall(r'(\w+):\s*("[^"]*"|[^;]*)', line):
            fields[part[0]] = part[1].strip().strip('"')
        entries.append(fields)
    return entries


def test_the_windows_installer_is_per_user_with_a_start_menu_entry_and_an_uninstaller() -> None:
    text = ISS.read_text(encoding="utf-8")
    sections = _inno_sections(text)
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    # No administrator rights, and no way to ask for them.
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    assert setup["DefaultDirName"].startswith(("{userpf}", "{localappdata}"))
    machine_wide = ("{commonpf", "{autopf", "{commonprograms}", "{autoprograms}",
                    "{commondesktop}", "{autodesktop}", "HKLM", "HKEY_LOCAL_MACHINE")
    body = "\n".join(line for lines in sections.values() for line in lines)
    assert not [word for word in machine_wide if word in body]
    # A Start menu entry for the window's program, in this user's Start menu.
    icons = _inno_entries(sections["Icons"])
    start_menu = [i for i in icons if i["Name"].startswith("{userprograms}") and "Tasks" not in i]
    assert [i["Filename"] for i in start_menu] == ["{app}\\{#AppExe}"]
    assert re.search(r'#define AppExe "SEN Secretariat\.exe"', text)
    # An uninstaller, listed with the app's icon; the data folder is not among its deletions.
    assert setup.get("Uninstallable", "yes") == "yes"
    assert setup["UninstallDisplayIcon"] == "{app}\\{#AppExe}"
    for entry in _inno_entries(sections.get("UninstallDelete", [])):
        assert entry["Name"].startswith("{app}\\"), entry
    # Everything the build made is installed, from the build's folder.
    files = _inno_entries(sections["Files"])
    assert files[0]["Source"] == "{#SourceDir}\\*" and "recursesubdirs" in files[0]["Flags"]
    assert re.search(r'#define SourceDir DistDir \+ "\\sen-desktop"', text)
    assert setup["AppId"].startswith("{{")  # fixed, so an upgrade replaces the old copy


def test_the_windows_installer_takes_the_packages_version_and_the_drawn_icon(
    tmp_path: Path,
) -> None:
    from sen_desktop import __version__

    text = ISS.read_text(encoding="utf-8")
    setup = dict(line.split("=", 1) for line in _inno_sections(text)["Setup"])
    assert setup["AppVersion"] == "{#AppVersion}"
    read = re.search(r'ReadIni\(DistDir \+ "\\(?P<file>[^"]+)", "(?P<section>\w+)", '
                     r'"(?P<key>\w+)", ""\)', text)
    assert read is not None, "the script reads its version from the build's file"
    build_info = _load("build_info")
    written = build_info.write_build_info(tmp_path, __version__)
    assert written.name == read["file"]
    ini = configparser.ConfigParser()
    ini.read(written, encoding="ascii")
    assert ini[read["section"]][read["key"]] == __version__
    assert written.read_bytes().endswith(b"\r\n")  # Windows line ends for ReadIni
    # Setup's icon is the one the spec draws at build time (dist/icons/).
    assert setup["SetupIconFile"] == "{#DistDir}\\icons\\sen-desktop.ico"
    spec = SPEC.read_text(encoding="utf-8")
    assert 'make_icons(DIST / "icons")' in spec
    assert "write_build_info(DIST, sen_desktop.__version__)" in spec


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_icons_are_drawn_from_the_apps_svg(tmp_path: Path) -> None:
    icons = _load("icons")
    ico, icns = icons.make_icons(tmp_path)

    data = ico.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    sizes = []
    for n in range(count):
        width, height, _, _, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * n : 22 + 16 * n]
        )
        edge = width or 256
        assert (width, planes, bits) == (height, 1, 32)
        assert _png_size(data[offset : offset + length]) == (edge, edge)
        sizes.append(edge)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]

    data = icns.read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    found, at = {}, 8
    while at < len(data):
        kind_bytes, length = data[at : at + 4], struct.unpack(">I", data[at + 4 : at + 8])[0]
        found[kind_bytes] = _png_size(data[at + 8 : at + length])
        at += length
    assert found == {b"ic07": (128, 128), b"ic08": (256, 256), b"ic09": (512, 512),
                     b"ic10": (1024, 1024)}


def test_the_mac_build_makes_an_app_bundle_with_its_info_plist() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    bundles = [
        (branch, call)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and "darwin" in ast.unparse(branch.test)
        and "sys.platform" in ast.unparse(branch.test)
        for call in ast.walk(branch)
        if isinstance(call, ast.Call) and ast.unparse(call.func) == "BUNDLE"
    ]
    assert len(bundles) == 1, "one BUNDLE, built only on a Mac"
    _branch, call = bundles[0]
    keywords = {k.arg: k.value for k in call.keywords}
    assert ast.literal_eval(keywords["name"]) == "SEN Secretariat.app"
    assert ast.unparse(keywords["icon"]) == "icon"
    assert ast.literal_eval(keywords["bundle_identifier"]).count(".") >= 2
    plist = keywords["info_plist"]
    assert isinstance(plist, ast.Dict)
    entries = {ast.literal_eval(k): v for k, v in zip(plist.keys, plist.values, strict=True)
               if k is not None}
    assert ast.unparse(entries["CFBundleShortVersionString"]) == "sen_desktop.__version__"
    assert ast.literal_eval(entries["CFBundleDisplayName"]) == "SEN Secretariat"
    assert ast.literal_eval(entries["CFBundleExecutable"]) == "SEN Secretariat"
    assert ast.literal_eval(entries["NSHighResolutionCapable"]) is True
    assert ast.literal_eval(entries["LSMinimumSystemVersion"]) >= "11.0"
    # The window's program is the bundle's executable: the first program of the folder.
    collect = next(c for c in ast.walk(tree) if isinstance(c, ast.Call)
                   and ast.unparse(c.func) == "COLLECT")
    assert ast.unparse(collect.args[0]) == "window"
    # On a Mac the icon is the .icns drawn at build time.
    assert '"darwin": str(icon_icns)' in SPEC.read_text(encoding="utf-8")


def _validate_desktop_entry(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    assert tool is not None, (
        "desktop-file-validate is missing: apt-get install desktop-file-utils "
        "(.ci/run installs it)"
    )
    run = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout + run.stderr


def test_the_linux_menu_entry_is_valid_as_shipped_and_as_installed(tmp_path: Path) -> None:
    _validate_desktop_entry(PACKAGING / "sen-desktop.desktop")
    linux_install = _load("linux_install")
    program = tmp_path / "home with space" / ".local" / "lib" / "sen-secretariat" / "sen-desktop"
    installed = tmp_path / "sen-desktop.desktop"
    installed.write_text(linux_install.desktop_entry(program), encoding="utf-8")
    _validate_desktop_entry(installed)
    # The entry names the icon the installer puts in the freedesktop icon theme.
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(installed, encoding="utf-8")
    icon = linux_install._paths(tmp_path)["icon"]
    assert icon.name == entry["Desktop Entry"]["Icon"] + ".svg"
    assert icon.parent.as_posix().endswith("share/icons/hicolor/scalable/apps")
    assert entry["Desktop Entry"]["Exec"] == f'"{program}"'


def test_a_linux_archive_installs_from_wherever_it_is_unpacked(tmp_path: Path) -> None:
    import sys
    import tarfile

    build = _load("build")
    app = tmp_path / "built"
    (app / "_internal").mkdir(parents=True)
    program = app / "sen-desktop"
    program.write_text("#!/bin/sh\necho sen-desktop 0.1.0\n", encoding="utf-8")
    program.chmod(0o755)
    archive = build.linux_archive(app, tmp_path / "dist", "0.1.0")
    assert archive.name == "SEN-Secretariat-0.1.0-linux.tar.gz"
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no partial left
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    unpacked = tmp_path / "unpacked" / "SEN Secretariat"

    prefix = tmp_path / "home" / ".local"
    run = subprocess.run([sys.executable, str(unpacked / "install.py"), "--prefix", str(prefix)],
                         capture_output=True, text=True, check=False, timeout=60)
    assert run.returncode == 0, run.stderr
    installed = prefix / "lib" / "sen-secretariat" / "sen-desktop"
    version = subprocess.run([str(prefix / "bin" / "sen-desktop")], capture_output=True,
                             text=True, check=False, timeout=60)
    assert version.stdout.strip() == "sen-desktop 0.1.0"
    entry = prefix / "share" / "applications" / "sen-desktop.desktop"
    _validate_desktop_entry(entry)
    assert f"TryExec={installed}" in entry.read_text(encoding="utf-8").splitlines()
    icon = prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / "sen-desktop.svg"
    assert icon.read_bytes() == (REPO / "resources" / "icons" / "app.svg").read_bytes()

    gone = subprocess.run([sys.executable, str(unpacked / "install.py"), "--prefix", str(prefix),
                           "--uninstall"], capture_output=True, text=True, check=False, timeout=60)
    assert gone.returncode == 0, gone.stderr
    assert not installed.exists() and not entry.exists() and not icon.exists()
