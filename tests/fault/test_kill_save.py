"""SIGKILL during a loop of saves through the services (issue 14, fault injection).

The child creates a person and saves a minute's text, round after round, printing each
commit after the service returned. Each kill lands at a random point (inside a
transaction, between two, during the write-ahead log's checkpoint); after it the next
start finds a sound database holding every person and the latest minute reported saved.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fault_child import minute_text, person_name  # noqa: E402
from fault_helpers import (  # noqa: E402
    assert_no_litter,
    child_command,
    count_kills,
    describe,
    integrity_ok,
    kill_at_random,
    next_start,
    tree,
)

if TYPE_CHECKING:
    from fault_helpers import KillRun

pytestmark = pytest.mark.slow

KILLS = 12
#: Kills land from just after the folder opened to well into the loop (hundreds of rounds).
WINDOW = (0.0, 1.5)


def _make_item(folder: Path) -> str:
    from sen_desktop.core.meetings.service import MeetingService
    from sen_desktop.core.programme import seed
    from sen_desktop.core.store.datafolder import open_programme

    db = open_programme(folder, daily_backup=False)
    try:
        meetings = MeetingService(db.session_factory)
        meeting = meetings.schedule(seed.group_id("SG"), dt.date(2011, 3, 2))
        return meetings.add_agenda_item(meeting.id, "Outreach from special schools").id
    finally:
        db.close()


def _saved(folder: Path, item_id: str) -> tuple[set[str], str]:
    from sen_desktop.core.minutes.service import MinutesService
    from sen_desktop.core.people.service import PeopleService
    from sen_desktop.core.store.datafolder import open_programme

    db = open_programme(folder, daily_backup=False)
    try:
        names = {p.full_name for p in PeopleService(db.session_factory).list_people("Saved")}
        return names, MinutesService(db.session_factory).text(item_id)
    finally:
        db.close()


def test_killed_saves_keep_everything_reported_saved(data_dir: Path) -> None:
    item_id = _make_item(data_dir)
    next_start(data_dir)
    expected = tree(data_dir)
    rng = random.Random()
    runs: list[KillRun] = []
    reported_people: set[str] = set()
    while count_kills(runs) < KILLS:
        assert len(runs) < 2 * KILLS, f"the kills did not land: {describe(runs)}"
        run = kill_at_random(child_command("save", data_dir, item_id), None, rng, WINDOW)
        runs.append(run)
        assert run.killed, f"the save loop ended by itself: {run.stderr[-2000:]}"

        next_start(data_dir)
        integrity_ok(data_dir)
        people, text = _saved(data_dir, item_id)
        reported_people |= {person_name(int(line.split()[1])) for line in run.said("person")}
        assert reported_people <= people, (
            f"saved people lost after a kill at {run.delay:.2f}s: "
            f"{sorted(reported_people - people)[:5]}"
        )
        minutes = [int(line.split()[1]) for line in run.said("minute")]
        if minutes:
            # The latest text reported saved, or the one being saved when the kill came.
            assert text in {minute_text(minutes[-1]), minute_text(minutes[-1] + 1)}, (
                f"after a kill at {run.delay:.2f}s the minute reads {text!r}, "
                f"but round {minutes[-1]} was reported saved"
            )
        assert_no_litter(data_dir, expected, run.delay)
    assert len(reported_people) > KILLS, "the kills came before anything was saved"
