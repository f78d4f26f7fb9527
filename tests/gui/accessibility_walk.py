# mypy: disable-error-code="no-untyped-call"
"""The accessibility walk's measurements: names, tab order, text contrast and focus
indicators of what a window shows, measured on the rendered pixels.

Used by tests/gui/shell/test_accessibility_walk.py. Each check returns plain sentences naming
the widget and what is wrong, so a failure reads as a to-do list.

How each is measured, honestly rather than by trusting our own style sheet:

* **Names.** A control that takes focus by Tab has an accessible name, a buddy label
  pointing at it, or text of its own (a button, a check box, the tabs of a tab bar).
* **Tab order.** The focus chain is followed as Qt's own Tab does (TabFocus policy, no
  focus proxy, visible, enabled). A step is backwards when the next control is wholly
  above the current one and does not start a column to its right, or sits on the same
  line wholly to its left (reading order: down, then across columns).
* **Text contrast.** The foreground is the colour Qt will paint with: the palette after
  the style sheet has polished the widget, a model's ForegroundRole, a rich text's own
  colours. The background is what is really on screen behind it: the commonest colour
  of the rendered window inside the widget (or the table cell). WCAG 2 relative
  luminance; 4.5:1 for text, disabled controls exempt (as WCAG exempts them).
* **Focus indicator.** Each control is rendered without and with focus; the pixels that
  changed by at least 3:1 between the two must add up to at least a one-pixel ring
  round the control (WCAG 2.2's focus appearance, with a one-pixel rather than
  two-pixel perimeter).
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

TEXT_RATIO = 4.5
FOCUS_RATIO = 3.0
#: Pixels of slack when comparing positions for reading order.
ORDER_TOLERANCE = 6


# --- colour arithmetic ------------------------------------------------------------------


@cache
def luminance(rgb: int) -> float:
    """WCAG 2 relative luminance of 0xRRGGBB."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: int, b: int) -> float:
    """WCAG 2 contrast ratio of two 0xRRGGBB colours (1 to 21)."""
    la, lb = luminance(a & 0xFFFFFF), luminance(b & 0xFFFFFF)
    high, low = max(la, lb), min(la, lb)
    return (high + 0.05) / (low + 0.05)


def over(colour: QColor, background: int) -> int:
    """``colour`` painted over the opaque ``background`` (alpha blended), as 0xRRGGBB."""
    alpha = colour.alphaF()
    channels = []
    for shift, value in ((16, colour.red()), (8, colour.green()), (0, colour.blue())):
        under = (background >> shift) & 0xFF
        channels.append(round(value * alpha + under * (1 - alpha)))
    return (channels[0] << 16) | (channels[1] << 8) | channels[2]


def hex_colour(rgb: int) -> str:
    return f"#{rgb & 0xFFFFFF:06x}"


# --- the rendered window ----------------------------------------------------------------


class Shot:
    """A rendering of a top-level window, read as 0xRRGGBB pixels in window coordinates."""

    def __init__(self, window: QWidget, area: QRect | None = None) -> None:
        self.window = window
        self.area = area if area is not None else window.rect()
        pixmap = window.grab(self.area)
        image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB32)
        # A high-DPI screen renders more pixels than logical ones: read logical ones.
        if pixmap.devicePixelRatio() != 1:
            image = image.scaled(self.area.size())
        self.width, self.height = image.width(), image.height()
        self.pixels = array("I")
        self.pixels.frombytes(bytes(image.constBits())[: self.width * self.height * 4])

    def rows(self, rect: QRect) -> Iterator[array]:
        """The pixel rows of ``rect`` (window coordinates), clipped to the shot."""
        clipped = rect.intersected(self.area)
        x0, x1 = clipped.left() - self.area.left(), clipped.right() + 1 - self.area.left()
        for y in range(clipped.top(), clipped.bottom() + 1):
            start = (y - self.area.top()) * self.width
            yield self.pixels[start + x0 : start + x1]

    def background(self, rect: QRect) -> int | None:
        """The commonest colour inside ``rect``: what the text there stands on."""
        counts: Counter[int] = Counter()
        for row in self.rows(rect):
            counts.update(row)
        if not counts:
            return None
        return counts.most_common(1)[0][0] & 0xFFFFFF


def window_rect(widget: QWidget, rect: QRect | None = None) -> QRect:
    """``rect`` (default: the whole widget) in its top-level window's coordinates."""
    local = rect if rect is not None else widget.rect()
    top_left = widget.mapTo(widget.window(), local.topLeft())
    return QRect(top_left, local.size())


def changed_by(before: Shot, after: Shot, rect: QRect, ratio: float) -> int:
    """How many pixels of ``rect`` changed by at least ``ratio`` between two shots."""
    count = 0
    for old, new in zip(before.rows(rect), after.rows(rect), strict=True):
        if old == new:
            continue
        for a, b in zip(old, new, strict=True):
            if a != b and contrast(a, b) >= ratio:
                count += 1
    return count


# --- which widgets ----------------------------------------------------------------------


def describe(widget: QWidget) -> str:
    """A widget as a person would find it: its type, name and text."""
    parts = [type(widget).__name__]
    name = widget.accessibleName() or widget.objectName()
    text = ""
    if isinstance(widget, QAbstractButton | QLabel):
        text = widget.text().replace("&", "")
    elif isinstance(widget, QLineEdit):
        text = widget.placeholderText()
    if name:
        parts.append(repr(name))
    if text and text != name:
        parts.append(repr(text[:60]))
    return " ".join(parts)


def shown_in(root: QWidget) -> list[QWidget]:
    """The widgets of ``root`` a person can see now (``root`` included)."""
    widgets = [root, *root.findChildren(QWidget)]
    window = root.window()
    return [w for w in widgets if w.isVisibleTo(window) and not w.isWindow() or w is root]


def takes_tab(widget: QWidget, window: QWidget) -> bool:
    """Whether Tab can stop on ``widget`` (QApplication's focusNextPrevChild rule)."""
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
        and widget.isVisibleTo(window)
        and widget.isEnabled()
    )


def tab_chain(root: QWidget) -> list[QWidget]:
    """The controls of ``root`` in the order Tab visits them."""
    window = root.window()
    start = window
    chain: list[QWidget] = []
    seen: set[int] = set()
    widget = start.nextInFocusChain()
    while widget is not None and widget is not start and id(widget) not in seen:
        seen.add(id(widget))
        if takes_tab(widget, window) and (root is widget or root.isAncestorOf(widget)):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


# --- names ------------------------------------------------------------------------------

#: Parts of composite controls whose owner carries the name.
_INNER_PARTS = (QComboBox, QAbstractSpinBox)


def unnamed(root: QWidget) -> list[str]:
    """Controls Tab reaches that a screen reader could not name."""
    window = root.window()
    buddies = {id(label.buddy()) for label in window.findChildren(QLabel) if label.buddy()}
    problems = []
    for widget in tab_chain(root):
        if widget.accessibleName().strip() or id(widget) in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        if isinstance(widget, QTabBar) and all(
            widget.tabText(i).replace("&", "").strip() for i in range(widget.count())
        ):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, _INNER_PARTS) and (
            parent.accessibleName() or id(parent) in buddies
        ):
            continue
        problems.append(f"{describe(widget)} has no accessible name or buddy label")
    return problems


# --- tab order --------------------------------------------------------------------------


def backwards_step(a: QRect, b: QRect, tolerance: int = ORDER_TOLERANCE) -> bool:
    """Whether going from ``a`` to ``b`` (window rectangles) reads backwards."""
    wholly_above = b.bottom() < a.top() + tolerance
    new_column = b.left() >= a.right() - tolerance
    same_line = b.top() < a.bottom() - tolerance and a.top() < b.bottom() - tolerance
    wholly_left = b.right() < a.left() + tolerance
    if wholly_above:
        return not new_column
    return same_line and wholly_left


def order_problems(root: QWidget) -> list[str]:
    chain = tab_chain(root)
    if root.isWindow() and chain:
        # A window's chain is a ring: read it from its first control in reading order.
        first = min(range(len(chain)), key=lambda i: (window_rect(chain[i]).top(),
                                                      window_rect(chain[i]).left()))
        chain = chain[first:] + chain[:first]
    problems = []
    for a, b in zip(chain, chain[1:], strict=False):
        if backwards_step(window_rect(a), window_rect(b)):
            problems.append(f"Tab goes back from {describe(a)} to {describe(b)}")
    return problems


# --- text contrast ----------------------------------------------------------------------


def _document_colours(document: QTextDocument, default: QColor) -> Iterable[QColor]:
    """The colours the fragments of a rich text are painted in."""
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.text().strip():
                brush: QBrush = fragment.charFormat().foreground()
                yield brush.color() if brush.style() != Qt.BrushStyle.NoBrush else default
            iterator += 1
        block = block.next()


def _label_colours(label: QLabel) -> Iterable[QColor]:
    default = label.palette().color(QPalette.ColorGroup.Active, label.foregroundRole())
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if not rich:
        return [default]
    document = QTextDocument()
    document.setHtml(text)
    return list(_document_colours(document, default)) or [default]


@dataclass
class TextCheck:
    shot: Shot
    problems: list[str]

    def check(self, what: str, colour: QColor, area: QRect, background: int | None = None) -> None:
        behind = background if background is not None else self.shot.background(area)
        if behind is None:
            return
        ink = over(colour, behind)
        ratio = contrast(ink, behind)
        if ratio < TEXT_RATIO - 0.005:
            self.problems.append(
                f"{what}: text {hex_colour(ink)} on {hex_colour(behind)} is {ratio:.2f}:1"
            )


def _item_view_text(view: QAbstractItemView, check: TextCheck) -> None:
    painted = getattr(view, "painted_text_colours", None)
    if painted is not None:
        # A view that paints its own rows says which colours it painted them in.
        for what, ink, back in painted():
            behind = over(back, 0xFFFFFF)
            check.check(f"{describe(view)} {what}", ink, QRect(), background=behind)
        return
    model = view.model()
    if model is None:
        return
    viewport = view.viewport()
    palette = view.palette()
    visible = viewport.rect()
    selection = view.selectionModel()
    rows = model.rowCount(view.rootIndex())
    try:
        columns = model.columnCount(view.rootIndex())
    except TypeError:  # a list model keeps columnCount to itself: one column
        columns = 1
    seen = 0
    for row in range(rows):
        for column in range(columns):
            index = model.index(row, column, view.rootIndex())
            rect = view.visualRect(index)
            if not rect.isValid() or not rect.intersects(visible):
                continue
            seen += 1
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if not isinstance(text, str) or not text.strip() or text == "…":
                continue
            selected = selection is not None and selection.isSelected(index)
            colour = _item_colour(index, palette, selected)
            area = window_rect(viewport, rect.intersected(visible))
            where = f"{describe(view)} row {row + 1} column {column + 1} {text[:30]!r}"
            check.check(where, colour, area)
        if seen and view.visualRect(model.index(row, 0, view.rootIndex())).top() > visible.bottom():
            break


def _item_colour(index: QModelIndex, palette: QPalette, selected: bool) -> QColor:
    if selected:
        return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    brush = index.data(Qt.ItemDataRole.ForegroundRole)
    if isinstance(brush, QBrush) and brush.style() != Qt.BrushStyle.NoBrush:
        return brush.color()
    if isinstance(brush, QColor):
        return brush
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)


def text_problems(root: QWidget, shot: Shot) -> list[str]:
    """Text in ``root`` below 4.5:1 against what it is painted on."""
    check = TextCheck(shot, [])
    for widget in shown_in(root):
        if not widget.isEnabled() or widget.width() <= 1 or widget.height() <= 1:
            continue
        palette = widget.palette()
        area = window_rect(widget)
        if isinstance(widget, QLabel):
            if widget.text().strip() and widget.pixmap().isNull():
                for colour in _label_colours(widget):
                    check.check(describe(widget), colour, area)
        elif isinstance(widget, QAbstractButton):
            if widget.text().strip():
                check.check(describe(widget), palette.color(widget.foregroundRole()), area)
        elif isinstance(widget, QLineEdit) and widget.hasSelectedText():
            # Chosen text is drawn in the selection colours on the field's own base.
            for ink, back in ((QPalette.ColorRole.Text, QPalette.ColorRole.Base),
                              (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight)):
                behind = over(palette.color(back), 0xFFFFFF)
                check.check(describe(widget), palette.color(ink), area, background=behind)
        elif isinstance(widget, QLineEdit):
            role = QPalette.ColorRole.Text
            if not widget.text() and widget.placeholderText():
                role = QPalette.ColorRole.PlaceholderText
            if widget.text() or widget.placeholderText():
                placeholder = role != QPalette.ColorRole.Text
                what = describe(widget) + (" placeholder" if placeholder else "")
                check.check(what, palette.color(role), area)
        elif isinstance(widget, QComboBox):
            if widget.currentText() and not widget.isEditable():
                check.check(describe(widget), palette.color(QPalette.ColorRole.ButtonText), area)
        elif isinstance(widget, QGroupBox):
            if widget.title():
                title = QRect(area.topLeft(), area.size())
                title.setHeight(widget.fontMetrics().height() + 2)
                check.check(describe(widget) + " title",
                            palette.color(QPalette.ColorRole.WindowText), title)
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                tab = window_rect(widget, widget.tabRect(i))
                colour = widget.tabTextColor(i)
                if not colour.isValid():
                    colour = palette.color(widget.foregroundRole())
                check.check(f"{describe(widget)} tab {widget.tabText(i)!r}", colour, tab)
        elif isinstance(widget, QTextEdit):
            viewport = window_rect(widget.viewport())
            default = palette.color(QPalette.ColorRole.Text)
            for colour in set(map(QColor.rgba, _document_colours(widget.document(), default))):
                check.check(describe(widget), QColor.fromRgba(colour), viewport)
        elif isinstance(widget, QPlainTextEdit):
            if widget.toPlainText().strip():
                check.check(describe(widget), palette.color(QPalette.ColorRole.Text),
                            window_rect(widget.viewport()))
        elif isinstance(widget, QAbstractItemView):
            _item_view_text(widget, check)
    return check.problems


# --- the edges of fields -----------------------------------------------------------------

EDGE_RATIO = 3.0


def _is_field(widget: QWidget) -> bool:
    if isinstance(widget.parentWidget(), _INNER_PARTS):
        return False  # the line edit inside a combo or number box: its owner has the edge
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QComboBox | QAbstractSpinBox)


def edge_problems(root: QWidget, shot: Shot) -> list[str]:
    """Fields whose edge is under 3:1 against what surrounds them (WCAG 1.4.11): the
    strongest pixel of the field's left edge against the pixel just outside it."""
    problems = []
    for widget in shown_in(root):
        if not widget.isEnabled() or not _is_field(widget) or widget.height() < 6:
            continue
        area = window_rect(widget)
        middle = area.top() + area.height() // 2
        outside = QRect(area.left() - 3, middle, 1, 1)
        edge = QRect(area.left(), middle, 3, 1)
        around = shot.background(outside)
        if around is None:
            continue
        best = max((contrast(pixel, around) for row in shot.rows(edge) for pixel in row),
                   default=1.0)
        if best < EDGE_RATIO:
            problems.append(f"{describe(widget)}: its edge is {best:.2f}:1 against "
                            f"{hex_colour(around)} around it")
    return problems


# --- focus indicators -------------------------------------------------------------------


def focus_problems(root: QWidget, settle: object) -> list[str]:
    """Controls whose focused look differs from their unfocused look by less than a
    one-pixel ring at 3:1. ``settle()`` lets Qt process the focus change."""
    window = root.window()
    chain = tab_chain(root)
    if not chain:
        return []
    parking = _parking_spot(window, chain)
    had_focus = QApplication.focusWidget()
    problems = _each_focus(chain, window, parking, settle)
    if had_focus is not None:  # as it was (a dialog's default button follows the focus)
        had_focus.setFocus(Qt.FocusReason.OtherFocusReason)
        settle()  # type: ignore[operator]
    return problems


def _each_focus(
    chain: list[QWidget], window: QWidget, parking: QWidget | None, settle: object
) -> list[str]:
    problems = []
    for widget in chain:
        # Focused first and scrolled into view, as Tab does; then drawn without focus.
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        _scroll_into_view(widget)
        settle()  # type: ignore[operator]
        seen = widget.visibleRegion().boundingRect()
        area = window_rect(widget, seen).adjusted(-2, -2, 2, 2).intersected(window.rect())
        if seen.isEmpty() or area.isEmpty():
            problems.append(f"{describe(widget)} is out of sight when it has the focus")
            continue
        parking.setFocus(Qt.FocusReason.TabFocusReason) if parking else widget.clearFocus()
        settle()  # type: ignore[operator]
        before = Shot(window, area)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        settle()  # type: ignore[operator]
        if QApplication.focusWidget() is not widget:
            # A loaded machine may not have made a new dialog the active window yet;
            # focus goes only to the active window, so activate it once and ask again.
            window.activateWindow()
            settle()  # type: ignore[operator]
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            settle()  # type: ignore[operator]
        if QApplication.focusWidget() is not widget:
            problems.append(f"{describe(widget)} did not take the focus")
            continue
        after = Shot(window, area)
        ring = _ring(widget)
        changed = changed_by(before, after, area, FOCUS_RATIO)
        if changed < ring:
            problems.append(
                f"{describe(widget)}: focus changes {changed} pixels by 3:1, "
                f"fewer than a one-pixel ring ({ring})"
            )
    return problems


def _scroll_into_view(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and (
            parent.widget().isAncestorOf(widget)
        ):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()


def _ring(widget: QWidget) -> int:
    """The pixels of a one-pixel ring round what shows the focus: the sides of the
    control that are in view (a scroll area may cut some off), or a tab bar's current
    tab."""
    if isinstance(widget, QTabBar) and widget.currentIndex() >= 0:
        rect = widget.tabRect(widget.currentIndex()).intersected(widget.rect())
        return 2 * (rect.width() + rect.height())
    full, seen = widget.rect(), widget.visibleRegion().boundingRect()
    ring = 0
    if seen.top() == full.top():
        ring += seen.width()
    if seen.bottom() == full.bottom():
        ring += seen.width()
    if seen.left() == full.left():
        ring += seen.height()
    if seen.right() == full.right():
        ring += seen.height()
    return max(ring, seen.width())


def _parking_spot(window: QWidget, chain: list[QWidget]) -> QWidget | None:
    """A control outside ``chain`` to hold the focus while a control is drawn without it."""
    members = {id(w) for w in chain}
    for widget in window.findChildren(QWidget):
        if id(widget) not in members and takes_tab(widget, window) and not any(
            widget.isAncestorOf(w) or w.isAncestorOf(widget) for w in chain
        ):
            return widget
    return None


def all_problems(root: QWidget) -> list[str]:
    """Every check above on ``root`` (a page, a window or a dialog that is active)."""
    shot = Shot(root.window())
    return (
        unnamed(root)
        + order_problems(root)
        + text_problems(root, shot)
        + edge_problems(root, shot)
        + focus_problems(root, QApplication.processEvents)
    )
