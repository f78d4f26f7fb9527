"""`sen-desktop references` and `sen-desktop renumber`, called as the command line will
(``add_reference_commands`` on a parser like the app's, errors caught as ``main`` does)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from sen_desktop.cli.references import add_reference_commands
from sen_desktop.core.errors import SenError
from sen_desktop.core.programme import seed
from sen_desktop.core.store.models import Action, Meeting

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from store_helpers import Store


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    parser = argparse.ArgumentParser(prog="sen-desktop")
    add_reference_commands(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    args.data_dir = data_dir
    try:
        code = int(args.command(args))
    except SenError as error:  # as app.main does: one line, exit 2
        print(f"sen-desktop: {error.message}")
        code = 2
    return code, capsys.readouterr().out.splitlines()


def _clashes(store: Store, *, circulated: bool = False) -> Path:
    """Two SG meetings numbered 1 and two SG-1 actions, as an import would leave them;
    the data folder holding them."""
    with store.session_factory.begin() as s:
        for day in (dt.date(2011, 3, 3), dt.date(2011, 3, 4)):
            s.add(
                Meeting(
                    group_id=seed.group_id("SG"),
                    number=1,
                    date=day,
                    status="circulated" if circulated else "planned",
                )
            )
        for words in ("Book the hall", "Write to heads"):
            s.add(Action(reference="SG-1", group_id=seed.group_id("SG"), description=words))
    return store.data_dir


def test_no_clash_says_so(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(store.data_dir, capsys, "references") == (0, ["No references clash."])


def test_references_lists_and_resolves(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = _clashes(store)
    code, lines = run(data_dir, capsys, "references")
    assert code == 1
    assert lines[0].startswith("1. Two meetings are numbered SG 1: 3 March 2011")
    assert lines[1] == "   1) SG 1: the meeting of 3 March 2011 (not published)"
    assert lines[-1] == "2 references clash."

    code, lines = run(data_dir, capsys, "renumber", "action", "sg-1")
    assert code == 0
    assert lines == ["Renumbered: SG-1 is now SG-2."]

    code, lines = run(data_dir, capsys, "references", "--resolve")
    assert (code, lines) == (0, ["Renumbered: SG 1 is now SG 2.", "No references clash."])


def test_two_published_need_a_person(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = _clashes(store, circulated=True)
    code, lines = run(data_dir, capsys, "references", "--resolve")
    assert code == 1
    assert lines[0] == "Renumbered: SG-1 is now SG-2."
    assert lines[-1] == "1 reference clashes (1 for a person to decide)."

    code, lines = run(data_dir, capsys, "renumber", "meeting", "SG 1")
    assert code == 2
    assert lines == [
        "sen-desktop: SG 1 is published more than once, so choose the row to renumber with "
        "--choose N (as `sen-desktop references` lists them)."
    ]
    assert run(data_dir, capsys, "renumber", "meeting", "SG 1", "--choose", "3")[1] == [
        "sen-desktop: Choose a row from 1 to 2 for SG 1."
    ]
    code, lines = run(data_dir, capsys, "renumber", "meeting", "SG/M1", "--choose", "2")
    assert (code, lines) == (0, ["Renumbered: SG 1 is now SG 2."])
    assert run(data_dir, capsys, "references")[0] == 0


def test_naming_a_clash_that_is_not_there(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store.data_dir, capsys, "renumber", "recommendation", "BESD-R3") == (
        2,
        ["sen-desktop: No clash of recommendation BESD-R3 stands now; nothing to renumber."],
    )


def test_the_app_command_line_has_them(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    from sen_desktop.app import main

    data_dir = _clashes(store)
    assert main(["--data-dir", str(data_dir), "references"]) == 1
    out, _ = capsys.readouterr()
    assert out.splitlines()[-1] == "2 references clash."
    assert main(["--data-dir", str(data_dir), "renumber", "action", "SG-9"]) == 2
    _, err = capsys.readouterr()
    assert err == "sen-desktop: No clash of action SG-9 stands now; nothing to renumber.\n"
    assert main(["--data-dir", str(data_dir), "check"]) == 1
    out, _ = capsys.readouterr()
    assert "2 references clash (meeting SG 1, action SG-1)" in out
    assert len(out.splitlines()) == 1
