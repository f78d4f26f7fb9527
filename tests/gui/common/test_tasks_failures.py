# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot carries no type hints.)
"""The window's side of bad surroundings: a task's full disk, lock or read-only folder
reaches ``failed`` as one sentence; what no page catches is shown in a box; nothing
personal and no SQL reach the screen or the log."""

from __future__ import annotations

import errno
import logging
import sys
from typing import TYPE_CHECKING

import pytest
from failure_helpers import (
    PERSON,
    assert_no_personal_data,
    database_content,
    full_disk,
)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import IntegrityError

from sen_desktop.core.errors import StoreFailure
from sen_desktop.core.people.service import PeopleService
from sen_desktop.core.store.failures import DISK_FULL
from sen_desktop.gui.common.failures import failure_hook, failure_message
from sen_desktop.gui.common.tasks import TaskRunner

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from store_helpers import Store

WAIT_MS = 10_000


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def failure_of(qtbot: QtBot, runner: TaskRunner, work: Callable[[], object]) -> Exception:
    failed: list[Exception] = []
    runner.run(work, lambda _result: None, failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=WAIT_MS)
    return failed[0]


def test_a_full_disk_in_a_task_arrives_as_one_sentence(
    qtbot: QtBot, runner: TaskRunner, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    before = database_content(store.path)
    people = PeopleService(store.session_factory)
    with full_disk(store.engine, spare_pages=0):
        error = failure_of(
            qtbot, runner, lambda: people.create(**PERSON, notes="A note. " * 30_000)
        )
    assert isinstance(error, StoreFailure) and error.reason == DISK_FULL
    assert failure_message(error).startswith(f"The disk holding {store.data_dir} is full")
    assert database_content(store.path) == before
    assert_no_personal_data(error.message, str(error), caplog.text)


def test_an_os_error_writing_a_file_names_its_folder(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    target = tmp_path / "papers" / "minutes.docx"

    def write_paper() -> None:  # what the operating system says when the disk is full
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    error = failure_of(qtbot, runner, write_paper)
    assert isinstance(error, StoreFailure)
    assert error.message.startswith(f"The disk holding {target.parent} is full")


def test_a_bug_keeps_its_type_but_neither_screen_nor_log_gets_its_sql(
    qtbot: QtBot, runner: TaskRunner, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    from sen_desktop.core.store.models import Seat

    caplog.set_level(logging.DEBUG)

    def broken() -> None:
        with store.session_factory.begin() as session:
            session.add(Seat(group_id=PERSON["email"], position=1, title="Chair"))

    error = failure_of(qtbot, runner, broken)
    assert isinstance(error, IntegrityError)  # a bug is not the surroundings' doing
    shown = failure_message(error)
    assert shown.startswith("Something went wrong in SEN Secretariat (IntegrityError)")
    assert "task" in caplog.text and "IntegrityError" in caplog.text
    assert_no_personal_data(shown, caplog.text)


def test_an_error_no_page_caught_is_shown_in_a_box_and_the_hook_put_back(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = sys.excepthook
    data_dir = tmp_path / "data"
    data_dir.mkdir()

    def slot() -> None:  # a timer's slot, as a page's would be
        raise OSError(errno.ENOSPC, "No space left on device", str(data_dir / "sen.sqlite3"))

    with failure_hook(data_dir):
        assert sys.excepthook is not before
        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible()
                                    for w in qapp.topLevelWidgets()), timeout=WAIT_MS)
        (box,) = [w for w in qapp.topLevelWidgets()
                  if isinstance(w, QMessageBox) and w.isVisible()]
        assert box.text().startswith(f"The disk holding {data_dir} is full")
        assert box.accessibleName()
        # The same failure again does not stack a second box.
        QTimer.singleShot(0, slot)
        qtbot.wait(50)
        assert sum(isinstance(w, QMessageBox) and w.isVisible()
                   for w in qapp.topLevelWidgets()) == 1
        box.accept()
    assert sys.excepthook is before
    assert "ENOSPC" in caplog.text


def test_autosave_says_why_typing_is_not_saved_without_the_databases_words(
    tmp_path: Path,
) -> None:
    import sqlite3

    from sen_desktop.gui.common.autosave import why_not_done, why_not_saved

    full = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "sen.sqlite3"))
    assert why_not_saved(full).startswith(
        f"Your typing is kept here but not saved yet: the disk holding {tmp_path} is full")
    assert why_not_done(full).startswith("Your last change was not saved: the disk holding")
    locked = sqlite3.OperationalError("database is locked")
    assert "saved as soon as the database is free" in why_not_saved(locked)
    # A bug: its type, never its text (which would be SQL).
    bug = sqlite3.IntegrityError(f"UNIQUE constraint failed: person.email {PERSON['email']}")
    for said in (why_not_saved(bug), why_not_done(bug)):
        assert "(IntegrityError)" in said
        assert_no_personal_data(said)
        assert "UNIQUE" not in said
