"""An action's history, from the operation log, as lines a person reads.

The operation log already holds every change to an action and to its progress updates;
this renders them: "12 Oct 2010 14:02 — status: open → in progress". Operations one save
wrote (same site, same millisecond) are read together, so a change of owner from a
person to an outside owner reads as one line, and a new rating carries its reason.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

from sen_desktop.core.actions.records import BRAG_LABELS, STATUS_LABELS
from sen_desktop.core.actions.wording import short_date
from sen_desktop.core.store.log_history import OpRecord, history
from sen_desktop.core.store.models import Person
from sen_desktop.core.validation import uk_date

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

_FIELD_LABELS: Final = {
    "due_date": "due date",
    "status": "status",
    "brag": "rating",
}
_QUOTE_MAX = 80


def _quote(text: object) -> str:
    one_line = " ".join(str(text or "").split())
    if len(one_line) > _QUOTE_MAX:
        one_line = one_line[: _QUOTE_MAX - 1].rstrip() + "…"
    return f"“{one_line}”"


def _when(op: OpRecord) -> str:
    local = op.when.astimezone()
    return f"{short_date(local.date())} {local:%H:%M}"


def _batches(ops: Sequence[OpRecord]) -> list[list[OpRecord]]:
    """Operations grouped by the save that wrote them (same site, same millisecond)."""
    out: list[list[OpRecord]] = []
    for op in ops:
        if out and (out[-1][-1].site_id, out[-1][-1].hlc.millis) == (op.site_id, op.hlc.millis):
            out[-1].append(op)
        else:
            out.append([op])
    return out


class _HistoryWriter:
    """Renders an action's operations (and its updates') as lines a person reads."""

    def __init__(self, s: Session) -> None:
        self._s = s
        self._names: dict[str, str] = {}

    def lines(self, action_id: str, update_ids: Sequence[str]) -> list[str]:
        dated: list[tuple[Any, int, str]] = []
        order = 0
        state: dict[str, Any] = {}
        for batch in _batches(history(self._s, "action", action_id)):
            for text in self._action_batch(batch, state):
                dated.append((batch[0].hlc, order, f"{_when(batch[0])} — {text}"))
                order += 1
        for update_id in update_ids:
            ustate: dict[str, Any] = {}
            for batch in _batches(history(self._s, "action_update", update_id)):
                for text in self._update_batch(batch, ustate):
                    dated.append((batch[0].hlc, order, f"{_when(batch[0])} — {text}"))
                    order += 1
        return [line for _, _, line in sorted(dated, key=lambda d: (d[0], d[1]))]

    def _person(self, person_id: str | None) -> str:
        if person_id is None:
            return ""
        if person_id not in self._names:
            person = self._s.get(Person, person_id)
            self._names[person_id] = person.full_name if person is not None else "someone"
        return self._names[person_id]

    def _owner(self, state: dict[str, Any]) -> str:
        return self._person(state.get("owner_id")) or state.get("owner_text") or "nobody"

    def _value(self, field: str, value: Any) -> str:
        if field == "status":
            return STATUS_LABELS.get(value, str(value)).lower()
        if field == "brag":
            return BRAG_LABELS.get(value, str(value))
        if field == "due_date":
            return uk_date(value) if isinstance(value, dt.date) else "none"
        return _quote(value) if value else "none"

    def _action_batch(self, batch: list[OpRecord], state: dict[str, Any]) -> list[str]:
        before = dict(state)
        for op in batch:
            state[op.field] = op.value
        if not before:  # the save that raised the action
            parts = [
                f"raised as {state.get('reference', 'an action')}: "
                f"{_quote(state.get('description'))}"
            ]
            owner = self._owner(state)
            if owner != "nobody":
                parts.append(f"owner {owner}")
            due = state.get("due_date")
            if isinstance(due, dt.date):
                parts.append(f"due {uk_date(due)}")
            return [", ".join(parts)]
        changed = {op.field for op in batch if before.get(op.field) != state[op.field]}
        lines: list[str] = []
        if "deleted" in changed:
            lines.append("action removed" if state["deleted"] else "action restored")
        if "description" in changed:
            lines.append(f"description changed to {_quote(state['description'])}")
        if changed & {"owner_id", "owner_text"}:
            old, new = self._owner(before), self._owner(state)
            if old != new:
                lines.append(f"owner: {old} → {new}")
        for field in ("due_date", "status", "brag"):
            if field in changed:
                label = _FIELD_LABELS[field]
                old_text = self._value(field, before.get(field))
                line = f"{label}: {old_text} → {self._value(field, state[field])}"
                if field == "brag" and state.get("brag_comment"):
                    line += f" ({_quote(state['brag_comment'])})"
                lines.append(line)
        if "brag_comment" in changed and "brag" not in changed:
            comment = state["brag_comment"]
            lines.append(
                f"rating comment: {_quote(comment)}" if comment else "rating comment removed"
            )
        return lines

    def _update_batch(self, batch: list[OpRecord], state: dict[str, Any]) -> list[str]:
        before = dict(state)
        for op in batch:
            state[op.field] = op.value
        day = state.get("date")
        dated = f" of {uk_date(day)}" if isinstance(day, dt.date) else ""
        if not before:
            by = self._person(state.get("by_id"))
            who = f" by {by}" if by else ""
            return [f"progress update{dated}{who}: {_quote(state.get('text'))}"]
        lines = []
        for field in dict.fromkeys(op.field for op in batch):
            if before.get(field) == state[field]:
                continue
            if field == "deleted":
                verb = "removed" if state[field] else "restored"
                lines.append(f"progress update{dated} {verb}")
            elif field == "text":
                lines.append(f"progress update{dated} changed to {_quote(state[field])}")
        return lines


def history_lines(s: Session, action_id: str, update_ids: Sequence[str]) -> list[str]:
    """The action's and its updates' changes, oldest first."""
    return _HistoryWriter(s).lines(action_id, update_ids)
