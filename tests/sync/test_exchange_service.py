"""The exchange service the Exchange page and `sen-desktop bundle` use: Cancel at any
report stops a bundle's export, staging, preview or import with nothing changed — the
database, the target file and the staging folder as they were — and says so with
``core.progress.Cancelled``."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import pytest
from trust_helpers import DB_NAME, Programme, programme

from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.sync.exchange_service import ExchangeService
from sen_desktop.sync.staging import STAGING

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def prog(tmp_path: Path) -> Programme:
    return programme(tmp_path)


def _dump(folder: Path) -> list[str]:
    connection = sqlite3.connect(folder / DB_NAME)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def _cancelling(after: int) -> tuple[Progress, list[tuple[int, int, str]]]:
    """A Progress whose Cancel is pressed at its ``after``-th report."""
    seen: list[tuple[int, int, str]] = []

    def report(done: int, total: int, label: str) -> None:
        seen.append((done, total, label))
        if len(seen) == after:
            progress.cancel()

    progress = Progress(report)
    return progress, seen


def test_cancel_stops_an_export_with_the_target_as_it_was(
    prog: Programme, tmp_path: Path
) -> None:
    prog.lead.add_person("Somebody new")
    target = tmp_path / "for-pcrg.senbundle"
    target.write_bytes(b"last week's bundle")
    before = _dump(prog.lead.folder)
    progress, seen = _cancelling(after=1)
    with prog.lead.open() as db:
        service = ExchangeService(db.session_factory, prog.lead.folder, trust=prog.lead.trust(db))
        with pytest.raises(Cancelled):
            service.export(target, "PCRG secretary", progress=progress)
    assert seen and seen[0][2] == "Writing for-pcrg.senbundle…"
    assert target.read_bytes() == b"last week's bundle"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".senbundle") == [target.name]
    assert _dump(prog.lead.folder) == before


def test_cancel_stops_staging_a_preview_and_an_import_with_nothing_changed(
    prog: Programme, tmp_path: Path
) -> None:
    prog.pcrg.add_person("From the PCRG")
    bundle = tmp_path / "p.senbundle"
    prog.pcrg.export(bundle, for_laptop="Programme lead")
    before = _dump(prog.lead.folder)
    staging = prog.lead.folder / STAGING
    with prog.lead.open() as db:
        service = ExchangeService(db.session_factory, prog.lead.folder, trust=prog.lead.trust(db))
        with pytest.raises(Cancelled):
            service.stage(bundle, progress=_cancelling(after=1)[0])
        assert not list(staging.glob("*"))
        staged = service.stage(bundle)
        with pytest.raises(Cancelled):
            service.preview(staged, progress=_cancelling(after=1)[0])
        progress, seen = _cancelling(after=1)
        with pytest.raises(Cancelled):
            service.apply(staged, progress=progress)
        assert seen  # it had begun
        assert not list(staging.glob("*"))  # the staged copy went with the Cancel
    assert _dump(prog.lead.folder) == before
    with prog.lead.open() as db:  # and the bundle still imports whole afterwards
        service = ExchangeService(db.session_factory, prog.lead.folder, trust=prog.lead.trust(db))
        result = service.import_bundle(bundle)
    assert result.report is not None and result.report.new > 0


def test_given_the_database_an_import_needs_room_and_leaves_an_empty_log(
    prog: Programme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sen_desktop.core.errors import StoreFailure
    from sen_desktop.core.store import failures

    prog.pcrg.add_person("From the PCRG")
    bundle = tmp_path / "p.senbundle"
    prog.pcrg.export(bundle, for_laptop="Programme lead")
    before = _dump(prog.lead.folder)
    wal = prog.lead.folder / f"{DB_NAME}-wal"
    with prog.lead.open() as db:
        service = ExchangeService(
            db.session_factory, prog.lead.folder, trust=prog.lead.trust(db), db=db
        )
        with monkeypatch.context() as patched:
            patched.setattr(failures, "free_space", lambda _folder: 1024 * 1024)
            with pytest.raises(StoreFailure, match="free some space"):
                service.import_bundle(bundle)
        assert _dump(prog.lead.folder) == before  # refused before anything was written
        result = service.import_bundle(bundle)
        assert result.report is not None and result.report.new > 0
        assert not wal.exists() or wal.stat().st_size == 0  # the import's log emptied
