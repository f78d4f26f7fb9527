"""Demo databases for benchmarks, built once and kept between runs.

``demo_database(years, scale)`` returns the path of a database filled by
``core.demo.generate``; it is built on first use in a cache folder (``SEN_BENCH_CACHE``,
or ``sen-bench-cache`` in the system's temporary folder) under a name made of the
parameters, the schema revision and a hash of the generator's source, so a changed
generator or schema builds afresh and repeated runs reuse what is there. A database is
built under a scratch name and renamed when complete; benchmarks only read it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from sqlalchemy import Engine


def demo_size(years: int, scale: int) -> tuple[int, int]:
    """The demo size a benchmark asks for, or one year at scale 1 under ``--quick``."""
    if os.environ.get("SEN_BENCH_QUICK") == "1":
        return 1, 1
    return years, scale


def cache_dir() -> Path:
    root = os.environ.get("SEN_BENCH_CACHE")
    return Path(root) if root else Path(tempfile.gettempdir()) / "sen-bench-cache"


def _generator_hash(years: int, scale: int, seed: int) -> str:
    """What the demo's content depends on: the source of every module of ``core/demo/``
    (found by name, so a new one counts without being listed here), the programme's
    seeded data, the operation log's format, and which meetings the plan holds or leaves
    planned on today's date."""
    from sen_desktop.core.demo import service as demo
    from sen_desktop.core.demo.plan import demo_plan
    from sen_desktop.core.programme import data as programme_data
    from sen_desktop.core.store import oplog

    core = Path(str(demo.__file__)).parent
    sources = sorted(core.glob("*.py"))
    sources += [Path(str(programme_data.__file__)), Path(str(oplog.__file__))]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    plan = demo_plan(years, scale, seed)
    digest.update(repr([(m.date, m.state) for m in plan.meetings]).encode())
    return digest.hexdigest()[:12]


def demo_database(years: int, scale: int = 1, seed: int = 2010) -> Path:
    """The database file of a demo programme of ``years`` x ``scale`` (built if missing)."""
    from sen_desktop.core.demo.service import generate
    from sen_desktop.core.store.database import SCHEMA_REVISION
    from sen_desktop.core.store.datafolder import DATABASE_NAME, open_programme

    key = f"demo-y{years}-k{scale}-s{seed}-r{SCHEMA_REVISION}-{_generator_hash(years, scale, seed)}"
    folder = cache_dir() / key
    database = folder / DATABASE_NAME
    if database.exists():
        return database
    scratch = cache_dir() / f"{key}.building-{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"building a {years}-year demo database (scale {scale}) in {folder}…",
          file=sys.stderr, flush=True)
    db = open_programme(scratch)
    try:
        generate(db, years, scale, seed)
    finally:
        db.close()
    shutil.rmtree(scratch / "backups", ignore_errors=True)
    try:
        scratch.rename(folder)
    except OSError:  # another run finished first: use theirs
        shutil.rmtree(scratch, ignore_errors=True)
    # Databases of the same parameters from an older generator or schema are stale.
    for old in cache_dir().glob(f"demo-y{years}-k{scale}-s{seed}-r*"):
        if old != folder and ".building-" not in old.name:
            shutil.rmtree(old, ignore_errors=True)
    return database


def read_only_store(path: Path) -> tuple[Engine, sessionmaker[Session]]:
    """Our engine and a session factory on ``path``, without open_database's daily backup."""
    from sen_desktop.core.store.database import store_engine

    engine = store_engine(path)
    return engine, sessionmaker(bind=engine, expire_on_commit=False)
