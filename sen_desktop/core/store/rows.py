"""The one "live row or a sentence" helper every service uses.

Synced rows are never hard-deleted (docs/architecture.md "Data"): a row that another
laptop removed is still in the table with ``deleted`` set. A service that is handed an id
from a screen therefore asks for the row *and* that it is live, and otherwise raises one
sentence the person can act on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

from sen_desktop.core.errors import NotFoundError, SenError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class _Tombstoned(Protocol):
    deleted: bool


R = TypeVar("R", bound=_Tombstoned)


def live_row(
    session: Session,
    model: type[R],
    row_id: str | None,
    missing: str,
    *,
    field: str | None = None,
) -> R:
    """The live row ``model`` with ``row_id``, or raise ``missing``.

    ``missing`` is the sentence shown (e.g. "This meeting no longer exists; it may have
    been removed."). With ``field`` the error is a ``ValidationError`` the window shows
    beside that field (the person picked something that has since gone); without it, a
    ``NotFoundError``.
    """
    row = session.get(model, row_id) if row_id is not None else None
    if row is None or row.deleted:
        error: SenError = (
            ValidationError(missing, field=field) if field is not None else NotFoundError(missing)
        )
        raise error
    return row
