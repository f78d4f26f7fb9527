"""A realistic synthetic programme for demonstrations and benchmarks.

``generate(db, years, scale, seed)`` fills an opened, seeded programme database with
what N years of the County's programme would leave behind: people in every seat (with
changes of post over the years), monthly meetings of every group from September 2010
with the standard agenda, attendance, minutes, resolutions, declarations, and an action
log with owners, due dates, statuses, BRAG ratings and dated progress updates; and the
recommendations of the working groups and the Parent/Carer Reference Group, with their
histories of decisions (chairs' decisions signed on laptops the demo programme's
root certified, ``registry.demo_registry``) in every state of the pathway, and
the Action Plan's milestones linked to what delivers them.

- ``plan.demo_plan`` lays the programme out (groups, meetings, how much business each
  does): ``--years 10 --scale 10`` is 7,200 meetings and about 106,000 actions;
- ``people`` fills the seats, ``meetings`` writes each meeting, ``recommendations``
  plans the recommendations (their items on the meetings' agendas) and
  ``recommendation_events`` writes their histories, ``milestones`` links the Action
  Plan, ``core/provision/demo.py`` maps the working groups' provision; ``text`` holds
  the names, places and phrases they draw on, and ``records`` the plain records they
  share.

Determinism. Everything comes from ``random.Random`` instances seeded from ``seed``
(ids included), so the same seed on the seeded programme gives the same rows. The
operation log records them as this laptop's operations, stamped now, as capture would.

Speed. Rows go in through ``oplog.insert_new_rows`` (Core executemany plus exactly the
operations capture writes), built and written a chunk of meetings at a time; the ORM unit
of work would take several times as long over the half a million rows of 10 x 10 (which
take about two and a half minutes and 3 GB on a two-core laptop).

One transaction. Everything is written in one transaction, and ``progress`` (a
``core.progress.Progress``) is told after each chunk: Cancel stops the generation at the
next chunk and rolls it all back, so the data folder is left as it was (empty), as it is
when anything fails on the way. A run killed at any point (``kill -9``, a power cut)
likewise leaves no part of the demo, so the same command can be run again in that
folder (issue 14); a folder that already holds meetings, a programme's root or rows the
demo would write is refused in one sentence (``ConflictError``), nothing written.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from sen_desktop.core.consultations.demo import demo_consultations
from sen_desktop.core.demo import text
from sen_desktop.core.demo.meetings import WRITE_ORDER, MeetingWriter, Rows
from sen_desktop.core.demo.milestones import MilestoneRow, milestone_plan
from sen_desktop.core.demo.people import KCC, TASK_SEATS, SeatState, Staff
from sen_desktop.core.demo.plan import (
    ACTIONS_PER_MEETING,
    MAX_SCALE,
    MAX_YEARS,
    START,
    DemoPlan,
    GroupPlan,
    MeetingPlan,
    demo_plan,
)
from sen_desktop.core.demo.recommendation_events import event_rows, recommendation_rows
from sen_desktop.core.demo.recommendations import RecommendationPlanner
from sen_desktop.core.demo.records import Counts, DemoSummary, MeetingState, Row
from sen_desktop.core.errors import ConflictError
from sen_desktop.core.policies.demo import demo_policies
from sen_desktop.core.programme.seed import group_id as seeded_group_id
from sen_desktop.core.progress import NO_PROGRESS, Progress
from sen_desktop.core.provision.demo import demo_provision
from sen_desktop.core.store.models import (
    Appointment,
    Body,
    Group,
    LaptopCertificate,
    Meeting,
    Milestone,
    MilestoneLink,
    Person,
    Recommendation,
    RecommendationEvent,
    RecommendationRemit,
    RemitItem,
    Seat,
    Synced,
    TrustRoot,
)
from sen_desktop.core.store.oplog import insert_new_rows

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.store.database import Database

CHUNK_MEETINGS: Final = 300
"""Meetings built and written at a time (a few hundred thousand operations), between
which progress is reported and Cancel is heard."""

BYTES_PER_YEAR: Final = 30 * 1024 * 1024
"""About what a year of meetings at scale 1 adds to the database (27 MB measured)."""

_TIMES: Final = {
    "steering": (dt.time(14, 0), dt.time(16, 0)),
    "working": (dt.time(9, 30), dt.time(12, 0)),
    "reference": (dt.time(18, 30), dt.time(20, 0)),  # parents meet in the evening
    "other": (dt.time(10, 0), dt.time(11, 30)),
}


class _Generator:
    def __init__(self, s: Session, plan: DemoPlan, progress: Progress) -> None:
        self.s = s  # the one transaction everything is written in
        self.plan = plan
        self.progress = progress
        self.rng = random.Random(f"sen-demo-text:{plan.seed}")
        self._ids = random.Random(f"sen-demo-ids:{plan.seed}")
        self.counts = Counts()
        self.groups: dict[str, GroupPlan] = {g.code: g for g in plan.groups}
        self.group_ids: dict[str, str] = {}
        self.seats: dict[str, list[SeatState]] = {}
        self.clerks: list[tuple[str, str]] = []
        self.deciders: dict[str, str] = {}  # body code -> the person who chairs it
        self.by_group: dict[str, list[MeetingState]] = defaultdict(list)
        self.recommendations: RecommendationPlanner | None = None
        self.officers: frozenset[str] = frozenset()  # the County's officers (person ids)

    def new_id(self) -> str:
        return str(uuid.UUID(int=self._ids.getrandbits(128), version=4))

    def write(self, model: type[Synced], rows: Sequence[Mapping[str, Any]]) -> None:
        self.counts.operations += insert_new_rows(self.s, model, rows)

    # --- groups, seats and people -------------------------------------------------------

    def setup(self) -> None:
        groups: list[Row] = []
        remits: list[Row] = []
        seats: list[Row] = []
        s = self.s
        for group in self.plan.groups:
            if group.seeded:
                self._seeded_seats(s, group)
            else:
                self._task_group(group, groups, remits, seats)
        staff = Staff(self.rng, self.new_id, self.groups)
        first = self.plan.start
        until = dt.date(first.year + self.plan.years + 1, 12, 31)
        # Seats are filled two months before the first meetings (July 2010 for the
        # programme's own history).
        appointed = dt.date(first.year - (first.month <= 2), (first.month - 3) % 12 + 1, 1)
        appointments = staff.appoint(
            [seat for code in self.groups for seat in self.seats[code]], until, appointed
        )
        clerk = ("Democratic Services Officer", KCC, text.COUNCIL_DOMAIN)
        self.clerks = [staff.person(*clerk) for _ in range(3)]
        # Who decides for SMT and for the Cabinet, and signs their approvals.
        for code, post in (
            ("SMT", "Corporate Director, Children, Families and Education"),
            ("Cabinet", "Cabinet Member for Specialist Children's Services"),
        ):
            self.deciders[code] = staff.person(post, KCC, text.COUNCIL_DOMAIN)[0]
        self.write(Group, groups)
        self.write(RemitItem, remits)
        self.write(Seat, seats)
        self.write(Person, staff.rows)
        self.write(Appointment, appointments)
        self.counts.people = len(staff.rows)
        self.officers = frozenset(r["id"] for r in staff.rows if r["organisation"] == KCC)

    def _seeded_seats(self, s: Session, group: GroupPlan) -> None:
        gid = seeded_group_id(group.code)
        self.group_ids[group.code] = gid
        found = s.scalars(
            select(Seat)
            .where(Seat.group_id == gid, Seat.deleted.is_(False))
            .order_by(Seat.position, Seat.id)
        ).all()
        if not found:
            raise ConflictError(
                f"The {group.name} is missing from this data folder; "
                "use an empty data folder for demo data."
            )
        if not any(seat.is_chair for seat in found):
            # The Project Plan names a chair for the Steering Group only; minutes are
            # "signed by the Chair", so the demo designates one as a secretary would
            # (through the session: the edit is captured as an operation).
            _chair_seat(found).is_chair = True
        self.seats[group.code] = [
            SeatState(seat.id, group.code, seat.title, bool(seat.is_chair)) for seat in found
        ]

    def _task_group(
        self, group: GroupPlan, groups: list[Row], remits: list[Row], seats: list[Row]
    ) -> None:
        gid = self.new_id()
        self.group_ids[group.code] = gid
        parent = self.groups[group.parent or "SG"]
        groups.append(
            {
                "id": gid,
                "code": group.code,
                "name": group.name,
                "kind": "other",
                "dimension": group.dimension,
                "reports_to_id": seeded_group_id(parent.code),
                "quorum": 3,
                "position": group.position,
            }
        )
        theme = (group.theme or "").lower()
        need = text.NEED_PHRASES.get(group.dimension, text.NEED_PHRASES[None])
        remit = (
            f"Review current {theme} arrangements for children and young people with {need}",
            f"Make recommendations on {theme} to the {parent.name}",
            "Report progress to each meeting of the parent group",
        )
        for n, line in enumerate(remit, start=1):
            remits.append({"id": self.new_id(), "group_id": gid, "position": n, "text": line})
        states = []
        for n, (title, chair) in enumerate(TASK_SEATS, start=1):
            seat_id = self.new_id()
            seats.append(
                {"id": seat_id, "group_id": gid, "position": n, "title": title, "is_chair": chair}
            )
            states.append(SeatState(seat_id, group.code, title, chair))
        self.seats[group.code] = states

    # --- meetings -----------------------------------------------------------------------

    def schedule(self) -> list[MeetingState]:
        """Write every meeting first, so that actions can name the meeting closing them."""
        venue_of = {code: self.rng.choice(text.VENUES) for code in self.groups}
        last_held: dict[str, MeetingPlan] = {
            m.group: m for m in self.plan.meetings if m.state == "held"
        }
        states: list[MeetingState] = []
        rows: list[Row] = []
        for meeting in self.plan.meetings:
            start, end = _TIMES[self.groups[meeting.group].kind]
            # Most meetings at the group's usual venue; some hosted by a school.
            venue = venue_of[meeting.group]
            if self.rng.random() < 0.15:
                school, _phase, district = self.rng.choice(text.SCHOOLS)
                venue = f"{school}, {district.split(' (')[0]}"
            state = MeetingState(meeting, self.new_id(), start, end, venue)
            states.append(state)
            self.by_group[meeting.group].append(state)
            # Each meeting confirmed the minutes of the one before; the latest are a draft.
            status = {"cancelled": "cancelled", "planned": "planned"}.get(meeting.state)
            if status is None:
                status = "minutes_draft" if last_held[meeting.group] is meeting else "confirmed"
            rows.append(
                {
                    "id": state.id,
                    "group_id": self.group_ids[meeting.group],
                    "number": meeting.number,
                    "date": meeting.date,
                    "start_time": start,
                    "end_time": end,
                    "venue": venue,
                    "status": status,
                }
            )
        self.write(Meeting, rows)
        return states

    # --- recommendations and the Action Plan ------------------------------------------

    def raise_recommendations(self) -> None:
        """Plan the recommendations and write them (before the meetings' agendas, which
        name them)."""
        planner = RecommendationPlanner(
            self.plan.seed,
            self.plan.scale,
            self.new_id,
            self.groups,
            self.group_ids,
            self.seats,
            self.by_group,
            self.deciders,
            start=self.plan.start,
        )
        s = self.s
        remit: dict[str, list[str]] = {}
        for code in planner.raising_groups():
            remit[code] = list(
                s.scalars(
                    select(RemitItem.id)
                    .where(
                        RemitItem.group_id == self.group_ids[code],
                        RemitItem.deleted.is_(False),
                    )
                    .order_by(RemitItem.position, RemitItem.id)
                )
            )
        planner.plan(remit, self.plan.years)
        recs, links = recommendation_rows(planner)
        self.write(Recommendation, recs)
        self.write(RecommendationRemit, links)
        self.counts.recommendations = len(recs)
        self.recommendations = planner

    def decide_recommendations(self) -> None:
        """Write the recommendations' events (once the meetings are written), link the
        Action Plan's milestones and set their status."""
        planner = self.recommendations
        assert planner is not None
        s = self.s
        bodies: dict[str, str] = {}
        for body_id, code in s.execute(
            select(Body.id, Body.code)
            .where(Body.deleted.is_(False))
            .order_by(Body.position, Body.id)
        ):
            bodies.setdefault(code, body_id)
        rows = event_rows(planner, bodies)
        # The demo programme's root and its chairs' certified laptops: local
        # registry tables, not operations (docs/TRUST.md "Certificates and the registry").
        s.execute(insert(TrustRoot), [rows.registry.root_row])
        s.execute(insert(LaptopCertificate), rows.registry.certificate_rows)
        self.write(RecommendationEvent, rows.events)
        self.counts.recommendation_events = len(rows.events)
        # The Action Plan's milestones are the Project Plan's, dated 2010-11: only a
        # demo of that history links them to its meetings and moves them on. A demo
        # made live today leaves them on the Project Plan's dates rather than tie a
        # 2010 milestone to a meeting in the present.
        milestones = list(
            s.scalars(
                select(Milestone)
                .where(Milestone.deleted.is_(False))
                .order_by(Milestone.position, Milestone.id)
            )
        ) if self.plan.start == START else []
        links, statuses = milestone_plan(
            planner,
            [MilestoneRow(m.id, m.action, m.period_start, m.period_end) for m in milestones],
        )
        for milestone in milestones:  # through the session: an edit is captured
            if milestone.status != statuses[milestone.id]:
                milestone.status = statuses[milestone.id]
        link_rows = [
            {"id": self.new_id(), "milestone_id": m, "target_kind": kind, "target_id": target}
            for m, kind, target in links
        ]
        self.write(MilestoneLink, link_rows)
        self.counts.milestone_links = len(link_rows)

    def fill(self, meetings: list[MeetingState]) -> None:
        planner = self.recommendations
        writer = MeetingWriter(
            self.rng,
            self.new_id,
            self.groups,
            self.group_ids,
            self.seats,
            self.clerks,
            self.by_group,
            self.counts,
            considered=planner.entries if planner is not None else None,
            chair_present=planner.chair_present if planner is not None else frozenset(),
            officers=self.officers,
        )
        total = len(meetings)
        for start in range(0, total, CHUNK_MEETINGS):
            rows: Rows = defaultdict(list)
            for meeting in meetings[start : start + CHUNK_MEETINGS]:
                writer.content(meeting, rows)
            for model in WRITE_ORDER:
                self.write(model, rows[model])
            self.progress.step(min(start + CHUNK_MEETINGS, total), total, "Writing meetings")


def _chair_seat(seats: Sequence[Seat]) -> Seat:
    """The seat a group without a chair would choose: a working group's special school
    head, the Parent/Carer Reference Group's first parent, else the first seat."""
    for wanted in ("Head of Special School", "Parent/carer representative"):
        for seat in seats:
            if seat.title == wanted:
                return seat
    return seats[0]


def has_meetings(session_factory: sessionmaker[Session]) -> bool:
    with session_factory() as s:
        return s.scalar(select(Meeting.id).limit(1)) is not None


def has_registry(session_factory: sessionmaker[Session]) -> bool:
    """Whether the data folder already pins a programme root (the demo brings its own)."""
    with session_factory() as s:
        return s.scalar(select(TrustRoot.id).limit(1)) is not None


def generate(
    db: Database,
    years: int,
    scale: int = 1,
    seed: int = 2010,
    progress: Progress = NO_PROGRESS,
    *,
    today: dt.date | None = None,
    start: dt.date | None = None,
) -> DemoSummary:
    """Fill ``db`` (an opened, seeded programme ``Database``) with a demo programme.

    Refused (ConflictError, nothing written) if the database already holds meetings, a
    programme's root or any row the demo would write; StoreFailure (one sentence,
    nothing written) if the disk lacks the room; ValidationError for numbers out of
    range. ``progress`` is told (meetings written,
    meetings) as each chunk of meetings is written; everything is one transaction, so
    Cancel (``core.progress.Cancelled``) or a failure leaves the database as it was.
    """
    started = time.perf_counter()
    plan = demo_plan(years, scale, seed, today=today, start=start)
    sf: sessionmaker[Session] = db.session_factory
    if has_meetings(sf):
        raise ConflictError(
            "This data folder already holds meetings; use an empty data folder for demo data.",
            field="data_dir",
        )
    if has_registry(sf):
        raise ConflictError(
            "This data folder belongs to a programme this laptop has joined; use an empty "
            "data folder for demo data.",
            field="data_dir",
        )
    try:
        # Refused at once, nothing written, when the disk cannot take it; the write-ahead
        # log is emptied after, committed or not (core/store/database.py).
        with db.large_write(needed=plan.years * plan.scale * BYTES_PER_YEAR), sf.begin() as s:
            generator = _Generator(s, plan, progress)
            generator.setup()
            meetings = generator.schedule()
            generator.raise_recommendations()
            progress.step(0, len(meetings), "Writing meetings")
            generator.fill(meetings)
            generator.decide_recommendations()
            # The working groups' provision maps (issue 15), some citing recommendations.
            demo_provision(s, plan.seed, generator.new_id, generator.group_ids, generator.write)
            # The working groups' policy documents (issue 15), along the pathway as far as
            # the held meetings allow.
            demo_policies(s, plan.seed, generator.new_id, generator.group_ids, generator.write,
                          today=today)
            # The Steering Group's two consultations of the Action Plan (issue 15), which
            # list the policy versions among the documents consulted on.
            demo_consultations(s, plan.seed, generator.new_id, generator.group_ids,
                               generator.write, start=plan.start)
            progress.check()  # the last moment Cancel is heard: nothing is committed yet
    except IntegrityError as error:
        # Rows the demo would write are there already (part of a demo came in some other
        # way than a run of this, which leaves all or nothing): rolled back, one sentence.
        raise ConflictError(
            "This data folder already holds part of a demo programme, so nothing was "
            "added; use an empty data folder for demo data.",
            field="data_dir",
        ) from error
    counts = generator.counts
    return DemoSummary(
        groups=sum(1 for g in plan.groups if not g.seeded),
        people=counts.people,
        meetings=len(meetings),
        agenda_items=counts.agenda_items,
        minutes=counts.minutes,
        resolutions=counts.resolutions,
        declarations=counts.declarations,
        actions=counts.actions,
        action_updates=counts.action_updates,
        recommendations=counts.recommendations,
        recommendation_events=counts.recommendation_events,
        milestone_links=counts.milestone_links,
        operations=counts.operations,
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "ACTIONS_PER_MEETING",
    "MAX_SCALE",
    "MAX_YEARS",
    "DemoPlan",
    "DemoSummary",
    "GroupPlan",
    "MeetingPlan",
    "demo_plan",
    "generate",
    "has_meetings",
]
