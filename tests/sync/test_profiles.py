"""Export profiles follow certificates; the laptops and profiles the Exchange page and
`sen-desktop bundle profile list` show (sync.profiles, sync.exchange_service)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from trust_helpers import Programme, programme

from sen_desktop.core.errors import NotFoundError
from sen_desktop.core.store.models import SyncProfile
from sen_desktop.sync.exchange_service import ExchangeService
from sen_desktop.sync.profiles import remove_profile
from sen_desktop.sync.scope import add_profile

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session


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


def test_the_laptops_are_listed_by_their_certified_names_with_their_bundles(
    prog: Programme, tmp_path: Path
) -> None:
    prog.pcrg.add_person("From the PCRG")
    prog.pcrg.export(tmp_path / "p.senbundle", for_laptop="Programme lead")
    prog.lead.import_(tmp_path / "p.senbundle")
    prog.lead.export(tmp_path / "back.senbundle", for_laptop="PCRG secretary")
    with prog.lead.open() as db:
        service = ExchangeService(db.session_factory, prog.lead.folder, trust=prog.lead.trust(db))
        overview = service.overview()
        profiles = service.profiles()
    laptops = {lap.name: lap for lap in overview.laptops}
    pcrg = laptops["PCRG secretary"]
    assert pcrg.laptop_id == prog.pcrg.laptop_id and not pcrg.this_laptop
    assert "never" not in (pcrg.last_import, pcrg.last_export)
    assert laptops["Programme lead"].this_laptop and laptops["Programme lead"].root
    assert [g.code for g in overview.groups][0] == "SG"
    assert overview.rows_waiting == 0 and overview.conflicts == 0
    line = next(p for p in profiles if p.name == "PCRG secretary")
    assert line.line.startswith("PCRG secretary\t")
