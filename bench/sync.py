"""Benchmarks for sync-by-export: export, import and replay of a bundle.

Each is compared with raw SQLite ``executemany`` of the same operation rows into an
empty table shaped like ``operation`` (one transaction): the least any import of those
rows could cost. Targets (issue 6): import within 10x, replay within 3x; a typical
bundle of 5,000 operations imports in under half a second. 100,000 operations by
default; 5,000 under ``--quick``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import Comparison, Workspace, benchmark

OPERATIONS = 5_000 if os.environ.get("SEN_BENCH_QUICK") == "1" else 100_000
PASSPHRASE = "benchmark programme passphrase"


class _Secrets:
    """A keyring backend in memory: benchmarks never touch the real keyring."""

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@dataclass(frozen=True)
class _Setup:
    root: Path
    sender: Path
    recipient: Path  # a pristine copy, never imported into
    bundle: Path
    rows: list[tuple[Any, ...]]
    secrets: _Secrets


def _copy(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("sen.lock", "backups"))
    return target


@contextmanager
def _setup(space: Workspace) -> Iterator[_Setup]:
    from sen_desktop.core.datafolder import open_programme
    from sen_desktop.core.store.models import Person
    from sen_desktop.core.store.oplog import insert_new_rows
    from sen_desktop.sync.exchange import export_bundle
    from sen_desktop.sync.keys import SyncKeys
    from sen_desktop.sync.merge import ops_since

    root = Path(tempfile.mkdtemp(prefix="sen-bench-sync-"))
    try:
        secrets = _Secrets()
        sender = _copy(space.data_dir, root / "sender")
        recipient = _copy(space.data_dir, root / "recipient")
        keys = SyncKeys(sender, backend=secrets)
        keys.set_passphrase(PASSPHRASE)
        db = open_programme(sender, daily_backup=False)
        try:
            people = OPERATIONS // 7  # a person is seven operations
            with db.session_factory.begin() as s:
                insert_new_rows(
                    s,
                    Person,
                    [{"id": str(uuid.uuid4()), "full_name": f"Person {i}"} for i in range(people)],
                )
            bundle = root / "all.senbundle"
            export_bundle(db.session_factory, bundle, keys)
            with db.session_factory() as s:
                rows = [
                    (
                        o.op_id,
                        o.site_id,
                        o.counter,
                        o.entity,
                        o.row_id,
                        o.field,
                        o.value,
                        o.hlc,
                        "[]",
                    )
                    for o in ops_since(s, {})
                ]
        finally:
            db.close()
        yield _Setup(root, sender, recipient, bundle, rows, secrets)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _raw_executemany(rows: list[tuple[Any, ...]], folder: Path) -> float:
    path = folder / "raw.sqlite3"
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(
            "CREATE TABLE operation (op_id TEXT PRIMARY KEY, site_id TEXT, counter INTEGER, "
            "entity TEXT, row_id TEXT, field TEXT, value TEXT, hlc TEXT, prev TEXT)"
        )
        connection.commit()
        start = time.perf_counter()
        with connection:
            connection.executemany("INSERT INTO operation VALUES (?,?,?,?,?,?,?,?,?)", rows)
        return time.perf_counter() - start
    finally:
        connection.close()


def _timed(repeat: int, prepare: Callable[[], None], run: Callable[[], object]) -> list[float]:
    """Wall time of ``run`` after an untimed ``prepare``, ``repeat`` times."""
    samples = []
    for _ in range(repeat):
        prepare()
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return samples


def _baseline(setup: _Setup, repeat: int) -> list[float]:
    return [_raw_executemany(setup.rows, setup.root) for _ in range(repeat)]


@benchmark(
    "sync export",
    ours=f"export_bundle of {OPERATIONS:,} ops",
    baseline="sqlite3 executemany of the rows",
)
def export_vs_executemany(space: Workspace) -> Comparison:
    from sen_desktop.core.datafolder import open_programme
    from sen_desktop.sync.exchange import export_bundle
    from sen_desktop.sync.keys import SyncKeys

    with _setup(space) as setup:
        keys = SyncKeys(setup.sender, backend=setup.secrets)
        db = open_programme(setup.sender, daily_backup=False)
        try:
            ours = _timed(
                space.repeat,
                lambda: None,
                lambda: export_bundle(db.session_factory, setup.root / "x.senbundle", keys),
            )
        finally:
            db.close()
        return Comparison(ours, _baseline(setup, space.repeat))


@benchmark(
    "sync import",
    ours=f"import_bundle of {OPERATIONS:,} ops",
    baseline="sqlite3 executemany of the rows",
)
def import_vs_executemany(space: Workspace) -> Comparison:
    return _import(space, replay=False)


@benchmark(
    "sync replay",
    ours="import of an imported bundle",
    baseline="sqlite3 executemany of the rows",
)
def replay_vs_executemany(space: Workspace) -> Comparison:
    return _import(space, replay=True)


def _import(space: Workspace, *, replay: bool) -> Comparison:
    from sen_desktop.core.datafolder import open_programme
    from sen_desktop.sync.exchange import import_bundle
    from sen_desktop.sync.keys import SyncKeys

    with _setup(space) as setup:
        target = setup.root / "target"
        keys = SyncKeys(target, backend=setup.secrets)
        holder: list[Any] = []

        def prepare() -> None:
            for db in holder:
                db.close()
            holder.clear()
            _copy(setup.recipient, target)
            db = open_programme(target, daily_backup=False)
            holder.append(db)
            if replay:
                import_bundle(db.session_factory, setup.bundle, keys)

        def run() -> None:
            import_bundle(holder[0].session_factory, setup.bundle, keys)

        try:
            ours = _timed(space.repeat, prepare, run)
        finally:
            for db in holder:
                db.close()
        return Comparison(ours, _baseline(setup, space.repeat))
