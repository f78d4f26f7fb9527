"""Policy documents (issue 15).

Four new synced tables, all hanging off a working group: its policy document, the
numbered versions of its six sections, members' comments on a version's sections, and
the append-only steps each version takes along the pathway (signed by a chair where a
chair approves). Only new tables: no existing row changes, so a database of 0008
migrates in moments.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | Sequence[str] | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('policy_document',
    sa.Column('group_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_policy_document_group_id_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_document'))
    )
    with op.batch_alter_table('policy_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_document_group_id'), ['group_id'], unique=False)

    op.create_table('policy_version',
    sa.Column('policy_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.String(length=40), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('principles', sa.Text(), nullable=False),
    sa.Column('continuum', sa.Text(), nullable=False),
    sa.Column('criteria', sa.Text(), nullable=False),
    sa.Column('roles', sa.Text(), nullable=False),
    sa.Column('monitoring', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['policy_id'], ['policy_document.id'], name=op.f('fk_policy_version_policy_id_policy_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_version'))
    )
    with op.batch_alter_table('policy_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_version_policy_id'), ['policy_id'], unique=False)

    op.create_table('policy_comment',
    sa.Column('version_id', sa.String(length=36), nullable=False),
    sa.Column('section', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.String(length=36), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['person.id'], name=op.f('fk_policy_comment_author_id_person')),
    sa.ForeignKeyConstraint(['version_id'], ['policy_version.id'], name=op.f('fk_policy_comment_version_id_policy_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_comment'))
    )
    with op.batch_alter_table('policy_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_comment_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_comment_version_id'), ['version_id'], unique=False)

    op.create_table('policy_event',
    sa.Column('version_id', sa.String(length=36), nullable=False),
    sa.Column('step', sa.String(length=40), nullable=False),
    sa.Column('group_id', sa.String(length=36), nullable=True),
    sa.Column('body_id', sa.String(length=36), nullable=True),
    sa.Column('meeting_id', sa.String(length=36), nullable=True),
    sa.Column('minute_number', sa.String(length=20), nullable=False),
    sa.Column('by_id', sa.String(length=36), nullable=True),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.Text(), nullable=False),
    sa.Column('signer_laptop', sa.String(length=36), nullable=True),
    sa.Column('after_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_policy_event_body_id_body')),
    sa.ForeignKeyConstraint(['by_id'], ['person.id'], name=op.f('fk_policy_event_by_id_person')),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_policy_event_group_id_group')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_policy_event_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['version_id'], ['policy_version.id'], name=op.f('fk_policy_event_version_id_policy_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_event'))
    )
    with op.batch_alter_table('policy_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_event_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_event_by_id'), ['by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_event_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_event_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_event_version_id'), ['version_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('policy_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_event_version_id'))
        batch_op.drop_index(batch_op.f('ix_policy_event_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_policy_event_group_id'))
        batch_op.drop_index(batch_op.f('ix_policy_event_by_id'))
        batch_op.drop_index(batch_op.f('ix_policy_event_body_id'))

    op.drop_table('policy_event')
    with op.batch_alter_table('policy_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_comment_version_id'))
        batch_op.drop_index(batch_op.f('ix_policy_comment_author_id'))

    op.drop_table('policy_comment')
    with op.batch_alter_table('policy_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_version_policy_id'))

    op.drop_table('policy_version')
    with op.batch_alter_table('policy_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_document_group_id'))

    op.drop_table('policy_document')