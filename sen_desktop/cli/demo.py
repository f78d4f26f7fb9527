"""`sen-desktop demo-data`: fill an empty data folder with a synthetic programme.

The demo is written in one transaction (``core/demo/service.py``), so a run stopped any
way at all -- Ctrl+C, a closed terminal, ``kill -9``, a power cut -- leaves the folder as
it was before: the same command can simply be run again there and starts from the
beginning. A folder that already holds meetings (a finished demo, or real work) is
refused in one sentence with exit 2 and nothing written, and the sentence says what to
do instead.

Only the standard library loads with this module; the store loads when the command runs.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from sen_desktop.core.demo.records import DemoSummary

PROG = "sen-desktop"
EXIT_OK = 0
EXIT_USAGE = 2


def add_demo_command(commands: Any) -> None:
    """Add ``demo-data`` to the command line's subparsers."""
    demo = commands.add_parser(
        "demo-data",
        help="fill an empty data folder with a synthetic programme (for demos and benchmarks)",
        description=(
            "Fill the data folder with a realistic synthetic programme: people in every "
            "seat, monthly meetings of every group (from September 2010 with --from 2010-09; "
            "by default they end next month, so last month's are held) with agendas, "
            "attendance, minutes, resolutions and an action log; recommendations with "
            "their decisions (chairs' decisions signed) and the Action Plan's links. "
            "The folder must hold no meetings yet. Everything is written at once at the "
            "end, so a run that was stopped or killed leaves the folder as it was: run the "
            "same command again."
        ),
    )
    demo.add_argument(
        "--years", metavar="N", type=int, required=True, help="years of meetings (1 to 20)"
    )
    demo.add_argument(
        "--scale",
        # Not `scale`: that is the window's --scale, which main() checks.
        dest="demo_scale",
        metavar="K",
        type=int,
        default=1,
        help="K-1 task and finish groups per group, each meeting monthly (default 1)",
    )
    demo.add_argument(
        "--seed", metavar="S", type=int, default=2010, help="random seed (default 2010)"
    )
    demo.add_argument(
        "--from",
        dest="start",
        metavar="YYYY-MM",
        default=None,
        help="first month of meetings, e.g. 2010-09 for the 2010-11 programme "
        "(default: the meetings end next month, so last month's are held)",
    )
    demo.set_defaults(command=run_demo_data)


def run_demo_data(args: argparse.Namespace) -> int:
    from sen_desktop.core.demo.plan import parse_start
    from sen_desktop.core.demo.service import demo_plan, generate, has_meetings
    from sen_desktop.core.progress import Progress
    from sen_desktop.sync.laptop import open_laptop

    # Check the numbers before the folder is created or opened.
    start = parse_start(args.start, args.years)
    demo_plan(args.years, args.demo_scale, args.seed, start=start)
    started = time.monotonic()
    db = open_laptop(args.data_dir)
    try:
        if has_meetings(db.session_factory):
            print(f"{PROG}: {occupied_folder(args.data_dir)}", file=sys.stderr)
            return EXIT_USAGE
        shown = [-1]

        def progress(done: int, total: int) -> None:
            percent = 100 * done // max(total, 1)
            if percent // 5 != shown[0] // 5 or done == total:
                shown[0] = percent
                print(f"  {done:,} of {total:,} meetings ({percent}%)", file=sys.stderr,
                      flush=True)

        summary = generate(db, args.years, args.demo_scale, args.seed,
                           Progress(lambda done, total, _label: progress(done, total)),
                           start=start)
    finally:
        db.close()
    print(created(summary, time.monotonic() - started))
    return EXIT_OK


def occupied_folder(folder: object) -> str:
    """The refusal of a folder that already holds meetings: one sentence, what to do."""
    return (
        f"The data folder {folder} already holds meetings, so demo data was not added; "
        "use an empty data folder (for example --data-dir with a new folder's name)."
    )


def created(summary: DemoSummary, elapsed: float) -> str:
    minutes, seconds = divmod(round(elapsed), 60)
    took = f"{minutes} min {seconds} s" if minutes else f"{elapsed:.1f} s"
    return (
        f"Created {summary.meetings:,} meetings, {summary.actions:,} actions, "
        f"{summary.action_updates:,} action updates, {summary.resolutions:,} resolutions, "
        f"{summary.recommendations:,} recommendations ({summary.recommendation_events:,} "
        f"decisions and submissions) and {summary.people:,} people in {took}."
    )
