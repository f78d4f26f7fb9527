"""Issue 14's test of a restore: export, restore, edit, export, import on the other laptop
-- and both laptops keep exchanging both ways. Before the fence a restored laptop reused
operation counters it had already sent, and every later bundle either way was refused.
Also the fence itself (sync/fence.py ``fence_restored``): a new derived site each time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trust_helpers import Laptop, programme

from sen_desktop.core.store.backups import BackupInfo, make_backup
from sen_desktop.core.store.database import SCHEMA_REVISION
from sen_desktop.core.store.oplog import SITE_ROW
from sen_desktop.sync.fence import fence_if_restored, high_water, restore_laptop
from sen_desktop.sync.identity import derive_site

if TYPE_CHECKING:
    from pathlib import Path


def backup(laptop: Laptop) -> BackupInfo:
    return make_backup(laptop.folder / "sen.sqlite3", laptop.folder / "backups",
                       kind="manual", revision=SCHEMA_REVISION)


def send(sender: Laptop, recipient: Laptop, folder: Path, name: str) -> None:
    """``sender`` exports a bundle for ``recipient``, who imports it (refusals raise)."""
    path = folder / f"{name}.senbundle"
    sender.export(path, for_laptop=recipient.name)
    recipient.import_(path)


def counter(laptop: Laptop) -> tuple[str, int]:
    from sen_desktop.core.store.models import SiteState

    with laptop.open() as db, db.session_factory() as session:
        site = session.get(SiteState, SITE_ROW)
        assert site is not None
        return site.site_id, site.counter


def test_a_restored_laptop_keeps_exchanging_both_ways(tmp_path: Path) -> None:
    laptops = programme(tmp_path / "laptops")
    lead, deputy = laptops.lead, laptops.deputy
    bundles = tmp_path / "bundles"
    bundles.mkdir()
    deputy.add_person("Dina Before")
    taken = backup(deputy)
    # After the backup: the deputy's own change reaches the lead (its counters are
    # sent), and the lead's reaches the deputy.
    deputy.add_person("Dina Lost Here")
    send(deputy, lead, bundles, "d1")
    lead.add_person("Lena Meanwhile")
    send(lead, deputy, bundles, "l1")
    old_site = deputy.site_id

    outcome = restore_laptop(deputy.folder, taken, secrets=deputy.secrets)

    assert outcome.new_site is not None and outcome.new_site != old_site
    assert "Dina Before" in deputy.person_names()
    assert not deputy.person_names() & {"Dina Lost Here", "Lena Meanwhile"}
    # Edit, export, import on the other laptop: taken, under the new site (without the
    # fence the deputy reused the counters of "Dina Lost Here" and the lead refused).
    deputy.add_person("Dina Restored")
    site, written = counter(deputy)
    assert site == outcome.new_site and written >= 1  # counters start afresh there
    send(deputy, lead, bundles, "d2")
    assert "Dina Restored" in lead.person_names()
    # The lead's next bundle brings back what the restore lost, the deputy's own too.
    lead.add_person("Lena After")
    send(lead, deputy, bundles, "l2")
    assert deputy.person_names() >= {"Dina Lost Here", "Lena Meanwhile", "Lena After"}
    # And on.
    deputy.add_person("Dina Later")
    send(deputy, lead, bundles, "d3")
    everyone = {"Dina Before", "Dina Lost Here", "Lena Meanwhile", "Dina Restored",
                "Lena After", "Dina Later"}
    assert lead.person_names() >= everyone
    assert deputy.person_names() >= everyone


def test_each_restore_moves_to_a_site_never_used(tmp_path: Path) -> None:
    pcrg = programme(tmp_path / "laptops").pcrg
    key = pcrg.identity().sign_public_hex
    taken = backup(pcrg)
    first = restore_laptop(pcrg.folder, taken, secrets=pcrg.secrets)
    assert first.new_site == derive_site(key, 1) == pcrg.site_id
    assert counter(pcrg) == (first.new_site, 0)
    assert high_water(pcrg.folder, pcrg.laptop_id, pcrg.secrets)[first.new_site] == 0
    # The same backup again (its nonce is still 0): the site just used is passed over.
    second = restore_laptop(pcrg.folder, taken, secrets=pcrg.secrets)
    assert second.new_site == derive_site(key, 2)
    # The fence every open applies finds nothing more to do.
    with pcrg.open() as db:
        assert fence_if_restored(db.session_factory, pcrg.folder, pcrg.secrets) is None
