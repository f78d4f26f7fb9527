"""Managing export profiles and naming known laptops (sen_desktop.sync.profiles)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sen_desktop.core.datafolder import open_programme
from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.store.database import Database
from sen_desktop.core.store.models import SyncPeer, SyncProfile
from sen_desktop.core.store.oplog import local_site_id
from sen_desktop.sync.exchange import export_bundle
from sen_desktop.sync.keys import SyncKeys
from sen_desktop.sync.profiles import (
    create_profile,
    edit_profile,
    find_laptop,
    known_laptops,
    name_laptop,
    remove_profile,
)
from sen_desktop.sync.scope import add_profile
from sen_desktop.sync.status import sync_overview

KEY = "ab" * 32
OTHER = "11111111-aaaa-4aaa-8aaa-000000000001"
THIRD = "11111111-bbbb-4bbb-8bbb-000000000002"


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    database = open_programme(data_dir, daily_backup=False)
    with database.session_factory.begin() as s:
        for site in (OTHER, THIRD):
            s.add(SyncPeer(site_id=site, name="", public_key=KEY, pinned_at="2026-11-01T09:00"))
    yield database
    database.close()


def _profiles(s: Session) -> dict[str, tuple[str, bool, bool, str]]:
    return {
        row.name: (row.group_codes, row.contacts, row.confidential, row.acknowledged)
        for row in s.scalars(select(SyncProfile))
    }


def test_create_refuses_a_taken_name_in_any_case_and_saves_nothing(db: Database) -> None:
    with db.session_factory.begin() as s:
        create_profile(s, "  PCRG   laptop ", ["pcrg"])
    with pytest.raises(ValidationError) as refused, db.session_factory.begin() as s:
        create_profile(s, "pcrg LAPTOP", ["SG"], contacts=True)
    assert refused.value.field == "name"
    assert "already a profile called 'PCRG laptop'" in refused.value.message
    with db.session_factory() as s:
        assert _profiles(s) == {"PCRG laptop": ('["PCRG"]', False, False, "{}")}


@pytest.mark.parametrize(
    ("name", "codes", "field"),
    [("", ["SG"], "name"), ("   ", ["SG"], "name"), ("x" * 81, ["SG"], "name"),
     ("Lead", [], "groups"), ("Lead", ["NOPE"], "groups")],
)
def test_create_refuses_bad_input_beside_its_field(
    db: Database, name: str, codes: list[str], field: str
) -> None:
    with pytest.raises(ValidationError) as refused, db.session_factory.begin() as s:
        create_profile(s, name, codes)
    assert refused.value.field == field
    with db.session_factory() as s:
        assert _profiles(s) == {}


def test_edit_changes_groups_and_flags_but_not_the_name(db: Database) -> None:
    with db.session_factory.begin() as s:
        create_profile(s, "Programme lead", ["SG"])
        create_profile(s, "PCRG laptop", ["PCRG"])
    with db.session_factory.begin() as s:
        edited = edit_profile(s, "Programme lead", ["SG", "besd"], contacts=True,
                              confidential=True)
    assert edited.name == "Programme lead"
    assert edited.group_codes == ("BESD", "SG")
    assert (edited.contacts, edited.confidential) == (True, True)
    with db.session_factory() as s:
        assert {name: v[:3] for name, v in _profiles(s).items()} == {
            "Programme lead": ('["BESD", "SG"]', True, True),
            "PCRG laptop": ('["PCRG"]', False, False),
        }


def test_edit_of_a_missing_profile_or_to_no_groups_saves_nothing(db: Database) -> None:
    with db.session_factory.begin() as s:
        add_profile(s, "Lead", ["SG"])
    with (
        pytest.raises(NotFoundError, match="no export profile called 'Nobody'"),
        db.session_factory.begin() as s,
    ):
        edit_profile(s, "Nobody", ["SG"], contacts=False, confidential=False)
    with pytest.raises(ValidationError) as refused, db.session_factory.begin() as s:
        edit_profile(s, "Lead", [], contacts=True, confidential=False)
    assert refused.value.field == "groups"
    with db.session_factory() as s:
        assert _profiles(s) == {"Lead": ('["SG"]', False, False, "{}")}


def test_remove_deletes_only_that_profile(db: Database) -> None:
    with db.session_factory.begin() as s:
        add_profile(s, "Lead", ["SG"])
        add_profile(s, "PCRG laptop", ["PCRG"])
    with db.session_factory.begin() as s:
        remove_profile(s, "Lead")
    with db.session_factory() as s:
        assert list(_profiles(s)) == ["PCRG laptop"]
    with (
        pytest.raises(NotFoundError, match=r"profiles: PCRG laptop"),
        db.session_factory.begin() as s,
    ):
        remove_profile(s, "Lead")


def test_a_profile_exported_for_can_be_removed_and_added_again(
    db: Database, data_dir: Path, tmp_path: Path
) -> None:
    keys = SyncKeys(data_dir)
    keys.set_passphrase("correct horse battery staple")
    with db.session_factory.begin() as s:
        add_profile(s, "PCRG laptop", ["PCRG"])
    first = export_bundle(db.session_factory, tmp_path / "a.senbundle", keys,
                          profile="PCRG laptop")
    with db.session_factory.begin() as s:
        remove_profile(s, "PCRG laptop")
    with db.session_factory.begin() as s:
        assert _profiles(s) == {}
        create_profile(s, "PCRG laptop", ["PCRG"])
    again = export_bundle(db.session_factory, tmp_path / "b.senbundle", keys,
                          profile="PCRG laptop")
    assert again.operations == first.operations > 0  # it starts from nothing


def test_naming_a_laptop_links_it_to_the_profile_of_that_name(db: Database) -> None:
    with db.session_factory.begin() as s:
        add_profile(s, "PCRG laptop", ["PCRG"])
        assert [lap.label for lap in known_laptops(s)] == [
            f"laptop {OTHER[:8]}", f"laptop {THIRD[:8]}"
        ]
    with db.session_factory.begin() as s:
        named = name_laptop(s, OTHER, "  pcrg   Laptop ")
    assert (named.name, named.profile) == ("pcrg Laptop", "PCRG laptop")
    with db.session_factory.begin() as s:
        plain = name_laptop(s, THIRD, "Head's laptop")
    assert plain.profile is None
    with db.session_factory() as s:
        laptops = {lap.site_id: (lap.name, lap.profile) for lap in known_laptops(s)}
    assert laptops == {OTHER: ("pcrg Laptop", "PCRG laptop"), THIRD: ("Head's laptop", None)}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the laptop a name"),
        ("  ", "Give the laptop a name"),
        ("y" * 81, "at most 80 characters"),
        ("HEAD'S LAPTOP", "already known as \"Head's laptop\""),
    ],
)
def test_a_bad_laptop_name_is_refused_beside_the_field(
    db: Database, name: str, message: str
) -> None:
    with db.session_factory.begin() as s:
        name_laptop(s, THIRD, "Head's laptop")
    with pytest.raises(ValidationError) as refused, db.session_factory.begin() as s:
        name_laptop(s, OTHER, name)
    assert refused.value.field == "name"
    assert message in refused.value.message
    with db.session_factory() as s:
        peer = s.get(SyncPeer, OTHER)
        assert peer is not None and peer.name == ""


def test_a_laptop_may_keep_its_own_name_in_another_case(db: Database) -> None:
    with db.session_factory.begin() as s:
        name_laptop(s, OTHER, "lead")
    with db.session_factory.begin() as s:
        assert name_laptop(s, OTHER, "Lead").name == "Lead"


def test_this_laptop_and_unknown_sites_cannot_be_named(db: Database) -> None:
    with db.session_factory.begin() as s:
        own = local_site_id(s)
        s.add(SyncPeer(site_id=own, name="Lead", public_key="", pinned_at="2026-11-01T09:00"))
    with pytest.raises(NotFoundError), db.session_factory.begin() as s:
        name_laptop(s, own, "Someone")
    with pytest.raises(NotFoundError), db.session_factory.begin() as s:
        name_laptop(s, "no-such-site", "Someone")
    # This laptop's own name is taken too: bundles from another laptop could not use it.
    with (
        pytest.raises(ValidationError, match="This laptop is already known as 'Lead'"),
        db.session_factory.begin() as s,
    ):
        name_laptop(s, OTHER, "LEAD")
    with db.session_factory() as s:
        assert [lap.site_id for lap in known_laptops(s)] == [OTHER, THIRD]


def test_find_laptop_by_site_prefix(db: Database) -> None:
    with db.session_factory() as s:
        assert find_laptop(s, OTHER[:13].upper()) == OTHER
        with pytest.raises(ValidationError, match="2 known laptops"):
            find_laptop(s, "1111")
        with pytest.raises(NotFoundError, match="'zz'"):
            find_laptop(s, "zz")
        with pytest.raises(ValidationError) as empty:
            find_laptop(s, " ")
        assert empty.value.field == "site"


def test_the_overview_holds_keyed_rows_and_the_groups(db: Database, data_dir: Path) -> None:
    with db.session_factory.begin() as s:
        add_profile(s, "PCRG laptop", ["PCRG"])
        name_laptop(s, OTHER, "PCRG laptop")
    overview = sync_overview(db.session_factory, data_dir)
    assert [(p.name, p.group_codes, p.laptop) for p in overview.profiles] == [
        ("PCRG laptop", ("PCRG",), OTHER)
    ]
    assert overview.profiles[0].pending > 0
    assert [(p.site_id, p.name, p.named, p.profile) for p in overview.peers] == [
        (OTHER, "PCRG laptop", True, "PCRG laptop"),
        (THIRD, f"laptop {THIRD[:8]}", False, None),
    ]
    assert [g.code for g in overview.groups][0] == "SG"
    assert "PCRG" in {g.code for g in overview.groups}
    assert not overview.passphrase_set and overview.fingerprint is None
