"""Laptops for the enrolment and restore-fence tests (``from enrolment_helpers import …``):
each a data folder holding a copy of one seeded database, an in-memory keyring and its
``TrustService``, opened when a test first names it."""

from __future__ import annotations

import datetime as dt
import shutil
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sen_desktop.core.recommendations.signing import MemorySecretStore
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.core.store.models import LaptopSelf, Person, SiteState
from sen_desktop.core.store.oplog import SITE_ROW
from sen_desktop.sync import registry as reg
from sen_desktop.sync.trust import TrustService

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import pytest

    from sen_desktop.core.store.database import Database

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


class Laptop:
    """One laptop: its data folder, database, keyring and TrustService."""

    def __init__(self, folder: Path, template: Path) -> None:
        self.folder = folder
        folder.mkdir()
        # A copy of a seeded database (it holds no site yet: each laptop makes its own).
        shutil.copy(template, folder / "sen.sqlite3")
        self.secrets = MemorySecretStore()
        self.db: Database = open_programme(folder)
        self.service = TrustService(
            self.db.session_factory, folder, secrets=self.secrets, now=lambda: NOW
        )

    def site(self) -> tuple[str, int]:
        with self.db.session_factory() as session:
            row = session.get(SiteState, SITE_ROW)
            assert row is not None
            return row.site_id, row.counter

    def me(self) -> LaptopSelf:
        with self.db.session_factory() as session:
            row = session.get(LaptopSelf, reg.ROW)
            assert row is not None
            return row

    def registry(self) -> reg.Registry:
        with self.db.session_factory() as session:
            return reg.load(session)

    def write_something(self) -> None:
        with self.db.session_factory.begin() as session:
            session.add(Person(full_name="Ann Example"))


class Laptops(dict[str, Laptop]):
    """Laptops opened when a test first names them (opening one costs a seeded database)."""

    def __init__(self, root: Path, template: Path) -> None:
        super().__init__()
        self.root = root
        self.template = template

    def __missing__(self, name: str) -> Laptop:
        laptop = self[name] = Laptop(self.root / name, self.template)
        return laptop


def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly seeded programme database (a module's ``seeded`` fixture makes it once)."""
    folder = tmp_path_factory.mktemp("seeded")
    open_programme(folder).close()
    return folder / "sen.sqlite3"


@contextmanager
def opened_laptops(root: Path, template: Path) -> Iterator[Laptops]:
    """Laptops under ``root``, each closed afterwards."""
    made = Laptops(root, template)
    try:
        yield made
    finally:
        for laptop in made.values():
            laptop.db.close()


def started(laptops: Laptops) -> Laptop:
    """The lead's laptop, having started the programme "County SEN"."""
    laptops["lead"].service.start_programme("County SEN")
    return laptops["lead"]


def admit(lead: Laptop, laptop: Laptop, name: str = "PCRG secretary", **grants: Any) -> bytes:
    request = laptop.service.make_request(name)
    grants.setdefault("read", ["PCRG"])
    return lead.service.admit(request, **grants)
