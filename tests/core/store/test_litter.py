"""Start-up removes the temporary files a killed run left, and nothing else (issue 14)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from litter_helpers import KILLED, killed_during, named

from sen_desktop.core.store import litter
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.core.store.litter import (
    MAX_WRITTEN_FOLDERS,
    STALE_SECONDS,
    WRITTEN_FOLDERS_NAME,
    find_litter,
    host_tag,
    part_name,
    process_running,
    remember_written_folder,
    remove_litter,
    temporary_prefix,
    written_folders,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

OTHER_HOST = "0" * 6 if host_tag() != "0" * 6 else "1" * 6


@pytest.fixture(autouse=True)
def _own_system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # remove_litter also looks in the system's temporary folder: this test's own.
    import tempfile

    (tmp_path / "system-temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-temp"))


@pytest.fixture
def gone_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not process_running(child.pid)
    return child.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The id of another process still running (a second copy writing a paper)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield child.pid
    finally:
        child.kill()
        child.wait()


def _touch(path: Path, *, age: float = 0.0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"half a file")
    if age:
        moment = time.time() - age
        os.utime(path, (moment, moment))
    return path


def _written_names(pid: int, host: str) -> list[str]:
    """A paper's, a bundle part's and its payload's temporary names, written by pid@host."""
    tag = f"{pid}-{host}"
    return [
        f".~Minutes SG M3 v1.2.{tag}.k2j_9a0z.tmp",
        f".for-PCRG-1-of-2.senbundle.{tag}.part",
        f".for-PCRG-1-of-2.SENBUNDLE.{tag}.a1b2c3d4.zip",
    ]


def test_the_writers_names_carry_this_process(tmp_path: Path) -> None:
    tag = f"{os.getpid()}-{host_tag()}"
    assert temporary_prefix(tmp_path / "Minutes SG M3.docx") == f".~Minutes SG M3.{tag}."
    assert part_name(tmp_path / "x.senbundle") == f".x.senbundle.{tag}.part"
    assert len(host_tag()) == 6 and host_tag() == host_tag()


def test_a_dead_writers_files_go_from_a_folder_written_to(
    data_dir: Path, tmp_path: Path, gone_pid: int
) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    remember_written_folder(data_dir, papers)
    leftovers = [_touch(papers / name) for name in _written_names(gone_pid, host_tag())]
    assert find_litter(data_dir) == sorted(leftovers)
    assert sorted(remove_litter(data_dir)) == sorted(leftovers)
    assert list(papers.iterdir()) == []
    assert find_litter(data_dir) == []


def test_a_live_writers_files_are_kept_until_it_ends(
    data_dir: Path, tmp_path: Path, live_pid: int
) -> None:
    papers = tmp_path / "papers"
    remember_written_folder(data_dir, papers.parent)  # a folder not made yet is not kept
    papers.mkdir()
    remember_written_folder(data_dir, papers)
    live = [_touch(papers / name) for name in _written_names(live_pid, host_tag())]
    # Ours too (this very process) and another computer's on a shared folder.
    ours = [_touch(papers / name) for name in _written_names(os.getpid(), host_tag())[:1]]
    other = [_touch(papers / name) for name in _written_names(live_pid, OTHER_HOST)]
    assert remove_litter(data_dir) == []
    assert all(path.exists() for path in live + ours + other)
    assert find_litter(data_dir) == sorted(live + ours + other)
    # A day later nothing can still be writing them: they go whoever wrote them.
    removed = remove_litter(data_dir, now=time.time() + STALE_SECONDS + 1)
    assert sorted(removed) == sorted(live + ours + other)


def test_names_from_before_the_tags_go_only_when_a_day_old(
    data_dir: Path, tmp_path: Path
) -> None:
    remember_written_folder(data_dir, tmp_path)
    fresh = [
        _touch(tmp_path / ".~Minutes.abcdefgh.tmp"),
        _touch(tmp_path / ".x.senbundle.part"),
        _touch(tmp_path / ".x.senbundle.abc_efgh.zip"),
    ]
    old = [
        _touch(tmp_path / ".~Action log.zyxw0987.tmp", age=STALE_SECONDS + 60),
        _touch(tmp_path / ".y-2-of-3.senbundle.part", age=STALE_SECONDS + 60),
    ]
    assert sorted(remove_litter(data_dir)) == sorted(old)
    assert all(path.exists() for path in fresh)


def test_files_not_ours_are_never_touched(data_dir: Path, tmp_path: Path, gone_pid: int) -> None:
    papers = tmp_path / "papers"
    remember_written_folder(data_dir, _touch(papers / "Minutes.docx").parent)
    tag = f"{gone_pid}-{host_tag()}"
    others = [
        papers / "Minutes.docx",
        papers / "~$Minutes.docx",  # Word's owner file
        papers / ".~lock.Minutes.docx#",  # LibreOffice's lock
        papers / "notes.tmp",
        papers / ".notes.tmp",
        papers / f"~Minutes.{tag}.abcdefgh.tmp",  # not hidden
        papers / f".~Minutes.{tag}.abcdefgh.tmp.docx",
        papers / ".x.senbundle",
        papers / "x.senbundle",
        papers / f".x.zip.{tag}.part",  # not a bundle's
        papers / f".x.senbundle.{tag}.abcdefghi.zip",
    ]
    for path in others:
        _touch(path, age=2 * STALE_SECONDS)
    # A folder with our name is a folder, not our file.
    (papers / f".~Minutes.{tag}.abcdefgh.tmp").mkdir()
    data_files = [data_dir / name for name in (
        "sen.sqlite3", "sen.sqlite3-wal", "sen.sqlite3-shm", "sen.lock", "this-laptop.json",
        "laptop-identity.age", "minutes-resume.json",
        "sen.sqlite3.before-restore-2026-12-07-101010",
        "sen.sqlite3.before-restore-2026-12-07-101010-2-wal",
    )] + [data_dir / "backups" / name for name in (
        "sen-2026-12-07-101010-r0008-daily.sqlite3.zst", "sen-2026-12-01-r0007.sqlite3",
        "laptop-identity-2026-12-07-101010.age", "notes.plain",
    )]
    for path in data_files:
        _touch(path)
    assert remove_litter(data_dir) == []
    assert find_litter(data_dir) == []
    assert all(path.exists() for path in others + data_files)
    assert (papers / f".~Minutes.{tag}.abcdefgh.tmp").is_dir()


def test_the_data_folders_own_scratch_goes_whatever_its_age(data_dir: Path) -> None:
    # Under the folder's lock: whoever wrote these has ended.
    scratch = [
        _touch(data_dir / name)
        for name in (
            "sen.sqlite3.creating", "sen.sqlite3.creating-wal", "sen.sqlite3.creating-shm",
            "sen.sqlite3.restoring", "sen.sqlite3.restoring-journal",
            "sen.sqlite3.restoring.partial", "sen.sqlite3.restoring.partial-wal",
            ".laptop-identity.age.restoring.tmp",
            ".this-laptop-x1y2z3ab.tmp", f".minutes-resume.json.{os.getpid()}.tmp",
            ".laptop-identity.age.0a1b2c3d.tmp", f".{WRITTEN_FOLDERS_NAME}.1-abcdef.tmp",
        )
    ]
    scratch += [
        _touch(data_dir / "staging" / ".bundle-k2j3h4g5.age"),
        _touch(data_dir / "staging" / ".bundle-k2j3h4g5.zip"),
        _touch(data_dir / "backups" / "sen-2026-12-07-101010-r0008-daily.sqlite3.zst.partial"),
        _touch(data_dir / "backups" / "sen-2026-12-07-r0008.sqlite3.partial"),
        _touch(data_dir / "backups" / "sen-2026-12-07-r0008.sqlite3.partial-journal"),
        _touch(data_dir / "backups" / "sen-2026-12-07-101010-r0008-daily.sqlite3.zst.plain"),
        _touch(data_dir / "backups" / "sen-2026-12-07-101010-r0008-daily.sqlite3.zst.plain-wal"),
        _touch(data_dir / "backups" / "sen-2026-12-07-101010-r0008-daily.plain.partial"),
        _touch(data_dir / "backups" / "laptop-identity-2026-12-07-101010.age.partial"),
    ]
    assert find_litter(data_dir) == sorted(scratch)
    assert sorted(remove_litter(data_dir)) == sorted(scratch)
    assert not any(path.exists() for path in scratch)


def test_the_backups_folder_chosen_in_settings_is_cleaned(data_dir: Path, tmp_path: Path) -> None:
    from sen_desktop.core.programme.laptop_settings import (
        read_laptop_settings,
        write_laptop_settings,
    )

    elsewhere = tmp_path / "usb" / "backups"
    settings = read_laptop_settings(data_dir)
    write_laptop_settings(data_dir, replace(settings, backup_folder=str(elsewhere)))
    partial = _touch(elsewhere / "sen-2026-12-07-101010-r0008-daily.sqlite3.zst.partial")
    assert remove_litter(data_dir) == [partial]


def test_a_killed_packs_layout_folder_goes_from_the_system_temporary_folder(
    data_dir: Path, tmp_path: Path, gone_pid: int, live_pid: int
) -> None:
    system = tmp_path / "system-temp"
    assert litter.pack_prefix() == f"sen-pack-{os.getpid()}-{host_tag()}-"

    def layout(name: str, *, age: float = 0.0) -> Path:
        folder = system / name
        _touch(folder / "pack.docx")  # the whole pack, confidential items included
        _touch(folder / "profile" / "user" / "registrymodifications.xcu")
        if age:
            os.utime(folder, (time.time() - age, time.time() - age))
        return folder

    dead = layout(f"sen-pack-{gone_pid}-{host_tag()}-abcd1234")
    old = layout("sen-pack-zyx_9876", age=STALE_SECONDS + 60)
    kept = [
        layout(f"sen-pack-{live_pid}-{host_tag()}-abcd1234"),
        layout(f"sen-pack-{gone_pid}-{OTHER_HOST}-abcd1234"),
        layout("sen-pack-k2j3h4g5"),  # from before the tags, not a day old
        layout("sen-packs-of-mine", age=STALE_SECONDS + 60),
        _touch(system / f"sen-pack-{gone_pid}-{host_tag()}-abcd1235"),  # a file
    ]
    assert sorted(remove_litter(data_dir)) == sorted([dead, old])
    assert not dead.exists() and not old.exists()
    assert all(path.exists() for path in kept)
    assert find_litter(data_dir) == []  # the system's folder is everybody's: not listed


def test_the_folders_written_to_are_few_recent_and_only_folders(
    data_dir: Path, tmp_path: Path
) -> None:
    folders = [tmp_path / f"out{n}" for n in range(MAX_WRITTEN_FOLDERS + 5)]
    for folder in folders:
        folder.mkdir()
        remember_written_folder(data_dir, folder)
    newest_first = folders[::-1][:MAX_WRITTEN_FOLDERS]
    assert written_folders(data_dir) == newest_first
    # Written again: first once more, not twice.
    remember_written_folder(data_dir, folders[-3])
    again = written_folders(data_dir)
    assert again[0] == folders[-3] and len(again) == MAX_WRITTEN_FOLDERS
    assert len(set(again)) == len(again)
    # A file, a folder that is not there, and no data folder are not remembered.
    remember_written_folder(data_dir, _touch(tmp_path / "a-file.docx"))
    remember_written_folder(data_dir, tmp_path / "missing")
    remember_written_folder(None, tmp_path)
    assert written_folders(data_dir) == again
    # Written to a temporary name and renamed: nothing else is left beside it.
    assert sorted(p.name for p in data_dir.iterdir()) == [WRITTEN_FOLDERS_NAME]
    assert json.loads((data_dir / WRITTEN_FOLDERS_NAME).read_text()) == [str(f) for f in again]


def test_a_damaged_list_is_ignored_and_replaced(data_dir: Path, tmp_path: Path) -> None:
    path = data_dir / WRITTEN_FOLDERS_NAME
    for damaged in ("not json", '{"a": 1}', '["relative/folder", 7, null]'):
        path.write_text(damaged)
        assert written_folders(data_dir) == []
        assert remove_litter(data_dir) == []
    remember_written_folder(data_dir, tmp_path)
    assert written_folders(data_dir) == [tmp_path]


def test_a_list_that_cannot_be_saved_does_not_stop_the_write(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(litter.os, "fsync", full)
    remember_written_folder(data_dir, tmp_path)  # logged, not raised
    assert written_folders(data_dir) == []
    assert sorted(p.name for p in data_dir.iterdir()) == []


def test_a_file_that_cannot_be_removed_does_not_stop_the_start(
    data_dir: Path, tmp_path: Path, gone_pid: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_written_folder(data_dir, tmp_path)
    stuck = _touch(tmp_path / _written_names(gone_pid, host_tag())[0])
    real_unlink = type(stuck).unlink

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if self == stuck:
            raise PermissionError(13, "open in another program")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(type(stuck), "unlink", refuse)
    assert remove_litter(data_dir) == []
    assert stuck.exists()


def test_opening_the_programme_cleans_up(
    _store_templates: dict[str, Path], data_dir: Path, tmp_path: Path, gone_pid: int
) -> None:
    # The one place the window and every command pass through (open_programme).
    shutil.copyfile(_store_templates["seeded"], data_dir / "sen.sqlite3")
    remember_written_folder(data_dir, tmp_path)
    leftovers = [_touch(tmp_path / name) for name in _written_names(gone_pid, host_tag())]
    leftovers.append(_touch(data_dir / "sen.sqlite3.creating"))
    db = open_programme(data_dir, daily_backup=False)
    db.close()
    assert not any(path.exists() for path in leftovers)
    assert find_litter(data_dir) == []


# --- a kill in the middle of a write, then the next start ------------------------------------


def _publish_minutes(data_dir: Path, target: Path) -> None:
    from sen_desktop.papers.document import UNRESTRICTED, PaperSetup, numbered, start_paper
    from sen_desktop.papers.output import PaperRegistry, publish

    document = start_paper("portrait", PaperSetup("Kent County Council", UNRESTRICTED, "",
                                                  "SG/M3", 1))
    numbered(document, "1.1", "Apologies were received.")
    db = open_programme(data_dir, daily_backup=False)
    try:
        publish(document, target, PaperRegistry(db.session_factory), kind="minutes",
                reference="SG/M3", title="Minutes", confidential=False)
    finally:
        db.close()


def test_a_paper_killed_while_written_leaves_nothing_after_the_next_start(
    _store_templates: dict[str, Path], data_dir: Path, tmp_path: Path
) -> None:
    shutil.copyfile(_store_templates["seeded"], data_dir / "sen.sqlite3")  # quicker than new
    out = tmp_path / "Committee papers"
    out.mkdir()
    target = out / "Minutes SG M3.docx"
    ended = killed_during(lambda: _publish_minutes(data_dir, target), at=(os, "replace"),
                          when=named(".~*.tmp"))
    assert ended == KILLED
    assert [p.name for p in find_litter(data_dir)] != []  # the half-written paper
    assert not target.exists()
    _publish_minutes(data_dir, target)  # the next start (open_programme) cleans up first
    assert find_litter(data_dir) == []
    assert sorted(p.name for p in out.iterdir()) == ["Minutes SG M3.docx"]


@pytest.mark.parametrize(
    ("where", "pattern"),
    [("payload", "*.zip"), ("rename", ".*.part")],
    ids=["writing-a-part", "renaming-the-parts"],
)
def test_a_bundle_killed_while_exported_leaves_nothing_after_the_next_start(
    tmp_path: Path, where: str, pattern: str
) -> None:
    from trust_helpers import programme

    from sen_desktop.sync import bundle

    lead = programme(tmp_path / "laptops").lead
    lead.add_person("Ada Lovelace")
    out = tmp_path / "Exchange"
    out.mkdir()
    at = (bundle, "write_bundle") if where == "payload" else (os, "replace")
    when = named(pattern) if where == "rename" else (lambda *_a, **_k: True)
    ended = killed_during(lambda: lead.export(out / "for-everyone.senbundle"), at=at, when=when)
    assert ended == KILLED
    left = {p.name for p in out.iterdir()}
    assert left and all(name.startswith(".for-everyone.senbundle.") for name in left)
    assert sorted(find_litter(lead.folder)) == sorted(out.iterdir())
    lead.export(out / "for-everyone.senbundle")  # the next start, then the export again
    assert find_litter(lead.folder) == []
    assert sorted(p.name for p in out.iterdir()) == ["for-everyone.senbundle"]
