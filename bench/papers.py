"""Benchmarks for the Word papers: a 40-item meeting's minutes, a 20-paper pack and the
action log of a 100,000-action programme.

- Minutes: ``render_minutes`` and the .docx bytes of a meeting of 40 agenda items (three
  paragraphs, two resolutions and an action each), against bare python-docx writing the
  same paragraphs and tables (the text read back from our paper) into its default
  document, in the same run. The issue's bar: within 2x.
- Pack: ``pack_paper`` of 20 papers (minutes, action logs, recommendations of the
  one-year demo programme) without LibreOffice's layout, against bare docxcompose
  appending the same 20 rendered papers; the layout for the contents' page numbers is
  timed once and printed below the table, with the pack's peak memory.
- Action log: ``gather`` + ``render_action_log`` + bytes for every group of the ten-year
  demo at scale 10 (about 107,000 actions), against bare python-docx writing a table of
  the same rows, each in a child process limited to 8 GB; time and peak memory printed.
  ``--quick`` uses the one-year demo.

Peak memory is the peak resident memory (VmHWM) of a child process doing the job once.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import NOTES, REPO, Comparison, Workspace, benchmark, measure
from bench.demo_data import demo_database, demo_size

if TYPE_CHECKING:
    from collections.abc import Callable

# --quick (the test suite's smoke run): the one-year demo, a 5-paper pack, no layout.
QUICK = os.environ.get("SEN_BENCH_QUICK") == "1"
ITEMS = 40
PACK_PAPERS = 5 if QUICK else 20
YEARS, SCALE = demo_size(10, 10)
DAY = dt.date(2011, 7, 6)  # the pack's date
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _child_figures(space: Workspace, job: str, folder: Path) -> dict[str, float]:
    """Run ``job`` once in a child process (so the peak resident memory is its own):
    its seconds and peak resident kilobytes (VmHWM)."""
    env = dict(space.env)
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-c", "from bench.papers import child_main; child_main()", job,
         str(folder)],
        env=env, cwd=REPO, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the {job} memory run failed: {result.stderr[-2000:]}")
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def _high_water_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


#: A child may not grow past this (address space): a runaway paper fails the benchmark
#: with MemoryError instead of starving the machine.
CHILD_MEMORY_LIMIT = 8 * 1024**3


def child_main() -> None:
    """In the child: ``job`` on the data folder, once: "pack", "action-log" (ours) or
    "action-log-bare" (bare python-docx writing the same rows, read from ours untimed)."""
    job, folder = sys.argv[1], Path(sys.argv[2])
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_LIMIT, CHILD_MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass
    db, sv = _open(folder)
    extra: dict[str, int] = {}
    try:
        if job == "pack":
            work = _pack_job(sv, folder)
        elif job == "action-log":
            work = _log_job(sv)
        else:
            from sen_desktop.papers import action_log

            document = action_log.render_action_log(action_log.gather(sv, None, False), "x")
            blocks = _blocks(document)
            del document
            extra["rows"] = sum(len(v) for k, v in blocks if k == "tbl")

            def work() -> bytes:
                return _bare_docx(blocks)

        start_kb = _high_water_kb()
        began = time.perf_counter()
        work()
        seconds = time.perf_counter() - began
    finally:
        db.close()
    print(json.dumps(
        {"seconds": seconds, "peak_kb": _high_water_kb(), "start_kb": start_kb, **extra}
    ))


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB"


def _blocks(document: Any) -> list[tuple[str, list[list[str]] | str]]:
    """The body as ("p", text) and ("tbl", rows of cell texts), in order."""
    out: list[tuple[str, list[list[str]] | str]] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            out.append(("p", "".join(t.text or "" for t in block.iter(f"{_W}t"))))
        elif block.tag == f"{_W}tbl":
            rows = [
                ["".join(t.text or "" for t in tc.iter(f"{_W}t")) for tc in tr.iter(f"{_W}tc")]
                for tr in block.iter(f"{_W}tr")
            ]
            out.append(("tbl", rows))
    return out


def _bare_docx(blocks: list[tuple[str, list[list[str]] | str]]) -> bytes:
    """What bare python-docx does to write the same paragraphs and tables."""
    import docx

    document = docx.Document()
    for kind, value in blocks:
        if kind == "p":
            assert isinstance(value, str)
            document.add_paragraph(value)
        else:
            assert isinstance(value, list)
            width = max((len(row) for row in value), default=1)
            grid = document.add_table(rows=0, cols=width)
            for row in value:
                for cell, text in zip(grid.add_row().cells, row, strict=False):
                    cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _forty_item_meeting(data_dir: Path) -> tuple[Any, Any, str]:
    from sen_desktop.core.programme import seed
    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.papers.output import PaperServices

    db = open_programme(data_dir)
    sv = PaperServices.from_session_factory(db.session_factory)
    group_id = seed.group_id("BESD")
    day = dt.date(2010, 10, 6)
    seats = sv.programme.group(group_id, on=day).seats[:8]  # (a group has more)
    people = [sv.people.create(f"Member {n}", organisation="School").id for n in range(8)]
    for seat, person in zip(seats, people, strict=True):
        sv.people.appoint(seat.id, person, dt.date(2010, 1, 1))
    meeting = sv.meetings.schedule(
        group_id, day, dt.time(14, 0), dt.time(16, 0), "Sessions House, Maidstone"
    )
    for person in people:
        sv.meetings.set_attendance(meeting.id, person, "present")
    for n in range(ITEMS):
        item = sv.meetings.add_agenda_item(meeting.id, f"Item {n + 1}: outreach in district {n}")
        sv.minutes.save_text(
            item.id,
            f"The officer introduced the paper on district {n}.\n"
            "Members asked about travel times, the cost of transport and the waiting list.\n"
            "The chair summed up the discussion and thanked the officer.",
        )
        sv.minutes.add_resolution(item.id, "the report be noted;")
        sv.minutes.add_resolution(item.id, f"a pilot start in district {n} in January 2011.")
        sv.actions.create(
            group_id, f"Cost the pilot in district {n}", owner_id=people[n % len(people)],
            due_date=day + dt.timedelta(days=28), meeting_id=meeting.id,
            agenda_item_id=item.id,
        )
    sv.meetings.set_status(meeting.id, "held")
    return db, sv, meeting.id


@benchmark(
    "minutes of a 40-item meeting",
    ours="render_minutes + .docx bytes",
    baseline="bare python-docx, same paragraphs and tables",
)
def minutes_40(space: Workspace) -> Comparison:
    from sen_desktop.papers.minutes import render_minutes
    from sen_desktop.papers.output import docx_bytes

    folder = Path(tempfile.mkdtemp(prefix="sen-bench-minutes-"))
    db, sv, meeting_id = _forty_item_meeting(folder / "data")
    try:
        def ours() -> bytes:
            return docx_bytes(render_minutes(sv, meeting_id))

        blocks = _blocks(render_minutes(sv, meeting_id))
        if sum(1 for kind, _ in blocks if kind == "p") < ITEMS * 4:
            raise RuntimeError("the minutes lack the paragraphs of 40 items")
        result = Comparison(
            measure(ours, space.repeat), measure(lambda: _bare_docx(blocks), space.repeat)
        )
        NOTES.append(
            f"minutes of a 40-item meeting: {result.ratio:.2f}x bare python-docx "
            f"({'within' if result.ratio <= 2 else 'NOT within'} the 2x bar)"
        )
        return result
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)


def _demo_copy(years: int, scale: int) -> Path:
    """A copy of the demo data folder to write papers into (the cache stays read-only)."""
    source = demo_database(years, scale)
    folder = Path(tempfile.mkdtemp(prefix="sen-bench-papers-"))
    shutil.copy2(source, folder / source.name)
    return folder


def _open(folder: Path) -> tuple[Any, Any]:
    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.papers.output import PaperServices

    db = open_programme(folder)
    return db, PaperServices.from_session_factory(db.session_factory)


_HELD = ("held", "minutes_draft", "checked", "circulated", "confirmed")


def _pack_items(sv: Any) -> list[tuple[str, str | None]]:
    from sqlalchemy import select

    from sen_desktop.core.store.models import Group, Meeting, Recommendation

    with sv.session_factory() as s:
        held = s.scalars(
            select(Meeting.id)
            .where(Meeting.deleted.is_(False), Meeting.status.in_(_HELD))
            .order_by(Meeting.date)
            .limit(12)
        ).all()
        groups = s.scalars(select(Group.id).where(Group.deleted.is_(False)).limit(4)).all()
        recs = s.scalars(
            select(Recommendation.id).where(Recommendation.deleted.is_(False)).limit(4)
        ).all()
    items: list[tuple[str, str | None]] = [("minutes", m) for m in held]
    items += [("action_log", g) for g in groups] + [("recommendation", r) for r in recs]
    return items[:PACK_PAPERS]


def _pack_job(sv: Any, folder: Path) -> Callable[[], object]:
    from sen_desktop.papers import pack

    items = _pack_items(sv)
    if len(items) < PACK_PAPERS:
        raise RuntimeError(f"the demo has only {len(items)} papers for the pack")
    return lambda: pack.pack_paper(
        sv, "SMT papers", "Senior Management Team", DAY, items,
        folder / "pack.docx", page_numbers=False,
    )


def _log_job(sv: Any) -> Callable[[], bytes]:
    from sen_desktop.papers import action_log
    from sen_desktop.papers.output import docx_bytes

    def job() -> bytes:
        log = action_log.gather(sv, None, False)
        return docx_bytes(action_log.render_action_log(log, sv.authority()))

    return job


@benchmark(
    "pack of 20 papers",  # 5 under --quick
    ours="pack_paper (no LibreOffice layout)",
    baseline="the same 20 papers, bare docxcompose",
)
def pack_20(space: Workspace) -> Comparison:
    from docxcompose.composer import Composer

    from sen_desktop.papers import pack, pack_pages

    folder = _demo_copy(1, 1)
    db, sv = _open(folder)
    try:
        items = _pack_items(sv)
        ours = _pack_job(sv, folder)

        def bare() -> bytes:
            docs = [pack._render(sv, kind, ref, False, None, DAY).document for kind, ref in items]
            composer = Composer(docs[0])
            for doc in docs[1:]:
                composer.append(doc)
            buffer = io.BytesIO()
            composer.save(buffer)
            return buffer.getvalue()

        warm = 0 if QUICK else 1
        result = Comparison(
            measure(ours, space.repeat, warm), measure(bare, space.repeat, warm)
        )
        if pack_pages.find_soffice() is not None and not QUICK:
            start = time.perf_counter()
            record = pack.pack_paper(
                sv, "SMT papers", "Senior Management Team", DAY, items,
                folder / "laid-out.docx",
            )
            NOTES.append(
                f"pack of {PACK_PAPERS} papers with LibreOffice numbering the contents: "
                f"{time.perf_counter() - start:.2f} s ({record.page_numbers})"
            )
    finally:
        db.close()
    try:
        figures = _child_figures(space, "pack", folder)
        NOTES.append(
            f"pack of {len(items)} papers: {figures['seconds']:.2f} s in a fresh process, peak "
            f"{figures['peak_kb'] / 1024:,.0f} MB resident (the interpreter and the "
            f"programme open: {figures['start_kb'] / 1024:,.0f} MB)"
        )
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@benchmark(
    "action log of every action",
    ours="gather + render_action_log + bytes",
    baseline="bare python-docx table of the same rows",
)
def action_log_all(space: Workspace) -> Comparison:
    """Each run in a child process of its own (ours, then the bare baseline), so that a
    100,000-row document is never held twice and each peak memory is its own."""
    from sqlalchemy import func, select

    from sen_desktop.core.store.models import Action

    folder = _demo_copy(YEARS, SCALE)
    db, sv = _open(folder)
    try:
        with sv.session_factory() as s:
            count = s.scalar(select(func.count()).select_from(Action)) or 0
    finally:
        db.close()
    try:
        repeat = min(space.repeat, 2) if count > 10_000 else space.repeat
        ours = [_child_figures(space, "action-log", folder) for _ in range(repeat)]
        bare = [_child_figures(space, "action-log-bare", folder) for _ in range(repeat)]
        peak = max(f["peak_kb"] for f in ours) / 1024
        NOTES.append(
            f"action log of {count:,} actions ({int(bare[0]['rows']):,} table rows): "
            f"{min(f['seconds'] for f in ours):.2f} s, peak {peak:,.0f} MB resident "
            f"(bare python-docx: {max(f['peak_kb'] for f in bare) / 1024:,.0f} MB)"
        )
        return Comparison([f["seconds"] for f in ours], [f["seconds"] for f in bare])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
