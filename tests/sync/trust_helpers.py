"""A programme of certified laptops for tests (imported as ``from trust_helpers import …``).

``programme(tmp_path)`` gives a ``Programme`` of real data folders (file databases, so a
refusal can be checked as the issue asks: the database file's SHA-256 after closing is
unchanged), each with its own in-memory keyring:

- ``lead``: the programme root (reads and writes everything);
- ``deputy``: reads and writes everything, contacts and confidential (a laptop a bundle
  of everything goes to);
- ``sg``: the Steering Group secretary (SG, contacts, confidential);
- ``pcrg``: the Parent/Carer Reference Group secretary (PCRG only);
- ``pcrg2``: a second PCRG laptop with the same grants as ``pcrg``.

The laptops are made once per test session through ``TrustService`` (start, request,
admit, join) into a template, and copied per test with their keyrings. Every laptop
knows every certificate: the lead sent each a bundle (``share_registry``) in the
template.
"""

from __future__ import annotations

import atexit
import copy
import hashlib
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sen_desktop.core.recommendations.signing import MemorySecretStore
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.core.store.models import Person
from sen_desktop.core.store.oplog import local_site_id
from sen_desktop.sync import exchange, exporting
from sen_desktop.sync.trust import TrustService

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sen_desktop.core.store.database import Database

DB_NAME = "sen.sqlite3"
NAMES = {
    "lead": "Programme lead",
    "deputy": "Deputy lead",
    "sg": "SG secretary",
    "pcrg": "PCRG secretary",
    "pcrg2": "PCRG chair",
}
GRANTS: dict[str, dict[str, Any]] = {
    "deputy": {"read": ["*"], "write": ["*"], "contacts": True, "confidential": True},
    "sg": {"read": ["SG"], "contacts": True, "confidential": True},
    "pcrg": {"read": ["PCRG"]},
    "pcrg2": {"read": ["PCRG"]},
}


def file_hash(folder: Path) -> str:
    return hashlib.sha256((folder / DB_NAME).read_bytes()).hexdigest()


class Laptop:
    """A data folder standing for one laptop, with its own keyring."""

    def __init__(self, key: str, folder: Path, secrets: MemorySecretStore) -> None:
        self.key = key
        self.name = NAMES[key]
        self.folder = folder
        self.secrets = secrets

    @contextmanager
    def open(self) -> Iterator[Database]:
        db = open_programme(self.folder, daily_backup=False)
        try:
            yield db
        finally:
            db.close()

    def trust(self, db: Database) -> TrustService:
        return TrustService(db.session_factory, self.folder, secrets=self.secrets)

    def hash(self) -> str:
        return file_hash(self.folder)

    @property
    def laptop_id(self) -> str:
        with self.open() as db:
            return self.trust(db).status().laptop_id

    @property
    def site_id(self) -> str:
        with self.open() as db, db.session_factory.begin() as s:
            return local_site_id(s)

    def identity(self) -> Any:
        with self.open() as db:
            return self.trust(db).identity()

    def add_person(self, name: str, email: str = "") -> str:
        with self.open() as db, db.session_factory.begin() as s:
            person = Person(full_name=name, email=email)
            s.add(person)
            s.flush()
            return str(person.id)

    def export(self, path: Path, **options: Any) -> exporting.ExportResult:
        with self.open() as db:
            return exporting.export_bundle(db.session_factory, path, self.trust(db), **options)

    def import_(self, path: Path, **options: Any) -> exchange.ImportResult:
        with self.open() as db:
            return exchange.import_bundle(db.session_factory, path, self.trust(db), **options)

    def person_names(self) -> set[str]:
        from sqlalchemy import select

        with self.open() as db, db.session_factory() as s:
            return set(s.scalars(select(Person.full_name)))


class Programme:
    def __init__(self, laptops: dict[str, Laptop]) -> None:
        self.laptops = laptops
        self.lead = laptops["lead"]
        self.deputy = laptops["deputy"]
        self.sg = laptops["sg"]
        self.pcrg = laptops["pcrg"]
        self.pcrg2 = laptops["pcrg2"]

    def share_registry(self, folder: Path) -> None:
        """The lead sends each laptop a bundle, so every laptop knows every certificate."""
        for key, laptop in self.laptops.items():
            if key == "lead":
                continue
            path = folder / f"registry-for-{key}.senbundle"
            self.lead.export(path, for_laptop=laptop.name)
            laptop.import_(path)


_TEMPLATES: dict[str, tuple[Path, dict[str, MemorySecretStore]]] = {}


def _make_template() -> tuple[Path, dict[str, MemorySecretStore]]:
    root = Path(tempfile.mkdtemp(prefix="sen-trust-template-"))
    # Made once per test session; removed when the session's interpreter ends.
    atexit.register(shutil.rmtree, root, True)
    secrets = {key: MemorySecretStore() for key in NAMES}
    laptops = {key: Laptop(key, root / key, secrets[key]) for key in NAMES}
    lead = laptops["lead"]
    with lead.open() as db:
        service = lead.trust(db)
        service.start_programme("County SEN programme")
    for key, grants in GRANTS.items():
        laptop = laptops[key]
        with laptop.open() as db:
            request = laptop.trust(db).make_request(laptop.name)
        with lead.open() as db:
            certificate = lead.trust(db).admit(request, **grants)
        with laptop.open() as db:
            laptop.trust(db).join(certificate)
    Programme(laptops).share_registry(root)
    for bundle in root.glob("*.senbundle"):
        bundle.unlink()
    return root, secrets


def programme(tmp_path: Path) -> Programme:
    """A copy of the session's programme template in ``tmp_path``."""
    if "template" not in _TEMPLATES:
        _TEMPLATES["template"] = _make_template()
    template, secrets = _TEMPLATES["template"]
    laptops = {}
    for key in NAMES:
        folder = tmp_path / key
        shutil.copytree(
            template / key, folder, ignore=shutil.ignore_patterns("sen.lock", "backups")
        )
        store = MemorySecretStore()
        store.secrets = copy.deepcopy(secrets[key].secrets)
        laptops[key] = Laptop(key, folder, store)
    return Programme(laptops)
