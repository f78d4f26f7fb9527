"""Opening this laptop's data folder (sync.laptop.open_laptop): its progress reaches the
window's strip, and Cancel while the database is being created leaves the folder
unlocked, to be opened again."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.sync.laptop import open_laptop

if TYPE_CHECKING:
    from pathlib import Path


def test_opening_reports_through_progress_and_cancel_stops_it(tmp_path: Path) -> None:
    seen: list[str] = []
    db = open_laptop(tmp_path / "a", progress=Progress(lambda _d, _t, label: seen.append(label)))
    db.close()
    assert "Creating the database" in seen

    def stop_at_once(_done: int, _total: int, _label: str) -> None:
        stopping.cancel()

    stopping = Progress(stop_at_once)
    with pytest.raises(Cancelled):
        open_laptop(tmp_path / "b", progress=stopping)
    again = open_laptop(tmp_path / "b")  # not left locked
    again.close()
