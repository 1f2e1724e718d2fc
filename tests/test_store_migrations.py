"""Store migrations (Alembic): a store of schema version 1 is upgraded in one transaction; a newer one is refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from daicho.catalog.resolved.build import resolved_rows
from daicho.inventory.db import ReadDB
from daicho.inventory.errors import StoreError
from daicho.inventory.migrations import SCHEMA_VERSION, OutdatedStore
from daicho.inventory.store import Store
from daicho.inventory.tables import SCHEMA_VERSION as TABLES_VERSION
from typer.testing import CliRunner

MAKE_V1 = Path(__file__).parent / "data" / "store_v1" / "make_v1.py"


def make_v1(url: str) -> None:
    """A store as daicho wrote it at schema version 1 (tests/data/store_v1: the old tables.py, unchanged)."""
    subprocess.run([sys.executable, str(MAKE_V1), url], check=True)


def test_schema_versions_agree():
    assert SCHEMA_VERSION == TABLES_VERSION == 3


def test_v1_store_is_upgraded_and_rederived(any_url):
    make_v1(any_url)
    with pytest.raises(OutdatedStore, match="schema version 1, written by an earlier daicho: run daicho upgrade"):
        ReadDB(any_url)
    assert Store(any_url).upgrade(resolved_rows) == 1
    with ReadDB(any_url) as db:
        assert db.value("SELECT value FROM meta WHERE key = 'schema_version'") == "3"
        assert db.value("SELECT version_num FROM alembic_version") == "0003"
        # v1's recipient.parent became the link table; the resolved model is derived from the records
        assert db.rows("SELECT recipient, parent FROM recipient_parent") == [
            {"recipient": "mailer_cloud", "parent": "mailer"}]
        nodes = {r["key"]: r for r in db.rows("SELECT key, party_kind, location FROM resolved_node")}
        assert nodes["mailer_cloud"]["party_kind"] == "subcontractor" and nodes["mailer"]["location"] == "US"
        flow = db.rows("SELECT boundary, border FROM resolved_flow WHERE key = 'crm_to_mailer'")[0]
        assert flow == {"boundary": "outsourcing", "border": "abroad"}
        history = db.rows("SELECT number, label FROM history_version")
        assert history == [{"number": 1, "label": "upgraded from schema 1"}]
        assert db.rows("SELECT file, line FROM record_source WHERE key = 'email'") == [
            {"file": "inventory.yaml", "line": 12}]
    inventory = Store(any_url).inventory()
    assert [i.key for i in inventory.items] == ["card_number", "email"]
    assert inventory.items[1].retention is not None
    assert Store(any_url).upgrade(resolved_rows) is None  # already current: nothing to do


def test_cli_upgrades_an_old_store_when_reading(sqlite_url):
    from daicho.cli.app import app

    make_v1(sqlite_url)
    result = CliRunner().invoke(app, ["list", "recipients", "--json", "--db", sqlite_url.removeprefix("sqlite:///")])
    assert result.exit_code == 0, result.output
    assert "mailer_cloud" in result.output


def test_failed_upgrade_changes_nothing(sqlite_url, monkeypatch):

    make_v1(sqlite_url)

    def broken(*_args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("daicho.inventory.store.write_inventory", broken)
    with pytest.raises(StoreError, match="disk on fire"):
        Store(sqlite_url).upgrade(resolved_rows)
    with pytest.raises(OutdatedStore):
        ReadDB(sqlite_url)  # still version 1: the transaction rolled back, Alembic's DDL included


def test_newer_store_is_refused(any_url, tmp_path):
    from conftest import load_into, write_manifest
    from sqlalchemy import text

    store = load_into(any_url, write_manifest(tmp_path, {"organization": {"key": "o", "name": "O"}}))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = '4' WHERE key = 'schema_version'"))
    message = "schema version 4, written by a newer daicho; this daicho reads versions up to 3"
    with pytest.raises(StoreError, match=message):
        ReadDB(any_url)
    with pytest.raises(StoreError, match=message):
        Store(any_url).upgrade(resolved_rows)


def test_a_read_command_opens_the_store_once(engoo_url, monkeypatch):
    """The connection that checked the store's version answers the command (a second one to a PostgreSQL
    server costs a connection and a cold server cache), and an old store is still upgraded first."""
    from daicho.cli.app import app

    opened: list[str] = []
    real_init = ReadDB.__init__

    def counting(self, url):
        opened.append(url)
        real_init(self, url)

    monkeypatch.setattr(ReadDB, "__init__", counting)
    result = CliRunner().invoke(app, ["where", "email", "--json", "--db", engoo_url])
    assert result.exit_code == 0, result.output
    assert len(opened) == 1


def test_an_old_store_is_upgraded_then_opened_for_the_command(sqlite_url):
    from daicho.cli.options import open_db

    make_v1(sqlite_url)
    with open_db(sqlite_url) as db:
        assert db.value("SELECT value FROM meta WHERE key = 'schema_version'") == "3"
