"""`sen-desktop programme …` and `sen-desktop laptop …` as a lead and a secretary meet them."""

from __future__ import annotations

import io
import re
import shutil
import stat
from typing import TYPE_CHECKING

import keyring
import pytest

from sen_desktop.app import main
from tests.conftest import MemoryKeyring

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from keyring.backend import KeyringBackend

FINGERPRINT = re.compile(r"([0-9A-F]{4} ){15}[0-9A-F]{4}")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sen_desktop.core.store.datafolder import open_programme

    folder = tmp_path_factory.mktemp("cli-trust") / "data"
    open_programme(folder, daily_backup=False).close()
    return folder


class Desk:
    """One laptop at the command line: its data folder and its own keyring."""

    def __init__(self, template: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        shutil.copytree(template, folder, ignore=shutil.ignore_patterns("sen.lock", "backups"))
        self.folder = folder
        self.keyring: KeyringBackend = MemoryKeyring()
        self._capsys = capsys

    def run(self, *argv: str) -> tuple[int, list[str], list[str]]:
        previous = keyring.get_keyring()
        keyring.set_keyring(self.keyring)
        try:
            code = main(["--data-dir", str(self.folder), *argv])
        finally:
            keyring.set_keyring(previous)
        out, err = self._capsys.readouterr()
        return code, out.splitlines(), err.splitlines()


@pytest.fixture
def desks(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator[dict[str, Desk]]:
    yield {
        name: Desk(template, tmp_path / name, capsys) for name in ("lead", "pcrg", "other")
    }


def started(desks: dict[str, Desk]) -> str:
    code, out, err = desks["lead"].run("programme", "start", "--name", "County SEN")
    assert code == 0 and err == [] and len(out) == 1
    match = FINGERPRINT.search(out[0])
    assert match is not None
    return match.group(0)


def test_round_trip_from_lead_to_laptop(desks: dict[str, Desk], tmp_path: Path) -> None:
    lead, pcrg = desks["lead"], desks["pcrg"]
    fingerprint = started(desks)
    assert lead.run("programme", "fingerprint") == (0, [fingerprint], [])

    request = tmp_path / "pcrg.senrequest"
    code, out, err = pcrg.run("laptop", "request", "--name", "PCRG secretary", "--out",
                              str(request))
    assert (code, err, len(out)) == (0, [], 1) and "PCRG secretary" in out[0]
    assert request.exists()

    certificate = tmp_path / "pcrg.sencert"
    code, out, err = lead.run(
        "laptop", "admit", str(request), "--groups", "PCRG,SG", "--write", "PCRG",
        "--contacts", "--out", str(certificate),
    )
    assert (code, err, len(out)) == (0, [], 1)
    assert "certificate 2 for PCRG secretary (reads PCRG, SG; writes PCRG; contacts)" in out[0]
    assert fingerprint in out[0]

    # Not at a terminal: the laptop joins and prints the fingerprint to compare.
    code, out, err = pcrg.run("laptop", "join", str(certificate))
    assert (code, err, len(out)) == (0, [], 1)
    assert "Joined the programme County SEN as PCRG secretary" in out[0]
    assert f"(compare it with the lead's): {fingerprint}." in out[0]
    assert pcrg.run("programme", "fingerprint") == (0, [fingerprint], [])

    code, out, _ = pcrg.run("laptop", "list")
    assert code == 0 and [line.split("\t")[0] for line in out] == [
        "PCRG secretary", "Programme lead"
    ]
    assert out[0].endswith("serial 2\tthis laptop")

    code, out, err = lead.run("laptop", "revoke", "PCRG secretary", "--from", "2026-02-01")
    assert (code, err) == (0, [])
    assert out == ["Revoked the laptop PCRG secretary from 2026-02-01T00:00:00Z."]
    code, out, _ = lead.run("laptop", "list")
    assert out[0].endswith("revoked from 2026-02-01T00:00:00Z")
    assert out[1].endswith("serial 1\tthis laptop")


def one_line_error(result: tuple[int, list[str], list[str]], words: str) -> None:
    code, out, err = result
    assert code == 2, (out, err)
    assert out == [] and len(err) == 1, err
    assert err[0].startswith("sen-desktop: ") and words in err[0], err[0]
    assert "Traceback" not in err[0]


def test_refusals_exit_2_with_one_line(desks: dict[str, Desk], tmp_path: Path) -> None:
    lead, pcrg, other = desks["lead"], desks["pcrg"], desks["other"]
    one_line_error(lead.run("programme", "fingerprint"), "belongs to no programme")
    assert lead.run("laptop", "list") == (
        0, ["No laptops yet: this laptop belongs to no programme."], []
    )
    started(desks)
    one_line_error(lead.run("programme", "start"), "already started the programme County SEN")
    request = tmp_path / "pcrg.senrequest"
    one_line_error(
        pcrg.run("laptop", "request", "--name", "PCRG", "--out", str(tmp_path / "pcrg.txt")),
        "must end in .senrequest",
    )
    assert pcrg.run("laptop", "request", "--name", "PCRG", "--out", str(request))[0] == 0
    out = str(tmp_path / "pcrg.sencert")
    one_line_error(
        lead.run("laptop", "admit", str(request), "--groups", "PCRG,XX", "--out", out),
        "There is no group XX (in --groups); the groups are SG, BESD",
    )
    one_line_error(
        lead.run("laptop", "admit", str(tmp_path / "none.senrequest"), "--groups", "SG",
                 "--out", out),
        "There is no request file",
    )
    one_line_error(
        lead.run("laptop", "admit", str(request), "--groups", "SG", "--chair-of", "SG",
                 "--out", out),
        "Nobody holds the chair seat of SG today",
    )
    one_line_error(
        lead.run("laptop", "admit", str(request), "--groups", "SG", "--chair-from", "1/2/26",
                 "--out", out),
        "--chair-from takes a date as YYYY-MM-DD",
    )
    # Only the root admits.
    one_line_error(
        other.run("laptop", "admit", str(request), "--groups", "SG", "--out", out),
        "not the programme's root",
    )
    assert lead.run("laptop", "admit", str(request), "--groups", "PCRG", "--out", out)[0] == 0
    # The fingerprint given does not match: refused, nothing installed.
    one_line_error(
        pcrg.run("laptop", "join", out, "--fingerprint", "0000 " * 15 + "0000"),
        "differs from the one you were given",
    )
    one_line_error(pcrg.run("programme", "fingerprint"), "belongs to no programme")
    one_line_error(lead.run("laptop", "revoke", "Nobody"), "There is no laptop called Nobody")
    one_line_error(lead.run("laptop", "revoke", "PCRG", "--from", "soon"), "--from takes a date")
    # argparse's own errors are one line too.
    with pytest.raises(SystemExit) as stopped:
        lead.run("laptop")
    assert stopped.value.code == 2
    err = lead._capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "request, admit, join, list or revoke" in err[0]


def test_a_matching_fingerprint_ignores_spaces_and_case(
    desks: dict[str, Desk], tmp_path: Path
) -> None:
    fingerprint = started(desks)
    lead, pcrg = desks["lead"], desks["pcrg"]
    request, out = tmp_path / "p.senrequest", tmp_path / "p.sencert"
    pcrg.run("laptop", "request", "--name", "PCRG", "--out", str(request))
    lead.run("laptop", "admit", str(request), "--groups", "PCRG", "--out", str(out))
    typed = fingerprint.replace(" ", "").lower()
    code, lines, err = pcrg.run("laptop", "join", str(out), "--fingerprint", typed)
    assert (code, err) == (0, []) and fingerprint in lines[0]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_at_a_terminal_join_asks_to_confirm(
    desks: dict[str, Desk], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fingerprint = started(desks)
    lead, pcrg = desks["lead"], desks["pcrg"]
    request, out = tmp_path / "p.senrequest", tmp_path / "p.sencert"
    pcrg.run("laptop", "request", "--name", "PCRG", "--out", str(request))
    lead.run("laptop", "admit", str(request), "--groups", "PCRG", "--out", str(out))
    monkeypatch.setattr("sys.stdin", Terminal("\n"))
    code, lines, err = pcrg.run("laptop", "join", str(out))
    assert code == 2 and fingerprint in "\n".join(lines)
    assert len(err) == 1 and "Not joined" in err[0]
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, lines, err = pcrg.run("laptop", "join", str(out))
    assert code == 0 and err == []
    assert "Joined the programme County SEN" in lines[-1]
    assert "compare it" not in lines[-1]  # the person has just compared it


class KeepsNothing(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        pass


def test_without_a_keyring_the_key_file_needs_its_passphrase(
    desks: dict[str, Desk], tmp_path: Path
) -> None:
    pcrg = desks["pcrg"]
    pcrg.keyring = KeepsNothing()
    request = tmp_path / "p.senrequest"
    one_line_error(
        pcrg.run("laptop", "request", "--name", "PCRG", "--out", str(request)),
        "give its passphrase with --key-passphrase-file",
    )
    assert not request.exists() and not (pcrg.folder / "laptop-identity.age").exists()
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("a long passphrase\nignored\n", encoding="utf-8")
    code, out, err = pcrg.run(
        "laptop", "request", "--name", "PCRG", "--out", str(request),
        "--key-passphrase-file", str(phrase),
    )
    assert code == 0 and len(out) == 1
    assert len(err) == 1 and "no working keyring" in err[0]
    key_file = pcrg.folder / "laptop-identity.age"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # (A wrong passphrase is refused in one sentence: tests/sync/test_identity.py.)


def test_start_on_a_passphrase_laptop_says_the_others_re_join(desks: dict[str, Desk]) -> None:
    lead = desks["lead"]
    lead.keyring.set_password("SEN Secretariat", "programme-key", "ab" * 32)
    code, out, err = lead.run("programme", "start")
    assert (code, err, len(out)) == (0, [], 1)
    assert "every other laptop re-joins once" in out[0]
    assert FINGERPRINT.search(out[0])


def test_a_new_key_file_asks_its_passphrase_twice_at_a_terminal(
    desks: dict[str, Desk], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pcrg = desks["pcrg"]
    pcrg.keyring = KeepsNothing()
    answers = iter(["a long passphrase", "a long passphrasf"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("sys.stdin", Terminal(""))
    request = tmp_path / "p.senrequest"
    one_line_error(
        pcrg.run("laptop", "request", "--name", "PCRG", "--out", str(request)),
        "The two passphrases differ",
    )
    assert not request.exists() and not (pcrg.folder / "laptop-identity.age").exists()
