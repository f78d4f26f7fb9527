"""Icons and the style sheet, found by name with importlib.resources (STYLE.md rule 12).

Reading bytes rather than paths keeps this working from a checkout, a wheel or a
frozen build; SVGs are rendered with QtSvg so no image-format plugin is needed.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

_PACKAGE = "sen_desktop.resources"


def _read(*parts: str) -> bytes:
    return files(_PACKAGE).joinpath(*parts).read_bytes()


@cache
def style_sheet() -> str:
    return _read("styles", "app.qss").decode("utf-8")


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
