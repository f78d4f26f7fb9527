# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot and qtmodeltester carry no type hints.)
"""The table models: well-behaved for Qt's model tester, and say everything in words."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from sen_desktop.core.people.records import AppointmentView, SeatView
from sen_desktop.gui.common.models import SeatTableModel
from sen_desktop.gui.groups.page import seat_rule_text


def _appointment(seat_id: str, name: str, meets_rule: bool = False) -> AppointmentView:
    return AppointmentView(
        id=f"a-{seat_id}", seat_id=seat_id, seat_title="Primary School Head",
        group_id="g", group_name="BESD Working Group", person_id=f"p-{name}",
        person_name=name, start_date=dt.date(2010, 7, 20), end_date=None,
        meets_seat_rule=meets_rule, substitute_for_id=None,
    )


SEATS = (
    SeatView("s1", 1, "Director of Specialist Children’s Services", True, False, False, None),
    SeatView("s2", 2, "Primary School Head", False, True, True,
             _appointment("s2", "Jane Smith", meets_rule=True)),
    SeatView("s3", 3, "Secondary School Head", False, False, True, None),
)


def test_seat_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = SeatTableModel()
    model.set_records(SEATS)
    qtmodeltester.check(model)


def test_seats_say_vacant_and_roles_in_words() -> None:
    model = SeatTableModel()
    model.set_records(SEATS)
    cell = lambda row, column: model.index(row, column).data()  # noqa: E731
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "#", "Seat", "Held by", "Since", "Role"
    ]
    assert cell(0, SeatTableModel.HELD_BY) == "Vacant"
    assert cell(0, SeatTableModel.ROLE) == "Chair"
    assert cell(1, SeatTableModel.ROLE) == "Vice-chair"
    assert cell(1, SeatTableModel.HELD_BY) == "Jane Smith"
    assert cell(1, SeatTableModel.SINCE) == "20 Jul 2010"
    assert cell(1, SeatTableModel.SEAT) == "Primary School Head *"
    assert model.index(1, 0).data(Qt.ItemDataRole.UserRole) == "s2"
    assert model.row_of("s3") == 2


def test_the_seat_rule_line_names_who_meets_it() -> None:
    from sen_desktop.core.programme.records import GroupDetail

    group = GroupDetail(
        id="g", code="BESD", name="BESD Working Group", kind="working", dimension="BESD",
        reports_to_id=None, reports_to_name=None, quorum=4,
        seat_rule="preferably at least one to be from a school with a unit",
        seat_rule_met=True, remit=(), seats=SEATS,
    )
    assert seat_rule_text(group) == (
        "Seat rule (seats marked *): preferably at least one to be from a school with a unit"
        " — met (Jane Smith)"
    )
