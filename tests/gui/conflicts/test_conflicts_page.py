"""The Conflicts page keeps the field a person chose across a reload (by its key), and
lists clashing references with "Renumber"."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.programme import seed
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.gui.common.tasks import TaskRunner
from sen_desktop.gui.conflicts.page import ConflictsPage
from sen_desktop.gui.shell.session import open_programme_services
from sen_desktop.sync.conflicts import resolve_conflict
from tests.gui.exchange.test_sync_page import _edit, _exchange, page_context
from tests.gui.shell.test_accessibility import _unnamed_controls

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

WAIT = 30_000


def _two_conflicts(a: Path, b: Path, tmp_path: Path) -> None:
    # ``_exchange`` makes ``a`` the programme's lead and admits ``b`` on the first call.
    db = open_programme(a)
    try:
        meetings = MeetingService(db.session_factory)
        meeting = meetings.schedule(seed.group_id("SG"), dt.date(2026, 12, 3))
        items = [item.id for item in meetings.meeting(meeting.id).agenda[:2]]
    finally:
        db.close()
    for item in items:
        _edit(a, item, "Noted.")
    _exchange(a, b, tmp_path / "a1.senbundle")
    for n, item in enumerate(items):
        _edit(a, item, f"Noted on the lead's laptop ({n}).")
        _edit(b, item, f"Noted on the other laptop ({n}).")
    _exchange(b, a, tmp_path / "b1.senbundle")


def test_the_chosen_conflict_stays_chosen_across_reloads(
    qtbot: QtBot, tmp_path: Path, data_dir: Path
) -> None:
    _two_conflicts(data_dir, tmp_path / "laptop-b", tmp_path)
    session = open_programme_services(data_dir)
    runner = TaskRunner()
    page = ConflictsPage()
    qtbot.addWidget(page)
    page.show()
    try:
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.open(page_context(runner, session, "conflicts"))
        assert page.model.rowCount() == 2
        assert page.current() is not None and page.list.currentIndex().row() == 0

        page.list.setFocus()
        qtbot.keyClick(page.list, Qt.Key.Key_Down)
        chosen = page.current()
        assert chosen is not None and page.list.currentIndex().row() == 1
        shown = sorted(box.toPlainText() for box in page.version_texts)
        n = shown[0][-3]
        assert shown == [f"Noted on the lead's laptop ({n}).", f"Noted on the other laptop ({n})."]
        # A reload (e.g. coming back to the page) keeps the second one chosen.
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.reload()
        assert page.list.currentIndex().row() == 1
        assert page.current() is not None and page.current().key == chosen.key  # type: ignore[union-attr]

        other = page.model.record(0)
        assert other is not None
        with session.db.session_factory.begin() as s:
            entity, row_id, field = other.key  # type: ignore[misc]
            resolve_conflict(s, entity, row_id, field, "Resolved elsewhere.")

        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.reload()
        assert page.model.rowCount() == 1
        assert page.current() is not None and page.current().key == chosen.key  # type: ignore[union-attr]
        assert page.list.selectionModel().isRowSelected(0)
        assert sorted(box.toPlainText() for box in page.version_texts) == shown
    finally:
        runner.shutdown()
        session.close()


def test_conflicts_are_listed_in_reading_order() -> None:
    from sen_desktop.sync.conflict_service import natural_key

    places = ["SG meeting 3, item 10", "SG meeting 3, item 2", "BESD meeting 12, item 1",
              "BESD meeting 2, item 1"]
    assert sorted(places, key=natural_key) == [
        "BESD meeting 2, item 1", "BESD meeting 12, item 1", "SG meeting 3, item 2",
        "SG meeting 3, item 10",
    ]


def _clashing(data_dir: Path, *, circulated: bool = False) -> None:
    """Two SG meetings numbered 1 and two SG-1 actions, as an import would leave them."""
    from sen_desktop.core.store.models import Action, Meeting

    db = open_programme(data_dir)
    try:
        with db.session_factory.begin() as s:
            for day in (dt.date(2011, 3, 3), dt.date(2011, 3, 4)):
                s.add(
                    Meeting(
                        group_id=seed.group_id("SG"),
                        number=1,
                        date=day,
                        status="circulated" if circulated else "planned",
                    )
                )
            for words in ("Book the hall", "Write to heads"):
                s.add(Action(reference="SG-1", group_id=seed.group_id("SG"), description=words))
    finally:
        db.close()


def _open_page(qtbot: QtBot, data_dir: Path) -> tuple[ConflictsPage, TaskRunner, object]:
    session = open_programme_services(data_dir)
    runner = TaskRunner()
    page = ConflictsPage()
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.open(page_context(runner, session, "conflicts"))
    return page, runner, session


def test_clashing_references_are_listed_and_renumbered_from_the_keyboard(
    qtbot: QtBot, data_dir: Path
) -> None:
    _clashing(data_dir)
    page, runner, session = _open_page(qtbot, data_dir)
    try:
        assert page.clash_box.isVisible()
        assert page.clash_box.title() == "Clashing references (2)"
        assert [page.clash_model.record(n).label for n in range(2)] == [  # type: ignore[union-attr]
            "SG 1 (meeting)",
            "SG-1 (action)",
        ]
        assert page.summary.text().startswith("No text conflicts. Some references were given")
        assert page.clash_text.text().startswith(
            "Two meetings are numbered SG 1: 3 March 2011 (made on this laptop) and "
            "4 March 2011 (made on this laptop). Renumber the one not yet published"
        )
        assert page.renumber_button.isVisible() and page.renumber_button.isEnabled()
        assert page.renumber_button.accessibleName() == (
            "Renumber the one not yet published of SG 1"
        )
        assert page.choice_buttons == []
        assert _unnamed_controls(page) == []
        # Keyboard: the list, then down to the action, then Tab to "Renumber" and Space.
        page.clash_list.setFocus()
        qtbot.keyClick(page.clash_list, Qt.Key.Key_Down)
        assert page.current_clash().reference == "SG-1"  # type: ignore[union-attr]
        page.renumber_button.setFocus()
        assert page.renumber_button.hasFocus()
        messages: list[str] = []
        page.status_message.connect(messages.append)
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            qtbot.keyClick(page.renumber_button, Qt.Key.Key_Space)
        assert messages == ["Renumbered: SG-1 is now SG-2."]
        assert page.clash_model.rowCount() == 1
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            page.renumber()
        assert messages[-1] == "Renumbered: SG 1 is now SG 2."
        assert not page.clash_box.isVisible()
        assert page.summary.text().startswith("No conflicts.")
    finally:
        runner.shutdown()
        session.close()  # type: ignore[attr-defined]


def test_two_published_references_are_left_for_a_person_to_choose(
    qtbot: QtBot, data_dir: Path
) -> None:
    _clashing(data_dir, circulated=True)
    page, runner, session = _open_page(qtbot, data_dir)
    try:
        assert page.current_clash().reference == "SG 1"  # type: ignore[union-attr]
        assert page.clash_model.record(0).label == "SG 1 (meeting) — for a person to decide"  # type: ignore[union-attr]
        assert "a person must decide" in page.clash_text.text()
        assert not page.renumber_button.isVisible()
        assert _unnamed_controls(page) == []
        assert [b.text() for b in page.choice_buttons] == [
            "Renumber the meeting of 3 March 2011",
            "Renumber the meeting of 4 March 2011",
        ]
        assert [b.accessibleName() for b in page.choice_buttons] == [
            "Renumber the meeting of 3 March 2011 (published: its minutes were circulated)",
            "Renumber the meeting of 4 March 2011 (published: its minutes were circulated)",
        ]
        with qtbot.waitSignal(page.loaded, timeout=WAIT):
            qtbot.mouseClick(page.choice_buttons[1], Qt.MouseButton.LeftButton)
        assert [clash.reference for clash in page.clashes] == ["SG-1"]
    finally:
        runner.shutdown()
        session.close()  # type: ignore[attr-defined]


def test_minutes_that_cannot_be_counted_again_say_what_to_change(
    qtbot: QtBot, data_dir: Path
) -> None:
    from sen_desktop.core.store.models import AgendaItem, Meeting

    db = open_programme(data_dir)
    try:
        with db.session_factory.begin() as s:
            # An unpublished meeting dated before a published one, both minuted 1–2.
            for number, day, status in ((2, dt.date(2011, 3, 3), "planned"),
                                        (1, dt.date(2011, 3, 10), "circulated")):
                meeting = Meeting(group_id=seed.group_id("SG"), number=number, date=day,
                                  status=status)
                s.add(meeting)
                s.flush()
                for n in (1, 2):
                    s.add(AgendaItem(meeting_id=meeting.id, position=n, title=f"Item {n}",
                                     minute_number=n))
    finally:
        db.close()
    page, runner, session = _open_page(qtbot, data_dir)
    try:
        assert [c.label for c in page.clashes] == [
            "SG 1–2 (minute numbers) — for a person to decide"
        ]
        assert "move the unpublished meeting after the published one" in page.clash_text.text()
        assert not page.renumber_button.isVisible()
        assert page.choice_buttons == []
        assert _unnamed_controls(page) == []
    finally:
        runner.shutdown()
        session.close()  # type: ignore[attr-defined]


def test_a_clash_in_a_group_this_laptop_may_not_write_has_no_buttons(
    qtbot: QtBot, data_dir: Path
) -> None:
    import json

    from sqlalchemy import text

    _clashing(data_dir, circulated=True)
    db = open_programme(data_dir)
    try:
        with db.session_factory.begin() as s:
            for serial, laptop, write in ((1, "root", ["*"]), (2, "besd", ["BESD"])):
                body = {"serial": serial, "laptop": laptop, "write": write, "roles": []}
                s.execute(
                    text("INSERT INTO laptop_certificate (serial, laptop_id, name, item) "
                         "VALUES (:n, :l, :l, :i)"),
                    {"n": serial, "l": laptop, "i": json.dumps({"body": body})},
                )
            s.execute(text(
                "INSERT INTO laptop_self (id, laptop_id, name, sign_key, age_recipient, "
                "site_nonce, state, secrets) VALUES (1, 'besd', 'besd', '', '', 0, 'member', "
                "'keyring')"
            ))
    finally:
        db.close()
    page, runner, session = _open_page(qtbot, data_dir)
    try:
        assert [c.label for c in page.clashes] == [
            "SG 1 (meeting) — for a laptop certified to write it",
            "SG-1 (action) — for a laptop certified to write it",
        ]
        assert page.clash_text.text().endswith(
            "This laptop is not certified to write SG's records, so renumber it on a laptop "
            "that is."
        )
        assert not page.renumber_button.isVisible()
        assert page.choice_buttons == []
    finally:
        runner.shutdown()
        session.close()  # type: ignore[attr-defined]
