"""Build the one-folder app with PyInstaller: ``python packaging/build.py``.

    python3 -m venv .venv && .venv/bin/pip install -e '.[build]'
    .venv/bin/python packaging/build.py            # -> dist/sen-desktop/

The spec (packaging/sen-desktop.spec) must analyse the *installed* package, because
``resources/`` becomes the package ``sen_desktop.resources`` only when installed, and an
editable install maps it with an import hook PyInstaller cannot follow. So this script
first installs the project, without its dependencies, into a staging folder (a wheel
built from this checkout), puts that folder first on the path, and runs PyInstaller on
the spec with the interpreter it was started with (whose PySide6, SQLAlchemy … are
bundled). The output folder holds two programs sharing everything else: "SEN
Secretariat" (the window) and "sen-desktop" (the command line).

The spec also draws the icons from resources/icons/app.svg into ``dist/icons/``
(packaging/icons.py) and writes the version to ``dist/build-info.ini``. On Windows,
``--installer`` then runs Inno Setup's ``iscc`` on packaging/windows/sen-desktop.iss,
which makes the per-user installer ``dist/installer/SEN-Secretariat-Setup-<version>.exe``
from that folder; on a Mac the same run also writes ``dist/SEN Secretariat.app``
(packaging/macos/README.md); on Linux, ``--archive`` packs the app with its installer
(packaging/linux_install.py) into ``dist/SEN-Secretariat-<version>-linux.tar.gz``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "sen-desktop.spec"


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    print("build:", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, env=env, check=True, stdin=subprocess.DEVNULL)


def build(dist: Path, work: Path) -> Path:
    """Build into ``dist`` (using ``work`` for PyInstaller's scratch files); return the
    folder of the frozen app."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            "build: PyInstaller is not installed; run: pip install -e '.[build]'"
        ) from None
    with tempfile.TemporaryDirectory(prefix="sen-build-") as scratch:
        wheels = Path(scratch) / "wheels"
        stage = Path(scratch) / "stage"
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps",
              "--quiet", "--wheel-dir", str(wheels), str(ROOT)], cwd=ROOT)
        wheel = next(wheels.glob("sen_desktop-*.whl"))
        _run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
              "--target", str(stage), str(wheel)], cwd=ROOT)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(stage), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
        # Run from the scratch folder: `python -m` puts the working folder first on the
        # path, and from the checkout that would be the checkout's sen_desktop.
        _run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
              "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
             cwd=Path(scratch), env=env)
    app = dist / "sen-desktop"
    if not (app / _program("sen-desktop")).exists():
        raise SystemExit(f"build: PyInstaller finished but {app} has no sen-desktop program")
    return app


def _program(name: str) -> str:
    return f"{name}.exe" if sys.platform == "win32" else name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the app folder goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's scratch folder (default: build/pyinstaller/)")
    parser.add_argument("--installer", action="store_true",
                        help="on Windows, also make the installer with Inno Setup (iscc)")
    parser.add_argument("--archive", action="store_true",
                        help="on Linux, also pack the app with its installer into a .tar.gz")
    args = parser.parse_args(argv)
    if args.installer and sys.platform != "win32":
        parser.error("--installer makes the Windows installer; run it on Windows")
    if args.archive and not sys.platform.startswith("linux"):
        parser.error("--archive makes the Linux archive; run it on Linux")
    if (args.dist / "sen-desktop").exists():
        shutil.rmtree(args.dist / "sen-desktop")
    app = build(args.dist.resolve(), args.work.resolve())
    print(f"build: the app is in {app}")
    if args.installer:
        installer(args.dist.resolve())
    if args.archive:
        from sen_desktop import __version__

        archive = linux_archive(app, args.dist.resolve(), __version__)
        print(f"build: the Linux archive is {archive}")
    return 0


#: The folder a Linux archive unpacks to, and what it holds beside the app.
ARCHIVE_FOLDER = "SEN Secretariat"


def linux_archive(app: Path, dist: Path, version: str) -> Path:
    """``dist/SEN-Secretariat-<version>-linux.tar.gz``: ``SEN Secretariat/`` holding the
    app (``app/``), ``install.py`` (packaging/linux_install.py, which finds the rest
    beside it), the menu entry and the icon. Unpacked anywhere, ``python3 install.py``
    installs for the user, with no administrator rights."""
    import tarfile

    dist.mkdir(parents=True, exist_ok=True)
    target = dist / f"SEN-Secretariat-{version}-linux.tar.gz"
    scratch = target.with_name(f".{target.name}.partial")
    try:
        with tarfile.open(scratch, "w:gz") as tar:
            tar.add(app, arcname=f"{ARCHIVE_FOLDER}/app")
            for source, name in (
                (ROOT / "packaging" / "linux_install.py", "install.py"),
                (ROOT / "packaging" / "sen-desktop.desktop", "sen-desktop.desktop"),
                (ROOT / "resources" / "icons" / "app.svg", "sen-desktop.svg"),
            ):
                tar.add(source, arcname=f"{ARCHIVE_FOLDER}/{name}")
        os.replace(scratch, target)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    return target


def installer(dist: Path) -> None:
    """Compile packaging/windows/sen-desktop.iss with Inno Setup 6 (per-user installer)."""
    places = [Path(os.environ.get(v, "")) / "Inno Setup 6" / "ISCC.exe"
              for v in ("ProgramFiles(x86)", "ProgramFiles")]
    places.append(Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Inno Setup 6"
                  / "ISCC.exe")  # Inno Setup's own per-user install
    found = shutil.which("iscc") or next((str(p) for p in places if p.is_file()), None)
    if found is None:
        raise SystemExit("build: Inno Setup 6 is not installed (https://jrsoftware.org/isdl.php)")
    script = ROOT / "packaging" / "windows" / "sen-desktop.iss"
    if dist != (ROOT / "dist").resolve():
        raise SystemExit("build: the installer script reads dist/ in the checkout; "
                         "build there (leave out --dist) to make the installer")
    _run([found, str(script)], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
