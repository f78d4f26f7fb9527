"""The demo programme: counts, rules the services keep, determinism, and the command."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Table, func, select, text

from sen_desktop.app import main
from sen_desktop.core.demo import text as demo_text
from sen_desktop.core.demo.people import KCC, _slug
from sen_desktop.core.demo.plan import anchored_start, parse_start
from sen_desktop.core.demo.service import ACTIONS_PER_MEETING, demo_plan, generate
from sen_desktop.core.errors import ConflictError, ValidationError
from sen_desktop.core.meetings.records import STANDARD_CLOSING, STANDARD_KINDS, STANDARD_OPENING
from sen_desktop.core.progress import Cancelled, Progress
from sen_desktop.core.store import models as m
from sen_desktop.core.store.datafolder import open_programme
from sen_desktop.core.store.integrity import check_integrity

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy.orm import Session

    from sen_desktop.core.demo.records import DemoSummary
    from sen_desktop.core.store.database import Database

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    db = open_programme(tmp_path_factory.mktemp("demo") / "data")
    try:
        summary = generate(db, years=1, scale=1, seed=2010, today=TODAY)
        yield db, summary
    finally:
        db.close()


def _count(s: Session, model: type[m.Synced]) -> int:
    return s.scalar(select(func.count()).select_from(model)) or 0


def test_the_counts_follow_the_plan(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    plan = demo_plan(1, 1, 2010, today=TODAY)
    assert summary.meetings == plan.meeting_count == 6 * 12
    assert summary.actions == plan.action_count
    with db.session_factory() as s:
        assert _count(s, m.Meeting) == summary.meetings
        assert _count(s, m.Action) == summary.actions
        assert _count(s, m.ActionUpdate) == summary.action_updates > summary.actions // 2
        assert _count(s, m.Resolution) == summary.resolutions
        assert _count(s, m.MinuteEntry) == summary.minutes
        assert _count(s, m.Declaration) == summary.declarations
        assert _count(s, m.Person) == summary.people
        assert _count(s, m.Recommendation) == summary.recommendations > 0
        assert _count(s, m.RecommendationEvent) == summary.recommendation_events > 0
        assert _count(s, m.MilestoneLink) == summary.milestone_links > 0
        # Every seat of the six groups is filled on every meeting day.
        assert summary.groups == 0


def test_ten_years_at_scale_ten_reach_the_issue_targets() -> None:
    # Computed from the generator's own plan, without writing anything.
    plan = demo_plan(10, 10, today=TODAY)
    assert plan.meeting_count >= 7_000
    assert plan.action_count >= 100_000
    assert len(plan.groups) == 60
    assert sum(1 for g in plan.groups if g.kind == "other") == 54
    held = [mt for mt in plan.meetings if mt.state == "held"]
    low, high = ACTIONS_PER_MEETING
    assert all(low <= mt.actions <= high for mt in held)
    # Scale multiplies the meetings; years add months.
    assert demo_plan(2, 3, today=TODAY).meeting_count == 2 * 12 * 6 * 3


def test_meetings_after_today_are_left_planned() -> None:
    plan = demo_plan(2, 1, today=dt.date(2011, 3, 31))
    later = [mt for mt in plan.meetings if mt.date > dt.date(2011, 3, 31)]
    assert later and all(mt.state == "planned" and mt.actions == 0 for mt in later)


def test_the_database_passes_the_integrity_check(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    report = check_integrity(db)
    assert report.ok, report.summary


def test_every_meeting_has_the_standard_agenda(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.session_factory() as s:
        items: dict[str, list[m.AgendaItem]] = defaultdict(list)
        for item in s.scalars(select(m.AgendaItem).order_by(m.AgendaItem.position)):
            items[item.meeting_id].append(item)
        meetings = s.scalars(select(m.Meeting)).all()
    opening = [kind for kind, _ in STANDARD_OPENING]
    for meeting in meetings:
        agenda = items[meeting.id]
        kinds = [item.kind for item in agenda]
        assert kinds[:4] == opening
        assert kinds[-1] == STANDARD_CLOSING[0]
        assert 2 <= kinds.count("business") <= 5
        assert [item.position for item in agenda] == list(range(1, len(agenda) + 1))
        assert agenda[0].title == "Apologies and Substitutes"
        assert agenda[-1].title == "Date of next meeting"


def test_numbering_per_group(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.session_factory() as s:
        groups = {g.id: g.code for g in s.scalars(select(m.Group))}
        meetings = s.scalars(select(m.Meeting).order_by(m.Meeting.date)).all()
        numbers: dict[str, list[int]] = defaultdict(list)
        for meeting in meetings:
            numbers[meeting.group_id].append(meeting.number)
        assert set(numbers) == set(groups)
        for sequence in numbers.values():
            assert sequence == list(range(1, 13))

        # Minute numbers run on from meeting to meeting within a group (cancelled
        # meetings have none), and start at 1.
        for group_id in groups:
            minute_numbers = [
                n
                for (n,) in s.execute(
                    select(m.AgendaItem.minute_number)
                    .join(m.Meeting, m.Meeting.id == m.AgendaItem.meeting_id)
                    .where(m.Meeting.group_id == group_id, m.Meeting.status != "cancelled")
                    .order_by(m.Meeting.date, m.AgendaItem.position)
                )
            ]
            assert minute_numbers == list(range(1, len(minute_numbers) + 1))

        # Action references: "<code>-<n>", n from 1 per group, in the order raised.
        refs: dict[str, list[int]] = defaultdict(list)
        rows = s.execute(
            select(m.Action.reference, m.Action.group_id, m.Meeting.date)
            .join(m.Meeting, m.Meeting.id == m.Action.meeting_id)
            .order_by(m.Meeting.date)
        )
        for reference, group_id, _date in rows:
            code, number = reference.rsplit("-", 1)
            assert code == groups[group_id]
            refs[group_id].append(int(number))
        for sequence in refs.values():
            assert sorted(sequence) == list(range(1, len(sequence) + 1))


def test_minutes_statuses_and_the_previous_minutes(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.session_factory() as s:
        by_group: dict[str, list[m.Meeting]] = defaultdict(list)
        for meeting in s.scalars(select(m.Meeting).order_by(m.Meeting.date)):
            by_group[meeting.group_id].append(meeting)
        for meetings in by_group.values():
            held = [mt for mt in meetings if mt.status != "cancelled"]
            assert held[-1].status == "minutes_draft"
            assert {mt.status for mt in held[:-1]} == {"confirmed"}
            for before, meeting in zip(held, held[1:], strict=False):
                item = s.scalars(
                    select(m.AgendaItem).where(
                        m.AgendaItem.meeting_id == meeting.id,
                        m.AgendaItem.kind == "previous_minutes",
                    )
                ).one()
                assert (
                    item.title == f"Minutes of the meeting held on {before.date.day} "
                    f"{before.date:%B %Y}"
                )
                resolution = s.scalars(
                    select(m.Resolution).where(m.Resolution.agenda_item_id == item.id)
                ).one()
                assert resolution.text.startswith("RESOLVED that the minutes of the meeting")
                assert "correctly recorded" in resolution.text


def test_actions_are_plausible(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.session_factory() as s:
        dates = {mt.id: (mt.date, mt.group_id) for mt in s.scalars(select(m.Meeting))}
        actions = s.scalars(select(m.Action)).all()
        updates: dict[str, list[m.ActionUpdate]] = defaultdict(list)
        for update in s.scalars(select(m.ActionUpdate)):
            updates[update.action_id].append(update)
    statuses = {a.status for a in actions}
    assert statuses <= set(m.ACTION_STATUSES)
    assert {"done", "open"} <= statuses
    for action in actions:
        raised, group_id = dates[action.meeting_id or ""]
        assert action.group_id == group_id
        assert action.due_date is not None and action.due_date > raised
        assert action.owner_id is not None
        if action.brag in ("red", "amber"):
            assert action.brag_comment
        if action.status in ("done", "dropped"):
            assert action.closed_meeting_id is not None
            closed, closed_group = dates[action.closed_meeting_id]
            assert closed > raised and closed_group == group_id
        else:
            assert action.closed_meeting_id is None
        for update in updates[action.id]:
            assert update.meeting_id is not None
            assert dates[update.meeting_id] == (update.date, group_id)
            assert update.date > raised
    done = [a for a in actions if a.status == "done"]
    assert all(a.brag == "blue" for a in done)
    assert len(done) > len(actions) / 2  # a year on, most actions are done


def test_attendance_substitutes_stand_in_for_absent_members(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    with db.session_factory() as s:
        rows = s.scalars(select(m.Attendance)).all()
        statuses = {(a.meeting_id, a.person_id): a.status for a in rows}
        substitutes = [a for a in rows if a.status == "substitute"]
        assert substitutes
        for sub in substitutes:
            assert statuses[(sub.meeting_id, sub.substitute_for_id or "")] == "apologies"
        present = sum(1 for a in rows if a.status == "present")
        assert present > 0.7 * sum(1 for a in rows if a.status != "in_attendance")
        assert any(a.status == "in_attendance" and a.capacity == "Clerk" for a in rows)
        people = s.scalars(select(m.Person)).all()
    emails = [p.email for p in people if p.email]
    # Invented people have invented addresses: example.org, never a real council's domain.
    assert all(e.endswith(".example.org") for e in emails)
    assert any(e.endswith("@council.example.org") for e in emails)
    schools = {f"{_slug(name)}.example.org" for name, _phase, _district in demo_text.SCHOOLS}
    assert any(e.partition("@")[2] in schools for e in emails)
    assert all(p.phone.startswith("01632 960") for p in people if p.phone)
    assert len({p.full_name for p in people}) == len(people)


def _fingerprint(db: Database) -> str:
    """A hash of every synced table's rows (the operation log's clock differs per run)."""
    digest = hashlib.sha256()
    with db.engine.connect() as conn:
        for model in m.SYNCED_MODELS:
            table: Table = model.__table__  # type: ignore[assignment]
            for row in conn.execute(select(table).order_by(table.c.id)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _row_counts(db: Database) -> dict[str, int]:
    """Rows in every table, the operation log and the registry's included."""
    with db.engine.connect() as conn:
        return {
            table.name: conn.scalar(select(func.count()).select_from(table)) or 0
            for table in m.Base.metadata.sorted_tables
        }


def test_cancel_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    """Cancel heard after the last chunk of meetings, the moment before the commit:
    nothing of the demo is left, not even its operations or its programme root."""
    db = open_programme(tmp_path / "data")
    try:
        before, rows = _fingerprint(db), _row_counts(db)
        reports: list[tuple[int, int, str]] = []

        def report(done: int, total: int, label: str) -> None:
            reports.append((done, total, label))
            if done == total:
                progress.cancel()

        progress = Progress(report)
        with pytest.raises(Cancelled):
            generate(db, years=1, scale=1, seed=2010, today=TODAY, progress=progress)
        total = reports[0][1]
        assert total > 0 and reports[0][:2] == (0, total) and reports[-1][:2] == (total, total)
        assert reports[0][2] == "Writing meetings"
        assert _fingerprint(db) == before
        assert _row_counts(db) == rows
        generate(db, years=1, scale=1, seed=2010, today=TODAY)  # the folder is still empty
    finally:
        db.close()


def test_the_same_seed_gives_the_same_programme(
    demo: tuple[Database, DemoSummary], tmp_path: Path
) -> None:
    db, _ = demo
    again = open_programme(tmp_path / "again")
    other = open_programme(tmp_path / "other")
    try:
        generate(again, years=1, scale=1, seed=2010, today=TODAY)
        generate(other, years=1, scale=1, seed=7, today=TODAY)
        assert _fingerprint(again) == _fingerprint(db)
        assert _fingerprint(other) != _fingerprint(db)
    finally:
        again.close()
        other.close()


def test_scale_adds_task_and_finish_groups(tmp_path: Path) -> None:
    db = open_programme(tmp_path / "scaled")
    try:
        summary = generate(db, years=1, scale=2, seed=1, today=dt.date(2011, 1, 31))
        assert summary.groups == 6
        with db.session_factory() as s:
            extra = s.scalars(select(m.Group).where(m.Group.kind == "other")).all()
            assert len(extra) == 6
            assert all(g.reports_to_id is not None for g in extra)
            planned = s.scalar(
                select(func.count()).select_from(m.Meeting).where(m.Meeting.status == "planned")
            )
            # 12 groups; September to January held (or cancelled), the rest to come.
            assert summary.meetings == 12 * 12
            assert planned == 12 * 7
            seats = s.scalar(
                select(func.count())
                .select_from(m.Seat)
                .where(m.Seat.group_id.in_([g.id for g in extra]))
            )
            assert seats == 6 * 6
        # Meetings after "today" have their agenda but no minutes.
        with db.session_factory() as s:
            future = s.scalars(select(m.Meeting).where(m.Meeting.date > dt.date(2011, 1, 31)))
            future_ids = [mt.id for mt in future]
            assert future_ids
            minutes = s.scalar(
                select(func.count())
                .select_from(m.MinuteEntry)
                .join(m.AgendaItem, m.AgendaItem.id == m.MinuteEntry.agenda_item_id)
                .where(m.AgendaItem.meeting_id.in_(future_ids))
            )
            assert minutes == 0
        assert check_integrity(db).ok
    finally:
        db.close()


def test_a_folder_with_meetings_is_refused(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.session_factory() as s:
        before = _count(s, m.Meeting)
    with pytest.raises(ConflictError, match="already holds meetings"):
        generate(db, years=1)
    with db.session_factory() as s:
        assert _count(s, m.Meeting) == before


@pytest.mark.parametrize(
    ("years", "scale", "seed"),
    [(0, 1, 1), (21, 1, 1), (1, 0, 1), (1, 99, 1), (1, 1, -1), (True, 1, 1)],
)
def test_numbers_out_of_range_are_refused(years: Any, scale: Any, seed: Any) -> None:
    with pytest.raises(ValidationError):
        demo_plan(years, scale, seed)


# --- the command -----------------------------------------------------------------------------


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_demo_data_command_fills_an_empty_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "demo-data", "--years", "1"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Created 72 meetings, ")
    assert " recommendations (" in out and " decisions and submissions) " in out
    assert out.count("\n") == 1
    assert "of 72 meetings" in err  # progress
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    capsys.readouterr()

    # A second run on the same folder is refused, leaving it as it was.
    assert main(["--data-dir", str(data_dir), "demo-data", "--years", "1"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    refusal = _one_line(err)
    assert "already holds meetings" in refusal and "use an empty data folder" in refusal
    db = open_programme(data_dir)
    try:
        with db.session_factory() as s:
            assert _count(s, m.Meeting) == 72
            held = set(s.scalars(select(m.Meeting.date).where(m.Meeting.status != "planned")))
            planned = set(s.scalars(select(m.Meeting.date).where(m.Meeting.status == "planned")))
    finally:
        db.close()
    # By default the demo is live today: meetings held last month, planned next month.
    today = dt.date.today()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    next_month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    assert any(d.replace(day=1) == last_month for d in held)
    assert any(d.replace(day=1) == next_month for d in planned)


def test_demo_data_from_a_month_gives_the_programme_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "history"
    assert main(["--data-dir", str(folder), "demo-data", "--years", "1", "--from", "2010-09"]) == 0
    capsys.readouterr()
    db = open_programme(folder)
    try:
        with db.session_factory() as s:
            first = s.scalar(select(func.min(m.Meeting.date)))
            last = s.scalar(select(func.max(m.Meeting.date)))
    finally:
        db.close()
    assert first is not None and last is not None
    assert (first.year, first.month) == (2010, 9) and (last.year, last.month) == (2011, 8)


@pytest.mark.parametrize(
    "arguments",
    [
        ["--years", "0"],
        ["--years", "21"],
        ["--years", "ten"],
        ["--years", "1", "--scale", "0"],
        ["--years", "1", "--scale", "x"],
        ["--years", "1", "--seed", "-3"],
        ["--years", "1", "--from", "2010/09"],
        ["--years", "1", "--from", "2999-01"],
        [],
    ],
)
def test_demo_data_refuses_bad_numbers_in_one_line(
    arguments: list[str], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        code = main(["--data-dir", str(data_dir / "new"), "demo-data", *arguments])
        raise SystemExit(code)
    assert exited.value.code == 2
    _, err = capsys.readouterr()
    _one_line(err)
    # Refused before the folder was created.
    assert not (data_dir / "new").exists()


def test_search_index_holds_the_demo_text(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    with db.engine.connect() as conn:
        indexed = conn.execute(
            text("SELECT kind, count(*) FROM search_text GROUP BY kind ORDER BY kind")
        ).all()
    assert dict(indexed) == {
        "action": summary.actions,
        "minute": summary.minutes,
        "recommendation": summary.recommendations,
        "resolution": summary.resolutions,
    }


# --- the demo reads like a real programme's papers (issue 12) -----------------------------

# Real Kent schools an earlier demo attached invented facts to: none may appear.
REAL_SCHOOLS = (
    "Foreland Fields",
    "Meadowbank School",
    "Five Oaks School",
    "Valence",
    "Milestone Academy",
    "Bower Grove",
    "Highview School",
    "Cornwallis Academy",
    "Hugh Christie",
    "Orchards Academy",
    "Hartsdown",
    "Astor College",
    "Wilmington Academy",
    "Northfleet School for Girls",
    "The North School",
    "Spires Academy",
    "Brockhill Park",
    "Skinners' Kent",
    "Kingsnorth Primary",
    "Loose Primary",
    "Garlinge Primary",
    "Wincheap Primary",
    "Temple Hill Primary",
    "Hextable Primary",
    "Oakfield",
)


def _demo_text(db: Database) -> dict[str, list[tuple[str, str]]]:
    """Every sentence the demo wrote, as (group code of its meeting, text), by kind."""
    with db.session_factory() as s:
        code = {g.id: g.code for g in s.scalars(select(m.Group))}
        meeting_group = {mt.id: code[mt.group_id] for mt in s.scalars(select(m.Meeting))}
        item_group = {i.id: meeting_group[i.meeting_id] for i in s.scalars(select(m.AgendaItem))}
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for item in s.scalars(select(m.AgendaItem)):
            found["agenda"].append((item_group[item.id], item.title))
        for entry in s.scalars(select(m.MinuteEntry)):
            found["minutes"].append((item_group[entry.agenda_item_id], entry.text))
        for resolution in s.scalars(select(m.Resolution)):
            found["resolutions"].append((item_group[resolution.agenda_item_id], resolution.text))
        for action in s.scalars(select(m.Action)):
            found["actions"].append((code[action.group_id], action.description))
        for update in s.scalars(select(m.ActionUpdate)):
            found["updates"].append(("", update.text))
        for rec in s.scalars(select(m.Recommendation)):
            found["recommendations"].append((code[rec.group_id], f"{rec.title}. {rec.text}"))
        for person in s.scalars(select(m.Person)):
            found["people"].append(("", f"{person.organisation} {person.email} {person.phone}"))
        for meeting in s.scalars(select(m.Meeting)):
            found["venues"].append((meeting_group[meeting.id], meeting.venue))
    return found


def test_the_demo_says_nothing_twice_and_keeps_acronyms_in_capitals(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    every = [said for rows in _demo_text(db).values() for _code, said in rows]
    lower_acronym = re.compile(r"\b[a-z][A-Z]{2,}")  # "sEN Strategy", "sMT"
    assert not [t for t in every if lower_acronym.search(t)]
    # "the views of the Parent/Carer Reference Group be sought on views of the …"
    assert not [t for t in every if re.search(r"views of .* on (the )?views of", t, re.I)]
    assert not [t for t in every if "policy document on the draft policy" in t.lower()]
    for sentence in (s for t in every for s in re.split(r"(?<=[.;])\s", t)):
        words = re.findall(r"[\w/']+", sentence.lower())
        runs = [" ".join(words[i : i + 5]) for i in range(len(words) - 4)]
        assert len(runs) == len(set(runs)), f"says a phrase twice: {sentence}"
    # A decision's note gives the reason; it does not repeat the decision ("Noted. Note:
    # Noted; …", "Rejected. Note: Rejected: …").
    with db.session_factory() as s:
        notes = [n for n in s.scalars(select(m.RecommendationEvent.note)) if n]
    assert notes
    for word in ("Noted", "Rejected", "Deferred", "Withdrawn"):
        assert not [n for n in notes if n.startswith(word)], word
    # "10 completed and 0 closed": a count of nothing is not reported.
    assert not [t for t in every if re.search(r"\b0 (completed|closed|now|still)\b", t)]


def test_no_real_school_or_mailbox_is_attached_to_invented_facts(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    every = [said for rows in _demo_text(db).values() for _code, said in rows]
    for real in REAL_SCHOOLS:
        assert not [t for t in every if real in t], real
    for domain in ("kent.gov.uk", "kent.sch.uk", "nhs.net", "nhs.uk"):
        assert not [t for t in every if domain in t], domain
    assert any(school in t for t in every for school, _p, _d in demo_text.SCHOOLS)


def test_a_group_never_forwards_its_own_work_to_itself(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    with db.session_factory() as s:
        names = {g.code: g.name for g in s.scalars(select(m.Group))}
    found = _demo_text(db)
    for kind in ("resolutions", "actions", "minutes"):
        for code, said in found[kind]:
            own = names[code]
            assert f"forwarded to the {own}" not in said, said
            assert f"submission to the {own}" not in said, said
            assert "Report progress on" not in said or f"to the {own}" not in said, said
    steering = [t for code, t in found["resolutions"] if code == "SG"]
    assert steering and not [t for t in steering if "to the Strategy Steering Group" in t]
    reference = [t for code, t in found["actions"] if code == "PCRG"]
    assert not [t for t in reference if "Consult the Parent/Carer Reference Group" in t]
    parents_said = [t for code, t in found["minutes"] if code == "PCRG"]
    assert parents_said and not [t for t in parents_said if "Headteachers reported" in t]
    assert not [t for t in parents_said if "Parent/Carer Reference Group should see" in t]


def test_actions_are_owned_by_officers_not_parents(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.session_factory() as s:
        owners = s.execute(
            select(m.Person.organisation, m.Person.job_title).join(
                m.Action, m.Action.owner_id == m.Person.id
            )
        ).all()
        parents_seated = s.scalar(
            select(func.count()).select_from(m.Person).where(m.Person.job_title == "Parent/carer")
        )
    assert owners and parents_seated
    assert {organisation for organisation, _job in owners} == {KCC}
    assert not [job for _org, job in owners if job == "Parent/carer"]


def test_actions_not_started_are_grey_not_green(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.session_factory() as s:
        updated = set(s.scalars(select(m.ActionUpdate.action_id)))
        fresh = [a for a in s.scalars(select(m.Action)) if a.id not in updated]
    assert fresh
    assert all(a.brag in ("grey", "red", "amber") for a in fresh)
    assert any(a.brag == "grey" for a in fresh)


# --- a demo anchored on the day it is made ----------------------------------------------


def test_a_demo_made_today_has_meetings_last_month_and_next_month() -> None:
    today = dt.date(2026, 12, 7)
    start = parse_start(None, 1, today)
    assert start == anchored_start(1, today) == dt.date(2026, 2, 1)
    plan = demo_plan(1, today=today, start=start)
    held = {(mt.date.year, mt.date.month) for mt in plan.meetings if mt.state == "held"}
    planned = {(mt.date.year, mt.date.month) for mt in plan.meetings if mt.state == "planned"}
    assert (2026, 11) in held and (2027, 1) in planned
    assert plan.start == start and min(mt.date for mt in plan.meetings) >= start
    # Deterministic for a given date and first month; the history when asked.
    assert demo_plan(1, today=today, start=start) == plan
    history = demo_plan(1, today=today, start=parse_start("2010-09", 1, today))
    assert min(mt.date for mt in history.meetings).isoformat().startswith("2010-09")
    assert all(mt.state != "planned" for mt in history.meetings)
    assert anchored_start(3, dt.date(2027, 1, 15)) == dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2010/09", "Give the first month as year and month, like 2010-09 (not '2010/09')."),
        ("2010-13", "Give the first month as year and month, like 2010-09 (not '2010-13')."),
        ("1999-12", "The first month must be the 1st of a month in 2000 or later, like 2010-09."),
        ("2027-01", "The first month must be this month or earlier: a demo needs meetings held."),
    ],
)
def test_a_bad_first_month_is_refused_in_one_sentence(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_start(value, 1, dt.date(2026, 12, 7))
    assert caught.value.message == message
    assert caught.value.field == "start"


def test_an_anchored_demo_is_whole(tmp_path: Path) -> None:
    today = dt.date(2026, 12, 7)
    db = open_programme(tmp_path / "data")
    try:
        summary = generate(db, 1, today=today, start=anchored_start(1, today))
        assert check_integrity(db).ok
        with db.session_factory() as s:
            dates = sorted(s.scalars(select(m.Meeting.date)))
            people = s.scalars(select(m.Appointment.start_date)).all()
            milestone_statuses = set(s.scalars(select(m.Milestone.status)))
            milestone_links = s.scalar(select(func.count()).select_from(m.MilestoneLink))
    finally:
        db.close()
    # The 2010-11 milestones stay on the Project Plan's dates: none is tied to a meeting
    # of the present.
    assert milestone_statuses == {"not_started"} and milestone_links == 0
    assert summary.milestone_links == 0
    assert summary.meetings == len(dates) and dates[0] >= dt.date(2026, 2, 1)
    assert dates[-1] > today
    assert min(people) == dt.date(2025, 12, 1)


def test_every_group_has_a_chair_and_standard_items_are_not_typed(
    demo: tuple[Database, DemoSummary],
) -> None:
    db, _ = demo
    with db.session_factory() as s:
        chairs = s.execute(
            select(m.Seat.group_id, func.count())
            .where(m.Seat.is_chair.is_(True), m.Seat.deleted.is_(False))
            .group_by(m.Seat.group_id)
        ).all()
        groups = s.scalar(select(func.count()).select_from(m.Group))
        typed_standard = s.scalar(
            select(func.count())
            .select_from(m.MinuteEntry)
            .join(m.AgendaItem, m.AgendaItem.id == m.MinuteEntry.agenda_item_id)
            .where(m.AgendaItem.kind.in_(STANDARD_KINDS))
        )
    # Minutes are "signed by the Chair": every group has exactly one chair seat.
    assert len(chairs) == groups and all(count == 1 for _group, count in chairs)
    # The paper writes the standard sentences from the records; typing them too would
    # print them twice.
    assert typed_standard == 0


def test_an_item_never_agrees_the_same_action_twice(demo: tuple[Database, DemoSummary]) -> None:
    db, _ = demo
    with db.session_factory() as s:
        rows = s.execute(select(m.Action.agenda_item_id, m.Action.description)).all()
    by_item: dict[str, list[str]] = defaultdict(list)
    for item_id, description in rows:
        by_item[item_id or ""].append(description)
    assert by_item
    for descriptions in by_item.values():
        if len(descriptions) <= len(demo_text.ACTIONS) // 2:
            assert len(set(descriptions)) == len(descriptions), descriptions
