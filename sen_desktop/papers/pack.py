"""A pack of papers for SMT, Cabinet or a group: cover, contents, then each paper.

docs/formats.md, "Pack": a cover page (the body, the meeting date, "Papers for the
meeting of …"), a contents table (item, title, paper reference, version, page) whose page
numbers are already there when the file is opened (and Word can update them), then each
paper from a new page, keeping its own header and its entry in the navigation pane (each
paper's title is at outline level 1), with the page numbers running through the pack in
the footer.

How it is put together:
- Each paper is rendered by its own generator (the confidential version where the pack
  is confidential and the paper has confidential items, else the public one) and its
  version settled against the paper register exactly as ``output.publish`` would, so the
  contents can show it; the papers are recorded in the register only once the pack has
  been written.
- ``pack_compose.compose`` writes the cover and contents and appends the papers, each
  closed with a section of its own (its page setup, header and footer).
- ``pack_pages.number_contents`` writes the contents' page numbers where LibreOffice is
  installed, else leaves them for Word (``PackRecord.page_numbers`` says which).
- ``progress`` (a ``core.progress.Progress``) is told before each paper, before putting
  the pack together, before numbering its pages and before saving; Cancel stops the pack
  at the next of these with nothing written and nothing recorded (``Cancelled``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.progress import NO_PROGRESS, Cancelled, Progress
from sen_desktop.core.validation import uk_date
from sen_desktop.papers import action_log, action_log_data, minutes, minutes_data, recommendation
from sen_desktop.papers.document import minutes_reference, pack_reference
from sen_desktop.papers.kinds import (
    ACTION_LOG,
    MINUTES,
    PACK,
    PAPER_KINDS,
    RECOMMENDATION,
    paper_kind,
)
from sen_desktop.papers.output import (
    PaperRecord,
    PaperRegistry,
    PaperServices,
    paper_services,
    publish,
    settle_version,
)
from sen_desktop.papers.pack_compose import compose
from sen_desktop.papers.pack_pages import (
    BOOKMARK_PREFIX,
    NOT_ASKED,
    PAGES_LEFT_FOR_WORD,
    number_contents,
)
from sen_desktop.papers.text import one_line

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from docx.document import Document

KIND: Final = PACK
PUBLIC_NOTE: Final = "public version: confidential items withheld"
CONFIDENTIAL_NOTE: Final = "confidential version"


@dataclass(frozen=True)
class PackRecord(PaperRecord):
    """A written pack's record, with how its contents' page numbers were settled."""

    page_numbers: str = PAGES_LEFT_FOR_WORD  # PAGES_COMPUTED or PAGES_LEFT_FOR_WORD
    page_numbers_note: str = ""  # one sentence for the export dialog and command line


@dataclass(frozen=True)
class PackPaper:
    """One paper in the pack, as its contents line shows it."""

    number: int  # 1, 2 … in the pack's order
    kind: str  # the register's kind: "minutes", "action_log", "recommendation"
    reference: str  # "BESD/M12"
    title: str
    version: int
    sha256: str  # the paper's own bytes, as its register entry records them
    confidential: bool  # the confidential version is in the pack
    has_confidential: bool  # the paper has confidential items at all
    new_version: bool  # the register gets a new version of it when the pack is written

    @property
    def bookmark(self) -> str:
        return f"{BOOKMARK_PREFIX}{self.number}"

    @property
    def contents_title(self) -> str:
        if self.confidential:
            return f"{self.title}\n({CONFIDENTIAL_NOTE})"
        if self.has_confidential:
            return f"{self.title}\n({PUBLIC_NOTE})"
        return self.title


# --- the papers ------------------------------------------------------------------------


def _item_parts(item: Any) -> tuple[str, str | None]:
    """(kind, id) from a (kind, id) pair or an object with ``kind`` and ``id``."""
    if isinstance(item, tuple | list):
        kind, ref_id = item
    else:
        kind, ref_id = item.kind, item.id
    kind = paper_kind(str(kind))
    if kind not in PAPER_KINDS:
        raise ValidationError(
            f"“{kind}” is not a kind of paper a pack can hold: choose minutes, action-log "
            "or recommendation.",
            field="items",
        )
    if ref_id is None and kind != ACTION_LOG:
        raise ValidationError(f"Say which {kind} paper to put in the pack.", field="items")
    return kind, ref_id


@dataclass
class _Rendered:
    document: Document
    kind: str
    reference: str
    title: str
    confidential: bool
    has_confidential: bool


def _render(
    ps: PaperServices,
    kind: str,
    ref_id: str | None,
    confidential: bool,
    data_dir: Path | None,
    as_at: dt.date | None = None,
) -> _Rendered:
    """One paper of the pack; an action log is as at the pack's date (``as_at``; None: as
    at the last meeting held, ``action_log_data.log_date``)."""
    if kind == MINUTES:
        assert ref_id is not None
        has = minutes_data.has_confidential(ps, ref_id)
        use = confidential and has
        doc = minutes.render_minutes(ps, ref_id, confidential=use, data_dir=data_dir)
        meeting = ps.meetings.summary(ref_id)
        return _Rendered(
            doc,
            MINUTES,
            minutes_reference(meeting.group_code, meeting.number),
            f"Minutes of the {one_line(meeting.group_name)}, {uk_date(meeting.date)}",
            use,
            has,
        )
    if kind == ACTION_LOG:
        dated = {} if as_at is None else {"as_at": as_at}
        log = action_log_data.gather(ps, ref_id, confidential, **dated)
        has = bool(log.exempt_item_ids)
        if confidential and not has:
            log = action_log_data.gather(ps, ref_id, False, **dated)
        doc = action_log.render_action_log(log, ps.authority(), data_dir)
        return _Rendered(doc, ACTION_LOG, log.reference, log.title, log.confidential, has)
    assert ref_id is not None
    rec = recommendation.gather(ps, ref_id)
    use = confidential and rec.has_exempt
    doc = recommendation.render_recommendation(rec, use, data_dir)
    return _Rendered(doc, RECOMMENDATION, rec.reference, rec.title, use, rec.has_exempt)


def pack_paper(
    services: Any,
    title: str,
    body: str = "",
    meeting_date: dt.date | None = None,
    items: Sequence[Any] = (),
    out_path: Path | str | None = None,
    confidential: bool = False,
    by: str = "",
    progress: Progress = NO_PROGRESS,
    *,
    date: dt.date | None = None,
    data_dir: Path | None = None,
    page_numbers: bool = True,
) -> PackRecord:
    """Write a pack of ``items`` — (kind, id) pairs, kind "minutes" (a meeting id),
    "action_log" (a group id, or None for every group) or "recommendation" — to
    ``out_path``, and record it and the papers it holds.

    ``date`` is another name for ``meeting_date``. ``page_numbers``: lay the pack out
    with LibreOffice (where installed) to write the contents' page numbers; False leaves
    them for Word. Raises ``Cancelled`` when ``progress`` is cancelled (nothing written,
    nothing recorded), ValidationError for a pack with no title, no papers or nothing
    confidential in a confidential pack, and PaperWriteError when the file cannot be
    written.
    """
    ps = paper_services(services)
    name = one_line(title)
    if not name:
        raise ValidationError("Give the pack a title.", field="title")
    if out_path is None:
        raise ValidationError("Choose where to save the pack.", field="out")
    wanted = [_item_parts(item) for item in items]
    if not wanted:
        raise ValidationError("Choose at least one paper for the pack.", field="items")
    when = meeting_date if meeting_date is not None else date
    registry = ps.registry
    total = len(wanted)

    rendered: list[_Rendered] = []
    papers: list[PackPaper] = []
    for number, (kind, ref_id) in enumerate(wanted, start=1):
        progress.step(number - 1, total, f"Paper {number} of {total}")
        paper = _render(ps, kind, ref_id, confidential, data_dir, when)
        settled = settle_version(
            paper.document, registry, paper.kind, paper.reference, paper.confidential
        )
        rendered.append(paper)
        papers.append(
            PackPaper(
                number=number,
                kind=paper.kind,
                reference=paper.reference,
                title=paper.title,
                version=settled.version,
                sha256=settled.sha256,
                confidential=paper.confidential,
                has_confidential=paper.has_confidential,
                new_version=settled.new,
            )
        )
    if confidential and not any(p.confidential for p in papers):
        raise ValidationError(
            "None of these papers has confidential items, so there is only the public "
            "version of the pack.",
            field="confidential",
        )
    progress.step(total, total, "Putting the pack together")
    pack = compose(
        ps.authority(), name, body, when, confidential,
        [paper.document for paper in rendered], papers, data_dir,
    )
    how, note = PAGES_LEFT_FOR_WORD, NOT_ASKED
    if page_numbers:
        progress.step(total, total, "Numbering the contents' pages with LibreOffice")
        how, note = number_contents(pack, papers)
    progress.check()  # the last moment Cancel can stop it: nothing written yet
    record = publish(
        pack,
        Path(out_path),
        registry,
        kind=KIND,
        reference=pack_reference(name),
        title=name,
        confidential=confidential,
        by=by,
    )
    _record_papers(registry, papers, by)
    base = {name: getattr(record, name) for name in PaperRecord.__dataclass_fields__}
    return PackRecord(**base, page_numbers=how, page_numbers_note=note)


def _record_papers(registry: PaperRegistry, papers: Sequence[PackPaper], by: str) -> None:
    """Record each new version of a paper the pack holds (once, however often it holds it)."""
    seen: set[tuple[str, str, bool]] = set()
    for paper in papers:
        key = (paper.kind, paper.reference, paper.confidential)
        if key in seen or not paper.new_version:
            continue
        seen.add(key)
        registry.record(
            paper.kind,
            paper.reference,
            paper.title,
            paper.sha256,
            paper.confidential,
            by=by,
            version=paper.version,
        )


__all__ = [
    "CONFIDENTIAL_NOTE",
    "KIND",
    "PUBLIC_NOTE",
    "Cancelled",
    "PackPaper",
    "PackRecord",
    "pack_paper",
]
