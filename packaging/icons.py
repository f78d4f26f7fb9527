"""Make the installers' icons from the app's one drawing, resources/icons/app.svg.

    python packaging/icons.py [FOLDER]      # -> FOLDER/sen-desktop.ico, sen-desktop.icns

The spec (packaging/sen-desktop.spec) calls ``make_icons`` at build time, so no binary
icon is kept in the repository and the three platforms' icons never drift from the
window's: Windows' ``.ico`` (16 to 256 pixels, for the programs, the Start menu, Setup
and its uninstaller) and macOS's ``.icns`` (128 to 1024 pixels, for the app bundle).
Linux menus read the SVG itself (packaging/linux_install.py).

Both files are containers of PNG images, which every Windows since Vista and every macOS
since 10.7 read; the containers are written here (a few lines each) so the build needs
nothing beyond the PySide6 it bundles anyway: Qt draws the SVG at each size.
"""

from __future__ import annotations

import os
import struct
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "app.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: macOS's PNG icon types by edge in pixels (128, 256, 512 and 1024 "@2x" of 512).
ICNS_TYPES = ((128, b"ic07"), (256, b"ic08"), (512, b"ic09"), (1024, b"ic10"))


def render_png(svg: Path, size: int) -> bytes:
    """``svg`` drawn on a transparent ``size`` x ``size`` square, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])  # Qt draws only with an app
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"icons: {svg} is not a drawing Qt can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # stubs say bytes; str runs
        raise SystemExit("icons: Qt could not write a PNG")
    buffer.close()
    del _app
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding each PNG (keyed by its edge in pixels)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        png = pngs[size]
        edge = 0 if size >= 256 else size  # 0 stands for 256
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns_bytes(pngs: dict[bytes, bytes]) -> bytes:
    """A macOS icon family holding each PNG (keyed by its four-letter type)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in pngs.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(scratch, 0o644)  # mkstemp's 0600 would hide it from an installer's user
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def make_icons(folder: Path, svg: Path = SVG) -> tuple[Path, Path]:
    """Write ``sen-desktop.ico`` and ``sen-desktop.icns`` drawn from ``svg`` into
    ``folder``; return their paths."""
    drawn = {size: render_png(svg, size)
             for size in sorted({*ICO_SIZES, *(edge for edge, _ in ICNS_TYPES)})}
    ico, icns = folder / "sen-desktop.ico", folder / "sen-desktop.icns"
    _write(ico, ico_bytes({size: drawn[size] for size in ICO_SIZES}))
    _write(icns, icns_bytes({kind: drawn[edge] for edge, kind in ICNS_TYPES}))
    return ico, icns


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"
    for made in make_icons(target):
        print(f"icons: wrote {made}")
