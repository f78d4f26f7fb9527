"""Export and import between certified laptops: scope from certificates, recipients,
acknowledgement, dry run, replay, series, progress and cancel."""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from trust_helpers import Laptop, Programme, programme

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.programme.seed import group_id
from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.core.store import models as m
from sen_desktop.core.store.oplog import GENESIS_SITE
from sen_desktop.sync import bundle as fmt
from sen_desktop.sync.bundle import BundleError
from sen_desktop.sync.exchange import apply, preview
from sen_desktop.sync.fence import RECEIVED_MARK, high_water
from sen_desktop.sync.payload import PayloadReader
from sen_desktop.sync.scope import CONTACT_FIELDS, PROGRAMME_WIDE, SCOPED
from sen_desktop.sync.staging import stage_bundle

if TYPE_CHECKING:
    from pathlib import Path

    from sen_desktop.sync.operations import OpRow


@pytest.fixture
def prog(tmp_path: Path) -> Programme:
    return programme(tmp_path)


def test_every_entity_has_a_scope() -> None:
    assert set(m.ENTITY_BY_TABLE) == PROGRAMME_WIDE | SCOPED


def _meeting(s: object, code: str, exempt: bool) -> tuple[str, str, str]:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    meeting = m.Meeting(group_id=group_id(code), number=1, date=dt.date(2026, 11, 1))
    s.add(meeting)
    s.flush()
    item = m.AgendaItem(meeting_id=meeting.id, position=5, title=f"{code} business")
    s.add(item)
    s.flush()
    if not exempt:
        return item.id, "", ""
    secret = m.AgendaItem(
        meeting_id=meeting.id,
        position=6,
        title="A named child's placement",
        exempt=True,
        exempt_paragraph=1,
        exempt_reason="Information about a named child",
    )
    s.add(secret)
    s.flush()
    minute = m.MinuteEntry(agenda_item_id=secret.id, text="Confidential discussion.")
    s.add(minute)
    s.flush()
    return item.id, secret.id, minute.id


def _business(laptop: Laptop) -> dict[str, str]:
    """People appointed to PCRG and SG seats, an SG meeting with an exempt item, a PCRG one."""
    ids: dict[str, str] = {}
    with laptop.open() as db, db.session_factory.begin() as s:
        for code, name in (("PCRG", "Pat Parent"), ("SG", "Sam Steering")):
            person = m.Person(
                full_name=name,
                email=f"{name.split()[0].lower()}@example.org",
                phone="01234 567890",
                notes="Private note",
            )
            s.add(person)
            s.flush()
            seat = s.scalars(
                select(m.Seat).where(m.Seat.group_id == group_id(code)).order_by(m.Seat.position)
            ).first()
            assert seat is not None
            s.add(
                m.Appointment(seat_id=seat.id, person_id=person.id, start_date=dt.date(2026, 1, 1))
            )
            ids[f"{code} person"] = person.id
        ids["SG item"], ids["SG exempt item"], ids["SG exempt minute"] = _meeting(s, "SG", True)
        ids["PCRG item"], _, _ = _meeting(s, "PCRG", False)
    return ids


def bundle_ops(laptop: Laptop, path: Path) -> list[OpRow]:
    with laptop.open() as db, stage_bundle(db.session_factory, path, laptop.trust(db)) as staged:
        assert staged.plaintext is not None
        with PayloadReader(staged.plaintext) as reader:
            return [op for chunk in reader.op_chunks() for op in chunk]


def rows_of(laptop: Laptop, model: type[m.Synced]) -> dict[str, m.Synced]:
    with laptop.open() as db, db.session_factory() as s:
        return {row.id: row for row in s.scalars(select(model))}


def test_a_reference_group_laptop_gets_only_its_group_without_contacts(
    prog: Programme, tmp_path: Path
) -> None:
    ids = _business(prog.lead)
    path = tmp_path / "pcrg.senbundle"
    result = prog.lead.export(path, for_laptop="pcrg secretary")  # names ignore case
    assert result.scopes == ("PCRG",) and result.recipients == ("PCRG secretary",)
    ops = bundle_ops(prog.pcrg, path)
    rows = {op.row_id for op in ops}
    assert {ids["PCRG person"], ids["PCRG item"]} <= rows
    assert not {ids["SG person"], ids["SG item"], ids["SG exempt item"]} & rows
    assert not [op for op in ops if (op.entity, op.field) in CONTACT_FIELDS]
    assert all(op.site_id != GENESIS_SITE for op in ops)
    imported = prog.pcrg.import_(path)
    assert imported.report is not None and imported.report.pending == 0
    person = rows_of(prog.pcrg, m.Person)[ids["PCRG person"]]
    assert isinstance(person, m.Person)
    assert (person.full_name, person.email, person.phone) == ("Pat Parent", "", "")


def test_a_confidential_laptop_gets_exempt_items_and_contacts(
    prog: Programme, tmp_path: Path
) -> None:
    ids = _business(prog.lead)
    path = tmp_path / "sg.senbundle"
    prog.lead.export(path, for_laptop="SG secretary")
    prog.sg.import_(path)
    minute = rows_of(prog.sg, m.MinuteEntry)[ids["SG exempt minute"]]
    assert isinstance(minute, m.MinuteEntry) and minute.text == "Confidential discussion."
    person = rows_of(prog.sg, m.Person)[ids["SG person"]]
    assert isinstance(person, m.Person) and person.email == "sam@example.org"
    assert ids["PCRG item"] not in rows_of(prog.sg, m.AgendaItem)


def test_for_profile_also_goes_to_laptops_with_the_same_grants(
    prog: Programme, tmp_path: Path
) -> None:
    _business(prog.lead)
    path = tmp_path / "pcrg-all.senbundle"
    result = prog.lead.export(path, for_laptop="PCRG secretary", for_profile=True)
    assert set(result.recipients) == {"PCRG secretary", "PCRG chair"}
    prog.pcrg2.import_(path)
    prog.pcrg.import_(path)
    with pytest.raises(BundleError, match="not made for this laptop"):
        prog.sg.import_(path)
    with pytest.raises(ValidationError, match="--for NAME"):
        prog.lead.export(tmp_path / "x.senbundle", for_profile=True)


def test_everything_goes_to_every_laptop_certified_to_read_it(
    prog: Programme, tmp_path: Path
) -> None:
    prog.sg.add_person("Made on the SG laptop")
    path = tmp_path / "sg-all.senbundle"
    result = prog.sg.export(path)
    assert set(result.recipients) == {"Programme lead", "Deputy lead"}
    prog.deputy.import_(path)
    assert "Made on the SG laptop" in prog.deputy.person_names()
    with prog.lead.open() as db:
        prog.lead.trust(db).revoke("Deputy lead")
    with pytest.raises(ValidationError, match="No other laptop is certified to read everything"):
        prog.lead.export(tmp_path / "none.senbundle")
    assert not (tmp_path / "none.senbundle").exists()


def test_the_last_bundle_out_is_kept_before_any_bundle_came_in(
    prog: Programme, tmp_path: Path
) -> None:
    """The Exchange page's "last bundle out" for a laptop the lead has only sent to."""
    prog.lead.export(tmp_path / "for-pcrg.senbundle", for_laptop="PCRG secretary")
    laptop_id = prog.pcrg.laptop_id
    with prog.lead.open() as db, db.session_factory() as s:
        peer = s.get(m.SyncPeer, laptop_id)
        assert peer is not None and peer.last_export_at and peer.last_import_at is None
        assert peer.name == "PCRG secretary"


def test_export_refusals(prog: Programme, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no certified laptop called 'Nobody'"):
        prog.lead.export(tmp_path / "x.senbundle", for_laptop="Nobody")
    with pytest.raises(ValidationError, match="That is this laptop"):
        prog.lead.export(tmp_path / "x.senbundle", for_laptop="Programme lead")
    with pytest.raises(ValidationError, match="ends in .senbundle"):
        prog.lead.export(tmp_path / "x.zip")
    assert not list(tmp_path.glob("x*"))


def test_acknowledgement_trims_the_next_export(prog: Programme, tmp_path: Path) -> None:
    _business(prog.lead)
    first = prog.lead.export(tmp_path / "1.senbundle", for_laptop="PCRG secretary")
    assert first.operations > 0
    prog.pcrg.import_(tmp_path / "1.senbundle")
    prog.pcrg.export(tmp_path / "2.senbundle", for_laptop="Programme lead")
    prog.lead.import_(tmp_path / "2.senbundle")
    again = prog.lead.export(tmp_path / "3.senbundle", for_laptop="PCRG secretary")
    assert again.operations == 0
    with prog.lead.open() as db, db.session_factory() as s:
        peer = s.get(m.SyncPeer, prog.pcrg.laptop_id)
        assert peer is not None and peer.name == "PCRG secretary" and peer.last_import_at


def test_preview_and_apply_read_the_same_staged_bytes(prog: Programme, tmp_path: Path) -> None:
    prog.lead.add_person("Previewed Person")
    path = tmp_path / "all.senbundle"
    prog.lead.export(path)
    before = prog.deputy.hash()
    with prog.deputy.open() as db:
        trust = prog.deputy.trust(db)
        with stage_bundle(db.session_factory, path, trust) as staged:
            staged_files = {staged.ciphertext, staged.plaintext}
            assert all(p is not None and p.exists() for p in staged_files)
            path.unlink()  # the original may go: preview and apply read the private copy
            shown = preview(db.session_factory, staged)
            assert shown.summary().startswith("Would import")
            done = apply(db.session_factory, staged)
        assert all(p is not None and not p.exists() for p in staged_files)
    assert shown.report is not None and done.report is not None
    assert shown.report.new == done.report.new > 0
    assert shown.sender_name == "Programme lead" and len(shown.sender_fingerprint) == 79
    assert prog.deputy.hash() != before


def test_dry_run_changes_nothing_and_replay_says_so(prog: Programme, tmp_path: Path) -> None:
    prog.lead.add_person("Someone")
    path = tmp_path / "all.senbundle"
    prog.lead.export(path)
    before = prog.deputy.hash()
    dry = prog.deputy.import_(path, dry_run=True)
    assert prog.deputy.hash() == before
    assert dry.report is not None and dry.report.new > 0
    deputy = prog.deputy
    mark = RECEIVED_MARK + deputy.site_id
    imported = high_water(deputy.folder, deputy.laptop_id, deputy.secrets).get(mark, 0)
    prog.deputy.import_(path)
    # The restore fence's record: one more bundle imported under this site.
    assert high_water(deputy.folder, deputy.laptop_id, deputy.secrets)[mark] == imported + 1
    after = prog.deputy.hash()
    replay = prog.deputy.import_(path)
    assert replay.already_imported
    assert replay.summary().endswith("already imported; nothing changed.")
    assert prog.deputy.hash() == after


def test_an_old_bundle_after_a_newer_one_changes_nothing(prog: Programme, tmp_path: Path) -> None:
    person = prog.lead.add_person("Pat Parent")
    prog.lead.export(tmp_path / "old.senbundle")
    with prog.lead.open() as db, db.session_factory.begin() as s:
        s.get_one(m.Person, person).full_name = "Pat Parent-Carer"
    prog.lead.export(tmp_path / "new.senbundle")
    prog.deputy.import_(tmp_path / "new.senbundle")
    old = prog.deputy.import_(tmp_path / "old.senbundle")
    assert old.report is not None and (old.report.new, old.report.changed) == (0, 0)
    assert "Pat Parent-Carer" in prog.deputy.person_names()


def _group_with_actions(laptop: Laptop, actions: int) -> str:
    with laptop.open() as db, db.session_factory.begin() as s:
        group = m.Group(code="NEW", name="New group", kind="other")
        s.add(group)
        s.flush()
        for n in range(actions):
            s.add(m.Action(reference=f"NEW-{n}", group_id=group.id, description=f"Step {n}."))
        return group.id


def test_a_series_imports_in_any_order_each_part_bringing_its_parents(
    prog: Programme, tmp_path: Path
) -> None:
    for n in range(6):
        prog.lead.add_person(f"Person {n}")
    group = _group_with_actions(prog.lead, 4)
    whole = prog.lead.export(tmp_path / "whole.senbundle")
    series = prog.lead.export(tmp_path / "big.senbundle", max_ops_per_part=20)
    parts = series.paths
    assert len(parts) > 2
    assert [p.name for p in parts[:2]] == [
        f"big-1-of-{len(parts)}.senbundle",
        f"big-2-of-{len(parts)}.senbundle",
    ]
    # Each part holding an action also holds its group's history.
    for part in parts:
        ops = bundle_ops(prog.deputy, part)
        if any(op.entity == "action" for op in ops):
            assert any(op.entity == "group" and op.row_id == group for op in ops)
    for part in reversed(parts):
        result = prog.deputy.import_(part)
        assert result.parts == len(parts)
        assert result.report is not None and result.report.pending == 0
    assert whole.operations <= series.operations
    assert {f"Person {n}" for n in range(6)} <= prog.deputy.person_names()
    assert set(rows_of(prog.deputy, m.Action)) == set(rows_of(prog.lead, m.Action))


def test_cancel_leaves_the_database_and_the_target_as_they_were(
    prog: Programme, tmp_path: Path
) -> None:
    prog.lead.add_person("Cancelled Person")
    lead_before = prog.lead.hash()
    target = tmp_path / "cancelled.senbundle"
    stopped = Progress()
    stopped.cancel()
    with pytest.raises(Cancelled):
        prog.lead.export(target, progress=stopped)
    assert not list(tmp_path.glob("*cancelled*"))
    assert prog.lead.hash() == lead_before
    prog.lead.export(target)
    before = prog.deputy.hash()
    calls: list[tuple[int, int]] = []

    def cancel_at_the_second(done: int, total: int, _label: str) -> None:
        calls.append((done, total))
        if len(calls) >= 2:
            late.cancel()

    late = Progress(cancel_at_the_second)
    with pytest.raises(Cancelled):
        prog.deputy.import_(target, progress=late)
    assert len(calls) == 2  # no report follows the Cancel
    assert prog.deputy.hash() == before
    assert not list((prog.deputy.folder / "staging").glob("*"))
    progress: list[tuple[int, int, str]] = []
    prog.deputy.import_(target, progress=Progress(lambda d, t, what: progress.append((d, t, what))))
    assert progress and all(0 <= d <= t for d, t, _what in progress)
    # The copy is "Checking cancelled.senbundle…", the passes "Importing…".
    assert {what for _d, _t, what in progress} == {"Checking cancelled.senbundle…", "Importing…"}
    assert "Cancelled Person" in prog.deputy.person_names()


def test_a_laptop_that_has_not_joined_cannot_import(tmp_path: Path, prog: Programme) -> None:
    from sen_desktop.core.recommendations.signing import MemorySecretStore
    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.sync.exchange import import_bundle
    from sen_desktop.sync.trust import TrustService

    prog.lead.export(tmp_path / "all.senbundle")
    folder = tmp_path / "new"
    db = open_programme(folder, daily_backup=False)
    try:
        trust = TrustService(db.session_factory, folder, secrets=MemorySecretStore())
        with pytest.raises(BundleError, match="has not joined a programme yet"):
            import_bundle(db.session_factory, tmp_path / "all.senbundle", trust)
    finally:
        db.close()


def test_a_locked_database_is_one_sentence(
    prog: Programme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from sen_desktop.core.errors import StoreFailure
    from sen_desktop.sync import exchange

    prog.lead.add_person("Locked out")
    path = tmp_path / "all.senbundle"
    prog.lead.export(path)

    def locked(*_args: object, **_kwargs: object) -> object:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(exchange, "apply_ops", locked)
    before = prog.deputy.hash()
    with pytest.raises(StoreFailure, match="Another program is using the database") as caught:
        prog.deputy.import_(path)
    assert "\n" not in caught.value.message
    assert prog.deputy.hash() == before
    assert fmt.MAGIC  # the module stays importable without a database


def test_a_bundle_too_big_to_keep_is_read_again_each_pass(
    prog: Programme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sen_desktop.sync import exchange

    for n in range(3):
        prog.lead.add_person(f"Streamed {n}")
    group = _group_with_actions(prog.lead, 3)
    path = tmp_path / "all.senbundle"
    prog.lead.export(path)
    monkeypatch.setattr(exchange, "KEEP_PARSED", 5)
    monkeypatch.setattr(fmt, "CHUNK_OPS", 8)  # chunks of 4: rows split across chunks
    result = prog.deputy.import_(path)
    assert result.report is not None and result.report.pending == 0
    assert {f"Streamed {n}" for n in range(3)} <= prog.deputy.person_names()
    assert group in rows_of(prog.deputy, m.Group)
    again = prog.deputy.import_(path)
    assert again.already_imported


def test_staged_files_a_crash_left_behind_are_swept(prog: Programme, tmp_path: Path) -> None:
    """While the folder is open an import sweeps only day-old staged files (a recent one
    may be a preview still waiting for its person); opening the folder, under its lock,
    removes them all (core/store/litter.py: no import of ours can be running then)."""
    import os

    from sen_desktop.sync.exchange import import_bundle
    from sen_desktop.sync.staging import STAGING

    prog.lead.export(tmp_path / "all.senbundle")
    staging = prog.deputy.folder / STAGING
    old, recent = staging / ".bundle-old.zip", staging / ".bundle-recent.zip"
    with prog.deputy.open() as db:
        staging.mkdir(exist_ok=True)
        for path in (old, recent):
            path.write_bytes(b"left by a crash")
        os.utime(old, (0, 0))
        import_bundle(db.session_factory, tmp_path / "all.senbundle", prog.deputy.trust(db))
        assert not old.exists() and recent.exists()
    with prog.deputy.open():
        assert not recent.exists()


def _pcrg_meeting(laptop: Laptop, number: int) -> None:
    with laptop.open() as db, db.session_factory.begin() as s:
        s.add(m.Meeting(group_id=group_id("PCRG"), number=number, date=dt.date(2026, 12, 1)))


def _pcrg_meetings(laptop: Laptop) -> set[int]:
    with laptop.open() as db, db.session_factory() as s:
        numbers = select(m.Meeting.number).where(m.Meeting.group_id == group_id("PCRG"))
        return set(s.scalars(numbers))


def test_changes_made_after_a_revocation_are_left_out_of_later_exports(
    prog: Programme, tmp_path: Path
) -> None:
    """A laptop that took a revoked laptop's later changes before it heard of the
    revocation leaves them out of its bundles: they do not count, and a laptop that has
    heard refuses a bundle carrying them -- its own new work would never get through."""
    revoked, relay = prog.pcrg, prog.pcrg2
    prog.share_registry(tmp_path)
    _pcrg_meeting(revoked, 1)
    revoked.export(tmp_path / "before.senbundle", for_laptop=relay.name)
    relay.import_(tmp_path / "before.senbundle")
    effective = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=1)
    with prog.lead.open() as db:
        prog.lead.trust(db).revoke(revoked.name, effective)
    time.sleep(max(0.0, (effective - dt.datetime.now(dt.UTC)).total_seconds()) + 0.05)
    _pcrg_meeting(revoked, 2)
    revoked.export(tmp_path / "after.senbundle", for_laptop=relay.name)
    relay.import_(tmp_path / "after.senbundle")  # it has not heard: it takes them
    assert _pcrg_meetings(relay) == {1, 2}
    prog.lead.export(tmp_path / "news.senbundle", for_laptop=relay.name)
    relay.import_(tmp_path / "news.senbundle")  # now it has
    _pcrg_meeting(relay, 3)
    relay.export(tmp_path / "relay.senbundle", for_laptop=prog.lead.name)
    prog.lead.import_(tmp_path / "relay.senbundle")
    assert _pcrg_meetings(prog.lead) == {1, 3}
