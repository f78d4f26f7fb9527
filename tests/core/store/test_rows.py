"""The one "live row or a sentence" helper (core/store/rows.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.store.rows import live_row


@dataclass
class _Row:
    deleted: bool


class _Session:
    """Just enough of a Session: ``get`` by id."""

    def __init__(self, rows: dict[str, _Row]) -> None:
        self.rows = rows

    def get(self, model: type, row_id: str) -> _Row | None:
        return self.rows.get(row_id)


def test_a_live_row_comes_back() -> None:
    row = _Row(deleted=False)
    assert live_row(_Session({"a": row}), _Row, "a", "gone") is row  # type: ignore[arg-type]


@pytest.mark.parametrize("row_id", ["tombstoned", "absent", None])
def test_a_missing_or_removed_row_is_one_sentence(row_id: str | None) -> None:
    session = _Session({"tombstoned": _Row(deleted=True)})
    with pytest.raises(NotFoundError, match="^This meeting no longer exists.$"):
        live_row(session, _Row, row_id, "This meeting no longer exists.")  # type: ignore[arg-type]


def test_with_a_field_the_sentence_goes_beside_it() -> None:
    with pytest.raises(ValidationError) as raised:
        live_row(_Session({}), _Row, "x", "Choose someone else.", field="owner")  # type: ignore[arg-type]
    assert raised.value.field == "owner"
    assert str(raised.value) == "Choose someone else."
