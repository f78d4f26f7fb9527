"""Shared fixtures: offscreen Qt, a data folder per test, an in-memory keyring, and a
fresh database per test (``store``, ``empty_store``)."""

from __future__ import annotations

import os

# Before anything imports Qt: tests run offscreen on machines with no screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
from typing import TYPE_CHECKING

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from store_helpers import Store  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in memory for one test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def test_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty data folder for this test alone."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing a test does may touch the real user's data or settings folders.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / "cache"))


# --- the store: a fresh database per test, copied from one built per session -------------


@pytest.fixture(scope="session")
def _store_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An empty and a seeded database at the head, built once and copied by each test."""
    from sen_desktop.core.programme.seed import seed_programme
    from sen_desktop.core.store.database import open_database

    folder = tmp_path_factory.mktemp("store-templates")
    templates = {"empty": folder / "empty.sqlite3", "seeded": folder / "seeded.sqlite3"}
    for kind, path in templates.items():
        with open_database(path, backups_dir=folder / "backups", daily_backup=False) as db:
            if kind == "seeded":
                seed_programme(db)
    return templates


def _open_copy(template: Path, folder: Path) -> Store:
    from sen_desktop.core.store.database import open_database
    from sen_desktop.core.store.datafolder import DATABASE_NAME

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DATABASE_NAME
    shutil.copyfile(template, path)
    return Store(folder, open_database(path, daily_backup=False))


@pytest.fixture
def store(_store_templates: dict[str, Path], data_dir: Path) -> Iterator[Store]:
    """A fresh database in this test's data folder holding the seeded County programme."""
    opened = _open_copy(_store_templates["seeded"], data_dir)
    yield opened
    opened.db.close()


@pytest.fixture
def empty_store(_store_templates: dict[str, Path], data_dir: Path) -> Iterator[Store]:
    """A fresh database in this test's data folder at the head schema, with no rows."""
    opened = _open_copy(_store_templates["empty"], data_dir)
    yield opened
    opened.db.close()


@pytest.fixture
def new_store(
    _store_templates: dict[str, Path], tmp_path: Path
) -> Iterator[Callable[..., Store]]:
    """More stores for one test (two laptops …): ``new_store("b", seeded=False)`` opens a
    fresh database in the folder ``tmp_path / "b"``; all are closed when the test ends."""
    opened: list[Store] = []

    def make(name: str, *, seeded: bool = True) -> Store:
        made = _open_copy(_store_templates["seeded" if seeded else "empty"], tmp_path / name)
        opened.append(made)
        return made

    yield make
    for made in opened:
        made.db.close()
