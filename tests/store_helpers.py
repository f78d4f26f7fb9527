"""The ``Store`` the ``store`` and ``empty_store`` fixtures (tests/conftest.py) yield."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.store.database import Database


class Store:
    """A test's own database, migrated to the head (and seeded, for ``store``).

    ``path`` is ``data_dir / "sen.sqlite3"``, so the window or ``open_laptop`` can open
    the same folder: this holds no lock on it. ``session_factory`` captures every change
    in the operation log with the real clock; ``sessions(wall_clock)`` is another factory
    on the same engine whose capture reads a clock the test sets.
    """

    def __init__(self, data_dir: Path, db: Database) -> None:
        self.data_dir = data_dir
        self.db = db

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def engine(self) -> Engine:
        return self.db.engine

    @property
    def session_factory(self) -> sessionmaker[Session]:
        return self.db.session_factory

    def sessions(self, wall_clock: Callable[[], int]) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        from sen_desktop.core.store.oplog import install_capture

        factory = sessionmaker(bind=self.engine, expire_on_commit=False)
        install_capture(factory, wall_clock=wall_clock)
        return factory
