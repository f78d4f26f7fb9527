"""This laptop's "Keep backups up to N MB": checked as a person types it (never below the
newest backup's size), kept in this-laptop.json, read back as automatic (0) whatever a
hand-edited file holds, and applied to the backups folder when saved."""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.laptop_settings import (
    MAX_BACKUP_LIMIT_MB,
    LaptopSettings,
    ThisLaptop,
    check_backup_limit,
    read_laptop_settings,
    settings_path,
    write_laptop_settings,
)

if TYPE_CHECKING:
    from pathlib import Path

    from store_helpers import Store


@pytest.mark.parametrize(
    ("typed", "limit"),
    [("", 0), ("  ", 0), ("0", 0), ("2000", 2000), (" 2,000 ", 2000), ("750 MB", 750),
     ("500mb", 500), (1200, 1200), (str(MAX_BACKUP_LIMIT_MB), MAX_BACKUP_LIMIT_MB)],
)
def test_a_limit_is_a_whole_number_of_megabytes_or_empty(typed: str | int, limit: int) -> None:
    assert check_backup_limit(typed) == limit


@pytest.mark.parametrize(
    "typed", ["lots", "1.5", "-20", "2 GB", "²", str(MAX_BACKUP_LIMIT_MB + 1), None, True]
)
def test_anything_else_is_refused_beside_the_field(typed: object) -> None:
    with pytest.raises(ValidationError) as refused:
        check_backup_limit(typed)
    assert refused.value.field == "backup_limit_mb"
    assert refused.value.message == (
        "Enter the space for backups as a whole number of megabytes, such as 2000, or leave "
        "it empty to keep ten times the newest backup's size."
    )


def test_the_limit_is_kept_in_the_laptop_file(tmp_path: Path) -> None:
    assert read_laptop_settings(tmp_path).backup_limit_mb == 0
    write_laptop_settings(tmp_path, LaptopSettings(backup_limit_mb=1500))
    assert read_laptop_settings(tmp_path).backup_limit_mb == 1500
    raw = json.loads(settings_path(tmp_path).read_text(encoding="utf-8"))
    assert raw["backup_limit_mb"] == 1500


@pytest.mark.parametrize("stored", ["1500", -3, 1.5, True, MAX_BACKUP_LIMIT_MB + 1, None])
def test_a_hand_edited_limit_that_makes_no_sense_reads_as_automatic(
    tmp_path: Path, stored: object
) -> None:
    write_laptop_settings(tmp_path, LaptopSettings(backup_limit_mb=1500))
    raw = json.loads(settings_path(tmp_path).read_text(encoding="utf-8"))
    raw["backup_limit_mb"] = stored
    settings_path(tmp_path).write_text(json.dumps(raw), encoding="utf-8")
    assert read_laptop_settings(tmp_path).backup_limit_mb == 0


def _daily(folder: Path, days_ago: int, size: int) -> Path:
    when = dt.datetime.now() - dt.timedelta(days=days_ago)
    path = folder / f"sen-{when:%Y-%m-%d-%H%M%S}-r0008-daily.sqlite3.zst"
    path.write_bytes(b"z" * size)
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def test_a_limit_below_the_newest_backup_is_refused_and_nothing_saved(store: Store) -> None:
    backups = store.data_dir / "backups"
    backups.mkdir()
    _daily(backups, 1, 2_500_000)
    laptop = ThisLaptop(store.session_factory, store.data_dir)
    with pytest.raises(ValidationError) as refused:
        laptop.save("", "officer", [], "", "", "2")
    assert refused.value.field == "backup_limit_mb"
    assert refused.value.message == (
        "The newest backup alone takes 3 MB; enter at least 3, or leave it empty to keep "
        "ten times its size."
    )
    assert not settings_path(store.data_dir).exists()
    assert laptop.save("", "officer", [], "", "", "3").backup_limit_mb == 3


def test_a_lower_limit_takes_the_oldest_backups_away_when_saved(store: Store) -> None:
    backups = store.data_dir / "backups"
    backups.mkdir()
    copies = [_daily(backups, days_ago, 1_500_000) for days_ago in (1, 2, 3)]
    laptop = ThisLaptop(store.session_factory, store.data_dir)
    laptop.save("", "officer", [], "", "", "")  # automatic: 15 MB, all three stay
    assert all(c.exists() for c in copies)
    laptop.save("", "officer", [], "", "", "3")
    assert [c.exists() for c in copies] == [True, True, False]
    laptop.save("", "officer", [], "", "", "2")
    assert [c.exists() for c in copies] == [True, False, False]  # the newest always stays
