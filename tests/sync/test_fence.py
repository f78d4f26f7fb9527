"""The restore fence (docs/TRUST.md "Sites", sync/fence.py): a laptop whose database was
restored from a copy older than what it sent or received moves to a new site, so no
operation counter is used twice."""

from __future__ import annotations

import json
import shutil
import sqlite3
from typing import TYPE_CHECKING

import pytest
from enrolment_helpers import Laptop, Laptops, admit, opened_laptops, seeded_database, started
from sqlalchemy import select

from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.core.store.models import SyncPeer
from sen_desktop.sync import registry as reg
from sen_desktop.sync.fence import (
    HIGH_WATER_FILE,
    fence_if_restored,
    high_water,
    record_high_water,
    record_received,
)
from sen_desktop.sync.identity import derive_site

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_database(tmp_path_factory)


@pytest.fixture
def laptops(tmp_path: Path, seeded: Path) -> Iterator[Laptops]:
    with opened_laptops(tmp_path, seeded) as made:
        yield made


@pytest.fixture
def lead(laptops: Laptops) -> Laptop:
    return started(laptops)


# --- the restore fence -----------------------------------------------------------------------


def test_a_restored_database_moves_to_a_new_site(
    lead: Laptop, laptops: Laptops
) -> None:
    pcrg = laptops["pcrg"]
    pcrg.service.join(admit(lead, pcrg))
    key = pcrg.service.identity().sign_public_hex
    laptop_id = pcrg.service.identity().laptop_id
    site, counter = pcrg.site()
    assert fence_if_restored(pcrg.db.session_factory, pcrg.folder, pcrg.secrets) is None
    # Sealed up to 7 under this site, but the database (a restored copy) says 0.
    record_high_water(pcrg.folder, laptop_id, {site: 7}, secrets=pcrg.secrets)
    record_high_water(pcrg.folder, laptop_id, {site: 5}, secrets=pcrg.secrets)  # keeps 7
    assert high_water(pcrg.folder, laptop_id, pcrg.secrets) == {site: 7}
    assert json.loads((pcrg.folder / HIGH_WATER_FILE).read_text()) == {site: 7}
    moved = fence_if_restored(pcrg.db.session_factory, pcrg.folder, pcrg.secrets)
    assert moved == derive_site(key, 1)
    assert pcrg.site() == (moved, 0) and pcrg.me().site_nonce == 1
    assert fence_if_restored(pcrg.db.session_factory, pcrg.folder, pcrg.secrets) is None
    # New writes use the new site.
    pcrg.write_something()
    assert pcrg.site()[0] == moved and pcrg.site()[1] > 0


def test_a_copy_restored_from_before_an_import_moves_to_a_new_site(
    lead: Laptop, laptops: Laptops
) -> None:
    """A laptop that only received since the copy was taken lost what it confirmed
    receiving: the record of its imports fences it onto a new site, so senders send again
    (docs/TRUST.md "Acknowledgements after a restore")."""
    pcrg = laptops["pcrg"]
    pcrg.service.join(admit(lead, pcrg))
    identity = pcrg.service.identity()
    site, _ = pcrg.site()
    record_received(pcrg.folder, identity.laptop_id, site, 0, secrets=pcrg.secrets)
    assert fence_if_restored(pcrg.db.session_factory, pcrg.folder, pcrg.secrets) is None
    # Two bundles imported under this site; the database (a restored copy) holds none.
    record_received(pcrg.folder, identity.laptop_id, site, 2, secrets=pcrg.secrets)
    moved = fence_if_restored(pcrg.db.session_factory, pcrg.folder, pcrg.secrets)
    assert moved == derive_site(identity.sign_public_hex, 1)
    assert fence_if_restored(pcrg.db.session_factory, pcrg.folder, pcrg.secrets) is None


def test_the_fence_skips_sites_already_used_and_trusts_the_keyring(
    lead: Laptop, laptops: Laptops
) -> None:
    pcrg = laptops["pcrg"]
    pcrg.service.join(admit(lead, pcrg))
    identity = pcrg.service.identity()
    key = identity.sign_public_hex
    site, _ = pcrg.site()
    record_high_water(
        pcrg.folder, identity.laptop_id, {site: 4, derive_site(key, 1): 9}, secrets=pcrg.secrets
    )
    # The whole data folder restored: the file is gone too, the keyring remembers.
    (pcrg.folder / HIGH_WATER_FILE).unlink()
    moved = fence_if_restored(pcrg.db.session_factory, pcrg.folder, pcrg.secrets)
    assert moved == derive_site(key, 2)
    assert pcrg.me().site_nonce == 2


def test_the_fence_leaves_a_laptop_that_has_not_joined(laptops: Laptops) -> None:
    pcrg = laptops["pcrg"]
    pcrg.write_something()
    assert fence_if_restored(pcrg.db.session_factory, pcrg.folder, pcrg.secrets) is None
    pcrg.service.make_request("PCRG secretary")
    site, _ = pcrg.site()
    record_high_water(pcrg.folder, pcrg.me().laptop_id, {site: 999}, secrets=pcrg.secrets)
    assert fence_if_restored(pcrg.db.session_factory, pcrg.folder, pcrg.secrets) is None


def test_a_passphrase_laptop_becomes_the_root_and_vouches_for_other_sites(
    laptops: Laptops,
) -> None:
    from sen_desktop.core.store.models import OpBatch, Operation

    laptop = laptops["lead"]
    laptop.write_something()
    own_site, _ = laptop.site()
    foreign = "abcdef01-2345-4678-9abc-def012345678"
    with laptop.db.session_factory.begin() as session:
        session.add(SyncPeer(site_id=foreign, name="old", public_key="11" * 32,
                             pinned_at="2026-01-01T00:00:00Z"))
        session.add_all(
            Operation(op_id=f"{foreign}:{n}", site_id=foreign, counter=n, entity="person",
                      row_id="00000000-0000-4000-8000-0000000000aa", field="full_name",
                      value=f'"Name {n}"', hlc=f"{1767225600000 + n:013d}.00000", prev="[]")
            for n in (1, 2, 3)
        )
    status = laptop.service.start_programme("County SEN")
    assert status.state == "root" and status.legacy
    with laptop.db.session_factory() as session:
        batches = session.scalars(select(OpBatch)).all()
    legacy = [b for b in batches if b.legacy]
    assert [(b.site_id, b.first_counter, b.last_counter) for b in legacy] == [(foreign, 1, 3)]
    assert legacy[0].signer == laptop.service.identity().laptop_id
    # The root's own earlier site is not vouched for as legacy: its certificate binds it.
    assert own_site not in {b.site_id for b in legacy}
    certificate = laptop.registry().certificate(laptop.service.identity().laptop_id)
    assert certificate is not None and certificate.sites == (own_site,)


def test_a_backup_restored_after_sealing_continues_under_a_new_site(
    lead: Laptop, laptops: Laptops
) -> None:
    from sen_desktop.sync.sealing import seal_pending

    pcrg = laptops["pcrg"]
    pcrg.service.join(admit(lead, pcrg))
    backup = pcrg.folder / "backup.sqlite3"
    # A consistent copy, as the daily backup takes it (SQLite's online backup).
    source, target = sqlite3.connect(pcrg.folder / "sen.sqlite3"), sqlite3.connect(backup)
    with source, target:
        source.backup(target)
    source.close()
    target.close()
    pcrg.write_something()
    pcrg.write_something()
    sent_site, sent_counter = pcrg.site()
    with pcrg.db.session_factory.begin() as session:
        assert seal_pending(
            session, pcrg.service.identity(), reg.load(session),
            data_dir=pcrg.folder, secrets=pcrg.secrets,
        ) == 1
    laptop_id = pcrg.service.identity().laptop_id
    assert high_water(pcrg.folder, laptop_id, pcrg.secrets) == {sent_site: sent_counter}
    # The laptop is restored from the copy taken before those changes.
    pcrg.db.close()
    (pcrg.folder / "sen.sqlite3").unlink()
    for side in ("sen.sqlite3-wal", "sen.sqlite3-shm"):
        (pcrg.folder / side).unlink(missing_ok=True)
    shutil.copy(backup, pcrg.folder / "sen.sqlite3")
    pcrg.db = open_programme(pcrg.folder)
    assert pcrg.site() == (sent_site, 0)
    moved = fence_if_restored(pcrg.db.session_factory, pcrg.folder, pcrg.secrets)
    assert moved == derive_site(pcrg.service.identity().sign_public_hex, 1)
    pcrg.write_something()
    assert pcrg.site()[0] == moved and pcrg.site()[1] >= 1  # counters start afresh there
