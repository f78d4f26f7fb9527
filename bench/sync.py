"""Benchmarks for sync-by-export: export, import and replay of a bundle.

Each is compared with raw SQLite ``executemany`` of the same operation rows into an
empty table shaped like ``operation`` (one transaction): the least any import of those
rows could cost. Targets (issue 6): import within 10x, replay within 3x; a typical
bundle of 5,000 operations imports in under half a second. 100,000 operations by
default; 5,000 under ``--quick``.

Every import is the whole of ``import_bundle``: read, verify, decrypt, unpack, validate,
merge and commit. "Replay" is the merge's own idempotence: the same operations arrive
again inside *another* bundle (a second export from the same laptop, so another bundle
id), all already held, and go through the full pipeline; "sync merge replay" is the
merge's share of it (``apply_ops`` of the parsed operations). A bundle file imported a
second time is refused earlier, by its receipt, before it is even decrypted: that
check is "sync re-import". "sync typical" imports a bundle of 5,000 operations
whatever the size of the others.
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
from sen_desktop.core.signing import MemorySecretStore  # benchmarks never touch the keyring

OPERATIONS = 5_000 if os.environ.get("SEN_BENCH_QUICK") == "1" else 100_000
TYPICAL = 5_000  # a typical bundle: the half-second target
PASSPHRASE = "benchmark programme passphrase"


@dataclass(frozen=True)
class _Setup:
    root: Path
    sender: Path
    recipient: Path  # a pristine copy, never imported into
    bundle: Path
    again: Path  # the same operations in another bundle (another bundle id)
    rows: list[tuple[Any, ...]]
    ops: list[Any]  # merge.OpRow, as the bundles carry them
    secrets: MemorySecretStore


def _copy(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("sen.lock", "backups"))
    return target


@contextmanager
def _setup(space: Workspace, operations: int = OPERATIONS) -> Iterator[_Setup]:
    from sen_desktop.core.datafolder import open_programme
    from sen_desktop.core.store.models import Person
    from sen_desktop.core.store.oplog import insert_new_rows
    from sen_desktop.sync.exchange import export_bundle
    from sen_desktop.sync.keys import SyncKeys
    from sen_desktop.sync.merge import ops_since

    root = Path(tempfile.mkdtemp(prefix="sen-bench-sync-"))
    try:
        secrets = MemorySecretStore()
        sender = _copy(space.data_dir, root / "sender")
        recipient = _copy(space.data_dir, root / "recipient")
        keys = SyncKeys(sender, backend=secrets)
        keys.set_passphrase(PASSPHRASE)
        db = open_programme(sender, daily_backup=False)
        try:
            people = operations // 7  # a person is seven operations
            with db.session_factory.begin() as s:
                insert_new_rows(
                    s,
                    Person,
                    [{"id": str(uuid.uuid4()), "full_name": f"Person {i}"} for i in range(people)],
                )
            bundle = root / "all.senbundle"
            export_bundle(db.session_factory, bundle, keys)
            again = root / "again.senbundle"
            export_bundle(db.session_factory, again, keys)
            with db.session_factory() as s:
                ops = ops_since(s, {})
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
                    for o in ops
                ]
        finally:
            db.close()
        yield _Setup(root, sender, recipient, bundle, again, rows, ops, secrets)
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
    ours=f"import_bundle of {OPERATIONS:,} ops all held",
    baseline="sqlite3 executemany of the rows",
)
def replay_vs_executemany(space: Workspace) -> Comparison:
    return _import(space, replay=True)


@benchmark(
    "sync merge replay",
    ours=f"apply_ops of {OPERATIONS:,} ops all held",
    baseline="sqlite3 executemany of the rows",
)
def replay_merge_vs_executemany(space: Workspace) -> Comparison:
    """The merge's part of "sync replay" alone: the operations already parsed."""
    from sen_desktop.core.datafolder import open_programme
    from sen_desktop.sync.exchange import import_bundle
    from sen_desktop.sync.keys import SyncKeys
    from sen_desktop.sync.merge import apply_ops

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
            import_bundle(db.session_factory, setup.bundle, keys)

        def run() -> None:
            with holder[0].session_factory.begin() as session:
                report = apply_ops(session, setup.ops)
            assert report.new == 0 and report.already_had == len(setup.ops), report

        try:
            ours = _timed(space.repeat, prepare, run)
        finally:
            for db in holder:
                db.close()
        return Comparison(ours, _baseline(setup, space.repeat))


@benchmark(
    "sync re-import",
    ours="import_bundle of an imported file",
    baseline="sqlite3 executemany of the rows",
)
def reimport_vs_executemany(space: Workspace) -> Comparison:
    return _import(space, replay=True, same_file=True)


@benchmark(
    "sync typical",
    ours=f"import_bundle of {TYPICAL:,} ops",
    baseline="sqlite3 executemany of the rows",
)
def typical_vs_executemany(space: Workspace) -> Comparison:
    return _import(space, replay=False, operations=TYPICAL)


def _import(
    space: Workspace, *, replay: bool, same_file: bool = False, operations: int = OPERATIONS
) -> Comparison:
    from sen_desktop.core.datafolder import open_programme
    from sen_desktop.sync.exchange import import_bundle
    from sen_desktop.sync.keys import SyncKeys

    with _setup(space, operations) as setup:
        target = setup.root / "target"
        keys = SyncKeys(target, backend=setup.secrets)
        holder: list[Any] = []
        timed = setup.bundle if same_file or not replay else setup.again

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
            result = import_bundle(holder[0].session_factory, timed, keys)
            if replay and not result.already_imported:
                # Not one operation may be new: the bundle's are all held already.
                assert result.report is not None and result.report.new == 0, result.summary()

        try:
            ours = _timed(space.repeat, prepare, run)
        finally:
            for db in holder:
                db.close()
        return Comparison(ours, _baseline(setup, space.repeat))
