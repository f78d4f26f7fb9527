"""`sen-desktop bundle …` as a secretary or a script meets it (in-process ``main``)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from sen_desktop.app import main
from sen_desktop.core.signing import KEYRING_SERVICE
from sen_desktop.sync.keys import NO_KEYRING_WARNING, PROGRAMME_USER

PASSPHRASE = "correct horse battery staple"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sen_desktop.core.datafolder import open_programme

    folder = tmp_path_factory.mktemp("cli-sync") / "data"
    open_programme(folder, daily_backup=False).close()
    return folder


def laptop(template: Path, folder: Path) -> Path:
    shutil.copytree(template, folder, ignore=shutil.ignore_patterns("sen.lock", "backups"))
    return folder


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def db_hash(folder: Path) -> str:
    return hashlib.sha256((folder / "sen.sqlite3").read_bytes()).hexdigest()


def test_round_trip_from_the_command_line(
    template: Path, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = laptop(template, tmp_path / "lead")
    pcrg = laptop(template, tmp_path / "pcrg")
    pp = str(passphrase_file)

    code, out, err = run(
        capsys, "--data-dir", str(lead), "bundle", "passphrase", "--passphrase-file", pp
    )
    assert code == 0, err
    assert out[0].startswith("Programme passphrase kept in this laptop's keyring")
    assert "key fingerprint is" in out[0]
    assert keyring.get_password(KEYRING_SERVICE, PROGRAMME_USER)

    code, out, err = run(
        capsys,
        "--data-dir",
        str(lead),
        "bundle",
        "profile",
        "add",
        "PCRG laptop",
        "--groups",
        "pcrg",
    )
    assert (code, out) == (0, ["PCRG laptop\tPCRG"]), err
    code, out, _ = run(capsys, "--data-dir", str(lead), "bundle", "profile", "list")
    assert out == ["PCRG laptop\tPCRG"]

    bundle = tmp_path / "for-pcrg.senbundle"
    code, out, err = run(
        capsys,
        "--data-dir",
        str(lead),
        "bundle",
        "export",
        "--to",
        str(bundle),
        "--for",
        "PCRG laptop",
    )
    assert code == 0, err
    assert out == [f"Wrote {bundle}: " + out[0].split(": ", 1)[1]]
    assert out[0].endswith("for PCRG laptop (PCRG).")

    before = db_hash(pcrg)
    code, out, err = run(
        capsys,
        "--data-dir",
        str(pcrg),
        "bundle",
        "import",
        str(bundle),
        "--dry-run",
        "--passphrase-file",
        pp,
    )
    assert code == 0, err
    assert out[0].startswith("Would import ")
    assert db_hash(pcrg) == before

    code, out, err = run(
        capsys, "--data-dir", str(pcrg), "bundle", "import", str(bundle), "--passphrase-file", pp
    )
    assert code == 0, err
    assert out[0].startswith("Imported ") and "pinned" in out[0]

    code, out, err = run(
        capsys, "--data-dir", str(pcrg), "bundle", "import", str(bundle), "--passphrase-file", pp
    )
    assert code == 0, err
    assert out == ["Bundle from laptop " + out[0].split("laptop ", 1)[1]]
    assert out[0].endswith("already imported; nothing changed.")


def test_wrong_passphrase_exits_2_with_one_sentence(
    template: Path, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = laptop(template, tmp_path / "lead")
    other = laptop(template, tmp_path / "other")
    bundle = tmp_path / "all.senbundle"
    assert (
        run(
            capsys,
            "--data-dir",
            str(lead),
            "bundle",
            "export",
            "--to",
            str(bundle),
            "--passphrase-file",
            str(passphrase_file),
        )[0]
        == 0
    )
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("a different passphrase\n", encoding="utf-8")
    before = db_hash(other)
    code, out, err = run(
        capsys,
        "--data-dir",
        str(other),
        "bundle",
        "import",
        str(bundle),
        "--passphrase-file",
        str(wrong),
    )
    assert code == 2
    assert out == []
    assert err == ["sen-desktop: This bundle was made with a different programme passphrase."]
    assert db_hash(other) == before


def test_without_a_keyring_a_warning_and_the_passphrase_file(
    template: Path, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    lead = laptop(template, tmp_path / "lead")
    code, out, err = run(
        capsys,
        "--data-dir",
        str(lead),
        "bundle",
        "passphrase",
        "--passphrase-file",
        str(passphrase_file),
    )
    assert code == 0
    assert out[0].startswith("Programme passphrase not kept (no keyring)")
    assert err == [f"sen-desktop: {NO_KEYRING_WARNING}"]
    assert (lead / "sync-keys.json").exists()
    code, out, err = run(
        capsys, "--data-dir", str(lead), "bundle", "export", "--to", str(tmp_path / "x.senbundle")
    )
    assert code == 2
    assert err[-1] == (
        "sen-desktop: This laptop has no working keyring to keep the programme passphrase, "
        "so give it with --passphrase-file."
    )
    code, out, err = run(
        capsys,
        "--data-dir",
        str(lead),
        "bundle",
        "export",
        "--to",
        str(tmp_path / "x.senbundle"),
        "--passphrase-file",
        str(passphrase_file),
    )
    assert code == 0
    assert NO_KEYRING_WARNING in err[0]


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (("bundle",), "say what to do"),
        (("bundle", "profile"), "add, list or remove"),
        (("bundle", "export"), "--to"),
        (("bundle", "import"), "FILE"),
        (("bundle", "profile", "remove"), "NAME"),
        (("bundle", "laptop"), "list or name"),
        (("bundle", "laptop", "name", "1a2b"), "NAME"),
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


def test_refusals_are_one_line(
    template: Path, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = laptop(template, tmp_path / "lead")
    code, _, err = run(
        capsys, "--data-dir", str(lead), "bundle", "profile", "add", "X", "--groups", "ZZ"
    )
    assert code == 2
    assert err == [
        "sen-desktop: There is no group with the code ZZ (groups: ASD, BESD, CL, PCRG, PD, SG)."
    ]
    code, _, err = run(
        capsys,
        "--data-dir",
        str(lead),
        "bundle",
        "import",
        str(tmp_path / "missing.senbundle"),
        "--passphrase-file",
        str(passphrase_file),
    )
    assert (code, err) == (2, [f"sen-desktop: There is no file {tmp_path / 'missing.senbundle'}."])
    code, _, err = run(
        capsys, "--data-dir", str(lead), "bundle", "export", "--to", str(tmp_path / "x.senbundle")
    )
    assert code == 2
    assert err == [
        "sen-desktop: No programme passphrase is set on this laptop: run `sen-desktop bundle "
        "passphrase` once, or give --passphrase-file."
    ]


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
    for word in ("export", "import", "passphrase", "profile", "laptop"):
        assert word in result.stdout


def test_profile_remove_and_laptop_name_from_the_command_line(
    template: Path, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = laptop(template, tmp_path / "lead")
    other = laptop(template, tmp_path / "other")
    pp = str(passphrase_file)
    d = ("--data-dir", str(lead), "bundle")
    for args in (("PCRG laptop", "--groups", "PCRG"), ("Programme lead", "--groups", "SG")):
        assert run(capsys, *d, "profile", "add", *args)[0] == 0
    assert run(capsys, *d, "laptop", "list")[:2] == (0, [])

    # The other laptop's first bundle makes it known here, not yet named.
    bundle = tmp_path / "other.senbundle"
    code, _, err = run(
        capsys, "--data-dir", str(other), "bundle", "export", "--to", str(bundle),
        "--passphrase-file", pp,
    )
    assert code == 0, err
    code, _, err = run(capsys, *d, "import", str(bundle), "--passphrase-file", pp)
    assert code == 0, err
    code, out, _ = run(capsys, *d, "laptop", "list")
    assert code == 0 and len(out) == 1
    site, name, linked, fingerprint = out[0].split("\t")
    assert (name, linked) == ("(not named)", "no profile") and len(site) == 8
    assert len(fingerprint.split()) == 4

    before = db_hash(lead)
    for bad, message in (
        ((site, "   "), "Give the laptop a name, e.g. the profile it receives."),
        (("zz", "PCRG laptop"), "No known laptop's site starts with 'zz' (see `bundle laptop "
                                "list`)."),
        ((site, "n" * 81), "A laptop's name is at most 80 characters."),
    ):
        code, out, err = run(capsys, *d, "laptop", "name", *bad)
        assert (code, out, err) == (2, [], [f"sen-desktop: {message}"])
    assert db_hash(lead) == before

    code, out, err = run(capsys, *d, "laptop", "name", site.upper(), "pcrg LAPTOP")
    assert (code, out) == (
        0, [f"Named laptop {site} pcrg LAPTOP, linked to the profile PCRG laptop."]
    ), err
    assert run(capsys, *d, "laptop", "list")[1] == [
        f"{site}\tpcrg LAPTOP\tprofile PCRG laptop\t{fingerprint}"
    ]

    code, out, err = run(capsys, *d, "profile", "remove", "Programme lead")
    assert (code, out) == (0, ["Removed the export profile Programme lead."]), err
    assert run(capsys, *d, "profile", "list")[1] == ["PCRG laptop\tPCRG"]
    code, out, err = run(capsys, *d, "profile", "remove", "Programme lead")
    assert (code, out) == (2, [])
    assert err == [
        "sen-desktop: There is no export profile called 'Programme lead' (profiles: PCRG laptop)."
    ]
