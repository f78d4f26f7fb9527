"""sync.refusals.one_sentence: every exception of an import becomes one sentence, except a
person's Cancel, which is not a refusal."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.errors import StoreFailure, ValidationError
from sen_desktop.core.progress import Cancelled
from sen_desktop.core.store.failures import DISK_FULL
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.refusals import one_sentence

if TYPE_CHECKING:
    from collections.abc import Callable


def raising(error: BaseException) -> Callable[[], None]:
    def work() -> None:
        raise error

    return work


def test_a_cancel_passes_through_untouched() -> None:
    error = Cancelled()
    with pytest.raises(Cancelled) as raised:
        one_sentence(raising(error))
    assert raised.value is error


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (ValidationError("Operation 'x' has a malformed row id."),
         "This bundle cannot be imported: operation 'x' has a malformed row id."),
        (RecursionError(), "This bundle nests its contents too deeply to be read; it was refused."),
        (sqlite3.OperationalError("no such table: operation"),
         "The programme's database could not take this bundle (OperationalError); nothing was "
         "changed."),
        (KeyError("op_id"), "This bundle could not be imported (KeyError); nothing was changed."),
    ],
    ids=["validation", "recursion", "database", "anything"],
)
def test_anything_else_becomes_one_sentence(error: Exception, sentence: str) -> None:
    with pytest.raises(BundleError) as raised:
        one_sentence(raising(error))
    assert str(raised.value) == sentence
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "error",
    [sqlite3.OperationalError("database is locked"),
     StoreFailure("The disk is full.", DISK_FULL)],
    ids=["locked", "store-failure"],
)
def test_what_stopped_the_database_is_said_as_the_store_says_it(error: Exception) -> None:
    """A lock, a full disk, a read-only folder: core/store/failures.py's one sentence,
    not a refusal of the bundle."""
    with pytest.raises(StoreFailure) as raised:
        one_sentence(raising(error))
    if isinstance(error, StoreFailure):
        assert raised.value is error
    else:
        assert str(raised.value).startswith("Another program is using the database")
    assert "\n" not in str(raised.value)


def test_what_work_returns_comes_back() -> None:
    assert one_sentence(lambda: 42) == 42
