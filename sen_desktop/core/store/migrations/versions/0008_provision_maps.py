"""Provision maps and criteria for access to specialist resourcing (issue 15).

Five new synced tables, all hanging off a working group: its provision entries and
gaps by district and tier, the numbered versions of its criteria for access and their
criteria, and which criteria a recommendation cites. Only new tables: no existing row
changes, so a database of 0007 migrates in moments.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "criteria_version",
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["group.id"], name=op.f("fk_criteria_version_group_id_group")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criteria_version")),
    )
    with op.batch_alter_table("criteria_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_criteria_version_group_id"), ["group_id"], unique=False
        )

    op.create_table(
        "provision_entry",
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("tier", sa.String(length=40), nullable=False),
        sa.Column("need_types", sa.Text(), nullable=False),
        sa.Column("age_from", sa.Integer(), nullable=False),
        sa.Column("age_to", sa.Integer(), nullable=False),
        sa.Column("district", sa.String(length=80), nullable=False),
        sa.Column("setting", sa.String(length=200), nullable=False),
        sa.Column("places", sa.Integer(), nullable=True),
        sa.Column("funding", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["group.id"], name=op.f("fk_provision_entry_group_id_group")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provision_entry")),
    )
    with op.batch_alter_table("provision_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provision_entry_group_id"), ["group_id"], unique=False)

    op.create_table(
        "access_criterion",
        sa.Column("version_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=40), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["criteria_version.id"],
            name=op.f("fk_access_criterion_version_id_criteria_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_criterion")),
    )
    with op.batch_alter_table("access_criterion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_access_criterion_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "provision_gap",
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("district", sa.String(length=80), nullable=False),
        sa.Column("tier", sa.String(length=40), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("recommendation_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["group.id"], name=op.f("fk_provision_gap_group_id_group")
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_provision_gap_recommendation_id_recommendation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provision_gap")),
    )
    with op.batch_alter_table("provision_gap", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provision_gap_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_provision_gap_recommendation_id"), ["recommendation_id"], unique=False
        )

    op.create_table(
        "recommendation_criterion",
        sa.Column("recommendation_id", sa.String(length=36), nullable=False),
        sa.Column("criterion_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["access_criterion.id"],
            name=op.f("fk_recommendation_criterion_criterion_id_access_criterion"),
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_criterion_recommendation_id_recommendation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_criterion")),
    )
    with op.batch_alter_table("recommendation_criterion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_criterion_criterion_id"), ["criterion_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recommendation_criterion_recommendation_id"),
            ["recommendation_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("recommendation_criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_criterion_recommendation_id"))
        batch_op.drop_index(batch_op.f("ix_recommendation_criterion_criterion_id"))

    op.drop_table("recommendation_criterion")
    with op.batch_alter_table("provision_gap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provision_gap_recommendation_id"))
        batch_op.drop_index(batch_op.f("ix_provision_gap_group_id"))

    op.drop_table("provision_gap")
    with op.batch_alter_table("access_criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_criterion_version_id"))

    op.drop_table("access_criterion")
    with op.batch_alter_table("provision_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provision_entry_group_id"))

    op.drop_table("provision_entry")
    with op.batch_alter_table("criteria_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criteria_version_group_id"))

    op.drop_table("criteria_version")
