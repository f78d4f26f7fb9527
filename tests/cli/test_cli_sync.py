"""`sen-desktop bundle …` as a secretary or a script meets it (in-process ``main``)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from sen_desktop.app import main

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "sync"))

from trust_helpers import Programme, programme  # noqa: E402

FORMAT_1 = REPO / "tests" / "fixtures" / "hostile" / "format-1.senbundle"


@pytest.fixture
def prog(tmp_path: Path, test_keyring: object) -> Programme:
    p = programme(tmp_path)
    # The command line uses the OS keyring (here the test's in-memory one): each laptop's
    # secrets go there (they are keyed by laptop id, so they do not collide).
    for laptop in p.laptops.values():
        test_keyring.secrets.update(laptop.secrets.secrets)  # type: ignore[attr-defined]
    return p


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def db_hash(folder: Path) -> str:
    return hashlib.sha256((folder / "sen.sqlite3").read_bytes()).hexdigest()


def test_round_trip_from_the_command_line(
    prog: Programme, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prog.lead.add_person("Pat Parent")
    lead = ("--data-dir", str(prog.lead.folder), "bundle")
    pcrg = ("--data-dir", str(prog.pcrg.folder), "bundle")
    bundle = tmp_path / "for-pcrg.senbundle"
    code, out, err = run(capsys, *lead, "export", "--to", str(bundle), "--for", "PCRG secretary")
    assert code == 0, err
    assert out == [f"Wrote {bundle}: " + out[0].split(": ", 1)[1]]
    assert out[0].endswith("for PCRG secretary (PCRG).")

    before = db_hash(prog.pcrg.folder)
    code, out, err = run(capsys, *pcrg, "import", str(bundle), "--dry-run")
    assert code == 0, err
    assert len(out) == 1 and out[0].startswith("Would import ")
    assert "from Programme lead" in out[0]
    assert db_hash(prog.pcrg.folder) == before

    code, out, err = run(capsys, *pcrg, "import", str(bundle))
    assert code == 0, err
    assert len(out) == 1 and out[0].startswith("Imported ")
    code, out, err = run(capsys, *pcrg, "import", str(bundle))
    assert (code, out) == (0, ["Bundle from Programme lead already imported; nothing changed."])

    code, out, _ = run(capsys, *lead, "profile", "list")
    assert "PCRG secretary\tPCRG" in out

    code, out, err = run(capsys, *lead, "export", "--to", str(tmp_path / "all.senbundle"))
    assert code == 0, err
    assert out[0].endswith("of everything, for Deputy lead.")


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (("bundle",), "say what to do"),
        (("bundle", "profile"), "list or remove"),
        (("bundle", "export"), "--to"),
        (("bundle", "import"), "FILE"),
        (("bundle", "profile", "remove"), "NAME"),
    ],
)
def test_usage_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], mentions: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", str(tmp_path / "d"), *argv])
    assert caught.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("sen-desktop: error: ")
    assert mentions in err[0]


def test_refusals_are_one_line_and_change_nothing(
    prog: Programme, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sg = ("--data-dir", str(prog.sg.folder), "bundle")
    lead = ("--data-dir", str(prog.lead.folder), "bundle")
    for_pcrg = tmp_path / "for-pcrg.senbundle"
    assert run(capsys, *lead, "export", "--to", str(for_pcrg), "--for", "PCRG secretary")[0] == 0
    missing = tmp_path / "missing.senbundle"
    cases = [
        (sg, ("import", str(missing)), f"There is no file {missing}."),
        (sg, ("import", str(FORMAT_1)), "made by the earlier passphrase scheme"),
        (sg, ("import", str(for_pcrg)), "This bundle was not made for this laptop"),
        (lead, ("export", "--to", str(tmp_path / "x.senbundle"), "--for", "Nobody"), "Nobody"),
        (lead, ("export", "--to", str(tmp_path / "x.senbundle"), "--for-profile"), "--for NAME"),
        (lead, ("export", "--to", str(tmp_path / "x.zip")), "ends in .senbundle"),
        (lead, ("profile", "remove", "Nobody"), "no export profile called 'Nobody'"),
    ]
    for prefix, argv, mentions in cases:
        before = db_hash(prog.sg.folder), db_hash(prog.lead.folder)
        code, out, err = run(capsys, *prefix, *argv)
        assert code == 2 and out == [], (argv, out)
        assert len(err) == 1 and err[0].startswith("sen-desktop: "), err
        assert mentions in err[0], err
        assert (db_hash(prog.sg.folder), db_hash(prog.lead.folder)) == before
    assert not (tmp_path / "x.senbundle").exists()


def test_retired_commands_say_what_replaced_them(
    prog: Programme, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = ("--data-dir", str(prog.lead.folder), "bundle")
    for argv, mentions in (
        (("passphrase",), "`sen-desktop programme start`"),
        (("passphrase", "--passphrase-file", "x"), "`sen-desktop laptop join`"),
        (("profile", "add", "X", "--groups", "SG"), "Profiles now follow certificates"),
        (("laptop", "list"), "`sen-desktop laptop list`"),
        (("laptop", "name", "1a2b", "X"), "named by their certificates"),
    ):
        code, out, err = run(capsys, *lead, *argv)
        assert (code, out) == (2, []), argv
        assert len(err) == 1 and mentions in err[0], err


def test_help_lists_bundle() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sen_desktop", "bundle", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    for word in ("export", "import", "profile"):
        assert word in result.stdout
