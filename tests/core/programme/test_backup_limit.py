"""This laptop's "Keep backups up to N MB": checked as a person types it, kept in
this-laptop.json, and read back as automatic (0) whatever a hand-edited file holds."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.laptop_settings import (
    MAX_BACKUP_LIMIT_MB,
    LaptopSettings,
    check_backup_limit,
    read_laptop_settings,
    settings_path,
    write_laptop_settings,
)

if TYPE_CHECKING:
    from pathlib import Path


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
