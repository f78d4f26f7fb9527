"""Settings: the programme's (authority, districts, confirming wording; synced rows) and
this laptop's (who uses it, its folders; a local file)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from sen_desktop.core.errors import StoreError, ValidationError
from sen_desktop.core.programme.data import DISTRICTS
from sen_desktop.core.programme.laptop_settings import (
    FILE_NAME,
    LaptopSettings,
    LaptopUser,
    ThisLaptop,
    backups_dir,
    check_folder,
    read_laptop_settings,
    templates_dir,
    write_laptop_settings,
)
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.programme.service import ProgrammeService
from sen_desktop.core.programme.settings import (
    DEFAULT_CONFIRMING_WORDING,
    SettingsService,
    check_confirming_wording,
    check_districts,
    confirming_pattern,
    confirming_resolution,
)
from sen_desktop.core.store.models import Group, Operation

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session, sessionmaker
    from store_helpers import Store


@pytest.fixture
def session_factory(store: Store) -> sessionmaker[Session]:
    """The seeded County programme in this test's own database."""
    return store.session_factory


def operations(sf: sessionmaker[Session]) -> int:
    with sf() as s:
        return len(s.scalars(select(Operation.op_id)).all())


# --- the programme's settings ------------------------------------------------------------


def test_a_new_programme_reads_the_seeded_settings(session_factory: sessionmaker[Session]) -> None:
    settings = SettingsService(session_factory).programme()
    assert settings.authority_name == "Kent County Council"
    assert settings.districts == DISTRICTS
    assert settings.confirming_wording == DEFAULT_CONFIRMING_WORDING
    assert settings.confirming_resolution(dt.date(2010, 9, 14)) == (
        "RESOLVED that the minutes of the meeting held on Tuesday 14 September 2010 are "
        "correctly recorded and that they be signed by the Chair."
    )


def test_saving_stores_synced_rows_the_papers_read(session_factory: sessionmaker[Session]) -> None:
    service = SettingsService(session_factory)
    before = operations(session_factory)
    saved = service.save_programme(
        "  Medway Council ",
        "Chatham\n\n  Gillingham  \nRochester\r\n",
        "AGREED that the minutes of {date} be signed as a correct record.",
    )
    assert saved.authority_name == "Medway Council"
    assert saved.districts == ("Chatham", "Gillingham", "Rochester")
    assert service.programme() == saved
    # Where the papers and the recommendation form read them (ProgrammeService.setting).
    programme = ProgrammeService(session_factory)
    assert programme.setting("authority_name") == "Medway Council"
    assert programme.setting("districts") == ["Chatham", "Gillingham", "Rochester"]
    # Each change is an operation on a setting row, so the next exchange carries it.
    written = operations(session_factory) - before
    assert written >= 3
    with session_factory() as s:
        entities = set(s.scalars(select(Operation.entity)
                                 .order_by(Operation.hlc).offset(before)).all())
    assert entities == {"programme_setting"}
    # Saving the same again writes nothing.
    service.save_programme(saved.authority_name, saved.districts, saved.confirming_wording)
    assert operations(session_factory) - before == written


@pytest.mark.parametrize(
    ("authority", "districts", "wording", "field", "words"),
    [
        ("", "Ashford", DEFAULT_CONFIRMING_WORDING, "authority_name", "Enter the authority"),
        ("Kent", " \n \n", DEFAULT_CONFIRMING_WORDING, "districts", "at least one district"),
        ("Kent", "Dover\ndover", DEFAULT_CONFIRMING_WORDING, "districts", "listed twice"),
        ("Kent", "Dover", "The minutes were agreed.", "confirming_minutes_wording",
         "Put {date}"),
        ("Kent", "Dover", "{date} and {date}", "confirming_minutes_wording",
         "Keep only one {date}"),
        ("Kent", "Dover", "Held on {date} {when}", "confirming_minutes_wording",
         "Only {date}"),
        ("K" * 121, "Dover", DEFAULT_CONFIRMING_WORDING, "authority_name", "120 characters"),
    ],
)
def test_a_refusal_names_its_field_and_changes_nothing(
    session_factory: sessionmaker[Session],
    authority: str, districts: str, wording: str, field: str, words: str,
) -> None:
    service = SettingsService(session_factory)
    before = service.programme()
    with pytest.raises(ValidationError) as raised:
        service.save_programme(authority, districts, wording)
    assert raised.value.field == field
    assert words in raised.value.message
    assert service.programme() == before


def test_the_checks_clean_what_is_typed() -> None:
    assert check_districts(["Dover", " Thanet ", ""]) == ("Dover", "Thanet")
    assert check_confirming_wording("  Minutes of\n{date}   agreed. ") == (
        "Minutes of {date} agreed."
    )
    with pytest.raises(ValidationError, match="Shorten the district"):
        check_districts("x" * 81)


def test_the_confirming_pattern_knows_its_own_text_for_any_date() -> None:
    wording = "AGREED that the minutes of {date} (a correct record) be signed."
    text = confirming_resolution(wording, dt.date(2011, 1, 5))
    assert text == (
        "AGREED that the minutes of Wednesday 5 January 2011 (a correct record) be signed."
    )
    assert confirming_pattern(wording).fullmatch(text)
    assert not confirming_pattern(wording).fullmatch("AGREED that the minutes were lost.")
    default = confirming_pattern(DEFAULT_CONFIRMING_WORDING)
    sample = confirming_resolution(DEFAULT_CONFIRMING_WORDING, dt.date(2010, 9, 14))
    assert default.fullmatch(sample)


def test_a_malformed_setting_reads_as_its_default(session_factory: sessionmaker[Session]) -> None:
    programme = ProgrammeService(session_factory)
    programme.set_setting("districts", "not a list")
    programme.set_setting("confirming_minutes_wording", "no placeholder")
    programme.set_setting("authority_name", "   ")
    settings = SettingsService(session_factory).programme()
    assert settings.districts == DISTRICTS
    assert settings.confirming_wording == DEFAULT_CONFIRMING_WORDING
    assert settings.authority_name == "Kent County Council"


# --- this laptop ----------------------------------------------------------------------------


def test_a_new_data_folder_is_a_first_run(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    laptop = ThisLaptop(session_factory, tmp_path)
    assert laptop.first_run()
    assert laptop.read() == LaptopSettings()
    assert templates_dir(tmp_path) == tmp_path / "templates"
    assert backups_dir(tmp_path) == tmp_path / "backups"


def test_who_uses_this_laptop_is_kept_in_a_local_file_not_the_database(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    laptop = ThisLaptop(session_factory, tmp_path)
    before = operations(session_factory)
    besd, sg = group_id("BESD"), group_id("SG")
    user = laptop.save_user(" Jane  Smith ", "secretary", [besd, sg, besd])
    # Cleaned, each group once, in the programme's order (the Steering Group first).
    assert user == LaptopUser("Jane Smith", "secretary", (sg, besd))
    assert user.role_label == "Group secretary"
    assert not laptop.first_run()
    assert operations(session_factory) == before  # nothing to export
    stored = json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))
    assert stored["user"] == {"name": "Jane Smith", "role": "secretary", "groups": [sg, besd]}
    assert not list(tmp_path.glob(".this-laptop-*"))  # no scratch file left behind
    shown = laptop.read()
    assert shown.user == user
    assert shown.groups_text == ("Strategy Steering Group", "BESD Working Group")


def test_a_removed_group_drops_out_of_the_users_groups(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    laptop = ThisLaptop(session_factory, tmp_path)
    laptop.save_user("Jane Smith", "secretary", [group_id("BESD"), group_id("CL")])
    with session_factory.begin() as s:
        cl = s.get(Group, group_id("CL"))
        assert cl is not None
        cl.deleted = True
    settings = laptop.read()
    assert settings.user is not None and settings.user.group_ids == (group_id("BESD"),)


@pytest.mark.parametrize(
    ("name", "role", "groups", "field", "words"),
    [
        ("", "secretary", ["BESD"], "name", "Enter your name"),
        ("Jane", "treasurer", ["BESD"], "role", "Choose your role"),
        ("Jane", "secretary", [], "group_ids", "Tick the group or groups you support"),
        ("Jane", "chair", [], "group_ids", "groups you chair"),
        ("Jane", "officer", ["gone"], "group_ids", "no longer exists"),
    ],
)
def test_the_welcome_answers_are_checked(
    session_factory: sessionmaker[Session], tmp_path: Path,
    name: str, role: str, groups: list[str], field: str, words: str,
) -> None:
    laptop = ThisLaptop(session_factory, tmp_path)
    ids = [group_id(g) if g != "gone" else "no-such-group" for g in groups]
    with pytest.raises(ValidationError) as raised:
        laptop.save_user(name, role, ids)
    assert raised.value.field == field and words in raised.value.message
    assert laptop.first_run()  # nothing was written


def test_the_lead_and_officers_may_support_no_group_in_particular(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    laptop = ThisLaptop(session_factory, tmp_path)
    assert laptop.save_user("Pat Lead", "lead", []).group_ids == ()


def test_not_now_stops_the_welcome_without_recording_anyone(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    laptop = ThisLaptop(session_factory, tmp_path)
    laptop.skip_welcome()
    assert not laptop.first_run() and laptop.read().user is None


def test_folders_must_exist_on_this_laptop(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    laptop = ThisLaptop(session_factory, tmp_path)
    templates, backups = tmp_path / "my templates", tmp_path / "usb"
    templates.mkdir()
    backups.mkdir()
    saved = laptop.save("Jane Smith", "officer", [], str(templates), str(backups))
    assert saved.templates_folder == str(templates)
    assert templates_dir(tmp_path) == templates and backups_dir(tmp_path) == backups
    # Empty restores the usual folders.
    laptop.save("Jane Smith", "officer", [], "", " ")
    assert templates_dir(tmp_path) == tmp_path / "templates"
    with pytest.raises(ValidationError, match="no folder") as raised:
        laptop.save("Jane", "officer", [], str(tmp_path / "missing"), "")
    assert raised.value.field == "templates_folder"
    with pytest.raises(ValidationError, match="whole path") as raised:
        laptop.save("Jane", "officer", [], "", "relative/folder")
    assert raised.value.field == "backup_folder"
    with pytest.raises(ValidationError, match="no folder"):
        check_folder(str(tmp_path / FILE_NAME), "backup_folder")  # a file, not a folder


def test_clearing_the_name_records_nobody(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    laptop = ThisLaptop(session_factory, tmp_path)
    laptop.save_user("Jane Smith", "secretary", [group_id("BESD")])
    settings = laptop.save("", "secretary", [], "", "")
    assert settings.user is None and not laptop.first_run()


@pytest.mark.parametrize(
    "content",
    ["", "{not json", "[]", '{"format": 99, "user": {"name": "X", "role": "chair"}}',
     '{"format": 1, "user": {"name": "", "role": "chair"}}'],
)
def test_an_unreadable_file_reads_as_nobody_recorded(tmp_path: Path, content: str) -> None:
    (tmp_path / FILE_NAME).write_text(content, encoding="utf-8")
    settings = read_laptop_settings(tmp_path)
    assert settings.user is None


def test_the_file_round_trips(tmp_path: Path) -> None:
    settings = LaptopSettings(
        user=LaptopUser("Ama Owusu", "chair", ("g1", "g2")), welcomed=True,
        templates_folder="/srv/t", backup_folder="/srv/b",
    )
    write_laptop_settings(tmp_path, settings)
    assert read_laptop_settings(tmp_path) == settings


def test_the_laptop_file_is_read_without_loading_the_store() -> None:
    # core/store/datafolder.py and the command line ask where backups and templates go before
    # (or without) opening the database: the file functions need only the standard library.
    code = (
        "import sys; from sen_desktop.core.programme import laptop_settings as l; "
        "l.backups_dir(l.Path('.')); print('sqlalchemy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_a_file_that_cannot_be_written_is_one_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "gone"  # the folder is not there: the write cannot happen
    with pytest.raises(StoreError) as refused:
        write_laptop_settings(missing, LaptopSettings(welcomed=True))
    assert refused.value.message.startswith(
        f"This laptop's settings could not be saved in {missing} ("
    )
    assert refused.value.message.endswith(
        "check the folder is there, has space and can be written to, then try again."
    )
