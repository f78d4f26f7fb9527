"""Responses imported from a spreadsheet saved as CSV: a preview first, then all at once.

A council runs a consultation online or on paper and keeps the answers in a
spreadsheet. ``preview`` reads the file (UTF-8, with or without Excel's byte-order mark,
or Windows' own encoding), matches its headings to a response's fields and checks each
row by the same rules as the form (``rules.response_values``): the rows that hold go in
the preview, each one that does not is refused in one sentence naming its row as the
spreadsheet numbers it (the headings are row 1); so is a row repeating, word for word,
a response already recorded or an earlier row, so a file imported twice counts nobody
twice. Nothing is written until the person confirms, and then the good rows are written
in one transaction (``ConsultationService.add_responses``). A file that cannot be read as a table of
responses at all -- not text, no headings, no respondent type or response column, no
rows -- is refused whole in one sentence.

Columns (headings in any case and order; others are listed and left out): Respondent
type (an audience in words, e.g. "Parents and carers"), Response, and optionally
District, Organisation, Contact name, Email, Phone, Themes (names separated by ";")
and Proposal (a document's label or its number in the list of documents).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sen_desktop.core.consultations.records import ResponseFields
from sen_desktop.core.consultations.rules import response_values
from sen_desktop.core.errors import SenError, ValidationError
from sen_desktop.core.validation import clean_line

if TYPE_CHECKING:
    from pathlib import Path

    from sen_desktop.core.consultations.records import ConsultationDetail
    from sen_desktop.core.consultations.rules import ResponseContext

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "respondent_type": ("respondent type", "respondent", "type of respondent", "audience"),
    "text": ("response", "comments", "comment", "text", "what they said"),
    "district": ("district", "area"),
    "organisation": ("organisation", "organization", "org"),
    "contact_name": ("contact name", "name", "contact"),
    "contact_email": ("email", "e-mail", "contact email", "email address"),
    "contact_phone": ("phone", "telephone", "contact phone", "phone number"),
    "themes": ("themes", "theme"),
    "proposal": ("proposal", "document", "proposal addressed"),
}
REQUIRED = ("respondent_type", "text")
HEADINGS = {"respondent_type": "Respondent type", "text": "Response"}


@dataclass(frozen=True)
class ImportRow:
    row: int  # as the spreadsheet numbers it (headings are row 1)
    fields: ResponseFields


@dataclass(frozen=True)
class Refusal:
    row: int
    reason: str

    @property
    def sentence(self) -> str:
        return f"Row {self.row}: {self.reason}"


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[ImportRow, ...]
    refusals: tuple[Refusal, ...]
    ignored_columns: tuple[str, ...]

    @property
    def summary(self) -> str:
        """ "12 responses to import; 2 rows refused." """
        good = len(self.rows)
        words = f"{good} response{'s' if good != 1 else ''} to import"
        if self.refusals:
            bad = len(self.refusals)
            words += f"; {bad} row{'s' if bad != 1 else ''} refused"
        return words + "."


def read_table(data: bytes) -> list[list[str]]:
    """The file's rows as lists of cells; one sentence when it is not a CSV table."""
    if len(data) > MAX_BYTES:
        raise ValidationError("The file is larger than 20 MB; split it into smaller files.",
                              field="file")
    if b"\x00" in data[:4096]:
        raise ValidationError("The file is not a CSV file: save the spreadsheet as "
                              "\u201cCSV (comma delimited)\u201d and choose that file.",
                              field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        sample = text[:4096]
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise ValidationError(f"The file cannot be read as CSV ({error}); save the "
                              "spreadsheet again as CSV and choose that file.",
                              field="file") from error
    return rows


def preview(detail: ConsultationDetail, context: ResponseContext, data: bytes) -> ImportPreview:
    """Check every row of the file against the consultation; nothing is written."""
    table = read_table(data)
    while table and not any(clean_line(c) for c in table[0]):
        table.pop(0)
    if not table:
        raise ValidationError("The file is empty: it has no headings and no responses.",
                              field="file")
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, heading in enumerate(table[0]):
        key = " ".join(clean_line(heading).casefold().replace("_", " ").split())
        name = next((n for n, words in COLUMNS.items() if key in words), None)
        if name is None or name in columns:
            if clean_line(heading):
                ignored.append(clean_line(heading))
            continue
        columns[name] = index
    missing = [HEADINGS[n] for n in REQUIRED if n not in columns]
    if missing:
        raise ValidationError(
            f"The file has no {' or '.join(missing)} column: the first row must hold the "
            "headings, including Respondent type and Response.",
            field="file",
        )
    body = [(number, cells) for number, cells in enumerate(table[1:], start=2)
            if any(clean_line(c) for c in cells)]
    if not body:
        raise ValidationError("The file has headings but no responses under them.",
                              field="file")
    if len(body) > MAX_ROWS:
        raise ValidationError(f"The file has {len(body):,} responses; import at most "
                              f"{MAX_ROWS:,} at a time.", field="file")
    rows: list[ImportRow] = []
    refusals: list[Refusal] = []
    # A file imported twice, or a row pasted twice, must not count a response twice.
    seen: dict[tuple[str, str, str, str], str] = {
        _same(r.respondent_type, r.district, r.organisation, r.text): f"response {r.number}"
        for r in detail.responses
    }
    for number, cells in body:
        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        try:
            fields = ResponseFields(
                respondent_type=cell("respondent_type"), text=cell("text"),
                district=cell("district"), organisation=cell("organisation"),
                contact_name=cell("contact_name"), contact_email=cell("contact_email"),
                contact_phone=cell("contact_phone"),
                themes=themes_named(cell("themes"), detail),
                document_id=proposal_named(cell("proposal"), detail),
            )
            values = response_values(fields, context)
        except SenError as error:
            refusals.append(Refusal(number, error.message))
            continue
        same = _same(values["respondent_type"], values["district"], values["organisation"],
                     values["text"])
        if same in seen:
            refusals.append(Refusal(number, f"it repeats {seen[same]} word for word, so it "
                                            "was left out."))
            continue
        seen[same] = f"row {number}"
        rows.append(ImportRow(number, fields))
    return ImportPreview(tuple(rows), tuple(refusals), tuple(ignored))


def preview_file(detail: ConsultationDetail, context: ResponseContext,
                 path: Path) -> ImportPreview:
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise ValidationError(f"There is no file {path.name} in {path.parent}.",
                              field="file") from error
    except IsADirectoryError as error:
        raise ValidationError(f"{path.name} is a folder; choose a CSV file.",
                              field="file") from error
    except PermissionError as error:
        raise ValidationError(f"{path.name} cannot be read: this account may not open it.",
                              field="file") from error
    return preview(detail, context, data)


def _same(kind: str, district: str, organisation: str,
          text: str) -> tuple[str, str, str, str]:
    """What makes two responses the same one: who, where, from which body, what words."""
    return (kind, district.casefold(), " ".join(organisation.split()).casefold(),
            " ".join(text.split()).casefold())


def themes_named(text: str, detail: ConsultationDetail) -> tuple[str, ...]:
    """The ids of the consultation's themes named in ``text`` (separated by ";")."""
    names = [clean_line(part) for part in text.replace("|", ";").split(";")]
    by_name = {theme.name.casefold(): theme.id for theme in detail.themes}
    out: list[str] = []
    for name in (n for n in names if n):
        theme = by_name.get(name.casefold())
        if theme is None:
            known = ", ".join(t.name for t in detail.themes) or "none yet"
            raise ValidationError(
                f"{name} is not one of this consultation's themes ({known}); add the theme "
                "first or correct the name.", field="themes")
        out.append(theme)
    return tuple(out)


def proposal_named(text: str, detail: ConsultationDetail) -> str | None:
    """The document named by its number in the list or its label; None for nothing."""
    wanted = clean_line(text)
    if not wanted:
        return None
    for number, document in enumerate(detail.documents, start=1):
        if wanted == str(number) or wanted.casefold() in (
            document.label.casefold(), document.words.casefold()
        ):
            return document.id
    count = len(detail.documents)
    choices = (f"a number from 1 to {count} or a document's name" if count
               else "nothing: this consultation has no documents yet")
    raise ValidationError(f"{wanted} is not one of the documents consulted on; give {choices}.",
                          field="document")
