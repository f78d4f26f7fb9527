"""Writing papers safely and recording their versions."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest
from paper_helpers import footer_text, reopen
from sqlalchemy import func, select

from sen_desktop.core.errors import SenError
from sen_desktop.core.store.models import Paper
from sen_desktop.papers import output
from sen_desktop.papers.document import (
    UNRESTRICTED,
    PaperSetup,
    numbered,
    start_paper,
)
from sen_desktop.papers.output import (
    PaperRegistry,
    PaperServices,
    PaperWriteError,
    docx_bytes,
    publish,
    write_docx,
)

SETUP = PaperSetup("Kent County Council", UNRESTRICTED, "", "SG/M3", 1)


def _paper(text: str = "Body text"):  # type: ignore[no-untyped-def]
    document = start_paper("portrait", SETUP)
    numbered(document, "1.1", text)
    return document


def test_the_same_document_gives_the_same_bytes() -> None:
    assert docx_bytes(_paper()) == docx_bytes(_paper())
    assert docx_bytes(_paper()) != docx_bytes(_paper("Other text"))


def test_write_docx_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "paper.docx"
    target.write_bytes(b"old")
    digest = write_docx(_paper(), target)
    assert len(digest) == 64
    assert reopen(target).paragraphs[-1].text == "1.1\tBody text"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.docx"]


def test_a_folder_as_the_target_is_one_clear_message(tmp_path: Path) -> None:
    with pytest.raises(PaperWriteError, match="is a folder; choose a file name"):
        write_docx(_paper(), tmp_path)
    with pytest.raises(PaperWriteError, match="does not exist"):
        write_docx(_paper(), tmp_path / "missing" / "paper.docx")
    assert issubclass(PaperWriteError, SenError)


def test_a_read_only_folder_is_one_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated: the tests may run as root, whom a read-only folder does not stop.
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    with pytest.raises(PaperWriteError) as refused:
        write_docx(_paper(), tmp_path / "paper.docx")
    assert str(refused.value) == (
        f"You cannot save in the folder {tmp_path}: it is read-only or you do not have "
        "permission. Choose another folder."
    )


def test_a_file_open_in_word_is_left_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"the chair's copy")

    def locked(src: object, dst: object) -> None:  # Windows refuses to replace an open file
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(output.os, "replace", locked)
    with pytest.raises(PaperWriteError) as refused:
        write_docx(_paper(), target)
    assert "may be open in Word" in str(refused.value)
    assert "The existing file was not changed." in str(refused.value)
    assert target.read_bytes() == b"the chair's copy"
    assert [p.name for p in tmp_path.iterdir()] == ["minutes.docx"]


def test_a_full_disk_is_one_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(PaperWriteError, match="The disk is full") as refused:
        write_docx(_paper(), target)
    assert "not changed" in str(refused.value)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["minutes.docx"]


def _count(services: PaperServices) -> int:
    with services.session_factory() as s:
        return s.scalar(select(func.count()).select_from(Paper)) or 0


def test_version_rises_only_when_the_content_changes(
    services: PaperServices, tmp_path: Path
) -> None:
    registry = services.registry
    target = tmp_path / "p.docx"

    def make(text: str, confidential: bool = False):  # type: ignore[no-untyped-def]
        return publish(
            _paper(text), target, registry, kind="minutes", reference="SG/M3",
            title="Minutes", confidential=confidential, by="Clerk",
        )

    first = make("One")
    assert (first.version, first.new_version) == (1, True)
    assert "version 1" in footer_text(reopen(target))
    again = make("One")
    assert (again.version, again.new_version, again.id) == (1, False, first.id)
    assert _count(services) == 1
    changed = make("Two")
    assert (changed.version, changed.new_version) == (2, True)
    assert "version 2" in footer_text(reopen(target))
    assert changed.sha256 == output.sha256_hex(target.read_bytes())
    assert make("Two").version == 2
    # The confidential version counts its own versions.
    assert make("Two", confidential=True).version == 1
    assert registry.latest("minutes", "SG/M3", False).version == 2  # type: ignore[union-attr]
    history = registry.history("minutes", "SG/M3")
    assert [(r.version, r.confidential, r.created_by) for r in history][:1] != []
    assert {r.version for r in history} == {1, 2}


def test_nothing_is_recorded_when_the_file_cannot_be_written(
    services: PaperServices, tmp_path: Path
) -> None:
    with pytest.raises(PaperWriteError):
        publish(
            _paper(), tmp_path, services.registry, kind="minutes", reference="SG/M3",
            title="Minutes", confidential=False,
        )
    assert _count(services) == 0


def test_registry_record_without_a_version_compares_sha256(services: PaperServices) -> None:
    registry = PaperRegistry(services.session_factory)
    one = registry.record("pack", "PACK/X", "Pack", "a" * 64, False, by="Lead")
    same = registry.record("pack", "PACK/X", "Pack", "a" * 64, False, by="Lead")
    other = registry.record("pack", "PACK/X", "Pack", "b" * 64, False, by="Lead")
    assert (one.version, same.version, other.version) == (1, 1, 2)
    assert same.id == one.id


def test_papers_never_load_qt() -> None:
    code = (
        "import sys, sen_desktop.papers.minutes, sen_desktop.papers.output;"
        "assert 'PySide6' not in sys.modules"
    )
    # This interpreter, not whichever `python` is first on PATH (CI runs the suite from a
    # virtual environment it does not activate).
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_new_paper_gets_the_users_normal_permissions(tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        target = tmp_path / "paper.docx"
        write_docx(_paper(), target)
        assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
        os.umask(0o077)
        private = tmp_path / "private.docx"
        write_docx(_paper(), private)
        assert private.stat().st_mode & 0o777 == 0o600  # the umask is respected
        target.chmod(0o664)
        write_docx(_paper("Changed"), target)
        assert target.stat().st_mode & 0o777 == 0o664  # a replaced file keeps its mode
    finally:
        os.umask(old)


def test_publishing_remembers_the_folder_first_and_names_the_writer(
    services: PaperServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sen_desktop.core.store.litter import owner_tag, written_folders

    registry = services.registry
    data_folder = registry.data_folder
    assert data_folder is not None and (data_folder / "sen.sqlite3").exists()
    out = tmp_path / "Committee papers"
    out.mkdir()
    seen: list[tuple[str, list[Path]]] = []
    real_replace = output.os.replace

    def watch(source: str, target: str) -> None:
        if Path(target).suffix == ".docx":  # the paper, not the list of folders
            seen.append((Path(source).name, written_folders(data_folder)))
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", watch)
    publish(_paper(), out / "Minutes SG M3.docx", registry, kind="minutes",
            reference="SG/M3", title="Minutes", confidential=False)
    [(temporary, remembered)] = seen
    # A kill at the rename would leave this name in a folder the next start knows.
    assert temporary.startswith(f".~Minutes SG M3.{owner_tag()}.") and temporary.endswith(".tmp")
    assert remembered == [out]
    assert sorted(p.name for p in out.iterdir()) == ["Minutes SG M3.docx"]
