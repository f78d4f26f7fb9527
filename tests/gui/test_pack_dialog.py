"""The pack dialog on its own: a date it cannot read is said once, under the box."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sen_desktop.gui.pack_dialog import PackChoices, PackDialog, PackRequest, PaperChoice

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
