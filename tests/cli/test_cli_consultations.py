"""`sen-desktop consultation …` as a person or a script meets it (issue 15): the list of
consultations, a CSV of responses previewed with each bad row refused on one line of
stderr and written only with --yes (or a y on a terminal), a file that is not a table
of responses one line and exit 2, and the counts by audience, district and theme."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from sen_desktop import app
from sen_desktop.core.consultations.records import ConsultationFields, ResponseFields
from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.sync.laptop import open_laptop

if TYPE_CHECKING:
    from pathlib import Path

CSV = (
    "Respondent type,District,Response,Themes\n"
    "Schools,Dover,Keep the formula.,Funding\n"
    "Governor,Dover,A view.,\n"
    "Parents and carers,Thanet,The bus is late.,\n"
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    db = open_laptop(folder, daily_backup=False)
    try:
        service = ConsultationService(db.session_factory)
        made = service.create(ConsultationFields(
            "SEN funding options for schools", ("schools",), dt.date(2010, 10, 4),
            dt.date(2010, 11, 26)))
        service.add_theme(made.id, "Funding")
        service.add_response(made.id, ResponseFields("academies", "Fair shares."))
    finally:
        db.close()
    return folder


def responses(folder: Path) -> list[tuple[int, str, str]]:
    db = open_laptop(folder, daily_backup=False)
    try:
        detail = ConsultationService(db.session_factory).by_reference("C1")
        return [(r.number, r.respondent_type, r.district) for r in detail.responses]
    finally:
        db.close()


def test_list_prints_a_line_per_consultation(data: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["--data-dir", str(data), "consultation", "list"]) == 0
    assert capsys.readouterr().out == (
        "C1\tSEN funding options for schools\tClosed on 26 November 2010\t1 response\n")


def test_import_previews_refuses_bad_rows_and_writes_only_with_yes(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text(CSV, encoding="utf-8")
    argv = ["--data-dir", str(data), "consultation", "import-responses", "--consultation",
            "c1", str(answers)]
    assert app.main(argv) == 1
    seen = capsys.readouterr()
    assert seen.out.splitlines() == [
        "C1 SEN funding options for schools: 2 responses to import; 1 row refused.",
        "Row 2: Schools, Dover: “Keep the formula.” [Funding]",
        "Row 4: Parents and carers, Thanet: “The bus is late.”",
        "Add --yes to import the 2 responses above.",
        "Nothing was imported.",
    ]
    assert seen.err.splitlines() == [
        "Row 3: Governor is not a respondent type; use one of Schools, Parents and carers, "
        "Health, Voluntary sector, Academies, Social care, Young people, Other."]
    assert responses(data) == [(1, "academies", "")]
    assert app.main([*argv, "--yes"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Imported 2 responses into C1 (numbers 2 to 3).")
    assert responses(data) == [(1, "academies", ""), (2, "schools", "Dover"),
                               (3, "parents_carers", "Thanet")]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("Name,Comment\nJo,Fine\n", "The file has no Respondent type column: the first row"),
        ("Respondent type,Response\nGovernor,A view.\n",
         "No row of answers.csv can be imported; correct the rows above and try again."),
        (None, "There is no file answers.csv in "),
    ],
)
def test_a_bad_file_is_one_line_and_exit_2(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None,
    words: str
) -> None:
    answers = tmp_path / "answers.csv"
    if content is not None:
        answers.write_text(content, encoding="utf-8")
    code = app.main(["--data-dir", str(data), "consultation", "import-responses",
                     "--consultation", "C1", str(answers), "--yes"])
    assert code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith(f"sen-desktop: {words}")
    assert responses(data) == [(1, "academies", "")]


def test_an_unknown_consultation_is_named(data: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code = app.main(["--data-dir", str(data), "consultation", "counts", "--consultation",
                     "C7"])
    assert code == 2
    assert capsys.readouterr().err == (
        "sen-desktop: There is no consultation with the reference C7 (consultations: C1).\n")


def test_counts_by_audience_district_and_theme(data: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["--data-dir", str(data), "consultation", "counts", "--consultation",
                     "C1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "C1 SEN funding options for schools: 1 response"
    assert "  Academies\t1\t100%" in out
    assert "  No district given\t1\t100%" in out
    assert out[-1] == "  No theme tagged\t1\t100%"
