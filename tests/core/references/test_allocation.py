"""Who allocates references (issue 10): the laptop certified to write a group numbers it
from the ordinary range, others from their own, so laptops apart do not clash; and a
laptop renumbers only the groups its certificate writes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select, text

from sen_desktop.core.actions.service import ActionService
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.meetings.service import MeetingService
from sen_desktop.core.programme import seed
from sen_desktop.core.references import allocation, detection, records
from sen_desktop.core.references import service as refs
from sen_desktop.core.store.models import (
    Action,
    AgendaItem,
    Group,
    Meeting,
)
from tests.core.references.reference_laptops import (
    BESD,
    TODAY,
    add_action,
    add_recommendation,
    become,
    certify,
    exchange,
    schedule,
)

if TYPE_CHECKING:
    from pathlib import Path

    from merge_helpers import Laptop


def test_the_laptop_certified_to_write_a_group_allocates_its_references(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, _ = pair
    with a.factory.begin() as s:
        group = s.get(Group, BESD)
        assert group is not None
        # No programme set up: every laptop numbers 1, 2, 3 …
        assert allocation.allocation_band(s, "BESD") == 0
        certify(s, 1, "root", ["*"], root=True)
        certify(s, 2, "sg-secretary", ["SG"])
        certify(s, 3, "besd-secretary", ["BESD", "CL"])
        certify(s, 4, "besd-chair", ["BESD"])
        # The root allocates only groups nobody else writes.
        assert allocation.allocating_laptop(s, "PD") == "root"
        assert allocation.allocating_laptop(s, "SG") == "sg-secretary"
        assert allocation.allocating_laptop(s, "BESD") == "besd-secretary"
        # A group's chair's laptop comes after the others, even the root's.
        certify(s, 5, "asd-chair", ["ASD"], chair="ASD")
        assert allocation.allocating_laptop(s, "ASD") == "root"
        # A deputy writing every group takes those nobody is named for, not the others.
        certify(s, 6, "deputy", ["*"])
        assert allocation.allocating_laptop(s, "PD") == "deputy"
        assert allocation.allocating_laptop(s, "ASD") == "deputy"
        assert allocation.allocating_laptop(s, "SG") == "sg-secretary"
        become(s, "besd-secretary")
        assert allocation.allocation_band(s, "BESD") == 0
        become(s, "besd-chair")
        assert allocation.allocation_band(s, "BESD") == 4
        assert allocation.next_meeting_number(s, group) == 40_001
        assert allocation.next_action_number(s, group) == 40_001
        assert allocation.next_recommendation_number(s, group) == 40_001
        become(s, "root")
        assert allocation.allocation_band(s, "BESD") == 1
        assert allocation.allocation_band(s, "PD") == 1  # the deputy numbers PD
        become(s, "deputy")
        assert allocation.allocation_band(s, "PD") == 0
        # Revoking the secretary's laptop hands BESD to the chair's.
        s.execute(
            text(
                "INSERT INTO laptop_revocation (laptop_id, serial, effective_from, item) "
                "VALUES ('besd-secretary', 3, '2026-01-01T00:00:00Z', '{}')"
            )
        )
        assert allocation.allocating_laptop(s, "BESD") == "besd-chair"


def test_references_made_away_from_the_allocating_laptop_do_not_clash(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    for laptop, me in ((a, "besd-secretary"), (b, "besd-chair")):
        with laptop.factory.begin() as s:
            certify(s, 1, "root", ["*"], root=True)
            certify(s, 3, "besd-secretary", ["BESD"])
            certify(s, 4, "besd-chair", ["BESD"])
            become(s, me)
    ours = schedule(a, BESD, dt.date(2011, 3, 3))
    theirs = schedule(b, BESD, dt.date(2011, 3, 4))
    add_action(a, BESD)
    chair_action = add_action(b, BESD)
    exchange(a, b)
    with a.factory() as s:
        assert s.get(Meeting, ours).number == 1  # type: ignore[union-attr]
        assert s.get(Meeting, theirs).number == 40_001  # type: ignore[union-attr]
        assert s.get(Action, chair_action).reference == "BESD-40001"  # type: ignore[union-attr]
        # Minute numbers follow on from the meeting before, so meetings scheduled apart
        # share them until recounted; neither is published, so that is automatic.
        [minutes] = detection.find_clashes(s)
        assert minutes.kind == records.MINUTES and minutes.automatic
    # The secretary's next meeting follows on in the ordinary range.
    nxt = schedule(a, BESD, dt.date(2011, 4, 3))
    with a.factory() as s:
        assert s.get(Meeting, nxt).number == 2  # type: ignore[union-attr]
        # A person may bring the chair's meeting into the ordinary range.
        moved = refs.renumber_row(s, records.MEETING, theirs)
    assert str(moved) == "BESD 40001 is now BESD 40002"  # the next free in its own range


def test_allocation_reads_the_certificates_the_trust_service_stored(tmp_path: Path) -> None:
    from trust_helpers import programme

    laptops = programme(tmp_path).laptops
    serials: dict[str, int] = {}
    bands: dict[str, dict[str, int]] = {}
    for key, laptop in laptops.items():
        with laptop.open() as db, db.session_factory() as s:
            bands[key] = {
                code: allocation.allocation_band(s, code) for code in ("SG", "PCRG", "BESD")
            }
            serial = s.execute(
                text(
                    "SELECT max(serial) FROM laptop_certificate WHERE laptop_id = "
                    "(SELECT laptop_id FROM laptop_self)"
                )
            ).scalar_one()
            serials[key] = int(serial)
    # SG by its secretary, PCRG by the first laptop certified for it, BESD (nobody named)
    # by the deputy who writes everything; the others number from their own range.
    assert bands["sg"] == {"SG": 0, "PCRG": serials["sg"], "BESD": serials["sg"]}
    first_pcrg = min(("pcrg", "pcrg2"), key=serials.__getitem__)
    assert bands[first_pcrg]["PCRG"] == 0
    assert bands["deputy"] == {"SG": serials["deputy"], "PCRG": serials["deputy"], "BESD": 0}
    assert bands["lead"] == {"SG": 1, "PCRG": 1, "BESD": 1}


def test_certified_laptops_exchanging_bundles_clash_only_on_minutes(tmp_path: Path) -> None:
    """The whole way: the SG secretary's laptop and the deputy's (who writes every group)
    schedule SG meetings apart and exchange real bundles; only the minute numbers
    clash, each resolves apart, and the next exchange leaves one numbering."""
    from trust_helpers import programme

    prog = programme(tmp_path)
    sg, deputy = prog.sg, prog.deputy
    made = {}
    for laptop, day in ((sg, dt.date(2011, 3, 3)), (deputy, dt.date(2011, 3, 10))):
        with laptop.open() as db:
            meeting = MeetingService(db.session_factory, today=lambda: TODAY).schedule(
                seed.group_id("SG"), day
            )
            action = ActionService(db.session_factory, today=lambda: TODAY).create(
                seed.group_id("SG"), "Book the hall"
            )
            made[laptop.key] = (meeting.number, action.reference)
            with db.session_factory() as s:
                serial = s.execute(
                    text(
                        "SELECT max(serial) FROM laptop_certificate WHERE laptop_id = "
                        "(SELECT laptop_id FROM laptop_self)"
                    )
                ).scalar_one()
    assert made["sg"] == (1, "SG-1")
    assert made["deputy"] == (serial * 10_000 + 1, f"SG-{serial * 10_000 + 1}")

    def swap(n: int) -> list[str]:
        sg.export(tmp_path / f"sg-{n}.senbundle", for_laptop=deputy.name)
        deputy.export(tmp_path / f"deputy-{n}.senbundle", for_laptop=sg.name)
        first = deputy.import_(tmp_path / f"sg-{n}.senbundle")
        second = sg.import_(tmp_path / f"deputy-{n}.senbundle")
        return [first.summary(), second.summary()]

    # The import says so: the clash is named in its summary, pointing to Conflicts.
    for summary in swap(1):
        assert "1 number clashes with this laptop's (SG minutes" in summary
        assert summary.endswith("see Conflicts.")
    for laptop in (sg, deputy):
        with laptop.open() as db, db.session_factory.begin() as s:
            [clash] = detection.find_clashes(s)
            assert clash.kind == records.MINUTES and clash.automatic
            assert refs.resolve_all(s)
    assert not any("clash" in summary for summary in swap(2))
    numbering = []
    for laptop in (sg, deputy):
        with laptop.open() as db, db.session_factory() as s:
            assert detection.find_clashes(s) == []
            minutes: dict[str, list[int]] = {}
            for meeting_id, number in s.execute(
                select(AgendaItem.meeting_id, AgendaItem.minute_number)
            ):
                minutes.setdefault(meeting_id, []).append(number)
            numbering.append(
                sorted(
                    (str(m.date), m.number, tuple(sorted(minutes[m.id])))
                    for m in s.scalars(select(Meeting))
                )
            )
    assert numbering[0] == numbering[1]
    assert numbering[0][1][2] == (6, 7, 8, 9, 10)  # the deputy's meeting follows on


def test_a_laptop_renumbers_only_groups_it_may_write(pair: tuple[Laptop, Laptop]) -> None:
    """Another laptop would refuse a bundle carrying a change outside its sender's write
    groups, so a laptop that only reads BESD lists its clashes but leaves them."""
    a, b = pair
    add_action(a, BESD)
    theirs = add_action(b, BESD)
    exchange(a, b)
    with a.factory.begin() as s:
        certify(s, 1, "root", ["*"], root=True)
        certify(s, 2, "sg-secretary", ["SG"])
        become(s, "sg-secretary")
        [clash] = detection.find_clashes(s)
        assert not clash.writable and not clash.automatic and not clash.needs_person
        assert clash.describe({}).endswith(
            "This laptop is not certified to write BESD's records, so renumber it on a "
            "laptop that is."
        )
        assert refs.resolve_all(s) == []
        with pytest.raises(ValidationError, match="not certified to write BESD's records"):
            refs.resolve(s, clash)
        with pytest.raises(ValidationError, match="not certified to write BESD's records"):
            refs.renumber_row(s, records.ACTION, theirs)
        # Revoked, it may write nothing at all.
        become(s, "root")
        assert detection.find_clashes(s)[0].automatic
        s.execute(
            text(
                "INSERT INTO laptop_revocation (laptop_id, serial, effective_from, item) "
                "VALUES ('root', 1, '2026-01-01T00:00:00Z', '{}')"
            )
        )
        assert not detection.find_clashes(s)[0].writable


def test_a_renumbered_recommendation_keeps_titles_on_agendas_this_laptop_may_not_write(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    add_recommendation(a, "Outreach from special schools")
    moving = add_recommendation(b, "More unit places")
    titles = {}
    for code, day in (("BESD", dt.date(2011, 3, 4)), ("SG", dt.date(2011, 3, 18))):
        meeting = schedule(b, seed.group_id(code), day)
        with b.factory.begin() as s:
            item = AgendaItem(
                meeting_id=meeting, position=4, title="BESD-R1: More unit places",
                recommendation_id=moving,
            )
            s.add(item)
            s.flush()
            titles[code] = item.id
    exchange(a, b)
    with a.factory.begin() as s:
        certify(s, 1, "root", ["*"], root=True)
        certify(s, 2, "besd-secretary", ["BESD"])
        become(s, "besd-secretary")
        assert [str(d) for d in refs.resolve_all(s)] == ["BESD-R1 is now BESD-R2"]
        assert s.get(AgendaItem, titles["BESD"]).title == "BESD-R2: More unit places"  # type: ignore[union-attr]
        assert s.get(AgendaItem, titles["SG"]).title == "BESD-R1: More unit places"  # type: ignore[union-attr]
