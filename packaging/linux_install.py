"""Install the built app for one Linux user, with its menu entry and icon; or remove it.

    python packaging/build.py                    # first: dist/sen-desktop/
    python packaging/linux_install.py            # into ~/.local, no administrator rights
    python packaging/linux_install.py --uninstall

From a Linux archive (``python packaging/build.py --archive``), the same script is the
archive's ``install.py``, beside the app (``app/``), its menu entry and its icon:

    tar xzf SEN-Secretariat-<version>-linux.tar.gz
    python3 "SEN Secretariat/install.py"

What goes where (the freedesktop.org layout every Linux desktop reads):
- the app folder: ``<prefix>/lib/sen-secretariat/`` (replaced whole on reinstall);
- ``<prefix>/bin/sen-desktop``: a link to its command line;
- ``<prefix>/share/applications/sen-desktop.desktop``: packaging/sen-desktop.desktop with
  ``Exec``/``TryExec`` pointing at the installed program (menus do not search ~/.local/bin);
- ``<prefix>/share/icons/hicolor/scalable/apps/sen-desktop.svg``: the app's icon.
Uninstalling removes exactly those; the data folder (``~/.local/share/SEN Secretariat``)
holds the programme's records and is left alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _beside(name: str, in_checkout: Path) -> Path:
    """A file shipped beside this script in a Linux archive (packaging/build.py
    --archive), or its place in the checkout."""
    return HERE / name if (HERE / name).is_file() else in_checkout


DESKTOP_FILE = _beside("sen-desktop.desktop", ROOT / "packaging" / "sen-desktop.desktop")
ICON = _beside("sen-desktop.svg", ROOT / "resources" / "icons" / "app.svg")
#: The built app: ``app/`` beside this script in an archive, else the checkout's dist/.
BUILT = HERE / "app" if (HERE / "app" / "sen-desktop").is_file() else ROOT / "dist" / "sen-desktop"


def _paths(prefix: Path) -> dict[str, Path]:
    return {
        "app": prefix / "lib" / "sen-secretariat",
        "link": prefix / "bin" / "sen-desktop",
        "entry": prefix / "share" / "applications" / "sen-desktop.desktop",
        "icon": prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / "sen-desktop.svg",
    }


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def desktop_entry(program: Path) -> str:
    """The menu entry with Exec and TryExec naming ``program`` (quoted if it has spaces)."""
    shown = f'"{program}"' if " " in str(program) else str(program)
    lines = []
    for line in DESKTOP_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={shown}"
        elif line.startswith("TryExec="):
            line = f"TryExec={program}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(built: Path, prefix: Path) -> Path:
    """Copy ``built`` (dist/sen-desktop) under ``prefix``; return the installed program."""
    if not (built / "sen-desktop").is_file():
        raise SystemExit(f"linux_install: {built} holds no built app; run packaging/build.py first")
    where = _paths(prefix)
    staging = where["app"].with_name(".sen-secretariat.new")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(built, staging, symlinks=True)
    if where["app"].exists():
        shutil.rmtree(where["app"])
    os.replace(staging, where["app"])
    program = where["app"] / "sen-desktop"
    where["link"].parent.mkdir(parents=True, exist_ok=True)
    where["link"].unlink(missing_ok=True)
    where["link"].symlink_to(program)
    _write(where["icon"], ICON.read_bytes())
    _write(where["entry"], desktop_entry(program).encode("utf-8"))
    return program


def uninstall(prefix: Path) -> None:
    where = _paths(prefix)
    for key in ("link", "entry", "icon"):
        where[key].unlink(missing_ok=True)
    if where["app"].exists():
        shutil.rmtree(where["app"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", type=Path, default=Path.home() / ".local",
                        help="where to install (default: ~/.local)")
    parser.add_argument("--from", dest="built", type=Path, default=BUILT,
                        help=f"the built app folder (default: {BUILT})")
    parser.add_argument("--uninstall", action="store_true", help="remove the installed app")
    args = parser.parse_args(argv)
    if args.uninstall:
        uninstall(args.prefix)
        print(f"Removed SEN Secretariat from {args.prefix}; your data folder is kept.")
        return 0
    program = install(args.built, args.prefix)
    print(f"Installed SEN Secretariat: {program}; it is in your desktop's menu.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
