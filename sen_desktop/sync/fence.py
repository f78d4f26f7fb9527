"""The restore fence (docs/TRUST.md "Sites"): no operation counter is used twice.

``record_high_water`` keeps, at every seal, the highest sealed counter of each site in
``site-high-water.json`` in the data folder (through a temporary file, fsynced) and in
the keyring entry ``site-high-water:<laptop id>``; after every import, the number of
bundles imported under the site (``record_received``). ``fence_if_restored`` moves a
laptop whose database was restored from an older copy -- one below its sealed counter,
or holding fewer receipts -- to a new site of its key before anything is written.
``fence_restored`` moves it whatever its counters say: a restore (``restore_laptop``,
which is ``core/store/restore.py`` with this fence) always continues under a new site.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sen_desktop.core.progress import NO_PROGRESS
from sen_desktop.core.store.models import LaptopSelf, SiteState
from sen_desktop.core.store.oplog import SITE_ROW
from sen_desktop.sync import registry as reg
from sen_desktop.sync.identity import KeyVault, derive_site, write_file_atomically

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.progress import Progress
    from sen_desktop.core.recommendations.signing import SecretStore
    from sen_desktop.core.store.backups import BackupInfo
    from sen_desktop.core.store.database import Database
    from sen_desktop.core.store.restore import RestoreOutcome

_log = logging.getLogger(__name__)

HIGH_WATER_FILE: Final = "site-high-water.json"
HIGH_WATER_USER: Final = "site-high-water:"


def move_site(session: Session, sign_key: str, nonce: int) -> str:
    """Move this laptop to the site derived from its key with ``nonce`` (counter 0)."""
    site_id = derive_site(sign_key, nonce)
    site = session.get(SiteState, SITE_ROW)
    if site is None:
        session.add(SiteState(id=SITE_ROW, site_id=site_id, counter=0, hlc=""))
    else:
        site.site_id = site_id
        site.counter = 0
    me = session.get(LaptopSelf, reg.ROW)
    if me is not None:
        me.site_nonce = nonce
    return site_id


def _read_high_water_file(data_dir: Path) -> dict[str, int]:
    path = Path(data_dir) / HIGH_WATER_FILE
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError):
        _log.warning("%s cannot be read; the keyring's copy is used", HIGH_WATER_FILE)
        return {}
    return _clean_marks(loaded)


def _clean_marks(loaded: object) -> dict[str, int]:
    if not isinstance(loaded, dict):
        return {}
    return {
        str(site): counter
        for site, counter in loaded.items()
        if isinstance(counter, int) and not isinstance(counter, bool) and counter >= 0
    }


def _read_high_water_keyring(vault: KeyVault, laptop_id: str) -> dict[str, int]:
    stored = vault.keyring_get(HIGH_WATER_USER + laptop_id)
    if stored is None:
        return {}
    try:
        return _clean_marks(json.loads(stored))
    except ValueError:
        return {}


def high_water(
    data_dir: Path, laptop_id: str, secrets: SecretStore | None = None
) -> dict[str, int]:
    """The highest sealed counter of each site, from the file and the keyring (the higher)."""
    marks = _read_high_water_file(data_dir)
    for site, counter in _read_high_water_keyring(KeyVault(data_dir, secrets), laptop_id).items():
        marks[site] = max(counter, marks.get(site, 0))
    return marks


def record_high_water(
    data_dir: Path,
    laptop_id: str,
    marks: Mapping[str, int],
    *,
    secrets: SecretStore | None = None,
) -> None:
    """Record the highest sealed counter of each site in ``marks``, keeping the higher of
    it and what is recorded, in the data folder's ``site-high-water.json`` and in the
    keyring entry ``site-high-water:<laptop id>``."""
    vault = KeyVault(data_dir, secrets)
    held = _read_high_water_file(data_dir)
    kept = _read_high_water_keyring(vault, laptop_id)
    for site, counter in marks.items():
        held[site] = max(counter, held.get(site, 0))
        kept[site] = max(counter, kept.get(site, 0))
    write_file_atomically(
        Path(data_dir) / HIGH_WATER_FILE, json.dumps(held, sort_keys=True).encode("utf-8")
    )
    vault.keyring_put(HIGH_WATER_USER + laptop_id, json.dumps(kept, sort_keys=True))


RECEIVED_MARK: Final = "received:"
"""Prefix of the restore fence's record of bundles imported under a site."""


def record_received(
    data_dir: Path, laptop_id: str, site: str, count: int, *, secrets: SecretStore | None = None
) -> None:
    """After an import: how many bundles this laptop has imported while writing under
    ``site``. A copy restored from before an import holds fewer, and is fenced onto a new
    site as one older than its sealed changes is: otherwise the senders, trusting what it
    confirmed before its disk failed, would never send those changes again."""
    record_high_water(data_dir, laptop_id, {RECEIVED_MARK + site: count}, secrets=secrets)


def fence_if_restored(
    session_factory: sessionmaker[Session], data_dir: Path, secrets: SecretStore | None = None
) -> str | None:
    """Move this laptop to a new derived site when its database is older than what it
    has sealed (a restored backup); returns the new site id, or None when all is well."""
    with session_factory.begin() as session:
        me = session.get(LaptopSelf, reg.ROW)
        site = session.get(SiteState, SITE_ROW)
        if me is None or site is None or me.state == "requested":
            return None
        marks = high_water(data_dir, me.laptop_id, secrets)
        recorded = marks.get(site.site_id)
        received = marks.get(RECEIVED_MARK + site.site_id)
        older = recorded is not None and site.counter < recorded
        if not older and received is not None:
            held = session.connection().exec_driver_sql("SELECT count(*) FROM bundle_receipt")
            older = int(held.scalar() or 0) < received
        if not older:
            return None
        new_site = move_site(session, me.sign_key, _next_nonce(me, marks))
        _log.warning(
            "the database is older than this laptop's sealed operations (a restored copy): "
            "it continues under a new site"
        )
        return new_site


def _next_nonce(me: LaptopSelf, marks: Mapping[str, int]) -> int:
    """The nonce after the database's own, past every site the fence's record has seen
    this laptop seal or import under (such a site's counters or receipts are in use)."""
    nonce = me.site_nonce + 1
    while True:
        site = derive_site(me.sign_key, nonce)
        if site not in marks and RECEIVED_MARK + site not in marks:
            return nonce
        nonce += 1


def fence_restored(
    session_factory: sessionmaker[Session], data_dir: Path, secrets: SecretStore | None = None
) -> str | None:
    """After a restore: move this laptop to a new derived site whatever its counters say
    (it cannot know what it sent after the backup was taken), and record the new site so
    a later restore never comes back to it. Returns the new site id; None for a laptop
    that has not joined a programme (it sends nothing, so it has nothing to fence)."""
    with session_factory.begin() as session:
        me = session.get(LaptopSelf, reg.ROW)
        if me is None or me.state == "requested":
            return None
        laptop_id = me.laptop_id
        new_site = move_site(
            session, me.sign_key, _next_nonce(me, high_water(data_dir, laptop_id, secrets))
        )
    record_high_water(data_dir, laptop_id, {new_site: 0}, secrets=secrets)
    _log.info("restored from a backup: this laptop continues under a new site")
    return new_site


def restore_laptop(
    data_dir: Path,
    backup: BackupInfo | Path,
    progress: Progress = NO_PROGRESS,
    *,
    secrets: SecretStore | None = None,
) -> RestoreOutcome:
    """Restore this laptop's database from ``backup`` and fence its site: what
    ``sen-desktop restore`` and File > Restore from backup… run (``core/store/restore.py``
    says each step; StoreError in one sentence, nothing changed, when it is refused)."""
    from sen_desktop.core.store.restore import restore

    folder = Path(data_dir)

    def fence(db: Database) -> str | None:
        return fence_restored(db.session_factory, folder, secrets)

    return restore(folder, backup, progress, fence=fence)


__all__ = [
    "HIGH_WATER_FILE",
    "HIGH_WATER_USER",
    "RECEIVED_MARK",
    "fence_if_restored",
    "fence_restored",
    "high_water",
    "move_site",
    "record_high_water",
    "record_received",
    "restore_laptop",
]
