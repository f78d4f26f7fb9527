"""The pack dialog on its own: a date it cannot read is said once, under the box."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt

from sen_desktop.gui.papers.pack_dialog import PackChoices, PackDialog, PackRequest, PaperChoice
from sen_desktop.gui.shell import geometry as window_geometry

if TYPE_CHECKING:
    import pytest
    from pytestqt.qtbot import QtBot

CHOICES = PackChoices(
    papers=(PaperChoice("minutes", "m1", "Minutes SG/1 — Monday 6 September 2010"),),
    bodies=(("SMT", "Senior Management Team"),),
    groups=(("SG", "Strategy Steering Group"),),
)


def test_a_date_it_cannot_read_is_said_once_under_the_box(qtbot: QtBot) -> None:
    dialog = PackDialog(CHOICES, today=dt.date(2026, 12, 7))
    qtbot.addWidget(dialog)
    dialog.show()
    f = dialog.form
    f.available_list.setCurrentRow(0)
    qtbot.mouseClick(f.add_button, Qt.MouseButton.LeftButton)
    chosen: list[PackRequest] = []
    dialog.chosen.connect(chosen.append)
    f.date_edit.edit.selectAll()
    qtbot.keyClicks(f.date_edit.edit, "30/02/2027")
    dialog.accept()
    assert chosen == [] and dialog.isVisible()
    said = "February 2027 has 28 days: check the day."
    assert f.date_edit.problem_label.text() == said and f.date_edit.problem_label.isVisible()
    assert not f.form_error.isVisible()  # not said a second time in the form's line
    assert dialog.focusWidget() is f.date_edit.edit
    f.date_edit.edit.selectAll()
    qtbot.keyClicks(f.date_edit.edit, "14 Jan 27")
    dialog.accept()
    assert [request.date for request in chosen] == [dt.date(2027, 1, 14)]
    assert not f.date_edit.problem_label.isVisible()


def test_the_dialog_opens_within_a_small_screen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1366 × 768 at 125 %, less a taskbar: 1092 × 576 logical pixels to give.
    monkeypatch.setattr(window_geometry, "available_area", lambda _w: QRect(0, 0, 1092, 576))
    dialog = PackDialog(CHOICES, today=dt.date(2026, 12, 7))
    qtbot.addWidget(dialog)
    assert dialog.height() > 576 - 39  # the form asks for 1020 × 600
    dialog.show()
    frame = window_geometry.ESTIMATED_FRAME
    assert dialog.width() + frame.left() + frame.right() <= 1092
    assert dialog.height() + frame.top() + frame.bottom() <= 576
    assert dialog.height() >= dialog.minimumSizeHint().height()  # never squeezed
