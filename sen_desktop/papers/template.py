"""The house-style templates papers start from, and the check on a user's replacement.

``resources/templates/paper-portrait.docx`` and ``paper-landscape.docx`` (built by
``tools/build_templates.py``) carry the County's house style: A4, margins 2.5 cm, Arial 12,
the heading, numbered-paragraph, header, footer and table styles the generators use by
name. A user may put a replacement of the same file name in ``<data folder>/templates/``
(their own fonts, colours, spacing); it is used only if it defines every style in
``TEMPLATE_STYLES``, else it is refused with a message naming what it lacks
(docs/contributing.md) — a paper silently falling back to Word's defaults would look
wrong in print.
"""

from __future__ import annotations

import io
import zipfile
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Final

import docx
from docx.enum.style import WD_STYLE_TYPE

from sen_desktop.core.errors import ValidationError

if TYPE_CHECKING:
    from docx.document import Document

_PACKAGE: Final = "sen_desktop.resources"

#: Template kinds and their file names (the same name in the data folder replaces one).
TEMPLATE_FILES: Final = {
    "portrait": "paper-portrait.docx",
    "landscape": "paper-landscape.docx",
}

#: Every style a generator uses, by name, and its type. A template lacking one is refused.
TEMPLATE_STYLES: Final[dict[str, WD_STYLE_TYPE]] = {
    "Normal": WD_STYLE_TYPE.PARAGRAPH,
    "Paper Title": WD_STYLE_TYPE.PARAGRAPH,  # the group heading / subject, bold capitals
    "Heading 1": WD_STYLE_TYPE.PARAGRAPH,  # section headings ("CONFIDENTIAL ITEMS")
    "Heading 2": WD_STYLE_TYPE.PARAGRAPH,  # numbered items: "12.<tab>Title" hanging
    "Heading 3": WD_STYLE_TYPE.PARAGRAPH,  # sub-headings inside an item
    "Para 1.1": WD_STYLE_TYPE.PARAGRAPH,  # "12.1<tab>text", hanging indent
    "Para Indent": WD_STYLE_TYPE.PARAGRAPH,  # unnumbered text aligned with numbered text
    "Sub-point (a)": WD_STYLE_TYPE.PARAGRAPH,  # "(a)<tab>text", indented further
    "Attendance": WD_STYLE_TYPE.PARAGRAPH,  # "PRESENT:<tab>names", hanging at 4 cm
    "Paper Header": WD_STYLE_TYPE.PARAGRAPH,
    "Paper Footer": WD_STYLE_TYPE.PARAGRAPH,
    "Table Text": WD_STYLE_TYPE.PARAGRAPH,
    "Table Heading": WD_STYLE_TYPE.PARAGRAPH,
    "Paper Table": WD_STYLE_TYPE.TABLE,  # ruled grid
    "Plain Table": WD_STYLE_TYPE.TABLE,  # no borders (label/value layouts)
}


class TemplateError(ValidationError):
    """A replacement template cannot be used; nothing was generated."""


def replacement_path(kind: str, data_dir: Path | None) -> Path | None:
    """Where a user's replacement template for ``kind`` would be (None without a folder)."""
    if data_dir is None:
        return None
    # Edit > Settings may point this laptop at another templates folder.
    from sen_desktop.core.programme.laptop_settings import templates_dir

    return templates_dir(Path(data_dir)) / TEMPLATE_FILES[_check_kind(kind)]


def _check_kind(kind: str) -> str:
    if kind not in TEMPLATE_FILES:
        raise ValueError(f"template kind must be one of {tuple(TEMPLATE_FILES)}, not {kind!r}")
    return kind


def builtin_template_bytes(kind: str) -> bytes:
    """The house template shipped with the program (read by name: docs/contributing.md)."""
    name = TEMPLATE_FILES[_check_kind(kind)]
    return files(_PACKAGE).joinpath("templates", name).read_bytes()


def missing_styles(document: Document) -> list[str]:
    """The names in ``TEMPLATE_STYLES`` the document does not define (with that type)."""
    found = {(style.name, style.type) for style in document.styles}
    return [
        name for name, kind in TEMPLATE_STYLES.items() if (name, kind) not in found
    ]


def load_template(kind: str, data_dir: Path | None = None) -> Document:
    """A new document from the ``kind`` template ("portrait" or "landscape"): the
    replacement in ``<data_dir>/templates/`` when there is one, else the house template.

    Raises TemplateError naming the file and the missing styles if a replacement lacks
    any of ``TEMPLATE_STYLES``, or if it is not a Word document.
    """
    replacement = replacement_path(kind, data_dir)
    if replacement is not None and replacement.is_file():
        return _open_replacement(replacement)
    return docx.Document(io.BytesIO(builtin_template_bytes(kind)))


def _open_replacement(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TemplateError(
            f"The template {path} could not be read ({error.strerror or error}). "
            "Close it in Word, or remove it to use the house template.",
            field="template",
        ) from error
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TemplateError(
            f"The template {path} is not a Word document (.docx). Save it from Word as "
            "“Word Document (*.docx)”, or remove it to use the house template.",
            field="template",
        ) from error
    except Exception as error:  # python-docx raises its own types for odd packages
        raise TemplateError(
            f"The template {path} could not be opened as a Word document ({error}). "
            "Remove it to use the house template.",
            field="template",
        ) from error
    missing = missing_styles(document)
    if missing:
        names = ", ".join(f"“{name}”" for name in missing)
        noun = "style" if len(missing) == 1 else "styles"
        raise TemplateError(
            f"The template {path} lacks the {noun} {names} that papers need. Add "
            f"{'it' if len(missing) == 1 else 'them'} in Word (Styles pane, New Style), "
            "or remove the file to use the house template.",
            field="template",
        )
    return document
