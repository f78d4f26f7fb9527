"""A leaner operation log: the unused ``ix_operation_hlc`` goes, and ``field_head`` is a
WITHOUT ROWID table.

Every query that orders operations by their clock first narrows them to one row
(``ix_operation_entity_row``) or one site (``ix_operation_site_counter``), so the index on
``hlc`` alone was never read; it was written for every operation (a tenth of an import's
writes). ``field_head`` is all primary key: as a rowid table SQLite kept every head twice
(the table and its primary-key index), as a WITHOUT ROWID table once. Its rows are kept.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 09:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: str | Sequence[str] | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('operation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_operation_hlc'))
    _rebuild_field_head(with_rowid=False)


def downgrade() -> None:
    _rebuild_field_head(with_rowid=True)
    with op.batch_alter_table('operation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_operation_hlc'), ['hlc'], unique=False)


def _rebuild_field_head(*, with_rowid: bool) -> None:
    """Copy ``field_head`` into a table of the same columns and key, with or without a
    rowid (batch mode: SQLite cannot change that in place), keeping every row."""
    with op.batch_alter_table(
        'field_head',
        schema=None,
        recreate='always',
        table_kwargs={'sqlite_with_rowid': with_rowid},
    ) as batch_op:
        # Nothing to alter: the rebuild itself is the change.
        batch_op.alter_column('op_id', existing_type=sa.String(length=60), nullable=False)
