"""The action log's other orders from indexes too: due date, status and rating.

0006 indexes the log in reference order. These six do the same for ordering by due
date (undated last), by status (open first) and by rating (red first), one index for
each direction since the reference, which breaks ties, stays ascending either way. Each
carries every column a filter tests, as 0006's do, so a filtered page is read off the
index too. core/actions/listing.py writes the same expressions (``STATUS_RANK``,
``BRAG_RANK``, ``PREFIX``, ``NUMBER``): SQLite uses an index on expressions only for the
very same expressions. The owner and group orders read another table and cannot be
indexed here.

Like 0006's, these are invisible to Alembic's comparison with models.py and a batch
rebuild of ``action`` would drop them: tests/core/store/test_migrations.py checks they
exist at the head.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PREFIX = "substr(reference, 1, instr(reference, '-') - 1)"
_NUMBER = "CAST(substr(reference, instr(reference, '-') + 1) AS INTEGER)"
_TIES = f"{_PREFIX}, {_NUMBER}, id"
_FILTERED = "group_id, status, brag, due_date, owner_id, reference"
_STATUS = (
    "CASE status WHEN 'open' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'done' THEN 2 "
    "WHEN 'dropped' THEN 3 ELSE 4 END"
)
_BRAG = (
    "CASE brag WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 "
    "WHEN 'grey' THEN 3 WHEN 'blue' THEN 4 ELSE 5 END"
)
_INDEXES = {
    "ix_action_log_due": "due_date IS NULL, due_date",
    "ix_action_log_due_desc": "due_date IS NULL, due_date DESC",
    "ix_action_log_status": _STATUS,
    "ix_action_log_status_desc": f"{_STATUS} DESC",
    "ix_action_log_brag": _BRAG,
    "ix_action_log_brag_desc": f"{_BRAG} DESC",
}


def upgrade() -> None:
    for name, order in _INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON action (deleted, {order}, {_TIES}, {_FILTERED})")


def downgrade() -> None:
    for name in reversed(list(_INDEXES)):
        op.execute(f"DROP INDEX {name}")
