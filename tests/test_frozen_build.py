"""The frozen app (issue 14 "Installers"): build it with packaging/build.py and run it.

Marked slow: PyInstaller takes minutes. `.ci/run` runs the slow set after the suite
(`pytest -m slow`, with the `build` extra installed); the README's test command leaves it
out. A machine without PyInstaller fails here with the command that installs it, never
skips. SEN_FROZEN_DIST=DIR (the --dist of an earlier ``packaging/build.py``) reruns the
checks on that build instead of making a new one. The frozen program runs offscreen with
its own home, configuration and data folders, so nothing of the person running the tests
is read or written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 120

pytestmark = pytest.mark.slow

# A keyring backend kept in a JSON file, loaded by the frozen program through keyring's
# own configuration file (keyringrc.cfg "keyring-path"): the frozen app ships no test
# backend, and keyring ignores PYTHONPATH there.
_BACKEND = '''
import json, os
from pathlib import Path
from keyring.backend import KeyringBackend

class FileKeyring(KeyringBackend):
    priority = 10
    store = Path(os.environ["SEN_TEST_KEYRING_FILE"])

    def _all(self):
        return json.loads(self.store.read_text()) if self.store.exists() else {}

    def get_password(self, service, username):
        return self._all().get(service + "\\0" + username)

    def set_password(self, service, username, password):
        data = self._all()
        data[service + "\\0" + username] = password
        self.store.write_text(json.dumps(data))

    def delete_password(self, service, username):
        data = self._all()
        data.pop(service + "\\0" + username, None)
        self.store.write_text(json.dumps(data))
'''


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is missing: pip install -e '.[build]' (the build extra)")
    name = "sen-desktop.exe" if sys.platform == "win32" else "sen-desktop"
    prebuilt = os.environ.get("SEN_FROZEN_DIST")
    if prebuilt:  # a build made a moment ago, to rerun these checks without rebuilding
        program = Path(prebuilt) / "sen-desktop" / name
        assert program.is_file(), f"SEN_FROZEN_DIST={prebuilt} holds no sen-desktop/{name}"
        return program
    out = tmp_path_factory.mktemp("frozen")
    subprocess.run(
        [sys.executable, str(REPO / "packaging" / "build.py"),
         "--dist", str(out / "dist"), "--work", str(out / "work")],
        cwd=REPO, check=True, timeout=1800, stdin=subprocess.DEVNULL,
        capture_output=True, text=True,
    )
    program = out / "dist" / "sen-desktop" / name
    assert program.is_file()
    return program


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "config"
    (config / "python_keyring").mkdir(parents=True)
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "file_keyring.py").write_text(_BACKEND, encoding="utf-8")
    (config / "python_keyring" / "keyringrc.cfg").write_text(
        "[backend]\n"
        "default-keyring = file_keyring.FileKeyring\n"
        f"keyring-path = {tmp_path / 'backend'}\n",
        encoding="utf-8",
    )
    environment = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "SEN_", "XDG_", "QT_"))
    }
    environment.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(config),
        XDG_DATA_HOME=str(tmp_path / "data"),
        QT_QPA_PLATFORM="offscreen",
        SEN_TEST_KEYRING_FILE=str(tmp_path / "keyring.json"),
    )
    return environment


def _run(program: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args], env=env, capture_output=True, text=True,
        timeout=TIMEOUT, stdin=subprocess.DEVNULL, check=False,
    )


def test_the_frozen_program_says_its_version(frozen: Path, env: dict[str, str]) -> None:
    from sen_desktop import __version__

    run = _run(frozen, env, "--version")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"sen-desktop {__version__}"


def test_check_on_a_new_folder(frozen: Path, env: dict[str, str], tmp_path: Path) -> None:
    run = _run(frozen, env, "--data-dir", str(tmp_path / "new"), "check")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("OK")
    assert "Traceback" not in run.stderr


def test_minutes_from_demo_data(frozen: Path, env: dict[str, str], tmp_path: Path) -> None:
    folder = str(tmp_path / "demo")
    demo = _run(frozen, env, "--data-dir", folder, "demo-data", "--years", "1")
    assert demo.returncode == 0, demo.stderr
    paper = tmp_path / "SG-1.docx"
    run = _run(frozen, env, "--data-dir", folder, "paper", "minutes",
               "--meeting", "SG/1", "--out", str(paper))
    assert run.returncode == 0, run.stderr
    import docx

    text = "\n".join(p.text for p in docx.Document(str(paper)).paragraphs)
    assert "Strategy Steering Group" in text


def test_a_backup_and_a_restore_round_trip(
    frozen: Path, env: dict[str, str], tmp_path: Path
) -> None:
    # zstandard compresses the backup and expands it again, frozen.
    folder = str(tmp_path / "demo")
    demo = _run(frozen, env, "--data-dir", folder, "demo-data", "--years", "1")
    assert demo.returncode == 0, demo.stderr
    backup = _run(frozen, env, "--data-dir", folder, "backup")
    assert backup.returncode == 0, backup.stderr
    assert backup.stdout.startswith("Backed up the database to "), backup.stdout
    made = Path(backup.stdout.removeprefix("Backed up the database to ").rsplit(" (", 1)[0])
    assert made.read_bytes()[:4] == b"\x28\xb5\x2f\xfd"  # a zstandard frame
    restored = _run(frozen, env, "--data-dir", folder, "restore", str(made), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith("Restored the backup taken "), restored.stdout
    check = _run(frozen, env, "--data-dir", folder, "check")
    assert check.returncode == 0 and check.stdout.startswith("OK"), check.stdout + check.stderr


def test_keys_go_to_the_keyring_and_come_back(
    frozen: Path, env: dict[str, str], tmp_path: Path
) -> None:
    lead, other = str(tmp_path / "lead"), str(tmp_path / "other")
    start = _run(frozen, env, "--data-dir", lead, "programme", "start", "--name", "Lead")
    assert start.returncode == 0, start.stderr
    stored = json.loads((tmp_path / "keyring.json").read_text(encoding="utf-8"))
    assert stored, "programme start kept its private keys in the keyring"
    request = tmp_path / "other.senrequest"
    asked = _run(frozen, env, "--data-dir", other, "laptop", "request",
                 "--name", "Other", "--out", str(request))
    assert asked.returncode == 0, asked.stderr
    # Admitting signs with the root key, read back from the keyring by a new process.
    admitted = _run(frozen, env, "--data-dir", lead, "laptop", "admit", str(request),
                    "--groups", "SG", "--out", str(tmp_path / "other.sencert"))
    assert admitted.returncode == 0, admitted.stderr
    assert (tmp_path / "other.sencert").stat().st_size > 0

    # A bundle encrypted to the other laptop and read there: pyrage and cryptography
    # work frozen, with the keys each process reads back from the keyring.
    fingerprint = _run(frozen, env, "--data-dir", lead, "programme", "fingerprint")
    assert fingerprint.returncode == 0, fingerprint.stderr
    joined = _run(frozen, env, "--data-dir", other, "laptop", "join",
                  str(tmp_path / "other.sencert"), "--fingerprint", fingerprint.stdout.strip())
    assert joined.returncode == 0, joined.stderr
    bundle = tmp_path / "for-other.senbundle"
    sent = _run(frozen, env, "--data-dir", lead, "bundle", "export", "--to", str(bundle),
                "--for", "Other")
    assert sent.returncode == 0, sent.stderr
    got = _run(frozen, env, "--data-dir", other, "bundle", "import", str(bundle))
    assert got.returncode == 0, got.stderr
    assert got.stdout.startswith("Imported "), got.stdout


def test_screenshot_of_the_window(frozen: Path, env: dict[str, str], tmp_path: Path) -> None:
    shot = tmp_path / "groups.png"
    run = _run(frozen, env, "--data-dir", str(tmp_path / "shot"), "--screenshot", str(shot),
               "--view", "groups")
    assert run.returncode == 0, run.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a drawn window, not an empty image


def test_a_linux_user_installs_it_with_its_menu_entry_and_icon(
    frozen: Path, env: dict[str, str], tmp_path: Path
) -> None:
    import configparser

    prefix = tmp_path / "home" / ".local"
    script = REPO / "packaging" / "linux_install.py"
    built = str(frozen.parent)
    run = subprocess.run([sys.executable, str(script), "--prefix", str(prefix), "--from", built],
                         capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert run.returncode == 0, run.stderr
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(prefix / "share" / "applications" / "sen-desktop.desktop", encoding="utf-8")
    program = Path(entry["Desktop Entry"]["TryExec"])
    assert program.is_file() and os.access(program, os.X_OK)
    assert entry["Desktop Entry"]["Exec"] == str(program)
    icon = prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / "sen-desktop.svg"
    assert icon.read_bytes().lstrip().startswith(b"<")
    version = _run(prefix / "bin" / "sen-desktop", env, "--version")
    assert version.returncode == 0, version.stderr

    gone = subprocess.run([sys.executable, str(script), "--prefix", str(prefix), "--uninstall"],
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert gone.returncode == 0, gone.stderr
    assert not program.exists() and not icon.exists()
    assert not (prefix / "bin" / "sen-desktop").is_symlink()
