"""Alembic's environment for daicho's store: migrations run on the connection (and inside the transaction)
that `daicho.inventory.migrations.upgrade` hands over; there is no alembic.ini and no URL here."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
