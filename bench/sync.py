"""Benchmarks for sync-by-export: export, import and replay of a bundle (issue 10).

Each is compared with raw SQLite ``executemany`` of the same operation rows into an
empty table shaped like ``operation`` (one transaction): the least any import of those
rows could cost. The two are timed back to back in each round, so a busy spell on a
shared machine weighs on both sides alike; the table gives each side's median. Targets
(issue 10): import within 6x, a replay within 2x, export within 3x; 100,000 operations
by default, 5,000 under ``--quick``.

The laptops are certified (docs/TRUST.md): the sender is the programme's root, the
recipient a laptop certified to read everything, each with its own in-memory keyring.
Every import is the whole of ``import_bundle``: copy while hashing, verify the
certificate and signature, decrypt (age) to a private file, read in chunks, check every
operation against its signed batch and its author's scope, merge and commit. "Replay" is
the same operations arriving again inside *another* bundle (a second export, another
bundle id), all already held, through the full pipeline; "sync merge replay" is the
merge's share of it. "sync re-import" is a bundle file imported a second time, refused
by its receipt before it is decrypted. "sync typical" imports 5,000 operations.

"sync import memory" (printed below the table, not a ratio) imports a bundle of
1,000,000 operations (20,000 under ``--quick``) in a child process and reports its
peak resident memory (``VmHWM``, its own high-water mark); the target is 300 MB.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import NOTES, REPO, Comparison, Workspace, benchmark
from sen_desktop.core.recommendations.signing import (
    MemorySecretStore,  # benchmarks never touch the keyring
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

QUICK = os.environ.get("SEN_BENCH_QUICK") == "1"
OPERATIONS = 5_000 if QUICK else 100_000
TYPICAL = 5_000
MEMORY_OPERATIONS = 20_000 if QUICK else 1_000_000
MEMORY_TARGET_MB = 300


@dataclass(frozen=True)
class _Setup:
    root: Path
    sender: Path
    recipient: Path  # a pristine copy (joined, nothing imported), never imported into
    bundle: Path
    again: Path  # the same operations in another bundle (another bundle id)
    rows: list[tuple[Any, ...]]
    ops: list[Any]  # merge.OpRow, as the bundles carry them
    sender_secrets: MemorySecretStore
    recipient_secrets: MemorySecretStore


def _copy(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("sen.lock", "backups"))
    return target


def _trust(db: Any, folder: Path, secrets: MemorySecretStore) -> Any:
    from sen_desktop.sync.trust import TrustService

    return TrustService(db.session_factory, folder, secrets=secrets)


def _enrol(root: Path, source: Path) -> tuple[Path, Path, MemorySecretStore, MemorySecretStore]:
    """A root laptop and a laptop certified to read everything, from the seeded folder."""
    from sen_desktop.core.store.datafolder import open_programme

    sender = _copy(source, root / "sender")
    recipient = _copy(source, root / "recipient")
    sender_secrets, recipient_secrets = MemorySecretStore(), MemorySecretStore()
    db = open_programme(sender, daily_backup=False)
    try:
        _trust(db, sender, sender_secrets).start_programme("Benchmark programme")
    finally:
        db.close()
    db = open_programme(recipient, daily_backup=False)
    try:
        request = _trust(db, recipient, recipient_secrets).make_request("Benchmark recipient")
    finally:
        db.close()
    db = open_programme(sender, daily_backup=False)
    try:
        certificate = _trust(db, sender, sender_secrets).admit(
            request, read=["*"], write=["*"], contacts=True, confidential=True
        )
    finally:
        db.close()
    db = open_programme(recipient, daily_backup=False)
    try:
        _trust(db, recipient, recipient_secrets).join(certificate)
    finally:
        db.close()
    return sender, recipient, sender_secrets, recipient_secrets


def _fill(folder: Path, operations: int) -> None:
    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.core.store.models import Person
    from sen_desktop.core.store.oplog import insert_new_rows

    db = open_programme(folder, daily_backup=False)
    try:
        people = max(operations // 7, 1)  # a person is seven operations
        step = 50_000
        for start in range(0, people, step):
            with db.session_factory.begin() as s:
                insert_new_rows(
                    s,
                    Person,
                    [
                        {"id": str(uuid.uuid4()), "full_name": f"Person {i}"}
                        for i in range(start, min(people, start + step))
                    ],
                )
    finally:
        db.close()


def _export(folder: Path, secrets: MemorySecretStore, path: Path, **options: Any) -> Any:
    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.sync.exporting import export_bundle

    db = open_programme(folder, daily_backup=False)
    try:
        return export_bundle(db.session_factory, path, _trust(db, folder, secrets), **options)
    finally:
        db.close()


@contextmanager
def _setup(space: Workspace, operations: int = OPERATIONS) -> Iterator[_Setup]:
    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.core.store.oplog import GENESIS_SITE
    from sen_desktop.sync.operations import ops_since

    root = Path(tempfile.mkdtemp(prefix="sen-bench-sync-"))
    try:
        sender, recipient, sender_secrets, recipient_secrets = _enrol(root, space.data_dir)
        _fill(sender, operations)
        bundle = root / "all.senbundle"
        _export(sender, sender_secrets, bundle)
        again = root / "again.senbundle"
        _export(sender, sender_secrets, again)
        db = open_programme(sender, daily_backup=False)
        try:
            with db.session_factory() as s:
                ops = [op for op in ops_since(s, {}) if op.site_id != GENESIS_SITE]
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
        yield _Setup(
            root, sender, recipient, bundle, again, rows, ops, sender_secrets, recipient_secrets
        )
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


def _alternating(
    setup: _Setup, repeat: int, prepare: Callable[[], None], run: Callable[[], object]
) -> Comparison:
    """Ours (``run``, after an untimed ``prepare``) and the baseline (executemany of the
    same rows), timed back to back ``repeat`` times after one untimed round of each.

    Alternating puts both sides under the same load: on a shared machine a busy spell
    otherwise lands on one side only and moves the ratio by a third. The table shows the
    median of each side."""
    ours: list[float] = []
    baseline: list[float] = []
    for round_ in range(repeat + 1):
        prepare()
        start = time.perf_counter()
        run()
        took = time.perf_counter() - start
        base = _raw_executemany(setup.rows, setup.root)
        if round_:  # the first round warms caches and imports
            ours.append(took)
            baseline.append(base)
    if ALTERNATING_NOTE not in NOTES:
        NOTES.append(ALTERNATING_NOTE)
    return Comparison(ours, baseline)


ALTERNATING_NOTE = (
    "sync: each round times ours, then executemany of the same rows, back to back in the "
    "same run; the table gives the median of each side over the rounds"
)


@benchmark(
    "sync export",
    ours=f"export_bundle of {OPERATIONS:,} ops",
    baseline="sqlite3 executemany of the rows",
)
def export_vs_executemany(space: Workspace) -> Comparison:
    with _setup(space) as setup:
        return _alternating(
            setup,
            space.repeat,
            lambda: None,
            lambda: _export(setup.sender, setup.sender_secrets, setup.root / "x.senbundle"),
        )


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
    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.sync.exchange import import_bundle
    from sen_desktop.sync.merge import apply_ops

    with _setup(space) as setup:
        target = setup.root / "target"
        holder: list[Any] = []

        def prepare() -> None:
            for db in holder:
                db.close()
            holder.clear()
            _copy(setup.recipient, target)
            db = open_programme(target, daily_backup=False)
            holder.append(db)
            import_bundle(
                db.session_factory, setup.bundle, _trust(db, target, setup.recipient_secrets)
            )

        def run() -> None:
            with holder[0].session_factory.begin() as session:
                report = apply_ops(session, setup.ops)
            assert report.new == 0 and report.already_had == len(setup.ops), report

        try:
            return _alternating(setup, space.repeat, prepare, run)
        finally:
            for db in holder:
                db.close()


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
    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.sync.exchange import import_bundle

    with _setup(space, operations) as setup:
        target = setup.root / "target"
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
                import_bundle(
                    db.session_factory, setup.bundle, _trust(db, target, setup.recipient_secrets)
                )

        def run() -> None:
            db = holder[0]
            result = import_bundle(
                db.session_factory, timed, _trust(db, target, setup.recipient_secrets)
            )
            if replay and not result.already_imported:
                # Not one operation may be new: the bundle's are all held already.
                assert result.report is not None and result.report.new == 0, result.summary()

        try:
            return _alternating(setup, space.repeat, prepare, run)
        finally:
            for db in holder:
                db.close()


# --- peak memory of a big import (a child process, so the figure is its own) ------------

_CHILD = """
import resource, sys, time
from pathlib import Path
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.core.recommendations.signing import MemorySecretStore
from sen_desktop.sync.exchange import import_bundle
from sen_desktop.sync.trust import TrustService
import json
folder, bundle, secrets_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
store = MemorySecretStore()
saved = json.loads(secrets_file.read_text())
store.secrets = {tuple(k.split("\\x00", 1)): v for k, v in saved.items()}
def high_water_kb():
    # This process's own peak (VmHWM): ru_maxrss would carry the parent's over exec.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = high_water_kb()
db = open_programme(folder, daily_backup=False)
began = time.perf_counter()
try:
    trust = TrustService(db.session_factory, folder, secrets=store)
    result = import_bundle(db.session_factory, bundle, trust)
finally:
    db.close()
took = time.perf_counter() - began
peak = high_water_kb()
print(json.dumps({"ops": result.operations, "new": result.report.new, "peak_kb": peak,
                  "start_kb": start, "seconds": took}))
"""


@benchmark(
    "sync import memory",
    ours=f"import_bundle of {MEMORY_OPERATIONS:,} ops (s)",
    baseline="sqlite3 executemany of the rows",
)
def import_memory(space: Workspace) -> Comparison:
    """Peak memory of importing one bundle of a million operations, in a child process.

    The table shows its time against executemany of the same rows; the peak memory
    goes below the table."""
    import json

    root = Path(tempfile.mkdtemp(prefix="sen-bench-memory-"))
    try:
        sender, recipient, sender_secrets, recipient_secrets = _enrol(root, space.data_dir)
        _fill(sender, MEMORY_OPERATIONS)
        bundle = root / "million.senbundle"
        _export(sender, sender_secrets, bundle, max_ops_per_part=MEMORY_OPERATIONS * 2)
        secrets_file = root / "secrets.json"
        secrets_file.write_text(
            json.dumps({"\x00".join(k): v for k, v in recipient_secrets.secrets.items()})
        )
        env = dict(space.env)
        env["PYTHONPATH"] = str(REPO)
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, str(recipient), str(bundle), str(secrets_file)],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"the memory run failed: {result.stderr[-2000:]}")
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        peak_mb = figures["peak_kb"] / 1024
        size_mb = bundle.stat().st_size / 1024 / 1024
        NOTES.append(
            f"sync import memory: {figures['ops']:,} operations ({size_mb:,.0f} MB bundle) "
            f"imported in {figures['seconds']:,.1f} s with a peak of {peak_mb:,.0f} MB "
            f"resident (target {MEMORY_TARGET_MB} MB; the interpreter alone "
            f"{figures['start_kb'] / 1024:,.0f} MB)"
        )
        db_rows = _rows_of(sender)
        baseline = [_raw_executemany(db_rows, root)]
        del db_rows
        return Comparison([figures["seconds"]], baseline)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _rows_of(folder: Path) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(folder / "sen.sqlite3")
    try:
        return connection.execute(
            "SELECT op_id, site_id, counter, entity, row_id, field, value, hlc, prev "
            "FROM operation WHERE site_id != '00000000-0000-0000-0000-000000000000'"
        ).fetchall()
    finally:
        connection.close()


def peak_memory_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
