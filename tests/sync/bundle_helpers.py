"""Helpers for the bundle tests (imported as ``from bundle_helpers import …``).

Laptops here are real data folders (a file database each), so a refusal can be checked
the way the issue asks: the database file's SHA-256 after closing it is the same as
before. A template folder is seeded once per session and copied per laptop.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sen_desktop.core.datafolder import open_programme
from sen_desktop.core.store.database import SCHEMA_REVISION, Database
from sen_desktop.core.store.hlc import Timestamp
from sen_desktop.core.store.models import Person
from sen_desktop.core.store.oplog import local_site_id
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import BundleHeader, WireOp
from sen_desktop.sync.keys import LaptopKey, SyncKeys, derive_programme_key

PASSPHRASE = "correct horse battery staple"
DB_NAME = "sen.sqlite3"


def file_hash(folder: Path) -> str:
    return hashlib.sha256((folder / DB_NAME).read_bytes()).hexdigest()


class Laptop:
    """A data folder standing for one laptop; opened only inside ``open()``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.keys = SyncKeys(folder)
        with self.open() as db, db.session_factory.begin() as s:
            self.site_id = local_site_id(s)

    @contextmanager
    def open(self) -> Iterator[Database]:
        db = open_programme(self.folder, daily_backup=False)
        try:
            yield db
        finally:
            db.close()

    def hash(self) -> str:
        return file_hash(self.folder)

    def add_person(self, name: str, email: str = "") -> str:
        with self.open() as db, db.session_factory.begin() as s:
            person = Person(full_name=name, email=email)
            s.add(person)
            s.flush()
            return person.id

    def laptop_key(self) -> LaptopKey:
        return self.keys.laptop_key(self.site_id, derive_programme_key(PASSPHRASE))


def make_template(root: Path) -> Path:
    folder = root / "template"
    db = open_programme(folder, daily_backup=False)
    db.close()
    return folder


def new_laptop(template: Path, folder: Path) -> Laptop:
    shutil.copytree(template, folder, ignore=shutil.ignore_patterns("sen.lock", "backups"))
    # Each laptop has its own site id: the copy's is made on first use, so drop the
    # template's (it has none, since nothing was written locally).
    return Laptop(folder)


# --- forging bundles (what a hostile insider with the passphrase could make) -----------


def zip_of(members: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ops_payload(lines: Iterable[bytes], manifest: Mapping[str, Any] | None = None) -> bytes:
    return zip_of(
        {
            "manifest.json": json.dumps(dict(manifest or {"operations": 0})).encode(),
            "ops.ndjson": b"".join(line + b"\n" for line in lines),
        }
    )


def header_for(
    site_id: str, key: LaptopKey, *, created_ms: int = 1_790_000_000_000, **changes: Any
) -> BundleHeader:
    header = BundleHeader(
        bundle_id=fmt.new_bundle_id(),
        sender_site=site_id,
        public_key=key.public_hex,
        fingerprint=key.fingerprint,
        schema=SCHEMA_REVISION,
        knowledge={},
        created=Timestamp(created_ms).encode(),
    )
    return replace(header, **changes)


def forge(
    site_id: str,
    key: LaptopKey,
    payload: bytes,
    *,
    passphrase: str = PASSPHRASE,
    **header_changes: Any,
) -> bytes:
    header = header_for(site_id, key, **header_changes)
    return fmt.seal(header, payload, derive_programme_key(passphrase), key.sign)


def op_line(
    site_id: str,
    counter: int,
    *,
    entity: str = "person",
    row_id: str = "11111111-1111-1111-1111-111111111111",
    field: str = "full_name",
    value: str = '"Forged Person"',
    hlc: str = "1790000000000.00000",
    prev: tuple[str, ...] = (),
) -> bytes:
    return WireOp(
        f"{site_id}:{counter}", site_id, counter, entity, row_id, field, value, hlc, prev
    ).to_line()


def person_lines(site_id: str, *, row_id: str, name: str, hlc: str) -> list[bytes]:
    """A whole new person (every field), as capture would write it."""
    fields = {
        "deleted": "false",
        "full_name": json.dumps(name),
        "job_title": '""',
        "organisation": '""',
        "email": '""',
        "phone": '""',
        "notes": '""',
    }
    return [
        op_line(site_id, n, row_id=row_id, field=f, value=v, hlc=hlc)
        for n, (f, v) in enumerate(sorted(fields.items()), start=1)
    ]
