"""Where the main window goes: inside the screen's available area, title bar included.

On first start (no saved geometry) the window takes its preferred 1280 × 800, or as
much of the screen's available area as there is (a 1366 × 768 laptop less its taskbar),
centred, and ``keep_inside`` corrects the estimated frame once the window is shown.
Later starts restore the saved geometry (Qt's restoreGeometry keeps it on the screen).
``--screenshot --size WxH`` uses ``screenshot_size`` to render the window as the first
start would show it on such a screen (``gui/shell/main.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget

PREFERRED = QSize(1280, 800)
#: The desktop's title bar and borders before the window is first shown (Windows 10 and
#: 11 at 100 %: a 31-pixel title bar and 8-pixel resize borders); corrected after show.
ESTIMATED_FRAME = QMargins(8, 31, 8, 8)
#: The taskbar a ``--size`` screen is taken to have (Windows 11's, 48 pixels at 100 %).
SCREENSHOT_TASKBAR = 48


def fitted_geometry(area: QRect, frame: QMargins = ESTIMATED_FRAME,
                    preferred: QSize = PREFERRED) -> QRect:
    """The window's inside on first start: ``preferred``, or all the room ``area`` leaves
    once ``frame`` is drawn around it, centred in ``area``."""
    room = area.marginsRemoved(frame)
    width = max(1, min(preferred.width(), room.width()))
    height = max(1, min(preferred.height(), room.height()))
    left = room.left() + (room.width() - width) // 2
    top = room.top() + (room.height() - height) // 2
    return QRect(left, top, width, height)


def pulled_inside(client: QRect, frame: QMargins, area: QRect) -> QRect:
    """``client`` moved, and shrunk if it must be, so that it and its frame fit ``area``."""
    room = area.marginsRemoved(frame)
    width = min(client.width(), room.width())
    height = min(client.height(), room.height())
    left = min(max(client.left(), room.left()), room.right() - width + 1)
    top = min(max(client.top(), room.top()), room.bottom() - height + 1)
    return QRect(left, top, width, height)


def frame_margins(window: QWidget) -> QMargins:
    """The desktop's frame around ``window`` as drawn (estimated until it is shown)."""
    if not window.isVisible():
        return ESTIMATED_FRAME
    outer, inner = window.frameGeometry(), window.geometry()
    return QMargins(inner.left() - outer.left(), inner.top() - outer.top(),
                    outer.right() - inner.right(), outer.bottom() - inner.bottom())


def available_area(window: QWidget) -> QRect | None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def place_first_time(window: QWidget, splitter: QSplitter | None = None) -> None:
    """First start: fit the screen's available area (before the window is shown), and
    size the navigation in ``splitter`` for that width."""
    area = available_area(window)
    if area is not None:
        window.setGeometry(fitted_geometry(area))
    if splitter is not None:
        size_navigation(splitter, window.width())


def keep_inside(window: QWidget) -> bool:
    """Pull a shown window back inside its screen's available area; True if it moved."""
    if window.isMaximized() or window.isFullScreen():
        return False
    area = available_area(window)
    if area is None or area.contains(window.frameGeometry()):
        return False
    target = pulled_inside(window.geometry(), frame_margins(window), area)
    if target == window.geometry():
        return False
    window.setGeometry(target)
    return True


def screenshot_size(width: int, height: int, scale: float) -> QSize:
    """The window's inside, in logical pixels, on first start on a ``width`` × ``height``
    screen at ``scale`` (1.25 for 125 %) with a taskbar along its foot."""
    logical = QRect(0, 0, round(width / scale), round(height / scale) - SCREENSHOT_TASKBAR)
    return fitted_geometry(logical).size()


#: The navigation's width: the long group names whole on a 1280-wide window, less on a
#: smaller one (they elide), so a 1366 x 768 laptop at 125 % gives its pages ~60 px more.
NAVIGATION_WIDE, NAVIGATION_NARROW = 290, 230


def navigation_width(window_width: int) -> int:
    return NAVIGATION_WIDE if window_width >= PREFERRED.width() else NAVIGATION_NARROW


def size_navigation(splitter: QSplitter, window_width: int) -> None:
    """First start: the navigation's share of a window ``window_width`` wide."""
    navigation = navigation_width(window_width)
    splitter.setSizes([navigation, max(1, window_width - navigation)])


def main_splitter(navigation: QWidget, page_area: QWidget) -> QSplitter:
    """The window's two panes: the navigation, and the page area taking the growth."""
    splitter = QSplitter()  # side by side, a splitter's own orientation
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(navigation)
    splitter.addWidget(page_area)
    splitter.setStretchFactor(1, 1)
    size_navigation(splitter, PREFERRED.width())
    return splitter
