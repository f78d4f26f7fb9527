"""Icons and the style sheet, found by name with importlib.resources (STYLE.md rule 12).

Reading bytes rather than paths keeps this working from a checkout, a wheel or a
frozen build; SVGs are rendered with QtSvg so no image-format plugin is needed.

The style sheet's own images (the arrows of lists and number boxes) must be files Qt can
open by name: ``@ICONS@`` in app.qss becomes the icons folder, or a private copy of it
when the package is not a plain folder on disk (a zipped install).
"""

from __future__ import annotations

import tempfile
from functools import cache
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

_PACKAGE = "sen_desktop.resources"


def _read(*parts: str) -> bytes:
    return files(_PACKAGE).joinpath(*parts).read_bytes()


#: The icons app.qss names, so a private copy need hold only these.
_STYLE_ICONS = ("chevron-down.svg", "chevron-up.svg")


@cache
def _style_icon_folder() -> str:
    folder = files(_PACKAGE).joinpath("icons")
    if isinstance(folder, Path) and folder.is_dir():
        return folder.as_posix()
    copy = Path(tempfile.mkdtemp(prefix="sen-style-icons-"))
    for name in _STYLE_ICONS:
        (copy / name).write_bytes(_read("icons", name))
    return copy.as_posix()


@cache
def style_sheet() -> str:
    return _read("styles", "app.qss").decode("utf-8").replace("@ICONS@", _style_icon_folder())


def pixmap(name: str, size: int, ratio: float = 1.0) -> QPixmap:
    """The icon ``icons/<name>.svg`` drawn at ``size`` logical pixels."""
    renderer = QSvgRenderer(QByteArray(_read("icons", f"{name}.svg")))
    physical = max(1, round(size * ratio))
    image = QPixmap(QSize(physical, physical))
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def icon(name: str) -> QIcon:
    result = QIcon()
    for size in (16, 24, 32, 64):
        result.addPixmap(pixmap(name, size))
    return result
