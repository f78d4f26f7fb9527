"""A reader that stops early (`sen-desktop list meetings | head -1`) ends the command
quietly: no traceback, no "Exception ignored" at exit, exit code 0."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.cli.test_cli import REPO, TIMEOUT, cli_env
from tests.demo_folders import build_demo_folder

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["cli_env"]  # the fixture, shared with test_cli


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_folder(tmp_path_factory.mktemp("pipe-demo") / "data")


def _piped(env: dict[str, str], data: Path, *args: str, read_lines: int) -> tuple[int, str, str]:
    """Run a command into a pipe whose reader takes ``read_lines`` lines and then closes."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sen_desktop", "--data-dir", str(data), *args],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    read = "".join(proc.stdout.readline() for _ in range(read_lines))
    proc.stdout.close()  # `head` has what it wanted
    try:
        err = proc.stderr.read()
        code = proc.wait(timeout=TIMEOUT)
    finally:
        proc.kill()
    return code, read, err


def test_list_meetings_into_a_reader_that_stops_after_one_line(
    cli_env: dict[str, str], demo_folder: Path
) -> None:
    code, read, err = _piped(cli_env, demo_folder, "list", "meetings", read_lines=1)
    assert read.count("\n") == 1 and "meeting 1" in read
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert code == 0


def test_a_short_listing_into_a_pipe_closed_before_anything_is_read(
    cli_env: dict[str, str], demo_folder: Path
) -> None:
    # The whole output fits the pipe's buffer: the failure shows only when Python
    # flushes stdout at exit, which must be quiet too.
    code, read, err = _piped(cli_env, demo_folder, "list", "groups", read_lines=0)
    assert read == ""
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert code == 0
