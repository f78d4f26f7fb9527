"""Icons and the style sheet, found by name with importlib.resources
(docs/contributing.md, rule 12).

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
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon, QPixmap

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


#: The colours app.qss is measured against (tests/gui/shell/test_accessibility_walk.py): a
#: desktop in dark mode would otherwise give the window light text on our white fields.
_PALETTE: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.Window: "#efefef",
    QPalette.ColorRole.WindowText: "#1c2430",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f6f8fa",
    QPalette.ColorRole.Text: "#1c2430",
    QPalette.ColorRole.PlaceholderText: "#5d6672",
    QPalette.ColorRole.Button: "#f7f8fa",
    QPalette.ColorRole.ButtonText: "#1c2430",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#1f4e79",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffdc",
    QPalette.ColorRole.ToolTipText: "#1c2430",
    QPalette.ColorRole.Link: "#1f4e79",
    QPalette.ColorRole.LinkVisited: "#5a2d82",
}
#: Disabled controls: readable, plainly not available (WCAG exempts them from 4.5:1).
_DISABLED: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.WindowText: "#69727d",
    QPalette.ColorRole.Text: "#69727d",
    QPalette.ColorRole.ButtonText: "#69727d",
}


def app_palette() -> QPalette:
    """The light palette the style sheet is designed on, for ``QApplication.setPalette``:
    the window looks (and measures) the same on a desktop in dark mode."""
    palette = QPalette()
    for role, colour in _PALETTE.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def pixmap(name: str, size: int, ratio: float = 1.0) -> QPixmap:
    """The icon ``icons/<name>.svg`` drawn at ``size`` logical pixels."""
    # Here, not at the top: the window's frame (the palette, the style sheet) paints
    # before any icon is drawn, and needs neither QtSvg nor these.
    from PySide6.QtCore import QByteArray, QSize
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(_read("icons", f"{name}.svg")))
    physical = max(1, round(size * ratio))
    image = QPixmap(QSize(physical, physical))
    image.fill(QColor(0, 0, 0, 0))  # transparent (Qt's namespace waits: gui/shell/navigation.py)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


def icon(name: str) -> QIcon:
    from PySide6.QtGui import QIcon

    result = QIcon()
    for size in (16, 24, 32, 64):
        result.addPixmap(pixmap(name, size))
    return result
