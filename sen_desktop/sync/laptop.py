"""Opening this laptop's data folder for work that may write: the programme's database,
with the restore fence applied first (docs/TRUST.md "Sites").

``core.datafolder.open_programme`` locks the folder, opens and seeds the database; it
knows nothing of sync (core sits below sync). Every command and the window open the
folder through ``open_laptop`` instead, so a database restored from a backup moves to
a new site before anything is written and no operation counter is ever used twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sen_desktop.core.progress import NO_PROGRESS

if TYPE_CHECKING:
    from sen_desktop.core.progress import Progress
    from sen_desktop.core.recommendations.signing import SecretStore
    from sen_desktop.core.store.database import Database


def open_laptop(
    path: Path | None = None,
    *,
    daily_backup: bool | None = None,
    secrets: SecretStore | None = None,
    progress: Progress = NO_PROGRESS,
) -> Database:
    """``open_programme``, then ``fence.fence_if_restored``; the database closes (and the
    folder unlocks) if the fence fails. ``progress`` reports a creation, a migration or
    the daily backup at open, and its Cancel stops them with nothing changed
    (``open_programme``)."""
    from sen_desktop.core.store.datafolder import default_data_dir, open_programme
    from sen_desktop.sync.fence import fence_if_restored

    folder = Path(path) if path is not None else default_data_dir()
    db = open_programme(folder, daily_backup=daily_backup, progress=progress)
    try:
        fence_if_restored(db.session_factory, folder, secrets)
    except BaseException:
        db.close()
        raise
    return db
