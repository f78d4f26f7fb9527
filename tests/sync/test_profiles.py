"""Export profiles follow certificates; known laptops; the overview (sync.profiles, status)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from trust_helpers import Programme, programme

from sen_desktop.core.errors import NotFoundError
from sen_desktop.core.store.models import SyncProfile
from sen_desktop.sync.profiles import known_laptops, remove_profile
from sen_desktop.sync.scope import add_profile
from sen_desktop.sync.status import sync_overview


@pytest.fixture
def prog(tmp_path: Path) -> Programme:
    return programme(tmp_path)


def _profiles(s: Session) -> dict[str, tuple[list[str], bool, bool]]:
    return {
        row.name: (json.loads(row.group_codes), row.contacts, row.confidential)
        for row in s.scalars(select(SyncProfile))
    }


def test_an_export_keeps_the_laptops_profile_in_step_with_its_certificate(
    prog: Programme, tmp_path: Path
) -> None:
    with prog.lead.open() as db, db.session_factory.begin() as s:
        # A profile edited by hand (or left from the passphrase scheme) is overruled.
        add_profile(s, "PCRG secretary", ["SG", "PCRG"], contacts=True, confidential=True)
    prog.lead.export(tmp_path / "1.senbundle", for_laptop="PCRG secretary")
    prog.lead.export(tmp_path / "2.senbundle", for_laptop="SG secretary")
    with prog.lead.open() as db, db.session_factory() as s:
        profiles = _profiles(s)
    assert profiles["PCRG secretary"] == (["PCRG"], False, False)
    assert profiles["SG secretary"] == (["SG"], True, True)


def test_remove_forgets_acknowledgements_so_the_next_export_starts_afresh(
    prog: Programme, tmp_path: Path
) -> None:
    prog.lead.add_person("Someone")
    first = prog.lead.export(tmp_path / "1.senbundle", for_laptop="Deputy lead")
    prog.deputy.import_(tmp_path / "1.senbundle")
    prog.deputy.export(tmp_path / "reply.senbundle", for_laptop="Programme lead")
    prog.lead.import_(tmp_path / "reply.senbundle")
    assert prog.lead.export(tmp_path / "2.senbundle", for_laptop="Deputy lead").operations == 0
    with prog.lead.open() as db, db.session_factory.begin() as s:
        remove_profile(s, "deputy LEAD")  # any case
    again = prog.lead.export(tmp_path / "3.senbundle", for_laptop="Deputy lead")
    assert again.operations >= first.operations > 0
    with (
        prog.lead.open() as db,
        db.session_factory.begin() as s,
        pytest.raises(NotFoundError, match="no export profile called 'Nobody'"),
    ):
        remove_profile(s, "Nobody")


def test_known_laptops_are_the_senders_by_their_certified_names(
    prog: Programme, tmp_path: Path
) -> None:
    prog.pcrg.add_person("From the PCRG")
    prog.pcrg.export(tmp_path / "p.senbundle", for_laptop="Programme lead")
    prog.lead.import_(tmp_path / "p.senbundle")
    prog.lead.export(tmp_path / "back.senbundle", for_laptop="PCRG secretary")
    with prog.lead.open() as db, db.session_factory() as s:
        laptops = {lap.name: lap for lap in known_laptops(s)}
    pcrg = laptops["PCRG secretary"]
    assert pcrg.site_id == prog.pcrg.laptop_id
    assert pcrg.profile == "PCRG secretary" and pcrg.last_import_at and pcrg.last_export_at
    with prog.lead.open() as db:
        overview = sync_overview(db.session_factory, prog.lead.folder)
    rows = {p.name: p for p in overview.profiles}
    assert rows["PCRG secretary"].laptop == prog.pcrg.laptop_id
    assert rows["PCRG secretary"].pending == 0
    peer = next(p for p in overview.peers if p.site_id == prog.pcrg.laptop_id)
    assert peer.named and len(peer.fingerprint) == 79
    assert [g.code for g in overview.groups][0] == "SG"
    assert overview.rows_waiting == 0 and overview.conflicts == 0
