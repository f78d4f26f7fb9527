"""`sen-desktop paper …` and `sen-desktop list …` as a person or a script meets them.

One demo data folder (a year of meetings) is built for the module; each test copies it,
so papers, versions and refusals never leak between tests. Most tests call ``main(argv)``
in this process (fast); a few run the real program in a subprocess for the exit codes,
start-up imports and `--help` a user gets.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from sen_desktop.app import main
from tests.demo_folders import build_demo_folder, copy_demo_folder

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 180
WROTE = re.compile(
    r"^Wrote (?P<path>.+\.docx) \((?P<kind>minutes|action log|recommendation paper|pack) "
    r"(?P<reference>\S+), version (?P<version>\d+)(?P<unchanged>, unchanged)?, "
    r"(?P<classification>public|confidential)(?P<rest>, .*)?\)$"
)


# --- the data folder -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a year of demo meetings, one of them with a confidential item."""
    return build_demo_folder(tmp_path_factory.mktemp("papers-demo") / "data")


@pytest.fixture
def data(demo_folder: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo folder."""
    return copy_demo_folder(demo_folder, tmp_path)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _service_refs(data: Path) -> dict[str, str]:
    """References to use: a meeting with and one without confidential items, a group, a
    recommendation."""
    from sqlalchemy import select

    from sen_desktop.core.store.datafolder import open_programme
    from sen_desktop.core.store.models import AgendaItem, Group, Meeting
    from sen_desktop.papers.service import PapersService

    db = open_programme(data)
    try:
        service = PapersService(db.session_factory, data)
        with db.session_factory() as s:
            exempt_meeting = s.scalar(
                select(Meeting.id)
                .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
                .where(AgendaItem.exempt.is_(True), AgendaItem.deleted.is_(False))
                .limit(1)
            )
            code = s.scalar(
                select(Group.code).join(Meeting, Meeting.group_id == Group.id)
                .where(Meeting.id == exempt_meeting)
            )
        meetings = service.list_meetings()
        secret = next(m for m in meetings if m.id == exempt_meeting)
        plain = next(
            m for m in meetings
            if m.group_code == "BESD" and not service.has_confidential("minutes", m.id)
        )
        recs = service.list_recommendations()
        assert recs, "the demo raises recommendations"
        plain_group = next(
            g.reference for g in service.list_groups()
            if not service.has_confidential("action_log", g.id)
        )
        return {
            "plain_group": plain_group,
            "secret_meeting": secret.reference,
            "secret_group": str(code),
            "plain_meeting": plain.reference,
            "recommendation": recs[0].reference,
        }
    finally:
        db.close()


@pytest.fixture
def refs(data: Path) -> dict[str, str]:
    return _service_refs(data)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_process(data: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    home = data.parent / "home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "QT_QPA_PLATFORM": "offscreen",
            "COLUMNS": "100",
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "sen_desktop", "--data-dir", str(data), *map(str, args)],
        cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=TIMEOUT, check=False,
    )


def _wrote(stdout: str) -> re.Match[str]:
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    match = WROTE.match(lines[0])
    assert match is not None, lines[0]
    return match


def _all_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


# --- --help ----------------------------------------------------------------------------


def test_help_lists_the_paper_and_list_commands(tmp_path: Path) -> None:
    top = run_process(tmp_path / "data", "--help")
    assert top.returncode == 0, top.stderr
    assert re.search(r"^\s+paper\s+\S+", top.stdout, re.MULTILINE)
    assert re.search(r"^\s+list\s+\S+", top.stdout, re.MULTILINE)
    paper = run_process(tmp_path / "data", "paper", "--help")
    assert paper.returncode == 0
    for kind in ("minutes", "action-log", "recommendation", "pack"):
        assert re.search(rf"^\s+{kind}\b", paper.stdout, re.MULTILINE), kind
    pack = run_process(tmp_path / "data", "paper", "pack", "--help")
    for option in ("--title", "--item", "--body", "--date", "--out", "--confidential"):
        assert option in pack.stdout
    listing = run_process(tmp_path / "data", "list", "--help")
    assert "groups|meetings|recommendations" in listing.stdout and "--group" in listing.stdout
    # --help never opens (or creates) the data folder.
    assert not (tmp_path / "data").exists()


# --- list ------------------------------------------------------------------------------


def _rows(stdout: str) -> list[tuple[str, str]]:
    rows = []
    for line in stdout.splitlines():
        assert line.count("\t") == 1, repr(line)
        reference, title = line.split("\t")
        assert reference and title and reference == reference.strip()
        rows.append((reference, title))
    return rows


def test_list_groups_meetings_and_recommendations(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    code, stdout, _ = run(capsys, "--data-dir", data, "list", "groups")
    assert code == 0
    groups = _rows(stdout)
    assert ("SG", "Strategy Steering Group") in groups
    assert ("BESD", "BESD Working Group") in groups
    assert [ref for ref, _ in groups][:1] == ["SG"]  # programme order

    code, stdout, _ = run(capsys, "--data-dir", data, "list", "meetings", "--group", "besd")
    assert code == 0
    meetings = _rows(stdout)
    assert len(meetings) == 12
    assert [ref for ref, _ in meetings] == [f"BESD/{n}" for n in range(1, 13)]
    assert meetings[0] == ("BESD/1", "BESD Working Group, meeting 1, Tuesday 7 September 2010")
    for _ref, title in meetings:
        assert re.fullmatch(
            r"BESD Working Group, meeting \d+, [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}"
            r"(, cancelled)?", title
        ), title

    code, stdout, _ = run(capsys, "--data-dir", data, "list", "meetings")
    every = _rows(stdout)
    assert len(every) > len(meetings)
    assert {ref.split("/")[0] for ref, _ in every} >= {"SG", "BESD", "CL", "PD", "ASD", "PCRG"}

    code, stdout, _ = run(capsys, "--data-dir", data, "list", "recommendations")
    assert code == 0
    recs = _rows(stdout)
    assert recs and all(re.fullmatch(r"[A-Z]+-R\d+", ref) for ref, _ in recs)
    code, stdout, _ = run(
        capsys, "--data-dir", data, "list", "recommendations", "--group", "BESD"
    )
    besd = _rows(stdout)
    assert besd and all(ref.startswith("BESD-R") for ref, _ in besd)
    assert set(besd) <= set(recs)


def test_list_in_a_real_process_prints_tab_separated_lines(data: Path) -> None:
    result = run_process(data, "list", "meetings", "--group", "SG")
    assert result.returncode == 0, result.stderr
    rows = _rows(result.stdout)
    assert rows[0][0] == "SG/1" and rows[0][1].startswith("Strategy Steering Group, meeting 1, ")


# --- papers ----------------------------------------------------------------------------


def test_minutes_in_a_real_process(data: Path, out: Path, refs: dict[str, str]) -> None:
    target = out / "minutes.docx"
    result = run_process(data, "paper", "minutes", "--meeting", refs["plain_meeting"],
                         "--out", target)
    assert result.returncode == 0, result.stderr
    match = _wrote(result.stdout)
    code, number = refs["plain_meeting"].split("/")
    assert match["kind"] == "minutes" and match["reference"] == f"{code}/M{number}"
    assert match["version"] == "1" and match["classification"] == "public"
    assert Path(match["path"]) == target
    text = _all_text(target)
    assert "MINUTES" in text and "UNRESTRICTED" in text


def test_each_paper_kind_writes_a_document_word_can_open(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path, refs: dict[str, str]
) -> None:
    base = ["--data-dir", str(data), "paper"]
    cases = [
        ("minutes", ["minutes", "--meeting", refs["plain_meeting"]]),
        ("action log", ["action-log", "--group", "BESD"]),
        ("action log", ["action-log"]),
        ("recommendation paper", ["recommendation", "--recommendation", refs["recommendation"]]),
        ("pack", ["pack", "--title", "Papers for SMT", "--body", "SMT", "--date", "2011-10-06",
                  "--item", f"minutes:{refs['plain_meeting']}", "--item", "action-log:BESD",
                  "--item", f"recommendation:{refs['recommendation']}"]),
    ]
    references = []
    for n, (kind, args) in enumerate(cases):
        target = out / f"paper-{n}.docx"
        code, stdout, stderr = run(capsys, *base, *args, "--out", target)
        assert code == 0, stderr
        if kind == "pack":  # a second line says how the contents' page numbers were settled
            stdout, _, note = stdout.rstrip("\n").partition("\n")
            assert "contents' page numbers" in note
        match = _wrote(stdout)
        assert match["kind"] == kind
        references.append(match["reference"])
        document = docx.Document(str(target))  # python-docx opens it
        assert document.paragraphs or document.tables
        footer = " ".join(p.text for p in document.sections[0].footer.paragraphs)
        assert match["reference"] in footer or kind == "pack"
    assert references[1] == "BESD/AL" and references[2] == "ALL/AL"
    assert references[3] == f"{refs['recommendation']}/P"
    assert references[4].startswith("PACK/")
    assert _wrote(stdout)["rest"] == ", 3 papers"


def test_references_are_case_blind_and_ids_work_too(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path, refs: dict[str, str]
) -> None:
    code, stdout, stderr = run(capsys, "--data-dir", data, "paper", "minutes",
                               "--meeting", refs["plain_meeting"].lower(),
                               "--out", out / "a.docx")
    assert code == 0, stderr
    code, stdout, stderr = run(capsys, "--data-dir", data, "paper", "recommendation",
                               "--recommendation", refs["recommendation"].lower(),
                               "--out", out / "b.docx")
    assert code == 0, stderr


def test_confidential_version_holds_what_the_public_one_withholds(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path, refs: dict[str, str]
) -> None:
    public, secret = out / "public.docx", out / "confidential.docx"
    base = ["--data-dir", str(data), "paper", "minutes", "--meeting", refs["secret_meeting"]]
    code, stdout, stderr = run(capsys, *base, "--out", public)
    assert code == 0, stderr
    assert _wrote(stdout)["classification"] == "public"
    code, stdout, stderr = run(capsys, *base, "--out", secret, "--confidential")
    assert code == 0, stderr
    assert _wrote(stdout)["classification"] == "confidential"
    public_text, secret_text = _all_text(public), _all_text(secret)
    assert "UNRESTRICTED" in public_text and "withheld" in public_text
    assert "RESTRICTED — not for publication" in secret_text
    assert "CONFIDENTIAL ITEMS" in secret_text and "CONFIDENTIAL ITEMS" not in public_text


def test_regenerating_unchanged_keeps_the_version(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path, refs: dict[str, str]
) -> None:
    args = ["--data-dir", str(data), "paper", "action-log", "--group", "BESD",
            "--out", str(out / "log.docx")]
    assert run(capsys, *args)[0] == 0
    code, stdout, _ = run(capsys, *args)
    match = _wrote(stdout)
    assert match["version"] == "1" and match["unchanged"]


# --- refusals: exit 2, one line, nothing written ---------------------------------------


def _refused(
    capsys: pytest.CaptureFixture[str], *args: str | Path
) -> str:
    code, stdout, stderr = run(capsys, *args)
    assert code == 2, (stdout, stderr)
    assert stdout == ""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("sen-desktop: ")
    return lines[0]


def test_unknown_references_say_which_list_shows_them(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path
) -> None:
    target = out / "x.docx"
    line = _refused(capsys, "--data-dir", data, "paper", "minutes", "--meeting", "BESD/99",
                    "--out", target)
    assert line == (
        "sen-desktop: No meeting BESD/99: `sen-desktop list meetings --group BESD` "
        "shows the meetings."
    )
    line = _refused(capsys, "--data-dir", data, "paper", "minutes", "--meeting", "NOPE/1",
                    "--out", target)
    assert "No meeting NOPE/1" in line and "`sen-desktop list groups`" in line
    line = _refused(capsys, "--data-dir", data, "paper", "action-log", "--group", "XYZ",
                    "--out", target)
    assert line == "sen-desktop: No group XYZ: `sen-desktop list groups` shows the groups."
    line = _refused(capsys, "--data-dir", data, "paper", "recommendation",
                    "--recommendation", "BESD-R999", "--out", target)
    assert line == (
        "sen-desktop: No recommendation BESD-R999: `sen-desktop list recommendations "
        "--group BESD` shows the recommendations."
    )
    line = _refused(capsys, "--data-dir", data, "paper", "pack", "--title", "T",
                    "--item", "minutes:BESD/99", "--out", target)
    assert "No meeting BESD/99" in line
    line = _refused(capsys, "--data-dir", data, "paper", "pack", "--title", "T",
                    "--item", "agenda:BESD/1", "--out", target)
    assert "minutes, action-log or recommendation" in line
    line = _refused(capsys, "--data-dir", data, "list", "meetings", "--group", "XYZ")
    assert "No group XYZ" in line
    assert not target.exists()


def test_bad_options_are_refused_before_the_data_folder_is_opened(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, out: Path
) -> None:
    missing = tmp_path / "never-created"
    for args, mentions in (
        (["paper", "minutes", "--meeting", "BESD/1", "--out", out / "m.doc"], ".docx"),
        (["paper", "minutes", "--meeting", "BESD/1", "--out", out / "m.pdf"], ".docx"),
        (["paper", "minutes", "--out", out / "m.docx"], "--meeting"),
        (["paper", "pack", "--title", "T", "--out", out / "p.docx"], "--item"),
        (["paper", "pack", "--title", "T", "--item", "minutes:SG/1", "--date", "6/10/2011",
          "--out", out / "p.docx"], "YYYY-MM-DD"),
        (["paper", "provision-map", "--out", out / "map.docx"], "--group"),
        (["paper", "consultation", "--out", out / "c.docx"], "--consultation"),
        (["paper", "provision-map", "--group", "BESD", "--out", out / "map.doc"], ".docx"),
        (["paper", "policy", "--group", "BESD", "--version", "0", "--out", out / "p.docx"],
         "whole number"),
        (["paper"], "recommendation, provision-map, policy, consultation or pack"),
        (["list"], "groups"),
        (["list", "people"], "people"),
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(["--data-dir", str(missing), *map(str, args)])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and mentions in err[0], (args, err)
    assert not missing.exists()


def test_confidential_refused_for_a_paper_with_no_confidential_items(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path, refs: dict[str, str]
) -> None:
    target = out / "m.docx"
    target.write_bytes(b"the chair's copy")
    line = _refused(capsys, "--data-dir", data, "paper", "minutes", "--meeting",
                    refs["plain_meeting"], "--out", target, "--confidential")
    assert "no confidential items" in line and "leave out --confidential" in line
    assert target.read_bytes() == b"the chair's copy"
    line = _refused(capsys, "--data-dir", data, "paper", "action-log", "--group",
                    refs["plain_group"],
                    "--out", target, "--confidential")
    assert "no confidential items" in line


def test_a_folder_or_a_missing_folder_as_target_is_refused(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path, refs: dict[str, str]
) -> None:
    folder = out / "looks-like.docx"
    folder.mkdir()
    line = _refused(capsys, "--data-dir", data, "paper", "minutes", "--meeting",
                    refs["plain_meeting"], "--out", folder)
    assert "is a folder" in line
    line = _refused(capsys, "--data-dir", data, "paper", "minutes", "--meeting",
                    refs["plain_meeting"], "--out", out / "no-such-folder" / "m.docx")
    assert "does not exist" in line


def test_a_file_open_in_another_program_is_reported_and_left_intact(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path, refs: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = out / "minutes.docx"
    target.write_bytes(b"yesterday's minutes, open in Word")

    def locked(_src: object, _dst: object) -> None:
        # What Windows says when Word holds the file: the rename is refused.
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    line = _refused(capsys, "--data-dir", data, "paper", "minutes", "--meeting",
                    refs["plain_meeting"], "--out", target)
    assert "could not be replaced" in line and "open in Word" in line
    assert target.read_bytes() == b"yesterday's minutes, open in Word"
    assert sorted(p.name for p in out.iterdir()) == ["minutes.docx"]  # no temp file left


def test_a_read_only_folder_is_reported(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path, refs: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    def read_only(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    # Root (as in containers) may write anywhere, so the folder's refusal is simulated.
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    line = _refused(capsys, "--data-dir", data, "paper", "action-log", "--out",
                    out / "log.docx")
    assert "read-only" in line
    assert list(out.iterdir()) == []


def test_a_refusal_in_a_real_process_exits_2_with_one_line(data: Path, out: Path) -> None:
    result = run_process(data, "paper", "recommendation", "--recommendation", "SG-R1",
                         "--out", out / "p.docx")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "sen-desktop: No recommendation SG-R1: `sen-desktop list recommendations --group SG` "
        "shows the recommendations."
    ]


def test_pack_items_are_read_as_kind_and_reference() -> None:
    from sen_desktop.core.errors import ValidationError
    from sen_desktop.papers.service import PackItem

    assert PackItem.parse("minutes:BESD/12") == PackItem("minutes", "BESD/12")
    # "action-log" on the command line, "action_log" in code (papers.kinds), either read.
    assert PackItem.parse(" Action_Log : besd ") == PackItem("action_log", "besd")
    assert PackItem.parse("action-log:BESD") == PackItem("action_log", "BESD")
    assert PackItem.parse("action-log:") == PackItem("action_log", "ALL")
    assert PackItem.parse("action-log") == PackItem("action_log", "ALL")
    assert PackItem.parse("recommendation:BESD-R3") == PackItem("recommendation", "BESD-R3")
    for bad in ("minutes", "minutes:", "agenda:SG/1", "BESD/12"):
        with pytest.raises(ValidationError):
            PackItem.parse(bad)


def test_a_title_with_emoji_and_right_to_left_text_stays_on_one_line(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path
) -> None:
    from sen_desktop.core.programme.seed import group_id
    from sen_desktop.core.recommendations.service import RecommendationService
    from sen_desktop.core.store.datafolder import open_programme

    db = open_programme(data)
    try:
        rec = RecommendationService(db.session_factory).create(
            group_id("ASD"), "Sensory rooms 🧩 for every district — غرف حسية"
        )
    finally:
        db.close()
    code, stdout, _ = run(capsys, "--data-dir", data, "list", "recommendations", "--group", "ASD")
    assert code == 0
    assert (rec.reference, "Sensory rooms 🧩 for every district — غرف حسية") in _rows(stdout)
    # A recommendation with every optional field empty still makes a paper.
    code, stdout, stderr = run(capsys, "--data-dir", data, "paper", "recommendation",
                               "--recommendation", rec.reference, "--out", out / "r.docx")
    assert code == 0, stderr
    assert "Sensory rooms" in _all_text(out / "r.docx").replace("SENSORY ROOMS", "Sensory rooms")


def test_the_paper_commands_add_nothing_heavy_to_start_up() -> None:
    # `sen-desktop --help` builds the whole parser: the paper and list commands must not
    # load the store, python-docx or Qt to describe themselves.
    code = (
        "import json, sys\n"
        "from sen_desktop.app import build_parser\n"
        "build_parser().format_help()\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlalchemy', 'docx', 'docxcompose', 'lxml', 'PySide6'})\n"
        "print(json.dumps(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_an_action_log_is_dated_as_at_the_day_asked(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path
) -> None:
    target = out / "log as at.docx"
    code, stdout, stderr = run(capsys, "--data-dir", data, "paper", "action-log", "--group",
                               "BESD", "--as-at", "1/8/2011", "--out", target)
    assert code == 0, stderr
    assert "As at Monday 1 August 2011" in _all_text(target)
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(data), "paper", "action-log", "--as-at", "31/2/2011",
              "--out", str(out / "bad.docx")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["sen-desktop: error: argument --as-at: February 2011 has 28 days: "
                   "check the day."]
    assert not (out / "bad.docx").exists()


def test_a_windows_device_name_is_refused_as_the_output(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(data), "paper", "action-log", "--out", str(out / "nul.docx")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["sen-desktop: error: argument --out: nul.docx is a name Windows keeps for a "
                   "device: choose another, like nul_.docx"]


def test_list_consultations_takes_no_group(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    line = _refused(capsys, "--data-dir", data, "list", "consultations", "--group", "BESD")
    assert "consultations are the Steering Group's" in line
    code, stdout, stderr = run(capsys, "--data-dir", data, "list", "consultations")
    assert (code, stderr) == (0, "")
    assert all(len(row.split("\t")) >= 2 for row in stdout.splitlines())


def test_a_consultation_report_of_an_unknown_consultation_is_refused(
    capsys: pytest.CaptureFixture[str], data: Path, out: Path
) -> None:
    line = _refused(capsys, "--data-dir", data, "paper", "consultation", "--consultation",
                    "C9", "--out", out / "c.docx")
    assert "C9" in line
    assert not (out / "c.docx").exists()
