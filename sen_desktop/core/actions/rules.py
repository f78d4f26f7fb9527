"""The action log's rules for what a person types: each breach is one sentence shown
beside its field (``ValidationError.field``). Plain functions, no store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sen_desktop.core.actions.records import (
    ACTION_STATUSES,
    BRAG_LABELS,
    BRAG_RATINGS,
    COMMENT_MAX,
    COMMENT_REQUIRED,
    DESCRIPTION_MAX,
    OWNER_TEXT_MAX,
    UPDATE_MAX,
)
from sen_desktop.core.errors import ValidationError
from sen_desktop.core.validation import check_date, clean_line, clean_text, uk_date

if TYPE_CHECKING:
    import datetime as dt


def limit(value: str, field: str, label: str, max_len: int) -> str:
    if len(value) > max_len:
        raise ValidationError(
            f"Shorten {label} to {max_len:,} characters or fewer (it has {len(value):,}).",
            field=field,
        )
    return value


def text_of(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError("Enter text here.", field=field)
    return value


def clean_description(value: object) -> str:
    text = clean_text(text_of(value, "description")).strip()
    if not text:
        raise ValidationError("Describe the action: what is to be done.", field="description")
    return limit(text, "description", "the description", DESCRIPTION_MAX)


def clean_comment(value: object) -> str:
    text = clean_text(text_of(value, "brag_comment")).strip()
    return limit(text, "brag_comment", "the rating comment", COMMENT_MAX)


def clean_owner_text(value: object) -> str:
    text = clean_line(text_of(value, "owner_text"))
    return limit(text, "owner_text", "the owner's name", OWNER_TEXT_MAX)


def clean_update(value: object) -> str:
    body = clean_text(text_of(value, "text")).strip()
    if not body:
        raise ValidationError("Write the progress update.", field="text")
    return limit(body, "text", "the update", UPDATE_MAX)


def check_status(value: object) -> str:
    if value not in ACTION_STATUSES:
        raise ValidationError(
            "Choose a status: open, in progress, done or dropped.", field="status"
        )
    return str(value)


def check_brag(value: object) -> str:
    if value not in BRAG_RATINGS:
        raise ValidationError("Choose a rating: Blue, Red, Amber, Green or Grey.", field="brag")
    return str(value)


def check_comment_rule(brag: str, comment: str) -> None:
    if brag in COMMENT_REQUIRED and not comment:
        raise ValidationError(
            f"Give a reason for the {BRAG_LABELS[brag]} rating.", field="brag_comment"
        )


def check_due(due: dt.date | None, meeting_date: dt.date | None) -> None:
    if due is not None and meeting_date is not None and due < meeting_date:
        raise ValidationError(
            f"The due date must be on or after the meeting date ({uk_date(meeting_date)}).",
            field="due_date",
        )


def optional_date(value: object, field: str, label: str) -> dt.date | None:
    return None if value is None else check_date(value, field, label)
