"""The policies page's tables: the groups' policies, a version's steps, its comments.

Each says everything in words (the stage, whether a chair's step is signed), so nothing
is told by colour alone; a screen reader reads a row as its cells' text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt

from sen_desktop.core.policies.records import (
    CommentRecord,
    PolicySummary,
    StepRecord,
    day_of,
    signature_words,
)
from sen_desktop.gui.common.models import RecordTableModel

_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class PolicyTableModel(RecordTableModel[PolicySummary]):
    """One row per working group: its policy's title, newest version's stage, comments."""

    headers: ClassVar[tuple[str, ...]] = ("Group", "Policy", "Stage", "Comments", "Next step")

    def record_id(self, record: PolicySummary) -> Any:
        return record.group_id

    def row_of_group(self, group_id: str) -> int:
        for row, record in enumerate(self.records()):
            if record.group_id == group_id:
                return row
        return -1

    def cell(self, policy: PolicySummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and policy.id is not None:
            return policy.title  # the whole title, where the row shows it cut short
        if role not in _TEXT_ROLES:
            return None
        if policy.id is None:
            values = (policy.group_name, "—", policy.stage_label, "", "Start the policy")
        else:
            values = (policy.group_name, policy.title, policy.stage_label, str(policy.comments),
                      policy.next_action.removeprefix("Record: "))
        return values[column]


class StepTableModel(RecordTableModel[StepRecord]):
    """The steps the policy's versions took, oldest first."""

    headers: ClassVar[tuple[str, ...]] = (
        "Version", "Step", "Date", "Decided by", "Meeting and minute", "Signature", "Note"
    )

    def cell(self, step: StepRecord, column: int, role: int) -> Any:
        if role not in _TEXT_ROLES:
            return None
        minute = f", minute {step.minute_number}" if step.minute_number else ""
        values = (
            str(step.version),
            step.label,
            day_of(step.at),
            step.decided_by + (f" ({step.by_name})" if step.by_name else ""),
            (step.meeting + minute) if step.meeting else minute.removeprefix(", "),
            signature_words(step),
            step.note,
        )
        return values[column]


class CommentTableModel(RecordTableModel[CommentRecord]):
    """Members' comments on the version shown."""

    headers: ClassVar[tuple[str, ...]] = ("Section", "From", "Date", "Comment")

    def cell(self, comment: CommentRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return comment.text
        if role not in _TEXT_ROLES:
            return None
        values = (comment.section_title, comment.author_name, day_of(comment.at), comment.text)
        return values[column]


__all__ = ["CommentTableModel", "PolicyTableModel", "StepTableModel"]
