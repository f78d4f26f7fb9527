"""Consultations (issue 15).

Five new synced tables, all hanging off a consultation the Steering Group owns: the
consultation (title, purpose, audiences, open and close dates), the documents it
consults on, its events, the themes its responses raise with the change each led to
("you said, we did"), and the responses (respondent type, district, organisation,
contact details, text, themes, the proposal addressed). Only new tables: no existing
row changes, so a database of 0009 migrates in moments.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | Sequence[str] | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('consultation',
    sa.Column('group_id', sa.String(length=36), nullable=False),
    sa.Column('reference', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('audiences', sa.Text(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_consultation_group_id_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation'))
    )
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_reference'), ['reference'], unique=False)

    op.create_table('consultation_document',
    sa.Column('consultation_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.String(length=36), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_document_consultation_id_consultation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_document'))
    )
    with op.batch_alter_table('consultation_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_document_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_event',
    sa.Column('consultation_id', sa.String(length=36), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('attendance', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_event_consultation_id_consultation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_event'))
    )
    with op.batch_alter_table('consultation_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_event_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_theme',
    sa.Column('consultation_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('we_did', sa.Text(), nullable=False),
    sa.Column('change_kind', sa.String(length=20), nullable=False),
    sa.Column('change_target_id', sa.String(length=36), nullable=True),
    sa.Column('change_section', sa.String(length=40), nullable=False),
    sa.Column('change_label', sa.String(length=300), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_theme_consultation_id_consultation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_theme'))
    )
    with op.batch_alter_table('consultation_theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_theme_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_response',
    sa.Column('consultation_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('respondent_type', sa.String(length=30), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('themes', sa.Text(), nullable=False),
    sa.Column('document_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_response_consultation_id_consultation')),
    sa.ForeignKeyConstraint(['document_id'], ['consultation_document.id'], name=op.f('fk_consultation_response_document_id_consultation_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_response'))
    )
    with op.batch_alter_table('consultation_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_response_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_response_document_id'), ['document_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('consultation_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_response_document_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_response_consultation_id'))

    op.drop_table('consultation_response')
    with op.batch_alter_table('consultation_theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_theme_consultation_id'))

    op.drop_table('consultation_theme')
    with op.batch_alter_table('consultation_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_event_consultation_id'))

    op.drop_table('consultation_event')
    with op.batch_alter_table('consultation_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_document_consultation_id'))

    op.drop_table('consultation_document')
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_reference'))
        batch_op.drop_index(batch_op.f('ix_consultation_group_id'))

    op.drop_table('consultation')
