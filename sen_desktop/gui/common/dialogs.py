"""Dialogs that save through a core service, showing its errors beside the field.

Each dialog is a Designer form (ui/*.ui, compiled into forms/). Saving runs the service
call on the TaskRunner; a ValidationError or ConflictError comes back with ``field``
naming the input at fault, and its message appears in the error label beside that
field. The dialog stays open and, since the service validates before it writes,
nothing was saved.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QWidget

from sen_desktop.core.dates import uk_date
from sen_desktop.core.errors import SenError
from sen_desktop.gui.common.typed_field import TypedField
from sen_desktop.gui.forms.ui_end_appointment_dialog import Ui_EndAppointmentDialog
from sen_desktop.gui.forms.ui_person_dialog import Ui_PersonDialog
from sen_desktop.gui.shell import geometry as window_geometry

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sen_desktop.core.people.records import AppointmentView, PersonRecord
    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.gui.common.tasks import TaskRunner

log = logging.getLogger(__name__)


def setup_form(form: Any, dialog: QDialog) -> None:
    """Build a generated form into ``dialog``: the one doorway to the untyped uic code.
    The dialog opens within the screen (``keep_on_screen``)."""
    form.setupUi(dialog)
    keep_on_screen(dialog)


class _ScreenFitter(QObject):
    """Fits its dialog to the screen as it is first shown, when its size is final."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            fit_on_screen(watched)
        return False


def keep_on_screen(dialog: QWidget) -> None:
    """When ``dialog`` is first shown, make it no bigger than the screen can hold."""
    if dialog.findChild(_ScreenFitter) is None:
        dialog.installEventFilter(_ScreenFitter(dialog))


def fit_on_screen(dialog: QWidget) -> None:
    """``dialog`` no bigger than its screen's available area less the title bar and
    borders: a 1366 × 768 laptop at 125 % has 1092 × 582 to give, and a 1000 × 620 form
    put its buttons below the taskbar. Never smaller than the form can be laid out."""
    parent = dialog.parentWidget()
    area = window_geometry.available_area(parent.window() if parent is not None else dialog)
    if area is None:
        return
    room = area.marginsRemoved(window_geometry.ESTIMATED_FRAME).size()
    fitted = dialog.size().boundedTo(room).expandedTo(dialog.minimumSizeHint())
    if fitted != dialog.size():
        dialog.resize(fitted)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ServiceDialog(QDialog):
    """A form whose Save calls a service on the worker and reports errors per field."""

    #: The record the service returned; emitted just before the dialog accepts.
    saved = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._saving = False
        self._form_error: QLabel | None = None
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._aliases: dict[str, str] = {}
        self._buttons: QDialogButtonBox | None = None

    # --- set-up, called by subclasses after setupUi ----------------------------------

    def _bind(
        self,
        buttons: QDialogButtonBox,
        form_error: QLabel,
        fields: Mapping[str, tuple[QWidget, QLabel]],
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self._buttons = buttons
        self._form_error = form_error
        self._fields = dict(fields)
        for widget, label in self._fields.values():
            if isinstance(widget, TypedField):
                # A date or time that cannot be read is said where the service's
                # refusals are: the error row under the field.
                widget.setProblemLabel(label)
        self._aliases = dict(aliases or {})
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.clear_errors()

    @property
    def save_button(self) -> QPushButton:
        assert self._buttons is not None
        return self._buttons.button(QDialogButtonBox.StandardButton.Save)

    # --- errors ----------------------------------------------------------------------

    def clear_errors(self) -> None:
        assert self._form_error is not None
        self._form_error.clear()
        self._form_error.hide()
        for widget, label in self._fields.values():
            widget.setAccessibleDescription("")
            if isinstance(widget, TypedField) and widget.showing_problem:
                continue  # the box's own reading of its text stands until it changes
            label.clear()
            label.hide()
            _mark_invalid(widget, False)

    def show_error(self, message: str, field: str | None = None) -> None:
        """Show ``message`` beside ``field`` (or above the form if it names no field)."""
        key = self._aliases.get(field or "", field or "")
        if key in self._fields:
            widget, label = self._fields[key]
            label.setText(message)
            label.show()
            # Screen readers announce the description with the field.
            widget.setAccessibleDescription(message)
            _mark_invalid(widget, True)
            widget.setFocus()
        else:
            assert self._form_error is not None
            self._form_error.setText(message)
            self._form_error.show()

    def error_text(self, field: str) -> str:
        """The message currently shown beside ``field`` ('' if none): for tests and checks."""
        label = self._fields[field][1]
        return label.text() if label.isVisibleTo(self) else ""

    def typed_fields_read(self, *fields: TypedField[Any]) -> bool:
        """True when every date and time box reads; otherwise each that does not says
        why beside itself, and the first takes the focus (nothing is sent to save)."""
        unread = [field for field in fields if field.isEnabled() and not field.valid]
        for field in unread:
            field.tidy()
        if unread:
            unread[0].setFocus(Qt.FocusReason.OtherFocusReason)
            unread[0].edit.selectAll()
        return not unread

    # --- saving ----------------------------------------------------------------------

    def save(self) -> None:
        """Validate locally, then run the service call; subclasses supply ``_work``."""
        if self._saving:
            return
        self.clear_errors()
        work = self._work()
        if work is None:  # a local check failed and has shown its message
            return
        self._set_saving(True)
        self._runner.run(work, self._on_saved, self._on_failed, owner=self)

    def _work(self) -> Callable[[], Any] | None:
        raise NotImplementedError

    def _on_saved(self, result: object) -> None:
        self._set_saving(False)
        self.saved.emit(result)
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self._set_saving(False)
        if isinstance(error, SenError):
            self.show_error(error.message, getattr(error, "field", None))
        else:
            log.error("saving failed", exc_info=error)
            self.show_error(f"This could not be saved, and nothing was changed: {error}")

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        if self._buttons is not None:
            self._buttons.setEnabled(not saving)

    def reject(self) -> None:
        # A save in flight finishes first: closing now would hide its outcome.
        if not self._saving:
            super().reject()


def _mark_invalid(widget: QWidget, invalid: bool) -> None:
    # A red border in app.qss; the message beside the field says it in words. A date or
    # time box's border is on its line edit.
    if isinstance(widget, TypedField):
        widget = widget.edit
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class PersonDialog(ServiceDialog):
    """New person… / Edit person…: PeopleService.create or .update."""

    FIELDS = ("full_name", "job_title", "organisation", "email", "phone", "notes")

    def __init__(
        self,
        runner: TaskRunner,
        people: PeopleService,
        person: PersonRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._people = people
        self._person = person
        self.ui = Ui_PersonDialog()
        setup_form(self.ui, self)
        ui = self.ui
        self._bind(
            ui.button_box,
            ui.form_error,
            {
                "full_name": (ui.full_name_edit, ui.full_name_error),
                "job_title": (ui.job_title_edit, ui.job_title_error),
                "organisation": (ui.organisation_edit, ui.organisation_error),
                "email": (ui.email_edit, ui.email_error),
                "phone": (ui.phone_edit, ui.phone_error),
                "notes": (ui.notes_edit, ui.notes_error),
            },
            aliases={"name": "full_name"},
        )
        if person is None:
            self.setWindowTitle("New person")
        else:
            self.setWindowTitle(f"Edit person: {person.full_name}")
            ui.full_name_edit.setText(person.full_name)
            ui.job_title_edit.setText(person.job_title)
            ui.organisation_edit.setText(person.organisation)
            ui.email_edit.setText(person.email)
            ui.phone_edit.setText(person.phone)
            ui.notes_edit.setPlainText(person.notes)
        ui.full_name_edit.setFocus()

    def values(self) -> dict[str, str]:
        ui = self.ui
        return {
            "full_name": ui.full_name_edit.text(),
            "job_title": ui.job_title_edit.text(),
            "organisation": ui.organisation_edit.text(),
            "email": ui.email_edit.text(),
            "phone": ui.phone_edit.text(),
            "notes": ui.notes_edit.toPlainText(),
        }

    def _work(self) -> Callable[[], PersonRecord]:
        values = self.values()
        people = self._people
        if self._person is None:
            return lambda: people.create(**values)
        person_id = self._person.id
        return lambda: people.update(person_id, **values)


class EndAppointmentDialog(ServiceDialog):
    """End appointment…: PeopleService.end_appointment with the last day in the seat."""

    def __init__(
        self,
        runner: TaskRunner,
        people: PeopleService,
        appointment: AppointmentView,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._people = people
        self._appointment = appointment
        self.ui = Ui_EndAppointmentDialog()
        setup_form(self.ui, self)
        self._bind(
            self.ui.button_box,
            self.ui.form_error,
            {"end_date": (self.ui.end_date_edit, self.ui.end_date_error)},
        )
        self.ui.summary_label.setText(
            f"{appointment.person_name} has held the seat “{appointment.seat_title}” "
            f"since {uk_date(appointment.start_date)}."
        )
        self.ui.end_date_edit.setValue(today or dt.date.today())
        self.ui.end_date_edit.setFocus()

    def _work(self) -> Callable[[], AppointmentView] | None:
        if not self.typed_fields_read(self.ui.end_date_edit):
            return None
        end = self.ui.end_date_edit.read_value()
        people, appointment_id = self._people, self._appointment.id
        return lambda: people.end_appointment(appointment_id, end)
