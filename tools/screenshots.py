"""Render the window's views as PNGs into docs/screenshots/, for the README.

Run from anywhere:  python tools/screenshots.py  [--out DIR] [--views NAME,NAME] [--size WxH]

It fills a fresh data folder with the demonstration programme (``sen-desktop demo-data
--years 1 --from 2010-09``: the County's groups meeting monthly from September 2010, with
minutes, actions and recommendations), then asks the program itself to draw each view offscreen
(``sen-desktop --data-dir DIR --screenshot FILE --view NAME``). Nothing here draws or
arranges widgets: what the README shows is what the window shows.

Running it twice gives the same files. The demonstration data is seeded and made with
the wall clock held at the end of its year (DEMO_CLOCK_NS), the data folder always has
the same name (the status bar shows it), a PNG whose pixels have not changed is left
untouched, and a PNG for a view the program no longer has is removed. The pages that
count from today (Home, the Dashboard, the Action Plan's "today" line) change from one
day to the next, as the window does. Each
image is written to a temporary name beside its target and renamed over it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "docs" / "screenshots"
#: The demonstration data folder; a fixed name, because the window's status bar shows it.
DEMO_DIR = Path(tempfile.gettempdir()) / "SEN Secretariat demo"
#: Written into the demonstration folder so a rerun only ever deletes a folder it made.
MARKER = "made-by-tools-screenshots.txt"
DEMO_YEARS = "1"
DEMO_SEED = "2010"
#: The demonstration's first month: the Project Plan's 2010-11 programme. (By default
#: demo-data ends its meetings next month, so every picture would move month by month.)
DEMO_FROM = "2010-09"
#: The wall clock the demonstration data is made under: the end of its year (Thursday
#: 1 September 2011, 9.00 am UTC). Every change is stamped with the time it was made and
#: the Action Log's history shows it, so with the real clock one picture would differ at
#: every run, and read "raised on 7 December 2026" for an action due in October 2010.
DEMO_CLOCK_NS = 1_314_867_600 * 1_000_000_000
#: Runs ``sen-desktop ARGS`` with ``time.time_ns`` (the hybrid logical clock's wall
#: clock, core/store/hlc.py) held at DEMO_CLOCK_NS; the clock still counts on by itself.
_AT_DEMO_CLOCK = (
    "import sys, time\n"
    f"time.time_ns = lambda: {DEMO_CLOCK_NS}\n"
    "from sen_desktop.app import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
#: The screen the README's screenshots are drawn for (when the program offers --size): a
#: common laptop screen, on which the window opens at its preferred 1280 x 800.
DEFAULT_SIZE = "1440x900"
#: How long one view may take to draw before the run is stopped.
VIEW_TIMEOUT_S = 180


def program() -> list[str]:
    """The command line that runs this checkout's sen-desktop with this interpreter."""
    return [sys.executable, "-m", "sen_desktop"]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # This checkout's package, even when another copy is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run(args: Sequence[str], *, at_demo_clock: bool = False) -> subprocess.CompletedProcess[str]:
    """Run sen-desktop with ``args`` (with the wall clock held at DEMO_CLOCK_NS if
    ``at_demo_clock``); raise SystemExit with its own message on failure."""
    command = [sys.executable, "-c", _AT_DEMO_CLOCK] if at_demo_clock else program()
    done = subprocess.run(
        [*command, *args], cwd=ROOT, env=_environment(), capture_output=True, text=True,
        timeout=VIEW_TIMEOUT_S, check=False,
    )
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SystemExit(
            f"screenshots: `sen-desktop {' '.join(args)}` failed"
            + (f": {said[-1]}" if said else f" (exit {done.returncode})")
        )
    return done


def available_views() -> tuple[str, ...]:
    """The views the program can draw (the window's table of pages: plain data, no Qt)."""
    sys.path.insert(0, str(ROOT))
    try:
        from sen_desktop.gui.shell.pages import VIEWS
    finally:
        sys.path.remove(str(ROOT))
    return tuple(VIEWS)


def supports_size() -> bool:
    """Whether this version's ``--screenshot`` takes ``--size WxH``."""
    return "--size" in run(["--help"]).stdout


def fresh_demo_folder(folder: Path = DEMO_DIR) -> Path:
    """Make ``folder`` anew and fill it with the demonstration programme."""
    if folder.exists():
        if not (folder / MARKER).is_file():
            raise SystemExit(
                f"screenshots: {folder} exists and was not made by this tool; move it away."
            )
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text(
        "A demonstration data folder made by tools/screenshots.py; it is remade each run.\n",
        encoding="utf-8",
    )
    run(["--data-dir", str(folder), "demo-data", "--years", DEMO_YEARS, "--seed", DEMO_SEED,
         "--from", DEMO_FROM], at_demo_clock=True)
    return folder


def _same_image(a: Path, b: Path) -> bool:
    """True when the two PNGs hold the same pixels (compared by Qt, loaded lazily)."""
    if a.read_bytes() == b.read_bytes():
        return True
    from PySide6.QtGui import QImage

    first, second = QImage(str(a)), QImage(str(b))
    return not first.isNull() and first == second


def render(folder: Path, view: str, target: Path, size: str | None) -> bool:
    """Draw ``view`` into ``target``; True if the file changed."""
    scratch = target.with_name(f".{target.stem}.partial.png")
    args = ["--data-dir", str(folder), "--screenshot", str(scratch), "--view", view]
    if size is not None:
        args += ["--size", size]
    try:
        run(args)
        if target.exists() and _same_image(scratch, target):
            return False
        with scratch.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(scratch, target)
        return True
    finally:
        scratch.unlink(missing_ok=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tools/screenshots.py",
        description="Render the window's views as PNGs (docs/screenshots/ by default).",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, metavar="DIR",
                        help="folder for the PNGs (default: docs/screenshots)")
    parser.add_argument("--views", default="", metavar="NAME,NAME",
                        help="only these views (default: every view the program has)")
    parser.add_argument("--size", default=DEFAULT_SIZE, metavar="WxH",
                        help=f"the screen to draw for (default {DEFAULT_SIZE})")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    every = available_views()
    chosen = [v.strip() for v in args.views.split(",") if v.strip()] or list(every)
    unknown = [v for v in chosen if v not in every]
    if unknown:
        raise SystemExit(f"screenshots: no view {', '.join(unknown)}; "
                         f"choose from {', '.join(every)}.")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    size = args.size if supports_size() else None
    folder = fresh_demo_folder()
    for view in chosen:
        changed = render(folder, view, out / f"{view}.png", size)
        print(f"{view}: {'written' if changed else 'unchanged'}")
    if not args.views:  # a full run: drop pictures of views the program no longer has
        for stale in sorted(out.glob("*.png")):
            if stale.stem not in every:
                stale.unlink()
                print(f"{stale.stem}: removed (no such view)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
