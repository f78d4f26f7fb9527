"""The policy documents' records: the list, a policy with its versions, comments and
steps, and the comparison of two versions.

Frozen dataclasses and pure functions only, no SQLAlchemy: the policies page and the
paper read these without loading the store. ``compare`` lines two versions up section
by section and says, word by word, what went and what came (difflib), so the window
can show the change in words and type faces, never by colour alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Final

from sen_desktop.core.policies.pathway import next_step
from sen_desktop.core.policies.vocabulary import (
    DRAFT,
    PUBLISHED,
    SECTION_TITLES,
    SECTIONS,
    STAGE_LABELS,
    STEP_ACTIONS,
)


@dataclass(frozen=True)
class PolicySummary:
    """One working group's line in the list: its policy (``id`` None when it has none
    yet), the newest version and the stage that version has reached."""

    group_id: str
    group_code: str
    group_name: str
    id: str | None = None
    title: str = ""
    version: int = 0
    stage: str = DRAFT
    next_step: str | None = None
    comments: int = 0
    #: The newest version published, when the newest version is not it (a revision
    #: under way leaves the published one in force); None when none is.
    published: int | None = None
    #: A step recorded on the newest version that does not count until its chair signs.
    awaiting: str | None = None

    @property
    def stage_label(self) -> str:
        if self.id is None:
            return "No policy yet"
        words = f"Version {self.version}: {STAGE_LABELS[self.stage]}"
        if self.awaiting is not None:
            words += f" (“{STAGE_LABELS[self.awaiting]}” awaits the chair's signature)"
        if self.published is not None and self.published != self.version:
            words += f" (version {self.published} published)"
        return words

    @property
    def in_force(self) -> int | None:
        """The version published and in force, if any."""
        return self.version if self.stage == PUBLISHED else self.published

    @property
    def next_action(self) -> str:
        if self.awaiting is not None:
            label = STAGE_LABELS[self.awaiting]
            return f"Awaiting the chair's signature: {label[:1].lower()}{label[1:]}"
        return STEP_ACTIONS[self.next_step] if self.next_step else "Published: start a new draft"


@dataclass(frozen=True)
class VersionRecord:
    id: str
    policy_id: str
    number: int
    started_at: str
    stage: str
    sections: tuple[str, ...]  # the text of each of SECTIONS, in its order
    content_hash: str
    #: The furthest step recorded, counted or not (``stage`` counts only the steps that
    #: count: a chair's once its signature verifies).
    recorded: str = DRAFT

    @property
    def is_draft(self) -> bool:
        """No step recorded: the working copy. Any step freezes the version."""
        return self.recorded == DRAFT

    @property
    def awaiting(self) -> str | None:
        """The step recorded after the stage that does not count yet (its chair has not
        signed it), if any."""
        return next_step(self.stage) if self.recorded != self.stage else None

    @property
    def stage_label(self) -> str:
        words = STAGE_LABELS[self.stage]
        if self.awaiting is not None:
            words += (f"; “{STAGE_LABELS[self.awaiting]}” recorded, awaiting the chair's "
                      "signature")
        return words

    @property
    def label(self) -> str:
        if self.is_draft:
            return f"Version {self.number} (draft)"
        return f"Version {self.number} ({STAGE_LABELS[self.stage]})"

    def text(self, section: str) -> str:
        return self.sections[SECTIONS.index(section)]


@dataclass(frozen=True)
class CommentRecord:
    id: str
    version_id: str
    version: int
    section: str
    author_id: str
    author_name: str
    text: str
    at: str  # ISO-8601 UTC

    @property
    def section_title(self) -> str:
        return SECTION_TITLES.get(self.section, self.section)


@dataclass(frozen=True)
class StepRecord:
    """One step a version took, as recorded, with what its signature is worth here."""

    id: str
    version_id: str
    version: int
    step: str
    decided_by: str  # "the Behaviour … Working Group", "the Senior Management Team"
    at: str  # ISO-8601 UTC
    by_id: str | None
    by_name: str
    meeting: str  # "BESD meeting 4, 12 October 2010", or ""
    minute_number: str
    note: str
    signed: bool
    verified: bool  # a chair's step: signed by the certified chair's laptop, text unchanged
    reason: str  # why it does not count as signed, in words; "" when it does or need not

    @property
    def label(self) -> str:
        return STAGE_LABELS.get(self.step, self.step)


@dataclass(frozen=True)
class SigningChoice:
    """A person this laptop may sign a step as: its certificate makes it their laptop
    as chair of the body deciding the next step."""

    person_id: str
    person_name: str


@dataclass(frozen=True)
class NextStep:
    """What the pathway button offers: the step, who decides, the meetings it may be
    recorded at and the chairs this laptop signs for."""

    step: str
    decided_by: str
    meetings: tuple[tuple[str, str], ...]  # (meeting id, label), newest first
    signers: tuple[SigningChoice, ...]
    signed: bool  # a chair approves this step

    @property
    def label(self) -> str:
        return STEP_ACTIONS[self.step]


@dataclass(frozen=True)
class PolicyDetail:
    summary: PolicySummary
    versions: tuple[VersionRecord, ...]  # oldest first
    comments: tuple[CommentRecord, ...]  # oldest first
    steps: tuple[StepRecord, ...]  # in the order they were taken

    @property
    def id(self) -> str:
        assert self.summary.id is not None
        return self.summary.id

    @property
    def current(self) -> VersionRecord:
        return self.versions[-1]

    def version(self, number: int) -> VersionRecord:
        for version in self.versions:
            if version.number == number:
                return version
        raise KeyError(number)

    def steps_of(self, version_id: str) -> tuple[StepRecord, ...]:
        return tuple(step for step in self.steps if step.version_id == version_id)

    def comments_on(self, version_id: str) -> tuple[CommentRecord, ...]:
        return tuple(c for c in self.comments if c.version_id == version_id)


# --- comparing two versions ----------------------------------------------------------------

SAME: Final = "same"
REMOVED: Final = "removed"
ADDED: Final = "added"


@dataclass(frozen=True)
class Segment:
    kind: str  # SAME, REMOVED or ADDED
    text: str


@dataclass(frozen=True)
class SectionComparison:
    section: str
    before: tuple[Segment, ...]  # the older text: SAME and REMOVED segments
    after: tuple[Segment, ...]  # the newer text: SAME and ADDED segments

    @property
    def title(self) -> str:
        return SECTION_TITLES[self.section]

    @property
    def changed(self) -> bool:
        return any(s.kind != SAME for s in self.before + self.after)


_WORDS = re.compile(r"\s+|[^\s]+")


def word_changes(before: str, after: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """The two texts cut into runs of words kept, removed (from ``before``) and added (in
    ``after``); whitespace travels with the words, so joining a side gives it back."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    left: list[Segment] = []
    right: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(left, SAME, "".join(old[i1:i2]))
            _append(right, SAME, "".join(new[j1:j2]))
            continue
        _append(left, REMOVED, "".join(old[i1:i2]))
        _append(right, ADDED, "".join(new[j1:j2]))
    return tuple(left), tuple(right)


def _append(out: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if out and out[-1].kind == kind:
        out[-1] = Segment(kind, out[-1].text + text)
    else:
        out.append(Segment(kind, text))


def compare(older: VersionRecord, newer: VersionRecord) -> tuple[SectionComparison, ...]:
    """Each section of two versions side by side, word by word."""
    out = []
    for section in SECTIONS:
        before, after = word_changes(older.text(section), newer.text(section))
        out.append(SectionComparison(section, before, after))
    return tuple(out)


def day_of(at: str) -> str:
    """ "12 October 2010": the UTC day of a stored instant, or the text as stored."""
    import datetime as dt

    from sen_desktop.core.dates import uk_date

    try:
        return uk_date(dt.datetime.fromisoformat(at).astimezone(dt.UTC).date())
    except ValueError:
        return at


def signature_words(step: StepRecord) -> str:
    """What a step's signature is worth, in words (never by colour alone)."""
    if step.verified and step.signed:
        return f"Signed by {step.by_name or 'the chair'}"
    if step.signed or step.reason:
        return f"Not counted as signed: {step.reason}" if step.signed else "Not signed by the chair"
    return "No signature needed"
