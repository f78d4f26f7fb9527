# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""What the Recommendations page's tests share: a window whose Steering Group has a
chair (and whose laptop may be certified as the chair's), recommendations raised and
taken along their pathway through the services on the worker, and the page's steps as
a person takes them (open it, choose one, open a form, save it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from gui_helpers import click_navigation, on_worker
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QWidget

from sen_desktop.core.programme import seed
from sen_desktop.gui.recommendations.decision_dialog import DecisionDialog
from sen_desktop.gui.recommendations.models import RecommendationListModel
from sen_desktop.gui.shell.window import MainWindow
from tests.chair_helpers import certify_this_laptop

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from sen_desktop.core.recommendations.records import RecommendationDetail
    from sen_desktop.core.recommendations.service import RecommendationService
    from sen_desktop.gui.recommendations.page import RecommendationsPage

OpenWindow = Callable[..., MainWindow]
D = TypeVar("D", bound=QDialog)
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton
WAIT_MS = 30_000
#: A recommendation agreed by its working group and put to the Steering Group.
SUBMITTED = ("agreed", "submitted_to_sg")


# --- the programme -----------------------------------------------------------------------


def recommendations_of(window: MainWindow) -> RecommendationService:
    """The open programme's recommendation service (call it on the worker)."""
    session = window.session
    assert session is not None
    return session.recommendations


def window_with_sg_chair(
    qtbot: QtBot, open_window: OpenWindow, *, certified: bool
) -> tuple[MainWindow, str]:
    """A window with Sam Chair in the Steering Group's chair (and, if ``certified``, this
    laptop certified as the chair's); the window and Sam Chair's id."""
    window = open_window()
    chair = appoint_sg_chair(qtbot, window)
    if certified:
        certify_as_sg_chair(qtbot, window, chair)
    return window, chair


def raised(
    qtbot: QtBot,
    window: MainWindow,
    code: str,
    title: str,
    *steps: str | tuple[str, dict[str, Any]],
    text: str = "",
) -> str:
    """A recommendation of group ``code`` raised through the service on the worker, then
    taken through ``steps`` (a transition, or a transition and ``record_event``'s
    options); its id."""
    recs = recommendations_of(window)

    def make() -> str:
        rec = recs.create(seed.group_id(code), title, **({"text": text} if text else {}))
        for step in steps:
            transition, options = (step, {}) if isinstance(step, str) else step
            recs.record_event(rec.id, transition, **options)
        return rec.id

    return on_worker(qtbot, window, make)


def appoint_sg_chair(qtbot: QtBot, window: MainWindow) -> str:
    """Sam Chair in the Steering Group's chair: the person the decision form offers."""
    session = window.session
    assert session is not None

    def make() -> str:
        chair = session.people.create(full_name="Sam Chair")
        seats = session.programme.group(seed.group_id("SG")).seats
        seat = next(s for s in seats if s.is_chair)
        session.people.appoint(seat.id, chair.id, dt.date(2010, 1, 4))
        return chair.id

    return on_worker(qtbot, window, make)


def certify_as_sg_chair(qtbot: QtBot, window: MainWindow, chair: str) -> None:
    """This laptop certified by the programme's root as the Steering Group chair's."""
    session = window.session
    assert session is not None
    on_worker(qtbot, window, lambda: certify_this_laptop(
        session.db.session_factory, session.data_dir, [("SG", chair, dt.date(2010, 1, 1))]))


# --- the page, as a person uses it -------------------------------------------------------


def open_page(qtbot: QtBot, window: MainWindow) -> RecommendationsPage:
    page = window.recommendations_page
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        click_navigation(qtbot, window, "Recommendations")
    return page


def reopen_page(qtbot: QtBot, window: MainWindow) -> RecommendationsPage:
    """Away to another page and back, as a person looking again would."""
    click_navigation(qtbot, window, "People")
    return open_page(qtbot, window)


def new_dialog(qtbot: QtBot, owner: Callable[[], QDialog | None], kind: type[D],
               before: QDialog | None) -> D:
    def opened() -> bool:
        dialog = owner()
        return dialog is not before and isinstance(dialog, kind) and dialog.isVisible()

    qtbot.waitUntil(opened, timeout=WAIT_MS)
    dialog = owner()
    assert isinstance(dialog, kind)
    return dialog


def page_dialog(qtbot: QtBot, page: RecommendationsPage, button: QWidget, kind: type[D]) -> D:
    before = page.dialog
    qtbot.mouseClick(button, LEFT)
    return new_dialog(qtbot, lambda: page.dialog, kind, before)


def save(qtbot: QtBot, dialog: QDialog) -> None:
    """Save and wait for the dialog to close (the service accepted it)."""
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, LEFT)  # type: ignore[attr-defined]


def shown(page: RecommendationsPage) -> RecommendationDetail:
    """The recommendation the page shows (waitUntil retries while there is none)."""
    detail = page.detail()
    assert detail is not None, "no recommendation shown"
    return detail


def choose(qtbot: QtBot, page: RecommendationsPage, reference: str) -> None:
    assert page.select_reference(reference)
    qtbot.waitUntil(lambda: shown(page).record.reference == reference, timeout=WAIT_MS)


def verified_text(page: RecommendationsPage, reference: str) -> str:
    model = page.model
    for row, record in enumerate(model.records()):
        if record.summary.reference == reference:
            return str(model.data(model.index(row, RecommendationListModel.VERIFIED)))
    raise AssertionError(f"{reference} is not in the list")


def record_step(qtbot: QtBot, page: RecommendationsPage, label: str) -> list[str]:
    """Record decision… from the page with ``label`` chosen; returns the steps the
    form offered."""
    dialog = page_dialog(qtbot, page, page.decision_button, DecisionDialog)
    steps = offered(dialog)
    combo = dialog.ui.transition_combo
    index = combo.findText(label)
    assert index >= 0, f"{label!r} is not offered"
    combo.setCurrentIndex(index)
    reference = shown(page).record.reference
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: shown(page).record.reference == reference
                    and any(e.transition_label == label for e in shown(page).events),
                    timeout=WAIT_MS)
    return steps


def tick(qtbot: QtBot, box: QAbstractButton) -> None:
    """Click a check box or radio button on its indicator, as a person would."""
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def offered(dialog: DecisionDialog) -> list[str]:
    combo = dialog.ui.transition_combo
    return [combo.itemText(i) for i in range(combo.count())]
