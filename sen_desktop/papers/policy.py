"""A working group's policy document as a Word paper (issue 15).

Portrait, in the house style (docs/formats.md). The Project Plan asks each working
group for "a Policy document for the SEN dimension of need for approval by the
Strategy Steering Group, SMT and Members for consultation and publication"; the paper
prints one version of it:

- the header's banner line says what the version is, in words: "CONSULTATION DRAFT"
  while it is out to consultation, "DRAFT — not yet the council's policy" before, none
  once published -- and the first line of the body repeats it in capitals, so a page
  read alone, printed in black and white, still says it;
- the title, then the front sheet: the group and dimension, the version and its stage,
  and the pathway -- each step with its body, meeting, minute, date and whether a chair
  signed it, then the steps still to come;
- the version table: every version with the day it was started, the stage it reached
  and its steps' dates;
- the six sections, numbered, each paragraph as typed.

Members' comments are the group's working papers and are not printed. The paper is
dated by the version's latest step (else the day it was started), never the clock, so
the same version gives the same bytes on any day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from docx.shared import Cm

from sen_desktop.core.errors import ValidationError
from sen_desktop.core.policies.records import day_of, signature_words
from sen_desktop.core.policies.vocabulary import (
    CONSULTATION,
    DECIDERS,
    PUBLISHED,
    SECTION_TITLES,
    SECTIONS,
    STAGE_LABELS,
    STEPS,
)
from sen_desktop.papers.document import (
    CellText,
    PaperSetup,
    add_row,
    classification_for,
    heading,
    paragraph,
    start_paper,
    table,
    title_look,
)
from sen_desktop.papers.kinds import Listed
from sen_desktop.papers.output import PaperRecord, public_paper
from sen_desktop.papers.recommendation_front import grid
from sen_desktop.papers.text import one_line, paragraphs_of

if TYPE_CHECKING:
    from pathlib import Path

    from docx.document import Document
    from sqlalchemy.orm import Session, sessionmaker

    from sen_desktop.core.policies.records import PolicyDetail, StepRecord, VersionRecord

KIND: Final = "policy"
COMMAND_NAME: Final = "policy"
CONSULTATION_BANNER: Final = "CONSULTATION DRAFT"
DRAFT_BANNER: Final = "DRAFT — not yet the council's policy"
_FRONT_WIDTHS: Final = (Cm(4.5), Cm(11.5))
_VERSION_WIDTHS: Final = (Cm(2.2), Cm(3.6), Cm(4.6), Cm(5.6))
_WHO: Final = {"group": "the working group", "steering": "the Steering Group",
               "SMT": "the Senior Management Team", "Members": "Members"}


@dataclass(frozen=True)
class PolicyPaperData:
    """What the paper prints: core records only."""

    detail: PolicyDetail
    version: VersionRecord
    dimension: str

    @property
    def title(self) -> str:
        return one_line(self.detail.summary.title)

    @property
    def reference(self) -> str:
        return policy_reference(self.detail.summary.group_code, self.version.number)

    @property
    def steps(self) -> tuple[StepRecord, ...]:
        return self.detail.steps_of(self.version.id)

    @property
    def status(self) -> str:
        """ "Consultation draft", "Published", "Draft" -- what this version is."""
        if self.version.stage == PUBLISHED:
            return "Published"
        if self.version.stage == CONSULTATION:
            return "Consultation draft"
        return "Draft"

    @property
    def banner(self) -> str | None:
        if self.version.stage == PUBLISHED:
            return None
        return CONSULTATION_BANNER if self.version.stage == CONSULTATION else DRAFT_BANNER

    @property
    def date(self) -> dt.date | None:
        moments = [s.at for s in self.steps] or [self.version.started_at]
        try:
            return dt.datetime.fromisoformat(max(moments)).astimezone(dt.UTC).date()
        except ValueError:
            return None


def policy_reference(group_code: str, number: int) -> str:
    """ "BESD/POLICY-2": version 2 of the group's policy document."""
    return f"{one_line(group_code)}/POLICY-{number}"


def gather(session_factory: sessionmaker[Session], group_id: str,
           version: int | None = None) -> PolicyPaperData:
    """The group's policy at ``version`` (its newest by default); one sentence when the
    group has no policy or no such version."""
    from sen_desktop.core.policies.reading import policy_of_group, read_detail
    from sen_desktop.core.store.models import Group
    from sen_desktop.core.store.rows import live_row

    with session_factory() as s:
        group = live_row(s, Group, group_id, "This group no longer exists.", field="group")
        policy = policy_of_group(s, group.id)
        if policy is None:
            raise ValidationError(
                f"The {group.name} has no policy document yet; start it on the Policy "
                "documents page.",
                field="group",
            )
        detail = read_detail(s, policy)
        dimension = group.dimension or group.name
    numbers = [v.number for v in detail.versions]
    if version is None:
        return PolicyPaperData(detail, detail.current, dimension)
    if version not in numbers:
        raise ValidationError(
            f"The {detail.summary.group_name}'s policy has no version {version}; its "
            f"versions are {', '.join(str(n) for n in numbers)}.",
            field="version",
        )
    return PolicyPaperData(detail, detail.version(version), dimension)


def render_policy(data: PolicyPaperData, authority: str, data_dir: Path | None = None,
                  version: int = 1) -> Document:
    setup = PaperSetup(
        authority=authority,
        classification=classification_for(False),
        classification_reason="",
        reference=data.reference,
        version=version,
        draft_banner=data.banner,
        title=data.title,
        date=data.date,
    )
    document = start_paper("portrait", setup, data_dir)
    if data.banner:
        paragraph(document, data.banner.upper(), "Heading 3")
    title_look(paragraph(document, data.title, "Heading 1"))
    _front_sheet(document, data)
    _versions(document, data)
    for number, section in enumerate(SECTIONS, start=1):
        heading(document, f"{number}. {SECTION_TITLES[section]}", 2)
        for line in (paragraphs_of(data.version.text(section))
                     or ["This section has not been written yet."]):
            paragraph(document, line)
    return document


def _lower_first(words: str) -> str:
    """ "approved by SMT": the first letter only, so a body's initials stay capitals."""
    return words[:1].lower() + words[1:]


def _step_line(step: StepRecord) -> str:
    where = step.meeting + (f", minute {step.minute_number}" if step.minute_number else "")
    words = f"{step.label} — {step.decided_by}, {day_of(step.at)}"
    if where:
        words += f" ({where})"
    words += f". {signature_words(step)}."
    if step.note:
        words += f" {step.note}"
    return one_line(words)


def _front_sheet(document: Document, data: PolicyPaperData) -> None:
    sheet = grid(document, _FRONT_WIDTHS)
    taken = [s.step for s in data.steps]
    to_come = [s for s in STEPS if s not in taken]
    pathway = [_step_line(s) for s in data.steps] or ["No step taken yet: this is the draft."]
    if to_come:
        pathway.append("Still to come: " + "; ".join(
            f"{_lower_first(STAGE_LABELS[s])} ({_WHO[DECIDERS[s]]})" for s in to_come) + ".")
    summary = data.detail.summary
    rows: list[tuple[str, str | CellText]] = [
        ("By", summary.group_name),
        ("Dimension of need", data.dimension),
        ("Version", f"{data.version.number} of {len(data.detail.versions)}"),
        ("Status", CellText(data.status, bold=True)),
        ("Stage reached", data.version.stage_label),
        ("Pathway", "\n".join(pathway)),
        ("Versions", "See the table of versions below."),
    ]
    for label, value in rows:
        add_row(sheet, [CellText(label, bold=True), value])


def _versions(document: Document, data: PolicyPaperData) -> None:
    heading(document, "Versions", 2)
    grid = table(document, ["Version", "Started", "Stage reached", "Steps"],
                 widths=_VERSION_WIDTHS)
    for version in data.detail.versions:
        steps = data.detail.steps_of(version.id)
        dates = "; ".join(f"{s.label} {day_of(s.at)}" for s in steps) or "None yet"
        number = f"{version.number}" + (" (this)" if version.id == data.version.id else "")
        add_row(grid, [CellText(number, bold=version.id == data.version.id),
                       day_of(version.started_at) if version.started_at else "",
                       version.stage_label, dates])


def list_policies(session_factory: sessionmaker[Session],
                  group_id: str | None = None) -> list[Listed]:
    """The working groups' policies (of one group, or all in programme order): "BESD<TAB>
    <title> (version 2: Out to consultation)" -- the code is what ``paper policy`` takes."""
    from sen_desktop.core.policies.reading import read_overview

    with session_factory() as s:
        found = read_overview(s)
    return [
        Listed(p.id, p.group_code, f"{one_line(p.title)} ({p.stage_label[0].lower()}"
               f"{p.stage_label[1:]})", p.group_code)
        for p in found
        if p.id is not None and group_id in (None, p.group_id)
    ]


def policy_paper(source: Any, group_id: str, out_path: Path | str, by: str | None = None, *,
                 version: int | None = None, data_dir: Path | None = None) -> PaperRecord:
    """Write the group's policy (``version``, else its newest) to ``out_path`` and record
    it. ``source``: a session factory, PaperServices or the window's open programme."""
    return public_paper(source, lambda factory: gather(factory, group_id, version),
                        render_policy, out_path, kind=KIND, by=by, data_dir=data_dir)


__all__ = [
    "COMMAND_NAME",
    "CONSULTATION_BANNER",
    "KIND",
    "PolicyPaperData",
    "gather",
    "list_policies",
    "policy_paper",
    "policy_reference",
    "render_policy",
]
