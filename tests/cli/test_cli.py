"""The command line as a person or a script meets it: real processes, real exit codes.

Every run is a fresh ``python -m sen_desktop`` with its own HOME and data folder, so
the folder lock, start-up imports and exit codes are the ones a user gets.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from sen_desktop.app import VIEWS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 180  # seconds; a first start creates and seeds the database


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def out_lines(self) -> list[str]:
        return self.stdout.splitlines()

    @property
    def err_lines(self) -> list[str]:
        return self.stderr.splitlines()


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a person with no settings, no keyring and no screen."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "HOME": str(home),
            "USERPROFILE": str(home),
            "APPDATA": str(home / "AppData" / "Roaming"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "COLUMNS": "100",
        }
    )
    return env


def run_cli(
    env: dict[str, str], *args: str | Path, preexec: Callable[[], None] | None = None
) -> Run:
    result = subprocess.run(
        [sys.executable, "-m", "sen_desktop", *map(str, args)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        preexec_fn=preexec,
    )
    return Run(result.returncode, result.stdout, result.stderr)


# --- arguments -------------------------------------------------------------------------


def test_help_lists_every_option_and_command(cli_env: dict[str, str]) -> None:
    run = run_cli(cli_env, "--help")
    assert run.returncode == 0, run.stderr
    for word in ("check", "--data-dir", "--screenshot", "--view", "--version", *VIEWS):
        assert word in run.stdout
    # Each command is listed on a line of its own with a sentence about it.
    check_lines = [line for line in run.out_lines if line.split()[:1] == ["check"]]
    assert len(check_lines) == 1 and len(check_lines[0].split()) > 3


def test_version(cli_env: dict[str, str]) -> None:
    run = run_cli(cli_env, "--version")
    assert run.returncode == 0
    assert run.stdout.startswith("sen-desktop ")


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (("--bogus",), "--bogus"),
        (("--view", "nonsense"), "nonsense"),
        (("no-such-command",), "no-such-command"),
        (("check", "--bogus"), "--bogus"),
        (("--screenshot", "x.png", "check"), "--screenshot"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    cli_env: dict[str, str], args: tuple[str, ...], mentions: str
) -> None:
    run = run_cli(cli_env, *args)
    assert run.returncode == 2
    assert run.stdout == ""
    assert len(run.err_lines) == 1, run.stderr
    assert run.err_lines[0].startswith("sen-desktop: error: ")
    assert mentions in run.err_lines[0]


def test_installed_entry_point_is_the_same_program(cli_env: dict[str, str]) -> None:
    # `pip install` puts the `sen-desktop` script beside the interpreter's scripts.
    scripts = Path(sysconfig.get_path("scripts"))
    candidates = [scripts / "sen-desktop", scripts / "sen-desktop.exe"]
    script = next((c for c in candidates if c.exists()), None)
    assert script is not None, f"no sen-desktop script in {scripts}: run pip install -e ."
    result = subprocess.run(
        [str(script), "--version"],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == run_cli(cli_env, "--version").stdout.strip()


# --- check -----------------------------------------------------------------------------


def test_check_on_a_fresh_folder_prints_one_ok_line(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "fresh"
    folder.mkdir()
    run = run_cli(cli_env, "--data-dir", folder, "check")
    assert run.returncode == 0, run.stderr
    assert len(run.out_lines) == 1, run.stdout
    assert run.out_lines[0].startswith("OK: no database"), run.stdout
    assert list(folder.iterdir()) == [], "check leaves a new folder as it found it"
    # Once the program has made its database there, check opens it and agrees.
    subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from sen_desktop.sync.laptop import open_laptop; "
         "open_laptop(Path(sys.argv[1])).close()", str(folder)],
        cwd=REPO, env=cli_env, check=True, timeout=TIMEOUT,
    )
    again = run_cli(cli_env, "--data-dir", folder, "check")
    assert again.returncode == 0, again.stderr
    assert again.out_lines[0].startswith("OK: 6 groups"), again.stdout


def test_check_uses_the_default_folder_without_data_dir(cli_env: dict[str, str]) -> None:
    run = run_cli(cli_env, "check")
    assert run.returncode == 0, run.stderr
    assert run.out_lines[0].startswith("OK: no database"), run.stdout
    home = Path(cli_env["HOME"])
    assert str(home) in run.out_lines[0], "the default data folder is under HOME"
    assert not list(home.rglob("sen.sqlite3")), "the default folder is reported, not created"


def test_check_does_not_load_qt(cli_env: dict[str, str], tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from sen_desktop.app import main\n"
        "code = main(['--data-dir', sys.argv[1], 'check'])\n"
        "assert 'PySide6' not in sys.modules, 'check loaded Qt'\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        cwd=REPO,
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_check_refuses_a_file_that_is_not_a_database(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "text"
    folder.mkdir()
    database = folder / "sen.sqlite3"
    database.write_text("Minutes of the Steering Group, typed into the wrong file.\n")
    before = database.read_bytes()
    run = run_cli(cli_env, "--data-dir", folder, "check")
    assert run.returncode == 2
    assert len(run.err_lines) == 1, run.stderr
    assert run.err_lines[0].startswith("sen-desktop: ")
    assert "Traceback" not in run.stderr
    assert database.read_bytes() == before


@pytest.fixture
def held_folder(tmp_path: Path, cli_env: dict[str, str]) -> Iterator[Path]:
    """A data folder whose lock another process holds until the test ends."""
    folder = tmp_path / "held"
    folder.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from sen_desktop.core.store.datafolder import DataFolder\n"
            "DataFolder(Path(sys.argv[1])).lock()\n"
            "print('locked', flush=True)\n"
            "time.sleep(120)\n",
            str(folder),
        ],
        cwd=REPO,
        env=cli_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline()
        assert line.strip() == "locked", holder.stderr.read() if holder.stderr else ""
        yield folder
    finally:
        holder.kill()
        holder.wait(timeout=30)
        for stream in (holder.stdout, holder.stderr):
            if stream is not None:
                stream.close()


def test_a_second_instance_is_refused(cli_env: dict[str, str], held_folder: Path) -> None:
    run = run_cli(cli_env, "--data-dir", held_folder, "check")
    assert run.returncode == 2
    assert len(run.err_lines) == 1, run.stderr
    assert "already using" in run.err_lines[0]
    assert run.err_lines[0].startswith("sen-desktop: ")


def test_the_lock_dies_with_its_process(cli_env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "crashed"
    folder.mkdir()
    # A process that takes the lock and is killed must not leave the folder refused.
    holder = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys\n"
            "from pathlib import Path\n"
            "from sen_desktop.core.store.datafolder import DataFolder\n"
            "DataFolder(Path(sys.argv[1])).lock()\n"
            "os._exit(9)\n",
            str(folder),
        ],
        cwd=REPO,
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert holder.returncode == 9, holder.stderr
    run = run_cli(cli_env, "--data-dir", folder, "check")
    assert run.returncode == 0, run.stderr


def test_a_commands_own_version_option_is_not_the_programs(cli_env: dict[str, str]) -> None:
    from sen_desktop.app import _window_parser

    # `paper policy --version 2` (issue 15) names a policy's version, not the program's.
    assert _window_parser(["paper", "policy", "--version", "2"]) is None
    assert _window_parser(["--data-dir", "x", "--version"]) is None  # the full parser answers
    run = run_cli(cli_env, "--data-dir", "x", "--version")
    assert run.returncode == 0 and run.stdout.startswith("sen-desktop ")


# --- bad surroundings (issue 14): one sentence, exit 2, nothing changed, nothing personal --


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """A data folder as the program leaves it (database, lock file) holding a person."""
    from failure_helpers import add_person

    from sen_desktop.core.store.datafolder import open_programme

    folder = tmp_path / "programme"
    db = open_programme(folder)
    try:
        add_person(db.session_factory)
    finally:
        db.close()
    return folder


def refused_in_one_sentence(run: Run, start: str) -> str:
    from failure_helpers import assert_no_personal_data

    assert run.returncode == 2, run.stderr  # not 1: that is "check found a problem"
    assert run.stdout == ""
    assert len(run.err_lines) == 1, run.stderr
    assert run.err_lines[0].startswith(f"sen-desktop: {start}"), run.stderr
    assert "Traceback" not in run.stderr and "damaged" not in run.stderr
    assert_no_personal_data(run.stderr)
    return run.err_lines[0]


def test_a_read_only_folder_with_its_lock_file_exits_2_in_one_sentence(
    cli_env: dict[str, str], programme: Path
) -> None:
    from failure_helpers import folder_state, read_only, unprivileged

    before = folder_state(programme)
    with read_only(programme):  # chmod, honoured in the child even as root
        run = run_cli(cli_env, "--data-dir", programme, "check", preexec=unprivileged)
    refused_in_one_sentence(run, f"The data folder {programme} is read-only")
    assert folder_state(programme) == before


def test_a_read_only_database_file_is_not_called_damaged(
    cli_env: dict[str, str], programme: Path
) -> None:
    from failure_helpers import folder_state, read_only, unprivileged

    database = programme / "sen.sqlite3"
    before = folder_state(programme)
    with read_only(database):
        run = run_cli(cli_env, "--data-dir", programme, "check", preexec=unprivileged)
    refused_in_one_sentence(run, f"The database file {database} is read-only")
    assert folder_state(programme) == before


def test_a_database_another_program_holds_exits_2_in_one_sentence(
    cli_env: dict[str, str], programme: Path
) -> None:
    from failure_helpers import database_content, held_by_another_program

    database = programme / "sen.sqlite3"
    before = database_content(database)
    with held_by_another_program(database):
        run = run_cli(cli_env, "--data-dir", programme, "check")
    refused_in_one_sentence(run, f"Another program is using the database {database}")
    assert database_content(database) == before


def nearly_full(store_engine: Callable[..., Any], spare_pages: int) -> Callable[..., Any]:
    """``store_engine`` on a disk with room for ``spare_pages`` more pages: SQLite's own
    SQLITE_FULL beyond them (``PRAGMA max_page_count``)."""
    from sqlalchemy import event

    def engine(path: Path, **options: bool) -> Any:
        made = store_engine(path, **options)

        @event.listens_for(made, "connect")
        def cap(dbapi_connection: Any, _record: Any) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + spare_pages}")

        return made

    return engine


def test_a_full_disk_during_demo_data_exits_2_and_leaves_no_log_behind(
    programme: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from failure_helpers import assert_no_personal_data, database_content

    from sen_desktop.app import main
    from sen_desktop.core.store import database

    monkeypatch.setattr(database, "store_engine", nearly_full(database.store_engine, 300))
    path = programme / "sen.sqlite3"
    before = database_content(path)
    code = main(["--data-dir", str(programme), "demo-data", "--years", "1"])
    err = capsys.readouterr().err
    assert code == 2
    last = err.strip().splitlines()[-1]  # after the progress lines
    assert last.startswith(f"sen-desktop: The disk holding {programme} is full"), err
    assert "Traceback" not in err
    assert_no_personal_data(err, caplog.text)
    assert database_content(path) == before
    wal = path.with_name("sen.sqlite3-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_full_disk_during_a_bundle_import_exits_2_and_prints_no_one(
    tmp_path: Path, test_keyring: Any, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture,
) -> None:
    sys.path.insert(0, str(REPO / "tests" / "sync"))
    from failure_helpers import PERSON, assert_no_personal_data, database_content
    from trust_helpers import programme as two_laptops

    from sen_desktop.app import main
    from sen_desktop.core.store import database
    from sen_desktop.core.store.models import Person

    laptops = two_laptops(tmp_path)
    for laptop in laptops.laptops.values():
        test_keyring.secrets.update(laptop.secrets.secrets)
    with laptops.lead.open() as db, db.session_factory.begin() as session:
        session.add(Person(**PERSON))
        session.add_all(Person(full_name=f"{PERSON['full_name']} {n}", email=PERSON["email"],
                               phone=PERSON["phone"], notes="A note. " * 300)
                        for n in range(60))
    bundle = tmp_path / "everything.senbundle"  # for the deputy, who gets every row
    assert main(["--data-dir", str(laptops.lead.folder), "bundle", "export", "--to",
                 str(bundle)]) == 0
    capsys.readouterr()
    deputy = laptops.deputy.folder
    deputy_db = deputy / "sen.sqlite3"
    before = database_content(deputy_db)
    monkeypatch.setattr(database, "store_engine", nearly_full(database.store_engine, 4))
    code = main(["--data-dir", str(deputy), "bundle", "import", str(bundle)])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert out == "" and len(err.splitlines()) == 1, err
    assert err.startswith(f"sen-desktop: The disk holding {deputy} is full"), err
    assert_no_personal_data(err, caplog.text)
    assert database_content(deputy_db) == before
    wal = deputy_db.with_name("sen.sqlite3-wal")
    assert not wal.exists() or wal.stat().st_size == 0


# --- screenshots -----------------------------------------------------------------------


def _distinct_colours(png: Path) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull(), f"{png} is not a readable image"
    step_x = max(1, image.width() // 40)
    step_y = max(1, image.height() // 40)
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step_x)
            for y in range(0, image.height(), step_y)
        }
    )


@pytest.mark.parametrize("view", [None, "groups", "plan"])
def test_screenshot_writes_a_non_blank_png(
    cli_env: dict[str, str], tmp_path: Path, view: str | None
) -> None:
    png = tmp_path / f"shot-{view or 'main'}.png"
    args: list[str | Path] = ["--data-dir", tmp_path / "data", "--screenshot", png]
    if view is not None:
        args += ["--view", view]
    run = run_cli(cli_env, *args)
    assert run.returncode == 0, run.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # A blank or single-colour window would mean nothing was drawn.
    assert _distinct_colours(png) > 5


# --- the README's promises -------------------------------------------------------------


def _quick_start_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = section.split("```sh\n")[1:]
    return [block.split("```", 1)[0].strip() for block in blocks]


def test_readme_quick_start_has_two_commands_and_ci_runs_the_second() -> None:
    commands = _quick_start_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands), commands
    install_and_start, install_and_test = commands
    assert install_and_start.endswith("sen-desktop")
    assert "pytest" in install_and_test
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install_and_test in ci_lines, ".ci/run must run the README test command verbatim"


def test_command_line_and_window_agree_on_the_views() -> None:
    # app.py cannot import the GUI at start-up, so the two lists are kept equal here.
    from sen_desktop.gui.shell.window import VIEWS as WINDOW_VIEWS

    assert tuple(WINDOW_VIEWS) == VIEWS
