"""The action log's indexes: its pages and counts come from them, not from a sort.

``ix_action_log`` orders the live actions by reference (the prefix, then the number, so
SG-2 comes before SG-10, then the id) and carries every column a filter tests, so the
first page is read straight off the index and any filter's count is counted in it
without touching the table. ``ix_action_log_group`` is the same within one group.
core/actions/listing.py writes the same expressions (``PREFIX``, ``NUMBER``) in its
queries: SQLite uses an index on expressions only for the very same expressions.

Expression indexes are invisible to Alembic's comparison with models.py (SQLAlchemy
does not reflect them), and a batch rebuild of ``action`` would drop them silently:
a later migration that rebuilds the table must create them again
(tests/core/store/test_migrations.py checks they exist at the head).

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PREFIX = "substr(reference, 1, instr(reference, '-') - 1)"
_NUMBER = "CAST(substr(reference, instr(reference, '-') + 1) AS INTEGER)"
_ORDER = f"{_PREFIX}, {_NUMBER}, id"
_FILTERED = "status, brag, due_date, owner_id, reference"


def upgrade() -> None:
    op.execute(
        f"CREATE INDEX ix_action_log ON action (deleted, {_ORDER}, group_id, {_FILTERED})"
    )
    op.execute(
        f"CREATE INDEX ix_action_log_group ON action (group_id, deleted, {_ORDER}, {_FILTERED})"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_action_log_group")
    op.execute("DROP INDEX ix_action_log")
