"""Schema version 2: the resolved model (issue 8).

Revision ID: 0002
Revises: 0001

Version 2 changed record tables (`recipient.parent` became the link table `recipient_parent`; `node` lost its
country; recipients gained `hosting`, `handles_data` …) and added two tables whose content is the resolved
reading of the inventory (`resolved_node`, `resolved_flow`). That content is computed by
`daicho.catalog.resolved` from the records, not by SQL: the honest upgrade re-reads the stored records and
re-derives every derived table from them, which is what `migrations.rebuild` does once all revisions ran.
"""

from alembic import context

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Ask for the rebuild from the stored records (migrations.upgrade runs it after the last revision)."""
    context.config.attributes["rebuild"] = True


def downgrade() -> None:
    raise NotImplementedError("daicho does not downgrade a store")
