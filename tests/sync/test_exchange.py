"""Export and import between laptops: scope, acknowledgement, dry run, replay."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from bundle_helpers import PASSPHRASE, Laptop, make_template, new_laptop
from sqlalchemy import select

from sen_desktop.core.errors import NotFoundError, ValidationError
from sen_desktop.core.seed import group_id
from sen_desktop.core.store import models as m
from sen_desktop.sync.bundle import read_bundle
from sen_desktop.sync.exchange import ImportResult, export_bundle, import_bundle, set_own_name
from sen_desktop.sync.keys import derive_programme_key
from sen_desktop.sync.merge import OpRow
from sen_desktop.sync.scope import CONTACT_FIELDS, PROGRAMME_WIDE, SCOPED, add_profile


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("exchange"))


@dataclass
class Programme:
    pcrg_person: str
    sg_person: str
    sg_open_item: str
    sg_exempt_item: str
    sg_exempt_minute: str
    pcrg_item: str


def _meeting(s: object, code: str, exempt: bool) -> tuple[str, str]:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    meeting = m.Meeting(group_id=group_id(code), number=1, date=dt.date(2026, 11, 1))
    s.add(meeting)
    s.flush()
    item = m.AgendaItem(meeting_id=meeting.id, position=5, title=f"{code} business")
    s.add(item)
    s.flush()
    if not exempt:
        return item.id, ""
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
    return item.id, secret.id + "|" + minute.id


@pytest.fixture
def lead(template: Path, tmp_path: Path) -> tuple[Laptop, Programme]:
    laptop = new_laptop(template, tmp_path / "lead")
    laptop.keys.set_passphrase(PASSPHRASE)
    with laptop.open() as db, db.session_factory.begin() as s:
        people = []
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
            people.append(person.id)
        sg_item, secret = _meeting(s, "SG", exempt=True)
        pcrg_item, _ = _meeting(s, "PCRG", exempt=False)
        add_profile(s, "PCRG laptop", ["PCRG"])
        add_profile(s, "SG laptop", ["SG", "PCRG"], contacts=True, confidential=True)
    secret_item, secret_minute = secret.split("|")
    return laptop, Programme(people[0], people[1], sg_item, secret_item, secret_minute, pcrg_item)


def rows_of(laptop: Laptop, model: type[m.Synced]) -> dict[str, m.Synced]:
    with laptop.open() as db, db.session_factory() as s:
        return {row.id: row for row in s.scalars(select(model))}


def send(sender: Laptop, recipient: Laptop, path: Path, profile: str | None) -> ImportResult:
    with sender.open() as db:
        export_bundle(db.session_factory, path, sender.keys, profile=profile)
    with recipient.open() as db:
        return import_bundle(db.session_factory, path, recipient.keys, passphrase=PASSPHRASE)


def test_every_entity_has_a_scope() -> None:
    assert set(m.ENTITY_BY_TABLE) == SCOPED | PROGRAMME_WIDE
    assert not SCOPED & PROGRAMME_WIDE


def bundle_ops(path: Path) -> list[OpRow]:
    _, payload = read_bundle(path.read_bytes(), derive_programme_key(PASSPHRASE))
    return payload.ops


def test_reference_group_bundle_carries_only_its_group_without_contacts(
    lead: tuple[Laptop, Programme], tmp_path: Path
) -> None:
    laptop, p = lead
    path = tmp_path / "pcrg.senbundle"
    with laptop.open() as db:
        result = export_bundle(db.session_factory, path, laptop.keys, profile="PCRG laptop")
    assert result.scopes == ("PCRG",)
    ops = bundle_ops(path)
    rows = {op.row_id for op in ops}
    assert {p.pcrg_person, p.pcrg_item} <= rows
    assert not {p.sg_person, p.sg_open_item, p.sg_exempt_item, p.sg_exempt_minute} & rows
    assert not [op for op in ops if (op.entity, op.field) in CONTACT_FIELDS]
    assert any(op.row_id == p.pcrg_person and op.field == "full_name" for op in ops)


def test_person_without_contact_fields_materializes(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, p = lead
    pcrg = new_laptop(template, tmp_path / "pcrg")
    result = send(laptop, pcrg, tmp_path / "pcrg.senbundle", "PCRG laptop")
    assert p.pcrg_item in rows_of(pcrg, m.AgendaItem)
    person = rows_of(pcrg, m.Person)[p.pcrg_person]
    assert isinstance(person, m.Person)
    assert person.full_name == "Pat Parent"
    assert (person.email, person.phone, person.notes) == ("", "", "")
    assert result.report is not None and result.report.pending == 0


def test_confidential_profile_gets_exempt_items_and_contacts(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, p = lead
    sg = new_laptop(template, tmp_path / "sg")
    send(laptop, sg, tmp_path / "sg.senbundle", "SG laptop")
    items = rows_of(sg, m.AgendaItem)
    assert {p.sg_open_item, p.sg_exempt_item, p.pcrg_item} <= set(items)
    minute = rows_of(sg, m.MinuteEntry)[p.sg_exempt_minute]
    assert isinstance(minute, m.MinuteEntry) and minute.text == "Confidential discussion."
    person = rows_of(sg, m.Person)[p.sg_person]
    assert isinstance(person, m.Person) and person.email == "sam@example.org"


def test_acknowledgement_trims_the_next_export(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, _ = lead
    pcrg = new_laptop(template, tmp_path / "pcrg")
    first = send(laptop, pcrg, tmp_path / "1.senbundle", "PCRG laptop")
    assert first.operations > 0
    # The PCRG laptop learnt its name from the bundle; its reply acknowledges.
    reply = send(pcrg, laptop, tmp_path / "2.senbundle", None)
    assert reply.sender_name == "PCRG laptop"
    with laptop.open() as db:
        again = export_bundle(
            db.session_factory, tmp_path / "3.senbundle", laptop.keys, profile="PCRG laptop"
        )
    assert again.operations == 0
    with laptop.open() as db, db.session_factory() as s:
        peer = s.get(m.SyncPeer, pcrg.site_id)
        assert peer is not None and peer.name == "PCRG laptop" and peer.last_import_at


def test_dry_run_changes_nothing_and_replay_says_so(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, _ = lead
    other = new_laptop(template, tmp_path / "other")
    path = tmp_path / "all.senbundle"
    with laptop.open() as db:
        export_bundle(db.session_factory, path, laptop.keys)
    before = other.hash()
    with other.open() as db:
        preview = import_bundle(
            db.session_factory, path, other.keys, passphrase=PASSPHRASE, dry_run=True
        )
    assert other.hash() == before
    assert preview.report is not None and preview.report.new > 0
    assert preview.summary().startswith("Would import")
    with other.open() as db:
        done = import_bundle(db.session_factory, path, other.keys, passphrase=PASSPHRASE)
    assert done.report is not None
    assert done.report.new == preview.report.new
    after = other.hash()
    with other.open() as db:
        replay = import_bundle(db.session_factory, path, other.keys, passphrase=PASSPHRASE)
    assert replay.already_imported
    assert replay.summary().endswith("already imported; nothing changed.")
    assert other.hash() == after


def test_old_bundle_after_newer_changes_nothing(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, p = lead
    other = new_laptop(template, tmp_path / "other")
    with laptop.open() as db:
        export_bundle(db.session_factory, tmp_path / "old.senbundle", laptop.keys)
    with laptop.open() as db, db.session_factory.begin() as s:
        person = s.get(m.Person, p.pcrg_person)
        assert person is not None
        person.full_name = "Pat Parent-Carer"
    with laptop.open() as db:
        export_bundle(db.session_factory, tmp_path / "new.senbundle", laptop.keys)
    with other.open() as db:
        import_bundle(
            db.session_factory, tmp_path / "new.senbundle", other.keys, passphrase=PASSPHRASE
        )
    with other.open() as db:
        old = import_bundle(
            db.session_factory, tmp_path / "old.senbundle", other.keys, passphrase=PASSPHRASE
        )
    assert old.report is not None and old.report.new == 0 and old.report.changed == 0
    changed = rows_of(other, m.Person)[p.pcrg_person]
    assert isinstance(changed, m.Person) and changed.full_name == "Pat Parent-Carer"


def test_export_refusals(lead: tuple[Laptop, Programme], tmp_path: Path) -> None:
    laptop, _ = lead
    with laptop.open() as db:
        with pytest.raises(NotFoundError, match="no export profile called 'Nobody'"):
            export_bundle(
                db.session_factory, tmp_path / "x.senbundle", laptop.keys, profile="Nobody"
            )
        with pytest.raises(ValidationError, match="ends in .senbundle"):
            export_bundle(db.session_factory, tmp_path / "x.zip", laptop.keys)
    assert not (tmp_path / "x.senbundle").exists()


def test_profile_rules(lead: tuple[Laptop, Programme]) -> None:
    laptop, _ = lead
    with laptop.open() as db, db.session_factory.begin() as s:
        with pytest.raises(ValidationError, match="no group with the code ZZ"):
            add_profile(s, "Z", ["ZZ"])
        with pytest.raises(ValidationError, match="at least one group"):
            add_profile(s, "Z", [" "])
        with pytest.raises(ValidationError, match="name"):
            add_profile(s, "  ", ["SG"])
        profile = add_profile(s, "PCRG laptop", ["pcrg", "BESD"])
        assert profile.group_codes == ("BESD", "PCRG")
        assert profile.acknowledged == {}


def test_a_second_laptop_cannot_take_a_known_name(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, _ = lead
    pcrg = new_laptop(template, tmp_path / "pcrg")
    send(laptop, pcrg, tmp_path / "1.senbundle", "PCRG laptop")
    send(pcrg, laptop, tmp_path / "2.senbundle", None)
    other = new_laptop(template, tmp_path / "other")
    with other.open() as db, db.session_factory.begin() as s:
        set_own_name(s, other.site_id, "PCRG laptop", "", "2026-11-28T00:00:00+00:00")
    with laptop.open() as db, db.session_factory.begin() as s:
        person = s.scalars(select(m.Person).where(m.Person.full_name == "Pat Parent")).one()
        person.full_name = "Pat Parent (changed)"
    with laptop.open() as db, db.session_factory() as s:
        row = s.scalars(select(m.SyncProfile).where(m.SyncProfile.name == "PCRG laptop")).one()
        acknowledged = row.acknowledged
    claim = send(other, laptop, tmp_path / "3.senbundle", None)
    assert claim.sender_name == "PCRG laptop"  # what it says ...
    with laptop.open() as db, db.session_factory() as s:
        row = s.scalars(select(m.SyncProfile).where(m.SyncProfile.name == "PCRG laptop")).one()
        assert row.acknowledged == acknowledged  # ... is not believed
        peer = s.get(m.SyncPeer, other.site_id)
        assert peer is not None and peer.name == ""


# --- rows that come into a profile's scope after earlier exports ------------------------


def _exchange(lead: Laptop, pcrg: Laptop, tmp_path: Path, name: str) -> ImportResult:
    """Lead exports for the PCRG laptop; the PCRG laptop replies (acknowledging)."""
    result = send(lead, pcrg, tmp_path / f"{name}-out.senbundle", "PCRG laptop")
    send(pcrg, lead, tmp_path / f"{name}-back.senbundle", None)
    return result


def _new_person(laptop: Laptop, name: str) -> str:
    """A person outside the PCRG's scope, then an edit inside it: the PCRG laptop's
    acknowledgement will pass the person's operations without having seen them."""
    with laptop.open() as db, db.session_factory.begin() as s:
        person = m.Person(full_name=name, job_title="Headteacher", email="x@example.org")
        s.add(person)
        s.flush()
        person.job_title = "Executive Headteacher"
        person_id = person.id
    _touch_pcrg(laptop)
    return person_id


def _touch_pcrg(laptop: Laptop) -> None:
    with laptop.open() as db, db.session_factory.begin() as s:
        item = s.scalars(
            select(m.AgendaItem)
            .join(m.Meeting)
            .where(m.Meeting.group_id == group_id("PCRG"), m.AgendaItem.exempt.is_(False))
        ).first()
        assert item is not None
        item.title += "."


def _appoint_to_pcrg(laptop: Laptop, person_id: str) -> None:
    with laptop.open() as db, db.session_factory.begin() as s:
        seat = s.scalars(
            select(m.Seat).where(m.Seat.group_id == group_id("PCRG")).order_by(m.Seat.position)
        ).all()[-1]
        s.add(m.Appointment(seat_id=seat.id, person_id=person_id, start_date=dt.date(2026, 6, 1)))


def test_a_person_appointed_later_arrives_with_their_whole_history(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, _ = lead
    pcrg = new_laptop(template, tmp_path / "pcrg")
    _exchange(laptop, pcrg, tmp_path, "1")
    person = _new_person(laptop, "Robin Later")  # not yet in the PCRG's scope
    _exchange(laptop, pcrg, tmp_path, "2")
    assert person not in rows_of(pcrg, m.Person)
    _appoint_to_pcrg(laptop, person)
    result = send(laptop, pcrg, tmp_path / "3.senbundle", "PCRG laptop")
    arrived = rows_of(pcrg, m.Person)[person]
    assert isinstance(arrived, m.Person)
    assert (arrived.full_name, arrived.job_title) == ("Robin Later", "Executive Headteacher")
    assert arrived.email == ""  # the PCRG profile has no contact details
    assert result.report is not None and result.report.pending == 0


def test_history_goes_again_until_the_recipient_says_it_arrived(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, _ = lead
    pcrg = new_laptop(template, tmp_path / "pcrg")
    _exchange(laptop, pcrg, tmp_path, "1")
    person = _new_person(laptop, "Robin Later")
    _exchange(laptop, pcrg, tmp_path, "2")
    _appoint_to_pcrg(laptop, person)
    with laptop.open() as db:  # this bundle is lost on the way
        export_bundle(
            db.session_factory, tmp_path / "lost.senbundle", laptop.keys, profile="PCRG laptop"
        )
    send(pcrg, laptop, tmp_path / "reply.senbundle", None)  # acknowledges, lists no "lost"
    again = send(laptop, pcrg, tmp_path / "again.senbundle", "PCRG laptop")
    assert {op.row_id for op in bundle_ops(tmp_path / "again.senbundle")} >= {person}
    assert again.report is not None and again.report.new > 0
    send(pcrg, laptop, tmp_path / "reply2.senbundle", None)  # lists "again": delivered
    with laptop.open() as db:
        settled = export_bundle(
            db.session_factory,
            tmp_path / "settled.senbundle",
            laptop.keys,
            profile="PCRG laptop",
        )
    assert settled.operations == 0


def test_a_bundle_imported_on_the_wrong_laptop_settles_nothing(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, _ = lead
    pcrg = new_laptop(template, tmp_path / "pcrg")
    _exchange(laptop, pcrg, tmp_path, "1")
    person = _new_person(laptop, "Robin Later")
    _exchange(laptop, pcrg, tmp_path, "2")
    _appoint_to_pcrg(laptop, person)
    stranger = new_laptop(template, tmp_path / "stranger")
    send(laptop, stranger, tmp_path / "misdelivered.senbundle", "PCRG laptop")
    send(stranger, laptop, tmp_path / "stranger-reply.senbundle", None)
    send(laptop, pcrg, tmp_path / "right.senbundle", "PCRG laptop")
    assert person in rows_of(pcrg, m.Person)


def test_an_item_made_public_later_arrives_with_its_minutes(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, _ = lead
    with laptop.open() as db, db.session_factory.begin() as s:
        meeting = s.scalars(select(m.Meeting).where(m.Meeting.group_id == group_id("PCRG"))).one()
        item = m.AgendaItem(
            meeting_id=meeting.id,
            position=7,
            title="Short breaks provider",
            exempt=True,
            exempt_paragraph=3,
            exempt_reason="Commercially sensitive until contract award",
        )
        s.add(item)
        s.flush()
        minute = m.MinuteEntry(agenda_item_id=item.id, text="Bids were compared.")
        s.add(minute)
        s.flush()
        item_id, minute_id = item.id, minute.id
    _touch_pcrg(laptop)
    pcrg = new_laptop(template, tmp_path / "pcrg")
    _exchange(laptop, pcrg, tmp_path, "1")
    assert item_id not in rows_of(pcrg, m.AgendaItem)
    with laptop.open() as db, db.session_factory.begin() as s:
        public = s.get(m.AgendaItem, item_id)
        assert public is not None
        public.exempt = False
    send(laptop, pcrg, tmp_path / "2.senbundle", "PCRG laptop")
    assert rows_of(pcrg, m.AgendaItem)[item_id].title == "Short breaks provider"  # type: ignore[attr-defined]
    minute_row = rows_of(pcrg, m.MinuteEntry)[minute_id]
    assert isinstance(minute_row, m.MinuteEntry) and minute_row.text == "Bids were compared."


def test_turning_contacts_on_sends_contact_details_already_written(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    laptop, p = lead
    pcrg = new_laptop(template, tmp_path / "pcrg")
    _exchange(laptop, pcrg, tmp_path, "1")
    with laptop.open() as db, db.session_factory.begin() as s:
        add_profile(s, "PCRG laptop", ["PCRG"], contacts=True)
    send(laptop, pcrg, tmp_path / "2.senbundle", "PCRG laptop")
    person = rows_of(pcrg, m.Person)[p.pcrg_person]
    assert isinstance(person, m.Person) and person.email == "pat@example.org"


def test_a_laptop_given_part_of_the_programme_elsewhere_does_not_overstate_what_it_holds(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    """The BESD secretary's laptop holds high counters of the lead's site with gaps (it
    was only given BESD); the PCRG laptop hears from it first. The lead must still send
    the PCRG laptop everything of the PCRG's it has not delivered itself."""
    laptop, p = lead
    with laptop.open() as db, db.session_factory.begin() as s:
        add_profile(s, "BESD laptop", ["BESD"])
    besd = new_laptop(template, tmp_path / "besd")
    pcrg = new_laptop(template, tmp_path / "pcrg")
    _exchange(laptop, pcrg, tmp_path, "1")
    _touch_pcrg(laptop)  # PCRG business the BESD laptop never sees ...
    with laptop.open() as db, db.session_factory.begin() as s:  # ... then programme-wide
        milestone = s.scalars(select(m.Milestone)).first()
        assert milestone is not None
        milestone.status = "on_track"
    send(laptop, besd, tmp_path / "besd.senbundle", "BESD laptop")
    with besd.open() as db, db.session_factory.begin() as s:
        add_profile(s, "PCRG laptop", ["PCRG"])
    send(besd, pcrg, tmp_path / "relay.senbundle", "PCRG laptop")
    send(pcrg, laptop, tmp_path / "hello.senbundle", None)  # knowledge of the lead's site
    send(laptop, pcrg, tmp_path / "direct.senbundle", "PCRG laptop")
    item = rows_of(pcrg, m.AgendaItem)[p.pcrg_item]
    assert isinstance(item, m.AgendaItem) and item.title.endswith(".")


def test_a_laptop_named_here_is_linked_to_that_profile(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    """The PCRG's laptop calls itself something else; named here as the profile, its
    bundles settle that profile, and its own name does not overwrite the one given."""
    laptop, _ = lead
    pcrg = new_laptop(template, tmp_path / "pcrg")
    with pcrg.open() as db, db.session_factory.begin() as s:
        set_own_name(s, pcrg.site_id, "Pat's laptop", "", "2026-11-28T00:00:00+00:00")
    send(laptop, pcrg, tmp_path / "1.senbundle", "PCRG laptop")
    send(pcrg, laptop, tmp_path / "2.senbundle", None)
    with laptop.open() as db:
        unsettled = export_bundle(
            db.session_factory, tmp_path / "3.senbundle", laptop.keys, profile="PCRG laptop"
        )
    assert unsettled.operations > 0  # "Pat's laptop" is no profile: nothing settled
    with laptop.open() as db, db.session_factory.begin() as s:
        peer = s.get(m.SyncPeer, pcrg.site_id)
        assert peer is not None and peer.name == "Pat's laptop"
        peer.name = "PCRG laptop"
    send(laptop, pcrg, tmp_path / "4.senbundle", "PCRG laptop")
    send(pcrg, laptop, tmp_path / "5.senbundle", None)
    with laptop.open() as db:
        settled = export_bundle(
            db.session_factory, tmp_path / "6.senbundle", laptop.keys, profile="PCRG laptop"
        )
    assert settled.operations == 0
    with laptop.open() as db, db.session_factory() as s:
        peer = s.get(m.SyncPeer, pcrg.site_id)
        assert peer is not None and peer.name == "PCRG laptop"


def test_what_a_scoped_row_refers_to_comes_too_but_not_its_business(
    lead: tuple[Laptop, Programme], template: Path, tmp_path: Path
) -> None:
    """A PCRG action owned by a Steering Group member, and a PCRG recommendation
    decided at a Steering Group meeting: the owner and the meeting arrive (no contact
    details, no agenda), so nothing waits forever for a parent."""
    laptop, p = lead
    with laptop.open() as db, db.session_factory.begin() as s:
        sg_meeting = s.scalars(select(m.Meeting).where(m.Meeting.group_id == group_id("SG"))).one()
        s.add(
            m.Action(
                reference="PCRG-1", group_id=group_id("PCRG"), description="Write to schools",
                owner_id=p.sg_person,
            )
        )
        recommendation = m.Recommendation(
            reference="PCRG-R1", group_id=group_id("PCRG"), title="Short breaks directory"
        )
        s.add(recommendation)
        s.flush()
        s.add(
            m.RecommendationEvent(
                recommendation_id=recommendation.id, transition="endorsed",
                group_id=group_id("SG"), meeting_id=sg_meeting.id, by_id=p.sg_person,
                at="2026-11-20T10:00:00+00:00",
            )
        )
        sg_meeting_id = sg_meeting.id
    pcrg = new_laptop(template, tmp_path / "pcrg")
    result = send(laptop, pcrg, tmp_path / "pcrg.senbundle", "PCRG laptop")
    assert result.report is not None and result.report.pending == 0
    owner = rows_of(pcrg, m.Person)[p.sg_person]
    assert isinstance(owner, m.Person) and owner.full_name == "Sam Steering"
    assert owner.email == "" and owner.notes == ""
    assert sg_meeting_id in rows_of(pcrg, m.Meeting)
    items = rows_of(pcrg, m.AgendaItem)
    assert p.sg_open_item not in items and p.sg_exempt_item not in items
    assert len(rows_of(pcrg, m.RecommendationEvent)) == 1
