"""Schema version 1: the store as daicho wrote it before the resolved model (the baseline; nothing to do).

Revision ID: 0001
Revises:
"""

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A store of schema 1 is stamped with this revision; nothing runs."""


def downgrade() -> None:
    raise NotImplementedError("daicho does not downgrade a store")
