"""Schema version 3: the history of the inventory and the review log (issue 12).

Revision ID: 0003
Revises: 0002

Four new tables, kept across loads: `history_version`, `history_record`, `history_document` (inventory/history.py)
and `review`. Record tables of version 2 gained columns while the version stayed 2 (request_fee, complaints_desk,
compliant_system …), so a version-2 store's records are re-read and its tables rebuilt too; the state found
becomes version 1 of the history.
"""

import sqlalchemy as sa
from alembic import context, op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history_version",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("loaded_at", sa.String, nullable=False),
        sa.Column("label", sa.String), sa.Column("note", sa.String), sa.Column("sources", sa.String),
        sa.Column("git_commit", sa.String), sa.Column("git_dirty", sa.Boolean),
        sa.Column("content_hash", sa.String, nullable=False),
        sa.Column("records", sa.Integer, nullable=False), sa.Column("changed", sa.Integer, nullable=False),
    )
    op.create_table(
        "history_record",
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("since", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("until", sa.Integer), sa.Column("hash", sa.String, nullable=False),
    )
    op.create_index("ix_history_record_until", "history_record", ["until", "key"])
    op.create_table(
        "history_document",
        sa.Column("hash", sa.String, primary_key=True), sa.Column("document", sa.String, nullable=False),
    )
    op.create_table(
        "review",
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("reviewed_at", sa.String, nullable=False), sa.Column("reviewer", sa.String, nullable=False),
        sa.Column("note", sa.String), sa.Column("selector", sa.String), sa.Column("keys", sa.JSON),
        sa.Column("version", sa.Integer),
    )
    context.config.attributes["rebuild"] = True


def downgrade() -> None:
    raise NotImplementedError("daicho does not downgrade a store")
