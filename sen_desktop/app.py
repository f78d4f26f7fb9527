"""The command line: ``sen-desktop`` opens the window, subcommands serve automation.

Start-up is kept fast on purpose: this module imports only the standard library,
``sen_desktop.core.errors`` and the window's table of pages (``gui/shell/pages.py``, plain
data) at load time. SQLAlchemy, Alembic and PySide6 load inside the
command that needs them, so ``sen-desktop --help`` and argument errors answer at once and
``sen-desktop check`` never loads Qt (tests/test_layering.py holds us to this).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from sen_desktop import __version__
from sen_desktop.core.errors import SenError

# The names `--view NAME` accepts, written once: the window's table of pages is plain
# data, importing neither PySide6 nor SQLAlchemy.
from sen_desktop.gui.shell.pages import VIEWS

PROG = "sen-desktop"

#: The screens ``--size`` accepts, smallest and largest (a netbook to an 8K monitor).
SCREEN_MIN, SCREEN_MAX = (640, 480), (7680, 4320)

# Exit codes: 0 success, 1 a check that ran and found a problem, 2 a usage or data error
# a person must correct (the convention argparse already follows for bad arguments).
EXIT_OK = 0
EXIT_USAGE = 2

Command = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr, never a usage dump.

    A secretary or a support script reads the one sentence; ``--help`` has the rest.
    """

    def error(self, message: str) -> NoReturn:
        one_line = " ".join(message.split())
        self.exit(EXIT_USAGE, f"{PROG}: error: {one_line}\n")


def screen_size(text: str) -> tuple[int, int]:
    """``--size``: "1366x768" → (1366, 768)."""
    width, sep, height = text.strip().lower().replace("×", "x").partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a screen size; write it as width x height, like 1366x768"
        )
    size = (int(width), int(height))
    fits = all(low <= n <= high for low, n, high in zip(SCREEN_MIN, size, SCREEN_MAX, strict=True))
    if not fits:
        raise argparse.ArgumentTypeError(
            f"{text} is outside the screens this draws ({SCREEN_MIN[0]}x{SCREEN_MIN[1]} "
            f"to {SCREEN_MAX[0]}x{SCREEN_MAX[1]})"
        )
    return size


def screen_scale(text: str) -> float:
    """``--scale``: "1.25" or "125%" → 1.25."""
    cleaned = text.strip()
    try:
        value = float(cleaned[:-1]) / 100 if cleaned.endswith("%") else float(cleaned)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a scaling; write it like 1.25 or 125%"
        ) from None
    if not 1.0 <= value <= 3.0:
        raise argparse.ArgumentTypeError(f"{text} is outside 1 to 3 (100% to 300%)")
    return value


def _default_data_dir() -> Path:
    # datafolder imports platformdirs only; imported here so `--help` stays instant.
    from sen_desktop.core.store.datafolder import default_data_dir

    return default_data_dir()


class _NotTheWindow(Exception):
    """The arguments are not the window's alone (a command, help, or a mistake)."""


class _WindowOnly(_Parser):
    """The window's options without the commands: refuses quietly, for ``main`` to ask
    the whole command line instead."""

    def error(self, message: str) -> NoReturn:
        raise _NotTheWindow(message)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; later subcommands add a ``_add_…`` call below."""
    parser = _window_options(_Parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", prog=PROG)
    # `check` (issue 13: a folder with no database is left as it is); cli/check.py loads
    # only the standard library here.
    from sen_desktop.cli.check import add_check_command

    add_check_command(commands)
    # `backup` (issue 14): a compressed, checked backup now; cli/backup.py loads only the
    # standard library here.
    from sen_desktop.cli.backup import add_backup_command

    add_backup_command(commands)
    # `demo-data` (issue 4; issue 14: a killed run can be run again); cli/demo.py loads only
    # the standard library here.
    from sen_desktop.cli.demo import add_demo_command

    add_demo_command(commands)
    # `paper` and `list` (issue 5); cli_papers loads only the standard library here.
    from sen_desktop.cli.papers import add_paper_commands

    add_paper_commands(commands)
    # `consultation list|import-responses|counts` (issue 15); cli/consultations.py loads only
    # the standard library here.
    from sen_desktop.cli.consultations import add_consultation_commands

    add_consultation_commands(commands)
    # `bundle` (issue 6); cli_sync loads only the standard library here.
    from sen_desktop.cli.sync import add_bundle_commands

    add_bundle_commands(commands)
    # `programme` and `laptop` (issue 10): enrolment; cli_trust loads only the standard library.
    from sen_desktop.cli.trust import add_trust_commands

    add_trust_commands(commands)
    _add_reference_commands(commands)
    # `restore [BACKUP]` (issue 14); cli/restore.py loads only the standard library here.
    from sen_desktop.cli.restore import add_restore_command

    add_restore_command(commands)
    return parser


def _window_options(cls: type[_Parser]) -> _Parser:
    """The top-level parser and the window's options (no command: open the window)."""
    parser = cls(
        prog=PROG,
        # argparse would print `COMMAND ...` as if a command were required.
        usage="%(prog)s [options] [COMMAND]",
        description=(
            "SEN Secretariat: the groups, meetings, minutes, actions, recommendations and "
            "Word papers of the County's SEN Strategy programme, exchanged between laptops "
            "as signed bundles. With no command, opens the main window."
        ),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        default=None,
        help="use the data folder DIR (default: your user data folder)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        type=Path,
        default=None,
        help="write the window to the PNG file FILE offscreen and exit",
    )
    parser.add_argument(
        "--view",
        metavar="NAME",
        choices=VIEWS,
        default=None,
        help=f"open on the view NAME ({', '.join(VIEWS)})",
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        type=screen_size,
        default=None,
        help="with --screenshot: draw the window as a W x H screen shows it on first start "
        "(e.g. 1366x768, a common council laptop; a taskbar is allowed for)",
    )
    parser.add_argument(
        "--scale",
        metavar="S",
        type=screen_scale,
        default=1.0,
        help="with --screenshot: the screen's scaling, 1 to 3 (1.25 or 125%% for Windows' "
        "125 %%); the PNG keeps the screen's own pixels",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.set_defaults(command=_run_window)
    return parser


def _window_parser(arguments: Sequence[str]) -> argparse.ArgumentParser | None:
    """A parser of the window's options alone when ``arguments`` name no command and ask
    no help, else None. Opening the window then builds none of the commands' parsers
    (their modules load for nothing: time before the window's first paint)."""
    if any(a in ("-h", "--help") or a.startswith("--h") for a in arguments):
        return None
    if "--version" in arguments and any(
        not a.startswith("-") for a in arguments[: arguments.index("--version")]
    ):
        return None  # a command's own --version (`paper policy --version 2`), or after a value
    try:
        _known, rest = _window_options(_WindowOnly).parse_known_args(arguments)
    except _NotTheWindow:  # a mistake: the whole command line words the refusal
        return None
    # The same options again, refusing out loud (main's own checks after parsing).
    return None if rest else _window_options(_Parser)


def _add_reference_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    # `references` and `renumber`: clashing meeting, minute, action and recommendation numbers.
    from sen_desktop.cli.references import add_reference_commands

    add_reference_commands(commands)


def _run_window(args: argparse.Namespace) -> int:
    # Lazy: the only place the command line loads PySide6.
    from sen_desktop.gui.common.failures import failure_hook
    from sen_desktop.gui.shell.main import run_gui

    # An error no page handled (a slot's, a timer's) is shown in a box, in one sentence
    # when the surroundings caused it, and logged without SQL or data.
    with failure_hook(args.data_dir):
        return run_gui(args.data_dir, screenshot=args.screenshot, view=args.view,
                       size=args.size, scale=args.scale)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = _window_parser(arguments) or build_parser()
    args = parser.parse_args(arguments)
    command: Command = args.command
    if command is not _run_window and (args.screenshot is not None or args.view is not None):
        parser.error("--screenshot and --view apply to the window, not to a command")
    if args.screenshot is None and (args.size is not None or args.scale != 1.0):
        parser.error("--size and --scale apply to --screenshot only")
    if args.data_dir is None:
        args.data_dir = _default_data_dir()
    try:
        code = command(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
        return code
    except BrokenPipeError:
        # The reader stopped reading (`| head -1`): end quietly like the shell's own tools.
        # stdout is pointed at devnull so Python's final flush cannot complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_OK
    except SenError as error:
        # The core's messages are sentences a person can act on: print just that.
        print(f"{PROG}: {' '.join(error.message.split())}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        # A read-only folder or file, a full disk, another program's lock, a damaged
        # file: one sentence and exit 2, never a traceback holding SQL or people's data.
        sentence = _environment_failure(error, args.data_dir)
        if sentence is None:
            raise  # a bug: the traceback is for the developers
        print(f"{PROG}: {sentence}", file=sys.stderr)
        return EXIT_USAGE


def _environment_failure(error: Exception, data_dir: Path) -> str | None:
    """core/store/failures.py's sentence for ``error`` (the database in ``data_dir`` is
    the file meant when the error names none), or None when it is not the surroundings'."""
    from sen_desktop.core.store.datafolder import DATABASE_NAME
    from sen_desktop.core.store.failures import describe_failure

    sentence = describe_failure(error, path=Path(data_dir) / DATABASE_NAME)
    return " ".join(sentence.split()) if sentence is not None else None


__all__ = ["EXIT_OK", "EXIT_USAGE", "PROG", "VIEWS", "build_parser", "main", "screen_scale",
           "screen_size"]


if __name__ == "__main__":  # pragma: no cover - `python -m sen_desktop` is the entry
    sys.exit(main())
