"""Alembic revisions of the store, one per schema version (the file names say which)."""
