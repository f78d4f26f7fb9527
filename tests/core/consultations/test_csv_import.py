"""Responses imported from a CSV (issue 15): a preview of the rows that hold, one
sentence per refused row naming its spreadsheet row, a file that is not a table of
responses refused whole, and nothing written until the good rows are confirmed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from sen_desktop.core.consultations.csv_import import preview, preview_file
from sen_desktop.core.consultations.records import ConsultationFields
from sen_desktop.core.consultations.service import ConsultationService
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.store.models import Paper

if TYPE_CHECKING:
    from pathlib import Path

    from store_helpers import Store

    from sen_desktop.core.consultations.csv_import import ImportPreview

GOOD = (
    "Timestamp,Respondent type,District,Organisation,Contact name,Email,Phone,Response,"
    "Themes,Proposal\n"
    "1/11/2010,School,Dover,Oakfield School,Jo Head,head@oak.kent.sch.uk,01304 111222,"
    '"Keep the formula,\nplease.",Funding,1\n'
    ",Parents and carers,,,,,,Buses are too far.,Transport; funding,\n"
    ",,,,,,,,,\n"
    ",Governor,Dover,,,,,A view.,,\n"
    ",schools,Kent,,,,,A view.,,\n"
    ",schools,Dover,,,,,A view.,Parking,\n"
    ",schools,Dover,,,not-an-email,,A view.,,\n"
    ",schools,Dover,,,,,A view.,,7\n"
    ",health,,,,,,,,\n"
)


@pytest.fixture
def service(store: Store) -> ConsultationService:
    return ConsultationService(store.session_factory)


@pytest.fixture
def consultation(service: ConsultationService, store: Store) -> str:
    made = service.create(ConsultationFields("Funding", ("schools",), dt.date(2010, 10, 4),
                                             dt.date(2010, 11, 26)))
    service.add_theme(made.id, "Funding")
    service.add_theme(made.id, "Transport")
    with store.session_factory.begin() as s:  # a paper to consult on
        paper = Paper(kind="report", reference="SG/2010/4", title="Funding options",
                      sha256="0" * 64, created_at="2010-09-30T09:00:00+00:00")
        s.add(paper)
        s.flush()
        paper_id = paper.id
    service.add_document(made.id, "paper", paper_id)
    return made.id


def run(service: ConsultationService, consultation: str, text: str | bytes) -> ImportPreview:
    detail = service.detail(consultation)
    data = text.encode("utf-8") if isinstance(text, str) else text
    return preview(detail, service.response_context(consultation), data)


def test_good_rows_are_previewed_and_each_bad_row_refused_in_one_sentence(
    service: ConsultationService, consultation: str
) -> None:
    seen = run(service, consultation, GOOD)
    assert [r.row for r in seen.rows] == [2, 3]
    assert seen.rows[0].fields.text == "Keep the formula,\nplease."
    assert seen.ignored_columns == ("Timestamp",)
    assert [r.sentence for r in seen.refusals] == [
        "Row 5: Governor is not a respondent type; use one of Schools, Parents and carers, "
        "Health, Voluntary sector, Academies, Social care, Young people, Other.",
        "Row 6: Kent is not one of the programme's districts; choose one from the list.",
        "Row 7: Parking is not one of this consultation's themes (Funding, Transport); add "
        "the theme first or correct the name.",
        "Row 8: Enter an email address like name@kent.gov.uk.",
        "Row 9: 7 is not one of the documents consulted on; give a number from 1 to 1 or a "
        "document's name.",
        "Row 10: Type what the respondent said.",
    ]
    assert seen.summary == "2 responses to import; 6 rows refused."
    assert service.detail(consultation).responses == ()
    service.add_responses(consultation, [row.fields for row in seen.rows])
    written = service.detail(consultation)
    assert [(r.number, r.respondent_type, r.district) for r in written.responses] == [
        (1, "schools", "Dover"), (2, "parents_carers", "")]
    assert written.theme_names(written.responses[1].themes) == ("Transport", "Funding")
    assert written.responses[0].document_id == written.documents[0].id


def test_windows_encoding_semicolons_and_excel_bom_are_read(
    service: ConsultationService, consultation: str
) -> None:
    text = "Respondent type;Response;Organisation\nSchools;Zoë’s view;École\n"
    for data in (text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        seen = run(service, consultation, data)
        assert [(r.fields.text, r.fields.organisation) for r in seen.rows] == [
            ("Zoë’s view", "École")]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "The file is empty: it has no headings and no responses."),
        (b"Name,Comment\nJo,Fine\n", "The file has no Respondent type column: the first row"),
        (b"Respondent type,Response\n,\n", "The file has headings but no responses under them."),
        (b"PK\x03\x04\x00\x00binary", "The file is not a CSV file: save the spreadsheet as"),
    ],
)
def test_a_file_that_is_not_a_table_of_responses_is_refused_whole(
    service: ConsultationService, consultation: str, data: bytes, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        run(service, consultation, data)
    assert caught.value.message.startswith(words)
    assert caught.value.field == "file"


def test_a_missing_file_is_named(service: ConsultationService, consultation: str,
                                 tmp_path: Path) -> None:
    detail = service.detail(consultation)
    with pytest.raises(ValidationError, match=r"There is no file answers\.csv in "):
        preview_file(detail, service.response_context(consultation), tmp_path / "answers.csv")


def test_a_row_repeating_a_response_word_for_word_is_left_out(
    service: ConsultationService, consultation: str
) -> None:
    text = ("Respondent type,District,Response\nSchools,Dover,Keep the formula.\n"
            "Schools,dover,Keep  the formula.\nAcademies,Dover,Keep the formula.\n")
    first = run(service, consultation, text)
    assert [r.row for r in first.rows] == [2, 4]
    assert [r.sentence for r in first.refusals] == [
        "Row 3: it repeats row 2 word for word, so it was left out."]
    service.add_responses(consultation, [row.fields for row in first.rows])
    again = run(service, consultation, text)
    assert again.rows == ()
    assert [r.sentence for r in again.refusals] == [
        "Row 2: it repeats response 1 word for word, so it was left out.",
        "Row 3: it repeats response 1 word for word, so it was left out.",
        "Row 4: it repeats response 2 word for word, so it was left out.",
    ]
